//! `customimage check` against a real registry (Debian's `docker-registry`) on loopback with
//! htpasswd (Basic) auth, over plain HTTP and TLS, and against servers that refuse, hang or do
//! not exist. The CLI runs on values files written here; every run is checked for the password.

use std::time::Instant;

use crate::support::cli::{check_values, customimage_check, Run, HANG_GUARD};
use crate::support::registry::{Registry, RegistryAuth};
use crate::support::tls::SelfSigned;
use crate::support::{free_port, write_file, HangingServer};

fn htpasswd_registry(user: &str, password: &str, tls: Option<&SelfSigned>) -> Registry {
    Registry::start(
        RegistryAuth::Htpasswd(vec![(user.into(), password.into())]),
        tls,
    )
}

/// `check` of values in which `alice` pushes to `<host>/team/images` through `endpoint`
/// (`http://<host>` or `https://<host>`), with `insecureSkipVerify: true` when `insecure`.
fn check_alice(endpoint: &str, password: &str, insecure: bool, extra: &[&str]) -> Run {
    let host = endpoint.split_once("://").map_or(endpoint, |(_, h)| h);
    let push_repo = format!("{host}/team/images");
    let mut settings = vec![
        ("registryEndpoint", endpoint),
        ("registryUsername", "alice"),
        ("registryPassword", password),
        ("pushRepo", push_repo.as_str()),
    ];
    if insecure {
        settings.push(("insecureSkipVerify", "true"));
    }
    check_values(&settings, extra)
}

#[test]
fn htpasswd_over_http_verifies_login_and_push_and_leaves_nothing_behind() {
    let password = "Canary-pw-http-51c2";
    let registry = htpasswd_registry("alice", password, None);
    let host = registry.host();
    let run = check_alice(&format!("http://{host}"), password, true, &[]);
    run.assert_code(0);
    for expected in [
        format!("endpoint reachable: http://{host}/v2/ answered 401 over plain HTTP"),
        "login: Basic authentication as user `alice` accepted".into(),
        "push access to `team/images`: an upload session was opened (202)".into(),
        "cleanup: the upload session was cancelled (204)".into(),
        format!("{host} is plain HTTP"),
        format!("ok: user `alice` can log in to {host} and push to `team/images`"),
    ] {
        assert!(
            run.stdout.contains(&expected),
            "missing {expected:?}\n{}",
            run.output()
        );
    }
    run.assert_secret_hidden("alice", password);

    // The upload session is gone and nothing was stored. (Distribution 2.8 writes an empty
    // hash state back after a cancel, "error closing blobwriter" in its log; the session's
    // `data` and `startedat` files are what a live upload keeps.)
    let leftovers: Vec<_> = registry
        .pending_uploads("team/images")
        .into_iter()
        .filter(|f| f.ends_with("data") || f.ends_with("startedat"))
        .collect();
    assert!(leftovers.is_empty(), "upload left behind: {leftovers:?}");
    let repo = registry
        .dir
        .path()
        .join("data/docker/registry/v2/repositories/team/images");
    assert!(!repo.join("_layers").exists() && !repo.join("_manifests").exists());
}

#[test]
fn htpasswd_wrong_password_is_reported_as_bad_credentials() {
    let registry = htpasswd_registry("alice", "Canary-pw-right-77aa", None);
    let host = registry.host();
    let wrong = "Canary-pw-wrong-03fe";
    let run = check_alice(&format!("http://{host}"), wrong, true, &[]);
    run.assert_code(1);
    run.assert_stderr_has(&[&format!(
        "bad credentials: {host} refused the Basic login of user `alice` (401"
    )]);
    run.assert_stderr_has(&["registryPassword"]);
    assert!(run.stdout.is_empty(), "{}", run.output());
    run.assert_secret_hidden("alice", wrong);
}

#[test]
fn env_input_checks_like_values() {
    let password = "Canary-pw-env-6a3b";
    let registry = htpasswd_registry("alice", password, None);
    let host = registry.host();
    let dir = tempfile::tempdir().expect("tempdir");
    let env = write_file(
        dir.path(),
        ".env",
        &format!(
            "PRIMEHUB_FEATURE_CUSTOM_IMAGE=true\n\
             PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=http://{host}\n\
             PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=alice\n\
             PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='{password}'\n\
             PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO={host}/team/env-images\n\
             PRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY=true\n"
        ),
    );
    let run = customimage_check(&env, &[]);
    run.assert_code(0);
    run.assert_stdout_has(&[
        "ok: user `alice` can log in to ",
        "push to `team/env-images`",
    ]);
    run.assert_secret_hidden("alice", password);
}

#[test]
fn self_signed_tls_with_insecure_skip_verify_succeeds() {
    let password = "Canary-pw-tls-2f8d";
    let cert = SelfSigned::for_loopback();
    let registry = htpasswd_registry("alice", password, Some(&cert));
    let host = registry.host();
    let run = check_alice(&format!("https://{host}"), password, true, &[]);
    run.assert_code(0);
    run.assert_stdout_has(&["over TLS (certificate not verified: insecureSkipVerify)"]);
    run.assert_stdout_has(&["push access to `team/images`"]);
    run.assert_secret_hidden("alice", password);
}

#[test]
fn self_signed_tls_without_insecure_skip_verify_suggests_it() {
    let password = "Canary-pw-tls-8c41";
    let cert = SelfSigned::for_loopback();
    let registry = htpasswd_registry("alice", password, Some(&cert));
    let host = registry.host();
    let run = check_alice(&format!("https://{host}"), password, false, &[]);
    run.assert_code(1);
    run.assert_stderr_has(&[&format!("the TLS certificate of {host} is self-signed")]);
    run.assert_stderr_has(&["set `insecureSkipVerify: true`"]);
    run.assert_secret_hidden("alice", password);
}

#[test]
fn certificate_for_another_host_is_named_and_insecure_skip_verify_not_suggested() {
    let password = "Canary-pw-host-e5b9";
    let cert = SelfSigned::new(&["registry.example.com"]);
    let registry = htpasswd_registry("alice", password, Some(&cert));
    let host = registry.host();
    let run = check_alice(&format!("https://{host}"), password, false, &[]);
    run.assert_code(1);
    run.assert_stderr_has(&[
        &format!(
            "the TLS certificate of {host} is for another host: it is not valid for `127.0.0.1` (it names `registry.example.com`)"
        ),
    ]);
    run.assert_stderr_lacks(&["insecureSkipVerify"]);
    run.assert_secret_hidden("alice", password);
}

#[test]
fn https_endpoint_on_a_plain_http_registry_is_not_tls() {
    let password = "Canary-pw-nottls-1d7c";
    let registry = htpasswd_registry("alice", password, None);
    let host = registry.host();
    let run = check_alice(&format!("https://{host}"), password, false, &[]);
    run.assert_code(1);
    run.assert_stderr_has(&[
        &format!("{host} does not speak TLS"),
        &format!("`http://{host}`"),
    ]);
    run.assert_stderr_lacks(&["insecureSkipVerify"]);
    run.assert_secret_hidden("alice", password);
}

#[test]
fn http_endpoint_on_a_tls_registry_says_use_https() {
    let password = "Canary-pw-needtls-4e2a";
    let cert = SelfSigned::for_loopback();
    let registry = htpasswd_registry("alice", password, Some(&cert));
    let host = registry.host();
    let run = check_alice(&format!("http://{host}"), password, true, &[]);
    run.assert_code(1);
    run.assert_stderr_has(&[
        &format!("{host} does not serve plain HTTP"),
        &format!("`https://{host}`"),
    ]);
    run.assert_secret_hidden("alice", password);
}

#[test]
fn nothing_listening_is_connection_refused() {
    let port = free_port();
    let host = format!("127.0.0.1:{port}");
    let password = "Canary-pw-refused-3a9e";
    let run = check_alice(&format!("http://{host}"), password, true, &[]);
    run.assert_code(3); // unreachable: 3 (SPEC §3), not a refusal (1)
    run.assert_stderr_has(&[&format!("connection to {host} refused")]);
    run.assert_secret_hidden("alice", password);
}

#[test]
fn unresolvable_host_is_a_dns_failure() {
    // `.invalid` never resolves (RFC 6761).
    let host = "registry.nonexistent.invalid";
    let password = "Canary-pw-dns-7b2d";
    let run = check_alice(&format!("https://{host}"), password, false, &[]);
    run.assert_code(3); // unreachable: 3 (SPEC §3), not a refusal (1)
    run.assert_stderr_has(&[&format!("cannot resolve the registry host `{host}`")]);
    run.assert_secret_hidden("alice", password);
}

#[test]
fn a_server_that_never_answers_is_a_timeout() {
    let server = HangingServer::start();
    let host = format!("127.0.0.1:{}", server.port);
    let password = "Canary-pw-hang-5e0b";
    let started = Instant::now();
    let run = check_alice(
        &format!("http://{host}"),
        password,
        true,
        &["--timeout", "1"],
    );
    // A run killed by the hang guard has no exit code.
    run.assert_code(3); // unreachable: 3 (SPEC §3), not a refusal (1)
    assert!(started.elapsed() < HANG_GUARD);
    run.assert_stderr_has(&[&format!("no answer from {host} within 1 s")]);
    run.assert_stderr_has(&["--timeout"]);
    run.assert_secret_hidden("alice", password);
}

#[test]
fn credentials_managed_elsewhere_check_reachability_only() {
    let registry = htpasswd_registry("alice", "Canary-pw-unused-8d3c", None);
    let host = registry.host();
    let run = check_values(
        &[
            ("registryEndpoint", &format!("http://{host}")),
            ("pushRepo", &format!("{host}/team/images")),
            ("pushSecretName", "aws-registry"),
            ("insecureSkipVerify", "true"),
        ],
        &[],
    );
    run.assert_code(0);
    run.assert_stdout_has(&[
        "credentials managed outside this config (secret `aws-registry`), not checked",
    ]);
    run.assert_stdout_has(&[&format!("endpoint reachable: http://{host}/v2/")]);
    run.assert_stdout_lacks(&["push access to"]);
}

#[test]
fn an_input_with_errors_is_refused_before_any_request() {
    // No registry is listening; a refused input must not get as far as trying.
    let host = format!("127.0.0.1:{}", free_port());
    let run = check_values(
        &[
            ("registryEndpoint", &format!("http://{host}")),
            ("registryUsername", "alice"),
            ("registryPassword", "Canary-pw-lint-2c5f"),
            // A typo: the chart would silently drop the setting.
            ("pushRepoo", &format!("{host}/team/images")),
            ("insecureSkipVerify", "true"),
        ],
        &[],
    );
    run.assert_code(1);
    run.assert_stderr_has(&["unknown-key"]);
    run.assert_stderr_lacks(&["connection to"]);
    run.assert_secret_hidden("alice", "Canary-pw-lint-2c5f");
}

#[test]
fn a_bad_timeout_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_file(dir.path(), "values.yaml", "customImage: {}\n");
    let run = customimage_check(&path, &["--timeout", "0"]);
    run.assert_code(2);
    run.assert_stderr_has(&["--timeout"]);
}
