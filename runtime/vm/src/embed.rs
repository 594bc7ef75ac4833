//! The embedding API for Rust firmware: import and run modules, call Python from Rust, give
//! Python modules and functions written in Rust, and hand interrupt handlers a way in.
//!
//! # A VM on a static heap, a frozen module, a call each way
//!
//! ```
//! use mpyc_runtime::{Obj, Port, Vm, R};
//!
//! /// The firmware's port: where `print` goes, the time.
//! struct Board { out: Vec<u8> }
//! impl Port for Board {
//!     fn write_out(&mut self, b: &[u8]) { self.out.extend_from_slice(b) }
//!     fn write_err(&mut self, b: &[u8]) { self.out.extend_from_slice(b) }
//!     fn ticks_ms(&mut self) -> u64 { 0 }
//! }
//!
//! /// A Rust function Python can call: `board.scale(x)`.
//! fn scale(vm: &mut Vm<Board>, args: &[Obj]) -> R<Obj> {
//!     let x = vm.to_int(args[0])?;
//!     vm.make_int(x * 10)
//! }
//!
//! // Frozen at build time (see `mpyc::freeze::Freezer`); used in place, never copied:
//! // def double(x): return board.scale(x) // 5
//! // print('hello from', __name__)
//! static APP: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/embed_app.mpy"));
//!
//! // The heap and the Python stack: any `&'static mut` memory (a `static mut` buffer, a
//! // linker section...); here leaked boxes.
//! let heap: &'static mut [u8] = Box::leak(vec![0u8; 64 * 1024].into_boxed_slice());
//! let pystack: &'static mut [usize] = Box::leak(vec![0usize; 4096].into_boxed_slice());
//! let mut vm = Vm::new(heap, pystack, Board { out: Vec::new() }).expect("heap too small");
//!
//! let board = vm.new_module(b"board").unwrap();
//! vm.add_function(board, b"scale", scale).unwrap();
//! vm.add_frozen(b"app", APP).unwrap();
//!
//! let app = vm.import(b"app").unwrap();                 // runs the module body
//! let double = vm.attr(app, b"double").unwrap();
//! let arg = vm.make_int(21).unwrap();
//! let r = vm.call_function(double, &[arg]).unwrap();     // Python → Rust → Python
//! assert_eq!(vm.to_int(r).unwrap(), 42);
//! assert_eq!(vm.port.out, b"hello from app\n");
//! ```
//!
//! # Objects held by Rust
//!
//! The collector's roots are precise: an [`Obj`] that Rust holds stays valid until the next
//! allocation unless Python can reach it (a module's globals, `sys.modules`, an interrupt
//! callback slot). Look values up again rather than keep them across calls that allocate.
//!
//! # Errors
//!
//! An `Err(Exc)` means a Python exception is being raised; [`Vm::print_current_exception`] prints it
//! (and its traceback) as the unix port does, [`Vm::exception`] gives the object.
//!
//! # Interrupt handlers
//!
//! A [`crate::Signals`] in a `static` is `Send + Sync`: an interrupt handler (or another
//! thread) calls `schedule(slot, arg)` for a callback registered with
//! [`Vm::set_isr_callback`], or `keyboard_interrupt()`; an [`crate::IsrRing`] is a byte ring it
//! writes with no allocation, which Python reads as a `micropython.RingIO`
//! ([`Vm::new_isr_ringio`]). The VM picks all of it up between opcodes
//! ([`Vm::attach_signals`]).
//!
//! ```
//! use mpyc_runtime::{ByteRing, IsrRing, Port, Signals, Vm};
//!
//! struct Board;
//! impl Port for Board {
//!     fn write_out(&mut self, _: &[u8]) {}
//!     fn write_err(&mut self, b: &[u8]) { eprint!("{}", String::from_utf8_lossy(b)) }
//! }
//! static SIGNALS: Signals = Signals::new();
//! static RX: IsrRing<32> = IsrRing::new();
//! // got = []; def on_irq(n): got.append(board.rx.read(n))
//! // def wait(): (loop until got) return got[0]
//! static APP: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/embed_isr.mpy"));
//!
//! let heap: &'static mut [u8] = Box::leak(vec![0u8; 64 * 1024].into_boxed_slice());
//! let pystack: &'static mut [usize] = Box::leak(vec![0usize; 4096].into_boxed_slice());
//! let mut vm = Vm::new(heap, pystack, Board).unwrap();
//! vm.attach_signals(&SIGNALS);
//! let board = vm.new_module(b"board").unwrap();
//! let rx = vm.new_isr_ringio(&RX).unwrap();
//! vm.set_attr(board, b"rx", rx).unwrap();
//! vm.add_frozen(b"app", APP).unwrap();
//! let app = vm.import(b"app").unwrap();
//! let on_irq = vm.attr(app, b"on_irq").unwrap();
//! vm.set_isr_callback(0, on_irq).unwrap();
//!
//! // The "interrupt": another thread; it only touches the statics (no VM, no allocation).
//! std::thread::spawn(|| {
//!     let n = RX.write(b"ping");
//!     assert!(SIGNALS.schedule(0, n as isize));
//! })
//! .join()
//! .unwrap();
//!
//! let wait = vm.attr(app, b"wait").unwrap();
//! let got = vm.call_function(wait, &[]).unwrap(); // the callback runs at a loop jump
//! assert_eq!(vm.text(got), Some(&b"ping"[..]));
//! ```
use crate::builtins::{Args, N_BUILTINS};
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::signals::ByteRing;
use crate::{root, Port, Vm, R};

/// A function written in Rust that Python can call: it gets the positional arguments.
pub type NativeFn<P> = fn(&mut Vm<P>, &[Obj]) -> R<Obj>;

/// How many Rust functions a VM can expose.
pub const MAX_NATIVES: usize = 32;
/// How many interrupt-fed RingIO objects a VM can have.
pub const MAX_ISR_RINGS: usize = 4;
/// Most positional arguments a Rust function takes.
const MAX_NATIVE_ARGS: usize = 8;

impl<P: Port> Vm<P> {
    /// Import module `name` (dotted), running it on first import: `import name`, and the
    /// module object (the innermost one for a dotted name).
    pub fn import(&mut self, name: &[u8]) -> R<Obj> {
        let q = self.intern(name)?;
        let from = if name.contains(&b'.') {
            // Non-empty fromlist: IMPORT_NAME returns the innermost module.
            self.new_tuple_from(&[Obj::qstr(1)])?
        } else {
            Obj::NONE
        };
        let globals = Obj(self.heap.roots[root::MAIN]);
        self.import_name(q, from, Obj::small(0), globals)
    }

    /// Attribute `name` of `o` (`o.name`).
    pub fn attr(&mut self, o: Obj, name: &[u8]) -> R<Obj> {
        let q = self.intern(name)?;
        self.load_attr(o, q)
    }

    /// Call Python callable `f` with positional `args`.
    pub fn call_function(&mut self, f: Obj, args: &[Obj]) -> R<Obj> {
        self.call(f, args)
    }

    /// A Python int.
    pub fn make_int(&mut self, v: isize) -> R<Obj> {
        self.new_int(v as i128)
    }

    /// A Python int as `isize` (TypeError / OverflowError otherwise).
    pub fn to_int(&mut self, o: Obj) -> R<isize> {
        self.get_int(o)
    }

    /// A Python str holding `s` (UTF-8).
    pub fn new_text(&mut self, s: &str) -> R<Obj> {
        self.new_str(s.as_bytes())
    }

    /// The bytes of a str or bytes object.
    pub fn text(&self, o: Obj) -> Option<&[u8]> {
        let is_bytes = o.is_ptr() && matches!(self.tid(o), T::Bytes | T::ByteArray);
        if self.is_str(o) || (is_bytes && self.tid(o) == T::Bytes) {
            Some(self.str_data(o))
        } else {
            None
        }
    }

    /// The `micropython.heap_lock` depth.
    pub fn heap_lock_depth(&self) -> usize {
        usize::from(self.heap.lock_depth)
    }

    /// Unlock the heap whatever the depth, as MicroPython's friendly REPL does before every
    /// prompt (a lock never carries over from one REPL line to the next). An uncaught
    /// exception reaching `run_main_*` unlocks too.
    pub fn reset_heap_lock(&mut self) {
        self.heap.lock_depth = 0;
    }

    /// The name of `o`'s type (`KeyboardInterrupt` for the exception after an interrupt).
    pub fn type_name(&self, o: Obj) -> &[u8] {
        let name = self.get(self.type_of(o), crate::obj::ty::NAME);
        self.str_data(name)
    }

    /// The exception being raised (after an `Err(Exc)`).
    pub fn exception(&self) -> Obj {
        self.cur_exc()
    }

    /// Print the exception being raised, with its traceback, to the port's stderr.
    pub fn print_current_exception(&mut self) {
        let e = self.cur_exc();
        self.print_exception(Out::Stderr, e);
    }

    /// A new built-in module `name`: `import name` finds it. Fill it with
    /// [`Vm::add_function`] and [`Vm::set_attr`].
    pub fn new_module(&mut self, name: &[u8]) -> R<Obj> {
        let m = crate::import::new_module(self, name)?;
        self.root(m)?;
        let bm = Obj(self.heap.roots[root::BUILTIN_MODS]);
        let q = self.intern(name);
        let r = q.and_then(|q| self.map_store(bm, q, m));
        self.unroot(1);
        r.map(|()| m)
    }

    /// Set attribute `name` of module `m` to `v`.
    pub fn set_attr(&mut self, m: Obj, name: &[u8], v: Obj) -> R<()> {
        self.root(m)?;
        self.root(v)?;
        let q = self.intern(name);
        self.unroot(2);
        let q = q?;
        let d = self.get(m, 1);
        self.map_store(d, q, v)
    }

    /// Give module `m` a function `name` written in Rust.
    pub fn add_function(&mut self, m: Obj, name: &[u8], f: NativeFn<P>) -> R<()> {
        let Some(k) = self.natives.iter().position(Option::is_none) else {
            return Err(self.err(T::RuntimeError, "too many native functions"));
        };
        self.root(m)?;
        let o = self.alloc_obj(self.tobj(T::Builtin), 3);
        self.unroot(1);
        let o = o?;
        self.set(o, 1, Obj::small((N_BUILTINS + k) as isize));
        self.set(o, 2, Obj::NULL);
        self.natives[k] = Some(f);
        self.set_attr(m, name, o)
    }

    /// A `micropython.RingIO` whose bytes live in `ring` (outside the heap), which an
    /// interrupt handler writes: Python reads it with `any`/`read`/`readline`/`readinto`.
    pub fn new_isr_ringio(&mut self, ring: &'static dyn ByteRing) -> R<Obj> {
        let Some(k) = self.isr_rings.iter().position(Option::is_none) else {
            return Err(self.err(T::RuntimeError, "too many interrupt RingIOs"));
        };
        let o = self.alloc_obj(self.tobj(T::RingIO), 5)?;
        self.isr_rings[k] = Some(ring);
        // Word 1 a small int (not a data pointer) marks an outside ring: its index.
        self.set(o, 1, Obj::small(k as isize));
        self.set(o, 2, Obj::small(0));
        self.set(o, 3, Obj::small(0));
        self.set(o, 4, Obj::small(0));
        Ok(o)
    }

    /// The outside ring of RingIO `o`, if it has one.
    pub(crate) fn isr_ring(&self, o: Obj) -> Option<&'static dyn ByteRing> {
        let w = self.get(o, 1);
        if w.is_small() {
            self.isr_rings
                .get(w.small_val() as usize)
                .copied()
                .flatten()
        } else {
            None
        }
    }
}

/// Call Rust function number `k`.
pub(crate) fn call_native<P: Port>(vm: &mut Vm<P>, k: usize, a: &Args) -> R<Obj> {
    let Some(f) = vm.natives.get(k).copied().flatten() else {
        return Err(vm.err(T::RuntimeError, "no such native function"));
    };
    if a.n_kw > 0 {
        return Err(vm.err(T::TypeError, "function doesn't take keyword arguments"));
    }
    if a.n > MAX_NATIVE_ARGS {
        return Err(vm.err(T::TypeError, "too many arguments"));
    }
    let mut args = [Obj::NONE; MAX_NATIVE_ARGS];
    for (i, v) in args.iter_mut().enumerate().take(a.n) {
        *v = a.get(vm, i);
    }
    f(vm, &args[..a.n])
}
