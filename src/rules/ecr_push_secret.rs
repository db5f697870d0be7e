//! # `ecr-push-secret`
//!
//! ## What it does
//! (to be written)
//!
//! ## Why is this bad?
//! (to be written)
//!
//! ## Example
//! ```yaml
//! ```
//!
//! ## Use instead
//! ```yaml
//! ```

use crate::rules::prelude::*;

pub fn check(_ctx: &ValuesContext, _out: &mut Vec<Diagnostic>) {}
