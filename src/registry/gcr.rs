//! Google service-account keys, the `registryPassword` of a `_json_key` (the key file JSON) or
//! `_json_key_base64` (the same, base64-encoded) login to GCR or Artifact Registry.
//!
//! Errors name what is wrong, never the key's content: they end up in reports.

use base64::Engine;

/// The usernames Google's registries accept.
pub const GCR_USERNAMES: &[&str] = &["_json_key", "_json_key_base64", "oauth2accesstoken"];

const PEM_BEGIN: &str = "-----BEGIN PRIVATE KEY-----";
const PEM_END: &str = "-----END PRIVATE KEY-----";

/// The parts of a key file this tool looks at. The private key itself is checked, not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccountKey {
    pub project_id: String,
    pub client_email: String,
}

/// Why a password is not a service-account key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("it is not base64 ({0})")]
    Base64(String),
    #[error("it does not decode to text")]
    NotText,
    #[error("it is not JSON ({0})")]
    NotJson(String),
    #[error("the key JSON is not an object")]
    NotObject,
    #[error("the key JSON lacks `{0}`")]
    Missing(&'static str),
    #[error("the key JSON's `{0}` is not a non-empty string")]
    NotString(&'static str),
    #[error("the key's `type` is `{0}`, not `service_account`")]
    WrongType(String),
    #[error("the key's `private_key` contains the two characters `\\n` instead of line breaks (the key was escaped twice)")]
    EscapedNewlines,
    #[error("the key's `private_key` is not a PEM `{PEM_BEGIN}` block")]
    NotPem,
    #[error("the key's `private_key` PEM body is not base64")]
    PemBody,
    #[error("the key's `client_email` is not an e-mail address")]
    ClientEmail,
}

impl ServiceAccountKey {
    /// Checks a key file's JSON: `type: service_account`, `project_id`, `private_key` in PEM,
    /// `client_email`.
    pub fn parse_json(json: &str) -> Result<ServiceAccountKey, KeyError> {
        let value: serde_json::Value = serde_json::from_str(json)
            // serde_json's messages give a position and a category, never the input.
            .map_err(|e| KeyError::NotJson(e.to_string()))?;
        let key = value.as_object().ok_or(KeyError::NotObject)?;
        let field = |name: &'static str| -> Result<&str, KeyError> {
            key.get(name)
                .ok_or(KeyError::Missing(name))?
                .as_str()
                .filter(|s| !s.is_empty())
                .ok_or(KeyError::NotString(name))
        };
        let kind = field("type")?;
        if kind != "service_account" {
            // `authorized_user`, `external_account`: safe to show, and says what was pasted.
            return Err(KeyError::WrongType(kind.chars().take(40).collect()));
        }
        let project_id = field("project_id")?;
        check_pem(field("private_key")?)?;
        let client_email = field("client_email")?;
        if !client_email.contains('@') {
            return Err(KeyError::ClientEmail);
        }
        Ok(ServiceAccountKey {
            project_id: project_id.to_string(),
            client_email: client_email.to_string(),
        })
    }

    /// Decodes a `_json_key_base64` password (whitespace and line breaks ignored, padding
    /// optional) and checks the key inside.
    pub fn parse_base64(encoded: &str) -> Result<ServiceAccountKey, KeyError> {
        let compact: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT
            .decode(compact.as_bytes())
            .map_err(|e| KeyError::Base64(describe_base64_error(&e)))?;
        let json = String::from_utf8(bytes).map_err(|_| KeyError::NotText)?;
        Self::parse_json(&json)
    }
}

/// base64's errors quote the offending byte; say where instead.
fn describe_base64_error(error: &base64::DecodeError) -> String {
    match error {
        base64::DecodeError::InvalidByte(offset, _) => {
            format!("a character that is not base64 at position {}", offset + 1)
        }
        base64::DecodeError::InvalidLength(_) => "its length is not that of base64".to_string(),
        base64::DecodeError::InvalidLastSymbol { offset, .. } => {
            format!("a bad final character at position {}", offset + 1)
        }
        base64::DecodeError::InvalidPadding => "bad `=` padding".to_string(),
    }
}

fn check_pem(pem: &str) -> Result<(), KeyError> {
    let trimmed = pem.trim();
    if trimmed.contains("\\n") {
        return Err(KeyError::EscapedNewlines);
    }
    let body = trimmed
        .strip_prefix(PEM_BEGIN)
        .and_then(|rest| rest.strip_suffix(PEM_END))
        .ok_or(KeyError::NotPem)?;
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    if body.is_empty() {
        return Err(KeyError::PemBody);
    }
    base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .map(|_| ())
        .map_err(|_| KeyError::PemBody)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_json(private_key: &str) -> String {
        serde_json::json!({
            "type": "service_account",
            "project_id": "my-proj",
            "private_key_id": "0123abcd",
            "private_key": private_key,
            "client_email": "builder@my-proj.iam.gserviceaccount.com",
            "client_id": "1234567890",
        })
        .to_string()
    }

    const PEM: &str =
        "-----BEGIN PRIVATE KEY-----\nTUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD\n-----END PRIVATE KEY-----\n";

    #[test]
    fn a_real_shaped_key_parses() {
        let key = ServiceAccountKey::parse_json(&key_json(PEM)).unwrap();
        assert_eq!(key.project_id, "my-proj");
        let encoded = base64::engine::general_purpose::STANDARD.encode(key_json(PEM));
        assert_eq!(ServiceAccountKey::parse_base64(&encoded).unwrap(), key);
        // `base64` wraps lines at 76 characters; a YAML block scalar keeps them.
        let wrapped: Vec<String> = encoded
            .as_bytes()
            .chunks(76)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        assert_eq!(
            ServiceAccountKey::parse_base64(&wrapped.join("\n")).unwrap(),
            key
        );
    }

    #[test]
    fn names_the_problem_without_the_content() {
        use KeyError::*;
        let mut missing = serde_json::from_str::<serde_json::Value>(&key_json(PEM)).unwrap();
        missing.as_object_mut().unwrap().remove("private_key");
        let user = key_json(PEM).replace("service_account", "authorized_user");
        for (json, error) in [
            (missing.to_string(), Missing("private_key")),
            (user, WrongType("authorized_user".into())),
            (key_json("MIIEvQIBADANBg"), NotPem),
            (key_json(&PEM.replace('\n', "\\n")), EscapedNewlines),
            (key_json(&PEM.replace("TUlJ", "T*lJ")), PemBody),
            ("[1, 2]".to_string(), NotObject),
            (
                key_json(PEM).replace("builder@my-proj.iam.gserviceaccount.com", "builder"),
                ClientEmail,
            ),
        ] {
            assert_eq!(ServiceAccountKey::parse_json(&json), Err(error));
        }
        // The quotes a .env `source` strips: no longer JSON.
        let stripped = key_json(PEM).replace('"', "");
        let error = ServiceAccountKey::parse_json(&stripped).unwrap_err();
        assert!(matches!(error, NotJson(_)));
        assert!(!error.to_string().contains("my-proj"), "{error}");
    }

    #[test]
    fn base64_errors_do_not_quote_the_input() {
        let error = ServiceAccountKey::parse_base64("eyJ0eXBlIjo$secret").unwrap_err();
        assert!(matches!(error, KeyError::Base64(_)));
        assert!(!error.to_string().contains('$'), "{error}");
        assert!(matches!(
            ServiceAccountKey::parse_base64(&key_json(PEM)),
            Err(KeyError::Base64(_))
        ));
    }
}
