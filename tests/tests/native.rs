//! Differential tests of native code (`@micropython.native`, `@micropython.viper`,
//! `-X emit=native`): byte identity with the reference `mpy-cross -march=<arch>` over
//! `tests/corpus-native/` (one feature per file) at -O0 and -O3, identical error text over
//! `tests/corpus-native-errors/`, identical behaviour of the x64 `.mpy` files on the reference
//! `micropython` (x64 unix build), and the real-world corpus compiled whole with
//! `-X emit=native` (prints `identical/total`).
//!
//! Archs mpyc has no backend for yet are not listed here (see `emit::select` in the compiler);
//! of the ARM archs, armv6m, armv7m and armv7emsp are compared (armv7em and armv7emdp emit
//! armv7m's bytes; `tests/corpus-native-thumb/` covers all five).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use mpyc_tests::compare::{cases, compare, Case, Expect, Mismatch, Report};
use mpyc_tests::compile::{self, Outcome, Reference};
use mpyc_tests::process;
use mpyc_tests::refs::{self, Tool, SKIP_REFERENCE};
use mpyc_tests::{apply_filter, known, par_map, py_files, repo_root};

const LEVELS: &[u8] = &[0, 3];
/// Archs with a native backend in mpyc.
const ARCHS: &[&str] = &["x64", "x86", "armv6m", "armv7m", "armv7emsp"];

fn dir(name: &str) -> PathBuf {
    repo_root().join("tests").join(name)
}

/// mpyc's options for `-march=<arch> [-X emit=<emit>]`.
fn options(rel: &str, opt_level: u8, arch: &str, emit: mpyc::EmitKind) -> mpyc::Options {
    mpyc::Options {
        source_name: rel.to_string(),
        opt_level,
        arch: mpy_format::arch::Arch::from_name(arch.as_bytes()),
        emit,
        ..Default::default()
    }
}

/// The reference's command-line options for the same.
fn ref_args(arch: &str, emit: mpyc::EmitKind) -> Vec<String> {
    let mut args = vec![format!("-march={arch}")];
    match emit {
        mpyc::EmitKind::Bytecode => {}
        mpyc::EmitKind::Native => args.extend(["-X".into(), "emit=native".into()]),
        mpyc::EmitKind::Viper => args.extend(["-X".into(), "emit=viper".into()]),
        mpyc::EmitKind::Asm => {}
    }
    args
}

/// Compile every case of `files` with both compilers for `arch` and compare.
#[allow(clippy::too_many_arguments)]
fn check(
    title: &str,
    dir: &Path,
    files: &[String],
    reference: &Reference,
    arch: &str,
    emit: mpyc::EmitKind,
    expect: Expect,
    exempt: &(dyn Fn(&str) -> bool + Sync),
) -> Report {
    let all = cases(files, LEVELS);
    let args = ref_args(arch, emit);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let results = par_map(&all, |c: &Case| {
        let source = std::fs::read(dir.join(&c.rel)).map_err(|e| Mismatch {
            case: c.name(),
            summary: "cannot read the file".into(),
            detail: e.to_string(),
        })?;
        let mine = compile::mpyc_with(&source, &c.rel, &options(&c.rel, c.opt_level, arch, emit));
        let theirs = reference.compile_args(dir, &c.rel, c.opt_level, &args);
        compare(&c.name(), &mine, &theirs, expect)
    });
    let mut report = Report::new(title);
    for (c, r) in all.iter().zip(results) {
        let r = r.unwrap_or_else(|panic| {
            Err(Mismatch {
                case: c.name(),
                summary: "test harness panicked".into(),
                detail: panic,
            })
        });
        report.add(&c.name(), r, exempt(&c.rel));
    }
    report
}

fn files_of(name: &str, at_least: usize) -> Vec<String> {
    let all = py_files(&dir(name));
    assert!(
        all.len() >= at_least,
        "tests/{name} has {} .py files, expected {at_least}+",
        all.len()
    );
    apply_filter(all)
}

#[test]
fn native_corpus_compiles_identically() {
    let Some(binary) = refs::find(Tool::MpyCross, "native_corpus_compiles_identically") else {
        return;
    };
    let files = files_of("corpus-native", 30);
    for arch in ARCHS {
        let title = format!("native corpus tests/corpus-native (-march={arch}, -O0 and -O3)");
        check(
            &title,
            &dir("corpus-native"),
            &files,
            &Reference {
                binary: binary.clone(),
            },
            arch,
            mpyc::EmitKind::Bytecode,
            Expect::Success,
            &|_| false,
        )
        .finish();
    }
}

#[test]
fn native_errors_match_reference() {
    let Some(binary) = refs::find(Tool::MpyCross, "native_errors_match_reference") else {
        return;
    };
    let files = files_of("corpus-native-errors", 15);
    for arch in ARCHS {
        let title = format!("native error corpus (-march={arch}, error text, -O0 and -O3)");
        check(
            &title,
            &dir("corpus-native-errors"),
            &files,
            &Reference {
                binary: binary.clone(),
            },
            arch,
            mpyc::EmitKind::Bytecode,
            Expect::Failure,
            &|_| false,
        )
        .finish();
    }
}

/// A corpus program runs in well under a second; anything near this is a hang.
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// Run `file` as source and as mpyc's x64 `.mpy` on the reference micropython.
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
            format!("CORPUS BUG: the source fails ({})", expected.status_text()),
            String::from_utf8_lossy(&expected.stderr).into_owned(),
        );
    }
    let source = std::fs::read(dir.join(&c.rel)).map_err(|e| Mismatch {
        case: c.name(),
        summary: "cannot read the file".into(),
        detail: e.to_string(),
    })?;
    let opts = options(&c.rel, c.opt_level, "x64", mpyc::EmitKind::Bytecode);
    let bytes = match compile::mpyc_with(&source, &c.rel, &opts) {
        Outcome::Mpy(b) => b,
        other => {
            return fail(
                format!("mpyc did not compile it: {}", other.brief()),
                String::new(),
            )
        }
    };
    let module = c.rel.strip_suffix(".py").unwrap_or(&c.rel);
    let tmp = tempfile::tempdir().map_err(|e| Mismatch {
        case: c.name(),
        summary: "cannot make a temporary directory".into(),
        detail: e.to_string(),
    })?;
    if let Err(e) = std::fs::write(tmp.path().join(format!("{module}.mpy")), &bytes) {
        return fail("cannot write the .mpy".into(), e.to_string());
    }
    let mut cmd = Command::new(micropython);
    cmd.current_dir(tmp.path()).arg("-m").arg(module);
    let got = match process::run(&mut cmd, RUN_LIMIT) {
        Ok(f) => f,
        Err(e) => return fail("cannot run micropython".into(), e.to_string()),
    };
    if got.stdout == expected.stdout && got.code == expected.code {
        return Ok(());
    }
    fail(
        format!(
            "behaviour differs: .mpy {}, source {}",
            got.status_text(),
            expected.status_text()
        ),
        format!(
            ".mpy stdout:\n{}\nsource stdout:\n{}\n.mpy stderr:\n{}",
            String::from_utf8_lossy(&got.stdout),
            String::from_utf8_lossy(&expected.stdout),
            String::from_utf8_lossy(&got.stderr)
        ),
    )
}

#[test]
fn native_corpus_runs_identically_x64() {
    let Some(micropython) = refs::find(Tool::MicroPython, "native_corpus_runs_identically_x64")
    else {
        return;
    };
    let d = dir("corpus-native");
    let files = files_of("corpus-native", 30);
    let all = cases(&files, LEVELS);
    let results = par_map(&all, |c| run_case(&micropython, &d, c));
    let mut report = Report::new(
        "native corpus: x64 .mpy run by micropython vs the source (stdout + exit status)",
    );
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

/// Loads a known-differences list (real-corpus files exempt, each with its reason).
fn exemptions(name: &str) -> std::collections::BTreeMap<String, String> {
    match known::load(&dir(name)) {
        Ok(k) => k,
        Err(e) => panic!("bad list tests/{name}: {e}"),
    }
}

/// The real-world corpus, or `None` (after the policy's loud skip / CI failure) when missing.
fn real_corpus(test: &str) -> Option<(PathBuf, Vec<String>)> {
    let d = dir("corpus-real");
    if !d.join(".fetch-manifest.tsv").is_file() {
        let what = "the real-world corpus tests/corpus-real/ has not been fetched";
        let fix = "run `bash tests/fetch-real-corpus.sh` (needs ../shared/ beside the repository)";
        refs::missing::<()>(what, fix, &["MPYC_SKIP_REAL_CORPUS", SKIP_REFERENCE], test);
        return None;
    }
    let files = apply_filter(py_files(&d));
    Some((d, files))
}

/// The whole real-world corpus with `-X emit=native` (every scope native): x64, x86, and for
/// Thumb armv6m (Thumb-1 sequences) and armv7m (armv7em/emsp/emdp emit the same bytes).
#[test]
fn real_corpus_native() {
    const TEST: &str = "real_corpus_native";
    let Some(binary) = refs::find(Tool::MpyCross, TEST) else {
        return;
    };
    let Some((d, files)) = real_corpus(TEST) else {
        return;
    };
    let exempt = exemptions("known-differences-native.txt");
    for arch in ["x64", "x86", "armv6m", "armv7m"] {
        let title = format!(
            "real corpus with -march={arch} -X emit=native ({} files, -O0 and -O3)",
            files.len()
        );
        check(
            &title,
            &d,
            &files,
            &Reference {
                binary: binary.clone(),
            },
            arch,
            mpyc::EmitKind::Native,
            Expect::Either,
            &|rel| exempt.contains_key(rel),
        )
        .finish();
    }
}

/// The real-world corpus with `-march=x64 -X emit=viper` at -O0. The reference aborts on an
/// internal assertion for many files (a module-level store of a native value, see native.md
/// §1.1): those are counted and left out, since there is no output to compare.
#[test]
fn real_corpus_viper_x64() {
    const TEST: &str = "real_corpus_viper_x64";
    let Some(binary) = refs::find(Tool::MpyCross, TEST) else {
        return;
    };
    let Some((d, files)) = real_corpus(TEST) else {
        return;
    };
    let exempt = exemptions("known-differences-viper.txt");
    let reference = Reference { binary };
    let all = cases(&files, &[0]);
    let args = ref_args("x64", mpyc::EmitKind::Viper);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let results = par_map(&all, |c: &Case| {
        let theirs = reference.compile_args(&d, &c.rel, c.opt_level, &args);
        if let Outcome::Broken(_) = theirs {
            return Ok(false);
        }
        let source = std::fs::read(d.join(&c.rel)).map_err(|e| Mismatch {
            case: c.name(),
            summary: "cannot read the file".into(),
            detail: e.to_string(),
        })?;
        let opts = options(&c.rel, c.opt_level, "x64", mpyc::EmitKind::Viper);
        let mine = compile::mpyc_with(&source, &c.rel, &opts);
        compare(&c.name(), &mine, &theirs, Expect::Either).map(|()| true)
    });
    let mut aborted = 0;
    let mut report = Report::new(&format!(
        "real corpus with -march=x64 -X emit=viper ({} files, -O0; files the reference aborts on left out)",
        files.len()
    ));
    for (c, r) in all.iter().zip(results) {
        match r {
            Ok(Ok(false)) => aborted += 1,
            Ok(r) => report.add(&c.name(), r.map(drop), exempt.contains_key(&c.rel)),
            Err(panic) => report.add(
                &c.name(),
                Err(Mismatch {
                    case: c.name(),
                    summary: "test harness panicked".into(),
                    detail: panic,
                }),
                false,
            ),
        }
    }
    println!("real corpus -X emit=viper: the reference aborted on {aborted} files");
    report.finish();
}
