//! The command line (SPEC §3): argument definitions and dispatch. Each command's work is in its
//! own module; this file only parses and routes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Migrate, lint, diff, render and check PrimeHub's Image Builder registry configuration.
#[derive(Debug, Parser)]
#[command(name = "customimage", version, about, propagate_version = true)]
pub struct Cli {
    /// When to colour the output (`NO_COLOR` is honoured in `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only findings and results, no progress or summaries.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn a 2.x `.env` into the 3.x `customImage:` values block.
    Migrate(MigrateArgs),
    /// Check values files, `.env` files, or directories of them.
    Lint(LintArgs),
    /// Print the Kubernetes objects the chart and the controller would create.
    Render(RenderArgs),
    /// Show what changes between two configurations (values or `.env`, mixed).
    Diff(DiffArgs),
    /// Log in to the registry for real and verify push access.
    Check(CheckArgs),
    /// Print the JSON Schema of a values file's `customImage` block.
    Schema,
    /// Print a rule's documentation.
    Explain(ExplainArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The 2.x `.env` file (`-` for standard input).
    pub env: String,
    /// Merge into this values file (2.x's `helm_override/primehub.yaml`): its values win.
    #[arg(long, value_name = "VALUES")]
    pub into: Option<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT", conflicts_with = "in_place")]
    pub output: Option<PathBuf>,
    /// Rewrite the `--into` file in place, keeping the original as `VALUES.bak`.
    #[arg(long, requires = "into")]
    pub in_place: bool,
    /// The Helm release name.
    #[arg(long, default_value = "primehub")]
    pub release: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or directories (`*.yaml`, `*.yml`, `*.env`, `.env`, recursively); `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The Helm release name.
    #[arg(long, default_value = "primehub")]
    pub release: String,
    /// Read every input as a `.env` file.
    #[arg(long)]
    pub env: bool,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A values file or `.env` (`-` for standard input).
    pub input: String,
    /// A PrimeHub `ImageSpec` manifest: also render its build job, pod and Dockerfile.
    #[arg(long, value_name = "SPEC")]
    pub image_spec: Option<String>,
    #[arg(long, default_value = "primehub")]
    pub release: String,
    #[arg(long, default_value = "hub")]
    pub namespace: String,
    /// Write one file per object into this directory instead of standard output.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Read the input as a `.env` file.
    #[arg(long)]
    pub env: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    pub old: String,
    pub new: String,
    /// Diff the rendered objects instead of the values.
    #[arg(long)]
    pub manifests: bool,
    /// Show passwords and keys instead of their `sha256:` fingerprints.
    #[arg(long)]
    pub show_secrets: bool,
    /// Lines of context around each change.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub context: usize,
    /// Exit 2 when there are changes, 0 when there are none.
    #[arg(long)]
    pub detailed_exitcode: bool,
    #[arg(long, default_value = "primehub")]
    pub release: String,
    #[arg(long, default_value = "hub")]
    pub namespace: String,
    /// Read both inputs as `.env` files.
    #[arg(long)]
    pub env: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A values file or `.env` (`-` for standard input).
    pub input: String,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Read the input as a `.env` file.
    #[arg(long)]
    pub env: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule name, such as `registry-mismatch`.
    pub rule: String,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Process exit statuses (SPEC §3).
pub mod exit {
    /// Success (warnings allowed unless `--deny-warnings`).
    pub const OK: u8 = 0;
    /// The input has error-level findings.
    pub const FINDINGS: u8 = 1;
    /// Usage or I/O error; also `diff --detailed-exitcode` with changes.
    pub const USAGE: u8 = 2;
    pub const CHANGES: u8 = 2;
}

/// Whether to colour output written to a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Global options every command sees.
#[derive(Debug, Clone, Copy)]
pub struct Globals {
    pub color: bool,
    pub quiet: bool,
}

/// Runs the parsed command line and returns the process status.
pub fn run(cli: Cli) -> ExitCode {
    let globals = Globals {
        color: use_color(cli.color),
        quiet: cli.quiet,
    };
    let code = match cli.command {
        Command::Migrate(args) => crate::migrate::run(&args, globals),
        Command::Lint(args) => crate::lint::run(&args, globals),
        Command::Render(args) => crate::render::run(&args, globals),
        Command::Diff(args) => crate::diff::run(&args, globals),
        Command::Check(args) => crate::check::run(&args, globals),
        Command::Schema => {
            crate::redact::print_stdout(&crate::values::schema_text());
            exit::OK
        }
        Command::Explain(args) => explain(&args),
        Command::Completions(args) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut cmd, "customimage", &mut std::io::stdout());
            exit::OK
        }
    };
    ExitCode::from(code)
}

fn explain(args: &ExplainArgs) -> u8 {
    match crate::rules::Rule::from_name(&args.rule) {
        Some(rule) => {
            crate::redact::print_stdout(&format!(
                "{}\nDefault severity: {}\n",
                rule.doc(),
                rule.severity().as_str()
            ));
            exit::OK
        }
        None => {
            let names: Vec<&str> = crate::rules::Rule::ALL.iter().map(|r| r.name()).collect();
            let suggestion = crate::suggest::closest(&args.rule, names.iter().copied())
                .map(|s| format!(" Did you mean `{s}`?"))
                .unwrap_or_default();
            crate::redact::print_stderr(&format!(
                "customimage: no rule named `{}`.{suggestion}\nRules: {}\n",
                args.rule,
                names.join(", ")
            ));
            exit::USAGE
        }
    }
}
