//! `customimage check` against a registry in token-auth mode: the registry's Bearer challenge
//! sends the tool to a token service written for the test, which grants `push,pull` to a
//! read-write user and only `pull` to a read-only one.

use crate::support::cli::{check_values, Run};
use crate::support::registry::{Registry, RegistryAuth};
use crate::support::token_issuer::{IssuerUser, TokenIssuer, ISSUER, SERVICE};

fn token_registry(issuer: &TokenIssuer) -> Registry {
    Registry::start(
        RegistryAuth::Token {
            realm: issuer.realm(),
            service: SERVICE.into(),
            issuer: ISSUER.into(),
            root_cert_pem: issuer.signing.cert_pem.clone(),
        },
        None,
    )
}

/// `check` of values in which `user` logs in to the plain-HTTP registry at `host` and pushes
/// to `target` (`("pushRepo", "<host>/team/images")` or a `pushRepoPrefix`).
fn check_user(host: &str, user: &str, password: &str, target: (&str, &str)) -> Run {
    let endpoint = format!("http://{host}");
    check_values(
        &[
            ("registryEndpoint", &endpoint),
            ("registryUsername", user),
            ("registryPassword", password),
            target,
            ("insecureSkipVerify", "true"),
        ],
        &[],
    )
}

fn token_issuer() -> TokenIssuer {
    TokenIssuer::start(vec![
        IssuerUser::new("writer", "Canary-pw-writer-4d1e", &["push", "pull"]),
        IssuerUser::new("reader", "Canary-pw-reader-9b0a", &["pull"]),
    ])
}

#[test]
fn token_mode_user_with_push_scope_succeeds() {
    let issuer = token_issuer();
    let registry = token_registry(&issuer);
    let host = registry.host();
    let password = "Canary-pw-writer-4d1e";
    let target = format!("{host}/team/images");
    let run = check_user(&host, "writer", password, ("pushRepo", &target));
    assert_eq!(run.code, Some(0), "{}\n{}", run.output(), registry.log());
    run.assert_stdout_has(&[&format!(
        "login: token login as user `writer` accepted (token from 127.0.0.1:{})",
        issuer.port
    )]);
    run.assert_stdout_has(&["push access to `team/images`: an upload session was opened (202)"]);
    assert_eq!(issuer.scopes(), vec!["repository:team/images:push,pull"]);
    run.assert_secret_hidden("writer", password);
}

#[test]
fn token_mode_prefix_checks_a_repository_under_the_prefix() {
    let issuer = token_issuer();
    let registry = token_registry(&issuer);
    let host = registry.host();
    let password = "Canary-pw-writer-4d1e";
    let target = format!("{host}/team");
    let run = check_user(&host, "writer", password, ("pushRepoPrefix", &target));
    run.assert_code(0);
    assert_eq!(
        issuer.scopes(),
        vec!["repository:team/customimage-check:push,pull"]
    );
    run.assert_stdout_has(&["push access to `team/customimage-check`"]);
}

#[test]
fn token_mode_read_only_user_has_no_push_permission() {
    let issuer = token_issuer();
    let registry = token_registry(&issuer);
    let host = registry.host();
    let password = "Canary-pw-reader-9b0a";
    let target = format!("{host}/team/images");
    let run = check_user(&host, "reader", password, ("pushRepo", &target));
    run.assert_code(1);
    run.assert_stderr_has(&[&format!(
        "no push permission: user `reader` can log in to {host} but may not push to `team/images`"
    )]);
    // The registry itself refused: the issuer granted `pull` only.
    assert!(registry.log().contains("insufficient scope"));
    run.assert_secret_hidden("reader", password);
}

#[test]
fn token_mode_wrong_password_is_not_echoed_back() {
    let issuer = token_issuer();
    let registry = token_registry(&issuer);
    let host = registry.host();
    let wrong = "Canary-pw-guess-0c6f";
    let target = format!("{host}/team/images");
    let run = check_user(&host, "writer", wrong, ("pushRepo", &target));
    run.assert_code(1);
    assert!(
        run.stderr.contains(&format!(
            "bad credentials: the token service 127.0.0.1:{} of {host} refused user `writer` (401",
            issuer.port
        )),
        "{}",
        run.output()
    );
    // The issuer's error body quoted the password; the tool shows the rest of it.
    run.assert_stderr_has(&["incorrect username or password"]);
    run.assert_secret_hidden("writer", wrong);
}
