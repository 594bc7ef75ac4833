#!/usr/bin/env bash
# hot-functions.sh: regenerate compiler/link/hot-functions.txt, the functions a compile runs,
# which the release build links together (compiler/link/mpyc-link.sh, symbol_order.py). Needs valgrind. Rerun it after
# larger changes to the compiler: a function missing from the list still works, it only lands
# among the cold code.
#
#   bash compiler/benches/hot-functions.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
cargo build --release -p mpyc >&2
bin="${CARGO_TARGET_DIR:-target}/$(rustc -vV | sed -n 's/^host: //p')/release/mpyc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cg() { # cg GROUP ARGS...: profile one run into $work/GROUP
    local group=$1
    shift
    mkdir -p "$work/$group"
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$group/cg.%p" \
        "$bin" "$@" >/dev/null 2>&1 || true
}
# First what one process compiling one file runs, one profile per file, so that the functions
# most files need come first (real-world files when tests/corpus-real is there, every 16th, and
# every feature file; an error; an output that is already up to date). Then what batch mode adds.
files=(tests/corpus/*.py)
if [ -d tests/corpus-real ]; then
    mapfile -t real < <(find tests/corpus-real -name '*.py' | sort | awk 'NR % 16 == 0')
    files+=("${real[@]}")
fi
for f in "${files[@]}"; do
    cg single -o "$work/out.mpy" "$f"
done
cg single -o "$work/out.mpy" tests/corpus/andor.py
printf 'def f(:\n' >"$work/bad.py"
cg single -o "$work/bad.mpy" "$work/bad.py"
dirs=(tests/corpus)
[ -d tests/corpus-real ] && dirs+=(tests/corpus-real)
cg batch --batch -j 2 -o "$work/out" "${dirs[@]}"
python3 compiler/link/symbol_order.py profile "$bin" "$work"/single/cg.* >"$work/single.txt"
python3 compiler/link/symbol_order.py profile "$bin" "$work"/batch/cg.* >"$work/batch.txt"
{
    cat "$work/single.txt"
    grep -vxFf "$work/single.txt" "$work/batch.txt" || true
} >compiler/link/hot-functions.txt
wc -l "$work/single.txt" compiler/link/hot-functions.txt
# Cargo does not know the linker reads the list: make the next release build relink mpyc.
touch compiler/src/main.rs
