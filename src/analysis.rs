//! The load-and-check step every command starts with: read an input, parse it as `.env` or
//! values, run the rules, and say whether it may be used ([`FileResult`]).
//!
//! Owns: which reader an input goes to, registering its secrets with the redaction point, the
//! order of findings. Does not own: printing them (`report`) or what a command does next.

use crate::diagnostic::{Diagnostic, Span};
use crate::source::{kind_of, InputError, InputKind, SourceFile};
use crate::values::LocatedValues;

/// One input after reading and checking.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub source: SourceFile,
    pub located: LocatedValues,
    /// Sorted by position, then rule.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileResult {
    pub fn has_errors(&self) -> bool {
        crate::diagnostic::has_errors(&self.diagnostics)
    }

    /// Spans of the secrets in this source, masked in every report.
    pub fn secret_spans(&self) -> &[Span] {
        &self.located.secret_spans
    }
}

/// Parses `source` as `kind` and runs every rule on it.
pub fn check_source(source: SourceFile, kind: InputKind, release: &str) -> FileResult {
    let (located, mut diagnostics) = match kind {
        InputKind::Env => {
            let env = crate::env::parse(&source);
            let (located, mapping) = crate::env::mapping::to_values(&env);
            let mut diagnostics = env.diagnostics;
            diagnostics.extend(mapping);
            (located, diagnostics)
        }
        InputKind::Yaml => crate::values::yaml::load(&source),
    };
    let mut located = located;
    // Spans the readers found, and password-looking lines they may not have reached (a syntax
    // error can stop a reader before the password, but the snippet would still show it).
    located
        .secret_spans
        .extend(password_like_spans(&source.text));
    for span in &located.secret_spans {
        if let Some(secret) = source.text.get(span.offset..span.end()) {
            crate::redact::register(secret.trim_matches(|c| c == '\'' || c == '"'));
        }
    }
    if located.typed {
        diagnostics.extend(crate::rules::check_values(&located, release));
    }
    diagnostics.sort_by(|a, b| {
        (a.span.offset, a.severity, a.rule).cmp(&(b.span.offset, b.severity, b.rule))
    });
    diagnostics.dedup();
    FileResult {
        source,
        located,
        diagnostics,
    }
}

/// Values of lines that assign a password (`registryPassword: …`, `…_PASSWORD=…`, a misspelt
/// `registryPasword:`, a `token:`), to the end of the line, found by their key alone.
fn password_like_spans(text: &str) -> Vec<Span> {
    static PASSWORD_LINE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = PASSWORD_LINE.get_or_init(|| {
        regex::Regex::new(
            r#"(?mi)^[ \t-]*(?:export[ \t]+)?["']?([a-z0-9_]*(?:pass|pasw|pwd|secret|token)[a-z0-9_]*)["']?[ \t]*[:=][ \t]*([^\r\n]*)"#,
        )
        .expect("a valid regex")
    });
    re.captures_iter(text)
        // `pushSecretName`, `PUSH_SECRET_NAME`: the name of a secret is not a secret.
        .filter(|c| !c[1].to_ascii_lowercase().ends_with("name"))
        .filter_map(|c| c.get(2))
        .filter(|m| !m.as_str().trim().is_empty())
        .map(|m| Span::new(m.start(), m.as_str().trim_end().len()))
        .collect()
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
