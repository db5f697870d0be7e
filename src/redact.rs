//! The one redaction point. Every secret the tool reads (a registry password, a GCR key, a
//! decoded `.dockerconfigjson`) is registered here as soon as it is read, and every byte the tool
//! prints (reports, diffs, errors, panics) passes through [`scrub`] on its way out. Only
//! `render`, whose objects must contain the secret, writes through [`print_sensitive`].
//!
//! Secret spans inside a source file are masked separately by [`mask_source`], so that a
//! report's snippet shows `****` where the password stands.

use std::borrow::Cow;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind};

use crate::source::Span;

mod encodings;
pub use encodings::{encoded_forms, register_with_encodings};

/// What a secret is replaced by.
pub const MASK: &str = "****";

/// Secrets shorter than this are masked by span only: replacing a two-letter password
/// everywhere would garble every message while protecting nothing.
const MIN_GLOBAL_LEN: usize = 4;

/// The shortest line (or embedded key) of a secret that is masked on its own.
const MIN_PART_LEN: usize = 8;

/// The registered secrets and a matcher over all of them, rebuilt only after a registration:
/// scrubbing is then one linear pass over the text however many secrets a lint run collected.
#[derive(Default)]
struct Registry {
    secrets: Vec<String>,
    matcher: Option<Arc<AhoCorasick>>,
}

fn registry() -> &'static Mutex<Registry> {
    static SECRETS: OnceLock<Mutex<Registry>> = OnceLock::new();
    SECRETS.get_or_init(|| Mutex::new(Registry::default()))
}

/// Whether the value of `key` is a secret (a password, a token, or a misspelling of one): such
/// values are registered for redaction as soon as they are read, never quoted in a message, and
/// masked in a report's snippet by their key alone. Generous on purpose (`_PASWROD`, `PASSWD`,
/// `PASSPHRASE`, `pwd`, `token`, `secret`): masking too much is harmless. A key ending in `NAME`
/// (`pushSecretName`, `PUSH_SECRET_NAME`) names a secret and is not one.
pub fn is_secret_key(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    !upper.ends_with("NAME")
        && ["PASS", "PASW", "PSWD", "PWD", "SECRET", "TOKEN"]
            .iter()
            .any(|p| upper.contains(p))
}

/// Remembers a secret so that no output can show it. Also registers the forms it takes once
/// quoted for JSON or YAML, each line of a multi-line secret, and the private key inside a
/// GCR key JSON.
pub fn register(secret: &str) {
    let whole = secret.trim();
    if whole.chars().count() < MIN_GLOBAL_LEN {
        return;
    }
    let mut forms = vec![whole.to_string()];
    if let Ok(quoted) = serde_json::to_string(whole) {
        forms.push(quoted[1..quoted.len() - 1].to_string());
    }
    forms.push(whole.replace('\'', "''"));
    // Parts of a secret (its lines, the key inside a GCR key file) must be long enough not to
    // be ordinary words: a line `line one` of a multi-line value is no reason to mask "line".
    let mut parts: Vec<String> = whole.lines().map(str::to_string).collect();
    if let Ok(serde_json::Value::Object(key)) = serde_json::from_str(whole) {
        for field in ["private_key", "private_key_id"] {
            if let Some(serde_json::Value::String(v)) = key.get(field) {
                parts.push(v.clone());
                parts.extend(
                    v.lines()
                        .filter(|l| !l.starts_with("-----"))
                        .map(str::to_string),
                );
            }
        }
    }
    forms.extend(
        parts
            .into_iter()
            .filter(|p| p.trim().chars().count() >= MIN_PART_LEN),
    );
    let mut registry = registry().lock().unwrap_or_else(|e| e.into_inner());
    for form in forms {
        let form = form.trim().to_string();
        if !form.is_empty() && !registry.secrets.contains(&form) {
            registry.secrets.push(form);
            registry.matcher = None;
        }
    }
}

fn matcher() -> Option<Arc<AhoCorasick>> {
    let mut registry = registry().lock().unwrap_or_else(|e| e.into_inner());
    if registry.secrets.is_empty() {
        return None;
    }
    if registry.matcher.is_none() {
        // Leftmost-longest: a secret containing another is masked whole.
        registry.matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&registry.secrets)
            .ok()
            .map(Arc::new);
    }
    registry.matcher.clone()
}

/// Replaces every registered secret in `text` by [`MASK`].
pub fn scrub(text: &str) -> Cow<'_, str> {
    match matcher() {
        Some(m) if m.is_match(text) => {
            Cow::Owned(m.replace_all(text, &vec![MASK; m.patterns_len()]))
        }
        _ => Cow::Borrowed(text),
    }
}

/// Scrubs every string value of a JSON document, leaving its structure intact: the field
/// names are the tool's own, and a secret that happens to equal one (`line`) must not turn
/// `"line": 3` into `"****": 3` for the CI job that reads it.
pub fn scrub_json(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) => {
            if let Cow::Owned(clean) = scrub(s) {
                *s = clean;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(scrub_json),
        serde_json::Value::Object(map) => map.values_mut().for_each(scrub_json),
        _ => {}
    }
}

/// A JSON document as text, scrubbed value by value (see [`scrub_json`]), pretty, with a newline.
pub fn scrubbed_json_text(mut value: serde_json::Value) -> String {
    scrub_json(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Prints a JSON document scrubbed value by value (see [`scrub_json`]).
pub fn print_json(value: serde_json::Value) {
    print_sensitive(&scrubbed_json_text(value));
}

/// Prints to standard output through [`scrub`].
pub fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(scrub(text).as_bytes());
    let _ = out.flush();
}

/// Prints to standard error through [`scrub`].
pub fn print_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(scrub(text).as_bytes());
    let _ = err.flush();
}

/// Prints output that must contain secrets (a rendered push secret, `diff --show-secrets`).
pub fn print_sensitive(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// A copy of `text` with each span in `secrets` replaced by [`MASK`], and a function mapping an
/// offset of the original text to the masked one (an offset inside a secret maps to its mask).
pub fn mask_source(text: &str, secrets: &[Span]) -> (String, impl Fn(usize) -> usize) {
    let mut spans: Vec<Span> = secrets
        .iter()
        .copied()
        .filter(|s| s.len > 0 && s.end() <= text.len())
        .collect();
    spans.sort();
    // Overlapping spans become their union, so that no part of either is shown.
    spans.dedup_by(|b, a| {
        if b.offset < a.end() {
            a.len = a.len.max(b.end() - a.offset);
            true
        } else {
            false
        }
    });
    // A multi-line secret is masked line by line, its line breaks kept, so that the lines after
    // it keep their numbers in the report's gutter.
    let spans: Vec<Span> = spans
        .into_iter()
        .flat_map(|s| {
            let mut pieces = Vec::new();
            let mut start = s.offset;
            for (i, _) in text[s.offset..s.end()].match_indices('\n') {
                let line_end = s.offset + i;
                let end = if text[..line_end].ends_with('\r') {
                    line_end - 1
                } else {
                    line_end
                };
                pieces.push(Span::new(start, end.saturating_sub(start)));
                start = line_end + 1;
            }
            pieces.push(Span::new(start, s.end() - start));
            pieces.into_iter().filter(|p| p.len > 0)
        })
        .collect();
    let mut masked = String::with_capacity(text.len());
    let mut last = 0;
    for s in &spans {
        masked.push_str(&text[last..s.offset]);
        masked.push_str(MASK);
        last = s.end();
    }
    masked.push_str(&text[last..]);
    let map = move |offset: usize| {
        let mut shift: isize = 0;
        for s in &spans {
            if offset >= s.end() {
                shift += MASK.len() as isize - s.len as isize;
            } else if offset >= s.offset {
                return (s.offset as isize + shift) as usize;
            } else {
                break;
            }
        }
        (offset as isize + shift) as usize
    };
    (masked, map)
}

/// Panics print their location and a scrubbed message, never a secret a payload carried.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        print_stderr(&format!(
            "customimage: internal error at {location}: {payload}\nPlease report this bug.\n"
        ));
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_secret_key_predicate_for_env_keys_and_values_keys() {
        for key in [
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD",
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASWROD",
            "KC_PASSWD",
            "DB_PSWD",
            "registryPassword",
            "registryPasword",
            "adminPwd",
            "clientSecret",
            "token",
            "GITHUB_TOKEN",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "pushSecretName",
            "PRIMEHUB_CUSTOM_IMAGE_PUSH_SECRET_NAME",
            "tokenName",
            "registryUsername",
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn registered_secrets_and_their_quoted_forms_are_scrubbed() {
        register("s3cr\"et-canary");
        assert_eq!(scrub("pw=s3cr\"et-canary!"), "pw=****!");
        assert_eq!(scrub("\"s3cr\\\"et-canary\""), "\"****\"");
        assert_eq!(scrub("nothing here"), "nothing here");
    }

    #[test]
    fn json_is_scrubbed_leaf_by_leaf_and_keeps_its_structure() {
        register("line");
        register("lineCANARY42");
        let mut doc = serde_json::json!({"line": 3, "message": "pw lineCANARY42 at line 3"});
        scrub_json(&mut doc);
        // The field names stay; values are masked, the longer secret whole.
        assert_eq!(doc["line"], 3);
        assert_eq!(doc["message"], "pw **** at **** 3");
    }

    #[test]
    fn short_lines_of_a_multi_line_secret_are_not_masked_everywhere() {
        register("a first line\nok\nthe-third-line-canary");
        assert_eq!(scrub("ok then"), "ok then");
        assert_eq!(scrub("x the-third-line-canary y"), "x **** y");
    }

    #[test]
    fn masking_source_spans_remaps_offsets() {
        let text = "user: a\npass: hunter2\nnext: b\n";
        let span = Span::new(14, 7);
        let (masked, map) = mask_source(text, &[span]);
        assert_eq!(masked, "user: a\npass: ****\nnext: b\n");
        assert_eq!(map(0), 0);
        assert_eq!(map(16), 14); // inside the secret: its mask
        assert_eq!(&masked[map(22)..map(22) + 4], "next");
    }

    #[test]
    fn overlapping_spans_are_masked_as_their_union() {
        let text = "pass: |\n  line1\n  line2\nnext: b\n";
        let (masked, map) = mask_source(text, &[Span::new(6, 1), Span::new(6, 18)]);
        // Line by line: the next key stays on line 4.
        assert_eq!(masked, "pass: ****\n****\n****\nnext: b\n");
        assert_eq!(&masked[map(24)..map(24) + 4], "next");
        assert_eq!(map(10), 11); // inside the second line's secret: its mask
    }
}
