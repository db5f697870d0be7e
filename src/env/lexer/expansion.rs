//! The expansions inside a value: `$NAME`, `${NAME}` and a leading `~` are resolved as bash
//! resolves them; every other `$…` form is refused (the lexer goes on only to find the end of
//! the line).

use super::{Lexer, Origin, Problem, Reference, Resolved, OPERATORS};
use crate::env::Expansion;
use crate::source::Span;

/// How many references of one value are kept for `env-variable-reference`: a real value has
/// one or two, and a value of a million `$A` must not cost a million records.
pub const MAX_REFERENCES_KEPT: usize = 20;

impl Lexer<'_> {
    fn remember(&mut self, reference: Reference) {
        if self.references.len() < MAX_REFERENCES_KEPT {
            self.references.push(reference);
        }
    }

    /// `$…`: a variable, or something we refuse.
    pub(super) fn dollar(&mut self, in_double_quotes: bool) {
        let from = self.pos;
        self.bump();
        match self.peek() {
            Some('(') => {
                let arithmetic = self.peek_second() == Some('(');
                self.skip_balanced('(', ')');
                let expansion = if arithmetic {
                    Expansion::Arithmetic
                } else {
                    Expansion::CommandSubstitution
                };
                self.report(Problem::Expansion(expansion), from);
            }
            Some('[') => {
                self.skip_balanced('[', ']');
                self.report(Problem::Expansion(Expansion::Arithmetic), from);
            }
            Some('{') => self.braced_parameter(from),
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let name = self.name();
                self.variable(name, from);
            }
            Some(c) if c.is_ascii_digit() || "@*#?-$!".contains(c) => {
                self.bump();
                self.report(Problem::Expansion(Expansion::SpecialParameter), from);
            }
            Some('\'') if !in_double_quotes => {
                self.bump();
                while let Some(c) = self.bump() {
                    match c {
                        '\'' => break,
                        '\\' => {
                            self.bump();
                        }
                        _ => {}
                    }
                }
                self.report(Problem::Expansion(Expansion::AnsiCQuote), from);
            }
            Some('"') if !in_double_quotes => {
                // `$"…"` is a translated string; the quoted part is lexed next as usual.
                self.report(Problem::Expansion(Expansion::LocaleQuote), from);
            }
            // `$` before anything else (`$/`, `a$`, `"$ "`) is a literal dollar sign.
            _ => self.value.push('$'),
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self
            .peek()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            self.bump();
            name.push(c);
        }
        name
    }

    /// `${NAME}` is supported; any operator inside the braces is not.
    fn braced_parameter(&mut self, from: usize) {
        self.bump(); // {
        let name = self.name();
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if valid && self.peek() == Some('}') {
            self.bump();
            self.variable(name, from);
            return;
        }
        let operator = self.peek();
        self.pos = from + 1;
        self.skip_balanced('{', '}');
        let expansion = if !valid && !name.is_empty() {
            Expansion::SpecialParameter
        } else {
            Expansion::UnsupportedParameter {
                default_value: valid && matches!(operator, Some(':' | '-')),
            }
        };
        self.report(Problem::Expansion(expansion), from);
    }

    fn variable(&mut self, name: String, from: usize) {
        if is_set_by_bash(&name) {
            self.report(Problem::Expansion(Expansion::ShellVariable { name }), from);
            return;
        }
        if self.problem.is_some() {
            return; // the value is refused anyway
        }
        let resolved = (self.resolve)(&name);
        if !self.fits(&resolved, from) {
            return;
        }
        self.value.push_str(&resolved.value);
        self.remember(Reference {
            name,
            span: Span::new(from, self.pos - from),
            resolved,
        });
    }

    /// A tilde where bash expands it: at the start of the value or after an unquoted `:`.
    pub(super) fn tilde(&mut self) {
        let from = self.pos;
        self.bump();
        let mut user = String::new();
        while let Some(c) = self.peek() {
            if self.at_line_end()
                || matches!(c, '/' | ':' | ' ' | '\t' | '\'' | '"' | '\\' | '$' | '`')
                || OPERATORS.contains(&c)
            {
                break;
            }
            self.bump();
            user.push(c);
        }
        match self.peek() {
            // A quoted character in the tilde-prefix turns tilde expansion off.
            Some('\'' | '"' | '\\') => {
                self.value.push('~');
                self.value.push_str(&user);
            }
            Some('$' | '`') => self.report(Problem::Expansion(Expansion::Tilde { user }), from),
            _ if user.is_empty() => {
                if self.problem.is_some() {
                    return;
                }
                let resolved = (self.resolve)("HOME");
                if !self.fits(&resolved, from) {
                    return;
                }
                if resolved.origin == Origin::Undefined {
                    self.report(
                        Problem::Expansion(Expansion::Tilde {
                            user: String::new(),
                        }),
                        from,
                    );
                    return;
                }
                self.value.push_str(&resolved.value);
                self.remember(Reference {
                    name: "HOME".to_string(),
                    span: Span::new(from, 1),
                    resolved,
                });
            }
            _ => self.report(Problem::Expansion(Expansion::Tilde { user }), from),
        }
    }

    /// Whether `resolved` can be added to the value within the budget; reports it if not.
    fn fits(&mut self, resolved: &Resolved, from: usize) -> bool {
        if self.value.len() + resolved.value.len() <= self.budget {
            return true;
        }
        self.pos = self.pos.max(from + 1);
        self.report(Problem::Expansion(Expansion::TooLong), from);
        false
    }
}

/// What bash does with an assignment to one of its own variables.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Assignment {
    /// Assigned as usual, but bash set it before the file runs (its value depends on the shell
    /// and the machine).
    Kept,
    /// Refused (`UID`, `PPID`: read-only) or overridden at once (`RANDOM`, `SECONDS`, `_`).
    Ignored,
}

/// The variables bash sets itself, whatever the environment holds (besides every `BASH*` and
/// `COMP_*`), and what it does with an assignment to each. Checked against bash 5.2.
const BASH_VARIABLES: &[(&str, Assignment)] = {
    use Assignment::{Ignored, Kept};
    &[
        ("_", Ignored),
        ("BASHOPTS", Ignored),
        ("BASHPID", Ignored),
        ("BASH_ARGC", Ignored),
        ("BASH_ARGV", Ignored),
        ("BASH_COMMAND", Ignored),
        ("BASH_LINENO", Ignored),
        ("BASH_SOURCE", Ignored),
        ("BASH_SUBSHELL", Ignored),
        ("BASH_VERSINFO", Ignored),
        ("DIRSTACK", Ignored),
        ("EPOCHREALTIME", Ignored),
        ("EPOCHSECONDS", Ignored),
        ("EUID", Ignored),
        ("FUNCNAME", Ignored),
        ("GROUPS", Ignored),
        ("HISTCMD", Ignored),
        ("HOSTNAME", Kept),
        ("HOSTTYPE", Kept),
        ("IFS", Kept),
        ("LINENO", Ignored),
        ("MACHTYPE", Kept),
        ("OLDPWD", Kept),
        ("OPTERR", Kept),
        ("OPTIND", Ignored),
        ("OSTYPE", Kept),
        ("PIPESTATUS", Ignored),
        ("PPID", Ignored),
        ("PS4", Kept),
        ("PWD", Kept),
        ("RANDOM", Ignored),
        ("SECONDS", Ignored),
        ("SHELL", Kept),
        ("SHELLOPTS", Ignored),
        ("SHLVL", Kept),
        ("SRANDOM", Ignored),
        ("TERM", Kept),
        ("UID", Ignored),
    ]
};

fn bash_variable(name: &str) -> Option<Assignment> {
    BASH_VARIABLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, assignment)| assignment)
}

/// Variables bash sets itself, whatever the environment holds: their value depends on the shell
/// and the machine, so a `.env` that uses them does not mean one thing.
fn is_set_by_bash(name: &str) -> bool {
    name.starts_with("BASH") || name.starts_with("COMP_") || bash_variable(name).is_some()
}

/// Variables whose value bash keeps to itself: an assignment is refused (`UID`, `PPID`) or
/// overridden at once (`RANDOM`, `SECONDS`, `_`).
pub fn ignores_assignment(name: &str) -> bool {
    bash_variable(name) == Some(Assignment::Ignored)
}
