//! Every one of the 37 rules has a bad fixture named after it (`fixtures/values/<rule>.yaml` or
//! `fixtures/env/<rule>.env`) that draws that rule. Where each finding is (line, column) and
//! what it says is in the fixture's snapshot (`tests/lint/`); this test keeps the catalogue and
//! its fixtures from drifting apart.

use crate::support::api::{check_source, kind_of, rule_name, rule_names, SourceFile};

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
        .filter(|d| rule_name(d) == rule)
        .map(|d| result.source.line_col(d.span.offset).0)
        .collect()
}

#[test]
fn every_rule_has_a_fixture_named_after_it_that_draws_it() {
    let mut missing = Vec::new();
    for rule in rule_names() {
        match fixture_for(rule) {
            Some(path) => assert!(
                !lines_of(&path, rule).is_empty(),
                "{path} does not draw {rule}"
            ),
            None => missing.push(rule),
        }
    }
    assert!(missing.is_empty(), "no fixture for {missing:?}");
}
