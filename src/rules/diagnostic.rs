//! Findings as values: built where a problem is found, carrying a span into the source,
//! rendered in one place (`report`). Redaction happens there too, not here.

use serde::Serialize;

use super::catalogue::{Rule, Severity};
use crate::source::Span;

/// One finding of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule (serialized as its kebab-case name, `registry-mismatch`).
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The dotted values path (`customImage.pushRepo`) or the `.env` key name.
    pub path: String,
    /// Where in the file: the offending value, the unknown key, or the `customImage:` line.
    pub span: Span,
}

impl Diagnostic {
    pub fn new(rule: Rule, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            message: message.into(),
            help: String::new(),
            path: String::new(),
            span: Span::default(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = help.into();
        self
    }

    pub fn at(mut self, path: impl Into<String>, span: Span) -> Diagnostic {
        self.path = path.into();
        self.span = span;
        self
    }

    pub fn severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }
}

impl Rule {
    /// A finding of this rule at its default severity.
    pub fn diagnostic(self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self, self.severity(), message)
    }
}

/// Counts by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Summary {
        let mut s = Summary::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// Keeps the first [`crate::limits::MAX_FINDINGS_PER_RULE`] findings of each rule and replaces
/// the others by one that counts them, at the first one left out (SPEC §8: bounded time and
/// memory).
pub fn cap_per_rule(diagnostics: &mut Vec<Diagnostic>) {
    for (first, n) in crate::limits::cap(diagnostics, |d| d.rule) {
        diagnostics.push(more_findings(first, n));
    }
}

/// The finding that stands for `n` findings of `first`'s rule past the cap, where `first`
/// (the first one left out) is: for [`cap_per_rule`], and for a reader that counts the findings
/// past the cap instead of building them.
pub fn more_findings(first: Diagnostic, n: usize) -> Diagnostic {
    let message = format!(
        "{n} more `{}` finding{} in this file not shown",
        first.rule,
        if n == 1 { "" } else { "s" }
    );
    Diagnostic {
        message,
        help: "fix the findings shown first".to_string(),
        ..first
    }
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
