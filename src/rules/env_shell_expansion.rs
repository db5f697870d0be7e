//! # `env-shell-expansion`
//!
//! ## What it does
//! Refuses a `.env` value that bash would not simply assign: a command substitution (`$(…)` or
//! backticks), arithmetic (`$((…))`, `$[…]`), unquoted whitespace followed by another word (bash
//! runs that word as a command), a control operator (`;`, `&`, `|`, `<`, `>`, `(`, `)`), and the
//! expansions `customimage` does not reproduce: parameter operators such as `${X:-default}`,
//! positional and special parameters (`$1`, `$@`, `$$`), variables bash sets itself (`$RANDOM`,
//! `$HOSTNAME`, `$PWD`), `$'…'` and `$"…"` strings, `~user`, `~+`, `~-`, and unquoted braces
//! after `export` (where bash brace-expands `{a,b}`, unlike in a plain assignment).
//!
//! Detected by: `src/env/lexer.rs` and `src/env/lexer/expansion.rs`, while reading.
//!
//! ## Why is this bad?
//! PrimeHub 2.x's installer runs `set -a; source .env; set +a`, so each of these runs code or
//! depends on the shell that happened to source the file. `F=a b` runs the command `b` with `F`
//! set only for that command, and `F` ends up empty; `PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=$(cat
//! token)` runs `cat` on the operator's machine. `customimage` never executes anything, so it
//! cannot know what such a value would be, and it refuses to guess.
//!
//! ## Example
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=$(cat ~/dockerhub-token)
//! PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/infuse ai
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=${DOCKER_USER:-infuseai}
//! ```
//!
//! ## Use instead
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='dckr_pat_the-token-itself'
//! PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/infuseai
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=infuseai
//! ```
//! Write each value out; put a value with spaces or shell characters in single quotes.
//!
//! ## References
//! - [Bash manual: Shell Expansions](https://www.gnu.org/software/bash/manual/html_node/Shell-Expansions.html)
//! - [Bash manual: Simple Command Expansion](https://www.gnu.org/software/bash/manual/html_node/Simple-Command-Expansion.html)

use crate::env::Expansion;
use crate::rules::prelude::*;

impl Expansion {
    /// The message; `excerpt` is the offending text, absent when it is part of a password.
    pub fn message(&self, excerpt: Option<&str>) -> String {
        // The operator, variable or backticks are named in the message itself.
        let named = matches!(
            self,
            Expansion::ControlOperator(_)
                | Expansion::ShellVariable { .. }
                | Expansion::Backticks
                | Expansion::ArrayAssignment
        );
        let what = match excerpt {
            Some(text) if !named => format!("`{}`: ", shorten(text)),
            _ => String::new(),
        };
        let why = match self {
            Expansion::CommandSubstitution | Expansion::Backticks => {
                "command substitution: bash would run a command to make this value".to_string()
            }
            Expansion::Arithmetic => "arithmetic expansion: bash would compute this value, \
                                      and customimage does not evaluate it"
                .to_string(),
            Expansion::CommandWord => "unquoted whitespace: bash would run this word as a \
                                       command and leave the variable empty"
                .to_string(),
            Expansion::ControlOperator(op) => format!(
                "`{op}` outside quotes is a shell operator: bash would end the assignment here \
                 and run (or redirect) something"
            ),
            Expansion::ArrayAssignment => "`(…)` makes a bash array, not a value".to_string(),
            Expansion::SpecialParameter => "a positional or special parameter: its value \
                                            depends on how the installer ran the shell"
                .to_string(),
            Expansion::UnsupportedParameter { default_value: true } => {
                "a default-value expansion (`${X:-y}`) is not supported by customimage, which \
                 only reads plain `$X` and `${X}`"
                    .to_string()
            }
            Expansion::UnsupportedParameter { default_value: false } => {
                "this parameter expansion is not supported by customimage, which only reads \
                 plain `$X` and `${X}`"
                    .to_string()
            }
            Expansion::ShellVariable { name } => format!(
                "`${name}` is set by bash itself: its value depends on the shell and machine \
                 that source the file"
            ),
            Expansion::AnsiCQuote => "`$'…'` (ANSI-C quoting) is not supported by \
                                      customimage"
                .to_string(),
            Expansion::LocaleQuote => "`$\"…\"` (a translated string) is not supported by \
                                       customimage"
                .to_string(),
            Expansion::Tilde { user } if user.is_empty() => "`~` is the home directory of \
                                                             whoever sources the file, and \
                                                             `HOME` is not set here"
                .to_string(),
            Expansion::BraceExpansion => "braces in an `export` line: bash brace-expands \
                                           them (`export A={x,y}` assigns `y`)"
                .to_string(),
            Expansion::TooLong => "expanding the variables here makes the file's values larger \
                                   than customimage reads (16 MiB in all)"
                .to_string(),
            Expansion::Tilde { user } => format!(
                "`~{user}` depends on the user database (or the current directory) of the \
                 machine that sources the file"
            ),
        };
        format!("{what}{why}")
    }

    pub fn help(&self) -> &'static str {
        match self {
            Expansion::CommandWord => {
                "quote the value: single quotes keep it exactly as written (KEY='a b')"
            }
            Expansion::ControlOperator(_) => {
                "put the value in single quotes, or remove what follows it"
            }
            Expansion::ArrayAssignment => "write a single value, in single quotes if it has \
                                           spaces or parentheses",
            _ => "write the value itself, in single quotes if it has spaces or shell characters",
        }
    }
}

/// The text of a long excerpt, cut to a readable length.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    excerpt(text.lines().next().unwrap_or(""), MAX)
}

/// The finding for `expansion` at `span` in the value of `key`.
pub fn diagnostic(expansion: &Expansion, excerpt: Option<&str>, key: &str, span: Span) -> Diagnostic {
    Rule::EnvShellExpansion.diagnostic(expansion.message(excerpt))
        .help(expansion.help())
        .at(key, span)
}
