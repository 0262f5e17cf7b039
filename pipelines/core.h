/* pipelines/core.h - what the in-order and out-of-order cores share: the
 * common parameters, the front end (instruction records from the source,
 * fetch lines from the I-cache, branch prediction), memory requests through
 * the L1 ports in either timing style, functional-unit pools, the CPI stack
 * and its accounting, and the stat and energy rows both cores publish.
 *
 * A core is a workload of its own: it calls sim_workload_start when it
 * starts and sim_exit once its instruction source has no more records and
 * every instruction it took has committed. The source (the RISC-V model)
 * may end its program, and call sim_exit, while the last instructions are
 * still in the pipeline; the run then goes on until the core has drained,
 * so every core commits exactly the instructions its source produced.
 * sim_insts_fetch returning 0 is taken to mean the source has ended.
 *
 * Ports (same indices in both types): `insts` (records in), `icache` and
 * `dcache` (requests out, each optional: an unconnected port is an ideal
 * memory answering in one cycle). */
#ifndef PIPELINES_CORE_H
#define PIPELINES_CORE_H

#include <stdbool.h>
#include <stdint.h>
#include <archsim/sim_type.h>
#include "pipelines/bpred.h"
#include "pipelines/pipeview.h"

#define NEVER UINT64_MAX

enum { CORE_INSTS, CORE_ICACHE, CORE_DCACHE };     /* port indices of both types */

/* ------------------------------------------------------ functional units */

enum fu_class { FU_INT, FU_MUL, FU_DIV, FU_FADD, FU_FMUL, FU_FDIV, FU_FMA, FU_LOAD, FU_STORE,
                FU_NCLASS };
enum fu_pool { POOL_ALU, POOL_MULDIV, POOL_FPU, POOL_FDIV, POOL_LOAD, POOL_STORE, POOL_N };
#define FU_POOL_LABELS "alu|muldiv|fpu|fdiv|load|store"
#define FU_MAX_UNITS 16

extern const uint8_t core_fu_of_op[SIM_OP_COUNT];    /* enum sim_op_class -> fu_class */
extern const uint8_t core_pool_of_fu[FU_NCLASS];

struct fu_cfg {
    uint32_t lat[FU_NCLASS];        /* cycles to the result (load/store: to the access) */
    uint32_t interval[FU_NCLASS];   /* cycles before the unit takes another op */
    uint32_t units[POOL_N];
};

struct fu {
    uint64_t busy[POOL_N][FU_MAX_UNITS];    /* cycle each unit is free again */
};

/* ------------------------------------------------------------ CPI stack */

/* What each commit slot (width of them per cycle) was spent on. */
enum cpi_reason {
    CPI_BASE, CPI_ICACHE, CPI_DL1, CPI_DL2, CPI_DL3, CPI_DMEM, CPI_BRANCH, CPI_DEP, CPI_FU,
    CPI_ROB, CPI_IQ, CPI_LQ, CPI_SQ, CPI_REGS, CPI_SERIAL, CPI_FRONTEND, CPI_BRFULL,
    CPI_INFLIGHT,                   /* set at sync: dc_pending, slots of loads still out */
    CPI_N,
    CPI_DCACHE = CPI_N              /* waiting on a load; the level is known when it returns */
};
#define CPI_LABELS "base|icache|dcache_l1|dcache_l2|dcache_l3|dcache_mem|branch|dependence|" \
                   "fu|rob_full|iq_full|lq_full|sq_full|regs_full|serialize|frontend|" \
                   "branches_full|dcache_in_flight"

/* ----------------------------------------------------------- parameters */

struct core_cfg {
    uint32_t core_id;
    uint64_t addr_base;
    uint32_t width;                 /* fetch (in-order: every stage) width */
    uint64_t line;                  /* fetch block = I-cache line */
    bool fetch_ahead;
    bool wrong_path_fetch;          /* fetch lines down the predicted path (see core.c) */
    uint32_t wrong_path_lines;      /* lines per misprediction at most */
    int mem_mode;                   /* MEM_AT or MEM_LT */
    sim_list dcache_levels;
    const char *pipeview, *pipeview_window;
    struct bp_cfg bp;
    struct fu_cfg fu;
};
enum { MEM_AT, MEM_LT };

#define FU_PARAM_(T, m, cls, name, ldef, idef, what) \
    SIM_PARAM_UINT(name "_latency", T, m.lat[cls], ldef, 1, 1000, \
                   "cycles from issue to the result: " what), \
    SIM_PARAM_UINT(name "_interval", T, m.interval[cls], idef, 1, 1000, \
                   "issue interval of the unit (1: pipelined): " what)

/* Functional-unit rows (pool sizes are the type's own defaults). The
 * in-order core leaves out the load/store rows: its EX stage is the
 * address generation and MEM the access. */
#define FU_PARAMS_ARITH(T, m) \
    FU_PARAM_(T, m, FU_INT, "int", 1, 1, "integer, branch, jump and system ops"), \
    FU_PARAM_(T, m, FU_MUL, "mul", 3, 1, "integer multiplies"), \
    FU_PARAM_(T, m, FU_DIV, "div", 20, 20, "integer divides"), \
    FU_PARAM_(T, m, FU_FADD, "fadd", 4, 1, "FP adds, converts and moves"), \
    FU_PARAM_(T, m, FU_FMUL, "fmul", 4, 1, "FP multiplies"), \
    FU_PARAM_(T, m, FU_FDIV, "fdiv", 12, 12, "FP divides and square roots"), \
    FU_PARAM_(T, m, FU_FMA, "fma", 5, 1, "fused multiply-adds")
#define FU_PARAMS_MEM(T, m) \
    FU_PARAM_(T, m, FU_LOAD, "load", 1, 1, "loads (address generation before the " \
              "D-cache, which adds its own latency)"), \
    FU_PARAM_(T, m, FU_STORE, "store", 1, 1, "stores (address generation)")
#define FU_PARAMS_UNITS(T, m, alus, muldivs, fpus, fdivs, lports, sports) \
    SIM_PARAM_UINT("alus", T, m.units[POOL_ALU], alus, 1, FU_MAX_UNITS, \
                   "integer ALUs (integer ops, branches, jumps, CSR and system ops)"), \
    SIM_PARAM_UINT("muldivs", T, m.units[POOL_MULDIV], muldivs, 1, FU_MAX_UNITS, \
                   "integer multiply/divide units"), \
    SIM_PARAM_UINT("fpus", T, m.units[POOL_FPU], fpus, 1, FU_MAX_UNITS, \
                   "FP add/multiply/FMA/convert units"), \
    SIM_PARAM_UINT("fdivs", T, m.units[POOL_FDIV], fdivs, 1, FU_MAX_UNITS, \
                   "FP divide/square-root units"), \
    SIM_PARAM_UINT("load_ports", T, m.units[POOL_LOAD], lports, 1, FU_MAX_UNITS, \
                   "loads started per cycle"), \
    SIM_PARAM_UINT("store_ports", T, m.units[POOL_STORE], sports, 1, FU_MAX_UNITS, \
                   "stores started per cycle")

/* Rows every core has; T's struct core_cfg is member m. */
#define CORE_PARAMS(T, m, width_def, width_doc, ahead_def, bp_def) \
    SIM_PARAM_UINT("core_id", T, m.core_id, 0, 0, 65535, \
                   "core number carried by the memory requests"), \
    SIM_PARAM_UINT("addr_base", T, m.addr_base, 0, 0, 1.8e19, \
                   "added to every address sent to the caches: gives the programs of a " \
                   "multi-programmed system address spaces of their own"), \
    SIM_PARAM_UINT("width", T, m.width, width_def, 1, 16, width_doc), \
    SIM_PARAM_SIZE_R("line", T, m.line, "64B", 4, 4096, \
                     "fetch block: the I-cache line size (a power of two); the front end " \
                     "holds 4 lines in line buffers, so a loop over at most 4 lines reads " \
                     "the I-cache once per line, not per iteration"), \
    { "fetch_ahead", SIM_P_BOOL, SIM_FIELD_(T, m.fetch_ahead), ahead_def, SIM_UNBOUNDED_, \
      NULL, NULL, "request the next sequential line when fetch enters a line" }, \
    SIM_PARAM_BOOL("wrong_path_fetch", T, m.wrong_path_fetch, false, \
                   "while fetch waits for a mispredicted branch to resolve, request I-cache " \
                   "lines along the predicted (wrong) path: its target, then the lines " \
                   "after it, one per cycle (they pollute and prefetch the caches; no " \
                   "wrong-path instruction is executed)"), \
    SIM_PARAM_UINT("wrong_path_lines", T, m.wrong_path_lines, 16, 1, 4096, \
                   "wrong_path_fetch: lines fetched down the wrong path per misprediction " \
                   "at most"), \
    SIM_PARAM_ENUM("mem_mode", T, m.mem_mode, "at", "at|lt", \
                   "L1 requests approximately-timed (queues, retries) or loosely-timed " \
                   "(blocking call, latency known at once)"), \
    SIM_PARAM_LIST("dcache_levels", T, m.dcache_levels, "[4, 16, 48]", \
                   "CPI stack: the largest load latency, in cycles, counted as an L1, " \
                   "L2 and L3 hit; slower loads count as memory"), \
    SIM_PARAM_STRING("pipeview", T, m.pipeview, "", \
                     "write a Kanata pipeline trace (Konata viewer) to this file"), \
    SIM_PARAM_STRING("pipeview_window", T, m.pipeview_window, "0:10000", \
                     "START:END instruction numbers traced (START: to the end, :END from the " \
                     "first; quoted in YAML when it ends in ':', \"100:\")"), \
    BPRED_PARAMS(T, m.bp, bp_def)

/* --------------------------------------------------------- the front end */

#define FE_LINES 4                  /* line buffers */

struct fe_line {
    uint64_t addr;                  /* line number (pc >> line_shift); NEVER: none yet */
    sim_tick ready;                 /* data there from then on; NEVER: in flight */
    uint32_t refs;                  /* fetched instructions still waiting on it */
    uint32_t gen;                   /* matches responses to requests */
    uint32_t stamp;
    bool valid;
};

struct fe {
    sim_inst *buf;                  /* ring of records from the source (and replays) */
    uint32_t mask, head, n;
    bool src_end;                   /* the source had ended at the last look */
    bool src_wait;                  /* the source had nothing for now at the last look
                                       (SIM_INSTS_WAIT: its hart waits) */
    struct fe_line lb[FE_LINES];
    uint32_t line_shift, stamp;
    int cur;                        /* line buffer of the last fetch */
    uint64_t cur_line;              /* its line while valid, else NEVER */
    uint64_t resume;                /* fetch blocked before this cycle; NEVER: until told */
    uint8_t why;                    /* CPI reason while blocked */
    /* wrong-path fetch (wrong_path_fetch; see core.c) */
    bool wp_path;                   /* fetch waits on a mispredicted branch: on its wrong
                                       path (fe_block, the redirect, ends it) */
    uint32_t wp_left;               /* lines still to fetch along it */
    uint32_t wp_epoch;              /* wrong paths so far: tells late responses */
    uint64_t wp_pc;                 /* start of the last mispredicted branch's wrong path */
    uint64_t wp_line;               /* next wrong-path line */
    uint64_t wp_cycle;              /* cycle of the last wrong-path line (or the branch) */
    uint64_t *wp_recent;            /* recent wrong-path lines, direct-mapped (WP_RECENT);
                                       NULL when wrong_path_fetch is off */
};

/* ------------------------------------------------------------ the core */

struct core_stats {
    uint64_t committed, cycles, idle_cycles;
    uint64_t cpi[CPI_N];            /* commit slots */
    uint64_t ops[SIM_OP_COUNT];     /* committed, by operation class */
    uint64_t loads, stores, load_latency_sum;
    uint64_t ifetch_lines, fetch_stalls_icache;
    uint64_t wp_lines, wp_lb_hits, wp_late, wp_used;    /* wrong-path fetch */
    uint64_t fu_busy[POOL_N];       /* unit-cycles */
    uint64_t serializing;
};

struct core_energy {
    uint64_t fetch, decode, clock;
    uint64_t int_rf_read, int_rf_write, fp_rf_read, fp_rf_write;
    uint64_t op[SIM_OP_COUNT];      /* ops executed, by operation class */
};

#define CORE_OCC 8                  /* occupancy distributions sampled per cycle */

struct core_occ {
    sim_dist *d;
    uint32_t v;                     /* current occupancy, set by the type */
    uint32_t max;                   /* values above count as max */
    uint64_t *hist;                 /* cycles at each value; folded into d at sync */
    bool lazy;                      /* kept by core_occ_set: hist lags behind */
    uint64_t since;                 /* lazy: first cycle at v not yet in hist */
};

struct core {
    const struct core_cfg *cfg;
    sim_comp *comp;
    sim_tick period;
    bool ic_on, dc_on;              /* ports connected */
    bool wp_on;                     /* wrong_path_fetch, with an I-cache to fetch from */
    bool blocked[3];                /* port refused a request: wait for retry */
    uint32_t outstanding;           /* AT requests in flight */
    uint32_t ic_out;                /* of which I-cache line fetches */
    struct fe fe;
    struct bpred bp;
    struct fu fu;
    struct pipeview pv;
    uint64_t seq;                   /* program-order number of the next new record */
    uint64_t now;                   /* cycle of the current tick */
    bool ticked;                    /* now is valid: the next awake tick is now + 1 */
    bool wake_slow;                 /* !ticked || sleeping: core_wake_slow's work to do */
    sim_tick tnow;                  /* its time: now * period (not next to now, whose
                                       update the compiler would pair with its own) */
    uint64_t acct;                  /* first cycle not yet accounted, while asleep or not
                                       yet ticked (awake, it is now + 1: core_acct) */
    uint64_t acct_folded;           /* core_acct when cycles and clock were last brought up
                                       to it (each accounted cycle is one of both) */
    uint8_t sleep_why;              /* CPI reason of the cycles slept through */
    uint32_t sleep_slots;           /* slots per slept cycle charged to it */
    bool sleeping, done, started;
    sim_tick wake_min;              /* earliest known time something changes */
    sim_tick dlev[3];               /* dcache_levels in ps */
    uint64_t dc_pending;            /* slots waiting for a load's level */
    uint32_t dpend;                 /* loads in flight whose latency is not known yet */
    uint8_t last_dwhy;              /* reason of the last load that returned */
    struct core_stats st;
    struct core_energy ev;
    double st_width, st_width_cfg;  /* constant stats, restored after a reset */
    uint64_t st_units[POOL_N];
    struct core_occ occ[CORE_OCC];
    int n_occ;
    bool idle;                      /* asleep because the source waits (core_idle) */
    uint64_t gated, gated_folded;   /* cycles slept idle: clock-gated; folded at sync */
    uint64_t wd_committed, wd_seq;  /* watchdog: committed, the furthest seq, and the */
    uint64_t wd_cycle;              /* cycle, when it last saw progress (watch) */
};

/* A core that commits nothing for this many cycles while its source has
 * records (22 ms at 3 GHz: no instruction waits that long on any memory
 * archsim models) is stuck - a model bug, or records it cannot run - and
 * stops the run with a reason instead of spinning forever. */
#define CORE_WATCHDOG (1ull << 26)

/* Set up the shared part from cfg (bpred, pipeview, levels, front-end
 * ring of fe_cap records at least). The ring holds fe_cap + 2 chunks at
 * least and is refilled only when empty, past its newest record, so a
 * record taken (fe_skip, fe_pop) stays where it is until fe_cap more have
 * been taken: a type may keep pointers to the records it took until then
 * (unless it also calls fe_unget, which writes in front of them). Returns 0
 * or an error code with err filled, naming the parameter. */
int core_init(struct core *c, sim_comp *comp, const struct core_cfg *cfg, uint32_t fe_cap,
              const char *const *stage_names, int n_stages, sim_error *err);
void core_fini(struct core *c);
/* At start: ports, workload registration. */
void core_start(struct core *c);

/* ---- front end */

/* The next record to fetch this cycle and the line buffer holding it, or
 * NULL with *why set (fetch blocked, source empty, no line buffer, I-cache
 * refused). Starts I-cache requests as needed. The usual case - fetch not
 * blocked, a record at hand, in the line of the last fetch - is inline;
 * fe_peek_slow does the rest. */
const sim_inst *fe_peek_slow(struct core *c, int *lb, uint8_t *why);
/* fe_peek's usual case alone: the record, in line buffer fe.cur, or NULL
 * when fe_peek_slow is to be asked. Looks at no line buffer. */
static inline const sim_inst *fe_peek_fast(struct core *c)
{
    struct fe *f = &c->fe;

    if (f->n && c->now >= f->resume) {
        const sim_inst *in = &f->buf[f->head];

        if (in->pc >> f->line_shift == f->cur_line)
            return in;
    }
    return NULL;
}
static inline const sim_inst *fe_peek(struct core *c, int *lbp, uint8_t *why)
{
    const sim_inst *in = fe_peek_fast(c);

    if (in) {
        *lbp = c->fe.cur;
        return in;
    }
    return fe_peek_slow(c, lbp, why);
}
/* Take the record fe_peek returned without counting it or referencing its
 * line, for a core that references the line once per fetch group and
 * counts fetches itself. */
static inline void fe_skip(struct core *c)
{
    struct fe *f = &c->fe;

    f->head = (f->head + 1) & f->mask;
    f->n--;
}
/* Take the record fe_peek returned; it holds a reference on its line. */
static inline void fe_pop(struct core *c, int lb)
{
    struct fe *f = &c->fe;

    f->lb[lb].refs++;
    f->head = (f->head + 1) & f->mask;
    f->n--;
    c->ev.fetch++;
}

static inline void fe_release(struct core *c, int lb)
{
    if (lb >= 0 && c->fe.lb[lb].refs)
        c->fe.lb[lb].refs--;
}
/* When the line is there (NEVER: still in flight). */
static inline sim_tick fe_ready(const struct core *c, int lb)
{
    return c->fe.lb[lb].ready;
}
/* Put records back in front of the source's, oldest first (replay). */
void fe_unget(struct core *c, const sim_inst *in);
/* Block fetch until cycle `until` (NEVER: until fe_unblock) for reason why. */
static inline void fe_block(struct core *c, uint64_t until, uint8_t why)
{
    c->fe.resume = until;
    c->fe.why = why;
    c->fe.wp_path = false;          /* a redirect ends any wrong path */
}
/* bp_predict for the record in, the cores' one way to predict. With
 * wrong_path_fetch, a misprediction also notes where its wrong path starts
 * (the target the BTB or RAS gave, or the fall-through), for fe_wrong_path. */
int core_predict_wp(struct core *c, const sim_inst *in);
static inline int core_predict(struct core *c, const sim_inst *in)
{
    if (c->wp_on)
        return core_predict_wp(c, in);
    return bp_predict(&c->bp, in);
}
void fe_wp_start(struct core *c);
/* Fetch was just blocked (fe_block(c, NEVER, CPI_BRANCH)) on the branch
 * core_predict found mispredicted: with wrong_path_fetch, fetch lines down
 * its predicted path from the next cycle until the redirect (the next
 * fe_block). */
static inline void fe_wrong_path(struct core *c)
{
    if (c->wp_on)
        fe_wp_start(c);
}
/* An I-cache response. */
void fe_resp(struct core *c, sim_req *r);

/* ---- memory */

/* Send cmd on port. Returns 1 when accepted and complete at *done (LT, or
 * an unconnected port), 0 when accepted and the response comes to resp_at
 * with req->ctx = cookie, -1 when refused (retry later). Inline: a call
 * costs about as much as the work, once per memory access. */
static inline int core_send(struct core *c, int port, int cmd, uint64_t addr, uint32_t size,
                            uint64_t pc, uint64_t cookie, sim_tick *done)
{
    bool on = port == CORE_ICACHE ? c->ic_on : c->dc_on;
    sim_req *r;

    if (!on) {
        *done = sim_time(c->comp) + c->period;
        return 1;
    }
    if (c->blocked[port])
        return -1;
    r = sim_req_alloc(c->comp);
    if (!r)
        return -1;                  /* the kernel has failed the run */
    r->addr = addr + c->cfg->addr_base;
    r->size = size;
    r->cmd = (uint8_t)cmd;
    r->pc = pc;
    r->core = (uint16_t)c->cfg->core_id;
    r->ctx = (void *)(uintptr_t)cookie;
    if (c->cfg->mem_mode == MEM_LT) {
        sim_tick lat = sim_send_lt(c->comp, port, r);

        sim_req_free(c->comp, r);
        *done = sim_time(c->comp) + lat;
        return 1;
    }
    if (!sim_send_at(c->comp, port, r)) {
        sim_req_free(c->comp, r);
        c->blocked[port] = true;
        return -1;
    }
    c->outstanding++;
    if (port == CORE_ICACHE)
        c->ic_out++;
    return 0;
}

/* Retry slot of both types: the port takes requests again. */
void core_retry(struct core *c, int port);

/* ---- functional units */

static inline void core_wake_hint(struct core *c, sim_tick t);

/* Claim a unit of class cls at cycle now, uncounted; false (and a wake
 * hint) when all are busy. O(units): a handful. */
static inline bool fu_claim(struct core *c, int cls, uint64_t now)
{
    int pool = core_pool_of_fu[cls];
    uint32_t n = c->cfg->fu.units[pool], ii = c->cfg->fu.interval[cls];
    uint64_t *busy = c->fu.busy[pool], soonest = NEVER;

    for (uint32_t u = 0; u < n; u++) {
        if (busy[u] <= now) {
            busy[u] = now + ii;
            return true;
        }
        if (busy[u] < soonest)
            soonest = busy[u];
    }
    core_wake_hint(c, soonest * c->period);
    return false;
}
/* fu_claim, counting the unit's busy cycles and the energy event of the
 * op (its operation class). */
static inline bool fu_take(struct core *c, int cls, int op, uint64_t now)
{
    int pool = core_pool_of_fu[cls];

    if (!fu_claim(c, cls, now))
        return false;
    c->st.fu_busy[pool] += c->cfg->fu.interval[cls];
    c->ev.op[op]++;
    return true;
}

/* ---- accounting */

/* Slots charged to CPI_DCACHE wait in dc_pending while a load is in
 * flight (dpend > 0) and go to the level of the next load that returns;
 * with none in flight they go to the last returned load's reason (a bubble
 * made while it was in flight, reaching commit after it returned). Read
 * before then (a limit, a series row), they are cpi_stack.dcache_in_flight,
 * so that the stack always adds up to cycles x width. */
static inline void core_charge(struct core *c, int why, uint64_t slots)
{
    if (why != CPI_DCACHE)
        c->st.cpi[why] += slots;
    else if (c->dpend)
        c->dc_pending += slots;
    else
        c->st.cpi[c->last_dwhy] += slots;
}
/* The CPI reason of waiting `lat` ps for a load's data. */
static inline uint8_t core_dcache_level(const struct core *c, sim_tick lat)
{
    return lat <= c->dlev[0] ? CPI_DL1 : lat <= c->dlev[1] ? CPI_DL2
         : lat <= c->dlev[2] ? CPI_DL3 : CPI_DMEM;
}
/* A load returned; waiting for it is charged to why (from now on, and
 * the slots pending meanwhile). */
static inline void core_dcache_verdict(struct core *c, uint8_t why)
{
    c->st.cpi[why] += c->dc_pending;
    c->dc_pending = 0;
    c->last_dwhy = why;
}
/* The cycle of now; charges slept cycles [acct, now) to the sleep reason. */
uint64_t core_wake_slow(struct core *c);
static inline uint64_t core_wake_cycle(struct core *c)
{
    if (c->wake_slow)
        return core_wake_slow(c);
    c->wake_min = NEVER;
    c->tnow += c->period;
    return ++c->now;                /* awake, the clock ticks every edge */
}
/* Go to sleep after this tick (its cycle accounted): charge later cycles
 * `slots` per cycle to why. Returns 0 (tick's return value) when sleeping
 * is safe, 1 to keep ticking (nothing would wake the core). */
int core_sleep(struct core *c, uint8_t why, uint32_t slots);
/* The source waits and nothing is in flight: sleep until it has records
 * again (sim_insts_ready wakes the core); the cycles slept are front-end
 * cycles, and idle ones: the clock is gated, as a core in wfi is, so they
 * cost no clock energy. Returns 0 (the tick's answer). */
int core_idle(struct core *c, uint32_t slots);
static inline void core_wake_hint(struct core *c, sim_tick t)
{
    if (t < c->wake_min)
        c->wake_min = t;
}
/* The first cycle not yet accounted. Awake, every tick accounts its own
 * cycle (the cycles and clock counters follow at sync, the occupancies are
 * sampled by the tick), so it is the next one: a tick has no accounting
 * to close. */
static inline uint64_t core_acct(const struct core *c)
{
    return c->ticked && !c->sleeping ? c->now + 1 : c->acct;
}

/* This cycle's sample of an occupancy (call once per tick); v is also what
 * the cycles slept through get. */
static inline void core_occ_sample(struct core_occ *o, uint32_t v)
{
    o->v = v;
    o->hist[v < o->max ? v : o->max]++;
}
/* Sample distribution d each cycle (core_occ_sample) with values 0..max. A
 * per-value histogram is bumped and folded into d when stats are read
 * (sync). NULL when out of memory. */
struct core_occ *core_occ_add(struct core *c, sim_dist *d, uint32_t max, sim_error *err);
/* The same for a value that changes less often than every cycle, kept by
 * core_occ_set instead of core_occ_sample: the cycles spent at a value are
 * added when it changes and at sync. Same figures, less work per cycle. */
struct core_occ *core_occ_add_lazy(struct core *c, sim_dist *d, uint32_t max,
                                   sim_error *err);
/* This cycle's value of a lazy occupancy (once per tick). */
static inline void core_occ_set(struct core *c, struct core_occ *o, uint32_t v)
{
    if (v != o->v) {
        /* the cycles before this one had the old value */
        o->hist[o->v < o->max ? o->v : o->max] += c->now - o->since;
        o->since = c->now;
        o->v = v;
    }
}
/* reset slot: the kernel zeroed the stats; zero what the core keeps aside. */
void core_reset(struct core *c);
/* sync slot: bring cycles up to now while asleep, and the counters of
 * what was accounted into the statistics. */
void core_sync(struct core *c);
/* The source has ended and everything committed: exit the workload. */
void core_finish(struct core *c);
/* Write the pipeline trace now (failing the run if it cannot). */
void core_pv_write(struct core *c);
/* Called after commits: the trace is written as soon as its window is done,
 * which frees its records. */
static inline void core_pv_check(struct core *c)
{
    if (c->pv.path && pv_complete(&c->pv, c->seq))
        core_pv_write(c);
}
/* Energy model slot shared by both types: arrays sized by the caller. */
struct core_arrays {
    uint32_t int_regs, fp_regs;     /* physical registers */
    uint32_t rports, wports;
};

/* ---- stat and energy rows */

#define CPI_FORMULA_(n, lab) \
    SIM_FORMULA("cpi_" n, "cpi_stack." lab " / width / committed", "cycles", \
                "CPI component: " lab)

#define CORE_STATS(T, m) \
    SIM_STAT_U("committed", T, m.st.committed, "insts", "instructions committed"), \
    SIM_STAT_U("cycles", T, m.st.cycles, "cycles", \
               "cycles from the first fetch to the last commit"), \
    SIM_STAT_U("idle_cycles", T, m.st.idle_cycles, "cycles", \
               "of them, asleep while the source had nothing (an idle hart): clock-gated, " \
               "no clock energy"), \
    SIM_FORMULA("ipc", "committed / cycles", NULL, "instructions per cycle"), \
    SIM_FORMULA("cpi", "cycles / committed", "cycles", "cycles per instruction"), \
    SIM_STAT_VALUE("width", T, m.st_width, NULL, "commit slots per cycle"), \
    SIM_STAT_VEC("cpi_stack", T, m.st.cpi, CPI_LABELS, \
                 "commit slots (width per cycle) used by commits (base) or lost, by cause"), \
    CPI_FORMULA_("base", "base"), CPI_FORMULA_("icache", "icache"), \
    CPI_FORMULA_("dcache_l1", "dcache_l1"), CPI_FORMULA_("dcache_l2", "dcache_l2"), \
    CPI_FORMULA_("dcache_l3", "dcache_l3"), CPI_FORMULA_("dcache_mem", "dcache_mem"), \
    CPI_FORMULA_("branch", "branch"), CPI_FORMULA_("dependence", "dependence"), \
    CPI_FORMULA_("fu", "fu"), CPI_FORMULA_("rob_full", "rob_full"), \
    CPI_FORMULA_("iq_full", "iq_full"), CPI_FORMULA_("lq_full", "lq_full"), \
    CPI_FORMULA_("sq_full", "sq_full"), CPI_FORMULA_("regs_full", "regs_full"), \
    CPI_FORMULA_("serialize", "serialize"), CPI_FORMULA_("frontend", "frontend"), \
    CPI_FORMULA_("branches_full", "branches_full"), \
    CPI_FORMULA_("dcache_in_flight", "dcache_in_flight"), \
    SIM_STAT_VEC("committed_ops", T, m.st.ops, SIM_OP_NAMES, \
                 "instructions committed by operation class (one cracked into several " \
                 "records by its last record's)"), \
    SIM_STAT("loads", T, m.st.loads, "loads (and AMOs) executed"), \
    SIM_STAT("stores", T, m.st.stores, "stores written to the D-cache"), \
    SIM_FORMULA("load_latency", "load_latency_total / loads", "ps", \
                "mean load latency from the D-cache request to the data"), \
    SIM_STAT_U("load_latency_total", T, m.st.load_latency_sum, "ps", \
               "sum of load latencies"), \
    SIM_STAT("ifetch_lines", T, m.st.ifetch_lines, "I-cache line requests"), \
    SIM_STAT("wrong_path_lines", T, m.st.wp_lines, \
             "wrong_path_fetch: I-cache line requests down the wrong path of a " \
             "mispredicted branch (not in ifetch_lines)"), \
    SIM_STAT("wrong_path_lb_hits", T, m.st.wp_lb_hits, \
             "wrong_path_fetch: wrong-path lines found in a line buffer (not requested)"), \
    SIM_STAT("wrong_path_late", T, m.st.wp_late, \
             "wrong_path_fetch: wrong-path responses that came after the redirect " \
             "(dropped, as all are: the line is in the I-cache by then)"), \
    SIM_STAT("wrong_path_used", T, m.st.wp_used, \
             "wrong_path_fetch: correct-path line requests for a line the wrong path " \
             "requested before (among the last 64 such lines, direct-mapped)"), \
    SIM_STAT("serializing", T, m.st.serializing, "serializing instructions committed"), \
    SIM_STAT_VEC("fu_busy", T, m.st.fu_busy, FU_POOL_LABELS, \
                 "unit-cycles each functional-unit pool was busy"), \
    SIM_FORMULA("fu_util_alu", "fu_busy.alu / (cycles * units.alu)", NULL, \
                "integer ALU utilisation"), \
    SIM_FORMULA("fu_util_muldiv", "fu_busy.muldiv / (cycles * units.muldiv)", NULL, \
                "multiply/divide utilisation"), \
    SIM_FORMULA("fu_util_fpu", "fu_busy.fpu / (cycles * units.fpu)", NULL, \
                "FP unit utilisation"), \
    SIM_FORMULA("fu_util_fdiv", "fu_busy.fdiv / (cycles * units.fdiv)", NULL, \
                "FP divider utilisation"), \
    SIM_FORMULA("fu_util_load", "fu_busy.load / (cycles * units.load)", NULL, \
                "load port utilisation"), \
    SIM_FORMULA("fu_util_store", "fu_busy.store / (cycles * units.store)", NULL, \
                "store port utilisation"), \
    SIM_STAT_VEC("units", T, m.st_units, FU_POOL_LABELS, "units in each pool"), \
    SIM_STAT_VEC("bp_branches", T, m.bp.st.branches, \
                 "none|cond|jump|indirect|call|call_indirect|return", \
                 "control transfers predicted, by kind"), \
    SIM_STAT_VEC("bp_mispredicts", T, m.bp.st.mispredicts, \
                 "none|cond|jump|indirect|call|call_indirect|return", \
                 "mispredicted (direction, indirect target or return address), by kind"), \
    SIM_STAT("bp_misfetches", T, m.bp.st.misfetches, \
             "taken direct branches missing in the BTB (redirected at decode)"), \
    SIM_STAT("btb_hits", T, m.bp.st.btb_hits, "BTB lookups that found the branch"), \
    SIM_STAT("btb_misses", T, m.bp.st.btb_misses, "BTB lookups that did not"), \
    SIM_FORMULA("bp_mpki", "bp_mispredicts.total * 1000 / committed", NULL, \
                "mispredictions per thousand instructions"), \
    SIM_FORMULA("bp_accuracy", "1 - bp_mispredicts.total / bp_branches.total", NULL, \
                "share of control transfers predicted correctly"), \
    SIM_FORMULA("bp_mpki_cond", "bp_mispredicts.cond * 1000 / committed", NULL, \
                "conditional-branch mispredictions per thousand instructions"), \
    SIM_FORMULA("bp_accuracy_cond", "1 - bp_mispredicts.cond / bp_branches.cond", NULL, \
                "conditional branches predicted correctly"), \
    SIM_FORMULA("bp_mpki_indirect", \
                "(bp_mispredicts.indirect + bp_mispredicts.call_indirect) * 1000 / committed", \
                NULL, "indirect jump and call mispredictions per thousand instructions"), \
    SIM_FORMULA("bp_accuracy_indirect", "1 - (bp_mispredicts.indirect + " \
                "bp_mispredicts.call_indirect) / (bp_branches.indirect + " \
                "bp_branches.call_indirect)", NULL, "indirect targets predicted correctly"), \
    SIM_FORMULA("bp_mpki_return", "bp_mispredicts.return * 1000 / committed", NULL, \
                "return mispredictions per thousand instructions"), \
    SIM_FORMULA("bp_accuracy_return", "1 - bp_mispredicts.return / bp_branches.return", \
                NULL, "returns predicted correctly by the RAS")

#define CORE_ENERGY(T, m) \
    SIM_ENERGY("fetch", T, m.ev.fetch, "one instruction fetched"), \
    SIM_ENERGY("decode", T, m.ev.decode, "one instruction decoded"), \
    SIM_ENERGY("clock", T, m.ev.clock, "one cycle of the core's clock tree"), \
    SIM_ENERGY("int_rf_read", T, m.ev.int_rf_read, "one integer register read"), \
    SIM_ENERGY("int_rf_write", T, m.ev.int_rf_write, "one integer register write"), \
    SIM_ENERGY("fp_rf_read", T, m.ev.fp_rf_read, "one FP register read"), \
    SIM_ENERGY("fp_rf_write", T, m.ev.fp_rf_write, "one FP register write"), \
    SIM_ENERGY("op_int", T, m.ev.op[SIM_OP_INT], "one integer ALU op executed"), \
    SIM_ENERGY("op_mul", T, m.ev.op[SIM_OP_MUL], "one integer multiply"), \
    SIM_ENERGY("op_div", T, m.ev.op[SIM_OP_DIV], "one integer divide or remainder"), \
    SIM_ENERGY("op_fadd", T, m.ev.op[SIM_OP_FADD], "one FP add or subtract"), \
    SIM_ENERGY("op_fmul", T, m.ev.op[SIM_OP_FMUL], "one FP multiply"), \
    SIM_ENERGY("op_fdiv", T, m.ev.op[SIM_OP_FDIV], "one FP divide or square root"), \
    SIM_ENERGY("op_fma", T, m.ev.op[SIM_OP_FMA], "one fused multiply-add"), \
    SIM_ENERGY("op_fcvt", T, m.ev.op[SIM_OP_FCVT], "one FP conversion"), \
    SIM_ENERGY("op_fmisc", T, m.ev.op[SIM_OP_FMISC], \
               "one FP sign injection, min/max, compare, classify or move"), \
    SIM_ENERGY("op_load", T, m.ev.op[SIM_OP_LOAD], "one load address generation"), \
    SIM_ENERGY("op_store", T, m.ev.op[SIM_OP_STORE], "one store address generation"), \
    SIM_ENERGY("op_amo", T, m.ev.op[SIM_OP_AMO], \
               "one atomic's address generation and ALU operation"), \
    SIM_ENERGY("op_branch", T, m.ev.op[SIM_OP_BRANCH], \
               "one conditional branch: compare and target add"), \
    SIM_ENERGY("op_jump", T, m.ev.op[SIM_OP_JUMP], "one jump or call: target add"), \
    SIM_ENERGY("op_csr", T, m.ev.op[SIM_OP_CSR], "one CSR read-modify-write"), \
    SIM_ENERGY("op_fence", T, m.ev.op[SIM_OP_FENCE], "one fence"), \
    SIM_ENERGY("op_system", T, m.ev.op[SIM_OP_SYSTEM], "one system op (ecall, ebreak, mret)"), \
    SIM_ENERGY("bp_read", T, m.bp.ev.dir_read, "one direction-predictor table read"), \
    SIM_ENERGY("bp_write", T, m.bp.ev.dir_write, "one direction-predictor table write"), \
    SIM_ENERGY("btb_read", T, m.bp.ev.btb_read, "one BTB lookup"), \
    SIM_ENERGY("btb_write", T, m.bp.ev.btb_write, "one BTB entry written"), \
    SIM_ENERGY("ras", T, m.bp.ev.ras, "one return-address stack push or pop")

/* Index of each CORE_ENERGY row, for the energy models. */
enum { CE_FETCH, CE_DECODE, CE_CLOCK, CE_INT_RF_READ, CE_INT_RF_WRITE, CE_FP_RF_READ,
       CE_FP_RF_WRITE, CE_OP, CE_BP_READ = CE_OP + SIM_OP_COUNT - 1, CE_BP_WRITE, CE_BTB_READ,
       CE_BTB_WRITE, CE_RAS, CE_N };
/* The row of operation class op (> SIM_OP_NOP: a nop executes nothing). */
#define CE_OF_OP(op) (CE_OP + (op) - 1)

/* Fill event_j[0..CE_N) and *leak_w for the shared rows from the
 * technology models (register files sized by a). */
void core_energy_model(const struct core *c, const sim_tech *tech, const struct core_arrays *a,
                       double *event_j, double *leak_w);

/* Energy of renaming one instruction (an out-of-order core's group check
 * and free list), from the technology. */
double core_rename_j(const struct core *c, const sim_tech *tech);

/* Energy of one access to a small array (entries x bits), for the caller's
 * own structures; adds its leakage to *leak_w. 0 when the model refuses. */
double core_array_j(const sim_tech *tech, uint32_t entries, uint32_t bits, uint32_t rports,
                    uint32_t wports, bool write, double *leak_w);

#endif
