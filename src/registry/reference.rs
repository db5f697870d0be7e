//! Image references in the distribution grammar Docker uses:
//!
//! ```text
//! reference  := name [ ":" tag ] [ "@" digest ]
//! name       := [domain "/"] path            (at most 255 characters)
//! domain     := host [":" port]              (host: DNS labels, or [IPv6])
//! path       := component ("/" component)*
//! component  := [a-z0-9]+ ((?:[._]|__|-+) [a-z0-9]+)*
//! tag        := [\w][\w.-]{0,127}
//! digest     := algorithm ":" hex{32,}
//! ```
//!
//! The first component is a domain when it contains `.` or `:` or is `localhost`; otherwise the
//! reference is on Docker Hub. (Newer Docker also takes a first component with uppercase letters
//! for a domain; we report it as an uppercase repository name, which is what such a value almost
//! always is.)

use std::sync::OnceLock;

use regex::Regex;

/// The longest name (domain and path, without tag or digest) Docker accepts.
pub const NAME_TOTAL_LENGTH_MAX: usize = 255;

/// A parsed image reference, as written (not normalised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// `gcr.io`, `localhost:5000`; `None` for Docker Hub short forms (`user/app`).
    pub domain: Option<String>,
    /// `my-proj/app`; empty only for a prefix that is a bare host (see [`ImageRef::parse_prefix`]).
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

/// Why a text is not an image reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("it is empty")]
    Empty,
    #[error("it starts with `{0}://`: a repository is written without a scheme")]
    HasScheme(String),
    #[error("it is {0} characters long; Docker allows at most {NAME_TOTAL_LENGTH_MAX}")]
    TooLong(usize),
    #[error("`{0}` is not a registry host[:port]")]
    InvalidDomain(String),
    #[error("it has an empty path component (`//`, or a leading or trailing `/`)")]
    EmptyComponent,
    #[error("`{0}` has uppercase letters; repository names are lowercase")]
    Uppercase(String),
    #[error("`{0}` is not a valid path component (lowercase letters and digits, separated by `.`, `_`, `__` or `-`)")]
    InvalidComponent(String),
    #[error("`{0}` is not a valid tag")]
    InvalidTag(String),
    #[error("`{0}` is not a valid digest")]
    InvalidDigest(String),
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern: {e}")))
}

fn component_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
}

fn domain_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$",
    )
}

fn tag_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, r"^[\w][\w.-]{0,127}$")
}

fn digest_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$",
    )
}

/// Whether `domain` is a valid `host[:port]`.
pub(crate) fn is_valid_domain(domain: &str) -> bool {
    domain_re().is_match(domain)
}

impl ImageRef {
    /// Parses a full reference (`gcr.io/proj/app:v1`, `user/app`, `localhost:5000/app@sha256:…`).
    pub fn parse(text: &str) -> Result<ImageRef, ReferenceError> {
        if text.is_empty() {
            return Err(ReferenceError::Empty);
        }
        if let Some((scheme, _)) = text.split_once("://") {
            return Err(ReferenceError::HasScheme(scheme.to_string()));
        }
        let (name_and_tag, digest) = match text.split_once('@') {
            Some((name, digest)) => (name, Some(digest)),
            None => (text, None),
        };
        let last_slash = name_and_tag.rfind('/');
        let (name, tag) = match name_and_tag.rfind(':') {
            Some(colon) if last_slash.is_none_or(|slash| colon > slash) => {
                (&name_and_tag[..colon], Some(&name_and_tag[colon + 1..]))
            }
            _ => (name_and_tag, None),
        };
        if name.len() > NAME_TOTAL_LENGTH_MAX {
            return Err(ReferenceError::TooLong(name.len()));
        }
        let (domain, path) = split_domain(name);
        if let Some(domain) = domain {
            if !is_valid_domain(domain) {
                return Err(ReferenceError::InvalidDomain(domain.to_string()));
            }
        }
        check_path(path)?;
        if let Some(tag) = tag.filter(|t| !tag_re().is_match(t)) {
            return Err(ReferenceError::InvalidTag(tag.to_string()));
        }
        if let Some(digest) = digest.filter(|d| !digest_re().is_match(d)) {
            return Err(ReferenceError::InvalidDigest(digest.to_string()));
        }
        Ok(ImageRef {
            domain: domain.map(str::to_string),
            path: path.to_string(),
            tag: tag.map(str::to_string),
            digest: digest.map(str::to_string),
        })
    }

    /// Parses a `pushRepoPrefix`: valid when `<prefix>/<image name>` is a repository. The
    /// result's path is the prefix's path, empty for a bare host (`localhost:5000`).
    pub fn parse_prefix(prefix: &str) -> Result<ImageRef, ReferenceError> {
        if prefix.is_empty() {
            return Err(ReferenceError::Empty);
        }
        // Sized once: a prefix of megabytes (every rule that reads one parses it) must not
        // be copied twice over while `format!` doubles its buffer.
        let mut name = String::with_capacity(prefix.len() + 2);
        name.push_str(prefix);
        name.push_str("/x");
        let mut reference = ImageRef::parse(&name)?;
        if reference.tag.is_some() || reference.digest.is_some() {
            // Unreachable for `…/x`, kept so a prefix can never carry one.
            return Err(ReferenceError::InvalidComponent(prefix.to_string()));
        }
        reference
            .path
            .truncate(reference.path.len().saturating_sub(2));
        Ok(reference)
    }

    /// The registry host, normalised (Docker Hub for a reference without a domain).
    pub fn host(&self) -> String {
        super::normalize_host(self.domain.as_deref().unwrap_or(super::DOCKER_HUB))
    }

    /// A repository has neither tag nor digest.
    pub fn is_repository(&self) -> bool {
        self.tag.is_none() && self.digest.is_none()
    }

    /// The path's components (none for a bare-host prefix).
    pub fn components(&self) -> Vec<&str> {
        if self.path.is_empty() {
            Vec::new()
        } else {
            self.path.split('/').collect()
        }
    }

    /// The reference without tag and digest, as written.
    pub fn name(&self) -> String {
        match &self.domain {
            Some(domain) if self.path.is_empty() => domain.clone(),
            Some(domain) => format!("{domain}/{}", self.path),
            None => self.path.clone(),
        }
    }
}

fn split_domain(name: &str) -> (Option<&str>, &str) {
    match name.split_once('/') {
        Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
            (Some(first), rest)
        }
        _ => (None, name),
    }
}

fn check_path(path: &str) -> Result<(), ReferenceError> {
    for component in path.split('/') {
        if component.is_empty() {
            return Err(ReferenceError::EmptyComponent);
        }
        if component_re().is_match(component) {
            continue;
        }
        if component_re().is_match(&component.to_ascii_lowercase()) {
            return Err(ReferenceError::Uppercase(component.to_string()));
        }
        return Err(ReferenceError::InvalidComponent(component.to_string()));
    }
    Ok(())
}
