//! Printing objects (`str` and `repr`) to stdout, stderr or a string being built, with
//! MicroPython's formats (`py/obj.c`, `objstr.c`, `objstrunicode.c`, `objlist.c`...).
//!
//! A string being built is a str object on the pystack whose capacity is its allocation; it
//! grows by reallocation and is finished in place ([`Vm::buf_finish`]).
use crate::gc::W;
use crate::obj::{ty, Obj, T};
use crate::{Port, Vm, R};

/// Where printed text goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Out {
    Stdout,
    Stderr,
    /// A str being built, at this pystack slot.
    Buf(usize),
}

impl<P: Port> Vm<P> {
    /// Start a string buffer: its `Out`. The caller must [`Vm::buf_finish`] or drop it with
    /// `unroot(1)`; nothing else may be pushed on the root stack meanwhile unless popped first.
    pub(crate) fn buf_new(&mut self, t: T) -> R<Out> {
        let (o, _) = self.new_str_raw(t, 0)?;
        let slot = self.heap.sp;
        self.root(o)?;
        Ok(Out::Buf(slot))
    }

    /// Finish a string buffer: the str object.
    pub(crate) fn buf_finish(&mut self, out: Out) -> Obj {
        let Out::Buf(slot) = out else {
            return Obj::NONE;
        };
        let o = Obj(self.heap.ps[slot]);
        self.heap.sp = slot;
        let len = self.get(o, 2).small_val() as usize;
        if len == 0 && self.tid(o) == T::Str {
            return Obj::qstr(1);
        }
        self.finish_str(o)
    }

    /// Write raw bytes.
    pub(crate) fn write_bytes(&mut self, out: Out, b: &[u8]) -> R<()> {
        match out {
            Out::Stdout => {
                self.port.write_out(b);
                Ok(())
            }
            Out::Stderr => {
                self.port.write_err(b);
                Ok(())
            }
            Out::Buf(slot) => {
                let o = Obj(self.heap.ps[slot]);
                let len = self.get(o, 2).small_val() as usize;
                let cap = self.heap.alloc_size(self.heap.off(o.0)) - 3 * W;
                let o = if len + b.len() + 1 > cap {
                    let new_cap = (len + b.len() + 1).max(cap * 2);
                    let (n, off) = self.new_str_raw(self.tid(o), new_cap)?;
                    let src = self.str_data_off(o);
                    self.heap.copy_within(src, off, len);
                    self.set(n, 2, Obj::small(len as isize));
                    self.heap.ps[slot] = n.0;
                    n
                } else {
                    o
                };
                let off = self.str_data_off(o) + len;
                self.heap.bytes_mut(off, b.len()).copy_from_slice(b);
                self.set(o, 2, Obj::small((len + b.len()) as isize));
                Ok(())
            }
        }
    }

    /// Write the text of a str object.
    pub(crate) fn print_str(&mut self, out: Out, s: Obj) -> R<()> {
        match out {
            Out::Stdout => {
                let b = crate::print::str_data_of(
                    &self.heap,
                    self.n_dyn_qstr,
                    self.heap.roots[crate::root::QSTRS],
                    s,
                );
                self.port.write_out(b);
                Ok(())
            }
            Out::Stderr => {
                let b = crate::print::str_data_of(
                    &self.heap,
                    self.n_dyn_qstr,
                    self.heap.roots[crate::root::QSTRS],
                    s,
                );
                self.port.write_err(b);
                Ok(())
            }
            Out::Buf(_) => {
                let len = self.str_len(s);
                let mut tmp = [0u8; 128];
                if len <= tmp.len() {
                    tmp[..len].copy_from_slice(self.str_data(s));
                    self.write_bytes(out, &tmp[..len])
                } else {
                    // Keep `s` alive across a possible reallocation, copy in pieces.
                    self.root(s)?;
                    // The buffer slot is below `s`; writing pieces never moves `s`.
                    let mut done = 0;
                    let mut r = Ok(());
                    while done < len {
                        let n = (len - done).min(tmp.len());
                        tmp[..n].copy_from_slice(&self.str_data(s)[done..done + n]);
                        r = self.write_bytes(out, &tmp[..n]);
                        if r.is_err() {
                            break;
                        }
                        done += n;
                    }
                    self.unroot(1);
                    r
                }
            }
        }
    }

    pub(crate) fn print_int_small(&mut self, out: Out, v: isize) -> R<()> {
        let mut buf = [0u8; 24];
        let n = crate::text::fmt_isize(&mut buf, v);
        self.write_bytes(out, &buf[..n])
    }

    /// Print `o`: `repr(o)` if `repr`, else `str(o)`.
    pub(crate) fn print(&mut self, out: Out, o: Obj, repr: bool) -> R<()> {
        if o.is_small() {
            return self.print_int_small(out, o.small_val());
        }
        if o.is_qstr() {
            return if repr {
                self.print_quoted(out, o, false)
            } else {
                self.print_str(out, o)
            };
        }
        match o {
            Obj::NONE => return self.write_bytes(out, b"None"),
            Obj::TRUE => return self.write_bytes(out, b"True"),
            Obj::FALSE => return self.write_bytes(out, b"False"),
            _ => {}
        }
        if !o.is_ptr() {
            return self.write_bytes(out, b"<?>");
        }
        let t = self.get(o, 0);
        if self.is_user_type(t) {
            return self.print_instance(out, o, repr);
        }
        // Containers print their items recursively: bound the Rust recursion.
        if self.depth >= self.max_depth {
            return Err(self.recursion_error());
        }
        self.root(o)?;
        self.depth += 1;
        let r = self.print_builtin(out, o, repr);
        self.depth -= 1;
        self.unroot(1);
        r
    }

    fn print_builtin(&mut self, out: Out, o: Obj, repr: bool) -> R<()> {
        match self.tid(o) {
            T::Str => {
                if repr {
                    self.print_quoted(out, o, false)
                } else {
                    self.print_str(out, o)
                }
            }
            T::Bytes => {
                self.write_bytes(out, b"b")?;
                self.print_quoted(out, o, true)
            }
            T::ByteArray => self.print_bytearray(out, o),
            T::Array => crate::modarray::print(self, out, o),
            T::Re | T::Match => crate::modre::print(self, out, o),
            T::StringIO | T::BytesIO => crate::modio::print(self, out, o),
            T::Int => self.print_bigint(out, o),
            T::Float => self.print_float(out, self.float_val(o)),
            T::Tuple if crate::modcollections::is_nt(self, o) => {
                crate::modcollections::nt_print(self, out, o)
            }
            T::Complex => self.print_complex(out, o),
            T::Tuple => {
                let n = self.tuple_len(o);
                self.write_bytes(out, b"(")?;
                for i in 0..n {
                    if i > 0 {
                        self.write_bytes(out, b", ")?;
                    }
                    let it = self.tuple_get(o, i);
                    self.print(out, it, true)?;
                }
                if n == 1 {
                    self.write_bytes(out, b",")?;
                }
                self.write_bytes(out, b")")
            }
            T::List => {
                self.write_bytes(out, b"[")?;
                let mut i = 0;
                while i < self.list_len(o) {
                    if i > 0 {
                        self.write_bytes(out, b", ")?;
                    }
                    let it = self.list_get(o, i);
                    self.print(out, it, true)?;
                    i += 1;
                }
                self.write_bytes(out, b"]")
            }
            T::Dict => {
                let od = crate::modcollections::is_od(self, o);
                self.write_bytes(out, if od { b"OrderedDict({" } else { b"{" })?;
                let mut first = true;
                let mut i = 0;
                while let Some((s, k, v)) = self.map_next(o, i) {
                    if !first {
                        self.write_bytes(out, b", ")?;
                    }
                    first = false;
                    self.root(v)?;
                    let r = self.print(out, k, true);
                    self.unroot(1);
                    r?;
                    self.write_bytes(out, b": ")?;
                    self.print(out, v, true)?;
                    i = s + 1;
                }
                self.write_bytes(out, if od { b"})" } else { b"}" })
            }
            T::Set | T::FrozenSet => {
                let fs = self.tid(o) == T::FrozenSet;
                if self.map_used(o) == 0 {
                    return self.write_bytes(out, if fs { b"frozenset()" } else { b"set()" });
                }
                if fs {
                    self.write_bytes(out, b"frozenset(")?;
                }
                self.write_bytes(out, b"{")?;
                let mut first = true;
                let mut i = 0;
                while let Some((s, k, _)) = self.map_next(o, i) {
                    if !first {
                        self.write_bytes(out, b", ")?;
                    }
                    first = false;
                    self.print(out, k, true)?;
                    i = s + 1;
                }
                self.write_bytes(out, b"}")?;
                if fs {
                    self.write_bytes(out, b")")?;
                }
                Ok(())
            }
            T::Type => {
                self.write_bytes(out, b"<class '")?;
                let n = self.get(o, ty::NAME);
                self.print_str(out, n)?;
                self.write_bytes(out, b"'>")
            }
            T::Function => self.print_function(out, o),
            T::GenWrap => self.write_bytes(out, b"<generator>"),
            T::Closure => {
                // objclosure.c: `<closure FUN at %p, n_closed=N <cell %p VALUE> ... >`, FUN
                // printed as the function it wraps; here one object is both.
                let r = self.get(o, crate::call::fun::RC);
                let generator = self.rc_flags(r) & mpy_format::mpy::scope_flag::GENERATOR != 0;
                self.write_bytes(out, b"<closure ")?;
                if generator {
                    self.write_bytes(out, b"<generator>")?;
                } else {
                    self.print_function(out, o)?;
                }
                self.write_bytes(out, b" at ")?;
                self.print_hex(out, o.0)?;
                let cells = self.fun_extra(o, crate::call::fun::CELLS);
                let n = if cells.is_ptr() {
                    self.tuple_len(cells)
                } else {
                    0
                };
                self.write_bytes(out, b", n_closed=")?;
                self.print(out, Obj::small(n as isize), false)?;
                self.write_bytes(out, b" ")?;
                for i in 0..n {
                    let c = self.tuple_get(self.fun_extra(o, crate::call::fun::CELLS), i);
                    let v = if c.is_ptr() && self.tid(c) == T::Cell {
                        self.get(c, 1)
                    } else {
                        c
                    };
                    if v.is_null() {
                        self.write_bytes(out, b"(nil) ")?;
                        continue;
                    }
                    self.write_bytes(out, b"<cell ")?;
                    self.print_hex(out, v.0)?;
                    self.write_bytes(out, b" ")?;
                    self.print(out, v, true)?;
                    self.write_bytes(out, b"> ")?;
                }
                self.write_bytes(out, b">")
            }
            T::Builtin => self.write_bytes(out, b"<function>"),
            T::BoundMeth => {
                // objboundmeth.c: `<bound_method %p %r.%r>`.
                self.write_bytes(out, b"<bound_method ")?;
                self.print_hex(out, o.0)?;
                self.write_bytes(out, b" ")?;
                let (f, s) = (self.get(o, 1), self.get(o, 2));
                self.print(out, s, true)?;
                self.write_bytes(out, b".")?;
                self.print(out, f, true)?;
                self.write_bytes(out, b">")
            }
            T::Generator | T::Coroutine => {
                let f = self.get(o, 1);
                let name = self.fun_name(f);
                let kind: &[u8] = if self.tid(o) == T::Coroutine {
                    b"<coroutine object '"
                } else {
                    b"<generator object '"
                };
                self.write_bytes(out, kind)?;
                self.print_str(out, name)?;
                // `%p` in mp_printf: hex digits without a 0x prefix.
                self.write_bytes(out, b"' at ")?;
                self.print_hex(out, o.0)?;
                self.write_bytes(out, b">")
            }
            T::Module => {
                // objmodule.c module_print: the dict's `__name__` (`__main__` for a module
                // run with -m), and `__file__` when the module has one.
                let d = self.get(o, 1);
                let name = self
                    .map_get_q(d, crate::qs!(self, "__name__"))
                    .filter(|&n| self.is_str(n))
                    .unwrap_or(self.get(o, 2));
                self.write_bytes(out, b"<module '")?;
                self.print_str(out, name)?;
                if let Some(f) = self
                    .map_get_q(d, crate::qs!(self, "__file__"))
                    .filter(|&f| self.is_str(f))
                {
                    self.write_bytes(out, b"' from '")?;
                    self.print_str(out, f)?;
                }
                self.write_bytes(out, b"'>")
            }
            T::Range => {
                let (a, b, c) = (self.get(o, 1), self.get(o, 2), self.get(o, 3));
                self.write_bytes(out, b"range(")?;
                self.print(out, a, true)?;
                self.write_bytes(out, b", ")?;
                self.print(out, b, true)?;
                if c != Obj::small(1) {
                    self.write_bytes(out, b", ")?;
                    self.print(out, c, true)?;
                }
                self.write_bytes(out, b")")
            }
            T::Slice => {
                self.write_bytes(out, b"slice(")?;
                for i in 1..4 {
                    if i > 1 {
                        self.write_bytes(out, b", ")?;
                    }
                    let v = self.get(o, i);
                    self.print(out, v, true)?;
                }
                self.write_bytes(out, b")")
            }
            T::DictView => {
                let kind = self.get(o, 2).small_val();
                let name: &[u8] = match kind {
                    crate::seq::IT_KEYS => b"dict_keys",
                    crate::seq::IT_VALUES => b"dict_values",
                    _ => b"dict_items",
                };
                self.write_bytes(out, name)?;
                let l = self.list_from_iter(o)?;
                self.write_bytes(out, b"(")?;
                self.print(out, l, true)?;
                self.write_bytes(out, b")")
            }
            T::Cell => self.write_bytes(out, b"<cell>"),
            T::Property => self.write_bytes(out, b"<property>"),
            T::NotImplType => self.write_bytes(out, b"NotImplemented"),
            T::EllipsisType => self.write_bytes(out, b"Ellipsis"),
            t if t.is_exception() => self.print_exc_obj(out, o, repr),
            _ => {
                let t = self.get(o, 0);
                let n = self.get(t, ty::NAME);
                self.write_bytes(out, b"<")?;
                self.print_str(out, n)?;
                self.write_bytes(out, b">")
            }
        }
    }

    /// An exception: repr `Name(args...)`, str the message.
    pub(crate) fn print_exc_obj(&mut self, out: Out, o: Obj, repr: bool) -> R<()> {
        let args = self.get(o, 1);
        let n = self.tuple_len(args);
        if repr {
            let t = self.get(o, 0);
            let name = self.get(t, ty::NAME);
            self.print_str(out, name)?;
            if n == 0 {
                return self.write_bytes(out, b"()");
            }
            return self.print(out, args, true);
        }
        self.print_exc_args_str(out, o)
    }

    /// The str of an exception's args (`mp_obj_exception_print` with PRINT_STR): nothing, the
    /// one arg, `[Errno N] NAME: msg` for an OSError with a known errno, or the args tuple.
    pub(crate) fn print_exc_args_str(&mut self, out: Out, o: Obj) -> R<()> {
        let args = self.get(o, 1);
        let n = self.tuple_len(args);
        if n == 0 {
            return Ok(());
        }
        if n < 3 && self.get(o, 0) == self.tobj(T::OSError) {
            let e = self.tuple_get(args, 0);
            if e.is_small() {
                if let Some(name) = crate::text::errno_name(e.small_val()) {
                    self.write_bytes(out, b"[Errno ")?;
                    self.print_int_small(out, e.small_val())?;
                    self.write_bytes(out, b"] ")?;
                    self.write_bytes(out, name.as_bytes())?;
                    if n > 1 {
                        self.write_bytes(out, b": ")?;
                        let m = self.tuple_get(args, 1);
                        self.print(out, m, false)?;
                    }
                    return Ok(());
                }
            }
        }
        if n == 1 {
            let a = self.tuple_get(args, 0);
            return self.print(out, a, false);
        }
        self.print(out, args, false)
    }

    /// A class instance: `__str__`/`__repr__` if defined, else `<Name object at ADDR>`.
    fn print_instance(&mut self, out: Out, o: Obj, repr: bool) -> R<()> {
        let meth = if repr { "__repr__" } else { "__str__" };
        let mut m = self.lookup_special(o, self.q(meth))?;
        if m.is_none() && !repr {
            m = self.lookup_special(o, crate::qs!(self, "__repr__"))?;
        }
        if let Some(f) = m {
            let s = self.call_method_obj(f, o, &[])?;
            if !self.is_str(s) {
                return Err(self.err(T::TypeError, "__str__ returned non-string"));
            }
            return self.print_str(out, s);
        }
        if self.is_exception(o) {
            return self.print_exc_obj(out, o, repr);
        }
        let _ = ty::SIZE;
        let sub = self.native_sub(o);
        if let Some(s) = sub {
            return self.print(out, s, repr);
        }
        let t = self.get(o, 0);
        let n = self.get(t, ty::NAME);
        self.write_bytes(out, b"<")?;
        self.print_str(out, n)?;
        // MicroPython's `%p`: hex digits without `0x`.
        self.write_bytes(out, b" object at ")?;
        self.print_hex(out, o.0)?;
        self.write_bytes(out, b">")
    }

    /// `<function NAME at 0xADDR>`.
    fn print_function(&mut self, out: Out, f: Obj) -> R<()> {
        let name = self.fun_name(f);
        self.write_bytes(out, b"<function ")?;
        self.print_str(out, name)?;
        self.write_bytes(out, b" at 0x")?;
        self.print_hex(out, f.0)?;
        self.write_bytes(out, b">")
    }

    pub(crate) fn print_hex(&mut self, out: Out, v: usize) -> R<()> {
        let mut buf = [0u8; 20];
        let n = crate::text::fmt_hex(&mut buf, v);
        self.write_bytes(out, &buf[..n])
    }

    /// A str/bytes in quotes with escapes (`mp_str_print_quoted` / `uni_print_quoted`).
    pub(crate) fn print_quoted(&mut self, out: Out, s: Obj, is_bytes: bool) -> R<()> {
        self.root(s)?;
        let r = self.print_quoted_inner(out, s, is_bytes);
        self.unroot(1);
        r
    }

    fn print_quoted_inner(&mut self, out: Out, s: Obj, is_bytes: bool) -> R<()> {
        let data = self.str_data(s);
        let mut has_sq = false;
        let mut has_dq = false;
        for &c in data {
            if c == b'\'' {
                has_sq = true;
            } else if c == b'"' {
                has_dq = true;
                break;
            }
        }
        let q = if has_sq && !has_dq { b'"' } else { b'\'' };
        let len = data.len();
        let mut buf = [0u8; 96];
        let mut n = 0;
        buf[n] = q;
        n += 1;
        let mut i = 0;
        while i < len {
            if n + 16 > buf.len() {
                let chunk = buf;
                self.write_bytes(out, &chunk[..n])?;
                n = 0;
            }
            let data = self.str_data(s);
            let c = data[i];
            let mut push = |b: &[u8]| {
                buf[n..n + b.len()].copy_from_slice(b);
                n += b.len();
            };
            if c == q {
                push(&[b'\\', q]);
            } else if c == b'\\' {
                push(b"\\\\");
            } else if (0x20..0x7f).contains(&c) {
                push(&[c]);
            } else if c == b'\n' {
                push(b"\\n");
            } else if c == b'\r' {
                push(b"\\r");
            } else if c == b'\t' {
                push(b"\\t");
            } else if c < 0x80 || is_bytes {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                push(&[b'\\', b'x', HEX[(c >> 4) as usize], HEX[(c & 15) as usize]]);
            } else {
                // A UTF-8 sequence: escaped by code point, as the reference build prints.
                let l = crate::text::utf8_len(c).min(len - i);
                let ch = crate::text::utf8_char(&data[i..i + l]);
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let (tag, digits) = if ch < 0x100 {
                    (b'x', 2)
                } else if ch < 0x10000 {
                    (b'u', 4)
                } else {
                    (b'U', 8)
                };
                let mut t = [0u8; 10];
                t[0] = b'\\';
                t[1] = tag;
                for k in 0..digits {
                    t[2 + k] = HEX[((ch >> (4 * (digits - 1 - k))) & 15) as usize];
                }
                push(&t[..2 + digits]);
                i += l;
                continue;
            }
            i += 1;
        }
        buf[n] = q;
        n += 1;
        self.write_bytes(out, &buf[..n])
    }

    /// `str(o)` or `repr(o)` as a str object.
    pub(crate) fn obj_str(&mut self, o: Obj, repr: bool) -> R<Obj> {
        if !repr
            && self.is_str(o)
            && (o.is_qstr() || self.tid(o) == T::Str)
            && !self.is_user_instance(o)
        {
            return Ok(o);
        }
        self.root(o)?;
        let out = self.buf_new(T::Str);
        let out = match out {
            Ok(b) => b,
            Err(e) => {
                self.unroot(1);
                return Err(e);
            }
        };
        let r = self.print(out, o, repr);
        let s = self.buf_finish(out);
        self.unroot(1);
        r?;
        Ok(s)
    }
}

/// The bytes of a str object, from the heap fields alone (so the port can be borrowed too).
pub(crate) fn str_data_of(heap: &crate::Heap, n_dyn: usize, qtab: usize, s: Obj) -> &[u8] {
    if s.is_qstr() {
        let q = s.qstr_val();
        if let Some(b) = crate::qstr::static_text(q) {
            return b;
        }
        let (off, len) = crate::qstr::dyn_span(heap, n_dyn, qtab, q);
        heap.bytes(off, len)
    } else if s.is_ptr() {
        let len = heap.rd(heap.off(s.0) + 2 * W) as isize >> 1;
        heap.bytes(heap.off(s.0) + 3 * W, len.max(0) as usize)
    } else {
        &[]
    }
}
