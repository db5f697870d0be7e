//! # `invalid-endpoint`
//!
//! ## What it does
//! Reports a `registryEndpoint` that is not `[http[s]://]host[:port]`, optionally followed by
//! `/`, `/v1/` or `/v2/`.
//!
//! ## Why is this bad?
//! The endpoint becomes the key of the push secret's `.dockerconfigjson`. A repository path
//! (`https://gcr.io/my-project`), another scheme, a bad port or a placeholder left from the docs
//! makes a key no registry client matches: the push runs without credentials and is refused.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io/my-project
//!   pushRepo: gcr.io/my-project/custom-images
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
//! - Docker, [`docker login`](https://docs.docker.com/reference/cli/docker/login/): the server
//!   is a registry host, not a repository

use crate::registry::{Endpoint, EndpointError};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(text) = ctx.values.endpoint() else {
        return;
    };
    let Err(error) = Endpoint::parse(text) else {
        return;
    };
    let message = format!(
        "`registryEndpoint` `{text}` is not a registry endpoint: {error}",
        text = quoted(text)
    );
    let help = match &error {
        EndpointError::Path(path) => {
            let without = text.strip_suffix(path.as_str()).unwrap_or(text);
            format!(
                "write only the registry: `registryEndpoint: {without}`; the repository belongs \
                 in `pushRepo` or `pushRepoPrefix`"
            )
        }
        EndpointError::Whitespace => format!(
            "remove the whitespace: `registryEndpoint: {}`",
            text.split_whitespace().collect::<String>()
        ),
        _ => "write `[http[s]://]host[:port]`, e.g. `docker.io`, `https://gcr.io`, \
              `https://123456789012.dkr.ecr.us-east-1.amazonaws.com` or `http://10.0.0.5:5000`"
            .to_string(),
    };
    out.push(ctx.at_value(
        Rule::InvalidEndpoint.diagnostic(message).help(help),
        "customImage.registryEndpoint",
    ));
}
