//! Where `values::yaml::load` says each key and value of `customImage` is written: the 1-based
//! line and column users see, in every YAML style, with CRLF line ends and a BOM.

use crate::support::api::{load, rule_name, LocatedValues, SourceFile, Span};

fn read(text: &str) -> (SourceFile, LocatedValues) {
    let source = SourceFile::new("values.yaml", text);
    let (located, diagnostics) = load(&source);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    (source, located)
}

fn at(source: &SourceFile, span: Span) -> ((usize, usize), &str) {
    (
        source.line_col(span.offset),
        &source.text[span.offset..span.end()],
    )
}

fn value<'s>(
    source: &'s SourceFile,
    located: &LocatedValues,
    path: &str,
) -> ((usize, usize), &'s str) {
    let span = *located
        .value_spans
        .get(path)
        .unwrap_or_else(|| panic!("no value span for {path}"));
    at(source, span)
}

fn key<'s>(
    source: &'s SourceFile,
    located: &LocatedValues,
    path: &str,
) -> ((usize, usize), &'s str) {
    let span = *located
        .key_spans
        .get(path)
        .unwrap_or_else(|| panic!("no key span for {path}"));
    at(source, span)
}

const BLOCK_STYLE: &str = "\
# PrimeHub values
other: 1
customImage:
  registryEndpoint: https://gcr.io
  registryUsername: '_json_key'
  registryPassword: |
    {\"type\": \"service_account\",
     \"private_key\": \"k\"}
  pushRepoPrefix: \"gcr.io/my-project\"
  insecureSkipVerify: false
  buildJob:
    image: {repository: infuseai/buildah, tag: v1.39.3}
    resources:
      limits:
        cpu: 2000m
        memory: >-
          1500Mi
    ephemeralStorage: 30Gi
";

#[test]
fn block_flow_quoted_and_multi_line_values_are_located() {
    let (source, located) = read(BLOCK_STYLE);
    assert!(located.block_present && located.typed);
    assert_eq!(at(&source, located.block_span), ((3, 1), "customImage"));
    assert_eq!(
        value(&source, &located, "customImage.registryEndpoint"),
        ((4, 21), "https://gcr.io")
    );
    assert_eq!(
        key(&source, &located, "customImage.registryEndpoint"),
        ((4, 3), "registryEndpoint")
    );
    assert_eq!(
        value(&source, &located, "customImage.registryUsername"),
        ((5, 21), "'_json_key'")
    );
    assert_eq!(
        value(&source, &located, "customImage.registryPassword"),
        (
            (6, 21),
            "|\n    {\"type\": \"service_account\",\n     \"private_key\": \"k\"}"
        )
    );
    assert_eq!(
        value(&source, &located, "customImage.pushRepoPrefix"),
        ((9, 19), "\"gcr.io/my-project\"")
    );
    assert_eq!(
        value(&source, &located, "customImage.insecureSkipVerify").0,
        (10, 23)
    );
    assert_eq!(
        value(&source, &located, "customImage.buildJob.image.tag"),
        ((12, 48), "v1.39.3")
    );
    assert_eq!(
        key(&source, &located, "customImage.buildJob.image.repository"),
        ((12, 13), "repository")
    );
    assert_eq!(
        value(&source, &located, "customImage.buildJob.image"),
        ((12, 12), "{repository: infuseai/buildah, tag: v1.39.3}")
    );
    assert_eq!(
        value(
            &source,
            &located,
            "customImage.buildJob.resources.limits.cpu"
        ),
        ((15, 14), "2000m")
    );
    assert_eq!(
        value(
            &source,
            &located,
            "customImage.buildJob.resources.limits.memory"
        ),
        ((16, 17), ">-\n          1500Mi")
    );
    assert_eq!(
        key(&source, &located, "customImage.buildJob.ephemeralStorage"),
        ((18, 5), "ephemeralStorage")
    );
    // The typed model holds the values as Helm reads them.
    let ci = &located.custom_image;
    assert_eq!(ci.push_repo_prefix(), Some("gcr.io/my-project"));
    assert_eq!(ci.username(), Some("_json_key"));
    assert_eq!(
        ci.password(),
        Some("{\"type\": \"service_account\",\n \"private_key\": \"k\"}\n")
    );
    assert_eq!(ci.insecure_skip_verify, Some(false));
    let limits = ci.build_job.as_ref().unwrap().resources.as_ref().unwrap();
    assert_eq!(
        limits.limits.as_ref().unwrap().memory.as_ref().unwrap().0,
        "1500Mi"
    );
}

#[test]
fn the_password_is_a_secret_span_as_written_and_registered() {
    let (source, located) = read(BLOCK_STYLE);
    assert_eq!(located.secret_spans.len(), 1);
    let (_, written) = at(&source, located.secret_spans[0]);
    assert!(
        written.starts_with('|') && written.ends_with("\"k\"}"),
        "{written}"
    );

    let (source, located) =
        read("customImage:\n  registryPassword: \"pw-canary-7f3a\"\n  pushRepo: x\n");
    assert_eq!(at(&source, located.secret_spans[0]).1, "\"pw-canary-7f3a\"");
    assert_eq!(
        crate::support::api::scrub("said pw-canary-7f3a"),
        "said ****",
        "the password is registered for redaction as soon as it is read"
    );
}

#[test]
fn crlf_line_ends_give_the_same_lines_and_columns() {
    let crlf = BLOCK_STYLE.replace('\n', "\r\n");
    let (source, located) = read(&crlf);
    assert_eq!(
        value(&source, &located, "customImage.registryEndpoint"),
        ((4, 21), "https://gcr.io")
    );
    assert_eq!(
        value(
            &source,
            &located,
            "customImage.buildJob.resources.limits.cpu"
        ),
        ((15, 14), "2000m")
    );
    assert_eq!(
        located.custom_image.push_repo_prefix(),
        Some("gcr.io/my-project")
    );
    // YAML normalises line breaks inside scalars: the password does not gain a `\r`.
    assert_eq!(
        located.custom_image.password(),
        Some("{\"type\": \"service_account\",\n \"private_key\": \"k\"}\n")
    );
}

#[test]
fn a_bom_does_not_shift_positions() {
    let bytes = [b"\xef\xbb\xbf".as_slice(), BLOCK_STYLE.as_bytes()].concat();
    let source = SourceFile::from_bytes("values.yaml".into(), bytes).unwrap();
    let (located, diagnostics) = load(&source);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(at(&source, located.block_span), ((3, 1), "customImage"));
    assert_eq!(
        value(&source, &located, "customImage.registryEndpoint").0,
        (4, 21)
    );
}

#[test]
fn columns_count_characters_after_multibyte_text() {
    let (source, located) =
        read("# café ☕\ncustomImage: {pushRepo: \"ns/ré\", registryEndpoint: docker.io}\n");
    assert_eq!(
        value(&source, &located, "customImage.registryEndpoint"),
        ((2, 52), "docker.io")
    );
    assert_eq!(located.custom_image.push_repo(), Some("ns/ré"));
}

#[test]
fn a_missing_block_is_located_at_the_start_of_the_file() {
    let (_, located) = read("other:\n  key: 1\n");
    assert!(!located.block_present);
    assert!(located.typed);
    assert_eq!(located.block_span, Span::new(0, 0));
    assert!(located.value_spans.is_empty());
    for empty in ["", "# only a comment\n", "---\n", "~\n"] {
        let (_, located) = read(empty);
        assert!(!located.block_present && located.typed, "{empty:?}");
    }
}

#[test]
fn an_empty_block_is_present_and_typed() {
    let (source, located) = read("customImage:\nother: 1\n");
    assert!(located.block_present && located.typed);
    assert_eq!(at(&source, located.block_span), ((1, 1), "customImage"));
    assert_eq!(located.custom_image, Default::default());
}

#[test]
fn aliases_and_merge_keys_point_at_where_the_value_is_written() {
    let text = "\
defaults: &defaults
  registryEndpoint: docker.io
  pushRepoPrefix: docker.io/old
customImage:
  <<: *defaults
  pushRepoPrefix: docker.io/new
";
    let (source, located) = read(text);
    assert_eq!(
        value(&source, &located, "customImage.registryEndpoint"),
        ((2, 21), "docker.io")
    );
    assert_eq!(
        value(&source, &located, "customImage.pushRepoPrefix"),
        ((6, 19), "docker.io/new")
    );
    assert_eq!(located.custom_image.endpoint(), Some("docker.io"));
    assert_eq!(
        located.custom_image.push_repo_prefix(),
        Some("docker.io/new")
    );
}

#[test]
fn only_the_first_document_is_read_and_the_second_is_flagged() {
    let text = "customImage:\n  pushRepo: a/b\n---\ncustomImage:\n  pushRepo: c/d\n";
    let source = SourceFile::new("values.yaml", text);
    let (located, diagnostics) = load(&source);
    assert_eq!(located.custom_image.push_repo(), Some("a/b"));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(rule_name(&diagnostics[0]), "yaml-syntax");
    assert_eq!(
        diagnostics[0].severity,
        crate::support::api::Severity::Warning
    );
    assert_eq!(source.line_col(diagnostics[0].span.offset), (3, 1));
}

#[test]
fn a_syntax_error_carries_the_parsers_position() {
    let text = "customImage:\n  registryEndpoint: docker.io\n  pushRepo: [a/b\n  tag: x\n";
    let source = SourceFile::new("values.yaml", text);
    let (located, diagnostics) = load(&source);
    assert!(!located.typed);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(rule_name(&diagnostics[0]), "yaml-syntax");
    // saphyr-parser notices the missing `]` at the `:` after `tag` on the next line.
    assert_eq!(source.line_col(diagnostics[0].span.offset), (4, 6));
    assert!(
        diagnostics[0].message.contains("illegal placement of ':'"),
        "{}",
        diagnostics[0].message
    );
}
