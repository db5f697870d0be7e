//! `.customimage.yaml` (SPEC §10): which rules run and how severe they are, which files are not
//! linted, and defaults for `--release`, `--namespace` and `--chart-values`.
//!
//! Owns: the file's type (the single source of its JSON Schema, checked in as
//! `schemas/customimage-config.schema.json`), reading it with the span-aware YAML reader so
//! that a bad key is a finding with a line and column, finding the nearest one above a linted
//! file, and combining it with `--select`/`--ignore` into [`RuleSettings`]. Does not own: the
//! command line (the `lint` command) or applying severities to findings' reports.
//!
//! Decisions: the nearest file wins whole (no merging of a parent's file), as in ruff; a file
//! given with `--config` applies to every input; `--isolated` reads none. Relative paths in the
//! file (`exclude`, `chart-values`) are relative to the directory holding it.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::rules::{Diagnostic, Rule, Severity};
use crate::source::{SourceFile, Span};

/// The file name looked for in each directory from a linted file up to the root.
pub const FILE_NAME: &str = ".customimage.yaml";

/// The `$id` of the configuration's schema: stable, whatever the version.
const SCHEMA_ID: &str =
    "https://github.com/InfuseAI/customimage/schemas/customimage-config.schema.json";

/// The contents of a `.customimage.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(
    title = "customimage configuration (.customimage.yaml)",
    description = "Rule selection, severities, excluded files and defaults for `customimage \
                   lint`. The nearest `.customimage.yaml` above a linted file applies to it."
)]
pub struct Config {
    /// Only these rules run (every rule when absent). `--select` on the command line replaces
    /// this list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<Vec<RuleName>>,
    /// These rules never run; `--ignore` adds to this list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<RuleName>,
    /// A severity per rule, replacing its default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "severity_map_schema")]
    pub severity: BTreeMap<RuleName, Level>,
    /// Files not linted: globs (`*`, `**`, `?`, `[…]`) over the path relative to the directory
    /// of this file; a pattern without `/` matches a file or directory name at any depth.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// The default of `--release` (the Helm release name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The default of `--namespace`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The default of `--chart-values`: the chart's values file, relative to this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart_values: Option<String>,
}

/// A rule's name, as `customimage rules` lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub struct RuleName(pub String);

impl JsonSchema for RuleName {
    fn schema_name() -> Cow<'static, str> {
        "RuleName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A rule's name, as `customimage rules` lists it.",
            "enum": rule_names(),
        })
    }
}

/// A severity a rule may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for Severity {
    fn from(level: Level) -> Severity {
        match level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
        }
    }
}

fn rule_names() -> Vec<&'static str> {
    Rule::ALL.iter().map(|r| r.name()).collect()
}

fn severity_map_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "A severity per rule, replacing its default.",
        "type": "object",
        "propertyNames": { "enum": rule_names() },
        "additionalProperties": { "enum": ["error", "warning", "info"] },
    })
}

/// The configuration's JSON Schema (2020-12), as checked in and printed by
/// `customimage schema config`.
pub fn schema() -> Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Config>();
    let mut value = serde_json::to_value(schema).unwrap_or_default();
    if let Value::Object(map) = &mut value {
        map.insert("$id".into(), Value::String(SCHEMA_ID.into()));
    }
    value
}

/// The schema as printed and checked in (pretty, trailing newline).
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// A configuration read from a file, with the directory its relative paths start from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    /// The directory holding the file.
    pub dir: PathBuf,
    pub path: PathBuf,
    exclude: Option<globset::GlobSet>,
}

/// Reads `source` (the text of the configuration at `path`). Every problem is a finding at its
/// line and column: an unknown key (with a suggestion), a value of the wrong type, an unknown
/// rule name, a glob that does not parse. The configuration is used only when there is none.
pub fn load(source: &SourceFile, path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let read = crate::values::yaml::read_document(source)
        .map_err(|finding| vec![crate::rules::yaml_diagnostic(&finding)])?;
    let (keys, values) = (read.key_spans, read.value_spans);
    let root_span = read.root_span;
    let document = match read.value {
        Value::Null => Value::Object(Default::default()),
        other => other,
    };
    let key_span = |path: &str| keys.get(path).copied().unwrap_or_default();
    let value_span = |path: &str| {
        values.get(path).copied().unwrap_or(if path.is_empty() {
            root_span
        } else {
            Span::default()
        })
    };
    let mut out = Vec::new();
    let Value::Object(map) = &document else {
        out.push(
            Rule::Schema.diagnostic("a `.customimage.yaml` is a mapping of settings")
                .help("write `select:`, `ignore:`, `severity:`, `exclude:`, `release:`, `namespace:` or `chart-values:` keys")
                .at("", value_span("")),
        );
        return Err(out);
    };
    let known = [
        "select",
        "ignore",
        "severity",
        "exclude",
        "release",
        "namespace",
        "chart-values",
    ];
    for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
        out.push(crate::rules::unknown_key::diagnostic(
            key,
            key,
            crate::suggest::closest(key, known),
            key_span(key),
        ));
    }
    check_types(map, &value_span, &mut out);
    check_rule_names(map, &key_span, &value_span, &mut out);
    if !out.is_empty() {
        out.sort_by_key(|d| d.span.offset);
        return Err(out);
    }
    let config: Config = serde_json::from_value(document).map_err(|e| {
        vec![Rule::Schema
            .diagnostic(format!("the configuration cannot be read: {e}"))
            .at("", Span::default())]
    })?;
    let exclude = build_globs(&config.exclude).map_err(|(i, message)| {
        let path = format!("exclude.{i}");
        vec![Rule::Schema
            .diagnostic(format!("`exclude` pattern is not a glob: {message}"))
            .help("`*` matches within a name, `**` across directories, `[…]` a set of characters")
            .at(path.as_str(), value_span(&path))]
    })?;
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    Ok(Loaded {
        config,
        dir,
        path: path.to_path_buf(),
        exclude,
    })
}

/// Type findings: the schema's verdict, at the offending value.
fn check_types(
    map: &serde_json::Map<String, Value>,
    value_span: &dyn Fn(&str) -> Span,
    out: &mut Vec<Diagnostic>,
) {
    let expect = |key: &str, ok: bool, what: &str, out: &mut Vec<Diagnostic>| {
        if !ok {
            out.push(
                Rule::Schema
                    .diagnostic(format!("`{key}` must be {what}"))
                    .help("`customimage schema config` prints what each key takes")
                    .at(key, value_span(key)),
            );
        }
    };
    let strings = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
    for (key, value) in map {
        match key.as_str() {
            "select" => expect(
                key,
                value.is_null() || strings(value),
                "a list of strings",
                out,
            ),
            "ignore" | "exclude" => expect(key, strings(value), "a list of strings", out),
            "severity" => match value.as_object() {
                None => expect(key, false, "a mapping of rule names to severities", out),
                Some(levels) => {
                    for (rule, level) in levels {
                        let path = format!("severity.{rule}");
                        if !matches!(level.as_str(), Some("error" | "warning" | "info")) {
                            out.push(
                                Rule::Schema.diagnostic(format!("the severity of `{rule}` must be `error`, `warning` or `info`"))
                                    .help("write `error`, `warning` or `info`")
                                    .at(path.as_str(), value_span(&path)),
                            );
                        }
                    }
                }
            },
            "release" | "namespace" | "chart-values" => {
                expect(key, value.is_null() || value.is_string(), "a string", out)
            }
            _ => {}
        }
    }
}

/// Unknown rule names in `select`, `ignore` and `severity`, each with the closest rule.
fn check_rule_names(
    map: &serde_json::Map<String, Value>,
    key_span: &dyn Fn(&str) -> Span,
    value_span: &dyn Fn(&str) -> Span,
    out: &mut Vec<Diagnostic>,
) {
    let mut report = |name: &str, path: String, span: Span| {
        if Rule::from_name(name).is_some() {
            return;
        }
        let suggestion = crate::suggest::closest(name, rule_names());
        let help = match suggestion {
            Some(rule) => format!("did you mean `{rule}`?"),
            None => "`customimage rules` lists the rule names".to_string(),
        };
        out.push(
            Rule::Schema
                .diagnostic(format!("`{}` is not a rule", name.escape_debug()))
                .help(help)
                .at(path.as_str(), span),
        );
    };
    for key in ["select", "ignore"] {
        if let Some(Value::Array(names)) = map.get(key) {
            for (i, name) in names.iter().enumerate() {
                if let Some(name) = name.as_str() {
                    let path = format!("{key}.{i}");
                    let span = value_span(&path);
                    report(name, path, span);
                }
            }
        }
    }
    if let Some(Value::Object(levels)) = map.get("severity") {
        for rule in levels.keys() {
            let path = format!("severity.{rule}");
            report(rule, path.clone(), key_span(&path));
        }
    }
}

/// The glob set of `patterns`, or the index and error of the first that does not parse.
fn build_globs(patterns: &[String]) -> Result<Option<globset::GlobSet>, (usize, String)> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut set = globset::GlobSetBuilder::new();
    for (i, pattern) in patterns.iter().enumerate() {
        let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
        let anchored = if trimmed.contains('/') {
            trimmed.trim_start_matches('/').to_string()
        } else {
            format!("**/{trimmed}")
        };
        let glob = globset::GlobBuilder::new(&anchored)
            .literal_separator(true)
            .build()
            .map_err(|e| (i, e.kind().to_string()))?;
        set.add(glob);
    }
    set.build().map(Some).map_err(|e| (0, e.to_string()))
}

impl Loaded {
    /// Whether `file` is excluded: its path relative to the configuration's directory, or one
    /// of the directories on that path, matches an `exclude` pattern. A file outside that
    /// directory is never excluded.
    pub fn excludes(&self, file: &Path) -> bool {
        let Some(set) = &self.exclude else {
            return false;
        };
        let (Ok(file), Ok(dir)) = (absolute(file), absolute(&self.dir)) else {
            return false;
        };
        let Ok(relative) = file.strip_prefix(&dir) else {
            return false;
        };
        relative
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .any(|p| set.is_match(p))
    }

    /// `chart-values`, resolved against the configuration's directory.
    pub fn chart_values(&self) -> Option<PathBuf> {
        self.config.chart_values.as_ref().map(|p| self.dir.join(p))
    }
}

/// `path` made absolute against the working directory, `.` and `..` resolved lexically.
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let joined = std::path::absolute(path)?;
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The nearest `.customimage.yaml` in the directory of `file` or above it. `-` (standard input)
/// starts from the working directory.
pub fn discover(file: &Path) -> Option<PathBuf> {
    let start = if file.as_os_str() == "-" {
        absolute(Path::new(".")).ok()?
    } else {
        let file = absolute(file).ok()?;
        if file.is_dir() {
            file
        } else {
            file.parent()?.to_path_buf()
        }
    };
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Which rules run and at what severity, from a configuration and the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSettings {
    /// `None`: every rule.
    pub select: Option<HashSet<String>>,
    pub ignore: HashSet<String>,
    pub severity: BTreeMap<String, Severity>,
}

impl RuleSettings {
    /// `config`'s settings with the command line's: `--select` replaces the file's `select`,
    /// `--ignore` adds to its `ignore`.
    pub fn new(config: Option<&Config>, select: &[String], ignore: &[String]) -> RuleSettings {
        let names = |list: &[RuleName]| list.iter().map(|r| r.0.clone()).collect::<HashSet<_>>();
        let mut settings = RuleSettings {
            select: config.and_then(|c| c.select.as_deref()).map(names),
            ignore: config.map(|c| names(&c.ignore)).unwrap_or_default(),
            severity: config
                .map(|c| {
                    c.severity
                        .iter()
                        .map(|(rule, level)| (rule.0.clone(), Severity::from(*level)))
                        .collect()
                })
                .unwrap_or_default(),
        };
        if !select.is_empty() {
            settings.select = Some(select.iter().cloned().collect());
        }
        settings.ignore.extend(ignore.iter().cloned());
        settings
    }

    /// Whether `rule` runs.
    pub fn enabled(&self, rule: &str) -> bool {
        self.select.as_ref().is_none_or(|s| s.contains(rule)) && !self.ignore.contains(rule)
    }

    /// The severity `rule`'s findings get: the configured one, else `default`.
    pub fn severity_of(&self, rule: &str, default: Severity) -> Severity {
        self.severity.get(rule).copied().unwrap_or(default)
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
