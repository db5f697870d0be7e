//! The values rules about Google and ECR registries, secret names, quantities and `enabled`,
//! over `customImage` blocks built in memory: which rule fires, at which values path, with
//! which message, and what stays quiet. Also: no finding of any rule shows a password or key.

use crate::support::rules::*;

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
