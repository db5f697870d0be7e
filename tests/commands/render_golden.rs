//! `customimage render` for the four registry kinds the docs describe, compared byte for byte
//! with reviewed goldens (insta snapshots, `fixtures/render/<case>/render.snap`), and the secret and
//! config map checked on their own terms: the decoded `.dockerconfigjson` against the chart's
//! exact bytes and kubectl's semantics, the config map through an independent YAML reader.

use crate::support::cli::command;
use crate::support::pyyaml::safe_load_all;
use crate::support::render::*;
use crate::support::{fixture, read};

fn render_case(case: &str) -> String {
    let out = command()
        .args(["render", &fixture(&format!("render/{case}/values.yaml"))])
        .output()
        .expect("render runs");
    assert!(
        out.status.success(),
        "{case}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn every_case_matches_its_golden_byte_for_byte() {
    for case in ["dockerhub", "gcr", "ecr", "plain-http"] {
        assert_render_golden(case, &render_case(case));
    }
}

#[test]
fn dockerhub_secret_is_the_charts_exact_json() {
    let docs = safe_load_all(&render_case("dockerhub"));
    let secret = doc(&docs, "Secret");
    assert_eq!(secret["type"], "kubernetes.io/dockerconfigjson");
    assert_eq!(
        secret["metadata"]["name"],
        "primehub-controller-custom-image-push-secret"
    );
    assert_eq!(secret["metadata"]["namespace"], "hub");
    // `printf 'alice:dckr_pat_fixture-Token-0001' | base64`
    assert_eq!(
        docker_config_text(&docs),
        r#"{"auths": {"docker.io": {"auth": "YWxpY2U6ZGNrcl9wYXRfZml4dHVyZS1Ub2tlbi0wMDAx"}}}"#
    );
    assert_eq!(
        registry_and_credentials(&docker_config_text(&docs)),
        (
            "docker.io".into(),
            "alice:dckr_pat_fixture-Token-0001".into()
        )
    );
}

#[test]
fn gcr_secret_carries_the_key_json_unchanged() {
    let values = read(std::path::Path::new(&fixture("render/gcr/values.yaml")));
    let key_line = values
        .lines()
        .find(|l| l.trim_start().starts_with("registryPassword: '"))
        .expect("the key line");
    let key = key_line
        .trim_start()
        .trim_start_matches("registryPassword: '")
        .trim_end_matches('\'');
    let docs = safe_load_all(&render_case("gcr"));
    let text = docker_config_text(&docs);
    assert!(
        text.starts_with(r#"{"auths": {"https://gcr.io": {"auth": ""#),
        "{text}"
    );
    let (registry, credentials) = registry_and_credentials(&text);
    assert_eq!(registry, "https://gcr.io");
    assert_eq!(credentials, format!("_json_key:{key}"));
    let key: serde_json::Value =
        serde_json::from_str(credentials.trim_start_matches("_json_key:")).expect("key JSON");
    assert_eq!(key["type"], "service_account");
    assert!(key["private_key"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN PRIVATE KEY-----\n"));
}

#[test]
fn ecr_secret_holds_gos_nil_auth() {
    let docs = safe_load_all(&render_case("ecr"));
    // `printf '%s' '%!s(<nil>):%!s(<nil>)' | base64`
    assert_eq!(
        docker_config_text(&docs),
        r#"{"auths": {"https://123456789012.dkr.ecr.us-east-1.amazonaws.com": {"auth": "JSFzKDxuaWw+KTolIXMoPG5pbD4p"}}}"#
    );
    let config = doc(&docs, "ConfigMap")["data"]["config.yaml"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        config.contains("  pushSecretName: aws-registry\n"),
        "{config}"
    );
}

#[test]
fn plain_http_secret_keeps_the_scheme_in_the_registry_key() {
    let docs = safe_load_all(&render_case("plain-http"));
    // `printf 'builder:pl41n-http pass#1' | base64`
    assert_eq!(
        docker_config_text(&docs),
        r#"{"auths": {"http://registry.internal:5000": {"auth": "YnVpbGRlcjpwbDQxbi1odHRwIHBhc3MjMQ=="}}}"#
    );
}

#[test]
fn config_maps_hold_the_merged_values_as_written() {
    // Read back with PyYAML: the user's values over the chart's defaults, password included
    // (the chart's `toYaml .Values.customImage` has it too).
    let docs = safe_load_all(&render_case("plain-http"));
    let config_map = doc(&docs, "ConfigMap");
    assert_eq!(config_map["metadata"]["name"], "primehub-controller-config");
    let inner = safe_load_all(config_map["data"]["config.yaml"].as_str().unwrap());
    assert_eq!(
        inner[0],
        serde_json::json!({"customImage": {
            "enabled": true,
            "registryEndpoint": "http://registry.internal:5000",
            "registryUsername": "builder",
            "registryPassword": "pl41n-http pass#1",
            "pushRepoPrefix": "registry.internal:5000/primehub",
            "insecureSkipVerify": true,
            "pushSecretName": "primehub-controller-custom-image-push-secret",
            "buildJob": {
                "ephemeralStorage": "50Gi",
                "image": {"repository": "infuseai/buildah", "tag": "v1.39.3"},
                "resources": {
                    "limits": {"cpu": 4, "memory": "4Gi"},
                    "requests": {"cpu": "500m", "memory": "100Mi"}
                }
            }
        }})
    );
}

#[test]
fn release_and_namespace_name_the_objects() {
    let out = command()
        .args([
            "render",
            &fixture("render/dockerhub/values.yaml"),
            "--release",
            "ph3",
            "--namespace",
            "primehub-system",
        ])
        .output()
        .unwrap();
    let docs = safe_load_all(&String::from_utf8(out.stdout).unwrap());
    let secret = doc(&docs, "Secret");
    assert_eq!(
        secret["metadata"]["name"],
        "ph3-controller-custom-image-push-secret"
    );
    assert_eq!(secret["metadata"]["namespace"], "primehub-system");
    assert_eq!(
        doc(&docs, "ConfigMap")["metadata"]["name"],
        "ph3-controller-config"
    );
}

#[test]
fn without_an_endpoint_there_is_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("values.yaml");
    std::fs::write(&values, "customImage:\n  insecureSkipVerify: false\n").unwrap();
    let out = command()
        .args(["render", values.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let docs = safe_load_all(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["kind"], "ConfigMap");
}
