//! The library names the integration tests call directly, in one place. Tests about behaviour
//! run the binary ([`super::cli`]); these are for the tests of one reader or one rule, where
//! the binary would hide what is checked. When a name moves in the library, only this file
//! changes.

pub use customimage::analysis::{check_source, FileResult};
pub use customimage::env::{mapping, parse_with, EnvFile};
pub use customimage::redact::{is_secret_key, scrub};
pub use customimage::registry;
pub use customimage::render::build as render_build;
pub use customimage::render::controller_config::values_json;
pub use customimage::render::image_spec::{ImageSpec, Packages};
pub use customimage::render::{build_objects, chart_manifests, stream, Secrets};
pub use customimage::report::human::render as human_report;
pub use customimage::rules::{
    check_values, env_diagnostics, has_errors, Check, Diagnostic, Rule, Severity,
};
pub use customimage::source::{kind_of, InputKind, SourceFile, Span};
pub use customimage::values::quantity::{self, suggestions, Amount, QuantityError};
pub use customimage::values::{
    schema_text, BuildJob, BuilderImage, CustomImage, LocatedValues, Quantity, ResourceList,
    Resources, Secret,
};
pub use customimage::yaml_out::portable::scalar as migrate_scalar;

/// The values reader's reading of `source`, its findings as the rules report them.
pub fn load(source: &SourceFile) -> (LocatedValues, Vec<Diagnostic>) {
    let (located, findings) = customimage::values::yaml::load(source);
    (located, customimage::rules::yaml_diagnostics(&findings))
}

/// Any YAML document as JSON, the reader's refusal as the rules report it.
pub fn to_json(source: &SourceFile) -> Result<serde_json::Value, Diagnostic> {
    customimage::values::yaml::to_json(source)
        .map_err(|finding| customimage::rules::yaml_diagnostic(&finding))
}

/// The `.env` reader's findings and the mapping's, as the rules report them.
pub fn env_file_diagnostics(env: &EnvFile) -> Vec<Diagnostic> {
    env_diagnostics(&env.findings)
}

/// The image-spec reader's findings in `source`, as the rules report them.
pub fn image_spec_diagnostics(source: &SourceFile) -> Vec<Diagnostic> {
    let (_, findings) = customimage::values::image_spec::read(source);
    customimage::rules::image_spec_diagnostics(&findings)
}

/// The rule called `name`, if there is one.
pub fn find_rule(name: &str) -> Option<Rule> {
    Rule::from_name(name)
}

/// The name of a diagnostic's rule, as the reports print it.
pub fn rule_name(d: &Diagnostic) -> &'static str {
    d.rule.name()
}

/// Every rule's name, as the reports print it.
pub fn rule_names() -> Vec<&'static str> {
    Rule::ALL.iter().map(|r| r.name()).collect()
}
