//! # `env-conflicting-alias`
//!
//! ## What it does
//! Refuses a `.env` that sets both the current and the deprecated name of one Image Builder
//! setting (`PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT` and
//! `PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_ENDPOINT`, and likewise `_REGISTRY_USERNAME`,
//! `_REGISTRY_PASSWORD`, `_REPO_PREFIX`) to different non-empty values.
//!
//! Detected by: `src/env/mapping.rs`, while mapping the keys.
//!
//! ## Why is this bad?
//! The two names are one setting, and the file does not say which of its two values the
//! cluster runs with: which one won depended on the 2.x tooling, not on anything visible in the
//! `.env`. `customimage` will not pick one for you when migrating to `customImage.*`: a wrong
//! guess pushes images to the wrong registry, or logs in with a stale password.
//!
//! ## Example
//! ```sh
//! PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io
//! ```
//!
//! ## Use instead
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io
//! ```

use crate::env::Alias;
use crate::rules::prelude::*;

/// The finding, pointing at the deprecated assignment's value (`span`).
pub fn diagnostic(current: &Alias, deprecated: &Alias, span: Span) -> Diagnostic {
    let describe = |alias: &Alias| match &alias.shown_value {
        Some(value) => format!("`{}` (line {}) is `{value}`", alias.key, alias.line),
        None => format!("`{}` (line {})", alias.key, alias.line),
    };
    Rule::EnvConflictingAlias.diagnostic(format!(
            "{} and its deprecated name {} set different values for one setting",
            describe(current),
            describe(deprecated)
        ),
    )
    .help(format!(
        "keep only `{}` with the value the cluster should use, and delete `{}`",
        current.key, deprecated.key
    ))
    .at(deprecated.key.as_str(), span)
}
