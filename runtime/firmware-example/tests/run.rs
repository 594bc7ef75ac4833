//! The firmware example runs (as CI does it: `cargo test --workspace`) and prints what its
//! Python code computed from the "interrupt" data, then `mem_info()` in MicroPython's format.

use std::process::Command;

/// `line` with every run of digits replaced by `#`.
fn shape(line: &str) -> String {
    let mut out = String::new();
    let mut in_digits = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

#[test]
fn firmware_example_runs_and_reports() {
    let out = Command::new(env!("CARGO_BIN_EXE_mpyc-firmware-example"))
        .output()
        .expect("run the example");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exit {:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    // The readings 21 23 19 25 22 24: mean 22 (floor), last 24.
    assert_eq!(
        lines[..4],
        [
            "[board] LED on",
            "[board] LED off",
            "readings: 6 errors: 0 heap locked now: 0",
            "mean: 22 last: 24 callbacks ran: True",
        ]
    );
    let shapes: Vec<String> = lines[4..].iter().map(|l| shape(l)).collect();
    assert_eq!(
        shapes,
        [
            "mem: total=#, current=#, peak=#",
            "stack: # out of #",
            "GC: total: #, used: #, free: #",
            " No. of #-blocks: #, #-blocks: #, max blk sz: #, max free sz: #",
            "[rust] main.summary() returned #",
        ]
    );
    assert_eq!(lines[8], "[rust] main.summary() returned 22");
}
