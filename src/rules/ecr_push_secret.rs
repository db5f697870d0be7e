//! # `ecr-push-secret`
//!
//! ## What it does
//! Reports an Amazon ECR `registryEndpoint` used with the chart-managed push secret
//! (`pushSecretName` unset, `primehub-controller-custom-image-push-secret`, or
//! `<release>-controller-custom-image-push-secret`).
//!
//! ## Why is this bad?
//! An ECR password (`aws ecr get-login-password`) expires after 12 hours. The chart writes it
//! into its push secret once, so builds work on install day and fail from then on. PrimeHub's
//! way is the `aws-ecr-credential` chart, which refreshes a secret `aws-registry` in the
//! namespace; point `pushSecretName` at it.
//!
//! The finding points at `pushSecretName` when it is written, otherwise at the `customImage:`
//! line.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://123456789012.dkr.ecr.us-east-1.amazonaws.com
//!   registryUsername: AWS
//!   registryPassword: eyJwYXlsb2FkIjoi…
//!   pushRepo: 123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-images
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
//! - AWS, [Private registry authentication](https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html)

use crate::registry::{Endpoint, RegistryKind};
use crate::rules::missing_credentials::is_chart_managed;
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(endpoint) = ctx.values.endpoint().and_then(|e| Endpoint::parse(e).ok()) else {
        return;
    };
    if endpoint.kind() != RegistryKind::Ecr {
        return;
    }
    let secret = ctx.values.push_secret_name();
    if !is_chart_managed(secret, ctx.release) {
        return;
    }
    let message = format!(
        "ECR passwords expire after 12 hours, but the push secret `{secret}` is written once by \
         the chart from `registryPassword`: builds fail to push from the next day on"
    );
    let help = "install the `aws-ecr-credential` chart (it refreshes the secret `aws-registry` \
                in the namespace) and set `pushSecretName: aws-registry`; then \
                `registryUsername` and `registryPassword` can go";
    out.push(ctx.at_value(
        Rule::EcrPushSecret.diagnostic(message).help(help),
        "customImage.pushSecretName",
    ));
}
