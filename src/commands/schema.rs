//! `customimage schema [values|config] [--draft 2020-12|7]`: the JSON Schema of a values file
//! (see `values::schema_drafts` for the drafts, their `$id`s and why one form serves editors
//! and charts alike), or with `config` the schema of `.customimage.yaml`.

use clap::{Args, ValueEnum};

use super::{Error, Outcome};
use crate::values::schema_drafts::{schema_text, Draft};

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema: a values file's, or `.customimage.yaml`'s.
    #[arg(value_enum, default_value_t = Which::Values)]
    pub which: Which,
    /// The JSON Schema draft of the values schema: 2020-12, or 7 (draft-07: Helm up to 3.17,
    /// yaml-language-server).
    #[arg(long, value_enum, default_value_t = DraftArg::V2020_12, value_name = "DRAFT")]
    pub draft: DraftArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Which {
    Values,
    Config,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DraftArg {
    #[value(name = "2020-12", alias = "2020")]
    V2020_12,
    #[value(name = "7", alias = "07", alias = "draft-07")]
    V7,
}

pub fn run(args: &SchemaArgs) -> Result<Outcome, Error> {
    let text = match (args.which, args.draft) {
        (Which::Config, DraftArg::V2020_12) => crate::config::schema_text(),
        (Which::Config, DraftArg::V7) => {
            return Err(Error::usage(
                "the schema of .customimage.yaml is 2020-12 only; --draft applies to values",
            ))
        }
        (Which::Values, DraftArg::V2020_12) => schema_text(Draft::Draft2020_12),
        (Which::Values, DraftArg::V7) => schema_text(Draft::Draft07),
    };
    crate::redact::print_stdout(&text);
    Ok(Outcome::Success)
}
