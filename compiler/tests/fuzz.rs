//! Fuzzing the parser path: whatever bytes come in, `mpyc::compile` returns bytes or a
//! `CompileError`, never panics. Inputs are random bytes, random Python-ish token soup, and
//! mutations (byte flips, deletions, insertions, splices) of the feature corpus.
//! `FUZZ_CASES=N` raises the number of cases per property.

use proptest::prelude::*;
use std::path::Path;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

fn corpus() -> Vec<Vec<u8>> {
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
}

fn compile_all_levels(src: &[u8]) {
    for level in [0u8, 3] {
        let opts = mpyc::Options {
            source_name: "fuzz.py".into(),
            opt_level: level,
            ..Default::default()
        };
        let _ = mpyc::compile(src, "fuzz.py", &opts);
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

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(src in proptest::collection::vec(any::<u8>(), 0..400)) {
        compile_all_levels(&src);
    }

    #[test]
    fn token_soup_never_panics(toks in proptest::collection::vec(0..TOKENS.len(), 0..80)) {
        let src: String = toks.iter().map(|&i| TOKENS[i]).collect();
        compile_all_levels(src.as_bytes());
    }

    #[test]
    fn corpus_mutations_never_panic(file in any::<prop::sample::Index>(),
                                   edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>(), 0..TOKENS.len()), 1..6)) {
        let files = corpus();
        prop_assume!(!files.is_empty());
        let mut src = files[file.index(files.len())].clone();
        for (at, kind, byte, tok) in edits {
            if src.is_empty() {
                break;
            }
            let i = at.index(src.len());
            match kind {
                0 => src[i] = byte,
                1 => { src.remove(i); }
                2 => src.insert(i, byte),
                _ => { let t = TOKENS[tok].as_bytes(); src.splice(i..i, t.iter().copied()); }
            }
        }
        compile_all_levels(&src);
    }
}
