//! The end-to-end proof (SPEC §6): the push secret and build pod `render` emits for an image
//! spec really push to a registry. The test decodes the rendered `.dockerconfigjson` into an
//! auth file, builds a small OCI image itself, and pushes it with `skopeo` (the same
//! containers/image library buildah uses in the build pod) to `TARGET_IMAGE` from the pod.
//!
//! Hosts are `127.0.0.1:<port>`, not `localhost:<port>`: the build script puts `docker.io/` in
//! front of a target image whose first component has no `.`, so `localhost:5000/x` would be
//! pushed to Docker Hub.

use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use serde_json::Value;

use crate::support::cli::{customimage, values, Run};
use crate::support::registry::{Registry, RegistryAuth};
use crate::support::{require_tool, write_file};

const USER: &str = "builder";
const PASSWORD: &str = "Canary-pw-e2e-71d0";

const IMAGE_SPEC: &str = "apiVersion: primehub.io/v1alpha1
kind: ImageSpec
metadata:
  name: e2e-spec
spec:
  baseImage: jupyter/base-notebook
  packages:
    apt:
    - curl
";

/// `customimage render VALUES --image-spec SPEC` for a registry at `host` with `password`,
/// parsed into its objects.
fn render(dir: &Path, host: &str, password: &str) -> Vec<Value> {
    let values_file = write_file(
        dir,
        "values.yaml",
        &values(&[
            ("registryEndpoint", &format!("http://{host}")),
            ("registryUsername", USER),
            ("registryPassword", password),
            ("pushRepo", &format!("{host}/team/images")),
            ("insecureSkipVerify", "true"),
        ]),
    );
    let spec = write_file(dir, "image-spec.yaml", IMAGE_SPEC);
    let run = customimage([
        "render".as_ref(),
        values_file.as_os_str(),
        "--image-spec".as_ref(),
        spec.as_os_str(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.output());
    yaml_stream(&run)
}

/// The YAML stream read by PyYAML (a reader independent of the tool's own).
fn yaml_stream(run: &Run) -> Vec<Value> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing; run scripts/setup.sh",
        python.display()
    );
    let mut child = Command::new(python)
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps([d for d in yaml.safe_load_all(sys.stdin) if d]))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run PyYAML");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(run.stdout.as_bytes())
        .expect("write the stream");
    let output = child.wait_with_output().expect("PyYAML output");
    assert!(output.status.success(), "not YAML:\n{}", run.stdout);
    serde_json::from_slice(&output.stdout).expect("PyYAML's JSON")
}

fn object<'a>(objects: &'a [Value], kind: &str) -> &'a Value {
    objects
        .iter()
        .find(|o| o["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {objects:#?}"))
}

/// The pod's `TARGET_IMAGE`, and the secret its `push-secret` volume mounts.
fn pod_target_and_secret(pod: &Value) -> (String, String) {
    let env = pod["spec"]["containers"][0]["env"]
        .as_array()
        .expect("container env");
    let target = env
        .iter()
        .find(|e| e["name"] == "TARGET_IMAGE")
        .and_then(|e| e["value"].as_str())
        .expect("TARGET_IMAGE")
        .to_string();
    let volumes = pod["spec"]["volumes"].as_array().expect("volumes");
    let secret = volumes
        .iter()
        .find(|v| v["name"] == "push-secret")
        .and_then(|v| v["secret"]["secretName"].as_str())
        .expect("push-secret volume")
        .to_string();
    (target, secret)
}

/// Decodes the secret's `.dockerconfigjson` into an auth file readable by its owner only.
fn auth_file(dir: &Path, secret: &Value) -> PathBuf {
    let encoded = secret["data"][".dockerconfigjson"]
        .as_str()
        .expect(".dockerconfigjson");
    let config = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .expect("base64");
    serde_json::from_slice::<Value>(&config).expect("the secret is JSON");
    let path = dir.join("auth.json");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .expect("create the auth file");
    file.write_all(&config).expect("write the auth file");
    assert_eq!(
        std::fs::metadata(&path)
            .expect("auth file")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    path
}

fn skopeo(args: &[&str]) -> std::process::Output {
    Command::new(require_tool("skopeo"))
        .args(args)
        .env_remove("REGISTRY_AUTH_FILE")
        .output()
        .expect("run skopeo")
}

/// Pushes a small image to `target` with `auth` and returns skopeo's output.
fn push(dir: &Path, auth: &Path, target: &str) -> std::process::Output {
    let layout = dir.join("oci");
    crate::support::oci::write_layout(&layout, "latest");
    // Our own policy, so the machine's /etc/containers/policy.json does not matter.
    let policy = write_file(
        dir,
        "policy.json",
        r#"{"default": [{"type": "insecureAcceptAnything"}]}"#,
    );
    skopeo(&[
        "--policy",
        &policy.to_string_lossy(),
        "copy",
        "--dest-tls-verify=false",
        "--authfile",
        &auth.to_string_lossy(),
        &format!("oci:{}:latest", layout.display()),
        &format!("docker://{target}"),
    ])
}

#[test]
fn rendered_push_secret_pushes_to_the_rendered_target_image() {
    let registry = Registry::start(
        RegistryAuth::Htpasswd(vec![(USER.into(), PASSWORD.into())]),
        None,
    );
    let host = registry.host();
    let dir = tempfile::tempdir().expect("tempdir");
    let objects = render(dir.path(), &host, PASSWORD);

    let secret = object(&objects, "Secret");
    assert_eq!(secret["type"], "kubernetes.io/dockerconfigjson");
    let (target, mounted) = pod_target_and_secret(object(&objects, "Pod"));
    assert_eq!(secret["metadata"]["name"], mounted.as_str());
    // SPEC §6: `<pushRepo>:<name>-<hash>`, hash from the spec (jupyter/base-notebook + curl).
    assert_eq!(target, format!("{host}/team/images:e2e-spec-96ff7925"));

    let auth = auth_file(dir.path(), secret);
    let pushed = push(dir.path(), &auth, &target);
    assert!(
        pushed.status.success(),
        "skopeo copy failed:\n{}\n--- registry log\n{}",
        String::from_utf8_lossy(&pushed.stderr),
        registry.log()
    );

    let (repository, tag) = target.rsplit_once(':').expect("a tag");
    let listed = skopeo(&[
        "list-tags",
        "--tls-verify=false",
        "--authfile",
        &auth.to_string_lossy(),
        &format!("docker://{repository}"),
    ]);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let tags: Value = serde_json::from_slice(&listed.stdout).expect("list-tags JSON");
    assert_eq!(tags["Tags"], serde_json::json!([tag]));
}

/// The control: the push above works because of the rendered credentials. A secret rendered
/// with another password is refused by the same registry.
#[test]
fn a_push_secret_with_the_wrong_password_is_refused() {
    let registry = Registry::start(
        RegistryAuth::Htpasswd(vec![(USER.into(), PASSWORD.into())]),
        None,
    );
    let host = registry.host();
    let dir = tempfile::tempdir().expect("tempdir");
    let objects = render(dir.path(), &host, "Canary-pw-e2e-wrong-2b9c");
    let (target, _) = pod_target_and_secret(object(&objects, "Pod"));
    let auth = auth_file(dir.path(), object(&objects, "Secret"));
    let pushed = push(dir.path(), &auth, &target);
    assert!(
        !pushed.status.success(),
        "a push with a wrong password worked"
    );
    let stderr = String::from_utf8_lossy(&pushed.stderr);
    assert!(
        stderr.contains("unauthorized") || stderr.contains("authentication required"),
        "{stderr}"
    );
    assert!(!registry.repository_exists("team/images/_manifests"));
}

#[test]
fn tar_header_is_what_tar_expects() {
    let archive = crate::support::oci::tar_with_one_file("a.txt", b"hi\n");
    assert_eq!(archive.len(), 512 + 512 + 1024);
    assert_eq!(&archive[257..263], b"ustar\0");
    assert_eq!(&archive[512..515], b"hi\n");
}
