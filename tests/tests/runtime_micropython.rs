//! The parts of the `micropython` module the reference unix build cannot judge, run on
//! mpyc-run only, with the documented behaviour as the oracle (`../shared/spec/runtime.md`
//! §1.2, measured on a MicroPython HEAD build with `heap_locked` and
//! `alloc_emergency_exception_buf`, and the seed documents):
//! - `heap_locked()` and the nesting depth;
//! - `alloc_emergency_exception_buf(size)`: its argument rules, and what an exception raised
//!   under `heap_lock` keeps for each buffer size (the spec's measured table);
//! - `kbd_intr(chr)` with the interrupt character arriving on mpyc-run's stdin (the unix
//!   reference watches SIGINT instead, so it cannot be compared).
//!
//! And one check made on both programs: the line formats of `mem_info()`/`qstr_info()` (their
//! numbers differ by design: heap layout, ROM qstrs), as MicroPython's `meminfo.py` checks them.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use mpyc_tests::process;
use mpyc_tests::refs::{self, Tool};
use mpyc_tests::runtime as rt;

const LIMIT: Duration = Duration::from_secs(20);

/// Run `code` with `-c` on `prog`: (stdout, stderr, exit status).
fn run_c(prog: &Path, code: &str) -> (String, String, i32) {
    let f = process::run(Command::new(prog).arg("-c").arg(code), LIMIT)
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", prog.display()));
    (
        String::from_utf8_lossy(&f.stdout).into_owned(),
        String::from_utf8_lossy(&f.stderr).into_owned(),
        f.code.unwrap_or(-1),
    )
}

#[test]
fn heap_locked_reports_the_nesting_depth() {
    let Some(run) = rt::find_mpyc_run("heap_locked_reports_the_nesting_depth") else {
        return;
    };
    // spec §1.2 [head]: lock, lock; then 2, 1, 1, 0, 0.
    let code = "import micropython as m\n\
                def f():\n    \
                    m.heap_lock(); m.heap_lock()\n    \
                    a = m.heap_locked(); b = m.heap_unlock(); c = m.heap_locked()\n    \
                    d = m.heap_unlock(); e = m.heap_locked()\n    \
                    print(a, b, c, d, e)\n\
                f()\n\
                try:\n    m.heap_locked(1)\nexcept TypeError as x:\n    print(x)\n";
    let (out, err, st) = run_c(&run, code);
    assert_eq!(
        (out.as_str(), err.as_str(), st),
        (
            "2 1 1 0 0\nfunction takes 0 positional arguments but 1 were given\n",
            "",
            0
        )
    );
}

/// What `raise ValueError(1)`, `raise ValueError("hello")` and `[1, 2]` give under
/// `heap_lock` with an emergency buffer of `size` bytes: `type args` lines.
fn caught_under_lock(run: &Path, size: i64) -> String {
    let code = format!(
        "import micropython as m\n\
         m.alloc_emergency_exception_buf({size})\n\
         def f(k):\n    \
             m.heap_lock()\n    \
             try:\n        \
                 if k == 0:\n            raise ValueError(1)\n        \
                 if k == 1:\n            raise ValueError('hello')\n        \
                 x = [1, 2]\n    \
             except Exception as e:\n        \
                 a = e.args\n        \
                 t = type(e)\n    \
             m.heap_unlock()\n    \
             print(t.__name__, a)\n\
         for k in range(3):\n    f(k)\n"
    );
    let (out, err, st) = run_c(run, &code);
    assert_eq!((err.as_str(), st), ("", 0), "buffer {size}: {out}");
    out
}

/// The output of `raise ValueError(1)` uncaught under `heap_lock`, two calls deep.
fn uncaught_under_lock(run: &Path, size: i64) -> (String, i32) {
    let code = format!(
        "import micropython as m\n\
         m.alloc_emergency_exception_buf({size})\n\
         def g():\n    raise ValueError(1)\n\
         def f():\n    g()\n\
         m.heap_lock()\n\
         f()\n"
    );
    // The unix port prints an uncaught exception of `-c CODE` to stdout.
    let (out, _, st) = run_c(run, &code);
    (out, st)
}

#[test]
fn emergency_buffer_sizes_match_the_measured_table() {
    let Some(run) = rt::find_mpyc_run("emergency_buffer_sizes_match_the_measured_table") else {
        return;
    };
    // spec §1.2, the table measured on 64-bit: args kept from 72 bytes (2-word tuple header
    // + 1 item after the 48-byte traceback area), a fixed message from 104 (str object).
    let none = "ValueError ()\nValueError ()\nMemoryError ()\n";
    let args = "ValueError (1,)\nValueError ('hello',)\nMemoryError ()\n";
    let all = "ValueError (1,)\nValueError ('hello',)\n\
               MemoryError ('memory allocation failed, heap is locked',)\n";
    let table: &[(i64, &str, bool)] = &[
        (0, none, false),
        (8, none, false),
        (32, none, false),
        (64, none, true),
        (100, args, true),
        (256, all, true),
    ];
    // The buffer holds the first two entries recorded (innermost first): g's and f's.
    let tb = "Traceback (most recent call last):\n  File \"<stdin>\", line 6, in f\n  \
              File \"<stdin>\", line 4, in g\n";
    for &(size, want, traceback) in table {
        assert_eq!(
            caught_under_lock(&run, size),
            want,
            "buffer of {size} bytes"
        );
        let (err, st) = uncaught_under_lock(&run, size);
        let (want_err, msg) = if size >= 72 {
            (tb, "ValueError: 1\n")
        } else if traceback {
            (tb, "ValueError: \n")
        } else {
            ("", "ValueError: \n")
        };
        assert_eq!(
            (err.as_str(), st),
            (format!("{want_err}{msg}").as_str(), 1),
            "uncaught, buffer of {size} bytes"
        );
    }
}

#[test]
fn alloc_emergency_exception_buf_argument_rules() {
    let Some(run) = rt::find_mpyc_run("alloc_emergency_exception_buf_argument_rules") else {
        return;
    };
    // spec §1.2: mp_obj_get_int; True is 1; the buffer is on the GC heap; returns None.
    let code = "import micropython as m\n\
                for v in ('x', None, 1.5, 2**100, 10**12, True, 0, -5, 300):\n    \
                    try:\n        print(m.alloc_emergency_exception_buf(v))\n    \
                    except Exception as e:\n        print(type(e).__name__, e)\n";
    let (out, err, st) = run_c(&run, code);
    assert_eq!(
        (out.as_str(), err.as_str(), st),
        (
            "TypeError can't convert str to int\n\
             TypeError can't convert NoneType to int\n\
             TypeError can't convert float to int\n\
             OverflowError overflow converting long int to machine word\n\
             MemoryError memory allocation failed, allocating 1000000000000 bytes\n\
             None\nNone\nNone\nNone\n",
            "",
            0
        )
    );
}

#[test]
fn formatted_messages_are_cut_to_the_buffer() {
    let Some(run) = rt::find_mpyc_run("formatted_messages_are_cut_to_the_buffer") else {
        return;
    };
    // py/objexcept.c (mp_obj_new_exception_msg_vlist): a formatted message goes to the
    // buffer from byte 104 on 64-bit when the buffer has at least 16 bytes there, and is cut
    // to the room left minus the terminating NUL: 130 - 104 - 1 = 25 bytes. Below 120 bytes
    // it gets no message.
    let code = "import micropython as m\n\
                def f(k):\n    \
                    m.heap_lock()\n    \
                    try:\n        1 + 'a'\n    \
                    except TypeError as e:\n        a = e.args\n    \
                    m.heap_unlock()\n    \
                    print(a)\n\
                m.alloc_emergency_exception_buf(130)\nf(0)\n\
                m.alloc_emergency_exception_buf(119)\nf(0)\n";
    let (out, err, st) = run_c(&run, code);
    assert_eq!(
        (out.as_str(), err.as_str(), st),
        ("('unsupported types for __a',)\n()\n", "", 0)
    );
}

/// Wait for a `ready` line on the child's stderr.
fn wait_ready(r: &mut impl BufRead) {
    let mut line = String::new();
    loop {
        line.clear();
        let n = r.read_line(&mut line).expect("read stderr");
        assert!(n > 0, "mpyc-run ended before it was ready");
        if line.trim() == "ready" {
            return;
        }
    }
}

#[test]
fn kbd_intr_watches_stdin_for_the_interrupt_character() {
    let Some(run) = rt::find_mpyc_run("kbd_intr_watches_stdin_for_the_interrupt_character") else {
        return;
    };
    // Seed doc: 3 (Ctrl-C) by default during a script; -1 disables; another character
    // replaces it. The KeyboardInterrupt comes at a pending check (a loop's jump).
    let dir = std::env::temp_dir().join(format!("mpyc-kbd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let prog = dir.join("kbd.py");
    std::fs::write(
        &prog,
        "import micropython, sys, time\n\
         try:\n    sys.stderr.write('ready\\n')\n    while True:\n        pass\n\
         except KeyboardInterrupt:\n    print('interrupted by ctrl-c')\n\
         micropython.kbd_intr(-1)\n\
         sys.stderr.write('ready\\n')\n\
         t = time.ticks_ms()\n\
         while time.ticks_diff(time.ticks_ms(), t) < 800:\n    pass\n\
         print('not interrupted')\n\
         micropython.kbd_intr(ord('q'))\n\
         try:\n    sys.stderr.write('ready\\n')\n    while True:\n        pass\n\
         except KeyboardInterrupt:\n    print('interrupted by q')\n",
    )
    .expect("write program");
    let mut child = Command::new(&run)
        .arg(&prog)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mpyc-run");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    wait_ready(&mut err);
    stdin.write_all(b"x\x03").expect("write");
    stdin.flush().expect("flush");
    wait_ready(&mut err);
    // Ignored: the character is disabled (and later not 'q' either).
    stdin.write_all(b"\x03").expect("write");
    stdin.flush().expect("flush");
    wait_ready(&mut err);
    stdin.write_all(b"q").expect("write");
    stdin.flush().expect("flush");
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        (
            String::from_utf8_lossy(&out.stdout).as_ref(),
            out.status.code()
        ),
        (
            "interrupted by ctrl-c\nnot interrupted\ninterrupted by q\n",
            Some(0)
        )
    );
}

/// Run `prog` on the program file `path`, sending SIGINT after each `ready` line on its
/// stderr (`signals` times): its stdout and exit code (None when a signal ended it).
fn run_with_sigints(prog: &Path, path: &Path, signals: usize) -> (String, Option<i32>) {
    let mut child = Command::new(prog)
        .arg(path)
        .current_dir(path.parent().expect("dir"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    for _ in 0..signals {
        wait_ready(&mut err);
        let ok = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill -INT failed");
    }
    let out = child.wait_with_output().expect("wait");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

#[test]
fn sigint_follows_kbd_intr_as_on_the_reference() {
    let test = "sigint_follows_kbd_intr_as_on_the_reference";
    let Some(run) = rt::find_mpyc_run(test) else {
        return;
    };
    let Some(mp) = refs::find(Tool::MicroPython, test) else {
        return;
    };
    // Unix port (spec §1.2): with the interrupt character 3 (the default, or kbd_intr(3))
    // SIGINT raises KeyboardInterrupt at the next pending check; any other value leaves
    // SIGINT its default action, which ends the process.
    let dir = std::env::temp_dir().join(format!("mpyc-sigint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let prog = dir.join("sigint.py");
    std::fs::write(
        &prog,
        "import micropython, sys\n\
         try:\n    sys.stderr.write('ready\\n')\n    while True:\n        pass\n\
         except KeyboardInterrupt:\n    print('caught 1')\n\
         micropython.kbd_intr(-1)\nmicropython.kbd_intr(3)\n\
         try:\n    sys.stderr.write('ready\\n')\n    while True:\n        pass\n\
         except KeyboardInterrupt:\n    print('caught 2')\n\
         micropython.kbd_intr(-1)\n\
         try:\n    sys.stderr.write('ready\\n')\n    while True:\n        pass\n\
         except KeyboardInterrupt:\n    print('caught 3')\n",
    )
    .expect("write program");
    let ours = run_with_sigints(&run, &prog, 3);
    let theirs = run_with_sigints(&mp, &prog, 3);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(ours, theirs, "mpyc-run (left) against micropython (right)");
    assert_eq!(theirs, ("caught 1\ncaught 2\n".to_string(), None));
}

#[test]
fn input_reads_lines_as_the_reference() {
    let test = "input_reads_lines_as_the_reference";
    let Some(run) = rt::find_mpyc_run(test) else {
        return;
    };
    let Some(mp) = refs::find(Tool::MicroPython, test) else {
        return;
    };
    // The unix port's readline on piped input: echo, `\r` or `\n` ends a line (echoed as
    // `\r\n`), Tab and non-ASCII dropped, EOFError() at the end.
    let code = "for i in range(4):\n    try:\n        print(repr(input('> ' if i else '')))\n    \
                except EOFError as e:\n        print('EOF', e.args)\n";
    for stdin in [&b"a\rb\nc\n"[..], b"\n\n", b"q\tz\n\xc3\xa9t\n", b""] {
        let mut outs = Vec::new();
        for prog in [&run, &mp] {
            let mut child = Command::new(prog)
                .args(["-c", code])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            let mut w = child.stdin.take().expect("stdin");
            w.write_all(stdin).expect("write");
            drop(w);
            let out = child.wait_with_output().expect("wait");
            outs.push((
                String::from_utf8_lossy(&out.stdout).into_owned(),
                out.status.code(),
            ));
        }
        assert_eq!(
            outs[0],
            outs[1],
            "stdin {:?}: mpyc-run (left), micropython (right)",
            String::from_utf8_lossy(stdin)
        );
    }
}

/// Does `line` look like `<prefix><digits><rest>...` with every `#` in `pattern` a run of
/// digits and every other character literal?
fn shaped(line: &str, pattern: &str) -> bool {
    let (mut l, mut p) = (line.as_bytes(), pattern.as_bytes());
    while let Some((&c, rest)) = p.split_first() {
        if c == b'#' {
            let n = l.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            l = &l[n..];
        } else {
            match l.split_first() {
                Some((&d, lr)) if d == c => l = lr,
                _ => return false,
            }
        }
        p = rest;
    }
    l.is_empty()
}

/// The line shapes of `mem_info(1)` then `qstr_info(1)` output (MicroPython's formats).
fn check_info_shapes(who: &str, out: &str) {
    let lines: Vec<&str> = out.lines().collect();
    let want = [
        "mem: total=#, current=#, peak=#",
        "stack: # out of #",
        "GC: total: #, used: #, free: #",
        " No. of 1-blocks: #, 2-blocks: #, max blk sz: #, max free sz: #",
    ];
    for (i, w) in want.iter().enumerate() {
        assert!(
            lines.get(i).is_some_and(|l| shaped(l, w)),
            "{who}: line {} is {:?}, not of the form {w:?}\n{out}",
            i + 1,
            lines.get(i)
        );
    }
    let layout = lines.get(4).copied().unwrap_or("");
    assert!(
        layout.starts_with("GC memory layout; from ")
            && layout.ends_with(':')
            && layout[23..layout.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_hexdigit()),
        "{who}: {layout:?}"
    );
    let mut i = 5;
    let mut map_lines = 0;
    while i < lines.len() && !lines[i].starts_with("qstr pool:") {
        let l = lines[i];
        let ok = if let Some(rest) = l.strip_prefix("       (") {
            shaped(rest, "# lines all free)")
        } else {
            l.len() > 10
                && l[..8].bytes().all(|b| b.is_ascii_hexdigit())
                && &l[8..10] == ": "
                && l[10..].len() <= 64
                && l[10..].bytes().all(|b| b".h=mTLDSAFBM".contains(&b))
        };
        assert!(ok, "{who}: heap map line {:?}", l);
        map_lines += 1;
        i += 1;
    }
    assert!(map_lines > 0, "{who}: no heap map\n{out}");
    assert!(
        lines.get(i).is_some_and(|l| shaped(
            l,
            "qstr pool: n_pool=#, n_qstr=#, n_str_data_bytes=#, n_total_bytes=#"
        )),
        "{who}: {:?}",
        lines.get(i)
    );
    assert!(
        lines[i + 1..]
            .iter()
            .all(|l| l.starts_with("Q(") && l.ends_with(')')),
        "{who}: qstr list {:?}",
        &lines[i + 1..]
    );
    assert!(lines.contains(&"Q(ZZYX)"), "{who}: {out}");
}

#[test]
fn mem_info_and_qstr_info_have_micropythons_formats() {
    let test = "mem_info_and_qstr_info_have_micropythons_formats";
    let Some(run) = rt::find_mpyc_run(test) else {
        return;
    };
    let Some(mp) = refs::find(Tool::MicroPython, test) else {
        return;
    };
    // setattr interns its name: a qstr made at run time.
    let code = "import micropython as m\nclass A:\n    pass\na = A()\nsetattr(a, 'ZZ' + 'YX', 1)\n\
                m.mem_info(1)\nm.qstr_info(1)\n";
    for (who, prog) in [("mpyc-run", &run), ("micropython", &mp)] {
        let (out, err, st) = run_c(prog, code);
        assert_eq!((err.as_str(), st), ("", 0), "{who}");
        check_info_shapes(who, &out);
    }
    // Without an argument: only the summary lines; any argument (even None) is verbose.
    let (out, _, _) = run_c(
        &run,
        "import micropython as m\nm.mem_info()\nm.qstr_info()\n",
    );
    assert_eq!(out.lines().count(), 5, "{out}");
    let (out, _, _) = run_c(&run, "import micropython as m\nm.mem_info(None)\n");
    assert!(out.contains("GC memory layout; from "), "{out}");
}

#[test]
fn runtime_fixtures_are_their_sources_compiled() {
    // runtime/vm's tests and doctests run checked-in .mpy files (the runtime crate cannot
    // compile Python): each must stay what mpyc makes of its source.
    let dir = mpyc_tests::repo_root().join("runtime/vm/tests/fixtures");
    let mut n = 0;
    for name in mpyc_tests::py_files(&dir) {
        let src = std::fs::read(dir.join(&name)).expect("source");
        let mpy_path = dir.join(name.replace(".py", ".mpy"));
        let mpy =
            std::fs::read(&mpy_path).unwrap_or_else(|e| panic!("{}: {e}", mpy_path.display()));
        assert_eq!(
            mpyc_tests::compile::mpyc(&src, &name, 0),
            mpyc_tests::compile::Outcome::Mpy(mpy),
            "regenerate: cd runtime/vm/tests/fixtures && mpyc {name} -o {}",
            name.replace(".py", ".mpy")
        );
        n += 1;
        let cp_path = dir.join(name.replace(".py", ".circuitpython.mpy"));
        if let Ok(cp) = std::fs::read(&cp_path) {
            assert_eq!(
                mpyc_tests::compile::mpyc_flavoured(&src, &name, 0, mpyc::Flavour::CircuitPython),
                mpyc_tests::compile::Outcome::Mpy(cp),
                "regenerate: cd runtime/vm/tests/fixtures && mpyc --flavour=circuitpython {name} -o {}",
                cp_path.display()
            );
        }
    }
    assert!(n >= 2, "fixtures not found in {}", dir.display());
}

#[test]
fn circuitpython_build_has_the_documented_subset() {
    let test = "circuitpython_build_has_the_documented_subset";
    let Some(cp) = rt::find_circuitpython_run(test) else {
        return;
    };
    let Some(mp) = rt::find_mpyc_run(test) else {
        return;
    };
    // Seed 001 documents exactly these (no schedule, RingIO, heap_locked,
    // alloc_emergency_exception_buf); CircuitPython's lock depth is a plain uint16 counter.
    let code = "import micropython\n\
                print(sorted(n for n in dir(micropython) if not n.startswith('__')))\n\
                micropython.heap_lock()\nprint(micropython.heap_unlock())\n\
                print(micropython.heap_unlock())\nmicropython.heap_lock()\n";
    let (out, err, st) = run_c(&cp, code);
    assert_eq!(
        (out.as_str(), err.as_str(), st),
        (
            "['const', 'heap_lock', 'heap_unlock', 'kbd_intr', 'mem_info', 'opt_level', \
             'qstr_info', 'stack_use']\n0\n65535\n",
            "",
            0
        )
    );
    let (out, _, _) = run_c(&mp, code);
    assert_eq!(
        out,
        "['RingIO', 'alloc_emergency_exception_buf', 'const', 'heap_lock', 'heap_locked', \
         'heap_unlock', 'kbd_intr', 'mem_current', 'mem_info', 'mem_peak', 'mem_total', \
         'opt_level', 'qstr_info', 'schedule', 'stack_use']\n0\n32767\n"
    );
}
