//! # `image-spec-package`
//!
//! ## What it does
//! Warns about a package in an `--image-spec` manifest's `spec.packages` (`apt`, `pip` or
//! `conda`) whose name the PrimeHub controller drops: anything that does not match
//! `^[a-zA-Z0-9-_:=\.]+$`, such as `pandas>=2`, a name with a space, or shell syntax.
//!
//! Detected by: `src/values/image_spec.rs`, while reading the manifest.
//!
//! ## Why is this bad?
//! The controller's `filterIllegalPackages` leaves such a package out of the Dockerfile
//! without telling anyone: the build succeeds and the image lacks the package. The spec's hash
//! (and so the job and image tag) is still computed over the packages as written, so the tag
//! does not reveal it either.
//!
//! ## Example
//! ```yaml
//! spec:
//!   baseImage: jupyter/base-notebook
//!   packages:
//!     pip:
//!     - pandas>=2
//! ```
//!
//! ## Use instead
//! ```yaml
//! spec:
//!   baseImage: jupyter/base-notebook
//!   packages:
//!     pip:
//!     - pandas==2.2.2
//! ```
//!
//! ## References
//! - [primehub-controller: `filterIllegalPackages`](https://github.com/InfuseAI/primehub-controller)

use crate::rules::prelude::*;

/// The finding for `package` of `spec.packages.<list>`, written at `span`.
pub fn diagnostic(list: &str, package: &str, span: Span) -> Diagnostic {
    Rule::ImageSpecPackage
        .diagnostic(format!(
            "{package:?} is not a valid package name (^[a-zA-Z0-9-_:=\\.]+$); the controller \
             leaves it out of the Dockerfile"
        ))
        .help(
            "write a bare package name, pinned with `==` or `=` if needed (`pandas==2.2.2`); \
             the controller accepts letters, digits and `-_:=.` only",
        )
        .at(format!("spec.packages.{list}"), span)
}
