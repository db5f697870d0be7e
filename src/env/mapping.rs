//! The 2.x `.env` → 3.x `customImage` mapping (SPEC §2), current and deprecated names.
//! (Being written: see issue 2.)

use crate::diagnostic::Diagnostic;
use crate::env::EnvFile;
use crate::values::LocatedValues;

/// The located `customImage` values a `.env` gives, and the mapping rules' findings.
pub fn to_values(_env: &EnvFile) -> (LocatedValues, Vec<Diagnostic>) {
    (LocatedValues::default(), Vec::new())
}
