//! Logging in to the configured registry for real and verifying that the builder may push,
//! without leaving anything behind (SPEC §7). The command is `commands::check`.
//!
//! - [`target`]: what to talk to, from the `customImage` block (no network);
//! - [`login`]: the Docker Registry v2 login flow and the push-access test;
//! - [`http`]: one bounded request, transport errors named (DNS, refused, TLS, timeout);
//! - [`tls_probe`]: a second look at a rejected certificate (self-signed or wrong host?);
//! - [`challenge`]: `WWW-Authenticate` and registry error bodies;
//! - [`outcome`]: every result and the sentence an operator reads.
//!
//! When the credentials are not in the config (`pushSecretName` names a secret managed
//! elsewhere, as ECR's refreshed `aws-registry` is, and no username or password is set), only
//! the endpoint is checked, and the output says so; the exit status is then 0.

pub mod challenge;
pub mod http;
pub mod login;
pub mod outcome;
pub mod target;
pub mod tls_probe;

use std::time::Duration;

use crate::values::CustomImage;

pub use outcome::{Failure, Verified};
pub use target::Target;

/// Checks the registry login of a `customImage` block within `timeout`.
pub fn check(custom_image: &CustomImage, timeout: Duration) -> Result<Verified, Failure> {
    let target = Target::from_custom_image(custom_image).map_err(Failure::Config)?;
    login::verify(&target, timeout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_without_endpoint_is_refused_before_any_request() {
        let failure = check(&CustomImage::default(), Duration::from_secs(1)).unwrap_err();
        assert!(matches!(failure, Failure::Config(ref m) if m.contains("registryEndpoint")));
    }
}
