//! Calls (MicroPython's `py/objfun.c`, `py/bc.c` `mp_setup_code_state`, `py/runtime.c`
//! `mp_call_function_n_kw` and `mp_call_prepare_args_n_kw_var`).
//!
//! Arguments are passed in place on the pystack: `n_pos` positionals then `n_kw` (name, value)
//! pairs starting at index `base`. A bytecode function's frame is built right above the top of
//! the pystack, so calls do not allocate on the heap.
//!
//! ```text
//!  function  [Function, raw code, globals, defaults tuple|NULL, kw defaults dict|NULL,
//!             closed-over cells tuple|NULL]
//!  bound     [BoundMeth, function, self]
//! ```
use crate::gc::W;
use crate::interp::{Frame, Ret, H};
use crate::load::rc;
use crate::obj::{Obj, T};
use crate::text::Part;
use crate::{Port, Vm, R};
use mpy_format::mpy::scope_flag;

/// Function object word indices: `[type, raw code, globals, extra]`, one block as
/// MicroPython's `mp_obj_fun_bc_t`. `extra` is NULL for a function without default arguments
/// and closed-over cells; the cells tuple itself for a closure without defaults (so a closure
/// costs what MicroPython's does); else a block of three words, [`DEFAULTS`](fun::DEFAULTS) (a
/// tuple, or True for a `compile()` code object in eval mode), [`KWDEFAULTS`](fun::KWDEFAULTS)
/// (a dict) and [`CELLS`](fun::CELLS) (a tuple), each NULL if absent. (That block's first word
/// is never the tuple type object, which tells the two apart.)
pub(crate) mod fun {
    pub const RC: usize = 1;
    pub const GLOBALS: usize = 2;
    pub const EXTRA: usize = 3;
    pub const SIZE: usize = 4;
    /// Words of the extra block.
    pub const DEFAULTS: usize = 0;
    pub const KWDEFAULTS: usize = 1;
    pub const CELLS: usize = 2;
}

impl<P: Port> Vm<P> {
    /// A function object for raw code `r`.
    pub(crate) fn new_function(&mut self, r: Obj, globals: Obj, pos: Obj, kw: Obj) -> R<Obj> {
        for v in [r, globals, pos, kw] {
            self.root(v)?;
        }
        // A generator function is of type `generator` (MicroPython's gen_wrap), whose call
        // makes a generator; otherwise they work alike.
        let generator = r.is_ptr() && self.rc_flags(r) & scope_flag::GENERATOR != 0;
        let t = if generator { T::GenWrap } else { T::Function };
        let f = self.alloc_obj(self.tobj(t), fun::SIZE);
        let f = match f {
            Ok(f) => f,
            Err(e) => {
                self.unroot(4);
                return Err(e);
            }
        };
        self.set(f, fun::RC, r);
        self.set(f, fun::GLOBALS, globals);
        let pos = if pos == Obj::NONE { Obj::NULL } else { pos };
        let kw = if kw == Obj::NONE { Obj::NULL } else { kw };
        let mut r = Ok(f);
        if !pos.is_null() || !kw.is_null() {
            r = self.root(f).and_then(|()| {
                let x = self.alloc_raw(3 * W);
                self.unroot(1);
                let x = x?;
                self.wrw(x, fun::DEFAULTS, pos.0);
                self.wrw(x, fun::KWDEFAULTS, kw.0);
                self.set(f, fun::EXTRA, Obj(x));
                Ok(f)
            });
        }
        self.unroot(4);
        r
    }

    /// Word `i` of function `f`'s extra block ([`fun::DEFAULTS`], [`fun::KWDEFAULTS`],
    /// [`fun::CELLS`]): NULL if it has none.
    #[inline(always)]
    pub(crate) fn fun_extra(&self, f: Obj, i: usize) -> Obj {
        let x = self.get(f, fun::EXTRA);
        if x.is_null() {
            x
        } else if self.get(x, 0) == self.tobj(T::Tuple) {
            if i == fun::CELLS {
                x
            } else {
                Obj::NULL
            }
        } else {
            Obj(self.rdw(x.0, i))
        }
    }

    /// Give function `f` (rooted by the caller, as `cells`) its closed-over cells.
    pub(crate) fn set_fun_cells(&mut self, f: Obj, cells: Obj) -> R<()> {
        let x = self.get(f, fun::EXTRA);
        if x.is_null() {
            self.set(f, fun::EXTRA, cells);
        } else {
            self.wrw(x.0, fun::CELLS, cells.0);
        }
        Ok(())
    }

    /// Name of a function object (or `<lambda>`-like qstr).
    pub(crate) fn fun_name(&self, f: Obj) -> Obj {
        if f.is_ptr() && matches!(self.tid(f), T::Function | T::Closure | T::GenWrap) {
            self.get(self.get(f, fun::RC), rc::NAME)
        } else {
            Obj::qstr(1)
        }
    }

    /// Call `f` with arguments `args` (copied onto the pystack).
    pub(crate) fn call(&mut self, f: Obj, args: &[Obj]) -> R<Obj> {
        let base = self.heap.sp;
        self.root(f)?;
        for &a in args {
            self.root(a)?;
        }
        let r = self.call_n(f, args.len(), 0, base + 1);
        self.heap.sp = base;
        r
    }

    /// Call a method found by `load_method`: `self_` NULL means a plain function.
    pub(crate) fn call_method_pair(&mut self, m: Obj, self_: Obj, args: &[Obj]) -> R<Obj> {
        let (m, self_) = self.unwrap_method_kind(m, self_);
        let base = self.heap.sp;
        self.root(m)?;
        let mut n = args.len();
        if !self_.is_null() {
            self.root(self_)?;
            n += 1;
        }
        for &a in args {
            self.root(a)?;
        }
        let r = self.call_n(m, n, 0, base + 1);
        self.heap.sp = base;
        r
    }

    /// Call function `f` found on a class with `self_` as first argument.
    pub(crate) fn call_method_obj(&mut self, f: Obj, self_: Obj, args: &[Obj]) -> R<Obj> {
        self.call_method_pair(f, self_, args)
    }

    /// Call `f` with arguments on the pystack at `base`.
    pub(crate) fn call_n(&mut self, f: Obj, n_pos: usize, n_kw: usize, base: usize) -> R<Obj> {
        if !f.is_ptr() {
            return Err(self.not_callable(f));
        }
        let t = self.get(f, 0);
        match self.type_id(t) {
            T::Function | T::GenWrap | T::Closure if !self.is_user_type(t) => {
                let cells = self.fun_extra(f, fun::CELLS);
                if cells.is_null() {
                    self.call_bc(f, n_pos, n_kw, base)
                } else {
                    // Closed-over cells are passed as the first positional arguments.
                    let n_closed = self.tuple_len(cells);
                    let nb = self.heap.sp;
                    let total = n_closed + n_pos + 2 * n_kw;
                    if nb + total > self.heap.ps.len() {
                        return Err(self.recursion_error());
                    }
                    for i in 0..n_closed {
                        self.heap.ps[nb + i] = self.tuple_get(cells, i).0;
                    }
                    self.heap
                        .ps
                        .copy_within(base..base + n_pos + 2 * n_kw, nb + n_closed);
                    self.heap.sp = nb + total;
                    let r = self.call_bc(f, n_closed + n_pos, n_kw, nb);
                    self.heap.sp = nb;
                    r
                }
            }
            T::Builtin if !self.is_user_type(t) => {
                let id = self.get(f, 1).small_val() as usize;
                let bound = self.get(f, 2);
                if bound.is_null() {
                    crate::builtins::call_builtin(self, id, n_pos, n_kw, base)
                } else {
                    self.call_with_self(f, bound, n_pos, n_kw, base, true)
                }
            }
            T::BoundMeth if !self.is_user_type(t) => {
                let m = self.get(f, 1);
                let s = self.get(f, 2);
                self.call_with_self(m, s, n_pos, n_kw, base, false)
            }
            T::Type if !self.is_user_type(t) => self.call_type(f, n_pos, n_kw, base),
            _ => {
                // An instance with __call__.
                if let Some(m) = self.lookup_special(f, crate::qs!(self, "__call__"))? {
                    return self.call_with_self(m, f, n_pos, n_kw, base, false);
                }
                Err(self.not_callable(f))
            }
        }
    }

    fn not_callable(&mut self, f: Obj) -> crate::Exc {
        self.errf(
            T::TypeError,
            &[
                Part::S("'"),
                Part::TypeName(f),
                Part::S("' object isn't callable"),
            ],
        )
    }

    /// A static method takes no self; a class method gets the class.
    fn unwrap_method_kind(&self, m: Obj, s: Obj) -> (Obj, Obj) {
        if m.is_ptr() && !s.is_null() {
            match self.tid(m) {
                T::StaticMethod => return (self.get(m, 1), Obj::NULL),
                T::ClassMethod => {
                    let t = if self.is_type(s) { s } else { self.type_of(s) };
                    return (self.get(m, 1), t);
                }
                _ => {}
            }
        }
        (m, s)
    }

    /// Call `m` with `s` prepended to the arguments (copied to the top of the pystack).
    pub(crate) fn call_with_self(
        &mut self,
        m: Obj,
        s: Obj,
        n_pos: usize,
        n_kw: usize,
        base: usize,
        builtin_bound: bool,
    ) -> R<Obj> {
        let (m, s) = self.unwrap_method_kind(m, s);
        if s.is_null() {
            return self.call_n(m, n_pos, n_kw, base);
        }
        let nb = self.heap.sp;
        let total = 1 + n_pos + 2 * n_kw;
        if nb + total + 1 > self.heap.ps.len() {
            return Err(self.recursion_error());
        }
        self.heap.ps[nb] = m.0;
        self.heap.ps[nb + 1] = s.0;
        self.heap
            .ps
            .copy_within(base..base + n_pos + 2 * n_kw, nb + 2);
        self.heap.sp = nb + total + 1;
        let r = if builtin_bound {
            let id = self.get(m, 1).small_val() as usize;
            crate::builtins::call_builtin(self, id, n_pos + 1, n_kw, nb + 1)
        } else {
            self.call_n(m, n_pos + 1, n_kw, nb + 1)
        };
        self.heap.sp = nb;
        r
    }

    /// Call a bytecode function: build its frame on the pystack and run it (or make a
    /// generator).
    pub(crate) fn call_bc(&mut self, f: Obj, n_pos: usize, n_kw: usize, base: usize) -> R<Obj> {
        let r = self.get(f, fun::RC);
        let words = self.frame_words(r);
        let fb = self.heap.sp;
        if fb + words + 8 > self.heap.ps.len() || self.depth >= self.max_depth {
            return Err(self.recursion_error());
        }
        self.heap.ps[fb] = f.0;
        self.heap.ps[fb + 1] = r.0;
        self.heap.ps[fb + 2] = self.get(f, fun::GLOBALS).0;
        self.heap.ps[fb + 3] = self.class_locals.0;
        self.class_locals = Obj::NULL;
        self.heap.ps[fb + H..fb + words].fill(0);
        self.heap.sp = fb + words;
        let mut fr = self.frame_state(fb);
        if let Err(e) = self.setup_args(&mut fr, f, n_pos, n_kw, base) {
            self.heap.sp = fb;
            return Err(e);
        }
        let flags = self.rc_flags(r);
        if flags & scope_flag::GENERATOR != 0 {
            let g = self.new_generator(&fr, words, flags);
            self.heap.sp = fb;
            return g;
        }
        self.depth += 1;
        let saved = self.heap.roots[crate::root::CUR_GLOBALS];
        self.heap.roots[crate::root::CUR_GLOBALS] = self.heap.ps[fb + 2];
        let res = self.execute(&mut fr, Obj::NULL);
        self.heap.roots[crate::root::CUR_GLOBALS] = saved;
        self.depth -= 1;
        self.heap.sp = fb;
        match res? {
            Ret::Return(v) => Ok(v),
            Ret::Yield(_) => Err(self.bad_code()),
        }
    }

    /// Run a module's (or class body's) code with `globals` and `locals`.
    pub(crate) fn run_code(&mut self, f: Obj, locals: Obj) -> R<Obj> {
        let r = self.get(f, fun::RC);
        let words = self.frame_words(r);
        let fb = self.heap.sp;
        if fb + words + 8 > self.heap.ps.len() || self.depth >= self.max_depth {
            return Err(self.recursion_error());
        }
        self.heap.ps[fb] = f.0;
        self.heap.ps[fb + 1] = r.0;
        self.heap.ps[fb + 2] = self.get(f, fun::GLOBALS).0;
        self.heap.ps[fb + 3] = locals.0;
        self.heap.ps[fb + H..fb + words].fill(0);
        self.heap.sp = fb + words;
        let mut fr = self.frame_state(fb);
        let res = self.setup_args(&mut fr, f, 0, 0, fb);
        let res = res.and_then(|()| {
            self.depth += 1;
            let saved = self.heap.roots[crate::root::CUR_GLOBALS];
            self.heap.roots[crate::root::CUR_GLOBALS] = self.heap.ps[fb + 2];
            let r = self.execute(&mut fr, Obj::NULL);
            self.heap.roots[crate::root::CUR_GLOBALS] = saved;
            self.depth -= 1;
            r
        });
        self.heap.sp = fb;
        match res? {
            Ret::Return(v) => Ok(v),
            Ret::Yield(_) => Err(self.bad_code()),
        }
    }

    /// Put the arguments into the frame's locals (`mp_setup_code_state`).
    fn setup_args(
        &mut self,
        fr: &mut Frame,
        f: Obj,
        mut n_args: usize,
        n_kw: usize,
        base: usize,
    ) -> R<()> {
        let r = self.get(f, fun::RC);
        let flags = self.rc_flags(r);
        let n_pos = self.rc_count(r, rc::N_POS);
        let n_kwonly = self.rc_count(r, rc::N_KWONLY);
        let n_def = self.rc_count(r, rc::N_DEF);
        let defaults = self.fun_extra(f, fun::DEFAULTS);
        let kwargs = base + n_args;
        let mut var_slot = n_pos + n_kwonly;
        if n_args > n_pos {
            if flags & scope_flag::VARARGS == 0 {
                return Err(self.pos_mismatch(f, n_pos, n_args));
            }
            let t = self.new_tuple_ps(base + n_pos, n_args - n_pos)?;
            self.heap.ps[fr.local(var_slot)] = t.0;
            var_slot += 1;
            n_args = n_pos;
        } else {
            if flags & scope_flag::VARARGS != 0 {
                let e = self.empty_tuple();
                self.heap.ps[fr.local(var_slot)] = e.0;
                var_slot += 1;
            }
            if n_kw == 0 && flags & scope_flag::DEFKWARGS == 0 {
                if n_args + n_def >= n_pos {
                    for i in n_args..n_pos {
                        let d = self.default_arg(defaults, i + n_def - n_pos)?;
                        self.heap.ps[fr.local(i)] = d.0;
                    }
                } else {
                    return Err(self.pos_mismatch(f, n_pos - n_def, n_args));
                }
            }
        }
        for i in 0..n_args {
            self.heap.ps[fr.local(i)] = self.heap.ps[base + i];
        }
        if n_kw != 0 || flags & scope_flag::DEFKWARGS != 0 {
            let mut dict = Obj::NULL;
            if flags & scope_flag::VARKEYWORDS != 0 {
                dict = self.new_dict(n_kw)?;
                self.heap.ps[fr.local(var_slot)] = dict.0;
            }
            'kw: for i in 0..n_kw {
                let name = Obj(self.heap.ps[kwargs + 2 * i]);
                let val = Obj(self.heap.ps[kwargs + 2 * i + 1]);
                if let Some(j) = self.rc_arg_index(r, name) {
                    if self.heap.ps[fr.local(j)] != 0 {
                        return Err(self.multiple_values(name));
                    }
                    self.heap.ps[fr.local(j)] = val.0;
                    continue 'kw;
                }
                if flags & scope_flag::VARKEYWORDS == 0 {
                    return Err(self.errf(
                        T::TypeError,
                        &[
                            Part::S("unexpected keyword argument '"),
                            Part::O(name),
                            Part::S("'"),
                        ],
                    ));
                }
                if self.map_get(dict, name)?.is_some() {
                    return Err(self.multiple_values(name));
                }
                self.map_store(dict, name, val)?;
            }
            // Fill positional defaults, then check every positional is set.
            for k in 0..n_def {
                let i = n_pos - n_def + k;
                if self.heap.ps[fr.local(i)] == 0 {
                    let d = self.default_arg(defaults, k)?;
                    self.heap.ps[fr.local(i)] = d.0;
                }
            }
            for i in (0..n_pos - n_def).rev() {
                if self.heap.ps[fr.local(i)] == 0 {
                    return Err(self.errf(
                        T::TypeError,
                        &[
                            Part::S("function missing required positional argument #"),
                            Part::I(i as isize),
                        ],
                    ));
                }
            }
            let kwd = self.fun_extra(f, fun::KWDEFAULTS);
            for i in 0..n_kwonly {
                let slot = fr.local(n_pos + i);
                if self.heap.ps[slot] == 0 {
                    let name = self.rc_arg_name(r, n_pos + i);
                    let v = if kwd.is_ptr() {
                        self.map_get(kwd, name)?
                    } else {
                        None
                    };
                    match v {
                        Some(v) => self.heap.ps[slot] = v.0,
                        None => {
                            return Err(self.errf(
                                T::TypeError,
                                &[
                                    Part::S("function missing required keyword argument '"),
                                    Part::O(name),
                                    Part::S("'"),
                                ],
                            ))
                        }
                    }
                }
            }
        } else {
            if n_kwonly != 0 {
                return Err(self.err(T::TypeError, "function missing keyword-only argument"));
            }
            if flags & scope_flag::VARKEYWORDS != 0 {
                let d = self.new_dict(0)?;
                self.heap.ps[fr.local(var_slot)] = d.0;
            }
        }
        // Cells.
        let cells = self.rc_cells(r);
        for &local in cells {
            let local = local as usize;
            let slot = fr.local(local);
            let v = Obj(self.heap.ps[slot]);
            let c = self.new_cell(v)?;
            self.heap.ps[slot] = c.0;
        }
        Ok(())
    }

    fn default_arg(&mut self, defaults: Obj, i: usize) -> R<Obj> {
        if defaults.is_ptr() && i < self.tuple_len(defaults) {
            Ok(self.tuple_get(defaults, i))
        } else {
            Err(self.bad_code())
        }
    }

    fn pos_mismatch(&mut self, f: Obj, expected: usize, given: usize) -> crate::Exc {
        let name = self.fun_name(f);
        self.errf(
            T::TypeError,
            &[
                Part::O(name),
                Part::S("() takes "),
                Part::I(expected as isize),
                Part::S(" positional arguments but "),
                Part::I(given as isize),
                Part::S(" were given"),
            ],
        )
    }

    fn multiple_values(&mut self, name: Obj) -> crate::Exc {
        self.errf(
            T::TypeError,
            &[
                Part::S("function got multiple values for argument '"),
                Part::O(name),
                Part::S("'"),
            ],
        )
    }

    /// `CALL_FUNCTION_VAR_KW` / `CALL_METHOD_VAR_KW`: expand `*` and `**` arguments (the star
    /// bitmap is the word after the keyword pairs) onto the top of the pystack, then call.
    pub(crate) fn call_var(
        &mut self,
        at: usize,
        have_self: bool,
        n_pos: usize,
        n_kw: usize,
    ) -> R<Obj> {
        let f = Obj(self.heap.ps[at]);
        let mut args = at + 1;
        let self_ = if have_self {
            args += 1;
            Obj(self.heap.ps[at + 1])
        } else {
            Obj::NULL
        };
        let star = Obj(self.heap.ps[args + n_pos + 2 * n_kw]).small_val() as usize;
        let nb = self.heap.sp;
        // Positionals.
        if !self_.is_null() {
            self.root(self_)?;
        }
        let r = self.expand_pos(args, n_pos, star);
        let r = r.and_then(|()| {
            let n_pos_out = self.heap.sp - nb;
            self.expand_kw(args + n_pos, n_kw).map(|()| n_pos_out)
        });
        let r = r.and_then(|n_pos_out| {
            let n_kw_out = (self.heap.sp - nb - n_pos_out) / 2;
            self.call_n(f, n_pos_out, n_kw_out, nb)
        });
        self.heap.sp = nb;
        r
    }

    fn expand_pos(&mut self, args: usize, n_pos: usize, star: usize) -> R<()> {
        for i in 0..n_pos {
            let a = Obj(self.heap.ps[args + i]);
            if i < usize::BITS as usize && (star >> i) & 1 != 0 {
                let it = self.get_iter(a)?;
                let slot = self.heap.sp;
                self.root(it)?;
                // Items are pushed above the iterator; move them down after.
                let mut n = 0;
                while let Some(v) = self.iter_next(Obj(self.heap.ps[slot]))? {
                    self.root(v)?;
                    n += 1;
                }
                self.heap.ps.copy_within(slot + 1..slot + 1 + n, slot);
                self.heap.sp = slot + n;
            } else {
                self.root(a)?;
            }
        }
        Ok(())
    }

    fn expand_kw(&mut self, kw: usize, n_kw: usize) -> R<()> {
        for i in 0..n_kw {
            let k = Obj(self.heap.ps[kw + 2 * i]);
            let v = Obj(self.heap.ps[kw + 2 * i + 1]);
            if k.is_null() {
                if v.is_ptr() && self.tid(v) == T::Dict {
                    let mut s = 0;
                    while let Some((slot, k2, v2)) = self.map_next(v, s) {
                        let k2 = if k2.is_qstr() {
                            k2
                        } else {
                            self.intern_str(k2)?
                        };
                        self.root(k2)?;
                        self.root(v2)?;
                        s = slot + 1;
                    }
                } else {
                    let keys = self.call_method_named(v, "keys", &[])?;
                    let it = self.get_iter(keys)?;
                    let slot = self.heap.sp;
                    self.root(it)?;
                    let mut n = 0;
                    while let Some(k2) = self.iter_next(Obj(self.heap.ps[slot]))? {
                        let k2 = if k2.is_qstr() {
                            k2
                        } else {
                            self.intern_str(k2)?
                        };
                        self.root(k2)?;
                        let v2 = self.subscr(v, k2, Obj::SENTINEL)?;
                        self.root(v2)?;
                        n += 2;
                    }
                    self.heap.ps.copy_within(slot + 1..slot + 1 + n, slot);
                    self.heap.sp = slot + n;
                }
            } else {
                self.root(k)?;
                self.root(v)?;
            }
        }
        Ok(())
    }

    /// Intern a str object (keyword names from `**` dicts).
    pub(crate) fn intern_str(&mut self, s: Obj) -> R<Obj> {
        if s.is_qstr() {
            return Ok(s);
        }
        if !self.is_str(s) {
            return Err(self.err(T::TypeError, "keywords must be strings"));
        }
        let mut tmp = [0u8; 256];
        let n = self.str_len(s);
        if n > tmp.len() {
            return Err(self.err(T::RuntimeError, "name too long"));
        }
        tmp[..n].copy_from_slice(self.str_data(s));
        self.intern(&tmp[..n])
    }

    /// Call method `name` of `o`.
    pub(crate) fn call_method_named(&mut self, o: Obj, name: &str, args: &[Obj]) -> R<Obj> {
        self.root(o)?;
        let q = self.q(name);
        let r = self.load_method(o, q);
        let r = r.and_then(|(m, s)| self.call_method_pair(m, s, args));
        self.unroot(1);
        r
    }
}
