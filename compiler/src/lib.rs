//! `mpyc`: a drop-in replacement for MicroPython's `mpy-cross` 1.29. Python source in, .mpy v6.3
//! out, byte-identical to the reference by default.
//!
//! Pipeline ([`pipeline`]): [`parse`] (ruff parser + line index) -> [`lower`] with [`fold`]
//! (MicroPython's parser-level folding and `const()`) -> [`scope`] -> [`compile`] (one code
//! generator over [`emit::Emitter`]) -> [`mpy_write`].

pub mod batch;
#[doc(hidden)]
pub mod bench_api;
pub mod diagnostic;
pub mod dump;
pub mod error;
pub mod freeze;
#[doc(hidden)]
pub mod guard;

mod ast;
mod compile;
mod emit;
mod fold;
mod lexer127;
mod lower;
mod mpy_write;
mod native_dump;
mod numtext;
pub mod outline;
mod parse;
mod pipeline;
mod scope;
mod thumb_dump;
mod whitespace;

pub use error::CompileError;
/// Whose .mpy to write: MicroPython's (the default) or CircuitPython's (`--flavour`).
pub use mpy_format::mpy::Flavour;
/// The native architectures (`-march=`) and which emitter compiles a scope (`-X emit=`, the
/// `@micropython.*` decorators): facts of the .mpy format, shared with the native targets.
pub use mpy_format::{arch::Arch, mpy::EmitKind};

/// Everything the command line can set that changes the output bytes.
#[derive(Clone, Debug)]
pub struct Options {
    /// Name embedded as qstr 0 (`-s`, else the input path with `\` turned into `/`).
    pub source_name: String,
    /// `-O` level: 0 keeps asserts and `__debug__`; 3 and above also drop line tables.
    pub opt_level: u8,
    /// `-X source-lines` (default true) / `-X no-source-lines`.
    pub source_lines: bool,
    /// `-msmall-int-bits=N` (default 31): inline-int range and header byte 3.
    pub small_int_bits: u8,
    /// `-march=`, `None` when not given.
    pub arch: Option<Arch>,
    /// `-X emit=`: the emitter of scopes without a `@micropython.*` decorator.
    pub emit: EmitKind,
    /// `--flavour=circuitpython` / `MPYC_FLAVOUR`: write what CircuitPython's mpy-cross writes
    /// (see [`Flavour`] and `compile` for what differs).
    pub flavour: Flavour,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            source_name: String::new(),
            opt_level: 0,
            source_lines: true,
            small_int_bits: 31,
            arch: None,
            emit: EmitKind::Bytecode,
            flavour: Flavour::MicroPython,
        }
    }
}

/// Largest input (source or .mpy) read, in bytes: an endless input (`/dev/zero`, a pipe that
/// never closes) must end in a clean error, not in the machine running out of memory. The
/// reference streams its input through a 2 MiB heap, and real sources are well under 1 MiB.
pub const MAX_INPUT_LEN: u64 = 64 << 20;

/// Read all of `reader`, at most [`MAX_INPUT_LEN`] bytes; `size_hint` is the expected length
/// (a file's size, or 0 when unknown). `Err(None)`: the input is longer; `Err(Some(e))`:
/// reading failed.
pub fn read_input(
    reader: impl std::io::Read,
    size_hint: u64,
) -> Result<Vec<u8>, Option<std::io::Error>> {
    // With the room reserved, a file is read in one system call and its end seen by a second
    // (from nothing, `read_to_end` grows its buffer a step at a time: ~9 reads a file).
    let hint = usize::try_from(size_hint.min(MAX_INPUT_LEN)).unwrap_or(0);
    let mut data = Vec::with_capacity(hint);
    std::io::Read::read_to_end(&mut reader.take(MAX_INPUT_LEN + 1), &mut data).map_err(Some)?;
    if data.len() as u64 > MAX_INPUT_LEN {
        return Err(None);
    }
    Ok(data)
}

/// The error for an input longer than [`MAX_INPUT_LEN`].
pub fn input_too_long() -> String {
    format!("MemoryError: memory allocation failed, input longer than {MAX_INPUT_LEN} bytes\n")
}

/// A name given as bytes (a file name need not be UTF-8) as the text [`Options`] holds: bytes
/// that are not UTF-8 become stand-in characters, which the .mpy writer and [`text_bytes`]
/// turn back into those bytes (as the reference embeds and prints them).
pub fn name_from_bytes(name: &[u8]) -> String {
    lower::strlit::decode_bytes(name).into_owned()
}

/// Text from the compiler (an error report naming a file) as the bytes to print: stand-ins
/// back to the bytes they stand for.
pub fn text_bytes(text: &str) -> std::borrow::Cow<'_, [u8]> {
    lower::strlit::mp_bytes(text)
}

/// Compile one source file into the bytes of a .mpy file.
///
/// `input_path` is the path as the user gave it (with `\` turned into `/`): parser errors show it,
/// and it is interned before parsing (it changes which long strings are qstrs). Compiler errors
/// show `opts.source_name`.
pub fn compile(source: &[u8], input_path: &str, opts: &Options) -> Result<Vec<u8>, CompileError> {
    // Most sources cannot nest deep enough to need more than the main thread's stack, and a
    // thread costs more than compiling a typical file (about 0.15 ms of CPU and 0.5 ms of wall
    // time in a fresh `mpyc` process): see `fits_main_stack`.
    if fits_main_stack(source) {
        return compile_here(source, input_path, opts);
    }
    // The parser, lowering and code generator recurse over the syntax tree; a deeply nested
    // expression must not overflow the stack, so compile on a thread with a large stack
    // (address space only: pages are committed as they are used). Under `ulimit -v` the
    // biggest stack may not be available: take the biggest that is. (A stack too small for the
    // input ends as a clean `RuntimeError` through `guard` in the `mpyc` binary.)
    on_big_stack(|| {
        guard::thread_init();
        compile_here(source, input_path, opts)
    })
}

/// [`compile`] of source bytes it may take: a big input is held once (as the parser's text)
/// rather than twice. The same output and errors.
pub fn compile_owned(
    source: Vec<u8>,
    input_path: &str,
    opts: &Options,
) -> Result<Vec<u8>, CompileError> {
    if fits_main_stack(&source) {
        return compile_here(&source, input_path, opts);
    }
    // The thread that gets to run takes the bytes.
    let slot = std::sync::Mutex::new(Some(source));
    on_big_stack(|| {
        guard::thread_init();
        let source = slot
            .lock()
            .ok()
            .and_then(|mut s| s.take())
            .unwrap_or_default();
        with_input_path(pipeline::run_owned(source, input_path, opts), input_path)
    })
}

/// [`compile`] of a source [`outline::read`] read in chunks: the same output and errors as of
/// the whole source. `None` if the source has a syntax error: compile it whole for the
/// reference's error (which error the parser meets first depends on the text around it).
pub fn compile_outlined(
    chunks: Vec<outline::Chunk>,
    input_path: &str,
    opts: &Options,
) -> Option<Result<Vec<u8>, CompileError>> {
    let slot = std::sync::Mutex::new(Some(chunks));
    let syntax_error = std::sync::atomic::AtomicBool::new(false);
    let result = on_big_stack(|| {
        guard::thread_init();
        let chunks = slot
            .lock()
            .ok()
            .and_then(|mut s| s.take())
            .unwrap_or_default();
        match pipeline::run_outlined(chunks, input_path, opts) {
            Some(r) => with_input_path(r, input_path),
            None => {
                syntax_error.store(true, std::sync::atomic::Ordering::Relaxed);
                Ok(Vec::new())
            }
        }
    });
    (!syntax_error.load(std::sync::atomic::Ordering::Relaxed)).then_some(result)
}

/// `run` on a thread with a [`STACK_SIZE`] stack (or the biggest that can be had).
fn on_big_stack(
    run: impl Fn() -> Result<Vec<u8>, CompileError> + Sync,
) -> Result<Vec<u8>, CompileError> {
    let run = &run;
    std::thread::scope(|scope| {
        let mut size = STACK_SIZE;
        loop {
            match std::thread::Builder::new()
                .stack_size(size)
                .spawn_scoped(scope, run)
            {
                // A panic is a compiler bug: let it surface unchanged.
                Ok(handle) => {
                    return handle
                        .join()
                        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
                }
                Err(_) if size > MIN_STACK_SIZE => size /= 4,
                Err(_) => return Err(CompileError::new("MemoryError", "memory allocation failed")),
            }
        }
    })
}

/// Smallest stack [`compile`] tries for its thread before giving up with `MemoryError`.
const MIN_STACK_SIZE: usize = 4 << 20;

/// [`compile`] on the current thread, which must have a [`STACK_SIZE`] stack (batch mode's
/// workers do, and save a thread per file).
pub(crate) fn compile_here(
    source: &[u8],
    input_path: &str,
    opts: &Options,
) -> Result<Vec<u8>, CompileError> {
    with_input_path(pipeline::run(source, input_path, opts), input_path)
}

/// Parser errors name the real input path (and no scope).
fn with_input_path(
    result: Result<Vec<u8>, CompileError>,
    input_path: &str,
) -> Result<Vec<u8>, CompileError> {
    result.map_err(|mut e| {
        if e.file.is_none() && e.line.is_some() {
            e.file = Some(input_path.to_string());
        }
        e
    })
}

/// Most tokens a source compiled on the main thread may have, with the usual 8 MiB main stack
/// (`ulimit -s`; scaled to the actual limit). Every level of recursion in the parser, lowering
/// and code generator consumes at least one token; the costliest constructs measured (chains
/// of unary `-` or `not`, release builds with and without LTO) take up to 2.2 KiB of stack per
/// token, so 1,500 tokens stay under 3.3 MiB of 8 MiB. That covers three files in four of the
/// real-world corpus.
const MAIN_STACK_TOKENS: usize = 1500;

/// True if `source` may be compiled on the current thread: it is the main thread of a release
/// build (debug frames are far bigger) and `source` has at most [`MAIN_STACK_TOKENS`] tokens,
/// counted from above without lexing: every run of word bytes and every other non-blank byte
/// (string and comment contents count too, which only overestimates).
fn fits_main_stack(source: &[u8]) -> bool {
    if cfg!(debug_assertions) || !on_main_thread() {
        return false;
    }
    let limit = guard::main_stack_limit();
    let max_tokens = if limit >= 8 << 20 {
        MAIN_STACK_TOKENS
    } else {
        MAIN_STACK_TOKENS * (limit >> 10) / (8 << 10)
    };
    let mut tokens = 0;
    let mut in_word = false;
    for &b in source {
        let word = b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        if (word && !in_word) || !(word || b.is_ascii_whitespace()) {
            tokens += 1;
            if tokens > max_tokens {
                return false;
            }
        }
        in_word = word;
    }
    true
}

/// The thread [`mark_main_thread`] marked.
static MAIN_THREAD: std::sync::OnceLock<std::thread::ThreadId> = std::sync::OnceLock::new();

/// Declare the calling thread the process's main thread, the one with the main stack
/// (`ulimit -s`), for a `#![no_main]` binary such as `mpyc`'s: std only knows (and names
/// "main") the main thread of a program whose `main` it runs.
#[doc(hidden)]
pub fn mark_main_thread() {
    let _ = MAIN_THREAD.set(std::thread::current().id());
}

pub(crate) fn on_main_thread() -> bool {
    let current = std::thread::current();
    current.name() == Some("main") || MAIN_THREAD.get() == Some(&current.id())
}

/// Stack for the compiling thread.
pub(crate) const STACK_SIZE: usize = 1 << 30;
