//! The Docker Registry HTTP API v2 login, as a Docker client does it, and a push-access test
//! that leaves nothing behind:
//!
//! 1. `GET /v2/`: reachable? `200` means anonymous access, `401` names how to log in.
//! 2. `Basic`: `GET /v2/` again with the credentials. `Bearer realm=…,service=…`: ask the
//!    realm for a token with the credentials and `scope=repository:<repo>:push,pull`, then
//!    `GET /v2/` with it.
//! 3. `POST /v2/<repo>/blobs/uploads/` opens an upload session (`202` + `Location`): the
//!    registry grants push. `DELETE` on that location cancels it; no blob is ever written.

use url::Url;

use super::challenge::{registry_errors, summarize_body, Challenge};
use super::http::{authority, authority_of, resolve_location, Auth, Method, Reply, Session};
use super::outcome::{Failure, Verified};
use super::plan::LoginPlan;

// What each request is for, as messages say it ("… while <step>").
const REACH: &str = "reaching the registry at /v2/";
const LOGIN: &str = "logging in at /v2/";
const TOKEN: &str = "requesting a token";
const UPLOAD: &str = "opening an upload session";
const CANCEL: &str = "cancelling the upload session";

/// Runs the login and push test against `target` in `session`, recording each step in
/// `verified`; on failure the failed step is recorded too.
pub fn verify(
    target: &LoginPlan,
    session: &Session,
    verified: &mut Verified,
) -> Result<(), Failure> {
    let result = run(target, session, verified);
    if let Err(failure) = &result {
        verified.fail(failure);
    }
    result
}

fn run(target: &LoginPlan, session: &Session, verified: &mut Verified) -> Result<(), Failure> {
    let ping_url = format!("{}/v2/", target.base_url);
    verified.begin("reach");
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
        // Go's TLS server answers a plain-HTTP request with this 400.
        400 if !target.is_https() && ping.body.contains("HTTPS server") => {
            return Err(Failure::NotHttp {
                host: target.host.clone(),
                detail: format!("it answered 400: {}", summarize_body(&ping.body)),
            })
        }
        status => return Err(unexpected(target, REACH, status, &ping)),
    };
    verified.ok(format!(
        "endpoint reachable: {ping_url} answered {}{}",
        ping.status,
        transport_note(target)
    ));
    if !target.is_https() && target.credentials.is_some() {
        verified.notes.push(format!(
            "{} is plain HTTP: the password crosses the network unencrypted",
            target.host
        ));
    }

    let Some(credentials) = &target.credentials else {
        if let Some(secret) = &target.external_secret {
            verified.notes.push(format!(
                "credentials managed outside this config (secret `{secret}`), not checked; \
                 `--push-secret FILE` checks that secret"
            ));
            let why = format!("login and push: the credentials are in the secret `{secret}`");
            verified.skip("login", why.clone());
            verified.skip("push", why);
            verified.conclusion = format!(
                "ok: {} is reachable; login and push were not checked",
                target.host
            );
            return Ok(());
        }
        return anonymous(target, session, challenge, verified);
    };
    if let (Some(secret), false) = (&target.external_secret, target.credentials_from_secret) {
        verified.notes.push(format!(
            "the build pod pushes with the secret `{secret}`, not with the credentials checked here"
        ));
    }
    let password = credentials.password.expose();
    let basic = Auth::basic(&credentials.username, password);
    let user = format!("user `{}`", credentials.username);

    verified.begin("login");
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
                        format!("{} refused the Basic login of {user}", target.host),
                        &reply,
                    ))
                }
                status => return Err(unexpected(target, LOGIN, status, &reply)),
            }
            (basic, format!("Basic authentication as {user} accepted"))
        }
        Some(bearer @ Challenge::Bearer(_)) => {
            let (token, realm) = request_token(target, session, &bearer, &basic, &user, verified)?;
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
    verified.ok(format!("login: {login}"));
    push_access(target, session, &auth, &user, verified)?;
    verified.conclusion = format!(
        "ok: {user} can log in to {} and push to `{}`",
        target.host, target.repository
    );
    Ok(())
}

/// No credentials and a chart-managed secret: the lint rules refuse that before `check`, but
/// an open registry would still work, so try the push anonymously.
fn anonymous(
    target: &LoginPlan,
    session: &Session,
    challenge: Option<Challenge>,
    verified: &mut Verified,
) -> Result<(), Failure> {
    let user = "anonymous access".to_string();
    verified.begin("login");
    let auth = match challenge {
        None => Auth::None,
        Some(bearer @ Challenge::Bearer(_)) => {
            Auth::bearer(&request_token(target, session, &bearer, &Auth::None, &user, verified)?.0)
        }
        Some(_) => {
            return Err(Failure::BadCredentials {
                refusal: format!(
                    "{} requires a login, and `registryUsername` and `registryPassword` are empty",
                    target.host
                ),
                status: 401,
                detail: String::new(),
            })
        }
    };
    verified.ok("login: anonymous".into());
    push_access(target, session, &auth, &user, verified)?;
    verified.conclusion = format!(
        "ok: anonymous push to `{}` on {} works",
        target.repository, target.host
    );
    Ok(())
}

/// Asks the Bearer realm for a push token; returns it and the realm's host. A realm that
/// would take the credentials from TLS to plain HTTP is refused before anything is sent to it;
/// a realm on another host than the registry is named in a note.
fn request_token(
    target: &LoginPlan,
    session: &Session,
    challenge: &Challenge,
    basic: &Auth,
    user: &str,
    verified: &mut Verified,
) -> Result<(String, String), Failure> {
    let realm_text = challenge.param("realm").unwrap_or_default();
    let realm = Url::parse(realm_text)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
        .ok_or_else(|| Failure::Unexpected {
            host: target.host.clone(),
            step: REACH.into(),
            status: 401,
            detail: format!("its Bearer challenge names no usable token realm (`{realm_text}`)"),
        })?;
    if target.is_https() && realm.scheme() == "http" {
        let mut shown = realm.clone();
        shown.set_query(None);
        return Err(Failure::RealmDowngrade {
            host: target.host.clone(),
            realm: shown.to_string(),
        });
    }
    let realm_host = authority_of(&realm);
    let registry_host = authority(&target.base_url);
    if realm_host != registry_host {
        verified.notes.push(format!(
            "the registry's token service is on another host, {realm_host}: the credentials are sent there{}",
            if realm.scheme() == "http" { ", over plain HTTP" } else { "" }
        ));
    }
    let realm = realm.as_str();
    let scope = format!("repository:{}:push,pull", target.repository);
    let mut query = vec![("scope", scope.as_str())];
    if let Some(service) = challenge.param("service") {
        query.insert(0, ("service", service));
    }
    let reply = session.send(Method::Get, realm, basic, &query, TOKEN)?;
    match reply.status {
        200 => {}
        401 | 403 => {
            return Err(bad_credentials(
                format!(
                    "the token service {realm_host} of {} refused {user}",
                    target.host
                ),
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
    target: &LoginPlan,
    session: &Session,
    auth: &Auth,
    user: &str,
    verified: &mut Verified,
) -> Result<(), Failure> {
    let url = format!(
        "{}/v2/{}/blobs/uploads/",
        target.base_url, target.repository
    );
    verified.begin("push");
    let reply = session.send(Method::Post, &url, auth, &[], UPLOAD)?;
    let location = upload_location(target, user, &reply)?;
    verified.ok(format!(
        "push access to `{}`: an upload session was opened (202)",
        target.repository
    ));
    verified.begin("cleanup");
    let cancel = match resolve_location(&url, &location) {
        Ok(cancel) => cancel,
        Err(why) => {
            verified.skip(
                "cleanup",
                format!("the upload session could not be cancelled: {why}"),
            );
            return Ok(());
        }
    };
    // A Location on another host gets no credentials unless it is the registry's own.
    let cancel_auth = if authority(&cancel) == authority(&url) {
        auth.clone()
    } else {
        Auth::None
    };
    // Nothing was uploaded either way; an upload session the registry keeps is empty and
    // purged by the registry (distribution: after a week).
    match session.send(Method::Delete, &cancel, &cancel_auth, &[], CANCEL) {
        Ok(reply) if matches!(reply.status, 200 | 202 | 204 | 404) => verified.ok(format!(
            "cleanup: the upload session was cancelled ({}); no blob, manifest or tag was written",
            reply.status
        )),
        // Distribution asks for the `*` (delete) action to cancel an upload; a push token
        // does not carry it.
        Ok(reply) => {
            let note = format!(
                "the registry did not let these credentials cancel the empty upload session ({}); nothing was pushed, and the registry purges stale sessions itself",
                reply.status
            );
            verified.skip("cleanup", note);
        }
        Err(failure) => {
            let note = format!(
                "cancelling the empty upload session failed ({}); nothing was pushed, and the registry purges stale sessions itself",
                failure.message()
            );
            verified.skip("cleanup", note);
        }
    }
    Ok(())
}

/// The upload session's `Location` when the registry opened one, else why it would not.
fn upload_location(target: &LoginPlan, user: &str, reply: &Reply) -> Result<String, Failure> {
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
    // ECR and other registries that do not create repositories on push.
    if codes.iter().any(|c| c == "NAME_UNKNOWN") {
        return Err(Failure::RepositoryMissing {
            host: target.host.clone(),
            repository: target.repository.clone(),
            from_prefix: target.from_prefix,
        });
    }
    let insufficient_scope = reply
        .challenge
        .as_ref()
        .is_some_and(Challenge::insufficient_scope);
    match (reply.status, &reply.location) {
        (202, Some(location)) => Ok(location.clone()),
        (401, _) if insufficient_scope => Err(denied(format!(
            "the token does not grant `push` on `{}`",
            target.repository
        ))),
        (401 | 403, _) => Err(denied(summarize_body(&reply.body))),
        (status, _) => Err(unexpected(target, UPLOAD, status, reply)),
    }
}

fn transport_note(target: &LoginPlan) -> &'static str {
    match (target.is_https(), target.insecure_skip_verify) {
        (true, false) => " over verified TLS",
        (true, true) => " over TLS (certificate not verified: insecureSkipVerify)",
        (false, _) => " over plain HTTP",
    }
}

fn bad_credentials(refusal: String, reply: &Reply) -> Failure {
    Failure::BadCredentials {
        refusal,
        status: reply.status,
        detail: summarize_body(&reply.body),
    }
}

fn unexpected(target: &LoginPlan, step: &str, status: u16, reply: &Reply) -> Failure {
    Failure::Unexpected {
        host: target.host.clone(),
        step: step.to_string(),
        status,
        detail: summarize_body(&reply.body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(from_prefix: bool) -> LoginPlan {
        LoginPlan {
            base_url: "https://1.dkr.ecr.us-east-1.amazonaws.com".into(),
            host: "1.dkr.ecr.us-east-1.amazonaws.com".into(),
            repository: "team/customimage-check".into(),
            from_prefix,
            credentials: None,
            credentials_from_secret: false,
            external_secret: None,
            insecure_skip_verify: false,
        }
    }

    fn reply(status: u16, challenge: Option<&str>, location: Option<&str>, body: &str) -> Reply {
        Reply {
            status,
            challenge: challenge.and_then(Challenge::parse),
            location: location.map(str::to_string),
            body: body.into(),
        }
    }

    // Registry answers as documented by the distribution spec and ECR; the login flow
    // against a live registry is covered by tests/check.rs.
    #[test]
    fn upload_answers_map_to_outcomes() {
        let t = target(true);
        let ok = reply(
            202,
            None,
            Some("/v2/team/customimage-check/blobs/uploads/u"),
            "",
        );
        assert_eq!(
            upload_location(&t, "user `a`", &ok).unwrap(),
            "/v2/team/customimage-check/blobs/uploads/u"
        );

        let missing = reply(
            404,
            None,
            None,
            r#"{"errors":[{"code":"NAME_UNKNOWN","message":"The repository with name 'team/customimage-check' does not exist in the registry with id '1'"}]}"#,
        );
        assert_eq!(
            upload_location(&t, "user `a`", &missing).unwrap_err(),
            Failure::RepositoryMissing {
                host: t.host.clone(),
                repository: t.repository.clone(),
                from_prefix: true
            }
        );

        let denied = reply(
            403,
            None,
            None,
            r#"{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"#,
        );
        let failure = upload_location(&t, "user `a`", &denied).unwrap_err();
        assert!(
            matches!(failure, Failure::NoPushPermission { ref detail, .. }
            if detail == "DENIED: requested access to the resource is denied")
        );

        let scope = reply(
            401,
            Some(
                r#"Bearer realm="https://auth/token",service="r",scope="repository:team/customimage-check:pull,push",error="insufficient_scope""#,
            ),
            None,
            r#"{"errors":[{"code":"UNAUTHORIZED"}]}"#,
        );
        assert!(matches!(
            upload_location(&t, "user `a`", &scope).unwrap_err(),
            Failure::NoPushPermission { .. }
        ));

        let no_location = reply(202, None, None, "");
        assert!(matches!(
            upload_location(&t, "user `a`", &no_location).unwrap_err(),
            Failure::Unexpected { status: 202, .. }
        ));
        let unsupported = reply(405, None, None, r#"{"errors":[{"code":"UNSUPPORTED"}]}"#);
        assert!(matches!(
            upload_location(&t, "user `a`", &unsupported).unwrap_err(),
            Failure::Unexpected { status: 405, ref detail, .. } if detail == "UNSUPPORTED"
        ));
    }
}
