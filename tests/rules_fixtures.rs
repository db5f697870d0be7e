//! The values rules over real files, through the YAML reader: each bad fixture
//! `fixtures/values/<rule>.yaml` draws exactly the findings listed here (rule, severity, 1-based
//! line and column, all reviewed against the file), good fixtures and the product docs'
//! examples (`fixtures/values/seeds/`) draw none.

use customimage::analysis::{check_source, FileResult};
use customimage::diagnostic::Severity;
use customimage::source::{InputKind, SourceFile};

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

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
            (d.rule, d.severity, line, column)
        })
        .collect()
}

type Expected = &'static [(&'static str, Severity, usize, usize)];

/// fixture (under `fixtures/values/`), release, every finding it must draw.
const BAD: &[(&str, &str, Expected)] = &[
    (
        "missing-endpoint",
        "primehub",
        &[("missing-endpoint", E, 7, 1)],
    ),
    (
        "missing-push-target",
        "primehub",
        &[("missing-push-target", E, 7, 1)],
    ),
    (
        "push-repo-precedence",
        "primehub",
        &[("push-repo-precedence", W, 12, 19)],
    ),
    (
        "invalid-endpoint",
        "primehub",
        &[("invalid-endpoint", E, 8, 21)],
    ),
    (
        "invalid-repository",
        "primehub",
        &[("invalid-repository", E, 11, 13)],
    ),
    (
        "registry-mismatch",
        "primehub",
        &[("registry-mismatch", E, 11, 13)],
    ),
    (
        "insecure-endpoint",
        "primehub",
        &[("insecure-endpoint", E, 9, 21)],
    ),
    (
        "insecure-endpoint-https",
        "primehub",
        &[("insecure-endpoint", W, 12, 23)],
    ),
    (
        "missing-credentials",
        "primehub",
        &[("missing-credentials", E, 7, 1)],
    ),
    (
        "unused-credentials",
        "primehub",
        &[("unused-credentials", W, 9, 21)],
    ),
    ("gcr-username", "primehub", &[("gcr-username", E, 9, 21)]),
    ("gcr-key-json", "primehub", &[("gcr-key-json", E, 10, 21)]),
    (
        "gcr-key-base64",
        "primehub",
        &[("gcr-key-base64", E, 10, 21)],
    ),
    (
        "gcr-token-expiry",
        "primehub",
        &[("gcr-token-expiry", W, 9, 21)],
    ),
    (
        "gcr-project-mismatch",
        "primehub",
        &[("gcr-project-mismatch", W, 11, 13)],
    ),
    (
        "json-key-non-gcr",
        "primehub",
        &[("json-key-non-gcr", W, 9, 21)],
    ),
    (
        "dockerhub-namespace",
        "primehub",
        &[("dockerhub-namespace", E, 12, 19)],
    ),
    (
        "ecr-endpoint",
        "primehub",
        // The docs' typo'd endpoint no longer names the push repository's registry either.
        &[("ecr-endpoint", E, 3, 23), ("registry-mismatch", E, 4, 15)],
    ),
    (
        "ecr-push-secret",
        "primehub",
        &[("ecr-push-secret", W, 7, 1)],
    ),
    (
        "ecr-prefix-mode",
        "primehub",
        &[("ecr-prefix-mode", W, 9, 19)],
    ),
    (
        "invalid-secret-name",
        "primehub",
        &[("invalid-secret-name", E, 10, 19)],
    ),
    (
        "push-secret-name-mismatch",
        "ph",
        &[("push-secret-name-mismatch", W, 7, 19)],
    ),
    (
        "invalid-quantity",
        "primehub",
        &[("invalid-quantity", E, 16, 17)],
    ),
    (
        "invalid-quantity-ephemeral-storage",
        "primehub",
        &[("invalid-quantity", W, 13, 23)],
    ),
    (
        "requests-exceed-limits",
        "primehub",
        &[("requests-exceed-limits", E, 16, 17)],
    ),
    (
        "enabled-ignored",
        "primehub",
        &[("enabled-ignored", W, 8, 12)],
    ),
];

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

#[test]
fn each_bad_fixture_draws_exactly_its_findings() {
    for (name, release, expected) in BAD {
        let result = lint(&format!("fixtures/values/{name}.yaml"), release);
        assert_eq!(findings(&result), expected.to_vec(), "{name}.yaml");
        assert!(result.located.typed, "{name}.yaml was not read as values");
    }
}

#[test]
fn every_values_rule_has_a_fixture_named_after_it() {
    assert_eq!(VALUES_RULES.len(), 24);
    for rule in VALUES_RULES {
        assert!(customimage::rules::find(rule).is_some(), "{rule}");
        let path = format!("fixtures/values/{rule}.yaml");
        assert!(std::path::Path::new(&path).is_file(), "{path}");
        assert!(
            BAD.iter()
                .any(|(name, _, found)| name == rule && found.iter().any(|f| f.0 == *rule)),
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
        .find(|d| d.rule == "ecr-endpoint")
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
        .find(|d| d.rule == "gcr-key-json")
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
