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

/// A certificate authority made by the test, as an organisation's own PKI would be: registries
/// get certificates it issues, and nothing trusts it unless told to.
pub struct TestCa {
    pub cert_pem: String,
    issuer: rcgen::Issuer<'static, rcgen::KeyPair>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let key = rcgen::KeyPair::generate().expect("generate a CA key");
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "customimage test CA");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
            rcgen::KeyUsagePurpose::DigitalSignature,
        ];
        let cert = params.self_signed(&key).expect("self-sign the CA");
        TestCa {
            cert_pem: cert.pem(),
            issuer: rcgen::Issuer::new(params, key),
        }
    }

    /// A server certificate for `names`, issued by this CA (its chain: leaf, then the CA).
    pub fn issue(&self, names: &[&str]) -> SelfSigned {
        let key = rcgen::KeyPair::generate().expect("generate a key");
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut params = rcgen::CertificateParams::new(names).expect("certificate names");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "customimage test registry");
        params.is_ca = rcgen::IsCa::ExplicitNoCa;
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        let cert = params
            .signed_by(&key, &self.issuer)
            .expect("issue a certificate");
        SelfSigned {
            cert_pem: cert.pem(),
            cert_der: cert.der().to_vec(),
            key_pem: key.serialize_pem(),
        }
    }
}
