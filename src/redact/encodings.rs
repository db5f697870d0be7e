//! The forms a secret takes once a server has encoded it: what `check` registers for a
//! password or token before anything a registry echoes back can be printed. A careless server
//! may echo a credential base64-encoded inside a larger blob (at any of the three byte
//! alignments), percent- or form-encoded, as hex, as JSON `\u` escapes, HTML-escaped, or in
//! another case.

use base64::Engine as _;

/// Encoded forms shorter than this are not registered: a fragment of a few characters would
/// mask ordinary text while protecting nothing.
const MIN_ENCODED_LEN: usize = 8;

/// Registers `secret` (see [`super::register`]) and every encoded form of it.
pub fn register_with_encodings(secret: &str) {
    super::register(secret);
    for form in encoded_forms(secret.trim()) {
        super::register(&form);
    }
}

/// The encoded forms of `secret` that differ from it, each at least a few characters long.
pub fn encoded_forms(secret: &str) -> Vec<String> {
    if secret.is_empty() {
        return Vec::new();
    }
    let mut forms = Vec::new();
    forms.extend(base64_fragments(secret.as_bytes()));
    forms.extend(percent_encodings(secret));
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    forms.push(hex.to_ascii_uppercase());
    forms.push(hex);
    forms.extend(json_unicode_escapes(secret));
    forms.extend(html_escapes(secret));
    forms.push(secret.to_lowercase());
    forms.push(secret.to_uppercase());
    let mut unique: Vec<String> = Vec::new();
    for form in forms {
        if form != secret && form.len() >= MIN_ENCODED_LEN && !unique.contains(&form) {
            unique.push(form);
        }
    }
    unique
}

/// The characters of the base64 encoding of `bytes` that depend on `bytes` alone, for each
/// of the three positions `bytes` can start at within a 3-byte group, in the standard and the
/// URL-safe alphabet.
fn base64_fragments(bytes: &[u8]) -> Vec<String> {
    let engines = [
        base64::engine::general_purpose::STANDARD_NO_PAD,
        base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    let mut fragments = Vec::new();
    for alignment in 0..3usize {
        let mut shifted = vec![0u8; alignment];
        shifted.extend_from_slice(bytes);
        // Character i holds bits 6i..6i+6: it is the secret's alone when those bits lie
        // after the filler and within the secret.
        let first = (8 * alignment).div_ceil(6);
        let end = 8 * shifted.len() / 6;
        for engine in &engines {
            let encoded = engine.encode(&shifted);
            if let Some(fragment) = encoded.get(first..end) {
                fragments.push(fragment.to_string());
            }
        }
    }
    fragments
}

/// Percent-encoding of every byte outside RFC 3986's unreserved set (upper- and lower-case
/// hex), and `application/x-www-form-urlencoded` (`+` for a space).
fn percent_encodings(secret: &str) -> Vec<String> {
    let upper: String = secret
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let lower = lower_percent_hex(&upper);
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let form_lower = lower_percent_hex(&form);
    vec![upper, lower, form, form_lower]
}

fn lower_percent_hex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hex_left = 0;
    for c in text.chars() {
        if c == '%' {
            hex_left = 2;
            out.push(c);
        } else if hex_left > 0 {
            hex_left -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every character as a JSON `\uXXXX` escape (UTF-16, surrogate pairs beyond the BMP), in
/// lower- and upper-case hex.
fn json_unicode_escapes(secret: &str) -> Vec<String> {
    let lower: String = secret
        .encode_utf16()
        .map(|unit| format!("\\u{unit:04x}"))
        .collect();
    let upper: String = secret
        .encode_utf16()
        .map(|unit| format!("\\u{unit:04X}"))
        .collect();
    vec![lower, upper]
}

/// HTML escaping as common escapers write it: `&amp;`, `&lt;`, `&gt;`, and quotes as named
/// (`&quot;`, `&apos;`), decimal (`&#34;`, `&#39;`) or hex (`&#x22;`, `&#x27;`) references.
fn html_escapes(secret: &str) -> Vec<String> {
    if !secret.contains(['&', '<', '>', '"', '\'']) {
        return Vec::new();
    }
    const QUOTES: [&str; 3] = ["&quot;", "&#34;", "&#x22;"];
    const APOSTROPHES: [&str; 3] = ["&apos;", "&#39;", "&#x27;"];
    QUOTES
        .iter()
        .flat_map(|quot| APOSTROPHES.iter().map(move |apos| (quot, apos)))
        .map(|(quot, apos)| {
            let mut out = String::with_capacity(secret.len() * 2);
            for c in secret.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str(quot),
                    '\'' => out.push_str(apos),
                    c => out.push(c),
                }
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "Pa$$ w<o>rd&'\"-Canary";

    #[test]
    fn base64_fragments_are_found_at_every_alignment() {
        let fragments = base64_fragments(SECRET.as_bytes());
        for prefix in ["", "a", "ab", "abc", "user:", "user1:"] {
            let encoded = base64::engine::general_purpose::STANDARD
                .encode(format!("{prefix}{SECRET}-and-more-text"));
            assert!(
                fragments.iter().any(|f| encoded.contains(f.as_str())),
                "{prefix:?}: {encoded} holds none of {fragments:?}"
            );
            // And each fragment that is found covers most of the secret's encoding.
            let longest = fragments
                .iter()
                .filter(|f| encoded.contains(f.as_str()))
                .map(|f| f.len())
                .max()
                .unwrap();
            assert!(longest >= SECRET.len() * 4 / 3 - 3, "{prefix:?}");
        }
    }

    #[test]
    fn every_other_encoding_is_listed() {
        let forms = encoded_forms(SECRET);
        let has = |form: &str| forms.iter().any(|f| f == form);
        assert!(has("Pa%24%24%20w%3Co%3Erd%26%27%22-Canary"));
        assert!(has("Pa%24%24+w%3Co%3Erd%26%27%22-Canary"));
        assert!(has("Pa%24%24%20w%3co%3erd%26%27%22-Canary"));
        assert!(has(&SECRET
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()));
        assert!(has("\\u0050\\u0061\\u0024\\u0024\\u0020\\u0077\\u003c\\u006f\\u003e\\u0072\\u0064\\u0026\\u0027\\u0022\\u002d\\u0043\\u0061\\u006e\\u0061\\u0072\\u0079"));
        assert!(has("Pa$$ w&lt;o&gt;rd&amp;&#39;&#34;-Canary"));
        assert!(has("Pa$$ w&lt;o&gt;rd&amp;&#x27;&quot;-Canary"));
        assert!(has(&SECRET.to_uppercase()));
        assert!(has(&SECRET.to_lowercase()));
        assert!(!has(SECRET));
    }

    #[test]
    fn a_short_secret_registers_no_tiny_fragments() {
        assert!(encoded_forms("abcd")
            .iter()
            .all(|f| f.len() >= MIN_ENCODED_LEN));
        assert!(encoded_forms("").is_empty());
    }
}
