//! MicroPython's double-to-text conversion for `repr`, as `py/formatfloat.c` (`mp_format_float`
//! and `mp_format_mantissa`, `MICROPY_FLOAT_FORMAT_IMPL_EXACT`) does it for format `'g'` with
//! the magic precision `MP_FLOAT_REPR_PREC`: up to 19 significant digits, exponent form from
//! 10^16 up and below 10^-4.
//!
//! The value is scaled by a power of ten in `long double` so that its integer part holds
//! `n` digits, rounded half up, and written out; the text is parsed back with MicroPython's
//! own parser and, if that does not give the same double, the next `n` is tried (16 to 19).

use super::ext::Ext;
use super::parse::{decimal_exp, parse_unsigned};

/// Digits tried first (`SAFE_MANTISSA_DIGITS` for doubles).
const FIRST_DIGITS: u32 = 16;
/// Digits used at most (`MAX_MANTISSA_DIGITS`: the 64-bit mantissa holds 19).
const MAX_DIGITS: u32 = 19;
/// Decimal exponents `0 < e < MAX_EXP_ZEROS` are written out in full (`max_exp_zeros`).
const MAX_EXP_ZEROS: i32 = 16;

/// The biased exponent field minus 1023 (`fp_expval`; -1023 for zero and subnormals).
fn binary_exponent(x: f64) -> i32 {
    ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023
}

/// The decimal exponent `e` of a finite `f > 0`, found as `mp_format_float` does: an
/// estimate from the binary exponent, then stepped until `10^e <= f < 10^(e+1)` holds
/// against powers of ten built by `decimal_exp` and rounded to double.
fn decimal_exponent(f: f64) -> i32 {
    // The C source writes the literal 0.3010299956639812, which is this same double.
    let mut e = (f64::from(binary_exponent(f)) * std::f64::consts::LOG10_2) as i32;
    let at_least_one = f >= 1.0;
    let bound = |e: i32| decimal_exp(Ext::from_u64(1), i64::from(e)).to_f64();
    if at_least_one {
        while f >= bound(e + 1) {
            e += 1;
        }
    } else {
        while f < bound(e) {
            e -= 1;
        }
    }
    e
}

/// Write `mantissa` (meant to have `num_digits` digits) as the digits of `d.ddd...e<exp>`,
/// in `%g` style: the exponent is folded into the digits when `-4 <= exp < 16`, trailing
/// zeros after the point (and a bare point) are removed. Mirrors `mp_format_mantissa` for
/// format 'g'.
fn format_mantissa(mut mantissa: u64, num_digits: u32, mut exp: i32) -> Vec<u8> {
    let mut num_digits = num_digits as i32;
    // Zeros the fixed-precision code would pad with; in 'g' style they only matter for where
    // a decimal point lands, and are stripped again below.
    let padding = MAX_DIGITS as i32 - num_digits;
    if mantissa != 0 && mantissa >= 10u64.pow(num_digits as u32) {
        // Rounding carried into an extra digit.
        mantissa /= 10;
        exp += 1;
    }
    let mut out = Vec::with_capacity(32);
    // Index of the last digit before the point, or `None` when the point was already
    // written (small negative exponents).
    let mut point_after: Option<i32> = Some(0);
    if exp > 0 && exp < MAX_EXP_ZEROS {
        point_after = Some(exp);
        exp = 0;
    } else if (-4..0).contains(&exp) {
        // 0.000ddd: drop low zero digits while the exponent stays negative, then write the
        // leading zeros explicitly.
        let lead = -exp - 1;
        while exp < 0 && mantissa.is_multiple_of(10) {
            mantissa /= 10;
            num_digits -= 1;
            exp += 1;
        }
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', lead as usize));
        point_after = None;
        exp = 0;
    }

    // The digits, zero-padded on the left to `num_digits`, with the point inside them.
    let mut digits = vec![b'0'; num_digits.max(0) as usize];
    let mut m = mantissa;
    for d in digits.iter_mut().rev() {
        *d = b'0' + (m % 10) as u8;
        m /= 10;
    }
    let mut has_point = point_after.is_none();
    for (i, &d) in digits.iter().enumerate() {
        out.push(d);
        if let Some(p) = point_after {
            if i as i32 == p && p + 1 < num_digits {
                out.push(b'.');
                has_point = true;
            }
        }
    }
    if let Some(p) = point_after {
        // Padding zeros; a point goes before them when the digits ended exactly at it.
        let mut until_point = p - (num_digits - 1);
        for _ in 0..padding {
            if until_point == 0 {
                out.push(b'.');
                has_point = true;
            }
            until_point -= 1;
            out.push(b'0');
        }
    }
    if has_point {
        while out.last() == Some(&b'0') {
            out.pop();
        }
        if out.last() == Some(&b'.') {
            out.pop();
        }
    }
    if exp != 0 {
        out.push(b'e');
        out.push(if exp >= 0 { b'+' } else { b'-' });
        let a = exp.unsigned_abs();
        if a >= 100 {
            out.push(b'0' + (a / 100 % 10) as u8);
        }
        out.push(b'0' + (a / 10 % 10) as u8);
        out.push(b'0' + (a % 10) as u8);
    }
    out
}

/// The `%g` text of a finite, non-negative double at repr precision (no sign, no `.0`).
pub(crate) fn format_repr_digits(f: f64) -> String {
    let e = if f == 0.0 { 0 } else { decimal_exponent(f) };
    let mut num_digits = FIRST_DIGITS;
    loop {
        let dec_exp = if f == 0.0 {
            0
        } else {
            i64::from(num_digits) - i64::from(e) - 1
        };
        let scaled = decimal_exp(Ext::from_f64(f), dec_exp);
        let mantissa = scaled.add(Ext::from_f64(0.5)).to_u64();
        let text = format_mantissa(mantissa, num_digits, e);
        if num_digits < MAX_DIGITS {
            let back = parse_unsigned(&text).map(|(v, _)| v);
            if back != Some(f) {
                num_digits += 1;
                continue;
            }
        }
        return String::from_utf8_lossy(&text).into_owned();
    }
}
