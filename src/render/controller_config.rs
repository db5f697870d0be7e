//! The controller's config map as the chart renders it (`templates/controller/configmap.yaml`):
//! `config.yaml` holds `toYaml .Values.customImage`, the user's values merged over the chart's
//! defaults. The chart puts the whole block there, so the registry password is in it too; so
//! is it here (masked in diffs like everywhere else).

use minijinja::context;
use serde_json::{Number, Value};

use super::{templates, RenderError, Secrets};
use crate::values::CustomImage;
use crate::yaml_out::{self, resolves_to_string};

/// `<fullname>-controller-config`.
pub fn config_map_name(fullname: &str) -> String {
    format!("{fullname}-controller-config")
}

/// Quantities are kept as text in the model. One that reads as a YAML number was most likely
/// written as one, and Helm prints numbers bare; so such a quantity becomes a number here.
const QUANTITIES: [&str; 5] = [
    "/buildJob/resources/limits/cpu",
    "/buildJob/resources/limits/memory",
    "/buildJob/resources/requests/cpu",
    "/buildJob/resources/requests/memory",
    "/buildJob/ephemeralStorage",
];

/// The values as `toYaml` sees them, the password shown as `secrets` says.
pub fn values_json(custom_image: &CustomImage, secrets: Secrets) -> Value {
    let mut json = serde_json::to_value(custom_image).unwrap_or(Value::Null);
    if let (Some(password), Some(slot)) = (
        custom_image.registry_password.as_ref(),
        json.pointer_mut("/registryPassword"),
    ) {
        *slot = Value::String(secrets.show(password.expose()));
    }
    for pointer in QUANTITIES {
        if let Some(slot) = json.pointer_mut(pointer) {
            if let Some(number) = slot.as_str().and_then(as_number) {
                *slot = Value::Number(number);
            }
        }
    }
    json
}

fn as_number(text: &str) -> Option<Number> {
    if resolves_to_string(text) {
        return None;
    }
    if let Ok(i) = text.parse::<i64>() {
        return Some(Number::from(i));
    }
    text.parse::<f64>().ok().and_then(Number::from_f64)
}

/// `toYaml` of the values, as the chart prints it (no trailing newline).
pub fn values_yaml(custom_image: &CustomImage, secrets: Secrets) -> String {
    yaml_out::to_yaml(&values_json(custom_image, secrets))
}

/// Helm's effective `.Values.customImage` exactly (`values::helm`), the password shown as
/// `secrets` says: a `null` stays `null`, a string stays a string (`cpu: "4"`), a number
/// stays a number, as the chart's `toYaml` prints them.
pub fn block_json(block: &Value, secrets: Secrets) -> Value {
    let mut json = block.clone();
    if let Some(slot) = json.pointer_mut("/registryPassword") {
        if let Some(password) = slot.as_str() {
            *slot = Value::String(secrets.show(password));
        }
    }
    json
}

/// `toYaml` of the effective block, or of the typed model when there is none.
pub fn block_yaml(custom_image: &CustomImage, block: Option<&Value>, secrets: Secrets) -> String {
    match block {
        Some(block) => yaml_out::to_yaml(&block_json(block, secrets)),
        None => values_yaml(custom_image, secrets),
    }
}

/// The config map; `custom_image` must already be merged with the chart defaults. `fullname` is the
/// chart's fullname for the release; `block`, when known, Helm's effective `customImage`.
pub fn render(
    custom_image: &CustomImage,
    block: Option<&Value>,
    fullname: &str,
    namespace: &str,
    secrets: Secrets,
) -> Result<String, RenderError> {
    templates::render(
        templates::CONTROLLER_CONFIG,
        context! {
            name => config_map_name(fullname),
            namespace => namespace,
            custom_image_yaml => block_yaml(custom_image, block, secrets),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Quantity, Secret};

    #[test]
    fn the_chart_defaults_render_as_the_charts_to_yaml() {
        // `toYaml` of the chart's own customImage block (reference/primehub-chart-values.yaml):
        // keys sorted, as go-yaml sorts them.
        let custom_image = CustomImage::default().with_chart_defaults();
        assert_eq!(
            values_yaml(&custom_image, Secrets::Reveal),
            "buildJob:\n  image:\n    repository: infuseai/buildah\n    tag: v1.39.3\n  resources:\n    limits:\n      cpu: 2000m\n      memory: 1500Mi\n    requests:\n      cpu: 500m\n      memory: 100Mi\ninsecureSkipVerify: false\npushSecretName: primehub-controller-custom-image-push-secret"
        );
    }

    #[test]
    fn the_password_is_in_the_config_and_can_be_fingerprinted() {
        let custom_image = CustomImage {
            registry_password: Some(Secret::new("cfg-s3cret")),
            ..Default::default()
        };
        assert!(
            values_yaml(&custom_image, Secrets::Reveal).contains("registryPassword: cfg-s3cret")
        );
        let masked = values_yaml(&custom_image, Secrets::Fingerprint);
        assert!(!masked.contains("cfg-s3cret"));
        assert!(masked.contains(&format!(
            "registryPassword: {}",
            Secrets::Fingerprint.show("cfg-s3cret")
        )));
    }

    #[test]
    fn numeric_quantities_print_bare_and_others_as_text() {
        let mut custom_image = CustomImage::default().with_chart_defaults();
        if let Some(job) = custom_image.build_job.as_mut() {
            job.ephemeral_storage = Some(Quantity::from("50Gi"));
            if let Some(limits) = job.resources.as_mut().and_then(|r| r.limits.as_mut()) {
                limits.cpu = Some(Quantity::from("2"));
                limits.memory = Some(Quantity::from("1.5"));
            }
        }
        let text = values_yaml(&custom_image, Secrets::Reveal);
        assert!(text.contains("  ephemeralStorage: 50Gi\n"), "{text}");
        assert!(text.contains("      cpu: 2\n      memory: 1.5\n"), "{text}");
    }

    #[test]
    fn a_last_value_loses_its_final_line_breaks_as_in_the_chart() {
        // Helm's toYaml trims the final newline and the chart embeds it in a `|-` block, so a
        // line break at the very end of the block's last value (registryUsername) is lost in
        // the real config map too. We keep the chart's bytes rather than "fix" them.
        let custom_image = CustomImage {
            registry_username: Some("user\n".into()),
            ..Default::default()
        };
        assert_eq!(
            values_yaml(&custom_image, Secrets::Reveal),
            "registryUsername: |\n  user"
        );
    }

    #[test]
    fn the_config_map_embeds_the_block_under_custom_image() {
        let custom_image = CustomImage::default().with_chart_defaults();
        let text = render(&custom_image, None, "ph", "hub", Secrets::Reveal).unwrap();
        assert!(
            text.contains("  name: \"ph-controller-config\"\n"),
            "{text}"
        );
        assert!(
            text.contains("  config.yaml: |-\n    customImage:\n      buildJob:\n        image:\n"),
            "{text}"
        );
        assert!(
            text.ends_with("      pushSecretName: primehub-controller-custom-image-push-secret\n"),
            "{text}"
        );
    }
}
