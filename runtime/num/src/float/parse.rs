//! MicroPython's decimal-to-double conversion, as `py/parsenum.c` does it
//! (`mp_decimal_exp`, `mp_parse_float_internal`, `mp_parse_num_decimal` for floats) with
//! `MICROPY_FLOAT_FORMAT_IMPL_EXACT`: the digits are gathered into a 64-bit integer (the
//! rest truncated), then scaled by a power of ten computed by repeated squaring in `long
//! double`, and the result is rounded to a double. That double rounding, and the truncation,
//! make the result differ from a correctly rounded parse for some inputs.

use super::ext::Ext;

/// Once the accumulated mantissa reaches this, further digits are treated as zeros so that
/// `10 * m + 9` cannot overflow 64 bits (`MANTISSA_MAX` for a 64-bit `mp_large_float_uint_t`).
const MANTISSA_MAX: u64 = 0x1999_9999_9999_9998;

/// Exponent digits stop accumulating once the exponent reaches this (`(INT_MAX / 2 - 9) / 10`
/// for a 32-bit C int); the result is then 0 or infinity anyway.
const EXP_VAL_LIMIT: i64 = (i32::MAX as i64 / 2 - 9) / 10;

/// `num * 10^dec_exp` the way `mp_decimal_exp` computes it: binary powering where each step
/// multiplies (or, for a negative exponent, divides) the running result by the current power
/// `10^(2^k)`, which is itself squared in extended precision. Every step rounds.
pub(crate) fn decimal_exp(num: Ext, dec_exp: i64) -> Ext {
    if dec_exp == 0 || num == Ext::Zero {
        return num;
    }
    let divide = dec_exp < 0;
    let mut n = dec_exp.unsigned_abs();
    let mut res = num;
    let mut power = Ext::from_u64(10);
    while n != 0 {
        if n & 1 != 0 {
            res = if divide {
                res.div(power)
            } else {
                res.mul(power)
            };
        }
        n >>= 1;
        if n != 0 {
            power = power.mul(power);
        }
    }
    res
}

/// Which part of the number the digits being read belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Int,
    Frac,
    Exp,
}

/// Mantissa accumulation state, with zeros held back until a non-zero digit follows them
/// (so that trailing zeros never use up mantissa room).
struct Digits {
    mantissa: u64,
    /// Correction to the decimal exponent from digits that were dropped (integer part) or
    /// kept (fraction part).
    exp_extra: i64,
    held_int_zeros: i64,
    held_frac_zeros: i64,
}

impl Digits {
    /// Take one digit into the mantissa, or only into the exponent once the mantissa is full.
    fn take(&mut self, dig: u64, part: Part) {
        if self.mantissa < MANTISSA_MAX {
            if part == Part::Frac {
                self.exp_extra -= 1;
            }
            self.mantissa = 10 * self.mantissa + dig;
        } else if part == Part::Int {
            self.exp_extra += 1;
        }
    }

    fn digit(&mut self, dig: u64, part: Part) {
        if dig == 0 || self.mantissa >= MANTISSA_MAX {
            // Held back (and, once the mantissa is full, every digit counts as a zero: the
            // tail is truncated, not rounded).
            if part == Part::Int {
                self.held_int_zeros += 1;
            } else {
                self.held_frac_zeros += 1;
            }
            return;
        }
        while self.held_int_zeros > 0 {
            self.take(0, Part::Int);
            self.held_int_zeros -= 1;
        }
        while self.held_frac_zeros > 0 {
            self.take(0, Part::Frac);
            self.held_frac_zeros -= 1;
        }
        self.take(dig, part);
    }
}

/// Parse an unsigned decimal number (`123`, `1.5`, `.5`, `1.`, `1e-3`, `1E+3`; `_` is
/// skipped) from the start of `text`, stopping at the first character that cannot continue
/// it. Returns the double and the number of bytes used, or `None` when an `e` is not followed
/// by anything (`mp_parse_float_internal` returning NULL).
pub(crate) fn parse_unsigned(text: &[u8]) -> Option<(f64, usize)> {
    let mut part = Part::Int;
    let mut exp_neg = false;
    let mut exp_val: i64 = 0;
    let mut digits = Digits {
        mantissa: 0,
        exp_extra: 0,
        held_int_zeros: 0,
        held_frac_zeros: 0,
    };
    let mut pos = 0;
    while let Some(&c) = text.get(pos) {
        pos += 1;
        if c.is_ascii_digit() {
            let dig = u64::from(c - b'0');
            if part == Part::Exp {
                if exp_val < EXP_VAL_LIMIT {
                    exp_val = 10 * exp_val + dig as i64;
                }
            } else {
                digits.digit(dig, part);
            }
        } else if part == Part::Int && c == b'.' {
            part = Part::Frac;
        } else if part != Part::Exp && (c | 0x20) == b'e' {
            part = Part::Exp;
            match text.get(pos) {
                Some(b'+') => pos += 1,
                Some(b'-') => {
                    pos += 1;
                    exp_neg = true;
                }
                _ => {}
            }
            if pos >= text.len() {
                return None;
            }
        } else if c == b'_' {
            continue;
        } else {
            pos -= 1;
            break;
        }
    }
    if exp_neg {
        exp_val = -exp_val;
    }
    // Held integer-part zeros scale the value; held fraction zeros are simply dropped.
    let dec_exp = exp_val + digits.exp_extra + digits.held_int_zeros;
    let value = decimal_exp(Ext::from_u64(digits.mantissa), dec_exp).to_f64();
    Some((value, pos))
}

/// `unichar_isspace`: the C `isspace` set.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Does `text` start with `word`, ignoring ASCII case?
fn starts_with_ci(text: &[u8], word: &[u8]) -> bool {
    text.get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word))
}

/// A number `mp_parse_num_decimal` read: a float, or a complex when an imaginary part was
/// allowed and present, or a complex was forced.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decimal {
    /// A real number.
    Float(f64),
    /// `real + imag*j`.
    Complex {
        /// The real part (0 for a lone imaginary number such as `2j`).
        real: f64,
        /// The imaginary part.
        imag: f64,
    },
}

/// Skip `unichar_isspace` characters from `pos`.
fn skip_space(text: &[u8], mut pos: usize) -> usize {
    while text.get(pos).copied().is_some_and(is_space) {
        pos += 1;
    }
    pos
}

/// `mp_parse_num_decimal`: the number in `text`, with MicroPython's rules. Surrounding
/// whitespace, an optional sign, then `inf`/`infinity`/`nan` (any case, `infinity` only when
/// five more characters follow `inf`) or a decimal number (`1.5`, `1.`, `.5`, `1e-3`, `_`
/// skipped anywhere). With `allow_imag` a trailing `j`/`J` makes it imaginary (`j` alone is
/// `1j`); with `force_complex` (the `complex(str)` constructor) a real part may be followed by
/// an imaginary one (`1+2j`) and the result is always [`Decimal::Complex`].
///
/// `None` is MicroPython's `ValueError: invalid syntax for number` (a `SyntaxError` when the
/// lexer called it).
pub fn parse_decimal(text: &[u8], allow_imag: bool, force_complex: bool) -> Option<Decimal> {
    let mut pos = 0;
    let mut real: Option<f64> = None;
    let mut have_imag = false;
    let value = loop {
        pos = skip_space(text, pos);
        let mut neg = false;
        match text.get(pos) {
            Some(b'+') => pos += 1,
            Some(b'-') => {
                pos += 1;
                neg = true;
            }
            _ => {}
        }
        let start = pos;
        let rest = text.get(pos..).unwrap_or_default();
        let mut value = if starts_with_ci(rest, b"inf") {
            pos += 3;
            if starts_with_ci(rest.get(3..).unwrap_or_default(), b"inity") {
                pos += 5;
            }
            f64::INFINITY
        } else if starts_with_ci(rest, b"nan") {
            pos += 3;
            f64::NAN
        } else {
            let (v, used) = parse_unsigned(rest)?;
            pos += used;
            v
        };
        if allow_imag && text.get(pos).is_some_and(|&c| c | 0x20 == b'j') {
            if pos == start {
                // A lone `j` is `1j`.
                value = 1.0;
            }
            pos += 1;
            have_imag = true;
        }
        if neg {
            value = -value;
        }
        if pos == start {
            return None;
        }
        pos = skip_space(text, pos);
        if pos != text.len() {
            if force_complex && real.is_none() && !have_imag {
                // Only a real part so far: go on for the imaginary part.
                real = Some(value);
                continue;
            }
            return None;
        }
        break value;
    };
    if real.is_some() && !have_imag {
        // A second part that is not imaginary.
        return None;
    }
    if real.is_some() || have_imag {
        Some(Decimal::Complex {
            real: real.unwrap_or(0.0),
            imag: value,
        })
    } else if force_complex {
        Some(Decimal::Complex {
            real: value,
            imag: 0.0,
        })
    } else {
        Some(Decimal::Float(value))
    }
}
