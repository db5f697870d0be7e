//! The `.env` reader against the real bash (SPEC §2): every fixture the reader accepts must give
//! each key exactly the value `set -a; source FILE; set +a` gives, and every fixture it refuses
//! must be one where bash runs a command, fails, or gives a value other than a naive reading
//! (dotenvy's) or than the text as written. Also documents where dotenvy disagrees with bash.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::bash;

/// Why a refused fixture is refused, as bash shows it.
#[derive(Debug)]
enum Why {
    /// bash tries to run a command (and, in the sandbox, cannot find it).
    RunsCommand,
    /// bash stops with a syntax error.
    ShellError,
    /// Some value ends in a carriage return.
    CarriageReturn,
    /// bash and dotenvy give different values.
    DiffersFromNaive,
    /// The value of this key is JSON as written, and not JSON once bash has read it.
    NotAsWritten(&'static str),
}

const REFUSED: &[(&str, Why)] = &[
    ("env-shell-expansion-backticks.env", Why::RunsCommand),
    ("env-shell-expansion-default.env", Why::DiffersFromNaive),
    ("env-shell-expansion-operator.env", Why::DiffersFromNaive),
    ("env-shell-expansion-space.env", Why::RunsCommand),
    ("env-shell-expansion.env", Why::RunsCommand),
    ("env-syntax-bad-key.env", Why::RunsCommand),
    ("env-syntax-bom.env", Why::RunsCommand),
    ("env-syntax-crlf.env", Why::CarriageReturn),
    ("env-syntax-unterminated-quote.env", Why::ShellError),
    ("env-syntax.env", Why::RunsCommand),
    (
        "env-unquoted-json.env",
        Why::NotAsWritten("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD"),
    ),
    (
        "gcr-unquoted.env",
        Why::NotAsWritten("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD"),
    ),
];

/// Where dotenvy 0.15 reads an accepted fixture differently from bash (key, or `(error)` when
/// dotenvy refuses the file), and why. The reader follows bash; dotenvy is only the naive
/// reading the refusals are measured against.
const DOTENVY_DISAGREES: &[(&str, &str, &str)] = &[
    ("comments.env", "D", "dotenvy takes `#` right after `=` as a comment; bash keeps `#starts-with-hash`"),
    ("dollar-literal.env", "A", "dotenvy drops a `$` not followed by a name; bash keeps it"),
    ("dollar-literal.env", "B", "the same: `price$`"),
    ("dollar-literal.env", "C", "the same: `\"$ 5\"`"),
    ("dollar-literal.env", "D", "the same: `$/x`"),
    ("dollar-literal.env", "E", "the same: `a$.b`"),
    ("env-variable-reference.env", "UNRELATED", "dotenvy ends an unbraced `$NAME` at `_`: `$DOCKER_NAMESPACE` reads `$DOCKER`"),
    ("escapes-unquoted.env", "(error)", "dotenvy refuses `\\<tab>` and `\\#` outside quotes (and turns `\\n` into a newline); bash drops the backslash"),
    ("expansion-process-env.env", "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD", "dotenvy prefers the process environment to an earlier line; bash takes the earlier line"),
    ("expansion-process-env.env", "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX", "`$VAR_FROM_ENV` reads `$VAR` in dotenvy (names end at `_`)"),
    ("expansion-undefined.env", "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX", "`$NOT_DEFINED_ANYWHERE` reads `$NOT` in dotenvy, leaving `_DEFINED_ANYWHERE`"),
    ("line-continuation.env", "(error)", "dotenvy has no backslash-newline continuation outside quotes"),
    ("quoting-double.env", "(error)", "dotenvy refuses `\\t`, `\\a`, `\\'` and `\\{` inside double quotes; bash keeps the backslash"),
    ("tilde.env", "A", "dotenvy has no tilde expansion"),
    ("tilde.env", "B", "the same: `~/certs`"),
    ("tilde.env", "C", "the same: `/opt:~/bin`"),
];

fn naive(path: &Path) -> Result<BTreeMap<String, String>, dotenvy::Error> {
    // dotenvy substitutes from its own process environment; give it what bash gets.
    for (name, value) in bash::ENVIRONMENT {
        if std::env::var(name).as_deref() != Ok(value) {
            std::env::set_var(name, value);
        }
    }
    dotenvy::from_path_iter(path)?.collect()
}

#[test]
fn every_accepted_fixture_reads_as_bash_reads_it() {
    let mut compared = Vec::new();
    for path in bash::fixtures() {
        let name = bash::name(&path);
        let (_, env) = bash::read(&path);
        if bash::refused(&env) {
            continue;
        }
        let run = bash::run(&path);
        assert!(run.stderr.is_empty(), "{name}: bash says {}", run.stderr);
        let mut tool = BTreeMap::new();
        for a in &env.assignments {
            tool.insert(a.key.as_str(), a.value.as_str());
        }
        assert!(!tool.is_empty(), "{name}: nothing read");
        for (key, value) in &tool {
            assert_eq!(
                run.all.get(*key).map(String::as_str),
                Some(*value),
                "{name}: {key}"
            );
        }
        for key in run.assigned.keys() {
            assert!(
                tool.contains_key(key.as_str()),
                "{name}: bash assigns {key}, the reader does not"
            );
        }
        compared.push(name);
    }
    assert!(
        compared.len() >= 25,
        "only {} compared: {compared:?}",
        compared.len()
    );
}

#[test]
fn every_refused_fixture_is_refused_for_a_reason_bash_shows() {
    let refused: BTreeSet<String> = bash::fixtures()
        .iter()
        .filter(|p| bash::refused(&bash::read(p).1))
        .map(|p| bash::name(p))
        .collect();
    let listed: BTreeSet<String> = REFUSED.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        refused, listed,
        "the reader refuses other fixtures than listed"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/env");
    for (name, why) in REFUSED {
        let path = dir.join(name);
        let run = bash::run(&path);
        match why {
            // A word with a `/` is run as a path: "No such file or directory".
            Why::RunsCommand => assert!(
                run.stderr.contains("command not found")
                    || run.stderr.contains("No such file or directory"),
                "{name}: {}",
                run.stderr
            ),
            Why::ShellError => assert!(
                run.stderr.contains("unexpected EOF") || run.stderr.contains("syntax error"),
                "{name}: {}",
                run.stderr
            ),
            Why::CarriageReturn => assert!(
                !run.assigned.is_empty() && run.assigned.values().all(|v| v.ends_with('\r')),
                "{name}: {:?}",
                run.assigned
            ),
            Why::DiffersFromNaive => {
                let differs = match naive(&path) {
                    Err(_) => true,
                    Ok(pairs) => pairs.iter().any(|(k, v)| run.all.get(k) != Some(v)),
                };
                assert!(differs, "{name}: bash and dotenvy agree");
            }
            Why::NotAsWritten(key) => {
                let text = std::fs::read_to_string(&path).unwrap();
                let written = text
                    .lines()
                    .find_map(|l| l.strip_prefix(&format!("{key}=")))
                    .unwrap();
                let bash_value = &run.all[*key];
                assert!(serde_json::from_str::<serde_json::Value>(written).is_ok());
                assert!(serde_json::from_str::<serde_json::Value>(bash_value).is_err());
                assert!(!run.stderr.contains("command not found"), "{name}");
            }
        }
    }
}

#[test]
fn dotenvy_disagrees_with_bash_exactly_where_documented() {
    let mut found = BTreeSet::new();
    for path in bash::fixtures() {
        let name = bash::name(&path);
        if bash::refused(&bash::read(&path).1) {
            continue;
        }
        let run = bash::run(&path);
        match naive(&path) {
            Err(_) => {
                found.insert((name, "(error)".to_string()));
            }
            Ok(pairs) => {
                for (key, value) in &pairs {
                    if run.all.get(key) != Some(value) {
                        found.insert((name.clone(), key.clone()));
                    }
                }
                for key in run.assigned.keys() {
                    if !pairs.contains_key(key) {
                        found.insert((name.clone(), key.clone()));
                    }
                }
            }
        }
    }
    let documented: BTreeSet<(String, String)> = DOTENVY_DISAGREES
        .iter()
        .map(|(f, k, _)| (f.to_string(), k.to_string()))
        .collect();
    assert_eq!(found, documented);
}

/// Issue 9: a single-quoted value that starts like JSON and goes on (`'{x'\''y'`, `'[ab'#c`)
/// loses no double quote to bash; it is read as bash reads it and not refused.
#[test]
fn json_like_values_without_removed_double_quotes_are_read_as_bash_reads_them() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/env/quoting-json-like.env");
    let (_, env) = bash::read(&path);
    let diagnostics = crate::support::api::env_file_diagnostics(&env);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let run = bash::run(&path);
    assert!(run.stderr.is_empty(), "bash says {}", run.stderr);
    for (key, expected) in [
        ("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME", "[ab#c"),
        ("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD", "{x'y"),
    ] {
        assert_eq!(
            run.all.get(key).map(String::as_str),
            Some(expected),
            "bash: {key}"
        );
        let ours = env.get(key).map(|a| a.value.as_str());
        assert_eq!(ours, Some(expected), "reader: {key}");
    }
}
