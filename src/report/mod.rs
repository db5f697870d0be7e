//! Printing findings: miette's graphical report for people ([`human`]), and JSON, SARIF 2.1.0 and
//! GitHub Actions annotations for machines. Every format takes the same [`FileResult`]s; secret
//! spans are masked here ([`Located`]) and all output is scrubbed on its way out.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diagnostic::Diagnostic;
use crate::lint::FileResult;

/// A diagnostic with its resolved position, message and help already masked.
pub struct Located<'a> {
    pub diagnostic: &'a Diagnostic,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
}

/// Each diagnostic of `result` with its 1-based line and column.
pub fn located(result: &FileResult) -> impl Iterator<Item = Located<'_>> {
    result.diagnostics.iter().map(move |d| {
        let (line, column) = result.source.line_col(d.span.offset);
        Located {
            diagnostic: d,
            line,
            column,
            message: crate::redact::scrub(&d.message).into_owned(),
            help: crate::redact::scrub(&d.help).into_owned(),
        }
    })
}
