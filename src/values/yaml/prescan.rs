//! A bound checked before the text reaches saphyr-parser: the number of entries in one flow
//! collection (`[a, b, …]`, `{a: 1, …}`).
//!
//! Why: a flow collection may turn out to be a mapping key (`[a, b]: value`), so saphyr-parser's
//! scanner holds back every token inside one (about 175 bytes each) until the closing bracket.
//! An 8 MiB `[a,a,a,…]` would take about a gigabyte before the first event reached the tree's
//! own bounds. Entries are separated by commas, so counting the commas inside each outermost
//! flow collection bounds what the scanner holds.
//!
//! This is a light lexer, not a parser: it knows comments, quoted scalars and block scalars well
//! enough not to count their commas, and errs towards not counting. saphyr-parser still reads
//! (and judges) the text afterwards.

use crate::source::Span;

/// Most commas in one outermost flow collection. The chart's largest has 3.
pub const MAX_FLOW_ENTRIES: usize = 50_000;

/// Where a flow collection with more than [`MAX_FLOW_ENTRIES`] entries starts, if one does.
pub fn oversized_flow_collection(text: &str) -> Option<Span> {
    let bytes = text.as_bytes();
    // Nearly every file has fewer commas in all than one collection may have: skip the lexer.
    if bytes.iter().filter(|&&b| b == b',').count() <= MAX_FLOW_ENTRIES {
        return None;
    }
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut commas = 0usize;
    // Whether the previous byte leaves us at the start of a token (line start, after blank
    // space or a flow indicator): only there do `#`, quotes, `|` and `>` mean anything.
    let mut token_start = true;
    let mut line_indent = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                i += 1;
                line_indent = bytes[i..].iter().take_while(|&&c| c == b' ').count();
                token_start = true;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                token_start = true;
                i += 1;
                continue;
            }
            b'#' if token_start => {
                i = end_of_line(bytes, i);
                continue;
            }
            b'\'' | b'"' if token_start => {
                i = end_of_quoted(bytes, i);
                token_start = false;
                continue;
            }
            b'|' | b'>' if token_start && depth == 0 => {
                i = end_of_block_scalar(bytes, i, line_indent);
                continue;
            }
            b'[' | b'{' if token_start || depth > 0 => {
                if depth == 0 {
                    start = i;
                    commas = 0;
                }
                depth += 1;
                token_start = true;
                i += 1;
                continue;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                token_start = false;
            }
            b',' if depth > 0 => {
                commas += 1;
                if commas > MAX_FLOW_ENTRIES {
                    return Some(Span::new(start, 1));
                }
                token_start = true;
                i += 1;
                continue;
            }
            _ => token_start = false,
        }
        i += 1;
    }
    None
}

fn end_of_line(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| from + n)
}

/// Past the closing quote (`''` escapes `'`; `\` escapes in double quotes).
fn end_of_quoted(bytes: &[u8], from: usize) -> usize {
    let quote = bytes[from];
    let mut i = from + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Past a block scalar's lines: those after the header that are blank or indented deeper than
/// the line holding the header.
fn end_of_block_scalar(bytes: &[u8], from: usize, header_indent: usize) -> usize {
    let mut i = end_of_line(bytes, from);
    while i < bytes.len() {
        let line = i + 1;
        let indent = bytes[line..].iter().take_while(|&&c| c == b' ').count();
        let rest = bytes.get(line + indent).copied();
        let blank = matches!(rest, None | Some(b'\n') | Some(b'\r'));
        if !blank && indent <= header_indent {
            break;
        }
        i = end_of_line(bytes, line);
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn many(n: usize) -> String {
        "a,".repeat(n)
    }

    #[test]
    fn a_huge_flow_collection_is_found_at_its_start() {
        let text = format!("x: 1\ny: [{}a]\n", many(MAX_FLOW_ENTRIES + 1));
        assert_eq!(oversized_flow_collection(&text), Some(Span::new(8, 1)));
        let nested = format!("y: {{k: [{}], j: 1}}\n", many(MAX_FLOW_ENTRIES));
        assert_eq!(oversized_flow_collection(&nested), Some(Span::new(3, 1)));
    }

    #[test]
    fn commas_in_comments_quotes_block_scalars_and_plain_text_do_not_count() {
        let commas = many(MAX_FLOW_ENTRIES + 1);
        for text in [
            format!("# [{commas}\na: 1\n"),
            format!("a: '[{commas}'\n"),
            format!("a: \"[{commas}\\\"\"\n"),
            format!("a: |\n  [{commas}\n\n  more\nb: 1\n"),
            format!("a: x[{commas}\n"),
            format!("a: [1, 2]\nb: {commas}\n"),
        ] {
            assert_eq!(oversized_flow_collection(&text), None, "{}", &text[..12]);
        }
    }

    #[test]
    fn the_charts_values_pass_even_with_many_commas_elsewhere() {
        let chart = include_str!("../../../fixtures/values/chart-values.yaml");
        assert_eq!(oversized_flow_collection(chart), None);
        // Past the fast path (more commas than one collection may hold), through the lexer.
        let padded = format!("{chart}\n# {}\n", many(MAX_FLOW_ENTRIES));
        assert_eq!(oversized_flow_collection(&padded), None);
    }
}
