//! What a rule file needs, in one import (never `rules/mod.rs` itself, so that the module graph
//! has no cycle).

pub use super::catalogue::{Rule, Severity};
pub use super::context::ValuesContext;
pub use super::diagnostic::{excerpt, quoted, Diagnostic};
pub use crate::source::Span;
pub use crate::values::CustomImage;
