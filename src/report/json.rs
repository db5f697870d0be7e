//! `--format json`: one document, version 1 (SPEC §4).

use serde::Serialize;

use crate::analysis::FileResult;
use crate::rules::{Severity, Summary};

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    diagnostics: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'a str,
    severity: Severity,
    message: String,
    help: String,
    path: &'a str,
    line: usize,
    column: usize,
    /// Present (true) only on a suppressed finding, which does not count in the summary.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    suppressed: bool,
    /// `inSource` (a comment) or `external` (`select`/`ignore`), for a suppressed finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: Option<&'static str>,
}

#[derive(Serialize)]
struct Totals {
    files: usize,
    #[serde(flatten)]
    counts: Summary,
}

/// The report as a JSON document (not yet scrubbed: print it with `redact::print_json`):
/// `version`, `files`, `summary`. Each file becomes JSON as soon as it is described, so that
/// a report on thousands of files is not held twice.
pub fn document(results: &[FileResult]) -> serde_json::Value {
    let files = results
        .iter()
        .map(|result| {
            serde_json::to_value(File {
                path: &result.source.name,
                diagnostics: super::placed(result)
                    .map(|l| (l, None))
                    .chain(super::placed_suppressed(result).map(|(l, kind)| (l, Some(kind))))
                    .map(|(l, kind)| Entry {
                        rule: l.diagnostic.rule.name(),
                        severity: l.diagnostic.severity,
                        message: l.message,
                        help: l.help,
                        path: &l.diagnostic.path,
                        line: l.line,
                        column: l.column,
                        suppressed: kind.is_some(),
                        suppression: kind.map(|k| k.as_str()),
                    })
                    .collect(),
            })
            .unwrap_or_default()
        })
        .collect();
    let summary = Totals {
        files: results.len(),
        counts: Summary::of(results.iter().flat_map(|r| &r.diagnostics)),
    };
    let mut document = serde_json::Map::new();
    document.insert("version".into(), 1.into());
    document.insert("files".into(), serde_json::Value::Array(files));
    document.insert(
        "summary".into(),
        serde_json::to_value(summary).unwrap_or_default(),
    );
    serde_json::Value::Object(document)
}

/// The report as scrubbed text.
pub fn render(results: &[FileResult]) -> String {
    crate::redact::scrubbed_json_text(document(results))
}

/// Prints the JSON document to standard output, scrubbed value by value.
pub fn print(results: &[FileResult]) {
    crate::redact::print_json(document(results));
}
