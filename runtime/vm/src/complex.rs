//! complex numbers (MicroPython's `objcomplex.c`): the object, its constructor and text, the
//! arithmetic with ints and floats, and the `.mpy` constant form (`2.5j`).
//!
//! ```text
//!  complex [Complex, real (f64), imag (f64)]   the f64s as raw bits, 8 bytes each
//! ```
use crate::gc::W;
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::text::Part;
use crate::{Port, Vm, R};
use mpy_format::opcode::binary as b;

impl<P: Port> Vm<P> {
    /// A new complex number.
    pub(crate) fn new_complex(&mut self, re: f64, im: f64) -> R<Obj> {
        let o = self.alloc_obj(self.tobj(T::Complex), 1 + 16 / W)?;
        let off = self.heap.off(o.0) + W;
        let d = self.heap.bytes_mut(off, 16);
        d[..8].copy_from_slice(&re.to_bits().to_ne_bytes());
        d[8..].copy_from_slice(&im.to_bits().to_ne_bytes());
        Ok(o)
    }

    /// Is `o` a complex?
    #[inline]
    pub(crate) fn is_complex(&self, o: Obj) -> bool {
        o.is_ptr() && self.tid(o) == T::Complex
    }

    /// The parts of a complex.
    pub(crate) fn complex_parts(&self, o: Obj) -> (f64, f64) {
        let off = self.heap.off(o.0) + W;
        let d = self.heap.bytes(off, 16);
        let mut a = [0u8; 8];
        let mut c = [0u8; 8];
        a.copy_from_slice(&d[..8]);
        c.copy_from_slice(&d[8..]);
        (
            f64::from_bits(u64::from_ne_bytes(a)),
            f64::from_bits(u64::from_ne_bytes(c)),
        )
    }

    /// `mp_obj_get_complex_maybe`: a number (or a class instance with `__complex__` or
    /// `__float__`) as (real, imag).
    pub(crate) fn complex_maybe(&mut self, o: Obj) -> R<Option<(f64, f64)>> {
        if self.is_complex(o) {
            return Ok(Some(self.complex_parts(o)));
        }
        if o.is_small() || o == Obj::TRUE || o == Obj::FALSE || self.is_bigint(o) {
            return Ok(Some((self.get_float(o)?, 0.0)));
        }
        if o.is_ptr() && self.tid(o) == T::Float {
            return Ok(Some((self.float_val(o), 0.0)));
        }
        if self.is_user_instance(o) {
            let q = self.intern(b"__complex__")?;
            if let Some(m) = self.lookup_special(o, q)? {
                let v = self.call_method_obj(m, o, &[])?;
                return Ok(if self.is_complex(v) {
                    Some(self.complex_parts(v))
                } else {
                    None
                });
            }
            let q = self.intern(b"__float__")?;
            if self.lookup_special(o, q)?.is_some() {
                return Ok(Some((self.get_float(o)?, 0.0)));
            }
        }
        Ok(None)
    }

    /// `mp_obj_complex_binary_op`: `(lr + li j) op r`; None when `r` is no number (the caller
    /// then reports the unsupported operation).
    pub(crate) fn complex_binop(&mut self, op: u8, lr: f64, li: f64, r: Obj) -> R<Option<Obj>> {
        let Some((rr, ri)) = self.complex_maybe(r)? else {
            return Ok(None);
        };
        let op = if (b::INPLACE_OR..b::OR).contains(&op) {
            op + b::INPLACE_DELTA
        } else {
            op
        };
        let mul = |lr: f64, li: f64, rr: f64, ri: f64| (lr * rr - li * ri, lr * ri + li * rr);
        let (re, im) = match op {
            b::ADD => (lr + rr, li + ri),
            b::SUBTRACT => (lr - rr, li - ri),
            b::MULTIPLY => mul(lr, li, rr, ri),
            b::FLOOR_DIVIDE => {
                return Err(self.err(T::TypeError, "can't truncate-divide a complex number"))
            }
            b::TRUE_DIVIDE => {
                if ri == 0.0 {
                    if rr == 0.0 {
                        return Err(self.err(T::ZeroDivisionError, "complex divide by zero"));
                    }
                    (lr / rr, li / rr)
                } else if rr == 0.0 {
                    (li / ri, -lr / ri)
                } else {
                    let n = rr * rr + ri * ri;
                    mul(lr, li, rr / n, ri / -n)
                }
            }
            b::POWER => {
                // z1**z2 = exp(z2 * ln(z1)), as objcomplex.c computes it.
                let abs1 = libm::sqrt(lr * lr + li * li);
                if abs1 == 0.0 {
                    if ri == 0.0 && rr >= 0.0 {
                        (if rr == 0.0 { 1.0 } else { 0.0 }, li)
                    } else {
                        return Err(self.err(T::ZeroDivisionError, "0.0 to a complex power"));
                    }
                } else {
                    let ln1 = libm::log(abs1);
                    let arg1 = libm::atan2(li, lr);
                    let x3 = rr * ln1 - ri * arg1;
                    let y3 = ri * ln1 + rr * arg1;
                    let e = libm::exp(x3);
                    (e * libm::cos(y3), e * libm::sin(y3))
                }
            }
            b::EQUAL => return Ok(Some(Obj::bool(lr == rr && li == ri))),
            _ => return Ok(None),
        };
        self.new_complex(re, im).map(Some)
    }

    /// `complex` as a number operand on either side of a binary operator.
    pub(crate) fn complex_binary_op(&mut self, op: u8, l: Obj, r: Obj) -> R<Option<Obj>> {
        if self.is_complex(l) {
            let (lr, li) = self.complex_parts(l);
            return self.complex_binop(op, lr, li, r);
        }
        // A number on the left, the complex on the right (the reverse operation).
        match self.complex_maybe(l)? {
            Some((lr, li)) => self.complex_binop(op, lr, li, r),
            None => Ok(None),
        }
    }

    /// Print as MicroPython: `1j`, `(1+2j)`, `-0j`, `(nan+infj)`.
    pub(crate) fn print_complex(&mut self, out: Out, o: Obj) -> R<()> {
        let (re, im) = self.complex_parts(o);
        let prec = mpy_num::float::REPR_PREC;
        if re != 0.0 {
            self.write_bytes(out, b"(")?;
            let t = mpy_num::float::format_float(re, b'g', prec, 0);
            self.write_bytes(out, t.as_bytes())?;
            let t = mpy_num::float::format_float(im, b'g', prec, b'+');
            self.write_bytes(out, t.as_bytes())?;
            self.write_bytes(out, b"j)")
        } else {
            let t = mpy_num::float::format_float(im, b'g', prec, 0);
            self.write_bytes(out, t.as_bytes())?;
            self.write_bytes(out, b"j")
        }
    }

    /// Parse complex text (`2.5j`, `1+2j`, `-j`, `3`): None if malformed.
    pub(crate) fn parse_complex(&self, s: &[u8]) -> Option<(f64, f64)> {
        let t = core::str::from_utf8(s).ok()?.trim();
        let Some(body) = t.strip_suffix(['j', 'J']) else {
            return Some((crate::ops::parse_float(t)?, 0.0));
        };
        // The split between the real and imaginary parts: the last sign not at the start and
        // not an exponent's.
        let bytes = body.as_bytes();
        let mut split = 0;
        for i in (1..bytes.len()).rev() {
            if matches!(bytes[i], b'+' | b'-') && !matches!(bytes[i - 1], b'e' | b'E') {
                split = i;
                break;
            }
        }
        let (re_txt, im_txt) = body.split_at(split);
        let re = if re_txt.is_empty() {
            0.0
        } else {
            crate::ops::parse_float(re_txt)?
        };
        let im = match im_txt {
            "" | "+" => 1.0,
            "-" => -1.0,
            _ => crate::ops::parse_float(im_txt)?,
        };
        Some((re, im))
    }
}

/// `complex([real[, imag]])`.
pub(crate) fn complex_new<P: Port>(vm: &mut Vm<P>, a: &crate::builtins::Args) -> R<Obj> {
    crate::builtins::arg_count(vm, a, 0, 2)?;
    if a.n == 0 {
        return vm.new_complex(0.0, 0.0);
    }
    let x = a.get(vm, 0);
    if a.n == 1 {
        if vm.is_str(x) {
            let d = vm.str_data(x);
            return match vm.parse_complex(d) {
                Some((re, im)) => vm.new_complex(re, im),
                None => Err(vm.err(T::ValueError, "invalid syntax for number")),
            };
        }
        if vm.is_complex(x) {
            return Ok(x);
        }
        return match vm.complex_maybe(x)? {
            Some((re, im)) => vm.new_complex(re, im),
            None => Err(vm.errf(
                T::TypeError,
                &[
                    Part::S("can't convert "),
                    Part::TypeName(x),
                    Part::S(" to complex"),
                ],
            )),
        };
    }
    let y = a.get(vm, 1);
    let (mut re, mut im) = if vm.is_complex(x) {
        vm.complex_parts(x)
    } else {
        (vm.get_float(x)?, 0.0)
    };
    if vm.is_complex(y) {
        let (r2, i2) = vm.complex_parts(y);
        re -= i2;
        im += r2;
    } else {
        im += vm.get_float(y)?;
    }
    vm.new_complex(re, im)
}

/// The `cmath` module's functions (MicroPython's `modcmath.c` formulas).
pub(crate) fn cmath_call<P: Port>(vm: &mut Vm<P>, id: usize, a: &crate::builtins::Args) -> R<Obj> {
    use crate::builtins::*;
    if id == CMATH_RECT {
        arg_count(vm, a, 2, 2)?;
        let (r, p) = (a.get(vm, 0), a.get(vm, 1));
        let r = vm.get_float(r)?;
        let phi = vm.get_float(p)?;
        return vm.new_complex(r * libm::cos(phi), r * libm::sin(phi));
    }
    arg_count(vm, a, 1, 1)?;
    let z = a.get(vm, 0);
    let Some((re, im)) = vm.complex_maybe(z)? else {
        return Err(vm.errf(
            T::TypeError,
            &[
                Part::S("can't convert "),
                Part::TypeName(z),
                Part::S(" to complex"),
            ],
        ));
    };
    let (r, i) = match id {
        CMATH_PHASE => return vm.new_float(libm::atan2(im, re)),
        CMATH_POLAR => {
            let m = vm.new_float(libm::sqrt(re * re + im * im))?;
            vm.root(m)?;
            let p = vm.new_float(libm::atan2(im, re));
            let t = p.and_then(|p| vm.new_tuple_from(&[m, p]));
            vm.unroot(1);
            return t;
        }
        CMATH_EXP => {
            let e = libm::exp(re);
            (e * libm::cos(im), e * libm::sin(im))
        }
        CMATH_LOG => (0.5 * libm::log(re * re + im * im), libm::atan2(im, re)),
        CMATH_LOG10 => (
            0.5 * libm::log10(re * re + im * im),
            core::f64::consts::LOG10_E * libm::atan2(im, re),
        ),
        CMATH_SQRT => {
            let s = libm::pow(re * re + im * im, 0.25);
            let th = 0.5 * libm::atan2(im, re);
            (s * libm::cos(th), s * libm::sin(th))
        }
        CMATH_COS => (
            libm::cos(re) * libm::cosh(im),
            -libm::sin(re) * libm::sinh(im),
        ),
        _ => (
            libm::sin(re) * libm::cosh(im),
            libm::cos(re) * libm::sinh(im),
        ),
    };
    vm.new_complex(r, i)
}
