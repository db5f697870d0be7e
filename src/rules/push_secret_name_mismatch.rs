//! # `push-secret-name-mismatch`
//!
//! ## What it does
//! Reports the default `pushSecretName` (`primehub-controller-custom-image-push-secret`, set or
//! left unset) while the Helm release (`--release`) is not `primehub` and `registryEndpoint` is
//! set.
//!
//! ## Why is this bad?
//! The chart names the push secret it creates after the release:
//! `<release>-controller-custom-image-push-secret`. The default `pushSecretName` only matches
//! for a release named `primehub`; in any other release, build pods mount a secret that does not
//! exist and stay pending.
//!
//! ## Example
//! ```yaml
//! # helm install ph infuseai/primehub -f values.yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   registryUsername: my-user
//!   registryPassword: my-access-token
//!   pushRepo: docker.io/my-user/custom-images
//! ```
//!
//! ## Use instead
//! ```yaml
//! # helm install ph infuseai/primehub -f values.yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   registryUsername: my-user
//!   registryPassword: my-access-token
//!   pushRepo: docker.io/my-user/custom-images
//!   pushSecretName: ph-controller-custom-image-push-secret
//! ```

use crate::rules::missing_credentials::chart_secret_name;
use crate::rules::prelude::*;
use crate::values::DEFAULT_PUSH_SECRET_NAME;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    if ctx.values.endpoint().is_none() {
        return;
    }
    let created = chart_secret_name(ctx.release);
    if ctx.values.push_secret_name() != DEFAULT_PUSH_SECRET_NAME
        || created == DEFAULT_PUSH_SECRET_NAME
    {
        return;
    }
    let how = if ctx.values.push_secret_name.is_some() {
        "is"
    } else {
        "defaults to"
    };
    let message = format!(
        "the release is `{}`, so the chart creates the push secret `{created}`, but \
         `pushSecretName` {how} `{DEFAULT_PUSH_SECRET_NAME}`: build pods mount a secret that \
         does not exist",
        ctx.release
    );
    let help = format!("set `pushSecretName: {created}`");
    out.push(ctx.at_value(
        Rule::PushSecretNameMismatch.diagnostic(message).help(help),
        "customImage.pushSecretName",
    ));
}
