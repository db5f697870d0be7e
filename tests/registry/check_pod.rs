//! `customimage check` as real registries need it (SPEC §7): a registry whose certificate comes
//! from an organisation's own CA (trusted through `SSL_CERT_FILE`, `SSL_CERT_DIR`, a `certs.d`
//! directory or `--ca-file`, each with the warning that the build pod will not trust it), the
//! credentials the build pod really uses (a docker config, a push secret), ECR-shaped tokens
//! and their expiry, a token realm that would take credentials to plain HTTP, servers that
//! echo credentials back in encoded forms, and the exit codes that tell them apart.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;

use crate::support::cli::{customimage_with, values, Run};
use crate::support::registry::{Registry, RegistryAuth};
use crate::support::tls::{SelfSigned, TestCa};
use crate::support::token_issuer::{IssuerUser, TokenIssuer, ISSUER, SERVICE};
use crate::support::write_file;

const BUILD_POD_WARNING: &str = "the build pod (infuseai/buildah) trusts only the system roots";

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// `customimage check VALUES EXTRA…` with `env`, on a values file written in `dir`.
fn check(
    dir: &std::path::Path,
    settings: &[(&str, &str)],
    extra: &[&str],
    env: &[(&str, &str)],
) -> Run {
    let path = write_file(dir, "values.yaml", &values(settings));
    let mut args = vec!["check".to_string(), path.display().to_string()];
    args.extend(extra.iter().map(|a| a.to_string()));
    customimage_with(args, env, None)
}

/// A registry over TLS with a certificate for 127.0.0.1 issued by `ca`, Basic auth.
fn ca_registry(ca: &TestCa, user: &str, password: &str) -> Registry {
    Registry::start(
        RegistryAuth::Htpasswd(vec![(user.into(), password.into())]),
        Some(&ca.issue(&["127.0.0.1", "localhost"])),
    )
}

fn https_settings(host: &str, user: &str, password: &str) -> Vec<(String, String)> {
    vec![
        ("registryEndpoint".into(), format!("https://{host}")),
        ("registryUsername".into(), user.into()),
        ("registryPassword".into(), password.into()),
        ("pushRepo".into(), format!("{host}/team/images")),
    ]
}

fn as_refs(settings: &[(String, String)]) -> Vec<(&str, &str)> {
    settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn assert_verified_with_pod_warning(run: &Run, source: &str) {
    run.assert_code(0);
    run.assert_stdout_has(&["push access to `team/images`"]);
    assert!(
        run.stdout
            .contains("warning: the TLS certificate of 127.0.0.1:")
            && run
                .stdout
                .contains(&format!("was verified only thanks to {source}"))
            && run.stdout.contains(BUILD_POD_WARNING)
            && run.stdout.contains("insecureSkipVerify: true"),
        "{}",
        run.output()
    );
}

#[test]
fn a_private_ca_fails_without_trust_and_passes_with_each_trust_source_and_a_warning() {
    let ca = TestCa::new();
    let password = "Canary-pw-ca-5d0c";
    let registry = ca_registry(&ca, "alice", password);
    let host = registry.host();
    let settings = https_settings(&host, "alice", password);
    let settings = as_refs(&settings);
    let dir = tempfile::tempdir().expect("tempdir");
    let ca_file = write_file(dir.path(), "ca.pem", &ca.cert_pem);
    let ca_file = ca_file.to_str().expect("path");

    // Without the CA: a certificate problem (exit 1) that names the ways to trust it.
    let run = check(dir.path(), &settings, &[], &[]);
    run.assert_code(1);
    run.assert_stderr_has(&[
        &format!("the TLS certificate of {host} is signed by an unknown certificate authority"),
        "--ca-file",
    ]);
    run.assert_secret_hidden("alice", password);

    // --ca-file.
    let run = check(dir.path(), &settings, &["--ca-file", ca_file], &[]);
    assert_verified_with_pod_warning(&run, &format!("--ca-file {ca_file}"));
    run.assert_secret_hidden("alice", password);

    // A --ca-file that holds no certificate is a usage error, before any request.
    let not_a_ca = write_file(dir.path(), "not-a-ca.pem", "hello\n");
    let run = check(
        dir.path(),
        &settings,
        &["--ca-file", not_a_ca.to_str().expect("path")],
        &[],
    );
    run.assert_code(2);
    run.assert_stderr_has(&["no PEM certificate"]);

    // SSL_CERT_FILE.
    let run = check(dir.path(), &settings, &[], &[("SSL_CERT_FILE", ca_file)]);
    assert_verified_with_pod_warning(&run, "SSL_CERT_FILE");
    run.assert_secret_hidden("alice", password);

    // SSL_CERT_DIR: a directory of PEM files.
    let cert_dir = dir.path().join("cert-dir");
    std::fs::create_dir(&cert_dir).expect("mkdir");
    write_file(&cert_dir, "0a1b2c3d.0", &ca.cert_pem);
    let run = check(
        dir.path(),
        &settings,
        &[],
        &[("SSL_CERT_DIR", cert_dir.to_str().expect("path"))],
    );
    assert_verified_with_pod_warning(&run, "SSL_CERT_DIR");

    // certs.d/<host:port>/ca.crt, as Docker and the containers tools read it.
    let root = dir.path().join("certs.d");
    let host_dir = root.join(&host);
    std::fs::create_dir_all(&host_dir).expect("mkdir");
    write_file(&host_dir, "ca.crt", &ca.cert_pem);
    let run = check(
        dir.path(),
        &settings,
        &[],
        &[("CUSTOMIMAGE_TEST_CERTS_D", root.to_str().expect("path"))],
    );
    assert_verified_with_pod_warning(&run, &format!("{}", host_dir.display()));

    // A certs.d directory for another host does not count.
    let other = dir.path().join("other-certs.d");
    let other_host = other.join("127.0.0.1:1");
    std::fs::create_dir_all(&other_host).expect("mkdir");
    write_file(&other_host, "ca.crt", &ca.cert_pem);
    let run = check(
        dir.path(),
        &settings,
        &[],
        &[("CUSTOMIMAGE_TEST_CERTS_D", other.to_str().expect("path"))],
    );
    run.assert_code(1);
}

#[test]
fn a_ca_that_did_not_issue_the_certificate_does_not_help() {
    let ca = TestCa::new();
    let stranger = TestCa::new();
    let password = "Canary-pw-stranger-18e2";
    let registry = ca_registry(&ca, "alice", password);
    let settings = https_settings(&registry.host(), "alice", password);
    let dir = tempfile::tempdir().expect("tempdir");
    let stranger_file = write_file(dir.path(), "stranger.pem", &stranger.cert_pem);
    let run = check(
        dir.path(),
        &as_refs(&settings),
        &[],
        &[("SSL_CERT_FILE", stranger_file.to_str().expect("path"))],
    );
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("signed by an unknown certificate authority")
            && run
                .stderr
                .contains("the certificate authorities tried (SSL_CERT_FILE"),
        "{}",
        run.output()
    );
}

/// A docker config with one entry `key` for `user`/`password`.
fn docker_config(key: &str, user: &str, password: &str) -> String {
    serde_json::json!({
        "auths": { key: { "auth": b64(&format!("{user}:{password}")) } }
    })
    .to_string()
}

/// Values whose credentials are managed elsewhere: `pushSecretName` names the pod's secret.
fn external_secret_settings(scheme: &str, host: &str) -> Vec<(String, String)> {
    vec![
        ("registryEndpoint".into(), format!("{scheme}://{host}")),
        ("pushRepo".into(), format!("{host}/team/images")),
        ("pushSecretName".into(), "team-registry".into()),
        ("insecureSkipVerify".into(), "true".into()),
    ]
}

#[test]
fn a_docker_config_from_the_environment_is_checked_with_the_same_login_and_push() {
    let password = "Canary-pw-authfile-2b7e";
    let registry = Registry::start(
        RegistryAuth::Htpasswd(vec![("bob".into(), password.into())]),
        None,
    );
    let host = registry.host();
    let settings = external_secret_settings("http", &host);
    let settings = as_refs(&settings);
    let dir = tempfile::tempdir().expect("tempdir");

    // REGISTRY_AUTH_FILE, with the scheme on the key as `docker login` may write it.
    let auth_file = write_file(
        dir.path(),
        "auth.json",
        &docker_config(&format!("http://{host}"), "bob", password),
    );
    let run = check(
        dir.path(),
        &settings,
        &[],
        &[("REGISTRY_AUTH_FILE", auth_file.to_str().expect("path"))],
    );
    run.assert_code(0);
    run.assert_stdout_has(&[&format!(
        "the entry `http://{host}` of the docker config {} matches {host}; user `bob`",
        auth_file.display()
    )]);
    assert!(
        run.stdout.contains("push access to `team/images`")
            && run
                .stdout
                .contains("ok: user `bob` can log in to 127.0.0.1:"),
        "{}",
        run.output()
    );
    run.assert_secret_hidden("bob", password);

    // DOCKER_CONFIG names a directory holding config.json; here with the wrong password.
    let docker_dir = dir.path().join("docker");
    std::fs::create_dir(&docker_dir).expect("mkdir");
    let wrong = "Canary-pw-authfile-wrong-6f1d";
    write_file(
        &docker_dir,
        "config.json",
        &docker_config(&host, "bob", wrong),
    );
    let run = check(
        dir.path(),
        &settings,
        &[],
        &[("DOCKER_CONFIG", docker_dir.to_str().expect("path"))],
    );
    run.assert_code(1);
    run.assert_stderr_has(&["bad credentials", "user `bob`"]);
    run.assert_secret_hidden("bob", wrong);

    // No entry for this registry: said, with the entries there are.
    write_file(
        &docker_dir,
        "config.json",
        &docker_config("https://index.docker.io/v1/", "bob", wrong),
    );
    let run = check(
        dir.path(),
        &settings,
        &[],
        &[("DOCKER_CONFIG", docker_dir.to_str().expect("path"))],
    );
    run.assert_code(1);
    run.assert_stderr_has(&[
        &format!("has no credentials for {host}"),
        "`https://index.docker.io/v1/`",
    ]);
}

/// A Kubernetes Secret as `kubectl get secret team-registry -o yaml` prints it.
fn push_secret_yaml(config: &str) -> String {
    format!(
        "apiVersion: v1\ndata:\n  .dockerconfigjson: {}\nkind: Secret\nmetadata:\n  name: team-registry\n  namespace: hub\ntype: kubernetes.io/dockerconfigjson\n",
        b64(config)
    )
}

/// The same Secret as `-o json` prints it.
fn push_secret_json(config: &str) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "apiVersion": "v1",
        "data": {".dockerconfigjson": b64(config)},
        "kind": "Secret",
        "metadata": {"name": "team-registry", "namespace": "hub"},
        "type": "kubernetes.io/dockerconfigjson",
    }))
    .expect("json")
}

#[test]
fn the_push_secret_is_checked_from_a_file_or_stdin_in_yaml_or_json() {
    let password = "Canary-pw-secret-41a9";
    let wrong = "Canary-pw-secret-wrong-8d02";
    let registry = Registry::start(
        RegistryAuth::Htpasswd(vec![("bob".into(), password.into())]),
        None,
    );
    let host = registry.host();
    let dir = tempfile::tempdir().expect("tempdir");
    let values_path = write_file(
        dir.path(),
        "values.yaml",
        &values(&as_refs(&external_secret_settings("http", &host))),
    );
    let run_check = |extra: &[&str], stdin: Option<&str>| {
        let mut args = vec!["check".to_string(), values_path.display().to_string()];
        args.extend(extra.iter().map(|a| a.to_string()));
        customimage_with(args, &[], stdin)
    };
    let right = docker_config(&host, "bob", password);
    let bad = docker_config(&host, "bob", wrong);

    for (name, text) in [
        ("secret.yaml", push_secret_yaml(&right)),
        ("secret.json", push_secret_json(&right)),
    ] {
        let file = write_file(dir.path(), name, &text);
        let file = file.to_str().expect("path");
        let run = run_check(&["--push-secret", file], None);
        assert_eq!(run.code, Some(0), "{name}: {}", run.output());
        run.assert_stdout_has(&[
            &format!(
                "the entry `{host}` of the push secret `team-registry` ({file}) matches {host}; user `bob`"
            ),
            "push access to `team/images`",
        ]);
        // The config's own note about an unchecked secret is gone: it was checked.
        run.assert_stdout_lacks(&["not checked"]);
        run.assert_secret_hidden("bob", password);
    }
    for text in [push_secret_yaml(&right), push_secret_json(&right)] {
        let run = run_check(&["--push-secret", "-"], Some(&text));
        run.assert_code(0);
        run.assert_stdout_has(&["of the push secret `team-registry` (<stdin>)"]);
    }
    for text in [push_secret_yaml(&bad), push_secret_json(&bad)] {
        let run = run_check(&["--push-secret", "-"], Some(&text));
        run.assert_code(1);
        run.assert_stderr_has(&["bad credentials"]);
        run.assert_secret_hidden("bob", wrong);
        let file = write_file(dir.path(), "bad-secret", &text);
        let run = run_check(&["--push-secret", file.to_str().expect("path")], None);
        run.assert_code(1);
        run.assert_secret_hidden("bob", wrong);
    }
    // --authfile: a docker config on the command line.
    let auth_file = write_file(dir.path(), "config.json", &right);
    let run = run_check(&["--authfile", auth_file.to_str().expect("path")], None);
    run.assert_code(0);
    run.assert_stdout_has(&["of the docker config"]);
    // A docker config on standard input, right and wrong.
    let run = run_check(&["--authfile", "-"], Some(&right));
    run.assert_code(0);
    run.assert_stdout_has(&["of the docker config <stdin> matches"]);
    let run = run_check(&["--authfile", "-"], Some(&bad));
    run.assert_code(1);
    run.assert_secret_hidden("bob", wrong);
    // Something that is not a push secret is a usage error.
    let run = run_check(&["--push-secret", "-"], Some("kind: ConfigMap\n"));
    run.assert_code(2);
    run.assert_stderr_has(&["is not a push secret"]);
    let run = run_check(&["--push-secret", "/nonexistent/secret.yaml"], None);
    run.assert_code(2);
}

#[test]
fn json_format_lists_every_step_and_the_verdict() {
    let password = "Canary-pw-json-5e1b";
    let registry = Registry::start(
        RegistryAuth::Htpasswd(vec![("alice".into(), password.into())]),
        None,
    );
    let host = registry.host();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut settings = https_settings(&host, "alice", password);
    settings[0].1 = format!("http://{host}");
    settings.push(("insecureSkipVerify".into(), "true".into()));
    let run = check(dir.path(), &as_refs(&settings), &["--format", "json"], &[]);
    run.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let steps = doc["steps"].as_array().expect("steps");
    let names: Vec<&str> = steps
        .iter()
        .map(|s| s["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        ["reach", "login", "push", "cleanup"],
        "{}",
        run.stdout
    );
    for step in steps {
        assert_eq!(step["outcome"], "ok", "{}", run.stdout);
        assert!(step["duration_ms"].is_u64() && step["detail"].is_string());
    }
    assert_eq!(doc["verdict"]["outcome"], "verified");
    assert_eq!(doc["verdict"]["exit_code"], 0);
    assert_eq!(doc["endpoint"], format!("http://{host}"));
    run.assert_secret_hidden("alice", password);

    // A refusal: the failed step, then the verdict with its kind and exit status.
    settings[2].1 = "Canary-pw-json-wrong-2c7d".into();
    let run = check(dir.path(), &as_refs(&settings), &["--format", "json"], &[]);
    run.assert_code(1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(doc["steps"][1]["name"], "login");
    assert_eq!(doc["steps"][1]["outcome"], "failed");
    assert_eq!(doc["verdict"]["kind"], "bad-credentials");
    assert_eq!(doc["verdict"]["exit_code"], 1);
    run.assert_secret_hidden("alice", "Canary-pw-json-wrong-2c7d");

    // Unreachable: exit status 3, and so says the verdict.
    drop(registry);
    let run = check(dir.path(), &as_refs(&settings), &["--format", "json"], &[]);
    run.assert_code(3);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(doc["steps"][0]["outcome"], "failed");
    assert_eq!(doc["verdict"]["outcome"], "unreachable");
    assert_eq!(doc["verdict"]["kind"], "connection-refused");
}

#[test]
fn credential_helpers_run_only_when_allowed() {
    let registry = Registry::start(
        RegistryAuth::Htpasswd(vec![("bob".into(), "Canary-pw-helper-0e4b".into())]),
        None,
    );
    let host = registry.host();
    let dir = tempfile::tempdir().expect("tempdir");
    let marker = dir.path().join("helper-ran");
    let helper = write_file(
        dir.path(),
        "docker-credential-testhelper",
        &format!(
            "#!/bin/sh\ntouch '{}'\nread server\necho \"{{\\\"ServerURL\\\":\\\"$server\\\",\\\"Username\\\":\\\"bob\\\",\\\"Secret\\\":\\\"Canary-pw-helper-0e4b\\\"}}\"\n",
            marker.display()
        ),
    );
    make_executable(&helper);
    let config = serde_json::json!({"auths": {}, "credHelpers": {&host: "testhelper"}});
    let auth_file = write_file(dir.path(), "auth.json", &config.to_string());
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let settings = external_secret_settings("http", &host);
    let run = check(
        dir.path(),
        &as_refs(&settings),
        &[],
        &[
            ("REGISTRY_AUTH_FILE", auth_file.to_str().expect("path")),
            ("PATH", &path),
        ],
    );
    run.assert_code(1);
    run.assert_stderr_has(&[
        "credential helper `docker-credential-testhelper`",
        "--allow-credential-helpers",
    ]);
    assert!(!marker.exists(), "the helper ran without permission");

    let run = check(
        dir.path(),
        &as_refs(&settings),
        &["--allow-credential-helpers"],
        &[
            ("REGISTRY_AUTH_FILE", auth_file.to_str().expect("path")),
            ("PATH", &path),
        ],
    );
    run.assert_code(0);
    assert!(marker.exists());
    run.assert_stdout_has(&["(from the credential helper `docker-credential-testhelper`)"]);
    run.assert_secret_hidden("bob", "Canary-pw-helper-0e4b");
}

fn make_executable(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let mut permissions = std::fs::metadata(path).expect("stat").permissions();
    permissions.set_mode(0o755);
    std::fs::set_permissions(path, permissions).expect("chmod");
}

/// An ECR-shaped authorization token password: base64 of the JSON payload ECR hands out,
/// with `expiration` in Unix seconds.
fn ecr_password(expiration: i64) -> String {
    b64(&serde_json::json!({
        "payload": b64("Canary-ecr-payload-c41d-encrypted-data"),
        "datakey": b64("Canary-ecr-datakey-0b7f"),
        "version": "2",
        "type": "DATA_KEY",
        "expiration": expiration,
    })
    .to_string())
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

#[test]
fn ecr_tokens_are_read_for_their_expiry() {
    let later = ecr_password(now() + 3 * 86_400 - 600);
    let soon = ecr_password(now() + 11 * 3600 - 30);
    let past = ecr_password(now() - 2 * 3600);
    // A token service that accepts the two live tokens for user AWS, as ECR would.
    let issuer = TokenIssuer::start(vec![
        IssuerUser::new("AWS", &later, &["push", "pull"]),
        IssuerUser::new("AWS", &soon, &["push", "pull"]),
    ]);
    let registry = Registry::start(
        RegistryAuth::Token {
            realm: issuer.realm(),
            service: SERVICE.into(),
            issuer: ISSUER.into(),
            root_cert_pem: issuer.signing.cert_pem.clone(),
        },
        None,
    );
    let host = registry.host();
    let settings = external_secret_settings("http", &host);
    let settings = as_refs(&settings);
    let dir = tempfile::tempdir().expect("tempdir");
    let run_with = |password: &str| {
        // The `auth` field is base64 of `AWS:<token>`, as `docker login` writes it for ECR.
        let file = write_file(
            dir.path(),
            "auth.json",
            &docker_config(&host, "AWS", password),
        );
        check(
            dir.path(),
            &settings,
            &[],
            &[("REGISTRY_AUTH_FILE", file.to_str().expect("path"))],
        )
    };

    let run = run_with(&later);
    run.assert_code(0);
    run.assert_stdout_has(&["the ECR token expires at ", "(in 2 days 23 h)"]);
    run.assert_stdout_lacks(&["warning:"]);
    // The token service listens elsewhere than the registry: a note names it.
    run.assert_stdout_has(&[
        &format!(
            "note: the registry's token service is on another host, 127.0.0.1:{}: the credentials are sent there, over plain HTTP",
            issuer.port
        ),
    ]);
    run.assert_secret_hidden("AWS", &later);

    let run = run_with(&soon);
    run.assert_code(0);
    run.assert_stdout_has(&[
        "warning: the ECR token expires at ",
        "(in 10 h 59 min)",
        "aws ecr get-login-password",
    ]);
    run.assert_secret_hidden("AWS", &soon);

    let run = run_with(&past);
    run.assert_code(1);
    run.assert_stderr_has(&[
        "the ECR authorization token in the docker config",
        "expired at ",
        "(2 h 0 min ago)",
        "aws ecr get-login-password",
    ]);
    // An expired token is refused before any request.
    assert!(issuer.scopes().len() == 2, "{:?}", issuer.scopes());
    run.assert_secret_hidden("AWS", &past);
}

/// A TCP server that counts the connections it gets and keeps what they send.
struct Recorder {
    port: u16,
    connections: Arc<AtomicUsize>,
    received: Arc<Mutex<Vec<u8>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Recorder {
    fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let connections = Arc::new(AtomicUsize::new(0));
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (count, keep, stopping) = (connections.clone(), received.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
                let mut buffer = [0u8; 4096];
                if let Ok(n) = std::io::Read::read(&mut stream, &mut buffer) {
                    keep.lock().expect("lock").extend_from_slice(&buffer[..n]);
                }
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"token\":\"t1\"}\n",
                );
            }
        });
        Recorder {
            port,
            connections,
            received,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn a_token_realm_that_downgrades_to_plain_http_gets_no_credentials() {
    let hostile = Recorder::start();
    let signing = SelfSigned::new(&["customimage-test-issuer"]);
    // An https registry whose Bearer challenge sends clients to http:// on another port.
    let registry = Registry::start(
        RegistryAuth::Token {
            realm: format!("http://localhost:{}/token", hostile.port),
            service: SERVICE.into(),
            issuer: ISSUER.into(),
            root_cert_pem: signing.cert_pem.clone(),
        },
        Some(&SelfSigned::for_loopback()),
    );
    let host = registry.host();
    let password = "Canary-pw-realm-7c3e";
    let dir = tempfile::tempdir().expect("tempdir");
    let mut settings = https_settings(&host, "alice", password);
    settings.push(("insecureSkipVerify".into(), "true".into()));
    let run = check(dir.path(), &as_refs(&settings), &[], &[]);
    run.assert_code(1);
    run.assert_stderr_has(&[
        &format!(
            "the https:// registry {host} sends clients to the plain-HTTP token service http://localhost:{}/token",
            hostile.port
        ),
        "none were sent",
        "https:// URL",
    ]);
    run.assert_secret_hidden("alice", password);
    // The hostile side saw nothing at all.
    assert_eq!(hostile.connections.load(Ordering::SeqCst), 0);
    assert!(hostile.received.lock().expect("lock").is_empty());
}

/// A registry stand-in that asks for Basic auth and answers every login with a 401 whose
/// body echoes the password it got in many encodings, as careless servers do.
struct Echo {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Echo {
    fn start() -> Echo {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    echo(stream);
                }
            }
        });
        Echo {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Echo {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn echo(stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut authorization = None;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line.trim().is_empty() => break,
            Ok(_) => {
                if let Some(value) = line
                    .split_once(':')
                    .filter(|(name, _)| name.eq_ignore_ascii_case("authorization"))
                    .map(|(_, value)| value.trim().to_string())
                {
                    authorization = Some(value);
                }
            }
        }
    }
    let body = match authorization
        .as_deref()
        .and_then(|a| a.strip_prefix("Basic "))
    {
        None => String::new(),
        Some(encoded) => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&decoded).into_owned();
            let password = text.split_once(':').map(|(_, p)| p).unwrap_or_default();
            echoed_body(encoded, password)
        }
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"echo\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// The password in every form a server might echo it, each in a body of its own kind.
fn echoed_body(basic: &str, password: &str) -> String {
    let hex: String = password.bytes().map(|b| format!("{b:02x}")).collect();
    let percent: String = url::form_urlencoded::byte_serialize(password.as_bytes()).collect();
    let unicode: String = password
        .encode_utf16()
        .map(|u| format!("\\u{u:04x}"))
        .collect();
    let html = password
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "denied:  {password} | hdr Authorization: Basic {basic} | b64 {} | b64 {} | url {percent} | hex {hex} | json {unicode} | html {html} | upper {}",
        b64(&format!("x{password}y")),
        b64(&format!("xy{password}z")),
        password.to_uppercase(),
    )
}

#[test]
fn an_echoed_password_is_masked_raw_and_encoded() {
    let server = Echo::start();
    let host = format!("127.0.0.1:{}", server.port);
    let password = "Echo Canary<&>pw-93b1d7e2";
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = [
        ("registryEndpoint", format!("http://{host}")),
        ("registryUsername", "alice".to_string()),
        ("registryPassword", password.to_string()),
        ("pushRepo", format!("{host}/team/images")),
        ("insecureSkipVerify", "true".to_string()),
    ];
    let settings: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let run = check(dir.path(), &settings, &[], &[]);
    run.assert_code(1);
    run.assert_stderr_has(&["bad credentials"]);
    run.assert_secret_hidden("alice", password);
    let shown = run.output();
    let basic = b64(&format!("alice:{password}"));
    let encoded = [
        basic.clone(),
        b64(&format!("x{password}y"))[4..28].to_string(),
        b64(&format!("xy{password}z"))[4..28].to_string(),
        url::form_urlencoded::byte_serialize(password.as_bytes()).collect(),
        password.bytes().map(|b| format!("{b:02x}")).collect(),
        password
            .encode_utf16()
            .map(|u| format!("\\u{u:04x}"))
            .collect(),
        password
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
        password.to_uppercase(),
        "93b1d7e2".into(),
        "Canary<".into(),
    ];
    for form in encoded {
        assert!(!shown.contains(&form), "{form:?} shown:\n{shown}");
    }
}

#[test]
fn a_self_signed_registry_certificate_given_as_ca_file_is_trusted_with_the_warning() {
    let password = "Canary-pw-selfca-3f6a";
    let cert = SelfSigned::for_loopback();
    let registry = Registry::start(
        RegistryAuth::Htpasswd(vec![("alice".into(), password.into())]),
        Some(&cert),
    );
    let settings = https_settings(&registry.host(), "alice", password);
    let dir = tempfile::tempdir().expect("tempdir");
    let cert_file = write_file(dir.path(), "registry.pem", &cert.cert_pem);
    let cert_file = cert_file.to_str().expect("path");
    let run = check(
        dir.path(),
        &as_refs(&settings),
        &["--ca-file", cert_file],
        &[],
    );
    assert_verified_with_pod_warning(&run, &format!("--ca-file {cert_file}"));
    run.assert_secret_hidden("alice", password);
}

#[test]
fn the_input_and_the_credentials_cannot_both_be_standard_input() {
    for flag in ["--push-secret", "--authfile"] {
        let run = customimage_with(["check", "-", flag, "-"], &[], Some("customImage: {}\n"));
        run.assert_code(2);
        run.assert_stderr_has(&["cannot both be standard input"]);
    }
}
