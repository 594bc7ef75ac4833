//! Built-in modules made on first import. MicroPython's are in ROM and cost no heap; here a
//! module object (and the method tables of its types, and the names they intern) is built
//! once, when a program first imports it, so programs that do not use it start with the same
//! free heap. Each module is registered in the built-in module table, where later imports
//! find it.
use crate::builtins::*;
use crate::obj::{ty, Obj, T};
use crate::{root, Port, Vm, R};

/// Functions of a module: (name, builtin id).
type Fns = &'static [(&'static str, usize)];
/// Methods of a type: (type, name, builtin id).
type Methods = &'static [(T, &'static str, usize)];

const STRUCT_FNS: Fns = &[
    ("calcsize", STRUCT_CALCSIZE),
    ("pack", STRUCT_PACK),
    ("pack_into", STRUCT_PACK_INTO),
    ("unpack", STRUCT_UNPACK),
    ("unpack_from", STRUCT_UNPACK_FROM),
];

const VFS_FNS: Fns = &[("mount", VFS_MOUNT), ("umount", VFS_UMOUNT)];

const OS_FNS: Fns = &[("listdir", OS_LISTDIR)];

const IO_METHODS: Methods = &[
    (T::StringIO, "write", IO_WRITE),
    (T::StringIO, "read", IO_READ),
    (T::StringIO, "readline", IO_READLINE),
    (T::StringIO, "getvalue", IO_GETVALUE),
    (T::StringIO, "seek", IO_SEEK),
    (T::StringIO, "tell", IO_TELL),
    (T::StringIO, "flush", IO_FLUSH),
    (T::StringIO, "close", IO_CLOSE),
    (T::StringIO, "__enter__", IO_ENTER),
    (T::StringIO, "__exit__", IO_EXIT),
    (T::StringIO, "readinto", IO_READINTO),
    (T::BytesIO, "write", IO_WRITE),
    (T::BytesIO, "read", IO_READ),
    (T::BytesIO, "readline", IO_READLINE),
    (T::BytesIO, "getvalue", IO_GETVALUE),
    (T::BytesIO, "seek", IO_SEEK),
    (T::BytesIO, "tell", IO_TELL),
    (T::BytesIO, "flush", IO_FLUSH),
    (T::BytesIO, "close", IO_CLOSE),
    (T::BytesIO, "__enter__", IO_ENTER),
    (T::BytesIO, "__exit__", IO_EXIT),
    (T::BytesIO, "readinto", IO_READINTO),
];

const COLLECTIONS_FNS: Fns = &[("namedtuple", COLL_NAMEDTUPLE)];
const DEQUE_METHODS: Methods = &[
    (T::Deque, "append", DQ_APPEND),
    (T::Deque, "appendleft", DQ_APPENDLEFT),
    (T::Deque, "extend", DQ_EXTEND),
    (T::Deque, "pop", DQ_POP),
    (T::Deque, "popleft", DQ_POPLEFT),
];

const JSON_FNS: Fns = &[
    ("dump", JSON_DUMP),
    ("dumps", JSON_DUMPS),
    ("load", JSON_LOAD),
    ("loads", JSON_LOADS),
];

const HEAPQ_FNS: Fns = &[
    ("heappush", HEAPQ_HEAPPUSH),
    ("heappop", HEAPQ_HEAPPOP),
    ("heapify", HEAPQ_HEAPIFY),
];

const BINASCII_FNS: Fns = &[
    ("hexlify", BA_HEXLIFY),
    ("unhexlify", BA_UNHEXLIFY),
    ("a2b_base64", BA_A2B_BASE64),
    ("b2a_base64", BA_B2A_BASE64),
    ("crc32", BA_CRC32),
];

const RANDOM_FNS: Fns = &[
    ("getrandbits", RANDOM_GETRANDBITS),
    ("seed", RANDOM_SEED),
    ("randrange", RANDOM_RANDRANGE),
    ("randint", RANDOM_RANDINT),
    ("choice", RANDOM_CHOICE),
    ("random", RANDOM_RANDOM),
    ("uniform", RANDOM_UNIFORM),
];

const TIME_FNS: Fns = &[
    ("time", TIME_WALL),
    ("sleep", TIME_SLEEP),
    ("sleep_ms", TIME_SLEEP_MS),
    ("sleep_us", TIME_SLEEP_US),
    ("ticks_ms", TIME_TICKS_MS2),
    ("ticks_us", TIME_TICKS_US2),
    ("ticks_diff", TIME_TICKS_DIFF2),
    ("ticks_add", TIME_TICKS_ADD2),
    ("ticks_cpu", TIME_TICKS_US2),
    ("time_ns", TIME_NS),
    ("clock", TIME_CLOCK),
    ("gmtime", TIME_GMTIME),
    ("localtime", TIME_LOCALTIME),
    ("mktime", TIME_MKTIME),
];

const RE_FNS: Fns = &[
    ("compile", RE_COMPILE),
    ("match", RE_MATCH),
    ("search", RE_SEARCH),
    ("sub", RE_SUB),
];
const RE_METHODS: Methods = &[
    (T::Re, "match", RE_M_MATCH),
    (T::Re, "search", RE_M_SEARCH),
    (T::Re, "split", RE_M_SPLIT),
    (T::Re, "sub", RE_M_SUB),
    (T::Match, "group", RE_GROUP),
];

const HASH_METHODS: Methods = &[
    (T::Sha256, "update", HASH_UPDATE),
    (T::Sha256, "digest", HASH_DIGEST),
    (T::Sha1, "update", HASH_UPDATE),
    (T::Sha1, "digest", HASH_DIGEST),
    (T::Md5, "update", HASH_UPDATE),
    (T::Md5, "digest", HASH_DIGEST),
];

const ARRAY_METHODS: Methods = &[
    (T::Array, "append", ARRAY_APPEND),
    (T::Array, "extend", ARRAY_EXTEND),
];

/// Calls of the functions and methods of these modules (ids from `COLL_NAMEDTUPLE` on).
pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    if id >= VFS_MOUNT {
        match id {
            VFS_MOUNT => crate::modvfs::mount(vm, a),
            VFS_UMOUNT => crate::modvfs::umount(vm, a),
            OS_LISTDIR => crate::modvfs::listdir(vm, a),
            _ => crate::modvfs::execfile(vm, a),
        }
    } else if id >= HASH_UPDATE {
        crate::modhashlib::call(vm, id, a)
    } else if id >= RE_COMPILE {
        crate::modre::call(vm, id, a)
    } else if id >= TIME_WALL {
        crate::modtime::call(vm, id, a)
    } else if id >= RANDOM_GETRANDBITS {
        crate::modrandom::call(vm, id, a)
    } else if id >= BA_HEXLIFY {
        crate::modbinascii::call(vm, id, a)
    } else if id >= HEAPQ_HEAPPUSH {
        crate::modheapq::call(vm, id, a)
    } else if id >= JSON_DUMP {
        crate::modjson::call(vm, id, a)
    } else if id >= ARRAY_APPEND {
        crate::modarray::call(vm, id, a)
    } else {
        crate::modcollections::call(vm, id, a)
    }
}

/// The built-in module `name` if it is one of the modules made on demand.
pub(crate) fn load<P: Port>(vm: &mut Vm<P>, name: &[u8]) -> R<Option<Obj>> {
    let (fns, types, methods): (Fns, &[T], Methods) = match name {
        b"struct" => (STRUCT_FNS, &[], &[]),
        b"io" => (&[], &[T::StringIO, T::BytesIO, T::IOBase], IO_METHODS),
        b"collections" => (COLLECTIONS_FNS, &[T::Deque], DEQUE_METHODS),
        b"array" => (&[], &[T::Array], ARRAY_METHODS),
        b"json" => (JSON_FNS, &[], &[]),
        b"heapq" => (HEAPQ_FNS, &[], &[]),
        b"binascii" => (BINASCII_FNS, &[], &[]),
        b"random" => (RANDOM_FNS, &[], &[]),
        b"time" => (TIME_FNS, &[], &[]),
        b"re" => (RE_FNS, &[], RE_METHODS),
        b"hashlib" => (&[], &[T::Sha256, T::Sha1, T::Md5], HASH_METHODS),
        b"vfs" => (VFS_FNS, &[], &[]),
        b"os" => (OS_FNS, &[], &[]),
        _ => return Ok(None),
    };
    let m = crate::import::new_module(vm, name)?;
    vm.root(m)?;
    let r = (|| {
        let d = vm.get(m, 1);
        for &(a, id) in fns {
            let q = vm.intern(a.as_bytes())?;
            let f = vm.builtin_obj_make(id)?;
            vm.map_store(d, q, f)?;
        }
        for &t in types {
            let to = vm.tobj(t);
            let n = vm.get(to, ty::NAME);
            vm.map_store(d, n, to)?;
        }
        for &(t, a, id) in methods {
            let td = type_dict(vm, t, true)?;
            let q = vm.intern(a.as_bytes())?;
            let f = vm.builtin_obj_make(id)?;
            vm.map_store(td, q, f)?;
        }
        if name == b"collections" {
            crate::modcollections::init(vm, d)?;
        }
        let bm = Obj(vm.heap.roots[root::BUILTIN_MODS]);
        let q = vm.intern(name)?;
        vm.map_store(bm, q, m)
    })();
    vm.unroot(1);
    r.map(|_| Some(m))
}
