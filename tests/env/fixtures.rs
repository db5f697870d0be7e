//! The `.env` fixtures through the reader, the mapping and the values rules: each fixture named
//! after a rule draws it (everything each fixture draws, reviewed against its text, is its
//! snapshot in `tests/lint/`), and no password of any fixture reaches a diagnostic or the
//! output of `lint`.

use std::collections::BTreeMap;

use crate::support::api::{
    check_values, env_diagnostics, env_file_diagnostics, is_secret_key, mapping, rule_name,
    rule_names, Diagnostic,
};
use crate::support::bash;

/// Every finding for a fixture, reader, mapping and values rules, sorted by position, with
/// the test environment as the process environment.
fn findings(path: &std::path::Path) -> Vec<Diagnostic> {
    let (_, mut env) = bash::read(path);
    let (located, mapping) = mapping::to_values(&mut env);
    let mut all = env_file_diagnostics(&env);
    all.extend(env_diagnostics(&mapping));
    all.extend(check_values(&located, "primehub"));
    all.sort_by_key(|d| d.span.offset);
    all
}

#[test]
fn a_fixture_named_after_a_rule_triggers_it() {
    let mut names: Vec<&str> = rule_names()
        .into_iter()
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
            findings(&path).iter().any(|d| rule_name(d) == *rule),
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
                    rule_name(&d)
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
        let output = crate::support::cli::command()
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
