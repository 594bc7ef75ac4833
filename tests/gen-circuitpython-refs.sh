#!/usr/bin/env bash
# gen-circuitpython-refs.sh: regenerate tests/reference-circuitpython/, the outputs of
# CircuitPython's own mpy-cross that tests/tests/circuitpython.rs and
# compiler/tests/flavour_cli.rs compare `mpyc --flavour=circuitpython` with, so that CI needs
# no CircuitPython build.
#
# Needs a CircuitPython mpy-cross binary, given as MPYC_REF_CIRCUITPYTHON_MPY_CROSS=<path>
# (this script never builds one). The data is only as good as that binary: use the release
# the flavour targets (`mpyc --flavour=circuitpython --version` names it).
#
# Writes:
#   version.txt         its `--version` output
#   usage.txt           its usage text (run as `mpy-cross -Z`), exit status 1
#   cli/<case>.status|stdout|stderr
#                       for every command line of tests/corpus-circuitpython/cli-cases.txt
#   corpus/<name>.O<n>.mpy | .err
#                       for every tests/corpus-circuitpython/<name>.py at -O0 and -O3: the .mpy,
#                       or the exact stderr text of a rejected file (exit status 1)
#   native/error_native_code.<arch>.mpy
#                       tests/corpus-circuitpython/error_native_code.py as native code
#   real-corpus.tsv     for every tests/corpus-real/**/*.py (if fetched) at -O0 and -O3:
#                       `level<TAB>path<TAB>mpy|error<TAB>sha256 of the .mpy or of stderr`
# Each file is compiled as the differential tests run the reference: from its corpus directory,
# `mpy-cross [-O3] -o <tmp> -- <relative path>`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${MPYC_REF_CIRCUITPYTHON_MPY_CROSS:-}
OUT="$ROOT/tests/reference-circuitpython"
CORPUS="$ROOT/tests/corpus-circuitpython"
REAL="$ROOT/tests/corpus-real"

if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "gen-circuitpython-refs: set MPYC_REF_CIRCUITPYTHON_MPY_CROSS to a CircuitPython mpy-cross binary" >&2
    exit 1
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
version=$("$BIN" --version)
case "$version" in
    "CircuitPython "*) ;;
    *) echo "gen-circuitpython-refs: $BIN is not CircuitPython's mpy-cross: $version" >&2; exit 1 ;;
esac

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# compile DIR REL LEVEL: run the reference; leaves out.mpy or err.txt in $TMP and prints
# `mpy` or `error`.
compile() {
    local dir=$1 rel=$2 level=$3 rc=0
    local opt=()
    [ "$level" != 0 ] && opt=("-O$level")
    rm -f "$TMP/out.mpy" "$TMP/err.txt"
    (cd "$dir" && "$BIN" "${opt[@]}" -o "$TMP/out.mpy" -- "$rel") 2>"$TMP/err.txt" || rc=$?
    case $rc in
        0) echo mpy ;;
        1) echo error ;;
        *) echo "gen-circuitpython-refs: $BIN exited with status $rc on $rel" >&2; exit 1 ;;
    esac
}

mkdir -p "$OUT/corpus"
printf '%s\n' "$version" >"$OUT/version.txt"
rc=0
(exec -a mpy-cross "$BIN" -Z) >"$OUT/usage.txt" || rc=$?
if [ "$rc" != 1 ]; then
    echo "gen-circuitpython-refs: expected status 1 for the usage text, got $rc" >&2
    exit 1
fi

mkdir -p "$OUT/cli"
rm -f "$OUT"/cli/*
n=0
while read -r name args; do
    case "$name" in ''|'#'*) continue ;; esac
    rc=0
    # shellcheck disable=SC2086 # the arguments are blank-separated on purpose
    (cd "$CORPUS" && exec -a mpy-cross "$BIN" $args) >"$OUT/cli/$name.stdout" 2>"$OUT/cli/$name.stderr" || rc=$?
    echo "$rc" >"$OUT/cli/$name.status"
    n=$((n + 1))
done <"$CORPUS/cli-cases.txt"
echo "gen-circuitpython-refs: $n command lines of tests/corpus-circuitpython/cli-cases.txt"

rm -f "$OUT"/corpus/*.mpy "$OUT"/corpus/*.err
n=0
for path in "$CORPUS"/*.py; do
    name=$(basename "$path" .py)
    for level in 0 3; do
        kind=$(compile "$CORPUS" "$name.py" "$level")
        if [ "$kind" = mpy ]; then
            cp "$TMP/out.mpy" "$OUT/corpus/$name.O$level.mpy"
        else
            cp "$TMP/err.txt" "$OUT/corpus/$name.O$level.err"
        fi
        n=$((n + 1))
    done
done
echo "gen-circuitpython-refs: $n outputs of tests/corpus-circuitpython"

# Native code (mpyc does not emit it yet): recorded for `mpyc --dump` of CircuitPython files.
mkdir -p "$OUT/native"
rm -f "$OUT"/native/*.mpy
for arch in x64 armv7m xtensawin; do
    (cd "$CORPUS" && "$BIN" -march=$arch -X emit=native -o "$OUT/native/error_native_code.$arch.mpy" error_native_code.py)
done
echo "gen-circuitpython-refs: 3 native .mpy files"

if [ -f "$REAL/.fetch-manifest.tsv" ]; then
    tsv="$TMP/real-corpus.tsv"
    : >"$tsv"
    while IFS= read -r rel; do
        for level in 0 3; do
            kind=$(compile "$REAL" "$rel" "$level")
            if [ "$kind" = mpy ]; then file="$TMP/out.mpy"; else file="$TMP/err.txt"; fi
            sum=$(sha256sum "$file" | cut -d' ' -f1)
            printf '%s\t%s\t%s\t%s\n' "$level" "$rel" "$kind" "$sum" >>"$tsv"
        done
    done < <(cd "$REAL" && find . -name '*.py' -type f | sed 's|^\./||' | LC_ALL=C sort)
    mv "$tsv" "$OUT/real-corpus.tsv"
    echo "gen-circuitpython-refs: $(wc -l <"$OUT/real-corpus.tsv") outputs of tests/corpus-real"
else
    echo "gen-circuitpython-refs: tests/corpus-real not fetched; real-corpus.tsv left as it is" >&2
fi
