//! # `push-secret-name-mismatch`
//!
//! ## What it does
//! Reports a `pushSecretName` that names a chart-created push secret (the default
//! `primehub-controller-custom-image-push-secret`, set or left unset, or any
//! `<name>-controller-custom-image-push-secret`) other than the one the chart creates for this
//! release, while `registryEndpoint` is set.
//!
//! ## Why is this bad?
//! The chart names its objects after its fullname (`primehub.fullname`): the release name when
//! it contains `primehub` (`primehub`, `my-primehub`), `<release>-primehub` otherwise (`ph` →
//! `ph-primehub`), `fullnameOverride` or `nameOverride` when set. It creates the push secret
//! `<fullname>-controller-custom-image-push-secret`, but its default `pushSecretName` is the
//! fixed `primehub-controller-custom-image-push-secret`: in a release named `ph`, build pods
//! mount a secret that does not exist and stay pending. Pass the release with `--release` (and
//! the values with `-f`, so overrides count).
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
//!   pushSecretName: ph-primehub-controller-custom-image-push-secret
//! ```

use crate::rules::missing_credentials::chart_secret_name;
use crate::rules::prelude::*;
use crate::values::DEFAULT_PUSH_SECRET_NAME;

const SUFFIX: &str = "-controller-custom-image-push-secret";

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    if ctx.values.endpoint().is_none() {
        return;
    }
    let created = chart_secret_name(ctx.fullname);
    let secret = ctx.values.push_secret_name();
    let chart_style = secret == DEFAULT_PUSH_SECRET_NAME || secret.ends_with(SUFFIX);
    if !chart_style || secret == created {
        return;
    }
    let how = if ctx.values.push_secret_name.is_some() {
        "is"
    } else {
        "defaults to"
    };
    let message = format!(
        "for the release `{}` the chart creates the push secret `{created}`, but \
         `pushSecretName` {how} `{secret}`: build pods mount a secret that does not exist",
        ctx.release
    );
    let help = format!("set `pushSecretName: {created}`");
    out.push(ctx.at_value(
        Rule::PushSecretNameMismatch.diagnostic(message).help(help),
        "customImage.pushSecretName",
    ));
}
