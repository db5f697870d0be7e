//! Checking a values document against the checked-in JSON Schema
//! (`schemas/customimage.schema.json`, the same file `customimage schema` prints and Helm or an
//! editor would use), and saying what was wrong at which dotted path.
//!
//! Unknown keys are taken out first, with a suggestion, so that one typo is one `unknown-key`
//! finding (not also a `schema` one) and does not hide the rest of the block from the rules.

use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::paths::LocationSegment;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

const SCHEMA_TEXT: &str = include_str!("../../../schemas/customimage.schema.json");

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    // The checked-in file is tested to be what the types generate: a broken one is a bug to
    // stop at, never a reason to accept everything.
    SCHEMA.get_or_init(|| {
        serde_json::from_str(SCHEMA_TEXT)
            .expect("schemas/customimage.schema.json (embedded) is valid JSON")
    })
}

fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        jsonschema::validator_for(schema())
            .expect("schemas/customimage.schema.json (embedded) is a valid JSON Schema")
    })
}

/// A key the schema does not allow where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// Dotted path of the key itself (`customImage.pushRepoPerfix`).
    pub path: String,
    pub key: String,
    /// The allowed key it most likely meant.
    pub suggestion: Option<&'static str>,
}

/// A value of the wrong type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    /// Dotted path of the value (empty for the document itself).
    pub path: String,
    /// The JSON types the schema allows there, `null` left out unless it is the only one.
    pub expected: Vec<&'static str>,
    /// The JSON type of the value as Helm reads it.
    pub found: &'static str,
    /// The validator's own message, for a violation that is not about types.
    pub other: Option<String>,
}

/// Removes every key of `instance` that the schema does not allow (objects with
/// `additionalProperties: false`), and says which ones were removed.
pub fn strip_unknown_keys(instance: &mut Value) -> Vec<UnknownKey> {
    strip_unknown_keys_capped(instance, usize::MAX).shown
}

/// The unknown keys [`strip_unknown_keys_capped`] removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stripped {
    /// The first ones, in order, each with its suggestion.
    pub shown: Vec<UnknownKey>,
    /// Past the cap: the first one left out (without a suggestion) and how many were.
    pub more: Option<(UnknownKey, usize)>,
}

/// [`strip_unknown_keys`] that describes only the first `keep` keys, and only counts the rest:
/// a block of a million unknown keys costs neither a million paths nor a million suggestions.
pub fn strip_unknown_keys_capped(instance: &mut Value, keep: usize) -> Stripped {
    let mut out = Stripped::default();
    strip(instance, schema(), &mut String::new(), keep, &mut out);
    out
}

fn strip(
    value: &mut Value,
    at: &'static Value,
    path: &mut String,
    keep: usize,
    out: &mut Stripped,
) {
    let Value::Object(map) = value else {
        return;
    };
    let unknown = |key: &str| key_at(at, key).0;
    let mut any = false;
    for key in map.keys().filter(|k| unknown(k)) {
        any = true;
        if out.shown.len() < keep {
            let names = object_schema(at)
                .and_then(|o| o.get("properties"))
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|p| p.keys().map(String::as_str));
            out.shown.push(UnknownKey {
                path: join(path, key),
                suggestion: crate::suggest::closest(key, names),
                key: key.clone(),
            });
        } else if let Some((_, count)) = &mut out.more {
            *count += 1;
        } else {
            let first = UnknownKey {
                path: join(path, key),
                suggestion: None,
                key: key.clone(),
            };
            out.more = Some((first, 1));
        }
    }
    // One pass: removing keys one by one from an ordered map shifts the rest each time,
    // quadratic in the number of unknown keys.
    if any {
        map.retain(|k, _| !unknown(k));
    }
    for (key, child) in map.iter_mut() {
        if let (_, Some(sub)) = key_at(at, key) {
            let len = path.len();
            *path = join(path, key);
            strip(child, sub, path, keep, out);
            path.truncate(len);
        }
    }
}

/// Every type violation in `instance`, at the deepest path that explains it.
pub fn type_errors(instance: &Value) -> Vec<TypeError> {
    let validator = validator();
    let mut out = Vec::new();
    for error in validator.iter_errors(instance) {
        leaves(&error, &mut out);
    }
    out.dedup();
    out
}

/// An `anyOf` (how an optional field is written) fails as a whole; the useful error is inside
/// the branch that got further into the value.
fn leaves(error: &ValidationError<'_>, out: &mut Vec<TypeError>) {
    let segments = segments(error);
    if let ValidationErrorKind::AnyOf { context } = error.kind() {
        let deeper: Vec<&ValidationError<'_>> = context
            .iter()
            .flatten()
            .filter(|e| self::segments(e).len() > segments.len())
            .collect();
        if !deeper.is_empty() {
            deeper.into_iter().for_each(|e| leaves(e, out));
            return;
        }
    }
    let other = match error.kind() {
        ValidationErrorKind::Type { .. } | ValidationErrorKind::AnyOf { .. } => None,
        _ => Some(error.to_string()),
    };
    out.push(TypeError {
        path: segments.join("."),
        expected: expected_types(&segments),
        found: json_type(error.instance()),
        other,
    });
}

fn segments(error: &ValidationError<'_>) -> Vec<String> {
    error
        .instance_path()
        .segments()
        .map(|s| match s {
            LocationSegment::Property(p) => p.to_string(),
            LocationSegment::Index(i) => i.to_string(),
        })
        .collect()
}

/// The types the schema allows at a dotted path.
fn expected_types(segments: &[String]) -> Vec<&'static str> {
    let mut at = schema();
    for segment in segments {
        let Some(next) = object_schema(at)
            .and_then(|o| o.get("properties"))
            .and_then(|p| p.get(segment))
        else {
            return Vec::new();
        };
        at = next;
    }
    let mut types = Vec::new();
    collect_types(at, &mut types);
    if types.len() > 1 {
        types.retain(|t| *t != "null");
    }
    types
}

fn collect_types(at: &'static Value, types: &mut Vec<&'static str>) {
    let at = deref(at);
    match at.get("type") {
        Some(Value::String(t)) => types.push(t),
        Some(Value::Array(ts)) => types.extend(ts.iter().filter_map(Value::as_str)),
        _ => {}
    }
    for branch in ["anyOf", "oneOf"]
        .iter()
        .filter_map(|k| at.get(*k).and_then(Value::as_array))
        .flatten()
    {
        collect_types(branch, types);
    }
    types.dedup();
}

/// The schema of the `customImage` block.
pub fn custom_image_schema() -> Option<&'static Value> {
    schema().get("properties")?.get("customImage")
}

/// What the (sub)schema `at` says of `key` in an object it describes: whether the key is
/// unknown (the object refuses keys it does not list), and the subschema of the key when it is
/// listed. The one definition [`strip_unknown_keys`] and the YAML conversion both follow.
pub fn key_at(at: &'static Value, key: &str) -> (bool, Option<&'static Value>) {
    let Some(object) = object_schema(at) else {
        return (false, None);
    };
    let sub = object
        .get("properties")
        .and_then(Value::as_object)
        .and_then(|p| p.get(key));
    let closed = object.get("additionalProperties") == Some(&Value::Bool(false));
    (closed && sub.is_none(), sub)
}

/// The object schema a (sub)schema stands for: itself, its `$ref`, or the object branch of its
/// `anyOf` (schemars writes `Option<Struct>` as `anyOf: [{$ref}, {type: null}]`).
fn object_schema(at: &'static Value) -> Option<&'static Value> {
    let at = deref(at);
    if at.get("properties").is_some() {
        return Some(at);
    }
    at.get("anyOf")
        .and_then(Value::as_array)?
        .iter()
        .find_map(object_schema)
}

/// Follows a local `$ref` (`#/$defs/Name`).
fn deref(at: &'static Value) -> &'static Value {
    at.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#"))
        .and_then(|pointer| schema().pointer(pointer))
        .unwrap_or(at)
}

pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_keys_anywhere_in_the_block_are_removed_with_a_suggestion() {
        let mut doc = json!({"other": {"anything": 1}, "customImage": {
            "pushRepoPerfix": "x", "pushRepo": "y",
            "buildJob": {"resources": {"limits": {"cpus": "1"}}, "zzz": {"a": 1}}}});
        let unknown = strip_unknown_keys(&mut doc);
        let found: Vec<_> = unknown
            .iter()
            .map(|u| (u.path.as_str(), u.suggestion))
            .collect();
        assert_eq!(
            found,
            [
                ("customImage.pushRepoPerfix", Some("pushRepoPrefix")),
                ("customImage.buildJob.zzz", None),
                ("customImage.buildJob.resources.limits.cpus", Some("cpu")),
            ]
        );
        assert_eq!(
            doc,
            json!({"other": {"anything": 1}, "customImage": {
            "pushRepo": "y", "buildJob": {"resources": {"limits": {}}}}})
        );
    }

    #[test]
    fn past_the_cap_unknown_keys_are_counted_from_the_first_left_out() {
        let mut doc = json!({"customImage": {"a1": 1, "a2": 2, "a3": 3, "pushRepoPerfix": "x",
            "buildJob": {"zzz": 1}}});
        let all = strip_unknown_keys(&mut doc.clone());
        let stripped = strip_unknown_keys_capped(&mut doc, 2);
        assert_eq!(stripped.shown, all[..2]);
        let (first, count) = stripped.more.expect("keys past the cap");
        assert_eq!(
            (first.path.as_str(), first.suggestion),
            (all[2].path.as_str(), None)
        );
        assert_eq!(count, all.len() - 2);
        assert_eq!(doc, json!({"customImage": {"buildJob": {}}}));
    }

    #[test]
    fn type_errors_are_reported_at_the_deepest_path() {
        let doc = json!({"customImage": {"enabled": "yes", "registryPassword": true,
            "buildJob": {"resources": {"limits": {"cpu": false}}, "image": "x"}}});
        let errors = type_errors(&doc);
        let found: Vec<_> = errors
            .iter()
            .map(|e| (e.path.as_str(), e.expected.clone(), e.found))
            .collect();
        assert!(found.contains(&("customImage.enabled", vec!["boolean"], "string")));
        assert!(found.contains(&("customImage.registryPassword", vec!["string"], "boolean")));
        assert!(found.contains(&(
            "customImage.buildJob.resources.limits.cpu",
            vec!["string", "number"],
            "boolean"
        )));
        assert!(found.contains(&("customImage.buildJob.image", vec!["object"], "string")));
        assert_eq!(errors.len(), 4, "{errors:?}");
    }

    #[test]
    fn a_document_that_is_not_a_mapping_is_a_type_error() {
        let errors = type_errors(&json!(["a"]));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, "");
        assert_eq!(errors[0].expected, ["object"]);
        assert_eq!(errors[0].found, "array");
    }

    #[test]
    fn valid_blocks_and_other_keys_pass() {
        let doc = json!({"whatever": [1, {"x": null}], "customImage": {
            "registryEndpoint": "docker.io", "insecureSkipVerify": false, "pushRepo": null,
            "buildJob": {"resources": {"limits": {"cpu": 2, "memory": "1Gi"}},
                         "ephemeralStorage": "30Gi"}}});
        assert_eq!(type_errors(&doc), []);
        assert_eq!(type_errors(&json!({"customImage": null})), []);
    }
}
