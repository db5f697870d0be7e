//! # `env-deprecated-key`
//!
//! ## What it does
//! Reports the Image Builder settings under their PrimeHub 2.2 names,
//! `PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_ENDPOINT`, `…_REGISTRY_USERNAME`,
//! `…_REGISTRY_PASSWORD` and `…_REPO_PREFIX`, and names the current key for each. When only the
//! old name is set, its value is migrated to the 3.x value it stands for.
//!
//! Detected by: `src/env/mapping.rs`, while mapping the keys.
//!
//! Fix: available (`lint --fix`): the 2.2 name is renamed to the current one, only when the
//! current name is not assigned anywhere in the file and the old name appears nowhere else
//! (no `$OLD` reference, no second assignment); then bash assigns the same value as before.
//!
//! ## Why is this bad?
//! The `PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_*` names were replaced by `PRIMEHUB_CUSTOM_IMAGE_*` and
//! kept only for compatibility. A file that uses both is easy to misread: an operator updates
//! the new name while the old one, further down, still holds the former registry. In 3.x
//! neither name exists; what counts is `customImage.registryEndpoint` and its siblings in the
//! Helm values, so the migration is the moment to settle on one name.
//!
//! ## Example
//! ```sh
//! PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io
//! PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REPO_PREFIX=gcr.io/my-project
//! ```
//!
//! ## Use instead
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io
//! PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=gcr.io/my-project
//! ```

use crate::rules::prelude::*;

/// The finding for the deprecated key `deprecated` at `span`; `current` is its new name and
/// `values_path` the 3.x value it becomes. `current_also_set` when the new name is set to the
/// same value too.
pub fn diagnostic(
    deprecated: &str,
    current: &str,
    values_path: &str,
    current_also_set: bool,
    span: Span,
) -> Diagnostic {
    let help = if current_also_set {
        format!("remove it: `{current}` is set to the same value")
    } else {
        format!("rename it to `{current}`")
    };
    Rule::EnvDeprecatedKey.diagnostic(format!(
            "`{deprecated}` is the PrimeHub 2.2 name of `{current}` (`{values_path}` in 3.x)"
        ),
    )
    .help(help)
    .at(deprecated, span)
}
