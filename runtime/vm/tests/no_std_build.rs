//! The runtime builds as `#![no_std]` with no global allocator: it is compiled for a bare-metal
//! target (ARM Cortex-M4F, `thumbv7em-none-eabihf`), where neither `std` nor an allocator
//! exists, so any use of either is a build error. In CI (`CI` set) a missing target fails the
//! test; locally it says so loudly and passes.

use std::process::Command;

const TARGET: &str = "thumbv7em-none-eabihf";

#[test]
fn builds_for_a_bare_metal_target() {
    let installed = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .map(|root| {
            std::path::Path::new(&root)
                .join("lib/rustlib")
                .join(TARGET)
                .exists()
        })
        .unwrap_or(false);
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "target {TARGET} missing in CI: rustup target add {TARGET}"
        );
        eprintln!("SKIPPING LOUDLY: target {TARGET} not installed (rustup target add {TARGET})");
        return;
    }
    let target_dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/no_std-check");
    let out = Command::new(env!("CARGO"))
        .args(["build", "-p", "mpyc-runtime", "--target", TARGET])
        .env("CARGO_TARGET_DIR", &target_dir)
        .output()
        .expect("cargo");
    assert!(
        out.status.success(),
        "no_std build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
