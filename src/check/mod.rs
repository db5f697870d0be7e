//! Logging in to the configured registry for real and verifying that the builder may push,
//! without leaving anything behind (SPEC §7). The command is `commands::check`.
//!
//! - [`plan`]: what to talk to, from the `customImage` block (no network);
//! - [`login`]: the Docker Registry v2 login flow and the push-access test;
//! - [`http`]: one bounded request, transport errors named (DNS, refused, TLS, timeout);
//! - [`tls_probe`]: a second look at a rejected certificate (self-signed or wrong host?);
//! - [`challenge`]: `WWW-Authenticate` and registry error bodies (masked, then shortened);
//! - [`trust`]: extra certificate authorities (`--ca-file`, `SSL_CERT_*`, `certs.d`);
//! - [`credentials`]: the build pod's own credentials (a push secret, a docker config);
//! - [`outcome`]: every step and result, and the sentence an operator reads.
//!
//! When the credentials are not in the config (`pushSecretName` names a secret managed
//! elsewhere, as ECR's refreshed `aws-registry` is, and no username or password is set), only
//! the endpoint is checked, and the output says so; the exit status is then 0.

pub mod challenge;
pub mod credentials;
pub mod http;
pub mod login;
pub mod outcome;
pub mod plan;
pub mod tls_probe;
pub mod trust;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::values::CustomImage;

pub use credentials::CredentialSource;
pub use outcome::{Failure, Step, StepOutcome, Verified};
pub use plan::LoginPlan;
pub use trust::TrustSettings;

/// How to check, besides what the config says.
#[derive(Debug, Clone)]
pub struct Options {
    pub timeout: Duration,
    /// Extra certificate authorities (`--ca-file`, `SSL_CERT_FILE`, `SSL_CERT_DIR`, `certs.d`).
    pub trust: TrustSettings,
    /// `--push-secret` or `--authfile`: checked instead of the config's credentials.
    pub credentials: Option<CredentialSource>,
    /// A docker config the environment names (`REGISTRY_AUTH_FILE`, `DOCKER_CONFIG`): used
    /// only when the config holds no credentials.
    pub environment_credentials: Option<CredentialSource>,
    /// Whether `credHelpers` / `credsStore` programs may run.
    pub allow_credential_helpers: bool,
    /// The time now, Unix seconds (ECR token expiry).
    pub now: i64,
}

impl Options {
    /// Defaults: no extra CAs, the config's credentials.
    pub fn new(timeout: Duration) -> Options {
        Options {
            timeout,
            trust: TrustSettings::default(),
            credentials: None,
            environment_credentials: None,
            allow_credential_helpers: false,
            now: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        }
    }
}

/// A check as far as it went, and how it ended.
#[derive(Debug, Clone)]
pub struct Report {
    pub verified: Verified,
    pub result: Result<(), Failure>,
}

impl Report {
    /// 0 verified, 1 refused, 2 usage or I/O, 3 unreachable.
    pub fn exit_code(&self) -> u8 {
        self.result.as_ref().err().map_or(0, Failure::exit_code)
    }
}

/// An ECR token with less than this left gets a warning.
const TOKEN_WARNING_SECONDS: i64 = 86_400;

/// Checks the registry login of a `customImage` block.
pub fn check(custom_image: &CustomImage, options: &Options) -> Report {
    let mut verified = Verified::default();
    let result = run_check(custom_image, options, &mut verified);
    Report { verified, result }
}

fn run_check(
    custom_image: &CustomImage,
    options: &Options,
    verified: &mut Verified,
) -> Result<(), Failure> {
    let deadline = Instant::now() + options.timeout;
    let mut target = LoginPlan::from_custom_image(custom_image).map_err(Failure::Config)?;
    verified.endpoint = target.base_url.clone();
    let source = options
        .credentials
        .as_ref()
        .or(if target.credentials.is_none() {
            options.environment_credentials.as_ref()
        } else {
            None
        });
    if let Some(source) = source {
        verified.begin("credentials");
        let result = use_credentials(&mut target, source, options, deadline, verified);
        if let Err(failure) = &result {
            verified.fail(failure);
        }
        result?;
    } else if let Some(expiry) = target
        .credentials
        .as_ref()
        .and_then(credentials::ecr_expiry)
    {
        // An ECR token written into the config itself.
        verified.begin("credentials");
        let detail = format!(
            "the config's `registryPassword` is an ECR authorization token for user `{}`",
            target
                .credentials
                .as_ref()
                .map_or("", |c| c.username.as_str())
        );
        let result = token_expiry(
            detail,
            Some(expiry),
            "`registryPassword`".into(),
            options,
            verified,
        );
        if let Err(failure) = &result {
            verified.fail(failure);
        }
        result?;
    }
    let trust = trust::Trust::load(&options.trust).map_err(Failure::Input)?;
    for skipped in &trust.skipped {
        verified
            .notes
            .push(format!("certificate authorities not used: {skipped}"));
    }
    let session = http::Session::with_trust(
        target.insecure_skip_verify,
        options.timeout,
        trust,
        !target.is_https(),
    );
    let result = login::verify(&target, &session, verified);
    for (host, sources) in session.verified_by_extra_cas() {
        if host == target.host {
            if let Some(step) = verified.steps.iter_mut().find(|s| s.name == "reach") {
                step.outcome = StepOutcome::Warning;
            }
        }
        verified.warnings.push(format!(
            "the TLS certificate of {host} was verified only thanks to {}: the build pod \
             (infuseai/buildah) trusts only the system roots of its image, so its push will fail \
             with `x509: certificate signed by unknown authority`. Build with a builder image \
             that has this CA installed (`customImage.buildJob.image`), or set \
             `insecureSkipVerify: true` (the pod then accepts any certificate for this registry, \
             an impostor's too)",
            sources.join(", ")
        ));
    }
    result
}

/// Reads the pod's credentials from `source` into `target`, ending the `credentials` step.
fn use_credentials(
    target: &mut LoginPlan,
    source: &CredentialSource,
    options: &Options,
    deadline: Instant,
    verified: &mut Verified,
) -> Result<(), Failure> {
    let found = credentials::find(
        source,
        &target.host,
        &target.repository,
        options.allow_credential_helpers,
        deadline,
    )?;
    let mut detail = format!(
        "the entry `{}` of {} matches {}; user `{}`",
        found.entry, found.source, target.host, found.credentials.username
    );
    if let Some(helper) = &found.helper {
        detail.push_str(&format!(
            " (from the credential helper `docker-credential-{helper}`)"
        ));
    }
    if let (Some(name), CredentialSource::PushSecret(_)) = (&found.secret_name, source) {
        let expected = target
            .external_secret
            .clone()
            .unwrap_or_else(|| "the chart's own push secret".into());
        if target.external_secret.as_deref() != Some(name.as_str()) {
            verified.notes.push(format!(
                "the secret is named `{name}`, but the build pod uses {}",
                if target.external_secret.is_some() {
                    format!("`{expected}` (`pushSecretName`)")
                } else {
                    expected
                }
            ));
        }
    }
    let expiry = found.ecr_expiry;
    let source_name = found.source.clone();
    target.credentials = Some(found.credentials);
    target.credentials_from_secret = true;
    token_expiry(detail, expiry, source_name, options, verified)
}

/// Ends the `credentials` step: an ECR token past its expiry is a failure, one with less than
/// a day left a warning.
fn token_expiry(
    detail: String,
    expiry: Option<i64>,
    source_name: String,
    options: &Options,
    verified: &mut Verified,
) -> Result<(), Failure> {
    match expiry {
        Some(expiry) if expiry <= options.now => Err(Failure::TokenExpired {
            source: source_name,
            expired: format!(
                "at {} ({} ago)",
                credentials::utc(expiry),
                credentials::span(options.now - expiry)
            ),
        }),
        Some(expiry) => {
            let left = format!(
                "the ECR token expires at {} (in {})",
                credentials::utc(expiry),
                credentials::span(expiry - options.now)
            );
            if expiry - options.now < TOKEN_WARNING_SECONDS {
                verified.warn(
                    format!("{detail}; {left}"),
                    format!(
                        "{left}: pushes fail after that; refresh the secret on a schedule \
                         (`aws ecr get-login-password`, ECR tokens last 12 hours)"
                    ),
                );
            } else {
                verified.ok(format!("{detail}; {left}"));
            }
            Ok(())
        }
        None => {
            verified.ok(detail);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    /// A config for a registry where nothing listens, logging in with an ECR-shaped token
    /// that expires at `expiration`.
    fn ecr_config(expiration: i64) -> CustomImage {
        let token = base64::engine::general_purpose::STANDARD.encode(format!(
            r#"{{"payload":"cGF5bG9hZC1jYW5hcnk=","datakey":"a2V5","version":"2","type":"DATA_KEY","expiration":{expiration}}}"#
        ));
        let mut custom_image = CustomImage::default();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        custom_image.registry_endpoint = Some(format!("https://127.0.0.1:{port}"));
        custom_image.push_repo = Some(format!("127.0.0.1:{port}/team/images"));
        custom_image.registry_username = Some("AWS".into());
        custom_image.registry_password = Some(crate::values::Secret::new(token));
        custom_image
    }

    #[test]
    fn an_ecr_token_in_the_config_is_read_for_its_expiry() {
        let mut options = Options::new(Duration::from_secs(5));
        options.now = 1_800_000_000;
        // Expired: refused before any request (a request would fail as unreachable, 3).
        let report = check(&ecr_config(options.now - 60), &options);
        let failure = report.result.unwrap_err();
        assert_eq!(failure.kind(), "token-expired", "{failure:?}");
        assert_eq!(failure.exit_code(), 1);
        assert!(failure.help().contains("aws ecr get-login-password"));
        assert_eq!(report.verified.steps.len(), 1);
        assert_eq!(report.verified.steps[0].outcome, StepOutcome::Failed);

        // Within a day: a warning, then the check goes on (and finds nothing listening).
        let report = check(&ecr_config(options.now + 3600), &options);
        assert_eq!(report.exit_code(), 3);
        assert_eq!(report.verified.steps[0].outcome, StepOutcome::Warning);
        assert!(report.verified.warnings[0].contains("in 1 h 0 min"));

        // Later: no warning.
        let report = check(&ecr_config(options.now + 5 * 86_400), &options);
        assert_eq!(report.verified.steps[0].outcome, StepOutcome::Ok);
        assert!(report.verified.warnings.is_empty());
    }

    #[test]
    fn a_block_without_endpoint_is_refused_before_any_request() {
        let report = check(
            &CustomImage::default(),
            &Options::new(Duration::from_secs(1)),
        );
        let failure = report.result.unwrap_err();
        assert!(matches!(failure, Failure::Config(ref m) if m.contains("registryEndpoint")));
        assert!(report.verified.steps.is_empty());
        assert_eq!(failure.exit_code(), 1);
    }
}
