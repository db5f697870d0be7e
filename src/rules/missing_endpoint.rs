//! # `missing-endpoint`
//!
//! ## What it does
//! Reports a `customImage` block that configures the image builder — `enabled: true`, or any of
//! `pushRepo`, `pushRepoPrefix`, `registryUsername`, `registryPassword` set — while
//! `registryEndpoint` is unset or empty.
//!
//! ## Why is this bad?
//! The 3.x chart turns the image builder on only when `registryEndpoint` is non-empty. Without
//! it no push secret is created and the controller gets no registry, so the settings next to it
//! are silently ignored and "Build image" never works.
//!
//! The finding points at `registryEndpoint` when it is written empty, otherwise at the
//! `customImage:` line. The help suggests the endpoint of the registry `pushRepo` (or
//! `pushRepoPrefix`) names.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   enabled: true
//!   registryUsername: _json_key
//!   registryPassword: '{"type": "service_account", …}'
//!   pushRepo: gcr.io/my-project/custom-images
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   enabled: true
//!   registryEndpoint: https://gcr.io
//!   registryUsername: _json_key
//!   registryPassword: '{"type": "service_account", …}'
//!   pushRepo: gcr.io/my-project/custom-images
//! ```
//!
//! ## References
//! - PrimeHub, [Configure Image Builder](https://docs.primehub.io/docs/getting_started/configure-image-builder)

use crate::registry::{PushTarget, RegistryKind, DOCKER_HUB};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let values = ctx.values;
    if values.endpoint().is_some() {
        return;
    }
    let mut reasons = Vec::new();
    if values.enabled == Some(true) {
        reasons.push("`enabled: true`".to_string());
    }
    for (key, set) in [
        ("pushRepo", values.push_repo().is_some()),
        ("pushRepoPrefix", values.push_repo_prefix().is_some()),
        ("registryUsername", values.username().is_some()),
        ("registryPassword", values.password().is_some()),
    ] {
        if set {
            reasons.push(format!("`{key}` is set"));
        }
    }
    if reasons.is_empty() {
        return;
    }
    let message = format!(
        "the image builder is configured ({}) but `registryEndpoint` is empty: the chart turns \
         the builder off and ignores these settings",
        reasons.join(", ")
    );
    let help = match PushTarget::valid(values) {
        Some(target) => format!(
            "set `registryEndpoint: {}`, the registry `{}` pushes to",
            suggested_endpoint(&target.host()),
            target.mode.key()
        ),
        None => "set `registryEndpoint` to the registry to push to (`docker.io`, \
                 `https://gcr.io`, `https://<account>.dkr.ecr.<region>.amazonaws.com`), or \
                 remove the `customImage` settings to leave the builder off"
            .to_string(),
    };
    out.push(ctx.at_value(
        Rule::MissingEndpoint.diagnostic(message).help(help),
        "customImage.registryEndpoint",
    ));
}

/// The endpoint an operator would write for `host`: Docker Hub as the docs write it, others
/// over HTTPS.
pub(crate) fn suggested_endpoint(host: &str) -> String {
    if RegistryKind::of(host) == RegistryKind::DockerHub {
        DOCKER_HUB.to_string()
    } else {
        format!("https://{host}")
    }
}
