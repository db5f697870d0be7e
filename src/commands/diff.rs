//! `customimage diff OLD NEW`: a unified diff of two configurations, values files or `.env`
//! files in any mix. Both are read and checked as every command reads its input, merged over
//! the chart's defaults, and shown in one canonical form, so that only real changes differ:
//!
//! - by default, the effective `customImage` block as the chart's `toYaml` prints it;
//! - with `--manifests`, the objects `render` emits, the push secret's `.dockerconfigjson`
//!   decoded (so the diff shows which registry or user changed).
//!
//! Passwords and keys appear as `sha256:<first 8 hex digits>` unless `--show-secrets`.

use clap::{Args, ValueEnum};
use similar::TextDiff;

use super::layers::{self, LayerArgs};
use super::{Error, Globals, Outcome};
use crate::analysis::layered::LayeredResult;
use crate::render::{self, controller_config, Secrets};
use crate::report::diff_json;
use crate::values::CustomImage;

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 success; 1 findings or any error with --detailed-exitcode; \
2 usage or I/O error, or changes with --detailed-exitcode."
)]
pub struct DiffArgs {
    /// The old configuration (with `--old-values`/`--old-set*`, its first layer).
    pub old: Option<String>,
    /// The new configuration (with `-f`/`--set*`, its first layer).
    pub new: Option<String>,
    /// Diff the rendered objects instead of the values.
    #[arg(long)]
    pub manifests: bool,
    /// Show passwords and keys instead of their `sha256:` fingerprints.
    #[arg(long)]
    pub show_secrets: bool,
    /// Lines of context around each change.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub context: usize,
    /// Exit 2 when there are changes, 0 when there are none, 1 on any error (as helm-diff).
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Read both inputs as `.env` files.
    #[arg(long)]
    pub env: bool,
    /// `human`: a unified diff; `json`: each change as data (path, kind, old and new value;
    /// secrets as fingerprints) with the unified diff beside it.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// The new side's layers, as `helm diff upgrade` takes them.
    #[command(flatten)]
    pub layers: LayerArgs,
    #[command(flatten)]
    pub old_layers: OldLayerArgs,
}

/// The old side's layers: the values of the live release (`helm get values RELEASE -o yaml`)
/// and whatever else it was installed with.
#[derive(Debug, Clone, Default, Args)]
pub struct OldLayerArgs {
    /// A values file of the old side (repeatable; later wins).
    #[arg(long = "old-values", value_name = "FILE")]
    pub old_values: Vec<String>,
    /// `--set` of the old side.
    #[arg(long = "old-set", value_name = "EXPR")]
    pub old_set: Vec<String>,
    /// `--set-string` of the old side.
    #[arg(long = "old-set-string", value_name = "EXPR")]
    pub old_set_string: Vec<String>,
    /// `--set-json` of the old side.
    #[arg(long = "old-set-json", value_name = "EXPR")]
    pub old_set_json: Vec<String>,
    /// `--set-literal` of the old side.
    #[arg(long = "old-set-literal", value_name = "EXPR")]
    pub old_set_literal: Vec<String>,
    /// `--set-file` of the old side.
    #[arg(long = "old-set-file", value_name = "EXPR")]
    pub old_set_file: Vec<String>,
}

impl OldLayerArgs {
    /// The same layers as [`LayerArgs`] (the chart's defaults are the new side's).
    fn as_layers(&self, chart_values: Option<String>) -> LayerArgs {
        LayerArgs {
            values: self.old_values.clone(),
            set: self.old_set.clone(),
            set_string: self.old_set_string.clone(),
            set_json: self.old_set_json.clone(),
            set_literal: self.old_set_literal.clone(),
            set_file: self.old_set_file.clone(),
            chart_values,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
}

/// `customimage diff`.
pub fn run(args: &DiffArgs, globals: &Globals) -> Result<Outcome, Error> {
    diff(args, globals).map_err(|e| {
        if args.detailed_exitcode {
            Error::InDetailedDiff(Box::new(e))
        } else {
            e
        }
    })
}

fn diff(args: &DiffArgs, globals: &Globals) -> Result<Outcome, Error> {
    let old_first: Vec<String> = args.old.iter().cloned().collect();
    let new_first: Vec<String> = args.new.iter().cloned().collect();
    let old_layers = args.old_layers.as_layers(args.layers.chart_values.clone());
    if old_first.is_empty() && !old_layers.is_layered() {
        return Err(Error::usage(
            "diff needs an old side: OLD or --old-values/--old-set*",
        ));
    }
    if new_first.is_empty() && args.layers.values.is_empty() && args.layers.sets().next().is_none()
    {
        return Err(Error::usage("diff needs a new side: NEW or -f/--set*"));
    }
    let old = layers::load(&old_first, &old_layers, args.env, globals);
    let new = layers::load(&new_first, &args.layers, args.env, globals);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        // Both are reported: the findings of one, then the other's; an unreadable input (2)
        // outranks one with findings (1).
        (Err(a), Err(b)) => return Err(worse(a, b)),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => return Err(e),
    };
    let secrets = if args.show_secrets {
        Secrets::Reveal
    } else {
        Secrets::Fingerprint
    };
    let view = |result: &LayeredResult| {
        let custom_image = result.custom_image().with_chart_defaults();
        let fullname = layers::fullname(result, &globals.release);
        let block = result.effective.as_ref().map(|e| e.custom_image_json());
        if args.manifests {
            render::review_manifests(
                &custom_image,
                block.as_ref(),
                &fullname,
                &globals.namespace,
                secrets,
            )
        } else {
            Ok(values_view_with(&custom_image, block.as_ref(), secrets))
        }
    };
    let (old_text, new_text) = match (view(&old), view(&new)) {
        (Ok(old_text), Ok(new_text)) => (old_text, new_text),
        (Err(e), _) | (_, Err(e)) => return Err(Error::Internal(e.to_string())),
    };
    let diff = unified_diff(
        &old_text,
        &new_text,
        (&old.name(), &new.name()),
        args.context,
    );
    let changed = !diff.is_empty();
    if args.format == DiffFormat::Json {
        // Printed whether or not anything changed: a reader always gets one document.
        let view = if args.manifests {
            diff_json::View::Manifests
        } else {
            diff_json::View::Values
        };
        let document = diff_json::document(
            (&old.name(), &new.name()),
            view,
            (&old_text, &new_text),
            &diff,
        );
        if args.show_secrets {
            let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
            text.push('\n');
            crate::redact::print_sensitive(&text);
        } else {
            crate::redact::print_json(document);
        }
    }
    if !changed {
        return Ok(Outcome::Success);
    }
    if args.format == DiffFormat::Human {
        let text = if globals.color { colorize(&diff) } else { diff };
        if args.show_secrets {
            crate::redact::print_sensitive(&text);
        } else {
            crate::redact::print_stdout(&text);
        }
    }
    Ok(if args.detailed_exitcode {
        Outcome::Changes
    } else {
        Outcome::Success
    })
}

/// The errors of both inputs, shown in order; the status is the worse one.
fn worse(old: Error, new: Error) -> Error {
    match (old, new) {
        (Error::Inputs(mut old), Error::Inputs(new)) => {
            old.extend(new);
            Error::Inputs(old)
        }
        (old, new) => Error::Both(Box::new(old), Box::new(new)),
    }
}

/// The effective values as a `customImage:` block, in the chart's `toYaml` form.
pub fn values_view(custom_image: &CustomImage, secrets: Secrets) -> String {
    values_view_with(custom_image, None, secrets)
}

/// [`values_view`] of Helm's effective block when it is known.
pub fn values_view_with(
    custom_image: &CustomImage,
    block: Option<&serde_json::Value>,
    secrets: Secrets,
) -> String {
    let body = controller_config::block_yaml(custom_image, block, secrets);
    let mut text = String::from("customImage:\n");
    for line in body.lines() {
        if !line.is_empty() {
            text.push_str("  ");
        }
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// A unified diff with `--- OLD` / `+++ NEW` headers; empty when the texts are the same.
pub fn unified_diff(old: &str, new: &str, names: (&str, &str), context: usize) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(context)
        .header(names.0, names.1)
        .to_string()
}

/// ANSI colours: headers bold, hunk ranges cyan, removals red, additions green.
fn colorize(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len() + 64);
    for (i, line) in diff.split_inclusive('\n').enumerate() {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let code = if i < 2 {
            "1"
        } else if body.starts_with("@@") {
            "36"
        } else if body.starts_with('-') {
            "31"
        } else if body.starts_with('+') {
            "32"
        } else {
            out.push_str(line);
            continue;
        };
        out.push_str(&format!("\x1b[{code}m{body}\x1b[0m{newline}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Secret;

    fn values(endpoint: &str, password: &str) -> CustomImage {
        CustomImage {
            registry_endpoint: Some(endpoint.into()),
            registry_username: Some("alice".into()),
            registry_password: Some(Secret::new(password)),
            push_repo: Some("docker.io/alice/images".into()),
            ..Default::default()
        }
        .with_chart_defaults()
    }

    #[test]
    fn a_password_change_shows_as_fingerprints() {
        let old = values_view(&values("docker.io", "old-pass-1"), Secrets::Fingerprint);
        let new = values_view(&values("docker.io", "new-pass-2"), Secrets::Fingerprint);
        let diff = unified_diff(&old, &new, ("a.yaml", "b.yaml"), 0);
        assert!(diff.starts_with("--- a.yaml\n+++ b.yaml\n@@ "), "{diff}");
        let old_fp = Secrets::Fingerprint.show("old-pass-1");
        let new_fp = Secrets::Fingerprint.show("new-pass-2");
        assert!(
            diff.contains(&format!("\n-  registryPassword: {old_fp}\n")),
            "{diff}"
        );
        assert!(
            diff.contains(&format!("\n+  registryPassword: {new_fp}\n")),
            "{diff}"
        );
        assert!(!diff.contains("old-pass-1") && !diff.contains("new-pass-2"));
    }

    #[test]
    fn the_fingerprint_is_the_sha256_prefix() {
        // printf 'hunter2' | sha256sum → f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7
        assert_eq!(Secrets::Fingerprint.show("hunter2"), "sha256:f52fbd32");
    }

    #[test]
    fn the_same_values_give_no_diff() {
        let v = values_view(&values("docker.io", "same-pass"), Secrets::Fingerprint);
        assert_eq!(unified_diff(&v, &v, ("a", "b"), 3), "");
    }

    #[test]
    fn colours_mark_headers_hunks_and_changes() {
        let diff = unified_diff("a\nb\n", "a\nc\n", ("x", "y"), 1);
        let colored = colorize(&diff);
        assert!(colored.starts_with("\x1b[1m--- x\x1b[0m\n\x1b[1m+++ y\x1b[0m\n\x1b[36m@@"));
        assert!(
            colored.contains("\n a\n\x1b[31m-b\x1b[0m\n\x1b[32m+c\x1b[0m\n"),
            "{colored:?}"
        );
    }
}
