//! Helpers of the runtime differential test (`tests/tests/runtime.rs`): where `mpyc-run` is,
//! what a corpus file asks of the harness (its `# runtime:` markers and its name), and the list
//! of files `mpyc-run` does not run yet (`tests/runtime-known-failures.txt`).
//!
//! A corpus file of `tests/runtime-corpus/` is one module; the harness compiles it with mpyc,
//! runs the `.mpy` with `micropython -m name` and with `mpyc-run -m name`, and compares.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

use crate::refs;

/// The variable that names another `mpyc-run` binary.
pub const MPYC_RUN_VAR: &str = "MPYC_RUN";

/// The variable that asks mpyc-run for its GC-stress mode (a collection at every allocation).
pub const GC_STRESS_VAR: &str = "MPYC_GC_STRESS";

/// The heap of the small-heap runs, as given to both programs' `-X heapsize=`.
pub const SMALL_HEAP: &str = "64k";

/// `mpyc-run` from the same cargo build as the running test binary: the test executable lives
/// in `target/<host>/<profile>/deps/`, the workspace's binaries in `target/<host>/<profile>/`
/// (CI builds the workspace in the `ci` profile before testing). `MPYC_RUN` overrides.
/// Missing: fails (always in CI),
/// or skips loudly with `MPYC_SKIP_REFERENCE=1`.
pub fn find_mpyc_run(test: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(MPYC_RUN_VAR).filter(|v| !v.is_empty()) {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "{MPYC_RUN_VAR}={} does not exist or is not a file",
            p.display()
        );
        return Some(p);
    }
    let exe = std::env::current_exe().ok();
    let profile_dir = exe
        .as_deref()
        .and_then(|e| e.parent())
        .and_then(|deps| deps.parent());
    let name = format!("mpyc-run{}", std::env::consts::EXE_SUFFIX);
    let candidate = profile_dir.map(|d| d.join(&name));
    if let Some(p) = candidate.as_ref().filter(|p| p.is_file()) {
        return Some(p.clone());
    }
    let shown = candidate.map_or_else(|| name.clone(), |p| p.display().to_string());
    refs::missing(
        &format!("mpyc-run not found at {shown}"),
        "build it first in the same profile: `cargo build --profile ci -p mpyc-run` (or the \
         whole workspace), or point MPYC_RUN at a binary",
        &[refs::SKIP_REFERENCE],
        test,
    )
}

/// The variable that names the `circuitpython` build of mpyc-run.
pub const MPYC_RUN_CIRCUITPYTHON_VAR: &str = "MPYC_RUN_CIRCUITPYTHON";

/// The `circuitpython` build of mpyc-run: `.ci/build-circuitpython-run.sh` puts it at
/// `target/circuitpython/<host>/<profile>/mpyc-run`, beside the running test's profile;
/// `MPYC_RUN_CIRCUITPYTHON` overrides. Missing: fails (always in CI), or skips loudly with
/// `MPYC_SKIP_REFERENCE=1`.
pub fn find_circuitpython_run(test: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(MPYC_RUN_CIRCUITPYTHON_VAR).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    // The test runs from target/<host>/<profile>/deps/.
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    let host_dir = profile_dir.parent()?;
    let candidate = host_dir
        .parent()?
        .join("circuitpython")
        .join(host_dir.file_name()?)
        .join(profile_dir.file_name()?)
        .join(format!("mpyc-run{}", std::env::consts::EXE_SUFFIX));
    if candidate.is_file() {
        return Some(candidate);
    }
    refs::missing(
        &format!(
            "the circuitpython build of mpyc-run is not at {}",
            candidate.display()
        ),
        "bash .ci/build-circuitpython-run.sh (or set MPYC_RUN_CIRCUITPYTHON)",
        &[refs::SKIP_REFERENCE],
        test,
    )
}

/// What a corpus file asks of the harness.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Markers {
    /// Extra arguments for both programs on every run (`# runtime: heapsize=64k`).
    pub args: Vec<String>,
    /// Also run under a small heap (`-X heapsize=64k`): every file is, unless it says
    /// `# runtime: big-heap` (it does not fit in 64 KiB on the reference) or sets its own heap.
    pub small_heap: bool,
    /// Compare stderr too (`# runtime: stderr`, implied by the name `exc_uncaught_*`).
    pub stderr: bool,
    /// The file ends with a nonzero status on purpose (named `exc_uncaught_*` or `sys_exit_*`);
    /// any other file that fails on the reference is a corpus bug.
    pub may_fail: bool,
}

/// Read the markers: lines `# runtime: WORD[ WORD...]` anywhere in the file (`big-heap`,
/// `heapsize=N`, `stderr`), and the name.
pub fn markers(rel: &str, source: &str) -> Result<Markers, String> {
    let base = rel.rsplit('/').next().unwrap_or(rel);
    let uncaught = base.starts_with("exc_uncaught_");
    let mut m = Markers {
        stderr: uncaught,
        may_fail: uncaught || base.starts_with("sys_exit_"),
        small_heap: true,
        args: Vec::new(),
    };
    for line in source.lines() {
        let Some(rest) = line.trim().strip_prefix("# runtime:") else {
            continue;
        };
        for word in rest.split_whitespace() {
            match word {
                "big-heap" => m.small_heap = false,
                "stderr" => m.stderr = true,
                w if w.starts_with("heapsize=") => {
                    m.small_heap = false;
                    m.args.push("-X".into());
                    m.args.push(w.to_string());
                }
                other => return Err(format!("unknown `# runtime:` marker `{other}`")),
            }
        }
    }
    Ok(m)
}

/// The runs the harness makes of a file; the known-failures list names a run as `file.py`
/// (the plain run), `file.py@gcstress` or `file.py@small-heap`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    Plain,
    GcStress,
    SmallHeap,
}

impl Mode {
    /// The key of a run of `rel` in the known-failures list.
    pub fn key(self, rel: &str) -> String {
        match self {
            Mode::Plain => rel.to_string(),
            Mode::GcStress => format!("{rel}@gcstress"),
            Mode::SmallHeap => format!("{rel}@small-heap"),
        }
    }
}

/// The header of `tests/runtime-known-failures.txt`, written back by the update mode.
pub const KNOWN_HEADER: &str = "\
# Runs of tests/runtime-corpus/ files that mpyc-run does not pass yet, one a line:
# `<file.py>[@gcstress|@small-heap]  <reason>` (the format of tests/known-differences.txt).
# The runtime test fails when a listed run passes (remove it from the list) and when an unlisted
# run fails. Regenerate with the current failures (keeps the reasons of entries still failing,
# gives new ones a generic reason to refine):
#   cargo build --release -p mpyc-run && \\
#   MPYC_RUNTIME_UPDATE_KNOWN=1 cargo test --release -p mpyc-tests --test runtime
";

/// The start of the reasons the update mode writes.
const GENERIC: &str = "not supported by mpyc-run yet ";

/// The text of the list after a run: `old` entries of runs that still fail keep their reason
/// (unless it is the generic one), runs not in `seen` (filtered out of this run) keep their
/// entry, new failures get the generic reason with the failure summary.
pub fn updated_list(
    old: &BTreeMap<String, String>,
    seen: &[String],
    failing: &BTreeMap<String, String>,
) -> String {
    updated_list_with_header(KNOWN_HEADER, old, seen, failing)
}

/// [`updated_list`] for another list, with its own header.
pub fn updated_list_with_header(
    header: &str,
    old: &BTreeMap<String, String>,
    seen: &[String],
    failing: &BTreeMap<String, String>,
) -> String {
    let mut entries: BTreeMap<String, String> = old
        .iter()
        .filter(|(k, _)| !seen.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, summary) in failing {
        // A reason someone wrote stays; a generic one is refreshed with today's failure.
        let reason = old
            .get(key)
            .filter(|r| !r.starts_with(GENERIC))
            .cloned()
            .unwrap_or_else(|| format!("{GENERIC}({summary})"));
        entries.insert(key.clone(), reason);
    }
    let width = entries.keys().map(String::len).max().unwrap_or(0);
    let mut out = String::from(header);
    for (key, reason) in entries {
        // A reason is one line in this format.
        let reason = reason.replace(['\n', '\r'], " ");
        let _ = writeln!(out, "{key:width$}  {reason}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_from_names_and_comments() {
        let m = markers("exc_uncaught_x.py", "print(1)\n").unwrap_or_default();
        assert!(m.stderr && m.may_fail && m.small_heap && m.args.is_empty());
        let m = markers("sys_exit_3.py", "").unwrap_or_default();
        assert!(!m.stderr && m.may_fail);
        let m = markers("a.py", "# runtime: heapsize=64k\n# runtime: stderr\n").unwrap_or_default();
        assert_eq!(m.args, ["-X", "heapsize=64k"]);
        assert!(!m.small_heap && m.stderr && !m.may_fail);
        let m = markers("a.py", "# runtime: big-heap\n").unwrap_or_default();
        assert!(!m.small_heap && !m.stderr);
        assert!(markers("a.py", "# runtime: bogus\n").is_err());
    }

    #[test]
    fn update_keeps_reasons_and_unseen_entries() {
        let old = crate::known::parse(
            "a.py  real reason\nb.py  fixed now\nz.py  filtered out\nd.py  not supported by mpyc-run yet (old)\n",
        )
        .unwrap_or_default();
        let seen: Vec<String> = ["a.py", "b.py", "c.py", "d.py"].map(String::from).to_vec();
        let failing: BTreeMap<String, String> = [
            ("a.py".to_string(), "x".to_string()),
            ("c.py".to_string(), "exit 1".to_string()),
            ("d.py".to_string(), "new".to_string()),
        ]
        .into();
        let text = updated_list(&old, &seen, &failing);
        let parsed = crate::known::parse(&text).unwrap_or_default();
        assert_eq!(parsed.get("a.py").map(String::as_str), Some("real reason"));
        assert!(!parsed.contains_key("b.py"));
        assert_eq!(
            parsed.get("c.py").map(String::as_str),
            Some("not supported by mpyc-run yet (exit 1)")
        );
        assert_eq!(parsed.get("z.py").map(String::as_str), Some("filtered out"));
    }
}
