//! `--format gitlab`: GitLab's Code Quality report (`artifacts:reports:codequality`), a JSON
//! array of issues in the subset of the Code Climate format GitLab reads: `description`,
//! `check_name`, `fingerprint`, `severity`, `location.path`, `location.lines.begin`.
//!
//! Severity: error → `major`, warning → `minor`, info → `info` (as ESLint's and Stylelint's
//! GitLab formatters map theirs; `critical`/`blocker` are left for security scanners).
//!
//! The fingerprint is how GitLab tells a new finding from one already on the target branch, so
//! it must survive unrelated edits: it hashes the file path, the rule, the values path (or
//! `.env` key) and the finding's rank among identical ones, and never the line (moving a block
//! would make every finding "new") nor the message (which quotes values, and may quote a masked
//! one). Nothing it hashes is a secret.

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::analysis::FileResult;
use crate::rules::Severity;

/// The report as a JSON document (not yet scrubbed: print it with `redact::print_json`).
pub fn document(results: &[FileResult]) -> serde_json::Value {
    let mut issues = Vec::new();
    for result in results {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for l in super::placed(result) {
            let d = l.diagnostic;
            let key = (d.rule.name(), d.path.as_str());
            let rank = seen.iter().filter(|k| **k == key).count();
            seen.push(key);
            let (end_line, _) = result.source.line_col(d.span.end());
            let mut body = l.message.clone();
            if !l.help.is_empty() {
                body = format!("{body}\n\n{}", l.help);
            }
            issues.push(json!({
                "type": "issue",
                "check_name": d.rule.name(),
                "description": l.message,
                "content": { "body": body },
                "categories": ["Bug Risk"],
                "fingerprint": fingerprint(&result.source.name, d.rule.name(), &d.path, rank),
                "severity": severity(d.severity),
                "location": {
                    "path": result.source.name,
                    "lines": { "begin": l.line, "end": end_line.max(l.line) },
                },
            }));
        }
    }
    serde_json::Value::Array(issues)
}

/// The report as scrubbed text.
pub fn render(results: &[FileResult]) -> String {
    crate::redact::scrubbed_json_text(document(results))
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// 32 hex digits of the sha256 of the finding's identity (see the module doc).
fn fingerprint(file: &str, rule: &str, path: &str, rank: usize) -> String {
    let mut hash = Sha256::new();
    for part in [file, rule, path, &rank.to_string()] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Prints the Code Quality report to standard output, scrubbed value by value.
pub fn print(results: &[FileResult]) {
    crate::redact::print_json(document(results));
}
