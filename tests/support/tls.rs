//! Self-signed certificates made by the test: one for `127.0.0.1`/`localhost` (what a test
//! registry is reached by), one for another name (a wrong-host certificate), and the token
//! issuer's signing certificate.

use std::path::{Path, PathBuf};

/// A self-signed certificate and its private key (ECDSA P-256), as PEM and DER.
pub struct SelfSigned {
    pub cert_pem: String,
    pub cert_der: Vec<u8>,
    /// PKCS#8 PEM.
    pub key_pem: String,
}

impl SelfSigned {
    /// A certificate whose subject alternative names are `names` (IP addresses become IP
    /// entries, the rest DNS names).
    pub fn new(names: &[&str]) -> SelfSigned {
        let key = rcgen::KeyPair::generate().expect("generate a key");
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut params = rcgen::CertificateParams::new(names).expect("certificate names");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "customimage test");
        let cert = params.self_signed(&key).expect("self-sign");
        SelfSigned {
            cert_pem: cert.pem(),
            cert_der: cert.der().to_vec(),
            key_pem: key.serialize_pem(),
        }
    }

    /// For a registry reached as `127.0.0.1` or `localhost`.
    pub fn for_loopback() -> SelfSigned {
        SelfSigned::new(&["127.0.0.1", "localhost"])
    }

    /// Writes `cert.pem` and `key.pem` with `prefix` into `dir`.
    pub fn write(&self, dir: &Path, prefix: &str) -> (PathBuf, PathBuf) {
        let cert = super::write_file(dir, &format!("{prefix}-cert.pem"), &self.cert_pem);
        let key = super::write_file(dir, &format!("{prefix}-key.pem"), &self.key_pem);
        (cert, key)
    }
}
