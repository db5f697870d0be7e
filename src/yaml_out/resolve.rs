//! go-yaml v2's `resolve`: which unquoted texts read as something other than a string (its
//! encoder double-quotes those), and how numbers print after Helm's JSON round trip.

use std::sync::LazyLock;

use regex::Regex;

use crate::values::yaml::resolve::{plain, Scalar};

/// Whether go-yaml v2's `resolve` reads `s`, unquoted, as a string (not a bool, null, number
/// or timestamp). Strings that would not are double-quoted by its encoder. The typing is the
/// values reader's own (`values::yaml::resolve`); the encoder also quotes timestamps, which
/// that reader keeps as strings, and the merge key `<<`.
pub fn resolves_to_string(s: &str) -> bool {
    s != "<<" && !is_timestamp(s) && matches!(plain(s), Scalar::Str(_))
}

/// go-yaml's `parseTimestamp` formats: a date, optionally with a time and zone.
fn is_timestamp(s: &str) -> bool {
    static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
        let time = r"[Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?";
        Regex::new(&format!("^{}({time})?$", super::DATE)).expect("the timestamp pattern is valid")
    });
    TIMESTAMP.is_match(s)
}

/// YAML 1.1 sexagesimal numbers (`1:20`), which go-yaml's encoder quotes.
pub fn is_base60_float(s: &str) -> bool {
    static BASE60: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
            .expect("the base-60 pattern is valid")
    });
    BASE60.is_match(s)
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
