//! mpyc's runtime: a `#![no_std]` MicroPython VM with no global allocator. The embedder hands
//! it a heap region; every object lives there under a mark-sweep collector (MicroPython's
//! `py/gc.c` is the model, see [`gc`]).
//!
//! Embedding:
//! ```text
//! let heap: &'static mut [u8] = ...;      // the GC heap
//! let pystack: &'static mut [usize] = ...; // Python frames and the root stack
//! let mut vm = Vm::new(heap, pystack, MyPort).ok_or("heap too small")?;
//! vm.add_frozen(b"main", MAIN_MPY)?;       // a `&'static [u8]` .mpy image, used in place
//! let status = vm.run_main_module(b"main"); // prints an uncaught exception as MicroPython does
//! ```
//! Running examples of the whole embedding API (calls both ways, Rust modules, interrupt
//! handlers through [`Signals`] and [`IsrRing`]) are in [`embed`]; a complete firmware-style
//! program is `runtime/firmware-example`.
#![no_std]

pub mod gc;
pub mod obj;

mod bigint;
mod builtins;
mod builtins2;
mod bytearray;
mod call;
mod complex;
mod console;
mod core;
mod digits;
pub mod embed;
mod emergency;
mod exc;
mod fmtspec;
mod gen;
mod import;
mod interp;
mod load;
mod map;
mod mathx;
mod memview;
mod methods;
mod modarray;
mod modbinascii;
mod modcollections;
mod modext;
mod modhashlib;
mod modheapq;
mod modio;
mod modjson;
mod modmicropython;
mod modrandom;
mod modre;
mod modstruct;
mod modtime;
mod modules;
mod modvfs;
mod ops;
mod print;
pub(crate) mod qstr;
mod qstr_rom;
mod re15;
mod ringio;
mod seq;
pub mod signals;
mod strmeth;
mod text;
mod verify;

pub use embed::NativeFn;
pub use gc::Heap;
/// The .mpy flavour this build of the runtime loads (see the `circuitpython` feature).
pub use load::FLAVOUR as MPY_FLAVOUR;
pub use obj::{Obj, T};
pub use signals::{ByteRing, IsrRing, Signals};

/// What the runtime needs from the platform.
pub trait Port {
    /// Write bytes to standard output.
    fn write_out(&mut self, b: &[u8]);
    /// Write bytes to standard error (uncaught-exception text).
    fn write_err(&mut self, b: &[u8]);
    /// The `.mpy` image of module `name` (dotted name as path `a/b`): a file `name.mpy`, a
    /// `name.py` compiled, or a package `name/__init__`. `None` if there is none.
    fn find_module(&mut self, _name: &[u8]) -> Option<ModuleImage> {
        None
    }
    /// Compile Python source (for `exec`/`eval`/`compile`); `mode` 0 exec, 1 eval, 2 single.
    /// On error, the error's type name and message (written into `msg`, length returned).
    fn compile(
        &mut self,
        _src: &[u8],
        _name: &[u8],
        _mode: u8,
        _msg: &mut [u8],
    ) -> Result<&'static [u8], (&'static str, usize)> {
        Err(("RuntimeError", 0))
    }
    /// `micropython.opt_level(level)` was called: code the port compiles afterwards (exec,
    /// eval, compile, imported `.py`) uses this level.
    fn set_opt_level(&mut self, _level: u8) {}
    /// Input characters (the console's receive side, for `sys.stdin`/`input`): up to
    /// `buf.len()` bytes, blocking until at least one is there; 0 at the end of input. The
    /// port drops the interrupt character from it and calls
    /// [`Signals::keyboard_interrupt`] instead (see [`Signals::input_byte`]).
    fn read_in(&mut self, _buf: &mut [u8]) -> usize {
        0
    }
    /// Whether the firmware is inside a critical region of its own (say, a driver's shared
    /// state half updated, or a preempting interrupt that called into Python): scheduled
    /// callbacks are then held back, queued, until a pending check finds the region left (the
    /// "critical regions" of `micropython.schedule`). Asked at the pending checks while a
    /// callback waits: keep it cheap. A `KeyboardInterrupt` is not held back. For regions the
    /// firmware enters through the VM itself there is also [`Vm::sched_lock`].
    fn in_critical_region(&mut self) -> bool {
        false
    }
    /// Milliseconds since some fixed point.
    fn ticks_ms(&mut self) -> u64 {
        0
    }
    /// Sleep for `ms` milliseconds.
    fn sleep_ms(&mut self, _ms: u64) {}
    /// Nanoseconds since 1970-01-01 UTC (`time.time()`, `gmtime()`); a port without a
    /// calendar clock counts from its start.
    fn epoch_ns(&mut self) -> u64 {
        self.ticks_ms().saturating_mul(1_000_000)
    }
    /// A copy of `data` that lives as long as the VM (a `.mpy` read from a filesystem object
    /// mounted with `vfs.mount`, run in place). `None`: such modules cannot be imported.
    fn keep(&mut self, _data: &[u8]) -> Option<&'static [u8]> {
        None
    }
    /// The bytes of file `path` of the port's own filesystem (`execfile`), `None` if there
    /// is no such file.
    fn read_file(&mut self, _path: &[u8]) -> Option<&'static [u8]> {
        None
    }
    /// Call `entry` with each name in directory `path` of the port's own filesystem
    /// (`os.listdir`); false if there is no such directory.
    fn list_dir(&mut self, _path: &[u8], _entry: &mut dyn FnMut(&[u8])) -> bool {
        false
    }
}

/// A module found by the port.
#[derive(Clone, Copy, Debug)]
pub struct ModuleImage {
    /// The `.mpy` bytes, used in place.
    pub mpy: &'static [u8],
    /// True if this is a package's `__init__`.
    pub is_package: bool,
    /// True if the image is part of the firmware, as MicroPython's frozen modules: the
    /// objects its loading makes (raw code, constants, qstr text) go to the frozen area
    /// ([`Vm::with_frozen_area`]) while it has room, not to the GC heap.
    pub frozen: bool,
    /// The module's `__file__` (the path the port found it at, as MicroPython's import gives
    /// it); empty for none. For a frozen module, empty means the name its `.mpy` records.
    pub file: &'static [u8],
}

/// Marker of a raised exception: the exception object is in the VM's current-exception root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exc;

/// Result of a VM operation that may raise.
pub type R<T> = Result<T, Exc>;

/// Indexes of the VM root words (see [`gc`]).
pub(crate) mod root {
    /// The exception being raised.
    pub const EXC: usize = 0;
    /// `builtins` module dict.
    pub const BUILTINS: usize = 1;
    /// `sys.modules` dict.
    pub const MODULES: usize = 2;
    /// (Unused: the type objects live in the static area, see gc.rs.)
    #[allow(dead_code)]
    pub const TYPES: usize = 3;
    /// Dynamic qstr table (array of pointers to qstr blocks) and its hash index.
    pub const QSTRS: usize = 4;
    pub const QINDEX: usize = 5;
    /// Static singletons.
    pub const ELLIPSIS: usize = 6;
    pub const NOT_IMPL: usize = 7;
    pub const EMPTY_TUPLE: usize = 8;
    pub const MEM_ERR: usize = 9;
    /// Loaded .mpy images registered as frozen modules: a list of (name, index) pairs.
    pub const FROZEN: usize = 10;
    /// The main module's globals.
    pub const MAIN: usize = 11;
    /// `sys.path`, `sys.argv`.
    pub const SYS_PATH: usize = 12;
    pub const SYS_ARGV: usize = 13;
    /// Built-in module objects (sys, gc, ...) dict by name.
    pub const BUILTIN_MODS: usize = 14;
    /// GeneratorExit instance used by close().
    pub const GEN_EXIT: usize = 15;
    /// Globals of the running frame.
    pub const CUR_GLOBALS: usize = 16;
    /// Queue of scheduled callbacks: a list of (function, argument) pairs.
    pub const SCHED: usize = 17;
    /// The emergency exception buffer block (`micropython.alloc_emergency_exception_buf`).
    pub const EMG: usize = 18;
    // 19: the interrupt-side callbacks (modmicropython.rs, ISR_CBS).
    // N_ROOTS - 2 * SCHED_DEPTH and up: the scheduler queue (modmicropython.rs, SCHED_Q).
    /// The `random` module's generator state (modrandom.rs).
    pub const RANDOM: usize = 21;
    /// Scratch roots for long-lived Rust-held values.
    pub const SCRATCH: usize = 20;
    /// The reusable slice of `BUILD_SLICE` before a bytearray/memoryview subscript (seq.rs).
    pub const STACK_SLICE: usize = 30;
    /// The value of the StopIteration that ended the last `__next__` or generator an
    /// iteration stepped (MicroPython's `stop_iteration_arg`), for `next()` to raise again.
    pub const STOP_ITER: usize = 22;
    /// The `vfs` mount table (modvfs.rs).
    pub const VFS: usize = 31;
    /// The newest chunk of dynamic qstr text (qstr.rs); each chunk's first word links the
    /// one before.
    pub const QCHUNK: usize = 23;
}

/// Bytes of the heap region that hold the VM's immortal start-up objects (the built-in type
/// objects, their bases tuples, the singletons) outside the GC pool: MicroPython has them in
/// ROM (see [`gc`], the static area). A host that gives the program a GC heap of N bytes,
/// as the reference's `-X heapsize=N`, hands the VM N + `STATIC_BYTES`.
pub const STATIC_BYTES: usize = gc::W
    * (obj::N_TYPES * obj::ty::SIZE
        // the empty tuple, one bases tuple per distinct base
        + 2
        + 3 * distinct_bases()
        // Ellipsis, NotImplemented, the MemoryError and GeneratorExit instances
        + 1
        + 1
        + 4
        + 4);

/// Number of distinct bases of the built-in types (each has one bases tuple, core.rs init).
const fn distinct_bases() -> usize {
    let b = obj::TYPE_BASES;
    let mut n = 0;
    let mut i = 1;
    while i < b.len() {
        let mut j = 1;
        while j < i && b[j] as u8 != b[i] as u8 {
            j += 1;
        }
        if j == i {
            n += 1;
        }
        i += 1;
    }
    n
}

/// Number of `.mpy` images the VM can hold.
pub const MAX_IMAGES: usize = 256;

/// The virtual machine.
pub struct Vm<P: Port> {
    pub(crate) heap: Heap,
    /// The platform.
    pub port: P,
    /// Type objects by built-in id (kept alive by root::TYPES).
    pub(crate) types: [Obj; obj::N_TYPES],
    /// Loaded images (bytecode lives there, outside the heap).
    pub(crate) images: [&'static [u8]; MAX_IMAGES],
    pub(crate) n_images: usize,
    /// Dynamic qstrs: count and index capacity.
    pub(crate) n_dyn_qstr: usize,
    /// Bytes used of the newest qstr chunk (root QCHUNK) and its size.
    pub(crate) qchunk_used: usize,
    pub(crate) qchunk_size: usize,
    pub(crate) qindex_cap: usize,
    /// Python call depth and its limit.
    pub(crate) depth: usize,
    pub max_depth: usize,
    /// `micropython.opt_level`: any machine int is stored as given (no range check).
    pub opt_level: isize,
    /// Print the traceback of an uncaught exception (not SystemExit's text) to stdout rather
    /// than stderr: the reference unix `micropython` does so for `FILE` and `-c CODE`.
    pub traceback_to_stdout: bool,
    /// `sys.exc_info()` has an exception to report (kept in the built-in modules dict).
    pub(crate) exc_info_set: bool,
    /// Locals dict for the next class body call (`__build_class__` of a closure body).
    pub(crate) class_locals: Obj,
    /// `gc.disable()` was called (collections still run when memory runs out, as in gc.c).
    pub(crate) gc_disabled: bool,
    /// A scheduled callback is waiting; callbacks are running (no nesting).
    pub(crate) sched_pending: bool,
    pub(crate) sched_running: bool,
    /// Depth of [`Vm::sched_lock`] (MicroPython's `mp_sched_lock` nests).
    pub(crate) sched_lock_depth: u16,
    /// Interrupt-side flags and queue (`attach_signals`), looked at by pending checks.
    pub(crate) signals: Option<&'static signals::Signals>,
    /// Functions written in Rust that Python can call (`embed::Vm::add_function`).
    pub(crate) natives: [Option<embed::NativeFn<P>>; embed::MAX_NATIVES],
    /// Byte rings outside the heap behind interrupt-fed RingIOs (`Vm::new_isr_ringio`).
    pub(crate) isr_rings: [Option<&'static dyn signals::ByteRing>; embed::MAX_ISR_RINGS],
    /// Dynamic qstrs made while the VM was built (built-in names, ROM qstrs in MicroPython).
    pub(crate) qstr_rom: usize,
    /// Map lookup cache (MicroPython's MICROPY_OPT_MAP_LOOKUP_CACHE): slot guesses indexed by
    /// (table, key), always checked against the table before use.
    pub(crate) map_cache: [::core::cell::Cell<u32>; 256],
    /// Bit `t`: built-in type `t` has its method dict (builtins.rs `ensure_methods`).
    pub(crate) methods_ready: u128,
    /// A frozen image is being loaded: allocations go to the frozen area first
    /// ([`Vm::with_frozen_area`]).
    pub(crate) frozen_alloc: bool,
}

impl<P: Port> Vm<P> {
    /// Create a VM over `heap` (its first [`STATIC_BYTES`] hold the built-in type objects and
    /// singletons, the rest is the GC heap) and `pystack` (Python frames). `None` if they are
    /// too small to hold the built-in objects.
    pub fn new(heap: &'static mut [u8], pystack: &'static mut [usize], port: P) -> Option<Self> {
        Self::with_frozen_area(heap, pystack, port, 0)
    }

    /// As [`Vm::new`], with `frozen_bytes` more of `heap`'s start kept outside the GC heap for
    /// frozen modules (see [`crate::gc`], the static area): MicroPython builds a frozen module's
    /// raw code, constants and qstrs into ROM, so importing one costs the program's heap only
    /// the module's dict, classes and functions. Here the loader puts those objects in this
    /// area (immortal, scanned as roots, never swept) until it is full, then in the heap.
    pub fn with_frozen_area(
        heap: &'static mut [u8],
        pystack: &'static mut [usize],
        port: P,
        frozen_bytes: usize,
    ) -> Option<Self> {
        let heap = Heap::with_static(heap, pystack, STATIC_BYTES.checked_add(frozen_bytes)?)?;
        let mut vm = Vm {
            heap,
            port,
            types: [Obj::NULL; obj::N_TYPES],
            images: [&[]; MAX_IMAGES],
            n_images: 0,
            n_dyn_qstr: 0,
            qchunk_used: 0,
            qchunk_size: 0,
            qindex_cap: 0,
            depth: 0,
            max_depth: 200,
            opt_level: 0,
            traceback_to_stdout: false,
            exc_info_set: false,
            class_locals: Obj::NULL,
            gc_disabled: false,
            sched_pending: false,
            sched_running: false,
            sched_lock_depth: 0,
            signals: None,
            natives: [None; embed::MAX_NATIVES],
            isr_rings: [None; embed::MAX_ISR_RINGS],
            qstr_rom: 0,
            map_cache: [const { ::core::cell::Cell::new(0) }; 256],
            methods_ready: 0,
            frozen_alloc: false,
        };
        vm.init().ok()?;
        // Names interned so far are MicroPython's ROM qstrs: qstr_info leaves them out.
        vm.qstr_rom = vm.n_dyn_qstr;
        Some(vm)
    }

    /// Keep the top `bytes` of the GC heap for the objects MicroPython has in ROM and this VM
    /// makes on first use (built-in function objects, method and `builtins` dict entries; see
    /// [`crate::gc`], the ROM reserve), so that they can be made when a program has filled the
    /// heap. Call it right after [`Vm::new`]; false if it could not be done.
    pub fn set_rom_reserve(&mut self, bytes: usize) -> bool {
        self.heap.set_reserve(bytes)
    }

    /// Collect before every allocation (GC-stress mode for tests).
    pub fn set_gc_stress(&mut self, on: bool) {
        self.heap.stress = on;
    }

    /// (collections run, bytes allocated in total, bytes in use): for diagnostics.
    pub fn gc_stats(&self) -> (usize, usize, usize) {
        (
            self.heap.collections,
            self.heap.total_bytes,
            self.heap.info().used,
        )
    }

    /// Run a full collection; returns the number of allocations freed.
    pub fn collect(&mut self) -> usize {
        self.heap.collect()
    }

    /// Register a frozen module: `.mpy` bytes used in place.
    pub fn add_frozen(&mut self, name: &[u8], mpy: &'static [u8]) -> R<()> {
        import::add_frozen(self, name, mpy)
    }

    /// Set `sys.argv`.
    pub fn set_argv(&mut self, args: &[&[u8]]) -> R<()> {
        import::set_argv(self, args)
    }

    /// Append a directory to `sys.path`.
    pub fn add_path(&mut self, dir: &[u8]) -> R<()> {
        import::add_path(self, dir)
    }

    /// Run `.mpy` bytes as `__main__`. Returns the process exit status the unix port would
    /// give: 0, 1 after printing an uncaught exception to stderr, or a `SystemExit` code.
    pub fn run_main_mpy(&mut self, mpy: &'static [u8]) -> i32 {
        let r = import::run_main(self, mpy, b"");
        self.finish(r)
    }

    /// As [`Vm::run_main_mpy`], with `__file__` set to `file` first, as MicroPython's unix
    /// port does for a program file (its path as given), `-c` and standard input (`<stdin>`).
    pub fn run_main_file(&mut self, mpy: &'static [u8], file: &[u8]) -> i32 {
        let r = import::run_main(self, mpy, file);
        self.finish(r)
    }

    /// Import module `name` as `__main__` (`micropython -m name`).
    pub fn run_main_module(&mut self, name: &[u8]) -> i32 {
        let r = import::run_main_module(self, name);
        self.finish(r)
    }

    /// Load `.mpy` bytes without running them: Err with the raised exception's type name
    /// (`ValueError` for a malformed or native-code file, `MemoryError`).
    pub fn load_only(&mut self, mpy: &'static [u8]) -> Result<(), &'static str> {
        match self.load_mpy(mpy) {
            Ok(_) => Ok(()),
            Err(Exc) => {
                let e = self.cur_exc();
                let t = self.tid(e);
                Err(obj::TYPE_NAMES.get(t as usize).copied().unwrap_or("?"))
            }
        }
    }

    /// Turn a top-level result into an exit status, printing an uncaught exception.
    fn finish(&mut self, r: R<()>) -> i32 {
        let status = match r {
            Ok(()) => 0,
            Err(Exc) => {
                self.heap.lock_depth = 0;
                exc::top_level(self)
            }
        };
        self.run_atexit();
        status
    }
}
