//! # `json-key-non-gcr`
//!
//! ## What it does
//! Reports `registryUsername: _json_key` (or `_json_key_base64`) with a `registryEndpoint` that
//! is not one of Google's registries (`gcr.io`, `*.gcr.io`, `*-docker.pkg.dev`).
//!
//! ## Why is this bad?
//! Only Google's registries understand a service-account key as a password. Any other registry
//! treats `_json_key` as a user name and refuses the login. Usually the endpoint is the mistake
//! (`docker.io` left from an example), sometimes the username.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   registryUsername: _json_key
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

use crate::registry::{Endpoint, PushTarget, RegistryKind};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(username @ ("_json_key" | "_json_key_base64")) = ctx.values.username() else {
        return;
    };
    let Some(endpoint) = ctx.values.endpoint().and_then(|e| Endpoint::parse(e).ok()) else {
        return;
    };
    let kind = endpoint.kind();
    if kind.is_google() {
        return;
    }
    let message = format!(
        "`registryUsername: {username}` is a Google service-account login, but \
         `registryEndpoint` `{}` is {}: it will refuse the login",
        endpoint.host,
        if kind == RegistryKind::Generic {
            "not one of Google's registries"
        } else {
            kind.describe()
        }
    );
    let google_target = PushTarget::valid(ctx.values)
        .map(|t| t.host())
        .filter(|host| RegistryKind::of(host).is_google());
    let help = match google_target {
        Some(host) => format!(
            "the images go to `{host}`: set `registryEndpoint: https://{host}`"
        ),
        None => "use `registryEndpoint: https://gcr.io` (or your `*-docker.pkg.dev`) with the \
                 key, or that registry's own user and password"
            .to_string(),
    };
    out.push(ctx.at_value(
        Rule::JsonKeyNonGcr.diagnostic(message).help(help),
        "customImage.registryUsername",
    ));
}
