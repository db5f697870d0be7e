//! `customimage check INPUT [--timeout SECONDS]`: log in to the configured registry for real and
//! verify that the builder may push (SPEC §7). The registry client is `crate::check`.

use std::time::Duration;

use clap::Args;

use super::{Error, Globals, Outcome};

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 verified; 1 the configuration or the registry refused \
(lint errors, bad credentials, no push permission, certificate problems, repository missing); \
2 usage or I/O error; 3 the registry could not be reached (DNS, connection, timeout)."
)]
pub struct CheckArgs {
    /// A values file or `.env` (`-` for standard input).
    pub input: String,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Read the input as a `.env` file.
    #[arg(long)]
    pub env: bool,
}

/// `customimage check`.
pub fn run(args: &CheckArgs, globals: &Globals) -> Result<Outcome, Error> {
    let timeout = timeout(args.timeout).ok_or_else(|| {
        Error::usage(format!(
            "--timeout must be a positive number of seconds, not {}",
            args.timeout
        ))
    })?;
    let loaded = crate::analysis::load(&args.input, args.env, &globals.release)?;
    globals.show_warnings(&loaded);
    match crate::check::check(&loaded.located.custom_image, timeout) {
        Ok(verified) => {
            crate::redact::print_stdout(&verified.render(globals.quiet));
            Ok(Outcome::Success)
        }
        Err(failure) if failure.is_unreachable() => Err(Error::Unreachable(failure.render())),
        Err(failure) => Err(Error::Refused(failure.render())),
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
}
