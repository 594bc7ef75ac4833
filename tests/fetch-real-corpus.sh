#!/usr/bin/env bash
# fetch-real-corpus.sh: download the real-world corpus (PyPI packages of MicroPython and
# CircuitPython code) into tests/corpus-real/ for tests/tests/real_corpus.rs.
#
# Uses the project's shared fetch script and package list, found beside the repository
# (../shared/corpus/ from the repo root; override with MPYC_SHARED=<dir>). Pinned versions and a
# checksum list make the result deterministic. Idempotent: when tests/corpus-real/ already
# matches the checksum list, nothing is downloaded.
# Environment: MPYC_SHARED, MPYC_CORPUS_LIST (default $MPYC_SHARED/corpus/corpus-dev.txt),
#              PYTHON (default: the reference venv's python if present, else python3), JOBS.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${MPYC_SHARED:-$ROOT/../shared}
LIST=${MPYC_CORPUS_LIST:-$SHARED/corpus/corpus-dev.txt}
SUMS=${LIST%.txt}.sha256
FETCH="$SHARED/corpus/fetch-corpus.sh"
DEST="$ROOT/tests/corpus-real"

if [ ! -f "$FETCH" ] || [ ! -f "$LIST" ]; then
    echo "fetch-real-corpus: $FETCH or $LIST not found (set MPYC_SHARED to the shared/ directory)" >&2
    exit 1
fi
if [ -z "${PYTHON:-}" ]; then
    if [ -x "$ROOT/.refs/venv/bin/python" ]; then PYTHON="$ROOT/.refs/venv/bin/python"; else PYTHON=python3; fi
fi
export PYTHON

# The package directories the list asks for, sorted.
wanted() { sed -e 's/#.*//' -e 's/[[:space:]]//g' -e 's/==.*//' "$LIST" | grep -v '^$' | sort; }

# Up to date: same package directories as the list (no stale ones) and every checksum matches.
verify() {
    [ -f "$DEST/.fetch-manifest.tsv" ] && [ -f "$SUMS" ] \
        && [ "$(wanted)" = "$(cd "$DEST" && ls -1 | sort)" ] \
        && (cd "$DEST" && sha256sum -c --quiet "$SUMS" >/dev/null 2>&1)
}

if verify; then
    echo "fetch-real-corpus: $DEST is up to date"
else
    # Start from scratch so that nothing stale (a package dropped from the list) survives.
    rm -rf "$DEST"
    mkdir -p "$DEST"
    bash "$FETCH" "$LIST" "$DEST"
    if [ -f "$SUMS" ]; then
        (cd "$DEST" && sha256sum -c --quiet "$SUMS") || {
            echo "fetch-real-corpus: checksums differ from $SUMS" >&2
            exit 1
        }
    fi
fi
echo "fetch-real-corpus: $(find "$DEST" -name '*.py' | wc -l) .py files in $DEST"
