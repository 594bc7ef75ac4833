//! Exceptions (MicroPython's `py/objexcept.c`): creation, matching, traceback entries and the
//! uncaught-exception text of the unix port.
//!
//! ```text
//!  exception  [type, args tuple, traceback, dict or NULL]
//!  traceback  None, or a list of small-int triples (file qstr, line, block-name qstr), or
//!             small 0 while the `__init__` of the instance's class runs (`mark_incomplete`)
//! ```
use crate::obj::{ty, Obj, T};
use crate::print::Out;
use crate::{root, Exc, Port, Vm, R};

/// The end of a traceback's header and frame lines. CircuitPython's texts are translated
/// strings that end in `\r\n` (its `MP_ERROR_TEXT`); the exception line ends in `\n` in both.
const TRACEBACK_EOL: &[u8] = if cfg!(feature = "circuitpython") {
    b"\r\n"
} else {
    b"\n"
};

/// The traceback word of an exception whose class's `__init__` is running (see
/// `Vm::mark_incomplete`): neither None nor a list.
const INCOMPLETE: Obj = Obj::small(0);

impl<P: Port> Vm<P> {
    /// The exception being raised.
    #[inline]
    pub(crate) fn cur_exc(&self) -> Obj {
        Obj(self.heap.roots[root::EXC])
    }

    /// Raise `o` (an exception instance).
    #[inline]
    pub(crate) fn raise(&mut self, o: Obj) -> Exc {
        self.heap.roots[root::EXC] = o.0;
        Exc
    }

    /// A new exception instance of type object `t` with args tuple `args`.
    pub(crate) fn new_exc_args(&mut self, t: Obj, args: Obj) -> R<Obj> {
        self.root(args)?;
        let e = self.alloc_obj(t, 4);
        self.unroot(1);
        let e = e?;
        self.set(e, 1, args);
        self.set(e, 2, Obj::NONE);
        self.set(e, 3, Obj::NULL);
        Ok(e)
    }

    /// Raise built-in exception `t` with message `msg`.
    pub(crate) fn err(&mut self, t: T, msg: &str) -> Exc {
        self.err_bytes(t, msg.as_bytes())
    }

    /// Raise built-in exception `t` with message bytes `msg` (a fixed text: see
    /// [`Vm::err_msg`] for what happens when the heap cannot hold it).
    pub(crate) fn err_bytes(&mut self, t: T, msg: &[u8]) -> Exc {
        self.err_msg(t, msg, false)
    }

    /// Raise built-in exception `t` with no args.
    pub(crate) fn err_noarg(&mut self, t: T) -> Exc {
        let e = self.exc_new_maybe(self.tobj(t), &[]);
        self.raise(e)
    }

    /// Raise `t` with a message made of parts (str objects' text or literal bytes).
    pub(crate) fn errf(&mut self, t: T, parts: &[crate::text::Part]) -> Exc {
        let mut buf = [0u8; 256];
        let n = crate::text::join(self, &mut buf, parts);
        self.err_msg(t, &buf[..n], true)
    }

    /// `TypeError: can't convert 'T' object to str implicitly`, MicroPython's error where text
    /// is needed (`mp_obj_str_get_data` and friends).
    pub(crate) fn err_not_str(&mut self, o: Obj) -> Exc {
        use crate::text::Part;
        self.errf(
            T::TypeError,
            &[
                Part::S("can't convert '"),
                Part::TypeName(o),
                Part::S("' object to str implicitly"),
            ],
        )
    }

    /// Raise the object `o` as `raise o` does (a class is instantiated).
    pub(crate) fn make_raise(&mut self, o: Obj) -> Exc {
        if self.is_type(o) {
            if self.is_subclass(o, self.tobj(T::BaseException)) {
                match self.call(o, &[]) {
                    Ok(inst) => {
                        if self.is_exception(inst) {
                            return self.raise(inst);
                        }
                    }
                    Err(e) => return e,
                }
            }
        } else if self.is_exception(o) && self.get(o, 2) != INCOMPLETE {
            return self.raise(o);
        }
        self.err(T::TypeError, "exceptions must derive from BaseException")
    }

    /// Is `o` an exception instance?
    #[inline]
    pub(crate) fn is_exception(&self, o: Obj) -> bool {
        o.is_ptr() && self.tid(o).is_exception()
    }

    /// Is `o` a type object?
    #[inline]
    pub(crate) fn is_type(&self, o: Obj) -> bool {
        o.is_ptr() && self.get(o, 0) == self.tobj(T::Type)
    }

    /// Does exception instance (or class) `e` match built-in type `t`?
    pub(crate) fn exc_match(&self, e: Obj, t: T) -> bool {
        let et = if self.is_type(e) { e } else { self.type_of(e) };
        self.is_subclass(et, self.tobj(t))
    }

    /// Mark exception `e` (an instance of a class whose `__init__` is about to run) as not yet
    /// an exception: MicroPython makes the native exception part of such an instance only when
    /// `super().__init__` or the end of `__init__` comes, so `raise self` before that is a
    /// TypeError. `complete` ends it.
    pub(crate) fn mark_incomplete(&mut self, e: Obj) {
        if self.get(e, 2) == Obj::NONE {
            self.set(e, 2, INCOMPLETE);
        }
    }

    /// End what `mark_incomplete` began (nothing if `e` was not marked).
    pub(crate) fn complete(&mut self, e: Obj) {
        if self.is_exception(e) && self.get(e, 2) == INCOMPLETE {
            self.set(e, 2, Obj::NONE);
        }
    }

    /// `e.__traceback__ = None` on an exception instance `e` (what MicroPython allows of
    /// stores to an exception): empties its traceback but keeps its room, so a preallocated
    /// exception can be raised again without allocating. False: not that store.
    pub(crate) fn clear_traceback(&mut self, e: Obj, q: Obj) -> bool {
        if q != crate::qs!(self, "__traceback__") || !e.is_ptr() || !self.is_exception(e) {
            return false;
        }
        let tb = self.get(e, 2);
        if tb.is_ptr() && !tb.is_null() && tb != Obj::NONE && self.tid(tb) == T::List {
            self.set(tb, 1, Obj::small(0));
        }
        true
    }

    /// Add a traceback entry (file, line, block) to exception `e` (skipped when the heap cannot
    /// hold it, as MicroPython does).
    pub(crate) fn add_traceback(&mut self, e: Obj, file: Obj, line: usize, block: Obj) {
        if !self.is_exception(e) || e.0 == self.heap.roots[root::GEN_EXIT] {
            return;
        }
        let saved = self.heap.roots[root::EXC];
        let mut tb = self.get(e, 2);
        if !tb.is_ptr() || tb.is_null() {
            match self.traceback_maybe(e) {
                Some(l) => {
                    self.set(e, 2, l);
                    tb = l;
                }
                None => return,
            }
        }
        // A whole entry or none: grow first (the emergency list never grows).
        let len = self.list_len(tb);
        let cap = self.get(tb, 2).small_val() as usize;
        if len + 3 > cap && !self.grow_traceback(e, tb, len + 3) {
            return;
        }
        for v in [file, Obj::small(line as isize), block] {
            if self.list_append(tb, v).is_err() {
                break;
            }
        }
        self.heap.roots[root::EXC] = saved;
    }

    /// Print `e` as MicroPython's `mp_obj_print_exception`: the traceback lines (most recent
    /// last) and `Type: message`.
    pub(crate) fn print_exception(&mut self, out: Out, e: Obj) {
        if self.root(e).is_err() {
            return;
        }
        if self.is_exception(e) {
            let tb = self.get(e, 2);
            if tb.is_ptr() && self.tid(tb) == T::List {
                let n = self.list_len(tb);
                if n > 0 {
                    let _ = self.write_bytes(out, b"Traceback (most recent call last):");
                    let _ = self.write_bytes(out, TRACEBACK_EOL);
                    let mut i = n;
                    while i >= 3 {
                        i -= 3;
                        let file = self.list_get(tb, i);
                        let line = self.list_get(tb, i + 1);
                        let block = self.list_get(tb, i + 2);
                        let _ = self.write_bytes(out, b"  File \"");
                        let _ = self.print_str(out, file);
                        let _ = self.write_bytes(out, b"\", line ");
                        let _ = self.print_int_small(out, line.small_val());
                        let _ = self.write_bytes(out, b", in ");
                        let _ = self.print_str(out, block);
                        let _ = self.write_bytes(out, TRACEBACK_EOL);
                    }
                }
            }
        }
        let _ = self.print_exc_line(out, e);
        let _ = self.write_bytes(out, b"\n");
        self.unroot(1);
    }

    /// `Type: str(args)` as `mp_obj_exception_print` with PRINT_EXC.
    fn print_exc_line(&mut self, out: Out, e: Obj) -> R<()> {
        if self.is_user_instance(e) {
            // A class's own __repr__ replaces the whole line (instance_print, PRINT_EXC).
            if let Some(m) = self.lookup_special(e, crate::qs!(self, "__repr__"))? {
                let s = self.call_method_obj(m, e, &[])?;
                return self.print(out, s, false);
            }
        }
        let t = self.type_of(e);
        let name = self.get(t, ty::NAME);
        self.print_str(out, name)?;
        if !self.is_exception(e) {
            return Ok(());
        }
        self.write_bytes(out, b": ")?;
        self.print_exc_args_str(out, e)
    }

    /// The value of a StopIteration (its first arg, or None).
    pub(crate) fn exc_value(&self, e: Obj) -> Obj {
        let args = self.get(e, 1);
        if self.tuple_len(args) > 0 {
            self.tuple_get(args, 0)
        } else {
            Obj::NONE
        }
    }
}

/// Print an uncaught exception as the unix port does and give the exit status.
pub(crate) fn top_level<P: Port>(vm: &mut Vm<P>) -> i32 {
    let e = vm.cur_exc();
    if vm.exc_match(e, T::SystemExit) {
        let args = vm.get(e, 1);
        if vm.tuple_len(args) == 0 {
            return 0;
        }
        let v = vm.tuple_get(args, 0);
        if v.is_small() {
            return v.small_val() as i32;
        }
        if v == Obj::NONE {
            return 0;
        }
        let _ = vm.print(Out::Stderr, v, false);
        let _ = vm.write_bytes(Out::Stderr, b"\n");
        return 1;
    }
    let out = if vm.traceback_to_stdout {
        Out::Stdout
    } else {
        Out::Stderr
    };
    vm.print_exception(out, e);
    1
}
