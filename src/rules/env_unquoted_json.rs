//! # `env-unquoted-json`
//!
//! ## What it does
//! Refuses an Image Builder setting (`PRIMEHUB_CUSTOM_IMAGE_*` and its siblings) whose value
//! is written as JSON (it starts with `{` or `[`) and loses double quotes to bash: some `"` in
//! it is a shell quote, for example a GCR service-account key pasted unquoted as the registry
//! password. A value that is one double-quoted string with every inner `"` escaped as `\"` is
//! read correctly by bash and is accepted, and so is one where no `"` is a shell quote: a
//! single-quoted value, even one that goes on (`'{x'\''y'`, `'[ab'#c`), is read exactly as
//! written between its quotes.
//!
//! Detected by: `src/env/reader.rs`, while reading.
//!
//! Fix: available (`lint --fix`): the value is wrapped in single quotes, only when the JSON as
//! written (the value, or the rest of its line when bash split it at a space) is valid JSON
//! holding no `'` and no line break, so that bash then reads back exactly those bytes. Anything
//! else (JSON already mangled, a `'` inside) is left for a person.
//!
//! ## Why is this bad?
//! The PrimeHub 2.5 docs say to make the GCR key file "a one-line json string" for `.env`, and
//! the natural way to do that, `PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={"type":"service_account",…}`,
//! is silently corrupted: bash removes every double quote, so the password becomes
//! `{type:service_account,project_id:…}`, which is not JSON. The install succeeds, the push
//! secret holds a broken key, and every image build then fails to log in to `gcr.io`. A space
//! in the value (`"type": "service_account"`) is worse: bash runs the rest as a command. Other
//! `.env` readers disagree with bash here (dotenvy also turns `\n` into newlines), so the
//! only reliable form is single quotes, inside which bash changes nothing.
//!
//! ## Example
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=_json_key
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={"type":"service_account","project_id":"my-project",…}
//! ```
//!
//! ## Use instead
//! ```sh
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=_json_key
//! PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD='{"type":"service_account","project_id":"my-project",…}'
//! ```
//! `jq -c . keyfile.json` prints the key on one line; a key file contains no `'`.
//!
//! ## References
//! - [GCR: JSON key file authentication](https://cloud.google.com/container-registry/docs/advanced-authentication#json-key)
//! - [Bash manual: Single Quotes](https://www.gnu.org/software/bash/manual/html_node/Single-Quotes.html)

use crate::rules::prelude::*;

/// The finding for the value of `key` at `span`; `bash_value` is what bash makes of it, absent
/// when the value is a password (or when bash would not assign it at all).
pub fn diagnostic(key: &str, bash_value: Option<&str>, span: Span) -> Diagnostic {
    let consequence = match bash_value {
        Some(value) => format!("so `{key}` becomes `{}`", shorten(value)),
        None => format!("so what `{key}` gets is not the JSON written here"),
    };
    Rule::EnvUnquotedJson.diagnostic(format!(
            "JSON value not in single quotes: bash removes the double quotes inside it, \
             {consequence}"
        ),
    )
    .help(format!(
        "wrap the whole value in single quotes: {key}='{{\"type\": …}}' (`jq -c . key.json` \
         prints a key file on one line; it contains no single quote)"
    ))
    .at(key, span)
}

fn shorten(text: &str) -> String {
    const MAX: usize = 50;
    excerpt(&text.replace('\n', "\\n"), MAX)
}
