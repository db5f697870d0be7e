//! # `line-separator`
//!
//! ## What it does
//! Reports a `customImage` value holding a line separator (U+2028) or a paragraph separator
//! (U+2029).
//!
//! ## Why is this bad?
//! The chart writes the value into the controller config map with `toYaml`, which keeps the
//! character as it is. Helm then reads the rendered manifest with a YAML 1.1 reader, for which
//! both are line breaks: the config map's text no longer parses, and `helm install` or
//! `helm upgrade` fails. Such a character usually comes from copying a password or key out of
//! a document or a chat.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryPassword: "dckr_pat_abc\u2028"
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryPassword: dckr_pat_abc
//! ```
//!
//! ## References
//! - YAML 1.1, [line break characters](https://yaml.org/spec/1.1/#id868543)

use crate::rules::prelude::*;
use crate::rules::unencodable_character::describe;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    for (path, text) in ctx.values.strings() {
        let found = text
            .chars()
            .enumerate()
            .find(|(_, c)| matches!(c, '\u{2028}' | '\u{2029}'));
        if let Some((index, c)) = found {
            let message = format!(
                "`{path}` holds {} (a line break to Helm's YAML reader) at character {}: the \
                 rendered controller config map does not parse, and the install fails",
                describe(c),
                index + 1
            );
            out.push(ctx.at_value(
                Rule::LineSeparator.diagnostic(message).help("remove the character"),
                path,
            ));
        }
    }
}
