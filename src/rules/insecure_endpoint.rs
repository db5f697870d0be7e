//! # `insecure-endpoint`
//!
//! ## What it does
//! Checks `registryEndpoint`'s scheme against `insecureSkipVerify`:
//! - error: an `http://` endpoint without `insecureSkipVerify: true`;
//! - warning: `insecureSkipVerify: true` with an `https://` endpoint.
//!
//! An endpoint without a scheme is not reported either way: the builder tries HTTPS first.
//!
//! ## Why is this bad?
//! `insecureSkipVerify` becomes the build pod's `SKIP_TLS_VERIFY`. Without it the pod insists
//! on TLS, so a push to a plain-HTTP registry fails. With it on an HTTPS registry, the
//! registry's certificate is not checked and the push credentials can be sent to anyone who
//! intercepts the connection.
//!
//! The error points at `insecureSkipVerify` when it is written, otherwise at the endpoint; the
//! warning points at `insecureSkipVerify`.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: http://10.0.0.5:5000
//!   pushRepoPrefix: 10.0.0.5:5000/primehub
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: http://10.0.0.5:5000
//!   pushRepoPrefix: 10.0.0.5:5000/primehub
//!   insecureSkipVerify: true
//! ```
//!
//! ## References
//! - buildah, [`buildah push --tls-verify`](https://github.com/containers/buildah/blob/main/docs/buildah-push.1.md)

use crate::registry::{Endpoint, Scheme};
use crate::rules::prelude::*;

const SKIP_VERIFY: &str = "customImage.insecureSkipVerify";

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(text) = ctx.values.endpoint() else {
        return;
    };
    let Ok(endpoint) = Endpoint::parse(text) else {
        return;
    };
    let skip = ctx.values.insecure_skip_verify();
    match endpoint.scheme {
        Some(Scheme::Http) if !skip => {
            let state = match ctx.values.insecure_skip_verify {
                Some(false) => "`insecureSkipVerify` is false",
                _ => "`insecureSkipVerify` is not set",
            };
            let message = format!(
                "`registryEndpoint` `{text}` is plain HTTP but {state}: the build pod requires \
                 TLS and the push fails",
                text = quoted(text)
            );
            let help = format!(
                "set `insecureSkipVerify: true` for a registry without TLS, or use \
                 `https://{}{}` if it has a certificate",
                endpoint.host, endpoint.path
            );
            let path = if ctx.located.value_spans.contains_key(SKIP_VERIFY) {
                SKIP_VERIFY
            } else {
                "customImage.registryEndpoint"
            };
            out.push(ctx.at_value(Rule::InsecureEndpoint.diagnostic(message).help(help), path));
        }
        Some(Scheme::Https) if skip => {
            let message = format!(
                "`insecureSkipVerify: true` turns off TLS verification for the HTTPS registry \
                 `{text}`: anyone who intercepts the connection receives the push credentials",
                text = quoted(text)
            );
            let help = "remove `insecureSkipVerify` (or set it to `false`) unless the registry's \
                        certificate is self-signed";
            out.push(ctx.at_value(
                Rule::InsecureEndpoint.diagnostic(message)
                    .help(help)
                    .severity(Severity::Warning),
                SKIP_VERIFY,
            ));
        }
        _ => {}
    }
}
