//! Freezing for Rust firmware: a `build.rs` API that compiles a folder of `.py` files into one
//! generated Rust file of frozen modules, which the firmware `include!`s and hands to the
//! runtime (`Vm::add_frozen`).
//!
//! # Which files, which names
//!
//! The folder is walked exactly as `mpyc --batch` walks a directory ([`crate::batch::plan`]):
//! every `*.py` below it, names starting with `.` skipped, directory symlinks not followed,
//! entries sorted by name, so the generated file does not depend on the file system. Module
//! names follow the import path: `main.py` → `main`, `pkg/__init__.py` → `pkg`,
//! `pkg/mod.py` → `pkg.mod`.
//!
//! # Which bytes
//!
//! Each module's .mpy is byte for byte what `mpyc --batch <folder>` writes for it, that is what
//! `mpy-cross -s <relative path> [-O<n>] [-march=<a>] <folder>/<relative path>` writes: the
//! embedded source name (tracebacks on the device) is the path relative to the folder. The input
//! path is interned before parsing and shown by syntax errors; give the folder as a relative
//! path (build scripts run in the package root) to make the output independent of where the
//! checkout lives.
//!
//! # The generated file
//!
//! ```text
//! pub static FROZEN_MODULES: &[(&str, &[u8])] = &[
//!     ("main", b"M\x06\x00\x1f..."),
//!     ("pkg", b"..."),
//! ];
//! pub static FROZEN_PACKAGES: &[&str] = &["pkg"];
//! ```
//!
//! `FROZEN_PACKAGES` names the modules compiled from a `__init__.py`: an importer needs to know
//! which frozen modules are packages (have submodules), which the bytes do not say.
//!
//! The bytes are byte-string literals, not `include_bytes!` of .mpy files next to it: one
//! self-contained, deterministic file (no stale .mpy files left in `OUT_DIR` when a module is
//! removed, no paths baked into the firmware source), and frozen sets are small (kilobytes to a
//! few hundred), which rustc reads quickly. The file is only rewritten when its text changes.
//!
//! # Example `build.rs`
//!
//! ```no_run
//! // In `fn main` of the firmware crate's build.rs, with `mpyc` in [build-dependencies]:
//! let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("frozen.rs");
//! println!("cargo:rerun-if-changed=py"); // a directory: new files rerun the build too
//! let read = mpyc::freeze::Freezer::new("py")
//!     .opt_level(1)
//!     .arch(mpyc::Arch::Armv7em)
//!     .write_rust(&out)
//!     .unwrap_or_else(|e| panic!("freezing failed:\n{e}"));
//! for file in read {
//!     println!("cargo:rerun-if-changed={}", file.display());
//! }
//! // In the firmware:
//! //     include!(concat!(env!("OUT_DIR"), "/frozen.rs"));
//! //     for (name, mpy) in FROZEN_MODULES { vm.add_frozen(name.as_bytes(), mpy)?; }
//! ```

use std::fmt::{self, Write as _};
use std::fs;
use std::path::{Path, PathBuf};

use crate::{Arch, CompileError, Options};

/// A folder of `.py` files to freeze, and the compiler options to freeze it with.
#[derive(Clone, Debug)]
pub struct Freezer {
    dir: PathBuf,
    options: Options,
}

/// Why freezing failed. Its `Display` is the text `mpyc --batch` prints for the same failure:
/// for a compile error, the reference's error text (with a `<path>:` line first when the text
/// names no file).
#[derive(Debug)]
pub enum FreezeError {
    /// The folder or an entry in it could not be walked (missing folder, name not UTF-8,
    /// dangling `*.py` symlink): the reports, one per line.
    Walk(String),
    /// A file could not be read: the reference's `OSError` text.
    Read { path: PathBuf, report: String },
    /// A file did not compile.
    Compile {
        path: PathBuf,
        error: Box<CompileError>,
    },
    /// A file has no module name (`__init__.py` directly in the folder) or one the reference
    /// cannot intern.
    Name { path: PathBuf, report: String },
    /// The generated file could not be written.
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for FreezeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FreezeError::Walk(report) => f.write_str(report),
            FreezeError::Read { report, .. } => f.write_str(report),
            FreezeError::Compile { path, error } => {
                if error.file.is_none() {
                    writeln!(f, "{}:", path_text(path))?;
                }
                write!(f, "{error}")
            }
            FreezeError::Name { path, report } => write!(f, "{}:\n{report}", path_text(path)),
            FreezeError::Write { path, error } => {
                writeln!(f, "error: cannot write {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for FreezeError {}

/// A compiled folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frozen {
    /// (module name, .mpy bytes), in sorted path order.
    pub modules: Vec<(String, Vec<u8>)>,
    /// The names of the modules compiled from a `__init__.py`, in the same order.
    pub packages: Vec<String>,
    /// The `.py` files read, in the same order.
    pub read: Vec<PathBuf>,
}

impl Freezer {
    /// Freeze every `.py` under `dir`, with the default options (`-O0`, no `-march`).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Freezer {
            dir: dir.into(),
            options: Options::default(),
        }
    }

    /// `-O<level>`: 1 and above drop asserts and set `__debug__` false; 3 drops line tables.
    pub fn opt_level(mut self, level: u8) -> Self {
        self.options.opt_level = level;
        self
    }

    /// `-march=<arch>`: the arch recorded in the header, and the target of native code.
    pub fn arch(mut self, arch: Arch) -> Self {
        self.options.arch = Some(arch);
        self
    }

    /// Every other compiler option (`-X emit=`, `-msmall-int-bits=`...). `source_name` is
    /// ignored: each module gets its relative path.
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Compile every module, stopping at the first failure.
    pub fn compile(&self) -> Result<Frozen, FreezeError> {
        // `plan`'s output paths are not used: nothing is written per module.
        let plan = crate::batch::plan(std::slice::from_ref(&self.dir), Path::new(""));
        if !plan.errors.is_empty() {
            return Err(FreezeError::Walk(plan.errors.concat()));
        }
        let mut modules = Vec::with_capacity(plan.jobs.len());
        let mut packages = Vec::new();
        let mut read = Vec::with_capacity(plan.jobs.len());
        let mut opts = self.options.clone();
        for job in plan.jobs {
            let name_error = |report: String| FreezeError::Name {
                path: job.input.clone(),
                report,
            };
            let name = module_name(&job.source_name)
                .ok_or_else(|| name_error("error: __init__.py has no module name\n".into()))?;
            let source = fs::File::open(&job.input)
                .map_err(Some)
                .and_then(|f| {
                    let size = f.metadata().map_or(0, |m| m.len());
                    crate::read_input(f, size)
                })
                .map_err(|e| FreezeError::Read {
                    path: job.input.clone(),
                    report: match e {
                        Some(e) => crate::batch::open_error(&e, &job.input),
                        None => crate::input_too_long(),
                    },
                })?;
            read.push(job.input.clone());
            crate::batch::check_qstr_len(&job.source_name).map_err(name_error)?;
            opts.source_name = job.source_name.clone();
            let mpy = crate::compile(&source, &job.input_name, &opts).map_err(|error| {
                FreezeError::Compile {
                    path: job.input.clone(),
                    error: Box::new(error),
                }
            })?;
            if job.source_name.ends_with("/__init__.py") {
                packages.push(name.clone());
            }
            modules.push((name, mpy));
        }
        Ok(Frozen {
            modules,
            packages,
            read,
        })
    }

    /// Compile every module and write the Rust file defining `FROZEN_MODULES` to `out`
    /// (left untouched if it already holds that text). Returns the `.py` files read, for
    /// `cargo:rerun-if-changed`.
    pub fn write_rust(&self, out: impl AsRef<Path>) -> Result<Vec<PathBuf>, FreezeError> {
        let out = out.as_ref();
        let frozen = self.compile()?;
        let text = rust_source(&self.dir, &self.options, &frozen);
        if fs::read(out).ok().as_deref() != Some(text.as_bytes()) {
            fs::write(out, text).map_err(|error| FreezeError::Write {
                path: out.to_path_buf(),
                error,
            })?;
        }
        Ok(frozen.read)
    }
}

/// `pkg/mod.py` → `pkg.mod`, `pkg/__init__.py` → `pkg`; `None` for a top-level `__init__.py`.
fn module_name(rel: &str) -> Option<String> {
    let stem = rel.strip_suffix(".py").unwrap_or(rel);
    let stem = match stem.strip_suffix("__init__") {
        Some("") => return None,
        Some(pkg) if pkg.ends_with('/') => &pkg[..pkg.len() - 1],
        _ => stem,
    };
    Some(stem.replace('/', "."))
}

fn path_text(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Bytes per line of a byte-string literal in the generated file.
const BYTES_PER_LINE: usize = 32;

/// The generated Rust file.
fn rust_source(dir: &Path, opts: &Options, frozen: &Frozen) -> String {
    let mut s = String::new();
    let arch = opts.arch.map_or("none", |a| a.name());
    let _ = writeln!(
        s,
        "// @generated by mpyc::freeze from `{}` (-O{}, -march={arch}). Do not edit.\n",
        path_text(dir).escape_default(),
        opts.opt_level
    );
    s.push_str("/// The frozen modules: (module name, .mpy image), in sorted path order.\n");
    s.push_str("pub static FROZEN_MODULES: &[(&str, &[u8])] = &[\n");
    for (name, mpy) in &frozen.modules {
        let _ = write!(
            s,
            "    (\n        \"{}\",\n        b\"",
            name.escape_default()
        );
        for (i, chunk) in mpy.chunks(BYTES_PER_LINE).enumerate() {
            if i > 0 {
                // A `\` before a newline continues the literal, skipping the next line's
                // leading whitespace (so no byte is ever written as a raw space).
                s.push_str("\\\n          ");
            }
            for &b in chunk {
                match b {
                    b'"' | b'\\' => {
                        s.push('\\');
                        s.push(b as char);
                    }
                    0x21..=0x7e => s.push(b as char),
                    _ => {
                        let _ = write!(s, "\\x{b:02x}");
                    }
                }
            }
        }
        s.push_str("\",\n    ),\n");
    }
    s.push_str("];\n\n");
    s.push_str("/// The frozen modules that are packages (compiled from `__init__.py`).\n");
    s.push_str("pub static FROZEN_PACKAGES: &[&str] = &[");
    for (i, name) in frozen.packages.iter().enumerate() {
        let sep = if i > 0 { ", " } else { "" };
        let _ = write!(s, "{sep}\"{}\"", name.escape_default());
    }
    s.push_str("];\n");
    s
}

#[cfg(test)]
mod tests {
    use super::module_name;

    #[test]
    fn module_names() {
        assert_eq!(module_name("main.py").as_deref(), Some("main"));
        assert_eq!(module_name("pkg/__init__.py").as_deref(), Some("pkg"));
        assert_eq!(module_name("pkg/mod.py").as_deref(), Some("pkg.mod"));
        assert_eq!(module_name("a/b/c.py").as_deref(), Some("a.b.c"));
        assert_eq!(module_name("my__init__.py").as_deref(), Some("my__init__"));
        assert_eq!(module_name("__init__.py"), None);
    }
}
