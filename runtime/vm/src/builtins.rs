//! Built-in functions and the method tables of the built-in types (MicroPython's
//! `py/modbuiltins.c`, `objlist.c`, `objdict.c`...). Every built-in function is one object
//! `[Builtin, id, bound self or NULL]`, made on first use (see [`init`] for what is made when
//! and why); calls dispatch on the id.
use crate::obj::{ty, Obj, T};
use crate::print::Out;
use crate::text::Part;
use crate::{root, Port, Vm, R};

macro_rules! ids {
    ($($id:ident),* $(,)?) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms, clippy::enum_variant_names, dead_code)]
        #[repr(usize)]
        enum B { $($id,)* }
        $(#[allow(dead_code)] pub(crate) const $id: usize = B::$id as usize;)*
        /// Number of built-in function objects.
        pub(crate) const N_BUILTINS: usize = [$(stringify!($id)),*].len();
    };
}

ids! {
    BUILD_CLASS, PRINT, LEN, REPR, ISINSTANCE, ISSUBCLASS, HASATTR, GETATTR, SETATTR, DELATTR,
    ITER, NEXT, ABS, MIN, MAX, SUM, SORTED, ANY, ALL, CHR, ORD, HEX, OCT, BIN, ID, HASH,
    CALLABLE, DIVMOD, POW, ROUND, GLOBALS, LOCALS, DIR, EXEC, EVAL, IMPORT, OBJECT_INIT,
    BA_APPEND, BA_EXTEND, COMPILE, OBJECT_NEW, OBJECT_SETATTR, OBJECT_DELATTR, P_GETTER, P_SETTER, P_DELETER,
    // list
    L_APPEND, L_EXTEND, L_INSERT, L_POP, L_REMOVE, L_INDEX, L_COUNT, L_SORT, L_REVERSE, L_CLEAR,
    L_COPY,
    // tuple
    T_INDEX, T_COUNT,
    // dict
    D_GET, D_KEYS, D_VALUES, D_ITEMS, D_POP, D_POPITEM, D_SETDEFAULT, D_UPDATE, D_CLEAR, D_COPY,
    D_FROMKEYS, D_GETITEM, D_SETITEM, D_DELITEM,
    // set
    S_ADD, S_REMOVE, S_DISCARD, S_POP, S_CLEAR, S_COPY, S_UPDATE, S_UNION, S_INTERSECTION,
    S_DIFFERENCE, S_SYMDIFF, S_ISSUBSET, S_ISSUPERSET, S_ISDISJOINT, S_INTERSECTION_UPDATE,
    S_DIFFERENCE_UPDATE, S_SYMDIFF_UPDATE, S_CONTAINS,
    // str and bytes
    STR_JOIN, STR_SPLIT, STR_RSPLIT, STR_STRIP, STR_LSTRIP, STR_RSTRIP, STR_REPLACE, STR_FIND,
    STR_RFIND, STR_INDEX, STR_RINDEX, STR_STARTSWITH, STR_ENDSWITH, STR_UPPER, STR_LOWER,
    STR_FORMAT, STR_COUNT, STR_ISDIGIT, STR_ISALPHA, STR_ISSPACE, STR_ISUPPER, STR_ISLOWER,
    STR_ISALNUM, STR_ENCODE, STR_DECODE, STR_PARTITION, STR_RPARTITION, STR_SPLITLINES,
    STR_CENTER, STR_LJUST, STR_RJUST, STR_ZFILL, STR_HEX, STR_FROMHEX,
    // generators
    G_SEND, G_THROW, G_CLOSE, G_AWAIT,
    // int
    I_FROM_BYTES, I_TO_BYTES,
    // exceptions
    E_INIT,
    // modules
    SYS_EXIT, SYS_OUT_WRITE, SYS_ERR_WRITE, GC_COLLECT, GC_ENABLE, GC_DISABLE, GC_ISENABLED, GC_MEM_FREE, GC_MEM_ALLOC,
    SYS_PRINT_EXC, INPUT, MP_CONST, MP_OPT_LEVEL, MP_MEM_INFO, MP_QSTR_INFO, MP_STACK_USE, MP_HEAP_LOCK,
    MP_HEAP_UNLOCK, MP_HEAP_LOCKED, MP_KBD_INTR, MP_SCHEDULE, MP_ALLOC_EMG, MP_MEM_TOTAL,
    MP_MEM_CURRENT, MP_MEM_PEAK,
    TIME_TIME, TIME_SLEEP, TIME_SLEEP_MS, TIME_SLEEP_US, TIME_TICKS_MS, TIME_TICKS_US,
    TIME_TICKS_DIFF, TIME_TICKS_ADD, TIME_TICKS_CPU,
    MATHX_ERF, MATHX_ERFC, MATHX_GAMMA, MATHX_LGAMMA, MATHX_ACOSH, MATHX_ASINH, MATHX_ATANH,
    MATHX_FACTORIAL, MATHX_ISCLOSE, SYS_EXC_INFO, SYS_ATEXIT,
    CMATH_PHASE, CMATH_POLAR, CMATH_RECT, CMATH_EXP, CMATH_LOG, CMATH_LOG10, CMATH_SQRT,
    CMATH_COS, CMATH_SIN,
    MATH_SQRT, MATH_FLOOR, MATH_CEIL, MATH_FABS, MATH_EXP, MATH_LOG, MATH_SIN, MATH_COS,
    MATH_ISNAN, MATH_ISINF, MATH_TRUNC, MATH_TAN, MATH_ASIN, MATH_ACOS, MATH_ATAN, MATH_ATAN2,
    MATH_POW, MATH_LOG2, MATH_LOG10, MATH_ISFINITE, MATH_COPYSIGN, MATH_FMOD, MATH_MODF,
    MATH_FREXP, MATH_LDEXP, MATH_DEGREES, MATH_RADIANS, MATH_SINH, MATH_COSH, MATH_TANH,
    MATH_EXPM1, MATH_LOG1P, MATH_HYPOT,
    // micropython.RingIO methods (ringio.rs)
    RIO_ANY, RIO_READ, RIO_READLINE, RIO_READINTO, RIO_WRITE, RIO_CLOSE,
    // struct (modstruct.rs)
    STRUCT_CALCSIZE, STRUCT_PACK, STRUCT_PACK_INTO, STRUCT_UNPACK, STRUCT_UNPACK_FROM,
    // io.StringIO / io.BytesIO (modio.rs)
    IO_WRITE, IO_READ, IO_READLINE, IO_GETVALUE, IO_SEEK, IO_TELL, IO_FLUSH, IO_CLOSE, IO_ENTER,
    IO_EXIT, IO_READINTO,
    // collections (modcollections.rs)
    COLL_NAMEDTUPLE, DQ_APPEND, DQ_APPENDLEFT, DQ_EXTEND, DQ_POP, DQ_POPLEFT,
    // array (modarray.rs)
    ARRAY_APPEND, ARRAY_EXTEND,
    // json (modjson.rs)
    JSON_DUMP, JSON_DUMPS, JSON_LOAD, JSON_LOADS,
    // heapq (modheapq.rs)
    HEAPQ_HEAPPUSH, HEAPQ_HEAPPOP, HEAPQ_HEAPIFY,
    // binascii and bytes.hex/fromhex (modbinascii.rs)
    BA_HEXLIFY, BA_UNHEXLIFY, BA_A2B_BASE64, BA_B2A_BASE64, BA_CRC32, BYTES_HEX, BYTES_FROMHEX,
    // random (modrandom.rs)
    RANDOM_GETRANDBITS, RANDOM_SEED, RANDOM_RANDRANGE, RANDOM_RANDINT, RANDOM_CHOICE,
    RANDOM_RANDOM, RANDOM_UNIFORM,
    // time: wall clock and calendar (modtime.rs)
    TIME_WALL, TIME_NS, TIME_CLOCK, TIME_GMTIME, TIME_LOCALTIME, TIME_MKTIME, TIME_TICKS_ADD2,
    TIME_TICKS_DIFF2, TIME_TICKS_MS2, TIME_TICKS_US2,
    // re (modre.rs)
    RE_COMPILE, RE_MATCH, RE_SEARCH, RE_SUB, RE_M_MATCH, RE_M_SEARCH, RE_M_SPLIT, RE_M_SUB,
    RE_GROUP,
    // hashlib (modhashlib.rs)
    HASH_UPDATE, HASH_DIGEST,
    // vfs, os and execfile (modvfs.rs)
    VFS_MOUNT, VFS_UMOUNT, OS_LISTDIR, EXECFILE,
}

/// Names in the `builtins` module.
const GLOBAL_FNS: &[(&str, usize)] = &[
    ("__build_class__", BUILD_CLASS),
    ("print", PRINT),
    ("input", INPUT),
    ("len", LEN),
    ("repr", REPR),
    ("isinstance", ISINSTANCE),
    ("issubclass", ISSUBCLASS),
    ("hasattr", HASATTR),
    ("getattr", GETATTR),
    ("setattr", SETATTR),
    ("delattr", DELATTR),
    ("iter", ITER),
    ("next", NEXT),
    ("abs", ABS),
    ("min", MIN),
    ("max", MAX),
    ("sum", SUM),
    ("sorted", SORTED),
    ("any", ANY),
    ("all", ALL),
    ("chr", CHR),
    ("ord", ORD),
    ("hex", HEX),
    ("oct", OCT),
    ("bin", BIN),
    ("id", ID),
    ("hash", HASH),
    ("callable", CALLABLE),
    ("divmod", DIVMOD),
    ("pow", POW),
    ("round", ROUND),
    ("globals", GLOBALS),
    ("locals", LOCALS),
    ("dir", DIR),
    ("exec", EXEC),
    ("execfile", EXECFILE),
    ("eval", EVAL),
    ("__import__", IMPORT),
    ("compile", COMPILE),
];

/// Methods of built-in types: (type, name, id).
const METHODS: &[(T, &str, usize)] = &[
    (T::Object, "__init__", OBJECT_INIT),
    (T::Object, "__setattr__", OBJECT_SETATTR),
    (T::Object, "__delattr__", OBJECT_DELATTR),
    (T::Property, "getter", P_GETTER),
    (T::Property, "setter", P_SETTER),
    (T::Property, "deleter", P_DELETER),
    (T::List, "append", L_APPEND),
    (T::List, "extend", L_EXTEND),
    (T::List, "insert", L_INSERT),
    (T::List, "pop", L_POP),
    (T::List, "remove", L_REMOVE),
    (T::List, "index", L_INDEX),
    (T::List, "count", L_COUNT),
    (T::List, "sort", L_SORT),
    (T::List, "reverse", L_REVERSE),
    (T::List, "clear", L_CLEAR),
    (T::List, "copy", L_COPY),
    (T::Tuple, "index", T_INDEX),
    (T::Tuple, "count", T_COUNT),
    (T::Dict, "get", D_GET),
    (T::Dict, "keys", D_KEYS),
    (T::Dict, "values", D_VALUES),
    (T::Dict, "items", D_ITEMS),
    (T::Dict, "pop", D_POP),
    (T::Dict, "popitem", D_POPITEM),
    (T::Dict, "setdefault", D_SETDEFAULT),
    (T::Dict, "update", D_UPDATE),
    (T::Dict, "clear", D_CLEAR),
    (T::Dict, "copy", D_COPY),
    (T::Dict, "__getitem__", D_GETITEM),
    (T::Dict, "__setitem__", D_SETITEM),
    (T::Dict, "__delitem__", D_DELITEM),
    (T::Set, "__contains__", S_CONTAINS),
    (T::FrozenSet, "__contains__", S_CONTAINS),
    (T::Set, "add", S_ADD),
    (T::Set, "remove", S_REMOVE),
    (T::Set, "discard", S_DISCARD),
    (T::Set, "pop", S_POP),
    (T::Set, "clear", S_CLEAR),
    (T::Set, "copy", S_COPY),
    (T::Set, "update", S_UPDATE),
    (T::Set, "union", S_UNION),
    (T::Set, "intersection", S_INTERSECTION),
    (T::Set, "difference", S_DIFFERENCE),
    (T::Set, "symmetric_difference", S_SYMDIFF),
    (T::Set, "issubset", S_ISSUBSET),
    (T::Set, "issuperset", S_ISSUPERSET),
    (T::Set, "isdisjoint", S_ISDISJOINT),
    (T::Set, "intersection_update", S_INTERSECTION_UPDATE),
    (T::Set, "difference_update", S_DIFFERENCE_UPDATE),
    (T::Set, "symmetric_difference_update", S_SYMDIFF_UPDATE),
    (T::FrozenSet, "copy", S_COPY),
    (T::FrozenSet, "union", S_UNION),
    (T::FrozenSet, "intersection", S_INTERSECTION),
    (T::FrozenSet, "difference", S_DIFFERENCE),
    (T::FrozenSet, "symmetric_difference", S_SYMDIFF),
    (T::FrozenSet, "issubset", S_ISSUBSET),
    (T::FrozenSet, "issuperset", S_ISSUPERSET),
    (T::FrozenSet, "isdisjoint", S_ISDISJOINT),
    (T::Str, "join", STR_JOIN),
    (T::Str, "split", STR_SPLIT),
    (T::Str, "rsplit", STR_RSPLIT),
    (T::Str, "strip", STR_STRIP),
    (T::Str, "lstrip", STR_LSTRIP),
    (T::Str, "rstrip", STR_RSTRIP),
    (T::Str, "replace", STR_REPLACE),
    (T::Str, "find", STR_FIND),
    (T::Str, "rfind", STR_RFIND),
    (T::Str, "index", STR_INDEX),
    (T::Str, "rindex", STR_RINDEX),
    (T::Str, "startswith", STR_STARTSWITH),
    (T::Str, "endswith", STR_ENDSWITH),
    (T::Str, "upper", STR_UPPER),
    (T::Str, "lower", STR_LOWER),
    (T::Str, "format", STR_FORMAT),
    (T::Str, "count", STR_COUNT),
    (T::Str, "isdigit", STR_ISDIGIT),
    (T::Str, "isalpha", STR_ISALPHA),
    (T::Str, "isspace", STR_ISSPACE),
    (T::Str, "isupper", STR_ISUPPER),
    (T::Str, "islower", STR_ISLOWER),
    (T::Str, "isalnum", STR_ISALNUM),
    (T::Str, "encode", STR_ENCODE),
    (T::Str, "partition", STR_PARTITION),
    (T::Str, "rpartition", STR_RPARTITION),
    (T::Str, "splitlines", STR_SPLITLINES),
    (T::Str, "center", STR_CENTER),
    (T::Str, "ljust", STR_LJUST),
    (T::Str, "rjust", STR_RJUST),
    (T::Str, "zfill", STR_ZFILL),
    (T::ByteArray, "append", BA_APPEND),
    (T::RingIO, "any", RIO_ANY),
    (T::RingIO, "read", RIO_READ),
    (T::RingIO, "readline", RIO_READLINE),
    (T::RingIO, "readinto", RIO_READINTO),
    (T::RingIO, "write", RIO_WRITE),
    (T::RingIO, "close", RIO_CLOSE),
    (T::ByteArray, "extend", BA_EXTEND),
    (T::Bytes, "hex", STR_HEX),
    (T::Bytes, "decode", STR_DECODE),
    (T::Bytes, "find", STR_FIND),
    (T::Bytes, "rfind", STR_RFIND),
    (T::Bytes, "index", STR_INDEX),
    (T::Bytes, "rindex", STR_RINDEX),
    (T::Bytes, "join", STR_JOIN),
    (T::MemoryView, "hex", BYTES_HEX),
    (T::Bytes, "split", STR_SPLIT),
    (T::Bytes, "splitlines", STR_SPLITLINES),
    (T::Bytes, "rsplit", STR_RSPLIT),
    (T::Bytes, "startswith", STR_STARTSWITH),
    (T::Bytes, "endswith", STR_ENDSWITH),
    (T::Bytes, "strip", STR_STRIP),
    (T::Bytes, "lstrip", STR_LSTRIP),
    (T::Bytes, "rstrip", STR_RSTRIP),
    (T::Bytes, "format", STR_FORMAT),
    (T::Bytes, "replace", STR_REPLACE),
    (T::Bytes, "count", STR_COUNT),
    (T::Bytes, "partition", STR_PARTITION),
    (T::Bytes, "rpartition", STR_RPARTITION),
    (T::Bytes, "center", STR_CENTER),
    (T::Bytes, "lower", STR_LOWER),
    (T::Bytes, "upper", STR_UPPER),
    (T::Bytes, "isspace", STR_ISSPACE),
    (T::Bytes, "isalpha", STR_ISALPHA),
    (T::Bytes, "isdigit", STR_ISDIGIT),
    (T::Bytes, "isupper", STR_ISUPPER),
    (T::Bytes, "islower", STR_ISLOWER),
    (T::ByteArray, "hex", STR_HEX),
    (T::ByteArray, "decode", STR_DECODE),
    (T::ByteArray, "find", STR_FIND),
    (T::ByteArray, "rfind", STR_RFIND),
    (T::ByteArray, "index", STR_INDEX),
    (T::ByteArray, "rindex", STR_RINDEX),
    (T::ByteArray, "join", STR_JOIN),
    (T::ByteArray, "split", STR_SPLIT),
    (T::ByteArray, "splitlines", STR_SPLITLINES),
    (T::ByteArray, "rsplit", STR_RSPLIT),
    (T::ByteArray, "startswith", STR_STARTSWITH),
    (T::ByteArray, "endswith", STR_ENDSWITH),
    (T::ByteArray, "strip", STR_STRIP),
    (T::ByteArray, "lstrip", STR_LSTRIP),
    (T::ByteArray, "rstrip", STR_RSTRIP),
    (T::ByteArray, "format", STR_FORMAT),
    (T::ByteArray, "replace", STR_REPLACE),
    (T::ByteArray, "count", STR_COUNT),
    (T::ByteArray, "partition", STR_PARTITION),
    (T::ByteArray, "rpartition", STR_RPARTITION),
    (T::ByteArray, "center", STR_CENTER),
    (T::ByteArray, "lower", STR_LOWER),
    (T::ByteArray, "upper", STR_UPPER),
    (T::ByteArray, "isspace", STR_ISSPACE),
    (T::ByteArray, "isalpha", STR_ISALPHA),
    (T::ByteArray, "isdigit", STR_ISDIGIT),
    (T::ByteArray, "isupper", STR_ISUPPER),
    (T::ByteArray, "islower", STR_ISLOWER),
    (T::Generator, "send", G_SEND),
    (T::Generator, "throw", G_THROW),
    (T::Generator, "close", G_CLOSE),
    (T::Coroutine, "send", G_SEND),
    (T::Coroutine, "throw", G_THROW),
    (T::Coroutine, "close", G_CLOSE),
    (T::Coroutine, "__await__", G_AWAIT),
    (T::Int, "to_bytes", I_TO_BYTES),
    (T::BaseException, "__init__", E_INIT),
];

/// Class/static methods of built-in types: (type, name, id, is classmethod).
const STATIC_METHODS: &[(T, &str, usize, bool)] = &[
    (T::Object, "__new__", OBJECT_NEW, false),
    (T::Dict, "fromkeys", D_FROMKEYS, true),
    (T::Int, "from_bytes", I_FROM_BYTES, true),
    (T::Bytes, "fromhex", STR_FROMHEX, true),
    (T::ByteArray, "fromhex", STR_FROMHEX, true),
];

/// Built-in modules: (name, [(attr, id)]).
const MODULES: &[(&str, &[(&str, usize)])] = &[
    (
        "sys",
        &[
            ("exit", SYS_EXIT),
            ("print_exception", SYS_PRINT_EXC),
            ("exc_info", SYS_EXC_INFO),
            ("atexit", SYS_ATEXIT),
        ],
    ),
    ("errno", &[]),
    (
        "gc",
        &[
            ("collect", GC_COLLECT),
            ("enable", GC_ENABLE),
            ("disable", GC_DISABLE),
            ("isenabled", GC_ISENABLED),
            ("mem_free", GC_MEM_FREE),
            ("mem_alloc", GC_MEM_ALLOC),
        ],
    ),
    ("micropython", crate::modmicropython::ATTRS),
    (
        "cmath",
        &[
            ("phase", CMATH_PHASE),
            ("polar", CMATH_POLAR),
            ("rect", CMATH_RECT),
            ("exp", CMATH_EXP),
            ("log", CMATH_LOG),
            ("log10", CMATH_LOG10),
            ("sqrt", CMATH_SQRT),
            ("cos", CMATH_COS),
            ("sin", CMATH_SIN),
        ],
    ),
    (
        "math",
        &[
            ("sqrt", MATH_SQRT),
            ("floor", MATH_FLOOR),
            ("ceil", MATH_CEIL),
            ("fabs", MATH_FABS),
            ("exp", MATH_EXP),
            ("log", MATH_LOG),
            ("sin", MATH_SIN),
            ("cos", MATH_COS),
            ("isnan", MATH_ISNAN),
            ("isinf", MATH_ISINF),
            ("trunc", MATH_TRUNC),
            ("tan", MATH_TAN),
            ("asin", MATH_ASIN),
            ("acos", MATH_ACOS),
            ("atan", MATH_ATAN),
            ("atan2", MATH_ATAN2),
            ("pow", MATH_POW),
            ("log2", MATH_LOG2),
            ("log10", MATH_LOG10),
            ("isfinite", MATH_ISFINITE),
            ("copysign", MATH_COPYSIGN),
            ("fmod", MATH_FMOD),
            ("modf", MATH_MODF),
            ("frexp", MATH_FREXP),
            ("ldexp", MATH_LDEXP),
            ("degrees", MATH_DEGREES),
            ("radians", MATH_RADIANS),
            ("sinh", MATH_SINH),
            ("cosh", MATH_COSH),
            ("tanh", MATH_TANH),
            ("expm1", MATH_EXPM1),
            ("log1p", MATH_LOG1P),
            ("hypot", MATH_HYPOT),
            ("erf", MATHX_ERF),
            ("erfc", MATHX_ERFC),
            ("gamma", MATHX_GAMMA),
            ("lgamma", MATHX_LGAMMA),
            ("acosh", MATHX_ACOSH),
            ("asinh", MATHX_ASINH),
            ("atanh", MATHX_ATANH),
            ("factorial", MATHX_FACTORIAL),
            ("isclose", MATHX_ISCLOSE),
        ],
    ),
];

/// Built-in types exposed in `builtins`.
const GLOBAL_TYPES: &[T] = &[
    T::Object,
    T::Type,
    T::Bool,
    T::Int,
    T::Float,
    T::Complex,
    T::Str,
    T::Bytes,
    T::ByteArray,
    T::MemoryView,
    T::Tuple,
    T::List,
    T::Dict,
    T::Set,
    T::FrozenSet,
    T::Range,
    T::Slice,
    T::Property,
    T::StaticMethod,
    T::ClassMethod,
    T::Super,
    T::Enumerate,
    T::Zip,
    T::Map,
    T::Filter,
    T::Reversed,
    T::BaseException,
    T::Exception,
    T::ArithmeticError,
    T::AssertionError,
    T::AttributeError,
    T::EOFError,
    T::GeneratorExit,
    T::ImportError,
    T::IndentationError,
    T::IndexError,
    T::KeyboardInterrupt,
    T::KeyError,
    T::LookupError,
    T::MemoryError,
    T::NameError,
    T::NotImplementedError,
    T::OSError,
    T::OverflowError,
    T::RuntimeError,
    T::StopAsyncIteration,
    T::StopIteration,
    T::SyntaxError,
    T::SystemExit,
    T::TypeError,
    T::UnicodeError,
    T::ValueError,
    T::ViperTypeError,
    T::ZeroDivisionError,
];

impl<P: Port> Vm<P> {
    /// The built-in function object with id `id`, made on first use and kept in the cache
    /// dict (root SCRATCH, keyed by the id) so that every later use gets the same object.
    /// Made even while the heap is locked: in MicroPython the object is in ROM, so getting it
    /// never allocates visibly (see [`Vm::unlocked`]).
    pub(crate) fn builtin_obj_make(&mut self, id: usize) -> R<Obj> {
        let cache = Obj(self.heap.roots[root::SCRATCH]);
        let key = Obj::small(id as isize);
        if let Some(f) = self.map_get(cache, key)? {
            return Ok(f);
        }
        self.unlocked(|vm| {
            let f = vm.alloc_obj(vm.tobj(T::Builtin), 3)?;
            vm.set(f, 1, key);
            vm.set(f, 2, Obj::NULL);
            vm.root(f)?;
            let cache = Obj(vm.heap.roots[root::SCRATCH]);
            let r = vm.map_store(cache, key, f);
            vm.unroot(1);
            r.map(|()| f)
        })
    }

    /// Run `f` with the heap unlocked: for the objects MicroPython has in ROM and this VM makes
    /// on first use (built-in function objects, method tables, the `builtins` names), which
    /// must not raise MemoryError under `micropython.heap_lock()`.
    /// Such objects may also use the ROM reserve ([`crate::gc`]): making them does not fail
    /// when a program has filled the heap.
    pub(crate) fn unlocked<X>(&mut self, f: impl FnOnce(&mut Self) -> R<X>) -> R<X> {
        let depth = self.heap.lock_depth;
        let rom = self.heap.rom_mode;
        self.heap.lock_depth = 0;
        self.heap.rom_mode = true;
        let r = f(self);
        self.heap.lock_depth = depth;
        self.heap.rom_mode = rom;
        r
    }
}

/// What `builtins` holds beyond its functions and types.
const OTHER_GLOBALS: &[&str] = &["Ellipsis", "NotImplemented", "__name__"];

/// The value of `builtins` name `name`, made if needed (None if there is no such name).
fn builtin_value<P: Port>(vm: &mut Vm<P>, name: &[u8]) -> R<Option<Obj>> {
    if let Some(&(_, id)) = GLOBAL_FNS.iter().find(|g| g.0.as_bytes() == name) {
        return vm.builtin_obj_make(id).map(Some);
    }
    if let Some(&t) = GLOBAL_TYPES
        .iter()
        .find(|&&t| crate::obj::TYPE_NAMES[t as usize].as_bytes() == name)
    {
        return Ok(Some(vm.tobj(t)));
    }
    Ok(match name {
        b"Ellipsis" => Some(vm.ellipsis()),
        b"NotImplemented" => Some(vm.not_impl()),
        b"__name__" => Some(vm.intern(b"builtins")?),
        _ => None,
    })
}

/// A name not found in the `builtins` dict: if it is a built-in one, its value, stored in the
/// dict so that the next lookup finds it there. The dict starts empty (MicroPython's
/// `builtins` is a ROM dict plus a RAM dict for overrides; here the RAM dict doubles as the
/// cache), so a program pays only for the names it uses.
pub(crate) fn builtin_miss<P: Port>(vm: &mut Vm<P>, q: Obj) -> R<Option<Obj>> {
    if !q.is_qstr() {
        return Ok(None);
    }
    let name = vm.qstr_bytes(q.qstr_val());
    // Quick reject: every built-in name is at least 2 bytes.
    if name.len() < 2 {
        return Ok(None);
    }
    let n = name.len();
    let mut buf = [0u8; 32];
    let Some(b) = buf.get_mut(..n) else {
        return Ok(None);
    };
    b.copy_from_slice(name);
    let name = &buf[..n];
    let d = Obj(vm.heap.roots[root::BUILTINS]);
    vm.unlocked(|vm| {
        let Some(v) = builtin_value(vm, name)? else {
            return Ok(None);
        };
        vm.root(v)?;
        let r = vm.map_store(d, q, v);
        vm.unroot(1);
        r.map(|()| Some(v))
    })
}

/// Put every built-in name into the `builtins` dict (for `dir(builtins)`, `builtins.__dict__`).
pub(crate) fn builtins_fill<P: Port>(vm: &mut Vm<P>) -> R<()> {
    let d = Obj(vm.heap.roots[root::BUILTINS]);
    let names = GLOBAL_FNS
        .iter()
        .map(|g| g.0)
        .chain(
            GLOBAL_TYPES
                .iter()
                .map(|&t| crate::obj::TYPE_NAMES[t as usize]),
        )
        .chain(OTHER_GLOBALS.iter().copied());
    for name in names {
        let q = vm.intern(name.as_bytes())?;
        if vm.map_get(d, q)?.is_none() {
            builtin_miss(vm, q)?;
        }
    }
    Ok(())
}

/// Is `m` a module whose attribute `q`, missing from its dict, is made on demand? Its value,
/// stored in the module's dict so that the next lookup finds it there: the `builtins` module,
/// and the modules of [`MODULES`] (a built-in module's dict starts with `__name__` only).
pub(crate) fn module_attr_miss<P: Port>(vm: &mut Vm<P>, m: Obj, q: Obj) -> R<Option<Obj>> {
    let d = vm.get(m, 1);
    if d.0 == vm.heap.roots[root::BUILTINS] {
        return builtin_miss(vm, q);
    }
    let Some(mname) = builtin_module_name(vm, m)? else {
        return Ok(None);
    };
    if !q.is_qstr() {
        return Ok(None);
    }
    let name = vm.qstr_bytes(q.qstr_val());
    let n = name.len();
    let mut buf = [0u8; 40];
    let Some(b) = buf.get_mut(..n) else {
        return Ok(None);
    };
    b.copy_from_slice(name);
    let name = &buf[..n];
    vm.root(m)?;
    let r = vm.unlocked(|vm| {
        let Some(v) = module_attr_value(vm, mname, name)? else {
            return Ok(None);
        };
        vm.root(v)?;
        let d = vm.get(m, 1);
        let r = vm.map_store(d, q, v);
        vm.unroot(1);
        r.map(|()| Some(v))
    });
    vm.unroot(1);
    r
}

/// The name (in [`MODULES`]) of built-in module object `m`, if it is one.
fn builtin_module_name<P: Port>(vm: &mut Vm<P>, m: Obj) -> R<Option<&'static str>> {
    let q = vm.get(m, 2);
    if !q.is_qstr() {
        return Ok(None);
    }
    let name = vm.qstr_bytes(q.qstr_val());
    let Some(&(mname, _)) = MODULES.iter().find(|e| e.0.as_bytes() == name) else {
        return Ok(None);
    };
    let bm = Obj(vm.heap.roots[root::BUILTIN_MODS]);
    Ok((vm.map_get(bm, q)? == Some(m)).then_some(mname))
}

/// Float constants of `math` and `cmath`.
fn module_floats(mname: &str) -> &'static [(&'static str, f64)] {
    match mname {
        "cmath" => &[("e", core::f64::consts::E), ("pi", core::f64::consts::PI)],
        "math" => &[
            ("pi", core::f64::consts::PI),
            ("e", core::f64::consts::E),
            ("tau", core::f64::consts::TAU),
            ("inf", f64::INFINITY),
            ("nan", f64::NAN),
        ],
        _ => &[],
    }
}

/// Attribute `name` of built-in module `mname`, made now (None if it has no such attribute).
fn module_attr_value<P: Port>(vm: &mut Vm<P>, mname: &str, name: &[u8]) -> R<Option<Obj>> {
    let attrs = MODULES
        .iter()
        .find(|e| e.0 == mname)
        .map_or(&[][..], |e| e.1);
    if let Some(&(_, id)) = attrs.iter().find(|a| a.0.as_bytes() == name) {
        return vm.builtin_obj_make(id).map(Some);
    }
    if let Some(&(_, v)) = module_floats(mname).iter().find(|f| f.0.as_bytes() == name) {
        return vm.new_float(v).map(Some);
    }
    match mname {
        "sys" => crate::import::sys_attr(vm, name),
        "micropython" if name == b"RingIO" && cfg!(not(feature = "circuitpython")) => {
            Ok(Some(vm.tobj(T::RingIO)))
        }
        "errno" if name == b"errorcode" => {
            let codes = vm.new_dict(crate::text::ERRNO.len())?;
            vm.root(codes)?;
            let r = (|| {
                for &(n, ename) in crate::text::ERRNO {
                    let k = vm.intern(ename.as_bytes())?;
                    vm.map_store(codes, Obj::small(n), k)?;
                }
                Ok(Some(codes))
            })();
            vm.unroot(1);
            r
        }
        "errno" => Ok(crate::text::ERRNO
            .iter()
            .find(|e| e.1.as_bytes() == name)
            .map(|e| Obj::small(e.0))),
        _ => Ok(None),
    }
}

/// Put every attribute of built-in module `m` into its dict (for `dir`, `__dict__` and
/// `from m import *`, which read the dict).
pub(crate) fn module_fill<P: Port>(vm: &mut Vm<P>, m: Obj) -> R<()> {
    if vm.get(m, 1).0 == vm.heap.roots[root::BUILTINS] {
        return builtins_fill(vm);
    }
    let Some(mname) = builtin_module_name(vm, m)? else {
        return Ok(());
    };
    let attrs = MODULES
        .iter()
        .find(|e| e.0 == mname)
        .map_or(&[][..], |e| e.1);
    let extra: &[&str] = match mname {
        "sys" => crate::import::SYS_NAMES,
        "micropython" if cfg!(not(feature = "circuitpython")) => &["RingIO"],
        "errno" => &["errorcode"],
        _ => &[],
    };
    let errno: &[(isize, &str)] = if mname == "errno" {
        crate::text::ERRNO
    } else {
        &[]
    };
    let names = attrs
        .iter()
        .map(|a| a.0)
        .chain(module_floats(mname).iter().map(|f| f.0))
        .chain(extra.iter().copied())
        .chain(errno.iter().map(|e| e.1));
    vm.root(m)?;
    let r = (|| {
        for name in names {
            let q = vm.intern(name.as_bytes())?;
            let d = vm.get(m, 1);
            if vm.map_get(d, q)?.is_none() {
                module_attr_miss(vm, m, q)?;
            }
        }
        Ok(())
    })();
    vm.unroot(1);
    r
}

/// Create the start-up objects. Nearly everything MicroPython keeps in ROM is made here on
/// first use instead, so that a program starts with nearly all of a small heap free (the
/// reference's `-X heapsize=64k` has ~1 KiB in use at start):
/// - built-in function objects: on first lookup ([`Vm::builtin_obj_make`]), cached by id;
/// - the `builtins` names: on the first lookup that misses the `builtins` dict
///   ([`builtin_miss`]), then stored there;
/// - each method of a built-in type: on its first lookup on the type or an instance, into the
///   type's dict ([`method_miss`]); all of them when a class derives from the type, and for
///   `dir` and `__dict__` ([`ensure_methods`]);
/// - built-in modules: on first import ([`load_module`]), and each attribute of one on its
///   first lookup ([`module_attr_miss`]);
/// - the names they use are ROM qstrs ([`crate::qstr_rom`]), the type objects and singletons
///   live in the static area outside the GC pool ([`crate::STATIC_BYTES`]).
///
/// Why this rather than resolving names from static tables on every lookup: the heap dicts
/// keep every lookup path as it was (one hashed probe, the map cache, O(1)), user overrides
/// and subclasses need no second mechanism, and a program pays only for the names it uses.
/// What MicroPython does not allocate stays invisible: these objects are made with the heap
/// unlocked ([`Vm::unlocked`]).
pub(crate) fn init<P: Port>(vm: &mut Vm<P>) -> R<()> {
    let cache = vm.new_dict(0)?;
    vm.heap.roots[root::SCRATCH] = cache.0;
    let b = vm.new_dict(0)?;
    vm.heap.roots[root::BUILTINS] = b.0;
    // The hidden sys slots exist from the start: setting them later never allocates.
    vm.set_sys_slot(crate::modules::SLOT_EXC_INFO, Obj::NONE)?;
    vm.set_sys_slot(crate::modules::SLOT_ATEXIT, Obj::NONE)?;
    crate::modmicropython::init_roots(vm);
    Ok(())
}

/// The built-in module `name` (of [`MODULES`] or `builtins`), made on its first import with
/// an empty dict ([`module_attr_miss`] fills it).
pub(crate) fn load_module<P: Port>(vm: &mut Vm<P>, name: &[u8]) -> R<Option<Obj>> {
    if name != b"builtins" && !MODULES.iter().any(|m| m.0.as_bytes() == name) {
        return Ok(None);
    }
    let m = crate::import::new_module(vm, name)?;
    if name == b"builtins" {
        let b = Obj(vm.heap.roots[root::BUILTINS]);
        vm.set(m, 1, b);
    }
    vm.root(m)?;
    let r = register_module(vm, name, m);
    vm.unroot(1);
    r.map(|()| Some(m))
}

/// Enter built-in module `m` in the table later imports look in.
fn register_module<P: Port>(vm: &mut Vm<P>, name: &[u8], m: Obj) -> R<()> {
    let q = vm.intern(name)?;
    let bm = Obj(vm.heap.roots[root::BUILTIN_MODS]);
    vm.map_store(bm, q, m)
}

/// Make sure built-in type `t` and its built-in bases have all their methods (of [`METHODS`]
/// and [`STATIC_METHODS`]) in their dicts: for the built-in bases of a new class (whose
/// lookups walk the bases' dicts), `dir` and a type's `__dict__`. Other lookups make one
/// method at a time ([`method_miss`]).
#[inline]
pub(crate) fn ensure_methods<P: Port>(vm: &mut Vm<P>, t: T) -> R<()> {
    if vm.methods_ready & (1u128 << (t as usize)) != 0 {
        return Ok(());
    }
    vm.unlocked(|vm| make_methods(vm, t))
}

/// The method `q` of built-in type `t` or a built-in base, if [`METHODS`]/[`STATIC_METHODS`]
/// have it and it is not in the type's dict yet: made and stored there (the first lookup of
/// each method; later ones find it in the dict). True if one was stored.
pub(crate) fn method_miss<P: Port>(vm: &mut Vm<P>, t: T, q: Obj) -> R<bool> {
    if !q.is_qstr() {
        return Ok(false);
    }
    let name = vm.qstr_bytes(q.qstr_val());
    let mut c = t;
    loop {
        if vm.methods_ready & (1u128 << (c as usize)) == 0 {
            if let Some(&(_, _, id)) = METHODS.iter().find(|m| m.0 == c && m.1.as_bytes() == name) {
                return vm
                    .unlocked(|vm| store_method(vm, c, q, id, None))
                    .map(|()| true);
            }
            if let Some(&(_, _, id, class)) = STATIC_METHODS
                .iter()
                .find(|m| m.0 == c && m.1.as_bytes() == name)
            {
                return vm
                    .unlocked(|vm| store_method(vm, c, q, id, Some(class)))
                    .map(|()| true);
            }
        }
        let base = crate::obj::TYPE_BASES[c as usize];
        if c == T::Object {
            return Ok(false);
        }
        c = if base == c { T::Object } else { base };
    }
}

/// Store built-in `id` as method `q` of type `t` (wrapped in a class/static method object
/// when `wrap` says which).
fn store_method<P: Port>(vm: &mut Vm<P>, t: T, q: Obj, id: usize, wrap: Option<bool>) -> R<()> {
    let d = type_dict(vm, t, false)?;
    vm.root(d)?;
    let r = (|| {
        let f = vm.builtin_obj_make(id)?;
        let v = match wrap {
            None => f,
            Some(class) => {
                vm.root(f)?;
                let w = vm.alloc_obj(
                    vm.tobj(if class {
                        T::ClassMethod
                    } else {
                        T::StaticMethod
                    }),
                    2,
                );
                vm.unroot(1);
                let w = w?;
                vm.set(w, 1, f);
                w
            }
        };
        vm.map_store(d, q, v)
    })();
    vm.unroot(1);
    r
}

fn make_methods<P: Port>(vm: &mut Vm<P>, t: T) -> R<()> {
    let mut c = t;
    loop {
        let bit = 1u128 << (c as usize);
        if vm.methods_ready & bit == 0 {
            type_dict(vm, c, true)?;
            for &(mt, name, id) in METHODS {
                if mt == c {
                    let q = vm.intern(name.as_bytes())?;
                    store_method(vm, c, q, id, None)?;
                }
            }
            for &(mt, name, id, class) in STATIC_METHODS {
                if mt == c {
                    let q = vm.intern(name.as_bytes())?;
                    store_method(vm, c, q, id, Some(class))?;
                }
            }
            vm.methods_ready |= bit;
        }
        let base = crate::obj::TYPE_BASES[c as usize];
        if base == c || c == T::Object {
            if c == T::Object {
                return Ok(());
            }
            c = T::Object;
        } else {
            c = base;
        }
    }
}

/// The method dict of built-in type `t`, made if it has none: sized for all its built-in
/// methods when `full` (growing a map leaves its old tables as garbage), else small (one
/// method made on its first lookup, see [`method_miss`]).
pub(crate) fn type_dict<P: Port>(vm: &mut Vm<P>, t: T, full: bool) -> R<Obj> {
    let to = vm.tobj(t);
    let d = vm.get(to, ty::DICT);
    if d.is_ptr() {
        return Ok(d);
    }
    let n = if full {
        METHODS.iter().filter(|m| m.0 == t).count()
            + STATIC_METHODS.iter().filter(|m| m.0 == t).count()
    } else {
        1
    };
    // With some room: a map is searched by linear probing, so a full one finds a key only
    // after long runs (lookups of methods are hot); more would cost a small heap.
    let d = vm.new_dict(n + n / 4 + 1)?;
    vm.set(to, ty::DICT, d);
    Ok(d)
}

/// Argument access for built-in implementations.
pub(crate) struct Args {
    pub base: usize,
    pub n: usize,
    pub n_kw: usize,
}

impl Args {
    #[inline]
    pub(crate) fn get<P: Port>(&self, vm: &Vm<P>, i: usize) -> Obj {
        Obj(vm.heap.ps[self.base + i])
    }
    /// Keyword argument `name`, if given.
    pub(crate) fn kw<P: Port>(&self, vm: &Vm<P>, name: &str) -> Option<Obj> {
        for k in 0..self.n_kw {
            let key = Obj(vm.heap.ps[self.base + self.n + 2 * k]);
            if vm.is_str(key) && vm.str_data(key) == name.as_bytes() {
                return Some(Obj(vm.heap.ps[self.base + self.n + 2 * k + 1]));
            }
        }
        None
    }
}

pub(crate) fn arg_count<P: Port>(vm: &mut Vm<P>, a: &Args, min: usize, max: usize) -> R<()> {
    if a.n_kw > 0 {
        return Err(vm.err(T::TypeError, "function doesn't take keyword arguments"));
    }
    if a.n < min || a.n > max {
        if min == max {
            return Err(vm.errf(
                T::TypeError,
                &[
                    Part::S("function takes "),
                    Part::I(min as isize),
                    Part::S(" positional arguments but "),
                    Part::I(a.n as isize),
                    Part::S(" were given"),
                ],
            ));
        }
        if a.n < min {
            return Err(vm.errf(
                T::TypeError,
                &[
                    Part::S("function missing "),
                    Part::I((min - a.n) as isize),
                    Part::S(" required positional arguments"),
                ],
            ));
        }
        return Err(vm.errf(
            T::TypeError,
            &[
                Part::S("function expected at most "),
                Part::I(max as isize),
                Part::S(" arguments, got "),
                Part::I(a.n as isize),
            ],
        ));
    }
    Ok(())
}

/// Call built-in `id`.
pub(crate) fn call_builtin<P: Port>(
    vm: &mut Vm<P>,
    id: usize,
    n: usize,
    n_kw: usize,
    base: usize,
) -> R<Obj> {
    let a = Args { base, n, n_kw };
    if id >= L_APPEND {
        return crate::builtins2::call_method(vm, id, &a);
    }
    match id {
        BUILD_CLASS => build_class(vm, &a),
        PRINT => print(vm, &a),
        LEN => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            let l = vm.len_of(o)?;
            // A range's length can pass the small ints (range(sys.maxsize)).
            vm.new_int(l as i128)
        }
        REPR => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            vm.obj_str(o, true)
        }
        ISINSTANCE | ISSUBCLASS => {
            arg_count(vm, &a, 2, 2)?;
            let o = a.get(vm, 0);
            let c = a.get(vm, 1);
            let t = if id == ISINSTANCE {
                vm.type_of(o)
            } else {
                if !vm.is_type(o) {
                    return Err(vm.err(T::TypeError, "issubclass() arg 1 must be a class"));
                }
                o
            };
            isinstance_check(vm, t, c).map(Obj::bool)
        }
        HASATTR => {
            arg_count(vm, &a, 2, 2)?;
            let o = a.get(vm, 0);
            let q = a.get(vm, 1);
            let q = vm.intern_str(q)?;
            match vm.load_method_maybe(o, q) {
                Ok(r) => Ok(Obj::bool(r.is_some())),
                Err(e) => {
                    let x = vm.cur_exc();
                    if vm.exc_match(x, T::AttributeError) {
                        Ok(Obj::bool(vm.member_of_failed_get(o, q).is_some()))
                    } else {
                        Err(e)
                    }
                }
            }
        }
        GETATTR => {
            arg_count(vm, &a, 2, 3)?;
            let o = a.get(vm, 0);
            let q = a.get(vm, 1);
            let q = vm.intern_str(q)?;
            match vm.load_attr(o, q) {
                Ok(v) => Ok(v),
                Err(e) => {
                    let x = vm.cur_exc();
                    if a.n == 3 && vm.exc_match(x, T::AttributeError) {
                        Ok(vm.member_of_failed_get(o, q).unwrap_or(a.get(vm, 2)))
                    } else {
                        Err(e)
                    }
                }
            }
        }
        SETATTR => {
            arg_count(vm, &a, 3, 3)?;
            let o = a.get(vm, 0);
            let q = a.get(vm, 1);
            let q = vm.intern_str(q)?;
            let v = a.get(vm, 2);
            vm.store_attr(o, q, v)?;
            Ok(Obj::NONE)
        }
        DELATTR => {
            arg_count(vm, &a, 2, 2)?;
            let o = a.get(vm, 0);
            let q = a.get(vm, 1);
            let q = vm.intern_str(q)?;
            vm.store_attr(o, q, Obj::NULL)?;
            Ok(Obj::NONE)
        }
        ITER => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            vm.get_iter(o)
        }
        NEXT => {
            arg_count(vm, &a, 1, 2)?;
            let o = a.get(vm, 0);
            if a.n == 1 && vm.is_user_instance(o) {
                // __next__'s own StopIteration (with its value) propagates.
                let Some(m) = vm.lookup_special(o, crate::qs!(vm, "__next__"))? else {
                    return Err(vm.errf(
                        T::TypeError,
                        &[
                            Part::S("'"),
                            Part::TypeName(o),
                            Part::S("' object isn't an iterator"),
                        ],
                    ));
                };
                return vm.call_method_obj(m, o, &[]);
            }
            if a.n == 1 && o.is_ptr() && vm.tid(o).is_generator() {
                return match vm.gen_resume(o, Obj::NONE, Obj::NULL)? {
                    crate::gen::GenRet::Yield(v) => Ok(v),
                    crate::gen::GenRet::Return(v) => Err(crate::builtins2::stop_iteration(vm, v)),
                };
            }
            // A StopIteration value met inside (a `__next__` under enumerate/map/zip...) is
            // raised again, as MicroPython's next() does with `stop_iteration_arg`.
            vm.heap.roots[crate::root::STOP_ITER] = Obj::NULL.0;
            let r = vm.iter_next(o);
            let arg = Obj(core::mem::replace(
                &mut vm.heap.roots[crate::root::STOP_ITER],
                Obj::NULL.0,
            ));
            match r? {
                Some(v) => Ok(v),
                None if a.n == 2 => Ok(a.get(vm, 1)),
                None if arg.is_null() => Err(vm.err_noarg(T::StopIteration)),
                None => Err(crate::builtins2::stop_iteration(vm, arg)),
            }
        }
        ABS => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            if vm.is_bigint(o) {
                return vm.big_unop(7, o);
            }
            if let Some(v) = vm.int_val(o) {
                return vm.new_int(v.abs());
            }
            if o.is_ptr() && vm.tid(o) == T::Float {
                let f = vm.float_val(o);
                return vm.new_float(f.abs());
            }
            if vm.is_complex(o) {
                let (re, im) = vm.complex_parts(o);
                return vm.new_float(libm::sqrt(re * re + im * im));
            }
            if let Some(m) = vm.lookup_special(o, crate::qs!(vm, "__abs__"))? {
                return vm.call_method_obj(m, o, &[]);
            }
            Err(vm.errf(
                T::TypeError,
                &[
                    Part::S("unsupported type for __abs__: '"),
                    Part::TypeName(o),
                    Part::S("'"),
                ],
            ))
        }
        MIN | MAX => min_max(vm, &a, id == MAX),
        SUM => {
            if a.n_kw > 0 || a.n == 0 || a.n > 2 {
                arg_count(vm, &a, 1, 2)?;
            }
            let it = a.get(vm, 0);
            let mut acc = if a.n == 2 {
                a.get(vm, 1)
            } else {
                Obj::small(0)
            };
            let mut w = vm.walk(it)?;
            let slot = vm.heap.sp;
            vm.root(w.obj)?;
            vm.root(acc)?;
            let r = (|| {
                while let Some(v) = vm.walk_next(&mut w)? {
                    acc = vm.binary_op(mpy_format::opcode::binary::ADD, acc, v)?;
                    vm.heap.ps[slot + 1] = acc.0;
                }
                Ok(acc)
            })();
            vm.heap.sp = slot;
            r
        }
        SORTED => {
            if a.n != 1 {
                return Err(vm.err(
                    T::TypeError,
                    "function takes 1 positional arguments but more were given",
                ));
            }
            let o = a.get(vm, 0);
            let l = vm.list_from_iter(o)?;
            vm.root(l)?;
            let key = a.kw(vm, "key").unwrap_or(Obj::NONE);
            let rev = a.kw(vm, "reverse").unwrap_or(Obj::FALSE);
            let r = crate::builtins2::list_sort(vm, l, key, rev);
            vm.unroot(1);
            r?;
            Ok(l)
        }
        ANY | ALL => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            let mut w = vm.walk(o)?;
            vm.root(w.obj)?;
            let want = id == ANY;
            let r = (|| {
                while let Some(v) = vm.walk_next(&mut w)? {
                    if vm.truthy(v)? == want {
                        return Ok(Obj::bool(want));
                    }
                }
                Ok(Obj::bool(!want))
            })();
            vm.unroot(1);
            r
        }
        CHR => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            let c = vm.get_int(o)?;
            // Surrogates too, as MicroPython (their 3-byte UTF-8 form).
            let Some(ch) = u32::try_from(c).ok().filter(|&c| c < 0x11_0000) else {
                return Err(vm.err(T::ValueError, "chr() arg not in range(0x110000)"));
            };
            let mut buf = [0u8; 4];
            let n = crate::text::utf8_encode(ch, &mut buf);
            vm.new_str(&buf[..n])
        }
        ORD => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            if vm.is_str(o) {
                let d = vm.str_data(o);
                let n = crate::text::char_count(d);
                if n != 1 {
                    let msg_n = n as isize;
                    return Err(vm.errf(
                        T::TypeError,
                        &[
                            Part::S("ord() expected a character, but string of length "),
                            Part::I(msg_n),
                            Part::S(" found"),
                        ],
                    ));
                }
                return Ok(Obj::small(crate::text::utf8_char(d) as isize));
            }
            if o.is_ptr() && matches!(vm.tid(o), T::Bytes | T::ByteArray) {
                let d = vm.bytes_data(o);
                if d.len() == 1 {
                    return Ok(Obj::small(d[0] as isize));
                }
            }
            Err(vm.errf(
                T::TypeError,
                &[
                    Part::S("ord() expected a character, but string of length "),
                    Part::S("?"),
                    Part::S(" found"),
                ],
            ))
        }
        HEX | OCT | BIN => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            if vm.is_bigint(o) {
                let (radix, prefix) = match id {
                    HEX => (16, "0x"),
                    OCT => (8, "0o"),
                    _ => (2, "0b"),
                };
                return vm.int_text(o, radix, prefix, false, 0);
            }
            let Some(v) = vm.int_val(o) else {
                return Err(vm.errf(
                    T::TypeError,
                    &[
                        Part::S("can't convert "),
                        Part::TypeName(o),
                        Part::S(" to int"),
                    ],
                ));
            };
            let (radix, prefix) = match id {
                HEX => (16, "0x"),
                OCT => (8, "0o"),
                _ => (2, "0b"),
            };
            int_to_str_radix(vm, v, radix, prefix, false)
        }
        ID => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            vm.new_int(o.0 as isize as i128)
        }
        HASH => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            let h = vm.hash(o)?;
            Ok(Obj::small(h))
        }
        CALLABLE => {
            arg_count(vm, &a, 1, 1)?;
            let o = a.get(vm, 0);
            let c = o.is_ptr()
                && (matches!(
                    vm.tid(o),
                    T::Function | T::GenWrap | T::Builtin | T::BoundMeth | T::Type | T::Closure
                ) || vm.lookup_special(o, crate::qs!(vm, "__call__"))?.is_some());
            Ok(Obj::bool(c))
        }
        DIVMOD => {
            arg_count(vm, &a, 2, 2)?;
            let x = a.get(vm, 0);
            let y = a.get(vm, 1);
            let q = vm.binary_op(mpy_format::opcode::binary::FLOOR_DIVIDE, x, y)?;
            vm.root(q)?;
            let m = vm.binary_op(mpy_format::opcode::binary::MODULO, x, y);
            let r = m.and_then(|m| vm.new_tuple_from(&[q, m]));
            vm.unroot(1);
            r
        }
        POW => {
            arg_count(vm, &a, 2, 3)?;
            let x = a.get(vm, 0);
            let y = a.get(vm, 1);
            // pow(x, y, None) is pow(x, y).
            if a.n == 3 && a.get(vm, 2) != Obj::NONE {
                let m = a.get(vm, 2);
                let small = |v: Option<i128>| v.filter(|v| v.unsigned_abs() < 1 << 62);
                let (Some(b), Some(e), Some(m)) = (
                    small(vm.int_val(x)),
                    small(vm.int_val(y)),
                    small(vm.int_val(m)),
                ) else {
                    if vm.is_int(x) && vm.is_int(y) && vm.is_int(m) {
                        return vm.big_pow_mod(x, y, m);
                    }
                    return Err(vm.err(T::TypeError, "pow() with 3 arguments requires integers"));
                };
                if m == 0 {
                    return Err(vm.err(T::ValueError, "divide by zero"));
                }
                // As the reference's mpz_pow3_inpl: 0 for a negative exponent, a modulus of
                // +-1 or a zero base; 1 for a zero exponent; else square-and-multiply with
                // Python's modulo (the sign of the modulus).
                if e < 0 || m.abs() == 1 || b == 0 {
                    return Ok(Obj::small(0));
                }
                let md = |v: i128| {
                    let r = v.rem_euclid(m.abs());
                    if m < 0 && r != 0 {
                        r + m
                    } else {
                        r
                    }
                };
                let (mut r, mut x, mut n) = (1i128, b, e);
                while n > 0 {
                    if n & 1 == 1 {
                        r = md(r * x);
                    }
                    n >>= 1;
                    if n == 0 {
                        break;
                    }
                    x = md(x * x);
                }
                return vm.new_int(r);
            }
            vm.binary_op(mpy_format::opcode::binary::POWER, x, y)
        }
        ROUND => {
            arg_count(vm, &a, 1, 2)?;
            let x = a.get(vm, 0);
            if let Some(v) = vm.int_val(x) {
                if a.n == 1 || a.get(vm, 1) == Obj::NONE {
                    return vm.new_int(v);
                }
                let nd = a.get(vm, 1);
                let nd = vm.get_int(nd)?;
                if nd >= 0 {
                    return Ok(x);
                }
                // Round half to even at 10**-nd (objint.c int_round).
                let Some(m) = 10i128.checked_pow((-nd) as u32) else {
                    return Ok(Obj::small(0));
                };
                let r = v.rem_euclid(m);
                let mut q = v - r;
                if r * 2 > m || (r * 2 == m && (q / m) % 2 != 0) {
                    q += m;
                }
                return vm.new_int(q);
            }
            let f = vm.get_float(x)?;
            if a.n == 2 && a.get(vm, 1) != Obj::NONE {
                let nd = a.get(vm, 1);
                let nd = vm.get_int(nd)?;
                let r = if nd >= 0 {
                    let m = crate::ops::libm_pow(10.0, nd as f64);
                    round_half_even(f * m) / m
                } else {
                    let m = crate::ops::libm_pow(10.0, -nd as f64);
                    round_half_even(f / m) * m
                };
                return vm.new_float(r);
            }
            let r = round_half_even(f);
            vm.int_from_f64(r)
        }
        GLOBALS | LOCALS => Ok(Obj(vm.heap.roots[root::CUR_GLOBALS])),
        DIR => crate::builtins2::dir(vm, &a),
        EXEC | EVAL => crate::import::exec_eval(vm, &a, id == EVAL),
        IMPORT => {
            if a.n == 0 {
                return Err(vm.err(
                    T::TypeError,
                    "function missing 1 required positional arguments",
                ));
            }
            let name = a.get(vm, 0);
            let name = vm.intern_str(name)?;
            let g = Obj(vm.heap.roots[root::MAIN]);
            vm.import_name(name, Obj::NONE, Obj::small(0), g)
        }
        OBJECT_INIT => Ok(Obj::NONE),
        COMPILE => crate::import::compile_builtin(vm, &a),
        BA_APPEND | BA_EXTEND => {
            arg_count(vm, &a, 2, 2)?;
            let (o, v) = (a.get(vm, 0), a.get(vm, 1));
            if id == BA_EXTEND {
                vm.ba_extend(o, v)?;
            } else {
                // Truncated to a byte, as MicroPython's bytearray.append.
                let b = vm.get_int(v)?;
                vm.ba_push(o, b as u8)?;
            }
            Ok(Obj::NONE)
        }
        OBJECT_NEW => {
            if a.n == 0 || !vm.is_type(a.get(vm, 0)) {
                return Err(vm.err(T::TypeError, "object.__new__(X): X is not a type object"));
            }
            let t = a.get(vm, 0);
            // Only a class made by `class` (MicroPython: "arg must be user-type").
            if !vm.is_user_type(t) {
                return Err(vm.err(T::TypeError, "arg must be user-type"));
            }
            vm.new_instance(t)
        }
        OBJECT_SETATTR | OBJECT_DELATTR => {
            let want = if id == OBJECT_SETATTR { 3 } else { 2 };
            arg_count(vm, &a, want, want)?;
            let o = a.get(vm, 0);
            let q = a.get(vm, 1);
            let q = vm.intern_str(q)?;
            let v = if id == OBJECT_SETATTR {
                a.get(vm, 2)
            } else {
                Obj::NULL
            };
            vm.store_attr_plain(o, q, v)?;
            Ok(Obj::NONE)
        }
        P_GETTER | P_SETTER | P_DELETER => {
            arg_count(vm, &a, 2, 2)?;
            let p = a.get(vm, 0);
            let f = a.get(vm, 1);
            let np = vm.alloc_obj(vm.tobj(T::Property), 4)?;
            for i in 1..4 {
                let v = vm.get(p, i);
                vm.set(np, i, v);
            }
            vm.set(np, id - P_GETTER + 1, f);
            Ok(np)
        }
        _ => Err(vm.err(T::NotImplementedError, "builtin")),
    }
}

/// C's `nearbyint` (round half to even), keeping the sign of zero.
fn round_half_even(f: f64) -> f64 {
    if !f.is_finite() {
        return f;
    }
    let r = crate::ops::floor(f + 0.5);
    let r = if r - f == 0.5 && crate::ops::fmod(r, 2.0) != 0.0 {
        r - 1.0
    } else {
        r
    };
    if r == 0.0 && f.is_sign_negative() {
        -0.0
    } else {
        r
    }
}

/// `isinstance` check of type `t` against a class or tuple of classes.
pub(crate) fn isinstance_check<P: Port>(vm: &mut Vm<P>, t: Obj, c: Obj) -> R<bool> {
    if c.is_ptr() && vm.tid(c) == T::Tuple {
        for i in 0..vm.tuple_len(c) {
            let x = vm.tuple_get(c, i);
            if isinstance_check(vm, t, x)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if !vm.is_type(c) {
        return Err(vm.err(
            T::TypeError,
            "isinstance expects a class or tuple of classes",
        ));
    }
    Ok(vm.is_subclass(t, c))
}

/// Format an int in a radix with prefix.
pub(crate) fn int_to_str_radix<P: Port>(
    vm: &mut Vm<P>,
    v: i128,
    radix: u32,
    prefix: &str,
    upper: bool,
) -> R<Obj> {
    let mut buf = [0u8; 140];
    let mut n = 0;
    let neg = v < 0;
    let mut u = v.unsigned_abs();
    let digits: &[u8] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut tmp = [0u8; 130];
    let mut k = 0;
    loop {
        tmp[k] = digits[(u % radix as u128) as usize];
        k += 1;
        u /= radix as u128;
        if u == 0 {
            break;
        }
    }
    if neg {
        buf[n] = b'-';
        n += 1;
    }
    for &c in prefix.as_bytes() {
        buf[n] = c;
        n += 1;
    }
    for i in 0..k {
        buf[n] = tmp[k - 1 - i];
        n += 1;
    }
    vm.new_str(&buf[..n])
}

fn print<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    let sep = a.kw(vm, "sep").filter(|&s| s != Obj::NONE);
    let end = a.kw(vm, "end").filter(|&s| s != Obj::NONE);
    // An io.IOBase subclass: each piece goes to its write method.
    if let Some(f) = a.kw(vm, "file").filter(|&f| crate::modio::is_iobase(vm, f)) {
        return crate::modio::print_iobase(vm, a, f, sep, end);
    }
    // A StringIO/BytesIO file: print into a str, then write it into the stream.
    let stream = a
        .kw(vm, "file")
        .map(|f| vm.native_sub(f).unwrap_or(f))
        .filter(|&f| crate::modio::is_stream(vm, f));
    if let Some(f) = stream {
        let sp = vm.heap.sp;
        let out = vm.buf_new(T::Str)?;
        let r = print_to(vm, a, out, sep, end);
        if r.is_err() {
            vm.heap.sp = sp;
            return r;
        }
        let text = vm.buf_finish(out);
        vm.root(text)?;
        let r = crate::modio::write_obj(vm, f, text);
        vm.unroot(1);
        r?;
        return Ok(Obj::NONE);
    }
    let out = match a.kw(vm, "file") {
        Some(f) if f != Obj::NONE => {
            // Only sys.stderr-like objects with a flag word are supported: stderr when the
            // object is the sys.stderr marker.
            if crate::import::is_stderr(vm, f) {
                Out::Stderr
            } else {
                Out::Stdout
            }
        }
        _ => Out::Stdout,
    };
    print_to(vm, a, out, sep, end)
}

/// The text of `print` (items, separators, end) to `out`.
fn print_to<P: Port>(
    vm: &mut Vm<P>,
    a: &Args,
    out: Out,
    sep: Option<Obj>,
    end: Option<Obj>,
) -> R<Obj> {
    for i in 0..a.n {
        if i > 0 {
            match sep {
                Some(s) => vm.print_str(out, s)?,
                None => vm.write_bytes(out, b" ")?,
            }
        }
        let o = a.get(vm, i);
        vm.print(out, o, false)?;
    }
    match end {
        Some(e) => vm.print_str(out, e)?,
        None => vm.write_bytes(out, b"\n")?,
    }
    Ok(Obj::NONE)
}

fn min_max<P: Port>(vm: &mut Vm<P>, a: &Args, max: bool) -> R<Obj> {
    if a.n == 0 {
        return Err(vm.err(
            T::TypeError,
            "function missing 1 required positional arguments",
        ));
    }
    let key = a.kw(vm, "key").filter(|&k| k != Obj::NONE);
    let default = a.kw(vm, "default");
    // One argument: walk it; several: the arguments themselves (nothing allocated, as in
    // MicroPython).
    let slot = vm.heap.sp;
    let src = if a.n == 1 { a.get(vm, 0) } else { Obj::NONE };
    vm.root(src)?;
    let w = if a.n == 1 {
        vm.walk(src).map(Some)
    } else {
        Ok(None)
    };
    let r = w.and_then(|mut w| {
        vm.root(w.as_ref().map_or(Obj::NONE, |w| w.obj))?;
        let mut best = Obj::NULL;
        let mut best_key = Obj::NULL;
        vm.root(best)?;
        vm.root(best_key)?;
        let mut i = 0;
        loop {
            let v = match w.as_mut() {
                Some(w) => vm.walk_next(w)?,
                None if i < a.n => {
                    i += 1;
                    Some(a.get(vm, i - 1))
                }
                None => None,
            };
            let Some(v) = v else {
                break;
            };
            vm.root(v)?;
            let k = match key {
                Some(f) => vm.call(f, &[v])?,
                None => v,
            };
            vm.unroot(1);
            if best.is_null() {
                best = v;
                best_key = k;
            } else {
                let op = if max {
                    mpy_format::opcode::binary::MORE
                } else {
                    mpy_format::opcode::binary::LESS
                };
                let c = vm.binary_op(op, k, best_key)?;
                if c == Obj::TRUE {
                    best = v;
                    best_key = k;
                }
            }
            vm.heap.ps[slot + 2] = best.0;
            vm.heap.ps[slot + 3] = best_key.0;
        }
        if best.is_null() {
            if let Some(d) = default {
                return Ok(d);
            }
            return Err(vm.err(T::ValueError, "arg is an empty sequence"));
        }
        Ok(best)
    });
    vm.heap.sp = slot;
    r
}

/// `__build_class__(body, name, *bases)`.
fn build_class<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    if a.n < 2 {
        return Err(vm.err(T::TypeError, "__build_class__ needs 2 arguments"));
    }
    let body = a.get(vm, 0);
    let name = a.get(vm, 1);
    let dict = vm.new_dict(0)?;
    let slot = vm.heap.sp;
    vm.root(dict)?;
    let r = (|| {
        let q = crate::qs!(vm, "__module__");
        let g = vm.get(body, crate::call::fun::GLOBALS);
        if let Some(m) = vm.map_get_q(g, crate::qs!(vm, "__name__")) {
            vm.map_store(dict, q, m)?;
        }
        let qn = crate::qs!(vm, "__qualname__");
        vm.map_store(dict, qn, name)?;
        let cell = vm.call_class_body(body, dict)?;
        vm.root(cell)?;
        // A function `__new__` is made a staticmethod (mp_obj_new_type does the same).
        let nq = crate::qs!(vm, "__new__");
        if let Some(f) = vm.map_get_q(dict, nq) {
            if f.is_ptr() && matches!(vm.tid(f), T::Function | T::GenWrap | T::Closure) {
                let w = vm.alloc_obj(vm.tobj(T::StaticMethod), 2)?;
                let f = vm.map_get_q(dict, nq).unwrap_or(Obj::NONE);
                vm.set(w, 1, f);
                vm.map_store(dict, nq, w)?;
            }
        }
        let bases = vm.new_tuple_ps(a.base + 2, a.n - 2)?;
        let cls = vm.new_class(name, bases, dict)?;
        if cell.is_ptr() && vm.tid(cell) == T::Cell {
            vm.set(cell, 1, cls);
        }
        Ok(cls)
    })();
    vm.heap.sp = slot;
    r
}

/// Call built-in type `t` (id `id`) as a constructor.
pub(crate) fn construct<P: Port>(
    vm: &mut Vm<P>,
    t: Obj,
    id: T,
    n: usize,
    n_kw: usize,
    base: usize,
) -> R<Obj> {
    crate::builtins2::construct(vm, t, id, &Args { base, n, n_kw })
}

/// `next()` for the enumerate/zip/map/filter/reversed iterators.
pub(crate) fn iter_next_fn<P: Port>(vm: &mut Vm<P>, it: Obj) -> R<Option<Obj>> {
    crate::builtins2::iter_next_fn(vm, it)
}

pub(crate) use crate::builtins2::{
    dict_copy, dict_update_from, set_binop, set_issubset, str_modulo,
};
