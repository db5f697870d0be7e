//! `customimage`: migrate, lint, diff, render and check PrimeHub's Image Builder configuration.
//!
//! Data flow: read input ([`source`]) → model ([`env`] for 2.x `.env`, [`values`] for Helm
//! values) → rules ([`rules`]) → report ([`report`]) or render ([`render`]).

pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod env;
pub mod lint;
pub mod man;
pub mod migrate;
pub mod redact;
pub mod registry;
pub mod render;
pub mod report;
pub mod rules;
pub mod source;
pub mod suggest;
pub mod values;
pub mod write;
