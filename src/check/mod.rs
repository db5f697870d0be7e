//! `customimage check`. (Being written.)

use crate::cli::{CheckArgs, Globals};

pub fn run(_args: &CheckArgs, _globals: Globals) -> u8 {
    crate::redact::print_stderr("customimage: `check` is not implemented yet\n");
    crate::cli::exit::USAGE
}
