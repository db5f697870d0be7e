//! Registries as the Image Builder meets them: image references ([`ImageRef`], the distribution
//! reference grammar Docker uses), login endpoints ([`Endpoint`], `registryEndpoint`), the kind
//! of a registry ([`RegistryKind`]: Docker Hub, GCR, Artifact Registry, ECR, generic), ECR hosts
//! ([`EcrHost`]), Google service-account keys ([`ServiceAccountKey`]) and the effective push
//! target of a `customImage` block ([`PushTarget`]).
//!
//! Every host comparison goes through [`normalize_host`], so that `docker.io`,
//! `index.docker.io`, `registry-1.docker.io` and a reference without a host all mean Docker Hub,
//! everywhere (rules, `render`, `check`).
//!
//! Owns: parsing and classifying. Does not own: deciding what is wrong with a configuration
//! (see `rules`) or talking to a registry (see `check`).

mod ecr;
mod endpoint;
mod gcr;
mod reference;
mod target;

pub use ecr::{EcrHost, EcrHostError};
pub use endpoint::{Endpoint, EndpointError, Scheme};
pub use gcr::{KeyError, ServiceAccountKey, GCR_USERNAMES};
pub use reference::{ImageRef, ReferenceError, NAME_TOTAL_LENGTH_MAX};
pub use target::{PushMode, PushTarget};

/// Docker Hub's canonical host, as Docker and this tool name it.
pub const DOCKER_HUB: &str = "docker.io";

/// The other names Docker Hub answers to.
const DOCKER_HUB_ALIASES: &[&str] = &["index.docker.io", "registry-1.docker.io"];

/// A registry host (with its port, if any) in the form used for comparisons: lowercase, Docker
/// Hub's aliases mapped to `docker.io`. Ports are kept: `reg:443` and `reg` are different keys
/// in a `.dockerconfigjson`, so a push to one does not find the credentials of the other.
pub fn normalize_host(host: &str) -> String {
    let host = host.to_ascii_lowercase();
    if DOCKER_HUB_ALIASES.contains(&host.as_str()) {
        DOCKER_HUB.to_string()
    } else {
        host
    }
}

/// Whether two hosts are one for [`normalize_host`], without copying either.
pub fn same_host(a: &str, b: &str) -> bool {
    fn canonical(host: &str) -> &str {
        let alias = DOCKER_HUB_ALIASES
            .iter()
            .any(|a| host.eq_ignore_ascii_case(a));
        if alias {
            DOCKER_HUB
        } else {
            host
        }
    }
    canonical(a).eq_ignore_ascii_case(canonical(b))
}

/// `text` without `suffix`, when it ends with it (ignoring ASCII case).
pub(crate) fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let at = text.len().checked_sub(suffix.len())?;
    // An ASCII suffix matched byte for byte starts on a character boundary.
    (text.as_bytes()[at..].eq_ignore_ascii_case(suffix.as_bytes())).then(|| &text[..at])
}

/// The host without a `:port`, brackets of an IPv6 address kept.
pub fn host_without_port(host: &str) -> &str {
    match host.rfind(':') {
        Some(i)
            if !host[i..].contains(']') && host[i + 1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            &host[..i]
        }
        _ => host,
    }
}

/// What kind of registry a host is: decides which rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryKind {
    /// `docker.io` and its aliases.
    DockerHub,
    /// Google Container Registry: `gcr.io`, `*.gcr.io`.
    Gcr,
    /// Google Artifact Registry: `*-docker.pkg.dev`.
    ArtifactRegistry,
    /// Amazon ECR: anything that looks like `*.dkr.ecr.*.amazonaws.com` (also `.com.cn`),
    /// well-formed or not (see [`EcrHost::parse`] for the strict form).
    Ecr,
    /// Any other registry (Harbor, Quay, a registry in the cluster, …).
    Generic,
}

impl RegistryKind {
    /// The kind of the registry at `host` (with or without port, any case).
    /// (Matching ignores ASCII case, without a lower-cased copy of the host.)
    pub fn of(host: &str) -> RegistryKind {
        let name = host_without_port(host);
        if same_host(host, DOCKER_HUB) {
            RegistryKind::DockerHub
        } else if name.eq_ignore_ascii_case("gcr.io")
            || strip_suffix_ignore_case(name, ".gcr.io").is_some()
        {
            RegistryKind::Gcr
        } else if strip_suffix_ignore_case(name, "-docker.pkg.dev").is_some() {
            RegistryKind::ArtifactRegistry
        } else if ecr::looks_like_ecr(name) {
            RegistryKind::Ecr
        } else {
            RegistryKind::Generic
        }
    }

    /// GCR or Artifact Registry: the registries that take `_json_key` logins.
    pub fn is_google(self) -> bool {
        matches!(self, RegistryKind::Gcr | RegistryKind::ArtifactRegistry)
    }

    /// How the kind is called in messages.
    pub fn describe(self) -> &'static str {
        match self {
            RegistryKind::DockerHub => "Docker Hub",
            RegistryKind::Gcr => "Google Container Registry",
            RegistryKind::ArtifactRegistry => "Google Artifact Registry",
            RegistryKind::Ecr => "Amazon ECR",
            RegistryKind::Generic => "a generic registry",
        }
    }
}

/// The Google Cloud project a repository on GCR or Artifact Registry belongs to, as a key's
/// `project_id` spells it: `gcr.io/<project>/…`, `<region>-docker.pkg.dev/<project>/<repo>/…`;
/// a domain-scoped project (`example.com:proj`) is written `example.com/proj` in the path.
/// `None` for other registries or a path without a project.
pub fn google_project(reference: &ImageRef) -> Option<String> {
    if !RegistryKind::of(&reference.host()).is_google() {
        return None;
    }
    let mut components = reference.path.split('/');
    let first = components.next().filter(|c| !c.is_empty())?;
    if first.contains('.') {
        let second = components.next()?;
        return Some(format!("{first}:{second}"));
    }
    Some(first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_host_is_equality_of_normalized_hosts() {
        let hosts = [
            "docker.io",
            "Docker.IO",
            "index.docker.io",
            "REGISTRY-1.docker.io",
            "registry-1.docker.io:443",
            "gcr.io",
            "GCR.io",
            "gcr.io:443",
            "",
        ];
        for a in hosts {
            for b in hosts {
                let expected = normalize_host(a) == normalize_host(b);
                assert_eq!(same_host(a, b), expected, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn docker_hub_aliases_are_one_host() {
        for host in [
            "docker.io",
            "index.docker.io",
            "registry-1.docker.io",
            "Docker.IO",
        ] {
            assert_eq!(normalize_host(host), "docker.io");
            assert_eq!(RegistryKind::of(host), RegistryKind::DockerHub);
        }
        assert_eq!(normalize_host("quay.io"), "quay.io");
        assert_eq!(
            normalize_host("Reg.Example.com:5000"),
            "reg.example.com:5000"
        );
    }

    #[test]
    fn kinds_are_decided_by_host() {
        use RegistryKind::*;
        for (host, kind) in [
            ("gcr.io", Gcr),
            ("asia.gcr.io", Gcr),
            ("us.gcr.io:443", Gcr),
            ("us-central1-docker.pkg.dev", ArtifactRegistry),
            ("europe-docker.pkg.dev", ArtifactRegistry),
            ("123456789012.dkr.ecr.us-east-1.amazonaws.com", Ecr),
            ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", Ecr),
            ("8123456789012.dkr.ecr.us-east-1.amazonaws.com", Ecr),
            ("quay.io", Generic),
            ("localhost:5000", Generic),
            ("notgcr.io", Generic),
            ("docker.io.example.com", Generic),
            ("s3.amazonaws.com", Generic),
            // Case is ignored without lower-casing a copy.
            ("EU.GCR.IO", Gcr),
            ("Europe-Docker.PKG.dev", ArtifactRegistry),
            ("123456789012.DKR.Ecr.us-east-1.AmazonAWS.com", Ecr),
            ("x.ECR-fips.us-east-1.amazonaws.com.CN", Ecr),
            ("Registry-1.Docker.IO", DockerHub),
            ("é.gcr.io", Gcr),
            ("gcr.ioé", Generic),
            ("ecé.amazonaws.com", Generic),
        ] {
            assert_eq!(RegistryKind::of(host), kind, "{host}");
        }
        assert!(Gcr.is_google() && ArtifactRegistry.is_google() && !Ecr.is_google());
    }

    #[test]
    fn ports_are_split_off_hosts() {
        assert_eq!(host_without_port("reg:5000"), "reg");
        assert_eq!(host_without_port("reg"), "reg");
        assert_eq!(host_without_port("[::1]:5000"), "[::1]");
        assert_eq!(host_without_port("[::1]"), "[::1]");
    }

    #[test]
    fn google_projects_come_from_the_path() {
        let project = |s: &str| google_project(&ImageRef::parse(s).unwrap());
        assert_eq!(project("gcr.io/my-proj/app").as_deref(), Some("my-proj"));
        assert_eq!(project("eu.gcr.io/my-proj").as_deref(), Some("my-proj"));
        assert_eq!(
            project("us-docker.pkg.dev/my-proj/images/app").as_deref(),
            Some("my-proj")
        );
        assert_eq!(
            project("gcr.io/example.com/proj/app").as_deref(),
            Some("example.com:proj")
        );
        assert_eq!(project("docker.io/my-proj/app"), None);
    }
}
