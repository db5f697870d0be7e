//! The JSON Schema of a values file in the two dialects its users' tools read: 2020-12 (the
//! default; Helm 3.18+ and 4, check-jsonschema, the `schema` rule) and draft-07 (Helm up to 3.17,
//! yaml-language-server's best-supported draft). Both are generated from the typed model by
//! schemars' own settings for each draft (`$defs` vs `definitions`), never written by hand; the
//! checked-in copies in `schemas/` are tested against what this generates.
//!
//! Each has a stable `$id`: `https://primehub.io/schemas/customimage/v1/<draft>/customimage.schema.json`
//! (`v1` moves only with an incompatible change of the values it accepts). The `$id` names the
//! schema; tools do not need to fetch it (Helm reads the chart's file, an editor the path or URL
//! given on the `# yaml-language-server: $schema=` line).
//!
//! The schema describes a whole values file (other top-level keys allowed, the `customImage`
//! block closed), which is exactly what a chart's `values.schema.json` is: the same text drops
//! into a chart unchanged, so there is no separate chart form.

use serde_json::{Map, Value};

/// Where the `$id`s live; one segment per draft follows.
pub const ID_BASE: &str = "https://primehub.io/schemas/customimage/v1";

/// A JSON Schema dialect the schema can be printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    /// `https://json-schema.org/draft/2020-12/schema` (the default).
    Draft2020_12,
    /// `http://json-schema.org/draft-07/schema#`.
    Draft07,
}

impl Draft {
    pub const ALL: [Draft; 2] = [Draft::Draft2020_12, Draft::Draft07];

    /// The draft's segment in the `$id` (`2020-12`, `draft-07`).
    pub fn slug(self) -> &'static str {
        match self {
            Draft::Draft2020_12 => "2020-12",
            Draft::Draft07 => "draft-07",
        }
    }

    /// The schema's `$id`.
    pub fn id(self) -> String {
        format!("{ID_BASE}/{}/customimage.schema.json", self.slug())
    }

    /// The checked-in copy, relative to the repository root.
    pub fn checked_in_path(self) -> &'static str {
        match self {
            Draft::Draft2020_12 => "schemas/customimage.schema.json",
            Draft::Draft07 => "schemas/customimage.draft-07.schema.json",
        }
    }
}

/// The schema of a values file in `draft`, with its `$id` right after `$schema`.
pub fn schema(draft: Draft) -> Value {
    let settings = match draft {
        Draft::Draft2020_12 => schemars::generate::SchemaSettings::draft2020_12(),
        Draft::Draft07 => schemars::generate::SchemaSettings::draft07(),
    };
    let generated = settings
        .into_generator()
        .into_root_schema_for::<super::ValuesFile>();
    let Ok(Value::Object(fields)) = serde_json::to_value(generated) else {
        return Value::Bool(true);
    };
    let mut ordered = Map::new();
    if let Some(dialect) = fields.get("$schema") {
        ordered.insert("$schema".into(), dialect.clone());
    }
    ordered.insert("$id".into(), Value::String(draft.id()));
    for (key, value) in fields {
        if key != "$schema" && key != "$id" {
            ordered.insert(key, value);
        }
    }
    Value::Object(ordered)
}

/// The schema as printed by `customimage schema` and checked in (pretty, trailing newline).
pub fn schema_text(draft: Draft) -> String {
    let mut text = serde_json::to_string_pretty(&schema(draft)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_draft_names_its_dialect_and_id() {
        let new = schema(Draft::Draft2020_12);
        assert_eq!(
            new["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(
            new["$id"],
            "https://primehub.io/schemas/customimage/v1/2020-12/customimage.schema.json"
        );
        assert!(new.get("$defs").is_some());
        let old = schema(Draft::Draft07);
        assert_eq!(old["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(
            old["$id"],
            "https://primehub.io/schemas/customimage/v1/draft-07/customimage.schema.json"
        );
        assert!(old.get("$defs").is_none());
        assert!(old.get("definitions").is_some());
        // draft-07 has no `$defs`: every reference must point into `definitions`.
        let text = old.to_string();
        assert!(!text.contains("#/$defs/"), "{text}");
        assert!(text.contains("#/definitions/CustomImage"), "{text}");
    }
}
