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
