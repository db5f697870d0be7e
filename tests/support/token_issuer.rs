//! A token service written for the tests (the Docker Registry token spec): `GET /token?service=
//! …&scope=repository:<name>:<actions>` with Basic credentials answers `{"token": <JWT>}`.
//! The JWT is ES256-signed by a key whose self-signed certificate is the registry's
//! `rootcertbundle` and travels in the header's `x5c`, which is how distribution 2.8 finds the
//! key (v3 would want a `kid`/JWKS instead). Like Docker Hub, the service grants the requested
//! actions the user is allowed and drops the rest: a read-only user gets a token that only
//! says `pull`, and the registry then refuses the push.
//!
//! Wrong credentials get a `401` whose body echoes the password it was given, as a careless
//! server might: the tool must not print it back.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;

use super::tls::SelfSigned;

pub const SERVICE: &str = "customimage-test-registry";
pub const ISSUER: &str = "customimage-test-issuer";

/// A user the service knows, and the actions it may be granted on any repository.
#[derive(Clone)]
pub struct IssuerUser {
    pub name: String,
    pub password: String,
    pub actions: Vec<String>,
}

impl IssuerUser {
    pub fn new(name: &str, password: &str, actions: &[&str]) -> IssuerUser {
        IssuerUser {
            name: name.into(),
            password: password.into(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
        }
    }
}

pub struct TokenIssuer {
    pub port: u16,
    /// The signing certificate: the registry's `rootcertbundle`.
    pub signing: SelfSigned,
    /// Every `scope` requested, in order.
    pub scopes: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl TokenIssuer {
    pub fn start(users: Vec<IssuerUser>) -> TokenIssuer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let signing = SelfSigned::new(&["customimage-test-issuer"]);
        let key = jsonwebtoken::EncodingKey::from_ec_pem(signing.key_pem.as_bytes())
            .expect("signing key");
        let x5c = base64::engine::general_purpose::STANDARD.encode(&signing.cert_der);
        let scopes = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let service = Service {
            users,
            key,
            x5c,
            scopes: scopes.clone(),
            serial: AtomicU64::new(0),
        };
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    service.handle(stream);
                }
            }
        });
        TokenIssuer {
            port,
            signing,
            scopes,
            stop,
            thread: Some(thread),
        }
    }

    /// The realm for the registry's config.
    pub fn realm(&self) -> String {
        format!("http://127.0.0.1:{}/token", self.port)
    }

    pub fn scopes(&self) -> Vec<String> {
        self.scopes.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Drop for TokenIssuer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Service {
    users: Vec<IssuerUser>,
    key: jsonwebtoken::EncodingKey,
    x5c: String,
    scopes: Arc<Mutex<Vec<String>>>,
    serial: AtomicU64,
}

#[derive(serde::Serialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: String,
    exp: u64,
    nbf: u64,
    iat: u64,
    jti: String,
    access: Vec<Access>,
}

#[derive(serde::Serialize)]
struct Access {
    #[serde(rename = "type")]
    kind: String,
    name: String,
    actions: Vec<String>,
}

impl Service {
    fn handle(&self, stream: TcpStream) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let mut reader = BufReader::new(&stream);
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() {
            return;
        }
        let mut authorization = None;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) if line.trim().is_empty() => break,
                Ok(_) => {
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("authorization") {
                            authorization = Some(value.trim().to_string());
                        }
                    }
                }
            }
        }
        let target = request_line.split_whitespace().nth(1).unwrap_or("");
        let (status, body) = self.answer(target, authorization.as_deref());
        let mut stream = stream;
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.flush();
    }

    fn answer(&self, target: &str, authorization: Option<&str>) -> (&'static str, String) {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if path != "/token" {
            return ("404 Not Found", r#"{"details":"not found"}"#.into());
        }
        let params: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (percent_decode(k), percent_decode(v)))
            .collect();
        let scopes: Vec<String> = params
            .iter()
            .filter(|(k, _)| k == "scope")
            .map(|(_, v)| v.clone())
            .collect();
        if let Ok(mut seen) = self.scopes.lock() {
            seen.extend(scopes.iter().cloned());
        }
        let service = params
            .iter()
            .find(|(k, _)| k == "service")
            .map(|(_, v)| v.as_str());
        if service != Some(SERVICE) {
            return ("400 Bad Request", r#"{"details":"unknown service"}"#.into());
        }
        let Some((name, password)) = authorization.and_then(basic_credentials) else {
            return (
                "401 Unauthorized",
                r#"{"details":"credentials required"}"#.into(),
            );
        };
        let Some(user) = self
            .users
            .iter()
            .find(|u| u.name == name && u.password == password)
        else {
            // Deliberately careless: the password given is echoed back.
            let body = serde_json::json!({
                "details": format!("incorrect username or password: user {name} with password {password}")
            });
            return ("401 Unauthorized", body.to_string());
        };
        let access = scopes
            .iter()
            .filter_map(|scope| {
                let mut parts = scope.splitn(3, ':');
                let (kind, repo, actions) = (parts.next()?, parts.next()?, parts.next()?);
                let granted: Vec<String> = actions
                    .split(',')
                    .filter(|a| user.actions.iter().any(|allowed| allowed == a))
                    .map(str::to_string)
                    .collect();
                Some(Access {
                    kind: kind.into(),
                    name: repo.into(),
                    actions: granted,
                })
            })
            .collect();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let claims = Claims {
            iss: ISSUER.into(),
            sub: user.name.clone(),
            aud: SERVICE.into(),
            exp: now + 300,
            nbf: now - 10,
            iat: now,
            jti: format!("token-{}", self.serial.fetch_add(1, Ordering::SeqCst)),
            access,
        };
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
        header.typ = Some("JWT".into());
        header.x5c = Some(vec![self.x5c.clone()]);
        match jsonwebtoken::encode(&header, &claims, &self.key) {
            Ok(token) => (
                "200 OK",
                serde_json::json!({"token": token, "access_token": token, "expires_in": 300})
                    .to_string(),
            ),
            Err(e) => (
                "500 Internal Server Error",
                format!(r#"{{"details":"{e}"}}"#),
            ),
        }
    }
}

fn basic_credentials(header: &str) -> Option<(String, String)> {
    let encoded = header.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (name, password) = text.split_once(':')?;
    Some((name.to_string(), password.to_string()))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
                continue;
            }
            (b'+', _) => out.push(b' '),
            (byte, _) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
