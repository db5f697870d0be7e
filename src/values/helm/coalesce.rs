//! Layering values as Helm does, in two steps with different rules for `null`:
//!
//! 1. [`merge_maps`] (Helm's `MergeMaps`): the `-f` files in order, each over the previous
//!    ones. Maps merge key by key; anything else (a scalar, a list, a `null`) replaces what was
//!    there. A `null` here is a value like any other: it stays, to be looked at in step 2.
//! 2. [`coalesce`] (Helm's `CoalesceValues` for a chart without subcharts): the user's values
//!    over the chart's defaults. The user's values win; maps merge; a user's `null` deletes
//!    the key when the chart has a value there (at the top level: whenever the chart has the
//!    key, even with `null`). A `null` the chart has no value for stays `null`
//!    (`customImage.enabled: null`). The chart's own `null`s are dropped (in maps, not in
//!    lists) unless the user writes `null` there too, as Helm 4 does (Helm 3 kept them; the
//!    `customImage` defaults have none). A user's scalar over a chart's map (or the reverse)
//!    keeps the user's value.

use super::{Kind, Map, Node, Origin};

/// A key that a `null` deleted from the effective values, and where that `null` was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub path: Vec<String>,
    pub origin: Origin,
}

/// Helm's `MergeMaps`: `b` over `a`.
pub fn merge_maps(mut a: Map, b: Map) -> Map {
    for (key, value) in b {
        match (a.remove(&key), value) {
            (
                Some(Node {
                    kind: Kind::Map(old),
                    ..
                }),
                Node {
                    kind: Kind::Map(new),
                    origin,
                },
            ) => {
                a.insert(key, Node::new(Kind::Map(merge_maps(old, new)), origin));
            }
            (_, value) => {
                a.insert(key, value);
            }
        }
    }
    a
}

/// Helm's `CoalesceValues`: `user` over the chart's `defaults`. Returns the effective values
/// and the keys a `null` deleted.
pub fn coalesce(defaults: &Map, mut user: Map) -> (Map, Vec<Deletion>) {
    let mut deleted = Vec::new();
    for (key, default) in defaults {
        match user.get_mut(key) {
            Some(value) if value.is_null() => {
                deleted.push(Deletion {
                    path: vec![key.clone()],
                    origin: value.origin,
                });
                user.remove(key);
            }
            Some(Node {
                kind: Kind::Map(dst),
                ..
            }) => {
                if let Kind::Map(src) = &default.kind {
                    let mut path = vec![key.clone()];
                    coalesce_tables(dst, &without_nulls(src), &mut path, &mut deleted);
                }
            }
            Some(_) => {}
            None if default.is_null() => {}
            None => {
                let mut default = default.clone();
                if let Kind::Map(map) = &default.kind {
                    default.kind = Kind::Map(without_nulls(map));
                }
                user.insert(key.clone(), default);
            }
        }
    }
    (user, deleted)
}

/// The chart's defaults without their `null`s (in maps, recursively; lists are kept as they
/// are).
fn without_nulls(map: &Map) -> Map {
    map.iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let mut v = v.clone();
            if let Kind::Map(inner) = &v.kind {
                v.kind = Kind::Map(without_nulls(inner));
            }
            (k.clone(), v)
        })
        .collect()
}

/// Helm's `coalesceTablesFullKey` (coalescing, not merging): `src` (chart defaults) into
/// `dst` (the user's values), `dst` winning.
fn coalesce_tables(dst: &mut Map, src: &Map, path: &mut Vec<String>, deleted: &mut Vec<Deletion>) {
    // The user's nulls: a deletion where the chart has a non-null value, kept otherwise.
    let nulls: Vec<String> = dst
        .iter()
        .filter(|(_, v)| v.is_null())
        .map(|(k, _)| k.clone())
        .collect();
    let mut removed = Vec::new();
    for key in nulls {
        if src.get(&key).is_some_and(|v| !v.is_null()) {
            if let Some(node) = dst.remove(&key) {
                path.push(key.clone());
                deleted.push(Deletion {
                    path: path.clone(),
                    origin: node.origin,
                });
                path.pop();
                removed.push(key);
            }
        }
    }
    for (key, default) in src {
        match dst.get_mut(key) {
            None => {
                // Not deleted above (that removed only keys the chart has a value for).
                if !removed.contains(key) {
                    dst.insert(key.clone(), default.clone());
                }
            }
            Some(Node {
                kind: Kind::Map(inner),
                ..
            }) => {
                if let Kind::Map(src_inner) = &default.kind {
                    path.push(key.clone());
                    coalesce_tables(inner, src_inner, path, deleted);
                    path.pop();
                }
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn map(value: Value, layer: usize) -> Map {
        match Node::from_json(&value, Origin::new(layer, Default::default())).kind {
            Kind::Map(m) => m,
            _ => unreachable!(),
        }
    }

    fn json_of(map: &Map) -> Value {
        Node::new(Kind::Map(map.clone()), Origin::default()).to_json()
    }

    #[test]
    fn later_files_win_and_maps_merge() {
        let merged = merge_maps(
            map(json!({"a": {"b": 1, "c": [1]}, "d": {"x": 1}}), 1),
            map(json!({"a": {"c": [2], "n": null}, "d": "s"}), 2),
        );
        assert_eq!(
            json_of(&merged),
            json!({"a": {"b": 1, "c": [2], "n": null}, "d": "s"})
        );
        assert_eq!(merged["a"].as_map().unwrap()["b"].origin.layer, 1);
        assert_eq!(merged["a"].as_map().unwrap()["c"].origin.layer, 2);
    }

    #[test]
    fn null_deletes_a_default_and_stays_elsewhere() {
        let defaults = map(
            json!({"custom_image": {"push": "p", "skip": false, "job": {"tag": "v"}, "nul": null},
                   "top": null, "keep": 1, "chart": {"n": null, "l": [null]}, "gone": null}),
            0,
        );
        let user = map(
            json!({"custom_image": {"push": null, "enabled": null, "job": null, "nul": null},
                   "top": null, "new": null}),
            2,
        );
        let (values, deleted) = coalesce(&defaults, user);
        assert_eq!(
            json_of(&values),
            json!({"custom_image": {"skip": false, "enabled": null, "nul": null}, "keep": 1, "new": null,
                   "chart": {"l": [null]}})
        );
        let paths: Vec<String> = deleted.iter().map(|d| d.path.join(".")).collect();
        assert_eq!(paths, ["custom_image.job", "custom_image.push", "top"]);
        assert!(deleted.iter().all(|d| d.origin.layer == 2));
    }

    #[test]
    fn a_users_scalar_over_a_chart_map_wins() {
        let defaults = map(json!({"custom_image": {"job": {"tag": "v"}}, "s": "x"}), 0);
        let user = map(json!({"custom_image": {"job": "flat"}, "s": {"m": 1}}), 1);
        let (values, _) = coalesce(&defaults, user);
        assert_eq!(
            json_of(&values),
            json!({"custom_image": {"job": "flat"}, "s": {"m": 1}})
        );
    }
}
