//! Kubernetes quantity parsing and exact comparison (`customimage::values::quantity`).

use std::cmp::Ordering;

use crate::support::api::{suggestions, Amount, QuantityError};
use proptest::prelude::*;

fn q(text: &str) -> Amount {
    Amount::parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

#[test]
fn accepts_what_kubernetes_accepts() {
    for text in [
        "0",
        "1",
        "+1",
        "-1",
        "1.5",
        "1.",
        ".5",
        "0.5",
        "500m",
        "2000m",
        "100Mi",
        "1500Mi",
        "1Gi",
        "30Gi",
        "1Ki",
        "1Ei",
        "1n",
        "1u",
        "1k",
        "1M",
        "1G",
        "1T",
        "1P",
        "1E",
        "1e3",
        "1E3",
        "1e-3",
        "1e+3",
        "1E-3",
        "007",
        "1.Gi",
        "0.5Gi",
        "12e6",
        "1e0",
        "0001.5000",
    ] {
        assert!(Amount::parse(text).is_ok(), "{text:?} should parse");
    }
}

#[test]
fn rejects_everything_else() {
    for text in [
        "2GB",
        "1gi",
        "500 m",
        " 1",
        "1 ",
        "1.5.5",
        "m",
        "Ki",
        ".",
        "-",
        "+",
        "",
        "0x10",
        "1K",
        "1KiB",
        "1i",
        ".5i",
        "-3.01i",
        "0.1mi",
        "0.1am",
        "1.1.M",
        "1+1.0M",
        "aoeu",
        "1e",
        "1e+",
        "-3.01e-",
        "1e1.5",
        "1e3k",
        "1E3Ki",
        "1e+-3",
        "1,5",
        "1_000",
        "１",
        "Inf",
        "NaN",
        "1e99999999999999999999",
        "2 Gi",
        "1Mb",
    ] {
        assert!(Amount::parse(text).is_err(), "{text:?} should not parse");
    }
}

#[test]
fn errors_say_what_is_wrong() {
    assert_eq!(Amount::parse(""), Err(QuantityError::Empty));
    assert_eq!(Amount::parse("m"), Err(QuantityError::NoDigits));
    assert_eq!(
        Amount::parse("2GB"),
        Err(QuantityError::Unexpected {
            found: 'B',
            position: 3
        })
    );
    assert_eq!(
        Amount::parse("500 m"),
        Err(QuantityError::Unexpected {
            found: ' ',
            position: 4
        })
    );
    assert_eq!(
        Amount::parse("1K"),
        Err(QuantityError::UnknownSuffix("K".into()))
    );
    assert_eq!(
        Amount::parse("1gi"),
        Err(QuantityError::Unexpected {
            found: 'g',
            position: 2
        })
    );
}

#[test]
fn orders_exactly_across_units() {
    let ascending = [
        "-1Gi",
        "-1",
        "0",
        "1n",
        "1u",
        "500m",
        "0.5001",
        "1",
        "1.5",
        "2000m",
        "2.000000001",
        "1k",
        "1Ki",
        "1e8",
        "100Mi",
        "1G",
        "1Gi",
        "1.5Gi",
        "2G",
        "1E",
        "1Ei",
    ];
    for pair in ascending.windows(2) {
        assert!(q(pair[0]) < q(pair[1]), "{} < {}", pair[0], pair[1]);
    }
}

#[test]
fn equal_amounts_compare_equal_whatever_the_spelling() {
    for (a, b) in [
        ("1", "1000m"),
        ("2000m", "2"),
        ("1k", "1000"),
        ("1e3", "1k"),
        ("1E-3", "1m"),
        ("1Ki", "1024"),
        ("1.5Gi", "1536Mi"),
        ("0.5", "500m"),
        ("1.", "1"),
        (".5", "0.5"),
        ("-0", "0"),
        ("0Gi", "0m"),
        ("100M", "1e8"),
    ] {
        assert_eq!(q(a).cmp(&q(b)), Ordering::Equal, "{a} == {b}");
        assert_eq!(q(a), q(b), "{a} == {b}");
    }
}

#[test]
fn rounds_up_to_nano_and_caps_binary_like_kubernetes() {
    assert_eq!(q("1e-12"), q("1n"));
    assert_eq!(q("0.0000000001"), q("1n"));
    assert_eq!(q("1.0000000001"), q("1.000000001"));
    assert_eq!(q("-1e-12"), q("-1n"));
    assert_eq!(q("0.000000000001Ki"), q("2n"));
    assert_eq!(q("9Ei"), q("9223372036854775807"));
    assert_eq!(q("100000000Ei"), q("9223372036854775807"));
    // Around and far past the point where the integer part alone is over the cap (the parser
    // then caps without multiplying), with leading zeros, fractions and signs.
    let max = q("9223372036854775807");
    for integer in [
        "9999999999999999999",
        "10000000000000000000",
        "0009999999999999999999",
    ] {
        assert_eq!(q(&format!("{integer}Ki")), max, "{integer}Ki");
        assert_eq!(q(&format!("{integer}.5Mi")), max, "{integer}.5Mi");
        assert_eq!(q(&format!("-{integer}Ki")), q("-9223372036854775807"));
    }
    // 2^53 KiB is 2^63 bytes, one past the cap.
    assert_eq!(q("9007199254740992Ki"), max);
    assert!(q("9007199254740991Ki") < max);
    assert_eq!(q(&format!("{}Gi", "9".repeat(1_000_000))), max);
    // Decimal amounts are not capped.
    assert!(q("100E") > q("9223372036854775807"));
}

#[test]
fn exponents_are_read_as_go_reads_them() {
    // int32(4294967296) == 0 in Go.
    assert_eq!(q("1e4294967296"), q("1"));
    assert!(q("1e2147483647") > q("1e2147483646"));
}

#[test]
fn displays_as_plain_decimal() {
    assert_eq!(q("1500m").to_string(), "1.5");
    assert_eq!(q("100Mi").to_string(), "104857600");
    assert_eq!(q("1m").to_string(), "0.001");
    assert_eq!(q("-2k").to_string(), "-2000");
    assert_eq!(q("0Gi").to_string(), "0");
    assert_eq!(q("1e100").to_string(), "1e100");
}

#[test]
fn a_quantity_value_parses_through_the_model() {
    let quantity = crate::support::api::Quantity::from("1500Mi");
    assert_eq!(quantity.amount(), Ok(q("1500Mi")));
    assert!(quantity.amount().unwrap() > q("1.4Gi"));
    assert!(crate::support::api::Quantity::from("2GB").amount().is_err());
}

#[test]
fn suggests_the_likely_spelling() {
    assert_eq!(suggestions("2GB"), vec!["2G", "2Gi"]);
    assert_eq!(suggestions("1gi"), vec!["1Gi"]);
    assert_eq!(suggestions("500 m"), vec!["500m"]);
    assert_eq!(suggestions("1.5GiB"), vec!["1.5Gi"]);
    assert_eq!(suggestions("4K"), vec!["4k", "4Ki"]);
    assert!(suggestions("lots").is_empty());
}

/// A quantity in an i128-exact form: integer × 10^-9 (nanos), for amounts that fit.
fn nanos(mantissa: i64, suffix: &str) -> Option<i128> {
    let scale: i128 = match suffix {
        "n" => 1,
        "u" => 1_000,
        "m" => 1_000_000,
        "" => 1_000_000_000,
        "k" => 1_000_000_000_000,
        "M" => 1_000_000_000_000_000,
        "G" => 1_000_000_000_000_000_000,
        "Ki" => 1_000_000_000 * 1024,
        "Mi" => 1_000_000_000 * (1 << 20),
        "Gi" => 1_000_000_000 * (1 << 30),
        "Ti" => 1_000_000_000 * (1 << 40),
        _ => return None,
    };
    i128::from(mantissa).checked_mul(scale)
}

const SUFFIXES: &[&str] = &["n", "u", "m", "", "k", "M", "G", "Ki", "Mi", "Gi", "Ti"];

proptest! {
    #[test]
    fn ordering_matches_integer_arithmetic(
        a in -1_000_000i64..1_000_000, sa in 0..SUFFIXES.len(),
        b in -1_000_000i64..1_000_000, sb in 0..SUFFIXES.len(),
    ) {
        let (ta, tb) = (format!("{a}{}", SUFFIXES[sa]), format!("{b}{}", SUFFIXES[sb]));
        let expected = nanos(a, SUFFIXES[sa]).unwrap().cmp(&nanos(b, SUFFIXES[sb]).unwrap());
        prop_assert_eq!(q(&ta).cmp(&q(&tb)), expected, "{} vs {}", ta, tb);
    }

    #[test]
    fn decimal_fractions_match_integer_arithmetic(
        whole in 0u32..10_000, frac in 0u32..1000, a in 0i64..10_000_000,
    ) {
        // whole.frac (three decimals) vs a milli-units
        let text = format!("{whole}.{frac:03}");
        let expected = (i64::from(whole) * 1000 + i64::from(frac)).cmp(&a);
        prop_assert_eq!(q(&text).cmp(&q(&format!("{a}m"))), expected);
    }

    #[test]
    fn display_round_trips(
        digits in "[0-9]{1,25}", point in 0usize..25, exponent in -40i32..40,
        negative in any::<bool>(), suffix in 0..SUFFIXES.len(),
    ) {
        let point = point.min(digits.len());
        let sign = if negative { "-" } else { "" };
        let text = format!("{sign}{}.{}{}", &digits[..point], &digits[point..], SUFFIXES[suffix]);
        let amount = q(&text);
        prop_assert_eq!(q(&amount.to_string()), amount.clone());
        let with_exponent = format!("{sign}{digits}e{exponent}");
        let amount = q(&with_exponent);
        prop_assert_eq!(q(&amount.to_string()), amount);
    }

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,20}") {
        let _ = Amount::parse(&text);
        let _ = suggestions(&text);
    }

    #[test]
    fn never_panics_on_quantity_like_text(text in "[-+]?[0-9.]{0,6}[eEinumkKMGTP]{0,3}[-+]?[0-9]{0,4}") {
        let _ = Amount::parse(&text);
    }
}
