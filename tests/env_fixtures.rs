//! What the `.env` rules find in each fixture (reviewed by hand against the fixture's text),
//! and that no password of any fixture reaches a diagnostic or the output of `lint`.

mod common;

use std::collections::BTreeMap;

use common::bash;
use customimage::env::mapping;
use customimage::redact::is_secret_key;

/// Every fixture and all its findings (rule, line, column), in position order, each reviewed
/// against the fixture's text.
/// (rule, 1-based line, column) of one finding.
type Finding = (&'static str, usize, usize);

const EXPECTED: &[(&str, &[Finding])] = &[
    ("artifact-registry.env", &[]),
    ("blank-lines.env", &[]),
    ("comments.env", &[]),
    ("dockerhub.env", &[]),
    ("dollar-literal.env", &[]),
    ("ecr.env", &[]),
    ("empty-values.env", &[]),
    (
        "env-conflicting-alias.env",
        &[
            ("env-deprecated-key", 3, 1),
            ("env-conflicting-alias", 3, 52),
        ],
    ),
    (
        "env-deprecated-key-same-value.env",
        &[("env-deprecated-key", 3, 1), ("env-deprecated-key", 5, 1)],
    ),
    (
        "env-deprecated-key.env",
        &[
            ("env-deprecated-key", 3, 1),
            ("env-deprecated-key", 4, 1),
            ("env-deprecated-key", 5, 1),
            ("env-deprecated-key", 6, 1),
        ],
    ),
    (
        "env-duplicate-key.env",
        &[("env-duplicate-key", 7, 1), ("env-duplicate-key", 8, 1)],
    ),
    (
        "env-invalid-bool.env",
        &[("env-invalid-bool", 1, 31), ("env-invalid-bool", 6, 44)],
    ),
    // A refused line assigns nothing, and the values rules see the setting missing.
    (
        "env-shell-expansion-backticks.env",
        &[
            ("missing-credentials", 1, 1),
            ("env-shell-expansion", 2, 41),
        ],
    ),
    (
        "env-shell-expansion-default.env",
        &[("missing-endpoint", 1, 1), ("env-shell-expansion", 2, 41)],
    ),
    (
        "env-shell-expansion-operator.env",
        &[("missing-endpoint", 1, 1), ("env-shell-expansion", 2, 50)],
    ),
    (
        "env-shell-expansion-space.env",
        &[
            ("missing-push-target", 1, 1),
            ("env-shell-expansion", 3, 54),
        ],
    ),
    (
        "env-shell-expansion.env",
        &[
            ("missing-credentials", 1, 1),
            ("env-shell-expansion", 4, 41),
        ],
    ),
    (
        "env-syntax-bad-key.env",
        &[("missing-push-target", 1, 1), ("env-syntax", 3, 1)],
    ),
    ("env-syntax-bom.env", &[("env-syntax", 1, 1)]),
    ("env-syntax-crlf.env", &[("env-syntax", 2, 35)]),
    (
        "env-syntax-unterminated-quote.env",
        &[
            ("missing-push-target", 1, 1),
            ("missing-credentials", 1, 1),
            ("env-syntax", 3, 41),
        ],
    ),
    (
        "env-syntax.env",
        &[("missing-endpoint", 1, 1), ("env-syntax", 3, 1)],
    ),
    (
        "env-unknown-key.env",
        &[
            ("missing-push-target", 1, 1),
            ("missing-credentials", 1, 1),
            ("env-unknown-key", 3, 1),
            ("env-unknown-key", 4, 1),
        ],
    ),
    // bash's reading of the key is not JSON, which the GCR rule says too.
    (
        "env-unquoted-json.env",
        &[("env-unquoted-json", 4, 41), ("gcr-key-json", 4, 41)],
    ),
    (
        "env-variable-reference.env",
        &[
            ("env-variable-reference", 4, 41),
            ("env-variable-reference", 5, 41),
            ("env-variable-reference", 6, 36),
            ("env-variable-reference", 6, 46),
        ],
    ),
    ("escapes-unquoted.env", &[]),
    (
        "expansion-process-env.env",
        &[
            ("env-variable-reference", 3, 45),
            ("env-variable-reference", 4, 42),
            ("env-variable-reference", 6, 50),
        ],
    ),
    // The undefined variable leaves `docker.io/`, which is what bash installs.
    (
        "expansion-undefined.env",
        &[
            ("invalid-repository", 3, 35),
            ("env-variable-reference", 3, 45),
        ],
    ),
    ("export.env", &[]),
    ("feature-disabled.env", &[]),
    ("gcr-double-quoted.env", &[]),
    (
        "gcr-unquoted.env",
        &[("env-unquoted-json", 8, 41), ("gcr-key-json", 8, 41)],
    ),
    ("gcr.env", &[]),
    ("line-continuation.env", &[]),
    ("multiline-quoted.env", &[]),
    ("no-trailing-newline.env", &[]),
    ("plain-http.env", &[]),
    ("primehub-2x-full.env", &[]),
    ("quoting-concat.env", &[]),
    ("quoting-double.env", &[]),
    ("quoting-json-like.env", &[]),
    ("quoting-single.env", &[]),
    ("tilde.env", &[]),
    ("unicode.env", &[]),
];

/// Every finding for a fixture, reader, mapping and values rules, sorted by position, with
/// the test environment as the process environment.
fn findings(path: &std::path::Path) -> Vec<customimage::rules::Diagnostic> {
    let (_, env) = bash::read(path);
    let (located, mapping) = mapping::to_values(&env);
    let mut all = customimage::rules::env_diagnostics(&env.findings);
    all.extend(customimage::rules::env_diagnostics(&mapping));
    all.extend(customimage::rules::check_values(&located, "primehub"));
    all.sort_by_key(|d| d.span.offset);
    all
}

#[test]
fn each_fixture_gets_exactly_the_reviewed_findings() {
    let fixtures = bash::fixtures();
    let names: Vec<String> = fixtures.iter().map(|p| bash::name(p)).collect();
    let listed: Vec<&str> = EXPECTED.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, listed, "every fixture is listed once, in order");
    for (path, (name, expected)) in fixtures.iter().zip(EXPECTED) {
        let (source, _) = bash::read(path);
        let found: Vec<(&str, usize, usize)> = findings(path)
            .iter()
            .map(|d| {
                let (line, column) = source.line_col(d.span.offset);
                (d.rule.name(), line, column)
            })
            .collect();
        assert_eq!(&found, expected, "{name}");
    }
}

#[test]
fn a_fixture_named_after_a_rule_triggers_it() {
    let mut names: Vec<&str> = customimage::rules::Rule::ALL
        .iter()
        .map(|r| r.name())
        .filter(|n| n.starts_with("env-"))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut covered = Vec::new();
    for path in bash::fixtures() {
        let file = bash::name(&path);
        let Some(rule) = names.iter().find(|r| file.starts_with(*r)) else {
            continue;
        };
        assert!(
            findings(&path).iter().any(|d| d.rule.name() == *rule),
            "{file} does not trigger {rule}"
        );
        covered.push(*rule);
    }
    covered.sort();
    covered.dedup();
    assert_eq!(covered.len(), 9, "a fixture for each env rule: {covered:?}");
}

/// The passwords of every fixture: the values of password keys as bash reads them, and as
/// written (a refused line has no bash value).
fn passwords() -> BTreeMap<String, Vec<String>> {
    let mut all = BTreeMap::new();
    for path in bash::fixtures() {
        let (source, env) = bash::read(&path);
        let mut secrets: Vec<String> = env
            .assignments
            .iter()
            .filter(|a| is_secret_key(&a.key) && !a.value.is_empty())
            .map(|a| a.value.clone())
            .collect();
        for span in &env.secret_spans {
            let written = source.text[span.offset..span.end()].trim_matches(['\'', '"']);
            secrets.push(written.to_string());
            secrets.extend(written.lines().map(str::to_string));
        }
        secrets.retain(|s| s.chars().count() >= 8);
        all.insert(bash::name(&path), secrets);
    }
    all
}

#[test]
fn no_password_appears_in_a_finding() {
    let passwords = passwords();
    let fixtures_with_passwords = passwords.values().filter(|p| !p.is_empty()).count();
    assert!(fixtures_with_passwords >= 12, "{fixtures_with_passwords}");
    for path in bash::fixtures() {
        let name = bash::name(&path);
        for d in findings(&path) {
            for secret in &passwords[&name] {
                assert!(
                    !d.message.contains(secret.as_str()) && !d.help.contains(secret.as_str()),
                    "{name}: {} shows a password",
                    d.rule.name()
                );
            }
        }
    }
}

#[test]
fn no_password_appears_in_lint_output() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/env");
    let passwords: Vec<String> = passwords().into_values().flatten().collect();
    assert!(passwords.iter().any(|p| p.starts_with("dckr_pat_")));
    for format in ["human", "json", "sarif", "github"] {
        let output = assert_cmd::Command::cargo_bin("customimage")
            .unwrap()
            .args(["lint", "--color", "never", "--format", format, dir])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(text.contains("env-unquoted-json"), "{format}: {text}");
        for secret in &passwords {
            assert!(!text.contains(secret.as_str()), "{format} shows {secret:?}");
        }
    }
}
