//! `customimage schema`: the JSON Schema of a values file's `customImage` block, or with
//! `--config` the schema of `.customimage.yaml`.

use clap::Args;

use super::{Error, Outcome};

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the schema of `.customimage.yaml` instead.
    #[arg(long = "config", id = "config_schema")]
    pub config: bool,
}

pub fn run(args: &SchemaArgs) -> Result<Outcome, Error> {
    let text = if args.config {
        crate::config::schema_text()
    } else {
        crate::values::schema_text()
    };
    crate::redact::print_stdout(&text);
    Ok(Outcome::Success)
}
