//! The heap a program starts with: mpyc-run's start-up footprint against the reference's, at
//! the reference's `-X heapsize=64k` (the small-heap mode of the runtime corpus).
//!
//! MicroPython keeps its built-in functions, type method tables, built-in modules and their
//! names in ROM: after `gc.collect()` a 64 KiB heap has ~1 KiB in use (the `-c` program's own
//! module, `sys.path`/`sys.argv`). mpyc-run makes those objects on first use, keeps its type
//! objects and singletons outside the GC pool and its own names as ROM qstrs (see
//! runtime/vm/src/builtins.rs `init`), so a program that fits the reference's 64 KiB heap fits
//! its heap too; the runtime corpus checks that on whole programs.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use mpyc_tests::process;
use mpyc_tests::refs::{self, Tool};
use mpyc_tests::runtime as rt;

const LIMIT: Duration = Duration::from_secs(20);

/// What mpyc-run may use beyond the reference: its caches that the reference has no need of,
/// as its objects are in ROM (measured with a 64-bit build: the function-object cache and
/// `builtins` dicts, ~0.5 KiB; per built-in type whose methods are used, a dict of 2 blocks
/// and its table, 0.1-0.2 KiB; per built-in function or method used, its object, one 32-byte
/// block) and the 256-byte emergency exception buffer the unix reference keeps in static
/// memory. The programs below use four types and a dozen functions: ~2.5 KiB over the
/// reference, under 5% of the 64 KiB heap (before these objects were made on first use the
/// difference was ~40 KiB).
const MARGIN: usize = 3072;

/// `gc.mem_alloc()` and `gc.mem_free()` after a collection, with `-X heapsize=64k`, after
/// running `pre` (a line of Python).
fn footprint(prog: &Path, pre: &str) -> (usize, usize) {
    let code = format!("{pre}\nimport gc\ngc.collect()\nprint(gc.mem_alloc(), gc.mem_free())\n");
    let f = process::run(
        Command::new(prog)
            .args(["-X", &format!("heapsize={}", rt::SMALL_HEAP)])
            .arg("-c")
            .arg(&code),
        LIMIT,
    )
    .unwrap_or_else(|e| panic!("cannot run {}: {e}", prog.display()));
    let out = String::from_utf8_lossy(&f.stdout);
    let nums: Vec<usize> = out
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .map(|w| {
            w.parse()
                .unwrap_or_else(|_| panic!("{}: {out:?}", prog.display()))
        })
        .collect();
    assert_eq!(nums.len(), 2, "{}: {out:?}", prog.display());
    (nums[0], nums[1])
}

#[test]
fn start_up_footprint_is_near_the_references() {
    let test = "start_up_footprint_is_near_the_references";
    let Some(run) = rt::find_mpyc_run(test) else {
        return;
    };
    let Some(mp) = refs::find(Tool::MicroPython, test) else {
        return;
    };
    // At start, and after using what MicroPython has in ROM: built-in functions, the methods
    // of the common types, the built-in modules and their attributes (each of these costs
    // mpyc-run a little heap now, as the names are looked up).
    for pre in [
        "pass",
        "x = len('ab'), [1].copy(), {}.get(1), 'a'.upper(), abs(-1), int.from_bytes(b'1', 'big')",
        "import sys, math, micropython, errno\nx = math.pi, sys.argv, errno.ENOENT",
    ] {
        let (mine, mine_free) = footprint(&run, pre);
        let (theirs, theirs_free) = footprint(&mp, pre);
        assert!(
            mine <= theirs + MARGIN,
            "after {pre:?}: mpyc-run has {mine} bytes in use at start, the reference {theirs} \
             (margin {MARGIN})"
        );
        // The program gets (nearly) the reference's heap: the pool is the -X heapsize, the
        // VM's static objects are outside it.
        assert!(
            mine + mine_free >= theirs + theirs_free,
            "after {pre:?}: mpyc-run's heap is {} bytes, the reference's {}",
            mine + mine_free,
            theirs + theirs_free
        );
    }
}

/// What `import asyncio` may cost beyond the reference: both have it frozen, its raw code and
/// constants outside the heap (mpyc-run's frozen area), and both load `gather`, `Event`,
/// `Lock` and the streams on first use; but mpyc-run's asyncio is all Python, so its `Task`
/// and loop are classes and function objects where the reference has them in C
/// (`_asyncio`): ~0.9 KiB more, measured on a 64-bit build (35 KiB more when its raw code
/// lived in the heap).
const ASYNCIO_MARGIN: usize = 2 << 10;

#[test]
fn importing_asyncio_costs_the_heap_little() {
    let test = "importing_asyncio_costs_the_heap_little";
    let Some(run) = rt::find_mpyc_run(test) else {
        return;
    };
    let Some(mp) = refs::find(Tool::MicroPython, test) else {
        return;
    };
    let (base, _) = footprint(&run, "pass");
    let (mine, _) = footprint(&run, "import asyncio");
    let (theirs_base, _) = footprint(&mp, "pass");
    let (theirs, _) = footprint(&mp, "import asyncio");
    let (cost, their_cost) = (mine - base, theirs - theirs_base);
    assert!(
        cost <= their_cost + ASYNCIO_MARGIN,
        "import asyncio: {cost} bytes of heap on mpyc-run, {their_cost} on the reference"
    );
}
