//! Inline suppressions (SPEC §10): `# customimage: ignore[rule-a, rule-b] reason` at the end of
//! the offending line or alone on the line above, `# customimage: ignore-file[rule] reason`
//! anywhere in a file.
//!
//! Owns: reading suppressions out of the comments a file's reader found (the `.env` lexer
//! knows where bash sees a comment, the YAML reader where a `#` is outside every scalar), and
//! matching them against the file's findings: which findings are suppressed, and which
//! suppressions are unused or name no rule (`unused-suppression`). Does not own: finding the
//! comments (the readers do), what a suppressed finding looks like in a report (`report`).
//!
//! Nothing here quotes a comment: a message names a rule only when the text reads as a rule
//! name, never a reason or other comment text, so a suppression cannot reveal a secret.

use std::sync::OnceLock;

use regex::Regex;

use crate::rules::unused_suppression::{self, Unused};
use crate::rules::{Diagnostic, Rule};
use crate::source::{Comment, SourceFile, Span};

/// The one rule whose findings this module makes; a suppression naming it is never unused.
const UNUSED: Rule = Rule::UnusedSuppression;

/// What suppressed a finding, in SARIF's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionKind {
    /// A `# customimage: ignore…` comment in the file.
    InSource,
    /// `select`/`ignore` in a `.customimage.yaml` or on the command line.
    External,
}

impl SuppressionKind {
    /// SARIF's `suppression.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::InSource => "inSource",
            SuppressionKind::External => "external",
        }
    }
}

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The 1-based lines `first..=last`.
    Lines { first: usize, last: usize },
    /// The whole file.
    File,
}

/// One name inside the brackets of a suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The rule's name when it is one.
    pub rule: Option<Rule>,
    /// Where the name is written.
    pub span: Span,
    /// The name as written, kept only when it reads as a rule name (see [`looks_like_a_name`]).
    shown: Option<String>,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub scope: Scope,
    pub names: Vec<Named>,
    /// The comment.
    pub span: Span,
    /// Whether the comment gives a reason after the brackets.
    pub has_reason: bool,
}

/// The suppressions of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressions {
    pub list: Vec<Suppression>,
    /// `customimage:` comments that are not suppressions.
    pub malformed: Vec<Span>,
}

/// What matching a file's findings against its suppressions gives.
#[derive(Debug, Clone, Default)]
pub struct Matched {
    /// For each finding, in the order given: whether a suppression covers it.
    pub suppressed: Vec<bool>,
    /// `unused-suppression` findings (themselves already matched against suppressions naming
    /// `unused-suppression`: those that are suppressed are in `suppressed_unused`).
    pub unused: Vec<Diagnostic>,
    pub suppressed_unused: Vec<Diagnostic>,
}

fn directive() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^#[ \t]*customimage:[ \t]*(ignore|ignore-file)[ \t]*\[([^\]\n]*)\][ \t]*(.*)$")
            .expect("a valid regex")
    })
}

fn mentions_us() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^#[ \t]*customimage:").expect("a valid regex"))
}

/// Whether `name` reads as a rule name (kebab-case, short) and may therefore be quoted.
fn looks_like_a_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The rule called `name`.
fn known_rule(name: &str) -> Option<Rule> {
    Rule::from_name(name)
}

/// Reads the suppressions out of `comments`, the comments `source`'s reader found, in file
/// order.
pub fn parse(source: &SourceFile, comments: &[Comment]) -> Suppressions {
    let text = &source.text;
    let comment_only_lines: std::collections::HashSet<usize> = comments
        .iter()
        .filter(|c| text[c.statement_start..c.span.offset].trim().is_empty())
        .map(|c| source.line_col(c.span.offset).0)
        .collect();
    let mut found = Suppressions::default();
    for comment in comments {
        let Some(written) = text.get(comment.span.offset..comment.span.end()) else {
            continue;
        };
        let Some(captures) = directive().captures(written) else {
            if mentions_us().is_match(written) {
                found.malformed.push(comment.span);
            }
            continue;
        };
        let list = captures.get(2).expect("the regex has this group");
        let names = list
            .as_str()
            .split(',')
            .scan(0usize, |at, piece| {
                let start = *at;
                *at += piece.len() + 1;
                Some((start, piece))
            })
            .filter_map(|(start, piece)| {
                let name = piece.trim();
                if name.is_empty() {
                    return None;
                }
                let lead = piece.len() - piece.trim_start().len();
                let offset = comment.span.offset + list.start() + start + lead;
                Some(Named {
                    rule: known_rule(name),
                    span: Span::new(offset, name.len()),
                    shown: looks_like_a_name(name).then(|| name.to_string()),
                })
            })
            .collect::<Vec<_>>();
        if names.is_empty() {
            found.malformed.push(comment.span);
            continue;
        }
        let line = source.line_col(comment.span.offset).0;
        let alone = text[comment.statement_start..comment.span.offset]
            .trim()
            .is_empty();
        let scope = if &captures[1] == "ignore-file" {
            Scope::File
        } else if alone {
            let mut next = line + 1;
            while comment_only_lines.contains(&next) {
                next += 1;
            }
            Scope::Lines {
                first: next,
                last: next,
            }
        } else {
            Scope::Lines {
                first: source.line_col(comment.statement_start).0,
                last: line,
            }
        };
        found.list.push(Suppression {
            scope,
            names,
            span: comment.span,
            has_reason: !captures[3].trim().is_empty(),
        });
    }
    found
}

impl Suppression {
    fn covers(&self, source: &SourceFile, diagnostic: &Diagnostic) -> Option<usize> {
        let applies = match self.scope {
            Scope::File => true,
            Scope::Lines { first, last } => {
                let line = source.line_col(diagnostic.span.offset).0;
                (first..=last).contains(&line)
            }
        };
        if !applies {
            return None;
        }
        self.names
            .iter()
            .position(|n| n.rule == Some(diagnostic.rule))
    }
}

/// Matches `diagnostics` (the findings of `source`) against `suppressions`. `enabled` says
/// whether a rule is selected: a suppression of a rule that is turned off is not unused.
pub fn apply(
    suppressions: &Suppressions,
    source: &SourceFile,
    diagnostics: &[Diagnostic],
    enabled: &dyn Fn(&str) -> bool,
) -> Matched {
    let mut used: Vec<Vec<bool>> = suppressions
        .list
        .iter()
        .map(|s| vec![false; s.names.len()])
        .collect();
    let mut suppressed = vec![false; diagnostics.len()];
    for (d, diagnostic) in diagnostics.iter().enumerate() {
        for (s, suppression) in suppressions.list.iter().enumerate() {
            if let Some(n) = suppression.covers(source, diagnostic) {
                used[s][n] = true;
                suppressed[d] = true;
            }
        }
    }
    let mut unused = Vec::new();
    for (suppression, used) in suppressions.list.iter().zip(&used) {
        for (named, &was_used) in suppression.names.iter().zip(used) {
            let reason = match named.rule {
                None => Unused::UnknownRule {
                    shown: named.shown.clone(),
                    suggestion: named.shown.as_deref().and_then(|name| {
                        crate::suggest::closest(name, Rule::ALL.iter().map(|r| r.name()))
                    }),
                },
                Some(rule) if !was_used && rule != UNUSED && enabled(rule.name()) => {
                    Unused::NothingSuppressed {
                        rule: rule.name().to_string(),
                        file_wide: suppression.scope == Scope::File,
                    }
                }
                Some(_) => continue,
            };
            unused.push(unused_suppression::diagnostic(&reason, named.span));
        }
    }
    for &span in &suppressions.malformed {
        unused.push(unused_suppression::diagnostic(&Unused::Malformed, span));
    }
    let (suppressed_unused, unused) = unused.into_iter().partition(|d| {
        suppressions
            .list
            .iter()
            .any(|s| s.covers(source, d).is_some())
    });
    Matched {
        suppressed,
        unused,
        suppressed_unused,
    }
}

#[cfg(test)]
#[path = "suppress_tests.rs"]
mod tests;
