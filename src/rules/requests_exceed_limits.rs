//! # `requests-exceed-limits`
//!
//! ## What it does
//! Compares each `buildJob.resources.requests` amount with its limit, after merging the values
//! with the chart's defaults (requests `cpu: 500m`, `memory: 100Mi`; limits `cpu: 2000m`,
//! `memory: 1500Mi`), the way Helm does. The comparison is exact across units (`2Gi` vs
//! `1500Mi`, `1` vs `2000m`). Quantities that do not parse are left to `invalid-quantity`.
//!
//! The finding points at the request when the values set it, otherwise at the limit (set lower
//! than the chart's default request).
//!
//! ## Why is this bad?
//! Kubernetes refuses a pod whose request exceeds its limit, so every build pod is rejected and
//! no image is built. Setting only one side is the usual cause: `limits.memory: 64Mi` alone is
//! below the chart's default request of `100Mi`.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   buildJob:
//!     resources:
//!       requests:
//!         memory: 2Gi
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   buildJob:
//!     resources:
//!       requests:
//!         memory: 2Gi
//!       limits:
//!         memory: 4Gi
//! ```
//!
//! ## References
//! - Kubernetes, [Requests and limits](https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits)

use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    for name in ["cpu", "memory"] {
        let request = ctx.values.resource_with_chart_default(true, name);
        let limit = ctx.values.resource_with_chart_default(false, name);
        let (Ok(request_amount), Ok(limit_amount)) = (request.amount(), limit.amount()) else {
            continue;
        };
        if request_amount <= limit_amount {
            continue;
        }
        let request_path = format!("customImage.buildJob.resources.requests.{name}");
        let limit_path = format!("customImage.buildJob.resources.limits.{name}");
        let written = |path: &str| ctx.located.value_spans.contains_key(path);
        let origin = |path: &str| if written(path) { "" } else { " (the chart's default)" };
        // Not between backticks, so `Diagnostic::new` would not cut them: cut here.
        let (request, limit) = (quoted(&request.0), quoted(&limit.0));
        let message = format!(
            "`requests.{name}` {request}{} is more than `limits.{name}` {limit}{}: Kubernetes \
             rejects every build pod",
            origin(&request_path),
            origin(&limit_path)
        );
        let help = format!(
            "raise `limits.{name}` to at least {request}, or lower `requests.{name}` to at most \
             {limit}"
        );
        let path = if written(&request_path) || !written(&limit_path) {
            request_path
        } else {
            limit_path
        };
        out.push(ctx.at_value(Rule::RequestsExceedLimits.diagnostic(message).help(help), &path));
    }
}
