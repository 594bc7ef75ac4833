//! Attributes and classes (MicroPython's `py/objtype.c`, `runtime.c` `mp_load_attr`/
//! `mp_load_method`/`mp_store_attr`): instance dicts, method lookup along the bases
//! (depth-first, left to right, as `mp_obj_class_lookup`), bound methods, properties,
//! static/class methods, `super()`, and the creation of classes and instances.
//!
//! ```text
//!  class instance       [class, dict, native sub-object or NULL]
//!  exception instance   [class, args, traceback, dict or NULL]
//!  property             [Property, fget, fset, fdel]
//!  staticmethod etc.    [StaticMethod|ClassMethod, function]
//! ```
use crate::obj::{ty, Obj, T};
use crate::text::Part;
use crate::{Exc, Port, Vm, R};

/// Words of a class instance (not an exception): the type, then an attribute map's `used`,
/// `alloc` and table words (map.rs), so that the instance is its own attribute map.
const INST_WORDS: usize = 4;
/// The word of an instance of a class derived from a built-in type holding the built-in
/// sub-object.
const INST_NATIVE: usize = 4;

impl<P: Port> Vm<P> {
    /// Is class `t` (a type object) `base` or derived from it?
    pub(crate) fn is_subclass(&self, t: Obj, base: Obj) -> bool {
        if t == base || base == self.tobj(T::Object) {
            return true;
        }
        if !self.is_type(t) {
            return false;
        }
        let bases = self.get(t, ty::BASES);
        if !bases.is_ptr() {
            return false;
        }
        for i in 0..self.tuple_len(bases) {
            if self.is_subclass(self.tuple_get(bases, i), base) {
                return true;
            }
        }
        false
    }

    /// Find `q` in the dicts of class `t` and its bases (depth first, as MicroPython).
    pub(crate) fn class_lookup(&self, t: Obj, q: Obj) -> Option<Obj> {
        let d = self.get(t, ty::DICT);
        if d.is_ptr() {
            if let Some(v) = self.map_get_q(d, q) {
                return Some(v);
            }
        }
        let bases = self.get(t, ty::BASES);
        if bases.is_ptr() {
            for i in 0..self.tuple_len(bases) {
                let b = self.tuple_get(bases, i);
                if let Some(v) = self.class_lookup(b, q) {
                    return Some(v);
                }
            }
        }
        None
    }

    /// A special method of a class instance, found on its class (not the instance dict).
    pub(crate) fn lookup_special(&mut self, o: Obj, q: Obj) -> R<Option<Obj>> {
        let t = self.type_of(o);
        if !self.is_user_type(t) {
            return Ok(None);
        }
        match self.class_lookup(t, q) {
            Some(v)
                if v.is_ptr() && matches!(self.tid(v), T::Builtin) && self.get(v, 2).is_null() =>
            {
                // A native base's method (object.__init__ etc.): skip it, the caller uses the
                // native behaviour.
                let _ = v;
                Ok(None)
            }
            Some(v) => Ok(Some(v)),
            None => Ok(None),
        }
    }

    /// The native sub-object of a class instance derived from a built-in type.
    pub(crate) fn native_sub(&self, o: Obj) -> Option<Obj> {
        if !self.is_user_instance(o) || matches!(self.tid(o), T::Instance) {
            return None;
        }
        if self.tid(o).is_exception() {
            return None;
        }
        let s = self.get(o, INST_NATIVE);
        if s.is_null() {
            None
        } else {
            Some(s)
        }
    }

    /// The attribute map of an instance: an exception's dict (NULL if it has none yet), else
    /// the instance itself, whose words 1-3 are a map (see [`INST_WORDS`]).
    fn inst_dict(&self, o: Obj) -> Obj {
        if self.tid(o).is_exception() {
            self.get(o, 3)
        } else {
            o
        }
    }

    /// `o.q` for LOAD_METHOD: (method, self) or (value, NULL).
    pub(crate) fn load_method(&mut self, o: Obj, q: Obj) -> R<(Obj, Obj)> {
        match self.load_method_maybe(o, q)? {
            Some(p) => Ok(p),
            None => Err(self.attr_error(o, q)),
        }
    }

    /// `o.q` as a method pair, or None if there is no such attribute.
    pub(crate) fn load_method_maybe(&mut self, o: Obj, q: Obj) -> R<Option<(Obj, Obj)>> {
        let t = self.type_of(o);
        if self.is_user_type(t) && !self.is_type(o) {
            // Instance dict first.
            let d = self.inst_dict(o);
            if d.is_ptr() {
                if let Some(v) = self.map_get_q(d, q) {
                    return Ok(Some((v, Obj::NULL)));
                }
            }
            if let Some(v) = self.class_lookup(t, q) {
                return self.bind(v, o, t).map(Some);
            }
            if let Some(s) = self.native_sub(o) {
                if let Some(p) = self.load_method_maybe(s, q)? {
                    return Ok(Some(p));
                }
            }
            if let Some(v) = self.builtin_attr(o, q)? {
                return Ok(Some((v, Obj::NULL)));
            }
            if let Some(ga) = self.class_lookup(t, crate::qs!(self, "__getattr__")) {
                let v = self.call_method_obj(ga, o, &[q])?;
                return Ok(Some((v, Obj::NULL)));
            }
            return Ok(None);
        }
        if self.is_type(o) {
            if !self.is_user_type(o) && self.class_lookup(o, q).is_none() {
                // A built-in type's methods are made on first lookup (builtins.rs init); its
                // `__dict__` is all of them.
                let id = self.type_id(o);
                self.root(o)?;
                let r = if q == crate::qs!(self, "__dict__") {
                    crate::builtins::ensure_methods(self, id)
                } else {
                    crate::builtins::method_miss(self, id, q).map(|_| ())
                };
                self.unroot(1);
                r?;
            }
            // A class or static method called on the class: the function and its first
            // argument, no bound-method object (so it works with the heap locked).
            if let Some(v) = self.class_lookup(o, q) {
                if v.is_ptr() && !self.is_user_instance(v) {
                    match self.tid(v) {
                        T::ClassMethod => return Ok(Some((self.get(v, 1), o))),
                        T::StaticMethod => return Ok(Some((self.get(v, 1), Obj::NULL))),
                        _ => {}
                    }
                }
            }
            return self.type_attr(o, q).map(|v| v.map(|v| (v, Obj::NULL)));
        }
        if o.is_ptr() && self.tid(o) == T::Super {
            let (c, s) = (self.get(o, 1), self.get(o, 2));
            return self.load_super_method(c, s, q).map(Some);
        }
        if o.is_ptr() && self.tid(o) == T::Module {
            let d = self.get(o, 1);
            if let Some(v) = self.map_get_q(d, q) {
                return Ok(Some((v, Obj::NULL)));
            }
            if let Some(v) = crate::builtins::module_attr_miss(self, o, q)? {
                return Ok(Some((v, Obj::NULL)));
            }
            // A module-level `__getattr__` answers for a missing name (MICROPY_MODULE_GETATTR).
            let ga = crate::qs!(self, "__getattr__");
            if q != ga {
                if let Some(f) = self.map_get_q(d, ga) {
                    return self.call(f, &[q]).map(|v| Some((v, Obj::NULL)));
                }
            }
            return Ok(None);
        }
        // A namedtuple instance has its fields and no methods (namedtuple_attr).
        if crate::modcollections::is_nt(self, o) {
            if let Some(v) = crate::modcollections::nt_attr(self, o, q) {
                return Ok(Some((v, Obj::NULL)));
            }
            return self.builtin_attr(o, q).map(|v| v.map(|v| (v, Obj::NULL)));
        }
        // Built-in type: its method table, where a method is made on its first lookup
        // (builtins.rs init).
        let mut found = self.class_lookup(t, q);
        if found.is_none() {
            let id = self.type_id(t);
            self.root(o)?;
            let r = crate::builtins::method_miss(self, id, q);
            self.unroot(1);
            if r? {
                found = self.class_lookup(t, q);
            }
        }
        if let Some(v) = found {
            if v.is_ptr() && self.tid(v) == T::Builtin {
                return Ok(Some((v, o)));
            }
            return self.bind(v, o, t).map(Some);
        }
        self.builtin_attr(o, q).map(|v| v.map(|v| (v, Obj::NULL)))
    }

    /// After an AttributeError from looking up `o.q` where getattr/hasattr catch it: the class
    /// member whose getter raised it (a property or a `__get__` descriptor), if that is how
    /// the lookup failed. MicroPython's protected lookup has already stored that member as
    /// its result when the getter raises, so `getattr(o, q, default)` returns the property
    /// object and `hasattr` says True; the reference shows both.
    pub(crate) fn member_of_failed_get(&mut self, o: Obj, q: Obj) -> Option<Obj> {
        let t = self.type_of(o);
        if !self.is_user_type(t) || self.is_type(o) {
            return None;
        }
        let d = self.inst_dict(o);
        if d.is_ptr() && self.map_get_q(d, q).is_some() {
            return None;
        }
        let v = self.class_lookup(t, q)?;
        let descriptor = v.is_ptr()
            && (self.tid(v) == T::Property
                || (self.is_user_instance(v)
                    && self
                        .class_lookup(self.type_of(v), crate::qs!(self, "__get__"))
                        .is_some()));
        descriptor.then_some(v)
    }

    /// Bind a class attribute `v` found on class `t` to instance `o`.
    fn bind(&mut self, v: Obj, o: Obj, t: Obj) -> R<(Obj, Obj)> {
        if !v.is_ptr() {
            return Ok((v, Obj::NULL));
        }
        match self.tid(v) {
            T::Function | T::GenWrap | T::Closure => Ok((v, o)),
            T::Builtin if !self.is_user_instance(v) => {
                // The functions of `builtins` stored in a class behave like staticmethods
                // (runtime.c mp_convert_member_lookup); built-in methods bind, unless already
                // bound.
                let id = self.get(v, 1).small_val() as usize;
                let function = id < crate::builtins::OBJECT_INIT || id == crate::builtins::COMPILE;
                if function || !self.get(v, 2).is_null() {
                    Ok((v, Obj::NULL))
                } else {
                    Ok((v, o))
                }
            }
            T::StaticMethod => Ok((self.get(v, 1), Obj::NULL)),
            T::ClassMethod => Ok((self.get(v, 1), t)),
            T::Property => {
                let g = self.get(v, 1);
                if g == Obj::NONE || g.is_null() {
                    return Err(self.err(T::AttributeError, "unreadable attribute"));
                }
                let r = self.call(g, &[o])?;
                Ok((r, Obj::NULL))
            }
            _ => {
                if self.is_user_instance(v) {
                    if let Some(g) = self.lookup_special(v, crate::qs!(self, "__get__"))? {
                        let r = self.call_method_obj(g, v, &[o, t])?;
                        return Ok((r, Obj::NULL));
                    }
                }
                Ok((v, Obj::NULL))
            }
        }
    }

    /// Attributes on a type object.
    fn type_attr(&mut self, t: Obj, q: Obj) -> R<Option<Obj>> {
        if q == crate::qs!(self, "__name__") {
            return Ok(Some(self.get(t, ty::NAME)));
        }
        if q == crate::qs!(self, "__bases__") {
            return Ok(Some(self.get(t, ty::BASES)));
        }
        if let Some(v) = self.class_lookup(t, q) {
            if v.is_ptr() {
                match self.tid(v) {
                    T::StaticMethod => return Ok(Some(self.get(v, 1))),
                    T::ClassMethod => {
                        let f = self.get(v, 1);
                        return self.new_bound(f, t).map(Some);
                    }
                    // A descriptor read through the class is the descriptor itself: MicroPython
                    // calls `__get__` only for instance lookups (mp_obj_class_lookup with an
                    // object).
                    _ => {}
                }
            }
            return Ok(Some(v));
        }
        if q == crate::qs!(self, "__dict__") {
            let d = self.get(t, ty::DICT);
            if d.is_ptr() {
                return Ok(Some(d));
            }
        }
        Ok(None)
    }

    pub(crate) fn new_bound(&mut self, f: Obj, s: Obj) -> R<Obj> {
        self.root(f)?;
        self.root(s)?;
        let b = self.alloc_obj(self.tobj(T::BoundMeth), 3);
        self.unroot(2);
        let b = b?;
        self.set(b, 1, f);
        self.set(b, 2, s);
        Ok(b)
    }

    /// Attributes that are not in a dict: exception args, function names...
    fn builtin_attr(&mut self, o: Obj, q: Obj) -> R<Option<Obj>> {
        let name = self.qstr_bytes(q.qstr_val());
        let t = self.tid(o);
        if t.is_exception() {
            match name {
                b"args" => return Ok(Some(self.get(o, 1))),
                b"value" | b"errno" => return Ok(Some(self.exc_value(o))),
                _ => {}
            }
        }
        match (t, name) {
            (T::Function | T::GenWrap | T::Closure, b"__name__") => Ok(Some(self.fun_name(o))),
            (T::Function | T::GenWrap | T::Closure, b"__globals__") => {
                Ok(Some(self.get(o, crate::call::fun::GLOBALS)))
            }
            // A bound method's name is its function's.
            (T::BoundMeth, b"__name__") => {
                let f = self.get(o, 1);
                Ok(
                    if f.is_ptr() && matches!(self.tid(f), T::Function | T::Closure | T::GenWrap) {
                        Some(self.fun_name(f))
                    } else {
                        None
                    },
                )
            }
            (T::BoundMeth, b"__self__") => Ok(Some(self.get(o, 2))),
            (T::BoundMeth, b"__func__") => Ok(Some(self.get(o, 1))),
            (T::Module, b"__dict__") => {
                self.root(o)?;
                let r = crate::builtins::module_fill(self, o);
                self.unroot(1);
                r?;
                Ok(Some(self.get(o, 1)))
            }
            (T::Complex, b"real") => {
                let (re, _) = self.complex_parts(o);
                self.new_float(re).map(Some)
            }
            (T::Complex, b"imag") => {
                let (_, im) = self.complex_parts(o);
                self.new_float(im).map(Some)
            }
            (T::Slice, b"start") => Ok(Some(self.get(o, 1))),
            (T::Slice, b"stop") => Ok(Some(self.get(o, 2))),
            (T::Slice, b"step") => Ok(Some(self.get(o, 3))),
            (T::Range, b"start") => Ok(Some(self.get(o, 1))),
            (T::Range, b"stop") => Ok(Some(self.get(o, 2))),
            (T::Range, b"step") => Ok(Some(self.get(o, 3))),
            (T::Property, b"fget") => Ok(Some(self.get(o, 1))),
            (_, b"__class__") => Ok(Some(self.type_of(o))),
            // A native iterator's __next__ is next() bound to it (runtime.c does the same).
            (
                T::Iterator | T::Enumerate | T::Zip | T::Map | T::Filter | T::Reversed,
                b"__next__",
            ) => {
                self.root(o)?;
                let b = self.alloc_obj(self.tobj(T::Builtin), 3);
                self.unroot(1);
                let b = b?;
                self.set(b, 1, Obj::small(crate::builtins::NEXT as isize));
                self.set(b, 2, o);
                Ok(Some(b))
            }
            (T::Instance, b"__dict__") => {
                // A copy of the members, as MicroPython's (which makes it read-only).
                let n = self.map_alloc(o);
                self.root(o)?;
                let d = self.new_dict(n);
                self.unroot(1);
                let d = d?;
                if n > 0 {
                    self.set(d, 1, self.get(o, 1));
                    let (src, dst) = (self.get(o, 3).0, self.get(d, 3).0);
                    for i in 0..2 * n {
                        let w = self.rdw(src, i);
                        self.wrw(dst, i, w);
                    }
                }
                Ok(Some(d))
            }
            _ => Ok(None),
        }
    }

    /// `o.q` (LOAD_ATTR).
    pub(crate) fn load_attr(&mut self, o: Obj, q: Obj) -> R<Obj> {
        let (v, s) = self.load_method(o, q)?;
        if s.is_null() {
            return Ok(v);
        }
        self.root(v)?;
        self.root(s)?;
        let r = if v.is_ptr() && self.tid(v) == T::Builtin {
            // A built-in method bound to its object.
            let id = self.get(v, 1);
            let b = self.alloc_obj(self.tobj(T::Builtin), 3);
            b.inspect(|&b| {
                self.set(b, 1, id);
                self.set(b, 2, s);
            })
        } else {
            self.new_bound(v, s)
        };
        self.unroot(2);
        r
    }

    pub(crate) fn attr_error(&mut self, o: Obj, q: Obj) -> Exc {
        if self.is_type(o) {
            let n = self.get(o, ty::NAME);
            return self.errf(
                T::AttributeError,
                &[
                    Part::S("type object '"),
                    Part::O(n),
                    Part::S("' has no attribute '"),
                    Part::O(q),
                    Part::S("'"),
                ],
            );
        }
        if o.is_ptr() && self.tid(o) == T::Module {
            let n = self.get(o, 2);
            return self.errf(
                T::AttributeError,
                &[
                    Part::S("module '"),
                    Part::O(n),
                    Part::S("' has no attribute '"),
                    Part::O(q),
                    Part::S("'"),
                ],
            );
        }
        self.errf(
            T::AttributeError,
            &[
                Part::S("'"),
                Part::TypeName(o),
                Part::S("' object has no attribute '"),
                Part::O(q),
                Part::S("'"),
            ],
        )
    }

    /// `o.q = v` (and `del o.q` with `v` NULL).
    pub(crate) fn store_attr(&mut self, o: Obj, q: Obj, v: Obj) -> R<()> {
        let t = self.type_of(o);
        if self.is_user_type(t) && !self.is_type(o) {
            if !self.has_special_accessors(t) {
                return self.store_attr_plain(o, q, v);
            }
            // A property or __setattr__ on the class?
            if let Some(p) = self.class_lookup(t, q) {
                if self.is_user_instance(p) {
                    let name = if v.is_null() { "__delete__" } else { "__set__" };
                    if let Some(m) = self.lookup_special(p, self.q(name))? {
                        if v.is_null() {
                            self.call_method_obj(m, p, &[o])?;
                        } else {
                            self.call_method_obj(m, p, &[o, v])?;
                        }
                        return Ok(());
                    }
                }
                if p.is_ptr() && self.tid(p) == T::Property {
                    let f = self.get(p, if v.is_null() { 3 } else { 2 });
                    if f == Obj::NONE || f.is_null() {
                        return Err(self.attr_error(o, q));
                    }
                    if v.is_null() {
                        self.call(f, &[o])?;
                    } else {
                        self.call(f, &[o, v])?;
                    }
                    return Ok(());
                }
            }
            let hook = if v.is_null() {
                "__delattr__"
            } else {
                "__setattr__"
            };
            if let Some(sa) = self.class_lookup(t, self.q(hook)) {
                if !(sa.is_ptr() && self.tid(sa) == T::Builtin) {
                    if v.is_null() {
                        self.call_method_obj(sa, o, &[q])?;
                    } else {
                        self.call_method_obj(sa, o, &[q, v])?;
                    }
                    return Ok(());
                }
            }
            return self.store_attr_plain(o, q, v);
        }
        self.store_attr_other(o, q, v)
    }

    /// Store into an instance's dict, bypassing `__setattr__` (`object.__setattr__`).
    pub(crate) fn store_attr_plain(&mut self, o: Obj, q: Obj, v: Obj) -> R<()> {
        if !self.is_user_instance(o) {
            return self.store_attr_other(o, q, v);
        }
        {
            let exc = self.tid(o).is_exception();
            let slot = 3;
            let mut d = if exc { self.get(o, slot) } else { o };
            if !d.is_ptr() {
                self.root(o)?;
                self.root(v)?;
                let nd = self.new_dict(0);
                self.unroot(2);
                d = nd?;
                self.set(o, slot, d);
            }
            if v.is_null() {
                if self.map_remove(d, q)?.is_none() {
                    return Err(self.attr_error(o, q));
                }
                return Ok(());
            }
            self.map_store(d, q, v)
        }
    }

    fn is_builtin_module(&mut self, m: Obj) -> R<bool> {
        let bm = Obj(self.heap.roots[crate::root::BUILTIN_MODS]);
        let name = self.get(m, 2);
        Ok(bm.is_ptr() && self.map_get(bm, name)? == Some(m))
    }

    fn store_attr_other(&mut self, o: Obj, q: Obj, v: Obj) -> R<()> {
        if crate::modcollections::is_nt(self, o) {
            return Err(crate::modcollections::nt_store_attr(self));
        }
        if self.is_type(o) && self.is_user_type(o) {
            if !v.is_null() && self.is_special_accessor(q, v) {
                self.set_special_accessors(o);
            }
            let d = self.get(o, ty::DICT);
            if v.is_null() {
                if self.map_remove(d, q)?.is_none() {
                    return Err(self.attr_error(o, q));
                }
                return Ok(());
            }
            return self.map_store(d, q, v);
        }
        // Built-in modules are read-only (their globals are in ROM in MicroPython).
        if o.is_ptr() && self.tid(o) == T::Module && !self.is_builtin_module(o)? {
            let d = self.get(o, 1);
            if v.is_null() {
                self.map_remove(d, q)?;
                return Ok(());
            }
            return self.map_store(d, q, v);
        }
        if o.is_ptr() && matches!(self.tid(o), T::Function | T::GenWrap | T::Closure) {
            return Err(self.attr_error(o, q));
        }
        if v == Obj::NONE && self.clear_traceback(o, q) {
            return Ok(());
        }
        Err(self.errf(
            T::AttributeError,
            &[
                Part::S("'"),
                Part::TypeName(o),
                Part::S("' object has no attribute '"),
                Part::O(q),
                Part::S("'"),
            ],
        ))
    }

    /// `super(cls, obj).q` as a method pair (LOAD_SUPER_METHOD).
    pub(crate) fn load_super_method(&mut self, cls: Obj, obj: Obj, q: Obj) -> R<(Obj, Obj)> {
        if !self.is_type(cls) {
            return Err(self.err(T::TypeError, "super() argument 1 must be type"));
        }
        let bases = self.get(cls, ty::BASES);
        let n = self.tuple_len(bases);
        for i in 0..n {
            let b = self.tuple_get(bases, i);
            if let Some(v) = self.class_lookup(b, q) {
                let st = if self.is_type(obj) {
                    obj
                } else {
                    self.type_of(obj)
                };
                return self.bind(v, obj, st);
            }
        }
        // object's own methods (__init__ etc.) are no-ops.
        if q == crate::qs!(self, "__init__") {
            return Ok((self.builtin_obj_make(crate::builtins::OBJECT_INIT)?, obj));
        }
        if q == crate::qs!(self, "__new__") {
            return Ok((
                self.builtin_obj_make(crate::builtins::OBJECT_NEW)?,
                Obj::NULL,
            ));
        }
        if let Some(s) = self.native_sub(obj) {
            return self.load_method(s, q);
        }
        Err(self.errf(
            T::AttributeError,
            &[
                Part::S("'super' object has no attribute '"),
                Part::O(q),
                Part::S("'"),
            ],
        ))
    }

    /// `super(cls, obj)` as an object.
    pub(crate) fn new_super(&mut self, cls: Obj, obj: Obj) -> R<Obj> {
        self.root(cls)?;
        self.root(obj)?;
        let s = self.alloc_obj(self.tobj(T::Super), 3);
        self.unroot(2);
        let s = s?;
        self.set(s, 1, cls);
        self.set(s, 2, obj);
        Ok(s)
    }

    /// The first base of class `t` (depth first) that is not a class made by `class` and is
    /// not `object`: the type whose constructor makes the native sub-object.
    fn native_base_obj(&self, t: Obj, depth: usize) -> Option<Obj> {
        let bases = self.get(t, ty::BASES);
        if depth > 32 || !bases.is_ptr() {
            return None;
        }
        for i in 0..self.tuple_len(bases) {
            let b = self.tuple_get(bases, i);
            if self.is_user_type(b) {
                if let Some(n) = self.native_base_obj(b, depth + 1) {
                    return Some(n);
                }
            } else if !matches!(self.type_id(b), T::Object | T::Instance) {
                return Some(b);
            }
        }
        None
    }

    /// Create a class: `type(name, bases, dict)`.
    pub(crate) fn new_class(&mut self, name: Obj, bases: Obj, dict: Obj) -> R<Obj> {
        let n = self.tuple_len(bases);
        let mut native = T::Instance;
        for i in 0..n {
            let b = self.tuple_get(bases, i);
            if !self.is_type(b) {
                // A bare TypeError, as mp_obj_new_type (class statements too).
                return Err(self.err(T::TypeError, ""));
            }
            let id = self.type_id(b);
            if id != T::Object && id != T::Instance {
                native = id;
            }
        }
        for v in [name, bases, dict] {
            self.root(v)?;
        }
        // The built-in bases' method dicts, which class lookups walk into (see
        // builtins::ensure_methods); `object`'s for a class without bases.
        let mut r = crate::builtins::ensure_methods(self, T::Object);
        for i in 0..n {
            let b = self.tuple_get(bases, i);
            if r.is_ok() && !self.is_user_type(b) {
                let id = self.type_id(b);
                r = crate::builtins::ensure_methods(self, id);
            }
        }
        let c = r.and_then(|()| self.alloc_obj(self.tobj(T::Type), ty::SIZE));
        self.unroot(3);
        let c = c?;
        self.set(c, ty::ID, Obj::small(native as isize));
        self.set(c, ty::NAME, name);
        let bases = if n == 0 {
            let o = self.tobj(T::Object);
            self.root(c)?;
            let t = self.new_tuple_from(&[o]);
            self.unroot(1);
            t?
        } else {
            bases
        };
        self.set(c, ty::BASES, bases);
        self.set(c, ty::DICT, dict);
        self.set(c, ty::USER, Obj::small(1));
        if self.class_needs_special_accessors(c)? {
            self.set_special_accessors(c);
        }
        self.root(c)?;
        let r = self.call_set_names(c);
        self.unroot(1);
        r.map(|()| c)
    }

    /// `__set_name__(owner, name)` of every class attribute that has one (descriptors), as
    /// mp_obj_new_type: all are found first, in the dict's slot order, then called, so a call
    /// that changes the class dict changes neither which calls are made nor their order. No
    /// allocation unless one is found.
    fn call_set_names(&mut self, c: Obj) -> R<()> {
        let d = self.get(c, ty::DICT);
        if !d.is_ptr() {
            return Ok(());
        }
        let sn = self.q("__set_name__");
        // Found calls, as (method, self, name) triples in a list.
        let mut found = Obj::NULL;
        let mut i = 0;
        while let Some((slot, k, v)) = self.map_next(d, i) {
            i = slot + 1;
            if !self.is_user_instance(v) {
                continue;
            }
            let Some(m) = self.class_lookup(self.type_of(v), sn) else {
                continue;
            };
            if found.is_null() {
                self.root(m)?;
                let l = self.new_list(0);
                self.unroot(1);
                found = l?;
                self.root(found)?;
            }
            for x in [m, v, k] {
                self.list_append(found, x)?;
            }
        }
        if found.is_null() {
            return Ok(());
        }
        let r = (|| {
            for j in 0..self.list_len(found) / 3 {
                let (m, v, k) = (
                    self.list_get(found, 3 * j),
                    self.list_get(found, 3 * j + 1),
                    self.list_get(found, 3 * j + 2),
                );
                self.call_method_obj(m, v, &[c, k])?;
            }
            Ok(())
        })();
        self.unroot(1);
        r
    }

    /// Whether a new class `c` gets the special-accessors flag: a base has it or is native
    /// (other than `object`), or its dict holds a special accessor (see
    /// [`Vm::is_special_accessor`]).
    fn class_needs_special_accessors(&mut self, c: Obj) -> R<bool> {
        let bases = self.get(c, ty::BASES);
        for i in 0..self.tuple_len(bases) {
            let b = self.tuple_get(bases, i);
            if self.is_user_type(b) {
                if self.has_special_accessors(b) {
                    return Ok(true);
                }
            } else if self.type_id(b) != T::Object {
                return Ok(true);
            }
        }
        let d = self.get(c, ty::DICT);
        if !d.is_ptr() {
            return Ok(false);
        }
        for i in 0..self.map_alloc(d) {
            let k = self.map_key(d, i);
            if k.is_null() || k == Obj::SENTINEL {
                continue;
            }
            let v = self.map_val(d, i);
            if self.is_special_accessor(k, v) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Does storing `v` under `k` in a class make attribute stores on its instances special: a
    /// property, an instance of a class (possibly a descriptor), `__setattr__`/`__delattr__`?
    pub(crate) fn is_special_accessor(&self, k: Obj, v: Obj) -> bool {
        if k == self.q("__setattr__") || k == self.q("__delattr__") {
            return true;
        }
        v.is_ptr() && (self.tid(v) == T::Property || self.is_user_instance(v))
    }

    /// Is `v` a built-in function (possibly wrapped as a static/class method)?
    pub(crate) fn is_native_fn(&self, v: Obj) -> bool {
        if !v.is_ptr() {
            return false;
        }
        match self.tid(v) {
            T::Builtin => true,
            T::StaticMethod | T::ClassMethod => {
                let f = self.get(v, 1);
                f.is_ptr() && self.tid(f) == T::Builtin
            }
            _ => false,
        }
    }

    /// A bare instance of class `t` (`object.__new__(t)`).
    pub(crate) fn new_instance(&mut self, t: Obj) -> R<Obj> {
        if !self.is_user_type(t) {
            let id = self.type_id(t);
            return crate::builtins::construct(self, t, id, 0, 0, self.heap.sp);
        }
        if self.type_id(t).is_exception() {
            let et = self.empty_tuple();
            return self.new_exc_args(t, et);
        }
        let native = self.type_id(t) != T::Instance;
        self.new_inst_words(t, native)
    }

    /// A class instance with no attributes: `[type, used, alloc, table*]` (its attribute map
    /// inline, one block, as MicroPython's `mp_obj_instance_t`), and `native` when the class
    /// derives from a built-in type.
    fn new_inst_words(&mut self, t: Obj, native: bool) -> R<Obj> {
        let o = self.alloc_obj(t, if native { INST_WORDS + 1 } else { INST_WORDS })?;
        self.set(o, 1, Obj::small(0));
        self.set(o, 2, Obj::small(0));
        Ok(o)
    }

    /// Call a type object: construct an instance.
    pub(crate) fn call_type(&mut self, t: Obj, n_pos: usize, n_kw: usize, base: usize) -> R<Obj> {
        if !self.is_user_type(t) {
            let id = self.type_id(t);
            return crate::builtins::construct(self, t, id, n_pos, n_kw, base);
        }
        let native = self.type_id(t);
        // __new__ defined in Python?
        let new_q = crate::qs!(self, "__new__");
        let inst = if let Some(nf) = self
            .class_lookup(t, new_q)
            .filter(|&v| !self.is_native_fn(v))
        {
            let nf = if nf.is_ptr() && self.tid(nf) == T::StaticMethod {
                self.get(nf, 1)
            } else {
                nf
            };
            let r = self.call_with_self(nf, t, n_pos, n_kw, base, false)?;
            if !(r.is_ptr() && self.is_subclass(self.type_of(r), t)) {
                return Ok(r);
            }
            r
        } else if native.is_exception() {
            let args = self.new_tuple_ps(base, n_pos)?;
            self.new_exc_args(t, args)?
        } else {
            let o = self.new_inst_words(t, native != T::Instance)?;
            if native != T::Instance {
                self.root(o)?;
                let init_q = crate::qs!(self, "__init__");
                let has_init = self
                    .class_lookup(t, init_q)
                    .is_some_and(|v| !(v.is_ptr() && self.tid(v) == T::Builtin));
                // The built-in-like base itself (a namedtuple type, OrderedDict...), else the
                // built-in type of the native id.
                let nt = self.native_base_obj(t, 0).unwrap_or(self.tobj(native));
                let sub = if has_init {
                    crate::builtins::construct(self, nt, native, 0, 0, base)
                } else {
                    crate::builtins::construct(self, nt, native, n_pos, n_kw, base)
                };
                self.unroot(1);
                self.set(o, INST_NATIVE, sub?);
            }
            o
        };
        let init_q = crate::qs!(self, "__init__");
        if let Some(init) = self.class_lookup(t, init_q) {
            if !(init.is_ptr() && self.tid(init) == T::Builtin) {
                self.root(inst)?;
                if native.is_exception() && self.is_exception(inst) {
                    self.mark_incomplete(inst);
                }
                let r = self.call_with_self(init, inst, n_pos, n_kw, base, false);
                self.complete(inst);
                self.unroot(1);
                let r = r?;
                if r != Obj::NONE {
                    return Err(self.err(T::TypeError, "__init__() should return None"));
                }
                return Ok(inst);
            }
        }
        if n_pos + n_kw > 0 && native == T::Instance {
            return Err(self.errf(
                T::TypeError,
                &[
                    Part::S("function takes 0 positional arguments but "),
                    Part::I(n_pos as isize),
                    Part::S(" were given"),
                ],
            ));
        }
        Ok(inst)
    }

    /// Operators on class instances: `__add__`, `__radd__`, `__iadd__`, comparisons...
    pub(crate) fn user_binop(&mut self, op: u8, l: Obj, r: Obj) -> R<Option<Obj>> {
        use mpy_format::opcode::binary as b;
        let names = &b::NAMES;
        if self.is_user_instance(l) {
            // Of the in-place methods MicroPython (without
            // MICROPY_PY_ALL_INPLACE_SPECIAL_METHODS, as the unix port) looks up only
            // `__iadd__` and `__isub__`; the others use the plain method.
            let name = if (b::INPLACE_OR..b::OR).contains(&op)
                && op != b::ADD - b::INPLACE_DELTA
                && op != b::SUBTRACT - b::INPLACE_DELTA
            {
                ""
            } else {
                names.get(op as usize).copied().unwrap_or("")
            };
            if let Some(m) = self.lookup_special_str(l, name)? {
                let v = self.call_method_obj(m, l, &[r])?;
                if v != self.not_impl() {
                    return Ok(Some(v));
                }
            }
            if (b::INPLACE_OR..b::OR).contains(&op) {
                let plain = op + b::INPLACE_DELTA;
                return self.user_binop(plain, l, r);
            }
            if op == b::NOT_EQUAL {
                return Ok(None);
            }
        }
        // Reflected operand (an in-place operator reflects as its plain form).
        let op = if (b::INPLACE_OR..b::OR).contains(&op) {
            op + b::INPLACE_DELTA
        } else {
            op
        };
        let refl = match op {
            b::LESS => Some("__gt__"),
            b::MORE => Some("__lt__"),
            b::LESS_EQUAL => Some("__ge__"),
            b::MORE_EQUAL => Some("__le__"),
            b::EQUAL => Some("__eq__"),
            b::OR => Some("__ror__"),
            b::XOR => Some("__rxor__"),
            b::AND => Some("__rand__"),
            b::LSHIFT => Some("__rlshift__"),
            b::RSHIFT => Some("__rrshift__"),
            b::ADD => Some("__radd__"),
            b::SUBTRACT => Some("__rsub__"),
            b::MULTIPLY => Some("__rmul__"),
            b::FLOOR_DIVIDE => Some("__rfloordiv__"),
            b::TRUE_DIVIDE => Some("__rtruediv__"),
            b::MODULO => Some("__rmod__"),
            b::POWER => Some("__rpow__"),
            _ => None,
        };
        if let Some(rn) = refl {
            if self.is_user_instance(r) {
                if let Some(m) = self.lookup_special_str(r, rn)? {
                    let v = self.call_method_obj(m, r, &[l])?;
                    if v != self.not_impl() {
                        return Ok(Some(v));
                    }
                }
            }
        }
        // Instances of native subclasses fall back to their sub-object.
        let ls = self.native_sub(l).unwrap_or(l);
        let rs = self.native_sub(r).unwrap_or(r);
        if ls != l || rs != r {
            return self.binary_op(op, ls, rs).map(Some);
        }
        if op == b::EQUAL {
            return Ok(Some(Obj::bool(l == r)));
        }
        Ok(None)
    }

    fn lookup_special_str(&mut self, o: Obj, name: &str) -> R<Option<Obj>> {
        match mpy_format::qstr::pool_number(name.as_bytes()) {
            Some(n) => self.lookup_special(o, Obj::qstr(n)),
            None => match self.qstr_find(name.as_bytes()) {
                Some(n) => self.lookup_special(o, Obj::qstr(n)),
                None => Ok(None),
            },
        }
    }
}
