"""archsim.cli - `archsim sweep` and `archsim merge` (the C command execs
`python3 -m archsim ...` for them, see tools/sweep.c), and `archsim info`.

    archsim sweep SWEEP.yaml [-j N] [-o results.jsonl] [--shard I/N] [--fresh]
                             [--dask ADDRESS] [--mpi] [--no-progress]
                             [--guest-output capture|inherit]
    archsim merge [-o OUT.jsonl|OUT.csv]... SHARD.jsonl...
    archsim info

Exit status: 0 when every point ran, 1 when some failed or did not run (the
others are saved; run again to resume), 2 on a usage or sweep-file error.
"""
import argparse
import os
import sys
import warnings

from . import errors
from . import sweeps as _sweep


def _parser():
    p = argparse.ArgumentParser(prog="archsim", description="archsim sweeps from the command "
                                "line (the Python package's commands)")
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")
    s = sub.add_parser("sweep", help="run a sweep file", description=
                       "Run every point of SWEEP.yaml not yet in the output, point by point.")
    s.add_argument("file", metavar="SWEEP.yaml")
    s.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="worker processes (default: jobs: of the file, else one per core)")
    s.add_argument("-o", "--output", metavar="FILE",
                   help="results file (default: output: of the file, else results.jsonl; "
                        "with --shard, results.shard-I-of-N.jsonl)")
    s.add_argument("--shard", metavar="I/N",
                   help="run only points with index %% N == I (0 <= I < N), e.g. "
                        "--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT")
    s.add_argument("--fresh", action="store_true",
                   help="start the output afresh instead of resuming")
    s.add_argument("--dask", metavar="ADDRESS",
                   help="run the points on a Dask cluster (scheduler address)")
    s.add_argument("--mpi", action="store_true",
                   help="run the points on MPI workers (mpi4py.futures; start under mpiexec)")
    s.add_argument("--no-progress", action="store_true", help="no progress bar")
    s.add_argument("--guest-output", choices=_sweep.GUEST_OUTPUT,
                   help="capture: each point's stdout and stderr go to RESULTS.out/ID.out "
                        "(for -o RESULTS.jsonl), named by the record's guest_output; "
                        "inherit: they pass through to this command's (default: "
                        "guest_output: of the file, else capture)")
    s.add_argument("--list", action="store_true",
                   help="print the points (index, id, overrides) and exit")
    m = sub.add_parser("merge", help="join sweep outputs into one file", description=
                       "Join sweep outputs (shards) into one results file: one record per "
                       "point, in point order; JSON lines or CSV by extension.")
    m.add_argument("inputs", nargs="+", metavar="RESULTS.jsonl")
    m.add_argument("-o", "--output", action="append", metavar="FILE",
                   help="output file, .jsonl or .csv; may be given twice "
                        "(default: results.jsonl)")
    sub.add_parser("info", help="where the package and the library are")
    return p


class _Usage(Exception):
    """A usage error found after parsing: the message, exit status 2."""


def _executor(args, jobs):
    if args.dask and args.mpi:
        raise _Usage("give --dask or --mpi, not both")
    if args.dask:
        try:
            from distributed import Client
        except ImportError:
            raise _Usage("--dask needs the distributed package "
                         "(Debian: python3-distributed)") from None
        client = Client(args.dask)
        return client.get_executor(), client
    if args.mpi:
        try:
            from mpi4py.futures import MPIPoolExecutor
        except ImportError:
            raise _Usage("--mpi needs mpi4py (Debian: python3-mpi4py)") from None
        ex = MPIPoolExecutor(max_workers=jobs) if jobs else MPIPoolExecutor()
        return ex, ex
    return None, None


def _file_error(e):
    """A sweep-file or usage error on stderr; exit status 2."""
    print("archsim: %s" % e if not isinstance(e, errors.ArchsimError) or not e.file
          else str(e), file=sys.stderr)
    return 2


def cmd_sweep(args):
    try:
        sw = _sweep.Sweep.from_file(args.file)
        shard = _sweep.parse_shard(args.shard) if args.shard else None
        if args.list:
            sw.check()
    except (errors.ArchsimError, OSError, ValueError) as e:
        return _file_error(e)
    if args.list:
        for p in sw.points(shard):
            extra = ("  workload=%s" % p.workload if p.workload else "") + \
                    ("  seed=%s" % p.seed if p.seed is not None else "")
            print("%4d %s %s%s" % (p.index, p.id, " ".join("%s=%s" % kv for kv in
                                                           p.params.items()), extra))
        return 0
    out = args.output or sw.output or "results.jsonl"
    if shard and not args.output:
        out = _sweep.shard_output(out, shard)
    jobs = args.jobs if args.jobs is not None else sw.jobs
    if jobs is not None and jobs < 1:
        print("archsim: %s expects a number of workers above zero, got %d"
              % ("-j" if args.jobs is not None else "jobs:", jobs), file=sys.stderr)
        return 2
    try:
        sw.check()                  # before a cluster is joined
        executor, owner = _executor(args, jobs)
    except _Usage as e:
        print("archsim: %s" % e, file=sys.stderr)
        return 2
    except (errors.ArchsimError, OSError) as e:
        return _file_error(e)
    progress = False if args.no_progress else None
    guest = args.guest_output or sw.guest_output or "capture"
    warnings.formatwarning = lambda msg, *a, **kw: "archsim: warning: %s\n" % msg
    try:
        recs = sw.run(executor, out, jobs, shard, progress, resume=not args.fresh,
                      guest_output=guest)
    except _sweep.SweepError as e:
        print("archsim: %s" % e, file=sys.stderr)
        return 1
    except errors.ArchsimError as e:            # the base configuration is unusable
        print(str(e) if e.file else "archsim: %s" % e, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\narchsim: interrupted; finished points are in %s (run again to resume)" % out,
              file=sys.stderr)
        return 130
    finally:
        if owner is not None:
            (owner.close if hasattr(owner, "close") else owner.shutdown)()
    failed = [r for r in recs if r.get("status") != "ok"]
    for r in failed[:5]:
        print("archsim: point %s (%s) failed: %s%s" % (
            r["id"], " ".join("%s=%s" % kv for kv in r["params"].items()),
            errors.from_dict(r["error"] or {}),
            "; its output is in %s" % os.path.join(os.path.dirname(out), r["guest_output"])
            if r.get("guest_output") else ""), file=sys.stderr)
    print("archsim: %d points, %d ok, %d failed; results in %s" % (
        len(recs), len(recs) - len(failed), len(failed), out), file=sys.stderr)
    return 1 if failed else 0


def cmd_merge(args):
    outs = args.output or ["results.jsonl"]
    for o in outs:
        if not o.lower().endswith((".jsonl", ".json", ".csv")):
            print("archsim: merge writes .jsonl or .csv files, not '%s'" % o, file=sys.stderr)
            return 2
    try:
        for o in outs:              # guest_output made relative to each output's folder
            recs = _sweep.merge(args.inputs, o)
    except OSError as e:
        print("archsim: %s" % e, file=sys.stderr)
        return 2
    bad = sum(r.get("status") != "ok" for r in recs)
    print("archsim: merged %d files: %d points (%d failed) into %s" % (
        len(args.inputs), len(recs), bad, ", ".join(outs)), file=sys.stderr)
    return 0


def cmd_info(args):
    from . import _ffi, library_version
    print("package  %s" % os.path.dirname(os.path.abspath(__file__)))
    print("library  %s (version %s)" % (_ffi.lib_path, library_version()))
    print("python   %s %s" % (sys.executable, sys.version.split()[0]))
    return 0


def main(argv=None):
    p = _parser()
    args = p.parse_args(argv)
    if args.cmd is None:
        p.print_usage(sys.stderr)
        return 2
    return {"sweep": cmd_sweep, "merge": cmd_merge, "info": cmd_info}[args.cmd](args)
