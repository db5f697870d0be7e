//! `customimage lint PATH…`: check values files, `.env` files, or directories of them, and print
//! the findings in the chosen format.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::layers::LayerArgs;
use super::Globals;
use crate::analysis::{check_with, FileResult};
use crate::config::{Loaded, RuleSettings};
use crate::error::{Error, Outcome};
use crate::report;
use crate::rules::{Rule, Severity};
use crate::source::{kind_of, InputError, SourceFile};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or directories (`*.yaml`, `*.yml`, `*.env`, `.env`, recursively, following
    /// symbolic links); `-` for standard input.
    /// With `-f` or `--set*`, the inputs are one layered set instead, these first (a 2.x `.env`
    /// may be the first layer).
    #[arg(required_unless_present_any = ["values", "set", "set_string", "set_json", "set_literal", "set_file"])]
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 on warnings too.
    #[arg(long, alias = "deny-warnings")]
    pub strict: bool,
    /// Read every input as a `.env` file.
    #[arg(long)]
    pub env: bool,
    /// Run only these rules (repeat, or separate with commas); replaces the configuration's
    /// `select`.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules (repeat, or separate with commas); adds to the configuration's
    /// `ignore`.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Apply the mechanical fixes (`customimage rules` says which rules have one), keeping the
    /// original as `FILE.bak`, then report what is left.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the fixes as a unified diff and change nothing; exit 1 if there is anything to fix.
    #[arg(long)]
    pub diff: bool,
    /// With `--fix`: do not keep `FILE.bak`.
    #[arg(long, requires = "fix")]
    pub no_backup: bool,
    #[command(flatten)]
    pub layers: LayerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    /// JUnit XML (GitLab `artifacts:reports:junit`, Jenkins).
    Junit,
    /// GitLab Code Quality (`artifacts:reports:codequality`).
    Gitlab,
}

/// One input to lint, with the settings that apply to it.
struct Job {
    path: String,
    release: String,
    /// Index into the settings of each configuration.
    settings: usize,
}

/// `customimage lint PATH…`.
pub fn run(args: &LintArgs, globals: &Globals) -> Result<Outcome, Error> {
    if args.layers.is_layered() {
        return run_layered(args, globals);
    }
    for name in args.select.iter().chain(&args.ignore) {
        check_rule_name(name)?;
    }
    if args.fix && args.paths.iter().any(|p| p == "-") {
        return Err(Error::usage(
            "--fix cannot write to standard input; use --diff to see the fixes",
        ));
    }
    let files = collect_paths(&args.paths)?;
    let given: HashSet<&str> = args.paths.iter().map(String::as_str).collect();
    let mut configs = Configs::new(globals);
    let mut jobs = Vec::new();
    for path in files {
        let (index, loaded) = configs.for_file(Path::new(&path));
        if !given.contains(path.as_str()) && loaded.is_some_and(|l| l.excludes(Path::new(&path))) {
            continue;
        }
        let release = match loaded.and_then(|l| l.config.release.clone()) {
            Some(release) if !globals.release_given => release,
            _ => globals.release.clone(),
        };
        jobs.push(Job {
            path,
            release,
            settings: index,
        });
    }
    let settings: Vec<RuleSettings> = configs
        .loaded
        .iter()
        .map(|l| RuleSettings::new(l.as_ref().map(|l| &l.config), &args.select, &args.ignore))
        .collect();
    let outcomes: Vec<Result<FileResult, InputError>> = jobs
        .par_iter()
        .map(|job| {
            SourceFile::read(&job.path).map(|source| {
                let result = check_with(
                    source,
                    kind_of(&job.path, args.env),
                    &job.release,
                    &settings[job.settings],
                );
                // `--fix` and `--diff` go on to use the values read.
                if args.fix || args.diff {
                    result
                } else {
                    result.for_report()
                }
            })
        })
        .collect();
    let mut results = configs.broken;
    let mut unreadable = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(result) => results.push(result),
            Err(e) => unreadable.push(e),
        }
    }
    if args.fix || args.diff {
        let fixable = fix_all(args, globals, &jobs, &settings, &mut results)?;
        if args.diff {
            if !unreadable.is_empty() {
                return Err(Error::Inputs(unreadable));
            }
            return Ok(if fixable {
                Outcome::Findings
            } else {
                Outcome::Success
            });
        }
    }
    let outcome = report_results(&results, args, globals);
    if !unreadable.is_empty() {
        return Err(Error::Inputs(unreadable));
    }
    Ok(outcome)
}

/// `lint [INPUT…] -f FILE… --set…`: one layered set, findings on the layer that wrote the
/// value that won.
fn run_layered(args: &LintArgs, globals: &Globals) -> Result<Outcome, Error> {
    if let Some(dir) = args.paths.iter().find(|p| Path::new(p).is_dir()) {
        return Err(Error::usage(format!(
            "{dir}: a directory cannot be a layer of a layered set (give its files)"
        )));
    }
    if args.fix || args.diff {
        return Err(Error::usage(
            "--fix and --diff work on files one by one, not on a layered set",
        ));
    }
    let spec = args.layers.spec(&args.paths, args.env);
    let result = crate::analysis::layered::check_layers(&spec, &globals.release)?;
    Ok(report_results(&result.files, args, globals))
}

/// Prints the findings in the chosen format; whether they fail the run.
fn report_results(results: &[FileResult], args: &LintArgs, globals: &Globals) -> Outcome {
    match args.format {
        Format::Human => report::human::print(results, globals.color, !globals.quiet),
        Format::Json => report::json::print(results),
        Format::Sarif => report::sarif::print(results),
        Format::Github => report::github::print(results),
        Format::Junit => report::junit::print(results, args.strict),
        Format::Gitlab => report::gitlab::print(results),
    }
    let worst = results
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| d.severity)
        .min();
    if worst == Some(Severity::Error) || (args.strict && worst == Some(Severity::Warning)) {
        Outcome::Findings
    } else {
        Outcome::Success
    }
}

/// `--select`/`--ignore` take rule names only.
fn check_rule_name(name: &str) -> Result<(), Error> {
    if Rule::from_name(name).is_some() {
        return Ok(());
    }
    let names = Rule::ALL.iter().map(|r| r.name());
    let suggestion = crate::suggest::closest(name, names)
        .map(|s| format!(" Did you mean `{s}`?"))
        .unwrap_or_default();
    Err(Error::usage(format!(
        "no rule named `{}`.{suggestion} (`customimage rules` lists them)",
        name.escape_debug()
    )))
}

/// `--diff` prints each file's fixes; `--fix` writes them and replaces the file's result by the
/// check of the fixed file. Returns whether anything was (or would be) fixed.
fn fix_all(
    args: &LintArgs,
    globals: &Globals,
    jobs: &[Job],
    settings: &[RuleSettings],
    results: &mut [FileResult],
) -> Result<bool, Error> {
    let mut any = false;
    for job in jobs {
        let Some(result) = results
            .iter_mut()
            .find(|r| r.source.name == job.path || (job.path == "-" && r.source.name == "<stdin>"))
        else {
            continue;
        };
        let kind = kind_of(&job.path, args.env);
        let rule_settings = &settings[job.settings];
        let check = |source: &SourceFile| {
            let checked = check_with(source.clone(), kind, &job.release, rule_settings);
            let secrets = checked.secret_spans().to_vec();
            (checked.diagnostics, secrets)
        };
        let fixed = crate::fix::fix_source(&result.source, kind, &check);
        if fixed.fixes_applied == 0 {
            continue;
        }
        any = true;
        if args.diff {
            crate::redact::print_stdout(&crate::fix::unified_diff(&result.source.name, &fixed));
            continue;
        }
        let path = Path::new(&job.path);
        crate::fix::write_fixed(
            path,
            fixed.original.as_bytes(),
            fixed.fixed.as_bytes(),
            !args.no_backup,
        )
        .map_err(|e| Error::write(path, e))?;
        let backup = if args.no_backup {
            String::new()
        } else {
            format!(
                " (the original is in {})",
                crate::fix::backup_path(path).display()
            )
        };
        report::note(
            globals.quiet,
            &format!(
                "customimage: fixed {} finding{} in {}{backup}",
                fixed.fixes_applied,
                if fixed.fixes_applied == 1 { "" } else { "s" },
                job.path
            ),
        );
        let source = SourceFile::new(result.source.name.clone(), fixed.fixed);
        *result = check_with(source, kind, &job.release, rule_settings);
    }
    Ok(any)
}

/// The configurations in play: `--config`, or the nearest `.customimage.yaml` of each file,
/// each read once; those with findings are reported as files of their own.
struct Configs {
    isolated: bool,
    explicit: Option<PathBuf>,
    /// Index 0: no configuration.
    loaded: Vec<Option<Loaded>>,
    by_path: HashMap<PathBuf, usize>,
    broken: Vec<FileResult>,
}

impl Configs {
    fn new(globals: &Globals) -> Configs {
        Configs {
            isolated: globals.isolated,
            explicit: globals.config.clone(),
            loaded: vec![None],
            by_path: HashMap::new(),
            broken: Vec::new(),
        }
    }

    /// The settings index and configuration for `file`.
    fn for_file(&mut self, file: &Path) -> (usize, Option<&Loaded>) {
        if self.isolated {
            return (0, None);
        }
        let Some(path) = self
            .explicit
            .clone()
            .or_else(|| crate::config::discover(file))
        else {
            return (0, None);
        };
        let index = match self.by_path.get(&path) {
            Some(&index) => index,
            None => {
                let index = match read_config(&path) {
                    Ok(loaded) => {
                        self.loaded.push(Some(loaded));
                        self.loaded.len() - 1
                    }
                    Err(result) => {
                        self.broken.push(*result);
                        0
                    }
                };
                self.by_path.insert(path, index);
                index
            }
        };
        (index, self.loaded[index].as_ref())
    }
}

/// Reads the configuration at `path`; its findings (or why it cannot be read) come back as a
/// file result of their own.
fn read_config(path: &Path) -> Result<Loaded, Box<FileResult>> {
    let name = path.to_string_lossy().into_owned();
    let source = match SourceFile::read(&name) {
        Ok(source) => source,
        Err(e) => {
            let source = SourceFile::new(name, "");
            let finding = Rule::YamlSyntax
                .diagnostic(format!("cannot read the configuration: {e}"))
                .help("fix the path given to --config, or use --isolated");
            return Err(Box::new(config_result(source, vec![finding])));
        }
    };
    crate::config::load(&source, path).map_err(|findings| Box::new(config_result(source, findings)))
}

fn config_result(source: SourceFile, diagnostics: Vec<crate::rules::Diagnostic>) -> FileResult {
    FileResult {
        source,
        located: Default::default(),
        diagnostics,
        suppressed: Vec::new(),
    }
}

/// Before any command: with `--config FILE`, its `release` and `namespace` stand in for the
/// options not given. A configuration with findings refuses the command.
pub fn apply_config_defaults(globals: &mut Globals) -> Result<(), Error> {
    let Some(path) = globals.config.clone().filter(|_| !globals.isolated) else {
        return Ok(());
    };
    let loaded = read_config(&path).map_err(Error::Findings)?;
    if !globals.release_given {
        if let Some(release) = loaded.config.release.clone() {
            globals.release = release;
        }
    }
    if !globals.namespace_given {
        if let Some(namespace) = loaded.config.namespace.clone() {
            globals.namespace = namespace;
        }
    }
    globals.chart_values = loaded
        .chart_values()
        .map(|p| p.to_string_lossy().into_owned());
    Ok(())
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
    // A configuration is read as one (and reported when bad), not linted as values.
    if name == crate::config::FILE_NAME {
        return false;
    }
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
