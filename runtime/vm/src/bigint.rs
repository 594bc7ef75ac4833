//! Arbitrary-precision ints in the heap (MicroPython's `objint_mpz.c`), computed by
//! `mpy-num`'s slice arithmetic straight into the result's allocation.
//!
//! ```text
//!  big int [int type, (n_digits << 1) | negative  (small int), digits: n_digits x u32, LE]
//! ```
//! A result that fits a small int is returned as one (the allocation becomes garbage), so a
//! heap int is always outside the small range, as in MicroPython.
use crate::digits::{digits, digits_mut};
use crate::gc::{Rest, W};
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};
use mpy_format::opcode::binary as b;
use mpy_num::int::{self as mi, Int, IntError, Res};

/// Where an operand's digits are.
#[derive(Clone, Copy)]
pub(crate) enum Src {
    Heap { neg: bool, off: usize, len: usize },
    Local { neg: bool, d: [u32; 2], len: usize },
}

impl Src {
    fn len(&self) -> usize {
        match *self {
            Src::Heap { len, .. } | Src::Local { len, .. } => len,
        }
    }
    fn view<'a>(&'a self, rest: &Rest<'a>) -> Int<'a> {
        match self {
            Src::Heap { neg, off, len } => {
                Int::new(*neg, digits(rest.get(*off, 4 * len)).unwrap_or(&[]))
            }
            Src::Local { neg, d, len } => Int::new(*neg, &d[..*len]),
        }
    }
}

impl<P: Port> Vm<P> {
    /// Is `o` a heap (big) int?
    #[inline]
    pub(crate) fn is_bigint(&self, o: Obj) -> bool {
        o.is_ptr() && self.tid(o) == T::Int && !self.is_user_instance(o)
    }

    /// The digits of an int (small, bool or big).
    pub(crate) fn int_src(&self, o: Obj) -> Option<Src> {
        let v = if o.is_small() {
            o.small_val() as i64
        } else if o == Obj::TRUE {
            1
        } else if o == Obj::FALSE {
            0
        } else if self.is_bigint(o) {
            let h = self.get(o, 1).small_val() as usize;
            return Some(Src::Heap {
                neg: h & 1 != 0,
                off: self.heap.off(o.0) + 2 * W,
                len: h >> 1,
            });
        } else {
            return None;
        };
        let u = v.unsigned_abs();
        let d = [u as u32, (u >> 32) as u32];
        let len = if d[1] != 0 { 2 } else { usize::from(d[0] != 0) };
        Some(Src::Local { neg: v < 0, d, len })
    }

    /// Allocate a big int of capacity `n` digits: (object, byte offset of the digits).
    fn big_alloc(&mut self, n: usize) -> R<(Obj, usize)> {
        let o = self.alloc_obj(self.tobj(T::Int), 2 + (4 * n.max(1)).div_ceil(W))?;
        Ok((o, self.heap.off(o.0) + 2 * W))
    }

    /// Finish a big int: a small int if it fits.
    fn big_finish(&mut self, o: Obj, res: Res) -> Obj {
        let off = self.heap.off(o.0) + 2 * W;
        let d = digits(self.heap.bytes(off, 4 * res.len)).unwrap_or(&[]);
        if let Some(v) = mi::to_i64(Int::new(res.neg, d)) {
            if (Obj::SMALL_MIN as i64..=Obj::SMALL_MAX as i64).contains(&v) {
                return Obj::small(v as isize);
            }
        }
        self.set(
            o,
            1,
            Obj::small(((res.len << 1) | usize::from(res.neg)) as isize),
        );
        o
    }

    fn int_err(&mut self, e: IntError) -> crate::Exc {
        match e {
            IntError::ZeroDivision => self.err(T::ZeroDivisionError, "divide by zero"),
            IntError::NotFinite => self.err(T::OverflowError, "can't convert inf to int"),
            IntError::BufferTooSmall => self.err(T::MemoryError, "memory allocation failed"),
        }
    }

    /// An int from an `i128` (small when it fits).
    pub(crate) fn new_int(&mut self, v: i128) -> R<Obj> {
        if Obj::fits_small(v) {
            return Ok(Obj::small(v as isize));
        }
        let (o, off) = self.big_alloc(4)?;
        let u = v.unsigned_abs();
        let (d, _) = self.heap.split_out(off, 16);
        let Some(d) = digits_mut(d) else {
            return Err(self.int_err(IntError::BufferTooSmall));
        };
        for (i, slot) in d.iter_mut().enumerate() {
            *slot = (u >> (32 * i)) as u32;
        }
        let len = 4 - d.iter().rev().take_while(|&&x| x == 0).count();
        Ok(self.big_finish(o, Res { neg: v < 0, len }))
    }

    /// Value of an int if it fits an `i128`.
    pub(crate) fn int_val(&self, o: Obj) -> Option<i128> {
        match self.int_src(o)? {
            Src::Local { neg, d, .. } => {
                let u = ((d[1] as u128) << 32) | d[0] as u128;
                Some(if neg { -(u as i128) } else { u as i128 })
            }
            Src::Heap { neg, off, len } => {
                if len > 3 {
                    return None;
                }
                let d = digits(self.heap.bytes(off, 4 * len))?;
                let mut u: u128 = 0;
                for (i, &x) in d.iter().enumerate() {
                    u |= (x as u128) << (32 * i);
                }
                Some(if neg { -(u as i128) } else { u as i128 })
            }
        }
    }

    /// Is `o` an int (small, bool or big)?
    #[allow(dead_code)]
    pub(crate) fn is_int(&self, o: Obj) -> bool {
        o.is_small() || o == Obj::TRUE || o == Obj::FALSE || self.is_bigint(o)
    }

    /// An int as f64.
    pub(crate) fn int_to_f64(&self, o: Obj) -> f64 {
        match self.int_src(o) {
            Some(s) => {
                let view = self.heap.view();
                mi::to_f64(s.view(&view))
            }
            None => 0.0,
        }
    }

    /// Hash of a big int.
    pub(crate) fn big_hash(&self, o: Obj) -> isize {
        match self.int_src(o) {
            Some(s) => {
                let view = self.heap.view();
                (mi::hash(s.view(&view)) as isize) & Obj::SMALL_MAX
            }
            None => 0,
        }
    }

    /// Binary operator with at least one big operand, or a small-int result that overflowed.
    pub(crate) fn big_binop(&mut self, op: u8, l: Obj, r: Obj) -> R<Obj> {
        let (Some(a), Some(c)) = (self.int_src(l), self.int_src(r)) else {
            return Err(self.unsupported_binop(op, l, r));
        };
        match op {
            b::LESS | b::MORE | b::EQUAL | b::LESS_EQUAL | b::MORE_EQUAL | b::NOT_EQUAL => {
                let view = self.heap.view();
                let ord = mi::cmp(a.view(&view), c.view(&view));
                use core::cmp::Ordering::*;
                let v = match op {
                    b::LESS => ord == Less,
                    b::MORE => ord == Greater,
                    b::EQUAL => ord == Equal,
                    b::LESS_EQUAL => ord != Greater,
                    b::MORE_EQUAL => ord != Less,
                    _ => ord != Equal,
                };
                return Ok(Obj::bool(v));
            }
            b::TRUE_DIVIDE => {
                let (x, y) = (self.int_to_f64(l), self.int_to_f64(r));
                if y == 0.0 {
                    return Err(self.err(T::ZeroDivisionError, "divide by zero"));
                }
                return self.new_float(x / y);
            }
            _ => {}
        }
        self.root(l)?;
        self.root(r)?;
        let res = self.big_binop_alloc(op, l, r, a, c);
        self.unroot(2);
        res
    }

    fn big_binop_alloc(&mut self, op: u8, l: Obj, r: Obj, a: Src, c: Src) -> R<Obj> {
        let (al, cl) = (a.len(), c.len());
        let shift = |vm: &mut Self| -> R<usize> {
            match vm.int_val(r) {
                Some(n) if n < 0 => Err(vm.err(T::ValueError, "negative shift count")),
                Some(n) if n < (1 << 24) => Ok(n as usize),
                _ => Err(vm.err(
                    T::OverflowError,
                    "overflow converting long int to machine word",
                )),
            }
        };
        match op {
            b::FLOOR_DIVIDE | b::MODULO => {
                let (ql, rl) = mi::divmod_len(al, cl);
                let (q, qoff) = self.big_alloc(ql)?;
                self.root(q)?;
                let rr = self.big_alloc(rl);
                self.unroot(1);
                let (m, moff) = rr?;
                let (qb, mb, rest) = self
                    .heap
                    .split_out2((qoff, 4 * ql.max(1)), (moff, 4 * rl.max(1)));
                let (Some(qd), Some(md)) = (digits_mut(qb), digits_mut(mb)) else {
                    return Err(self.int_err(IntError::BufferTooSmall));
                };
                let res = mi::divmod_floor(qd, md, a.view(&rest), c.view(&rest));
                match res {
                    Ok((qr, mr)) => Ok(if op == b::FLOOR_DIVIDE {
                        self.big_finish(q, qr)
                    } else {
                        self.big_finish(m, mr)
                    }),
                    Err(e) => Err(self.int_err(e)),
                }
            }
            b::POWER => {
                let Some(e) = self.int_val(r) else {
                    return Err(self.err(
                        T::OverflowError,
                        "overflow converting long int to machine word",
                    ));
                };
                if e < 0 {
                    let (x, y) = (self.int_to_f64(l), e as f64);
                    return self.new_float(crate::ops::libm_pow(x, y));
                }
                // Bases 0, 1 and -1 with any exponent (which may not fit the digit loop).
                match self.int_val(l) {
                    Some(0) if e > 0 => return Ok(Obj::small(0)),
                    Some(1) => return Ok(Obj::small(1)),
                    Some(-1) => return Ok(Obj::small(if e & 1 == 1 { -1 } else { 1 })),
                    _ if e > u32::MAX as i128 => {
                        return Err(self.err(T::MemoryError, "memory allocation failed"))
                    }
                    _ => {}
                }
                let view = self.heap.view();
                let bits = a.view(&view).bit_len();
                let Some(n) = mi::pow_len(bits.max(1), e as u64) else {
                    return Err(self.err(T::MemoryError, "memory allocation failed"));
                };
                let (o, ooff) = self.big_alloc(n)?;
                self.root(o)?;
                let sc = self.alloc_raw(4 * n);
                self.unroot(1);
                let soff = self.heap.off(sc?);
                let (ob, sb, rest) = self.heap.split_out2((ooff, 4 * n), (soff, 4 * n));
                let (Some(od), Some(sd)) = (digits_mut(ob), digits_mut(sb)) else {
                    return Err(self.int_err(IntError::BufferTooSmall));
                };
                match mi::pow(od, sd, a.view(&rest), e as u64) {
                    Ok(res) => Ok(self.big_finish(o, res)),
                    Err(e) => Err(self.int_err(e)),
                }
            }
            _ => {
                let n = match op {
                    b::ADD | b::SUBTRACT => mi::add_len(al, cl),
                    b::MULTIPLY => mi::mul_len(al, cl),
                    b::AND | b::OR | b::XOR => al.max(cl) + 1,
                    b::LSHIFT => al + shift(self)? / 32 + 1,
                    b::RSHIFT => al + 1,
                    _ => return Err(self.unsupported_binop(op, l, r)),
                };
                let sh = if op == b::LSHIFT || op == b::RSHIFT {
                    shift(self)?
                } else {
                    0
                };
                let (o, ooff) = self.big_alloc(n)?;
                let (ob, rest) = self.heap.split_out(ooff, 4 * n);
                let Some(od) = digits_mut(ob) else {
                    return Err(self.int_err(IntError::BufferTooSmall));
                };
                let (x, y) = (a.view(&rest), c.view(&rest));
                let res = match op {
                    b::ADD => mi::add(od, x, y),
                    b::SUBTRACT => mi::sub(od, x, y),
                    b::MULTIPLY => mi::mul(od, x, y),
                    b::AND => mi::and(od, x, y),
                    b::OR => mi::or(od, x, y),
                    b::XOR => mi::xor(od, x, y),
                    b::LSHIFT => mi::shl(od, x, sh),
                    _ => mi::shr(od, x, sh),
                };
                match res {
                    Ok(res) => Ok(self.big_finish(o, res)),
                    Err(e) => Err(self.int_err(e)),
                }
            }
        }
    }

    /// `pow(a, e, m)` with big operands (`mpz_pow3_inpl`).
    pub(crate) fn big_pow_mod(&mut self, a: Obj, e: Obj, m: Obj) -> R<Obj> {
        let (Some(sa), Some(se), Some(sm)) = (self.int_src(a), self.int_src(e), self.int_src(m))
        else {
            return Err(self.err(
                T::TypeError,
                "pow() 3rd argument not allowed unless all arguments are integers",
            ));
        };
        let (ol, sl) = mi::pow_mod_len(sa.len(), sm.len());
        for v in [a, e, m] {
            self.root(v)?;
        }
        let r = self.big_alloc(ol).and_then(|(o, ooff)| {
            self.root(o)?;
            let sc = self.alloc_raw(4 * sl);
            self.unroot(1);
            Ok((o, ooff, self.heap.off(sc?)))
        });
        self.unroot(3);
        let (o, ooff, soff) = r?;
        let (ob, sb, rest) = self.heap.split_out2((ooff, 4 * ol), (soff, 4 * sl));
        let (Some(od), Some(sd)) = (digits_mut(ob), digits_mut(sb)) else {
            return Err(self.int_err(IntError::BufferTooSmall));
        };
        match mi::pow_mod(od, sd, sa.view(&rest), se.view(&rest), sm.view(&rest)) {
            Ok(res) => Ok(self.big_finish(o, res)),
            Err(e) => Err(self.int_err(e)),
        }
    }

    /// `-x`, `~x`, `abs(x)` of a big int (op 1, 2, or 7 for abs).
    pub(crate) fn big_unop(&mut self, op: u8, o: Obj) -> R<Obj> {
        let Some(a) = self.int_src(o) else {
            return Err(self.err(T::TypeError, "not an int"));
        };
        let n = a.len() + 1;
        self.root(o)?;
        let al = self.big_alloc(n);
        self.unroot(1);
        let (r, roff) = al?;
        let (rb, rest) = self.heap.split_out(roff, 4 * n);
        let Some(rd) = digits_mut(rb) else {
            return Err(self.int_err(IntError::BufferTooSmall));
        };
        let x = a.view(&rest);
        let res = match op {
            2 => mi::invert(rd, x),
            _ => {
                let m = x.mag;
                if rd.len() < m.len() {
                    Err(IntError::BufferTooSmall)
                } else {
                    rd[..m.len()].copy_from_slice(m);
                    Ok(Res {
                        neg: op == 1 && !x.neg && !m.is_empty(),
                        len: m.len(),
                    })
                }
            }
        };
        match res {
            Ok(res) => Ok(self.big_finish(r, res)),
            Err(e) => Err(self.int_err(e)),
        }
    }

    /// `str(x)` / `hex(x)`... of any int in `radix`, with `prefix`.
    pub(crate) fn int_text(
        &mut self,
        o: Obj,
        radix: u32,
        prefix: &str,
        upper: bool,
        sep: u8,
    ) -> R<Obj> {
        // A small int is formatted on the stack: one heap block for the text, no scratch
        // digits (a "%d" in a loop leaves no garbage between the objects it keeps, which in
        // a small heap splits the free space).
        if o.is_small() && sep == 0 && (2..=36).contains(&radix) && prefix.len() <= 8 {
            let v = o.small_val();
            let mut buf = [0u8; 80];
            let mut k = buf.len();
            let mut u = v.unsigned_abs();
            loop {
                let d = (u % radix as usize) as u8;
                k -= 1;
                buf[k] = match d {
                    0..=9 => b'0' + d,
                    _ if upper => b'A' + d - 10,
                    _ => b'a' + d - 10,
                };
                u /= radix as usize;
                if u == 0 {
                    break;
                }
            }
            k -= prefix.len();
            buf[k..k + prefix.len()].copy_from_slice(prefix.as_bytes());
            if v < 0 {
                k -= 1;
                buf[k] = b'-';
            }
            return self.new_strish(T::Str, &buf[k..]);
        }
        let Some(a) = self.int_src(o) else {
            return Err(self.err(T::TypeError, "not an int"));
        };
        let n = mi::to_str_radix_len(a.len(), radix, sep != 0) + prefix.len() + 1;
        self.root(o)?;
        let r = self.new_str_raw(T::Str, n);
        let r = r.and_then(|(s, soff)| {
            self.root(s)?;
            let sc = self.alloc_raw(4 * a.len().max(1));
            self.unroot(1);
            Ok((s, soff, self.heap.off(sc?)))
        });
        self.unroot(1);
        let (s, soff, scoff) = r?;
        let (tb, sb, rest) = self.heap.split_out2((soff, n), (scoff, 4 * a.len().max(1)));
        let Some(sd) = digits_mut(sb) else {
            return Err(self.int_err(IntError::BufferTooSmall));
        };
        let x = a.view(&rest);
        // Sign first, then the prefix, then the digits.
        let mut k = 0;
        if x.neg {
            tb[0] = b'-';
            k = 1;
        }
        tb[k..k + prefix.len()].copy_from_slice(prefix.as_bytes());
        k += prefix.len();
        let res = mi::to_str_radix(&mut tb[k..], sd, Int::new(false, x.mag), radix, upper, sep);
        match res {
            Ok(len) => {
                self.set(s, 2, Obj::small((k + len) as isize));
                Ok(self.finish_str(s))
            }
            Err(e) => Err(self.int_err(e)),
        }
    }

    /// Parse an int from text (any size): None if malformed.
    pub(crate) fn parse_big(&mut self, text: &[u8], base: u32) -> R<Option<Obj>> {
        let n = mi::from_str_radix_len(text.len());
        let (o, ooff) = self.big_alloc(n)?;
        let (ob, _) = self.heap.split_out(ooff, 4 * n);
        let Some(od) = digits_mut(ob) else {
            return Err(self.int_err(IntError::BufferTooSmall));
        };
        match mi::from_str_radix(od, text, base, isize::BITS - 1) {
            Ok(res) => Ok(Some(self.big_finish(o, res))),
            Err(mi::ParseIntError::BadBase) => {
                Err(self.err(T::ValueError, "int() arg 2 must be >= 2 and <= 36"))
            }
            Err(_) => Ok(None),
        }
    }

    /// Parse an int from the text of a str/bytes object of any length: None if malformed.
    pub(crate) fn parse_big_obj(&mut self, s: Obj, base: u32) -> R<Option<Obj>> {
        if s.is_qstr() {
            let q = s.qstr_val();
            if let Some(b) = crate::qstr::static_text(q) {
                return self.parse_big(b, base);
            }
        }
        let (toff, tlen) = if s.is_qstr() {
            self.dyn_qstr_span(s.qstr_val())
        } else if self.tid(s) == T::ByteArray {
            (self.ba_off(s), self.get(s, 1).small_val() as usize)
        } else {
            (self.str_data_off(s), self.str_len(s))
        };
        let n = mi::from_str_radix_len(tlen);
        self.root(s)?;
        let a = self.big_alloc(n);
        self.unroot(1);
        let (o, ooff) = a?;
        let (ob, rest) = self.heap.split_out(ooff, 4 * n);
        let Some(od) = digits_mut(ob) else {
            return Err(self.int_err(IntError::BufferTooSmall));
        };
        let text = rest.get(toff, tlen);
        match mi::from_str_radix(od, text, base, isize::BITS - 1) {
            Ok(res) => Ok(Some(self.big_finish(o, res))),
            Err(mi::ParseIntError::BadBase) => {
                Err(self.err(T::ValueError, "int() arg 2 must be >= 2 and <= 36"))
            }
            Err(_) => Ok(None),
        }
    }

    /// `int(f)` of a finite float of any size.
    pub(crate) fn int_from_f64(&mut self, f: f64) -> R<Obj> {
        if f.is_nan() {
            return Err(self.err(T::ValueError, "can't convert NaN to int"));
        }
        if f.is_infinite() {
            return Err(self.err(T::OverflowError, "can't convert inf to int"));
        }
        let n = mi::from_f64_len(f);
        let (o, ooff) = self.big_alloc(n)?;
        let (ob, _) = self.heap.split_out(ooff, 4 * n.max(1));
        let Some(od) = digits_mut(ob) else {
            return Err(self.int_err(IntError::BufferTooSmall));
        };
        match mi::from_f64(od, f) {
            Ok(res) => Ok(self.big_finish(o, res)),
            Err(e) => Err(self.int_err(e)),
        }
    }
}

impl<P: Port> Vm<P> {
    /// `int.from_bytes(data, byteorder)` of a str/bytes/bytearray of any length (unsigned, as
    /// MicroPython reads it).
    pub(crate) fn int_from_bytes(&mut self, b: Obj, big_endian: bool) -> R<Obj> {
        let (doff, dlen) = if b.is_ptr() && self.tid(b) == T::ByteArray {
            (self.ba_off(b), self.get(b, 1).small_val() as usize)
        } else if b.is_qstr() {
            let q = b.qstr_val();
            if let Some(data) = crate::qstr::static_text(q) {
                // A static qstr's text is not in the heap.
                let n = mi::from_bytes_len(data.len()).max(1);
                let (o, ooff) = self.big_alloc(n)?;
                let (ob, _) = self.heap.split_out(ooff, 4 * n);
                let Some(od) = digits_mut(ob) else {
                    return Err(self.int_err(IntError::BufferTooSmall));
                };
                return match mi::from_bytes(od, data, big_endian, false) {
                    Ok(res) => Ok(self.big_finish(o, res)),
                    Err(e) => Err(self.int_err(e)),
                };
            }
            self.dyn_qstr_span(q)
        } else {
            (self.str_data_off(b), self.str_len(b))
        };
        let n = mi::from_bytes_len(dlen).max(1);
        self.root(b)?;
        let a = self.big_alloc(n);
        self.unroot(1);
        let (o, ooff) = a?;
        let (ob, rest) = self.heap.split_out(ooff, 4 * n);
        let Some(od) = digits_mut(ob) else {
            return Err(self.int_err(IntError::BufferTooSmall));
        };
        let data = rest.get(doff, dlen);
        match mi::from_bytes(od, data, big_endian, false) {
            Ok(res) => Ok(self.big_finish(o, res)),
            Err(e) => Err(self.int_err(e)),
        }
    }

    /// `x.to_bytes(len, byteorder, signed=...)` (`mp_obj_int_to_bytes` with its checks).
    pub(crate) fn int_to_bytes(
        &mut self,
        x: Obj,
        len: usize,
        big_endian: bool,
        signed: bool,
    ) -> R<Obj> {
        self.root(x)?;
        let r = self.new_str_raw(T::Bytes, len);
        self.unroot(1);
        let (o, off) = r?;
        let res = if self.is_bigint(x) {
            let Some(src) = self.int_src(x) else {
                return Err(self.err(T::TypeError, "not an int"));
            };
            let (buf, rest) = self.heap.split_out(off, len);
            mi::to_bytes(src.view(&rest), buf, big_endian, signed)
        } else {
            let v = self.get_int(x)? as i64;
            let (buf, _) = self.heap.split_out(off, len);
            mi::small_to_bytes(v, buf, big_endian, signed)
        };
        match res {
            Ok(()) => Ok(self.finish_str(o)),
            Err(mi::ToBytesError::NegativeUnsigned) => {
                Err(self.err(T::OverflowError, "can't convert negative int to unsigned"))
            }
            Err(mi::ToBytesError::Overflow) => Err(self.errf(
                T::OverflowError,
                &[
                    crate::text::Part::S("value would overflow a "),
                    crate::text::Part::I(len as isize),
                    crate::text::Part::S(" byte buffer"),
                ],
            )),
        }
    }
}
