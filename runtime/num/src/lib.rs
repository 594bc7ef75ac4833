//! Numbers as MicroPython has them, shared by mpyc's compiler and runtime: float text
//! (`py/formatfloat.c`, `py/parsenum.c`) and arbitrary-precision integers (`py/mpz.c`).
//!
//! `#![no_std]` and allocation-free: every text goes into a small inline buffer or a
//! [`core::fmt::Write`], every big integer lives in digit slices the caller owns.
//!
//! # Usage
//!
//! Floats ([`float`]):
//!
//! ```
//! use mpy_num::float;
//! assert_eq!(float::repr(1.0 / 3.0).as_str(), "0.3333333333333333");
//! assert_eq!(float::repr(1e100).as_str(), "1e+100");
//! assert_eq!(float::repr(-0.0).as_str(), "-0.0");
//! // "%.3f" % 1.5, "%+e" % 2.0 ("%"-format: format_float(x * 100.0, b'f', ..) + add_percent)
//! assert_eq!(float::format_float(1.5, b'f', 3, 0).as_str(), "1.500");
//! assert_eq!(float::format_float(2.0, b'e', -1, b'+').as_str(), "+2.000000e+00");
//! // float("  1e3 ") and the .mpy loader's constants
//! assert_eq!(float::parse_float(b"  1e3 "), Some(1000.0));
//! assert_eq!(
//!     float::parse_decimal(b"1.5j", true, false),
//!     Some(float::Decimal::Complex { real: 0.0, imag: 1.5 })
//! );
//! ```
//!
//! Big integers ([`int`]): sign + magnitude over `u32` digit slices the caller owns; size the
//! output with the `*_len` helper, call, read `out[..res.len]`:
//!
//! ```
//! use mpy_num::int::{self, Int};
//! // int("-123456789012345678901234567890")
//! let text = b"-123456789012345678901234567890";
//! let mut a = [0u32; 8];
//! assert!(a.len() >= int::from_str_radix_len(text.len()));
//! let ra = int::from_str_radix(&mut a, text, 10, 63).unwrap();
//! let a = Int::of(&a, ra);
//! // a * a
//! let mut p = [0u32; 16];
//! let rp = int::mul(&mut p[..int::mul_len(a.len(), a.len())], a, a).unwrap();
//! // divmod(a * a, 7) with Python's floor semantics
//! let seven = [7u32];
//! let (ql, rl) = int::divmod_len(rp.len, 1);
//! let (mut q, mut r) = ([0u32; 20], [0u32; 20]);
//! let (rq, rr) = int::divmod_floor(&mut q[..ql], &mut r[..rl], Int::of(&p, rp), Int::new(false, &seven)).unwrap();
//! assert!(!rq.neg && !rr.neg);
//! // str(a)
//! let mut buf = [0u8; 80];
//! let mut scratch = [0u32; 8];
//! let n = int::to_str_radix(&mut buf, &mut scratch, a, 10, false, 0).unwrap();
//! assert_eq!(&buf[..n], &text[..]);
//! ```
//!
//! Math functions ([`math`]): `math::unary("sin")`, `math::binary("pow")`, `math::frexp` ...
//! through the `libm` crate; float `//`, `%`, `divmod` in [`float::floor_divmod`] and
//! [`float::modulo`]; hashes in [`float::hash`] and [`int::hash`].
//!
//! # Known differences from the reference
//!
//! - [`math`]: musl's algorithms (the `libm` crate), not glibc's: most results are identical,
//!   some differ in the last bit (`exp`, `log`, `sin`, `pow`, ... by one unit, `gamma` and
//!   `lgamma` by a few); `tests/tests/num_math.rs` measures and lists them per function.
//! - Everything else is meant to be identical, and is tested so against the reference
//!   `micropython`; where MicroPython differs from CPython (float text, `pow(a, e, m)` with a
//!   negative `e` or a zero `e`, `int.to_bytes` overflow checks, `int()` with `_` in big
//!   numbers, `mpz` to float rounding) MicroPython's behaviour is the one implemented.
#![no_std]

#[cfg(test)]
extern crate std;

pub mod float;
pub mod int;
pub mod math;
