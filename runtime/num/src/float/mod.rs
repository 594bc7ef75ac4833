//! Float text as MicroPython does it, bit for bit: the parser of float literals and `float()`
//! (`py/parsenum.c`) and the formatter behind `repr`, `str`, `%` and `str.format`
//! (`py/formatfloat.c`, called through `mp_print_float` in `py/mpprint.c`).
//!
//! Neither is Python's correctly rounded algorithm: both compute in the host's `long double`
//! (x87 80-bit extended precision on the x86-64 reference), which `ext` models in software.
//! So `-970.93` prints as `-970.9299999999999`, and the literal `6.517723958339181e+47` parses
//! to a double one unit above the nearest one.
//!
//! Nothing here allocates: texts come back in a [`FloatText`] (a small inline buffer) or are
//! written to a [`core::fmt::Write`].

mod arith;
mod ext;
mod format;
mod parse;

#[cfg(test)]
mod tests;

use core::fmt;

pub use arith::{floor_divmod, modulo, pow10, round, round_digits};
pub use parse::{parse_decimal, Decimal};

/// Longest text [`format_float`] writes: a sign, the 33 bytes `mp_print_float` gives
/// `mp_format_float`, and room for a `.0` or `%` suffix.
const TEXT_CAP: usize = 40;

/// The text of one float, held inline (at most 40 ASCII bytes). Dereferences to `&str`.
#[derive(Clone, Copy)]
pub struct FloatText {
    buf: [u8; TEXT_CAP],
    len: u8,
}

impl FloatText {
    const fn new() -> FloatText {
        FloatText {
            buf: [0; TEXT_CAP],
            len: 0,
        }
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(usize::from(self.len)) {
            *slot = b;
            self.len += 1;
        }
    }

    fn push_all(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.push(b);
        }
    }

    /// The text as bytes (always ASCII).
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever pushed.
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// Does the text contain `b`?
    fn contains(&self, b: u8) -> bool {
        self.as_bytes().contains(&b)
    }

    /// Append `.0` when the text has no `.`, no exponent and is not `inf`/`nan`
    /// (`PF_FLAG_ALWAYS_DECIMAL`, which `float`'s repr asks for).
    pub fn ensure_decimal(&mut self) {
        if !self.contains(b'.') && !self.contains(b'e') && !self.contains(b'n') {
            self.push_all(b".0");
        }
    }

    /// Append `%` (`PF_FLAG_ADD_PERCENT`: the `%` format, after multiplying by 100 and
    /// formatting with `f`).
    pub fn add_percent(&mut self) {
        self.push(b'%');
    }
}

impl core::ops::Deref for FloatText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for FloatText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for FloatText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for FloatText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FloatText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// The precision that asks [`format_float`] for repr text (`MP_FLOAT_REPR_PREC`): the
/// shortest of 16..19 significant digits that reads back as the same double, exponent form
/// from 1e16 up and below 1e-4.
pub const REPR_PREC: i32 = format::REPR_PREC;

/// `mp_format_float`: `x` formatted with format character `fmt` (`e`, `f`, `g`, `E`, `F`,
/// `G`; any other byte behaves as `e`/`E` by its case bit, as in C) and precision `prec`
/// (negative: 6; [`REPR_PREC`]: repr). `sign` is written before a non-negative number (`b'+'`
/// for the `+` flag, `b' '` for the space flag, `0` for none); a negative one (sign bit set,
/// not NaN) always gets `-`. `inf`/`nan` follow `fmt`'s case (`INF` for `E`/`F`/`G`).
///
/// This is the text only, as MicroPython's 33-byte buffer gives it (which caps `%f`: a value
/// needing more than that is written as `%g`, and digits beyond 19 are zeros). Width, fill,
/// alignment and zero padding are the caller's (`mp_print_strn`). The `%` format is
/// `format_float(x * 100.0, b'f', prec, sign)` followed by [`FloatText::add_percent`].
pub fn format_float(x: f64, fmt: u8, prec: i32, sign: u8) -> FloatText {
    let mut text = FloatText::new();
    let mut f = x;
    let mut sign = sign;
    if x.is_sign_negative() && !x.is_nan() {
        f = -x;
        sign = b'-';
    }
    if sign != 0 {
        text.push(sign);
    }
    let uc = fmt & 0x20;
    if f.is_infinite() {
        text.push_all(&[b'I' ^ uc, b'N' ^ uc, b'F' ^ uc]);
        return text;
    }
    if f.is_nan() {
        text.push_all(&[b'N' ^ uc, b'A' ^ uc, b'N' ^ uc]);
        return text;
    }
    let mut out = format::Out { bytes: [0; 48] };
    let len = format::format_unsigned(&mut out, f, format::buf_size_after(sign != 0), fmt, prec);
    text.push_all(out.slice(0, len));
    text
}

/// `repr(x)` and `str(x)` of a float (they are the same in MicroPython): `1.0`, `0.1`,
/// `0.3333333333333333`, `1e+100`, `-0.0`, `inf`, `-inf`, `nan`. Also the text mpy-cross
/// writes for a float constant in a .mpy.
pub fn repr(x: f64) -> FloatText {
    let mut t = format_float(x, b'g', REPR_PREC, 0);
    t.ensure_decimal();
    t
}

/// Write `repr(complex(real, imag))` as `complex_print` does: `2j`, `-1.5j`, `(1+2j)`,
/// `(1-0j)`, `(nan+infj)`. With a zero real part only the imaginary part is written, without
/// `.0`; otherwise both in parentheses, the imaginary part with its sign.
pub fn write_complex_repr(w: &mut impl fmt::Write, real: f64, imag: f64) -> fmt::Result {
    if real != 0.0 {
        w.write_str("(")?;
        w.write_str(&format_float(real, b'g', REPR_PREC, 0))?;
        w.write_str(&format_float(imag, b'g', REPR_PREC, b'+'))?;
        w.write_str("j)")
    } else {
        w.write_str(&format_float(imag, b'g', REPR_PREC, 0))?;
        w.write_str("j")
    }
}

/// `float(text)`: surrounding whitespace, a sign, `inf`/`infinity`/`nan` in any case, or a
/// decimal number (`1.5`, `1.`, `.5`, `1e-3`, `_` skipped). `None` for anything else (the VM
/// raises `ValueError: invalid syntax for number`). Same as
/// `parse_decimal(text, false, false)` giving a [`Decimal::Float`].
pub fn parse_float(text: &[u8]) -> Option<f64> {
    match parse_decimal(text, false, false) {
        Some(Decimal::Float(x)) => Some(x),
        _ => None,
    }
}

/// `hash(x)` of a float as the reference unix port computes it (`mp_float_hash` without
/// `MICROPY_FLOAT_HIGH_QUALITY_HASH`): the C cast `(mp_int_t)x`, truncation toward zero,
/// where NaN and values outside the `i64` range give `i64::MIN` (what x86-64's conversion
/// instruction returns). The VM stores it as a small int (dropping the top bit), as
/// MicroPython does: `(hash(x) << 1) >> 1` on 64-bit targets, so `hash(inf) == 0`.
pub fn hash(x: f64) -> i64 {
    // -2^63 <= x < 2^63 converts; everything else is the "integer indefinite" value.
    if (-9223372036854775808.0..9223372036854775808.0).contains(&x) {
        x as i64
    } else {
        i64::MIN
    }
}

/// `hash(x)` of a float in builds with `MICROPY_FLOAT_HIGH_QUALITY_HASH` (`mp_float_hash`
/// in `py/objfloat.c`; not the unix port, see [`hash`]): for `|x| < 1` the bit pattern; for
/// values with a fraction the integer part xor the fraction bits; for whole values the
/// integer (so `hash(2.0) == hash(2)`) while it fits, else the significand; negated (wrapping)
/// for a set sign bit. The VM stores it as a small int (dropping the top bit), as MicroPython
/// does: `(hash(x) << 1) >> 1` on 64-bit targets.
pub fn hash_high_quality(x: f64) -> i64 {
    const FRAC_BITS: i64 = 52;
    let bits = x.to_bits();
    let adj_exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let frc = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let mut val = if adj_exp < 0 {
        bits
    } else if adj_exp <= FRAC_BITS {
        let s = (FRAC_BITS - adj_exp) as u32;
        (frc >> s) ^ (frc & ((1u64 << s) - 1))
    } else if adj_exp < 63 {
        frc << (adj_exp - FRAC_BITS)
    } else {
        frc
    };
    if x.is_sign_negative() {
        val = val.wrapping_neg();
    }
    val as i64
}
