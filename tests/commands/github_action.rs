//! The composite GitHub Action (`action.yml`): valid against GitHub's action schema
//! (check-jsonschema's built-in `vendor.github-actions`), wired to upload its SARIF, and its
//! steps run as the runner runs them (`${{ inputs.* }}` into the step's `env`, `bash` on the
//! step's `run`, GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn venv(tool: &str) -> PathBuf {
    Path::new(ROOT).join(".venv/bin").join(tool)
}

fn yaml_file(path: &Path) -> Value {
    let out = Command::new(venv("python"))
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(path)
        .output()
        .expect("the .venv of scripts/setup.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn check_jsonschema(file: &Path) -> Output {
    Command::new(venv("check-jsonschema"))
        .args(["--builtin-schema", "vendor.github-actions"])
        .arg(file)
        .output()
        .expect("check-jsonschema from the .venv of scripts/setup.sh")
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn action_yml_is_valid_against_githubs_action_schema() {
    let out = check_jsonschema(&Path::new(ROOT).join("action.yml"));
    assert!(out.status.success(), "{}", text(&out));
    // The check is real: a composite `run` step without its required `shell` is refused.
    let dir = tempfile::tempdir().unwrap();
    let broken = std::fs::read_to_string(Path::new(ROOT).join("action.yml"))
        .unwrap()
        .replacen("      shell: bash\n", "", 1);
    std::fs::write(dir.path().join("action.yml"), broken).unwrap();
    let out = check_jsonschema(&dir.path().join("action.yml"));
    assert!(!out.status.success(), "{}", text(&out));
}

#[test]
fn the_sarif_is_uploaded_even_when_lint_finds_something_and_then_the_action_fails() {
    let action = yaml_file(&Path::new(ROOT).join("action.yml"));
    assert_eq!(action["runs"]["using"], "composite");
    for input in ["paths", "format", "fail-on-warnings"] {
        assert!(action["inputs"][input].is_object(), "{input}");
    }
    assert_eq!(action["inputs"]["format"]["default"], "sarif");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("an upload-sarif step");
    assert_eq!(
        upload["with"]["sarif_file"],
        "${{ steps.lint.outputs.report-file }}"
    );
    let condition = upload["if"].as_str().unwrap();
    assert!(condition.contains("always()"), "{condition}");
    assert!(
        condition.contains("inputs.format == 'sarif'"),
        "{condition}"
    );
    // The failing step comes after the upload.
    let position = |pred: &dyn Fn(&Value) -> bool| steps.iter().position(pred).unwrap();
    let upload_at = position(&|s| s["uses"].is_string());
    let fail_at = position(&|s| {
        s["if"]
            .as_str()
            .is_some_and(|c| c.contains("steps.lint.outputs.exit-code != '0'"))
    });
    assert!(fail_at > upload_at);
}

/// A runner: a workspace holding the user's files, RUNNER_TEMP, the output files and a PATH with
/// customimage on it.
struct Runner {
    dir: tempfile::TempDir,
    action: Value,
}

impl Runner {
    fn new() -> Runner {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["workspace", "temp", "bin"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        std::os::unix::fs::symlink(
            env!("CARGO_BIN_EXE_customimage"),
            dir.path().join("bin/customimage"),
        )
        .unwrap();
        Runner {
            dir,
            action: yaml_file(&Path::new(ROOT).join("action.yml")),
        }
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.dir.path().join("workspace").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Evaluates the `${{ inputs.NAME }}` expressions of a step's env with `inputs` over the
    /// action's defaults.
    fn evaluate(&self, expression: &str, inputs: &BTreeMap<&str, &str>) -> String {
        let name = expression
            .trim()
            .strip_prefix("${{")
            .and_then(|e| e.strip_suffix("}}"))
            .and_then(|e| e.trim().strip_prefix("inputs."))
            .unwrap_or_else(|| panic!("unexpected expression {expression}"));
        match inputs.get(name) {
            Some(value) => value.to_string(),
            None => self.action["inputs"][name]["default"]
                .as_str()
                .unwrap_or("")
                .to_string(),
        }
    }

    /// Runs the step with `id` as the runner does; returns its output and GITHUB_OUTPUT.
    fn step(&self, id: &str, inputs: &[(&str, &str)]) -> (Output, BTreeMap<String, String>) {
        let inputs: BTreeMap<&str, &str> = inputs.iter().copied().collect();
        let steps = self.action["runs"]["steps"].as_array().unwrap();
        let step = steps
            .iter()
            .find(|s| s["id"] == id || s["name"] == id)
            .unwrap_or_else(|| panic!("no step {id}"));
        assert_eq!(step["shell"], "bash");
        let output_file = self.dir.path().join(format!("output-{id}"));
        std::fs::write(&output_file, "").unwrap();
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(step["run"].as_str().unwrap())
            .current_dir(self.dir.path().join("workspace"))
            .env_clear()
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", self.dir.path().join("bin").display()),
            )
            .env("GITHUB_ACTION_PATH", ROOT)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_PATH", self.dir.path().join("path-file"))
            .env("RUNNER_TEMP", self.dir.path().join("temp"));
        if let Some(env) = step["env"].as_object() {
            for (key, value) in env {
                command.env(key, self.evaluate(value.as_str().unwrap(), &inputs));
            }
        }
        let out = command.output().unwrap();
        let outputs = std::fs::read_to_string(&output_file)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        (out, outputs)
    }
}

const GOOD: &str = "customImage:\n  registryEndpoint: docker.io\n  registryUsername: me\n  registryPassword: dckr_pat_action-test-0042\n  pushRepo: docker.io/me/images\n";
const TYPO: &str = "customImage:\n  registryEndpoint: docker.io\n  registryUsername: me\n  registryPassword: dckr_pat_action-test-0042\n  pushRepoPerfix: docker.io/me\n";
/// A warning only: `enabled` is informational in 3.x.
const WARNING: &str = "customImage:\n  enabled: false\n  registryEndpoint: docker.io\n  registryUsername: me\n  registryPassword: dckr_pat_action-test-0042\n  pushRepo: docker.io/me/images\n";

#[test]
fn install_uses_customimage_from_path() {
    let runner = Runner::new();
    let (out, _) = runner.step("Install customimage", &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("using "), "{}", text(&out));
}

#[test]
fn lint_writes_sarif_for_the_upload_and_reports_the_status() {
    let runner = Runner::new();
    runner.write("deploy/values.yaml", GOOD);
    runner.write("deploy/typo/values.yaml", TYPO);
    let (out, outputs) = runner.step("lint", &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(outputs["exit-code"], "1", "{}", text(&out));
    let report = &outputs["report-file"];
    assert!(report.ends_with("customimage.sarif.json"), "{report}");
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "unknown-key"),
        "{sarif:#}"
    );
    for result in results {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.ends_with("deploy/typo/values.yaml"), "{uri}");
    }
    // The job log has the readable report, and no password anywhere.
    assert!(text(&out).contains("pushRepoPrefix"), "{}", text(&out));
    assert!(!text(&out).contains("dckr_pat_action-test-0042"));
    assert!(!std::fs::read_to_string(report)
        .unwrap()
        .contains("dckr_pat_action-test-0042"));

    let (_, outputs) = runner.step("lint", &[("paths", "deploy/values.yaml")]);
    assert_eq!(outputs["exit-code"], "0");
}

#[test]
fn fail_on_warnings_and_format_inputs() {
    let runner = Runner::new();
    runner.write("values.yaml", WARNING);
    runner.write("other values.yaml", GOOD);
    let (_, outputs) = runner.step("lint", &[("paths", "values.yaml")]);
    assert_eq!(outputs["exit-code"], "0");
    let (_, outputs) = runner.step(
        "lint",
        &[("paths", "values.yaml"), ("fail-on-warnings", "true")],
    );
    assert_eq!(outputs["exit-code"], "1");
    // github: annotations on standard output, no report file.
    let (out, outputs) = runner.step("lint", &[("paths", "values.yaml"), ("format", "github")]);
    assert_eq!(outputs["report-file"], "");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("::warning file=values.yaml"),
        "{}",
        text(&out)
    );
    // Paths are split on spaces and newlines.
    let (out, outputs) = runner.step("lint", &[("paths", "values.yaml\n.")]);
    assert_eq!(outputs["exit-code"], "0", "{}", text(&out));
    let (out, _) = runner.step("lint", &[("format", "yaml")]);
    assert!(!out.status.success());
    assert!(text(&out).contains("unknown format"), "{}", text(&out));
}
