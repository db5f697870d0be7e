//! # `invalid-secret-name`
//!
//! ## What it does
//! Reports a `pushSecretName` that is empty or not a DNS-1123 subdomain, the form of every
//! Kubernetes object name: at most 253 characters of lowercase letters, digits, `-` and `.`,
//! starting and ending with a letter or digit (each `.`-separated part too).
//!
//! ## Why is this bad?
//! An empty name makes the controller refuse to start; any other invalid name makes every build
//! pod invalid (its push-secret volume names no possible secret), so no image is ever built.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://123456789012.dkr.ecr.us-east-1.amazonaws.com
//!   pushRepo: 123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-images
//!   pushSecretName: AWS_Registry
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://123456789012.dkr.ecr.us-east-1.amazonaws.com
//!   pushRepo: 123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-images
//!   pushSecretName: aws-registry
//! ```
//!
//! ## References
//! - Kubernetes, [Object names: DNS subdomain names](https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names)

use crate::rules::prelude::*;
use crate::values::DEFAULT_PUSH_SECRET_NAME;

/// The longest DNS-1123 subdomain.
const MAX_LEN: usize = 253;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    let Some(name) = ctx.values.push_secret_name.as_deref() else {
        return;
    };
    let Some(problem) = problem(name) else {
        return;
    };
    let message = if name.is_empty() {
        "`pushSecretName` is empty: the controller refuses to start without a push secret"
            .to_string()
    } else {
        format!(
            "`pushSecretName` `{name}` is not a valid Kubernetes secret name: {problem}; no \
             build pod can mount it",
            name = quoted(name)
        )
    };
    let help = match fixed(name) {
        Some(fixed) => format!("name a valid secret, e.g. `pushSecretName: {fixed}`"),
        None => format!(
            "remove `pushSecretName` to use the chart's `{DEFAULT_PUSH_SECRET_NAME}`, or name a \
             secret of lowercase letters, digits, `-` and `.`"
        ),
    };
    out.push(ctx.at_value(
        Rule::InvalidSecretName.diagnostic(message).help(help),
        "customImage.pushSecretName",
    ));
}

/// What makes `name` not a DNS-1123 subdomain, if anything.
pub(crate) fn problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("it is empty".to_string());
    }
    if name.len() > MAX_LEN {
        return Some(format!("it is {} characters long, over {MAX_LEN}", name.len()));
    }
    if let Some(c) = name.chars().find(char::is_ascii_uppercase) {
        return Some(format!("it has the uppercase letter `{c}`"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.')))
    {
        return Some(format!("`{}` is not allowed", c.escape_debug()));
    }
    let bad_edge = |part: &str| {
        !(part.starts_with(|c: char| c.is_ascii_alphanumeric())
            && part.ends_with(|c: char| c.is_ascii_alphanumeric()))
    };
    if name.split('.').any(bad_edge) {
        return Some(
            "it (and each `.`-separated part) must start and end with a letter or digit"
                .to_string(),
        );
    }
    None
}

/// The name an operator most likely meant, when it is valid.
fn fixed(name: &str) -> Option<String> {
    // What is left once the ends are trimmed below: too long, no fix (and no copy of a name of
    // megabytes).
    let core = name.trim().trim_matches(|c| matches!(c, '-' | '.' | '_' | ' '));
    if core.len() > MAX_LEN {
        return None;
    }
    let candidate: String = name
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '_' || c == ' ' { '-' } else { c })
        .collect();
    let candidate = candidate.trim_matches(|c| c == '-' || c == '.').to_string();
    (candidate != name && problem(&candidate).is_none()).then_some(candidate)
}
