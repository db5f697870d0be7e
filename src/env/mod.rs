//! Reading a 2.x `.env` the way `set -a; source .env; set +a` (bash) does, refusing what bash
//! would execute and warning where bash and a naive reader disagree. Nothing is ever executed.
//! (Being written: see issue 2.)

pub mod mapping;

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
    pub assignments: Vec<Assignment>,
    pub diagnostics: Vec<Diagnostic>,
}

impl EnvFile {
    /// The value bash ends up with for `key` (the last assignment).
    pub fn get(&self, key: &str) -> Option<&Assignment> {
        self.assignments.iter().rev().find(|a| a.key == key)
    }
}

/// Parses `source` as bash would source it; `$VAR` falls back to the process environment.
pub fn parse(_source: &SourceFile) -> EnvFile {
    EnvFile::default()
}
