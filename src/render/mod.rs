//! `customimage render`. (Being written.)

pub mod go_yaml;
pub mod templates;

use crate::cli::{Globals, RenderArgs};

pub fn run(_args: &RenderArgs, _globals: Globals) -> u8 {
    crate::redact::print_stderr("customimage: `render` is not implemented yet\n");
    crate::cli::exit::USAGE
}
