//! The runtime's `circuitpython` feature (issue 14, item 4) against CircuitPython's own unix
//! build, through its runs recorded in `tests/reference-circuitpython/runtime/` (CI builds no
//! CircuitPython; `tests/gen-circuitpython-runtime-refs.sh` regenerates them):
//!
//! * every `tests/runtime-corpus-circuitpython/*.py`, compiled by `mpyc --flavour=circuitpython`
//!   and run as `mpyc-run -m name` by the `circuitpython` build of mpyc-run, prints the recorded
//!   stdout and stderr and ends with the recorded status (coroutines, `__await__`, `async with`
//!   and `async for`, CircuitPython's traceback lines);
//! * that build refuses MicroPython's `.mpy` files with CircuitPython's message (recorded as
//!   `micropython_mpy_refused`), and the default build refuses CircuitPython's files as the
//!   reference MicroPython does (run side by side).
//!
//! The `circuitpython` build is a second build of mpyc-run, in its own target directory:
//! `cargo build --profile ci -p mpyc-run --features circuitpython --target-dir
//! target/circuitpython` (CI's test script does it before the tests), found next to the running
//! test's profile as `target/circuitpython/<host>/<profile>/mpyc-run`, or named by
//! `MPYC_RUN_CIRCUITPYTHON`. Missing: the test fails (in CI always).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use mpyc::Flavour;
use mpyc_tests::compile::{mpyc_flavoured, Outcome};
use mpyc_tests::diff::{side_by_side, Layout};
use mpyc_tests::process::{self, Finished};
use mpyc_tests::refs::{self, Tool};
use mpyc_tests::runtime::{find_circuitpython_run, find_mpyc_run};
use mpyc_tests::{py_files, repo_root};

const LIMIT: Duration = Duration::from_secs(20);
const REGENERATE: &str = "regenerate with MPYC_REF_CIRCUITPYTHON_MICROPYTHON=<unix micropython> \
     MPYC_REF_CIRCUITPYTHON_MPY_CROSS=<mpy-cross> bash tests/gen-circuitpython-runtime-refs.sh";

fn corpus() -> PathBuf {
    repo_root()
        .join("tests")
        .join("runtime-corpus-circuitpython")
}

fn recorded_dir() -> PathBuf {
    repo_root()
        .join("tests")
        .join("reference-circuitpython")
        .join("runtime")
}

/// `exe -m module` in `dir`.
fn run_module(exe: &Path, dir: &Path, module: &str) -> Finished {
    let mut cmd = Command::new(exe);
    cmd.args(["-m", module]).current_dir(dir);
    process::run(&mut cmd, LIMIT).unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()))
}

/// The recorded run `name`: (stdout, stderr, status).
fn recorded(name: &str) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let dir = recorded_dir();
    let read = |ext: &str| {
        std::fs::read(dir.join(format!("{name}.{ext}")))
            .unwrap_or_else(|e| panic!("no recorded {name}.{ext} ({e}): {REGENERATE}"))
    };
    let status = String::from_utf8_lossy(&read("status")).trim().parse().ok();
    (read("stdout"), read("stderr"), status)
}

/// Differences between `got` and the recorded run `name`, as text (empty when none).
fn compare(name: &str, got: &Finished) -> String {
    let (stdout, stderr, status) = recorded(name);
    let mut out = String::new();
    if got.code != status {
        out.push_str(&format!(
            "{name}: status {} (CircuitPython: {status:?})\n",
            got.status_text()
        ));
    }
    for (what, want, have) in [
        ("stdout", &stdout, &got.stdout),
        ("stderr", &stderr, &got.stderr),
    ] {
        if want != have {
            let diff = side_by_side(
                "CircuitPython",
                &String::from_utf8_lossy(want),
                "mpyc-run",
                &String::from_utf8_lossy(have),
                Layout::default(),
            )
            .unwrap_or_else(|| "(the same text, other bytes)".to_string());
            out.push_str(&format!("{name}: {what} differs:\n{diff}\n"));
        }
    }
    out
}

#[test]
fn programs_behave_as_on_circuitpython() {
    let Some(exe) = find_circuitpython_run("programs_behave_as_on_circuitpython") else {
        return;
    };
    let files = py_files(&corpus());
    assert!(
        files.len() >= 5,
        "only {} programs in the corpus",
        files.len()
    );
    let mut failures = String::new();
    for file in &files {
        let name = file.trim_end_matches(".py");
        let source = std::fs::read(corpus().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let Outcome::Mpy(mpy) = mpyc_flavoured(&source, file, 0, Flavour::CircuitPython) else {
            failures.push_str(&format!("{file}: does not compile\n"));
            continue;
        };
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        std::fs::write(dir.path().join(format!("{name}.mpy")), &mpy)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        failures.push_str(&compare(name, &run_module(&exe, dir.path(), name)));
    }
    assert!(failures.is_empty(), "{failures}");
    eprintln!("{} programs as on CircuitPython", files.len());
}

/// hello.py as MicroPython's .mpy, and as CircuitPython's.
fn hello(flavour: Flavour) -> Vec<u8> {
    let source = std::fs::read(corpus().join("hello.py")).unwrap_or_else(|e| panic!("{e}"));
    match mpyc_flavoured(&source, "hello.py", 0, flavour) {
        Outcome::Mpy(b) => b,
        other => panic!("hello.py: {}", other.brief()),
    }
}

#[test]
fn each_flavour_refuses_the_other() {
    let Some(cp_run) = find_circuitpython_run("each_flavour_refuses_the_other") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    // CircuitPython's runtime given MicroPython's file.
    let module = "micropython_mpy_refused";
    std::fs::write(
        dir.path().join(format!("{module}.mpy")),
        hello(Flavour::MicroPython),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let failures = compare(module, &run_module(&cp_run, dir.path(), module));
    assert!(failures.is_empty(), "{failures}");

    // MicroPython's runtime (the default build, and the reference) given CircuitPython's file.
    let Some(mp_run) = find_mpyc_run("each_flavour_refuses_the_other") else {
        return;
    };
    let Some(reference) = refs::find(Tool::MicroPython, "each_flavour_refuses_the_other") else {
        return;
    };
    let module = "circuitpython_mpy";
    std::fs::write(
        dir.path().join(format!("{module}.mpy")),
        hello(Flavour::CircuitPython),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let want = run_module(&reference, dir.path(), module);
    let got = run_module(&mp_run, dir.path(), module);
    assert_eq!(
        want.code,
        Some(1),
        "the reference loads a CircuitPython file"
    );
    assert_eq!(
        (got.code, &got.stdout, String::from_utf8_lossy(&got.stderr)),
        (
            want.code,
            &want.stdout,
            String::from_utf8_lossy(&want.stderr)
        )
    );
}

/// Every recorded run belongs to a program (or to the refused-file case).
#[test]
fn no_stale_recordings() {
    let live: Vec<String> = py_files(&corpus())
        .iter()
        .map(|f| f.trim_end_matches(".py").to_string())
        .chain(["micropython_mpy_refused".to_string()])
        .collect();
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(recorded_dir())
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        if !live.iter().any(|l| l == stem) {
            stale.push(name);
        }
    }
    assert!(stale.is_empty(), "stale recordings: {stale:?}");
}
