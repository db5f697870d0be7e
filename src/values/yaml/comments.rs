//! Where the comments of a values file are, as a YAML parser sees them: a `#` at the start of a
//! line or after a blank, outside every scalar (quoted, plain or block). saphyr-parser does not
//! report comments, so they are what is left between the scalars it does report.

use saphyr_parser::ScalarStyle;

use super::tree::{NodeKind, Tree};
use crate::source::{Comment, Span};

/// The comments of the first document of `text` (and of what precedes it), in file order;
/// `None` when the text is not YAML the parser reads (no scalar can then be told from a
/// comment). A comment belongs to the line it is on.
pub fn comments(text: &str) -> Option<Vec<Comment>> {
    let tree = Tree::parse(text).ok()?;
    let mut inside: Vec<(usize, usize)> = tree
        .nodes
        .iter()
        .filter_map(|node| match &node.kind {
            NodeKind::Scalar { style, .. } => Some(scalar_range(text, node.span(), *style)),
            _ => None,
        })
        .filter(|(start, end)| start < end)
        .collect();
    inside.sort_unstable();
    let end_of_document = tree.next_document.map_or(text.len(), |s| s.offset);
    let mut found = Vec::new();
    let mut next_scalar = 0;
    let mut line_start = 0;
    for line in text[..end_of_document].split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let bytes = body.as_bytes();
        for (i, _) in body.match_indices('#') {
            let at = line_start + i;
            if i > 0 && !matches!(bytes[i - 1], b' ' | b'\t') {
                continue;
            }
            while next_scalar < inside.len() && inside[next_scalar].1 <= at {
                next_scalar += 1;
            }
            // Scalars do not overlap, so the first one not ended yet is the only candidate.
            if inside
                .get(next_scalar)
                .is_some_and(|&(start, _)| start <= at)
            {
                continue;
            }
            found.push(Comment {
                span: Span::new(at, body.len() - i),
                statement_start: line_start,
            });
            break;
        }
        line_start += line.len();
    }
    Some(found)
}

/// The bytes of a scalar in which a `#` is text, not a comment: a block scalar's content (its
/// header line may end in a comment), any other scalar as written.
fn scalar_range(text: &str, span: Span, style: ScalarStyle) -> (usize, usize) {
    match style {
        ScalarStyle::Literal | ScalarStyle::Folded => {
            let header_end = text[span.offset..span.end()]
                .find('\n')
                .map_or(span.end(), |i| span.offset + i);
            (header_end, span.end())
        }
        // A quoted scalar's span ends at its closing quote (see `tree`).
        _ => (span.offset, span.end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        comments(text)
            .unwrap()
            .iter()
            .map(|c| &text[c.span.offset..c.span.end()])
            .collect()
    }

    #[test]
    fn a_hash_inside_a_scalar_is_not_a_comment() {
        let text = "# top\na: 'x # no' # yes1\nb: \"y # \\\" no\"\nb2: 'it''s # no' #yes1b\nc: d#no\ne: f #yes2\n\
                    g: | # yes3\n  # no, content\n  more\n# yes4\nh: [1, 2] # yes5\n\
                    i: plain\n  continued # yes6\n";
        assert_eq!(
            texts(text),
            ["# top", "# yes1", "#yes1b", "#yes2", "# yes3", "# yes4", "# yes5", "# yes6"]
        );
    }

    #[test]
    fn a_comment_belongs_to_its_line_and_crlf_is_not_part_of_it() {
        let text = "a: 1\r\nb: 2 # c\r\n";
        let found = comments(text).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.offset..found[0].span.end()], "# c");
        assert_eq!(found[0].statement_start, 6);
    }

    #[test]
    fn unparsable_yaml_has_no_comments_to_trust() {
        assert!(comments("a: 'unterminated # x\n").is_none());
    }
}
