//! Modules and imports (MicroPython's `py/builtinimport.c`, `objmodule.c`): `sys.modules`,
//! built-in modules, frozen `.mpy` images registered by the embedder (used in place), and
//! modules the port finds (the host: `.mpy`/`.py` files on `sys.path`); packages and relative
//! imports; running `__main__`; `exec`/`eval` through the port's compiler.
//!
//! ```text
//!  module [Module, globals dict, name qstr]
//! ```
use crate::builtins::Args;
use crate::call::fun;
use crate::obj::{Obj, T};
use crate::text::Part;
use crate::{root, Port, Vm, R};

/// A new module object named `name` with `__name__` set.
pub(crate) fn new_module<P: Port>(vm: &mut Vm<P>, name: &[u8]) -> R<Obj> {
    let q = vm.intern(name)?;
    let d = vm.new_dict(0)?;
    vm.root(d)?;
    let r = (|| {
        let k = crate::qs!(vm, "__name__");
        vm.map_store(d, k, q)?;
        let m = vm.alloc_obj(vm.tobj(T::Module), 3)?;
        vm.set(m, 1, d);
        vm.set(m, 2, q);
        Ok(m)
    })();
    vm.unroot(1);
    r
}

fn set_attr<P: Port>(vm: &mut Vm<P>, m: Obj, name: &str, v: Obj) -> R<()> {
    let d = vm.get(m, 1);
    let q = vm.intern(name.as_bytes())?;
    vm.map_store(d, q, v)
}

/// The attributes of `sys` other than its functions (each made on its first lookup, see
/// builtins.rs `module_attr_miss`).
pub(crate) const SYS_NAMES: &[&str] = &[
    "argv",
    "path",
    "modules",
    "platform",
    "byteorder",
    "maxsize",
    "version",
    "version_info",
    "stdout",
    "stderr",
    "implementation",
];

/// Attribute `name` of `sys` (not a function), made now.
pub(crate) fn sys_attr<P: Port>(vm: &mut Vm<P>, name: &[u8]) -> R<Option<Obj>> {
    Ok(Some(match name {
        b"argv" => Obj(vm.heap.roots[root::SYS_ARGV]),
        b"path" => Obj(vm.heap.roots[root::SYS_PATH]),
        b"modules" => Obj(vm.heap.roots[root::MODULES]),
        b"platform" => vm.new_str(b"linux")?,
        b"byteorder" => vm.new_str(b"little")?,
        // MicroPython's `MP_SSIZE_MAX`: the machine word's, a big int on 64-bit (its small ints
        // stop one bit short); tests read the word size from it.
        b"maxsize" => vm.new_int(isize::MAX as i128)?,
        b"version" => vm.new_str(b"3.4.0; mpyc")?,
        b"version_info" => vm.new_tuple_from(&[Obj::small(3), Obj::small(4), Obj::small(0)])?,
        // stdout/stderr: module-like objects whose `write` writes to the stream.
        b"stdout" | b"stderr" => {
            let id = if name == b"stdout" {
                crate::builtins::SYS_OUT_WRITE
            } else {
                crate::builtins::SYS_ERR_WRITE
            };
            let m = new_module(vm, name)?;
            vm.root(m)?;
            let r = vm
                .builtin_obj_make(id)
                .and_then(|f| set_attr(vm, m, "write", f));
            vm.unroot(1);
            r?;
            m
        }
        b"implementation" => {
            let name = vm.new_str(b"micropython")?;
            vm.new_module_like(name)?
        }
        _ => return Ok(None),
    }))
}

impl<P: Port> Vm<P> {
    /// `sys.implementation`: a module-like object with `name` and `_mpy`.
    fn new_module_like(&mut self, name: Obj) -> R<Obj> {
        self.root(name)?;
        let m = new_module(self, b"implementation");
        self.unroot(1);
        let m = m?;
        self.root(m)?;
        let r = set_attr(self, m, "name", name).and_then(|()| {
            let v = self.new_tuple_from(&[Obj::small(1), Obj::small(29), Obj::small(0)])?;
            set_attr(self, m, "version", v)?;
            set_attr(self, m, "_mpy", Obj::small(0x0b06))?;
            let b = self.new_str(b"standard")?;
            set_attr(self, m, "_build", b)
        });
        self.unroot(1);
        r.map(|()| m)
    }
}

/// Is `f` the `sys.stderr` marker?
pub(crate) fn is_stderr<P: Port>(vm: &Vm<P>, f: Obj) -> bool {
    f.is_ptr() && vm.tid(f) == T::Module && vm.str_data(vm.get(f, 2)) == b"stderr"
}

pub(crate) fn add_frozen<P: Port>(vm: &mut Vm<P>, name: &[u8], mpy: &'static [u8]) -> R<()> {
    if vm.n_images >= crate::MAX_IMAGES {
        return Err(vm.err(T::MemoryError, "too many modules"));
    }
    let idx = vm.n_images;
    vm.images[idx] = mpy;
    vm.n_images += 1;
    let q = vm.intern(name)?;
    let fz = Obj(vm.heap.roots[root::FROZEN]);
    vm.map_store(fz, q, Obj::small(idx as isize))
}

pub(crate) fn set_argv<P: Port>(vm: &mut Vm<P>, args: &[&[u8]]) -> R<()> {
    let l = Obj(vm.heap.roots[root::SYS_ARGV]);
    for a in args {
        let s = vm.new_str(a)?;
        vm.list_append(l, s)?;
    }
    Ok(())
}

pub(crate) fn add_path<P: Port>(vm: &mut Vm<P>, dir: &[u8]) -> R<()> {
    let l = Obj(vm.heap.roots[root::SYS_PATH]);
    let s = vm.new_str(dir)?;
    vm.list_append(l, s)
}

/// Load and run `mpy` as module `m` (whose dict receives the globals).
fn exec_module<P: Port>(vm: &mut Vm<P>, m: Obj, img: &crate::ModuleImage) -> R<()> {
    vm.root(m)?;
    let r = (|| {
        // The path's qstr first, as builtinimport.c makes it before loading.
        let path = if img.file.is_empty() {
            Obj::NULL
        } else {
            vm.intern(img.file)?
        };
        vm.frozen_alloc = img.frozen;
        let rc = vm.load_mpy(img.mpy);
        vm.frozen_alloc = false;
        let rc = rc?;
        // `__file__` before the body runs (builtinimport.c do_execute_proto_fun): the path
        // found, or for a frozen module the source name its .mpy records.
        vm.root(rc)?;
        let r = (|| {
            let file = if !path.is_null() {
                path
            } else if img.frozen {
                let c = vm.get(rc, crate::load::rc::CONTEXT);
                vm.get(c, crate::load::ctx::FILE)
            } else {
                return Ok(());
            };
            set_attr(vm, m, "__file__", file)
        })();
        vm.unroot(1);
        r?;
        let g = vm.get(m, 1);
        let f = vm.new_function(rc, g, Obj::NULL, Obj::NULL)?;
        vm.root(f)?;
        let r = vm.run_code(f, Obj::NULL);
        vm.unroot(1);
        r.map(|_| ())
    })();
    vm.unroot(1);
    r
}

/// Run `mpy` as module `__main__`, its `__file__` set to `file` first unless empty (the unix
/// port's `FILE`, `-c` and standard input).
pub(crate) fn run_main<P: Port>(vm: &mut Vm<P>, mpy: &'static [u8], file: &[u8]) -> R<()> {
    let m = new_module(vm, b"__main__")?;
    vm.heap.roots[root::MAIN] = vm.get(m, 1).0;
    // A built-in module, as MicroPython's `__main__` (runtime.c): `import __main__` finds
    // it, `sys.modules` does not list it.
    let mods = Obj(vm.heap.roots[root::BUILTIN_MODS]);
    let q = vm.intern(b"__main__")?;
    vm.map_store(mods, q, m)?;
    if !file.is_empty() {
        let f = vm.intern(file)?;
        set_attr(vm, m, "__file__", f)?;
    }
    let img = crate::ModuleImage {
        mpy,
        is_package: false,
        frozen: false,
        file: b"",
    };
    let r = exec_module(vm, m, &img);
    r.and_then(|()| vm.handle_pending())
}

/// `micropython -m name`: import module `name` with its `__name__` overridden to `__main__`
/// (builtinimport.c, MICROPY_MODULE_OVERRIDE_MAIN_IMPORT): its dict also maps `__main__` to
/// the real name, and `sys.modules` has it under both names.
pub(crate) fn run_main_module<P: Port>(vm: &mut Vm<P>, name: &[u8]) -> R<()> {
    let Some(img) = find_image(vm, name)? else {
        let s = vm.new_str(name)?;
        return Err(vm.errf(
            T::ImportError,
            &[Part::S("no module named '"), Part::O(s), Part::S("'")],
        ));
    };
    let m = new_module(vm, name)?;
    vm.root(m)?;
    let r = (|| {
        let g = vm.get(m, 1);
        vm.heap.roots[root::MAIN] = g.0;
        let real = vm.get(m, 2);
        let main = vm.intern(b"__main__")?;
        let mods = Obj(vm.heap.roots[root::MODULES]);
        vm.map_store(mods, real, m)?;
        set_attr(vm, m, "__name__", main)?;
        vm.map_store(mods, main, m)?;
        set_attr(vm, m, "__main__", real)?;
        exec_module(vm, m, &img)
    })();
    vm.unroot(1);
    r.and_then(|()| vm.handle_pending())
}

/// Frozen image or the port's file for dotted `name`.
fn find_image<P: Port>(vm: &mut Vm<P>, name: &[u8]) -> R<Option<crate::ModuleImage>> {
    let fz = Obj(vm.heap.roots[root::FROZEN]);
    if let Some(q) = vm.qstr_find(name) {
        if let Some(idx) = vm.map_get(fz, Obj::qstr(q))? {
            let data = vm.images[idx.small_val() as usize];
            return Ok(Some(crate::ModuleImage {
                mpy: data,
                is_package: false,
                frozen: true,
                file: b"",
            }));
        }
    }
    let mut path = [0u8; 256];
    if name.len() > path.len() {
        return Ok(None);
    }
    for (i, &c) in name.iter().enumerate() {
        path[i] = if c == b'.' { b'/' } else { c };
    }
    Ok(vm.port.find_module(&path[..name.len()]))
}

impl<P: Port> Vm<P> {
    /// `IMPORT_NAME`: `import a.b.c` / `from .x import y`.
    pub(crate) fn import_name(
        &mut self,
        q: Obj,
        fromlist: Obj,
        level: Obj,
        globals: Obj,
    ) -> R<Obj> {
        let level = level.small_val().max(0) as usize;
        let mut full = [0u8; 256];
        let n;
        if level > 0 {
            // The importing module's package.
            let name_q = crate::qs!(self, "__name__");
            let Some(mut cur) = self.map_get_q(globals, name_q) else {
                return Err(self.err(T::ImportError, "can't perform relative import"));
            };
            // A module run with `-m` is `__main__`; its real name is under `__main__`.
            if self.str_data(cur) == b"__main__" {
                if let Some(real) = self.map_get_q(globals, crate::qs!(self, "__main__")) {
                    cur = real;
                }
            }
            let is_pkg = self
                .map_get_q(globals, crate::qs!(self, "__path__"))
                .is_some();
            let cb = self.str_data(cur);
            let mut end = cb.len();
            let drop = if is_pkg { level - 1 } else { level };
            for _ in 0..drop {
                match cb[..end].iter().rposition(|&c| c == b'.') {
                    Some(p) => end = p,
                    None => {
                        if end == 0 || cb == b"__main__" {
                            return Err(self.err(T::ImportError, "can't perform relative import"));
                        }
                        end = 0;
                    }
                }
            }
            if end == 0 && drop > 0 && !is_pkg {
                return Err(self.err(T::ImportError, "can't perform relative import"));
            }
            full[..end].copy_from_slice(&cb[..end]);
            let mut k = end;
            let qb = self.str_data(q);
            if !qb.is_empty() {
                if k > 0 {
                    full[k] = b'.';
                    k += 1;
                }
                if k + qb.len() > full.len() {
                    return Err(self.err(T::ImportError, "name too long"));
                }
                full[k..k + qb.len()].copy_from_slice(qb);
                k += qb.len();
            }
            n = k;
        } else {
            let qb = self.str_data(q);
            if qb.len() > full.len() {
                return Err(self.err(T::ImportError, "name too long"));
            }
            full[..qb.len()].copy_from_slice(qb);
            n = qb.len();
        }
        let name = &full[..n];
        // Import each prefix.
        let mut top = Obj::NULL;
        let mut parent = Obj::NULL;
        let base = self.heap.sp;
        let mut i = 0;
        let r = loop {
            let end = name[i..]
                .iter()
                .position(|&c| c == b'.')
                .map_or(n, |p| p + i);
            let m = match self.import_one(&full[..end], parent) {
                Ok(m) => m,
                Err(e) => break Err(e),
            };
            if let Err(e) = self.root(m) {
                break Err(e);
            }
            if top.is_null() {
                top = m;
            }
            parent = m;
            if end >= n {
                break Ok(m);
            }
            i = end + 1;
        };
        self.heap.sp = base;
        let leaf = r?;
        let want_leaf = fromlist != Obj::NONE
            && !(fromlist.is_ptr()
                && self.tid(fromlist) == T::Tuple
                && self.tuple_len(fromlist) == 0);
        if want_leaf || level > 0 {
            if level > 0 && !want_leaf {
                return Ok(top);
            }
            return Ok(leaf);
        }
        Ok(top)
    }

    /// Import module `name` (all parents already imported; `parent` is the enclosing one).
    fn import_one(&mut self, name: &[u8], parent: Obj) -> R<Obj> {
        let mods = Obj(self.heap.roots[root::MODULES]);
        let q = self.intern(name)?;
        if let Some(m) = self.map_get(mods, q)? {
            return Ok(m);
        }
        let bm = Obj(self.heap.roots[root::BUILTIN_MODS]);
        if let Some(m) = self.map_get(bm, q)? {
            return Ok(m);
        }
        if let Some(m) = crate::builtins::load_module(self, name)? {
            return Ok(m);
        }
        if let Some(m) = crate::modext::load(self, name)? {
            return Ok(m);
        }
        let img = match find_image(self, name)? {
            Some(img) => Some(img),
            // A filesystem object mounted with vfs.mount (modvfs.rs).
            None => crate::modvfs::find_module(self, name)?,
        };
        let Some(img) = img else {
            let s = self.new_str(name)?;
            return Err(self.errf(
                T::ImportError,
                &[Part::S("no module named '"), Part::O(s), Part::S("'")],
            ));
        };
        let m = new_module(self, name)?;
        self.root(m)?;
        let r = (|| {
            if img.is_package {
                let p = self.new_str(name)?;
                set_attr(self, m, "__path__", p)?;
            }
            self.map_store(mods, q, m)?;
            let r = exec_module(self, m, &img);
            if r.is_err() {
                let saved = self.heap.roots[root::EXC];
                let _ = self.map_remove(mods, q);
                self.heap.roots[root::EXC] = saved;
            }
            r?;
            if !parent.is_null() {
                let last = name.iter().rposition(|&c| c == b'.').map_or(0, |p| p + 1);
                let mut tmp = [0u8; 128];
                let l = (name.len() - last).min(128);
                tmp[..l].copy_from_slice(&name[last..last + l]);
                let aq = self.intern(&tmp[..l])?;
                let pd = self.get(parent, 1);
                self.map_store(pd, aq, m)?;
            }
            Ok(m)
        })();
        self.unroot(1);
        r
    }

    /// `IMPORT_FROM`.
    pub(crate) fn import_from(&mut self, m: Obj, q: Obj) -> R<Obj> {
        match self.load_method_maybe(m, q) {
            Ok(Some((v, s))) if s.is_null() => return Ok(v),
            Ok(_) => {}
            Err(e) => {
                let x = self.cur_exc();
                if !self.exc_match(x, T::AttributeError) {
                    return Err(e);
                }
            }
        }
        // A submodule of a package.
        if m.is_ptr() && self.tid(m) == T::Module {
            let mn = self.get(m, 2);
            let mut full = [0u8; 256];
            let a = self.str_data(mn);
            let b = self.str_data(q);
            if a.len() + b.len() < full.len() {
                let (la, lb) = (a.len(), b.len());
                full[..la].copy_from_slice(a);
                full[la] = b'.';
                full[la + 1..la + 1 + lb].copy_from_slice(b);
                let name = &full[..la + 1 + lb];
                if let Ok(sub) = self.import_one(name, m) {
                    return Ok(sub);
                }
            }
        }
        Err(self.errf(T::ImportError, &[Part::S("can't import name "), Part::O(q)]))
    }

    /// `IMPORT_STAR`.
    pub(crate) fn import_all(&mut self, m: Obj, dest: Obj) -> R<()> {
        if m.is_ptr() && self.tid(m) == T::Module {
            self.root(m)?;
            self.root(dest)?;
            let r = crate::builtins::module_fill(self, m);
            self.unroot(2);
            r?;
        }
        let d = self.get(m, 1);
        let mut i = 0;
        while let Some((s, k, v)) = self.map_next(d, i) {
            if !self.str_data(k).starts_with(b"_") {
                self.map_store(dest, k, v)?;
            }
            i = s + 1;
        }
        Ok(())
    }
}

/// `exec(src[, globals[, locals]])` and `eval(...)` through the port's compiler.
pub(crate) fn exec_eval<P: Port>(vm: &mut Vm<P>, a: &Args, eval: bool) -> R<Obj> {
    if a.n == 0 {
        return Err(vm.err(
            T::TypeError,
            "function missing 1 required positional arguments",
        ));
    }
    let src = a.get(vm, 0);
    if !(vm.is_str(src) || (src.is_ptr() && vm.tid(src) == T::Function)) {
        return Err(vm.err(T::TypeError, "exec/eval need a string"));
    }
    let g = if a.n > 1 && a.get(vm, 1) != Obj::NONE {
        a.get(vm, 1)
    } else {
        Obj(vm.heap.roots[root::CUR_GLOBALS])
    };
    if src.is_ptr() && vm.tid(src) == T::Function {
        // A code object from compile(): run it with these globals.
        let rc = vm.get(src, fun::RC);
        let eval_code = vm.fun_extra(src, fun::DEFAULTS) == Obj::TRUE;
        vm.root(g)?;
        let r = (|| {
            let f = vm.new_function(rc, g, Obj::NULL, Obj::NULL)?;
            vm.root(f)?;
            let r = vm.run_code(f, Obj::NULL);
            vm.unroot(1);
            r?;
            if eval || eval_code {
                let k = vm.intern(b"__mpyc_eval__")?;
                return Ok(vm.map_remove(g, k)?.unwrap_or(Obj::NONE));
            }
            Ok(Obj::NONE)
        })();
        vm.unroot(1);
        return r;
    }
    let mut msg = [0u8; 200];
    let mut text = [0u8; 4096];
    let d = vm.str_data(src);
    if d.len() > text.len() {
        return Err(vm.err(T::MemoryError, "source too long"));
    }
    let n = d.len();
    text[..n].copy_from_slice(d);
    let img = match vm
        .port
        .compile(&text[..n], b"<string>", u8::from(eval), &mut msg)
    {
        Ok(img) => img,
        Err((exc, len)) => {
            let t = match exc {
                "SyntaxError" => T::SyntaxError,
                "IndentationError" => T::IndentationError,
                _ => T::RuntimeError,
            };
            return Err(vm.err_bytes(t, &msg[..len.min(msg.len())]));
        }
    };
    vm.root(g)?;
    let r = (|| {
        let rc = vm.load_mpy(img)?;
        let f = vm.new_function(rc, g, Obj::NULL, Obj::NULL)?;
        vm.root(f)?;
        let r = vm.run_code(f, Obj::NULL);
        vm.unroot(1);
        r?;
        if eval {
            let k = vm.intern(b"__mpyc_eval__")?;
            return Ok(vm.map_remove(g, k)?.unwrap_or(Obj::NONE));
        }
        Ok(Obj::NONE)
    })();
    vm.unroot(1);
    r
}

/// `compile(src, filename, mode)`: a code object (a function whose raw code is the module).
pub(crate) fn compile_builtin<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    crate::builtins::arg_count(vm, a, 3, 3)?;
    let (src, name, mode) = (a.get(vm, 0), a.get(vm, 1), a.get(vm, 2));
    if !vm.is_str(src) || !vm.is_str(name) || !vm.is_str(mode) {
        return Err(vm.err(T::TypeError, "compile() needs str arguments"));
    }
    let eval = vm.str_data(mode) == b"eval";
    let mut text = [0u8; 4096];
    let mut nb = [0u8; 128];
    let d = vm.str_data(src);
    if d.len() > text.len() {
        return Err(vm.err(T::MemoryError, "source too long"));
    }
    let n = d.len();
    text[..n].copy_from_slice(d);
    let nd = vm.str_data(name);
    let nl = nd.len().min(nb.len());
    nb[..nl].copy_from_slice(&nd[..nl]);
    let mut msg = [0u8; 200];
    let img = match vm
        .port
        .compile(&text[..n], &nb[..nl], u8::from(eval), &mut msg)
    {
        Ok(img) => img,
        Err((exc, len)) => {
            let t = match exc {
                "SyntaxError" => T::SyntaxError,
                "IndentationError" => T::IndentationError,
                _ => T::RuntimeError,
            };
            return Err(vm.err_bytes(t, &msg[..len.min(msg.len())]));
        }
    };
    let rc = vm.load_mpy(img)?;
    let g = Obj(vm.heap.roots[root::CUR_GLOBALS]);
    // DEFAULTS = True marks an eval-mode code object.
    vm.new_function(rc, g, if eval { Obj::TRUE } else { Obj::NULL }, Obj::NULL)
}
