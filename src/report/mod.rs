//! Printing findings: miette's graphical report for people ([`human`]), and JSON, SARIF 2.1.0,
//! GitHub Actions annotations, JUnit XML and GitLab Code Quality for machines. Every format takes
//! the same [`FileResult`]s; secret spans are masked here ([`Placed`]) and all output is
//! scrubbed on its way out. [`diff_json`] is `diff --format json`.

pub mod diff_json;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules_list;
pub mod sarif;
pub mod text;

use crate::analysis::FileResult;
use crate::rules::Diagnostic;

/// A line for the operator on standard error (`customimage: wrote values.yaml`), unless
/// `quiet`: what a command did besides its output.
pub fn note(quiet: bool, message: &str) {
    if !quiet {
        crate::redact::print_stderr(&format!("{message}\n"));
    }
}

/// A warning that is not a finding of a rule, on standard error whatever `quiet` says.
pub fn warning(message: &str) {
    crate::redact::print_stderr(&format!("warning: {message}\n"));
}

/// A diagnostic with its resolved position, message and help already masked.
pub struct Placed<'a> {
    pub diagnostic: &'a Diagnostic,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
}

/// Each diagnostic of `result` with its 1-based line and column.
pub fn placed(result: &FileResult) -> impl Iterator<Item = Placed<'_>> {
    result.diagnostics.iter().map(move |d| place(result, d))
}

/// Each suppressed finding of `result`, placed, with what suppressed it.
pub fn placed_suppressed(
    result: &FileResult,
) -> impl Iterator<Item = (Placed<'_>, crate::analysis::SuppressionKind)> {
    result
        .suppressed
        .iter()
        .map(move |s| (place(result, &s.diagnostic), s.kind))
}

fn place<'a>(result: &'a FileResult, d: &'a Diagnostic) -> Placed<'a> {
    let (line, column) = result.source.line_col(d.span.offset);
    Placed {
        diagnostic: d,
        line,
        column,
        message: crate::redact::scrub(&d.message).into_owned(),
        help: crate::redact::scrub(&d.help).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::FileResult;
    use crate::rules::{Diagnostic, Severity};
    use crate::source::SourceFile;
    use crate::source::Span;
    use crate::values::LocatedValues;

    const CANARY: &str = "canary-pw-7f3a9";

    /// A values file with a password and one finding on it and one after it.
    fn sample() -> Vec<FileResult> {
        crate::redact::register(CANARY);
        let text = format!(
            "customImage:\n  registryEndpoint: https://gcr.io\n  registryPassword: {CANARY}\n  pushRepo: Gcr.io/p/r\n"
        );
        let pw_offset = text.find(CANARY).unwrap();
        let repo_offset = text.find("Gcr.io").unwrap();
        let located = LocatedValues {
            secret_spans: vec![Span::new(pw_offset, CANARY.len())],
            ..Default::default()
        };
        let diagnostics = vec![
            Diagnostic::new(
                crate::rules::Rule::GcrKeyJson,
                Severity::Error,
                format!("bad key {CANARY}"),
            )
            .help("use a key")
            .at(
                "customImage.registryPassword",
                Span::new(pw_offset, CANARY.len()),
            ),
            Diagnostic::new(
                crate::rules::Rule::InvalidRepository,
                Severity::Warning,
                "uppercase",
            )
            .help("lowercase it")
            .at("customImage.pushRepo", Span::new(repo_offset, 10)),
        ];
        vec![FileResult {
            source: SourceFile::new("v.yaml", text),
            located,
            diagnostics,
            suppressed: Vec::new(),
        }]
    }

    #[test]
    fn json_report_has_the_documented_shape_and_positions() {
        let json: serde_json::Value =
            serde_json::from_str(&super::json::render(&sample())).unwrap();
        assert_eq!(json["version"], 1);
        let d = &json["files"][0]["diagnostics"];
        assert_eq!(d[0]["rule"], "gcr-key-json");
        assert_eq!(
            (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
            (Some(3), Some(21))
        );
        assert_eq!(
            (d[1]["line"].as_u64(), d[1]["column"].as_u64()),
            (Some(4), Some(13))
        );
        assert_eq!(d[1]["path"], "customImage.pushRepo");
        assert_eq!(json["summary"]["errors"], 1);
        assert_eq!(json["summary"]["warnings"], 1);
        assert_eq!(json["summary"]["files"], 1);
    }

    #[test]
    fn every_format_masks_the_password() {
        let results = sample();
        for text in [
            super::json::render(&results),
            super::sarif::render(&results),
            super::github::render(&results),
            super::junit::render_gated(&results, true),
            super::gitlab::render(&results),
            super::human::render(&results, false),
            super::human::render(&results, true),
        ] {
            assert!(!text.contains(CANARY), "{text}");
            assert!(text.contains("****"), "{text}");
        }
    }

    #[test]
    fn human_report_shows_the_snippet_with_the_value_underlined() {
        let text = super::human::render(&sample(), false);
        assert!(text.contains("invalid-repository"), "{text}");
        assert!(text.contains("pushRepo: Gcr.io/p/r"), "{text}");
        assert!(text.contains("registryPassword: ****"), "{text}");
        assert!(text.contains("lowercase it"), "{text}");
    }

    #[test]
    fn github_and_sarif_carry_rule_and_position() {
        let results = sample();
        let gh = super::github::render(&results);
        assert!(
            gh.contains("::warning file=v.yaml,line=4,col=13,title=invalid-repository::uppercase"),
            "{gh}"
        );
        let sarif: serde_json::Value =
            serde_json::from_str(&super::sarif::render(&results)).unwrap();
        assert_eq!(sarif["version"], "2.1.0");
        let run = &sarif["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().unwrap().len(),
            crate::rules::Rule::ALL.len()
        );
        let r = &run["results"][1];
        assert_eq!(r["ruleId"], "invalid-repository");
        assert_eq!(r["level"], "warning");
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            4
        );
    }

    #[test]
    fn lines_after_a_multi_line_password_keep_their_numbers() {
        let text = "customImage:\n  registryPassword: |\n    multiCANARYone\n    multiCANARYtwo\n  pushRepoPerfix: x\n";
        let secret_start = text.find('|').unwrap();
        let secret_end = text.find("  pushRepoPerfix").unwrap();
        let key = text.find("pushRepoPerfix").unwrap();
        let located = LocatedValues {
            secret_spans: vec![Span::new(secret_start, secret_end - secret_start)],
            ..Default::default()
        };
        let diagnostics =
            vec![
                Diagnostic::new(crate::rules::Rule::UnknownKey, Severity::Error, "typo")
                    .at("customImage.pushRepoPerfix", Span::new(key, 14)),
            ];
        let results = vec![FileResult {
            source: SourceFile::new("v.yaml", text),
            located,
            diagnostics,
            suppressed: Vec::new(),
        }];
        let human = super::human::render(&results, false);
        assert!(human.contains("[v.yaml:5:3]"), "{human}");
        assert!(human.contains(" 5 │   pushRepoPerfix: x"), "{human}");
        assert!(!human.contains("CANARY"), "{human}");
    }
}
