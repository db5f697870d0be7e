//! `--format github`: workflow commands that GitHub Actions turns into annotations.

use crate::analysis::FileResult;
use crate::rules::Severity;

use super::text;

/// The most characters of an annotation's message (input quoted in it can be of any length).
const MAX_MESSAGE: usize = 2000;

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
            // Escape sequences from the input are shown escaped: the log is a terminal too.
            let mut message = text::for_display(&l.message, MAX_MESSAGE);
            if !l.help.is_empty() {
                message = format!("{message}\n{}", text::for_display(&l.help, MAX_MESSAGE));
            }
            out.push_str(&format!(
                "::{level} file={},line={},col={},title={}::{}\n",
                escape_property(&text::escape(&result.source.name, false)),
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
