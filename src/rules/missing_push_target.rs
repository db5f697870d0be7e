//! # `missing-push-target`
//!
//! ## What it does
//! Reports a `registryEndpoint` with neither `pushRepo` nor `pushRepoPrefix` set (or both
//! empty).
//!
//! ## Why is this bad?
//! The builder logs in to the registry but has no repository to push to: every build fails
//! at the push, after the whole image was built.
//!
//! The finding points at `pushRepo` when it is written empty, otherwise at the `customImage:`
//! line. The help suggests a repository on the endpoint's registry.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   registryUsername: my-user
//!   registryPassword: my-access-token
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   registryUsername: my-user
//!   registryPassword: my-access-token
//!   pushRepo: docker.io/my-user/custom-images
//! ```
//!
//! ## References
//! - PrimeHub 3.8, [Configure Custom Image Build](https://docs.primehub.io/docs/3.8/getting_started/configure-image-builder)

use crate::registry::{Endpoint, RegistryKind, ServiceAccountKey};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let values = ctx.values;
    let Some(endpoint) = values.endpoint() else {
        return;
    };
    if values.push_repo().is_some() || values.push_repo_prefix().is_some() {
        return;
    }
    let message = format!(
        "`registryEndpoint` is `{endpoint}` but neither `pushRepo` nor `pushRepoPrefix` is set: \
         built images have nowhere to go and every build fails at the push",
        endpoint = quoted(endpoint)
    );
    let example = Endpoint::parse(endpoint)
        .map(|e| example_repository(&e, values))
        .unwrap_or_else(|_| "<registry host>/<repository>".to_string());
    let help = format!(
        "set `pushRepo: {example}` to push every image into one repository, or \
         `pushRepoPrefix` to push each image into its own repository under a prefix"
    );
    let path = if values.push_repo.is_none() && values.push_repo_prefix.is_some() {
        "customImage.pushRepoPrefix"
    } else {
        "customImage.pushRepo"
    };
    out.push(ctx.at_value(Rule::MissingPushTarget.diagnostic(message).help(help), path));
}

fn example_repository(endpoint: &Endpoint, values: &CustomImage) -> String {
    let host = endpoint.registry_host();
    match endpoint.kind() {
        RegistryKind::DockerHub => {
            let namespace = values.username().unwrap_or("<namespace>");
            format!("docker.io/{namespace}/custom-images")
        }
        kind if kind.is_google() => {
            let project = values
                .password()
                .and_then(|p| ServiceAccountKey::parse_json(p).ok())
                .map_or_else(|| "<project>".to_string(), |key| key.project_id);
            if kind == RegistryKind::Gcr {
                format!("{host}/{project}/custom-images")
            } else {
                format!("{host}/{project}/<repository>/custom-images")
            }
        }
        _ => format!("{host}/custom-images"),
    }
}
