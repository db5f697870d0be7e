//! Shared by the fuzz targets: the canary secret and the invariant that it never shows.
#![allow(dead_code)]

/// A password no fuzzer input can make innocent: it is put into every input as the registry
/// password, and must never appear in any output.
pub const CANARY: &str = "Fuzz-Canary-Secret-9f3b2c";

/// The whole input, bounded: the tool's own limit is 8 MiB, the fuzzer's inputs are smaller.
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Panics (a finding for the fuzzer) when `output` shows the canary, in any ASCII case.
pub fn assert_no_canary(what: &str, output: &str) {
    let lower = output.to_ascii_lowercase();
    assert!(
        !lower.contains(&CANARY.to_ascii_lowercase()),
        "{what} shows the canary secret:\n{output}"
    );
}
