//! The portable policy: `customImage` values as one-line YAML scalars that read back as exactly
//! the same string, whether the reader is YAML 1.1 (Helm's go-yaml, PyYAML) or YAML 1.2.
//!
//! A string is written plain when no reader could take it for anything else, single-quoted when
//! it could (`on`, `0123`, `*.gcr.io`, a GCR key JSON), and double-quoted only when single
//! quotes cannot carry it (line breaks, control characters), with escapes, so that every value
//! stays on one line.

use std::sync::OnceLock;

use regex::Regex;

/// `s` as a YAML scalar in block context that every YAML 1.1 and 1.2 reader reads back as the
/// string `s`.
pub fn scalar(s: &str) -> String {
    if s.chars().any(needs_escape) {
        double_quoted(s)
    } else if is_plain_safe(s) {
        s.to_string()
    } else {
        single_quoted(s)
    }
}

/// Characters a single-quoted scalar cannot hold as they are: line breaks (YAML 1.1 counts NEL,
/// LS and PS too; inside quotes they would be folded into spaces), a BOM, and everything outside
/// YAML's printable set (which readers refuse anywhere in a stream).
fn needs_escape(c: char) -> bool {
    let printable = matches!(c,
        '\t' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    !printable || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Characters that mean something at the start of a plain scalar (YAML 1.2 §5.3), so a string
/// starting with one is quoted; `-`, `?` and `:` are sometimes allowed, but never worth the risk.
const INDICATORS: &[char] = &[
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false; // the empty plain scalar is null
    };
    !INDICATORS.contains(&first)
        && !first.is_ascii_whitespace()
        && !s.ends_with([' ', '\t'])
        && !s.contains('\t')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.starts_with("...")
        && !resolves_to_non_string(s)
}

/// Whether a plain `s` would be read as something other than a string by a YAML 1.1 reader
/// (booleans `y`/`on`/…, nulls, octal `0123`, `1_000`, base-60 `1:30`, `.5`, dates, `=`, `<<`)
/// or a YAML 1.2 core-schema one (`1e3`, `0o17`). Words are matched in any case: quoting `ON`
/// costs nothing, a reader that resolves it costs a broken install.
fn resolves_to_non_string(s: &str) -> bool {
    static NON_STRING: OnceLock<Regex> = OnceLock::new();
    let re = NON_STRING.get_or_init(|| {
        let pattern = format!(
            r"(?xi)^(?:
              ~ | null | y | yes | n | no | true | false | on | off
            | [-+]?(?: 0b[01_]+ | 0o?[0-7_]+ | 0x[0-9a-f_]+ )
            | [-+]?[0-9][0-9_]*(?: :[0-5]?[0-9] )*
            | [-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?: e[-+]?[0-9]+ )?
            | [-+]?[0-9][0-9_]*(?: \.[0-9_]* )?e[-+]?[0-9]+
            | [-+]?[0-9][0-9_]*(?: :[0-5]?[0-9] )+\.[0-9_]*
            | [-+]?\.(?: inf | nan )
            | = | <<
            )$
            | ^{date}",
            date = super::DATE
        );
        Regex::new(&pattern).expect("the resolver pattern is valid")
    });
    re.is_match(s)
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if matches!(c, '"' | '\\' | '\n' | '\r' | '\t') || needs_escape(c) {
            out.push_str(&super::escape(c, false));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_values_stay_plain() {
        for s in [
            "docker.io",
            "https://gcr.io",
            "http://10.0.0.1:5000",
            "_json_key",
            "infuseai/my-images",
            "a#b",
            "key:value",
            "日本語",
            "v1.39.3",
        ] {
            assert_eq!(scalar(s), s, "{s}");
        }
    }

    #[test]
    fn values_a_reader_would_not_read_as_strings_are_single_quoted() {
        for s in [
            "on",
            "OFF",
            "y",
            "N",
            "Yes",
            "true",
            "False",
            "null",
            "~",
            "",
            "0123",
            "0x1F",
            "1e3",
            "1_000",
            ".5",
            "+1",
            "1:30",
            ".inf",
            "-.Inf",
            ".NaN",
            "2001-12-14",
            "=",
            "<<",
            "1.",
        ] {
            assert_eq!(scalar(s), format!("'{s}'"), "{s:?}");
        }
    }

    #[test]
    fn indicators_comments_and_spaces_force_quotes() {
        assert_eq!(scalar("*.gcr.io"), "'*.gcr.io'");
        assert_eq!(scalar("-x"), "'-x'");
        assert_eq!(scalar("a: b"), "'a: b'");
        assert_eq!(scalar("a #b"), "'a #b'");
        assert_eq!(scalar(" a"), "' a'");
        assert_eq!(scalar("a "), "'a '");
        assert_eq!(scalar("a\tb"), "'a\tb'");
        assert_eq!(scalar("it's"), "it's");
        assert_eq!(scalar("'q'"), "'''q'''");
        assert_eq!(scalar("ends:"), "'ends:'");
    }

    #[test]
    fn a_gcr_key_stays_one_line_and_byte_identical_inside_single_quotes() {
        let key = r#"{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"}"#;
        assert_eq!(scalar(key), format!("'{key}'"));
    }

    #[test]
    fn line_breaks_and_control_characters_are_escaped_in_double_quotes() {
        assert_eq!(scalar("a\nb"), r#""a\nb""#);
        assert_eq!(scalar("say \"hi\"\r\n"), r#""say \"hi\"\r\n""#);
        assert_eq!(scalar("c:\\x\u{7}"), r#""c:\\x\x07""#);
        assert_eq!(scalar("\u{2028}\u{feff}"), r#""\u2028\uFEFF""#);
        assert_eq!(scalar("\u{85}"), r#""\x85""#);
    }
}
