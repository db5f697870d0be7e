//! `customimage check INPUT [--timeout SECONDS] [--ca-file FILE]… [--push-secret FILE |
//! --authfile FILE] [--format json]`: log in to the configured registry for real and verify
//! that the builder may push (SPEC §7). The registry client is `crate::check`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use super::layers::{self, LayerArgs};
use super::{Error, Globals, Outcome};
use crate::check::{CredentialSource, Failure, Options, TrustSettings};

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 verified; 1 the configuration or the registry refused \
(lint errors, bad credentials, no push permission, certificate problems, repository missing, \
an expired ECR token); 2 usage or I/O error; 3 the registry could not be reached (DNS, \
connection, timeout).\n\nExtra certificate authorities also come from SSL_CERT_FILE, \
SSL_CERT_DIR and /etc/docker/certs.d or /etc/containers/certs.d/<host[:port]>/*.crt. Without \
--push-secret or --authfile, a config with no credentials is checked with the docker config \
REGISTRY_AUTH_FILE or DOCKER_CONFIG names."
)]
pub struct CheckArgs {
    /// A values file or `.env` (`-` for standard input); with `-f`/`--set*`, the first layer.
    #[arg(required_unless_present_any = ["values", "set", "set_string", "set_json", "set_literal", "set_file"])]
    pub input: Option<String>,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Read the input as a `.env` file.
    #[arg(long)]
    pub env: bool,
    /// Trust this CA certificate (PEM) too; repeatable. The build pod will not trust it.
    #[arg(long = "ca-file", value_name = "FILE")]
    pub ca_files: Vec<PathBuf>,
    /// Check the credentials of this Kubernetes Secret (type kubernetes.io/dockerconfigjson,
    /// YAML or JSON as `kubectl get secret -o yaml` prints it; `-` for standard input): the
    /// ones the build pod pushes with.
    #[arg(long, value_name = "FILE", conflicts_with = "authfile")]
    pub push_secret: Option<String>,
    /// Check the credentials of this docker config (`~/.docker/config.json`) or containers
    /// `auth.json`.
    #[arg(long, value_name = "FILE")]
    pub authfile: Option<PathBuf>,
    /// Run the credential helpers (`credHelpers`, `credsStore`) a docker config names.
    #[arg(long)]
    pub allow_credential_helpers: bool,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub layers: LayerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Steps, warnings and notes for people.
    Human,
    /// Every step with its outcome, detail and duration, then the verdict.
    Json,
}

/// `customimage check`.
pub fn run(args: &CheckArgs, globals: &Globals) -> Result<Outcome, Error> {
    let timeout = timeout(args.timeout).ok_or_else(|| {
        Error::usage(format!(
            "--timeout must be a positive number of seconds, not {}",
            args.timeout
        ))
    })?;
    let stdin_credentials = args.push_secret.as_deref() == Some("-")
        || args.authfile.as_deref() == Some(std::path::Path::new("-"));
    if args.input.as_deref() == Some("-") && stdin_credentials {
        return Err(Error::usage(
            "the input and the credentials file cannot both be standard input",
        ));
    }
    let first: Vec<String> = args.input.iter().cloned().collect();
    let loaded = layers::load(&first, &args.layers, args.env, globals)?;
    let mut options = Options::new(timeout);
    options.trust = TrustSettings::from_env(args.ca_files.clone());
    options.credentials = match (&args.push_secret, &args.authfile) {
        (Some(secret), _) => Some(CredentialSource::PushSecret(secret.clone())),
        (None, Some(file)) => Some(CredentialSource::AuthFile(file.clone())),
        (None, None) => None,
    };
    options.environment_credentials = CredentialSource::from_env();
    options.allow_credential_helpers = args.allow_credential_helpers;
    let report = crate::check::check(&loaded.custom_image(), &options);
    match args.format {
        Format::Json => {
            crate::redact::print_json(report.verified.to_json(report.result.as_ref().err()))
        }
        Format::Human => {
            if report.result.is_ok() {
                crate::redact::print_stdout(&report.verified.render(globals.quiet));
            } else {
                for warning in &report.verified.warnings {
                    crate::report::warning(warning);
                }
            }
        }
    }
    match report.result {
        Ok(()) => Ok(Outcome::Success),
        Err(failure) => Err(error(&failure)),
    }
}

/// The command's error for a failed check: its exit status is the failure's.
fn error(failure: &Failure) -> Error {
    if failure.is_usage() {
        Error::usage(failure.message())
    } else if failure.is_unreachable() {
        Error::Unreachable(failure.render())
    } else {
        Error::Refused(failure.render())
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
    fn a_failure_keeps_its_exit_status() {
        for failure in [
            Failure::Input("x".into()),
            Failure::Dns { host: "h".into() },
            Failure::Config("x".into()),
        ] {
            assert_eq!(error(&failure).exit_code(), failure.exit_code());
        }
    }
}
