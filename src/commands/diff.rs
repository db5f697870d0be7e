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

use super::{Error, Globals, Outcome};
use crate::analysis::{load, FileResult};
use crate::render::{self, controller_config, Secrets};
use crate::report::diff_json;
use crate::values::CustomImage;

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 success; 1 findings or any error with --detailed-exitcode; \
2 usage or I/O error, or changes with --detailed-exitcode."
)]
pub struct DiffArgs {
    pub old: String,
    pub new: String,
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
    let old = load(&args.old, args.env, &globals.release).map_err(Error::from);
    let new = load(&args.new, args.env, &globals.release).map_err(Error::from);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        // Both are reported: the findings of one, then the other's; an unreadable input (2)
        // outranks one with findings (1).
        (Err(a), Err(b)) => return Err(worse(a, b)),
        (Err(e), Ok(other)) | (Ok(other), Err(e)) => {
            globals.show_warnings(&other);
            return Err(e);
        }
    };
    globals.show_warnings(&old);
    globals.show_warnings(&new);
    let secrets = if args.show_secrets {
        Secrets::Reveal
    } else {
        Secrets::Fingerprint
    };
    let view = |result: &FileResult| {
        let custom_image = result.located.custom_image.with_chart_defaults();
        if args.manifests {
            render::review_manifests(&custom_image, &globals.release, &globals.namespace, secrets)
        } else {
            Ok(values_view(&custom_image, secrets))
        }
    };
    let (old_text, new_text) = match (view(&old), view(&new)) {
        (Ok(old_text), Ok(new_text)) => (old_text, new_text),
        (Err(e), _) | (_, Err(e)) => return Err(Error::Internal(e.to_string())),
    };
    let diff = unified_diff(
        &old_text,
        &new_text,
        (&old.source.name, &new.source.name),
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
            (&old.source.name, &new.source.name),
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
    let body = controller_config::values_yaml(custom_image, secrets);
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
