//! Operators (MicroPython's `py/runtime.c` `mp_binary_op`/`mp_unary_op`, `objint.c`,
//! `objfloat.c`, `obj.c` `mp_obj_equal`/`mp_obj_is_true`, subscripting).
//!
//! Integers: small ints are fast-pathed; results that leave the small range become heap ints.
//! Until `mpy-num`'s bigint lands these hold an `i128` (`[int, lo, hi]`), and results beyond it
//! raise `OverflowError` (a known difference, listed in the runtime README section).
use crate::obj::{Obj, T};
use crate::text::Part;
use crate::{Exc, Port, Vm, R};
use mpy_format::opcode::binary as b;

/// Small-int fast path of a binary op; None when the general path is needed.
#[inline(always)]
pub(crate) fn small_binop(op: u8, x: isize, y: isize) -> Option<Obj> {
    let r = match op {
        b::LESS => return Some(Obj::bool(x < y)),
        b::MORE => return Some(Obj::bool(x > y)),
        b::EQUAL | b::IS => return Some(Obj::bool(x == y)),
        b::LESS_EQUAL => return Some(Obj::bool(x <= y)),
        b::MORE_EQUAL => return Some(Obj::bool(x >= y)),
        b::NOT_EQUAL => return Some(Obj::bool(x != y)),
        _ => {
            let op = if (b::INPLACE_OR..b::OR).contains(&op) {
                op + b::INPLACE_DELTA
            } else {
                op
            };
            match op {
                b::ADD => x.checked_add(y)?,
                b::SUBTRACT => x.checked_sub(y)?,
                b::MULTIPLY => x.checked_mul(y)?,
                b::OR => x | y,
                b::AND => x & y,
                b::XOR => x ^ y,
                b::FLOOR_DIVIDE => {
                    if y == 0 {
                        return None;
                    }
                    let q = x.checked_div(y)?;
                    if (x % y != 0) && ((x < 0) != (y < 0)) {
                        q - 1
                    } else {
                        q
                    }
                }
                b::MODULO => {
                    if y == 0 {
                        return None;
                    }
                    let m = x.checked_rem(y)?;
                    if m != 0 && ((m < 0) != (y < 0)) {
                        m + y
                    } else {
                        m
                    }
                }
                b::LSHIFT => {
                    if !(0..isize::BITS as isize - 1).contains(&y) {
                        return None;
                    }
                    let r = x.checked_shl(y as u32)?;
                    if r >> y != x {
                        return None;
                    }
                    r
                }
                b::RSHIFT => {
                    if y < 0 {
                        return None;
                    }
                    x >> y.min(isize::BITS as isize - 1)
                }
                _ => return None,
            }
        }
    };
    if (Obj::SMALL_MIN..=Obj::SMALL_MAX).contains(&r) {
        Some(Obj::small(r))
    } else {
        None
    }
}

/// Parse float text as MicroPython's `mp_parse_num_decimal` (`mpy-num`).
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    mpy_num::float::parse_float(s.as_bytes())
}

/// Numeric value classes for mixed arithmetic.
enum Num {
    I(i128),
    /// A heap int (operands are read from the objects).
    B,
    F(f64),
}

impl<P: Port> Vm<P> {
    /// Print a heap int.
    pub(crate) fn print_bigint(&mut self, out: crate::print::Out, o: Obj) -> R<()> {
        let s = self.int_text(o, 10, "", false, 0)?;
        self.print_str(out, s)
    }

    /// Print a float as MicroPython's repr (`mpy-num`).
    pub(crate) fn print_float(&mut self, out: crate::print::Out, f: f64) -> R<()> {
        let t = mpy_num::float::repr(f);
        self.write_bytes(out, t.as_bytes())
    }

    /// Parse integer text in base `base` (0 = by prefix): None if malformed.
    pub(crate) fn parse_int_text(&mut self, s: &[u8], base: u32) -> R<Option<Obj>> {
        self.parse_big(s, base)
    }

    fn num(&self, o: Obj) -> Option<Num> {
        if o.is_small() {
            return Some(Num::I(o.small_val() as i128));
        }
        if o == Obj::TRUE || o == Obj::FALSE {
            return Some(Num::I((o == Obj::TRUE) as i128));
        }
        if self.is_bigint(o) {
            return Some(Num::B);
        }
        if o.is_ptr() && self.tid(o) == T::Float && !self.is_user_instance(o) {
            return Some(Num::F(self.float_val(o)));
        }
        None
    }

    /// A Python int argument as `isize` (TypeError / OverflowError otherwise).
    pub(crate) fn get_int(&mut self, o: Obj) -> R<isize> {
        if o.is_small() {
            return Ok(o.small_val());
        }
        match self.int_val(o) {
            Some(v) => isize::try_from(v).map_err(|_| {
                self.err(
                    T::OverflowError,
                    "overflow converting long int to machine word",
                )
            }),
            // A big int past i128 is still an int: too big, not the wrong type.
            None if matches!(self.num(o), Some(Num::B)) => Err(self.err(
                T::OverflowError,
                "overflow converting long int to machine word",
            )),
            None => {
                // A class instance converts through its `__int__` (MP_UNARY_OP_INT_MAYBE).
                if let Some(v) = self.special_conv(o, "__int__")? {
                    if !self.is_int(v) {
                        return Err(self.err(T::TypeError, ""));
                    }
                    return self.get_int(v);
                }
                Err(self.errf(
                    T::TypeError,
                    &[
                        Part::S("can't convert "),
                        Part::TypeName(o),
                        Part::S(" to int"),
                    ],
                ))
            }
        }
    }

    /// `o.__int__()`/`o.__float__()` of a class instance that has it.
    #[cold]
    fn special_conv(&mut self, o: Obj, name: &str) -> R<Option<Obj>> {
        if !self.is_user_instance(o) {
            return Ok(None);
        }
        let q = self.intern(name.as_bytes())?;
        match self.lookup_special(o, q)? {
            Some(m) => self.call_method_obj(m, o, &[]).map(Some),
            None => Ok(None),
        }
    }

    /// A Python number as f64.
    pub(crate) fn get_float(&mut self, o: Obj) -> R<f64> {
        match self.num(o) {
            Some(Num::I(i)) => Ok(i as f64),
            Some(Num::B) => Ok(self.int_to_f64(o)),
            Some(Num::F(f)) => Ok(f),
            None => {
                if let Some(v) = self.special_conv(o, "__float__")? {
                    if v.is_ptr() && self.tid(v) == T::Float {
                        return Ok(self.float_val(v));
                    }
                }
                Err(self.errf(
                    T::TypeError,
                    &[
                        Part::S("can't convert "),
                        Part::TypeName(o),
                        Part::S(" to float"),
                    ],
                ))
            }
        }
    }

    /// `bool(o)`.
    pub(crate) fn truthy(&mut self, o: Obj) -> R<bool> {
        if o == Obj::FALSE || o == Obj::NONE {
            return Ok(false);
        }
        if o == Obj::TRUE {
            return Ok(true);
        }
        if o.is_small() {
            return Ok(o.small_val() != 0);
        }
        if o.is_qstr() {
            return Ok(o.qstr_val() != 1);
        }
        if !o.is_ptr() {
            return Ok(true);
        }
        let t = self.get(o, 0);
        if self.is_user_type(t) {
            if let Some(m) = self.lookup_special(o, crate::qs!(self, "__bool__"))? {
                let r = self.call_method_obj(m, o, &[])?;
                return self.truthy(r);
            }
            if let Some(m) = self.lookup_special(o, crate::qs!(self, "__len__"))? {
                let r = self.call_method_obj(m, o, &[])?;
                return Ok(self.get_int(r)? != 0);
            }
            if let Some(s) = self.native_sub(o) {
                return self.truthy(s);
            }
            return Ok(true);
        }
        Ok(match self.type_id(t) {
            T::Str | T::Bytes => self.str_len(o) != 0,
            T::ByteArray => self.get(o, 1).small_val() != 0,
            T::Tuple => self.tuple_len(o) != 0,
            T::List => self.list_len(o) != 0,
            T::Dict | T::Set | T::FrozenSet => self.map_used(o) != 0,
            T::Deque => crate::modcollections::deque_len(self, o) != 0,
            T::Array => self.get(o, 1).small_val() != 0,
            T::MemoryView => crate::memview::len(self, o) != 0,
            T::DictView => self.map_used(self.get(o, 1)) != 0,
            T::Float => self.float_val(o) != 0.0,
            T::Complex => {
                let (re, im) = self.complex_parts(o);
                re != 0.0 || im != 0.0
            }
            T::Int => self.int_val(o) != Some(0),
            T::Range => {
                let (a, z, s) = self.range_parts(o);
                (s > 0 && a < z) || (s < 0 && a > z)
            }
            _ => true,
        })
    }

    /// `hash(o)`.
    pub(crate) fn hash(&mut self, o: Obj) -> R<isize> {
        if o.is_small() {
            return Ok(o.small_val());
        }
        if o.is_qstr() {
            return Ok(self.qstr_hash(o.qstr_val()) as isize);
        }
        match o {
            Obj::FALSE => return Ok(0),
            Obj::TRUE => return Ok(1),
            _ => {}
        }
        if !o.is_ptr() {
            return Ok((o.0 >> 1) as isize);
        }
        let t = self.get(o, 0);
        if self.is_user_type(t) {
            if let Some(m) = self.lookup_special(o, crate::qs!(self, "__hash__"))? {
                let r = self.call_method_obj(m, o, &[])?;
                // A big result is truncated to a machine word (mp_obj_get_int_truncated).
                if self.is_bigint(r) {
                    return Ok(self.big_hash(r));
                }
                return self.get_int(r);
            }
            if self
                .lookup_special(o, crate::qs!(self, "__eq__"))?
                .is_some()
            {
                return Err(self.errf(
                    T::TypeError,
                    &[
                        Part::S("unsupported type for __hash__: '"),
                        Part::TypeName(o),
                        Part::S("'"),
                    ],
                ));
            }
            return Ok((o.0 >> 2) as isize & Obj::SMALL_MAX);
        }
        match self.type_id(t) {
            T::Str | T::Bytes => Ok(self.get(o, 1).small_val()),
            T::Int => Ok(self.big_hash(o)),
            T::Float => Ok(float_hash(self.float_val(o))),
            T::BoundMeth => {
                Ok(((self.get(o, 1).0 ^ self.get(o, 2).0) >> 2) as isize & Obj::SMALL_MAX)
            }
            T::Complex => {
                let (re, im) = self.complex_parts(o);
                Ok(float_hash(re) ^ float_hash(im))
            }
            T::Tuple => {
                let mut h: isize = self.empty_tuple().0 as isize;
                for i in 0..self.tuple_len(o) {
                    let it = self.tuple_get(o, i);
                    h = h.wrapping_add(self.hash(it)?);
                }
                Ok(h & Obj::SMALL_MAX)
            }
            // The sum of its elements' hashes, so equal frozensets hash alike (objset.c).
            T::FrozenSet => {
                let mut h = self.tobj(T::FrozenSet).0 as isize;
                self.root(o)?;
                let mut i = 0;
                let r = loop {
                    let Some((slot, k, _)) = self.map_next(o, i) else {
                        break Ok(h & Obj::SMALL_MAX);
                    };
                    match self.hash(k) {
                        Ok(v) => h = h.wrapping_add(v),
                        Err(e) => break Err(e),
                    }
                    i = slot + 1;
                };
                self.unroot(1);
                r
            }
            // keys and items views are set-like, hence unhashable; a values view hashes.
            T::DictView if self.get(o, 2).small_val() != crate::seq::IT_VALUES => Err(self.errf(
                T::TypeError,
                &[
                    Part::S("unsupported type for __hash__: '"),
                    Part::TypeName(o),
                    Part::S("'"),
                ],
            )),
            T::List | T::Dict | T::Set | T::ByteArray | T::Slice | T::Array | T::MemoryView => {
                Err(self.errf(
                    T::TypeError,
                    &[
                        Part::S("unsupported type for __hash__: '"),
                        Part::TypeName(o),
                        Part::S("'"),
                    ],
                ))
            }
            _ => Ok((o.0 >> 2) as isize & Obj::SMALL_MAX),
        }
    }

    /// `a == b`.
    pub(crate) fn equal(&mut self, a: Obj, c: Obj) -> R<bool> {
        if a == c {
            if a.is_ptr() && self.tid(a) == T::Float {
                return Ok(!self.float_val(a).is_nan());
            }
            if !self.is_user_instance(a) {
                return Ok(true);
            }
        }
        if a.is_small() && c.is_small() {
            return Ok(false);
        }
        let r = self.binary_op(b::EQUAL, a, c)?;
        Ok(r == Obj::TRUE)
    }

    fn is_strish(&self, o: Obj) -> Option<T> {
        if o.is_qstr() {
            return Some(T::Str);
        }
        if o.is_ptr() && !self.is_user_instance(o) {
            let t = self.tid(o);
            if matches!(t, T::Str | T::Bytes) {
                return Some(t);
            }
        }
        None
    }

    /// The general binary operator.
    pub(crate) fn binary_op(&mut self, op: u8, l: Obj, r: Obj) -> R<Obj> {
        match op {
            b::IS => return Ok(Obj::bool(l == r)),
            b::NOT_EQUAL => {
                // mp_obj_equal_not_equal: the left side's __ne__ (its result as it is), else
                // its __eq__ (negated truth); then the same on the right side.
                for (a, c) in [(l, r), (r, l)] {
                    if self.is_user_instance(a) {
                        if let Some(m) = self.lookup_special(a, crate::qs!(self, "__ne__"))? {
                            let v = self.call_method_obj(m, a, &[c])?;
                            if v != self.not_impl() {
                                return Ok(v);
                            }
                        }
                        if let Some(m) = self.lookup_special(a, crate::qs!(self, "__eq__"))? {
                            let v = self.call_method_obj(m, a, &[c])?;
                            if v != self.not_impl() {
                                let t = self.truthy(v)?;
                                return Ok(Obj::bool(!t));
                            }
                        }
                    }
                }
                let e = self.binary_op(b::EQUAL, l, r)?;
                let t = self.truthy(e)?;
                return Ok(Obj::bool(!t));
            }
            b::IN => {
                let c = self.contains(r, l)?;
                return Ok(Obj::bool(c));
            }
            b::EXCEPTION_MATCH => {
                let m = self.exception_match(l, r)?;
                return Ok(Obj::bool(m));
            }
            _ => {}
        }
        // User-defined operators first.
        if self.is_user_instance(l) || self.is_user_instance(r) {
            if let Some(v) = self.user_binop(op, l, r)? {
                return Ok(v);
            }
        }
        if crate::modarray::binop_applies(self, op, l, r) {
            if let Some(v) = crate::modarray::binop(self, op, l, r)? {
                return Ok(v);
            }
        }
        let op = if (b::INPLACE_OR..b::OR).contains(&op) {
            // list += iterable extends the list in place.
            if op == b::ADD - b::INPLACE_DELTA
                && l.is_ptr()
                && self.tid(l) == T::List
                && !self.is_user_instance(l)
            {
                self.list_extend(l, r)?;
                return Ok(l);
            }
            // set |= &= ^= -= another set: in place.
            let plain = op + b::INPLACE_DELTA;
            if matches!(plain, b::OR | b::XOR | b::AND | b::SUBTRACT)
                && l.is_ptr()
                && self.tid(l) == T::Set
                && r.is_ptr()
                && matches!(self.tid(r), T::Set | T::FrozenSet)
                && !self.is_user_instance(l)
            {
                if let Some(n) = crate::builtins2::set_binop(self, plain, l, r)? {
                    for i in 1..4 {
                        let w = self.get(n, i);
                        self.set(l, i, w);
                    }
                }
                return Ok(l);
            }
            plain
        } else {
            op
        };
        if let (Some(x), Some(y)) = (self.num(l), self.num(r)) {
            return self.num_binop(op, x, y, l, r);
        }
        if self.is_complex(l) || self.is_complex(r) {
            if let Some(v) = self.complex_binary_op(op, l, r)? {
                return Ok(v);
            }
        }
        if let (Some(tl), Some(tr)) = (self.is_strish(l), self.is_strish(r)) {
            if tl == tr {
                return self.str_binop(op, tl, l, r);
            }
        }
        self.seq_binop(op, l, r)
    }

    fn num_binop(&mut self, op: u8, x: Num, y: Num, l: Obj, r: Obj) -> R<Obj> {
        match (x, y) {
            (Num::I(x), Num::I(y)) => self.int_binop(op, x, y, l, r),
            (Num::I(x), Num::F(y)) => self.float_binop(op, x as f64, y, l, r),
            (Num::F(x), Num::I(y)) => self.float_binop(op, x, y as f64, l, r),
            (Num::F(x), Num::F(y)) => self.float_binop(op, x, y, l, r),
            (Num::B, Num::F(y)) => self.float_binop(op, self.int_to_f64(l), y, l, r),
            (Num::F(x), Num::B) => self.float_binop(op, x, self.int_to_f64(r), l, r),
            _ => self.big_binop(op, l, r),
        }
    }

    fn int_binop(&mut self, op: u8, x: i128, y: i128, l: Obj, r: Obj) -> R<Obj> {
        let ovf = |vm: &mut Self| vm.err(T::OverflowError, "long int not supported in this build");
        let v = match op {
            b::LESS => return Ok(Obj::bool(x < y)),
            b::MORE => return Ok(Obj::bool(x > y)),
            b::EQUAL => return Ok(Obj::bool(x == y)),
            b::LESS_EQUAL => return Ok(Obj::bool(x <= y)),
            b::MORE_EQUAL => return Ok(Obj::bool(x >= y)),
            b::ADD => x.checked_add(y),
            b::SUBTRACT => x.checked_sub(y),
            b::MULTIPLY => x.checked_mul(y),
            b::OR => Some(x | y),
            b::AND => Some(x & y),
            b::XOR => Some(x ^ y),
            b::FLOOR_DIVIDE | b::MODULO => {
                if y == 0 {
                    return Err(self.err(T::ZeroDivisionError, "divide by zero"));
                }
                let q = x.checked_div(y);
                let m = x.checked_rem(y);
                match (q, m) {
                    (Some(mut q), Some(mut m)) => {
                        if m != 0 && ((m < 0) != (y < 0)) {
                            q -= 1;
                            m += y;
                        }
                        Some(if op == b::FLOOR_DIVIDE { q } else { m })
                    }
                    _ => None,
                }
            }
            b::TRUE_DIVIDE => {
                if y == 0 {
                    return Err(self.err(T::ZeroDivisionError, "divide by zero"));
                }
                return self.new_float(x as f64 / y as f64);
            }
            b::LSHIFT | b::RSHIFT => {
                if y < 0 {
                    return Err(self.err(T::ValueError, "negative shift count"));
                }
                if op == b::RSHIFT {
                    Some(x >> y.min(127))
                } else if y >= 127 {
                    if x == 0 {
                        Some(0)
                    } else {
                        None
                    }
                } else {
                    let v = x.checked_shl(y as u32);
                    v.filter(|v| v >> y == x)
                }
            }
            b::POWER => {
                if y < 0 {
                    if x == 0 {
                        return Err(self.err(T::ZeroDivisionError, "divide by zero"));
                    }
                    return self.new_float(libm_pow(x as f64, y as f64));
                }
                let mut acc: Option<i128> = Some(1);
                let mut base = Some(x);
                let mut e = y;
                while e > 0 {
                    if e & 1 != 0 {
                        acc = acc.and_then(|a| base.and_then(|b| a.checked_mul(b)));
                    }
                    e >>= 1;
                    if e > 0 {
                        base = base.and_then(|b| b.checked_mul(b));
                    }
                }
                acc
            }
            _ => return Err(self.unsupported_binop(op, l, r)),
        };
        match v {
            Some(v) => self.new_int(v),
            None => {
                let _ = ovf;
                self.big_binop(op, l, r)
            }
        }
    }

    fn float_binop(&mut self, op: u8, x: f64, y: f64, l: Obj, r: Obj) -> R<Obj> {
        let v = match op {
            b::LESS => return Ok(Obj::bool(x < y)),
            b::MORE => return Ok(Obj::bool(x > y)),
            b::EQUAL => return Ok(Obj::bool(x == y)),
            b::LESS_EQUAL => return Ok(Obj::bool(x <= y)),
            b::MORE_EQUAL => return Ok(Obj::bool(x >= y)),
            b::ADD => x + y,
            b::SUBTRACT => x - y,
            b::MULTIPLY => x * y,
            b::TRUE_DIVIDE => {
                if y == 0.0 {
                    return Err(self.err(T::ZeroDivisionError, "divide by zero"));
                }
                x / y
            }
            b::FLOOR_DIVIDE | b::MODULO => {
                if y == 0.0 {
                    return Err(self.err(T::ZeroDivisionError, "divide by zero"));
                }
                // mp_obj_float_divmod: the modulo takes the sign of y (a zero too), the
                // floor division is rounded to the nearest whole when fmod left it inexact.
                let mut m = fmod(x, y);
                let mut d = (x - m) / y;
                if m == 0.0 {
                    m = libm::copysign(0.0, y);
                } else if (m < 0.0) != (y < 0.0) {
                    m += y;
                    d -= 1.0;
                }
                if op == b::MODULO {
                    m
                } else if d == 0.0 {
                    libm::copysign(0.0, x / y)
                } else {
                    let f = floor(d);
                    if d - f > 0.5 {
                        f + 1.0
                    } else {
                        f
                    }
                }
            }
            b::POWER => {
                if x == 0.0 && y < 0.0 && !y.is_infinite() {
                    return Err(self.err(T::ZeroDivisionError, "divide by zero"));
                }
                // A negative base to a fractional power is complex.
                if x < 0.0 && y != floor(y) && !y.is_nan() {
                    return match self.complex_binop(b::POWER, x, 0.0, r)? {
                        Some(v) => Ok(v),
                        None => Err(self.unsupported_binop(op, l, r)),
                    };
                }
                libm_pow(x, y)
            }
            _ => return Err(self.unsupported_binop(op, l, r)),
        };
        self.new_float(v)
    }

    fn str_binop(&mut self, op: u8, t: T, l: Obj, r: Obj) -> R<Obj> {
        match op {
            b::ADD => {
                if self.str_len(r) == 0 {
                    return Ok(l);
                }
                if self.str_len(l) == 0 {
                    return Ok(r);
                }
                self.root(l)?;
                self.root(r)?;
                let s = self.new_str2(t, l, r);
                self.unroot(2);
                s
            }
            b::EQUAL => Ok(Obj::bool(self.str_data(l) == self.str_data(r))),
            b::LESS => Ok(Obj::bool(self.str_data(l) < self.str_data(r))),
            b::MORE => Ok(Obj::bool(self.str_data(l) > self.str_data(r))),
            b::LESS_EQUAL => Ok(Obj::bool(self.str_data(l) <= self.str_data(r))),
            b::MORE_EQUAL => Ok(Obj::bool(self.str_data(l) >= self.str_data(r))),
            b::MODULO => crate::builtins::str_modulo(self, l, r),
            _ => Err(self.unsupported_binop(op, l, r)),
        }
    }

    fn seq_binop(&mut self, op: u8, l: Obj, r: Obj) -> R<Obj> {
        let tl = if l.is_ptr() || l.is_qstr() {
            Some(self.tid(l))
        } else {
            None
        };
        // str % anything, bytes % anything
        if op == b::MODULO && self.is_strish(l).is_some() {
            return crate::builtins::str_modulo(self, l, r);
        }
        // bytes and bytearray compare with each other by their bytes
        if matches!(op, b::LESS | b::MORE | b::LESS_EQUAL | b::MORE_EQUAL)
            && matches!(tl, Some(T::Bytes | T::ByteArray))
            && r.is_ptr()
            && matches!(self.tid(r), T::Bytes | T::ByteArray)
        {
            let (x, y) = (self.bytes_data(l), self.bytes_data(r));
            return Ok(Obj::bool(match op {
                b::LESS => x < y,
                b::MORE => x > y,
                b::LESS_EQUAL => x <= y,
                _ => x >= y,
            }));
        }
        if op == b::MULTIPLY {
            if self.int_val(r).is_some() && tl.is_some() {
                return self.seq_repeat(l, r);
            }
            if self.int_val(l).is_some() && (r.is_ptr() || r.is_qstr()) {
                return self.seq_repeat(r, l);
            }
        }
        if op == b::EQUAL {
            return self.eq_general(l, r).map(Obj::bool);
        }
        if op == b::ADD
            && matches!(tl, Some(T::Bytes | T::ByteArray))
            && (self.is_str(r)
                || (r.is_ptr()
                    && matches!(
                        self.tid(r),
                        T::Bytes | T::ByteArray | T::Array | T::MemoryView
                    )))
        {
            // bytes/bytearray + anything with the buffer protocol
            let t = tl.unwrap_or(T::Bytes);
            let (la, lb) = (
                self.bytes_data(l).len(),
                if self.is_str(r) {
                    self.str_len(r)
                } else {
                    self.bytes_data(r).len()
                },
            );
            self.root(l)?;
            self.root(r)?;
            let res = if t == T::Bytes {
                self.new_str_raw(T::Bytes, la + lb).map(|(o, _)| o)
            } else {
                self.new_bytearray(la + lb)
            };
            self.unroot(2);
            let o = res?;
            let dst = if t == T::Bytes {
                self.str_data_off(o)
            } else {
                self.ba_off(o)
            };
            let src_l = if self.tid(l) == T::Bytes {
                self.str_data_off(l)
            } else {
                self.ba_off(l)
            };
            self.heap.copy_within(src_l, dst, la);
            for i in 0..lb {
                let c = if self.is_str(r) {
                    self.str_data(r)[i]
                } else {
                    self.bytes_data(r)[i]
                };
                self.heap.bytes_mut(dst + la + i, 1)[0] = c;
            }
            return Ok(if t == T::Bytes { self.finish_str(o) } else { o });
        }
        let tr = if r.is_ptr() { Some(self.tid(r)) } else { None };
        match (tl, tr) {
            (Some(T::Tuple), Some(T::Tuple)) | (Some(T::List), Some(T::List)) => {
                let t = tl.unwrap_or(T::Tuple);
                match op {
                    b::ADD => {
                        let (nl, nr) = (self.seq_len(l), self.seq_len(r));
                        self.root(l)?;
                        self.root(r)?;
                        let o = if t == T::Tuple {
                            self.new_tuple(nl + nr)
                        } else {
                            self.new_list(nl + nr)
                        };
                        self.unroot(2);
                        let o = o?;
                        for i in 0..nl {
                            let v = self.seq_get(l, i);
                            self.seq_put(o, i, v);
                        }
                        for i in 0..nr {
                            let v = self.seq_get(r, i);
                            self.seq_put(o, nl + i, v);
                        }
                        return Ok(o);
                    }
                    b::LESS | b::MORE | b::LESS_EQUAL | b::MORE_EQUAL => {
                        return self.seq_compare(op, l, r).map(Obj::bool);
                    }
                    _ => {}
                }
            }
            (Some(T::Set | T::FrozenSet), Some(T::Set | T::FrozenSet)) => {
                if let Some(v) = crate::builtins::set_binop(self, op, l, r)? {
                    return Ok(v);
                }
            }
            (Some(T::Dict), Some(T::Dict)) if op == b::OR => {
                let d = crate::builtins::dict_copy(self, l)?;
                self.root(d)?;
                let res = crate::builtins::dict_update_from(self, d, r);
                self.unroot(1);
                res?;
                return Ok(d);
            }
            _ => {}
        }
        Err(self.unsupported_binop(op, l, r))
    }

    fn seq_put(&mut self, o: Obj, i: usize, v: Obj) {
        if self.tid(o) == T::Tuple {
            self.set(o, 2 + i, v)
        } else {
            self.list_set(o, i, v)
        }
    }

    fn seq_repeat(&mut self, s: Obj, n: Obj) -> R<Obj> {
        let n = self.get_int(n)?.max(0) as usize;
        if let Some(t) = self.is_strish(s) {
            let len = self.str_len(s);
            if len * n == 0 {
                return if t == T::Str {
                    Ok(Obj::qstr(1))
                } else {
                    self.new_strish(T::Bytes, b"")
                };
            }
            self.root(s)?;
            let r = self.new_str_raw(t, len * n);
            self.unroot(1);
            let (o, off) = r?;
            let src = self.str_data_off_any(s);
            match src {
                Some(so) => {
                    for i in 0..n {
                        self.heap.copy_within(so, off + i * len, len);
                    }
                }
                None => {
                    let mut tmp = [0u8; 64];
                    let d = self.str_data(s);
                    if d.len() <= 64 {
                        tmp[..d.len()].copy_from_slice(d);
                        for i in 0..n {
                            self.heap
                                .bytes_mut(off + i * len, len)
                                .copy_from_slice(&tmp[..len]);
                        }
                    }
                }
            }
            return Ok(self.finish_str(o));
        }
        let t = self.tid(s);
        if !matches!(t, T::Tuple | T::List) {
            return Err(self.unsupported_binop(b::MULTIPLY, s, Obj::small(n as isize)));
        }
        let len = self.seq_len(s);
        self.root(s)?;
        let o = if t == T::Tuple {
            self.new_tuple(len * n)
        } else {
            self.new_list(len * n)
        };
        self.unroot(1);
        let o = o?;
        for k in 0..n {
            for i in 0..len {
                let v = self.seq_get(s, i);
                self.seq_put(o, k * len + i, v);
            }
        }
        Ok(o)
    }

    /// Heap offset of a str's data, or None for a static qstr.
    fn str_data_off_any(&self, s: Obj) -> Option<usize> {
        if s.is_qstr() {
            let q = s.qstr_val();
            if q < crate::qstr::DYN_BASE {
                None
            } else {
                Some(self.dyn_qstr_span(q).0)
            }
        } else {
            Some(self.str_data_off(s))
        }
    }

    fn seq_compare(&mut self, op: u8, l: Obj, r: Obj) -> R<bool> {
        let (nl, nr) = (self.seq_len(l), self.seq_len(r));
        let n = nl.min(nr);
        for i in 0..n {
            let (a, c) = (self.seq_get(l, i), self.seq_get(r, i));
            if !self.equal(a, c)? {
                let v = self.binary_op(op, a, c)?;
                return Ok(v == Obj::TRUE);
            }
        }
        Ok(match op {
            b::LESS => nl < nr,
            b::MORE => nl > nr,
            b::LESS_EQUAL => nl <= nr,
            _ => nl >= nr,
        })
    }

    /// Equality for containers and identity-compared objects.
    fn eq_general(&mut self, l: Obj, r: Obj) -> R<bool> {
        if l == r {
            return Ok(true);
        }
        if !l.is_ptr() || !r.is_ptr() {
            return Ok(false);
        }
        let (tl, tr) = (self.tid(l), self.tid(r));
        match (tl, tr) {
            // Bound methods: the same function bound to the same object (objboundmeth.c).
            (T::BoundMeth, T::BoundMeth) => {
                Ok(self.get(l, 1) == self.get(r, 1) && self.get(l, 2) == self.get(r, 2))
            }
            (T::Tuple, T::Tuple) | (T::List, T::List) => {
                let n = self.seq_len(l);
                if n != self.seq_len(r) {
                    return Ok(false);
                }
                for i in 0..n {
                    let (a, c) = (self.seq_get(l, i), self.seq_get(r, i));
                    if !self.equal(a, c)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            (T::Dict, T::Dict) => {
                if let Some(e) = crate::modcollections::od_equal(self, l, r)? {
                    return Ok(e);
                }
                if self.map_used(l) != self.map_used(r) {
                    return Ok(false);
                }
                let mut i = 0;
                while let Some((s, k, v)) = self.map_next(l, i) {
                    match self.map_get(r, k)? {
                        Some(v2) => {
                            if !self.equal(v, v2)? {
                                return Ok(false);
                            }
                        }
                        None => return Ok(false),
                    }
                    i = s + 1;
                }
                Ok(true)
            }
            (T::Set | T::FrozenSet, T::Set | T::FrozenSet) => {
                if self.map_used(l) != self.map_used(r) {
                    return Ok(false);
                }
                crate::builtins::set_issubset(self, l, r)
            }
            (T::ByteArray, T::ByteArray) | (T::ByteArray, T::Bytes) | (T::Bytes, T::ByteArray) => {
                Ok(self.bytes_data(l) == self.bytes_data(r))
            }
            _ => Ok(false),
        }
    }

    pub(crate) fn unsupported_binop(&mut self, op: u8, l: Obj, r: Obj) -> Exc {
        let name = b::NAMES.get(op as usize).copied().unwrap_or("?");
        self.errf(
            T::TypeError,
            &[
                Part::S("unsupported types for "),
                Part::S(name),
                Part::S(": '"),
                Part::TypeName(l),
                Part::S("', '"),
                Part::TypeName(r),
                Part::S("'"),
            ],
        )
    }

    /// `isinstance`-style exception matching for `except`.
    fn exception_match(&mut self, e: Obj, t: Obj) -> R<bool> {
        if t.is_ptr() && self.tid(t) == T::Tuple {
            for i in 0..self.tuple_len(t) {
                let x = self.tuple_get(t, i);
                if self.exception_match(e, x)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if !self.is_type(t) {
            return Err(self.err(
                T::TypeError,
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        let et = if self.is_type(e) { e } else { self.type_of(e) };
        Ok(self.is_subclass(et, t))
    }

    /// The general unary operator (0 +, 1 -, 2 ~, 3 not).
    pub(crate) fn unary_op(&mut self, op: u8, o: Obj) -> R<Obj> {
        if op == 3 {
            return Ok(Obj::bool(!self.truthy(o)?));
        }
        if o.is_small() {
            let v = o.small_val();
            return match op {
                0 => Ok(o),
                1 => self.new_int(-(v as i128)),
                _ => Ok(Obj::small(!v)),
            };
        }
        if let Some(n) = self.num(o) {
            return match n {
                Num::I(v) => match op {
                    0 => self.new_int(v),
                    1 => match v.checked_neg() {
                        Some(v) => self.new_int(v),
                        None => {
                            Err(self.err(T::OverflowError, "long int not supported in this build"))
                        }
                    },
                    _ => self.new_int(!v),
                },
                Num::B => match op {
                    0 => Ok(o),
                    _ => self.big_unop(op, o),
                },
                Num::F(f) => match op {
                    0 => Ok(o),
                    1 => self.new_float(-f),
                    _ => Err(self.unsupported_unop(op, o)),
                },
            };
        }
        if self.is_complex(o) && op < 2 {
            if op == 0 {
                return Ok(o);
            }
            let (re, im) = self.complex_parts(o);
            return self.new_complex(-re, -im);
        }
        if self.is_user_instance(o) {
            let name = ["__pos__", "__neg__", "__invert__"][op as usize];
            if let Some(m) = self.lookup_special(o, self.q(name))? {
                return self.call_method_obj(m, o, &[]);
            }
        }
        Err(self.unsupported_unop(op, o))
    }

    fn unsupported_unop(&mut self, op: u8, o: Obj) -> Exc {
        let name = ["__pos__", "__neg__", "__invert__", "not"][op as usize & 3];
        self.errf(
            T::TypeError,
            &[
                Part::S("unsupported type for "),
                Part::S(name),
                Part::S(": '"),
                Part::TypeName(o),
                Part::S("'"),
            ],
        )
    }

    /// `x in c`.
    pub(crate) fn contains(&mut self, c: Obj, x: Obj) -> R<bool> {
        if c.is_ptr() && self.tid(c) == T::ByteArray {
            if !self.is_user_instance(c) {
                return self.ba_contains(c, x);
            }
            // A subclass without __contains__ searches its bytes (the native binary_op).
            if self
                .lookup_special(c, crate::qs!(self, "__contains__"))?
                .is_none()
            {
                if let Some(s) = self.native_sub(c) {
                    return self.ba_contains(s, x);
                }
            }
        }
        let bytes_like = |vm: &Self, o: Obj| {
            o.is_ptr() && !vm.is_user_instance(o) && matches!(vm.tid(o), T::Bytes | T::ByteArray)
        };
        if bytes_like(self, c) && (bytes_like(self, x) || x.is_small()) {
            let h = self.bytes_data(c);
            if x.is_small() {
                let v = x.small_val();
                return Ok(h.iter().any(|&b| b as isize == v));
            }
            let n = self.bytes_data(x);
            return Ok(n.is_empty() || h.windows(n.len()).any(|w| w == n));
        }
        if let Some(t) = self.is_strish(c) {
            if self.is_strish(x) != Some(t) {
                if t == T::Bytes && x.is_small() {
                    let v = x.small_val();
                    return Ok(self.str_data(c).iter().any(|&b| b as isize == v));
                }
                if t == T::Bytes
                    && x.is_ptr()
                    && matches!(self.tid(x), T::ByteArray | T::Array | T::MemoryView)
                {
                    // Any buffer is searched for as bytes.
                    let (h, n) = (self.str_data(c), self.bytes_data(x));
                    return Ok(n.is_empty() || h.windows(n.len()).any(|w| w == n));
                }
                return Err(self.errf(
                    T::TypeError,
                    &[
                        Part::S("'in <string>' requires string as left operand, not "),
                        Part::TypeName(x),
                    ],
                ));
            }
            let (h, n) = (self.str_data(c), self.str_data(x));
            return Ok(n.is_empty() || h.windows(n.len()).any(|w| w == n));
        }
        if c.is_ptr() && !self.is_user_instance(c) {
            match self.tid(c) {
                T::Array | T::MemoryView => return crate::modarray::contains(self, x),
                T::Dict | T::Set | T::FrozenSet => return Ok(self.map_get(c, x)?.is_some()),
                T::DictView if self.get(c, 2).small_val() == crate::seq::IT_KEYS => {
                    let d = self.get(c, 1);
                    return Ok(self.map_get(d, x)?.is_some());
                }
                T::Tuple | T::List => {
                    let mut i = 0;
                    while i < self.seq_len(c) {
                        let v = self.seq_get(c, i);
                        if self.equal(v, x)? {
                            return Ok(true);
                        }
                        i += 1;
                    }
                    return Ok(false);
                }
                T::Range => {
                    if let Some(v) = self.int_val(x) {
                        let (a, z, s) = self.range_parts(c);
                        let (a, z, s) = (a as i128, z as i128, s as i128);
                        return Ok(if s > 0 {
                            v >= a && v < z && (v - a) % s == 0
                        } else {
                            v <= a && v > z && (a - v) % (-s) == 0
                        });
                    }
                }
                _ => {}
            }
        }
        if self.is_user_instance(c) {
            if let Some(m) = self.lookup_special(c, crate::qs!(self, "__contains__"))? {
                let r = self.call_method_obj(m, c, &[x])?;
                return self.truthy(r);
            }
        }
        let it = self.get_iter(c)?;
        self.root(it)?;
        let r = (|| {
            while let Some(v) = self.iter_next(it)? {
                if self.equal(v, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        })();
        self.unroot(1);
        r
    }

    /// `len(o)`.
    pub(crate) fn len_of(&mut self, o: Obj) -> R<usize> {
        if o.is_qstr() {
            return Ok(crate::text::char_count(self.str_data(o)));
        }
        if o.is_ptr() && self.tid(o) == T::Deque && !self.is_user_instance(o) {
            return Ok(crate::modcollections::deque_len(self, o));
        }
        if crate::modarray::is_array(self, o) {
            return Ok(crate::modarray::array_len(self, o));
        }
        if crate::memview::is_mv(self, o) {
            return Ok(crate::memview::len(self, o));
        }
        if o.is_ptr() {
            if self.is_user_instance(o) {
                if let Some(m) = self.lookup_special(o, crate::qs!(self, "__len__"))? {
                    let r = self.call_method_obj(m, o, &[])?;
                    return Ok(self.get_int(r)?.max(0) as usize);
                }
                if let Some(s) = self.native_sub(o) {
                    return self.len_of(s);
                }
            } else {
                match self.tid(o) {
                    T::Str => return Ok(crate::text::char_count(self.str_data(o))),
                    T::Bytes => return Ok(self.str_len(o)),
                    T::ByteArray => return Ok(self.get(o, 1).small_val() as usize),
                    T::Tuple => return Ok(self.tuple_len(o)),
                    T::List => return Ok(self.list_len(o)),
                    T::Dict | T::Set | T::FrozenSet => return Ok(self.map_used(o)),
                    T::DictView => return Ok(self.map_used(self.get(o, 1))),
                    T::Range => {
                        let (a, z, s) = self.range_parts(o);
                        let (a, z, s) = (a as i128, z as i128, s as i128);
                        let n = if s > 0 {
                            (z - a + s - 1) / s
                        } else {
                            (a - z - s - 1) / (-s)
                        };
                        return Ok(n.max(0) as usize);
                    }
                    _ => {}
                }
            }
        }
        Err(self.errf(
            T::TypeError,
            &[
                Part::S("object of type '"),
                Part::TypeName(o),
                Part::S("' has no len()"),
            ],
        ))
    }
}

/// `floor` (libm).
pub(crate) fn floor(x: f64) -> f64 {
    libm::floor(x)
}

/// `fmod` (libm).
pub(crate) fn fmod(x: f64, y: f64) -> f64 {
    libm::fmod(x, y)
}

/// `pow` (libm).
pub(crate) fn libm_pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// The hash of a float: a whole value hashes as that int, anything else by its bits.
fn float_hash(f: f64) -> isize {
    if floor(f) == f && f.abs() < 1e18 {
        f as isize
    } else {
        (f.to_bits() >> 1) as isize & Obj::SMALL_MAX
    }
}

impl<P: Port> Vm<P> {
    /// Start, stop and step of range `r`. Its fields hold ints of the machine word (MicroPython's
    /// `mp_int_t`): small ints, or big ints past the small-int range (`range(sys.maxsize)`).
    #[inline]
    pub(crate) fn range_parts(&self, r: Obj) -> (isize, isize, isize) {
        let word = |o: Obj| {
            if o.is_small() {
                o.small_val()
            } else {
                self.int_val(o).map_or(0, |v| v as isize)
            }
        };
        (
            word(self.get(r, 1)),
            word(self.get(r, 2)),
            word(self.get(r, 3)),
        )
    }

    /// A new range object.
    pub(crate) fn new_range(&mut self, start: isize, stop: isize, step: isize) -> R<Obj> {
        let r = self.alloc_obj(self.tobj(T::Range), 4)?;
        for (i, v) in [(1, start), (2, stop), (3, step)] {
            let o = if Obj::fits_small(v as i128) {
                Obj::small(v)
            } else {
                self.root(r)?;
                let o = self.new_int(v as i128);
                self.unroot(1);
                o?
            };
            self.set(r, i, o);
        }
        Ok(r)
    }
}
