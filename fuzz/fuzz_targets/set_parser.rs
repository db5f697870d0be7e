//! The `--set` family (`--set`, `--set-string`, `--set-json`, `--set-literal`, `--set-file`) as
//! a layered input applies it, after `--set customImage.registryPassword=<canary>`: no panic,
//! and neither the usage error a refused expression becomes nor any report of the layered check
//! shows the canary.
//!
//! The input is up to 8 expressions, one a line; a line's first character picks the flag
//! (`s` `--set`, `S` `--set-string`, `j` `--set-json`, `l` `--set-literal`, `f` `--set-file`,
//! any other by its value) and the rest of the line is the expression.
#![no_main]

#[path = "common.rs"]
mod common;

use customimage::analysis::layered::{check_layers, LayerSpec};
use customimage::values::helm::layers::LayerKind;
use customimage::values::helm::{LayeredInput, SetKind};
use libfuzzer_sys::fuzz_target;

const KINDS: [SetKind; 5] = [
    SetKind::Set,
    SetKind::String,
    SetKind::Json,
    SetKind::Literal,
    SetKind::File,
];

fn kind(first: char) -> SetKind {
    match first {
        's' => SetKind::Set,
        'S' => SetKind::String,
        'j' => SetKind::Json,
        'l' => SetKind::Literal,
        'f' => SetKind::File,
        other => KINDS[other as usize % KINDS.len()],
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else {
        return;
    };
    let canary = (
        SetKind::Set,
        format!("customImage.registryPassword={}", common::CANARY),
    );
    let mut sets = vec![canary];
    for line in text.split('\n').take(8) {
        let mut chars = line.chars();
        if let Some(first) = chars.next() {
            sets.push((kind(first), chars.as_str().to_string()));
        }
    }

    // The whole layered check, as `lint --set …` runs it: it registers what the expressions
    // give a password before anything can echo it. `--set-file` is left out here: it reads
    // the disk.
    let spec = LayerSpec {
        sets: sets
            .iter()
            .filter(|(kind, _)| *kind != SetKind::File)
            .cloned()
            .collect(),
        ..LayerSpec::default()
    };
    match check_layers(&spec, "primehub") {
        Ok(result) => {
            let files = &result.files;
            let redact = customimage::redact::scrub;
            common::assert_no_canary(
                "human",
                &redact(&customimage::report::human::render(files, false)),
            );
            common::assert_no_canary(
                "github",
                &redact(&customimage::report::github::render(files)),
            );
            common::assert_no_canary("json", &customimage::report::json::render(files));
            common::assert_no_canary("sarif", &customimage::report::sarif::render(files));
        }
        Err(e) => common::assert_no_canary("error", &customimage::redact::scrub(&e.to_string())),
    }

    // Every expression, `--set-file` included (reading nothing), through the public API the
    // layered check uses; a refusal worded as the check words it, through the redaction point.
    let mut input = LayeredInput::default();
    for (kind, expr) in &sets {
        input.set(*kind, expr.clone());
    }
    let mut no_files = |path: &str| Err(format!("{path}: no file is read while fuzzing"));
    match input.build(&mut no_files) {
        Ok(effective) => {
            let _ = effective.located();
            let _ = effective.typed();
            let _ = effective.names("primehub");
        }
        Err(e) => {
            let layer = &input.layers[e.layer];
            let (_, column) = layer.source.line_col(e.span.offset);
            let flag = match layer.kind {
                LayerKind::Set(kind) => kind.flag(),
                _ => "a file",
            };
            let message = format!(
                "{flag} {:?}: Helm refuses it at column {column}: {}",
                layer.source.text, e.message
            );
            common::assert_no_canary("refusal", &customimage::redact::scrub(&message));
        }
    }
});
