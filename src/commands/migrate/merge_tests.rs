//! Unit tests of the text merge, with the YAML reader's locations written by hand.

use super::*;

/// What the YAML reader reports for `text`, written by hand: spans by searching the text.
fn located(text: &str, keys: &[(&str, &str, &str)]) -> LocatedValues {
    let mut v = LocatedValues::default();
    if let Some(offset) = text
        .find("\ncustomImage")
        .map(|i| i + 1)
        .or_else(|| text.starts_with("customImage").then_some(0))
    {
        v.block_present = true;
        v.block_span = Span::new(offset, "customImage".len());
    }
    for (path, key, value) in keys {
        let k = text.find(&format!("{key}:")).expect("key in text");
        v.key_spans
            .insert(path.to_string(), Span::new(k, key.len()));
        let val = k + text[k..].find(value).expect("value in text");
        v.value_spans
            .insert(path.to_string(), Span::new(val, value.len()));
    }
    v
}

fn lines(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_new_block_is_appended_and_a_missing_final_newline_stays_missing() {
    let add = lines(&["registryEndpoint: docker.io"]);
    let v = LocatedValues::default();
    assert_eq!(
        add_keys("a: 1\n", &v, &add).unwrap(),
        "a: 1\ncustomImage:\n  registryEndpoint: docker.io\n"
    );
    assert_eq!(
        add_keys("a: 1", &v, &add).unwrap(),
        "a: 1\ncustomImage:\n  registryEndpoint: docker.io"
    );
    assert_eq!(
        add_keys("a: 1\r\n#customImage:\r\n", &v, &add).unwrap(),
        "a: 1\r\n#customImage:\r\ncustomImage:\r\n  registryEndpoint: docker.io\r\n"
    );
    assert_eq!(
        add_keys("", &v, &add).unwrap(),
        "customImage:\n  registryEndpoint: docker.io\n"
    );
}

#[test]
fn keys_go_after_the_last_key_with_the_block_indentation() {
    let text = "x: 1\ncustomImage:\n    enabled: true   # on\n    buildJob:\n      image:\n        tag: v1\n\n# tail\ny: 2\n";
    let v = located(
        text,
        &[
            ("customImage.enabled", "enabled", "true"),
            ("customImage.buildJob", "buildJob", "image"),
            ("customImage.buildJob.image.tag", "tag", "v1"),
        ],
    );
    assert_eq!(
        add_keys(text, &v, &lines(&["pushRepo: a/b", "pushSecretName: s"])).unwrap(),
        "x: 1\ncustomImage:\n    enabled: true   # on\n    buildJob:\n      image:\n        tag: v1\n    pushRepo: a/b\n    pushSecretName: s\n\n# tail\ny: 2\n"
    );
}

#[test]
fn a_nested_mapping_span_running_past_comments_does_not_move_the_insertion() {
    let text =
        "customImage:\n  buildJob:\n    image:\n      tag: v1\n\n# store settings\nstore: 1\n";
    let mut v = located(
        text,
        &[
            ("customImage.buildJob", "buildJob", "image"),
            ("customImage.buildJob.image", "image", "tag"),
            ("customImage.buildJob.image.tag", "tag", "v1"),
        ],
    );
    // As the reader gives it: the mappings end where the next token (`store`) starts.
    let next = text.find("store:").unwrap();
    for path in ["customImage.buildJob", "customImage.buildJob.image"] {
        let start = v.value_spans[path].offset;
        v.value_spans
            .insert(path.into(), Span::new(start, next - start));
    }
    assert_eq!(
        add_keys(text, &v, &lines(&["pushRepo: a/b"])).unwrap(),
        "customImage:\n  buildJob:\n    image:\n      tag: v1\n  pushRepo: a/b\n\n# store settings\nstore: 1\n"
    );
}

#[test]
fn a_block_at_the_end_without_final_newline_keeps_it_missing() {
    let text = "customImage:\r\n  enabled: true";
    let v = located(text, &[("customImage.enabled", "enabled", "true")]);
    assert_eq!(
        add_keys(text, &v, &lines(&["pushRepo: a/b"])).unwrap(),
        "customImage:\r\n  enabled: true\r\n  pushRepo: a/b"
    );
}

#[test]
fn a_block_scalar_span_ending_after_its_line_break_is_handled() {
    let text = "customImage:\n  registryPassword: |\n    p\nz: 1\n";
    let mut v = located(
        text,
        &[("customImage.registryPassword", "registryPassword", "|")],
    );
    let value = text.find('|').unwrap();
    v.value_spans.insert(
        "customImage.registryPassword".into(),
        Span::new(value, text.find("z:").unwrap() - value),
    );
    assert_eq!(
        add_keys(text, &v, &lines(&["pushRepo: a/b"])).unwrap(),
        "customImage:\n  registryPassword: |\n    p\n  pushRepo: a/b\nz: 1\n"
    );
}

#[test]
fn empty_null_and_empty_mapping_blocks_are_filled_by_rewriting_only_their_line() {
    let add = lines(&["enabled: true"]);
    for (text, want) in [
        (
            "a: 1\ncustomImage:\nb: 2\n",
            "a: 1\ncustomImage:\n  enabled: true\nb: 2\n",
        ),
        ("customImage: ~\n", "customImage:\n  enabled: true\n"),
        (
            "customImage: null # later\r\n",
            "customImage: # later\r\n  enabled: true\r\n",
        ),
        ("customImage: {}", "customImage:\n  enabled: true"),
        (
            "customImage:   { }  \nb: 2\n",
            "customImage:\n  enabled: true\nb: 2\n",
        ),
        (
            "customImage: # none\nb: 2\n",
            "customImage: # none\n  enabled: true\nb: 2\n",
        ),
    ] {
        let v = located(text, &[]);
        assert_eq!(add_keys(text, &v, &add).unwrap(), want, "{text:?}");
    }
}

#[test]
fn flow_style_and_scalar_blocks_are_refused_not_mangled() {
    let add = lines(&["enabled: true"]);
    let text = "customImage: {pushRepo: a/b}\n";
    let v = located(text, &[("customImage.pushRepo", "pushRepo", "a/b")]);
    assert_eq!(
        add_keys(text, &v, &add),
        Err(MergeError::FlowStyle { line: 1 })
    );
    let text = "a: 1\ncustomImage: &x {}\n";
    assert!(matches!(
        add_keys(text, &located(text, &[]), &add),
        Err(MergeError::UnsupportedValue { line: 2, .. })
    ));
}

#[test]
fn locations_outside_the_text_are_an_error_not_a_panic() {
    let text = "customImage:\n  enabled: true\n";
    let mut v = located(text, &[("customImage.enabled", "enabled", "true")]);
    v.value_spans
        .insert("customImage.enabled".into(), Span::new(20, 99));
    assert_eq!(
        add_keys(text, &v, &lines(&["pushRepo: a"])),
        Err(MergeError::BadSpan)
    );
    let text = "customImage: é\n";
    let mut v = located(text, &[]);
    v.value_spans
        .insert("customImage.x".into(), Span::new(14, 1));
    assert_eq!(
        add_keys(text, &v, &lines(&["pushRepo: a"])),
        Err(MergeError::BadSpan)
    );
}

#[test]
fn nothing_to_add_leaves_the_text_alone() {
    let text = "customImage: {pushRepo: a}";
    assert_eq!(add_keys(text, &located(text, &[]), &[]).unwrap(), text);
}
