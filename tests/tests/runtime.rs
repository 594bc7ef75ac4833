//! Runtime differential test: every file of `tests/runtime-corpus/` is compiled by mpyc to a
//! `.mpy`, run by the reference (`cd tmp && micropython -m name`) and by `mpyc-run`
//! (`cd tmp && mpyc-run -m name`), and the two must agree on stdout and exit status (and stderr,
//! for files that end in an uncaught exception). Then the files that pass run again under
//! `MPYC_GC_STRESS=1` (a collection at every allocation) and, unless marked `big-heap`, with
//! `-X heapsize=64k` on both sides.
//!
//! Runs mpyc-run does not pass yet are listed with a reason in `tests/runtime-known-failures.txt`;
//! a listed run that passes fails the test (so the list cannot rot), an unlisted failure fails
//! it with a side-by-side diff. `MPYC_RUNTIME_UPDATE_KNOWN=1` rewrites the list instead.
//! Every file must itself behave on the reference: exit 0, or end as its name says
//! (`exc_uncaught_*`, `sys_exit_*`); anything else is a corpus bug and always fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use mpyc_tests::compare::{Mismatch, Report};
use mpyc_tests::compile::{self, Outcome};
use mpyc_tests::diff::{side_by_side, Layout};
use mpyc_tests::process::{self, Finished};
use mpyc_tests::refs::{self, Tool};
use mpyc_tests::runtime::{self as rt, Markers, Mode};
use mpyc_tests::{apply_filter, known, loud, par_map, py_files, repo_root};

/// A corpus program takes milliseconds; a run near this limit is a hang (or a crawl).
const RUN_LIMIT: Duration = Duration::from_secs(10);

const UPDATE_VAR: &str = "MPYC_RUNTIME_UPDATE_KNOWN";

/// The two programs.
struct Runners {
    micropython: PathBuf,
    mpyc_run: PathBuf,
    /// Extra environment of every mpyc-run process (the harness's own test uses it).
    mpyc_run_env: Vec<(&'static str, String)>,
}

impl Runners {
    /// `mpyc-run [args] -m module` in `dir`, with `env` added to [`Runners::mpyc_run_env`].
    fn mpyc_run(
        &self,
        dir: &Path,
        args: &[String],
        module: &str,
        env: &[(&str, &str)],
    ) -> std::io::Result<Finished> {
        let mut all: Vec<(&str, &str)> = self
            .mpyc_run_env
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        all.extend_from_slice(env);
        run(&self.mpyc_run, dir, args, module, &all)
    }
}

/// One corpus file after its plain run.
struct Prepared {
    rel: String,
    module: String,
    markers: Markers,
    /// Holds `module.mpy`; removed when dropped.
    dir: tempfile::TempDir,
    /// The reference's plain run.
    reference: Finished,
    /// The plain comparison; `Err` of a corpus bug has `corpus_bug` set.
    plain: Result<(), Mismatch>,
    corpus_bug: bool,
}

fn mismatch(case: &str, summary: String, detail: String) -> Mismatch {
    Mismatch {
        case: case.to_string(),
        summary,
        detail,
    }
}

fn tail(bytes: &[u8], lines: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// `program [args] -m module` in `dir`, with `env` set.
fn run(
    program: &Path,
    dir: &Path,
    args: &[String],
    module: &str,
    env: &[(&str, &str)],
) -> std::io::Result<Finished> {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir).args(args).arg("-m").arg(module);
    for (k, v) in env {
        cmd.env(k, v);
    }
    process::run(&mut cmd, RUN_LIMIT)
}

/// Compare mpyc-run's run with the reference's: stdout and status, and stderr if asked.
fn compare(case: &str, reference: &Finished, got: &Finished, stderr: bool) -> Result<(), Mismatch> {
    let same_err = !stderr || got.stderr == reference.stderr;
    if got.stdout == reference.stdout && got.code == reference.code && same_err {
        return Ok(());
    }
    let layout = Layout::default();
    let mut detail = side_by_side(
        "mpyc-run stdout",
        &String::from_utf8_lossy(&got.stdout),
        "micropython stdout",
        &String::from_utf8_lossy(&reference.stdout),
        layout,
    )
    .unwrap_or_else(|| "(same stdout)\n".to_string());
    if stderr {
        let d = side_by_side(
            "mpyc-run stderr",
            &String::from_utf8_lossy(&got.stderr),
            "micropython stderr",
            &String::from_utf8_lossy(&reference.stderr),
            layout,
        );
        detail.push_str(&d.unwrap_or_else(|| "(same stderr)\n".to_string()));
    } else if !got.stderr.is_empty() {
        detail.push_str(&format!(
            "mpyc-run stderr (last lines):\n{}\n",
            tail(&got.stderr, 12)
        ));
    }
    let what = match (got.stdout == reference.stdout, got.code == reference.code) {
        (true, true) => "stderr differs",
        (false, true) => "stdout differs",
        (true, false) => "exit status differs",
        (false, false) => "stdout and exit status differ",
    };
    // The last line mpyc-run wrote to stderr (an exception, a panic's message) says most about
    // why; it goes into the summary, and from there into the known-failures list.
    let err = String::from_utf8_lossy(&got.stderr);
    let lines: Vec<&str> = err.lines().map(str::trim).collect();
    let panic = lines
        .iter()
        .position(|l| l.contains("panicked at"))
        .and_then(|i| lines.get(i + 1))
        .map(|m| format!("panic: {m}"));
    let first_line_diff = || {
        let g = String::from_utf8_lossy(&got.stdout);
        let e = String::from_utf8_lossy(&reference.stdout);
        let (mut gl, mut el) = (g.lines(), e.lines());
        // Both lines from a little before their first differing character, 50 at most.
        let short = |l: Option<&str>, from: usize| -> String {
            l.map_or("(none)".to_string(), |l| {
                let tail: String = l.chars().skip(from).take(50).collect();
                if from > 0 {
                    format!("…{tail}")
                } else {
                    tail
                }
            })
        };
        (1..).find_map(|n| {
            let (a, b) = (gl.next(), el.next());
            if a.is_none() && b.is_none() {
                return Some(String::new());
            }
            let at = a
                .unwrap_or("")
                .chars()
                .zip(b.unwrap_or("").chars())
                .take_while(|(x, y)| x == y)
                .count();
            let from = at.saturating_sub(15);
            (a != b).then(|| format!("line {n} is `{}`, not `{}`", short(a, from), short(b, from)))
        })
    };
    let said = panic
        .or_else(|| {
            if got.stdout != reference.stdout && got.code == reference.code {
                return first_line_diff().filter(|d| !d.is_empty());
            }
            None
        })
        .or_else(|| {
            lines
                .iter()
                .rev()
                .find(|l| !l.is_empty())
                .map(|l| l.to_string())
        })
        .map(|l| {
            let cut: String = l.chars().take(100).collect();
            format!("; mpyc-run: {cut}")
        })
        .unwrap_or_default();
    Err(mismatch(
        case,
        format!(
            "{what}: mpyc-run {}, micropython {}{said}",
            got.status_text(),
            reference.status_text()
        ),
        detail,
    ))
}

/// Is the reference's run of a file what the corpus rules promise?
fn reference_ok(m: &Markers, f: &Finished) -> Result<(), String> {
    match f.code {
        Some(0) => Ok(()),
        Some(_) if m.may_fail => Ok(()),
        _ => Err(format!(
            "the reference {} (only exc_uncaught_* and sys_exit_* files may exit nonzero)\n{}",
            f.status_text(),
            tail(&f.stderr, 10)
        )),
    }
}

/// Compile, run both, compare: the plain run of one file.
/// The support modules of `runtime-corpus/lib/` (packages too), compiled once: `(path of the
/// .mpy under a test's directory, bytes)`. Each is compiled under its path below `lib/`, the
/// name a traceback shows.
fn compile_lib(corpus: &Path) -> Vec<(String, Vec<u8>)> {
    let lib = corpus.join("lib");
    py_files(&lib)
        .into_iter()
        .map(|rel| {
            let source = std::fs::read(lib.join(&rel))
                .unwrap_or_else(|e| panic!("CORPUS BUG: lib/{rel}: {e}"));
            match compile::mpyc(&source, &rel, 0) {
                Outcome::Mpy(b) => (
                    format!("{}.mpy", rel.strip_suffix(".py").unwrap_or(&rel)),
                    b,
                ),
                other => panic!(
                    "CORPUS BUG: mpyc does not compile lib/{rel}: {}",
                    other.brief()
                ),
            }
        })
        .collect()
}

fn prepare(
    r: &Runners,
    corpus: &Path,
    lib: &[(String, Vec<u8>)],
    rel: &str,
) -> Result<Prepared, Mismatch> {
    let bug = |s: String, d: String| mismatch(rel, format!("CORPUS BUG: {s}"), d);
    let source =
        std::fs::read(corpus.join(rel)).map_err(|e| bug("unreadable".into(), e.to_string()))?;
    let markers =
        rt::markers(rel, &String::from_utf8_lossy(&source)).map_err(|e| bug(e, String::new()))?;
    let module = rel.strip_suffix(".py").unwrap_or(rel).to_string();
    let bytes = match compile::mpyc(&source, rel, 0) {
        Outcome::Mpy(b) => b,
        other => {
            return Err(bug(
                format!("mpyc does not compile it: {}", other.brief()),
                String::new(),
            ))
        }
    };
    let dir =
        tempfile::tempdir().map_err(|e| bug("no temporary directory".into(), e.to_string()))?;
    let own = (format!("{module}.mpy"), bytes);
    for (path, bytes) in lib.iter().chain(std::iter::once(&own)) {
        let mpy = dir.path().join(path);
        if let Some(parent) = mpy.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| bug("cannot make a directory".into(), e.to_string()))?;
        }
        std::fs::write(&mpy, bytes)
            .map_err(|e| bug("cannot write the .mpy".into(), e.to_string()))?;
    }
    let reference = run(&r.micropython, dir.path(), &markers.args, &module, &[])
        .map_err(|e| bug("cannot run micropython".into(), e.to_string()))?;
    let (plain, corpus_bug) = match reference_ok(&markers, &reference) {
        Err(why) => (Err(bug("fails on the reference".into(), why)), true),
        Ok(()) => match r.mpyc_run(dir.path(), &markers.args, &module, &[]) {
            Ok(got) => (compare(rel, &reference, &got, markers.stderr), false),
            Err(e) => (
                Err(mismatch(rel, "cannot run mpyc-run".into(), e.to_string())),
                false,
            ),
        },
    };
    Ok(Prepared {
        rel: rel.to_string(),
        module,
        markers,
        dir,
        reference,
        plain,
        corpus_bug,
    })
}

/// Does mpyc-run honour `MPYC_GC_STRESS=1`? The convention (tests/README.md): with the variable
/// set, a build that cannot stress the collector exits nonzero saying so; one that can runs the
/// program. `Err` says why the stress run cannot be made.
fn gc_stress_probe(r: &Runners) -> Result<(), String> {
    let mut cmd = Command::new(&r.mpyc_run);
    cmd.args(["-c", "print('gc-stress-probe')"])
        .env(rt::GC_STRESS_VAR, "1");
    for (k, v) in &r.mpyc_run_env {
        cmd.env(k, v);
    }
    let f = process::run(&mut cmd, RUN_LIMIT).map_err(|e| e.to_string())?;
    if f.code == Some(0) && f.stdout == b"gc-stress-probe\n" {
        return Ok(());
    }
    Err(format!(
        "`{}=1 mpyc-run -c \"print('gc-stress-probe')\"` {}, stdout {:?}, stderr {:?}",
        rt::GC_STRESS_VAR,
        f.status_text(),
        tail(&f.stdout, 2),
        tail(&f.stderr, 2)
    ))
}

/// One run of a prepared file in `mode` (gc-stress or small-heap); `Err` for corpus bugs too.
fn run_mode(r: &Runners, p: &Prepared, mode: Mode) -> Result<(), Mismatch> {
    let key = mode.key(&p.rel);
    let dir = p.dir.path();
    let (reference, args, env): (Finished, Vec<String>, Vec<(&str, &str)>) = match mode {
        Mode::GcStress => (
            p.reference.clone(),
            p.markers.args.clone(),
            vec![(rt::GC_STRESS_VAR, "1")],
        ),
        _ => {
            let mut args = p.markers.args.clone();
            args.extend(["-X".to_string(), format!("heapsize={}", rt::SMALL_HEAP)]);
            let f = run(&r.micropython, dir, &args, &p.module, &[])
                .map_err(|e| mismatch(&key, "cannot run micropython".into(), e.to_string()))?;
            if f.code != p.reference.code || f.stdout != p.reference.stdout {
                return Err(mismatch(
                    &key,
                    "CORPUS BUG: behaves differently on the reference with -X heapsize=64k (mark it `# runtime: big-heap`)".into(),
                    format!("{}\n{}", f.status_text(), tail(&f.stderr, 10)),
                ));
            }
            (f, args, vec![])
        }
    };
    let got = r
        .mpyc_run(dir, &args, &p.module, &env)
        .map_err(|e| mismatch(&key, "cannot run mpyc-run".into(), e.to_string()))?;
    compare(&key, &reference, &got, p.markers.stderr)
}

fn flatten<T>(key: &str, r: Result<Result<T, Mismatch>, String>) -> Result<T, Mismatch> {
    r.unwrap_or_else(|panic| Err(mismatch(key, "test harness panicked".into(), panic)))
}

/// Every run of a corpus pass: `(key, result, corpus bug?)`, and the counts for the summary.
struct Outcomes {
    runs: Vec<(String, Result<(), Mismatch>, bool)>,
    files: usize,
    plain_pass: usize,
    stress: Result<(), String>,
    mode_counts: BTreeMap<Mode, (usize, usize)>,
}

impl Outcomes {
    fn summary(&self, program: &str, seconds: f64) -> String {
        let count = |m: Mode| match self.mode_counts.get(&m) {
            Some((pass, total)) => format!("{pass}/{total}"),
            None => "0/0".to_string(),
        };
        let stress = match &self.stress {
            Ok(()) => count(Mode::GcStress),
            Err(_) => "NOT RUN".to_string(),
        };
        format!(
            "runtime corpus on {program}: plain {}/{} pass; gc-stress {stress}; small-heap {}; {seconds:.1} s",
            self.plain_pass,
            self.files,
            count(Mode::SmallHeap),
        )
    }
}

/// The plain runs of `files`, then the passing subset again under GC stress (when `stress` is
/// asked and the probe says mpyc-run can) and with a small heap.
fn run_corpus(r: &Runners, corpus: &Path, files: &[String], stress: bool) -> Outcomes {
    let lib = compile_lib(corpus);
    let prepared = par_map(files, |rel| prepare(r, corpus, &lib, rel));
    let mut runs: Vec<(String, Result<(), Mismatch>, bool)> = Vec::new();
    let mut ready: Vec<Prepared> = Vec::new();
    for (rel, p) in files.iter().zip(prepared) {
        match flatten(rel, p) {
            Err(m) => runs.push((rel.clone(), Err(m), true)),
            Ok(mut p) => {
                let plain = std::mem::replace(&mut p.plain, Ok(()));
                let passed = plain.is_ok();
                runs.push((rel.clone(), plain, p.corpus_bug));
                if passed {
                    ready.push(p);
                }
            }
        }
    }
    let stress = if stress {
        gc_stress_probe(r)
    } else {
        Err("not asked for".to_string())
    };
    let mut extra: Vec<(Mode, &Prepared)> = Vec::new();
    for p in &ready {
        if stress.is_ok() {
            extra.push((Mode::GcStress, p));
        }
        if p.markers.small_heap {
            extra.push((Mode::SmallHeap, p));
        }
    }
    let results = par_map(&extra, |(mode, p)| run_mode(r, p, *mode));
    let mut mode_counts: BTreeMap<Mode, (usize, usize)> = BTreeMap::new();
    for ((mode, p), res) in extra.iter().zip(results) {
        let key = mode.key(&p.rel);
        let res = flatten(&key, res);
        let bug = matches!(&res, Err(m) if m.summary.starts_with("CORPUS BUG"));
        let c = mode_counts.entry(*mode).or_default();
        c.0 += usize::from(res.is_ok());
        c.1 += 1;
        runs.push((key, res, bug));
    }
    Outcomes {
        runs,
        files: files.len(),
        plain_pass: ready.len(),
        stress,
        mode_counts,
    }
}

/// The corpus directory, its test files (the `*.py` directly in it; `lib/` holds modules they
/// import) before and after `MPYC_TEST_FILTER`, and whether a filter is set.
fn corpus_files() -> (PathBuf, Vec<String>, Vec<String>, bool) {
    let corpus = repo_root().join("tests").join("runtime-corpus");
    let filtered = std::env::var("MPYC_TEST_FILTER").is_ok_and(|f| !f.is_empty());
    let all_files: Vec<String> = py_files(&corpus)
        .into_iter()
        .filter(|f| !f.contains('/'))
        .collect();
    let files = apply_filter(all_files.clone());
    assert!(!files.is_empty() || filtered, "empty runtime corpus");
    (corpus, all_files, files, filtered)
}

/// The report of a corpus pass against the known-failures list: listed failures are exempt,
/// listed passes and (when `all_files` is given, i.e. the whole corpus ran) entries naming no
/// corpus file are mismatches like unlisted failures; corpus bugs are never exempt.
fn judge(
    runs: Vec<(String, Result<(), Mismatch>, bool)>,
    known: &BTreeMap<String, String>,
    all_files: Option<&[String]>,
) -> Report {
    let mut report = Report::new(
        "runtime corpus: mpyc-run against micropython (stdout, exit status, tracebacks)",
    );
    for (key, res, bug) in runs {
        report.add(&key, res, !bug && known.contains_key(&key));
    }
    for stale in std::mem::take(&mut report.stale_exemptions) {
        report.mismatches.push(mismatch(
            &stale,
            "passes now: remove it from tests/runtime-known-failures.txt".into(),
            String::new(),
        ));
    }
    for key in known.keys() {
        let file = key.split('@').next().unwrap_or(key);
        if all_files.is_some_and(|all| !all.iter().any(|f| f == file)) {
            report.mismatches.push(mismatch(
                key,
                "listed in tests/runtime-known-failures.txt but there is no such corpus file"
                    .into(),
                String::new(),
            ));
        }
    }
    report
}

#[test]
fn runtime_corpus_matches_reference() {
    let test = "runtime_corpus_matches_reference";
    let Some(micropython) = refs::find(Tool::MicroPython, test) else {
        return;
    };
    let Some(mpyc_run) = rt::find_mpyc_run(test) else {
        return;
    };
    let r = Runners {
        micropython,
        mpyc_run,
        mpyc_run_env: Vec::new(),
    };
    let start = Instant::now();
    let list_path = repo_root().join("tests").join("runtime-known-failures.txt");
    let (corpus, all_files, files, filtered) = corpus_files();
    let mut known = known::load(&list_path).unwrap_or_else(|e| panic!("{e}"));
    let out = run_corpus(&r, &corpus, &files, true);

    // The known-failures list: rewritten in update mode, else checked both ways.
    if std::env::var(UPDATE_VAR).is_ok_and(|v| v == "1") {
        let seen: Vec<String> = out.runs.iter().map(|(k, _, _)| k.clone()).collect();
        let failing: BTreeMap<String, String> = out
            .runs
            .iter()
            .filter(|(_, _, bug)| !bug)
            .filter_map(|(k, res, _)| res.as_ref().err().map(|m| (k.clone(), m.summary.clone())))
            .collect();
        let text = rt::updated_list(&known, &seen, &failing);
        std::fs::write(&list_path, &text)
            .unwrap_or_else(|e| panic!("{}: {e}", list_path.display()));
        loud(&format!(
            "{UPDATE_VAR}=1: rewrote {} ({} failing runs)",
            refs::short(&list_path),
            failing.len()
        ));
        known = known::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    }
    let summary = out.summary("mpyc-run", start.elapsed().as_secs_f64());
    let all = if filtered { None } else { Some(&all_files[..]) };
    let report = judge(out.runs, &known, all);
    loud(&summary);
    if let Err(why) = &out.stress {
        loud(&format!(
            "\n!!!!!!!! GC-STRESS RUN NOT MADE: mpyc-run does not run under {}=1 yet: {why} !!!!!!!!\n",
            rt::GC_STRESS_VAR
        ));
    }
    report.finish();
}

/// The harness and the corpus checked on themselves: with the reference in mpyc-run's place,
/// every run of every file must agree (a nondeterministic corpus file, or a harness that
/// compares the wrong things, fails here), and the small-heap pass is made; the GC-stress
/// probe must pass (the reference ignores the variable), but that pass itself would only repeat
/// the plain one, so it is left out to save time.
#[test]
fn runtime_corpus_is_deterministic_on_reference() {
    let test = "runtime_corpus_is_deterministic_on_reference";
    let Some(micropython) = refs::find(Tool::MicroPython, test) else {
        return;
    };
    let r = Runners {
        mpyc_run: micropython.clone(),
        mpyc_run_env: Vec::new(),
        micropython,
    };
    let start = Instant::now();
    let (corpus, _, files, _) = corpus_files();
    let out = run_corpus(&r, &corpus, &files, false);
    loud(&out.summary("the reference itself", start.elapsed().as_secs_f64()));
    let probe = gc_stress_probe(&r);
    assert!(
        probe.is_ok(),
        "GC-stress probe failed on the reference: {:?}",
        probe
    );
    let mut report = Report::new("runtime corpus: micropython against itself");
    for (key, res, _) in out.runs {
        report.add(&key, res, false);
    }
    report.finish();
}

/// A stand-in for mpyc-run: runs the reference, but spoils chosen modules' runs.
const FAKE_MPYC_RUN: &str = r#"#!/bin/sh
case "$*" in
  *int_small_ops*) "$MPYC_FAKE_REF" "$@"; echo "one line too many"; exit 0 ;;
  *exc_uncaught_simple*) "$MPYC_FAKE_REF" "$@" 2>/dev/null; exit 1 ;;
  *sys_exit_codes*) if [ -n "$MPYC_GC_STRESS" ]; then exit 9; fi; exec "$MPYC_FAKE_REF" "$@" ;;
  *) exec "$MPYC_FAKE_REF" "$@" ;;
esac
"#;

/// The harness catches what it must: a stdout difference, a missing traceback on stderr, a
/// failure only under GC stress; it excuses listed failures and fails listed passes and
/// entries naming no file.
#[cfg(unix)]
#[test]
fn runtime_harness_catches_differences() {
    use std::os::unix::fs::PermissionsExt;
    let test = "runtime_harness_catches_differences";
    let Some(micropython) = refs::find(Tool::MicroPython, test) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fake = tmp.path().join("fake-mpyc-run");
    std::fs::write(&fake, FAKE_MPYC_RUN).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
    // The fake finds the reference through its environment.
    let r = Runners {
        mpyc_run_env: vec![("MPYC_FAKE_REF", micropython.display().to_string())],
        micropython,
        mpyc_run: fake,
    };
    let corpus = repo_root().join("tests").join("runtime-corpus");
    let files: Vec<String> = [
        "int_small_ops.py",
        "exc_uncaught_simple.py",
        "sys_exit_codes.py",
        "tuple_ops.py",
    ]
    .map(String::from)
    .to_vec();
    let out = run_corpus(&r, &corpus, &files, true);
    assert!(out.stress.is_ok(), "{:?}", out.stress);
    let failing = |runs: &[(String, Result<(), Mismatch>, bool)]| -> Vec<(String, String)> {
        runs.iter()
            .filter_map(|(k, res, _)| res.as_ref().err().map(|m| (k.clone(), m.summary.clone())))
            .collect()
    };
    let got = failing(&out.runs);
    let summaries: Vec<&str> = got.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(
        got.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        [
            "int_small_ops.py",
            "exc_uncaught_simple.py",
            "sys_exit_codes.py@gcstress"
        ],
        "{summaries:?}"
    );
    assert!(summaries[0].starts_with("stdout differs"), "{summaries:?}");
    assert!(summaries[1].starts_with("stderr differs"), "{summaries:?}");
    assert!(
        summaries[2].starts_with("stdout and exit status differ"),
        "{summaries:?}"
    );
    assert_eq!(out.plain_pass, 2);

    // Against a list: two failures excused, one listed file passing, one entry without a file.
    let known = known::parse(
        "int_small_ops.py  x\nexc_uncaught_simple.py  x\ntuple_ops.py  stale\nno_such.py  gone\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let report = judge(out.runs, &known, Some(&files));
    assert_eq!(report.exempt.len(), 2);
    let cases: Vec<&str> = report.mismatches.iter().map(|m| m.case.as_str()).collect();
    assert_eq!(
        cases,
        ["sys_exit_codes.py@gcstress", "tuple_ops.py", "no_such.py"]
    );
    assert!(report.mismatches[1].summary.contains("remove it from"));
}
