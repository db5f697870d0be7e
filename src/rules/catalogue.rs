//! The rule catalogue (SPEC §5): every rule once, in one table ([`rule_table!`]).
//!
//! The table is expanded twice, each time through a callback macro: here into [`Rule`] (its
//! name, default [`Severity`], documentation and how it runs), and in `rules/mod.rs` into the
//! `pub mod <rule>;` declarations and the dispatch of the values rules. A rule's documentation
//! is its file's module doc comment, read with `include_str!`; this module imports no rule
//! file.

use serde::{Serialize, Serializer};

/// How bad a finding is. Ordered from worst to mildest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// How a rule is run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Found while reading the input (`.env`, YAML, an `ImageSpec`): the reader reports a typed
    /// finding and the rule's file turns it into a diagnostic.
    Reader,
    /// Run over the located values of a values file or a `.env` (the rule file's `check`).
    Values,
}

/// The table: `Variant, module, "kebab-name", default severity, how it runs;` per rule.
/// `$callback!` receives every row.
macro_rules! rule_table {
    ($callback:ident) => {
        $callback! {
            EnvSyntax, env_syntax, "env-syntax", Error, Reader;
            EnvShellExpansion, env_shell_expansion, "env-shell-expansion", Error, Reader;
            EnvVariableReference, env_variable_reference, "env-variable-reference", Warning, Reader;
            EnvUnquotedJson, env_unquoted_json, "env-unquoted-json", Error, Reader;
            EnvDuplicateKey, env_duplicate_key, "env-duplicate-key", Warning, Reader;
            EnvUnknownKey, env_unknown_key, "env-unknown-key", Warning, Reader;
            EnvDeprecatedKey, env_deprecated_key, "env-deprecated-key", Warning, Reader;
            EnvConflictingAlias, env_conflicting_alias, "env-conflicting-alias", Error, Reader;
            EnvInvalidBool, env_invalid_bool, "env-invalid-bool", Error, Reader;
            YamlSyntax, yaml_syntax, "yaml-syntax", Error, Reader;
            Schema, schema, "schema", Error, Reader;
            UnknownKey, unknown_key, "unknown-key", Error, Reader;
            DuplicateKey, duplicate_key, "duplicate-key", Error, Reader;
            MissingEndpoint, missing_endpoint, "missing-endpoint", Error, Values;
            MissingPushTarget, missing_push_target, "missing-push-target", Error, Values;
            PushRepoPrecedence, push_repo_precedence, "push-repo-precedence", Warning, Values;
            InvalidEndpoint, invalid_endpoint, "invalid-endpoint", Error, Values;
            InvalidRepository, invalid_repository, "invalid-repository", Error, Values;
            RegistryMismatch, registry_mismatch, "registry-mismatch", Error, Values;
            InsecureEndpoint, insecure_endpoint, "insecure-endpoint", Error, Values;
            MissingCredentials, missing_credentials, "missing-credentials", Error, Values;
            UnusedCredentials, unused_credentials, "unused-credentials", Warning, Values;
            GcrUsername, gcr_username, "gcr-username", Error, Values;
            GcrKeyJson, gcr_key_json, "gcr-key-json", Error, Values;
            GcrKeyBase64, gcr_key_base64, "gcr-key-base64", Error, Values;
            GcrTokenExpiry, gcr_token_expiry, "gcr-token-expiry", Warning, Values;
            GcrProjectMismatch, gcr_project_mismatch, "gcr-project-mismatch", Warning, Values;
            JsonKeyNonGcr, json_key_non_gcr, "json-key-non-gcr", Warning, Values;
            DockerhubNamespace, dockerhub_namespace, "dockerhub-namespace", Error, Values;
            EcrEndpoint, ecr_endpoint, "ecr-endpoint", Error, Values;
            EcrPushSecret, ecr_push_secret, "ecr-push-secret", Warning, Values;
            EcrPrefixMode, ecr_prefix_mode, "ecr-prefix-mode", Warning, Values;
            InvalidSecretName, invalid_secret_name, "invalid-secret-name", Error, Values;
            PushSecretNameMismatch, push_secret_name_mismatch, "push-secret-name-mismatch", Warning, Values;
            InvalidQuantity, invalid_quantity, "invalid-quantity", Error, Values;
            RequestsExceedLimits, requests_exceed_limits, "requests-exceed-limits", Error, Values;
            EnabledIgnored, enabled_ignored, "enabled-ignored", Warning, Values;
            ImageSpecInvalid, image_spec_invalid, "image-spec-invalid", Error, Reader;
            ImageSpecPackage, image_spec_package, "image-spec-package", Warning, Reader;
            UnusedSuppression, unused_suppression, "unused-suppression", Warning, Reader;
        }
    };
}
pub(crate) use rule_table;

/// Expands the table into [`Rule`].
macro_rules! rule_enum {
    ($($variant:ident, $module:ident, $name:literal, $severity:ident, $check:ident;)*) => {
        /// One rule of the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, once, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable kebab-case name (`registry-mismatch`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }

            /// The severity of the rule's findings unless a finding says otherwise.
            pub fn severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            /// Whether the rule is found while reading or run over the values.
            pub fn check(self) -> Check {
                match self {
                    $(Rule::$variant => Check::$check,)*
                }
            }

            /// The text of the rule's file, whose module doc comment is the documentation.
            fn source(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!(stringify!($module), ".rs")),)*
                }
            }
        }
    };
}

rule_table!(rule_enum);

impl Rule {
    /// The rule named `name`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// The rule's documentation: its file's module doc comment, as Markdown.
    pub fn doc(self) -> String {
        let mut doc = String::new();
        for line in self.source().lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                break;
            };
            doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            doc.push('\n');
        }
        doc
    }

    /// The first paragraph of "What it does", for SARIF's short description.
    pub fn summary(self) -> String {
        let doc = self.doc();
        doc.split("## What it does")
            .nth(1)
            .and_then(|s| s.split("\n\n").map(str::trim).find(|p| !p.is_empty()))
            .unwrap_or("")
            .replace('\n', " ")
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_40_uniquely_named_documented_rules() {
        assert_eq!(Rule::ALL.len(), 40);
        let mut names: Vec<_> = Rule::ALL.iter().map(|r| r.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 40);
        for &rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
            let doc = rule.doc();
            assert!(doc.starts_with(&format!("# `{}`", rule.name())), "{rule}");
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
            ] {
                assert!(doc.contains(section), "{rule} lacks {section}");
            }
            assert!(!doc.contains("(to be written)"), "{rule} is not documented");
        }
        assert_eq!(Rule::from_name("no-such-rule"), None);
        assert_eq!(
            serde_json::to_string(&Rule::RegistryMismatch).unwrap(),
            "\"registry-mismatch\""
        );
    }
}
