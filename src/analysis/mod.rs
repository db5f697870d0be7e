//! The load-and-check step every command starts with: read an input, parse it as `.env` or
//! values, run the rules, and say whether it may be used ([`FileResult`]).
//!
//! Owns: which reader an input goes to, registering its secrets with the redaction point, the
//! order of findings. Does not own: printing them (`report`) or what a command does next.

use crate::config::RuleSettings;
use crate::rules::Diagnostic;
use crate::source::{kind_of, Comment, InputError, InputKind, SourceFile, Span};
pub use crate::suppress::SuppressionKind;
use crate::values::LocatedValues;

pub mod layered;

/// One input after reading and checking.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub source: SourceFile,
    pub located: LocatedValues,
    /// Sorted by position, then rule; without the suppressed ones.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings suppressed inline or by `select`/`ignore`: out of the human report and the exit
    /// status, kept (flagged) in JSON and SARIF so that a reviewer still sees them.
    pub suppressed: Vec<Suppressed>,
}

/// A finding that does not count, and what suppressed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    pub kind: SuppressionKind,
}

impl FileResult {
    pub fn has_errors(&self) -> bool {
        crate::rules::has_errors(&self.diagnostics)
    }

    /// Spans of the secrets in this source, masked in every report.
    pub fn secret_spans(&self) -> &[Span] {
        &self.located.secret_spans
    }

    /// Only what a report of this file needs: its findings, the spans of its secrets, and its
    /// text where a finding may quote it. A run over thousands of files holds every result
    /// until the report (it is printed in a stable order), and the values read, with their
    /// locations, took several times the file's size each.
    pub fn for_report(self) -> FileResult {
        let clean = self.diagnostics.is_empty() && self.suppressed.is_empty();
        let source = if clean {
            SourceFile::new(self.source.name, String::new())
        } else {
            self.source
        };
        FileResult {
            source,
            located: LocatedValues {
                secret_spans: self.located.secret_spans,
                ..LocatedValues::default()
            },
            diagnostics: self.diagnostics,
            suppressed: self.suppressed,
        }
    }
}

/// Parses `source` as `kind` and runs every rule on it, honouring its inline suppressions.
pub fn check_source(source: SourceFile, kind: InputKind, release: &str) -> FileResult {
    check_with(source, kind, release, &RuleSettings::default())
}

/// [`check_source`] with rule settings (`select`, `ignore`, severities) from a configuration
/// and the command line.
pub fn check_with(
    source: SourceFile,
    kind: InputKind,
    release: &str,
    settings: &RuleSettings,
) -> FileResult {
    // Only a file that mentions us can hold a suppression: the others skip finding comments.
    let may_suppress = source.text.contains("customimage:");
    let (mut located, mut diagnostics, comments) = read(&source, kind, may_suppress);
    register_secrets(&mut located, &source.text);
    if located.typed {
        let fullname = file_fullname(&located, release, &mut diagnostics);
        diagnostics.extend(crate::rules::check_values_named(
            &located, release, &fullname,
        ));
    }
    let comments: &[Comment] = if may_suppress { &comments } else { &[] };
    let (mut diagnostics, suppressed) = control(&source, comments, diagnostics, settings);
    sort(&mut diagnostics);
    FileResult {
        source,
        located,
        diagnostics,
        suppressed,
    }
}

/// The chart's fullname for a file linted on its own: its own `nameOverride` and
/// `fullnameOverride` count (a file that sets them is installed with them). An override the
/// chart's helper refuses is a finding, and the release name stands in.
fn file_fullname(located: &LocatedValues, release: &str, out: &mut Vec<Diagnostic>) -> String {
    match crate::values::helm::fullname(release, &located.name_overrides) {
        Ok(fullname) => fullname,
        Err(e) => {
            let span = located
                .name_overrides
                .get(e.key)
                .map_or(Span::default(), |n| n.origin.span);
            out.push(name_error(e, span));
            release.to_string()
        }
    }
}

/// The finding for an override the chart's `primehub.fullname` helper cannot use.
pub fn name_error(e: crate::values::helm::fullname::NameError, span: Span) -> Diagnostic {
    crate::rules::Rule::Schema
        .diagnostic(e.message)
        .help("set it to a name (a string), or remove it")
        .at(e.key, span)
}

/// Adds to the spans the readers found the password-looking lines they may not have reached (a
/// syntax error can stop a reader before the password, but the snippet would still show it),
/// and registers every one with the redaction point.
fn register_secrets(located: &mut LocatedValues, text: &str) {
    located.secret_spans.extend(password_like_spans(text));
    for span in &located.secret_spans {
        if let Some(secret) = text.get(span.offset..span.end()) {
            crate::redact::register_written(secret.trim_matches(|c| c == '\'' || c == '"'));
        }
    }
}

/// Parses `source` as `kind` with the reader's own findings only (syntax, schema, unknown and
/// duplicate keys, the `.env` rules), and registers its secrets with the redaction point: one
/// layer of a layered input, whose other findings are the effective values'.
pub fn read_source(source: SourceFile, kind: InputKind) -> FileResult {
    let (mut located, mut diagnostics, _) = read(&source, kind, false);
    register_secrets(&mut located, &source.text);
    sort(&mut diagnostics);
    FileResult {
        source,
        located,
        diagnostics,
        suppressed: Vec::new(),
    }
}

/// Reads `source` with its reader: the located values, the reader's own findings as
/// diagnostics, and (with `comments`, or always for a `.env`, whose lexer finds them anyway) the
/// comments a suppression may be written in.
fn read(
    source: &SourceFile,
    kind: InputKind,
    comments: bool,
) -> (LocatedValues, Vec<Diagnostic>, Vec<Comment>) {
    match kind {
        InputKind::Env => {
            let mut env = crate::env::parse(source);
            let (located, mapping) = crate::env::mapping::to_values(&mut env);
            let mut diagnostics = crate::rules::env_diagnostics(&env.findings);
            diagnostics.extend(crate::rules::env_diagnostics(&mapping));
            (located, diagnostics, env.comments)
        }
        InputKind::Yaml => {
            let (located, findings) = crate::values::yaml::load(source);
            let comments = if comments {
                crate::values::yaml::comments(&source.text).unwrap_or_default()
            } else {
                Vec::new()
            };
            (located, crate::rules::yaml_diagnostics(&findings), comments)
        }
    }
}

/// By position, then severity and rule; each finding once.
fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.span.offset, a.severity, a.rule).cmp(&(b.span.offset, b.severity, b.rule))
    });
    diagnostics.dedup();
}

/// Splits findings into those that count (at their configured severity) and those suppressed:
/// by `select`/`ignore` (external) or by a suppression comment (in source). Adds the
/// `unused-suppression` findings.
fn control(
    source: &SourceFile,
    comments: &[Comment],
    diagnostics: Vec<Diagnostic>,
    settings: &RuleSettings,
) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    let suppressions = crate::suppress::parse(source, comments);
    let matched = crate::suppress::apply(&suppressions, source, &diagnostics, &|rule| {
        settings.enabled(rule)
    });
    let mut active = Vec::new();
    let mut suppressed = Vec::new();
    let mut sort = |diagnostic: Diagnostic, inline: bool| {
        let kind = if !settings.enabled(diagnostic.rule.name()) {
            SuppressionKind::External
        } else if inline {
            SuppressionKind::InSource
        } else {
            let severity = settings.severity_of(diagnostic.rule.name(), diagnostic.severity);
            active.push(diagnostic.severity(severity));
            return;
        };
        suppressed.push(Suppressed { diagnostic, kind });
    };
    for (diagnostic, inline) in diagnostics.into_iter().zip(matched.suppressed) {
        sort(diagnostic, inline);
    }
    matched.unused.into_iter().for_each(|d| sort(d, false));
    matched
        .suppressed_unused
        .into_iter()
        .for_each(|d| sort(d, true));
    (active, suppressed)
}

/// Values that assign a password, found by their key alone (see [`crate::redact::is_secret_key`]:
/// `registryPassword: …`, `…_PASSWORD=…`, a misspelt `registryPaasword:`, a `"registryPassword "`,
/// a `token:`), to the end of the line: at the start of a line, in a commented-out line
/// (`# registryPassword: old`), after `{` or `,` in flow or JSON style that a syntax error kept
/// the reader from reaching, and `PASSWORD+=tail`. Also the password of a URL's userinfo
/// (`https://bob:pw@host`).
fn password_like_spans(text: &str) -> Vec<Span> {
    static ASSIGNMENT: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static FLOW: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static USERINFO: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    const KEY: &str = r#"(?:"([^"\r\n]{1,200})"|'([^'\r\n]{1,200})'|([A-Za-z0-9_.-]{1,200}))"#;
    // At the start of a line (commented out or not); the value to the end of the line.
    let line = ASSIGNMENT.get_or_init(|| {
        regex::Regex::new(&format!(
            r#"(?m)^[ \t#-]*(?:export[ \t]+)?{KEY}[ \t]*\+?[:=][ \t]*([^\r\n]*)"#
        ))
        .expect("a valid regex")
    });
    // After `{` or `,` (flow or JSON style): only the key is matched, so that a match does not
    // swallow the next key; the value is masked to the end of the line.
    let flow = FLOW.get_or_init(|| {
        regex::Regex::new(&format!(r#"[{{,][ \t]*{KEY}[ \t]*:[ \t]*"#)).expect("a valid regex")
    });
    let userinfo = USERINFO
        .get_or_init(|| regex::Regex::new(r"://[^/@\s:]*:([^/@\s]+)@").expect("a valid regex"));
    let key_of = |c: &regex::Captures| {
        c.get(1)
            .or(c.get(2))
            .or(c.get(3))
            .map_or("", |m| m.as_str())
            .to_string()
    };
    let mut spans: Vec<Span> = line
        .captures_iter(text)
        .filter(|c| crate::redact::is_secret_key(&key_of(c)))
        .filter_map(|c| c.get(4))
        .filter(|m| !m.as_str().trim().is_empty())
        .map(|m| Span::new(m.start(), m.as_str().trim_end().len()))
        .collect();
    for c in flow.captures_iter(text) {
        if !crate::redact::is_secret_key(&key_of(&c)) {
            continue;
        }
        let start = c.get(0).map_or(0, |m| m.end());
        let end = text[start..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| start + i);
        let value = text[start..end].trim_end();
        if !value.is_empty() {
            spans.push(Span::new(start, value.len()));
        }
    }
    spans.extend(
        userinfo
            .captures_iter(text)
            .filter_map(|c| c.get(1))
            .map(|m| Span::new(m.start(), m.len())),
    );
    spans
}

/// Why an input cannot be used.
#[derive(Debug)]
pub enum Unusable {
    /// It could not be read.
    Unreadable(InputError),
    /// It has error-level findings.
    Findings(Box<FileResult>),
}

/// Reads and checks one input for a command that then uses it (`migrate`, `render`, `diff`,
/// `check`). Warnings stay in the result for the command to show.
pub fn load(path: &str, force_env: bool, release: &str) -> Result<FileResult, Unusable> {
    let source = SourceFile::read(path).map_err(Unusable::Unreadable)?;
    let result = check_source(source, kind_of(path, force_env), release);
    if result.has_errors() {
        return Err(Unusable::Findings(Box::new(result)));
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_lines_are_found_by_their_key() {
        let text = "a: 1\n  registryPassword: \"s3cr et\n\nexport PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='x y'\r\nb: c\n  registryPasword: typo\n  pushSecretName: aws-registry\n";
        let spans: Vec<&str> = password_like_spans(text)
            .iter()
            .map(|s| &text[s.offset..s.end()])
            .collect();
        assert_eq!(spans, ["\"s3cr et", "'x y'", "typo"]);
    }
}
