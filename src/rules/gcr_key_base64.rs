//! # `gcr-key-base64`
//!
//! ## What it does
//! Reports a `registryUsername: _json_key_base64` whose `registryPassword` does not base64-decode
//! to a Google service-account key file (`type: service_account`, `project_id`, a PEM
//! `private_key`, `client_email`). Line breaks and missing `=` padding are accepted. The message
//! names what is wrong, never the key.
//!
//! ## Why is this bad?
//! Google refuses the login and every push fails. The usual cause is the key JSON pasted as is
//! (that is `_json_key`), or a base64 of something else.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://us-docker.pkg.dev
//!   registryUsername: _json_key_base64
//!   registryPassword: '{"type": "service_account", …}'
//!   pushRepo: us-docker.pkg.dev/my-project/images/custom
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://us-docker.pkg.dev
//!   registryUsername: _json_key_base64
//!   registryPassword: eyJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIsIC4uLn0=  # base64 -w0 keyfile.json
//!   pushRepo: us-docker.pkg.dev/my-project/images/custom
//! ```
//!
//! ## References
//! - Google Cloud, [Artifact Registry: service account key](https://cloud.google.com/artifact-registry/docs/docker/authentication#json-key)

use crate::registry::{KeyError, ServiceAccountKey};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    if ctx.values.username() != Some("_json_key_base64") {
        return;
    }
    let Some(password) = ctx.values.password() else {
        return;
    };
    let Err(error) = ServiceAccountKey::parse_base64(password) else {
        return;
    };
    let is_raw_key = password.trim_start().starts_with('{')
        && ServiceAccountKey::parse_json(password).is_ok();
    let message = if is_raw_key {
        "`registryPassword` is a key file JSON, not its base64, but `registryUsername` is \
         `_json_key_base64`"
            .to_string()
    } else {
        match &error {
            KeyError::Base64(_) | KeyError::NotText => format!(
                "`registryPassword` is not a base64-encoded key for `_json_key_base64`: {error}"
            ),
            _ => format!(
                "`registryPassword` decodes, but not to a service-account key: {error}"
            ),
        }
    };
    let help = if is_raw_key {
        "set `registryUsername: _json_key` to use the JSON as it is, or encode it: \
         `base64 -w0 keyfile.json`"
    } else {
        "encode the whole key file: `base64 -w0 keyfile.json`"
    };
    out.push(ctx.at_value(
        Rule::GcrKeyBase64.diagnostic(message).help(help),
        "customImage.registryPassword",
    ));
}
