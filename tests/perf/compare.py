#!/usr/bin/env python3
"""Benchmark mpyc-run against the reference MicroPython on the programs of tests/perf/.

Each bm_*.py is compiled once with mpyc to a .mpy, then run N times alternately by the reference
(`micropython -m name`) and by `mpyc-run -m name` in the same directory; the time of a run is the
whole process's wall time. The outputs must be identical (and exit 0): a program that fails or
differs on mpyc-run is reported as such and not counted in the geometric mean. The table shows
the best and median times of each side and the ratio mpyc-run / micropython of the medians
(below 1.0: mpyc-run is faster).

    cargo build --release -p mpyc -p mpyc-run
    python3 tests/perf/compare.py [-n 5] [-k fft] [--heapsize 8m]

Binaries: --mpyc, --mpyc-run, --micropython, or MPYC, MPYC_RUN, MPYC_REF_MICROPYTHON; defaults are
target/release/{mpyc,mpyc-run} and .refs/venv/bin/micropython (installed by .ci/setup-refs.sh).
"""

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LIMIT = 120  # seconds a single run may take


def default(env, *parts):
    return os.environ.get(env) or os.path.join(ROOT, *parts)


def timed(cmd, cwd):
    """Run cmd in cwd; (seconds, exit status, stdout, stderr), status None on timeout."""
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None, b"", b"timed out"
    return time.perf_counter() - start, p.returncode, p.stdout, p.stderr


def last_line(b):
    lines = b.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=3, help="runs of each program on each side (default 3)")
    ap.add_argument("-k", default="", help="only programs whose name contains this text")
    ap.add_argument("--heapsize", default="", help="pass -X heapsize=... to both")
    ap.add_argument("--mpyc", default=default("MPYC", "target", "release", "mpyc"))
    ap.add_argument("--mpyc-run", default=default("MPYC_RUN", "target", "release", "mpyc-run"))
    ap.add_argument("--micropython", default=default("MPYC_REF_MICROPYTHON", ".refs", "venv", "bin", "micropython"))
    a = ap.parse_args()
    a.mpyc, a.mpyc_run, a.micropython = (os.path.abspath(p) for p in (a.mpyc, a.mpyc_run, a.micropython))
    for name, path in (("mpyc", a.mpyc), ("mpyc-run", a.mpyc_run), ("micropython", a.micropython)):
        if not os.path.isfile(path):
            sys.exit(f"{name} not found at {path} (build it, or give its path)")
    extra = ["-X", f"heapsize={a.heapsize}"] if a.heapsize else []
    programs = sorted(f for f in os.listdir(HERE) if f.startswith("bm_") and f.endswith(".py") and a.k in f)
    if not programs:
        sys.exit("no programs")

    tmp = tempfile.mkdtemp(prefix="mpyc-perf-")
    rows, ratios, failed = [], [], []
    try:
        for prog in programs:
            name = prog[:-3]
            shutil.copy(os.path.join(HERE, prog), os.path.join(tmp, prog))
            c = subprocess.run([a.mpyc, prog], cwd=tmp, capture_output=True)
            os.remove(os.path.join(tmp, prog))
            if c.returncode != 0:
                failed.append((name, "mpyc does not compile it: " + last_line(c.stderr)))
                continue
            ref_t, run_t, problem, expected = [], [], None, None
            for _ in range(a.n):
                t, code, out, err = timed([a.micropython, *extra, "-m", name], tmp)
                if code != 0:
                    problem = f"the reference fails (exit {code}): {last_line(err)}"
                    break
                if expected is not None and out != expected:
                    problem = "the reference's output changes between runs"
                    break
                expected = out
                ref_t.append(t)
                t, code, out, err = timed([a.mpyc_run, *extra, "-m", name], tmp)
                if code != 0 or out != expected:
                    why = f"exit {code}" if code != 0 else "different output"
                    problem = f"mpyc-run: {why}: {last_line(err) or last_line(out)}"
                    break
                run_t.append(t)
            if problem:
                failed.append((name, problem))
                continue
            ratio = statistics.median(run_t) / statistics.median(ref_t)
            ratios.append(ratio)
            rows.append((name, min(ref_t), statistics.median(ref_t), min(run_t), statistics.median(run_t), ratio))
            print(f"  {name}: {ratio:.3f}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{'program':<16} {'micropython best/median s':>26} {'mpyc-run best/median s':>24} {'ratio':>7}")
    for name, rb, rm, mb, mm, ratio in rows:
        print(f"{name:<16} {rb:>12.3f} {rm:>12.3f}  {mb:>11.3f} {mm:>11.3f}  {ratio:>7.3f}")
    for name, why in failed:
        print(f"{name:<16} NOT COUNTED: {why}")
    if ratios:
        gm = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"\ngeometric mean of mpyc-run/micropython over {len(ratios)} of {len(programs)} programs "
              f"({a.n} runs each): {gm:.3f}")
    else:
        print(f"\nno program ran on mpyc-run ({len(failed)} of {len(programs)} not counted)")
    return 0 if ratios and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
