//! # `unused-credentials`
//!
//! ## What it does
//! Reports `registryUsername` or `registryPassword` set while `pushSecretName` names a secret
//! the chart does not manage (anything but `primehub-controller-custom-image-push-secret` and
//! `<release>-controller-custom-image-push-secret`), such as ECR's `aws-registry`.
//!
//! ## Why is this bad?
//! Build pods push with the secret `pushSecretName` names; the credentials in the values only
//! fill the chart's own push secret, which nothing mounts. Someone rotating the password here
//! will wonder why nothing changes, and a long-lived password sits in the values for nothing.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://123456789012.dkr.ecr.us-east-1.amazonaws.com
//!   registryUsername: AWS
//!   registryPassword: eyJwYXlsb2FkIjoi…
//!   pushRepo: 123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-images
//!   pushSecretName: aws-registry
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://123456789012.dkr.ecr.us-east-1.amazonaws.com
//!   pushRepo: 123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-images
//!   pushSecretName: aws-registry
//! ```
//!
//! ## References
//! - PrimeHub 3.8, [Configure AWS ECR](https://docs.primehub.io/docs/3.8/getting_started/configure-image-builder#configure-aws-elastic-container-registry-ecr)

use crate::rules::missing_credentials::is_chart_managed;
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let values = ctx.values;
    let secret = values.push_secret_name();
    if secret.is_empty() || is_chart_managed(secret, ctx.fullname) {
        return;
    }
    let set: Vec<&str> = [
        ("registryUsername", values.username().is_some()),
        ("registryPassword", values.password().is_some()),
    ]
    .into_iter()
    .filter_map(|(key, set)| set.then_some(key))
    .collect();
    let Some(first) = set.first() else {
        return;
    };
    let keys = set
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    let message = format!(
        "{keys} {} set but `pushSecretName` is `{secret}`, a secret the chart does not manage: \
         build pods push with that secret, and these credentials are not used",
        if set.len() > 1 { "are" } else { "is" },
        secret = quoted(secret)
    );
    let help = format!(
        "remove {keys}; or, to push with them, remove `pushSecretName` so the chart's own push \
         secret is used"
    );
    out.push(ctx.at_value(
        Rule::UnusedCredentials.diagnostic(message).help(help),
        &format!("customImage.{first}"),
    ));
}
