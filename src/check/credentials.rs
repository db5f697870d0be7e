//! The credentials the build pod really pushes with: the `.dockerconfigjson` of a Kubernetes
//! Secret (`--push-secret FILE`, as `kubectl get secret NAME -o yaml` or `-o json` prints it,
//! `-` for standard input), or a docker config file (`--authfile FILE`, else the file named by
//! `REGISTRY_AUTH_FILE` or `DOCKER_CONFIG` when the config itself holds no credentials).
//!
//! The entry for the registry is found as Docker finds it: the scheme and any `/v1/` or `/v2/`
//! are dropped from each key, Docker Hub's names (`docker.io`, `index.docker.io`,
//! `registry-1.docker.io`, `https://index.docker.io/v1/`) are one registry, and a key with a
//! repository path (`host/team`, as containers' `auth.json` allows) wins for repositories
//! below it. Credential helpers (`credHelpers`, `credsStore`) execute programs, so they run
//! only when the user allows it.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::Value;

use super::outcome::Failure;
use super::plan::Credentials;
use crate::values::Secret;

/// Docker Hub's registry, whatever name a key or an endpoint gives it.
const DOCKER_HUB: &str = "docker.io";
const DOCKER_HUB_ALIASES: [&str; 5] = [
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "registry.hub.docker.com",
    "hub.docker.com",
];
/// The key `docker login` writes for Docker Hub, and what its helpers are asked for.
const DOCKER_HUB_KEY: &str = "https://index.docker.io/v1/";

/// Where the credentials come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// A Kubernetes Secret of type `kubernetes.io/dockerconfigjson` (or `dockercfg`); `-` is
    /// standard input.
    PushSecret(String),
    /// A docker config or containers `auth.json`; a directory means its `config.json`.
    AuthFile(PathBuf),
}

impl CredentialSource {
    /// The docker config the environment names (`REGISTRY_AUTH_FILE`, else
    /// `DOCKER_CONFIG/config.json`), if any.
    pub fn from_env() -> Option<CredentialSource> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if let Some(file) = var("REGISTRY_AUTH_FILE") {
            return Some(CredentialSource::AuthFile(PathBuf::from(file)));
        }
        var("DOCKER_CONFIG").map(|dir| CredentialSource::AuthFile(PathBuf::from(dir)))
    }
}

/// The entry that matched, and what it holds.
#[derive(Debug, Clone)]
pub struct Found {
    pub credentials: Credentials,
    /// The key of the entry (`https://index.docker.io/v1/`, `registry.local:5000`).
    pub entry: String,
    /// Where it was found, as messages say it ("the push secret `x` (secret.yaml)").
    pub source: String,
    /// The Secret's `metadata.name`, for a push secret.
    pub secret_name: Option<String>,
    /// The credential helper that supplied it, if one did.
    pub helper: Option<String>,
    /// For an ECR authorization token: when it expires (Unix seconds).
    pub ecr_expiry: Option<i64>,
}

/// Finds the credentials for the registry `host` (`host[:port]` as the endpoint names it) and
/// `repository` in `source`. Helpers run only with `allow_helpers`, within `deadline`.
pub fn find(
    source: &CredentialSource,
    host: &str,
    repository: &str,
    allow_helpers: bool,
    deadline: Instant,
) -> Result<Found, Failure> {
    let (config, description, secret_name) = match source {
        CredentialSource::PushSecret(path) => {
            let (config, name) = read_push_secret(path)?;
            let description = match &name {
                Some(name) => format!("the push secret `{name}` ({})", display(path)),
                None => format!("the push secret {}", display(path)),
            };
            (config, description, name)
        }
        CredentialSource::AuthFile(path) => {
            let path = if path.is_dir() {
                path.join("config.json")
            } else {
                path.clone()
            };
            let shown = display(&path.to_string_lossy());
            let text = read_text(&path.to_string_lossy())?;
            let config: Value = serde_json::from_str(&text)
                .map_err(|e| Failure::Input(format!("{shown}: not a docker config (JSON): {e}")))?;
            register_config_secrets(&config);
            (config, format!("the docker config {shown}"), None)
        }
    };
    let wanted = normalize_host(host);
    let helper = helper_for(&config, &wanted);
    let auths = config.get("auths").and_then(Value::as_object);
    let entries: Vec<&String> = auths.map(|a| a.keys().collect()).unwrap_or_default();
    let matched = auths.and_then(|auths| best_entry(auths, &wanted, repository));
    let found = |credentials, entry: String, helper, ecr_expiry| Found {
        credentials,
        entry,
        source: description.clone(),
        secret_name: secret_name.clone(),
        helper,
        ecr_expiry,
    };
    // An explicit `credHelpers` entry wins; a `credsStore` serves hosts whose entry is empty.
    let inline = matched.and_then(|(key, entry)| Some((key, inline_credentials(entry)?)));
    match (helper, inline) {
        (Some(Helper { name, explicit: true }), _) | (Some(Helper { name, .. }), None) => {
            let server = if wanted.0 == DOCKER_HUB {
                DOCKER_HUB_KEY.to_string()
            } else {
                host.to_string()
            };
            if !allow_helpers {
                return Err(Failure::CredentialHelper {
                    source: description,
                    host: host.to_string(),
                    helper: name,
                    detail: "not run: helpers execute programs".into(),
                });
            }
            let credentials = run_helper(&name, &server, deadline).map_err(|detail| {
                Failure::CredentialHelper {
                    source: description.clone(),
                    host: host.to_string(),
                    helper: name.clone(),
                    detail,
                }
            })?;
            let expiry = ecr_expiry(&credentials);
            Ok(found(credentials, server, Some(name), expiry))
        }
        (_, Some((key, result))) => {
            let (username, password) = result.map_err(|why| {
                Failure::Config(format!("the entry `{key}` of {description} {why}"))
            })?;
            let credentials = Credentials { username, password };
            let expiry = ecr_expiry(&credentials);
            Ok(found(credentials, key.clone(), None, expiry))
        }
        (None, None) => Err(match matched {
            Some((key, _)) => Failure::Config(format!(
                "the entry `{key}` of {description} holds no credentials (no `auth`, `username` and `password`)"
            )),
            None => Failure::NoCredentialsEntry {
                source: description,
                host: host.to_string(),
                entries: entries.into_iter().cloned().collect(),
            },
        }),
    }
}

/// `-` as people read it.
fn display(path: &str) -> String {
    if path == "-" {
        "<stdin>".into()
    } else {
        path.to_string()
    }
}

fn read_text(path: &str) -> Result<String, Failure> {
    let bytes = crate::source::read_bytes(path).map_err(|e| Failure::Input(e.to_string()))?;
    String::from_utf8(bytes)
        .map_err(|_| Failure::Input(format!("{}: not UTF-8 text", display(path))))
}

/// Reads a Kubernetes Secret (YAML or JSON) and returns its docker config and its name.
fn read_push_secret(path: &str) -> Result<(Value, Option<String>), Failure> {
    let shown = display(path);
    let text = read_text(path)?;
    let source = crate::source::SourceFile::new(shown.clone(), text);
    let doc = crate::values::yaml::to_json(&source).map_err(|finding| {
        use crate::values::yaml::Finding;
        let why = match finding {
            Finding::Syntax { message, .. } => message,
            Finding::NotOneDocument { .. } | Finding::SecondDocument { .. } => {
                "more than one document".into()
            }
            _ => "unreadable".into(),
        };
        Failure::Input(format!("{shown}: not YAML or JSON: {why}"))
    })?;
    let not_a_secret = |why: &str| {
        Failure::Input(format!(
            "{shown} is not a push secret: {why} (expected a Secret of type kubernetes.io/dockerconfigjson, as `kubectl get secret NAME -o yaml` prints it)"
        ))
    };
    if !doc.is_object() {
        return Err(not_a_secret("it is not a mapping"));
    }
    // A docker config given where a Secret was expected: read it as such.
    if doc.get("auths").is_some() && doc.get("kind").is_none() {
        register_config_secrets(&doc);
        return Ok((doc, None));
    }
    match doc.get("kind").and_then(Value::as_str) {
        Some("Secret") => {}
        Some(other) => return Err(not_a_secret(&format!("its kind is `{other}`"))),
        None => return Err(not_a_secret("it has no `kind: Secret`")),
    }
    let name = doc
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .map(str::to_string);
    let kind = doc
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("kubernetes.io/dockerconfigjson");
    let (key, legacy) = match kind {
        "kubernetes.io/dockerconfigjson" => (".dockerconfigjson", false),
        "kubernetes.io/dockercfg" => (".dockercfg", true),
        other => {
            return Err(not_a_secret(&format!(
            "its type is `{other}`; a build pod can only push with kubernetes.io/dockerconfigjson"
        )))
        }
    };
    let text = if let Some(encoded) = doc.pointer(&format!("/data/{key}")).and_then(Value::as_str) {
        crate::redact::register(encoded);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded.split_whitespace().collect::<String>())
            .map_err(|_| not_a_secret(&format!("`data.{key}` is not base64")))?;
        String::from_utf8(bytes).map_err(|_| not_a_secret(&format!("`data.{key}` is not text")))?
    } else if let Some(text) = doc
        .pointer(&format!("/stringData/{key}"))
        .and_then(Value::as_str)
    {
        text.to_string()
    } else {
        return Err(not_a_secret(&format!("it has no `data.{key}`")));
    };
    crate::redact::register(&text);
    let config: Value =
        serde_json::from_str(&text).map_err(|_| not_a_secret(&format!("`{key}` is not JSON")))?;
    // `.dockercfg` is the `auths` map itself.
    let config = if legacy {
        serde_json::json!({ "auths": config })
    } else {
        config
    };
    register_config_secrets(&config);
    Ok((config, name))
}

/// Registers every credential a docker config holds, before anything can print it.
fn register_config_secrets(config: &Value) {
    let Some(auths) = config.get("auths").and_then(Value::as_object) else {
        return;
    };
    for entry in auths.values() {
        for field in ["auth", "password", "identitytoken", "registrytoken"] {
            if let Some(value) = entry.get(field).and_then(Value::as_str) {
                crate::redact::register_with_encodings(value);
            }
        }
        if let Some(Ok((_, password))) = inline_credentials(entry) {
            crate::redact::register_with_encodings(password.expose());
        }
    }
}

/// `host[:port]` and path of an auth key or endpoint: scheme dropped, Docker Hub's names as
/// one, an API version path (`/v1/`, `/v2/`) dropped.
fn normalize_host(key: &str) -> (String, String) {
    let key = key.trim();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            key.get(..scheme.len())
                .filter(|p| p.eq_ignore_ascii_case(scheme))
                .map(|_| &key[scheme.len()..])
        })
        .unwrap_or(key);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = if DOCKER_HUB_ALIASES.contains(&host.as_str()) {
        DOCKER_HUB.to_string()
    } else {
        host
    };
    let path = path.trim_matches('/');
    let path = if matches!(path, "v1" | "v2") {
        ""
    } else {
        path
    };
    (host, path.to_string())
}

/// The entry for `wanted` and `repository`: the longest matching repository path wins, then a
/// key written exactly as the host, then the first in the file.
fn best_entry<'a>(
    auths: &'a serde_json::Map<String, Value>,
    wanted: &(String, String),
    repository: &str,
) -> Option<(&'a String, &'a Value)> {
    let mut best: Option<(usize, bool, &String, &Value)> = None;
    for (key, entry) in auths {
        let (host, path) = normalize_host(key);
        if host != wanted.0 {
            continue;
        }
        let covers =
            path.is_empty() || repository == path || repository.starts_with(&format!("{path}/"));
        if !covers {
            continue;
        }
        let exact = key == &wanted.0;
        let better = match best {
            None => true,
            Some((len, was_exact, _, _)) => {
                path.len() > len || (path.len() == len && exact && !was_exact)
            }
        };
        if better {
            best = Some((path.len(), exact, key, entry));
        }
    }
    best.map(|(_, _, key, entry)| (key, entry))
}

/// The username and password of an entry: `auth` (base64 `user:password`) first, else
/// `username` and `password`. `None` when it holds neither; an error says what is wrong.
fn inline_credentials(entry: &Value) -> Option<Result<(String, Secret), String>> {
    let field = |name: &str| {
        entry
            .get(name)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
    };
    if let Some(auth) = field("auth") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(auth.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        return Some(match decoded.as_deref().and_then(|d| d.split_once(':')) {
            Some((user, password)) => Ok((user.to_string(), Secret::new(password))),
            None => Err("has an `auth` that is not base64 of `username:password`".into()),
        });
    }
    match (field("username"), field("password")) {
        (Some(user), Some(password)) => Some(Ok((user.to_string(), Secret::new(password)))),
        _ if field("identitytoken").is_some() => Some(Err(
            "holds an identity token (an OAuth refresh token), which `check` does not exchange; log in with a username and password".into(),
        )),
        _ => None,
    }
    .map(|result| {
        result.map(|(user, password)| {
            crate::redact::register_with_encodings(password.expose());
            (user, password)
        })
    })
}

struct Helper {
    name: String,
    /// Named for this host in `credHelpers` (else the default `credsStore`).
    explicit: bool,
}

fn helper_for(config: &Value, wanted: &(String, String)) -> Option<Helper> {
    let explicit = config
        .get("credHelpers")
        .and_then(Value::as_object)
        .and_then(|helpers| {
            helpers
                .iter()
                .find(|(key, _)| normalize_host(key).0 == wanted.0)
                .and_then(|(_, name)| name.as_str())
        })
        .filter(|name| !name.is_empty());
    if let Some(name) = explicit {
        return Some(Helper {
            name: name.to_string(),
            explicit: true,
        });
    }
    config
        .get("credsStore")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .map(|name| Helper {
            name: name.to_string(),
            explicit: false,
        })
}

/// Runs `docker-credential-<name> get` with `server` on its standard input, as Docker does.
fn run_helper(name: &str, server: &str, deadline: Instant) -> Result<Credentials, String> {
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err("its name is not a program name".into());
    }
    let program = format!("docker-credential-{name}");
    let mut child = Command::new(&program)
        .arg("get")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(server.as_bytes());
    }
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(stdout) = stdout.as_mut() {
            let _ = stdout.take(1024 * 1024).read_to_end(&mut out);
        }
        out
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("`{program}` did not answer in time"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("`{program}`: {e}")),
        }
    };
    let out = String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned();
    if !status.success() {
        crate::redact::register(out.trim());
        return Err(format!("`{program} get` failed: {}", out.trim()));
    }
    let answer: Value =
        serde_json::from_str(&out).map_err(|_| format!("`{program} get` did not answer JSON"))?;
    let text = |key: &str| answer.get(key).and_then(Value::as_str).unwrap_or_default();
    let secret = text("Secret");
    crate::redact::register_with_encodings(secret);
    match text("Username") {
        "<token>" => Err("it holds an identity token, which `check` does not exchange".into()),
        user if !secret.is_empty() => Ok(Credentials {
            username: user.to_string(),
            password: Secret::new(secret),
        }),
        _ => Err("it answered no secret".into()),
    }
}

/// The expiry of an ECR authorization token (Unix seconds): its password is base64 of a JSON
/// payload with an `expiration`; a whole authorization token (base64 `AWS:<payload>`) pasted as
/// the password is read the same way.
pub fn ecr_expiry(credentials: &Credentials) -> Option<i64> {
    if credentials.username != "AWS" {
        return None;
    }
    let decode = |text: &str| -> Option<Vec<u8>> {
        let text = text.trim();
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
            .ok()
    };
    let mut payload = decode(credentials.password.expose())?;
    if let Some(inner) = payload.strip_prefix(b"AWS:") {
        payload = decode(std::str::from_utf8(inner).ok()?)?;
    }
    let doc: Value = serde_json::from_slice(&payload).ok()?;
    let expiration = doc.get("expiration")?;
    expiration
        .as_i64()
        .or_else(|| expiration.as_f64().map(|f| f as i64))
        .or_else(|| expiration.as_str()?.parse().ok())
}

/// A Unix time as `YYYY-MM-DD HH:MM UTC`.
pub fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// A duration in words: `3 h 12 min`, `2 days 4 h`, `45 s`.
pub fn span(seconds: i64) -> String {
    let seconds = seconds.abs();
    match seconds {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s / 60),
        s if s < 86_400 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        s => format!("{} days {} h", s / 86_400, s % 86_400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auths(json: &str) -> serde_json::Map<String, Value> {
        serde_json::from_str::<Value>(json).unwrap()["auths"]
            .as_object()
            .unwrap()
            .clone()
    }

    #[test]
    fn keys_match_hosts_as_docker_matches_them() {
        let map = auths(
            r#"{"auths": {
                "https://index.docker.io/v1/": {"auth": "eA=="},
                "registry.local:5000": {"auth": "eQ=="},
                "http://other.example/v2/": {"auth": "eg=="},
                "registry.local:5000/team": {"auth": "dA=="}
            }}"#,
        );
        let find = |host: &str, repo: &str| {
            best_entry(&map, &normalize_host(host), repo).map(|(k, _)| k.clone())
        };
        assert_eq!(
            find("registry-1.docker.io", "library/x").as_deref(),
            Some("https://index.docker.io/v1/")
        );
        assert_eq!(
            find("docker.io", "a/b").as_deref(),
            Some("https://index.docker.io/v1/")
        );
        assert_eq!(
            find("registry.local:5000", "other/x").as_deref(),
            Some("registry.local:5000")
        );
        assert_eq!(
            find("registry.local:5000", "team/images").as_deref(),
            Some("registry.local:5000/team")
        );
        assert_eq!(
            find("Other.Example", "x").as_deref(),
            Some("http://other.example/v2/")
        );
        // Another port is another registry.
        assert_eq!(find("registry.local:5001", "x"), None);
        assert_eq!(find("registry.local", "x"), None);
    }

    fn secret_file(dir: &std::path::Path, name: &str, text: &str) -> CredentialSource {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        CredentialSource::PushSecret(path.display().to_string())
    }

    fn find_in(source: &CredentialSource, host: &str) -> Result<Found, Failure> {
        find(
            source,
            host,
            "team/images",
            false,
            Instant::now() + Duration::from_secs(5),
        )
    }

    #[test]
    fn push_secrets_are_read_as_kubectl_prints_them() {
        let dir = tempfile::tempdir().unwrap();
        let config = r#"{"auths":{"https://index.docker.io/v1/":{"username":"bob","password":"Canary-unit-pw-1","auth":"Ym9iOkNhbmFyeS11bml0LXB3LTE="}}}"#;
        let encoded = base64::engine::general_purpose::STANDARD.encode(config);
        let yaml = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: hub-secret\n  namespace: hub\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {encoded}\n"
        );
        let found = find_in(
            &secret_file(dir.path(), "s.yaml", &yaml),
            "registry-1.docker.io",
        )
        .unwrap();
        assert_eq!(found.entry, "https://index.docker.io/v1/");
        assert_eq!(found.credentials.username, "bob");
        assert_eq!(found.credentials.password.expose(), "Canary-unit-pw-1");
        assert_eq!(found.secret_name.as_deref(), Some("hub-secret"));
        assert!(found.source.starts_with("the push secret `hub-secret` ("));
        // The decoded config never reaches an output.
        assert_eq!(crate::redact::scrub(config), "****");

        let json = serde_json::json!({
            "apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
            "type": "kubernetes.io/dockerconfigjson",
            "stringData": {".dockerconfigjson": config},
        });
        let found = find_in(
            &secret_file(dir.path(), "s.json", &json.to_string()),
            "docker.io",
        )
        .unwrap();
        assert_eq!(found.credentials.username, "bob");

        let legacy = serde_json::json!({
            "kind": "Secret", "type": "kubernetes.io/dockercfg",
            "data": {".dockercfg": base64::engine::general_purpose::STANDARD.encode(r#"{"r.example":{"auth":"YTpiLXBhc3N3b3Jk"}}"#)},
        });
        let found = find_in(
            &secret_file(dir.path(), "l.json", &legacy.to_string()),
            "r.example",
        )
        .unwrap();
        assert_eq!(found.credentials.username, "a");
    }

    #[test]
    fn what_is_not_a_push_secret_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        for (text, says) in [
            ("kind: ConfigMap\n", "its kind is `ConfigMap`"),
            (
                "kind: Secret\ntype: Opaque\ndata: {}\n",
                "its type is `Opaque`",
            ),
            (
                "kind: Secret\ntype: kubernetes.io/dockerconfigjson\n",
                "no `data..dockerconfigjson`",
            ),
            (
                "kind: Secret\ndata:\n  .dockerconfigjson: '%%%'\n",
                "not base64",
            ),
            ("- a list\n", "not a mapping"),
            ("key: [unclosed\n", "not YAML or JSON"),
        ] {
            let failure =
                find_in(&secret_file(dir.path(), "bad.yaml", text), "r.example").unwrap_err();
            assert!(failure.is_usage(), "{text}: {failure:?}");
            assert!(
                failure.message().contains(says),
                "{text}: {}",
                failure.message()
            );
        }
        let missing =
            CredentialSource::PushSecret(dir.path().join("none.yaml").display().to_string());
        assert!(find_in(&missing, "r.example").unwrap_err().is_usage());
    }

    #[test]
    fn ecr_token_expiry_is_read_from_its_payload() {
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let payload = b64(
            r#"{"payload":"x","datakey":"y","version":"2","type":"DATA_KEY","expiration":1700000000}"#,
        );
        let credentials = |user: &str, password: &str| Credentials {
            username: user.into(),
            password: Secret::new(password),
        };
        assert_eq!(
            ecr_expiry(&credentials("AWS", &payload)),
            Some(1_700_000_000)
        );
        let authorization_token = b64(&format!("AWS:{payload}"));
        assert_eq!(
            ecr_expiry(&credentials("AWS", &authorization_token)),
            Some(1_700_000_000)
        );
        assert_eq!(ecr_expiry(&credentials("alice", &payload)), None);
        assert_eq!(ecr_expiry(&credentials("AWS", "plain-password")), None);
    }

    #[test]
    fn times_read_as_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(span(42), "42 s");
        assert_eq!(span(-7200), "2 h 0 min");
        assert_eq!(span(3 * 86_400 + 3600), "3 days 1 h");
    }
}
