//! What a scalar means, the way Helm reads it: Helm turns values YAML into JSON with
//! sigs.k8s.io/yaml over go-yaml v2, a YAML 1.1 reader. So `yes`, `on`, `y` are `true`, `0123`
//! is the octal integer 83, `1_000` is 1000, `~` and an empty value are null, a timestamp stays
//! a string, and a quoted or block scalar is always a string unless it carries an explicit tag
//! (`!!int "12"` is 12, `!!str 12` is "12").
//!
//! This mirrors go-yaml v2's `resolve.go` and its decoder's treatment of tags; where JSON cannot
//! hold the result (NaN, infinities), Helm fails and so do we.

use std::borrow::Cow;

use base64::Engine;
use saphyr_parser::ScalarStyle;
use serde_json::{Number, Value};

const CORE: &str = "tag:yaml.org,2002:";

/// A scalar's typed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(Cow<'a, str>),
}

/// Types a scalar as go-yaml v2 does. An error says why Helm would refuse it.
pub fn resolve<'a>(
    value: &'a str,
    style: ScalarStyle,
    tag: Option<&str>,
) -> Result<Scalar<'a>, String> {
    let tag = tag.map(|t| t.strip_prefix(CORE).map_or(t, |core| core));
    let resolved = match (tag, style) {
        (None, ScalarStyle::Plain) => plain(value),
        (None, _) | (Some("str" | "timestamp"), _) => Scalar::Str(Cow::Borrowed(value)),
        (Some("binary"), _) => binary(value)?,
        (Some(wanted @ ("int" | "float" | "bool" | "null")), _) => {
            let found = plain(value);
            match (wanted, &found) {
                ("int", Scalar::Int(_) | Scalar::UInt(_))
                | ("float", Scalar::Float(_))
                | ("bool", Scalar::Bool(_))
                | ("null", Scalar::Null) => found,
                ("float", Scalar::Int(i)) => Scalar::Float(*i as f64),
                ("float", Scalar::UInt(u)) => Scalar::Float(*u as f64),
                _ => return Err(format!("`{value}` cannot be read as a !!{wanted}")),
            }
        }
        // Other tags (`!foo`, `!!map` on a scalar, ...): go-yaml keeps the text.
        (Some(_), _) => Scalar::Str(Cow::Borrowed(value)),
    };
    Ok(resolved)
}

/// A plain (unquoted, untagged) scalar.
pub(crate) fn plain(value: &str) -> Scalar<'_> {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        _ => {}
    }
    match value.as_bytes().first() {
        Some(b'0'..=b'9' | b'+' | b'-') => number(value),
        Some(b'.') if is_float(value) => value.parse().ok().map(Scalar::Float),
        _ => None,
    }
    .unwrap_or(Scalar::Str(Cow::Borrowed(value)))
}

/// go-yaml's number path: underscores dropped, then Go's `ParseInt(s, 0, 64)` (sign, `0x`,
/// `0o`, `0b`, a leading `0` for octal), `ParseUint`, then a YAML-style float.
fn number(value: &str) -> Option<Scalar<'_>> {
    let digits: Cow<str> = if value.contains('_') {
        Cow::Owned(value.replace('_', ""))
    } else {
        Cow::Borrowed(value)
    };
    let (negative, unsigned) = match digits.as_bytes().first() {
        Some(b'-') => (true, &digits[1..]),
        Some(b'+') => (false, &digits[1..]),
        _ => (false, &digits[..]),
    };
    let lower = unsigned.to_ascii_lowercase();
    let (radix, body) = if let Some(hex) = lower.strip_prefix("0x") {
        (16, hex)
    } else if let Some(bin) = lower.strip_prefix("0b") {
        (2, bin)
    } else if let Some(oct) = lower.strip_prefix("0o") {
        (8, oct)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, &lower[..])
    };
    if !body.is_empty() && body.bytes().all(|b| (b as char).is_digit(radix)) {
        if let Ok(magnitude) = u64::from_str_radix(body, radix) {
            if !negative {
                return Some(i64::try_from(magnitude).map_or(Scalar::UInt(magnitude), Scalar::Int));
            }
            if let Some(i) = 0i64.checked_sub_unsigned(magnitude) {
                return Some(Scalar::Int(i));
            }
        }
    }
    if is_float(&digits) {
        return digits.parse().ok().map(Scalar::Float);
    }
    None
}

/// go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_float(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => digits(fraction),
        Some((whole, fraction)) => digits(whole) && (fraction.is_empty() || digits(fraction)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// `!!binary`: base64 (line breaks allowed); go-yaml makes a Go string of the bytes.
fn binary(value: &str) -> Result<Scalar<'static>, String> {
    let compact: String = value.split_whitespace().collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(|e| format!("a !!binary value that is not base64: {e}"))?;
    Ok(Scalar::Str(Cow::Owned(
        String::from_utf8_lossy(&bytes).into_owned(),
    )))
}

impl Scalar<'_> {
    /// The JSON value Helm's values hold. Whole floats become integers, as Go writes them
    /// (`1e3` is 1000); NaN and infinities have no JSON form and Helm fails on them.
    pub fn to_json(&self) -> Result<Value, String> {
        Ok(match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(*b),
            Scalar::Int(i) => Value::from(*i),
            Scalar::UInt(u) => Value::from(*u),
            Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(*f as i64),
            Scalar::Float(f) => {
                Value::Number(Number::from_f64(*f).ok_or_else(|| {
                    format!("{f} has no JSON form; Helm cannot convert this value")
                })?)
            }
            Scalar::Str(s) => Value::String(s.to_string()),
        })
    }

    /// The string a mapping key becomes in Helm's values (sigs.k8s.io/yaml's key conversion):
    /// `on` is the key "true", `010` the key "8". Null keys have no such string.
    pub fn key_string(&self) -> Result<Cow<'_, str>, String> {
        Ok(match self {
            Scalar::Str(s) => Cow::Borrowed(s.as_ref()),
            Scalar::Bool(b) => Cow::Owned(b.to_string()),
            Scalar::Int(i) => Cow::Owned(i.to_string()),
            Scalar::Float(f) if f.is_nan() => Cow::Borrowed(".nan"),
            Scalar::Float(f) if f.is_infinite() => {
                Cow::Borrowed(if *f > 0.0 { ".inf" } else { "-.inf" })
            }
            // Go formats float keys with %g at 32-bit precision.
            Scalar::Float(f) => Cow::Owned((*f as f32).to_string()),
            Scalar::UInt(_) => return Err("an integer key this large".to_string()),
            Scalar::Null => return Err("a null key".to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plain_json(s: &str) -> Value {
        resolve(s, ScalarStyle::Plain, None)
            .unwrap()
            .to_json()
            .unwrap()
    }

    #[test]
    fn yaml_1_1_booleans_and_nulls() {
        for t in ["yes", "Yes", "YES", "on", "ON", "y", "Y", "true", "True"] {
            assert_eq!(plain_json(t), json!(true), "{t}");
        }
        for f in ["no", "No", "off", "Off", "n", "N", "false", "FALSE"] {
            assert_eq!(plain_json(f), json!(false), "{f}");
        }
        for n in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain_json(n), Value::Null, "{n:?}");
        }
        assert_eq!(plain_json("yEs"), json!("yEs"));
        assert_eq!(plain_json("nope"), json!("nope"));
    }

    #[test]
    fn yaml_1_1_numbers() {
        assert_eq!(plain_json("0123"), json!(83));
        assert_eq!(plain_json("0o17"), json!(15));
        assert_eq!(plain_json("0x1F"), json!(31));
        assert_eq!(plain_json("-0x1F"), json!(-31));
        assert_eq!(plain_json("0b101"), json!(5));
        assert_eq!(plain_json("1_000"), json!(1000));
        assert_eq!(plain_json("+12"), json!(12));
        assert_eq!(plain_json("1e3"), json!(1000));
        assert_eq!(plain_json("1.5"), json!(1.5));
        assert_eq!(plain_json(".5"), json!(0.5));
        assert_eq!(plain_json("-1.5e-3"), json!(-0.0015));
        // "08" is no octal number, but it is a YAML-style float
        assert_eq!(plain_json("08"), json!(8));
        assert_eq!(plain_json("18446744073709551615"), json!(u64::MAX));
        // not numbers
        for s in [
            "2000m",
            "1.5Gi",
            "2001-12-14",
            "1.2.3",
            "0x",
            "-",
            "+",
            "e3",
            "1e",
        ] {
            assert_eq!(plain_json(s), json!(s), "{s}");
        }
    }

    #[test]
    fn quoted_and_block_scalars_are_strings_unless_tagged() {
        let r = |s, style, tag| resolve(s, style, tag).unwrap().to_json().unwrap();
        assert_eq!(r("yes", ScalarStyle::DoubleQuoted, None), json!("yes"));
        assert_eq!(r("0123", ScalarStyle::SingleQuoted, None), json!("0123"));
        assert_eq!(r("12", ScalarStyle::Literal, None), json!("12"));
        let str_tag = Some("tag:yaml.org,2002:str");
        assert_eq!(r("123", ScalarStyle::Plain, str_tag), json!("123"));
        assert_eq!(r("yes", ScalarStyle::Plain, str_tag), json!("yes"));
        let int_tag = Some("tag:yaml.org,2002:int");
        assert_eq!(r("12", ScalarStyle::DoubleQuoted, int_tag), json!(12));
        let float_tag = Some("tag:yaml.org,2002:float");
        assert_eq!(r("2", ScalarStyle::Plain, float_tag), json!(2));
        assert_eq!(r("x", ScalarStyle::Plain, Some("!custom")), json!("x"));
        let binary = Some("tag:yaml.org,2002:binary");
        assert_eq!(r("aGk=", ScalarStyle::Plain, binary), json!("hi"));
        assert!(resolve("abc", ScalarStyle::Plain, int_tag).is_err());
    }

    #[test]
    fn nan_and_infinity_have_no_json_form() {
        for s in [".nan", ".inf", "-.Inf"] {
            let scalar = resolve(s, ScalarStyle::Plain, None).unwrap();
            assert!(scalar.to_json().is_err(), "{s}");
        }
    }

    #[test]
    fn keys_become_strings_as_in_helm() {
        let key = |s| {
            resolve(s, ScalarStyle::Plain, None)
                .unwrap()
                .key_string()
                .map(|k| k.into_owned())
        };
        assert_eq!(key("on").unwrap(), "true");
        assert_eq!(key("010").unwrap(), "8");
        assert_eq!(key("1.5").unwrap(), "1.5");
        assert_eq!(key("pushRepo").unwrap(), "pushRepo");
        assert!(key("~").is_err());
    }
}
