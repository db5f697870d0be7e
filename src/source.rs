//! Reading inputs: files or standard input, bounded in size, decoded as UTF-8 text, with a
//! line index so that byte offsets become the 1-based line and column users see.
//!
//! Owns: size limits, BOM stripping, the NUL / invalid UTF-8 refusal, `.env` detection by name.
//! Does not own: parsing (see `env` and `values`).

use std::io::Read;
use std::path::Path;

/// The largest input we read. A PrimeHub values file is tens of kilobytes; anything near this is
/// not a values file, and reading it whole would only cost memory.
pub const MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024;

/// One input file as text, with its display name.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (`-` is shown as `<stdin>`).
    pub name: String,
    /// The text, without a leading UTF-8 BOM. CRLF line ends are kept as they are.
    pub text: String,
    /// Whether the input started with a UTF-8 BOM (stripped from `text`): bash does not strip
    /// it, so the `.env` reader refuses such a file.
    pub bom: bool,
    /// Byte offset of the start of every [`LINE_STRIDE`]th line (lines 1, 1 + stride, …): a
    /// file of short lines (a password of continuation lines) would cost up to 8 bytes per
    /// line with them all. `u32`: texts are inputs (at most [`MAX_INPUT_BYTES`]) or what the
    /// tool derives from them.
    line_starts: Vec<u32>,
    /// How many lines start in the text (a trailing newline starts one more).
    starts: usize,
    /// Whether the text is ASCII: a column is then a byte count, found without walking the
    /// line (a finding on a megabyte-long line must not cost a pass over it).
    ascii: bool,
}

/// A byte range into a [`SourceFile`]'s text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
}

impl Span {
    pub fn new(offset: usize, len: usize) -> Span {
        Span { offset, len }
    }

    pub fn end(&self) -> usize {
        self.offset + self.len
    }

    pub fn contains(&self, other: Span) -> bool {
        self.offset <= other.offset && other.end() <= self.end()
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.offset < other.end() && other.offset < self.end()
            || (self.len == 0 && other.contains(*self))
    }
}

/// Why an input could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{name}: {source}")]
    Io {
        name: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{name}: the input is larger than {limit} bytes; this is not a values or .env file")]
    TooLarge { name: String, limit: u64 },
    #[error("{name}: not text: a NUL byte at byte {offset}")]
    Nul { name: String, offset: usize },
    #[error("{name}: not UTF-8 text: invalid byte sequence at byte {offset}")]
    NotUtf8 { name: String, offset: usize },
}

/// A comment as the reader of its file sees it (`#` to the end of the line, line end excluded),
/// and where the statement it belongs to starts: its own line's start for a comment alone on
/// its line, the start of the line it ends otherwise (a `.env` value may span lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    pub statement_start: usize,
}

/// Which parser an input goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Env,
    Yaml,
}

/// `.env`, `*.env` and `env` are `.env` files; everything else is YAML (SPEC §3).
pub fn kind_of(path: &str, force_env: bool) -> InputKind {
    if force_env {
        return InputKind::Env;
    }
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    if name == ".env" || name == "env" || name.ends_with(".env") {
        InputKind::Env
    } else {
        InputKind::Yaml
    }
}

/// How an input path is named in messages.
fn display_name(path: &str) -> String {
    if path == "-" {
        "<stdin>".to_string()
    } else {
        path.to_string()
    }
}

/// Reads `path` (`-` for standard input) as bytes within [`MAX_INPUT_BYTES`]: a larger file is
/// refused before it is read.
pub fn read_bytes(path: &str) -> Result<Vec<u8>, InputError> {
    let name = display_name(path);
    let io = |source| InputError::Io {
        name: name.clone(),
        source,
    };
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    } else {
        let file = std::fs::File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        if len > MAX_INPUT_BYTES {
            return Err(InputError::TooLarge {
                name,
                limit: MAX_INPUT_BYTES,
            });
        }
        // Sized for the whole file at once (a `Take` gives no size hint, and doubling from
        // empty would hold up to twice the input); a file that grows meanwhile still stops at
        // the limit.
        bytes.reserve_exact(usize::try_from(len).unwrap_or(0));
        file.take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            name,
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(bytes)
}

/// One line start in this many is indexed; the others are found by scanning at most this many
/// lines from the one before.
const LINE_STRIDE: usize = 16;

/// A byte offset as stored in the line index (texts past 4 GiB are never read: see
/// [`MAX_INPUT_BYTES`]).
fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl SourceFile {
    /// Reads `path` (`-` for standard input) within [`MAX_INPUT_BYTES`].
    pub fn read(path: &str) -> Result<SourceFile, InputError> {
        let bytes = read_bytes(path)?;
        Self::from_bytes(display_name(path), bytes)
    }

    /// Decodes bytes as text: refuses NUL bytes and invalid UTF-8, strips a BOM.
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<SourceFile, InputError> {
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(InputError::Nul { name, offset });
        }
        let text = String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
            name: name.clone(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        Ok(Self::new(name, text))
    }

    /// A source from text already in memory (tests, merged outputs).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let mut text: String = text.into();
        let bom = text.starts_with('\u{feff}');
        if bom {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let newlines = || memchr::memchr_iter(b'\n', text.as_bytes());
        let starts = 1 + newlines().count();
        let mut line_starts = Vec::with_capacity(starts.div_ceil(LINE_STRIDE));
        line_starts.push(0);
        line_starts.extend(
            newlines()
                .skip(LINE_STRIDE - 1)
                .step_by(LINE_STRIDE)
                .map(|i| offset_u32(i + 1)),
        );
        SourceFile {
            name: name.into(),
            ascii: text.is_ascii(),
            text,
            bom,
            line_starts,
            starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        // The last indexed line starting at or before `offset`, then the lines after it.
        let k = self
            .line_starts
            .partition_point(|&start| start as usize <= offset)
            .max(1)
            - 1;
        let indexed = self.line_starts[k] as usize;
        let between = &self.text.as_bytes()[indexed..offset];
        let line = k * LINE_STRIDE + 1 + memchr::memchr_iter(b'\n', between).count();
        let start = memchr::memrchr(b'\n', between).map_or(indexed, |i| indexed + i + 1);
        let column = if self.ascii {
            offset - start
        } else {
            self.text
                .get(start..offset)
                .map_or(0, |s| s.chars().count())
        };
        (line, column + 1)
    }

    /// Byte offset of the start of a 1-based line (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        let index = line.saturating_sub(1);
        if index >= self.starts {
            return self.text.len();
        }
        let indexed = self.line_starts[index / LINE_STRIDE] as usize;
        match (index % LINE_STRIDE).checked_sub(1) {
            None => indexed,
            Some(skip) => memchr::memchr_iter(b'\n', &self.text.as_bytes()[indexed..])
                .nth(skip)
                .map_or(self.text.len(), |i| indexed + i + 1),
        }
    }

    /// Number of lines (a trailing newline does not start another line).
    pub fn line_count(&self) -> usize {
        if self.text.ends_with('\n') {
            self.starts - 1
        } else {
            self.starts
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let src = SourceFile::new("t", "a: 1\nbé: x\n");
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(5), (2, 1));
        // 'x' is after "bé: " = 5 bytes, 4 chars
        assert_eq!(src.line_col(5 + 5), (2, 5));
        let ascii = SourceFile::new("t", "ab\ncd: e");
        assert_eq!((ascii.line_col(4), ascii.line_col(99)), ((2, 2), (2, 6)));
    }

    /// The sparse line index answers as a full one would, at every offset and line, around
    /// and between its indexed lines, with and without a trailing newline.
    #[test]
    fn line_index_agrees_with_counting_every_line() {
        for text in [
            String::new(),
            "\n".repeat(40),
            (0..50).map(|i| format!("l{i}é\n")).collect::<String>(),
            (0..50)
                .map(|i| format!("{}x", "\n".repeat(i % 3)))
                .collect::<String>(),
        ] {
            let src = SourceFile::new("t", text.clone());
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            for offset in 0..=text.len() + 2 {
                let at = offset.min(text.len());
                let line = starts.partition_point(|&s| s <= at);
                let start = starts[line - 1];
                let column = text.get(start..at).map_or(0, |s| s.chars().count()) + 1;
                assert_eq!(src.line_col(offset), (line, column), "{text:?} at {offset}");
            }
            for line in 0..starts.len() + 3 {
                let want = starts
                    .get(line.saturating_sub(1))
                    .copied()
                    .unwrap_or(text.len());
                assert_eq!(src.line_start(line), want, "{text:?} line {line}");
            }
            let lines = starts.len() - usize::from(text.ends_with('\n'));
            assert_eq!(src.line_count(), lines);
        }
    }

    #[test]
    fn bom_is_stripped_and_nul_refused() {
        assert_eq!(SourceFile::new("t", "\u{feff}a: 1").text, "a: 1");
        assert!(SourceFile::new("t", "\u{feff}a: 1").bom);
        assert!(!SourceFile::new("t", "a: 1").bom);
        assert!(matches!(
            SourceFile::from_bytes("t".into(), b"a: \0".to_vec()),
            Err(InputError::Nul { offset: 3, .. })
        ));
        assert!(matches!(
            SourceFile::from_bytes("t".into(), b"a: \xff".to_vec()),
            Err(InputError::NotUtf8 { offset: 3, .. })
        ));
    }

    #[test]
    fn env_files_are_recognised_by_name() {
        assert_eq!(kind_of("x/.env", false), InputKind::Env);
        assert_eq!(kind_of("gcr.env", false), InputKind::Env);
        assert_eq!(kind_of("env", false), InputKind::Env);
        assert_eq!(kind_of("values.yaml", false), InputKind::Yaml);
        assert_eq!(kind_of("values.yaml", true), InputKind::Env);
    }
}
