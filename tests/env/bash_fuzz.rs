//! Random `.env` files, read by the reader and by the real bash: whenever the reader accepts a
//! file, every value must be bash's. The alphabet cannot spell a redirection, a pipeline, a
//! command substitution or any builtin that does harm (no `;&|<>()` or backticks; letters only
//! from `abxABZ`), and bash runs in the sandbox of `common::bash`, so nothing is executed.

use std::collections::BTreeMap;
use std::io::Write;

use crate::support::bash;
use proptest::prelude::*;

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "A",
        "B",
        "A_B",
        "HOME",
        "VAR_FROM_ENV",
        "export A",
        "export  B",
        " A",
        "\tB",
        "1A",
        "A B",
        "A-B",
        "Ab",
    ])
    .prop_map(str::to_string)
}

/// Anything from the alphabet: mostly refused, which is the point of it.
fn raw_value() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "b",
        "x",
        "A",
        "B",
        "Z",
        "0",
        "_",
        "-",
        ".",
        "/",
        ":",
        "=",
        "~",
        "$",
        "{",
        "}",
        "#",
        "'",
        "\"",
        "\\",
        " ",
        "\t",
        "\n",
        "é",
        "@",
        "%",
        "[",
        "]",
        "*",
        "?",
        "!",
        "+",
        ",",
        "$A",
        "${B}",
        "$HOME",
        "${A_B}",
        "$VAR_FROM_ENV",
        "\\\n",
        "\r",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|p| p.concat())
}

/// Well-formed words: unquoted, single- and double-quoted parts side by side.
fn word() -> impl Strategy<Value = String> {
    let unquoted = prop::sample::select(vec![
        "a",
        "b",
        "x",
        "Z",
        "0",
        "_",
        "-",
        ".",
        "/",
        ":",
        "=",
        "~",
        "$",
        "{",
        "}",
        "#",
        "é",
        "@",
        "%",
        "*",
        "?",
        "!",
        "+",
        ",",
        "$A",
        "${B}",
        "$HOME",
        "${A_B}",
        "$VAR_FROM_ENV",
        "$AB",
        "\\\n",
        "\\ ",
        "\\\\",
        "\\'",
        "\\\"",
        "\\$",
        "\\#",
        "\\a",
        "\\~",
        "~/",
        ":~",
        "~:",
    ])
    .prop_map(str::to_string);
    let single = prop::collection::vec(
        prop::sample::select(vec![
            "a", " ", "\t", "\n", "\"", "\\", "$", "$A", "#", "~", "`", "(", ";", "|", "<", "{",
        ]),
        0..5,
    )
    .prop_map(|p| format!("'{}'", p.concat()));
    let double = prop::collection::vec(
        prop::sample::select(vec![
            "a", " ", "\t", "\n", "'", "\\\"", "\\\\", "\\$", "\\`", "\\a", "\\n", "$A", "${B}",
            "$", "#", "~", "\\\n", "{", "}", ":", ";", "|", "<", "(",
        ]),
        0..6,
    )
    .prop_map(|p| format!("\"{}\"", p.concat()));
    prop::collection::vec(prop_oneof![3 => unquoted, 1 => single, 1 => double], 0..6)
        .prop_map(|p| p.concat())
}

fn value() -> impl Strategy<Value = String> {
    let tail = prop::sample::select(vec!["", "", " ", "\t", " # note", "#glued", " \\\n"]);
    prop_oneof![
        3 => (word(), tail).prop_map(|(w, t)| format!("{w}{t}")),
        1 => raw_value(),
    ]
}

fn file() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => (key(), value()).prop_map(|(k, v)| format!("{k}={v}")),
        1 => value(),
        1 => value().prop_map(|v| format!("# {v}")),
    ];
    prop::collection::vec(line, 1..6).prop_map(|lines| lines.join("\n") + "\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn an_accepted_file_reads_as_bash_reads_it(text in file()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fuzz.env");
        std::fs::File::create(&path).unwrap().write_all(text.as_bytes()).unwrap();
        let (_, env) = bash::read(&path);
        if !bash::refused(&env) {
            let run = bash::run(&path);
            prop_assert!(run.stderr.is_empty(), "{text:?}: bash says {}", run.stderr);
            let mut tool = BTreeMap::new();
            // bash overwrites its own variables (`_`) at once: their value means nothing.
            for a in env.assignments.iter().filter(|a| !bash::is_bookkeeping(&a.key)) {
                tool.insert(a.key.clone(), a.value.clone());
            }
            for (key, value) in &tool {
                prop_assert_eq!(run.all.get(key), Some(value), "{:?}: {}", text, key);
            }
            for key in run.assigned.keys() {
                prop_assert!(tool.contains_key(key), "{:?}: bash assigns {}", text, key);
            }
        }
    }
}
