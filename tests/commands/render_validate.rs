//! Every object `render` emits passes `kubernetes-validate --strict` (the Kubernetes 1.31
//! OpenAPI schemas). The ImageSpecJob is PrimeHub's own resource, which the validator has no
//! schema for: that must be its only warning, and its shape is checked here against the CRD
//! (`primehub.io_imagespecjobs.yaml`: `spec.baseImage`, `packages`, `pushSecret`,
//! `targetImage` required; `packages.{apt,pip,conda}` lists of strings; strings elsewhere).

use std::process::Command;

use crate::support::cli::command;
use crate::support::pyyaml::safe_load_all;
use crate::support::pyyaml::venv_tool;
use crate::support::{fixture, read};

const CASES: [&str; 4] = ["dockerhub", "gcr", "ecr", "plain-http"];
const SPECS: [&str; 3] = ["testresource", "mixed-illegal", "pip-only"];

#[test]
fn every_emitted_object_passes_kubernetes_validate() {
    let validator = venv_tool("kubernetes-validate");
    let root = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        // Each values case with a different spec, so that all of them are covered.
        let spec = SPECS[i % SPECS.len()];
        let dir = root.path().join(case);
        command()
            .args([
                "-q",
                "render",
                &fixture(&format!("render/{case}/values.yaml")),
                "--image-spec",
                &fixture(&format!("image-specs/{spec}.yaml")),
                "--output-dir",
            ])
            .arg(&dir)
            .assert()
            .success();
        for name in [
            "push-secret.yaml",
            "controller-config.yaml",
            "image-spec-job.yaml",
            "build-pod.yaml",
        ] {
            files.push(dir.join(name));
        }
    }
    let out = Command::new(&validator)
        .arg("--strict")
        .args(&files)
        .output()
        .expect("kubernetes-validate runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    let mut passed = 0;
    let mut no_schema = 0;
    for line in report.lines().filter(|l| !l.trim().is_empty()) {
        if line.starts_with("INFO") && line.contains(" passed for resource ") {
            passed += 1;
        } else if line.starts_with("WARN")
            && line.contains(
                "Couldn't find schema for kind ImageSpecJob with api version primehub.io/v1alpha1",
            )
        {
            no_schema += 1;
        } else {
            panic!("unexpected validator output: {line}\n{report}");
        }
    }
    assert_eq!(passed, 3 * CASES.len(), "{report}");
    assert_eq!(no_schema, CASES.len(), "{report}");

    for case in CASES {
        let job = safe_load_all(&read(&root.path().join(case).join("image-spec-job.yaml")));
        assert_eq!(job.len(), 1);
        check_image_spec_job(&job[0]);
    }
}

fn check_image_spec_job(job: &serde_json::Value) {
    assert_eq!(job["apiVersion"], "primehub.io/v1alpha1");
    assert_eq!(job["kind"], "ImageSpecJob");
    let metadata = job["metadata"].as_object().expect("metadata");
    for key in metadata.keys() {
        assert!(
            ["name", "namespace", "labels", "annotations"].contains(&key.as_str()),
            "{key}"
        );
    }
    assert!(metadata["name"].is_string() && metadata["namespace"].is_string());
    let spec = job["spec"].as_object().expect("spec");
    for required in ["baseImage", "packages", "pushSecret", "targetImage"] {
        assert!(
            spec.contains_key(required),
            "spec.{required} is required: {job}"
        );
    }
    for (key, value) in spec {
        match key.as_str() {
            "packages" => {
                let packages = value.as_object().expect("packages is an object");
                for (kind, list) in packages {
                    assert!(["apt", "pip", "conda"].contains(&kind.as_str()), "{kind}");
                    let list = list.as_array().expect("a list");
                    assert!(!list.is_empty() && list.iter().all(|p| p.is_string()));
                }
            }
            "baseImage" | "pullSecret" | "pushSecret" | "repoPrefix" | "targetImage"
            | "updateTime" => assert!(value.is_string(), "spec.{key} must be a string"),
            other => panic!("spec.{other} is not in the CRD"),
        }
    }
}
