//! The `customImage` entries a migration writes, and the block they make. Scalars are written
//! by `yaml_out`'s portable policy, so that they read back unchanged by YAML 1.1 and 1.2 alike.

use crate::values::CustomImage;
use crate::yaml_out::portable::scalar;

/// A top-level `customImage` value.
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    Bool(bool),
    Text(String),
}

impl Value {
    /// The value as a YAML scalar.
    pub fn to_yaml(&self) -> String {
        match self {
            Value::Bool(b) => b.to_string(),
            Value::Text(s) => scalar(s),
        }
    }
}

/// One top-level `customImage` key and its value.
#[derive(Clone, PartialEq, Eq)]
pub struct Entry {
    /// The values key (`registryEndpoint`), without the `customImage.` prefix.
    pub key: &'static str,
    pub value: Value,
    /// Whether the value is a secret (the registry password): never shown in messages.
    pub secret: bool,
}

// Debug must not show the password: entries end up in test failure messages.
impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = match &self.value {
            _ if self.secret => crate::redact::MASK.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Text(s) => format!("{s:?}"),
        };
        write!(f, "{}: {value}", self.key)
    }
}

impl Entry {
    /// The dotted values path (`customImage.registryEndpoint`).
    pub fn path(&self) -> String {
        format!("customImage.{}", self.key)
    }

    /// The `key: value` line, without indentation or line end.
    pub fn to_yaml_line(&self) -> String {
        format!("{}: {}", self.key, self.value.to_yaml())
    }
}

/// The top-level scalar keys `custom_image` sets, in the order of the chart's table (SPEC §1). `buildJob`
/// is not among them: a 2.x `.env` has no way to set it.
pub fn entries(custom_image: &CustomImage) -> Vec<Entry> {
    let text = |key, value: &Option<String>| {
        value.as_ref().map(|v| Entry {
            key,
            value: Value::Text(v.clone()),
            secret: false,
        })
    };
    let flag = |key, value: Option<bool>| {
        value.map(|b| Entry {
            key,
            value: Value::Bool(b),
            secret: false,
        })
    };
    let password = custom_image.registry_password.as_ref().map(|p| Entry {
        key: "registryPassword",
        value: Value::Text(p.expose().to_string()),
        secret: true,
    });
    [
        flag("enabled", custom_image.enabled),
        text("registryEndpoint", &custom_image.registry_endpoint),
        text("registryUsername", &custom_image.registry_username),
        password,
        text("pushRepo", &custom_image.push_repo),
        text("pushRepoPrefix", &custom_image.push_repo_prefix),
        text("pushSecretName", &custom_image.push_secret_name),
        flag("insecureSkipVerify", custom_image.insecure_skip_verify),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The `customImage:` block holding `entries`, indented by two spaces, each line ended by `eol`.
pub fn fragment(entries: &[Entry], eol: &str) -> String {
    if entries.is_empty() {
        return format!("customImage: {{}}{eol}");
    }
    let mut out = format!("customImage:{eol}");
    for entry in entries {
        out.push_str("  ");
        out.push_str(&entry.to_yaml_line());
        out.push_str(eol);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Secret;

    #[test]
    fn entries_follow_the_chart_table_and_booleans_stay_booleans() {
        let custom_image = CustomImage {
            insecure_skip_verify: Some(true),
            push_repo_prefix: Some("docker.io/infuseai".into()),
            registry_password: Some(Secret::new("pa'ss")),
            registry_endpoint: Some("docker.io".into()),
            enabled: Some(true),
            ..Default::default()
        };
        assert_eq!(
            fragment(&entries(&custom_image), "\n"),
            "customImage:\n  enabled: true\n  registryEndpoint: docker.io\n  \
             registryPassword: pa'ss\n  pushRepoPrefix: docker.io/infuseai\n  \
             insecureSkipVerify: true\n"
        );
        assert_eq!(fragment(&[], "\r\n"), "customImage: {}\r\n");
    }
}
