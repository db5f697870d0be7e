//! The commands (SPEC §3): each module owns its clap arguments and does one command's work,
//! returning how it ended ([`Outcome`]) or a typed [`Error`] that `cli` prints once.
//!
//! Commands start from the load-and-check step (`analysis`) and end in `report`, `render` or
//! `check`; no module below imports from here.

pub mod check;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod layers;
pub mod lint;
pub mod man;
pub mod migrate;
pub mod render;
pub mod rules;
pub mod schema;

pub use crate::error::{Error, Outcome};

/// The options every command sees (given before or after the subcommand).
#[derive(Debug, Clone)]
pub struct Globals {
    /// Whether to colour what is printed.
    pub color: bool,
    /// Print only findings and results, no progress or summaries.
    pub quiet: bool,
    /// The Helm release name (object names depend on it).
    pub release: String,
    /// The namespace the release is installed in.
    pub namespace: String,
    /// Whether `--release` / `--namespace` were given (else a `.customimage.yaml` may set them).
    pub release_given: bool,
    pub namespace_given: bool,
    /// `--config FILE`: the one configuration for every input, instead of the nearest
    /// `.customimage.yaml`.
    pub config: Option<std::path::PathBuf>,
    /// `--isolated`: no configuration file at all.
    pub isolated: bool,
    /// The `chart-values` of the `--config` file: the default of `--chart-values`.
    pub chart_values: Option<String>,
}

impl Globals {
    /// Shows the warnings of an input the command goes on to use.
    pub fn show_warnings(&self, result: &crate::analysis::FileResult) {
        crate::report::human::print_warnings(result, self.color, self.quiet);
    }
}
