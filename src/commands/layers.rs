//! The values options every command that reads a configuration shares, as `helm install`
//! spells them (SPEC §9): `-f/--values FILE` (repeatable, later wins), `--set`,
//! `--set-string`, `--set-json`, `--set-literal`, `--set-file` (each repeatable), and
//! `--chart-values FILE` (the chart's defaults instead of the bundled PrimeHub chart's).

use clap::Args;

use crate::analysis::layered::{LayerSpec, LayeredResult};
use crate::values::helm::SetKind;

#[derive(Debug, Clone, Default, Args)]
pub struct LayerArgs {
    /// A values file layered over the inputs before it, as `helm -f` (repeatable; later wins).
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<String>,
    /// Set values as `helm --set` does (`a.b=c,l={x,y},l[0]=z`; typed: `true`, `42`, `null`).
    #[arg(long = "set", value_name = "EXPR")]
    pub set: Vec<String>,
    /// Set values as `helm --set-string` does (always strings).
    #[arg(long = "set-string", value_name = "EXPR")]
    pub set_string: Vec<String>,
    /// Set JSON values as `helm --set-json` does (`a.b={"c":1}`).
    #[arg(long = "set-json", value_name = "EXPR")]
    pub set_json: Vec<String>,
    /// Set one literal string as `helm --set-literal` does (commas and backslashes kept).
    #[arg(long = "set-literal", value_name = "EXPR")]
    pub set_literal: Vec<String>,
    /// Set values from files as `helm --set-file` does (`customImage.registryPassword=key.json`).
    #[arg(long = "set-file", value_name = "EXPR")]
    pub set_file: Vec<String>,
    /// The chart's default values (`helm show values infuseai/primehub --version X`) instead of
    /// the bundled ones.
    #[arg(long = "chart-values", value_name = "FILE")]
    pub chart_values: Option<String>,
}

impl LayerArgs {
    /// Whether any values option was given (the inputs are then one layered set).
    pub fn is_layered(&self) -> bool {
        !self.values.is_empty() || self.sets().next().is_some() || self.chart_values.is_some()
    }

    /// The `--set*` expressions, each flag's in the order given.
    pub fn sets(&self) -> impl Iterator<Item = (SetKind, &String)> {
        [
            (SetKind::Set, &self.set),
            (SetKind::String, &self.set_string),
            (SetKind::Json, &self.set_json),
            (SetKind::Literal, &self.set_literal),
            (SetKind::File, &self.set_file),
        ]
        .into_iter()
        .flat_map(|(kind, exprs)| exprs.iter().map(move |e| (kind, e)))
    }

    /// The layered input: `first` (positional inputs) then the `-f` files, then the flags.
    pub fn spec(&self, first: &[String], force_env: bool) -> LayerSpec {
        LayerSpec {
            files: first.iter().chain(&self.values).cloned().collect(),
            sets: self.sets().map(|(k, e)| (k, e.clone())).collect(),
            chart_values: self.chart_values.clone(),
            force_env,
        }
    }
}

/// Reads and checks the layered input a command goes on to use (`first`: its positional
/// inputs), and shows each layer's warnings. Error-level findings stop the command.
pub fn load(
    first: &[String],
    layers: &LayerArgs,
    force_env: bool,
    globals: &super::Globals,
) -> Result<LayeredResult, super::Error> {
    let mut spec = layers.spec(first, force_env);
    if spec.chart_values.is_none() {
        // `--chart-values` wins over the configuration's `chart-values`.
        spec.chart_values = globals.chart_values.clone();
    }
    let result = crate::analysis::layered::load_layers(&spec, &globals.release)?;
    for file in &result.files {
        globals.show_warnings(file);
    }
    Ok(result)
}

/// The chart's fullname for the release (object names are `<fullname>-controller-…`).
pub fn fullname(result: &LayeredResult, release: &str) -> String {
    result
        .names
        .as_ref()
        .map(|n| n.fullname.clone())
        .unwrap_or_else(|| release.to_string())
}
