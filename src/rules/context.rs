//! What a values rule sees.

use super::diagnostic::Diagnostic;
use crate::values::{CustomImage, LocatedValues};

/// What a values rule sees: the user's values, where each was written, and the release name.
pub struct ValuesContext<'a> {
    pub values: &'a CustomImage,
    pub located: &'a LocatedValues,
    pub release: &'a str,
}

impl ValuesContext<'_> {
    /// Points `diagnostic` at the value of `path` (or the block when the value is not written).
    pub fn at_value(&self, diagnostic: Diagnostic, path: &str) -> Diagnostic {
        diagnostic.at(
            self.located.display_path(path),
            self.located.value_span(path),
        )
    }

    /// Points `diagnostic` at the key of `path`.
    pub fn at_key(&self, diagnostic: Diagnostic, path: &str) -> Diagnostic {
        diagnostic.at(self.located.display_path(path), self.located.key_span(path))
    }
}
