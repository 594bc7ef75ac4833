//! Batch mode: many files and directory trees compiled in one process, in parallel, into an
//! output directory that mirrors the source tree. mpyc's own; MicroPython has no counterpart
//! (its build runs `mpy-cross` once per file, from `py/makeqstrdata.py`-era Makefiles and
//! `tools/mpy_cross_all.py`).
//!
//! # What goes where
//!
//! * A directory input `src/` is walked recursively for `*.py` files; `src/a/b.py` is written to
//!   `OUT/a/b.mpy`. Names starting with `.` (`.git`, `.venv`, editor files) are skipped, and
//!   symlinks to directories are not followed (no cycles); symlinks to files are compiled; a
//!   `*.py` symlink that leads nowhere (dangling, or a loop) is reported as an error naming it.
//! * A file input `lib/foo.py` is written to `OUT/foo.mpy` (its stem plus `.mpy`).
//! * Two inputs that would write the same output are an error for the second one.
//!
//! # Names embedded, and equivalence with single-file mode
//!
//! The source name embedded in each .mpy (what tracebacks on the device show) is the path
//! relative to the directory input (`a/b.py`), or the file name for a file input (`foo.py`):
//! the module's path as it is imported, which is what MicroPython's own freezing embeds. The
//! input path (shown by syntax errors, and interned first, which can change the .mpy) is the
//! path as reached (`src/a/b.py`). So each output is byte for byte what
//! `mpyc -s a/b.py -o OUT/a/b.mpy src/a/b.py` writes, whatever the number of threads; per-file
//! errors are the exact text that command prints on stderr (preceded by a line `<input path>:`
//! when that text names no file: no traceback, no `can't open`), in input order, and the run
//! goes on.
//!
//! # Writing
//!
//! An output whose current bytes are already the compiled bytes is left alone (not rewritten,
//! its mtime kept), so incremental builds see only real changes. (Outputs in a directory this
//! run made cannot exist yet and are not looked for.) Otherwise the .mpy goes to a
//! temporary file next to it that is renamed over it (readers never see a partial file; not
//! fsynced, as the reference does not sync either), creating the directories on the way. A
//! replaced output keeps its permissions; a new one gets 0644 minus umask.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::Options;

/// Longest name the reference can intern (`RuntimeError: name too long` beyond).
const QSTR_MAX_LEN: usize = 255;

/// Linux's `EIO`, for an I/O error that carries no OS error number.
const EIO: i32 = 5;

/// One file to compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// The file to read, as reached from the input (`src/a/b.py`).
    pub input: PathBuf,
    /// `input` as text: the input path single-file mode would get.
    pub input_name: String,
    /// The name embedded in the .mpy (`a/b.py`).
    pub source_name: String,
    /// Where the .mpy goes (`OUT/a/b.mpy`).
    pub output: PathBuf,
}

/// The files a batch will compile, and the inputs that could not be turned into jobs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub jobs: Vec<Job>,
    /// One report per failed input (missing file, unreadable directory, output already
    /// claimed), newline-terminated, in input order.
    pub errors: Vec<String>,
}

/// What a batch run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files compiled successfully.
    pub compiled: usize,
    /// Of those, outputs created or replaced.
    pub written: usize,
    /// Of those, outputs that already held these bytes and were left alone.
    pub unchanged: usize,
    /// Inputs that failed: planning errors, compile errors, write errors.
    pub failed: usize,
}

/// Walk the inputs (files or directories) and list the jobs, in input order; directory
/// entries are sorted by name, so the order does not depend on the file system.
pub fn plan(inputs: &[PathBuf], out_dir: &Path) -> Plan {
    let mut plan = Plan::default();
    let mut claimed = std::collections::HashMap::<PathBuf, String>::new();
    for input in inputs {
        let mut found = Vec::new();
        match fs::metadata(input) {
            Ok(meta) if meta.is_dir() => walk(input, &mut Vec::new(), &mut found, &mut plan.errors),
            Ok(_) => match input.file_name() {
                Some(name) => found.push((input.clone(), vec![name.to_os_string()])),
                None => plan.errors.push(open_error(&io_errno(21), input)),
            },
            Err(e) => plan.errors.push(open_error(&e, input)),
        }
        for (path, rel) in found {
            match make_job(path, &rel, out_dir) {
                Ok(job) => match claimed.get(&job.output) {
                    Some(first) => plan.errors.push(format!(
                        "error: {} and {} both compile to {}\n",
                        first,
                        job.input_name,
                        job.output.display()
                    )),
                    None => {
                        claimed.insert(job.output.clone(), job.input_name.clone());
                        plan.jobs.push(job);
                    }
                },
                Err(report) => plan.errors.push(report),
            }
        }
    }
    plan
}

/// Collect the `*.py` files under `dir` (`rel` is its path below the input root) into `found`
/// as (path, relative components).
fn walk(
    dir: &Path,
    rel: &mut Vec<std::ffi::OsString>,
    found: &mut Vec<(PathBuf, Vec<std::ffi::OsString>)>,
    errors: &mut Vec<String>,
) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(open_error(&e, dir)),
    };
    let mut entries: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        rel.push(name.clone());
        if kind.is_dir() {
            walk(&path, rel, found, errors);
        } else if name.as_encoded_bytes().ends_with(b".py") {
            if kind.is_file() {
                found.push((path, rel.clone()));
            } else if kind.is_symlink() {
                // A dangling or looping link is an error naming it, not a file to skip.
                match fs::metadata(&path) {
                    Ok(meta) if meta.is_file() => found.push((path, rel.clone())),
                    Ok(_) => {}
                    Err(e) => errors.push(open_error(&e, &path)),
                }
            }
        }
        rel.pop();
    }
}

/// The job for `path`, found at `rel` below its input root. Names that are not UTF-8 are
/// carried with stand-ins for their bytes (see [`crate::name_from_bytes`]).
fn make_job(path: PathBuf, rel: &[std::ffi::OsString], out_dir: &Path) -> Result<Job, String> {
    let input_name = crate::name_from_bytes(path.as_os_str().as_encoded_bytes()).replace('\\', "/");
    let parts: Vec<String> = rel
        .iter()
        .map(|part| crate::name_from_bytes(part.as_encoded_bytes()))
        .collect();
    let source_name = parts.join("/");
    let mut output = out_dir.to_path_buf();
    if let Some((file, dirs)) = rel.split_last() {
        output.extend(dirs);
        let stem = Path::new(file).file_stem().unwrap_or(file);
        let mut name = stem.to_os_string();
        name.push(".mpy");
        output.push(name);
    }
    Ok(Job {
        input: path,
        input_name,
        source_name,
        output,
    })
}

/// Compile and write every job on `threads` threads (0: one per available core), printing each
/// failure's report on `errors` in job order as soon as the jobs before it are done.
/// `options.source_name` is ignored (each job has its own).
pub fn run(
    jobs: &[Job],
    options: &Options,
    threads: usize,
    errors: &mut (dyn Write + Send),
) -> Summary {
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .clamp(1, jobs.len().max(1));
    // Biggest files first: compile time grows with size, and a big file taken last would keep
    // one thread busy while the others have nothing left (the longest-processing-time rule).
    // Failures are still reported in job order (see `Ordered`).
    let mut order: Vec<(u64, usize)> = jobs
        .iter()
        .enumerate()
        .map(|(i, job)| {
            let size = if threads > 1 {
                fs::metadata(&job.input).map_or(0, |m| m.len())
            } else {
                0
            };
            (size, i)
        })
        .collect();
    order.sort_by_key(|&(size, i)| (std::cmp::Reverse(size), i));
    let next = AtomicUsize::new(0);
    let sink = Mutex::new(Ordered {
        done: vec![None; jobs.len()],
        printed: 0,
        summary: Summary::default(),
        errors,
    });
    let made_dirs = Mutex::new(rustc_hash::FxHashSet::default());
    // Each worker gets the compiler's big stack once, instead of `compile` making a thread per
    // file; if no such thread can be made, the files are compiled here, through `compile`.
    let work = |big_stack: bool| {
        let mut opts = options.clone();
        while let Some(&(_, i)) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let job = &jobs[i];
            let outcome = compile_job(job, &mut opts, big_stack, &made_dirs);
            sink.lock()
                .unwrap_or_else(|e| e.into_inner())
                .finish(i, outcome);
        }
    };
    std::thread::scope(|scope| {
        let spawned = (0..threads)
            .filter(|_| {
                std::thread::Builder::new()
                    .stack_size(crate::STACK_SIZE)
                    .spawn_scoped(scope, || {
                        crate::guard::thread_init();
                        work(true)
                    })
                    .is_ok()
            })
            .count();
        if spawned == 0 {
            work(false);
        }
    });
    let sink = sink.into_inner().unwrap_or_else(|e| e.into_inner());
    sink.summary
}

/// How one job ended.
#[derive(Clone, Debug)]
enum Outcome {
    Written,
    Unchanged,
    /// The report to print (newline-terminated).
    Failed(String),
}

/// Results waiting to be reported in job order.
struct Ordered<'a> {
    done: Vec<Option<Outcome>>,
    printed: usize,
    summary: Summary,
    errors: &'a mut (dyn Write + Send),
}

impl Ordered<'_> {
    fn finish(&mut self, index: usize, outcome: Outcome) {
        if let Some(slot) = self.done.get_mut(index) {
            *slot = Some(outcome);
        }
        while let Some(slot) = self.done.get_mut(self.printed) {
            let Some(outcome) = slot.take() else {
                break;
            };
            self.printed += 1;
            match outcome {
                Outcome::Written => {
                    self.summary.compiled += 1;
                    self.summary.written += 1;
                }
                Outcome::Unchanged => {
                    self.summary.compiled += 1;
                    self.summary.unchanged += 1;
                }
                Outcome::Failed(report) => {
                    self.summary.failed += 1;
                    // Nothing better to do if stderr is gone; the exit status still tells.
                    let _ = self.errors.write_all(&crate::text_bytes(&report));
                }
            }
        }
    }
}

/// Compile one job and write its output, in single-file mode's order of checks (input name,
/// read, source name, compile, output name, write).
fn compile_job(job: &Job, opts: &mut Options, big_stack: bool, made_dirs: &MadeDirs) -> Outcome {
    match compile_and_write(job, opts, big_stack, made_dirs) {
        Ok(outcome) => outcome,
        // A traceback or an open error names the file already.
        Err(report) if report.contains("File \"") || report.contains("can't open ") => {
            Outcome::Failed(report)
        }
        Err(report) => Outcome::Failed(format!("{}:\n{report}", job.input_name)),
    }
}

/// Directories this run made: they hold no output from before (and plan gives every output one
/// job), so a job writing into one has no old output to read.
type MadeDirs = Mutex<rustc_hash::FxHashSet<PathBuf>>;

fn compile_and_write(
    job: &Job,
    opts: &mut Options,
    big_stack: bool,
    made_dirs: &MadeDirs,
) -> Result<Outcome, String> {
    check_qstr_len(&job.input_name)?;
    let file = fs::File::open(&job.input).map_err(|e| open_error(&e, &job.input))?;
    let size = file.metadata().map_or(0, |m| m.len());
    let source = crate::read_input(file, size).map_err(|e| match e {
        Some(e) => open_error(&e, &job.input),
        None => crate::input_too_long(),
    })?;
    check_qstr_len(&job.source_name)?;
    opts.source_name.clone_from(&job.source_name);
    let mpy = if big_stack {
        crate::compile_here(&source, &job.input_name, opts)
    } else {
        crate::compile(&source, &job.input_name, opts)
    };
    let mpy = mpy.map_err(|e| e.report(opts.flavour))?;
    check_qstr_len(&crate::name_from_bytes(
        job.output.as_os_str().as_encoded_bytes(),
    ))?;
    let dir = match job.output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fresh = made_dirs
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains(dir);
    let old = if fresh {
        None
    } else {
        read_existing(&job.output)
    };
    if old.as_ref().is_some_and(|(bytes, _)| *bytes == mpy) {
        return Ok(Outcome::Unchanged);
    }
    if old.is_some() {
        // As single-file mode: an output the user may not write is not replaced.
        OpenOptions::new()
            .write(true)
            .open(&job.output)
            .map_err(|e| open_error(&e, &job.output))?;
    }
    save(
        &job.output,
        dir,
        &mpy,
        old.map(|(_, perms)| perms),
        made_dirs,
    )
    .map_err(|e| format!("OSError: {}\n", e.raw_os_error().unwrap_or(EIO)))?;
    Ok(Outcome::Written)
}

/// The bytes and permissions of the regular file at `path`, if there is one.
fn read_existing(path: &Path) -> Option<(Vec<u8>, fs::Permissions)> {
    let mut file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    io::Read::read_to_end(&mut file, &mut bytes).ok()?;
    Some((bytes, meta.permissions()))
}

/// Write `data` to `path` (in `dir`) through a temporary file renamed over it, with
/// `old_permissions` if it replaces a file. The directories on the way are made when the first
/// attempt finds them missing (one system call less per file than making sure first), and
/// remembered in `made_dirs`.
fn save(
    path: &Path,
    dir: &Path,
    data: &[u8],
    old_permissions: Option<fs::Permissions>,
    made_dirs: &MadeDirs,
) -> io::Result<()> {
    let (tmp_path, mut file) = match create_temp(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir)?;
            made_dirs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(dir.to_path_buf());
            create_temp(dir)?
        }
        other => other?,
    };
    let result = (|| {
        file.write_all(data)?;
        if let Some(perms) = old_permissions {
            file.set_permissions(perms)?;
        }
        drop(file);
        fs::rename(&tmp_path, path)
    })();
    if result.is_err() {
        // Best effort: the temporary file is ours and must not be left behind.
        let _ = fs::remove_file(&tmp_path);
    }
    result
}

/// A new file `.mpyc-<pid>-<n>.tmp` in `dir`, created exclusively (mode 0644 minus umask, the
/// mode the reference opens its output with). Shared with the single-file writer in `main.rs`.
/// The first time in a process that a directory gets a temporary file, the stale ones there
/// (left by an `mpyc` killed mid-write: their process is gone) are removed.
#[doc(hidden)]
pub fn create_temp(dir: &Path) -> io::Result<(PathBuf, fs::File)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    static SWEPT: Mutex<Option<rustc_hash::FxHashSet<PathBuf>>> = Mutex::new(None);
    let pid = *PID.get_or_init(std::process::id);
    let first = SWEPT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(Default::default)
        .insert(dir.to_path_buf());
    if first {
        remove_stale_temps(dir);
    }
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".mpyc-{pid}-{n}.tmp"));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o644);
        }
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

/// Remove `dir`'s temporary files `.mpyc-<pid>-<n>.tmp` whose process no longer runs.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = temp_owner(name.as_encoded_bytes()) else {
            continue;
        };
        if !crate::guard::process_exists(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file's name `.mpyc-<pid>-<n>.tmp`.
fn temp_owner(name: &[u8]) -> Option<u32> {
    let rest = name.strip_prefix(b".mpyc-")?.strip_suffix(b".tmp")?;
    let dash = rest.iter().position(|&b| b == b'-')?;
    let (pid, n) = rest.split_at(dash);
    let n = n.get(1..)?;
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if !digits(pid) || !digits(n) {
        return None;
    }
    std::str::from_utf8(pid).ok()?.parse().ok()
}

pub(crate) fn check_qstr_len(name: &str) -> Result<(), String> {
    if crate::text_bytes(name).len() > QSTR_MAX_LEN {
        Err("RuntimeError: name too long\n".into())
    } else {
        Ok(())
    }
}

fn io_errno(errno: i32) -> io::Error {
    io::Error::from_raw_os_error(errno)
}

/// `OSError: (errno, "can't open <name>")`, as single-file mode prints it.
pub(crate) fn open_error(err: &io::Error, name: &Path) -> String {
    let errno = err.raw_os_error().unwrap_or(EIO);
    let name = name.to_string_lossy().replace('\\', "/");
    format!(
        "OSError: ({errno}, {})\n",
        repr(&format!("can't open {name}"))
    )
}

/// MicroPython's `repr()` of a str (`uni_print_quoted`): single quotes unless the text has a
/// `'` and no `"`; the quote, `\`, and control characters escaped.
fn repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for ch in text.chars() {
        match ch {
            _ if ch == quote => {
                out.push('\\');
                out.push(quote);
            }
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0'..='\x1f' | '\x7f' => out.push_str(&format!("\\x{:02x}", u32::from(ch))),
            _ => out.push(ch),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_like_micropython() {
        assert_eq!(repr("can't open a.py"), "\"can't open a.py\"");
        assert_eq!(repr("can't open a\"b"), "'can\\'t open a\"b'");
        assert_eq!(
            repr("can't open a\\b\n\x01"),
            "\"can't open a\\\\b\\n\\x01\""
        );
    }

    #[test]
    fn temp_file_owners() {
        assert_eq!(temp_owner(b".mpyc-123-4.tmp"), Some(123));
        for name in [
            &b".mpyc-123.tmp"[..],
            b".mpyc--4.tmp",
            b".mpyc-1x-4.tmp",
            b"a.tmp",
        ] {
            assert_eq!(temp_owner(name), None, "{name:?}");
        }
    }

    #[test]
    fn job_names() {
        let rel = ["a".into(), "b.py".into()];
        let job = make_job(PathBuf::from("src/a/b.py"), &rel, Path::new("out")).ok();
        assert_eq!(
            job,
            Some(Job {
                input: PathBuf::from("src/a/b.py"),
                input_name: "src/a/b.py".into(),
                source_name: "a/b.py".into(),
                output: PathBuf::from("out/a/b.mpy"),
            })
        );
        let rel = ["foo.txt".into()];
        let job = make_job(PathBuf::from("lib/foo.txt"), &rel, Path::new("o/"));
        assert_eq!(job.map(|j| j.output).ok(), Some(PathBuf::from("o/foo.mpy")));
    }
}
