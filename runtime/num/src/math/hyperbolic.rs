//! `sinh`, `cosh` and `tanh` by the classic fdlibm formulas that glibc's implementations use,
//! over `expm1` (the `libm` crate's is fdlibm's too) and the correctly rounded `exp`, so that
//! the roundings are glibc's. The `libm` crate's own versions (musl's) use other formulas and
//! differ from glibc's in the last bit or two for some arguments.

use super::accurate::exp;

/// `|x|`'s high 32 bits, as fdlibm compares arguments against thresholds.
fn high_word(x: f64) -> u32 {
    ((x.to_bits() >> 32) as u32) & 0x7fff_ffff
}

/// `cosh x`.
pub fn cosh(x: f64) -> f64 {
    let ix = high_word(x);
    let ax = x.abs();
    if ix >= 0x7ff0_0000 {
        return x * x;
    }
    if ix < 0x3fd6_2e43 {
        // |x| < ln2 / 2: 1 + t^2 / (2 (1 + t)) with t = expm1(|x|).
        let t = libm::expm1(ax);
        let w = 1.0 + t;
        if ix < 0x3c80_0000 {
            return w;
        }
        return 1.0 + (t * t) / (w + w);
    }
    if ix < 0x4036_0000 {
        // |x| < 22
        let t = exp(ax);
        return 0.5 * t + 0.5 / t;
    }
    if ix < 0x4086_2e42 {
        return 0.5 * exp(ax);
    }
    if ax <= f64::from_bits(0x4086_33ce_8fb9_f87d) {
        let w = exp(0.5 * ax);
        let t = 0.5 * w;
        return t * w;
    }
    f64::INFINITY
}

/// `sinh x`.
pub fn sinh(x: f64) -> f64 {
    let ix = high_word(x);
    if ix >= 0x7ff0_0000 {
        return x + x;
    }
    let h = if x.is_sign_negative() { -0.5 } else { 0.5 };
    let ax = x.abs();
    if ix < 0x4036_0000 {
        // |x| < 22
        if ix < 0x3e30_0000 {
            // |x| < 2^-28: sinh x == x
            return x;
        }
        let t = libm::expm1(ax);
        if ix < 0x3ff0_0000 {
            return h * (2.0 * t - t * t / (t + 1.0));
        }
        return h * (t + t / (t + 1.0));
    }
    if ix < 0x4086_2e42 {
        return h * exp(ax);
    }
    if ax <= f64::from_bits(0x4086_33ce_8fb9_f87d) {
        let w = exp(0.5 * ax);
        let t = h * w;
        return t * w;
    }
    x * f64::INFINITY
}

/// `tanh x`.
pub fn tanh(x: f64) -> f64 {
    let ix = high_word(x);
    let neg = x.is_sign_negative();
    if ix >= 0x7ff0_0000 {
        // tanh(+-inf) = +-1, tanh(NaN) = NaN
        return if neg { 1.0 / x - 1.0 } else { 1.0 / x + 1.0 };
    }
    let z = if ix < 0x4036_0000 {
        // |x| < 22
        if ix < 0x3c80_0000 {
            // |x| < 2^-55
            return x * (1.0 + x);
        }
        if ix >= 0x3ff0_0000 {
            // |x| >= 1
            let t = libm::expm1(2.0 * x.abs());
            1.0 - 2.0 / (t + 2.0)
        } else {
            let t = libm::expm1(-2.0 * x.abs());
            -t / (t + 2.0)
        }
    } else {
        1.0
    };
    if neg {
        -z
    } else {
        z
    }
}

/// `ln 2` rounded to a double.
const LN2: f64 = f64::from_bits(0x3FE6_2E42_FEFA_39EF);

/// `acosh x` (fdlibm's formulas, as glibc).
pub fn acosh(x: f64) -> f64 {
    let hx = (x.to_bits() >> 32) as u32;
    if x < 1.0 || x.is_nan() {
        return libm::acosh(x);
    }
    if hx >= 0x41b0_0000 {
        // x > 2^28 (or inf)
        if hx >= 0x7ff0_0000 {
            return x + x;
        }
        return super::accurate::log(x) + LN2;
    }
    if x == 1.0 {
        return 0.0;
    }
    if hx > 0x4000_0000 {
        // 2 < x < 2^28
        let t = x * x;
        return super::accurate::log(2.0 * x - 1.0 / (x + libm::sqrt(t - 1.0)));
    }
    // 1 < x <= 2
    let t = x - 1.0;
    libm::log1p(t + libm::sqrt(2.0 * t + t * t))
}

/// `asinh x` (fdlibm's formulas, as glibc).
pub fn asinh(x: f64) -> f64 {
    let ix = high_word(x);
    if ix >= 0x7ff0_0000 {
        return x + x;
    }
    if ix < 0x3e30_0000 {
        // |x| < 2^-28
        return x;
    }
    let ax = x.abs();
    let w = if ix > 0x41b0_0000 {
        // |x| > 2^28
        super::accurate::log(ax) + LN2
    } else if ix > 0x4000_0000 {
        // 2 < |x| <= 2^28
        super::accurate::log(2.0 * ax + 1.0 / (libm::sqrt(x * x + 1.0) + ax))
    } else {
        // 2^-28 <= |x| <= 2
        let t = x * x;
        libm::log1p(ax + t / (1.0 + libm::sqrt(1.0 + t)))
    };
    if x.is_sign_negative() {
        -w
    } else {
        w
    }
}
