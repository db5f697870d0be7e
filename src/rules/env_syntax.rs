//! # `env-syntax`
//!
//! ## What it does
//! Checks that every line of a 2.x `.env` is one that `set -a; source .env; set +a` reads as an
//! assignment: a blank line, a `#` comment, or `[export ]KEY=VALUE` with a valid bash name
//! (letters, digits and `_`, not starting with a digit) and no space before the `=`. It also
//! catches a quote that is never closed, two assignments on one line, an assignment to a
//! variable bash manages itself (`UID`, `RANDOM`, `SECONDS`), Windows (CRLF) line ends and a
//! UTF-8 byte-order mark at the start of the file.
//!
//! Detected by: `src/env/reader.rs` (the line grammar, CRLF line ends, a byte-order mark) and `src/env/lexer.rs` (quotes, a second word), while reading.
//!
//! Fix: available (`lint --fix`): CRLF line ends become LF (every `\r` that ends a line is
//! removed, as `sed -i 's/\r$//'` does) and a byte-order mark is removed. The other problems
//! need a decision (where a quote closes, which command was meant) and are not fixed.
//!
//! ## Why is this bad?
//! PrimeHub 2.x's installer loads `.env` with bash, and bash does not stop at a bad line. It
//! runs `PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT = docker.io` as a command (command not found)
//! and the endpoint stays unset; an unclosed `"` swallows every line up to the next quote; with
//! CRLF line ends every value keeps a carriage return (`docker.io\r` is not a registry); and a
//! byte-order mark sticks to the first key, so bash runs the first line as a command and that
//! setting is lost. `make component-install-primehub` then goes on with settings other than the
//! ones in the file.
//!
//! ## Example
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT = docker.io
//! PRIMEHUB-CUSTOM-IMAGE-REPO-PREFIX=docker.io/infuseai
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME="infuseai
//! ```
//!
//! ## Use instead
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io
//! PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/infuseai
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME="infuseai"
//! ```
//! and save the file with LF line ends and no byte-order mark: `sed -i 's/\r$//' .env`.
//!
//! ## References
//! - [Bash manual: Quoting](https://www.gnu.org/software/bash/manual/html_node/Quoting.html)
//! - [Bash manual: Definitions (`name`)](https://www.gnu.org/software/bash/manual/html_node/Definitions.html)

use crate::env::SyntaxError;
use crate::rules::prelude::*;

fn message(error: &SyntaxError) -> String {
        match error {
            SyntaxError::UnterminatedQuote { quote } => format!(
                "this {quote} is never closed: bash reads on to the end of the file and stops \
                 with a syntax error, so this and every later line are lost"
            ),
            SyntaxError::NotAnAssignment => "not a `KEY=VALUE` line: bash would run it as a \
                                             command and assign nothing"
                .to_string(),
            SyntaxError::BadKey { key } => format!(
                "{} is not a valid variable name (letters, digits and `_`, not starting with a \
                 digit): bash runs the line as a command and assigns nothing",
                key.as_ref()
                    .map_or_else(|| "the text before `=`".to_string(), |k| format!("`{k}`"))
            ),
            SyntaxError::SpaceBeforeEquals { key } => format!(
                "space before `=`: bash runs `{key}` as a command and does not assign it"
            ),
            SyntaxError::Append { key } => format!(
                "`{key}+=` appends to the value `{key}` already has; write the whole value with `=`"
            ),
            SyntaxError::ArrayElement { key } => {
                format!("`{key}[…]=` assigns an array element, which `.env` settings cannot be")
            }
            SyntaxError::ExportWithoutAssignment => {
                "`export` without a `KEY=VALUE` assigns nothing".to_string()
            }
            SyntaxError::ExportExtraWord => "unquoted whitespace: bash ends the value here and \
                                             takes the next word as another name to export"
                .to_string(),
            SyntaxError::TwoAssignments => {
                "a second assignment on the same line: one `KEY=VALUE` per line".to_string()
            }
            SyntaxError::BashVariable { key } => format!(
                "`{key}` is managed by bash itself: bash refuses the assignment or replaces the \
                 value at once"
            ),
            SyntaxError::CrlfLineEnds { lines } => format!(
                "the file has Windows (CRLF) line ends ({lines} line{}): bash keeps the carriage \
                 return, so every value ends in `\\r` (`docker.io\\r` is not a registry)",
                if *lines == 1 { "" } else { "s" }
            ),
            SyntaxError::ByteOrderMark { first_key: Some(key) } => format!(
                "the file starts with a UTF-8 byte-order mark: bash reads the first line as a \
                 command named `\\357\\273\\277{key}=…` (command not found) and leaves `{key}` unset"
            ),
            SyntaxError::ByteOrderMark { first_key: None } => {
                "the file starts with a UTF-8 byte-order mark: bash runs the first line as a \
                 command"
                    .to_string()
            }
        }
    }

fn help(error: &SyntaxError) -> String {
        match error {
            SyntaxError::UnterminatedQuote { quote } => {
                format!("close the quote: end the value with {quote}")
            }
            SyntaxError::NotAnAssignment => "write `KEY=VALUE`, comment the line out with `#`, \
                                             or remove it"
                .to_string(),
            SyntaxError::BadKey { .. } => "use the variable's real name, e.g. \
                                           `PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX` (underscores, not \
                                           dashes or dots)"
                .to_string(),
            SyntaxError::SpaceBeforeEquals { key } => {
                format!("remove the spaces around `=`: `{key}=value`")
            }
            SyntaxError::Append { key } => format!("write `{key}=<the whole value>`"),
            SyntaxError::ArrayElement { key } => format!("write `{key}=value`"),
            SyntaxError::ExportWithoutAssignment => {
                "write `export KEY=VALUE`, or `KEY=VALUE` (the installer exports every \
                 assignment anyway)"
                    .to_string()
            }
            SyntaxError::ExportExtraWord => "quote the value: KEY='a b'".to_string(),
            SyntaxError::TwoAssignments => "put each assignment on its own line".to_string(),
            SyntaxError::BashVariable { .. } => "use another name".to_string(),
            SyntaxError::CrlfLineEnds { .. } => {
                "convert to LF line ends: `sed -i 's/\\r$//' .env` (or `dos2unix .env`)".to_string()
            }
            SyntaxError::ByteOrderMark { .. } => "save the file as UTF-8 without a byte-order \
                                                  mark: `sed -i '1s/^\\xEF\\xBB\\xBF//' .env`"
                .to_string(),
        }
    }

/// The finding for `error` at `span`; `key` is the `.env` key of the line (empty when the line
/// has none).
pub fn diagnostic(error: &SyntaxError, key: &str, span: Span) -> Diagnostic {
    Rule::EnvSyntax.diagnostic(message(error))
        .help(help(error))
        .at(key, span)
}
