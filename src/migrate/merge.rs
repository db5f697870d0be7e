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

use crate::diagnostic::Span;
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
    let eol = line_end_of(text);
    if !located.block_present {
        return Ok(append_block(text, lines, eol));
    }
    let children: Vec<(&String, Span)> = located
        .key_spans
        .iter()
        .chain(&located.value_spans)
        .filter(|(path, _)| path.starts_with("customImage."))
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
mod tests {
    use super::*;

    /// What the YAML reader reports for `text`, written by hand: spans by searching the text.
    fn located(text: &str, keys: &[(&str, &str, &str)]) -> LocatedValues {
        let mut v = LocatedValues::default();
        if let Some(offset) = text
            .find("\ncustomImage")
            .map(|i| i + 1)
            .or_else(|| text.starts_with("customImage").then_some(0))
        {
            v.block_present = true;
            v.block_span = Span::new(offset, "customImage".len());
        }
        for (path, key, value) in keys {
            let k = text.find(&format!("{key}:")).expect("key in text");
            v.key_spans
                .insert(path.to_string(), Span::new(k, key.len()));
            let val = k + text[k..].find(value).expect("value in text");
            v.value_spans
                .insert(path.to_string(), Span::new(val, value.len()));
        }
        v
    }

    fn lines(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_new_block_is_appended_and_a_missing_final_newline_stays_missing() {
        let add = lines(&["registryEndpoint: docker.io"]);
        let v = LocatedValues::default();
        assert_eq!(
            add_keys("a: 1\n", &v, &add).unwrap(),
            "a: 1\ncustomImage:\n  registryEndpoint: docker.io\n"
        );
        assert_eq!(
            add_keys("a: 1", &v, &add).unwrap(),
            "a: 1\ncustomImage:\n  registryEndpoint: docker.io"
        );
        assert_eq!(
            add_keys("a: 1\r\n#customImage:\r\n", &v, &add).unwrap(),
            "a: 1\r\n#customImage:\r\ncustomImage:\r\n  registryEndpoint: docker.io\r\n"
        );
        assert_eq!(
            add_keys("", &v, &add).unwrap(),
            "customImage:\n  registryEndpoint: docker.io\n"
        );
    }

    #[test]
    fn keys_go_after_the_last_key_with_the_block_indentation() {
        let text = "x: 1\ncustomImage:\n    enabled: true   # on\n    buildJob:\n      image:\n        tag: v1\n\n# tail\ny: 2\n";
        let v = located(
            text,
            &[
                ("customImage.enabled", "enabled", "true"),
                ("customImage.buildJob", "buildJob", "image"),
                ("customImage.buildJob.image.tag", "tag", "v1"),
            ],
        );
        assert_eq!(
            add_keys(text, &v, &lines(&["pushRepo: a/b", "pushSecretName: s"])).unwrap(),
            "x: 1\ncustomImage:\n    enabled: true   # on\n    buildJob:\n      image:\n        tag: v1\n    pushRepo: a/b\n    pushSecretName: s\n\n# tail\ny: 2\n"
        );
    }

    #[test]
    fn a_block_at_the_end_without_final_newline_keeps_it_missing() {
        let text = "customImage:\r\n  enabled: true";
        let v = located(text, &[("customImage.enabled", "enabled", "true")]);
        assert_eq!(
            add_keys(text, &v, &lines(&["pushRepo: a/b"])).unwrap(),
            "customImage:\r\n  enabled: true\r\n  pushRepo: a/b"
        );
    }

    #[test]
    fn a_block_scalar_span_ending_after_its_line_break_is_handled() {
        let text = "customImage:\n  registryPassword: |\n    p\nz: 1\n";
        let mut v = located(
            text,
            &[("customImage.registryPassword", "registryPassword", "|")],
        );
        let value = text.find('|').unwrap();
        v.value_spans.insert(
            "customImage.registryPassword".into(),
            Span::new(value, text.find("z:").unwrap() - value),
        );
        assert_eq!(
            add_keys(text, &v, &lines(&["pushRepo: a/b"])).unwrap(),
            "customImage:\n  registryPassword: |\n    p\n  pushRepo: a/b\nz: 1\n"
        );
    }

    #[test]
    fn empty_null_and_empty_mapping_blocks_are_filled_by_rewriting_only_their_line() {
        let add = lines(&["enabled: true"]);
        for (text, want) in [
            (
                "a: 1\ncustomImage:\nb: 2\n",
                "a: 1\ncustomImage:\n  enabled: true\nb: 2\n",
            ),
            ("customImage: ~\n", "customImage:\n  enabled: true\n"),
            (
                "customImage: null # later\r\n",
                "customImage: # later\r\n  enabled: true\r\n",
            ),
            ("customImage: {}", "customImage:\n  enabled: true"),
            (
                "customImage:   { }  \nb: 2\n",
                "customImage:\n  enabled: true\nb: 2\n",
            ),
            (
                "customImage: # none\nb: 2\n",
                "customImage: # none\n  enabled: true\nb: 2\n",
            ),
        ] {
            let v = located(text, &[]);
            assert_eq!(add_keys(text, &v, &add).unwrap(), want, "{text:?}");
        }
    }

    #[test]
    fn flow_style_and_scalar_blocks_are_refused_not_mangled() {
        let add = lines(&["enabled: true"]);
        let text = "customImage: {pushRepo: a/b}\n";
        let v = located(text, &[("customImage.pushRepo", "pushRepo", "a/b")]);
        assert_eq!(
            add_keys(text, &v, &add),
            Err(MergeError::FlowStyle { line: 1 })
        );
        let text = "a: 1\ncustomImage: &x {}\n";
        assert!(matches!(
            add_keys(text, &located(text, &[]), &add),
            Err(MergeError::UnsupportedValue { line: 2, .. })
        ));
    }

    #[test]
    fn nothing_to_add_leaves_the_text_alone() {
        let text = "customImage: {pushRepo: a}";
        assert_eq!(add_keys(text, &located(text, &[]), &[]).unwrap(), text);
    }
}
