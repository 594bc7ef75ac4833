//! MicroPython's double-to-text conversion, as `py/formatfloat.c` (`mp_format_float` and
//! `mp_format_mantissa`, `MICROPY_FLOAT_FORMAT_IMPL_EXACT`) does it for every format: `e`,
//! `f` and `g` (either case), any precision, and the magic repr precision.
//!
//! The value is scaled by a power of ten in `long double` so that its integer part holds
//! `num_digits` digits, rounded half up, and written out. When more digits are allowed than a
//! double surely needs (16), the text is parsed back with MicroPython's own parser and, if that
//! does not give the same double, the next `num_digits` is tried.
//!
//! `mp_print_float` always hands `mp_format_float` a 33-byte buffer (36 minus 3 for the `.0`
//! and `%` suffixes), and that size is part of the behaviour: it caps the digits of `%f` (a
//! `%f` that would not fit becomes `%g`), the trailing zeros, and where `%g` switches to
//! exponent form. [`BUF_SIZE`] is that size.

use super::ext::Ext;
use super::parse::{decimal_exp, parse_unsigned};

/// The buffer size `mp_print_float` passes (`sizeof(buf) - 3` of its 36-byte buffer).
const BUF_SIZE: i32 = 33;
/// Digits tried first (`SAFE_MANTISSA_DIGITS` for doubles).
const SAFE_DIGITS: i32 = 16;
/// Digits used at most (`MAX_MANTISSA_DIGITS`: the 64-bit mantissa holds 19).
const MAX_DIGITS: i32 = 19;
/// `FPMIN_BUF_SIZE` for doubles: room for `+9e+199`.
const FPMIN_BUF_SIZE: i32 = 7;
/// The `prec` value that asks for repr behaviour (`MP_FLOAT_REPR_PREC`).
pub(crate) const REPR_PREC: i32 = 99;

/// Internal mode flags, as `FMT_MODE_*` / `FMT_E_CASE`.
const MODE_E: u8 = 0x01;
const MODE_G: u8 = 0x02;
const MODE_F: u8 = 0x04;
/// Lower-case bit of the format character, kept so the exponent letter has its case.
const E_CASE: u8 = 0x20;
/// The `dec` value meaning "no decimal point inside the digits" (the point was already
/// written by a `0.000` prefix).
const NO_DOT: i32 = 255;

/// A byte buffer written at computed positions. Writes outside it are dropped rather than
/// panicking; the size limits above make sure none happen (the output is at most
/// `BUF_SIZE` bytes).
pub(crate) struct Out {
    pub(crate) bytes: [u8; 48],
}

impl Out {
    fn put(&mut self, pos: i32, b: u8) {
        if let Some(slot) = usize::try_from(pos)
            .ok()
            .and_then(|p| self.bytes.get_mut(p))
        {
            *slot = b;
        }
    }

    fn at(&self, pos: i32) -> u8 {
        usize::try_from(pos)
            .ok()
            .and_then(|p| self.bytes.get(p))
            .copied()
            .unwrap_or(0)
    }

    /// The bytes `from..to`, empty when the range is not valid.
    pub(crate) fn slice(&self, from: i32, to: i32) -> &[u8] {
        match (usize::try_from(from), usize::try_from(to)) {
            (Ok(a), Ok(b)) => self.bytes.get(a..b).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// The biased exponent field minus 1023 (`fp_expval`; -1023 for zero and subnormals).
fn binary_exponent(x: f64) -> i32 {
    ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023
}

/// `10^e` as `mp_decimal_exp(1.0, e)` rounded to a double.
fn power_of_ten(e: i32) -> f64 {
    decimal_exp(Ext::from_u64(1), i64::from(e)).to_f64()
}

/// The decimal exponent `e` of a finite `f > 0`, found as `mp_format_float` does: an
/// estimate from the binary exponent, then stepped until `10^e <= f < 10^(e+1)` holds
/// against powers of ten built by `decimal_exp` and rounded to double.
fn decimal_exponent(f: f64) -> i32 {
    // The C source writes the literal 0.3010299956639812, which is this same double.
    let mut e = (f64::from(binary_exponent(f)) * core::f64::consts::LOG10_2) as i32;
    if f >= 1.0 {
        while f >= power_of_ten(e + 1) {
            e += 1;
        }
    } else {
        while f < power_of_ten(e) {
            e -= 1;
        }
    }
    e
}

/// Write `0.` and `cnt` zeros at `s`; returns the position after them (`mp_prepend_zeros`).
fn prepend_zeros(out: &mut Out, mut s: i32, cnt: i32) -> i32 {
    out.put(s, b'0');
    out.put(s + 1, b'.');
    s += 2;
    for _ in 0..cnt.max(0) {
        out.put(s, b'0');
        s += 1;
    }
    s
}

/// What `mp_format_mantissa` needs besides the mantissa.
#[derive(Clone, Copy)]
struct Layout {
    /// Where the digits start (after any `0.000` prefix).
    start: i32,
    /// `10^num_digits`: a mantissa reaching it had a carry into an extra digit.
    cap: u64,
    num_digits: i32,
    max_exp_zeros: i32,
    trailing_zeros: i32,
    /// Index of the digit after which the point goes (`NO_DOT`: none).
    dec: i32,
    /// Decimal exponent to write.
    e: i32,
    flags: u8,
}

/// Write `mantissa` as `mp_format_mantissa` does; returns the length of the text from 0.
fn format_mantissa(out: &mut Out, mut mantissa: u64, l: Layout) -> i32 {
    let Layout {
        start: mut s,
        cap,
        mut num_digits,
        max_exp_zeros,
        mut trailing_zeros,
        mut dec,
        mut e,
        flags,
    } = l;
    if mantissa != 0 && mantissa >= cap {
        // Rounding carried into an extra digit.
        if flags & MODE_F != 0 {
            num_digits += 1;
            dec += 1;
        } else {
            mantissa /= 10;
            e += 1;
        }
    }
    // 'g' writes small exponents out as zeros.
    if flags & MODE_G != 0 && e != 0 {
        if e >= 0 {
            if e < max_exp_zeros {
                dec += e;
                if dec >= num_digits {
                    trailing_zeros = dec - (num_digits - 1);
                }
                e = 0;
            }
        } else if e >= -4 {
            // 0.000ddd: drop low zero digits while the exponent stays negative, then write
            // the leading zeros explicitly.
            let mut cnt = 0;
            while e < 0 && mantissa.is_multiple_of(10) {
                mantissa /= 10;
                cnt += 1;
                e += 1;
            }
            num_digits -= cnt;
            s = prepend_zeros(out, s, cnt - e - 1);
            dec = NO_DOT;
            e = 0;
        }
    }
    // The digits, zero-padded on the left to `num_digits`, with the point after digit `dec`.
    let mut m = mantissa;
    for digit in (0..num_digits).rev() {
        let ofs = if digit > dec { digit + 1 } else { digit };
        out.put(s + ofs, b'0' + (m % 10) as u8);
        m /= 10;
    }
    let mut dot = dec >= NO_DOT;
    if dec + 1 < num_digits {
        dot = true;
        s += 1;
        out.put(s + dec, b'.');
    }
    s += num_digits.max(0);
    if trailing_zeros > 0 {
        // Padding zeros; a point goes before them when the digits ended exactly at it.
        dec -= num_digits - 1;
        for _ in 0..trailing_zeros {
            if dec == 0 {
                out.put(s, b'.');
                s += 1;
                dot = true;
            }
            dec -= 1;
            out.put(s, b'0');
            s += 1;
        }
    }
    if flags & MODE_G != 0 && dot {
        while s > 0 && out.at(s - 1) == b'0' {
            s -= 1;
        }
        if s > 0 && out.at(s - 1) == b'.' {
            s -= 1;
        }
    }
    if (e != 0 || flags & MODE_E != 0) && flags & MODE_F == 0 {
        out.put(s, b'E' | (flags & E_CASE));
        out.put(s + 1, if e >= 0 { b'+' } else { b'-' });
        s += 2;
        let a = e.unsigned_abs();
        if a >= 100 {
            out.put(s, b'0' + (a / 100 % 10) as u8);
            s += 1;
        }
        out.put(s, b'0' + (a / 10 % 10) as u8);
        out.put(s + 1, b'0' + (a % 10) as u8);
        s += 2;
    }
    s
}

/// `mp_format_float` for a finite, non-negative `f` (sign already taken off): writes the text
/// into `out` from 0 and returns its length. `buf_size` is what is left of the 33 bytes after
/// the sign; `fmt` is `e`, `f`, `g` or upper case (anything else is `e`, as in C); `prec < 0`
/// means 6.
pub(crate) fn format_unsigned(out: &mut Out, f: f64, buf_size: i32, fmt: u8, prec: i32) -> i32 {
    let uc = fmt & 0x20;
    let mut flags = uc;
    match fmt | 0x20 {
        b'f' => flags |= MODE_F,
        b'g' => flags |= MODE_G,
        _ => flags |= MODE_E,
    }
    let mut prec = if prec < 0 { 6 } else { prec };
    let mut max_exp_zeros = prec.min(buf_size - 3);
    if prec == REPR_PREC {
        prec = MAX_DIGITS;
        max_exp_zeros = 16;
    }
    let e = if f == 0.0 { 0 } else { decimal_exponent(f) };

    // A '%f' whose integer digits would not fit is written as '%g' (one more digit).
    if flags & MODE_F != 0 && e > 0 && e + prec + 2 > buf_size {
        flags ^= MODE_F;
        flags |= MODE_G;
        prec += 1;
    }

    // Significant digits to produce, leading zeros ('f' only) and trailing zeros.
    let mut max_digits = prec;
    let mut lead_zeros = 0;
    let mut trail_zeros = 0;
    if flags & MODE_F != 0 {
        max_digits = max_digits.min(buf_size - 3);
        if e < 0 {
            if max_digits > 2 && e < -2 {
                lead_zeros = (-e).min(max_digits) - 2;
                max_digits -= lead_zeros;
            } else {
                max_digits += 1;
            }
        } else {
            max_digits += e + 1;
        }
    } else if flags & MODE_G == 0 || max_digits == 0 {
        max_digits += 1;
    }
    if max_digits > MAX_DIGITS {
        trail_zeros = max_digits - MAX_DIGITS;
        max_digits = MAX_DIGITS;
    }
    let overhead = if flags & MODE_F != 0 {
        3
    } else {
        FPMIN_BUF_SIZE + 1
    };
    trail_zeros = trail_zeros.min(buf_size - max_digits - overhead);

    // Try the shortest safe digit count first, more only if the text does not read back.
    let mut num_digits = SAFE_DIGITS.min(max_digits);
    loop {
        let mut s = 0;
        let extra_zeros = trail_zeros + (max_digits - num_digits);
        let mut dec = 0;
        let decexp = if f == 0.0 {
            0
        } else if flags & MODE_F != 0 {
            let mut d = num_digits - 1;
            if e < 0 {
                if lead_zeros > 0 {
                    s = prepend_zeros(out, s, lead_zeros);
                    d += lead_zeros + 1;
                    dec = NO_DOT;
                }
            } else {
                d -= e;
                dec = e;
            }
            d
        } else {
            num_digits - e - 1
        };
        let cap = 10u64.saturating_pow(num_digits.max(1).unsigned_abs());
        let scaled = decimal_exp(Ext::from_f64(f), i64::from(decexp));
        let mantissa = scaled.add(Ext::from_f64(0.5)).to_u64();
        let layout = Layout {
            start: s,
            cap,
            num_digits,
            max_exp_zeros,
            trailing_zeros: extra_zeros,
            dec,
            e,
            flags,
        };
        let len = format_mantissa(out, mantissa, layout);
        if num_digits < max_digits {
            let back = parse_unsigned(out.slice(0, len)).map(|(v, _)| v);
            if back != Some(f) {
                num_digits += 1;
                continue;
            }
        }
        return len;
    }
}

/// The size left for the unsigned text once a sign is written (`buf_size--` in C).
pub(crate) fn buf_size_after(sign: bool) -> i32 {
    if sign {
        BUF_SIZE - 1
    } else {
        BUF_SIZE
    }
}
