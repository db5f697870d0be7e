//! A whole values document as a Helm values tree ([`crate::values::helm::Node`]), every value
//! with where it was written: what a layer of `-f` files contributes to Helm's effective values.
//! Scalars are typed as Helm types them ([`super::resolve`]), aliases and merge keys applied as
//! in [`super::convert`], numbers held as Go holds them.

use super::convert::entries;
use super::resolve::resolve;
use super::tree::{NodeId, NodeKind, Tree, TreeError};
use crate::values::helm::{go_number, Kind, LayerId, Map, Node, Origin};

/// The document's root as a tree; `None` for an empty document (or one that is only `~`).
pub fn root(tree: &Tree, layer: LayerId) -> Result<Option<Node>, TreeError> {
    let Some(root) = tree.root else {
        return Ok(None);
    };
    let node = value(tree, root, layer)?;
    Ok((!node.is_null()).then_some(node))
}

fn value(tree: &Tree, id: NodeId, layer: LayerId) -> Result<Node, TreeError> {
    let id = tree.resolve(id);
    let node = tree.node(id);
    let origin = Origin::new(layer, node.span());
    let kind = match &node.kind {
        NodeKind::Scalar { value, style, tag } => {
            let json = resolve(value, *style, tag.as_deref().map(String::as_str))
                .and_then(|s| s.to_json())
                .map_err(|message| TreeError {
                    span: node.span(),
                    message,
                })?;
            match json {
                serde_json::Value::Number(n) => Kind::Number(go_number(&n)),
                other => Node::from_json(&other, origin).kind,
            }
        }
        NodeKind::Sequence(items) => Kind::List(
            items
                .iter()
                .map(|&item| value(tree, item, layer))
                .collect::<Result<_, _>>()?,
        ),
        NodeKind::Mapping(_) => {
            let mut map = Map::new();
            for entry in entries(tree, id)?.keyed() {
                let (key, key_node, value_node) = entry?;
                let mut child = value(tree, value_node, layer)?;
                child.origin.key = Some(tree.node(key_node).span());
                map.insert(key.into_owned(), child);
            }
            Kind::Map(map)
        }
        NodeKind::Alias(target) => return value(tree, *target, layer),
    };
    Ok(Node::new(kind, origin))
}
