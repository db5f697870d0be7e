//! Findings as values: built where a problem is found, carrying a span into the source,
//! rendered in one place (`report`). Redaction happens there too, not here.

use serde::Serialize;

/// How bad a finding is. Ordered from worst to mildest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A byte range into a [`crate::source::SourceFile`]'s text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
}

impl Span {
    pub fn new(offset: usize, len: usize) -> Span {
        Span { offset, len }
    }

    pub fn end(&self) -> usize {
        self.offset + self.len
    }

    pub fn contains(&self, other: Span) -> bool {
        self.offset <= other.offset && other.end() <= self.end()
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.offset < other.end() && other.offset < self.end()
            || (self.len == 0 && other.contains(*self))
    }
}

/// One finding of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable kebab-case name (`registry-mismatch`).
    pub rule: &'static str,
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
    pub fn new(rule: &'static str, severity: Severity, message: impl Into<String>) -> Diagnostic {
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

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
