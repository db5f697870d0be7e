//! The typed `customImage` block of the PrimeHub 3.x chart (SPEC §1): the single source of truth
//! for the JSON Schema (`schemas/customimage.schema.json`), the chart defaults, and every command.

use std::borrow::Cow;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The chart's default push secret name (release `primehub`).
pub const DEFAULT_PUSH_SECRET_NAME: &str = "primehub-controller-custom-image-push-secret";
/// The chart's default builder image.
pub const DEFAULT_BUILDER_REPOSITORY: &str = "infuseai/buildah";
pub const DEFAULT_BUILDER_TAG: &str = "v1.39.3";
/// The controller's size for the build pod's scratch volume when none (or an unparsable one) is set.
pub const DEFAULT_EPHEMERAL_STORAGE: &str = "30Gi";

/// A whole Helm values file: only `customImage` is described; other top-level keys are allowed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(
    title = "PrimeHub values (customImage)",
    description = "A PrimeHub Helm values file. Only the Image Builder block `customImage` is described; other keys are allowed."
)]
pub struct ValuesFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_image: Option<CustomImage>,
}

/// `customImage`: where the Image Builder pushes the images it builds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomImage {
    /// Informational in 3.x: the chart configures the builder whenever `registryEndpoint` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The registry to log in to: `docker.io`, `https://gcr.io`,
    /// `https://<account>.dkr.ecr.<region>.amazonaws.com`, `http://host:5000`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_endpoint: Option<String>,
    /// The login user; `_json_key` for GCR and Artifact Registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_username: Option<String>,
    /// The password, access token, or GCR key file JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_password: Option<Secret>,
    /// A single repository: images are `<pushRepo>:<specName>-<hash>`. Wins over `pushRepoPrefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push_repo: Option<String>,
    /// A prefix: images are `<pushRepoPrefix>/<specName>:<hash>`. Ignored when `pushRepo` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push_repo_prefix: Option<String>,
    /// The secret the build pod mounts to push. Must not be empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push_secret_name: Option<String>,
    /// Passed to the build pod as `SKIP_TLS_VERIFY`; needed for `http://` registries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure_skip_verify: Option<bool>,
    /// The build pod: builder image, resources, scratch volume size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_job: Option<BuildJob>,
}

/// `customImage.buildJob`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuildJob {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<BuilderImage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// Size of the build pod's scratch volume (Kubernetes quantity; default 30Gi).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<Quantity>,
}

/// `customImage.buildJob.image`: the builder image.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuilderImage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// `customImage.buildJob.resources`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resources {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<ResourceList>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<ResourceList>,
}

/// CPU and memory amounts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceList {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<Quantity>,
}

/// A Kubernetes quantity as written (`500m`, `2Gi`, `1.5`, or a YAML number). Kept as text:
/// whether it parses is a rule's business (`invalid-quantity`), not the model's.
#[derive(Clone, PartialEq, Eq)]
pub struct Quantity(pub String);

impl fmt::Debug for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Quantity {
    fn from(s: &str) -> Self {
        Quantity(s.to_string())
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    /// A string (taken as it is, without a copy) or a number (as JSON writes it).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Quantity, E> {
                Ok(Quantity(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Quantity, E> {
                Ok(Quantity(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Quantity, E> {
                Ok(Quantity(serde_json::Number::from(v).to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Quantity, E> {
                Ok(Quantity(serde_json::Number::from(v).to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Quantity, E> {
                serde_json::Number::from_f64(v)
                    .map(|n| Quantity(n.to_string()))
                    .ok_or_else(|| E::custom("a quantity cannot be NaN or infinite"))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl JsonSchema for Quantity {
    fn schema_name() -> Cow<'static, str> {
        "Quantity".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A Kubernetes quantity: `500m`, `2`, `1.5Gi`, `100M`, `1e3`.",
            "type": ["string", "number"]
        })
    }
}

/// A value that must never be shown: its `Debug` is `****`. Serialising gives the real value,
/// for the objects that must contain it (the push secret).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        let value = value.into();
        crate::redact::register(&value);
        Secret(value)
    }

    /// The secret itself, for the few places that must use it.
    pub fn expose(&self) -> &str {
        crate::redact::register(&self.0);
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::redact::MASK)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.expose())
    }
}

impl JsonSchema for Secret {
    fn schema_name() -> Cow<'static, str> {
        "Secret".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
}

/// The JSON Schema of a values file (2020-12), as checked in at `schemas/customimage.schema.json`.
/// Other drafts: [`super::schema_drafts`].
pub fn schema() -> serde_json::Value {
    super::schema_drafts::schema(super::schema_drafts::Draft::Draft2020_12)
}

/// The schema as printed by `customimage schema` and checked in (pretty, trailing newline).
pub fn schema_text() -> String {
    super::schema_drafts::schema_text(super::schema_drafts::Draft::Draft2020_12)
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

impl CustomImage {
    /// `registryEndpoint`, when set and not empty.
    pub fn endpoint(&self) -> Option<&str> {
        non_empty(&self.registry_endpoint)
    }

    pub fn username(&self) -> Option<&str> {
        non_empty(&self.registry_username)
    }

    pub fn password(&self) -> Option<&str> {
        self.registry_password
            .as_ref()
            .map(Secret::expose)
            .filter(|s| !s.is_empty())
    }

    pub fn push_repo(&self) -> Option<&str> {
        non_empty(&self.push_repo)
    }

    pub fn push_repo_prefix(&self) -> Option<&str> {
        non_empty(&self.push_repo_prefix)
    }

    /// `pushSecretName` as the chart would use it: the user's value (even empty) or the default.
    pub fn push_secret_name(&self) -> &str {
        self.push_secret_name
            .as_deref()
            .unwrap_or(DEFAULT_PUSH_SECRET_NAME)
    }

    pub fn insecure_skip_verify(&self) -> bool {
        self.insecure_skip_verify.unwrap_or(false)
    }

    /// The user's values over the chart's defaults, as `toYaml .Values.customImage` sees them.
    pub fn with_chart_defaults(&self) -> CustomImage {
        let mut merged = self.clone();
        merged.insecure_skip_verify.get_or_insert(false);
        merged
            .push_secret_name
            .get_or_insert_with(|| DEFAULT_PUSH_SECRET_NAME.to_string());
        let job = merged.build_job.get_or_insert_with(BuildJob::default);
        let image = job.image.get_or_insert_with(BuilderImage::default);
        image
            .repository
            .get_or_insert_with(|| DEFAULT_BUILDER_REPOSITORY.to_string());
        image
            .tag
            .get_or_insert_with(|| DEFAULT_BUILDER_TAG.to_string());
        job.resources = Some(self.resources_with_chart_defaults());
        merged
    }

    /// Every string of the block that is set, with its dotted path
    /// (`customImage.buildJob.image.tag`), in the order the block's fields are declared;
    /// borrowed, for the rules that look at every character (a password may be megabytes long).
    pub fn strings(&self) -> Vec<(&'static str, &str)> {
        let job = self.build_job.as_ref();
        let image = job.and_then(|j| j.image.as_ref());
        let resources = job.and_then(|j| j.resources.as_ref());
        let limits = resources.and_then(|r| r.limits.as_ref());
        let requests = resources.and_then(|r| r.requests.as_ref());
        fn quantity(q: Option<&Quantity>) -> Option<&str> {
            q.map(|q| q.0.as_str())
        }
        [
            (
                "customImage.registryEndpoint",
                self.registry_endpoint.as_deref(),
            ),
            (
                "customImage.registryUsername",
                self.registry_username.as_deref(),
            ),
            (
                "customImage.registryPassword",
                self.registry_password.as_ref().map(Secret::expose),
            ),
            ("customImage.pushRepo", self.push_repo.as_deref()),
            (
                "customImage.pushRepoPrefix",
                self.push_repo_prefix.as_deref(),
            ),
            (
                "customImage.pushSecretName",
                self.push_secret_name.as_deref(),
            ),
            (
                "customImage.buildJob.image.repository",
                image.and_then(|i| i.repository.as_deref()),
            ),
            (
                "customImage.buildJob.image.tag",
                image.and_then(|i| i.tag.as_deref()),
            ),
            (
                "customImage.buildJob.resources.limits.cpu",
                quantity(limits.and_then(|l| l.cpu.as_ref())),
            ),
            (
                "customImage.buildJob.resources.limits.memory",
                quantity(limits.and_then(|l| l.memory.as_ref())),
            ),
            (
                "customImage.buildJob.resources.requests.cpu",
                quantity(requests.and_then(|r| r.cpu.as_ref())),
            ),
            (
                "customImage.buildJob.resources.requests.memory",
                quantity(requests.and_then(|r| r.memory.as_ref())),
            ),
            (
                "customImage.buildJob.ephemeralStorage",
                quantity(job.and_then(|j| j.ephemeral_storage.as_ref())),
            ),
        ]
        .into_iter()
        .filter_map(|(path, text)| Some((path, text?)))
        .collect()
    }

    /// The build job's resources over the chart's defaults, as in [`Self::with_chart_defaults`].
    fn resources_with_chart_defaults(&self) -> Resources {
        let list = |requests: bool| ResourceList {
            cpu: Some(
                self.resource_with_chart_default(requests, "cpu")
                    .into_owned(),
            ),
            memory: Some(
                self.resource_with_chart_default(requests, "memory")
                    .into_owned(),
            ),
        };
        Resources {
            limits: Some(list(false)),
            requests: Some(list(true)),
        }
    }

    /// One of the build job's resources (`cpu` or `memory`, of its requests or its limits),
    /// or the chart's default; borrowed (a rule must not copy a quantity of megabytes).
    pub fn resource_with_chart_default(&self, requests: bool, name: &str) -> Cow<'_, Quantity> {
        let resources = self.build_job.as_ref().and_then(|j| j.resources.as_ref());
        let list = resources.and_then(|r| {
            if requests {
                r.requests.as_ref()
            } else {
                r.limits.as_ref()
            }
        });
        let set = list.and_then(|l| {
            if name == "cpu" {
                l.cpu.as_ref()
            } else {
                l.memory.as_ref()
            }
        });
        let default = match (requests, name) {
            (false, "cpu") => "2000m",
            (false, _) => "1500Mi",
            (true, "cpu") => "500m",
            (true, _) => "100Mi",
        };
        set.map_or_else(|| Cow::Owned(default.into()), Cow::Borrowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_masked() {
        let custom_image = CustomImage {
            registry_password: Some(Secret::new("hunter2-canary")),
            ..Default::default()
        };
        assert!(!format!("{custom_image:?}").contains("hunter2-canary"));
    }

    #[test]
    fn quantities_accept_numbers() {
        let r: ResourceList = serde_json::from_str(r#"{"cpu": 1.5, "memory": "2Gi"}"#).unwrap();
        assert_eq!(r.cpu, Some(Quantity("1.5".into())));
        assert_eq!(r.memory, Some(Quantity("2Gi".into())));
    }

    /// Every string of a block whose every field is set, found by walking its JSON form.
    fn strings_of_json(value: &serde_json::Value, path: String, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::String(s) => out.push((path, s.clone())),
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    strings_of_json(v, format!("{path}.{k}"), out);
                }
            }
            _ => {}
        }
    }

    /// The paths the schema gives a string (or a quantity, a string or a number), `$ref`s and
    /// `anyOf: [{$ref}, null]` followed.
    fn string_leaves(
        schema: &serde_json::Value,
        defs: &serde_json::Value,
        path: String,
        out: &mut Vec<String>,
    ) {
        let target = match (schema.get("$ref"), schema.get("anyOf")) {
            (Some(r), _) => Some(r),
            (None, Some(any)) => any.as_array().unwrap().iter().find_map(|s| s.get("$ref")),
            _ => None,
        };
        if let Some(r) = target {
            let name = r.as_str().unwrap().trim_start_matches("#/$defs/");
            return string_leaves(&defs[name], defs, path, out);
        }
        if let Some(properties) = schema.get("properties").and_then(|p| p.as_object()) {
            for (key, sub) in properties {
                string_leaves(sub, defs, format!("{path}.{key}"), out);
            }
        } else if schema["type"] == "string"
            || schema["type"]
                .as_array()
                .is_some_and(|t| t.contains(&"string".into()))
        {
            out.push(path);
        }
    }

    #[test]
    fn strings_are_every_string_the_json_form_holds() {
        let list = |cpu: &str| ResourceList {
            cpu: Some(cpu.into()),
            memory: Some(format!("{cpu}Mi").as_str().into()),
        };
        let full = CustomImage {
            enabled: Some(true),
            registry_endpoint: Some("e".into()),
            registry_username: Some("u".into()),
            registry_password: Some(Secret::new("p-canary-strings")),
            push_repo: Some("r".into()),
            push_repo_prefix: Some("x".into()),
            push_secret_name: Some("s".into()),
            insecure_skip_verify: Some(false),
            build_job: Some(BuildJob {
                image: Some(BuilderImage {
                    repository: Some("i".into()),
                    tag: Some("t".into()),
                }),
                resources: Some(Resources {
                    limits: Some(list("1")),
                    requests: Some(list("2")),
                }),
                ephemeral_storage: Some("3Gi".into()),
            }),
        };
        let mut expected = Vec::new();
        let json = serde_json::to_value(&full).unwrap();
        strings_of_json(&json, "customImage".into(), &mut expected);
        let found: Vec<(String, String)> = (full.strings().into_iter())
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        assert_eq!(found, expected);
        // Every field of the model is set above: the schema's string leaves are all here.
        let schema = serde_json::to_value(schemars::schema_for!(CustomImage)).unwrap();
        let mut leaves = Vec::new();
        string_leaves(&schema, &schema["$defs"], "customImage".into(), &mut leaves);
        let paths: Vec<&String> = expected.iter().map(|(p, _)| p).collect();
        assert_eq!(paths, leaves.iter().collect::<Vec<_>>());
        assert_eq!(CustomImage::default().strings(), Vec::<(&str, &str)>::new());
    }

    #[test]
    fn chart_defaults_fill_only_what_is_unset() {
        let custom_image = CustomImage {
            push_secret_name: Some("aws-registry".into()),
            ..Default::default()
        };
        let merged = custom_image.with_chart_defaults();
        assert_eq!(merged.push_secret_name(), "aws-registry");
        let job = merged.build_job.unwrap();
        assert_eq!(job.image.unwrap().tag.as_deref(), Some(DEFAULT_BUILDER_TAG));
        assert_eq!(job.ephemeral_storage, None);
    }
}
