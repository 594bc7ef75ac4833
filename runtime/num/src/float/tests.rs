//! Float text tests: vectors generated from the reference tools by `gen_cases.py` (see there for
//! the line format), plus the examples of spec/compile-semantics.md §2.5 spelled out.

use std::borrow::ToOwned;
use std::eprintln;
use std::format;
use std::string::String;
use std::vec::Vec;

use super::{parse_float, write_complex_repr};

fn parse(text: &str) -> Option<f64> {
    parse_float(text.as_bytes())
}

fn repr(x: f64) -> String {
    super::repr(x).as_str().to_owned()
}

fn complex_repr(imag: f64) -> String {
    let mut s = String::new();
    write_complex_repr(&mut s, 0.0, imag).expect("writing to a String");
    s
}

const CASES: &str = include_str!("cases.txt");

fn bits_text(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{:016x}", v.to_bits()),
        None => "ERR".to_owned(),
    }
}

/// Check every case line of `text`; returns the number of cases and the failures.
fn check_cases(text: &str) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut n = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut parts = line.splitn(3, ' ');
        let (Some(kind), Some(input), Some(want)) = (parts.next(), parts.next(), parts.next())
        else {
            panic!("malformed case line: {line}");
        };
        let got = match kind {
            "r" => {
                let b =
                    u64::from_str_radix(input, 16).unwrap_or_else(|_| panic!("bad hex: {line}"));
                repr(f64::from_bits(b))
            }
            "p" => bits_text(parse(input)),
            "m" => parse(input).map_or_else(|| "ERR".to_owned(), repr),
            "j" => parse(input).map_or_else(|| "ERR".to_owned(), complex_repr),
            _ => panic!("unknown case kind: {line}"),
        };
        n += 1;
        if got != want {
            failures.push(format!("{line}  (got {got})"));
        }
    }
    (n, failures)
}

#[test]
fn reference_vectors() {
    let (n, failures) = check_cases(CASES);
    assert!(n > 300, "too few cases: {n}");
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Bulk check of a larger file made by `gen_cases.py --count N --out FILE`, named by the
/// environment variable `MPYC_FLOAT_CASES` (skipped when it is not set).
#[test]
fn bulk_vectors_from_env() {
    let Ok(path) = std::env::var("MPYC_FLOAT_CASES") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (n, failures) = check_cases(&text);
    eprintln!("{path}: {n} cases, {} failed", failures.len());
    let shown: Vec<_> = failures.iter().take(50).cloned().collect();
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        shown.join("\n")
    );
}

#[test]
fn spec_examples() {
    let cases = [
        ("-970.93", "-970.9299999999999"),
        ("700.18", "700.1799999999999"),
        ("85.085", "85.08499999999999"),
        ("-9.38484012349791e+134", "-9.384840123497909e+134"),
        ("0.1", "0.1"),
        ("1.1", "1.1"),
        ("2.675", "2.675"),
        ("5e-324", "4.940656458412465e-324"),
        ("1e-320", "0.999988867182683e-320"),
        ("4e-310", "3.999999999999988e-310"),
        ("1e100", "1e+100"),
        ("1e-7", "1e-07"),
        ("1e16", "1e+16"),
        ("1e15", "1000000000000000.0"),
        ("1.2345678901234568e+17", "1.2345678901234568e+17"),
        ("-0.0", "-0.0"),
        ("1e400", "inf"),
        ("-1e400", "-inf"),
        ("nan", "nan"),
        ("-nan", "nan"),
    ];
    for (lit, want) in cases {
        assert_eq!(parse(lit).map(repr).as_deref(), Some(want), "{lit}");
    }
    assert_eq!(repr(0.1 + 0.2), "0.30000000000000004");
    // Not correctly rounded: one unit above the nearest double.
    assert_eq!(
        bits_text(parse("6.517723958339181e+47")),
        "49dc8a9f0ad3f2d6"
    );
    assert_eq!(
        parse("6.5177239583391814e+47").map(f64::to_bits),
        parse("6.517723958339181e+47").map(f64::to_bits)
    );
}

#[test]
fn complex_texts() {
    assert_eq!(complex_repr(2.0), "2j");
    assert_eq!(complex_repr(1.5), "1.5j");
    assert_eq!(complex_repr(0.0), "0j");
    assert_eq!(complex_repr(1e16), "1e+16j");
    assert_eq!(complex_repr(f64::INFINITY), "infj");
}

#[test]
fn float_constructor_forms() {
    // What the runtime's float() accepts and rejects (checked against micropython).
    assert_eq!(parse("  1.5  "), Some(1.5));
    assert_eq!(parse("1."), Some(1.0));
    assert_eq!(parse(".5"), Some(0.5));
    assert_eq!(parse("1E-3"), parse("0.001"));
    assert_eq!(parse("."), Some(0.0));
    assert_eq!(parse("e5"), Some(0.0));
    assert_eq!(parse("-inf"), Some(f64::NEG_INFINITY));
    assert_eq!(parse("Infinity"), Some(f64::INFINITY));
    assert!(parse("NaN").is_some_and(f64::is_nan));
    for bad in ["", " ", "1e", "1e+", "infx", "1.5j", "1.5 x", "--1"] {
        assert_eq!(parse(bad), None, "{bad:?}");
    }
}

#[test]
fn hashes() {
    use super::{hash, hash_high_quality};
    // The unix port: a C cast, i64::MIN when out of range.
    assert_eq!(hash(-9.9), -9);
    assert_eq!(hash(f64::NAN), i64::MIN);
    assert_eq!(hash(1e19), i64::MIN);
    // High-quality builds: whole values hash as the integer.
    for v in [0i64, 1, -1, 7, 1 << 40, -(1 << 52), (1 << 53) - 1, 1 << 61] {
        assert_eq!(hash_high_quality(v as f64), v, "{v}");
    }
    assert_eq!(hash_high_quality(1.5), 1 ^ (1 << 51));
    assert_eq!(hash_high_quality(0.5), 0.5f64.to_bits() as i64);
}
