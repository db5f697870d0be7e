//! The line grammar of a `.env` as bash sources it: blank lines, `#` comments, and
//! `[export ]KEY=VALUE` assignments; everything else is refused. Also the checks on the file as a
//! whole (CRLF line ends, a byte-order mark) and duplicate keys.

use std::collections::HashMap;
use std::rc::Rc;

use super::lexer::{self, Origin, Problem, Quoting, Resolved};
use super::{mapping, Assignment, EnvFile, Expansion, Finding, SyntaxError};
use crate::redact::is_secret_key;
use crate::source::{Comment, SourceFile, Span};

/// How many bytes all values together may reach through `$VAR` expansions: twice the largest
/// input, so that a file whose references nest (`B=$A$A…`, `C=$B$B…`) cannot exhaust memory.
const MAX_EXPANDED_BYTES: usize = 2 * crate::source::MAX_INPUT_BYTES as usize;

pub(super) fn read(source: &SourceFile, lookup: &dyn Fn(&str) -> Option<String>) -> EnvFile {
    let mut reader = Reader {
        source,
        text: &source.text,
        lookup,
        env: EnvFile::default(),
        defined: HashMap::new(),
        expanded_bytes: 0,
    };
    reader.check_line_ends();
    let mut pos = 0;
    while pos < reader.text.len() {
        pos = reader.line(pos);
    }
    reader.check_byte_order_mark();
    reader.env
}

/// A variable's last assignment: where it is in `env.assignments`, not a copy of its value (a
/// password may be megabytes long), and the value shared by the references to it, made at the
/// first one.
struct Defined {
    index: usize,
    line: usize,
    shared: std::cell::OnceCell<Rc<str>>,
}

struct Reader<'a> {
    source: &'a SourceFile,
    text: &'a str,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    env: EnvFile,
    /// What bash has assigned so far, by key.
    defined: HashMap<String, Defined>,
    /// The bytes of all values read so far.
    expanded_bytes: usize,
}

impl Reader<'_> {
    fn skip_blanks(&self, mut pos: usize) -> usize {
        while matches!(self.text.as_bytes().get(pos), Some(b' ' | b'\t')) {
            pos += 1;
        }
        pos
    }

    fn end_of_physical_line(&self, pos: usize) -> usize {
        self.text[pos..]
            .find('\n')
            .map_or(self.text.len(), |i| pos + i + 1)
    }

    /// Reads the line starting at `start`; returns where the next one starts.
    fn line(&mut self, start: usize) -> usize {
        let p = self.skip_blanks(start);
        let rest = &self.text[p..];
        if rest.starts_with('#') {
            self.comment(start, p);
        }
        if rest.is_empty() || rest.starts_with('#') || rest.starts_with('\n') {
            return self.end_of_physical_line(p);
        }
        if rest.starts_with("\r\n") || rest == "\r" {
            return self.end_of_physical_line(p); // refused with the file's line ends
        }
        let exported = rest.starts_with("export")
            && rest[6..].starts_with([' ', '\t'])
            && !self.text[self.skip_blanks(p + 6)..].starts_with(['\n', '\r', '#']);
        let key_start = if exported { self.skip_blanks(p + 6) } else { p };
        let key_end = self.text[key_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(self.text.len(), |i| key_start + i);
        let key = &self.text[key_start..key_end];
        if lexer::is_name(key) && self.text[key_end..].starts_with('=') {
            return self.assignment(key_start, key_end, exported);
        }
        self.refuse_line(p, key_start, key_end);
        let (next_line, comment) = lexer::skip_line(self.text, key_end);
        if let Some(hash) = comment {
            self.comment(start, hash);
        }
        next_line
    }

    /// Records the comment whose `#` is at `hash`, ending the statement that starts at `start`.
    fn comment(&mut self, start: usize, hash: usize) {
        let end = self.text[hash..]
            .find('\n')
            .map_or(self.text.len(), |i| hash + i);
        let end = if self.text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        self.env.comments.push(Comment {
            span: Span::new(hash, end - hash),
            statement_start: start,
        });
    }

    /// Reports a line that is not `[export ]KEY=VALUE`.
    fn refuse_line(&mut self, line_start: usize, key_start: usize, key_end: usize) {
        let key = &self.text[key_start..key_end];
        let after = &self.text[key_end..];
        let word_len = self.text[key_start..]
            .find([' ', '\t', '\n', '\r'])
            .unwrap_or(self.text.len() - key_start);
        let word = &self.text[key_start..key_start + word_len];
        let key_span = Span::new(key_start, key.len());
        let (error, path, span) = if is_bare_export(&self.text[line_start..])
            || (key_start > line_start
                && lexer::is_name(key)
                && !after.starts_with(['=', '+', '[']))
        {
            let span = Span::new(line_start, "export".len());
            (SyntaxError::ExportWithoutAssignment, "", span)
        } else if lexer::is_name(key) && after.starts_with("+=") {
            (SyntaxError::Append { key: key.into() }, key, key_span)
        } else if lexer::is_name(key) && after.starts_with('[') {
            (SyntaxError::ArrayElement { key: key.into() }, key, key_span)
        } else if lexer::is_name(key)
            && after.starts_with([' ', '\t'])
            && self.text[self.skip_blanks(key_end)..].starts_with('=')
        {
            let error = SyntaxError::SpaceBeforeEquals { key: key.into() };
            (error, key, key_span)
        } else if let Some(eq) = word.find('=') {
            let bad = &word[..eq];
            // Named only when it reads as a misspelt name, never as a piece of some value.
            let named = !bad.is_empty()
                && bad
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
            let key = named.then(|| bad.to_string());
            let path = if named { bad } else { "" };
            (SyntaxError::BadKey { key }, path, Span::new(key_start, eq))
        } else {
            let span = Span::new(key_start, word_len);
            (SyntaxError::NotAnAssignment, "", span)
        };
        self.env.findings.push(Finding::Syntax {
            error,
            key: path.to_string(),
            span,
        });
    }

    /// `KEY=VALUE` with `KEY` at `key_start..key_end` and `=` right after it.
    fn assignment(&mut self, key_start: usize, key_end: usize, exported: bool) -> usize {
        let text = self.text;
        let key = &text[key_start..key_end];
        let word = {
            let (defined, assignments) = (&self.defined, &self.env.assignments);
            let lookup = self.lookup;
            let resolve = |name: &str| match defined.get(name) {
                Some(defined) => Resolved {
                    value: (defined.shared)
                        .get_or_init(|| Rc::from(assignments[defined.index].value.as_str()))
                        .clone(),
                    origin: Origin::Line(defined.line),
                },
                None => match lookup(name) {
                    Some(value) => {
                        // The file is untrusted and the environment (a CI job's secrets) is not
                        // its to show: whatever a reference takes from it is never printed.
                        // `HOME` (and `~`) is no secret, and masking it would hide every path.
                        if name != "HOME" {
                            crate::redact::register(&value);
                        }
                        Resolved {
                            value: Rc::from(value),
                            origin: Origin::Environment,
                        }
                    }
                    None => Resolved {
                        value: Rc::from(""),
                        origin: Origin::Undefined,
                    },
                },
            };
            let options = lexer::Options {
                exported,
                budget: MAX_EXPANDED_BYTES.saturating_sub(self.expanded_bytes),
                resolve: &resolve,
            };
            lexer::lex_value(text, key_end + 1, &options)
        };
        let line = self.source.line_col(key_start).0;
        if let Some(hash) = word.comment {
            let line_start = text[..key_start].rfind('\n').map_or(0, |i| i + 1);
            self.comment(line_start, hash);
        }
        let key_span = Span::new(key_start, key.len());
        let written = &text[word.span.offset..word.span.end()];
        let secret = is_secret_key(key);
        let ours = mapping::is_mapped(key);
        let mut problem = word.problem.clone();
        if exported {
            // `export K=a b` exports `b` too rather than running it.
            if let Some((Problem::Expansion(Expansion::CommandWord), span))
            | Some((Problem::Syntax(SyntaxError::TwoAssignments), span)) = problem
            {
                problem = Some((Problem::Syntax(SyntaxError::ExportExtraWord), span));
            }
        }
        if secret {
            // A refused value is masked up to the end of its line, whatever bash made of it.
            let end = if problem.is_some() {
                text[..word.next_line].trim_end_matches(['\n', '\r']).len()
            } else {
                word.span.end()
            };
            let span = Span::new(
                word.span.offset,
                end.max(word.span.offset) - word.span.offset,
            );
            self.env.secret_spans.push(span);
            let raw = &text[span.offset..span.end()];
            // Without its outer quotes, as the analysis registers every password span: a
            // quoted value is then the value itself, not a second copy of it.
            crate::redact::register_written(raw.trim_matches(|c| c == '\'' || c == '"'));
            if problem.is_none() {
                crate::redact::register(&word.value);
            } else {
                // What bash would make of a refused line is unknown: mask each word of it that
                // is long enough not to garble unrelated text.
                raw.split_whitespace()
                    .filter(|word| word.chars().count() >= 8)
                    .for_each(crate::redact::register);
            }
        }
        if problem.is_none() && lexer::ignores_assignment(key) {
            let error = SyntaxError::BashVariable { key: key.into() };
            problem = Some((Problem::Syntax(error), key_span));
        }
        if ours && removes_json_quotes(written, &word.parts) {
            let shown = (!secret && problem.is_none()).then(|| word.value.clone());
            self.env.findings.push(Finding::UnquotedJson {
                key: key.to_string(),
                bash_value: shown,
                span: word.span,
            });
            if problem.is_some() {
                return word.next_line;
            }
        } else if let Some((problem, span)) = problem {
            let finding = match problem {
                Problem::Syntax(error) => Finding::Syntax {
                    error,
                    key: key.to_string(),
                    span,
                },
                Problem::Expansion(expansion) => Finding::Expansion {
                    expansion,
                    excerpt: (!secret).then(|| text[span.offset..span.end()].to_string()),
                    key: key.to_string(),
                    span,
                },
            };
            self.env.findings.push(finding);
            return word.next_line;
        }
        if secret {
            // The pieces a password is assembled from (`PASSWORD=${PART1}${PART2}`) are parts
            // of it: each is masked wherever it shows, its own line included.
            for reference in &word.references {
                crate::redact::register(&reference.resolved.value);
            }
        }
        if ours {
            for reference in &word.references {
                let written = &text[reference.span.offset..reference.span.end()];
                let show = !secret && !is_secret_key(&reference.name);
                self.env.findings.push(Finding::VariableReference {
                    reference: reference.clone(),
                    written: written.to_string(),
                    key: key.to_string(),
                    show_value: show,
                });
            }
            if let Some(earlier) = self.defined.get(key) {
                let (earlier_line, earlier) = (earlier.line, earlier.index);
                let same = self.env.assignments[earlier].value == word.value;
                self.env.findings.push(Finding::DuplicateKey {
                    key: key.to_string(),
                    earlier_line,
                    same_value: same,
                    span: key_span,
                });
            }
        }
        self.expanded_bytes += word.value.len();
        let defined = Defined {
            index: self.env.assignments.len(),
            line,
            shared: std::cell::OnceCell::new(),
        };
        self.defined.insert(key.to_string(), defined);
        self.env.assignments.push(Assignment {
            key: key.to_string(),
            value: word.value,
            line,
            key_span,
            value_span: word.span,
        });
        word.next_line
    }

    /// bash keeps the `\r` of CRLF line ends in every value: refuse the file once.
    fn check_line_ends(&mut self) {
        let mut first = None;
        let mut lines = 0;
        let mut offset = 0;
        let mut first_assignment = None;
        for line in self.text.split_inclusive('\n') {
            let body = line.strip_suffix('\n').unwrap_or(line);
            if body.ends_with('\r') {
                lines += 1;
                let cr = offset + body.len() - 1;
                first.get_or_insert(cr);
                // Point at a value that would end in `\r` rather than at a comment.
                let content = body.trim_start_matches([' ', '\t']);
                if !content.starts_with('#') && content != "\r" {
                    first_assignment.get_or_insert(cr);
                }
            }
            offset += line.len();
        }
        let first = first_assignment.or(first);
        if let Some(cr) = first {
            let error = SyntaxError::CrlfLineEnds { lines };
            self.env.findings.push(Finding::Syntax {
                error,
                key: String::new(),
                span: Span::new(cr, 1),
            });
        }
    }

    /// With a byte-order mark bash reads the first line as a command (`SourceFile` strips it).
    fn check_byte_order_mark(&mut self) {
        if !self.source.bom {
            return;
        }
        let first = self.env.assignments.first().filter(|a| a.line == 1);
        let error = SyntaxError::ByteOrderMark {
            first_key: first.map(|a| a.key.clone()),
        };
        let (path, span) = first.map_or((String::new(), Span::new(0, 0)), |a| {
            (a.key.clone(), a.key_span)
        });
        let finding = Finding::Syntax {
            error,
            key: path,
            span,
        };
        self.env.findings.insert(0, finding);
    }
}

/// `export` alone on its line (or with only a comment, or with an option such as `-n`).
fn is_bare_export(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("export") else {
        return false;
    };
    let trimmed = rest.trim_start_matches([' ', '\t']);
    trimmed.is_empty()
        || trimmed.starts_with(['\n', '\r', '#'])
        || (trimmed.len() < rest.len() && trimmed.starts_with('-'))
}

/// Whether a value written as `written` (quotes included), lexed into `parts`, is JSON whose
/// double quotes bash removes (`env-unquoted-json`): it opens with `{` or `[`, and some `"` in
/// it is a shell quote, other than the two around a value that is one double-quoted string
/// (whose escaped `\"` bash keeps). Single quotes (`'{x'\''y'`), backslash escapes and
/// unquoted text (`'[ab'#c`, `[1,2]`) leave every `"` of the value as written.
fn removes_json_quotes(written: &str, parts: &[Quoting]) -> bool {
    let opens_json = written
        .trim_start_matches(['"', '\''])
        .starts_with(['{', '[']);
    opens_json && parts.contains(&Quoting::Double) && parts != [Quoting::Double]
}
