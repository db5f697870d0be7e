//! The Docker Registry HTTP API v2 login, as a Docker client does it, and a push-access test
//! that leaves nothing behind:
//!
//! 1. `GET /v2/`: reachable? `200` means anonymous access, `401` names how to log in.
//! 2. `Basic`: `GET /v2/` again with the credentials. `Bearer realm=…,service=…`: ask the
//!    realm for a token with the credentials and `scope=repository:<repo>:push,pull`, then
//!    `GET /v2/` with it.
//! 3. `POST /v2/<repo>/blobs/uploads/` opens an upload session (`202` + `Location`): the
//!    registry grants push. `DELETE` on that location cancels it; no blob is ever written.

use std::time::Duration;

use super::challenge::{registry_errors, summarize_body, Challenge};
use super::http::{resolve_location, Auth, Method, Reply, Session};
use super::outcome::{Failure, Verified};
use super::target::Target;

const REACH: &str = "reaching the registry (GET /v2/)";
const LOGIN: &str = "logging in (GET /v2/)";
const TOKEN: &str = "requesting a token";
const UPLOAD: &str = "opening an upload session (POST /v2/<repo>/blobs/uploads/)";
const CANCEL: &str = "cancelling the upload session (DELETE)";

/// Runs the whole check against `target` within `timeout`.
pub fn verify(target: &Target, timeout: Duration) -> Result<Verified, Failure> {
    let session = Session::new(target.insecure_skip_verify, timeout);
    let mut verified = Verified {
        endpoint: target.base_url.clone(),
        ..Verified::default()
    };
    let ping_url = format!("{}/v2/", target.base_url);
    let ping = session.send(Method::Get, &ping_url, &Auth::None, &[], REACH)?;
    let challenge = match ping.status {
        200 => None,
        401 => ping.challenge.clone(),
        404 => {
            return Err(Failure::NotARegistry {
                url: ping_url,
                status: 404,
            })
        }
        status => return Err(unexpected(target, REACH, status, &ping)),
    };
    verified.steps.push(format!(
        "endpoint reachable: {ping_url} answered {}{}",
        ping.status,
        transport_note(target)
    ));
    if target.base_url.starts_with("http://") {
        verified.notes.push(format!(
            "{} is plain HTTP: the password crosses the network unencrypted",
            target.host
        ));
    }

    let Some(credentials) = &target.credentials else {
        if let Some(secret) = &target.external_secret {
            verified.notes.push(format!(
                "credentials managed outside this config (secret `{secret}`), not checked"
            ));
            verified.conclusion = format!(
                "{} is reachable; login and push access were not checked",
                target.host
            );
            return Ok(verified);
        }
        return anonymous(target, &session, challenge, verified);
    };
    if let Some(secret) = &target.external_secret {
        verified.notes.push(format!(
            "the build pod pushes with the secret `{secret}`, not with the credentials checked here"
        ));
    }
    let password = credentials.password.expose();
    let basic = Auth::basic(&credentials.username, password);
    let user = format!("user `{}`", credentials.username);

    let (auth, login) = match challenge {
        None => (
            Auth::None,
            "no login needed: the registry accepts anonymous requests".to_string(),
        ),
        Some(Challenge::Basic) => {
            let reply = session.send(Method::Get, &ping_url, &basic, &[], LOGIN)?;
            match reply.status {
                200 => {}
                401 | 403 => {
                    return Err(bad_credentials(
                        target,
                        format!("Basic login as {user}"),
                        &reply,
                    ))
                }
                status => return Err(unexpected(target, LOGIN, status, &reply)),
            }
            (basic, format!("Basic authentication as {user} accepted"))
        }
        Some(bearer @ Challenge::Bearer(_)) => {
            let (token, realm) = request_token(target, &session, &bearer, &basic, &user)?;
            let auth = Auth::bearer(&token);
            let reply = session.send(Method::Get, &ping_url, &auth, &[], LOGIN)?;
            if reply.status != 200 {
                return Err(unexpected(
                    target,
                    "logging in with the token (GET /v2/)",
                    reply.status,
                    &reply,
                ));
            }
            (
                auth,
                format!("token login as {user} accepted (token from {realm})"),
            )
        }
        Some(Challenge::Other(scheme)) => {
            return Err(Failure::Unexpected {
                host: target.host.clone(),
                step: REACH.into(),
                status: 401,
                detail: format!(
                    "it asks for `{scheme}` authentication, which Docker clients do not use"
                ),
            })
        }
    };
    verified.steps.push(format!("login: {login}"));
    push_access(target, &session, &auth, &user, &mut verified)?;
    verified.conclusion = format!(
        "ok: {user} can log in to {} and push to `{}`",
        target.host, target.repository
    );
    Ok(verified)
}

/// No credentials and a chart-managed secret: the lint rules refuse that before `check`, but
/// an open registry would still work, so try the push anonymously.
fn anonymous(
    target: &Target,
    session: &Session,
    challenge: Option<Challenge>,
    mut verified: Verified,
) -> Result<Verified, Failure> {
    let user = "anonymous access".to_string();
    let auth = match challenge {
        None => Auth::None,
        Some(bearer @ Challenge::Bearer(_)) => {
            Auth::bearer(&request_token(target, session, &bearer, &Auth::None, &user)?.0)
        }
        Some(_) => {
            return Err(Failure::BadCredentials {
                host: target.host.clone(),
                login: "a login without credentials".into(),
                status: 401,
                detail: "`registryUsername` and `registryPassword` are empty".into(),
            })
        }
    };
    verified.steps.push("login: anonymous".into());
    push_access(target, session, &auth, &user, &mut verified)?;
    verified.conclusion = format!(
        "ok: anonymous push to `{}` on {} works",
        target.repository, target.host
    );
    Ok(verified)
}

/// Asks the Bearer realm for a push token; returns it and the realm's host.
fn request_token(
    target: &Target,
    session: &Session,
    challenge: &Challenge,
    basic: &Auth,
    user: &str,
) -> Result<(String, String), Failure> {
    let realm = challenge.param("realm").unwrap_or_default();
    if !(realm.starts_with("https://") || realm.starts_with("http://")) {
        return Err(Failure::Unexpected {
            host: target.host.clone(),
            step: REACH.into(),
            status: 401,
            detail: format!("its Bearer challenge names no usable token realm (`{realm}`)"),
        });
    }
    let scope = format!("repository:{}:push,pull", target.repository);
    let mut query = vec![("scope", scope.as_str())];
    if let Some(service) = challenge.param("service") {
        query.insert(0, ("service", service));
    }
    let reply = session.send(Method::Get, realm, basic, &query, TOKEN)?;
    let realm_host = super::http::authority(realm).to_string();
    match reply.status {
        200 => {}
        401 | 403 => {
            return Err(bad_credentials(
                target,
                format!("the token request for {user} to {realm_host}"),
                &reply,
            ))
        }
        status => {
            return Err(Failure::Unexpected {
                host: realm_host,
                step: TOKEN.into(),
                status,
                detail: summarize_body(&reply.body),
            })
        }
    }
    let token = serde_json::from_str::<serde_json::Value>(&reply.body)
        .ok()
        .and_then(|doc| {
            ["token", "access_token"]
                .iter()
                .find_map(|key| doc.get(key)?.as_str().map(str::to_string))
        })
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Failure::Unexpected {
            host: realm_host.clone(),
            step: TOKEN.into(),
            status: reply.status,
            detail: "the answer holds no `token` or `access_token`".into(),
        })?;
    Ok((token, realm_host))
}

/// Opens an upload session in the push repository and cancels it.
fn push_access(
    target: &Target,
    session: &Session,
    auth: &Auth,
    user: &str,
    verified: &mut Verified,
) -> Result<(), Failure> {
    let url = format!(
        "{}/v2/{}/blobs/uploads/",
        target.base_url, target.repository
    );
    let reply = session.send(Method::Post, &url, auth, &[], UPLOAD)?;
    let codes: Vec<String> = registry_errors(&reply.body)
        .into_iter()
        .map(|e| e.code)
        .collect();
    let denied = |detail: String| Failure::NoPushPermission {
        host: target.host.clone(),
        login: user.to_string(),
        repository: target.repository.clone(),
        detail,
    };
    if codes.iter().any(|c| c == "DENIED") {
        return Err(denied(summarize_body(&reply.body)));
    }
    if codes.iter().any(|c| c == "NAME_UNKNOWN") {
        return Err(Failure::RepositoryMissing {
            host: target.host.clone(),
            repository: target.repository.clone(),
            from_prefix: target.from_prefix,
        });
    }
    let location = match (reply.status, &reply.location) {
        (202, Some(location)) => location.clone(),
        (401, _)
            if reply
                .challenge
                .as_ref()
                .is_some_and(Challenge::insufficient_scope) =>
        {
            return Err(denied(format!(
                "the token does not grant `push` on `{}`",
                target.repository
            )))
        }
        (401 | 403, _) => return Err(denied(summarize_body(&reply.body))),
        (status, _) => return Err(unexpected(target, UPLOAD, status, &reply)),
    };
    verified.steps.push(format!(
        "push access to `{}`: an upload session was opened (202)",
        target.repository
    ));
    let cancel = resolve_location(&target.base_url, &location);
    match session.send(Method::Delete, &cancel, auth, &[], CANCEL) {
        Ok(reply) if matches!(reply.status, 200 | 202 | 204 | 404) => verified
            .steps
            .push("cleanup: the upload session was cancelled; nothing was written".into()),
        Ok(reply) => verified.notes.push(format!(
            "the registry would not cancel the empty upload session ({}); it expires on its own",
            reply.status
        )),
        Err(failure) => verified.notes.push(format!(
            "cancelling the empty upload session failed ({}); it expires on its own",
            failure.message()
        )),
    }
    Ok(())
}

fn transport_note(target: &Target) -> &'static str {
    match (target.is_https(), target.insecure_skip_verify) {
        (true, false) => " over verified TLS",
        (true, true) => " over TLS (certificate not verified: insecureSkipVerify)",
        (false, _) => " over plain HTTP",
    }
}

fn bad_credentials(target: &Target, login: String, reply: &Reply) -> Failure {
    Failure::BadCredentials {
        host: target.host.clone(),
        login,
        status: reply.status,
        detail: summarize_body(&reply.body),
    }
}

fn unexpected(target: &Target, step: &str, status: u16, reply: &Reply) -> Failure {
    Failure::Unexpected {
        host: target.host.clone(),
        step: step.to_string(),
        status,
        detail: summarize_body(&reply.body),
    }
}
