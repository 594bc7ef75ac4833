//! The `micropython` module (MicroPython's `py/modmicropython.c` and `py/scheduler.c`):
//! `const`, `opt_level`, `alloc_emergency_exception_buf`, `mem_info`, `qstr_info`,
//! `stack_use`, `heap_lock`/`heap_unlock`/`heap_locked`, `kbd_intr`, `schedule`, `RingIO`
//! (in `ringio.rs`) and the undocumented `mem_total`/`mem_current`/`mem_peak`.
//!
//! With the cargo feature `circuitpython` the module has exactly CircuitPython's documented
//! subset (no `schedule`, `RingIO`, `heap_locked`, `alloc_emergency_exception_buf`), and the
//! heap-lock depth is CircuitPython's unshifted 16-bit counter.
//!
//! The schedule queue never allocates: it lives in the VM root words, so scheduling works with
//! the heap locked.
//! ```text
//!  roots[SCHED]            small int: head index | queued count << 8
//!  roots[SCHED_Q + 2i]     function of slot i
//!  roots[SCHED_Q + 2i + 1] argument of slot i          (SCHED_DEPTH slots, a ring)
//!  roots[ISR_CBS]          list of callbacks that interrupt handlers name by index
//! ```
use crate::builtins::*;
use crate::gc::W;
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::signals::Signals;
use crate::{root, Port, Vm, R};

/// Depth of the schedule queue (`MICROPY_SCHEDULER_DEPTH`).
pub const SCHED_DEPTH: usize = 4;
/// First root word of the schedule queue (2 words per slot).
const SCHED_Q: usize = crate::gc::N_ROOTS - 2 * SCHED_DEPTH;
/// Root word of the interrupt callbacks list.
const ISR_CBS: usize = 19;

/// The module's functions: MicroPython's set, or CircuitPython's documented subset.
#[cfg(not(feature = "circuitpython"))]
pub(crate) const ATTRS: &[(&str, usize)] = &[
    ("const", MP_CONST),
    ("opt_level", MP_OPT_LEVEL),
    ("alloc_emergency_exception_buf", MP_ALLOC_EMG),
    ("mem_info", MP_MEM_INFO),
    ("qstr_info", MP_QSTR_INFO),
    ("mem_total", MP_MEM_TOTAL),
    ("mem_current", MP_MEM_CURRENT),
    ("mem_peak", MP_MEM_PEAK),
    ("stack_use", MP_STACK_USE),
    ("heap_lock", MP_HEAP_LOCK),
    ("heap_unlock", MP_HEAP_UNLOCK),
    ("heap_locked", MP_HEAP_LOCKED),
    ("kbd_intr", MP_KBD_INTR),
    ("schedule", MP_SCHEDULE),
];
#[cfg(feature = "circuitpython")]
pub(crate) const ATTRS: &[(&str, usize)] = &[
    ("const", MP_CONST),
    ("opt_level", MP_OPT_LEVEL),
    ("mem_info", MP_MEM_INFO),
    ("qstr_info", MP_QSTR_INFO),
    ("stack_use", MP_STACK_USE),
    ("heap_lock", MP_HEAP_LOCK),
    ("heap_unlock", MP_HEAP_UNLOCK),
    ("kbd_intr", MP_KBD_INTR),
];

/// The heap-lock depth mask: MicroPython keeps it shifted left by one in a `uint16_t` (bit 0
/// flags a collection), so it wraps modulo 2**15; CircuitPython's counter is a plain
/// `uint16_t`.
#[cfg(not(feature = "circuitpython"))]
const LOCK_MASK: u16 = 0x7fff;
#[cfg(feature = "circuitpython")]
const LOCK_MASK: u16 = 0xffff;

/// The scheduler's root words, at VM start (callbacks may be scheduled before any import).
pub(crate) fn init_roots<P: Port>(vm: &mut Vm<P>) {
    vm.heap.roots[root::SCHED] = Obj::small(0).0;
    for i in 0..2 * SCHED_DEPTH {
        vm.heap.roots[SCHED_Q + i] = Obj::NONE.0;
    }
}

/// Is `id` one of this module's functions?
#[inline]
pub(crate) fn owns(id: usize) -> bool {
    (MP_CONST..=MP_MEM_PEAK).contains(&id)
}

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    match id {
        MP_CONST => {
            arg_count(vm, a, 1, 1)?;
            Ok(a.get(vm, 0))
        }
        MP_OPT_LEVEL => {
            arg_count(vm, a, 0, 1)?;
            if a.n == 0 {
                return Ok(Obj::small(vm.opt_level));
            }
            let v = a.get(vm, 0);
            let v = vm.get_int(v)?;
            vm.opt_level = v;
            // The compiler only knows levels 0..=3; higher ones behave as 3, negative as 0.
            vm.port.set_opt_level(v.clamp(0, 3) as u8);
            Ok(Obj::NONE)
        }
        MP_ALLOC_EMG => {
            arg_count(vm, a, 1, 1)?;
            let v = a.get(vm, 0);
            let size = vm.get_int(v)?;
            vm.alloc_emergency_exception_buf(size)?;
            Ok(Obj::NONE)
        }
        MP_MEM_INFO => {
            arg_count(vm, a, 0, 1)?;
            mem_info(vm, a.n == 1)?;
            Ok(Obj::NONE)
        }
        MP_QSTR_INFO => {
            arg_count(vm, a, 0, 1)?;
            qstr_info(vm, a.n == 1)?;
            Ok(Obj::NONE)
        }
        MP_MEM_TOTAL => Ok(Obj::small(vm.heap.total_bytes as isize)),
        MP_MEM_CURRENT => Ok(Obj::small(vm.heap.current_bytes as isize)),
        MP_MEM_PEAK => Ok(Obj::small(vm.heap.peak_bytes as isize)),
        MP_STACK_USE => {
            arg_count(vm, a, 0, 0)?;
            Ok(Obj::small((vm.heap.sp * W) as isize))
        }
        MP_HEAP_LOCK => {
            arg_count(vm, a, 0, 0)?;
            // What MicroPython keeps on the C stack must exist before the heap is locked.
            let _ = vm.stack_slice();
            vm.heap.lock_depth = vm.heap.lock_depth.wrapping_add(1) & LOCK_MASK;
            Ok(Obj::NONE)
        }
        MP_HEAP_UNLOCK => {
            arg_count(vm, a, 0, 0)?;
            // Unlocking when not locked is not checked: 0 wraps (and the heap is locked).
            vm.heap.lock_depth = vm.heap.lock_depth.wrapping_sub(1) & LOCK_MASK;
            Ok(Obj::small(vm.heap.lock_depth as isize))
        }
        MP_HEAP_LOCKED => {
            arg_count(vm, a, 0, 0)?;
            Ok(Obj::small(vm.heap.lock_depth as isize))
        }
        MP_KBD_INTR => {
            arg_count(vm, a, 1, 1)?;
            let v = a.get(vm, 0);
            let c = vm.get_int(v)?;
            if let Some(s) = vm.signals {
                s.set_interrupt_char(c);
            }
            Ok(Obj::NONE)
        }
        _ => {
            arg_count(vm, a, 2, 2)?;
            let (f, x) = (a.get(vm, 0), a.get(vm, 1));
            if !vm.schedule(f, x) {
                return Err(vm.err(T::RuntimeError, "schedule queue full"));
            }
            Ok(Obj::NONE)
        }
    }
}

/// `sys.print_exception(e[, file])`: the traceback and message as an uncaught exception
/// prints them, to `file` (sys.stdout when None; any object with `write`).
pub(crate) fn print_exception_to<P: Port>(vm: &mut Vm<P>, e: Obj, file: Obj) -> R<()> {
    let named = |vm: &Vm<P>, n: &[u8]| {
        file.is_ptr() && vm.tid(file) == T::Module && vm.str_data(vm.get(file, 2)) == n
    };
    if file == Obj::NONE || named(vm, b"stdout") {
        vm.print_exception(Out::Stdout, e);
        return Ok(());
    }
    if named(vm, b"stderr") {
        vm.print_exception(Out::Stderr, e);
        return Ok(());
    }
    // Only streams (built-in objects with `write`, e.g. io.StringIO): a class instance is
    // not one, whatever methods it has (mp_get_stream_raise).
    let stream = file.is_ptr() && !vm.is_user_instance(file) && {
        let q = vm.intern(b"write")?;
        vm.load_method_maybe(file, q)?.is_some()
    };
    if !stream {
        return Err(vm.err(T::OSError, "stream operation not supported"));
    }
    vm.root(file)?;
    let r = (|| {
        let out = vm.buf_new(T::Str)?;
        vm.print_exception(out, e);
        let s = vm.buf_finish(out);
        vm.root(s)?;
        let w = vm.attr(file, b"write");
        let r = w.and_then(|w| vm.call(w, &[s]));
        vm.unroot(1);
        r.map(|_| ())
    })();
    vm.unroot(1);
    r
}

/// Append formatted parts to a line buffer.
struct Line {
    buf: [u8; 160],
    n: usize,
}

impl Line {
    fn new() -> Self {
        Line {
            buf: [0; 160],
            n: 0,
        }
    }
    fn s(&mut self, s: &[u8]) -> &mut Self {
        let k = s.len().min(self.buf.len() - self.n);
        self.buf[self.n..self.n + k].copy_from_slice(&s[..k]);
        self.n += k;
        self
    }
    fn u(&mut self, v: usize) -> &mut Self {
        self.n += crate::text::fmt_usize(&mut self.buf[self.n..], v);
        self
    }
    /// `%0<width>x` / `%x`.
    fn hex(&mut self, v: usize, width: usize) -> &mut Self {
        let mut digits = [b'0'; 16];
        let mut k = 0;
        let mut x = v;
        loop {
            digits[k] = b"0123456789abcdef"[x & 15];
            k += 1;
            x >>= 4;
            if x == 0 {
                break;
            }
        }
        for _ in k..width {
            self.s(b"0");
        }
        for i in (0..k).rev() {
            let d = [digits[i]];
            self.s(&d);
        }
        self
    }
    fn out<P: Port>(&mut self, vm: &mut Vm<P>) -> R<()> {
        let r = vm.write_bytes(Out::Stdout, &self.buf[..self.n]);
        self.n = 0;
        r
    }
}

/// Blocks per line of the verbose heap map (`DUMP_BYTES_PER_LINE` / block size).
const MAP_LINE: usize = 64;

/// `micropython.mem_info([verbose])` in `gc_dump_info` / `gc_dump_alloc_table` formats.
fn mem_info<P: Port>(vm: &mut Vm<P>, verbose: bool) -> R<()> {
    let h = vm.heap.info();
    let mut l = Line::new();
    l.s(b"mem: total=").u(vm.heap.total_bytes);
    l.s(b", current=").u(vm.heap.current_bytes);
    l.s(b", peak=").u(vm.heap.peak_bytes).s(b"\n");
    l.s(b"stack: ").u(vm.heap.sp * W);
    l.s(b" out of ").u(vm.heap.ps.len() * W).s(b"\n");
    l.out(vm)?;
    l.s(b"GC: total: ").u(h.total).s(b", used: ").u(h.used);
    l.s(b", free: ").u(h.free).s(b"\n");
    l.s(b" No. of 1-blocks: ")
        .u(h.n_1)
        .s(b", 2-blocks: ")
        .u(h.n_2);
    l.s(b", max blk sz: ").u(h.max_block);
    l.s(b", max free sz: ").u(h.max_free).s(b"\n");
    l.out(vm)?;
    if !verbose {
        return Ok(());
    }
    let n = vm.heap.n_blocks();
    l.s(b"GC memory layout; from ")
        .hex(vm.heap.pool_addr(), 0)
        .s(b":");
    l.out(vm)?;
    let mut b = 0;
    while b < n {
        // A run of 2 or more all-free lines collapses into one line.
        let free_line =
            |vm: &Vm<P>, s: usize| (s..(s + MAP_LINE).min(n)).all(|i| vm.heap.block_kind(i) == 0);
        if free_line(vm, b) {
            let mut k = 0;
            while b + k * MAP_LINE < n && free_line(vm, b + k * MAP_LINE) {
                k += 1;
            }
            if k >= 2 {
                l.s(b"\n       (").u(k).s(b" lines all free)");
                l.out(vm)?;
                b += k * MAP_LINE;
                continue;
            }
        }
        l.s(b"\n").hex(b * crate::gc::BLOCK, 8).s(b": ");
        for i in b..(b + MAP_LINE).min(n) {
            let c = block_char(vm, i);
            l.s(&[c]);
        }
        l.out(vm)?;
        b += MAP_LINE;
    }
    l.s(b"\n");
    l.out(vm)
}

/// The verbose heap map's character for block `i`.
fn block_char<P: Port>(vm: &Vm<P>, i: usize) -> u8 {
    match vm.heap.block_kind(i) {
        0 => b'.',
        2 => b'=',
        3 => b'm',
        _ => {
            let first = Obj(vm.heap.block_word(i));
            let t = (0..crate::obj::N_TYPES).find(|&k| vm.types[k] == first);
            match t.and_then(T::from_index) {
                Some(T::Tuple) => b'T',
                Some(T::List) => b'L',
                Some(T::Dict) => b'D',
                Some(T::Str | T::Bytes) => b'S',
                Some(T::ByteArray) => b'A',
                Some(T::Float) => b'F',
                Some(T::Function | T::Closure | T::GenWrap) => b'B',
                Some(T::Module) => b'M',
                _ => b'h',
            }
        }
    }
}

/// `micropython.qstr_info([verbose])`: the qstrs interned at run time only (the built-in
/// names the VM interns while it is built are MicroPython's ROM qstrs).
fn qstr_info<P: Port>(vm: &mut Vm<P>, verbose: bool) -> R<()> {
    let first = vm.qstr_rom;
    let nq = vm.n_dyn_qstr.saturating_sub(first);
    let base = crate::qstr::DYN_BASE + first;
    let bytes: usize = (0..nq).map(|i| vm.qstr_bytes(base + i).len() + 1).sum();
    let mut l = Line::new();
    l.s(b"qstr pool: n_pool=").u(usize::from(nq > 0));
    l.s(b", n_qstr=").u(nq);
    l.s(b", n_str_data_bytes=").u(bytes);
    l.s(b", n_total_bytes=").u(bytes + nq * W).s(b"\n");
    l.out(vm)?;
    if verbose {
        for i in 0..nq {
            let q = Obj::qstr(base + i);
            vm.write_bytes(Out::Stdout, b"Q(")?;
            vm.print_str(Out::Stdout, q)?;
            vm.write_bytes(Out::Stdout, b")\n")?;
        }
    }
    Ok(())
}

impl<P: Port> Vm<P> {
    fn sched_state(&self) -> (usize, usize) {
        let s = Obj(self.heap.roots[root::SCHED]);
        let v = if s.is_small() {
            s.small_val() as usize
        } else {
            0
        };
        (v & 0xff, (v >> 8) & 0xff)
    }

    fn set_sched_state(&mut self, head: usize, len: usize) {
        self.heap.roots[root::SCHED] = Obj::small((head | len << 8) as isize).0;
        self.sched_pending = len > 0 && !self.sched_running;
    }

    /// `micropython.schedule(f, arg)`: queue a callback for a pending check; false if the
    /// queue is full. Never allocates.
    pub fn schedule(&mut self, f: Obj, x: Obj) -> bool {
        let (head, len) = self.sched_state();
        if len >= SCHED_DEPTH {
            return false;
        }
        let i = (head + len) % SCHED_DEPTH;
        self.heap.roots[SCHED_Q + 2 * i] = f.0;
        self.heap.roots[SCHED_Q + 2 * i + 1] = x.0;
        self.set_sched_state(head, len + 1);
        true
    }

    /// Is anything waiting for a pending check (a callback, a KeyboardInterrupt)?
    #[inline(always)]
    pub(crate) fn pending(&self) -> bool {
        self.sched_pending || self.signals.is_some_and(Signals::pending)
    }

    /// A pending check (`mp_handle_pending`): raise a requested KeyboardInterrupt, else run
    /// at most one scheduled callback, unless one is running already. A callback's
    /// exception is printed and swallowed, as `mp_call_function_1_protected` does.
    pub(crate) fn run_pending(&mut self) -> R<()> {
        if let Some(s) = self.signals {
            if s.take_kbd() {
                s.settle();
                let e = self.exc_new_maybe(self.tobj(T::KeyboardInterrupt), &[]);
                return Err(self.raise(e));
            }
        }
        if self.sched_running || self.callbacks_held() {
            return Ok(());
        }
        self.take_isr_callbacks();
        let (head, len) = self.sched_state();
        if len == 0 {
            self.sched_pending = false;
            return Ok(());
        }
        let f = Obj(self.heap.roots[SCHED_Q + 2 * head]);
        let x = Obj(self.heap.roots[SCHED_Q + 2 * head + 1]);
        self.heap.roots[SCHED_Q + 2 * head] = Obj::NONE.0;
        self.heap.roots[SCHED_Q + 2 * head + 1] = Obj::NONE.0;
        self.sched_running = true;
        self.set_sched_state((head + 1) % SCHED_DEPTH, len - 1);
        let saved = self.heap.roots[root::EXC];
        let r = self.call(f, &[x]);
        if r.is_err() {
            let e = self.cur_exc();
            self.print_exception(Out::Stdout, e);
        }
        self.heap.roots[root::EXC] = saved;
        self.sched_running = false;
        let (head, len) = self.sched_state();
        self.set_sched_state(head, len);
        Ok(())
    }

    /// Run pending checks until nothing is queued (end of a script, `time.sleep`).
    pub(crate) fn handle_pending(&mut self) -> R<()> {
        while self.pending() && !self.sched_running {
            // Held-back callbacks stay queued: one check still raises a KeyboardInterrupt.
            let held = self.callbacks_held();
            self.run_pending()?;
            if held {
                break;
            }
        }
        Ok(())
    }

    /// Are scheduled callbacks held back: a [`Vm::sched_lock`], or a critical region of the
    /// port ([`Port::in_critical_region`])?
    fn callbacks_held(&mut self) -> bool {
        self.sched_lock_depth > 0 || self.port.in_critical_region()
    }

    /// Move callbacks queued by interrupt handlers into the schedule queue while it has room.
    fn take_isr_callbacks(&mut self) {
        let Some(s) = self.signals else { return };
        loop {
            let (head, len) = self.sched_state();
            if len >= SCHED_DEPTH {
                break;
            }
            let Some((slot, arg)) = s.take_scheduled() else {
                break;
            };
            let cbs = Obj(self.heap.roots[ISR_CBS]);
            let f = if cbs.is_ptr() && slot < self.list_len(cbs) {
                self.list_get(cbs, slot)
            } else {
                Obj::NONE
            };
            let i = (head + len) % SCHED_DEPTH;
            self.heap.roots[SCHED_Q + 2 * i] = f.0;
            self.heap.roots[SCHED_Q + 2 * i + 1] = Obj::small(arg).0;
            self.set_sched_state(head, len + 1);
        }
        s.settle();
    }

    /// Connect interrupt-side [`Signals`]: from now on the VM looks at them at its pending
    /// checks, and `micropython.kbd_intr` sets their interrupt character.
    pub fn attach_signals(&mut self, s: &'static Signals) {
        self.signals = Some(s);
    }

    /// Hold back scheduled callbacks (`mp_sched_lock`), e.g. around a critical region of the
    /// firmware that calls into Python; [`Vm::sched_unlock`] releases them.
    /// Locks nest: callbacks run again after as many [`Vm::sched_unlock`] calls.
    pub fn sched_lock(&mut self) {
        self.sched_lock_depth = self.sched_lock_depth.saturating_add(1);
    }

    /// Undo one [`Vm::sched_lock`]; the callbacks it held back run at the next pending checks
    /// once no lock is left.
    pub fn sched_unlock(&mut self) {
        self.sched_lock_depth = self.sched_lock_depth.saturating_sub(1);
    }

    /// Register `f` as interrupt callback number `slot` (what `Signals::schedule(slot, arg)`
    /// names). Call before interrupts may use it: this allocates.
    pub fn set_isr_callback(&mut self, slot: usize, f: Obj) -> R<()> {
        let mut cbs = Obj(self.heap.roots[ISR_CBS]);
        if cbs.is_null() {
            self.root(f)?;
            let l = self.new_list(0);
            self.unroot(1);
            cbs = l?;
            self.heap.roots[ISR_CBS] = cbs.0;
        }
        self.root(f)?;
        let mut r = Ok(());
        while r.is_ok() && self.list_len(cbs) <= slot {
            r = self.list_append(cbs, Obj::NONE);
        }
        self.unroot(1);
        r?;
        self.list_set(cbs, slot, f);
        Ok(())
    }
}
