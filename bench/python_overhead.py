#!/usr/bin/env python3
"""bench/python_overhead.py - what the Python layer costs, and how fast sweeps go.

1. Overhead: the same configuration (configs/trafficgen.yaml, gen.count sized
   for a run of about --seconds) run by the C command (`archsim run -q -o DIR`)
   and by a Python process doing the same (import archsim, run, write
   config.yaml, stats.txt, stats.json), each a fresh process, interleaved,
   median of --repeat runs: overhead = (Python - C) / C, process start and
   import included, in wall time and in CPU time (user + system, which other
   load on the machine disturbs less). Also archsim.run() timed inside one
   interpreter.
2. Sweep throughput: a 16-point sweep (points of about --point-seconds) with
   the local process pool at 1 and 2 workers, in points per minute.

    PYTHONPATH=python ARCHSIM_LIB=build/libarchsim.so \\
        python3 bench/python_overhead.py [--seconds 1.5] [--repeat 7] [--scale 1]

--scale multiplies every run length (0.01: a smoke run that only checks the
script works; its figures mean nothing). The C command is $ARCHSIM_CLI, else
`archsim` next to the library, else build/archsim.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(SRC, "python"))

import archsim                      # noqa: E402

CONFIG = os.path.join(SRC, "configs", "trafficgen.yaml")


# What `archsim run CONFIG -o DIR` does, from Python: run, then write
# config.yaml, stats.txt and stats.json.
PY_RUN = """
import os, sys, archsim
with archsim.Simulator(sys.argv[1], {"gen.count": int(sys.argv[2])}) as sim:
    sim.run()
    os.makedirs(sys.argv[3], exist_ok=True)
    sim.write_config(os.path.join(sys.argv[3], "config.yaml"))
    sim.write_stats(os.path.join(sys.argv[3], "stats.txt"))
    sim.write_stats(os.path.join(sys.argv[3], "stats.json"))
"""


def cli_path():
    env = os.environ.get("ARCHSIM_CLI")
    if env:
        return env
    near = os.path.join(os.path.dirname(os.path.realpath(archsim.library_path)), "archsim")
    return near if os.path.isfile(near) else os.path.join(SRC, "build", "archsim")


def timed(cmd, env=None):
    """(wall seconds, CPU seconds: user + system) of one run of cmd."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    if p.returncode:
        raise subprocess.CalledProcessError(p.returncode, cmd)
    return wall, ru.ru_utime + ru.ru_stime


def calibrate(seconds):
    """gen.count for a run of about `seconds` of host time."""
    n = 100000
    while True:
        t0 = time.perf_counter()
        archsim.run(CONFIG, gen__count=n)
        dt = time.perf_counter() - t0
        if dt > 0.2 or n >= 1 << 34:
            return max(1000, int(n * seconds / dt))
        n *= 4


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=1.5, help="length of the overhead run")
    ap.add_argument("--point-seconds", type=float, default=0.5, help="length of a sweep point")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    cli = cli_path()
    # Outputs go to a RAM file system when there is one: both sides write the
    # same three files, atomically, and fsync on a disk is noise here.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    tmp = tempfile.mkdtemp(prefix="archsim-bench-", dir=shm)
    # Byte code is cached outside the tree (as an installed package has it).
    env = dict(os.environ, PYTHONPATH=os.path.join(SRC, "python"),
               ARCHSIM_LIB=archsim.library_path,
               PYTHONPYCACHEPREFIX=os.path.join(tmp, "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    count = calibrate(args.seconds * args.scale)
    c_cmd = [cli, "run", CONFIG, "-q", "-o", os.path.join(tmp, "c"),
             "--set", "gen.count=%d" % count]
    py_cmd = [sys.executable, "-c", PY_RUN, CONFIG, str(count), os.path.join(tmp, "py")]
    c_times, py_times, inproc = [], [], []
    timed(c_cmd)                                    # warm the page cache
    timed(py_cmd, env)                              # and the byte-code cache
    for _ in range(args.repeat):
        c_times.append(timed(c_cmd))
        py_times.append(timed(py_cmd, env))
        t0 = time.perf_counter()
        archsim.run(CONFIG, gen__count=count)
        inproc.append(time.perf_counter() - t0)
    cw, cc = (statistics.median(x[k] for x in c_times) for k in (0, 1))
    pw, pc = (statistics.median(x[k] for x in py_times) for k in (0, 1))
    i = statistics.median(inproc)
    print("overhead: configs/trafficgen.yaml, gen.count=%d, median of %d; load average "
          "%.2f" % (count, args.repeat, os.getloadavg()[0]))
    print("                                          wall              CPU (user+sys)")
    print("  archsim run -o DIR (C command)        %7.3f s          %7.3f s" % (cw, cc))
    print("  python3: Simulator.run + same outputs %7.3f s %+6.2f %%  %7.3f s %+6.2f %%"
          % (pw, 100 * (pw - cw) / cw, pc, 100 * (pc - cc) / cc))
    print("  archsim.run() inside one interpreter  %7.3f s          (no process start, "
          "no files)" % i)

    # Sweep throughput: 16 points of about point_seconds each.
    pcount = calibrate(args.point_seconds * args.scale)
    grid = {"mem.latency": ["30ns", "45ns", "60ns", "90ns"],
            "gen.pattern": ["random", "linear", "strided", "pointer_chase"]}
    print("sweep: 16 points, gen.count=%d (about %.2f s each), local process pool"
          % (pcount, args.point_seconds * args.scale))
    for jobs in (1, 2):
        out = os.path.join(tmp, "sweep-%d.jsonl" % jobs)
        t0 = time.perf_counter()
        recs = archsim.sweep(CONFIG, grid, overrides={"gen.count": pcount}, out=out,
                             jobs=jobs, resume=False, progress=False)
        dt = time.perf_counter() - t0
        assert all(r["status"] == "ok" for r in recs)
        print("  %d worker%s  %6.2f s   %7.1f points/minute" % (jobs, "s" if jobs > 1 else " ",
                                                               dt, 16 / dt * 60))
    print("cores: %d" % (os.cpu_count() or 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
