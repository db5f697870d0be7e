//! Reading a 2.x `.env` the way `set -a; source .env; set +a` (bash) does, refusing what bash
//! would execute and warning where bash and a naive reader disagree. Nothing is ever executed.
//!
//! Owns: the line grammar ([`reader`]), the value lexer ([`lexer`]), and the 2.x → 3.x key
//! map ([`mapping`]). Reports what it finds as typed [`Finding`]s; the wording of each is in
//! the rule file named after it (`rules/env_*.rs`). Does not own: what the values mean (the
//! values rules do).
//!
//! The lexer is our own, checked against the real bash by `tests/env_bash.rs` (every fixture)
//! and `tests/env_bash_fuzz.rs` (random files). `dotenvy` is not used here: it disagrees with
//! bash on lone `$`, `$NAME_WITH_UNDERSCORES`, `#` right after `=`, escapes, line
//! continuations, tilde, and which of the environment and earlier lines wins; the exact list
//! is checked by `tests/env_bash.rs`, where dotenvy serves as the naive reading that a refusal
//! is measured against.

mod finding;
pub mod lexer;
pub mod mapping;
mod reader;

pub use finding::{Alias, Expansion, Finding, SyntaxError};

use crate::source::{SourceFile, Span};

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
/// and what the reader found.
#[derive(Debug, Clone, Default)]
pub struct EnvFile {
    /// The lines bash assigns. A refused line is left out, except a value refused by
    /// `env-unquoted-json`, which is kept with the (corrupted) value bash gives it.
    pub assignments: Vec<Assignment>,
    pub findings: Vec<Finding>,
    /// Where the value of every password-like key is written (see [`crate::redact::is_secret_key`]), refused
    /// lines included, so that reports mask them.
    pub secret_spans: Vec<Span>,
    /// Every comment bash sees, in file order (a `#` inside quotes or glued to a word is not
    /// one), for inline suppressions.
    pub comments: Vec<crate::source::Comment>,
}

impl EnvFile {
    /// The value bash ends up with for `key` (the last assignment).
    pub fn get(&self, key: &str) -> Option<&Assignment> {
        self.position(key).map(|i| &self.assignments[i])
    }

    /// Where [`Self::get`]'s assignment is in `assignments`.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.assignments.iter().rposition(|a| a.key == key)
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

#[cfg(test)]
mod tests;
