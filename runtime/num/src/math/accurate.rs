//! `exp`, `log`, `log2`, `log10` and `pow` rounded correctly (up to very rare hard cases),
//! to match glibc, whose implementations of these are accurate to about half a unit and so
//! give the correctly rounded result for all but a tiny fraction of arguments, where the
//! `libm` crate's are one unit off for a few percent of them.
//!
//! The values are computed in double-double arithmetic (an unevaluated sum `hi + lo` of two
//! doubles, about 106 bits) with plain series, then rounded once. Arguments whose results
//! leave the normal range, and the special values, go to the `libm` crate, whose IEEE
//! special-case handling is the C standard's.

/// A double-double `hi + lo`, `|lo| <= ulp(hi) / 2`.
#[derive(Clone, Copy, Debug)]
struct Dd {
    hi: f64,
    lo: f64,
}

/// `a + b` exactly, as a double-double (Knuth's two-sum).
const fn two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    let bb = s - a;
    Dd {
        hi: s,
        lo: (a - (s - bb)) + (b - bb),
    }
}

/// `a + b` exactly for `|a| >= |b|`.
const fn quick_two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    Dd {
        hi: s,
        lo: b - (s - a),
    }
}

/// Veltkamp's split of `a` into two halves of 26 bits (`|a| < 2^996`).
const fn split(a: f64) -> (f64, f64) {
    let t = 134217729.0 * a;
    let hi = t - (t - a);
    (hi, a - hi)
}

/// `a * b` exactly (Dekker's product; no fused multiply-add, which is slow in software).
const fn two_prod(a: f64, b: f64) -> Dd {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    Dd {
        hi: p,
        lo: ((ah * bh - p) + ah * bl + al * bh) + al * bl,
    }
}

impl Dd {
    const fn new(hi: f64) -> Dd {
        Dd { hi, lo: 0.0 }
    }

    const fn add(self, y: Dd) -> Dd {
        let s = two_sum(self.hi, y.hi);
        let t = two_sum(self.lo, y.lo);
        let s = quick_two_sum(s.hi, s.lo + t.hi);
        quick_two_sum(s.hi, s.lo + t.lo)
    }

    const fn neg(self) -> Dd {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }

    const fn sub(self, y: Dd) -> Dd {
        self.add(y.neg())
    }

    const fn mul(self, y: Dd) -> Dd {
        let p = two_prod(self.hi, y.hi);
        quick_two_sum(p.hi, p.lo + (self.hi * y.lo + self.lo * y.hi))
    }

    const fn mul_f(self, f: f64) -> Dd {
        let p = two_prod(self.hi, f);
        quick_two_sum(p.hi, p.lo + self.lo * f)
    }

    const fn div(self, y: Dd) -> Dd {
        let q1 = self.hi / y.hi;
        let r = self.sub(y.mul_f(q1));
        let q2 = r.hi / y.hi;
        let r = r.sub(y.mul_f(q2));
        let q3 = r.hi / y.hi;
        quick_two_sum(q1, q2).add(Dd::new(q3))
    }

    /// The nearest double.
    const fn round(self) -> f64 {
        self.hi + self.lo
    }
}

/// `ln 2` as a double-double.
const LN2: Dd = Dd {
    hi: f64::from_bits(0x3FE6_2E42_FEFA_39EF),
    lo: f64::from_bits(0x3C7A_BC9E_3B39_803F),
};

/// `2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...)` with `terms` terms.
const fn atanh2(s: Dd, terms: u32) -> Dd {
    let s2 = s.mul(s);
    let mut t = Dd::new(0.0);
    let mut i = terms;
    while i > 0 {
        i -= 1;
        t = t.mul(s2).add(Dd::new(1.0).div(Dd::new((2 * i + 1) as f64)));
    }
    s.mul(t).mul_f(2.0)
}

/// The table points of `log_dd`: `c_j = 1 + j/64` for `j` in `-20..=27`.
const LOG_TABLE_LO: i32 = -20;
const LOG_TABLE_LEN: usize = 48;

/// `ln(c_j)` as double-doubles, computed at compile time by the long series.
const LOG_TABLE: [Dd; LOG_TABLE_LEN] = {
    let mut t = [Dd::new(0.0); LOG_TABLE_LEN];
    let mut j = 0;
    while j < LOG_TABLE_LEN {
        let c = 1.0 + (j as i32 + LOG_TABLE_LO) as f64 / 64.0;
        // ln c = 2 atanh((c - 1) / (c + 1)), |s| < 0.2: 40 terms reach 2^-110.
        let s = Dd::new(c - 1.0).div(two_sum(c, 1.0));
        t[j] = atanh2(s, 40);
        j += 1;
    }
    t
};

/// `1/n` as double-doubles, `n` in 0..=16 (index 0 unused).
const INV: [Dd; 17] = {
    let mut t = [Dd::new(0.0); 17];
    let mut n = 1;
    while n < 17 {
        t[n] = Dd::new(1.0).div(Dd::new(n as f64));
        n += 1;
    }
    t
};

/// `ln x` for a finite `x > 0` (subnormals included).
fn log_dd(x: f64) -> Dd {
    let (mut m, mut k) = libm::frexp(x);
    if m < core::f64::consts::FRAC_1_SQRT_2 {
        m *= 2.0;
        k -= 1;
    }
    // m in [0.707, 1.415): the nearest table point c, then ln m = ln c + 2 atanh(s) with
    // s = (m - c) / (m + c), |s| < 1/256, where 7 terms reach 2^-110.
    let j = libm::round((m - 1.0) * 64.0) as i32;
    let idx = (j - LOG_TABLE_LO).clamp(0, LOG_TABLE_LEN as i32 - 1) as usize;
    let c = 1.0 + (idx as i32 + LOG_TABLE_LO) as f64 / 64.0;
    // m - c is exact (both in [0.5, 2], Sterbenz).
    let s = Dd::new(m - c).div(two_sum(m, c));
    let ln_c = LOG_TABLE.get(idx).copied().unwrap_or(Dd::new(0.0));
    LN2.mul_f(f64::from(k)).add(ln_c).add(atanh2_small(s))
}

/// `2 atanh(s)` for `|s| < 1/256` (7 terms, coefficients from `INV`).
fn atanh2_small(s: Dd) -> Dd {
    let s2 = s.mul(s);
    let mut t = Dd::new(0.0);
    for i in (0..7).rev() {
        t = t
            .mul(s2)
            .add(INV.get(2 * i + 1).copied().unwrap_or(Dd::new(0.0)));
    }
    s.mul(t).mul_f(2.0)
}

/// `e^t` rounded, for `|t| < 708` (a normal result).
fn exp_dd(t: Dd) -> f64 {
    let k = libm::round(t.hi / LN2.hi);
    let r = t.sub(LN2.mul_f(k));
    // e^r = (e^(r / 2^8))^(2^8); e^u - 1 by Taylor for |u| < 1.4e-3 (12 terms: 2^-110).
    let u = r.mul_f(1.0 / 256.0);
    let mut p = Dd::new(0.0);
    for n in (1..=12).rev() {
        p = p
            .add(Dd::new(1.0))
            .mul(INV.get(n).copied().unwrap_or(Dd::new(0.0)))
            .mul(u);
    }
    // Keep e^u - 1 while squaring: (1 + a)^2 - 1 = 2a + a^2.
    for _ in 0..8 {
        p = p.mul_f(2.0).add(p.mul(p));
    }
    let v = Dd::new(1.0).add(p).round();
    libm::ldexp(v, k as i32)
}

/// `e^x`.
pub fn exp(x: f64) -> f64 {
    if x.is_finite() && x.abs() < 708.0 {
        exp_dd(Dd::new(x))
    } else {
        libm::exp(x)
    }
}

/// `ln x`.
pub fn log(x: f64) -> f64 {
    if x.is_finite() && x > 0.0 {
        log_dd(x).round()
    } else {
        libm::log(x)
    }
}

/// `log2 x`.
pub fn log2(x: f64) -> f64 {
    if x.is_finite() && x > 0.0 {
        log_dd(x).div(LN2).round()
    } else {
        libm::log2(x)
    }
}

/// `log10 x` the way glibc computes it (fdlibm's method, not correctly rounded): with
/// `x = 2^k * m`, `m` in [1, 2) (or [0.5, 1) for negative `k`, counting `k + 1`),
/// `(k * log10(2)_lo + log(m) / ln 10) + k * log10(2)_hi`, in doubles, over a correctly
/// rounded `log`.
pub fn log10(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return libm::log10(x);
    }
    const IVLN10: f64 = f64::from_bits(0x3FDB_CB7B_1526_E50E);
    const LOG10_2HI: f64 = f64::from_bits(0x3FD3_4413_509F_6000);
    const LOG10_2LO: f64 = f64::from_bits(0x3D59_FEF3_11F1_2B36);
    let mut bits = x.to_bits();
    let mut k: i64 = 0;
    if bits >> 52 == 0 {
        // Subnormal: scale by 2^54 first.
        k -= 54;
        bits = (x * 18014398509481984.0).to_bits();
    }
    k += ((bits >> 52) & 0x7ff) as i64 - 1023;
    let i = i64::from(k < 0);
    let scaled = f64::from_bits((bits & ((1u64 << 52) - 1)) | (((0x3ff - i) as u64) << 52));
    let y = (k + i) as f64;
    let z = y * LOG10_2LO + IVLN10 * log(scaled);
    z + y * LOG10_2HI
}

/// `x ** y` (C's `pow`).
pub fn pow(x: f64, y: f64) -> f64 {
    if y == 0.0 || x == 1.0 || !x.is_finite() || !y.is_finite() || x == 0.0 {
        return libm::pow(x, y);
    }
    let (ax, sign) = if x < 0.0 {
        if libm::trunc(y) != y {
            return libm::pow(x, y);
        }
        // An odd integer exponent keeps the sign (|y| >= 2^53 is always even).
        let odd = y.abs() < 9007199254740992.0 && libm::fmod(y, 2.0) != 0.0;
        (-x, if odd { -1.0 } else { 1.0 })
    } else {
        (x, 1.0)
    };
    let t = log_dd(ax).mul_f(y);
    if t.hi.abs() < 708.0 {
        sign * exp_dd(t)
    } else {
        libm::pow(x, y)
    }
}

/// `atan x` for a double-double `x`, Euler's series
/// `x/(1+x^2) * sum (2^2n (n!)^2 / (2n+1)!) (x^2/(1+x^2))^n`; used at compile time only.
const fn atan_euler(x: Dd) -> Dd {
    let d = Dd::new(1.0).add(x.mul(x));
    let y = x.mul(x).div(d);
    let f = x.div(d);
    let mut term = Dd::new(1.0);
    let mut sum = Dd::new(1.0);
    let mut n = 1;
    while n < 240 {
        term = term
            .mul(y)
            .mul_f((2 * n) as f64)
            .div(Dd::new((2 * n + 1) as f64));
        sum = sum.add(term);
        n += 1;
    }
    f.mul(sum)
}

/// `pi / 2` as a double-double (`2 atan 1`).
const PI_2: Dd = atan_euler(Dd::new(1.0)).mul_f(2.0);

/// `atan(j / 32)` for `j` in `0..=32`.
const ATAN_TABLE: [Dd; 33] = {
    let mut t = [Dd::new(0.0); 33];
    let mut j = 1;
    while j < 33 {
        t[j] = atan_euler(Dd::new(j as f64 / 32.0));
        j += 1;
    }
    t
};

/// `atan a` for `0 <= a <= 1`: the nearest table point `c = j/32`, then
/// `atan a = atan c + atan((a - c) / (1 + a c))`, the second by its series (`|t| < 1/64`).
fn atan_dd(a: Dd) -> Dd {
    let j = libm::round(a.hi * 32.0).clamp(0.0, 32.0);
    let c = j / 32.0;
    let t = a.sub(Dd::new(c)).div(Dd::new(1.0).add(a.mul_f(c)));
    let t2 = t.mul(t);
    let mut sum = Dd::new(0.0);
    for i in (0..11).rev() {
        let coef = INV.get(2 * i + 1).copied().unwrap_or(Dd::new(0.0));
        let coef = if i % 2 == 1 { coef.neg() } else { coef };
        sum = sum.mul(t2).add(coef);
    }
    let base = ATAN_TABLE.get(j as usize).copied().unwrap_or(Dd::new(0.0));
    base.add(t.mul(sum))
}

/// `atan` of `|y| / |x|` as a double-double, for finite non-zero ratios in range.
fn atan_ratio(ay: f64, ax: f64) -> Dd {
    // Bring the larger to [0.5, 1) (exactly; the smaller stays normal as the ratio is in
    // [2^-767, 2^512]) so that the double-double division cannot overflow.
    let (_, e) = libm::frexp(ay.max(ax));
    let (ay, ax) = (libm::ldexp(ay, -e), libm::ldexp(ax, -e));
    if ay <= ax {
        atan_dd(Dd::new(ay).div(Dd::new(ax)))
    } else {
        PI_2.sub(atan_dd(Dd::new(ax).div(Dd::new(ay))))
    }
}

/// `atan x`, correctly rounded.
pub fn atan(x: f64) -> f64 {
    if x.is_nan() || x == 0.0 {
        return libm::atan(x);
    }
    let a = x.abs();
    let r = if a.is_infinite() {
        PI_2
    } else if a <= 1.0 {
        atan_dd(Dd::new(a))
    } else if a > 1.0e18 {
        // pi/2 - 1/a: 1/a is far below the last bit of pi/2, its rounding error more so.
        PI_2.sub(Dd::new(1.0 / a))
    } else {
        PI_2.sub(atan_dd(Dd::new(1.0).div(Dd::new(a))))
    };
    let v = r.round();
    if x < 0.0 {
        -v
    } else {
        v
    }
}

/// `atan2(y, x)`, correctly rounded (the special values of zeros, infinities and NaN as C's).
pub fn atan2(y: f64, x: f64) -> f64 {
    if !(y.is_finite() && x.is_finite()) || y == 0.0 || x == 0.0 {
        return libm::atan2(y, x);
    }
    let (ay, ax) = (y.abs(), x.abs());
    let ratio = ay / ax;
    let v = if ratio < f64::from_bits(0x1000_0000_0000_0000) {
        // |y/x| < 2^-767: atan(q) rounds like q itself, pi - q like pi.
        if x > 0.0 {
            ratio
        } else {
            PI_2.mul_f(2.0).round()
        }
    } else if ratio > f64::from_bits(0x5FF0_0000_0000_0000) {
        // |y/x| > 2^512: pi/2 -+ a negligible amount.
        PI_2.round()
    } else {
        let a = atan_ratio(ay, ax);
        if x > 0.0 {
            a.round()
        } else {
            PI_2.mul_f(2.0).sub(a).round()
        }
    };
    if y < 0.0 {
        -v
    } else {
        v
    }
}

/// `sqrt(1 - x^2)` as a double-double, for `|x| < 1`.
fn sqrt_one_minus_sq(x: f64) -> Dd {
    let w = two_sum(1.0, -x).mul(two_sum(1.0, x));
    let s0 = libm::sqrt(w.hi);
    let r = w.sub(two_prod(s0, s0));
    quick_two_sum(s0, r.hi / (2.0 * s0))
}

/// `atan(num / den)` for `num >= 0`, `den >= 0`, not both zero.
fn atan2_dd(num: Dd, den: Dd) -> Dd {
    if num.hi <= den.hi {
        atan_dd(num.div(den))
    } else {
        PI_2.sub(atan_dd(den.div(num)))
    }
}

/// `asin x`, correctly rounded.
pub fn asin(x: f64) -> f64 {
    let a = x.abs();
    if a.is_nan() || a >= 1.0 || a == 0.0 {
        return if a == 1.0 {
            libm::copysign(PI_2.round(), x)
        } else {
            libm::asin(x)
        };
    }
    let v = atan2_dd(Dd::new(a), sqrt_one_minus_sq(a)).round();
    libm::copysign(v, x)
}

/// `acos x`, correctly rounded.
pub fn acos(x: f64) -> f64 {
    if x.is_nan() || x.abs() >= 1.0 {
        return libm::acos(x);
    }
    let s = sqrt_one_minus_sq(x);
    if x >= 0.0 {
        atan2_dd(s, Dd::new(x)).round()
    } else {
        PI_2.mul_f(2.0).sub(atan2_dd(s, Dd::new(-x))).round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln2_constant_is_the_series_value() {
        // ln 2 = 2 atanh(1/3).
        let ln2 = atanh2(Dd::new(1.0).div(Dd::new(3.0)), 40);
        assert_eq!(ln2.hi, LN2.hi);
        assert!((ln2.lo - LN2.lo).abs() < 1e-32);
    }

    #[test]
    fn pi_constant() {
        assert_eq!(PI_2.hi, core::f64::consts::FRAC_PI_2);
        assert_eq!(atan(1.0), core::f64::consts::FRAC_PI_4);
        assert_eq!(atan2(1.0, -1.0), 3.0 * core::f64::consts::FRAC_PI_4);
    }

    #[test]
    fn exact_cases() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(log(1.0), 0.0);
        assert_eq!(log2(1024.0), 10.0);
        assert_eq!(log10(1e22), 22.0);
        assert_eq!(pow(2.0, 10.0), 1024.0);
        assert_eq!(pow(-2.0, 3.0), -8.0);
        assert_eq!(pow(4.0, 0.5), 2.0);
        assert_eq!(pow(10.0, -2.0), 0.01);
    }
}
