//! Behavioural differential test: every file of `tests/corpus/` is run by the reference
//! MicroPython as source (`micropython -O<n> file.py`) and as mpyc's .mpy
//! (`cd tmp && micropython -m file`), at -O0 and -O3; stdout and the exit status must be the
//! same. This shows what a byte difference does, and catches a .mpy that MicroPython rejects.
//! Each corpus file must itself run cleanly (exit 0) under MicroPython.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use mpyc_tests::compare::{cases, Case, Mismatch, Report};
use mpyc_tests::compile::{self, Outcome};
use mpyc_tests::diff::{side_by_side, Layout};
use mpyc_tests::process::{self, Finished};
use mpyc_tests::refs::{self, Tool};
use mpyc_tests::{apply_filter, par_map, py_files, repo_root};

const LEVELS: &[u8] = &[0, 3];

/// A corpus program runs in well under a second; anything near this is a hang.
const RUN_LIMIT: Duration = Duration::from_secs(30);

fn tail(bytes: &[u8], lines: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn run_case(micropython: &Path, dir: &Path, c: &Case) -> Result<(), Mismatch> {
    let fail = |summary: String, detail: String| {
        Err(Mismatch {
            case: c.name(),
            summary,
            detail,
        })
    };
    let mut cmd = Command::new(micropython);
    cmd.current_dir(dir);
    if c.opt_level > 0 {
        cmd.arg(format!("-O{}", c.opt_level));
    }
    cmd.arg(&c.rel);
    let expected = match process::run(&mut cmd, RUN_LIMIT) {
        Ok(f) => f,
        Err(e) => return fail("cannot run micropython".into(), e.to_string()),
    };
    if expected.code != Some(0) {
        return fail(
            format!(
                "CORPUS BUG: the source itself fails under micropython ({})",
                expected.status_text()
            ),
            tail(&expected.stderr, 10),
        );
    }
    let source = match std::fs::read(dir.join(&c.rel)) {
        Ok(s) => s,
        Err(e) => return fail("cannot read the file".into(), e.to_string()),
    };
    let bytes = match compile::mpyc(&source, &c.rel, c.opt_level) {
        Outcome::Mpy(b) => b,
        other => {
            return fail(
                format!("mpyc did not compile it: {}", other.brief()),
                String::new(),
            )
        }
    };
    let module = c.rel.strip_suffix(".py").unwrap_or(&c.rel);
    let tmp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => return fail("cannot make a temporary directory".into(), e.to_string()),
    };
    if let Err(e) = std::fs::write(tmp.path().join(format!("{module}.mpy")), &bytes) {
        return fail("cannot write the .mpy".into(), e.to_string());
    }
    let mut cmd = Command::new(micropython);
    cmd.current_dir(tmp.path()).arg("-m").arg(module);
    let got: Finished = match process::run(&mut cmd, RUN_LIMIT) {
        Ok(f) => f,
        Err(e) => return fail("cannot run micropython".into(), e.to_string()),
    };
    if got.stdout == expected.stdout && got.code == expected.code {
        return Ok(());
    }
    let mut detail = side_by_side(
        "mpyc .mpy stdout",
        &String::from_utf8_lossy(&got.stdout),
        "source stdout",
        &String::from_utf8_lossy(&expected.stdout),
        Layout::default(),
    )
    .unwrap_or_else(|| "(same stdout)\n".to_string());
    if !got.stderr.is_empty() {
        detail.push_str(&format!(
            "stderr of the .mpy run:\n{}\n",
            tail(&got.stderr, 12)
        ));
    }
    fail(
        format!(
            "behaviour differs: .mpy {}, source {}",
            got.status_text(),
            expected.status_text()
        ),
        detail,
    )
}

#[test]
fn corpus_runs_identically() {
    let Some(micropython) = refs::find(Tool::MicroPython, "corpus_runs_identically") else {
        return;
    };
    let dir = repo_root().join("tests").join("corpus");
    let files = apply_filter(py_files(&dir));
    assert!(
        !files.is_empty() || std::env::var_os("MPYC_TEST_FILTER").is_some(),
        "empty corpus"
    );
    let all = cases(&files, LEVELS);
    let results = par_map(&all, |c| run_case(&micropython, &dir, c));
    let mut report =
        Report::new("feature corpus run by micropython (stdout + exit status, -O0 and -O3)");
    for (c, r) in all.iter().zip(results) {
        let r = r.unwrap_or_else(|p| {
            Err(Mismatch {
                case: c.name(),
                summary: "test harness panicked".into(),
                detail: p,
            })
        });
        report.add(&c.name(), r, false);
    }
    report.finish();
}
