//! `customimage check INPUT [--timeout SECONDS]`: log in to the configured registry for real
//! and verify that the builder may push, without leaving anything behind (SPEC §7).
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

use crate::cli::{exit, CheckArgs, Globals};
use crate::values::CustomImage;

pub use outcome::{Failure, Verified};
pub use target::Target;

/// Checks the registry login of a `customImage` block within `timeout`.
pub fn check(custom_image: &CustomImage, timeout: Duration) -> Result<Verified, Failure> {
    let target = Target::from_custom_image(custom_image).map_err(Failure::Config)?;
    login::verify(&target, timeout)
}

/// `customimage check`.
pub fn run(args: &CheckArgs, globals: Globals) -> u8 {
    let Some(timeout) = timeout(args.timeout) else {
        crate::redact::print_stderr(&format!(
            "customimage: --timeout must be a positive number of seconds, not {}\n",
            args.timeout
        ));
        return exit::USAGE;
    };
    // `check` uses the values as the default release's chart would.
    let loaded = match crate::lint::load_checked(&args.input, args.env, "primehub", globals) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    match check(&loaded.located.custom_image, timeout) {
        Ok(verified) => {
            crate::redact::print_stdout(&verified.render(globals.quiet));
            exit::OK
        }
        Err(failure) => {
            crate::redact::print_stderr(&failure.render());
            exit::FINDINGS
        }
    }
}

/// `--timeout` as a duration: positive and finite; more than a day is taken as a day.
fn timeout(seconds: f64) -> Option<Duration> {
    const DAY: f64 = 86_400.0;
    (seconds > 0.0 && !seconds.is_nan()).then(|| Duration::from_secs_f64(seconds.min(DAY)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_positive_and_bounded() {
        assert_eq!(timeout(10.0), Some(Duration::from_secs(10)));
        assert_eq!(timeout(0.25), Some(Duration::from_millis(250)));
        assert_eq!(timeout(f64::INFINITY), Some(Duration::from_secs(86_400)));
        assert_eq!(timeout(0.0), None);
        assert_eq!(timeout(-1.0), None);
        assert_eq!(timeout(f64::NAN), None);
    }

    #[test]
    fn a_block_without_endpoint_is_refused_before_any_request() {
        let failure = check(&CustomImage::default(), Duration::from_secs(1)).unwrap_err();
        assert!(matches!(failure, Failure::Config(ref m) if m.contains("registryEndpoint")));
    }
}
