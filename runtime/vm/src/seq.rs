//! Sequences and iteration: tuple and list access, `range`, slices, subscripting, the
//! iterator protocol and sequence unpacking (MicroPython's `objtuple.c`, `objlist.c`,
//! `objrange.c`, `objslice.c`, `runtime.c` `mp_getiter`/`mp_iternext`/`mp_unpack_*`).
//!
//! ```text
//!  range     [Range, start, stop, step]
//!  slice     [Slice, start, stop, step]
//!  iterator  [Iterator, sequence, index, kind]   (kind: 0 tuple/list, 1 str, 2 bytes,
//!            3 range, 4 dict keys, 5 dict values, 6 dict items, 7 set, 8 call-until)
//! ```
use crate::gc::W;
use crate::obj::{Obj, T};
use crate::text::Part;
use crate::{Port, Vm, R};

pub(crate) const IT_SEQ: isize = 0;
pub(crate) const IT_STR: isize = 1;
pub(crate) const IT_BYTES: isize = 2;
pub(crate) const IT_RANGE: isize = 3;
pub(crate) const IT_KEYS: isize = 4;
pub(crate) const IT_VALUES: isize = 5;
pub(crate) const IT_ITEMS: isize = 6;

impl<P: Port> Vm<P> {
    #[inline]
    pub(crate) fn tuple_len(&self, t: Obj) -> usize {
        self.get(t, 1).small_val() as usize
    }
    #[inline]
    pub(crate) fn tuple_get(&self, t: Obj, i: usize) -> Obj {
        self.get(t, 2 + i)
    }
    #[inline]
    pub(crate) fn list_len(&self, l: Obj) -> usize {
        self.get(l, 1).small_val() as usize
    }
    #[inline]
    pub(crate) fn list_get(&self, l: Obj, i: usize) -> Obj {
        Obj(self.rdw(self.get(l, 3).0, i))
    }
    #[inline]
    pub(crate) fn list_set(&mut self, l: Obj, i: usize, v: Obj) {
        let items = self.get(l, 3).0;
        self.wrw(items, i, v.0);
    }

    /// Items of a tuple or list: (container, first word index) access via `seq_get`.
    #[inline]
    pub(crate) fn seq_len(&self, s: Obj) -> usize {
        if self.tid(s) == T::Tuple {
            self.tuple_len(s)
        } else {
            self.list_len(s)
        }
    }
    #[inline]
    pub(crate) fn seq_get(&self, s: Obj, i: usize) -> Obj {
        if self.tid(s) == T::Tuple {
            self.tuple_get(s, i)
        } else {
            self.list_get(s, i)
        }
    }

    /// Make room for one more item in a list.
    pub(crate) fn list_grow(&mut self, l: Obj, need: usize) -> R<()> {
        let cap = self.get(l, 2).small_val() as usize;
        if need <= cap {
            return Ok(());
        }
        let new_cap = (cap * 2).max(need).max(4);
        self.root(l)?;
        let items = self.alloc_raw(new_cap * W);
        self.unroot(1);
        let items = items?;
        let old = self.get(l, 3).0;
        let len = self.list_len(l);
        for i in 0..len {
            let v = self.rdw(old, i);
            self.wrw(items, i, v);
        }
        self.set(l, 2, Obj::small(new_cap as isize));
        self.set(l, 3, Obj(items));
        // The old array is garbage: freed at once, as m_renew does, so the next objects fill
        // its hole (see `map_rehash`).
        if self.heap.is_heap_obj(old) {
            let off = self.heap.off(old);
            self.heap.free(off);
        }
        Ok(())
    }

    pub(crate) fn list_append(&mut self, l: Obj, v: Obj) -> R<()> {
        let len = self.list_len(l);
        self.root(v)?;
        let r = self.list_grow(l, len + 1);
        self.unroot(1);
        r?;
        self.list_set(l, len, v);
        self.set(l, 1, Obj::small(len as isize + 1));
        Ok(())
    }

    pub(crate) fn list_insert(&mut self, l: Obj, i: usize, v: Obj) -> R<()> {
        let len = self.list_len(l);
        self.root(v)?;
        let r = self.list_grow(l, len + 1);
        self.unroot(1);
        r?;
        let mut k = len;
        while k > i {
            let p = self.list_get(l, k - 1);
            self.list_set(l, k, p);
            k -= 1;
        }
        self.list_set(l, i, v);
        self.set(l, 1, Obj::small(len as isize + 1));
        Ok(())
    }

    pub(crate) fn list_remove_at(&mut self, l: Obj, i: usize) -> Obj {
        let len = self.list_len(l);
        let v = self.list_get(l, i);
        for k in i..len - 1 {
            let n = self.list_get(l, k + 1);
            self.list_set(l, k, n);
        }
        self.list_set(l, len - 1, Obj::NULL);
        self.set(l, 1, Obj::small(len as isize - 1));
        v
    }

    /// Extend list `l` with the items of iterable `it`.
    pub(crate) fn list_extend(&mut self, l: Obj, src: Obj) -> R<()> {
        self.root(l)?;
        let r = self.list_extend_inner(l, src);
        self.unroot(1);
        r
    }

    fn list_extend_inner(&mut self, l: Obj, src: Obj) -> R<()> {
        if src.is_ptr()
            && matches!(self.tid(src), T::Tuple | T::List)
            && !self.is_user_instance(src)
        {
            let n = self.seq_len(src);
            self.root(src)?;
            for i in 0..n {
                let v = self.seq_get(src, i);
                if let Err(e) = self.list_append(l, v) {
                    self.unroot(1);
                    return Err(e);
                }
            }
            self.unroot(1);
            return Ok(());
        }
        let it = self.get_iter(src)?;
        self.root(it)?;
        let r = (|| {
            while let Some(v) = self.iter_next(it)? {
                self.list_append(l, v)?;
            }
            Ok(())
        })();
        self.unroot(1);
        r
    }

    /// A list of the items of an iterable.
    pub(crate) fn list_from_iter(&mut self, src: Obj) -> R<Obj> {
        self.root(src)?;
        let l = self.new_list(0);
        let r = l.and_then(|l| self.list_extend(l, src).map(|()| l));
        self.unroot(1);
        r
    }

    /// A tuple of the items of an iterable.
    pub(crate) fn tuple_from_iter(&mut self, src: Obj) -> R<Obj> {
        if src.is_ptr() && self.get(src, 0) == self.tobj(T::Tuple) {
            return Ok(src);
        }
        let l = self.list_from_iter(src)?;
        self.root(l)?;
        let n = self.list_len(l);
        let t = self.new_tuple(n);
        self.unroot(1);
        let t = t?;
        for i in 0..n {
            let v = self.list_get(l, i);
            self.set(t, 2 + i, v);
        }
        Ok(t)
    }

    pub(crate) fn new_slice(&mut self, a: Obj, b: Obj, c: Obj) -> R<Obj> {
        self.root(a)?;
        self.root(b)?;
        self.root(c)?;
        let s = self.alloc_obj(self.tobj(T::Slice), 4);
        self.unroot(3);
        let s = s?;
        self.set(s, 1, a);
        self.set(s, 2, b);
        self.set(s, 3, c);
        Ok(s)
    }

    /// The slice for `BUILD_SLICE` when the next opcode (`next_op`) subscripts `target`
    /// straight away and `target` is a built-in bytearray or memoryview (MicroPython's
    /// `MP_TYPE_FLAG_SUBSCR_ALLOWS_STACK_SLICE` fast path): one slice object, kept in a root and
    /// reused, so `b[1:3] = x` allocates nothing. Their subscripts read the slice's fields
    /// before anything else can run and never keep it. None: make a fresh slice.
    pub(crate) fn reusable_slice(
        &mut self,
        next_op: Option<u8>,
        target: Obj,
        start: Obj,
        stop: Obj,
        step: Obj,
    ) -> Option<Obj> {
        use mpy_format::opcode::op;
        if !matches!(next_op, Some(op::LOAD_SUBSCR | op::STORE_SUBSCR))
            || !target.is_ptr()
            || target.is_null()
            || !matches!(self.tid(target), T::ByteArray | T::MemoryView)
            || self.is_user_instance(target)
        {
            return None;
        }
        let s = self.stack_slice()?;
        self.set(s, 1, start);
        self.set(s, 2, stop);
        self.set(s, 3, step);
        Some(s)
    }

    /// The reusable slice object (see `reusable_slice`), made on first use (`heap_lock` makes
    /// it too, so that it exists while the heap is locked).
    pub(crate) fn stack_slice(&mut self) -> Option<Obj> {
        let r = self.heap.roots[crate::root::STACK_SLICE];
        if r != 0 {
            return Some(Obj(r));
        }
        // No room is no error here: the caller makes a fresh slice (or fails) instead.
        let saved = self.heap.roots[crate::root::EXC];
        let Ok(s) = self.new_slice(Obj::NONE, Obj::NONE, Obj::NONE) else {
            self.heap.roots[crate::root::EXC] = saved;
            return None;
        };
        self.heap.roots[crate::root::STACK_SLICE] = s.0;
        Some(s)
    }

    /// Resolve slice `s` against length `len`: (start, stop, step) as Python's `indices`.
    pub(crate) fn slice_indices(&mut self, s: Obj, len: isize) -> R<(isize, isize, isize)> {
        let step = self.get(s, 3);
        let step = if step == Obj::NONE {
            1
        } else {
            self.get_int(step)?
        };
        if step == 0 {
            return Err(self.err(T::ValueError, "slice step can't be zero"));
        }
        let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
        let fix = |vm: &mut Self, v: Obj, dflt: isize| -> R<isize> {
            if v == Obj::NONE {
                return Ok(dflt);
            }
            let mut i = vm.get_int(v)?;
            if i < 0 {
                i += len;
                if i < lo {
                    i = lo;
                }
            } else if i > hi {
                i = hi;
            }
            Ok(i)
        };
        let a = self.get(s, 1);
        let b = self.get(s, 2);
        let start = fix(self, a, if step < 0 { hi } else { lo })?;
        let stop = fix(self, b, if step < 0 { lo } else { hi })?;
        Ok((start, stop, step))
    }

    /// Normalise index `i` of a sequence of length `len` (IndexError when out of range).
    pub(crate) fn seq_index(&mut self, idx: Obj, len: usize, what: &str) -> R<usize> {
        let i = if idx.is_small() {
            idx.small_val()
        } else if idx == Obj::TRUE || idx == Obj::FALSE {
            (idx == Obj::TRUE) as isize
        } else if self.tid(idx) == T::Int {
            // A big int is taken as a machine word when it fits (mp_obj_get_int), as
            // range(sys.maxsize)[sys.maxsize - 1] needs.
            self.get_int(idx)?
        } else {
            return Err(self.errf(
                T::TypeError,
                &[
                    Part::S(what),
                    Part::S(" indices must be integers, not "),
                    Part::TypeName(idx),
                ],
            ));
        };
        let j = if i < 0 { i + len as isize } else { i };
        if j < 0 || j as usize >= len {
            return Err(self.errf(
                T::IndexError,
                &[Part::S(what), Part::S(" index out of range")],
            ));
        }
        Ok(j as usize)
    }

    // ----- iteration -----

    fn new_iter(&mut self, seq: Obj, kind: isize) -> R<Obj> {
        self.root(seq)?;
        let it = self.alloc_obj(self.tobj(T::Iterator), 4);
        self.unroot(1);
        let it = it?;
        self.set(it, 1, seq);
        self.set(it, 2, Obj::small(0));
        self.set(it, 3, Obj::small(kind));
        Ok(it)
    }

    /// `iter(o)`.
    pub(crate) fn get_iter(&mut self, o: Obj) -> R<Obj> {
        if o.is_qstr() {
            return self.new_iter(o, IT_STR);
        }
        if o.is_ptr() && self.tid(o) == T::Deque && !self.is_user_instance(o) {
            return crate::modcollections::deque_iter(self, o);
        }
        if crate::modarray::is_array(self, o) || crate::memview::is_mv(self, o) {
            return crate::modarray::iter(self, o);
        }
        if crate::modio::is_stream(self, o) && !self.is_user_instance(o) {
            // A stream is its own iterator, over its lines.
            return Ok(o);
        }
        if o.is_ptr() {
            let t = self.get(o, 0);
            if self.is_user_type(t) {
                if let Some(m) = self.lookup_special(o, crate::qs!(self, "__iter__"))? {
                    return self.call_method_obj(m, o, &[]);
                }
                if self
                    .lookup_special(o, crate::qs!(self, "__getitem__"))?
                    .is_some()
                {
                    return self.new_iter(o, 8);
                }
                if let Some(s) = self.native_sub(o) {
                    return self.get_iter(s);
                }
            } else {
                match self.type_id(t) {
                    T::Tuple | T::List => return self.new_iter(o, IT_SEQ),
                    T::Str => return self.new_iter(o, IT_STR),
                    T::Bytes | T::ByteArray => return self.new_iter(o, IT_BYTES),
                    T::Range => return self.new_iter(o, IT_RANGE),
                    T::Dict => return self.new_iter(o, IT_KEYS),
                    T::DictView => {
                        let (d, k) = (self.get(o, 1), self.get(o, 2).small_val());
                        return self.new_iter(d, k);
                    }
                    T::Set | T::FrozenSet => return self.new_iter(o, IT_KEYS),
                    T::Iterator
                    | T::Generator
                    | T::Coroutine
                    | T::Enumerate
                    | T::Zip
                    | T::Map
                    | T::Filter
                    | T::Reversed => return Ok(o),
                    _ => {}
                }
            }
        }
        Err(self.errf(
            T::TypeError,
            &[
                Part::S("'"),
                Part::TypeName(o),
                Part::S("' object isn't iterable"),
            ],
        ))
    }

    /// `next(it)`: None when exhausted.
    pub(crate) fn iter_next(&mut self, it: Obj) -> R<Option<Obj>> {
        if !it.is_ptr() {
            return Err(self.not_an_iterator(it));
        }
        let t = self.get(it, 0);
        if self.is_user_type(t) {
            let Some(m) = self.lookup_special(it, crate::qs!(self, "__next__"))? else {
                return Err(self.not_an_iterator(it));
            };
            return match self.call_method_obj(m, it, &[]) {
                Ok(v) => Ok(Some(v)),
                Err(e) => {
                    let x = self.cur_exc();
                    if self.exc_match(x, T::StopIteration) {
                        self.heap.roots[crate::root::STOP_ITER] = self.exc_value(x).0;
                        Ok(None)
                    } else {
                        Err(e)
                    }
                }
            };
        }
        match self.type_id(t) {
            T::Iterator => self.builtin_iter_next(it),
            T::Generator | T::Coroutine => match self.gen_resume(it, Obj::NONE, Obj::NULL)? {
                crate::gen::GenRet::Yield(v) => Ok(Some(v)),
                crate::gen::GenRet::Return(v) => {
                    if v != Obj::NONE {
                        self.heap.roots[crate::root::STOP_ITER] = v.0;
                    }
                    Ok(None)
                }
            },
            T::Enumerate | T::Zip | T::Map | T::Filter | T::Reversed => {
                crate::builtins::iter_next_fn(self, it)
            }
            T::StringIO | T::BytesIO => crate::modio::next_line(self, it),
            _ => Err(self.not_an_iterator(it)),
        }
    }

    fn not_an_iterator(&mut self, o: Obj) -> crate::Exc {
        self.errf(
            T::TypeError,
            &[
                Part::S("'"),
                Part::TypeName(o),
                Part::S("' object isn't an iterator"),
            ],
        )
    }

    fn builtin_iter_next(&mut self, it: Obj) -> R<Option<Obj>> {
        let seq = self.get(it, 1);
        let i = self.get(it, 2).small_val() as usize;
        let kind = self.get(it, 3).small_val();
        let r = self.iter_step(seq, i, kind)?;
        Ok(r.map(|(v, next)| {
            self.set(it, 2, Obj::small(next as isize));
            v
        }))
    }

    /// A built-in iterable that a `for` loop walks with no iterator object, its state in the
    /// 4 value-stack slots GET_ITER_STACK reserves (as MicroPython's `mp_getiter` with an
    /// `iter_buf`): the object to walk and the iteration kind.
    pub(crate) fn iter_inline(&self, o: Obj) -> Option<(Obj, isize)> {
        if o.is_qstr() {
            return Some((o, IT_STR));
        }
        if !o.is_ptr() || self.is_user_type(self.get(o, 0)) {
            return None;
        }
        match self.tid(o) {
            T::Tuple | T::List => Some((o, IT_SEQ)),
            T::Str => Some((o, IT_STR)),
            T::Bytes | T::ByteArray => Some((o, IT_BYTES)),
            T::Range => Some((o, IT_RANGE)),
            T::Dict | T::Set | T::FrozenSet => Some((o, IT_KEYS)),
            T::DictView => Some((self.get(o, 1), self.get(o, 2).small_val())),
            T::Array | T::MemoryView => Some((o, crate::modarray::IT_ARRAY)),
            _ => None,
        }
    }

    /// Start walking `o` the way a built-in that consumes an iterable does (`all`, `sum`,
    /// `min`...): in place for a built-in iterable (no iterator object, as MicroPython's
    /// `mp_getiter` with a C-stack `iter_buf`), else through its iterator. The caller roots
    /// `Walk::obj` while walking.
    pub(crate) fn walk(&mut self, o: Obj) -> R<Walk> {
        if let Some((seq, kind)) = self.iter_inline(o) {
            return Ok(Walk {
                obj: seq,
                kind,
                pos: 0,
            });
        }
        let it = self.get_iter(o)?;
        Ok(Walk {
            obj: it,
            kind: -1,
            pos: 0,
        })
    }

    /// The next item of a walk, None at its end.
    pub(crate) fn walk_next(&mut self, w: &mut Walk) -> R<Option<Obj>> {
        if w.kind < 0 {
            return self.iter_next(w.obj);
        }
        Ok(self.iter_step(w.obj, w.pos, w.kind)?.map(|(v, next)| {
            w.pos = next;
            v
        }))
    }

    /// One step of a built-in iteration of `seq` (`kind`) at position `i`: the item and the
    /// next position, or None at the end.
    pub(crate) fn iter_step(&mut self, seq: Obj, i: usize, kind: isize) -> R<Option<(Obj, usize)>> {
        match kind {
            IT_SEQ => {
                if i < self.seq_len(seq) {
                    Ok(Some((self.seq_get(seq, i), i + 1)))
                } else {
                    Ok(None)
                }
            }
            IT_STR => {
                let d = self.str_data(seq);
                if i >= d.len() {
                    return Ok(None);
                }
                let l = crate::text::utf8_len(d[i]).min(d.len() - i);
                let mut tmp = [0u8; 4];
                tmp[..l].copy_from_slice(&d[i..i + l]);
                self.new_str(&tmp[..l]).map(|v| Some((v, i + l)))
            }
            IT_BYTES => {
                let d = self.bytes_data(seq);
                if i >= d.len() {
                    return Ok(None);
                }
                let b = d[i];
                Ok(Some((Obj::small(b as isize), i + 1)))
            }
            IT_RANGE => {
                let (start, stop, step) = self.range_parts(seq);
                // Past the word's range the value is past `stop` too: the end.
                let Some(v) = (i as isize)
                    .checked_mul(step)
                    .and_then(|d| start.checked_add(d))
                else {
                    return Ok(None);
                };
                if (step > 0 && v < stop) || (step < 0 && v > stop) {
                    if Obj::fits_small(v as i128) {
                        return Ok(Some((Obj::small(v), i + 1)));
                    }
                    return self.new_int(v as i128).map(|o| Some((o, i + 1)));
                }
                Ok(None)
            }
            IT_KEYS | IT_VALUES | IT_ITEMS => match self.map_next(seq, i) {
                Some((s, k, v)) => match kind {
                    IT_KEYS => Ok(Some((k, s + 1))),
                    IT_VALUES => Ok(Some((v, s + 1))),
                    _ => self.new_tuple_from(&[k, v]).map(|t| Some((t, s + 1))),
                },
                None => Ok(None),
            },
            8 => {
                // Sequence protocol through __getitem__ until IndexError/StopIteration.
                match self.subscr(seq, Obj::small(i as isize), Obj::SENTINEL) {
                    Ok(v) => Ok(Some((v, i + 1))),
                    Err(e) => {
                        let x = self.cur_exc();
                        if self.exc_match(x, T::IndexError) || self.exc_match(x, T::StopIteration) {
                            Ok(None)
                        } else {
                            Err(e)
                        }
                    }
                }
            }
            crate::modcollections::IT_DEQUE => Ok(crate::modcollections::deque_step(self, seq, i)),
            crate::modarray::IT_ARRAY => crate::modarray::step(self, seq, i),
            _ => Ok(None),
        }
    }

    /// `UNPACK_SEQUENCE n`: replace `ps[at]` by n items, last item lowest.
    pub(crate) fn unpack_sequence(&mut self, at: usize, n: usize) -> R<()> {
        let seq = Obj(self.heap.ps[at]);
        if seq.is_ptr()
            && matches!(self.tid(seq), T::Tuple | T::List)
            && !self.is_user_instance(seq)
        {
            let len = self.seq_len(seq);
            if len < n {
                return Err(self.unpack_few(n, len));
            }
            if len > n {
                return Err(self.unpack_many(n));
            }
            for i in 0..n {
                let v = self.seq_get(seq, i);
                self.heap.ps[at + n - 1 - i] = v.0;
            }
            return Ok(());
        }
        let it = self.get_iter(seq)?;
        self.heap.ps[at] = it.0;
        // Items go above, then are reversed into place.
        let top = self.heap.sp;
        self.root(it)?;
        let mut got = 0;
        while got < n {
            match self.iter_next(it)? {
                Some(v) => {
                    self.root(v)?;
                    got += 1;
                }
                None => {
                    self.heap.sp = top;
                    return Err(self.unpack_few(n, got));
                }
            }
        }
        if self.iter_next(it)?.is_some() {
            self.heap.sp = top;
            return Err(self.unpack_many(n));
        }
        for i in 0..n {
            self.heap.ps[at + n - 1 - i] = self.heap.ps[top + 1 + i];
        }
        self.heap.sp = top;
        Ok(())
    }

    fn unpack_few(&mut self, n: usize, got: usize) -> crate::Exc {
        let _ = n;
        self.errf(
            T::ValueError,
            &[
                Part::S("need more than "),
                Part::I(got as isize),
                Part::S(" values to unpack"),
            ],
        )
    }

    fn unpack_many(&mut self, n: usize) -> crate::Exc {
        self.errf(
            T::ValueError,
            &[
                Part::S("too many values to unpack (expected "),
                Part::I(n as isize),
                Part::S(")"),
            ],
        )
    }

    /// `UNPACK_EX`: `a, *b, c = seq` with `n & 0xff` before and `n >> 8` after the star.
    pub(crate) fn unpack_ex(&mut self, at: usize, n: usize) -> R<()> {
        let before = n & 0xff;
        let after = (n >> 8) & 0xff;
        let seq = Obj(self.heap.ps[at]);
        let l = self.list_from_iter(seq)?;
        self.heap.ps[at] = l.0;
        let len = self.list_len(l);
        if len < before + after {
            return Err(self.unpack_few(before + after, len));
        }
        // Stack after: at + before + after (top) ... : item0 is highest.
        let total = before + 1 + after;
        let rest = self.new_list(len - before - after)?;
        for i in 0..len - before - after {
            let v = self.list_get(l, before + i);
            self.list_set(rest, i, v);
        }
        for i in 0..before {
            let v = self.list_get(l, i);
            self.heap.ps[at + total - 1 - i] = v.0;
        }
        self.heap.ps[at + after] = rest.0;
        for j in 0..after {
            let v = self.list_get(l, len - after + j);
            self.heap.ps[at + after - 1 - j] = v.0;
        }
        Ok(())
    }

    /// Data of a bytes or bytearray.
    pub(crate) fn bytes_data(&self, o: Obj) -> &[u8] {
        let t = self.tid(o);
        if t == T::MemoryView {
            return crate::memview::data(self, o);
        }
        if matches!(t, T::ByteArray | T::Array) {
            let len = self.get(o, 1).small_val() as usize;
            let d = self.get(o, 3).0;
            self.heap.bytes(self.heap.off(d), len)
        } else {
            self.str_data(o)
        }
    }
}

/// The state of a walk over an iterable (see `Vm::walk`): the object walked in place with its
/// iteration kind and position, or (kind < 0) an iterator object.
pub(crate) struct Walk {
    pub(crate) obj: Obj,
    kind: isize,
    pos: usize,
}
