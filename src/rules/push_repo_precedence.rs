//! # `push-repo-precedence`
//!
//! ## What it does
//! Reports a `customImage` block that sets both `pushRepo` and `pushRepoPrefix`.
//!
//! ## Why is this bad?
//! The controller uses `pushRepo` whenever it is set and ignores `pushRepoPrefix`: all images go
//! into the one repository `<pushRepo>:<image name>-<hash>`. Whoever set the prefix expected
//! `<pushRepoPrefix>/<image name>:<hash>` and will look for the images in the wrong place.
//!
//! The finding points at the ignored `pushRepoPrefix`.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepo: gcr.io/my-project/custom-images
//!   pushRepoPrefix: gcr.io/my-project
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepo: gcr.io/my-project/custom-images
//! ```
//!
//! ## References
//! - PrimeHub 3.8, [Configure Custom Image Build](https://docs.primehub.io/docs/3.8/getting_started/configure-image-builder):
//!   "This field will be ignored when `customImage.pushRepo` is set"

use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let (Some(repo), Some(prefix)) = (ctx.values.push_repo(), ctx.values.push_repo_prefix())
    else {
        return;
    };
    // The quoted part is cut as a whole (a secret in it masked across its end): built once at
    // its size, not by `format!` doubling a buffer around a repository of megabytes.
    const TAG: &str = ":<image name>-<hash>";
    let mut images = String::with_capacity(repo.len() + TAG.len());
    images.push_str(repo);
    images.push_str(TAG);
    let message = format!(
        "both `pushRepo` and `pushRepoPrefix` are set: images go to `{images}` and the prefix \
         `{prefix}` is ignored",
        images = quoted(&images),
        prefix = quoted(prefix)
    );
    let help = "remove `pushRepoPrefix`; or, to push each image into its own repository \
                `<prefix>/<image name>`, remove `pushRepo` instead";
    out.push(ctx.at_value(
        Rule::PushRepoPrecedence.diagnostic(message).help(help),
        "customImage.pushRepoPrefix",
    ));
}
