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

The library is found through $ARCHSIM_LIB, next to this package, in the build
tree of the source tree, or on the system (see archsim._ffi).
"""
from . import _ffi
from .errors import (ArchsimError, ConfigError, GuestError, HostIOError,
                     InvalidArgumentError, NotFoundError, OutOfMemoryError, PluginError,
                     StateError, WorkloadError)
from .sim import Energy, Reason, Result, Simulator, Stats, run, value_text
from .sweep import (Point, Sweep, load_results, merge, points, results_frame, sweep)

__version__ = "0.1.0"

__all__ = ["ArchsimError", "ConfigError", "GuestError", "HostIOError",
           "InvalidArgumentError", "NotFoundError", "OutOfMemoryError", "PluginError",
           "StateError", "WorkloadError", "Energy", "Reason", "Result", "Simulator", "Stats",
           "run", "value_text", "Point", "Sweep", "load_results", "merge", "points",
           "results_frame", "sweep", "library_version", "library_path"]


def library_version():
    """The C library's version string ("0.1.0")."""
    return _ffi.ffi.string(_ffi.lib.sim_version()).decode()


library_path = _ffi.lib_path
