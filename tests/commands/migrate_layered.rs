//! `migrate ENV [--into VALUES] -f FILE… --set…`: a 2.x install whose values came in layers.
//! What 2.x deployed is the `.env`'s block, then VALUES, then the files and flags; what 3.x
//! deploys is the migrated output, then the same files and flags. Helm itself (the oracle)
//! computes both, and they must be the same values; a `.env` key a later layer overrides is not
//! written, and the override is reported where it is written.

use std::path::Path;

use crate::support::cli::{command, Run};
use crate::support::helm::{chart_values, oracle};
use crate::support::write_file;
use serde_json::{json, Value};

const ENV: &str = "\
PRIMEHUB_FEATURE_CUSTOM_IMAGE=true
PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://registry.example.com
PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=builder
PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='Canary-Layered-7f3'
PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=registry.example.com/team
PRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY=false
";
const PASSWORD: &str = "Canary-Layered-7f3";

const OVERRIDE: &str = "\
# 2.x helm_override/primehub.yaml
primehub:
  mode: ee
customImage:
  # the team's own prefix
  pushRepoPrefix: registry.example.com/ml
";
const PROD: &str = "customImage:\n  registryUsername: robot\n  insecureSkipVerify: null\n";

fn migrate(dir: &Path, args: &[&str]) -> Run {
    let out = command()
        .current_dir(dir)
        .arg("migrate")
        .args(args)
        .output()
        .unwrap();
    Run::utf8(out)
}

fn text(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// One layered configuration for the oracle: files (texts) and `--set*` flags in Helm's order.
fn case(files: &[String], sets: &[(&str, &str)]) -> Value {
    json!({
        "files": files,
        "sets": sets.iter().map(|(k, e)| json!([k, e])).collect::<Vec<_>>(),
        "release": "primehub",
    })
}

/// The top-level `customImage` keys of Helm's effective values.
fn keys(answer: &Value) -> Vec<String> {
    let mut keys: Vec<String> = answer["ok"]["values"]["customImage"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

struct Scenario {
    name: &'static str,
    /// The command line after `migrate ENV`; `into` and the `-f` files are in the directory.
    args: Vec<&'static str>,
    into: Option<&'static str>,
    rest: Vec<&'static str>,
    sets: Vec<(&'static str, &'static str)>,
    /// The `customImage` keys the output must hold (the `.env`'s that won, and VALUES' own).
    written: Vec<&'static str>,
    /// Words every warning about an override must show.
    warnings: Vec<&'static str>,
}

#[test]
fn the_migrated_values_layered_with_the_same_files_are_what_2x_deployed_by_helm() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(d, "2x.env", ENV);
    write_file(d, "override.yaml", OVERRIDE);
    write_file(d, "prod.yaml", PROD);
    write_file(d, "gone.yaml", "customImage: null\n");
    let plain = migrate(d, &["2x.env"]);
    assert_eq!(plain.code, Some(0), "{}", plain.output());
    let env_block = plain.stdout.clone();

    let scenarios = vec![
        Scenario {
            name: "a later file overrides one key and deletes another",
            args: vec!["-f", "prod.yaml"],
            into: None,
            rest: vec!["prod.yaml"],
            sets: vec![],
            written: vec![
                "enabled",
                "registryEndpoint",
                "registryPassword",
                "pushRepoPrefix",
            ],
            warnings: vec![
                "customImage.registryUsername: prod.yaml:2 sets robot",
                "2x.env:3 (PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME) sets builder",
                "customImage.insecureSkipVerify: prod.yaml:3 deletes it with null",
            ],
        },
        Scenario {
            name: "into VALUES, then a file and flags",
            args: vec![
                "--into",
                "override.yaml",
                "-f",
                "prod.yaml",
                "--set",
                "customImage.pushRepoPrefix=registry.example.com/prod",
                "--set-json",
                r#"customImage.registryPassword="other-secret""#,
            ],
            into: Some("override.yaml"),
            rest: vec!["prod.yaml"],
            sets: vec![
                ("json", r#"customImage.registryPassword="other-secret""#),
                (
                    "set",
                    "customImage.pushRepoPrefix=registry.example.com/prod",
                ),
            ],
            written: vec!["enabled", "registryEndpoint", "pushRepoPrefix"],
            warnings: vec![
                "customImage.pushRepoPrefix: --set sets registry.example.com/prod",
                "customImage.registryPassword: --set-json and 2x.env:4",
                "(a secret, not shown)",
            ],
        },
        Scenario {
            name: "a later file deletes the whole block",
            args: vec!["-f", "gone.yaml"],
            into: None,
            rest: vec!["gone.yaml"],
            sets: vec![],
            written: vec![],
            warnings: vec!["customImage.registryEndpoint: gone.yaml:1 deletes it with null"],
        },
    ];

    let mut runs = Vec::new();
    let mut batch = Vec::new();
    for s in &scenarios {
        let mut args = vec!["2x.env"];
        args.extend(&s.args);
        let run = migrate(d, &args);
        assert_eq!(run.code, Some(0), "{}: {}", s.name, run.output());
        assert!(
            !run.stderr.contains(PASSWORD) && !run.stderr.contains("other-secret"),
            "{}: a password in the messages:\n{}",
            s.name,
            run.stderr
        );
        for warning in &s.warnings {
            assert!(
                run.stderr.contains(warning),
                "{}: no {warning:?} in:\n{}",
                s.name,
                run.stderr
            );
        }
        if let Some(into) = s.into {
            // Every line of VALUES is kept, in order: the keys are added inside its block.
            let original = text(d, into);
            let mut lines = run.stdout.lines();
            for line in original.lines() {
                assert!(lines.any(|l| l == line), "{}: {line:?} lost", s.name);
            }
        }
        let rest: Vec<String> = s.rest.iter().map(|f| text(d, f)).collect();
        // 2.x: the `.env`'s block, VALUES, the rest; 3.x: the output, the rest.
        let mut before = vec![env_block.clone()];
        before.extend(s.into.map(|f| text(d, f)));
        before.extend(rest.iter().cloned());
        let mut after = vec![run.stdout.clone()];
        after.extend(rest.iter().cloned());
        batch.push(case(&before, &s.sets));
        batch.push(case(&after, &s.sets));
        // The output alone, to see which keys it writes.
        batch.push(case(std::slice::from_ref(&run.stdout), &[]));
        runs.push(run);
    }
    let answers = oracle(
        &json!({"layered": batch, "chart_values": chart_values()}),
        d,
    );
    let answers = answers["layered"].as_array().unwrap();
    for (i, s) in scenarios.iter().enumerate() {
        let (before, after, alone) = (&answers[3 * i], &answers[3 * i + 1], &answers[3 * i + 2]);
        assert!(before.get("ok").is_some(), "{}: Helm: {before}", s.name);
        assert_eq!(before, after, "{}: 2.x and 3.x differ per Helm", s.name);
        // The keys the output itself writes (Helm adds the chart's defaults to the rest).
        let mut written: Vec<String> = s.written.iter().map(|k| k.to_string()).collect();
        written.sort();
        let own: Vec<String> = keys(alone)
            .into_iter()
            .filter(|k| runs[i].stdout.contains(&format!("  {k}: ")))
            .collect();
        assert_eq!(own, written, "{}: {}", s.name, runs[i].stdout);
    }
}

#[test]
fn a_combination_the_rules_refuse_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(d, "2x.env", ENV);
    // Pushing to another registry than the one logged in to: wrong only in combination.
    write_file(
        d,
        "elsewhere.yaml",
        "customImage:\n  pushRepoPrefix: quay.io/team\n",
    );
    let run = migrate(d, &["2x.env", "-f", "elsewhere.yaml", "-o", "out.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.output());
    assert!(run.stderr.contains("registry-mismatch"), "{}", run.stderr);
    assert!(run.stderr.contains("elsewhere.yaml"), "{}", run.stderr);
    assert!(!d.join("out.yaml").exists());
    assert!(!run.stderr.contains(PASSWORD), "{}", run.stderr);
}

#[test]
fn a_later_file_helm_cannot_read_stops_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(d, "2x.env", ENV);
    write_file(d, "broken.yaml", "customImage: {pushRepo: [\n");
    let run = migrate(d, &["2x.env", "-f", "broken.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.output());
    assert!(run.stdout.is_empty(), "{}", run.output());
    assert!(run.stderr.contains("broken.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("yaml-syntax"), "{}", run.stderr);
}

#[test]
fn in_place_with_layers_keeps_the_original_and_writes_only_the_keys_that_won() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_file(d, "2x.env", ENV);
    let values = write_file(d, "override.yaml", OVERRIDE);
    write_file(d, "prod.yaml", PROD);
    let run = migrate(
        d,
        &[
            "2x.env",
            "--into",
            "override.yaml",
            "--in-place",
            "-f",
            "prod.yaml",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.output());
    assert_eq!(text(d, "override.yaml.bak"), OVERRIDE);
    let merged = std::fs::read_to_string(&values).unwrap();
    assert!(
        merged.starts_with(OVERRIDE.trim_end_matches('\n')),
        "{merged}"
    );
    assert!(
        merged.contains("registryPassword: Canary-Layered-7f3"),
        "{merged}"
    );
    // prod.yaml sets the username and deletes insecureSkipVerify: neither is written.
    assert!(!merged.contains("registryUsername"), "{merged}");
    assert!(!merged.contains("insecureSkipVerify"), "{merged}");
    // The `.env`'s prefix lost to VALUES' own.
    assert!(
        merged.contains("pushRepoPrefix: registry.example.com/ml"),
        "{merged}"
    );
    assert!(!merged.contains("registry.example.com/team"), "{merged}");
    assert_eq!(crate::support::migrate::mode(&values), 0o600);
}
