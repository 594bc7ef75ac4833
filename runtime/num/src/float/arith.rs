//! Float `//`, `%` and `divmod` with Python's floor semantics, computed the way
//! `py/objfloat.c` does (from C's `fmod`, then adjusted), so that results and the signs of
//! zeros are MicroPython's. Division by zero is the caller's check (`ZeroDivisionError`).

/// `x % y` for `y != 0`: `fmod`, moved to the sign of `y` (a zero result takes `y`'s sign).
pub fn modulo(x: f64, y: f64) -> f64 {
    let m = libm::fmod(x, y);
    if m == 0.0 {
        libm::copysign(0.0, y)
    } else if (m < 0.0) != (y < 0.0) {
        m + y
    } else {
        m
    }
}

/// `divmod(x, y)` for `y != 0`, i.e. `(x // y, x % y)`: the quotient is computed from
/// `(x - fmod(x, y)) / y`, corrected by one when the remainder changed side, then floored
/// and rounded up when the division left more than one half (so that `x == (x//y)*y + x%y`
/// holds as closely as doubles allow); a zero quotient has the sign of `x / y`.
pub fn floor_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = libm::fmod(x, y);
    let mut div = (x - m) / y;
    if m == 0.0 {
        m = libm::copysign(0.0, y);
    } else if (m < 0.0) != (y < 0.0) {
        m += y;
        div -= 1.0;
    }
    let q = if div == 0.0 {
        libm::copysign(0.0, x / y)
    } else {
        let f = libm::floor(div);
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    };
    (q, m)
}

/// `round(x)` before the conversion to int: to the nearest integer, ties to even (C's
/// `nearbyint` in the default rounding mode). The VM then makes an int of it
/// ([`crate::int::from_f64`]; `OverflowError`/`ValueError` for infinities and NaN).
pub fn round(x: f64) -> f64 {
    libm::rint(x)
}

/// `round(x, ndigits)` as `mp_builtin_round` computes it: `nearbyint(x * 10**n) / 10**n`
/// with `10**n` from C's `pow` (so not always the nearest decimal, and an overflowing product
/// gives `inf`/`nan` as in MicroPython).
pub fn round_digits(x: f64, ndigits: i64) -> f64 {
    let mult = pow10(ndigits);
    libm::rint(x * mult) / mult
}

/// `pow(10, n)` as glibc's `pow` gives it (the `libm` crate's `pow` is one unit off for some,
/// e.g. `10**-5`): correctly rounded (Rust's decimal parser on `1e<n>`), except for `n = 23`
/// (an exact tie, which glibc rounds up) and `n = 210`, where glibc is one unit above (checked
/// for every `n` from -400 to 308 against glibc 2.36).
pub fn pow10(n: i64) -> f64 {
    if n == 23 || n == 210 {
        return f64::from_bits(pow10_nearest(n).to_bits() + 1);
    }
    pow10_nearest(n)
}

/// `10^n` correctly rounded.
fn pow10_nearest(n: i64) -> f64 {
    if n > 400 {
        return f64::INFINITY;
    }
    if n < -400 {
        return 0.0;
    }
    // "1e-400" at most: 6 bytes.
    let mut buf = [0u8; 8];
    let mut len = 0;
    let mut push = |b: u8| {
        if let Some(slot) = buf.get_mut(len) {
            *slot = b;
            len += 1;
        }
    };
    push(b'1');
    push(b'e');
    if n < 0 {
        push(b'-');
    }
    let a = n.unsigned_abs();
    let mut started = false;
    for div in [100, 10, 1] {
        let d = (a / div % 10) as u8;
        if d != 0 || started || div == 1 {
            push(b'0' + d);
            started = true;
        }
    }
    core::str::from_utf8(buf.get(..len).unwrap_or_default())
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(f64::NAN)
}
