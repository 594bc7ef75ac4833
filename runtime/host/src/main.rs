//! `mpyc-run`: the runtime on a PC, with MicroPython's unix-port command line:
//! `mpyc-run [-X heapsize=N[k|m]] [-X emit=bytecode] [-X gcstress] [-O[N]]
//! (FILE.py | FILE.mpy | -m MODULE | -c CODE | program on stdin)`.
//! `.py` files are compiled in-process through the `mpyc` crate. Output, uncaught-exception
//! text and exit status are the unix port's. `MPYC_GC_STRESS=1` (or `-X gcstress`) collects
//! before every allocation.

mod intr;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use mpyc_runtime::{ModuleImage, Port, Vm};

/// The host port: buffered stdout, stderr, modules from the file system.
struct Host {
    out: Vec<u8>,
    path: Vec<PathBuf>,
    opt_level: u8,
    start: std::time::Instant,
}

impl Host {
    fn flush(&mut self) {
        if !self.out.is_empty() {
            let mut so = std::io::stdout().lock();
            let _ = so.write_all(&self.out);
            let _ = so.flush();
            self.out.clear();
        }
    }
}

/// Leak bytes so they live as long as the VM (module images are used in place).
fn leak(v: Vec<u8>) -> &'static [u8] {
    Box::leak(v.into_boxed_slice())
}

fn compile_py(src: &[u8], name: &str, opt: u8) -> Result<&'static [u8], mpyc::CompileError> {
    let opts = mpyc::Options {
        source_name: name.to_string(),
        opt_level: opt,
        // The flavour the runtime loads (CircuitPython's with the `circuitpython` feature).
        flavour: mpyc_runtime::MPY_FLAVOUR,
        ..mpyc::Options::default()
    };
    mpyc::compile(src, name, &opts).map(leak)
}

/// Python modules built into mpyc-run (our own code, in `runtime/host/py/`), compiled on first
/// import: found after the directories of `sys.path`, as the unix port's `.frozen` modules.
const BUILTIN_PY: &[(&str, &str, bool)] = &[
    ("asyncio", include_str!("../py/asyncio/__init__.py"), true),
    (
        "asyncio/funcs",
        include_str!("../py/asyncio/funcs.py"),
        false,
    ),
    (
        "asyncio/event",
        include_str!("../py/asyncio/event.py"),
        false,
    ),
    ("asyncio/lock", include_str!("../py/asyncio/lock.py"), false),
    (
        "asyncio/stream",
        include_str!("../py/asyncio/stream.py"),
        false,
    ),
];

/// Bytes outside the GC heap for the modules of `BUILTIN_PY` once loaded (their raw code,
/// constants and qstr text; the reference has its frozen modules in ROM): asyncio takes about
/// 25 KiB on 64-bit.
const FROZEN_BYTES: usize = 48 << 10;

/// The GC heap's ROM reserve (mpyc_runtime::Vm::set_rom_reserve): room for the built-in
/// function objects and dict entries a program makes after it filled the heap.
const ROM_RESERVE: usize = 4 << 10;

fn builtin_py(name: &[u8]) -> Option<ModuleImage> {
    let (n, src, pkg) = BUILTIN_PY.iter().find(|(n, _, _)| n.as_bytes() == name)?;
    let shown = if *pkg {
        format!("{n}/__init__.py")
    } else {
        format!("{n}.py")
    };
    let img = compile_py(src.as_bytes(), &shown, 0).ok()?;
    Some(ModuleImage {
        mpy: img,
        is_package: *pkg,
        // Frozen in the reference's build (ROM): its raw code stays out of the GC heap.
        frozen: true,
        file: b"",
    })
}

impl Port for Host {
    fn write_out(&mut self, b: &[u8]) {
        self.out.extend_from_slice(b);
        if self.out.len() > 1 << 16 {
            self.flush();
        }
    }

    fn write_err(&mut self, b: &[u8]) {
        self.flush();
        let _ = std::io::stderr().write_all(b);
    }

    fn find_module(&mut self, name: &[u8]) -> Option<ModuleImage> {
        let rel = String::from_utf8_lossy(name).into_owned();
        for dir in self.path.clone() {
            let base = dir.join(&rel);
            for (file, pkg) in [
                (base.with_extension("mpy"), false),
                (base.with_extension("py"), false),
                (base.join("__init__.mpy"), true),
                (base.join("__init__.py"), true),
            ] {
                if let Ok(bytes) = std::fs::read(&file) {
                    let shown = file.to_string_lossy().trim_start_matches("./").to_string();
                    let img = if file.extension().is_some_and(|e| e == "py") {
                        match compile_py(&bytes, &shown, self.opt_level) {
                            Ok(img) => img,
                            Err(e) => {
                                self.write_err(e.to_string().as_bytes());
                                return None;
                            }
                        }
                    } else {
                        leak(bytes)
                    };
                    return Some(ModuleImage {
                        mpy: img,
                        is_package: pkg,
                        frozen: false,
                        file: leak(shown.into_bytes()),
                    });
                }
            }
            if base.is_dir() {
                // A directory without __init__: a namespace package.
                let img = compile_py(b"", &format!("{rel}/__init__.py"), 0).ok()?;
                return Some(ModuleImage {
                    mpy: img,
                    is_package: true,
                    frozen: false,
                    file: b"",
                });
            }
        }
        builtin_py(name)
    }

    fn set_opt_level(&mut self, level: u8) {
        self.opt_level = level;
    }

    fn compile(
        &mut self,
        src: &[u8],
        name: &[u8],
        mode: u8,
        msg: &mut [u8],
    ) -> Result<&'static [u8], (&'static str, usize)> {
        let name = String::from_utf8_lossy(name).into_owned();
        let owned;
        let src = if mode == 1 {
            let mut s = b"__mpyc_eval__ = (".to_vec();
            s.extend_from_slice(src);
            s.extend_from_slice(b")\n");
            owned = s;
            &owned[..]
        } else {
            src
        };
        compile_py(src, &name, self.opt_level).map_err(|e| {
            let m = e.msg.as_bytes();
            let n = m.len().min(msg.len());
            msg[..n].copy_from_slice(&m[..n]);
            (e.exc, n)
        })
    }

    fn ticks_ms(&mut self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    fn read_in(&mut self, buf: &mut [u8]) -> usize {
        self.flush();
        intr::read_in(buf)
    }

    fn sleep_ms(&mut self, ms: u64) {
        self.flush();
        // In slices, so a Ctrl-C ends the sleep early (as EINTR does on the unix port).
        let end = std::time::Instant::now() + std::time::Duration::from_millis(ms);
        while !intr::SIGNALS.pending() {
            let now = std::time::Instant::now();
            if now >= end {
                break;
            }
            std::thread::sleep((end - now).min(std::time::Duration::from_millis(10)));
        }
    }

    fn epoch_ns(&mut self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    }

    fn keep(&mut self, data: &[u8]) -> Option<&'static [u8]> {
        Some(leak(data.to_vec()))
    }

    fn read_file(&mut self, path: &[u8]) -> Option<&'static [u8]> {
        let path = std::str::from_utf8(path).ok()?;
        std::fs::read(path).ok().map(leak)
    }

    fn list_dir(&mut self, path: &[u8], entry: &mut dyn FnMut(&[u8])) -> bool {
        let Ok(path) = std::str::from_utf8(path) else {
            return false;
        };
        let Ok(dir) = std::fs::read_dir(path) else {
            return false;
        };
        for e in dir.flatten() {
            entry(e.file_name().as_encoded_bytes());
        }
        true
    }
}

fn parse_size(s: &str) -> Option<usize> {
    let (num, mul) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 1024),
        b'm' | b'M' => (&s[..s.len() - 1], 1024 * 1024),
        _ => (s, 1),
    };
    num.parse::<usize>().ok().map(|n| n * mul)
}

fn usage() -> ! {
    eprintln!("usage: mpyc-run [-X heapsize=N[k|m]] [-X gcstress] [-O[N]] (FILE.py | FILE.mpy | -m MODULE | -c CODE | -)");
    std::process::exit(1);
}

enum Prog {
    File(PathBuf),
    Module(String),
    Code(String),
    Stdin,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut heap = 2 * 1024 * 1024;
    let mut stress = std::env::var("MPYC_GC_STRESS").is_ok_and(|v| v == "1");
    let mut opt = 0u8;
    let mut prog = None;
    let mut rest: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if prog.is_some() {
            rest.push(a.clone());
        } else if a == "-X" {
            i += 1;
            let Some(x) = args.get(i) else { usage() };
            if let Some(v) = x.strip_prefix("heapsize=") {
                heap = parse_size(v).unwrap_or_else(|| usage());
            } else if x == "gcstress" {
                stress = true;
            } else if x.starts_with("emit=") {
                // bytecode is the only emitter the runtime runs
            } else {
                usage();
            }
        } else if let Some(o) = a.strip_prefix("-O") {
            opt = if o.is_empty() {
                1
            } else if o.chars().all(|c| c == 'O') {
                o.len() as u8 + 1
            } else {
                o.parse().unwrap_or_else(|_| usage())
            };
        } else if a == "-m" {
            i += 1;
            let Some(m) = args.get(i) else { usage() };
            prog = Some(Prog::Module(m.clone()));
            rest.push(m.clone());
        } else if a == "-c" {
            i += 1;
            let Some(c) = args.get(i) else { usage() };
            prog = Some(Prog::Code(c.clone()));
            rest.push("-c".into());
        } else if a == "-" {
            prog = Some(Prog::Stdin);
            rest.push(String::new());
        } else if a.starts_with('-') && a.len() > 1 {
            usage();
        } else {
            prog = Some(Prog::File(PathBuf::from(a)));
            rest.push(a.clone());
        }
        i += 1;
    }
    let prog = prog.unwrap_or(Prog::Stdin);
    // A big thread stack: Python recursion is bounded by the VM's depth limit, well within it.
    let code = std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || run(prog, rest, heap, stress, opt))
        .ok()
        .and_then(|h| h.join().ok())
        .unwrap_or(1);
    std::process::exit(code);
}

/// A minimal interactive loop for a terminal: each line runs as a program (no line editing
/// or expression echo yet); Ctrl-D or end of input leaves.
fn repl(vm: &mut Vm<Host>, opt: u8) -> i32 {
    vm.port
        .write_out(b"MicroPython (mpyc-run); linux\nUse Ctrl-D to exit\n>>> ");
    vm.port.flush();
    let stdin = std::io::stdin();
    let mut line = String::new();
    loop {
        line.clear();
        match stdin.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if line.contains('\u{4}') {
            break;
        }
        if !line.trim().is_empty() {
            match compile_py(line.as_bytes(), "<stdin>", opt) {
                Ok(img) => {
                    let _ = vm.run_main_mpy(img);
                }
                Err(e) => vm.port.write_err(e.to_string().as_bytes()),
            }
        }
        // The friendly REPL unlocks the heap before every prompt (pyexec.c).
        vm.reset_heap_lock();
        vm.port.write_out(b">>> ");
        vm.port.flush();
    }
    0
}

fn run(prog: Prog, argv: Vec<String>, heap: usize, stress: bool, opt: u8) -> i32 {
    // Modules are searched next to a program file (the unix port's sys.path[0]: the real
    // path of its directory, so that an imported module's `__file__` and traceback name are
    // absolute), else in the current directory (sys.path[0] '', names as found).
    let script_dir = match &prog {
        Prog::File(p) => {
            let parent = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf())
        }
        _ => PathBuf::new(),
    };
    let host = Host {
        out: Vec::new(),
        path: vec![script_dir.clone()],
        opt_level: opt,
        start: std::time::Instant::now(),
    };
    // The GC heap gets `heap` bytes as the reference's `-X heapsize`; the VM's immortal
    // start-up objects and the frozen modules' raw code (ROM in MicroPython) come on top
    // (mpyc_runtime::STATIC_BYTES, FROZEN_BYTES).
    let region = heap + mpyc_runtime::STATIC_BYTES + FROZEN_BYTES + ROM_RESERVE;
    let heap_mem: &'static mut [u8] = Box::leak(vec![0u8; region].into_boxed_slice());
    let pystack: &'static mut [usize] = Box::leak(vec![0usize; 1 << 20].into_boxed_slice());
    let Some(mut vm) = Vm::with_frozen_area(heap_mem, pystack, host, FROZEN_BYTES) else {
        eprintln!("mpyc-run: heap too small");
        return 1;
    };
    // Blocks for built-in objects made on first use (ROM in MicroPython), on top of `heap`.
    let _ = vm.set_rom_reserve(ROM_RESERVE);
    vm.max_depth = 4000;
    vm.opt_level = isize::from(opt);
    vm.set_gc_stress(stress);
    // The unix port's static 256-byte emergency exception buffer; Ctrl-C on stdin.
    let _ = vm.alloc_static_emergency_exception_buf(256);
    vm.attach_signals(&intr::SIGNALS);
    if matches!(prog, Prog::Stdin) {
        intr::no_input();
    } else {
        intr::watch_stdin();
    }
    intr::catch_sigint();
    let argv_b: Vec<&[u8]> = argv.iter().map(|s| s.as_bytes()).collect();
    let ok = vm.set_argv(&argv_b).is_ok() && vm.add_path(b"").is_ok();
    if !ok {
        eprintln!("mpyc-run: heap too small");
        return 1;
    }
    vm.traceback_to_stdout = matches!(prog, Prog::File(_) | Prog::Code(_));
    let status = match prog {
        Prog::Module(m) => vm.run_main_module(m.as_bytes()),
        Prog::File(p) => match std::fs::read(&p) {
            Ok(bytes) => {
                let shown = p.to_string_lossy().into_owned();
                if p.extension().is_some_and(|e| e == "mpy") {
                    vm.run_main_file(leak(bytes), shown.as_bytes())
                } else {
                    match compile_py(&bytes, &shown, opt) {
                        Ok(img) => vm.run_main_file(img, shown.as_bytes()),
                        Err(e) => {
                            // Like a traceback: stdout for FILE, as the reference does.
                            vm.port.write_out(e.to_string().as_bytes());
                            1
                        }
                    }
                }
            }
            Err(e) => {
                vm.port.flush();
                // As the unix port: argv[0], then strerror's text (Rust's Display adds
                // " (os error N)", which is cut off).
                let prog = std::env::args().next().unwrap_or_else(|| "mpyc-run".into());
                let text = e.to_string();
                let text = text.split(" (os error").next().unwrap_or(&text);
                eprintln!(
                    "{prog}: can't open file '{}': [Errno {}] {text}",
                    p.display(),
                    e.raw_os_error().unwrap_or(2),
                );
                2
            }
        },
        Prog::Code(c) => match compile_py(c.as_bytes(), "<stdin>", opt) {
            Ok(img) => vm.run_main_file(img, b"<stdin>"),
            Err(e) => {
                vm.port.write_out(e.to_string().as_bytes());
                1
            }
        },
        Prog::Stdin if std::io::IsTerminal::is_terminal(&std::io::stdin()) => repl(&mut vm, opt),
        Prog::Stdin => {
            let mut src = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut src);
            match compile_py(&src, "<stdin>", opt) {
                Ok(img) => vm.run_main_file(img, b"<stdin>"),
                Err(e) => {
                    vm.port.write_err(e.to_string().as_bytes());
                    1
                }
            }
        }
    };
    vm.port.flush();
    if std::env::var_os("MPYC_GC_STATS").is_some() {
        let (n, total, used) = vm.gc_stats();
        eprintln!("gc: {n} collections, {total} bytes allocated, {used} bytes in use");
    }
    status
}
