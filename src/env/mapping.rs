//! The 2.x `.env` → 3.x `customImage` mapping (SPEC §2), current and deprecated names.
//!
//! Owns: which `.env` key becomes which value, the deprecated 2.2 names, booleans, and the
//! `env-unknown-key`, `env-deprecated-key`, `env-conflicting-alias` and `env-invalid-bool`
//! findings (typed: their wording is in the rule files). The values are taken as bash left them
//! (see [`crate::env`]).

use crate::env::{Alias, Assignment, EnvFile, Finding};
use crate::redact::is_secret_key;
use crate::source::Span;
use crate::values::{CustomImage, LocatedValues, Secret};

/// The current 2.x names and the `customImage` key each one sets.
pub const KEYS: &[(&str, &str)] = &[
    ("PRIMEHUB_FEATURE_CUSTOM_IMAGE", "enabled"),
    (
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT",
        "registryEndpoint",
    ),
    (
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME",
        "registryUsername",
    ),
    (
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD",
        "registryPassword",
    ),
    ("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX", "pushRepoPrefix"),
    ("PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO", "pushRepo"),
    ("PRIMEHUB_CUSTOM_IMAGE_PUSH_SECRET_NAME", "pushSecretName"),
    (
        "PRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY",
        "insecureSkipVerify",
    ),
];

/// The deprecated PrimeHub 2.2 names and the current name each one stands for.
pub const DEPRECATED: &[(&str, &str)] = &[
    (
        "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_ENDPOINT",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT",
    ),
    (
        "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_USERNAME",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME",
    ),
    (
        "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_PASSWORD",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD",
    ),
    (
        "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REPO_PREFIX",
        "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX",
    ),
];

/// How many unknown keys get a "did you mean" at most.
const MAX_SUGGESTIONS: usize = 100;

/// Whether `key` is one this mapping reads (current or deprecated).
pub fn is_mapped(key: &str) -> bool {
    KEYS.iter().any(|(k, _)| *k == key) || DEPRECATED.iter().any(|(k, _)| *k == key)
}

/// Whether `key` looks like one of the Image Builder's `.env` names (in any letter case).
pub fn looks_like_ours(key: &str) -> bool {
    let key = key.to_ascii_uppercase();
    key.starts_with("PRIMEHUB_") && key.contains("CUSTOM_IMAGE")
}

/// `true` and `false`, exactly; anything else is not a boolean here.
pub fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// For a key that looks like an Image Builder setting but is not one, the closest real name.
pub fn suggestion(key: &str) -> Option<&'static str> {
    if is_mapped(key) || !looks_like_ours(key) {
        return None;
    }
    crate::suggest::closest(key, KEYS.iter().map(|(k, _)| *k))
}

/// The located `customImage` values a `.env` gives, and the mapping's findings.
///
/// The values used are taken out of `env` (a password may be megabytes long; the typed model
/// holds it, not a second copy); everything else in it is left as it was.
pub fn to_values(env: &mut EnvFile) -> (LocatedValues, Vec<Finding>) {
    let mut located = LocatedValues {
        typed: true,
        block_span: Span::new(0, 0),
        secret_spans: env.secret_spans.clone(),
        ..LocatedValues::default()
    };
    let mut diagnostics = Vec::new();
    for &(current, field) in KEYS {
        let path = format!("customImage.{field}");
        let Some(used) = choose(env, current, &path, &mut diagnostics) else {
            continue;
        };
        let used = &mut env.assignments[used];
        located.block_present = true;
        located.value_spans.insert(path.clone(), used.value_span);
        located.key_spans.insert(path.clone(), used.key_span);
        located.env_keys.insert(path, used.key.clone());
        let value = std::mem::take(&mut used.value);
        if let Err(finding) = set(&mut located.custom_image, field, used, value) {
            diagnostics.push(*finding);
        }
    }
    let mut reported = std::collections::HashSet::new();
    for assignment in &env.assignments {
        let key = assignment.key.as_str();
        if looks_like_ours(key) && !is_mapped(key) && reported.insert(key) {
            // Edit distances cost; past a hundred unknown keys the file is not a typo away.
            let suggested = (reported.len() <= MAX_SUGGESTIONS)
                .then(|| suggestion(key))
                .flatten();
            diagnostics.push(Finding::UnknownKey {
                key: key.to_string(),
                suggestion: suggested,
                span: assignment.key_span,
            });
        }
    }
    (located, diagnostics)
}

/// The assignment that gives the value of `current`: the current name when it is set, else its
/// deprecated name; reports the deprecated name and a conflict between the two.
fn choose(
    env: &EnvFile,
    current: &str,
    path: &str,
    diagnostics: &mut Vec<Finding>,
) -> Option<usize> {
    let set = |key: &str| {
        env.position(key)
            .filter(|&i| !env.assignments[i].value.is_empty())
    };
    let Some(&(deprecated, current)) = DEPRECATED.iter().find(|(_, c)| *c == current) else {
        return set(current);
    };
    let (now, old) = (set(current), set(deprecated));
    let at = |i: usize| &env.assignments[i];
    if let Some(old_assignment) = env.get(deprecated) {
        let same = now
            .zip(old)
            .is_some_and(|(n, o)| at(n).value == at(o).value);
        diagnostics.push(Finding::DeprecatedKey {
            deprecated,
            current,
            values_path: path.to_string(),
            current_also_set: same,
            span: old_assignment.key_span,
        });
    }
    match (now, old) {
        (Some(n), Some(o)) if at(n).value != at(o).value => {
            let alias = |a: &Assignment| Alias {
                key: a.key.clone(),
                line: a.line,
                shown_value: (!is_secret_key(&a.key)).then(|| a.value.clone()),
            };
            diagnostics.push(Finding::ConflictingAlias {
                current: alias(at(n)),
                deprecated: alias(at(o)),
                span: at(o).value_span,
            });
            Some(n)
        }
        (Some(n), _) => Some(n),
        (None, old) => old,
    }
}

/// Sets `customImage.<field>` from `assignment`; a boolean that is not `true`/`false` is left
/// out and reported.
fn set(
    values: &mut CustomImage,
    field: &str,
    assignment: &Assignment,
    value: String,
) -> Result<(), Box<Finding>> {
    let boolean = || {
        parse_bool(&value).ok_or_else(|| {
            Box::new(Finding::InvalidBool {
                key: assignment.key.clone(),
                value: value.clone(),
                span: assignment.value_span,
            })
        })
    };
    match field {
        "enabled" => values.enabled = Some(boolean()?),
        "insecureSkipVerify" => values.insecure_skip_verify = Some(boolean()?),
        "registryEndpoint" => values.registry_endpoint = Some(value),
        "registryUsername" => values.registry_username = Some(value),
        "registryPassword" => values.registry_password = Some(Secret::new(value)),
        "pushRepoPrefix" => values.push_repo_prefix = Some(value),
        "pushRepo" => values.push_repo = Some(value),
        "pushSecretName" => values.push_secret_name = Some(value),
        other => debug_assert!(false, "unmapped field {other}"),
    }
    Ok(())
}

#[cfg(test)]
#[path = "mapping_tests.rs"]
mod tests;
