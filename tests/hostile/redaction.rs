//! Canary passwords fed through every error path of every command: none may reach stdout or
//! stderr in any format. Each case also asserts its exit status, so that a command that
//! silently does nothing cannot pass for one that redacts.

use std::path::Path;

use crate::support::cli::command;

const PW: &str = "CANARYpw-91c2e7";
const KEY_SECRET: &str = "CANARYkeybody77aa";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn run(args: &[&str]) -> (i32, String) {
    let out = command().args(args).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn assert_clean(args: &[&str], expected_code: i32) {
    let (code, text) = run(args);
    for canary in [PW, KEY_SECRET] {
        assert!(!text.contains(canary), "{args:?} leaked {canary}:\n{text}");
    }
    assert_eq!(code, expected_code, "{args:?}:\n{text}");
}

/// Inputs with a canary password and at least one error each.
fn bad_inputs(dir: &Path) -> Vec<String> {
    let gcr_key = format!(
        r#"{{"type":"service_account","project_id":"p","private_key":"-----BEGIN PRIVATE KEY-----\n{KEY_SECRET}\n-----END PRIVATE KEY-----\n","client_email":"a@p.iam.gserviceaccount.com""#
    ); // unterminated JSON object: gcr-key-json
    vec![
        write(dir, "shell.env", &format!(
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={PW}\nPRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/$(echo x)\n"
        )),
        write(dir, "unquoted-json.env", &format!(
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=_json_key\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={{\"type\":\"service_account\",\"private_key\":\"{KEY_SECRET}\",\"pw\":\"{PW}\"}}\n"
        )),
        write(dir, "reference.env", &format!(
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='{PW}'\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=$PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD\nPRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY=maybe\n"
        )),
        write(dir, "unterminated.env", &format!(
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=\"{PW}\n"
        )),
        write(dir, "conflict.env", &format!(
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={PW}\nPRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REGISTRY_PASSWORD={PW}x\n"
        )),
        write(dir, "gcr-key.yaml", &format!(
            "customImage:\n  registryEndpoint: https://gcr.io\n  registryUsername: _json_key\n  registryPassword: '{gcr_key}'\n  pushRepoPrefix: gcr.io/p\n"
        )),
        write(dir, "gcr-block.yaml", &format!(
            "customImage:\n  registryEndpoint: https://gcr.io\n  registryUsername: _json_key\n  registryPassword: |\n    {{\"type\": \"service_account\",\n     \"private_key\": \"{KEY_SECRET}\"}}\n  pushRepoPrefix: gcr.io/p\n"
        )),
        write(dir, "syntax.yaml", &format!(
            "customImage:\n  registryEndpoint: docker.io\n  registryPassword: \"{PW}\n  pushRepoPrefix: docker.io/ns\n"
        )),
        write(dir, "schema.yaml", &format!(
            "customImage:\n  registryEndpoint: docker.io\n  registryUsername: u\n  registryPassword: [{PW}]\n  pushRepoPrefix: docker.io/ns\n"
        )),
        write(dir, "typo.yaml", &format!(
            "customImage:\n  registryEndpoint: docker.io\n  registryUsername: u\n  registryPasword: {PW}\n  pushRepoPrefix: docker.io/ns\n"
        )),
        write(dir, "mismatch.yaml", &format!(
            "customImage:\n  registryEndpoint: docker.io\n  registryUsername: u\n  registryPassword: {PW}\n  pushRepo: quay.io/ns/repo\n"
        )),
    ]
}

#[test]
fn no_error_path_shows_a_password() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = bad_inputs(dir.path());
    for input in &inputs {
        for format in ["human", "json", "sarif", "github"] {
            assert_clean(&["lint", "--format", format, input], 1);
        }
        assert_clean(&["render", input], 1);
        assert_clean(&["check", "--timeout", "1", input], 1);
        assert_clean(&["diff", input, input], 1);
        if input.ends_with(".env") {
            assert_clean(&["migrate", input], 1);
        }
    }
    // The directory as a whole, as CI would lint it.
    let dir_arg = dir.path().to_string_lossy().into_owned();
    assert_clean(&["lint", "--format", "json", &dir_arg], 1);
}

#[test]
fn diff_and_failed_checks_of_valid_inputs_do_not_show_the_password() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on port 9 of loopback: the check fails with "connection refused".
    let old = write(dir.path(), "old.yaml", &format!(
        "customImage:\n  registryEndpoint: http://127.0.0.1:9\n  insecureSkipVerify: true\n  registryUsername: u\n  registryPassword: {PW}\n  pushRepo: 127.0.0.1:9/ns/repo\n"
    ));
    let new = write(dir.path(), "new.yaml", &format!(
        "customImage:\n  registryEndpoint: http://127.0.0.1:9\n  insecureSkipVerify: true\n  registryUsername: u\n  registryPassword: {PW}-new\n  pushRepo: 127.0.0.1:9/ns/repo\n"
    ));
    assert_clean(&["diff", &old, &new], 0);
    assert_clean(&["diff", "--manifests", &old, &new], 0);
    assert_clean(&["diff", "--detailed-exitcode", &old, &new], 2);
    assert_clean(&["check", "--timeout", "2", &old], 3); // nothing listens: unreachable
    assert_clean(&["lint", "--format", "json", &old], 0);
    // The one place it must appear: the secret render emits, and --show-secrets.
    let (code, text) = run(&["diff", "--show-secrets", &old, &new]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains(&format!("{PW}-new")), "{text}");
}

/// Issue 12, finding 6: every case the human snippets (and, for the last ones, every format)
/// showed a password in. Each file has an error or a warning so that a snippet is printed.
fn finding_6_cases(dir: &Path) -> Vec<(&'static str, String)> {
    let head = "customImage:\n  registryEndpoint: docker.io\n  registryUsername: bob\n";
    let env_head = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n";
    let cases: Vec<(&'static str, &'static str, String)> = vec![
        ("misspelt_paasword", "a.yaml", format!("{head}  registryPaasword: {PW}\n  pushRepo: Bad_Repo\n")),
        ("misspelt_pssword", "b.yaml", format!("{head}  registryPssword: {PW}\n  pushRepo: Bad_Repo\n")),
        ("key_with_a_space", "c.yaml", format!("{head}  \"registryPassword \": {PW}\n  pushRepo: Bad_Repo\n")),
        ("env_pswrd", "d.env", format!("{env_head}PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PSWRD={PW}\n")),
        ("flow_syntax_error", "e.yaml", format!("customImage: {{registryEndpoint: docker.io, registryPassword: {PW}, pushRepo: [x}}\n")),
        ("json_syntax_error", "f.yaml", format!("{{\"customImage\": {{\"registryPassword\": \"{PW}\", \"pushRepo\": }}\n")),
        ("commented_out_yaml", "g.yaml", format!("{head}  # registryPassword: {PW}\n  pushRepo: Bad_Repo\n")),
        ("commented_out_env", "h.env", format!("{env_head}# PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={PW}\nPRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/$(x)\n")),
        ("pieces_from_other_variables", "i.env", format!("PART1={}\nPART2={}\n{env_head}PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=${{PART1}}${{PART2}}\nPRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/$(x)\n", &PW[..8], &PW[8..])),
        ("plus_equals_tail", "j.env", format!("{env_head}PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=head\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD+={PW}\n")),
        ("reused_in_another_key_lower_cased", "k.yaml", format!("{head}  registryPassword: {PW}\n  pushRepo: {PW}\n")),
        ("userinfo_in_an_endpoint", "l.yaml", format!("customImage:\n  registryEndpoint: https://bob:{PW}@registry.example.com\n  pushRepo: Bad_Repo\n")),
    ];
    cases
        .into_iter()
        .map(|(name, file, text)| (name, write(dir, file, &text)))
        .collect()
}

#[test]
fn human_snippets_do_not_show_passwords_of_finding_6() {
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in finding_6_cases(dir.path()) {
        for format in ["human", "json", "sarif", "github"] {
            let (code, text) = run(&["--color", "never", "lint", "--format", format, &path]);
            assert!(
                !text.to_ascii_lowercase().contains(&PW.to_ascii_lowercase()),
                "{name} --format {format} shows the password:\n{text}"
            );
            assert!(
                matches!(code, 0 | 1),
                "{name} --format {format}: exit {code}\n{text}"
            );
            if format == "human" {
                assert!(text.contains("│"), "{name}: a snippet is printed:\n{text}");
            }
        }
    }
}

/// A password whose written form differs from its value (quotes, backslash escapes, a
/// continuation line) is registered as written without its quoted forms: the value carries
/// them, and source text reaches every format scrubbed before it is escaped or encoded. So no
/// format shows the value, the written text, or either one JSON-escaped, though the value is
/// also the push repository (prefix), which `invalid-repository` quotes.
#[test]
fn a_password_written_with_quotes_escapes_and_continuations_shows_in_no_form() {
    let dir = tempfile::tempdir().unwrap();
    // bash: `\"` is `"` inside double quotes, and a backslash-newline is removed.
    let env_written = "Cont\\\"Canary\\\n-Tail'9x";
    let env_value = "Cont\"Canary-Tail'9x";
    let env = write(dir.path(), "p.env", &format!(
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=bob\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=\"{env_written}\"\nPRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=\"$PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD\"\n"
    ));
    let yaml_written = "Yaml\\\"Canary\\\\Q'x";
    let yaml_value = "Yaml\"Canary\\Q'x";
    let yaml = write(dir.path(), "p.yaml", &format!(
        "customImage:\n  registryEndpoint: docker.io\n  registryUsername: bob\n  registryPassword: \"{yaml_written}\"\n  pushRepo: \"{yaml_written}\"\n"
    ));
    let json = |s: &str| {
        serde_json::to_string(s)
            .unwrap()
            .trim_matches('"')
            .to_string()
    };
    for (path, written, value) in [
        (&env, env_written, env_value),
        (&yaml, yaml_written, yaml_value),
    ] {
        let forms = [
            written.to_string(),
            json(written),
            value.to_string(),
            json(value),
        ];
        for format in ["human", "json", "sarif", "github", "junit", "gitlab"] {
            let (code, text) = run(&["--color", "never", "lint", "--format", format, path]);
            assert_eq!(code, 1, "{path} --format {format}:\n{text}");
            let lower = text.to_ascii_lowercase();
            for form in &forms {
                assert!(
                    !lower.contains(&form.to_ascii_lowercase()),
                    "{path} --format {format} shows {form:?}:\n{text}"
                );
            }
            // Not even the pieces either side of the escapes.
            assert!(
                !lower.contains("canary"),
                "{path} --format {format}:\n{text}"
            );
        }
    }
}
