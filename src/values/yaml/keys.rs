//! Checks over the whole document, not only `customImage`: a key written twice in one mapping
//! (`duplicate-key`: an error inside `customImage`, a warning elsewhere, since Helm keeps the
//! last), and what makes Helm refuse the file outright (`yaml-syntax`): a key with no string
//! form, a merge of something that is not a mapping, a value with no JSON form.

use std::borrow::Cow;
use std::collections::HashMap;

use super::convert::{is_merge_key, key_string, merge_sources};
use super::resolve::resolve;
use super::tree::{NodeId, NodeKind, Tree, TreeError};
use crate::diagnostic::{Diagnostic, Span};
use crate::rules;
use crate::source::SourceFile;

/// Where `customImage` is: its key and the node its value resolves to.
#[derive(Clone, Copy)]
pub struct Block {
    pub key: NodeId,
    pub value: NodeId,
}

pub fn check(tree: &Tree, source: &SourceFile, block: Option<Block>, out: &mut Vec<Diagnostic>) {
    let block_span = block.map(|b| tree.node(b.value).span);
    for (id, node) in tree.nodes.iter().enumerate() {
        match &node.kind {
            NodeKind::Mapping(pairs) => {
                let in_block = block_span.is_some_and(|b| b.contains(node.span));
                mapping(tree, source, id, pairs, in_block, out);
                for &(_, value) in pairs {
                    json_form(tree, value, out);
                }
            }
            NodeKind::Sequence(items) => items.iter().for_each(|&i| json_form(tree, i, out)),
            _ => {}
        }
    }
    if let Some(root) = tree.root {
        json_form(tree, root, out);
    }
}

fn mapping(
    tree: &Tree,
    source: &SourceFile,
    id: NodeId,
    pairs: &[(NodeId, NodeId)],
    in_block: bool,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<Cow<str>, NodeId> = HashMap::with_capacity(pairs.len());
    for &(key, value) in pairs {
        if is_merge_key(tree, key) {
            if let Err(e) = merge_sources(tree, value) {
                out.push(syntax_error(e));
            }
            continue;
        }
        let name = match key_string(tree, key) {
            Ok(name) => name,
            Err(e) => {
                out.push(syntax_error(e));
                continue;
            }
        };
        if let Some(&first) = seen.get(&name) {
            // The root's `customImage` key itself counts as inside the block: writing the
            // block twice drops the first one whole.
            let is_block_key = Some(id) == tree.root && name == "customImage";
            let (first_line, _) = source.line_col(tree.node(first).span.offset);
            out.push(rules::duplicate_key::diagnostic(
                &name,
                first_line,
                in_block || is_block_key,
                join(&path_of(tree, id), &name),
                tree.node(key).span,
            ));
        }
        seen.insert(name, key);
    }
}

/// A scalar value Helm could not turn into JSON (`!!int abc`, `.nan`).
fn json_form(tree: &Tree, id: NodeId, out: &mut Vec<Diagnostic>) {
    let node = tree.node(id);
    if let NodeKind::Scalar { value, style, tag } = &node.kind {
        // Only tagged scalars and the `.inf`/`.nan` spellings can fail; skip the rest cheaply.
        if tag.is_none() && !value.trim_start_matches(['+', '-']).starts_with('.') {
            return;
        }
        if let Err(message) = resolve(value, *style, tag.as_deref()).and_then(|s| s.to_json()) {
            out.push(syntax_error(TreeError {
                span: node.span,
                message,
            }));
        }
    }
}

pub fn syntax_error(error: TreeError) -> Diagnostic {
    rules::yaml_syntax::unreadable(error.message, error.span)
}

/// The dotted path of where node `id` is written (`keycloak.extraVolumeMounts`, `a.0.b`).
pub fn path_of(tree: &Tree, mut id: NodeId) -> String {
    let mut segments = Vec::new();
    while let Some(parent) = tree.node(id).parent {
        let segment = match &tree.node(parent).kind {
            NodeKind::Mapping(pairs) => pairs
                .iter()
                .find(|&&(_, v)| v == id)
                .and_then(|&(k, _)| key_string(tree, k).ok())
                .map(Cow::into_owned),
            NodeKind::Sequence(items) => items.iter().position(|&i| i == id).map(|i| i.to_string()),
            _ => None,
        };
        segments.push(segment.unwrap_or_else(|| "?".to_string()));
        id = parent;
    }
    segments.reverse();
    segments.join(".")
}

pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The span of `customImage`'s key, for reports about a missing key.
pub fn key_span(tree: &Tree, block: Option<Block>) -> Span {
    block.map_or(Span::new(0, 0), |b| tree.node(b.key).span)
}
