//! # `invalid-repository`
//!
//! ## What it does
//! Reports a `pushRepo` or `pushRepoPrefix` that is not a valid image repository in the
//! distribution reference grammar Docker uses: uppercase letters, a tag or digest, an empty
//! path component (`//`, a trailing `/`), a scheme, characters other than lowercase letters,
//! digits and the separators `.`, `_`, `__`, `-`, or a name over 255 characters. A prefix is
//! valid when `<pushRepoPrefix>/<image name>` is a repository.
//!
//! ## Why is this bad?
//! The builder appends `:<image name>-<hash>` to `pushRepo` (or `/<image name>:<hash>` to the
//! prefix). With an invalid repository the target image is not a reference at all, and every
//! build fails at the push, after the image was built.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   pushRepo: docker.io/MyTeam/custom-images:latest
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: docker.io
//!   pushRepo: docker.io/myteam/custom-images
//! ```
//!
//! ## References
//! - distribution, [reference grammar](https://github.com/distribution/reference/blob/main/reference.go)

use crate::registry::{ImageRef, ReferenceError};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    if let Some(repo) = ctx.values.push_repo() {
        let problem = match ImageRef::parse(repo) {
            Err(error) => Some((error.to_string(), fix(repo, &error))),
            Ok(reference) if !reference.is_repository() => {
                let what = match (&reference.tag, &reference.digest) {
                    (Some(tag), _) => format!("the tag `:{tag}`"),
                    _ => "a digest".to_string(),
                };
                Some((
                    format!(
                        "it has {what}, but the builder adds its own tag \
                         (`:<image name>-<hash>`)"
                    ),
                    format!("`pushRepo: {}`", reference.name()),
                ))
            }
            Ok(_) => None,
        };
        if let Some((why, fix)) = problem {
            out.push(report(ctx, "pushRepo", repo, why, fix));
        }
    }
    if let Some(prefix) = ctx.values.push_repo_prefix() {
        if let Err(error) = ImageRef::parse_prefix(prefix) {
            let why = error.to_string();
            let fix = fix(prefix, &error);
            out.push(report(ctx, "pushRepoPrefix", prefix, why, fix));
        }
    }
}

fn report(ctx: &ValuesContext, key: &str, value: &str, why: String, fix: String) -> Diagnostic {
    let value = quoted(value);
    let message = format!("`{key}` `{value}` is not a valid image repository: {why}");
    let help = format!(
        "write it as `[host[:port]/]path` in lowercase, without tag or scheme: {}",
        fix.replace("`pushRepo", &format!("`{key}"))
    );
    ctx.at_value(
        Rule::InvalidRepository.diagnostic(message).help(help),
        &format!("customImage.{key}"),
    )
}

/// A corrected value when an obvious one exists, as "`pushRepo: …`".
fn fix(value: &str, error: &ReferenceError) -> String {
    let candidate = match error {
        ReferenceError::Uppercase(_) => value.to_ascii_lowercase(),
        ReferenceError::HasScheme(_) => value
            .split_once("://")
            .map_or(value, |(_, rest)| rest)
            .to_string(),
        ReferenceError::EmptyComponent => value
            .split('/')
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("/"),
        _ => String::new(),
    };
    if !candidate.is_empty() && ImageRef::parse_prefix(&candidate).is_ok() {
        format!("`pushRepo: {candidate}`")
    } else {
        "e.g. `pushRepo: gcr.io/my-project/custom-images`".to_string()
    }
}
