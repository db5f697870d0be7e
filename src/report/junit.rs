//! `--format junit`: JUnit XML, the test report GitLab (`artifacts:reports:junit`), Jenkins and
//! most CI systems display.
//!
//! It keeps to the Jenkins JUnit XSD (`junit-10.xsd`), which has no `file`/`line` attributes on a
//! test case: the position is in the failure's text.
//!
//! One `<testsuite>` per input file. Each finding is a `<testcase>` named after its rule and
//! values path; a file without findings gets one passing `lint` test case, so that a clean file
//! still counts as a passed test instead of vanishing from the report.
//!
//! Which findings fail: an error always does. A warning fails only under `--deny-warnings`;
//! otherwise it is a passing test case that carries the finding in `<system-out>`. The test report
//! then agrees with the exit status: a pipeline that went on despite a warning does not show a red
//! test, and one that `--deny-warnings` stopped shows which warning stopped it. Infos never fail.
//!
//! Every text is scrubbed through the redaction point before it is escaped for XML, value by
//! value (as the JSON formats are): a secret that happens to read `testcase` must not turn the
//! markup into `<****`.

use crate::analysis::FileResult;
use crate::rules::Severity;

/// The report with warnings passing (the exit status of a plain `lint`).
pub fn render(results: &[FileResult]) -> String {
    render_gated(results, false)
}

/// The report; with `deny_warnings`, warnings are failures too.
pub fn render_gated(results: &[FileResult], deny_warnings: bool) -> String {
    let fails = |severity: Severity| match severity {
        Severity::Error => true,
        Severity::Warning => deny_warnings,
        Severity::Info => false,
    };
    let mut suites = String::new();
    let (mut all_tests, mut all_failures) = (0, 0);
    for result in results {
        let file = text(&result.source.name);
        let mut cases = String::new();
        let (mut tests, mut failures) = (0, 0);
        for l in super::placed(result) {
            let d = l.diagnostic;
            tests += 1;
            let name = if d.path.is_empty() {
                text(d.rule.name())
            } else {
                format!("{} ({})", text(d.rule.name()), text(&d.path))
            };
            let detail = format!(
                "{}:{}:{}: {}: {}{}",
                result.source.name,
                l.line,
                l.column,
                d.severity.as_str(),
                l.message,
                if l.help.is_empty() {
                    String::new()
                } else {
                    format!("\nhelp: {}", l.help)
                }
            );
            cases.push_str(&format!(
                "    <testcase name=\"{name}\" classname=\"{file}\">\n"
            ));
            if fails(d.severity) {
                failures += 1;
                cases.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    text(d.severity.as_str()),
                    text(&l.message),
                    text(&detail)
                ));
            } else {
                cases.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    text(&detail)
                ));
            }
            cases.push_str("    </testcase>\n");
        }
        if tests == 0 {
            tests = 1;
            cases.push_str(&format!(
                "    <testcase name=\"lint\" classname=\"{file}\"/>\n"
            ));
        }
        all_tests += tests;
        all_failures += failures;
        suites.push_str(&format!(
            "  <testsuite name=\"{file}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\">\n{cases}  </testsuite>\n"
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"customimage lint\" tests=\"{all_tests}\" failures=\"{all_failures}\" errors=\"0\" time=\"0\">\n{suites}</testsuites>\n"
    )
}

/// Prints the report to standard output. Every text in it was scrubbed before it was escaped
/// (see the module doc), so it is written as it is: scrubbing the markup again could only break it.
pub fn print(results: &[FileResult], deny_warnings: bool) {
    crate::redact::print_sensitive(&render_gated(results, deny_warnings));
}

/// `s` scrubbed, then escaped for an XML attribute or text node. Characters XML 1.0 cannot carry
/// at all (most C0 controls) become U+FFFD; `\t`, `\n` and `\r` in attributes become character
/// references so that a reader's attribute normalisation keeps them.
fn text(s: &str) -> String {
    let clean = crate::redact::scrub(s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            super::text("a<b>&\"c'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{FFFD}"
        );
    }
}
