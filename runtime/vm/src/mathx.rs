//! The `math` functions beyond the basic set (MicroPython's `modmath.c` with
//! `MICROPY_PY_MATH_SPECIAL_FUNCTIONS`, `_FACTORIAL` and `_ISCLOSE`, as the unix port has
//! them): erf, erfc, gamma, lgamma, acosh, asinh, atanh, factorial, isclose.
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};
use mpy_format::opcode::binary as b;

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    match id {
        MATHX_FACTORIAL => {
            arg_count(vm, a, 1, 1)?;
            let x = a.get(vm, 0);
            let n = vm.get_int(x)?;
            factorial(vm, n)
        }
        MATHX_ISCLOSE => isclose(vm, a),
        _ => {
            arg_count(vm, a, 1, 1)?;
            let x = a.get(vm, 0);
            let x = vm.get_float(x)?;
            let r = match id {
                MATHX_ERF => libm::erf(x),
                MATHX_ERFC => libm::erfc(x),
                MATHX_GAMMA => libm::tgamma(x),
                MATHX_LGAMMA => libm::lgamma(x),
                MATHX_ACOSH => libm::acosh(x),
                MATHX_ASINH => libm::asinh(x),
                _ => libm::atanh(x),
            };
            // math_generic_1's domain check.
            if (r.is_nan() && !x.is_nan()) || (r.is_infinite() && !x.is_infinite()) {
                return Err(vm.err(T::ValueError, "math domain error"));
            }
            vm.new_float(r)
        }
    }
}

/// MicroPython's "squared difference" factorial: n! as a product of shrinking squares.
fn factorial<P: Port>(vm: &mut Vm<P>, max: isize) -> R<Obj> {
    if max < 0 {
        return Err(vm.err(T::ValueError, "negative factorial"));
    }
    if max <= 1 {
        return Ok(Obj::small(1));
    }
    let h = max >> 1;
    let mut q = h * h;
    let mut r = q << 1;
    if max & 1 != 0 {
        r *= max;
    }
    let mut prod = vm.new_int(r as i128)?;
    let mut num = 1;
    while num < max - 2 {
        q -= num;
        vm.root(prod)?;
        let p = vm.binary_op(b::MULTIPLY, prod, Obj::small(q));
        vm.unroot(1);
        prod = p?;
        num += 2;
    }
    Ok(prod)
}

/// `isclose(a, b, *, rel_tol=1e-9, abs_tol=0)`.
fn isclose<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    if a.n != 2 {
        return Err(vm.err(T::TypeError, "function takes 2 positional arguments"));
    }
    let (x, y) = (a.get(vm, 0), a.get(vm, 1));
    let x = vm.get_float(x)?;
    let y = vm.get_float(y)?;
    let rel = match a.kw(vm, "rel_tol") {
        Some(o) => vm.get_float(o)?,
        None => 1e-9,
    };
    let abs = match a.kw(vm, "abs_tol") {
        Some(o) => vm.get_float(o)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.err(T::ValueError, "math domain error"));
    }
    if x == y {
        return Ok(Obj::TRUE);
    }
    let d = libm::fabs(x - y);
    if d.is_infinite() {
        return Ok(Obj::FALSE);
    }
    Ok(Obj::bool(
        d <= abs || d <= libm::fabs(rel * x) || d <= libm::fabs(rel * y),
    ))
}
