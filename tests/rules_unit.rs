//! The 24 values rules over `customImage` blocks built in memory (no YAML reader involved):
//! which rule fires, at which values path, with which message, and what stays quiet.

use std::collections::BTreeMap;

use customimage::diagnostic::{Diagnostic, Severity, Span};
use customimage::rules::check_values;
use customimage::values::{CustomImage, LocatedValues};
use serde_json::{json, Value};

const BLOCK: Span = Span { offset: 0, len: 12 };

/// A located block whose every written value has its own span.
fn located(block: Value) -> LocatedValues {
    let custom_image: CustomImage =
        serde_json::from_value(block.clone()).expect("a valid customImage block");
    let mut value_spans = BTreeMap::new();
    let mut leaves = Vec::new();
    collect("customImage", &block, &mut leaves);
    for (i, path) in leaves.into_iter().enumerate() {
        value_spans.insert(path, Span::new(100 + i * 100, 5));
    }
    LocatedValues {
        custom_image,
        typed: true,
        block_present: true,
        block_span: BLOCK,
        value_spans,
        ..Default::default()
    }
}

fn collect(prefix: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                collect(&format!("{prefix}.{key}"), child, out);
            }
        }
        _ => out.push(prefix.to_string()),
    }
}

fn lint_as(block: Value, release: &str) -> (LocatedValues, Vec<Diagnostic>) {
    let located = located(block);
    let diagnostics = check_values(&located, release);
    (located, diagnostics)
}

fn lint(block: Value) -> (LocatedValues, Vec<Diagnostic>) {
    lint_as(block, "primehub")
}

fn of<'a>(rule: &str, diagnostics: &'a [Diagnostic]) -> Vec<&'a Diagnostic> {
    diagnostics.iter().filter(|d| d.rule == rule).collect()
}

/// Exactly one finding of `rule`, at the value of `path` (or the block when not written).
fn expect_one(block: Value, rule: &str, path: &str) -> Diagnostic {
    expect_one_as(block, "primehub", rule, path)
}

fn expect_one_as(block: Value, release: &str, rule: &str, path: &str) -> Diagnostic {
    let (located, diagnostics) = lint_as(block, release);
    let found = of(rule, &diagnostics);
    assert_eq!(found.len(), 1, "{rule}: {diagnostics:#?}");
    let d = found[0].clone();
    assert_eq!(d.path, path, "{rule}");
    assert_eq!(d.span, located.value_span(path), "{rule}");
    assert!(!d.help.is_empty(), "{rule} has no help");
    d
}

fn expect_none(block: Value, rule: &str) {
    let (_, diagnostics) = lint(block);
    assert!(
        of(rule, &diagnostics).is_empty(),
        "{rule}: {diagnostics:#?}"
    );
}

pub const PEM: &str = "-----BEGIN PRIVATE KEY-----\nTUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD\n-----END PRIVATE KEY-----\n";

fn gcr_key(project: &str) -> String {
    json!({
        "type": "service_account",
        "project_id": project,
        "private_key_id": "0123456789abcdef",
        "private_key": PEM,
        "client_email": format!("builder@{project}.iam.gserviceaccount.com"),
    })
    .to_string()
}

fn dockerhub() -> Value {
    json!({
        "enabled": true,
        "registryEndpoint": "docker.io",
        "registryUsername": "my-user",
        "registryPassword": "dckr_pat_canary-secret",
        "pushRepo": "docker.io/my-user/custom-images",
    })
}

fn gcr() -> Value {
    json!({
        "enabled": true,
        "registryEndpoint": "https://gcr.io",
        "registryUsername": "_json_key",
        "registryPassword": gcr_key("my-project"),
        "pushRepo": "gcr.io/my-project/custom-images",
    })
}

fn ecr() -> Value {
    json!({
        "registryEndpoint": "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "pushRepo": "123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-images",
        "pushSecretName": "aws-registry",
    })
}

fn with(mut base: Value, changes: Value) -> Value {
    for (key, value) in changes.as_object().expect("an object") {
        if value.is_null() {
            base.as_object_mut().unwrap().remove(key);
        } else {
            base[key] = value.clone();
        }
    }
    base
}

#[test]
fn good_configurations_are_clean() {
    for block in [
        dockerhub(),
        gcr(),
        ecr(),
        json!({}),
        json!({"enabled": false}),
    ] {
        let (_, diagnostics) = lint(block.clone());
        assert!(diagnostics.is_empty(), "{block}: {diagnostics:#?}");
    }
    let http = json!({
        "registryEndpoint": "http://10.0.0.5:5000",
        "registryUsername": "admin",
        "registryPassword": "harbor-canary",
        "pushRepoPrefix": "10.0.0.5:5000/primehub",
        "insecureSkipVerify": true,
    });
    assert!(lint(http).1.is_empty());
}

#[test]
fn missing_endpoint() {
    let block = with(dockerhub(), json!({"registryEndpoint": null}));
    let d = expect_one(block, "missing-endpoint", "customImage.registryEndpoint");
    assert_eq!(d.span, BLOCK, "a missing key is reported at the block");
    assert!(d.message.contains("`enabled: true`"), "{}", d.message);
    assert!(
        d.help.contains("`registryEndpoint: docker.io`"),
        "{}",
        d.help
    );
    let empty = with(gcr(), json!({"registryEndpoint": ""}));
    let d = expect_one(empty, "missing-endpoint", "customImage.registryEndpoint");
    assert_ne!(
        d.span, BLOCK,
        "an empty value is reported where it is written"
    );
    assert!(
        d.help.contains("`registryEndpoint: https://gcr.io`"),
        "{}",
        d.help
    );
    expect_none(json!({"enabled": false}), "missing-endpoint");
    expect_none(dockerhub(), "missing-endpoint");
}

#[test]
fn missing_push_target() {
    let block = with(gcr(), json!({"pushRepo": null}));
    let d = expect_one(block, "missing-push-target", "customImage.pushRepo");
    assert_eq!(d.span, BLOCK);
    assert!(
        d.help.contains("gcr.io/my-project/custom-images"),
        "{}",
        d.help
    );
    let hub = with(dockerhub(), json!({"pushRepo": ""}));
    let d = expect_one(hub, "missing-push-target", "customImage.pushRepo");
    assert!(
        d.help.contains("docker.io/my-user/custom-images"),
        "{}",
        d.help
    );
    expect_none(json!({"pushSecretName": "x"}), "missing-push-target");
}

#[test]
fn push_repo_precedence() {
    let block = with(gcr(), json!({"pushRepoPrefix": "gcr.io/my-project"}));
    let d = expect_one(block, "push-repo-precedence", "customImage.pushRepoPrefix");
    assert_eq!(d.severity, Severity::Warning);
    assert!(d
        .message
        .contains("gcr.io/my-project/custom-images:<image name>-<hash>"));
    expect_none(gcr(), "push-repo-precedence");
}

#[test]
fn invalid_endpoint() {
    for (endpoint, fragment) in [
        (
            "https://gcr.io/my-project",
            "`registryEndpoint: https://gcr.io`",
        ),
        ("ftp://reg.example.com", "[http[s]://]host[:port]"),
        ("<registry>", "[http[s]://]host[:port]"),
    ] {
        let block = with(gcr(), json!({"registryEndpoint": endpoint}));
        let d = expect_one(block, "invalid-endpoint", "customImage.registryEndpoint");
        assert!(d.message.contains(endpoint), "{}", d.message);
        assert!(d.help.contains(fragment), "{}", d.help);
    }
    for endpoint in [
        "https://index.docker.io/v1/",
        "docker.io",
        "https://gcr.io/",
    ] {
        expect_none(
            with(dockerhub(), json!({"registryEndpoint": endpoint})),
            "invalid-endpoint",
        );
    }
}

#[test]
fn invalid_repository() {
    for (key, value, fragment) in [
        ("pushRepo", "docker.io/My-User/images", "uppercase"),
        (
            "pushRepo",
            "docker.io/my-user/images:latest",
            "the tag `:latest`",
        ),
        (
            "pushRepo",
            "docker.io/my-user//images",
            "empty path component",
        ),
        ("pushRepo", "https://docker.io/my-user/images", "scheme"),
        (
            "pushRepo",
            "docker.io/my-user/<repo name>",
            "not a valid path component",
        ),
        (
            "pushRepoPrefix",
            "docker.io/my-user/",
            "empty path component",
        ),
    ] {
        let mut block = with(dockerhub(), json!({"pushRepo": null}));
        block[key] = json!(value);
        let d = expect_one(block, "invalid-repository", &format!("customImage.{key}"));
        assert!(d.message.contains(fragment), "{}", d.message);
    }
    let d = expect_one(
        with(
            dockerhub(),
            json!({"pushRepo": "docker.io/my-user/images:latest"}),
        ),
        "invalid-repository",
        "customImage.pushRepo",
    );
    assert!(
        d.help.contains("`pushRepo: docker.io/my-user/images`"),
        "{}",
        d.help
    );
    let d = expect_one(
        with(dockerhub(), json!({"pushRepo": "docker.io/My-User/images"})),
        "invalid-repository",
        "customImage.pushRepo",
    );
    assert!(
        d.help.contains("`pushRepo: docker.io/my-user/images`"),
        "{}",
        d.help
    );
    expect_none(dockerhub(), "invalid-repository");
}

#[test]
fn registry_mismatch() {
    let block = with(gcr(), json!({"pushRepo": "asia.gcr.io/my-project/images"}));
    let d = expect_one(block, "registry-mismatch", "customImage.pushRepo");
    assert!(d.message.contains("`asia.gcr.io`") && d.message.contains("`gcr.io`"));
    assert!(
        d.help.contains("`registryEndpoint: https://asia.gcr.io`"),
        "{}",
        d.help
    );
    let short = with(gcr(), json!({"pushRepo": "my-user/images"}));
    let d = expect_one(short, "registry-mismatch", "customImage.pushRepo");
    assert!(d.message.contains("Docker Hub"), "{}", d.message);
    let port = json!({
        "registryEndpoint": "https://reg.example.com:5000",
        "registryUsername": "u", "registryPassword": "p-canary",
        "pushRepoPrefix": "reg.example.com/team",
    });
    expect_one(port, "registry-mismatch", "customImage.pushRepoPrefix");
    for (endpoint, repo) in [
        ("docker.io", "my-user/images"),
        ("https://index.docker.io/v1/", "docker.io/my-user/images"),
        ("registry-1.docker.io", "index.docker.io/my-user/images"),
        ("HTTPS://GCR.io/", "gcr.io/my-project/images"),
    ] {
        let block = with(
            dockerhub(),
            json!({"registryEndpoint": endpoint, "pushRepo": repo}),
        );
        expect_none(block, "registry-mismatch");
    }
}

#[test]
fn insecure_endpoint() {
    let http = json!({
        "registryEndpoint": "http://10.0.0.5:5000",
        "registryUsername": "admin", "registryPassword": "harbor-canary",
        "pushRepoPrefix": "10.0.0.5:5000/primehub",
    });
    let d = expect_one(
        http.clone(),
        "insecure-endpoint",
        "customImage.registryEndpoint",
    );
    assert_eq!(d.severity, Severity::Error);
    assert!(d.help.contains("`insecureSkipVerify: true`"));
    let written = with(http, json!({"insecureSkipVerify": false}));
    expect_one(
        written,
        "insecure-endpoint",
        "customImage.insecureSkipVerify",
    );
    let https = with(gcr(), json!({"insecureSkipVerify": true}));
    let d = expect_one(https, "insecure-endpoint", "customImage.insecureSkipVerify");
    assert_eq!(d.severity, Severity::Warning);
    expect_none(
        with(gcr(), json!({"insecureSkipVerify": false})),
        "insecure-endpoint",
    );
}

#[test]
fn missing_and_unused_credentials() {
    let block = with(dockerhub(), json!({"registryPassword": null}));
    let d = expect_one(block, "missing-credentials", "customImage.registryPassword");
    assert!(d
        .message
        .contains("primehub-controller-custom-image-push-secret"));
    let (_, both) = lint(with(
        gcr(),
        json!({"registryUsername": null, "registryPassword": null}),
    ));
    assert_eq!(of("missing-credentials", &both).len(), 2);
    let release = with(
        dockerhub(),
        json!({"registryUsername": "", "pushSecretName": "ph-controller-custom-image-push-secret"}),
    );
    expect_one_as(
        release,
        "ph",
        "missing-credentials",
        "customImage.registryUsername",
    );
    expect_none(ecr(), "missing-credentials");

    let unused = with(
        ecr(),
        json!({"registryUsername": "AWS", "registryPassword": "eyJ-canary"}),
    );
    let d = expect_one(unused, "unused-credentials", "customImage.registryUsername");
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("`aws-registry`"), "{}", d.message);
    expect_none(dockerhub(), "unused-credentials");
    expect_none(ecr(), "unused-credentials");
}

#[test]
fn gcr_username() {
    let block = with(gcr(), json!({"registryUsername": "json_key"}));
    let d = expect_one(block, "gcr-username", "customImage.registryUsername");
    assert!(d.message.contains("`json_key`"));
    assert!(
        d.help.contains("`registryUsername: _json_key`"),
        "{}",
        d.help
    );
    let ar = json!({
        "registryEndpoint": "https://us-docker.pkg.dev",
        "registryUsername": "admin", "registryPassword": "x-canary",
        "pushRepo": "us-docker.pkg.dev/my-project/images/app",
    });
    let d = expect_one(ar, "gcr-username", "customImage.registryUsername");
    assert!(d.message.contains("Artifact Registry"), "{}", d.message);
    for user in ["_json_key", "_json_key_base64", "oauth2accesstoken"] {
        expect_none(
            with(gcr(), json!({"registryUsername": user})),
            "gcr-username",
        );
    }
    expect_none(dockerhub(), "gcr-username");
}

#[test]
fn gcr_key_json() {
    let mut key: Value = serde_json::from_str(&gcr_key("my-project")).unwrap();
    key.as_object_mut().unwrap().remove("private_key");
    let block = with(gcr(), json!({"registryPassword": key.to_string()}));
    let d = expect_one(block, "gcr-key-json", "customImage.registryPassword");
    assert!(d.message.contains("lacks `private_key`"), "{}", d.message);
    assert!(!d.message.contains("my-project") && !d.help.contains("my-project"));
    let stripped = gcr_key("my-project").replace('"', "");
    let d = expect_one(
        with(gcr(), json!({"registryPassword": stripped})),
        "gcr-key-json",
        "customImage.registryPassword",
    );
    assert!(d.message.contains("not JSON"), "{}", d.message);
    expect_none(gcr(), "gcr-key-json");
}

#[test]
fn gcr_key_base64() {
    use base64::Engine;
    let encode = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let good = with(
        gcr(),
        json!({"registryUsername": "_json_key_base64", "registryPassword": encode(&gcr_key("my-project"))}),
    );
    assert!(lint(good.clone()).1.is_empty(), "{:#?}", lint(good).1);
    let raw = with(gcr(), json!({"registryUsername": "_json_key_base64"}));
    let d = expect_one(raw, "gcr-key-base64", "customImage.registryPassword");
    assert!(
        d.help.contains("`registryUsername: _json_key`"),
        "{}",
        d.help
    );
    let other = with(
        gcr(),
        json!({"registryUsername": "_json_key_base64", "registryPassword": encode("{\"type\": \"authorized_user\"}")}),
    );
    let d = expect_one(other, "gcr-key-base64", "customImage.registryPassword");
    assert!(d.message.contains("`authorized_user`"), "{}", d.message);
}

#[test]
fn gcr_token_expiry() {
    let block = with(
        gcr(),
        json!({"registryUsername": "oauth2accesstoken", "registryPassword": "ya29.canary"}),
    );
    let d = expect_one(block, "gcr-token-expiry", "customImage.registryUsername");
    assert_eq!(d.severity, Severity::Warning);
    expect_none(gcr(), "gcr-token-expiry");
}

#[test]
fn gcr_project_mismatch() {
    let block = with(gcr(), json!({"pushRepo": "gcr.io/other-project/images"}));
    let d = expect_one(block, "gcr-project-mismatch", "customImage.pushRepo");
    assert!(d.message.contains("`other-project`") && d.message.contains("`my-project`"));
    let ar = with(
        gcr(),
        json!({"registryEndpoint": "https://asia-east1-docker.pkg.dev",
               "pushRepo": "asia-east1-docker.pkg.dev/other-project/images/app"}),
    );
    expect_one(ar, "gcr-project-mismatch", "customImage.pushRepo");
    let bare = with(gcr(), json!({"pushRepo": null, "pushRepoPrefix": "gcr.io"}));
    let d = expect_one(bare, "gcr-project-mismatch", "customImage.pushRepoPrefix");
    assert!(
        d.help.contains("`pushRepoPrefix: gcr.io/my-project`"),
        "{}",
        d.help
    );
    expect_none(gcr(), "gcr-project-mismatch");
    expect_none(
        with(
            gcr(),
            json!({"pushRepo": null, "pushRepoPrefix": "gcr.io/my-project"}),
        ),
        "gcr-project-mismatch",
    );
}

#[test]
fn json_key_non_gcr() {
    let block = with(gcr(), json!({"registryEndpoint": "docker.io"}));
    let d = expect_one(block, "json-key-non-gcr", "customImage.registryUsername");
    assert!(
        d.help.contains("`registryEndpoint: https://gcr.io`"),
        "{}",
        d.help
    );
    expect_none(gcr(), "json-key-non-gcr");
}

#[test]
fn dockerhub_namespace() {
    for (key, value) in [
        ("pushRepo", "docker.io/custom-images"),
        ("pushRepo", "custom-images"),
        ("pushRepo", "docker.io/my-user/team/images"),
        ("pushRepo", "docker.io/library/images"),
        ("pushRepoPrefix", "docker.io"),
        ("pushRepoPrefix", "docker.io/my-user/team"),
        ("pushRepoPrefix", "library"),
    ] {
        let mut block = with(dockerhub(), json!({"pushRepo": null}));
        block[key] = json!(value);
        let d = expect_one(block, "dockerhub-namespace", &format!("customImage.{key}"));
        assert!(d.help.contains("my-user"), "{}", d.help);
    }
    expect_none(dockerhub(), "dockerhub-namespace");
    expect_none(
        with(
            dockerhub(),
            json!({"pushRepo": null, "pushRepoPrefix": "docker.io/my-user"}),
        ),
        "dockerhub-namespace",
    );
}

#[test]
fn ecr_rules() {
    let typo = with(
        ecr(),
        json!({"registryEndpoint": "https://8123456789012.dkr.ecr.us-east-1.amazonaws.com"}),
    );
    let d = expect_one(typo, "ecr-endpoint", "customImage.registryEndpoint");
    assert!(d.message.contains("13 digits"), "{}", d.message);
    assert!(
        d.help
            .contains("`123456789012.dkr.ecr.us-east-1.amazonaws.com`"),
        "{}",
        d.help
    );
    let repo = with(
        ecr(),
        json!({"pushRepo": "123456789012.dkr.ecr.amazonaws.com/custom-images"}),
    );
    expect_one(repo, "ecr-endpoint", "customImage.pushRepo");
    expect_none(ecr(), "ecr-endpoint");

    let chart_secret = with(
        ecr(),
        json!({"pushSecretName": null, "registryUsername": "AWS", "registryPassword": "eyJ-canary"}),
    );
    let d = expect_one(
        chart_secret,
        "ecr-push-secret",
        "customImage.pushSecretName",
    );
    assert_eq!(d.span, BLOCK);
    expect_none(ecr(), "ecr-push-secret");

    let prefix = with(
        ecr(),
        json!({"pushRepo": null, "pushRepoPrefix": "123456789012.dkr.ecr.us-east-1.amazonaws.com/primehub"}),
    );
    let d = expect_one(prefix, "ecr-prefix-mode", "customImage.pushRepoPrefix");
    assert!(d.help.contains("primehub-custom-images"), "{}", d.help);
    expect_none(ecr(), "ecr-prefix-mode");
}

#[test]
fn secret_names() {
    let empty = with(ecr(), json!({"pushSecretName": ""}));
    let d = expect_one(empty, "invalid-secret-name", "customImage.pushSecretName");
    assert!(d.message.contains("refuses to start"), "{}", d.message);
    let upper = with(ecr(), json!({"pushSecretName": "AWS_Registry"}));
    let d = expect_one(upper, "invalid-secret-name", "customImage.pushSecretName");
    assert!(
        d.help.contains("`pushSecretName: aws-registry`"),
        "{}",
        d.help
    );
    expect_none(ecr(), "invalid-secret-name");

    let d = expect_one_as(
        dockerhub(),
        "ph",
        "push-secret-name-mismatch",
        "customImage.pushSecretName",
    );
    assert!(d
        .help
        .contains("`pushSecretName: ph-controller-custom-image-push-secret`"));
    let (_, same) = lint_as(dockerhub(), "primehub");
    assert!(of("push-secret-name-mismatch", &same).is_empty());
    let (_, fixed) = lint_as(
        with(
            dockerhub(),
            json!({"pushSecretName": "ph-controller-custom-image-push-secret"}),
        ),
        "ph",
    );
    assert!(fixed.is_empty(), "{fixed:#?}");
}

#[test]
fn quantities() {
    let block = with(
        gcr(),
        json!({"buildJob": {"resources": {"limits": {"memory": "2GB"}}}}),
    );
    let d = expect_one(
        block,
        "invalid-quantity",
        "customImage.buildJob.resources.limits.memory",
    );
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.help.contains("`memory: 2G`") && d.help.contains("`memory: 2Gi`"),
        "{}",
        d.help
    );
    let storage = with(gcr(), json!({"buildJob": {"ephemeralStorage": "50 Gi"}}));
    let d = expect_one(
        storage,
        "invalid-quantity",
        "customImage.buildJob.ephemeralStorage",
    );
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("30Gi"), "{}", d.message);
    let negative = with(
        gcr(),
        json!({"buildJob": {"resources": {"requests": {"cpu": "-1"}}}}),
    );
    expect_one(
        negative,
        "invalid-quantity",
        "customImage.buildJob.resources.requests.cpu",
    );
    let no_digits = with(
        gcr(),
        json!({"buildJob": {"resources": {"requests": {"cpu": "m"}}}}),
    );
    let d = expect_one(
        no_digits,
        "invalid-quantity",
        "customImage.buildJob.resources.requests.cpu",
    );
    assert!(d.message.contains("reads it as 0"), "{}", d.message);
    let numbers = with(
        gcr(),
        json!({"buildJob": {"resources": {"limits": {"cpu": 2}, "requests": {"cpu": 0.5}}, "ephemeralStorage": "50Gi"}}),
    );
    assert!(lint(numbers).1.is_empty());

    let over = with(
        gcr(),
        json!({"buildJob": {"resources": {"requests": {"memory": "2Gi"}}}}),
    );
    let d = expect_one(
        over,
        "requests-exceed-limits",
        "customImage.buildJob.resources.requests.memory",
    );
    assert!(
        d.message.contains("1500Mi (the chart's default)"),
        "{}",
        d.message
    );
    let low_limit = with(
        gcr(),
        json!({"buildJob": {"resources": {"limits": {"cpu": "250m"}}}}),
    );
    let d = expect_one(
        low_limit,
        "requests-exceed-limits",
        "customImage.buildJob.resources.limits.cpu",
    );
    assert!(
        d.message.contains("500m (the chart's default)"),
        "{}",
        d.message
    );
    let equal = with(
        gcr(),
        json!({"buildJob": {"resources": {"requests": {"cpu": 2}, "limits": {"cpu": "2000m"}}}}),
    );
    expect_none(equal, "requests-exceed-limits");
}

#[test]
fn enabled_ignored() {
    let block = with(dockerhub(), json!({"enabled": false}));
    let d = expect_one(block, "enabled-ignored", "customImage.enabled");
    assert!(d.message.contains("`docker.io`"));
    expect_none(json!({"enabled": false}), "enabled-ignored");
    expect_none(dockerhub(), "enabled-ignored");
}

#[test]
fn no_finding_shows_a_password_or_key() {
    let key = gcr_key("my-project");
    let blocks = [
        with(
            gcr(),
            json!({"registryEndpoint": "docker.io", "pushRepo": "gcr.io/x/y:latest"}),
        ),
        with(gcr(), json!({"registryUsername": "_json_key_base64"})),
        with(gcr(), json!({"registryPassword": key.replace('"', "")})),
        with(
            dockerhub(),
            json!({"enabled": false, "pushRepo": "docker.io/x", "registryEndpoint": null}),
        ),
        with(
            ecr(),
            json!({"registryUsername": "AWS", "registryPassword": "dckr_pat_canary-secret"}),
        ),
    ];
    for block in blocks {
        let (_, diagnostics) = lint(block);
        assert!(!diagnostics.is_empty());
        for d in &diagnostics {
            for text in [&d.message, &d.help] {
                assert!(!text.contains("canary"), "{text}");
                assert!(
                    !text.contains("PRIVATE KEY") && !text.contains("TUlJ"),
                    "{text}"
                );
                assert!(!text.contains("service_account,"), "{text}");
            }
        }
    }
}
