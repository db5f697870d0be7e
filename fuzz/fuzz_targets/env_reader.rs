//! The `.env` reader: any bytes, with the canary as the registry password on a line of its
//! own, never panic, and the canary is registered for masking as soon as it is read.
#![no_main]

#[path = "common.rs"]
mod common;

use customimage::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let text = format!(
        "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='{}'\n{text}",
        common::CANARY
    );
    let source = SourceFile::new("fuzz.env", text);
    let env = customimage::env::parse_with(&source, &|_| None);
    // The password was registered as soon as it was read: scrubbing the file hides it.
    common::assert_no_canary(
        "the scrubbed file",
        &customimage::redact::scrub(&source.text),
    );
    let _ = env.findings.len();
});
