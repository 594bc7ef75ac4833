//! The float functions of MicroPython's `math` module (`py/modmath.c`), computed by the
//! `libm` crate (a no_std port of musl's libm), except `exp`, `log`, `log2`, `log10`, `pow`
//! (also the float `**`), `asin`, `acos`, `atan` and `atan2`, which are computed in double-double precision and rounded
//! correctly (`accurate`), and `sinh`, `cosh`, `tanh`, `asinh`, `acosh`, computed with the
//! formulas glibc uses (`hyperbolic`). The reference unix build uses glibc's libm; it agrees bit for bit
//! for most inputs and differs in the last bit for some (the differential test
//! `tests/tests/num_math.rs` measures it per function and keeps the known differences in a
//! list).
//!
//! Speed: the correctly rounded functions cost about 10 to 30 times the `libm` crate's (some
//! hundred nanoseconds to a microsecond, measured on a loaded machine); a port that prefers
//! speed to the last bit can call `libm::exp` and friends directly.
//!
//! Only the numeric core is here: argument checks and MicroPython's errors (`math domain
//! error`, `OverflowError`, `ValueError` for `log(0)`...) are the VM's, as `modmath.c` does
//! them around the C calls.

mod accurate;
mod hyperbolic;

pub use accurate::{acos, asin, atan, atan2, exp, log, log10, log2, pow};
pub use hyperbolic::{acosh, asinh, cosh, sinh, tanh};

/// A one-argument function of the math module.
pub type Fn1 = fn(f64) -> f64;
/// A two-argument function of the math module.
pub type Fn2 = fn(f64, f64) -> f64;

/// The one-argument float functions, by their Python name (`math.sqrt` ... `math.lgamma`;
/// `log` is the one-argument natural logarithm, `gamma` is C's `tgamma`). `ceil`, `floor`
/// and `trunc` return floats here; the VM converts them to int as `MATH_FUN_1_TO_INT` does.
pub const UNARY: &[(&str, Fn1)] = &[
    ("sqrt", libm::sqrt),
    ("exp", exp),
    ("expm1", libm::expm1),
    ("log", log),
    ("log2", log2),
    ("log10", log10),
    ("cosh", cosh),
    ("sinh", sinh),
    ("tanh", tanh),
    ("acosh", acosh),
    ("asinh", asinh),
    ("atanh", libm::atanh),
    ("cos", libm::cos),
    ("sin", libm::sin),
    ("tan", libm::tan),
    ("acos", acos),
    ("asin", asin),
    ("atan", atan),
    ("fabs", libm::fabs),
    ("ceil", libm::ceil),
    ("floor", libm::floor),
    ("trunc", libm::trunc),
    ("erf", libm::erf),
    ("erfc", libm::erfc),
    ("gamma", libm::tgamma),
    ("lgamma", libm::lgamma),
];

/// The two-argument float functions, by their Python name.
pub const BINARY: &[(&str, Fn2)] = &[
    ("pow", pow),
    ("atan2", atan2),
    ("copysign", libm::copysign),
    ("fmod", libm::fmod),
];

/// The one-argument function called `name`.
pub fn unary(name: &str) -> Option<Fn1> {
    UNARY.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

/// The two-argument function called `name`.
pub fn binary(name: &str) -> Option<Fn2> {
    BINARY.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

/// `math.frexp(x)`: `(m, e)` with `x == m * 2**e`, `0.5 <= |m| < 1` (C's `frexp`).
pub fn frexp(x: f64) -> (f64, i32) {
    libm::frexp(x)
}

/// `math.ldexp(x, e)`: `x * 2**e`, correctly rounded (C's `ldexp`).
pub fn ldexp(x: f64, e: i32) -> f64 {
    libm::ldexp(x, e)
}

/// `math.modf(x)`: `(fraction, integer part)`, both with `x`'s sign (C's `modf` returns them
/// the other way round).
pub fn modf(x: f64) -> (f64, f64) {
    libm::modf(x)
}
