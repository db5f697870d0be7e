//! Reading a values file the way Helm does, with a location for every node of the
//! `customImage` subtree.
//!
//! The text goes through saphyr-parser's event iterator into a spanned node tree ([`tree`]),
//! whose scalars are typed as Helm types them, YAML 1.1 ([`resolve`]), and which becomes JSON
//! with aliases and merge keys applied ([`convert`]). The whole document is checked for
//! duplicate keys and for what Helm refuses ([`keys`]); the `customImage` block is validated
//! against the checked-in JSON Schema ([`schema`]) and read into the typed model.
//!
//! Decisions:
//! - Several documents (`---`): Helm reads only the first, so only the first is read; a
//!   `yaml-syntax` warning points at the second. [`to_json`] refuses more than one.
//! - Bounds (SPEC §8): inputs are limited to 8 MiB by `SourceFile`; a flow collection to
//!   [`prescan::MAX_FLOW_ENTRIES`] entries before parsing (saphyr-parser buffers a whole one);
//!   nesting to [`tree::MAX_DEPTH`] levels and documents to [`tree::MAX_NODES`] nodes, as
//!   written and once aliases are expanded (an alias bomb is refused before anything is
//!   expanded). Flow collections nest at most 255 deep in saphyr-parser itself, which parses
//!   with an explicit state stack (no recursion); the tree is built iteratively too.

mod comments;
mod convert;
mod finding;
mod keys;
mod located;
mod offsets;
mod prescan;
pub(crate) mod resolve;
pub(crate) mod schema;
mod tree;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::limits::MAX_FINDINGS_PER_RULE;
use crate::source::{SourceFile, Span};
use crate::values::{CustomImage, LocatedValues};
use convert::{Converter, Locations};
use keys::{syntax_error, Block};
use tree::{NodeKind, Tree, TreeError};

pub use comments::comments;
pub use finding::Finding;
pub use tree::{MAX_DEPTH, MAX_NODES};

const BLOCK: &str = "customImage";
const PASSWORD: &str = "customImage.registryPassword";

/// Parses a values file: the located `customImage` block and what was found (for the rules
/// `yaml-syntax`, `schema`, `unknown-key` and `duplicate-key`).
pub fn load(source: &SourceFile) -> (LocatedValues, Vec<Finding>) {
    let mut out = Vec::new();
    let located = match Tree::parse(&source.text) {
        Ok(tree) => {
            let (located, converted) = read(&tree, source, &mut out);
            // The tree goes before the checks: it may hold a scalar of megabytes that the
            // block's JSON form now holds too, and the password's forms are yet to come.
            drop(tree);
            match converted {
                Some(converted) => check(located, converted, source, &mut out),
                None => located,
            }
        }
        Err(e) => {
            out.push(syntax_error(e));
            LocatedValues::default()
        }
    };
    (located, out)
}

/// The whole first document of a values file as a Helm values tree, for layering (SPEC §9):
/// `None` when it is empty. An error says where and why Helm could not read it.
pub fn to_helm_node(
    source: &SourceFile,
    layer: crate::values::helm::LayerId,
) -> Result<Option<crate::values::helm::Node>, (Span, String)> {
    let tree = Tree::parse(&source.text).map_err(|e| (e.span, e.message))?;
    located::root(&tree, layer).map_err(|e| (e.span, e.message))
}

/// Parses any YAML document (an `ImageSpec`, a rendered manifest) into JSON, within the same
/// bounds as values files; a syntax error comes back as a finding.
pub fn to_json(source: &SourceFile) -> Result<Value, Finding> {
    let tree = Tree::parse(&source.text).map_err(syntax_error)?;
    if let Some(span) = tree.next_document {
        return Err(Finding::NotOneDocument { span });
    }
    match tree.root {
        None => Ok(Value::Null),
        Some(root) => Converter::new(&tree).value(root).map_err(syntax_error),
    }
}

/// A whole YAML document (a manifest) as JSON, with where each dotted path (`spec.baseImage`,
/// `spec.packages.apt.0`) was written.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub value: Value,
    /// Dotted path → span of the value.
    pub value_spans: BTreeMap<String, Span>,
    /// Dotted path → span of the key.
    pub key_spans: BTreeMap<String, Span>,
    /// The whole document (empty at the start of the file when there is none).
    pub root_span: Span,
}

impl Document {
    /// Where `path` is written; for a path that is not, the key of its closest written parent
    /// (or the document).
    pub fn span_near(&self, path: &str) -> Span {
        if let Some(span) = self.value_spans.get(path) {
            return *span;
        }
        let mut parent = path;
        while let Some((up, _)) = parent.rsplit_once('.') {
            if let Some(span) = self.key_spans.get(up) {
                return *span;
            }
            parent = up;
        }
        self.root_span
    }
}

/// Parses one YAML document (an `ImageSpec`) into JSON with locations, within the same bounds
/// as values files.
pub fn read_document(source: &SourceFile) -> Result<Document, Finding> {
    let tree = Tree::parse(&source.text).map_err(syntax_error)?;
    if let Some(span) = tree.next_document {
        return Err(Finding::NotOneDocument { span });
    }
    let Some(root) = tree.root else {
        return Ok(Document::default());
    };
    let mut converter = Converter::recording(&tree, "");
    let value = converter.value(root).map_err(syntax_error)?;
    let locations = converter.into_locations();
    Ok(Document {
        value,
        value_spans: locations.values,
        key_spans: locations.keys,
        root_span: tree.node(root).span(),
    })
}

/// The block as the tree gave it, for [`check`].
struct Converted {
    /// `{"customImage": …}` (see [`instance`]).
    instance: Value,
    /// Unknown keys the conversion only counted.
    unknown_omitted: usize,
    root_span: Span,
}

/// The located values as far as the tree gives them, and the block converted (`None` when
/// Helm refuses the file, which a finding says).
fn read(
    tree: &Tree,
    source: &SourceFile,
    out: &mut Vec<Finding>,
) -> (LocatedValues, Option<Converted>) {
    if let Some(span) = tree.next_document {
        out.push(Finding::SecondDocument { span });
    }
    let block = find_block(tree);
    let mut located = LocatedValues {
        block_present: matches!(block, Ok(Some(_))),
        block_span: keys::key_span(tree, block.clone().ok().flatten()),
        ..LocatedValues::default()
    };
    keys::check(tree, source, block.clone().ok().flatten(), out);
    located.name_overrides = name_overrides(tree);
    let Ok(block) = block else {
        // Helm refuses the file; `keys::check` has said why.
        return (located, None);
    };
    let (instance, locations) = match instance(tree, block) {
        Ok(read) => read,
        Err(e) => {
            let d = syntax_error(e);
            if !out.contains(&d) {
                out.push(d);
            }
            return (located, None);
        }
    };
    let unknown_omitted = locations.unknown_omitted;
    located.value_spans = locations.values;
    located.key_spans = locations.keys;
    if let Some(b) = block {
        located
            .key_spans
            .insert(BLOCK.into(), tree.node(b.key).span());
        let value_span = tree.node(b.value).span();
        located.value_spans.insert(BLOCK.into(), value_span);
    }
    let root_span = tree.root.map_or(Span::new(0, 0), |r| tree.node(r).span());
    let converted = Converted {
        instance,
        unknown_omitted,
        root_span,
    };
    (located, Some(converted))
}

/// The password registered, then the schema and the typed model.
fn check(
    mut located: LocatedValues,
    converted: Converted,
    source: &SourceFile,
    out: &mut Vec<Finding>,
) -> LocatedValues {
    let Converted {
        mut instance,
        unknown_omitted,
        root_span,
    } = converted;
    register_password(source, &instance, &mut located);
    if check_schema(&mut instance, &located, root_span, unknown_omitted, out) {
        read_typed(instance, &mut located, out);
    }
    located
}

/// Masks the password where it is written and registers it for redaction before any finding
/// can be printed.
fn register_password(source: &SourceFile, instance: &Value, located: &mut LocatedValues) {
    let Some(&span) = located.value_spans.get(PASSWORD) else {
        return;
    };
    let written = source.text.get(span.offset..span.end()).unwrap_or("");
    let password = instance[BLOCK]["registryPassword"]
        .as_str()
        .unwrap_or(written);
    crate::redact::register(password);
    located.secret_spans.push(span);
}

/// `unknown-key` findings (the keys are taken out of `instance`; past the findings cap only
/// counted, with the `omitted` ones the conversion left out) and `schema` findings; true when
/// there is no type error.
fn check_schema(
    instance: &mut Value,
    located: &LocatedValues,
    root_span: Span,
    omitted: usize,
    out: &mut Vec<Finding>,
) -> bool {
    let mut stripped = schema::strip_unknown_keys_capped(instance, MAX_FINDINGS_PER_RULE);
    if let Some((_, count)) = &mut stripped.more {
        *count += omitted;
    }
    for unknown in stripped.shown {
        let span = located.key_span(&unknown.path);
        out.push(Finding::UnknownKey {
            key: unknown.key,
            path: unknown.path,
            suggestion: unknown.suggestion,
            span,
        });
    }
    if let Some((first, count)) = stripped.more {
        out.push(Finding::MoreUnknownKeys {
            count,
            span: located.key_span(&first.path),
            path: first.path,
        });
    }
    let errors = schema::type_errors(instance);
    let valid = errors.is_empty();
    for error in errors {
        let span = match error.path.as_str() {
            "" => root_span,
            path => located.value_span(path),
        };
        out.push(Finding::SchemaViolation {
            path: error.path,
            expected: error.expected,
            found: error.found,
            other: error.other,
            span,
        });
    }
    valid
}

/// The typed model, from a block that passed the schema (unknown keys already removed).
fn read_typed(mut instance: Value, located: &mut LocatedValues, out: &mut Vec<Finding>) {
    match instance.get_mut(BLOCK).map(Value::take) {
        None | Some(Value::Null) => located.typed = true,
        Some(block) => match serde_json::from_value::<CustomImage>(block) {
            Ok(custom_image) => {
                located.custom_image = custom_image;
                located.typed = true;
            }
            Err(e) => out.push(Finding::Unmodelled {
                error: e.to_string(),
                span: located.value_span(BLOCK),
            }),
        },
    }
}

/// The root mapping's `customImage` entry (after merges; the last one when written twice).
fn find_block(tree: &Tree) -> Result<Option<Block>, TreeError> {
    let Some(root) = tree.root.map(|r| tree.resolve(r)) else {
        return Ok(None);
    };
    if !matches!(tree.node(root).kind, NodeKind::Mapping(_)) {
        return Ok(None);
    }
    for entry in convert::entries(tree, root)?.keyed() {
        let (name, key, value) = entry?;
        if name == BLOCK {
            let value = tree.resolve(value);
            return Ok(Some(Block { key, value }));
        }
    }
    Ok(None)
}

/// The root mapping's `nameOverride` and `fullnameOverride` (the last when written twice), as
/// Helm reads them; a value that cannot be converted is left out (the file's syntax finding
/// says why).
fn name_overrides(tree: &Tree) -> crate::values::helm::Map {
    use crate::values::helm::{Node, Origin};
    let mut out = crate::values::helm::Map::new();
    let Some(root) = tree.root.map(|r| tree.resolve(r)) else {
        return out;
    };
    if !matches!(tree.node(root).kind, NodeKind::Mapping(_)) {
        return out;
    }
    let Ok(entries) = convert::entries(tree, root) else {
        return out;
    };
    for (name, key, value) in entries.keyed().flatten() {
        if name != "nameOverride" && name != "fullnameOverride" {
            continue;
        }
        if let Ok(json) = Converter::new(tree).value(value) {
            let origin = Origin::new(0, tree.node(value).span()).with_key(tree.node(key).span());
            out.insert(name.into_owned(), Node::from_json(&json, origin));
        }
    }
    out
}

/// What the schema is checked on: `{"customImage": …}` for a mapping (the schema says nothing
/// about other keys, so they are not converted), the document itself otherwise.
fn instance(tree: &Tree, block: Option<Block>) -> Result<(Value, Locations), TreeError> {
    let Some(root) = tree.root else {
        return Ok((Value::Object(Default::default()), Locations::default()));
    };
    if !matches!(tree.node(tree.resolve(root)).kind, NodeKind::Mapping(_)) {
        // A document that is only `~` (or only `---`) is an empty values file to Helm.
        let document = match Converter::new(tree).value(root)? {
            Value::Null => Value::Object(Default::default()),
            other => other,
        };
        return Ok((document, Locations::default()));
    }
    let mut object = serde_json::Map::new();
    let mut locations = Locations::default();
    if let Some(b) = block {
        // One unknown key past the findings cap is still converted: the finding that counts
        // the rest stands at it.
        let mut converter = match schema::custom_image_schema() {
            Some(at) => Converter::checked(tree, BLOCK, at, MAX_FINDINGS_PER_RULE + 1),
            None => Converter::recording(tree, BLOCK),
        };
        object.insert(BLOCK.to_string(), converter.value(b.value)?);
        locations = converter.into_locations();
    }
    Ok((Value::Object(object), locations))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown_key_findings(out: Vec<Finding>) -> Vec<Finding> {
        out.into_iter()
            .filter(|f| {
                matches!(
                    f,
                    Finding::UnknownKey { .. } | Finding::MoreUnknownKeys { .. }
                )
            })
            .collect()
    }

    /// The unknown-key findings with every key converted and located, as before conversion
    /// bounded them.
    fn unbounded(source: &SourceFile) -> Vec<Finding> {
        let tree = Tree::parse(&source.text).unwrap();
        let block = find_block(&tree).unwrap().unwrap();
        let mut converter = Converter::recording(&tree, BLOCK);
        let value = converter.value(block.value).unwrap();
        let locations = converter.into_locations();
        let mut instance = Value::Object([(BLOCK.to_string(), value)].into_iter().collect());
        let located = LocatedValues {
            value_spans: locations.values,
            key_spans: locations.keys,
            ..LocatedValues::default()
        };
        let mut out = Vec::new();
        check_schema(&mut instance, &located, Span::default(), 0, &mut out);
        unknown_key_findings(out)
    }

    #[test]
    fn bounded_conversion_finds_the_unknown_keys_unbounded_conversion_finds() {
        let keys = |prefix: &str, n: usize, indent: &str| -> String {
            (0..n)
                .map(|i| format!("{indent}{prefix}{i}: {{a: [1, {{b: 2}}]}}\n"))
                .collect()
        };
        let cases = [
            // Many at one level, a few below, keys written twice (one past the bound), a known
            // key last.
            format!(
                "customImage:\n{}  buildJob:\n{}{}  registryPasword: x\n  extra140: again\n  extra5: again\n  pushRepo: a/b\n",
                keys("extra", 150, "  "),
                keys("deep", 3, "    "),
                keys("deep", 2, "    ")
            ),
            // Few at the top, many below.
            format!(
                "customImage:\n  pushRepoo: x\n  buildJob:\n    image:\n{}    resources: {{}}\n",
                keys("tagg", 300, "      ")
            ),
            // Exactly at the bound, and one over.
            format!("customImage:\n{}", keys("k", 101, "  ")),
            format!("customImage:\n{}", keys("k", 102, "  ")),
            // Through a merge key and an alias.
            format!(
                "base: &b\n{}customImage:\n  <<: *b\n  other: 1\n",
                keys("m", 120, "  ")
            ),
        ];
        for text in cases {
            let source = SourceFile::new("v.yaml", text.clone());
            let bounded = unknown_key_findings(load(&source).1);
            assert!(!bounded.is_empty(), "{text}");
            assert_eq!(bounded, unbounded(&source), "{text}");
        }
    }
}
