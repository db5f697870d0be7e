//! What the `.env` reader finds: typed, without wording. The rule files (`rules/env_*.rs`)
//! turn each finding into a diagnostic with its message and help.

use super::lexer::Reference;
use crate::source::Span;

/// One finding of the `.env` reader or of the key mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A line bash does not read as one `KEY=VALUE` assignment (`env-syntax`); `key` is the
    /// line's key, empty when it has none.
    Syntax {
        error: SyntaxError,
        key: String,
        span: Span,
    },
    /// Something bash would run or expand in the value of `key` (`env-shell-expansion`);
    /// `excerpt` is the offending text, absent when it is part of a password.
    Expansion {
        expansion: Expansion,
        excerpt: Option<String>,
        key: String,
        span: Span,
    },
    /// A JSON value whose quotes bash removes (`env-unquoted-json`); `bash_value` is what bash
    /// makes of it, absent when it is a password or bash would not assign it at all.
    UnquotedJson {
        key: String,
        bash_value: Option<String>,
        span: Span,
    },
    /// A `$VAR`, `${VAR}` or `~` in the value of `key` (`env-variable-reference`); `written` is
    /// the reference as written; `show_value` is false when the value is (part of) a password.
    VariableReference {
        reference: Reference,
        written: String,
        key: String,
        show_value: bool,
    },
    /// `key` assigned again at `span`, after `earlier_line` (`env-duplicate-key`).
    DuplicateKey {
        key: String,
        earlier_line: usize,
        same_value: bool,
        span: Span,
    },
    /// A key that looks like an Image Builder setting but is not one (`env-unknown-key`).
    UnknownKey {
        key: String,
        suggestion: Option<&'static str>,
        span: Span,
    },
    /// A PrimeHub 2.2 name (`env-deprecated-key`); `current` is its new name and `values_path`
    /// the 3.x value it becomes; `current_also_set` when the new name has the same value.
    DeprecatedKey {
        deprecated: &'static str,
        current: &'static str,
        values_path: String,
        current_also_set: bool,
        span: Span,
    },
    /// A current name and its deprecated name with different values
    /// (`env-conflicting-alias`), pointing at the deprecated assignment's value.
    ConflictingAlias {
        current: Alias,
        deprecated: Alias,
        span: Span,
    },
    /// A boolean setting whose value is not `true` or `false` (`env-invalid-bool`).
    InvalidBool {
        key: String,
        value: String,
        span: Span,
    },
}

/// One of the two assignments in conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub key: String,
    pub line: usize,
    /// The value, absent when it is a password.
    pub shown_value: Option<String>,
}

/// What is wrong with a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxError {
    /// A `'` or `"` never closed: bash reads on to the end of the file.
    UnterminatedQuote { quote: char },
    /// A line that is neither blank, a comment nor an assignment.
    NotAnAssignment,
    /// `KEY=…` where `KEY` is not a bash name (`A-B=x`, `1A=x`); `None` when the text before
    /// the `=` is not shown (it may be a piece of a value).
    BadKey { key: Option<String> },
    /// `KEY =value` or `KEY= value` written with a space before the `=`.
    SpaceBeforeEquals { key: String },
    /// `KEY+=value` appends to the value bash already has.
    Append { key: String },
    /// `KEY[0]=value` assigns an array element.
    ArrayElement { key: String },
    /// `export` without an assignment, or with an option.
    ExportWithoutAssignment,
    /// `export KEY=a b`: bash takes `b` as another name to export.
    ExportExtraWord,
    /// `A=1 B=2`.
    TwoAssignments,
    /// `UID=…`, `RANDOM=…`: bash keeps its own value.
    BashVariable { key: String },
    /// The file has CRLF line ends.
    CrlfLineEnds { lines: usize },
    /// The file starts with a UTF-8 byte-order mark; `first_key` is the key it hides.
    ByteOrderMark { first_key: Option<String> },
}

/// What bash would do instead of assigning the value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expansion {
    /// `$(…)`.
    CommandSubstitution,
    /// `` `…` ``.
    Backticks,
    /// `$((…))` or `$[…]`.
    Arithmetic,
    /// Unquoted whitespace, then a word bash runs as a command.
    CommandWord,
    /// `;`, `&`, `|`, `<`, `>`, `(`, `)` outside quotes.
    ControlOperator(char),
    /// `KEY=(…)`.
    ArrayAssignment,
    /// `$1`, `$@`, `$?`, `${10}`.
    SpecialParameter,
    /// `${X:-y}`, `${#X}`, `${X/a/b}`…; `default_value` for `${X:-y}` and `${X-y}`.
    UnsupportedParameter { default_value: bool },
    /// A variable bash sets itself (`$RANDOM`, `$PWD`).
    ShellVariable { name: String },
    /// `$'…'`.
    AnsiCQuote,
    /// `$"…"`.
    LocaleQuote,
    /// `~user`, `~+`, `~-`, or `~` while `HOME` is not set (`user` empty).
    Tilde { user: String },
    /// `{a,b}` or `{1..3}` in an `export` line.
    BraceExpansion,
    /// References that expand past what any real setting needs (and memory allows).
    TooLong,
}
