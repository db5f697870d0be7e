//! Scalars are typed the way Helm types them (YAML 1.1, go-yaml v2 under sigs.k8s.io/yaml),
//! checked end to end through `load` and `to_json`, and against PyYAML, an independent YAML 1.1
//! reader, wherever the two YAML 1.1 readers agree.

use crate::support::api::{load, rule_name, to_json, Diagnostic, LocatedValues, SourceFile};
use crate::support::pyyaml::safe_load;
use serde_json::{json, Value};

fn load_text(text: &str) -> (SourceFile, LocatedValues, Vec<Diagnostic>) {
    let source = SourceFile::new("values.yaml", text);
    let (located, diagnostics) = load(&source);
    (source, located, diagnostics)
}

fn json_of(text: &str) -> Value {
    to_json(&SourceFile::new("doc.yaml", text)).unwrap()
}

#[test]
fn yaml_1_1_booleans_reach_the_typed_model() {
    for (word, expected) in [
        ("yes", true),
        ("on", true),
        ("Y", true),
        ("off", false),
        ("n", false),
    ] {
        let (_, located, diagnostics) = load_text(&format!(
            "customImage:\n  enabled: {word}\n  insecureSkipVerify: {word}\n"
        ));
        assert!(diagnostics.is_empty(), "{word}: {diagnostics:#?}");
        assert_eq!(located.custom_image.enabled, Some(expected), "{word}");
        assert_eq!(
            located.custom_image.insecure_skip_verify,
            Some(expected),
            "{word}"
        );
    }
}

#[test]
fn an_unquoted_octal_password_is_a_number_and_a_schema_error() {
    let (source, located, diagnostics) =
        load_text("customImage:\n  registryPassword: 0123\n  pushRepo: a/b\n");
    assert!(!located.typed);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(rule_name(d), "schema");
    assert_eq!(d.path, "customImage.registryPassword");
    assert!(d.message.contains("must be a string"), "{}", d.message);
    assert!(d.message.contains("an integer"), "{}", d.message);
    assert!(d.help.contains("quote"), "{}", d.help);
    assert_eq!(source.line_col(d.span.offset), (2, 21));
}

#[test]
fn quotes_and_explicit_tags_keep_text_as_text() {
    for password in ["\"0123\"", "'0123'", "!!str 0123"] {
        let (_, located, diagnostics) =
            load_text(&format!("customImage:\n  registryPassword: {password}\n"));
        assert!(diagnostics.is_empty(), "{password}: {diagnostics:#?}");
        assert_eq!(located.custom_image.password(), Some("0123"), "{password}");
    }
    let (_, located, diagnostics) = load_text("customImage:\n  enabled: !!bool \"true\"\n");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(located.custom_image.enabled, Some(true));
}

#[test]
fn nulls_leave_a_setting_unset_and_numbers_become_quantities() {
    let (_, located, diagnostics) = load_text(
        "customImage:\n  pushRepo: ~\n  pushRepoPrefix:\n  registryEndpoint: null\n  \
         buildJob:\n    resources:\n      limits: {cpu: 0x10, memory: 1e3}\n      \
         requests: {cpu: 0.5}\n",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let ci = &located.custom_image;
    assert_eq!(
        (ci.push_repo(), ci.push_repo_prefix(), ci.endpoint()),
        (None, None, None)
    );
    let resources = ci.build_job.as_ref().unwrap().resources.as_ref().unwrap();
    let limits = resources.limits.as_ref().unwrap();
    assert_eq!(limits.cpu.as_ref().unwrap().0, "16");
    assert_eq!(limits.memory.as_ref().unwrap().0, "1000");
    assert_eq!(
        resources.requests.as_ref().unwrap().cpu.as_ref().unwrap().0,
        "0.5"
    );
}

#[test]
fn a_value_helm_cannot_convert_is_a_syntax_error() {
    for value in [".nan", "!!int abc", "-.inf"] {
        let (_, located, diagnostics) = load_text(&format!("customImage:\n  pushRepo: {value}\n"));
        assert!(!located.typed, "{value}");
        assert_eq!(diagnostics.len(), 1, "{value}: {diagnostics:#?}");
        assert_eq!(rule_name(&diagnostics[0]), "yaml-syntax", "{value}");
    }
    // Elsewhere in the file too: Helm refuses the whole file.
    let (_, _, diagnostics) = load_text("other: .inf\ncustomImage: {}\n");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(rule_name(&diagnostics[0]), "yaml-syntax");
}

#[test]
fn to_json_reads_any_document_with_aliases_and_merges() {
    let spec = "\
apiVersion: primehub.io/v1alpha1
kind: ImageSpec
metadata: {name: my-spec}
base: &base {apt: [curl], pip: []}
spec:
  baseImage: jupyter/base-notebook
  packages:
    <<: *base
    conda: ~
  pullSecret: ''
  replicas: 010
";
    assert_eq!(
        json_of(spec)["spec"],
        json!({"baseImage": "jupyter/base-notebook",
               "packages": {"apt": ["curl"], "pip": [], "conda": null},
               "pullSecret": "", "replicas": 8})
    );
    assert_eq!(json_of(""), Value::Null);
    let err = to_json(&SourceFile::new("d.yaml", "a: 1\n---\nb: 2\n")).unwrap_err();
    assert_eq!(rule_name(&err), "yaml-syntax");
    let err = to_json(&SourceFile::new("d.yaml", "a: [1\n")).unwrap_err();
    assert_eq!(rule_name(&err), "yaml-syntax");
}

/// Numbers compare by value: PyYAML keeps `1.5e+3` a float, Helm's JSON writes 1500.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

#[test]
fn plain_scalars_agree_with_pyyaml_where_yaml_1_1_readers_agree() {
    let scalars = [
        "true",
        "True",
        "TRUE",
        "false",
        "yes",
        "Yes",
        "YES",
        "no",
        "NO",
        "on",
        "On",
        "off",
        "OFF",
        "null",
        "Null",
        "~",
        "",
        "0",
        "12",
        "-5",
        "+12",
        "0123",
        "0x1F",
        "-0x1F",
        "0b101",
        "1_000",
        "1.5",
        "-1.5",
        ".5",
        "1.5e+3",
        "3.",
        "2000m",
        "1.5Gi",
        "docker.io",
        "gcr.io/my-project",
        "_json_key",
        "yEs",
        "nope",
        "0x",
        "1.2.3",
        "2001-12-14",
        "#not",
        "'quoted'",
        "\"0123\"",
        "!!str 12",
        "!!int '12'",
        "!!float 1",
        "|\n  0123",
    ];
    let mut doc = String::new();
    for (i, s) in scalars.iter().enumerate() {
        doc.push_str(&format!("k{i}: {s}\n"));
    }
    let ours = json_of(&doc);
    let theirs = safe_load(&doc);
    for (i, s) in scalars.iter().enumerate() {
        let key = format!("k{i}");
        assert!(
            same(&ours[&key], &theirs[&key]),
            "{s:?}: we read {}, PyYAML reads {}",
            ours[&key],
            theirs[&key]
        );
    }
}

#[test]
fn where_helm_and_pyyaml_differ_we_follow_helm() {
    // go-yaml v2 (Helm) vs PyYAML: single-letter booleans, `0o` octal, floats without a dot,
    // and YAML 1.1 sexagesimal numbers, which go-yaml never implemented.
    let doc = "a: y\nb: N\nc: 0o17\nd: 1e3\ne: 08\nf: 1:30\n";
    assert_eq!(
        json_of(doc),
        json!({"a": true, "b": false, "c": 15, "d": 1000, "e": 8, "f": "1:30"})
    );
    assert_eq!(
        safe_load(doc),
        json!({"a": "y", "b": "N", "c": "0o17", "d": "1e3", "e": "08", "f": 90}),
        "PyYAML's reading, for the record: the two disagree exactly here"
    );
}
