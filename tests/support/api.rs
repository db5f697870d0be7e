//! The library names the integration tests call directly, in one place. Tests about behaviour
//! run the binary ([`super::cli`]); these are for the tests of one reader or one rule, where
//! the binary would hide what is checked. When a name moves in the library, only this file
//! changes.

pub use customimage::analysis::{check_source, FileResult};
pub use customimage::diagnostic::{has_errors, Diagnostic, Severity, Span};
pub use customimage::env::{is_secret_key, mapping, parse_with, EnvFile};
pub use customimage::redact::scrub;
pub use customimage::registry;
pub use customimage::render::build as render_build;
pub use customimage::render::controller_config::values_json;
pub use customimage::render::image_spec::{ImageSpec, Packages};
pub use customimage::render::{build_objects, chart_manifests, stream, Secrets};
pub use customimage::report::human::render as human_report;
pub use customimage::rules::{check_values, find as find_rule, Check, RULES};
pub use customimage::source::{kind_of, InputKind, SourceFile};
pub use customimage::values::quantity::{self, suggestions, Amount, QuantityError};
pub use customimage::values::yaml::{load, to_json};
pub use customimage::values::{
    schema_text, BuildJob, BuilderImage, CustomImage, LocatedValues, Quantity, ResourceList,
    Resources, Secret,
};
pub use customimage::yaml_out::portable::scalar as migrate_scalar;

/// The name of a diagnostic's rule, as the reports print it.
pub fn rule_name(d: &Diagnostic) -> &'static str {
    d.rule
}

/// Every rule's name, as the reports print it.
pub fn rule_names() -> Vec<&'static str> {
    RULES.iter().map(|r| r.name).collect()
}
