//! The `mpyc` executable: a drop-in for `mpy-cross` 1.29. Ports `compile_and_save` and `main_`
//! of MicroPython's `mpy-cross/main.c` (the argv grammar itself is in [`cli`]), plus the parts of
//! `py/reader.c`, `py/persistentcode.c` (`mp_raw_code_save_file`), `py/qstr.c` and
//! `py/objstrunicode.c` (`uni_print_quoted`) whose behaviour shows on the command line.
//!
//! Output conventions, as the reference: usage and `--version` on stdout; every error on stderr
//! with exit status 1; a .mpy for `-o -` or stdin input goes to stdout.
//!
//! Deliberate differences from the reference, each safer than the original:
//! * The .mpy is written to a temporary file in the destination's directory, then renamed
//!   over the destination, so no truncated .mpy is ever left behind, and on any error
//!   the destination is not created or touched. Only a non-regular destination (`/dev/null`, a
//!   FIFO) is written in place. A destination that already holds the very bytes is not
//!   rewritten, only its mtime is set, as the rewrite would set it. A symlinked destination is followed, as `open()` would. The new
//!   file gets the old file's permissions, or 0644 minus umask. Consequence: a writable .mpy in
//!   a read-only directory cannot be replaced (the reference would overwrite it in place). A
//!   .mpy the user may not write is not replaced either (`OSError: (13, ...)`, as the reference).
//! * A read or write error after the file was opened is reported (`OSError: <errno>`), where the
//!   reference silently treats it as end of file or ignores it.
//! * `-X heapsize=` does not limit anything (see [`cli`]).
//! * `--dump` (mpyc only) prints a disassembly instead of writing a .mpy: see `mpyc::dump`.
//! * `--rich-errors` (mpyc only) adds the source line, a caret and a hint after a compile
//!   error's traceback: see `mpyc::diagnostic`.
//! * `--batch` (mpyc only) compiles many files and directories in parallel: see `mpyc::batch`.
//!
//! Until the library grows the corresponding features, a few inputs are refused with a clear
//! `NotImplementedError` instead of producing wrong bytes: see [`unsupported`].

// Not in unit tests, whose `main` is the test harness.
#![cfg_attr(not(test), no_main)]

mod cli;

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cli::{Command, Settings};
use mpyc::outline::Input;
use mpyc::{Flavour, Options};

/// Longest string a qstr can hold: the reference stores qstr lengths in one byte
/// (`MICROPY_QSTR_BYTES_IN_LEN` = 1) and raises `RuntimeError: name too long` beyond it.
const QSTR_MAX_LEN: usize = 255;

/// Linux's `EISDIR`, reported when the destination is a directory.
const EISDIR: i32 = 21;
/// Linux's `ELOOP`, reported for a symlink chain longer than the kernel would follow.
const ELOOP: i32 = 40;
/// Linux's `EIO`, used for an I/O error that carries no OS error number.
const EIO: i32 = 5;

/// Allocation failures end as `MemoryError` text with status 1, not as an abort.
#[global_allocator]
static ALLOC: mpyc::guard::Alloc = mpyc::guard::Alloc;

/// The process entry point, called by the C runtime: `mpyc` is `#![no_main]`, because std's
/// own start-up costs a tenth of a typical run: reading `/proc/self/maps` and setting up an
/// alternate signal stack to report stack overflows, and ignoring `SIGPIPE`. Without it `mpyc`
/// also keeps `SIGPIPE`'s default action, as the reference does (a closed pipe on stdout ends
/// the process), and every write to stdout is flushed by [`write_stdout`] itself.
//
// `no_mangle` counts as unsafe code: this is the one `main` symbol of the program (std defines
// none under `no_main`), with the C signature the runtime calls it with.
#[cfg(not(test))]
#[allow(unsafe_code)]
#[no_mangle]
extern "C" fn main(
    _argc: std::ffi::c_int,
    _argv: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    mpyc::mark_main_thread();
    mpyc::guard::install();
    if run() == ExitCode::SUCCESS {
        0
    } else {
        1
    }
}

/// The command line, run: std's `args_os` reads argv on its own (glibc hands it to
/// initialisers), so the C arguments are not needed.
#[cfg_attr(test, allow(dead_code))]
fn run() -> ExitCode {
    let mut args = std::env::args_os().map(os_to_bytes);
    let argv0 = args.next().unwrap_or_default();
    let args: Vec<Vec<u8>> = args.collect();
    // An unknown MPYC_FLAVOUR is an error rather than a silent fallback to MicroPython's.
    let env_flavour = match std::env::var_os(cli::FLAVOUR_ENV) {
        None => Flavour::MicroPython,
        Some(v) if v.is_empty() => Flavour::MicroPython,
        Some(v) => match cli::flavour_named(&os_to_bytes(v)) {
            Some(f) => f,
            None => {
                return fail(&format!(
                    "{}: expected micropython or circuitpython\n",
                    cli::FLAVOUR_ENV
                ))
            }
        },
    };
    match cli::parse_flavoured(&args, env_flavour) {
        Command::Version(flavour) => {
            write_stdout(cli::version_text(flavour).as_bytes());
            ExitCode::SUCCESS
        }
        Command::Usage { heap_size, flavour } => {
            write_stdout(&cli::usage_text(&argv0, heap_size, flavour));
            ExitCode::FAILURE
        }
        Command::Fail(msg) => fail(&format!("{msg}\n")),
        Command::Compile(settings) => match compile_and_save(&settings) {
            Ok(()) => ExitCode::SUCCESS,
            Err(report) => fail(&report),
        },
        Command::Batch {
            settings,
            inputs,
            jobs,
        } => run_batch(&settings, &inputs, jobs),
    }
}

/// `--batch` (mpyc only, see `mpyc::batch`): every input compiled into the `-o` directory;
/// status 1 if any input failed.
fn run_batch(settings: &Settings, inputs: &[Vec<u8>], jobs: usize) -> ExitCode {
    let Some(out_dir) = settings.output.as_deref().filter(|o| *o != b"-") else {
        return fail("--batch needs -o OUTPUT_DIRECTORY\n");
    };
    let one_file_only = settings.dump || settings.rich_errors;
    if settings.source_name.is_some() || one_file_only || inputs.iter().any(|i| i == b"-") {
        return fail("--batch takes no -s, no --dump, no --rich-errors and no stdin input\n");
    }
    if inputs.is_empty() {
        return fail("no input file\n");
    }
    if let Some(report) = unsupported(settings) {
        return fail(&report);
    }
    // Many files in one process: the allocator built for that (see `mpyc::guard::Alloc`).
    mpyc::guard::use_batch_allocator();
    // Many files in one process: the allocator built for that (see `mpyc::guard::Alloc`).
    mpyc::guard::use_batch_allocator();
    let inputs: Vec<PathBuf> = inputs.iter().map(|i| os_path(i)).collect();
    let plan = mpyc::batch::plan(&inputs, &os_path(out_dir));
    for report in &plan.errors {
        write_stderr(&mpyc::text_bytes(report));
    }
    let summary = mpyc::batch::run(
        &plan.jobs,
        &options(settings, String::new()),
        jobs,
        &mut io::stderr(),
    );
    if plan.errors.is_empty() && summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The library's options for `settings`, embedding `source_name`.
fn options(settings: &Settings, source_name: String) -> Options {
    Options {
        source_name,
        opt_level: settings.opt_level,
        source_lines: settings.source_lines,
        small_int_bits: settings.small_int_bits,
        arch: settings.arch,
        emit: settings.emit,
        flavour: settings.flavour,
    }
}

/// Print `report` (already newline-terminated) on stderr and give status 1.
fn fail(report: &str) -> ExitCode {
    write_stderr(&mpyc::text_bytes(report));
    ExitCode::FAILURE
}

/// `compile_and_save`, in the reference's order: intern the input name, open and read the input,
/// intern the `-s` name, compile, intern the output name, write. The error is the full stderr text.
fn compile_and_save(settings: &Settings) -> Result<(), String> {
    let from_stdin = settings.input == b"-";
    let source = if from_stdin {
        read_stdin()?
    } else {
        check_qstr_len(&settings.input)?;
        // A file compiled to a .mpy is read with its deeply nested blocks outlined (peak
        // memory: see `mpyc::outline`); `--dump` and `--rich-errors` read it whole.
        if settings.dump || settings.rich_errors {
            read_file(&settings.input)?
        } else {
            match read_file_outlined(&settings.input)? {
                Input::Whole(bytes) => bytes,
                Input::Outlined(chunks) => return compile_outlined(settings, chunks),
                Input::Abandoned => read_file(&settings.input)?,
            }
        }
    };
    if settings.dump && mpyc::dump::is_mpy_input(&settings.input, &source) {
        return print_dump(&source);
    }
    if let Some(name) = &settings.source_name {
        check_qstr_len(name)?;
    }
    let input_path: &[u8] = if from_stdin {
        b"<stdin>"
    } else {
        &settings.input
    };
    if let Some(report) = unsupported(settings) {
        return Err(report);
    }
    // Names that are not UTF-8 are carried as text with stand-ins for their bytes (see
    // `mpyc::name_from_bytes`), embedded and printed as the bytes they are.
    let input_str = mpyc::name_from_bytes(input_path);
    let source_name = mpyc::name_from_bytes(settings.source_name.as_deref().unwrap_or(input_path));
    let opts = options(settings, source_name);
    let mpy = if settings.rich_errors {
        mpyc::compile(&source, &input_str, &opts).map_err(|e| {
            let mut report = e.report(opts.flavour);
            report.push_str(&mpyc::diagnostic::render(&e, &source));
            report
        })
    } else {
        // The compiler takes the bytes: a big source is then held once.
        mpyc::compile_owned(source, &input_str, &opts).map_err(|e| e.report(opts.flavour))
    }?;
    if settings.dump {
        return print_dump(&mpy);
    }
    save_output(settings, &mpy)
}

/// [`compile_and_save`] of a file read in outlined chunks (never stdin, never `--dump`).
fn compile_outlined(settings: &Settings, chunks: Vec<mpyc::outline::Chunk>) -> Result<(), String> {
    if let Some(name) = &settings.source_name {
        check_qstr_len(name)?;
    }
    if let Some(report) = unsupported(settings) {
        return Err(report);
    }
    let input_str = mpyc::name_from_bytes(&settings.input);
    let source_name =
        mpyc::name_from_bytes(settings.source_name.as_deref().unwrap_or(&settings.input));
    let opts = options(settings, source_name);
    let mpy = match mpyc::compile_outlined(chunks, &input_str, &opts) {
        Some(result) => result,
        // A syntax error: found and reported as in the whole file.
        None => mpyc::compile_owned(read_file(&settings.input)?, &input_str, &opts),
    }
    .map_err(|e| e.report(opts.flavour))?;
    save_output(settings, &mpy)
}

/// Write the .mpy where the settings say: `-o`, stdout (`-o -`, or a source from stdin), or
/// the input's name with `.mpy`.
fn save_output(settings: &Settings, mpy: &[u8]) -> Result<(), String> {
    let from_stdin = settings.input == b"-";
    let output = match &settings.output {
        Some(out) if out.as_slice() == b"-" => None,
        Some(out) => Some(out.clone()),
        None if from_stdin => None,
        None => Some(cli::default_output(&settings.input)),
    };
    match output {
        None => {
            write_stdout(mpy);
            Ok(())
        }
        Some(out) => {
            check_qstr_len(&out)?;
            save_file(&out, mpy)
        }
    }
}

/// `--dump`: the disassembly on stdout; a malformed .mpy is dumped as far as it goes, then fails.
fn print_dump(mpy: &[u8]) -> Result<(), String> {
    write_stdout(mpyc::dump::dump_text(mpy).as_bytes());
    mpyc::dump::check(mpy).map_err(|e| format!("ValueError: invalid .mpy file: {e}\n"))
}

/// What `mpyc` cannot do yet, each refused with a clear message instead of wrong bytes. This is
/// the one place to shrink as the library grows: native emission (`-X emit=native|viper`),
/// `-march-flags` (the library's `Options` has no field for the header's arch flags yet).
fn unsupported(settings: &Settings) -> Option<String> {
    // ARCH-FLAGS-GATE: remove once `Options` carries the arch flags.
    if settings.arch_flags != 0 {
        return Some("NotImplementedError: -march-flags is not supported yet\n".into());
    }
    None
}

/// `qstr_from_str`'s length check.
fn check_qstr_len(name: &[u8]) -> Result<(), String> {
    if name.len() > QSTR_MAX_LEN {
        Err("RuntimeError: name too long\n".into())
    } else {
        Ok(())
    }
}

/// Read the whole input file. Opening fails as `OSError: (errno, "can't open <path>")`, reading
/// (a directory, say) as `OSError: <errno>`.
fn read_file(path: &[u8]) -> Result<Vec<u8>, String> {
    let file = File::open(os_path(path)).map_err(|e| open_error(&e, path))?;
    let size = file.metadata().map_or(0, |m| m.len());
    read_all(file, size)
}

/// Read a regular file with its deeply nested blocks outlined (see `mpyc::outline`); any
/// other file (a FIFO, a device) whole, as [`read_file`] does, since it cannot be read twice.
fn read_file_outlined(path: &[u8]) -> Result<Input, String> {
    let file = File::open(os_path(path)).map_err(|e| open_error(&e, path))?;
    let meta = file.metadata().ok();
    let size = meta.as_ref().map_or(0, |m| m.len());
    if !meta.is_some_and(|m| m.is_file()) {
        return read_all(file, size).map(Input::Whole);
    }
    mpyc::outline::read(file, size, mpyc::outline::DEPTH).map_err(|e| match e {
        Some(e) => errno_error(&e),
        None => mpyc::input_too_long(),
    })
}

/// Read all of stdin (fd 0 itself, so that a closed stdin fails with `EBADF` as in the
/// reference rather than reading as empty).
fn read_stdin() -> Result<Vec<u8>, String> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map_err(|e| errno_error(&e))?;
        read_all(File::from(fd), 0)
    }
    #[cfg(not(unix))]
    {
        read_all(io::stdin().lock(), 0)
    }
}

/// Read all of `reader` (`size`: its expected length, or 0), up to `mpyc::MAX_INPUT_LEN` bytes
/// (an endless input fails cleanly).
fn read_all(reader: impl Read, size: u64) -> Result<Vec<u8>, String> {
    mpyc::read_input(reader, size).map_err(|e| match e {
        Some(e) => errno_error(&e),
        None => mpyc::input_too_long(),
    })
}

/// Write the .mpy to `out` (see the module doc for why through a temporary file).
fn save_file(out: &[u8], mpy: &[u8]) -> Result<(), String> {
    let target = resolve_symlinks(&os_path(out)).map_err(|e| open_error(&e, out))?;
    let existing = fs::metadata(&target).ok();
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(os_error_with_name(EISDIR, out));
        }
        if !meta.is_file() {
            // A device or FIFO: nothing to replace, write to it as the reference does.
            let mut file = OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&target)
                .map_err(|e| open_error(&e, out))?;
            return file.write_all(mpy).map_err(|e| errno_error(&e));
        }
        // The reference opens the output for writing: a file the user may not write (mode
        // 0444 for a non-root user) fails there, so it must not be replaced here either.
        let file = OpenOptions::new()
            .write(true)
            .open(&target)
            .map_err(|e| open_error(&e, out))?;
        if meta.len() == mpy.len() as u64 && fs::read(&target).is_ok_and(|old| old == mpy) {
            // Already these bytes (a rebuild): only the mtime changes, as with the reference's
            // rewrite, and the file is not replaced: replacing one makes ext4 write it out at
            // once (auto_da_alloc), which takes longer than the whole compile (about 1 ms).
            return file
                .set_modified(std::time::SystemTime::now())
                .map_err(|e| errno_error(&e));
        }
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tmp_path, tmp) = mpyc::batch::create_temp(&dir).map_err(|e| open_error(&e, out))?;
    mpyc::guard::set_temp_path(Some(&tmp_path));
    let result = write_temp(out, &target, &tmp_path, tmp, existing.as_ref(), mpy);
    mpyc::guard::set_temp_path(None);
    result
}

/// [`save_file`]'s write of the temporary file and rename over `target`; the temporary file is
/// removed on every error.
fn write_temp(
    out: &[u8],
    target: &Path,
    tmp_path: &Path,
    mut tmp: File,
    existing: Option<&fs::Metadata>,
    mpy: &[u8],
) -> Result<(), String> {
    let written = (|| {
        tmp.write_all(mpy)?;
        if let Some(meta) = existing {
            tmp.set_permissions(meta.permissions())?;
        }
        // Not fsynced: like the reference, which does not sync either. A sync costs more than
        // the whole compile of a typical file (about 0.4 ms here, and it waits for the
        // journal); the rename alone already keeps readers from seeing a partial file.
        io::Result::Ok(())
    })();
    drop(tmp);
    // Best effort on failure: the temporary file is ours and must not be left behind.
    if let Err(e) = written {
        let _ = fs::remove_file(tmp_path);
        return Err(errno_error(&e));
    }
    // The rename is where the reference's `open` of the output would fail (`-o ''`, a
    // missing directory): report it the same way.
    fs::rename(tmp_path, target).map_err(|e| {
        let _ = fs::remove_file(tmp_path);
        open_error(&e, out)
    })
}

/// Follow symlinks in the last component of `path`, as `open(O_CREAT)` does (a dangling link
/// names the file to create), so that the rename replaces the link's target, not the link.
fn resolve_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..ELOOP {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(parent) => parent.join(link),
                    None => link,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::from_raw_os_error(ELOOP))
}

/// `mp_raise_OSError_with_filename`: `OSError: (errno, "can't open <name>")`.
fn open_error(err: &io::Error, name: &[u8]) -> String {
    os_error_with_name(err.raw_os_error().unwrap_or(EIO), name)
}

fn os_error_with_name(errno: i32, name: &[u8]) -> String {
    let mut msg = b"can't open ".to_vec();
    msg.extend_from_slice(name);
    match repr_str(&msg) {
        Some(repr) => format!("OSError: ({errno}, {repr})\n"),
        // The message is not valid UTF-8, so building the str object fails instead.
        None => "UnicodeError: \n".into(),
    }
}

/// `mp_raise_OSError`: `OSError: <errno>`.
fn errno_error(err: &io::Error) -> String {
    format!("OSError: {}\n", err.raw_os_error().unwrap_or(EIO))
}

/// The `repr()` of a MicroPython str holding `bytes`, or `None` when MicroPython would refuse
/// to make that str (its loose UTF-8 check: lead bytes up to 0xF7 with the right number of
/// continuation bytes; overlong forms and surrogates pass). Quotes and escapes follow
/// `uni_print_quoted`.
fn repr_str(bytes: &[u8]) -> Option<String> {
    let chars = decode_loose_utf8(bytes)?;
    let has_double = bytes.contains(&b'"');
    let quote = if bytes.contains(&b'\'') && !has_double {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for ch in chars {
        match ch {
            _ if ch == u32::from(quote) => {
                out.push('\\');
                out.push(quote);
            }
            0x5c => out.push_str("\\\\"),
            0x0a => out.push_str("\\n"),
            0x0d => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            0x20..=0x7e | 0x80..=0xd7ff | 0xe000..=0x10ffff => {
                out.push(char::from_u32(ch).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            0..=0x7f => out.push_str(&format!("\\x{ch:02x}")),
            0xd800..=0xdfff => out.push_str(&format!("\\u{ch:04x}")),
            _ => out.push_str(&format!("\\U{ch:08x}")),
        }
    }
    out.push(quote);
    Some(out)
}

/// `unicode_encoding_check` then `utf8_get_char` over the whole string.
fn decode_loose_utf8(bytes: &[u8]) -> Option<Vec<u32>> {
    let mut chars = Vec::new();
    let mut iter = bytes.iter();
    while let Some(&lead) = iter.next() {
        let (mut ch, need) = match lead {
            0x00..=0x7f => (u32::from(lead), 0),
            0xc0..=0xdf => (u32::from(lead & 0x1f), 1),
            0xe0..=0xef => (u32::from(lead & 0x0f), 2),
            0xf0..=0xf7 => (u32::from(lead & 0x07), 3),
            _ => return None,
        };
        for _ in 0..need {
            match iter.next() {
                Some(&c) if c & 0xc0 == 0x80 => ch = (ch << 6) | u32::from(c & 0x3f),
                _ => return None,
            }
        }
        chars.push(ch);
    }
    Some(chars)
}

/// Write to stdout, ignoring errors as the reference does (it uses `write()` and moves on).
fn write_stdout(bytes: &[u8]) {
    let mut out = io::stdout().lock();
    let _ = out.write_all(bytes);
    let _ = out.flush();
}

fn write_stderr(bytes: &[u8]) {
    let _ = io::stderr().lock().write_all(bytes);
}

#[cfg(unix)]
fn os_to_bytes(s: OsString) -> Vec<u8> {
    std::os::unix::ffi::OsStringExt::into_vec(s)
}

#[cfg(not(unix))]
fn os_to_bytes(s: OsString) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

#[cfg(unix)]
fn os_path(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn os_path(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_like_micropython() {
        for (name, want) in [
            ("a'b.py", "\"can't open a'b.py\""),
            ("a\"b.py", "'can\\'t open a\"b.py'"),
            ("a'b\"c.py", "'can\\'t open a\\'b\"c.py'"),
            ("a\nb\tc\x01.py", "\"can't open a\\nb\\tc\\x01.py\""),
            ("\u{7f}.py", "\"can't open \\x7f.py\""),
            ("é.py", "\"can't open é.py\""),
            ("a\\b", "\"can't open a\\\\b\""),
        ] {
            let mut msg = b"can't open ".to_vec();
            msg.extend_from_slice(name.as_bytes());
            assert_eq!(repr_str(&msg).as_deref(), Some(want), "{name:?}");
        }
        assert_eq!(repr_str(b"\xff"), None);
        assert_eq!(repr_str(b"\xc3"), None);
        assert_eq!(repr_str(b"\xed\xa0\x80").as_deref(), Some("'\\ud800'"));
        assert_eq!(
            repr_str(b"\xf7\xbf\xbf\xbf").as_deref(),
            Some("'\\U001fffff'")
        );
        assert_eq!(repr_str(b"\xc0\x80").as_deref(), Some("'\\x00'"));
    }

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mpyc-main-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn save_is_atomic_and_reports_like_the_reference() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("save");
        let out = |name: &str| dir.join(name).into_os_string().into_encoded_bytes();

        // New file; then replacing it keeps its permissions.
        save_file(&out("n.mpy"), b"one").unwrap();
        assert_eq!(fs::read(dir.join("n.mpy")).unwrap(), b"one");
        fs::set_permissions(dir.join("n.mpy"), fs::Permissions::from_mode(0o600)).unwrap();
        save_file(&out("n.mpy"), b"two").unwrap();
        assert_eq!(fs::read(dir.join("n.mpy")).unwrap(), b"two");
        let mode = fs::metadata(dir.join("n.mpy"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);

        // A symlink is followed, not replaced (a dangling one names the file to create).
        std::os::unix::fs::symlink("n.mpy", dir.join("link.mpy")).unwrap();
        save_file(&out("link.mpy"), b"three").unwrap();
        assert!(fs::symlink_metadata(dir.join("link.mpy"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(dir.join("n.mpy")).unwrap(), b"three");
        std::os::unix::fs::symlink("made.mpy", dir.join("dangling.mpy")).unwrap();
        save_file(&out("dangling.mpy"), b"four").unwrap();
        assert_eq!(fs::read(dir.join("made.mpy")).unwrap(), b"four");

        // Errors name the output as given and leave nothing behind.
        fs::create_dir(dir.join("sub")).unwrap();
        let sub = out("sub");
        let mut want = b"OSError: (21, \"can't open ".to_vec();
        want.extend_from_slice(&sub);
        want.extend_from_slice(b"\")\n");
        assert_eq!(save_file(&sub, b"x").unwrap_err().into_bytes(), want);
        assert_eq!(
            save_file(b"no-such-dir/x.mpy", b"x").unwrap_err(),
            "OSError: (2, \"can't open no-such-dir/x.mpy\")\n"
        );
        assert_eq!(
            listing(&dir),
            ["dangling.mpy", "link.mpy", "made.mpy", "n.mpy", "sub"]
        );

        // A device is written in place.
        save_file(b"/dev/null", b"x").unwrap();
        assert!(Path::new("/dev/null").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn os_errors() {
        assert_eq!(
            os_error_with_name(2, b"x.py"),
            "OSError: (2, \"can't open x.py\")\n"
        );
        assert_eq!(os_error_with_name(2, b"\xff.py"), "UnicodeError: \n");
    }
}
