//! `migrate ENV [--into VALUES] -f FILE… --set…`: a 2.x install whose values came in layers.
//! What 2.x deployed is the `.env`'s block, then VALUES, then the files and flags; what 3.x
//! deploys is the migrated output, then the same files and flags. Helm itself (the oracle)
//! computes both, and they must be the same values; a `.env` key a later layer overrides is not
//! written, and the override is reported where it is written.

use std::path::Path;

use crate::support::cli::{command, Run};
use crate::support::helm::{chart_values, oracle};
use crate::support::migrate::TOP_LEVEL_KEYS;
use crate::support::rng::Rng;
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
            warnings: vec![
                "customImage: gone.yaml:1 sets the whole block to null",
                "registryEndpoint (2x.env:2 (PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT))",
            ],
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

// ------------------------------------------------ random 2.x installs, checked by Helm

const RANDOM_CASES: usize = 160;
const KEYS: &[&str] = TOP_LEVEL_KEYS;
const ENV_KEYS: &[&str] = &[
    "PRIMEHUB_FEATURE_CUSTOM_IMAGE",
    "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT",
    "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME",
    "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD",
    "PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO",
    "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX",
    "PRIMEHUB_CUSTOM_IMAGE_PUSH_SECRET_NAME",
    "PRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY",
];

fn seed() -> u64 {
    std::env::var("MIGRATE_ORACLE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_0A1B)
}

/// A plausible value of `key` for a registry on `host` (a YAML scalar, JSON-quoted), or a
/// `null` that deletes it.
fn value_for(rng: &mut Rng, key: &str, host: &str) -> Value {
    match key {
        "enabled" | "insecureSkipVerify" => json!(rng.chance(70) == (key == "enabled")),
        "registryEndpoint" if host == "docker.io" => {
            json!(rng.pick(&["docker.io", "https://docker.io"]))
        }
        "registryEndpoint" => json!(format!("https://{host}")),
        "registryUsername" => json!(rng.pick(&["builder", "robot", "ci"])),
        "registryPassword" => json!(rng.pick(&["Canary-Rnd-1", "Canary-Rnd-2"])),
        "pushRepo" => json!(format!("{host}/team/{}", rng.pick(&["images", "builds"]))),
        "pushRepoPrefix" => json!(format!("{host}/{}", rng.pick(&["team", "ml"]))),
        _ => json!(rng.pick(&[
            "primehub-controller-custom-image-push-secret",
            "my-push-secret"
        ])),
    }
}

/// One random 2.x install: the `.env`, the block it gives (written from the same draws), an
/// optional `--into` file, later files and `--set` flags, and which `.env` keys must be written.
struct Install {
    env: String,
    env_block: String,
    into: Option<String>,
    rest: Vec<String>,
    sets: Vec<(&'static str, String)>,
    expected: Vec<&'static str>,
}

fn random_install(rng: &mut Rng) -> Install {
    let host = rng.pick(&["docker.io", "registry.example.com"]);
    let mut env = String::from("# 2.x\nPRIMEHUB_DOMAIN=hub.example.com\n");
    let mut env_block = String::from("customImage:\n");
    let mut from_env = Vec::new();
    for (key, env_key) in KEYS.iter().zip(ENV_KEYS) {
        if !rng.chance(if *key == "pushRepo" { 20 } else { 65 }) {
            continue;
        }
        let value = value_for(rng, key, host);
        let text = match &value {
            Value::String(s) => format!("'{s}'"),
            other => other.to_string(),
        };
        env.push_str(&format!("{env_key}={text}\n"));
        env_block.push_str(&format!("  {key}: {value}\n"));
        from_env.push(*key);
    }
    // A layer's draw: keys it sets (some to null), or the whole block deleted.
    let mut touched: Vec<&str> = Vec::new();
    let mut block_deleted = false;
    let layer = |rng: &mut Rng, touched: &mut Vec<&'static str>, deleted: &mut bool| {
        if rng.chance(6) {
            *deleted = true;
            return "customImage: null\n".to_string();
        }
        let mut text = String::from("# a later layer\ncustomImage:\n");
        for key in KEYS {
            if rng.chance(25) {
                touched.push(key);
                let value = if rng.chance(20) {
                    "null".to_string()
                } else {
                    value_for(rng, key, host).to_string()
                };
                text.push_str(&format!("  {key}: {value}\n"));
            }
        }
        if text.ends_with("customImage:\n") {
            if rng.chance(50) {
                // `customImage:` with nothing under it is a null: the block is deleted.
                *deleted = true;
            } else {
                text.push_str("  pushSecretName: my-push-secret\n");
                touched.push("pushSecretName");
            }
        }
        if rng.chance(10) {
            text.push_str("fullnameOverride: hub\n");
        }
        text
    };
    let into = rng
        .chance(50)
        .then(|| layer(rng, &mut touched, &mut block_deleted));
    let rest = (0..rng.below(3))
        .map(|_| layer(rng, &mut touched, &mut block_deleted))
        .collect();
    let sets = (0..rng.below(3))
        .map(|_| {
            let key = rng.pick(KEYS);
            touched.push(key);
            let value = value_for(rng, key, host);
            match rng.below(3) {
                0 => ("json", format!("customImage.{key}={value}")),
                1 if rng.chance(20) => ("set", format!("customImage.{key}=null")),
                1 => (
                    "set",
                    format!(
                        "customImage.{key}={}",
                        value.as_str().map_or(value.to_string(), String::from)
                    ),
                ),
                _ => (
                    "string",
                    format!("customImage.{key}={}", value.as_str().unwrap_or("x")),
                ),
            }
        })
        .collect();
    let expected = from_env
        .into_iter()
        .filter(|k| !block_deleted && !touched.contains(k))
        .collect();
    Install {
        env,
        env_block,
        into,
        rest,
        sets,
        expected,
    }
}

/// What 2.x deployed, in order: the `.env`'s block, VALUES, the later files.
fn before_layers(install: &Install) -> Vec<String> {
    let mut before = vec![install.env_block.clone()];
    before.extend(install.into.clone());
    before.extend(install.rest.iter().cloned());
    before
}

fn sets_of(install: &Install) -> Vec<(&str, &str)> {
    install.sets.iter().map(|(k, e)| (*k, e.as_str())).collect()
}

#[test]
fn random_layered_installs_migrate_to_what_2x_deployed_by_helm() {
    let seed = seed();
    let mut rng = Rng(seed);
    let mut batch = Vec::new();
    let mut ran = Vec::new();
    let (mut written, mut refused) = (0, 0);
    let mut helm_refused = Vec::new();
    for i in 0..RANDOM_CASES {
        let install = random_install(&mut rng);
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write_file(d, "2x.env", &install.env);
        let mut args = vec!["2x.env".to_string()];
        if let Some(into) = &install.into {
            write_file(d, "into.yaml", into);
            args.extend(["--into".into(), "into.yaml".into()]);
        }
        for (n, text) in install.rest.iter().enumerate() {
            write_file(d, &format!("r{n}.yaml"), text);
            args.extend(["-f".into(), format!("r{n}.yaml")]);
        }
        for (kind, expr) in &install.sets {
            let flag = match *kind {
                "json" => "--set-json",
                "string" => "--set-string",
                _ => "--set",
            };
            args.extend([flag.into(), expr.clone()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = migrate(d, &args);
        // `lint` of the 2.x layers sees the same effective values, so the same errors.
        let lint_args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "--into" { "-f" } else { a })
            .collect();
        let lint = Run::utf8(
            command()
                .current_dir(d)
                .arg("lint")
                .args(&lint_args)
                .output()
                .unwrap(),
        );
        let context = format!(
            "seed {seed}, case {i}: migrate {args:?}\n--- 2x.env\n{}--- into, -f files\n{}",
            install.env,
            before_layers(&install)[1..].join("---\n")
        );
        if run.code != Some(2) {
            assert_eq!(
                lint.code,
                run.code,
                "{context}\nlint {lint_args:?}: {}\nmigrate: {}",
                lint.output(),
                run.output()
            );
        }
        match run.code {
            // The 3.x set has error findings: refused, nothing written.
            Some(1) => {
                refused += 1;
                assert!(run.stdout.is_empty(), "{context}\n{}", run.output());
                continue;
            }
            Some(0) => written += 1,
            // A `--set` through a block a file deleted: Helm refuses it too (checked below).
            Some(2) if run.stderr.contains("Helm refuses it") => {
                helm_refused.push((context, case(&before_layers(&install), &sets_of(&install))));
                continue;
            }
            _ => panic!("{context}\n{}", run.output()),
        }
        for secret in ["Canary-Rnd-1", "Canary-Rnd-2"] {
            assert!(!run.stderr.contains(secret), "{context}\n{}", run.stderr);
        }
        // Which of the `.env`'s keys the output adds (VALUES' own lines are its own).
        let own = install.into.as_deref().unwrap_or("");
        let added: Vec<&str> = KEYS
            .iter()
            .copied()
            .filter(|k| {
                let line = format!("\n  {k}: ");
                run.stdout.contains(&line) && !own.contains(&line)
            })
            .collect();
        let mut expected = install.expected.clone();
        expected.sort_by_key(|k| KEYS.iter().position(|x| x == k));
        assert_eq!(added, expected, "{context}\n{}", run.output());
        let mut after = vec![run.stdout.clone()];
        after.extend(install.rest.iter().cloned());
        let sets = sets_of(&install);
        batch.push(case(&before_layers(&install), &sets));
        batch.push(case(&after, &sets));
        ran.push(context);
    }
    let dir = tempfile::tempdir().unwrap();
    let checked = batch.len();
    batch.extend(helm_refused.iter().map(|(_, case)| case.clone()));
    let answers = oracle(
        &json!({"layered": batch, "chart_values": chart_values()}),
        dir.path(),
    );
    let answers = answers["layered"].as_array().unwrap();
    for ((context, _), answer) in helm_refused.iter().zip(&answers[checked..]) {
        assert!(answer.get("err").is_some(), "{context}\nHelm: {answer}");
    }
    for (i, context) in ran.iter().enumerate() {
        let (before, after) = (&answers[2 * i], &answers[2 * i + 1]);
        assert!(before.get("ok").is_some(), "{context}\nHelm: {before}");
        assert_eq!(before, after, "{context}\n2.x and 3.x differ per Helm");
    }
    eprintln!(
        "{RANDOM_CASES} random installs (seed {seed}): {written} migrated and proven by Helm, \
         {refused} refused by the rules, {} --set refused by Helm",
        helm_refused.len()
    );
    // Both outcomes must be reached, or the comparison says little.
    assert!(
        written >= RANDOM_CASES / 4 && refused >= 5,
        "{written} written, {refused} refused"
    );
}

/// A `.env` that has no push target alone (an error when it is migrated on its own) with the
/// values file that gave it one in 2.x: the pair is what was deployed, and it is complete.
#[test]
fn a_env_incomplete_alone_migrates_with_the_values_file_that_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let env: String = ENV
        .lines()
        .filter(|l| !l.starts_with("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX="))
        .map(|l| format!("{l}\n"))
        .collect();
    write_file(d, "2x.env", &env);
    write_file(d, "override.yaml", OVERRIDE);
    let alone = migrate(d, &["2x.env"]);
    assert_eq!(alone.code, Some(1), "{}", alone.output());
    assert!(
        alone.stderr.contains("missing-push-target"),
        "{}",
        alone.stderr
    );
    let run = migrate(d, &["2x.env", "--into", "override.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.output());
    assert!(
        run.stdout.ends_with(
            "  pushRepoPrefix: registry.example.com/ml\n  enabled: true\n  \
             registryEndpoint: https://registry.example.com\n  registryUsername: builder\n  \
             registryPassword: Canary-Layered-7f3\n  insecureSkipVerify: false\n"
        ),
        "{}",
        run.stdout
    );
}
