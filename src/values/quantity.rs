//! Kubernetes quantities (`500m`, `1.5`, `2Gi`, `1e3`, `100M`), parsed as Kubernetes'
//! `resource.ParseQuantity` (`k8s.io/apimachinery/pkg/api/resource`) does, and compared exactly.
//!
//! The grammar: an optional sign, digits with an optional decimal point (`1`, `1.5`, `1.`, `.5`),
//! then one suffix: binary `Ki Mi Gi Ti Pi Ei` (powers of 1024), decimal `n u m` (none)
//! `k M G T P E` (powers of 1000), or a decimal exponent `e`/`E` and an integer (`1e3`, `1E-3`).
//! Nothing else: no spaces, no `B`, no other letter case (`2GB`, `1gi`, `500 m`, `0x10` fail).
//!
//! Like Kubernetes, a non-zero amount finer than a nano (`1e-12`) is rounded up (away from zero)
//! to a multiple of `1n`, and a binary amount above 2⁶³−1 is capped there; an exponent is read as
//! Go reads it (a 64-bit integer truncated to 32 bits). One deliberate difference: Kubernetes'
//! scanner reads a quantity without a single digit (`m`, `Ki`, `.`, `-`) as zero; nobody writes
//! that on purpose, so it is refused here ([`QuantityError::NoDigits`]).
//!
//! Amounts are kept as decimal digits and a base-10 exponent, so comparisons are exact at any
//! size (`1Gi > 1G`, `100Mi > 1e8`, `500m < 1 < 1.5 < 2000m`), with no floating point.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use super::model::Quantity;

/// Why a text is not a Kubernetes quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("it is empty")]
    Empty,
    #[error("`{found}` cannot appear at character {position}")]
    Unexpected { found: char, position: usize },
    #[error("`{0}` is not a unit Kubernetes knows")]
    UnknownSuffix(String),
    #[error("it has no digits, so Kubernetes would read it as 0")]
    NoDigits,
}

/// A parsed quantity: `sign × digits × 10^exponent`, after Kubernetes' rounding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Amount {
    negative: bool,
    /// Decimal digits without leading or trailing zeros; empty for zero.
    digits: String,
    exponent: i64,
}

/// The largest binary amount Kubernetes keeps (2⁶³−1); larger ones are capped to it.
const MAX_BINARY: &str = "9223372036854775807";
/// Kubernetes rounds every non-zero amount up to a multiple of 10⁻⁹.
const NANO: i64 = -9;

/// The pieces of a quantity as Kubernetes' scanner splits them.
struct Scan<'a> {
    negative: bool,
    integer: &'a str,
    fraction: &'a str,
    suffix: &'a str,
}

/// `[+-]? digits* (. digits*)? [eEinumkKMGTP]* [+-]? digits*`, the whole text.
fn scan(text: &str) -> Result<Scan<'_>, QuantityError> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let skip_digits = |mut pos: usize| {
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        pos
    };
    let negative = bytes[0] == b'-';
    if matches!(bytes[0], b'-' | b'+') {
        pos += 1;
    }
    let integer_start = pos;
    pos = skip_digits(pos);
    let integer = &text[integer_start..pos];
    let mut fraction = "";
    if bytes.get(pos) == Some(&b'.') {
        let start = pos + 1;
        pos = skip_digits(start);
        fraction = &text[start..pos];
    }
    let suffix_start = pos;
    while bytes.get(pos).is_some_and(|b| b"eEinumkKMGTP".contains(b)) {
        pos += 1;
    }
    if matches!(bytes.get(pos), Some(b'+' | b'-')) {
        pos += 1;
    }
    pos = skip_digits(pos);
    if pos < text.len() {
        let found = text[pos..].chars().next().unwrap_or('?');
        let position = text[..pos].chars().count() + 1;
        return Err(QuantityError::Unexpected { found, position });
    }
    Ok(Scan {
        negative,
        integer,
        fraction,
        suffix: &text[suffix_start..],
    })
}

/// A suffix as a power of 10 or of 2, as Kubernetes' suffixer interprets it.
enum Scale {
    Ten(i64),
    Two(u32),
}

fn interpret(suffix: &str) -> Option<Scale> {
    let scale = match suffix {
        "n" => Scale::Ten(-9),
        "u" => Scale::Ten(-6),
        "m" => Scale::Ten(-3),
        "" => Scale::Ten(0),
        "k" => Scale::Ten(3),
        "M" => Scale::Ten(6),
        "G" => Scale::Ten(9),
        "T" => Scale::Ten(12),
        "P" => Scale::Ten(15),
        "E" => Scale::Ten(18),
        "Ki" => Scale::Two(10),
        "Mi" => Scale::Two(20),
        "Gi" => Scale::Two(30),
        "Ti" => Scale::Two(40),
        "Pi" => Scale::Two(50),
        "Ei" => Scale::Two(60),
        _ => {
            let exponent = suffix
                .strip_prefix(['e', 'E'])
                .filter(|rest| !rest.is_empty())?;
            // Go: strconv.ParseInt(…, 10, 64), then int32(…), which truncates.
            Scale::Ten(i64::from(exponent.parse::<i64>().ok()? as i32))
        }
    };
    Some(scale)
}

impl Amount {
    /// Parses `text` as Kubernetes does (see the module documentation).
    pub fn parse(text: &str) -> Result<Amount, QuantityError> {
        if text.is_empty() {
            return Err(QuantityError::Empty);
        }
        let scan = scan(text)?;
        let scale = interpret(scan.suffix)
            .ok_or_else(|| QuantityError::UnknownSuffix(scan.suffix.to_string()))?;
        if scan.integer.is_empty() && scan.fraction.is_empty() {
            return Err(QuantityError::NoDigits);
        }
        let significant = scan.integer.trim_start_matches('0');
        if matches!(scale, Scale::Two(_)) && significant.len() > MAX_BINARY.len() {
            // At least 10^19 before it is scaled: capped, without multiplying a number of
            // megabytes.
            return Ok(Amount::new(scan.negative, MAX_BINARY, 0));
        }
        let mut digits = String::with_capacity(scan.integer.len() + scan.fraction.len());
        digits.push_str(scan.integer);
        digits.push_str(scan.fraction);
        let mut exponent = -(scan.fraction.len() as i64);
        let mut amount = match scale {
            Scale::Ten(power) => {
                exponent += power;
                Amount::new(scan.negative, digits.trim_start_matches('0'), exponent)
            }
            Scale::Two(power) => Amount::new(
                scan.negative,
                &times_power_of_two(digits.trim_start_matches('0'), power),
                exponent,
            ),
        };
        amount.round_up_to_nano();
        if matches!(scale, Scale::Two(_)) {
            let max = Amount::new(amount.negative, MAX_BINARY, 0);
            if amount.magnitude_cmp(&max) == Ordering::Greater {
                amount = max;
            }
        }
        Ok(amount)
    }

    fn new(negative: bool, digits: &str, exponent: i64) -> Amount {
        let digits = digits.trim_start_matches('0');
        let trimmed = digits.trim_end_matches('0');
        if trimmed.is_empty() {
            return Amount {
                negative: false,
                digits: String::new(),
                exponent: 0,
            };
        }
        Amount {
            negative,
            exponent: exponent + (digits.len() - trimmed.len()) as i64,
            digits: trimmed.to_string(),
        }
    }

    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Kubernetes rounds non-zero amounts up, away from zero, to whole nanos.
    fn round_up_to_nano(&mut self) {
        if self.is_zero() || self.exponent >= NANO {
            return;
        }
        // How many leading digits lie at or above the 10⁻⁹ place.
        let kept = self.digits.len() as i64 + self.exponent - NANO;
        let head = if kept <= 0 {
            String::new()
        } else {
            self.digits[..kept as usize].to_string()
        };
        // The dropped tail is never all zeros (no trailing zeros are stored), so round up.
        *self = Amount::new(self.negative, &increment(&head), NANO);
    }

    /// Compares absolute values.
    fn magnitude_cmp(&self, other: &Amount) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        // Both are normalised (no leading zeros), so the position of the first digit decides,
        // then the digits themselves.
        let order = |a: &Amount| a.digits.len() as i128 + i128::from(a.exponent);
        order(self)
            .cmp(&order(other))
            .then_with(|| self.digits.as_str().cmp(other.digits.as_str()))
    }
}

/// `digits × 2^power` in decimal, for `power ≤ 60`.
fn times_power_of_two(digits: &str, power: u32) -> String {
    let factor = 1u128 << power;
    let mut carry = 0u128;
    let mut out: Vec<u8> = Vec::with_capacity(digits.len() + 20);
    for digit in digits.bytes().rev() {
        let value = u128::from(digit - b'0') * factor + carry;
        out.push(b'0' + (value % 10) as u8);
        carry = value / 10;
    }
    while carry > 0 {
        out.push(b'0' + (carry % 10) as u8);
        carry /= 10;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A decimal digit string plus one (`""` counts as zero).
fn increment(digits: &str) -> String {
    let mut out: Vec<u8> = digits.bytes().collect();
    for digit in out.iter_mut().rev() {
        if *digit == b'9' {
            *digit = b'0';
        } else {
            *digit += 1;
            return String::from_utf8(out).unwrap_or_default();
        }
    }
    out.insert(0, b'1');
    String::from_utf8(out).unwrap_or_default()
}

impl Ord for Amount {
    fn cmp(&self, other: &Amount) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.magnitude_cmp(other),
            (true, true) => other.magnitude_cmp(self),
        }
    }
}

impl PartialOrd for Amount {
    fn partial_cmp(&self, other: &Amount) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Plain decimal (`1.5`, `104857600`, `0.001`) for ordinary sizes, `<digits>e<exponent>`
/// beyond; either form parses back to the same amount.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        if self.negative {
            f.write_str("-")?;
        }
        let len = self.digits.len() as i64;
        match self.exponent {
            0..=30 => write!(f, "{}{}", self.digits, "0".repeat(self.exponent as usize)),
            -30..=-1 if -self.exponent < len => {
                let point = (len + self.exponent) as usize;
                write!(f, "{}.{}", &self.digits[..point], &self.digits[point..])
            }
            -30..=-1 => write!(
                f,
                "0.{}{}",
                "0".repeat((-self.exponent - len) as usize),
                self.digits
            ),
            _ => write!(f, "{}e{}", self.digits, self.exponent),
        }
    }
}

impl Quantity {
    /// The amount this quantity stands for, as Kubernetes reads it.
    pub fn amount(&self) -> Result<Amount, QuantityError> {
        Amount::parse(&self.0)
    }
}

/// Likely meant spellings of a text that is not a quantity: `2GB` → `2G`, `2Gi`; `1gi` → `1Gi`;
/// `500 m` → `500m`. Empty when there is no obvious guess.
pub fn suggestions(text: &str) -> Vec<String> {
    let compact: Cow<str> = if text.contains(char::is_whitespace) {
        Cow::Owned(text.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(text)
    };
    if compact != text && Amount::parse(&compact).is_ok() {
        return vec![compact.into_owned()];
    }
    let number_end = compact
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '+' | '-')))
        .unwrap_or(compact.len());
    let (number, unit) = compact.split_at(number_end);
    // A unit to guess from is one letter, with `i` and `b` at most (`kib`).
    if unit.len() > 3 {
        return Vec::new();
    }
    let unit = unit.to_ascii_lowercase();
    let unit = unit.strip_suffix('b').unwrap_or(&unit);
    let (prefix, binary) = match unit.strip_suffix('i') {
        Some(prefix) => (prefix, true),
        None => (unit, false),
    };
    let Some(letter) = prefix
        .chars()
        .next()
        .filter(|_| prefix.len() == 1)
        .filter(|c| "kmgtpe".contains(*c))
    else {
        return Vec::new();
    };
    let upper = letter.to_ascii_uppercase();
    let decimal = format!("{number}{}", if letter == 'k' { 'k' } else { upper });
    let binary_form = format!("{number}{upper}i");
    let candidates = if binary {
        vec![binary_form]
    } else {
        vec![decimal, binary_form]
    };
    candidates
        .into_iter()
        .filter(|c| c != text && Amount::parse(c).is_ok())
        .collect()
}
