//! Mechanical fixes (SPEC §10, `lint --fix` / `lint --diff`): for a finding whose `help:` is one
//! certain edit, that edit as bytes (a range of the file and its replacement), applied without
//! overlap, previewed as a unified diff that masks every secret, and written atomically with a
//! `FILE.bak` beside it and the file's mode kept.
//!
//! Which rules are fixable, and why the others are not, is [`FIXABLE`] and each rule's doc
//! ("Fix: available (…)"). A fix changes only the bytes of its finding, and only when the
//! result is certain: a rule whose help offers a choice (`delete line 3 or this one`), a guess
//! (`did you mean …?`), or an edit whose outcome depends on something outside the file (the
//! `--release` of `push-secret-name-mismatch`) gets no fix.
//!
//! Offsets here are into the file's bytes as written, a byte-order mark included (a
//! [`SourceFile`]'s text has it stripped): see [`content`].

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::rules::{Diagnostic, Rule};
use crate::source::{InputKind, SourceFile, Span};

/// One replacement of the bytes `span` of the file by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// The edits that fix one finding, applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub rule: Rule,
    /// What the fix does, for the report (never quotes a value).
    pub title: String,
    /// Sorted, non-overlapping.
    pub edits: Vec<Edit>,
}

/// The fixable rules and what their fix does (shown by `customimage rules` and in each rule's
/// doc).
pub const FIXABLE: &[(&str, &str)] = &[
    (
        "env-syntax",
        "CRLF line ends become LF; a byte-order mark is removed",
    ),
    (
        "env-unquoted-json",
        "the value is wrapped in single quotes when the JSON as written is valid and holds no `'`",
    ),
    (
        "env-deprecated-key",
        "the 2.2 name is renamed when the current name is not assigned and the old one is not \
         used elsewhere in the file",
    ),
    (
        "env-invalid-bool",
        "`True`, `FALSE` and other spellings that differ from `true`/`false` only in letter case \
         are lowercased",
    ),
    (
        "gcr-username",
        "a mistyped `_json_key`, `_json_key_base64` or `oauth2accesstoken` (case, a missing `_`) \
         is written exactly",
    ),
];

/// Whether `rule` has a mechanical fix (for some of its findings).
pub fn is_fixable(rule: &str) -> bool {
    FIXABLE.iter().any(|(r, _)| *r == rule)
}

/// What the fix of `rule` does, when it has one.
pub fn fix_summary(rule: &str) -> Option<&'static str> {
    FIXABLE.iter().find(|(r, _)| *r == rule).map(|(_, s)| *s)
}

/// The file's bytes as written: the byte-order mark (if any) and the text.
pub fn content(source: &SourceFile) -> String {
    if source.bom {
        format!("\u{feff}{}", source.text)
    } else {
        source.text.clone()
    }
}

/// Where the text of `source` starts in [`content`].
fn base(source: &SourceFile) -> usize {
    if source.bom {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// For each of `diagnostics` (findings of `source`, read as `kind`), its fix when it has a
/// certain one.
pub fn fixes(source: &SourceFile, kind: InputKind, diagnostics: &[Diagnostic]) -> Vec<Option<Fix>> {
    let env = (kind == InputKind::Env).then(|| crate::env::parse_with(source, &|_| None));
    diagnostics
        .iter()
        .map(|d| {
            let shift = base(source);
            if d.rule == Rule::EnvSyntax && is_bom_finding(source, d) {
                // The mark is before the text: its edit is in content offsets already.
                return Some(Fix {
                    rule: d.rule,
                    title: "remove the byte-order mark".to_string(),
                    edits: vec![Edit {
                        span: Span::new(0, shift),
                        replacement: String::new(),
                    }],
                });
            }
            let edits = match d.rule {
                Rule::EnvSyntax if env.is_some() => crlf(source, d),
                Rule::EnvUnquotedJson => unquoted_json(source, d),
                Rule::EnvDeprecatedKey => {
                    env.as_ref().and_then(|env| deprecated_key(source, env, d))
                }
                Rule::EnvInvalidBool => invalid_bool(source, d),
                Rule::GcrUsername => gcr_username(source, d),
                _ => None,
            }?;
            let title = match d.rule {
                Rule::EnvSyntax => "convert CRLF line ends to LF".to_string(),
                Rule::EnvUnquotedJson => "wrap the JSON value in single quotes".to_string(),
                Rule::EnvDeprecatedKey => "rename the 2.2 key to its current name".to_string(),
                _ => "write the value exactly".to_string(),
            };
            let edits = edits
                .into_iter()
                .map(|e| Edit {
                    span: Span::new(e.span.offset + shift, e.span.len),
                    ..e
                })
                .collect();
            Some(Fix {
                rule: d.rule,
                title,
                edits,
            })
        })
        .collect()
}

/// The written text of `span`.
fn written(source: &SourceFile, span: Span) -> Option<&str> {
    source.text.get(span.offset..span.end())
}

/// Whether `d`, an `env-syntax` finding, is the one about a byte-order mark.
fn is_bom_finding(source: &SourceFile, d: &Diagnostic) -> bool {
    source.bom && d.message.contains("byte-order mark")
}

/// CRLF line ends: one finding for the whole file, fixed by removing every `\r` that ends a
/// line (what `sed -i 's/\r$//'` in its help does).
fn crlf(source: &SourceFile, d: &Diagnostic) -> Option<Vec<Edit>> {
    if !d.message.contains("CRLF") {
        return None;
    }
    let text = &source.text;
    let edits: Vec<Edit> = text
        .match_indices('\r')
        .filter(|(i, _)| text[i + 1..].is_empty() || text[i + 1..].starts_with('\n'))
        .map(|(i, _)| Edit {
            span: Span::new(i, 1),
            replacement: String::new(),
        })
        .collect();
    (!edits.is_empty()).then_some(edits)
}

/// Single quotes around a JSON value bash would corrupt, only when the JSON as written (the
/// value's word, or the rest of its line when bash split it at a space) is valid JSON with no
/// `'` and no line break: then bash reads back exactly those bytes.
fn unquoted_json(source: &SourceFile, d: &Diagnostic) -> Option<Vec<Edit>> {
    let text = &source.text;
    let word = written(source, d.span)?;
    let line_end = text[d.span.offset..]
        .find('\n')
        .map_or(text.len(), |i| d.span.offset + i);
    let rest_of_line = text[d.span.offset..line_end].trim_end_matches([' ', '\t', '\r']);
    let recoverable = |json: &str| {
        !json.contains(['\'', '\n', '\r'])
            && serde_json::from_str::<serde_json::Value>(json)
                .is_ok_and(|v| v.is_object() || v.is_array())
    };
    // The word alone only when nothing but a comment follows it: `{"a":1} b` runs `b`.
    let after_word = text[d.span.end()..line_end].trim_start_matches([' ', '\t']);
    let word_ends_line =
        after_word.trim_end_matches('\r').is_empty() || after_word.starts_with('#');
    let json = [word, rest_of_line]
        .into_iter()
        .filter(|j| *j != word || word_ends_line)
        .find(|j| recoverable(j))?;
    let (start, end) = (d.span.offset, d.span.offset + json.len());
    Some(vec![
        Edit {
            span: Span::new(start, 0),
            replacement: "'".into(),
        },
        Edit {
            span: Span::new(end, 0),
            replacement: "'".into(),
        },
    ])
}

/// Renames the deprecated key at `d.span` to its current name when the current name is not
/// assigned anywhere in the file and the deprecated name appears nowhere else (a `$OLD`
/// reference, a second assignment): then bash assigns the same value to the current name.
fn deprecated_key(
    source: &SourceFile,
    env: &crate::env::EnvFile,
    d: &Diagnostic,
) -> Option<Vec<Edit>> {
    let old = written(source, d.span)?;
    let &(_, current) = crate::env::mapping::DEPRECATED
        .iter()
        .find(|(deprecated, _)| *deprecated == old)?;
    if env.assignments.iter().any(|a| a.key == current)
        || source.text.matches(old).count() != 1
        || source.text.contains(current)
    {
        return None;
    }
    Some(vec![Edit {
        span: d.span,
        replacement: current.to_string(),
    }])
}

/// The written value at `span` without one pair of surrounding quotes, when it is a plain
/// word (letters, digits, `_`): no escape or expansion can make it mean something else.
fn plain_word(source: &SourceFile, span: Span) -> Option<&str> {
    let written = written(source, span)?;
    let inner = ['\'', '"']
        .iter()
        .find_map(|q| written.strip_prefix(*q)?.strip_suffix(*q))
        .unwrap_or(written);
    (!inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(inner)
}

/// `True` → `true`: the help's edit when the value differs from a boolean only in case.
fn invalid_bool(source: &SourceFile, d: &Diagnostic) -> Option<Vec<Edit>> {
    let word = plain_word(source, d.span)?;
    let lower = word.to_ascii_lowercase();
    matches!(lower.as_str(), "true" | "false").then(|| {
        vec![Edit {
            span: d.span,
            replacement: lower,
        }]
    })
}

/// `json_key` → `_json_key`: the help's "write it exactly", when the rule found the name meant.
fn gcr_username(source: &SourceFile, d: &Diagnostic) -> Option<Vec<Edit>> {
    if !d.help.starts_with("write it exactly") {
        return None;
    }
    let word = plain_word(source, d.span)?;
    let bare = word.trim_start_matches('_').to_ascii_lowercase();
    let exact = crate::registry::GCR_USERNAMES
        .iter()
        .find(|u| u.trim_start_matches('_') == bare)?;
    Some(vec![Edit {
        span: d.span,
        replacement: exact.to_string(),
    }])
}

/// `content` with `fixes` applied in order of position; a fix any of whose edits overlaps an
/// edit already taken is left for the next pass. Returns the new content and how many fixes
/// were applied.
pub fn apply(content: &str, fixes: &[Fix]) -> (String, usize) {
    let (text, applied, _) = apply_edits(content, fixes);
    (text, applied)
}

/// [`apply`], also returning the edits applied, in order.
fn apply_edits(content: &str, fixes: &[Fix]) -> (String, usize, Vec<Edit>) {
    let mut order: Vec<&Fix> = fixes.iter().filter(|f| !f.edits.is_empty()).collect();
    order.sort_by_key(|f| f.edits[0].span.offset);
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in order {
        let clashes = fix.edits.iter().any(|e| {
            e.span.end() > content.len()
                || !content.is_char_boundary(e.span.offset)
                || !content.is_char_boundary(e.span.end())
                || taken.iter().any(|t| overlaps(t.span, e.span))
        });
        if !clashes {
            taken.extend(&fix.edits);
            applied += 1;
        }
    }
    taken.sort_by_key(|e| (e.span.offset, e.span.len));
    let mut out = String::with_capacity(content.len() + 16);
    let mut last = 0;
    for edit in &taken {
        out.push_str(&content[last..edit.span.offset]);
        out.push_str(&edit.replacement);
        last = edit.span.end();
    }
    out.push_str(&content[last..]);
    let edits = taken.into_iter().cloned().collect();
    (out, applied, edits)
}

/// Two edits collide when their ranges share a byte, or when both insert at the same place.
fn overlaps(a: Span, b: Span) -> bool {
    (a.offset < b.end() && b.offset < a.end()) || a.offset == b.offset
}

/// Where `span` of the old content is once `edits` (sorted) are applied: shifted by the edits
/// before it, widened or narrowed by those inside it. An insertion at either end of the span
/// stays outside it (a quote put around a secret is not part of it).
pub fn map_span(span: Span, edits: &[Edit]) -> Span {
    let mut start = span.offset as isize;
    let mut end = span.end() as isize;
    for edit in edits {
        let delta = edit.replacement.len() as isize - edit.span.len as isize;
        if edit.span.end() <= span.offset {
            start += delta;
            end += delta;
        } else if edit.span.offset < span.end() {
            end += delta;
        }
    }
    Span::new(start.max(0) as usize, (end - start).max(0) as usize)
}

/// The outcome of fixing one file until nothing more is fixable.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub original: String,
    pub fixed: String,
    /// How many fixes were applied, over every pass.
    pub fixes_applied: usize,
    /// Secret spans of the original content (see [`content`]), already shifted.
    pub original_secrets: Vec<Span>,
    /// Secret spans of the fixed content: the original ones carried through the edits, and
    /// those the check finds in the fixed content that none of these overlaps.
    pub fixed_secrets: Vec<Span>,
}

/// How many times a file is re-checked and fixed at most: a fix may uncover another (CRLF, then
/// a quoted JSON value), but never endlessly.
const MAX_PASSES: usize = 8;

/// What a check gives [`fix_source`]: the findings that count and the secret spans.
pub type Checker<'a> = dyn Fn(&SourceFile) -> (Vec<Diagnostic>, Vec<Span>) + 'a;

/// Checks and fixes `source` until no fixable finding is left. `check` gives the findings that
/// count (selected, not suppressed) and the secret spans of a source; it is given the content
/// of each pass as a [`SourceFile`].
pub fn fix_source(source: &SourceFile, kind: InputKind, check: &Checker) -> Fixed {
    let original = content(source);
    let (mut diagnostics, secrets) = check(source);
    let original_secrets = shift(&secrets, base(source));
    let mut current_source = source.clone();
    let mut current = original.clone();
    let mut carried = original_secrets.clone();
    let mut found_secrets = Vec::new();
    let mut fixes_applied = 0;
    for _ in 0..MAX_PASSES {
        let found: Vec<Fix> = fixes(&current_source, kind, &diagnostics)
            .into_iter()
            .flatten()
            .collect();
        let (next, applied, edits) = apply_edits(&current, &found);
        if applied == 0 || next == current {
            break;
        }
        fixes_applied += applied;
        carried = carried.iter().map(|&s| map_span(s, &edits)).collect();
        current_source = SourceFile::new(source.name.clone(), next.clone());
        current = next;
        let (next_diagnostics, secrets) = check(&current_source);
        diagnostics = next_diagnostics;
        found_secrets = shift(&secrets, base(&current_source));
    }
    let overlaps_carried = |s: &Span| {
        carried
            .iter()
            .any(|c| s.offset < c.end() && c.offset < s.end())
    };
    let mut fixed_secrets = carried.clone();
    fixed_secrets.extend(found_secrets.into_iter().filter(|s| !overlaps_carried(s)));
    Fixed {
        original,
        fixed: current,
        fixes_applied,
        original_secrets,
        fixed_secrets,
    }
}

fn shift(spans: &[Span], by: usize) -> Vec<Span> {
    spans
        .iter()
        .map(|s| Span::new(s.offset + by, s.len))
        .collect()
}

/// The fix of `name` as a unified diff (`--- a/NAME`, `+++ b/NAME`), every secret of either
/// side masked; empty when nothing changes.
pub fn unified_diff(name: &str, fixed: &Fixed) -> String {
    if fixed.original == fixed.fixed {
        return String::new();
    }
    let (old, _) = crate::redact::mask_source(&fixed.original, &fixed.original_secrets);
    let (new, _) = crate::redact::mask_source(&fixed.fixed, &fixed.fixed_secrets);
    similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// `FILE.bak`, beside `FILE` as the user named it.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// Writes `fixed` over `path`: first the original bytes to `FILE.bak` (unless `backup` is
/// false), then the file, each through a temporary file in the same directory and a rename, so
/// that neither is ever half-written. Both keep the file's mode (a 0600 `.env` stays 0600, set
/// before a byte is written) and, where the process may, its owner and group; a symlink is
/// followed so that the link stays a link.
pub fn write_fixed(
    path: &Path,
    original: &[u8],
    fixed: &[u8],
    backup: bool,
) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let metadata = std::fs::metadata(&target)?;
    if backup {
        replace(&backup_path(path), original, &metadata)?;
    }
    replace(&target, fixed, &metadata)
}

fn replace(path: &Path, contents: &[u8], like: &std::fs::Metadata) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".customimage-")
        .permissions(like.permissions())
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // The umask may have narrowed the mode given at creation; set it exactly.
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(
                like.permissions().mode() & 0o7777,
            ))?;
        // Only a privileged process may give a file away; anyone may keep their own.
        let _ = std::os::unix::fs::fchown(file.as_file(), Some(like.uid()), Some(like.gid()));
    }
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
#[path = "fix_tests.rs"]
mod tests;
