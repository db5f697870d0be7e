//! PyYAML, a YAML 1.1 reader as Helm's is and independent of our own, reading what the tool
//! wrote. One Python script serves every test; the text goes in as JSON on standard input, so
//! that it arrives byte for byte (no newline translation, no argument-length limit).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

/// `mode` is `one` (`safe_load` of one document), `each` (`safe_load` of each document of a
/// list) or `all` (`safe_load_all` of a stream, empty documents dropped). A value JSON cannot
/// hold (a date, a set) comes back as a string: `str(value)` for `one` and `all`, and for
/// `each` a string saying so, which then fails the comparison with a readable message.
const SCRIPT: &str = r#"
import json, sys, yaml
mode = sys.argv[1]
data = json.loads(sys.stdin.buffer.read().decode("utf-8"))
default = str
if mode == "one":
    out = yaml.safe_load(data)
elif mode == "each":
    out = [yaml.safe_load(d) for d in data]
    default = lambda o: "<not a string: %s %r>" % (type(o).__name__, o)
else:
    out = [d for d in yaml.safe_load_all(data) if d is not None]
sys.stdout.write(json.dumps(out, ensure_ascii=True, default=default))
"#;

/// A tool from the test virtualenv; fails (never skips) when `scripts/setup.sh` was not run.
pub fn venv_tool(name: &str) -> PathBuf {
    let path = super::root().join(".venv/bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run scripts/setup.sh to install the test tools (PyYAML, \
         kubernetes-validate)",
        path.display()
    );
    path
}

fn run(mode: &str, input: &Value) -> Value {
    let mut child = Command::new(venv_tool("python"))
        .args(["-c", SCRIPT, mode])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.to_string().as_bytes())
        .expect("write to python");
    let out = child.wait_with_output().expect("python finishes");
    assert!(
        out.status.success(),
        "PyYAML refused the text: {}\n--- text ---\n{input}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python printed JSON")
}

/// One document, read by `safe_load`, as JSON.
pub fn safe_load(text: &str) -> Value {
    run("one", &Value::from(text))
}

/// Each document of `docs`, read by `safe_load`, as JSON.
pub fn safe_load_each(docs: &[String]) -> Vec<Value> {
    match run("each", &Value::from(docs.to_vec())) {
        Value::Array(values) => values,
        other => panic!("not a list: {other}"),
    }
}

/// Every document of a YAML stream, read by `safe_load_all`, as JSON.
pub fn safe_load_all(text: &str) -> Vec<Value> {
    match run("all", &Value::from(text)) {
        Value::Array(values) => values,
        other => panic!("not a list: {other}"),
    }
}
