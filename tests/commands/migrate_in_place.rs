//! `migrate --into VALUES --in-place`: the original kept as `VALUES.bak`, both written
//! atomically with the right modes, nothing written when the merge is refused.

use std::path::Path;

use crate::support::cli::command;
use crate::support::crate_path;
use crate::support::migrate::mode;
use crate::support::migrate::{migrate_into, values_file};

const DOCKERHUB_ENV: &str = "fixtures/migrate/dockerhub-into.env";

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn in_place_keeps_the_original_as_bak_and_writes_secrets_0600() {
    use std::os::unix::fs::PermissionsExt;
    let original =
        std::fs::read(crate_path("fixtures/migrate/helm_override-conflict.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("primehub.yaml");
    std::fs::write(&values, &original).unwrap();
    std::fs::set_permissions(&values, std::fs::Permissions::from_mode(0o644)).unwrap();

    let expected = migrate_into(DOCKERHUB_ENV, &values).stdout;
    let out = command()
        .arg("migrate")
        .arg(crate_path(DOCKERHUB_ENV))
        .arg("--into")
        .arg(&values)
        .arg("--in-place")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "--in-place prints nothing on stdout");
    assert_eq!(std::fs::read_to_string(&values).unwrap(), expected);
    let backup = dir.path().join("primehub.yaml.bak");
    assert_eq!(std::fs::read(&backup).unwrap(), original);
    assert_eq!(mode(&values), 0o600, "the merged file holds a password");
    assert_eq!(
        listing(dir.path()),
        ["primehub.yaml", "primehub.yaml.bak"],
        "no temp files left"
    );
}

#[cfg(unix)]
#[test]
fn in_place_without_a_password_keeps_public_modes_and_follows_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.yaml");
    let original = "# Image Builder off\nstore:\n  enabled: true\n";
    std::fs::write(&real, original).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o644)).unwrap();
    let link = dir.path().join("primehub.yaml");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let out = command()
        .args(["migrate", "--in-place", "--into"])
        .arg(&link)
        .arg(crate_path("fixtures/migrate/disabled-into.env"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        format!("{original}customImage:\n  enabled: false\n")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("primehub.yaml.bak")).unwrap(),
        original
    );
    assert_eq!(mode(&real), 0o644);
    assert_eq!(mode(&dir.path().join("primehub.yaml.bak")), 0o644);
    assert_eq!(
        listing(dir.path()),
        ["primehub.yaml", "primehub.yaml.bak", "real.yaml"]
    );
}

/// A values file with another component's password (not the registry's) is a secret too: its
/// backup and the merged file are 0600 even though the `.env` brings no password.
#[cfg(unix)]
#[test]
fn in_place_treats_any_password_in_the_values_file_as_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("primehub.yaml");
    let original = "keycloak:\n  password: Canary-keycloak-pw\n";
    std::fs::write(&values, original).unwrap();
    let out = command()
        .args(["migrate", "--in-place", "--into"])
        .arg(&values)
        .arg(crate_path("fixtures/migrate/ecr-into.env"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let backup = dir.path().join("primehub.yaml.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), original);
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(mode(&values), 0o600);
    assert!(std::fs::read_to_string(&values)
        .unwrap()
        .starts_with(original));
}

#[cfg(unix)]
#[test]
fn in_place_refused_on_findings_leaves_the_file_alone() {
    let (dir, path) = values_file("customImage:\n  pushRepo: [unclosed\n");
    let out = command()
        .args(["migrate", "--in-place", "--into"])
        .arg(&path)
        .arg(crate_path(DOCKERHUB_ENV))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "customImage:\n  pushRepo: [unclosed\n"
    );
    assert_eq!(
        listing(dir.path()),
        ["values.yaml"],
        "no .bak, no temp file"
    );
}

#[test]
fn in_place_requires_into() {
    command()
        .args(["migrate", "--in-place"])
        .arg(crate_path(DOCKERHUB_ENV))
        .assert()
        .code(2)
        .stdout("");
}
