//! A PrimeHub `ImageSpec` and what the controller derives from it (primehub-controller,
//! `imagespec_controller.go` and `imagespecjob_controller.go`): the hash, the ImageSpecJob
//! name, the target image, the build pod's name and the packages the Dockerfile may use.
//! Reading the manifest is the read layer's ([`crate::values::image_spec`]).

use sha1::{Digest, Sha1};
use sha2::Sha256;

pub use crate::values::image_spec::{is_legal_package, ImageSpec, Packages};
use crate::values::CustomImage;

impl ImageSpec {
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

/// Where the image is pushed: the controller's `TargetImageURL` (with `pushRepo`:
/// `<pushRepo>:<name>-<hash>`, else `<pushRepoPrefix>/<name>:<hash>`), then, as the build
/// script's `insert_docker_io` does, `docker.io/` in front when the first path component has
/// no `.`. None when neither `pushRepo` nor `pushRepoPrefix` is set.
pub fn target_image(custom_image: &CustomImage, spec: &ImageSpec) -> Option<String> {
    let (target, prefix) = job_target(custom_image, spec)?;
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
pub fn job_target(custom_image: &CustomImage, spec: &ImageSpec) -> Option<(String, String)> {
    let hash = spec.hash();
    match (custom_image.push_repo(), custom_image.push_repo_prefix()) {
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
        let mut custom_image = CustomImage {
            push_repo: Some("infuseai/images".into()),
            push_repo_prefix: Some("gcr.io/proj".into()),
            ..Default::default()
        };
        assert_eq!(
            target_image(&custom_image, &s).unwrap(),
            "docker.io/infuseai/images:testresource-96ff7925"
        );
        custom_image.push_repo = None;
        assert_eq!(
            target_image(&custom_image, &s).unwrap(),
            "gcr.io/proj/testresource:96ff7925"
        );
        custom_image.push_repo_prefix = Some("localhost:5000/x".into());
        // `localhost:5000` has no `.`: the build script puts docker.io/ in front, as here.
        assert_eq!(
            target_image(&custom_image, &s).unwrap(),
            "docker.io/localhost:5000/x/testresource:96ff7925"
        );
        custom_image.push_repo_prefix = None;
        assert_eq!(target_image(&custom_image, &s), None);
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
}
