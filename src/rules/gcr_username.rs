//! # `gcr-username`
//!
//! ## What it does
//! Reports a Google registry endpoint — `gcr.io`, `*.gcr.io` (Container Registry) or
//! `*-docker.pkg.dev` (Artifact Registry) — whose `registryUsername` is not one of the three
//! Google accepts: `_json_key` (the password is a service-account key file),
//! `_json_key_base64` (the same, base64-encoded) or `oauth2accesstoken` (an access token).
//!
//! Fix: available (`lint --fix`): a mistyped `_json_key`, `_json_key_base64` or
//! `oauth2accesstoken` (letter case, a missing or extra `_`) is written exactly. Any other
//! username is left alone: which one is meant depends on the password.
//!
//! ## Why is this bad?
//! Google's registries do not know user accounts by name: any other username is refused at
//! the push, whatever the password.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   registryUsername: builder@my-project.iam.gserviceaccount.com
//!   registryPassword: '{"type": "service_account", …}'
//!   pushRepo: gcr.io/my-project/custom-images
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   registryUsername: _json_key
//!   registryPassword: '{"type": "service_account", …}'
//!   pushRepo: gcr.io/my-project/custom-images
//! ```
//!
//! ## References
//! - Google Cloud, [Container Registry authentication methods](https://cloud.google.com/container-registry/docs/advanced-authentication)
//! - Google Cloud, [Artifact Registry authentication](https://cloud.google.com/artifact-registry/docs/docker/authentication)

use crate::registry::{Endpoint, GCR_USERNAMES};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(endpoint) = ctx.values.endpoint().and_then(|e| Endpoint::parse(e).ok()) else {
        return;
    };
    let kind = endpoint.kind();
    if !kind.is_google() {
        return;
    }
    let Some(username) = ctx.values.username() else {
        return;
    };
    if GCR_USERNAMES.contains(&username) {
        return;
    }
    let message = format!(
        "`registryUsername` is `{username}`, but {} (`{}`) accepts only `_json_key`, \
         `_json_key_base64` or `oauth2accesstoken`: the push is refused",
        kind.describe(),
        endpoint.host
    );
    // `json_key`, `_JSON_KEY`, ` _json_key`: the right name, mistyped.
    let bare = username.trim().trim_start_matches('_').to_ascii_lowercase();
    let near = GCR_USERNAMES
        .iter()
        .find(|u| u.trim_start_matches('_') == bare);
    let help = match near {
        Some(fixed) => format!("write it exactly: `registryUsername: {fixed}`"),
        None => "for a service-account key file, set `registryUsername: _json_key` and the key \
                 JSON as `registryPassword`"
            .to_string(),
    };
    out.push(ctx.at_value(
        Rule::GcrUsername.diagnostic(message).help(help),
        "customImage.registryUsername",
    ));
}
