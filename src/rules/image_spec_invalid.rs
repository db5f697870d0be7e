//! # `image-spec-invalid`
//!
//! ## What it does
//! Refuses an `--image-spec` manifest that the PrimeHub controller could not read as an
//! `ImageSpec`: a document that is not a mapping, a `kind` other than `ImageSpec`, a missing or
//! empty `metadata.name`, a missing `spec.baseImage`, or a field of the wrong type (a package
//! that is not a string, `packages.apt` that is not a list).
//!
//! Detected by: `src/values/image_spec.rs`, while reading the manifest.
//!
//! ## Why is this bad?
//! The API server refuses such a manifest (or the controller skips it), so no image is ever
//! built, and what `render` would show for it (the job, the pod, the Dockerfile) would be
//! objects that never exist. The job name is `<metadata.name>-<hash>` and the hash starts from
//! `spec.baseImage`: without them there is nothing to render.
//!
//! ## Example
//! ```yaml
//! apiVersion: primehub.io/v1alpha1
//! kind: ImageSpec
//! metadata:
//!   name: data-science
//! spec:
//!   packages:
//!     pip: [numpy==1.26.4]
//! ```
//!
//! ## Use instead
//! ```yaml
//! apiVersion: primehub.io/v1alpha1
//! kind: ImageSpec
//! metadata:
//!   name: data-science
//! spec:
//!   baseImage: jupyter/base-notebook
//!   packages:
//!     pip: [numpy==1.26.4]
//! ```
//!
//! ## References
//! - [primehub-controller: the `ImageSpec` types](https://github.com/InfuseAI/primehub-controller)

use super::schema::a;
use crate::rules::prelude::*;
use crate::values::image_spec::Problem;

/// The finding for `problem` at dotted `path` (empty for the document), written at `span`.
pub fn diagnostic(problem: &Problem, path: &str, span: Span) -> Diagnostic {
    let (message, help) = match problem {
        Problem::WrongKind { found } => (
            format!("`kind` is `{found}`: this is not an ImageSpec"),
            "pass the ImageSpec manifest (`kind: ImageSpec`) to `--image-spec`".to_string(),
        ),
        Problem::Missing => (
            format!("`{path}` is missing: the controller needs it to build the image"),
            format!("add `{path}`"),
        ),
        Problem::Empty => (
            format!("`{path}` is empty: the build job is named after it"),
            format!("give `{path}` a value"),
        ),
        Problem::WrongType { expected, found } if path.is_empty() => (
            format!(
                "an ImageSpec must be {}, but this document is {}",
                a(expected),
                a(found)
            ),
            "pass the ImageSpec manifest (`kind: ImageSpec`) to `--image-spec`".to_string(),
        ),
        Problem::WrongType { expected, found } => (
            format!("`{path}` must be {}, but it is {}", a(expected), a(found)),
            format!("write `{path}` as {}", a(expected)),
        ),
    };
    Rule::ImageSpecInvalid
        .diagnostic(message)
        .help(help)
        .at(path, span)
}
