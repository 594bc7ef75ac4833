//! Shifts and bitwise operators with Python's semantics for negative numbers: the operands
//! behave as infinite two's complement bit strings (`-1` is all ones), `>>` rounds toward
//! minus infinity, `~x == -x - 1`.
//!
//! Output capacities: `shl`: `a_len + n / 32 + 1`; `shr`: `a_len + 1`; `and`/`or`/`xor`:
//! `max(a_len, b_len) + 1`; `invert`: `max(a_len, 1) + 1`.

use super::{mag, need, Digit, Int, IntError, Res, DIGIT_BITS};

/// `out = a << n`; capacity `a.len() + n / 32 + 1`.
pub fn shl(out: &mut [Digit], a: Int, n: usize) -> Result<Res, IntError> {
    let a = a.trimmed();
    need(out, a.mag.len() + n / DIGIT_BITS + 1)?;
    Ok(Res::new(a.neg, mag::shl(out, a.mag, n)))
}

/// `out = a >> n`, rounding toward minus infinity (`-5 >> 1 == -3`); capacity
/// `a.len() + 1`.
pub fn shr(out: &mut [Digit], a: Int, n: usize) -> Result<Res, IntError> {
    let a = a.trimmed();
    need(out, a.mag.len() + 1)?;
    let (mut len, lost) = mag::shr(out, a.mag, n);
    if a.neg && lost {
        len = mag::inc(out, len);
    }
    Ok(Res::new(a.neg, len))
}

/// `out = ~a = -a - 1`; capacity `max(a.len(), 1) + 1`.
pub fn invert(out: &mut [Digit], a: Int) -> Result<Res, IntError> {
    let a = a.trimmed();
    need(out, a.mag.len().max(1) + 1)?;
    let one = [1];
    // -a - 1 == -(a + 1)
    super::add(out, Int::new(!a.neg, a.mag), Int::new(true, &one))
}

/// Two's complement digits of an integer, sign-extended without end.
struct TwosDigits<'a> {
    mag: &'a [Digit],
    neg: bool,
    carry: bool,
    i: usize,
}

impl<'a> TwosDigits<'a> {
    fn new(a: Int<'a>) -> TwosDigits<'a> {
        TwosDigits {
            mag: a.mag,
            neg: a.neg,
            carry: true,
            i: 0,
        }
    }

    fn next_digit(&mut self) -> Digit {
        let d = self.mag.get(self.i).copied().unwrap_or(0);
        self.i += 1;
        if !self.neg {
            return d;
        }
        // -m == !m + 1
        let (v, c) = (!d).overflowing_add(Digit::from(self.carry));
        self.carry = c;
        v
    }
}

/// Apply `op` digit by digit to the two's complement forms and convert back.
fn bitwise(
    out: &mut [Digit],
    a: Int,
    b: Int,
    op: fn(Digit, Digit) -> Digit,
) -> Result<Res, IntError> {
    let (a, b) = (a.trimmed(), b.trimmed());
    let n = a.mag.len().max(b.mag.len()) + 1;
    need(out, n)?;
    let neg = op(Digit::from(a.neg), Digit::from(b.neg)) & 1 == 1;
    let (mut da, mut db) = (TwosDigits::new(a), TwosDigits::new(b));
    let mut carry = true;
    for o in out.iter_mut().take(n) {
        let r = op(da.next_digit(), db.next_digit());
        *o = if neg {
            // Back to a magnitude: -r == !r + 1.
            let (v, c) = (!r).overflowing_add(Digit::from(carry));
            carry = c;
            v
        } else {
            r
        };
    }
    Ok(Res::new(neg, mag::trimmed_len(out, n)))
}

/// `out = a & b`; capacity `max(a.len(), b.len()) + 1`.
pub fn and(out: &mut [Digit], a: Int, b: Int) -> Result<Res, IntError> {
    bitwise(out, a, b, |x, y| x & y)
}

/// `out = a | b`; capacity `max(a.len(), b.len()) + 1`.
pub fn or(out: &mut [Digit], a: Int, b: Int) -> Result<Res, IntError> {
    bitwise(out, a, b, |x, y| x | y)
}

/// `out = a ^ b`; capacity `max(a.len(), b.len()) + 1`.
pub fn xor(out: &mut [Digit], a: Int, b: Int) -> Result<Res, IntError> {
    bitwise(out, a, b, |x, y| x ^ y)
}
