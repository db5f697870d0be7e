//! `customimage completions SHELL`: completions generated from the command line's definition.

use clap::Args;

use super::{Error, Outcome};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Prints completions for `command` (the whole command line, as `cli` defines it).
pub fn run(args: &CompletionsArgs, mut command: clap::Command) -> Result<Outcome, Error> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "customimage", &mut out);
    crate::redact::print_stdout(&String::from_utf8_lossy(&out));
    Ok(Outcome::Success)
}
