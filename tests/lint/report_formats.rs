//! `lint --format junit` and `--format gitlab` against their published schemas: the Jenkins
//! JUnit XSD (checked by `xmllint`, libxml2's validator) and GitLab's Code Quality format
//! (tests/data/report-schemas/README.md says where each comes from), over every fixture the
//! project has, hostile ones included; and what each format promises beyond its schema.

use std::path::Path;
use std::process::Command;

use customimage::analysis::{check_source, FileResult};
use customimage::commands::lint::collect_paths;
use customimage::report;
use customimage::source::{kind_of, SourceFile};

const SCHEMAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/report-schemas");

fn lint(paths: &[&str]) -> Vec<FileResult> {
    let root = env!("CARGO_MANIFEST_DIR");
    let paths: Vec<String> = paths.iter().map(|p| format!("{root}/{p}")).collect();
    collect_paths(&paths)
        .unwrap()
        .into_iter()
        // An unreadable file (not UTF-8) is an I/O error reported before any format.
        .filter_map(|path| {
            let source = SourceFile::read(&path).ok()?;
            Some(check_source(source, kind_of(&path, false), "primehub"))
        })
        .collect()
}

fn lint_text(name: &str, text: &str) -> Vec<FileResult> {
    vec![check_source(
        SourceFile::new(name, text),
        kind_of(name, false),
        "primehub",
    )]
}

/// Validates `xml` with `xmllint --schema`; returns xmllint's verdict and messages.
fn xmllint(xml: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(Path::new(SCHEMAS).join("junit-10.xsd"))
        .arg(&file)
        .output()
        .expect("xmllint (Debian libxml2-utils, installed by scripts/setup.sh)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn gitlab_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(SCHEMAS).join("gitlab-codequality.schema.json"))
            .unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn junit_of_every_fixture_is_valid_against_the_jenkins_xsd() {
    let results = lint(&["fixtures/values", "fixtures/env"]);
    assert!(results.len() > 50, "{}", results.len());
    for deny_warnings in [false, true] {
        let xml = report::junit::render_gated(&results, deny_warnings);
        let (valid, messages) = xmllint(&xml);
        assert!(valid, "{messages}\n{xml}");
    }
}

#[test]
fn the_xsd_check_is_real_a_report_without_counts_is_refused() {
    let results = lint(&["fixtures/values/registry-mismatch.yaml"]);
    let xml = report::junit::render(&results).replacen(
        " failures=\"1\" errors=\"0\" skipped",
        " errors=\"0\" skipped",
        1,
    );
    let (valid, messages) = xmllint(&xml);
    assert!(!valid, "{xml}");
    assert!(messages.contains("failures"), "{messages}");
}

#[test]
fn junit_has_one_suite_per_file_and_fails_errors_and_denied_warnings_only() {
    let results = lint(&[
        "fixtures/values/registry-mismatch.yaml",
        "fixtures/values/ecr-prefix-mode.yaml",
        "fixtures/values/good/gcr.yaml",
    ]);
    let xml = report::junit::render(&results);
    assert_eq!(xml.matches("<testsuite ").count(), 3, "{xml}");
    assert!(
        xml.contains("<testsuites name=\"customimage lint\" tests=\"3\" failures=\"1\""),
        "{xml}"
    );
    // The error: a failure naming the rule, the values path, the position and the help.
    assert!(
        xml.contains("<testcase name=\"registry-mismatch (customImage.pushRepo)\""),
        "{xml}"
    );
    assert!(xml.contains("<failure type=\"error\" message=\""), "{xml}");
    // The warning passes and carries its finding; under --deny-warnings it fails.
    let warning_suite = xml.split("<testsuite ").nth(2).unwrap();
    assert!(warning_suite.contains("failures=\"0\""), "{warning_suite}");
    assert!(
        warning_suite.contains("<system-out>") && warning_suite.contains("ecr-prefix-mode"),
        "{warning_suite}"
    );
    let strict = report::junit::render_gated(&results, true);
    assert!(strict.contains("tests=\"3\" failures=\"2\""), "{strict}");
    // The clean file is one passing test, not an empty suite.
    let clean_suite = xml.split("<testsuite ").nth(3).unwrap();
    assert!(
        clean_suite.contains("tests=\"1\" failures=\"0\"") && clean_suite.contains("name=\"lint\""),
        "{clean_suite}"
    );
}

#[test]
fn junit_masks_a_password_that_reads_like_markup() {
    // A password equal to an element name must be masked without breaking the document.
    let text = "customImage:\n  registryEndpoint: https://gcr.io\n  username: _json_key\n  password: testcase\n  pushRepo: Gcr.io/p/r\n  pushRepoPerfix: x\n";
    let results = lint_text("v.yaml", text);
    let xml = report::junit::render_gated(&results, true);
    let (valid, messages) = xmllint(&xml);
    assert!(valid, "{messages}\n{xml}");
    assert!(xml.contains("<testcase "), "{xml}");
    for line in xml
        .lines()
        .filter(|l| l.contains("system-out") || l.contains("failure"))
    {
        assert!(!line.contains(": testcase"), "{line}");
    }
}

#[test]
fn gitlab_of_every_fixture_is_valid_against_the_code_quality_format() {
    let validator = gitlab_validator();
    let results = lint(&["fixtures/values", "fixtures/env"]);
    let report: serde_json::Value =
        serde_json::from_str(&report::gitlab::render(&results)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let issues = report.as_array().unwrap();
    assert!(issues.len() > 50, "{}", issues.len());
    // Fingerprints are unique within a report (GitLab merges equal ones into one entry).
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort();
    let before = fingerprints.len();
    fingerprints.dedup();
    assert_eq!(before, fingerprints.len());
}

#[test]
fn the_code_quality_check_is_real_an_unknown_severity_is_refused() {
    let validator = gitlab_validator();
    let results = lint(&["fixtures/values/registry-mismatch.yaml"]);
    let mut report: serde_json::Value =
        serde_json::from_str(&report::gitlab::render(&results)).unwrap();
    assert!(validator.is_valid(&report));
    report[0]["severity"] = "error".into();
    assert!(!validator.is_valid(&report));
}

#[test]
fn gitlab_maps_severities_and_locates_the_finding() {
    let results = lint(&[
        "fixtures/values/registry-mismatch.yaml",
        "fixtures/values/ecr-prefix-mode.yaml",
    ]);
    let report: serde_json::Value =
        serde_json::from_str(&report::gitlab::render(&results)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&report::json::render(&results)).unwrap();
    let issues = report.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["check_name"], "registry-mismatch");
    assert_eq!(issues[0]["severity"], "major");
    assert_eq!(issues[1]["check_name"], "ecr-prefix-mode");
    assert_eq!(issues[1]["severity"], "minor");
    let first = &json["files"][0];
    assert_eq!(issues[0]["location"]["path"], first["path"]);
    assert_eq!(
        issues[0]["location"]["lines"]["begin"],
        first["diagnostics"][0]["line"]
    );
    assert_eq!(issues[0]["description"], first["diagnostics"][0]["message"]);
}

#[test]
fn gitlab_fingerprints_survive_moved_lines_and_hold_no_secret() {
    let password = "Sup3r-secret-pw-19";
    let text = format!(
        "customImage:\n  registryEndpoint: https://gcr.io\n  username: _json_key\n  password: {password}\n  pushRepo: Gcr.io/p/r\n  pushRepoPerfix: x\n"
    );
    let moved = format!("# a comment\nhub:\n  x: 1\n\n{text}");
    let render = |t: &str| -> serde_json::Value {
        serde_json::from_str(&report::gitlab::render(&lint_text("v.yaml", t))).unwrap()
    };
    let (a, b) = (render(&text), render(&moved));
    let prints = |r: &serde_json::Value| -> Vec<String> {
        r.as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!prints(&a).is_empty());
    assert_eq!(prints(&a), prints(&b), "{a:#}\n{b:#}");
    assert_ne!(
        a[0]["location"]["lines"]["begin"],
        b[0]["location"]["lines"]["begin"]
    );
    // Nor do they change with the password (they never hash a value), and nothing shows it.
    let other = render(&text.replace(password, "An0ther-secret-pw-77"));
    assert_eq!(prints(&a), prints(&other));
    for report in [&a, &b] {
        assert!(!report.to_string().contains(password), "{report:#}");
    }
    // The same file under another name is another finding.
    let renamed: serde_json::Value =
        serde_json::from_str(&report::gitlab::render(&lint_text("w.yaml", &text))).unwrap();
    assert_ne!(prints(&a), prints(&renamed));
}

fn customimage(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_customimage"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn lint_format_junit_and_gitlab_from_the_command_line() {
    let bad = "fixtures/values/registry-mismatch.yaml";
    let warned = "fixtures/values/ecr-prefix-mode.yaml";
    let out = customimage(&["lint", "--format", "junit", bad, warned]);
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    let (valid, messages) = xmllint(&xml);
    assert!(valid, "{messages}\n{xml}");
    assert!(xml.contains("tests=\"2\" failures=\"1\""), "{xml}");
    // --deny-warnings fails the warning too, in the report as in the exit status.
    let out = customimage(&["lint", "--format", "junit", "--deny-warnings", warned]);
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.contains("tests=\"1\" failures=\"1\""), "{xml}");

    let out = customimage(&["lint", "--format", "gitlab", bad, warned]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(gitlab_validator().is_valid(&report), "{report:#}");
    assert_eq!(report.as_array().unwrap().len(), 2);
    assert_eq!(report[0]["location"]["path"], bad);
    // A clean run is an empty report, still valid.
    let out = customimage(&[
        "lint",
        "--format",
        "gitlab",
        "fixtures/values/good/gcr.yaml",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "[]");
}
