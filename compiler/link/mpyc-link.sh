#!/bin/sh
# mpyc-link.sh: the linker of x86_64 Linux builds (.cargo/config.toml), a wrapper around `cc`.
#
# Every link is `cc "$@"`, unchanged. The `mpyc` binary of an optimised build (an output below a
# `release/deps/` directory, `CARGO_BIN_NAME=mpyc`) is then linked once more with the functions
# of hot-functions.txt placed together (lld's --symbol-ordering-file; symbol_order.py maps the
# list, which names functions without their hashes, to this binary's symbols): a short-lived
# process maps most of the code around the pages it touches, so hot code spread among cold
# code makes all of it resident; together, about 400 KB less peak memory per process. If that
# step cannot run (no python3 or nm) or fails, the first link stands. MPYC_NO_ORDER=1 skips it.
# Cargo does not track hot-functions.txt: after changing it, touch compiler/src/main.rs to relink
# (compiler/benches/hot-functions.sh, which regenerates it, does).
set -u
cc "$@" || exit
[ "${CARGO_BIN_NAME:-}" = mpyc ] && [ "${MPYC_NO_ORDER:-0}" != 1 ] || exit 0
out=
prev=
for arg in "$@"; do
    [ "$prev" = -o ] && out=$arg
    prev=$arg
done
case "$out" in
*/release/deps/*) ;;
*) exit 0 ;;
esac
here=$(dirname "$0")
command -v python3 >/dev/null && command -v nm >/dev/null || exit 0
order="$out.link-order"
if python3 "$here/symbol_order.py" order "$out" "$here/hot-functions.txt" >"$order" 2>/dev/null &&
    cc "$@" -Wl,--symbol-ordering-file="$order" -Wl,--no-warn-symbol-ordering 2>/dev/null; then
    rm -f "$order"
else
    echo "mpyc-link.sh: the ordered link failed; keeping the plain one" >&2
    rm -f "$order"
    cc "$@"
fi
