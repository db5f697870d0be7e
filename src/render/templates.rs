//! The templates of `templates/`, embedded at build time, and the one rule for printing values
//! into them: in a `*.yaml.j2` template every value is printed as a JSON string or scalar (a
//! double-quoted YAML scalar), so that no input can break the YAML or inject keys. Text that
//! is already YAML must be marked `safe` in the template. `Dockerfile.j2` prints values as they
//! are, as the controller's Go template does.

use std::sync::OnceLock;

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior};

pub const PUSH_SECRET: &str = "push-secret.yaml.j2";
pub const CONTROLLER_CONFIG: &str = "controller-config.yaml.j2";
pub const IMAGE_SPEC_JOB: &str = "image-spec-job.yaml.j2";
pub const BUILD_POD: &str = "build-pod.yaml.j2";
pub const DOCKERFILE: &str = "Dockerfile.j2";

const SOURCES: [(&str, &str); 5] = [
    (
        PUSH_SECRET,
        include_str!("../../templates/push-secret.yaml.j2"),
    ),
    (
        CONTROLLER_CONFIG,
        include_str!("../../templates/controller-config.yaml.j2"),
    ),
    (
        IMAGE_SPEC_JOB,
        include_str!("../../templates/image-spec-job.yaml.j2"),
    ),
    (BUILD_POD, include_str!("../../templates/build-pod.yaml.j2")),
    (DOCKERFILE, include_str!("../../templates/Dockerfile.j2")),
];

const YAML: &str = "yaml";

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".yaml.j2") {
                AutoEscape::Custom(YAML.into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        for (name, source) in SOURCES {
            // The templates are part of the binary; a syntax error in one is caught by the
            // tests that render each of them.
            if let Err(e) = env.add_template(name, source) {
                panic!("template {name} does not parse: {e}");
            }
        }
        env
    })
}

/// Renders the template `name` with `context`. Every YAML template ends with a newline.
pub fn render(name: &str, context: Value) -> Result<String, Error> {
    let mut text = environment().get_template(name)?.render(context)?;
    if name.ends_with(".yaml.j2") && !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

fn format_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    let yaml = matches!(state.auto_escape(), AutoEscape::Custom(name) if name == YAML);
    if !yaml || value.is_safe() {
        return write!(out, "{value}")
            .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()));
    }
    let json = serde_json::to_string(value)
        .map_err(|e| Error::new(ErrorKind::BadSerialization, e.to_string()))?;
    out.write_str(&yaml_safe_json(&json))
        .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
}

/// JSON text made safe for every YAML reader: JSON leaves DEL, the C1 controls, U+2028/9 and
/// non-characters raw inside strings, which YAML 1.1 readers (PyYAML, as Helm's own parser is
/// strict too) refuse or read as line breaks. They become `\uXXXX` escapes, valid in both.
pub fn yaml_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        let code = c as u32;
        let unsafe_for_yaml = (0x7f..=0x9f).contains(&code)
            || code == 0x2028
            || code == 0x2029
            || code == 0xfeff
            || code == 0xfffe
            || code == 0xffff;
        if unsafe_for_yaml {
            out.push_str(&format!("\\u{code:04x}"));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_templates_quote_every_value() {
        let text = render(
            PUSH_SECRET,
            minijinja::context! {
                name => "a\"b\nc: d",
                namespace => "hub",
                decoded => false,
                dockerconfigjson => "e30=",
            },
        )
        .unwrap();
        assert!(text.contains("  name: \"a\\\"b\\nc: d\"\n"), "{text}");
        assert!(text.contains("  namespace: \"hub\"\n"), "{text}");
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn unsafe_characters_are_escaped_for_yaml() {
        assert_eq!(
            yaml_safe_json("\"a\u{7f}\u{2028}b\""),
            "\"a\\u007f\\u2028b\""
        );
    }

    #[test]
    fn a_missing_context_value_is_an_error() {
        assert!(render(PUSH_SECRET, minijinja::context! { name => "x" }).is_err());
    }
}
