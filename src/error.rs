//! The typed error every command returns. It knows its exit status (SPEC §3) and what to say;
//! `cli` prints it once, through the redaction point. Findings travel as the checked file, so
//! the one printer can show them as the human report.

use std::path::PathBuf;

use crate::analysis::{FileResult, Unusable};
use crate::source::InputError;

/// How a command ended when it did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something impossible (exit 2).
    #[error("{0}")]
    Usage(String),
    /// One or more inputs could not be read (exit 2).
    #[error("{}", join(.0))]
    Inputs(Vec<InputError>),
    /// The input has error-level findings; nothing was written (exit 1).
    #[error("{} has errors", .0.source.name)]
    Findings(Box<FileResult>),
    /// The input was read but refused for a reason that is not a lint finding, already worded
    /// for the operator (`check`: bad credentials, no push permission) (exit 1).
    #[error("{0}")]
    Refused(String),
    /// A file could not be written (exit 2).
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The registry could not be reached: DNS, connection, timeout (`check`, exit 3).
    #[error("{0}")]
    Unreachable(String),
    /// A bug of ours (a template that does not render) (exit 2).
    #[error("internal error: {0}")]
    Internal(String),
    /// Two inputs' errors (`diff`), shown in order; the status is the worse one.
    #[error("{0}\n{1}")]
    Both(Box<Error>, Box<Error>),
    /// `diff --detailed-exitcode` keeps 2 for "changes", so any error there is 1 (helm-diff's
    /// and terraform's convention).
    #[error(transparent)]
    InDetailedDiff(Box<Error>),
}

impl Error {
    /// The process exit status for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Findings(_) | Error::Refused(_) | Error::InDetailedDiff(_) => 1,
            Error::Usage(_) | Error::Inputs(_) | Error::Write { .. } | Error::Internal(_) => 2,
            Error::Unreachable(_) => 3,
            Error::Both(a, b) => a.exit_code().max(b.exit_code()),
        }
    }

    /// A usage error from anything that prints.
    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }

    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Write {
            path: path.into(),
            source,
        }
    }

    pub fn findings(result: FileResult) -> Error {
        Error::Findings(Box::new(result))
    }
}

impl From<InputError> for Error {
    fn from(error: InputError) -> Error {
        Error::Inputs(vec![error])
    }
}

impl From<Unusable> for Error {
    fn from(unusable: Unusable) -> Error {
        match unusable {
            Unusable::Unreadable(e) => Error::from(e),
            Unusable::Findings(result) => Error::Findings(result),
        }
    }
}

fn join(errors: &[InputError]) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

/// How a command ended when it did its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0 (warnings allowed unless `--strict`).
    Success,
    /// Exit 1: `lint` reported error-level findings (or warnings under `--strict`).
    Findings,
    /// Exit 2: `diff --detailed-exitcode` found changes.
    Changes,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Findings => 1,
            Outcome::Changes => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_spec() {
        assert_eq!(Error::usage("x").exit_code(), 2);
        assert_eq!(Error::Refused("x".into()).exit_code(), 1);
        assert_eq!(Error::Unreachable("x".into()).exit_code(), 3);
        let inner = Error::from(InputError::TooLarge {
            name: "a".into(),
            limit: 1,
        });
        assert_eq!(inner.exit_code(), 2);
        assert_eq!(Error::InDetailedDiff(Box::new(inner)).exit_code(), 1);
        assert_eq!(Outcome::Changes.exit_code(), 2);
    }
}
