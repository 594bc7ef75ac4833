#!/usr/bin/env bash
# build-circuitpython-run.sh: the `circuitpython` build of mpyc-run (the runtime's CircuitPython
# flavour) at target/circuitpython/<host>/ci/mpyc-run, where tests/tests/runtime_circuitpython.rs
# finds it; the default build stays at target/<host>/ci/mpyc-run.
#
# Built in the main target directory (so the compiler and every other crate are reused; only
# mpyc-runtime and mpyc-run are compiled again with the feature), copied aside, then the default
# mpyc-run is linked again. Also lints the feature's code (the workspace's clippy step does not
# enable it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
target=${CARGO_TARGET_DIR:-target}
cargo build --profile ci -p mpyc-run --features circuitpython
mkdir -p "$target/circuitpython/$host/ci"
cp "$target/$host/ci/mpyc-run" "$target/circuitpython/$host/ci/mpyc-run"
cargo build --profile ci -p mpyc-run
cargo clippy -p mpyc-runtime --features circuitpython -- -D warnings
