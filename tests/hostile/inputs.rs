//! SPEC §8: hostile inputs through the real CLI. Each gets a `yaml-syntax` finding (exit 1) or a
//! clean refusal (exit 2), never a panic, a hang or a stack overflow. The command timeout is
//! only a hang guard; nothing here measures speed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::cli::command;
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!(
        "{}/fixtures/values/hostile/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn customimage(args: &[&str], stdin: Option<Vec<u8>>) -> Outcome {
    let mut cmd = command();
    // Twice the usual hang guard: these inputs are as large as the reader's bounds allow.
    cmd.args(args).timeout(Duration::from_secs(120));
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    let outcome = Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    for text in [&outcome.stdout, &outcome.stderr] {
        assert!(
            !text.contains("panicked")
                && !text.contains("internal error")
                && !text.contains("overflow"),
            "{args:?} crashed:\n{text}"
        );
    }
    outcome
}

/// Lints `path` as JSON; returns the exit code and the file's diagnostics.
fn lint_json(path: &str) -> (i32, Vec<Value>) {
    let out = customimage(&["lint", "--format", "json", path], None);
    let report: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}):\n{}{}", out.stdout, out.stderr));
    let diagnostics = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .clone();
    (out.code, diagnostics)
}

/// Asserts that `path` gets exactly one finding, a `yaml-syntax` error whose message says
/// `what`, and exit status 1.
fn assert_refused(path: &str, what: &str) -> Value {
    let (code, diagnostics) = lint_json(path);
    assert_eq!(code, 1, "{path}: {diagnostics:#?}");
    assert_eq!(diagnostics.len(), 1, "{path}: {diagnostics:#?}");
    let d = diagnostics[0].clone();
    assert_eq!(d["rule"], "yaml-syntax", "{path}: {d}");
    assert_eq!(d["severity"], "error", "{path}: {d}");
    assert!(
        d["message"].as_str().unwrap().contains(what),
        "{path}: expected {what:?} in {d}"
    );
    d
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn an_alias_bomb_is_refused_before_it_expands() {
    let d = assert_refused(&fixture("alias-bomb.yaml"), "alias bomb");
    assert!(d["line"].as_u64().unwrap() <= 10, "{d}");
}

#[test]
fn an_alias_inside_its_own_anchor_is_refused() {
    assert_refused(&fixture("alias-cycle.yaml"), "contains it");
}

#[test]
fn a_chain_of_aliases_nesting_past_the_bound_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("a0: &a0 [x]\n");
    for i in 1..2_000 {
        text.push_str(&format!("a{i}: &a{i} [*a{}]\n", i - 1));
    }
    assert_refused(&write(dir.path(), "chain.yaml", text), "deeper than");
}

#[test]
fn deeply_nested_flow_collections_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for depth in [10_000, 20_000] {
        let text = format!("customImage: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        let path = write(dir.path(), &format!("flow-{depth}.yaml"), &text);
        assert_refused(&path, "nested deeper than 255");
        let mappings = format!("a: {}x{}\n", "{b: ".repeat(depth), "}".repeat(depth));
        let path = write(dir.path(), &format!("flow-map-{depth}.yaml"), &mappings);
        assert_refused(&path, "nested deeper than 255");
    }
}

#[test]
fn deeply_nested_block_collections_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for depth in [10_000, 20_000] {
        let text = format!("customImage:\n  pushRepo:\n    {}x\n", "- ".repeat(depth));
        let path = write(dir.path(), &format!("block-{depth}.yaml"), &text);
        assert_refused(&path, "nested deeper than 512");
    }
    // Block mappings nest by indentation: with one space a level, 8 MiB holds about 4,000.
    let mut text = String::new();
    for level in 0..4_000 {
        text.push_str(&" ".repeat(level));
        text.push_str("k:\n");
    }
    assert!(text.len() < 8 * 1024 * 1024);
    assert_refused(
        &write(dir.path(), "indent.yaml", text),
        "nested deeper than 512",
    );
}

#[test]
fn nesting_just_inside_the_bound_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // 500 levels inside `customImage.pushRepo`: converted (recursively) and type-checked.
    let text = format!("customImage:\n  pushRepo:\n    {}x\n", "- ".repeat(500));
    let (code, diagnostics) = lint_json(&write(dir.path(), "deep-ok.yaml", text));
    assert_eq!(code, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["rule"], "schema");
    assert_eq!(diagnostics[0]["path"], "customImage.pushRepo");
}

#[test]
fn a_document_with_too_many_nodes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("a:\n{}", "- 1\n".repeat(300_000));
    assert_refused(
        &write(dir.path(), "wide.yaml", text),
        "more than 200000 YAML nodes",
    );
}

#[test]
fn a_flow_collection_too_large_to_buffer_is_refused_before_parsing() {
    // saphyr-parser holds a flow collection's tokens until its closing bracket: 8 MiB of
    // `a,` would hold 4 million of them.
    let dir = tempfile::tempdir().unwrap();
    let text = format!("customImage: {{}}\nlist: [{}a]\n", "a,".repeat(4_000_000));
    let d = assert_refused(
        &write(dir.path(), "flow.yaml", text),
        "more than 50000 entries",
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(7))
    );
}

#[test]
fn thousands_of_duplicate_keys_give_a_bounded_report() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("customImage: {{}}\nother:\n{}", "  a: 1\n".repeat(90_000));
    let (code, diagnostics) = lint_json(&write(dir.path(), "dups.yaml", text));
    assert_eq!(code, 0);
    assert_eq!(
        diagnostics.len(),
        101,
        "100 findings and one line for the rest"
    );
    let more: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d["message"].as_str())
        .filter(|m| m.starts_with("89899 more duplicate keys"))
        .collect();
    assert_eq!(more.len(), 1, "{diagnostics:#?}");
}

#[test]
fn thousands_of_unknown_keys_give_a_bounded_report() {
    let dir = tempfile::tempdir().unwrap();
    let keys: String = (0..5_000)
        .map(|i| format!("  pushRepoPerfix{i}: x\n"))
        .collect();
    let text = format!("customImage:\n  registryEndpoint: docker.io\n{keys}");
    let (code, diagnostics) = lint_json(&write(dir.path(), "unknown.yaml", text));
    assert_eq!(code, 1);
    let unknown: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "unknown-key")
        .collect();
    assert_eq!(unknown.len(), 101, "100 findings and one for the rest");
    let more = unknown.last().unwrap();
    assert_eq!(
        more["message"],
        "4900 more `unknown-key` findings in this file not shown"
    );
    // At the first key left out: the keys are reported in the order the block holds them.
    assert_eq!(more["path"], "customImage.pushRepoPerfix100");
    assert_eq!(more["severity"], "error");
    let first = unknown[0];
    assert_eq!(first["path"], "customImage.pushRepoPerfix0");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .ends_with("did you mean `pushRepoPrefix`?"),
        "{first}"
    );
}

#[test]
fn a_100_mb_file_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    let path = path.to_string_lossy().into_owned();
    let out = customimage(&["lint", &path], None);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("larger than"), "{}", out.stderr);
    // The same through standard input, which cannot be measured before reading.
    let out = customimage(&["lint", "-"], Some(vec![b'a'; 9 * 1024 * 1024]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("<stdin>: the input is larger than"),
        "{}",
        out.stderr
    );
}

#[test]
fn nul_bytes_and_invalid_utf8_are_refused_with_exit_2_and_a_clear_message() {
    for (name, message) in [
        ("nul.yaml", "not text: a NUL byte at byte 26"),
        (
            "invalid-utf8.yaml",
            "not UTF-8 text: invalid byte sequence at byte 28",
        ),
    ] {
        let path = fixture(name);
        let out = customimage(&["lint", &path], None);
        assert_eq!(out.code, 2, "{name}");
        assert_eq!(out.stderr, format!("customimage: {path}: {message}\n"));
    }
}

#[test]
fn crlf_and_bom_files_lint_like_any_other() {
    for (name, line) in [("crlf.yaml", 4), ("bom.yaml", 4)] {
        let (code, diagnostics) = lint_json(&fixture(name));
        assert_eq!(code, 1, "{name}");
        assert_eq!(diagnostics.len(), 1, "{name}: {diagnostics:#?}");
        let d = &diagnostics[0];
        assert_eq!(d["rule"], "unknown-key", "{name}");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line), Some(3)),
            "{name}"
        );
    }
}

#[test]
fn a_syntax_error_is_reported_with_the_parsers_position() {
    let d = assert_refused(&fixture("yaml-syntax.yaml"), "");
    // The quote opened on line 3 swallows line 4, which is not indented enough for that.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(13)),
        "{d}"
    );
    assert!(
        d["message"].as_str().unwrap().contains("quoted scalar"),
        "{d}"
    );
}

#[test]
fn to_json_has_the_same_bounds() {
    use crate::support::api::{rule_name, to_json, SourceFile};
    let bomb = std::fs::read_to_string(fixture("alias-bomb.yaml")).unwrap();
    for (name, text) in [
        ("bomb", bomb),
        ("deep", format!("{}x", "- ".repeat(20_000))),
        ("flow", "[".repeat(20_000)),
        ("cycle", "&a [*a]".to_string()),
    ] {
        let err = to_json(&SourceFile::new(name, text)).unwrap_err();
        assert_eq!(rule_name(&err), "yaml-syntax", "{name}");
    }
    // Just inside the bound, on a thread with the default 2 MiB stack (as rayon's workers).
    let deep = format!("{}x", "- ".repeat(511));
    let value = std::thread::spawn(move || to_json(&SourceFile::new("deep", deep)).is_ok())
        .join()
        .unwrap();
    assert!(value);
}
