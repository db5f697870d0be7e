//! One HTTP exchange with a registry or its token service, bounded by the check's deadline, and
//! the translation of transport errors (DNS, refused, TLS, timeout) into [`Failure`]s.

use std::time::{Duration, Instant};

use ureq::http::Response;
use ureq::tls::TlsConfig;
use ureq::{Agent, Body, RequestBuilder};

use super::challenge::Challenge;
use super::outcome::Failure;
use super::tls_probe;

/// Error bodies are read for their message only.
const BODY_LIMIT: u64 = 64 * 1024;

/// How a request authenticates. The header values are registered as secrets: a server that
/// echoes them back cannot get them printed.
#[derive(Debug, Clone)]
pub enum Auth {
    None,
    Basic(String),
    Bearer(String),
}

impl Auth {
    pub fn basic(username: &str, password: &str) -> Auth {
        use base64::Engine as _;
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
        crate::redact::register(&encoded);
        Auth::Basic(encoded)
    }

    pub fn bearer(token: &str) -> Auth {
        crate::redact::register(token);
        Auth::Bearer(token.to_string())
    }

    fn header(&self) -> Option<String> {
        match self {
            Auth::None => None,
            Auth::Basic(encoded) => Some(format!("Basic {encoded}")),
            Auth::Bearer(token) => Some(format!("Bearer {token}")),
        }
    }
}

/// What came back, reduced to what the login flow looks at.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub challenge: Option<Challenge>,
    pub location: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, Copy)]
pub enum Method {
    Get,
    Post,
    Delete,
}

/// The requests of one check: one agent (one TLS setting) and one deadline for them all.
pub struct Session {
    agent: Agent,
    deadline: Instant,
    timeout: Duration,
}

impl Session {
    pub fn new(insecure_skip_verify: bool, timeout: Duration) -> Session {
        let config = Agent::config_builder()
            // 4xx answers are what the login flow reads, not errors.
            .http_status_as_error(false)
            .user_agent(concat!("customimage/", env!("CARGO_PKG_VERSION")))
            .tls_config(
                TlsConfig::builder()
                    .disable_verification(insecure_skip_verify)
                    .build(),
            )
            .build();
        Session {
            agent: config.into(),
            deadline: Instant::now() + timeout,
            timeout,
        }
    }

    /// Sends one request. `query` pairs are percent-encoded; `step` says what the request was
    /// for, in messages ("logging in", …).
    pub fn send(
        &self,
        method: Method,
        url: &str,
        auth: &Auth,
        query: &[(&str, &str)],
        step: &str,
    ) -> Result<Reply, Failure> {
        let host = authority(url);
        let Some(remaining) = self.deadline.checked_duration_since(Instant::now()) else {
            return Err(self.timed_out(host, step));
        };
        let header = auth.header();
        let header = header.as_deref();
        let result = match method {
            Method::Get => prepare(self.agent.get(url), header, query, remaining).call(),
            Method::Delete => prepare(self.agent.delete(url), header, query, remaining).call(),
            Method::Post => prepare(self.agent.post(url), header, query, remaining).send_empty(),
        };
        match result {
            Ok(response) => Ok(reply(response)),
            Err(error) => Err(self.classify(error, url, step)),
        }
    }

    fn timed_out(&self, host: &str, step: &str) -> Failure {
        Failure::Timeout {
            host: host.to_string(),
            seconds: format!("{}", self.timeout.as_secs_f64()),
            step: step.to_string(),
        }
    }

    /// Names what went wrong below HTTP.
    fn classify(&self, error: ureq::Error, url: &str, step: &str) -> Failure {
        let host = authority(url).to_string();
        if let Some(tls) = find_rustls_error(&error) {
            return self.classify_tls(tls, url);
        }
        match &error {
            ureq::Error::HostNotFound => Failure::Dns {
                host: split_port(&host).0.to_string(),
            },
            ureq::Error::Timeout(_) => self.timed_out(&host, step),
            // ureq's resolver passes getaddrinfo's error up as std words it.
            ureq::Error::Io(io) if io.to_string().starts_with("failed to lookup address") => {
                Failure::Dns {
                    host: split_port(&host).0.to_string(),
                }
            }
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => Failure::Refused { host },
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    self.timed_out(&host, step)
                }
                _ if url.starts_with("http://") => Failure::NotHttp {
                    host,
                    detail: io.to_string(),
                },
                _ => Failure::Connection {
                    host,
                    detail: io.to_string(),
                },
            },
            ureq::Error::Protocol(_) | ureq::Error::BadUri(_) if url.starts_with("http://") => {
                Failure::NotHttp {
                    host,
                    detail: error.to_string(),
                }
            }
            _ => Failure::Connection {
                host,
                detail: error.to_string(),
            },
        }
    }

    fn classify_tls(&self, error: &rustls::Error, url: &str) -> Failure {
        use rustls::CertificateError as Cert;
        let host = authority(url).to_string();
        let (name, port) = split_port(&host);
        let name = name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = port.unwrap_or(443);
        match error {
            rustls::Error::InvalidCertificate(
                Cert::UnknownIssuer
                | Cert::BadSignature
                | Cert::NotValidForName
                | Cert::NotValidForNameContext { .. },
            ) => match tls_probe::inspect(&name, port, self.deadline) {
                Some(facts) if !facts.valid_for_host => Failure::TlsWrongHost {
                    host,
                    name,
                    names: facts.dns_names,
                },
                Some(facts) => Failure::TlsUntrusted {
                    host,
                    self_signed: facts.self_signed,
                },
                // The server went away between the two handshakes: say what rustls said.
                None => Failure::Tls {
                    host,
                    detail: error.to_string(),
                },
            },
            rustls::Error::InvalidCertificate(
                Cert::Expired
                | Cert::ExpiredContext { .. }
                | Cert::NotValidYet
                | Cert::NotValidYetContext { .. },
            ) => Failure::TlsExpired { host },
            rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => {
                Failure::TlsNotTls { host }
            }
            other => Failure::Tls {
                host,
                detail: other.to_string(),
            },
        }
    }
}

fn reply(mut response: Response<Body>) -> Reply {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let challenge = response
        .headers()
        .get_all("www-authenticate")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(Challenge::parse)
        .find(|c| !matches!(c, Challenge::Other(_)))
        .or_else(|| header("www-authenticate").and_then(|v| Challenge::parse(&v)));
    let location = header("location");
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(BODY_LIMIT)
        .read_to_string()
        .unwrap_or_default();
    Reply {
        status,
        challenge,
        location,
        body,
    }
}

/// A rustls error anywhere in the error's chain (ureq passes handshake errors up as I/O
/// errors wrapping them).
fn find_rustls_error(error: &ureq::Error) -> Option<&rustls::Error> {
    if let ureq::Error::Rustls(tls) = error {
        return Some(tls);
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = match error {
        ureq::Error::Io(io) => io.get_ref().map(|e| e as _),
        other => std::error::Error::source(other),
    };
    while let Some(current) = source {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        source = current.source();
    }
    None
}

/// `host[:port]` of an absolute URL.
pub fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
}

/// `host:port` → (host, port); IPv6 literals keep their brackets.
fn split_port(authority: &str) -> (&str, Option<u16>) {
    match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, port.parse().ok()),
        _ => (authority, None),
    }
}

/// An absolute URL for a `Location` header, which may be relative to the registry.
pub fn resolve_location(base_url: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        location.to_string()
    } else if location.starts_with('/') {
        format!("{base_url}{location}")
    } else {
        format!("{base_url}/{location}")
    }
}

/// Authorization, query and the time left, the same for every method.
fn prepare<B>(
    request: RequestBuilder<B>,
    authorization: Option<&str>,
    query: &[(&str, &str)],
    remaining: Duration,
) -> RequestBuilder<B> {
    let request = match authorization {
        Some(value) => request.header("Authorization", value),
        None => request,
    };
    request
        .query_pairs(query.iter().copied())
        .config()
        .timeout_global(Some(remaining))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authority_of_urls() {
        assert_eq!(authority("https://gcr.io/v2/token?x=1"), "gcr.io");
        assert_eq!(authority("http://127.0.0.1:5000"), "127.0.0.1:5000");
        assert_eq!(authority("http://u:p@h:1/x"), "h:1");
        assert_eq!(split_port("[::1]:5000"), ("[::1]", Some(5000)));
        assert_eq!(split_port("[::1]"), ("[::1]", None));
    }

    #[test]
    fn locations_resolve_against_the_registry() {
        let base = "https://r.example:5000";
        assert_eq!(
            resolve_location(base, "/v2/a/blobs/uploads/u?_state=s"),
            "https://r.example:5000/v2/a/blobs/uploads/u?_state=s"
        );
        assert_eq!(
            resolve_location(base, "http://other/v2/x"),
            "http://other/v2/x"
        );
    }

    #[test]
    fn nothing_is_sent_after_the_deadline() {
        let session = Session::new(false, Duration::ZERO);
        let failure = session
            .send(
                Method::Get,
                "https://registry.invalid/v2/",
                &Auth::None,
                &[],
                "reaching the registry",
            )
            .unwrap_err();
        assert!(matches!(failure, Failure::Timeout { ref host, .. } if host == "registry.invalid"));
    }

    #[test]
    fn a_name_that_does_not_resolve_is_a_dns_failure() {
        let session = Session::new(false, Duration::from_secs(10));
        let failure = session
            .send(
                Method::Get,
                "https://registry.nonexistent.invalid/v2/",
                &Auth::None,
                &[],
                "reaching the registry",
            )
            .unwrap_err();
        assert_eq!(
            failure,
            Failure::Dns {
                host: "registry.nonexistent.invalid".into()
            }
        );
    }
}
