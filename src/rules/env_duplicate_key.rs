//! # `env-duplicate-key`
//!
//! ## What it does
//! Reports a setting `customimage` reads (`PRIMEHUB_CUSTOM_IMAGE_*`,
//! `PRIMEHUB_FEATURE_CUSTOM_IMAGE`, `PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_*`) that is assigned more
//! than once in the same `.env`. The finding points at the later assignment, the one bash keeps.
//!
//! Detected by: `src/env/reader.rs`, while reading.
//!
//! ## Why is this bad?
//! bash assigns the lines in order, so the last assignment wins and the earlier one is dead
//! text. The PrimeHub docs say "if some variables don't exist in the file, please add them
//! back", and an operator who appends `PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=gcr.io` to a file
//! that already sets it further up reads one registry in the file while the install uses the
//! other, depending on which line came last. `customimage` reads it as bash does (the last one
//! wins) and warns.
//!
//! ## Example
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io
//! PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/infuseai
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io
//! ```
//!
//! ## Use instead
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io
//! PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/infuseai
//! ```

use crate::rules::prelude::*;

/// The finding for the assignment of `key` at `span`, which overrides the one on
/// `earlier_line`; `same_value` when both give the same value.
pub fn diagnostic(key: &str, earlier_line: usize, same_value: bool, span: Span) -> Diagnostic {
    let effect = if same_value {
        "with the same value"
    } else {
        "with another value; bash keeps this later one"
    };
    Rule::EnvDuplicateKey.diagnostic(format!("`{key}` is already assigned on line {earlier_line}, {effect}"),
    )
    .help(format!(
        "keep one assignment of `{key}`: delete line {earlier_line} or this one"
    ))
    .at(key, span)
}
