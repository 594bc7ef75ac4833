//! Object access and construction: reading and writing object words, the type of an object,
//! and the constructors of the core types (str, bytes, tuple, list, float, cell...).
//!
//! Heap object layouts (word 0 is always the type object):
//! ```text
//!  str/bytes   [type, hash, len, bytes... NUL]
//!  tuple       [type, len, items...]
//!  list        [type, len, alloc, items*]          items* = untyped block of words
//!  dict/set    [type, used, alloc, table*, flags]   table* = 2 words per slot (see map.rs)
//!  float       [type, f64 bits]
//!  bigint      [type, sign, n_digits, digits...]    (int type, see ops.rs)
//!  cell        [type, value]
//!  instance    [class, dict, native sub-object]
//!  exception   [type, args tuple, traceback list, dict]
//!  type        see obj::ty
//! ```
use crate::gc::{AllocError, W};
use crate::obj::{ty, Obj, ALL_TYPES, N_TYPES, T, TYPE_BASES, TYPE_NAMES};
use crate::{root, Exc, Port, Vm, R};

/// The type word `ty::USER` is a small int of flags: bit 0 (word bit 1) a class made by `class`,
/// bit 1 (word bit 2) one with special accessors.
const USER_CLASS_BIT: usize = Obj::small(1).0 & !Obj::small(0).0;
const USER_SPECIAL_BIT: usize = Obj::small(2).0 & !Obj::small(0).0;

impl<P: Port> Vm<P> {
    /// Word `i` of heap object `o`.
    #[inline(always)]
    pub(crate) fn get(&self, o: Obj, i: usize) -> Obj {
        Obj(self.heap.rd(self.heap.off(o.0) + i * W))
    }

    /// Set word `i` of heap object `o`.
    #[inline(always)]
    pub(crate) fn set(&mut self, o: Obj, i: usize, v: Obj) {
        let off = self.heap.off(o.0) + i * W;
        self.heap.wr(off, v.0);
    }

    /// Read word `i` of an untyped block at address `a`.
    #[inline(always)]
    pub(crate) fn rdw(&self, a: usize, i: usize) -> usize {
        self.heap.rd(self.heap.off(a) + i * W)
    }

    #[inline(always)]
    pub(crate) fn wrw(&mut self, a: usize, i: usize, v: usize) {
        let off = self.heap.off(a) + i * W;
        self.heap.wr(off, v);
    }

    /// The MemoryError for a failed allocation (see [`crate::emergency`]).
    pub(crate) fn alloc_fail(&mut self, e: AllocError) -> Exc {
        crate::emergency::memory_error(self, e)
    }

    /// Allocate `bytes` zeroed bytes; the block's address.
    #[inline]
    pub(crate) fn alloc_raw(&mut self, bytes: usize) -> R<usize> {
        if self.frozen_alloc {
            if let Some(off) = self.heap.alloc_static(bytes) {
                return Ok(self.heap.addr(off));
            }
        }
        self.alloc_pool(bytes)
    }

    /// Allocate `bytes` zeroed bytes in the GC heap, also while a frozen image loads (for
    /// tables that grow and are replaced).
    #[inline]
    pub(crate) fn alloc_pool(&mut self, bytes: usize) -> R<usize> {
        match self.heap.alloc(bytes) {
            Ok(off) => Ok(self.heap.addr(off)),
            Err(e) => Err(self.alloc_fail(e)),
        }
    }

    /// Allocate `words` zeroed words in the static area (immortal start-up objects, see
    /// [`crate::STATIC_BYTES`]).
    fn alloc_static_obj(&mut self, t: Obj, words: usize) -> R<Obj> {
        match self.heap.alloc_static(words * W) {
            Some(off) => {
                let o = Obj(self.heap.addr(off));
                self.set(o, 0, t);
                Ok(o)
            }
            None => Err(self.alloc_fail(AllocError::Exhausted(words * W))),
        }
    }

    /// Allocate an object of `words` words with type `t` in word 0.
    #[inline]
    pub(crate) fn alloc_obj(&mut self, t: Obj, words: usize) -> R<Obj> {
        let a = self.alloc_raw(words * W)?;
        let o = Obj(a);
        self.set(o, 0, t);
        Ok(o)
    }

    /// Type object of built-in type `t`.
    #[inline(always)]
    pub(crate) fn tobj(&self, t: T) -> Obj {
        self.types[t as usize]
    }

    /// The type object of `o`.
    #[inline]
    pub(crate) fn type_of(&self, o: Obj) -> Obj {
        if o.is_small() {
            self.tobj(T::Int)
        } else if o.is_qstr() {
            self.tobj(T::Str)
        } else if o.is_imm() {
            match o {
                Obj::NONE => self.tobj(T::NoneType),
                _ => self.tobj(T::Bool),
            }
        } else {
            self.get(o, 0)
        }
    }

    /// Built-in id of type object `t` (a class gives its native base).
    #[inline]
    pub(crate) fn type_id(&self, t: Obj) -> T {
        T::from_index(self.get(t, ty::ID).small_val() as usize).unwrap_or(T::Object)
    }

    /// Built-in id of the type of `o` (a class instance gives `Instance` or its native base).
    #[inline]
    pub(crate) fn tid(&self, o: Obj) -> T {
        if o.is_small() {
            T::Int
        } else if o.is_qstr() {
            T::Str
        } else if o.is_imm() {
            if o == Obj::NONE {
                T::NoneType
            } else {
                T::Bool
            }
        } else {
            self.type_id(self.get(o, 0))
        }
    }

    /// Is type object `t` a class made by `class`?
    #[inline]
    pub(crate) fn is_user_type(&self, t: Obj) -> bool {
        self.get(t, ty::USER).0 & USER_CLASS_BIT != 0
    }

    /// Does user class `t` (or a base) hold something that changes how its instances' attributes
    /// are stored: a property, an object that may be a descriptor, `__setattr__`/`__delattr__`,
    /// or a native base (MicroPython's `MP_TYPE_FLAG_HAS_SPECIAL_ACCESSORS`)? Without it, a store
    /// goes straight to the instance's dict.
    #[inline]
    pub(crate) fn has_special_accessors(&self, t: Obj) -> bool {
        self.get(t, ty::USER).0 & USER_SPECIAL_BIT != 0
    }

    /// Mark user class `t` as having special accessors (see [`Vm::has_special_accessors`]).
    pub(crate) fn set_special_accessors(&mut self, t: Obj) {
        let u = self.get(t, ty::USER);
        self.set(t, ty::USER, Obj(u.0 | USER_SPECIAL_BIT));
    }

    /// Is `o` an instance of a class made by `class`?
    #[inline]
    pub(crate) fn is_user_instance(&self, o: Obj) -> bool {
        o.is_ptr() && self.is_user_type(self.get(o, 0))
    }

    /// Create all built-in type objects, singletons and the builtins dict.
    pub(crate) fn init(&mut self) -> R<()> {
        // The type objects, in the static area (which keeps them alive); `type`'s own type
        // word is patched once it exists.
        for (i, _) in ALL_TYPES.iter().enumerate() {
            self.types[i] = self.alloc_static_obj(Obj::NULL, ty::SIZE)?;
        }
        let tt = self.tobj(T::Type);
        for i in 0..N_TYPES {
            let t = self.types[i];
            self.set(t, 0, tt);
            self.set(t, ty::ID, Obj::small(i as isize));
            self.set(t, ty::DICT, Obj::NULL);
            self.set(t, ty::USER, Obj::small(0));
        }
        let et = self.alloc_static_obj(self.tobj(T::Tuple), 2)?;
        self.set(et, 1, Obj::small(0));
        self.heap.roots[root::EMPTY_TUPLE] = et.0;
        for i in 0..N_TYPES {
            let name = self.intern(TYPE_NAMES[i].as_bytes())?;
            let t = self.types[i];
            self.set(t, ty::NAME, name);
            let base = TYPE_BASES[i];
            let bases = if base as usize == i || i == T::Object as usize {
                et
            } else {
                // Types with the same base share one bases tuple (immutable, and MicroPython
                // makes none at all: a built-in type's base is a ROM pointer).
                let same = (0..i).find(|&j| TYPE_BASES[j] == base && j != T::Object as usize);
                match same {
                    Some(j) => self.get(self.types[j], ty::BASES),
                    None => {
                        let b = self.tobj(base);
                        let t = self.alloc_static_obj(self.tobj(T::Tuple), 3)?;
                        self.set(t, 1, Obj::small(1));
                        self.set(t, 2, b);
                        t
                    }
                }
            };
            self.set(t, ty::BASES, bases);
        }
        let e = self.alloc_static_obj(self.tobj(T::EllipsisType), 1)?;
        self.heap.roots[root::ELLIPSIS] = e.0;
        let n = self.alloc_static_obj(self.tobj(T::NotImplType), 1)?;
        self.heap.roots[root::NOT_IMPL] = n.0;
        let me = self.alloc_static_obj(self.tobj(T::MemoryError), 4)?;
        self.set(me, 1, et);
        self.set(me, 2, Obj::NONE);
        self.heap.roots[root::MEM_ERR] = me.0;
        let ge = self.alloc_static_obj(self.tobj(T::GeneratorExit), 4)?;
        self.set(ge, 1, et);
        self.set(ge, 2, Obj::NONE);
        self.heap.roots[root::GEN_EXIT] = ge.0;
        // MICROPY_LOADED_MODULES_DICT_SIZE: the table size decides `sys.modules`' order.
        let modules = self.new_dict(3)?;
        self.heap.roots[root::MODULES] = modules.0;
        let frozen = self.new_dict(0)?;
        self.heap.roots[root::FROZEN] = frozen.0;
        let bm = self.new_dict(0)?;
        self.heap.roots[root::BUILTIN_MODS] = bm.0;
        let path = self.new_list(0)?;
        self.heap.roots[root::SYS_PATH] = path.0;
        let argv = self.new_list(0)?;
        self.heap.roots[root::SYS_ARGV] = argv.0;
        crate::builtins::init(self)?;
        Ok(())
    }

    pub(crate) fn ellipsis(&self) -> Obj {
        Obj(self.heap.roots[root::ELLIPSIS])
    }
    pub(crate) fn not_impl(&self) -> Obj {
        Obj(self.heap.roots[root::NOT_IMPL])
    }
    pub(crate) fn empty_tuple(&self) -> Obj {
        Obj(self.heap.roots[root::EMPTY_TUPLE])
    }

    /// Push a root (Rust code holding `o` across an allocation).
    #[inline]
    pub(crate) fn root(&mut self, o: Obj) -> R<()> {
        if self.heap.push_root(o.0) {
            Ok(())
        } else {
            Err(self.recursion_error())
        }
    }

    #[inline]
    pub(crate) fn unroot(&mut self, n: usize) {
        self.heap.pop_roots(n);
    }

    // ----- str and bytes -----

    /// A new heap str (or bytes with `t = Bytes`) holding `b`.
    pub(crate) fn new_strish(&mut self, t: T, b: &[u8]) -> R<Obj> {
        let a = self.alloc_raw(3 * W + b.len() + 1)?;
        let o = Obj(a);
        self.set(o, 0, self.tobj(t));
        self.set(o, 1, Obj::small(crate::qstr::hash_bytes(b) as isize));
        self.set(o, 2, Obj::small(b.len() as isize));
        let off = self.heap.off(a) + 3 * W;
        self.heap.bytes_mut(off, b.len()).copy_from_slice(b);
        Ok(o)
    }

    /// A str: a static qstr when the text is one (MicroPython interns short results only
    /// through the lexer; using a qstr when it already exists is invisible), else heap.
    pub(crate) fn new_str(&mut self, b: &[u8]) -> R<Obj> {
        if b.is_empty() {
            return Ok(Obj::qstr(1));
        }
        if b.len() == 1 {
            if let Some(q) = mpy_format::qstr::pool_number(b) {
                return Ok(Obj::qstr(q));
            }
        }
        self.new_strish(T::Str, b)
    }

    /// A str made of two parts (concatenation without a temporary).
    pub(crate) fn new_str2(&mut self, t: T, a: Obj, b: Obj) -> R<Obj> {
        let la = self.str_len(a);
        let lb = self.str_len(b);
        self.root(a)?;
        self.root(b)?;
        let blk = self.alloc_raw(3 * W + la + lb + 1);
        self.unroot(2);
        let blk = blk?;
        let o = Obj(blk);
        self.set(o, 0, self.tobj(t));
        self.set(o, 2, Obj::small((la + lb) as isize));
        let dst = self.heap.off(blk) + 3 * W;
        self.copy_str_into(a, dst);
        self.copy_str_into(b, dst + la);
        let h = crate::qstr::hash_bytes(self.heap.bytes(dst, la + lb));
        self.set(o, 1, Obj::small(h as isize));
        Ok(o)
    }

    /// An uninitialised str/bytes of `len` bytes: its object and the byte offset of its data.
    /// The caller fills the data, then calls [`Vm::finish_str`].
    pub(crate) fn new_str_raw(&mut self, t: T, len: usize) -> R<(Obj, usize)> {
        let blk = self.alloc_raw(3 * W + len + 1)?;
        let o = Obj(blk);
        self.set(o, 0, self.tobj(t));
        self.set(o, 2, Obj::small(len as isize));
        Ok((o, self.heap.off(blk) + 3 * W))
    }

    /// Compute the hash of a str made by [`Vm::new_str_raw`].
    pub(crate) fn finish_str(&mut self, o: Obj) -> Obj {
        let h = crate::qstr::hash_bytes(self.str_data(o));
        self.set(o, 1, Obj::small(h as isize));
        o
    }

    fn copy_str_into(&mut self, s: Obj, dst: usize) {
        if s.is_qstr() {
            let q = s.qstr_val();
            if let Some(b) = crate::qstr::static_text(q) {
                self.heap.bytes_mut(dst, b.len()).copy_from_slice(b);
            } else {
                let (off, len) = self.dyn_qstr_span(q);
                self.heap.copy_within(off, dst, len);
            }
        } else {
            let off = self.heap.off(s.0) + 3 * W;
            let len = self.get(s, 2).small_val() as usize;
            self.heap.copy_within(off, dst, len);
        }
    }

    /// Length in bytes of a str/bytes object (qstr or heap).
    #[inline]
    pub(crate) fn str_len(&self, s: Obj) -> usize {
        if s.is_qstr() {
            self.qstr_bytes(s.qstr_val()).len()
        } else {
            self.get(s, 2).small_val() as usize
        }
    }

    /// The bytes of a str/bytes object (qstr or heap).
    #[inline]
    pub(crate) fn str_data(&self, s: Obj) -> &[u8] {
        if s.is_qstr() {
            self.qstr_bytes(s.qstr_val())
        } else {
            let len = self.get(s, 2).small_val() as usize;
            self.heap.bytes(self.heap.off(s.0) + 3 * W, len)
        }
    }

    /// Byte offset of a heap str's data.
    #[inline]
    pub(crate) fn str_data_off(&self, s: Obj) -> usize {
        self.heap.off(s.0) + 3 * W
    }

    /// Is `o` a str (qstr or heap)?
    #[inline]
    pub(crate) fn is_str(&self, o: Obj) -> bool {
        o.is_qstr() || (o.is_ptr() && self.tid(o) == T::Str)
    }

    // ----- tuple -----

    /// A tuple of `n` items, all None.
    pub(crate) fn new_tuple(&mut self, n: usize) -> R<Obj> {
        if n == 0 {
            return Ok(self.empty_tuple());
        }
        let o = self.alloc_obj(self.tobj(T::Tuple), 2 + n)?;
        self.set(o, 1, Obj::small(n as isize));
        Ok(o)
    }

    /// A tuple of the given items (which the caller keeps rooted).
    pub(crate) fn new_tuple_from(&mut self, items: &[Obj]) -> R<Obj> {
        // The items stay rooted while the tuple is allocated.
        let base = self.heap.sp;
        for &it in items {
            self.root(it)?;
        }
        let o = self.new_tuple(items.len());
        self.heap.sp = base;
        let o = o?;
        for (i, &it) in items.iter().enumerate() {
            self.set(o, 2 + i, it);
        }
        Ok(o)
    }

    /// A tuple of pystack words `ps[start..start+n]`.
    pub(crate) fn new_tuple_ps(&mut self, start: usize, n: usize) -> R<Obj> {
        let o = self.new_tuple(n)?;
        for i in 0..n {
            let v = Obj(self.heap.ps[start + i]);
            self.set(o, 2 + i, v);
        }
        Ok(o)
    }

    // ----- list -----

    /// A list of length `n` (items None).
    pub(crate) fn new_list(&mut self, n: usize) -> R<Obj> {
        let o = self.alloc_obj(self.tobj(T::List), 4)?;
        self.set(o, 1, Obj::small(n as isize));
        let cap = n.max(4);
        self.root(o)?;
        let items = self.alloc_raw(cap * W);
        self.unroot(1);
        let items = items?;
        self.set(o, 2, Obj::small(cap as isize));
        self.set(o, 3, Obj(items));
        for i in 0..n {
            self.wrw(items, i, Obj::NONE.0);
        }
        Ok(o)
    }

    /// A list of pystack words.
    pub(crate) fn new_list_ps(&mut self, start: usize, n: usize) -> R<Obj> {
        let l = self.new_list(n)?;
        let items = self.get(l, 3).0;
        for i in 0..n {
            let v = self.heap.ps[start + i];
            self.wrw(items, i, v);
        }
        Ok(l)
    }

    // ----- float, cell -----

    /// A float: `[type, f64 bits]` (the f64 takes two words on 32-bit targets).
    pub(crate) fn new_float(&mut self, f: f64) -> R<Obj> {
        let o = self.alloc_obj(self.tobj(T::Float), 1 + 8 / W)?;
        let off = self.heap.off(o.0) + W;
        self.heap
            .bytes_mut(off, 8)
            .copy_from_slice(&f.to_bits().to_ne_bytes());
        Ok(o)
    }

    #[inline]
    pub(crate) fn float_val(&self, o: Obj) -> f64 {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.heap.bytes(self.heap.off(o.0) + W, 8));
        f64::from_bits(u64::from_ne_bytes(b))
    }

    pub(crate) fn new_cell(&mut self, v: Obj) -> R<Obj> {
        let o = self.alloc_obj(self.tobj(T::Cell), 2)?;
        self.set(o, 1, v);
        Ok(o)
    }

    /// The RuntimeError for too deep a recursion.
    pub(crate) fn recursion_error(&mut self) -> Exc {
        self.err(T::RuntimeError, "maximum recursion depth exceeded")
    }
}
