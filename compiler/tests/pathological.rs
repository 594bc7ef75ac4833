//! Pathological but valid shapes for the `mpyc` executable: jumps whose sizes settle over
//! thousands of EMIT passes, and deep nesting. Time and peak memory are bounded, measured on
//! the child process itself (CPU time and peak RSS from `wait4`, so that other tests running
//! at the same time do not count); where the reference compiles the file, the bytes are its
//! bytes, and where it fails, the error is its error.
//!
//! Needs the reference (see `mpyc_tests::refs`); a few seconds in the `ci` profile.
#![cfg(target_os = "linux")]
#![allow(unsafe_code)]

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const MPYC: &str = env!("CARGO_BIN_EXE_mpyc");

fn reference(test: &str) -> Option<PathBuf> {
    mpyc_tests::refs::find(mpyc_tests::refs::Tool::MpyCross, test)
}

fn fresh_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mpyc-patho-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("make test dir");
    dir
}

/// How one run ended, and what it cost.
struct Measured {
    status: i32,
    stderr: String,
    /// User + system CPU time.
    cpu: Duration,
    /// Peak resident set, KiB.
    max_rss_kib: i64,
}

/// Run `prog args` in `dir`, reaping it with `wait4` for its own resource usage.
fn measured(dir: &Path, prog: &Path, args: &[&str]) -> Measured {
    let err_path = dir.join("stderr.txt");
    #[allow(clippy::zombie_processes)] // reaped by `wait4` below
    let child = Command::new(prog)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("spawn");
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `wait4` on our own child's pid with valid pointers to locals; the child is reaped
    // here and never waited for through `std` (dropping a `Child` does not wait).
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Measured {
        status: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            128 + libc::WTERMSIG(status)
        },
        stderr: fs::read_to_string(&err_path).unwrap_or_default(),
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        max_rss_kib: usage.ru_maxrss,
    }
}

/// `name` compiled by both: the same status and error text, and the same bytes on success.
/// Returns both runs, ours first.
fn same_as_reference(reference: &Path, dir: &Path, name: &str) -> (Measured, Measured) {
    let ours = measured(dir, Path::new(MPYC), &[name, "-o", "mpyc.mpy"]);
    let theirs = measured(dir, reference, &[name, "-o", "ref.mpy"]);
    assert_eq!(
        (ours.status, &ours.stderr),
        (theirs.status, &theirs.stderr),
        "{name}: mpyc vs reference"
    );
    if ours.status == 0 {
        let a = fs::read(dir.join("mpyc.mpy")).expect("mpyc output");
        let b = fs::read(dir.join("ref.mpy")).expect("reference output");
        assert!(a == b, "{name}: .mpy bytes differ from the reference's");
    }
    let _ = fs::remove_file(dir.join("mpyc.mpy"));
    let _ = fs::remove_file(dir.join("ref.mpy"));
    (ours, theirs)
}

/// Write the source made by `gen` to `dir/name` without holding it: the peak RSS `wait4`
/// reports for a child includes this process's own peak at the time it spawned the child
/// (Linux keeps the larger of the two across `exec`), so this process stays small.
fn write_source(dir: &Path, name: &str, gen: impl FnOnce(&mut dyn Write)) -> u64 {
    let path = dir.join(name);
    let mut out = BufWriter::new(fs::File::create(&path).expect("create source"));
    gen(&mut out);
    out.flush().expect("write source");
    fs::metadata(&path).expect("source written").len()
}

/// A source generator for [`write_source`].
type Gen = Box<dyn FnOnce(&mut dyn Write)>;

/// `n` one-line `if`s: each jump settles only after the ones before it did (about 64 per pass).
fn one_line_ifs(n: usize) -> impl FnOnce(&mut dyn Write) {
    move |w| {
        let _ = writeln!(w, "x = 1");
        for _ in 0..n {
            let _ = writeln!(w, "if x: pass");
        }
    }
}

/// An `if`/`elif` chain of `n` branches.
fn elif_chain(n: usize) -> impl FnOnce(&mut dyn Write) {
    move |w| {
        let _ = write!(w, "x = 1\nif x == 0:\n    y = 0\n");
        for i in 1..n {
            let _ = write!(w, "elif x == {i}:\n    y = {i}\n");
        }
    }
}

/// `n` conditional expressions, each the else branch of the one before.
fn ternaries(n: usize) -> impl FnOnce(&mut dyn Write) {
    move |w| {
        let _ = write!(w, "x = 1\ny = ");
        for i in 0..n {
            let _ = write!(w, "{i} if x == {i} else ");
        }
        let _ = writeln!(w, "-1");
    }
}

/// A loop of `n` conditional `break`s, and a `for` with `continue`s and an `else`.
fn breaks(n: usize) -> impl FnOnce(&mut dyn Write) {
    move |w| {
        let _ = write!(w, "x = 1\nwhile x:\n");
        for i in 0..n {
            let _ = write!(w, "    if x == {i}:\n        break\n");
        }
        let _ = writeln!(w, "for i in range(3):");
        for i in 0..n / 2 {
            let _ = write!(w, "    if i == {i}:\n        continue\n    x += {i}\n");
        }
        let _ = write!(w, "else:\n    x = 0\n");
    }
}

/// `n` nested `try:` blocks, each with a bare `except:` (one more space each level).
fn nested_try(n: usize) -> impl FnOnce(&mut dyn Write) {
    move |w| {
        for k in 0..n {
            let _ = writeln!(w, "{:k$}try:", "");
        }
        let _ = writeln!(w, "{:n$}pass", "");
        for k in (0..n).rev() {
            let _ = write!(w, "{:k$}except:\n{:m$}pass\n", "", "", m = k + 1);
        }
    }
}

/// `n` statements nested with `head` (`for i{k} in x:`...), one more space each level.
fn nested(n: usize, head: fn(usize) -> String) -> impl FnOnce(&mut dyn Write) {
    move |w| {
        for k in 0..n {
            let _ = writeln!(w, "{:k$}{}", "", head(k));
        }
        let _ = writeln!(w, "{:n$}pass", "");
    }
}

#[test]
fn jump_settling_matches_reference_where_it_compiles() {
    let Some(reference) = reference("pathological::jump_settling") else {
        return;
    };
    let dir = fresh_dir("settle");
    let cases: [(&str, Gen); 5] = [
        ("ifs10k.py", Box::new(one_line_ifs(10_000))),
        ("elif1k.py", Box::new(elif_chain(1_000))),
        ("elif1400.py", Box::new(elif_chain(1_400))),
        ("tern1k.py", Box::new(ternaries(1_000))),
        ("brk1k.py", Box::new(breaks(1_000))),
    ];
    for (name, gen) in cases {
        write_source(&dir, name, gen);
        same_as_reference(&reference, &dir, name);
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn big_inputs_take_linear_time() {
    let dir = fresh_dir("linear");
    // (name, source, status, CPU time before the fix): none may take 1.5 s of CPU now (a
    // few tenths of a second each).
    let cases: [(&str, Gen, i32, &str); 5] = [
        // About 2,400 EMIT passes, each over the whole scope before.
        ("ifs.py", Box::new(one_line_ifs(150_000)), 0, "2.4 s"),
        (
            "defs.py",
            Box::new(|w: &mut dyn Write| {
                for i in 0..25_000 {
                    let _ = write!(w, "def f{i}(a, b=1):\n    return a + b\n");
                }
            }),
            0,
            "4 s",
        ),
        (
            "methods.py",
            Box::new(|w: &mut dyn Write| {
                let _ = writeln!(w, "class C:");
                for i in 0..40_000 {
                    let _ = write!(w, "    def m{i}(self, a):\n        return a\n");
                }
            }),
            0,
            "12 s",
        ),
        (
            "fstring.py",
            Box::new(|w: &mut dyn Write| {
                let _ = write!(w, "x = 1\ny = f\"");
                for _ in 0..100_000 {
                    let _ = write!(w, "{{x}}a");
                }
                let _ = writeln!(w, "\"");
            }),
            // 100,000 arguments to `format`: the reference's heap would not hold them.
            1,
            "8 s",
        ),
        (
            // Closures over 255 cells are where the reference aborts (an assertion).
            "closure.py",
            Box::new(|w: &mut dyn Write| {
                let _ = writeln!(w, "def f():");
                for i in 0..20_000 {
                    let _ = writeln!(w, "    v{i} = {i}");
                }
                let _ = write!(w, "    def g():\n        return v0");
                for i in 1..20_000 {
                    let _ = write!(w, " + v{i}");
                }
                let _ = writeln!(w);
            }),
            0,
            "2.3 s",
        ),
    ];
    for (name, gen, status, before) in cases {
        write_source(&dir, name, gen);
        let m = measured(&dir, Path::new(MPYC), &[name, "-o", "out.mpy"]);
        assert_eq!(m.status, status, "{name}: {}", m.stderr);
        assert!(
            m.cpu < Duration::from_millis(1500),
            "{name} took {:?} (before the fix: {before})",
            m.cpu
        );
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn deep_nesting_is_quick_and_small() {
    let Some(reference) = reference("pathological::deep_nesting") else {
        return;
    };
    let dir = fresh_dir("nesting");
    // (name, source, peak RSS bound in KiB, bound as a multiple of the reference's peak).
    // Measured in the `ci` profile, KiB (reference's in brackets): with3k 8,000 (2,600),
    // for5k 10,100 (3,400), if5k 9,600 (3,300), def3k 7,100 (2,900), try3k 8,800 (2,700),
    // brackets5k 13,100 (3,200); the bounds leave about 20%. Blocks are outlined as the
    // source is read (`mpyc::outline`), so neither the source (12 MB of indentation at 5,000
    // levels, 37 MB for `try`) nor ruff's recursion over all its levels is held at once;
    // what is left is a tree node and a frame of lowering and code generation per level. A
    // bracket nesting is one line, parsed by ruff's recursion (1.2 to 2 KiB a level).
    let cases: [(&str, Gen, i64, i64); 6] = [
        (
            "with3k.py",
            Box::new(nested(3_000, |k| format!("with x{k}:"))),
            9_600,
            4,
        ),
        (
            "for5k.py",
            Box::new(nested(5_000, |k| format!("for i{k} in x:"))),
            12_100,
            4,
        ),
        (
            "if5k.py",
            Box::new(nested(5_000, |k| format!("if x{k}:"))),
            11_600,
            4,
        ),
        (
            "def3k.py",
            Box::new(nested(3_000, |k| format!("def f{k}():"))),
            8_500,
            4,
        ),
        ("try3k.py", Box::new(nested_try(3_000)), 10_500, 4),
        (
            "brackets5k.py",
            Box::new(|w: &mut dyn Write| {
                let _ = writeln!(w, "y = {}{}", "[".repeat(5_000), "]".repeat(5_000));
            }),
            15_700,
            5,
        ),
    ];
    // A syntax error deep in a nested file: the reference's error (the file is compiled
    // whole for it, see `mpyc::compile_outlined`), at its innermost level and after blocks
    // closed.
    let errors: [(&str, Gen); 2] = [
        (
            "synerr3k.py",
            Box::new(|w: &mut dyn Write| {
                nested(3_000, |k| format!("if x{k}:"))(w);
                let _ = writeln!(w, "{}y = )", " ".repeat(3_000));
            }),
        ),
        (
            "dedent3k.py",
            Box::new(|w: &mut dyn Write| {
                nested(3_000, |k| format!("while x{k}:"))(w);
                // An indent after a line that opens no block.
                let _ = write!(
                    w,
                    "{}y = 1\n{}z = 2\n",
                    " ".repeat(2_500),
                    " ".repeat(2_600)
                );
            }),
        ),
    ];
    for (name, gen) in errors {
        write_source(&dir, name, gen);
        let (m, _) = same_as_reference(&reference, &dir, name);
        assert_eq!(m.status, 1, "{name}: {}", m.stderr);
    }
    for (name, gen, bound, times) in cases {
        write_source(&dir, name, gen);
        let (m, theirs) = same_as_reference(&reference, &dir, name);
        // Nested `with` scanned the rest of the file for a `(` per statement: a minute of CPU
        // at 5,000.
        assert!(m.cpu < Duration::from_secs(3), "{name} took {:?}", m.cpu);
        eprintln!(
            "{name}: peak RSS {} KiB (reference {} KiB)",
            m.max_rss_kib, theirs.max_rss_kib
        );
        assert!(
            m.max_rss_kib < bound && m.max_rss_kib < times * theirs.max_rss_kib,
            "{name}: peak RSS {} KiB, the reference's {} KiB",
            m.max_rss_kib,
            theirs.max_rss_kib
        );
    }
    let _ = fs::remove_dir_all(&dir);
}
