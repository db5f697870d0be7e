//! Every string `migrate` writes must read back as the same string: through PyYAML (YAML 1.1,
//! as Helm's reader) and saphyr (YAML 1.2 core schema), and end to end from a `.env`.

use crate::support::api::migrate_scalar as scalar;
use saphyr::{LoadableYamlNode, Yaml};

/// Strings a naive emitter gets wrong, one reason each.
const TRICKY: &[&str] = &[
    // YAML 1.1 booleans and nulls, any case
    "on",
    "off",
    "On",
    "OFF",
    "yes",
    "no",
    "Yes",
    "NO",
    "y",
    "n",
    "Y",
    "N",
    "true",
    "False",
    "TRUE",
    "null",
    "Null",
    "NULL",
    "~",
    "",
    // YAML 1.1 / 1.2 numbers
    "0123",
    "0x1F",
    "0o17",
    "0b101",
    "1e3",
    "1E-3",
    "6.02e+23",
    "1_000",
    ".5",
    "-.5",
    "1.",
    "+1",
    "-1",
    "0",
    "00",
    "1:30",
    "190:20:30.15",
    ".inf",
    "-.Inf",
    "+.INF",
    ".NaN",
    "08",
    "09.5",
    // dates, merge and value keys
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "=",
    "<<",
    // indicators at the start
    "-",
    "- x",
    "-x",
    "?x",
    "? x",
    ":x",
    ",x",
    "[a]",
    "]",
    "{}",
    "}x",
    "#x",
    "#",
    "&anchor",
    "*.gcr.io",
    "*alias",
    "!tag",
    "!!str",
    "|",
    ">",
    "'q'",
    "\"q\"",
    "%x",
    "@x",
    "`x`",
    "---",
    "...",
    "--- x",
    // spaces, comments, colons, tabs
    " lead",
    "trail ",
    "  ",
    "a: b",
    "a:",
    "a: ",
    "a #b",
    "a#b",
    "a\tb",
    "\ttab",
    "tab\t",
    "key:value",
    "http://10.0.0.1:5000",
    "https://gcr.io",
    "docker.io/infuseai",
    // quotes and backslashes
    "it's",
    "a'b''c",
    "'",
    "say \"hi\"",
    "\"",
    "back\\slash",
    "C:\\path\\",
    "\\n literal",
    "100%",
    "a,b",
    "[1,2]",
    "{a: 1}",
    // unicode, line breaks, control characters
    "日本語",
    "émoji 🎉",
    "\u{a0}nbsp\u{a0}",
    "line1\nline2",
    "trailing newline\n",
    "crlf\r\n",
    "ctrl\u{7}bell",
    "\u{85}nel",
    "ls\u{2028}ps\u{2029}",
    "\u{feff}bom",
    "del\u{7f}",
    "\u{1b}[31mred",
    // a GCR key file, one line with literal \n escapes
    r#"{"type": "service_account", "project_id": "p-1", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n", "client_email": "a@p-1.iam.gserviceaccount.com"}"#,
];

fn document(strings: &[&str]) -> String {
    strings
        .iter()
        .enumerate()
        .map(|(i, s)| format!("k{i}: {}\n", scalar(s)))
        .collect()
}

#[test]
fn every_emitted_scalar_reads_back_unchanged_in_yaml_1_1() {
    assert!(TRICKY.len() >= 100, "{} cases", TRICKY.len());
    let doc = document(TRICKY);
    let loaded = crate::support::pyyaml::safe_load_each(std::slice::from_ref(&doc));
    let map = loaded[0].as_object().expect("a mapping");
    let mut wrong = Vec::new();
    for (i, s) in TRICKY.iter().enumerate() {
        let got = &map[&format!("k{i}")];
        if got.as_str() != Some(s) {
            wrong.push(format!("{s:?} emitted as {} read back as {got}", scalar(s)));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_emitted_scalar_reads_back_unchanged_in_yaml_1_2() {
    let doc = document(TRICKY);
    let docs = Yaml::load_from_str(&doc).expect("the emitted YAML parses");
    let mut wrong = Vec::new();
    for (i, s) in TRICKY.iter().enumerate() {
        let got = &docs[0][format!("k{i}").as_str()];
        if got.as_str() != Some(s) {
            wrong.push(format!(
                "{s:?} emitted as {} read back as {got:?}",
                scalar(s)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_emitted_scalar_is_one_line() {
    for s in TRICKY {
        let out = scalar(s);
        assert!(!out.contains(['\n', '\r']), "{s:?} → {out:?}");
    }
}

/// End to end: the string in a single-quoted `.env` value (as an operator fixes an unquoted
/// GCR key), migrated, read back by PyYAML. The password is the one key no rule inspects for
/// these strings, so every string gets through the lint gate; the empty one is left out (an
/// empty key is not migrated at all).
#[test]
fn strings_from_a_dotenv_survive_the_cli_and_a_yaml_1_1_reader() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    let mut outputs = Vec::new();
    for (i, s) in TRICKY.iter().enumerate().filter(|(_, s)| !s.is_empty()) {
        let env = dir.path().join(format!("case{i}.env"));
        let text = [
            "PRIMEHUB_FEATURE_CUSTOM_IMAGE=true\n".to_string(),
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n".to_string(),
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=infuseai\n".to_string(),
            crate::support::migrate::env_line("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD", s),
            "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/infuseai\n".to_string(),
        ]
        .concat();
        std::fs::write(&env, text).unwrap();
        let out = crate::support::cli::command()
            .arg("migrate")
            .arg(&env)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The `.env` reader refuses a carriage return anywhere as a CRLF file (`env-syntax`):
        // that is its policy, not this test's subject. Anything it accepts must round-trip.
        if s.contains('\r') && out.status.code() == Some(1) && stderr.contains("env-syntax") {
            assert!(out.stdout.is_empty(), "case {i}: refused, yet printed");
            continue;
        }
        assert_eq!(out.status.code(), Some(0), "case {i} {s:?}: {stderr}");
        cases.push(*s);
        outputs.push(String::from_utf8(out.stdout).unwrap());
    }
    assert!(
        cases.len() >= 100,
        "only {} cases got through the CLI",
        cases.len()
    );
    let loaded = crate::support::pyyaml::safe_load_each(&outputs);
    let mut wrong = Vec::new();
    for ((s, doc), out) in cases.iter().zip(&loaded).zip(&outputs) {
        let block = &doc["customImage"];
        if block["registryPassword"].as_str() != Some(s) || block["enabled"] != true {
            wrong.push(format!("{s:?} came out as:\n{out}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
