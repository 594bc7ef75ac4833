//! Fuzzing the parser path: whatever bytes come in, the compiler returns bytes or a
//! `CompileError`, never panics. Inputs are random bytes, random Python-ish token soup, and
//! mutations (byte flips, deletions, insertions, splices) of the feature corpus; each is
//! compiled at -O0 and -O3.
//!
//! `FUZZ_CASES=N` sets the number of cases of each of the three properties (default
//! [`CI_CASES`]: 33,334 each, 100,002 in all, which CI runs). The long run, one million cases
//! and more: `FUZZ_CASES=333334 cargo test --release -p mpyc --test fuzz`.
//!
//! The stages are chained here (`mpyc::bench_api`), on one thread with a big stack per
//! property, instead of through `mpyc::compile`, which would make a thread per case.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::Path;
use std::sync::OnceLock;

/// Cases per property when `FUZZ_CASES` is not set (three properties: 100,002 cases).
const CI_CASES: u32 = 33_334;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CI_CASES)
}

/// The feature corpus, read once.
fn corpus() -> &'static [Vec<u8>] {
    static CORPUS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "py"))
            .filter_map(|p| std::fs::read(p).ok())
            .collect()
    })
}

fn compile_all_levels(src: &[u8]) {
    use mpyc::bench_api as stages;
    for level in [0u8, 3] {
        let opts = mpyc::Options {
            source_name: "fuzz.py".into(),
            opt_level: level,
            ..Default::default()
        };
        let _ = stages::parse(src)
            .and_then(|p| stages::lower(&p, "fuzz.py", &opts))
            .and_then(|l| stages::codegen(&l, &opts))
            .and_then(|g| stages::write(&g, &opts));
    }
}

/// Run `test` on `cases()` values of `strategy`, on a thread with the compiler's big stack
/// (random nesting must not overflow a test thread's 2 MiB).
fn check<S>(name: &'static str, strategy: S, test: fn(S::Value))
where
    S: Strategy + Send + 'static,
{
    let n = cases();
    let run = move || {
        let config = Config {
            cases: n,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        if let Err(e) = runner.run(&strategy, |v| {
            test(v);
            Ok(())
        }) {
            panic!("{name}: {e}");
        }
    };
    let handle = std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(run)
        .expect("fuzz thread");
    if let Err(payload) = handle.join() {
        std::panic::resume_unwind(payload);
    }
}

const TOKENS: &[&str] = &[
    "def ",
    "class ",
    "lambda",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    "==",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "if ",
    "else",
    "elif ",
    "for ",
    "in ",
    "while ",
    "return",
    "yield",
    "await ",
    "async ",
    "with ",
    "as ",
    "try:",
    "except",
    "finally:",
    "raise ",
    "from ",
    "import ",
    "global ",
    "nonlocal ",
    "del ",
    "pass",
    "break",
    "continue",
    "assert ",
    "not ",
    "and ",
    "or ",
    "is ",
    "x",
    "y",
    "const",
    "const(",
    "_X",
    "1",
    "0x1f",
    "1.5",
    "2j",
    "10**100",
    "'s'",
    "\"long string literal\"",
    "b'b'",
    "f'{x}'",
    "f'{x=}'",
    "t'{x}'",
    "...",
    "None",
    "True",
    "\n",
    "\n    ",
    "\t",
    ";",
    ".",
    "->",
    ":=",
    "*x",
    "**k",
    "range(",
    "super()",
    "__debug__",
    "math.pi",
    "#c\n",
    "\\\n",
];

#[test]
fn random_bytes_never_panic() {
    check(
        "random bytes",
        proptest::collection::vec(any::<u8>(), 0..400),
        |src| compile_all_levels(&src),
    );
}

#[test]
fn token_soup_never_panics() {
    check(
        "token soup",
        proptest::collection::vec(0..TOKENS.len(), 0..80),
        |toks| {
            let src: String = toks.iter().map(|&i| TOKENS[i]).collect();
            compile_all_levels(src.as_bytes());
        },
    );
}

/// One edit of a corpus file: where, which kind (flip, delete, insert, splice a token), what.
type Edit = (prop::sample::Index, u8, u8, usize);

#[test]
fn corpus_mutations_never_panic() {
    assert!(!corpus().is_empty(), "the feature corpus is missing");
    check(
        "corpus mutations",
        (
            any::<prop::sample::Index>(),
            proptest::collection::vec(
                (
                    any::<prop::sample::Index>(),
                    0u8..4,
                    any::<u8>(),
                    0..TOKENS.len(),
                ),
                1..6,
            ),
        ),
        |(file, edits): (prop::sample::Index, Vec<Edit>)| {
            let files = corpus();
            let mut src = files[file.index(files.len())].clone();
            for (at, kind, byte, tok) in edits {
                if src.is_empty() {
                    break;
                }
                let i = at.index(src.len());
                match kind {
                    0 => src[i] = byte,
                    1 => {
                        src.remove(i);
                    }
                    2 => src.insert(i, byte),
                    _ => {
                        let t = TOKENS[tok].as_bytes();
                        src.splice(i..i, t.iter().copied());
                    }
                }
            }
            compile_all_levels(&src);
        },
    );
}
