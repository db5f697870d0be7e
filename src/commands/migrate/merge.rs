//! Adding keys to the `customImage` block of an existing values file by editing its text, never
//! by re-serialising it: every byte outside the lines added (comments, order, quoting, blank
//! lines, CRLF line ends, a missing final newline) stays as it was.
//!
//! Where the keys go:
//! - into the existing block, after its last key, with the indentation of its first key;
//! - under a `customImage:` whose value is empty, `~`, `null` or `{}` (only that line changes);
//! - into a new `customImage:` block at the end of the file when there is none (a commented-out
//!   `#customImage:` is a comment and stays untouched).
//!
//! What it does not do: decide which keys to add (see `super`), or check that the result reads
//! back as intended (`super` does, with the YAML reader).

use crate::source::Span;
use crate::values::LocatedValues;

/// Why the keys could not be added by editing text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error(
        "line {line}: `customImage` is written in flow style (`{{…}}`); write it as a block \
         mapping (one key per line) and run again"
    )]
    FlowStyle { line: usize },
    #[error(
        "line {line}: cannot add keys under `customImage: {value}`; make it an empty block \
         (`customImage:`) or a block mapping and run again"
    )]
    UnsupportedValue { line: usize, value: String },
    /// The reader's locations do not fit the text: a bug, but not one worth a panic.
    #[error("internal error: a location of the YAML reader is outside the text")]
    BadSpan,
}

/// `text` with `lines` (each `key: value`, without indentation) added to its `customImage`
/// block, as located by the YAML reader in `located`.
pub fn add_keys(
    text: &str,
    located: &LocatedValues,
    lines: &[String],
) -> Result<String, MergeError> {
    if lines.is_empty() {
        return Ok(text.to_string());
    }
    let fits = |s: &Span| {
        s.end() <= text.len() && text.is_char_boundary(s.offset) && text.is_char_boundary(s.end())
    };
    let spans = located
        .key_spans
        .values()
        .chain(located.value_spans.values());
    if !fits(&located.block_span) || !spans.into_iter().all(fits) {
        return Err(MergeError::BadSpan);
    }
    let eol = line_end_of(text);
    if !located.block_present {
        return Ok(append_block(text, lines, eol));
    }
    let in_block = |path: &&String| path.starts_with("customImage.");
    let paths: Vec<&String> = located.key_spans.keys().filter(in_block).collect();
    // A mapping's span may run on to the next token (past comments and blank lines that
    // belong to what follows), so only keys and leaf values say where the block's text ends.
    let is_leaf = |path: &str| {
        !paths.iter().any(|p| {
            p.len() > path.len() && p.starts_with(path) && p[path.len()..].starts_with('.')
        })
    };
    let children: Vec<(&String, Span)> = located
        .key_spans
        .iter()
        .chain(located.value_spans.iter().filter(|(path, _)| is_leaf(path)))
        .filter(|(path, _)| in_block(path))
        .map(|(path, span)| (path, *span))
        .collect();
    if children.is_empty() {
        fill_empty_block(text, located.block_span, lines, eol)
    } else {
        extend_block(text, located.block_span, &children, lines, eol)
    }
}

/// The file's line end: CRLF when its first line ends with one.
pub fn line_end_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// Joins `lines` indented by `indent`, each followed by `eol`.
fn indented(lines: &[String], indent: usize, eol: &str) -> String {
    let pad = " ".repeat(indent);
    lines.iter().map(|l| format!("{pad}{l}{eol}")).collect()
}

/// Inserts `block` (every line ended by `eol`) at `at`, a line start or the end of the text.
/// At the end of a text without a final line end, the block goes on a new line and loses its
/// own final line end, so that the file still has none.
fn insert_lines(text: &str, at: usize, block: &str, eol: &str) -> String {
    let mut out = String::with_capacity(text.len() + block.len() + eol.len());
    if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        out.push_str(text);
        out.push_str(eol);
        out.push_str(block.strip_suffix(eol).unwrap_or(block));
    } else {
        out.push_str(&text[..at]);
        out.push_str(block);
        out.push_str(&text[at..]);
    }
    out
}

fn append_block(text: &str, lines: &[String], eol: &str) -> String {
    let block = format!("customImage:{eol}{}", indented(lines, 2, eol));
    insert_lines(text, text.len(), &block, eol)
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The start of the line after the one holding `offset` (the end of the text on the last line).
fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

fn line_number(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// `customImage:` followed by nothing, `~`, `null` or `{}` (and maybe a comment): drop the value,
/// keep the comment, and put the keys under it.
fn fill_empty_block(
    text: &str,
    block: Span,
    lines: &[String],
    eol: &str,
) -> Result<String, MergeError> {
    let start = line_start(text, block.offset);
    let next = next_line_start(text, block.end());
    let line = &text[start..next];
    let body = line.trim_end_matches(['\r', '\n']);
    let line_eol = &line[body.len()..];
    let after_key = &body[block.end() - start..];
    let unsupported = || MergeError::UnsupportedValue {
        line: line_number(text, block.offset),
        value: after_key
            .trim_start_matches([' ', '\t', ':'])
            .trim()
            .to_string(),
    };
    let rest = after_key
        .trim_start_matches([' ', '\t'])
        .strip_prefix(':')
        .ok_or_else(unsupported)?;
    let (value, comment) = split_comment(rest);
    let value = value.trim_matches([' ', '\t']);
    let is_empty_mapping = value
        .strip_prefix('{')
        .and_then(|v| v.strip_suffix('}'))
        .is_some_and(|inner| inner.trim_matches([' ', '\t']).is_empty());
    if !(matches!(value, "" | "~" | "null" | "Null" | "NULL") || is_empty_mapping) {
        return Err(unsupported());
    }
    let indent = block.offset - start + 2;
    let mut rewritten = if value.is_empty() {
        body.to_string()
    } else {
        let key_and_colon = &body[..body.len() - rest.len()];
        match comment {
            Some(comment) => format!("{key_and_colon} {comment}"),
            None => key_and_colon.to_string(),
        }
    };
    // The key line may be the file's last, without a line end: the keys then need one before them.
    let added = indented(lines, indent, eol);
    if line_eol.is_empty() {
        rewritten.push_str(eol);
        rewritten.push_str(added.strip_suffix(eol).unwrap_or(&added));
    } else {
        rewritten.push_str(line_eol);
        rewritten.push_str(&added);
    }
    Ok(format!("{}{rewritten}{}", &text[..start], &text[next..]))
}

/// Splits a value from its trailing comment (`# …` at the start or after a space or tab).
/// Only used on the short values `fill_empty_block` accepts, so quotes need no care: a `#`
/// inside a quoted value makes the value unsupported either way.
fn split_comment(rest: &str) -> (&str, Option<&str>) {
    let mut previous = ' ';
    for (i, c) in rest.char_indices() {
        if c == '#' && (previous == ' ' || previous == '\t') {
            return (&rest[..i], Some(&rest[i..]));
        }
        previous = c;
    }
    (rest, None)
}

/// A block mapping with keys: add the new keys after the line where its last node ends, with
/// the indentation of its first key.
fn extend_block(
    text: &str,
    block: Span,
    children: &[(&String, Span)],
    lines: &[String],
    eol: &str,
) -> Result<String, MergeError> {
    let first_key = children
        .iter()
        .filter(|(path, _)| path.matches('.').count() == 1)
        .map(|(_, span)| span.offset)
        .min()
        .unwrap_or_else(|| children.iter().map(|(_, s)| s.offset).min().unwrap_or(0));
    let start = line_start(text, first_key);
    // Block style puts the first key at the start of a later line, after spaces only.
    if start <= block.offset || !text[start..first_key].chars().all(|c| c == ' ') {
        return Err(MergeError::FlowStyle {
            line: line_number(text, block.offset),
        });
    }
    let indent = first_key - start;
    let last_end = children.iter().map(|(_, s)| s.end()).max().unwrap_or(0);
    // A span may end just after a line break (a block scalar): the node ends on the line before.
    let at = if last_end > 0 && text[..last_end].ends_with('\n') {
        last_end
    } else {
        next_line_start(text, last_end)
    };
    Ok(insert_lines(text, at, &indented(lines, indent, eol), eol))
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
