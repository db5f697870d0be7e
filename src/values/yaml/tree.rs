//! The spanned node tree: saphyr-parser's event stream turned into an arena of nodes, each with
//! the byte span it was written at. Scalars keep their text, style and tag unresolved (typing is
//! `resolve`'s business); aliases stay references to their anchor, never copies.
//!
//! Building is iterative (saphyr-parser's event iterator is a state machine too), and every
//! bound of SPEC §8 is enforced here: the size of flow collections before parsing (`prescan`),
//! then, while the events arrive, nesting depth, node count, and the size and depth the
//! document would have once its aliases were expanded. A tree that was
//! built can therefore be walked recursively and expanded without further checks.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as Marks};

use super::offsets::CharOffsets;
use super::prescan::{self, MAX_FLOW_ENTRIES};
use crate::source::Span;

/// Deepest nesting accepted, of collections as written or once aliases are expanded. Helm's YAML
/// reader gives up at 10,000; no values file or manifest comes near 100, and staying far below
/// keeps every recursive walk (conversion, schema validation) shallow on a 2 MiB thread stack.
pub const MAX_DEPTH: u32 = 512;

/// Most nodes a document may have, as written or once aliases are expanded (an alias bomb
/// expands a few lines into billions). The chart's own values.yaml has about 3,000; the largest
/// public charts' values files about 10,000. At about 200 bytes a node while parsing, this also
/// caps the tree's memory near 40 MB.
pub const MAX_NODES: u32 = 200_000;

/// saphyr-parser's own bound on flow nesting (`[`, `{`): its flow level is a `u8`.
const SAPHYR_MAX_FLOW_LEVEL: u32 = 255;

/// Index of a node in [`Tree::nodes`].
pub type NodeId = usize;

#[derive(Debug)]
pub enum NodeKind<'a> {
    Scalar {
        value: Cow<'a, str>,
        style: ScalarStyle,
        /// The full tag (`tag:yaml.org,2002:str` for `!!str`, `!foo`), when one is written;
        /// boxed twice: tags are rare, and a thin pointer keeps every node smaller.
        #[allow(clippy::box_collection)]
        tag: Option<Box<String>>,
    },
    Sequence(Vec<NodeId>),
    /// Key and value nodes, in the order written.
    Mapping(Vec<(NodeId, NodeId)>),
    /// `*name`: the node the anchor `&name` is on.
    Alias(NodeId),
}

/// A node as written. Offsets and counts are `u32` (texts are at most a few megabytes: see
/// [`Tree::parse`]), so that a node takes 64 bytes: a file of short keys has a node every
/// eight bytes.
#[derive(Debug)]
pub struct Node<'a> {
    /// Where the node is written (see [`Node::span`]).
    offset: u32,
    len: u32,
    /// The enclosing collection ([`NO_PARENT`] for the root).
    parent: u32,
    /// Nodes in this subtree with aliases expanded (0 while a collection is still open).
    weight: u32,
    /// Depth of this subtree with aliases expanded.
    height: u32,
    pub kind: NodeKind<'a>,
}

const NO_PARENT: u32 = u32::MAX;

impl Node<'_> {
    /// Where the node is written: a block scalar from its `|`/`>` indicator, a quoted scalar
    /// with its quotes, a collection from its first character to its last (trailing blank
    /// space excluded).
    pub fn span(&self) -> Span {
        Span::new(self.offset as usize, self.len as usize)
    }

    /// The enclosing collection (`None` for the root).
    pub fn parent(&self) -> Option<NodeId> {
        (self.parent != NO_PARENT).then_some(self.parent as usize)
    }

    fn set_span(&mut self, span: Span) {
        (self.offset, self.len) = (narrow(span.offset), narrow(span.len));
    }
}

/// An offset, length or count within a text [`Tree::parse`] accepted.
pub(super) fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The first document of a YAML stream.
#[derive(Debug, Default)]
pub struct Tree<'a> {
    pub nodes: Vec<Node<'a>>,
    /// `None` for a stream without a document (empty, or only comments).
    pub root: Option<NodeId>,
    /// Where a second document starts, if there is one (Helm reads only the first).
    pub next_document: Option<Span>,
}

/// Why a text could not be read as a tree: the parser's own message, or a bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    pub span: Span,
    pub message: String,
}

impl<'a> Tree<'a> {
    /// Follows aliases to the node they stand for.
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        // An alias always points to an earlier, closed node, so this terminates.
        while let NodeKind::Alias(target) = self.nodes[id].kind {
            id = target;
        }
        id
    }

    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id]
    }

    /// Reads the first document of `text` (of less than 4 GiB: inputs are limited to 8 MiB).
    pub fn parse(text: &'a str) -> Result<Tree<'a>, TreeError> {
        if u32::try_from(text.len()).is_err() {
            return Err(TreeError {
                span: Span::new(0, 0),
                message: "a text of 4 GiB or more; this is not a values file".to_string(),
            });
        }
        if let Some(span) = prescan::oversized_flow_collection(text) {
            return Err(TreeError {
                span,
                message: format!(
                    "a flow collection (`[…]` or `{{…}}`) with more than {MAX_FLOW_ENTRIES} \
                     entries; this is not a values file"
                ),
            });
        }
        Builder::new(text).run()
    }
}

/// A collection whose end event has not arrived yet.
struct Open {
    id: NodeId,
    /// Where its children start in [`Builder::children`].
    first_child: usize,
}

struct Builder<'a> {
    text: &'a str,
    offsets: CharOffsets<'a>,
    tree: Tree<'a>,
    open: Vec<Open>,
    /// The children of every open collection, innermost last; for a mapping, key and value
    /// alternate. One stack for all, so that a collection allocates only its final list.
    children: Vec<NodeId>,
    anchors: HashMap<usize, NodeId>,
    /// Where the previous event ended.
    last_end: usize,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Builder<'a> {
        Builder {
            text,
            offsets: CharOffsets::new(text),
            // About one node per 10 bytes in values files: reserving spares the regrowth.
            tree: Tree {
                nodes: Vec::with_capacity((text.len() / 10).min(MAX_NODES as usize)),
                ..Tree::default()
            },
            open: Vec::new(),
            children: Vec::new(),
            anchors: HashMap::new(),
            last_end: 0,
        }
    }

    fn run(mut self) -> Result<Tree<'a>, TreeError> {
        let mut parser = Parser::new_from_str(self.text);
        let mut documents = 0;
        while let Some(next) = parser.next_event() {
            let (event, marks) = next.map_err(|e| {
                let offset = self.offsets.byte(e.marker().index());
                let message = match e.info() {
                    "recursion limit exceeded" => format!(
                        "flow collections (`[`, `{{`) nested deeper than {SAPHYR_MAX_FLOW_LEVEL} \
                         levels"
                    ),
                    info => info.to_string(),
                };
                TreeError {
                    span: Span::new(offset, 0),
                    message,
                }
            })?;
            let span = self.span(marks);
            match event {
                Event::DocumentStart(_) if documents > 0 => {
                    self.tree.next_document = Some(span);
                    break;
                }
                Event::DocumentEnd => documents += 1,
                Event::Nothing
                | Event::StreamStart
                | Event::StreamEnd
                | Event::DocumentStart(_) => {}
                Event::Scalar(value, style, anchor, tag) => {
                    let span = match style {
                        ScalarStyle::Literal | ScalarStyle::Folded => self.block_scalar_span(span),
                        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                            quoted_span(self.text, span)
                        }
                        _ => span,
                    };
                    let tag = tag.map(|t| Box::new(format!("{}{}", t.handle, t.suffix)));
                    let value = self.borrowed(value, span);
                    let id = self.add(span, NodeKind::Scalar { value, style, tag }, anchor)?;
                    self.close(id, 1, 1)?;
                }
                Event::Alias(anchor) => {
                    let target = self.alias_target(anchor, span)?;
                    let (weight, height) = {
                        let t = &self.tree.nodes[target];
                        (t.weight, t.height)
                    };
                    let id = self.add(span, NodeKind::Alias(target), 0)?;
                    self.close(id, weight, height)?;
                }
                Event::SequenceStart(anchor, _) => {
                    self.open_collection(span, NodeKind::Sequence(Vec::new()), anchor)?
                }
                Event::MappingStart(anchor, _) => {
                    self.open_collection(span, NodeKind::Mapping(Vec::new()), anchor)?
                }
                Event::SequenceEnd | Event::MappingEnd => self.close_collection(span)?,
            }
            self.last_end = span.end();
        }
        Ok(self.tree)
    }

    /// The scalar's value borrowed from the text where it is written as it reads (a plain
    /// scalar on one line, most keys and values): saphyr-parser gives every plain scalar a
    /// string of its own, over a hundred bytes each however short.
    fn borrowed(&self, value: Cow<'a, str>, span: Span) -> Cow<'a, str> {
        match (&value, self.text.get(span.offset..span.end())) {
            (Cow::Owned(owned), Some(written)) if owned == written => Cow::Borrowed(written),
            _ => value,
        }
    }

    fn span(&self, marks: Marks) -> Span {
        let start = self.offsets.byte(marks.start.index());
        let end = self.offsets.byte(marks.end.index()).max(start);
        Span::new(start, end - start)
    }

    /// saphyr's span of a block scalar starts at its content; ours at the `|`/`>` header, so
    /// that the whole value (and a whole secret) is covered.
    fn block_scalar_span(&self, content: Span) -> Span {
        // The header lies between the previous event (the key, or `-`) and the content, on the
        // last line there that holds an indicator outside a comment.
        let floor = self.last_end.min(content.offset);
        let before = &self.text[floor..content.offset];
        let line_start = |i: usize| before[..i].rfind('\n').map_or(0, |n| n + 1);
        let mut end = before.len();
        let header = loop {
            let start = line_start(end);
            let line = &before[start..end];
            let code = line.split(" #").next().unwrap_or(line);
            if let Some(i) = code.rfind(['|', '>']) {
                break Some(floor + start + i);
            }
            if start == 0 {
                break None;
            }
            end = start - 1;
        };
        let start = header.unwrap_or(content.offset);
        trimmed(self.text, start, content.end())
    }

    fn alias_target(&self, anchor: usize, span: Span) -> Result<NodeId, TreeError> {
        let name = self.text.get(span.offset..span.end()).unwrap_or("*");
        let target = self
            .anchors
            .get(&anchor)
            .copied()
            .ok_or_else(|| TreeError {
                span,
                message: format!("unknown anchor in the alias `{name}`"),
            })?;
        if self.tree.nodes[target].weight == 0 {
            return Err(TreeError {
                span,
                message: format!("the alias `{name}` refers to a collection that contains it"),
            });
        }
        Ok(target)
    }

    fn add(&mut self, span: Span, kind: NodeKind<'a>, anchor: usize) -> Result<NodeId, TreeError> {
        if self.tree.nodes.len() >= MAX_NODES as usize {
            return Err(TreeError {
                span,
                message: format!("more than {MAX_NODES} YAML nodes; this is not a values file"),
            });
        }
        let id = self.tree.nodes.len();
        let parent = self.open.last().map_or(NO_PARENT, |o| narrow(o.id));
        self.tree.nodes.push(Node {
            offset: narrow(span.offset),
            len: narrow(span.len),
            parent,
            weight: 0,
            height: 0,
            kind,
        });
        match self.open.last() {
            Some(_) => self.children.push(id),
            None if self.tree.root.is_none() => self.tree.root = Some(id),
            None => {}
        }
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
        Ok(id)
    }

    fn open_collection(
        &mut self,
        span: Span,
        kind: NodeKind<'a>,
        anchor: usize,
    ) -> Result<(), TreeError> {
        if self.open.len() >= MAX_DEPTH as usize {
            return Err(TreeError {
                span,
                message: format!("collections nested deeper than {MAX_DEPTH} levels"),
            });
        }
        let id = self.add(span, kind, anchor)?;
        self.open.push(Open {
            id,
            first_child: self.children.len(),
        });
        Ok(())
    }

    fn close_collection(&mut self, end: Span) -> Result<(), TreeError> {
        let Some(open) = self.open.pop() else {
            return Ok(());
        };
        let items = &self.children[open.first_child.min(self.children.len())..];
        let (mut weight, mut height) = (1u32, 0u32);
        for &item in items {
            let node = &self.tree.nodes[item];
            weight = weight.saturating_add(node.weight);
            height = height.max(node.height);
        }
        let node = &mut self.tree.nodes[open.id];
        node.kind = match node.kind {
            NodeKind::Mapping(_) => NodeKind::Mapping(
                items
                    .chunks_exact(2)
                    .map(|pair| (pair[0], pair[1]))
                    .collect(),
            ),
            _ => NodeKind::Sequence(items.to_vec()),
        };
        self.children.truncate(open.first_child);
        node.set_span(trimmed(self.text, node.span().offset, end.end()));
        self.close(open.id, weight, height.saturating_add(1))
    }

    /// Records a finished node's expanded size and depth, refusing the document when either is
    /// past its bound: this is where an alias bomb stops, long before anything is expanded.
    fn close(&mut self, id: NodeId, weight: u32, height: u32) -> Result<(), TreeError> {
        let node = &mut self.tree.nodes[id];
        node.weight = weight.max(1);
        node.height = height;
        if weight > MAX_NODES {
            return Err(TreeError {
                span: node.span(),
                message: format!(
                    "aliases expand this node to more than {MAX_NODES} nodes (an alias bomb?)"
                ),
            });
        }
        if height > MAX_DEPTH {
            return Err(TreeError {
                span: node.span(),
                message: format!("aliases nest this node deeper than {MAX_DEPTH} levels"),
            });
        }
        Ok(())
    }
}

/// The span `start..end` without the blank space and line breaks at its end.
/// saphyr's span of a quoted scalar may run on over a comment after it (`a: 'x' # c`); ours
/// ends at the closing quote, so that a finding, a mask or a fix covers the value alone.
fn quoted_span(text: &str, span: Span) -> Span {
    let written = text.get(span.offset..span.end()).unwrap_or("");
    match closing_quote(written) {
        Some(len) => Span::new(span.offset, len),
        None => span,
    }
}

/// The length of the quoted scalar `written` starts with, closing quote included.
fn closing_quote(written: &str) -> Option<usize> {
    let mut chars = written.char_indices();
    let (_, quote) = chars.next()?;
    if quote != '\'' && quote != '"' {
        return None;
    }
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' => {
                if written[i + 1..].starts_with('\'') {
                    chars.next();
                } else {
                    return Some(i + 1);
                }
            }
            '"' if quote == '"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn trimmed(text: &str, start: usize, end: usize) -> Span {
    let end = end.min(text.len()).max(start);
    let kept = text[start..end]
        .trim_end_matches([' ', '\t', '\r', '\n'])
        .len();
    Span::new(start, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of<'t>(text: &'t str, tree: &Tree, id: NodeId) -> &'t str {
        let span = tree.node(id).span();
        &text[span.offset..span.end()]
    }

    #[test]
    fn spans_are_bytes_even_after_multibyte_characters() {
        let text = "é: ü\nkey: \"välue\"\n";
        let tree = Tree::parse(text).unwrap();
        let NodeKind::Mapping(entries) = &tree.node(tree.root.unwrap()).kind else {
            panic!("root is not a mapping");
        };
        assert_eq!(text_of(text, &tree, entries[1].0), "key");
        assert_eq!(text_of(text, &tree, entries[1].1), "\"välue\"");
    }

    #[test]
    fn block_scalars_span_from_their_indicator_to_their_last_line() {
        let text = "a: |-  # keep\n  one\n  two\n\nb: >\n  x\n";
        let tree = Tree::parse(text).unwrap();
        let NodeKind::Mapping(entries) = &tree.node(tree.root.unwrap()).kind else {
            panic!("root is not a mapping");
        };
        assert_eq!(
            text_of(text, &tree, entries[0].1),
            "|-  # keep\n  one\n  two"
        );
        assert_eq!(text_of(text, &tree, entries[1].1), ">\n  x");
    }

    #[test]
    fn a_second_document_is_noticed_not_read() {
        let text = "a: 1\n---\nb: [\n";
        let tree = Tree::parse(text).unwrap();
        assert_eq!(tree.next_document.map(|s| s.offset), Some(5));
    }

    /// Our depth bound stops reading at 512 levels, but saphyr-parser's event iterator must
    /// not recurse either: it is given the text before any bound applies.
    #[test]
    fn saphyr_parsers_event_iterator_does_not_recurse() {
        let deep = format!("{}x\n", "- ".repeat(20_000));
        let events = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let mut parser = Parser::new_from_str(&deep);
                let mut starts = 0;
                while let Some(Ok((event, _))) = parser.next_event() {
                    starts += usize::from(matches!(event, Event::SequenceStart(..)));
                }
                starts
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(events, 20_000);
    }

    /// A file of short keys has a node every eight bytes: the node's size is the tree's
    /// memory per input byte (SPEC §8).
    #[test]
    fn a_node_takes_64_bytes() {
        assert_eq!(std::mem::size_of::<Node>(), 64);
    }

    #[test]
    fn self_referencing_aliases_are_refused() {
        let err = Tree::parse("a: &x [1, *x]\n").unwrap_err();
        assert!(err.message.contains("contains it"), "{err:?}");
    }
}
