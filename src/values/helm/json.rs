//! The JSON values of `--set-json`, read as Helm reads them: Go's `encoding/json` decoder on the
//! rest of the expression, one value at a time.
//!
//! What matters for parity is where a value ends, since the expression goes on after it: a
//! string, list or object ends at its closing character; a number or `true`/`false`/`null`
//! ends at the first character that cannot continue it (`1x` is the number 1, then `x`),
//! unless that character leaves it malformed (`1.x`, `1e,`, `-,` are errors). Numbers become
//! float64 ([`super::go_number`]); one out of float64's range is an error. Invalid `\u`
//! surrogates become U+FFFD, as Go decodes them. Nesting is bounded by [`MAX_DEPTH`] (Go allows
//! 10,000 levels; a command-line argument nested deeper than this is refused here).

use std::collections::BTreeMap;

use serde_json::Number;

use super::{go_number, Kind, LayerId, Node, Origin};
use crate::source::Span;

/// How deep lists and objects may nest in one `--set-json` value.
pub const MAX_DEPTH: usize = 100;

/// Why a JSON value could not be read, with the byte offset (into the decoded text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

/// Decodes one JSON value at the start of `text` (after JSON whitespace). Returns it and the
/// number of bytes consumed. `base` is the offset of `text` in the layer's text, for spans.
pub fn decode(text: &str, base: usize, layer: LayerId) -> Result<(Node, usize), JsonError> {
    let mut reader = Reader {
        text: text.as_bytes(),
        full: text,
        pos: 0,
        base,
        layer,
    };
    reader.skip_ws();
    let node = reader.value(0)?;
    Ok((node, reader.pos))
}

struct Reader<'a> {
    text: &'a [u8],
    full: &'a str,
    pos: usize,
    base: usize,
    layer: LayerId,
}

impl Reader<'_> {
    fn fail<T>(&self, message: impl Into<String>) -> Result<T, JsonError> {
        Err(JsonError {
            offset: self.base + self.pos,
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn origin(&self, start: usize) -> Origin {
        Origin::new(
            self.layer,
            Span::new(self.base + start, self.pos.saturating_sub(start)),
        )
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.pos;
        let kind = match self.peek() {
            None => return self.fail("unexpected end of JSON input"),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(c) => {
                return self.fail(format!(
                    "invalid character {:?} looking for beginning of value",
                    c as char
                ))
            }
        };
        Ok(Node::new(kind, self.origin(start)))
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, JsonError> {
        for expected in word.bytes() {
            match self.peek() {
                Some(c) if c == expected => self.pos += 1,
                Some(c) => {
                    return self.fail(format!(
                        "invalid character {:?} in literal {word}",
                        c as char
                    ))
                }
                None => return self.fail("unexpected end of JSON input"),
            }
        }
        Ok(kind)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Number, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return self.fail("invalid character in numeric literal"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return self.fail("invalid character after decimal point in numeric literal");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return self.fail("invalid character in exponent of numeric literal");
            }
        }
        let literal = &self.full[start..self.pos];
        match literal.parse::<f64>() {
            Ok(f) if f.is_finite() => {
                let n = Number::from_f64(f).unwrap_or_else(|| Number::from(0));
                Ok(go_number(&n))
            }
            _ => self.fail(format!(
                "cannot unmarshal number {literal} into Go value of type float64"
            )),
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.get(at..at + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(text, 16).ok()
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // the opening quote
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return self.fail("unexpected end of JSON input");
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => self.escape(&mut out)?,
                0..=0x1f => return self.fail("invalid character in string literal"),
                _ => {
                    // Copy one UTF-8 character.
                    let rest = &self.full[self.pos..];
                    let ch = rest.chars().next().unwrap_or('\u{fffd}');
                    out.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        self.pos += 1;
        let Some(c) = self.peek() else {
            return self.fail("unexpected end of JSON input");
        };
        self.pos += 1;
        match c {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let Some(first) = self.hex4(self.pos) else {
                    return self.fail("invalid character in \\u hexadecimal character escape");
                };
                self.pos += 4;
                if (0xD800..0xE000).contains(&first) {
                    // A pair only when a low surrogate escape follows right away.
                    let second = (self.text.get(self.pos..self.pos + 2) == Some(b"\\u"))
                        .then(|| self.hex4(self.pos + 2))
                        .flatten();
                    if let (true, Some(low)) = ((0xD800..0xDC00).contains(&first), second) {
                        if (0xDC00..0xE000).contains(&low) {
                            let combined = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
                            out.push(char::from_u32(combined).unwrap_or('\u{fffd}'));
                            self.pos += 6;
                            return Ok(());
                        }
                    }
                    out.push('\u{fffd}');
                } else {
                    out.push(char::from_u32(first).unwrap_or('\u{fffd}'));
                }
            }
            _ => return self.fail("invalid character in string escape code"),
        }
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Kind, JsonError> {
        if depth >= MAX_DEPTH {
            return self.fail("exceeded max depth");
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Kind::List(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Kind::List(items));
                }
                None => return self.fail("unexpected end of JSON input"),
                Some(_) => return self.fail("invalid character after array element"),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Kind, JsonError> {
        if depth >= MAX_DEPTH {
            return self.fail("exceeded max depth");
        }
        self.pos += 1;
        let mut map = BTreeMap::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Kind::Map(map));
        }
        loop {
            self.skip_ws();
            let key_start = self.pos;
            if self.peek() != Some(b'"') {
                return match self.peek() {
                    None => self.fail("unexpected end of JSON input"),
                    Some(_) => {
                        self.fail("invalid character looking for beginning of object key string")
                    }
                };
            }
            let key = self.string()?;
            let key_span = Span::new(self.base + key_start, self.pos - key_start);
            self.skip_ws();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return self.fail("unexpected end of JSON input"),
                Some(_) => return self.fail("invalid character after object key"),
            }
            self.skip_ws();
            let mut value = self.value(depth + 1)?;
            value.origin.key = Some(key_span);
            map.insert(key, value);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Kind::Map(map));
                }
                None => return self.fail("unexpected end of JSON input"),
                Some(_) => return self.fail("invalid character after object key:value pair"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(text: &str) -> Result<(serde_json::Value, usize), JsonError> {
        decode(text, 0, 1).map(|(node, used)| (node.to_json(), used))
    }

    #[test]
    fn a_value_ends_where_go_stops_reading() {
        assert_eq!(read("1x").unwrap(), (json!(1), 1));
        assert_eq!(read("01").unwrap(), (json!(0), 1));
        assert_eq!(read("truex").unwrap(), (json!(true), 4));
        assert_eq!(
            read("{\"a\":[1, 2]},b").unwrap(),
            (json!({"a": [1, 2]}), 12)
        );
        assert_eq!(read("\"x,y\" , z").unwrap(), (json!("x,y"), 5));
        assert_eq!(read("1.5e3").unwrap(), (json!(1500), 5));
    }

    #[test]
    fn malformed_values_are_errors() {
        for bad in [
            "1.x",
            "1e,",
            "-,",
            "tru",
            "nul,",
            "[1,",
            "{\"a\" 1}",
            "\"a",
            "\"\\x\"",
            "1e400",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn surrogates_decode_as_go_decodes_them() {
        assert_eq!(read(r#""\ud83d\ude00""#).unwrap().0, json!("😀"));
        assert_eq!(read(r#""\ud83dx""#).unwrap().0, json!("\u{fffd}x"));
        assert_eq!(read(r#""\ude00""#).unwrap().0, json!("\u{fffd}"));
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(MAX_DEPTH + 5);
        assert!(read(&deep).is_err());
    }
}
