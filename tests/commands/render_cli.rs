//! `customimage render` exit codes and output channels.

use crate::support::cli::command;
use crate::support::render::assert_render_golden;
use crate::support::{fixture, read};
use predicates::prelude::*;

#[test]
fn the_rendered_secret_and_config_contain_the_password() {
    // render is the one command whose output must hold the secret (print_sensitive).
    command()
        .args(["render", &fixture("render/plain-http/values.yaml")])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "registryPassword: pl41n-http pass#1\n",
        ))
        .stderr("");
}

#[test]
fn input_with_error_findings_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("values.yaml");
    std::fs::write(
        &values,
        "customImage:\n  registryEndpoint: docker.io\n  pushRepoo: x\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    command()
        .args(["render", values.to_str().unwrap(), "--output-dir"])
        .arg(&out_dir)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("unknown-key"));
    assert!(!out_dir.exists());
}

#[test]
fn an_unreadable_input_exits_2() {
    command()
        .args(["render", "/nonexistent/values.yaml"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn standard_input_and_dotenv_inputs_render_the_same() {
    let values = read(std::path::Path::new(&fixture(
        "render/dockerhub/values.yaml",
    )));
    let from_stdin = command()
        .args(["render", "-"])
        .write_stdin(values)
        .output()
        .unwrap();
    assert!(from_stdin.status.success());
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("primehub.env");
    std::fs::write(
        &env,
        "PRIMEHUB_FEATURE_CUSTOM_IMAGE=true\n\
         PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n\
         PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=alice\n\
         PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=dckr_pat_fixture-Token-0001\n\
         PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO=docker.io/alice/primehub-images\n",
    )
    .unwrap();
    let from_env = command().args(["render"]).arg(&env).output().unwrap();
    assert!(from_env.status.success());
    assert_render_golden("dockerhub", &String::from_utf8(from_stdin.stdout).unwrap());
    assert_render_golden("dockerhub", &String::from_utf8(from_env.stdout).unwrap());
}
