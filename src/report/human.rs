//! miette's graphical report: the source line with the value underlined, the rule as the code,
//! the fix as help. Secret spans are masked in the snippet before miette sees the text.

use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use crate::analysis::FileResult;
use crate::redact::{mask_source, scrub};
use crate::rules::Severity;

/// All findings of `results`, as people read them.
pub fn render(results: &[FileResult], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for result in results.iter().filter(|r| !r.diagnostics.is_empty()) {
        let (masked, map) = mask_source(&result.source.text, result.secret_spans());
        let source = Arc::new(NamedSource::new(result.source.name.clone(), masked));
        for placed in super::placed(result) {
            let d = placed.diagnostic;
            let start = map(d.span.offset);
            let end = map(d.span.end()).max(start);
            let label = if d.path.is_empty() {
                d.rule.name()
            } else {
                d.path.as_str()
            };
            let mut diagnostic = MietteDiagnostic::new(placed.message)
                .with_code(d.rule.name())
                .with_severity(match d.severity {
                    Severity::Error => miette::Severity::Error,
                    Severity::Warning => miette::Severity::Warning,
                    Severity::Info => miette::Severity::Advice,
                })
                .with_label(LabeledSpan::new(
                    Some(scrub(label).into_owned()),
                    start,
                    end - start,
                ));
            if !placed.help.is_empty() {
                diagnostic = diagnostic.with_help(placed.help);
            }
            let report = miette::Report::new(diagnostic).with_source_code(Arc::clone(&source));
            let mut text = String::new();
            if handler.render_report(&mut text, report.as_ref()).is_err() {
                text = format!("{}: {}\n", d.rule, d.message);
            }
            out.push_str(&text);
            out.push('\n');
        }
    }
    out
}

/// `2 files: 1 error, 0 warnings, 0 infos`.
pub fn summary_line(results: &[FileResult]) -> String {
    let summary = crate::rules::Summary::of(results.iter().flat_map(|r| &r.diagnostics));
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}: {}, {}, {}\n",
        plural(results.len(), "file"),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info")
    )
}

/// Prints the findings of `results` to standard output, then the summary line when asked.
pub fn print(results: &[FileResult], color: bool, summary: bool) {
    let mut text = render(results, color);
    if summary {
        text.push_str(&summary_line(results));
    }
    crate::redact::print_stdout(&text);
}

/// Prints the findings of an input a command goes on to use (warnings only, since errors stop
/// the command) to standard error; `quiet` keeps them back.
pub fn print_warnings(result: &FileResult, color: bool, quiet: bool) {
    if !result.diagnostics.is_empty() && !quiet {
        crate::redact::print_stderr(&render(std::slice::from_ref(result), color));
    }
}
