//! The commands that turn a configuration into files, through the binary: `migrate` (fragment,
//! `--into`, `--in-place`, round trips through YAML 1.1 and 1.2 readers), `render` (goldens as
//! insta snapshots, image specs, `kubernetes-validate`, hostile text) and `diff`.

mod support;

#[path = "commands/diff_cli.rs"]
mod diff_cli;
#[path = "commands/migrate_cli.rs"]
mod migrate_cli;
#[path = "commands/migrate_in_place.rs"]
mod migrate_in_place;
#[path = "commands/migrate_into.rs"]
mod migrate_into;
#[path = "commands/migrate_roundtrip.rs"]
mod migrate_roundtrip;
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
