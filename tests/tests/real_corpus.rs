//! Differential test over real-world code: every `.py` of `tests/corpus-real/` (PyPI packages
//! of MicroPython and CircuitPython code, fetched by `tests/fetch-real-corpus.sh`) is compiled by
//! mpyc and the reference at -O0 and -O3. Files the reference compiles must give identical
//! bytes; files it rejects must give the identical error text. `tests/known-differences.txt`
//! may exempt files, each with a reason. Prints `identical/total` even when passing.
//!
//! Missing corpus: a failure in CI; outside CI `MPYC_SKIP_REAL_CORPUS=1` (or
//! `MPYC_SKIP_REFERENCE=1`) skips the test loudly.

use mpyc_tests::compare::{cases, check_compiles, Expect};
use mpyc_tests::compile::Reference;
use mpyc_tests::refs::{self, Tool, SKIP_REFERENCE};
use mpyc_tests::{apply_filter, known, py_files, repo_root};

const LEVELS: &[u8] = &[0, 3];

#[test]
fn real_corpus_compiles_identically() {
    const TEST: &str = "real_corpus_compiles_identically";
    let Some(binary) = refs::find(Tool::MpyCross, TEST) else {
        return;
    };
    let dir = repo_root().join("tests").join("corpus-real");
    if !dir.join(".fetch-manifest.tsv").is_file() {
        let what = "the real-world corpus tests/corpus-real/ has not been fetched";
        let fix = "run `bash tests/fetch-real-corpus.sh` (needs ../shared/ beside the repository)";
        refs::missing::<()>(what, fix, &["MPYC_SKIP_REAL_CORPUS", SKIP_REFERENCE], TEST);
        return;
    }
    let exempt = match known::load(&repo_root().join("tests").join("known-differences.txt")) {
        Ok(k) => k,
        Err(e) => panic!("bad known-differences list: {e}"),
    };
    let files = apply_filter(py_files(&dir));
    assert!(
        !files.is_empty() || std::env::var_os("MPYC_TEST_FILTER").is_some(),
        "empty corpus"
    );
    let title = format!(
        "real corpus tests/corpus-real ({} files, -O0 and -O3)",
        files.len()
    );
    let report = check_compiles(
        &title,
        &dir,
        &cases(&files, LEVELS),
        &Reference { binary },
        Expect::Either,
        &|rel| exempt.contains_key(rel),
    );
    report.finish();
}

#[test]
fn known_differences_list_is_valid() {
    let path = repo_root().join("tests").join("known-differences.txt");
    if let Err(e) = known::load(&path) {
        panic!("{e}");
    }
}
