//! `values::helm` against Helm itself: helm-python-sdk (in `.venv`, from `scripts/setup.sh`)
//! embeds Helm's Go library. One Python process answers a whole batch
//! (`tests/helm_oracle/oracle.py`).
//!
//! - Random `--set`-family expressions, parsed by Helm's strvals functions and by ours.
//! - Random layered configurations (2–4 files with nulls, nested maps, lists, type changes,
//!   some with a second document, plus `--set*` flags and releases), rendered by Helm through
//!   a small chart whose `values.yaml` is the PrimeHub chart's and whose template prints
//!   `.Values`,
//!   `.Values.customImage`, its `toYaml` (the controller config map's text) and the names
//!   `primehub.fullname` gives; compared with our effective values, config map text and names.
//! - Golden object names for the releases an operator uses.
//!
//! Random cases come from a fixed seed (`HELM_ORACLE_SEED` overrides it); a failure prints the
//! seed and every disagreeing case.

use std::path::Path;

use customimage::render::{controller_config, Secrets};
use customimage::source::SourceFile;
use customimage::values::helm::strvals::{self, SetKind};
use customimage::values::helm::{Kind, LayeredInput, Map, Node, Origin};
use serde_json::{json, Value};

use crate::support::helm::chart_values;
use crate::support::migrate::TOP_LEVEL_KEYS;
use crate::support::rng::Rng;

const DEFAULT_SEED: u64 = 0x5EED_0009;
const PARSE_CASES_PER_KIND: usize = 100;
const LAYERED_CASES: usize = 320;

fn seed() -> u64 {
    std::env::var("HELM_ORACLE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

fn helm(batch: &Value, cwd: &Path) -> Value {
    crate::support::helm::oracle(batch, cwd)
}

/// Numbers compared as the float64 Helm holds.
fn normalize(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64().unwrap_or(f64::NAN)),
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        other => other.clone(),
    }
}

/// The first place two JSON values differ, as a JSON pointer with both sides.
fn difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                let here = format!("{at}/{key}");
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => {
                        if let Some(d) = difference(p, q, &here) {
                            return Some(d);
                        }
                    }
                    (p, q) => return Some(format!("{here}: {p:?} vs {q:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| difference(p, q, &format!("{at}/{i}"))),
        _ => (a != b).then(|| format!("{at}: {a} vs {b}")),
    }
}

/// Whether Helm's `{"ok": …}` / `{"err": …}` agrees with ours.
fn agree(helm: &Value, ours: &Result<Value, String>) -> bool {
    match (helm.get("ok"), ours) {
        (Some(h), Ok(o)) => normalize(h) == normalize(o),
        (None, Err(_)) => helm.get("err").is_some(),
        _ => false,
    }
}

fn file_reader(dir: &Path) -> impl FnMut(&str) -> Result<String, String> + '_ {
    move |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string())
}

fn map_json(map: Map) -> Value {
    Node::new(Kind::Map(map), Origin::default()).to_json()
}

// ---------------------------------------------------------------- random generation

const SIMPLE_KEYS: &[&str] = &["a", "b", "c", "d", "e", "ab", "k1", "x-y", "ü", "A_B"];
const ODD_KEYS: &[&str] = &["", " a", r"a\.b", r"a\,b", r"a\=b", r"a\[b", r"a\\b", "a b"];
const INDEXES: &[&str] = &["0", "1", "2", "3", "0", "1", "01", "+1"];
const BAD_INDEXES: &[&str] = &["-1", "x", "", "65537", " 1"];

fn random_key(rng: &mut Rng) -> &'static str {
    if rng.chance(85) {
        rng.pick(SIMPLE_KEYS)
    } else {
        rng.pick(ODD_KEYS)
    }
}
const SET_VALUES: &[&str] = &[
    "1",
    "0",
    "007",
    "-5",
    "+3",
    "true",
    "FALSE",
    "Null",
    "null",
    "1.5",
    "1e3",
    "",
    "x y",
    r"a\,b",
    "{a,b}",
    "{}",
    "{1,true,null}",
    "{x,}",
    r"{a\,b,c}",
    "9223372036854775808",
    "-9223372036854775808",
    "ü",
    "[1]",
    "\"q\"",
    "{\"k\":1}",
    "a=b",
    r"a\\",
    "v",
    "0x10",
    "falſe",
    "{a",
    "}",
    " 1",
];
const JSON_VALUES: &[&str] = &[
    "1",
    "\"s\"",
    "true",
    "null",
    "",
    " ",
    "[1,2]",
    "{\"a\":{\"b\":[null]}}",
    "1x",
    "01",
    "\"a,b\"",
    "{\"a\":1} ",
    "[",
    "\"\\u00e9\"",
    "1.5e2",
    "-0",
    "\"\\ud83d\\ude00\"",
    "{\"k\":\"v\",\"k\":\"w\"}",
    "tru",
    "1.",
    "-",
    "{}",
    "[]",
    "\"\\ud83d\"",
    "nullx",
    "1e400",
    "[1, {\"x\": \"y\"}]",
    "\"t\\tab\"",
    "  2",
];
const LITERAL_VALUES: &[&str] = &["x,y=z", r"a\b", "", "{a,b}", "1", "null", "p.q[0]=r", " s "];
const FILE_VALUES: &[&str] = &["f0", "f1", "f2", "missing", "{f0,f1}", "{f2}", "", r"f\0"];

fn random_path(rng: &mut Rng, indexes: bool) -> String {
    let mut path = random_key(rng).to_string();
    for _ in 0..rng.below(4) {
        if indexes && rng.chance(35) {
            path.push('[');
            path.push_str(if rng.chance(90) {
                rng.pick(INDEXES)
            } else {
                rng.pick(BAD_INDEXES)
            });
            path.push(']');
        } else {
            path.push('.');
            path.push_str(random_key(rng));
        }
    }
    path
}

fn random_expression(rng: &mut Rng, kind: SetKind) -> String {
    let values = match kind {
        SetKind::Json => JSON_VALUES,
        SetKind::Literal => LITERAL_VALUES,
        SetKind::File => FILE_VALUES,
        _ => SET_VALUES,
    };
    let count = 1 + rng.below(3);
    let mut parts = Vec::new();
    for _ in 0..count {
        let path = random_path(rng, true);
        if rng.chance(3) {
            parts.push(path); // no `=value`
        } else {
            parts.push(format!("{path}={}", rng.pick(values)));
        }
    }
    let mut expr = parts.join(",");
    if rng.chance(5) {
        expr.push(',');
    }
    if rng.chance(10) && !expr.is_empty() {
        // Cut it short somewhere: Helm's end-of-input paths.
        let cut = rng.below(expr.len());
        let cut = (0..=cut)
            .rev()
            .find(|&i| expr.is_char_boundary(i))
            .unwrap_or(0);
        expr.truncate(cut);
    }
    expr
}

// Layered configurations: YAML files over the chart's own keys.

enum Gen {
    Scalar(&'static str),
    Map(Vec<(String, Gen)>),
    Seq(Vec<&'static str>),
}

const YAML_SCALARS: &[&str] = &[
    "~",
    "null",
    "",
    "true",
    "yes",
    "no",
    "on",
    "\"4\"",
    "4",
    "0123",
    "1e3",
    "1.5",
    "'x'",
    "alice/repo",
    "https://gcr.io",
    "\"\"",
    "[a, b]",
    "[]",
    "{}",
    "{k: v}",
    "\"2e9\"",
    "-1",
    "0x1F",
    "2000m",
    "gcr.io/p/images",
    "\"null\"",
    "my-secret",
    "false",
];
const NAME_VALUES: &[&str] = &[
    "\"\"",
    "hub",
    "~",
    "primehub",
    "x-",
    "5",
    "release-name-override-that-is-really-quite-long-and-goes-on-and-on",
];

fn gen_scalar(rng: &mut Rng) -> Gen {
    if rng.chance(10) {
        let n = rng.below(3);
        Gen::Seq((0..n).map(|_| rng.pick(YAML_SCALARS)).collect())
    } else {
        Gen::Scalar(rng.pick(YAML_SCALARS))
    }
}

/// A map over `keys` (a random subset), a scalar where a map is expected now and then.
/// Makes the value under one key.
type Child = Option<fn(&mut Rng) -> Gen>;

fn gen_map(rng: &mut Rng, keys: &[(&str, Child)]) -> Gen {
    let mut entries = Vec::new();
    for (key, child) in keys {
        if !rng.chance(35) {
            continue;
        }
        let value = match child {
            Some(make) if !rng.chance(15) => make(rng),
            _ => gen_scalar(rng),
        };
        entries.push((key.to_string(), value));
    }
    Gen::Map(entries)
}

fn gen_resources(rng: &mut Rng) -> Gen {
    fn cpu_mem(rng: &mut Rng) -> Gen {
        gen_map(rng, &[("cpu", None), ("memory", None), ("gpu", None)])
    }
    gen_map(
        rng,
        &[("limits", Some(cpu_mem)), ("requests", Some(cpu_mem))],
    )
}

fn gen_image(rng: &mut Rng) -> Gen {
    gen_map(rng, &[("repository", None), ("tag", None)])
}

fn gen_build_job(rng: &mut Rng) -> Gen {
    gen_map(
        rng,
        &[
            ("image", Some(gen_image)),
            ("resources", Some(gen_resources)),
            ("ephemeralStorage", None),
        ],
    )
}

fn gen_custom_image(rng: &mut Rng) -> Gen {
    let mut entries = Vec::new();
    // The chart's keys, and one it does not know.
    for key in TOP_LEVEL_KEYS.iter().chain(&["extra"]) {
        if rng.chance(30) {
            entries.push((key.to_string(), gen_scalar(rng)));
        }
    }
    if rng.chance(50) {
        entries.push(("buildJob".to_string(), gen_build_job(rng)));
    }
    Gen::Map(entries)
}

fn gen_groupvolume(rng: &mut Rng) -> Gen {
    gen_map(rng, &[("storageClass", None), ("enabled", None)])
}

fn gen_file(rng: &mut Rng) -> Gen {
    let mut entries = Vec::new();
    if rng.chance(85) {
        let ci = if rng.chance(7) {
            gen_scalar(rng)
        } else {
            gen_custom_image(rng)
        };
        entries.push(("customImage".to_string(), ci));
    }
    for key in ["nameOverride", "fullnameOverride"] {
        if rng.chance(12) {
            entries.push((key.to_string(), Gen::Scalar(rng.pick(NAME_VALUES))));
        }
    }
    if rng.chance(20) {
        entries.push(("groupvolume".to_string(), gen_groupvolume(rng)));
    }
    if rng.chance(10) {
        entries.push(("newTop".to_string(), gen_scalar(rng)));
    }
    Gen::Map(entries)
}

fn emit(gen: &Gen, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let Gen::Map(entries) = gen else { return };
    for (key, value) in entries {
        match value {
            Gen::Scalar(token) => out.push_str(&format!("{pad}{key}: {token}\n")),
            Gen::Map(inner) if inner.is_empty() => out.push_str(&format!("{pad}{key}: {{}}\n")),
            Gen::Map(_) => {
                out.push_str(&format!("{pad}{key}:\n"));
                emit(value, indent + 2, out);
            }
            Gen::Seq(items) if items.is_empty() => out.push_str(&format!("{pad}{key}: []\n")),
            Gen::Seq(items) => {
                out.push_str(&format!("{pad}{key}:\n"));
                for item in items {
                    out.push_str(&format!("{pad}- {item}\n"));
                }
            }
        }
    }
}

const SET_PATHS: &[&str] = &[
    "customImage.pushRepo",
    "customImage.registryEndpoint",
    "customImage.pushSecretName",
    "customImage.insecureSkipVerify",
    "customImage.enabled",
    "customImage.buildJob.image.tag",
    "customImage.buildJob.resources.limits.cpu",
    "customImage.buildJob.ephemeralStorage",
    "customImage",
    "nameOverride",
    "fullnameOverride",
    "groupvolume.storageClass",
    "newTop.k",
    r"customImage.odd\.key",
];
const LAYER_SET_VALUES: &[&str] = &[
    "null",
    "true",
    "4",
    "x",
    "{a,b}",
    "",
    "hub",
    "0123",
    "gcr.io/p/y",
    "FALSE",
    "my-secret",
];
const LAYER_JSON_VALUES: &[&str] = &[
    "null",
    "\"4\"",
    "4",
    "{\"a\":1}",
    "[1,\"x\"]",
    "\"hub\"",
    "false",
    "",
    "{}",
];

fn random_set(rng: &mut Rng) -> (SetKind, String) {
    let kind = [
        SetKind::Set,
        SetKind::String,
        SetKind::Json,
        SetKind::Literal,
        SetKind::File,
    ][rng.below(5)];
    let path = rng.pick(SET_PATHS);
    let expr = match kind {
        SetKind::Json if rng.chance(20) => {
            r#"{"customImage": {"pushRepo": "j/k", "pushSecretName": null, "buildJob": {"image": {"tag": 5}}}}"#
                .to_string()
        }
        SetKind::Json => {
            let index = if rng.chance(20) { "[1]" } else { "" };
            format!("{path}{index}={}", rng.pick(LAYER_JSON_VALUES))
        }
        SetKind::File => format!("{path}={}", rng.pick(&["f0", "f1", "f2"])),
        SetKind::Literal => format!("{path}={}", rng.pick(LITERAL_VALUES)),
        _ => {
            let mut expr = format!("{path}={}", rng.pick(LAYER_SET_VALUES));
            if rng.chance(30) {
                expr.push_str(&format!(",{}={}", rng.pick(SET_PATHS), rng.pick(LAYER_SET_VALUES)));
            }
            expr
        }
    };
    (kind, expr)
}

const RELEASE_60: &str = "release-name-with-sixty-characters-abcdefghijklmnopqrstuvwxy";
const RELEASE_62: &str = "release-name-with-sixty-characters-abcdefghijklmnopqrstuvwxyz0";
const RELEASES: &[&str] = &[
    "primehub",
    "ph",
    "my-primehub",
    "prod",
    RELEASE_60,
    "hub",
    "primehub-prod",
];

struct Layered {
    files: Vec<String>,
    sets: Vec<(SetKind, String)>,
    release: String,
}

fn random_layered(rng: &mut Rng) -> Layered {
    let files = (0..2 + rng.below(3))
        .map(|_| {
            let mut text = String::new();
            emit(&gen_file(rng), 0, &mut text);
            // Helm reads only a file's first document, even when a later one is not YAML.
            if rng.chance(10) {
                text.push_str("---\n");
                match rng.below(3) {
                    0 => emit(&gen_file(rng), 0, &mut text),
                    1 => text.push_str("customImage: {\n"),
                    _ => text.push_str("customImage: null\n"),
                }
            }
            text
        })
        .collect();
    let sets = (0..rng.below(4)).map(|_| random_set(rng)).collect();
    Layered {
        files,
        sets,
        release: rng.pick(RELEASES).to_string(),
    }
}

fn kind_name(kind: SetKind) -> &'static str {
    match kind {
        SetKind::Set => "set",
        SetKind::String => "string",
        SetKind::Json => "json",
        SetKind::Literal => "literal",
        SetKind::File => "file",
    }
}

fn layered_json(case: &Layered) -> Value {
    json!({
        "files": case.files,
        "sets": case.sets.iter().map(|(k, e)| json!([kind_name(*k), e])).collect::<Vec<_>>(),
        "release": case.release,
    })
}

fn ours_layered(case: &Layered, dir: &Path) -> Result<Value, String> {
    let mut input = LayeredInput::default();
    for (i, text) in case.files.iter().enumerate() {
        input.values_file(SourceFile::new(format!("f{i}.yaml"), text.clone()));
    }
    for (kind, expr) in &case.sets {
        input.set(*kind, expr.clone());
    }
    let effective = input.build(&mut file_reader(dir)).map_err(|e| e.message)?;
    let names = effective.names(&case.release).map_err(|e| e.message)?;
    // The config map's `toYaml .Values.customImage`, a line break at the end as the template
    // writes one.
    let block = effective.custom_image_json();
    let to_yaml = controller_config::block_yaml(&Default::default(), Some(&block), Secrets::Reveal);
    Ok(json!({
        "toYaml": format!("{to_yaml}\n"),
        "values": effective.to_json(),
        "customImage": effective.custom_image_json(),
        "fullname": names.fullname,
        "pushSecret": names.push_secret,
        "configMap": names.config_map,
    }))
}

fn set_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f0"), "hello").unwrap();
    std::fs::write(dir.path().join("f1"), "1").unwrap();
    std::fs::write(dir.path().join("f2"), "a,b\nc: d\n").unwrap();
    dir
}

// ---------------------------------------------------------------- the tests

#[test]
fn set_expressions_parse_as_helm_parses_them() {
    let seed = seed();
    let mut rng = Rng(seed);
    let dir = set_files();
    let mut cases = Vec::new();
    for kind in [
        SetKind::Set,
        SetKind::String,
        SetKind::Json,
        SetKind::Literal,
        SetKind::File,
    ] {
        for _ in 0..PARSE_CASES_PER_KIND {
            cases.push((kind, random_expression(&mut rng, kind)));
        }
    }
    let batch = json!({
        "parse": cases.iter().map(|(k, e)| json!({"kind": kind_name(*k), "expr": e})).collect::<Vec<_>>(),
    });
    let answers = helm(&batch, dir.path());
    let answers = answers["parse"].as_array().unwrap();
    assert_eq!(answers.len(), cases.len());
    let mut disagreements = Vec::new();
    let mut errors = 0;
    for ((kind, expr), answer) in cases.iter().zip(answers) {
        let mut data = Map::new();
        let ours = strvals::parse_into(*kind, expr, 1, &mut data, &mut file_reader(dir.path()))
            .map(|()| map_json(data))
            .map_err(|e| e.message);
        errors += usize::from(ours.is_err());
        if !agree(answer, &ours) {
            disagreements.push(format!(
                "{} {expr:?}\n  helm: {answer}\n  ours: {ours:?}",
                kind.flag()
            ));
        }
    }
    eprintln!(
        "{} --set-family expressions compared with Helm ({errors} refused by both), seed {seed}",
        cases.len()
    );
    assert!(
        disagreements.is_empty(),
        "seed {seed}: {} of {} expressions disagree with Helm:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
    // The generator must reach both outcomes, or the comparison says little.
    assert!(errors > 30 && errors < cases.len() / 2, "{errors} refusals");
}

#[test]
fn layered_values_and_names_are_what_helm_renders() {
    let seed = seed();
    let mut rng = Rng(seed ^ 0xB);
    let dir = set_files();
    let cases: Vec<Layered> = (0..LAYERED_CASES)
        .map(|_| random_layered(&mut rng))
        .collect();
    let batch = json!({
        "layered": cases.iter().map(layered_json).collect::<Vec<_>>(),
        "chart_values": chart_values(),
    });
    let answers = helm(&batch, dir.path());
    let answers = answers["layered"].as_array().unwrap();
    assert_eq!(answers.len(), cases.len());
    let mut disagreements = Vec::new();
    let mut errors = 0;
    for (case, answer) in cases.iter().zip(answers) {
        let ours = ours_layered(case, dir.path());
        errors += usize::from(ours.is_err());
        if !agree(answer, &ours) {
            let helm_ci = answer.pointer("/ok/customImage").cloned();
            let ours_ci = ours.as_ref().ok().map(|o| o["customImage"].clone());
            let first = match (answer.get("ok"), &ours) {
                (Some(h), Ok(o)) => difference(&normalize(h), &normalize(o), ""),
                _ => None,
            };
            disagreements.push(format!(
                "case {}:\n  helm customImage: {helm_ci:?} err {:?}\n  ours customImage: {ours_ci:?} err {:?}\n  first difference (helm vs ours): {first:?}",
                layered_json(case),
                answer.get("err"),
                ours.as_ref().err(),
            ));
        }
    }
    eprintln!(
        "{} layered configurations compared with Helm ({errors} refused by both), seed {seed}",
        cases.len()
    );
    assert!(
        disagreements.is_empty(),
        "seed {seed}: {} of {} layered configurations disagree with Helm:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
    assert!(errors < cases.len() / 3, "{errors} refusals");
}

#[test]
fn object_names_for_common_releases_match_helm_and_the_goldens() {
    let dir = set_files();
    let goldens: &[(&str, &str, &str)] = &[
        ("primehub", "", "primehub"),
        ("ph", "", "ph-primehub"),
        ("my-primehub", "", "my-primehub"),
        ("prod", "", "prod-primehub"),
        (
            RELEASE_60,
            "",
            "release-name-with-sixty-characters-abcdefghijklmnopqrstuvwxy-pr",
        ),
        // 62 characters: the cut leaves a trailing `-`, which is trimmed.
        (RELEASE_62, "", RELEASE_62),
        ("ph", "fullnameOverride: hub\n", "hub"),
        ("ph", "nameOverride: hub\n", "ph-hub"),
        ("prod", "fullnameOverride: custom-name-\n", "custom-name"),
    ];
    let cases: Vec<Layered> = goldens
        .iter()
        .map(|(release, file, _)| Layered {
            files: vec![file.to_string()],
            sets: vec![],
            release: release.to_string(),
        })
        .collect();
    let batch = json!({
        "layered": cases.iter().map(layered_json).collect::<Vec<_>>(),
        "chart_values": chart_values(),
    });
    let answers = helm(&batch, dir.path());
    for ((case, (_, _, fullname)), answer) in cases
        .iter()
        .zip(goldens)
        .zip(answers["layered"].as_array().unwrap())
    {
        let ours = ours_layered(case, dir.path()).unwrap();
        let expected = json!({
            "fullname": fullname,
            "pushSecret": format!("{fullname}-controller-custom-image-push-secret"),
            "configMap": format!("{fullname}-controller-config"),
        });
        for key in ["fullname", "pushSecret", "configMap"] {
            assert_eq!(ours[key], expected[key], "ours, release {}", case.release);
            assert_eq!(
                answer["ok"][key], expected[key],
                "helm, release {}",
                case.release
            );
        }
    }
}
