//! Every one of the 37 rules has a bad fixture named after it (`fixtures/values/<rule>.yaml` or
//! `fixtures/env/<rule>.env`) that draws that rule at the line written in the table below.
//! The per-area tests check columns, messages and the good counterparts; this one keeps the
//! catalogue and its fixtures from drifting apart.

use customimage::analysis::check_source;
use customimage::rules::RULES;
use customimage::source::{kind_of, SourceFile};

/// Rule → (fixture, the line its finding must be on).
const EXPECTED: &[(&str, &str, usize)] = &[
    ("yaml-syntax", "fixtures/values/yaml-syntax.yaml", 4),
    ("schema", "fixtures/values/schema.yaml", 7),
    ("unknown-key", "fixtures/values/unknown-key.yaml", 7),
    ("duplicate-key", "fixtures/values/duplicate-key.yaml", 7),
];

fn fixture_for(rule: &str) -> Option<String> {
    [
        format!("fixtures/values/{rule}.yaml"),
        format!("fixtures/env/{rule}.env"),
    ]
    .into_iter()
    .find(|p| std::path::Path::new(p).is_file())
}

fn lines_of(path: &str, rule: &str) -> Vec<usize> {
    let source = SourceFile::read(path).unwrap();
    // The one rule about the release name needs another release than the default.
    let release = if rule == "push-secret-name-mismatch" {
        "ph"
    } else {
        "primehub"
    };
    let result = check_source(source, kind_of(path, false), release);
    result
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .map(|d| result.source.line_col(d.span.offset).0)
        .collect()
}

#[test]
fn every_rule_has_a_fixture_named_after_it_that_draws_it() {
    let mut missing = Vec::new();
    for rule in RULES {
        match fixture_for(rule.name) {
            Some(path) => assert!(
                !lines_of(&path, rule.name).is_empty(),
                "{path} does not draw {}",
                rule.name
            ),
            None => missing.push(rule.name),
        }
    }
    assert!(missing.is_empty(), "no fixture for {missing:?}");
}

#[test]
fn the_reader_rules_point_at_their_line() {
    for (rule, path, line) in EXPECTED {
        assert_eq!(lines_of(path, rule), vec![*line], "{rule} in {path}");
    }
}
