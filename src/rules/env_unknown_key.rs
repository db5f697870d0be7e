//! # `env-unknown-key`
//!
//! ## What it does
//! Reports a `.env` key that looks like an Image Builder setting (it starts with `PRIMEHUB_` and
//! contains `CUSTOM_IMAGE`) but is not one of the names the 2.x tooling read, and suggests the
//! closest real name. Other keys (`PRIMEHUB_DOMAIN`, `KC_PASSWORD`, …) belong to the rest of
//! PrimeHub and are ignored.
//!
//! Detected by: `src/env/mapping.rs`, while mapping the keys.
//!
//! ## Why is this bad?
//! The 2.x installer only looked for its exact variable names. A misspelt one,
//! `PRIMEHUB_CUSTOM_IMAGE_REPO_PERFIX`, is assigned by bash and then never read: the install
//! goes through as if the prefix had not been set, and the Image Builder has no repository to
//! push to. Nothing in 2.x said so, and a migration that copied only the names it knows would
//! drop the setting just as silently.
//!
//! ## Example
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REPO_PERFIX=docker.io/infuseai
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USER=infuseai
//! ```
//!
//! ## Use instead
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/infuseai
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=infuseai
//! ```

use crate::rules::prelude::*;

/// The finding for the unknown `key` at `span`, with the closest known name if there is one.
pub fn diagnostic(key: &str, suggestion: Option<&str>, span: Span) -> Diagnostic {
    let help = match suggestion {
        Some(known) => format!("did you mean `{known}`?"),
        None => "the Image Builder settings are PRIMEHUB_FEATURE_CUSTOM_IMAGE and \
                 PRIMEHUB_CUSTOM_IMAGE_{REGISTRY_ENDPOINT, REGISTRY_USERNAME, REGISTRY_PASSWORD, \
                 REPO_PREFIX, PUSH_REPO, PUSH_SECRET_NAME, INSECURE_SKIP_VERIFY}; remove this \
                 key if it is not meant as one of them"
            .to_string(),
    };
    Rule::EnvUnknownKey.diagnostic(format!(
            "`{key}` is not an Image Builder setting: the 2.x installer never read it, and it is \
             not migrated"
        ),
    )
    .help(help)
    .at(key, span)
}
