#!/usr/bin/env bash
# build-dist.sh: build the distribution binary that compiler/benches/compare.py measures, and
# print its path.
#
# Profile `dist` (Cargo.toml: fat LTO, one codegen unit, opt-level "s", panic=abort), and on
# Linux/glibc statically linked and not position-independent: a process that loads no shared
# libraries and relocates nothing starts in about half the time and a third of the memory
# (dynamic glibc maps ~1.5 MB of libc, libm and libgcc_s). The static flags go to the target
# only (--target), not to build scripts and proc macros, which must stay dynamic.
#
#   bash compiler/benches/build-dist.sh          # -> target/<host>/dist/mpyc
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
host=$(rustc -vV | sed -n 's/^host: //p')
args=(--profile dist -p mpyc --target "$host")
case "$host" in
*-linux-gnu)
    args+=(--config "target.$host.rustflags=['-C', 'target-feature=+crt-static', '-C', 'relocation-model=static']")
    ;;
esac
cargo build "${args[@]}" >&2
echo "${CARGO_TARGET_DIR:-target}/$host/dist/mpyc"
