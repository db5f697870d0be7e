//! The JSON Schema: the checked-in file is what the Rust types generate and what
//! `customimage schema` prints; validating values against it gives `schema` findings at the
//! offending value and `unknown-key` findings (with a suggestion) at the misspelt key.

use crate::support::api::{load, rule_name, Diagnostic, LocatedValues, Severity, SourceFile};
use crate::support::cli::command;

const CHECKED_IN: &str = include_str!("../../schemas/customimage.schema.json");

#[test]
fn the_checked_in_schema_is_what_the_types_generate() {
    assert!(
        CHECKED_IN == crate::support::api::schema_text(),
        "schemas/customimage.schema.json is stale: regenerate it with \
         `cargo run -q -- schema > schemas/customimage.schema.json`"
    );
}

#[test]
fn customimage_schema_prints_the_checked_in_file() {
    let out = command().arg("schema").output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), CHECKED_IN);
}

#[test]
fn the_schema_is_valid_draft_2020_12_and_closed_inside_the_block() {
    let schema: serde_json::Value = serde_json::from_str(CHECKED_IN).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(jsonschema::meta::is_valid(&schema));
    let validator = jsonschema::validator_for(&schema).unwrap();
    // Other top-level keys are allowed; unknown keys inside the block are not.
    assert!(validator.is_valid(&serde_json::json!({"hub": {"x": 1}, "customImage": {}})));
    assert!(!validator.is_valid(&serde_json::json!({"customImage": {"pushRepoPerfix": "x"}})));
    assert!(!validator.is_valid(&serde_json::json!(
        {"customImage": {"buildJob": {"image": {"tags": "x"}}}}
    )));
}

fn load_text(text: &str) -> (SourceFile, LocatedValues, Vec<Diagnostic>) {
    let source = SourceFile::new("values.yaml", text);
    let (located, diagnostics) = load(&source);
    (source, located, diagnostics)
}

#[test]
fn type_errors_are_located_at_the_value_with_expected_and_found_types() {
    let (source, located, diagnostics) = load_text(
        "customImage:\n  registryEndpoint: docker.io\n  insecureSkipVerify: \"yes\"\n  \
         buildJob:\n    image: infuseai/buildah\n    resources:\n      requests:\n        \
         memory: [1Gi]\n",
    );
    assert!(!located.typed, "a real type error leaves the model untyped");
    let found: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            (
                rule_name(d),
                d.path.as_str(),
                source.line_col(d.span.offset),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("schema", "customImage.insecureSkipVerify", (3, 23)),
            ("schema", "customImage.buildJob.image", (5, 12)),
            (
                "schema",
                "customImage.buildJob.resources.requests.memory",
                (8, 17)
            ),
        ]
    );
    assert_eq!(
        diagnostics[0].message,
        "`customImage.insecureSkipVerify` must be a boolean, but Helm reads a string"
    );
    assert_eq!(
        diagnostics[1].message,
        "`customImage.buildJob.image` must be an object, but Helm reads a string"
    );
    assert_eq!(
        diagnostics[2].message,
        "`customImage.buildJob.resources.requests.memory` must be a string or number, but Helm \
         reads an array"
    );
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Error));
}

#[test]
fn a_block_that_is_not_a_mapping_is_a_schema_error_at_its_value() {
    let (source, located, diagnostics) = load_text("customImage: enabled\n");
    assert!(!located.typed && located.block_present);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].path, "customImage");
    assert_eq!(source.line_col(diagnostics[0].span.offset), (1, 14));
}

#[test]
fn a_document_that_is_not_a_mapping_is_a_schema_error_at_line_1() {
    let (source, _, diagnostics) = load_text("- customImage\n- x\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(rule_name(&diagnostics[0]), "schema");
    assert_eq!(source.line_col(diagnostics[0].span.offset), (1, 1));
    assert!(diagnostics[0].message.contains("must be a mapping"));
}

#[test]
fn unknown_keys_are_reported_at_the_key_with_a_suggestion_and_nothing_else() {
    let (source, located, diagnostics) = load_text(
        "customImage:\n  registryEndpoint: docker.io\n  pushRepoPerfix: docker.io/ns\n  \
         buildJob:\n    resources:\n      limits:\n        memroy: 2Gi\n        cpu: 1\n  \
         colour: blue\n",
    );
    let found: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            (
                rule_name(d),
                d.path.as_str(),
                source.line_col(d.span.offset),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("unknown-key", "customImage.pushRepoPerfix", (3, 3)),
            ("unknown-key", "customImage.colour", (9, 3)),
            (
                "unknown-key",
                "customImage.buildJob.resources.limits.memroy",
                (7, 9)
            ),
        ]
    );
    assert_eq!(
        diagnostics[0].message,
        "`pushRepoPerfix` is not a key of `customImage`; did you mean `pushRepoPrefix`?"
    );
    assert!(diagnostics[2].message.ends_with("did you mean `memory`?"));
    assert!(!diagnostics[1].message.contains("did you mean"));
    // The rest of the block is still there for the other rules.
    assert!(located.typed);
    assert_eq!(located.custom_image.endpoint(), Some("docker.io"));
    let limits = located
        .custom_image
        .build_job
        .as_ref()
        .unwrap()
        .resources
        .as_ref()
        .unwrap();
    assert_eq!(limits.limits.as_ref().unwrap().cpu.as_ref().unwrap().0, "1");
    assert_eq!(limits.limits.as_ref().unwrap().memory, None);
}

#[test]
fn an_unknown_key_and_a_type_error_are_both_reported() {
    let (_, located, diagnostics) =
        load_text("customImage:\n  registryPasword: x\n  enabled: maybe\n");
    let rules: Vec<_> = diagnostics.iter().map(|d| rule_name(d)).collect();
    assert_eq!(rules, ["unknown-key", "schema"]);
    assert!(diagnostics[0].message.contains("`registryPassword`"));
    assert!(!located.typed);
}

#[test]
fn keys_outside_the_block_are_not_checked() {
    let (_, located, diagnostics) =
        load_text("anything: {goes: [1, 2]}\ncustomImage:\n  enabled: true\n");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert!(located.typed);
}
