//! Differential tests of `mpyc --flavour=circuitpython` against CircuitPython's own mpy-cross,
//! through its outputs recorded in `tests/reference-circuitpython/` (CI builds no CircuitPython;
//! `tests/gen-circuitpython-refs.sh` regenerates the data from a CircuitPython mpy-cross binary):
//!
//! * every `tests/corpus-circuitpython/*.py` at -O0 and -O3 must give the recorded .mpy bytes
//!   (`corpus/<name>.O<n>.mpy`) or the recorded error text (`corpus/<name>.O<n>.err`), shown as
//!   side-by-side diffs when not;
//! * every `tests/corpus-real/**/*.py` at -O0 and -O3 must give the output whose sha256 is
//!   recorded in `real-corpus.tsv`, except the files listed with a reason in
//!   `known-differences.txt` there; at least 99.5% must be identical in any case. Prints
//!   `identical/total`. A missing corpus is handled as in `real_corpus.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use mpyc::Flavour;
use mpyc_tests::compare::{cases, compare, Expect, Mismatch, Report};
use mpyc_tests::compile::{mpyc_flavoured, Outcome};
use mpyc_tests::refs::{self, SKIP_REFERENCE};
use mpyc_tests::{apply_filter, known, par_map, py_files, repo_root, sha256};

const LEVELS: &[u8] = &[0, 3];

/// Least share of the real corpus that must be identical, in thousandths (the bar).
const MIN_IDENTICAL_PER_MILLE: usize = 995;

const REGENERATE: &str =
    "regenerate with MPYC_REF_CIRCUITPYTHON_MPY_CROSS=<binary> bash tests/gen-circuitpython-refs.sh";

fn data_dir() -> PathBuf {
    repo_root().join("tests").join("reference-circuitpython")
}

/// The recorded outcome of `name.py` at `level`, if any.
fn recorded(name: &str, level: u8) -> Option<Outcome> {
    let dir = data_dir().join("corpus");
    if let Ok(bytes) = std::fs::read(dir.join(format!("{name}.O{level}.mpy"))) {
        return Some(Outcome::Mpy(bytes));
    }
    let err = std::fs::read(dir.join(format!("{name}.O{level}.err"))).ok()?;
    Some(Outcome::Error(String::from_utf8_lossy(&err).into_owned()))
}

fn compile_file(dir: &Path, rel: &str, level: u8) -> Outcome {
    match std::fs::read(dir.join(rel)) {
        Ok(source) => mpyc_flavoured(&source, rel, level, Flavour::CircuitPython),
        Err(e) => Outcome::Broken(format!("cannot read {rel}: {e}")),
    }
}

#[test]
fn circuitpython_corpus_matches_reference_outputs() {
    let dir = repo_root().join("tests").join("corpus-circuitpython");
    let files = apply_filter(py_files(&dir));
    assert!(
        !files.is_empty() || std::env::var_os("MPYC_TEST_FILTER").is_some(),
        "empty corpus"
    );
    let cases = cases(&files, LEVELS);
    let results = par_map(&cases, |c| {
        let name = c.rel.trim_end_matches(".py");
        let Some(theirs) = recorded(name, c.opt_level) else {
            return Err(Mismatch {
                case: c.name(),
                summary: "no recorded reference output".into(),
                detail: REGENERATE.into(),
            });
        };
        let mine = compile_file(&dir, &c.rel, c.opt_level);
        compare(&c.name(), &mine, &theirs, Expect::Either)
    });
    let mut report = Report::new(&format!(
        "CircuitPython corpus tests/corpus-circuitpython ({} files, -O0 and -O3)",
        files.len()
    ));
    for (c, r) in cases.iter().zip(results) {
        report.add(
            &c.name(),
            r.unwrap_or_else(|p| Err(panicked(&c.name(), p))),
            false,
        );
    }
    report.finish();
}

#[test]
fn recorded_outputs_belong_to_corpus_files() {
    // A recorded output without its source file is stale data (a renamed or removed test).
    let corpus = repo_root().join("tests").join("corpus-circuitpython");
    let Ok(entries) = std::fs::read_dir(data_dir().join("corpus")) else {
        panic!("tests/reference-circuitpython/corpus is missing; {REGENERATE}");
    };
    let mut stale = Vec::new();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let name = file.split(".O").next().unwrap_or_default();
        if !corpus.join(format!("{name}.py")).is_file() {
            stale.push(file);
        }
    }
    assert!(stale.is_empty(), "stale reference outputs: {stale:?}");
}

/// One line of `real-corpus.tsv`: the kind of output and its sha256, by (level, path).
type Hashes = BTreeMap<(u8, String), (String, String)>;

fn load_hashes() -> Result<Hashes, String> {
    let path = data_dir().join("real-corpus.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Hashes::new();
    for (i, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [level, rel, kind, sum] = fields.as_slice() else {
            return Err(format!("real-corpus.tsv line {}: 4 fields expected", i + 1));
        };
        let level: u8 = level
            .parse()
            .map_err(|_| format!("real-corpus.tsv line {}: bad level", i + 1))?;
        if !matches!(*kind, "mpy" | "error") || sum.len() != 64 {
            return Err(format!("real-corpus.tsv line {}: bad kind or hash", i + 1));
        }
        out.insert(
            (level, rel.to_string()),
            (kind.to_string(), sum.to_string()),
        );
    }
    Ok(out)
}

#[test]
fn real_corpus_matches_circuitpython_hashes() {
    const TEST: &str = "real_corpus_matches_circuitpython_hashes";
    let dir = repo_root().join("tests").join("corpus-real");
    if !dir.join(".fetch-manifest.tsv").is_file() {
        let what = "the real-world corpus tests/corpus-real/ has not been fetched";
        let fix = "run `bash tests/fetch-real-corpus.sh` (needs ../shared/ beside the repository)";
        refs::missing::<()>(what, fix, &["MPYC_SKIP_REAL_CORPUS", SKIP_REFERENCE], TEST);
        return;
    }
    let hashes = load_hashes().unwrap_or_else(|e| panic!("{e}"));
    let exempt = known::load(&data_dir().join("known-differences.txt"))
        .unwrap_or_else(|e| panic!("bad known-differences list: {e}"));
    let files = apply_filter(py_files(&dir));
    let cases = cases(&files, LEVELS);
    let results = par_map(&cases, |c| {
        let Some((kind, sum)) = hashes.get(&(c.opt_level, c.rel.clone())) else {
            return Err(Mismatch {
                case: c.name(),
                summary: "no recorded reference hash".into(),
                detail: REGENERATE.into(),
            });
        };
        let mine = compile_file(&dir, &c.rel, c.opt_level);
        let (my_kind, my_sum) = match &mine {
            Outcome::Mpy(b) => ("mpy", sha256::hex(b)),
            Outcome::Error(e) => ("error", sha256::hex(e.as_bytes())),
            Outcome::Broken(b) => ("broken", b.clone()),
        };
        if my_kind == kind && my_sum == *sum {
            return Ok(());
        }
        Err(Mismatch {
            case: c.name(),
            summary: format!("mpyc: {}; reference: {kind} {sum}", mine.brief()),
            detail: match &mine {
                Outcome::Mpy(b) => mpyc_tests::disassemble(b),
                Outcome::Error(e) | Outcome::Broken(e) => e.clone(),
            },
        })
    });
    let mut report = Report::new(&format!(
        "real corpus tests/corpus-real with --flavour=circuitpython ({} files, -O0 and -O3)",
        files.len()
    ));
    for (c, r) in cases.iter().zip(results) {
        let r = r.unwrap_or_else(|p| Err(panicked(&c.name(), p)));
        report.add(&c.name(), r, exempt.contains_key(&c.rel));
    }
    if std::env::var_os("MPYC_TEST_FILTER").is_none() {
        // Recorded files missing from the corpus: the corpus changed, the data must follow.
        let present: BTreeSet<&String> = files.iter().collect();
        let gone: Vec<&String> = hashes
            .keys()
            .map(|(_, r)| r)
            .filter(|r| !present.contains(r))
            .collect();
        assert!(
            gone.is_empty(),
            "recorded files missing from tests/corpus-real: {gone:?}; {REGENERATE}"
        );
        assert!(
            report.identical * 1000 >= report.total * MIN_IDENTICAL_PER_MILLE,
            "only {}/{} identical",
            report.identical,
            report.total
        );
    }
    report.finish();
}

#[test]
fn circuitpython_known_differences_list_is_valid() {
    if let Err(e) = known::load(&data_dir().join("known-differences.txt")) {
        panic!("{e}");
    }
}

fn panicked(case: &str, panic: String) -> Mismatch {
    Mismatch {
        case: case.to_string(),
        summary: "test harness panicked".into(),
        detail: panic,
    }
}
