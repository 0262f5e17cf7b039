/* pipelines/ooo.c - a cycle-accurate out-of-order core in the style of the
 * MIPS R10000 / Alpha 21264 (K. C. Yeager, IEEE Micro 1996; R. E. Kessler,
 * IEEE Micro 1999): fetch into a fetch queue, decode, rename and dispatch
 * into a reorder buffer, issue queues and load/store queues, issue of the
 * oldest ready instructions to functional-unit pools, writeback that wakes
 * the consumers, in-order commit; each stage with its own width.
 *
 * Timing of one instruction that never waits: fetched in cycle f, decoded
 * in f+1, renamed and dispatched in f+1+decode_latency, issued the cycle
 * after, result at issue + latency (a consumer issues in that cycle:
 * back-to-back wakeup), committed the cycle after its result. Loads spend
 * load_latency cycles on the address, then search the store queue (a fully
 * covering older store with a known address forwards its data after
 * stlf_latency cycles; a partial overlap waits until that store is written)
 * or access the D-cache. Stores are written to the D-cache after commit, in
 * order, store_ports per cycle; their queue entry is freed when the cache
 * accepts the write.
 *
 * Memory disambiguation: `conservative` issues a load only when every older
 * store has its address; `store_sets` (G. Z. Chrysos and J. S. Emer, ISCA
 * 1998) lets loads go ahead of older stores unless the store-set predictor
 * (SSIT indexed by pc, LFST of last fetched stores) ties them to one; a
 * store that finds a younger load already done at an overlapping address is
 * a memory-order violation: the load and everything after it are squashed
 * and fetched again after redirect_penalty cycles, and both join one store
 * set.
 *
 * Branch misprediction: the core is trace-driven, so no wrong-path
 * instruction enters it. A mispredicted branch stops fetch; when it
 * executes, fetch resumes redirect_penalty cycles later. Modelled thereby:
 * the refill of the front end and the time the branch waits for its
 * operands. With wrong_path_fetch (off by default) the front end meanwhile
 * requests I-cache lines down the predicted path, one per cycle in cycles
 * the fetch queue has room, until the branch executes (pipelines/core.c:
 * the I-cache and the levels below see the pollution and the prefetching).
 * Not modelled: wrong-path instructions occupying the fetch queue, ROB,
 * queues and units, wrong-path data accesses, wrong-path branches followed
 * or updating the predictor. A misfetch (BTB miss on a taken direct branch)
 * is redirected at decode, with no wrong-path fetch.
 *
 * Branches in flight (max_branches; 0: no limit): renaming a branch that
 * may have been mispredicted takes a checkpoint of the rename map (a branch
 * tag), held until the branch executes: MIPS R10000, 4 (its branch stack);
 * BOOM, max_br_count. Those are the conditional branches and the indirect
 * jumps, calls and returns, whose direction or target is a prediction;
 * direct jumps and calls go to a target known at decode (a BTB miss is
 * redirected there), cannot be mispredicted and take none. When the next
 * instruction to dispatch needs a checkpoint and all are taken,
 * dispatch stops, in order. A checkpoint is free in the cycle the branch's
 * result is there (issue + int_latency, the cycle its consumers may issue)
 * and dispatch, which comes after writeback in a cycle, takes it in that
 * same cycle. A squash gives back the checkpoints of the branches it
 * removes. Cycles dispatch waited for one count in
 * dispatch_stalls.branches_full, commit slots lost to it in the CPI
 * stack's branches_full. Without a limit nothing is counted.
 *
 * Serializing instructions (the SERIAL or TRAP flag, fences, AMOs) are
 * dispatched when the ROB and the store queue are empty, and nothing after
 * them is dispatched before they commit. After a record flagged TRAP or
 * DRAIN (its source's next records depend on when they are asked for, as a
 * clock read's do) fetch waits until it commits; a trap then pays the
 * redirect penalty, a drain does not.
 *
 * CPI stack at commit (top-down style): of commit_width slots per cycle,
 * those used are base; the unused ones go to the reason the ROB head has
 * not completed: a load waiting for memory (by the level its latency points
 * at), else a busy unit, else dependence (its operands or its own latency)
 * - but a one-cycle op or store that never waited is only passing through
 * and charges why it came late: the full structure that held its dispatch
 * (ROB, IQ, LQ, SQ, physical registers, branch checkpoints), else the
 * front end's reason, which the first record fetched after a gap carries.
 * A structure that fills behind a head still working is not the reason
 * (a bigger one would not commit sooner): a chain of dependent multiplies
 * charged 10.97 of 12 slots per multiply to a full IQ before, and the
 * same to the registers with a bigger IQ. An empty ROB charges the structure dispatch
 * waits for (committed stores hold the SQ until they are written), else
 * the front end: the I-cache line the oldest fetched record waits for in
 * decode, that record's reason, or, with none fetched, fetch's reason now.
 * A reason ends with its cause: the front end's is cleared when fetch
 * delivers again (a misprediction costs the redirect and the refill behind
 * it, then no more), a dispatch stall's when dispatch goes on (the record
 * it held keeps it).
 *
 * Cost (host work per simulated instruction, not timing): one ring of
 * slots holds the fetch queue and the ROB, so a record is written once at
 * fetch and dispatch renames it in place; what dispatch, issue and commit
 * need of a record (kind, unit, queue, registers taken and read) is worked
 * out once at fetch; the rename table points only at producers in flight
 * (a producer clears its mapping when it completes); each producer chains
 * its consumers, so a result wakes exactly them; select scans a bitmap of
 * ready entries from the ROB head and stops once it has seen them all;
 * completions wait in a wheel of per-cycle lists; a cycle in which nothing
 * changed puts the core to sleep until a response or a known time, and the
 * cycles slept are charged as that cycle was (core_sleep).
 *
 * Not modelled: register-file read ports and bypass networks, replay of
 * load consumers on cache misses (consumers wait for the data), TLBs,
 * cache bank conflicts beyond what the cache models, the time to take or
 * restore a checkpoint (both free), a separate limit for other speculation
 * (loads, stores: the LQ and SQ bound them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_tech.h>
#include "pipelines/core.h"
#include "pipelines/core_warm.h"

#define NREG     256
#define WHEEL    1024               /* completion wheel: cycles ahead at most */
#define MAXROB   1024
#define CK_LOAD  (2ull << 62)       /* load cookie: kind | tag << 12 | slot */
#define CK_STORE (3ull << 62)
#define CK_KIND  (3ull << 62)
#define REPLAY   0x80               /* private flag of a record fetched again */
#define NOLINK   (-1)

enum { S_FREE, S_WAIT, S_READY, S_EXEC, S_MEM, S_DONE };
enum { K_ALU, K_LOAD, K_STORE, K_AMO };
enum { W_COMPLETE, W_ACCESS, W_STORE, W_DATA };
enum { MD_CONSERVATIVE, MD_STORE_SETS };
enum { DS_ROB, DS_IQ, DS_LQ, DS_SQ, DS_REGS, DS_SERIAL, DS_BRANCHES, DS_N };
/* Branch kinds that take a checkpoint at rename, as a bit mask: conditional,
 * indirect, indirect call, return (enum sim_branch_kind). */
#define CKPT_KINDS (1u << SIM_BR_COND | 1u << SIM_BR_INDIRECT | 1u << SIM_BR_CALL_INDIRECT | \
                    1u << SIM_BR_RETURN)
#define CKPT(br)   (CKPT_KINDS >> (br) & 1u)
/* The CPI reason of a dispatch stall, by DS_*. */
static const uint8_t cpi_of_ds[DS_N] = {
    [DS_ROB] = CPI_ROB, [DS_IQ] = CPI_IQ, [DS_LQ] = CPI_LQ, [DS_SQ] = CPI_SQ,
    [DS_REGS] = CPI_REGS, [DS_SERIAL] = CPI_SERIAL, [DS_BRANCHES] = CPI_BRFULL,
};

struct ooo_cfg {
    struct core_cfg c;
    uint32_t decode_width, rename_width, issue_width, commit_width;
    uint32_t fetch_queue, decode_latency;
    uint32_t rob, iq, fp_iq, lq, sq;
    uint32_t int_regs, fp_regs;
    uint32_t redirect_penalty;
    int mem_dep;
    uint32_t ssit, lfst;
    uint64_t ssit_clear;
    uint32_t stlf_latency;
    uint32_t max_branches;
};

/* What dispatch, issue and commit need to know of a record, worked out
 * once when it is fetched. */
struct dec {                        /* 8 bytes: copied as one word */
    uint8_t kind, fu;
    uint8_t wact;                   /* what the wheel does once it has issued */
    bool fp_iq, serial;
    uint8_t srcs;                   /* bit k: src[k] is renamed (not x0, not none) */
    uint8_t dsts;                   /* destinations taking a physical register:
                                     * integer ones in bits 0-3, FP ones in 4-7 */
    uint8_t reads;                  /* register-file reads at issue, same packing */
};
#define NINT(x) ((x) & 15u)
#define NFP(x)  ((uint32_t)(x) >> 4)

/* One slot of the instruction window. Fetched records wait in it for
 * decode and dispatch (the fetch queue) and stay in it, in place, as ROB
 * entries once dispatched: dispatch copies nothing. */
struct ent {
    sim_inst in;
    uint64_t seq;
    uint64_t cyc;                   /* fetch cycle; once decoded, dispatch cycle */
    uint64_t tag;                   /* unique per dispatch: matches responses */
    uint64_t wcyc;                  /* wheel cycle; NEVER: not in the wheel */
    sim_tick sent;                  /* load: request time */
    uint32_t pv;
    int32_t cons;                   /* first consumer link (idx * 4 + slot) */
    int32_t next[4];                /* next link in the producer's chain, per slot */
    int32_t wnext;                  /* wheel chain */
    int32_t lsq;                    /* LQ or SQ index */
    struct dec d;
    int8_t lb;                      /* line buffer, held until decode */
    uint8_t bp;
    uint8_t fwhy;                   /* why it came late: the front end's reason (the
                                     * first record fetched after a gap carries it),
                                     * or the stall that held its dispatch */
    uint8_t state, npend, wact, why;
    bool waited;                    /* had operands or a store to wait for at dispatch */
};

struct lq_ent {
    int32_t rob;
    uint64_t seq, fwd_seq;          /* fwd_seq: store it forwarded from, 0: cache */
    uint32_t sq_tail;               /* SQ tail at dispatch: the older stores end there */
    bool accessed;
};

struct sq_ent {
    int32_t rob;
    uint64_t seq, addr, pc;
    uint32_t lq_tail;               /* LQ tail at dispatch: the younger loads start there */
    int32_t drain;                  /* loads waiting for this store's write */
    uint8_t size;
    bool known, committed;
};

struct ooo {
    struct ooo_cfg cfg;
    struct core c;
    /* the window, a ring of mask + 1 slots; monotonic counters: the ROB is
     * [rob_head, fq_head), the fetch queue [fq_head, fq_tail), of which
     * [fq_head, fq_dec) is decoded */
    struct ent *win;
    uint32_t mask;
    uint32_t rob_head, fq_head, fq_dec, fq_tail;
    uint8_t fe_why;                 /* why the front end delivers nothing; CPI_FRONTEND
                                     * again once it delivers */
    uint64_t *rdy;                  /* ready-to-issue bitmap over ROB slots */
    uint32_t rdy_words, n_rdy;      /* n_rdy: bits set (entries in S_READY) */
    uint32_t iq_n, fp_iq_n;
    uint32_t free_int, free_fp;
    int32_t rat[NREG];              /* slot of each register's producer while it is in
                                     * flight; -1: the value is in the register file */
    uint64_t serial_seq;            /* a serializing instruction in flight, 0: none */
    uint32_t br_n;                  /* checkpoints taken (counted only with a limit) */
    struct dec opdec[SIM_OP_COUNT]; /* what the operation class alone says */
    /* by register id: renamed (not x0, not none); register-file reads and
     * physical registers taken, packed as in struct dec */
    uint8_t renamed[NREG], reads[NREG], takes[NREG];
    uint64_t next_tag;
    /* memory */
    struct lq_ent *lq;
    struct sq_ent *sq;
    uint32_t lq_head, lq_tail, sq_head, sq_tail;    /* monotonic counters */
    uint32_t lq_mask, sq_mask;
    int32_t *memq;                  /* loads waiting to send (port refused) */
    uint32_t mq_head, mq_n;
    int32_t *ssit;
    struct { int32_t rob; uint64_t seq; } *lfst;
    uint64_t next_clear;
    /* completion wheel */
    int32_t wheel[WHEEL];
    uint32_t n_wheel;
    /* this cycle */
    uint8_t disp_why, prev_disp_why;    /* 0xff: dispatch not blocked by a structure */
    bool fu_blocked_head;
    uint8_t sleep_ds;
    struct core_occ *occ_rob, *occ_iq, *occ_lq, *occ_sq;
    struct {
        sim_dist rob, iq, lq, sq;
        uint64_t dispatch_stalls[DS_N];
        uint64_t violations, squashed, forwards, mem_waits, dispatched, issued;
        uint64_t partial_waits;
    } st;
    struct {
        uint64_t rename_read, rename_write, rob_write, rob_read, iq_write, iq_wakeup, iq_issue;
        uint64_t rename;
        uint64_t lq_write, lq_search, sq_write, sq_search, ssit_read;
    } ev;
};

static const char *const stage_names[] = { "F", "Dc", "Rn", "Is", "Wb", "Cm" };
enum { PV_F, PV_DC, PV_RN, PV_IS, PV_WB, PV_CM };

static const sim_param ooo_params[] = {
    CORE_PARAMS(struct ooo_cfg, c, 4, "instructions fetched per cycle", "true", "tage"),
    SIM_PARAM_UINT("decode_width", struct ooo_cfg, decode_width, 4, 1, 16,
                   "instructions decoded per cycle"),
    SIM_PARAM_UINT("rename_width", struct ooo_cfg, rename_width, 4, 1, 16,
                   "instructions renamed and dispatched per cycle"),
    SIM_PARAM_UINT("issue_width", struct ooo_cfg, issue_width, 6, 1, 32,
                   "instructions issued to the units per cycle"),
    SIM_PARAM_UINT("commit_width", struct ooo_cfg, commit_width, 4, 1, 16,
                   "instructions committed per cycle"),
    SIM_PARAM_UINT("fetch_queue", struct ooo_cfg, fetch_queue, 32, 1, 1024,
                   "fetched instructions waiting for decode"),
    SIM_PARAM_UINT("decode_latency", struct ooo_cfg, decode_latency, 1, 1, 32,
                   "cycles from decode to rename and dispatch"),
    SIM_PARAM_UINT("rob", struct ooo_cfg, rob, 192, 4, MAXROB, "reorder buffer entries"),
    SIM_PARAM_UINT("iq", struct ooo_cfg, iq, 64, 1, MAXROB,
                   "issue queue entries (integer, memory and branch ops; all ops when "
                   "fp_iq is 0)"),
    SIM_PARAM_UINT("fp_iq", struct ooo_cfg, fp_iq, 0, 0, MAXROB,
                   "FP issue queue entries (0: FP ops share the issue queue)"),
    SIM_PARAM_UINT("lq", struct ooo_cfg, lq, 64, 1, 512, "load queue entries"),
    SIM_PARAM_UINT("sq", struct ooo_cfg, sq, 48, 1, 512,
                   "store queue entries (held until the store is written)"),
    SIM_PARAM_UINT("int_regs", struct ooo_cfg, int_regs, 180, 33, 4096,
                   "integer physical registers (32 hold the architectural state)"),
    SIM_PARAM_UINT("fp_regs", struct ooo_cfg, fp_regs, 168, 33, 4096,
                   "FP physical registers (32 hold the architectural state)"),
    SIM_PARAM_UINT("redirect_penalty", struct ooo_cfg, redirect_penalty, 1, 0, 100,
                   "cycles from a misprediction's resolution to the first fetch of the "
                   "correct path"),
    SIM_PARAM_ENUM("mem_dep", struct ooo_cfg, mem_dep, "store_sets",
                   "conservative|store_sets",
                   "loads wait for every older store address, or only for the stores the "
                   "store-set predictor names"),
    SIM_PARAM_UINT("ssit", struct ooo_cfg, ssit, 1024, 16, 1 << 20,
                   "store-set id table entries (a power of two)"),
    SIM_PARAM_UINT("lfst", struct ooo_cfg, lfst, 128, 1, 1 << 16,
                   "last-fetched-store table entries (store sets)"),
    SIM_PARAM_UINT("ssit_clear", struct ooo_cfg, ssit_clear, 1000000, 0, 1e15,
                   "cycles between clearings of the store-set tables (0: never)"),
    SIM_PARAM_UINT("stlf_latency", struct ooo_cfg, stlf_latency, 1, 1, 100,
                   "cycles for a load to take its data from an older store"),
    SIM_PARAM_UINT("max_branches", struct ooo_cfg, max_branches, 0, 0, MAXROB,
                   "branch checkpoints: conditional branches and indirect jumps, calls and "
                   "returns dispatched and not yet executed, at most; one more stops "
                   "dispatch (0: no limit)"),
    FU_PARAMS_ARITH(struct ooo_cfg, c.fu),
    FU_PARAMS_MEM(struct ooo_cfg, c.fu),
    FU_PARAMS_UNITS(struct ooo_cfg, c.fu, 4, 1, 2, 1, 2, 1),
};

static const sim_stat ooo_stats[] = {
    CORE_STATS(struct ooo, c),
    SIM_STAT_DIST("rob_occupancy", struct ooo, st.rob, 0, 8, 64, "entries",
                  "ROB entries in use, sampled each cycle"),
    SIM_STAT_DIST("iq_occupancy", struct ooo, st.iq, 0, 4, 64, "entries",
                  "issue queue entries in use (all queues), sampled each cycle"),
    SIM_STAT_DIST("lq_occupancy", struct ooo, st.lq, 0, 4, 64, "entries",
                  "load queue entries in use, sampled each cycle"),
    SIM_STAT_DIST("sq_occupancy", struct ooo, st.sq, 0, 4, 64, "entries",
                  "store queue entries in use, sampled each cycle"),
    SIM_STAT_VEC("dispatch_stalls", struct ooo, st.dispatch_stalls,
                 "rob_full|iq_full|lq_full|sq_full|regs_full|serialize|branches_full",
                 "cycles dispatch was held by a full structure, serialization or a branch "
                 "finding no free checkpoint"),
    SIM_STAT("dispatched", struct ooo, st.dispatched, "instructions renamed and dispatched"),
    SIM_STAT("issued", struct ooo, st.issued, "instructions issued (replays included)"),
    SIM_STAT("mem_order_violations", struct ooo, st.violations,
             "loads squashed because an older store to their address came later"),
    SIM_STAT("squashed", struct ooo, st.squashed, "instructions squashed and fetched again"),
    SIM_STAT("stl_forwards", struct ooo, st.forwards, "loads given their data by a store"),
    SIM_STAT("mem_dep_waits", struct ooo, st.mem_waits,
             "loads held back by a predicted or unknown older store"),
    SIM_STAT("partial_forward_waits", struct ooo, st.partial_waits,
             "loads that waited for an overlapping store to be written"),
};

static const sim_energy_event ooo_energy[] = {
    CORE_ENERGY(struct ooo, c),
    SIM_ENERGY("rename_read", struct ooo, ev.rename_read, "one rename-table read"),
    SIM_ENERGY("rename_write", struct ooo, ev.rename_write, "one rename-table write"),
    SIM_ENERGY("rob_write", struct ooo, ev.rob_write, "one ROB entry written (dispatch)"),
    SIM_ENERGY("rob_read", struct ooo, ev.rob_read, "one ROB entry read (commit)"),
    SIM_ENERGY("iq_write", struct ooo, ev.iq_write, "one issue-queue entry written"),
    SIM_ENERGY("iq_wakeup", struct ooo, ev.iq_wakeup, "one tag broadcast to the issue queue"),
    SIM_ENERGY("iq_issue", struct ooo, ev.iq_issue, "one issue-queue entry read at issue"),
    SIM_ENERGY("lq_write", struct ooo, ev.lq_write, "one load-queue entry written"),
    SIM_ENERGY("lq_search", struct ooo, ev.lq_search, "one load-queue search (a store's)"),
    SIM_ENERGY("sq_write", struct ooo, ev.sq_write, "one store-queue entry written"),
    SIM_ENERGY("sq_search", struct ooo, ev.sq_search, "one store-queue search (a load's)"),
    SIM_ENERGY("ssit_read", struct ooo, ev.ssit_read, "one store-set table lookup"),
    SIM_ENERGY("rename", struct ooo, ev.rename,
               "one instruction renamed: checks against its group, free-list access"),
};

static const sim_port ooo_ports[] = {
    [CORE_INSTS] = { "insts", SIM_INITIATOR | SIM_INSTS, "instruction records in" },
    [CORE_ICACHE] = { "icache", SIM_INITIATOR | SIM_OPTIONAL,
                      "instruction fetches (unconnected: ideal, one cycle)" },
    [CORE_DCACHE] = { "dcache", SIM_INITIATOR | SIM_OPTIONAL,
                      "loads and stores (unconnected: ideal, one cycle)" },
};

static void ooo_fini(void *self);

static uint32_t pow2_at_least(uint32_t n)
{
    uint32_t p = 1;

    while (p < n)
        p *= 2;
    return p;
}

static bool real_reg(uint8_t r)
{
    return r != 0 && r != SIM_REG_NONE;
}

static int kind_of(const sim_inst *in)
{
    return in->op == SIM_OP_LOAD ? K_LOAD : in->op == SIM_OP_STORE ? K_STORE
         : in->op == SIM_OP_AMO ? K_AMO : K_ALU;
}

static bool fp_op(const sim_inst *in)
{
    int pool = core_pool_of_fu[core_fu_of_op[in->op < SIM_OP_COUNT ? in->op : SIM_OP_NOP]];

    return pool == POOL_FPU || pool == POOL_FDIV;
}

static bool is_serial(const sim_inst *in)
{
    return (in->flags & (SIM_INST_SERIAL | SIM_INST_TRAP)) || in->op == SIM_OP_FENCE ||
           in->op == SIM_OP_AMO;
}

/* What the wheel does when an issued op's latency is over, by kind. */
static const uint8_t wact_of_kind[] = {
    [K_ALU] = W_COMPLETE, [K_LOAD] = W_ACCESS, [K_STORE] = W_STORE, [K_AMO] = W_ACCESS,
};

static void *ooo_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct ooo_cfg *cfg = cfgp;
    struct ooo *o;
    uint32_t fqcap;

    if (!sim_is_pow2(cfg->ssit)) {
        sim_param_error(err, comp, "ssit", "must be a power of two, got %u", cfg->ssit);
        return NULL;
    }
    if (cfg->iq > cfg->rob) {
        sim_param_error(err, comp, "iq", "larger than the ROB (%u)", cfg->rob);
        return NULL;
    }
    o = sim_zalloc(err, sizeof(*o));
    if (!o)
        return NULL;
    o->cfg = *cfg;
    fqcap = pow2_at_least(cfg->fetch_queue + cfg->decode_width * cfg->decode_latency + 1);
    if (core_init(&o->c, comp, &o->cfg.c, cfg->rob + fqcap + 64, stage_names,
                  SIM_COUNT(stage_names), err)) {
        free(o);
        return NULL;
    }
    /* the ROB, the fetch queue and the decoded records waiting for dispatch
     * (at most fetch_queue + decode_width * decode_latency of them); the
     * parameters' bounds keep it within the 4096 slots a load cookie names */
    o->mask = pow2_at_least(cfg->rob + cfg->fetch_queue +
                            cfg->decode_width * cfg->decode_latency) - 1;
    o->win = calloc(o->mask + 1, sizeof(*o->win));
    o->rdy_words = (o->mask + 64) / 64;
    o->rdy = calloc(o->rdy_words, sizeof(*o->rdy));
    o->lq_mask = pow2_at_least(cfg->lq) - 1;
    o->sq_mask = pow2_at_least(cfg->sq) - 1;
    o->lq = calloc(o->lq_mask + 1, sizeof(*o->lq));
    o->sq = calloc(o->sq_mask + 1, sizeof(*o->sq));
    o->memq = calloc(cfg->lq, sizeof(*o->memq));
    o->ssit = calloc(cfg->ssit, sizeof(*o->ssit));
    o->lfst = calloc(cfg->lfst, sizeof(*o->lfst));
    if (!o->win || !o->rdy || !o->lq || !o->sq || !o->memq || !o->ssit || !o->lfst) {
        ooo_fini(o);
        sim_error_set(err, SIM_ENOMEM, "out of memory");
        return NULL;
    }
    for (uint32_t i = 0; i < cfg->ssit; i++)
        o->ssit[i] = -1;
    for (uint32_t i = 0; i < cfg->lfst; i++)
        o->lfst[i].rob = -1;
    for (int i = 0; i < NREG; i++) {
        o->rat[i] = -1;
        o->renamed[i] = real_reg((uint8_t)i);
        o->reads[i] = i < 32 ? 1 : i < 64 ? 16 : 0;     /* x0 is read too */
        o->takes[i] = o->renamed[i] ? o->reads[i] : 0;
    }
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        sim_inst in = { .op = (uint8_t)op };
        struct dec *d = &o->opdec[op];

        d->kind = (uint8_t)kind_of(&in);
        d->wact = wact_of_kind[d->kind];
        d->fu = core_fu_of_op[op];
        d->fp_iq = cfg->fp_iq && fp_op(&in);
        d->serial = is_serial(&in);
    }
    for (int i = 0; i < WHEEL; i++)
        o->wheel[i] = NOLINK;
    for (uint32_t i = 0; i <= o->mask; i++) {
        o->win[i].wcyc = NEVER;
        o->win[i].cons = NOLINK;
    }
    o->free_int = cfg->int_regs - 32;
    o->free_fp = cfg->fp_regs - 32;
    o->fe_why = CPI_FRONTEND;
    o->disp_why = o->prev_disp_why = 0xff;
    o->next_clear = cfg->ssit_clear;
    o->c.st_width = o->c.st_width_cfg = cfg->commit_width;
    if (!(o->occ_rob = core_occ_add(&o->c, &o->st.rob, cfg->rob, err)) ||
        !(o->occ_iq = core_occ_add(&o->c, &o->st.iq, cfg->iq + cfg->fp_iq, err)) ||
        !(o->occ_lq = core_occ_add(&o->c, &o->st.lq, cfg->lq, err)) ||
        !(o->occ_sq = core_occ_add(&o->c, &o->st.sq, cfg->sq, err))) {
        ooo_fini(o);
        return NULL;
    }
    return o;
}

static void ooo_fini(void *self)
{
    struct ooo *o = self;

    if (!o)
        return;
    core_fini(&o->c);
    free(o->win);
    free(o->rdy);
    free(o->lq);
    free(o->sq);
    free(o->memq);
    free(o->ssit);
    free(o->lfst);
    free(o);
}

static int ooo_start(void *self, sim_error *err)
{
    core_start(&((struct ooo *)self)->c);
    return 0;
}

static void ooo_reset(void *self)
{
    core_reset(&((struct ooo *)self)->c);
}

static void ooo_sync(void *self)
{
    struct ooo *o = self;

    if (o->c.sleeping && !o->c.done && o->sleep_ds < DS_N) {
        uint64_t cyc = sim_cycle(o->c.comp);

        if (cyc > o->c.acct)
            o->st.dispatch_stalls[o->sleep_ds] += cyc - o->c.acct;
    }
    core_sync(&o->c);
}

/* ------------------------------------------------------------- helpers */

static uint32_t min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

static uint32_t rob_count(const struct ooo *o)
{
    return o->fq_head - o->rob_head;
}

/* The ROB head's slot. */
static uint32_t rob_first(const struct ooo *o)
{
    return o->rob_head & o->mask;
}

static struct lq_ent *lq_at(struct ooo *o, uint32_t i)
{
    return &o->lq[i & o->lq_mask];
}

static struct sq_ent *sq_at(struct ooo *o, uint32_t i)
{
    return &o->sq[i & o->sq_mask];
}

static void set_ready(struct ooo *o, uint32_t i)
{
    o->win[i].state = S_READY;
    o->rdy[i >> 6] |= 1ull << (i & 63);
    o->n_rdy++;
}

/* Entry i (in state S_READY) leaves the ready set. */
static void clear_ready(struct ooo *o, uint32_t i)
{
    o->rdy[i >> 6] &= ~(1ull << (i & 63));
    o->n_rdy--;
}

static void link(struct ooo *o, int32_t prod, uint32_t cons, int slot)
{
    struct ent *c = &o->win[cons];

    c->next[slot] = o->win[prod].cons;
    o->win[prod].cons = (int32_t)(cons * 4 + (uint32_t)slot);
    c->npend++;
}

static void wheel_remove(struct ooo *o, uint32_t i);

/* Put entry i, not in the wheel, in the slot of cycle cyc. */
static void wheel_push(struct ooo *o, uint32_t i, uint64_t cyc, int act)
{
    struct ent *e = &o->win[i];
    uint32_t w = (uint32_t)(cyc % WHEEL);

    e->wcyc = cyc;
    e->wact = (uint8_t)act;
    e->wnext = o->wheel[w];
    o->wheel[w] = (int32_t)i;
    o->n_wheel++;
}

static void wheel_add(struct ooo *o, uint32_t i, uint64_t cyc, int act)
{
    struct ent *e = &o->win[i];
    uint32_t w = (uint32_t)(cyc % WHEEL);

    if (e->wcyc != NEVER)           /* never twice in the wheel */
        wheel_remove(o, i);
    e->wcyc = cyc;
    e->wact = (uint8_t)act;
    e->wnext = o->wheel[w];
    o->wheel[w] = (int32_t)i;
    o->n_wheel++;
}

static void wheel_remove(struct ooo *o, uint32_t i)
{
    struct ent *e = &o->win[i];
    int32_t *pp = &o->wheel[e->wcyc % WHEEL];

    while (*pp != NOLINK) {
        if (*pp == (int32_t)i) {
            *pp = e->wnext;
            o->n_wheel--;
            break;
        }
        pp = &o->win[*pp].wnext;
    }
    e->wcyc = NEVER;
}

static bool overlap(uint64_t a, unsigned as, uint64_t b, unsigned bs)
{
    return a < b + bs && b < a + as;
}

/* ---------------------------------------------------------- completion */

static void wake(struct ooo *o, uint32_t ci, int slot);

/* The result of entry i is there now: wake its consumers. */
static void complete(struct ooo *o, uint32_t i)
{
    struct ent *e = &o->win[i];
    struct core *c = &o->c;
    int32_t l = e->cons;

    e->state = S_DONE;
    e->cons = NOLINK;
    if (o->cfg.max_branches)        /* a branch resolves: its checkpoint is free */
        o->br_n -= CKPT(e->in.branch);
    for (int d = 0; d < 2; d++)     /* the value is in the register file now */
        if (o->rat[e->in.dst[d]] == (int32_t)i)
            o->rat[e->in.dst[d]] = -1;
    pv_stage(&c->pv, e->pv, PV_WB, c->now);
    while (l != NOLINK) {
        uint32_t ci = (uint32_t)l >> 2;
        int slot = l & 3;
        struct ent *ce = &o->win[ci];
        int32_t nx = ce->next[slot];

        o->ev.iq_wakeup++;
        /* a register operand: the consumer has not issued (wake() for
         * slot 3, a store its load waits for, handles the memory cases) */
        if (slot < 3 && ce->state == S_WAIT) {
            if (--ce->npend == 0)
                set_ready(o, ci);
        } else {
            wake(o, ci, slot);
        }
        l = nx;
    }
    if (e->bp == BP_MISPREDICT)
        fe_block(c, c->now + o->cfg.redirect_penalty, CPI_BRANCH);
}

static int32_t youngest_unknown_store(struct ooo *o, uint32_t sq_tail)
{
    for (uint32_t j = sq_tail; j != o->sq_head; j--) {
        struct sq_ent *s = sq_at(o, j - 1);

        if (!s->known && !s->committed)
            return (int32_t)(j - 1);
    }
    return -1;
}

static void wake(struct ooo *o, uint32_t ci, int slot)
{
    struct ent *e = &o->win[ci];

    if (slot == 3 && e->d.kind != K_STORE && o->cfg.mem_dep == MD_CONSERVATIVE &&
        e->state == S_WAIT) {
        int32_t j = youngest_unknown_store(o, lq_at(o, (uint32_t)e->lsq)->sq_tail);

        if (j >= 0) {               /* an older store still has no address */
            e->npend--;
            link(o, sq_at(o, (uint32_t)j)->rob, ci, 3);
            return;
        }
    }
    if (e->state == S_MEM) {        /* a load that waited for a store's write */
        wheel_add(o, ci, o->c.now + 1, W_ACCESS);
        e->state = S_EXEC;
        return;
    }
    if (--e->npend == 0 && e->state == S_WAIT)
        set_ready(o, ci);
}

/* ------------------------------------------------------------- memory */

static void load_stat(struct ooo *o, sim_tick lat)
{
    o->c.st.loads++;
    o->c.st.load_latency_sum += lat;
}

/* A load's data is known to come at `done` (loosely-timed, or ideal). */
static void far_data(void *self, void *arg);

static void data_at(struct ooo *o, uint32_t i, sim_tick done)
{
    struct ent *e = &o->win[i];
    struct core *c = &o->c;
    uint64_t cyc = (done + c->period - 1) / c->period;

    load_stat(o, done - e->sent);
    e->why = core_dcache_level(c, done - e->sent);
    if (cyc <= c->now)
        cyc = c->now + 1;
    if (cyc - c->now < WHEEL - 1) {
        wheel_add(o, i, cyc, W_DATA);
        return;
    }
    /* too far ahead for the wheel: an event brings it back */
    c->outstanding++;
    sim_call_at(c->comp, done, SIM_PRIO_RESP, far_data,
                (void *)(uintptr_t)((e->tag << 12) | i));
}

static void far_data(void *self, void *arg)
{
    struct ooo *o = self;
    struct core *c = &o->c;
    uint64_t k = (uint64_t)(uintptr_t)arg;
    uint32_t i = (uint32_t)(k & 0xfff);
    struct ent *e = &o->win[i];

    c->outstanding--;
    if (e->state == S_MEM && e->tag == k >> 12 && e->wcyc == NEVER) {
        uint64_t cyc = (sim_time(c->comp) + c->period - 1) / c->period;

        wheel_add(o, i, cyc > c->now || c->sleeping ? cyc : c->now + 1, W_DATA);
    }
    if (!c->done)
        sim_wake(c->comp);
}

static void send_load(struct ooo *o, uint32_t i);

/* After address generation: forward from an older store, wait for one, or
 * go to the D-cache. */
static void load_access(struct ooo *o, uint32_t i)
{
    struct ent *e = &o->win[i];
    struct lq_ent *l = lq_at(o, (uint32_t)e->lsq);
    struct core *c = &o->c;

    o->ev.sq_search++;
    for (uint32_t j = l->sq_tail; j != o->sq_head; j--) {
        struct sq_ent *s = sq_at(o, j - 1);

        if (!s->known || !overlap(s->addr, s->size, e->in.mem_addr, e->in.mem_size))
            continue;
        if (s->addr <= e->in.mem_addr &&
            s->addr + s->size >= e->in.mem_addr + e->in.mem_size && e->d.kind == K_LOAD) {
            l->accessed = true;
            l->fwd_seq = s->seq;
            o->st.forwards++;
            e->state = S_MEM;
            e->why = CPI_DEP;
            load_stat(o, o->cfg.stlf_latency * c->period);
            wheel_add(o, i, c->now + o->cfg.stlf_latency, W_DATA);
            return;
        }
        /* partial overlap (or an AMO): wait until the store is written */
        o->st.partial_waits++;
        e->state = S_MEM;
        e->why = CPI_DEP;
        e->next[3] = s->drain;
        s->drain = (int32_t)(i * 4 + 3);
        return;
    }
    l->accessed = true;
    l->fwd_seq = 0;
    send_load(o, i);
}

/* Send the load's request, or queue it while the port refuses. */
static bool try_send(struct ooo *o, uint32_t i)
{
    struct ent *e = &o->win[i];
    struct core *c = &o->c;
    sim_tick done;
    int rc = core_send(c, CORE_DCACHE, e->d.kind == K_AMO ? SIM_WRITE : SIM_READ,
                       e->in.mem_addr, e->in.mem_size ? e->in.mem_size : 8, e->in.pc,
                       CK_LOAD | (e->tag << 12) | i, &done);

    if (rc < 0)
        return false;
    e->sent = c->tnow;
    if (rc == 0)
        c->dpend++;                 /* the response brings the data */
    else
        data_at(o, i, done);
    return true;
}

static void send_load(struct ooo *o, uint32_t i)
{
    struct ent *e = &o->win[i];

    e->state = S_MEM;
    e->why = CPI_DCACHE;
    if (o->mq_n == 0 && try_send(o, i))
        return;
    o->memq[(o->mq_head + o->mq_n) % o->cfg.lq] = (int32_t)i;
    o->mq_n++;
}

static void retry_loads(struct ooo *o)
{
    while (o->mq_n && !o->c.blocked[CORE_DCACHE]) {
        if (!try_send(o, (uint32_t)o->memq[o->mq_head]))
            return;
        o->mq_head = (o->mq_head + 1) % o->cfg.lq;
        o->mq_n--;
    }
}

static void squash_from(struct ooo *o, uint32_t from);

/* A store's address is known: look for younger loads that went too early. */
static void store_resolve(struct ooo *o, uint32_t i)
{
    struct ent *e = &o->win[i];
    struct sq_ent *s = sq_at(o, (uint32_t)e->lsq);
    int32_t victim = -1;

    s->known = true;
    if (o->cfg.mem_dep == MD_STORE_SETS) {
        int32_t ss = o->ssit[(e->in.pc >> 1) & (o->cfg.ssit - 1)];

        if (ss >= 0 && o->lfst[ss].rob == (int32_t)i && o->lfst[ss].seq == e->seq)
            o->lfst[ss].rob = -1;
        o->ev.lq_search++;
        for (uint32_t j = s->lq_tail; j != o->lq_tail; j++) {
            struct lq_ent *l = lq_at(o, j);
            struct ent *le = &o->win[l->rob];

            if (l->accessed && l->fwd_seq < e->seq &&
                overlap(s->addr, s->size, le->in.mem_addr, le->in.mem_size)) {
                victim = l->rob;
                break;
            }
        }
    }
    complete(o, i);
    if (victim >= 0) {
        struct ent *le = &o->win[victim];
        int32_t *a = &o->ssit[(le->in.pc >> 1) & (o->cfg.ssit - 1)];
        int32_t *b = &o->ssit[(e->in.pc >> 1) & (o->cfg.ssit - 1)];

        if (*a < 0 && *b < 0)
            *a = *b = (int32_t)((e->in.pc >> 1) % o->cfg.lfst);
        else if (*a < 0)
            *a = *b;
        else if (*b < 0)
            *b = *a;
        else
            *a = *b = *a < *b ? *a : *b;
        o->st.violations++;
        squash_from(o, (uint32_t)victim);
    }
}

/* ---------------------------------------------------------------- squash */

/* Squash entry `from` and everything younger; put their records back in
 * front of the fetch stream (so they are fetched again, in order, with the
 * same sequence numbers) and repair the rename table and the chains. */
static void squash_from(struct ooo *o, uint32_t from)
{
    struct core *c = &o->c;
    uint64_t first = o->win[from].seq;
    uint32_t stop = o->rob_head + ((from - o->rob_head) & o->mask);  /* from's counter */

    /* the front-end queue is younger still: back first, youngest first */
    while (o->fq_tail != o->fq_head) {
        struct ent *f = &o->win[--o->fq_tail & o->mask];

        if ((int32_t)(o->fq_tail - o->fq_dec) >= 0)     /* not decoded: holds its line */
            fe_release(c, f->lb);
        pv_end(&c->pv, f->pv, c->now, true);
        f->in.flags |= REPLAY;
        fe_unget(c, &f->in);
    }
    o->fq_dec = o->fq_tail;
    while (o->fq_head != stop) {
        uint32_t i = --o->fq_head & o->mask;
        struct ent *e = &o->win[i];

        if (e->wcyc != NEVER)
            wheel_remove(o, i);
        if (e->state == S_WAIT || e->state == S_READY) {
            if (e->d.fp_iq)
                o->fp_iq_n--;
            else
                o->iq_n--;
        }
        if (e->state == S_READY)
            clear_ready(o, i);
        o->free_int += NINT(e->d.dsts);
        o->free_fp += NFP(e->d.dsts);
        if (o->cfg.max_branches && e->state != S_DONE)
            o->br_n -= CKPT(e->in.branch);
        if (e->d.kind == K_LOAD || e->d.kind == K_AMO)
            o->lq_tail--;
        else if (e->d.kind == K_STORE)
            o->sq_tail--;
        if (e->d.serial && o->serial_seq == e->seq)
            o->serial_seq = 0;
        pv_end(&c->pv, e->pv, c->now, true);
        e->in.flags |= REPLAY;
        fe_unget(c, &e->in);
        e->state = S_FREE;
        o->st.squashed++;
    }
    o->fq_dec = o->fq_tail = o->fq_head;
    /* loads waiting to send that were squashed */
    {
        uint32_t k = 0;

        for (uint32_t n = 0; n < o->mq_n; n++) {
            int32_t i = o->memq[(o->mq_head + n) % o->cfg.lq];

            if (o->win[i].state != S_FREE)
                o->memq[(o->mq_head + k++) % o->cfg.lq] = i;
        }
        o->mq_n = k;
    }
    c->seq = first;
    /* rename table and chains of the survivors */
    for (int r = 0; r < NREG; r++)
        o->rat[r] = -1;
    for (uint32_t k = o->rob_head; k != o->fq_head; k++) {
        uint32_t i = k & o->mask;
        struct ent *e = &o->win[i];
        int32_t *pp = &e->cons;

        for (int d = 0; d < 2; d++)
            if (real_reg(e->in.dst[d])) {
                o->rat[e->in.dst[d]] = e->state == S_DONE ? -1 : (int32_t)i;
            }
        while (*pp != NOLINK) {
            uint32_t ci = (uint32_t)*pp >> 2;

            if (o->win[ci].state == S_FREE || o->win[ci].seq >= first)
                *pp = o->win[ci].next[*pp & 3];
            else
                pp = &o->win[ci].next[*pp & 3];
        }
    }
    for (uint32_t j = o->sq_head; j != o->sq_tail; j++) {
        int32_t *pp = &sq_at(o, j)->drain;

        while (*pp != NOLINK) {
            uint32_t ci = (uint32_t)*pp >> 2;

            if (o->win[ci].state == S_FREE)
                *pp = o->win[ci].next[3];
            else
                pp = &o->win[ci].next[3];
        }
    }
    for (uint32_t k = 0; k < o->cfg.lfst; k++)
        if (o->lfst[k].rob >= 0 && o->lfst[k].seq >= first)
            o->lfst[k].rob = -1;
    fe_block(c, c->now + 1 + o->cfg.redirect_penalty, CPI_DEP);
    o->fe_why = CPI_DEP;
}

/* ------------------------------------------------------------- stages */

static void process_wheel(struct ooo *o)
{
    struct core *c = &o->c;
    uint32_t w = (uint32_t)(c->now % WHEEL);

    while (o->wheel[w] != NOLINK) {
        uint32_t i = (uint32_t)o->wheel[w];
        struct ent *e = &o->win[i];

        o->wheel[w] = e->wnext;
        o->n_wheel--;
        e->wcyc = NEVER;
        if (e->wact == W_COMPLETE || e->wact == W_DATA)
            complete(o, i);
        else if (e->wact == W_ACCESS)
            load_access(o, i);
        else
            store_resolve(o, i);
    }
}

/* Issue entry i (counted by the caller). */
static void issue_one(struct ooo *o, uint32_t i)
{
    struct ent *e = &o->win[i];
    struct core *c = &o->c;

    clear_ready(o, i);
    e->state = S_EXEC;
    if (e->d.fp_iq)
        o->fp_iq_n--;
    else
        o->iq_n--;
    c->ev.int_rf_read += NINT(e->d.reads);
    c->ev.fp_rf_read += NFP(e->d.reads);
    pv_stage(&c->pv, e->pv, PV_IS, c->now);
    wheel_push(o, i, c->now + o->cfg.c.fu.lat[e->d.fu], e->d.wact);
}

/* Oldest-first select over the ready bitmap, from the ROB head around:
 * the head's word from the head up, the words after it, wrapping, and the
 * head's word below the head last. Stops once every ready entry was seen. */
static int issue(struct ooo *o)
{
    struct core *c = &o->c;
    uint32_t head = rob_first(o), nw = o->rdy_words, w = head >> 6;
    uint32_t left = o->n_rdy;
    int n = 0;

    o->fu_blocked_head = false;
    for (uint32_t k = 0; k <= nw && left; k++, w = w + 1 == nw ? 0 : w + 1) {
        uint64_t bits = o->rdy[w];

        if (k == 0)
            bits &= ~0ull << (head & 63);
        else if (k == nw)
            bits &= (1ull << (head & 63)) - 1;
        for (; bits; bits &= bits - 1, left--) {
            uint32_t i = w * 64 + (uint32_t)__builtin_ctzll(bits);

            if (!fu_take(c, o->win[i].d.fu, o->win[i].in.op, c->now)) {
                if (i == head)
                    o->fu_blocked_head = true;
                continue;
            }
            issue_one(o, i);
            if (++n == (int)o->cfg.issue_width)
                goto out;
        }
    }
out:
    o->ev.iq_issue += (uint32_t)n;
    o->st.issued += (uint32_t)n;
    return n;
}

static void decode_rec(const struct ooo *o, const sim_inst *in, struct dec *d)
{
    const uint8_t *s = in->src, *t = in->dst;

    *d = o->opdec[in->op];           /* op < SIM_OP_COUNT: clamped at fetch */
    if (in->flags & (SIM_INST_SERIAL | SIM_INST_TRAP))
        d->serial = true;
    d->srcs = (uint8_t)(o->renamed[s[0]] | o->renamed[s[1]] << 1 | o->renamed[s[2]] << 2);
    d->reads = (uint8_t)(o->reads[s[0]] + o->reads[s[1]] + o->reads[s[2]]);
    d->dsts = (uint8_t)(o->takes[t[0]] + o->takes[t[1]]);
}

/* The first failure's reason, or 0xff when d may be dispatched now (but
 * for a branch checkpoint: take_checkpoint). */
static uint8_t can_dispatch(const struct ooo *o, const struct dec *d)
{
    if ((o->serial_seq | d->serial) &&
        (o->serial_seq || rob_count(o) || o->sq_tail != o->sq_head))
        return DS_SERIAL;
    if (rob_count(o) == o->cfg.rob)
        return DS_ROB;
    if (d->fp_iq ? o->fp_iq_n >= o->cfg.fp_iq : o->iq_n >= o->cfg.iq)
        return DS_IQ;
    if ((d->kind == K_LOAD || d->kind == K_AMO) && o->lq_tail - o->lq_head >= o->cfg.lq)
        return DS_LQ;
    if (d->kind == K_STORE && o->sq_tail - o->sq_head >= o->cfg.sq)
        return DS_SQ;
    if (NINT(d->dsts) > o->free_int || NFP(d->dsts) > o->free_fp)
        return DS_REGS;
    return 0xff;
}

/* With a limit on branches in flight: the checkpoint f needs, taken; 0xff,
 * or DS_BRANCHES when none is free. */
static uint8_t take_checkpoint(struct ooo *o, const struct ent *f)
{
    if (!CKPT(f->in.branch))
        return 0xff;
    if (o->br_n >= o->cfg.max_branches)
        return DS_BRANCHES;
    o->br_n++;
    return 0xff;
}

/* The fetch-queue head, in slot i, enters the ROB and an issue queue. */
static void dispatch_one(struct ooo *o, uint32_t i)
{
    struct core *c = &o->c;
    struct ent *e = &o->win[i];
    const sim_inst *in = &e->in;
    int kind = e->d.kind;

    e->tag = ++o->next_tag & ((1ull << 48) - 1);
    e->npend = 0;
    e->cons = NOLINK;
    e->wcyc = NEVER;
    e->why = CPI_DEP;
    e->state = S_WAIT;              /* next[] is written by link() before use */
    o->fq_head++;
    if (e->d.fp_iq)
        o->fp_iq_n++;
    else
        o->iq_n++;
    if (e->d.serial)
        o->serial_seq = e->seq;
    pv_stage(&c->pv, e->pv, PV_RN, c->now);
    /* rename */
    for (int k = 0; k < 3; k++) {
        int32_t p;

        if (!(e->d.srcs >> k & 1))
            continue;
        p = o->rat[in->src[k]];
        o->ev.rename_read++;
        if (p >= 0)
            link(o, p, i, k);
    }
    for (int d = 0; d < 2; d++) {
        uint8_t r = in->dst[d];

        if (!real_reg(r))
            continue;
        o->ev.rename_write++;
        o->rat[r] = (int32_t)i;
    }
    o->free_int -= NINT(e->d.dsts);
    o->free_fp -= NFP(e->d.dsts);
    /* memory queues and dependences */
    if (kind == K_LOAD || kind == K_AMO) {
        struct lq_ent *l = lq_at(o, o->lq_tail);

        e->lsq = (int32_t)o->lq_tail++;
        l->rob = (int32_t)i;
        l->seq = e->seq;
        l->sq_tail = o->sq_tail;
        l->accessed = false;
        l->fwd_seq = 0;
        o->ev.lq_write++;
        if (o->cfg.mem_dep == MD_CONSERVATIVE) {
            int32_t j = youngest_unknown_store(o, o->sq_tail);

            if (j >= 0) {
                link(o, sq_at(o, (uint32_t)j)->rob, i, 3);
                o->st.mem_waits++;
            }
        } else {
            int32_t ss = o->ssit[(in->pc >> 1) & (o->cfg.ssit - 1)];

            o->ev.ssit_read++;
            if (ss >= 0 && o->lfst[ss].rob >= 0) {
                struct ent *st = &o->win[o->lfst[ss].rob];

                if (st->seq == o->lfst[ss].seq && st->state != S_DONE && st->state != S_FREE) {
                    link(o, o->lfst[ss].rob, i, 3);
                    o->st.mem_waits++;
                }
            }
        }
    } else if (kind == K_STORE) {
        struct sq_ent *s = sq_at(o, o->sq_tail);

        e->lsq = (int32_t)o->sq_tail++;
        s->rob = (int32_t)i;
        s->seq = e->seq;
        s->addr = in->mem_addr;
        s->size = in->mem_size ? in->mem_size : 8;
        s->pc = in->pc;
        s->lq_tail = o->lq_tail;
        s->drain = NOLINK;
        s->known = false;
        s->committed = false;
        o->ev.sq_write++;
        if (o->cfg.mem_dep == MD_STORE_SETS) {
            int32_t ss = o->ssit[(in->pc >> 1) & (o->cfg.ssit - 1)];

            o->ev.ssit_read++;
            if (ss >= 0) {
                if (o->lfst[ss].rob >= 0) {
                    struct ent *st = &o->win[o->lfst[ss].rob];

                    if (st->seq == o->lfst[ss].seq && st->state != S_DONE &&
                        st->state != S_FREE)
                        link(o, o->lfst[ss].rob, i, 3);
                }
                o->lfst[ss].rob = (int32_t)i;
                o->lfst[ss].seq = e->seq;
            }
        }
    }
    e->waited = e->npend > 0;
    if (e->npend == 0)
        set_ready(o, i);
}

/* Dispatch stops at f, for w (DS_*): the stall, not the front end, makes f
 * late. Out of line: the loop around it stays as tight as without it. */
static __attribute__((noinline)) void hold(struct ooo *o, struct ent *f, uint8_t w)
{
    o->disp_why = w;
    o->st.dispatch_stalls[w]++;
    f->fwhy = cpi_of_ds[w];
}

static void dispatch(struct ooo *o)
{
    struct core *c = &o->c;
    uint32_t n = 0;

    o->disp_why = 0xff;
    while (n < o->cfg.rename_width && o->fq_head != o->fq_dec) {
        uint32_t i = o->fq_head & o->mask;
        struct ent *f = &o->win[i];
        uint8_t w;

        if (f->cyc > c->now) {
            core_wake_hint(c, f->cyc * c->period);
            break;
        }
        w = can_dispatch(o, &f->d);
        if (w == 0xff && o->cfg.max_branches)  /* no limit: nothing to count */
            w = take_checkpoint(o, f);
        if (w != 0xff) {
            hold(o, f, w);
            break;
        }
        dispatch_one(o, i);
        n++;
    }
    o->st.dispatched += n;
    o->ev.rob_write += n;
    o->ev.iq_write += n;
    o->ev.rename += n;
}

static void decode(struct ooo *o)
{
    struct core *c = &o->c;
    uint32_t cap = o->cfg.decode_width * o->cfg.decode_latency;
    uint32_t lim = o->cfg.decode_width;

    /* fetched records, and room among the decoded ones (dispatch does not
     * run again this cycle) */
    if (o->fq_dec - o->fq_head >= cap)
        return;
    lim = min_u32(lim, min_u32(o->fq_tail - o->fq_dec, cap - (o->fq_dec - o->fq_head)));
    for (uint32_t n = 0; n < lim; n++) {
        struct ent *f = &o->win[o->fq_dec & o->mask];
        sim_tick r;

        if (f->cyc >= c->now) {
            core_wake_hint(c, (f->cyc + 1) * c->period);
            break;
        }
        r = fe_ready(c, f->lb);
        if (r > c->tnow) {
            if (r != NEVER)
                core_wake_hint(c, r);
            o->fe_why = CPI_ICACHE;
            if (f->fwhy == CPI_FRONTEND)    /* nothing else made it late before */
                f->fwhy = CPI_ICACHE;
            break;
        }
        fe_release(c, f->lb);
        f->cyc = c->now + o->cfg.decode_latency;
        pv_stage(&c->pv, f->pv, PV_DC, c->now);
        c->ev.decode++;
        if (f->bp == BP_MISFETCH)
            fe_block(c, c->now + 1, CPI_BRANCH);
        o->fq_dec++;
    }
}

static void fetch(struct ooo *o)
{
    struct core *c = &o->c;
    int n = 0, first_lb = -1;
    uint8_t why = CPI_FRONTEND;

    while (n < (int)c->cfg->width && o->fq_tail - o->fq_dec < o->cfg.fetch_queue) {
        int lb, r = BP_OK;
        const sim_inst *in = fe_peek(c, &lb, &why);
        struct ent *f;

        if (!in) {
            o->fe_why = why;
            break;
        }
        if (n > 0 && lb != first_lb)
            break;                  /* one fetch line per cycle */
        fe_pop(c, lb);
        f = &o->win[o->fq_tail++ & o->mask];
        f->in = *in;
        if (f->in.op >= SIM_OP_COUNT)
            f->in.op = SIM_OP_NOP;  /* an unknown class: once here, not at every use */
        f->seq = c->seq++;
        f->cyc = c->now;
        f->lb = (int8_t)lb;
        if (in->branch != SIM_BR_NONE && !(in->flags & REPLAY))
            r = core_predict(c, in);
        f->in.flags &= (uint8_t)~REPLAY;
        decode_rec(o, &f->in, &f->d);
        f->bp = (uint8_t)r;
        f->fwhy = o->fe_why;
        if (first_lb < 0) {         /* fetch delivers again: what held it is over */
            first_lb = lb;
            o->fe_why = CPI_FRONTEND;
        }
        f->pv = pv_begin(&c->pv, f->seq, &f->in);
        pv_stage(&c->pv, f->pv, PV_F, c->now);
        n++;
        if (r != BP_OK) {
            fe_block(c, NEVER, CPI_BRANCH);
            if (r == BP_MISPREDICT)
                fe_wrong_path(c);
            o->fe_why = CPI_BRANCH;
            break;
        }
        if (in->flags & (SIM_INST_TRAP | SIM_INST_DRAIN)) {
            fe_block(c, NEVER, CPI_SERIAL);
            o->fe_why = CPI_SERIAL;
            break;
        }
        if (in->branch != SIM_BR_NONE && in->taken)
            break;
    }
}

static void drain_stores(struct ooo *o)
{
    struct core *c = &o->c;
    uint32_t n = 0;

    while (n < c->cfg->fu.units[POOL_STORE] && o->sq_head != o->sq_tail) {
        struct sq_ent *s = sq_at(o, o->sq_head);
        sim_tick done;
        int32_t l;
        int rc;

        if (!s->committed)
            break;
        rc = core_send(c, CORE_DCACHE, SIM_WRITE, s->addr, s->size, s->pc, CK_STORE, &done);
        if (rc < 0)
            break;
        c->st.stores++;
        o->sq_head++;
        n++;
        for (l = s->drain; l != NOLINK;) {
            uint32_t ci = (uint32_t)l >> 2;
            int32_t nx = o->win[ci].next[3];

            wake(o, ci, 3);
            l = nx;
        }
        s->drain = NOLINK;
    }
}

/* The reason the ROB head holds commit back; with the ROB empty, what keeps
 * the next instruction out of it: a structure dispatch waits for (committed
 * stores can fill the store queue, a serializing instruction waits for them
 * to drain), else the front end - the I-cache line the next record waits for
 * in decode, the reason it was late, or, with none fetched, fetch's reason
 * now (a branch only while its redirect is pending). */
static uint8_t head_why(struct ooo *o)
{
    const struct ent *e;

    if (rob_count(o) == 0) {
        if (o->prev_disp_why < DS_N)
            return cpi_of_ds[o->prev_disp_why];
        if (o->fq_head == o->fq_tail)
            return o->fe_why;
        e = &o->win[o->fq_head & o->mask];
        if (o->fq_dec == o->fq_head && fe_ready(&o->c, e->lb) > o->c.tnow)
            return CPI_ICACHE;
        return e->fwhy;
    }
    e = &o->win[rob_first(o)];
    if ((e->d.kind == K_LOAD || e->d.kind == K_AMO) && e->state == S_MEM)
        return e->why;
    if (e->state == S_READY && o->fu_blocked_head)
        return CPI_FU;
    /* a one-cycle op or store that never waited is only passing through:
     * it came late, for a dispatch stall's reason or the front end's */
    if (!e->waited && (e->d.kind == K_ALU || e->d.kind == K_STORE) &&
        o->cfg.c.fu.lat[e->d.fu] <= 1)
        return o->prev_disp_why < DS_N ? cpi_of_ds[o->prev_disp_why] : e->fwhy;
    return CPI_DEP;
}

static int commit(struct ooo *o)
{
    struct core *c = &o->c;
    uint64_t left;
    uint32_t n = 0, more = 0;

    /* the run's instruction limit is asked only when something can commit */
    left = rob_count(o) && o->win[rob_first(o)].state == S_DONE ? sim_insts_left(c->comp) : 0;
    if (left > o->cfg.commit_width)
        left = o->cfg.commit_width;
    if (left > rob_count(o))
        left = rob_count(o);
    for (uint32_t h = o->rob_head; n < left; h++, n++) {
        struct ent *e = &o->win[h & o->mask];

        if (e->state != S_DONE)
            break;
        o->free_int += NINT(e->d.dsts);
        o->free_fp += NFP(e->d.dsts);
        if (e->d.kind == K_LOAD || e->d.kind == K_AMO)
            o->lq_head++;
        else if (e->d.kind == K_STORE)
            sq_at(o, (uint32_t)e->lsq)->committed = true;
        if (e->d.serial && o->serial_seq == e->seq)
            o->serial_seq = 0;
        if (e->in.flags & SIM_INST_TRAP)
            fe_block(c, c->now + 1 + o->cfg.redirect_penalty, CPI_SERIAL);
        else if (e->in.flags & SIM_INST_DRAIN)     /* no redirect: the next pc follows */
            fe_block(c, c->now + 1, CPI_SERIAL);
        pv_stage(&c->pv, e->pv, PV_CM, c->now);
        /* commit bookkeeping: stats, register-file writes (known from decode),
         * pipeview */
        if (!(e->in.flags & SIM_INST_MORE))     /* an instruction by its last record */
            c->st.ops[e->in.op]++;
        c->st.serializing += (e->in.flags & SIM_INST_SERIAL) != 0;
        more += (e->in.flags & SIM_INST_MORE) != 0;     /* cracked: one instruction */
        c->ev.int_rf_write += NINT(e->d.dsts);
        c->ev.fp_rf_write += NFP(e->d.dsts);
        if (e->pv)
            pv_end(&c->pv, e->pv, c->now + 1, false);
        e->state = S_FREE;
    }
    c->st.committed += n - more;
    o->rob_head += n;
    o->ev.rob_read += n;
    if (n) {
        if (n > more)
            sim_retire(c->comp, n - more);
        core_pv_check(c);
    }
    core_charge(c, CPI_BASE, n);
    if (n < o->cfg.commit_width)
        core_charge(c, head_why(o), o->cfg.commit_width - n);
    return (int)n;
}

/* ---------------------------------------------------------------- tick */

static int ooo_tick(void *self)
{
    struct ooo *o = self;
    struct core *c = &o->c;
    uint64_t before;
    bool busy;
    int committed, issued;
    uint32_t fq_before, dec_before, head_before, sq_before;

    if (c->done)
        return 0;
    if (c->sleeping && o->sleep_ds < DS_N) {
        uint64_t cyc = sim_cycle(c->comp);

        if (cyc > c->acct)
            o->st.dispatch_stalls[o->sleep_ds] += cyc - c->acct;
    }
    core_wake_cycle(c);
    before = o->n_wheel;
    if (o->cfg.ssit_clear && c->now >= o->next_clear) {
        for (uint32_t i = 0; i < o->cfg.ssit; i++)
            o->ssit[i] = -1;
        o->next_clear = c->now + o->cfg.ssit_clear;
    }
    fq_before = o->fq_tail;
    dec_before = o->fq_dec;
    head_before = o->fq_head;
    sq_before = o->sq_head;

    committed = commit(o);
    process_wheel(o);
    retry_loads(o);
    drain_stores(o);
    issued = issue(o);
    dispatch(o);
    o->prev_disp_why = o->disp_why;
    decode(o);
    fetch(o);

    core_occ_sample(o->occ_rob, rob_count(o));
    core_occ_sample(o->occ_iq, o->iq_n + o->fp_iq_n);
    core_occ_sample(o->occ_lq, o->lq_tail - o->lq_head);
    core_occ_sample(o->occ_sq, o->sq_tail - o->sq_head);

    if (o->fq_tail == o->rob_head && o->sq_head == o->sq_tail && c->fe.n == 0 &&
        (c->fe.src_end || c->fe.src_wait) && c->outstanding == c->ic_out && o->n_wheel == 0) {
        if (c->fe.src_wait)
            return core_idle(c, o->cfg.commit_width);
        core_finish(c);
        return 0;
    }
    busy = committed || issued || before || o->n_wheel || o->fq_tail != fq_before ||
           o->fq_dec != dec_before || o->fq_head != head_before || o->sq_head != sq_before;
    if (busy)
        return 1;
    o->sleep_ds = o->disp_why < DS_N ? o->disp_why : 0xff;
    return core_sleep(c, head_why(o), o->cfg.commit_width);
}

/* ---------------------------------------------------------- responses */

static void ooo_resp_at(void *self, int port, sim_req *r)
{
    struct ooo *o = self;
    struct core *c = &o->c;
    uint64_t ck = (uint64_t)(uintptr_t)r->ctx;

    if (port == CORE_ICACHE) {
        fe_resp(c, r);
        return;
    }
    if ((ck & CK_KIND) == CK_LOAD) {
        uint32_t i = (uint32_t)(ck & 0xfff);
        uint64_t tag = (ck & ~CK_KIND) >> 12;
        struct ent *e = i <= o->mask ? &o->win[i] : NULL;

        c->dpend--;
        if (e && e->state == S_MEM && e->tag == tag && e->wcyc == NEVER) {
            sim_tick now = sim_time(c->comp);
            uint64_t cyc = (now + c->period - 1) / c->period;

            load_stat(o, now - e->sent);
            e->why = core_dcache_level(c, now - e->sent);
            if (i == rob_first(o))  /* its wait was charged: give the level */
                core_dcache_verdict(c, e->why);
            if (cyc <= c->now && !c->sleeping)
                cyc = c->now + 1;
            wheel_add(o, i, cyc, W_DATA);
        }
    }
    c->outstanding--;
    sim_req_free(c->comp, r);
    if (!c->done)
        sim_wake(c->comp);
}

static void ooo_retry(void *self, int port, int idx)
{
    core_retry(&((struct ooo *)self)->c, port);
}

static void ooo_energy_model(void *self, const sim_tech *tech, double *ej, double *leak)
{
    struct ooo *o = self;
    const struct ooo_cfg *k = &o->cfg;
    struct core_arrays a = { k->int_regs, k->fp_regs, 2 * k->issue_width, k->issue_width };
    uint32_t rw = k->rename_width;
    double l = 0;
    double *x = ej + CE_N;

    core_energy_model(&o->c, tech, &a, ej, leak);
    x[0] = core_array_j(tech, 64, 12, 2 * rw, rw, false, &l);         /* rename table */
    x[1] = core_array_j(tech, 64, 12, 2 * rw, rw, true, NULL);
    x[2] = core_array_j(tech, k->rob, 96, k->commit_width, rw, true, &l);
    x[3] = core_array_j(tech, k->rob, 96, k->commit_width, rw, false, NULL);
    x[4] = core_array_j(tech, k->iq + k->fp_iq, 64, k->issue_width, rw, true, &l);
    x[5] = core_array_j(tech, k->iq + k->fp_iq, 16, k->issue_width, k->issue_width, false,
                        NULL);
    x[6] = core_array_j(tech, k->iq + k->fp_iq, 64, k->issue_width, rw, false, NULL);
    x[7] = core_array_j(tech, k->lq, 64, 2, 2, true, &l);
    x[8] = core_array_j(tech, k->lq, 64, 2, 2, false, NULL);
    x[9] = core_array_j(tech, k->sq, 128, 2, 2, true, &l);
    x[10] = core_array_j(tech, k->sq, 128, 2, 2, false, NULL);
    x[11] = core_array_j(tech, k->ssit, 8, 1, 1, false, &l);
    x[12] = core_rename_j(&o->c, tech);
    *leak += l;
}

static uint64_t ooo_warm(void *self, uint64_t n)
{
    struct ooo *o = self;

    return core_warm(&o->c, n);
}

const sim_type pipelines_ooo = {
    .name = "ooo",
    .doc = "Out-of-order core: fetch queue, rename, ROB, issue queues, LSQ with store-to-"
           "load forwarding and store sets, FU pools, misprediction recovery, CPI stack.",
    .params = ooo_params, .n_params = SIM_COUNT(ooo_params),
    .stats = ooo_stats, .n_stats = SIM_COUNT(ooo_stats),
    .energy = ooo_energy, .n_energy = SIM_COUNT(ooo_energy),
    .ports = ooo_ports, .n_ports = SIM_COUNT(ooo_ports),
    .cfg_size = sizeof(struct ooo_cfg), .init = ooo_init, .start = ooo_start,
    .fini = ooo_fini, .tick = ooo_tick, .resp_at = ooo_resp_at, .retry = ooo_retry,
    .energy_model = ooo_energy_model, .reset = ooo_reset, .sync = ooo_sync,
    .warm = ooo_warm,
};
