//! What `lint` reports, as reviewed insta snapshots: the JSON diagnostics of every fixture
//! under `fixtures/values/` and `fixtures/env/` (`cargo insta review` after a change), and the
//! human report for a handful of them.

mod support;

#[path = "lint/fixtures.rs"]
mod fixtures;
#[path = "lint/human.rs"]
mod human;
#[path = "lint/layered_cli.rs"]
mod layered_cli;
#[path = "lint/lint_symlinks.rs"]
mod lint_symlinks;
#[path = "lint/report_formats.rs"]
mod report_formats;
#[path = "lint/rule_control.rs"]
mod rule_control;
#[path = "lint/sarif_schema.rs"]
mod sarif_schema;
