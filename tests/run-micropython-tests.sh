#!/usr/bin/env bash
# run-micropython-tests.sh: MicroPython's own test-suite (tests/run-tests.py --via-mpy) on
# mpyc-run and on the reference micropython, pass counts side by side.
#
#   cargo build --release -p mpyc -p mpyc-run
#   MICROPY_SRC=/work/src/micropython bash tests/run-micropython-tests.sh [DIR...] [-- RUN-TESTS-ARGS...]
#
# DIRs default to `basics float misc unicode micropython` (directories of MicroPython's tests/).
# Tests that import unittest or need native code are left out on both sides (see below).
# Both runs compile every test with mpyc (MICROPY_MPYCROSS), which writes the same bytes as
# mpy-cross 1.29, so the only difference between them is the VM. The checkout is not written to:
# its tests/ and tools/ are copied to a temporary directory (run-tests.py puts its .mpy files next
# to the tests). Nothing here builds or vendors MicroPython; its tests are not ours to commit.
#
# Variables: MICROPY_SRC (required), MPYC, MPYC_RUN, MPYC_REF_MICROPYTHON (binaries; defaults
# target/release/{mpyc,mpyc-run} and .refs/venv/bin/micropython), JOBS (run-tests.py -j),
# NATIVE=1 keeps the native-code tests (for when mpyc emits native code),
# KEEP=1 keeps the work directory (results, logs, per-test .out/.exp of failures).
# Exit status 0 when both runs completed (whatever the counts), 1 otherwise; the table is
# printed even when the mpyc-run side did not complete (all its tests then count as not passed).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

src=${MICROPY_SRC:?set MICROPY_SRC to a MicroPython checkout, e.g. MICROPY_SRC=/work/src/micropython}
mpyc=${MPYC:-$root/target/release/mpyc}
mpyc_run=${MPYC_RUN:-$root/target/release/mpyc-run}
reference=${MPYC_REF_MICROPYTHON:-$root/.refs/venv/bin/micropython}
jobs=${JOBS:-2}

dirs=()
extra=()
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then
        shift
        extra=("$@")
        break
    fi
    dirs+=("$1")
    shift
done
[ ${#dirs[@]} -gt 0 ] || dirs=(basics float misc unicode micropython)

for f in "$src/tests/run-tests.py" "$mpyc" "$mpyc_run" "$reference"; do
    if [ ! -f "$f" ]; then
        echo "missing: $f (build with \`cargo build --release -p mpyc -p mpyc-run\`; reference: bash .ci/setup-refs.sh)" >&2
        exit 1
    fi
done
abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
mpyc=$(abs "$mpyc")
mpyc_run=$(abs "$mpyc_run")
reference=$(abs "$reference")

work=$(mktemp -d "${TMPDIR:-/tmp}/mpyc-mptests.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
    echo "work directory (kept): $work"
else
    trap 'rm -rf "$work"' EXIT
fi
cp -r "$src/tests" "$src/tools" "$work/"

# Left out on both sides: tests that import unittest (micropython-lib's unittest is not
# installed here; MicroPython's CI installs it with mip), and tests that need native code
# (@micropython.native/viper/asm_*: mpyc does not emit native code yet, and run-tests.py stops
# at the first test its MICROPY_MPYCROSS cannot compile).
excluded=()
leave_out() { # leave_out WHY REGEX
    local n=0 t
    for d in "${dirs[@]}"; do
        for t in $(cd "$work/tests" && grep -lE "$2" "$d"/*.py 2>/dev/null || true); do
            excluded+=(-e "(^|/)$(printf '%s' "$t" | sed 's/[.]/[.]/g')\$")
            n=$((n + 1))
        done
    done
    echo "left out on both sides ($1): $n tests"
}
leave_out "need unittest" '^\s*(import|from) unittest'
[ "${NATIVE:-0}" = 1 ] || leave_out "need native code; NATIVE=1 keeps them" 'micropython\.(native|viper|asm_)'

ok=0
run_side() { # run_side NAME MICROPYTHON
    local name=$1 vm=$2
    echo "==== $name: run-tests.py --via-mpy -d ${dirs[*]} (MICROPY_MICROPYTHON=$vm)"
    if (cd "$work/tests" && MICROPY_MICROPYTHON="$vm" MICROPY_MPYCROSS="$mpyc" \
        python3 run-tests.py --via-mpy -j "$jobs" -r "$work/results-$name" \
        -d "${dirs[@]}" ${excluded[@]+"${excluded[@]}"} ${extra[@]+"${extra[@]}"}) \
        >"$work/log-$name.txt" 2>&1; then
        :
    fi
    # run-tests.py exits 1 when a test fails; a run that made no results file did not complete.
    if [ ! -f "$work/results-$name/_results.json" ]; then
        echo "run-tests.py did not complete for $name; last lines of its log:" >&2
        tail -20 "$work/log-$name.txt" >&2
        ok=1
    fi
}
run_side reference "$reference"
[ $ok = 0 ] || exit 1
run_side mpyc-run "$mpyc_run"

python3 - "$work/results-reference/_results.json" "$work/results-mpyc-run/_results.json" <<'EOF'
import json, sys
def load(path):
    try:
        with open(path) as f:
            return {t: (res, why) for t, res, why in json.load(f)["results"]}
    except FileNotFoundError:
        print("mpyc-run: run-tests.py did not complete (see above): counted as no test passed")
        return {}
ref, mine = load(sys.argv[1]), load(sys.argv[2])
def count(r, what):
    return sum(1 for res, _ in r.values() if res == what)
print()
print(f"{'':<10} {'reference':>10} {'mpyc-run':>10}")
for what in ("pass", "fail", "skip"):
    print(f"{what:<10} {count(ref, what):>10} {count(mine, what):>10}")
ref_pass = sorted(t for t, (res, _) in ref.items() if res == "pass")
both = [t for t in ref_pass if mine.get(t, ("missing",))[0] == "pass"]
lost = [t for t in ref_pass if t not in both]
gained = sorted(t for t, (res, _) in mine.items() if res == "pass" and t not in ref_pass)
share = 100.0 * len(both) / len(ref_pass) if ref_pass else 0.0
print(f"\nof the {len(ref_pass)} tests the reference passes, mpyc-run passes {len(both)} ({share:.1f}%)")
if gained:
    print(f"mpyc-run passes {len(gained)} that the reference does not: {' '.join(gained)}")
if lost:
    print(f"\npassed by the reference, not by mpyc-run ({len(lost)}):")
    for t in lost:
        res, why = mine.get(t, ("missing", ""))
        print(f"  {t}: {res}{' (' + why + ')' if why else ''}")
EOF
exit $ok
