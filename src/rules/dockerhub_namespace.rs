//! # `dockerhub-namespace`
//!
//! ## What it does
//! Checks a push target on Docker Hub (`docker.io`, its aliases, or a repository without a
//! host). Docker Hub repositories are exactly `<namespace>/<repository>`, so it reports:
//! - a `pushRepo` that is not exactly two path components (`docker.io/custom-images`,
//!   `docker.io/team/sub/images`);
//! - a `pushRepoPrefix` that is not exactly a namespace (`docker.io`, `docker.io/team/sub`);
//! - the namespace `library`, which holds Docker's official images.
//!
//! An ignored `pushRepoPrefix` (when `pushRepo` is set) is not checked.
//!
//! ## Why is this bad?
//! A one-component name means `library/<name>`, which no user can push to; deeper paths do not
//! exist on Docker Hub. Either way every push is refused.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   registryUsername: my-user
//!   registryPassword: my-access-token
//!   pushRepoPrefix: docker.io
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   registryUsername: my-user
//!   registryPassword: my-access-token
//!   pushRepoPrefix: docker.io/my-user
//! ```
//!
//! ## References
//! - Docker, [Repositories](https://docs.docker.com/docker-hub/repos/)

use crate::registry::{PushMode, PushTarget, RegistryKind};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(target) = PushTarget::valid(ctx.values) else {
        return;
    };
    if RegistryKind::of(&target.host()) != RegistryKind::DockerHub {
        return;
    }
    let components = target.reference.components();
    let namespace = ctx.values.username().unwrap_or("<namespace>");
    let (expected, example) = match target.mode {
        PushMode::Repo => (2, format!("docker.io/{namespace}/custom-images")),
        PushMode::Prefix => (1, format!("docker.io/{namespace}")),
    };
    let problem = if components.len() < expected {
        match target.mode {
            PushMode::Repo => "it has no namespace, so it means `library/…`, Docker's official \
                               images, where no one else can push"
                .to_string(),
            PushMode::Prefix => "it has no namespace, so each image would go to \
                                 `library/<image name>`, where no one else can push"
                .to_string(),
        }
    } else if components.len() > expected {
        let deeper = match target.mode {
            PushMode::Repo => format!("`{}` has {} path components", target.text, components.len()),
            PushMode::Prefix => format!("the images would be `{}/<image name>`", target.text),
        };
        format!("Docker Hub repositories are `<namespace>/<repository>`, and {deeper}")
    } else if components.first() == Some(&"library") {
        "`library` is the namespace of Docker's official images; no one else can push there"
            .to_string()
    } else {
        return;
    };
    let key = target.mode.key();
    let message = format!("`{key}` `{}` is not a Docker Hub push target: {problem}", target.text);
    let help = format!("use your user or organisation as the namespace: `{key}: {example}`");
    out.push(ctx.at_value(
        Rule::DockerhubNamespace.diagnostic(message).help(help),
        target.mode.path(),
    ));
}
