//! `customimage schema`: the JSON Schema of a values file's `customImage` block, or with
//! `config` the schema of `.customimage.yaml`.

use clap::{Args, ValueEnum};

use super::{Error, Outcome};

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema: a values file's, or `.customimage.yaml`'s.
    #[arg(value_enum, default_value_t = Which::Values)]
    pub which: Which,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Which {
    Values,
    Config,
}

pub fn run(args: &SchemaArgs) -> Result<Outcome, Error> {
    let text = match args.which {
        Which::Values => crate::values::schema_text(),
        Which::Config => crate::config::schema_text(),
    };
    crate::redact::print_stdout(&text);
    Ok(Outcome::Success)
}
