//! Conversions between big integers and machine integers, doubles and bytes, as
//! `py/mpz.c` does them (`mpz_set_from_ll`, `mpz_as_float`, `mpz_set_from_float`,
//! `mpz_set_from_bytes`, `mpz_as_bytes`, `mpz_hash`).

use super::{mag, need, Digit, Int, IntError, Res, DIGIT_BITS};

/// Output digits [`from_i64`] and [`from_u64`] need.
pub const FROM_64_LEN: usize = 2;

/// `out = v` (capacity [`FROM_64_LEN`]).
pub fn from_u64(out: &mut [Digit], v: u64) -> Result<Res, IntError> {
    need(out, FROM_64_LEN)?;
    if let [lo, hi, ..] = out {
        *lo = v as Digit;
        *hi = (v >> 32) as Digit;
    }
    Ok(Res::new(false, mag::trimmed_len(out, 2)))
}

/// `out = v` (capacity [`FROM_64_LEN`]).
pub fn from_i64(out: &mut [Digit], v: i64) -> Result<Res, IntError> {
    let r = from_u64(out, v.unsigned_abs())?;
    Ok(Res::new(v < 0, r.len))
}

/// The value as a `u64`, `None` when negative or too large.
pub fn to_u64(a: Int) -> Option<u64> {
    let a = a.trimmed();
    if a.neg || a.mag.len() > 2 {
        return None;
    }
    let lo = u64::from(a.mag.first().copied().unwrap_or(0));
    let hi = u64::from(a.mag.get(1).copied().unwrap_or(0));
    Some(lo | (hi << 32))
}

/// The value as an `i64`, `None` when out of range.
pub fn to_i64(a: Int) -> Option<i64> {
    let m = to_u64(Int::new(false, a.mag))?;
    if a.neg {
        0i64.checked_sub_unsigned(m)
    } else {
        i64::try_from(m).ok()
    }
}

/// `float(a)` as `mpz_as_float` computes it: digit by digit from the top, `v = v * 2^32 + d`
/// in double precision, so each step rounds (not always the nearest double: the low digits
/// can be lost to an earlier rounding) and a big enough value gives infinity.
pub fn to_f64(a: Int) -> f64 {
    let a = a.trimmed();
    let mut v = 0.0f64;
    for &d in a.mag.iter().rev() {
        v = v * 4294967296.0 + f64::from(d);
    }
    if a.neg {
        -v
    } else {
        v
    }
}

/// Output digits [`from_f64`] needs for `x` (0 for values below 1 and for non-finite ones).
pub fn from_f64_len(x: f64) -> usize {
    let adj_exp = ((x.to_bits() >> 52) & 0x7ff) as i64 - 1023;
    if adj_exp < 0 || adj_exp == 1024 {
        0
    } else {
        (adj_exp as usize + 1).div_ceil(DIGIT_BITS)
    }
}

/// `int(x)`: `x` truncated toward zero (capacity [`from_f64_len`]). Infinities and NaN are
/// [`IntError::NotFinite`] (the VM raises `OverflowError` / `ValueError`).
pub fn from_f64(out: &mut [Digit], x: f64) -> Result<Res, IntError> {
    if !x.is_finite() {
        return Err(IntError::NotFinite);
    }
    let n = from_f64_len(x);
    need(out, n)?;
    if n == 0 {
        return Ok(Res::new(false, 0));
    }
    let bits = x.to_bits();
    let adj_exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let frac = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    // The value is frac * 2^(adj_exp - 52).
    let tmp = [frac as Digit, (frac >> 32) as Digit];
    let len = if adj_exp >= 52 {
        mag::shl(out, &tmp, (adj_exp - 52) as usize)
    } else {
        let v = frac >> (52 - adj_exp);
        for (k, o) in out.iter_mut().take(2).enumerate() {
            *o = (v >> (32 * k)) as Digit;
        }
        mag::trimmed_len(out, n.min(2))
    };
    Ok(Res::new(x.is_sign_negative(), len))
}

/// `hash(a)` of a big integer (`mpz_hash`): the low 64 bits of the magnitude, negated
/// (wrapping) for a negative value. The VM stores it as a small int (dropping the top bit), as
/// MicroPython does.
pub fn hash(a: Int) -> i64 {
    let a = a.trimmed();
    let mut v = 0u64;
    for &d in a.mag.iter().rev() {
        v = (v << 32) | u64::from(d);
    }
    if a.neg {
        v = v.wrapping_neg();
    }
    v as i64
}

/// Output digits [`from_bytes`] needs for `n` bytes.
pub fn from_bytes_len(n: usize) -> usize {
    n.div_ceil(4)
}

/// `int.from_bytes(bytes, byteorder, signed)` (capacity [`from_bytes_len`]). MicroPython's
/// `int.from_bytes` ignores `signed` (it always reads unsigned): pass `false` for that.
pub fn from_bytes(
    out: &mut [Digit],
    bytes: &[u8],
    big_endian: bool,
    signed: bool,
) -> Result<Res, IntError> {
    let n = from_bytes_len(bytes.len());
    need(out, n)?;
    for o in out.iter_mut().take(n) {
        *o = 0;
    }
    let at = |i: usize| -> u8 {
        let j = if big_endian {
            bytes.len().wrapping_sub(1).wrapping_sub(i)
        } else {
            i
        };
        bytes.get(j).copied().unwrap_or(0)
    };
    for i in 0..bytes.len() {
        if let Some(o) = out.get_mut(i / 4) {
            *o |= Digit::from(at(i)) << (8 * (i % 4));
        }
    }
    let neg = signed && !bytes.is_empty() && at(bytes.len() - 1) & 0x80 != 0;
    if neg {
        // Two's complement to magnitude: the digits beyond the bytes are all ones.
        let pad_bits = 8 * (4 * n - bytes.len());
        if pad_bits != 0 {
            if let Some(top) = out.get_mut(n - 1) {
                *top |= !0 << (32 - pad_bits);
            }
        }
        let mut carry = true;
        for o in out.iter_mut().take(n) {
            let (v, c) = (!*o).overflowing_add(Digit::from(carry));
            *o = v;
            carry = c;
        }
    }
    Ok(Res::new(neg, mag::trimmed_len(out, n)))
}

/// Why `int.to_bytes` failed (both `OverflowError` in MicroPython).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToBytesError {
    /// `can't convert negative int to unsigned`.
    NegativeUnsigned,
    /// `value would overflow a {len} byte buffer`.
    Overflow,
}

/// `a.to_bytes(len(buf), byteorder, signed=signed)` for a big integer object, as
/// `mp_obj_int_to_bytes` / `mpz_as_bytes` do it: the two's complement bytes, an error for a
/// negative value when not `signed` or when the value does not fit. Like MicroPython, the
/// signed check only looks at the last byte it produced (a whole digit's bytes are produced),
/// so some signed values needing one more byte are accepted. For a small int the VM calls
/// [`small_to_bytes`] instead, as MicroPython takes a different path there.
pub fn to_bytes(
    a: Int,
    buf: &mut [u8],
    big_endian: bool,
    signed: bool,
) -> Result<(), ToBytesError> {
    let a = a.trimmed();
    if a.neg && !signed {
        return Err(ToBytesError::NegativeUnsigned);
    }
    if to_bytes_unchecked(a, buf, big_endian, signed) {
        Ok(())
    } else {
        Err(ToBytesError::Overflow)
    }
}

/// `val.to_bytes(len(buf), byteorder, signed=signed)` for a small int
/// (`mp_obj_small_int_to_bytes`): an exact range check, then the two's complement bytes,
/// sign-extended.
pub fn small_to_bytes(
    val: i64,
    buf: &mut [u8],
    big_endian: bool,
    signed: bool,
) -> Result<(), ToBytesError> {
    let n = buf.len();
    if val != 0 {
        if !signed && val < 0 {
            return Err(ToBytesError::NegativeUnsigned);
        }
        let fits = if n >= 8 {
            true
        } else if n == 0 {
            false
        } else if signed {
            let edge = 1i64 << (n * 8 - 1);
            (-edge..edge).contains(&val)
        } else {
            val < 1i64 << (n * 8)
        };
        if !fits {
            return Err(ToBytesError::Overflow);
        }
    }
    let bytes = val.to_le_bytes();
    let fill = if val < 0 { 0xff } else { 0 };
    for i in 0..n {
        let pos = if big_endian { n - 1 - i } else { i };
        if let Some(b) = buf.get_mut(pos) {
            *b = bytes.get(i).copied().unwrap_or(fill);
        }
    }
    Ok(())
}

/// `mpz_as_bytes`: write the two's complement bytes of `a` into `buf`; `false` when bytes
/// that do not fit are not all sign bytes, or (when `signed`) the last byte produced has the
/// wrong top bit. Negative values are written even when not `signed`.
pub fn to_bytes_unchecked(a: Int, buf: &mut [u8], big_endian: bool, signed: bool) -> bool {
    let a = a.trimmed();
    let len = buf.len();
    let fill: u8 = if a.neg { 0xff } else { 0 };
    let mut carry: u32 = 1;
    let mut val: u32 = 0;
    let mut written = 0;
    for &d in a.mag {
        for k in 0..4 {
            val = (d >> (8 * k)) & 0xff;
            if a.neg {
                val = (!val & 0xff) + carry;
                carry = val >> 8;
            }
            if written == len {
                if val as u8 != fill {
                    return false;
                }
                continue;
            }
            let pos = if big_endian {
                len - 1 - written
            } else {
                written
            };
            if let Some(b) = buf.get_mut(pos) {
                *b = val as u8;
            }
            written += 1;
        }
    }
    if written == len && signed && (val & 0x80) as u8 != fill & 0x80 {
        return false;
    }
    for i in written..len {
        let pos = if big_endian { len - 1 - i } else { i };
        if let Some(b) = buf.get_mut(pos) {
            *b = fill;
        }
    }
    true
}
