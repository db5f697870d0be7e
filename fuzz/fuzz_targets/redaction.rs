//! The redaction point: registered secrets (the canary, and one taken from the input) never
//! survive `scrub`, whatever surrounds them and in whatever ASCII case, and masking a source's
//! spans never panics.
#![no_main]

#[path = "common.rs"]
mod common;

use customimage::source::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    customimage::redact::register(common::CANARY);
    // A secret from the input: its first line, if long enough to be registered at all.
    let secret = text.lines().next().unwrap_or("").trim();
    customimage::redact::register(secret);
    let haystack = format!("{text}{}{}", common::CANARY.to_ascii_uppercase(), text);
    let clean = customimage::redact::scrub(&haystack);
    common::assert_no_canary("scrub", &clean);
    if secret.chars().count() >= 4 {
        assert!(
            !clean
                .to_ascii_lowercase()
                .contains(&secret.to_ascii_lowercase()),
            "scrub shows a registered secret"
        );
    }
    // Its JSON form too; and that of a canary with characters JSON escapes, long enough for
    // the registry to derive its quoted forms when it scrubs instead of holding them (one
    // canary for every input: a new long secret per input would make the registry, which
    // never forgets, slower with every run).
    let long = "Long-\"Canary\\-".repeat(160);
    for secret in [secret, long.as_str()] {
        if secret.chars().count() < 4 {
            continue;
        }
        customimage::redact::register(secret);
        let json = serde_json::to_string(secret).unwrap_or_default();
        let form = json.trim_matches('"').to_ascii_lowercase();
        let haystack = format!("{text}{json}{text}");
        let clean = customimage::redact::scrub(&haystack);
        assert!(
            !clean.to_ascii_lowercase().contains(&form),
            "scrub shows a registered secret's JSON form"
        );
    }
    // Spans anywhere, on char boundaries or not, overlapping or not.
    let spans: Vec<Span> = data
        .chunks(2)
        .take(8)
        .map(|c| {
            Span::new(
                c[0] as usize % (text.len() + 1),
                *c.get(1).unwrap_or(&0) as usize,
            )
        })
        .filter(|s| {
            text.is_char_boundary(s.offset)
                && s.end() <= text.len()
                && text.is_char_boundary(s.end())
        })
        .collect();
    let (masked, map) = customimage::redact::mask_source(text, &spans);
    for s in &spans {
        assert!(map(s.offset) <= masked.len());
    }
});
