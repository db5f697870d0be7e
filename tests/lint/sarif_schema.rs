//! `lint --format sarif` against the SARIF 2.1.0 JSON Schema (vendored in `tests/data/sarif/`,
//! origin in its `ORIGIN.md`): findings, in-source suppressions (comments) and external ones
//! (`--ignore`, `.customimage.yaml`) all validate, and suppressed results carry their kind.

use serde_json::Value;

const SARIF_SCHEMA: &str = include_str!("../data/sarif/sarif-2.1.0-rtm.5.json");

fn sarif(args: &[&str]) -> Value {
    let out = crate::support::cli::command()
        .args(["lint", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The schema's `run.language` pattern, `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, has a stray
/// `]` that the meta-schema's `regex` format refuses; it is replaced, in memory only, by the
/// language tag it describes. Nothing this tool writes has a `language`.
fn validator() -> jsonschema::Validator {
    let text = SARIF_SCHEMA.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    assert_ne!(text, SARIF_SCHEMA, "the known flaw is where it was");
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(log: &Value) {
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// (ruleId, the kinds of its suppressions) of every result.
fn results(log: &Value) -> Vec<(String, Vec<String>)> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let kinds = r["suppressions"]
                .as_array()
                .map(|s| {
                    s.iter()
                        .map(|k| k["kind"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            (r["ruleId"].as_str().unwrap().to_string(), kinds)
        })
        .collect()
}

#[test]
fn the_vendored_schema_rejects_what_sarif_forbids() {
    let mut log = sarif(&["fixtures/suppress/line.yaml"]);
    assert_valid(&log);
    log["runs"][0]["results"][0]["suppressions"][0]["kind"] = "byComment".into();
    assert!(
        !validator().is_valid(&log),
        "an unknown suppression kind is refused"
    );
}

#[test]
fn in_source_and_external_suppressions_are_valid_sarif() {
    let log = sarif(&[
        "fixtures/suppress/file.yaml",
        "fixtures/suppress/unused.env",
        "fixtures/values/push-repo-precedence.yaml",
        "--ignore",
        "push-repo-precedence",
    ]);
    assert_valid(&log);
    let found = results(&log);
    let kinds = |rule: &str| -> Vec<Vec<String>> {
        found
            .iter()
            .filter(|(r, _)| r == rule)
            .map(|(_, k)| k.clone())
            .collect()
    };
    assert_eq!(kinds("enabled-ignored"), [vec!["inSource".to_string()]]);
    // Suppressed by file.yaml's comment and turned off by --ignore: the rule being off wins.
    assert_eq!(
        kinds("push-repo-precedence"),
        [vec!["external".to_string()], vec!["external".to_string()]]
    );
    assert_eq!(kinds("unused-suppression"), [Vec::<String>::new()]);
}
