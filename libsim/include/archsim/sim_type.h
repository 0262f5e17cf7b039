/* archsim/sim_type.h - what a component type needs: the descriptor (params,
 * stats, energy events, ports, callbacks), the kernel services it calls
 * (time, events, clocks, ports and transactions, statistics helpers) and the
 * instruction record that ISA models emit and timing models consume.
 *
 * One model, one .c file, one static `const sim_type`. The kernel parses and
 * range-checks parameters into the model's cfg struct from the param rows,
 * names stats and energy events under the instance, binds ports from the
 * config's `connections:` and calls the model back through the slots below.
 * Built-in types, plugin types and types registered by an embedding program
 * are treated alike. */
#ifndef ARCHSIM_SIM_TYPE_H
#define ARCHSIM_SIM_TYPE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <archsim/sim.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIM_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

typedef struct sim_comp sim_comp;   /* one instance in the kernel: name, clock, ports */
typedef struct sim_type sim_type;

/* ---------------------------------------------------------------- params */

/* Parameter kinds and the C field each one fills. Values with units are
 * stored in the base unit: bytes, Hz, ps, J, W, V. */
enum sim_param_kind {
    SIM_P_INT,      /* signed integer field of any size */
    SIM_P_UINT,     /* unsigned integer field of any size */
    SIM_P_FLOAT,    /* double (or float) */
    SIM_P_BOOL,     /* bool (or any integer) */
    SIM_P_SIZE,     /* bytes, unsigned field: 64B, 32KiB, 1MiB, 2GiB, 4kB, 1MB */
    SIM_P_FREQ,     /* double Hz: 2GHz, 800MHz, 100kHz */
    SIM_P_TIME,     /* sim_tick ps: 500ps, 13.75ns, 7.8us, 64ms */
    SIM_P_CYCLES,   /* unsigned count of this component's clock cycles */
    SIM_P_ENERGY,   /* double J: 5pJ, 1.2nJ, 3uJ */
    SIM_P_POWER,    /* double W: 20mW, 1.5W, 300uW */
    SIM_P_VOLTAGE,  /* double V: 0.8V, 1200mV */
    SIM_P_ENUM,     /* int: index into the '|'-separated choices */
    SIM_P_STRING,   /* const char *, owned by the simulator */
    SIM_P_LIST,     /* sim_list of strings, owned by the simulator */
};

typedef struct sim_list {
    int n;
    const char *const *items;
} sim_list;

typedef struct sim_param {
    const char *name;               /* key in YAML, lower_snake */
    int kind;                       /* enum sim_param_kind */
    size_t offset;                  /* of the field in the cfg struct */
    size_t size;                    /* of the field */
    const char *def;                /* default as a user writes it; NULL: required */
    double min, max;                /* range in the base unit; min > max: unbounded */
    const char *choices;            /* SIM_P_ENUM: "lru|plru|random" */
    const char *unit;               /* INT/UINT/FLOAT: unit word ("nm", "entries"), may be
                                       written after the number; NULL otherwise */
    const char *doc;                /* one line for `archsim describe` and the docs */
} sim_param;

#define SIM_FIELD_(T, f) offsetof(T, f), sizeof(((T *)0)->f)
#define SIM_UNBOUNDED_ 1.0, 0.0

#define SIM_PARAM_INT(n, T, f, def, lo, hi, doc) \
    { n, SIM_P_INT, SIM_FIELD_(T, f), #def, lo, hi, NULL, NULL, doc }
#define SIM_PARAM_UINT(n, T, f, def, lo, hi, doc) \
    { n, SIM_P_UINT, SIM_FIELD_(T, f), #def, lo, hi, NULL, NULL, doc }
#define SIM_PARAM_FLOAT(n, T, f, def, lo, hi, doc) \
    { n, SIM_P_FLOAT, SIM_FIELD_(T, f), #def, lo, hi, NULL, NULL, doc }
/* A number with a unit word of its own ("22nm", "360K", "64entries"). */
#define SIM_PARAM_NUM_U(n, T, f, def, lo, hi, unit, doc) \
    { n, SIM_P_FLOAT, SIM_FIELD_(T, f), #def, lo, hi, NULL, unit, doc }
#define SIM_PARAM_BOOL(n, T, f, def, doc) \
    { n, SIM_P_BOOL, SIM_FIELD_(T, f), #def, SIM_UNBOUNDED_, NULL, NULL, doc }
#define SIM_PARAM_SIZE(n, T, f, def, doc) \
    { n, SIM_P_SIZE, SIM_FIELD_(T, f), def, SIM_UNBOUNDED_, NULL, NULL, doc }
#define SIM_PARAM_SIZE_R(n, T, f, def, lo, hi, doc) \
    { n, SIM_P_SIZE, SIM_FIELD_(T, f), def, lo, hi, NULL, NULL, doc }
#define SIM_PARAM_FREQ(n, T, f, def, doc) \
    { n, SIM_P_FREQ, SIM_FIELD_(T, f), def, SIM_UNBOUNDED_, NULL, NULL, doc }
#define SIM_PARAM_TIME(n, T, f, def, doc) \
    { n, SIM_P_TIME, SIM_FIELD_(T, f), def, SIM_UNBOUNDED_, NULL, NULL, doc }
#define SIM_PARAM_CYCLES(n, T, f, def, doc) \
    { n, SIM_P_CYCLES, SIM_FIELD_(T, f), #def, SIM_UNBOUNDED_, NULL, NULL, doc }
#define SIM_PARAM_CYCLES_R(n, T, f, def, lo, hi, doc) \
    { n, SIM_P_CYCLES, SIM_FIELD_(T, f), #def, lo, hi, NULL, NULL, doc }
#define SIM_PARAM_ENERGY(n, T, f, def, doc) \
    { n, SIM_P_ENERGY, SIM_FIELD_(T, f), def, SIM_UNBOUNDED_, NULL, NULL, doc }
#define SIM_PARAM_POWER(n, T, f, def, doc) \
    { n, SIM_P_POWER, SIM_FIELD_(T, f), def, SIM_UNBOUNDED_, NULL, NULL, doc }
#define SIM_PARAM_VOLTAGE(n, T, f, def, doc) \
    { n, SIM_P_VOLTAGE, SIM_FIELD_(T, f), def, SIM_UNBOUNDED_, NULL, NULL, doc }
#define SIM_PARAM_ENUM(n, T, f, def, choices, doc) \
    { n, SIM_P_ENUM, SIM_FIELD_(T, f), def, SIM_UNBOUNDED_, choices, NULL, doc }
#define SIM_PARAM_STRING(n, T, f, def, doc) \
    { n, SIM_P_STRING, SIM_FIELD_(T, f), def, SIM_UNBOUNDED_, NULL, NULL, doc }
#define SIM_PARAM_LIST(n, T, f, def, doc) \
    { n, SIM_P_LIST, SIM_FIELD_(T, f), def, SIM_UNBOUNDED_, NULL, NULL, doc }

/* ----------------------------------------------------------------- stats */

enum sim_stat_kind {
    SIM_S_COUNTER,  /* uint64_t, bumped in place */
    SIM_S_VALUE,    /* double, set by the model */
    SIM_S_AVG,      /* sim_avg: mean of samples */
    SIM_S_DIST,     /* sim_dist: bucketed distribution */
    SIM_S_VEC,      /* uint64_t[n]: per core, per access type, ... */
    SIM_S_FORMULA,  /* expression over other stats, evaluated when read */
};

typedef struct sim_avg {
    double sum;
    uint64_t n;
} sim_avg;

#define SIM_DIST_MAX 64             /* buckets at most */
typedef struct sim_dist {
    uint64_t count, under, over;    /* samples; below the first, above the last bucket */
    double sum, sumsq, min, max;
    double lo, width;               /* set by the kernel from the row; width 0: log2 buckets */
    uint32_t n;                     /* buckets in use */
    uint64_t bucket[SIM_DIST_MAX];
} sim_dist;

typedef struct sim_stat {
    const char *name;               /* under the instance: `misses` -> `l2.misses` */
    int kind;                       /* enum sim_stat_kind */
    size_t offset;                  /* of the field in the instance (not FORMULA) */
    uint32_t n;                     /* VEC: elements; DIST: buckets */
    double lo, width;               /* DIST: first bucket's low edge and width (0: log2) */
    const char *labels;             /* VEC: "read|write|ifetch", or NULL for 0, 1, ... */
    const char *formula;            /* FORMULA: "committed_insts / cycles" */
    const char *unit;               /* "cycles", "B", "ps", or NULL */
    const char *doc;
} sim_stat;

#define SIM_STAT(n, T, f, doc) \
    { n, SIM_S_COUNTER, offsetof(T, f), 0, 0, 0, NULL, NULL, NULL, doc }
#define SIM_STAT_U(n, T, f, unit, doc) \
    { n, SIM_S_COUNTER, offsetof(T, f), 0, 0, 0, NULL, NULL, unit, doc }
#define SIM_STAT_VALUE(n, T, f, unit, doc) \
    { n, SIM_S_VALUE, offsetof(T, f), 0, 0, 0, NULL, NULL, unit, doc }
#define SIM_STAT_AVG(n, T, f, unit, doc) \
    { n, SIM_S_AVG, offsetof(T, f), 0, 0, 0, NULL, NULL, unit, doc }
#define SIM_STAT_DIST(n, T, f, lo, width, nb, unit, doc) \
    { n, SIM_S_DIST, offsetof(T, f), nb, lo, width, NULL, NULL, unit, doc }
#define SIM_STAT_LOG2(n, T, f, nb, unit, doc) \
    { n, SIM_S_DIST, offsetof(T, f), nb, 0, 0, NULL, NULL, unit, doc }
#define SIM_STAT_VEC(n, T, f, labels, doc) \
    { n, SIM_S_VEC, offsetof(T, f), sizeof(((T *)0)->f) / sizeof(uint64_t), 0, 0, labels, \
      NULL, NULL, doc }
#define SIM_FORMULA(n, expr, unit, doc) \
    { n, SIM_S_FORMULA, 0, 0, 0, 0, NULL, expr, unit, doc }

static inline void sim_avg_add(sim_avg *a, double v)
{
    a->sum += v;
    a->n++;
}

/* Add one sample to a distribution (bounds were set by the kernel). */
void sim_dist_add(sim_dist *d, double v);

/* Add a stat row at run time for an instance whose layout is known only
 * after init (per-core vectors, tables sized by a parameter). `base` is what
 * row->offset counts from; row and base must live until sim_close. */
int sim_stat_add(sim_comp *c, const sim_stat *row, void *base, sim_error *err);

/* ---------------------------------------------------------------- energy */

/* A named energy event: the model bumps a uint64_t counter; the kernel prices
 * it with the energy per event from the instance's `energy:` mapping or the
 * type's energy model, and adds leakage power x simulated time. */
typedef struct sim_energy_event {
    const char *name;
    size_t offset;                  /* of the uint64_t counter in the instance */
    const char *doc;
} sim_energy_event;

#define SIM_ENERGY(n, T, f, doc) { n, offsetof(T, f), doc }

/* Technology of the run (top-level `energy:` section). */
typedef struct sim_tech {
    double node_nm;                 /* feature size, 45, 32, 22, 16, ... */
    double vdd;                     /* supply voltage, V */
    double temp_k;                  /* temperature, K */
} sim_tech;

/* ----------------------------------------------------------------- ports */

#define SIM_INITIATOR 0x0           /* sends requests */
#define SIM_TARGET    0x1           /* receives requests */
#define SIM_MULTI     0x2           /* may be connected to several peers */
#define SIM_OPTIONAL  0x4           /* may stay unconnected */
#define SIM_INSTS     0x8           /* carries sim_inst records, not sim_req */

typedef struct sim_port {
    const char *name;
    int flags;                      /* SIM_INITIATOR or SIM_TARGET, | SIM_MULTI ... */
    const char *doc;
} sim_port;

/* ---------------------------------------------------------- transactions */

enum sim_cmd {
    SIM_READ,                       /* data load */
    SIM_WRITE,                      /* data store */
    SIM_IFETCH,                     /* instruction fetch */
    SIM_PREFETCH,                   /* prefetch fill */
    SIM_WRITEBACK,                  /* dirty line leaving a cache */
    SIM_EVICT,                      /* clean line leaving a cache (inclusion, directories) */
    SIM_READ_EX,                    /* read for ownership */
    SIM_UPGRADE,                    /* shared -> modified, no data */
    SIM_INVAL,                      /* invalidate (back-invalidation, snoop) */
    SIM_CMD_COUNT
};

#define SIM_REQ_HOPS 8              /* AT hops a request may cross */

struct sim_hop {
    sim_comp *comp;
    uint16_t port, idx;
};

typedef struct sim_req {
    uint64_t addr;
    uint64_t pc;                    /* of the instruction that caused it, or 0 */
    uint64_t id;                    /* unique within the run, set by sim_req_alloc */
    sim_tick issue;                 /* when the initiator created it */
    uint32_t size;                  /* bytes */
    uint8_t  cmd;                   /* enum sim_cmd */
    uint8_t  state;                 /* coherence state granted with the response */
    uint16_t core;                  /* initiating core */
    uint16_t in_idx;                /* connection index on the receiving port (set by kernel) */
    uint16_t flags;                 /* model-defined */
    void    *ctx;                   /* the initiator's own cookie */
    uint8_t  depth;                 /* hops pushed on route */
    struct sim_hop route[SIM_REQ_HOPS]; /* AT response path, kept by the kernel */
    struct sim_req *next;           /* free to use by the current holder (queues) */
} sim_req;

/* Requests come from the simulator's pool: no malloc per request. The new
 * request is zeroed but for id and issue (now). */
sim_req *sim_req_alloc(sim_comp *c);
void sim_req_free(sim_comp *c, sim_req *r);

/* Loosely-timed: a blocking access through port (connection idx) that
 * returns its latency in ticks. The target's access_lt runs now. */
sim_tick sim_send_lt(sim_comp *c, int port, sim_req *r);
sim_tick sim_send_lt_to(sim_comp *c, int port, int idx, sim_req *r);

/* Approximately-timed: offer r to the target. true: accepted, a response
 * comes later through the type's resp_at. false: refused (busy); the type's
 * retry slot is called when the target calls sim_retry, then send again. */
bool sim_send_at(sim_comp *c, int port, sim_req *r);
bool sim_send_at_to(sim_comp *c, int port, int idx, sim_req *r);

/* Target side: send the response to r back to whoever sent it, `delay`
 * ticks from now. */
void sim_respond(sim_comp *c, sim_req *r, sim_tick delay);

/* Target side: port can accept again; initiators it refused are called back
 * (retry slot) in connection order, at the current tick. */
void sim_retry(sim_comp *c, int port);

/* Connections on a port (0 when unconnected). */
int sim_port_count(const sim_comp *c, int port);

/* The instance at the far end of connection idx of port, and in *peer_port
 * (may be NULL) the port it is connected by there; NULL when there is no
 * such connection. With sim_comp_param, for checks across connected
 * instances from the start slot. */
const sim_comp *sim_port_peer(const sim_comp *c, int port, int idx, int *peer_port);

/* Fill err for a wrong number of connections on `port`, pointing at
 * connection idx (the one too many, or the first without its partner) in
 * the config's connections: (file:line:col), as the kernel's own connection
 * errors do. Returns SIM_ECONFIG. */
int sim_port_error(sim_error *err, const sim_comp *c, int port, int idx, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* What an initiator sends on a port, for sim_port_check. */
#define SIM_SENDS_LT 0x1            /* sim_send_lt: the target needs access_lt */
#define SIM_SENDS_AT 0x2            /* sim_send_at: the target needs send_at */

/* Check, from the start slot, that every target connected to `port` takes
 * what this initiator will send (`sends`: SIM_SENDS_LT, SIM_SENDS_AT or
 * both), for initiators whose parameters choose the timing style. Returns
 * 0, or SIM_ECONFIG pointing at the first connection whose target does not
 * (else the run would stop at the first request). */
int sim_port_check(const sim_comp *c, int port, int sends, sim_error *err);

/* ------------------------------------------------------- instruction records */

enum sim_op_class {
    SIM_OP_NOP, SIM_OP_INT, SIM_OP_MUL, SIM_OP_DIV,
    SIM_OP_FADD, SIM_OP_FMUL, SIM_OP_FDIV, SIM_OP_FMA, SIM_OP_FCVT, SIM_OP_FMISC,
    SIM_OP_LOAD, SIM_OP_STORE, SIM_OP_AMO, SIM_OP_BRANCH, SIM_OP_JUMP,
    SIM_OP_CSR, SIM_OP_FENCE, SIM_OP_SYSTEM, SIM_OP_COUNT
};
#define SIM_OP_NAMES "nop|int|mul|div|fadd|fmul|fdiv|fma|fcvt|fmisc|load|store|amo|" \
                     "branch|jump|csr|fence|system"

enum sim_branch_kind {
    SIM_BR_NONE,                    /* not a control transfer */
    SIM_BR_COND,                    /* conditional, direct */
    SIM_BR_JUMP,                    /* unconditional, direct */
    SIM_BR_INDIRECT,                /* unconditional, indirect */
    SIM_BR_CALL,                    /* direct call (link register written) */
    SIM_BR_CALL_INDIRECT,
    SIM_BR_RETURN,
    SIM_BR_COUNT
};

#define SIM_REG_NONE 0xff           /* register ids: 0-31 int, 32-63 fp, 64+ other */

#define SIM_INST_TRAP   0x1         /* raised an exception or interrupt */
#define SIM_INST_SERIAL 0x2         /* serialising (CSR, fence.i, mret, ecall) */
#define SIM_INST_MORE   0x4         /* more records of the same instruction follow (a
                                       trace instruction cracked into several); only
                                       the last record counts as an instruction */
#define SIM_INST_DRAIN  0x8         /* fetch nothing after this record until it has
                                       committed: the next records depend on when they
                                       are asked for (an instruction that reads the
                                       clock follows; riscv marks a leading op of it) */

typedef struct sim_inst {
    uint64_t pc;
    uint64_t target;                /* next pc when a control transfer is taken */
    uint64_t mem_addr;              /* effective address, when mem_size > 0 */
    uint32_t raw;                   /* instruction word (0 for traces) */
    uint8_t  size;                  /* bytes: 2 or 4 (traces: as recorded) */
    uint8_t  op;                    /* enum sim_op_class */
    uint8_t  branch;                /* enum sim_branch_kind */
    uint8_t  taken;
    uint8_t  mem_size;              /* bytes accessed, 0 when none */
    uint8_t  flags;                 /* SIM_INST_* */
    uint8_t  src[3];                /* SIM_REG_NONE when unused */
    uint8_t  dst[2];
} sim_inst;

/* Pull up to n records from the source connected to port (an SIM_INSTS port).
 * Returns the count; 0 when the source has ended; SIM_INSTS_WAIT when it has
 * nothing now but has not ended (a hart whose thread waits): the source calls
 * sim_insts_ready once it has, which wakes the consumer (a clocked consumer
 * may sleep meanwhile). */
int sim_insts_fetch(sim_comp *c, int port, sim_inst *out, int n);
#define SIM_INSTS_WAIT (-1)
/* A source that answered SIM_INSTS_WAIT on connection idx of its port has
 * records again: wake the consumer there at its next edge. A consumer that
 * is itself a source without a clock (a pass-through such as a trace
 * writer) passes the call on to its own consumers. */
void sim_insts_ready(sim_comp *src, int port, int idx);

/* --------------------------------------------------------- time and events */

typedef void (*sim_event_fn)(void *self, void *arg);

/* An event lives in the component that schedules it (no allocation). */
typedef struct sim_event {
    sim_tick when;
    uint64_t seq;                   /* priority and insertion order, for ties (kernel's) */
    int32_t  prio;                  /* lower runs first at the same tick */
    uint32_t slot;                  /* where the kernel queued it; 0 when not scheduled */
    sim_event_fn fn;
    void *self, *arg;
} sim_event;

#define SIM_PRIO_RESP    -10        /* response deliveries */
#define SIM_PRIO_DEFAULT 0
#define SIM_PRIO_TICK    50         /* clocked components tick after events of their edge */
#define SIM_PRIO_STATS   100        /* periodic dumps and callbacks see a settled state */

void sim_event_init(sim_event *e, sim_event_fn fn, void *self, void *arg);
/* Schedule at absolute tick `when` (>= now); an armed event is moved. */
void sim_schedule(sim_comp *c, sim_event *e, sim_tick when, int prio);
void sim_deschedule(sim_comp *c, sim_event *e);
static inline bool sim_event_armed(const sim_event *e) { return e->slot != 0; }
/* A one-shot event from the simulator's pool: fn(self, arg) at `when`. */
void sim_call_at(sim_comp *c, sim_tick when, int prio, sim_event_fn fn, void *arg);

sim_tick sim_time(const sim_comp *c);               /* now, ps */
sim_tick sim_period(const sim_comp *c);             /* of c's clock, ps */
sim_tick sim_cycles(const sim_comp *c, uint64_t n); /* n of c's cycles, in ps */
uint64_t sim_cycle(const sim_comp *c);              /* c's clock cycle at now */

/* Clocked components (the type has a tick slot) are ticked once per cycle of
 * their clock while awake; tick returns 0 to sleep. A sleeping component
 * costs nothing until sim_wake (next edge) or sim_wake_at (edge at/after). */
void sim_wake(sim_comp *c);
void sim_wake_at(sim_comp *c, sim_tick when);
void sim_sleep(sim_comp *c);

/* ------------------------------------------------------ workloads and run */

/* n instructions committed (counts toward SIM_UNTIL_INSTS and sim.insts). */
void sim_retire(sim_comp *c, uint64_t n);
/* Instructions the run may still commit before its limit (UINT64_MAX: none). */
uint64_t sim_insts_left(const sim_comp *c);
/* One instruction committed, unless the run is stopping at its instruction
 * limit (sim_stopping and no instruction left): then false, and nothing is
 * counted. sim_retire(c, 1) with the check before it, in one call. */
bool sim_retire1(sim_comp *c);
/* This component runs a workload (a program, a trace, a traffic pattern):
 * a run `until exit` ends when every such component has called sim_exit.
 * A successful load slot implies it. */
void sim_workload_start(sim_comp *c);
/* This workload component has ended with `status`; the run ends when every
 * component that loaded a workload has. */
void sim_exit(sim_comp *c, int status);
/* Stop the run with an error (SIM_EGUEST, SIM_EWORKLOAD, ...) and a reason. */
void sim_fail(sim_comp *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* True once sim_stop, sim_fail or the end of every workload asked the run
 * to stop; long-running callbacks return early when it is. */
bool sim_stopping(const sim_comp *c);

/* ------------------------------------------------------------ helpers */

const char *sim_comp_name(const sim_comp *c);
sim_t *sim_comp_sim(const sim_comp *c);
void *sim_comp_self(const sim_comp *c);
const sim_type *sim_comp_type(const sim_comp *c);
/* An instance's parameter by name as its type's descriptor filled it (the
 * field: uint32_t for UINT, uint64_t for SIZE, bool for BOOL, ...), with
 * the descriptor in *p (may be NULL); NULL when its type has none so named.
 * Parameter names are a type's interface: a check across instances goes by
 * them, not by another type's structs. */
const void *sim_comp_param(const sim_comp *c, const char *name, const sim_param **p);
sim_comp *sim_find_comp(sim_t *s, const char *name);

/* Deterministic random numbers for this instance: seeded from the run's seed
 * and the instance name, so adding an instance does not change the others. */
uint64_t sim_rand(sim_comp *c);
double sim_rand_unit(sim_comp *c);  /* [0, 1) */

void sim_log(const sim_comp *c, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Where an output file named path is written: *out gets path, or the file
 * a symbolic link there names (the link stays). Returns 0 for a regular
 * file or none yet (write a temporary beside out, then rename it over
 * out), 1 when out is something else - a FIFO, a device such as /dev/null
 * - which must be written in place, never replaced; -1 (errno set) when out
 * does not fit in n bytes. */
int sim_output_target(const char *path, char *out, size_t n);

/* Zeroed allocation; on failure sets err (SIM_ENOMEM) and returns NULL. */
void *sim_zalloc(sim_error *err, size_t n);

/* Fill err for a bad value of this instance's parameter, pointing at it in
 * the config (file:line:col) and naming it `instance.param`. When it does
 * not point at a --set override but the instance has some, they are named
 * after the message, " (after --set mem.tRP=17)": a check across parameters
 * may fail by a value other than the one it names. */
void sim_param_error(sim_error *err, const sim_comp *c, const char *param,
                     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Fill err with code, message and no position. Returns code. */
int sim_error_set(sim_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline bool sim_is_pow2(uint64_t x) { return x && !(x & (x - 1)); }
static inline unsigned sim_log2(uint64_t x) { return x ? 63u - (unsigned)__builtin_clzll(x) : 0; }

/* ------------------------------------------------------------ descriptor */

struct sim_type {
    const char *name;               /* type name in YAML `type:` */
    const char *doc;
    const sim_param *params;
    int n_params;
    const sim_stat *stats;
    int n_stats;
    const sim_energy_event *energy;
    int n_energy;
    const sim_port *ports;
    int n_ports;
    size_t cfg_size;                /* the struct the params fill */

    /* Build the instance from its parsed cfg (owned by the kernel, valid
     * until fini). Return the instance or NULL with err set. */
    void *(*init)(sim_comp *comp, const void *cfg, sim_error *err);
    /* After every instance is built and connected, before time 0. */
    int (*start)(void *self, sim_error *err);
    void (*fini)(void *self);

    int (*tick)(void *self);        /* one cycle; return 0 to sleep */

    /* Transactions (port is this type's port index). */
    sim_tick (*access_lt)(void *self, int port, sim_req *req);
    bool (*send_at)(void *self, int port, sim_req *req);   /* target: accept? */
    void (*resp_at)(void *self, int port, sim_req *req);   /* initiator: response */
    void (*retry)(void *self, int port, int idx);          /* initiator: send again */

    /* Instruction source: fill up to n records for the consumer on port. */
    int (*insts)(void *self, int port, sim_inst *out, int n);

    /* Workload: the component that runs a program or a trace. */
    int (*load)(void *self, const char *path, int argc, const char *const *argv,
                sim_error *err);

    /* Default energies from technology: event_j[i] for energy[i], *leak_w.
     * Values the config gives explicitly replace these afterwards. */
    void (*energy_model)(void *self, const sim_tech *tech, double *event_j, double *leak_w);

    /* Called after the kernel zeroed the instance's stats (warm-up end). */
    void (*reset)(void *self);

    /* Bring counters the model keeps lazily (time spent in a state, counted
     * when the state changes) up to now. The kernel calls it before stats or
     * energy are read, formatted, written or reset. NULL: nothing to do. */
    void (*sync)(void *self);

    /* Instruction source: run the next n instructions now without records
     * (their architectural effects happen, their timing is not modelled),
     * after the records already handed out; sampled runs skip between
     * samples this way. Returns how many ran (fewer when the workload ended
     * on the way). NULL: the type cannot skip. */
    uint64_t (*skip)(void *self, uint64_t n);

    /* Instruction source feeding several consumers through one SIM_MULTI
     * port (a multi-hart model, one core per hart): as insts, with the index
     * of the consumer's connection on that port (connection order in the
     * config). Called instead of insts when set. */
    int (*insts_idx)(void *self, int port, int idx, sim_inst *out, int n);

    /* Timing model: consume the next n instructions of its source now in
     * warm mode (caches and predictors updated through loosely-timed
     * accesses, no pipeline, no simulated time); sampled runs warm this way
     * between samples. Returns how many (fewer when the source ended). */
    uint64_t (*warm)(void *self, uint64_t n);
};

/* Register a type with this simulator before it is elaborated (embedding
 * programs; plugins from their archsim_plugin_init). The descriptor must
 * outlive the simulator. */
int sim_register_type(sim_t *s, const sim_type *t, sim_error *err);

/* The types this simulator knows (built-in, plugin, registered), in
 * registration order; lookup by name (NULL when unknown). */
int sim_type_count(const sim_t *s);
const sim_type *sim_type_at(const sim_t *s, int i);
const sim_type *sim_type_find(const sim_t *s, const char *name);

/* What a plugin shared object exports: called once per simulator that names
 * it under `plugins:`; it registers its types. */
typedef int (*sim_plugin_init_fn)(sim_t *s, sim_error *err);
#define SIM_PLUGIN_INIT "archsim_plugin_init"

#ifdef __cplusplus
}
#endif

#include <archsim/sim_tech.h>   /* energy models for energy_model slots */
#endif
