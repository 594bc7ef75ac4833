//! Byte-for-byte differential tests: every file of `tests/corpus/` (one feature each) must
//! compile to exactly the reference `mpy-cross`'s bytes at -O0 and -O3, and every file of
//! `tests/corpus-errors/` must fail with exactly the reference's error text (and every file of
//! `tests/corpus-compile-only/`, which is not run, compile identically too).
//!
//! On failure each mismatch is shown as a side-by-side diff of the two disassemblies (or of the
//! two error texts). Useful variables: `MPYC_TEST_FILTER=<part of a file name>`,
//! `MPYC_DIFF_LIMIT=<n>`, `MPYC_TEST_THREADS=<n>`; `MPYC_SKIP_REFERENCE=1` skips outside CI.

use std::path::PathBuf;

use mpyc_tests::compare::{cases, check_compiles, Expect};
use mpyc_tests::compile::Reference;
use mpyc_tests::refs::{self, Tool};
use mpyc_tests::{apply_filter, py_files, repo_root};

/// The optimisation levels compared: 0 (asserts, line tables) and 3 (neither).
const LEVELS: &[u8] = &[0, 3];

fn dir(name: &str) -> PathBuf {
    repo_root().join("tests").join(name)
}

/// The files of a corpus directory, guarding against an empty or misplaced corpus.
fn files_of(name: &str, at_least: usize) -> Vec<String> {
    let all = py_files(&dir(name));
    assert!(
        all.len() >= at_least,
        "tests/{name} has {} .py files, expected {at_least}+",
        all.len()
    );
    apply_filter(all)
}

#[test]
fn corpus_compiles_identically() {
    let Some(binary) = refs::find(Tool::MpyCross, "corpus_compiles_identically") else {
        return;
    };
    let files = files_of("corpus", 40);
    let report = check_compiles(
        "feature corpus tests/corpus (.mpy bytes, -O0 and -O3)",
        &dir("corpus"),
        &cases(&files, LEVELS),
        &Reference { binary },
        Expect::Success,
        &|_| false,
    );
    report.finish();
}

#[test]
fn errors_match_reference() {
    let Some(binary) = refs::find(Tool::MpyCross, "errors_match_reference") else {
        return;
    };
    let files = files_of("corpus-errors", 25);
    let report = check_compiles(
        "error corpus tests/corpus-errors (error text, -O0 and -O3)",
        &dir("corpus-errors"),
        &cases(&files, LEVELS),
        &Reference { binary },
        Expect::Failure,
        &|_| false,
    );
    report.finish();
}

/// `tests/corpus-compile-only/`: byte identity for programs the run test cannot take (t-strings,
/// which the reference `micropython` 1.28 does not have; f-string spellings that raise when run).
#[test]
fn compile_only_corpus_compiles_identically() {
    let Some(binary) = refs::find(Tool::MpyCross, "compile_only_corpus_compiles_identically")
    else {
        return;
    };
    let files = files_of("corpus-compile-only", 6);
    let report = check_compiles(
        "compile-only corpus tests/corpus-compile-only (.mpy bytes, -O0 and -O3)",
        &dir("corpus-compile-only"),
        &cases(&files, LEVELS),
        &Reference { binary },
        Expect::Success,
        &|_| false,
    );
    report.finish();
}

/// Corpus files are run as modules (`micropython -m name`), so their names must be identifiers,
/// and they must not collide with modules MicroPython has built in.
#[test]
fn corpus_file_names_are_module_names() {
    let builtin = [
        "sys",
        "math",
        "micropython",
        "collections",
        "asyncio",
        "os",
        "time",
        "io",
        "json",
    ];
    for f in py_files(&dir("corpus")) {
        let stem = f.strip_suffix(".py").unwrap_or(&f);
        let ok = stem
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        assert!(ok, "tests/corpus/{f}: the name must be a Python identifier");
        assert!(
            !builtin.contains(&stem),
            "tests/corpus/{f}: shadows a built-in module"
        );
    }
}
