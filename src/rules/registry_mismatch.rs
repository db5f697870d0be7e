//! # `registry-mismatch`
//!
//! ## What it does
//! Compares the registry host of the push target — `pushRepo`, or `pushRepoPrefix` when
//! `pushRepo` is not set — with the host of `registryEndpoint`, after normalising both: scheme
//! and trailing `/v1/`/`/v2/` dropped, lowercase, `docker.io`, `index.docker.io`,
//! `registry-1.docker.io` and a repository without a host (`my-user/images`) all meaning Docker
//! Hub. Ports count: `reg:5000` and `reg` are different registries.
//!
//! ## Why is this bad?
//! The push secret holds credentials for the endpoint only. A push to another host
//! (`asia.gcr.io` with an endpoint of `gcr.io`, `quay.io` with `docker.io`) finds no
//! credentials, and the registry refuses it after the image was built.
//!
//! An ignored `pushRepoPrefix` (when `pushRepo` is set) is not compared.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepo: asia.gcr.io/my-project/custom-images
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://asia.gcr.io
//!   pushRepo: asia.gcr.io/my-project/custom-images
//! ```
//!
//! ## References
//! - Docker, [`docker login`](https://docs.docker.com/reference/cli/docker/login/)

use crate::registry::{Endpoint, PushTarget};
use crate::rules::missing_endpoint::suggested_endpoint;
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(endpoint) = ctx.values.endpoint().and_then(|e| Endpoint::parse(e).ok()) else {
        return;
    };
    let Some(target) = PushTarget::valid(ctx.values) else {
        return;
    };
    let push = target.host();
    if crate::registry::same_host(endpoint.host, &push) {
        return;
    }
    // Cut before it is lower-cased: the same text as lower-casing it whole, then cutting it.
    let login = crate::registry::normalize_host(&quoted(endpoint.host));
    let key = target.mode.key();
    let implied = if target.reference.domain.is_none() {
        " (a repository without a host is on Docker Hub)"
    } else {
        ""
    };
    let message = format!(
        "`{key}` `{}` pushes to `{push}`{implied} but `registryEndpoint` logs in to `{login}`: \
         the push secret has no credentials for `{push}` and the push is refused",
        quoted(&target.text),
        push = quoted(&push),
        login = quoted(&login)
    );
    let help = format!(
        "set `registryEndpoint: {}` to log in where the images go, or change `{key}` to a \
         repository on `{login}`",
        suggested_endpoint(&push),
        login = quoted(&login)
    );
    out.push(ctx.at_value(
        Rule::RegistryMismatch.diagnostic(message).help(help),
        target.mode.path(),
    ));
}
