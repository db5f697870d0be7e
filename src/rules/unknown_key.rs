//! # `unknown-key`
//!
//! ## What it does
//! Reports a key anywhere under `customImage` that the chart does not know, and suggests the
//! known key it most likely meant. The known keys are those of the JSON Schema that
//! `customimage schema` prints.
//!
//! Detected by: `src/values/yaml/schema.rs`, while reading.
//!
//! ## Why is this bad?
//! The chart ignores keys it does not know. A typo such as `pushRepoPerfix` silently drops
//! the setting: the install succeeds, and the image builder fails later, with the wrong
//! repository or none.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepoPerfix: gcr.io/my-project
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepoPrefix: gcr.io/my-project
//! ```
//!
//! ## References
//! - [Configure Image Builder](https://docs.primehub.io/docs/getting_started/configure-image-builder)

use crate::rules::prelude::*;

/// The key `key`, at dotted `path` and written at `span`, is not allowed there.
pub fn diagnostic(key: &str, path: &str, suggestion: Option<&str>, span: Span) -> Diagnostic {
    let parent = path
        .rsplit_once('.')
        .map_or("the document", |(parent, _)| parent);
    let (message, help) = match suggestion {
        Some(known) => (
            format!("`{key}` is not a key of `{parent}`; did you mean `{known}`?"),
            format!(
                "rename it to `{known}`: the chart ignores keys it does not know, so this \
                 setting is silently dropped"
            ),
        ),
        None => (
            format!("`{key}` is not a key of `{parent}`"),
            "remove it: the chart ignores it (`customimage schema` lists the keys)".to_string(),
        ),
    };
    Rule::UnknownKey.diagnostic(message).help(help).at(path, span)
}

/// `count` more unknown keys past the findings cap, the first of them at `path`, written at
/// `span`: worded as [`crate::rules::diagnostic::cap_per_rule`] words any rule's.
pub fn more(count: usize, path: &str, span: Span) -> Diagnostic {
    crate::rules::diagnostic::more_findings(Rule::UnknownKey.diagnostic("").at(path, span), count)
}
