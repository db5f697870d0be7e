//! The quoted forms of a secret: as JSON writes it inside a string, and as YAML writes it inside
//! single quotes. A short secret's quoted forms are registered like any other form; a long
//! one's are derived from the secret each time a text long enough to hold them is scrubbed, not
//! held: the JSON form of a password of `"`s and `\`s is 1.5 times its size (six times for
//! control characters), and the registry keeps every form for the life of the process.

/// How a secret is quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Quoting {
    /// Inside a JSON string: `"` `\` and control characters escaped.
    Json,
    /// Inside a YAML single-quoted scalar: `'` doubled.
    YamlSingle,
}

impl Quoting {
    /// Whether quoting changes `secret` (no copy is made to be found equal to it).
    pub(super) fn changes(self, secret: &str) -> bool {
        match self {
            Quoting::Json => secret.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20),
            Quoting::YamlSingle => secret.contains('\''),
        }
    }

    /// A byte every form this quoting changed holds: a text without it holds none of them.
    pub(super) fn mark(self) -> u8 {
        match self {
            Quoting::Json => b'\\',
            Quoting::YamlSingle => b'\'',
        }
    }

    /// `secret` quoted (without the quotes around it). Lower-casing (ASCII) commutes with both
    /// quotings (JSON's escapes are lower-case letters and hex digits), so the form of a
    /// lower-cased secret is the lower-cased form.
    pub(super) fn apply(self, secret: &str) -> Option<String> {
        match self {
            Quoting::Json => json_escaped(secret),
            Quoting::YamlSingle => Some(secret.replace('\'', "''")),
        }
    }
}

/// A long secret's quoted form, derived when a text is scrubbed: the secret as registered
/// (lower-cased, held by the registry for good) and how it is quoted.
#[derive(Debug, Clone, Copy)]
pub(super) struct Derived {
    pub base: &'static [u8],
    pub quoting: Quoting,
}

impl Derived {
    /// The byte ranges of `lower` (a text, lower-cased) that hold this form: none without
    /// deriving it when the text is shorter than the secret or lacks the form's mark, else one
    /// pass (the form is at most six times the secret, and the secret no longer than the text).
    pub(super) fn ranges(self, text: &[u8], lower: &[u8]) -> Vec<(usize, usize)> {
        if self.base.len() > text.len() || memchr::memchr(self.quoting.mark(), text).is_none() {
            return Vec::new();
        }
        let Some(form) = std::str::from_utf8(self.base)
            .ok()
            .and_then(|base| self.quoting.apply(base))
        else {
            return Vec::new();
        };
        let n = form.len();
        memchr::memmem::find_iter(lower, form.as_bytes())
            .map(|at| (at, at + n))
            .collect()
    }
}

/// `text` as JSON writes it inside a string (without the quotes), in a buffer of its size.
pub(super) fn json_escaped(text: &str) -> Option<String> {
    // serde_json's escapes: two bytes for `"`, `\` and \b \f \n \r \t, six for the other
    // control characters (a miscount only costs a regrowth).
    let extra: usize = (text.bytes())
        .map(|b| match b {
            b'"' | b'\\' | 0x08 | 0x0c | b'\n' | b'\r' | b'\t' => 1,
            0..0x20 => 5,
            _ => 0,
        })
        .sum();
    let mut out = Vec::with_capacity(text.len() + extra + 2);
    serde_json::to_writer(&mut out, text).ok()?;
    out.pop();
    out.remove(0);
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_casing_commutes_with_quoting() {
        let secret = "Pw\"Q\\x\u{1}\u{1f}\n\tÉé'O''";
        for quoting in [Quoting::Json, Quoting::YamlSingle] {
            assert!(quoting.changes(secret));
            let lower_then_quoted = quoting.apply(&secret.to_ascii_lowercase()).unwrap();
            let quoted_then_lower = quoting.apply(secret).unwrap().to_ascii_lowercase();
            assert_eq!(lower_then_quoted, quoted_then_lower, "{quoting:?}");
            let form = quoting.apply(secret).unwrap();
            assert!(form.as_bytes().contains(&quoting.mark()), "{quoting:?}");
        }
        let json = serde_json::to_string(secret).unwrap();
        assert_eq!(json_escaped(secret).unwrap(), json[1..json.len() - 1]);
        assert!(!Quoting::Json.changes("plain-Pw") && !Quoting::YamlSingle.changes("plain-Pw"));
    }
}
