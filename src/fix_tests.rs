use super::*;

fn check(kind: InputKind) -> impl Fn(&SourceFile) -> (Vec<Diagnostic>, Vec<Span>) {
    move |source: &SourceFile| {
        let result = crate::analysis::check_source(source.clone(), kind, "primehub");
        let secrets = result.secret_spans().to_vec();
        (result.diagnostics, secrets)
    }
}

fn fix_text(text: &str, kind: InputKind) -> Fixed {
    fix_source(&SourceFile::new("t", text), kind, &check(kind))
}

fn rules_of(text: &str, kind: InputKind) -> Vec<&'static str> {
    check(kind)(&SourceFile::new("t", text))
        .0
        .iter()
        .map(|d| d.rule.name())
        .collect()
}

const GCR_HEAD: &str = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io\n\
                        PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=gcr.io/primehub-demo\n";

#[test]
fn crlf_and_bom_are_removed_and_a_second_pass_changes_nothing() {
    let text = "\u{feff}PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\r\n\
                PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO='a/b\r\nc'\r\n# comment\r";
    let fixed = fix_text(text, InputKind::Env);
    assert_eq!(
        fixed.fixed,
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n\
         PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO='a/b\nc'\n# comment"
    );
    assert!(!rules_of(&fixed.fixed, InputKind::Env).contains(&"env-syntax"));
    let again = fix_text(&fixed.fixed, InputKind::Env);
    assert_eq!(again.fixes_applied, 0);
    assert_eq!(again.fixed, fixed.fixed);
}

#[test]
fn unquoted_json_is_wrapped_only_when_the_written_json_is_recoverable() {
    let key = r#"{"type":"service_account","project_id":"p","private_key":"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n","client_email":"a@p.iam.gserviceaccount.com"}"#;
    let text = format!(
        "{GCR_HEAD}PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=_json_key\n\
         PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={key}\n"
    );
    let fixed = fix_text(&text, InputKind::Env);
    assert!(fixed.fixed.contains(&format!(
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='{key}'\n"
    )));
    // What bash now assigns is the JSON byte for byte.
    let env = crate::env::parse_with(&SourceFile::new("t", fixed.fixed.as_str()), &|_| None);
    assert_eq!(
        env.get("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD")
            .unwrap()
            .value,
        key
    );
    assert!(!rules_of(&fixed.fixed, InputKind::Env).contains(&"env-unquoted-json"));

    // A space splits the value in bash, but the rest of the line is the JSON: recoverable.
    let spaced = format!("{GCR_HEAD}PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO={{\"a\": \"b c\"}}\n");
    assert!(fix_text(&spaced, InputKind::Env)
        .fixed
        .ends_with("PUSH_REPO='{\"a\": \"b c\"}'\n"));

    // Not JSON as written, or holding a `'`: nothing is certain, nothing changes.
    for value in [
        r#"{type:service_account}"#,
        r#"{"a":"it's"}"#,
        r#"{"a":1} trailing"#,
    ] {
        let text = format!("{GCR_HEAD}PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO={value}\n");
        let fixed = fix_text(&text, InputKind::Env);
        assert_eq!(fixed.fixed, text, "{value}");
    }
}

#[test]
fn the_diff_of_a_gcr_key_fix_never_shows_the_key() {
    let key = r#"{"type":"service_account","project_id":"p","private_key":"-----BEGIN PRIVATE KEY-----\nS3CRETS3CRETS3CRET\n-----END PRIVATE KEY-----\n","client_email":"a@p.iam.gserviceaccount.com"}"#;
    let text = format!(
        "{GCR_HEAD}PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=_json_key\n\
         PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={key}\n"
    );
    let fixed = fix_text(&text, InputKind::Env);
    assert_eq!(fixed.fixes_applied, 1);
    let diff = unified_diff("gcr.env", &fixed);
    assert!(diff.contains("--- a/gcr.env\n+++ b/gcr.env\n"), "{diff}");
    assert!(
        diff.contains("-PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=****\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='****'\n"),
        "{diff}"
    );
    assert!(
        !diff.contains("S3CRET") && !diff.contains("service_account"),
        "{diff}"
    );
}

#[test]
fn a_deprecated_key_is_renamed_only_without_a_conflict() {
    let old = "PRIMEHUB_CONTROLLER_CUSTOM_IMAGE_REPO_PREFIX";
    let text = format!("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io\n{old}=gcr.io/p\n");
    let fixed = fix_text(&text, InputKind::Env);
    assert_eq!(
        fixed.fixed,
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=https://gcr.io\n\
         PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=gcr.io/p\n"
    );
    assert!(!rules_of(&fixed.fixed, InputKind::Env).contains(&"env-deprecated-key"));

    for conflicting in [
        // The current name is set too (same value, or empty): renaming would change which wins.
        format!("{text}PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=gcr.io/p\n"),
        format!("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=\n{text}"),
        // The old name is used elsewhere: renaming would break the reference.
        format!("{text}PRIMEHUB_CUSTOM_IMAGE_PUSH_REPO=${old}/x\n"),
    ] {
        let fixed = fix_text(&conflicting, InputKind::Env);
        assert!(fixed.fixed.contains(&format!("{old}=")), "{conflicting}");
    }
}

#[test]
fn a_boolean_differing_only_in_case_is_lowercased() {
    let text = "PRIMEHUB_FEATURE_CUSTOM_IMAGE=True\nPRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY=\"FALSE\"\n\
                PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n";
    let fixed = fix_text(text, InputKind::Env);
    assert!(fixed.fixed.starts_with(
        "PRIMEHUB_FEATURE_CUSTOM_IMAGE=true\nPRIMEHUB_CUSTOM_IMAGE_INSECURE_SKIP_VERIFY=false\n"
    ));
    assert!(!rules_of(&fixed.fixed, InputKind::Env).contains(&"env-invalid-bool"));
    // `yes` probably means true, but that is a guess: no fix.
    let guess = "PRIMEHUB_FEATURE_CUSTOM_IMAGE=yes\n";
    assert_eq!(fix_text(guess, InputKind::Env).fixed, guess);
}

#[test]
fn a_mistyped_gcr_username_is_written_exactly_in_yaml() {
    let text = "customImage:\n  registryEndpoint: https://gcr.io\n  registryUsername: \"JSON_KEY\"  # from the docs\n  pushRepoPrefix: gcr.io/p\n";
    let fixed = fix_text(text, InputKind::Yaml);
    assert_eq!(
        fixed.fixed,
        text.replace("\"JSON_KEY\"", "_json_key"),
        "only the value's bytes change"
    );
    assert!(!rules_of(&fixed.fixed, InputKind::Yaml).contains(&"gcr-username"));
    let other = text.replace("\"JSON_KEY\"", "admin");
    assert_eq!(fix_text(&other, InputKind::Yaml).fixed, other);
}

#[test]
fn overlapping_fixes_are_applied_one_at_a_time() {
    let edit = |offset, len, replacement: &str| Edit {
        span: Span::new(offset, len),
        replacement: replacement.into(),
    };
    let fixes = [
        Fix {
            rule: Rule::EnvSyntax,
            title: String::new(),
            edits: vec![edit(0, 3, "X")],
        },
        Fix {
            rule: Rule::EnvSyntax,
            title: String::new(),
            edits: vec![edit(2, 2, "Y")],
        },
        Fix {
            rule: Rule::EnvSyntax,
            title: String::new(),
            edits: vec![edit(5, 0, "'"), edit(6, 0, "'")],
        },
    ];
    assert_eq!(apply("abcdefg", &fixes), ("Xde'f'g".to_string(), 2));
}

#[test]
fn spans_follow_the_edits_before_and_inside_them() {
    let edits = [
        Edit {
            span: Span::new(2, 0),
            replacement: "'".into(),
        },
        Edit {
            span: Span::new(5, 1),
            replacement: String::new(),
        },
    ];
    assert_eq!(map_span(Span::new(3, 4), &edits), Span::new(4, 3));
    // An insertion where the span starts or ends stays outside it.
    assert_eq!(map_span(Span::new(2, 3), &edits), Span::new(3, 3));
    assert_eq!(map_span(Span::new(0, 1), &edits), Span::new(0, 1));
}

#[cfg(unix)]
#[test]
fn writing_keeps_the_mode_a_backup_and_a_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.env");
    std::fs::write(&real, "A=1\r\n").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("link.env");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    write_fixed(&link, b"A=1\r\n", b"A=1\n", true).unwrap();
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "A=1\n");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&real), 0o600);
    let backup = dir.path().join("link.env.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), "A=1\r\n");
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        3,
        "no temp file left"
    );

    write_fixed(&real, b"A=1\n", b"A=2\n", false).unwrap();
    assert_eq!(
        std::fs::read_to_string(&backup).unwrap(),
        "A=1\r\n",
        "--no-backup"
    );
}
