//! `customimage schema`: the JSON Schema of a values file's `customImage` block.

use super::{Error, Outcome};

pub fn run() -> Result<Outcome, Error> {
    crate::redact::print_stdout(&crate::values::schema_text());
    Ok(Outcome::Success)
}
