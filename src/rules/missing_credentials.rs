//! # `missing-credentials`
//!
//! ## What it does
//! Reports an empty or unset `registryUsername` or `registryPassword` while `registryEndpoint`
//! is set and `pushSecretName` is the secret the chart manages:
//! `primehub-controller-custom-image-push-secret` (the default) or
//! `<release>-controller-custom-image-push-secret`. One finding per missing key.
//!
//! ## Why is this bad?
//! The chart builds that push secret from `registryUsername` and `registryPassword`. Without
//! them the secret holds no usable login and every push is refused. (A secret managed outside
//! the chart, such as ECR's refreshed `aws-registry`, needs no credentials here.)
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   registryUsername: my-user
//!   pushRepo: docker.io/my-user/custom-images
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   registryUsername: my-user
//!   registryPassword: <access token from Account Settings / Security>
//!   pushRepo: docker.io/my-user/custom-images
//! ```
//!
//! ## References
//! - Docker, [Access tokens](https://docs.docker.com/security/for-developers/access-tokens/)

use crate::registry::{Endpoint, RegistryKind};
use crate::rules::prelude::*;
use crate::values::DEFAULT_PUSH_SECRET_NAME;

/// Whether `name` is a push secret the chart creates (for the default or the actual release).
pub(crate) fn is_chart_managed(name: &str, fullname: &str) -> bool {
    name == DEFAULT_PUSH_SECRET_NAME || name == chart_secret_name(fullname)
}

/// The push secret the chart creates, named after its fullname for the release
/// (`values::helm::fullname`).
pub(crate) fn chart_secret_name(fullname: &str) -> String {
    format!("{fullname}-controller-custom-image-push-secret")
}

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let values = ctx.values;
    let Some(endpoint) = values.endpoint() else {
        return;
    };
    let secret = values.push_secret_name();
    if !is_chart_managed(secret, ctx.fullname) {
        return;
    }
    let kind = Endpoint::parse(endpoint).map_or(RegistryKind::Generic, |e| e.kind());
    let (user_hint, password_hint) = hints(kind);
    for (key, missing, hint) in [
        ("registryUsername", values.username().is_none(), user_hint),
        ("registryPassword", values.password().is_none(), password_hint),
    ] {
        if !missing {
            continue;
        }
        let message = format!(
            "`{key}` is empty, but `pushSecretName` (`{secret}`) is the chart-managed push \
             secret, filled from `registryUsername` and `registryPassword`: it would hold no \
             login for `{endpoint}` and every push is refused",
            endpoint = quoted(endpoint)
        );
        let help = format!(
            "set `{key}` ({hint}), or set `pushSecretName` to a secret you manage (ECR: \
             `aws-registry`)"
        );
        out.push(ctx.at_value(
            Rule::MissingCredentials.diagnostic(message).help(help),
            &format!("customImage.{key}"),
        ));
    }
}

fn hints(kind: RegistryKind) -> (&'static str, &'static str) {
    match kind {
        RegistryKind::DockerHub => (
            "your Docker Hub user name",
            "a Docker Hub access token",
        ),
        RegistryKind::Gcr | RegistryKind::ArtifactRegistry => (
            "`_json_key` for a service-account key",
            "the service-account key file JSON, `cat keyfile | jq -c .`",
        ),
        RegistryKind::Ecr => ("`AWS`", "the output of `aws ecr get-login-password`"),
        RegistryKind::Generic => ("the registry user", "the registry password or token"),
    }
}
