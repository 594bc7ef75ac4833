//! Built-in module functions (`sys`, `gc`, `micropython`, `time`, `math`), int/bytes
//! conversion, and the enumerate/zip/map/filter/reversed iterators.
//!
//! ```text
//!  enumerate [Enumerate, iterator, count]
//!  zip       [Zip, tuple of iterators]
//!  map       [Map, function, tuple of iterators]
//!  filter    [Filter, function, iterator]
//!  reversed  [Reversed, sequence, remaining]
//! ```
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::text::Part;
use crate::{Port, Vm, R};

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    match id {
        SYS_EXIT => {
            arg_count(vm, a, 0, 1)?;
            let args = vm.new_tuple_ps(a.base, a.n)?;
            let e = vm.new_exc_args(vm.tobj(T::SystemExit), args)?;
            Err(vm.raise(e))
        }
        SYS_OUT_WRITE | SYS_ERR_WRITE => {
            arg_count(vm, a, 1, 1)?;
            let s = a.get(vm, 0);
            let out = if id == SYS_OUT_WRITE {
                Out::Stdout
            } else {
                Out::Stderr
            };
            if vm.is_str(s) {
                vm.print_str(out, s)?;
                Ok(Obj::small(crate::text::char_count(vm.str_data(s)) as isize))
            } else {
                let n = vm.bytes_data(s).len();
                let mut tmp = [0u8; 256];
                let mut done = 0;
                while done < n {
                    let k = (n - done).min(256);
                    tmp[..k].copy_from_slice(&vm.bytes_data(s)[done..done + k]);
                    vm.write_bytes(out, &tmp[..k])?;
                    done += k;
                }
                Ok(Obj::small(n as isize))
            }
        }
        GC_COLLECT => {
            arg_count(vm, a, 0, 0)?;
            let n = vm.heap.collect();
            Ok(Obj::small(n as isize))
        }
        GC_ENABLE | GC_DISABLE => {
            vm.gc_disabled = id == GC_DISABLE;
            Ok(Obj::NONE)
        }
        GC_ISENABLED => Ok(Obj::bool(!vm.gc_disabled)),
        GC_MEM_FREE | GC_MEM_ALLOC => {
            let i = vm.heap.info();
            Ok(Obj::small(
                if id == GC_MEM_FREE { i.free } else { i.used } as isize
            ))
        }
        MP_CONST => {
            arg_count(vm, a, 1, 1)?;
            Ok(a.get(vm, 0))
        }
        MP_OPT_LEVEL => {
            arg_count(vm, a, 0, 1)?;
            if a.n == 0 {
                return Ok(Obj::small(vm.opt_level as isize));
            }
            let v = a.get(vm, 0);
            let v = vm.get_int(v)?;
            vm.opt_level = v.clamp(0, 255) as u8;
            Ok(Obj::NONE)
        }
        MP_MEM_INFO => {
            arg_count(vm, a, 0, 1)?;
            let h = vm.heap.info();
            let mut line = [0u8; 160];
            let parts: [(&str, usize); 3] = [
                ("mem: total=", vm.heap.total_bytes),
                (", current=", vm.heap.current_bytes),
                (", peak=", vm.heap.peak_bytes),
            ];
            let mut n = 0;
            for (s, v) in parts {
                n += put(&mut line[n..], s.as_bytes());
                n += crate::text::fmt_usize(&mut line[n..], v);
            }
            n += put(&mut line[n..], b"\nstack: ");
            n += crate::text::fmt_usize(&mut line[n..], vm.heap.sp * crate::gc::W);
            n += put(&mut line[n..], b" out of ");
            n += crate::text::fmt_usize(&mut line[n..], vm.heap.ps.len() * crate::gc::W);
            n += put(&mut line[n..], b"\n");
            vm.write_bytes(Out::Stdout, &line[..n])?;
            let mut n = 0;
            n += put(&mut line[n..], b"GC: total: ");
            n += crate::text::fmt_usize(&mut line[n..], h.total);
            n += put(&mut line[n..], b", used: ");
            n += crate::text::fmt_usize(&mut line[n..], h.used);
            n += put(&mut line[n..], b", free: ");
            n += crate::text::fmt_usize(&mut line[n..], h.free);
            n += put(&mut line[n..], b"\n No. of 1-blocks: ");
            n += crate::text::fmt_usize(&mut line[n..], h.n_1);
            n += put(&mut line[n..], b", 2-blocks: ");
            n += crate::text::fmt_usize(&mut line[n..], h.n_2);
            n += put(&mut line[n..], b", max blk sz: ");
            n += crate::text::fmt_usize(&mut line[n..], h.max_block);
            n += put(&mut line[n..], b", max free sz: ");
            n += crate::text::fmt_usize(&mut line[n..], h.max_free);
            n += put(&mut line[n..], b"\n");
            vm.write_bytes(Out::Stdout, &line[..n])?;
            Ok(Obj::NONE)
        }
        MP_QSTR_INFO => {
            arg_count(vm, a, 0, 1)?;
            let (nq, bytes) = vm.qstr_stats();
            let mut line = [0u8; 160];
            let mut n = put(&mut line, b"qstr pool: n_pool=");
            n += crate::text::fmt_usize(&mut line[n..], usize::from(nq > 0));
            n += put(&mut line[n..], b", n_qstr=");
            n += crate::text::fmt_usize(&mut line[n..], nq);
            n += put(&mut line[n..], b", n_str_data_bytes=");
            n += crate::text::fmt_usize(&mut line[n..], bytes);
            n += put(&mut line[n..], b", n_total_bytes=");
            n += crate::text::fmt_usize(&mut line[n..], bytes + nq * crate::gc::W);
            n += put(&mut line[n..], b"\n");
            vm.write_bytes(Out::Stdout, &line[..n])?;
            if a.n == 1 {
                for i in 0..nq {
                    let q = Obj::qstr(mpy_format::qstr::POOL.len() + i);
                    vm.write_bytes(Out::Stdout, b"Q(")?;
                    vm.print_str(Out::Stdout, q)?;
                    vm.write_bytes(Out::Stdout, b")\n")?;
                }
            }
            Ok(Obj::NONE)
        }
        MP_STACK_USE => Ok(Obj::small((vm.heap.sp * crate::gc::W) as isize)),
        MP_HEAP_LOCK => {
            arg_count(vm, a, 0, 0)?;
            vm.heap.lock_depth = vm.heap.lock_depth.wrapping_add(1);
            Ok(Obj::NONE)
        }
        MP_HEAP_UNLOCK => {
            arg_count(vm, a, 0, 0)?;
            vm.heap.lock_depth = vm.heap.lock_depth.wrapping_sub(1);
            Ok(Obj::small((vm.heap.lock_depth & 0x7fff) as isize))
        }
        MP_HEAP_LOCKED => Ok(Obj::small(vm.heap.lock_depth as isize)),
        MP_KBD_INTR => {
            arg_count(vm, a, 1, 1)?;
            let v = a.get(vm, 0);
            vm.get_int(v)?;
            Ok(Obj::NONE)
        }
        MP_SCHEDULE => {
            arg_count(vm, a, 2, 2)?;
            let (f, x) = (a.get(vm, 0), a.get(vm, 1));
            vm.schedule(f, x)?;
            Ok(Obj::NONE)
        }
        TIME_TIME => {
            let ms = vm.port.ticks_ms();
            Ok(Obj::small((ms / 1000) as isize))
        }
        TIME_SLEEP | TIME_SLEEP_MS | TIME_SLEEP_US => {
            arg_count(vm, a, 1, 1)?;
            let v = a.get(vm, 0);
            let secs = vm.get_float(v)?;
            let ms = match id {
                TIME_SLEEP => secs * 1000.0,
                TIME_SLEEP_MS => secs,
                _ => secs / 1000.0,
            };
            vm.port.sleep_ms(ms.max(0.0) as u64);
            Ok(Obj::NONE)
        }
        TIME_TICKS_MS | TIME_TICKS_CPU => {
            let ms = vm.port.ticks_ms();
            Ok(Obj::small((ms & 0x3fff_ffff) as isize))
        }
        TIME_TICKS_US => {
            let ms = vm.port.ticks_ms();
            Ok(Obj::small(((ms * 1000) & 0x3fff_ffff) as isize))
        }
        TIME_TICKS_DIFF => {
            arg_count(vm, a, 2, 2)?;
            let (x, y) = (a.get(vm, 0), a.get(vm, 1));
            let d = (vm.get_int(x)? - vm.get_int(y)?) & 0x3fff_ffff;
            Ok(Obj::small(if d >= 0x2000_0000 {
                d - 0x4000_0000
            } else {
                d
            }))
        }
        TIME_TICKS_ADD => {
            arg_count(vm, a, 2, 2)?;
            let (x, y) = (a.get(vm, 0), a.get(vm, 1));
            Ok(Obj::small((vm.get_int(x)? + vm.get_int(y)?) & 0x3fff_ffff))
        }
        MATHX_ERF..=MATHX_ISCLOSE => crate::mathx::call(vm, id, a),
        CMATH_PHASE..=CMATH_SIN => crate::complex::cmath_call(vm, id, a),
        MATH_ISNAN | MATH_ISINF => {
            arg_count(vm, a, 1, 1)?;
            let v = a.get(vm, 0);
            let f = vm.get_float(v)?;
            Ok(Obj::bool(if id == MATH_ISNAN {
                f.is_nan()
            } else {
                f.is_infinite()
            }))
        }
        MATH_FLOOR | MATH_CEIL | MATH_TRUNC => {
            arg_count(vm, a, 1, 1)?;
            let v = a.get(vm, 0);
            let f = vm.get_float(v)?;
            let r = match id {
                MATH_FLOOR => crate::ops::floor(f),
                MATH_CEIL => -crate::ops::floor(-f),
                _ => {
                    if f < 0.0 {
                        -crate::ops::floor(-f)
                    } else {
                        crate::ops::floor(f)
                    }
                }
            };
            // Any size; NaN is a ValueError and inf an OverflowError (int(float) does it).
            vm.int_from_f64(r)
        }
        MATH_ATAN2 | MATH_POW | MATH_COPYSIGN | MATH_FMOD | MATH_LDEXP | MATH_HYPOT => {
            arg_count(vm, a, 2, 2)?;
            let (x, y) = (a.get(vm, 0), a.get(vm, 1));
            let x = vm.get_float(x)?;
            if id == MATH_LDEXP {
                let e = vm.get_int(y)?;
                return vm.new_float(libm::ldexp(x, e.clamp(-100_000, 100_000) as i32));
            }
            let y = vm.get_float(y)?;
            let r = match id {
                MATH_ATAN2 => libm::atan2(x, y),
                MATH_POW => libm::pow(x, y),
                MATH_COPYSIGN => libm::copysign(x, y),
                MATH_FMOD => libm::fmod(x, y),
                _ => libm::hypot(x, y),
            };
            // math_generic_2's domain check.
            if (r.is_nan() && !x.is_nan() && !y.is_nan())
                || (r.is_infinite() && !x.is_infinite() && !y.is_infinite())
            {
                return Err(vm.err(T::ValueError, "math domain error"));
            }
            vm.new_float(r)
        }
        MATH_MODF | MATH_FREXP => {
            arg_count(vm, a, 1, 1)?;
            let v = a.get(vm, 0);
            let f = vm.get_float(v)?;
            let (x, y) = if id == MATH_MODF {
                // C's modf: both parts carry the sign (modf(-1.0) is (-0.0, -1.0)).
                let (fr, i) = libm::modf(f);
                let x = vm.new_float(fr)?;
                vm.root(x)?;
                let y = vm.new_float(i);
                vm.unroot(1);
                (x, y?)
            } else {
                let (m, e) = libm::frexp(f);
                (vm.new_float(m)?, Obj::small(e as isize))
            };
            vm.root(x)?;
            let t = vm.new_tuple_from(&[x, y]);
            vm.unroot(1);
            t
        }
        MATH_ISFINITE => {
            arg_count(vm, a, 1, 1)?;
            let v = a.get(vm, 0);
            let f = vm.get_float(v)?;
            Ok(Obj::bool(f.is_finite()))
        }
        MATH_SQRT | MATH_FABS | MATH_EXP | MATH_LOG | MATH_SIN | MATH_COS | MATH_TAN
        | MATH_ASIN | MATH_ACOS | MATH_ATAN | MATH_LOG2 | MATH_LOG10 | MATH_DEGREES
        | MATH_RADIANS | MATH_SINH | MATH_COSH | MATH_TANH | MATH_EXPM1 | MATH_LOG1P => {
            arg_count(vm, a, 1, if id == MATH_LOG { 2 } else { 1 })?;
            let v = a.get(vm, 0);
            let f = vm.get_float(v)?;
            let dom = |vm: &mut Vm<P>| vm.err(T::ValueError, "math domain error");
            let r = match id {
                MATH_SQRT => {
                    if f < 0.0 {
                        return Err(dom(vm));
                    }
                    libm::sqrt(f)
                }
                MATH_FABS => libm::fabs(f),
                MATH_EXP => libm::exp(f),
                MATH_LOG | MATH_LOG2 | MATH_LOG10 => {
                    if f <= 0.0 {
                        return Err(dom(vm));
                    }
                    match id {
                        MATH_LOG2 => libm::log2(f),
                        MATH_LOG10 => libm::log10(f),
                        _ => {
                            if a.n == 2 {
                                let b = a.get(vm, 1);
                                let b = vm.get_float(b)?;
                                if b <= 0.0 {
                                    return Err(dom(vm));
                                }
                                if b == 1.0 {
                                    return Err(vm.err(T::ZeroDivisionError, "divide by zero"));
                                }
                                libm::log(f) / libm::log(b)
                            } else {
                                libm::log(f)
                            }
                        }
                    }
                }
                MATH_SIN => libm::sin(f),
                MATH_COS => libm::cos(f),
                MATH_TAN => libm::tan(f),
                MATH_ASIN => libm::asin(f),
                MATH_ACOS => libm::acos(f),
                MATH_ATAN => libm::atan(f),
                MATH_DEGREES => f * (180.0 / core::f64::consts::PI),
                MATH_RADIANS => f * (core::f64::consts::PI / 180.0),
                MATH_SINH => libm::sinh(f),
                MATH_COSH => libm::cosh(f),
                MATH_TANH => libm::tanh(f),
                MATH_EXPM1 => libm::expm1(f),
                _ => libm::log1p(f),
            };
            // MicroPython's math_generic_1: a NaN from a non-NaN or an infinity from a finite
            // argument is a domain error.
            if id != MATH_LOG
                && ((r.is_nan() && !f.is_nan()) || (r.is_infinite() && !f.is_infinite()))
            {
                return Err(dom(vm));
            }
            vm.new_float(r)
        }
        _ => Err(vm.err(T::NotImplementedError, "module function")),
    }
}

fn put(dst: &mut [u8], s: &[u8]) -> usize {
    let n = s.len().min(dst.len());
    dst[..n].copy_from_slice(&s[..n]);
    n
}

/// `int.from_bytes(b, order)` / `n.to_bytes(len, order)`.
pub(crate) fn int_bytes<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    // Anything but 'little' is big-endian, as in MicroPython.
    let big = |vm: &Vm<P>, o: Option<Obj>| match o {
        Some(o) => !(vm.is_str(o) && vm.str_data(o) == b"little"),
        None => true,
    };
    if id == I_FROM_BYTES {
        // from_bytes(cls, data, [byteorder, [signed]]): signed is ignored as in MicroPython.
        if a.n < 2 || a.n > 4 {
            return Err(vm.err(
                T::TypeError,
                "function missing required positional argument",
            ));
        }
        let b = a.get(vm, 1);
        if !(vm.is_str(b) || (b.is_ptr() && matches!(vm.tid(b), T::Bytes | T::ByteArray))) {
            return Err(vm.err(T::TypeError, "object with buffer protocol required"));
        }
        let order = if a.n > 2 { Some(a.get(vm, 2)) } else { None };
        let be = big(vm, order);
        return vm.int_from_bytes(b, be);
    }
    // to_bytes(self, length=1, byteorder='big', *, signed=False)
    if a.n > 3 {
        return Err(vm.err(
            T::TypeError,
            "function takes at most 3 positional arguments",
        ));
    }
    let s = a.get(vm, 0);
    let len = match (a.n > 1)
        .then(|| a.get(vm, 1))
        .or_else(|| a.kw(vm, "length"))
    {
        Some(l) => vm.get_int(l)?,
        None => 1,
    };
    if len < 0 {
        return Err(vm.err(T::ValueError, ""));
    }
    let order = (a.n > 2)
        .then(|| a.get(vm, 2))
        .or_else(|| a.kw(vm, "byteorder"));
    let be = big(vm, order);
    let signed = match a.kw(vm, "signed") {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    vm.int_to_bytes(s, len as usize, be, signed)
}

/// Constructors of the iterator types.
pub(crate) fn iter_new<P: Port>(vm: &mut Vm<P>, id: T, a: &Args) -> R<Obj> {
    let t = vm.tobj(id);
    match id {
        T::Enumerate => {
            let o = match (a.n >= 1)
                .then(|| a.get(vm, 0))
                .or_else(|| a.kw(vm, "iterable"))
            {
                Some(o) => o,
                None => {
                    return Err(vm.err(
                        T::TypeError,
                        "function missing 1 required positional arguments",
                    ))
                }
            };
            let start = a
                .kw(vm, "start")
                .or(if a.n > 1 { Some(a.get(vm, 1)) } else { None })
                .unwrap_or(Obj::small(0));
            let it = vm.get_iter(o)?;
            vm.root(it)?;
            let e = vm.alloc_obj(t, 3);
            vm.unroot(1);
            let e = e?;
            vm.set(e, 1, it);
            vm.set(e, 2, start);
            Ok(e)
        }
        T::Zip | T::Map => {
            let skip = usize::from(id == T::Map);
            if a.n < skip + usize::from(id == T::Map) {
                return Err(vm.err(
                    T::TypeError,
                    "function missing required positional arguments",
                ));
            }
            let n = a.n - skip;
            let its = vm.new_tuple(n)?;
            vm.root(its)?;
            for i in 0..n {
                let o = a.get(vm, skip + i);
                match vm.get_iter(o) {
                    Ok(it) => vm.set(its, 2 + i, it),
                    Err(e) => {
                        vm.unroot(1);
                        return Err(e);
                    }
                }
            }
            let z = vm.alloc_obj(t, 3);
            vm.unroot(1);
            let z = z?;
            if id == T::Map {
                vm.set(z, 1, a.get(vm, 0));
                vm.set(z, 2, its);
            } else {
                vm.set(z, 1, its);
            }
            Ok(z)
        }
        T::Filter => {
            arg_count(vm, a, 2, 2)?;
            let o = a.get(vm, 1);
            let it = vm.get_iter(o)?;
            vm.root(it)?;
            let f = vm.alloc_obj(t, 3);
            vm.unroot(1);
            let f = f?;
            vm.set(f, 1, a.get(vm, 0));
            vm.set(f, 2, it);
            Ok(f)
        }
        _ => {
            arg_count(vm, a, 1, 1)?;
            let o = a.get(vm, 0);
            if vm.is_user_instance(o) {
                if let Some(m) = vm.lookup_special(o, crate::qs!(vm, "__reversed__"))? {
                    return vm.call_method_obj(m, o, &[]);
                }
            }
            let n = vm.len_of(o)?;
            let r = vm.alloc_obj(t, 3)?;
            vm.set(r, 1, o);
            vm.set(r, 2, Obj::small(n as isize));
            Ok(r)
        }
    }
}

pub(crate) fn iter_next_fn<P: Port>(vm: &mut Vm<P>, it: Obj) -> R<Option<Obj>> {
    match vm.tid(it) {
        T::Enumerate => {
            let inner = vm.get(it, 1);
            let Some(v) = vm.iter_next(inner)? else {
                return Ok(None);
            };
            let n = vm.get(it, 2);
            vm.root(v)?;
            let next = vm.binary_op(mpy_format::opcode::binary::ADD, n, Obj::small(1));
            let t = next.and_then(|nx| {
                vm.set(it, 2, nx);
                vm.new_tuple_from(&[n, v])
            });
            vm.unroot(1);
            t.map(Some)
        }
        T::Zip => {
            let its = vm.get(it, 1);
            let n = vm.tuple_len(its);
            if n == 0 {
                return Ok(None);
            }
            let base = vm.heap.sp;
            for i in 0..n {
                let x = vm.tuple_get(its, i);
                match vm.iter_next(x) {
                    Ok(Some(v)) => vm.root(v)?,
                    Ok(None) => {
                        vm.heap.sp = base;
                        return Ok(None);
                    }
                    Err(e) => {
                        vm.heap.sp = base;
                        return Err(e);
                    }
                }
            }
            let t = vm.new_tuple_ps(base, n);
            vm.heap.sp = base;
            t.map(Some)
        }
        T::Map => {
            let f = vm.get(it, 1);
            let its = vm.get(it, 2);
            let n = vm.tuple_len(its);
            let base = vm.heap.sp;
            vm.root(f)?;
            for i in 0..n {
                let x = vm.tuple_get(its, i);
                match vm.iter_next(x) {
                    Ok(Some(v)) => vm.root(v)?,
                    Ok(None) => {
                        vm.heap.sp = base;
                        return Ok(None);
                    }
                    Err(e) => {
                        vm.heap.sp = base;
                        return Err(e);
                    }
                }
            }
            let r = vm.call_n(f, n, 0, base + 1);
            vm.heap.sp = base;
            r.map(Some)
        }
        T::Filter => {
            let f = vm.get(it, 1);
            let inner = vm.get(it, 2);
            loop {
                let Some(v) = vm.iter_next(inner)? else {
                    return Ok(None);
                };
                vm.root(v)?;
                let keep = if f == Obj::NONE {
                    vm.truthy(v)
                } else {
                    vm.call(f, &[v]).and_then(|r| vm.truthy(r))
                };
                vm.unroot(1);
                if keep? {
                    return Ok(Some(v));
                }
            }
        }
        _ => {
            let seq = vm.get(it, 1);
            let n = vm.get(it, 2).small_val();
            if n <= 0 {
                return Ok(None);
            }
            vm.set(it, 2, Obj::small(n - 1));
            vm.subscr(seq, Obj::small(n - 1), Obj::SENTINEL).map(Some)
        }
    }
}

#[allow(dead_code)]
fn unused(_p: Part) {}

/// Depth of the scheduler queue (`MICROPY_SCHEDULER_DEPTH`).
const SCHED_DEPTH: usize = 4;

impl<P: Port> Vm<P> {
    /// `micropython.schedule(f, arg)`: queue a callback for the next pending check.
    pub(crate) fn schedule(&mut self, f: Obj, x: Obj) -> R<()> {
        let mut q = Obj(self.heap.roots[crate::root::SCHED]);
        if q.is_null() {
            self.root(f)?;
            self.root(x)?;
            let l = self.new_list(0);
            self.unroot(2);
            q = l?;
            self.heap.roots[crate::root::SCHED] = q.0;
        }
        if self.list_len(q) >= 2 * SCHED_DEPTH {
            return Err(self.err(T::RuntimeError, "schedule queue full"));
        }
        self.root(x)?;
        let r = self.list_append(q, f).and_then(|()| self.list_append(q, x));
        self.unroot(1);
        r?;
        self.sched_pending = true;
        Ok(())
    }

    /// Run one scheduled callback (at a pending check); its exceptions are printed and
    /// swallowed, as `mp_call_function_1_protected` does.
    pub(crate) fn run_pending(&mut self) {
        if self.sched_running {
            return;
        }
        let q = Obj(self.heap.roots[crate::root::SCHED]);
        if q.is_null() || self.list_len(q) < 2 {
            self.sched_pending = false;
            return;
        }
        let f = self.list_remove_at(q, 0);
        let x = self.list_remove_at(q, 0);
        self.sched_pending = self.list_len(q) >= 2;
        self.sched_running = true;
        let saved = self.heap.roots[crate::root::EXC];
        if self.call(f, &[x]).is_err() {
            let e = self.cur_exc();
            self.print_exception(Out::Stdout, e);
        }
        self.heap.roots[crate::root::EXC] = saved;
        self.sched_running = false;
    }
}
