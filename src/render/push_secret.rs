//! The registry push secret the chart creates (`templates/controller/secret.yaml` with its
//! helper `primehub.customImage.pushSecret`):
//!
//! ```text
//! printf "{\"auths\": {\"%s\": {\"auth\": \"%s\"}}}" registryEndpoint
//!        (printf "%s:%s" registryUsername registryPassword | b64enc) | b64enc
//! ```
//!
//! We produce the same bytes, with one deliberate difference: the endpoint is JSON-escaped, so
//! that an endpoint with a `"` or `\` still gives valid JSON (the chart's would not parse).
//! An unset username or password is printed as Go prints a nil value, `%!s(<nil>)`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use minijinja::context;

use super::{templates, RenderError, Secrets};
use crate::values::CustomImage;

/// What Go's `printf "%s"` prints for a value that is not set.
pub const GO_NIL: &str = "%!s(<nil>)";

/// `<release>-controller-custom-image-push-secret`, as the chart names it.
pub fn secret_name(release: &str) -> String {
    format!("{release}-controller-custom-image-push-secret")
}

/// `username:password` as the chart joins them before encoding (it holds the password).
fn credentials(custom_image: &CustomImage, secrets: Secrets) -> String {
    let username = custom_image.registry_username.as_deref().unwrap_or(GO_NIL);
    let password = match &custom_image.registry_password {
        Some(password) => secrets.show(password.expose()),
        None => GO_NIL.to_string(),
    };
    format!("{username}:{password}")
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// The `.dockerconfigjson` document, before base64: the chart's bytes, spaces included. None
/// when `registryEndpoint` is empty (the chart then creates no secret).
pub fn docker_config_json(custom_image: &CustomImage) -> Option<String> {
    let endpoint = custom_image.endpoint()?;
    let auth = STANDARD.encode(credentials(custom_image, Secrets::Reveal));
    Some(format!(
        "{{\"auths\": {{{}: {{\"auth\": \"{auth}\"}}}}}}",
        json_string(endpoint)
    ))
}

/// The secret as the chart renders it, or None without an endpoint.
pub fn render(
    custom_image: &CustomImage,
    release: &str,
    namespace: &str,
) -> Option<Result<String, RenderError>> {
    let config = docker_config_json(custom_image)?;
    Some(templates::render(
        templates::PUSH_SECRET,
        context! {
            name => secret_name(release),
            namespace => namespace,
            decoded => false,
            dockerconfigjson => STANDARD.encode(config),
        },
    ))
}

/// The secret for review (`diff --manifests`): `.dockerconfigjson` decoded, its `auth` decoded
/// to `username:password`, the password shown as `secrets` says.
pub fn render_decoded(
    custom_image: &CustomImage,
    release: &str,
    namespace: &str,
    secrets: Secrets,
) -> Option<Result<String, RenderError>> {
    let endpoint = custom_image.endpoint()?;
    Some(templates::render(
        templates::PUSH_SECRET,
        context! {
            name => secret_name(release),
            namespace => namespace,
            decoded => true,
            endpoint => endpoint,
            auth => credentials(custom_image, secrets),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Secret;

    fn values(endpoint: &str, user: Option<&str>, password: Option<&str>) -> CustomImage {
        CustomImage {
            registry_endpoint: Some(endpoint.into()),
            registry_username: user.map(str::to_string),
            registry_password: password.map(Secret::new),
            ..Default::default()
        }
    }

    #[test]
    fn the_document_has_the_charts_bytes() {
        // base64("alice:s3cret-pw") = YWxpY2U6czNjcmV0LXB3
        let custom_image = values("docker.io", Some("alice"), Some("s3cret-pw"));
        assert_eq!(
            docker_config_json(&custom_image).unwrap(),
            r#"{"auths": {"docker.io": {"auth": "YWxpY2U6czNjcmV0LXB3"}}}"#
        );
    }

    #[test]
    fn unset_credentials_print_as_go_nil() {
        let decoded = |custom_image: &CustomImage| {
            let json: serde_json::Value =
                serde_json::from_str(&docker_config_json(custom_image).unwrap()).unwrap();
            let auth = json["auths"]["https://1.dkr.ecr"]["auth"]
                .as_str()
                .unwrap()
                .to_string();
            String::from_utf8(STANDARD.decode(auth).unwrap()).unwrap()
        };
        assert_eq!(
            decoded(&values("https://1.dkr.ecr", None, None)),
            "%!s(<nil>):%!s(<nil>)"
        );
        assert_eq!(
            decoded(&values("https://1.dkr.ecr", Some("u"), None)),
            "u:%!s(<nil>)"
        );
        assert_eq!(
            decoded(&values("https://1.dkr.ecr", None, Some("pw-only"))),
            "%!s(<nil>):pw-only"
        );
        // Set but empty is the empty string in Go, not nil.
        assert_eq!(
            decoded(&values("https://1.dkr.ecr", Some(""), Some(""))),
            ":"
        );
    }

    #[test]
    fn an_endpoint_needing_escapes_still_gives_valid_json() {
        let custom_image = values("evil\"host\\x", Some("u"), Some("p"));
        let json: serde_json::Value =
            serde_json::from_str(&docker_config_json(&custom_image).unwrap()).unwrap();
        assert!(json["auths"]["evil\"host\\x"]["auth"].is_string());
    }

    #[test]
    fn no_endpoint_no_secret() {
        assert!(docker_config_json(&CustomImage::default()).is_none());
        assert!(render(&CustomImage::default(), "primehub", "hub").is_none());
    }

    #[test]
    fn the_decoded_view_fingerprints_the_password() {
        let custom_image = values("docker.io", Some("alice"), Some("s3cret-pw"));
        let text = render_decoded(&custom_image, "primehub", "hub", Secrets::Fingerprint)
            .unwrap()
            .unwrap();
        assert!(!text.contains("s3cret-pw"), "{text}");
        let fingerprint = Secrets::Fingerprint.show("s3cret-pw");
        assert!(
            text.contains(&format!("auth: \"alice:{fingerprint}\"")),
            "{text}"
        );
    }
}
