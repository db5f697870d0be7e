//! The value of one `KEY=VALUE` assignment, lexed as bash lexes an assignment word: quote
//! removal, backslash escapes, `$VAR` / `${VAR}` and tilde expansion, the end of the word, and a
//! trailing comment. Anything that would make bash run a command or use an expansion we do not
//! model is recorded as a [`Problem`] (the first one wins) and lexing goes on leniently, only to
//! find where the assignment ends. Nothing is ever executed.

use std::rc::Rc;

use crate::env::{Expansion, SyntaxError};
use crate::source::Span;

/// Where a referenced variable's value comes from, in the order bash looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Assigned on an earlier line of the file (1-based).
    Line(usize),
    /// Not in the file; taken from the environment of the process that reads it.
    Environment,
    /// Defined nowhere: bash expands it to the empty string.
    Undefined,
}

/// What a variable name resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Shared: a value referenced many times is not copied for each reference.
    pub value: Rc<str>,
    pub origin: Origin,
}

/// A `$VAR`, `${VAR}` or `~` in a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The variable (`HOME` for a tilde).
    pub name: String,
    /// The reference as written (`$VAR`, `${VAR}`, `~`).
    pub span: Span,
    pub resolved: Resolved,
}

/// Why bash would not give the value a plain reading suggests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Syntax(SyntaxError),
    Expansion(Expansion),
}

/// How one part of a value is quoted (`A="x"'y'z` has three parts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    Unquoted,
    Single,
    Double,
}

/// A lexed value.
#[derive(Debug, Clone)]
pub struct Word {
    /// The value bash assigns (meaningless when `problem` is set).
    pub value: String,
    /// The value as written, quotes included.
    pub span: Span,
    /// Where the next line starts (after the trailing comment and newline).
    pub next_line: usize,
    /// The first [`MAX_REFERENCES_KEPT`] references.
    pub references: Vec<Reference>,
    pub parts: Vec<Quoting>,
    /// The first problem, with the span of the offending text.
    pub problem: Option<(Problem, Span)>,
    /// Where a trailing comment's `#` is, when the line ends in one (bash's reading: after
    /// unquoted whitespace, never inside quotes or glued to a word).
    pub comment: Option<usize>,
}

mod expansion;

pub use expansion::{ignores_assignment, MAX_REFERENCES_KEPT};

/// Characters that end an unquoted word or are bash control operators.
const OPERATORS: &[char] = &[';', '&', '|', '<', '>', '(', ')'];

/// How a value is read.
pub struct Options<'a> {
    /// The value is an argument of `export`, where bash also performs brace expansion.
    pub exported: bool,
    /// How long expansions may make the value, in bytes (references can nest exponentially).
    pub budget: usize,
    /// The value of a variable as bash would see it at this line.
    pub resolve: &'a dyn Fn(&str) -> Resolved,
}

/// Lexes the value that starts at `start` (just after `=`).
pub fn lex_value(text: &str, start: usize, options: &Options) -> Word {
    let mut lexer = Lexer {
        text,
        start,
        exported: options.exported,
        budget: options.budget,
        pos: start,
        value: String::new(),
        references: Vec::new(),
        parts: Vec::new(),
        problem: None,
        comment: None,
        resolve: options.resolve,
    };
    lexer.word(true);
    let span = Span::new(start, lexer.pos - start);
    let next_line = lexer.rest_of_line();
    Word {
        value: lexer.value,
        span,
        next_line,
        references: lexer.references,
        parts: lexer.parts,
        problem: lexer.problem,
        comment: lexer.comment,
    }
}

/// Skips to the start of the next line the way bash would (quotes may span lines), for a line
/// already refused; also says where a trailing comment's `#` is.
pub fn skip_line(text: &str, start: usize) -> (usize, Option<usize>) {
    let options = Options {
        exported: false,
        budget: 0,
        resolve: &|_| Resolved {
            value: Rc::from(""),
            origin: Origin::Undefined,
        },
    };
    let word = lex_value(text, start, &options);
    (word.next_line, word.comment)
}

struct Lexer<'a> {
    text: &'a str,
    /// Where the value starts (just after `=`).
    start: usize,
    exported: bool,
    budget: usize,
    pos: usize,
    value: String,
    references: Vec<Reference>,
    parts: Vec<Quoting>,
    problem: Option<(Problem, Span)>,
    comment: Option<usize>,
    resolve: &'a dyn Fn(&str) -> Resolved,
}

impl Lexer<'_> {
    /// `pos` moved past backslash-newline pairs: bash removes these line continuations before
    /// it reads a word, everywhere but inside single quotes and comments.
    fn logical(&self, mut pos: usize) -> usize {
        while self.text[pos..].starts_with("\\\n") {
            pos += 2;
        }
        pos
    }

    fn settle(&mut self) {
        self.pos = self.logical(self.pos);
    }

    /// The next character bash sees (line continuations skipped).
    fn peek(&self) -> Option<char> {
        self.text[self.logical(self.pos)..].chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        let first = self.logical(self.pos);
        let c = self.text[first..].chars().next()?;
        self.text[self.logical(first + c.len_utf8())..]
            .chars()
            .next()
    }

    fn bump(&mut self) -> Option<char> {
        self.settle();
        self.bump_raw()
    }

    /// The very next character, for what follows a backslash (which a continuation cannot).
    fn peek_raw(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump_raw(&mut self) -> Option<char> {
        let c = self.peek_raw()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn at_line_end(&self) -> bool {
        let rest = &self.text[self.logical(self.pos)..];
        // A CRLF file is refused as a whole; ending the line at a physical `\r\n` keeps the
        // values readable for the other rules.
        rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n") || rest == "\r"
    }

    fn report(&mut self, problem: Problem, from: usize) {
        if self.problem.is_none() {
            self.problem = Some((problem, Span::new(from, self.pos - from)));
        }
    }

    fn part(&mut self, quoting: Quoting) {
        if quoting != Quoting::Unquoted || self.parts.last() != Some(&Quoting::Unquoted) {
            self.parts.push(quoting);
        }
    }

    /// One shell word: until unquoted whitespace, a newline or the end of the text.
    fn word(&mut self, value_start: bool) {
        let mut tilde_allowed = value_start;
        let mut open_brace = None;
        while !self.at_line_end() {
            let Some(c) = self.peek() else { break };
            if c == ' ' || c == '\t' {
                break;
            }
            self.settle();
            if tilde_allowed && c == '~' {
                self.part(Quoting::Unquoted);
                self.tilde();
                tilde_allowed = false;
                continue;
            }
            tilde_allowed = false;
            let from = self.pos;
            match c {
                '\'' => self.single_quoted(),
                '"' => self.double_quoted(),
                '`' => self.backticks(),
                '$' => {
                    self.part(Quoting::Unquoted);
                    self.dollar(false);
                }
                '\\' => {
                    self.part(Quoting::Unquoted);
                    self.bump_raw();
                    match self.bump_raw() {
                        None => self.value.push('\\'),
                        Some(escaped) => self.value.push(escaped),
                    }
                }
                _ if OPERATORS.contains(&c) => {
                    self.bump();
                    let expansion = if c == '(' && value_start && from == self.start {
                        Expansion::ArrayAssignment
                    } else {
                        Expansion::ControlOperator(c)
                    };
                    self.report(Problem::Expansion(expansion), from);
                    self.value.push(c);
                }
                _ => {
                    self.part(Quoting::Unquoted);
                    self.bump();
                    self.value.push(c);
                    // `export A={x,y}` brace-expands (`A=x A=y`); a plain assignment does not.
                    if self.exported && value_start {
                        match (c, open_brace) {
                            ('{', None) => open_brace = Some(from),
                            ('}', Some(open)) => {
                                self.report(Problem::Expansion(Expansion::BraceExpansion), open)
                            }
                            _ => {}
                        }
                    }
                    // In an assignment bash also expands a tilde after each unquoted `:`.
                    tilde_allowed = c == ':';
                }
            }
        }
    }

    /// After the value: blanks, then a comment or the end of the line. Another word would be a
    /// command (or another assignment); it is lexed only to find where the line ends.
    fn rest_of_line(&mut self) -> usize {
        let mut first_extra_word = true;
        loop {
            while matches!(self.peek(), Some(' ' | '\t')) {
                self.bump();
            }
            self.settle();
            if self.at_line_end() {
                let rest = &self.text[self.pos..];
                return self.pos
                    + if rest.starts_with("\r\n") {
                        2
                    } else {
                        rest.len().min(1)
                    };
            }
            if self.peek() == Some('#') {
                self.comment = Some(self.pos);
                return match self.text[self.pos..].find('\n') {
                    Some(i) => self.pos + i + 1,
                    None => self.text.len(),
                };
            }
            let from = self.pos;
            let saved = (self.value.len(), self.references.len(), self.parts.len());
            self.word(false);
            if first_extra_word {
                let word = &self.text[from..self.pos];
                let problem = if is_assignment_word(word) {
                    Problem::Syntax(SyntaxError::TwoAssignments)
                } else {
                    Problem::Expansion(Expansion::CommandWord)
                };
                // The problem of the extra word itself ($(…) in a command) matters less than
                // the fact that there is one.
                if self.problem.as_ref().is_some_and(|(_, s)| s.offset >= from) {
                    self.problem = None;
                }
                self.report(problem, from);
                first_extra_word = false;
            }
            self.value.truncate(saved.0);
            self.references.truncate(saved.1);
            self.parts.truncate(saved.2);
        }
    }

    fn single_quoted(&mut self) {
        self.part(Quoting::Single);
        let open = self.pos;
        self.bump();
        match self.text[self.pos..].find('\'') {
            Some(i) => {
                self.value.push_str(&self.text[self.pos..self.pos + i]);
                self.pos += i + 1;
            }
            None => {
                self.pos = self.text.len();
                self.problem_at(SyntaxError::UnterminatedQuote { quote: '\'' }, open);
            }
        }
    }

    fn double_quoted(&mut self) {
        self.part(Quoting::Double);
        let open = self.pos;
        self.bump();
        loop {
            self.settle();
            match self.peek_raw() {
                None => {
                    self.problem_at(SyntaxError::UnterminatedQuote { quote: '"' }, open);
                    return;
                }
                Some('"') => {
                    self.bump_raw();
                    return;
                }
                Some('\\') => {
                    self.bump_raw();
                    match self.peek_raw() {
                        Some(c @ ('"' | '$' | '\\' | '`')) => {
                            self.bump_raw();
                            self.value.push(c);
                        }
                        // Any other backslash is kept, and the next character read as usual.
                        _ => self.value.push('\\'),
                    }
                }
                Some('$') => self.dollar(true),
                Some('`') => self.backticks(),
                Some(c) => {
                    self.bump();
                    self.value.push(c);
                }
            }
        }
    }

    fn problem_at(&mut self, error: SyntaxError, open: usize) {
        if self.problem.is_none() {
            self.problem = Some((Problem::Syntax(error), Span::new(open, 1)));
        }
    }

    fn backticks(&mut self) {
        let from = self.pos;
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '`' => break,
                '\\' => {
                    self.bump();
                }
                _ => {}
            }
        }
        self.report(Problem::Expansion(Expansion::Backticks), from);
    }

    /// Skips from an opening bracket to its match (or the end of the text), for recovery only.
    fn skip_balanced(&mut self, open: char, close: char) {
        let mut depth = 0usize;
        while let Some(c) = self.bump() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return;
                }
            } else if c == '\\' {
                self.bump();
            }
        }
    }
}

/// `NAME=…`: a word bash would take as another assignment.
fn is_assignment_word(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| is_name(name))
}

/// A bash variable name: letters, digits, `_`, not starting with a digit.
pub fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
