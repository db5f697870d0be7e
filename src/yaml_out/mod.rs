//! Writing YAML scalars, in one place, with the two policies this tool needs:
//!
//! - [`portable`]: `migrate`'s one-line scalars, quoted whenever any YAML 1.1 or 1.2 reader could
//!   read them as something other than the same string;
//! - [`go_yaml`]: Helm's `toYaml` byte for byte (go-yaml v2's emitter), for `render` and `diff`.
//!
//! Both share the date pattern YAML 1.1 resolves as a timestamp and the double-quoted escapes.

mod go_yaml;
pub mod portable;
mod resolve;

pub use go_yaml::to_yaml;
pub use resolve::resolves_to_string;

/// A YAML 1.1 date (`2001-12-14`), the start of every timestamp form.
pub(crate) const DATE: &str = r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}";

/// How a character that must be escaped is written inside double quotes. `named` adds YAML's
/// short escapes beyond `\n`, `\r`, `\t` (`\0`, `\e`, `\N`, `\L`, `\P`, …), as go-yaml's emitter
/// writes them; otherwise `\xNN`, `\uNNNN` or `\UNNNNNNNN`, which every reader knows.
pub(crate) fn escape(c: char, named: bool) -> String {
    let short = match c {
        '"' => Some('"'),
        '\\' => Some('\\'),
        '\n' => Some('n'),
        '\r' => Some('r'),
        '\t' => Some('t'),
        _ if !named => None,
        '\0' => Some('0'),
        '\u{7}' => Some('a'),
        '\u{8}' => Some('b'),
        '\u{b}' => Some('v'),
        '\u{c}' => Some('f'),
        '\u{1b}' => Some('e'),
        '\u{85}' => Some('N'),
        '\u{a0}' => Some('_'),
        '\u{2028}' => Some('L'),
        '\u{2029}' => Some('P'),
        _ => None,
    };
    if let Some(short) = short {
        return format!("\\{short}");
    }
    let n = u32::from(c);
    if n <= 0xff {
        format!("\\x{n:02X}")
    } else if n <= 0xffff {
        format!("\\u{n:04X}")
    } else {
        format!("\\U{n:08X}")
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn named_escapes_only_in_the_go_yaml_policy() {
        assert_eq!(escape('\u{1b}', true), "\\e");
        assert_eq!(escape('\u{1b}', false), "\\x1B");
        assert_eq!(escape('\u{2028}', true), "\\L");
        assert_eq!(escape('\u{2028}', false), "\\u2028");
        assert_eq!(escape('\n', false), "\\n");
        assert_eq!(escape('\u{1F600}', false), "\\U0001F600");
    }
}
