//! The results of a check, each with the sentence an operator reads: what was verified, or the
//! one thing that went wrong and how to fix it. Messages name the host, never a password; all
//! of them are printed through the redaction point anyway.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// What became of one step of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    Ok,
    /// Done, with something the operator must know (a warning says what).
    Warning,
    Failed,
    /// Not done, and why is in the detail.
    Skipped,
}

impl StepOutcome {
    pub fn name(self) -> &'static str {
        match self {
            StepOutcome::Ok => "ok",
            StepOutcome::Warning => "warning",
            StepOutcome::Failed => "failed",
            StepOutcome::Skipped => "skipped",
        }
    }
}

/// One step of a check: `credentials`, `reach`, `login`, `push`, `cleanup`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub name: &'static str,
    pub outcome: StepOutcome,
    /// The sentence the human report shows.
    pub detail: String,
    pub duration: Duration,
}

/// A check as far as it went: what was verified, in order, and anything worth knowing. A check
/// that failed keeps the steps done before the failure and the failed one.
#[derive(Debug, Clone, Default)]
pub struct Verified {
    /// `scheme://host[:port]` of the registry.
    pub endpoint: String,
    pub steps: Vec<Step>,
    pub notes: Vec<String>,
    /// What passed but will not work as it stands (a CA the build pod does not trust, a token
    /// about to expire).
    pub warnings: Vec<String>,
    /// The one-line result.
    pub conclusion: String,
    /// The step under way and when it began.
    current: Option<(&'static str, Instant)>,
}

impl PartialEq for Verified {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.endpoint,
            &self.steps,
            &self.notes,
            &self.warnings,
            &self.conclusion,
        ) == (
            &other.endpoint,
            &other.steps,
            &other.notes,
            &other.warnings,
            &other.conclusion,
        )
    }
}

impl Verified {
    /// Starts the step `name`; its duration runs from here.
    pub fn begin(&mut self, name: &'static str) {
        self.current = Some((name, Instant::now()));
    }

    /// Ends the step under way as done.
    pub fn ok(&mut self, detail: String) {
        self.end(StepOutcome::Ok, detail);
    }

    /// Ends the step under way as done, with a warning (also listed among the warnings).
    pub fn warn(&mut self, detail: String, warning: String) {
        self.end(StepOutcome::Warning, detail);
        self.warnings.push(warning);
    }

    /// Records a step that was not done, and why.
    pub fn skip(&mut self, name: &'static str, why: String) {
        self.current = Some((name, Instant::now()));
        self.end(StepOutcome::Skipped, why);
    }

    /// Ends the step under way (if any) as failed with `failure`.
    pub fn fail(&mut self, failure: &Failure) {
        if self.current.is_some() {
            self.end(StepOutcome::Failed, failure.message());
        }
    }

    fn end(&mut self, outcome: StepOutcome, detail: String) {
        let (name, started) = self.current.take().unwrap_or(("check", Instant::now()));
        self.steps.push(Step {
            name,
            outcome,
            detail,
            duration: started.elapsed(),
        });
    }

    /// The report for standard output; `quiet` keeps only the conclusion, warnings and notes.
    pub fn render(&self, quiet: bool) -> String {
        let mut out = String::new();
        if !quiet {
            let _ = writeln!(out, "Checked {}", self.endpoint);
            let mut previous: Option<&Step> = None;
            for step in &self.steps {
                // Steps skipped for one reason are said once.
                if step.outcome == StepOutcome::Skipped
                    && previous.is_some_and(|p| {
                        p.outcome == StepOutcome::Skipped && p.detail == step.detail
                    })
                {
                    continue;
                }
                previous = Some(step);
                let label = match step.outcome {
                    StepOutcome::Ok | StepOutcome::Warning => "ok",
                    StepOutcome::Failed => "failed",
                    StepOutcome::Skipped => "skipped",
                };
                let _ = writeln!(out, "  {label}: {}", step.detail);
            }
        }
        for warning in &self.warnings {
            let _ = writeln!(out, "  warning: {warning}");
        }
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        let _ = writeln!(out, "{}", self.conclusion);
        out
    }

    /// The report as JSON (`check --format json`): every step with its outcome, detail and
    /// duration, then the verdict. Print it through the redaction point.
    pub fn to_json(&self, failure: Option<&Failure>) -> serde_json::Value {
        let steps: Vec<serde_json::Value> = self
            .steps
            .iter()
            .map(|step| {
                serde_json::json!({
                    "name": step.name,
                    "outcome": step.outcome.name(),
                    "detail": step.detail,
                    "duration_ms": u64::try_from(step.duration.as_millis()).unwrap_or(u64::MAX),
                })
            })
            .collect();
        let verdict = match failure {
            None => serde_json::json!({
                "outcome": "verified",
                "exit_code": 0,
                "message": self.conclusion,
            }),
            Some(failure) => serde_json::json!({
                "outcome": if failure.is_unreachable() { "unreachable" } else { "failed" },
                "exit_code": failure.exit_code(),
                "kind": failure.kind(),
                "message": failure.message(),
                "help": failure.help(),
            }),
        };
        serde_json::json!({
            "endpoint": self.endpoint,
            "steps": steps,
            "warnings": self.warnings,
            "notes": self.notes,
            "verdict": verdict,
        })
    }
}

/// Why a check failed: [`Failure::exit_code`] tells a configuration or registry that refused
/// (1) from a registry that could not be reached (3) and from bad usage or input (2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The configuration names nothing to check (the lint rules normally refuse this first).
    Config(String),
    /// A file given on the command line cannot be read or is not what it should be.
    Input(String),
    Dns {
        host: String,
    },
    Refused {
        host: String,
    },
    Timeout {
        host: String,
        seconds: String,
        step: String,
    },
    /// Self-signed, or signed by a CA nobody here trusts; the name matches.
    TlsUntrusted {
        host: String,
        self_signed: bool,
        /// The extra CAs that were tried too (`--ca-file`, `certs.d`, …), by source.
        extra_cas: Vec<String>,
    },
    /// The certificate is for other names (whoever signed it).
    TlsWrongHost {
        host: String,
        name: String,
        names: Vec<String>,
    },
    TlsExpired {
        host: String,
    },
    /// The TLS handshake got an answer that is not TLS: usually a plain-HTTP registry.
    TlsNotTls {
        host: String,
    },
    Tls {
        host: String,
        detail: String,
    },
    /// An `http://` endpoint that did not answer HTTP: usually a TLS-only registry.
    NotHttp {
        host: String,
        detail: String,
    },
    Connection {
        host: String,
        detail: String,
    },
    /// `refusal` says who refused whom ("127.0.0.1:5000 refused the Basic login of user `a`").
    BadCredentials {
        refusal: String,
        status: u16,
        detail: String,
    },
    NoPushPermission {
        host: String,
        login: String,
        repository: String,
        detail: String,
    },
    RepositoryMissing {
        host: String,
        repository: String,
        from_prefix: bool,
    },
    NotARegistry {
        url: String,
        status: u16,
    },
    Unexpected {
        host: String,
        step: String,
        status: u16,
        detail: String,
    },
    /// Credentials were about to go to an `http://` URL from an `https://` endpoint.
    PlainHttpCredentials {
        url: String,
        step: String,
    },
    /// The Bearer challenge of an `https://` registry names an `http://` token realm.
    RealmDowngrade {
        host: String,
        realm: String,
    },
    /// A push secret or docker config has no entry for the registry.
    NoCredentialsEntry {
        source: String,
        host: String,
        entries: Vec<String>,
    },
    /// The entry for the registry needs a credential helper.
    CredentialHelper {
        source: String,
        host: String,
        helper: String,
        detail: String,
    },
    /// An ECR authorization token past its expiry.
    TokenExpired {
        source: String,
        expired: String,
    },
}

impl Failure {
    /// The registry could not be reached (DNS, connection, timeout): exit status 3.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            Failure::Dns { .. }
                | Failure::Refused { .. }
                | Failure::Timeout { .. }
                | Failure::Connection { .. }
        )
    }

    /// A file given on the command line could not be used: exit status 2.
    pub fn is_usage(&self) -> bool {
        matches!(self, Failure::Input(_))
    }

    /// 3 unreachable, 2 usage or I/O, else 1: the configuration or the registry refused
    /// (lint errors, bad credentials, no push permission, certificate problems, a missing
    /// repository).
    pub fn exit_code(&self) -> u8 {
        if self.is_unreachable() {
            3
        } else if self.is_usage() {
            2
        } else {
            1
        }
    }

    /// A stable name for machine-readable output.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Config(_) => "config",
            Failure::Input(_) => "input",
            Failure::Dns { .. } => "dns",
            Failure::Refused { .. } => "connection-refused",
            Failure::Timeout { .. } => "timeout",
            Failure::TlsUntrusted { .. } => "tls-untrusted",
            Failure::TlsWrongHost { .. } => "tls-wrong-host",
            Failure::TlsExpired { .. } => "tls-expired",
            Failure::TlsNotTls { .. } => "tls-not-tls",
            Failure::Tls { .. } => "tls",
            Failure::NotHttp { .. } => "not-http",
            Failure::Connection { .. } => "connection",
            Failure::BadCredentials { .. } => "bad-credentials",
            Failure::NoPushPermission { .. } => "no-push-permission",
            Failure::RepositoryMissing { .. } => "repository-missing",
            Failure::NotARegistry { .. } => "not-a-registry",
            Failure::Unexpected { .. } => "unexpected-answer",
            Failure::PlainHttpCredentials { .. } => "plain-http-credentials",
            Failure::RealmDowngrade { .. } => "realm-downgrade",
            Failure::NoCredentialsEntry { .. } => "no-credentials-entry",
            Failure::CredentialHelper { .. } => "credential-helper",
            Failure::TokenExpired { .. } => "token-expired",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Failure::Config(message) | Failure::Input(message) => message.clone(),
            Failure::Dns { host } => {
                format!("cannot resolve the registry host `{host}` (DNS lookup failed)")
            }
            Failure::Refused { host } => {
                format!("connection to {host} refused: nothing is listening there")
            }
            Failure::Timeout {
                host,
                seconds,
                step,
            } => format!("no answer from {host} within {seconds} s, while {step}"),
            Failure::TlsUntrusted {
                host,
                self_signed: true,
                ..
            } => format!("the TLS certificate of {host} is self-signed, so it cannot be verified"),
            Failure::TlsUntrusted { host, .. } => format!(
                "the TLS certificate of {host} is signed by an unknown certificate authority"
            ),
            Failure::TlsWrongHost { host, name, names } => {
                let names = if names.is_empty() {
                    "other names or addresses".to_string()
                } else {
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!(
                    "the TLS certificate of {host} is for another host: it is not valid for `{name}` (it names {names})"
                )
            }
            Failure::TlsExpired { host } => {
                format!("the TLS certificate of {host} has expired or is not valid yet")
            }
            Failure::TlsNotTls { host } => {
                format!("{host} does not speak TLS: the TLS handshake got a non-TLS answer")
            }
            Failure::Tls { host, detail } => {
                format!("the TLS handshake with {host} failed: {detail}")
            }
            Failure::NotHttp { host, detail } => {
                format!("{host} does not serve plain HTTP ({detail})")
            }
            Failure::Connection { host, detail } => {
                format!("cannot talk to {host}: {detail}")
            }
            Failure::BadCredentials {
                refusal,
                status,
                detail,
            } => format!("bad credentials: {refusal} ({status}{})", with_detail(detail)),
            Failure::NoPushPermission {
                host,
                login,
                repository,
                detail,
            } => format!(
                "no push permission: {login} can log in to {host} but may not push to `{repository}`{}",
                in_parens(detail)
            ),
            Failure::RepositoryMissing {
                host, repository, ..
            } => format!("the repository `{repository}` does not exist on {host} (NAME_UNKNOWN)"),
            Failure::NotARegistry { url, status } => {
                format!("{url} answered {status}: this is not a Docker Registry v2 endpoint")
            }
            Failure::Unexpected {
                host,
                step,
                status,
                detail,
            } => format!(
                "{host} answered {status} while {step}{}",
                with_detail(detail)
            ),
            Failure::PlainHttpCredentials { url, step } => format!(
                "refusing to send credentials in clear to {url} (while {step}): the registry endpoint is https://"
            ),
            Failure::RealmDowngrade { host, realm } => format!(
                "the https:// registry {host} sends clients to the plain-HTTP token service {realm}: credentials would cross the network unencrypted, so none were sent"
            ),
            Failure::NoCredentialsEntry {
                source,
                host,
                entries,
            } => {
                let entries = if entries.is_empty() {
                    "it has none".to_string()
                } else {
                    format!(
                        "it has {}",
                        entries
                            .iter()
                            .map(|e| format!("`{e}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                format!("{source} has no credentials for {host} ({entries})")
            }
            Failure::CredentialHelper {
                source,
                host,
                helper,
                detail,
            } => format!(
                "the credentials for {host} in {source} are kept by the credential helper `docker-credential-{helper}`{}",
                with_detail(detail)
            ),
            Failure::TokenExpired { source, expired } => {
                format!("the ECR authorization token in {source} expired {expired}")
            }
        }
    }

    pub fn help(&self) -> String {
        match self {
            Failure::Config(_) => "run `customimage lint` on this input".into(),
            Failure::Input(_) => "check the file given on the command line".into(),
            Failure::Dns { .. } => "check the host name in `registryEndpoint`; it must also resolve inside the cluster".into(),
            Failure::Refused { .. } => "check the port in `registryEndpoint` and that the registry is running".into(),
            Failure::Timeout { .. } => "a firewall or proxy may be dropping the connection; check the endpoint, or allow more time with `--timeout`".into(),
            Failure::TlsUntrusted { extra_cas, .. } if !extra_cas.is_empty() => format!("the certificate authorities tried ({}) did not sign this certificate: pass the CA that issued it with `--ca-file`; if you trust this registry, `insecureSkipVerify: true` makes the build pod skip TLS verification when it pushes", extra_cas.join(", ")),
            Failure::TlsUntrusted { .. } => "if the registry's certificate comes from your own certificate authority, pass it with `--ca-file CA.pem` (or put it in /etc/docker/certs.d/<host:port>/ca.crt); if you trust this registry, set `insecureSkipVerify: true` (the build pod then skips TLS verification when it pushes); better, give the registry a certificate from a trusted authority".into(),
            Failure::TlsWrongHost { name, .. } => format!("point `registryEndpoint` at the name the registry's certificate was issued for, or reissue the certificate for `{name}`"),
            Failure::TlsExpired { .. } => "renew the registry's certificate".into(),
            Failure::TlsNotTls { host } => format!("if the registry serves plain HTTP, write the endpoint as `http://{host}`"),
            Failure::Tls { .. } | Failure::Connection { .. } => "check `registryEndpoint` and that the registry is reachable from here".into(),
            Failure::NotHttp { host, .. } => format!("if the registry serves TLS, write the endpoint as `https://{host}`"),
            Failure::BadCredentials { .. } => "check `registryUsername` and `registryPassword` (for GCR: `_json_key` and the whole key file JSON)".into(),
            Failure::NoPushPermission { repository, .. } => format!("give this user push (write) access to `{repository}`, or push to a repository it may write to"),
            Failure::RepositoryMissing { repository, from_prefix: true, .. } => format!("this registry does not create repositories on push (ECR does not): with `pushRepoPrefix`, every image needs its repository created beforehand (`check` tried `{repository}`); or use `pushRepo` with one existing repository"),
            Failure::RepositoryMissing { repository, .. } => format!("create the repository `{repository}` first: this registry does not create repositories on push"),
            Failure::NotARegistry { .. } => "check `registryEndpoint`: it must be the registry's host (the API lives under /v2/)".into(),
            Failure::Unexpected { .. } => "check `registryEndpoint` and the registry's logs".into(),
            Failure::PlainHttpCredentials { .. } => "serve every URL the registry sends clients to over https://".into(),
            Failure::RealmDowngrade { .. } => "configure the registry's token service (its Bearer `realm`) with an https:// URL; if the registry really is plain HTTP, write the endpoint as `http://…` so that sending credentials in clear is a choice".into(),
            Failure::NoCredentialsEntry { host, .. } => format!("add an entry for `{host}` (`docker login {host}` writes one), or check `registryEndpoint`"),
            Failure::CredentialHelper { .. } => "pass `--allow-credential-helpers` to let `check` run it; note that the build pod cannot run helpers: its push secret must hold the credentials themselves".into(),
            Failure::TokenExpired { .. } => "refresh it: `aws ecr get-login-password --region <region> | docker login --username AWS --password-stdin <registry>`, then recreate the push secret (ECR tokens last 12 hours; refresh them on a schedule)".into(),
        }
    }

    /// The report for standard error.
    pub fn render(&self) -> String {
        format!("error: {}\n  help: {}\n", self.message(), self.help())
    }
}

fn with_detail(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(": {detail}")
    }
}

fn in_parens(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_untrusted_certificate_suggests_insecure_skip_verify() {
        let host = "registry.local:5000".to_string();
        let untrusted = Failure::TlsUntrusted {
            host: host.clone(),
            self_signed: true,
            extra_cas: Vec::new(),
        };
        assert!(untrusted.render().contains("insecureSkipVerify: true"));
        assert!(untrusted.message().contains("self-signed"));
        let others = [
            Failure::TlsWrongHost {
                host: host.clone(),
                name: "registry.local".into(),
                names: vec!["other.example".into()],
            },
            Failure::TlsExpired { host: host.clone() },
            Failure::TlsNotTls { host: host.clone() },
            Failure::Tls {
                host: host.clone(),
                detail: "handshake failure".into(),
            },
        ];
        for failure in others {
            let text = failure.render();
            assert!(!text.contains("insecureSkipVerify"), "{text}");
            assert!(text.contains(&host), "{text}");
        }
    }

    #[test]
    fn a_missing_repository_in_prefix_mode_explains_the_made_up_name() {
        let failure = Failure::RepositoryMissing {
            host: "123456789012.dkr.ecr.us-east-1.amazonaws.com".into(),
            repository: "team/customimage-check".into(),
            from_prefix: true,
        };
        // As shown in docs/check.md.
        assert_eq!(
            failure.render(),
            "error: the repository `team/customimage-check` does not exist on 123456789012.dkr.ecr.us-east-1.amazonaws.com (NAME_UNKNOWN)\n  help: this registry does not create repositories on push (ECR does not): with `pushRepoPrefix`, every image needs its repository created beforehand (`check` tried `team/customimage-check`); or use `pushRepo` with one existing repository\n"
        );
    }

    #[test]
    fn exit_codes_tell_unreachable_from_refused_from_usage() {
        let host = "r.example".to_string();
        for unreachable in [
            Failure::Dns { host: host.clone() },
            Failure::Refused { host: host.clone() },
            Failure::Timeout {
                host: host.clone(),
                seconds: "1".into(),
                step: "x".into(),
            },
            Failure::Connection {
                host: host.clone(),
                detail: "reset".into(),
            },
        ] {
            assert!(unreachable.is_unreachable());
            assert_eq!(unreachable.exit_code(), 3, "{unreachable:?}");
        }
        assert_eq!(Failure::Input("x".into()).exit_code(), 2);
        for refused in [
            Failure::Config("x".into()),
            Failure::TlsExpired { host: host.clone() },
            Failure::BadCredentials {
                refusal: "x".into(),
                status: 401,
                detail: String::new(),
            },
            Failure::RepositoryMissing {
                host: host.clone(),
                repository: "a".into(),
                from_prefix: false,
            },
            Failure::RealmDowngrade {
                host: host.clone(),
                realm: "http://a/".into(),
            },
        ] {
            assert_eq!(refused.exit_code(), 1, "{refused:?}");
        }
    }

    #[test]
    fn json_lists_every_step_then_the_verdict() {
        let mut verified = Verified {
            endpoint: "https://r.example".into(),
            ..Verified::default()
        };
        verified.begin("reach");
        verified.ok("endpoint reachable".into());
        verified.begin("login");
        let failure = Failure::BadCredentials {
            refusal: "r.example refused user `a`".into(),
            status: 401,
            detail: String::new(),
        };
        verified.fail(&failure);
        let doc = verified.to_json(Some(&failure));
        assert_eq!(doc["steps"][0]["name"], "reach");
        assert_eq!(doc["steps"][0]["outcome"], "ok");
        assert!(doc["steps"][0]["duration_ms"].is_u64());
        assert_eq!(doc["steps"][1]["name"], "login");
        assert_eq!(doc["steps"][1]["outcome"], "failed");
        assert_eq!(doc["steps"][1]["detail"], failure.message());
        assert_eq!(doc["verdict"]["outcome"], "failed");
        assert_eq!(doc["verdict"]["exit_code"], 1);
        assert_eq!(doc["verdict"]["kind"], "bad-credentials");
        let ok = verified.to_json(None);
        assert_eq!(ok["verdict"]["outcome"], "verified");
        assert_eq!(ok["verdict"]["exit_code"], 0);
    }

    #[test]
    fn quiet_success_keeps_the_conclusion_and_notes() {
        let mut verified = Verified {
            endpoint: "https://r".into(),
            notes: vec!["a note".into()],
            conclusion: "done".into(),
            ..Verified::default()
        };
        verified.begin("reach");
        verified.ok("endpoint reachable".into());
        assert_eq!(verified.render(true), "  note: a note\ndone\n");
        assert!(verified
            .render(false)
            .contains("  ok: endpoint reachable\n"));
    }
}
