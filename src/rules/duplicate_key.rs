//! # `duplicate-key`
//!
//! ## What it does
//! Reports a key written twice in the same mapping. Inside `customImage` (or `customImage`
//! itself written twice) it is an error; elsewhere in the values file a warning. Keys are
//! compared as Helm reads them, so `on:` and `true:` are the same key.
//!
//! Detected by: `src/values/yaml/keys.rs`, while reading.
//!
//! ## Why is this bad?
//! Helm keeps the last value without a word. The first one, often the setting that was
//! reviewed, is dropped: a registry password pasted twice, or a second `customImage:` block
//! at the end of the file, silently replaces the first one whole.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepoPrefix: gcr.io/my-project
//!   registryEndpoint: docker.io
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepoPrefix: gcr.io/my-project
//! ```

use crate::rules::prelude::*;

/// `key` (at `path`, written at `span`) was already set on `first_line` of the same mapping.
pub fn diagnostic(key: &str, first_line: usize, in_block: bool, path: String, span: Span) -> Diagnostic {
    let severity = if in_block {
        Severity::Error
    } else {
        Severity::Warning
    };
    Rule::DuplicateKey.diagnostic(format!(
            "`{key}` is already set on line {first_line} of this mapping; Helm keeps only this \
             last value"
        ),
    )
    .severity(severity)
    .help("remove one of the two keys, or merge their contents under one key")
    .at(path, span)
}

/// `count` more duplicate keys were found but not reported one by one; `any_error` when one of
/// them is inside `customImage`. Located at the start of the file.
pub fn more(count: usize, any_error: bool) -> Diagnostic {
    let severity = if any_error {
        Severity::Error
    } else {
        Severity::Warning
    };
    Rule::DuplicateKey.diagnostic(format!("{count} more duplicate keys are not reported one by one"),
    )
    .severity(severity)
    .help("fix the ones reported, then lint again")
    .at("", Span::new(0, 0))
}
