//! Text from the input, made safe to show on a terminal or in a CI log: control characters
//! and escape sequences escaped (`\e`, `\u{…}`), so that a value cannot clear the screen, set
//! the title or write the clipboard (OSC 52); long text cut with an ellipsis.

use std::borrow::Cow;

/// The ellipsis that marks a cut.
pub const ELLIPSIS: char = '…';

/// Whether `c` must not reach a terminal as itself: C0 and C1 controls (ESC, BEL, CR, …) and
/// DEL, and the invisible characters that reorder or hide text (bidirectional overrides and
/// isolates, zero-width characters). A tab is shown as is.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// Appends `c` to `out`, escaped if it is [unsafe](is_unsafe).
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\r' => out.push_str("\\r"),
        c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

/// `text` with every unsafe character escaped; line breaks kept when `keep_newlines`.
pub fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_unsafe(c) && !(keep_newlines && c == '\n'))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if keep_newlines && c == '\n' {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// `text` cut after `max` characters, with an ellipsis.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => Cow::Owned(format!("{}{ELLIPSIS}", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// Message text for people: escaped (line breaks kept) and cut at `max` characters.
pub fn for_display(text: &str, max: usize) -> String {
    escape(&cut(text, max), true).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_escaped() {
        let osc52 = "x\u{1b}]52;c;aGk=\u{7}y\r\u{9b}2J\u{202e}";
        assert_eq!(
            escape(osc52, false),
            "x\\e]52;c;aGk=\\u{7}y\\r\\u{9b}2J\\u{202e}"
        );
        assert_eq!(escape("a\tb\nc", true), "a\tb\nc");
        assert_eq!(escape("a\nb", false), "a\\u{a}b");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(cut("abcdef", 3), "abc…");
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("ééé", 2), "éé…");
    }
}
