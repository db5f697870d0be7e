//! Reading a PrimeHub `ImageSpec` manifest (`render --image-spec`) the way the controller reads
//! it (primehub-controller's `ImageSpec` types and `filterIllegalPackages`), with a location for
//! every field, reporting typed [`Finding`]s: what makes it not an `ImageSpec`
//! (`image-spec-invalid`) and the package names the controller drops (`image-spec-package`).
//! What the controller derives from a spec (hash, job, pod, Dockerfile) is `render`'s.

use serde_json::Value;

use super::yaml::{self, Document};
use crate::source::{SourceFile, Span};

/// The fields of an `ImageSpec` manifest the controller reads.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSpec {
    pub name: String,
    pub namespace: Option<String>,
    pub base_image: String,
    pub pull_secret: Option<String>,
    pub packages: Packages,
    pub update_time: Option<String>,
}

/// `spec.packages`, in the order the controller's types declare them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Packages {
    pub apt: Vec<String>,
    pub pip: Vec<String>,
    pub conda: Vec<String>,
}

impl Packages {
    /// The lists in hash order: apt, pip, conda.
    pub fn lists(&self) -> [(&'static str, &Vec<String>); 3] {
        [
            ("apt", &self.apt),
            ("pip", &self.pip),
            ("conda", &self.conda),
        ]
    }
}

/// The controller's package name pattern, `^[a-zA-Z0-9-_:=\.]+$`.
pub fn is_legal_package(package: &str) -> bool {
    !package.is_empty()
        && package
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '=' | '.'))
}

/// One finding of the `ImageSpec` reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The YAML itself cannot be read (`yaml-syntax`).
    Yaml(yaml::Finding),
    /// What makes the manifest not an `ImageSpec`, at dotted `path` (empty for the document)
    /// (`image-spec-invalid`).
    Invalid {
        problem: Problem,
        path: String,
        span: Span,
    },
    /// A package of `spec.packages.<list>` that the controller leaves out of the Dockerfile
    /// (`image-spec-package`).
    IllegalPackage {
        list: &'static str,
        package: String,
        span: Span,
    },
}

/// Why a manifest is not an `ImageSpec`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `kind` names another kind of object.
    WrongKind { found: String },
    /// A field the controller requires is not written.
    Missing,
    /// `metadata.name` is the empty string.
    Empty,
    /// A field of the wrong JSON type (`expected`: `mapping`, `string`, `list`).
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
}

/// Reads `source` as an `ImageSpec`: the spec, unless a finding says it is not one, and every
/// finding.
pub fn read(source: &SourceFile) -> (Option<ImageSpec>, Vec<Finding>) {
    let document = match yaml::read_document(source) {
        Ok(document) => document,
        Err(finding) => return (None, vec![Finding::Yaml(finding)]),
    };
    let mut reader = Reader {
        document: &document,
        findings: Vec::new(),
        valid: true,
    };
    let spec = reader.spec();
    let spec = spec.filter(|_| reader.valid);
    (spec, reader.findings)
}

struct Reader<'d> {
    document: &'d Document,
    findings: Vec<Finding>,
    /// False once an [`Finding::Invalid`] was reported.
    valid: bool,
}

impl<'d> Reader<'d> {
    fn invalid(&mut self, problem: Problem, path: &str) {
        self.valid = false;
        self.findings.push(Finding::Invalid {
            problem,
            span: self.document.span_near(path),
            path: path.to_string(),
        });
    }

    fn at(&self, path: &str) -> Option<&'d Value> {
        let mut value = &self.document.value;
        for segment in path.split('.') {
            value = value.get(segment)?;
        }
        Some(value)
    }

    /// The mapping at `path`; reported when it is absent (if `required`) or not a mapping.
    fn mapping(&mut self, path: &str, required: bool) -> bool {
        match self.at(path) {
            Some(Value::Object(_)) => true,
            None | Some(Value::Null) if !required => false,
            None => {
                self.invalid(Problem::Missing, path);
                false
            }
            Some(other) => {
                let found = json_type(other);
                self.invalid(
                    Problem::WrongType {
                        expected: "mapping",
                        found,
                    },
                    path,
                );
                false
            }
        }
    }

    /// The string at `path`: `None` when absent or null (reported if `required`) or not a
    /// string (reported).
    fn string(&mut self, path: &str, required: bool) -> Option<String> {
        match self.at(path) {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => {
                if required {
                    self.invalid(Problem::Missing, path);
                }
                None
            }
            Some(other) => {
                let found = json_type(other);
                self.invalid(
                    Problem::WrongType {
                        expected: "string",
                        found,
                    },
                    path,
                );
                None
            }
        }
    }

    fn spec(&mut self) -> Option<ImageSpec> {
        if !matches!(self.document.value, Value::Object(_)) {
            let found = json_type(&self.document.value);
            self.invalid(
                Problem::WrongType {
                    expected: "mapping",
                    found,
                },
                "",
            );
            return None;
        }
        if let Some(kind) = self.string("kind", false) {
            if kind != "ImageSpec" {
                self.invalid(Problem::WrongKind { found: kind }, "kind");
            }
        }
        let (mut name, mut namespace) = (None, None);
        if self.mapping("metadata", true) {
            name = self.string("metadata.name", true);
            if name.as_deref() == Some("") {
                self.invalid(Problem::Empty, "metadata.name");
            }
            namespace = self.string("metadata.namespace", false);
        }
        let (mut base_image, mut pull_secret, mut update_time) = (None, None, None);
        let mut packages = Packages::default();
        if self.mapping("spec", true) {
            base_image = self.string("spec.baseImage", true);
            pull_secret = self.string("spec.pullSecret", false);
            update_time = self.string("spec.updateTime", false);
            if self.mapping("spec.packages", false) {
                packages = Packages {
                    apt: self.packages("apt"),
                    pip: self.packages("pip"),
                    conda: self.packages("conda"),
                };
            }
        }
        Some(ImageSpec {
            name: name?,
            namespace: namespace.filter(|n| !n.is_empty()),
            base_image: base_image?,
            pull_secret: pull_secret.filter(|s| !s.is_empty()),
            packages,
            update_time,
        })
    }

    /// `spec.packages.<list>`, as written; the names the controller drops are reported.
    fn packages(&mut self, list: &'static str) -> Vec<String> {
        let path = format!("spec.packages.{list}");
        let items = match self.at(&path) {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => {
                let found = json_type(other);
                self.invalid(
                    Problem::WrongType {
                        expected: "list",
                        found,
                    },
                    &path,
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_path = format!("{path}.{index}");
            match item {
                Value::String(package) => {
                    if !is_legal_package(package) {
                        self.findings.push(Finding::IllegalPackage {
                            list,
                            package: package.clone(),
                            span: self.document.span_near(&item_path),
                        });
                    }
                    out.push(package.clone());
                }
                other => {
                    let found = json_type(other);
                    self.invalid(
                        Problem::WrongType {
                            expected: "string",
                            found,
                        },
                        &item_path,
                    );
                }
            }
        }
        out
    }
}

/// The JSON type of `value`, in YAML's words.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (SourceFile, Option<ImageSpec>, Vec<Finding>) {
        let source = SourceFile::new("spec.yaml", text);
        let (spec, findings) = read(&source);
        (source, spec, findings)
    }

    fn invalid(findings: &[Finding]) -> Vec<(&Problem, &str)> {
        findings
            .iter()
            .filter_map(|f| match f {
                Finding::Invalid { problem, path, .. } => Some((problem, path.as_str())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn manifests_are_read_and_checked() {
        let (_, spec, findings) = read_text(
            "apiVersion: primehub.io/v1alpha1\nkind: ImageSpec\n\
             metadata: {name: nb, namespace: hub}\n\
             spec: {baseImage: b, pullSecret: '', packages: {apt: null, pip: [x]}}\n",
        );
        assert!(findings.is_empty(), "{findings:?}");
        let spec = spec.unwrap();
        assert_eq!(spec.pull_secret, None);
        assert_eq!(spec.namespace.as_deref(), Some("hub"));
        assert_eq!(spec.packages.pip, ["x"]);

        let (_, spec, findings) =
            read_text("kind: Pod\nmetadata: {name: nb}\nspec: {baseImage: b}\n");
        assert!(spec.is_none());
        let found = Problem::WrongKind {
            found: "Pod".into(),
        };
        assert_eq!(invalid(&findings), [(&found, "kind")]);

        let (source, spec, findings) = read_text("metadata:\n  name: nb\nspec: {}\n");
        assert!(spec.is_none());
        assert_eq!(invalid(&findings), [(&Problem::Missing, "spec.baseImage")]);
        let Finding::Invalid { span, .. } = &findings[0] else {
            unreachable!()
        };
        assert_eq!(source.line_col(span.offset), (3, 1), "at the `spec` key");

        let (source, spec, findings) =
            read_text("metadata: {name: nb}\nspec:\n  baseImage: b\n  packages: {apt: [1]}\n");
        assert!(spec.is_none());
        let wrong = Problem::WrongType {
            expected: "string",
            found: "integer",
        };
        assert_eq!(invalid(&findings), [(&wrong, "spec.packages.apt.0")]);
        let Finding::Invalid { span, .. } = &findings[0] else {
            unreachable!()
        };
        assert_eq!(source.line_col(span.offset), (4, 20));

        let (_, _, findings) = read_text("metadata: {name: ''}\n");
        assert_eq!(
            invalid(&findings),
            [
                (&Problem::Empty, "metadata.name"),
                (&Problem::Missing, "spec")
            ]
        );
        let (_, _, findings) = read_text("- a\n");
        let wrong = Problem::WrongType {
            expected: "mapping",
            found: "list",
        };
        assert_eq!(invalid(&findings), [(&wrong, "")]);
        let (_, _, findings) = read_text("a: [1\n");
        assert!(matches!(findings[..], [Finding::Yaml(_)]));
    }

    #[test]
    fn dropped_packages_are_reported_where_written_and_kept_in_the_spec() {
        let (source, spec, findings) = read_text(
            "metadata: {name: nb}\nspec:\n  baseImage: b\n  packages:\n    apt:\n    - curl\n    - \"vim; rm -rf /\"\n    pip: [numpy==1.2, \"$(x)\"]\n",
        );
        let spec = spec.unwrap();
        assert_eq!(spec.packages.apt, ["curl", "vim; rm -rf /"]);
        let dropped: Vec<(&str, &str, (usize, usize))> = findings
            .iter()
            .map(|f| match f {
                Finding::IllegalPackage {
                    list,
                    package,
                    span,
                } => (*list, package.as_str(), source.line_col(span.offset)),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            dropped,
            [("apt", "vim; rm -rf /", (7, 7)), ("pip", "$(x)", (8, 23))]
        );
    }
}
