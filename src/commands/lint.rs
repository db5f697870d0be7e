//! `customimage lint PATH…`: check values files, `.env` files, or directories of them, and print
//! the findings in the chosen format.

use std::collections::HashSet;
use std::path::Path;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::Globals;
use crate::analysis::{check_source, FileResult};
use crate::error::{Error, Outcome};
use crate::report;
use crate::rules::Severity;
use crate::source::{kind_of, InputError, SourceFile};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or directories (`*.yaml`, `*.yml`, `*.env`, `.env`, recursively, following
    /// symbolic links); `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 on warnings too.
    #[arg(long, alias = "deny-warnings")]
    pub strict: bool,
    /// Read every input as a `.env` file.
    #[arg(long)]
    pub env: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// `customimage lint PATH…`.
pub fn run(args: &LintArgs, globals: &Globals) -> Result<Outcome, Error> {
    let files = collect_paths(&args.paths)?;
    let outcomes: Vec<Result<FileResult, InputError>> = files
        .par_iter()
        .map(|path| {
            SourceFile::read(path)
                .map(|source| check_source(source, kind_of(path, args.env), &globals.release))
        })
        .collect();
    let mut results = Vec::with_capacity(outcomes.len());
    let mut unreadable = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(result) => results.push(result),
            Err(e) => unreadable.push(e),
        }
    }
    match args.format {
        Format::Human => report::human::print(&results, globals.color, !globals.quiet),
        Format::Json => report::json::print(&results),
        Format::Sarif => report::sarif::print(&results),
        Format::Github => report::github::print(&results),
    }
    let worst = results
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| d.severity)
        .min();
    if !unreadable.is_empty() {
        return Err(Error::Inputs(unreadable));
    }
    if worst == Some(Severity::Error) || (args.strict && worst == Some(Severity::Warning)) {
        Ok(Outcome::Findings)
    } else {
        Ok(Outcome::Success)
    }
}

/// Expands directories into the values and `.env` files below them, in a stable order. Symbolic
/// links are followed (a directory holding only a link to a bad file must not pass as empty);
/// a link loop is an error, and a file reached twice is linted once.
pub fn collect_paths(paths: &[String]) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        if path == "-" || !Path::new(path).is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(path).follow_links(true) {
            let entry = entry.map_err(|e| Error::usage(walk_error(path, &e)))?;
            if !entry.file_type().is_file() || !is_lintable(entry.path()) {
                continue;
            }
            let identity =
                std::fs::canonicalize(entry.path()).unwrap_or_else(|_| entry.path().to_path_buf());
            if seen.insert(identity) {
                found.push(entry.path().to_string_lossy().into_owned());
            }
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn walk_error(root: &str, error: &walkdir::Error) -> String {
    match (error.loop_ancestor(), error.path()) {
        (Some(ancestor), Some(path)) => format!(
            "{}: a symbolic link loop (back to {})",
            path.display(),
            ancestor.display()
        ),
        (_, Some(path)) => format!("{}: {error}", path.display()),
        _ => format!("{root}: {error}"),
    }
}

fn is_lintable(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == ".env"
        || [".yaml", ".yml", ".env"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn directory_walks_follow_links_once_and_refuse_loops() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("bad.yaml"), "customImage: {}\n").unwrap();
        std::fs::create_dir(outside.path().join("sub")).unwrap();
        std::fs::write(outside.path().join("sub/.env"), "A=1\n").unwrap();

        // A directory holding only links: one to a file, one to a directory, one twice.
        let tree = tempfile::tempdir().unwrap();
        symlink(
            outside.path().join("bad.yaml"),
            tree.path().join("link.yaml"),
        )
        .unwrap();
        symlink(
            outside.path().join("bad.yaml"),
            tree.path().join("again.yaml"),
        )
        .unwrap();
        symlink(outside.path().join("sub"), tree.path().join("linked-dir")).unwrap();
        let root = tree.path().to_string_lossy().into_owned();
        let files = collect_paths(std::slice::from_ref(&root)).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(&root).unwrap().to_string())
            .collect();
        assert_eq!(names, ["/again.yaml", "/linked-dir/.env"], "{files:?}");

        symlink(tree.path(), tree.path().join("linked-dir-loop")).unwrap();
        let err = collect_paths(&[root]).unwrap_err();
        assert!(err.to_string().contains("symbolic link loop"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }
}
