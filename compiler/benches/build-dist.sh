#!/usr/bin/env bash
# build-dist.sh: build the distribution binary that compiler/benches/compare.py measures, and
# print its path.
#
# Profile `dist` (Cargo.toml: fat LTO, one codegen unit, opt-level 3 but 2 for the parser,
# panic=abort), and on Linux/glibc statically linked and not position-independent: a process
# that loads no shared libraries and relocates nothing starts in about half the time and with a
# third of the memory (dynamic glibc maps ~1.5 MB of libc, libm and libgcc_s). The static flags
# go to the target only (--target), not to build scripts and proc macros, which stay dynamic.
#
# On x86_64 Linux (where rustc links with lld) the binary is then linked once more with the
# functions of compiler/benches/hot-functions.txt placed together (see symbol_order.py: about
# 400 KB less peak memory per process, a quarter). MPYC_NO_ORDER=1 skips that step.
#
#   bash compiler/benches/build-dist.sh          # -> target/<host>/dist/mpyc
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
host=$(rustc -vV | sed -n 's/^host: //p')
target_dir=${CARGO_TARGET_DIR:-target}
args=(--profile dist -p mpyc --target "$host")
case "$host" in
*-linux-gnu)
    args+=(--config "target.$host.rustflags=['-C', 'target-feature=+crt-static', '-C', 'relocation-model=static']")
    ;;
esac
cargo build "${args[@]}" >&2
bin="$target_dir/$host/dist/mpyc"

hot=compiler/benches/hot-functions.txt
if [[ $host == x86_64-unknown-linux-gnu && ${MPYC_NO_ORDER:-0} != 1 && -s $hot ]] &&
    command -v nm >/dev/null && command -v python3 >/dev/null; then
    dist="$(cd "$target_dir" && pwd)/$host/dist"
    python3 compiler/benches/symbol_order.py order "$bin" "$hot" >"$dist/mpyc.link-order"
    # Named after its contents: cargo relinks when the arguments change, not the file.
    order="$dist/mpyc.link-order.$(cksum <"$dist/mpyc.link-order" | cut -d' ' -f1)"
    mv "$dist/mpyc.link-order" "$order"
    if ! cargo rustc "${args[@]}" --bin mpyc -- \
        -C "link-arg=-Wl,--symbol-ordering-file=$order" \
        -C link-arg=-Wl,--no-warn-symbol-ordering >&2; then
        echo "build-dist.sh: the ordered link failed; building without it" >&2
        cargo build "${args[@]}" >&2
    fi
fi
echo "$bin"
