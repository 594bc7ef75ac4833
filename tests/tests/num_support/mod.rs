//! Shared by the `num_*` differential tests of `mpy-num`: run one generated Python program on
//! the reference `micropython` and get its output lines, and a small deterministic generator
//! of test inputs (no seed files, the same cases every run).
// Each test file uses only some of these helpers.
#![allow(dead_code)]

use std::io::Write;
use std::time::Duration;

use mpyc_tests::process;
use mpyc_tests::refs::{self, Tool};

/// Cases per test: `MPYC_NUM_CASES` when set (for long local runs), else `default`.
pub fn case_count(default: usize) -> usize {
    std::env::var("MPYC_NUM_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Run `program` with the reference `micropython` and return its stdout lines, or `None`
/// when the reference is missing and skipping is allowed (see `refs::find`). Panics when the
/// program does not exit 0.
pub fn run_reference(program: &str, test: &str) -> Option<Vec<String>> {
    let mp = refs::find(Tool::MicroPython, test)?;
    let mut file = tempfile::Builder::new()
        .suffix(".py")
        .tempfile()
        .expect("temp file");
    file.write_all(program.as_bytes()).expect("write program");
    file.flush().expect("flush program");
    let mut cmd = std::process::Command::new(&mp);
    // A generated program of thousands of lines needs more than the default heap to compile.
    cmd.args(["-X", "heapsize=128m"]).arg(file.path());
    let done = process::run(&mut cmd, Duration::from_secs(120)).expect("run micropython");
    assert_eq!(
        done.code,
        Some(0),
        "micropython failed ({}): {}\nend of stdout: {}",
        done.status_text(),
        String::from_utf8_lossy(&done.stderr),
        String::from_utf8_lossy(&done.stdout[done.stdout.len().saturating_sub(400)..])
    );
    let text = String::from_utf8(done.stdout).expect("micropython output is UTF-8");
    Some(text.lines().map(str::to_owned).collect())
}

/// Compare `ours` with the reference `theirs` line by line, naming each case by `labels`;
/// panics listing the first differences.
pub fn assert_same_lines(labels: &[String], ours: &[String], theirs: &[String], what: &str) {
    assert_eq!(
        ours.len(),
        theirs.len(),
        "{what}: {} lines from mpy-num, {} from micropython",
        ours.len(),
        theirs.len()
    );
    let bad: Vec<String> = labels
        .iter()
        .zip(ours.iter().zip(theirs))
        .filter(|(_, (a, b))| a != b)
        .map(|(l, (a, b))| format!("  {l}: mpy-num {a:?}, micropython {b:?}"))
        .collect();
    eprintln!("{what}: {} cases, {} differ", ours.len(), bad.len());
    assert!(
        bad.is_empty(),
        "{what}: {} of {} differ:\n{}",
        bad.len(),
        ours.len(),
        bad.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

pub use mpyc_tests::Rng;
