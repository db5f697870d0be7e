//! Helpers for the `render` and `diff` integration tests: the binary, fixtures, and PyYAML (a
//! YAML 1.1 reader, as Helm's is, and independent of our own) to read what we emit.
#![allow(dead_code)] // each test binary uses a part

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> String {
    root()
        .join("fixtures")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

pub fn customimage() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("customimage").expect("the binary");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// A tool from the test virtualenv; fails (never skips) when `scripts/setup.sh` was not run.
pub fn venv_tool(name: &str) -> PathBuf {
    let path = root().join(".venv/bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run scripts/setup.sh to install the test tools",
        path.display()
    );
    path
}

/// Every document of a YAML stream, read by PyYAML's `safe_load_all`, as JSON.
pub fn pyyaml_load_all(text: &str) -> Vec<serde_json::Value> {
    let script = "import sys, json, yaml\n\
                  docs = [d for d in yaml.safe_load_all(sys.stdin.read()) if d is not None]\n\
                  print(json.dumps(docs, default=str))";
    let mut child = Command::new(venv_tool("python"))
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write to python");
    let out = child.wait_with_output().expect("python finishes");
    assert!(
        out.status.success(),
        "PyYAML refused the output: {}\n--- text ---\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python printed JSON")
}

pub fn b64_decode(text: &str) -> String {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("valid base64");
    String::from_utf8(bytes).expect("UTF-8")
}

/// The document of `kind` in a loaded stream.
pub fn doc<'a>(docs: &'a [serde_json::Value], kind: &str) -> &'a serde_json::Value {
    docs.iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {docs:?}"))
}

/// The push secret's `.dockerconfigjson`, decoded, as raw text.
pub fn docker_config_text(docs: &[serde_json::Value]) -> String {
    let data = doc(docs, "Secret")["data"][".dockerconfigjson"]
        .as_str()
        .expect("the secret has .dockerconfigjson");
    b64_decode(data)
}

/// The single registry of a `.dockerconfigjson` and its decoded `auth` (`user:password`):
/// what `kubectl create secret docker-registry --docker-server=S --docker-username=U
/// --docker-password=P` puts in `auths` (one key, S; `auth` = base64 of `U:P`).
pub fn registry_and_credentials(config_text: &str) -> (String, String) {
    let config: serde_json::Value = serde_json::from_str(config_text).expect("valid JSON");
    let auths = config["auths"].as_object().expect("auths");
    assert_eq!(auths.len(), 1, "one registry: {config_text}");
    let (registry, entry) = auths.iter().next().expect("one entry");
    let auth = entry["auth"].as_str().expect("auth");
    (registry.clone(), b64_decode(auth))
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
