//! What a registry says back: the `WWW-Authenticate` challenge of a `401` (RFC 7235, as the
//! Docker Registry token spec uses it) and the `{"errors": [{"code", "message"}]}` body of an
//! error response.

use std::collections::BTreeMap;

/// A parsed `WWW-Authenticate` challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    Basic,
    /// `Bearer realm=…,service=…[,scope=…][,error=…]`; keys are lowercased.
    Bearer(BTreeMap<String, String>),
    /// A scheme `check` does not speak (the name as sent).
    Other(String),
}

impl Challenge {
    /// The first challenge of a header value. Registries send one; a header with several
    /// offers them in order of preference, and Basic or Bearer is what a Docker client uses.
    pub fn parse(header: &str) -> Option<Challenge> {
        let header = header.trim();
        let (scheme, rest) = header
            .split_once(|c: char| c.is_ascii_whitespace())
            .unwrap_or((header, ""));
        if scheme.is_empty() {
            return None;
        }
        Some(match scheme.to_ascii_lowercase().as_str() {
            "basic" => Challenge::Basic,
            "bearer" => Challenge::Bearer(parse_params(rest)),
            _ => Challenge::Other(scheme.to_string()),
        })
    }

    /// A Bearer parameter (`realm`, `service`, `error`, …).
    pub fn param(&self, key: &str) -> Option<&str> {
        match self {
            Challenge::Bearer(params) => params.get(key).map(String::as_str),
            _ => None,
        }
    }

    /// Whether a Bearer challenge says the token lacks the scope (`error="insufficient_scope"`).
    pub fn insufficient_scope(&self) -> bool {
        self.param("error") == Some("insufficient_scope")
    }
}

/// `key=token` or `key="quoted \"string\""` pairs separated by commas.
fn parse_params(text: &str) -> BTreeMap<String, String> {
    let mut params = BTreeMap::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars
            .next_if(|c| c.is_ascii_whitespace() || *c == ',')
            .is_some()
        {}
        let key: String =
            std::iter::from_fn(|| chars.next_if(|c| *c != '=' && *c != ',')).collect();
        if key.trim().is_empty() || chars.next_if_eq(&'=').is_none() {
            if chars.peek().is_none() {
                return params;
            }
            continue;
        }
        while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            value.extend(std::iter::from_fn(|| chars.next_if(|c| *c != ',')));
            value = value.trim_end().to_string();
        }
        params.insert(key.trim().to_ascii_lowercase(), value);
    }
}

/// One entry of a registry error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    pub code: String,
    pub message: String,
}

/// The errors of a Docker Registry error body; empty when the body is something else.
pub fn registry_errors(body: &str) -> Vec<RegistryError> {
    let Ok(serde_json::Value::Object(doc)) = serde_json::from_str(body) else {
        return Vec::new();
    };
    let Some(serde_json::Value::Array(errors)) = doc.get("errors") else {
        return Vec::new();
    };
    errors
        .iter()
        .map(|e| RegistryError {
            code: text_field(e, "code"),
            message: text_field(e, "message"),
        })
        .collect()
}

fn text_field(value: &serde_json::Value, key: &str) -> String {
    value
        .get(key)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A short, single-line account of an error body for a message: the registry's codes and
/// messages when it sent them, else the start of the text. The raw body is masked first (every
/// registered secret and its encoded forms) and only then shortened, so that neither a cut nor
/// collapsed whitespace can leave part of a secret unmasked.
pub fn summarize_body(body: &str) -> String {
    let body = crate::redact::scrub(body);
    let errors = registry_errors(&body);
    let text = if errors.is_empty() {
        json_detail(&body).unwrap_or_else(|| body.to_string())
    } else {
        errors
            .iter()
            .map(|e| match (e.code.is_empty(), e.message.is_empty()) {
                (false, false) => format!("{}: {}", e.code, e.message),
                (false, true) => e.code.clone(),
                _ => e.message.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    // Decoding JSON may have turned an escaped secret back into its plain form.
    let text = crate::redact::scrub(&text);
    let one_line: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    const MAX: usize = 200;
    if one_line.chars().count() > MAX {
        let cut: String = one_line.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// Token services answer errors as `{"details": …}` (Docker Hub) or `{"error": …}`.
fn json_detail(body: &str) -> Option<String> {
    let doc: serde_json::Value = serde_json::from_str(body).ok()?;
    ["details", "detail", "error_description", "error", "message"]
        .iter()
        .find_map(|key| doc.get(key).and_then(|v| v.as_str()).map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hub_style_bearer_challenge() {
        let c = Challenge::parse(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push",error="insufficient_scope""#,
        )
        .unwrap();
        assert_eq!(c.param("realm"), Some("https://auth.docker.io/token"));
        assert_eq!(c.param("service"), Some("registry.docker.io"));
        assert_eq!(
            c.param("scope"),
            Some("repository:samalba/my-app:pull,push")
        );
        assert!(c.insufficient_scope());
    }

    #[test]
    fn unquoted_and_escaped_parameters_and_other_schemes() {
        let c = Challenge::parse(r#"bearer Realm=https://h/t, service="a \"b\"""#).unwrap();
        assert_eq!(c.param("realm"), Some("https://h/t"));
        assert_eq!(c.param("service"), Some("a \"b\""));
        assert!(!c.insufficient_scope());
        assert_eq!(
            Challenge::parse(r#"Basic realm="Registry Realm""#),
            Some(Challenge::Basic)
        );
        assert_eq!(
            Challenge::parse("Negotiate"),
            Some(Challenge::Other("Negotiate".into()))
        );
        assert_eq!(Challenge::parse(""), None);
    }

    #[test]
    fn registry_error_bodies() {
        let body = r#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"x"}}]}"#;
        assert_eq!(
            registry_errors(body),
            vec![RegistryError {
                code: "NAME_UNKNOWN".into(),
                message: "repository name not known to registry".into()
            }]
        );
        assert_eq!(
            summarize_body(body),
            "NAME_UNKNOWN: repository name not known to registry"
        );
        assert_eq!(
            summarize_body(r#"{"details":"incorrect username or password"}"#),
            "incorrect username or password"
        );
        assert_eq!(
            summarize_body("<html>\n  <b>denied</b>\n</html>"),
            "<html> <b>denied</b> </html>"
        );
        assert!(registry_errors("not json").is_empty());
        assert_eq!(summarize_body(&"x".repeat(500)).chars().count(), 201);
    }

    #[test]
    fn an_echoed_secret_is_masked_before_the_body_is_shortened() {
        use base64::Engine as _;
        let secret = "Echo\tCanary  pw<&>'\"-7f3a91";
        crate::redact::register_with_encodings(secret);
        let b64 = |s: String| base64::engine::general_purpose::STANDARD.encode(s);
        let html = secret
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('\'', "&#39;")
            .replace('"', "&#34;");
        // (what the server sent, the encoded secret inside it)
        let payloads = [
            // Whitespace inside the secret: collapsing it first would defeat masking.
            secret.to_string(),
            b64(format!("u:{secret}")),
            b64(format!("ab{secret}tail")),
            b64(format!("a{secret}tail")),
            b64(format!("{secret}tail")),
            url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
            secret.bytes().map(|b| format!("{b:02X}")).collect(),
            secret
                .encode_utf16()
                .map(|u| format!("\\u{u:04x}"))
                .collect(),
            html,
            secret.to_uppercase(),
        ];
        for payload in payloads {
            let echoes = [
                format!("denied: {payload} (try again)"),
                // A cut through the secret at character 200.
                format!("{}{payload}", "x".repeat(190)),
                format!("Authorization: Basic {payload}"),
                serde_json::json!({"details": format!("bad {payload}")}).to_string(),
            ];
            for echo in echoes {
                let shown = summarize_body(&echo);
                // Base64 keeps up to 3 characters at each end that mix in other bytes.
                let core: Vec<char> = payload.chars().collect();
                let core = &core[3..core.len() - 3];
                for window in core.windows(8) {
                    let window: String = window.iter().collect();
                    assert!(!shown.contains(&window), "{echo:?} shown as {shown:?}");
                }
            }
        }
        // The plain text of the JSON form, decoded by the summary, is masked too.
        let shown = summarize_body(&serde_json::json!({"details": secret}).to_string());
        assert_eq!(shown, "****");
    }
}
