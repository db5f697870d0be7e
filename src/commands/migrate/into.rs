//! `migrate --into VALUES`: the values file 2.x actually deployed. In 2.x the user's
//! `helm_override/primehub.yaml` was layered after the values generated from `.env`, so a key set
//! in both keeps the values file's value (each disagreement is reported), and the `.env`'s other
//! keys are added to the file's `customImage` block by editing its text ([`super::merge`]).
//!
//! The edited text is then read back with the YAML reader and must give exactly the expected
//! values; if it does not, nothing is written. The merged values are checked with the rules too:
//! a combination can be wrong where each file alone was not (an override's `pushRepoPrefix` on
//! another registry than the `.env`'s endpoint).

use super::super::{Error, Globals};
use crate::analysis::{check_source, FileResult};
use crate::rules::Diagnostic;
use crate::source::{InputKind, SourceFile};
use crate::values::{CustomImage, Secret};

use super::emit::{self, Entry, Value};
use super::merge;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The merged values file.
pub struct Merged {
    /// The original file's bytes (for `VALUES.bak`).
    pub original: Vec<u8>,
    /// The merged file (with the original's BOM, if it had one).
    pub merged: String,
    /// Whether the original holds a password (the registry's or another).
    pub original_has_password: bool,
    /// Whether the merged file holds a password.
    pub merged_has_password: bool,
}

/// Merges `migrated` (the `.env`'s keys, already checked in `env`) into the values file at
/// `values_path`. Warnings are shown on the way; errors come back.
pub fn merge_into(
    env: &FileResult,
    migrated: &[Entry],
    values_path: &str,
    globals: &Globals,
) -> Result<Merged, Error> {
    let release = globals.release.as_str();
    let original = crate::source::read_bytes(values_path)?;
    let name = if values_path == "-" {
        "<stdin>"
    } else {
        values_path
    };
    let source = SourceFile::from_bytes(name.to_string(), original.clone())?;
    let values = read_values(source, release, globals)?;
    let existing = emit::entries(&values.located.custom_image);

    let mut added = Vec::new();
    let mut expected = values.located.custom_image.clone();
    for entry in migrated {
        let path = entry.path();
        let kept = existing.iter().find(|e| e.key == entry.key);
        if kept.is_none() && !values.located.key_spans.contains_key(&path) {
            added.push(entry.to_yaml_line());
            set(&mut expected, entry);
        } else if kept.map(|k| &k.value) != Some(&entry.value) {
            report_conflict(env, &values, entry, kept.map(|k| &k.value));
        }
    }

    let text = merge::add_keys(&values.source.text, &values.located, &added)
        .map_err(|e| Error::usage(format!("{}: {e}", values.source.name)))?;
    let merged = check_source(
        SourceFile::new(format!("{} (merged)", values.source.name), text),
        InputKind::Yaml,
        release,
    );
    let read_back = merged.located.typed || !merged.located.block_present;
    if !read_back || merged.located.custom_image != expected {
        return Err(Error::Internal(format!(
            "{}: the merged file does not read back as the merged values; nothing was \
             written. Please report this bug, and merge by hand meanwhile.",
            values.source.name
        )));
    }
    report_new_findings(env, &values, &merged, globals)?;

    Ok(Merged {
        original_has_password: has_password(&values),
        merged_has_password: has_password(&merged),
        merged: with_bom(&original, &merged.source.text),
        original,
    })
}

/// The merged `text` with the BOM the `original` file starts with, if any: the reader drops
/// it, the file keeps it.
pub fn with_bom(original: &[u8], text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 3);
    if original.starts_with(BOM) {
        out.push('\u{feff}');
    }
    out.push_str(text);
    out
}

/// Whether a values file holds a password: any counts (a `keycloak.password` too), not only
/// the registry's.
pub fn has_password(result: &FileResult) -> bool {
    result.located.custom_image.password().is_some() || !result.located.secret_spans.is_empty()
}

/// Reads the values file and reports the YAML reader's findings (syntax, schema, unknown or
/// duplicate keys), which refuse the merge when they are errors. The values rules' findings are
/// dropped here: they run on the merged result instead, since a partial override (only a
/// `pushRepoPrefix`) is not wrong on its own. Reading through `check_source` keeps its secret
/// registration and masking.
fn read_values(source: SourceFile, release: &str, globals: &Globals) -> Result<FileResult, Error> {
    let mut values = check_source(source, InputKind::Yaml, release);
    values
        .diagnostics
        .retain(|d| d.rule.check() == crate::rules::Check::Reader);
    if values.has_errors() {
        return Err(Error::findings(values));
    }
    globals.show_warnings(&values);
    Ok(values)
}

/// Reports the merged file's findings that neither input's report already showed; errors among
/// them refuse the merge.
fn report_new_findings(
    env: &FileResult,
    values: &FileResult,
    merged: &FileResult,
    globals: &Globals,
) -> Result<(), Error> {
    let seen = |d: &Diagnostic| {
        env.diagnostics
            .iter()
            .chain(&values.diagnostics)
            .any(|s| s.rule == d.rule)
    };
    let new = FileResult {
        diagnostics: merged
            .diagnostics
            .iter()
            .filter(|d| !seen(d))
            .cloned()
            .collect(),
        ..merged.clone()
    };
    if new.has_errors() {
        return Err(Error::findings(new));
    }
    globals.show_warnings(&new);
    Ok(())
}

/// Sets the top-level key of `entry` in `custom_image`.
fn set(custom_image: &mut CustomImage, entry: &Entry) {
    match (&entry.value, entry.key) {
        (Value::Bool(b), "enabled") => custom_image.enabled = Some(*b),
        (Value::Bool(b), "insecureSkipVerify") => custom_image.insecure_skip_verify = Some(*b),
        (Value::Text(s), "registryPassword") => {
            custom_image.registry_password = Some(Secret::new(s.clone()))
        }
        (Value::Text(s), key) => {
            let field = match key {
                "registryEndpoint" => &mut custom_image.registry_endpoint,
                "registryUsername" => &mut custom_image.registry_username,
                "pushRepo" => &mut custom_image.push_repo,
                "pushRepoPrefix" => &mut custom_image.push_repo_prefix,
                "pushSecretName" => &mut custom_image.push_secret_name,
                _ => return,
            };
            *field = Some(s.clone());
        }
        (Value::Bool(_), _) => {}
    }
}

/// `file:line` of the value at `path`.
fn location(result: &FileResult, path: &str) -> String {
    let span = if result.located.value_spans.contains_key(path) {
        result.located.value_span(path)
    } else {
        result.located.key_span(path)
    };
    let (line, _) = result.source.line_col(span.offset);
    format!("{}:{line}", result.source.name)
}

/// Says that the `.env` and the values file disagree on a key, and that the values file wins.
/// A secret's values are never shown, only that they differ.
fn report_conflict(env: &FileResult, values: &FileResult, entry: &Entry, kept: Option<&Value>) {
    let path = entry.path();
    let from_env = env_location(env, &path);
    let in_values = location(values, &path);
    let line = match kept {
        None => format!(
            "{path}: {in_values} sets it to null, so Helm drops the key and the \
             `.env`'s value ({from_env}) was not deployed by 2.x; keeping the values file's null"
        ),
        Some(_) if entry.secret => format!(
            "{path}: {in_values} and {from_env} set different values (a secret, not \
             shown); keeping the values file's, as 2.x deployed it"
        ),
        Some(kept) => format!(
            "{path}: {in_values} sets {}, {from_env} sets {}; keeping the values \
             file's, as 2.x deployed it",
            kept.to_yaml(),
            entry.value.to_yaml()
        ),
    };
    crate::report::warning(&line);
}

/// `file:line (ENV_KEY)` of the `.env` assignment behind `path`.
pub fn env_location(env: &FileResult, path: &str) -> String {
    match env.located.env_keys.get(path) {
        Some(key) => format!("{} ({key})", location(env, path)),
        None => location(env, path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn result(diagnostics: &[(&'static str, Severity)]) -> FileResult {
        FileResult {
            source: SourceFile::new("v.yaml", "customImage: {}\n"),
            located: Default::default(),
            diagnostics: diagnostics
                .iter()
                .map(|(rule, severity)| {
                    Diagnostic::new(crate::rules::Rule::from_name(rule).unwrap(), *severity, "m")
                })
                .collect(),
            suppressed: Vec::new(),
        }
    }

    #[test]
    fn only_findings_the_merge_brought_are_reported_and_their_errors_refuse() {
        let quiet = Globals {
            color: false,
            quiet: true,
            release: "primehub".into(),
            namespace: "hub".into(),
            release_given: false,
            namespace_given: false,
            config: None,
            isolated: false,
            chart_values: None,
        };
        let env = result(&[("push-secret-name-mismatch", Severity::Warning)]);
        let values = result(&[("duplicate-key", Severity::Warning)]);
        let already_seen = result(&[
            ("push-secret-name-mismatch", Severity::Warning),
            ("duplicate-key", Severity::Warning),
        ]);
        assert_eq!(
            report_new_findings(&env, &values, &already_seen, &quiet).ok(),
            Some(())
        );
        let new_warning = result(&[("enabled-ignored", Severity::Warning)]);
        assert_eq!(
            report_new_findings(&env, &values, &new_warning, &quiet).ok(),
            Some(())
        );
        let new_error = result(&[
            ("push-secret-name-mismatch", Severity::Warning),
            ("registry-mismatch", Severity::Error),
        ]);
        assert!(matches!(
            report_new_findings(&env, &values, &new_error, &quiet),
            Err(Error::Findings(_))
        ));
    }

    #[test]
    fn set_overlays_every_top_level_key() {
        let full = CustomImage {
            enabled: Some(false),
            registry_endpoint: Some("e".into()),
            registry_username: Some("u".into()),
            registry_password: Some(Secret::new("p")),
            push_repo: Some("r".into()),
            push_repo_prefix: Some("rp".into()),
            push_secret_name: Some("s".into()),
            insecure_skip_verify: Some(true),
            build_job: None,
        };
        let mut rebuilt = CustomImage::default();
        for entry in emit::entries(&full) {
            set(&mut rebuilt, &entry);
        }
        assert_eq!(rebuilt, full);
    }
}
