//! `registryEndpoint`: `[http[s]://]host[:port]` with an optional trailing `/`, `/v1/` or `/v2/`
//! (with or without the last slash), the forms Docker's config files and the PrimeHub docs use:
//! `docker.io`, `https://gcr.io`, `https://index.docker.io/v1/`, `http://10.0.0.5:5000`.

use super::reference::is_valid_domain;

/// The scheme written in front of the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

/// A parsed `registryEndpoint`, borrowed from the text (a rule parses it again rather than
/// hold a copy of a value of megabytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint<'a> {
    /// `None` when written without a scheme (`docker.io`).
    pub scheme: Option<Scheme>,
    /// `host[:port]` as written.
    pub host: &'a str,
    /// The trailing path as written: `""`, `/`, `/v1/`, `/v2`, …
    pub path: &'a str,
}

/// Why a text is not a registry endpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("it is empty")]
    Empty,
    #[error("it contains whitespace")]
    Whitespace,
    #[error("the scheme `{0}://` is not `http://` or `https://`")]
    Scheme(String),
    #[error("it has no host")]
    NoHost,
    #[error("`{0}` is not a host[:port]")]
    Host(String),
    #[error("the port in `{0}` is not a number from 1 to 65535")]
    Port(String),
    #[error("it has the path `{0}`; a registry endpoint ends at the host (or `/v1/`, `/v2/`)")]
    Path(String),
}

impl<'a> Endpoint<'a> {
    pub fn parse(text: &'a str) -> Result<Endpoint<'a>, EndpointError> {
        if text.is_empty() {
            return Err(EndpointError::Empty);
        }
        if text.contains(char::is_whitespace) {
            return Err(EndpointError::Whitespace);
        }
        let (scheme, rest) = match text.split_once("://") {
            Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
                "http" => (Some(Scheme::Http), rest),
                "https" => (Some(Scheme::Https), rest),
                _ => return Err(EndpointError::Scheme(scheme.to_string())),
            },
            None => (None, text),
        };
        let (host, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if host.is_empty() {
            return Err(EndpointError::NoHost);
        }
        if !matches!(path, "" | "/" | "/v1" | "/v1/" | "/v2" | "/v2/") {
            return Err(EndpointError::Path(path.to_string()));
        }
        if let Some(port) = port_of(host) {
            if !port.parse::<u16>().is_ok_and(|p| p > 0) {
                return Err(EndpointError::Port(host.to_string()));
            }
        }
        if !is_valid_domain(host) {
            return Err(EndpointError::Host(host.to_string()));
        }
        Ok(Endpoint { scheme, host, path })
    }

    /// The host for comparisons: lowercase, Docker Hub aliases as `docker.io`.
    pub fn registry_host(&self) -> String {
        super::normalize_host(self.host)
    }

    pub fn kind(&self) -> super::RegistryKind {
        super::RegistryKind::of(self.host)
    }
}

/// The text after the last `:` of `host`, when it is a port (not inside `[IPv6]`).
fn port_of(host: &str) -> Option<&str> {
    let i = host.rfind(':')?;
    (!host[i..].contains(']')).then(|| &host[i + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_primehub_operators_write() {
        for (text, scheme, host) in [
            ("docker.io", None, "docker.io"),
            ("https://gcr.io", Some(Scheme::Https), "gcr.io"),
            ("https://gcr.io/", Some(Scheme::Https), "gcr.io"),
            (
                "https://index.docker.io/v1/",
                Some(Scheme::Https),
                "index.docker.io",
            ),
            (
                "https://registry-1.docker.io/v2",
                Some(Scheme::Https),
                "registry-1.docker.io",
            ),
            ("http://10.0.0.5:5000", Some(Scheme::Http), "10.0.0.5:5000"),
            (
                "HTTPS://Reg.Example.com:443/v2/",
                Some(Scheme::Https),
                "Reg.Example.com:443",
            ),
            ("localhost:5000", None, "localhost:5000"),
            ("http://[::1]:5000", Some(Scheme::Http), "[::1]:5000"),
            (
                "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
                Some(Scheme::Https),
                "123456789012.dkr.ecr.us-east-1.amazonaws.com",
            ),
        ] {
            let endpoint = Endpoint::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!((endpoint.scheme, endpoint.host), (scheme, host));
        }
    }

    #[test]
    fn normalises_docker_hub() {
        for text in [
            "docker.io",
            "https://index.docker.io/v1/",
            "registry-1.docker.io",
        ] {
            assert_eq!(Endpoint::parse(text).unwrap().registry_host(), "docker.io");
        }
    }

    #[test]
    fn refuses_what_is_not_an_endpoint() {
        use EndpointError::*;
        for (text, error) in [
            ("", Empty),
            ("https://", NoHost),
            ("ftp://reg.example.com", Scheme("ftp".into())),
            ("docker.io/myuser", Path("/myuser".into())),
            ("https://gcr.io/my-project", Path("/my-project".into())),
            ("https://gcr.io/v3/", Path("/v3/".into())),
            ("reg.example.com:http", Port("reg.example.com:http".into())),
            (
                "reg.example.com:70000",
                Port("reg.example.com:70000".into()),
            ),
            ("reg_example.com", Host("reg_example.com".into())),
            ("https://-bad.com", Host("-bad.com".into())),
            ("https://gcr.io ", Whitespace),
            ("<registry>", Host("<registry>".into())),
        ] {
            assert_eq!(Endpoint::parse(text), Err(error), "{text}");
        }
    }
}
