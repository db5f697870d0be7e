//! `migrate ENV --into VALUES [-f FILE…] [--set…]`: the values file 2.x deployed, as 3.x
//! will deploy it. 2.x layered the `.env`'s values, then `VALUES` (the user's
//! `helm_override/primehub.yaml`), then every `-f` file and `--set` flag, in that order; 3.x
//! deploys the migrated `VALUES` followed by the same files and flags (without `--into`, the
//! printed fragment takes `VALUES`' place). So a `.env` key is written only where it won in 2.x:
//! a later layer that sets the key, or deletes it with `null` (a key's, or the whole block's:
//! `customImage:` with nothing under it is `null`), keeps winning in 3.x, and the disagreement is
//! reported with the file and line of the value that won. The keys are added to `VALUES`' block
//! by editing its text ([`super::merge`]).
//!
//! The output is proven before anything is written: the 3.x layers must give exactly the
//! effective values the 2.x layers gave (Helm's coalescing, chart defaults included), and the
//! rules run on the 3.x layers, whose errors refuse the migration: a combination can be wrong
//! where each file alone was not (an override's `pushRepoPrefix` on another registry than the
//! `.env`'s endpoint), and a `.env` that is incomplete alone may be complete with its overrides.

use std::path::Path;

use super::super::layers::LayerArgs;
use super::super::{Error, Globals};
use super::emit::{self, Entry, Value};
use super::merge;
use super::{entries, Migration};
use crate::analysis::layered::{chart_source, check_sources, read_files, LayeredResult};
use crate::analysis::FileResult;
use crate::rules::Check;
use crate::source::{read_bytes, InputKind, SourceFile};
use crate::values::helm::layers::LayerKind;
use crate::values::helm::{Effective, Kind, LayerId, Node, Origin, CHART_DEFAULTS};

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

/// The `.env` is layer 1 of the 2.x set (layer 0 is the chart's defaults).
const ENV_LAYER: LayerId = 1;

/// Migrates `env` with the layers that came after it in 2.x: `into` (if given), then `layers`.
pub fn migrate(
    env: &str,
    into: Option<&Path>,
    layers: &LayerArgs,
    globals: &Globals,
) -> Result<Migration, Error> {
    let release = globals.release.as_str();
    let chart_values = layers
        .chart_values
        .as_deref()
        .or(globals.chart_values.as_deref());
    let sets: Vec<_> = layers.sets().map(|(k, e)| (k, e.clone())).collect();
    let original = into.map(|p| read_bytes(&p.to_string_lossy())).transpose()?;
    let into_name = into.map(|p| match p.to_string_lossy().as_ref() {
        "-" => "<stdin>".to_string(),
        name => name.to_string(),
    });

    // 2.x: the `.env` (read as one whatever its name), VALUES, the rest.
    let chart = chart_source(chart_values)?;
    let rest = read_files(&layers.values, false)?;
    let mut sources = vec![(SourceFile::read(env)?, InputKind::Env)];
    if let (Some(name), Some(bytes)) = (&into_name, &original) {
        let values = SourceFile::from_bytes(name.clone(), bytes.clone())?;
        sources.push((values, InputKind::Yaml));
    }
    sources.extend(rest.iter().cloned());
    let before = check_sources(chart.clone(), sources, &sets, release)?;
    let shown = if into.is_some() { 2 } else { 1 };
    for file in &before.files[..shown] {
        refuse_reader_errors(file, &before)?;
        globals.show_warnings(&reader_findings(file));
    }
    for file in &before.files[shown..] {
        refuse_reader_errors(file, &before)?;
    }
    let Some(effective) = before.effective.as_ref() else {
        return Err(Error::LayeredFindings(before.files));
    };

    // The `.env`'s keys that won in 2.x; the others are reported.
    let mut added = Vec::new();
    let mut block_deleted = Vec::new();
    let mut replaced_in = None;
    for entry in entries(&before.files[0]) {
        match winner(effective, &entry) {
            Winner::Env => added.push(entry),
            Winner::Later { origin, node } => report_conflict(&before, &entry, origin, node),
            Winner::BlockDeleted(origin) => block_deleted.push((entry, origin)),
            Winner::BlockReplaced => {
                let at = replaced_in.get_or_insert_with(|| block_replaced_in(&before));
                report_replaced(&before, &entry, at);
            }
        }
    }
    report_block_deleted(&before, &block_deleted);

    // 3.x: the migrated text, then the same rest.
    let (migration, new_source) = match (&into_name, original) {
        (Some(name), Some(original)) => {
            let values = &before.files[1];
            let lines: Vec<String> = added.iter().map(Entry::to_yaml_line).collect();
            let text = merge::add_keys(&values.source.text, &values.located, &lines)
                .map_err(|e| Error::usage(format!("{name}: {e}")))?;
            let source = SourceFile::new(format!("{name} (merged)"), text);
            let merged = Merged {
                merged: with_bom(&original, &source.text),
                original_has_password: has_password(values),
                merged_has_password: false,
                original,
            };
            (Migration::Merged(merged), source)
        }
        _ => {
            let text = emit::fragment(&added, "\n");
            let source = SourceFile::new("<migrated>", text.clone());
            let secret = added.iter().any(|e| e.secret);
            (Migration::Fragment { text, secret }, source)
        }
    };
    let mut sources = vec![(new_source, InputKind::Yaml)];
    sources.extend(rest);
    let after = check_sources(chart, sources, &sets, release)?;
    if after.effective.as_ref().map(|e| e.to_json()) != Some(effective.to_json()) {
        return Err(Error::Internal(
            "the migrated values do not give the values 2.x deployed once layered with the \
             same files and flags; nothing was written. Please report this bug, and merge by \
             hand meanwhile."
                .into(),
        ));
    }
    if after.has_errors() {
        return Err(Error::LayeredFindings(after.files));
    }
    let merged_has_password = has_password(&after.files[0]);
    // The migrated text's own reader findings were shown as the `.env`'s and VALUES'.
    let mut files = after.files;
    files[0]
        .diagnostics
        .retain(|d| d.rule.check() != Check::Reader);
    for file in &files {
        globals.show_warnings(file);
    }

    Ok(match migration {
        Migration::Merged(merged) => Migration::Merged(Merged {
            merged_has_password,
            ..merged
        }),
        fragment => fragment,
    })
}

/// A layer Helm cannot read stops the migration; the other layers' findings are not this
/// layer's business (they are the 2.x set's, and the 3.x set is checked instead).
fn refuse_reader_errors(file: &FileResult, all: &LayeredResult) -> Result<(), Error> {
    if reader_findings(file).has_errors() {
        let files = all.files.iter().map(reader_findings).collect();
        return Err(Error::LayeredFindings(files));
    }
    Ok(())
}

/// `file` with only what its reader found.
fn reader_findings(file: &FileResult) -> FileResult {
    let mut file = file.clone();
    file.diagnostics.retain(|d| d.rule.check() == Check::Reader);
    file
}

enum Winner<'a> {
    /// The `.env`'s value won.
    Env,
    /// A later layer's value won, written at `origin` (`None`: the `null` that deleted the
    /// key).
    Later {
        origin: Origin,
        node: Option<&'a Node>,
    },
    /// A later layer deleted the whole block with `null` (here).
    BlockDeleted(Origin),
    /// A later layer replaced the whole `customImage` block (with `null`, or anything not a
    /// map) before another wrote it again: Helm's merge of the files dropped the `.env`'s
    /// value, and the chart's default (or nothing) was deployed.
    BlockReplaced,
}

/// Which layer's value of `entry`'s key 2.x deployed: the written value or the `null` that
/// deleted it, or else what became of the whole block.
fn winner<'a>(effective: &'a Effective, entry: &Entry) -> Winner<'a> {
    let block = effective.values.get("customImage");
    if let Some(origin) = effective.origin(&["customImage", entry.key]) {
        return match origin.layer {
            ENV_LAYER => Winner::Env,
            CHART_DEFAULTS => Winner::BlockReplaced,
            _ => Winner::Later {
                origin,
                node: block.and_then(|b| b.get(&[entry.key])),
            },
        };
    }
    // Not written and not deleted: the block was deleted, or replaced (and maybe written
    // again without the key).
    match (block, effective.origin(&["customImage"])) {
        (None, Some(deleted)) if deleted.layer > ENV_LAYER => Winner::BlockDeleted(deleted),
        _ => Winner::BlockReplaced,
    }
}

/// Where the value at `origin` is written, for messages: `file:line`, or the flag of a `--set`
/// layer (whose text is the expression).
fn written_at(result: &LayeredResult, origin: Origin) -> String {
    let file = &result.files[origin.layer - 1];
    match result.input.layers[origin.layer].kind {
        LayerKind::Set(_) => file.source.name.clone(),
        _ => {
            let (line, _) = file.source.line_col(origin.span.offset);
            format!("{}:{line}", file.source.name)
        }
    }
}

/// Says that a later layer replaced (or deleted) a `.env` value in 2.x, and that it keeps
/// winning. Secrets are never shown, only that they differ; equal values are not reported.
fn report_conflict(result: &LayeredResult, entry: &Entry, origin: Origin, node: Option<&Node>) {
    let same = match (node.map(|n| &n.kind), &entry.value) {
        (Some(Kind::String(s)), Value::Text(t)) => s == t,
        (Some(Kind::Bool(b)), Value::Bool(c)) => b == c,
        _ => false,
    };
    if same {
        return;
    }
    let path = entry.path();
    let winner = written_at(result, origin);
    let from_env = env_location(&result.files[0], &path);
    let message = match node.map(|n| &n.kind) {
        None | Some(Kind::Null) => format!(
            "{path}: {winner} deletes it with null, so 2.x did not deploy the value of \
             {from_env}; not migrated"
        ),
        Some(_) if entry.secret => format!(
            "{path}: {winner} and {from_env} set different values (a secret, not shown); \
             {winner} wins, as in 2.x, so the `.env`'s is not migrated"
        ),
        Some(kind) => format!(
            "{path}: {winner} sets {}, {from_env} sets {}; {winner} wins, as in 2.x, so the \
             `.env`'s is not migrated",
            shown(kind),
            entry.value.to_yaml()
        ),
    };
    crate::report::warning(&message);
}

/// One warning for the `.env` keys a `customImage: null` (or an empty `customImage:`) deleted.
fn report_block_deleted(result: &LayeredResult, deleted: &[(Entry, Origin)]) {
    let Some((_, origin)) = deleted.first() else {
        return;
    };
    let at = written_at(result, *origin);
    let keys: Vec<String> = deleted
        .iter()
        .map(|(entry, _)| {
            let from_env = env_location(&result.files[0], &entry.path());
            format!("{} ({from_env})", entry.key)
        })
        .collect();
    crate::report::warning(&format!(
        "customImage: {at} sets the whole block to null (`customImage:` with nothing under it \
         is null), so Helm dropped the `.env`'s {} and 2.x did not deploy them; not migrated. \
         To migrate them, write `customImage: {{}}` there.",
        keys.join(", ")
    ));
}

/// The last values file after the `.env` that replaces the whole block with something that is
/// not a map, as `file:line` (or "a later layer").
fn block_replaced_in(result: &LayeredResult) -> String {
    result
        .input
        .user_layers()
        .filter(|(id, layer)| *id > ENV_LAYER && layer.kind == LayerKind::ValuesFile)
        .filter_map(|(id, layer)| {
            let root = crate::values::yaml::to_helm_node(&layer.source, id).ok()??;
            let block = root.as_map()?.get("customImage")?;
            let (line, _) = layer.source.line_col(block.origin.key?.offset);
            block
                .as_map()
                .is_none()
                .then(|| format!("{}:{line}", layer.source.name))
        })
        .last()
        .unwrap_or_else(|| "a later layer".to_string())
}

/// Says that a later layer (`replaced_in`) dropped a `.env` value by replacing the whole block.
fn report_replaced(result: &LayeredResult, entry: &Entry, replaced_in: &str) {
    let path = entry.path();
    let from_env = env_location(&result.files[0], &path);
    crate::report::warning(&format!(
        "{path}: {replaced_in} replaces the whole `customImage` block, so 2.x did not deploy \
         the value of {from_env}; not migrated"
    ));
}

/// A value as a YAML scalar, for messages.
fn shown(kind: &Kind) -> String {
    match kind {
        Kind::String(s) => crate::yaml_out::portable::scalar(s),
        other => Node::new(other.clone(), Default::default())
            .to_json()
            .to_string(),
    }
}

/// The merged `text` with the BOM the `original` file starts with, if any: the reader drops
/// it, the file keeps it.
fn with_bom(original: &[u8], text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 3);
    if original.starts_with(BOM) {
        out.push('\u{feff}');
    }
    out.push_str(text);
    out
}

/// Whether a values file holds a password: any counts (a `keycloak.password` too), not only
/// the registry's.
fn has_password(result: &FileResult) -> bool {
    result.located.custom_image.password().is_some() || !result.located.secret_spans.is_empty()
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

/// `file:line (ENV_KEY)` of the `.env` assignment behind `path`.
fn env_location(env: &FileResult, path: &str) -> String {
    match env.located.env_keys.get(path) {
        Some(key) => format!("{} ({key})", location(env, path)),
        None => location(env, path),
    }
}
