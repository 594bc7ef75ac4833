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
#![no_std]

#[cfg(test)]
extern crate std;

pub mod float;
pub mod int;
