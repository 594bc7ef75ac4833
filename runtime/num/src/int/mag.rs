//! Magnitude arithmetic on little-endian `u32` digit slices (the `mpn_*` layer of
//! `py/mpz.c`): every function writes into a caller-provided output slice, which the callers
//! in `int` have checked is large enough, and returns the number of digits used (high zero
//! digits trimmed). Inputs are trimmed slices; outputs never alias inputs (the borrow rules
//! see to that).

use core::cmp::Ordering;

use super::Digit;

/// `mag` without its high zero digits.
pub(crate) fn trim(mag: &[Digit]) -> &[Digit] {
    let mut n = mag.len();
    while n > 0 && mag.get(n - 1) == Some(&0) {
        n -= 1;
    }
    mag.get(..n).unwrap_or_default()
}

/// The length of `out[..len]` without its high zero digits.
pub(crate) fn trimmed_len(out: &[Digit], len: usize) -> usize {
    trim(out.get(..len).unwrap_or(out)).len()
}

/// Compare two trimmed magnitudes.
pub(crate) fn cmp(a: &[Digit], b: &[Digit]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// Digit `i` of `a`, 0 beyond its end.
fn dig(a: &[Digit], i: usize) -> Digit {
    a.get(i).copied().unwrap_or(0)
}

/// `out = a + b`; `out.len() >= max(a.len(), b.len()) + 1`.
pub(crate) fn add(out: &mut [Digit], a: &[Digit], b: &[Digit]) -> usize {
    let n = a.len().max(b.len());
    let mut carry = 0u64;
    for (i, o) in out.iter_mut().enumerate().take(n) {
        let s = u64::from(dig(a, i)) + u64::from(dig(b, i)) + carry;
        *o = s as Digit;
        carry = s >> 32;
    }
    if let Some(o) = out.get_mut(n) {
        *o = carry as Digit;
    }
    trimmed_len(out, n + 1)
}

/// `out = a - b` for `a >= b`; `out.len() >= a.len()`.
pub(crate) fn sub(out: &mut [Digit], a: &[Digit], b: &[Digit]) -> usize {
    let mut borrow = false;
    for (i, o) in out.iter_mut().enumerate().take(a.len()) {
        let (d, b1) = dig(a, i).overflowing_sub(dig(b, i));
        let (d, b2) = d.overflowing_sub(Digit::from(borrow));
        *o = d;
        borrow = b1 || b2;
    }
    trimmed_len(out, a.len())
}

/// `out = a * b` (schoolbook); `out.len() >= a.len() + b.len()`.
pub(crate) fn mul(out: &mut [Digit], a: &[Digit], b: &[Digit]) -> usize {
    let n = a.len() + b.len();
    for o in out.iter_mut().take(n) {
        *o = 0;
    }
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &y) in b.iter().enumerate() {
            if let Some(o) = out.get_mut(i + j) {
                let t = u64::from(x) * u64::from(y) + u64::from(*o) + carry;
                *o = t as Digit;
                carry = t >> 32;
            }
        }
        if let Some(o) = out.get_mut(i + b.len()) {
            *o = carry as Digit;
        }
    }
    trimmed_len(out, n)
}

/// `a = a * m + d` in place over `a[..len]`, growing by at most one digit (`a.len() > len`
/// must hold when a carry remains); returns the new length (`mpn_mul_dig_add_dig`).
pub(crate) fn mul_dig_add(a: &mut [Digit], len: usize, m: Digit, d: Digit) -> usize {
    let mut carry = u64::from(d);
    for x in a.iter_mut().take(len) {
        let t = u64::from(*x) * u64::from(m) + carry;
        *x = t as Digit;
        carry = t >> 32;
    }
    if carry != 0 {
        if let Some(x) = a.get_mut(len) {
            *x = carry as Digit;
            return len + 1;
        }
    }
    len
}

/// `a = a / d` in place, returning the remainder (`d != 0`).
pub(crate) fn div_dig(a: &mut [Digit], d: Digit) -> Digit {
    let mut rem = 0u64;
    for x in a.iter_mut().rev() {
        let cur = (rem << 32) | u64::from(*x);
        *x = (cur / u64::from(d)) as Digit;
        rem = cur % u64::from(d);
    }
    rem as Digit
}

/// Quotient and remainder of trimmed magnitudes, `b` non-empty (Knuth's algorithm D).
///
/// `q.len() >= a.len() - b.len() + 1` (or 1); `r.len() >= a.len() + b.len() + 1`: `r` is
/// also the working space (the shifted dividend in `r[..a.len() + 1]`, the shifted divisor
/// after it). Returns the lengths of the quotient in `q` and the remainder in `r`.
pub(crate) fn divmod(q: &mut [Digit], r: &mut [Digit], a: &[Digit], b: &[Digit]) -> (usize, usize) {
    let n = b.len();
    if cmp(a, b) == Ordering::Less {
        for (o, &x) in r.iter_mut().zip(a) {
            *o = x;
        }
        return (0, a.len());
    }
    let m = a.len();
    if n == 1 {
        let d = dig(b, 0);
        for (o, &x) in q.iter_mut().zip(a) {
            *o = x;
        }
        let rem = div_dig(q.get_mut(..m).unwrap_or_default(), d);
        if let Some(o) = r.get_mut(0) {
            *o = rem;
        }
        return (trimmed_len(q, m), usize::from(rem != 0));
    }
    let s = dig(b, n - 1).leading_zeros();
    let (u, rest) = r.split_at_mut((m + 1).min(r.len()));
    let v = rest.get_mut(..n).unwrap_or_default();
    shl_bits(v, b, s);
    shl_bits(u, a, s);
    let vt = u64::from(dig(v, n - 1));
    let vt2 = u64::from(dig(v, n - 2));
    for j in (0..=m - n).rev() {
        let num = (u64::from(dig(u, j + n)) << 32) | u64::from(dig(u, j + n - 1));
        let mut qhat = num / vt;
        let mut rhat = num % vt;
        while qhat > u64::from(Digit::MAX)
            || qhat * vt2 > ((rhat << 32) | u64::from(dig(u, j + n - 2)))
        {
            qhat -= 1;
            rhat += vt;
            if rhat > u64::from(Digit::MAX) {
                break;
            }
        }
        // u[j..=j+n] -= qhat * v
        let mut carry = 0u64;
        let mut borrow = false;
        for i in 0..n {
            let p = qhat * u64::from(dig(v, i)) + carry;
            carry = p >> 32;
            if let Some(x) = u.get_mut(i + j) {
                let (d, b1) = x.overflowing_sub(p as Digit);
                let (d, b2) = d.overflowing_sub(Digit::from(borrow));
                *x = d;
                borrow = b1 || b2;
            }
        }
        if let Some(x) = u.get_mut(j + n) {
            let (d, b1) = x.overflowing_sub(carry as Digit);
            let (d, b2) = d.overflowing_sub(Digit::from(borrow));
            *x = d;
            borrow = b1 || b2;
        }
        if borrow {
            // qhat was one too large: add v back.
            qhat -= 1;
            let mut c = 0u64;
            for i in 0..n {
                if let Some(x) = u.get_mut(i + j) {
                    let t = u64::from(*x) + u64::from(dig(v, i)) + c;
                    *x = t as Digit;
                    c = t >> 32;
                }
            }
            if let Some(x) = u.get_mut(j + n) {
                *x = x.wrapping_add(c as Digit);
            }
        }
        if let Some(x) = q.get_mut(j) {
            *x = qhat as Digit;
        }
    }
    // The remainder is u[..n] shifted back, in place (reads run ahead of writes).
    for i in 0..n {
        let lo = dig(u, i) >> s;
        let hi = if s == 0 { 0 } else { dig(u, i + 1) << (32 - s) };
        if let Some(x) = u.get_mut(i) {
            *x = lo | hi;
        }
    }
    (trimmed_len(q, m - n + 1), trimmed_len(u, n))
}

/// `out = a << bits` for `bits < 32`, writing `a.len() + 1` digits (untrimmed).
fn shl_bits(out: &mut [Digit], a: &[Digit], bits: u32) {
    let mut carry = 0;
    for i in 0..a.len() {
        let x = dig(a, i);
        if let Some(o) = out.get_mut(i) {
            *o = (x << bits) | carry;
        }
        carry = if bits == 0 { 0 } else { x >> (32 - bits) };
    }
    if let Some(o) = out.get_mut(a.len()) {
        *o = carry;
    }
}

/// `out = a << n`; `out.len() >= a.len() + n / 32 + 1`.
pub(crate) fn shl(out: &mut [Digit], a: &[Digit], n: usize) -> usize {
    if a.is_empty() {
        return 0;
    }
    let words = n / 32;
    for o in out.iter_mut().take(words) {
        *o = 0;
    }
    shl_bits(out.get_mut(words..).unwrap_or_default(), a, (n % 32) as u32);
    trimmed_len(out, words + a.len() + 1)
}

/// `out = a >> n` (truncating); `out.len() >= a.len()`. Also returns whether any 1 bit was
/// shifted out.
pub(crate) fn shr(out: &mut [Digit], a: &[Digit], n: usize) -> (usize, bool) {
    let words = n / 32;
    let bits = (n % 32) as u32;
    if words >= a.len() {
        return (0, !a.is_empty());
    }
    let mut lost = a.iter().take(words).any(|&x| x != 0);
    if bits != 0 {
        lost |= dig(a, words) & ((1 << bits) - 1) != 0;
    }
    let len = a.len() - words;
    for i in 0..len {
        let lo = dig(a, i + words) >> bits;
        let hi = if bits == 0 {
            0
        } else {
            dig(a, i + words + 1) << (32 - bits)
        };
        if let Some(o) = out.get_mut(i) {
            *o = lo | hi;
        }
    }
    (trimmed_len(out, len), lost)
}

/// `a += 1` in place over `a[..len]`, growing by at most one digit; returns the new length.
pub(crate) fn inc(a: &mut [Digit], len: usize) -> usize {
    mul_dig_add(a, len, 1, 1)
}
