//! The runtime's ROM qstrs: names the VM itself uses (built-in functions, methods, modules
//! and their attributes, type names, errno names) that are not in the `.mpy` static pool.
//! MicroPython has them in ROM; here they are numbered after the pool (`POOL.len() + i`), so
//! neither the VM's start nor the first use of a built-in interns anything on the heap. A name
//! missing here still works: it is interned on the heap when first needed.
//!
//! The list was made from the string literals of the built-in tables (builtins.rs, modext.rs,
//! modmicropython.rs, obj.rs, text.rs's ERRNO, import.rs's `sys` attributes) and of the `qs!`
//! and `intern(b"...")` uses, less the names of the pool. Order does not matter (lookups go
//! through [`ROM_INDEX`]).

/// The names, numbered from `POOL.len()`.
pub(crate) const ROM: &[&str] = &[
    "__file__",
    "BytesIO",
    "EACCES",
    "EADDRINUSE",
    "EAGAIN",
    "EALREADY",
    "EBADF",
    "ECONNABORTED",
    "ECONNREFUSED",
    "ECONNRESET",
    "EEXIST",
    "EHOSTUNREACH",
    "EINPROGRESS",
    "EINVAL",
    "EIO",
    "EISDIR",
    "ENOBUFS",
    "ENODEV",
    "ENOENT",
    "ENOMEM",
    "ENOTCONN",
    "EOPNOTSUPP",
    "EPERM",
    "ETIMEDOUT",
    "IOBase",
    "NotImplemented",
    "NotImplementedType",
    "OrderedDict",
    "RingIO",
    "StringIO",
    "__abs__",
    "__await__",
    "__delattr__",
    "__get__",
    "__mpyc_eval__",
    "__setattr__",
    "_build",
    "_mpy",
    "a2b_base64",
    "acosh",
    "alloc_emergency_exception_buf",
    "appendleft",
    "argv",
    "array",
    "asinh",
    "atanh",
    "atexit",
    "b2a_base64",
    "binascii",
    "builtin",
    "cell",
    "center",
    "choice",
    "circuitpython",
    "clock",
    "cmath",
    "collect",
    "collections",
    "compile",
    "coroutine",
    "cosh",
    "crc32",
    "deque",
    "digest",
    "disable",
    "dump",
    "dumps",
    "enable",
    "erf",
    "erfc",
    "errorcode",
    "exc_info",
    "exit",
    "expm1",
    "factorial",
    "file",
    "flush",
    "fromhex",
    "frozenset",
    "gamma",
    "gc",
    "getrandbits",
    "getvalue",
    "gmtime",
    "group",
    "hashlib",
    "heap_locked",
    "heapify",
    "heappop",
    "heappush",
    "heapq",
    "hexlify",
    "hypot",
    "implementation",
    "input",
    "io",
    "isalnum",
    "isclose",
    "isenabled",
    "json",
    "kbd_intr",
    "lgamma",
    "ljust",
    "load",
    "loads",
    "localtime",
    "log10",
    "log1p",
    "log2",
    "match",
    "maxsize",
    "md5",
    "mem_alloc",
    "mem_current",
    "mem_free",
    "mem_info",
    "mem_peak",
    "mem_total",
    "memoryview",
    "mktime",
    "module_context",
    "modules",
    "name",
    "namedtuple",
    "partition",
    "path",
    "phase",
    "platform",
    "polar",
    "popleft",
    "print_exception",
    "qstr_info",
    "randint",
    "random",
    "randrange",
    "raw_code",
    "re",
    "rect",
    "rjust",
    "rpartition",
    "schedule",
    "search",
    "seed",
    "seek",
    "sha1",
    "sha256",
    "sinh",
    "sleep",
    "sleep_ms",
    "sleep_us",
    "splitlines",
    "stack_use",
    "stderr",
    "stdout",
    "sys",
    "tanh",
    "tell",
    "ticks_add",
    "ticks_cpu",
    "ticks_diff",
    "ticks_ms",
    "ticks_us",
    "time",
    "time_ns",
    "unhexlify",
    "uniform",
    "version",
    "version_info",
    "zfill",
];

/// Slots of [`ROM_INDEX`] (a power of two, at least twice the names).
const INDEX_SIZE: usize = 512;
const _: () = assert!(ROM.len() * 2 <= INDEX_SIZE);

/// Open-addressing index of [`ROM`] by [`super::qstr::hash_bytes`]: slot = name index + 1,
/// 0 = empty; built at compile time.
pub(crate) static ROM_INDEX: [u16; INDEX_SIZE] = rom_index();

/// Hashes of [`ROM`].
pub(crate) static ROM_HASH: [u16; ROM.len()] = rom_hashes();

const fn rom_hashes() -> [u16; ROM.len()] {
    let mut t = [0u16; ROM.len()];
    let mut i = 0;
    while i < ROM.len() {
        t[i] = crate::qstr::hash_bytes(ROM[i].as_bytes()) as u16;
        i += 1;
    }
    t
}

const fn rom_index() -> [u16; INDEX_SIZE] {
    let mut t = [0u16; INDEX_SIZE];
    let mut i = 0;
    while i < ROM.len() {
        let mut slot = crate::qstr::hash_bytes(ROM[i].as_bytes()) & (INDEX_SIZE - 1);
        while t[slot] != 0 {
            slot = (slot + 1) & (INDEX_SIZE - 1);
        }
        t[slot] = (i + 1) as u16;
        i += 1;
    }
    t
}

/// The index in [`ROM`] of `b`.
pub(crate) fn find(b: &[u8]) -> Option<usize> {
    let mut slot = crate::qstr::hash_bytes(b) & (INDEX_SIZE - 1);
    loop {
        let n = ROM_INDEX[slot] as usize;
        if n == 0 {
            return None;
        }
        if ROM[n - 1].as_bytes() == b {
            return Some(n - 1);
        }
        slot = (slot + 1) & (INDEX_SIZE - 1);
    }
}

/// The index in [`ROM`] of `s`, at compile time.
pub(crate) const fn const_find(s: &str) -> Option<usize> {
    let s = s.as_bytes();
    let mut n = 0;
    while n < ROM.len() {
        let p = ROM[n].as_bytes();
        if p.len() == s.len() {
            let mut i = 0;
            while i < s.len() && p[i] == s[i] {
                i += 1;
            }
            if i == s.len() {
                return Some(n);
            }
        }
        n += 1;
    }
    None
}
