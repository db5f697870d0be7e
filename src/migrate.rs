//! `customimage migrate`. (Being written.)

use crate::cli::{Globals, MigrateArgs};

pub fn run(_args: &MigrateArgs, _globals: Globals) -> u8 {
    crate::redact::print_stderr("customimage: `migrate` is not implemented yet\n");
    crate::cli::exit::USAGE
}
