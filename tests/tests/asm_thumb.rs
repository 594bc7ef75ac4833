//! Thumb code against the reference, byte for byte. `@micropython.asm_thumb`: every file of
//! `tests/corpus-asm-thumb/` (one feature each) compiled for armv6, armv6m, armv7m, armv7em, armv7emsp
//! and armv7emdp at -O0 and -O3 must give the reference's .mpy bytes, or exactly its error text
//! where the reference rejects the file for that arch (Thumb-2 and VFP instructions on smaller
//! archs). Files named `err_*.py` must be rejected on every arch. Native and viper code:
//! `tests/corpus-native-thumb/` likewise. And seeded random instruction soup.
//!
//! `MPYC_TEST_FILTER=<part of a file name>` narrows the run; `MPYC_SKIP_REFERENCE=1` skips
//! outside CI.

use mpyc_tests::compare::{compare, Expect, Report};
use mpyc_tests::compile::{Outcome, Reference};
use mpyc_tests::refs::{self, Tool};
use mpyc_tests::{apply_filter, panic_text, par_map, py_files, repo_root};

const ARCHS: [&str; 5] = ["armv6m", "armv7m", "armv7em", "armv7emsp", "armv7emdp"];
/// The inline assembler also exists for armv6 (ARM mode with a Thumb trampoline); native code
/// there is ARM code, which mpyc does not emit.
const ASM_ARCHS: [&str; 6] = [
    "armv6",
    "armv6m",
    "armv7m",
    "armv7em",
    "armv7emsp",
    "armv7emdp",
];
const LEVELS: [u8; 2] = [0, 3];

fn mpyc_for(source: &[u8], rel: &str, opt_level: u8, arch: &str) -> Outcome {
    let opts = mpyc::Options {
        source_name: rel.to_string(),
        opt_level,
        arch: mpy_format::arch::Arch::from_name(arch.as_bytes()),
        ..Default::default()
    };
    match std::panic::catch_unwind(|| mpyc::compile(source, rel, &opts)) {
        Ok(Ok(bytes)) => Outcome::Mpy(bytes),
        Ok(Err(e)) => Outcome::Error(e.to_string()),
        Err(p) => Outcome::Broken(format!("mpyc panicked: {}", panic_text(&*p))),
    }
}

#[test]
fn asm_thumb_corpus_compiles_identically() {
    check_corpus(
        "corpus-asm-thumb",
        30,
        "inline assembler corpus tests/corpus-asm-thumb (6 archs, -O0/-O3)",
        &ASM_ARCHS,
    );
}

/// `@micropython.native` / `@micropython.viper` on Thumb: `tests/corpus-native-thumb/`
/// (constant loads, long branches, pointer offsets, compares, frames) for every ARM arch.
#[test]
fn native_thumb_corpus_compiles_identically() {
    check_corpus(
        "corpus-native-thumb",
        12,
        "native/viper Thumb corpus tests/corpus-native-thumb (5 archs, -O0/-O3)",
        &ARCHS,
    );
}

/// Every file of `tests/<name>/` for every Thumb arch at -O0 and -O3: mpyc's .mpy bytes or
/// error text equal the reference's. `err_*.py` files must be rejected by the reference.
fn check_corpus(name: &str, at_least: usize, title: &str, archs: &[&'static str]) {
    let Some(binary) = refs::find(Tool::MpyCross, title) else {
        return;
    };
    let reference = Reference { binary };
    let dir = repo_root().join("tests").join(name);
    let all = py_files(&dir);
    assert!(
        all.len() >= at_least,
        "tests/{name} has {} files",
        all.len()
    );
    let files = apply_filter(all);
    let cases: Vec<(String, &str, u8)> = files
        .iter()
        .flat_map(|f| {
            archs
                .iter()
                .flat_map(move |&a| LEVELS.iter().map(move |&l| (f.clone(), a, l)))
        })
        .collect();
    let results = par_map(&cases, |(rel, arch, level)| {
        let name = format!("{rel} -march={arch} -O{level}");
        let source = std::fs::read(dir.join(rel)).unwrap_or_default();
        let mine = mpyc_for(&source, rel, *level, arch);
        let march = format!("-march={arch}");
        let theirs = reference.compile_args(&dir, rel, *level, &[&march]);
        let expect = if rel.starts_with("err_") {
            Expect::Failure
        } else {
            Expect::Either
        };
        let compiled = matches!(theirs, Outcome::Mpy(_));
        compare(&name, &mine, &theirs, expect).map(|()| compiled)
    });
    let mut report = Report::new(title);
    let mut compiled = 0;
    for ((rel, arch, level), r) in cases.iter().zip(results) {
        let name = format!("{rel} -march={arch} -O{level}");
        let r = r.unwrap_or_else(|p| {
            Err(mpyc_tests::compare::Mismatch {
                case: name.clone(),
                summary: "test harness panicked".into(),
                detail: p,
            })
        });
        if matches!(r, Ok(true)) {
            compiled += 1;
        }
        report.add(&name, r.map(drop), false);
    }
    // A corpus where (almost) nothing compiles tests only error paths: guard against that.
    let feature_cases = cases
        .iter()
        .filter(|(rel, _, _)| !rel.starts_with("err_"))
        .count();
    assert!(
        compiled * 2 >= feature_cases,
        "only {compiled} of {feature_cases} feature cases compiled with the reference"
    );
    report.finish();
}

/// Mnemonics for [`random_sources`]: every form the inline assembler knows, some misspelled.
const MNEMONICS: &[&str] = &[
    "nop",
    "wfi",
    "cpsid",
    "cpsie",
    "mov",
    "cmp",
    "add",
    "sub",
    "lsl",
    "lsr",
    "asr",
    "and_",
    "and",
    "eor",
    "adc",
    "sbc",
    "ror",
    "tst",
    "neg",
    "cmn",
    "orr",
    "mul",
    "bic",
    "mvn",
    "ldr",
    "ldrb",
    "ldrh",
    "str",
    "strb",
    "strh",
    "b",
    "bl",
    "bx",
    "beq",
    "bne",
    "bcs",
    "bcc",
    "bmi",
    "bpl",
    "bvs",
    "bvc",
    "bhi",
    "bls",
    "bge",
    "blt",
    "bgt",
    "ble",
    "bxx",
    "beq_n",
    "bne_w",
    "bgt_x",
    "push",
    "pop",
    "movw",
    "movt",
    "movwt",
    "clz",
    "rbit",
    "mrs",
    "sdiv",
    "udiv",
    "ldrex",
    "strex",
    "it",
    "ite",
    "itt",
    "itte",
    "ittee",
    "itx",
    "vadd",
    "vsub",
    "vmul",
    "vdiv",
    "vneg",
    "vsqrt",
    "vcmp",
    "vcvt_f32_s32",
    "vcvt_s32_f32",
    "vmov",
    "vmrs",
    "vldr",
    "vstr",
    "vfoo",
    "label",
    "data",
    "align",
];

/// Operands for [`random_sources`]: registers, immediates at the mask edges, addresses,
/// register lists, conditions, special registers, labels and non-operands.
const OPERANDS: &[&str] = &[
    "r0",
    "r1",
    "r7",
    "r8",
    "r12",
    "r13",
    "sp",
    "lr",
    "sl",
    "fp",
    "r16",
    "R0",
    "s0",
    "s1",
    "s31",
    "s32",
    "s",
    "0",
    "1",
    "7",
    "8",
    "31",
    "32",
    "62",
    "124",
    "255",
    "256",
    "-1",
    "0xffff",
    "0x10000",
    "0xffffffff",
    "2**40",
    "[r0, 0]",
    "[r1, 4]",
    "[r7, 124]",
    "[r8, 0]",
    "[r0]",
    "[r0, r1]",
    "[r0, 4, 8]",
    "[r0, 1020]",
    "[r2, 252]",
    "[r2, 3]",
    "{r0}",
    "{r0, r1}",
    "{r0, lr}",
    "{r1, pc}",
    "{r8}",
    "{r0, r8, lr}",
    "{}",
    "{1}",
    "{r0, 1}",
    "eq",
    "ne",
    "gt",
    "xx",
    "IPSR",
    "BASEPRI",
    "PRIMASK",
    "APSR_nzcv",
    "FPSCR",
    "top",
    "end",
    "nolab",
    "i",
    "'s'",
    "1.5",
    "None",
    "x.y",
    "r0 + 1",
];

/// Deterministic pseudo-random asm functions (a 64-bit LCG, fixed seed): 3–7 instructions
/// between two labels. `movw/movt/movwt` never get r15/pc (the reference aborts on an
/// assertion there instead of reporting an error).
fn random_sources(n: usize) -> Vec<(String, String)> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % m
    };
    (0..n)
        .map(|i| {
            let mut body = String::from("    label(top)\n");
            for _ in 0..3 + next(5) {
                let m = MNEMONICS[next(MNEMONICS.len())];
                let n_args = [0, 1, 1, 2, 2, 2, 3, 3, 4][next(9)];
                let args: Vec<&str> = (0..n_args)
                    .map(|_| loop {
                        let o = OPERANDS[next(OPERANDS.len())];
                        if !(m.starts_with("movw") || m == "movt") || !matches!(o, "r15" | "pc") {
                            break o;
                        }
                    })
                    .collect();
                body.push_str(&format!("    {m}({})\n", args.join(", ")));
            }
            body.push_str("    label(end)\n");
            (
                format!("rnd{i:03}.py"),
                format!("@micropython.asm_thumb\ndef f(r0, r1):\n{body}"),
            )
        })
        .collect()
}

/// Random instruction soup: mpyc and the reference agree (bytes or error text) on every file
/// for every Thumb arch. `MPYC_ASM_RANDOM=n` sets the number of files (default 120).
#[test]
fn asm_thumb_random_sources_match_reference() {
    let Some(binary) = refs::find(Tool::MpyCross, "asm_thumb_random_sources_match_reference")
    else {
        return;
    };
    let reference = Reference { binary };
    let n = std::env::var("MPYC_ASM_RANDOM")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let dir = tempfile::tempdir().expect("temporary directory");
    let sources = random_sources(n);
    for (name, text) in &sources {
        std::fs::write(dir.path().join(name), text).expect("write source");
    }
    let cases: Vec<(usize, &str)> = (0..sources.len())
        .flat_map(|i| ASM_ARCHS.iter().map(move |&a| (i, a)))
        .collect();
    let results = par_map(&cases, |&(i, arch)| {
        let (name, text) = &sources[i];
        let case = format!("{name} -march={arch}");
        let mine = mpyc_for(text.as_bytes(), name, 0, arch);
        let march = format!("-march={arch}");
        let theirs = reference.compile_args(dir.path(), name, 0, &[&march]);
        compare(&case, &mine, &theirs, Expect::Either).map_err(|mut m| {
            m.detail = format!("{text}\n{}", m.detail);
            m
        })
    });
    let mut report = Report::new("random asm_thumb sources (6 archs)");
    for ((i, arch), r) in cases.iter().zip(results) {
        let name = format!("{} -march={arch}", sources[*i].0);
        let r = r.unwrap_or_else(|p| {
            Err(mpyc_tests::compare::Mismatch {
                case: name.clone(),
                summary: "test harness panicked".into(),
                detail: p,
            })
        });
        report.add(&name, r, false);
    }
    report.finish();
}
