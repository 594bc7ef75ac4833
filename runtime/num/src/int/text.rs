//! Big integers to and from text: `str(n)`, `hex(n)` and friends in any radix 2..36 with an
//! optional thousands separator (`mpz_as_str_inpl`), and `int(text, base)` with MicroPython's
//! rules (`mp_parse_num_integer`, `mp_parse_num_base`, `mpz_set_from_str`).

use super::{mag, Digit, Int, IntError, Res};

/// Why `int(text, base)` failed; the VM turns it into MicroPython's exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseIntError {
    /// `base` is neither 0 nor 2..=36: `ValueError: int() arg 2 must be >= 2 and <= 36`.
    BadBase,
    /// `ValueError: invalid syntax for integer with base {base}: {text[start..]!r}` (the
    /// unix port's detailed message; `base` is the one the prefix selected, 0 for a
    /// base-0 text with a leading `0` and no `x`/`o`/`b`; `start` is where the digits began,
    /// after whitespace, sign and prefix).
    InvalidSyntax {
        /// The base to name in the message.
        base: u32,
        /// Offset in the text of what the message quotes (up to the end of the text).
        start: usize,
    },
    /// The output slice is smaller than [`from_str_radix_len`] says.
    BufferTooSmall,
}

/// `unichar_isspace`: the C `isspace` set.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The value of a digit character in bases up to 36, any case.
fn digit_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 10),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// `mp_parse_num_base`: the prefix length and the base it selects. A base-0 text starting
/// with `0` and no prefix letter gets base 1, under which only zeros are digits (so `int("00",
/// 0)` is 0 and `int("012", 0)` an error).
fn parse_base(rest: &[u8], base: u32) -> (usize, u32) {
    if let [b'0', c, ..] = rest {
        let b = match c | 0x20 {
            b'x' if base == 0 || base == 16 => 16,
            b'o' if base == 0 || base == 8 => 8,
            b'b' if base == 0 || base == 2 => 2,
            _ => return (0, if base == 0 { 1 } else { base }),
        };
        return (2, b);
    }
    (0, if base == 0 { 10 } else { base })
}

/// Output digits [`from_str_radix`] needs for a text of `text_len` bytes (any base).
pub fn from_str_radix_len(text_len: usize) -> usize {
    text_len * 6 / 32 + 2
}

/// `int(text, base)` with MicroPython's rules: surrounding whitespace, a sign, a `0x`/`0o`/`0b`
/// prefix when `base` is 0 or matches, digits of either case, `_` skipped anywhere while the
/// value fits a small int. `small_int_bits` is the width of the VM's small ints with the sign
/// (63 on 64-bit targets, 31 on 32-bit ones): once the value reaches `2^(small_int_bits - 1)`,
/// MicroPython re-reads the digits with the big-integer reader, which does not skip `_`, so an
/// underscore in such a text makes it invalid. Capacity [`from_str_radix_len`].
pub fn from_str_radix(
    out: &mut [Digit],
    text: &[u8],
    base: u32,
    small_int_bits: u32,
) -> Result<Res, ParseIntError> {
    if (base != 0 && base < 2) || base > 36 {
        return Err(ParseIntError::BadBase);
    }
    if out.len() < from_str_radix_len(text.len()) {
        return Err(ParseIntError::BufferTooSmall);
    }
    let mut pos = 0;
    while text.get(pos).copied().is_some_and(is_space) {
        pos += 1;
    }
    let mut neg = false;
    match text.get(pos) {
        Some(b'+') => pos += 1,
        Some(b'-') => {
            pos += 1;
            neg = true;
        }
        _ => {}
    }
    let (used, base) = parse_base(text.get(pos..).unwrap_or_default(), base);
    pos += used;
    let start = pos;
    let err = ParseIntError::InvalidSyntax {
        base: if base == 1 { 0 } else { base },
        start,
    };
    let limit = 1u64 << small_int_bits.clamp(2, 64).saturating_sub(1).min(63);
    let mut val: u64 = 0;
    let mut big = false;
    while let Some(&c) = text.get(pos) {
        if c == b'_' {
            pos += 1;
            continue;
        }
        let Some(d) = digit_value(c).filter(|&d| d < base) else {
            break;
        };
        match val
            .checked_mul(u64::from(base))
            .and_then(|v| v.checked_add(u64::from(d)))
        {
            Some(v) if v < limit => val = v,
            _ => {
                big = true;
                break;
            }
        }
        pos += 1;
    }
    let mut len;
    if big {
        // Re-read from the start with the big-integer reader (no `_`).
        pos = start;
        len = 0;
        while let Some(d) = text
            .get(pos)
            .and_then(|&c| digit_value(c))
            .filter(|&d| d < base)
        {
            len = mag::mul_dig_add(out, len, base, d);
            pos += 1;
        }
    } else {
        let r = super::from_u64(out, val).map_err(|_| ParseIntError::BufferTooSmall)?;
        len = r.len;
    }
    if pos == start {
        return Err(err);
    }
    while text.get(pos).copied().is_some_and(is_space) {
        pos += 1;
    }
    if pos != text.len() {
        return Err(err);
    }
    Ok(Res::new(neg, len))
}

/// Bytes [`to_str_radix`] needs at most for an integer of `a_len` digits (with the sign and,
/// when `sep`, the separators).
pub fn to_str_radix_len(a_len: usize, radix: u32, sep: bool) -> usize {
    let per_char = (31 - radix.clamp(2, 36).leading_zeros()) as usize; // floor(log2(radix))
    let digits = a_len * 32 / per_char + 1;
    digits + if sep { digits / 3 + 1 } else { 0 } + 1
}

/// Write `a` in `radix` (2..=36) into `out`, returning the length: `-` for a negative value,
/// no prefix, letters from `a` (or `A` with `upper`), and with `sep` (`b','` or `b'_'`, 0 for
/// none) between groups of 3 digits in base 10 and 4 otherwise, as `str.format`'s `,`/`_`
/// options give. `scratch` needs `a.len()` digits. Capacity [`to_str_radix_len`].
pub fn to_str_radix(
    out: &mut [u8],
    scratch: &mut [Digit],
    a: Int,
    radix: u32,
    upper: bool,
    sep: u8,
) -> Result<usize, IntError> {
    let a = a.trimmed();
    if !(2..=36).contains(&radix) {
        return Err(IntError::BufferTooSmall);
    }
    if out.len() < to_str_radix_len(a.mag.len(), radix, sep != 0) || scratch.len() < a.mag.len() {
        return Err(IntError::BufferTooSmall);
    }
    let letter = if upper { b'A' } else { b'a' };
    let group = if radix == 10 { 3 } else { 4 };
    // The largest power of the radix in a digit, and its exponent.
    let (mut chunk, mut per) = (radix, 1);
    while let Some(c) = chunk.checked_mul(radix) {
        chunk = c;
        per += 1;
    }
    let work = scratch.get_mut(..a.mag.len()).unwrap_or_default();
    work.copy_from_slice(a.mag);
    let mut wlen = work.len();
    let mut n = 0;
    let mut count = 0;
    let put = |out: &mut [u8], b: u8, n: &mut usize| {
        if let Some(o) = out.get_mut(*n) {
            *o = b;
        }
        *n += 1;
    };
    loop {
        let mut rem = mag::div_dig(work.get_mut(..wlen).unwrap_or_default(), chunk);
        wlen = mag::trimmed_len(work, wlen);
        let last = wlen == 0;
        for i in 0..per {
            if last && rem == 0 && i > 0 {
                break;
            }
            let d = (rem % radix) as u8;
            rem /= radix;
            if sep != 0 && count > 0 && count % group == 0 {
                put(out, sep, &mut n);
            }
            put(out, if d < 10 { b'0' + d } else { letter + d - 10 }, &mut n);
            count += 1;
        }
        if last {
            break;
        }
    }
    if a.neg {
        put(out, b'-', &mut n);
    }
    if let Some(s) = out.get_mut(..n) {
        s.reverse();
    }
    Ok(n)
}
