"""archsim._ffi - the cffi binding (ABI mode) of the public C API, archsim/sim.h.

The declarations below are sim.h's, minus the preprocessor: cffi reads them as
they are. tests/python/test_binding.py checks that every function of sim.h is
declared here, so the two cannot drift apart silently.

The shared library is looked for, in order:
  1. $ARCHSIM_LIB (a path to libarchsim.so);
  2. next to this package (a wheel built with the library inside it);
  3. the build tree of the source tree this package sits in: ../build*/
     (the newest libarchsim.so among build/, build-*/ wins);
  4. <sys.prefix>/lib, /usr/local/lib and the system's library path.
"""
import glob
import os
import sys

from cffi import FFI

CDEF = r"""
typedef struct sim sim_t;
typedef uint64_t sim_tick;

typedef struct sim_error {
    int  code;
    char message[512];
    char file[256];
    int  line, column;
} sim_error;

typedef void (*sim_log_fn)(int level, const char *message, void *user);
typedef int (*sim_periodic_fn)(sim_t *s, void *user);

const char *sim_version(void);
const char *sim_strerror(int code);
sim_t *sim_open(const char *config_path, sim_error *err);
sim_t *sim_open_string(const char *yaml, const char *name, sim_error *err);
void sim_close(sim_t *s);
void sim_set_log(sim_t *s, sim_log_fn fn, void *user);
int sim_set(sim_t *s, const char *key, const char *value, sim_error *err);
int sim_elaborate(sim_t *s, sim_error *err);
int sim_set_workload(sim_t *s, const char *path, int argc, const char *const *argv,
                     sim_error *err);
int sim_load_workload(sim_t *s, const char *path, int argc, const char *const *argv,
                      sim_error *err);
int sim_run(sim_t *s, int until, sim_error *err);
int sim_run_for(sim_t *s, int until, uint64_t n, sim_error *err);
void sim_stop(sim_t *s);
int sim_every(sim_t *s, int unit, uint64_t period, sim_periodic_fn fn, void *user,
              sim_error *err);
sim_tick sim_now(const sim_t *s);
uint64_t sim_cycles_now(const sim_t *s);
uint64_t sim_insts_now(const sim_t *s);
int sim_exit_code(const sim_t *s);
double sim_stat_get(sim_t *s, const char *name);
int sim_stats_count(sim_t *s);
const char *sim_stats_name(sim_t *s, int i);
double sim_stats_value(sim_t *s, int i);
void sim_stats_reset(sim_t *s);
int sim_stats_write(sim_t *s, const char *path, int format, sim_error *err);
int sim_stats_format(sim_t *s, int format, char **out, sim_error *err);
int sim_config_write(sim_t *s, const char *path, sim_error *err);
const char *sim_config_get(sim_t *s, const char *dotted);
int sim_config_format(sim_t *s, char **out, sim_error *err);
int sim_energy_format(sim_t *s, int what, char **out, sim_error *err);
void sim_free(void *p);
uint64_t sim_seed(const sim_t *s);
"""

# Integer constants of sim.h (cffi's ABI mode does not read #define).
SIM_OK = 0
SIM_EINVAL = -1
SIM_ECONFIG = -2
SIM_ENOMEM = -3
SIM_EIO = -4
SIM_EWORKLOAD = -5
SIM_EGUEST = -6
SIM_ESTATE = -7
SIM_ENOTFOUND = -8
SIM_EPLUGIN = -9

SIM_UNTIL_EXIT = 0
SIM_UNTIL_TICKS = 1
SIM_UNTIL_CYCLES = 2
SIM_UNTIL_INSTS = 3

SIM_RUN_EXITED = 0
SIM_RUN_LIMIT = 1
SIM_RUN_STOPPED = 2
SIM_RUN_IDLE = 3

SIM_STATS_TEXT = 0
SIM_STATS_JSON = 1
SIM_STATS_CSV = 2
SIM_STATS_CSV_ROW = 3

SIM_ENERGY_BREAKDOWN = 0
SIM_ENERGY_EVENTS = 1

SIM_LOG_ERROR = 0
SIM_LOG_WARN = 1
SIM_LOG_INFO = 2
SIM_LOG_DEBUG = 3

LIB_NAMES = ("libarchsim.so", "libarchsim.so.0", "libarchsim.dylib")

ffi = FFI()
ffi.cdef(CDEF)


def _newest(paths):
    paths = [p for p in paths if os.path.isfile(p)]
    return max(paths, key=os.path.getmtime) if paths else None


def candidates():
    """The paths tried, in order (for error messages and `python -m archsim info`)."""
    out = []
    env = os.environ.get("ARCHSIM_LIB")
    if env:
        out.append(env)
    here = os.path.dirname(os.path.abspath(__file__))
    out += [os.path.join(here, n) for n in LIB_NAMES]
    src = os.path.dirname(os.path.dirname(here))        # python/archsim -> source root
    if os.path.isfile(os.path.join(src, "libsim", "include", "archsim", "sim.h")):
        build = os.path.join(src, "build", "libarchsim.so")
        if os.path.isfile(build):
            out.append(build)
        newest = _newest(glob.glob(os.path.join(src, "build*", "libarchsim.so")))
        if newest and newest not in out:
            out.append(newest)
    for prefix in (sys.prefix, "/usr/local", "/usr"):
        for libdir in ("lib", "lib64", "lib/x86_64-linux-gnu", "lib/aarch64-linux-gnu"):
            out.append(os.path.join(prefix, libdir, "libarchsim.so"))
    return out


def _load():
    tried = []
    env = os.environ.get("ARCHSIM_LIB")
    for path in candidates():
        if not os.path.isfile(path):
            continue
        try:
            return ffi.dlopen(path), path
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
            if path == env:                 # an explicit choice that fails is an error
                break
    if not env:
        for name in LIB_NAMES[:2]:
            try:
                return ffi.dlopen(name), name
            except OSError:
                pass
    raise ImportError("archsim: cannot load libarchsim.so; build it (cmake --build build) "
                      "or set ARCHSIM_LIB to its path. Tried: " +
                      (", ".join(tried) if tried else ", ".join(candidates())))


lib, lib_path = _load()
