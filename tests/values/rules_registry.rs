//! Image references, prefixes and hosts (`customimage::registry`).

use crate::support::api::registry::{
    google_project, ImageRef, ReferenceError, RegistryKind, NAME_TOTAL_LENGTH_MAX,
};

fn parse(text: &str) -> ImageRef {
    ImageRef::parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

#[test]
fn splits_domain_path_tag_and_digest_as_docker_does() {
    let digest = format!("sha256:{}", "a".repeat(64));
    for (text, domain, path, tag, has_digest) in [
        ("app", None, "app", None, false),
        ("user/app", None, "user/app", None, false),
        ("user/app:v1", None, "user/app", Some("v1"), false),
        (
            "docker.io/user/app",
            Some("docker.io"),
            "user/app",
            None,
            false,
        ),
        (
            "gcr.io/my-proj/app",
            Some("gcr.io"),
            "my-proj/app",
            None,
            false,
        ),
        ("localhost/app", Some("localhost"), "app", None, false),
        (
            "localhost:5000/app:latest",
            Some("localhost:5000"),
            "app",
            Some("latest"),
            false,
        ),
        (
            "10.0.0.5:5000/team/app",
            Some("10.0.0.5:5000"),
            "team/app",
            None,
            false,
        ),
        ("[::1]:5000/app", Some("[::1]:5000"), "app", None, false),
        (
            "reg.example.com/a/b/c/d",
            Some("reg.example.com"),
            "a/b/c/d",
            None,
            false,
        ),
        (
            "a.b/c__d/e-f/g.h/i---j",
            Some("a.b"),
            "c__d/e-f/g.h/i---j",
            None,
            false,
        ),
    ] {
        let r = parse(text);
        assert_eq!(r.domain.as_deref(), domain, "{text}");
        assert_eq!(r.path, path, "{text}");
        assert_eq!(r.tag.as_deref(), tag, "{text}");
        assert_eq!(r.digest.is_some(), has_digest, "{text}");
        assert_eq!(r.is_repository(), tag.is_none(), "{text}");
    }
    let r = parse(&format!("gcr.io/p/app:v1@{digest}"));
    assert_eq!(r.tag.as_deref(), Some("v1"));
    assert_eq!(r.digest.as_deref(), Some(digest.as_str()));
    assert!(!r.is_repository());
}

#[test]
fn refuses_what_docker_refuses_and_says_why() {
    use ReferenceError::*;
    for (text, error) in [
        ("", Empty),
        ("https://gcr.io/p/app", HasScheme("https".into())),
        ("docker.io/MyOrg/app", Uppercase("MyOrg".into())),
        ("MyOrg/app", Uppercase("MyOrg".into())),
        ("gcr.io/p//app", EmptyComponent),
        ("gcr.io/p/app/", EmptyComponent),
        ("/app", EmptyComponent),
        ("gcr.io/p/-app", InvalidComponent("-app".into())),
        ("gcr.io/p/app-", InvalidComponent("app-".into())),
        ("gcr.io/p/a..b", InvalidComponent("a..b".into())),
        ("gcr.io/p/a___b", InvalidComponent("a___b".into())),
        ("gcr.io/p/my app", InvalidComponent("my app".into())),
        (
            "gcr.io/p/<repo name>",
            InvalidComponent("<repo name>".into()),
        ),
        ("reg_x.com:5000/app", InvalidDomain("reg_x.com:5000".into())),
        ("gcr.io/p/app:-bad", InvalidTag("-bad".into())),
        (
            "gcr.io/p/app@sha256:abc",
            InvalidDigest("sha256:abc".into()),
        ),
    ] {
        assert_eq!(ImageRef::parse(text), Err(error), "{text}");
    }
}

#[test]
fn limits_the_name_to_255_characters() {
    let at_limit = format!("reg.example.com/{}", "a".repeat(NAME_TOTAL_LENGTH_MAX - 16));
    assert_eq!(at_limit.len(), NAME_TOTAL_LENGTH_MAX);
    assert!(ImageRef::parse(&at_limit).is_ok());
    // The tag does not count.
    assert!(ImageRef::parse(&format!("{at_limit}:v1")).is_ok());
    let over = format!("{at_limit}b");
    assert_eq!(ImageRef::parse(&over), Err(ReferenceError::TooLong(256)));
}

#[test]
fn hosts_are_normalised() {
    for (text, host) in [
        ("app", "docker.io"),
        ("user/app", "docker.io"),
        ("docker.io/user/app", "docker.io"),
        ("index.docker.io/user/app", "docker.io"),
        ("registry-1.docker.io/user/app", "docker.io"),
        ("Reg.Example.com/app", "reg.example.com"),
        ("localhost:5000/app", "localhost:5000"),
    ] {
        assert_eq!(parse(text).host(), host, "{text}");
    }
}

#[test]
fn a_prefix_is_valid_when_prefix_slash_name_is_a_repository() {
    for (prefix, host, path) in [
        ("docker.io/team", "docker.io", "team"),
        ("gcr.io/my-proj", "gcr.io", "my-proj"),
        ("localhost:5000", "localhost:5000", ""),
        ("docker.io", "docker.io", ""),
        ("team", "docker.io", "team"),
        ("reg.example.com/a/b", "reg.example.com", "a/b"),
    ] {
        let r = ImageRef::parse_prefix(prefix).unwrap_or_else(|e| panic!("{prefix}: {e}"));
        assert_eq!(
            (r.host().as_str(), r.path.as_str()),
            (host, path),
            "{prefix}"
        );
        assert!(r.is_repository());
    }
    use ReferenceError::*;
    for (prefix, error) in [
        ("gcr.io/my-proj/", EmptyComponent),
        ("gcr.io/my-proj:v1", InvalidComponent("my-proj:v1".into())),
        ("docker.io/Team", Uppercase("Team".into())),
        ("https://gcr.io/my-proj", HasScheme("https".into())),
        ("", Empty),
    ] {
        assert_eq!(ImageRef::parse_prefix(prefix), Err(error), "{prefix}");
    }
}

#[test]
fn names_and_components_round_trip() {
    assert_eq!(parse("gcr.io/p/app:v1").name(), "gcr.io/p/app");
    assert_eq!(parse("user/app").components(), vec!["user", "app"]);
    let bare = ImageRef::parse_prefix("localhost:5000").unwrap();
    assert_eq!(bare.name(), "localhost:5000");
    assert!(bare.components().is_empty());
}

#[test]
fn google_projects_of_prefixes() {
    let project = |p: &str| google_project(&ImageRef::parse_prefix(p).unwrap());
    assert_eq!(project("gcr.io/my-proj").as_deref(), Some("my-proj"));
    assert_eq!(project("gcr.io"), None);
    assert_eq!(
        project("asia-east1-docker.pkg.dev/my-proj/images").as_deref(),
        Some("my-proj")
    );
    assert_eq!(
        RegistryKind::of(&ImageRef::parse_prefix("gcr.io").unwrap().host()),
        RegistryKind::Gcr
    );
}
