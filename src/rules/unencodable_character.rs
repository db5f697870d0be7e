//! # `unencodable-character`
//!
//! ## What it does
//! Reports a `customImage` value holding a character Helm's `toYaml` cannot write: DEL
//! (U+007F), a C1 control character (U+0080–U+009F, except NEL), U+FFFE or U+FFFF.
//!
//! ## Why is this bad?
//! The chart writes the controller's config with `toYaml .Values.customImage`. Helm turns the
//! values into JSON and reads that back with go-yaml, which refuses these characters; Helm's
//! `toYaml` then prints nothing, without an error. The release installs with an empty
//! `customImage:` block in the controller config map, and the image builder has no registry.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryPassword: "token\x7f"
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryPassword: token
//! ```
//!
//! ## References
//! - go-yaml v2, `readerc.go`: "control characters are not allowed"

use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    for (path, text) in ctx.values.strings() {
        if let Some((index, c)) = text.chars().enumerate().find(|(_, c)| is_unencodable(*c)) {
            let message = format!(
                "`{path}` holds {} at character {}: Helm's toYaml cannot write it and prints \
                 nothing, so the controller config gets an empty `customImage:` block",
                describe(c),
                index + 1
            );
            out.push(ctx.at_value(
                Rule::UnencodableCharacter.diagnostic(message).help("remove the character"),
                path,
            ));
        }
    }
}

/// What go-yaml's reader refuses among what JSON leaves unescaped.
fn is_unencodable(c: char) -> bool {
    matches!(c, '\u{7f}' | '\u{fffe}' | '\u{ffff}') || (('\u{80}'..='\u{9f}').contains(&c) && c != '\u{85}')
}

/// `U+007F`.
pub(crate) fn describe(c: char) -> String {
    format!("U+{:04X}", c as u32)
}
