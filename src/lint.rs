//! `customimage lint`, and the load-and-check step every other command starts with: read an
//! input, parse it as `.env` or values, run the rules, and say whether it may be used.

use std::path::Path;

use rayon::prelude::*;

use crate::cli::{exit, Globals, LintArgs};
use crate::report;
use crate::rules::{Diagnostic, Severity};
use crate::source::Span;
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
        crate::rules::has_errors(&self.diagnostics)
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
            let mut diagnostics = crate::rules::env_diagnostics(&env.findings);
            diagnostics.extend(crate::rules::env_diagnostics(&mapping));
            (located, diagnostics)
        }
        InputKind::Yaml => {
            let (located, findings) = crate::values::yaml::load(&source);
            (located, crate::rules::yaml_diagnostics(&findings))
        }
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
            r#"(?mi)^[ \t-]*(?:export[ \t]+)?["']?([a-z0-9_]+)["']?[ \t]*[:=][ \t]*([^\r\n]*)"#,
        )
        .expect("a valid regex")
    });
    re.captures_iter(text)
        .filter(|c| crate::redact::is_secret_key(&c[1]))
        .filter_map(|c| c.get(2))
        .filter(|m| !m.as_str().trim().is_empty())
        .map(|m| Span::new(m.start(), m.as_str().trim_end().len()))
        .collect()
}

/// Reads and checks one input for a command that then uses it (`migrate`, `render`, `diff`,
/// `check`). Findings go to standard error; an input with errors is refused with exit 1, one
/// that cannot be read with exit 2.
pub fn load_checked(
    path: &str,
    force_env: bool,
    release: &str,
    globals: Globals,
) -> Result<FileResult, u8> {
    let source = SourceFile::read(path).map_err(|e| {
        report_input_error(&e);
        exit::USAGE
    })?;
    let result = check_source(source, kind_of(path, force_env), release);
    if !result.diagnostics.is_empty() && (!globals.quiet || result.has_errors()) {
        let text = report::human::render(std::slice::from_ref(&result), globals.color);
        crate::redact::print_stderr(&text);
    }
    if result.has_errors() {
        return Err(exit::FINDINGS);
    }
    Ok(result)
}

pub fn report_input_error(error: &InputError) {
    crate::redact::print_stderr(&format!("customimage: {error}\n"));
}

/// Expands directories into the values and `.env` files below them, in a stable order.
pub fn collect_paths(paths: &[String]) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path == "-" || !Path::new(path).is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        walk(Path::new(path), &mut found).map_err(|e| format!("{path}: {e}"))?;
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn walk(dir: &Path, found: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            walk(&path, found)?;
        } else if file_type.is_file() && is_lintable(&path) {
            found.push(path.to_string_lossy().into_owned());
        }
    }
    Ok(())
}

fn is_lintable(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == ".env"
        || [".yaml", ".yml", ".env"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// `customimage lint PATH…`.
pub fn run(args: &LintArgs, globals: Globals) -> u8 {
    let files = match collect_paths(&args.paths) {
        Ok(files) => files,
        Err(e) => {
            crate::redact::print_stderr(&format!("customimage: {e}\n"));
            return exit::USAGE;
        }
    };
    let outcomes: Vec<Result<FileResult, InputError>> = files
        .par_iter()
        .map(|path| {
            SourceFile::read(path)
                .map(|source| check_source(source, kind_of(path, args.env), &args.release))
        })
        .collect();
    let mut results = Vec::with_capacity(outcomes.len());
    let mut unreadable = false;
    for outcome in outcomes {
        match outcome {
            Ok(result) => results.push(result),
            Err(e) => {
                report_input_error(&e);
                unreadable = true;
            }
        }
    }
    match args.format {
        crate::cli::Format::Human => {
            let mut text = report::human::render(&results, globals.color);
            if !globals.quiet {
                text.push_str(&report::human::summary_line(&results));
            }
            crate::redact::print_stdout(&text);
        }
        crate::cli::Format::Json => crate::redact::print_json(report::json::document(&results)),
        crate::cli::Format::Sarif => crate::redact::print_json(report::sarif::document(&results)),
        crate::cli::Format::Github => {
            crate::redact::print_stdout(&report::github::render(&results))
        }
    }
    let worst = results
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| d.severity)
        .min();
    if unreadable {
        exit::USAGE
    } else if worst == Some(Severity::Error)
        || (args.deny_warnings && worst == Some(Severity::Warning))
    {
        exit::FINDINGS
    } else {
        exit::OK
    }
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
