//! A second look at a certificate that failed verification. Certificate checks stop at the
//! first problem, and a self-signed certificate fails on its issuer before its name is looked
//! at; but "self-signed" and "for another host" need different advice (`insecureSkipVerify`
//! fixes the first and would only hide the second). So after a failure, `check` opens one more
//! TLS handshake that records the certificate the server presents, and looks at its names.

use std::io::ErrorKind;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// What the server's certificate says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertFacts {
    /// Whether the certificate's names cover the host `check` connected to.
    pub valid_for_host: bool,
    /// Its DNS names (subject alternative names).
    pub dns_names: Vec<String>,
    /// Issuer and subject are the same: nobody but the server vouches for it.
    pub self_signed: bool,
}

/// Reads the facts from a DER certificate presented for `host`.
pub fn facts(cert: &CertificateDer<'_>, host: &ServerName<'_>) -> Option<CertFacts> {
    let parsed = webpki::EndEntityCert::try_from(cert).ok()?;
    Some(CertFacts {
        valid_for_host: parsed.verify_is_valid_for_subject_name(host).is_ok(),
        dns_names: parsed.valid_dns_names().map(str::to_string).collect(),
        self_signed: parsed.issuer() == parsed.subject(),
    })
}

/// Connects to `host:port` and returns the facts of the certificate it presents; `None` when
/// that does not work out before `deadline` (the original error is reported then).
pub fn inspect(host: &str, port: u16, deadline: Instant) -> Option<CertFacts> {
    let server_name = ServerName::try_from(host.to_string()).ok()?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let recorder = Arc::new(Recorder {
        provider: provider.clone(),
        seen: Mutex::new(None),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .ok()?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let mut connection =
        rustls::ClientConnection::new(Arc::new(config), server_name.clone()).ok()?;

    let remaining = deadline.checked_duration_since(Instant::now())?;
    let address = (host, port).to_socket_addrs().ok()?.next()?;
    let mut stream = TcpStream::connect_timeout(&address, remaining).ok()?;
    let remaining = deadline.checked_duration_since(Instant::now())?;
    stream.set_read_timeout(Some(remaining)).ok()?;
    stream.set_write_timeout(Some(remaining)).ok()?;
    // The recorder ends the handshake as soon as it has seen the certificate.
    while connection.is_handshaking() {
        match connection.complete_io(&mut stream) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    let seen = recorder.seen.lock().ok()?.take()?;
    facts(&CertificateDer::from(seen), &server_name)
}

/// A verifier that keeps the end-entity certificate and refuses it: nothing is ever sent over
/// this connection.
#[derive(Debug)]
struct Recorder {
    provider: Arc<CryptoProvider>,
    seen: Mutex<Option<Vec<u8>>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(end_entity.as_ref().to_vec());
        }
        Err(rustls::Error::General("certificate recorded".into()))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn self_signed(names: &[&str]) -> CertificateDer<'static> {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let certified = rcgen::generate_simple_self_signed(names).unwrap();
        certified.cert.der().clone()
    }

    #[test]
    fn a_self_signed_certificate_for_the_host() {
        let cert = self_signed(&["127.0.0.1", "localhost"]);
        let host = ServerName::try_from("127.0.0.1").unwrap();
        let facts = facts(&cert, &host).unwrap();
        assert!(facts.valid_for_host);
        assert!(facts.self_signed);
        assert_eq!(facts.dns_names, vec!["localhost".to_string()]);
    }

    #[test]
    fn a_certificate_for_another_host() {
        let cert = self_signed(&["registry.example.com"]);
        for host in ["127.0.0.1", "localhost", "example.com"] {
            let host = ServerName::try_from(host).unwrap();
            let facts = facts(&cert, &host).unwrap();
            assert!(!facts.valid_for_host);
            assert_eq!(facts.dns_names, vec!["registry.example.com".to_string()]);
        }
    }
}
