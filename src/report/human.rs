//! miette's graphical report: the source line with the value underlined, the rule as the code,
//! the fix as help. Secret spans are masked in the snippet before anything else touches the
//! text; then miette is given only the lines it shows, escaped ([`super::text`]) and cut around
//! the finding, so that no line length (a 65,535-character key) or escape sequence reaches it.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::text::{self, ELLIPSIS};

use crate::analysis::FileResult;
use crate::redact::{mask_source, scrub};
use crate::rules::Severity;

/// The most characters of one source line shown; a longer line is cut around the finding.
const MAX_LINE_SHOWN: usize = 120;
/// Characters shown before the finding when its line is cut.
const SHOWN_BEFORE: usize = 30;
/// The most lines of one finding's span shown.
const MAX_SPAN_LINES: usize = 8;
/// The most characters of a message or help text.
const MAX_MESSAGE: usize = 400;

/// The lines miette shows for one finding, already masked, escaped and cut.
struct Snippet {
    name: String,
    text: String,
    /// 0-based number of the first shown line.
    first_line: usize,
    /// The finding in `text`.
    label: (usize, usize),
    /// 0-based line and column of the finding in the file, for the header.
    at: (usize, usize),
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        if before == 0 && after == 0 && span.offset() == self.label.0 {
            let end = (span.offset() + span.len()).min(self.text.len());
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                &self.text.as_bytes()[span.offset().min(end)..end],
                *span,
                self.at.0,
                self.at.1,
                1,
            )));
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::new(0.into(), self.text.len()),
            self.first_line,
            0,
            self.text.split('\n').count(),
        )))
    }
}

/// Builds the snippet of the masked text `masked` (whose lines start at `starts`) for the span
/// `start..end` of it.
fn snippet(
    name: &str,
    masked: &str,
    starts: &[usize],
    (start, end): (usize, usize),
    at: (usize, usize),
) -> Snippet {
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).max(1) - 1;
    let first_span_line = line_of(start);
    let last_span_line =
        line_of(end.saturating_sub(1).max(start)).min(first_span_line + MAX_SPAN_LINES - 1);
    let first = first_span_line.saturating_sub(1);
    let last = (last_span_line + 1).min(starts.len() - 1);
    let mut text = String::new();
    let mut label = (None, None);
    for line in first..=last {
        if line > first {
            text.push('\n');
        }
        let line_start = starts[line];
        let mut line_end = starts.get(line + 1).map_or(masked.len(), |&s| s - 1);
        if line_end > line_start && masked.as_bytes()[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        // The window of the line shown: the whole line, or MAX_LINE_SHOWN characters from a
        // little before the finding (or from the start of a line the span continues on).
        let anchor = if (line_start..=line_end).contains(&start) {
            start
        } else {
            line_start
        };
        let fits = masked[line_start..line_end]
            .char_indices()
            .nth(MAX_LINE_SHOWN)
            .is_none();
        let window_start = if fits {
            line_start
        } else {
            masked[line_start..anchor]
                .char_indices()
                .rev()
                .nth(SHOWN_BEFORE - 1)
                .map_or(line_start, |(i, _)| line_start + i)
        };
        let window_end = masked[window_start..line_end]
            .char_indices()
            .nth(MAX_LINE_SHOWN)
            .map_or(line_end, |(i, _)| window_start + i);
        if window_start > line_start {
            text.push(ELLIPSIS);
        }
        for (i, c) in masked[window_start..window_end].char_indices() {
            let offset = window_start + i;
            if offset == start {
                label.0 = Some(text.len());
            }
            if offset == end {
                label.1 = Some(text.len());
            }
            text::push_escaped(&mut text, c);
        }
        if window_end == start {
            label.0 = Some(text.len());
        }
        if window_end == end || (window_end < end && line == last_span_line) {
            label.1 = Some(text.len());
        }
        if window_end < line_end {
            text.push(ELLIPSIS);
        }
    }
    let label_start = label.0.unwrap_or(0);
    let label_end = label.1.unwrap_or(text.len()).max(label_start);
    Snippet {
        name: text::escape(name, false).into_owned(),
        text,
        first_line: first,
        label: (label_start, label_end),
        at,
    }
}

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
        let starts: Vec<usize> = std::iter::once(0)
            .chain(masked.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for placed in super::placed(result) {
            let d = placed.diagnostic;
            let start = map(d.span.offset).min(masked.len());
            let end = map(d.span.end()).clamp(start, masked.len());
            let source = snippet(
                &result.source.name,
                &masked,
                &starts,
                (start, end),
                (placed.line - 1, placed.column - 1),
            );
            let label = if d.path.is_empty() {
                d.rule.name()
            } else {
                d.path.as_str()
            };
            let mut diagnostic =
                MietteDiagnostic::new(text::for_display(&placed.message, MAX_MESSAGE))
                    .with_code(d.rule.name())
                    .with_severity(match d.severity {
                        Severity::Error => miette::Severity::Error,
                        Severity::Warning => miette::Severity::Warning,
                        Severity::Info => miette::Severity::Advice,
                    })
                    .with_label(LabeledSpan::new(
                        Some(
                            text::escape(&text::cut(&scrub(label), MAX_LINE_SHOWN), false)
                                .into_owned(),
                        ),
                        source.label.0,
                        source.label.1 - source.label.0,
                    ));
            if !placed.help.is_empty() {
                diagnostic = diagnostic.with_help(text::for_display(&placed.help, MAX_MESSAGE));
            }
            let report = miette::Report::new(diagnostic).with_source_code(source);
            let mut rendered = String::new();
            if handler
                .render_report(&mut rendered, report.as_ref())
                .is_err()
            {
                rendered = format!(
                    "{}: {}\n",
                    d.rule.name(),
                    text::for_display(&placed.message, MAX_MESSAGE)
                );
            }
            out.push_str(&rendered);
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
