//! The results of a check, each with the sentence an operator reads: what was verified, or the
//! one thing that went wrong and how to fix it. Messages name the host, never a password; all
//! of them are printed through the redaction point anyway.

use std::fmt::Write as _;

/// A check that went through: what was verified, in order, and anything worth knowing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verified {
    /// `scheme://host[:port]` of the registry.
    pub endpoint: String,
    pub steps: Vec<String>,
    pub notes: Vec<String>,
    /// The one-line result.
    pub conclusion: String,
}

impl Verified {
    /// The report for standard output; `quiet` keeps only the conclusion and notes.
    pub fn render(&self, quiet: bool) -> String {
        let mut out = String::new();
        if !quiet {
            let _ = writeln!(out, "Checked {}", self.endpoint);
            for step in &self.steps {
                let _ = writeln!(out, "  ok: {step}");
            }
        }
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        let _ = writeln!(out, "{}", self.conclusion);
        out
    }
}

/// Why a check failed: exit status 3 when the registry could not be reached
/// ([`Failure::is_unreachable`]), 1 when the configuration or the registry refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The configuration names nothing to check (the lint rules normally refuse this first).
    Config(String),
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
}

impl Failure {
    /// Whether the registry could not be reached at all (DNS, connection, timeout), as opposed
    /// to a configuration or a registry that refused: CI must tell "this runner cannot reach
    /// the registry" from "the configuration is wrong".
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            Failure::Dns { .. }
                | Failure::Refused { .. }
                | Failure::Timeout { .. }
                | Failure::Connection { .. }
        )
    }

    pub fn message(&self) -> String {
        match self {
            Failure::Config(message) => message.clone(),
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
        }
    }

    pub fn help(&self) -> String {
        match self {
            Failure::Config(_) => "run `customimage lint` on this input".into(),
            Failure::Dns { .. } => "check the host name in `registryEndpoint`; it must also resolve inside the cluster".into(),
            Failure::Refused { .. } => "check the port in `registryEndpoint` and that the registry is running".into(),
            Failure::Timeout { .. } => "a firewall or proxy may be dropping the connection; check the endpoint, or allow more time with `--timeout`".into(),
            Failure::TlsUntrusted { .. } => "if you trust this registry, set `insecureSkipVerify: true` (the build pod then skips TLS verification when it pushes); better, give the registry a certificate from a trusted authority".into(),
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
    fn quiet_success_keeps_the_conclusion_and_notes() {
        let verified = Verified {
            endpoint: "https://r".into(),
            steps: vec!["endpoint reachable".into()],
            notes: vec!["a note".into()],
            conclusion: "done".into(),
        };
        assert_eq!(verified.render(true), "  note: a note\ndone\n");
        assert!(verified
            .render(false)
            .contains("  ok: endpoint reachable\n"));
    }
}
