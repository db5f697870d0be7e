//! The PrimeHub chart's `primehub.fullname` helper (`templates/_helpers.tpl`) and the names of
//! the objects built from it:
//!
//! - `fullnameOverride`, when set (Go template truth: not empty, `0`, `false` or `null`), is
//!   the name;
//! - otherwise the chart name is `nameOverride` when set, else `primehub`; a release name that
//!   contains it is the name (`primehub`, `my-primehub`), else `<release>-<chart name>`
//!   (`ph` → `ph-primehub`);
//! - the result is cut to 63 bytes and one trailing `-` is removed (sprig's `trunc 63 |
//!   trimSuffix "-"`).
//!
//! A non-string override makes the chart's template fail, so it is an error here too.

use super::{Kind, Map, Node};

/// The chart's name (`Chart.yaml`).
pub const CHART_NAME: &str = "primehub";

/// Why the chart's helper would fail for these values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    /// `fullnameOverride` or `nameOverride`.
    pub key: &'static str,
    pub message: String,
}

/// The names of the objects the chart creates for a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectNames {
    pub fullname: String,
    /// `<fullname>-controller-custom-image-push-secret`
    pub push_secret: String,
    /// `<fullname>-controller-config`
    pub config_map: String,
}

impl ObjectNames {
    pub fn for_fullname(fullname: String) -> ObjectNames {
        ObjectNames {
            push_secret: format!("{fullname}-controller-custom-image-push-secret"),
            config_map: format!("{fullname}-controller-config"),
            fullname,
        }
    }

    /// The names for `release` with the effective values `values` (their top level).
    pub fn new(release: &str, values: &Map) -> Result<ObjectNames, NameError> {
        fullname(release, values).map(ObjectNames::for_fullname)
    }
}

/// `primehub.fullname` for `release` with the effective values `values` (their top level).
pub fn fullname(release: &str, values: &Map) -> Result<String, NameError> {
    if let Some(over) = values.get("fullnameOverride").filter(|n| truthy(n)) {
        let text = string_of(over, "fullnameOverride")?;
        return Ok(trunc_trim(text));
    }
    let name = match values.get("nameOverride").filter(|n| truthy(n)) {
        Some(over) => string_of(over, "nameOverride")?,
        None => CHART_NAME,
    };
    if release.contains(name) {
        Ok(trunc_trim(release))
    } else {
        Ok(trunc_trim(&format!("{release}-{name}")))
    }
}

/// Go template truth (and sprig's `empty`, its negation).
fn truthy(node: &Node) -> bool {
    match &node.kind {
        Kind::Null => false,
        Kind::Bool(b) => *b,
        Kind::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Kind::String(s) => !s.is_empty(),
        Kind::List(items) => !items.is_empty(),
        Kind::Map(map) => !map.is_empty(),
    }
}

fn string_of<'n>(node: &'n Node, key: &'static str) -> Result<&'n str, NameError> {
    node.as_str().ok_or_else(|| NameError {
        key,
        message: format!(
            "`{key}` must be a string: the chart's `primehub.fullname` template fails on anything else"
        ),
    })
}

/// `trunc 63 | trimSuffix "-"`: 63 bytes, then at most one `-` off the end.
fn trunc_trim(text: &str) -> String {
    let cut = if text.len() > 63 {
        String::from_utf8_lossy(&text.as_bytes()[..63]).into_owned()
    } else {
        text.to_string()
    };
    cut.strip_suffix('-').map(str::to_string).unwrap_or(cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::helm::Origin;
    use serde_json::json;

    fn values(v: serde_json::Value) -> Map {
        match Node::from_json(&v, Origin::default()).kind {
            Kind::Map(m) => m,
            _ => unreachable!(),
        }
    }

    fn name(release: &str, v: serde_json::Value) -> String {
        fullname(release, &values(v)).unwrap()
    }

    #[test]
    fn release_names() {
        assert_eq!(name("primehub", json!({})), "primehub");
        assert_eq!(name("my-primehub", json!({})), "my-primehub");
        assert_eq!(name("ph", json!({})), "ph-primehub");
        assert_eq!(name("prod", json!({"nameOverride": "hub"})), "prod-hub");
        assert_eq!(name("hub-prod", json!({"nameOverride": "hub"})), "hub-prod");
        assert_eq!(
            name("ph", json!({"fullnameOverride": "x", "nameOverride": "y"})),
            "x"
        );
        assert_eq!(
            name("ph", json!({"fullnameOverride": "", "nameOverride": null})),
            "ph-primehub"
        );
    }

    #[test]
    fn cut_to_63_then_one_dash_off() {
        let long = "a".repeat(56);
        assert_eq!(name(&long, json!({})), format!("{long}-primeh"));
        let edge = "a".repeat(54);
        assert_eq!(name(&edge, json!({})), format!("{edge}-primehub"));
        let dashes = format!("{}--x", "b".repeat(61));
        assert_eq!(
            name("r", json!({"fullnameOverride": dashes})),
            format!("{}-", "b".repeat(61))
        );
    }

    #[test]
    fn object_names() {
        let names = ObjectNames::new("ph", &values(json!({}))).unwrap();
        assert_eq!(
            names.push_secret,
            "ph-primehub-controller-custom-image-push-secret"
        );
        assert_eq!(names.config_map, "ph-primehub-controller-config");
    }

    #[test]
    fn a_non_string_override_fails_as_the_template_does() {
        assert!(fullname("ph", &values(json!({"fullnameOverride": 5}))).is_err());
        assert!(fullname("ph", &values(json!({"nameOverride": true}))).is_err());
        assert_eq!(
            name("ph", json!({"fullnameOverride": 0, "nameOverride": false})),
            "ph-primehub"
        );
    }
}
