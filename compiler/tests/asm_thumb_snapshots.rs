//! insta snapshots of `mpyc --dump` for `@micropython.asm_thumb` code, one per feature file
//! and Thumb arch: the raw-code tree, the machine code in hex and its Thumb disassembly (or the
//! error text where the arch rejects the file). Stored in `snapshots/mpyc-asm-thumb/` at the
//! top of the workspace; the bytes themselves are compared with the reference by
//! `tests/tests/asm_thumb.rs`, the decoder with objdump by `targets/tests/thumb_objdump.rs`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use mpyc::dump::dump_text;
use mpyc::Options;

const ARCHS: [&str; 5] = ["armv6m", "armv7m", "armv7em", "armv7emsp", "armv7emdp"];

/// Feature files of `tests/corpus-asm-thumb/` with a snapshot per arch.
const FILES: [&str; 8] = [
    "alu_format4.py",
    "ldr_str.py",
    "push_pop_wide.py",
    "branch_cond_w.py",
    "it_blocks.py",
    "movw_movt.py",
    "vfp_unary.py",
    "data_align.py",
];

fn corpus_dir() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent()
        .unwrap_or(here)
        .join("tests")
        .join("corpus-asm-thumb")
}

#[test]
fn asm_thumb_dumps_per_arch() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots/mpyc-asm-thumb");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut failed = Vec::new();
    for name in FILES {
        let path = corpus_dir().join(name);
        let source =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let stem = name.trim_end_matches(".py");
        for arch in ARCHS {
            let opts = Options {
                source_name: name.to_string(),
                arch: mpy_format::arch::Arch::from_name(arch.as_bytes()),
                ..Options::default()
            };
            let text = match mpyc::compile(&source, name, &opts) {
                Ok(mpy) => dump_text(&mpy),
                Err(e) => e.to_string(),
            };
            let mut s = settings.clone();
            s.set_input_file(&path);
            s.set_description(format!(
                "mpyc --dump -march={arch} tests/corpus-asm-thumb/{name}"
            ));
            let r = catch_unwind(AssertUnwindSafe(|| {
                s.bind(|| insta::assert_snapshot!(format!("{stem}@{arch}"), text));
            }));
            if r.is_err() {
                failed.push(format!("{stem}@{arch}"));
            }
        }
    }
    assert!(failed.is_empty(), "changed snapshots: {failed:?}");
}
