//! Parser-level constant folding arithmetic (py/parse.c `fold_constants`, evaluated with
//! MicroPython's int/float semantics from py/runtime.c, py/objint_mpz.c, py/objfloat.c).
//! Returns `None` whenever MicroPython's operation would raise (ZeroDivisionError, negative
//! shift, TypeError, MemoryError) or give a complex result: the expression is then kept.

use crate::ast::UnaryOp;
use mpy_format::opcode::binary;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

/// A foldable number.
#[derive(Clone, Debug)]
pub(crate) enum Num {
    Int(BigInt),
    Float(f64),
}

/// Results bigger than this many bits are not folded (the reference runs out of its 2 MiB heap).
const MAX_BITS: u64 = 4_000_000;

/// An int as a float, as MicroPython converts it: exactly for host small ints, and digit by
/// digit (16-bit mpz digits, most significant first) for big ints (py/mpz.c `mpz_as_float`).
pub(crate) fn int_to_float(i: &BigInt) -> f64 {
    if let Some(v) = i.to_i64() {
        if (-(1i64 << 62)..(1i64 << 62)).contains(&v) {
            return v as f64;
        }
    }
    let (sign, digits) = i.to_u32_digits();
    let mut val = 0.0f64;
    for d in digits.iter().rev() {
        val = val * 65536.0 + f64::from((d >> 16) as u16);
        val = val * 65536.0 + f64::from((d & 0xffff) as u16);
    }
    if sign == num_bigint::Sign::Minus {
        -val
    } else {
        val
    }
}

fn to_float(n: &Num) -> f64 {
    match n {
        Num::Int(i) => int_to_float(i),
        Num::Float(f) => *f,
    }
}

/// Unary `+ - ~` (`~` on ints only).
pub(crate) fn unary(op: UnaryOp, n: Num) -> Option<Num> {
    match (op, n) {
        (UnaryOp::Pos, n) => Some(n),
        (UnaryOp::Neg, Num::Int(i)) => Some(Num::Int(-i)),
        (UnaryOp::Neg, Num::Float(f)) => Some(Num::Float(-f)),
        (UnaryOp::Invert, Num::Int(i)) => Some(Num::Int(!i)),
        (UnaryOp::Invert, Num::Float(_)) => None,
    }
}

/// A binary operation (op = runtime binary op number of a plain operator).
pub(crate) fn binary(op: u8, x: Num, y: Num) -> Option<Num> {
    match (x, y) {
        (Num::Int(a), Num::Int(b)) => int_op(op, a, b),
        (x, y) => {
            if matches!(
                op,
                binary::OR | binary::XOR | binary::AND | binary::LSHIFT | binary::RSHIFT
            ) {
                return None;
            }
            float_op(op, to_float(&x), to_float(&y))
        }
    }
}

fn bits(i: &BigInt) -> u64 {
    i.bits()
}

fn int_op(op: u8, a: BigInt, b: BigInt) -> Option<Num> {
    let r = match op {
        binary::OR => a | b,
        binary::XOR => a ^ b,
        binary::AND => a & b,
        binary::LSHIFT => {
            if b.is_negative() {
                return None;
            }
            let s = b.to_u64()?;
            if a.is_zero() {
                return Some(Num::Int(a));
            }
            if bits(&a) + s > MAX_BITS {
                return None;
            }
            a << s
        }
        binary::RSHIFT => {
            if b.is_negative() {
                return None;
            }
            match b.to_u64() {
                Some(s) if s < bits(&a) + 1 => a >> s,
                _ => {
                    if a.is_negative() {
                        BigInt::from(-1)
                    } else {
                        BigInt::zero()
                    }
                }
            }
        }
        binary::ADD => a + b,
        binary::SUBTRACT => a - b,
        binary::MULTIPLY => {
            if bits(&a) + bits(&b) > MAX_BITS {
                return None;
            }
            a * b
        }
        binary::MAT_MULTIPLY => return None,
        binary::TRUE_DIVIDE => {
            if b.is_zero() {
                return None;
            }
            return float_op(op, int_to_float(&a), int_to_float(&b));
        }
        binary::FLOOR_DIVIDE => {
            if b.is_zero() {
                return None;
            }
            num_integer::Integer::div_floor(&a, &b)
        }
        binary::MODULO => {
            if b.is_zero() {
                return None;
            }
            num_integer::Integer::mod_floor(&a, &b)
        }
        binary::POWER => {
            if b.is_negative() {
                return float_op(op, int_to_float(&a), int_to_float(&b));
            }
            let e = b.to_u64()?;
            let ab = bits(&a);
            if ab > 1 && ab.saturating_sub(1).saturating_mul(e) > MAX_BITS {
                return None;
            }
            num_traits::pow::Pow::pow(a, e)
        }
        _ => return None,
    };
    Some(Num::Int(r))
}

fn float_op(op: u8, a: f64, b: f64) -> Option<Num> {
    let r = match op {
        binary::ADD => a + b,
        binary::SUBTRACT => a - b,
        binary::MULTIPLY => a * b,
        binary::TRUE_DIVIDE => {
            if b == 0.0 {
                return None;
            }
            a / b
        }
        binary::FLOOR_DIVIDE => {
            if b == 0.0 {
                return None;
            }
            float_divmod(a, b).0
        }
        binary::MODULO => {
            if b == 0.0 {
                return None;
            }
            let m = a % b;
            if m == 0.0 {
                0.0f64.copysign(b)
            } else if (m < 0.0) != (b < 0.0) {
                m + b
            } else {
                m
            }
        }
        binary::POWER => {
            if a == 0.0 && b < 0.0 && !b.is_infinite() {
                return None;
            }
            if a < 0.0 && b != b.floor() && !b.is_nan() {
                return None;
            }
            a.powf(b)
        }
        _ => return None,
    };
    Some(Num::Float(r))
}

/// py/objfloat.c `mp_obj_float_divmod`: (floor quotient, modulo).
fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m == 0.0 {
        m = 0.0f64.copysign(y);
    } else if (m < 0.0) != (y < 0.0) {
        m += y;
        div -= 1.0;
    }
    let floordiv = if div == 0.0 {
        0.0f64.copysign(x / y)
    } else {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    };
    (floordiv, m)
}

/// `math.NAME` constants that fold (py/modmath.c; only int/float attributes).
pub(crate) fn math_const(name: &str) -> Option<f64> {
    Some(match name {
        "pi" => std::f64::consts::PI,
        "e" => std::f64::consts::E,
        "tau" => std::f64::consts::TAU,
        "inf" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => return None,
    })
}
