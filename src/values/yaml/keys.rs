//! Checks over the whole document, not only `customImage`: a key written twice in one mapping
//! (`duplicate-key`: an error inside `customImage`, a warning elsewhere, since Helm keeps the
//! last), and what makes Helm refuse the file outright (`yaml-syntax`): a key with no string
//! form, a merge of something that is not a mapping, a value with no JSON form.

use std::borrow::Cow;
use std::collections::HashMap;

use super::convert::{is_merge_key, key_string, merge_sources};
use super::resolve::resolve;
use super::tree::{NodeId, NodeKind, Tree, TreeError};
use super::Finding;
use crate::limits::FindingsCap;
use crate::source::{SourceFile, Span};

/// Where `customImage` is: its key and the node its value resolves to.
#[derive(Clone, Copy)]
pub struct Block {
    pub key: NodeId,
    pub value: NodeId,
}

pub fn check(tree: &Tree, source: &SourceFile, block: Option<Block>, out: &mut Vec<Finding>) {
    let block_span = block.map(|b| tree.node(b.value).span());
    let mut findings = Findings::default();
    for (id, node) in tree.nodes.iter().enumerate() {
        match &node.kind {
            NodeKind::Mapping(pairs) => {
                let in_block = block_span.is_some_and(|b| b.contains(node.span()));
                mapping(tree, source, id, pairs, in_block, &mut findings);
                for &(_, value) in pairs {
                    json_form(tree, value, &mut findings);
                }
            }
            NodeKind::Sequence(items) => items
                .iter()
                .for_each(|&i| json_form(tree, i, &mut findings)),
            _ => {}
        }
    }
    if let Some(root) = tree.root {
        json_form(tree, root, &mut findings);
    }
    out.extend(findings.shown);
    let count = findings.cap.omitted(Kind::Duplicate);
    if count > 0 {
        let any_in_block = findings.hidden_duplicates_in_block > 0;
        out.push(Finding::MoreDuplicates {
            count,
            any_in_block,
        });
    }
    let count = findings.cap.omitted(Kind::Unreadable);
    if count > 0 {
        out.push(Finding::MoreSyntax { count });
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Duplicate,
    Unreadable,
}

/// Findings past the cap ([`crate::limits`]) are counted, not built: a generated file with
/// 90,000 duplicate keys needs one line saying so, not 90,000 findings.
#[derive(Default)]
struct Findings {
    shown: Vec<Finding>,
    cap: FindingsCap<Kind>,
    hidden_duplicates_in_block: usize,
}

impl Findings {
    /// Keeps `make()`'s duplicate-key finding, or only counts it past the cap.
    fn duplicate(&mut self, in_block: bool, make: impl FnOnce() -> Finding) {
        if self.cap.admit(Kind::Duplicate) {
            self.shown.push(make());
        } else {
            self.hidden_duplicates_in_block += usize::from(in_block);
        }
    }

    /// Keeps a syntax finding, or only counts it past the cap.
    fn unreadable(&mut self, error: TreeError) {
        if self.cap.admit(Kind::Unreadable) {
            self.shown.push(syntax_error(error));
        }
    }
}

fn mapping(
    tree: &Tree,
    source: &SourceFile,
    id: NodeId,
    pairs: &[(NodeId, NodeId)],
    in_block: bool,
    findings: &mut Findings,
) {
    let mut seen = Seen::for_keys(pairs.len());
    // The mapping's own dotted path, worked out at its first duplicate.
    let mut path: Option<String> = None;
    for &(key, value) in pairs {
        if is_merge_key(tree, key) {
            if let Err(e) = merge_sources(tree, value) {
                findings.unreadable(e);
            }
            continue;
        }
        let name = match key_string(tree, key) {
            Ok(name) => name,
            Err(e) => {
                findings.unreadable(e);
                continue;
            }
        };
        if let Some(first) = seen.get(&name) {
            // The root's `customImage` key itself counts as inside the block: writing the
            // block twice drops the first one whole.
            let is_error = in_block || (Some(id) == tree.root && name == "customImage");
            findings.duplicate(is_error, || {
                let (first_line, _) = source.line_col(tree.node(first).span().offset);
                let path = path.get_or_insert_with(|| path_of(tree, id));
                Finding::DuplicateKey {
                    path: join(path, &name),
                    key: name.to_string(),
                    first_line,
                    in_block: is_error,
                    span: tree.node(key).span(),
                }
            });
        }
        seen.insert(name, key);
    }
}

/// The keys of one mapping seen so far. Most mappings have a handful of keys: those are
/// compared in a list, without hashing or allocating a table.
struct Seen<'t> {
    few: Vec<(Cow<'t, str>, NodeId)>,
    many: HashMap<Cow<'t, str>, NodeId>,
    /// How many keys the mapping has: the table is allocated once at its final size (growing
    /// it holds the old table and the new one at once, in a mapping of 100,000 keys).
    keys: usize,
}

impl<'t> Seen<'t> {
    const FEW: usize = 16;

    fn for_keys(keys: usize) -> Seen<'t> {
        Seen {
            few: Vec::new(),
            many: HashMap::new(),
            keys,
        }
    }

    fn get(&self, name: &str) -> Option<NodeId> {
        match self.many.is_empty() {
            true => self.few.iter().find(|(n, _)| n == name).map(|&(_, id)| id),
            false => self.many.get(name).copied(),
        }
    }

    fn insert(&mut self, name: Cow<'t, str>, key: NodeId) {
        if self.many.is_empty() && self.few.len() < Self::FEW {
            match self.few.iter_mut().find(|(n, _)| *n == name) {
                Some(entry) => entry.1 = key,
                None => self.few.push((name, key)),
            }
            return;
        }
        if self.many.is_empty() {
            self.many.reserve(self.keys);
        }
        self.many.extend(self.few.drain(..));
        self.many.insert(name, key);
    }
}

/// A scalar value Helm could not turn into JSON (`!!int abc`, `.nan`).
fn json_form(tree: &Tree, id: NodeId, findings: &mut Findings) {
    let node = tree.node(id);
    if let NodeKind::Scalar { value, style, tag } = &node.kind {
        // Only tagged scalars and the `.inf`/`.nan` spellings can fail; skip the rest cheaply.
        if tag.is_none() && !value.trim_start_matches(['+', '-']).starts_with('.') {
            return;
        }
        if let Err(message) =
            resolve(value, *style, tag.as_deref().map(String::as_str)).and_then(|s| s.to_json())
        {
            findings.unreadable(TreeError {
                span: node.span(),
                message,
            });
        }
    }
}

pub fn syntax_error(error: TreeError) -> Finding {
    Finding::Syntax {
        message: error.message,
        span: error.span,
    }
}

/// The dotted path of where node `id` is written (`keycloak.extraVolumeMounts`, `a.0.b`).
pub fn path_of(tree: &Tree, mut id: NodeId) -> String {
    let mut segments = Vec::new();
    while let Some(parent) = tree.node(id).parent() {
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
    block.map_or(Span::new(0, 0), |b| tree.node(b.key).span())
}
