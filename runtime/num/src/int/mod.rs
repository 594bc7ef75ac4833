//! Arbitrary-precision integers with the observable behaviour of MicroPython's `py/mpz.c`
//! (and of `py/objint_mpz.c` / `py/parsenum.c` around it), over digit slices the caller owns:
//! nothing here allocates, so the VM keeps the digits in its GC heap.
//!
//! # Layout
//!
//! An integer is sign + magnitude, as in `mpz_t`: the magnitude is a little-endian slice of
//! 32-bit [`Digit`]s (`mag[0]` is the lowest; MicroPython's x86-64 build uses 32-bit digits
//! too). Zero is the empty magnitude and is never negative. Inputs ([`Int`]) may carry high zero
//! digits; they are ignored. Every operation writes its result into `out[..len]` of a
//! caller-provided slice and returns [`Res`] `{ neg, len }` with `len` trimmed (no high zero
//! digit). Each operation has a `*_len` sizing helper giving the output capacity it needs;
//! a smaller output gives [`IntError::BufferTooSmall`], never a panic.
//!
//! Semantics are Python's, as MicroPython gives them: floor division and modulo (the
//! remainder has the divisor's sign), bitwise operators on the infinite two's complement
//! representation, `>>` rounding toward minus infinity.

mod bits;
mod convert;
mod mag;
mod text;

use core::cmp::Ordering;

pub use convert::{
    from_bytes, from_bytes_len, from_f64, from_f64_len, from_i64, from_u64, hash, small_to_bytes,
    to_bytes, to_bytes_unchecked, to_f64, to_i64, to_u64, ToBytesError, FROM_64_LEN,
};
pub use text::{from_str_radix, from_str_radix_len, to_str_radix, to_str_radix_len, ParseIntError};

pub use bits::{and, invert, or, shl, shr, xor};

/// One digit of a magnitude.
pub type Digit = u32;

/// Bits per [`Digit`].
pub const DIGIT_BITS: usize = 32;

/// A borrowed integer: sign and little-endian magnitude.
#[derive(Clone, Copy, Debug)]
pub struct Int<'a> {
    /// Negative (ignored when the magnitude is zero).
    pub neg: bool,
    /// Little-endian digits; high zero digits are allowed and ignored.
    pub mag: &'a [Digit],
}

impl<'a> Int<'a> {
    /// An integer from sign and magnitude, trimmed; a zero magnitude is never negative.
    pub fn new(neg: bool, mag: &'a [Digit]) -> Int<'a> {
        let mag = mag::trim(mag);
        Int {
            neg: neg && !mag.is_empty(),
            mag,
        }
    }

    /// A machine integer as an `Int`, its digits kept in `buf` (for mixing small ints into
    /// big-integer operations).
    pub fn from_i64(buf: &'a mut [Digit; 2], v: i64) -> Int<'a> {
        let m = v.unsigned_abs();
        *buf = [m as Digit, (m >> 32) as Digit];
        Int::new(v < 0, &buf[..])
    }

    /// The integer of a result written to `out` (`out[..res.len]`).
    pub fn of(out: &'a [Digit], res: Res) -> Int<'a> {
        Int::new(res.neg, out.get(..res.len).unwrap_or_default())
    }

    /// Is it zero?
    pub fn is_zero(&self) -> bool {
        mag::trim(self.mag).is_empty()
    }

    /// Number of significant digits.
    pub fn len(&self) -> usize {
        mag::trim(self.mag).len()
    }

    /// Same as [`Int::is_zero`] (for clippy's `len_without_is_empty`).
    pub fn is_empty(&self) -> bool {
        self.is_zero()
    }

    /// Number of significant bits of the magnitude (0 for zero).
    pub fn bit_len(&self) -> usize {
        let m = mag::trim(self.mag);
        match m.last() {
            None => 0,
            Some(&top) => (m.len() - 1) * DIGIT_BITS + (32 - top.leading_zeros() as usize),
        }
    }

    fn trimmed(self) -> Int<'a> {
        Int::new(self.neg, self.mag)
    }
}

/// Where a result went: `out[..len]`, with sign `neg` (never set for zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Res {
    /// Negative.
    pub neg: bool,
    /// Digits used in the output slice (trimmed).
    pub len: usize,
}

impl Res {
    fn new(neg: bool, len: usize) -> Res {
        Res {
            neg: neg && len != 0,
            len,
        }
    }
}

/// Why an operation gave no result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntError {
    /// The output (or scratch) slice is smaller than the sizing helper says.
    BufferTooSmall,
    /// Division or modulo by zero (`ZeroDivisionError: divide by zero`).
    ZeroDivision,
    /// `from_f64` of an infinity (`OverflowError`) or NaN (`ValueError`).
    NotFinite,
}

fn need(out: &[Digit], n: usize) -> Result<(), IntError> {
    if out.len() < n {
        Err(IntError::BufferTooSmall)
    } else {
        Ok(())
    }
}

/// Compare two integers.
pub fn cmp(a: Int, b: Int) -> Ordering {
    let (a, b) = (a.trimmed(), b.trimmed());
    match (a.neg, b.neg) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => mag::cmp(a.mag, b.mag),
        (true, true) => mag::cmp(b.mag, a.mag),
    }
}

/// Output digits [`add`] and [`sub`] need: `max(a_len, b_len) + 1`.
pub fn add_len(a_len: usize, b_len: usize) -> usize {
    a_len.max(b_len) + 1
}

/// `out = a + b` (capacity [`add_len`]).
pub fn add(out: &mut [Digit], a: Int, b: Int) -> Result<Res, IntError> {
    add_signed(out, a.trimmed(), b.trimmed(), false)
}

/// `out = a - b` (capacity [`add_len`]).
pub fn sub(out: &mut [Digit], a: Int, b: Int) -> Result<Res, IntError> {
    add_signed(out, a.trimmed(), b.trimmed(), true)
}

fn add_signed(out: &mut [Digit], a: Int, b: Int, negate_b: bool) -> Result<Res, IntError> {
    need(out, add_len(a.mag.len(), b.mag.len()))?;
    let b_neg = b.neg != negate_b;
    if a.neg == b_neg {
        let len = mag::add(out, a.mag, b.mag);
        return Ok(Res::new(a.neg, len));
    }
    match mag::cmp(a.mag, b.mag) {
        Ordering::Less => Ok(Res::new(b_neg, mag::sub(out, b.mag, a.mag))),
        _ => Ok(Res::new(a.neg, mag::sub(out, a.mag, b.mag))),
    }
}

/// Output digits [`mul`] needs: `a_len + b_len`.
pub fn mul_len(a_len: usize, b_len: usize) -> usize {
    a_len + b_len
}

/// `out = a * b` (capacity [`mul_len`]).
pub fn mul(out: &mut [Digit], a: Int, b: Int) -> Result<Res, IntError> {
    let (a, b) = (a.trimmed(), b.trimmed());
    need(out, mul_len(a.mag.len(), b.mag.len()))?;
    let len = mag::mul(out, a.mag, b.mag);
    Ok(Res::new(a.neg != b.neg, len))
}

/// Capacities [`divmod_floor`] needs: `(quotient, remainder)` =
/// `(a_len - b_len + 2, a_len + b_len + 2)` (the remainder slice is also working space).
pub fn divmod_len(a_len: usize, b_len: usize) -> (usize, usize) {
    (a_len.saturating_sub(b_len) + 2, a_len + b_len + 2)
}

/// Python's `divmod(a, b)`: `q = floor(a / b)` into `q_out`, `r = a - q*b` (zero or with
/// `b`'s sign) into `r_out` (capacities [`divmod_len`]; `r_out` is also working space).
pub fn divmod_floor(
    q_out: &mut [Digit],
    r_out: &mut [Digit],
    a: Int,
    b: Int,
) -> Result<(Res, Res), IntError> {
    let (a, b) = (a.trimmed(), b.trimmed());
    if b.mag.is_empty() {
        return Err(IntError::ZeroDivision);
    }
    let (ql, rl) = divmod_len(a.mag.len(), b.mag.len());
    need(q_out, ql)?;
    need(r_out, rl)?;
    let (mut qlen, mut rlen) = mag::divmod(q_out, r_out, a.mag, b.mag);
    if a.neg != b.neg && rlen != 0 {
        // Truncated toward zero so far: step the quotient away from zero and take the
        // remainder from the other side.
        qlen = mag::inc(q_out, qlen);
        // r = |b| - r, computed through the spare space after the remainder.
        let (r, spare) = r_out.split_at_mut(b.mag.len() + 1);
        for (s, &x) in spare.iter_mut().zip(r.iter().take(rlen)) {
            *s = x;
        }
        let rem = spare.get(..rlen).unwrap_or_default();
        rlen = mag::sub(r, b.mag, rem);
    }
    Ok((Res::new(a.neg != b.neg, qlen), Res::new(b.neg, rlen)))
}

/// Output and scratch digits [`pow`] needs for `a ** exp` with `a` of `a_bits` bits, or
/// `None` when that does not fit a `usize` (the VM's `MemoryError`/`OverflowError`).
pub fn pow_len(a_bits: usize, exp: u64) -> Option<usize> {
    if a_bits <= 1 {
        // 0, 1 and -1 stay one digit for any exponent.
        return Some(2);
    }
    let exp = usize::try_from(exp).ok()?;
    let bits = a_bits.checked_mul(exp)?;
    Some(bits / DIGIT_BITS + 2)
}

/// `out = a ** exp`, with `scratch` as working space (both of capacity [`pow_len`] for
/// `a.bit_len()`; `0 ** 0 == 1`).
pub fn pow(out: &mut [Digit], scratch: &mut [Digit], a: Int, exp: u64) -> Result<Res, IntError> {
    let a = a.trimmed();
    let n = pow_len(a.bit_len(), exp).ok_or(IntError::BufferTooSmall)?;
    need(out, n)?;
    need(scratch, n)?;
    // Left to right binary powering, squaring between `out` and `scratch`.
    if let Some(o) = out.first_mut() {
        *o = 1;
    }
    let mut len = 1;
    let mut in_out = true;
    let top = 64 - exp.leading_zeros();
    for i in (0..top).rev() {
        for step in 0..2 {
            if step == 1 && (exp >> i) & 1 == 0 {
                break;
            }
            let (src, dst) = if in_out {
                (&*out, &mut *scratch)
            } else {
                (&*scratch, &mut *out)
            };
            let x = src.get(..len).unwrap_or_default();
            len = if step == 0 {
                mag::mul(dst, x, x)
            } else {
                mag::mul(dst, x, a.mag)
            };
            in_out = !in_out;
        }
    }
    if !in_out {
        for i in 0..len {
            if let (Some(o), Some(&s)) = (out.get_mut(i), scratch.get(i)) {
                *o = s;
            }
        }
    }
    Ok(Res::new(a.neg && exp & 1 == 1, len))
}

/// Output and scratch digits [`pow_mod`] needs for a base of `a_len` and a modulus of `m_len`
/// digits: `(m_len + 1, 4 * m_len + 2 * max(a_len, 2 * m_len) + 8)`.
pub fn pow_mod_len(a_len: usize, m_len: usize) -> (usize, usize) {
    let l = a_len.max(2 * m_len);
    (m_len + 1, 4 * m_len + 2 * l + 8)
}

/// `pow(a, e, m)` as MicroPython computes it (`mpz_pow3_inpl`): Python's result, the sign of
/// `m`, except that a negative `e` gives 0 (CPython would invert) and `e == 0` gives 1 for
/// any `|m| >= 2` (CPython: `1 % m`). `m == 0` is
/// [`IntError::ZeroDivision`]. Capacities from [`pow_mod_len`].
pub fn pow_mod(
    out: &mut [Digit],
    scratch: &mut [Digit],
    a: Int,
    e: Int,
    m: Int,
) -> Result<Res, IntError> {
    let (a, e, m) = (a.trimmed(), e.trimmed(), m.trimmed());
    if m.mag.is_empty() {
        return Err(IntError::ZeroDivision);
    }
    let ml = m.mag.len();
    let (ol, sl) = pow_mod_len(a.mag.len(), ml);
    need(out, ol)?;
    need(scratch, sl)?;
    if e.neg || m.mag == [1] {
        return Ok(Res::new(false, 0));
    }
    if e.mag.is_empty() {
        // 1, even for a negative m (the reference micropython prints 1 for `pow(v, 0, -3)`;
        // CPython gives `1 % m`, which is m + 1).
        let one = [1];
        return Ok(copy_res(out, &one, Res::new(false, 1)));
    }
    if a.mag.is_empty() {
        return Ok(Res::new(false, 0));
    }
    // Scratch: x (the base, reduced), a product (2 ml), a quotient and the remainder's
    // working space, both sized for dividing max(a, product) by m.
    let (x, rest) = scratch.split_at_mut(ml + 1);
    let (prod, rest) = rest.split_at_mut(2 * ml + 2);
    let l = a.mag.len().max(2 * ml);
    let (quo, rem) = rest.split_at_mut(l + 3);
    // x = a mod m
    let (_, r) = divmod_floor(quo, rem, a, m)?;
    let mut x_res = copy_res(x, rem, r);
    let mut d_res = {
        let one = [1];
        let (_, r) = divmod_floor(quo, rem, Int::new(false, &one), m)?;
        copy_res(out, rem, r)
    };
    let ebits = e.bit_len();
    for i in 0..ebits {
        let bit = e.mag.get(i / DIGIT_BITS).copied().unwrap_or(0) >> (i % DIGIT_BITS) & 1;
        if bit == 1 {
            let p = mul(prod, Int::of(out, d_res), Int::of(x, x_res))?;
            let (_, r) = divmod_floor(quo, rem, Int::of(prod, p), m)?;
            d_res = copy_res(out, rem, r);
        }
        if i + 1 < ebits {
            let p = mul(prod, Int::of(x, x_res), Int::of(x, x_res))?;
            let (_, r) = divmod_floor(quo, rem, Int::of(prod, p), m)?;
            x_res = copy_res(x, rem, r);
        }
    }
    Ok(d_res)
}

/// Copy the result `res` in `from` to `to`.
fn copy_res(to: &mut [Digit], from: &[Digit], res: Res) -> Res {
    for (t, &f) in to.iter_mut().zip(from.iter().take(res.len)) {
        *t = f;
    }
    res
}
