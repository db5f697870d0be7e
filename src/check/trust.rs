//! Which certificate authorities `check` trusts beyond the public roots it ships (Mozilla's, as
//! ureq bundles them): `--ca-file FILE` (repeatable), `SSL_CERT_FILE`, `SSL_CERT_DIR`, and the
//! per-registry `certs.d/<host[:port]>/*.crt` directories Docker and the containers tools read
//! (`/etc/docker/certs.d`, `/etc/containers/certs.d`).
//!
//! These CAs are tried only when the public roots do not verify a server, so that `check` can
//! say when a login worked *only* thanks to one: the build pod (`infuseai/buildah`) trusts the
//! system roots of its image and none of these, so its push would fail where `check` passed.

use std::path::{Path, PathBuf};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

/// Read only in tests: the `certs.d` roots to look in instead of the system's, separated by
/// `:` (so that a test can point them at a temporary directory).
pub const CERTS_D_ENV: &str = "CUSTOMIMAGE_TEST_CERTS_D";

/// The system-wide `certs.d` roots, as Docker and the containers tools (buildah, podman,
/// skopeo) read them.
pub const SYSTEM_CERTS_D: [&str; 2] = ["/etc/docker/certs.d", "/etc/containers/certs.d"];

/// Where to look for extra certificate authorities.
#[derive(Debug, Clone, Default)]
pub struct TrustSettings {
    /// `--ca-file`, in order.
    pub ca_files: Vec<PathBuf>,
    /// `SSL_CERT_FILE`.
    pub ssl_cert_file: Option<PathBuf>,
    /// `SSL_CERT_DIR` (directories separated by `:`).
    pub ssl_cert_dir: Option<String>,
    /// The `certs.d` roots: [`SYSTEM_CERTS_D`] unless a test says otherwise.
    pub certs_d_roots: Vec<PathBuf>,
}

impl TrustSettings {
    /// The settings of this process's environment, with `ca_files` from the command line.
    pub fn from_env(ca_files: Vec<PathBuf>) -> TrustSettings {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let certs_d_roots = match var(CERTS_D_ENV) {
            Some(roots) => std::env::split_paths(&roots).collect(),
            None => SYSTEM_CERTS_D.iter().map(PathBuf::from).collect(),
        };
        TrustSettings {
            ca_files,
            ssl_cert_file: var("SSL_CERT_FILE").map(PathBuf::from),
            ssl_cert_dir: var("SSL_CERT_DIR").map(|v| v.to_string_lossy().into_owned()),
            certs_d_roots,
        }
    }
}

/// Certificate authorities and where each came from (`--ca-file ca.pem`, `SSL_CERT_FILE`, …).
#[derive(Debug, Clone, Default)]
pub struct ExtraCas {
    pub certificates: Vec<CertificateDer<'static>>,
    /// Where they came from, each once, in order.
    pub sources: Vec<String>,
}

impl ExtraCas {
    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }

    fn add(&mut self, source: String, certificates: Vec<CertificateDer<'static>>) {
        if certificates.is_empty() {
            return;
        }
        self.certificates.extend(certificates);
        if !self.sources.contains(&source) {
            self.sources.push(source);
        }
    }
}

/// The extra CAs of one check: those for every host, and the `certs.d` roots to look up per host.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    global: ExtraCas,
    certs_d_roots: Vec<PathBuf>,
    /// Files that could not be used (unreadable, no certificate): said in a note.
    pub skipped: Vec<String>,
}

impl Trust {
    /// Reads `--ca-file`s (an unreadable one, or one without a certificate, is an error: the
    /// user asked for it), `SSL_CERT_FILE` and `SSL_CERT_DIR` (what cannot be used is noted).
    pub fn load(settings: &TrustSettings) -> Result<Trust, String> {
        let mut trust = Trust {
            certs_d_roots: settings.certs_d_roots.clone(),
            ..Trust::default()
        };
        for file in &settings.ca_files {
            let certificates = read_pem_certificates(file)
                .map_err(|e| format!("--ca-file {}: {e}", file.display()))?;
            trust
                .global
                .add(format!("--ca-file {}", file.display()), certificates);
        }
        if let Some(file) = &settings.ssl_cert_file {
            match read_pem_certificates(file) {
                Ok(certificates) => trust
                    .global
                    .add(format!("SSL_CERT_FILE ({})", file.display()), certificates),
                Err(e) => trust
                    .skipped
                    .push(format!("SSL_CERT_FILE {}: {e}", file.display())),
            }
        }
        if let Some(dirs) = &settings.ssl_cert_dir {
            for dir in std::env::split_paths(dirs) {
                let certificates = read_dir_certificates(&dir, |_| true);
                trust
                    .global
                    .add(format!("SSL_CERT_DIR ({})", dir.display()), certificates);
            }
        }
        Ok(trust)
    }

    /// The extra CAs for `authority` (`host[:port]`): the global ones, then those in
    /// `<root>/<authority>/*.crt` for every `certs.d` root.
    pub fn for_host(&self, authority: &str) -> ExtraCas {
        let mut cas = self.global.clone();
        // A directory name never holds `/`; an authority that did would escape the root.
        if authority.is_empty() || authority.contains(['/', '\\']) || authority.starts_with('.') {
            return cas;
        }
        for root in &self.certs_d_roots {
            let dir = root.join(authority);
            let certificates = read_dir_certificates(&dir, |name| name.ends_with(".crt"));
            cas.add(format!("{}", dir.display()), certificates);
        }
        cas
    }
}

/// Every certificate in a PEM file.
fn read_pem_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&bytes)
        .filter_map(Result::ok)
        .collect();
    if certificates.is_empty() {
        return Err("no PEM certificate (`-----BEGIN CERTIFICATE-----`) in it".into());
    }
    Ok(certificates)
}

/// The certificates of the regular files in `dir` whose names pass `wanted`, in name order;
/// files that hold none are passed over, as OpenSSL and Go pass them over.
fn read_dir_certificates(
    dir: &Path,
    wanted: impl Fn(&str) -> bool,
) -> Vec<CertificateDer<'static>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&wanted))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| read_pem_certificates(p).ok())
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ca_pem() -> String {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.self_signed(&key).unwrap().pem()
    }

    #[test]
    fn ca_files_env_and_certs_d_are_gathered_with_their_sources() {
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, ca_pem() + &ca_pem()).unwrap();
        let host_dir = dir.path().join("certs.d/registry.local:5000");
        std::fs::create_dir_all(&host_dir).unwrap();
        std::fs::write(host_dir.join("ca.crt"), ca_pem()).unwrap();
        // Client certificates and keys live beside the CAs and are not CAs.
        std::fs::write(host_dir.join("client.cert"), ca_pem()).unwrap();
        let settings = TrustSettings {
            ca_files: vec![ca.clone()],
            ssl_cert_file: Some(dir.path().join("missing.pem")),
            ssl_cert_dir: None,
            certs_d_roots: vec![dir.path().join("certs.d")],
        };
        let trust = Trust::load(&settings).unwrap();
        assert_eq!(trust.skipped.len(), 1);
        let cas = trust.for_host("registry.local:5000");
        assert_eq!(cas.certificates.len(), 3);
        assert_eq!(cas.sources.len(), 2);
        assert!(cas.sources[1].ends_with("certs.d/registry.local:5000"));
        assert_eq!(trust.for_host("other:5000").certificates.len(), 2);
        assert_eq!(trust.for_host("../x").certificates.len(), 2);
    }

    #[test]
    fn a_ca_file_without_a_certificate_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.pem");
        std::fs::write(&bad, "not a certificate").unwrap();
        let settings = TrustSettings {
            ca_files: vec![bad],
            ..TrustSettings::default()
        };
        assert!(Trust::load(&settings)
            .unwrap_err()
            .contains("no PEM certificate"));
    }
}
