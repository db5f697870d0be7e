//! Unit tests of the 2.x → 3.x key mapping.

use super::*;
use crate::env::parse_with;
use crate::rules::{env_diagnostics, Diagnostic, Severity};
use crate::source::SourceFile;

/// The mapping's findings as the rules report them.
fn map(text: &str) -> (SourceFile, LocatedValues, Vec<Diagnostic>) {
    let source = SourceFile::new("test.env", text);
    let mut env = parse_with(&source, &|_| None);
    assert!(env.findings.is_empty(), "{:?}", env.findings);
    let (located, findings) = to_values(&mut env);
    (source, located, env_diagnostics(&findings))
}

fn at(source: &SourceFile, span: Span) -> &str {
    &source.text[span.offset..span.end()]
}

fn rules(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.rule.name()).collect()
}

#[test]
fn every_current_key_maps_to_its_value_with_spans() {
    let (source, located, diagnostics) = map(concat!(
        "PRIMEHUB_DOMAIN=hub.example.com\n",
        "PRIMEHUB_FEATURE_CUSTOM_IMAGE=true\n",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=http://registry.local:5000\n",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=builder\n",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='pw-mapping-test'\n",
        "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=registry.local:5000/ml\n",
        "PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO=registry.local:5000/ml/images\n",
        "PRIMEHUB_CUSTOM_IMAGE_PUSH_SECRET_NAME=my-push-secret\n",
        "PRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY=true\n",
    ));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let custom_image = &located.custom_image;
    assert_eq!(custom_image.enabled, Some(true));
    assert_eq!(
        custom_image.registry_endpoint.as_deref(),
        Some("http://registry.local:5000")
    );
    assert_eq!(custom_image.registry_username.as_deref(), Some("builder"));
    assert_eq!(
        custom_image.registry_password.as_ref().map(Secret::expose),
        Some("pw-mapping-test")
    );
    assert_eq!(
        custom_image.push_repo_prefix.as_deref(),
        Some("registry.local:5000/ml")
    );
    assert_eq!(
        custom_image.push_repo.as_deref(),
        Some("registry.local:5000/ml/images")
    );
    assert_eq!(
        custom_image.push_secret_name.as_deref(),
        Some("my-push-secret")
    );
    assert_eq!(custom_image.insecure_skip_verify, Some(true));
    assert!(custom_image.build_job.is_none());
    assert!(located.typed && located.block_present && located.is_env());
    assert_eq!(located.block_span, Span::new(0, 0));
    assert_eq!(located.value_spans.len(), 8);
    let path = "customImage.registryPassword";
    assert_eq!(at(&source, located.value_span(path)), "'pw-mapping-test'");
    assert_eq!(
        at(&source, located.key_span(path)),
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD"
    );
    assert_eq!(
        located.display_path("customImage.pushRepoPrefix"),
        "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX"
    );
    let secrets: Vec<&str> = located
        .secret_spans
        .iter()
        .map(|s| at(&source, *s))
        .collect();
    assert_eq!(secrets, vec!["'pw-mapping-test'"]);
}

#[test]
fn unset_and_empty_keys_are_left_out() {
    let (_, located, diagnostics) = map(concat!(
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=\n",
        "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=''\n",
        "PRIMEHUB_DOMAIN=hub.example.com\n",
        "KC_PASSWORD=other-component\n",
    ));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(located.custom_image, CustomImage::default());
    assert!(!located.block_present && located.typed);
    assert!(located.value_spans.is_empty() && located.env_keys.is_empty());
}

#[test]
fn env_invalid_bool_accepts_only_true_and_false() {
    for bad in ["True", "yes", "1", "\"true \""] {
        let (source, located, diagnostics) = map(&format!("PRIMEHUB_FEATURE_CUSTOM_IMAGE={bad}\n"));
        assert_eq!(rules(&diagnostics), vec!["env-invalid-bool"], "{bad}");
        assert_eq!(source.line_col(diagnostics[0].span.offset), (1, 31));
        assert_eq!(diagnostics[0].severity, Severity::Error);
        assert_eq!(located.custom_image.enabled, None);
    }
    let (_, _, diagnostics) = map("PRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY=yes\n");
    assert!(diagnostics[0].help.contains("=true"));
    let (_, located, diagnostics) = map(
        "PRIMEHUB_FEATURE_CUSTOM_IMAGE=false\nPRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY=\"true\"\n",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(located.custom_image.enabled, Some(false));
    assert_eq!(located.custom_image.insecure_skip_verify, Some(true));
}

#[test]
fn a_deprecated_name_alone_is_used_with_a_warning() {
    let (source, located, diagnostics) = map(concat!(
        "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io\n",
        "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_PASSWORD=pw-deprecated\n",
    ));
    assert_eq!(
        rules(&diagnostics),
        vec!["env-deprecated-key", "env-deprecated-key"]
    );
    let d = &diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(source.line_col(d.span.offset), (1, 1));
    assert!(d
        .message
        .contains("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT"));
    assert!(d
        .help
        .contains("rename it to `PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT`"));
    assert_eq!(
        located.custom_image.registry_endpoint.as_deref(),
        Some("https://gcr.io")
    );
    assert_eq!(
        located.display_path("customImage.registryEndpoint"),
        "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_ENDPOINT"
    );
    // The deprecated password is masked too.
    assert_eq!(located.secret_spans.len(), 1);
    assert_eq!(at(&source, located.secret_spans[0]), "pw-deprecated");
}

#[test]
fn both_names_with_the_same_value_only_warn() {
    let (_, located, diagnostics) = map(concat!(
        "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=gcr.io/p\n",
        "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REPO_PREFIX=gcr.io/p\n",
    ));
    assert_eq!(rules(&diagnostics), vec!["env-deprecated-key"]);
    assert!(diagnostics[0].help.contains("remove it"));
    assert_eq!(
        located.display_path("customImage.pushRepoPrefix"),
        "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX"
    );
}

#[test]
fn env_conflicting_alias_when_the_values_differ() {
    let (source, located, diagnostics) = map(concat!(
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n",
        "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io\n",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=pw-current-one\n",
        "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_PASSWORD=pw-old-one\n",
    ));
    let conflicts: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.rule.name() == "env-conflicting-alias")
        .collect();
    assert_eq!(conflicts.len(), 2);
    assert_eq!(conflicts[0].severity, Severity::Error);
    assert_eq!(source.line_col(conflicts[0].span.offset), (2, 52));
    assert!(conflicts[0].message.contains("`https://gcr.io`"));
    for d in &diagnostics {
        for text in [&d.message, &d.help] {
            assert!(!text.contains("pw-current-one") && !text.contains("pw-old-one"));
        }
    }
    assert_eq!(located.secret_spans.len(), 2);
}

#[test]
fn env_unknown_key_suggests_the_closest_name() {
    let (source, located, diagnostics) = map(concat!(
        "PRIMEHUB_DOMAIN=hub.example.com\n",
        "PRIMEHUB_CUSTOM_IMAGE_REPO_PERFIX=docker.io/infuseai\n",
        "PRIMEHUB_CUSTOM_IMAGE_REPO_PERFIX=docker.io/infuseai\n",
        "primehub_custom_image_registry_endpoint=docker.io\n",
        "PRIMEHUB_CUSTOM_IMAGE_BUILD_JOB_SOMETHING_ELSE_ENTIRELY=1\n",
    ));
    assert_eq!(
        rules(&diagnostics),
        vec!["env-unknown-key", "env-unknown-key", "env-unknown-key"]
    );
    assert_eq!(source.line_col(diagnostics[0].span.offset), (2, 1));
    assert!(diagnostics[0]
        .help
        .contains("`PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX`"));
    assert!(diagnostics[1]
        .help
        .contains("`PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT`"));
    assert!(!diagnostics[2].help.contains("did you mean"));
    assert!(!located.block_present);
}

#[test]
fn a_misspelt_password_key_is_still_treated_as_a_secret() {
    assert!(crate::redact::is_secret_key(
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASWROD"
    ));
    assert!(crate::redact::is_secret_key("KC_PASSWORD"));
    assert!(!crate::redact::is_secret_key(
        "PRIMEHUB_CUSTOM_IMAGE_PUSH_SECRET_NAME"
    ));
}
