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
    let ctx = ValuesContext {
        values: &located.custom_image,
        located,
        release,
    };
    let mut out = Vec::new();
    run_values_rules(&ctx, &mut out);
    out
}
