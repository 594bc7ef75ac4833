//! Comparing mpyc's outcome with the reference's, and reporting all mismatches of a test at once:
//! a count line, then per mismatch a summary and a side-by-side diff (of disassemblies for .mpy
//! bytes, of the texts for error messages), then one failing assertion listing every case.

use std::fmt::Write;
use std::path::Path;

use crate::compile::{self, Outcome, Reference};
use crate::diff::{self, Layout};
use crate::{disassemble, loud, par_map};

/// What the reference is expected to do with the files of a test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Compile them (the feature corpus): a rejection is a bug in the corpus.
    Success,
    /// Reject them (the error corpus): an accepted file is a bug in the corpus.
    Failure,
    /// Either (real-world code): mpyc must just do the same.
    Either,
}

/// One mismatch.
#[derive(Clone, Debug)]
pub struct Mismatch {
    /// `file.py -O3`.
    pub case: String,
    /// One line: what differs.
    pub summary: String,
    /// Diff or full texts, possibly long.
    pub detail: String,
}

/// Compare the two outcomes for one case; `Ok` when mpyc did exactly what the reference did.
pub fn compare(
    case: &str,
    mine: &Outcome,
    reference: &Outcome,
    expect: Expect,
) -> Result<(), Mismatch> {
    let fail = |summary: String, detail: String| {
        Err(Mismatch {
            case: case.to_string(),
            summary,
            detail,
        })
    };
    match (reference, expect) {
        (Outcome::Broken(why), _) => {
            return fail("the reference compiler broke".into(), why.clone())
        }
        (Outcome::Error(e), Expect::Success) => {
            return fail(
                "CORPUS BUG: the reference rejects this file".into(),
                e.clone(),
            )
        }
        (Outcome::Mpy(_), Expect::Failure) => {
            return fail(
                "CORPUS BUG: the reference accepts this file".into(),
                String::new(),
            )
        }
        _ => {}
    }
    let layout = Layout::default();
    match (mine, reference) {
        (Outcome::Mpy(a), Outcome::Mpy(b)) if a == b => Ok(()),
        (Outcome::Error(a), Outcome::Error(b)) if a == b => Ok(()),
        (Outcome::Mpy(a), Outcome::Mpy(b)) => {
            // Hunk headers name the raw code (`name: 'f'` lines of the disassembly).
            let layout = Layout {
                heading: Some(|l| l.trim_start().starts_with("name: ")),
                ..layout
            };
            fail(
                "different .mpy bytes".into(),
                diff::explain_bytes("mpyc", a, "reference", b, disassemble, layout),
            )
        }
        (Outcome::Error(a), Outcome::Error(b)) => fail(
            "different error text".into(),
            diff::side_by_side("mpyc", a, "reference", b, layout).unwrap_or_default(),
        ),
        (Outcome::Mpy(a), Outcome::Error(b)) => fail(
            format!(
                "mpyc compiled it ({} bytes); the reference rejects it",
                a.len()
            ),
            format!("reference stderr:\n{b}"),
        ),
        (Outcome::Error(a), Outcome::Mpy(b)) => fail(
            format!(
                "mpyc rejects it; the reference compiles it ({} bytes)",
                b.len()
            ),
            format!("mpyc error:\n{a}"),
        ),
        (Outcome::Broken(a), _) => fail("mpyc broke".into(), a.clone()),
        (_, Outcome::Broken(_)) => fail("unreachable".into(), String::new()),
    }
}

/// The result of one test over many cases.
#[derive(Debug, Default)]
pub struct Report {
    /// What was checked, for the messages.
    pub title: String,
    pub total: usize,
    pub identical: usize,
    /// Mismatches of exempt cases (known differences): counted, listed briefly, never failing.
    pub exempt: Vec<Mismatch>,
    /// Exempt cases that turned out identical: the exemption can go.
    pub stale_exemptions: Vec<String>,
    pub mismatches: Vec<Mismatch>,
}

impl Report {
    /// A new, empty report.
    pub fn new(title: &str) -> Self {
        Report {
            title: title.to_string(),
            ..Default::default()
        }
    }

    /// Count one case, named `case` in the report.
    pub fn add(&mut self, case: &str, result: Result<(), Mismatch>, exempt: bool) {
        self.total += 1;
        match (result, exempt) {
            (Ok(()), false) => self.identical += 1,
            (Ok(()), true) => {
                self.identical += 1;
                self.stale_exemptions.push(case.to_string());
            }
            (Err(m), false) => self.mismatches.push(m),
            (Err(m), true) => self.exempt.push(m),
        }
    }

    /// Print the counts (always visible) and every mismatch, then fail if there is any.
    pub fn finish(self) {
        let mut head = format!(
            "{}: {}/{} identical",
            self.title, self.identical, self.total
        );
        if !self.exempt.is_empty() {
            let _ = write!(head, ", {} known differences (exempt)", self.exempt.len());
        }
        if !self.mismatches.is_empty() {
            let _ = write!(head, ", {} MISMATCHES", self.mismatches.len());
        }
        loud(&head);
        for m in &self.exempt {
            loud(&format!("  exempt: {}: {}", m.case, m.summary));
        }
        for s in &self.stale_exemptions {
            loud(&format!(
                "  note: {s} is listed as a known difference but is identical now"
            ));
        }
        if self.mismatches.is_empty() {
            return;
        }
        let limit: usize = std::env::var("MPYC_DIFF_LIMIT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(25);
        for (i, m) in self.mismatches.iter().enumerate() {
            if i == limit {
                eprintln!(
                    "\n... details of {} more mismatches not shown (set MPYC_DIFF_LIMIT)",
                    self.mismatches.len() - limit
                );
                break;
            }
            eprintln!("\n==== {}: {}\n{}", m.case, m.summary, m.detail.trim_end());
        }
        let mut list = String::new();
        for m in &self.mismatches {
            let _ = writeln!(list, "  {}: {}", m.case, m.summary);
        }
        panic!(
            "{head}\n{list}(details above; rerun a few files with MPYC_TEST_FILTER=<part of the name>)"
        );
    }
}

/// A file compiled at one optimisation level.
#[derive(Clone, Debug)]
pub struct Case {
    /// Path relative to the test's directory, as both compilers see it.
    pub rel: String,
    pub opt_level: u8,
}

impl Case {
    /// `rel -O<level>`, the name used in reports.
    pub fn name(&self) -> String {
        format!("{} -O{}", self.rel, self.opt_level)
    }
}

/// Every file of `files` at every level of `levels`.
pub fn cases(files: &[String], levels: &[u8]) -> Vec<Case> {
    files
        .iter()
        .flat_map(|f| {
            levels.iter().map(move |&l| Case {
                rel: f.clone(),
                opt_level: l,
            })
        })
        .collect()
}

/// Signature of "our" compiler in [`check_compiles_with`]: source, path, level.
pub type Compiler<'a> = &'a (dyn Fn(&[u8], &str, u8) -> Outcome + Sync);

/// Compile every case with mpyc and the reference (in parallel; the reference runs with `dir` as
/// its working directory) and compare. `exempt(rel)` marks known differences.
pub fn check_compiles(
    title: &str,
    dir: &Path,
    cases: &[Case],
    reference: &Reference,
    expect: Expect,
    exempt: &(dyn Fn(&str) -> bool + Sync),
) -> Report {
    check_compiles_with(title, dir, cases, reference, expect, exempt, &compile::mpyc)
}

/// [`check_compiles`] with another compiler in mpyc's place (the harness's own tests use a
/// fake one to see that differences are caught and shown).
pub fn check_compiles_with(
    title: &str,
    dir: &Path,
    cases: &[Case],
    reference: &Reference,
    expect: Expect,
    exempt: &(dyn Fn(&str) -> bool + Sync),
    mine: Compiler<'_>,
) -> Report {
    let results = par_map(cases, |c| {
        let source = match std::fs::read(dir.join(&c.rel)) {
            Ok(s) => s,
            Err(e) => {
                return Err(Mismatch {
                    case: c.name(),
                    summary: "cannot read the file".into(),
                    detail: e.to_string(),
                })
            }
        };
        let mine = mine(&source, &c.rel, c.opt_level);
        let theirs = reference.compile(dir, &c.rel, c.opt_level);
        compare(&c.name(), &mine, &theirs, expect)
    });
    let mut report = Report::new(title);
    for (c, r) in cases.iter().zip(results) {
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
