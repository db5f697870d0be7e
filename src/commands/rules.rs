//! `customimage rules`: every rule with its default severity, whether `lint --fix` fixes it,
//! and what it catches.

use clap::{Args, ValueEnum};

use super::{Error, Outcome};

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
}

/// How wide the table is when the terminal does not say.
const WIDTH: usize = 100;

pub fn run(args: &RulesArgs) -> Result<Outcome, Error> {
    match args.format {
        RulesFormat::Human => {
            let width = std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(WIDTH);
            crate::redact::print_stdout(&crate::report::rules_list::human(width));
        }
        RulesFormat::Json => crate::redact::print_json(crate::report::rules_list::json()),
    }
    Ok(Outcome::Success)
}
