use super::*;

const CHECKED_IN: &str = include_str!("../schemas/customimage-config.schema.json");

fn load_text(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let source = SourceFile::new(".customimage.yaml", text);
    load(&source, Path::new("repo/.customimage.yaml"))
}

/// (rule, line, column, message) of each finding.
fn findings(text: &str) -> Vec<(&'static str, usize, usize, String)> {
    let source = SourceFile::new(".customimage.yaml", text);
    let errors = load_text(text).expect_err("the configuration is refused");
    errors
        .iter()
        .map(|d| {
            let (line, column) = source.line_col(d.span.offset);
            (d.rule.name(), line, column, d.message.clone())
        })
        .collect()
}

#[test]
fn the_checked_in_config_schema_is_what_the_type_generates() {
    assert!(
        CHECKED_IN == schema_text(),
        "schemas/customimage-config.schema.json is stale: regenerate it with \
         `cargo run -q -- schema config > schemas/customimage-config.schema.json`"
    );
}

#[test]
fn the_config_schema_is_valid_and_agrees_with_the_reader() {
    let schema: Value = serde_json::from_str(CHECKED_IN).unwrap();
    assert!(jsonschema::meta::is_valid(&schema));
    assert_eq!(schema["$id"], SCHEMA_ID);
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good = serde_json::json!({
        "select": ["registry-mismatch"], "ignore": ["env-unknown-key"],
        "severity": {"push-repo-precedence": "error"}, "exclude": ["vendor/**"],
        "release": "ph", "namespace": "hub", "chart-values": "chart/values.yaml"
    });
    assert!(validator.is_valid(&good));
    for bad in [
        serde_json::json!({"selct": ["registry-mismatch"]}),
        serde_json::json!({"ignore": ["registry-missmatch"]}),
        serde_json::json!({"severity": {"registry-mismatch": "fatal"}}),
        serde_json::json!({"severity": {"no-such-rule": "error"}}),
        serde_json::json!({"release": 3}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
        let text = serde_json::to_string(&bad).unwrap();
        assert!(load_text(&text).is_err(), "{text}");
    }
    let loaded = load_text(&serde_json::to_string(&good).unwrap()).unwrap();
    assert_eq!(loaded.config.release.as_deref(), Some("ph"));
}

#[test]
fn bad_keys_are_findings_with_line_and_column() {
    let text =
        "# rules for this repository\nselect:\n  - registry-mismatch\n  - registry-missmatch\n\
                severity:\n  push-repo-precedense: error\n  enabled-ignored: fatal\nrelaese: ph\n\
                namespace: [hub]\n";
    assert_eq!(
        findings(text),
        [
            (
                "schema",
                4,
                5,
                "`registry-missmatch` is not a rule".to_string()
            ),
            (
                "schema",
                6,
                3,
                "`push-repo-precedense` is not a rule".to_string()
            ),
            (
                "schema",
                7,
                20,
                "the severity of `enabled-ignored` must be `error`, `warning` or `info`"
                    .to_string()
            ),
            (
                "unknown-key",
                8,
                1,
                "`relaese` is not a key of `the document`; did you mean `release`?".to_string()
            ),
            ("schema", 9, 12, "`namespace` must be a string".to_string()),
        ]
    );
}

#[test]
fn a_yaml_error_in_the_config_is_a_yaml_syntax_finding() {
    let found = findings("select: [a\n");
    assert_eq!(found[0].0, "yaml-syntax");
}

#[test]
fn an_empty_config_is_the_defaults() {
    assert_eq!(
        load_text("# nothing yet\n").unwrap().config,
        Config::default()
    );
}

#[test]
fn the_command_line_replaces_select_and_adds_to_ignore() {
    let config = load_text(
        "select: [registry-mismatch, push-repo-precedence]\nignore: [push-repo-precedence]\n\
         severity: {registry-mismatch: warning}\n",
    )
    .unwrap()
    .config;
    let settings = RuleSettings::new(Some(&config), &[], &[]);
    assert!(settings.enabled("registry-mismatch"));
    assert!(!settings.enabled("push-repo-precedence"));
    assert!(!settings.enabled("missing-endpoint"));
    assert_eq!(
        settings.severity_of("registry-mismatch", Severity::Error),
        Severity::Warning
    );
    let settings = RuleSettings::new(
        Some(&config),
        &["missing-endpoint".to_string()],
        &["registry-mismatch".to_string()],
    );
    assert!(settings.enabled("missing-endpoint"));
    assert!(!settings.enabled("registry-mismatch"));
    assert!(RuleSettings::new(None, &[], &[]).enabled("schema"));
}

#[test]
fn the_nearest_config_walking_up_wins_and_excludes_are_relative_to_it() {
    let root = tempfile::tempdir().unwrap();
    let nested = root.path().join("envs/prod/values");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        root.path().join(FILE_NAME),
        "exclude: [vendor, 'envs/dev/**']\n",
    )
    .unwrap();
    std::fs::write(
        root.path().join("envs/prod").join(FILE_NAME),
        "release: prod\n",
    )
    .unwrap();
    let in_prod = nested.join("values.yaml");
    let at_root = root.path().join("values.yaml");
    assert_eq!(
        discover(&in_prod),
        Some(root.path().join("envs/prod").join(FILE_NAME))
    );
    assert_eq!(discover(&at_root), Some(root.path().join(FILE_NAME)));
    assert_eq!(
        discover(&root.path().join("envs/dev/x.env")),
        Some(root.path().join(FILE_NAME))
    );

    let path = root.path().join(FILE_NAME);
    let source = SourceFile::read(path.to_str().unwrap()).unwrap();
    let loaded = load(&source, &path).unwrap();
    assert!(loaded.excludes(&root.path().join("vendor/chart/values.yaml")));
    assert!(loaded.excludes(&root.path().join("a/vendor/values.yaml")));
    assert!(loaded.excludes(&root.path().join("envs/dev/x.env")));
    assert!(!loaded.excludes(&root.path().join("envs/prod/values/values.yaml")));
    assert!(!loaded.excludes(&root.path().join("envs/dev.env")));
    assert!(!loaded.excludes(Path::new("/elsewhere/vendor/values.yaml")));
}

#[test]
fn chart_values_are_relative_to_the_config() {
    let loaded = load_text("chart-values: chart/values.yaml\n").unwrap();
    assert_eq!(
        loaded.chart_values(),
        Some(PathBuf::from("repo/chart/values.yaml"))
    );
}
