//! Reading a 2.x `.env` the way `set -a; source .env; set +a` (bash) does, refusing what bash
//! would execute and warning where bash and a naive reader disagree. Nothing is ever executed.
//!
//! Owns: the line grammar ([`reader`]), the value lexer ([`lexer`]), and the 2.x → 3.x key
//! map ([`mapping`]). Does not own: what the values mean (the values rules do).
//!
//! The lexer is our own, checked against the real bash by `tests/env_bash.rs` (every fixture)
//! and `tests/env_bash_fuzz.rs` (random files). `dotenvy` is not used here: it disagrees with
//! bash on lone `$`, `$NAME_WITH_UNDERSCORES`, `#` right after `=`, escapes, line
//! continuations, tilde, and which of the environment and earlier lines wins; the exact list
//! is checked by `tests/env_bash.rs`, where dotenvy serves as the naive reading that a refusal
//! is measured against.

pub mod lexer;
pub mod mapping;
mod reader;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Span};
use crate::source::SourceFile;

/// One `KEY=VALUE` line as bash would assign it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub key: String,
    /// The value after bash's quote removal and expansion.
    pub value: String,
    /// 1-based line.
    pub line: usize,
    pub key_span: Span,
    /// The value as written (quotes included).
    pub value_span: Span,
}

/// A parsed `.env`: its assignments in file order (duplicates kept; the last wins, as in bash)
/// and the findings of the reader's rules.
#[derive(Debug, Clone, Default)]
pub struct EnvFile {
    /// The lines bash assigns. A refused line is left out, except a value refused by
    /// `env-unquoted-json`, which is kept with the (corrupted) value bash gives it.
    pub assignments: Vec<Assignment>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the value of every password-like key is written (see [`is_secret_key`]), refused
    /// lines included, so that reports mask them.
    pub secret_spans: Vec<Span>,
}

impl EnvFile {
    /// The value bash ends up with for `key` (the last assignment).
    pub fn get(&self, key: &str) -> Option<&Assignment> {
        self.assignments.iter().rev().find(|a| a.key == key)
    }
}

/// Parses `source` as bash would source it; `$VAR` falls back to the process environment.
pub fn parse(source: &SourceFile) -> EnvFile {
    parse_with(source, &|name| std::env::var(name).ok())
}

/// Parses `source` as bash would source it with `lookup` as the process environment.
pub fn parse_with(source: &SourceFile, lookup: &dyn Fn(&str) -> Option<String>) -> EnvFile {
    reader::read(source, lookup)
}

/// Whether the value of `key` is a password (or looks like one): such values are registered
/// for redaction as soon as they are read and never quoted in a message. The one predicate is
/// [`crate::redact::is_secret_key`].
pub fn is_secret_key(key: &str) -> bool {
    crate::redact::is_secret_key(key)
}

/// How many findings of one rule a file gets before the rest are summed up in one.
const MAX_FINDINGS_PER_RULE: usize = 100;

/// Keeps the first [`MAX_FINDINGS_PER_RULE`] findings of each rule and replaces the others by
/// one that counts them: a generated file with a million duplicate keys must not cost a million
/// reports (SPEC §8: bounded time and memory).
fn cap_findings(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    let mut omitted: Vec<(Diagnostic, usize)> = Vec::new();
    diagnostics.retain(|d| {
        let count = seen.entry(d.rule).or_default();
        *count += 1;
        if *count <= MAX_FINDINGS_PER_RULE {
            return true;
        }
        match omitted.iter_mut().find(|(first, _)| first.rule == d.rule) {
            Some((_, n)) => *n += 1,
            None => omitted.push((d.clone(), 1)),
        }
        false
    });
    for (first, n) in omitted {
        let message = format!(
            "{n} more `{}` finding{} in this file not shown",
            first.rule,
            if n == 1 { "" } else { "s" }
        );
        let summary = Diagnostic {
            message,
            help: "fix the findings shown first".to_string(),
            ..first
        };
        diagnostics.push(summary);
    }
}

#[cfg(test)]
mod tests;
