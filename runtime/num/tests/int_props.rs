//! Properties of `mpy_num::int` with `num-bigint` as the oracle: every operation on random
//! integers (digits biased toward the edge values that break carries and Knuth's quotient
//! estimate) gives the oracle's value, with Python's semantics for negatives. `PROPTEST_CASES`
//! raises the case count for long local runs.

use mpy_num::int::{self, Digit, Int, Res};
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{FromPrimitive, Signed, ToPrimitive, Zero};
use proptest::prelude::*;

/// Sign and digits of `x`.
fn parts(x: &BigInt) -> (bool, Vec<Digit>) {
    (x.sign() == Sign::Minus, x.magnitude().to_u32_digits())
}

fn big(out: &[Digit], r: Res) -> BigInt {
    let m = BigInt::from_slice(Sign::Plus, &out[..r.len]);
    assert!(r.len == 0 || out[r.len - 1] != 0, "untrimmed result");
    assert!(!(r.neg && r.len == 0), "negative zero");
    if r.neg {
        -m
    } else {
        m
    }
}

fn digit() -> impl Strategy<Value = Digit> {
    prop_oneof![
        Just(0u32),
        Just(1u32),
        Just(u32::MAX),
        Just(u32::MAX - 1),
        Just(0x8000_0000u32),
        any::<u32>(),
        any::<u32>(),
    ]
}

fn bigint(max_digits: usize) -> impl Strategy<Value = BigInt> {
    (
        any::<bool>(),
        prop::collection::vec(digit(), 0..=max_digits),
    )
        .prop_map(|(neg, d)| {
            let m = BigInt::from_slice(Sign::Plus, &d);
            if neg {
                -m
            } else {
                m
            }
        })
}

/// Run `f` with `a` and `b` as `Int`s.
fn with2<R>(a: &BigInt, b: &BigInt, f: impl FnOnce(Int, Int) -> R) -> R {
    let (an, ad) = parts(a);
    let (bn, bd) = parts(b);
    f(Int::new(an, &ad), Int::new(bn, &bd))
}

proptest! {
    #[test]
    fn add_sub_mul(a in bigint(8), b in bigint(8)) {
        with2(&a, &b, |x, y| {
            let mut out = vec![0; int::add_len(x.len(), y.len())];
            let r = int::add(&mut out, x, y).unwrap();
            assert_eq!(big(&out, r), &a + &b);
            let r = int::sub(&mut out, x, y).unwrap();
            assert_eq!(big(&out, r), &a - &b);
            let mut out = vec![0; int::mul_len(x.len(), y.len())];
            let r = int::mul(&mut out, x, y).unwrap();
            assert_eq!(big(&out, r), &a * &b);
            assert_eq!(int::cmp(x, y), a.cmp(&b));
        });
    }

    #[test]
    fn divmod_is_floor(a in bigint(10), b in bigint(6)) {
        with2(&a, &b, |x, y| {
            let (ql, rl) = int::divmod_len(x.len(), y.len());
            let (mut q, mut r) = (vec![0; ql], vec![0; rl]);
            match int::divmod_floor(&mut q, &mut r, x, y) {
                Err(e) => {
                    assert!(b.is_zero());
                    assert_eq!(e, int::IntError::ZeroDivision);
                }
                Ok((qr, rr)) => {
                    let (eq, er) = a.div_mod_floor(&b);
                    assert_eq!(big(&q, qr), eq);
                    assert_eq!(big(&r, rr), er);
                }
            }
        });
    }

    #[test]
    fn shifts(a in bigint(6), n in 0usize..200) {
        let (an, ad) = parts(&a);
        let x = Int::new(an, &ad);
        let mut out = vec![0; x.len() + n / 32 + 1];
        let r = int::shl(&mut out, x, n).unwrap();
        assert_eq!(big(&out, r), &a << n);
        let mut out = vec![0; x.len() + 1];
        let r = int::shr(&mut out, x, n).unwrap();
        // num-bigint's >> rounds toward minus infinity, as Python's.
        assert_eq!(big(&out, r), &a >> n);
    }

    #[test]
    fn bitwise(a in bigint(6), b in bigint(6)) {
        with2(&a, &b, |x, y| {
            let mut out = vec![0; x.len().max(y.len()) + 1];
            let r = int::and(&mut out, x, y).unwrap();
            assert_eq!(big(&out, r), &a & &b);
            let r = int::or(&mut out, x, y).unwrap();
            assert_eq!(big(&out, r), &a | &b);
            let r = int::xor(&mut out, x, y).unwrap();
            assert_eq!(big(&out, r), &a ^ &b);
            let mut out = vec![0; x.len().max(1) + 1];
            let r = int::invert(&mut out, x).unwrap();
            assert_eq!(big(&out, r), !a.clone());
        });
    }

    #[test]
    fn pow(a in bigint(3), e in 0u64..40) {
        let (an, ad) = parts(&a);
        let x = Int::new(an, &ad);
        let n = int::pow_len(x.bit_len(), e).unwrap();
        let (mut out, mut scratch) = (vec![0; n], vec![0; n]);
        let r = int::pow(&mut out, &mut scratch, x, e).unwrap();
        assert_eq!(big(&out, r), a.pow(e as u32));
    }

    #[test]
    fn pow_mod(a in bigint(5), e in bigint(3), m in bigint(3)) {
        let (an, ad) = parts(&a);
        let (en, ed) = parts(&e);
        let (mn, md) = parts(&m);
        let (x, y, z) = (Int::new(an, &ad), Int::new(en, &ed), Int::new(mn, &md));
        let (ol, sl) = int::pow_mod_len(x.len(), z.len());
        let (mut out, mut scratch) = (vec![0; ol], vec![0; sl]);
        let got = int::pow_mod(&mut out, &mut scratch, x, y, z);
        if m.is_zero() {
            assert_eq!(got, Err(int::IntError::ZeroDivision));
        } else if e.is_negative() || m.magnitude() == &1u8.into() {
            // MicroPython gives 0 where CPython would take an inverse.
            assert_eq!(big(&out, got.unwrap()), BigInt::zero());
        } else if e.is_zero() {
            // And 1 for a zero exponent, whatever the sign of the modulus.
            assert_eq!(big(&out, got.unwrap()), BigInt::from(1u8));
        } else {
            assert_eq!(big(&out, got.unwrap()), a.modpow(&e, &m));
        }
    }

    #[test]
    fn machine_ints(v in any::<i64>(), u in any::<u64>()) {
        let mut out = [0; int::FROM_64_LEN];
        let r = int::from_i64(&mut out, v).unwrap();
        assert_eq!(big(&out, r), BigInt::from(v));
        assert_eq!(int::to_i64(Int::of(&out, r)), Some(v));
        let r = int::from_u64(&mut out, u).unwrap();
        assert_eq!(big(&out, r), BigInt::from(u));
        assert_eq!(int::to_u64(Int::of(&out, r)), Some(u));
    }

    #[test]
    fn to_machine_ints_and_hash(a in bigint(4)) {
        let (an, ad) = parts(&a);
        let x = Int::new(an, &ad);
        assert_eq!(int::to_i64(x), a.to_i64());
        assert_eq!(int::to_u64(x), a.to_u64());
        let wrapped = a.mod_floor(&(BigInt::from(1u8) << 64)).to_u64().unwrap() as i64;
        assert_eq!(int::hash(x), wrapped);
    }

    #[test]
    fn floats(bits in any::<u64>(), a in bigint(40)) {
        let x = f64::from_bits(bits);
        let mut out = vec![0; int::from_f64_len(x)];
        match int::from_f64(&mut out, x) {
            Err(_) => assert!(!x.is_finite()),
            Ok(r) => assert_eq!(big(&out, r), BigInt::from_f64(x.trunc()).unwrap()),
        }
        // Doubles that are integers convert back exactly.
        if x.is_finite() && x == x.trunc() {
            let r = int::from_f64(&mut out, x).unwrap();
            assert_eq!(int::to_f64(Int::of(&out, r)), x);
        }
        // Otherwise within a unit of the correctly rounded value (MicroPython rounds per digit).
        let (an, ad) = parts(&a);
        let got = int::to_f64(Int::new(an, &ad));
        let want = a.to_f64().unwrap();
        if want.is_finite() && got.is_finite() {
            assert!((got - want).abs() <= f64::EPSILON * want.abs(), "{got} vs {want}");
        }
    }

    #[test]
    fn text_round_trip(a in bigint(8), radix in 2u32..=36, upper in any::<bool>()) {
        let (an, ad) = parts(&a);
        let x = Int::new(an, &ad);
        let mut text = vec![0u8; int::to_str_radix_len(x.len(), radix, false)];
        let mut scratch = vec![0; x.len()];
        let n = int::to_str_radix(&mut text, &mut scratch, x, radix, upper, 0).unwrap();
        let s = std::str::from_utf8(&text[..n]).unwrap();
        let want = a.to_str_radix(radix);
        assert_eq!(s, if upper { want.to_uppercase() } else { want });
        let mut out = vec![0; int::from_str_radix_len(n)];
        let r = int::from_str_radix(&mut out, s.as_bytes(), radix, 63).unwrap();
        assert_eq!(big(&out, r), a);
    }

    #[test]
    fn bytes(a in bigint(4), extra in 0usize..3, big_endian in any::<bool>()) {
        let (an, ad) = parts(&a);
        let x = Int::new(an, &ad);
        let mut want = a.to_signed_bytes_le();
        let fill = if a.is_negative() { 0xff } else { 0 };
        want.resize(want.len() + extra, fill);
        let mut buf = vec![0u8; want.len()];
        assert_eq!(int::to_bytes(x, &mut buf, big_endian, true), Ok(()));
        if big_endian {
            want.reverse();
        }
        assert_eq!(buf, want);
        let mut out = vec![0; int::from_bytes_len(buf.len())];
        let r = int::from_bytes(&mut out, &buf, big_endian, true).unwrap();
        assert_eq!(big(&out, r), a);
    }
}

#[test]
fn separators_and_small_cases() {
    let text = |v: i64, radix: u32, sep: u8| {
        let mut out = [0; int::FROM_64_LEN];
        let r = int::from_i64(&mut out, v).unwrap();
        let x = Int::of(&out, r);
        let mut t = vec![0u8; int::to_str_radix_len(x.len(), radix, sep != 0)];
        let mut s = [0; 2];
        let n = int::to_str_radix(&mut t, &mut s, x, radix, false, sep).unwrap();
        String::from_utf8(t[..n].to_vec()).unwrap()
    };
    assert_eq!(text(0, 10, 0), "0");
    assert_eq!(text(-1234567, 10, b','), "-1,234,567");
    assert_eq!(text(123, 10, b','), "123");
    assert_eq!(text(0x12345, 16, b'_'), "1_2345");
    assert_eq!(text(-255, 2, 0), "-11111111");
}

proptest! {
    #[test]
    fn int_from_i64(v in any::<i64>()) {
        let mut buf = [0; 2];
        let x = Int::from_i64(&mut buf, v);
        assert_eq!(int::to_i64(x), Some(v));
        assert_eq!(x.is_zero(), v == 0);
        assert_eq!(x.neg, v < 0);
    }
}

#[test]
fn powers_of_zero_and_ones_need_no_room() {
    for (v, want) in [(0i64, 0i64), (1, 1), (-1, -1)] {
        let mut buf = [0; 2];
        let x = Int::from_i64(&mut buf, v);
        let e = (1u64 << 62) + 1;
        let n = int::pow_len(x.bit_len(), e).unwrap();
        assert_eq!(n, 2);
        let (mut out, mut scratch) = (vec![0; n], vec![0; n]);
        let r = int::pow(&mut out, &mut scratch, x, e).unwrap();
        assert_eq!(int::to_i64(Int::of(&out, r)), Some(want));
    }
}
