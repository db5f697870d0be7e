//! One layered input — the chart's defaults, `-f` files (a 2.x `.env` may be the first), and
//! `--set*` flags — and the effective values Helm computes from it.
//!
//! Order, as `helm install` applies it: the files in the order given; then every `--set-json`,
//! every `--set`, every `--set-string`, every `--set-file`, every `--set-literal` (each flag in
//! the order given, the flags in this fixed order whatever the command line's order); then the
//! whole over the chart's defaults. A `--set-json` whose value starts with `{` is a whole JSON
//! object merged like a file.
//!
//! Every layer is a [`SourceFile`] (a `--set` expression is one named after its flag), so a
//! value's [`Origin`] span becomes a file, line and column in any report.

use std::collections::BTreeMap;

use serde_json::Value;

use super::coalesce::{coalesce, merge_maps, Deletion};
use super::fullname::{NameError, ObjectNames};
use super::strvals::{self, FileReader, SetKind};
use super::{json, Kind, LayerId, Map, Node, Origin, BUNDLED_CHART_VALUES, CHART_DEFAULTS};
use crate::source::SourceFile;
use crate::source::Span;
use crate::values::LocatedValues;

const BLOCK: &str = "customImage";

/// What a layer is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerKind {
    /// The chart's `values.yaml` (bundled, or `--chart-values`).
    ChartDefaults,
    /// A `-f/--values` file.
    ValuesFile,
    /// A 2.x `.env`, read as the values 2.x generated from it.
    EnvFile,
    /// One `--set*` argument.
    Set(SetKind),
}

/// One layer: what it is and its text.
#[derive(Debug, Clone)]
pub struct LayerSource {
    pub kind: LayerKind,
    pub source: SourceFile,
    /// For a `.env` layer: its values as the `.env` reader found them.
    env: Option<LocatedValues>,
}

/// Why Helm would refuse a layer (the command fails): where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerError {
    pub layer: LayerId,
    pub span: Span,
    pub message: String,
}

/// The chart's defaults and the user's layers, in the order given.
#[derive(Debug, Clone)]
pub struct LayeredInput {
    pub layers: Vec<LayerSource>,
}

impl Default for LayeredInput {
    fn default() -> Self {
        LayeredInput::new(SourceFile::new(
            "primehub chart values.yaml (bundled)",
            BUNDLED_CHART_VALUES,
        ))
    }
}

impl LayeredInput {
    /// An input with `chart_values` as the chart's defaults (layer 0) and nothing else.
    pub fn new(chart_values: SourceFile) -> LayeredInput {
        LayeredInput {
            layers: vec![LayerSource {
                kind: LayerKind::ChartDefaults,
                source: chart_values,
                env: None,
            }],
        }
    }

    /// Adds a `-f` values file; returns its layer.
    pub fn values_file(&mut self, source: SourceFile) -> LayerId {
        self.push(LayerKind::ValuesFile, source, None)
    }

    /// Adds a 2.x `.env` with the values its reader found; returns its layer.
    pub fn env_file(&mut self, source: SourceFile, located: LocatedValues) -> LayerId {
        self.push(LayerKind::EnvFile, source, Some(located))
    }

    /// Adds one `--set*` argument; returns its layer.
    pub fn set(&mut self, kind: SetKind, expr: impl Into<String>) -> LayerId {
        let source = SourceFile::new(kind.flag(), expr.into());
        self.push(LayerKind::Set(kind), source, None)
    }

    fn push(&mut self, kind: LayerKind, source: SourceFile, env: Option<LocatedValues>) -> LayerId {
        self.layers.push(LayerSource { kind, source, env });
        self.layers.len() - 1
    }

    /// The user's layers (all but the chart's defaults).
    pub fn user_layers(&self) -> impl Iterator<Item = (LayerId, &LayerSource)> {
        self.layers.iter().enumerate().skip(1)
    }

    /// Helm's effective values. `files` reads what `--set-file` names.
    pub fn build(&self, files: FileReader<'_>) -> Result<Effective, LayerError> {
        let defaults = self.read_map(CHART_DEFAULTS)?;
        let mut user = Map::new();
        for (id, layer) in self.user_layers() {
            if matches!(layer.kind, LayerKind::ValuesFile | LayerKind::EnvFile) {
                user = merge_maps(user, self.read_map(id)?);
            }
        }
        for kind in SetKind::HELM_ORDER {
            for (id, layer) in self.user_layers() {
                if layer.kind == LayerKind::Set(kind) {
                    user = apply_set(kind, &layer.source.text, id, user, files)?;
                }
            }
        }
        let (values, deleted) = coalesce(&defaults, user);
        Ok(Effective { values, deleted })
    }

    fn read_map(&self, id: LayerId) -> Result<Map, LayerError> {
        let layer = &self.layers[id];
        if let Some(located) = &layer.env {
            return Ok(env_values(located, id));
        }
        let fail = |span, message| LayerError {
            layer: id,
            span,
            message,
        };
        let node = crate::values::yaml::to_helm_node(&layer.source, id)
            .map_err(|(span, message)| fail(span, message))?;
        match node {
            None => Ok(Map::new()),
            Some(Node {
                kind: Kind::Map(map),
                ..
            }) => Ok(map),
            Some(other) => Err(fail(
                other.origin.span,
                "a values file must be a mapping of keys to values".to_string(),
            )),
        }
    }
}

/// One `--set*` argument applied to the values so far.
fn apply_set(
    kind: SetKind,
    expr: &str,
    layer: LayerId,
    mut user: Map,
    files: FileReader<'_>,
) -> Result<Map, LayerError> {
    let fail = |offset, message| LayerError {
        layer,
        span: Span::new(offset, 0),
        message,
    };
    let trimmed = expr.trim_start();
    if kind == SetKind::Json && trimmed.trim_end().starts_with('{') {
        let start = expr.len() - trimmed.len();
        let (node, used) =
            json::decode(trimmed, start, layer).map_err(|e| fail(e.offset, e.message))?;
        if !trimmed[used..].trim().is_empty() {
            return Err(fail(
                start + used,
                "invalid character after top-level value".into(),
            ));
        }
        return match node.kind {
            Kind::Map(map) => Ok(merge_maps(user, map)),
            _ => Err(fail(start, "a JSON object was expected".into())),
        };
    }
    strvals::parse_into(kind, expr, layer, &mut user, files)
        .map_err(|e| fail(e.offset, e.message))?;
    Ok(user)
}

/// The values 2.x generated from a `.env`: `customImage.<key>` for every key it set, each with
/// the span of its `.env` value.
fn env_values(located: &LocatedValues, layer: LayerId) -> Map {
    let json = serde_json::to_value(&located.custom_image).unwrap_or(Value::Null);
    let Value::Object(fields) = json else {
        return Map::new();
    };
    let mut block = Map::new();
    for (field, value) in fields {
        let path = format!("{BLOCK}.{field}");
        let mut origin = Origin::new(layer, located.value_span(&path));
        origin.key = located.key_spans.get(&path).copied();
        block.insert(field, Node::from_json(&value, origin));
    }
    let origin = Origin::new(layer, located.block_span);
    Map::from([(BLOCK.to_string(), Node::new(Kind::Map(block), origin))])
}

/// Helm's effective values for one layered input: what the chart's templates see.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    /// The top level of `.Values`.
    pub values: Map,
    /// Keys a `null` deleted, with where that `null` was written.
    pub deleted: Vec<Deletion>,
}

/// Where each `customImage` path of the effective values was written (dotted paths, as in
/// [`LocatedValues`]): the winning value, or for a deleted key the `null` that deleted it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayeredLocations {
    pub origins: BTreeMap<String, Origin>,
    /// The `customImage` key that won, if any.
    pub block: Option<Origin>,
}

impl LayeredLocations {
    /// The layer a dotted path's span belongs to.
    pub fn layer_of(&self, path: &str) -> Option<LayerId> {
        self.origins.get(path).map(|o| o.layer)
    }
}

impl Effective {
    /// `.Values` as JSON (`toJson .Values`).
    pub fn to_json(&self) -> Value {
        Node::new(Kind::Map(self.values.clone()), Origin::default()).to_json()
    }

    /// `.Values.customImage`, if present.
    pub fn custom_image(&self) -> Option<&Node> {
        self.values.get(BLOCK)
    }

    /// `toJson .Values.customImage` (`null` when absent).
    pub fn custom_image_json(&self) -> Value {
        self.custom_image().map_or(Value::Null, Node::to_json)
    }

    /// The names of the chart's objects for `release`.
    pub fn names(&self, release: &str) -> Result<ObjectNames, NameError> {
        ObjectNames::new(release, &self.values)
    }

    /// Where the value at `path` was written, or the `null` that deleted it.
    pub fn origin(&self, path: &[&str]) -> Option<Origin> {
        let (first, rest) = path.split_first()?;
        if let Some(node) = self.values.get(*first).and_then(|n| n.get(rest)) {
            return Some(node.origin);
        }
        self.deleted
            .iter()
            .find(|d| d.path.iter().map(String::as_str).eq(path.iter().copied()))
            .map(|d| d.origin)
    }

    /// The `customImage` subtree as [`LocatedValues`] spans (each in the layer
    /// [`LayeredLocations`] names), for the rules.
    pub fn located(&self) -> (LocatedValues, LayeredLocations) {
        let mut located = LocatedValues::default();
        let mut where_ = LayeredLocations::default();
        if let Some(block) = self.custom_image() {
            located.block_present = true;
            let origin = block.origin;
            located.block_span = origin.key.unwrap_or(origin.span);
            where_.block = Some(origin);
            record(block, BLOCK, &mut located, &mut where_);
        }
        for deletion in &self.deleted {
            if deletion.path.first().map(String::as_str) == Some(BLOCK) {
                let path = deletion.path.join(".");
                let o = deletion.origin;
                located.value_spans.insert(path.clone(), o.span);
                located
                    .key_spans
                    .insert(path.clone(), o.key.unwrap_or(o.span));
                where_.origins.insert(path, o);
            }
        }
        (located, where_)
    }
}

fn record(node: &Node, path: &str, located: &mut LocatedValues, where_: &mut LayeredLocations) {
    let o = node.origin;
    located.value_spans.insert(path.to_string(), o.span);
    located
        .key_spans
        .insert(path.to_string(), o.key.unwrap_or(o.span));
    where_.origins.insert(path.to_string(), o);
    match &node.kind {
        Kind::Map(map) => {
            for (key, child) in map {
                record(child, &format!("{path}.{key}"), located, where_);
            }
        }
        Kind::List(items) => {
            for (i, child) in items.iter().enumerate() {
                record(child, &format!("{path}.{i}"), located, where_);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn no_files() -> impl FnMut(&str) -> Result<String, String> {
        |_: &str| Err("no files here".to_string())
    }

    #[test]
    fn files_then_sets_over_the_bundled_defaults() {
        let mut input = LayeredInput::default();
        let base = input.values_file(SourceFile::new(
            "base.yaml",
            "customImage:\n  registryEndpoint: https://gcr.io\n  pushSecretName: null\n",
        ));
        let prod = input.values_file(SourceFile::new(
            "prod.yaml",
            "customImage:\n  pushRepo: gcr.io/p/x\n  buildJob:\n    resources:\n      limits: {cpu: \"4\"}\n",
        ));
        // Given first, applied after --set-json, as Helm does.
        let set = input.set(SetKind::Set, "customImage.pushRepo=gcr.io/p/y");
        let set_json = input.set(SetKind::Json, r#"customImage.pushRepo="gcr.io/p/z""#);
        let effective = input.build(&mut no_files()).unwrap();
        let custom_image = effective.custom_image_json();
        assert_eq!(custom_image["pushRepo"], json!("gcr.io/p/y"));
        assert_eq!(custom_image["registryEndpoint"], json!("https://gcr.io"));
        assert!(
            custom_image.get("pushSecretName").is_none(),
            "null deletes the default"
        );
        assert_eq!(custom_image["insecureSkipVerify"], json!(false));
        assert_eq!(
            custom_image["buildJob"]["resources"]["limits"],
            json!({"cpu": "4", "memory": "1500Mi"})
        );
        assert_eq!(custom_image["buildJob"]["image"]["tag"], json!("v1.39.3"));

        let at = |path: &[&str]| effective.origin(path).map(|o| o.layer);
        assert_eq!(at(&["customImage", "pushRepo"]), Some(set));
        assert_ne!(at(&["customImage", "pushRepo"]), Some(set_json));
        assert_eq!(at(&["customImage", "registryEndpoint"]), Some(base));
        assert_eq!(
            at(&["customImage", "pushSecretName"]),
            Some(base),
            "the deleting null"
        );
        assert_eq!(
            at(&["customImage", "buildJob", "resources", "limits", "cpu"]),
            Some(prod)
        );
        assert_eq!(
            at(&["customImage", "buildJob", "resources", "limits", "memory"]),
            Some(CHART_DEFAULTS)
        );

        let origin = effective
            .origin(&["customImage", "registryEndpoint"])
            .unwrap();
        let text = &input.layers[origin.layer].source.text;
        assert_eq!(
            &text[origin.span.offset..origin.span.end()],
            "https://gcr.io"
        );

        let (located, where_) = effective.located();
        assert_eq!(where_.layer_of("customImage.pushSecretName"), Some(base));
        assert!(located
            .value_spans
            .contains_key("customImage.buildJob.image.tag"));
    }

    #[test]
    fn refused_layers_say_where() {
        let mut input = LayeredInput::default();
        input.values_file(SourceFile::new("a.yaml", "customImage: {a: 1}\n"));
        let bad = input.set(SetKind::Set, "customImage.a.b=1");
        let err = input.build(&mut no_files()).unwrap_err();
        assert_eq!(err.layer, bad);

        let mut input = LayeredInput::default();
        let list = input.values_file(SourceFile::new("l.yaml", "- a\n"));
        assert_eq!(input.build(&mut no_files()).unwrap_err().layer, list);
    }

    #[test]
    fn a_whole_json_object_merges_like_a_file() {
        let mut input = LayeredInput::default();
        input.set(SetKind::Json, r#" {"customImage": {"pushRepo": "a/b"}} "#);
        let effective = input.build(&mut no_files()).unwrap();
        assert_eq!(effective.custom_image_json()["pushRepo"], json!("a/b"));
        assert_eq!(
            effective.custom_image_json()["insecureSkipVerify"],
            json!(false)
        );
    }

    #[test]
    fn names_follow_the_release() {
        let mut input = LayeredInput::default();
        input.set(SetKind::Set, "nameOverride=hub");
        let effective = input.build(&mut no_files()).unwrap();
        assert_eq!(
            effective.names("ph").unwrap().config_map,
            "ph-hub-controller-config"
        );
    }
}
