//! `customimage`: argument parsing and dispatch only; every command lives in its own module.

use std::process::ExitCode;

fn main() -> ExitCode {
    customimage::redact::install_panic_hook();
    let cli = <customimage::cli::Cli as clap::Parser>::parse();
    customimage::cli::run(cli)
}
