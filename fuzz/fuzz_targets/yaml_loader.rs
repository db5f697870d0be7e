//! The YAML loader: any text never panics, and it gives either values or diagnostics.
#![no_main]

#[path = "common.rs"]
mod common;

use customimage::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let source = SourceFile::new("fuzz.yaml", text);
    let _ = customimage::values::yaml::load(&source);
    let _ = customimage::values::yaml::to_json(&source);
});
