//! Float text as MicroPython does it, bit for bit: the parser used for float literals
//! (`py/parsenum.c`) and the `repr` that mpy-cross writes float and complex constants with
//! (`py/formatfloat.c`, called from `py/objfloat.c` / `py/objcomplex.c` via
//! `mp_print_float` in `py/mpprint.c`).
//!
//! Neither is Python's correctly rounded algorithm: both compute in the host's `long double`
//! (x87 80-bit extended precision on the x86-64 reference), which [`ext`] models in software.
//! So `-970.93` prints as `-970.9299999999999`, and the literal `6.517723958339181e+47` parses
//! to a double one unit above the nearest one.

mod ext;
mod format;
mod parse;

#[cfg(test)]
mod tests;

/// The `%g` text at repr precision with MicroPython's sign and special-value rules, without
/// any suffix: a leading `-` when the sign bit is set (never for a NaN), `inf`, `nan`.
fn print_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_owned();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    format!("{sign}{}", format::format_repr_digits(x.abs()))
}

/// MicroPython's repr() text of a double, as mpy-cross writes it into a .mpy (tag 8 payload).
///
/// `float_print` asks for `PF_FLAG_ALWAYS_DECIMAL`: `.0` is appended when the text has no
/// `.`, no exponent and is not `inf`/`nan`.
pub fn repr(x: f64) -> String {
    let mut s = print_float(x);
    if !s.contains(['.', 'e', 'n']) {
        s.push_str(".0");
    }
    s
}

/// Parse a Python float literal body the way MicroPython's lexer/parser does (underscores already
/// removed by the caller; accepts forms like "1.5", "1e10", "1.", ".5", "1E-3", "inf"/"nan" as the
/// runtime's float() does). None if the text is not a float literal.
///
/// This is `float(text)`: surrounding whitespace and a sign are accepted too, and `_` is
/// skipped. An imaginary literal's `j` must be removed by the caller.
pub fn parse(text: &str) -> Option<f64> {
    parse::parse_float(text.as_bytes())
}

/// Text of an imaginary literal's constant (tag 9 payload): MicroPython's repr of
/// `complex(0, imag)`. With a zero real part `complex_print` writes only the imaginary part,
/// without the `.0` suffix, followed by `j` (`2j`, `1.5j`, `0j`, `1e+16j`).
pub fn complex_repr(imag: f64) -> String {
    let mut s = print_float(imag);
    s.push('j');
    s
}
