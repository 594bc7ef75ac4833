//! The command line of the CircuitPython flavour, against CircuitPython's mpy-cross as recorded
//! in `tests/reference-circuitpython/` (by `tests/gen-circuitpython-refs.sh`): `--version` and
//! the usage text, chosen by `--flavour=circuitpython` or by `MPYC_FLAVOUR=circuitpython` (for
//! tools that run a plain `mpy-cross` command line), compiling and dumping through the binary;
//! and the MicroPython flavour staying the default.
#![cfg(unix)]

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MPYC: &str = env!("CARGO_BIN_EXE_mpyc");

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/reference-circuitpython")
        .join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Run mpyc as `mpy-cross ARGS` in `cwd`, with `MPYC_FLAVOUR` set to `env` (or unset).
fn run(cwd: &Path, env: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(MPYC);
    cmd.arg0("mpy-cross").args(args).current_dir(cwd);
    match env {
        Some(v) => cmd.env("MPYC_FLAVOUR", v),
        None => cmd.env_remove("MPYC_FLAVOUR"),
    };
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {MPYC}: {e}"))
}

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("mpyc-flavour-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn version_and_usage_match_circuitpython() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let version = read(&data("version.txt"));
    let usage = read(&data("usage.txt"));
    for (env, args) in [
        (Some("circuitpython"), &["--version"][..]),
        (None, &["--flavour=circuitpython", "--version"][..]),
        (
            Some("micropython"),
            &["--flavour=circuitpython", "--version"][..],
        ),
    ] {
        let out = run(here, env, args);
        assert_eq!(text(&out.stdout), text(&version), "{env:?} {args:?}");
        assert_eq!(out.status.code(), Some(0));
    }
    for (env, args) in [
        (Some("circuitpython"), &["-Z"][..]),
        (None, &["--flavour=circuitpython", "-Z"][..]),
        // CircuitPython's mpy-cross has no source-lines options.
        (
            Some("circuitpython"),
            &["-X", "no-source-lines", "a.py"][..],
        ),
        (Some("circuitpython"), &["-X", "source-lines", "a.py"][..]),
    ] {
        let out = run(here, env, args);
        assert_eq!(text(&out.stdout), text(&usage), "{env:?} {args:?}");
        assert_eq!(out.status.code(), Some(1));
    }
}

#[test]
fn micropython_stays_the_default() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let version = read(&data("version.txt"));
    for env in [None, Some(""), Some("micropython")] {
        let out = run(here, env, &["--version"]);
        let v = text(&out.stdout);
        assert!(v.starts_with("MicroPython v1.29.0 "), "{env:?}: {v}");
        assert_ne!(out.stdout, version);
        let out = run(here, env, &["-Z"]);
        assert!(text(&out.stdout).contains("no-source-lines"));
    }
    let out = run(here, Some("cpython"), &["--version"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "MPYC_FLAVOUR: expected micropython or circuitpython\n"
    );
    let out = run(here, None, &["--flavour=cpython", "--version"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).starts_with("usage: mpy-cross "));
}

#[test]
fn plain_command_line_writes_circuitpython_files() {
    let tmp = TempDir::new("plain_command_line");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus-circuitpython");
    for name in ["async_await", "error_yield_from_in_async_method"] {
        let src = corpus.join(format!("{name}.py"));
        std::fs::copy(&src, tmp.0.as_path().join(format!("{name}.py")))
            .unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        for (level, opt) in [(0, None), (3, Some("-O3"))] {
            let file = format!("{name}.py");
            let mut args: Vec<&str> = opt.into_iter().collect();
            args.extend(["-o", "out.mpy", "--", &file]);
            let _ = std::fs::remove_file(tmp.0.as_path().join("out.mpy"));
            let out = run(tmp.0.as_path(), Some("circuitpython"), &args);
            let mpy = data(&format!("corpus/{name}.O{level}.mpy"));
            if mpy.is_file() {
                assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
                assert_eq!(
                    read(&tmp.0.as_path().join("out.mpy")),
                    read(&mpy),
                    "{name} -O{level}"
                );
            } else {
                let err = read(&data(&format!("corpus/{name}.O{level}.err")));
                assert_eq!(out.status.code(), Some(1));
                assert_eq!(text(&out.stderr), text(&err), "{name} -O{level}");
                assert!(!tmp.0.as_path().join("out.mpy").exists());
            }
        }
    }
}

#[test]
fn dump_reads_circuitpython_files() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mpy = data("corpus/async_scopes.O0.mpy");
    let path = mpy.to_string_lossy().into_owned();
    // The flavour comes from the file, whatever the command line says.
    for env in [None, Some("circuitpython")] {
        let out = run(here, env, &["--dump", &path]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let dump = text(&out.stdout);
        assert!(
            dump.starts_with(
                "mpy version=6 sub_version=0 arch=none small_int_bits=31 flavour=circuitpython\n"
            ),
            "{dump}"
        );
        assert!(
            dump.contains("scope_flags=GENERATOR|VARKEYWORDS|VARARGS|ASYNC "),
            "{dump}"
        );
        assert!(
            !dump.lines().any(|l| l.trim_start().starts_with("error")),
            "{dump}"
        );
    }
}

#[test]
fn recorded_command_lines_match() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus-circuitpython");
    let list = String::from_utf8_lossy(&read(&corpus.join("cli-cases.txt"))).into_owned();
    let mut n = 0;
    for line in list.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let name = words.next().unwrap_or_default();
        let args: Vec<&str> = words.collect();
        let out = run(&corpus, Some("circuitpython"), &args);
        let status = text(&read(&data(&format!("cli/{name}.status"))));
        assert_eq!(
            out.status.code().map(|c| c.to_string()),
            Some(status.trim().to_string()),
            "{name}: {}",
            text(&out.stderr)
        );
        assert_eq!(
            text(&out.stderr),
            text(&read(&data(&format!("cli/{name}.stderr")))),
            "{name}"
        );
        assert_eq!(
            out.stdout,
            read(&data(&format!("cli/{name}.stdout"))),
            "{name}"
        );
        n += 1;
    }
    assert!(n > 0, "no command lines in cli-cases.txt");
}

#[test]
fn dump_reads_circuitpython_native_code() {
    // CircuitPython's ASYNC flag (0x10) in a native prelude is not MicroPython's VIPERRELOC:
    // its viper flags sit one bit higher.
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for arch in ["x64", "armv7m", "xtensawin"] {
        let mpy = data(&format!("native/error_native_code.{arch}.mpy"));
        let path = mpy.to_string_lossy().into_owned();
        let out = run(here, None, &["--dump", &path]);
        let dump = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{arch}: {}", text(&out.stderr));
        assert!(
            !dump.lines().any(|l| l.trim_start().starts_with("error")),
            "{arch}: {dump}"
        );
        assert!(dump.contains("raw_code viper "), "{arch}: {dump}");
        assert!(
            dump.contains("scope_flags=GENERATOR|ASYNC "),
            "{arch}: {dump}"
        );
    }
}

#[test]
fn circuitpython_native_code_is_refused() {
    // Not written yet: refused with a clear error rather than MicroPython's native layout.
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus-circuitpython");
    for args in [
        &[
            "-march=x64",
            "-X",
            "emit=native",
            "-o",
            "/dev/null",
            "header_only.py",
        ][..],
        &["-march=x64", "-o", "/dev/null", "error_native_code.py"][..],
    ] {
        let out = run(&corpus, Some("circuitpython"), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(
            text(&out.stderr),
            "NotImplementedError: native code in CircuitPython's .mpy is not supported yet\n",
            "{args:?}"
        );
    }
}
