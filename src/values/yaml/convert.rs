//! From the node tree to the JSON Helm would hold: scalars typed as YAML 1.1 (`resolve`),
//! aliases expanded, merge keys (`<<`) applied as go-yaml v2 applies them, a key written twice
//! keeping its last value. Optionally records where each dotted path was written.
//!
//! go-yaml v2 applies a merge where it stands: keys written after `<<` override the merged
//! ones, keys written before it are overridden; in a list of merged mappings the earlier
//! mappings win. The tree's bounds make the recursion here shallow and the expansion small.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::{BuildHasher, RandomState};

use hashbrown::HashTable;

use serde_json::{Map, Value};

use super::resolve::{resolve, Scalar};
use super::schema::key_at;
use super::tree::{narrow, NodeId, NodeKind, Tree, TreeError};
use crate::source::Span;

/// Where each dotted path of a subtree was written (`customImage.buildJob.image.tag`).
#[derive(Debug, Default)]
pub struct Locations {
    pub values: BTreeMap<String, Span>,
    pub keys: BTreeMap<String, Span>,
    /// Unknown keys left out of the conversion (see [`Converter::checked`]).
    pub unknown_omitted: usize,
}

pub struct Converter<'t, 'a> {
    tree: &'t Tree<'a>,
    /// Filled when recording; `path` is the dotted path of the node being converted.
    locations: Option<Locations>,
    path: String,
    /// The schema of the node being converted, when unknown keys are bounded.
    schema: Option<&'static Value>,
    /// How many unknown keys a mapping keeps, when unknown keys are bounded.
    keep_unknown: usize,
}

impl<'t, 'a> Converter<'t, 'a> {
    pub fn new(tree: &'t Tree<'a>) -> Self {
        Converter {
            tree,
            locations: None,
            path: String::new(),
            schema: None,
            keep_unknown: usize::MAX,
        }
    }

    /// A converter that records the span of every key and value below `path`.
    pub fn recording(tree: &'t Tree<'a>, path: &str) -> Self {
        Converter {
            locations: Some(Locations::default()),
            path: path.to_string(),
            ..Converter::new(tree)
        }
    }

    /// [`Converter::recording`] of a subtree the schema `at` describes, in which each mapping
    /// keeps its first `keep` keys the schema refuses (with their subtrees) and only counts the
    /// others, in [`Locations::unknown_omitted`]: they would all be removed and reported past
    /// the findings cap anyway, and a block of 50,000 unknown keys held each as JSON, and its
    /// key and value spans, at several hundred bytes a key.
    pub fn checked(tree: &'t Tree<'a>, path: &str, at: &'static Value, keep: usize) -> Self {
        Converter {
            schema: Some(at),
            keep_unknown: keep,
            ..Converter::recording(tree, path)
        }
    }

    pub fn into_locations(self) -> Locations {
        self.locations.unwrap_or_default()
    }

    /// The JSON form of node `id`.
    pub fn value(&mut self, id: NodeId) -> Result<Value, TreeError> {
        let tree = self.tree;
        let id = tree.resolve(id);
        let node = tree.node(id);
        match &node.kind {
            NodeKind::Scalar { value, style, tag } => {
                resolve(value, *style, tag.as_deref().map(String::as_str))
                    .and_then(|s| s.to_json())
                    .map_err(|message| TreeError {
                        span: node.span(),
                        message,
                    })
            }
            NodeKind::Sequence(items) => {
                // The schema's lists hold strings: no unknown key below one.
                let here = self.schema.take();
                let mut out = Vec::with_capacity(items.len());
                for (index, &item) in items.iter().enumerate() {
                    let segment = match self.locations {
                        Some(_) => index.to_string(),
                        None => String::new(),
                    };
                    let len = self.enter(&segment, None, item);
                    let value = self.value(item);
                    self.path.truncate(len);
                    out.push(value?);
                }
                self.schema = here;
                Ok(Value::Array(out))
            }
            NodeKind::Mapping(_) => {
                let here = self.schema;
                let mut out = Map::new();
                let (mut unknown_kept, mut omitted) = (0, 0);
                // Each key once (`entries` keeps a key written twice once, with its last value).
                for entry in entries(tree, id)?.keyed() {
                    let (key, key_node, value_node) = entry?;
                    let (unknown, sub) = here.map_or((false, None), |at| key_at(at, &key));
                    if unknown {
                        if unknown_kept == self.keep_unknown {
                            omitted += 1;
                            continue;
                        }
                        unknown_kept += 1;
                    }
                    self.schema = sub;
                    let len = self.enter(&key, Some(key_node), value_node);
                    let value = self.value(value_node);
                    self.path.truncate(len);
                    self.schema = here;
                    out.insert(key.into_owned(), value?);
                }
                if let Some(locations) = &mut self.locations {
                    locations.unknown_omitted += omitted;
                }
                Ok(Value::Object(out))
            }
            NodeKind::Alias(target) => self.value(*target),
        }
    }

    /// Extends the path by `segment` and records where it was written; returns the length to
    /// truncate the path back to.
    fn enter(&mut self, segment: &str, key: Option<NodeId>, value: NodeId) -> usize {
        let len = self.path.len();
        let Some(locations) = &mut self.locations else {
            return len;
        };
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(segment);
        let value_span = self.tree.node(self.tree.resolve(value)).span();
        locations.values.insert(self.path.clone(), value_span);
        if let Some(key) = key {
            locations
                .keys
                .insert(self.path.clone(), self.tree.node(key).span());
        }
        len
    }
}

/// The string a key node becomes in Helm's values, or why it has none.
pub fn key_string<'t>(tree: &'t Tree<'_>, key: NodeId) -> Result<Cow<'t, str>, TreeError> {
    let node = tree.node(tree.resolve(key));
    let fail = |what: &str| TreeError {
        span: tree.node(key).span(),
        message: format!("{what} cannot be a key in Helm values"),
    };
    match &node.kind {
        NodeKind::Scalar { value, style, tag } => {
            let scalar =
                resolve(value, *style, tag.as_deref().map(String::as_str)).map_err(|message| {
                    TreeError {
                        span: node.span(),
                        message,
                    }
                })?;
            match scalar {
                // Keep the borrow from the tree for the common case.
                Scalar::Str(Cow::Borrowed(s)) => Ok(Cow::Borrowed(s)),
                other => other
                    .key_string()
                    .map(|k| Cow::Owned(k.into_owned()))
                    .map_err(|what| fail(&what)),
            }
        }
        NodeKind::Sequence(_) => Err(fail("a list")),
        NodeKind::Mapping(_) => Err(fail("a mapping")),
        NodeKind::Alias(target) => key_string(tree, *target),
    }
}

/// Whether a key node is the merge key: a plain `<<`, or one tagged `!!merge`.
pub fn is_merge_key(tree: &Tree<'_>, key: NodeId) -> bool {
    match &tree.node(key).kind {
        NodeKind::Scalar { value, style, tag } => {
            value == "<<"
                && match tag.as_deref().map(String::as_str) {
                    None => *style == saphyr_parser::ScalarStyle::Plain,
                    Some(tag) => tag == "tag:yaml.org,2002:merge",
                }
        }
        _ => false,
    }
}

/// The entries of mapping `id` after merges, each key once (its last value), in order of first
/// appearance.
pub fn entries<'t, 'a>(tree: &'t Tree<'a>, id: NodeId) -> Result<Entries<'t, 'a>, TreeError> {
    let NodeKind::Mapping(pairs) = &tree.node(id).kind else {
        return Ok(Entries {
            tree,
            pairs: Cow::Borrowed(&[]),
        });
    };
    let mut collector = Collector {
        tree,
        pairs,
        copied: None,
        len: 0,
        seen: HashTable::with_capacity(pairs.len()),
        state: RandomState::new(),
    };
    collector.collect(id)?;
    Ok(Entries {
        tree,
        pairs: collector.copied.map_or(Cow::Borrowed(pairs), Cow::Owned),
    })
}

/// A mapping's entries after merges (see [`entries`]): key and value nodes, borrowed from the
/// tree when the mapping has no merge key and no key written twice, which is nearly always. A
/// block of 80,000 keys then costs no copy, only `entries`' passing table of 4-byte indices.
pub struct Entries<'t, 'a> {
    tree: &'t Tree<'a>,
    pairs: Cow<'t, [(NodeId, NodeId)]>,
}

impl<'t> Entries<'t, '_> {
    /// Each entry with the key as Helm sees it (its [`key_string`], which `entries` has read
    /// once already).
    pub fn keyed(self) -> impl Iterator<Item = Result<(Cow<'t, str>, NodeId, NodeId), TreeError>> {
        let Entries { tree, pairs } = self;
        (0..pairs.len()).map(move |i| {
            let (key, value) = pairs[i];
            key_string(tree, key).map(|name| (name, key, value))
        })
    }
}

/// Walks a mapping and its merge sources, keeping each key once.
struct Collector<'t, 'a> {
    tree: &'t Tree<'a>,
    /// The pairs of the mapping asked for: while nothing is `copied`, the entries so far are
    /// its first `len` pairs.
    pairs: &'t [(NodeId, NodeId)],
    /// The entries so far, once they differ from the pairs as written (a merge, or a key
    /// written twice).
    copied: Option<Vec<(NodeId, NodeId)>>,
    len: usize,
    /// The index of every entry so far, by the hash of its key (SipHash with a random key:
    /// the keys are untrusted input).
    seen: HashTable<u32>,
    state: RandomState,
}

impl Collector<'_, '_> {
    fn collect(&mut self, id: NodeId) -> Result<(), TreeError> {
        let tree = self.tree;
        let NodeKind::Mapping(pairs) = &tree.node(id).kind else {
            return Ok(());
        };
        for &(key, value) in pairs {
            if is_merge_key(tree, key) {
                self.copy();
                for source in merge_sources(tree, value)? {
                    self.collect(source)?;
                }
                continue;
            }
            let name = key_string(tree, key)?;
            self.add(&name, key, value);
        }
        Ok(())
    }

    fn add(&mut self, name: &str, key: NodeId, value: NodeId) {
        let Collector {
            tree,
            pairs,
            copied,
            len,
            seen,
            state,
        } = self;
        let key_of = |i: u32| match copied.as_deref() {
            Some(copied) => copied[i as usize].0,
            None => pairs[i as usize].0,
        };
        let hash = state.hash_one(name);
        let found = seen
            .find(hash, |&i| {
                key_string(tree, key_of(i)).is_ok_and(|k| k == name)
            })
            .copied();
        match found {
            Some(i) => self.copy()[i as usize] = (key, value),
            None => {
                // The keys seen were all read without error; a hash of 0 could only slow the
                // table down.
                let rehash = |&i: &u32| {
                    key_string(tree, key_of(i)).map_or(0, |k| state.hash_one(k.as_ref()))
                };
                seen.insert_unique(hash, narrow(*len), rehash);
                if let Some(copied) = copied {
                    copied.push((key, value));
                }
                *len += 1;
            }
        }
    }

    /// The entries so far as a list of their own, from here on.
    fn copy(&mut self) -> &mut Vec<(NodeId, NodeId)> {
        let (pairs, len) = (self.pairs, self.len);
        self.copied.get_or_insert_with(|| pairs[..len].to_vec())
    }
}

/// The mappings a `<<` value merges, in the order they are applied (the last applied wins):
/// a mapping, or a list of mappings of which the earlier win. Anything else Helm refuses.
pub fn merge_sources(tree: &Tree<'_>, value: NodeId) -> Result<Vec<NodeId>, TreeError> {
    let fail = || TreeError {
        span: tree.node(value).span(),
        message: "a merge key `<<` needs a mapping or a list of mappings as its value".to_string(),
    };
    let target = tree.resolve(value);
    match &tree.node(target).kind {
        NodeKind::Mapping(_) => Ok(vec![target]),
        NodeKind::Sequence(items) => items
            .iter()
            .rev()
            .map(|&item| {
                let item = tree.resolve(item);
                match tree.node(item).kind {
                    NodeKind::Mapping(_) => Ok(item),
                    _ => Err(fail()),
                }
            })
            .collect(),
        _ => Err(fail()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn to_json(text: &str) -> Value {
        let tree = Tree::parse(text).unwrap();
        Converter::new(&tree).value(tree.root.unwrap()).unwrap()
    }

    #[test]
    fn aliases_expand_and_the_last_duplicate_wins() {
        assert_eq!(
            to_json("a: &x {b: 1}\nc: *x\nd: 1\nd: 2\n"),
            json!({"a": {"b": 1}, "c": {"b": 1}, "d": 2})
        );
    }

    #[test]
    fn a_key_written_twice_keeps_its_first_place_and_its_last_value() {
        let value = to_json("a: 1\nb: 2\na: 3\nc: 4\n");
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(value, json!({"a": 3, "b": 2, "c": 4}));
    }

    #[test]
    fn a_merge_larger_than_the_mapping_it_lands_in_keeps_every_key_once() {
        // The dedup table is sized for the mapping's own pairs (one here) and grows.
        let keys: Vec<String> = (0..40).map(|i| format!("k{i}: {i}")).collect();
        let text = format!(
            "base: &b {{{}}}\nm: {{<<: *b, k7: x, k39: z}}\n",
            keys.join(", ")
        );
        let m = &to_json(&text)["m"];
        assert_eq!(m.as_object().unwrap().len(), 40);
        assert_eq!(
            (&m["k0"], &m["k7"], &m["k39"]),
            (&json!(0), &json!("x"), &json!("z"))
        );
    }

    #[test]
    fn merge_keys_apply_where_they_stand() {
        // (not `y` or `n`: in YAML 1.1 those are the boolean keys "true" and "false")
        let text = "base: &b {a: 1, b: 1}\nother: &o {b: 2, c: 2}\n\
                    m: {a: 0, <<: *b, b: 3}\nk: {<<: [*o, *b]}\n";
        assert_eq!(
            to_json(text)["m"],
            json!({"a": 1, "b": 3}),
            "a key before `<<` is overridden, one after it wins"
        );
        assert_eq!(to_json(text)["k"], json!({"a": 1, "b": 2, "c": 2}));
        // A quoted "<<" is an ordinary key.
        assert_eq!(to_json("'<<': 1\n"), json!({"<<": 1}));
    }

    #[test]
    fn keys_are_typed_like_helm() {
        assert_eq!(to_json("on: 1\n010: 2\n"), json!({"true": 1, "8": 2}));
        let tree = Tree::parse("? [a]\n: 1\n").unwrap();
        let err = Converter::new(&tree).value(tree.root.unwrap()).unwrap_err();
        assert!(err.message.contains("a list cannot be a key"), "{err:?}");
    }

    #[test]
    fn merging_a_scalar_is_refused() {
        let tree = Tree::parse("a: {<<: 1}\n").unwrap();
        assert!(Converter::new(&tree).value(tree.root.unwrap()).is_err());
    }

    #[test]
    fn recording_gives_dotted_paths() {
        let text = "ci:\n  job:\n    cpu: 2\n  list: [a]\n";
        let tree = Tree::parse(text).unwrap();
        let mut conv = Converter::recording(&tree, "");
        conv.value(tree.root.unwrap()).unwrap();
        let loc = conv.into_locations();
        let at = |s: Span| &text[s.offset..s.end()];
        assert_eq!(at(loc.values["ci.job.cpu"]), "2");
        assert_eq!(at(loc.keys["ci.job.cpu"]), "cpu");
        assert_eq!(at(loc.values["ci.list.0"]), "a");
        assert_eq!(at(loc.values["ci.list"]), "[a]");
    }
}
