//! Unit tests of the `.env` reader. The expected values were checked against bash 5.2
//! (`set -a; source FILE; set +a`); `tests/env_bash.rs` re-checks the fixtures against the real
//! bash on every run.

use std::ops::Deref;

use super::*;
use crate::rules::{Diagnostic, Severity};

/// A read `.env` with its findings as the rules report them.
#[derive(Debug)]
struct Parsed {
    env: EnvFile,
    diagnostics: Vec<Diagnostic>,
}

impl Deref for Parsed {
    type Target = EnvFile;

    fn deref(&self) -> &EnvFile {
        &self.env
    }
}

fn parse_with(source: &SourceFile, lookup: &dyn Fn(&str) -> Option<String>) -> Parsed {
    let env = super::parse_with(source, lookup);
    let diagnostics = crate::rules::env_diagnostics(&env.findings);
    Parsed { env, diagnostics }
}

fn lookup(name: &str) -> Option<String> {
    match name {
        "VAR_FROM_ENV" => Some("fromenv".into()),
        "HOME" => Some("/home/tester".into()),
        _ => None,
    }
}

fn read(text: &str) -> (SourceFile, Parsed) {
    let source = SourceFile::new("test.env", text);
    let env = parse_with(&source, &lookup);
    (source, env)
}

fn value(env: &Parsed, key: &str) -> String {
    env.get(key)
        .unwrap_or_else(|| panic!("{key} not assigned: {:?}", env.diagnostics))
        .value
        .clone()
}

/// The findings of `rule`, as (line, column) of their span.
fn positions(source: &SourceFile, env: &Parsed, rule: &str) -> Vec<(usize, usize)> {
    env.diagnostics
        .iter()
        .filter(|d| d.rule.name() == rule)
        .map(|d| source.line_col(d.span.offset))
        .collect()
}

fn rules(env: &Parsed) -> Vec<&'static str> {
    env.diagnostics.iter().map(|d| d.rule.name()).collect()
}

#[test]
fn quoting_and_escapes_give_what_bash_gives() {
    let (_, env) = read(concat!(
        "A=a\\ b\n",
        "B=a\\\\b\n",
        "C=a\\nb\n",
        "D=\"a\\nb\"\n",
        "E=\"a\\\\b\\\"c\\$d\\`e\"\n",
        "F=x\\\ny\n",
        "G=\"x\\\ny\"\n",
        "H='a\\b'\n",
        "I='x'\"y\"z\n",
        "J=\"a\"#b\n",
        "K=a\\\n",
    ));
    assert!(env.diagnostics.is_empty(), "{:?}", env.diagnostics);
    let expected = [
        ("A", "a b"),
        ("B", "a\\b"),
        ("C", "anb"),
        ("D", "a\\nb"),
        ("E", "a\\b\"c$d`e"),
        ("F", "xy"),
        ("G", "xy"),
        ("H", "a\\b"),
        ("I", "xyz"),
        ("J", "a#b"),
        ("K", "a"),
    ];
    for (key, want) in expected {
        assert_eq!(value(&env, key), want, "{key}");
    }
}

#[test]
fn comments_start_only_at_the_start_of_a_word() {
    let (_, env) = read("# whole line\n  # indented\nH=a#b\nI=a #b\nJ=#x\nK= # empty\n\n");
    assert!(env.diagnostics.is_empty(), "{:?}", env.diagnostics);
    assert_eq!(value(&env, "H"), "a#b");
    assert_eq!(value(&env, "I"), "a");
    assert_eq!(value(&env, "J"), "#x");
    assert_eq!(value(&env, "K"), "");
    assert_eq!(env.assignments.len(), 4);
}

#[test]
fn export_prefix_and_surrounding_blanks() {
    let (_, env) = read("export A=1\nexport \tB=2\nexportC=3\n  D=4\n\tE=5\n");
    assert!(env.diagnostics.is_empty(), "{:?}", env.diagnostics);
    assert_eq!(value(&env, "A"), "1");
    assert_eq!(value(&env, "B"), "2");
    // bash reads `exportC=3` as an assignment to `exportC`.
    assert_eq!(value(&env, "exportC"), "3");
    assert!(env.get("C").is_none());
    assert_eq!(value(&env, "D"), "4");
    assert_eq!(value(&env, "E"), "5");
}

#[test]
fn variables_come_from_earlier_lines_then_the_environment() {
    let (_, env) = read(concat!(
        "A=1\nB=2\n",
        "L=$VAR_FROM_ENV/x\n",
        "M=${VAR_FROM_ENV}y\n",
        "N=$A$B\n",
        "O=\"$A ${B}\"\n",
        "P='$A'\n",
        "Q=$UNDEFINED.x\n",
        "R=$\n",
        "S=\"$\"\n",
        "T=a$/\n",
        "W=$A_B\n",
        "VAR_FROM_ENV=overridden\n",
        "X=$VAR_FROM_ENV\n",
    ));
    assert!(env.diagnostics.is_empty(), "{:?}", env.diagnostics);
    let expected = [
        ("L", "fromenv/x"),
        ("M", "fromenvy"),
        ("N", "12"),
        ("O", "1 2"),
        ("P", "$A"),
        ("Q", ".x"),
        ("R", "$"),
        ("S", "$"),
        ("T", "a$/"),
        ("W", ""),
        ("X", "overridden"),
    ];
    for (key, want) in expected {
        assert_eq!(value(&env, key), want, "{key}");
    }
}

#[test]
fn tilde_expands_where_bash_expands_it() {
    let (_, env) = read(concat!(
        "A=~\nB=~/x\nC=a~\nD=\"~\"\nF=x:~/y\nH=~\\/x\nI=\\~/x\nJ=~u\"x\"\n",
        "K=~\"/x\"\nM=a\":\"~/x\nN=x=~/y\n",
    ));
    assert!(env.diagnostics.is_empty(), "{:?}", env.diagnostics);
    let expected = [
        ("A", "/home/tester"),
        ("B", "/home/tester/x"),
        ("C", "a~"),
        ("D", "~"),
        ("F", "x:/home/tester/y"),
        ("H", "~/x"),
        ("I", "~/x"),
        ("J", "~ux"),
        ("K", "~/x"),
        ("M", "a:~/x"),
        ("N", "x=~/y"),
    ];
    for (key, want) in expected {
        assert_eq!(value(&env, key), want, "{key}");
    }
}

#[test]
fn quoted_newlines_are_kept_and_later_lines_counted() {
    let (source, env) = read("A='a\nb'\nB=\"c\nd\"\nC=e\n");
    assert_eq!(value(&env, "A"), "a\nb");
    assert_eq!(value(&env, "B"), "c\nd");
    let c = env.get("C").unwrap();
    assert_eq!(c.line, 5);
    assert_eq!(source.line_col(c.value_span.offset), (5, 3));
}

#[test]
fn spans_cover_the_key_and_the_value_as_written() {
    let (source, env) = read("# x\nexport  KEY=\"a b\"'c'  # note\n");
    let a = env.get("KEY").unwrap();
    assert_eq!(a.line, 2);
    assert_eq!(&source.text[a.key_span.offset..a.key_span.end()], "KEY");
    assert_eq!(
        &source.text[a.value_span.offset..a.value_span.end()],
        "\"a b\"'c'"
    );
    assert_eq!(source.line_col(a.value_span.offset), (2, 13));
}

#[test]
fn env_syntax_lines_that_are_not_assignments() {
    let cases = [
        ("F =6\n", (1, 1)),
        ("OK=1\nG-H=x\n", (2, 1)),
        ("1A=x\n", (1, 1)),
        ("A+=x\n", (1, 1)),
        ("A[0]=x\n", (1, 1)),
        ("export\n", (1, 1)),
        ("export -n A=1\n", (1, 1)),
        ("source other.env\n", (1, 1)),
        ("A=1 B=2\n", (1, 5)),
        ("OK=1\nA='never closed\nB=2\n", (2, 3)),
        ("A=\"x\nB=2\n", (1, 3)),
    ];
    for (text, at) in cases {
        let (source, env) = read(text);
        assert_eq!(
            positions(&source, &env, "env-syntax"),
            vec![at],
            "{text:?}: {:?}",
            env.diagnostics
        );
        assert_eq!(rules(&env), vec!["env-syntax"], "{text:?}");
        assert_eq!(env.diagnostics[0].severity, Severity::Error);
    }
}

#[test]
fn a_refused_line_does_not_swallow_the_next_ones() {
    let (_, env) = read("A-B=\"x\ny\"\nC=1\nD =2\nE=3\n");
    assert_eq!(rules(&env), vec!["env-syntax", "env-syntax"]);
    assert_eq!(value(&env, "C"), "1");
    assert_eq!(value(&env, "E"), "3");
}

#[test]
fn env_syntax_crlf_and_bom_are_refused_once() {
    let (source, env) = read("A=abc\r\nB=\"x\"\r\n");
    assert_eq!(positions(&source, &env, "env-syntax"), vec![(1, 6)]);
    assert!(env.diagnostics[0].message.contains("2 lines"));
    assert!(env.diagnostics[0].help.contains("sed -i 's/\\r$//' .env"));
    // The other rules still see the intended values.
    assert_eq!(value(&env, "A"), "abc");

    let (source, env) = read("\u{feff}PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\nB=1\n");
    assert!(source.bom);
    assert_eq!(positions(&source, &env, "env-syntax"), vec![(1, 1)]);
    assert!(env.diagnostics[0]
        .message
        .contains("leaves `PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT` unset"));

    let (_, env) = read("A=abc\nB=x\n");
    assert!(env.diagnostics.is_empty());
}

#[test]
fn env_shell_expansion_refuses_what_bash_would_run_or_we_do_not_model() {
    let cases = [
        ("G=$(whoami)\n", (1, 3)),
        ("G=\"a$(whoami)\"\n", (1, 5)),
        ("G=`id`\n", (1, 3)),
        ("F=a b\n", (1, 5)),
        ("F=\"a\" b\n", (1, 7)),
        ("A=x;B=y\n", (1, 4)),
        ("A=x|y\n", (1, 4)),
        ("A=x>y\n", (1, 4)),
        ("A=(a b)\n", (1, 3)),
        ("A=${X:-y}\n", (1, 3)),
        ("A=${#X}\n", (1, 3)),
        ("A=$1x\n", (1, 3)),
        ("A=$$\n", (1, 3)),
        ("A=$RANDOM\n", (1, 3)),
        ("A=$'a\\tb'\n", (1, 3)),
        ("A=$((1+2))\n", (1, 3)),
        ("A=~root/x\n", (1, 3)),
        ("A=~+\n", (1, 3)),
    ];
    for (text, at) in cases {
        let (source, env) = read(text);
        assert_eq!(
            positions(&source, &env, "env-shell-expansion"),
            vec![at],
            "{text:?}: {:?}",
            env.diagnostics
        );
        assert_eq!(rules(&env), vec!["env-shell-expansion"], "{text:?}");
        assert!(env.assignments.is_empty(), "{text:?} must not be assigned");
    }
    let (_, env) = read("A=${X:-y}\n");
    assert!(env.diagnostics[0].message.contains("not supported"));
    // `~` with no HOME anywhere: bash would ask the user database.
    let source = SourceFile::new("t.env", "A=~/x\n");
    let env = parse_with(&source, &|_| None);
    assert_eq!(rules(&env), vec!["env-shell-expansion"]);
    // The good counterparts.
    let (_, env) = read("F='a b'\nG=\"x;y|z\"\nH='$(whoami)'\nI=\"${HOME}\"\n");
    assert!(env.diagnostics.is_empty(), "{:?}", env.diagnostics);
    assert_eq!(value(&env, "H"), "$(whoami)");
}

#[test]
fn export_with_a_second_word_is_a_syntax_error_not_a_command() {
    let (source, env) = read("export F=a b\n");
    assert_eq!(positions(&source, &env, "env-syntax"), vec![(1, 12)]);
    assert!(env.diagnostics[0]
        .message
        .contains("another name to export"));
}

#[test]
fn env_variable_reference_says_where_the_value_comes_from() {
    let (source, env) = read(concat!(
        "NS=infuseai\n",
        "PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/${NS}\n",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=$VAR_FROM_ENV\n",
        "PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO=\"$NOPE/x\"\n",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=~/x\n",
        "OTHER=$NS\n",
    ));
    assert_eq!(
        positions(&source, &env, "env-variable-reference"),
        vec![(2, 45), (3, 41), (4, 34), (5, 41)]
    );
    let messages: Vec<&str> = env.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(messages[0].contains("`infuseai`") && messages[0].contains("line 1"));
    // A value from the environment is never shown (SPEC §8), only the variable's name.
    assert!(messages[1].contains("`VAR_FROM_ENV` is set in the environment"));
    assert!(!messages[1].contains("fromenv"));
    assert!(messages[2].contains("empty"));
    assert!(messages[3].contains("`HOME` is set in the environment"));
    assert!(!messages[3].contains("/home/tester"));
    assert!(env
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Warning));
    assert_eq!(value(&env, "PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO"), "/x");
}

#[test]
fn env_variable_reference_never_prints_a_password() {
    let (_, env) = read(concat!(
        "TOKEN=dckr_pat_s3cret-from-line\n",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=$TOKEN\n",
        "ADMIN_PASSWORD=hunter2-admin\n",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=$ADMIN_PASSWORD\n",
    ));
    assert_eq!(env.diagnostics.len(), 2, "{:?}", env.diagnostics);
    for d in &env.diagnostics {
        assert!(!d.message.contains("s3cret") && !d.message.contains("hunter2"));
        assert!(d.message.contains("not shown"), "{}", d.message);
    }
}

#[test]
fn env_unquoted_json_needs_one_quoted_string() {
    let key = "PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO";
    for bad in [
        "{\"a\":\"b\"}",
        "[\"a\",2]",
        "\"{\"a\":\"b\"}\"",
        "'{\"a\":1}'\"x\"",
    ] {
        let (source, env) = read(&format!("{key}={bad}\n"));
        assert_eq!(
            positions(&source, &env, "env-unquoted-json"),
            vec![(1, key.len() + 2)],
            "{bad}"
        );
        assert_eq!(rules(&env), vec!["env-unquoted-json"], "{bad}");
    }
    let (_, env) = read(&format!("{key}={{\"a\":\"b\"}}\n"));
    assert!(env.diagnostics[0].message.contains("`{a:b}`"));
    assert_eq!(value(&env, key), "{a:b}");
    // With a space the line would also run a command: still one finding, and no assignment.
    let (_, env) = read(&format!("{key}={{\"a\": \"b\"}}\n"));
    assert_eq!(rules(&env), vec!["env-unquoted-json"]);
    assert!(env.get(key).is_none());
    for good in ["'{\"a\":\"b\"}'", "\"{\\\"a\\\":\\\"b\\\"}\""] {
        let (_, env) = read(&format!("{key}={good}\n"));
        assert!(env.diagnostics.is_empty(), "{good}: {:?}", env.diagnostics);
        assert_eq!(value(&env, key), "{\"a\":\"b\"}");
    }
    // Issue 9: where no `"` is a shell quote, bash keeps the value as written between the
    // quotes; nothing to refuse (checked against bash by the `quoting-json-like.env` fixture).
    for (good, bash_value) in [
        ("'{x'\\''y'", "{x'y"),
        ("'[ab'#c", "[ab#c"),
        ("'{\"a\":1}'x", "{\"a\":1}x"),
        ("[1,2]", "[1,2]"),
        ("{\\\"a\\\":1}", "{\"a\":1}"),
    ] {
        let (_, env) = read(&format!("{key}={good}\n"));
        assert!(env.diagnostics.is_empty(), "{good}: {:?}", env.diagnostics);
        assert_eq!(value(&env, key), bash_value, "{good}");
    }
}

#[test]
fn env_duplicate_key_points_at_the_later_assignment_and_the_last_wins() {
    let key = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT";
    let (source, env) = read(&format!("{key}=docker.io\nX=1\nexport {key}=gcr.io\nX=2\n"));
    assert_eq!(positions(&source, &env, "env-duplicate-key"), vec![(3, 8)]);
    assert_eq!(rules(&env), vec!["env-duplicate-key"]);
    assert!(env.diagnostics[0].message.contains("line 1"));
    assert_eq!(value(&env, key), "gcr.io");
    assert_eq!(value(&env, "X"), "2");
}

#[test]
fn password_values_are_masked_even_on_refused_lines() {
    let key = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD";
    let text = format!("{key}=pw-part-one pw-part-two\n{key}='fine'\n");
    let (source, env) = read(&text);
    let spans: Vec<&str> = env
        .secret_spans
        .iter()
        .map(|s| &source.text[s.offset..s.end()])
        .collect();
    assert_eq!(spans, vec!["pw-part-one pw-part-two", "'fine'"]);
    for d in &env.diagnostics {
        assert!(!d.message.contains("pw-part") && !d.help.contains("pw-part"));
    }
    assert_eq!(crate::redact::scrub("x pw-part-one y"), "x **** y");
}

#[test]
fn nested_references_cannot_exhaust_memory() {
    // A=10 bytes, B=10 kB, C=10 MB, D would be 10 GB: bash would try; the reader stops.
    let mut text = String::from("A=xxxxxxxxxx\n");
    for (name, prev) in [("B", "A"), ("C", "B"), ("D", "C")] {
        text.push_str(&format!("{name}={}\n", format!("${prev}").repeat(1000)));
    }
    let (source, env) = read(&text);
    assert_eq!(value(&env, "C").len(), 10_000_000);
    assert!(env.get("D").is_none());
    assert_eq!(
        positions(&source, &env, "env-shell-expansion"),
        vec![(4, 3)]
    );
}

#[test]
fn braces_are_literal_in_an_assignment_and_refused_after_export() {
    // bash: `I={a,b}` is `{a,b}`; `export A={,}` is empty and `export B=a{b,c}` is `ac`.
    let (_, env) = read("I={a,b}\nexport F=x{y\n");
    assert!(env.diagnostics.is_empty(), "{:?}", env.diagnostics);
    assert_eq!(value(&env, "I"), "{a,b}");
    assert_eq!(value(&env, "F"), "x{y");
    let (source, env) = read("export A={,}\nexport B=a{b,c}\nexport G='{a,b}'\n");
    assert_eq!(
        positions(&source, &env, "env-shell-expansion"),
        vec![(1, 10), (2, 11)]
    );
    assert_eq!(value(&env, "G"), "{a,b}");
}

#[test]
fn line_continuations_are_removed_before_words_are_read() {
    // Checked with bash 5.2; a comment is not continued.
    let (_, env) = read(concat!(
        "# c \\\nA=1\n",
        "E=$A\\\nB\n",
        "F=\"a\\\\\nb\"\n",
        "G=a\\\\\n",
        "H=${A\\\n}\n",
        "I=\\\\\\\nJ\n",
        "K=~\\\n/x\n",
        "L=x \\\n # comment\n",
    ));
    assert!(env.diagnostics.is_empty(), "{:?}", env.diagnostics);
    let expected = [
        ("A", "1"),
        ("E", ""),
        ("F", "a\\\nb"),
        ("G", "a\\"),
        ("H", "1"),
        ("I", "\\J"),
        ("K", "/home/tester/x"),
        ("L", "x"),
    ];
    for (key, want) in expected {
        assert_eq!(value(&env, key), want, "{key}");
    }
    // `$\<newline>#` is `$#`, a special parameter.
    let (_, env) = read("D=$\\\n#\n");
    assert_eq!(rules(&env), vec!["env-shell-expansion"]);
}

#[test]
fn a_carriage_return_before_a_continuation_is_kept() {
    // bash: `A=<CR>\<newline>` is a CR (the physical line does not end in CR), and `~<CR>a`
    // names a user `<CR>a` (refused, as every `~user`).
    let (_, env) = read("A=\r\\\n\nB=x\r\nC=~\ra\n");
    assert_eq!(value(&env, "A"), "\r");
    assert_eq!(rules(&env), vec!["env-syntax", "env-shell-expansion"]);
    assert!(env.get("C").is_none());
}

#[test]
fn variables_bash_manages_itself_cannot_be_assigned() {
    // bash 5.2: `UID=5` is refused (readonly), `RANDOM=5` seeds and reads back another number.
    for key in ["UID", "RANDOM", "SECONDS", "_", "OPTIND"] {
        let (source, env) = read(&format!("{key}=5\n"));
        assert_eq!(
            positions(&source, &env, "env-syntax"),
            vec![(1, 1)],
            "{key}"
        );
        assert!(env.get(key).is_none(), "{key}");
    }
    let (_, env) = read("TERM=xterm\nHOSTNAME=builder\n");
    assert!(env.diagnostics.is_empty(), "{:?}", env.diagnostics);
}

#[test]
fn a_flood_of_findings_is_summed_up() {
    let key = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT";
    let text = format!("{key}=docker.io\n").repeat(151);
    let (source, env) = read(&text);
    let found = positions(&source, &env, "env-duplicate-key");
    assert_eq!(found.len(), 101);
    assert_eq!(found[99], (101, 1));
    assert_eq!(
        found[100],
        (102, 1),
        "the summary points at the first finding not shown"
    );
    assert!(env.diagnostics[100]
        .message
        .starts_with("50 more `env-duplicate-key` findings"));
}

#[test]
fn a_value_gets_at_most_twenty_reference_findings() {
    let text = format!("A=x\nPRIMEHUB_CUSTOM_IMAGE_PUSH_REPO={}\n", "$A".repeat(30));
    let (source, env) = read(&text);
    assert_eq!(
        value(&env, "PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO"),
        "x".repeat(30)
    );
    assert_eq!(positions(&source, &env, "env-variable-reference").len(), 20);
}
