//! `customimage schema [--draft 2020-12|7]`: the JSON Schema of a values file (see
//! `values::schema_drafts` for the drafts, their `$id`s and why one form serves editors and
//! charts alike).

use clap::{Args, ValueEnum};

use super::{Error, Outcome};
use crate::values::schema_drafts::{schema_text, Draft};

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The JSON Schema draft: 2020-12, or 7 (draft-07: Helm up to 3.17, yaml-language-server).
    #[arg(long, value_enum, default_value_t = DraftArg::V2020_12, value_name = "DRAFT")]
    pub draft: DraftArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DraftArg {
    #[value(name = "2020-12", alias = "2020")]
    V2020_12,
    #[value(name = "7", alias = "07", alias = "draft-07")]
    V7,
}

pub fn run(args: &SchemaArgs) -> Result<Outcome, Error> {
    let draft = match args.draft {
        DraftArg::V2020_12 => Draft::Draft2020_12,
        DraftArg::V7 => Draft::Draft07,
    };
    crate::redact::print_stdout(&schema_text(draft));
    Ok(Outcome::Success)
}
