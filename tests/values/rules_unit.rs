//! The values rules about endpoints, repositories and credentials, over `customImage` blocks
//! built in memory (no YAML reader involved): which rule fires, at which values path, with
//! which message, and what stays quiet.

use crate::support::rules::*;

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
