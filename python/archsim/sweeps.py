"""archsim.sweep - experiment sweeps: a grid of overrides times workloads times
seeds, run on any concurrent.futures.Executor, written point by point to a JSON
lines file so that an interrupted sweep resumes where it stopped.

One point is one run. Its id is a stable hash of what decides its result: the
config's file name and a SHA-256 of its content as the library reads it (the
configuration resolved before any override: included files merged in, so
editing the config or a file it includes changes the id), every override (as
the text given to sim_set), the workload's path as written and a SHA-256 of
the program file, its arguments, the seed and the run limits. Files the guest
itself opens are not part of it. Results written before the id covered the
contents (by name only) match no point any more: such a sweep runs again.
A record (one JSON line) holds the id, the point's index in the sweep, status
("ok" or "error"), config_path (the config as given; None for YAML text),
config_name (its file name, or "yaml:<hash>" for text), config_sha256, the
grid values (params), all overrides, workload, args, seed, max_insts and
max_cycles (None when not limited), the resolved configuration text, the stop
reason, exit code, every statistic, the error if any, guest_output (see
below), and under "host" what varies from run to run (seconds, node, pid).

Before any point runs, the overrides are checked: the config with the set:
overrides and each grid key (at its first value) is built once, and a key the
configuration does not have fails the sweep (a sweep file's error names the
file, line and column of the key); a value that only fails in some
combinations is left to the point that runs it.

Each record is appended with one write() of one line, then flushed and
fsync()ed; a line cut short by a kill is ignored and cut off when the sweep
resumes. Points whose id has an "ok" record in the output are skipped; failed
points are run again.

Guest output: what a point's run writes to file descriptors 1 and 2 (the guest
program's stdout and stderr, written by the models with write(), and anything
else printed during the run) goes to one file per point, both streams in the
order written: for results.jsonl, results.out/<id>.out. The record's
guest_output names it relative to the results file's folder
("results.out/<id>.out"); None when the output was not captured. The worker
redirects fds 1 and 2 into a temporary file in that folder around the run
(Python's and C stdio's buffers flushed on both sides, the fds restored even
when the run fails), then fsyncs it and renames it to <id>.out before the
record is returned, so a record never names half a file, and a point run again
replaces its file. Files of points no longer in the results are left alone.
guest_output="inherit" keeps the old behaviour: the output goes to the
sweep's (or the worker's) stdout and stderr. File descriptors belong to a
process, not a thread, so points that run in threads other than the sweep's
(ThreadPoolExecutor, Dask, whose workers run tasks in threads) cannot be
captured: they inherit, and the sweep warns once.

The sweep file (`archsim sweep SWEEP.yaml`) is YAML:

    config: ../configs/trafficgen.yaml   # required, relative to this file
    set: {gen.count: 20000}              # overrides of every point
    grid:                                # every combination of these values
      mem.latency: [30ns, 45ns, 60ns]
      gen.range: [1MiB, 64MiB]
    workloads: [prog.elf, {program: b.elf, args: [-n, 3], name: b}]   # optional
    seeds: [1, 2]                        # or seed: 1 (default: the config's)
    max_insts: 1000000                   # or max_cycles (optional)
    output: results.jsonl                # relative to this file
    jobs: 2                              # workers (default: one per core)
    guest_output: capture                # or inherit (default: capture)
"""
import concurrent.futures as cf
import csv
import difflib
import fcntl
import hashlib
import io
import itertools
import json
import math
import os
import re
import socket
import sys
import tempfile
import threading
import time
import warnings

from . import errors
from . import sim as _sim
from . import _yaml

SWEEP_KEYS = ("config", "set", "grid", "workloads", "seeds", "seed", "max_insts",
              "max_cycles", "output", "jobs", "guest_output")
GUEST_OUTPUT = ("capture", "inherit")


class SweepError(errors.ArchsimError):
    """A sweep that could not run all its points (the finished ones are saved)."""


# ----------------------------------------------------------------- points

class Point:
    """One run of a sweep: overrides (all, as sim_set text), params (the grid's
    share of them), workload, args, seed (None: the config's), limits, id, and
    name, the workload's label (its `name:`, else the program's file name),
    which is not part of the id: it does not change the run."""
    __slots__ = ("index", "params", "overrides", "workload", "args", "seed", "max_insts",
                 "max_cycles", "config_name", "id", "name", "config_path", "config_sha256",
                 "workload_sha256")

    def __init__(self, index, params, overrides, workload=None, args=(), seed=None,
                 max_insts=None, max_cycles=None, config_name="", name=None,
                 config_path=None, config_sha256=None, workload_sha256=None):
        self.index = index
        self.params = dict(params)
        self.overrides = dict(overrides)
        self.workload = workload
        self.name = name
        self.args = tuple(args)
        self.seed = seed
        self.max_insts = max_insts
        self.max_cycles = max_cycles
        self.config_name = config_name
        self.config_path = config_path
        self.config_sha256 = config_sha256
        self.workload_sha256 = workload_sha256
        self.id = point_id(config_name, self.overrides, workload, self.args, seed,
                           max_insts, max_cycles, config_sha256, workload_sha256)

    def to_dict(self):
        return {k: getattr(self, k) for k in self.__slots__}

    def __repr__(self):
        return "Point(%d, %s, %r, workload=%r, seed=%r)" % (self.index, self.id, self.params,
                                                            self.workload, self.seed)


def point_id(config_name, overrides, workload, args, seed, max_insts=None, max_cycles=None,
             config_sha256=None, workload_sha256=None):
    """16 hex digits of SHA-256 over the canonical JSON of what decides a run:
    config_sha256 and workload_sha256 are the digests of the resolved
    configuration and of the program file (see file_sha256, Sweep)."""
    key = {"config": config_name, "config_sha256": config_sha256,
           "overrides": sorted(overrides.items()), "workload": workload,
           "workload_sha256": workload_sha256, "args": list(args), "seed": seed}
    if max_insts is not None:
        key["max_insts"] = max_insts
    if max_cycles is not None:
        key["max_cycles"] = max_cycles
    text = json.dumps(key, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def file_sha256(path):
    """SHA-256 (hex) of a file's bytes; None when it cannot be read (the point
    that runs it fails and says why)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def config_label(rec):
    """What tells a record's configuration apart from others: its config_name
    (None for records written before configs were recorded)."""
    return rec.get("config_name")


def workload_name(rec):
    """A record's workload label: its name, else the program's file name (records
    written before names were kept), None without a workload."""
    if rec.get("name"):
        return rec["name"]
    return os.path.basename(rec["workload"]) if rec.get("workload") else None


def _workload_entry(w, where):
    """(path, args, label) from a workloads entry: None, a path, or
    {program: path, args: [...], name: label}."""
    if w is None:
        return None, (), None
    if isinstance(w, (str, os.PathLike)):
        w = os.fspath(w)
        return w, (), os.path.basename(w)
    if isinstance(w, (tuple, list)) and w and isinstance(w[0], (str, os.PathLike)):
        return os.fspath(w[0]), tuple(str(a) for a in w[1:]), os.path.basename(w[0])
    if isinstance(w, dict):
        unknown = set(w) - {"program", "args", "name"}
        if unknown or "program" not in w:
            raise errors.ConfigError("%s: a workload is a path or {program: PATH, args: [...],"
                                     " name: LABEL}; got keys %s" % (where, sorted(w)))
        args = w.get("args") or ()
        if isinstance(args, (str, bytes)):
            raise errors.ConfigError("%s: workload args must be a list" % where)
        prog = os.fspath(w["program"])
        return prog, tuple(_sim.value_text(a) for a in args), w.get("name") or \
            os.path.basename(prog)
    raise TypeError("%s: a workload is None, a path, (path, arg...) or a dict, got %s"
                    % (where, type(w).__name__))


def _seed(v, where):
    if isinstance(v, str):
        try:
            v = int(v, 0)
        except ValueError:
            raise errors.ConfigError("%s: a seed is an unsigned integer, got '%s'"
                                     % (where, v)) from None
    return _sim._count(v, where)


class Sweep:
    """A sweep: a configuration, a grid of overrides (every combination),
    fixed overrides, workloads, seeds and run limits. points() lists its runs
    in a fixed order; run() runs them (see sweep())."""

    def __init__(self, config, grid=None, workloads=None, seeds=None, overrides=None,
                 max_insts=None, max_cycles=None, base_dir=None):
        self.base_dir = base_dir
        self._digest = None
        self._checked = False
        self._where = None              # from_file: key -> (file, line, column)
        if _sim._is_yaml_text(config):
            self.config = config
            self.config_path = None
            self.config_name = "yaml:" + hashlib.sha256(config.encode()).hexdigest()[:16]
        elif isinstance(config, (str, os.PathLike)):
            path = os.fspath(config)
            self.config_path = path
            if base_dir and not os.path.isabs(path):
                path = os.path.join(base_dir, path)
            self.config = os.path.abspath(path)
            self.config_name = os.path.basename(self.config)
        else:
            raise TypeError("config must be a file path or YAML text, got %s"
                            % type(config).__name__)
        grid = grid or {}
        if not hasattr(grid, "items"):
            raise TypeError("grid must map dotted keys to lists of values")
        self.grid = {}
        for k, vals in grid.items():
            if not isinstance(k, str) or not k:
                raise TypeError("a grid key must be a non-empty string, got %r" % (k,))
            if isinstance(vals, (str, bytes, dict)) or not hasattr(vals, "__iter__"):
                raise errors.ConfigError("grid.%s: expected a list of values, got %r"
                                         % (k, vals))
            vals = [_sim.value_text(v) for v in vals]
            if not vals:
                raise errors.ConfigError("grid.%s: the list of values is empty" % k)
            self.grid[k] = vals
        self.overrides = _sim.normalize_overrides(overrides)
        if workloads is None or isinstance(workloads, (str, os.PathLike, dict)):
            workloads = [workloads]
        self.workloads = [_workload_entry(w, "workloads[%d]" % i)
                          for i, w in enumerate(workloads)]
        if seeds is None or isinstance(seeds, (int, str)):
            seeds = [seeds]
        self.seeds = [None if s is None else _seed(s, "seeds") for s in seeds]
        self.workload_sha256 = {}       # path run -> digest, filled by points()
        self.max_insts = None if max_insts is None else _sim._count(max_insts, "max_insts")
        self.max_cycles = None if max_cycles is None else _sim._count(max_cycles, "max_cycles")
        if self.max_insts is not None and self.max_cycles is not None:
            raise errors.ConfigError("max_insts: give max_insts or max_cycles, not both")
        if not self.workloads:
            raise errors.ConfigError("workloads: the list is empty (leave it out to run the "
                                     "configuration as it is)")
        if not self.seeds:
            raise errors.ConfigError("seeds: the list is empty")

    @classmethod
    def from_file(cls, path):
        """A Sweep from a sweep file (see the module's doc). Its `output`, `jobs`
        and `guest_output` attributes hold the file's output:, jobs: and
        guest_output: (None if absent)."""
        name = os.fspath(path)
        text = _yaml.read(name)
        doc = _yaml.loads(text, name)

        def where(key, top=True):
            """(line, column) of `key:` in the file, for messages; (0, 0) if not found."""
            pat = r"^(%s)%s\s*:" % (r"" if top else r"[ \t]+", re.escape(key))
            m = re.search(pat, text, re.M)
            if not m:
                return 0, 0
            return text.count("\n", 0, m.start()) + 1, len(m.group(1)) + 1
        if not isinstance(doc, dict):
            raise errors.ConfigError("expected a mapping (config:, grid:, ...)", file=name,
                                     line=1, column=1)
        for k in doc:
            if k not in SWEEP_KEYS:
                near = difflib.get_close_matches(k, SWEEP_KEYS, 1)
                line, col = where(k)
                raise errors.ConfigError("unknown key '%s'%s" % (
                    k, "; did you mean '%s'?" % near[0] if near else ""), file=name, line=line,
                    column=col)
        if not doc.get("config"):
            raise errors.ConfigError("no config: given (the configuration to sweep)", file=name)
        if "seed" in doc and "seeds" in doc:
            raise errors.ConfigError("give seed: or seeds:, not both", file=name)

        def count(key):
            v = doc.get(key)
            if v is None:
                return None
            try:
                return int(v, 0) if isinstance(v, str) else _sim._count(v, key)
            except (ValueError, TypeError):
                raise errors.ConfigError("%s: expected a count, got %r" % (key, v),
                                         file=name) from None
        base = os.path.dirname(os.path.abspath(name))
        workloads = doc.get("workloads")       # paths stay as written: see _workload_path
        try:
            sw = cls(doc["config"], doc.get("grid") or {}, workloads,
                     doc.get("seeds", doc.get("seed")), doc.get("set"), count("max_insts"),
                     count("max_cycles"), base_dir=base)
        except errors.ConfigError as e:
            if not e.file:
                e.file = name
                key = e.message.split(":", 1)[0]        # "grid.KEY: ..." / "seeds: ..."
                top, _, sub = key.partition(".")
                e.line, e.column = where(sub, False) if top == "grid" and sub else \
                    where(top) if top in SWEEP_KEYS else (0, 0)
            raise

        def where_key(top, sub):
            """(file, line, column) of sub-key `sub` of `top` (block or flow style),
            else of `top:`."""
            m = re.search(r"(^[ \t]+|[{,][ \t]*)(%s)\s*:" % re.escape(sub), text, re.M)
            if not m:
                return (name,) + where(top)
            line = text.count("\n", 0, m.start(2)) + 1
            return name, line, m.start(2) - (text.rfind("\n", 0, m.start(2)) + 1) + 1
        sw._where = where_key
        sw.output = os.path.join(base, doc["output"]) if doc.get("output") else None
        sw.jobs = count("jobs")
        sw.guest_output = doc.get("guest_output")
        if sw.guest_output is not None and sw.guest_output not in GUEST_OUTPUT:
            line, col = where("guest_output")
            raise errors.ConfigError("guest_output: expected capture or inherit, got %r"
                                     % (sw.guest_output,), file=name, line=line, column=col)
        return sw

    def config_sha256(self):
        """SHA-256 of the configuration as the library resolves it before any
        override (includes merged): reading the config is the library's, so a
        file it cannot open raises its ConfigError here."""
        if self._digest is None:
            with _sim.Simulator(self.config) as s:
                self._digest = hashlib.sha256(s.config.encode()).hexdigest()
        return self._digest

    def check(self):
        """Raise ConfigError when the configuration cannot be read, when the
        set: overrides are rejected, or when a grid key is not one of the
        configuration's (each key checked at its first value, with set:); a
        grid value the library rejects is left to its points, as it may be
        right in other combinations (a size with another assoc)."""
        if self._checked:
            return
        self.config_sha256()
        self._build(self.overrides, None)
        for k, vals in self.grid.items():
            self._build(dict(self.overrides, **{k: vals[0]}), k)
        self._checked = True

    def _build(self, overrides, key):
        try:
            with _sim.Simulator(self.config, overrides) as s:
                s.elaborate()
        except errors.ConfigError as e:
            if e.file and e.file.startswith("--set "):
                k, _, v = e.file[len("--set "):].partition("=")
                if key is not None and (k != key or e.column > len("--set ") + len(k)):
                    return              # a value, or another key's: the points tell
                top = "grid" if key is not None else "set"
                where = self._where(top, k) if self._where else ("", 0, 0)
                raise errors.ConfigError("%s: %s" % (top, e.message), file=where[0],
                                         line=where[1], column=where[2]) from None
            if key is None:
                raise

    def points(self, shard=None):
        """Every point, in order: workloads, then the grid (last key fastest),
        then seeds. shard=(i, n) keeps the points whose index % n == i. The
        ids need the configuration's and the programs' digests: this reads
        the config (raising the library's ConfigError) and the programs."""
        digest = self.config_sha256()
        for wl, _, _ in self.workloads:
            path = self.workload_path(wl)
            if path is not None and path not in self.workload_sha256:
                self.workload_sha256[path] = file_sha256(path)
        out = []
        keys = list(self.grid)
        combos = list(itertools.product(*(self.grid[k] for k in keys)))
        index = 0
        for wl, args, label in self.workloads:
            for combo in combos:
                params = dict(zip(keys, combo))
                ov = dict(self.overrides)
                ov.update(params)
                for seed in self.seeds:
                    if shard is None or index % shard[1] == shard[0]:
                        out.append(Point(index, params, ov, wl, args, seed, self.max_insts,
                                         self.max_cycles, self.config_name, label,
                                         self.config_path, digest,
                                         self.workload_sha256.get(self.workload_path(wl))))
                    index += 1
        return out

    def workload_path(self, workload):
        """The path a workload runs from: relative workloads of a sweep file
        are resolved against the file's folder (a point keeps the path as
        written)."""
        if workload is None:
            return None
        if self.base_dir and not os.path.isabs(workload):
            return os.path.join(self.base_dir, workload)
        return os.path.abspath(workload)

    def __len__(self):
        n = len(self.workloads) * len(self.seeds)
        for values in self.grid.values():
            n *= len(values)
        return n

    def run(self, executor=None, out="results.jsonl", jobs=None, shard=None, progress=None,
            resume=True, guest_output=None):
        """Run the points not finished in `out`; see sweep()."""
        return _run(self, executor, out, jobs, shard, progress, resume, guest_output)


# ----------------------------------------------------------------- records

def _clean(v):
    """JSON-safe numbers: NaN and infinities become null (as stats.json has
    them); whole numbers are written without a fraction, as stats.json does."""
    if isinstance(v, float):
        if not math.isfinite(v):
            return None
        if v.is_integer() and abs(v) < 2 ** 53:
            return int(v)
    return v


def _csv_value(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return "" if math.isnan(v) else repr(_clean(v)) if math.isfinite(v) else repr(v)
    return v


def run_point(task):
    """Run one point and return its record. Runs in a worker (any executor): a
    failed run is a record with status "error", never an exception. With
    task["guest_output"] (the folder, its name relative to the results file,
    and the sweep's process and thread), fds 1 and 2 go to the point's file
    while it runs, unless this is another thread of some process: then they
    are left alone (see the module's doc) and guest_output stays None."""
    p = task["point"]
    t0 = time.perf_counter()
    rec = {"id": p["id"], "index": p["index"], "status": "error",
           "config_path": p["config_path"], "config_name": p["config_name"],
           "config_sha256": p["config_sha256"], "params": p["params"],
           "overrides": p["overrides"], "workload": p["workload"], "name": p["name"],
           "args": list(p["args"]), "seed": p["seed"], "max_insts": p["max_insts"],
           "max_cycles": p["max_cycles"], "config": None, "reason": None, "exit_code": None,
           "stats": None, "error": None, "guest_output": None}
    cap = task.get("guest_output")
    if cap is not None and _owns_fds(cap["caller"]):
        name = p["id"] + ".out"
        with _Capture(os.path.join(cap["dir"], name)):
            _run_one(task, rec)
        rec["guest_output"] = cap["rel"] + "/" + name
    else:
        _run_one(task, rec)
    rec["host"] = {"seconds": round(time.perf_counter() - t0, 6),
                   "node": socket.gethostname(), "pid": os.getpid()}
    return rec


def _run_one(task, rec):
    """Run the point of task, filling rec in."""
    p = task["point"]
    wl = task.get("workload_path") or p["workload"]
    try:
        r = _sim.run(task["config"], wl, p["args"], overrides=p["overrides"], seed=p["seed"],
                     max_insts=p["max_insts"], max_cycles=p["max_cycles"])
        rec.update(status="ok", config=r.config, seed=r.seed, reason=str(r.reason),
                   exit_code=r.exit_code,
                   stats={k: _clean(v) for k, v in r.stats.items()})
    except errors.ArchsimError as e:
        rec["error"] = e.to_dict()
        r = getattr(e, "result", None)
        if r is not None:
            rec.update(config=r.config, seed=r.seed, exit_code=r.exit_code,
                       stats={k: _clean(v) for k, v in r.stats.items()})
    except Exception as e:              # a bug: recorded, the sweep goes on
        rec["error"] = {"type": type(e).__name__, "code": None, "message": str(e),
                        "file": "", "line": 0, "column": 0}


def _owns_fds(caller):
    """May this worker redirect fds 1 and 2? Yes in the main thread of a
    process (a process pool's or MPI's worker, the sweep itself) and in the
    thread that runs the sweep (InlineExecutor); not in any other thread, as
    other points may run in the same process at the same time."""
    return threading.current_thread() is threading.main_thread() or \
        [os.getpid(), threading.get_ident()] == list(caller)


def guest_output_dir(out):
    """results.jsonl -> results.out, the folder of its points' guest output
    (x.out -> x.out.d)."""
    root, ext = os.path.splitext(out)
    d = root + ".out"
    return d if ext != ".out" else out + ".d"


_TEMP_OUT = re.compile(r"^\.[0-9a-f]{16}\.out\.")     # _Capture's temporary files
_libc = None


def _flush_stdio():
    """Flush Python's sys.stdout and sys.stderr and every C stdio stream (the
    library's, a plugin's), so that buffered text lands where fds 1 and 2
    pointed when it was written."""
    global _libc
    for f in (sys.stdout, sys.stderr):
        try:
            if f is not None:
                f.flush()
        except (OSError, ValueError):   # closed, or a broken pipe: nothing to save
            pass
    if _libc is None:
        import ctypes
        _libc = ctypes.CDLL(None)       # the process's libc: fflush(NULL) flushes all
    _libc.fflush(None)


class _Capture:
    """fds 1 and 2 of this process into a temporary file next to `path`
    while the block runs; restored on the way out, even on error. A block that
    ends (a failed run is a record, so it ends too) has its file fsynced and
    renamed to `path`; one that raises (KeyboardInterrupt) leaves no file."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        d, base = os.path.split(self.path)
        while True:                     # mkstemp's files are 0600; these follow the umask
            self.tmp = os.path.join(d, ".%s.%s" % (base, os.urandom(4).hex()))
            try:
                fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                break
            except FileExistsError:
                continue
        # Above 2, as the saved copies: fd 1 or 2 may be closed in a worker
        self.fd = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
        os.close(fd)
        _flush_stdio()
        self.saved = []
        try:
            for i in (1, 2):
                try:
                    self.saved.append(fcntl.fcntl(i, fcntl.F_DUPFD_CLOEXEC, 3))
                except OSError:         # fd closed: closed again afterwards
                    self.saved.append(None)
                os.dup2(self.fd, i)
        except BaseException:
            self._restore()
            os.close(self.fd)
            os.unlink(self.tmp)
            raise
        return self

    def _restore(self):
        _flush_stdio()
        for i, fd in zip((1, 2), self.saved):
            if fd is None:
                os.close(i)
            else:
                os.dup2(fd, i)
                os.close(fd)

    def __exit__(self, typ, value, tb):
        self._restore()
        try:
            if typ is None:
                os.fsync(self.fd)
        finally:
            os.close(self.fd)
            if typ is None:
                os.replace(self.tmp, self.path)
            else:
                os.unlink(self.tmp)
        return False


def _scan(path):
    """Records of a JSON lines file, and the byte length of its complete lines."""
    recs = []
    good = 0
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return recs, 0
    pos = 0
    while pos < len(data):
        nl = data.find(b"\n", pos)
        if nl < 0:
            break                       # a line cut short: dropped
        line = data[pos:nl]
        pos = nl + 1
        good = pos
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and "id" in rec:
            recs.append(rec)
    return recs, good


class _Writer:
    """Appends records to a JSON lines file: one write() per line, then fsync."""

    def __init__(self, path, resume):
        self.path = path
        d = os.path.dirname(os.path.abspath(path))
        os.makedirs(d, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        if not resume:
            flags |= os.O_TRUNC
        self.fd = os.open(path, flags, 0o644)
        if resume:
            size = os.fstat(self.fd).st_size
            _, good = _scan(path)
            if good < size:             # drop the cut-short tail before appending
                os.ftruncate(self.fd, good)

    def write(self, rec):
        line = (json.dumps(rec, allow_nan=False, separators=(", ", ": ")) + "\n").encode()
        view = memoryview(line)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]
        os.fsync(self.fd)

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class InlineExecutor(cf.Executor):
    """An Executor that runs each task in the calling thread when submitted
    (no parallelism; for debugging, and for runs with no process to spare)."""

    def submit(self, fn, *args, **kwargs):
        f = cf.Future()
        try:
            f.set_result(fn(*args, **kwargs))
        except BaseException as e:      # noqa: B036
            f.set_exception(e)
        return f


class Progress:
    """A progress bar on a terminal: points done, total, ETA."""

    def __init__(self, total, done=0, stream=None, width=30):
        self.total, self.start_done, self.done = total, done, done
        self.stream = stream or sys.stderr
        self.width = width
        self.t0 = time.monotonic()
        self.failed = 0
        self.draw()

    def update(self, rec):
        self.done += 1
        if rec.get("status") != "ok":
            self.failed += 1
        self.draw()

    def draw(self):
        frac = self.done / self.total if self.total else 1.0
        fill = int(frac * self.width)
        ran = self.done - self.start_done
        el = time.monotonic() - self.t0
        if ran > 0 and self.done < self.total:
            eta = _fmt_secs(el / ran * (self.total - self.done))
        elif self.done >= self.total:
            eta = "done in " + _fmt_secs(el)
        else:
            eta = "--"
        fail = "  %d failed" % self.failed if self.failed else ""
        self.stream.write("\r[%s%s] %d/%d points  %3.0f%%  ETA %s%s   " % (
            "#" * fill, "." * (self.width - fill), self.done, self.total, 100 * frac, eta,
            fail))
        self.stream.flush()

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


def _fmt_secs(s):
    s = int(round(s))
    if s < 60:
        return "%ds" % s
    if s < 3600:
        return "%dm%02ds" % (s // 60, s % 60)
    return "%dh%02dm" % (s // 3600, s % 3600 // 60)


def shard_output(out, shard):
    """results.jsonl -> results.shard-2-of-8.jsonl"""
    root, ext = os.path.splitext(out)
    return "%s.shard-%d-of-%d%s" % (root, shard[0], shard[1], ext or ".jsonl")


def parse_shard(text):
    """'I/N' -> (I, N) with 0 <= I < N."""
    try:
        i, n = (int(x) for x in str(text).split("/"))
    except ValueError:
        raise ValueError("--shard expects I/N (0 <= I < N), got '%s'" % text) from None
    if n < 1 or not 0 <= i < n:
        raise ValueError("--shard expects I/N with 0 <= I < N, got '%s'" % text)
    return i, n


def _run(sw, executor, out, jobs, shard, progress, resume, guest_output):
    if shard is not None:
        shard = parse_shard(shard) if isinstance(shard, str) else tuple(shard)
        parse_shard("%d/%d" % shard)
    if guest_output is not None and guest_output not in GUEST_OUTPUT:
        raise ValueError("guest_output must be 'capture' or 'inherit', got %r"
                         % (guest_output,))
    if guest_output == "capture" and out is None:
        raise ValueError("guest_output='capture' needs an output file (out=None keeps "
                         "nothing)")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ValueError("jobs must be a number of workers above zero, got %r" % (jobs,))
    # A config that cannot be read, or an override key it does not have,
    # fails the sweep now, not every point.
    sw.check()
    pts = sw.points(shard)
    done = {}
    if out is not None:
        out = os.fspath(out)
        if resume:
            for rec in _scan(out)[0]:
                if rec.get("status") == "ok":
                    done[rec["id"]] = rec
    todo = [p for p in pts if p.id not in done]
    results = {p.id: done[p.id] for p in pts if p.id in done}
    writer = _Writer(out, resume) if out is not None else None
    cap = None
    if out is not None and guest_output != "inherit" and todo:
        cap = _guest_output_task(out)
    if progress is None:
        progress = sys.stderr.isatty()
    bar = Progress(len(pts), len(pts) - len(todo)) if progress is True else None
    own = None
    if executor is None and todo:
        n = jobs or os.cpu_count() or 1
        own = executor = cf.ProcessPoolExecutor(max_workers=min(n, len(todo)))
    lost = []
    futs = {}
    try:
        for p in todo:
            task = {"config": sw.config, "point": p.to_dict(),
                    "workload_path": sw.workload_path(p.workload), "guest_output": cap}
            futs[executor.submit(run_point, task)] = p
        warned = False
        for f in cf.as_completed(futs):
            p = futs[f]
            try:
                rec = f.result()
            except Exception as e:      # the executor lost it: not recorded, resumable
                lost.append((p, e))
                continue
            if cap and rec.get("guest_output") is None and not warned:
                warnings.warn("the points run in threads (%s), which share file descriptors "
                              "1 and 2: their guest output is not captured but passes "
                              "through; use processes to capture it, or guest_output="
                              "'inherit'" % type(executor).__name__, RuntimeWarning,
                              stacklevel=3)
                warned = True
            results[p.id] = rec
            if writer:
                writer.write(rec)
            if bar:
                bar.update(rec)
            elif callable(progress):
                progress(len(results), len(pts), rec)
    except BaseException:
        if own is not None:
            for f in futs:                  # (cancel_futures= needs Python 3.9)
                f.cancel()
            own.shutdown(wait=False)
            own = None
        raise
    finally:
        if own is not None:
            own.shutdown(wait=True)
        if writer:
            writer.close()
        if bar:
            bar.close()
    if lost:
        p, e = lost[0]
        raise SweepError("%d of %d points did not run (the first, %s: %s: %s); the others "
                         "are saved: run the sweep again to resume"
                         % (len(lost), len(pts), p.id, type(e).__name__, e))
    return [results[p.id] for p in pts]


def _guest_output_task(out):
    """The guest_output part of a task: the folder of out's guest output files
    (made now; temporary files a killed sweep left there are removed), its
    name relative to out's folder, and this process and thread."""
    d = os.path.abspath(guest_output_dir(out))
    os.makedirs(d, exist_ok=True)
    for name in os.listdir(d):
        if _TEMP_OUT.match(name):
            try:
                os.unlink(os.path.join(d, name))
            except OSError:
                pass
    rel = os.path.relpath(d, os.path.dirname(os.path.abspath(out)))
    return {"dir": d, "rel": rel.replace(os.sep, "/"),
            "caller": [os.getpid(), threading.get_ident()]}


def sweep(config, grid=None, workloads=None, executor=None, out="results.jsonl", *,
          seeds=None, overrides=None, max_insts=None, max_cycles=None, jobs=None,
          shard=None, progress=None, resume=True, guest_output=None):
    """Run every combination of `grid` values (times workloads, times seeds)
    and return their records, in point order.

    grid       {"l1d.size": ["16KiB", "32KiB"], "l2.assoc": [8, 16]}
    workloads  paths, (path, arg, ...) tuples or {program, args, name} dicts;
               None runs the configuration as it is
    executor   any concurrent.futures.Executor: ProcessPoolExecutor (the
               default, `jobs` workers (above zero), else one per core), a Dask cluster's
               distributed.Client(...).get_executor(), mpi4py.futures's
               MPIPoolExecutor(), InlineExecutor()
    out        the JSON lines file, written point by point; None keeps
               nothing. With resume (the default), points with an "ok" record
               there are not run again; resume=False starts the file afresh.
    shard      (i, n) or "i/n": run only the points whose index % n == i
    progress   True: a bar on stderr; None: the bar when stderr is a terminal;
               a callable: progress(done, total, record) after each point
    guest_output  "capture": what each point's run writes to fds 1 and 2 goes
               to <out without extension>.out/<id>.out, named by the record's
               guest_output (see the module's doc); "inherit": to this
               process's (or the worker's) stdout and stderr; None (the
               default): capture, or inherit when out is None
    """
    sw = Sweep(config, grid, workloads, seeds, overrides, max_insts, max_cycles)
    return sw.run(executor, out, jobs, shard, progress, resume, guest_output)


# ----------------------------------------------------------------- loading

def load_results(paths, as_frame=False):
    """The records of one or more JSON lines files: the last record of each id
    wins, an "ok" record beats a failed one, sorted by point index. A pandas
    DataFrame (results_frame) when as_frame is true. A record's guest_output
    stays relative to the folder of the file it was read from."""
    recs = _load(paths)
    return results_frame(recs) if as_frame else recs


def _load(paths, base=None):
    """load_results(paths); with base (a folder), guest_output paths are made
    relative to it."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    by_id = {}
    order = []
    for path in paths:
        recs, _ = _scan(os.fspath(path))
        if not recs and not os.path.exists(path):
            raise FileNotFoundError(path)
        here = os.path.dirname(os.path.abspath(path))
        for rec in recs:
            g = rec.get("guest_output")
            if base is not None and isinstance(g, str) and not os.path.isabs(g):
                rec["guest_output"] = os.path.relpath(os.path.join(here, g), base).replace(
                    os.sep, "/")
            old = by_id.get(rec["id"])
            if old is None:
                order.append(rec["id"])
            if old is None or rec.get("status") == "ok" or old.get("status") != "ok":
                by_id[rec["id"]] = rec
    return sorted((by_id[i] for i in order), key=lambda r: (r.get("index") is None,
                                                           r.get("index") or 0))


def _columns(records):
    params, stats = [], []
    seen_p, seen_s = set(), set()
    for r in records:
        for k in r.get("params") or {}:
            if k not in seen_p:
                seen_p.add(k)
                params.append(k)
        for k in r.get("stats") or {}:
            if k not in seen_s:
                seen_s.add(k)
                stats.append(k)
    return params, stats


FIXED_COLUMNS = ("id", "index", "status", "config_name", "config_path", "workload", "name",
                 "args", "seed", "max_insts", "max_cycles", "reason", "exit_code", "error",
                 "guest_output")


def _row(r, params, stats):
    err = r.get("error")
    row = {"id": r.get("id"), "index": r.get("index"), "status": r.get("status"),
           "config_name": r.get("config_name"), "config_path": r.get("config_path"),
           "workload": r.get("workload"), "name": workload_name(r),
           "args": json.dumps(r.get("args") or []), "seed": r.get("seed"),
           "max_insts": r.get("max_insts"), "max_cycles": r.get("max_cycles"),
           "reason": r.get("reason"), "exit_code": r.get("exit_code"),
           "error": str(errors.from_dict(err)) if err else None,
           "guest_output": r.get("guest_output")}
    for k in params:
        row["param:" + k] = (r.get("params") or {}).get(k)
    st = r.get("stats") or {}
    for k in stats:
        v = st.get(k)
        row[k] = math.nan if v is None and k in st else v
    return row


def results_frame(records):
    """A pandas DataFrame of records: the fixed columns (id, index, status,
    config_name, config_path, workload, name, args, seed, max_insts,
    max_cycles, reason, exit_code, error, guest_output), one
    column per grid parameter named "param:<key>" (text, as given), one per
    statistic."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("results_frame needs pandas (Debian: python3-pandas); "
                          "load_results() without as_frame gives a list of records") from None
    params, stats = _columns(records)
    cols = list(FIXED_COLUMNS) + ["param:" + k for k in params] + stats
    return pd.DataFrame([_row(r, params, stats) for r in records], columns=cols)


def _atomic_write(path, text):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_results(records, out, fmt=None):
    """Write records to `out` atomically: JSON lines, or CSV (one row per
    point; the resolved configuration text is left out) by extension or fmt."""
    if fmt is None:
        fmt = "csv" if os.fspath(out).lower().endswith(".csv") else "jsonl"
    if fmt == "jsonl":
        text = "".join(json.dumps(r, allow_nan=False, separators=(", ", ": ")) + "\n"
                       for r in records)
    elif fmt == "csv":
        params, stats = _columns(records)
        cols = list(FIXED_COLUMNS) + ["param:" + k for k in params] + stats
        buf = io.StringIO()
        w = csv.DictWriter(buf, cols, lineterminator="\n")
        w.writeheader()
        for r in records:
            w.writerow({k: _csv_value(v) for k, v in _row(r, params, stats).items()})
        text = buf.getvalue()
    else:
        raise ValueError("fmt must be 'jsonl' or 'csv', got %r" % (fmt,))
    _atomic_write(os.fspath(out), text)


def merge(inputs, out, fmt=None):
    """Join sweep outputs (shards) into one results file, JSON lines or CSV by
    the extension of `out` (or fmt): one record per id, sorted by point index;
    guest_output paths are made relative to out's folder (the files stay
    where they are). Returns the records."""
    recs = _load(inputs, os.path.dirname(os.path.abspath(os.fspath(out))))
    write_results(recs, out, fmt)
    return recs
