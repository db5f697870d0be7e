//! `--format github`: workflow commands that GitHub Actions turns into annotations.

use crate::analysis::FileResult;
use crate::rules::Severity;

/// Escapes data for a workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(results: &[FileResult]) -> String {
    let mut out = String::new();
    for result in results {
        for l in super::placed(result) {
            let level = match l.diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = l.message;
            if !l.help.is_empty() {
                message = format!("{message}\n{}", l.help);
            }
            out.push_str(&format!(
                "::{level} file={},line={},col={},title={}::{}\n",
                escape_property(&result.source.name),
                l.line,
                l.column,
                escape_property(l.diagnostic.rule.name()),
                escape_data(&message)
            ));
        }
    }
    out
}

/// Prints the annotations to standard output.
pub fn print(results: &[FileResult]) {
    crate::redact::print_stdout(&render(results));
}
