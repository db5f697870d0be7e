//! Helpers shared by the `migrate` integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A path below the crate root.
pub fn root(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// `customimage` with colours off, so that stderr can be matched as text.
pub fn customimage() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("customimage").expect("the binary is built");
    cmd.env("NO_COLOR", "1").arg("--color").arg("never");
    cmd
}

/// Loads each YAML document with PyYAML's `safe_load` (a YAML 1.1 reader, as Helm's is) and
/// returns it as JSON. A value JSON cannot hold (a date, a set) comes back as a string saying
/// so, which then fails the comparison with a readable message.
pub fn yaml11_load(docs: &[String]) -> Vec<serde_json::Value> {
    let python = root(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/setup.sh (PyYAML is needed to check YAML 1.1 round trips)",
        python.display()
    );
    let script = r#"
import json, sys, yaml
docs = json.loads(sys.stdin.buffer.read().decode("utf-8"))
out = [yaml.safe_load(d) for d in docs]
sys.stdout.write(json.dumps(out, ensure_ascii=True,
    default=lambda o: "<not a string: %s %r>" % (type(o).__name__, o)))
"#;
    let mut child = Command::new(&python)
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(docs).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "PyYAML failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python printed JSON")
}

/// `KEY='value'` as bash reads it back byte for byte: single quotes, `'\''` for a quote.
pub fn env_line(key: &str, value: &str) -> String {
    format!("{key}='{}'\n", value.replace('\'', r"'\''"))
}

/// The unix mode bits of `path`.
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `migrate ENV --into VALUES` (ENV below the crate root).
pub fn migrate_into(env: &str, values: &Path) -> Run {
    let out = customimage()
        .arg("migrate")
        .arg(root(env))
        .arg("--into")
        .arg(values)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Writes `text` to `values.yaml` in a fresh directory.
pub fn values_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("values.yaml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}
