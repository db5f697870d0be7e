//! # `enabled-ignored`
//!
//! ## What it does
//! Reports `enabled: false` while `registryEndpoint` is set.
//!
//! ## Why is this bad?
//! In PrimeHub 3.x `customImage.enabled` is informational: the chart configures the image
//! builder whenever `registryEndpoint` is non-empty. Whoever wrote `enabled: false` to turn the
//! builder off still gets it, with a push secret holding the registry password.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   enabled: false
//!   registryEndpoint: docker.io
//!   registryUsername: my-user
//!   registryPassword: my-access-token
//!   pushRepo: docker.io/my-user/custom-images
//! ```
//!
//! ## Use instead
//! To turn the builder off, leave the registry out:
//! ```yaml
//! customImage:
//!   enabled: false
//! ```
//!
//! ## References
//! - PrimeHub 3.8, [Configure Custom Image Build](https://docs.primehub.io/docs/3.8/getting_started/configure-image-builder)
//!   (3.8 no longer lists `customImage.enabled`)

use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    if ctx.values.enabled != Some(false) {
        return;
    }
    let Some(endpoint) = ctx.values.endpoint() else {
        return;
    };
    let message = format!(
        "`enabled: false` does not turn the image builder off: the 3.x chart configures it \
         because `registryEndpoint` is set (`{endpoint}`)"
    );
    let help = "to turn the builder off, remove `registryEndpoint` (and the credentials); to \
                keep it, remove `enabled: false`";
    out.push(ctx.at_value(
        Rule::EnabledIgnored.diagnostic(message).help(help),
        "customImage.enabled",
    ));
}
