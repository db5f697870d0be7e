//! # `ecr-prefix-mode`
//!
//! ## What it does
//! Reports a `pushRepoPrefix` on Amazon ECR when no `pushRepo` is set.
//!
//! ## Why is this bad?
//! With a prefix, each image spec is pushed to its own repository
//! `<pushRepoPrefix>/<image name>`. ECR does not create repositories on push: every new image
//! fails until someone creates its repository by hand. `pushRepo` puts all images into one
//! repository, created once, and tells them apart by tag.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://123456789012.dkr.ecr.us-east-1.amazonaws.com
//!   pushRepoPrefix: 123456789012.dkr.ecr.us-east-1.amazonaws.com/primehub
//!   pushSecretName: aws-registry
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://123456789012.dkr.ecr.us-east-1.amazonaws.com
//!   pushRepo: 123456789012.dkr.ecr.us-east-1.amazonaws.com/primehub-custom-images
//!   pushSecretName: aws-registry
//! ```
//!
//! ## References
//! - PrimeHub 3.8, [Configure AWS ECR](https://docs.primehub.io/docs/3.8/getting_started/configure-image-builder#configure-aws-elastic-container-registry-ecr):
//!   "AWS ECR only support push the container image to an existed repository"
//! - AWS, [Creating a private repository](https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-create.html)

use crate::registry::{PushMode, PushTarget, RegistryKind};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(target) = PushTarget::valid(ctx.values) else {
        return;
    };
    if target.mode != PushMode::Prefix || RegistryKind::of(&target.host()) != RegistryKind::Ecr {
        return;
    }
    let message = format!(
        "with `pushRepoPrefix` every image goes to its own ECR repository \
         `{}/<image name>`, and ECR refuses pushes to a repository that does not exist yet",
        target.text
    );
    let suggestion = if target.reference.path.is_empty() {
        format!("{}/custom-images", target.text)
    } else {
        format!("{}-custom-images", target.text)
    };
    let help = format!(
        "create one repository and push all images into it: `pushRepo: {suggestion}`; or create \
         each `{}/<image name>` repository before its first build",
        target.text
    );
    out.push(ctx.at_value(
        Rule::EcrPrefixMode.diagnostic(message).help(help),
        "customImage.pushRepoPrefix",
    ));
}
