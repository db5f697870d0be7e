//! `customimage rules`: every rule with its default severity, whether `lint --fix` can fix it,
//! and the one-line summary from its documentation; as a table for people or JSON.

use serde_json::{json, Value};

/// One row of the list.
struct Row {
    name: &'static str,
    severity: &'static str,
    fix: Option<&'static str>,
    summary: String,
}

fn rows() -> Vec<Row> {
    crate::rules::Rule::ALL
        .iter()
        .map(|rule| Row {
            name: rule.name(),
            severity: rule.severity().as_str(),
            fix: crate::fix::fix_summary(rule.name()),
            summary: rule.summary(),
        })
        .collect()
}

/// A table: name, severity, `fix` when fixable, and the summary cut to one line of `width`.
pub fn human(width: usize) -> String {
    let rows = rows();
    let name_width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for row in &rows {
        let head = format!(
            "{:name_width$}  {:7}  {:3}  ",
            row.name,
            row.severity,
            if row.fix.is_some() { "fix" } else { "" },
        );
        let room = width.saturating_sub(head.chars().count()).max(20);
        let summary = if row.summary.chars().count() > room {
            let cut: String = row.summary.chars().take(room - 1).collect();
            format!("{}…", cut.trim_end())
        } else {
            row.summary.clone()
        };
        out.push_str(head.trim_end());
        out.push_str("  ");
        out.push_str(&summary);
        out.push('\n');
    }
    out
}

/// `{"version": 1, "rules": [{"name", "severity", "fixable", "fix", "summary"}]}`.
pub fn json() -> Value {
    let rules: Vec<Value> = rows()
        .into_iter()
        .map(|row| {
            json!({
                "name": row.name,
                "severity": row.severity,
                "fixable": row.fix.is_some(),
                "fix": row.fix,
                "summary": row.summary,
            })
        })
        .collect();
    json!({ "version": 1, "rules": rules })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_listed_once_with_severity_fixability_and_summary() {
        let list = json();
        let rules = list["rules"].as_array().unwrap();
        assert_eq!(rules.len(), crate::rules::Rule::ALL.len());
        for (entry, rule) in rules.iter().zip(crate::rules::Rule::ALL) {
            assert_eq!(entry["name"], rule.name());
            assert_eq!(entry["severity"], rule.severity().as_str());
            assert!(!entry["summary"].as_str().unwrap().is_empty(), "{rule}");
        }
        let fixable: Vec<&str> = rules
            .iter()
            .filter(|r| r["fixable"] == true)
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            fixable,
            [
                "env-syntax",
                "env-unquoted-json",
                "env-deprecated-key",
                "env-invalid-bool",
                "gcr-username"
            ]
        );
    }

    #[test]
    fn a_rule_doc_says_fix_available_exactly_when_it_has_a_fix() {
        for rule in crate::rules::Rule::ALL {
            assert_eq!(
                rule.doc().contains("\nFix: available (`lint --fix`): "),
                crate::fix::is_fixable(rule.name()),
                "{rule}"
            );
        }
    }

    #[test]
    fn the_table_has_one_line_per_rule_within_the_width() {
        let table = human(100);
        assert_eq!(table.lines().count(), crate::rules::Rule::ALL.len());
        assert!(table.lines().all(|l| l.chars().count() <= 100), "{table}");
        assert!(table
            .lines()
            .any(|l| l.starts_with("env-unquoted-json") && l.contains(" error    fix  ")));
    }
}
