#!/usr/bin/env bash
# setup-objdump.sh: install GNU binutils for ARM (arm-none-eabi-objdump), which the Thumb
# encoder tests use as an independent decoder (targets/tests/thumb_objdump.rs).
# Idempotent: does nothing when the tool is already on PATH.
set -euo pipefail
if command -v arm-none-eabi-objdump >/dev/null; then
    exit 0
fi
SUDO=
if [ "$(id -u)" != 0 ]; then
    SUDO=sudo
fi
echo "setup-objdump: installing binutils-arm-none-eabi" >&2
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq binutils-arm-none-eabi >/dev/null
command -v arm-none-eabi-objdump >/dev/null
