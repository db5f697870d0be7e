//! Helpers for the `migrate` integration tests.

use std::path::{Path, PathBuf};

use super::cli::{command, Run};
use super::crate_path;

/// The top-level `customImage` keys a migration writes, in the chart table's order (SPEC §1).
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "enabled",
    "registryEndpoint",
    "registryUsername",
    "registryPassword",
    "pushRepo",
    "pushRepoPrefix",
    "pushSecretName",
    "insecureSkipVerify",
];

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

/// Runs `migrate ENV --into VALUES` (ENV below the crate root).
pub fn migrate_into(env: &str, values: &Path) -> Run {
    let out = command()
        .arg("migrate")
        .arg(crate_path(env))
        .arg("--into")
        .arg(values)
        .output()
        .unwrap();
    Run::utf8(out)
}

/// Writes `text` to `values.yaml` in a fresh directory.
pub fn values_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("values.yaml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}
