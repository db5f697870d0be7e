//! Each values rule's documentation (what `customimage explain` prints) shows a bad example
//! that the rule really reports and a fix that it really accepts.

use crate::support::api::{check_source, rule_name, Check, InputKind, Rule, SourceFile};

/// The first ```yaml block after `heading`.
fn yaml_after(doc: &str, heading: &str) -> String {
    let rest = doc
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("no {heading}"));
    let start = rest.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let end = rest[start..].find("```").expect("a closed block");
    rest[start..start + end].to_string()
}

/// Examples whose point needs a whole service-account key, which the docs abbreviate (`…`).
const NEEDS_A_REAL_KEY: &[&str] = &["gcr-project-mismatch", "gcr-key-json", "gcr-key-base64"];

#[test]
fn examples_are_reported_and_fixes_are_not() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for rule in Rule::ALL
        .iter()
        .filter(|r| r.check() == Check::Values && !NEEDS_A_REAL_KEY.contains(&r.name()))
    {
        let doc = rule.doc();
        let release = if rule.name() == "push-secret-name-mismatch" {
            "ph"
        } else {
            "primehub"
        };
        let fires = |heading: &str| {
            let text = yaml_after(&doc, heading);
            let result = check_source(SourceFile::new("doc.yaml", text), InputKind::Yaml, release);
            assert!(
                result.located.typed,
                "{}: {heading} is not valid values",
                rule.name()
            );
            result
                .diagnostics
                .iter()
                .any(|d| rule_name(d) == rule.name())
        };
        if !fires("## Example") {
            failures.push(format!("{}: the example is not reported", rule.name()));
        }
        if fires("## Use instead") {
            failures.push(format!("{}: the fix is still reported", rule.name()));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(checked, 24 - NEEDS_A_REAL_KEY.len());
}
