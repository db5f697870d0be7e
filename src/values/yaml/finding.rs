//! What the values reader finds: typed, without wording. The rule files (`rules/yaml_syntax.rs`,
//! `schema.rs`, `unknown_key.rs`, `duplicate_key.rs`) turn each into a diagnostic.

use crate::source::Span;

/// One finding of the YAML reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The parser (or a bound) stopped at `span`, or a key or value there has no form Helm can
    /// read; `message` is the parser's own (`yaml-syntax`).
    Syntax { message: String, span: Span },
    /// A second document starts at `span`; Helm reads only the first (`yaml-syntax` warning).
    SecondDocument { span: Span },
    /// A second document starts at `span` where exactly one is expected (a manifest).
    NotOneDocument { span: Span },
    /// `count` more [`Finding::Syntax`] findings past the findings cap.
    MoreSyntax { count: usize },
    /// `key`, at dotted `path` and written at `span`, was already set on `first_line` of the
    /// same mapping (`duplicate-key`); `in_block` when inside `customImage`.
    DuplicateKey {
        key: String,
        first_line: usize,
        in_block: bool,
        path: String,
        span: Span,
    },
    /// `count` more duplicate keys past the findings cap; `any_in_block` when one of them is
    /// inside `customImage`.
    MoreDuplicates { count: usize, any_in_block: bool },
    /// A key the schema does not allow where it is written (`unknown-key`).
    UnknownKey {
        key: String,
        path: String,
        suggestion: Option<&'static str>,
        span: Span,
    },
    /// `count` more unknown keys past the findings cap, the first of them at dotted `path`,
    /// written at `span`.
    MoreUnknownKeys {
        count: usize,
        path: String,
        span: Span,
    },
    /// The value at dotted `path` (empty for the document) is of JSON type `found` where the
    /// schema allows `expected`; `other` is the validator's own message for a violation that is
    /// not about types (`schema`).
    SchemaViolation {
        path: String,
        expected: Vec<&'static str>,
        found: &'static str,
        other: Option<String>,
        span: Span,
    },
    /// The block passed the schema but not the typed model (`schema`); `error` says why.
    Unmodelled { error: String, span: Span },
}
