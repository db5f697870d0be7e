//! Every fixture under `fixtures/values/` and `fixtures/env/` (subfolders included: `good/`,
//! `hostile/`, `seeds/`) linted the way a user lints it, `customimage lint --format json FILE`
//! from the crate root, and its exit code, JSON report and any error message kept as an insta
//! snapshot (`tests/lint/snapshots/lint__fixtures__json@<fixture>.snap`). Each snapshot was reviewed
//! against its fixture: rule, severity, line, column and values path of every finding, and its
//! message and help. After a change, `cargo insta review` (or `INSTA_UPDATE=always`) shows
//! what moved.
//!
//! `.env` files are read with the same process environment the bash oracle gets
//! ([`ENVIRONMENT`]), since bash takes unset variables from it. The hostile files are all
//! small; the ones too large to keep in the repository are made by `tests/hostile/`.

use std::path::Path;

use crate::support::api::rule_names;
use crate::support::bash::ENVIRONMENT;
use crate::support::cli::{command, Run};
use crate::support::root;

/// Fixtures linted with another release name than `primehub`: the rule about the release
/// name, and a good file for a release called `ph`.
const RELEASE: &[(&str, &str)] = &[
    ("fixtures/values/push-secret-name-mismatch.yaml", "ph"),
    ("fixtures/values/good/release-ph.yaml", "ph"),
];

fn release_of(fixture: &str) -> &'static str {
    RELEASE
        .iter()
        .find(|(path, _)| *path == fixture)
        .map_or("primehub", |(_, release)| release)
}

/// The rule a bad fixture is named after (`<rule>.yaml`, `<rule>-<variant>.env`), if any.
fn rule_named_by(file_name: &str) -> Option<&'static str> {
    let mut names = rule_names();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.into_iter().find(|rule| {
        file_name
            .strip_prefix(rule)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('-'))
    })
}

#[test]
fn json() {
    insta::glob!("../../fixtures", "{values,env}/**/*.{yaml,env}", |path| {
        let fixture = path
            .strip_prefix(root())
            .expect("a fixture below the crate root")
            .to_str()
            .expect("a UTF-8 path")
            .to_string();
        let release = release_of(&fixture);
        let output = command()
            .env_clear()
            .env("NO_COLOR", "1")
            .envs(ENVIRONMENT.iter().copied())
            .current_dir(root())
            .args(["lint", "--format", "json", "--release", release, &fixture])
            .output()
            .expect("customimage runs");
        let run = Run::utf8(output);
        let code = run.code.expect("customimage exited");

        // What the snapshot cannot be trusted to say on its own.
        let report: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{fixture}: not JSON ({e}):\n{}", run.output()));
        let summary = &report["summary"];
        let expected_code = if summary["files"] == 0 {
            2 // refused before any rule ran
        } else if summary["errors"] != 0 {
            1
        } else {
            0
        };
        assert_eq!(code, expected_code, "{fixture}:\n{}", run.output());
        if let Some(rule) = rule_named_by(&file_name(path)) {
            let drawn: Vec<&str> = report["files"][0]["diagnostics"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d["rule"].as_str())
                .collect();
            assert!(drawn.contains(&rule), "{fixture} does not draw {rule}");
        }

        let mut snapshot = format!("exit code: {code}\n");
        if !run.stderr.is_empty() {
            snapshot.push_str(&format!("--- stderr\n{}", run.stderr));
        }
        snapshot.push_str(&format!("--- stdout\n{}", run.stdout));
        insta::with_settings!({
            description => format!("customimage lint --format json --release {release} {fixture}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(snapshot);
        });
    });
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}
