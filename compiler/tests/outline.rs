//! Outlining (`mpyc::outline`) changes how a deeply nested file is read, never what it compiles
//! to: every corpus file, read with blocks outlined from 1, 2 or 3 levels of indentation on
//! (so that nearly every block of every file is outlined), compiles to the bytes, or fails
//! with the error, of the file read whole. `MPYC_OUTLINE_DIRS` (`:`-separated) adds
//! directories of sources for a local run (MicroPython's tests, a Python standard library).
//! Generated deeply nested programs (every kind of block, indentation in tabs and spaces,
//! line ends of all three kinds, lines continued in brackets, strings and after backslashes,
//! comments at any column, and errors of indentation, syntax and compilation) are held to
//! the same.

use std::path::{Path, PathBuf};

use mpyc::outline::{self, Input};
use mpyc_tests::Rng;

/// What compiling gave, comparable.
fn outcome(r: Result<Vec<u8>, mpyc::CompileError>) -> Result<Vec<u8>, String> {
    r.map_err(|e| e.report(mpyc::Flavour::MicroPython))
}

fn options(rel: &str, opt_level: u8) -> mpyc::Options {
    mpyc::Options {
        source_name: rel.to_string(),
        opt_level,
        ..Default::default()
    }
}

/// Counts over a set of files.
#[derive(Default, Debug)]
struct Tally {
    outlined: usize,
    whole: usize,
    abandoned: usize,
    /// Outlined reads the parser recovered in (compiled whole instead).
    syntax_errors: usize,
    /// Outlined reads failing to compile.
    errors: usize,
    mismatches: Vec<String>,
}

fn check_file(path: &Path, rel: &str, tally: &mut Tally) {
    let Ok(source) = std::fs::read(path) else {
        return;
    };
    check_source(&source, rel, tally);
}

fn check_source(source: &[u8], rel: &str, tally: &mut Tally) {
    let whole_opts = options(rel, 0);
    let whole = outcome(mpyc::compile(source, rel, &whole_opts));
    for depth in [1, 2, 3] {
        let read = outline::read(source, 0, depth).expect("reading a slice cannot fail");
        let chunks = match read {
            Input::Whole(bytes) => {
                assert_eq!(bytes, source, "{rel}: read whole, the bytes as they are");
                tally.whole += 1;
                continue;
            }
            Input::Abandoned => {
                tally.abandoned += 1;
                continue;
            }
            Input::Outlined(chunks) => chunks,
        };
        let Some(got) = mpyc::compile_outlined(chunks, rel, &whole_opts) else {
            // Something the parser recovered from (an error, or a construct MicroPython's
            // compiler judges): compiled whole.
            tally.syntax_errors += 1;
            continue;
        };
        let got = outcome(got);
        tally.outlined += 1;
        if whole.is_err() {
            tally.errors += 1;
        }
        if got != whole {
            let say = |r: &Result<Vec<u8>, String>| match r {
                Ok(b) => format!("{} bytes", b.len()),
                Err(e) => e.lines().last().unwrap_or_default().to_string(),
            };
            tally.mismatches.push(format!(
                "{rel} (depth {depth}): outlined {} vs whole {}",
                say(&got),
                say(&whole)
            ));
        }
    }
}

fn dirs() -> Vec<PathBuf> {
    let root = mpyc_tests::repo_root();
    let mut dirs: Vec<PathBuf> = [
        "corpus",
        "corpus-errors",
        "corpus-compile-only",
        "corpus-real",
        "corpus-circuitpython",
    ]
    .iter()
    .map(|d| root.join("tests").join(d))
    .collect();
    if let Ok(extra) = std::env::var("MPYC_OUTLINE_DIRS") {
        dirs.extend(
            extra
                .split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
        );
    }
    dirs
}

#[test]
fn outlined_files_compile_as_read_whole() {
    let mut tally = Tally::default();
    for dir in dirs() {
        for rel in mpyc_tests::py_files(&dir) {
            check_file(&dir.join(&rel), &rel, &mut tally);
        }
    }
    eprintln!("{tally:?}");
    assert!(
        tally.mismatches.is_empty(),
        "{} differences:\n{}",
        tally.mismatches.len(),
        tally.mismatches.join("\n")
    );
    // The corpus in the repository alone outlines hundreds of files, errors among them.
    assert!(tally.outlined > 200 && tally.errors > 20, "{tally:?}");
}

/// A generated program: blocks nested up to a depth, each line indented by the indentation
/// of its level (a string per level, fixed for the file).
struct Gen<'r> {
    rng: &'r mut Rng,
    out: String,
    units: Vec<String>,
    eol: &'static str,
    mixed_eol: bool,
    /// Errors allowed in this program.
    errors: bool,
    /// `const()` names defined so far.
    consts: usize,
}

impl Gen<'_> {
    fn indent(&mut self, level: usize) -> String {
        let s: String = self.units[..level].concat();
        if self.rng.chance(2) {
            // A form feed counts one column, as a space.
            return s.replacen(' ', "\x0c", 1);
        }
        s
    }

    fn eol(&mut self) -> &'static str {
        if self.mixed_eol {
            self.rng.pick(&["\n", "\r\n", "\r"])
        } else {
            self.eol
        }
    }

    fn line(&mut self, level: usize, text: &str) {
        let ind = self.indent(level);
        let eol = self.eol();
        self.out.push_str(&ind);
        self.out.push_str(text);
        self.out.push_str(eol);
    }

    fn noise(&mut self, level: usize) {
        let eol = self.eol();
        match self.rng.index(6) {
            0 => self.out.push_str(eol),
            1 => {
                let col = self.rng.index(level * 4 + 2);
                self.out.push_str(&" ".repeat(col));
                self.out.push_str("# a comment at any column \\");
                self.out.push_str(eol);
            }
            2 => {
                self.out.push_str("   \t ");
                self.out.push_str(eol);
            }
            _ => {}
        }
    }

    fn simple(&mut self, level: usize, in_def: bool, in_loop: bool) {
        let n = self.rng.index(1000);
        let eol = self.eol();
        let text = match self.rng.index(16) {
            0 => format!("x{n} = {n}"),
            1 => format!("s = 'a_long_string_literal_{n}'"),
            2 => format!("a_long_string_literal_{n} = s"),
            3 => format!("y = f'{{x}} and {{y!r:>{}}}'", n % 9),
            4 => {
                self.consts += 1;
                format!("_C{} = const({n})", self.consts)
            }
            5 => format!("z = _C{} + {n}", self.consts),
            6 => {
                // Continued in brackets, the next line at any column.
                let col = self.rng.index(level * 4 + 1);
                format!("t = ({n},{eol}{}{n} + 1)", " ".repeat(col))
            }
            7 => format!("u = {n} + \\{eol}  {n}"),
            8 => format!("d = \"\"\"{eol}text at column 0{eol}\t{n}\"\"\""),
            9 => "f = lambda q: q + 1".to_string(),
            10 if in_def => format!("return {n}"),
            11 if in_def => "yield x".to_string(),
            12 if in_loop => "break".to_string(),
            13 if in_loop => "continue".to_string(),
            14 => format!("print('line', {n}); w = [i for i in range({n})]"),
            _ => "pass".to_string(),
        };
        self.line(level, &text);
    }

    fn error(&mut self, level: usize) {
        let eol = self.eol();
        match self.rng.index(9) {
            // An unindent matching no level.
            0 if level > 0 => {
                let ind = self.units[..level].concat();
                self.out.push_str(&ind[..ind.len() - 1]);
                self.out.push_str("x = 1");
                self.out.push_str(eol);
            }
            1 => self.line(level, "x = (1,"),
            2 => self.line(level, "x = )"),
            3 => self.line(level, "s = 'unterminated"),
            4 => self.line(level, "return 1"),
            5 => self.line(level, "def g(a, a): pass"),
            6 => self.line(level, "match x:"),
            7 => self.line(level, "if x:"),
            _ => self.line(level, "x = 1 +"),
        }
    }

    fn block(&mut self, level: usize, depth_left: usize, in_def: bool, in_loop: bool) {
        let n = 1 + self.rng.index(3);
        for _ in 0..n {
            self.noise(level);
            if self.errors && self.rng.chance(3) {
                self.error(level);
            }
            if depth_left == 0 || self.rng.chance(35) {
                self.simple(level, in_def, in_loop);
                continue;
            }
            self.compound(level, depth_left - 1, in_def, in_loop);
        }
    }

    fn compound(&mut self, level: usize, depth_left: usize, in_def: bool, in_loop: bool) {
        let k = self.rng.index(1000);
        let inner = level + 1;
        let eol = self.eol();
        match self.rng.index(9) {
            0 => {
                self.line(level, &format!("if x{k}:"));
                self.block(inner, depth_left, in_def, in_loop);
                if self.rng.chance(50) {
                    self.line(level, &format!("elif y{k}:  # elif"));
                    self.block(inner, depth_left, in_def, in_loop);
                }
                if self.rng.chance(50) {
                    self.line(level, "else:");
                    self.block(inner, depth_left, in_def, in_loop);
                }
            }
            1 => {
                self.line(level, &format!("for i{k} in range(3):"));
                self.block(inner, depth_left, in_def, true);
                if self.rng.chance(30) {
                    self.line(level, "else:");
                    self.block(inner, depth_left, in_def, in_loop);
                }
            }
            2 => {
                self.line(level, &format!("while x{k}:"));
                self.block(inner, depth_left, in_def, true);
            }
            3 => {
                self.line(level, &format!("def f{k}(a, b=1, *c, d=2, **e):"));
                if self.rng.chance(50) {
                    self.line(inner, "'''A docstring.'''");
                }
                self.block(inner, depth_left, true, false);
            }
            4 => {
                self.line(level, &format!("class C{k}(object):"));
                self.block(inner, depth_left, false, false);
            }
            5 => {
                self.line(level, "try:");
                self.block(inner, depth_left, in_def, in_loop);
                self.line(level, "except (ValueError, TypeError) as e:");
                self.block(inner, depth_left, in_def, in_loop);
                if self.rng.chance(40) {
                    self.line(level, "finally:");
                    self.block(inner, depth_left, in_def, in_loop);
                }
            }
            6 => {
                self.line(level, &format!("with open(n{k}) as f, g():"));
                self.block(inner, depth_left, in_def, in_loop);
            }
            7 => {
                // A header continued over lines.
                self.line(level, &format!("if (x{k} and{eol}  y):  # ("));
                self.block(inner, depth_left, in_def, in_loop);
            }
            _ => {
                self.line(level, &format!("@dec{k}"));
                self.line(level, &format!("async def h{k}():"));
                self.block(inner, depth_left, true, false);
            }
        }
    }
}

/// One generated program from `seed`.
fn program(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let max_depth = 3 + rng.index(8);
    let units: Vec<String> = (0..=max_depth + 2)
        .map(|_| {
            rng.pick(&[" ", "  ", "    ", "\t", " \t", "\t  "])
                .to_string()
        })
        .collect();
    let eol = rng.pick(&["\n", "\n", "\r\n", "\r"]);
    let mixed_eol = rng.chance(10);
    let errors = rng.chance(40);
    let mut g = Gen {
        rng: &mut rng,
        out: String::new(),
        units,
        eol,
        mixed_eol,
        errors,
        consts: 0,
    };
    g.block(0, max_depth, false, false);
    let mut bytes = g.out.into_bytes();
    if g.rng.chance(10) {
        // No line end at the end, or a backslash there.
        while bytes.last().is_some_and(|c| matches!(c, b'\n' | b'\r')) {
            bytes.pop();
        }
        if g.rng.chance(50) {
            bytes.push(b'\\');
        }
    }
    bytes
}

#[test]
fn generated_nested_programs_compile_as_read_whole() {
    // `MPYC_OUTLINE_SEEDS` runs more programs (a local soak).
    let seeds: u64 = std::env::var("MPYC_OUTLINE_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1500);
    let mut tally = Tally::default();
    for seed in 0..seeds {
        let source = program(seed);
        check_source(&source, &format!("gen{seed}.py"), &mut tally);
    }
    eprintln!("{tally:?}");
    assert!(
        tally.mismatches.is_empty(),
        "{} differences:\n{}",
        tally.mismatches.len(),
        tally.mismatches.join("\n")
    );
    // Of 1,500 programs: about 1,900 outlined reads compiled, 40 of them failing to compile,
    // and 850 with a syntax error.
    let n = seeds as usize;
    assert!(
        tally.outlined > n && tally.errors > n / 75 && tally.syntax_errors > n / 3,
        "{tally:?}"
    );
}
