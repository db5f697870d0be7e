//! # `unused-suppression`
//!
//! ## What it does
//! Reports an inline suppression comment that does nothing: a rule named in
//! `# customimage: ignore[…]` or `# customimage: ignore-file[…]` that has no finding to
//! suppress where the comment applies, a name that is not a rule at all, and a comment that
//! starts with `customimage:` but is not written the way a suppression is.
//!
//! A suppression is read only from a real comment, the way the file's own reader sees it: in a
//! `.env`, a `#` that bash takes as a comment (not inside quotes, not glued to a word as in
//! `E=abc#x`); in YAML, a `#` outside every scalar. `ignore[…]` at the end of a line applies to
//! that line (in a `.env`, to every line of the assignment it ends); alone on its line, to the
//! next line that is not itself a comment. `ignore-file[…]` applies to the whole file. A rule
//! turned off by `select`/`ignore` is not reported here.
//!
//! Detected by: `src/suppress.rs`, while the file's findings are matched against its
//! suppressions (the comments come from `src/env/lexer.rs` and `src/values/yaml/comments.rs`).
//!
//! ## Why is this bad?
//! A suppression outlives the finding it was written for: once the value is fixed, the comment
//! stays and would silently hide the next real problem of that rule on that line. A misspelt
//! rule name (`ignore[registry-missmatch]`) suppresses nothing at all while the author believes
//! the finding is accepted. Both are easy to miss in review, so they are findings themselves
//! (as ruff's `RUF100` does for `# noqa`).
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepo: gcr.io/my-project/images  # customimage: ignore[registry-missmatch] mirrored
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepo: gcr.io/my-project/images
//! ```
//! or, where a finding is really there and accepted, name its rule exactly
//! (`customimage rules` lists them) and say why after the brackets.
//!
//! ## References
//! - [ruff: unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/)

use crate::rules::prelude::*;

/// Why a suppression is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unused {
    /// A known rule with no finding where the suppression applies.
    NothingSuppressed { rule: String, file_wide: bool },
    /// A name that is no rule; `shown` is the name when it reads as one (never arbitrary
    /// comment text), and the closest rule name.
    UnknownRule {
        shown: Option<String>,
        suggestion: Option<&'static str>,
    },
    /// `customimage:` followed by something that is not `ignore[…]` or `ignore-file[…]`.
    Malformed,
}

/// The finding for a suppression at `span` (the rule name, or the comment when malformed).
pub fn diagnostic(unused: &Unused, span: Span) -> Diagnostic {
    let (message, help) = match unused {
        Unused::NothingSuppressed { rule, file_wide } => (
            format!(
                "`{rule}` is suppressed here, but {} has no `{rule}` finding",
                if *file_wide { "the file" } else { "this line" }
            ),
            format!("remove `{rule}` from the suppression (or the whole comment)"),
        ),
        Unused::UnknownRule { shown, suggestion } => (
            match shown {
                Some(name) => format!("`{name}` is not a rule: this suppression does nothing"),
                None => "this rule name is not a rule: this suppression does nothing".to_string(),
            },
            match suggestion {
                Some(known) => format!("did you mean `{known}`?"),
                None => "`customimage rules` lists the rule names".to_string(),
            },
        ),
        Unused::Malformed => (
            "a `customimage:` comment that is not a suppression: it does nothing".to_string(),
            "write `# customimage: ignore[rule-a, rule-b] reason` or \
             `# customimage: ignore-file[rule] reason`"
                .to_string(),
        ),
    };
    Rule::UnusedSuppression
        .diagnostic(message)
        .help(help)
        .at("", span)
}
