//! The values rules over real files, through the YAML reader: each bad fixture
//! `fixtures/values/<rule>.yaml` is read as values and draws its rule (exactly what it draws,
//! reviewed against the file, is its snapshot in `tests/lint/`), good fixtures and the product
//! docs' examples (`fixtures/values/seeds/`) draw none.

use crate::support::api::{check_source, rule_name, FileResult, InputKind, Severity, SourceFile};

fn lint(path: &str, release: &str) -> FileResult {
    let source = SourceFile::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    check_source(source, InputKind::Yaml, release)
}

/// (rule, severity, line, column) of every finding, in report order.
fn findings(result: &FileResult) -> Vec<(&'static str, Severity, usize, usize)> {
    result
        .diagnostics
        .iter()
        .map(|d| {
            let (line, column) = result.source.line_col(d.span.offset);
            (rule_name(d), d.severity, line, column)
        })
        .collect()
}

/// The rules this suite covers: the values rules of SPEC §5 after the reader rules.
const VALUES_RULES: &[&str] = &[
    "missing-endpoint",
    "missing-push-target",
    "push-repo-precedence",
    "invalid-endpoint",
    "invalid-repository",
    "registry-mismatch",
    "insecure-endpoint",
    "missing-credentials",
    "unused-credentials",
    "gcr-username",
    "gcr-key-json",
    "gcr-key-base64",
    "gcr-token-expiry",
    "gcr-project-mismatch",
    "json-key-non-gcr",
    "dockerhub-namespace",
    "ecr-endpoint",
    "ecr-push-secret",
    "ecr-prefix-mode",
    "invalid-secret-name",
    "push-secret-name-mismatch",
    "invalid-quantity",
    "requests-exceed-limits",
    "enabled-ignored",
];

/// The release a fixture is linted for: the rule about the release name needs another one.
fn release_for(name: &str) -> &'static str {
    if name == "push-secret-name-mismatch" {
        "ph"
    } else {
        "primehub"
    }
}

#[test]
fn each_bad_fixture_is_read_as_values() {
    // What each draws (rule, severity, line, column) is in its snapshot (`tests/lint/`).
    let mut seen = 0;
    for entry in std::fs::read_dir("fixtures/values").expect("fixtures/values") {
        let path = entry.expect("an entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !path.is_file() || !VALUES_RULES.iter().any(|r| name.starts_with(r)) {
            continue;
        }
        let result = lint(&path.to_string_lossy(), release_for(&name));
        assert!(result.located.typed, "{name}.yaml was not read as values");
        seen += 1;
    }
    assert_eq!(seen, 27, "the bad values fixtures");
}

#[test]
fn every_values_rule_has_a_fixture_named_after_it() {
    assert_eq!(VALUES_RULES.len(), 24);
    for rule in VALUES_RULES {
        assert!(crate::support::api::find_rule(rule).is_some(), "{rule}");
        let path = format!("fixtures/values/{rule}.yaml");
        assert!(std::path::Path::new(&path).is_file(), "{path}");
        let result = lint(&path, release_for(rule));
        assert!(
            findings(&result).iter().any(|f| f.0 == *rule),
            "{rule} has no fixture that draws it"
        );
    }
}

#[test]
fn good_fixtures_draw_nothing() {
    let mut seen = 0;
    for entry in std::fs::read_dir("fixtures/values/good").expect("fixtures/values/good") {
        let path = entry.expect("an entry").path();
        let path = path.to_string_lossy().into_owned();
        let release = if path.ends_with("release-ph.yaml") {
            "ph"
        } else {
            "primehub"
        };
        let result = lint(&path, release);
        assert!(
            result.located.typed && result.located.block_present,
            "{path}"
        );
        assert_eq!(findings(&result), vec![], "{path}");
        seen += 1;
    }
    assert!(seen >= 9, "only {seen} good fixtures");
}

#[test]
fn the_docs_examples_lint_clean() {
    let seeds = [
        "3.0-dockerhub",
        "3.0-gcr",
        "3.8-dockerhub",
        "3.8-gcr",
        "3.8-ecr",
    ];
    for seed in seeds {
        let path = format!("fixtures/values/seeds/{seed}.yaml");
        let result = lint(&path, "primehub");
        assert!(result.located.block_present, "{path}");
        let serious: Vec<_> = findings(&result)
            .into_iter()
            .filter(|f| f.1 <= Severity::Warning)
            .collect();
        assert_eq!(serious, vec![], "{path}");
    }
}

#[test]
fn the_seed_ecr_example_with_the_docs_typo_is_caught() {
    let result = lint("fixtures/values/ecr-endpoint.yaml", "primehub");
    let d = result
        .diagnostics
        .iter()
        .find(|d| rule_name(d) == "ecr-endpoint")
        .expect("ecr-endpoint");
    assert!(
        d.message.contains("`8123456789012` has 13 digits"),
        "{}",
        d.message
    );
    assert!(
        d.help
            .contains("`123456789012.dkr.ecr.us-east-1.amazonaws.com`"),
        "{}",
        d.help
    );
}

#[test]
fn the_chart_defaults_draw_no_values_finding() {
    // The chart's own values.yaml: only the reader's duplicate key (SPEC: `extraVolumeMounts`).
    let result = lint("fixtures/values/chart-values.yaml", "primehub");
    let values: Vec<_> = findings(&result)
        .into_iter()
        .filter(|f| VALUES_RULES.contains(&f.0))
        .collect();
    assert_eq!(values, vec![]);
}

#[test]
fn a_dot_env_input_is_checked_by_the_same_rules_at_its_keys() {
    let source = SourceFile::read("fixtures/env/gcr-unquoted.env").expect("fixture");
    let result = check_source(source, InputKind::Env, "primehub");
    let d = result
        .diagnostics
        .iter()
        .find(|d| rule_name(d) == "gcr-key-json")
        .expect("gcr-key-json on the bash-mangled key");
    assert_eq!(result.source.line_col(d.span.offset), (8, 41));
    assert_eq!(d.path, "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD");
    assert!(d.help.contains("single quotes"), "{}", d.help);
    for good in ["dockerhub", "gcr", "ecr"] {
        let path = format!("fixtures/env/{good}.env");
        let source = SourceFile::read(&path).expect("fixture");
        let result = check_source(source, InputKind::Env, "primehub");
        let values: Vec<_> = findings(&result)
            .into_iter()
            .filter(|f| VALUES_RULES.contains(&f.0))
            .collect();
        assert_eq!(values, vec![], "{path}");
    }
}
