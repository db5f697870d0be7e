//! The rule catalogue (SPEC §5): one file per rule, named after it, whose module doc comment is
//! the documentation `customimage explain RULE` prints. This table lists every rule once.
//!
//! Two kinds of rules: those found while reading the input (`.env` syntax, YAML syntax, schema,
//! unknown and duplicate keys; the readers build their diagnostics) and those that inspect the
//! located values ([`ValuesContext`]) of a values file or a migrated `.env` alike.

use crate::diagnostic::{Diagnostic, Severity};
use crate::values::{CustomImage, LocatedValues};

/// What a rule file needs, in one import.
pub mod prelude {
    pub use super::{diag, ValuesContext};
    pub use crate::diagnostic::{Diagnostic, Severity, Span};
    pub use crate::values::CustomImage;
}

/// How a rule is run.
#[derive(Clone, Copy)]
pub enum Check {
    /// Found by the `.env` or YAML reader while reading.
    Reader,
    /// Run over the located values of a values file or a `.env`.
    Values(fn(&ValuesContext, &mut Vec<Diagnostic>)),
}

/// One rule of the catalogue.
pub struct Rule {
    pub name: &'static str,
    pub severity: Severity,
    pub check: Check,
    source: &'static str,
}

impl Rule {
    /// The rule's documentation: its file's module doc comment, as Markdown.
    pub fn doc(&self) -> String {
        let mut doc = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                break;
            };
            doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            doc.push('\n');
        }
        doc
    }

    /// The first paragraph of "What it does", for SARIF's short description.
    pub fn summary(&self) -> String {
        let doc = self.doc();
        doc.split("## What it does")
            .nth(1)
            .and_then(|s| s.split("\n\n").map(str::trim).find(|p| !p.is_empty()))
            .unwrap_or("")
            .replace('\n', " ")
    }
}

macro_rules! catalogue {
    ($($module:ident => $name:literal, $severity:ident, $check:expr;)*) => {
        $(pub mod $module;)*
        /// Every rule, once.
        pub static RULES: &[Rule] = &[$(Rule {
            name: $name,
            severity: Severity::$severity,
            check: $check,
            source: include_str!(concat!(stringify!($module), ".rs")),
        },)*];
    };
}

catalogue! {
    env_syntax => "env-syntax", Error, Check::Reader;
    env_shell_expansion => "env-shell-expansion", Error, Check::Reader;
    env_variable_reference => "env-variable-reference", Warning, Check::Reader;
    env_unquoted_json => "env-unquoted-json", Error, Check::Reader;
    env_duplicate_key => "env-duplicate-key", Warning, Check::Reader;
    env_unknown_key => "env-unknown-key", Warning, Check::Reader;
    env_deprecated_key => "env-deprecated-key", Warning, Check::Reader;
    env_conflicting_alias => "env-conflicting-alias", Error, Check::Reader;
    env_invalid_bool => "env-invalid-bool", Error, Check::Reader;
    yaml_syntax => "yaml-syntax", Error, Check::Reader;
    schema => "schema", Error, Check::Reader;
    unknown_key => "unknown-key", Error, Check::Reader;
    duplicate_key => "duplicate-key", Error, Check::Reader;
    missing_endpoint => "missing-endpoint", Error, Check::Values(missing_endpoint::check);
    missing_push_target => "missing-push-target", Error, Check::Values(missing_push_target::check);
    push_repo_precedence => "push-repo-precedence", Warning, Check::Values(push_repo_precedence::check);
    invalid_endpoint => "invalid-endpoint", Error, Check::Values(invalid_endpoint::check);
    invalid_repository => "invalid-repository", Error, Check::Values(invalid_repository::check);
    registry_mismatch => "registry-mismatch", Error, Check::Values(registry_mismatch::check);
    insecure_endpoint => "insecure-endpoint", Error, Check::Values(insecure_endpoint::check);
    missing_credentials => "missing-credentials", Error, Check::Values(missing_credentials::check);
    unused_credentials => "unused-credentials", Warning, Check::Values(unused_credentials::check);
    gcr_username => "gcr-username", Error, Check::Values(gcr_username::check);
    gcr_key_json => "gcr-key-json", Error, Check::Values(gcr_key_json::check);
    gcr_key_base64 => "gcr-key-base64", Error, Check::Values(gcr_key_base64::check);
    gcr_token_expiry => "gcr-token-expiry", Warning, Check::Values(gcr_token_expiry::check);
    gcr_project_mismatch => "gcr-project-mismatch", Warning, Check::Values(gcr_project_mismatch::check);
    json_key_non_gcr => "json-key-non-gcr", Warning, Check::Values(json_key_non_gcr::check);
    dockerhub_namespace => "dockerhub-namespace", Error, Check::Values(dockerhub_namespace::check);
    ecr_endpoint => "ecr-endpoint", Error, Check::Values(ecr_endpoint::check);
    ecr_push_secret => "ecr-push-secret", Warning, Check::Values(ecr_push_secret::check);
    ecr_prefix_mode => "ecr-prefix-mode", Warning, Check::Values(ecr_prefix_mode::check);
    invalid_secret_name => "invalid-secret-name", Error, Check::Values(invalid_secret_name::check);
    push_secret_name_mismatch => "push-secret-name-mismatch", Warning, Check::Values(push_secret_name_mismatch::check);
    invalid_quantity => "invalid-quantity", Error, Check::Values(invalid_quantity::check);
    requests_exceed_limits => "requests-exceed-limits", Error, Check::Values(requests_exceed_limits::check);
    enabled_ignored => "enabled-ignored", Warning, Check::Values(enabled_ignored::check);
    unused_suppression => "unused-suppression", Warning, Check::Reader;
}

/// The rule named `name`.
pub fn find(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

/// A finding of rule `name` at its default severity.
pub fn diag(name: &'static str, message: impl Into<String>) -> Diagnostic {
    let severity = find(name).map_or_else(
        || {
            debug_assert!(false, "unknown rule {name}");
            Severity::Error
        },
        |r| r.severity,
    );
    Diagnostic::new(name, severity, message)
}

/// What a values rule sees: the user's values, where each was written, and the release name.
pub struct ValuesContext<'a> {
    pub values: &'a CustomImage,
    pub located: &'a LocatedValues,
    pub release: &'a str,
}

impl ValuesContext<'_> {
    /// Points `diagnostic` at the value of `path` (or the block when the value is not written).
    pub fn at_value(&self, diagnostic: Diagnostic, path: &str) -> Diagnostic {
        diagnostic.at(
            self.located.display_path(path),
            self.located.value_span(path),
        )
    }

    /// Points `diagnostic` at the key of `path`.
    pub fn at_key(&self, diagnostic: Diagnostic, path: &str) -> Diagnostic {
        diagnostic.at(self.located.display_path(path), self.located.key_span(path))
    }
}

/// Runs every values rule over `located`.
pub fn check_values(located: &LocatedValues, release: &str) -> Vec<Diagnostic> {
    let ctx = ValuesContext {
        values: &located.custom_image,
        located,
        release,
    };
    let mut out = Vec::new();
    for rule in RULES {
        if let Check::Values(check) = rule.check {
            check(&ctx, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_38_uniquely_named_documented_rules() {
        assert_eq!(RULES.len(), 38);
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 38);
        for rule in RULES {
            let doc = rule.doc();
            assert!(
                doc.starts_with(&format!("# `{}`", rule.name)),
                "{}",
                rule.name
            );
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
            ] {
                assert!(doc.contains(section), "{} lacks {section}", rule.name);
            }
            assert!(
                !doc.contains("(to be written)"),
                "{} is not documented",
                rule.name
            );
        }
    }
}
