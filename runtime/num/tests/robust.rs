//! Input-fed entry points never panic: float and int parsers on arbitrary bytes, the float
//! formatter on any double, format character and precision, and every integer operation with
//! output slices of any size (too small is an error, never a panic or a wrong length).

use mpy_num::float;
use mpy_num::int::{self, Int, IntError};
use proptest::prelude::*;

proptest! {
    #[test]
    fn parsers_take_any_bytes(text in prop::collection::vec(any::<u8>(), 0..40), base in 0u32..40) {
        let _ = float::parse_decimal(&text, true, true);
        let _ = float::parse_decimal(&text, false, false);
        let mut out = vec![0; int::from_str_radix_len(text.len())];
        let _ = int::from_str_radix(&mut out, &text, base, 63);
        let mut small = [0; 1];
        let _ = int::from_str_radix(&mut small, &text, base, 31);
    }

    #[test]
    fn parsers_take_number_like_text(text in "[ \t+-]{0,2}(0[xXoObB])?[0-9a-fA-F_.eEjJ+-]{0,30}[ ]?", base in 0u32..37) {
        let _ = float::parse_decimal(text.as_bytes(), true, true);
        let mut out = vec![0; int::from_str_radix_len(text.len())];
        let _ = int::from_str_radix(&mut out, text.as_bytes(), base, 63);
    }

    #[test]
    fn formatter_takes_anything(bits in any::<u64>(), fmt in any::<u8>(), prec in -5i32..300, sign in prop::sample::select(vec![0u8, b'+', b' '])) {
        let x = f64::from_bits(bits);
        let t = float::format_float(x, fmt, prec, sign);
        prop_assert!(!t.is_empty() && t.len() <= 40);
        prop_assert!(t.is_ascii());
    }

    #[test]
    fn small_outputs_are_errors(a in prop::collection::vec(any::<u32>(), 0..6), b in prop::collection::vec(any::<u32>(), 0..4), n in 0usize..12, neg in any::<bool>()) {
        let (x, y) = (Int::new(neg, &a), Int::new(!neg, &b));
        let mut out = vec![0; n];
        let mut out2 = vec![0; n];
        let ok = |r: Result<int::Res, IntError>, out: &[u32]| {
            if let Ok(r) = r {
                assert!(r.len <= out.len());
            }
        };
        ok(int::add(&mut out, x, y), &out);
        ok(int::sub(&mut out, x, y), &out);
        ok(int::mul(&mut out, x, y), &out);
        ok(int::and(&mut out, x, y), &out);
        ok(int::or(&mut out, x, y), &out);
        ok(int::xor(&mut out, x, y), &out);
        ok(int::invert(&mut out, x), &out);
        ok(int::shl(&mut out, x, 37), &out);
        ok(int::shr(&mut out, x, 37), &out);
        ok(int::pow(&mut out, &mut out2, x, 3), &out);
        ok(int::pow_mod(&mut out, &mut out2, x, y, y), &out);
        let _ = int::divmod_floor(&mut out, &mut out2, x, y);
        let mut bytes = vec![0u8; n];
        let _ = int::to_bytes(x, &mut bytes, true, true);
        let _ = int::to_str_radix(&mut bytes, &mut out, x, 10, false, b',');
        ok(int::from_bytes(&mut out, &bytes, false, true), &out);
    }
}
