//! Issue 12, finding 8: `lint DIR` skipped symlinked files and directories silently, so a
//! directory holding only a link to a file with errors passed a CI gate as `0 files`, exit 0.
#![cfg(unix)]

use std::os::unix::fs::symlink;

/// `customimage` with colours off, so that output can be matched as text.
fn customimage() -> assert_cmd::Command {
    crate::support::cli::command()
}

const BAD: &str = "customImage:\n  registryEndpoint: docker.io\n  pushRepo: Bad_Repo\n";

#[test]
fn lint_dir_follows_symlinks_to_files_and_directories() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("bad.yaml"), BAD).unwrap();
    let sub = outside.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("also-bad.yaml"), BAD).unwrap();

    // A directory holding only a link to a bad file.
    let only_link = tempfile::tempdir().unwrap();
    symlink(
        outside.path().join("bad.yaml"),
        only_link.path().join("v.yaml"),
    )
    .unwrap();
    let out = customimage()
        .arg("lint")
        .arg(only_link.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("1 file:"), "{stdout}");

    // A link to a directory, and the same file reached twice: each file linted once.
    let tree = tempfile::tempdir().unwrap();
    symlink(&sub, tree.path().join("linked-dir")).unwrap();
    symlink(sub.join("also-bad.yaml"), tree.path().join("again.yaml")).unwrap();
    let out = customimage()
        .args(["lint", "--format", "json"])
        .arg(tree.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 1, "{json}");
}

#[test]
fn lint_dir_detects_a_symlink_loop() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.yaml"), "store:\n  enabled: true\n").unwrap();
    symlink(dir.path(), dir.path().join("loop")).unwrap();
    let out = customimage()
        .arg("lint")
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loop"));
}
