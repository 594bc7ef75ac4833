//! `--rich-errors` on every program of the error corpus (`tests/corpus-errors/`):
//!
//! * [`plain_stderr_is_the_reference`]: without the flag, `mpyc`'s stderr and exit status are
//!   the reference mpy-cross's, byte for byte; with it, stderr starts with exactly that text.
//! * [`rich_errors_snapshots`]: what `--rich-errors` adds (source line, caret, hint), one insta
//!   snapshot per program in `snapshots/rich-errors/<program>.snap`; with `CI` set (or
//!   `INSTA_UPDATE=no`) a changed or missing snapshot fails, locally insta writes `.snap.new`
//!   files to review (`cargo insta review`).
//! * [`no_stale_snapshots`]: no snapshot is left over from a deleted program.
//!
//! The same three hold for the native-code error corpus (`tests/corpus-native-errors/`, compiled
//! with `-march=x64`: viper type errors and what the native emitters refuse), its snapshots in
//! `snapshots/rich-errors/native/`.
//!
//! Both compilers run in the corpus folder with the bare file name, as the differential
//! tests do, and write to `/dev/null` (the programs fail, so nothing is written).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mpyc_tests::refs::{self, Tool};
use mpyc_tests::{py_files, repo_root, snapshot_names};

const MPYC: &str = env!("CARGO_BIN_EXE_mpyc");

/// An error corpus: its folder under `tests/`, the compiler flags it needs, its snapshot folder
/// under `snapshots/`.
struct Corpus {
    dir: &'static str,
    flags: &'static [&'static str],
    snapshots: &'static str,
}

const BYTECODE: Corpus = Corpus {
    dir: "corpus-errors",
    flags: &[],
    snapshots: "rich-errors",
};

const NATIVE: Corpus = Corpus {
    dir: "corpus-native-errors",
    flags: &["-march=x64"],
    snapshots: "rich-errors/native",
};

fn corpus() -> PathBuf {
    BYTECODE.path()
}

impl Corpus {
    fn path(&self) -> PathBuf {
        repo_root().join("tests").join(self.dir)
    }

    /// The programs of the corpus (at least a few dozen, or the corpus is misplaced).
    fn programs(&self) -> Vec<String> {
        let files = py_files(&self.path());
        assert!(
            files.len() >= 20,
            "only {} programs in {}",
            files.len(),
            self.path().display()
        );
        files
    }

    fn run(&self, exe: &Path, args: &[&str], file: &str) -> Output {
        let mut all = self.flags.to_vec();
        all.extend_from_slice(args);
        run_in(&self.path(), exe, &all, file)
    }
}

fn run_in(dir: &Path, exe: &Path, args: &[&str], file: &str) -> Output {
    let out = Command::new(exe)
        .args(args)
        .args(["-o", "/dev/null", file])
        .current_dir(dir)
        .output();
    match out {
        Ok(out) => out,
        Err(e) => panic!("cannot run {}: {e}", exe.display()),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn plain_stderr_is_the_reference() {
    plain_stderr_is_the_reference_in(&BYTECODE);
}

#[test]
fn plain_stderr_is_the_reference_native() {
    plain_stderr_is_the_reference_in(&NATIVE);
}

fn plain_stderr_is_the_reference_in(corpus: &Corpus) {
    let Some(reference) = refs::find(Tool::MpyCross, "plain_stderr_is_the_reference") else {
        return;
    };
    let mut failures = Vec::new();
    for file in corpus.programs() {
        let want = corpus.run(&reference, &[], &file);
        let plain = corpus.run(Path::new(MPYC), &[], &file);
        let rich = corpus.run(Path::new(MPYC), &["--rich-errors"], &file);
        if want.status.success() {
            failures.push(format!("{file}: the reference compiles it"));
        }
        if (plain.status.code(), &plain.stderr) != (want.status.code(), &want.stderr) {
            failures.push(format!(
                "{file}: without --rich-errors\n  mpyc:      {:?} {:?}\n  reference: {:?} {:?}",
                plain.status.code(),
                text(&plain.stderr),
                want.status.code(),
                text(&want.stderr)
            ));
        }
        if rich.status.code() != want.status.code() || !rich.stderr.starts_with(&want.stderr) {
            failures.push(format!(
                "{file}: with --rich-errors, stderr does not start with the reference's\n  \
                 mpyc:      {:?}\n  reference: {:?}",
                text(&rich.stderr),
                text(&want.stderr)
            ));
        }
        if !plain.stdout.is_empty() || !rich.stdout.is_empty() {
            failures.push(format!("{file}: output on stdout"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rich_errors_snapshots() {
    rich_errors_snapshots_of(&BYTECODE);
}

#[test]
fn rich_errors_snapshots_native() {
    rich_errors_snapshots_of(&NATIVE);
}

fn rich_errors_snapshots_of(corpus: &Corpus) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(format!("../../snapshots/{}", corpus.snapshots));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for file in corpus.programs() {
            let out = corpus.run(Path::new(MPYC), &["--rich-errors"], &file);
            let stderr = text(&out.stderr);
            // The snapshot holds the whole stderr: the reference's traceback (checked against
            // the reference itself above), then what the flag adds.
            let stem = file.trim_end_matches(".py");
            insta::assert_snapshot!(stem, format!("exit {:?}\n{stderr}", out.status.code()));
        }
    });
}

#[test]
fn no_stale_snapshots() {
    no_stale_snapshots_of(&BYTECODE);
    no_stale_snapshots_of(&NATIVE);
}

fn no_stale_snapshots_of(corpus: &Corpus) {
    let dir = repo_root().join("snapshots").join(corpus.snapshots);
    let live: Vec<String> = corpus
        .programs()
        .iter()
        .map(|f| format!("{}.snap", f.trim_end_matches(".py")))
        .collect();
    let stale: Vec<String> = snapshot_names(&dir)
        .into_iter()
        .filter(|n| !live.contains(n))
        .collect();
    assert!(stale.is_empty(), "stale snapshots: {}", stale.join(", "));
}

/// `--rich-errors` is for one file at a time, as `--dump`: batch mode refuses it.
#[test]
fn batch_refuses_rich_errors() {
    let out = Command::new(MPYC)
        .args([
            "--batch",
            "--rich-errors",
            "-o",
            "/nonexistent-mpyc-out",
            ".",
        ])
        .current_dir(corpus())
        .output();
    let out = out.unwrap_or_else(|e| panic!("cannot run mpyc: {e}"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "--batch takes no -s, no --dump, no --rich-errors and no stdin input\n"
    );
}
