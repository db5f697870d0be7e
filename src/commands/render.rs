//! `customimage render` (SPEC §6): print, or write one file each, the Kubernetes objects the
//! chart and the controller would create. The objects themselves are `crate::render`'s.

use std::path::{Path, PathBuf};

use clap::Args;

use super::layers::{self, LayerArgs};
use super::{Error, Globals, Outcome};
use crate::analysis::FileResult;
use crate::render::build::{self, BuildError};
use crate::render::image_spec::ImageSpec;
use crate::render::{build_objects, chart_manifests_with, stream, Object};
use crate::source::SourceFile;
use crate::write::{atomic_write, Sensitivity};

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A values file or `.env` (`-` for standard input); with `-f`/`--set*`, the first layer.
    #[arg(required_unless_present_any = ["values", "set", "set_string", "set_json", "set_literal", "set_file"])]
    pub input: Option<String>,
    /// A PrimeHub `ImageSpec` manifest: also render its build job, pod and Dockerfile.
    #[arg(long, value_name = "SPEC")]
    pub image_spec: Option<String>,
    /// Write one file per object into this directory instead of standard output.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Read the input as a `.env` file.
    #[arg(long)]
    pub env: bool,
    #[command(flatten)]
    pub layers: LayerArgs,
}

/// `customimage render`.
pub fn run(args: &RenderArgs, globals: &Globals) -> Result<Outcome, Error> {
    let first: Vec<String> = args.input.iter().cloned().collect();
    let loaded = layers::load(&first, &args.layers, args.env, globals)?;
    let fullname = layers::fullname(&loaded, &globals.release);
    let values = loaded.custom_image().with_chart_defaults();
    let spec = args
        .image_spec
        .as_deref()
        .map(read_image_spec)
        .transpose()?;
    let block = loaded.effective.as_ref().map(|e| e.custom_image_json());
    let mut objects = chart_manifests_with(&values, block.as_ref(), &fullname, &globals.namespace)
        .map_err(|e| Error::Internal(format!("rendering a template: {e}")))?;
    if let Some((spec, checked)) = &spec {
        match build::render(&values, spec, &globals.namespace) {
            Ok(build) => {
                globals.show_warnings(checked);
                objects.extend(build_objects(&build));
            }
            Err(BuildError::NoPushTarget) => {
                return Err(Error::Refused(format!(
                "customimage: {}\n  help: set customImage.pushRepo or customImage.pushRepoPrefix\n",
                BuildError::NoPushTarget
            )))
            }
            Err(BuildError::Template(e)) => {
                return Err(Error::Internal(format!("rendering a template: {e}")))
            }
        }
    }
    match &args.output_dir {
        Some(dir) => {
            // Every layer and the image spec: none of them may be overwritten.
            let spec = args.image_spec.as_deref().unwrap_or("-");
            let inputs: Vec<&Path> = args
                .input
                .iter()
                .chain(&args.layers.values)
                .map(Path::new)
                .chain([Path::new(spec)])
                .collect();
            write_files(dir, &objects, &inputs, globals)
        }
        None => {
            let text = stream(&objects);
            if objects.iter().any(|o| o.sensitive) {
                crate::redact::print_sensitive(&text);
            } else {
                crate::redact::print_stdout(&text);
            }
            Ok(Outcome::Success)
        }
    }
}

/// Reads `--image-spec`: an input error when it cannot be read, findings when it is not an
/// `ImageSpec` (`image-spec-invalid`, `yaml-syntax`). A usable spec comes back with its
/// checked source, whose warnings (`image-spec-package`) are shown like any other finding.
fn read_image_spec(path: &str) -> Result<(ImageSpec, FileResult), Error> {
    let source = SourceFile::read(path)?;
    let (spec, findings) = crate::values::image_spec::read(&source);
    let checked = FileResult {
        source,
        located: Default::default(),
        diagnostics: crate::rules::image_spec_diagnostics(&findings),
        suppressed: Vec::new(),
    };
    match spec {
        Some(spec) => Ok((spec, checked)),
        None => Err(Error::findings(checked)),
    }
}

fn write_files(
    dir: &Path,
    objects: &[Object],
    inputs: &[&Path],
    globals: &Globals,
) -> Result<Outcome, Error> {
    // No input is overwritten by an output (`--output-dir .` beside a `push-secret.yaml` input).
    for object in objects {
        crate::write::refuse_if_input(&dir.join(object.file_name), inputs)
            .map_err(|e| Error::usage(e.to_string()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    for object in objects {
        let path = dir.join(object.file_name);
        let sensitivity = if object.sensitive || object.file_name == "push-secret.yaml" {
            Sensitivity::Secret
        } else {
            Sensitivity::Public
        };
        atomic_write(&path, object.text.as_bytes(), sensitivity)
            .map_err(|e| Error::write(&path, e))?;
        crate::report::note(globals.quiet, &format!("wrote {}", path.display()));
    }
    Ok(Outcome::Success)
}
