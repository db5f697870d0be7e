//! Helm's effective values: what the chart's templates see after `helm install -f a.yaml
//! -f b.yaml --set …` (SPEC §9).
//!
//! - [`strvals`]: the `--set` family (`--set`, `--set-string`, `--set-json`, `--set-literal`,
//!   `--set-file`), parsed by Helm's `strvals` rules, written into the values built so far.
//! - [`json`]: the JSON reader `--set-json` uses, with Go's `encoding/json` decoder's idea of
//!   where a value ends.
//! - [`coalesce`]: layering `-f` files (Helm's `MergeMaps`) and coalescing the result over the
//!   chart's defaults (Helm's `CoalesceValues`: maps merge, scalars and lists replace, `null`
//!   deletes a default).
//! - [`layers`]: one layered input (`-f` files, `--set*` flags, chart defaults) to [`Effective`].
//! - [`fullname`]: the chart's `primehub.fullname` helper and the object names built from it.
//!
//! The data model: a values tree of [`Node`]s, each carrying the [`Origin`] of the value that
//! won: which layer (a values file, a `.env` file, one `--set` argument, the chart defaults)
//! and where in it (a byte span of that layer's text). Helm's maps are unordered (its `toYaml`
//! and `toJson` sort keys), so maps are `BTreeMap`s. Keys removed by a `null` are remembered in
//! [`Effective::deleted`] with the origin of that `null`.
//!
//! How the rest of the tool uses it: [`Effective::to_json`] is exactly what Helm's templates
//! read, so the controller config map is rendered from `customImage` of it (nulls and string
//! types kept). The typed [`crate::values::CustomImage`] and [`crate::values::LocatedValues`]
//! are built from the `customImage` subtree by [`Effective::located`]: spans are those of the
//! winning values, and [`LayeredLocations`] says for every dotted path which layer a span
//! belongs to, so a finding names the file, line and column of the value that won (for a
//! deleted key: the `null` that deleted it).

pub mod coalesce;
pub mod fullname;
pub mod json;
pub mod layers;
pub mod strvals;
pub mod typed;

use std::collections::BTreeMap;

use serde_json::{Number, Value};

use crate::source::Span;

pub use fullname::{fullname, ObjectNames};
pub use layers::{Effective, LayerSource, LayeredInput, LayeredLocations};
pub use strvals::SetKind;

/// Which layer a value came from: an index into the layer list of a [`LayeredInput`]
/// ([`CHART_DEFAULTS`] is always layer 0).
pub type LayerId = usize;

/// The layer of the chart's own `values.yaml`.
pub const CHART_DEFAULTS: LayerId = 0;

/// The bundled defaults: the PrimeHub chart's `values.yaml`.
pub const BUNDLED_CHART_VALUES: &str = include_str!("../../../fixtures/values/chart-values.yaml");

/// Where a value was written: its layer, the span of the value in that layer's text, and the
/// span of its key when it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Origin {
    pub layer: LayerId,
    pub span: Span,
    pub key: Option<Span>,
}

impl Origin {
    pub fn new(layer: LayerId, span: Span) -> Origin {
        Origin {
            layer,
            span,
            key: None,
        }
    }

    pub fn with_key(mut self, key: Span) -> Origin {
        self.key = Some(key);
        self
    }
}

/// A map of values, sorted by key as Helm prints it.
pub type Map = BTreeMap<String, Node>;

/// One value of the tree, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub origin: Origin,
}

/// A value as Helm holds it (`map[string]interface{}` and friends).
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    List(Vec<Node>),
    Map(Map),
}

impl Node {
    pub fn new(kind: Kind, origin: Origin) -> Node {
        Node { kind, origin }
    }

    pub fn null(origin: Origin) -> Node {
        Node::new(Kind::Null, origin)
    }

    pub fn string(s: impl Into<String>, origin: Origin) -> Node {
        Node::new(Kind::String(s.into()), origin)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    pub fn as_map(&self) -> Option<&Map> {
        match &self.kind {
            Kind::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The node at `path` below this one (map keys only).
    pub fn get(&self, path: &[&str]) -> Option<&Node> {
        let mut node = self;
        for key in path {
            node = node.as_map()?.get(*key)?;
        }
        Some(node)
    }

    /// The JSON Helm's `toJson` would print (keys sorted).
    pub fn to_json(&self) -> Value {
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => Value::Number(n.clone()),
            Kind::String(s) => Value::String(s.clone()),
            Kind::List(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    /// A tree from JSON, every node with the same origin.
    pub fn from_json(value: &Value, origin: Origin) -> Node {
        let kind = match value {
            Value::Null => Kind::Null,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(n) => Kind::Number(go_number(n)),
            Value::String(s) => Kind::String(s.clone()),
            Value::Array(items) => Kind::List(
                items
                    .iter()
                    .map(|item| Node::from_json(item, origin))
                    .collect(),
            ),
            Value::Object(map) => Kind::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), Node::from_json(v, origin)))
                    .collect(),
            ),
        };
        Node::new(kind, origin)
    }
}

/// A number as Helm holds one read from YAML or JSON: a float64. Integers that a float64 holds
/// exactly stay integers here (Go prints them without a fraction either way); larger ones
/// become the float Go would hold.
pub fn go_number(n: &Number) -> Number {
    const EXACT: u64 = 1 << 53;
    if let Some(i) = n.as_i64() {
        if i.unsigned_abs() <= EXACT {
            return n.clone();
        }
    } else if let Some(u) = n.as_u64() {
        if u <= EXACT {
            return n.clone();
        }
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.fract() == 0.0 && f.abs() <= EXACT as f64 {
        return Number::from(f as i64);
    }
    Number::from_f64(f).unwrap_or_else(|| n.clone())
}

/// A path for messages: `customImage.buildJob.image.tag`.
pub fn dotted(path: &[String]) -> String {
    path.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_are_held_as_go_holds_them() {
        assert_eq!(go_number(&Number::from(5)), Number::from(5));
        let big: Number = serde_json::from_str("12345678901234567890").unwrap();
        assert_eq!(go_number(&big).as_f64(), Some(12345678901234567890.0));
        let one: Number = serde_json::from_str("1.0").unwrap();
        assert_eq!(go_number(&one), Number::from(1));
        let half: Number = serde_json::from_str("0.5").unwrap();
        assert_eq!(go_number(&half).as_f64(), Some(0.5));
    }

    #[test]
    fn json_round_trips() {
        let value = json!({"b": [1, null, "x"], "a": {"c": true}});
        let node = Node::from_json(&value, Origin::default());
        assert_eq!(node.to_json(), value);
        assert_eq!(
            node.get(&["a", "c"]).map(|n| n.kind.clone()),
            Some(Kind::Bool(true))
        );
    }
}
