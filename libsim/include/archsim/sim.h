/* archsim/sim.h - the public C API of archsim: open a simulator from a YAML
 * configuration, override parameters, load a workload, run, read statistics.
 *
 * Opaque handles, status codes, an error value with a message and, where it
 * applies, the config file, line and column. No global mutable state: many
 * simulators live in one process and one may run per thread. The library never
 * prints, exits or aborts on bad input; it returns an error.
 *
 * This header holds plain declarations, integer constants, fixed-size structs
 * and callback typedefs taking `void *user` last, so cffi reads it as it is. */
#ifndef ARCHSIM_SIM_H
#define ARCHSIM_SIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIM_VERSION_MAJOR 0
#define SIM_VERSION_MINOR 1
#define SIM_VERSION_PATCH 0

typedef struct sim sim_t;           /* one simulator, opaque */
typedef uint64_t sim_tick;          /* simulated time in picoseconds */

typedef struct sim_error {
    int  code;                      /* 0, or a negative SIM_E* code */
    char message[512];              /* one line: what is wrong, what was expected */
    char file[256];                 /* config file it points at, or "" */
    int  line, column;              /* 1-based; 0 when not about a file */
} sim_error;

#define SIM_OK        0
#define SIM_EINVAL    (-1)          /* bad argument from the caller */
#define SIM_ECONFIG   (-2)          /* config file or override rejected */
#define SIM_ENOMEM    (-3)          /* out of host memory */
#define SIM_EIO       (-4)          /* a host file could not be read or written */
#define SIM_EWORKLOAD (-5)          /* workload rejected: bad ELF, truncated trace, ... */
#define SIM_EGUEST    (-6)          /* the guest stopped the run: illegal insn, bad syscall */
#define SIM_ESTATE    (-7)          /* call not valid in the simulator's current state */
#define SIM_ENOTFOUND (-8)          /* no such stat, component or type */
#define SIM_EPLUGIN   (-9)          /* a plugin could not be loaded */

/* What sim_run_for() counts. */
#define SIM_UNTIL_EXIT   0          /* until the workload exits (n ignored) */
#define SIM_UNTIL_TICKS  1          /* n more picoseconds */
#define SIM_UNTIL_CYCLES 2          /* n more cycles of the default clock */
#define SIM_UNTIL_INSTS  3          /* n more committed instructions, all cores */

/* Why sim_run()/sim_run_for() returned (non-negative); errors are negative. */
#define SIM_RUN_EXITED   0          /* the workload ended; see sim_exit_code() */
#define SIM_RUN_LIMIT    1          /* the requested ticks/cycles/insts elapsed */
#define SIM_RUN_STOPPED  2          /* sim_stop() was called */
#define SIM_RUN_IDLE     3          /* nothing left to simulate */

/* Output formats of sim_stats_write() / sim_stats_format(). */
#define SIM_STATS_TEXT 0            /* aligned `name  value  # description (unit)` */
#define SIM_STATS_JSON 1            /* one flat JSON object: {"l2.misses": 12, ...} */
#define SIM_STATS_CSV  2            /* a header line and one row */
#define SIM_STATS_CSV_ROW 3         /* one CSV row, no header (time series) */

/* Log levels passed to a log callback. */
#define SIM_LOG_ERROR 0
#define SIM_LOG_WARN  1
#define SIM_LOG_INFO  2
#define SIM_LOG_DEBUG 3

typedef void (*sim_log_fn)(int level, const char *message, void *user);
/* Called every `period` units while running; return nonzero to stop the run. */
typedef int (*sim_periodic_fn)(sim_t *s, void *user);

/* The library version as "MAJOR.MINOR.PATCH". */
const char *sim_version(void);

/* Text for a SIM_E* code ("configuration error", ...). */
const char *sim_strerror(int code);

/* Open a simulator from a YAML file; the caller frees it with sim_close().
 * The config is parsed, includes merged and plugins loaded; components are
 * built at the first call that needs them (sim_elaborate, load, run).
 * On failure returns NULL and fills *err (err may be NULL). */
sim_t *sim_open(const char *config_path, sim_error *err);

/* The same from a YAML text; `name` stands for the file name in errors and
 * relative includes resolve against the current directory. */
sim_t *sim_open_string(const char *yaml, const char *name, sim_error *err);

/* Free the simulator and everything it owns. NULL is a no-op. */
void sim_close(sim_t *s);

/* Route log lines to fn (NULL: drop them; the default). */
void sim_set_log(sim_t *s, sim_log_fn fn, void *user);

/* Override one configuration value by dotted path before components are
 * built: "l1d.size" is components.l1d.size; paths that start with a top-level
 * section ("clocks.core", "workload.args", "stats.period") address it.
 * The value is parsed as YAML ("[1, 2]", "{a: 1}", "64KiB"). */
int sim_set(sim_t *s, const char *key, const char *value, sim_error *err);

/* Set `param` on every instance whose type declares a parameter of that
 * name (e.g. "pipeview" on every core). Returns how many instances were set
 * (0 is not an error), or a negative SIM_E* code. */
int sim_set_all(sim_t *s, const char *param, const char *value, sim_error *err);

/* Build the components, check parameters and connections. Idempotent.
 * A failed build is undone: the components built so far are finished and
 * freed and the configuration is as it was before the call, so the caller
 * may correct it (sim_set, sim_set_workload, sim_register_type) and build
 * again. Calls that build on demand (load, run, stats) try again too. Only
 * when undoing runs out of memory is the handle left closable and nothing
 * else (SIM_ESTATE from every call that needs a build). */
int sim_elaborate(sim_t *s, sim_error *err);

/* Name the workload (an ELF program or a trace) and its arguments before
 * the components are built: it is recorded under workload: (program, args),
 * so config.yaml reproduces the run, and loaded when they are built.
 * argv holds the arguments after the program name. */
int sim_set_workload(sim_t *s, const char *path, int argc, const char *const *argv,
                     sim_error *err);

/* Give the workload to the component(s) that run one, now (building the
 * components first if needed). argv[0] is the program name as the guest
 * sees it. */
int sim_load_workload(sim_t *s, const char *path, int argc, const char *const *argv,
                      sim_error *err);

/* Run until the workload exits, a limit, sim_stop() or an error.
 * Returns a SIM_RUN_* reason (>= 0) or a negative SIM_E* code.
 * sim_run(s, SIM_UNTIL_EXIT) follows the config's run: section: run.warmup
 * instructions, then every statistic is zeroed (sim_stats_reset), then
 * run.max_insts instructions or run.max_cycles cycles, or to the exit.
 * sim_run_for runs exactly the limit it is given. */
int sim_run(sim_t *s, int until, sim_error *err);
int sim_run_for(sim_t *s, int until, uint64_t n, sim_error *err);

/* Ask a running simulator to stop at the next event boundary (callable from
 * a periodic callback or a component). */
void sim_stop(sim_t *s);

/* Call fn every `period` units (SIM_UNTIL_TICKS/CYCLES/INSTS) while running.
 * Returns 0 or a negative SIM_E* code. */
int sim_every(sim_t *s, int unit, uint64_t period, sim_periodic_fn fn, void *user,
              sim_error *err);

/* Current simulated time (ps), cycles of the default clock, committed
 * instructions summed over all cores. */
sim_tick sim_now(const sim_t *s);
uint64_t sim_cycles_now(const sim_t *s);
uint64_t sim_insts_now(const sim_t *s);

/* The tick of the earliest event still queued (a clock edge of an awake
 * component counts); 0 when nothing is queued. For co-simulation: an
 * outer scheduler (SystemC) waits until then and runs archsim up to it. */
int sim_next_event(const sim_t *s, sim_tick *when);

/* The workload's exit status once sim_run returned SIM_RUN_EXITED. */
int sim_exit_code(const sim_t *s);
/* Workloads started (programs, traces, cores, traffic) that have not ended:
 * after SIM_RUN_IDLE, more than 0 means the run stalled - something waits
 * for what never comes (a request never answered). */
int sim_workloads_left(const sim_t *s);

/* Value of a statistic by full name ("l2.misses", "cpu0.ipc",
 * "sim.energy.total"); formulas are evaluated now. NaN when unknown.
 * sim_stat(s, name) is the short spelling: a function-like macro, because
 * component authors' `sim_stat` is the type of a descriptor's stat row. */
double sim_stat_get(sim_t *s, const char *name);
#define sim_stat(s, name) sim_stat_get((s), (name))

/* Number of scalar statistics (vectors and distributions expanded), and the
 * name / value of the i-th one, in dump order. Names live until sim_close. */
int sim_stats_count(sim_t *s);
const char *sim_stats_name(sim_t *s, int i);
double sim_stats_value(sim_t *s, int i);

/* Zero every statistic and energy count (end of warm-up). */
void sim_stats_reset(sim_t *s);

/* Write all statistics to `path` (written to a temporary name, then renamed). */
int sim_stats_write(sim_t *s, const char *path, int format, sim_error *err);

/* Format all statistics into a new string; free it with sim_free(). */
int sim_stats_format(sim_t *s, int format, char **out, sim_error *err);

/* Write the fully resolved configuration (includes merged, overrides and
 * defaults applied) as YAML, atomically. */
int sim_config_write(sim_t *s, const char *path, sim_error *err);

/* The text of the scalar at a dotted path of the configuration ("seed",
 * "l1d.size", "stats.period"); resolved values once built. NULL when absent
 * or not a scalar. The string lives until the next sim_set or sim_close. */
const char *sim_config_get(sim_t *s, const char *dotted);

/* Format the resolved configuration into a new string; free with sim_free(). */
int sim_config_format(sim_t *s, char **out, sim_error *err);

/* Energy reports as aligned text in a new string (free with sim_free()):
 * SIM_ENERGY_BREAKDOWN, dynamic/leakage/total per component and in total;
 * SIM_ENERGY_EVENTS, the energy per event and leakage power every
 * component was priced with, so each number can be audited. */
#define SIM_ENERGY_BREAKDOWN 0
#define SIM_ENERGY_EVENTS    1
int sim_energy_format(sim_t *s, int what, char **out, sim_error *err);

/* Free a string returned by this library. */
void sim_free(void *p);

/* Seed of the run (config `seed:`, default 1). */
uint64_t sim_seed(const sim_t *s);

#ifdef __cplusplus
}
#endif
#endif
