//! # `schema`
//!
//! ## What it does
//! Checks the `customImage` block against the JSON Schema generated from the chart's keys
//! (`customimage schema`), on the values as Helm reads them: YAML 1.1, where `yes`, `no`,
//! `on` and `off` are booleans, `0123` is an octal number and a quoted value is a string. It
//! reports the dotted path, the type expected and the type found.
//!
//! Detected by: `src/values/yaml/schema.rs`, while reading.
//!
//! ## Why is this bad?
//! The controller reads its configuration into typed fields and refuses to start on a wrong
//! type; the chart's templates may quote or drop such a value. Either way no image is built.
//! A password made only of digits, or one such as `yes`, is a number or a boolean once
//! parsed.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryPassword: 12345678
//!   insecureSkipVerify: "true"
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryPassword: "12345678"
//!   insecureSkipVerify: true
//! ```
//!
//! ## References
//! - [JSON Schema 2020-12](https://json-schema.org/draft/2020-12)
//! - [YAML 1.1 booleans](https://yaml.org/type/bool.html)

use crate::rules::prelude::*;

/// The value at dotted `path` (empty for the whole document), written at `span`, is of JSON
/// type `found` where the schema allows `expected`. `other` is the validator's own message for
/// a violation that is not about types.
pub fn diagnostic(
    path: &str,
    expected: &[&str],
    found: &str,
    other: Option<&str>,
    span: Span,
) -> Diagnostic {
    let message = match (other, path.is_empty()) {
        (Some(other), _) => other.to_string(),
        (None, true) => format!(
            "a values file must be a mapping, but this document is {}",
            a(found)
        ),
        (None, false) => format!(
            "`{path}` must be {}, but Helm reads {}",
            a(&expected.join(" or ")),
            a(found)
        ),
    };
    let help = match (expected, found) {
        (["string"], "boolean" | "integer" | "number" | "null") => {
            "quote the value: unquoted, YAML 1.1 reads `yes`/`no`/`on`/`off` as booleans and \
             digits (`0123` is octal) as numbers"
        }
        (["boolean"], _) => "write `true` or `false`, without quotes",
        (["string", "number"], _) => "write a Kubernetes quantity such as `500m` or `2Gi`",
        (["object"], _) => "write it as a mapping of its keys (`customimage schema` lists them)",
        _ => "`customimage schema` shows the expected types",
    };
    Rule::Schema.diagnostic(message).help(help).at(path, span)
}

/// "a string", "an integer", "a string or number" (also worded so by `image-spec-invalid`).
pub(super) fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// The block passed the schema but cannot be read into the typed model (`error` says why).
pub fn unmodelled(error: &str, span: Span) -> Diagnostic {
    Rule::Schema
        .diagnostic(format!("`customImage` cannot be read: {error}"))
        .at("customImage", span)
}
