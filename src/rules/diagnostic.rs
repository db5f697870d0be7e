//! Findings as values: built where a problem is found, carrying a span into the source,
//! rendered in one place (`report`). Redaction happens there too, with one exception: a message
//! quotes values, and a value can be megabytes long (the input limit is 8 MiB), so a quoted
//! part longer than [`MAX_QUOTED`] characters is cut with an ellipsis when the finding is built,
//! after the secrets in it are masked (a cut through a secret would leave its start unmasked).

use std::borrow::Cow;

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

/// How many characters of a value a message or a fix quotes (between backticks): enough for
/// any real endpoint, repository or key, and for the start of anything longer.
pub const MAX_QUOTED: usize = 200;

impl Diagnostic {
    pub fn new(rule: Rule, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            message: cut_quoted(message.into()),
            help: String::new(),
            path: String::new(),
            span: Span::default(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = cut_quoted(help.into());
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

/// The first `max` characters of `text`, and an ellipsis when there were more.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// `value` as a message quotes it between backticks: what [`Diagnostic::new`] would make of it
/// (whole up to [`MAX_QUOTED`] characters, else masked and cut), without first building a
/// message around a value of megabytes. A value with a backtick is left to `Diagnostic::new`.
pub fn quoted(value: &str) -> Cow<'_, str> {
    if value.contains('`') || value.chars().nth(MAX_QUOTED).is_none() {
        return Cow::Borrowed(value);
    }
    Cow::Owned(excerpt(&crate::redact::scrub(value), MAX_QUOTED))
}

/// `text` with every backtick-quoted part longer than [`MAX_QUOTED`] characters masked and cut
/// to that many, with an ellipsis.
fn cut_quoted(text: String) -> String {
    if text.len() <= MAX_QUOTED {
        return text;
    }
    let parts: Vec<&str> = text.split('`').collect();
    if parts
        .iter()
        .skip(1)
        .step_by(2)
        .all(|q| q.len() <= MAX_QUOTED)
    {
        return text;
    }
    let mut out = String::with_capacity(text.len().min(4 * MAX_QUOTED + 1024));
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 && part.chars().nth(MAX_QUOTED).is_some() {
            out.push_str(&excerpt(&crate::redact::scrub(part), MAX_QUOTED));
        } else {
            out.push_str(part);
        }
    }
    out
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_quoted_value_is_cut_and_a_secret_in_it_masked_first() {
        let d =
            Rule::InvalidRepository.diagnostic(format!("`pushRepo` `{}` is bad", "a".repeat(5000)));
        assert_eq!(
            d.message,
            format!("`pushRepo` `{}…` is bad", "a".repeat(MAX_QUOTED))
        );
        // A password straddling the cut: masked whole before anything is cut.
        let secret = format!("Straddle-Canary-{}", "q".repeat(300));
        crate::redact::register(&secret);
        let value = format!("https://bob:{secret}@{}", "h".repeat(500));
        let d = Rule::InvalidEndpoint
            .diagnostic("m")
            .help(format!("fix `{value}`, then `x`"));
        assert!(!d.help.contains("Straddle-Canary"), "{}", d.help);
        assert!(
            d.help.starts_with("fix `https://bob:****@hhh"),
            "{}",
            d.help
        );
        assert!(d.help.ends_with("…`, then `x`"), "{}", d.help);
        // Short quotes stay as they are.
        let short = "`registryEndpoint` `docker.io` is fine".to_string();
        assert_eq!(
            Rule::InvalidEndpoint.diagnostic(short.clone()).message,
            short
        );
    }

    #[test]
    fn a_value_quoted_before_the_message_is_built_reads_as_one_cut_after() {
        let secret = format!("Quoted-Canary-{}", "z".repeat(300));
        crate::redact::register(&secret);
        let values = [
            "docker.io".to_string(),
            "é".repeat(MAX_QUOTED),
            "é".repeat(MAX_QUOTED + 1),
            format!("docker.io/{secret}/{}", "p".repeat(400)),
            format!("{}`{}", "b".repeat(300), "t".repeat(300)),
        ];
        for value in values {
            let whole = Rule::InvalidRepository.diagnostic(format!("`x` `{value}` is bad"));
            let early =
                Rule::InvalidRepository.diagnostic(format!("`x` `{}` is bad", quoted(&value)));
            assert_eq!(early.message, whole.message);
            assert!(
                !early.message.contains("Quoted-Canary"),
                "{}",
                early.message
            );
        }
    }
}
