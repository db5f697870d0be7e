//! The rule catalogue (SPEC §5): one file per rule, named after it, whose module doc comment is
//! the documentation `customimage explain RULE` prints. The one table of rules is in
//! [`catalogue`]; this module declares the rule files from it and dispatches to them.
//!
//! Two kinds of rules: those found while reading the input (`.env` syntax, YAML syntax, schema,
//! unknown and duplicate keys), whose reader reports a typed finding that the rule's file turns
//! into a diagnostic, and those that inspect the located values ([`ValuesContext`]) of a values
//! file or a migrated `.env` alike.

pub mod catalogue;
pub mod context;
pub mod diagnostic;
pub mod prelude;

pub use catalogue::{Check, Rule, Severity};
pub use context::ValuesContext;
pub use diagnostic::{has_errors, Diagnostic, Summary};

use crate::values::LocatedValues;

/// Expands the table into the rule modules and the values dispatch.
macro_rules! rule_modules {
    ($($variant:ident, $module:ident, $name:literal, $severity:ident, $check:ident;)*) => {
        $(pub mod $module;)*

        /// Runs every values rule, in catalogue order.
        fn run_values_rules(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
            $(rule_modules!(@run $check, $module, ctx, out);)*
        }
    };
    (@run Values, $module:ident, $ctx:ident, $out:ident) => {
        $module::check($ctx, $out)
    };
    (@run Reader, $module:ident, $ctx:ident, $out:ident) => {};
}

catalogue::rule_table!(rule_modules);

/// Runs every values rule over `located`.
pub fn check_values(located: &LocatedValues, release: &str) -> Vec<Diagnostic> {
    let fullname = crate::values::helm::fullname(release, &Default::default())
        .unwrap_or_else(|_| release.to_string());
    check_values_named(located, release, &fullname)
}

/// Runs every values rule over `located`, the chart's objects being named after `fullname`
/// (`values::helm::fullname`, which knows `nameOverride` and `fullnameOverride`).
pub fn check_values_named(
    located: &LocatedValues,
    release: &str,
    fullname: &str,
) -> Vec<Diagnostic> {
    let ctx = ValuesContext {
        values: &located.custom_image,
        located,
        release,
        fullname,
    };
    let mut out = Vec::new();
    run_values_rules(&ctx, &mut out);
    out
}

/// The diagnostics of the `.env` reader's (or the key mapping's) findings, in order, at most
/// [`crate::limits::MAX_FINDINGS_PER_RULE`] per rule.
pub fn env_diagnostics(findings: &[crate::env::Finding]) -> Vec<Diagnostic> {
    use crate::env::Finding;
    let mut out: Vec<Diagnostic> = findings
        .iter()
        .map(|finding| match finding {
            Finding::Syntax { error, key, span } => env_syntax::diagnostic(error, key, *span),
            Finding::Expansion {
                expansion,
                excerpt,
                key,
                span,
            } => env_shell_expansion::diagnostic(expansion, excerpt.as_deref(), key, *span),
            Finding::UnquotedJson {
                key,
                bash_value,
                span,
            } => env_unquoted_json::diagnostic(key, bash_value.as_deref(), *span),
            Finding::VariableReference {
                reference,
                written,
                key,
                show_value,
            } => env_variable_reference::diagnostic(reference, written, key, *show_value),
            Finding::DuplicateKey {
                key,
                earlier_line,
                same_value,
                span,
            } => env_duplicate_key::diagnostic(key, *earlier_line, *same_value, *span),
            Finding::UnknownKey {
                key,
                suggestion,
                span,
            } => env_unknown_key::diagnostic(key, *suggestion, *span),
            Finding::DeprecatedKey {
                deprecated,
                current,
                values_path,
                current_also_set,
                span,
            } => env_deprecated_key::diagnostic(
                deprecated,
                current,
                values_path,
                *current_also_set,
                *span,
            ),
            Finding::ConflictingAlias {
                current,
                deprecated,
                span,
            } => env_conflicting_alias::diagnostic(current, deprecated, *span),
            Finding::InvalidBool { key, value, span } => {
                env_invalid_bool::diagnostic(key, value, *span)
            }
        })
        .collect();
    diagnostic::cap_per_rule(&mut out);
    out
}

/// The diagnostic of one finding of the values reader ([`crate::values::yaml`]).
pub fn yaml_diagnostic(finding: &crate::values::yaml::Finding) -> Diagnostic {
    use crate::values::yaml::Finding;
    match finding {
        Finding::Syntax { message, span } => yaml_syntax::unreadable(message.as_str(), *span),
        Finding::SecondDocument { span } => yaml_syntax::second_document(*span),
        Finding::NotOneDocument { span } => yaml_syntax::not_one_document(*span),
        Finding::MoreSyntax { count } => yaml_syntax::more(*count),
        Finding::DuplicateKey {
            key,
            first_line,
            in_block,
            path,
            span,
        } => duplicate_key::diagnostic(key, *first_line, *in_block, path.clone(), *span),
        Finding::MoreDuplicates {
            count,
            any_in_block,
        } => duplicate_key::more(*count, *any_in_block),
        Finding::UnknownKey {
            key,
            path,
            suggestion,
            span,
        } => unknown_key::diagnostic(key, path, *suggestion, *span),
        Finding::MoreUnknownKeys { count, path, span } => unknown_key::more(*count, path, *span),
        Finding::SchemaViolation {
            path,
            expected,
            found,
            other,
            span,
        } => schema::diagnostic(path, expected, found, other.as_deref(), *span),
        Finding::Unmodelled { error, span } => schema::unmodelled(error, *span),
    }
}

/// The diagnostics of the values reader's findings, in order (the reader caps them).
pub fn yaml_diagnostics(findings: &[crate::values::yaml::Finding]) -> Vec<Diagnostic> {
    findings.iter().map(yaml_diagnostic).collect()
}

/// The diagnostics of the `ImageSpec` reader's findings ([`crate::values::image_spec`]).
pub fn image_spec_diagnostics(findings: &[crate::values::image_spec::Finding]) -> Vec<Diagnostic> {
    use crate::values::image_spec::Finding;
    findings
        .iter()
        .map(|finding| match finding {
            Finding::Yaml(finding) => yaml_diagnostic(finding),
            Finding::Invalid {
                problem,
                path,
                span,
            } => image_spec_invalid::diagnostic(problem, path, *span),
            Finding::IllegalPackage {
                list,
                package,
                span,
            } => image_spec_package::diagnostic(list, package, *span),
        })
        .collect()
}
