//! # `gcr-key-json`
//!
//! ## What it does
//! Reports a `registryUsername: _json_key` whose `registryPassword` is not a Google
//! service-account key file: JSON with `type: service_account`, `project_id`, a `private_key`
//! in PEM (`-----BEGIN PRIVATE KEY-----` … `-----END PRIVATE KEY-----`) and `client_email`.
//! The message names what is wrong ("the key JSON lacks `private_key`"), never the key.
//!
//! ## Why is this bad?
//! Google refuses the login and every push fails. Common causes: a truncated paste, a user
//! credential (`authorized_user`) instead of a service-account key, a key whose line breaks
//! were escaped twice (`\\n`), or a `.env` line without single quotes, whose quotes bash removed.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   registryUsername: _json_key
//!   registryPassword: '{"type": "service_account", "project_id": "my-project"}'
//!   pushRepo: gcr.io/my-project/custom-images
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   registryUsername: _json_key
//!   registryPassword: '{"type": "service_account", "project_id": "my-project", "private_key_id": "…", "private_key": "-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----\n", "client_email": "builder@my-project.iam.gserviceaccount.com", …}'
//!   pushRepo: gcr.io/my-project/custom-images
//! ```
//!
//! ## References
//! - Google Cloud, [JSON key file](https://cloud.google.com/container-registry/docs/advanced-authentication#json-key)

use crate::registry::{KeyError, ServiceAccountKey};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    if ctx.values.username() != Some("_json_key") {
        return;
    }
    let Some(password) = ctx.values.password() else {
        return;
    };
    let Err(error) = ServiceAccountKey::parse_json(password) else {
        return;
    };
    let message =
        format!("`registryPassword` is not a service-account key for `_json_key`: {error}");
    out.push(ctx.at_value(
        Rule::GcrKeyJson.diagnostic(message).help(help(ctx, password, &error)),
        "customImage.registryPassword",
    ));
}

fn help(ctx: &ValuesContext, password: &str, error: &KeyError) -> String {
    let paste = "paste the whole key file as one line (`cat keyfile | jq -c .`)";
    match error {
        KeyError::NotJson(_) if ctx.located.is_env() => format!(
            "{paste} and wrap it in single quotes: `.env` files are read by bash, which removes \
             unquoted double quotes"
        ),
        KeyError::NotJson(_) if looks_base64(password) => {
            "this looks base64-encoded: use `registryUsername: _json_key_base64`".to_string()
        }
        KeyError::WrongType(_) => format!(
            "create a key for a service account (IAM → Service accounts → Keys → Add key → \
             JSON) and {paste}"
        ),
        KeyError::EscapedNewlines => {
            "use the key file as downloaded: inside the JSON, `private_key` lines are separated \
             by `\\n` escapes, not by `\\\\n`"
                .to_string()
        }
        _ => format!("{paste}; a YAML single-quoted string keeps it byte for byte"),
    }
}

/// A long run of base64 characters, as `base64 -w0 keyfile` gives.
pub(crate) fn looks_base64(text: &str) -> bool {
    let text = text.trim();
    text.len() >= 40
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n' | b'\r'))
}
