//! `mpyc --dump` end to end (see `mpyc::dump`): a source file is compiled with the options given
//! and dumped, a .mpy file is dumped as it is, nothing is written, and failures exit with 1.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use mpyc::dump::{dump_source, dump_text};
use mpyc::Options;

const MPYC: &str = env!("CARGO_BIN_EXE_mpyc");

/// A fresh, empty directory for one test.
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mpyc-dump-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

fn write(path: &Path, data: &[u8]) {
    std::fs::write(path, data).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Run `mpyc` in `dir` with `args`, optionally feeding `stdin`.
fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(MPYC)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run mpyc: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.unwrap_or_default());
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("mpyc: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SOURCE: &[u8] = b"from micropython import const\n_N = const(3)\n\ndef f(a):\n    assert a\n    return a * _N\n\nprint(f(2))\n";

#[test]
fn dumps_source_with_options() {
    let dir = scratch("source");
    write(&dir.join("m.py"), SOURCE);
    for (args, level, lines) in [
        (&["--dump", "m.py"][..], 0, true),
        (&["-O2", "--dump", "m.py"][..], 2, true),
        (&["--dump", "-O3", "m.py"][..], 3, true),
        (&["--dump", "-X", "no-source-lines", "m.py"][..], 0, false),
    ] {
        let out = run(&dir, args, None);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{args:?}: {}", text(&out.stderr));
        let opts = Options {
            source_name: "m.py".into(),
            opt_level: level,
            source_lines: lines,
            ..Options::default()
        };
        let want = dump_source(SOURCE, "m.py", &opts).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(text(&out.stdout), want, "{args:?}");
    }
    // `-s` and `-msmall-int-bits` reach the compile too; `-o` is ignored.
    let out = run(
        &dir,
        &[
            "--dump",
            "-s",
            "other.py",
            "-msmall-int-bits=8",
            "-o",
            "x.mpy",
            "m.py",
        ],
        None,
    );
    let dump = text(&out.stdout);
    assert!(
        dump.contains("small_int_bits=8") && dump.contains("'other.py'"),
        "{dump}"
    );
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["m.py"], "--dump must not write a .mpy");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dumps_mpy_files_as_they_are() {
    let dir = scratch("mpy");
    let opts = Options {
        source_name: "m.py".into(),
        ..Options::default()
    };
    let mpy = mpyc::compile(SOURCE, "m.py", &opts).unwrap_or_else(|e| panic!("{e}"));
    write(&dir.join("m.mpy"), &mpy);
    // Compile options do not apply to a .mpy input.
    let out = run(&dir, &["--dump", "-O3", "m.mpy"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), dump_text(&mpy));
    // A .mpy on stdin is recognised by its first bytes.
    let out = run(&dir, &["--dump", "-"], Some(&mpy));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), dump_text(&mpy));
    // Source on stdin is compiled as `<stdin>`.
    let out = run(&dir, &["--dump", "-"], Some(SOURCE));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("'<stdin>'"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn failures_exit_with_1() {
    let dir = scratch("fail");
    let opts = Options {
        source_name: "m.py".into(),
        ..Options::default()
    };
    let mpy = mpyc::compile(SOURCE, "m.py", &opts).unwrap_or_else(|e| panic!("{e}"));
    // A truncated .mpy: dumped as far as it goes, then an error on stderr.
    let cut = mpy.get(..mpy.len() - 3).unwrap_or_default();
    write(&dir.join("cut.mpy"), cut);
    let out = run(&dir, &["--dump", "cut.mpy"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("mpy version=6 "),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).starts_with("ValueError: invalid .mpy file: "),
        "{}",
        text(&out.stderr)
    );
    // A compile error: reported exactly as without --dump, nothing on stdout.
    write(&dir.join("bad.py"), b"X = const(1)\nX = 2\n");
    let plain = run(&dir, &["-o", "-", "bad.py"], None);
    let out = run(&dir, &["--dump", "bad.py"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(text(&out.stderr), text(&plain.stderr));
    assert!(text(&out.stderr).contains("can't assign to expression"));
    // A missing file, as usual.
    let out = run(&dir, &["--dump", "nope.mpy"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("OSError: (2, "),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
