//! # `next-line-character`
//!
//! ## What it does
//! Reports a `customImage` value holding NEL (U+0085, "next line").
//!
//! ## Why is this bad?
//! Helm reads values and rendered manifests with go-yaml, a YAML 1.1 reader, for which NEL is
//! a line break: the value Helm deploys is not the one written (in the push secret, the `auth`
//! made of the username and password differs, and every push is refused). YAML 1.2 readers,
//! editors and this tool's own reader keep it as a character, so the file looks right.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryUsername: "alice\u0085"
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryUsername: alice
//! ```
//!
//! ## References
//! - YAML 1.1, [line break characters](https://yaml.org/spec/1.1/#id868543)

use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    for (path, text) in ctx.values.strings() {
        if let Some(index) = text.chars().position(|c| c == '\u{85}') {
            let message = format!(
                "`{path}` holds NEL (U+0085) at character {}: Helm reads it as a line break, so \
                 the value it deploys differs from the one written",
                index + 1
            );
            out.push(ctx.at_value(
                Rule::NextLineCharacter.diagnostic(message).help("remove the character"),
                path,
            ));
        }
    }
}
