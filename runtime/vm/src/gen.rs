//! Generators (MicroPython's `py/objgenerator.c`): a generator keeps a copy of its frame in the
//! heap; resuming copies it onto the pystack, runs it, and copies it back when it yields.
//!
//! ```text
//!  generator [Generator, function, ip << 2 | state, sp - fb | exc_n << HALF,
//!             frame words from H on (locals, value stack, exception stack)]
//!            state: 0 not started, 1 suspended, 2 running, 3 finished
//! ```
//!
//! The frame's size comes from the function's raw code (`frame_words`), and its header (the
//! function, raw code, globals, no class locals) from the function at each resume: a
//! generator of a small function takes two blocks, as MicroPython's `mp_obj_gen_instance_t`.
use crate::interp::{Frame, Ret, H};
use crate::obj::{Obj, T};
use crate::{root, Exc, Port, Vm, R};

const G_FUN: usize = 1;
/// `ip << 2 | state` (a small int).
const G_IP_STATE: usize = 2;
/// `sp - fb | exc_n << HALF` (a small int).
const G_SP_EXC: usize = 3;
/// Word of the frame's word `H`: frame word `i` is at `G_FRAME + i - H`.
const G_FRAME: usize = 4;
/// `G_SP_EXC`'s packing: `sp - fb` in the low bits (a frame is at most `LO_MAX` words).
const HALF: u32 = 16;
const LO_MAX: usize = (1 << HALF) - 1;

const NOT_STARTED: isize = 0;
const SUSPENDED: isize = 1;
const RUNNING: isize = 2;
const FINISHED: isize = 3;

/// Result of resuming a generator.
pub(crate) enum GenRet {
    Yield(Obj),
    Return(Obj),
}

impl<P: Port> Vm<P> {
    /// A generator for the frame just set up at `fr.fb` (arguments in place).
    /// In the `circuitpython` build an `async def`'s (scope flag `ASYNC`) is a coroutine.
    pub(crate) fn new_generator(&mut self, fr: &Frame, words: usize, flags: u32) -> R<Obj> {
        let t =
            if cfg!(feature = "circuitpython") && flags & mpy_format::mpy::scope_flag::ASYNC != 0 {
                T::Coroutine
            } else {
                T::Generator
            };
        if words > LO_MAX {
            return Err(self.err(T::RuntimeError, "maximum recursion depth exceeded"));
        }
        let g = self.alloc_obj(self.tobj(t), G_FRAME + words - H)?;
        self.set(g, G_FUN, Obj(self.heap.ps[fr.fb]));
        self.gen_save(g, fr.ip, fr.sp - fr.fb, 0, NOT_STARTED);
        for i in H..words {
            let w = Obj(self.heap.ps[fr.fb + i]);
            self.set(g, G_FRAME + i - H, w);
        }
        Ok(g)
    }

    /// Store a suspended frame's position and the state of generator `g`.
    fn gen_save(&mut self, g: Obj, ip: usize, sp_rel: usize, exc_n: usize, state: isize) {
        self.set(g, G_IP_STATE, Obj::small((ip << 2) as isize | state));
        self.set(g, G_SP_EXC, Obj::small((sp_rel | exc_n << HALF) as isize));
    }

    /// The state of generator `g`.
    fn gen_state(&self, g: Obj) -> isize {
        self.get(g, G_IP_STATE).small_val() & 3
    }

    fn gen_set_state(&mut self, g: Obj, state: isize) {
        let v = self.get(g, G_IP_STATE).small_val();
        self.set(g, G_IP_STATE, Obj::small(v & !3 | state));
    }

    /// Words of generator `g`'s frame (from its function's raw code).
    fn gen_words(&self, g: Obj) -> usize {
        let f = self.get(g, G_FUN);
        self.frame_words(self.get(f, crate::call::fun::RC))
    }

    /// Resume generator `g` with `send` (or throw `throw` when non-NULL).
    pub(crate) fn gen_resume(&mut self, g: Obj, send: Obj, throw: Obj) -> R<GenRet> {
        let state = self.gen_state(g);
        if state == FINISHED {
            if !throw.is_null() {
                return Err(self.make_raise(throw));
            }
            return Ok(GenRet::Return(Obj::NONE));
        }
        if state == RUNNING {
            return Err(self.err(T::ValueError, "generator already executing"));
        }
        if state == NOT_STARTED && throw.is_null() && send != Obj::NONE {
            return Err(self.err(
                T::TypeError,
                "can't send non-None value to a just-started generator",
            ));
        }
        let words = self.gen_words(g);
        let fb = self.heap.sp;
        if fb + words + 8 > self.heap.ps.len() || self.depth >= self.max_depth {
            return Err(self.recursion_error());
        }
        // The frame header as call_bc writes it.
        let f = self.get(g, G_FUN);
        self.heap.ps[fb] = f.0;
        self.heap.ps[fb + 1] = self.get(f, crate::call::fun::RC).0;
        self.heap.ps[fb + 2] = self.get(f, crate::call::fun::GLOBALS).0;
        self.heap.ps[fb + 3] = 0;
        for i in H..words {
            self.heap.ps[fb + i] = self.get(g, G_FRAME + i - H).0;
        }
        self.heap.sp = fb + words;
        let mut fr = self.frame_state(fb);
        fr.ip = (self.get(g, G_IP_STATE).small_val() >> 2) as usize;
        let sp_exc = self.get(g, G_SP_EXC).small_val() as usize;
        fr.sp = fb + (sp_exc & LO_MAX);
        fr.exc_n = sp_exc >> HALF;
        // The exception blocks keep their value-stack position relative to the frame while
        // the generator is suspended: this resume may place the frame elsewhere.
        let eb = fr.exc_base();
        for k in 0..fr.exc_n {
            let w = self.heap.ps[eb + 3 * k + 1];
            self.heap.ps[eb + 3 * k + 1] = (((w >> 1) + fb) << 1) | (w & 1);
        }
        if state == SUSPENDED && throw.is_null() {
            self.heap.ps[fr.sp] = send.0;
        }
        self.gen_set_state(g, RUNNING);
        // Keep the generator alive (it is normally on the caller's stack anyway).
        let gslot = self.heap.sp;
        self.root(g)?;
        let inject = if throw.is_null() {
            Obj::NULL
        } else if fr.code.get(fr.ip) == Some(&mpy_format::opcode::op::YIELD_FROM) {
            // Delegating: the thrown value goes as it is to the delegate's throw().
            throw
        } else {
            match self.exc_instance(throw) {
                Ok(e) => e,
                Err(e) => {
                    self.heap.sp = fb;
                    self.gen_set_state(g, FINISHED);
                    return Err(e);
                }
            }
        };
        self.depth += 1;
        let saved = self.heap.roots[root::CUR_GLOBALS];
        self.heap.roots[root::CUR_GLOBALS] = self.heap.ps[fb + 2];
        let r = self.execute(&mut fr, inject);
        self.heap.roots[root::CUR_GLOBALS] = saved;
        self.depth -= 1;
        self.heap.sp = gslot;
        let out = match r {
            Ok(Ret::Yield(v)) => {
                let eb = fr.exc_base();
                for k in 0..fr.exc_n {
                    let w = self.heap.ps[eb + 3 * k + 1];
                    self.heap.ps[eb + 3 * k + 1] = (((w >> 1) - fb) << 1) | (w & 1);
                }
                for i in H..words {
                    let w = Obj(self.heap.ps[fb + i]);
                    self.set(g, G_FRAME + i - H, w);
                }
                self.gen_save(g, fr.ip, fr.sp - fb, fr.exc_n, SUSPENDED);
                Ok(GenRet::Yield(v))
            }
            Ok(Ret::Return(v)) => {
                self.gen_finish(g, words);
                Ok(GenRet::Return(v))
            }
            Err(Exc) => {
                self.gen_finish(g, words);
                let e = self.cur_exc();
                if self.is_exception(e) && self.exc_match(e, T::StopIteration) {
                    Err(self.err(T::RuntimeError, "generator raised StopIteration"))
                } else {
                    Err(Exc)
                }
            }
        };
        self.heap.sp = fb;
        out
    }

    fn gen_finish(&mut self, g: Obj, words: usize) {
        self.gen_set_state(g, FINISHED);
        // Drop the frame's references so they can be collected.
        for i in H..words {
            self.set(g, G_FRAME + i - H, Obj::NULL);
        }
    }

    /// An exception instance for `o` (a class is instantiated).
    pub(crate) fn exc_instance(&mut self, o: Obj) -> R<Obj> {
        if self.is_exception(o) {
            return Ok(o);
        }
        let _ = self.make_raise(o);
        let e = self.cur_exc();
        if self.is_exception(e) {
            Ok(e)
        } else {
            Err(Exc)
        }
    }

    /// Resume any iterator-like object (`mp_resume`) for `yield from`.
    fn resume_obj(&mut self, it: Obj, send: Obj, throw: Obj) -> R<GenRet> {
        if it.is_ptr() && self.tid(it).is_generator() && !self.is_user_instance(it) {
            return self.gen_resume(it, send, throw);
        }
        if throw.is_null() {
            if send == Obj::NONE && self.is_user_instance(it) {
                // A class's __next__: its StopIteration's value is the delegation's result.
                let r = self.call_method_named(it, "__next__", &[]);
                return self.resume_result(r);
            }
            if send == Obj::NONE {
                return match self.iter_next(it) {
                    Ok(Some(v)) => Ok(GenRet::Yield(v)),
                    Ok(None) => Ok(GenRet::Return(Obj::NONE)),
                    Err(e) => Err(e),
                };
            }
            let r = self.call_method_named(it, "send", &[send]);
            return self.resume_result(r);
        }
        // GeneratorExit (close): the object's close() if it has one (never its throw()).
        if self.exc_match(throw, T::GeneratorExit) {
            if let Some((m, s)) = self.load_method_maybe(it, crate::qs!(self, "close"))? {
                let v = self.call_method_pair(m, s, &[])?;
                return Ok(GenRet::Return(v));
            }
            return Err(self.make_raise(throw));
        }
        // Throw: use the object's throw() if it has one, else raise it here.
        let q = crate::qs!(self, "throw");
        let (m, s) = match self.load_method_maybe(it, q)? {
            Some(p) => p,
            None => return Err(self.make_raise(throw)),
        };
        let r = self.call_method_pair(m, s, &[throw]);
        self.resume_result(r)
    }

    fn resume_result(&mut self, r: R<Obj>) -> R<GenRet> {
        match r {
            Ok(v) => Ok(GenRet::Yield(v)),
            Err(e) => {
                let x = self.cur_exc();
                if self.exc_match(x, T::StopIteration) {
                    Ok(GenRet::Return(self.exc_value(x)))
                } else {
                    Err(e)
                }
            }
        }
    }

    /// `YIELD_FROM`: Some(value) to yield, None when the sub-iterator finished.
    pub(crate) fn yield_from(&mut self, f: &mut Frame) -> R<Option<Obj>> {
        let send = Obj(self.heap.ps[f.sp]);
        f.sp -= 1;
        let it = Obj(self.heap.ps[f.sp]);
        let is_gen = it.is_ptr() && self.tid(it).is_generator();
        match self.resume_obj(it, send, Obj::NULL) {
            Ok(GenRet::Yield(v)) => {
                f.ip = f.op_ip;
                f.sp += 1;
                self.heap.ps[f.sp] = v.0;
                Ok(Some(v))
            }
            Ok(GenRet::Return(v)) => {
                self.heap.ps[f.sp] = v.0;
                Ok(None)
            }
            Err(e) => {
                // A generator "returned an exception": pop it. Anything else raised from
                // inside mp_resume, with sp still at the iterator (a StopIteration's value
                // replaces it there).
                if is_gen {
                    f.sp -= 1;
                }
                Err(e)
            }
        }
    }

    /// `throw()` into a generator suspended at `YIELD_FROM`.
    pub(crate) fn yield_from_throw(&mut self, f: &mut Frame, exc: Obj) -> R<Option<Ret>> {
        f.sp -= 1;
        let it = Obj(self.heap.ps[f.sp]);
        self.root(exc)?;
        let r = self.resume_obj(it, Obj::NULL, exc);
        self.unroot(1);
        match r {
            Ok(GenRet::Yield(v)) => {
                f.ip = f.op_ip;
                f.sp += 1;
                self.heap.ps[f.sp] = v.0;
                Ok(Some(Ret::Yield(v)))
            }
            Ok(GenRet::Return(v)) => {
                self.heap.ps[f.sp] = v.0;
                f.ip = f.op_ip + 1;
                if self.exc_match(exc, T::GeneratorExit) {
                    return Err(self.make_raise(exc));
                }
                Ok(None)
            }
            Err(e) => {
                f.sp -= 1;
                f.ip = f.op_ip + 1;
                // Not the delegation's own end: do not let a StopIteration become its value.
                f.op_ip += 1;
                Err(e)
            }
        }
    }

    /// `gen.close()`.
    pub(crate) fn gen_close(&mut self, g: Obj) -> R<Obj> {
        let state = self.gen_state(g);
        if state == NOT_STARTED || state == FINISHED {
            self.gen_set_state(g, FINISHED);
            return Ok(Obj::NONE);
        }
        let ge = Obj(self.heap.roots[root::GEN_EXIT]);
        match self.gen_resume(g, Obj::NONE, ge) {
            Ok(GenRet::Yield(_)) => {
                Err(self.err(T::RuntimeError, "generator ignored GeneratorExit"))
            }
            Ok(GenRet::Return(v)) => Ok(v),
            Err(e) => {
                let x = self.cur_exc();
                if self.exc_match(x, T::GeneratorExit) || self.exc_match(x, T::StopIteration) {
                    Ok(Obj::NONE)
                } else {
                    Err(e)
                }
            }
        }
    }
}
