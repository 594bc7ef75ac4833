//! The bytecode interpreter (MicroPython's `py/vm.c`): one `match` over the opcode byte.
//!
//! A frame (code state) lives on the pystack at `fb`:
//! ```text
//!  fb+0 function   fb+1 raw code   fb+2 globals dict   fb+3 locals dict (or NULL)
//!  fb+4 ...        state[n_state]: value stack grows up from state[0],
//!                  local i is state[n_state-1-i] (as in MicroPython)
//!  then            exception stack: n_exc_stack entries of 3 words
//!                  [handler ip, (val_sp << 1) | is_finally, prev exception]
//! ```
//! `sp` is the pystack index of the top of the value stack (state[0]-1 when empty), as
//! MicroPython's `sp` points at TOS. Unwind markers pushed for `finally` are small ints.
use crate::load::{ctx, rc};
use crate::obj::{Obj, T};
use crate::{Exc, Port, Vm, R};
use mpy_format::opcode::op;

/// Frame header words.
pub(crate) const H: usize = 4;

/// How a frame's execution ended (apart from an exception).
pub(crate) enum Ret {
    Return(Obj),
    Yield(Obj),
}

/// The interpreter state of one running frame.
pub(crate) struct Frame {
    pub fb: usize,
    pub ip: usize,
    pub sp: usize,
    /// Number of active exception-stack entries.
    pub exc_n: usize,
    /// ip of the opcode being run (for handlers and line numbers).
    pub op_ip: usize,
    pub code: &'static [u8],
    pub n_state: usize,
    pub ops_off: usize,
    /// Address of the qstr and object tables, and their lengths.
    pub qt: usize,
    pub n_qstr: usize,
    pub ot: usize,
    pub n_obj: usize,
}

impl Frame {
    #[inline(always)]
    pub(crate) fn local(&self, i: usize) -> usize {
        self.fb + H + self.n_state - 1 - i
    }
    #[inline(always)]
    pub(crate) fn exc_base(&self) -> usize {
        self.fb + H + self.n_state
    }
}

impl<P: Port> Vm<P> {
    /// Size in words of a frame for raw code `r`.
    pub(crate) fn frame_words(&self, r: Obj) -> usize {
        H + self.rc_count(r, rc::N_STATE) + 3 * self.rc_count(r, rc::N_EXC)
    }

    /// Build the interpreter state for the frame at `fb` (header already written).
    pub(crate) fn frame_state(&self, fb: usize) -> Frame {
        let r = Obj(self.heap.ps[fb + 1]);
        let c = self.get(r, rc::CONTEXT);
        let code = self.rc_code(r);
        let ops_off = self.get(r, rc::OPS_OFF).small_val() as usize;
        let n_state = self.rc_count(r, rc::N_STATE);
        Frame {
            fb,
            ip: ops_off,
            sp: fb + H - 1,
            exc_n: 0,
            op_ip: ops_off,
            code,
            n_state,
            ops_off,
            qt: self.get(c, ctx::QSTRS).0,
            n_qstr: self.get(c, ctx::N_QSTR).small_val() as usize,
            ot: self.get(c, ctx::OBJS).0,
            n_obj: self.get(c, ctx::N_OBJ).small_val() as usize,
        }
    }

    /// Run frame `f` until it returns, yields or raises. `inject` (non-NULL) is an exception
    /// to raise at the current ip (generator `throw`).
    pub(crate) fn execute(&mut self, f: &mut Frame, inject: Obj) -> R<Ret> {
        // Only a native function loaded from a .mpy has no code (see load.rs): it cannot run.
        if f.code.is_empty() {
            return Err(self.err(T::ValueError, "native code in .mpy unsupported"));
        }
        let mut pending = if inject.is_null() { None } else { Some(inject) };
        loop {
            let r = match pending.take() {
                Some(e) => {
                    f.op_ip = f.ip;
                    if f.code.get(f.ip) == Some(&op::YIELD_FROM) {
                        // Throw into the delegated-to generator.
                        match self.yield_from_throw(f, e) {
                            Ok(Some(r)) => Ok(r),
                            Ok(None) => self.run(f),
                            Err(x) => Err(x),
                        }
                    } else {
                        Err(self.raise(e))
                    }
                }
                None => self.run(f),
            };
            match r {
                Ok(ret) => return Ok(ret),
                Err(Exc) => {
                    if !self.handle_exception(f)? {
                        continue;
                    }
                }
            }
        }
    }

    /// Route the current exception to a handler of `f`: Ok(false) when one was found (continue
    /// running), Err when it propagates out of the frame.
    fn handle_exception(&mut self, f: &mut Frame) -> R<bool> {
        let e = self.cur_exc();
        let op_byte = f.code.get(f.op_ip).copied().unwrap_or(0);
        if self.is_exception(e) && self.exc_match(e, T::StopIteration) {
            if op_byte == op::FOR_ITER {
                // StopIteration from a for loop's iterator ends the loop.
                let mut ip = f.op_ip + 1;
                let off = decode_ulabel(f.code, &mut ip).ok_or_else(|| self.bad_code())?;
                f.ip = ip + off;
                f.sp -= 4;
                return Ok(false);
            }
            if op_byte == op::YIELD_FROM {
                let v = self.exc_value(e);
                self.heap.ps[f.sp] = v.0;
                f.ip = f.op_ip + 1;
                return Ok(false);
            }
        }
        if op_byte != op::END_FINALLY && op_byte != op::RAISE_LAST {
            let r = Obj(self.heap.ps[f.fb + 1]);
            let c = self.get(r, rc::CONTEXT);
            let file = self.get(c, ctx::FILE);
            let name = self.get(r, rc::NAME);
            let line = self.rc_line(r, f.op_ip.saturating_sub(f.ops_off));
            self.add_traceback(e, file, line, name);
        }
        // Drop handlers at or after the faulting instruction's position (nested handlers that
        // are already running).
        let mut dropped = false;
        while f.exc_n > 0 {
            let ent = f.exc_base() + 3 * (f.exc_n - 1);
            if self.heap.ps[ent] > f.op_ip {
                break;
            }
            f.exc_n -= 1;
            dropped = true;
        }
        if f.exc_n == 0 {
            self.raise(e);
            return Err(Exc);
        }
        let ent = f.exc_base() + 3 * (f.exc_n - 1);
        f.ip = self.heap.ps[ent];
        let mut sp = self.heap.ps[ent + 1] >> 1;
        self.heap.ps[ent + 2] = e.0;
        // MicroPython sets sys.exc_info() to the exception, then popping a running handler
        // clears it again.
        self.set_exc_info(if dropped { Obj::NONE } else { e });
        sp += 1;
        self.heap.ps[sp] = e.0;
        f.sp = sp;
        Ok(false)
    }

    pub(crate) fn bad_code(&mut self) -> Exc {
        self.err(T::ValueError, "incompatible .mpy file")
    }

    /// The opcode loop.
    fn run(&mut self, f: &mut Frame) -> R<Ret> {
        let code = f.code;
        loop {
            f.op_ip = f.ip;
            let Some(&opc) = code.get(f.ip) else {
                return Err(self.bad_code());
            };
            f.ip += 1;
            match opc {
                0xb0..=0xbf => {
                    let v = Obj(self.heap.ps[f.local((opc - 0xb0) as usize)]);
                    if v.is_null() {
                        return Err(self.unbound_local());
                    }
                    f.sp += 1;
                    self.heap.ps[f.sp] = v.0;
                }
                0xc0..=0xcf => {
                    let v = self.heap.ps[f.sp];
                    f.sp -= 1;
                    let l = f.local((opc - 0xc0) as usize);
                    self.heap.ps[l] = v;
                }
                0x70..=0xaf => {
                    f.sp += 1;
                    self.heap.ps[f.sp] = Obj::small(opc as isize - 0x80).0;
                }
                0xd7..=0xf9 => {
                    let rhs = Obj(self.heap.ps[f.sp]);
                    let lhs = Obj(self.heap.ps[f.sp - 1]);
                    let bop = opc - 0xd7;
                    let v = if lhs.is_small() && rhs.is_small() {
                        match crate::ops::small_binop(bop, lhs.small_val(), rhs.small_val()) {
                            Some(v) => v,
                            None => self.binary_op(bop, lhs, rhs)?,
                        }
                    } else {
                        self.binary_op(bop, lhs, rhs)?
                    };
                    f.sp -= 1;
                    self.heap.ps[f.sp] = v.0;
                }
                0xd0..=0xd3 => {
                    let v = Obj(self.heap.ps[f.sp]);
                    let r = self.unary_op(opc - 0xd0, v)?;
                    self.heap.ps[f.sp] = r.0;
                }
                op::LOAD_CONST_FALSE => self.push(f, Obj::FALSE),
                op::LOAD_CONST_NONE => self.push(f, Obj::NONE),
                op::LOAD_CONST_TRUE => self.push(f, Obj::TRUE),
                op::LOAD_NULL => self.push(f, Obj::NULL),
                op::LOAD_CONST_SMALL_INT => {
                    let v = self.decode_sint(f)?;
                    self.push(f, Obj::small(v));
                }
                op::LOAD_CONST_STRING => {
                    let q = self.decode_qstr(f)?;
                    self.push(f, q);
                }
                op::LOAD_CONST_OBJ => {
                    let i = self.decode_uint(f)?;
                    if i >= f.n_obj {
                        return Err(self.bad_code());
                    }
                    let v = Obj(self.rdw(f.ot, i));
                    self.push(f, v);
                }
                op::LOAD_FAST_N => {
                    let i = self.decode_local(f)?;
                    let v = Obj(self.heap.ps[f.local(i)]);
                    if v.is_null() {
                        return Err(self.unbound_local());
                    }
                    self.push(f, v);
                }
                op::STORE_FAST_N => {
                    let i = self.decode_local(f)?;
                    let v = self.pop(f);
                    self.heap.ps[f.local(i)] = v.0;
                }
                op::DELETE_FAST => {
                    let i = self.decode_local(f)?;
                    if self.heap.ps[f.local(i)] == 0 {
                        return Err(self.unbound_local());
                    }
                    self.heap.ps[f.local(i)] = 0;
                }
                op::LOAD_DEREF => {
                    let i = self.decode_local(f)?;
                    let c = Obj(self.heap.ps[f.local(i)]);
                    let v = self.cell_get(c)?;
                    if v.is_null() {
                        return Err(self.unbound_local());
                    }
                    self.push(f, v);
                }
                op::STORE_DEREF => {
                    let i = self.decode_local(f)?;
                    let c = Obj(self.heap.ps[f.local(i)]);
                    let v = self.pop(f);
                    self.cell_set(c, v)?;
                }
                op::DELETE_DEREF => {
                    let i = self.decode_local(f)?;
                    let c = Obj(self.heap.ps[f.local(i)]);
                    if self.cell_get(c)?.is_null() {
                        return Err(self.unbound_local());
                    }
                    self.cell_set(c, Obj::NULL)?;
                }
                op::LOAD_NAME => {
                    let q = self.decode_qstr(f)?;
                    let v = self.load_name(f, q)?;
                    self.push(f, v);
                }
                op::LOAD_GLOBAL => {
                    let q = self.decode_qstr(f)?;
                    let g = Obj(self.heap.ps[f.fb + 2]);
                    let v = self.load_global(g, q)?;
                    self.push(f, v);
                }
                op::STORE_NAME => {
                    let q = self.decode_qstr(f)?;
                    let v = Obj(self.heap.ps[f.sp]);
                    let d = self.frame_locals(f);
                    self.map_store(d, q, v)?;
                    f.sp -= 1;
                }
                op::STORE_GLOBAL => {
                    let q = self.decode_qstr(f)?;
                    let v = Obj(self.heap.ps[f.sp]);
                    let g = Obj(self.heap.ps[f.fb + 2]);
                    self.map_store(g, q, v)?;
                    f.sp -= 1;
                }
                op::DELETE_NAME => {
                    let q = self.decode_qstr(f)?;
                    let d = self.frame_locals(f);
                    if self.map_remove(d, q)?.is_none() {
                        return Err(self.name_error(q));
                    }
                }
                op::DELETE_GLOBAL => {
                    let q = self.decode_qstr(f)?;
                    let g = Obj(self.heap.ps[f.fb + 2]);
                    if self.map_remove(g, q)?.is_none() {
                        return Err(self.name_error(q));
                    }
                }
                op::LOAD_ATTR => {
                    let q = self.decode_qstr(f)?;
                    let o = Obj(self.heap.ps[f.sp]);
                    let v = self.load_attr(o, q)?;
                    self.heap.ps[f.sp] = v.0;
                }
                op::LOAD_METHOD => {
                    let q = self.decode_qstr(f)?;
                    let o = Obj(self.heap.ps[f.sp]);
                    let (m, s) = self.load_method(o, q)?;
                    self.heap.ps[f.sp] = m.0;
                    self.push(f, s);
                }
                op::LOAD_SUPER_METHOD => {
                    let q = self.decode_qstr(f)?;
                    // (super, __class__, self) -> (method, self)
                    f.sp -= 1;
                    let cls = Obj(self.heap.ps[f.sp]);
                    let obj = Obj(self.heap.ps[f.sp + 1]);
                    let (m, s) = self.load_super_method(cls, obj, q)?;
                    self.heap.ps[f.sp - 1] = m.0;
                    self.heap.ps[f.sp] = s.0;
                }
                op::STORE_ATTR => {
                    let q = self.decode_qstr(f)?;
                    let o = Obj(self.heap.ps[f.sp]);
                    let v = Obj(self.heap.ps[f.sp - 1]);
                    self.store_attr(o, q, v)?;
                    f.sp -= 2;
                }
                op::LOAD_BUILD_CLASS => {
                    let b = self.builtin_obj_make(crate::builtins::BUILD_CLASS)?;
                    self.push(f, b);
                }
                op::LOAD_SUBSCR => {
                    let idx = Obj(self.heap.ps[f.sp]);
                    let o = Obj(self.heap.ps[f.sp - 1]);
                    let v = match self.fast_index(o, idx) {
                        Some((true, i)) => self.list_get(o, i),
                        Some((false, i)) => self.tuple_get(o, i),
                        None => self.subscr(o, idx, Obj::SENTINEL)?,
                    };
                    f.sp -= 1;
                    self.heap.ps[f.sp] = v.0;
                }
                op::STORE_SUBSCR => {
                    let idx = Obj(self.heap.ps[f.sp]);
                    let o = Obj(self.heap.ps[f.sp - 1]);
                    let v = Obj(self.heap.ps[f.sp - 2]);
                    // (v NULL is `del o[idx]`.)
                    match self.fast_index(o, idx) {
                        Some((true, i)) if !v.is_null() => self.list_set(o, i, v),
                        _ => {
                            self.subscr(o, idx, v)?;
                        }
                    }
                    f.sp -= 3;
                }
                op::DUP_TOP => {
                    let v = Obj(self.heap.ps[f.sp]);
                    self.push(f, v);
                }
                op::DUP_TOP_TWO => {
                    let a = Obj(self.heap.ps[f.sp - 1]);
                    let b = Obj(self.heap.ps[f.sp]);
                    self.push(f, a);
                    self.push(f, b);
                }
                op::POP_TOP => f.sp -= 1,
                op::ROT_TWO => self.heap.ps.swap(f.sp, f.sp - 1),
                op::ROT_THREE => {
                    let top = self.heap.ps[f.sp];
                    self.heap.ps[f.sp] = self.heap.ps[f.sp - 1];
                    self.heap.ps[f.sp - 1] = self.heap.ps[f.sp - 2];
                    self.heap.ps[f.sp - 2] = top;
                }
                op::JUMP => {
                    if self.pending() {
                        self.run_pending()?;
                    }
                    let off = self.decode_slabel(f)?;
                    f.ip = (f.ip as isize + off) as usize;
                }
                op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE => {
                    if self.pending() {
                        self.run_pending()?;
                    }
                    let off = self.decode_slabel(f)?;
                    let v = self.pop(f);
                    let t = self.truthy(v)?;
                    if t == (opc == op::POP_JUMP_IF_TRUE) {
                        f.ip = (f.ip as isize + off) as usize;
                    }
                }
                op::JUMP_IF_TRUE_OR_POP | op::JUMP_IF_FALSE_OR_POP => {
                    if self.pending() {
                        self.run_pending()?;
                    }
                    let off = self.decode_ulabel_f(f)?;
                    let v = Obj(self.heap.ps[f.sp]);
                    let t = self.truthy(v)?;
                    if t == (opc == op::JUMP_IF_TRUE_OR_POP) {
                        f.ip += off;
                    } else {
                        f.sp -= 1;
                    }
                }
                op::SETUP_WITH => {
                    let off = self.decode_ulabel_f(f)?;
                    let o = Obj(self.heap.ps[f.sp]);
                    let (exit_m, exit_s) = self.load_method(o, crate::qs!(self, "__exit__"))?;
                    self.heap.ps[f.sp] = exit_m.0;
                    self.push(f, exit_s);
                    let (enter_m, enter_s) = self.load_method(o, crate::qs!(self, "__enter__"))?;
                    // __exit__ and self are on the stack: the call below is safe for GC.
                    let ret = self.call_method_pair(enter_m, enter_s, &[])?;
                    self.push_exc_block(f, f.ip + off, true)?;
                    self.push(f, ret);
                }
                op::WITH_CLEANUP => self.with_cleanup(f)?,
                op::SETUP_EXCEPT | op::SETUP_FINALLY => {
                    let off = self.decode_ulabel_f(f)?;
                    self.push_exc_block(f, f.ip + off, opc == op::SETUP_FINALLY)?;
                }
                op::END_FINALLY => {
                    f.exc_n = f.exc_n.saturating_sub(1);
                    let top = Obj(self.heap.ps[f.sp]);
                    if top == Obj::NONE {
                        f.sp -= 1;
                    } else if top.is_small() {
                        f.sp -= 1;
                        let cause = top.small_val();
                        if cause < 0 {
                            if let Some(r) = self.unwind_return(f)? {
                                return Ok(r);
                            }
                        } else {
                            self.unwind_jump(f, cause as usize)?;
                        }
                    } else {
                        return Err(self.raise(top));
                    }
                }
                op::UNWIND_JUMP => {
                    let off = self.decode_slabel(f)?;
                    let Some(&n) = code.get(f.ip) else {
                        return Err(self.bad_code());
                    };
                    f.ip += 1;
                    let dest = (f.ip as isize - 1 + off) as usize;
                    self.push(f, Obj::small(dest as isize));
                    self.unwind_jump(f, n as usize)?;
                }
                op::POP_EXCEPT_JUMP => {
                    if self.pending() {
                        self.run_pending()?;
                    }
                    let off = self.decode_ulabel_f(f)?;
                    f.exc_n = f.exc_n.saturating_sub(1);
                    f.ip += off;
                    if self.exc_info_set {
                        self.set_exc_info(Obj::NONE);
                    }
                }
                op::GET_ITER => {
                    let o = Obj(self.heap.ps[f.sp]);
                    let it = self.get_iter(o)?;
                    self.heap.ps[f.sp] = it.0;
                }
                op::GET_ITER_STACK => {
                    // 4 slots: [NULL, iterator, -, -], or for a built-in iterable walked
                    // in place (no allocation, as MicroPython's iter_buf):
                    // [small kind, object, small position, -].
                    let o = Obj(self.heap.ps[f.sp]);
                    if let Some((seq, kind)) = self.iter_inline(o) {
                        self.heap.ps[f.sp] = Obj::small(kind).0;
                        self.heap.ps[f.sp + 1] = seq.0;
                        self.heap.ps[f.sp + 2] = Obj::small(0).0;
                    } else {
                        let it = self.get_iter(o)?;
                        self.heap.ps[f.sp] = 0;
                        self.heap.ps[f.sp + 1] = it.0;
                        self.heap.ps[f.sp + 2] = 0;
                    }
                    self.heap.ps[f.sp + 3] = 0;
                    f.sp += 3;
                }
                op::FOR_ITER => {
                    let off = self.decode_ulabel_f(f)?;
                    let it = Obj(self.heap.ps[f.sp - 2]);
                    let mark = Obj(self.heap.ps[f.sp - 3]);
                    let next = if mark.is_small() {
                        let i = Obj(self.heap.ps[f.sp - 1]).small_val() as usize;
                        self.iter_step(it, i, mark.small_val())?.map(|(v, i)| {
                            self.heap.ps[f.sp - 1] = Obj::small(i as isize).0;
                            v
                        })
                    } else {
                        self.iter_next(it)?
                    };
                    match next {
                        Some(v) => self.push(f, v),
                        None => {
                            f.sp -= 4;
                            f.ip += off;
                        }
                    }
                }
                op::BUILD_TUPLE => {
                    let n = self.decode_uint(f)?;
                    self.need(f, n)?;
                    let start = f.sp + 1 - n;
                    let t = self.new_tuple_ps(start, n)?;
                    f.sp = start;
                    self.heap.ps[f.sp] = t.0;
                }
                op::BUILD_LIST => {
                    let n = self.decode_uint(f)?;
                    self.need(f, n)?;
                    let start = f.sp + 1 - n;
                    let l = self.new_list_ps(start, n)?;
                    f.sp = start;
                    self.heap.ps[f.sp] = l.0;
                }
                op::BUILD_MAP => {
                    let n = self.decode_uint(f)?;
                    let d = self.new_dict(n)?;
                    self.push(f, d);
                }
                op::STORE_MAP => {
                    let k = Obj(self.heap.ps[f.sp]);
                    let v = Obj(self.heap.ps[f.sp - 1]);
                    let d = Obj(self.heap.ps[f.sp - 2]);
                    self.map_store(d, k, v)?;
                    f.sp -= 2;
                }
                op::BUILD_SET => {
                    let n = self.decode_uint(f)?;
                    self.need(f, n)?;
                    let start = f.sp + 1 - n;
                    let s = self.new_map(T::Set, 0)?;
                    self.root(s)?;
                    for i in 0..n {
                        let v = Obj(self.heap.ps[start + i]);
                        if let Err(e) = self.set_add(s, v) {
                            self.unroot(1);
                            return Err(e);
                        }
                    }
                    self.unroot(1);
                    f.sp = start;
                    self.heap.ps[f.sp] = s.0;
                }
                op::BUILD_SLICE => {
                    let n = self.decode_uint(f)?;
                    self.need(f, n.max(2))?;
                    let step = if n == 3 { self.pop(f) } else { Obj::NONE };
                    let stop = Obj(self.heap.ps[f.sp]);
                    let start = Obj(self.heap.ps[f.sp - 1]);
                    // The subscripted object is under start and stop when there are 3 values.
                    let target = if f.sp + 1 >= f.fb + H + 3 {
                        Obj(self.heap.ps[f.sp - 2])
                    } else {
                        Obj::NULL
                    };
                    let next = f.code.get(f.ip).copied();
                    let s = match self.reusable_slice(next, target, start, stop, step) {
                        Some(s) => s,
                        None => {
                            self.root(step)?;
                            let s = self.new_slice(start, stop, step);
                            self.unroot(1);
                            s?
                        }
                    };
                    f.sp -= 1;
                    self.heap.ps[f.sp] = s.0;
                }
                op::STORE_COMP => {
                    let n = self.decode_uint(f)?;
                    self.need(f, (n >> 2) + 1)?;
                    let o = Obj(self.heap.ps[f.sp - (n >> 2)]);
                    match n & 3 {
                        0 => {
                            let v = Obj(self.heap.ps[f.sp]);
                            self.list_append(o, v)?;
                            f.sp -= 1;
                        }
                        1 => {
                            let k = Obj(self.heap.ps[f.sp]);
                            let v = Obj(self.heap.ps[f.sp - 1]);
                            self.map_store(o, k, v)?;
                            f.sp -= 2;
                        }
                        _ => {
                            let v = Obj(self.heap.ps[f.sp]);
                            self.set_add(o, v)?;
                            f.sp -= 1;
                        }
                    }
                }
                op::UNPACK_SEQUENCE => {
                    let n = self.decode_uint(f)?;
                    self.need(f, 1)?;
                    // n values replace the sequence.
                    self.room(f, n.saturating_sub(1))?;
                    self.unpack_sequence(f.sp, n)?;
                    f.sp = f.sp + n - 1;
                }
                op::UNPACK_EX => {
                    let n = self.decode_uint(f)?;
                    self.need(f, 1)?;
                    // Before + list + after values replace the sequence.
                    self.room(f, (n & 0xff) + ((n >> 8) & 0xff))?;
                    self.unpack_ex(f.sp, n)?;
                    f.sp += (n & 0xff) + ((n >> 8) & 0xff);
                }
                op::MAKE_FUNCTION => {
                    let i = self.decode_uint(f)?;
                    let fun = self.make_function(f, i, Obj::NULL, Obj::NULL)?;
                    self.push(f, fun);
                }
                op::MAKE_FUNCTION_DEFARGS => {
                    let i = self.decode_uint(f)?;
                    let kw = Obj(self.heap.ps[f.sp]);
                    let pos = Obj(self.heap.ps[f.sp - 1]);
                    let fun = self.make_function(f, i, pos, kw)?;
                    f.sp -= 1;
                    self.heap.ps[f.sp] = fun.0;
                }
                op::MAKE_CLOSURE | op::MAKE_CLOSURE_DEFARGS => {
                    let i = self.decode_uint(f)?;
                    let Some(&n) = code.get(f.ip) else {
                        return Err(self.bad_code());
                    };
                    f.ip += 1;
                    let n = n as usize;
                    self.need(
                        f,
                        n + if opc == op::MAKE_CLOSURE_DEFARGS {
                            2
                        } else {
                            0
                        },
                    )?;
                    let start = f.sp + 1 - n;
                    let (pos, kw, base) = if opc == op::MAKE_CLOSURE_DEFARGS {
                        (
                            Obj(self.heap.ps[start - 2]),
                            Obj(self.heap.ps[start - 1]),
                            start - 2,
                        )
                    } else {
                        (Obj::NULL, Obj::NULL, start)
                    };
                    let cells = self.new_tuple_ps(start, n)?;
                    self.heap.ps[start] = cells.0;
                    let fun = self.make_function(f, i, pos, kw);
                    let fun = fun?;
                    let cells = Obj(self.heap.ps[start]);
                    self.root(fun)?;
                    let r = self.set_fun_cells(fun, cells);
                    self.unroot(1);
                    r?;
                    // A function with closed-over cells is of type `closure`, as MicroPython's.
                    self.set(fun, 0, self.tobj(T::Closure));
                    f.sp = base;
                    self.heap.ps[f.sp] = fun.0;
                }
                op::CALL_FUNCTION => {
                    let n = self.decode_uint(f)?;
                    let (np, nk) = (n & 0xff, (n >> 8) & 0xff);
                    self.need(f, np + 2 * nk + 1)?;
                    f.sp -= np + 2 * nk;
                    let fun = Obj(self.heap.ps[f.sp]);
                    let v = self.call_n(fun, np, nk, f.sp + 1)?;
                    self.heap.ps[f.sp] = v.0;
                }
                op::CALL_METHOD => {
                    let n = self.decode_uint(f)?;
                    let (np, nk) = (n & 0xff, (n >> 8) & 0xff);
                    self.need(f, np + 2 * nk + 2)?;
                    f.sp -= np + 2 * nk + 1;
                    let fun = Obj(self.heap.ps[f.sp]);
                    let v = if self.heap.ps[f.sp + 1] == 0 {
                        self.call_n(fun, np, nk, f.sp + 2)?
                    } else {
                        self.call_n(fun, np + 1, nk, f.sp + 1)?
                    };
                    self.heap.ps[f.sp] = v.0;
                }
                op::CALL_FUNCTION_VAR_KW | op::CALL_METHOD_VAR_KW => {
                    let n = self.decode_uint(f)?;
                    let (np, nk) = (n & 0xff, (n >> 8) & 0xff);
                    let have_self = opc == op::CALL_METHOD_VAR_KW;
                    self.need(f, np + 2 * nk + 2 + usize::from(have_self))?;
                    f.sp -= np + 2 * nk + 1 + usize::from(have_self);
                    let v = self.call_var(f.sp, have_self, np, nk)?;
                    self.heap.ps[f.sp] = v.0;
                }
                op::RETURN_VALUE => {
                    if let Some(r) = self.unwind_return(f)? {
                        return Ok(r);
                    }
                }
                op::RAISE_LAST => {
                    let mut e = Obj::NULL;
                    let mut i = f.exc_n;
                    while i > 0 {
                        i -= 1;
                        let p = Obj(self.heap.ps[f.exc_base() + 3 * i + 2]);
                        if !p.is_null() {
                            e = p;
                            break;
                        }
                    }
                    if e.is_null() {
                        return Err(self.err(T::RuntimeError, "no active exception to reraise"));
                    }
                    return Err(self.raise(e));
                }
                op::RAISE_OBJ => {
                    let o = Obj(self.heap.ps[f.sp]);
                    return Err(self.make_raise(o));
                }
                op::RAISE_FROM => {
                    f.sp -= 1;
                    // MicroPython drops the cause, warning (MICROPY_WARNINGS) on stderr.
                    if Obj(self.heap.ps[f.sp + 1]) != Obj::NONE {
                        self.port
                            .write_err(b"Warning: exception chaining not supported\n");
                    }
                    let o = Obj(self.heap.ps[f.sp]);
                    return Err(self.make_raise(o));
                }
                op::YIELD_VALUE => {
                    let v = Obj(self.heap.ps[f.sp]);
                    return Ok(Ret::Yield(v));
                }
                op::YIELD_FROM => {
                    if let Some(v) = self.yield_from(f)? {
                        return Ok(Ret::Yield(v));
                    }
                }
                op::IMPORT_NAME => {
                    let q = self.decode_qstr(f)?;
                    let fromlist = Obj(self.heap.ps[f.sp]);
                    let level = Obj(self.heap.ps[f.sp - 1]);
                    let g = Obj(self.heap.ps[f.fb + 2]);
                    let m = self.import_name(q, fromlist, level, g)?;
                    f.sp -= 1;
                    self.heap.ps[f.sp] = m.0;
                }
                op::IMPORT_FROM => {
                    let q = self.decode_qstr(f)?;
                    let m = Obj(self.heap.ps[f.sp]);
                    let v = self.import_from(m, q)?;
                    self.push(f, v);
                }
                op::IMPORT_STAR => {
                    let m = Obj(self.heap.ps[f.sp]);
                    let d = self.frame_locals(f);
                    self.import_all(m, d)?;
                    f.sp -= 1;
                }
                _ => return Err(self.err(T::NotImplementedError, "opcode")),
            }
        }
    }

    /// The value stack holds at least `n` words: the check of the opcodes whose operand gives
    /// a count (calls, `BUILD_*`), which the load-time checks cannot bound (`verify.rs`).
    #[inline(always)]
    fn need(&mut self, f: &Frame, n: usize) -> R<()> {
        if f.sp + 1 < f.fb + H + n {
            return Err(self.bad_code());
        }
        Ok(())
    }

    /// The value stack has room for `n` more words (`UNPACK_*`).
    #[inline(always)]
    fn room(&mut self, f: &Frame, n: usize) -> R<()> {
        if f.sp + n >= f.exc_base() {
            return Err(self.bad_code());
        }
        Ok(())
    }

    /// `o[idx]` with `o` exactly a list or a tuple (not a subclass, whose `__getitem__` may
    /// differ) and `idx` a small int inside it: (is a list, the item's position). Anything
    /// else (slices, negative indices past the start, other types) takes `subscr`.
    #[inline(always)]
    fn fast_index(&self, o: Obj, idx: Obj) -> Option<(bool, usize)> {
        if !idx.is_small() || !o.is_ptr() {
            return None;
        }
        let t = self.get(o, 0);
        let is_list = t == self.tobj(T::List);
        if !is_list && t != self.tobj(T::Tuple) {
            return None;
        }
        // Lists and tuples keep their length as a small int in word 1.
        let len = self.get(o, 1).small_val();
        let mut i = idx.small_val();
        if i < 0 {
            i += len;
        }
        if i < 0 || i >= len {
            return None;
        }
        Some((is_list, i as usize))
    }

    #[inline(always)]
    fn push(&mut self, f: &mut Frame, v: Obj) {
        f.sp += 1;
        self.heap.ps[f.sp] = v.0;
    }

    #[inline(always)]
    fn pop(&mut self, f: &mut Frame) -> Obj {
        let v = Obj(self.heap.ps[f.sp]);
        f.sp -= 1;
        v
    }

    fn frame_locals(&self, f: &Frame) -> Obj {
        let l = Obj(self.heap.ps[f.fb + 3]);
        if l.is_null() {
            Obj(self.heap.ps[f.fb + 2])
        } else {
            l
        }
    }

    fn push_exc_block(&mut self, f: &mut Frame, handler: usize, finally: bool) -> R<()> {
        let n_exc = self.rc_count(Obj(self.heap.ps[f.fb + 1]), rc::N_EXC);
        if f.exc_n >= n_exc {
            return Err(self.bad_code());
        }
        let ent = f.exc_base() + 3 * f.exc_n;
        self.heap.ps[ent] = handler;
        self.heap.ps[ent + 1] = (f.sp << 1) | usize::from(finally);
        self.heap.ps[ent + 2] = 0;
        f.exc_n += 1;
        Ok(())
    }

    /// `return`: run enclosing `finally` blocks first (MicroPython's unwind_return).
    fn unwind_return(&mut self, f: &mut Frame) -> R<Option<Ret>> {
        while f.exc_n > 0 {
            let ent = f.exc_base() + 3 * (f.exc_n - 1);
            let vs = self.heap.ps[ent + 1];
            if vs & 1 != 0 {
                if self.heap.ps[ent] > f.op_ip {
                    // An inactive finally: run it, then come back with cause -1.
                    let finally_sp = vs >> 1;
                    self.heap.ps[finally_sp + 1] = self.heap.ps[f.sp];
                    f.sp = finally_sp + 1;
                    self.push(f, Obj::small(-1));
                    f.ip = self.heap.ps[ent];
                    return Ok(None);
                }
                self.cancel_active_finally(f);
            }
            f.exc_n -= 1;
        }
        Ok(Some(Ret::Return(Obj(self.heap.ps[f.sp]))))
    }

    fn cancel_active_finally(&mut self, f: &mut Frame) {
        let below = Obj(self.heap.ps[f.sp - 1]);
        if below.is_small() {
            self.heap.ps[f.sp - 2] = self.heap.ps[f.sp];
            f.sp -= 2;
        } else {
            self.heap.ps[f.sp - 1] = self.heap.ps[f.sp];
            f.sp -= 1;
        }
    }

    /// `break`/`continue` out of try/with blocks: TOS is the destination (small int).
    /// A finally whose handler starts after this opcode is not running yet: run it; one at
    /// or before it is active (MicroPython compares with its ip past the opcode).
    fn unwind_jump(&mut self, f: &mut Frame, mut unum: usize) -> R<()> {
        while unum & 0x7f > 0 {
            unum -= 1;
            if f.exc_n == 0 {
                return Err(self.bad_code());
            }
            let ent = f.exc_base() + 3 * (f.exc_n - 1);
            if self.heap.ps[ent + 1] & 1 != 0 {
                if self.heap.ps[ent] > f.op_ip {
                    self.push(f, Obj::small(unum as isize));
                    f.ip = self.heap.ps[ent];
                    return Ok(());
                }
                self.cancel_active_finally(f);
            }
            f.exc_n -= 1;
        }
        let dest = self.pop(f);
        f.ip = dest.small_val() as usize;
        if unum != 0 {
            f.sp -= 4;
        }
        Ok(())
    }

    fn with_cleanup(&mut self, f: &mut Frame) -> R<()> {
        let top = Obj(self.heap.ps[f.sp]);
        let sp = f.sp;
        if top == Obj::NONE {
            // (..., __exit__, self, None)
            let m = Obj(self.heap.ps[sp - 2]);
            let s = Obj(self.heap.ps[sp - 1]);
            self.call_method_pair(m, s, &[Obj::NONE, Obj::NONE, Obj::NONE])?;
            f.sp = sp - 2;
            self.heap.ps[f.sp] = Obj::NONE.0;
        } else if top.is_small() {
            // (..., __exit__, self, data, cause)
            let m = Obj(self.heap.ps[sp - 3]);
            let s = Obj(self.heap.ps[sp - 2]);
            self.call_method_pair(m, s, &[Obj::NONE, Obj::NONE, Obj::NONE])?;
            let data = self.heap.ps[sp - 1];
            let cause = self.heap.ps[sp];
            self.heap.ps[sp - 3] = data;
            self.heap.ps[sp - 2] = cause;
            f.sp = sp - 2;
        } else {
            // (..., __exit__, self, exc)
            let m = Obj(self.heap.ps[sp - 2]);
            let s = Obj(self.heap.ps[sp - 1]);
            let t = self.type_of(top);
            let r = self.call_method_pair(m, s, &[t, top, Obj::NONE])?;
            let swallow = self.truthy(r)?;
            f.sp = sp - 2;
            self.heap.ps[f.sp] = if swallow { Obj::NONE.0 } else { top.0 };
        }
        Ok(())
    }

    fn load_name(&mut self, f: &Frame, q: Obj) -> R<Obj> {
        let l = Obj(self.heap.ps[f.fb + 3]);
        if !l.is_null() {
            if let Some(v) = self.map_get_q(l, q) {
                return Ok(v);
            }
        }
        let g = Obj(self.heap.ps[f.fb + 2]);
        self.load_global(g, q)
    }

    pub(crate) fn load_global(&mut self, g: Obj, q: Obj) -> R<Obj> {
        if let Some(v) = self.map_get_q(g, q) {
            return Ok(v);
        }
        let b = Obj(self.heap.roots[crate::root::BUILTINS]);
        if let Some(v) = self.map_get_q(b, q) {
            return Ok(v);
        }
        if let Some(v) = crate::builtins::builtin_miss(self, q)? {
            return Ok(v);
        }
        Err(self.name_error(q))
    }

    pub(crate) fn name_error(&mut self, q: Obj) -> Exc {
        use crate::text::Part;
        self.errf(
            T::NameError,
            &[Part::S("name '"), Part::O(q), Part::S("' isn't defined")],
        )
    }

    fn unbound_local(&mut self) -> Exc {
        self.err(T::NameError, "local variable referenced before assignment")
    }

    fn cell_get(&mut self, c: Obj) -> R<Obj> {
        if c.is_ptr() && self.tid(c) == T::Cell {
            Ok(self.get(c, 1))
        } else {
            Err(self.bad_code())
        }
    }

    fn cell_set(&mut self, c: Obj, v: Obj) -> R<()> {
        if c.is_ptr() && self.tid(c) == T::Cell {
            self.set(c, 1, v);
            Ok(())
        } else {
            Err(self.bad_code())
        }
    }

    // ----- operand decoding -----

    #[inline(always)]
    fn decode_uint(&mut self, f: &mut Frame) -> R<usize> {
        let mut v: usize = 0;
        loop {
            let Some(&b) = f.code.get(f.ip) else {
                return Err(self.bad_code());
            };
            f.ip += 1;
            v = (v << 7) | (b & 0x7f) as usize;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
    }

    #[inline(always)]
    fn decode_sint(&mut self, f: &mut Frame) -> R<isize> {
        let Some(&b0) = f.code.get(f.ip) else {
            return Err(self.bad_code());
        };
        let mut v: isize = if b0 & 0x40 != 0 { -1 } else { 0 };
        loop {
            let Some(&b) = f.code.get(f.ip) else {
                return Err(self.bad_code());
            };
            f.ip += 1;
            v = v.wrapping_shl(7) | (b & 0x7f) as isize;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
    }

    #[inline(always)]
    fn decode_qstr(&mut self, f: &mut Frame) -> R<Obj> {
        let i = self.decode_uint(f)?;
        if i >= f.n_qstr {
            return Err(self.bad_code());
        }
        Ok(self.ctx_qstr(f.qt, i))
    }

    #[inline(always)]
    fn decode_local(&mut self, f: &mut Frame) -> R<usize> {
        let i = self.decode_uint(f)?;
        if i >= f.n_state {
            return Err(self.bad_code());
        }
        Ok(i)
    }

    #[inline(always)]
    fn decode_slabel(&mut self, f: &mut Frame) -> R<isize> {
        let Some(&b0) = f.code.get(f.ip) else {
            return Err(self.bad_code());
        };
        f.ip += 1;
        if b0 & 0x80 == 0 {
            Ok(b0 as isize - 0x40)
        } else {
            let Some(&b1) = f.code.get(f.ip) else {
                return Err(self.bad_code());
            };
            f.ip += 1;
            Ok(((b0 & 0x7f) as isize | ((b1 as isize) << 7)) - 0x4000)
        }
    }

    #[inline(always)]
    fn decode_ulabel_f(&mut self, f: &mut Frame) -> R<usize> {
        let mut ip = f.ip;
        let r = decode_ulabel(f.code, &mut ip);
        f.ip = ip;
        r.ok_or_else(|| self.bad_code())
    }

    fn make_function(&mut self, f: &Frame, i: usize, pos: Obj, kw: Obj) -> R<Obj> {
        let r = Obj(self.heap.ps[f.fb + 1]);
        let Some(child) = self.rc_child(r, i) else {
            return Err(self.bad_code());
        };
        let g = Obj(self.heap.ps[f.fb + 2]);
        self.new_function(child, g, pos, kw)
    }
}

/// Decode an unsigned label at `ip` (1 or 2 bytes).
pub(crate) fn decode_ulabel(code: &[u8], ip: &mut usize) -> Option<usize> {
    let b0 = *code.get(*ip)?;
    *ip += 1;
    if b0 & 0x80 == 0 {
        Some(b0 as usize)
    } else {
        let b1 = *code.get(*ip)?;
        *ip += 1;
        Some((b0 & 0x7f) as usize | ((b1 as usize) << 7))
    }
}
