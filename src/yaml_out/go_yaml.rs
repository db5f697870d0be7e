//! Helm's `toYaml`, byte for byte, for the values we render: Helm marshals through JSON into
//! go-yaml v2, whose emitter (a port of libyaml) sorts mapping keys, picks a scalar style per
//! string (plain, single-quoted, double-quoted or literal block) and folds long lines at 80
//! columns. The style rules below follow go-yaml v2's `encode.go` (`stringv`), `resolve.go` and
//! `emitterc.go` (`analyze_scalar`, `select_scalar_style`, the scalar writers).
//!
//! Owns: mappings of scalars and block sequences, as `customImage` needs. Does not own: flow
//! styles, anchors, tags.

use serde_json::{Map, Value};

use super::resolve::{go_number, is_base60_float, resolves_to_string};

/// go-yaml's default line width: a space after this column may become a line break.
const BEST_WIDTH: usize = 80;
const BEST_INDENT: usize = 2;

/// `toYaml value` as Helm prints it (no trailing newline).
pub fn to_yaml(value: &Value) -> String {
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        whitespace: true,
        indention: true,
    };
    match value {
        Value::Object(map) if !map.is_empty() => e.mapping(map, 0),
        Value::Object(_) => e.out.push_str("{}"),
        other => e.scalar(other, 0),
    }
    // go-yaml ends the document on a fresh line; Helm's toYaml then trims one newline.
    e.write_indent(0);
    if e.out.ends_with('\n') {
        e.out.pop();
    }
    e.out
}

struct Emitter {
    out: String,
    column: usize,
    /// The last character written was whitespace (no separating space needed).
    whitespace: bool,
    /// Only indentation has been written on this line.
    indention: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn indicator(&mut self, text: &str, need_whitespace: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        text.chars().for_each(|c| self.put(c));
        self.whitespace = false;
        self.indention = false;
    }

    fn write_indent(&mut self, indent: usize) {
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn mapping(&mut self, map: &Map<String, Value>, indent: usize) {
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        for key in keys {
            self.write_indent(indent);
            // Our keys are chart identifiers: always plain.
            key.chars().for_each(|c| self.put(c));
            self.indention = false;
            self.indicator(":", false);
            match &map[key] {
                Value::Object(inner) if inner.is_empty() => self.indicator("{}", true),
                Value::Object(inner) => self.mapping(inner, indent + BEST_INDENT),
                Value::Array(items) if items.is_empty() => self.indicator("[]", true),
                // go-yaml v2 writes a sequence inside a mapping without indenting it.
                Value::Array(items) => {
                    for item in items {
                        self.write_indent(indent);
                        self.indicator("-", true);
                        self.scalar(item, indent + BEST_INDENT);
                    }
                }
                scalar => self.scalar(scalar, indent + BEST_INDENT),
            }
        }
    }

    fn scalar(&mut self, value: &Value, indent: usize) {
        let text = match value {
            Value::Null => "null".to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => go_number(n),
            Value::String(s) => return self.string(s, indent),
            // Nested collections inside sequences do not occur in the values we render.
            other => other.to_string(),
        };
        self.write_plain(&text, indent);
    }

    fn string(&mut self, s: &str, indent: usize) {
        let a = analyze(s);
        let mut style = if s.contains('\n') {
            Style::Literal
        } else if resolves_to_string(s) && !is_base60_float(s) {
            Style::Plain
        } else {
            Style::Double
        };
        if style == Style::Plain && (!a.block_plain_allowed || a.line_breaks) {
            style = Style::Single;
        }
        if style == Style::Single && (!a.single_quoted_allowed || a.line_breaks) {
            // Deviation: libyaml folds U+2028/9 inside single quotes; double quotes escape them.
            style = Style::Double;
        }
        if style == Style::Literal && !a.block_allowed {
            style = Style::Double;
        }
        match style {
            Style::Plain => self.write_plain(s, indent),
            Style::Single => self.write_single(s, indent),
            Style::Double => self.write_double(s, indent),
            Style::Literal => self.write_literal(s, indent),
        }
    }

    fn write_plain(&mut self, s: &str, indent: usize) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single(&mut self, s: &str, indent: usize) {
        self.indicator("'", true);
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < chars.len()
                    && !next_is_space
                {
                    self.write_indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.indicator("'", false);
    }

    fn write_double(&mut self, s: &str, indent: usize) {
        self.indicator("\"", true);
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                let escape = super::escape(c, true);
                escape.chars().for_each(|e| self.put(e));
                spaces = false;
            } else if c == ' ' {
                if !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < chars.len() {
                    self.write_indent(indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.indicator("\"", false);
    }

    fn write_literal(&mut self, s: &str, indent: usize) {
        self.indicator("|", true);
        if s.starts_with([' ', '\n']) {
            self.indicator(&BEST_INDENT.to_string(), false);
        }
        let chomp = if !s.ends_with('\n') {
            "-"
        } else if s == "\n" || s.ends_with("\n\n") {
            "+"
        } else {
            ""
        };
        self.indicator(chomp, false);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in s.chars() {
            if c == '\n' {
                self.put_break();
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent(indent);
                    breaks = false;
                }
                self.put(c);
                self.indention = false;
            }
        }
    }
}

/// What libyaml's `yaml_emitter_analyze_scalar` finds out about a string.
struct Analysis {
    line_breaks: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            line_breaks: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let last = i + 1 == chars.len();
        let followed_by_whitespace = chars.get(i + 1).is_none_or(|&n| n == ' ' || n == '\t');
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= last;
            break_space |= previous_break;
            (previous_space, previous_break) = (true, false);
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= last;
            space_break |= previous_space;
            (previous_space, previous_break) = (false, true);
        } else {
            (previous_space, previous_break) = (false, false);
        }
        preceded_by_whitespace = c == ' ' || c == '\t' || is_break(c);
    }
    let mut a = Analysis {
        line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// go-yaml's `is_printable`: characters outside the BMP count as not printable.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && c != '\u{feff}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
#[path = "go_yaml_tests.rs"]
mod tests;
