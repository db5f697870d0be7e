//! `duplicate-key`: an error inside `customImage`, a warning elsewhere (Helm keeps the last),
//! and the chart's own values.yaml, which has one such duplicate, linting clean otherwise.

use crate::support::api::{
    check_source, load, rule_name, Diagnostic, InputKind, Severity, SourceFile,
};

const READER_RULES: [&str; 4] = ["yaml-syntax", "schema", "unknown-key", "duplicate-key"];

fn lint(text: &str) -> (SourceFile, Vec<Diagnostic>) {
    let source = SourceFile::new("values.yaml", text);
    let (_, diagnostics) = load(&source);
    (source, diagnostics)
}

#[test]
fn a_duplicate_inside_custom_image_is_an_error_at_the_second_key() {
    let (source, diagnostics) = lint(
        "customImage:\n  pushRepo: docker.io/a/b\n  registryEndpoint: docker.io\n  \
         pushRepo: docker.io/c/d\n",
    );
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(
        (rule_name(d), d.severity),
        ("duplicate-key", Severity::Error)
    );
    assert_eq!(d.path, "customImage.pushRepo");
    assert_eq!(source.line_col(d.span.offset), (4, 3));
    assert!(d.message.contains("line 2"), "{}", d.message);
}

#[test]
fn a_duplicate_deep_in_the_block_is_an_error_too() {
    let (_, diagnostics) =
        lint("customImage:\n  buildJob:\n    resources:\n      limits: {cpu: 1, cpu: 2}\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!(
        diagnostics[0].path,
        "customImage.buildJob.resources.limits.cpu"
    );
}

#[test]
fn a_duplicate_elsewhere_is_a_warning_with_its_path() {
    let (source, diagnostics) = lint("hub:\n  list:\n    - a: 1\n      a: 2\ncustomImage: {}\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(
        (rule_name(d), d.severity),
        ("duplicate-key", Severity::Warning)
    );
    assert_eq!(d.path, "hub.list.0.a");
    assert_eq!(source.line_col(d.span.offset), (4, 7));
}

#[test]
fn custom_image_written_twice_is_an_error_and_the_last_block_wins() {
    let source = SourceFile::new(
        "values.yaml",
        "customImage:\n  pushRepo: a/b\nother: 1\ncustomImage:\n  pushRepo: c/d\n",
    );
    let (located, diagnostics) = load(&source);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!(diagnostics[0].path, "customImage");
    assert_eq!(source.line_col(located.block_span.offset), (4, 1));
    assert_eq!(located.custom_image.push_repo(), Some("c/d"));
}

#[test]
fn keys_are_compared_as_helm_reads_them() {
    // `on` is the boolean true, so Helm sees the key "true" twice; `"on"` is the text "on".
    let (_, diagnostics) = lint("flags:\n  on: 1\n  \"true\": 2\n  \"on\": 3\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].path, "flags.true");
}

#[test]
fn merged_keys_are_not_duplicates() {
    let (_, diagnostics) =
        lint("base: &b {pushRepo: a/b}\ncustomImage:\n  <<: *b\n  pushRepo: c/d\n");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

fn reader_findings(text: &str) -> (SourceFile, Vec<Diagnostic>) {
    let source = SourceFile::new("chart-values.yaml", text);
    let result = check_source(source, InputKind::Yaml, "primehub");
    let findings = result
        .diagnostics
        .iter()
        .filter(|d| READER_RULES.contains(&rule_name(d)))
        .cloned()
        .collect();
    (result.source, findings)
}

const CHART: &str = include_str!("../../fixtures/values/chart-values.yaml");

#[test]
fn the_charts_values_lint_with_only_its_known_duplicate_as_a_warning() {
    let (source, findings) = reader_findings(CHART);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let d = &findings[0];
    assert_eq!(
        (rule_name(d), d.severity),
        ("duplicate-key", Severity::Warning)
    );
    assert_eq!(d.path, "keycloak.extraVolumeMounts");
    assert_eq!(source.line_col(d.span.offset), (134, 3));
}

#[test]
fn the_charts_values_with_a_configured_block_still_lint_clean() {
    let configured = CHART
        .replace(
            "  #registryEndpoint: https://gcr.io",
            "  registryEndpoint: https://gcr.io",
        )
        .replace(
            "  #registryUsername: _json_key",
            "  registryUsername: _json_key",
        )
        .replace(
            "  #registryPassword: _password_",
            "  registryPassword: '{\"type\": \"service_account\"}'",
        )
        .replace(
            "  #pushRepoPrefix: gcr.io/<project>",
            "  pushRepoPrefix: gcr.io/my-project",
        );
    assert_ne!(configured, CHART);
    let source = SourceFile::new("chart-values.yaml", configured.as_str());
    let (located, _) = load(&source);
    assert!(located.typed);
    assert_eq!(located.custom_image.endpoint(), Some("https://gcr.io"));
    assert_eq!(
        located.custom_image.push_repo_prefix(),
        Some("gcr.io/my-project")
    );
    assert_eq!(
        located.custom_image.push_secret_name(),
        "primehub-controller-custom-image-push-secret"
    );
    let (_, findings) = reader_findings(&configured);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].path, "keycloak.extraVolumeMounts");
}
