//! Fuzz-style properties: the reader, the validator and the text dump never panic, whatever the
//! bytes: random data, random data behind a valid header, and random mutations of the
//! reference-compiled files in tests/data. Every view the API offers is walked.
//! `FUZZ_CASES=200000 cargo test --release -p mpy-format --test fuzz` for a longer run.

use std::path::Path;

use mpy_format::disasm::{insns, validate, Dump};
use mpy_format::read::{Mpy, Obj, RawCode, MAX_DEPTH};
use proptest::prelude::*;

fn walk_obj(o: Obj<'_>, depth: u32) {
    assert!(depth <= MAX_DEPTH + 1);
    if let Obj::Tuple(t) = o {
        let mut n = 0;
        for item in t.iter() {
            walk_obj(item, depth + 1);
            n += 1;
        }
        assert_eq!(n, t.len());
    }
}

fn walk_rc(m: &Mpy<'_>, rc: &RawCode<'_>) {
    assert!(rc.depth <= MAX_DEPTH);
    if let Ok(p) = rc.prelude() {
        let _ = m.qstr(p.simple_name);
        for a in p.arg_names() {
            let _ = m.qstr(a);
        }
        let mut bc = 0;
        for s in p.line_steps() {
            bc = s.bc;
        }
        let _ = (p.line_of(bc), p.line_of(0), p.line_of(u64::MAX));
        for i in insns(p.opcodes) {
            let Ok(i) = i else { break };
            assert!(!i.bytes.is_empty());
            let _ = i.display_name();
        }
    }
    let _ = rc.relocs();
    let _ = rc.end();
    let _ = rc.child(0);
    let _ = rc.child(u64::MAX);
    for c in rc.children() {
        match c {
            Ok(c) => walk_rc(m, &c),
            Err(_) => break,
        }
    }
}

/// Use everything; only a panic fails.
fn exercise(data: &[u8]) {
    if let Ok(m) = Mpy::parse(data) {
        assert_eq!(m.qstrs().count(), m.n_qstr);
        for q in m.qstrs() {
            let _ = q.bytes();
        }
        let mut n = 0;
        for o in m.objects() {
            walk_obj(o, 0);
            n += 1;
        }
        assert_eq!(n, m.n_obj);
        let _ = m.qstr(u64::MAX);
        let _ = m.object(u64::MAX);
        if let Ok(rc) = m.root() {
            walk_rc(&m, &rc);
        }
        let _ = m.check_structure();
    }
    let ok = validate(data).is_ok();
    let text = Dump(data).to_string();
    if ok {
        assert!(
            !text.contains("error:"),
            "valid file with an error line:\n{text}"
        );
    }
}

fn reference_files() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "mpy"))
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[derive(Clone, Debug)]
enum Mutation {
    Set(usize, u8),
    Flip(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
    /// Copy a run of the file over another place (duplicates structure, e.g. raw codes).
    Splice(usize, usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        4 => (any::<usize>(), 0u8..8).prop_map(|(i, b)| Mutation::Flip(i, 1 << b)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        2 => any::<usize>().prop_map(Mutation::Remove),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => (any::<usize>(), any::<usize>(), 1usize..64).prop_map(|(a, b, n)| Mutation::Splice(a, b, n)),
    ]
}

fn apply(data: &mut Vec<u8>, m: &Mutation) {
    if data.is_empty() {
        return;
    }
    let len = data.len();
    match *m {
        Mutation::Set(i, b) => data[i % len] = b,
        Mutation::Flip(i, b) => data[i % len] ^= b,
        Mutation::Insert(i, b) => data.insert(i % (len + 1), b),
        Mutation::Remove(i) => {
            data.remove(i % len);
        }
        Mutation::Truncate(i) => data.truncate(i % len),
        Mutation::Splice(from, to, n) => {
            let from = from % len;
            let n = n.min(len - from);
            let run: Vec<u8> = data[from..from + n].to_vec();
            let to = to % len;
            data.splice(to..to, run);
        }
    }
}

/// 2000 cases per property; `FUZZ_CASES=N` runs more.
fn fuzz_cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(data in proptest::collection::vec(any::<u8>(), 0..256)) {
        exercise(&data);
    }

    #[test]
    fn random_bytes_behind_a_header(
        feature in prop_oneof![Just(0u8), Just(0x0b), Just(0x4b), any::<u8>()],
        body in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let mut data = vec![b'M', 6, feature, 31];
        data.extend_from_slice(&body);
        exercise(&data);
    }

    #[test]
    fn mutated_reference_files(
        pick in any::<usize>(),
        muts in proptest::collection::vec(mutation(), 1..6),
    ) {
        let files = reference_files();
        let mut data = files[pick % files.len()].clone();
        for m in &muts {
            apply(&mut data, m);
        }
        exercise(&data);
    }
}

#[test]
fn reference_files_pass_the_walk() {
    for f in reference_files() {
        assert!(validate(&f).is_ok());
        exercise(&f);
    }
}

#[test]
fn deep_nesting_is_cut_off() {
    // Raw codes: kind_len 04 (0 bytes, has children, bytecode), 1 child, nested 1000 deep.
    let mut data = vec![b'M', 6, 0, 31, 0, 0];
    for _ in 0..1000 {
        data.extend_from_slice(&[0x04, 0x01]);
    }
    data.push(0x00);
    assert_eq!(validate(&data).err(), Some("raw codes nested too deeply"));
    exercise(&data);
    // Tuples inside tuples: 0a 01 repeated.
    let mut data = vec![b'M', 6, 0, 31, 0, 1];
    for _ in 0..1000 {
        data.extend_from_slice(&[0x0a, 0x01]);
    }
    data.push(0x01);
    assert_eq!(Mpy::parse(&data).err(), Some("tuples nested too deeply"));
    exercise(&data);
    // Huge counts fail at the end of the data instead of looping.
    let data = [b'M', 6, 0, 31, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x01];
    assert!(Mpy::parse(&data).is_err());
    exercise(&data);
}
