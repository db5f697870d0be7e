//! Layered input on the command line (SPEC §9): `-f` files and `--set*` flags are one set, as
//! `helm install` combines them; a finding names the file, line and column of the value that
//! won.

use serde_json::Value;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn customimage(args: &[&str]) -> (i32, String, String) {
    let out = crate::support::cli::command()
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const BASE: &str = "customImage:\n  registryEndpoint: docker.io\n  registryUsername: alice\n";
const PROD: &str = "customImage:\n  pushRepo: alice/images\n";

#[test]
fn files_that_only_work_together_lint_clean_as_a_set() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(&dir, "base.yaml", BASE);
    let prod = write(&dir, "prod.yaml", PROD);
    // One by one, the base has no push target and no password.
    let (code, out, _) = customimage(&["lint", &base]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("missing-push-target"), "{out}");
    // Layered with the password from --set, it is a working configuration.
    let (code, out, err) = customimage(&[
        "lint",
        "-f",
        &base,
        "-f",
        &prod,
        "--set",
        "customImage.registryPassword=s3cret-pw",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("s3cret-pw") && !err.contains("s3cret-pw"));
}

#[test]
fn a_finding_points_at_the_value_that_won() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(
        &dir,
        "base.yaml",
        &format!("{BASE}  registryPassword: pw\n  pushRepo: alice/images\n"),
    );
    let prod = write(
        &dir,
        "prod.yaml",
        "# production\ncustomImage:\n  pushRepo: Alice/Images\n",
    );
    let (code, out, _) = customimage(&["lint", "--format", "json", "-f", &base, "-f", &prod]);
    assert_eq!(code, 1, "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let files = report["files"].as_array().unwrap();
    let found: Vec<(&str, &str, u64, u64)> = files
        .iter()
        .flat_map(|f| {
            f["diagnostics"].as_array().unwrap().iter().map(move |d| {
                (
                    f["path"].as_str().unwrap(),
                    d["rule"].as_str().unwrap(),
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                )
            })
        })
        .collect();
    assert!(
        found.contains(&(prod.as_str(), "invalid-repository", 3, 13)),
        "{found:?}"
    );
    assert!(
        found.iter().all(|f| f.0 != base),
        "the base's pushRepo lost: {found:?}"
    );
}

#[test]
fn a_2x_env_can_be_the_first_layer() {
    let dir = tempfile::tempdir().unwrap();
    let env = write(
        &dir,
        ".env",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=alice\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=pw\n",
    );
    let over = write(&dir, "primehub.yaml", PROD);
    let (code, out, err) = customimage(&["lint", &env, "-f", &over]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = customimage(&["lint", &env]);
    assert_eq!(code, 1, "alone, the .env has no push target: {out}");
}

#[test]
fn a_set_helm_refuses_is_a_usage_error() {
    let (code, _, err) = customimage(&["lint", "--set", "customImage.pushRepo"]);
    assert_eq!(code, 2);
    assert!(err.contains("--set"), "{err}");
}

#[test]
fn render_and_diff_take_layers_and_name_objects_as_the_chart_does() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(
        &dir,
        "base.yaml",
        &format!("{BASE}  registryPassword: pw\n"),
    );
    let prod = write(&dir, "prod.yaml", PROD);
    let (code, out, err) = customimage(&[
        "render",
        "--release",
        "ph",
        "-f",
        &base,
        "-f",
        &prod,
        "--set",
        "nameOverride=hub",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("name: \"ph-hub-controller-config\""), "{out}");
    assert!(
        out.contains("ph-hub-controller-custom-image-push-secret"),
        "{out}"
    );

    let live = write(
        &dir,
        "live.yaml",
        &format!(
            "{BASE}  registryPassword: pw\n{}",
            "  pushRepo: alice/old\n"
        ),
    );
    let (code, out, err) = customimage(&[
        "diff",
        "--detailed-exitcode",
        "--old-values",
        &live,
        "-f",
        &base,
        "-f",
        &prod,
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("-  pushRepo: alice/old\n+  pushRepo: alice/images\n"),
        "{out}"
    );
    assert!(
        out.starts_with(&format!("--- {live}\n+++ {base} + {prod}\n")),
        "{out}"
    );
}

#[test]
fn the_push_secret_the_chart_creates_is_named_after_its_fullname() {
    let dir = tempfile::tempdir().unwrap();
    let values = write(
        &dir,
        "v.yaml",
        &format!("{BASE}  registryPassword: pw\n  pushRepo: alice/images\n"),
    );
    let (code, out, _) =
        customimage(&["lint", "--release", "ph", "--format", "json", "-f", &values]);
    assert_eq!(code, 0, "a warning: {out}");
    assert!(out.contains("push-secret-name-mismatch"), "{out}");
    assert!(
        out.contains("set `pushSecretName: ph-primehub-controller-custom-image-push-secret`"),
        "{out}"
    );

    // Another release's chart-style name is a mismatch too; the right one is clean.
    let (_, out, _) = customimage(&[
        "lint",
        "--release",
        "ph",
        "-f",
        &values,
        "--set",
        "customImage.pushSecretName=prod-primehub-controller-custom-image-push-secret",
    ]);
    assert!(out.contains("push-secret-name-mismatch"), "{out}");
    let (code, out, err) = customimage(&[
        "lint",
        "--release",
        "ph",
        "-f",
        &values,
        "--set",
        "fullnameOverride=hub",
        "--set",
        "customImage.pushSecretName=hub-controller-custom-image-push-secret",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("push-secret-name-mismatch"), "{out}");
}

#[test]
fn the_config_map_holds_helms_effective_block_nulls_and_strings_kept() {
    let dir = tempfile::tempdir().unwrap();
    let values = write(
        &dir,
        "v.yaml",
        &format!(
            "{BASE}  registryPassword: pw\n  pushRepo: alice/images\n  enabled: null\n  buildJob:\n    resources:\n      limits:\n        cpu: \"4\"\n        memory: \"2e9\"\n"
        ),
    );
    let (code, out, err) = customimage(&["render", &values]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("      enabled: null\n"), "{out}");
    assert!(
        out.contains("            cpu: \"4\"\n            memory: \"2e9\"\n"),
        "{out}"
    );
    // A null deletes the chart's default: the controller would read an empty name.
    let (code, _, err) = customimage(&[
        "render",
        &values,
        "--set",
        "customImage.pushSecretName=null",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("invalid-secret-name"), "{err}");
}

#[test]
fn values_helm_cannot_deploy_are_errors_wherever_they_come_from() {
    let dir = tempfile::tempdir().unwrap();
    let values = write(&dir, "v.yaml", &format!("{BASE}  pushRepo: alice/images\n"));
    for (value, rule) in [
        ("pw\u{2028}x", "line-separator"),
        ("pw\u{7f}", "unencodable-character"),
        ("pw\u{85}", "next-line-character"),
    ] {
        let expr = format!("customImage.registryPassword={value}");
        let (code, out, _) = customimage(&["lint", "-f", &values, "--set-string", &expr]);
        assert_eq!(code, 1, "{rule}: {out}");
        assert!(out.contains(rule), "{rule}: {out}");
        assert!(!out.contains(value), "the password is masked: {out}");
    }
}

#[test]
fn the_2x_recipe_diffs_the_live_release_against_env_and_override() {
    let dir = tempfile::tempdir().unwrap();
    let env = write(
        &dir,
        ".env",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=alice\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=pw\nPRIMEHUB_CUSTOM_IMAGE_PUSH_REPO=alice/env-images\n",
    );
    let over = write(&dir, "primehub.yaml", PROD);
    let live = write(
        &dir,
        "live.yaml",
        &format!("{BASE}  registryPassword: pw\n{PROD_BODY}"),
    );
    let (code, out, err) = customimage(&[
        "diff",
        "--detailed-exitcode",
        "--old-values",
        &live,
        "-f",
        &env,
        "-f",
        &over,
    ]);
    assert_eq!(
        code, 0,
        "the override wins over the .env, as in 2.x: {out}{err}"
    );
}

const PROD_BODY: &str = "  pushRepo: alice/images\n";

#[test]
fn the_configs_chart_values_are_the_default_of_chart_values() {
    let dir = tempfile::tempdir().unwrap();
    let values = write(
        &dir,
        "v.yaml",
        &format!("{BASE}  registryPassword: pw\n  pushRepo: alice/images\n"),
    );
    // Another chart version's defaults: a builder tag the bundled chart does not have.
    write(
        &dir,
        "chart-values.yaml",
        "customImage:\n  pushSecretName: primehub-controller-custom-image-push-secret\n  insecureSkipVerify: false\n  buildJob:\n    image:\n      repository: infuseai/buildah\n      tag: v9.9.9-test\n",
    );
    let config = write(
        &dir,
        "customimage.yaml",
        "chart-values: chart-values.yaml\n",
    );
    let (code, out, err) = customimage(&["render", "--config", &config, &values]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("tag: v9.9.9-test"), "{out}");
    // Without the configuration, the bundled chart's defaults.
    let (code, out, err) = customimage(&["render", &values]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("v9.9.9-test"), "{out}");
    // --chart-values wins over the configuration's.
    let other = write(
        &dir,
        "other.yaml",
        "customImage:\n  pushSecretName: primehub-controller-custom-image-push-secret\n  buildJob:\n    image:\n      repository: infuseai/buildah\n      tag: v7.7.7-test\n",
    );
    let (code, out, err) = customimage(&[
        "render",
        "--config",
        &config,
        "--chart-values",
        &other,
        &values,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("tag: v7.7.7-test"), "{out}");
}

#[test]
fn a_refused_set_never_shows_the_password_it_gives() {
    for args in [
        &[
            "lint",
            "--set",
            "customImage.registryPassword=Hunter2Secret,tail",
        ][..],
        &[
            "lint",
            "--set-json",
            "customImage.registryPassword={\"a\":Hunter2Secret}",
        ],
    ] {
        let (code, out, err) = customimage(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        for shown in [&out, &err] {
            assert!(!shown.contains("Hunter2"), "{args:?}: {shown}");
            assert!(!shown.contains("\"tail\""), "{args:?}: {shown}");
        }
        assert!(err.contains("Helm refuses it"), "{args:?}: {err}");
    }
}
