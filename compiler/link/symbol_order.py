#!/usr/bin/env python3
"""Link-order helper for the release build (mpyc-link.sh, hot-functions.sh).

A short-lived `mpyc` process maps nearly all of the binary's code, because the kernel maps a
file's pages around each page fault (64 KiB at a time): hot code spread among cold code (glibc's
printf and locale machinery, std's backtrace symbolizer, error paths) makes all of it resident.
Linking the functions a compile runs next to each other (lld's --symbol-ordering-file) leaves
the cold ones in pages that are never touched: less peak memory per process, fewer page faults.

    symbol_order.py profile BINARY CALLGRIND_OUT...  > hot-functions.txt
        the functions run in the callgrind profiles (made with --demangle=no), those run in
        the most profiles first, by demangled name without hash, so that the list survives
        rebuilds and small code changes;
    symbol_order.py order BINARY HOT_LIST > order.txt
        glibc's start-up code, then the list, mapped back to BINARY's (mangled) symbols.
"""

import re
import subprocess
import sys

# glibc start-up code that a profile under valgrind does not name as it runs natively: valgrind
# calls __libc_start_main "(below main)" and emulates a CPU of its own, so the CPU probing and
# the string functions glibc picks (ifunc variants: __memmove_evex_..., __memmove_avx_...) are
# not those of the machine the binary runs on.
STARTUP = [
    "__libc_start_main_impl", "__libc_start_call_main", "__libc_start_main",
    "init_cpu_features", "update_active", "get_common_indices", "get_extended_indices",
    "init_cacheinfo", "dl_init_cacheinfo", "handle_amd", "handle_intel", "handle_zhaoxin",
    "intel_check_word", "get_common_cache_info",
]
# String functions glibc's start-up runs natively (comparing tunable and environment names)
# but not under valgrind: all variants.
STARTUP_FAMILIES = ("__strcmp_",)
# A string function family with one variant per instruction set.
IFUNC_VARIANT = re.compile(r"^__(mem\w*?|str\w*?|stp\w*?|rawmemchr|wmem\w*?|wcs\w*?|bzero)"
                           r"_(sse2|sse4|ssse3|avx|avx2|evex|avx512)")


def text_symbols(binary):
    """(mangled, demangled, nm type) for every defined code symbol of binary; type `i` is an
    ifunc resolver."""
    def nm(*flags):
        out = subprocess.run(["nm", "-p", "--defined-only", *flags, binary],
                             capture_output=True, text=True, check=True).stdout
        return out.splitlines()
    symbols = []
    # -p keeps the symbol table's order, so the two listings line up entry by entry.
    for raw, dem in zip(nm(), nm("-C")):
        raw, dem = raw.split(" ", 2), dem.split(" ", 2)
        if len(raw) == 3 and len(dem) == 3 and raw[1] in "tTwWi":
            symbols.append((raw[2], dem[2], raw[1]))
    return symbols


def profile(binary, outs):
    """Print the functions run in the profiles, those run in the most profiles first: with one
    profile per compiled file, a typical compile then touches a dense prefix of the list."""
    demangled = {m: d for m, d, _ in text_symbols(binary)}
    count = {}
    for path in outs:
        seen = set()
        with open(path, errors="replace") as f:
            for line in f:
                m = re.match(r"c?fn=\(\d+\) (.*)", line)
                if m:
                    name = re.sub(r"'\d+$", "", m.group(1).strip())  # recursion depth suffix
                    if name in demangled:
                        seen.add(demangled[name])
        for name in seen:
            count[name] = count.get(name, 0) + 1
    for name in sorted(count, key=lambda n: (-count[n], n)):
        print(name)


def order(binary, hot_list):
    symbols = text_symbols(binary)
    by_name = {}
    for mangled, demangled, _ in symbols:
        by_name.setdefault(demangled, []).append(mangled)
    done = set()

    def emit(name):
        for mangled in by_name.get(name, []):
            if mangled not in done:
                done.add(mangled)
                print(mangled)

    for name in STARTUP:
        emit(name)
    for _, demangled, _ in symbols:
        if demangled.startswith(STARTUP_FAMILIES):
            emit(demangled)
    # The ifunc resolvers: a static binary runs every one of them at start-up, to fill in the
    # addresses of the string functions.
    for _, demangled, kind in symbols:
        if kind == "i" or demangled.endswith("_ifunc"):
            emit(demangled)
    with open(hot_list) as f:
        for line in f:
            name = line.rstrip("\n")
            m = IFUNC_VARIANT.match(name)
            if m:
                # Every variant of the family: the one the running CPU gets is among them.
                family = f"__{m.group(1)}_"
                for _, other, _ in symbols:
                    if other.startswith(family):
                        emit(other)
            emit(name)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "profile":
        profile(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 4 and sys.argv[1] == "order":
        order(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
