//! The load-and-check step for a layered input (SPEC §9): `-f` files (a 2.x `.env` may be the
//! first), `--set*` flags and the chart's defaults, as `helm install` combines them.
//!
//! 1. Every file is read and checked on its own for what its reader finds (syntax, schema,
//!    unknown and duplicate keys, the `.env` rules). A file Helm could not read stops here.
//! 2. Helm's effective values are computed (`values::helm`); a `--set` Helm would refuse is a
//!    usage error naming the flag and the column.
//! 3. The rules run once, on the effective `customImage` block. Each finding goes to the layer
//!    that wrote the value that won (for a deleted key: the layer whose `null` deleted it); a
//!    finding about something no layer wrote (a missing key, a chart default) goes to the last
//!    layer, at its `customImage` block or its first line.
//!
//! The result is one [`FileResult`] per user layer, so every report format shows a layered
//! finding at the file, line and column of the value that won. A `--set` layer is a source
//! named after its flag, whose text is the expression.

use super::{read_source, sort, FileResult};
use crate::error::Error;
use crate::rules::Diagnostic;
use crate::source::Span;
use crate::source::{kind_of, read_bytes, InputKind, SourceFile};
use crate::values::helm::layers::LayerKind;
use crate::values::helm::typed::TypedEffective;
use crate::values::helm::{Effective, LayerId, LayeredInput, ObjectNames, SetKind, CHART_DEFAULTS};

/// The paths and flags a layered input is given with.
#[derive(Debug, Clone, Default)]
pub struct LayerSpec {
    /// Files in order: positional inputs first (a `.env` among them), then `-f` files.
    pub files: Vec<String>,
    /// `--set*` expressions, in the order given for each flag.
    pub sets: Vec<(SetKind, String)>,
    /// `--chart-values`: the chart's defaults instead of the bundled ones.
    pub chart_values: Option<String>,
    /// Read every file as a `.env`.
    pub force_env: bool,
}

/// A checked layered input.
#[derive(Debug, Clone)]
pub struct LayeredResult {
    /// One per user layer, in order: its own findings and the layered findings it owns.
    pub files: Vec<FileResult>,
    pub input: LayeredInput,
    /// Helm's effective values (`None` when a file could not be read).
    pub effective: Option<Effective>,
    /// The effective `customImage`, typed, for the rules and commands.
    pub typed: Option<TypedEffective>,
    /// The chart's object names for the release (`None` when the overrides break the chart's
    /// naming template, which is then a finding).
    pub names: Option<ObjectNames>,
}

impl LayeredResult {
    pub fn has_errors(&self) -> bool {
        self.files.iter().any(FileResult::has_errors)
    }

    /// The effective `customImage` as the chart's templates see it (chart defaults included),
    /// typed; the default model when a file could not be read.
    pub fn custom_image(&self) -> crate::values::CustomImage {
        self.typed
            .as_ref()
            .map(|t| t.located.custom_image.clone())
            .unwrap_or_default()
    }

    /// A name for the whole set in messages (`a.yaml + b.yaml + --set`).
    pub fn name(&self) -> String {
        let names: Vec<&str> = self.files.iter().map(|f| f.source.name.as_str()).collect();
        names.join(" + ")
    }
}

/// Reads every layer and checks the set. An unreadable file is an input error; a `--set` Helm
/// refuses is a usage error; findings are in the result.
pub fn check_layers(spec: &LayerSpec, release: &str) -> Result<LayeredResult, Error> {
    let chart = chart_source(spec.chart_values.as_deref())?;
    let files = read_files(&spec.files, spec.force_env)?;
    check_sources(chart, files, &spec.sets, release)
}

/// Reads each of `paths`, with the reader its name asks for (every one as a `.env` with
/// `force_env`); every file that cannot be read is named in one input error.
pub fn read_files(
    paths: &[String],
    force_env: bool,
) -> Result<Vec<(SourceFile, InputKind)>, Error> {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for path in paths {
        match SourceFile::read(path) {
            Ok(source) => files.push((source, kind_of(path, force_env))),
            Err(e) => unreadable.push(e),
        }
    }
    if unreadable.is_empty() {
        Ok(files)
    } else {
        Err(Error::Inputs(unreadable))
    }
}

/// The chart's defaults: the file `--chart-values` names, or the bundled ones.
pub fn chart_source(chart_values: Option<&str>) -> Result<SourceFile, Error> {
    Ok(match chart_values {
        Some(path) => SourceFile::read(path)?,
        None => LayeredInput::default().layers.remove(CHART_DEFAULTS).source,
    })
}

/// [`check_layers`] on files already read (each with the reader it is read with), for a
/// command that layers a text of its own making (`migrate` proves its output this way).
pub fn check_sources(
    chart: SourceFile,
    sources: Vec<(SourceFile, InputKind)>,
    sets: &[(SetKind, String)],
    release: &str,
) -> Result<LayeredResult, Error> {
    let mut input = LayeredInput::new(chart);
    let mut files = Vec::new();
    for (source, kind) in sources {
        let result = read_source(source.clone(), kind);
        match kind {
            InputKind::Env => input.env_file(source, result.located.clone()),
            InputKind::Yaml => input.values_file(source),
        };
        files.push(result);
    }
    for (kind, expr) in sets {
        register_set_secrets(expr);
        input.set(*kind, expr.clone());
        files.push(FileResult {
            source: SourceFile::new(kind.flag(), expr.clone()),
            located: Default::default(),
            diagnostics: Vec::new(),
            suppressed: Vec::new(),
        });
    }
    let mut result = LayeredResult {
        files,
        input,
        effective: None,
        typed: None,
        names: None,
    };
    if result.has_errors() {
        return Ok(result);
    }
    let mut read_file = |path: &str| {
        read_bytes(path)
            .map_err(|e| e.to_string())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    };
    let effective = result.input.build(&mut read_file).map_err(|e| {
        let layer = &result.input.layers[e.layer];
        let (line, column) = layer.source.line_col(e.span.offset);
        match layer.kind {
            LayerKind::Set(kind) => Error::usage(format!(
                "{} {:?}: Helm refuses it at column {column}: {}",
                kind.flag(),
                layer.source.text,
                e.message
            )),
            _ => Error::usage(format!(
                "{}:{line}:{column}: Helm cannot read it: {}",
                layer.source.name, e.message
            )),
        }
    })?;
    let typed = effective.typed();
    register_password(&typed, &mut result);
    let mut found = layered_findings(&typed);
    let names = effective.names(release);
    if typed.located.typed {
        let fullname = names.as_ref().map_or(release, |n| n.fullname.as_str());
        found.extend(crate::rules::check_values_named(
            &typed.located,
            release,
            fullname,
        ));
    }
    match names {
        Ok(names) => result.names = Some(names),
        Err(e) => {
            let span = effective
                .origin(&[e.key])
                .map_or(Span::default(), |o| o.span);
            found.push(super::name_error(e, span));
        }
    }
    for diagnostic in found {
        let (layer, diagnostic) = attribute(&effective, &typed, &result.input, diagnostic);
        result.files[layer - 1].diagnostics.push(diagnostic);
    }
    for file in &mut result.files {
        sort(&mut file.diagnostics);
    }
    result.typed = Some(typed);
    result.effective = Some(effective);
    Ok(result)
}

/// [`check_layers`] for a command that then uses the values: error-level findings are an
/// [`Error::LayeredFindings`]; warnings stay in the result for the command to show.
pub fn load_layers(spec: &LayerSpec, release: &str) -> Result<LayeredResult, Error> {
    let result = check_layers(spec, release)?;
    if result.has_errors() {
        return Err(Error::LayeredFindings(result.files));
    }
    Ok(result)
}

/// Registers what a `--set*` expression gives a secret-looking key with the redaction point,
/// before anything can echo it (a refused expression is quoted in its error): the rest of the
/// expression after that key's `=`, and each comma-separated piece of it, since Helm splits
/// `registryPassword=a,b` into a value and a key `b`.
fn register_set_secrets(expr: &str) {
    let mut in_secret = false;
    let mut start = 0;
    for piece in expr.split(',') {
        match piece.split_once('=') {
            Some((key, value)) => {
                in_secret = crate::redact::is_secret_key(key);
                if in_secret {
                    crate::redact::register(value);
                    crate::redact::register(&expr[start + key.len() + 1..]);
                }
            }
            None if in_secret => crate::redact::register(piece),
            None => {}
        }
        start += piece.len() + 1;
    }
}

/// Findings only the effective values can show: a type error a `--set` brought, a key the
/// chart does not know written by a `--set` (files report their own).
fn layered_findings(typed: &TypedEffective) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for error in &typed.type_errors {
        let (expected, other) = (&error.expected, error.other.as_deref());
        out.push(crate::rules::schema::diagnostic(
            &error.path,
            expected,
            error.found,
            other,
            typed.located.value_span(&error.path),
        ));
    }
    for unknown in &typed.unknown_keys {
        let from_set = typed
            .locations
            .origins
            .get(&unknown.path)
            .is_some_and(|o| o.layer != CHART_DEFAULTS);
        if from_set && typed.located.key_spans.contains_key(&unknown.path) {
            out.push(crate::rules::unknown_key::diagnostic(
                &unknown.key,
                &unknown.path,
                unknown.suggestion,
                typed.located.key_span(&unknown.path),
            ));
        }
    }
    out
}

/// Which user layer a finding belongs to, and its span there.
fn attribute(
    effective: &Effective,
    typed: &TypedEffective,
    input: &LayeredInput,
    mut diagnostic: Diagnostic,
) -> (LayerId, Diagnostic) {
    let last = input.layers.len() - 1;
    let layer = typed
        .locations
        .layer_of(&diagnostic.path)
        // A top-level key (`fullnameOverride`): the layer that wrote it.
        .or_else(|| {
            effective
                .origin(&[diagnostic.path.as_str()])
                .map(|o| o.layer)
        })
        .or_else(|| typed.locations.block.map(|o| o.layer));
    match layer {
        Some(layer) if layer != CHART_DEFAULTS => (layer, diagnostic),
        _ => {
            // Nothing a user wrote: the last layer's own `customImage` block, or its start.
            let block = effective
                .custom_image()
                .and_then(|_| last_block_span(input, last));
            diagnostic.span = block.unwrap_or_default();
            (last, diagnostic)
        }
    }
}

/// Where the last layer writes `customImage`, when it is a values file that does.
fn last_block_span(input: &LayeredInput, layer: LayerId) -> Option<Span> {
    let source = &input.layers[layer].source;
    if input.layers[layer].kind != LayerKind::ValuesFile {
        return None;
    }
    let node = crate::values::yaml::to_helm_node(source, layer).ok()??;
    let block = node.as_map()?.get("customImage")?;
    block.origin.key
}

/// The effective password is a secret wherever it was written (a `--set` included).
fn register_password(typed: &TypedEffective, result: &mut LayeredResult) {
    let path = "customImage.registryPassword";
    if let Some(password) = typed.located.custom_image.password() {
        crate::redact::register(password);
    }
    if let Some(origin) = typed.locations.origins.get(path) {
        if origin.layer != CHART_DEFAULTS {
            let file = &mut result.files[origin.layer - 1];
            file.located.secret_spans.push(origin.span);
            if let Some(text) = file.source.text.get(origin.span.offset..origin.span.end()) {
                crate::redact::register(text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        path.display().to_string()
    }

    #[test]
    fn a_base_and_an_overlay_that_only_work_together_lint_clean() {
        let dir = tempfile::tempdir().unwrap();
        let base = file(
            &dir,
            "base.yaml",
            "customImage:\n  registryEndpoint: https://gcr.io\n  registryUsername: _json_key\n",
        );
        let prod = file(
            &dir,
            "prod.yaml",
            "customImage:\n  pushRepoPrefix: gcr.io/infuseai\n",
        );
        let spec = LayerSpec {
            files: vec![base, prod],
            sets: vec![(SetKind::Set, "customImage.registryPassword=x".into())],
            ..Default::default()
        };
        let result = check_layers(&spec, "primehub").unwrap();
        let rules: Vec<&str> = result
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .map(|d| d.rule.name())
            .collect();
        assert!(!rules.contains(&"missing-push-target"), "{rules:?}");
        assert!(!rules.contains(&"missing-endpoint"), "{rules:?}");
        // The password is not a key: the finding goes to the --set layer that wrote it.
        let set = &result.files[2];
        assert_eq!(set.source.name, "--set");
        assert!(
            set.diagnostics
                .iter()
                .any(|d| d.rule.name() == "gcr-key-json"),
            "{:?}",
            set.diagnostics
        );
        let d = set
            .diagnostics
            .iter()
            .find(|d| d.rule.name() == "gcr-key-json")
            .unwrap();
        assert_eq!(&set.source.text[d.span.offset..d.span.end()], "x");
    }

    /// A complete Docker Hub block, then `over`: the finding of `rule` in `over` (and where,
    /// as line and column), which the base must not have.
    fn finding_in_overlay(over: &str, rule: &str) -> (Diagnostic, (usize, usize)) {
        let dir = tempfile::tempdir().unwrap();
        let base = file(
            &dir,
            "base.yaml",
            "customImage:\n  registryEndpoint: docker.io\n  registryUsername: a\n  registryPassword: b\n  pushRepo: alice/images\n",
        );
        let over = file(&dir, "over.yaml", over);
        let spec = LayerSpec {
            files: vec![base, over],
            ..Default::default()
        };
        let result = check_layers(&spec, "primehub").unwrap();
        assert!(result.files[0]
            .diagnostics
            .iter()
            .all(|d| d.rule.name() != rule));
        let d = result.files[1]
            .diagnostics
            .iter()
            .find(|d| d.rule.name() == rule)
            .unwrap_or_else(|| panic!("{:?}", result.files))
            .clone();
        let at = result.files[1].source.line_col(d.span.offset);
        (d, at)
    }

    #[test]
    fn a_null_that_deletes_the_push_secret_name_is_found_where_it_is_written() {
        let over = "customImage:\n  pushSecretName: null\n";
        let (_, at) = finding_in_overlay(over, "invalid-secret-name");
        assert_eq!(at, (2, 19));
    }

    #[test]
    fn an_override_the_naming_helper_refuses_is_found_where_it_is_written() {
        let (d, at) = finding_in_overlay("# names\nfullnameOverride: [hub]\n", "schema");
        assert_eq!(d.path, "fullnameOverride");
        assert_eq!(at, (2, 19));
    }

    #[test]
    fn a_set_helm_refuses_is_a_usage_error() {
        let spec = LayerSpec {
            sets: vec![(SetKind::Set, "customImage".into())],
            ..Default::default()
        };
        let err = check_layers(&spec, "primehub").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("--set"), "{err}");
    }
}
