"""archsim - the archsim simulation library from Python (cffi over libarchsim.so).

    import archsim
    r = archsim.run("configs/trafficgen.yaml", **{"gen.count": 5000})
    print(r.stats["gen.latency"], r.energy.total)

    with archsim.Simulator("configs/trafficgen.yaml", {"mem.latency": "30ns"}) as sim:
        sim.every(100000, lambda s: print(s.cycles))
        sim.run()
        print(sim.stats.gen.latency)

    archsim.sweep("configs/trafficgen.yaml",
                  grid={"mem.latency": ["30ns", "45ns"], "gen.range": ["1MiB", "64MiB"]},
                  out="results.jsonl")

The library is found through $ARCHSIM_LIB, next to this package, in the
prefix it was installed into, in the build tree of the source tree, or on the
system (see archsim._ffi).
"""
from . import _ffi
from .errors import (ArchsimError, ConfigError, GuestError, HostIOError,
                     InvalidArgumentError, NotFoundError, OutOfMemoryError, PluginError,
                     StalledError, StateError, WorkloadError)
from .sim import Energy, Reason, Result, Simulator, Stats, run, value_text

# The sweep machinery (concurrent.futures, json, csv, ...) and archsim.plot are
# imported when first used, so that `import archsim` for one run stays quick.
_SWEEP_NAMES = ("InlineExecutor", "Point", "Sweep", "SweepError", "load_results", "merge",
                "results_frame", "sweep")


def __getattr__(name):
    if name == "plot":          # the module (matplotlib is imported when a plot is drawn)
        import importlib        # (`from . import plot` would call this hook again)
        return importlib.import_module(".plot", __name__)
    if name in _SWEEP_NAMES:
        from . import sweeps
        value = getattr(sweeps, name)
        globals()[name] = value
        return value
    raise AttributeError("module 'archsim' has no attribute '%s'" % name)


def __dir__():
    return sorted(set(globals()) | set(_SWEEP_NAMES) | {"plot"})


__version__ = "0.1.0"

__all__ = ["ArchsimError", "ConfigError", "GuestError", "HostIOError",
           "InvalidArgumentError", "NotFoundError", "OutOfMemoryError", "PluginError",
           "StalledError", "StateError", "WorkloadError", "Energy", "Reason", "Result",
           "Simulator", "Stats", "run", "value_text", "library_version", "library_path",
           "InlineExecutor", "Point", "Sweep", "SweepError", "load_results", "merge",
           "results_frame", "sweep"]


def library_version():
    """The C library's version string ("0.1.0")."""
    return _ffi.ffi.string(_ffi.lib.sim_version()).decode()


library_path = _ffi.lib_path
