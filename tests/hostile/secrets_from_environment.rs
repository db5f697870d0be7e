//! Issue 12, finding 1: a `.env` can name a variable of the environment (a CI job's secret),
//! and linting it printed the value in every format. Now the message names the variable, and
//! the value is masked wherever else it would show (a finding quoting the setting it went into).

/// `customimage` with colours off, so that output can be matched as text.
fn customimage() -> assert_cmd::Command {
    crate::support::cli::command()
}

const CANARY: &str = "Ci-Secret-Canary-7d1e";

#[test]
fn an_env_file_cannot_print_ci_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("x.env");
    std::fs::write(
        &env,
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n\
         PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=${GITHUB_TOKEN}\n\
         PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=$AWS_SECRET_ACCESS_KEY\n\
         PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/${CI_SECRET}\n",
    )
    .unwrap();
    // Upper case in the prefix also makes `invalid-repository` quote the value it went into.
    let values = [
        ("CI_SECRET", format!("{CANARY}-ci")),
        ("GITHUB_TOKEN", format!("{CANARY}-gh").to_lowercase()),
        ("AWS_SECRET_ACCESS_KEY", format!("{CANARY}-aws")),
    ];
    for format in ["human", "json", "sarif", "github"] {
        let mut cmd = customimage();
        cmd.args(["lint", "--format", format]).arg(&env);
        for (name, value) in &values {
            cmd.env(name, value);
        }
        let out = cmd.output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{format}");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !all.to_ascii_lowercase()
                .contains(&CANARY.to_ascii_lowercase()),
            "--format {format} prints a value from the environment:\n{all}"
        );
        for (name, _) in &values {
            assert!(
                all.contains(&format!("`{name}` is set in the environment")),
                "--format {format} names {name}:\n{all}"
            );
        }
    }
}
