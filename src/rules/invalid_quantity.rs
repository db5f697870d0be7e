//! # `invalid-quantity`
//!
//! ## What it does
//! Parses `buildJob.resources.{requests,limits}.{cpu,memory}` and `buildJob.ephemeralStorage`
//! as Kubernetes quantities, exactly as Kubernetes does: a number (`2`, `0.5`, `1.`) with one
//! suffix — `Ki Mi Gi Ti Pi Ei` (powers of 1024), `n u m k M G T P E` (powers of 1000) or an
//! exponent (`1e3`). It reports
//! - as an error, a resource quantity that does not parse (`2GB`, `1gi`, `500 m`), has no digits
//!   (`m`: Kubernetes' scanner reads it as 0; we refuse it), or is negative;
//! - as a warning, an `ephemeralStorage` that does not parse or has no digits; a negative one is
//!   an error.
//!
//! The help suggests the likely spelling (`2GB` → `2G` or `2Gi`).
//!
//! ## Why is this bad?
//! The controller parses the resources when it starts and refuses to start on a bad one: no
//! image spec is built at all. A bad `ephemeralStorage` is silently replaced by `30Gi`, so the
//! build pod's scratch space is not what the values say. A negative amount makes the API server
//! reject every build pod.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   buildJob:
//!     resources:
//!       limits:
//!         cpu: 2
//!         memory: 2GB
//!     ephemeralStorage: 50 Gi
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   buildJob:
//!     resources:
//!       limits:
//!         cpu: 2
//!         memory: 2Gi
//!     ephemeralStorage: 50Gi
//! ```
//!
//! ## References
//! - Kubernetes, [Resource units](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#resource-units-in-kubernetes)
//! - Kubernetes, [`resource.Quantity`](https://pkg.go.dev/k8s.io/apimachinery/pkg/api/resource#Quantity)

use crate::rules::prelude::*;
use crate::values::quantity::{suggestions, QuantityError};
use crate::values::{Quantity, DEFAULT_EPHEMERAL_STORAGE};

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(job) = &ctx.values.build_job else {
        return;
    };
    if let Some(resources) = &job.resources {
        for (kind, list) in [("requests", &resources.requests), ("limits", &resources.limits)] {
            let Some(list) = list else { continue };
            for (name, quantity) in [("cpu", &list.cpu), ("memory", &list.memory)] {
                if let Some(quantity) = quantity {
                    let path = format!("customImage.buildJob.resources.{kind}.{name}");
                    out.extend(check_resource(ctx, &path, quantity));
                }
            }
        }
    }
    if let Some(storage) = &job.ephemeral_storage {
        out.extend(check_storage(ctx, storage));
    }
}

fn check_resource(ctx: &ValuesContext, path: &str, quantity: &Quantity) -> Option<Diagnostic> {
    let key = path.trim_start_matches("customImage.");
    let message = match quantity.amount() {
        Ok(amount) if amount.is_negative() => format!(
            "`{key}` is negative (`{quantity}`): the API server rejects every build pod",
            quantity = quoted(&quantity.0)
        ),
        Ok(_) => return None,
        Err(QuantityError::NoDigits) => format!(
            "`{key}` `{quantity}` has no digits: Kubernetes reads it as 0, which is never what \
             a build needs",
            quantity = quoted(&quantity.0)
        ),
        Err(error) => format!(
            "`{key}` `{quantity}` is not a Kubernetes quantity ({error}): the controller \
             refuses to start",
            quantity = quoted(&quantity.0)
        ),
    };
    Some(ctx.at_value(
        Rule::InvalidQuantity.diagnostic(message).help(help(quantity, key)),
        path,
    ))
}

fn check_storage(ctx: &ValuesContext, quantity: &Quantity) -> Option<Diagnostic> {
    let path = "customImage.buildJob.ephemeralStorage";
    let (message, severity) = match quantity.amount() {
        Ok(amount) if amount.is_negative() => (
            format!(
                "`buildJob.ephemeralStorage` is negative (`{quantity}`): the API server rejects \
                 every build pod",
                quantity = quoted(&quantity.0)
            ),
            Severity::Error,
        ),
        Ok(_) => return None,
        Err(QuantityError::NoDigits) => (
            format!(
                "`buildJob.ephemeralStorage` `{quantity}` has no digits: Kubernetes reads it as \
                 0, a build pod without scratch space",
                quantity = quoted(&quantity.0)
            ),
            Severity::Warning,
        ),
        Err(error) => (
            format!(
                "`buildJob.ephemeralStorage` `{quantity}` is not a Kubernetes quantity ({error}): \
                 the controller silently uses {DEFAULT_EPHEMERAL_STORAGE} instead",
                quantity = quoted(&quantity.0)
            ),
            Severity::Warning,
        ),
    };
    Some(ctx.at_value(
        Rule::InvalidQuantity.diagnostic(message)
            .help(help(quantity, "buildJob.ephemeralStorage"))
            .severity(severity),
        path,
    ))
}

fn help(quantity: &Quantity, key: &str) -> String {
    let field = key.rsplit('.').next().unwrap_or(key);
    let guesses: Vec<String> = suggestions(&quantity.0)
        .into_iter()
        .map(|s| format!("`{field}: {s}`"))
        .collect();
    let units = "a number with one unit: Ki Mi Gi Ti Pi Ei (powers of 1024), m k M G T P E \
                 (powers of 1000), or none";
    match guesses.as_slice() {
        [] => format!("write {units}; e.g. `cpu: 500m`, `memory: 2Gi`"),
        [one] => format!("did you mean {one}? A quantity is {units}"),
        many => format!(
            "did you mean {}? A quantity is {units}",
            many.join(" or ")
        ),
    }
}
