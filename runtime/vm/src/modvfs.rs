//! The virtual filesystem (MicroPython's `extmod/vfs.c`, the parts a user filesystem needs):
//! `vfs.mount`/`vfs.umount` of Python objects with `mount`, `umount`, `open`, `stat`
//! (and `ilistdir`) methods, `os.listdir`, the `execfile` built-in, and imports of `.py` and
//! `.mpy` files from a mounted object through `sys.path`.
//!
//! ```text
//!  roots[VFS]  list of (mount point str, filesystem object) tuples, in lookup order: the
//!              entry mounted at "/" always last. The port's own filesystem is ("/", None),
//!              mounted at start (NULL root = that table, made on first change) and
//!              unmountable with vfs.umount("/") as MicroPython's VfsPosix root.
//! ```
//! Files of a mounted object are streams (`io.IOBase` subclasses): read through `readinto`
//! and closed with `ioctl(4, 0)` (MP_STREAM_CLOSE), as MicroPython's stream layer does.
use crate::builtins::{arg_count, Args};
use crate::obj::{Obj, T};
use crate::{root, ModuleImage, Port, Vm, R};

/// errno values MicroPython raises here.
const EPERM: isize = 1;
const ENOENT: isize = 2;
const EINVAL: isize = 22;
/// `stat()` mode bit of a directory.
const S_IFDIR: isize = 0x4000;
/// Longest path handled (MicroPython builds paths in a vstr; ours are on the stack).
const MAX_PATH: usize = 256;
/// Bytes per `readinto` call when reading a file of a mounted object: extmod/vfs_reader.c's
/// default, smallest and largest buffer (its sizes for 32-byte GC blocks and an 11-byte
/// reader header, as on the unix port).
const CHUNK_DEFAULT: usize = 2 * 32 - 11;
const CHUNK_MIN: usize = 32 - 11;
const CHUNK_MAX: usize = 255;

/// Where a path leads.
enum Found {
    /// The virtual root "/" (nothing mounted there).
    Root,
    /// Nothing mounted on the path.
    Nothing,
    /// The port's own filesystem.
    Port,
    /// Filesystem object `fs`; the path inside it is the part after byte `at` (or "/").
    User(Obj, usize),
}

/// OSError(errno).
fn os_error<P: Port>(vm: &mut Vm<P>, errno: isize) -> crate::Exc {
    let args = match vm.new_tuple_from(&[Obj::small(errno)]) {
        Ok(a) => a,
        Err(e) => return e,
    };
    match vm.new_exc_args(vm.tobj(T::OSError), args) {
        Ok(e) => vm.raise(e),
        Err(e) => e,
    }
}

/// The mount table, made on first use.
fn table<P: Port>(vm: &mut Vm<P>) -> R<Obj> {
    let t = vm.heap.roots[root::VFS];
    if t != 0 {
        return Ok(Obj(t));
    }
    let slash = vm.new_str(b"/")?;
    vm.root(slash)?;
    let e = vm.new_tuple_from(&[slash, Obj::NONE]);
    vm.unroot(1);
    let e = e?;
    vm.root(e)?;
    let l = vm.new_list(0);
    let l = l.and_then(|l| {
        vm.root(l)?;
        let r = vm.list_append(l, e);
        vm.unroot(1);
        r.map(|()| l)
    });
    vm.unroot(1);
    let l = l?;
    vm.heap.roots[root::VFS] = l.0;
    Ok(l)
}

/// The mount point and filesystem of table entry `i`.
fn entry<P: Port>(vm: &Vm<P>, t: Obj, i: usize) -> (Obj, Obj) {
    let e = vm.list_get(t, i);
    (vm.tuple_get(e, 0), vm.tuple_get(e, 1))
}

/// MicroPython's `mp_vfs_lookup_path` for an absolute `path`.
fn lookup<P: Port>(vm: &Vm<P>, path: &[u8]) -> Found {
    let rest = path.strip_prefix(b"/").unwrap_or(path);
    if rest.is_empty() {
        return Found::Root;
    }
    let t = vm.heap.roots[root::VFS];
    if t == 0 {
        return Found::Port;
    }
    let t = Obj(t);
    for i in 0..vm.list_len(t) {
        let (mp, fs) = entry(vm, t, i);
        let m = vm.str_data(mp);
        let m = m.strip_prefix(b"/").unwrap_or(m);
        let at = path.len() - rest.len();
        if m.is_empty() {
            return if fs == Obj::NONE {
                Found::Port
            } else {
                Found::User(fs, at - 1)
            };
        }
        if rest.starts_with(m) && matches!(rest.get(m.len()), None | Some(b'/')) {
            return if fs == Obj::NONE {
                Found::Port
            } else {
                Found::User(fs, at + m.len())
            };
        }
    }
    Found::Nothing
}

/// The path inside a mounted object: `path[at..]`, or "/" when that is empty.
fn inner<P: Port>(vm: &mut Vm<P>, path: &[u8], at: usize) -> R<Obj> {
    let p = &path[at.min(path.len())..];
    vm.new_str(if p.is_empty() { b"/" } else { p })
}

/// `vfs.mount(fs, mount_point, *, readonly=False, mkfs=False)`.
pub(crate) fn mount<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    if a.n == 0 {
        // The table itself, as (fs, mount point) pairs.
        let t = table(vm)?;
        let out = vm.new_list(0)?;
        vm.root(out)?;
        let r = (|| {
            for i in 0..vm.list_len(t) {
                let (mp, fs) = entry(vm, t, i);
                let p = vm.new_tuple_from(&[fs, mp])?;
                vm.list_append(out, p)?;
            }
            Ok(out)
        })();
        vm.unroot(1);
        return r;
    }
    // readonly= and mkfs= are keywords.
    let positional = Args {
        base: a.base,
        n: a.n,
        n_kw: 0,
    };
    arg_count(vm, &positional, 2, 2)?;
    let (fs, mp) = (a.get(vm, 0), a.get(vm, 1));
    if !vm.is_str(mp) {
        return Err(vm.err(T::TypeError, "mount point must be a str"));
    }
    let readonly = a.kw(vm, "readonly").unwrap_or(Obj::FALSE);
    let mkfs = a.kw(vm, "mkfs").unwrap_or(Obj::FALSE);
    vm.call_method_named(fs, "mount", &[readonly, mkfs])?;
    let t = table(vm)?;
    let mut path = [0u8; MAX_PATH];
    let n = copy_path(vm, mp, &mut path)?;
    let new_is_root = matches!(&path[..n], b"/" | b"");
    // A mount point inside what is mounted at "/" is fine; one on another mount point, or a
    // second "/", is EPERM (mp_vfs_mount).
    match lookup(vm, &path[..n]) {
        Found::Root | Found::Nothing => {}
        Found::Port | Found::User(..) => {
            if new_is_root || !mounted_at_root(vm, t, &path[..n]) {
                return Err(os_error(vm, EPERM));
            }
        }
    }
    let e = vm.new_tuple_from(&[mp, fs])?;
    vm.root(e)?;
    // Anything mounted at "/" stays last.
    let mut at = vm.list_len(t);
    for i in 0..vm.list_len(t) {
        let (m, _) = entry(vm, t, i);
        if vm.str_data(m) == b"/" {
            at = i;
            break;
        }
    }
    let r = vm.list_insert(t, at, e);
    vm.unroot(1);
    r.map(|()| Obj::NONE)
}

/// Is `path` found through the entry mounted at "/" (not through another mount point)?
fn mounted_at_root<P: Port>(vm: &Vm<P>, t: Obj, path: &[u8]) -> bool {
    let rest = path.strip_prefix(b"/").unwrap_or(path);
    for i in 0..vm.list_len(t) {
        let (m, _) = entry(vm, t, i);
        let m = vm.str_data(m);
        let m = m.strip_prefix(b"/").unwrap_or(m);
        if m.is_empty() {
            return true;
        }
        if rest.starts_with(m) && matches!(rest.get(m.len()), None | Some(b'/')) {
            return false;
        }
    }
    false
}

/// `vfs.umount(fs_or_mount_point)`.
pub(crate) fn umount<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 1, 1)?;
    let x = a.get(vm, 0);
    let t = table(vm)?;
    let by_name = vm.is_str(x);
    let mut found = None;
    for i in 0..vm.list_len(t) {
        let (m, fs) = entry(vm, t, i);
        if (by_name && vm.str_data(m) == vm.str_data(x)) || (fs == x && fs != Obj::NONE) {
            found = Some((i, fs));
            break;
        }
    }
    let Some((i, fs)) = found else {
        return Err(os_error(vm, EINVAL));
    };
    vm.list_remove_at(t, i);
    if fs != Obj::NONE {
        vm.call_method_named(fs, "umount", &[])?;
    }
    Ok(Obj::NONE)
}

/// Copy str `s` into `buf` (ENOENT-like OSError when too long): its length.
fn copy_path<P: Port>(vm: &mut Vm<P>, s: Obj, buf: &mut [u8; MAX_PATH]) -> R<usize> {
    let d = vm.str_data(s);
    if d.len() > buf.len() {
        return Err(os_error(vm, ENOENT));
    }
    buf[..d.len()].copy_from_slice(d);
    Ok(d.len())
}

/// `os.listdir([path])`: names in a directory of a mounted object, of the port's
/// filesystem, or (at the virtual root) the mount points.
pub(crate) fn listdir<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 0, 1)?;
    let mut path = [0u8; MAX_PATH];
    let n = if a.n == 1 {
        let p = a.get(vm, 0);
        if !vm.is_str(p) {
            return Err(vm.err(T::TypeError, "path must be a str"));
        }
        copy_path(vm, p, &mut path)?
    } else {
        path[0] = b'.';
        1
    };
    let found = if path[0] == b'/' {
        lookup(vm, &path[..n])
    } else {
        Found::Port
    };
    let base = vm.heap.sp;
    let out = vm.new_list(0)?;
    vm.root(out)?;
    let r = (|| {
        match found {
            Found::Nothing => return Err(os_error(vm, ENOENT)),
            Found::Root => {
                let t = table(vm)?;
                for i in 0..vm.list_len(t) {
                    let (m, fs) = entry(vm, t, i);
                    if vm.str_data(m) == b"/" {
                        if fs == Obj::NONE {
                            return list_port(vm, b"/", out);
                        }
                        continue;
                    }
                    let mut buf = [0u8; MAX_PATH];
                    let k = copy_path(vm, m, &mut buf)?;
                    let s = vm.new_str(&buf[1.min(k)..k])?;
                    vm.list_append(out, s)?;
                }
            }
            Found::Port => return list_port(vm, &path[..n], out),
            Found::User(fs, at) => {
                let p = inner(vm, &path[..n], at)?;
                let it = vm.call_method_named(fs, "ilistdir", &[p])?;
                vm.root(it)?;
                let it = vm.get_iter(it)?;
                vm.root(it)?;
                while let Some(e) = vm.iter_next(it)? {
                    let name = vm.subscr(e, Obj::small(0), Obj::SENTINEL)?;
                    vm.list_append(out, name)?;
                }
            }
        }
        Ok(out)
    })();
    vm.heap.sp = base;
    r
}

/// The names the port lists for `path`, appended to list `out`.
fn list_port<P: Port>(vm: &mut Vm<P>, path: &[u8], out: Obj) -> R<Obj> {
    // Collected first (the port cannot call back into the VM), a bounded number of bytes.
    let mut names = [0u8; 4096];
    let mut used = 0;
    let mut full = false;
    let ok = vm.port.list_dir(path, &mut |name: &[u8]| {
        if used + name.len() + 1 > names.len() || name.contains(&0) {
            full = true;
            return;
        }
        names[used..used + name.len()].copy_from_slice(name);
        names[used + name.len()] = 0;
        used += name.len() + 1;
    });
    if !ok {
        return Err(os_error(vm, ENOENT));
    }
    if full {
        return Err(vm.err(T::MemoryError, "directory listing too long"));
    }
    for name in names[..used].split(|&c| c == 0).filter(|n| !n.is_empty()) {
        let s = vm.new_str(name)?;
        vm.list_append(out, s)?;
    }
    Ok(out)
}

/// Open `path` of mounted object `fs` for reading and return all its bytes (a bytearray).
fn read_user_file<P: Port>(vm: &mut Vm<P>, fs: Obj, path: &[u8], at: usize) -> R<Obj> {
    let p = inner(vm, path, at)?;
    vm.root(p)?;
    let mode = vm.new_str(b"rb")?;
    let f = vm.call_method_named(fs, "open", &[p, mode]);
    vm.unroot(1);
    let f = f?;
    if !crate::modio::is_iobase(vm, f) {
        // Not a stream (MicroPython: the stream protocol is missing).
        return Err(os_error(vm, EINVAL));
    }
    let base = vm.heap.sp;
    let r = (|| {
        vm.root(f)?;
        // The buffer size the stream asks for (MP_STREAM_GET_BUFFER_SIZE), as
        // extmod/vfs_reader.c sizes its buffer; 0 or an error: the default.
        let want = vm.call_method_named(f, "ioctl", &[Obj::small(11), Obj::small(0)])?;
        let want = vm.get_int(want)?;
        let chunk = if want <= 0 {
            CHUNK_DEFAULT
        } else {
            (want as usize).clamp(CHUNK_MIN, CHUNK_MAX)
        };
        let out = vm.new_bytearray(0)?;
        vm.root(out)?;
        // Reads of `chunk` bytes until a short one (the reader's end of file).
        loop {
            let buf = vm.new_bytearray(chunk)?;
            vm.root(buf)?;
            let k = crate::modio::iobase_rw(vm, f, "readinto", buf, chunk)?.unwrap_or(0);
            let k = k.min(vm.bytes_data(buf).len());
            for i in 0..k {
                let b = vm.bytes_data(buf)[i];
                vm.ba_push(out, b)?;
            }
            vm.unroot(1);
            if k < chunk {
                break;
            }
        }
        // Closed through the stream protocol (MP_STREAM_CLOSE).
        vm.call_method_named(f, "ioctl", &[Obj::small(4), Obj::small(0)])?;
        Ok(out)
    })();
    vm.heap.sp = base;
    r
}

/// Compile Python source `src` (a bytearray; file `name`) with the port: the `.mpy` image.
fn compile<P: Port>(vm: &mut Vm<P>, src: Obj, name: &[u8]) -> R<&'static [u8]> {
    let (off, len) = (vm.ba_off(src), vm.bytes_data(src).len());
    let mut msg = [0u8; 200];
    // The port reads the bytes in the heap (its own field, not the VM's).
    match vm.port.compile(vm.heap.bytes(off, len), name, 0, &mut msg) {
        Ok(img) => Ok(img),
        Err((exc, n)) => Err(compile_error(vm, exc, &msg[..n.min(msg.len())])),
    }
}

/// The exception of a failed compilation: its type name and message from the port.
fn compile_error<P: Port>(vm: &mut Vm<P>, exc: &str, msg: &[u8]) -> crate::Exc {
    let t = match exc {
        "SyntaxError" => T::SyntaxError,
        "IndentationError" => T::IndentationError,
        _ => T::RuntimeError,
    };
    vm.err_bytes(t, msg)
}

/// `execfile(path)`: run a Python source file with the current globals.
pub(crate) fn execfile<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 1, 1)?;
    let p = a.get(vm, 0);
    if !vm.is_str(p) {
        return Err(vm.err_not_str(p));
    }
    let mut path = [0u8; MAX_PATH];
    let n = copy_path(vm, p, &mut path)?;
    let found = if path[..n].starts_with(b"/") {
        lookup(vm, &path[..n])
    } else {
        Found::Port
    };
    let img = match found {
        Found::User(fs, at) => {
            let src = read_user_file(vm, fs, &path[..n], at)?;
            vm.root(src)?;
            let r = compile(vm, src, &path[..n]);
            vm.unroot(1);
            r?
        }
        Found::Port => {
            let Some(src) = vm.port.read_file(&path[..n]) else {
                return Err(os_error(vm, ENOENT));
            };
            let mut msg = [0u8; 200];
            match vm.port.compile(src, &path[..n], 0, &mut msg) {
                Ok(img) => img,
                Err((exc, len)) => return Err(compile_error(vm, exc, &msg[..len.min(msg.len())])),
            }
        }
        Found::Root | Found::Nothing => return Err(os_error(vm, ENOENT)),
    };
    let g = Obj(vm.heap.roots[root::CUR_GLOBALS]);
    vm.root(g)?;
    let r = (|| {
        let rc = vm.load_mpy(img)?;
        let f = vm.new_function(rc, g, Obj::NULL, Obj::NULL)?;
        vm.root(f)?;
        let r = vm.run_code(f, Obj::NULL);
        vm.unroot(1);
        r.map(|_| Obj::NONE)
    })();
    vm.unroot(1);
    r
}

/// `stat` of `rel` through mounted object `fs` as an import sees it: Some(true) a directory,
/// Some(false) a file, None nothing there (any exception means that, as in MicroPython).
fn import_stat<P: Port>(vm: &mut Vm<P>, fs: Obj, rel: &[u8]) -> R<Option<bool>> {
    let p = vm.new_str(if rel.is_empty() { b"/" } else { rel })?;
    let saved = vm.heap.roots[root::EXC];
    let sp = vm.heap.sp;
    let st = match vm.call_method_named(fs, "stat", &[p]) {
        Ok(st) => st,
        Err(_) => {
            vm.heap.roots[root::EXC] = saved;
            vm.heap.sp = sp;
            return Ok(None);
        }
    };
    let mode = vm.subscr(st, Obj::small(0), Obj::SENTINEL)?;
    let mode = vm.get_int(mode)?;
    Ok(Some(mode & S_IFDIR != 0))
}

/// Module `name` (dots as in `a.b`) from a mounted object on `sys.path`, as MicroPython's
/// import looks there: `dir/__init__.py` or `.mpy` for a package, else `name.py`, then
/// `name.mpy`. None if no mounted object has it (the port's own files are looked up first).
pub(crate) fn find_module<P: Port>(vm: &mut Vm<P>, name: &[u8]) -> R<Option<ModuleImage>> {
    if vm.heap.roots[root::VFS] == 0 {
        return Ok(None);
    }
    let sys_path = Obj(vm.heap.roots[root::SYS_PATH]);
    let mut i = 0;
    while i < vm.list_len(sys_path) {
        let dir = vm.list_get(sys_path, i);
        i += 1;
        if !vm.is_str(dir) {
            continue;
        }
        let mut path = [0u8; MAX_PATH];
        let d = vm.str_data(dir);
        if !d.starts_with(b"/") || d.len() + name.len() + 14 > path.len() {
            continue;
        }
        path[..d.len()].copy_from_slice(d);
        let mut n = d.len();
        path[n] = b'/';
        n += 1;
        for &c in name {
            path[n] = if c == b'.' { b'/' } else { c };
            n += 1;
        }
        let Found::User(fs, at) = lookup(vm, &path[..n]) else {
            continue;
        };
        vm.root(fs)?;
        let r = find_in(vm, fs, &mut path, n, at);
        vm.unroot(1);
        if let Some(img) = r? {
            return Ok(Some(img));
        }
    }
    Ok(None)
}

/// The package or module at `path[..n]` of mounted object `fs` (see `find_module`).
fn find_in<P: Port>(
    vm: &mut Vm<P>,
    fs: Obj,
    path: &mut [u8; MAX_PATH],
    n: usize,
    at: usize,
) -> R<Option<ModuleImage>> {
    let (stem, is_package) = match import_stat(vm, fs, &path[at..n])? {
        Some(true) => {
            path[n..n + 9].copy_from_slice(b"/__init__");
            (n + 9, true)
        }
        _ => (n, false),
    };
    for ext in [&b".py"[..], b".mpy"] {
        let end = stem + ext.len();
        path[stem..end].copy_from_slice(ext);
        if import_stat(vm, fs, &path[at..end])? != Some(false) {
            continue;
        }
        let data = read_user_file(vm, fs, &path[..end], at)?;
        vm.root(data)?;
        let img = if ext == b".py" {
            compile(vm, data, &path[..end])
        } else {
            let (off, len) = (vm.ba_off(data), vm.bytes_data(data).len());
            match vm.port.keep(vm.heap.bytes(off, len)) {
                Some(img) => Ok(img),
                None => Err(vm.err(T::ImportError, "can't keep a .mpy read from a filesystem")),
            }
        };
        vm.unroot(1);
        let img = img?;
        // `__file__`: the path searched (the port keeps a copy; none if it cannot).
        let file = vm.port.keep(&path[..end]).unwrap_or(b"");
        return Ok(Some(ModuleImage {
            mpy: img,
            is_package,
            frozen: false,
            file,
        }));
    }
    Ok(None)
}
