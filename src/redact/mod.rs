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

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::source::Span;

mod encodings;
mod quoted;
pub use encodings::{encoded_forms, register_with_encodings};
use quoted::{Derived, Quoting};

/// What a secret is replaced by.
pub const MASK: &str = "****";

/// Secrets shorter than this are masked by span only: replacing a two-letter password
/// everywhere would garble every message while protecting nothing.
const MIN_GLOBAL_LEN: usize = 4;

/// The shortest line (or embedded key) of a secret that is masked on its own.
const MIN_PART_LEN: usize = 8;

/// Whether the value of `key` is a secret (a password, a token, or a misspelling of one): the
/// one secret-key predicate. Such values are registered for redaction as soon as they are read,
/// never quoted in a message, and masked in a report's snippet by their key alone. Generous on
/// purpose, since masking too much is harmless: any key containing `pass`, `pasw`,
/// `pswd`, `pswrd`, `pwd`, `secret` or `token` (case and punctuation ignored), or a part within
/// two edits of `password` (`registryPaasword`, `registryPssword`, `PASWROD`), except the name
/// of a secret (`pushSecretName`), which is not one.
pub fn is_secret_key(key: &str) -> bool {
    let k: Vec<u8> = key
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    if k.ends_with(b"name") {
        return false;
    }
    let has = |needle: &[u8]| k.windows(needle.len()).any(|w| w == needle);
    if ["pass", "pasw", "pswd", "pswrd", "pwd", "secret", "token"]
        .iter()
        .any(|n| has(n.as_bytes()))
    {
        return true;
    }
    // Within two edits of `password`; bounded, so that a 65,535-character key costs nothing.
    k.len() <= 128 && (6..=10).any(|n| k.windows(n).any(near_password))
}

/// Whether `w` is within two edits (Damerau-Levenshtein) of `password`. Each edit adds at most
/// one letter in common with `password` (counted with repeats: one `p`, two `s`, …), and all
/// eight are in common at the end, so a part with fewer than six in common is further than two
/// edits: that count, a pass over a few bytes, spares the distance (a table and a hash map)
/// for nearly every part of an ordinary key.
fn near_password(w: &[u8]) -> bool {
    let mut left = *b"password";
    let mut common = 0;
    for b in w {
        if let Some(slot) = left.iter_mut().find(|c| **c == *b) {
            *slot = 0;
            common += 1;
        }
    }
    common >= 6
        && strsim::damerau_levenshtein(std::str::from_utf8(w).unwrap_or(""), "password") <= 2
}

/// Forms at least this long are found with a substring searcher of their own instead of the
/// shared automaton: an Aho-Corasick automaton costs some 40 bytes per pattern byte to build,
/// and its DFA is quadratic to build for a repetitive pattern (`xxxx…`, `ab\\\n` repeated), so
/// a megabyte-long password would cost gigabytes and minutes. A two-way searcher costs its
/// needle and a pass over the text.
const LONG_FORM: usize = 1024;

/// The registered secrets and a matcher over all of them, rebuilt only after a registration:
/// scrubbing is then one linear pass over the text for the short forms (however many secrets a
/// lint run collected) plus one pass per long form (a form of [`LONG_FORM`] bytes or more, of
/// which an input of the size limit holds at most a few thousand).
#[derive(Default)]
struct Registry {
    /// Every form registered, lower-cased (ASCII): matching is case-insensitive.
    seen: std::collections::HashSet<String>,
    /// The long forms by digest, their bytes held for good (their searchers borrow them).
    seen_long: std::collections::HashMap<[u8; 32], &'static [u8]>,
    /// Digests of the secrets registered whole: a secret read twice (by its reader, then by
    /// the analysis) has all its forms already, and deriving them again would hold a second
    /// copy of each.
    secrets: std::collections::HashSet<[u8; 32]>,
    short: Vec<String>,
    long: Vec<Arc<memchr::memmem::Finder<'static>>>,
    /// The quoted forms of long secrets, derived when a text is scrubbed (see [`quoted`]).
    derived: Vec<Derived>,
    derived_seen: std::collections::HashSet<(usize, Quoting)>,
    matcher: Option<Arc<AhoCorasick>>,
}

fn registry() -> &'static Mutex<Registry> {
    static SECRETS: OnceLock<Mutex<Registry>> = OnceLock::new();
    SECRETS.get_or_init(|| Mutex::new(Registry::default()))
}

/// Remembers a secret so that no output can show it. Also registers the forms it takes once
/// quoted for JSON or YAML, each line of a multi-line secret, and the private key inside a
/// GCR key JSON. Matching ignores ASCII case, and the secret's Unicode lower- and upper-case
/// forms are registered too: a message may print a value lower-cased.
pub fn register(secret: &str) {
    register_forms(secret, true);
}

/// Remembers a secret as it is written in a source (`PASSWORD='pw'\`, continuation lines and
/// all): like [`register`], without the quoted forms. Outputs quote values, which their
/// readers register with [`register`]; source text they show only as it is, in snippets and
/// excerpts that are scrubbed before anything escapes or encodes them (JSON value by value,
/// XML, the human and GitHub reports text by text). The quoted form of a password written as
/// continuation lines is twice the size of the input, and would be held for good.
pub fn register_written(text: &str) {
    register_forms(text, false);
}

fn register_forms(secret: &str, quoted: bool) {
    let whole = secret.trim();
    if whole.chars().count() < MIN_GLOBAL_LEN {
        return;
    }
    // Each form is added as soon as it is derived, so that a long secret's forms are not all
    // held at once, and a line is copied only when it is long enough to be kept: a password
    // of a million continuation lines must not cost a million strings.
    let mut registry = registry().lock().unwrap_or_else(|e| e.into_inner());
    {
        use sha2::Digest;
        // Registered with its quoted forms or without: a value can be written as it is.
        let digest = sha2::Sha256::new_with_prefix([u8::from(quoted)]).chain_update(whole);
        if !registry.secrets.insert(digest.finalize().into()) {
            return;
        }
    }
    let long = registry.add(Cow::Borrowed(whole));
    // The quoted forms only where quoting changes the secret: a copy of a long secret is not
    // made to be found equal to it. A long secret's are derived when they can be found.
    for quoting in [Quoting::Json, Quoting::YamlSingle] {
        if !quoted || !quoting.changes(whole) {
            continue;
        }
        match long {
            Some(base) => registry.derive(Derived { base, quoting }),
            None => {
                if let Some(form) = quoting.apply(whole) {
                    registry.add(Cow::Owned(form));
                }
            }
        }
    }
    if !whole.is_ascii() {
        registry.add(Cow::Owned(whole.to_lowercase()));
        registry.add(Cow::Owned(whole.to_uppercase()));
    }
    // Parts of a secret (its lines, the key inside a GCR key file) must be long enough not to
    // be ordinary words: a line `line one` of a multi-line value is no reason to mask "line".
    // They count only when there is more than one.
    let long_enough = |p: &&str| p.trim().chars().count() >= MIN_PART_LEN;
    let mut parts = whole.lines().count();
    let mut key_parts: Vec<String> = Vec::new();
    if whole.starts_with('{') {
        if let Ok(serde_json::Value::Object(key)) = serde_json::from_str(whole) {
            for field in ["private_key", "private_key_id"] {
                if let Some(serde_json::Value::String(v)) = key.get(field) {
                    key_parts.push(v.clone());
                    key_parts.extend(
                        v.lines()
                            .filter(|l| !l.starts_with("-----"))
                            .map(str::to_string),
                    );
                }
            }
        }
    }
    parts += key_parts.len();
    if parts > 1 {
        for line in whole.lines().filter(long_enough) {
            registry.add(Cow::Borrowed(line));
        }
        for part in key_parts.iter().map(String::as_str).filter(long_enough) {
            registry.add(Cow::Borrowed(part));
        }
    }
}

impl Registry {
    /// Adds one form (trimmed, lower-cased), unless it is already there; returns the bytes a
    /// long form is held as. A long form is copied only when it is new (a password of megabytes
    /// is registered by its reader and again, as written, by the analysis), and a form derived
    /// for the purpose is kept as it is, lower-cased in place.
    fn add(&mut self, form: Cow<'_, str>) -> Option<&'static [u8]> {
        let trimmed = form.trim();
        if trimmed.is_empty() {
            return None;
        }
        let form = if trimmed.len() == form.len() {
            form
        } else {
            Cow::Borrowed(trimmed)
        };
        let lower = |form: Cow<'_, str>| {
            let mut form = form.into_owned();
            form.make_ascii_lowercase();
            form
        };
        if form.len() >= LONG_FORM {
            let digest = lowercase_digest(&form);
            if let Some(&needle) = self.seen_long.get(&digest) {
                return Some(needle);
            }
            // The registry lives as long as the process and never forgets a secret: the
            // searcher borrows the form for good instead of copying it.
            let needle: &'static [u8] = Box::leak(lower(form).into_bytes().into());
            self.seen_long.insert(digest, needle);
            self.long
                .push(Arc::new(memchr::memmem::Finder::new(needle)));
            return Some(needle);
        }
        let form = lower(form);
        if !self.seen.contains(&form) {
            self.short.push(form.clone());
            self.matcher = None;
            self.seen.insert(form);
        }
        None
    }

    /// Adds a long secret's quoted form, to be derived when a text is scrubbed.
    fn derive(&mut self, derived: Derived) {
        if self
            .derived_seen
            .insert((derived.base.as_ptr() as usize, derived.quoting))
        {
            self.derived.push(derived);
        }
    }
}

/// The SHA-256 of `form` lower-cased (ASCII), without a lower-cased copy of it.
fn lowercase_digest(form: &str) -> [u8; 32] {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    let mut buf = [0u8; 4096];
    for chunk in form.as_bytes().chunks(buf.len()) {
        let lower = &mut buf[..chunk.len()];
        lower.copy_from_slice(chunk);
        lower.make_ascii_lowercase();
        hasher.update(lower);
    }
    hasher.finalize().into()
}

/// The automaton over the short forms, the searchers of the long ones and the quoted forms
/// of long secrets to derive, as of now.
fn matchers() -> (
    Option<Arc<AhoCorasick>>,
    Vec<Arc<memchr::memmem::Finder<'static>>>,
    Vec<Derived>,
) {
    let mut registry = registry().lock().unwrap_or_else(|e| e.into_inner());
    if registry.matcher.is_none() && !registry.short.is_empty() {
        // Leftmost-longest: a secret containing another is masked whole. A contiguous NFA, not
        // a DFA: its construction is linear in the patterns' length whatever their shape.
        registry.matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&registry.short)
            .ok()
            .map(Arc::new);
    }
    (
        registry.matcher.clone(),
        registry.long.clone(),
        registry.derived.clone(),
    )
}

/// The byte ranges of `text` that hold a registered secret, sorted, overlapping ones joined.
fn secret_ranges(text: &str) -> Vec<(usize, usize)> {
    let (short, long, derived) = matchers();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if let Some(m) = &short {
        ranges.extend(m.find_iter(text).map(|m| (m.start(), m.end())));
    }
    if (!long.is_empty() || !derived.is_empty()) && text.len() >= LONG_FORM {
        let lower = text.to_ascii_lowercase();
        for finder in &long {
            let n = finder.needle().len();
            ranges.extend(finder.find_iter(lower.as_bytes()).map(|at| (at, at + n)));
        }
        for form in &derived {
            ranges.extend(form.ranges(text.as_bytes(), lower.as_bytes()));
        }
        ranges.sort_unstable();
    }
    ranges.dedup_by(|b, a| {
        if b.0 < a.1 {
            a.1 = a.1.max(b.1);
            true
        } else {
            false
        }
    });
    ranges
}

/// Replaces every registered secret in `text` by [`MASK`]: one pass of one automaton (plus
/// one pass per long secret), ignoring ASCII case.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let ranges = secret_ranges(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end) in ranges {
        out.push_str(&text[last..start]);
        out.push_str(MASK);
        last = end;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
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

/// Prints a JSON document scrubbed value by value (see [`scrub_json`]), written straight to
/// standard output: the text of a report on thousands of files is not held a second time.
pub fn print_json(mut value: serde_json::Value) {
    scrub_json(&mut value);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let _ = serde_json::to_writer_pretty(&mut out, &value);
    let _ = out.write_all(b"\n");
    let _ = out.flush();
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
    // The shift before each span, so that mapping an offset is a binary search, not a walk
    // over every span (a secret of 100,000 continuation lines is 100,000 spans).
    let mut shifts = Vec::with_capacity(spans.len());
    let mut shift: isize = 0;
    for s in &spans {
        shifts.push(shift);
        shift += MASK.len() as isize - s.len as isize;
    }
    let map = move |offset: usize| {
        // The first span that ends after `offset`.
        let i = spans.partition_point(|s| s.end() <= offset);
        let before = shifts.get(i).copied().unwrap_or(shift);
        match spans.get(i) {
            Some(s) if offset >= s.offset => (s.offset as isize + before) as usize,
            _ => (offset as isize + before) as usize,
        }
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
    fn a_long_secrets_quoted_forms_are_found_without_being_held() {
        // Long enough for its quoted forms to be derived at scrub time (LONG_FORM and more).
        let secret = format!("Long\"Quoted'\\Canary{}\u{1}end", "q\"".repeat(600));
        register(&secret);
        let json = serde_json::to_string(&secret).unwrap();
        let yaml = secret.replace('\'', "''");
        assert!(json.len() > LONG_FORM && yaml.len() > LONG_FORM);
        for (what, text) in [
            ("JSON", format!("x: {json}, then more")),
            (
                "JSON, upper-cased",
                format!("x: {}!", json.to_ascii_uppercase()),
            ),
            ("YAML", format!("x: '{yaml}' y")),
            ("as is", format!("<{secret}>")),
        ] {
            let clean = scrub(&text);
            assert!(
                !clean.to_ascii_lowercase().contains("canary"),
                "{what}: {clean}"
            );
            assert!(clean.contains(MASK), "{what}");
        }
        // Held: the secret once, no quoted form.
        let registry = registry().lock().unwrap_or_else(|e| e.into_inner());
        let lower = secret.to_ascii_lowercase();
        assert!(registry.long.iter().any(|f| f.needle() == lower.as_bytes()));
        let json_lower = json[1..json.len() - 1].to_ascii_lowercase();
        assert!(!registry
            .long
            .iter()
            .any(|f| f.needle() == json_lower.as_bytes()));
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
    fn misspelt_password_keys_are_secret_keys() {
        for key in [
            "registryPassword",
            "registryPaasword",
            "registryPssword",
            "registryPassword ",
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PSWRD",
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASWROD",
            "KC_PASSWORD",
            "githubToken",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "pushSecretName",
            "PRIMEHUB_CUSTOM_IMAGE_PUSH_SECRET_NAME",
            "pushRepo",
            "registryEndpoint",
            "registryUsername",
            &"k".repeat(65_535),
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    proptest::proptest! {
        /// The letter count in front of the distance only spares work: the answer is the
        /// distance's, for parts made mostly of `password`'s letters (where it matters).
        #[test]
        fn near_password_is_the_edit_distance(w in "[paswordxPW0]{6,10}") {
            let distance = strsim::damerau_levenshtein(&w, "password");
            proptest::prop_assert_eq!(near_password(w.as_bytes()), distance <= 2);
        }
    }

    #[test]
    fn masking_is_case_insensitive() {
        register("Case-Canary-Pw");
        assert_eq!(
            scrub("got case-canary-pw and CASE-CANARY-PW"),
            "got **** and ****"
        );
        register("ÉTÉ-canary-unicode");
        assert_eq!(scrub("été-canary-unicode"), "****");
    }

    #[test]
    fn a_long_repetitive_secret_is_masked_in_linear_time() {
        // Cost grows with the square of a secret's length (issue 12, finding 4): an automaton's
        // DFA over `xxxx…` took 14 s at 64 KB. Here 1 MiB, masked wherever it stands, whatever
        // its case, and the text around it kept.
        let secret = "xY".repeat(512 * 1024);
        let started = std::time::Instant::now();
        register(&secret);
        let text = format!(
            "a {} b {}c",
            secret.to_lowercase(),
            &secret[..secret.len() - 1]
        );
        let clean = scrub(&text);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(clean.starts_with("a **** b xYxY"), "{}", &clean[..20]);
        assert!(clean.ends_with('c'));
        assert!(!clean.contains(&secret));
    }

    #[test]
    fn overlapping_secrets_are_masked_as_their_union() {
        let long = format!("{}-tail", "k".repeat(2000));
        register(&long);
        register("canary-head-kkkk");
        let text = format!("canary-head-{long}!");
        assert_eq!(scrub(&text), "****!");
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
