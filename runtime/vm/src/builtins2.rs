//! Built-in constructors, container methods, module functions and subscripting.
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::text::Part;
use crate::{Port, Vm, R};
use mpy_format::opcode::binary as b;

impl<P: Port> Vm<P> {
    /// `o[idx]` (val SENTINEL), `o[idx] = val`, `del o[idx]` (val NULL).
    pub(crate) fn subscr(&mut self, o: Obj, idx: Obj, val: Obj) -> R<Obj> {
        if o.is_qstr() {
            return self.str_subscr(o, idx, val);
        }
        if !o.is_ptr() {
            return Err(self.not_subscriptable(o));
        }
        if self.is_user_instance(o) {
            let (name, args): (&str, &[Obj]) = if val == Obj::SENTINEL {
                ("__getitem__", &[idx])
            } else if val.is_null() {
                ("__delitem__", &[idx])
            } else {
                ("__setitem__", &[idx, val])
            };
            if let Some(m) = self.lookup_special(o, self.q(name))? {
                let args: [Obj; 2] = [args[0], *args.get(1).unwrap_or(&Obj::NONE)];
                let r = self.call_method_obj(
                    m,
                    o,
                    &args[..if val == Obj::SENTINEL || val.is_null() {
                        1
                    } else {
                        2
                    }],
                )?;
                return Ok(if val == Obj::SENTINEL { r } else { Obj::NONE });
            }
            if let Some(s) = self.native_sub(o) {
                return self.subscr(s, idx, val);
            }
            return Err(self.not_subscriptable(o));
        }
        let is_slice = idx.is_ptr() && self.tid(idx) == T::Slice;
        match self.tid(o) {
            T::List => {
                let len = self.list_len(o);
                if is_slice {
                    return self.list_slice(o, idx, val);
                }
                let i = self.seq_index(idx, len, "list")?;
                if val == Obj::SENTINEL {
                    Ok(self.list_get(o, i))
                } else if val.is_null() {
                    self.list_remove_at(o, i);
                    Ok(Obj::NONE)
                } else {
                    self.list_set(o, i, val);
                    Ok(Obj::NONE)
                }
            }
            T::Tuple => {
                if val != Obj::SENTINEL {
                    return Err(self.errf(
                        T::TypeError,
                        &[Part::S("'tuple' object doesn't support item assignment")],
                    ));
                }
                let len = self.tuple_len(o);
                if is_slice {
                    let (start, _stop, step, n) = self.slice_range(idx, len)?;
                    let t = self.new_tuple(n)?;
                    for k in 0..n {
                        let v = self.tuple_get(o, (start + k as isize * step) as usize);
                        self.set(t, 2 + k, v);
                    }
                    return Ok(t);
                }
                let i = self.seq_index(idx, len, "tuple")?;
                Ok(self.tuple_get(o, i))
            }
            T::Dict => {
                if val == Obj::SENTINEL {
                    match self.map_get(o, idx)? {
                        Some(v) => Ok(v),
                        None => Err(self.key_error(idx)),
                    }
                } else if val.is_null() {
                    match self.map_remove(o, idx)? {
                        Some(_) => Ok(Obj::NONE),
                        None => Err(self.key_error(idx)),
                    }
                } else {
                    self.map_store(o, idx, val)?;
                    Ok(Obj::NONE)
                }
            }
            T::Str => self.str_subscr(o, idx, val),
            T::ByteArray => self.ba_subscr(o, idx, val),
            T::Bytes => {
                if val != Obj::SENTINEL {
                    return Err(self.errf(
                        T::TypeError,
                        &[Part::S("'bytes' object doesn't support item assignment")],
                    ));
                }
                let len = self.str_len(o);
                if is_slice {
                    let (start, _s, step, n) = self.slice_range(idx, len)?;
                    self.root(o)?;
                    let r = self.new_str_raw(T::Bytes, n);
                    self.unroot(1);
                    let (nb, off) = r?;
                    for k in 0..n {
                        let c = self.str_data(o)[(start + k as isize * step) as usize];
                        self.heap.bytes_mut(off + k, 1)[0] = c;
                    }
                    return Ok(self.finish_str(nb));
                }
                let i = self.seq_index(idx, len, "bytes")?;
                Ok(Obj::small(self.str_data(o)[i] as isize))
            }
            T::Deque => crate::modcollections::deque_subscr(self, o, idx, val),
            T::Array => crate::modarray::subscr(self, o, idx, val),
            T::MemoryView => crate::memview::subscr(self, o, idx, val),
            T::Range => {
                if val != Obj::SENTINEL {
                    let what = if val.is_null() {
                        "' object doesn't support item deletion"
                    } else {
                        "' object doesn't support item assignment"
                    };
                    return Err(self.errf(
                        T::TypeError,
                        &[Part::S("'"), Part::TypeName(o), Part::S(what)],
                    ));
                }
                let len = self.len_of(o)?;
                let (st, _, sp) = self.range_parts(o);
                // In i128: a word-sized start plus a multiple of a word-sized step (the C code
                // computes in mp_int_t).
                let at = |i: isize| (st as i128 + i as i128 * sp as i128) as isize;
                if is_slice {
                    let (start, stop, step, _n) = self.slice_range(idx, len)?;
                    return self.new_range(at(start), at(stop), sp.wrapping_mul(step));
                }
                let i = self.seq_index(idx, len, "range")?;
                self.new_int(at(i as isize) as i128)
            }
            _ => Err(self.not_subscriptable(o)),
        }
    }

    fn not_subscriptable(&mut self, o: Obj) -> crate::Exc {
        self.errf(
            T::TypeError,
            &[
                Part::S("'"),
                Part::TypeName(o),
                Part::S("' object isn't subscriptable"),
            ],
        )
    }

    pub(crate) fn key_error(&mut self, k: Obj) -> crate::Exc {
        match self.new_tuple_from(&[k]) {
            Ok(t) => match self.new_exc_args(self.tobj(T::KeyError), t) {
                Ok(e) => self.raise(e),
                Err(e) => e,
            },
            Err(e) => e,
        }
    }

    /// Slice resolved to (start, stop, step, count).
    pub(crate) fn slice_range(&mut self, s: Obj, len: usize) -> R<(isize, isize, isize, usize)> {
        let (start, stop, step) = self.slice_indices(s, len as isize)?;
        let n = if step > 0 {
            if stop > start {
                (stop - start + step - 1) / step
            } else {
                0
            }
        } else if start > stop {
            (start - stop - step - 1) / (-step)
        } else {
            0
        };
        Ok((start, stop, step, n as usize))
    }

    fn list_slice(&mut self, l: Obj, s: Obj, val: Obj) -> R<Obj> {
        let len = self.list_len(l);
        let (start, stop, step, n) = self.slice_range(s, len)?;
        if val == Obj::SENTINEL {
            let nl = self.new_list(n)?;
            for k in 0..n {
                let v = self.list_get(l, (start + k as isize * step) as usize);
                self.list_set(nl, k, v);
            }
            return Ok(nl);
        }
        if step != 1 {
            return Err(self.err_noarg(T::NotImplementedError));
        }
        #[allow(unreachable_code)]
        if step != 1 {
            if val.is_null() {
                // Delete extended slice: remove from the highest index down.
                let mut idx: [usize; 0] = [];
                let _ = &mut idx;
                let mut ks: isize = n as isize - 1;
                let mut order = 0usize;
                while order < n {
                    let i = if step > 0 {
                        start + ks * step
                    } else {
                        start + (order as isize) * step
                    };
                    self.list_remove_at(l, i as usize);
                    ks -= 1;
                    order += 1;
                }
                return Ok(Obj::NONE);
            }
            let src = self.list_from_iter(val)?;
            if self.list_len(src) != n {
                return Err(self.err(
                    T::ValueError,
                    "attempt to assign sequence of wrong size to extended slice",
                ));
            }
            for k in 0..n {
                let v = self.list_get(src, k);
                self.list_set(l, (start + k as isize * step) as usize, v);
            }
            return Ok(Obj::NONE);
        }
        let start = start.max(0) as usize;
        let stop = (stop.max(start as isize)) as usize;
        self.root(l)?;
        let src = if val.is_null() {
            self.new_list(0)
        } else {
            self.list_from_iter(val)
        };
        self.unroot(1);
        let src = src?;
        self.root(src)?;
        let m = self.list_len(src);
        // Build the new item order in a fresh list, then move it in.
        let total = len - (stop - start) + m;
        let nl = self.new_list(total);
        self.unroot(1);
        let nl = nl?;
        for i in 0..start {
            let v = self.list_get(l, i);
            self.list_set(nl, i, v);
        }
        for i in 0..m {
            let v = self.list_get(src, i);
            self.list_set(nl, start + i, v);
        }
        for i in stop..len {
            let v = self.list_get(l, i);
            self.list_set(nl, start + m + i - stop, v);
        }
        self.set(l, 1, self.get(nl, 1));
        self.set(l, 2, self.get(nl, 2));
        self.set(l, 3, self.get(nl, 3));
        Ok(Obj::NONE)
    }

    fn str_subscr(&mut self, o: Obj, idx: Obj, val: Obj) -> R<Obj> {
        if val != Obj::SENTINEL {
            return Err(self.errf(
                T::TypeError,
                &[Part::S("'str' object doesn't support item assignment")],
            ));
        }
        let data_len = self.str_len(o);
        let ascii = self.str_data(o).is_ascii();
        let nchars = if ascii {
            data_len
        } else {
            crate::text::char_count(self.str_data(o))
        };
        if idx.is_ptr() && self.tid(idx) == T::Slice {
            let st = self.get(idx, 3);
            if st != Obj::NONE && st != Obj::small(1) {
                return Err(self.err(
                    T::NotImplementedError,
                    "only slices with step=1 (aka None) are supported",
                ));
            }
            let (start, _stop, step, n) = self.slice_range(idx, nchars)?;
            let out = self.buf_new(T::Str)?;
            self.root(o)?;
            let r = (|| {
                for k in 0..n {
                    let ci = (start + k as isize * step) as usize;
                    let d = self.str_data(o);
                    let (a, z) = if ascii {
                        (ci, ci + 1)
                    } else {
                        let a = crate::text::char_offset(d, ci);
                        // Clamped: a sequence cut short by the end of the text.
                        (a, (a + crate::text::utf8_len(d[a])).min(d.len()))
                    };
                    let mut tmp = [0u8; 4];
                    let l = (z - a).min(4);
                    tmp[..l].copy_from_slice(&d[a..a + l]);
                    self.write_bytes(out, &tmp[..l])?;
                }
                Ok(())
            })();
            self.unroot(1);
            let s = self.buf_finish(out);
            r?;
            return Ok(s);
        }
        let i = self.seq_index(idx, nchars, "string")?;
        let d = self.str_data(o);
        let (a, l) = if ascii {
            (i, 1)
        } else {
            let a = crate::text::char_offset(d, i);
            (a, crate::text::utf8_len(d[a]).min(d.len() - a))
        };
        let mut tmp = [0u8; 4];
        tmp[..l].copy_from_slice(&d[a..a + l]);
        self.new_str(&tmp[..l])
    }

    /// Run a class body function with `dict` as its locals: its return value (the
    /// `__class__` cell or None).
    pub(crate) fn call_class_body(&mut self, body: Obj, dict: Obj) -> R<Obj> {
        let cells = self.fun_extra(body, crate::call::fun::CELLS);
        if cells.is_null() {
            return self.run_code(body, dict);
        }
        // A closure: pass the cells as arguments, with the class dict as locals.
        self.class_locals = dict;
        let r = self.call_n(body, 0, 0, self.heap.sp);
        self.class_locals = Obj::NULL;
        r
    }
}

/// Methods and module functions (ids from `L_APPEND` on).
pub(crate) fn call_method<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    // Ids past the table are the embedder's Rust functions (embed.rs).
    if id >= N_BUILTINS {
        return crate::embed::call_native(vm, id - N_BUILTINS, a);
    }
    if id >= COLL_NAMEDTUPLE {
        return crate::modext::call(vm, id, a);
    }
    if id >= IO_WRITE {
        return crate::modio::call(vm, id, a);
    }
    if id >= STRUCT_CALCSIZE {
        return crate::modstruct::call(vm, id, a);
    }
    if id >= SYS_EXIT {
        return crate::modules::call(vm, id, a);
    }
    if (STR_JOIN..=STR_FROMHEX).contains(&id) {
        return crate::strmeth::call_any(vm, id, a);
    }
    if a.n == 0 {
        return Err(vm.err(T::TypeError, "method needs self"));
    }
    let s = a.get(vm, 0);
    let s = vm.native_sub(s).unwrap_or(s);
    let argn = |vm: &mut Vm<P>, min: usize, max: usize| {
        arg_count(
            vm,
            &Args {
                base: a.base + 1,
                n: a.n - 1,
                n_kw: a.n_kw,
            },
            min,
            max,
        )
    };
    let arg = |vm: &Vm<P>, i: usize| a.get(vm, i + 1);
    match id {
        L_APPEND => {
            argn(vm, 1, 1)?;
            let v = arg(vm, 0);
            vm.list_append(s, v)?;
            Ok(Obj::NONE)
        }
        L_EXTEND => {
            argn(vm, 1, 1)?;
            let v = arg(vm, 0);
            vm.list_extend(s, v)?;
            Ok(Obj::NONE)
        }
        L_INSERT => {
            argn(vm, 2, 2)?;
            let i = arg(vm, 0);
            let mut i = vm.get_int(i)?;
            let len = vm.list_len(s) as isize;
            if i < 0 {
                i = (i + len).max(0);
            }
            let i = i.min(len) as usize;
            let v = arg(vm, 1);
            vm.list_insert(s, i, v)?;
            Ok(Obj::NONE)
        }
        L_POP => {
            argn(vm, 0, 1)?;
            let len = vm.list_len(s);
            if len == 0 {
                return Err(vm.err(T::IndexError, "pop from empty list"));
            }
            let i = if a.n > 1 { arg(vm, 0) } else { Obj::small(-1) };
            let i = vm.seq_index(i, len, "list")?;
            Ok(vm.list_remove_at(s, i))
        }
        L_REMOVE => {
            argn(vm, 1, 1)?;
            let v = arg(vm, 0);
            let mut i = 0;
            while i < vm.list_len(s) {
                let x = vm.list_get(s, i);
                if vm.equal(x, v)? {
                    vm.list_remove_at(s, i);
                    return Ok(Obj::NONE);
                }
                i += 1;
            }
            Err(vm.err(T::ValueError, "object not in sequence"))
        }
        L_INDEX | T_INDEX => {
            argn(vm, 1, 3)?;
            let v = arg(vm, 0);
            let len = vm.seq_len(s);
            let mut start = 0;
            let mut stop = len;
            if a.n > 2 {
                let x = arg(vm, 1);
                let x = vm.get_int(x)?;
                start = if x < 0 {
                    (x + len as isize).max(0) as usize
                } else {
                    (x as usize).min(len)
                };
            }
            if a.n > 3 {
                let x = arg(vm, 2);
                let x = vm.get_int(x)?;
                stop = if x < 0 {
                    (x + len as isize).max(0) as usize
                } else {
                    (x as usize).min(len)
                };
            }
            let mut i = start;
            while i < stop.min(vm.seq_len(s)) {
                let x = vm.seq_get(s, i);
                if vm.equal(x, v)? {
                    return Ok(Obj::small(i as isize));
                }
                i += 1;
            }
            Err(vm.err(T::ValueError, "object not in sequence"))
        }
        L_COUNT | T_COUNT => {
            argn(vm, 1, 1)?;
            let v = arg(vm, 0);
            let mut n = 0;
            let mut i = 0;
            while i < vm.seq_len(s) {
                let x = vm.seq_get(s, i);
                if vm.equal(x, v)? {
                    n += 1;
                }
                i += 1;
            }
            Ok(Obj::small(n))
        }
        L_SORT => {
            if a.n != 1 {
                return Err(vm.err(
                    T::TypeError,
                    "function takes 1 positional arguments but more were given",
                ));
            }
            let key = a.kw(vm, "key").unwrap_or(Obj::NONE);
            let rev = a.kw(vm, "reverse").unwrap_or(Obj::FALSE);
            let known =
                usize::from(a.kw(vm, "key").is_some()) + usize::from(a.kw(vm, "reverse").is_some());
            if a.n_kw > known {
                return Err(vm.err(T::TypeError, "extra keyword arguments given"));
            }
            list_sort(vm, s, key, rev)?;
            Ok(Obj::NONE)
        }
        L_REVERSE => {
            argn(vm, 0, 0)?;
            let n = vm.list_len(s);
            for i in 0..n / 2 {
                let x = vm.list_get(s, i);
                let y = vm.list_get(s, n - 1 - i);
                vm.list_set(s, i, y);
                vm.list_set(s, n - 1 - i, x);
            }
            Ok(Obj::NONE)
        }
        L_CLEAR => {
            argn(vm, 0, 0)?;
            vm.set(s, 1, Obj::small(0));
            Ok(Obj::NONE)
        }
        L_COPY => {
            argn(vm, 0, 0)?;
            let n = vm.list_len(s);
            let items = vm.get(s, 3).0;
            let base = vm.heap.sp;
            vm.root(s)?;
            let l = vm.new_list(n);
            vm.heap.sp = base;
            let l = l?;
            let items = if vm.get(s, 3).0 == items {
                items
            } else {
                vm.get(s, 3).0
            };
            for i in 0..n {
                let v = vm.rdw(items, i);
                vm.list_set(l, i, Obj(v));
            }
            Ok(l)
        }
        // dict.__getitem__/__setitem__/__delitem__ (MicroPython's mp_op_*item_obj).
        D_GETITEM => {
            argn(vm, 1, 1)?;
            let k = arg(vm, 0);
            vm.subscr(s, k, Obj::SENTINEL)
        }
        D_SETITEM => {
            argn(vm, 2, 2)?;
            let (k, v) = (arg(vm, 0), arg(vm, 1));
            vm.subscr(s, k, v)
        }
        D_DELITEM => {
            argn(vm, 1, 1)?;
            let k = arg(vm, 0);
            vm.subscr(s, k, Obj::NULL)
        }
        S_CONTAINS => {
            argn(vm, 1, 1)?;
            let k = arg(vm, 0);
            vm.contains(s, k).map(Obj::bool)
        }
        D_GET => {
            argn(vm, 1, 2)?;
            let k = arg(vm, 0);
            match vm.map_get(s, k)? {
                Some(v) => Ok(v),
                None => Ok(if a.n > 2 { arg(vm, 1) } else { Obj::NONE }),
            }
        }
        D_KEYS | D_VALUES | D_ITEMS => {
            argn(vm, 0, 0)?;
            let kind = match id {
                D_KEYS => crate::seq::IT_KEYS,
                D_VALUES => crate::seq::IT_VALUES,
                _ => crate::seq::IT_ITEMS,
            };
            let v = vm.alloc_obj(vm.tobj(T::DictView), 3)?;
            vm.set(v, 1, s);
            vm.set(v, 2, Obj::small(kind));
            Ok(v)
        }
        D_POP => {
            argn(vm, 1, 2)?;
            let k = arg(vm, 0);
            match vm.map_remove(s, k)? {
                Some(v) => Ok(v),
                None => {
                    if a.n > 2 {
                        Ok(arg(vm, 1))
                    } else {
                        Err(vm.key_error(k))
                    }
                }
            }
        }
        D_POPITEM => {
            argn(vm, 0, 0)?;
            let first = if crate::modcollections::is_ordered(vm, s) {
                vm.map_used(s).saturating_sub(1)
            } else {
                0
            };
            let Some((slot, k, v)) = vm.map_next(s, first) else {
                return Err(vm.err(T::KeyError, "popitem(): dictionary is empty"));
            };
            let _ = slot;
            let t = vm.new_tuple_from(&[k, v])?;
            vm.root(t)?;
            let r = vm.map_remove(s, k);
            vm.unroot(1);
            r?;
            Ok(t)
        }
        D_SETDEFAULT => {
            argn(vm, 1, 2)?;
            let k = arg(vm, 0);
            let d = if a.n > 2 { arg(vm, 1) } else { Obj::NONE };
            match vm.map_get(s, k)? {
                Some(v) => Ok(v),
                None => {
                    vm.map_store(s, k, d)?;
                    Ok(d)
                }
            }
        }
        D_UPDATE => {
            if a.n > 1 {
                let o = arg(vm, 0);
                dict_update_from(vm, s, o)?;
            }
            for k in 0..a.n_kw {
                let key = Obj(vm.heap.ps[a.base + a.n + 2 * k]);
                let v = Obj(vm.heap.ps[a.base + a.n + 2 * k + 1]);
                vm.map_store(s, key, v)?;
            }
            Ok(Obj::NONE)
        }
        D_CLEAR => {
            vm.map_clear(s);
            Ok(Obj::NONE)
        }
        D_COPY => dict_copy(vm, s),
        D_FROMKEYS => {
            // Called as a classmethod: arg 0 is the class.
            argn(vm, 1, 2)?;
            let keys = arg(vm, 0);
            let v = if a.n > 2 { arg(vm, 1) } else { Obj::NONE };
            // The table starts at the length of the keys when they have one (dict_fromkeys).
            let sized = keys.is_qstr()
                || (keys.is_ptr()
                    && !vm.is_user_instance(keys)
                    && matches!(
                        vm.tid(keys),
                        T::Str | T::Bytes | T::Tuple | T::List | T::Dict | T::Set | T::FrozenSet
                    ));
            let n = if sized { vm.len_of(keys)? } else { 0 };
            let d = vm.new_dict(n)?;
            vm.root(d)?;
            let it = vm.get_iter(keys);
            let r = it.and_then(|it| {
                vm.root(it)?;
                while let Some(k) = vm.iter_next(it)? {
                    vm.map_store(d, k, v)?;
                }
                vm.unroot(1);
                Ok(d)
            });
            vm.unroot(1);
            r
        }
        S_ADD => {
            argn(vm, 1, 1)?;
            let v = arg(vm, 0);
            vm.set_add(s, v)?;
            Ok(Obj::NONE)
        }
        S_REMOVE | S_DISCARD => {
            argn(vm, 1, 1)?;
            let v = arg(vm, 0);
            if vm.map_remove(s, v)?.is_none() && id == S_REMOVE {
                return Err(vm.key_error(v));
            }
            Ok(Obj::NONE)
        }
        S_POP => {
            let Some((_, k, _)) = vm.map_next(s, 0) else {
                return Err(vm.err(T::KeyError, "pop from an empty set"));
            };
            vm.map_remove(s, k)?;
            Ok(k)
        }
        S_CLEAR => {
            vm.map_clear(s);
            Ok(Obj::NONE)
        }
        S_COPY => {
            let t = vm.tid(s);
            set_copy(vm, s, t)
        }
        S_UPDATE => {
            for i in 1..a.n {
                let o = a.get(vm, i);
                set_update(vm, s, o)?;
            }
            Ok(Obj::NONE)
        }
        S_UNION | S_INTERSECTION | S_DIFFERENCE | S_SYMDIFF => {
            let op = match id {
                S_UNION => b::OR,
                S_INTERSECTION => b::AND,
                S_DIFFERENCE => b::SUBTRACT,
                _ => b::XOR,
            };
            let mut acc = s;
            let base = vm.heap.sp;
            vm.root(acc)?;
            for i in 1..a.n {
                let o = a.get(vm, i);
                let os = to_set(vm, o)?;
                vm.root(os)?;
                acc = set_binop(vm, op, acc, os)?.unwrap_or(acc);
                vm.heap.ps[base] = acc.0;
            }
            if a.n == 1 {
                let t = vm.tid(s);
                acc = set_copy(vm, s, t)?;
            }
            vm.heap.sp = base;
            Ok(acc)
        }
        S_DIFFERENCE_UPDATE if a.n != 2 => {
            // difference_update(*others): one by one (none: nothing to do).
            for i in 1..a.n {
                let o = a.get(vm, i);
                let os = to_set(vm, o)?;
                vm.root(os)?;
                let r = set_binop(vm, b::SUBTRACT, s, os);
                vm.unroot(1);
                if let Some(n) = r? {
                    vm.set(s, 1, vm.get(n, 1));
                    vm.set(s, 2, vm.get(n, 2));
                    vm.set(s, 3, vm.get(n, 3));
                }
            }
            Ok(Obj::NONE)
        }
        S_INTERSECTION_UPDATE | S_DIFFERENCE_UPDATE | S_SYMDIFF_UPDATE => {
            argn(vm, 1, 1)?;
            let o = arg(vm, 0);
            let os = to_set(vm, o)?;
            vm.root(os)?;
            let op = match id {
                S_INTERSECTION_UPDATE => b::AND,
                S_DIFFERENCE_UPDATE => b::SUBTRACT,
                _ => b::XOR,
            };
            let r = set_binop(vm, op, s, os);
            vm.unroot(1);
            if let Some(n) = r? {
                vm.set(s, 1, vm.get(n, 1));
                vm.set(s, 2, vm.get(n, 2));
                vm.set(s, 3, vm.get(n, 3));
            }
            Ok(Obj::NONE)
        }
        S_ISSUBSET | S_ISSUPERSET | S_ISDISJOINT => {
            argn(vm, 1, 1)?;
            let o = arg(vm, 0);
            let os = to_set(vm, o)?;
            vm.root(os)?;
            let r = match id {
                S_ISSUBSET => set_issubset(vm, s, os),
                S_ISSUPERSET => set_issubset(vm, os, s),
                _ => {
                    let mut i = 0;
                    let mut dis = true;
                    while let Some((slot, k, _)) = vm.map_next(s, i) {
                        if vm.map_get(os, k)?.is_some() {
                            dis = false;
                            break;
                        }
                        i = slot + 1;
                    }
                    Ok(dis)
                }
            };
            vm.unroot(1);
            r.map(Obj::bool)
        }
        G_SEND => {
            argn(vm, 1, 1)?;
            let v = arg(vm, 0);
            match vm.gen_resume(s, v, Obj::NULL)? {
                crate::gen::GenRet::Yield(v) => Ok(v),
                crate::gen::GenRet::Return(v) => Err(stop_iteration(vm, v)),
            }
        }
        G_THROW => {
            argn(vm, 1, 3)?;
            // throw(type[, value[, tb]]): a value other than None replaces the type, as
            // MicroPython reduces the arguments to one.
            let mut e = arg(vm, 0);
            if a.n > 2 && arg(vm, 1) != Obj::NONE {
                e = arg(vm, 1);
            }
            match vm.gen_resume(s, Obj::NONE, e)? {
                crate::gen::GenRet::Yield(v) => Ok(v),
                crate::gen::GenRet::Return(v) => Err(stop_iteration(vm, v)),
            }
        }
        G_CLOSE => {
            argn(vm, 0, 0)?;
            vm.gen_close(s)?;
            Ok(Obj::NONE)
        }
        // CircuitPython's `await x` calls `x.__await__()`: a coroutine awaits as itself.
        G_AWAIT => {
            argn(vm, 0, 0)?;
            Ok(s)
        }
        I_FROM_BYTES | I_TO_BYTES => crate::modules::int_bytes(vm, id, a),
        E_INIT => {
            let args = vm.new_tuple_ps(a.base + 1, a.n - 1)?;
            let o = a.get(vm, 0);
            if vm.is_exception(o) {
                vm.set(o, 1, args);
                vm.complete(o);
            }
            Ok(Obj::NONE)
        }
        _ => Err(vm.err(T::NotImplementedError, "method")),
    }
}

/// A StopIteration carrying `v` (None gives no args).
pub(crate) fn stop_iteration<P: Port>(vm: &mut Vm<P>, v: Obj) -> crate::Exc {
    if v == Obj::NONE {
        return vm.err_noarg(T::StopIteration);
    }
    match vm
        .new_tuple_from(&[v])
        .and_then(|t| vm.new_exc_args(vm.tobj(T::StopIteration), t))
    {
        Ok(e) => vm.raise(e),
        Err(e) => e,
    }
}

/// `list.sort`: MicroPython's quicksort (`objlist.c` `mp_quicksort`), ported exactly so
/// that unstable orders come out the same; the key function is called at every comparison,
/// as there.
pub(crate) fn list_sort<P: Port>(vm: &mut Vm<P>, l: Obj, key: Obj, rev: Obj) -> R<()> {
    let rev = vm.truthy(rev)?;
    let n = vm.list_len(l) as isize;
    if n < 2 {
        return Ok(());
    }
    let key = if key == Obj::NONE { Obj::NULL } else { key };
    let want = Obj::bool(!rev);
    vm.root(l)?;
    vm.root(key)?;
    let r = quicksort(vm, l, -1, n - 1, key, want, 0);
    vm.unroot(2);
    r
}

fn sort_key<P: Port>(vm: &mut Vm<P>, l: Obj, i: isize, key: Obj) -> R<Obj> {
    let v = vm.list_get(l, i as usize);
    if key.is_null() {
        Ok(v)
    } else {
        vm.call(key, &[v])
    }
}

fn quicksort<P: Port>(
    vm: &mut Vm<P>,
    l: Obj,
    mut head: isize,
    mut tail: isize,
    key: Obj,
    want: Obj,
    depth: usize,
) -> R<()> {
    if depth > 200 {
        return Err(vm.recursion_error());
    }
    while tail - head > 1 {
        let mut h = head;
        let mut t = tail;
        let v = sort_key(vm, l, tail, key)?;
        vm.root(v)?;
        let r = (|| {
            loop {
                loop {
                    h += 1;
                    if h >= t {
                        break;
                    }
                    let k = sort_key(vm, l, h, key)?;
                    if vm.binary_op(b::LESS, k, v)? != want {
                        break;
                    }
                }
                loop {
                    t -= 1;
                    if h >= t {
                        break;
                    }
                    let k = sort_key(vm, l, t, key)?;
                    if vm.binary_op(b::LESS, v, k)? != want {
                        break;
                    }
                }
                if h >= t {
                    break;
                }
                let (x, y) = (vm.list_get(l, h as usize), vm.list_get(l, t as usize));
                vm.list_set(l, h as usize, y);
                vm.list_set(l, t as usize, x);
            }
            Ok(())
        })();
        vm.unroot(1);
        r?;
        let (x, y) = (vm.list_get(l, h as usize), vm.list_get(l, tail as usize));
        vm.list_set(l, h as usize, y);
        vm.list_set(l, tail as usize, x);
        if t - head < tail - h {
            quicksort(vm, l, head, t, key, want, depth + 1)?;
            head = h;
        } else {
            quicksort(vm, l, h, tail, key, want, depth + 1)?;
            tail = t;
        }
    }
    Ok(())
}

pub(crate) fn dict_copy<P: Port>(vm: &mut Vm<P>, d: Obj) -> R<Obj> {
    let n = vm.map_alloc(d);
    let ordered = crate::modcollections::is_ordered(vm, d);
    vm.root(d)?;
    let nd = vm.new_map_words(T::Dict, n, if ordered { 5 } else { 4 });
    vm.unroot(1);
    let nd = nd?;
    vm.set(nd, 0, vm.get(d, 0));
    if ordered {
        vm.set(nd, 4, Obj::small(1));
    }
    vm.set(nd, 1, vm.get(d, 1));
    let (src, dst) = (vm.get(d, 3).0, vm.get(nd, 3).0);
    for i in 0..2 * n {
        let w = vm.rdw(src, i);
        vm.wrw(dst, i, w);
    }
    Ok(nd)
}

pub(crate) fn dict_update_from<P: Port>(vm: &mut Vm<P>, d: Obj, o: Obj) -> R<()> {
    if o.is_ptr() && vm.tid(o) == T::Dict {
        let mut i = 0;
        while let Some((s, k, v)) = vm.map_next(o, i) {
            vm.map_store(d, k, v)?;
            i = s + 1;
        }
        return Ok(());
    }
    let it = vm.get_iter(o)?;
    vm.root(it)?;
    let r = (|| {
        while let Some(kv) = vm.iter_next(it)? {
            vm.root(kv)?;
            let l = vm.list_from_iter(kv);
            vm.unroot(1);
            let l = l?;
            if vm.list_len(l) != 2 {
                return Err(vm.err(T::ValueError, "dict update sequence has wrong length"));
            }
            let (k, v) = (vm.list_get(l, 0), vm.list_get(l, 1));
            vm.root(l)?;
            let r = vm.map_store(d, k, v);
            vm.unroot(1);
            r?;
        }
        Ok(())
    })();
    vm.unroot(1);
    r
}

fn set_copy<P: Port>(vm: &mut Vm<P>, s: Obj, t: T) -> R<Obj> {
    let n = vm.map_alloc(s);
    vm.root(s)?;
    let ns = vm.new_map(t, n);
    vm.unroot(1);
    let ns = ns?;
    vm.set(ns, 1, vm.get(s, 1));
    let (src, dst) = (vm.get(s, 3).0, vm.get(ns, 3).0);
    for i in 0..2 * n {
        let w = vm.rdw(src, i);
        vm.wrw(dst, i, w);
    }
    Ok(ns)
}

fn set_update<P: Port>(vm: &mut Vm<P>, s: Obj, o: Obj) -> R<()> {
    let it = vm.get_iter(o)?;
    vm.root(it)?;
    let r = (|| {
        while let Some(v) = vm.iter_next(it)? {
            vm.set_add(s, v)?;
        }
        Ok(())
    })();
    vm.unroot(1);
    r
}

fn to_set<P: Port>(vm: &mut Vm<P>, o: Obj) -> R<Obj> {
    if o.is_ptr() && matches!(vm.tid(o), T::Set | T::FrozenSet) {
        return Ok(o);
    }
    let s = vm.new_map(T::Set, 0)?;
    vm.root(s)?;
    let r = set_update(vm, s, o);
    vm.unroot(1);
    r.map(|()| s)
}

pub(crate) fn set_issubset<P: Port>(vm: &mut Vm<P>, a: Obj, c: Obj) -> R<bool> {
    let mut i = 0;
    while let Some((s, k, _)) = vm.map_next(a, i) {
        if vm.map_get(c, k)?.is_none() {
            return Ok(false);
        }
        i = s + 1;
    }
    Ok(true)
}

/// Set operators: | & - ^ and comparisons.
pub(crate) fn set_binop<P: Port>(vm: &mut Vm<P>, op: u8, l: Obj, r: Obj) -> R<Option<Obj>> {
    let t = vm.tid(l);
    match op {
        b::LESS_EQUAL => return set_issubset(vm, l, r).map(|v| Some(Obj::bool(v))),
        b::MORE_EQUAL => return set_issubset(vm, r, l).map(|v| Some(Obj::bool(v))),
        b::LESS => {
            let v = vm.map_used(l) < vm.map_used(r) && set_issubset(vm, l, r)?;
            return Ok(Some(Obj::bool(v)));
        }
        b::MORE => {
            let v = vm.map_used(l) > vm.map_used(r) && set_issubset(vm, r, l)?;
            return Ok(Some(Obj::bool(v)));
        }
        _ => {}
    }
    let base = vm.heap.sp;
    vm.root(l)?;
    vm.root(r)?;
    let res = (|| {
        let out = match op {
            b::OR => {
                let o = set_copy(vm, l, t)?;
                vm.root(o)?;
                set_update(vm, o, r)?;
                o
            }
            b::AND | b::SUBTRACT => {
                let o = vm.new_map(t, 0)?;
                vm.root(o)?;
                let mut i = 0;
                while let Some((s, k, _)) = vm.map_next(l, i) {
                    let inr = vm.map_get(r, k)?.is_some();
                    if inr == (op == b::AND) {
                        vm.set_add(o, k)?;
                    }
                    i = s + 1;
                }
                o
            }
            b::XOR => {
                let o = vm.new_map(t, 0)?;
                vm.root(o)?;
                for (x, y) in [(l, r), (r, l)] {
                    let mut i = 0;
                    while let Some((s, k, _)) = vm.map_next(x, i) {
                        if vm.map_get(y, k)?.is_none() {
                            vm.set_add(o, k)?;
                        }
                        i = s + 1;
                    }
                }
                o
            }
            _ => return Ok(None),
        };
        Ok(Some(out))
    })();
    vm.heap.sp = base;
    res
}

/// `str % args`.
pub(crate) fn str_modulo<P: Port>(vm: &mut Vm<P>, fmt: Obj, args: Obj) -> R<Obj> {
    crate::fmtspec::str_modulo(vm, fmt, args)
}

/// `dir(o)`.
pub(crate) fn dir<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    // An instance's own `__dir__` answers for it (MICROPY_PY_ALL_SPECIAL_METHODS).
    if a.n == 1 {
        let o = a.get(vm, 0);
        if vm.is_user_instance(o) && !vm.is_type(o) {
            if let Some(m) = vm.lookup_special(o, crate::qs!(vm, "__dir__"))? {
                return vm.call_method_obj(m, o, &[]);
            }
        }
    }
    if a.n > 0 {
        // Names made on first use (builtins.rs init) are listed too.
        let o = a.get(vm, 0);
        if o.is_ptr() && vm.tid(o) == T::Module {
            crate::builtins::module_fill(vm, o)?;
        } else {
            let t = if vm.is_type(o) { o } else { vm.type_of(o) };
            if !vm.is_user_type(t) {
                let id = vm.type_id(t);
                crate::builtins::ensure_methods(vm, id)?;
            }
        }
    }
    let l = vm.new_list(0)?;
    vm.root(l)?;
    let r = (|| {
        let d = if a.n == 0 {
            Obj(vm.heap.roots[crate::root::MAIN])
        } else {
            let o = a.get(vm, 0);
            if o.is_ptr() && vm.tid(o) == T::Module {
                vm.get(o, 1)
            } else if vm.is_type(o) {
                vm.get(o, crate::obj::ty::DICT)
            } else {
                let t = vm.type_of(o);
                vm.get(t, crate::obj::ty::DICT)
            }
        };
        if d.is_ptr() {
            let mut i = 0;
            while let Some((s, k, _)) = vm.map_next(d, i) {
                vm.list_append(l, k)?;
                i = s + 1;
            }
        }
        // A class's (or instance's class's) bases contribute their attributes too.
        if a.n > 0 {
            let o = a.get(vm, 0);
            let t = if vm.is_type(o) { o } else { vm.type_of(o) };
            if vm.is_user_type(t) {
                let mut stack = [Obj::NULL; 32];
                let mut n = 0;
                let bases = vm.get(t, crate::obj::ty::BASES);
                for i in (0..vm.tuple_len(bases)).rev() {
                    if n < stack.len() {
                        stack[n] = vm.tuple_get(bases, i);
                        n += 1;
                    }
                }
                while n > 0 {
                    n -= 1;
                    let c = stack[n];
                    if !vm.is_user_type(c) {
                        continue;
                    }
                    let d = vm.get(c, crate::obj::ty::DICT);
                    let mut i = 0;
                    while let Some((s, k, _)) = vm.map_next(d, i) {
                        if !vm.contains(l, k)? {
                            vm.list_append(l, k)?;
                        }
                        i = s + 1;
                    }
                    let bases = vm.get(c, crate::obj::ty::BASES);
                    for i in (0..vm.tuple_len(bases)).rev() {
                        if n < stack.len() {
                            stack[n] = vm.tuple_get(bases, i);
                            n += 1;
                        }
                    }
                }
            }
        }
        if a.n > 0 && vm.is_user_instance(a.get(vm, 0)) {
            let o = a.get(vm, 0);
            // An exception's attribute dict, or the instance itself (its own map).
            let d = if vm.tid(o).is_exception() {
                vm.get(o, 3)
            } else {
                o
            };
            if d.is_ptr() {
                let mut i = 0;
                while let Some((s, k, _)) = vm.map_next(d, i) {
                    if !vm.contains(l, k)? {
                        vm.list_append(l, k)?;
                    }
                    i = s + 1;
                }
            }
        }
        Ok(l)
    })();
    vm.unroot(1);
    r
}

/// Constructors of built-in types.
pub(crate) fn construct<P: Port>(vm: &mut Vm<P>, t: Obj, id: T, a: &Args) -> R<Obj> {
    let _ = t;
    match id {
        T::StringIO | T::BytesIO => crate::modio::construct(vm, id, a),
        T::IOBase => {
            arg_count(vm, a, 0, 0)?;
            vm.alloc_obj(vm.tobj(T::IOBase), 1)
        }
        T::Deque => crate::modcollections::deque_make(vm, a),
        T::Array => crate::modarray::make(vm, a),
        T::MemoryView => crate::memview::make(vm, a),
        T::Sha256 | T::Sha1 | T::Md5 => crate::modhashlib::make(vm, id, a),
        T::Tuple if t != vm.tobj(T::Tuple) => crate::modcollections::nt_make(vm, t, a),
        T::Type => {
            if a.n == 1 {
                let o = a.get(vm, 0);
                return Ok(vm.type_of(o));
            }
            if a.n == 3 {
                let (n, bs, d) = (a.get(vm, 0), a.get(vm, 1), a.get(vm, 2));
                // As mp_obj_new_type: a bases tuple and a dict, else a bare TypeError.
                if !vm.is_str(n) {
                    return Err(vm.err_not_str(n));
                }
                let is = |vm: &Vm<P>, o: Obj, t: T| o.is_ptr() && vm.tid(o) == t;
                if !is(vm, bs, T::Tuple) || !is(vm, d, T::Dict) {
                    return Err(vm.err(T::TypeError, ""));
                }
                return vm.new_class(n, bs, d);
            }
            Err(vm.err(T::TypeError, "type takes 1 or 3 arguments"))
        }
        T::Object => {
            arg_count(vm, a, 0, 0)?;
            vm.alloc_obj(vm.tobj(T::Object), 1)
        }
        T::Bool => {
            arg_count(vm, a, 0, 1)?;
            if a.n == 0 {
                return Ok(Obj::FALSE);
            }
            let o = a.get(vm, 0);
            vm.truthy(o).map(Obj::bool)
        }
        T::Int => crate::strmeth::int_new(vm, a),
        T::Float => crate::strmeth::float_new(vm, a),
        T::Complex => crate::complex::complex_new(vm, a),
        T::Str => crate::strmeth::str_new(vm, a),
        T::Bytes | T::ByteArray => crate::strmeth::bytes_new(vm, id, a),
        T::RingIO => crate::ringio::new(vm, a),
        T::Tuple => {
            arg_count(vm, a, 0, 1)?;
            if a.n == 0 {
                return Ok(vm.empty_tuple());
            }
            let o = a.get(vm, 0);
            vm.tuple_from_iter(o)
        }
        T::List => {
            arg_count(vm, a, 0, 1)?;
            if a.n == 0 {
                return vm.new_list(0);
            }
            let o = a.get(vm, 0);
            vm.list_from_iter(o)
        }
        T::Dict => {
            let d = if t != vm.tobj(T::Dict) {
                crate::modcollections::od_new(vm, t)?
            } else {
                vm.new_dict(0)?
            };
            vm.root(d)?;
            let r = (|| {
                if a.n > 0 {
                    let o = a.get(vm, 0);
                    dict_update_from(vm, d, o)?;
                }
                for k in 0..a.n_kw {
                    let key = Obj(vm.heap.ps[a.base + a.n + 2 * k]);
                    let v = Obj(vm.heap.ps[a.base + a.n + 2 * k + 1]);
                    vm.map_store(d, key, v)?;
                }
                Ok(d)
            })();
            vm.unroot(1);
            r
        }
        T::Set | T::FrozenSet => {
            arg_count(vm, a, 0, 1)?;
            let s = vm.new_map(id, 0)?;
            if a.n == 1 {
                vm.root(s)?;
                let o = a.get(vm, 0);
                let r = set_update(vm, s, o);
                vm.unroot(1);
                r?;
            }
            Ok(s)
        }
        T::Range => {
            arg_count(vm, a, 1, 3)?;
            let mut v = [0isize, 0, 1];
            for (i, slot) in v.iter_mut().enumerate().take(a.n) {
                let o = a.get(vm, i);
                *slot = vm.get_int(o)?;
            }
            let (start, stop, step) = if a.n == 1 {
                (0, v[0], 1)
            } else {
                (v[0], v[1], if a.n == 3 { v[2] } else { 1 })
            };
            if step == 0 {
                return Err(vm.err(T::ValueError, "zero step"));
            }
            vm.new_range(start, stop, step)
        }
        T::Slice => {
            arg_count(vm, a, 1, 3)?;
            let g = |vm: &Vm<P>, i: usize| if i < a.n { a.get(vm, i) } else { Obj::NONE };
            if a.n == 1 {
                let s = g(vm, 0);
                return vm.new_slice(Obj::NONE, s, Obj::NONE);
            }
            let (x, y, z) = (g(vm, 0), g(vm, 1), g(vm, 2));
            vm.new_slice(x, y, z)
        }
        T::Property => {
            let o = vm.alloc_obj(vm.tobj(T::Property), 4)?;
            for i in 0..3 {
                let v = if i < a.n { a.get(vm, i) } else { Obj::NONE };
                vm.set(o, 1 + i, v);
            }
            if let Some(v) = a.kw(vm, "fget") {
                vm.set(o, 1, v);
            }
            if let Some(v) = a.kw(vm, "fset") {
                vm.set(o, 2, v);
            }
            Ok(o)
        }
        T::StaticMethod | T::ClassMethod => {
            arg_count(vm, a, 1, 1)?;
            let f = a.get(vm, 0);
            vm.root(f)?;
            let o = vm.alloc_obj(vm.tobj(id), 2);
            vm.unroot(1);
            let o = o?;
            vm.set(o, 1, f);
            Ok(o)
        }
        T::Super => {
            arg_count(vm, a, 2, 2)?;
            let (c, o) = (a.get(vm, 0), a.get(vm, 1));
            vm.new_super(c, o)
        }
        T::Enumerate | T::Zip | T::Map | T::Filter | T::Reversed => {
            crate::modules::iter_new(vm, id, a)
        }
        t if t.is_exception() => {
            if a.n_kw > 0 {
                return Err(vm.err(T::TypeError, "function doesn't take keyword arguments"));
            }
            // Never a MemoryError: the emergency object and buffer stand in (objexcept.c).
            let tt = vm.tobj(t);
            Ok(vm.exc_new_maybe_ps(tt, a.base, a.n))
        }
        _ => Err(vm.errf(
            T::TypeError,
            &[
                Part::S("cannot create '"),
                Part::O(vm.get(t, crate::obj::ty::NAME)),
                Part::S("' instances"),
            ],
        )),
    }
}

/// `next()` for enumerate/zip/map/filter/reversed iterators: `[type, a, b, c]`.
pub(crate) fn iter_next_fn<P: Port>(vm: &mut Vm<P>, it: Obj) -> R<Option<Obj>> {
    crate::modules::iter_next_fn(vm, it)
}
