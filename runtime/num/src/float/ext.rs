//! A software model of the host `long double` that MicroPython's float text code computes in:
//! the x87 80-bit extended format of the x86-64 reference build (64-bit significand with an
//! explicit integer bit, 15-bit exponent, gradual underflow, round to nearest, ties to even).
//!
//! Only what `py/parsenum.c` (`mp_decimal_exp`, `mp_parse_float_internal`) and
//! `py/formatfloat.c` (`mp_format_float`) do with `mp_large_float_t` is modelled, and only for
//! non-negative values (both algorithms work on magnitudes): conversion from `u64` and `f64`
//! (exact), `*`, `/`, `+`, and the conversions back to `f64` (rounded) and `u64` (truncated).
//! Every operation is computed exactly in integers and rounded once, as the FPU does.

/// Significand width of the x87 extended format.
const EXT_BITS: u32 = 64;
/// Exponent of the lowest significand bit of the smallest subnormal (2^-16445), i.e. the
/// smallest `exp` of `mant * 2^exp`.
const EXT_MIN_EXP: i32 = -16445;
/// Largest `exp` of a normal `mant * 2^exp` (the top bit of `mant` is 2^16383 then).
const EXT_MAX_EXP: i32 = 16383 - 63;

/// Significand width of an IEEE double (with the hidden bit).
const DBL_BITS: u32 = 53;
/// Exponent of the lowest bit of the smallest subnormal double (2^-1074).
const DBL_MIN_EXP: i32 = -1074;
/// Largest `exp` of a normal double `m * 2^exp` with `2^52 <= m < 2^53`.
const DBL_MAX_EXP: i32 = 1023 - 52;

/// A non-negative x87 extended value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ext {
    Zero,
    /// `mant * 2^exp`. Normal values have bit 63 of `mant` set; subnormals have
    /// `exp == EXT_MIN_EXP` and a smaller `mant`.
    Fin {
        mant: u64,
        exp: i32,
    },
    Inf,
    /// Only from `inf / inf` or `0 * inf`, which the callers never reach; kept so that every
    /// operation is total.
    Nan,
}

/// Round `sig * 2^exp` (plus, when `sticky`, a positive amount smaller than 2^exp) to `bits`
/// significant bits whose lowest bit weighs at least 2^`min_exp`, ties to even.
///
/// Returns `(m, e)` meaning `m * 2^e` with `m < 2^bits` (`m` may be 0 on underflow). Callers
/// pass `sticky` only when `sig` has more than `bits + 1` significant bits, so the sticky part
/// always lies below the rounding bit.
fn round_to(sig: u128, exp: i32, sticky: bool, bits: u32, min_exp: i32) -> (u128, i32) {
    if sig == 0 {
        return (0, min_exp);
    }
    let width = (128 - sig.leading_zeros()) as i32;
    let drop = (width - bits as i32).max(min_exp.saturating_sub(exp));
    if drop <= 0 {
        // Exact. Shift left as far as the width and the minimum exponent allow, so that the
        // result is normalized (or a subnormal at the minimum exponent).
        let shift = (bits as i32 - width).min(exp - min_exp).max(0);
        return (sig << shift, exp - shift);
    }
    let new_exp = exp + drop;
    if drop > 128 {
        // Below half of the smallest unit: rounds to zero.
        return (0, new_exp);
    }
    let (q, rem, half) = if drop == 128 {
        (0u128, sig, 1u128 << 127)
    } else {
        let mask = (1u128 << drop) - 1;
        (sig >> drop, sig & mask, 1u128 << (drop - 1))
    };
    let up = rem > half || (rem == half && (sticky || q & 1 == 1));
    let mut q = q + u128::from(up);
    let mut e = new_exp;
    if q == 1u128 << bits {
        q >>= 1;
        e += 1;
    }
    (q, e)
}

impl Ext {
    /// `(long double)n`, exact.
    pub(crate) fn from_u64(n: u64) -> Ext {
        if n == 0 {
            return Ext::Zero;
        }
        let lz = n.leading_zeros();
        Ext::Fin {
            mant: n << lz,
            exp: -(lz as i32),
        }
    }

    /// `(long double)x` for a finite `x >= 0`, exact (every double is an extended value).
    pub(crate) fn from_f64(x: f64) -> Ext {
        if x.is_nan() {
            return Ext::Nan;
        }
        if x.is_infinite() {
            return Ext::Inf;
        }
        let bits = x.to_bits() & !(1u64 << 63);
        let biased = (bits >> 52) as i32;
        let frac = bits & ((1u64 << 52) - 1);
        let (m, e) = if biased == 0 {
            (frac, DBL_MIN_EXP)
        } else {
            (frac | (1u64 << 52), biased - 1075)
        };
        match Ext::from_u64(m) {
            Ext::Fin { mant, exp } => Ext::Fin { mant, exp: exp + e },
            other => other,
        }
    }

    /// Build the extended value nearest to `sig * 2^exp` (+ sticky), as one FPU result.
    fn from_parts(sig: u128, exp: i32, sticky: bool) -> Ext {
        let (q, e) = round_to(sig, exp, sticky, EXT_BITS, EXT_MIN_EXP);
        if q == 0 {
            return Ext::Zero;
        }
        if q >> 63 != 0 && e > EXT_MAX_EXP {
            return Ext::Inf;
        }
        // `q < 2^64` by construction of `round_to`.
        Ext::Fin {
            mant: q as u64,
            exp: e,
        }
    }

    /// The significand shifted so that bit 63 is set (subnormals get an exponent below
    /// `EXT_MIN_EXP`; that is only an intermediate form for exact arithmetic).
    fn normalized(mant: u64, exp: i32) -> (u64, i32) {
        let lz = mant.leading_zeros();
        (mant << lz, exp - lz as i32)
    }

    /// `a * b`, rounded once.
    pub(crate) fn mul(self, other: Ext) -> Ext {
        match (self, other) {
            (Ext::Nan, _) | (_, Ext::Nan) => Ext::Nan,
            (Ext::Zero, Ext::Inf) | (Ext::Inf, Ext::Zero) => Ext::Nan,
            (Ext::Zero, _) | (_, Ext::Zero) => Ext::Zero,
            (Ext::Inf, _) | (_, Ext::Inf) => Ext::Inf,
            (Ext::Fin { mant: am, exp: ae }, Ext::Fin { mant: bm, exp: be }) => {
                let sig = u128::from(am) * u128::from(bm);
                Ext::from_parts(sig, ae + be, false)
            }
        }
    }

    /// `a / b`, rounded once.
    pub(crate) fn div(self, other: Ext) -> Ext {
        match (self, other) {
            (Ext::Nan, _) | (_, Ext::Nan) => Ext::Nan,
            (Ext::Inf, Ext::Inf) | (Ext::Zero, Ext::Zero) => Ext::Nan,
            (Ext::Zero, _) | (_, Ext::Inf) => Ext::Zero,
            (Ext::Inf, _) | (_, Ext::Zero) => Ext::Inf,
            (Ext::Fin { mant: am, exp: ae }, Ext::Fin { mant: bm, exp: be }) => {
                let (am, ae) = Ext::normalized(am, ae);
                let (bm, be) = Ext::normalized(bm, be);
                // Long division in two 64-bit steps gives a 128-bit quotient whose top bit is
                // bit 127: the first step is scaled so its quotient lies in [2^63, 2^64).
                let shift: u32 = if am >= bm { 63 } else { 64 };
                let num = u128::from(am) << shift;
                let b = u128::from(bm);
                let q1 = num / b;
                let r1 = num % b;
                let num2 = r1 << 64;
                let q2 = num2 / b;
                let r2 = num2 % b;
                let sig = (q1 << 64) | q2;
                Ext::from_parts(sig, ae - be - 64 - shift as i32, r2 != 0)
            }
        }
    }

    /// `a + b` for non-negative operands, rounded once.
    pub(crate) fn add(self, other: Ext) -> Ext {
        match (self, other) {
            (Ext::Nan, _) | (_, Ext::Nan) => Ext::Nan,
            (Ext::Inf, _) | (_, Ext::Inf) => Ext::Inf,
            (Ext::Zero, x) | (x, Ext::Zero) => x,
            (Ext::Fin { mant: am, exp: ae }, Ext::Fin { mant: bm, exp: be }) => {
                let (am, ae) = Ext::normalized(am, ae);
                let (bm, be) = Ext::normalized(bm, be);
                let ((xm, xe), (ym, ye)) = if ae >= be {
                    ((am, ae), (bm, be))
                } else {
                    ((bm, be), (am, ae))
                };
                // The larger operand's top bit goes to bit 126, leaving room for the carry;
                // the smaller one is shifted into place and what falls off becomes sticky.
                let x_sig = u128::from(xm) << 63;
                let d = (xe - ye) as u32;
                let y_full = u128::from(ym) << 63;
                let (y_sig, sticky) = if d >= 128 {
                    (0, true)
                } else {
                    (y_full >> d, y_full & ((1u128 << d) - 1) != 0)
                };
                Ext::from_parts(x_sig + y_sig, xe - 63, sticky)
            }
        }
    }

    /// `(uint64_t)x`: truncation toward zero. Values of 2^64 and above (undefined behaviour
    /// in C, never produced by the callers) saturate.
    pub(crate) fn to_u64(self) -> u64 {
        match self {
            Ext::Zero | Ext::Nan => 0,
            Ext::Inf => u64::MAX,
            Ext::Fin { mant, exp } => {
                if exp >= 0 {
                    if mant == 0 {
                        0
                    } else if exp as u32 > mant.leading_zeros() {
                        u64::MAX
                    } else {
                        mant << exp
                    }
                } else if exp <= -64 {
                    0
                } else {
                    mant >> (-exp)
                }
            }
        }
    }

    /// `(double)x`: round to nearest double, ties to even, with gradual underflow and
    /// overflow to infinity (the second rounding that makes MicroPython's parser differ from
    /// a correctly rounded one).
    pub(crate) fn to_f64(self) -> f64 {
        match self {
            Ext::Zero => 0.0,
            Ext::Inf => f64::INFINITY,
            Ext::Nan => f64::NAN,
            Ext::Fin { mant, exp } => {
                let (q, e) = round_to(u128::from(mant), exp, false, DBL_BITS, DBL_MIN_EXP);
                // `q < 2^53` by construction of `round_to`.
                let q = q as u64;
                if q == 0 {
                    0.0
                } else if q >> 52 == 0 {
                    // Subnormal: `e == DBL_MIN_EXP`, biased exponent 0.
                    f64::from_bits(q)
                } else if e > DBL_MAX_EXP {
                    f64::INFINITY
                } else {
                    let biased = (e + 1075) as u64;
                    f64::from_bits((biased << 52) | (q & ((1u64 << 52) - 1)))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_doubles() {
        for x in [
            0.0,
            1.0,
            0.5,
            10.0,
            5e-324,
            2.2250738585072014e-308,
            f64::MAX,
            0.1,
        ] {
            assert_eq!(Ext::from_f64(x).to_f64().to_bits(), x.to_bits());
        }
    }

    #[test]
    fn basic_arithmetic() {
        let ten = Ext::from_u64(10);
        assert_eq!(ten.mul(ten).to_f64(), 100.0);
        assert_eq!(Ext::from_u64(1).div(ten).to_f64(), 0.1);
        assert_eq!(Ext::from_u64(3).add(Ext::from_f64(0.5)).to_u64(), 3);
        assert_eq!(Ext::from_u64(7).div(Ext::from_u64(2)).to_u64(), 3);
        // 1/3 in extended precision is not 1/3 in double precision rounded once, but it
        // rounds to the same double.
        assert_eq!(Ext::from_u64(1).div(Ext::from_u64(3)).to_f64(), 1.0 / 3.0);
    }

    #[test]
    fn overflow_and_underflow() {
        let mut x = Ext::from_u64(10);
        for _ in 0..14 {
            x = x.mul(x);
        }
        assert_eq!(x, Ext::Inf);
        assert_eq!(Ext::from_u64(1).div(x), Ext::Zero);
        assert_eq!(
            Ext::from_f64(1e300).mul(Ext::from_f64(1e300)).to_f64(),
            f64::INFINITY
        );
    }
}
