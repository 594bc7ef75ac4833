//! The loader never panics: random bytes, random bytes behind a valid header, and mutations
//! (bit flips, byte changes, insertions, deletions, truncations, duplicated runs) of real .mpy
//! files (the reference-compiled files in runtime/format/tests/data). Every input either loads
//! or raises a clean exception (ValueError for malformed files).
//!
//! 100,000 cases by default (a release-mode CI run takes seconds);
//! `FUZZ_CASES=1000000 cargo test --release -p mpyc-runtime --test fuzz_loader` for a long run.

use std::path::Path;

use mpyc_runtime::{Port, Vm};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

struct Null;

impl Port for Null {
    fn write_out(&mut self, _b: &[u8]) {}
    fn write_err(&mut self, _b: &[u8]) {}
}

fn new_vm() -> Vm<Null> {
    let heap: &'static mut [u8] = Box::leak(vec![0u8; 256 * 1024].into_boxed_slice());
    let ps: &'static mut [usize] = Box::leak(vec![0usize; 4096].into_boxed_slice());
    Vm::new(heap, ps, Null).expect("vm")
}

fn reference_files() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../format/tests/data");
    let mut v = Vec::new();
    for e in std::fs::read_dir(&dir).expect("runtime/format/tests/data") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "mpy") {
            v.push(std::fs::read(&p).expect("read"));
        }
    }
    v.sort();
    assert!(
        v.len() >= 5,
        "reference .mpy files missing in {}",
        dir.display()
    );
    v
}

/// Loads `data` into a VM that is replaced before it runs out of image slots.
struct Loader {
    vm: Vm<Null>,
    used: usize,
    loaded: usize,
    refused: usize,
}

impl Loader {
    fn load(&mut self, data: &[u8]) {
        if self.used >= 200 {
            self.vm = new_vm();
            self.used = 0;
        }
        self.used += 1;
        // The VM keeps images for ever: leak the case (a few hundred bytes).
        let data: &'static [u8] = Box::leak(data.to_vec().into_boxed_slice());
        match self.vm.load_only(data) {
            Ok(()) => self.loaded += 1,
            Err(e) => {
                assert!(
                    e == "ValueError" || e == "MemoryError",
                    "unexpected exception {e}"
                );
                self.refused += 1;
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Set(usize, u8),
    Flip(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
    Dup(usize, usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<usize>(), 0..8u8).prop_map(|(i, b)| Mutation::Flip(i, 1 << b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Remove),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<usize>(), 1..16usize).prop_map(|(a, b, n)| Mutation::Dup(a, b, n)),
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
        Mutation::Dup(from, to, n) => {
            let from = from % len;
            let n = n.min(len - from);
            let to = to % (len + 1);
            let run: Vec<u8> = data[from..from + n].to_vec();
            data.splice(to..to, run);
        }
    }
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

#[test]
fn reference_files_load() {
    let mut l = Loader {
        vm: new_vm(),
        used: 0,
        loaded: 0,
        refused: 0,
    };
    let files = reference_files();
    for f in &files {
        l.load(f);
    }
    // Files with native code are refused with MicroPython's message; the rest load.
    assert!(
        l.loaded >= files.len() / 2,
        "{} of {} loaded",
        l.loaded,
        files.len()
    );
}

#[test]
fn loader_never_panics() {
    let files = reference_files();
    let total = cases();
    // Mutations of real files get most cases; random bytes (bare and behind a header) the rest.
    let l = std::cell::RefCell::new(Loader {
        vm: new_vm(),
        used: 0,
        loaded: 0,
        refused: 0,
    });
    let mut runner = TestRunner::new(Config {
        cases: total * 8 / 10,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(any::<usize>(), proptest::collection::vec(mutation(), 1..6)),
            |(pick, muts)| {
                let mut data = files[pick % files.len()].clone();
                for m in &muts {
                    apply(&mut data, m);
                }
                l.borrow_mut().load(&data);
                Ok(())
            },
        )
        .expect("mutated files");
    let mut runner = TestRunner::new(Config {
        cases: total / 10,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(any::<u8>(), 0..300), |data| {
            l.borrow_mut().load(&data);
            Ok(())
        })
        .expect("random bytes");
    let mut runner = TestRunner::new(Config {
        cases: total / 10,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(0..4u8, proptest::collection::vec(any::<u8>(), 0..300)),
            |(f, body)| {
                let mut data = vec![b'M', 6, f & 0x40, 31];
                data.extend_from_slice(&body);
                l.borrow_mut().load(&data);
                Ok(())
            },
        )
        .expect("random bodies");
    let l = l.borrow();
    assert!(
        l.refused > 0 && l.loaded > 0,
        "loaded {} refused {}",
        l.loaded,
        l.refused
    );
}
