//! What `check` talks to, derived from a `customImage` block without touching the network: the
//! registry's base URL, the repository the builder pushes to, and how to log in. Parsing the
//! endpoint and the push target is `crate::registry`'s; this only turns them into URLs.

use crate::registry::{Endpoint, PushMode, PushTarget, RegistryKind, Scheme};
use crate::values::{CustomImage, Secret, DEFAULT_PUSH_SECRET_NAME};

/// Docker Hub's registry API is served by this host, whatever name the config uses.
const DOCKER_HUB_API: &str = "registry-1.docker.io";

/// The repository checked in prefix mode: a push needs a concrete repository, and this name
/// says where it came from if it shows up in a registry's logs.
pub const PREFIX_MODE_REPOSITORY: &str = "customimage-check";

/// Where and how `check` logs in.
#[derive(Debug, Clone)]
pub struct LoginPlan {
    /// `https://host[:port]` or `http://host[:port]`, no trailing slash.
    pub base_url: String,
    /// `host[:port]` as used in messages.
    pub host: String,
    /// The repository path on that registry, without the host (`team/images`).
    pub repository: String,
    /// Whether `repository` was made up from `pushRepoPrefix` (it may not exist yet).
    pub from_prefix: bool,
    pub credentials: Option<Credentials>,
    /// Whether `credentials` came from the secret the build pod uses (`--push-secret`,
    /// `--authfile`) rather than from the config.
    pub credentials_from_secret: bool,
    /// `pushSecretName` when it names a secret managed outside this config (ECR's
    /// `aws-registry`), so the build pod does not use the credentials written here.
    pub external_secret: Option<String>,
    pub insecure_skip_verify: bool,
}

#[derive(Debug, Clone)]
pub struct Credentials {
    /// Sent as written: `_json_key`, `_json_key_base64` and `oauth2accesstoken` included.
    pub username: String,
    pub password: Secret,
}

impl LoginPlan {
    /// Works out the target from a user's `customImage` values. The error is a sentence for
    /// settings the lint rules would have refused.
    pub fn from_custom_image(custom_image: &CustomImage) -> Result<LoginPlan, String> {
        let endpoint = custom_image
            .endpoint()
            .ok_or("`registryEndpoint` is empty: there is no registry to check")?;
        let (base_url, host) = base_url(endpoint)?;
        let target = PushTarget::of(custom_image)
            .ok_or(
                "neither `pushRepo` nor `pushRepoPrefix` is set: there is no repository to push to",
            )?
            .map_err(|e| format!("the push target is not a repository: {e}"))?;
        let from_prefix = target.mode == PushMode::Prefix;
        let repository = match (from_prefix, target.reference.path.as_str()) {
            (true, "") => PREFIX_MODE_REPOSITORY.to_string(),
            (true, path) => format!("{path}/{PREFIX_MODE_REPOSITORY}"),
            (false, path) => path.to_string(),
        };
        if repository.is_empty() {
            return Err(format!("`{}` names no repository path", target.text));
        }
        let credentials = match (custom_image.username(), custom_image.password()) {
            (None, None) => None,
            (username, password) => Some(Credentials {
                username: username.unwrap_or_default().to_string(),
                password: Secret::new(password.unwrap_or_default()),
            }),
        };
        let secret_name = custom_image.push_secret_name();
        let external_secret = (secret_name != DEFAULT_PUSH_SECRET_NAME
            && !is_release_push_secret(secret_name))
        .then(|| secret_name.to_string());
        Ok(LoginPlan {
            base_url,
            host,
            repository,
            from_prefix,
            credentials,
            credentials_from_secret: false,
            external_secret,
            insecure_skip_verify: custom_image.insecure_skip_verify(),
        })
    }

    /// Whether the endpoint is TLS.
    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// The chart names the push secret `<release>-controller-custom-image-push-secret`: any release
/// name with that suffix is the chart-managed secret (`push-secret-name-mismatch` handles a
/// release mismatch).
fn is_release_push_secret(name: &str) -> bool {
    name.ends_with("-controller-custom-image-push-secret")
}

/// `registryEndpoint` → (`scheme://host[:port]`, `host[:port]`). No scheme means `https://`;
/// Docker Hub's names mean `https://registry-1.docker.io`; a trailing `/v1/` or `/v2/` (the API
/// version some configs carry) is dropped.
pub fn base_url(endpoint: &str) -> Result<(String, String), String> {
    let parsed = Endpoint::parse(endpoint.trim())
        .map_err(|e| format!("`{endpoint}` is not a registry endpoint: {e}"))?;
    if parsed.kind() == RegistryKind::DockerHub {
        return Ok((format!("https://{DOCKER_HUB_API}"), DOCKER_HUB_API.into()));
    }
    let scheme = match parsed.scheme {
        Some(Scheme::Http) => "http",
        Some(Scheme::Https) | None => "https",
    };
    Ok((
        format!("{scheme}://{}", parsed.host),
        parsed.host.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom_image(yaml_like: &[(&str, &str)]) -> CustomImage {
        let mut custom_image = CustomImage::default();
        for (key, value) in yaml_like {
            let value = Some(value.to_string());
            match *key {
                "registryEndpoint" => custom_image.registry_endpoint = value,
                "registryUsername" => custom_image.registry_username = value,
                "registryPassword" => custom_image.registry_password = value.map(Secret::new),
                "pushRepo" => custom_image.push_repo = value,
                "pushRepoPrefix" => custom_image.push_repo_prefix = value,
                "pushSecretName" => custom_image.push_secret_name = value,
                other => panic!("unknown key {other}"),
            }
        }
        custom_image
    }

    #[test]
    fn endpoints_normalise_like_a_docker_client() {
        let cases = [
            ("docker.io", "https://registry-1.docker.io"),
            (
                "https://index.docker.io/v1/",
                "https://registry-1.docker.io",
            ),
            (
                "https://registry-1.docker.io/v2/",
                "https://registry-1.docker.io",
            ),
            ("https://gcr.io", "https://gcr.io"),
            ("gcr.io/v2/", "https://gcr.io"),
            ("http://10.0.0.5:5000", "http://10.0.0.5:5000"),
            (
                "HTTP://Registry.local:5000/v2",
                "http://Registry.local:5000",
            ),
            (
                "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
                "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
            ),
        ];
        for (endpoint, expected) in cases {
            assert_eq!(base_url(endpoint).unwrap().0, expected, "{endpoint}");
        }
        assert!(base_url("ftp://x").is_err());
        assert!(base_url("https://x/some/path").is_err());
        assert!(base_url("https://").is_err());
    }

    #[test]
    fn the_repository_is_the_push_target_without_its_host() {
        for (push_repo, repository) in [
            ("127.0.0.1:5000/team/images", "team/images"),
            ("gcr.io/proj/img", "proj/img"),
            ("localhost:5000/a", "a"),
            ("infuseai/images", "infuseai/images"),
            ("docker.io/infuseai/x", "infuseai/x"),
        ] {
            let values =
                custom_image(&[("registryEndpoint", "docker.io"), ("pushRepo", push_repo)]);
            let target = LoginPlan::from_custom_image(&values).unwrap();
            assert_eq!(target.repository, repository, "{push_repo}");
        }
        let bare_host_prefix = custom_image(&[
            ("registryEndpoint", "http://10.0.0.5:5000"),
            ("pushRepoPrefix", "10.0.0.5:5000"),
        ]);
        let target = LoginPlan::from_custom_image(&bare_host_prefix).unwrap();
        assert_eq!(target.repository, "customimage-check");
        let bad = custom_image(&[("registryEndpoint", "docker.io"), ("pushRepo", "A//b")]);
        assert!(LoginPlan::from_custom_image(&bad)
            .unwrap_err()
            .contains("not a repository"));
    }

    #[test]
    fn push_repo_wins_and_prefix_mode_checks_a_named_repository() {
        let both = custom_image(&[
            ("registryEndpoint", "https://gcr.io"),
            ("pushRepo", "gcr.io/proj/one"),
            ("pushRepoPrefix", "gcr.io/proj"),
        ]);
        let target = LoginPlan::from_custom_image(&both).unwrap();
        assert_eq!(target.repository, "proj/one");
        assert!(!target.from_prefix);

        let prefix = custom_image(&[
            ("registryEndpoint", "https://gcr.io"),
            ("pushRepoPrefix", "gcr.io/proj"),
        ]);
        let target = LoginPlan::from_custom_image(&prefix).unwrap();
        assert_eq!(target.repository, "proj/customimage-check");
        assert!(target.from_prefix);
        assert_eq!(target.base_url, "https://gcr.io");
    }

    #[test]
    fn credentials_are_kept_as_written_and_external_secrets_are_noticed() {
        let gcr = custom_image(&[
            ("registryEndpoint", "https://gcr.io"),
            ("registryUsername", "_json_key"),
            ("registryPassword", "{\"type\": \"service_account\"}"),
            ("pushRepo", "gcr.io/p/i"),
        ]);
        let target = LoginPlan::from_custom_image(&gcr).unwrap();
        let credentials = target.credentials.unwrap();
        assert_eq!(credentials.username, "_json_key");
        assert_eq!(
            credentials.password.expose(),
            "{\"type\": \"service_account\"}"
        );
        assert_eq!(target.external_secret, None);

        let ecr = custom_image(&[
            (
                "registryEndpoint",
                "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
            ),
            (
                "pushRepo",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/img",
            ),
            ("pushSecretName", "aws-registry"),
        ]);
        let target = LoginPlan::from_custom_image(&ecr).unwrap();
        assert!(target.credentials.is_none());
        assert_eq!(target.external_secret.as_deref(), Some("aws-registry"));

        let other_release = custom_image(&[
            ("registryEndpoint", "http://10.0.0.5:5000"),
            ("pushRepo", "10.0.0.5:5000/img"),
            ("pushSecretName", "hub-controller-custom-image-push-secret"),
        ]);
        let target = LoginPlan::from_custom_image(&other_release).unwrap();
        assert_eq!(target.external_secret, None);
        assert_eq!(target.host, "10.0.0.5:5000");
    }

    #[test]
    fn missing_endpoint_or_repository_is_a_sentence() {
        let none = custom_image(&[("pushRepo", "a/b")]);
        assert!(LoginPlan::from_custom_image(&none)
            .unwrap_err()
            .contains("registryEndpoint"));
        let no_repo = custom_image(&[("registryEndpoint", "docker.io")]);
        assert!(LoginPlan::from_custom_image(&no_repo)
            .unwrap_err()
            .contains("pushRepo"));
    }
}
