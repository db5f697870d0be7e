//! Every one of the 40 rules has a bad fixture named after it (`fixtures/values/<rule>.yaml`,
//! `fixtures/env/<rule>.env` or, for an `ImageSpec` rule, `fixtures/image-specs/<rule>.yaml`)
//! that draws that rule. Where each values or `.env` finding is (line, column) and what it says
//! is in the fixture's snapshot (`tests/lint/`); the image-spec rules, which `lint` does not
//! run, have their line in the table below. This test keeps the catalogue and its fixtures from
//! drifting apart.

use crate::support::api::{
    check_source, image_spec_diagnostics, kind_of, rule_name, rule_names, SourceFile,
};

/// Image-spec rule → (fixture, the line its finding must be on).
const IMAGE_SPEC_LINES: &[(&str, &str, usize)] = &[
    (
        "image-spec-invalid",
        "fixtures/image-specs/image-spec-invalid.yaml",
        6,
    ),
    (
        "image-spec-package",
        "fixtures/image-specs/image-spec-package.yaml",
        12,
    ),
];

fn fixture_for(rule: &str) -> Option<String> {
    [
        format!("fixtures/values/{rule}.yaml"),
        format!("fixtures/env/{rule}.env"),
        format!("fixtures/image-specs/{rule}.yaml"),
    ]
    .into_iter()
    .find(|p| std::path::Path::new(p).is_file())
}

fn lines_of(path: &str, rule: &str) -> Vec<usize> {
    let source = SourceFile::read(path).unwrap();
    if path.starts_with("fixtures/image-specs/") {
        return image_spec_diagnostics(&source)
            .iter()
            .filter(|d| rule_name(d) == rule)
            .map(|d| source.line_col(d.span.offset).0)
            .collect();
    }
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

#[test]
fn the_image_spec_rules_point_at_their_line() {
    for (rule, path, line) in IMAGE_SPEC_LINES {
        assert_eq!(lines_of(path, rule), vec![*line], "{rule} in {path}");
    }
}
