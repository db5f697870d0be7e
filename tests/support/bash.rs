//! Running the real bash over a `.env` fixture, as the 2.x installer did
//! (`set -a; source .env; set +a`), in a sandbox where no command can be found: `PATH` is an
//! empty directory and the working directory a fresh temporary one. Fixtures that would run a
//! command only name commands that do not exist, and bash's "command not found" proves the
//! attempt without executing anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::api::{env_file_diagnostics, has_errors, parse_with, EnvFile, SourceFile};

/// The environment the tests give bash, and the tool as its process environment.
pub const ENVIRONMENT: &[(&str, &str)] = &[("HOME", "/home/tester"), ("VAR_FROM_ENV", "fromenv")];

/// Prints every shell variable after sourcing, as NUL-separated name/value pairs.
const SCRIPT: &str = r#"set -a; source "$1"; set +a
for customimage_k in $(compgen -v); do printf '%s\0%s\0' "$customimage_k" "${!customimage_k}"; done"#;

pub struct BashRun {
    /// Variables bash's `source` assigned or changed (bash's own bookkeeping excluded).
    pub assigned: BTreeMap<String, String>,
    /// Every variable after sourcing.
    pub all: BTreeMap<String, String>,
    pub stderr: String,
}

/// The `bash` binary; the test fails (never skips) without one.
pub fn bash() -> PathBuf {
    let path = std::env::var_os("PATH").expect("PATH is set");
    std::env::split_paths(&path)
        .map(|dir| dir.join("bash"))
        .find(|candidate| candidate.is_file())
        .expect("bash must be installed: the .env reader is tested against it")
}

/// Sources `file` in the sandbox; compares with sourcing an empty file to tell what it assigned.
pub fn run(file: &Path) -> BashRun {
    let all = source(file);
    let baseline = source(Path::new("/dev/null"));
    let assigned = all
        .all
        .iter()
        .filter(|(name, value)| !is_bookkeeping(name) && baseline.all.get(*name) != Some(value))
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    BashRun {
        assigned,
        all: all.all,
        stderr: all.stderr,
    }
}

struct Sourced {
    all: BTreeMap<String, String>,
    stderr: String,
}

fn source(file: &Path) -> Sourced {
    let sandbox = tempfile::tempdir().expect("temp dir");
    let empty_bin = sandbox.path().join("empty-bin");
    std::fs::create_dir(&empty_bin).expect("empty bin dir");
    let file = std::fs::canonicalize(file).expect("fixture path");
    let output = Command::new(bash())
        .env_clear()
        .env("PATH", &empty_bin)
        .envs(ENVIRONMENT.iter().copied())
        .current_dir(sandbox.path())
        .arg("-c")
        .arg(SCRIPT)
        .arg("customimage-test")
        .arg(&file)
        .output()
        .expect("run bash");
    let mut all = BTreeMap::new();
    let mut fields = output.stdout.split(|&b| b == 0);
    while let (Some(name), Some(value)) = (fields.next(), fields.next()) {
        all.insert(
            String::from_utf8_lossy(name).into_owned(),
            String::from_utf8(value.to_vec()).expect("fixture values are UTF-8"),
        );
    }
    Sourced {
        all,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Variables bash updates on its own between two runs.
pub fn is_bookkeeping(name: &str) -> bool {
    name.starts_with("BASH")
        || matches!(
            name,
            "_" | "PATH"
                | "DIRSTACK"
                | "PWD"
                | "OLDPWD"
                | "RANDOM"
                | "SRANDOM"
                | "SECONDS"
                | "EPOCHSECONDS"
                | "EPOCHREALTIME"
                | "LINENO"
                | "PPID"
                | "HISTCMD"
                | "PIPESTATUS"
                | "FUNCNAME"
        )
}

/// The `.env` fixtures, sorted by name.
pub fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/env");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/env")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "env"))
        .collect();
    files.sort();
    files
}

pub fn name(path: &Path) -> String {
    path.file_name()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

/// The tool's reading of `file`, with [`ENVIRONMENT`] as the process environment.
pub fn read(file: &Path) -> (SourceFile, EnvFile) {
    let source = SourceFile::read(file.to_str().expect("UTF-8 path")).expect("fixture readable");
    let lookup = |name: &str| {
        ENVIRONMENT
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    };
    let env = parse_with(&source, &lookup);
    (source, env)
}

/// Whether the reader refused something in the file (an error-level finding).
pub fn refused(env: &EnvFile) -> bool {
    has_errors(&env_file_diagnostics(env))
}
