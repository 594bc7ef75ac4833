//! Hostile bytecode run, not just loaded: `mpyc-run` must end every program cleanly (an exit
//! status and, for an error, an exception) even when the `.mpy` bytes were tampered with. The
//! programs of `tests/runtime-corpus/` are compiled by mpyc, 1 to 4 bytes after the header are
//! replaced (seeded, so a failure reproduces), and each result runs as `mpyc-run -m m`; a Rust
//! panic, a crash (a signal) or the panic exit status 101 fails the test. A run that does not
//! end within the limit is allowed: tampered code may loop, as on MicroPython.
//!
//! `MPYC_HOSTILE_RUNS=n` sets the number of runs (default 300, about 5 s); `MPYC_HOSTILE_SEED`
//! the seed. The loader alone is fuzzed far harder by `runtime/vm/tests/fuzz_loader.rs`.

use std::process::Command;
use std::time::Duration;

use mpyc_tests::compile::{mpyc, Outcome};
use mpyc_tests::process;
use mpyc_tests::runtime::find_mpyc_run;
use mpyc_tests::{py_files, repo_root, Rng};

const LIMIT: Duration = Duration::from_secs(1);

fn env_number(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn tampered_bytecode_never_panics() {
    let Some(mpyc_run) = find_mpyc_run("tampered_bytecode_never_panics") else {
        return;
    };
    let dir = repo_root().join("tests").join("runtime-corpus");
    let mut images = Vec::new();
    for rel in py_files(&dir) {
        let source = std::fs::read(dir.join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        if let Outcome::Mpy(mpy) = mpyc(&source, &rel, 0) {
            images.push((rel, mpy));
        }
    }
    assert!(images.len() > 50, "only {} compiled programs", images.len());
    let runs = env_number("MPYC_HOSTILE_RUNS", 300);
    let seed = env_number("MPYC_HOSTILE_SEED", 0x6d70_7963);
    let mut rng = Rng::from_state(seed);
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let (mut failures, mut timeouts) = (Vec::new(), 0);
    for run in 0..runs {
        let (rel, original) = &images[rng.index(images.len())];
        let mut mpy = original.clone();
        let mut changes = Vec::new();
        for _ in 0..1 + rng.index(4) {
            let at = 4 + rng.index(mpy.len() - 4);
            mpy[at] = rng.next_u64() as u8;
            changes.push(format!("[{at}]={:#04x}", mpy[at]));
        }
        std::fs::write(work.path().join("m.mpy"), &mpy).unwrap_or_else(|e| panic!("{e}"));
        let mut cmd = Command::new(&mpyc_run);
        cmd.args(["-m", "m"]).current_dir(work.path());
        let done = process::run(&mut cmd, LIMIT).unwrap_or_else(|e| panic!("mpyc-run: {e}"));
        if done.timed_out {
            timeouts += 1;
            continue;
        }
        let stderr = String::from_utf8_lossy(&done.stderr);
        if done.code.is_none() || done.code == Some(101) || stderr.contains("panicked") {
            let first = stderr
                .lines()
                .find(|l| l.contains("panicked"))
                .unwrap_or("");
            failures.push(format!(
                "run {run}: {rel} with {} -> {} {first}",
                changes.join(" "),
                done.status_text()
            ));
        }
    }
    eprintln!("{runs} tampered programs run, {timeouts} stopped at the time limit");
    assert!(
        failures.is_empty(),
        "{} of {runs} runs did not end cleanly (seed {seed}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
