//! `diff --format json`: the changes between two configurations as data.
//!
//! It reads the same two views the human diff prints (the effective `customImage` block, or with
//! `--manifests` the objects `render` emits with the push secret decoded), so secrets are already
//! `sha256:<8 hex>` fingerprints there unless `--show-secrets`. One document:
//!
//! ```json
//! {"version": 1, "old": "deployed.yaml", "new": "values.yaml", "view": "values",
//!  "changed": true,
//!  "changes": [{"path": ["customImage", "pushRepo"], "change": "modified",
//!               "old": "docker.io/a/x", "new": "docker.io/a/y"}],
//!  "summary": {"added": 0, "removed": 0, "modified": 1},
//!  "diff": "--- deployed.yaml\n+++ values.yaml\n@@ …"}
//! ```
//!
//! A path is a list of keys (and array indices), not a dotted string: keys such as `config.yaml`,
//! `.dockerconfigjson` or `docker.io` contain dots. With `--manifests` each change also names its
//! object (`"object": "ConfigMap/primehub-controller-config"`), and a string holding a YAML
//! mapping (the controller's `config.yaml`) is compared key by key. `added`/`removed` carry only
//! `new`/`old`; a whole subtree added or removed is one change.

use serde_json::{json, Map, Value};

use crate::source::SourceFile;

/// What one change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Modified => "modified",
        }
    }
}

/// One changed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `Kind/name` of the object, for the manifests view.
    pub object: Option<String>,
    pub path: Vec<Value>,
    pub kind: ChangeKind,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// The changes from `old` to `new`, depth first, keys in `old`'s order then `new`'s new ones.
pub fn changes(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(None, &mut Vec::new(), Some(old), Some(new), &mut out);
    out
}

fn walk(
    object: Option<&str>,
    path: &mut Vec<Value>,
    old: Option<&Value>,
    new: Option<&Value>,
    out: &mut Vec<Change>,
) {
    let change = |kind, old: Option<&Value>, new: Option<&Value>, path: &[Value]| Change {
        object: object.map(str::to_string),
        path: path.to_vec(),
        kind,
        old: old.cloned(),
        new: new.cloned(),
    };
    match (old, new) {
        (None, None) => {}
        (None, Some(n)) => out.push(change(ChangeKind::Added, None, Some(n), path)),
        (Some(o), None) => out.push(change(ChangeKind::Removed, Some(o), None, path)),
        (Some(o), Some(n)) if o == n => {}
        (Some(Value::Object(o)), Some(Value::Object(n))) => {
            let keys = o.keys().chain(n.keys().filter(|k| !o.contains_key(*k)));
            for key in keys {
                path.push(Value::String(key.clone()));
                walk(object, path, o.get(key), n.get(key), out);
                path.pop();
            }
        }
        (Some(Value::Array(o)), Some(Value::Array(n))) => {
            for i in 0..o.len().max(n.len()) {
                path.push(Value::from(i));
                walk(object, path, o.get(i), n.get(i), out);
                path.pop();
            }
        }
        (Some(Value::String(o)), Some(Value::String(n))) => {
            // A string holding a YAML mapping on both sides (the controller's config.yaml):
            // compare what it says, not its text.
            match (yaml_mapping(o), yaml_mapping(n)) {
                (Some(o), Some(n)) => walk(object, path, Some(&o), Some(&n), out),
                _ => out.push(change(ChangeKind::Modified, old, new, path)),
            }
        }
        (Some(_), Some(_)) => out.push(change(ChangeKind::Modified, old, new, path)),
    }
}

/// `text` as a JSON object, when it is a multi-line YAML mapping.
fn yaml_mapping(text: &str) -> Option<Value> {
    if !text.contains('\n') {
        return None;
    }
    match crate::values::yaml::to_json(&SourceFile::new("", text)) {
        Ok(value @ Value::Object(_)) => Some(value),
        _ => None,
    }
}

/// The documents of a YAML stream (`---` lines), each parsed; unparsable ones as their text.
fn documents(stream: &str) -> Vec<Value> {
    let mut docs = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        if current.trim().is_empty() {
            current.clear();
            return;
        }
        let text = std::mem::take(current);
        docs.push(
            crate::values::yaml::to_json(&SourceFile::new("", text.as_str()))
                .unwrap_or(Value::String(text)),
        );
    };
    for line in stream.split_inclusive('\n') {
        if line.trim_end() == "---" {
            flush(&mut current);
        } else {
            current.push_str(line);
        }
    }
    flush(&mut current);
    docs
}

/// `Kind/name` of a manifest.
fn object_name(doc: &Value) -> String {
    format!(
        "{}/{}",
        doc["kind"].as_str().unwrap_or("?"),
        doc["metadata"]["name"].as_str().unwrap_or("?")
    )
}

/// The changes between two manifest streams, object by object (matched by kind and name).
pub fn manifest_changes(old: &str, new: &str) -> Vec<Change> {
    let (old, new) = (documents(old), documents(new));
    let mut names: Vec<String> = old.iter().map(object_name).collect();
    for name in new.iter().map(object_name) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let find = |docs: &[Value], name: &str| docs.iter().find(|d| object_name(d) == name).cloned();
    let mut out = Vec::new();
    for name in names {
        let (o, n) = (find(&old, &name), find(&new, &name));
        walk(
            Some(&name),
            &mut Vec::new(),
            o.as_ref(),
            n.as_ref(),
            &mut out,
        );
    }
    out
}

/// The changes between two values views (one YAML document each).
pub fn values_changes(old: &str, new: &str) -> Vec<Change> {
    let parse = |text: &str| documents(text).into_iter().next().unwrap_or(Value::Null);
    changes(&parse(old), &parse(new))
}

/// Which view a diff compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Values,
    Manifests,
}

/// The JSON document (not yet scrubbed: print it with `redact::print_json`, or as it is when
/// secrets were asked for).
pub fn document(names: (&str, &str), view: View, texts: (&str, &str), diff: &str) -> Value {
    let changes = match view {
        View::Values => values_changes(texts.0, texts.1),
        View::Manifests => manifest_changes(texts.0, texts.1),
    };
    let count = |kind| changes.iter().filter(|c| c.kind == kind).count();
    let summary = json!({
        "added": count(ChangeKind::Added),
        "removed": count(ChangeKind::Removed),
        "modified": count(ChangeKind::Modified),
    });
    let entries: Vec<Value> = changes
        .iter()
        .map(|c| {
            let mut entry = Map::new();
            if let Some(object) = &c.object {
                entry.insert("object".into(), Value::String(object.clone()));
            }
            entry.insert("path".into(), Value::Array(c.path.clone()));
            entry.insert("change".into(), Value::String(c.kind.as_str().into()));
            if let Some(old) = &c.old {
                entry.insert("old".into(), old.clone());
            }
            if let Some(new) = &c.new {
                entry.insert("new".into(), new.clone());
            }
            Value::Object(entry)
        })
        .collect();
    json!({
        "version": 1,
        "old": names.0,
        "new": names.1,
        "view": match view { View::Values => "values", View::Manifests => "manifests" },
        // The texts differ exactly when there is a diff; a change only of layout still counts.
        "changed": !diff.is_empty(),
        "changes": entries,
        "summary": summary,
        "diff": diff,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_changes_are_listed_with_their_paths() {
        let old = json!({"a": {"b": 1, "c": [1, 2]}, "gone": "x"});
        let new = json!({"a": {"b": 2, "c": [1]}, "fresh": {"y": true}});
        let found: Vec<(Vec<Value>, &str)> = changes(&old, &new)
            .iter()
            .map(|c| (c.path.clone(), c.kind.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (vec![json!("a"), json!("b")], "modified"),
                (vec![json!("a"), json!("c"), json!(1)], "removed"),
                (vec![json!("gone")], "removed"),
                (vec![json!("fresh")], "added"),
            ]
        );
    }

    #[test]
    fn a_yaml_mapping_inside_a_string_is_compared_by_key() {
        let old = "---\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  config.yaml: |-\n    customImage:\n      pushRepo: a\n      x: 1\n";
        let new = old.replace("pushRepo: a", "pushRepo: b");
        let found = manifest_changes(old, &new);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].object.as_deref(), Some("ConfigMap/cfg"));
        assert_eq!(
            found[0].path,
            [
                json!("data"),
                json!("config.yaml"),
                json!("customImage"),
                json!("pushRepo")
            ]
        );
        assert_eq!(
            (found[0].old.clone(), found[0].new.clone()),
            (Some(json!("a")), Some(json!("b")))
        );
    }

    #[test]
    fn an_object_present_on_one_side_only_is_one_change() {
        let old = "---\nkind: Secret\nmetadata:\n  name: s\ntype: x\n---\nkind: ConfigMap\nmetadata:\n  name: c\n";
        let new = "---\nkind: ConfigMap\nmetadata:\n  name: c\n";
        let found = manifest_changes(old, new);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, ChangeKind::Removed);
        assert_eq!(found[0].object.as_deref(), Some("Secret/s"));
        assert!(found[0].path.is_empty());
    }
}
