//! `customimage render` (SPEC §6): the Kubernetes objects the chart and the controller would
//! create, from the templates in `templates/` ([`templates`]).
//!
//! In order: the push secret ([`push_secret`]), the controller config map
//! ([`controller_config`]), and for an `ImageSpec` ([`image_spec`]) the ImageSpecJob, the build
//! pod and its Dockerfile ([`build`]). Standard output gets one YAML stream of the manifests
//! (the Dockerfile is in the pod, as its `DOCKERFILE` variable); `--output-dir` writes one file
//! per object, the Dockerfile included.
//!
//! `diff --manifests` renders the same objects through [`review_manifests`], with the
//! `.dockerconfigjson` decoded and the password fingerprinted.

pub mod build;
pub mod controller_config;
pub mod image_spec;
pub mod push_secret;
pub mod templates;

use sha2::{Digest, Sha256};

use crate::values::CustomImage;
use build::Build;

pub type RenderError = minijinja::Error;

/// How a password or key appears in rendered text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrets {
    /// As it is: for objects that must contain it.
    Reveal,
    /// As `sha256:<first 8 hex digits>`: a change is visible, the value is not.
    Fingerprint,
}

impl Secrets {
    pub fn show(self, secret: &str) -> String {
        match self {
            Secrets::Reveal => secret.to_string(),
            Secrets::Fingerprint => {
                let digest = format!("{:x}", Sha256::digest(secret.as_bytes()));
                format!("sha256:{}", &digest[..8])
            }
        }
    }
}

/// One rendered object and the file `--output-dir` writes it to.
#[derive(Debug, Clone)]
pub struct Object {
    pub file_name: &'static str,
    pub text: String,
    /// Whether the text holds a password (the file is then created 0600).
    pub sensitive: bool,
    /// Whether it belongs in the YAML stream (the Dockerfile does not).
    pub manifest: bool,
}

fn manifest(file_name: &'static str, text: String, sensitive: bool) -> Object {
    Object {
        file_name,
        text,
        sensitive,
        manifest: true,
    }
}

/// The chart's objects for `custom_image` (merged with the chart defaults): the push secret, when
/// `registryEndpoint` is set, and the controller config map. `fullname` is the chart's
/// fullname for the release (`values::helm::fullname`).
pub fn chart_manifests(
    custom_image: &CustomImage,
    fullname: &str,
    namespace: &str,
) -> Result<Vec<Object>, RenderError> {
    chart_manifests_with(custom_image, None, fullname, namespace)
}

/// [`chart_manifests`], the config map holding `block` (Helm's effective `customImage`) when
/// it is known, exactly as the chart's `toYaml` prints it.
pub fn chart_manifests_with(
    custom_image: &CustomImage,
    block: Option<&serde_json::Value>,
    fullname: &str,
    namespace: &str,
) -> Result<Vec<Object>, RenderError> {
    let mut objects = Vec::new();
    if let Some(secret) = push_secret::render(custom_image, fullname, namespace) {
        objects.push(manifest("push-secret.yaml", secret?, true));
    }
    let config =
        controller_config::render(custom_image, block, fullname, namespace, Secrets::Reveal)?;
    let has_password = custom_image.registry_password.is_some();
    objects.push(manifest("controller-config.yaml", config, has_password));
    Ok(objects)
}

/// The controller's objects for one image spec, after the chart's.
pub fn build_objects(build: &Build) -> Vec<Object> {
    vec![
        manifest("image-spec-job.yaml", build.job.clone(), false),
        manifest("build-pod.yaml", build.pod.clone(), false),
        Object {
            file_name: "Dockerfile",
            text: build.dockerfile.clone(),
            sensitive: false,
            manifest: false,
        },
    ]
}

/// The chart's objects as `diff --manifests` shows them: the push secret decoded.
pub fn review_manifests(
    custom_image: &CustomImage,
    block: Option<&serde_json::Value>,
    fullname: &str,
    namespace: &str,
    secrets: Secrets,
) -> Result<String, RenderError> {
    let mut text = String::new();
    if let Some(secret) = push_secret::render_decoded(custom_image, fullname, namespace, secrets) {
        text.push_str("---\n");
        text.push_str(&secret?);
    }
    text.push_str("---\n");
    text.push_str(&controller_config::render(
        custom_image,
        block,
        fullname,
        namespace,
        secrets,
    )?);
    Ok(text)
}

/// The YAML stream of every manifest, each document introduced by `---`.
pub fn stream(objects: &[Object]) -> String {
    objects
        .iter()
        .filter(|o| o.manifest)
        .map(|o| format!("---\n{}", o.text))
        .collect()
}
