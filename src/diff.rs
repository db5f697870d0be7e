//! `customimage diff`. (Being written.)

use crate::cli::{DiffArgs, Globals};

pub fn run(_args: &DiffArgs, _globals: Globals) -> u8 {
    crate::redact::print_stderr("customimage: `diff` is not implemented yet\n");
    crate::cli::exit::USAGE
}
