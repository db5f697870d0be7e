//! Where the builder pushes, decided as the controller decides it: `pushRepo` when set (all
//! images into one repository), otherwise `pushRepoPrefix` (one repository per image).

use super::{ImageRef, ReferenceError};
use crate::values::CustomImage;

/// Which key names the push target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushMode {
    /// `pushRepo`: images are `<pushRepo>:<specName>-<hash>`.
    Repo,
    /// `pushRepoPrefix`: images are `<pushRepoPrefix>/<specName>:<hash>`.
    Prefix,
}

impl PushMode {
    /// The key as users write it (`pushRepo`).
    pub fn key(self) -> &'static str {
        match self {
            PushMode::Repo => "pushRepo",
            PushMode::Prefix => "pushRepoPrefix",
        }
    }

    /// The dotted values path (`customImage.pushRepo`).
    pub fn path(self) -> &'static str {
        match self {
            PushMode::Repo => "customImage.pushRepo",
            PushMode::Prefix => "customImage.pushRepoPrefix",
        }
    }
}

/// The effective push target of a `customImage` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushTarget {
    pub mode: PushMode,
    /// The value as written.
    pub text: String,
    /// The parsed repository (for a prefix: its domain and path, see [`ImageRef::parse_prefix`]).
    pub reference: ImageRef,
}

impl PushTarget {
    /// The target of `values`: `None` when neither key is set; an error when the effective
    /// key's value is not a repository (`invalid-repository` reports it). A `pushRepo` with a
    /// tag or digest is still returned: the host and path are known.
    pub fn of(values: &CustomImage) -> Option<Result<PushTarget, ReferenceError>> {
        let (mode, text) = match (values.push_repo(), values.push_repo_prefix()) {
            (Some(repo), _) => (PushMode::Repo, repo),
            (None, Some(prefix)) => (PushMode::Prefix, prefix),
            (None, None) => return None,
        };
        let reference = match mode {
            PushMode::Repo => ImageRef::parse(text),
            PushMode::Prefix => ImageRef::parse_prefix(text),
        };
        Some(reference.map(|reference| PushTarget {
            mode,
            text: text.to_string(),
            reference,
        }))
    }

    /// [`PushTarget::of`], for rules that only look at well-formed targets.
    pub fn valid(values: &CustomImage) -> Option<PushTarget> {
        PushTarget::of(values).and_then(Result::ok)
    }

    /// The normalised registry host the images go to.
    pub fn host(&self) -> String {
        self.reference.host()
    }
}
