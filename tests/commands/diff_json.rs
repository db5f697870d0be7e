//! `diff --format json`: each change as data, secrets as fingerprints, the same verdict and exit
//! status as the human diff.

use std::process::{Command, Output};

use serde_json::{json, Value};

const OLD: &str = "customImage:\n  registryEndpoint: docker.io\n  registryUsername: alice\n  registryPassword: dckr_pat_diff-json-old-0001\n  pushRepo: docker.io/alice/images\n";

fn run(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_customimage"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.yaml"), OLD).unwrap();
    let new = OLD
        .replace("dckr_pat_diff-json-old-0001", "dckr_pat_diff-json-new-0002")
        .replace("alice/images", "alice/builds");
    std::fs::write(dir.path().join("new.yaml"), new).unwrap();
    dir
}

fn document(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn values_changes_are_data_and_secrets_are_fingerprints() {
    let dir = setup();
    let out = run(
        dir.path(),
        &["diff", "--format", "json", "old.yaml", "new.yaml"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!text.contains("dckr_pat_diff-json"), "{text}");
    let doc = document(&out);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["view"], "values");
    assert_eq!(
        (doc["old"].clone(), doc["new"].clone()),
        (json!("old.yaml"), json!("new.yaml"))
    );
    assert_eq!(doc["changed"], true);
    let changes = doc["changes"].as_array().unwrap();
    let push = changes
        .iter()
        .find(|c| c["path"] == json!(["customImage", "pushRepo"]))
        .unwrap();
    assert_eq!(push["change"], "modified");
    assert_eq!(push["old"], "docker.io/alice/images");
    assert_eq!(push["new"], "docker.io/alice/builds");
    let password = changes
        .iter()
        .find(|c| c["path"] == json!(["customImage", "registryPassword"]))
        .unwrap();
    // printf 'dckr_pat_diff-json-old-0001' | sha256sum
    let fingerprint = |s: &str| {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(s.as_bytes());
        format!("sha256:{}", &format!("{digest:x}")[..8])
    };
    assert_eq!(password["old"], fingerprint("dckr_pat_diff-json-old-0001"));
    assert_eq!(password["new"], fingerprint("dckr_pat_diff-json-new-0002"));
    assert_eq!(doc["summary"]["modified"], 2);
    assert!(doc["diff"]
        .as_str()
        .unwrap()
        .contains("+  pushRepo: docker.io/alice/builds"));
}

#[test]
fn manifests_changes_name_their_object() {
    let dir = setup();
    let out = run(
        dir.path(),
        &[
            "diff",
            "--format",
            "json",
            "--manifests",
            "-n",
            "team-a",
            "old.yaml",
            "new.yaml",
        ],
    );
    let doc = document(&out);
    assert_eq!(doc["view"], "manifests");
    let changes = doc["changes"].as_array().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("dckr_pat_diff-json"));
    let config = changes
        .iter()
        .find(|c| {
            c["object"] == "ConfigMap/primehub-controller-config"
                && c["path"].as_array().unwrap().last() == Some(&json!("pushRepo"))
        })
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(config["new"], "docker.io/alice/builds");
    assert_eq!(config["path"][0], "data");
    assert_eq!(config["path"][1], "config.yaml");
    assert!(changes
        .iter()
        .any(|c| c["object"].as_str().unwrap().starts_with("Secret/")));
}

#[test]
fn no_change_is_still_one_document_and_exit_codes_hold() {
    let dir = setup();
    let out = run(
        dir.path(),
        &[
            "diff",
            "--format",
            "json",
            "--detailed-exitcode",
            "old.yaml",
            "old.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let doc = document(&out);
    assert_eq!(doc["changed"], false);
    assert_eq!(doc["changes"], json!([]));
    assert_eq!(doc["diff"], "");
    let out = run(
        dir.path(),
        &[
            "diff",
            "--format",
            "json",
            "--detailed-exitcode",
            "old.yaml",
            "new.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(document(&out)["changed"], true);
}

#[test]
fn show_secrets_reveals_them_in_json_too() {
    let dir = setup();
    let out = run(
        dir.path(),
        &[
            "diff",
            "--format",
            "json",
            "--show-secrets",
            "old.yaml",
            "new.yaml",
        ],
    );
    let doc = document(&out);
    let password = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == json!(["customImage", "registryPassword"]))
        .unwrap()
        .clone();
    assert_eq!(password["new"], "dckr_pat_diff-json-new-0002");
}
