//! Expected texts are go-yaml v2 / libyaml behaviour: hand-derived from the emitter's rules,
//! and for line folding cross-checked with PyYAML's emitter (the same libyaml algorithm for
//! plain and single-quoted scalars).

use super::*;
use serde_json::json;

fn one(value: Value) -> String {
    to_yaml(&json!({ "k": value }))
}

#[test]
fn keys_are_sorted_and_nested_mappings_indented() {
    let v = json!({"pushRepo": "a", "buildJob": {"image": {"tag": "v1", "repository": "r"}},
                   "insecureSkipVerify": false, "pushRepoPrefix": "b"});
    assert_eq!(
        to_yaml(&v),
        "buildJob:\n  image:\n    repository: r\n    tag: v1\ninsecureSkipVerify: false\npushRepo: a\npushRepoPrefix: b"
    );
}

#[test]
fn strings_that_read_as_other_types_are_double_quoted() {
    for s in [
        "true",
        "yes",
        "off",
        "~",
        "null",
        "",
        "12",
        "1.5",
        "0x1f",
        "1e3",
        "2024-01-02",
        "1:20",
        ".5",
        "<<",
    ] {
        assert_eq!(
            one(json!(s)),
            format!("k: {}", serde_json::to_string(s).unwrap()),
            "{s:?}"
        );
    }
}

#[test]
fn ordinary_strings_are_plain() {
    for s in [
        "500m",
        "30Gi",
        "docker.io",
        "https://gcr.io",
        "gcr.io/proj/repo",
        "_json_key",
        "it's",
        "a#b",
        "é",
        "sha256:1a2b3c4d",
    ] {
        assert_eq!(one(json!(s)), format!("k: {s}"), "{s:?}");
    }
}

#[test]
fn indicators_and_edge_spaces_are_single_quoted() {
    assert_eq!(one(json!("*.foo")), "k: '*.foo'");
    assert_eq!(one(json!("a: b")), "k: 'a: b'");
    assert_eq!(one(json!("a #b")), "k: 'a #b'");
    assert_eq!(one(json!("- x")), "k: '- x'");
    assert_eq!(one(json!(" x")), "k: ' x'");
    assert_eq!(one(json!("x ")), "k: 'x '");
    assert_eq!(one(json!("'q'")), "k: '''q'''");
    assert_eq!(one(json!("{\"a\": 1}")), "k: '{\"a\": 1}'");
}

#[test]
fn special_characters_are_escaped_in_double_quotes() {
    assert_eq!(one(json!("tab\there")), "k: \"tab\\there\"");
    assert_eq!(one(json!("cr\r")), "k: \"cr\\r\"");
    assert_eq!(one(json!("a\u{1}b")), "k: \"a\\x01b\"");
    assert_eq!(one(json!("smile \u{1F600}")), "k: \"smile \\U0001F600\"");
    assert_eq!(one(json!("q\"\\ \u{7f}")), "k: \"q\\\"\\\\ \\x7F\"");
}

#[test]
fn multi_line_strings_are_literal_blocks() {
    assert_eq!(one(json!("a\nb")), "k: |-\n  a\n  b");
    assert_eq!(one(json!("a\n")), "k: |\n  a");
    assert_eq!(one(json!("a\n\n")), "k: |+\n  a\n");
    assert_eq!(one(json!("a\n\nb")), "k: |-\n  a\n\n  b");
    assert_eq!(one(json!(" a\nb")), "k: |2-\n   a\n  b");
    // A space before a line break rules the block style out.
    assert_eq!(one(json!("a \nb")), "k: \"a \\nb\"");
    let nested = to_yaml(&json!({"a": {"k": "x\ny"}}));
    assert_eq!(nested, "a:\n  k: |-\n    x\n    y");
}

#[test]
fn long_plain_and_single_quoted_strings_fold_at_80_columns() {
    let long = format!("{}end", "word ".repeat(25));
    assert_eq!(
        to_yaml(&json!({"registryPassword": long})),
        "registryPassword: word word word word word word word word word word word word word\n  word word word word word word word word word word word word end"
    );
    let key = r#"{"type": "service_account", "project_id": "my-project", "private_key_id": "abc", "client_email": "x@y.iam.gserviceaccount.com"}"#;
    assert_eq!(
        to_yaml(&json!({"registryPassword": key})),
        "registryPassword: '{\"type\": \"service_account\", \"project_id\": \"my-project\", \"private_key_id\":\n  \"abc\", \"client_email\": \"x@y.iam.gserviceaccount.com\"}'"
    );
    // Runs of spaces are never folded.
    let spaced = format!("{}y", "x  ".repeat(40));
    assert_eq!(one(json!(spaced.clone())), format!("k: {spaced}"));
}

#[test]
fn long_double_quoted_strings_fold_with_escaped_spaces() {
    // libyaml: at a space past column 80, break the line; a following space is escaped.
    let s = format!("tab\t{}", "z ".repeat(45));
    let out = one(json!(s));
    // `k: "tab\t` is 9 columns; after 37 `z`s the column is 82 > 80, so that space breaks.
    let (line1, rest) = out.split_once('\n').unwrap();
    assert_eq!(line1, format!("k: \"tab\\t{}z", "z ".repeat(36)));
    assert_eq!(rest, format!("  {}\"", "z ".repeat(8)));
    // Reading it back gives the original string.
    let back: String = serde_json::from_str(&unfold_double_quoted(&out["k: ".len()..])).unwrap();
    assert_eq!(back, s);
}

/// Minimal YAML double-quoted folding reader for the test: a line break plus indentation is
/// one space, an escaped space stays a space.
fn unfold_double_quoted(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.split('\n');
    out.push_str(lines.next().unwrap());
    for line in lines {
        out.push(' ');
        let line = line.trim_start();
        out.push_str(
            line.strip_prefix("\\ ")
                .map(|l| format!(" {l}"))
                .as_deref()
                .unwrap_or(line),
        );
    }
    out.replace("\\t", "\\u0009")
}

#[test]
fn numbers_print_as_helm_prints_them_after_its_json_round_trip() {
    assert_eq!(one(json!(2)), "k: 2");
    assert_eq!(one(json!(1.5)), "k: 1.5");
    assert_eq!(one(json!(2.0)), "k: 2");
    assert_eq!(one(json!(0.00001)), "k: 1e-05");
    assert_eq!(one(json!(1234567.5)), "k: 1.2345675e+06");
    assert_eq!(one(json!(true)), "k: true");
}

#[test]
fn empty_mappings_are_flow() {
    assert_eq!(to_yaml(&json!({})), "{}");
    assert_eq!(to_yaml(&json!({"a": {}})), "a: {}");
}
