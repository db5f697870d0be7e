//! Helm values: the typed `customImage` model ([`model`]), reading YAML with a location for every
//! node ([`yaml`]), Kubernetes quantities ([`quantity`]), and [`LocatedValues`], the form every
//! rule and command consumes whether the input was a values file or a 2.x `.env`.

pub mod helm;
pub mod image_spec;
pub mod model;
pub mod quantity;
pub mod schema_drafts;
pub mod yaml;

use std::collections::BTreeMap;

pub use model::*;

use crate::source::Span;

/// The `customImage` values of one input, with where each one was written.
///
/// Paths are dotted values paths (`customImage.buildJob.resources.limits.cpu`). For a `.env`
/// input the spans point into the `.env` file and [`LocatedValues::display_path`] names the
/// `.env` key instead.
#[derive(Debug, Clone, Default)]
pub struct LocatedValues {
    /// The user's values (not merged with chart defaults). Default when the block is absent or
    /// could not be read as the typed model (the `schema` rule then says why).
    pub custom_image: CustomImage,
    /// Whether `custom_image` really holds the input's values (false after a schema violation).
    pub typed: bool,
    /// Whether the input has a `customImage` block at all.
    pub block_present: bool,
    /// The `customImage:` key, or the empty span at the start of the file.
    pub block_span: Span,
    /// Dotted path → span of the value.
    pub value_spans: BTreeMap<String, Span>,
    /// Dotted path → span of the key (a `.env` input: the key name).
    pub key_spans: BTreeMap<String, Span>,
    /// Dotted path → the `.env` key it came from (only for `.env` inputs).
    pub env_keys: BTreeMap<String, String>,
    /// Spans of secrets in the source (passwords, GCR keys), masked in every report.
    pub secret_spans: Vec<Span>,
    /// The top-level `nameOverride` and `fullnameOverride` a values file writes, which name the
    /// chart's objects (`helm::fullname`); their origins are spans of this input.
    pub name_overrides: helm::Map,
}

impl LocatedValues {
    /// Where the value at `path` is written; the block (or the file's start) when it is not.
    pub fn value_span(&self, path: &str) -> Span {
        self.value_spans
            .get(path)
            .copied()
            .unwrap_or(self.block_span)
    }

    /// Where the key at `path` is written; the block (or the file's start) when it is not.
    pub fn key_span(&self, path: &str) -> Span {
        self.key_spans.get(path).copied().unwrap_or(self.block_span)
    }

    /// The name a user knows the setting by: the `.env` key, or the dotted values path.
    pub fn display_path(&self, path: &str) -> String {
        self.env_keys
            .get(path)
            .cloned()
            .unwrap_or_else(|| path.to_string())
    }

    /// Whether the input came from a `.env` file.
    pub fn is_env(&self) -> bool {
        !self.env_keys.is_empty()
    }
}
