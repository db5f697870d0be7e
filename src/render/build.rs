//! The controller's objects for one `ImageSpec`: the ImageSpecJob (`buildImageSpecJob`), the
//! build pod (`buildPod`) and its Dockerfile (`generateDockerfile`).

use minijinja::context;
use minijinja::value::{Serde, Value};

use super::image_spec::{job_target, pod_name, target_image, ImageSpec};
use super::{templates, RenderError};
use crate::values::{CustomImage, Quantity, DEFAULT_EPHEMERAL_STORAGE};

/// Everything rendered for one image spec.
#[derive(Debug, Clone)]
pub struct Build {
    pub job_name: String,
    pub target_image: String,
    pub dockerfile: String,
    pub job: String,
    pub pod: String,
    /// Packages the controller leaves out of the Dockerfile: (list, package).
    pub dropped: Vec<(&'static str, String)>,
}

/// Why an image spec cannot be rendered with these values.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(
        "neither pushRepo nor pushRepoPrefix is set: the controller has nowhere to push the image"
    )]
    NoPushTarget,
    #[error(transparent)]
    Template(#[from] RenderError),
}

/// Renders the job, pod and Dockerfile; `custom_image` must already be merged with the chart defaults.
pub fn render(
    custom_image: &CustomImage,
    spec: &ImageSpec,
    namespace: &str,
) -> Result<Build, BuildError> {
    let (job_target_image, repo_prefix) =
        job_target(custom_image, spec).ok_or(BuildError::NoPushTarget)?;
    let target = target_image(custom_image, spec).ok_or(BuildError::NoPushTarget)?;
    let (legal, dropped) = spec.packages.legal();
    let dockerfile = templates::render(
        templates::DOCKERFILE,
        context! {
            base_image => &spec.base_image,
            apt => &legal.apt,
            conda => &legal.conda,
            pip => &legal.pip,
        },
    )?;
    let job_name = spec.job_name();
    let hash = spec.hash();
    let namespace = spec.namespace.as_deref().unwrap_or(namespace);
    let packages: Vec<(&str, Vec<String>)> = spec
        .packages
        .lists()
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(kind, list)| (kind, list.clone()))
        .collect();
    let job = templates::render(
        templates::IMAGE_SPEC_JOB,
        context! {
            job_name => &job_name,
            namespace => namespace,
            spec_name => &spec.name,
            hash => &hash,
            base_image => &spec.base_image,
            pull_secret => &spec.pull_secret,
            packages => packages,
            target_image => job_target_image,
            push_secret => custom_image.push_secret_name(),
            repo_prefix => repo_prefix,
            update_time => &spec.update_time,
        },
    )?;
    let job_build = custom_image.build_job.clone().unwrap_or_default();
    let image = job_build.image.unwrap_or_default();
    let resources = job_build.resources.unwrap_or_default();
    let pod = templates::render(
        templates::BUILD_POD,
        context! {
            pod_name => pod_name(&job_name),
            namespace => namespace,
            spec_name => &spec.name,
            hash => &hash,
            builder_image => format!(
                "{}:{}",
                image.repository.unwrap_or_default(),
                image.tag.unwrap_or_default()
            ),
            dockerfile => &dockerfile,
            base_image => &spec.base_image,
            target_image => &target,
            skip_tls_verify => custom_image.insecure_skip_verify().to_string(),
            limits => Value::from(Serde(resources.limits.unwrap_or_default())),
            requests => Value::from(Serde(resources.requests.unwrap_or_default())),
            ephemeral_storage => ephemeral_storage(job_build.ephemeral_storage.as_ref()),
            push_secret => custom_image.push_secret_name(),
            pull_secret => &spec.pull_secret,
        },
    )?;
    Ok(Build {
        job_name,
        target_image: target,
        dockerfile,
        job,
        pod,
        dropped,
    })
}

/// The scratch volume's size: the controller silently uses 30Gi when the value is unset or
/// does not parse as a Kubernetes quantity.
pub fn ephemeral_storage(value: Option<&Quantity>) -> String {
    match value {
        Some(q) if q.amount().is_ok() => q.0.clone(),
        _ => DEFAULT_EPHEMERAL_STORAGE.to_string(),
    }
}

#[cfg(test)]
#[path = "build_tests.rs"]
mod tests;
