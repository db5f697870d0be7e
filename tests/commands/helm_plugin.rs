//! The Helm plugin, run the way Helm runs it. There is no `helm` binary here, so this file does
//! what Helm's plugin code does (helm/helm `internal/plugin`, `pkg/cmd/load_plugins.go`), step by
//! step:
//!
//! - `helm plugin install DIR` links `$HELM_PLUGINS/<basename of DIR>` to DIR, reads its
//!   `plugin.yaml`, then runs the install hook: for the Helm 3 format `sh -c <hook>`, for Helm 4's
//!   `apiVersion: v1` the `platformHooks` command; from the user's working directory, with the
//!   process environment plus HELM_PLUGIN_NAME, HELM_PLUGIN_DIR and Helm's settings.
//! - `helm customimage ARGS…` takes Helm's global flags out of ARGS (`-n`/`--namespace`,
//!   `--kube-context`, … become HELM_NAMESPACE, HELM_KUBECONTEXT), picks the `platformCommand`
//!   for this OS and architecture, splits its `command` on spaces, expands `$VAR`/`${VAR}` in each
//!   part and in `args`, appends the remaining ARGS, and runs it in the user's directory with
//!   the same environment; its exit status becomes helm's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[derive(Clone, Copy, Debug)]
enum Format {
    /// The root `plugin.yaml` (Helm 3; Helm 4 reads it as a legacy plugin).
    Helm3,
    /// `helm-plugin/v1/plugin.yaml` (Helm 4, `apiVersion: v1`).
    Helm4,
}

impl Format {
    const ALL: [Format; 2] = [Format::Helm3, Format::Helm4];

    /// The directory the user installs, inside a checkout.
    fn source(self, checkout: &Path) -> PathBuf {
        match self {
            Format::Helm3 => checkout.to_path_buf(),
            Format::Helm4 => checkout.join("helm-plugin/v1"),
        }
    }
}

/// YAML → JSON as Helm reads plugin.yaml (sigs.k8s.io/yaml), with PyYAML from the test venv.
fn yaml_file(path: &Path) -> Value {
    let out = Command::new(Path::new(ROOT).join(".venv/bin/python"))
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(path)
        .output()
        .expect("the .venv of scripts/setup.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Go's runtime.GOOS / GOARCH for this machine.
fn go_platform() -> (&'static str, &'static str) {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    (std::env::consts::OS, arch)
}

/// Helm's getPlatformCommand: exact OS+arch match, else the first OS match without arch, else
/// the first entry with neither.
fn platform_command(cmds: &[Value]) -> (Vec<String>, Vec<String>) {
    let (os, arch) = go_platform();
    let field = |c: &Value, k: &str| c[k].as_str().unwrap_or("").to_string();
    let args = |c: &Value| -> Vec<String> {
        c["args"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let split = |c: &Value| field(c, "command").split(' ').map(str::to_string).collect();
    let (mut found, mut found_os) = (None, false);
    for c in cmds {
        let (c_os, c_arch) = (field(c, "os"), field(c, "arch"));
        if c_os.eq_ignore_ascii_case(os) && c_arch.eq_ignore_ascii_case(arch) {
            return (split(c), args(c));
        }
        if (!c_os.is_empty() && !c_os.eq_ignore_ascii_case(os)) || !c_arch.is_empty() {
            continue;
        }
        if !found_os && !c_os.is_empty() {
            found = Some((split(c), args(c)));
            found_os = true;
        } else if found.is_none() {
            found = Some((split(c), args(c)));
        }
    }
    found.expect("no plugin command is applicable")
}

/// Go's os.Expand: `$NAME` and `${NAME}`, unknown names empty.
fn expand(s: &str, env: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, used) = if let Some(braced) = after.strip_prefix('{') {
            let end = braced.find('}').unwrap();
            (&braced[..end], end + 2)
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        out.push_str(env.get(name).map(String::as_str).unwrap_or(""));
        rest = &after[used..];
    }
    out.push_str(rest);
    out
}

/// Helm's manuallyProcessArgs for the flags this test uses: the namespace and kube context are
/// Helm's; everything else goes to the plugin.
fn split_helm_flags(args: &[&str]) -> (Option<String>, Vec<String>) {
    let (mut namespace, mut unknown) = (None, Vec::new());
    let mut i = 0;
    while i < args.len() {
        match args[i] {
            "-n" | "--namespace" | "--kube-context" => {
                if args[i] != "--kube-context" {
                    namespace = args.get(i + 1).map(|s| s.to_string());
                }
                i += 1;
            }
            a if a.starts_with("--namespace=") => namespace = Some(a[12..].to_string()),
            a => unknown.push(a.to_string()),
        }
        i += 1;
    }
    (namespace, unknown)
}

/// A machine with Helm's directories, a user's working directory and a PATH.
struct Machine {
    _dirs: tempfile::TempDir,
    checkout: PathBuf,
    plugins: PathBuf,
    work: PathBuf,
    path: String,
    format: Format,
}

impl Machine {
    /// A fresh checkout of the plugin's files (as `helm plugin install <git URL>` clones), its
    /// plugin directory linked into HELM_PLUGINS, and PATH = `extra_path` + the system's.
    fn new(format: Format, with_customimage_on_path: bool) -> Machine {
        let dirs = tempfile::tempdir().unwrap();
        let checkout = dirs.path().join("customimage-checkout");
        std::fs::create_dir_all(checkout.join("helm-plugin/v1")).unwrap();
        for file in [
            "plugin.yaml",
            "helm-plugin/run.sh",
            "helm-plugin/install.sh",
            "helm-plugin/v1/plugin.yaml",
        ] {
            std::fs::copy(Path::new(ROOT).join(file), checkout.join(file)).unwrap();
        }
        let plugins = dirs.path().join("helm/plugins");
        std::fs::create_dir_all(&plugins).unwrap();
        let source = format.source(&checkout);
        std::os::unix::fs::symlink(&source, plugins.join(source.file_name().unwrap())).unwrap();
        let work = dirs.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        let bin = dirs.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        if with_customimage_on_path {
            std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_customimage"), bin.join("customimage"))
                .unwrap();
        }
        Machine {
            checkout,
            plugins,
            work,
            path: format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display()),
            _dirs: dirs,
            format,
        }
    }

    fn bin_dir(&self) -> PathBuf {
        PathBuf::from(self.path.split(':').next().unwrap())
    }

    fn plugin_dir(&self) -> PathBuf {
        let source = self.format.source(&self.checkout);
        self.plugins.join(source.file_name().unwrap())
    }

    fn metadata(&self) -> Value {
        yaml_file(&self.plugin_dir().join("plugin.yaml"))
    }

    /// The environment Helm gives a plugin: its own (PATH, HOME, …), then its settings, then the
    /// plugin's name and directory.
    fn env(&self, namespace: &str) -> BTreeMap<String, String> {
        let mut env = BTreeMap::new();
        env.insert("PATH".into(), self.path.clone());
        env.insert("HOME".into(), self.work.display().to_string());
        env.insert("HELM_BIN".into(), "/usr/local/bin/helm".into());
        env.insert("HELM_DEBUG".into(), "false".into());
        env.insert("HELM_PLUGINS".into(), self.plugins.display().to_string());
        env.insert("HELM_NAMESPACE".into(), namespace.into());
        env.insert("HELM_KUBECONTEXT".into(), String::new());
        env.insert("HELM_PLUGIN_NAME".into(), "customimage".into());
        env.insert(
            "HELM_PLUGIN_DIR".into(),
            self.plugin_dir().display().to_string(),
        );
        env
    }

    fn spawn(&self, main: &str, args: &[String], env: &BTreeMap<String, String>) -> Output {
        Command::new(main)
            .args(args)
            .env_clear()
            .envs(env)
            .current_dir(&self.work)
            .output()
            .unwrap()
    }

    /// `helm plugin install` / `helm plugin update`: the hook for `event`.
    fn hook(&self, event: &str) -> Output {
        let meta = self.metadata();
        let env = self.env("default");
        match self.format {
            Format::Helm3 => {
                let hook = meta["hooks"][event].as_str().unwrap().to_string();
                self.spawn("sh", &["-c".into(), hook], &env)
            }
            Format::Helm4 => {
                let cmds = meta["runtimeConfig"]["platformHooks"][event]
                    .as_array()
                    .unwrap();
                // Hook arguments are not expanded by Helm for v1 plugins: the shell does it.
                let (parts, args) = platform_command(cmds);
                let mut argv: Vec<String> = parts[1..].to_vec();
                argv.extend(args);
                self.spawn(&parts[0], &argv, &env)
            }
        }
    }

    /// `helm ARGS…` where ARGS starts with `customimage`; `helm_namespace` is the namespace Helm
    /// would use without `-n` (HELM_NAMESPACE or the kube context's; Helm's own default is
    /// `default`).
    fn helm(&self, args: &[&str], helm_namespace: &str) -> Output {
        assert_eq!(args[0], "customimage");
        let (namespace, extra) = split_helm_flags(&args[1..]);
        let env = self.env(namespace.as_deref().unwrap_or(helm_namespace));
        let meta = self.metadata();
        let (cmds, ignore_flags) = match self.format {
            Format::Helm3 => (&meta["platformCommand"], &meta["ignoreFlags"]),
            Format::Helm4 => (
                &meta["runtimeConfig"]["platformCommand"],
                &meta["config"]["ignoreFlags"],
            ),
        };
        let (parts, args) = platform_command(cmds.as_array().unwrap());
        let main = expand(&parts[0], &env);
        let mut argv: Vec<String> = parts[1..].iter().map(|p| expand(p, &env)).collect();
        argv.extend(args.iter().map(|a| expand(a, &env)));
        if !ignore_flags.as_bool().unwrap_or(false) {
            argv.extend(extra);
        }
        self.spawn(&main, &argv, &env)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.work.join(name), text).unwrap();
    }
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const GOOD: &str = "customImage:\n  registryEndpoint: docker.io\n  registryUsername: my-dockerhub-user\n  registryPassword: dckr_pat_plugin-test-0042\n  pushRepo: docker.io/my-dockerhub-user/images\n";
const TYPO: &str = "customImage:\n  registryEndpoint: https://gcr.io\n  pushRepoPerfix: gcr.io/my-project/images\n";

#[test]
fn both_plugin_files_name_the_plugin_and_this_version() {
    let version = env!("CARGO_PKG_VERSION");
    let helm3 = yaml_file(&Path::new(ROOT).join("plugin.yaml"));
    assert_eq!(helm3["name"], "customimage");
    assert_eq!(helm3["version"], version);
    assert!(helm3.get("apiVersion").is_none());
    assert!(helm3["platformCommand"].as_array().unwrap().len() >= 2);
    for event in ["install", "update"] {
        assert!(helm3["hooks"][event].is_string(), "{event}");
    }
    let helm4 = yaml_file(&Path::new(ROOT).join("helm-plugin/v1/plugin.yaml"));
    assert_eq!(helm4["apiVersion"], "v1");
    assert_eq!(helm4["type"], "cli/v1");
    assert_eq!(helm4["runtime"], "subprocess");
    assert_eq!(helm4["name"], "customimage");
    assert_eq!(helm4["version"], version);
    for event in ["install", "update"] {
        assert!(
            helm4["runtimeConfig"]["platformHooks"][event].is_array(),
            "{event}"
        );
    }
}

#[test]
fn install_uses_a_customimage_already_on_path() {
    for format in Format::ALL {
        let machine = Machine::new(format, true);
        for event in ["install", "update"] {
            let out = machine.hook(event);
            assert!(out.status.success(), "{format:?} {event}: {}", text(&out));
            assert!(text(&out).contains("using "), "{format:?}: {}", text(&out));
        }
        assert!(!machine.checkout.join("bin").exists());
        let out = machine.helm(&["customimage", "--version"], "default");
        assert!(out.status.success(), "{format:?}: {}", text(&out));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")),
            "{}",
            text(&out)
        );
    }
}

#[test]
fn install_builds_the_checkout_with_cargo_when_customimage_is_missing() {
    for format in Format::ALL {
        let machine = Machine::new(format, false);
        // A stand-in for cargo that records its arguments and installs the real binary where
        // `--root` says (a real `cargo install` of this crate is what the pre-commit test runs).
        let log = machine.work.join("cargo.log");
        let fake = format!(
            "#!/bin/sh\necho \"$@\" > '{}'\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\nmkdir -p \"$root/bin\" && ln -s '{}' \"$root/bin/customimage\"\n",
            log.display(),
            env!("CARGO_BIN_EXE_customimage")
        );
        let cargo = machine.bin_dir().join("cargo");
        std::fs::write(&cargo, fake).unwrap();
        let mut perms = std::fs::metadata(&cargo).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&cargo, perms).unwrap();

        let out = machine.hook("install");
        assert!(out.status.success(), "{format:?}: {}", text(&out));
        let checkout = std::fs::canonicalize(&machine.checkout).unwrap();
        let args = std::fs::read_to_string(&log).unwrap();
        assert!(
            args.contains("install --locked")
                && args.contains(&format!("--path {}", checkout.display()))
                && args.contains(&format!("--root {}", checkout.display())),
            "{args}"
        );
        // The command now finds the built binary although none is on PATH.
        let out = machine.helm(&["customimage", "--version"], "default");
        assert!(out.status.success(), "{format:?}: {}", text(&out));
    }
}

#[test]
fn install_without_customimage_or_cargo_fails_and_says_what_to_do() {
    for format in Format::ALL {
        let machine = Machine::new(format, false);
        let out = machine.hook("install");
        assert!(!out.status.success(), "{format:?}: {}", text(&out));
        assert!(text(&out).contains("rustup"), "{}", text(&out));
        let out = machine.helm(&["customimage", "lint", "values.yaml"], "default");
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(
            text(&out).contains("put customimage on PATH"),
            "{}",
            text(&out)
        );
    }
}

#[test]
fn helm_customimage_lint_reads_the_users_files_and_keeps_the_exit_status() {
    for format in Format::ALL {
        let machine = Machine::new(format, true);
        machine.write("values.yaml", GOOD);
        machine.write("typo.yaml", TYPO);
        let good = machine.helm(
            &["customimage", "lint", "values.yaml", "-n", "hub"],
            "default",
        );
        assert_eq!(good.status.code(), Some(0), "{format:?}: {}", text(&good));
        // Helm's way of naming values files.
        let bad = machine.helm(&["customimage", "lint", "-f", "typo.yaml"], "default");
        assert_eq!(bad.status.code(), Some(1), "{format:?}: {}", text(&bad));
        assert!(text(&bad).contains("unknown-key"), "{}", text(&bad));
        assert!(text(&bad).contains("pushRepoPrefix"), "{}", text(&bad));
        let json = machine.helm(
            &[
                "customimage",
                "lint",
                "--format",
                "json",
                "--values=values.yaml",
                "--values",
                "typo.yaml",
            ],
            "default",
        );
        let report: Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(report["files"][0]["path"], "values.yaml");
        assert_eq!(report["files"][1]["path"], "typo.yaml");
    }
}

#[test]
fn helms_namespace_is_the_default_namespace() {
    for format in Format::ALL {
        let machine = Machine::new(format, true);
        machine.write("values.yaml", GOOD);
        let namespace_of = |out: &Output| -> Vec<String> {
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            let mut found: Vec<String> = stdout
                .lines()
                .filter_map(|l| l.trim().strip_prefix("namespace: "))
                .map(|ns| ns.trim_matches('"').to_string())
                .collect();
            found.dedup();
            found
        };
        // `-n` on helm's command line (before or after the plugin's arguments).
        let out = machine.helm(
            &["customimage", "render", "values.yaml", "-n", "team-a"],
            "default",
        );
        assert!(out.status.success(), "{format:?}: {}", text(&out));
        assert_eq!(namespace_of(&out), ["team-a"], "{}", text(&out));
        let out = machine.helm(
            &["customimage", "--namespace=team-c", "render", "values.yaml"],
            "default",
        );
        assert_eq!(namespace_of(&out), ["team-c"], "{}", text(&out));
        // HELM_NAMESPACE or the kube context's namespace, as Helm resolved it.
        let out = machine.helm(&["customimage", "render", "values.yaml"], "team-b");
        assert_eq!(namespace_of(&out), ["team-b"], "{}", text(&out));
    }
}

#[test]
fn helm_customimage_diff_keeps_the_detailed_exit_codes() {
    for format in Format::ALL {
        let machine = Machine::new(format, true);
        machine.write("deployed.yaml", GOOD);
        machine.write("same.yaml", GOOD);
        machine.write(
            "values.yaml",
            &GOOD.replace("my-dockerhub-user/images", "my-dockerhub-user/other"),
        );
        let same = machine.helm(
            &[
                "customimage",
                "diff",
                "deployed.yaml",
                "same.yaml",
                "--detailed-exitcode",
                "-n",
                "hub",
            ],
            "default",
        );
        assert_eq!(same.status.code(), Some(0), "{format:?}: {}", text(&same));
        let changed = machine.helm(
            &[
                "customimage",
                "diff",
                "deployed.yaml",
                "values.yaml",
                "--detailed-exitcode",
                "-n",
                "hub",
            ],
            "default",
        );
        assert_eq!(
            changed.status.code(),
            Some(2),
            "{format:?}: {}",
            text(&changed)
        );
        assert!(
            text(&changed).contains("my-dockerhub-user/other"),
            "{}",
            text(&changed)
        );
        // A new password changes the push secret, whose namespace is in the diff's context.
        machine.write(
            "rotated.yaml",
            &GOOD.replace("dckr_pat_plugin-test-0042", "dckr_pat_plugin-test-0043"),
        );
        let manifests = machine.helm(
            &[
                "customimage",
                "diff",
                "deployed.yaml",
                "rotated.yaml",
                "--manifests",
                "--context",
                "20",
                "-n",
                "team-a",
            ],
            "default",
        );
        assert!(
            text(&manifests).contains("namespace: \"team-a\""),
            "{format:?}: {}",
            text(&manifests)
        );
    }
}
