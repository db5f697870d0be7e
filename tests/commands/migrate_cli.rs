//! `customimage migrate ENV [-o OUT]`: the `customImage:` fragment, golden outputs for the
//! Docker Hub and GCR fixtures, refusal on error-level findings, exit codes, written files.

use crate::support::cli::command;
use crate::support::crate_path;
use crate::support::migrate::mode;

/// Runs `migrate ENV` and compares stdout with the reviewed golden file.
fn assert_golden(env: &str, golden: &str) -> String {
    let out = command()
        .arg("migrate")
        .arg(crate_path(env))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = std::fs::read_to_string(crate_path(golden)).unwrap();
    assert_eq!(stdout, want, "{env} → {golden}");
    stdout
}

/// The value of `key` in a `.env` written `KEY='value'`, as bash reads it.
fn single_quoted_env_value(env: &str, key: &str) -> String {
    let text = std::fs::read_to_string(crate_path(env)).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{key}='")))
        .unwrap_or_else(|| panic!("{env} has no single-quoted {key}"));
    let value = &line[key.len() + 2..];
    value.strip_suffix('\'').expect("one line").to_string()
}

#[test]
fn dockerhub_fixture_matches_its_golden_output() {
    assert_golden(
        "fixtures/env/dockerhub.env",
        "fixtures/migrate/dockerhub.yaml",
    );
}

#[test]
fn gcr_fixture_matches_its_golden_output_with_the_key_byte_for_byte() {
    let stdout = assert_golden("fixtures/env/gcr.env", "fixtures/migrate/gcr.yaml");
    let key = single_quoted_env_value(
        "fixtures/env/gcr.env",
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD",
    );
    assert!(
        key.starts_with('{') && key.contains(r"\n"),
        "a one-line GCR key JSON"
    );
    assert!(
        stdout.contains(&format!("\n  registryPassword: '{key}'\n")),
        "the key must stay one line, byte-identical, in single quotes:\n{stdout}"
    );
    let loaded = crate::support::pyyaml::safe_load_each(&[stdout]);
    assert_eq!(loaded[0]["customImage"]["registryPassword"], key.as_str());
}

#[test]
fn an_unquoted_gcr_key_is_refused_at_its_line_with_nothing_on_stdout() {
    let env = "fixtures/env/gcr-unquoted.env";
    let text = std::fs::read_to_string(crate_path(env)).unwrap();
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={"))
        .expect("the fixture has an unquoted key");
    let out = command()
        .arg("migrate")
        .arg(crate_path(env))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("env-unquoted-json"), "{stderr}");
    assert!(
        stderr.contains(&format!("gcr-unquoted.env:{line}:")),
        "{stderr}"
    );
    assert!(
        !stderr.contains("PRIVATE KEY-----\\nMII"),
        "the key leaked: {stderr}"
    );
}

#[test]
fn the_fragment_lists_only_the_keys_the_env_sets_in_chart_order() {
    let out = command()
        .arg("migrate")
        .arg(crate_path("fixtures/migrate/ecr-into.env"))
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        "customImage:\n  enabled: true\n  \
         registryEndpoint: https://123456789012.dkr.ecr.us-east-1.amazonaws.com\n  \
         pushRepo: 123456789012.dkr.ecr.us-east-1.amazonaws.com/primehub/images\n  \
         pushSecretName: aws-registry\n"
    );
}

#[test]
fn any_name_is_read_as_a_dotenv_and_the_password_stays_off_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("old-settings.txt");
    std::fs::copy(crate_path("fixtures/migrate/dockerhub-into.env"), &env).unwrap();
    let out = command().arg("migrate").arg(&env).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("  registryPassword: dckr_pat_Canary-0123\n"),
        "{stdout}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("dckr_pat_Canary-0123"));
}

#[test]
fn a_dotenv_without_image_builder_keys_gives_an_empty_block_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join(".env");
    std::fs::write(&env, "PRIMEHUB_DOMAIN=hub.example.com\n").unwrap();
    let out = command().arg("migrate").arg(&env).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "customImage: {}\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to migrate"));
}

#[test]
fn a_missing_env_is_an_io_error() {
    command()
        .args(["migrate", "/nonexistent/.env"])
        .assert()
        .code(2)
        .stdout("");
}

#[cfg(unix)]
#[test]
fn output_file_is_written_atomically_0600_with_a_password() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("custom-image.yaml");
    let run = command()
        .arg("migrate")
        .arg(crate_path("fixtures/migrate/dockerhub-into.env"))
        .arg("-o")
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&out_path).unwrap(),
        "customImage:\n  enabled: true\n  registryEndpoint: docker.io\n  \
         registryUsername: infuseai\n  registryPassword: dckr_pat_Canary-0123\n  \
         pushRepoPrefix: docker.io/infuseai\n"
    );
    assert_eq!(mode(&out_path), 0o600);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left"
    );
}

#[cfg(unix)]
#[test]
fn output_file_without_a_password_is_public() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("custom-image.yaml");
    command()
        .arg("migrate")
        .arg(crate_path("fixtures/migrate/ecr-into.env"))
        .arg("-o")
        .arg(&out_path)
        .assert()
        .success()
        .stdout("");
    assert_eq!(mode(&out_path), 0o644);
}

#[test]
fn an_unwritable_output_is_an_io_error() {
    command()
        .arg("migrate")
        .arg(crate_path("fixtures/migrate/ecr-into.env"))
        .args(["-o", "/nonexistent/dir/out.yaml"])
        .assert()
        .code(2)
        .stdout("");
}
