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
pub mod go_yaml;
pub mod image_spec;
pub mod push_secret;
pub mod templates;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::cli::{exit, Globals, RenderArgs};
use crate::lint::{load_checked, report_input_error};
use crate::source::SourceFile;
use crate::values::CustomImage;
use crate::write::{atomic_write, Sensitivity};
use build::{Build, BuildError};
use image_spec::ImageSpec;

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
                let digest = image_spec::hex(&Sha256::digest(secret.as_bytes()));
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

/// The chart's objects for `ci` (merged with the chart defaults): the push secret, when
/// `registryEndpoint` is set, and the controller config map.
pub fn chart_manifests(
    ci: &CustomImage,
    release: &str,
    namespace: &str,
) -> Result<Vec<Object>, RenderError> {
    let mut objects = Vec::new();
    if let Some(secret) = push_secret::render(ci, release, namespace) {
        objects.push(manifest("push-secret.yaml", secret?, true));
    }
    let config = controller_config::render(ci, release, namespace, Secrets::Reveal)?;
    let has_password = ci.registry_password.is_some();
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
    ci: &CustomImage,
    release: &str,
    namespace: &str,
    secrets: Secrets,
) -> Result<String, RenderError> {
    let mut text = String::new();
    if let Some(secret) = push_secret::render_decoded(ci, release, namespace, secrets) {
        text.push_str("---\n");
        text.push_str(&secret?);
    }
    text.push_str("---\n");
    text.push_str(&controller_config::render(ci, release, namespace, secrets)?);
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

/// `customimage render`.
pub fn run(args: &RenderArgs, globals: Globals) -> u8 {
    let loaded = match load_checked(&args.input, args.env, &args.release, globals) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let ci = loaded.located.custom_image.with_chart_defaults();
    let spec = match args.image_spec.as_deref().map(read_image_spec) {
        Some(Ok(spec)) => Some(spec),
        Some(Err(code)) => return code,
        None => None,
    };
    let mut objects = match chart_manifests(&ci, &args.release, &args.namespace) {
        Ok(objects) => objects,
        Err(e) => return internal_error(&e),
    };
    if let Some(spec) = &spec {
        match build::render(&ci, spec, &args.namespace) {
            Ok(build) => {
                report_dropped(&build, args.image_spec.as_deref().unwrap_or("-"));
                objects.extend(build_objects(&build));
            }
            Err(BuildError::NoPushTarget) => {
                crate::redact::print_stderr(&format!(
                    "customimage: {}\n  help: set customImage.pushRepo or customImage.pushRepoPrefix\n",
                    BuildError::NoPushTarget
                ));
                return exit::FINDINGS;
            }
            Err(BuildError::Template(e)) => return internal_error(&e),
        }
    }
    match &args.output_dir {
        Some(dir) => {
            let inputs = [
                Path::new(&args.input),
                Path::new(args.image_spec.as_deref().unwrap_or("-")),
            ];
            for object in &objects {
                if let Err(e) = crate::write::refuse_if_input(&dir.join(object.file_name), &inputs)
                {
                    crate::redact::print_stderr(&format!("customimage: {e}\n"));
                    return exit::USAGE;
                }
            }
            write_files(dir, &objects, globals)
        }
        None => {
            let text = stream(&objects);
            if objects.iter().any(|o| o.sensitive) {
                crate::redact::print_sensitive(&text);
            } else {
                crate::redact::print_stdout(&text);
            }
            exit::OK
        }
    }
}

/// Reads `--image-spec`: exit 2 when it cannot be read, 1 when it is not an `ImageSpec`.
fn read_image_spec(path: &str) -> Result<ImageSpec, u8> {
    let source = SourceFile::read(path).map_err(|e| {
        report_input_error(&e);
        exit::USAGE
    })?;
    let json = crate::values::yaml::to_json(&source).map_err(|diagnostic| {
        let result = crate::lint::FileResult {
            source: source.clone(),
            located: Default::default(),
            diagnostics: vec![diagnostic],
        };
        crate::redact::print_stderr(&crate::report::human::render(&[result], false));
        exit::FINDINGS
    })?;
    ImageSpec::from_json(json).map_err(|message| {
        crate::redact::print_stderr(&format!("customimage: {}: {message}\n", source.name));
        exit::FINDINGS
    })
}

fn report_dropped(build: &Build, spec_path: &str) {
    for (list, package) in &build.dropped {
        crate::redact::print_stderr(&format!(
            "warning: {spec_path}: spec.packages.{list}: {package:?} is not a valid package name \
             (^[a-zA-Z0-9-_:=\\.]+$); the controller leaves it out of the Dockerfile\n"
        ));
    }
}

fn write_files(dir: &Path, objects: &[Object], globals: Globals) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        crate::redact::print_stderr(&format!("customimage: {}: {e}\n", dir.display()));
        return exit::USAGE;
    }
    for object in objects {
        let path = dir.join(object.file_name);
        let sensitivity = if object.sensitive || object.file_name == "push-secret.yaml" {
            Sensitivity::Secret
        } else {
            Sensitivity::Public
        };
        if let Err(e) = atomic_write(&path, object.text.as_bytes(), sensitivity) {
            crate::redact::print_stderr(&format!("customimage: {}: {e}\n", path.display()));
            return exit::USAGE;
        }
        if !globals.quiet {
            crate::redact::print_stderr(&format!("wrote {}\n", path.display()));
        }
    }
    exit::OK
}

fn internal_error(e: &RenderError) -> u8 {
    crate::redact::print_stderr(&format!(
        "customimage: internal error rendering a template: {e}\n"
    ));
    exit::USAGE
}
