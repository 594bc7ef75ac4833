//! The `micropython` module of each flavour: MicroPython's by default, and with the cargo
//! feature `circuitpython` exactly CircuitPython's documented subset (seed 001: `const`,
//! `opt_level`, `mem_info`, `qstr_info`, `stack_use`, `heap_lock`, `heap_unlock`,
//! `kbd_intr`; no `schedule`, `RingIO`, `heap_locked`, `alloc_emergency_exception_buf`) with
//! CircuitPython's unshifted 16-bit lock depth.
//!
//! `fixtures/flavour.mpy` is `fixtures/flavour.py` compiled by mpyc (byte-identical to
//! mpy-cross 1.29), `flavour.circuitpython.mpy` the same by `mpyc --flavour=circuitpython`
//! (`tests/tests/runtime_micropython.rs` checks both). Run with the feature:
//! `cargo test -p mpyc-runtime --features circuitpython --test flavour`; CI covers that
//! flavour through the `circuitpython` build of mpyc-run (`tests/tests/runtime_micropython.rs`).

use mpyc_runtime::{Port, Vm};

struct Capture(Vec<u8>);

impl Port for Capture {
    fn write_out(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
    fn write_err(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
}

/// The build's flavour of .mpy (the `circuitpython` build loads only CircuitPython's).
#[cfg(not(feature = "circuitpython"))]
const FLAVOUR_MPY: &[u8] = include_bytes!("fixtures/flavour.mpy");
#[cfg(feature = "circuitpython")]
const FLAVOUR_MPY: &[u8] = include_bytes!("fixtures/flavour.circuitpython.mpy");

fn run(mpy: &'static [u8]) -> (String, i32) {
    let heap: &'static mut [u8] = Box::leak(vec![0u8; 256 * 1024].into_boxed_slice());
    let ps: &'static mut [usize] = Box::leak(vec![0usize; 16 * 1024].into_boxed_slice());
    let mut vm = Vm::new(heap, ps, Capture(Vec::new())).expect("heap big enough");
    let st = vm.run_main_mpy(mpy);
    (String::from_utf8_lossy(&vm.port.0).into_owned(), st)
}

#[cfg(not(feature = "circuitpython"))]
const EXPECTED: &str = "['RingIO', 'alloc_emergency_exception_buf', 'const', 'heap_lock', \
    'heap_locked', 'heap_unlock', 'kbd_intr', 'mem_current', 'mem_info', 'mem_peak', \
    'mem_total', 'opt_level', 'qstr_info', 'schedule', 'stack_use']\n0\n32767\n5 0 int\nNone True\n";

#[cfg(feature = "circuitpython")]
const EXPECTED: &str = "['const', 'heap_lock', 'heap_unlock', 'kbd_intr', 'mem_info', \
    'opt_level', 'qstr_info', 'stack_use']\n0\n65535\n5 0 int\nNone True\n";

#[test]
fn micropython_module_has_the_flavours_names_and_lock_depth() {
    assert_eq!(run(FLAVOUR_MPY), (EXPECTED.to_string(), 0));
}
