//! The commands that turn a configuration into files, through the binary: `migrate` (fragment,
//! `--into`, `--in-place`, round trips through YAML 1.1 and 1.2 readers), `render` (goldens as
//! insta snapshots, image specs, `kubernetes-validate`, hostile text), `diff` (text and JSON),
//! `schema` drafts and `man`; and the ways users run it: the Helm plugin, pre-commit, the
//! GitHub Action.

mod support;

#[path = "commands/diff_cli.rs"]
mod diff_cli;
#[path = "commands/diff_json.rs"]
mod diff_json;
#[path = "commands/github_action.rs"]
mod github_action;
#[path = "commands/helm_plugin.rs"]
mod helm_plugin;
#[path = "commands/man_page.rs"]
mod man_page;
#[path = "commands/migrate_cli.rs"]
mod migrate_cli;
#[path = "commands/migrate_in_place.rs"]
mod migrate_in_place;
#[path = "commands/migrate_into.rs"]
mod migrate_into;
#[path = "commands/migrate_layered.rs"]
mod migrate_layered;
#[path = "commands/migrate_roundtrip.rs"]
mod migrate_roundtrip;
#[path = "commands/pre_commit.rs"]
mod pre_commit;
#[path = "commands/render_cli.rs"]
mod render_cli;
#[path = "commands/render_golden.rs"]
mod render_golden;
#[path = "commands/render_image_spec.rs"]
mod render_image_spec;
#[path = "commands/render_validate.rs"]
mod render_validate;
#[path = "commands/render_yaml_safety.rs"]
mod render_yaml_safety;
#[path = "commands/schema_drafts.rs"]
mod schema_drafts;
