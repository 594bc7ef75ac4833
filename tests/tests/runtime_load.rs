//! The runtime's loader accepts what the compiler writes: every `.py` of the real-world corpus
//! (`tests/corpus-real/`) and of our compiler corpus (`tests/corpus/`) that compiles, at -O0 and
//! -O3, loads into `mpyc-runtime` (`Vm::load_only`: the header, tables, raw codes and the
//! load-time opcode checks of `runtime/vm/src/verify.rs`) without an error. This is the
//! guard against the loader refusing valid bytecode as it gets stricter on hostile bytes.

use mpyc_runtime::{Port, Vm};
use mpyc_tests::compile::{mpyc, Outcome};
use mpyc_tests::refs::{self, SKIP_REFERENCE};
use mpyc_tests::{py_files, repo_root};

struct Null;

impl Port for Null {
    fn write_out(&mut self, _b: &[u8]) {}
    fn write_err(&mut self, _b: &[u8]) {}
}

/// Compiled files the runtime refuses today, with the reason: each must still be refused (so
/// the list cannot rot).
const KNOWN_REFUSED: &[(&str, &str)] = &[
    (
        "source_bytes_not_utf8.py",
        "str constants whose bytes are not UTF-8 are refused by the runtime's loader \
         (MicroPython keeps them as they are)",
    ),
    (
        "ident_bytes_not_utf8.py",
        "qstrs (names, short str constants) whose bytes are not UTF-8 are refused by the \
         runtime's loader as str constants are (the VM's text operations read whole UTF-8 \
         sequences; MicroPython keeps the bytes)",
    ),
    (
        "lexer_quirks.py",
        "holds a qstr whose bytes are not UTF-8: refused as ident_bytes_not_utf8.py",
    ),
    (
        "str_same_bytes_spellings.py",
        "str constants whose bytes are not UTF-8 (encoded surrogates) are refused by the \
         runtime's loader",
    ),
];

/// Files per VM: each loaded image stays registered, and a VM holds at most
/// `mpyc_runtime::MAX_IMAGES` of them.
const PER_VM: usize = 200;

/// A VM on a leaked heap (the VM wants `'static` regions, as firmware gives it).
fn new_vm() -> Vm<Null> {
    let heap: &'static mut [u8] = Box::leak(vec![0u8; 8 << 20].into_boxed_slice());
    let ps: &'static mut [usize] = Box::leak(vec![0usize; 4096].into_boxed_slice());
    Vm::new(heap, ps, Null).expect("a VM on an 8 MiB heap")
}

/// Load every compiled file of `dir`; the failures as text.
fn load_all(dir: &std::path::Path) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut loaded = 0;
    let mut vm = new_vm();
    let mut in_vm = 0;
    for rel in py_files(dir) {
        let source = std::fs::read(dir.join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        for level in [0, 3] {
            let Outcome::Mpy(mpy) = mpyc(&source, &rel, level) else {
                continue;
            };
            if in_vm == PER_VM {
                vm = new_vm();
                in_vm = 0;
            }
            in_vm += 1;
            let mpy: &'static [u8] = Box::leak(mpy.into_boxed_slice());
            let known = KNOWN_REFUSED.iter().find(|(f, _)| *f == rel);
            match (vm.load_only(mpy), known) {
                (Ok(()), None) => loaded += 1,
                (Err(_), Some(_)) => {}
                (Ok(()), Some((_, why))) => {
                    failures.push(format!("{rel} -O{level}: loads now (listed: {why})"));
                }
                (Err(e), None) => failures.push(format!("{rel} -O{level}: {e}")),
            }
        }
    }
    (loaded, failures)
}

#[test]
fn compiler_corpus_loads() {
    let (loaded, failures) = load_all(&repo_root().join("tests").join("corpus"));
    assert!(loaded > 100, "only {loaded} files loaded");
    assert!(failures.is_empty(), "refused:\n{}", failures.join("\n"));
}

#[test]
fn real_corpus_loads() {
    let dir = repo_root().join("tests").join("corpus-real");
    if !dir.join(".fetch-manifest.tsv").is_file() {
        let what = "the real-world corpus tests/corpus-real/ has not been fetched";
        let fix = "run `bash tests/fetch-real-corpus.sh` (needs ../shared/ beside the repository)";
        refs::missing::<()>(
            what,
            fix,
            &["MPYC_SKIP_REAL_CORPUS", SKIP_REFERENCE],
            "real_corpus_loads",
        );
        return;
    }
    let (loaded, failures) = load_all(&dir);
    assert!(loaded > 1000, "only {loaded} files loaded");
    assert!(failures.is_empty(), "refused:\n{}", failures.join("\n"));
    eprintln!("{loaded} compiled real-world files loaded");
}
