//! Tests of the test harness itself: a fake "mpyc" that returns the reference's own output,
//! except for deliberate changes, must pass where unchanged and be caught, with a readable
//! diff, where changed. Run with `-- --nocapture` to see what a mismatch report looks like.

use std::path::PathBuf;

use mpyc_tests::compare::{cases, check_compiles_with, compare, Expect};
use mpyc_tests::compile::{Outcome, Reference};
use mpyc_tests::refs::{self, Tool};
use mpyc_tests::repo_root;

fn corpus() -> PathBuf {
    repo_root().join("tests").join("corpus")
}

fn errors() -> PathBuf {
    repo_root().join("tests").join("corpus-errors")
}

/// Change the byte just before the end: the last raw code's bytecode or child data.
fn corrupt(mut bytes: Vec<u8>) -> Vec<u8> {
    let n = bytes.len();
    if let Some(b) = bytes.get_mut(n.saturating_sub(2)) {
        *b ^= 0x01;
    }
    bytes
}

#[test]
fn identical_outputs_pass_and_changed_bytes_are_shown() {
    let Some(binary) = refs::find(Tool::MpyCross, "harness self-test") else {
        return;
    };
    let reference = Reference { binary };
    let files: Vec<String> = ["lit_str.py", "def_params.py", "many_consts.py"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let dir = corpus();
    // The fake compiler: the reference's own bytes, with one file altered at -O3 only.
    let fake = |_: &[u8], rel: &str, level: u8| match reference.compile(&dir, rel, level) {
        Outcome::Mpy(b) if rel == "def_params.py" && level == 3 => Outcome::Mpy(corrupt(b)),
        other => other,
    };
    let report = check_compiles_with(
        "self-test",
        &dir,
        &cases(&files, &[0, 3]),
        &reference,
        Expect::Success,
        &|_| false,
        &fake,
    );
    assert_eq!((report.total, report.identical), (6, 5));
    let [m] = report.mismatches.as_slice() else {
        panic!("expected one mismatch: {report:?}")
    };
    println!("==== {}: {}\n{}", m.case, m.summary, m.detail);
    assert_eq!(m.case, "def_params.py -O3");
    assert_eq!(m.summary, "different .mpy bytes");
    assert!(
        m.detail.contains("first difference at byte"),
        "{}",
        m.detail
    );
    assert!(
        m.detail.contains("@@ mpyc"),
        "no hunk header:\n{}",
        m.detail
    );
    assert!(
        m.detail.lines().any(|l| l.starts_with('!')),
        "no changed line:\n{}",
        m.detail
    );
}

#[test]
fn exempt_files_do_not_fail_but_are_counted() {
    let Some(binary) = refs::find(Tool::MpyCross, "harness self-test") else {
        return;
    };
    let reference = Reference { binary };
    let dir = corpus();
    let fake = |_: &[u8], _: &str, _: u8| Outcome::Mpy(vec![0x4d, 6, 0, 31]);
    let files = vec!["assign.py".to_string(), "names.py".to_string()];
    let report = check_compiles_with(
        "self-test",
        &dir,
        &cases(&files, &[0]),
        &reference,
        Expect::Success,
        &|rel| rel == "assign.py",
        &fake,
    );
    assert_eq!(report.exempt.len(), 1);
    assert_eq!(report.mismatches.len(), 1);
    assert_eq!(
        report.mismatches.first().map(|m| m.case.as_str()),
        Some("names.py -O0")
    );
}

#[test]
fn error_texts_are_compared_exactly() {
    let Some(binary) = refs::find(Tool::MpyCross, "harness self-test") else {
        return;
    };
    let reference = Reference { binary };
    let theirs = reference.compile(&errors(), "return_outside.py", 0);
    let Outcome::Error(text) = &theirs else {
        panic!("reference accepted return_outside.py: {theirs:?}")
    };
    assert!(
        text.ends_with("SyntaxError: 'return' outside function\n"),
        "{text}"
    );
    assert!(compare("x", &theirs, &theirs, Expect::Failure).is_ok());
    let wrong_line = Outcome::Error(text.replace("line 2", "line 1"));
    let m = compare("x", &wrong_line, &theirs, Expect::Failure).err();
    let detail = m.map(|m| m.detail).unwrap_or_default();
    println!("{detail}");
    assert!(
        detail.contains("line 1") && detail.contains("line 2"),
        "{detail}"
    );
    // mpyc accepting a file the reference rejects is a mismatch too.
    assert!(compare("x", &Outcome::Mpy(vec![1]), &theirs, Expect::Either).is_err());
}

#[test]
fn corpus_bugs_are_reported_as_such() {
    let Some(binary) = refs::find(Tool::MpyCross, "harness self-test") else {
        return;
    };
    let reference = Reference { binary };
    let rejected = reference.compile(&errors(), "match_stmt.py", 0);
    let m = compare("x", &rejected, &rejected, Expect::Success).err();
    assert!(m.is_some_and(|m| m.summary.starts_with("CORPUS BUG")));
    let accepted = reference.compile(&corpus(), "assign.py", 0);
    let m = compare("x", &accepted, &accepted, Expect::Failure).err();
    assert!(m.is_some_and(|m| m.summary.starts_with("CORPUS BUG")));
}

#[test]
fn mpyc_panics_are_caught_per_file() {
    let results = mpyc_tests::par_map(&[1, 2, 3], |&i| {
        if i == 2 {
            panic!("boom {i}");
        }
        i * 10
    });
    assert_eq!(results, vec![Ok(10), Err("boom 2".to_string()), Ok(30)]);
}
