//! Golden human reports (`tests/lint/snapshots/`) for a handful of fixtures: what an operator sees,
//! snippet and all. Two of them have a password in view, which must show as `****`.

use crate::support::api::{
    check_source, human_report as render, FileResult, InputKind, SourceFile,
};

fn report(name: &str, release: &str) -> (FileResult, String) {
    let path = format!("fixtures/values/{name}.yaml");
    let source = SourceFile::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let result = check_source(source, InputKind::Yaml, release);
    let text = render(std::slice::from_ref(&result), false);
    (result, text)
}

/// The password as written in the fixture (without YAML quotes).
fn password(result: &FileResult) -> String {
    result
        .located
        .custom_image
        .password()
        .expect("the fixture has a password")
        .to_string()
}

#[test]
fn registry_mismatch() {
    let (_, text) = report("registry-mismatch", "primehub");
    insta::assert_snapshot!("registry_mismatch", text);
}

#[test]
fn invalid_quantity() {
    let (_, text) = report("invalid-quantity", "primehub");
    insta::assert_snapshot!("invalid_quantity", text);
}

#[test]
fn ecr_endpoint_from_the_docs_typo() {
    let (_, text) = report("ecr-endpoint", "primehub");
    insta::assert_snapshot!("ecr_endpoint", text);
}

#[test]
fn missing_endpoint_at_the_block() {
    let (_, text) = report("missing-endpoint", "primehub");
    insta::assert_snapshot!("missing_endpoint", text);
}

#[test]
fn unused_credentials_masks_the_password_next_to_the_finding() {
    let (result, text) = report("unused-credentials", "primehub");
    let secret = password(&result);
    assert!(!text.contains(&secret), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("registryPassword:"))
        .expect("the password line is in the snippet");
    assert!(
        line.trim_end().ends_with("registryPassword: ****"),
        "{line}"
    );
    insta::assert_snapshot!("unused_credentials", text);
}

#[test]
fn gcr_key_json_masks_the_key_it_points_at() {
    let (result, text) = report("gcr-key-json", "primehub");
    let secret = password(&result);
    assert!(!text.contains(&secret), "{text}");
    assert!(
        !text.contains("PRIVATE KEY") && !text.contains("project_id"),
        "{text}"
    );
    let line = text
        .lines()
        .find(|l| l.contains("registryPassword:"))
        .expect("the password line is in the snippet");
    assert!(
        line.trim_end().ends_with("registryPassword: ****"),
        "{line}"
    );
    insta::assert_snapshot!("gcr_key_json", text);
}
