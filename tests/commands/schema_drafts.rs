//! The schema in both drafts: the checked-in copies are what the types generate, each is a valid
//! schema of its draft, and Helm itself (its Go library, through helm-python-sdk) uses each as a
//! chart's `values.schema.json` to refuse a bad `customImage` and accept a good one.

use std::path::Path;
use std::process::Command;

use customimage::values::schema_drafts::{schema_text, Draft};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn the_checked_in_copies_are_what_the_types_generate() {
    for draft in Draft::ALL {
        let path = Path::new(ROOT).join(draft.checked_in_path());
        let generated = schema_text(draft);
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == generated,
            "{} is stale: regenerate it with `UPDATE_SCHEMAS=1 cargo test --test schema_drafts`",
            draft.checked_in_path()
        );
    }
}

#[test]
fn each_copy_is_a_valid_schema_of_its_draft_and_closes_the_block() {
    for draft in Draft::ALL {
        let schema: serde_json::Value = serde_json::from_str(&schema_text(draft)).unwrap();
        // The meta-schema named by `$schema` (draft-07 or 2020-12) accepts it.
        assert!(jsonschema::meta::is_valid(&schema), "{}", draft.slug());
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(validator.is_valid(&serde_json::json!({"hub": {"x": 1}, "customImage": {}})));
        assert!(!validator.is_valid(&serde_json::json!({"customImage": {"pushRepoPerfix": "x"}})));
        assert!(!validator.is_valid(&serde_json::json!(
            {"customImage": {"buildJob": {"resources": {"limits": {"cpu": [1]}}}}}
        )));
    }
}

const CHART_YAML: &str = "apiVersion: v2\nname: imagebuilder\nversion: 0.1.0\n";
const GOOD: &str = "customImage:\n  registryEndpoint: https://gcr.io\n  pushRepo: gcr.io/my-project/images\n  registryUsername: _json_key\n";
const BAD_KEY: &str = "customImage:\n  registryEndpoint: https://gcr.io\n  pushRepoPerfix: gcr.io/my-project/images\n";
const BAD_TYPE: &str = "customImage:\n  registryEndpoint: https://gcr.io\n  buildJob:\n    resources:\n      limits:\n        cpu: [1, 2]\n";

/// Lints a chart whose `values.schema.json` is `schema` and whose `values.yaml` is `values`, with
/// Helm's own lint action; returns the error-level messages.
fn helm_lint(schema: &str, values: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("imagebuilder");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(chart.join("Chart.yaml"), CHART_YAML).unwrap();
    std::fs::write(chart.join("values.yaml"), values).unwrap();
    std::fs::write(chart.join("values.schema.json"), schema).unwrap();
    std::fs::write(
        chart.join("templates/configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-imagebuilder\ndata:\n  endpoint: {{ .Values.customImage.registryEndpoint | quote }}\n",
    )
    .unwrap();
    let script = r#"
import json, sys
from helm_python import chart
report = chart.lint(sys.argv[1])
print(json.dumps([m["error"] for m in report["messages"] if m["severity"] == 3] + report.get("errors") or []))
"#;
    let out = Command::new(Path::new(ROOT).join(".venv/bin/python"))
        .arg("-c")
        .arg(script)
        .arg(&chart)
        .output()
        .expect("the .venv of scripts/setup.sh, with helm-python-sdk");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut errors: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    errors.dedup();
    errors
}

#[test]
fn helm_lint_uses_either_draft_to_refuse_a_bad_block_and_accept_a_good_one() {
    for draft in Draft::ALL {
        let schema = schema_text(draft);
        let good = helm_lint(&schema, GOOD);
        assert!(good.is_empty(), "{}: {good:?}", draft.slug());
        let typo = helm_lint(&schema, BAD_KEY).join("\n");
        assert!(
            typo.contains("pushRepoPerfix") && typo.contains("schema"),
            "{}: {typo}",
            draft.slug()
        );
        let wrong_type = helm_lint(&schema, BAD_TYPE).join("\n");
        assert!(
            wrong_type.contains("cpu") || wrong_type.contains("limits"),
            "{}: {wrong_type}",
            draft.slug()
        );
    }
}

#[test]
fn helm_lint_without_the_schema_accepts_the_bad_block() {
    // The oracle is the schema, not the chart: without it Helm lets the typo through.
    assert!(helm_lint("{}", BAD_KEY).is_empty());
}

#[test]
fn customimage_schema_prints_each_draft() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_customimage"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(run(&["schema"]), schema_text(Draft::Draft2020_12));
    assert_eq!(
        run(&["schema", "--draft", "2020-12"]),
        schema_text(Draft::Draft2020_12)
    );
    for seven in ["7", "07", "draft-07"] {
        assert_eq!(
            run(&["schema", "--draft", seven]),
            schema_text(Draft::Draft07)
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_customimage"))
        .args(["schema", "--draft", "4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
