//! Reading a values file with a location for every node of the `customImage` subtree.
//! (Being written: see issue 3.)

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::values::LocatedValues;

/// Parses a values file: the located `customImage` block and the findings of `yaml-syntax`,
/// `schema`, `unknown-key` and `duplicate-key`.
pub fn load(_source: &SourceFile) -> (LocatedValues, Vec<Diagnostic>) {
    (LocatedValues::default(), Vec::new())
}

/// Parses any YAML document (an `ImageSpec`, a rendered manifest) into JSON, within the same
/// bounds as values files; a syntax error comes back as a `yaml-syntax` diagnostic.
pub fn to_json(_source: &SourceFile) -> Result<serde_json::Value, Diagnostic> {
    Err(crate::rules::diag(
        "yaml-syntax",
        "the YAML reader is not written yet",
    ))
}
