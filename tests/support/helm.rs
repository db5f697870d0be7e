//! Helm itself as an oracle: helm-python-sdk (in `.venv`, from `scripts/setup.sh`) embeds
//! Helm's Go library, and `tests/helm_oracle/oracle.py` answers a whole batch in one Python
//! process (its docstring gives the batch's form): `--set` expressions parsed by Helm's strvals
//! functions, layered configurations rendered through a small chart whose `values.yaml` is the
//! PrimeHub chart's.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::root;

/// Runs one batch through Helm; `cwd` is where `--set-file` names are read.
pub fn oracle(batch: &Value, cwd: &Path) -> Value {
    let python = root().join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `bash scripts/setup.sh`",
        python.display()
    );
    let mut child = Command::new(python)
        .arg(root().join("tests/helm_oracle/oracle.py"))
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the Helm oracle");
    let input = serde_json::to_vec(batch).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the Helm oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the oracle's answer is JSON")
}

/// The bundled chart defaults (the PrimeHub chart's `values.yaml`), for a batch's
/// `chart_values`.
pub fn chart_values() -> String {
    root()
        .join("fixtures/values/chart-values.yaml")
        .display()
        .to_string()
}
