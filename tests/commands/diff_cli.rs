//! `customimage diff OLD NEW` through the CLI: values against values, `.env` against values,
//! `--manifests`, masking, `--context` and the exit codes a script gates on.

use std::path::{Path, PathBuf};

use crate::support::cli::command;
use crate::support::{fixture, read};
use predicates::prelude::*;

const OLD_PASSWORD: &str = "dckr_pat_fixture-Token-0001";
const NEW_PASSWORD: &str = "dckr_pat_R0tated-Token-0002";

struct Inputs {
    dir: tempfile::TempDir,
}

impl Inputs {
    fn new() -> Inputs {
        Inputs {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path: PathBuf = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
}

fn dockerhub() -> String {
    fixture("render/dockerhub/values.yaml")
}

/// The Docker Hub fixture with another token and user.
fn rotated(inputs: &Inputs) -> String {
    let text = read(Path::new(&dockerhub()))
        .replace(OLD_PASSWORD, NEW_PASSWORD)
        .replace("registryUsername: alice", "registryUsername: bob");
    inputs.write("rotated.yaml", &text)
}

/// The Docker Hub fixture as a 2.x `.env`: the same configuration.
fn dockerhub_env(inputs: &Inputs) -> String {
    inputs.write(
        "primehub.env",
        &format!(
            "PRIMEHUB_FEATURE_CUSTOM_IMAGE=true\n\
             PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n\
             PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=alice\n\
             PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={OLD_PASSWORD}\n\
             PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO=docker.io/alice/primehub-images\n"
        ),
    )
}

fn fingerprint(secret: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(secret.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{}", &hex[..8])
}

fn stdout(args: &[&str]) -> (String, Option<i32>) {
    let out = command().args(args).output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

#[test]
fn values_against_values_shows_the_changed_keys() {
    let inputs = Inputs::new();
    let (old, new) = (dockerhub(), rotated(&inputs));
    let (text, code) = stdout(&["diff", &old, &new, "--context", "0"]);
    assert_eq!(code, Some(0));
    let expected = format!(
        "--- {old}\n+++ {new}\n@@ -18,2 +18,2 @@\n-  registryPassword: {}\n-  registryUsername: alice\n+  registryPassword: {}\n+  registryUsername: bob\n",
        fingerprint(OLD_PASSWORD),
        fingerprint(NEW_PASSWORD)
    );
    assert_eq!(text, expected);
}

#[test]
fn a_dotenv_and_values_with_the_same_meaning_do_not_differ() {
    let inputs = Inputs::new();
    let env = dockerhub_env(&inputs);
    command()
        .args(["diff", &env, &dockerhub(), "--detailed-exitcode"])
        .assert()
        .code(0)
        .stdout("");
    // And against the rotated values, the .env side is the old one.
    let (text, code) = stdout(&["diff", &env, &rotated(&inputs), "--detailed-exitcode"]);
    assert_eq!(code, Some(2));
    assert!(text.starts_with(&format!("--- {env}\n")), "{text}");
    assert!(text.contains("\n-  registryUsername: alice\n"), "{text}");
    assert!(text.contains("\n+  registryUsername: bob\n"), "{text}");
}

#[test]
fn manifests_show_the_decoded_push_secret() {
    let inputs = Inputs::new();
    let (text, code) = stdout(&["diff", &dockerhub(), &rotated(&inputs), "--manifests"]);
    assert_eq!(code, Some(0));
    assert!(
        text.contains(&format!(
            "\n-        auth: \"alice:{}\"\n+        auth: \"bob:{}\"\n",
            fingerprint(OLD_PASSWORD),
            fingerprint(NEW_PASSWORD)
        )),
        "{text}"
    );
    // The config map's copy of the values changes too.
    assert!(text.contains("\n+      registryUsername: bob\n"), "{text}");
    // A registry change shows as a changed auths key.
    let other = inputs.write(
        "quay.yaml",
        &read(Path::new(&dockerhub()))
            .replace("registryEndpoint: docker.io", "registryEndpoint: quay.io")
            .replace("pushRepo: docker.io/", "pushRepo: quay.io/"),
    );
    let (text, _) = stdout(&[
        "diff",
        &dockerhub(),
        &other,
        "--manifests",
        "--context",
        "0",
    ]);
    assert!(
        text.contains("\n-      \"docker.io\":\n+      \"quay.io\":\n"),
        "{text}"
    );
}

#[test]
fn passwords_never_appear_without_show_secrets() {
    let inputs = Inputs::new();
    let (old, new) = (dockerhub(), rotated(&inputs));
    for extra in [&[][..], &["--manifests"][..]] {
        let out = command()
            .args(["diff", &old, &new])
            .args(extra)
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !all.contains(OLD_PASSWORD) && !all.contains(NEW_PASSWORD),
            "{all}"
        );
        // Not even base64-encoded inside a secret.
        assert!(!all.contains(".dockerconfigjson: \""), "{all}");
        assert!(all.contains(&fingerprint(NEW_PASSWORD)), "{all}");
    }
    for extra in [&[][..], &["--manifests"][..]] {
        let (text, _) = stdout(&[&["diff", &old, &new, "--show-secrets"][..], extra].concat());
        assert!(text.contains(OLD_PASSWORD), "{text}");
        assert!(text.contains(NEW_PASSWORD), "{text}");
        assert!(!text.contains("sha256:"), "{text}");
    }
}

#[test]
fn context_sets_the_lines_around_each_change() {
    let inputs = Inputs::new();
    let (old, new) = (dockerhub(), rotated(&inputs));
    let context_lines = |n: &str| {
        let (text, _) = stdout(&["diff", &old, &new, "--context", n]);
        text.lines().filter(|l| l.starts_with(' ')).count()
    };
    // The change is the last two lines of the block: context only comes from above.
    assert_eq!(context_lines("0"), 0);
    assert_eq!(context_lines("1"), 1);
    assert_eq!(context_lines("3"), 3);
    assert_eq!(context_lines("5"), 5);
}

#[test]
fn exit_codes_follow_helm_diff() {
    let inputs = Inputs::new();
    let (old, new) = (dockerhub(), rotated(&inputs));
    command()
        .args(["diff", &old, &old, "--detailed-exitcode"])
        .assert()
        .code(0)
        .stdout("");
    command()
        .args(["diff", &old, &new, "--detailed-exitcode"])
        .assert()
        .code(2);
    command().args(["diff", &old, &new]).assert().code(0);
    // An input with an error-level finding: 1, and no diff.
    let bad = inputs.write("bad.yaml", "customImage:\n  registryEndpointt: docker.io\n");
    command()
        .args(["diff", &old, &bad, "--detailed-exitcode"])
        .assert()
        .code(1)
        .stdout("");
    // A missing input: 2, even when the other has findings.
    command()
        .args(["diff", &bad, "/nonexistent/values.yaml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("/nonexistent/values.yaml"));
    // With --detailed-exitcode any error is 1, an unreadable input and a usage error too: 2 is
    // kept for "changes", so a wrapper written for helm-diff never reads an error as one.
    command()
        .args([
            "diff",
            &old,
            "/nonexistent/values.yaml",
            "--detailed-exitcode",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("/nonexistent/values.yaml"));
    command()
        .args([
            "diff",
            &bad,
            "/nonexistent/values.yaml",
            "--detailed-exitcode",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("registryEndpointt"));
}

#[test]
fn colour_is_applied_only_when_asked() {
    let inputs = Inputs::new();
    let (old, new) = (dockerhub(), rotated(&inputs));
    // Without NO_COLOR: output to a pipe is plain in `auto` of itself.
    let out = command()
        .env_remove("NO_COLOR")
        .args(["diff", &old, &new])
        .output()
        .unwrap();
    let plain = String::from_utf8(out.stdout).unwrap();
    assert!(!plain.contains('\x1b'));
    let (colored, _) = stdout(&["--color", "always", "diff", &old, &new]);
    assert!(
        colored.contains("\x1b[31m-  registryUsername: alice\x1b[0m\n"),
        "{colored:?}"
    );
    assert!(
        colored.contains("\x1b[32m+  registryUsername: bob\x1b[0m\n"),
        "{colored:?}"
    );
}
