//! The command line (SPEC §3): the global options, the subcommands (each command's arguments
//! are its own module's), dispatch, and the one place an error is printed.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::commands::{self, Error, Globals, Outcome};

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
    /// The Helm release name (the chart names its objects after it).
    #[arg(long, global = true, default_value = "primehub", value_name = "NAME")]
    pub release: String,
    /// The namespace of the release.
    #[arg(
        short = 'n',
        long,
        global = true,
        default_value = "hub",
        value_name = "NS"
    )]
    pub namespace: String,
    /// Read rule settings and defaults from FILE instead of the nearest `.customimage.yaml`.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<std::path::PathBuf>,
    /// Ignore every `.customimage.yaml`.
    #[arg(long, global = true)]
    pub isolated: bool,
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
    Migrate(commands::migrate::MigrateArgs),
    /// Check values files, `.env` files, or directories of them.
    Lint(commands::lint::LintArgs),
    /// Print the Kubernetes objects the chart and the controller would create.
    Render(commands::render::RenderArgs),
    /// Show what changes between two configurations (values or `.env`, mixed).
    Diff(commands::diff::DiffArgs),
    /// Log in to the registry for real and verify push access.
    Check(commands::check::CheckArgs),
    /// Print the JSON Schema of a values file's `customImage` block (or of `.customimage.yaml`).
    Schema(commands::schema::SchemaArgs),
    /// List every rule: severity, whether `lint --fix` fixes it, what it catches.
    Rules(commands::rules::RulesArgs),
    /// Print a rule's documentation.
    Explain(commands::explain::ExplainArgs),
    /// Print shell completions.
    Completions(commands::completions::CompletionsArgs),
    /// Print the man page (or write every page into a directory).
    Man(commands::man::ManArgs),
}

/// Whether to colour output written to a terminal.
fn use_color(choice: ColorChoice) -> bool {
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

/// Parses the command line, runs the command, prints its error if any, and returns the status.
pub fn main() -> ExitCode {
    crate::redact::install_panic_hook();
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let given = |id: &str| {
        matches
            .value_source(id)
            .is_some_and(|s| s != clap::parser::ValueSource::DefaultValue)
    };
    let mut globals = Globals {
        color: use_color(cli.color),
        quiet: cli.quiet,
        release: cli.release,
        namespace: cli.namespace,
        release_given: given("release"),
        namespace_given: given("namespace"),
        config: cli.config,
        isolated: cli.isolated,
        chart_values: None,
    };
    let outcome = commands::lint::apply_config_defaults(&mut globals)
        .and_then(|()| dispatch(cli.command, &globals));
    ExitCode::from(match outcome {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => {
            print_error(&error, globals.color);
            error.exit_code()
        }
    })
}

fn dispatch(command: Command, globals: &Globals) -> Result<Outcome, Error> {
    match command {
        Command::Migrate(args) => commands::migrate::run(&args, globals),
        Command::Lint(args) => commands::lint::run(&args, globals),
        Command::Render(args) => commands::render::run(&args, globals),
        Command::Diff(args) => commands::diff::run(&args, globals),
        Command::Check(args) => commands::check::run(&args, globals),
        Command::Schema(args) => commands::schema::run(&args),
        Command::Rules(args) => commands::rules::run(&args),
        Command::Explain(args) => commands::explain::run(&args),
        Command::Completions(args) => commands::completions::run(&args, Cli::command()),
        Command::Man(args) => commands::man::run(&args, Cli::command(), globals),
    }
}

/// The one error printer: findings as the human report, worded refusals as they are, anything
/// else as `customimage: <what>`; all of it through the redaction point.
fn print_error(error: &Error, color: bool) {
    match error {
        Error::Findings(result) => {
            crate::redact::print_stderr(&crate::report::human::render(
                std::slice::from_ref(result),
                color,
            ));
        }
        Error::LayeredFindings(results) => {
            crate::redact::print_stderr(&crate::report::human::render(results, color));
        }
        Error::Refused(text) | Error::Unreachable(text) => crate::redact::print_stderr(text),
        Error::Both(first, second) => {
            print_error(first, color);
            print_error(second, color);
        }
        Error::InDetailedDiff(inner) => print_error(inner, color),
        Error::Inputs(errors) => {
            for e in errors {
                crate::redact::print_stderr(&format!("customimage: {e}\n"));
            }
        }
        other => crate::redact::print_stderr(&format!("customimage: {other}\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("customimage").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    #[test]
    fn global_options_are_accepted_before_or_after_the_subcommand() {
        for args in [
            &["--release", "ph", "-n", "prod", "-q", "lint", "v.yaml"][..],
            &[
                "lint",
                "v.yaml",
                "--release",
                "ph",
                "--namespace",
                "prod",
                "--quiet",
            ],
            &[
                "--color",
                "never",
                "lint",
                "--release=ph",
                "-n",
                "prod",
                "-q",
                "v.yaml",
            ],
        ] {
            let cli = parse(args);
            assert_eq!(
                (cli.release.as_str(), cli.namespace.as_str(), cli.quiet),
                ("ph", "prod", true),
                "{args:?}"
            );
            assert!(matches!(cli.command, Command::Lint(_)), "{args:?}");
        }
        let defaults = parse(&["check", "v.yaml"]);
        assert_eq!(
            (defaults.release.as_str(), defaults.namespace.as_str()),
            ("primehub", "hub")
        );
    }

    #[test]
    fn deny_warnings_is_an_alias_of_strict() {
        for flag in ["--strict", "--deny-warnings"] {
            let Command::Lint(args) = parse(&["lint", flag, "v.yaml"]).command else {
                panic!("not lint");
            };
            assert!(args.strict, "{flag}");
        }
    }
}
