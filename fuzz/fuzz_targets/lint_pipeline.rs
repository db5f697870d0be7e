//! The whole lint pipeline (read, check, report in every format) on a values file whose
//! password is the canary, followed by the fuzzer's text: no panic, and no report shows the
//! canary. Odd inputs are read as a `.env`, even ones as YAML.
#![no_main]

#[path = "common.rs"]
mod common;

use customimage::source::{InputKind, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let (name, kind, text) = if data.len() % 2 == 1 {
        let head = format!(
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='{}'\n",
            common::CANARY
        );
        ("fuzz.env", InputKind::Env, head + text)
    } else {
        let head = format!("customImage:\n  registryPassword: '{}'\n", common::CANARY);
        ("fuzz.yaml", InputKind::Yaml, head + text)
    };
    let result = customimage::analysis::check_source(SourceFile::new(name, text), kind, "primehub");
    let results = [result];
    let redact = customimage::redact::scrub;
    common::assert_no_canary(
        "human",
        &redact(&customimage::report::human::render(&results, false)),
    );
    common::assert_no_canary(
        "github",
        &redact(&customimage::report::github::render(&results)),
    );
    common::assert_no_canary("json", &customimage::report::json::render(&results));
    common::assert_no_canary("sarif", &customimage::report::sarif::render(&results));
});
