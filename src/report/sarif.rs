//! `--format sarif`: SARIF 2.1.0, one rule entry per rule of the catalogue with its help.

use serde_json::{json, Value};

use crate::analysis::FileResult;
use crate::rules::Rule;
use crate::rules::Severity;

/// The report as a JSON document (not yet scrubbed: print it with `redact::print_json`).
pub fn document(results: &[FileResult]) -> serde_json::Value {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.name(),
                "name": rule.name(),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": rule.summary() },
                "help": { "text": rule.doc(), "markdown": rule.doc() },
                "defaultConfiguration": { "level": level(rule.severity()) },
            })
        })
        .collect();
    let mut sarif_results = Vec::new();
    for result in results {
        let all = super::placed(result)
            .map(|l| (l, None))
            .chain(super::placed_suppressed(result).map(|(l, kind)| (l, Some(kind))));
        for (l, suppression) in all {
            let rule_index = Rule::ALL.iter().position(|r| *r == l.diagnostic.rule);
            let (end_line, end_column) = result.source.line_col(l.diagnostic.span.end());
            let mut message = l.message;
            if !l.help.is_empty() {
                message = format!("{message}\n{}", l.help);
            }
            let mut entry = json!({
                "ruleId": l.diagnostic.rule.name(),
                "ruleIndex": rule_index,
                "level": level(l.diagnostic.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": result.source.name },
                        "region": {
                            "startLine": l.line,
                            "startColumn": l.column,
                            "endLine": end_line.max(l.line),
                            "endColumn": if end_line > l.line { end_column } else { end_column.max(l.column) },
                        }
                    },
                    "logicalLocations": [{ "fullyQualifiedName": l.diagnostic.path }],
                }],
            });
            if let Some(kind) = suppression {
                entry["suppressions"] = json!([{ "kind": kind.as_str() }]);
            }
            sarif_results.push(entry);
        }
    }
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "customimage",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://docs.primehub.io/docs/getting_started/configure-image-builder",
                "rules": rules,
            }},
            "results": sarif_results,
        }],
    });
    document
}

/// The report as scrubbed text.
pub fn render(results: &[FileResult]) -> String {
    crate::redact::scrubbed_json_text(document(results))
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Prints the SARIF log to standard output, scrubbed value by value.
pub fn print(results: &[FileResult]) {
    crate::redact::print_json(document(results));
}
