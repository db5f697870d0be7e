//! `migrate --into VALUES` and `--in-place`: the values file 2.x deployed, every byte outside the
//! added `customImage` lines kept, conflicts reported, files replaced atomically.

#[path = "migrate/support.rs"]
mod support;

use std::path::Path;

use serde_json::json;
use similar::{ChangeTag, TextDiff};
use support::{customimage, root};

const DOCKERHUB_ENV: &str = "fixtures/migrate/dockerhub-into.env";
const PASSWORD: &str = "dckr_pat_Canary-0123";

/// The block 2.x deployed from `dockerhub-into.env` alone, as `migrate` must write it
/// (written by hand from the fixture, in the chart table's key order).
const DOCKERHUB_BLOCK: &str = "customImage:
  enabled: true
  registryEndpoint: docker.io
  registryUsername: infuseai
  registryPassword: dckr_pat_Canary-0123
  pushRepoPrefix: docker.io/infuseai
";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn migrate_into(env: &str, values: &Path) -> Run {
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
fn values_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("values.yaml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

const KEYS: &[&str] = &[
    "enabled",
    "registryEndpoint",
    "registryUsername",
    "registryPassword",
    "pushRepo",
    "pushRepoPrefix",
    "pushSecretName",
    "insecureSkipVerify",
];

/// Every line of `original` is still in `merged`, in order and unchanged; every added line is
/// the `customImage:` key or one of its top-level keys.
fn assert_only_custom_image_lines_added(original: &str, merged: &str) -> Vec<String> {
    let mut added = Vec::new();
    for change in TextDiff::from_lines(original, merged).iter_all_changes() {
        let line = change.value();
        match change.tag() {
            ChangeTag::Equal => {}
            ChangeTag::Delete => panic!("a line of the values file changed: {line:?}"),
            ChangeTag::Insert => {
                let key = line.trim_start().split(':').next().unwrap_or("");
                assert!(
                    line.trim_end() == "customImage:"
                        || (line.starts_with("  ") && KEYS.contains(&key)),
                    "an added line outside customImage: {line:?}"
                );
                added.push(line.to_string());
            }
        }
    }
    added
}

#[test]
fn into_the_reference_file_appends_a_block_and_keeps_every_byte() {
    let path = root("fixtures/migrate/helm_override-primehub-ee.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // The commented-out `#customImage:` block stays a comment; the new block goes at the end.
    assert_eq!(run.stdout, format!("{original}{DOCKERHUB_BLOCK}"));
    let added = assert_only_custom_image_lines_added(&original, &run.stdout);
    assert_eq!(added.concat(), DOCKERHUB_BLOCK);
    assert!(
        !run.stderr.contains(PASSWORD),
        "the password leaked to stderr"
    );

    // A YAML 1.1 reader sees the original values plus the block.
    let loaded = support::yaml11_load(&[original, run.stdout]);
    let (before, after) = (&loaded[0], &loaded[1]);
    let mut expected = before.clone();
    expected["customImage"] = json!({
        "enabled": true,
        "registryEndpoint": "docker.io",
        "registryUsername": "infuseai",
        "registryPassword": PASSWORD,
        "pushRepoPrefix": "docker.io/infuseai",
    });
    assert_eq!(after, &expected);
}

#[test]
fn a_conflicting_key_keeps_the_values_file_and_is_reported() {
    let path = root("fixtures/migrate/helm_override-conflict.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    let added = assert_only_custom_image_lines_added(&original, &run.stdout);
    assert_eq!(
        added,
        [
            "  enabled: true\n",
            "  registryEndpoint: docker.io\n",
            "  registryPassword: dckr_pat_Canary-0123\n",
        ],
        "only the keys the values file lacks are added"
    );
    // After the block's last key, before its trailing comment.
    assert!(run.stdout.contains(
        "  pushRepoPrefix: \"docker.io/infuseai-team\"   # the team's namespace\n  enabled: true\n"
    ));
    assert!(run.stdout.contains(
        "  registryPassword: dckr_pat_Canary-0123\n  # pushRepo: docker.io/infuseai-team/images\n"
    ));

    // The one disagreement, with both values and where each is written.
    let conflicts: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: customImage."))
        .collect();
    assert_eq!(conflicts.len(), 1, "{}", run.stderr);
    let line = conflicts[0];
    assert!(line.contains("customImage.pushRepoPrefix"), "{line}");
    assert!(line.contains("helm_override-conflict.yaml:7"), "{line}");
    assert!(line.contains("sets docker.io/infuseai-team"), "{line}");
    assert!(
        line.contains(
            "dockerhub-into.env:7 (PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX) sets docker.io/infuseai;"
        ),
        "{line}"
    );

    let loaded = support::yaml11_load(&[run.stdout]);
    assert_eq!(
        loaded[0]["customImage"],
        json!({
            "registryUsername": "infuseai",
            "pushRepoPrefix": "docker.io/infuseai-team",
            "enabled": true,
            "registryEndpoint": "docker.io",
            "registryPassword": PASSWORD,
        })
    );
}

#[test]
fn a_conflicting_password_is_reported_without_either_value() {
    let (_dir, path) = values_file(
        "customImage:\n  registryPassword: 'other-Canary-pass'\n  registryEndpoint: docker.io\n",
    );
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run
        .stdout
        .contains("  registryPassword: 'other-Canary-pass'\n"));
    assert!(
        !run.stdout.contains(PASSWORD),
        "the .env's password must lose"
    );
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("customImage.registryPassword"))
        .unwrap_or_else(|| panic!("no conflict reported: {}", run.stderr));
    assert!(line.contains("different values"), "{line}");
    assert!(!run.stderr.contains(PASSWORD) && !run.stderr.contains("other-Canary-pass"));
}

#[test]
fn crlf_a_bom_and_a_missing_final_newline_are_kept() {
    let original = "\u{feff}a: 1\r\ncustomImage:\r\n  pushRepoPrefix: docker.io/infuseai\r\n# end";
    let (_dir, path) = values_file(original);
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\u{feff}a: 1\r\ncustomImage:\r\n  pushRepoPrefix: docker.io/infuseai\r\n  enabled: true\r\n  \
         registryEndpoint: docker.io\r\n  registryUsername: infuseai\r\n  \
         registryPassword: dckr_pat_Canary-0123\r\n# end"
    );
}

#[test]
fn an_empty_or_null_block_has_only_its_own_line_rewritten() {
    for (value, kept) in [
        ("{}  # filled by migrate", " # filled by migrate"),
        ("", ""),
        ("~", ""),
    ] {
        let (_dir, path) = values_file(&format!("a: 1\ncustomImage: {value}\nb: 2\n"));
        let run = migrate_into(DOCKERHUB_ENV, &path);
        assert_eq!(run.code, Some(0), "{value:?}: {}", run.stderr);
        let block = DOCKERHUB_BLOCK.strip_prefix("customImage:\n").unwrap();
        assert_eq!(
            run.stdout,
            format!("a: 1\ncustomImage:{kept}\n{block}b: 2\n"),
            "{value:?}"
        );
    }
}

#[test]
fn a_values_file_with_a_yaml_error_is_refused() {
    let (_dir, path) = values_file("customImage:\n  pushRepo: [unclosed\nstore: 1\n");
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("yaml-syntax"), "{}", run.stderr);
}

#[test]
fn a_flow_style_block_is_refused_rather_than_rewritten() {
    let (_dir, path) = values_file("customImage: {registryUsername: infuseai}\n");
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("flow style"), "{}", run.stderr);
}

#[test]
fn a_missing_values_file_is_an_io_error() {
    let run = migrate_into(DOCKERHUB_ENV, Path::new("/nonexistent/values.yaml"));
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
}

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
    let original = std::fs::read(root("fixtures/migrate/helm_override-conflict.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("primehub.yaml");
    std::fs::write(&values, &original).unwrap();
    std::fs::set_permissions(&values, std::fs::Permissions::from_mode(0o644)).unwrap();

    let expected = migrate_into(DOCKERHUB_ENV, &values).stdout;
    let out = customimage()
        .arg("migrate")
        .arg(root(DOCKERHUB_ENV))
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
    assert_eq!(
        support::mode(&values),
        0o600,
        "the merged file holds a password"
    );
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
    let original = "# ECR\nstore:\n  enabled: true\n";
    std::fs::write(&real, original).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o644)).unwrap();
    let link = dir.path().join("primehub.yaml");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let out = customimage()
        .args(["migrate", "--in-place", "--into"])
        .arg(&link)
        .arg(root("fixtures/migrate/ecr-into.env"))
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
        format!(
            "{original}customImage:\n  enabled: true\n  \
             registryEndpoint: https://123456789012.dkr.ecr.us-east-1.amazonaws.com\n  \
             pushRepo: 123456789012.dkr.ecr.us-east-1.amazonaws.com/primehub/images\n  \
             pushSecretName: aws-registry\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("primehub.yaml.bak")).unwrap(),
        original
    );
    assert_eq!(support::mode(&real), 0o644);
    assert_eq!(support::mode(&dir.path().join("primehub.yaml.bak")), 0o644);
    assert_eq!(
        listing(dir.path()),
        ["primehub.yaml", "primehub.yaml.bak", "real.yaml"]
    );
}

#[cfg(unix)]
#[test]
fn in_place_refused_on_findings_leaves_the_file_alone() {
    let (dir, path) = values_file("customImage:\n  pushRepo: [unclosed\n");
    let out = customimage()
        .args(["migrate", "--in-place", "--into"])
        .arg(&path)
        .arg(root(DOCKERHUB_ENV))
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
    customimage()
        .args(["migrate", "--in-place"])
        .arg(root(DOCKERHUB_ENV))
        .assert()
        .code(2)
        .stdout("");
}
