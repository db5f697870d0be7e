//! Rule control through the command line (SPEC §10): inline suppressions in both file kinds,
//! `.customimage.yaml` found in nested directories, `--select`/`--ignore`/`--strict`, and
//! `lint --fix`/`--diff` against golden fixed files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn customimage() -> Command {
    crate::support::cli::command()
}

/// `lint --format json` of `args`: (exit code, the document).
fn lint_json(args: &[&str], dir: Option<&Path>) -> (i32, Value) {
    let mut cmd = customimage();
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let out = cmd
        .args(["lint", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let document = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), document)
}

/// (rule, line, suppression kind) of a finding.
type Entry = (String, u64, Option<String>);

/// (rule, line, suppression kind) of every entry of every file.
fn entries(document: &Value) -> Vec<Entry> {
    document["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["suppression"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn entry(rule: &str, line: u64, kind: Option<&str>) -> Entry {
    (rule.to_string(), line, kind.map(str::to_string))
}

#[test]
fn suppressions_on_the_line_above_and_file_wide_in_both_file_kinds() {
    let cases: &[(&str, &[(&str, u64)])] = &[
        ("line.env", &[("env-unknown-key", 6)]),
        ("line-above.env", &[("env-unknown-key", 7)]),
        (
            "file.env",
            &[("env-unknown-key", 6), ("env-unknown-key", 7)],
        ),
        ("line.yaml", &[("enabled-ignored", 7)]),
        ("line-above.yaml", &[("enabled-ignored", 8)]),
        (
            "file.yaml",
            &[("push-repo-precedence", 7), ("enabled-ignored", 8)],
        ),
    ];
    for (file, suppressed) in cases {
        let path = format!("fixtures/suppress/{file}");
        let (code, document) = lint_json(&[&path, "--strict"], None);
        assert_eq!(code, 0, "{file}: suppressed findings do not count");
        let expected: Vec<_> = suppressed
            .iter()
            .map(|(rule, line)| entry(rule, *line, Some("inSource")))
            .collect();
        assert_eq!(entries(&document), expected, "{file}");
        assert_eq!(document["summary"]["warnings"], 0, "{file}");
        for d in document["files"][0]["diagnostics"].as_array().unwrap() {
            assert_eq!(d["suppressed"], true);
        }
        // The human report leaves them out.
        let out = customimage().args(["lint", &path]).output().unwrap();
        let human = String::from_utf8(out.stdout).unwrap();
        assert!(human.contains("0 errors, 0 warnings"), "{file}: {human}");
    }
}

#[test]
fn unknown_rules_and_unused_suppressions_are_warnings() {
    let cases = [
        (
            "unknown-rule.env",
            vec![
                entry("env-unknown-key", 6, None),
                entry("unused-suppression", 6, None),
            ],
            "`env-unknwon-key` is not a rule",
        ),
        (
            "unknown-rule.yaml",
            vec![
                entry("enabled-ignored", 7, None),
                entry("unused-suppression", 7, None),
            ],
            "`enabled-ignore` is not a rule",
        ),
        (
            "unused.env",
            vec![entry("unused-suppression", 5, None)],
            "`dockerhub-namespace` is suppressed here, but this line has no",
        ),
        (
            "unused.yaml",
            vec![entry("unused-suppression", 6, None)],
            "`dockerhub-namespace` is suppressed here, but this line has no",
        ),
    ];
    for (file, expected, message) in cases {
        let path = format!("fixtures/suppress/{file}");
        let (code, document) = lint_json(&[&path], None);
        assert_eq!(code, 0, "{file}: warnings only");
        assert_eq!(entries(&document), expected, "{file}");
        assert!(document.to_string().contains(message), "{file}: {document}");
        let (strict, _) = lint_json(&[&path, "--deny-warnings"], None);
        assert_eq!(strict, 1, "{file} under --deny-warnings");
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const PRECEDENCE: &str = "customImage:\n  registryEndpoint: https://gcr.io\n  \
                          registryUsername: oauth2accesstoken\n  registryPassword: ya29.FakeTokenForTests\n  \
                          pushRepo: gcr.io/p/images\n  pushRepoPrefix: gcr.io/p\n";

#[test]
fn the_nearest_config_applies_in_nested_directories() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // The root config turns a warning into an error and excludes a vendored chart; a nested
    // one (which wins, whole) ignores the rule instead; `--isolated` reads neither.
    write(
        &r.join(".customimage.yaml"),
        "severity:\n  push-repo-precedence: error\nexclude: [vendor]\n",
    );
    write(
        &r.join("team/.customimage.yaml"),
        "ignore: [push-repo-precedence]\n",
    );
    write(&r.join("values.yaml"), PRECEDENCE);
    write(&r.join("team/envs/prod/values.yaml"), PRECEDENCE);
    write(
        &r.join("vendor/chart/values.yaml"),
        "customImage: [broken\n",
    );

    let (code, document) = lint_json(&["."], Some(r));
    assert_eq!(code, 1, "{document}");
    let files: Vec<(&str, Vec<Entry>)> = document["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let one = serde_json::json!({"files": [f]});
            (f["path"].as_str().unwrap(), entries(&one))
        })
        .collect();
    let expected_gcr = |kind: Option<&str>| {
        vec![
            entry("gcr-token-expiry", 3, None),
            entry("push-repo-precedence", 6, kind),
        ]
    };
    assert_eq!(
        files,
        [
            (
                "./team/envs/prod/values.yaml",
                expected_gcr(Some("external"))
            ),
            ("./values.yaml", expected_gcr(None)),
        ],
        "vendor/ is excluded"
    );
    let root_file = &document["files"][1]["diagnostics"][1];
    assert_eq!(root_file["severity"], "error", "the root config's severity");

    // `--isolated`: defaults everywhere, and the vendored file is linted.
    let (code, document) = lint_json(&[".", "--isolated"], Some(r));
    assert_eq!(code, 1);
    let paths: Vec<&str> = document["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"./vendor/chart/values.yaml"), "{paths:?}");

    // `--config FILE` applies one file to every input; `--select` replaces its `select`.
    let (code, document) = lint_json(
        &[
            ".",
            "--config",
            "team/.customimage.yaml",
            "--select",
            "gcr-token-expiry",
        ],
        Some(r),
    );
    assert_eq!(code, 0, "{document}");
    // Two `gcr-token-expiry` warnings; the vendored file's `yaml-syntax` is not selected.
    assert_eq!(document["summary"]["warnings"], 2);
}

#[test]
fn a_bad_config_is_reported_with_line_and_column() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    write(
        &r.join(".customimage.yaml"),
        "# team settings\nignore: [push-repo-precedense]\nrelaese: ph\n",
    );
    write(&r.join("values.yaml"), PRECEDENCE);
    let (code, document) = lint_json(&["values.yaml"], Some(r));
    assert_eq!(code, 1);
    let config = &document["files"][0];
    assert!(config["path"]
        .as_str()
        .unwrap()
        .ends_with(".customimage.yaml"));
    let found: Vec<(&str, u64, u64)> = config["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("schema", 2, 10), ("unknown-key", 3, 1)]);
    assert!(config
        .to_string()
        .contains("did you mean `push-repo-precedence`?"));
}

#[test]
fn the_config_sets_the_release_unless_given() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    write(&r.join(".customimage.yaml"), "release: ph\n");
    write(
        &r.join("values.yaml"),
        "customImage:\n  registryEndpoint: docker.io\n  registryUsername: u\n  \
         registryPassword: FakePassword-0001\n  pushRepoPrefix: docker.io/infuseai\n",
    );
    let rules = |args: &[&str]| {
        let (_, document) = lint_json(args, Some(r));
        entries(&document)
            .into_iter()
            .map(|e| e.0)
            .collect::<Vec<_>>()
    };
    assert_eq!(rules(&["values.yaml"]), ["push-secret-name-mismatch"]);
    assert!(rules(&["values.yaml", "--release", "primehub"]).is_empty());
}

#[test]
fn select_and_ignore_take_rule_names_only() {
    let out = customimage()
        .args([
            "lint",
            "fixtures/suppress/line.yaml",
            "--ignore",
            "registry-missmatch",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Did you mean `registry-mismatch`?"));
}

/// The fixable rules' fixtures: (input, golden fixed file, the rule the fix removes).
const FIXES: &[(&str, &str, &str)] = &[
    (
        "env-syntax-crlf.env",
        "env-syntax-crlf.fixed.env",
        "env-syntax",
    ),
    (
        "env-syntax-bom.env",
        "env-syntax-bom.fixed.env",
        "env-syntax",
    ),
    (
        "env-unquoted-json.env",
        "env-unquoted-json.fixed.env",
        "env-unquoted-json",
    ),
    (
        "env-deprecated-key.env",
        "env-deprecated-key.fixed.env",
        "env-deprecated-key",
    ),
    (
        "env-invalid-bool.env",
        "env-invalid-bool.fixed.env",
        "env-invalid-bool",
    ),
    (
        "gcr-username.yaml",
        "gcr-username.fixed.yaml",
        "gcr-username",
    ),
];

fn fixture(name: &str) -> PathBuf {
    Path::new("fixtures/fix").join(name)
}

#[test]
fn every_fixable_rule_has_a_fixture_and_a_golden_fixed_file() {
    let listed = customimage()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&listed.stdout).unwrap();
    for rule in list["rules"].as_array().unwrap() {
        if rule["fixable"] == true {
            let name = rule["name"].as_str().unwrap();
            assert!(
                FIXES.iter().any(|(_, _, r)| *r == name),
                "{name} has no fix fixture"
            );
        }
    }
    for (input, golden, rule) in FIXES {
        let (_, before) = lint_json(&[fixture(input).to_str().unwrap()], None);
        assert!(
            entries(&before).iter().any(|e| e.0 == *rule),
            "{input} draws {rule}"
        );
        let (_, after) = lint_json(&[fixture(golden).to_str().unwrap()], None);
        assert!(
            !entries(&after).iter().any(|e| e.0 == *rule),
            "{golden} no longer draws {rule}: {after}"
        );
    }
}

#[cfg(unix)]
#[test]
fn fix_writes_the_golden_file_keeps_mode_and_backup_and_is_idempotent() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    for (input, golden, _) in FIXES {
        let path = dir.path().join(input);
        let original = std::fs::read(fixture(input)).unwrap();
        std::fs::write(&path, &original).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();

        let out = customimage()
            .args(["lint", "--fix", "-q"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.code().is_some(), "{input}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(fixture(golden)).unwrap(),
            "{input} fixed as {golden}"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{input} keeps its mode");
        let backup = dir.path().join(format!("{input}.bak"));
        assert_eq!(std::fs::read(&backup).unwrap(), original, "{input}.bak");

        // A second run changes nothing, and `--diff` has nothing to show.
        std::fs::remove_file(&backup).unwrap();
        customimage()
            .args(["lint", "--fix", "-q"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(fixture(golden)).unwrap()
        );
        assert!(!backup.exists(), "nothing to fix, no backup");
        let diff = customimage()
            .args(["lint", "--diff"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(diff.status.code(), Some(0), "{input}");
        assert!(diff.stdout.is_empty());
    }
}

#[test]
fn no_backup_skips_the_bak_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.env");
    std::fs::copy(fixture("env-invalid-bool.env"), &path).unwrap();
    customimage()
        .args(["lint", "--fix", "--no-backup", "-q"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(fixture("env-invalid-bool.fixed.env")).unwrap()
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn diff_prints_the_fix_masks_the_key_changes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gcr.env");
    std::fs::copy(fixture("env-unquoted-json.env"), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = customimage()
        .args(["lint", "--diff"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.contains("-PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=****\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='****'\n"),
        "{diff}"
    );
    for secret in ["service_account", "PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0"] {
        assert!(!diff.contains(secret), "{secret} leaked: {diff}");
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "--diff writes nothing"
    );
}

#[test]
fn the_rules_list_and_the_config_schema_are_printed() {
    let out = customimage().arg("rules").output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table
        .lines()
        .any(|l| l.starts_with("unused-suppression") && l.contains("warning")));
    assert!(table
        .lines()
        .any(|l| l.starts_with("env-unquoted-json") && l.contains(" fix ")));
    let out = customimage().args(["schema", "config"]).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string("schemas/customimage-config.schema.json").unwrap()
    );
    let out = customimage()
        .args(["explain", "gcr-username"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("\nFix: available (`lint --fix`, `lint --diff`)\n"));
}
