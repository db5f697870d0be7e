//! # `yaml-syntax`
//!
//! ## What it does
//! Reports a values file that cannot be read as YAML, at the position where the parser gave
//! up, and what Helm would refuse even in well-formed YAML: a key that is a list, a mapping or
//! null; a merge key `<<` whose value is not a mapping; a value with no JSON form (`.nan`,
//! `!!int abc`). Also refused, so that a hostile file cannot hang or exhaust the tool:
//! collections nested deeper than 512 levels (flow collections: 255), a flow collection of
//! more than 50,000 entries, more than 200,000 nodes, and aliases that expand past these
//! bounds (a "billion laughs" alias bomb).
//!
//! A second YAML document (after `---`) is a warning: Helm reads only the first, so the rest
//! is silently ignored.
//!
//! Detected by: `src/values/yaml/tree.rs` (the parser and its bounds) and `src/values/yaml/keys.rs`, while reading.
//!
//! ## Why is this bad?
//! `helm install` and `helm upgrade` stop with a parse error, or, for a second document,
//! install without the settings written there.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepo: [gcr.io/my-project/custom-image
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   pushRepo: gcr.io/my-project/custom-image
//! ```
//!
//! ## References
//! - [YAML 1.1](https://yaml.org/spec/1.1/), the version Helm's YAML reader implements

use crate::rules::prelude::*;

/// The parser (or a bound) stopped at `span`.
pub fn unreadable(message: impl Into<String>, span: Span) -> Diagnostic {
    Rule::YamlSyntax.diagnostic(message)
        .help("Helm cannot read this file either; fix the YAML at this position")
        .at("", span)
}

/// A second document starts at `span`.
pub fn second_document(span: Span) -> Diagnostic {
    Rule::YamlSyntax.diagnostic("a second YAML document starts here; Helm reads only the first, so everything from \
         here on is ignored",
    )
    .severity(Severity::Warning)
    .help("move these values into the first document, or into a values file of their own")
    .at("", span)
}

/// `count` more values or keys Helm cannot read were found but not reported one by one.
pub fn more(count: usize) -> Diagnostic {
    Rule::YamlSyntax.diagnostic(format!("{count} more keys or values Helm cannot read are not reported one by one"),
    )
    .help("fix the ones reported, then lint again")
    .at("", Span::new(0, 0))
}

/// A second document starts at `span` of a file that must hold exactly one (a manifest).
pub fn not_one_document(span: Span) -> Diagnostic {
    Rule::YamlSyntax
        .diagnostic("expected one YAML document, but another starts here")
        .help("put each document in a file of its own")
        .at("", span)
}
