//! For the values rules' unit tests: `customImage` blocks built in memory and located with a
//! span per written value, run through every values rule.

use std::collections::BTreeMap;

use super::api::{check_values, rule_name, CustomImage, LocatedValues};
pub use super::api::{Diagnostic, Severity, Span};
pub use serde_json::{json, Value};

pub const BLOCK: Span = Span { offset: 0, len: 12 };

/// A located block whose every written value has its own span.
pub fn located(block: Value) -> LocatedValues {
    let custom_image: CustomImage =
        serde_json::from_value(block.clone()).expect("a valid customImage block");
    let mut value_spans = BTreeMap::new();
    let mut leaves = Vec::new();
    collect("customImage", &block, &mut leaves);
    for (i, path) in leaves.into_iter().enumerate() {
        value_spans.insert(path, Span::new(100 + i * 100, 5));
    }
    LocatedValues {
        custom_image,
        typed: true,
        block_present: true,
        block_span: BLOCK,
        value_spans,
        ..Default::default()
    }
}

pub fn collect(prefix: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                collect(&format!("{prefix}.{key}"), child, out);
            }
        }
        _ => out.push(prefix.to_string()),
    }
}

pub fn lint_as(block: Value, release: &str) -> (LocatedValues, Vec<Diagnostic>) {
    let located = located(block);
    let diagnostics = check_values(&located, release);
    (located, diagnostics)
}

pub fn lint(block: Value) -> (LocatedValues, Vec<Diagnostic>) {
    lint_as(block, "primehub")
}

pub fn of<'a>(rule: &str, diagnostics: &'a [Diagnostic]) -> Vec<&'a Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| rule_name(d) == rule)
        .collect()
}

/// Exactly one finding of `rule`, at the value of `path` (or the block when not written).
pub fn expect_one(block: Value, rule: &str, path: &str) -> Diagnostic {
    expect_one_as(block, "primehub", rule, path)
}

pub fn expect_one_as(block: Value, release: &str, rule: &str, path: &str) -> Diagnostic {
    let (located, diagnostics) = lint_as(block, release);
    let found = of(rule, &diagnostics);
    assert_eq!(found.len(), 1, "{rule}: {diagnostics:#?}");
    let d = found[0].clone();
    assert_eq!(d.path, path, "{rule}");
    assert_eq!(d.span, located.value_span(path), "{rule}");
    assert!(!d.help.is_empty(), "{rule} has no help");
    d
}

pub fn expect_none(block: Value, rule: &str) {
    let (_, diagnostics) = lint(block);
    assert!(
        of(rule, &diagnostics).is_empty(),
        "{rule}: {diagnostics:#?}"
    );
}

pub const PEM: &str = "-----BEGIN PRIVATE KEY-----\nTUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD\n-----END PRIVATE KEY-----\n";

pub fn gcr_key(project: &str) -> String {
    json!({
        "type": "service_account",
        "project_id": project,
        "private_key_id": "0123456789abcdef",
        "private_key": PEM,
        "client_email": format!("builder@{project}.iam.gserviceaccount.com"),
    })
    .to_string()
}

pub fn dockerhub() -> Value {
    json!({
        "enabled": true,
        "registryEndpoint": "docker.io",
        "registryUsername": "my-user",
        "registryPassword": "dckr_pat_canary-secret",
        "pushRepo": "docker.io/my-user/custom-images",
    })
}

pub fn gcr() -> Value {
    json!({
        "enabled": true,
        "registryEndpoint": "https://gcr.io",
        "registryUsername": "_json_key",
        "registryPassword": gcr_key("my-project"),
        "pushRepo": "gcr.io/my-project/custom-images",
    })
}

pub fn ecr() -> Value {
    json!({
        "registryEndpoint": "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "pushRepo": "123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-images",
        "pushSecretName": "aws-registry",
    })
}

pub fn with(mut base: Value, changes: Value) -> Value {
    for (key, value) in changes.as_object().expect("an object") {
        if value.is_null() {
            base.as_object_mut().unwrap().remove(key);
        } else {
            base[key] = value.clone();
        }
    }
    base
}
