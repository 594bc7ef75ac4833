//! `mpyc --batch` (mpyc::batch) against single-file mode of the same binary: over a copy of
//! `tests/corpus/` spread into subdirectories, every output is byte-identical to
//! `mpyc -s <relative path> -o <out> <input>`, with 1 thread and with 4; the output tree mirrors
//! the input tree; a failing file is reported as single-file mode reports it and the others are
//! still compiled, with exit status 1; unchanged outputs are not rewritten.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

const MPYC: &str = env!("CARGO_BIN_EXE_mpyc");

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mpyc-batch-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

fn mpyc(cwd: &Path, args: &[&str]) -> Output {
    Command::new(MPYC)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run mpyc")
}

/// `tests/corpus/*.py` copied under `root/src`, every third file one level down (`a/`) and every
/// third two levels down (`b/c/`), plus a hidden directory that must be skipped. Returns the
/// relative paths of the .py files.
fn make_tree(root: &Path) -> Vec<String> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let mut names: Vec<String> = fs::read_dir(&corpus)
        .expect("read tests/corpus")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .into_string()
                .expect("utf-8")
        })
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    assert!(names.len() >= 20, "tests/corpus looks empty");
    let mut rels = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let rel = match i % 3 {
            0 => name.clone(),
            1 => format!("a/{name}"),
            _ => format!("b/c/{name}"),
        };
        let dest = root.join("src").join(&rel);
        fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        fs::copy(corpus.join(name), &dest).expect("copy");
        rels.push(rel);
    }
    fs::create_dir_all(root.join("src/.hidden")).expect("mkdir");
    fs::write(root.join("src/.hidden/skipped.py"), "x = 1\n").expect("write");
    fs::write(root.join("src/a/notes.txt"), "not python\n").expect("write");
    rels
}

/// Every file under `dir`, relative path -> bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry"))
        {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("prefix");
                let rel = rel.to_str().expect("utf-8").to_string();
                out.insert(rel, fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn mpy_name(rel: &str) -> String {
    format!("{}.mpy", rel.strip_suffix(".py").expect(".py"))
}

#[test]
fn batch_equals_single_file_mode_with_any_thread_count() {
    let root = scratch("equal");
    let rels = make_tree(&root);
    fs::write(root.join("lone.py"), "print('lone')\n").expect("write");

    // Single-file mode, one process per file, embedding the relative path.
    let mut want = BTreeMap::new();
    for rel in &rels {
        let out = root.join("single.mpy");
        let input = format!("src/{rel}");
        let run = mpyc(&root, &["-s", rel, "-o", "single.mpy", &input]);
        assert!(run.status.success(), "{rel}: {run:?}");
        want.insert(mpy_name(rel), fs::read(&out).expect("read"));
    }
    let run = mpyc(&root, &["-s", "lone.py", "-o", "single.mpy", "lone.py"]);
    assert!(run.status.success());
    want.insert(
        "lone.mpy".into(),
        fs::read(root.join("single.mpy")).expect("read"),
    );

    for threads in ["1", "4"] {
        let out = format!("out{threads}");
        let run = mpyc(
            &root,
            &["--batch", "-j", threads, "-o", &out, "src/", "lone.py"],
        );
        assert!(run.status.success(), "{run:?}");
        assert!(run.stderr.is_empty() && run.stdout.is_empty(), "{run:?}");
        let got = tree(&root.join(&out));
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "output tree with {threads} threads"
        );
        for (name, bytes) in &want {
            assert!(
                got.get(name) == Some(bytes),
                "{name} differs with {threads} threads"
            );
        }
    }
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn failures_are_reported_and_the_rest_is_compiled() {
    let root = scratch("errors");
    let rels = make_tree(&root);
    fs::write(root.join("src/a/bad_syntax.py"), "x = (\n").expect("write");
    fs::write(
        root.join("src/b/bad_scope.py"),
        "def f():\n    return\nreturn 1\n",
    )
    .expect("write");

    // 252 + "src/b/" is longer than a qstr can be: `RuntimeError: name too long`, no file named.
    let long = format!("{}.py", "x".repeat(249));
    fs::write(root.join("src/b").join(&long), "x = 1\n").expect("write");
    let mut want_errors = String::new();
    for bad in ["a/bad_syntax.py", "b/bad_scope.py"] {
        let input = format!("src/{bad}");
        let run = mpyc(&root, &["-s", bad, "-o", "x.mpy", &input]);
        assert!(!run.status.success());
        let text = String::from_utf8(run.stderr).expect("utf-8");
        assert!(!text.is_empty());
        want_errors.push_str(&text);
    }
    let missing = mpyc(&root, &["-o", "x.mpy", "missing.py"]);
    let missing = String::from_utf8(missing.stderr).expect("utf-8");
    assert_eq!(missing, "OSError: (2, \"can't open missing.py\")\n");

    for threads in ["1", "3"] {
        let out = format!("out{threads}");
        let run = mpyc(
            &root,
            &["--batch", "-j", threads, "-o", &out, "src", "missing.py"],
        );
        assert_eq!(run.status.code(), Some(1), "{run:?}");
        let stderr = String::from_utf8(run.stderr).expect("utf-8");
        // Inputs that cannot be planned first, then compile errors in input order.
        assert!(stderr.starts_with(&missing), "{stderr}");
        let rest = stderr.strip_prefix(&missing).unwrap_or_default();
        // Each report as single-file mode prints it; one that names no file gets a header.
        let long_header = format!("src/b/{long}:\nRuntimeError: name too long\n");
        assert_eq!(
            rest,
            format!("{want_errors}{long_header}"),
            "{threads} threads"
        );
        let got = tree(&root.join(&out));
        assert_eq!(got.len(), rels.len(), "every good file compiled");
        for rel in &rels {
            assert!(got.contains_key(&mpy_name(rel)), "{rel}");
        }
    }
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn unchanged_outputs_are_not_rewritten() {
    let root = scratch("unchanged");
    let rels = make_tree(&root);
    let run = mpyc(&root, &["--batch", "-o", "out", "src"]);
    assert!(run.status.success(), "{run:?}");

    // Backdate every output, so that a rewrite would be visible at any timestamp resolution.
    let old = SystemTime::now() - Duration::from_secs(3600);
    for rel in &rels {
        let file = fs::File::options()
            .append(true)
            .open(root.join("out").join(mpy_name(rel)))
            .expect("open output");
        file.set_modified(old).expect("set mtime");
    }
    let changed = &rels[1];
    fs::write(root.join("src").join(changed), "changed = True\n").expect("write");

    let run = mpyc(&root, &["--batch", "-j", "2", "-o", "out", "src"]);
    assert!(run.status.success(), "{run:?}");
    for rel in &rels {
        let out = root.join("out").join(mpy_name(rel));
        let mtime = fs::metadata(&out)
            .and_then(|m| m.modified())
            .expect("mtime");
        if rel == changed {
            assert!(mtime > old, "{rel} was not rewritten");
            let single = mpyc(&root, &["-s", rel, "-o", "x.mpy", &format!("src/{rel}")]);
            assert!(single.status.success());
            assert_eq!(fs::read(&out).ok(), fs::read(root.join("x.mpy")).ok());
        } else {
            assert_eq!(mtime, old, "{rel} was rewritten");
        }
    }
    // No temporary files are left behind.
    assert!(tree(&root.join("out")).keys().all(|k| k.ends_with(".mpy")));
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn command_line_rules() {
    let root = scratch("cli");
    fs::write(root.join("a.py"), "a = 1\n").expect("write");
    fs::write(root.join("b.py"), "b = 2\n").expect("write");
    // The reference's grammar is untouched without --batch.
    let run = mpyc(&root, &["a.py", "b.py"]);
    assert_eq!(run.stderr, b"multiple input files\n");
    let run = mpyc(&root, &["--batch", "a.py"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(run.stderr, b"--batch needs -o OUTPUT_DIRECTORY\n");
    // Two inputs that would write the same output: the second one is an error.
    fs::create_dir_all(root.join("sub")).expect("mkdir");
    fs::write(root.join("sub/a.py"), "a = 3\n").expect("write");
    let run = mpyc(&root, &["--batch", "-o", "out", "a.py", "sub/a.py", "b.py"]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).expect("utf-8");
    assert!(
        stderr.contains("a.py and sub/a.py both compile to"),
        "{stderr}"
    );
    assert_eq!(
        tree(&root.join("out")).keys().collect::<Vec<_>>(),
        ["a.mpy", "b.mpy"]
    );
    let _ = fs::remove_dir_all(&root);
}
