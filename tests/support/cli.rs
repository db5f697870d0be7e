//! Running the `customimage` binary the way the tests need it: no proxy from the environment
//! (it would take loopback traffic elsewhere), no colour (`NO_COLOR`; a test about colour
//! removes it), a hang guard, and output checks. Every test that runs the binary starts from
//! [`command`].

use std::path::Path;
use std::time::Duration;

use base64::Engine as _;

use super::write_file;

/// Far above any `--timeout` used by a test: a run that reaches it hangs, and fails the test.
pub const HANG_GUARD: Duration = Duration::from_secs(60);

pub struct Run {
    /// `None` when the process was killed (by the hang guard).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The run's output, invalid UTF-8 replaced.
    pub fn lossy(output: &std::process::Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The run's output, which must be UTF-8.
    pub fn utf8(output: std::process::Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    pub fn output(&self) -> String {
        format!("--- stdout\n{}--- stderr\n{}", self.stdout, self.stderr)
    }

    /// The exit code is `code`.
    pub fn assert_code(&self, code: i32) {
        assert_eq!(self.code, Some(code), "{}", self.output());
    }

    /// Each of `needles` is in standard output.
    pub fn assert_stdout_has(&self, needles: &[&str]) {
        self.assert_shown("stdout", &self.stdout, needles, true);
    }

    /// Each of `needles` is in standard error.
    pub fn assert_stderr_has(&self, needles: &[&str]) {
        self.assert_shown("stderr", &self.stderr, needles, true);
    }

    /// None of `needles` is in standard output.
    pub fn assert_stdout_lacks(&self, needles: &[&str]) {
        self.assert_shown("stdout", &self.stdout, needles, false);
    }

    /// None of `needles` is in standard error.
    pub fn assert_stderr_lacks(&self, needles: &[&str]) {
        self.assert_shown("stderr", &self.stderr, needles, false);
    }

    /// Whether each of `needles` is in `stream` (named `name`) is `wanted`.
    fn assert_shown(&self, name: &str, stream: &str, needles: &[&str], wanted: bool) {
        for needle in needles {
            let verdict = if wanted { "no" } else { "unwanted" };
            assert!(
                stream.contains(needle) == wanted,
                "{verdict} {needle:?} in {name}\n{}",
                self.output()
            );
        }
    }

    /// Neither the password nor the Basic header made of it appears anywhere.
    pub fn assert_secret_hidden(&self, user: &str, password: &str) {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        for shown in [&self.stdout, &self.stderr] {
            assert!(
                !shown.contains(password),
                "password shown:\n{}",
                self.output()
            );
            assert!(
                !shown.contains(&basic),
                "Basic header shown:\n{}",
                self.output()
            );
        }
    }
}

/// `customimage`, ready for arguments: `NO_COLOR=1`, no proxy variables, none of the machine's
/// trust or credential settings (a runner's `SSL_CERT_FILE` or `DOCKER_CONFIG` would change what
/// `check` trusts and says), the hang guard.
pub fn command() -> assert_cmd::Command {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("customimage");
    command.env("NO_COLOR", "1").timeout(HANG_GUARD);
    for variable in [
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
        "DOCKER_CONFIG",
        "REGISTRY_AUTH_FILE",
        "CUSTOMIMAGE_TEST_CERTS_D",
    ] {
        command.env_remove(variable);
    }
    for proxy in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        command.env_remove(proxy);
    }
    command
}

/// Runs `customimage ARGS…`.
pub fn customimage<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = command().args(args).output().expect("run customimage");
    Run::lossy(&output)
}

/// Runs `customimage ARGS…` with `env` set and `stdin` on standard input.
pub fn customimage_with<I, S>(args: I, env: &[(&str, &str)], stdin: Option<&str>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = command();
    command.args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    if let Some(stdin) = stdin {
        command.write_stdin(stdin.to_string());
    }
    Run::lossy(&command.output().expect("run customimage"))
}

/// `customimage check INPUT EXTRA…`.
pub fn customimage_check(input: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), input.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    customimage(args)
}

/// A values file with a `customImage` block; string values are written double-quoted.
pub fn values(settings: &[(&str, &str)]) -> String {
    let mut yaml = String::from("customImage:\n");
    for (key, value) in settings {
        let value = match *value {
            "true" | "false" => value.to_string(),
            text => serde_json::to_string(text).expect("quote"),
        };
        yaml.push_str(&format!("  {key}: {value}\n"));
    }
    yaml
}

/// `customimage check` on a values file with `settings`.
pub fn check_values(settings: &[(&str, &str)], extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_file(dir.path(), "values.yaml", &values(settings));
    customimage_check(&path, extra)
}
