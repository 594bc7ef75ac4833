//! mpyc-run's command line against the reference `micropython`: source files, `-m` of a `.py`
//! module, `-c`, a program on stdin, `-O3`, `-X heapsize=`, `sys.argv`, and the errors (a file
//! that does not exist, a module that does not exist, syntax errors, tracebacks). Each case runs
//! both programs in the same fresh directory; stdout, stderr (with the program's own path
//! replaced by `PROG`, as the reference names itself by its `argv[0]`) and the exit status must
//! be the same.
//!
//! Cases mpyc-run does not pass yet are listed in `tests/runtime-cli-known-failures.txt`, with
//! the corpus test's rules: a listed case that passes, an unlisted failure and an entry naming no
//! case all fail; `MPYC_RUNTIME_UPDATE_KNOWN=1` rewrites the list. (Running a `.mpy` file given
//! by path is mpyc-run's extension: the reference reads it as source, so it is not a case.)

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use mpyc_tests::compare::{Mismatch, Report};
use mpyc_tests::diff::{side_by_side, Layout};
use mpyc_tests::process::{self, Finished};
use mpyc_tests::refs::{self, Tool};
use mpyc_tests::runtime as rt;
use mpyc_tests::{known, loud, par_map, repo_root};

const LIMIT: Duration = Duration::from_secs(10);

const HEADER: &str = "\
# Cases of tests/tests/runtime_cli.rs that mpyc-run does not pass yet, one a line:
# `<case>  <reason>` (the format of tests/known-differences.txt). Listed cases that pass and
# unlisted failures fail the test. Regenerate with the current failures:
#   cargo build --release -p mpyc-run && \\
#   MPYC_RUNTIME_UPDATE_KNOWN=1 cargo test --release -p mpyc-tests --test runtime_cli
";

const PROG: &str = "\
def greet(name):
    return 'hello ' + name
print(greet('cli'), [i * i for i in range(5)])
";

const BAD: &str = "\
def fail(x):
    return x['missing']
print('before')
fail({})
";

const HELPER: &str = "\
print('helper imported')
def f():
    return 41 + 1
";

/// One invocation: its name, the files of its directory, the arguments, and stdin.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    stdin: Option<&'static str>,
}

/// A program that shows the names a module gets: `__file__` (as given for the program, the
/// path found for an import: absolute next to a program file), `__name__`, and with `-m` the
/// `__main__` entries; module reprs with their file; what `sys.modules` lists.
const NAMES: &str = "import sys, helper, __main__
print(__name__, __file__, sorted(globals()))
f = helper.__file__
print(f.startswith('/'), f.endswith('helper.py'), repr(helper).endswith(\"helper.py'>\"))
print(repr(__main__), sorted(sys.modules))
";

/// A module whose `__getattr__` makes names on first use (MICROPY_MODULE_GETATTR).
const LAZY: &str = "def __getattr__(name):
    print('made', name)
    if name.startswith('x'):
        globals()[name] = v = len(name)
        return v
    raise AttributeError(name)
";

const CASES: &[Case] = &[
    Case {
        name: "module_getattr",
        files: &[("lazy.py", LAZY)],
        args: &[
            "-c",
            "import lazy\nprint(lazy.xy, lazy.xy, lazy.xyz)\nfrom lazy import xw\nprint(xw)\ntry:\n    lazy.q\nexcept AttributeError as e:\n    print('AE', e)",
        ],
        stdin: None,
    },
    Case {
        name: "names_file",
        files: &[("names.py", NAMES), ("helper.py", HELPER)],
        args: &["names.py"],
        stdin: None,
    },
    Case {
        name: "names_module",
        files: &[("names.py", NAMES), ("helper.py", HELPER)],
        args: &["-m", "names"],
        stdin: None,
    },
    Case {
        name: "names_code",
        files: &[],
        args: &["-c", "import sys; print(globals(), sys.modules)"],
        stdin: None,
    },
    Case {
        name: "source_file",
        files: &[("prog.py", PROG)],
        args: &["prog.py"],
        stdin: None,
    },
    Case {
        name: "source_file_traceback",
        files: &[("bad.py", BAD)],
        args: &["bad.py"],
        stdin: None,
    },
    Case {
        name: "module_from_source",
        files: &[("prog.py", PROG)],
        args: &["-m", "prog"],
        stdin: None,
    },
    Case {
        name: "import_source_module",
        files: &[("helper.py", HELPER)],
        args: &["-c", "import helper; print(helper.f())"],
        stdin: None,
    },
    Case {
        name: "c_code",
        files: &[],
        args: &["-c", "print(sum(range(10)), 'x' * 3)"],
        stdin: None,
    },
    Case {
        name: "c_traceback",
        files: &[],
        args: &["-c", "print('a')\n1/0"],
        stdin: None,
    },
    Case {
        name: "c_sys_exit",
        files: &[],
        args: &["-c", "import sys; print('bye'); sys.exit(4)"],
        stdin: None,
    },
    Case {
        name: "c_syntax_error",
        files: &[],
        args: &["-c", "x = = 1"],
        stdin: None,
    },
    Case {
        name: "stdin_program",
        files: &[],
        args: &[],
        stdin: Some("x = 6\nprint(x * 7)\n"),
    },
    Case {
        name: "stdin_syntax_error",
        files: &[],
        args: &[],
        stdin: Some("x = (\n"),
    },
    Case {
        name: "opt_level_3",
        files: &[],
        args: &["-O3", "-c", "assert 0\nprint('ok', __debug__)"],
        stdin: None,
    },
    Case {
        name: "opt_level_0_assert",
        files: &[],
        args: &["-c", "assert 0, 'kept'"],
        stdin: None,
    },
    Case {
        name: "small_heap_memory_error",
        files: &[],
        args: &["-X", "heapsize=64k", "-c", "b = bytearray(200000)"],
        stdin: None,
    },
    Case {
        name: "argv",
        files: &[("argv.py", "import sys\nprint(sys.argv)\n")],
        args: &["argv.py", "one", "two"],
        stdin: None,
    },
    Case {
        name: "missing_file",
        files: &[],
        args: &["nosuch.py"],
        stdin: None,
    },
    Case {
        name: "missing_module",
        files: &[],
        args: &["-m", "nosuchmodule"],
        stdin: None,
    },
];

/// Run `program` for `case` in `dir` (stdin from a file through `sh`, so that the shared
/// process helper, which closes stdin, can be used).
fn run(program: &Path, dir: &Path, case: &Case) -> std::io::Result<Finished> {
    let mut cmd = match case.stdin {
        Some(text) => {
            std::fs::write(dir.join("stdin.txt"), text)?;
            let mut c = Command::new("sh");
            c.args(["-c", "exec \"$0\" \"$@\" < stdin.txt"])
                .arg(program);
            c
        }
        None => Command::new(program),
    };
    cmd.current_dir(dir).args(case.args);
    let got = process::run_capped(&mut cmd, LIMIT, 1 << 20)?;
    let mut f = got.finished;
    // The reference names itself in some messages by its argv[0].
    let path = program.display().to_string();
    f.stderr = String::from_utf8_lossy(&f.stderr)
        .replace(&path, "PROG")
        .into_bytes();
    Ok(f)
}

fn check(micropython: &Path, mpyc_run: &Path, case: &Case) -> Result<(), Mismatch> {
    let fail = |summary: String, detail: String| {
        Err(Mismatch {
            case: case.name.to_string(),
            summary,
            detail,
        })
    };
    let tmp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => return fail("no temporary directory".into(), e.to_string()),
    };
    for (name, text) in case.files {
        if let Err(e) = std::fs::write(tmp.path().join(name), text) {
            return fail("cannot write a file".into(), e.to_string());
        }
    }
    let (want, got) = match (
        run(micropython, tmp.path(), case),
        run(mpyc_run, tmp.path(), case),
    ) {
        (Ok(w), Ok(g)) => (w, g),
        (Err(e), _) | (_, Err(e)) => return fail("cannot run".into(), e.to_string()),
    };
    if want == got {
        return Ok(());
    }
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut detail = format!(
        "mpyc-run {}, micropython {}\n",
        got.status_text(),
        want.status_text()
    );
    for (what, g, w) in [
        ("stdout", &got.stdout, &want.stdout),
        ("stderr", &got.stderr, &want.stderr),
    ] {
        let d = side_by_side(
            &format!("mpyc-run {what}"),
            &text(g),
            &format!("micropython {what}"),
            &text(w),
            Layout::default(),
        );
        detail.push_str(&d.unwrap_or_else(|| format!("(same {what})\n")));
    }
    let last = |b: &[u8]| {
        let t = text(b);
        t.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.chars().take(80).collect::<String>())
    };
    let said = last(&got.stderr)
        .or_else(|| last(&got.stdout))
        .unwrap_or_default();
    let mut what: Vec<&str> = Vec::new();
    if got.stdout != want.stdout {
        what.push("stdout");
    }
    if got.stderr != want.stderr {
        what.push("stderr");
    }
    if got.code != want.code {
        what.push("exit status");
    }
    fail(
        format!(
            "{} differ: mpyc-run {}, micropython {}; mpyc-run: {said}",
            what.join(", "),
            got.status_text(),
            want.status_text()
        ),
        detail,
    )
}

#[test]
fn command_line_matches_reference() {
    let test = "command_line_matches_reference";
    let Some(micropython) = refs::find(Tool::MicroPython, test) else {
        return;
    };
    let Some(mpyc_run) = rt::find_mpyc_run(test) else {
        return;
    };
    let list = repo_root()
        .join("tests")
        .join("runtime-cli-known-failures.txt");
    let mut known = known::load(&list).unwrap_or_else(|e| panic!("{e}"));
    let results = par_map(CASES, |c| check(&micropython, &mpyc_run, c));
    let runs: Vec<(String, Result<(), Mismatch>)> = CASES
        .iter()
        .zip(results)
        .map(|(c, r)| {
            let r = r.unwrap_or_else(|p| {
                Err(Mismatch {
                    case: c.name.to_string(),
                    summary: "test harness panicked".into(),
                    detail: p,
                })
            });
            (c.name.to_string(), r)
        })
        .collect();
    if std::env::var("MPYC_RUNTIME_UPDATE_KNOWN").is_ok_and(|v| v == "1") {
        let seen: Vec<String> = runs.iter().map(|(k, _)| k.clone()).collect();
        let failing: BTreeMap<String, String> = runs
            .iter()
            .filter_map(|(k, r)| r.as_ref().err().map(|m| (k.clone(), m.summary.clone())))
            .collect();
        let text = rt::updated_list_with_header(HEADER, &known, &seen, &failing);
        std::fs::write(&list, &text).unwrap_or_else(|e| panic!("{}: {e}", list.display()));
        loud(&format!(
            "rewrote {} ({} failing cases)",
            refs::short(&list),
            failing.len()
        ));
        known = known::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut report = Report::new("mpyc-run's command line against micropython's");
    for (name, r) in runs {
        report.add(&name, r, known.contains_key(&name));
    }
    for stale in std::mem::take(&mut report.stale_exemptions) {
        report.mismatches.push(Mismatch {
            case: stale,
            summary: "passes now: remove it from tests/runtime-cli-known-failures.txt".into(),
            detail: String::new(),
        });
    }
    for key in known.keys() {
        if !CASES.iter().any(|c| c.name == key) {
            report.mismatches.push(Mismatch {
                case: key.clone(),
                summary: "listed in tests/runtime-cli-known-failures.txt but there is no such case"
                    .into(),
                detail: String::new(),
            });
        }
    }
    report.finish();
}
