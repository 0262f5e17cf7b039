#!/usr/bin/python3
"""bench/riscv/run.py - speed of the RISC-V functional model.

Runs our own guest programs (bench/riscv/cpubench.c: CoreMark-like list,
matrix, state-machine and CRC kernels; membench.c: random accesses over a
32 MiB table; and two of the test programs) under
`archsim run configs/riscv-functional.yaml` and, when it is installed,
under qemu-riscv64 on the same binary. Prints simulated MIPS (instructions
retired, from the run's stats, divided by the wall time of the whole
command) and archsim's speed relative to qemu, as medians of several runs.

    bench/riscv/run.py [--build build] [--runs 5] [--quick]

The guests are built by the CMake build (tests/guest) into BUILD/guest.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# name, program, arguments, quick arguments, what it stands for
BENCHES = [
    ("cpubench", "cpubench", ["3000"], ["20"], "CoreMark-like integer code"),
    ("membench", "membench", ["20", "32"], ["1", "16"], "random accesses over 32 MiB"),
    ("sort", "sort", [], [], "qsort and merge sort, 200k items"),
    ("compress", "compress", [], [], "LZ77 compression of 1 MiB"),
]


def run_archsim(archsim, config, prog, args, out):
    cmd = [archsim, "run", config, "-q", "-o", out, "--", prog] + args
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("archsim failed on %s: %s" % (prog, p.stderr.decode(errors="replace")))
    with open(os.path.join(out, "stats.json")) as f:
        stats = json.load(f)
    insts = stats["cpu.insts"] if "cpu.insts" in stats else stats["cpu"]["insts"]
    return int(insts), dt


def run_qemu(qemu, prog, args):
    t0 = time.perf_counter()
    p = subprocess.run([qemu, prog] + args, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("qemu failed on %s" % prog)
    return dt


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(SRC, "build"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="tiny inputs, one run (smoke test)")
    opt = ap.parse_args()
    archsim = os.path.join(opt.build, "archsim")
    gdir = os.path.join(opt.build, "guest")
    config = os.path.join(SRC, "configs", "riscv-functional.yaml")
    qemu = shutil.which("qemu-riscv64")
    runs = 1 if opt.quick else opt.runs
    if not os.path.exists(archsim):
        sys.exit("no %s: build first" % archsim)
    print("RISC-V functional model speed, median of %d run%s%s" %
          (runs, "s" if runs > 1 else "", "" if qemu else " (qemu-riscv64 not found)"))
    print("%-10s %14s %10s %10s %10s %8s  %s" %
          ("program", "instructions", "archsim s", "MIPS", "qemu MIPS", "ratio", "kind"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, prog, args, qargs, what in BENCHES:
            path = os.path.join(gdir, prog)
            if not os.path.exists(path):
                print("%-10s (not built: %s)" % (name, path))
                continue
            a = qargs if opt.quick else args
            if opt.quick and not qargs and name in ("sort", "compress"):
                continue
            times, qtimes, insts = [], [], 0
            for _ in range(runs):
                insts, dt = run_archsim(archsim, config, path, a, os.path.join(tmp, name))
                times.append(dt)
                if qemu:
                    qtimes.append(run_qemu(qemu, path, a))
            t = statistics.median(times)
            mips = insts / t / 1e6
            if qemu:
                q = statistics.median(qtimes)
                qmips = insts / q / 1e6
                print("%-10s %14d %10.3f %10.1f %10.1f %8.2f  %s" %
                      (name, insts, t, mips, qmips, mips / qmips, what))
            else:
                print("%-10s %14d %10.3f %10.1f %10s %8s  %s" %
                      (name, insts, t, mips, "-", "-", what))
    print("ratio = archsim MIPS / qemu-riscv64 MIPS on the same binary (qemu-user "
          "translates to host code)")


if __name__ == "__main__":
    main()
