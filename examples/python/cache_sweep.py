#!/usr/bin/env python3
"""examples/python/cache_sweep.py - a real sweep and its figure: the latency a
pointer chase sees against its working set, for three L1 sizes (the classic
memory-mountain cut), run on every core, resumable, plotted to a PNG.

    PYTHONPATH=python python3 examples/python/cache_sweep.py [-o DIR] [-j N] [--quick]

Writes DIR/results.jsonl (one record per point; run again and finished
points are skipped), DIR/results.csv and DIR/cache_sweep.png. When the
library has no `cache` type, the same sweep runs on configs/trafficgen.yaml
with memory latency in place of the L1 size, and says so.
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))   # the source tree's package

import archsim                      # noqa: E402
from archsim import plot            # noqa: E402


def has_cache_type():
    try:
        with archsim.Simulator(os.path.join(HERE, "cache_hierarchy.yaml")) as sim:
            sim.elaborate()
        return True
    except archsim.ConfigError as e:
        if "cache" in e.message and "type" in e.message:
            return False
        raise


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--outdir", default="cache_sweep_out")
    ap.add_argument("-j", "--jobs", type=int, default=None, help="workers (default: cores)")
    ap.add_argument("--quick", action="store_true", help="fewer, shorter points")
    args = ap.parse_args()

    sets = ["4KiB", "16KiB", "64KiB", "256KiB", "1MiB", "4MiB"]
    if args.quick:
        sets = ["4KiB", "64KiB", "1MiB"]
    count = 20000 if args.quick else 200000
    if has_cache_type():
        config = os.path.join(HERE, "cache_hierarchy.yaml")
        grid = {"l1d.size": ["16KiB", "32KiB", "64KiB"], "gen.range": sets}
        by, title = "l1d.size", "pointer chase through L1 / L2 / memory"
    else:
        print("cache_sweep: this library has no `cache` type yet; sweeping memory latency "
              "on configs/trafficgen.yaml instead", file=sys.stderr)
        config = os.path.join(HERE, "..", "..", "configs", "trafficgen.yaml")
        grid = {"mem.latency": ["30ns", "60ns", "90ns"], "gen.range": sets}
        by, title = "mem.latency", "pointer chase to memory"
    os.makedirs(args.outdir, exist_ok=True)
    out = os.path.join(args.outdir, "results.jsonl")
    t0 = time.monotonic()
    recs = archsim.sweep(config, grid, out=out, jobs=args.jobs,
                         overrides={"gen.count": count, "gen.pattern": "pointer_chase",
                                    "gen.mode": "lt"})
    wall = time.monotonic() - t0
    failed = [r for r in recs if r["status"] != "ok"]
    for r in failed:
        print("cache_sweep: %s failed: %s" % (r["params"], r["error"]["message"]),
              file=sys.stderr)
    archsim.merge([out], os.path.join(args.outdir, "results.csv"))
    png = os.path.join(args.outdir, "cache_sweep.png")
    plot.metric(recs, x="gen.range", y=lambda r: r["stats"]["gen.latency"] / 1000.0,
                by=by, ylabel="load-to-use latency (ns)", logx=True, title=title, out=png)
    print("cache_sweep: %d points (%d failed) in %.1f s; wrote %s" % (
        len(recs), len(failed), wall, png))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
