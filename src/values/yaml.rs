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
mod keys;
mod offsets;
mod prescan;
pub(crate) mod resolve;
mod schema;
mod tree;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Span};
use crate::rules::{self, diag};
use crate::source::SourceFile;
use crate::values::{CustomImage, LocatedValues};
use convert::{Converter, Locations};
use keys::{syntax_error, Block};
use tree::{NodeKind, Tree, TreeError};

pub use comments::comments;
pub use tree::{MAX_DEPTH, MAX_NODES};

const BLOCK: &str = "customImage";
const PASSWORD: &str = "customImage.registryPassword";

/// Parses a values file: the located `customImage` block and the findings of `yaml-syntax`,
/// `schema`, `unknown-key` and `duplicate-key`.
pub fn load(source: &SourceFile) -> (LocatedValues, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let located = match Tree::parse(&source.text) {
        Ok(tree) => read(&tree, source, &mut out),
        Err(e) => {
            out.push(syntax_error(e));
            LocatedValues::default()
        }
    };
    (located, out)
}

/// Parses any YAML document (an `ImageSpec`, a rendered manifest) into JSON, within the same
/// bounds as values files; a syntax error comes back as a `yaml-syntax` diagnostic.
pub fn to_json(source: &SourceFile) -> Result<Value, Diagnostic> {
    let tree = Tree::parse(&source.text).map_err(syntax_error)?;
    if let Some(span) = tree.next_document {
        return Err(diag(
            "yaml-syntax",
            "expected one YAML document, but another starts here",
        )
        .help("put each document in a file of its own")
        .at("", span));
    }
    match tree.root {
        None => Ok(Value::Null),
        Some(root) => Converter::new(&tree).value(root).map_err(syntax_error),
    }
}

/// Where each dotted path of a document was written: the keys' and the values' spans (the
/// root's value under the empty path).
pub type PathSpans = std::collections::BTreeMap<String, Span>;

/// Parses any YAML document into JSON, as [`to_json`] does, with where each dotted path's key
/// and value were written, for files whose findings must point at a key (`.customimage.yaml`).
pub fn to_located_json(source: &SourceFile) -> Result<(Value, PathSpans, PathSpans), Diagnostic> {
    let tree = Tree::parse(&source.text).map_err(syntax_error)?;
    if let Some(span) = tree.next_document {
        return Err(diag(
            "yaml-syntax",
            "expected one YAML document, but another starts here",
        )
        .help("put each document in a file of its own")
        .at("", span));
    }
    let Some(root) = tree.root else {
        return Ok((Value::Null, PathSpans::new(), PathSpans::new()));
    };
    let mut converter = Converter::recording(&tree, "");
    let value = converter.value(root).map_err(syntax_error)?;
    let mut locations = converter.into_locations();
    locations.values.insert(String::new(), tree.node(root).span);
    Ok((value, locations.keys, locations.values))
}

fn read(tree: &Tree, source: &SourceFile, out: &mut Vec<Diagnostic>) -> LocatedValues {
    if let Some(span) = tree.next_document {
        out.push(rules::yaml_syntax::second_document(span));
    }
    let block = find_block(tree);
    let mut located = LocatedValues {
        block_present: matches!(block, Ok(Some(_))),
        block_span: keys::key_span(tree, block.clone().ok().flatten()),
        ..LocatedValues::default()
    };
    keys::check(tree, source, block.clone().ok().flatten(), out);
    let Ok(block) = block else {
        // Helm refuses the file; `keys::check` has said why.
        return located;
    };
    let (mut instance, locations) = match instance(tree, block) {
        Ok(read) => read,
        Err(e) => {
            let d = syntax_error(e);
            if !out.contains(&d) {
                out.push(d);
            }
            return located;
        }
    };
    located.value_spans = locations.values;
    located.key_spans = locations.keys;
    if let Some(b) = block {
        located
            .key_spans
            .insert(BLOCK.into(), tree.node(b.key).span);
        let value_span = tree.node(b.value).span;
        located.value_spans.insert(BLOCK.into(), value_span);
    }
    register_password(source, &instance, &mut located);
    let root_span = tree.root.map_or(Span::new(0, 0), |r| tree.node(r).span);
    if check_schema(&mut instance, &located, root_span, out) {
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

/// `unknown-key` findings (the keys are taken out of `instance`) and `schema` findings; true
/// when there is no type error.
fn check_schema(
    instance: &mut Value,
    located: &LocatedValues,
    root_span: Span,
    out: &mut Vec<Diagnostic>,
) -> bool {
    for unknown in schema::strip_unknown_keys(instance) {
        let span = located.key_span(&unknown.path);
        let (key, path) = (&unknown.key, &unknown.path);
        out.push(rules::unknown_key::diagnostic(
            key,
            path,
            unknown.suggestion,
            span,
        ));
    }
    let errors = schema::type_errors(instance);
    for error in &errors {
        let span = match error.path.as_str() {
            "" => root_span,
            path => located.value_span(path),
        };
        let (expected, other) = (&error.expected, error.other.as_deref());
        out.push(rules::schema::diagnostic(
            &error.path,
            expected,
            error.found,
            other,
            span,
        ));
    }
    errors.is_empty()
}

/// The typed model, from a block that passed the schema (unknown keys already removed).
fn read_typed(mut instance: Value, located: &mut LocatedValues, out: &mut Vec<Diagnostic>) {
    match instance.get_mut(BLOCK).map(Value::take) {
        None | Some(Value::Null) => located.typed = true,
        Some(block) => match serde_json::from_value::<CustomImage>(block) {
            Ok(custom_image) => {
                located.custom_image = custom_image;
                located.typed = true;
            }
            Err(e) => out.push(
                diag("schema", format!("`customImage` cannot be read: {e}"))
                    .at(BLOCK, located.value_span(BLOCK)),
            ),
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
    Ok(convert::entries(tree, root)?
        .into_iter()
        .find(|(name, _, _)| name == BLOCK)
        .map(|(_, key, value)| Block {
            key,
            value: tree.resolve(value),
        }))
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
        let mut converter = Converter::recording(tree, BLOCK);
        object.insert(BLOCK.to_string(), converter.value(b.value)?);
        locations = converter.into_locations();
    }
    Ok((Value::Object(object), locations))
}
