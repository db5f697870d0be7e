//! `customimage`: migrate, lint, diff, render and check PrimeHub's Image Builder configuration.
//!
//! Layers, each importing only from those before it:
//! 1. foundation: [`source`] (bounded input), [`redact`] (the one door every printed byte passes),
//!    [`write`], [`suggest`], [`limits`] (the findings cap);
//! 2. read: [`env`] (a 2.x `.env` as bash reads it), [`values`] (YAML with spans, the typed model);
//! 3. knowledge: [`registry`] (image references, Docker Hub / GCR / ECR), [`rules`];
//! 4. analysis: [`analysis`] (the load-and-check step), [`config`] (`.customimage.yaml`),
//!    [`suppress`] (inline suppressions), [`fix`] (mechanical fixes), [`error`] (what a command
//!    returns);
//! 5. output: [`report`] (human, JSON, SARIF, GitHub), [`yaml_out`] (YAML scalars, two quoting
//!    policies), [`render`] (the chart's and the controller's objects), [`check`] (the registry
//!    client);
//! 6. [`commands`]: `lint`, `migrate`, `render`, `diff`, `check`, … each with its arguments;
//! 7. [`cli`]: parse, dispatch, print the one error.

pub mod analysis;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod env;
pub mod error;
pub mod fix;
pub mod limits;
pub mod redact;
pub mod registry;
pub mod render;
pub mod report;
pub mod rules;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod values;
pub mod write;
pub mod yaml_out;
