//! Insta snapshots of `mpyc --dump` for the native and viper fixtures in
//! `tests/fixtures-native/`: the .mpy disassembly (prelude, qstr and constant tables) plus the
//! machine-code listing with fun-table calls named, for `-march=x64`, `x86`, `armv6m` and
//! `armv7m` (armv7em/emsp/emdp emit the same code) at -O0
//! and -O3, stored as `snapshots/mpyc-native/<fixture>@<arch>-O<level>.snap`. Byte identity
//! with the reference is checked by `tests/tests/native.rs` (mpyc-tests); these snapshots make
//! a change of the emitted code visible in review.
//!
//! With `CI` set (or `INSTA_UPDATE=no`) a changed or missing snapshot fails; locally review
//! with `cargo insta review`. [`no_stale_native_snapshots`]: none left from deleted fixtures.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use mpyc::dump::dump_text;
use mpyc::{Arch, Options};

const ARCHS: [(&str, Arch); 4] = [
    ("x64", Arch::X64),
    ("x86", Arch::X86),
    ("armv6m", Arch::Armv6m),
    ("armv7m", Arch::Armv7m),
];
const LEVELS: [u8; 2] = [0, 3];

fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

fn fixtures() -> Vec<String> {
    let dir = repo_root().join("tests").join("fixtures-native");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no fixtures in {}", dir.display());
    names
}

fn dump(name: &str, arch: Arch, level: u8) -> String {
    let path = repo_root().join("tests").join("fixtures-native").join(name);
    let source =
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let opts = Options {
        source_name: name.to_string(),
        opt_level: level,
        arch: Some(arch),
        ..Default::default()
    };
    match mpyc::compile(&source, name, &opts) {
        Ok(mpy) => dump_text(&mpy),
        Err(e) => e.to_string(),
    }
}

#[test]
fn native_disassembly() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots/mpyc-native");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut failed = Vec::new();
    for name in fixtures() {
        let stem = name.trim_end_matches(".py").to_string();
        for (arch_name, arch) in ARCHS {
            for level in LEVELS {
                let text = dump(&name, arch, level);
                let key = format!("{stem}@{arch_name}-O{level}");
                let r = catch_unwind(AssertUnwindSafe(|| {
                    settings.bind(|| insta::assert_snapshot!(key.clone(), text));
                }));
                if r.is_err() {
                    failed.push(key);
                }
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{} snapshot(s) changed or new, review them (cargo insta review) and commit: {}",
        failed.len(),
        failed.join(", ")
    );
}

#[test]
fn no_stale_native_snapshots() {
    let dir = repo_root().join("snapshots").join("mpyc-native");
    let mut live = Vec::new();
    for name in fixtures() {
        let stem = name.trim_end_matches(".py");
        for (arch_name, _) in ARCHS {
            for level in LEVELS {
                live.push(format!("{stem}@{arch_name}-O{level}.snap"));
            }
        }
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.ends_with(".snap") {
            assert!(
                live.contains(&n),
                "stale snapshot snapshots/mpyc-native/{n}"
            );
        }
    }
}
