//! `mpyc::freeze` (the `build.rs` API): a folder with modules and a package is frozen into a
//! Rust file, which is compiled with `rustc` and run to print what it embeds; every module's
//! bytes must be those the `mpyc` binary and the reference `mpy-cross` write for the file with
//! `-s <relative path>` (and the same `-O` / `-march`). Errors come back as the reference's
//! error text.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use mpyc::freeze::Freezer;
use mpyc::Arch;
use mpyc_tests::compile::{Outcome, Reference};

const MPYC: &str = env!("CARGO_BIN_EXE_mpyc");

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mpyc-freeze-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

fn reference() -> Option<Reference> {
    let binary = mpyc_tests::refs::find(mpyc_tests::refs::Tool::MpyCross, "freeze")?;
    Some(Reference { binary })
}

fn put(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write source");
}

/// The modules of the frozen tree: (relative path, module name, source).
const TREE: &[(&str, &str, &str)] = &[
    (
        "main.py",
        "main",
        "import util\nassert util.twice(2) == 4, 'maths'\nif __debug__:\n    print('debug')\n",
    ),
    ("pkg/__init__.py", "pkg", "VERSION = (1, 2)\n"),
    (
        "pkg/mod.py",
        "pkg.mod",
        // Bytes that need escaping in a byte-string literal: quote, backslash, spaces, NUL.
        "DATA = b'\"\\\\  \\x00 end'\ndef f(x):\n    return x + 1\n",
    ),
    ("util.py", "util", "def twice(x):\n    return 2 * x\n"),
];

/// A module with native code, frozen when an arch is given (it cannot compile without one).
const NATIVE: (&str, &str, &str) = (
    "fast.py",
    "fast",
    "@micropython.native\ndef twice(x):\n    return 2 * x\n",
);

/// The tree under `root/src` (`modules`), plus files that must not be frozen.
fn make_tree(root: &Path, modules: &[(&str, &str, &str)]) -> PathBuf {
    let src = root.join("src");
    for (rel, _, text) in modules {
        put(&src, rel, text);
    }
    put(&src, ".hidden.py", "this is not python (\n");
    put(&src, ".git/x.py", "neither (\n");
    put(&src, "notes.txt", "not a module\n");
    src
}

/// Compile `frozen` (a generated file) into a program that prints each module's name and hex
/// bytes, run it, and read back the table.
fn embedded(frozen: &Path, work: &Path) -> Vec<(String, Vec<u8>)> {
    let main = work.join("main.rs");
    let text = format!(
        "include!({:?});\nfn main() {{\n    for (name, mpy) in FROZEN_MODULES {{\n        \
         let hex: String = mpy.iter().map(|b| format!(\"{{b:02x}}\")).collect();\n        \
         println!(\"{{name}} {{hex}}\");\n    }}\n    \
         for name in FROZEN_PACKAGES {{\n        println!(\"package: {{name}}\");\n    }}\n}}\n",
        frozen.display().to_string()
    );
    fs::write(&main, text).expect("write main.rs");
    let exe = work.join("frozen-table");
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let built = Command::new(rustc)
        .args(["--edition", "2021", "-D", "warnings", "-o"])
        .arg(&exe)
        .arg(&main)
        .output()
        .expect("run rustc");
    assert!(
        built.status.success(),
        "the generated file does not compile:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let run = Command::new(&exe).output().expect("run the table printer");
    assert!(run.status.success());
    let stdout = String::from_utf8(run.stdout).expect("utf-8");
    let packages: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("package: "))
        .collect();
    assert_eq!(packages, ["pkg"], "FROZEN_PACKAGES");
    stdout
        .lines()
        .filter(|l| !l.starts_with("package: "))
        .map(|line| {
            let (name, hex) = line.split_once(' ').expect("name and bytes");
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
                .collect();
            (name.to_string(), bytes)
        })
        .collect()
}

/// What `mpyc` (the binary) prints or writes for `input` with `-s rel` and `args`.
fn mpyc_binary(cwd: &Path, input: &str, rel: &str, opt_level: u8, args: &[&str]) -> Outcome {
    let out = cwd.join("mpyc-out.mpy");
    let _ = fs::remove_file(&out);
    let mut cmd = Command::new(MPYC);
    cmd.current_dir(cwd);
    if opt_level > 0 {
        cmd.arg(format!("-O{opt_level}"));
    }
    let done = cmd
        .args(["-s", rel])
        .args(args)
        .arg("-o")
        .arg(&out)
        .arg(input)
        .output()
        .expect("run mpyc");
    match done.status.code() {
        Some(0) => Outcome::Mpy(fs::read(&out).expect("mpyc output")),
        Some(1) => Outcome::Error(String::from_utf8_lossy(&done.stderr).into_owned()),
        other => Outcome::Broken(format!("mpyc exited with {other:?}")),
    }
}

/// Freeze the tree with `opt_level` and `arch`, and check every module against both compilers.
/// Returns the embedded table.
fn check_tree(name: &str, opt_level: u8, arch: Option<Arch>) -> Option<Vec<(String, Vec<u8>)>> {
    let reference = reference()?;
    let root = scratch(name);
    let mut modules = TREE.to_vec();
    if arch.is_some() {
        modules.push(NATIVE);
        modules.sort();
    }
    let src = make_tree(&root, &modules);
    let mut freezer = Freezer::new(&src).opt_level(opt_level);
    if let Some(arch) = arch {
        freezer = freezer.arch(arch);
    }
    let out = root.join("frozen.rs");
    let read = freezer.write_rust(&out).expect("freeze");
    let expected_read: Vec<PathBuf> = modules.iter().map(|(rel, _, _)| src.join(rel)).collect();
    assert_eq!(read, expected_read, "the files read, in sorted order");

    let table = embedded(&out, &root);
    let names: Vec<&str> = table.iter().map(|(n, _)| n.as_str()).collect();
    let expected_names: Vec<&str> = modules.iter().map(|(_, n, _)| *n).collect();
    assert_eq!(names, expected_names);

    let march = arch.map(|a| format!("-march={}", a.name()));
    let args: Vec<&str> = march.iter().map(String::as_str).collect();
    for ((rel, _, _), (name, bytes)) in modules.iter().zip(&table) {
        let input = src.join(rel).display().to_string();
        let ours = mpyc_binary(&root, &input, rel, opt_level, &args);
        assert_eq!(ours, Outcome::Mpy(bytes.clone()), "{name}: mpyc binary");
        let mut ref_args = vec!["-s", rel];
        ref_args.extend(&args);
        let theirs = reference.compile_args(&root, &input, opt_level, &ref_args);
        assert_eq!(theirs, Outcome::Mpy(bytes.clone()), "{name}: reference");
    }

    // Freezing again leaves the generated file alone.
    let before = fs::metadata(&out)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    freezer.write_rust(&out).expect("freeze again");
    let after = fs::metadata(&out)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(
        before, after,
        "an unchanged generated file is not rewritten"
    );
    let _ = fs::remove_dir_all(&root);
    Some(table)
}

#[test]
fn frozen_bytes_match_both_compilers_and_options_are_honoured() {
    let Some(plain) = check_tree("plain", 0, None) else {
        return;
    };
    let Some(tuned) = check_tree("tuned", 2, Some(Arch::X64)) else {
        return;
    };
    let plain: BTreeMap<_, _> = plain.into_iter().collect();
    let tuned: BTreeMap<_, _> = tuned.into_iter().collect();
    // -O2 drops the assert and the `if __debug__` body; -march lets `fast` hold x64 code, and
    // its header (byte 2: arch << 2) says so.
    assert!(tuned["main"].len() < plain["main"].len(), "-O2 not applied");
    assert!(!plain.contains_key("fast"));
    assert_eq!(tuned["fast"][2] >> 2, Arch::X64 as u8, "-march not applied");
}

/// A module that does not compile: the error is the text `mpyc` and the reference print.
#[test]
fn compile_errors_are_the_reference_text() {
    let Some(reference) = reference() else {
        return;
    };
    // A parser error (names the input path) and a compiler error (names the source name).
    for (case, text) in [
        ("parse", "x = (\n"),
        ("compile", "def f():\n    pass\nreturn 1\n"),
    ] {
        let root = scratch(case);
        let src = root.join("src");
        put(&src, "a.py", "A = 1\n");
        put(&src, "sub/bad.py", text);
        let out = root.join("frozen.rs");
        let err = Freezer::new(&src)
            .write_rust(&out)
            .expect_err("bad.py must fail");
        let input = src.join("sub/bad.py").display().to_string();
        let Outcome::Error(theirs) =
            reference.compile_args(&root, &input, 0, &["-s", "sub/bad.py"])
        else {
            panic!("{case}: the reference compiled bad.py");
        };
        assert_eq!(err.to_string(), theirs, "{case}: reference text");
        let ours = mpyc_binary(&root, &input, "sub/bad.py", 0, &[]);
        assert_eq!(ours, Outcome::Error(theirs), "{case}: mpyc binary");
        assert!(!out.exists(), "{case}: nothing written on error");
        let _ = fs::remove_dir_all(&root);
    }
}

#[test]
fn walk_and_name_errors() {
    let root = scratch("names");
    let missing = root.join("nowhere");
    let err = Freezer::new(&missing)
        .compile()
        .expect_err("missing folder");
    assert!(
        err.to_string().starts_with("OSError: (2, 'can't open ")
            || err.to_string().starts_with("OSError: (2, \"can't open "),
        "{err}"
    );
    put(&root, "__init__.py", "");
    let err = Freezer::new(&root)
        .compile()
        .expect_err("top-level __init__.py");
    assert!(
        err.to_string().contains("__init__.py has no module name"),
        "{err}"
    );
    let _ = fs::remove_dir_all(&root);
}
