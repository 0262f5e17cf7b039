"""archsim.sim - one simulator from Python: Simulator, Stats, Energy, Result, run().

A thin layer over the C API (archsim/sim.h): every argument is checked here, in
Python, before it reaches C, so a bad argument raises TypeError / ValueError /
an ArchsimError and never crashes the process. Errors from the library keep the
code, message, file, line and column of the C `sim_error`.

Statistics are read into a Stats snapshot: a mapping of full names to floats
("gen.latency") that also answers by groups (stats["gen"]["latency"],
stats.gen.latency). Energy is derived from the same statistics.
"""
import enum
import math
import os
import re
import time

from . import _ffi
from . import errors

ffi = _ffi.ffi
lib = _ffi.lib

U64_MAX = (1 << 64) - 1


class Reason(enum.IntEnum):
    """Why Simulator.run() returned (SIM_RUN_* of sim.h)."""
    EXITED = _ffi.SIM_RUN_EXITED        # the workload ended; see exit_code
    LIMIT = _ffi.SIM_RUN_LIMIT          # the requested cycles/insts/ticks elapsed
    STOPPED = _ffi.SIM_RUN_STOPPED      # stop() was called or a callback asked to stop
    IDLE = _ffi.SIM_RUN_IDLE            # nothing left to simulate

    def __str__(self):
        return self.name.lower()


# ------------------------------------------------------------- arguments

def _cstr(value, what):
    """UTF-8 bytes for a char * argument; TypeError/ValueError on anything else."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogateescape")
    elif not isinstance(value, bytes):
        raise TypeError("%s must be a string, got %s" % (what, type(value).__name__))
    if b"\0" in value:
        raise ValueError("%s must not contain a NUL character" % what)
    return value


def _count(value, what):
    """An unsigned 64-bit count (bool and negative numbers rejected)."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise TypeError("%s must be an integer, got %s" % (what, type(value).__name__))
    if value < 0 or value > U64_MAX:
        raise ValueError("%s must be between 0 and 2**64-1, got %d" % (what, value))
    return value


_PLAIN = re.compile(r"^[A-Za-z0-9_./+\-][A-Za-z0-9_./+\- ]*$")


def _flow(v):
    """A YAML flow scalar/collection for one element of a list or mapping value."""
    if isinstance(v, str):
        if _PLAIN.match(v) and not v.endswith(" "):
            return v
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value_text(v)


def value_text(value):
    """The text an override value is given to sim_set() as (parsed there as YAML).

    Strings pass as they are ("64KiB"); numbers as Python prints them (8, 0.5);
    booleans as true/false; None as null; lists, tuples and dicts as YAML flow
    collections. The same text is what a sweep point's id is computed from, so
    8 and "8" name the same point."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "surrogateescape")
    if isinstance(value, str):
        if "\0" in value:
            raise ValueError("an override value must not contain a NUL character")
        return value
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join("%s: %s" % (_flow(str(k)), _flow(v))
                               for k, v in value.items()) + "}"
    raise TypeError("an override value must be a string, number, bool, list or dict, got %s"
                    % type(value).__name__)


def normalize_overrides(overrides):
    """{key: value} -> {key: value_text(value)}, keys checked."""
    if overrides is None:
        return {}
    if not hasattr(overrides, "items"):
        raise TypeError("overrides must be a mapping of dotted keys to values, got %s"
                        % type(overrides).__name__)
    out = {}
    for k, v in overrides.items():
        if not isinstance(k, str) or not k:
            raise TypeError("an override key must be a non-empty string, got %r" % (k,))
        out[k] = value_text(v)
    return out


def _is_yaml_text(config):
    return isinstance(config, str) and ("\n" in config or config.lstrip().startswith("{"))


# ----------------------------------------------------------------- stats

class Stats:
    """A snapshot of statistics: full name -> float, with hierarchical access.

    stats["gen.latency"], stats["gen"]["latency"] and stats.gen.latency are the
    same number. A name that is a statistic wins over a group of the same name
    ("gen.latency" is a value; stats.group("gen.latency") has its .samples).
    Iterating gives the names under this group, relative to it. NaN stands for
    an undefined ratio (0/0), as the C library reports it."""
    __slots__ = ("_d", "_p", "_groups")

    def __init__(self, values=None, prefix="", _groups=None):
        d = dict(values) if values is not None else {}
        object.__setattr__(self, "_d", d)
        object.__setattr__(self, "_p", prefix)
        if _groups is None:
            _groups = set()
            for name in d:
                parts = name.split(".")
                for i in range(1, len(parts)):
                    _groups.add(".".join(parts[:i]))
        object.__setattr__(self, "_groups", _groups)

    def _names(self):
        p = self._p
        if not p:
            return list(self._d)
        return [n[len(p):] for n in self._d if n.startswith(p)]

    def __getitem__(self, key):
        if not isinstance(key, str):
            raise TypeError("a statistic name is a string, got %s" % type(key).__name__)
        full = self._p + key
        if full in self._d:
            return self._d[full]
        if full in self._groups:
            return Stats(self._d, full + ".", self._groups)
        raise errors.NotFoundError("no statistic or group named '%s'" % full)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError("no statistic or group named '%s'" % (self._p + name)) \
                from None

    def __setattr__(self, name, value):
        raise AttributeError("statistics are read-only")

    def __contains__(self, key):
        return isinstance(key, str) and (self._p + key in self._d or
                                         self._p + key in self._groups)

    def __iter__(self):
        return iter(self._names())

    def __len__(self):
        return len(self._names())

    def keys(self):
        return self._names()

    def values(self):
        return [self._d[self._p + n] for n in self._names()]

    def items(self):
        return [(n, self._d[self._p + n]) for n in self._names()]

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def group(self, name):
        """The statistics under `name.` (even when `name` is itself a statistic)."""
        full = self._p + name
        if full not in self._groups:
            raise errors.NotFoundError("no group of statistics named '%s'" % full)
        return Stats(self._d, full + ".", self._groups)

    def to_dict(self):
        """A flat {name: value} dict (names relative to this group)."""
        return dict(self.items())

    def tree(self):
        """Nested dicts by name component; a statistic that is also a group keeps
        its own value under the key ""."""
        root = {}
        for name, v in self.items():
            node = root
            parts = name.split(".")
            for p in parts[:-1]:
                nxt = node.get(p)
                if not isinstance(nxt, dict):
                    nxt = {} if nxt is None else {"": nxt}
                    node[p] = nxt
                node = nxt
            last = parts[-1]
            if isinstance(node.get(last), dict):
                node[last][""] = v
            else:
                node[last] = v
        return root

    def __eq__(self, other):
        if isinstance(other, Stats):
            other = other.to_dict()
        if not isinstance(other, dict):
            return NotImplemented
        mine = self.to_dict()
        if mine.keys() != other.keys():
            return False
        for k, v in mine.items():
            o = other[k]
            if o is None:
                o = math.nan
            if not (v == o or (isinstance(v, float) and math.isnan(v) and
                               isinstance(o, float) and math.isnan(o))):
                return False
        return True

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    __hash__ = None

    def __reduce__(self):
        return (Stats, (self.to_dict(),) if not self._p else (self._d, self._p))

    def __repr__(self):
        items = self.items()
        head = ", ".join("%r: %r" % kv for kv in items[:6])
        more = ", ... (%d in all)" % len(items) if len(items) > 6 else ""
        return "Stats({%s%s})" % (head, more)

    def __dir__(self):
        return sorted(set(n.split(".")[0] for n in self._names()) |
                      {"group", "to_dict", "tree", "keys", "values", "items", "get"})


# ---------------------------------------------------------------- energy

class ComponentEnergy:
    """Energy of one instance in joules: dynamic, leakage, total, and the
    dynamic energy per event kind (events["read"])."""
    __slots__ = ("name", "dynamic", "leakage", "total", "events")

    def __init__(self, name, dynamic=0.0, leakage=0.0, total=0.0, events=None):
        self.name = name
        self.dynamic = dynamic
        self.leakage = leakage
        self.total = total
        self.events = dict(events or {})

    def __repr__(self):
        return "ComponentEnergy(%r, dynamic=%.6g J, leakage=%.6g J, total=%.6g J)" % (
            self.name, self.dynamic, self.leakage, self.total)

    def __eq__(self, other):
        return isinstance(other, ComponentEnergy) and all(
            getattr(self, k) == getattr(other, k) for k in self.__slots__)


_ENERGY_NAME = re.compile(r"^(.+)\.energy\.([^.]+)$")


class Energy:
    """The energy of a run, from its statistics: a mapping of instance name to
    ComponentEnergy, plus the run's totals (joules) and average power (watts).
    `table` is the library's aligned breakdown text when it was available."""

    def __init__(self, stats, table=None):
        self.components = {}
        self.table = table
        get = stats.get if isinstance(stats, dict) else stats.to_dict().get
        flat = stats if isinstance(stats, dict) else stats.to_dict()
        for name, v in flat.items():
            m = _ENERGY_NAME.match(name)
            if not m or m.group(1) == "sim":
                continue
            c = self.components.get(m.group(1))
            if c is None:
                c = self.components[m.group(1)] = ComponentEnergy(m.group(1))
            if m.group(2) in ("dynamic", "leakage", "total"):
                setattr(c, m.group(2), v)
            else:
                c.events[m.group(2)] = v
        self.dynamic = get("sim.energy.dynamic", math.nan)
        self.leakage = get("sim.energy.leakage", math.nan)
        self.total = get("sim.energy.total", math.nan)
        self.power = get("sim.power", math.nan)

    def __getitem__(self, name):
        try:
            return self.components[name]
        except KeyError:
            raise errors.NotFoundError("no energy for an instance named '%s'" % name) from None

    def __iter__(self):
        return iter(self.components)

    def __len__(self):
        return len(self.components)

    def __contains__(self, name):
        return name in self.components

    def items(self):
        return self.components.items()

    def __str__(self):
        if self.table:
            return self.table
        return "\n".join("%-12s %.6g J" % (n, c.total) for n, c in self.components.items())

    def __repr__(self):
        return "Energy(total=%.6g J, components=%r)" % (self.total, list(self.components))


# ---------------------------------------------------------------- result

class Result:
    """What archsim.run() returns: the resolved configuration (YAML text), all
    statistics, the stop reason and the run's numbers. exit_code is the
    workload's exit status when reason is Reason.EXITED, else None (as
    `archsim run`'s status.json has null). Picklable."""

    def __init__(self, config, stats, reason, exit_code, seed, workload=None, args=(),
                 overrides=None, host_seconds=0.0, energy_table=None):
        self.config = config
        self.stats = stats if isinstance(stats, Stats) else Stats(stats)
        self.reason = Reason(reason) if reason is not None else None   # None: failed
        self.exit_code = exit_code
        self.seed = seed
        self.workload = workload
        self.args = tuple(args)
        self.overrides = dict(overrides or {})
        self.host_seconds = host_seconds
        self.energy_table = energy_table

    @property
    def energy(self):
        return Energy(self.stats, self.energy_table)

    @property
    def cycles(self):
        return self.stats.get("sim.cycles")

    @property
    def insts(self):
        return self.stats.get("sim.insts")

    def __repr__(self):
        return "Result(reason=%s, cycles=%s, stats=%d)" % (self.reason, self.cycles,
                                                           len(self.stats))


# ------------------------------------------------------------- simulator

_UNITS = {"cycles": _ffi.SIM_UNTIL_CYCLES, "ticks": _ffi.SIM_UNTIL_TICKS}


class Simulator:
    """One simulator: Simulator(config, overrides={...}).

    `config` is a YAML file path (str or os.PathLike) or YAML text (a str with
    a newline in it, or use Simulator.from_yaml). `overrides` maps dotted keys
    ("l1d.size", "clocks.default", "seed") to values, applied in order, before
    the components are built. `seed` overrides the config's seed. `log` is
    called as log(level, message) for the library's log lines.

    The components are built by the first call that needs them (load, run,
    stats, elaborate); after that set() raises StateError. A build that fails
    (ConfigError) is undone: set() may correct the config and the next call
    builds again. Use it as a context manager, or call close(); the C
    simulator is also freed when the object is collected."""

    def __init__(self, config, overrides=None, *, seed=None, log=None, name=None):
        self._s = None
        self._callbacks = []
        self._cb_error = None
        self._running = False
        self._exited = False            # a run returned Reason.EXITED
        self._names = None
        err = ffi.new("sim_error *")
        if _is_yaml_text(config):
            s = lib.sim_open_string(_cstr(config, "config"),
                                    _cstr(name or "<string>", "name"), err)
            self.path = None
        else:
            if isinstance(config, (str, bytes, os.PathLike)):
                path = _cstr(config, "config")
            else:
                raise TypeError("config must be a file path or YAML text, got %s"
                                % type(config).__name__)
            s = lib.sim_open(path, err)
            self.path = os.fsdecode(path)
        if s == ffi.NULL:
            raise errors.from_c(err)
        self._s = ffi.gc(s, lib.sim_close)
        try:
            if log is not None:
                self.set_log(log)
            for k, v in normalize_overrides(overrides).items():
                self.set(k, v)
            if seed is not None:
                self.set("seed", _count(seed, "seed"))
        except BaseException:
            self.close()
            raise

    @classmethod
    def from_yaml(cls, text, overrides=None, *, name="<string>", **kw):
        """A simulator from YAML text (relative includes resolve against the cwd)."""
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        if "\n" not in text and not text.lstrip().startswith("{"):
            text += "\n"
        return cls(text, overrides, name=name, **kw)

    # -- lifetime

    def close(self):
        """Free the C simulator. Further calls raise StateError. Idempotent."""
        if self._running:
            raise errors.StateError("close() called while the simulator is running")
        s, self._s = self._s, None
        if s is not None:
            ffi.release(s)
        self._callbacks = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            if not self._running:
                self.close()
        except Exception:
            pass

    @property
    def closed(self):
        return self._s is None

    def _h(self):
        if self._s is None:
            raise errors.StateError("the simulator is closed")
        return self._s

    def _not_running(self, what):
        if self._running:
            raise errors.StateError("%s cannot be called while the simulator runs (from a "
                                    "callback); call stop() and return" % what)

    # -- configuration

    def set(self, key, value):
        """Override one configuration value by dotted path (before the build)."""
        s = self._h()
        self._not_running("set()")
        err = ffi.new("sim_error *")
        if lib.sim_set(s, _cstr(key, "key"), _cstr(value_text(value), "value"), err):
            raise errors.from_c(err)

    def set_all(self, param, value):
        """Set `param` on every instance whose type has a parameter of that name
        (before the build); returns how many instances were set (0 is no error)."""
        s = self._h()
        self._not_running("set_all()")
        err = ffi.new("sim_error *")
        n = lib.sim_set_all(s, _cstr(param, "param"), _cstr(value_text(value), "value"), err)
        if n < 0:
            raise errors.from_c(err, n)
        return n

    def update(self, overrides):
        """set() for each item of a mapping, in order."""
        for k, v in normalize_overrides(overrides).items():
            self.set(k, v)

    def get(self, key, default=None):
        """The text of a scalar of the configuration ("seed", "l1d.size"), or default."""
        p = lib.sim_config_get(self._h(), _cstr(key, "key"))
        return default if p == ffi.NULL else ffi.string(p).decode("utf-8", "replace")

    @property
    def config(self):
        """The resolved configuration as YAML text (defaults filled in once built)."""
        return self._take_string(lambda out, err: lib.sim_config_format(self._h(), out, err))

    def write_config(self, path):
        """Write the resolved configuration to `path` (atomically)."""
        err = ffi.new("sim_error *")
        if lib.sim_config_write(self._h(), _cstr(path, "path"), err):
            raise errors.from_c(err)

    def set_log(self, fn):
        """Send the library's log lines to fn(level, message); None drops them."""
        s = self._h()
        if fn is None:
            lib.sim_set_log(s, ffi.NULL, ffi.NULL)
            return
        if not callable(fn):
            raise TypeError("log must be callable as log(level, message)")

        def trampoline(level, message, user):
            # An exception here is printed by cffi (as an unraisable error)
            # and does not unwind through C; the run goes on.
            fn(level, ffi.string(message).decode("utf-8", "replace"))
        cb = ffi.callback("sim_log_fn", trampoline)
        self._callbacks.append(cb)
        lib.sim_set_log(s, cb, ffi.NULL)

    def elaborate(self):
        """Build the components and check parameters and connections (idempotent)."""
        s = self._h()
        err = ffi.new("sim_error *")
        if lib.sim_elaborate(s, err):
            raise errors.from_c(err)

    # -- workload

    def set_workload(self, workload, args=()):
        """Record a workload (an ELF program or a trace) and its arguments (after
        the program name) in the configuration, before the build: it is loaded
        when the components are built, and `config` reproduces the run. After
        the build this raises StateError; use load()."""
        s = self._h()
        self._not_running("set_workload()")
        path, keep = self._workload_args(workload, args)
        err = ffi.new("sim_error *")
        argv = ffi.new("const char *[]", keep + [ffi.NULL])
        if lib.sim_set_workload(s, path, len(keep), argv, err):
            raise errors.from_c(err)

    def load(self, workload, args=()):
        """Give the simulator a workload and its arguments (after the program
        name), now. Before the build it is recorded as set_workload() does and
        the components are built and load it; after the build it is loaded into
        the built system. Errors raise WorkloadError (or the error the build met)."""
        s = self._h()
        self._not_running("load()")
        path, keep = self._workload_args(workload, args)
        err = ffi.new("sim_error *")
        argv = ffi.new("const char *[]", keep + [ffi.NULL])
        rc = lib.sim_set_workload(s, path, len(keep), argv, err)
        if rc == 0:
            self.elaborate()                # builds, then loads what was recorded
            return
        if rc != _ffi.SIM_ESTATE:
            raise errors.from_c(err, rc)
        # Already built (a refused sim_set_workload changes nothing): load into
        # the built system; here argv[0] is the program name.
        prog = ffi.new("char[]", path)
        argv = ffi.new("const char *[]", [prog] + keep + [ffi.NULL])
        if lib.sim_load_workload(s, path, len(keep) + 1, argv, err):
            raise errors.from_c(err)

    @staticmethod
    def _workload_args(workload, args):
        path = _cstr(workload, "workload")
        if not path:
            raise ValueError("the workload path is empty")
        if isinstance(args, (str, bytes)) or not hasattr(args, "__iter__"):
            raise TypeError("args must be a sequence of strings")
        keep = [ffi.new("char[]", _cstr(a, "each argument")) for a in args]
        return path, keep

    # -- running

    def run(self, max_insts=None, max_cycles=None, *, max_ticks=None):
        """With no limit, run as the config's run: section says, as `archsim
        run` does: run.warmup instructions, then every statistic is zeroed,
        then run.max_insts instructions or run.max_cycles cycles, or the
        samples of run.sample_period, or to the workload's exit (sim_run). A
        run stopped part way goes on from there on the next call; once the
        section's limit is reached, run() returns Reason.LIMIT at once.
        With a limit, run exactly that much more, a step that leaves the run:
        section alone: at most `max_insts` more committed instructions /
        `max_cycles` more cycles of the default clock / `max_ticks` more
        picoseconds (one limit at a time). Returns a Reason.
        Errors of the run (GuestError, ...) raise; statistics stay readable.
        The library holds the thread (without the GIL) until it returns, so
        Ctrl-C is seen then, or in an every() callback, which may stop it."""
        s = self._h()
        self._not_running("run()")
        limits = [(u, n) for u, n in ((_ffi.SIM_UNTIL_INSTS, max_insts),
                                      (_ffi.SIM_UNTIL_CYCLES, max_cycles),
                                      (_ffi.SIM_UNTIL_TICKS, max_ticks)) if n is not None]
        if len(limits) > 1:
            raise ValueError("give one of max_insts, max_cycles, max_ticks, not several")
        if limits:
            until, n = limits[0]
            n = _count(n, "the run limit")
        err = ffi.new("sim_error *")
        self._cb_error = None
        self._running = True
        try:
            if limits:
                rc = lib.sim_run_for(s, until, n, err)
            else:
                rc = lib.sim_run(s, _ffi.SIM_UNTIL_EXIT, err)
        finally:
            self._running = False
        if self._cb_error is not None:
            e, self._cb_error = self._cb_error, None
            raise e
        if rc < 0:
            raise errors.from_c(err, rc)
        if rc == Reason.EXITED:
            self._exited = True
        return Reason(rc)

    def step(self, cycles=1):
        """Run `cycles` more cycles of the default clock; returns a Reason."""
        return self.run(max_cycles=cycles)

    def steps(self, cycles):
        """Iterate over the run in slices of `cycles` cycles: yields the current
        cycle after each slice, until the workload exits or nothing is left."""
        cycles = _count(cycles, "cycles")
        if cycles == 0:
            raise ValueError("cycles must be above zero")
        while True:
            r = self.run(max_cycles=cycles)
            yield self.cycles
            if r != Reason.LIMIT:
                return

    def every(self, n, fn, unit="cycles"):
        """Call fn(simulator) every `n` cycles (or ticks: unit="ticks") while the
        simulator runs; a true return value stops the run (run() returns
        Reason.STOPPED). An exception in fn stops the run and is raised by
        run(). Callbacks stay registered for the simulator's life; reading
        stats and calling stop() from fn is fine, run()/set()/load() are not."""
        s = self._h()
        self._not_running("every()")
        if not callable(fn):
            raise TypeError("fn must be callable as fn(simulator)")
        if unit not in _UNITS:
            raise ValueError("unit must be 'cycles' or 'ticks', got %r" % (unit,))
        n = _count(n, "n")
        if n == 0:
            raise ValueError("the period must be above zero")

        def trampoline(sp, user):
            if self._cb_error is not None:
                return 1
            try:
                return 1 if fn(self) else 0
            except BaseException as e:    # noqa: B036 - never unwind through C
                self._cb_error = e
                return 1
        cb = ffi.callback("sim_periodic_fn", trampoline)
        err = ffi.new("sim_error *")
        if lib.sim_every(s, _UNITS[unit], n, cb, ffi.NULL, err):
            raise errors.from_c(err)
        self._callbacks.append(cb)

    def stop(self):
        """Ask a running simulator to stop at the next event boundary."""
        lib.sim_stop(self._h())

    # -- state and results

    @property
    def now(self):
        """Simulated time in picoseconds."""
        return lib.sim_now(self._h())

    @property
    def cycles(self):
        """Cycles of the default clock so far."""
        return lib.sim_cycles_now(self._h())

    @property
    def insts(self):
        """Committed instructions so far, all cores."""
        return lib.sim_insts_now(self._h())

    @property
    def exit_code(self):
        """The workload's exit status once a run returned Reason.EXITED, else
        None (the program has not exited: a limit, a stop, an error)."""
        s = self._h()
        return lib.sim_exit_code(s) if self._exited else None

    @property
    def workloads_left(self):
        """Workloads started and not ended: after a run that ended IDLE, more
        than 0 means it stalled (something waits for what never comes)."""
        return lib.sim_workloads_left(self._h())

    @property
    def seed(self):
        return lib.sim_seed(self._h())

    def stat_names(self):
        """The names of all scalar statistics, in dump order (builds the system)."""
        s = self._h()
        if self._names is None or lib.sim_stats_count(s) != len(self._names):
            n = lib.sim_stats_count(s)
            if n == 0:
                self.elaborate()            # raises the reason there are none
                n = lib.sim_stats_count(s)
            names = []
            for i in range(n):
                p = lib.sim_stats_name(s, i)
                names.append(ffi.string(p).decode("utf-8", "replace") if p != ffi.NULL
                             else "")
            self._names = tuple(names)
        return self._names

    def stat(self, name):
        """The current value of one statistic; NotFoundError when there is none."""
        s = self._h()
        v = lib.sim_stat_get(s, _cstr(name, "name"))
        if math.isnan(v) and name not in self.stat_names():
            raise errors.NotFoundError("no statistic named '%s'" % name)
        return v

    @property
    def stats(self):
        """A snapshot of every statistic now (a Stats mapping)."""
        names = self.stat_names()
        s = self._h()
        value = lib.sim_stats_value
        return Stats({n: value(s, i) for i, n in enumerate(names)})

    def reset_stats(self):
        """Zero every statistic and energy count (the end of a warm-up)."""
        self._h()
        self._not_running("reset_stats()")
        lib.sim_stats_reset(self._s)

    @property
    def energy(self):
        """The energy so far: an Energy mapping, with the breakdown table."""
        table = self._take_string(
            lambda out, err: lib.sim_energy_format(self._h(), _ffi.SIM_ENERGY_BREAKDOWN,
                                                   out, err))
        return Energy(self.stats, table)

    def energy_prices(self):
        """The energy per event and leakage power each component is priced with (text)."""
        return self._take_string(
            lambda out, err: lib.sim_energy_format(self._h(), _ffi.SIM_ENERGY_EVENTS, out, err))

    _FORMATS = {"text": _ffi.SIM_STATS_TEXT, "json": _ffi.SIM_STATS_JSON,
                "csv": _ffi.SIM_STATS_CSV, "csv_row": _ffi.SIM_STATS_CSV_ROW}

    def format_stats(self, fmt="text"):
        """All statistics as text: "text", "json", "csv" or "csv_row"."""
        if fmt not in self._FORMATS:
            raise ValueError("fmt must be one of %s" % ", ".join(self._FORMATS))
        return self._take_string(
            lambda out, err: lib.sim_stats_format(self._h(), self._FORMATS[fmt], out, err))

    def write_stats(self, path, fmt=None):
        """Write all statistics to `path` (atomically); the format follows the
        extension (.json, .csv, else text) unless fmt says."""
        if fmt is None:
            ext = os.path.splitext(os.fspath(path))[1].lower()
            fmt = {".json": "json", ".csv": "csv"}.get(ext, "text")
        if fmt not in self._FORMATS:
            raise ValueError("fmt must be one of %s" % ", ".join(self._FORMATS))
        err = ffi.new("sim_error *")
        if lib.sim_stats_write(self._h(), _cstr(path, "path"), self._FORMATS[fmt], err):
            raise errors.from_c(err)

    def _take_string(self, call):
        out = ffi.new("char **")
        err = ffi.new("sim_error *")
        rc = call(out, err)
        try:
            if rc:
                raise errors.from_c(err, rc)
            return ffi.string(out[0]).decode("utf-8", "replace") if out[0] != ffi.NULL else ""
        finally:
            if out[0] != ffi.NULL:
                lib.sim_free(out[0])

    def result(self, reason=Reason.EXITED, workload=None, args=(), overrides=None,
               host_seconds=0.0):
        """A picklable Result of the run so far; its exit_code is the workload's
        exit status when `reason` is Reason.EXITED, else None. reason None: a
        run that failed (the Result an exception carries)."""
        reason = Reason(reason) if reason is not None else None
        try:
            table = self._take_string(
                lambda out, err: lib.sim_energy_format(self._h(), _ffi.SIM_ENERGY_BREAKDOWN,
                                                       out, err))
        except errors.ArchsimError:
            table = None
        code = lib.sim_exit_code(self._h()) if reason == Reason.EXITED else None
        return Result(self.config, self.stats, reason, code, self.seed,
                      workload, args, overrides, host_seconds, table)

    def __repr__(self):
        if self._s is None:
            return "<archsim.Simulator (closed)>"
        return "<archsim.Simulator %s at %d ps>" % (self.path or "<string>", self.now)


def _split_overrides(overrides, kw):
    out = dict(normalize_overrides(overrides))
    for k, v in kw.items():
        out[k.replace("__", ".")] = value_text(v)
    return out


def _run_limits(warmup, max_insts, max_cycles):
    """The run: keys that run()'s warmup/max_insts/max_cycles set, in order."""
    if max_insts is not None and max_cycles is not None:
        raise ValueError("give max_insts or max_cycles, not both")
    keys = []
    if warmup is not None:
        keys.append(("run.warmup", _count(warmup, "warmup")))
    if max_insts is not None:
        keys += [("run.max_cycles", 0), ("run.max_insts", _count(max_insts, "max_insts"))]
    if max_cycles is not None:
        keys += [("run.max_insts", 0), ("run.max_cycles", _count(max_cycles, "max_cycles"))]
    return keys


def run(config, workload=None, args=(), *, overrides=None, seed=None, max_insts=None,
        max_cycles=None, warmup=None, log=None, **kw_overrides):
    """Run one configuration as `archsim run` does and return a Result.

    archsim.run("configs/trafficgen.yaml", **{"gen.count": 5000}) or, as keyword
    names cannot hold dots, gen__count=5000 ("__" stands for "."). `overrides`
    takes a dict as well; both are applied, the dict first. `workload` and `args`
    name a program and its arguments, recorded in the resolved configuration
    like `archsim run CONFIG -- PROG ARGS` does.

    The run follows the config's run: section (run.warmup instructions, then
    every statistic is zeroed, then run.max_insts instructions or
    run.max_cycles cycles, or the samples of run.sample_period, or to the
    workload's exit). `warmup`, `max_insts` and `max_cycles` override it, as
    `archsim run --warmup --max-insts --max-cycles` do: they set run.warmup,
    run.max_insts, run.max_cycles after the overrides, so the Result's config
    records them and reproduces the run. A limit replaces the config's limit
    (max_insts=N sets run.max_cycles to 0, and the other way round); 0 is no
    limit, to the exit, as in the config; a limit with sampling is a
    ConfigError. A run that goes idle before its workloads end raises
    StalledError (with the Result as its `result`), as the command exits 1
    then."""
    t0 = time.perf_counter()
    ov = _split_overrides(overrides, kw_overrides)
    limits = _run_limits(warmup, max_insts, max_cycles)
    if isinstance(args, (str, bytes)):
        raise TypeError("args must be a sequence of strings, not a single string")
    args = list(args)
    with Simulator(config, ov, seed=seed, log=log) as sim:
        if workload is not None:
            sim.set_workload(workload, args)
        for k, v in limits:
            sim.set(k, v)
        sim.elaborate()
        wl = os.fsdecode(_cstr(workload, "workload")) if workload is not None else None
        args = [os.fsdecode(_cstr(a, "each argument")) for a in args]
        try:
            reason = sim.run()              # as the run: section says
        except errors.ArchsimError as e:
            # The run failed part way (a guest error, ...): its statistics so
            # far go with the exception, as `archsim run` still writes them;
            # no reason, as in its status.json.
            e.result = sim.result(None, wl, args, ov, time.perf_counter() - t0)
            raise
        result = sim.result(reason, wl, args, ov, time.perf_counter() - t0)
        left = sim.workloads_left if reason == Reason.IDLE else 0
        if left:
            e = errors.StalledError(
                "the run stalled: nothing left to simulate, but %d workload%s had not ended "
                "(a component waits for what never comes, such as a request never answered)"
                % (left, "" if left == 1 else "s"), file=sim.path or "")
            e.result = result
            raise e
        return result
