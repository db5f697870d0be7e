use super::*;
use crate::source::InputKind;

struct Outcome {
    /// (rule, line) of the findings left.
    active: Vec<(&'static str, usize)>,
    suppressed: Vec<(&'static str, usize)>,
    /// (line, message) of the unused-suppression findings.
    unused: Vec<(usize, String)>,
}

fn comments_of(source: &SourceFile, kind: InputKind) -> Vec<Comment> {
    match kind {
        InputKind::Env => crate::env::parse_with(source, &|_| None).comments,
        InputKind::Yaml => crate::values::yaml::comments(&source.text).unwrap_or_default(),
    }
}

/// The findings of `text` once the load-and-check step has matched them against the file's
/// suppressions.
fn run(text: &str, kind: InputKind) -> Outcome {
    let source = SourceFile::new("t", text);
    let result = crate::analysis::check_source(source.clone(), kind, "primehub");
    let line = |d: &Diagnostic| source.line_col(d.span.offset).0;
    let (unused, active): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        result.diagnostics.iter().partition(|d| d.rule == UNUSED);
    Outcome {
        active: active.iter().map(|d| (d.rule.name(), line(d))).collect(),
        suppressed: result
            .suppressed
            .iter()
            .inspect(|s| assert_eq!(s.kind, SuppressionKind::InSource))
            .map(|s| (s.diagnostic.rule.name(), line(&s.diagnostic)))
            .collect(),
        unused: unused
            .iter()
            .map(|d| (line(d), d.message.clone()))
            .collect(),
    }
}

const ENV_HEAD: &str = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n\
                        PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/infuseai\n\
                        PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=u\n\
                        PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=p\n";

#[test]
fn env_suppression_on_the_line_and_on_the_line_above() {
    let text = format!(
        "{ENV_HEAD}PRIMEHUB_CUSTOM_IMAGE_REPO_PERFIX=x # customimage: ignore[env-unknown-key] legacy\n\
         # customimage: ignore[env-unknown-key] also legacy\n\
         # an ordinary comment between\n\
         PRIMEHUB_CUSTOM_IMAGE_PUSH_REPOO=y\n\
         PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USER=z\n"
    );
    let outcome = run(&text, InputKind::Env);
    assert_eq!(
        outcome.suppressed,
        [("env-unknown-key", 5), ("env-unknown-key", 8)]
    );
    assert_eq!(outcome.active, [("env-unknown-key", 9)]);
    assert!(outcome.unused.is_empty(), "{:?}", outcome.unused);
}

#[test]
fn env_file_wide_unknown_and_unused_suppressions() {
    let text = format!(
        "# customimage: ignore-file[env-unknown-key]\n{ENV_HEAD}\
         PRIMEHUB_CUSTOM_IMAGE_REPO_PERFIX=x\n\
         PRIMEHUB_CUSTOM_IMAGE_PUSH_REPOO=y\n\
         PRIMEHUB_DOMAIN=hub # customimage: ignore[env-duplicate-key, env-unknwn-key]\n\
         # customimage: ignore registry-mismatch\n"
    );
    let outcome = run(&text, InputKind::Env);
    assert_eq!(
        outcome.suppressed,
        [("env-unknown-key", 6), ("env-unknown-key", 7)]
    );
    assert!(outcome.active.is_empty(), "{:?}", outcome.active);
    let messages: Vec<_> = outcome
        .unused
        .iter()
        .map(|(l, m)| (*l, m.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                8,
                "`env-duplicate-key` is suppressed here, but this line has no \
                 `env-duplicate-key` finding"
            ),
            (
                8,
                "`env-unknwn-key` is not a rule: this suppression does nothing"
            ),
            (
                9,
                "a `customimage:` comment that is not a suppression: it does nothing"
            ),
        ]
    );
}

#[test]
fn a_hash_bash_does_not_take_as_a_comment_is_no_suppression() {
    let text = format!(
        "{ENV_HEAD}PRIMEHUB_CUSTOM_IMAGE_REPO_PERFIX=x#customimage:ignore[env-unknown-key]\n\
         PRIMEHUB_CUSTOM_IMAGE_PUSH_REPOO='y # customimage: ignore[env-unknown-key]'\n\
         PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USER=\"z\n# customimage: ignore[env-unknown-key]\"\n"
    );
    let outcome = run(&text, InputKind::Env);
    assert!(outcome.suppressed.is_empty(), "{:?}", outcome.suppressed);
    assert_eq!(outcome.active.len(), 3);
    assert!(outcome.unused.is_empty());
}

#[test]
fn a_trailing_suppression_covers_every_line_of_a_multi_line_env_value() {
    let text = format!(
        "{ENV_HEAD}PRIMEHUB_CUSTOM_IMAGE_REPO_PERFIX='x\ny' # customimage: ignore[env-unknown-key]\n"
    );
    let outcome = run(&text, InputKind::Env);
    assert_eq!(outcome.suppressed, [("env-unknown-key", 5)]);
}

const YAML: &str =
    "customImage:\n  registryEndpoint: https://gcr.io\n  pushSecretName: gcr-secret\n";

#[test]
fn yaml_suppressions_line_above_file_and_unused() {
    let text = format!(
        "# customimage: ignore-file[missing-push-target] pushed by another job\n{YAML}\
         # customimage: ignore[unknown-key] kept for the old chart\n\
         \x20 pushRepoPerfix: gcr.io/p\n\
         \x20 enabled: true # customimage: ignore[enabled-ignored]\n\
         \x20 note: 'a # customimage: ignore[unknown-key]'\n"
    );
    let outcome = run(&text, InputKind::Yaml);
    assert!(outcome.suppressed.contains(&("unknown-key", 6)));
    assert!(outcome
        .suppressed
        .iter()
        .any(|(rule, _)| *rule == "missing-push-target"));
    assert_eq!(outcome.active, [("unknown-key", 8)]);
    // `enabled: true` draws no `enabled-ignored`.
    assert_eq!(
        outcome.unused.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        [7],
        "{:?}",
        outcome.unused
    );
}

#[test]
fn an_unused_suppression_can_itself_be_suppressed() {
    let text = format!(
        "# customimage: ignore-file[unused-suppression]\n{YAML}  pushRepo: gcr.io/p/i # customimage: ignore[schema]\n"
    );
    let source = SourceFile::new("t", text.as_str());
    let suppressions = parse(&source, &comments_of(&source, InputKind::Yaml));
    let matched = apply(&suppressions, &source, &[], &|_| true);
    assert!(matched.unused.is_empty());
    assert_eq!(matched.suppressed_unused.len(), 1);
}

#[test]
fn a_suppression_of_a_rule_turned_off_is_not_unused() {
    let text = format!("{YAML}  pushRepo: gcr.io/p/i # customimage: ignore[schema]\n");
    let source = SourceFile::new("t", text.as_str());
    let suppressions = parse(&source, &comments_of(&source, InputKind::Yaml));
    let matched = apply(&suppressions, &source, &[], &|rule| rule != "schema");
    assert!(matched.unused.is_empty());
}

#[test]
fn comment_text_that_is_not_a_rule_name_is_never_quoted() {
    let text = format!(
        "{YAML}  pushRepo: gcr.io/p/i # customimage: ignore[hunter2 S3cr3t!, registry-missmatch] why\n"
    );
    let outcome = run(&text, InputKind::Yaml);
    let messages: Vec<&str> = outcome.unused.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "this rule name is not a rule: this suppression does nothing",
            "`registry-missmatch` is not a rule: this suppression does nothing",
        ]
    );
    assert!(!format!("{:?}", parse(&SourceFile::new("t", text.as_str()), &[])).contains("hunter2"));
}

#[test]
fn the_unknown_name_gets_a_suggestion_and_points_at_the_name() {
    let text = format!("{YAML}  pushRepo: gcr.io/p/i # customimage: ignore[registry-missmatch]\n");
    let source = SourceFile::new("t", text.as_str());
    let suppressions = parse(&source, &comments_of(&source, InputKind::Yaml));
    let matched = apply(&suppressions, &source, &[], &|_| true);
    let d = &matched.unused[0];
    assert_eq!(d.help, "did you mean `registry-mismatch`?");
    assert_eq!(&text[d.span.offset..d.span.end()], "registry-missmatch");
}
