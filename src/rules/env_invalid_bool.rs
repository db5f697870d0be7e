//! # `env-invalid-bool`
//!
//! ## What it does
//! Refuses a boolean Image Builder setting, `PRIMEHUB_FEATURE_CUSTOM_IMAGE` or
//! `PRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY`, whose value is anything but exactly `true` or
//! `false` (`True`, `yes`, `1`, `"true "`).
//!
//! Detected by: `src/env/mapping.rs`, while mapping the keys.
//!
//! Fix: available (`lint --fix`): a value that differs from `true` or `false` only in letter
//! case (`True`, `"FALSE"`) is lowercased. `yes`, `1`, `on` are a guess and are not fixed.
//!
//! ## Why is this bad?
//! These switch the Image Builder on and turn TLS verification off for a plain-`http://`
//! registry. A value such as `yes` or `1` reads as "on" to a person, but it is not the `true`
//! the PrimeHub docs ask for, and nothing guarantees the tooling took it as such: the builder
//! may stay off, or pushes to an `http://` registry fail at build time. In 3.x
//! `customImage.enabled` and `customImage.insecureSkipVerify` are YAML booleans, and a migrated
//! `"yes"` would not pass the chart's schema. `customimage` does not guess what was meant.
//!
//! ## Example
//! ```sh
//! PRIMEHUB_FEATURE_CUSTOM_IMAGE=yes
//! PRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY=1
//! ```
//!
//! ## Use instead
//! ```sh
//! PRIMEHUB_FEATURE_CUSTOM_IMAGE=true
//! PRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY=true
//! ```

use crate::rules::prelude::*;

/// What the user probably meant by a value that is not `true` or `false`.
fn meant(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "on" | "1" | "enabled" => Some(true),
        "false" | "no" | "n" | "off" | "0" | "disabled" => Some(false),
        _ => None,
    }
}

/// The finding for `key`, whose `value` at `span` is not a boolean.
pub fn diagnostic(key: &str, value: &str, span: Span) -> Diagnostic {
    let help = match meant(value) {
        Some(b) => format!("write `{key}={b}`"),
        None => format!("write `{key}=true` or `{key}=false`"),
    };
    Rule::EnvInvalidBool.diagnostic(format!(
            "`{key}` is `{}`; it must be exactly `true` or `false`",
            value.escape_debug()
        ),
    )
    .help(help)
    .at(key, span)
}
