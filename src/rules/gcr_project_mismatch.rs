//! # `gcr-project-mismatch`
//!
//! ## What it does
//! Compares the `project_id` of the service-account key (`_json_key`, or `_json_key_base64`
//! decoded) with the Google Cloud project in the push target's path: `gcr.io/<project>/…`,
//! `<region>-docker.pkg.dev/<project>/<repository>/…` (a domain-scoped project
//! `example.com:proj` is written `example.com/proj`). Also reports a Google `pushRepoPrefix`
//! without any project (`gcr.io`), which would push each image to a project named after it.
//!
//! ## Why is this bad?
//! A service account usually has push access in its own project only. Pushing elsewhere needs
//! an explicit grant in the other project; without one every push is refused. It is a warning
//! because such a grant is possible.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   registryUsername: _json_key
//!   registryPassword: '{"type": "service_account", "project_id": "my-project", …}'
//!   pushRepo: gcr.io/other-project/custom-images
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   registryUsername: _json_key
//!   registryPassword: '{"type": "service_account", "project_id": "my-project", …}'
//!   pushRepo: gcr.io/my-project/custom-images
//! ```
//!
//! ## References
//! - Google Cloud, [Container Registry access control](https://cloud.google.com/container-registry/docs/access-control)

use crate::registry::{google_project, PushMode, PushTarget, RegistryKind, ServiceAccountKey};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(key) = key_of(ctx.values) else {
        return;
    };
    let Some(target) = PushTarget::valid(ctx.values) else {
        return;
    };
    if !RegistryKind::of(&target.host()).is_google() {
        return;
    }
    let key_project = &key.project_id;
    let keyed = target.mode.key();
    let (message, help) = match google_project(&target.reference) {
        Some(project) if project == *key_project => return,
        Some(project) => (
            format!(
                "`{keyed}` `{}` pushes to the project `{project}`, but the service-account key \
                 belongs to `{key_project}`: the push is refused unless that account was granted \
                 access in `{project}`",
                target.text
            ),
            format!(
                "push into the key's project (`{}/{}/…`), or grant the key's service account \
                 write access in `{project}`",
                target.host(),
                key_project.replace(':', "/")
            ),
        ),
        None if target.mode == PushMode::Prefix => (
            format!(
                "`pushRepoPrefix` `{}` names no project: each image would go to a project named \
                 after the image, not to the key's project `{key_project}`",
                target.text
            ),
            format!(
                "set `pushRepoPrefix: {}/{}`",
                target.reference.name(),
                key_project.replace(':', "/")
            ),
        ),
        None => return,
    };
    out.push(ctx.at_value(
        Rule::GcrProjectMismatch.diagnostic(message).help(help),
        target.mode.path(),
    ));
}

/// The service-account key of a `_json_key` / `_json_key_base64` login, when it is one.
pub(crate) fn key_of(values: &CustomImage) -> Option<ServiceAccountKey> {
    let password = values.password()?;
    match values.username()? {
        "_json_key" => ServiceAccountKey::parse_json(password).ok(),
        "_json_key_base64" => ServiceAccountKey::parse_base64(password).ok(),
        _ => None,
    }
}
