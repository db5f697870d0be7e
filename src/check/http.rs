//! One HTTP exchange with a registry or its token service, bounded by the check's deadline, and
//! the translation of transport errors (DNS, refused, TLS, timeout) into [`Failure`]s.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use ureq::http::Response;
use ureq::tls::{Certificate, RootCerts, TlsConfig};
use ureq::{Agent, Body, RequestBuilder};
use url::Url;

use super::challenge::Challenge;
use super::outcome::Failure;
use super::tls_probe;
use super::trust::Trust;

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
        crate::redact::register_with_encodings(password);
        crate::redact::register_with_encodings(&encoded);
        Auth::Basic(encoded)
    }

    pub fn bearer(token: &str) -> Auth {
        crate::redact::register_with_encodings(token);
        Auth::Bearer(token.to_string())
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Auth::None)
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

/// The requests of one check: one TLS setting, one deadline for them all, and the extra
/// certificate authorities tried for a host the public roots do not verify.
pub struct Session {
    /// The public roots (or no verification at all with `insecureSkipVerify`).
    agent: Agent,
    insecure_skip_verify: bool,
    trust: Trust,
    /// Hosts verified only thanks to an extra CA: their agent, and the CAs' sources.
    extended: RefCell<HashMap<String, (Agent, Vec<String>)>>,
    /// Whether credentials may cross plain HTTP: only when the endpoint itself is `http://`.
    plain_http_credentials: bool,
    deadline: Instant,
    timeout: Duration,
}

impl Session {
    pub fn new(insecure_skip_verify: bool, timeout: Duration) -> Session {
        Session::with_trust(insecure_skip_verify, timeout, Trust::default(), false)
    }

    /// A session trusting `trust`'s CAs besides the public roots; `plain_http_credentials`
    /// lets credentials go to `http://` URLs (for an `http://` endpoint).
    pub fn with_trust(
        insecure_skip_verify: bool,
        timeout: Duration,
        trust: Trust,
        plain_http_credentials: bool,
    ) -> Session {
        let tls = TlsConfig::builder()
            .disable_verification(insecure_skip_verify)
            .build();
        Session {
            agent: agent(tls),
            insecure_skip_verify,
            trust,
            extended: RefCell::new(HashMap::new()),
            plain_http_credentials,
            deadline: Instant::now() + timeout,
            timeout,
        }
    }

    /// The hosts whose certificates were verified only thanks to an extra CA, with the CAs'
    /// sources, in name order.
    pub fn verified_by_extra_cas(&self) -> Vec<(String, Vec<String>)> {
        let mut hosts: Vec<(String, Vec<String>)> = self
            .extended
            .borrow()
            .iter()
            .map(|(host, (_, sources))| (host.clone(), sources.clone()))
            .collect();
        hosts.sort();
        hosts
    }

    /// Sends one request. `query` pairs are percent-encoded; `step` says what the request was
    /// for, in messages ("logging in", …). Credentials never go to an `http://` URL unless the
    /// endpoint itself is `http://`.
    pub fn send(
        &self,
        method: Method,
        url: &str,
        auth: &Auth,
        query: &[(&str, &str)],
        step: &str,
    ) -> Result<Reply, Failure> {
        let parsed = Url::parse(url).map_err(|e| Failure::Connection {
            host: url.to_string(),
            detail: format!("not a usable URL: {e}"),
        })?;
        let host = authority_of(&parsed);
        if parsed.scheme() == "http" && !auth.is_none() && !self.plain_http_credentials {
            return Err(Failure::PlainHttpCredentials {
                url: without_query(&parsed),
                step: step.to_string(),
            });
        }
        let extended = self.extended.borrow().get(&host).map(|(a, _)| a.clone());
        let first = self.call(
            extended.as_ref().unwrap_or(&self.agent),
            method,
            url,
            auth,
            query,
        );
        let error = match first {
            Ok(response) => return Ok(reply(response)),
            Err(error) => error,
        };
        // The public roots did not verify the server: try the extra CAs for this host. The
        // handshake failed before a byte of the request was sent, so nothing is sent twice.
        if extended.is_none() && !self.insecure_skip_verify && unknown_issuer(&error) {
            let cas = self.trust.for_host(&host);
            if !cas.is_empty() {
                let certificates: Vec<Certificate<'static>> = cas
                    .certificates
                    .iter()
                    .map(|c| Certificate::from_der(c.as_ref()).to_owned())
                    .collect();
                let tls = TlsConfig::builder()
                    .root_certs(RootCerts::new_with_certs(&certificates))
                    .build();
                let extended = agent(tls);
                return match self.call(&extended, method, url, auth, query) {
                    Ok(response) => {
                        self.extended
                            .borrow_mut()
                            .insert(host, (extended, cas.sources));
                        Ok(reply(response))
                    }
                    Err(error) => Err(self.classify(error, &parsed, step, &cas.sources)),
                };
            }
        }
        Err(self.classify(error, &parsed, step, &[]))
    }

    fn call(
        &self,
        agent: &Agent,
        method: Method,
        url: &str,
        auth: &Auth,
        query: &[(&str, &str)],
    ) -> Result<Response<Body>, ureq::Error> {
        let Some(remaining) = self.deadline.checked_duration_since(Instant::now()) else {
            return Err(ureq::Error::Timeout(ureq::Timeout::Global));
        };
        let header = auth.header();
        let header = header.as_deref();
        match method {
            Method::Get => prepare(agent.get(url), header, query, remaining).call(),
            Method::Delete => prepare(agent.delete(url), header, query, remaining).call(),
            Method::Post => prepare(agent.post(url), header, query, remaining).send_empty(),
        }
    }

    fn timed_out(&self, host: &str, step: &str) -> Failure {
        Failure::Timeout {
            host: host.to_string(),
            seconds: format!("{}", self.timeout.as_secs_f64()),
            step: step.to_string(),
        }
    }

    /// Names what went wrong below HTTP; `extra_cas` are the sources of the extra CAs that
    /// were tried too.
    fn classify(&self, error: ureq::Error, url: &Url, step: &str, extra_cas: &[String]) -> Failure {
        let host = authority_of(url);
        let plain = url.scheme() == "http";
        if let Some(tls) = find_rustls_error(&error) {
            return self.classify_tls(tls, url, extra_cas);
        }
        match &error {
            ureq::Error::HostNotFound => Failure::Dns {
                host: url.host_str().unwrap_or_default().to_string(),
            },
            ureq::Error::Timeout(_) => self.timed_out(&host, step),
            // ureq's resolver passes getaddrinfo's error up as std words it.
            ureq::Error::Io(io) if io.to_string().starts_with("failed to lookup address") => {
                Failure::Dns {
                    host: url.host_str().unwrap_or_default().to_string(),
                }
            }
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => Failure::Refused { host },
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    self.timed_out(&host, step)
                }
                _ if plain => Failure::NotHttp {
                    host,
                    detail: io.to_string(),
                },
                _ => Failure::Connection {
                    host,
                    detail: io.to_string(),
                },
            },
            ureq::Error::Protocol(_) | ureq::Error::BadUri(_) if plain => Failure::NotHttp {
                host,
                detail: error.to_string(),
            },
            _ => Failure::Connection {
                host,
                detail: error.to_string(),
            },
        }
    }

    fn classify_tls(&self, error: &rustls::Error, url: &Url, extra_cas: &[String]) -> Failure {
        use rustls::CertificateError as Cert;
        let host = authority_of(url);
        let name = match url.host() {
            Some(url::Host::Ipv6(address)) => address.to_string(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let port = url.port_or_known_default().unwrap_or(443);
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
                    extra_cas: extra_cas.to_vec(),
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

/// `host[:port]` of a URL as messages name it: the port only when the URL gives one.
pub fn authority_of(url: &Url) -> String {
    let host = match url.host() {
        Some(url::Host::Ipv6(address)) => format!("[{address}]"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    }
}

/// `host[:port]` of an absolute URL; empty when it is not one.
pub fn authority(url: &str) -> String {
    Url::parse(url)
        .map(|u| authority_of(&u))
        .unwrap_or_default()
}

/// The URL without its query and fragment (what messages show of a token realm).
fn without_query(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// An absolute URL for a `Location` header, resolved as a browser resolves a link against the
/// request's URL (RFC 3986 §5): `/path`, `path`, `//host/path` and absolute URLs.
pub fn resolve_location(request_url: &str, location: &str) -> Result<String, String> {
    let base = Url::parse(request_url).map_err(|e| format!("`{request_url}`: {e}"))?;
    base.join(location)
        .map(String::from)
        .map_err(|e| format!("the Location `{location}` is not a URL: {e}"))
}

fn agent(tls: TlsConfig) -> Agent {
    Agent::config_builder()
        // 4xx answers are what the login flow reads, not errors.
        .http_status_as_error(false)
        .user_agent(concat!("customimage/", env!("CARGO_PKG_VERSION")))
        .tls_config(tls)
        .build()
        .into()
}

/// Whether the server's certificate chain ends at an authority the agent does not trust.
fn unknown_issuer(error: &ureq::Error) -> bool {
    matches!(
        find_rustls_error(error),
        Some(rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer
        ))
    )
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
        assert_eq!(authority("https://[::1]:5000/v2/"), "[::1]:5000");
        assert_eq!(authority("https://[::1]/v2/"), "[::1]");
        // A default port written out is still the default port.
        assert_eq!(authority("https://r.example:443/v2/"), "r.example");
        assert_eq!(authority("not a url"), "");
    }

    #[test]
    fn locations_resolve_against_the_request() {
        let request = "https://r.example:5000/v2/a/blobs/uploads/";
        let resolve = |location| resolve_location(request, location).unwrap();
        assert_eq!(
            resolve("/v2/a/blobs/uploads/u?_state=s"),
            "https://r.example:5000/v2/a/blobs/uploads/u?_state=s"
        );
        assert_eq!(resolve("http://other/v2/x"), "http://other/v2/x");
        // A network-path reference keeps the scheme and replaces the host (RFC 3986 §4.2).
        assert_eq!(resolve("//storage.example/x"), "https://storage.example/x");
        assert_eq!(
            resolve("u?_state=s"),
            "https://r.example:5000/v2/a/blobs/uploads/u?_state=s"
        );
        assert!(resolve_location(request, "http://[bad").is_err());
    }

    #[test]
    fn credentials_never_cross_plain_http_from_an_https_endpoint() {
        let session = Session::new(false, Duration::from_secs(5));
        // Refused before any connection: nothing listens on this port.
        let failure = session
            .send(
                Method::Get,
                "http://127.0.0.1:9/token?scope=x",
                &Auth::Bearer("t0ken-canary".into()),
                &[],
                "requesting a token",
            )
            .unwrap_err();
        assert_eq!(
            failure,
            Failure::PlainHttpCredentials {
                url: "http://127.0.0.1:9/token".into(),
                step: "requesting a token".into()
            }
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
