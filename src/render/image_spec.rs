//! A PrimeHub `ImageSpec` and what the controller derives from it (primehub-controller,
//! `imagespec_controller.go` and `imagespecjob_controller.go`): the hash, the ImageSpecJob
//! name, the target image, the build pod's name and the packages the Dockerfile may use.

use serde::Deserialize;
use sha1::{Digest, Sha1};
use sha2::Sha256;

use crate::values::CustomImage;

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
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Packages {
    #[serde(default, deserialize_with = "list_or_null")]
    pub apt: Vec<String>,
    #[serde(default, deserialize_with = "list_or_null")]
    pub pip: Vec<String>,
    #[serde(default, deserialize_with = "list_or_null")]
    pub conda: Vec<String>,
}

fn list_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    kind: Option<String>,
    metadata: Metadata,
    spec: Spec,
}

#[derive(Deserialize)]
struct Metadata {
    name: String,
    namespace: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Spec {
    base_image: String,
    pull_secret: Option<String>,
    #[serde(default)]
    packages: Option<Packages>,
    update_time: Option<String>,
}

impl ImageSpec {
    /// Reads an `ImageSpec` manifest (already parsed to JSON).
    pub fn from_json(value: serde_json::Value) -> Result<ImageSpec, String> {
        let manifest: Manifest =
            serde_json::from_value(value).map_err(|e| format!("not a PrimeHub ImageSpec: {e}"))?;
        if let Some(kind) = manifest.kind.filter(|k| k != "ImageSpec") {
            return Err(format!("expected kind ImageSpec, found {kind}"));
        }
        if manifest.metadata.name.is_empty() {
            return Err("metadata.name is empty".to_string());
        }
        Ok(ImageSpec {
            name: manifest.metadata.name,
            namespace: manifest.metadata.namespace.filter(|n| !n.is_empty()),
            base_image: manifest.spec.base_image,
            pull_secret: manifest.spec.pull_secret.filter(|s| !s.is_empty()),
            packages: manifest.spec.packages.unwrap_or_default(),
            update_time: manifest.spec.update_time,
        })
    }

    /// `computeHash`: the first 8 hex digits of the sha1 of the `;`-joined base image and
    /// non-empty package lists, over the packages as written.
    pub fn hash(&self) -> String {
        let mut parts = vec![self.base_image.clone()];
        for (kind, list) in self.packages.lists() {
            if !list.is_empty() {
                parts.push(format!("{kind}:[{}]", list.join(",")));
            }
        }
        format!("{:x}", Sha1::digest(parts.join(";").as_bytes()))[..8].to_string()
    }

    /// The ImageSpecJob's name: `<name>-<hash>`.
    pub fn job_name(&self) -> String {
        format!("{}-{}", self.name, self.hash())
    }
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

    /// `filterIllegalPackages`: the packages the Dockerfile keeps, and the ones dropped.
    pub fn legal(&self) -> (Packages, Vec<(&'static str, String)>) {
        let mut dropped = Vec::new();
        let mut keep = |kind: &'static str, list: &[String]| -> Vec<String> {
            let (ok, bad): (Vec<String>, Vec<String>) =
                list.iter().cloned().partition(|p| is_legal_package(p));
            dropped.extend(bad.into_iter().map(|p| (kind, p)));
            ok
        };
        let legal = Packages {
            apt: keep("apt", &self.apt),
            pip: keep("pip", &self.pip),
            conda: keep("conda", &self.conda),
        };
        (legal, dropped)
    }
}

/// The controller's package name pattern, `^[a-zA-Z0-9-_:=\.]+$`.
pub fn is_legal_package(package: &str) -> bool {
    !package.is_empty()
        && package
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '=' | '.'))
}

/// Where the image is pushed: the controller's `TargetImageURL` (with `pushRepo`:
/// `<pushRepo>:<name>-<hash>`, else `<pushRepoPrefix>/<name>:<hash>`), then, as the build
/// script's `insert_docker_io` does, `docker.io/` in front when the first path component has
/// no `.`. None when neither `pushRepo` nor `pushRepoPrefix` is set.
pub fn target_image(ci: &CustomImage, spec: &ImageSpec) -> Option<String> {
    let (target, prefix) = job_target(ci, spec)?;
    let url = if prefix.is_empty() {
        target
    } else {
        format!("{prefix}/{target}")
    };
    let registry = url.split('/').next().unwrap_or("");
    Some(if registry.contains('.') {
        url
    } else {
        format!("docker.io/{url}")
    })
}

/// The ImageSpecJob's `spec.targetImage` and `spec.repoPrefix`, as `buildImageSpecJob` sets
/// them: with `pushRepo` the whole reference and an empty prefix.
pub fn job_target(ci: &CustomImage, spec: &ImageSpec) -> Option<(String, String)> {
    let hash = spec.hash();
    match (ci.push_repo(), ci.push_repo_prefix()) {
        (Some(repo), _) => Some((format!("{repo}:{}-{hash}", spec.name), String::new())),
        (None, Some(prefix)) => Some((format!("{}:{hash}", spec.name), prefix.to_string())),
        (None, None) => None,
    }
}

/// The build pod's name, `image-<job name>-<4 characters>`. The controller draws the four
/// characters at random from `[0-9a-z]`; here they are the first four bytes of the sha256 of
/// the job name mapped onto the same alphabet the same way (`byte % 36`), so that a render is
/// reproducible and diffable.
pub fn pod_name(job_name: &str) -> String {
    const LETTERS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let digest = Sha256::digest(job_name.as_bytes());
    let suffix: String = digest[..4]
        .iter()
        .map(|b| LETTERS[usize::from(*b) % LETTERS.len()] as char)
        .collect();
    format!("image-{job_name}-{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(base: &str, apt: &[&str], pip: &[&str], conda: &[&str]) -> ImageSpec {
        let list = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
        ImageSpec {
            name: "testresource".into(),
            namespace: None,
            base_image: base.into(),
            pull_secret: None,
            packages: Packages {
                apt: list(apt),
                pip: list(pip),
                conda: list(conda),
            },
            update_time: None,
        }
    }

    #[test]
    fn the_hash_matches_the_controllers_example() {
        // SPEC §6: jupyter/base-notebook with apt [curl] → 96ff7925.
        let s = spec("jupyter/base-notebook", &["curl"], &[], &[]);
        assert_eq!(s.hash(), "96ff7925");
        assert_eq!(s.job_name(), "testresource-96ff7925");
    }

    #[test]
    fn the_hash_joins_parts_in_apt_pip_conda_order() {
        // sha1("b;apt:[a,b];pip:[p];conda:[c]"), computed independently with `sha1sum`.
        let s = spec("b", &["a", "b"], &["p"], &["c"]);
        assert_eq!(s.hash(), "016915e7");
        // Only the base image: sha1("b").
        assert_eq!(spec("b", &[], &[], &[]).hash(), "e9d71f5e");
    }

    #[test]
    fn illegal_packages_are_dropped_after_hashing() {
        let s = spec(
            "b",
            &["curl", "vim;rm -rf /"],
            &["numpy==1.2", "$(x)"],
            &["a b"],
        );
        let (legal, dropped) = s.packages.legal();
        assert_eq!(legal.apt, ["curl"]);
        assert_eq!(legal.pip, ["numpy==1.2"]);
        assert!(legal.conda.is_empty());
        assert_eq!(dropped.len(), 3);
        assert_eq!(dropped[0], ("apt", "vim;rm -rf /".to_string()));
    }

    #[test]
    fn the_target_image_follows_push_repo_then_prefix_then_docker_io() {
        let s = spec("jupyter/base-notebook", &["curl"], &[], &[]);
        let mut ci = CustomImage {
            push_repo: Some("infuseai/images".into()),
            push_repo_prefix: Some("gcr.io/proj".into()),
            ..Default::default()
        };
        assert_eq!(
            target_image(&ci, &s).unwrap(),
            "docker.io/infuseai/images:testresource-96ff7925"
        );
        ci.push_repo = None;
        assert_eq!(
            target_image(&ci, &s).unwrap(),
            "gcr.io/proj/testresource:96ff7925"
        );
        ci.push_repo_prefix = Some("localhost:5000/x".into());
        // `localhost:5000` has no `.`: the build script puts docker.io/ in front, as here.
        assert_eq!(
            target_image(&ci, &s).unwrap(),
            "docker.io/localhost:5000/x/testresource:96ff7925"
        );
        ci.push_repo_prefix = None;
        assert_eq!(target_image(&ci, &s), None);
    }

    #[test]
    fn the_pod_name_is_stable_and_shaped_like_the_controllers() {
        let name = pod_name("testresource-96ff7925");
        assert_eq!(name, pod_name("testresource-96ff7925"));
        let suffix = name.strip_prefix("image-testresource-96ff7925-").unwrap();
        assert_eq!(suffix.len(), 4);
        assert!(suffix
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase()));
        assert_ne!(
            name,
            pod_name("other-96ff7925").replace("other", "testresource")
        );
    }

    #[test]
    fn manifests_are_read_and_checked() {
        let s = ImageSpec::from_json(json!({
            "apiVersion": "primehub.io/v1alpha1", "kind": "ImageSpec",
            "metadata": {"name": "n", "namespace": "hub"},
            "spec": {"baseImage": "b", "pullSecret": "", "packages": {"apt": null, "pip": ["x"]}}
        }))
        .unwrap();
        assert_eq!(s.pull_secret, None);
        assert_eq!(s.packages.pip, ["x"]);
        assert!(ImageSpec::from_json(
            json!({"kind": "Pod", "metadata": {"name": "n"}, "spec": {"baseImage": "b"}})
        )
        .is_err());
        assert!(ImageSpec::from_json(json!({"metadata": {"name": "n"}, "spec": {}})).is_err());
        assert!(ImageSpec::from_json(
            json!({"metadata": {"name": "n"}, "spec": {"baseImage": "b", "packages": {"apt": [1]}}})
        )
        .is_err());
    }
}
