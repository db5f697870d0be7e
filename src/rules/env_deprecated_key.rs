//! # `env-deprecated-key`
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
