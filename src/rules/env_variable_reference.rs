//! # `env-variable-reference`
//!
//! ## What it does
//! Reports each `$VAR`, `${VAR}` or leading `~` in the value of a setting `customimage` reads
//! (`PRIMEHUB_CUSTOM_IMAGE_*`, `PRIMEHUB_FEATURE_CUSTOM_IMAGE`, the deprecated
//! `PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_*`), and says what it resolves to and from where, as bash
//! resolves it: an earlier line of the file first, then the environment of the process that
//! reads the file; a variable defined in neither is empty. A value taken from the environment
//! is never shown, only the variable's name: the file is untrusted, and the environment of a
//! CI job holds its secrets.
//!
//! Detected by: `src/env/lexer/expansion.rs` (resolving the reference) and `src/env/reader.rs`, while reading.
//!
//! ## Why is this bad?
//! The 2.x installer sourced `.env` in the operator's shell, so a reference took whatever that
//! shell had at that moment. The same file can mean another registry on another machine, and a
//! misspelt or unexported variable silently becomes the empty string
//! (`docker.io/$DOCKER_NAMESPACE` becomes `docker.io/`). After the migration to 3.x values the
//! reference is gone: the value it had when `customimage migrate` ran is written into the
//! values file, so check that it is the one you mean.
//!
//! ## Example
//! ```sh
//! DOCKER_NAMESPACE=infuseai
//! PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/${DOCKER_NAMESPACE}
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=$DOCKER_USER
//! ```
//!
//! ## Use instead
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/infuseai
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=infuseai
//! ```
//!
//! ## References
//! - [Bash manual: Shell Parameter Expansion](https://www.gnu.org/software/bash/manual/html_node/Shell-Parameter-Expansion.html)
//! - [Bash manual: Tilde Expansion](https://www.gnu.org/software/bash/manual/html_node/Tilde-Expansion.html)

use crate::env::lexer::{Origin, Reference};
use crate::rules::prelude::*;

/// The finding for `reference` in the value of `key`; `written` is the reference as written
/// (`$D`, `${D}`, `~`). `show_value` is false when the value is (part of) a password.
pub fn diagnostic(reference: &Reference, written: &str, key: &str, show_value: bool) -> Diagnostic {
    let what = if written == "~" {
        "`~` (the home directory, `$HOME`)".to_string()
    } else {
        format!("`{written}`")
    };
    let value = || {
        if show_value {
            format!("`{}`", shorten(&reference.resolved.value))
        } else {
            "a value not shown here (it is part of a password)".to_string()
        }
    };
    let name = &reference.name;
    let (message, help) = match reference.resolved.origin {
        Origin::Line(line) => (
            format!("{what} resolves to {}, assigned to `{name}` on line {line}", value()),
            format!(
                "write the value out instead of `{written}`, so that the setting does not \
                 depend on another line"
            ),
        ),
        Origin::Environment => (
            // Never the value: the environment of a CI job holds its secrets, and the file
            // (untrusted input) must not be able to print them.
            format!(
                "{what} is not set in the file: bash takes it from the environment of the shell \
                 that sources it; in this run `{name}` is set in the environment (its value is \
                 not shown)"
            ),
            format!(
                "write the value out instead of `{written}`: another shell may have another \
                 `{name}`, or none"
            ),
        ),
        Origin::Undefined => (
            format!(
                "{what} is set neither on an earlier line nor in the environment: bash \
                 silently makes it empty"
            ),
            format!(
                "write the value out, or assign `{name}` on an earlier line if it is meant to \
                 come from this file"
            ),
        ),
    };
    Rule::EnvVariableReference.diagnostic(message)
        .help(help)
        .at(key, reference.span)
}

/// The value on one line (newlines and carriage returns shown as escapes), cut to a readable
/// length.
fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    excerpt(&text.replace('\n', "\\n").replace('\r', "\\r"), MAX)
}
