//! `@micropython.asm_thumb` against the reference, byte for byte: every file of
//! `tests/corpus-asm-thumb/` (one feature each) compiled for armv6m, armv7m, armv7em, armv7emsp
//! and armv7emdp at -O0 and -O3 must give the reference's .mpy bytes, or exactly its error text
//! where the reference rejects the file for that arch (Thumb-2 and VFP instructions on smaller
//! archs). Files named `err_*.py` must be rejected on every arch.
//!
//! `MPYC_TEST_FILTER=<part of a file name>` narrows the run; `MPYC_SKIP_REFERENCE=1` skips
//! outside CI.

use mpyc_tests::compare::{compare, Expect, Report};
use mpyc_tests::compile::{Outcome, Reference};
use mpyc_tests::refs::{self, Tool};
use mpyc_tests::{apply_filter, panic_text, par_map, py_files, repo_root};

const ARCHS: [&str; 5] = ["armv6m", "armv7m", "armv7em", "armv7emsp", "armv7emdp"];
const LEVELS: [u8; 2] = [0, 3];

fn mpyc_for(source: &[u8], rel: &str, opt_level: u8, arch: &str) -> Outcome {
    let opts = mpyc::Options {
        source_name: rel.to_string(),
        opt_level,
        arch: mpy_format::arch::from_name(arch),
        ..Default::default()
    };
    match std::panic::catch_unwind(|| mpyc::compile(source, rel, &opts)) {
        Ok(Ok(bytes)) => Outcome::Mpy(bytes),
        Ok(Err(e)) => Outcome::Error(e.to_string()),
        Err(p) => Outcome::Broken(format!("mpyc panicked: {}", panic_text(&*p))),
    }
}

#[test]
fn asm_thumb_corpus_compiles_identically() {
    let Some(binary) = refs::find(Tool::MpyCross, "asm_thumb_corpus_compiles_identically") else {
        return;
    };
    let reference = Reference { binary };
    let dir = repo_root().join("tests").join("corpus-asm-thumb");
    let all = py_files(&dir);
    assert!(
        all.len() >= 30,
        "tests/corpus-asm-thumb has {} files",
        all.len()
    );
    let files = apply_filter(all);
    let cases: Vec<(String, &str, u8)> = files
        .iter()
        .flat_map(|f| {
            ARCHS
                .iter()
                .flat_map(move |&a| LEVELS.iter().map(move |&l| (f.clone(), a, l)))
        })
        .collect();
    let results = par_map(&cases, |(rel, arch, level)| {
        let name = format!("{rel} -march={arch} -O{level}");
        let source = std::fs::read(dir.join(rel)).unwrap_or_default();
        let mine = mpyc_for(&source, rel, *level, arch);
        let march = format!("-march={arch}");
        let theirs = reference.compile_with_args(&dir, rel, *level, &[&march]);
        let expect = if rel.starts_with("err_") {
            Expect::Failure
        } else {
            Expect::Either
        };
        let compiled = matches!(theirs, Outcome::Mpy(_));
        compare(&name, &mine, &theirs, expect).map(|()| compiled)
    });
    let mut report =
        Report::new("inline assembler corpus tests/corpus-asm-thumb (5 archs, -O0/-O3)");
    let mut compiled = 0;
    for ((rel, arch, level), r) in cases.iter().zip(results) {
        let name = format!("{rel} -march={arch} -O{level}");
        let r = r.unwrap_or_else(|p| {
            Err(mpyc_tests::compare::Mismatch {
                case: name.clone(),
                summary: "test harness panicked".into(),
                detail: p,
            })
        });
        if matches!(r, Ok(true)) {
            compiled += 1;
        }
        report.add(&name, r.map(drop), false);
    }
    // A corpus where (almost) nothing compiles tests only error paths: guard against that.
    let feature_cases = cases
        .iter()
        .filter(|(rel, _, _)| !rel.starts_with("err_"))
        .count();
    assert!(
        compiled * 2 >= feature_cases,
        "only {compiled} of {feature_cases} feature cases compiled with the reference"
    );
    report.finish();
}
