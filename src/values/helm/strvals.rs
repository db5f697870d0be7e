//! The `--set` family, parsed by Helm's `strvals` rules and written into the values built so
//! far (Helm's `ParseInto`: an expression extends the maps and lists already there).
//!
//! - `name=value` pairs separated by `,`; `.` goes into a map, `[i]` into a list (indexes up to
//!   65,536; missing items become `null`), `name={a,b}` is a list; `\` escapes the next
//!   character anywhere (`\,` `\.` `\=` `\\`); at most 30 levels of `.`.
//! - `--set` types each value as Helm does: `true`/`false`/`null` in any case, integers that fit
//!   in 64 bits and do not start with `0` (except `0` itself); everything else is a string.
//!   `--set-string` keeps every value a string; `--set-file` reads each value from the file it
//!   names; `--set-json` reads each value as JSON ([`super::json`]; an empty value is `null`);
//!   `--set-literal` takes everything after the first `=` as one string, commas and
//!   backslashes included, and splits its key only on `.`, `[` and `=`.
//! - What Helm refuses is refused: a key without a value, `.` or `[i]` through an existing
//!   value that is not a map or list (`null` included), a negative or too large index.
//!   What Helm accepts quietly is accepted the same way: input that ends inside a key or an
//!   index (`a=1,b[2`, `a=1,b.`) ends the expression without an error; `a[0]` alone makes `a`
//!   an empty list; an empty key sets nothing.

use super::json;
use super::{Kind, LayerId, Map, Node, Origin};
use crate::source::Span;

/// How deep `a.b.c…` may go (Helm's `MaxNestedNameLevel`).
pub const MAX_NESTED_NAME_LEVEL: usize = 30;
/// The largest list index (Helm's `MaxIndex`).
pub const MAX_INDEX: i64 = 65536;

/// Which flag an expression was given with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetKind {
    /// `--set`: values typed (`true`, `null`, `42`).
    Set,
    /// `--set-string`: every value a string.
    String,
    /// `--set-json`: every value JSON.
    Json,
    /// `--set-literal`: the whole rest of the expression one string.
    Literal,
    /// `--set-file`: every value the contents of the file it names.
    File,
}

impl SetKind {
    /// The flag as the user typed it.
    pub fn flag(self) -> &'static str {
        match self {
            SetKind::Set => "--set",
            SetKind::String => "--set-string",
            SetKind::Json => "--set-json",
            SetKind::Literal => "--set-literal",
            SetKind::File => "--set-file",
        }
    }

    /// The order Helm applies the flags in, whatever their order on the command line.
    pub const HELM_ORDER: [SetKind; 5] = [
        SetKind::Json,
        SetKind::Set,
        SetKind::String,
        SetKind::File,
        SetKind::Literal,
    ];
}

/// Why Helm would refuse an expression: a message and the byte offset in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError {
    pub offset: usize,
    pub message: String,
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Reads the file a `--set-file` value names.
pub type FileReader<'r> = &'r mut dyn FnMut(&str) -> Result<String, String>;

/// Parses `expr` given with flag `kind` into `data` (values already there are extended or
/// replaced, as Helm's `ParseInto` does). Nodes get origins in layer `layer`, spans into `expr`.
pub fn parse_into(
    kind: SetKind,
    expr: &str,
    layer: LayerId,
    data: &mut Map,
    files: FileReader<'_>,
) -> Result<(), SetError> {
    let mut parser = Parser {
        text: expr,
        pos: 0,
        kind,
        layer,
        files,
    };
    loop {
        match parser.key(data, 0) {
            Ok(()) => continue,
            Err(Flow::Eof) => return Ok(()),
            Err(Flow::Fail(e)) => return Err(e),
        }
    }
}

/// Parses `expr` on its own (Helm's `Parse`, `ParseString`, …), reading `--set-file` values
/// from disk.
pub fn parse(kind: SetKind, expr: &str) -> Result<Map, SetError> {
    let mut data = Map::new();
    let mut read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"));
    parse_into(kind, expr, 1, &mut data, &mut read)?;
    Ok(data)
}

/// How a step ended other than normally: Go's `io.EOF` (possibly wrapped), which ends the
/// expression without an error, or a real error.
enum Flow {
    Eof,
    Fail(SetError),
}

/// `valList`'s outcomes besides a list.
enum ListFlow {
    Eof,
    NotList,
    Fail(SetError),
}

impl From<Flow> for ListFlow {
    fn from(flow: Flow) -> ListFlow {
        match flow {
            Flow::Fail(e) => ListFlow::Fail(e),
            Flow::Eof => ListFlow::Eof,
        }
    }
}

struct Parser<'t, 'r> {
    text: &'t str,
    pos: usize,
    kind: SetKind,
    layer: LayerId,
    files: FileReader<'r>,
}

/// What `runesUntil` read: the text (escapes applied), the rune it stopped at (`None` at the
/// end of the input), and where the text started.
struct Run {
    text: String,
    last: Option<char>,
    start: usize,
    end: usize,
}

impl Parser<'_, '_> {
    fn fail<T>(&self, message: impl Into<String>) -> Result<T, Flow> {
        Err(Flow::Fail(SetError {
            offset: self.pos,
            message: message.into(),
        }))
    }

    fn literal(&self) -> bool {
        self.kind == SetKind::Literal
    }

    fn next_char(&mut self) -> Option<char> {
        let c = self.text[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn unread(&mut self, c: char) {
        self.pos -= c.len_utf8();
    }

    fn origin(&self, start: usize, end: usize) -> Origin {
        Origin::new(self.layer, Span::new(start, end.saturating_sub(start)))
    }

    /// Reads up to (and consuming) the first rune in `stop`; `\` escapes the next rune unless
    /// this is `--set-literal`.
    fn runes_until(&mut self, stop: &[char]) -> Run {
        let start = self.pos;
        let mut text = String::new();
        loop {
            let before = self.pos;
            match self.next_char() {
                None => {
                    return Run {
                        text,
                        last: None,
                        start,
                        end: before,
                    }
                }
                Some(c) if stop.contains(&c) => {
                    return Run {
                        text,
                        last: Some(c),
                        start,
                        end: before,
                    }
                }
                Some('\\') if !self.literal() => match self.next_char() {
                    Some(next) => text.push(next),
                    None => {
                        return Run {
                            text,
                            last: None,
                            start,
                            end: self.pos,
                        }
                    }
                },
                Some(c) => text.push(c),
            }
        }
    }

    fn key(&mut self, data: &mut Map, level: usize) -> Result<(), Flow> {
        let stop: &[char] = if self.literal() {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let run = self.runes_until(stop);
        let key_span = Span::new(run.start, run.end - run.start);
        let key = run.text;
        match run.last {
            None if key.is_empty() => Err(Flow::Eof),
            None => self.fail(format!("key {key:?} has no value")),
            Some('[') => {
                let index = self.key_index()?;
                let existed = data.contains_key(&key);
                let (mut list, origin) = match data.remove(&key) {
                    None => (Vec::new(), Origin::new(self.layer, key_span)),
                    Some(Node {
                        kind: Kind::List(items),
                        origin,
                    }) => (items, origin),
                    Some(other) => {
                        data.insert(key.clone(), other);
                        return self.fail(format!("unable to parse key: {key:?} is not a list"));
                    }
                };
                let original_len = list.len();
                let result = self.list_item(&mut list, index, level);
                if key.is_empty() {
                    // Helm sets nothing under an empty key, but changes made in place to a
                    // list already there stay.
                    if existed {
                        list.truncate(original_len);
                        data.insert(key, Node::new(Kind::List(list), origin));
                    }
                } else {
                    data.insert(key, Node::new(Kind::List(list), origin.with_key(key_span)));
                }
                result
            }
            Some('=') => self.assign(data, key, key_span),
            Some(',') => {
                let here = self.origin(self.pos, self.pos);
                set(data, &key, Node::string("", here.with_key(key_span)));
                self.fail(format!("key {key:?} has no value (cannot end with ,)"))
            }
            Some(_) => {
                // '.'
                let level = level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return self.fail(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    ));
                }
                let (mut inner, origin, existed) = match data.remove(&key) {
                    None => (Map::new(), Origin::new(self.layer, key_span), false),
                    Some(Node {
                        kind: Kind::Map(map),
                        origin,
                    }) => (map, origin, true),
                    Some(other) => {
                        data.insert(key.clone(), other);
                        return self.fail(format!("unable to parse key: {key:?} is not a map"));
                    }
                };
                let result = self.key(&mut inner, level);
                let empty = inner.is_empty();
                if existed || (!empty && !key.is_empty()) {
                    let origin = if existed {
                        origin
                    } else {
                        origin.with_key(key_span)
                    };
                    data.insert(key.clone(), Node::new(Kind::Map(inner), origin));
                }
                if result.is_ok() && empty {
                    return self.fail(format!("key map {key:?} has no value"));
                }
                result
            }
        }
    }

    /// After `name=`: the value, by the flag's rules.
    fn assign(&mut self, data: &mut Map, key: String, key_span: Span) -> Result<(), Flow> {
        match self.kind {
            SetKind::Literal => {
                let start = self.pos;
                let value = self.text[start..].to_string();
                self.pos = self.text.len();
                let origin = self.origin(start, self.pos).with_key(key_span);
                set(data, &key, Node::string(value, origin));
                Ok(())
            }
            SetKind::Json => {
                let value = self.json_value()?;
                set(data, &key, with_key(value, key_span));
                Ok(())
            }
            _ => match self.val_list() {
                Ok(list) => {
                    set(data, &key, with_key(list, key_span));
                    Ok(())
                }
                Err(ListFlow::Eof) => {
                    let origin = self.origin(self.pos, self.pos).with_key(key_span);
                    set(data, &key, Node::string("", origin));
                    Err(Flow::Eof)
                }
                Err(ListFlow::NotList) => {
                    let run = self.runes_until(&[',']);
                    let value = self.read_value(&run.text, run.start, run.end)?;
                    set(data, &key, with_key(value, key_span));
                    Ok(())
                }
                Err(ListFlow::Fail(e)) => Err(Flow::Fail(e)),
            },
        }
    }

    /// A `--set-json` value: `null` when empty, else one JSON value; then spaces and one comma.
    fn json_value(&mut self) -> Result<Node, Flow> {
        let start = self.pos;
        if self.empty_val() {
            return Ok(Node::null(self.origin(start, start)));
        }
        let (node, used) =
            json::decode(&self.text[self.pos..], self.pos, self.layer).map_err(|e| {
                Flow::Fail(SetError {
                    offset: e.offset,
                    message: e.message,
                })
            })?;
        self.pos += used;
        self.empty_val();
        Ok(node)
    }

    /// Consumes spaces up to a comma (consumed too) or the end: true. Anything else is left
    /// for the next key: false.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.next_char() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => continue,
                Some(c) => {
                    self.unread(c);
                    return false;
                }
            }
        }
    }

    /// `{a,b}` as a list; anything else is not a list (nothing consumed).
    fn val_list(&mut self) -> Result<Node, ListFlow> {
        let start = self.pos;
        match self.next_char() {
            None => return Err(ListFlow::Eof),
            Some('{') => {}
            Some(c) => {
                self.unread(c);
                return Err(ListFlow::NotList);
            }
        }
        let mut items = Vec::new();
        loop {
            let run = self.runes_until(&[',', '}']);
            match run.last {
                None => {
                    return Err(ListFlow::Fail(SetError {
                        offset: self.pos,
                        message: "list must terminate with '}'".into(),
                    }))
                }
                Some('}') => {
                    let end = self.pos;
                    if let Some(c) = self.next_char() {
                        if c != ',' {
                            self.unread(c);
                        }
                    }
                    let item = self
                        .read_value(&run.text, run.start, run.end)
                        .map_err(ListFlow::from)?;
                    items.push(item);
                    return Ok(Node::new(Kind::List(items), self.origin(start, end)));
                }
                Some(_) => {
                    let item = self
                        .read_value(&run.text, run.start, run.end)
                        .map_err(ListFlow::from)?;
                    items.push(item);
                }
            }
        }
    }

    /// One scalar value by the flag's rules (`--set` types it, `--set-file` reads the file).
    fn read_value(&mut self, text: &str, start: usize, end: usize) -> Result<Node, Flow> {
        let origin = self.origin(start, end);
        let kind = match self.kind {
            SetKind::Set => typed(text),
            SetKind::File => match (self.files)(text) {
                Ok(contents) => Kind::String(contents),
                Err(message) => {
                    return Err(Flow::Fail(SetError {
                        offset: start,
                        message,
                    }))
                }
            },
            _ => Kind::String(text.to_string()),
        };
        Ok(Node::new(kind, origin))
    }

    /// The index inside `[…]` (Go's `strconv.Atoi`); the end of input inside it ends the
    /// expression quietly, as in Helm.
    fn key_index(&mut self) -> Result<i64, Flow> {
        let run = self.runes_until(&[']']);
        if run.last.is_none() {
            return Err(Flow::Eof);
        }
        atoi(&run.text).ok_or_else(|| {
            Flow::Fail(SetError {
                offset: run.start,
                message: format!("error parsing index: invalid index {:?}", run.text),
            })
        })
    }

    fn list_item(&mut self, list: &mut Vec<Node>, index: i64, level: usize) -> Result<(), Flow> {
        if index < 0 {
            return self.fail(format!("negative {index} index not allowed"));
        }
        let run = self.runes_until(&['[', '.', '=']);
        if !run.text.is_empty() {
            return self.fail(format!(
                "unexpected data at end of array index: {:?}",
                run.text
            ));
        }
        match run.last {
            None => Err(Flow::Eof),
            Some('=') => {
                let value = match self.kind {
                    SetKind::Literal => {
                        let start = self.pos;
                        self.pos = self.text.len();
                        Node::string(&self.text[start..], self.origin(start, self.pos))
                    }
                    SetKind::Json => self.json_value()?,
                    _ => match self.val_list() {
                        Ok(list) => list,
                        Err(ListFlow::Eof) => Node::string("", self.origin(self.pos, self.pos)),
                        Err(ListFlow::NotList) => {
                            let run = self.runes_until(&[',']);
                            self.read_value(&run.text, run.start, run.end)?
                        }
                        Err(ListFlow::Fail(e)) => return Err(Flow::Fail(e)),
                    },
                };
                self.set_index(list, index, value)
            }
            Some('[') => {
                let next = self.key_index()?;
                let slot = usize::try_from(index).ok().filter(|&i| i < list.len());
                match slot.map(|i| &mut list[i].kind) {
                    Some(Kind::List(inner)) => self.list_item(inner, next, level),
                    Some(Kind::Null) | None => {
                        let mut inner = Vec::new();
                        self.list_item(&mut inner, next, level)?;
                        let origin = self.origin(run.start, self.pos);
                        self.set_index(list, index, Node::new(Kind::List(inner), origin))
                    }
                    Some(_) => self.fail("unable to parse key: an item is not a list"),
                }
            }
            Some(_) => {
                // '.': into a map at this index (a non-map item there becomes an empty map).
                let slot = usize::try_from(index).ok().filter(|&i| i < list.len());
                match slot {
                    Some(i) => {
                        if !matches!(list[i].kind, Kind::Map(_)) {
                            list[i] =
                                Node::new(Kind::Map(Map::new()), self.origin(run.end, run.end));
                        }
                        let Kind::Map(inner) = &mut list[i].kind else {
                            return self.fail("unable to parse key: an item is not a map");
                        };
                        self.key(inner, level)
                    }
                    None => {
                        let mut inner = Map::new();
                        let start = self.pos;
                        self.key(&mut inner, level)?;
                        let origin = self.origin(start, self.pos);
                        self.set_index(list, index, Node::new(Kind::Map(inner), origin))
                    }
                }
            }
        }
    }

    fn set_index(&self, list: &mut Vec<Node>, index: i64, value: Node) -> Result<(), Flow> {
        if index < 0 {
            return self.fail(format!("negative {index} index not allowed"));
        }
        if index > MAX_INDEX {
            return self.fail(format!(
                "index of {index} is greater than maximum supported index of {MAX_INDEX}"
            ));
        }
        let i = index as usize;
        if list.len() <= i {
            let filler = Node::null(Origin::new(self.layer, value.origin.span));
            list.resize(i + 1, filler);
        }
        list[i] = value;
        Ok(())
    }
}

fn set(data: &mut Map, key: &str, value: Node) {
    if !key.is_empty() {
        data.insert(key.to_string(), value);
    }
}

fn with_key(mut node: Node, key: Span) -> Node {
    node.origin.key = Some(key);
    node
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits, within 64 bits.
fn atoi(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.strip_prefix('+').unwrap_or(text).parse().ok()
}

/// How `--set` types a value (Helm's `typedVal`).
pub fn typed(text: &str) -> Kind {
    if fold_eq(text, "true") {
        return Kind::Bool(true);
    }
    if fold_eq(text, "false") {
        return Kind::Bool(false);
    }
    if fold_eq(text, "null") {
        return Kind::Null;
    }
    if text == "0" {
        return Kind::Number(0.into());
    }
    if !text.is_empty() && !text.starts_with('0') {
        if let Some(n) = atoi(text) {
            return Kind::Number(n.into());
        }
    }
    Kind::String(text.to_string())
}

/// Go's `strings.EqualFold` against an ASCII word: ASCII case-insensitive, and the long s
/// (U+017F) folds to `s`, the Kelvin sign (U+212A) to `k`.
fn fold_eq(text: &str, word: &str) -> bool {
    let mut chars = text.chars();
    for expected in word.chars() {
        let Some(c) = chars.next() else {
            return false;
        };
        let folded = match c {
            '\u{17f}' => 's',
            '\u{212a}' => 'k',
            c => c.to_ascii_lowercase(),
        };
        if folded != expected {
            return false;
        }
    }
    chars.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn run(kind: SetKind, expr: &str) -> Result<Value, SetError> {
        let map = parse(kind, expr)?;
        Ok(Node::new(Kind::Map(map), Origin::default()).to_json())
    }

    fn set(expr: &str) -> Value {
        run(SetKind::Set, expr).unwrap_or_else(|e| panic!("{expr}: {e}"))
    }

    #[test]
    fn typing_follows_helm() {
        assert_eq!(
            set("a=1,b=true,c=NULL,d=007,e=0,f=-5,g=+5,h=1.5,i=FalSe,j=falſe"),
            json!({"a": 1, "b": true, "c": null, "d": "007", "e": 0, "f": -5, "g": 5,
                   "h": "1.5", "i": false, "j": false})
        );
        assert_eq!(
            run(SetKind::String, "a=1,b=true").unwrap(),
            json!({"a": "1", "b": "true"})
        );
        assert_eq!(
            set("big=9223372036854775808"),
            json!({"big": "9223372036854775808"})
        );
    }

    #[test]
    fn paths_lists_and_escapes() {
        assert_eq!(
            set("a.b=x,a.c={1,two},l[1]=y,l[0].k=v"),
            json!({"a": {"b": "x", "c": [1, "two"]}, "l": [{"k": "v"}, "y"]})
        );
        assert_eq!(set(r"a\.b=c\,d,e=f\=g"), json!({"a.b": "c,d", "e": "f=g"}));
        assert_eq!(set("a={},b={x,}"), json!({"a": [""], "b": ["x", ""]}));
        assert_eq!(set("n[1][0]=x"), json!({"n": [null, ["x"]]}));
    }

    #[test]
    fn quiet_ends_as_in_helm() {
        assert_eq!(set("a=1,b[2"), json!({"a": 1}));
        assert_eq!(set("a=1,b."), json!({"a": 1}));
        assert_eq!(set("a[0]"), json!({"a": []}));
        assert_eq!(set("a="), json!({"a": ""}));
        assert_eq!(set("=1"), json!({}));
    }

    #[test]
    fn what_helm_refuses() {
        for bad in [
            "a",
            "a,b=1",
            "a=1,a.b=2",
            "a.=1",
            "a[-1]=x",
            "a[x]=1",
            "a={1,2",
            "a[0]x=1",
            "a=null,a.b=1",
            "a=1,a[0]=2",
            "a[65537]=1",
        ] {
            assert!(run(SetKind::Set, bad).is_err(), "{bad}");
        }
        let deep = format!("{}=1", vec!["k"; 32].join("."));
        assert!(run(SetKind::Set, &deep).is_err());
    }

    #[test]
    fn literal_and_json() {
        assert_eq!(
            run(SetKind::Literal, r"a.b=x,y=\z").unwrap(),
            json!({"a": {"b": "x,y=\\z"}})
        );
        assert_eq!(
            run(SetKind::Json, r#"a={"x":[1,2]} ,b=,c="s", d=1"#).unwrap(),
            json!({"a": {"x": [1, 2]}, "b": null, "c": "s", " d": 1})
        );
        assert_eq!(
            run(SetKind::Json, "l[1]=[true]").unwrap(),
            json!({"l": [null, [true]]})
        );
    }

    #[test]
    fn parse_into_extends_what_is_there() {
        let mut data = match Node::from_json(
            &json!({"a": {"keep": 1}, "l": ["p", "q"], "s": "str"}),
            Origin::default(),
        )
        .kind
        {
            Kind::Map(m) => m,
            _ => unreachable!(),
        };
        let mut no_files = |_: &str| Err("no files".to_string());
        parse_into(SetKind::Set, "a.new=2,l[1]=x", 3, &mut data, &mut no_files).unwrap();
        let json = Node::new(Kind::Map(data.clone()), Origin::default()).to_json();
        assert_eq!(
            json,
            json!({"a": {"keep": 1, "new": 2}, "l": ["p", "x"], "s": "str"})
        );
        assert_eq!(data["a"].as_map().unwrap()["new"].origin.layer, 3);
        assert!(parse_into(SetKind::Set, "s.x=1", 3, &mut data, &mut no_files).is_err());
    }

    #[test]
    fn spans_point_into_the_expression() {
        let expr = "customImage.pushRepo=alice/x";
        let map = parse(SetKind::Set, expr).unwrap();
        let node = &map["customImage"].as_map().unwrap()["pushRepo"];
        let span = node.origin.span;
        assert_eq!(&expr[span.offset..span.end()], "alice/x");
        let key = node.origin.key.unwrap();
        assert_eq!(&expr[key.offset..key.end()], "pushRepo");
    }
}
