//! go-yaml v2's `resolve`: which unquoted texts read as something other than a string (its
//! encoder double-quotes those), and how numbers print after Helm's JSON round trip.

use std::sync::LazyLock;

use regex::Regex;

/// Whether go-yaml v2's `resolve` reads `s`, unquoted, as a string (not a bool, null, number
/// or timestamp). Strings that would not are double-quoted by its encoder.
pub fn resolves_to_string(s: &str) -> bool {
    const SPECIAL: [&str; 36] = [
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null",
        "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "-.inf", "+.inf", "<<",
    ];
    if SPECIAL.contains(&s) || matches!(s, "+.Inf" | "+.INF" | "-.Inf" | "-.INF") {
        return false;
    }
    match s.as_bytes().first() {
        Some(b'.') => !is_go_float(s),
        Some(b'+' | b'-' | b'0'..=b'9') => !(is_timestamp(s) || is_go_number(&s.replace('_', ""))),
        _ => true,
    }
}

fn is_go_float(s: &str) -> bool {
    static FLOAT: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$").ok());
    FLOAT.as_ref().is_some_and(|re| re.is_match(s))
}

/// `strconv.ParseInt(s, 0, 64)` / `ParseUint` / the YAML float form / `0b…`, as `resolve` tries.
fn is_go_number(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let int = if let Some(hex) = unsigned.strip_prefix("0x").or(unsigned.strip_prefix("0X")) {
        !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(oct) = unsigned.strip_prefix("0o").or(unsigned.strip_prefix("0O")) {
        !oct.is_empty() && oct.chars().all(|c| ('0'..='7').contains(&c))
    } else if let Some(bin) = unsigned.strip_prefix("0b").or(unsigned.strip_prefix("0B")) {
        !bin.is_empty() && bin.chars().all(|c| c == '0' || c == '1')
    } else if unsigned.len() > 1 && unsigned.starts_with('0') {
        unsigned.chars().all(|c| ('0'..='7').contains(&c))
    } else {
        !unsigned.is_empty() && unsigned.chars().all(|c| c.is_ascii_digit())
    };
    int || is_go_float(s)
}

/// go-yaml's `parseTimestamp` formats: a date, optionally with a time and zone.
fn is_timestamp(s: &str) -> bool {
    static TIMESTAMP: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$").ok()
    });
    TIMESTAMP.as_ref().is_some_and(|re| re.is_match(s))
}

/// YAML 1.1 sexagesimal numbers (`1:20`), which go-yaml's encoder quotes.
pub fn is_base60_float(s: &str) -> bool {
    static BASE60: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$").ok());
    BASE60.as_ref().is_some_and(|re| re.is_match(s))
}

/// A number as Helm prints it after its JSON round trip: integral values as integers, others
/// as Go's `strconv.FormatFloat(f, 'g', -1, 64)`.
pub fn go_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.fract() == 0.0 && f.abs() < 1e21 {
        return format!("{f:.0}");
    }
    // Rust's `{:e}` gives the shortest digits that round-trip, as Go's -1 precision does.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    // Go switches to the exponent form below 1e-4 and, for the shortest form, from 1e6.
    if (-4..6).contains(&exp) {
        return f.to_string();
    }
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}
