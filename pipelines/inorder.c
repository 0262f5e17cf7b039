/* pipelines/inorder.c - a cycle-accurate in-order pipeline: the classic
 * five stages IF ID EX MEM WB by default (Hennessy & Patterson, "Computer
 * Architecture", appendix C), `stages` deep (the stages beyond five are
 * added to the front end) and `width` wide (1-4 typical, every stage moves
 * up to width instructions).
 *
 * Timing, per cycle c (one tick): a group entering a stage at tick c is in
 * it during cycle c. IF sends the I-cache line request when the group is
 * formed; the group moves on when the line has arrived (a one-cycle I-cache
 * hides behind IF). ID is the issue stage: an instruction leaves it when its
 * sources are ready (scoreboard), its destination has no older write still
 * pending that would land later (WAW), a unit of its class is free (issue
 * interval) and, for a serializing instruction, everything older has
 * completed. EX computes; a result of latency L is ready to a consumer
 * entering EX L cycles later with forwarding, or the cycle after the
 * producer's writeback without it (WB writes in the first half of a cycle,
 * ID reads in the second). Loads and stores send their D-cache request when
 * they enter MEM; load data arriving by the next cycle edge is forwarded to
 * EX then (one load-use bubble for a one-cycle D-cache). Blocking loads hold
 * MEM until their data returns; non-blocking ones go on, leaving their
 * destination pending in the scoreboard (at most load_buffer loads in
 * flight). Stores are posted (at most store_buffer in flight). An
 * instruction retires when it enters WB. Long operations (multiply, divide,
 * FP) flow down the pipeline in step and write their result when it is
 * ready, as the scoreboard says.
 *
 * Branches: a mispredicted branch stops fetch until it reaches
 * branch_stage, and the correct path is fetched the cycle after, so the
 * penalty is exactly branch_stage - 1 cycles (2 in the classic pipeline). A
 * branch resolving before EX compares its sources there: when they are not
 * ready on its arrival it resolves in the first cycle they are, at the head
 * of ID (a cycle more after the add it depends on, two after a load, as a
 * branch resolved in ID in H&P's appendix C); a
 * misfetch (taken direct branch missing in the BTB) is redirected by decode
 * (the last front-end stage). Wrong-path instructions are not fetched; with
 * wrong_path_fetch (off by default) the front end requests I-cache lines
 * down the predicted path while IF is empty and fetch waits for the branch,
 * one per cycle until it resolves (pipelines/core.c says what that leaves
 * out).
 *
 * CPI stack: every cycle WB takes a group (its instructions count as base,
 * its missing slots to the reason the group was cut short) or a bubble,
 * charged to the reason recorded when the bubble was made: bubbles carry
 * their cause down the pipeline, so the cycles a mispredicted branch costs
 * land in `branch` exactly, a load-use bubble in `dependence` and a D-cache
 * miss in the level its latency points at.
 *
 * Representation, for speed: each fetch group takes one of `stages` group
 * buffers of slots, used round robin (at most stages - 2 groups are in
 * flight when a new one is fetched); a slot points at its record, which the
 * front end's ring keeps until it retires, and a latch is a pointer to the
 * group's oldest slot and a count: moving a group down a stage, or
 * splitting it at issue, copies a few words, whatever the width. Work that
 * only some instructions need (memory accesses, trace records, branches
 * resolving at a stage, traps, serialization, a unit to check) is flagged
 * per slot and per group, worked out once at fetch, and skipped otherwise.
 * The counts that follow from the records alone (instructions and
 * operation classes committed, register-file accesses, units used,
 * fetches and decodes) are added up once, at fetch, and brought into the
 * statistics when they are read (sync) by taking off what the
 * instructions still in flight have not reached yet: the figures are those
 * of counting at each stage, without the per-stage work. Cycles and clock
 * events follow from the cycles accounted (core_acct), the occupancy of
 * the load buffer is set only when it has changed. A tick in which
 * nothing moves and every cycle until the next known change would be
 * charged alike puts the core to sleep until then (a response, a unit or
 * register becoming free), and the cycles slept are charged in one go.
 *
 * Width 1, the usual case, has a tick of its own (tick1, with the stage
 * indices constant for five stages): the steps of the wide tick in the
 * same order, a latch holding one instruction or none, and a unit checked
 * at issue only when its pool has a class with an issue interval above 1
 * (else it is always free again by the next issue). When every latch of
 * the five stages is full (most cycles of a program that runs) and no
 * G_SPECIAL slot is in flight (traced, a branch to resolve, a trap, a
 * serializing record, a record that is not its instruction's last) nor a
 * trace pending, tick_full takes a straight path: no stage looks at a
 * trace or a branch, the first instruction that cannot move ends the tick,
 * since nothing behind it can move then, the latches that stay full only
 * change their slot, and an instruction leaving IF hands its reference on
 * the fetch line to the one fetched when both are of one line. Every
 * statistic is the one the wide tick gives at width 1. The core stays
 * awake on every cycle that retires an instruction: sim_retire has to be
 * called at the cycle of the retirement (an instruction limit stops the
 * run there, and the kernel reads the count between runs), which a
 * formulation sleeping through whole stretches of instructions could not
 * do exactly.
 *
 * Not modelled: register-file port limits, writeback-port conflicts between
 * long operations, store-to-load forwarding (stores are written at MEM and
 * loads read the cache), TLBs, exceptions other than the trap flag (a trap
 * stops fetch until the instruction retires; so does a record flagged
 * SIM_INST_DRAIN, whose source's next records depend on when they are
 * asked for, as a clock read's do). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_tech.h>
#include "pipelines/core.h"
#include "pipelines/core_warm.h"

#define MAXW   16
#define MAXS   12                   /* stages at most (the parameter's bound) */
#define NREG   256
#define MAXLD  64
#define CK_LOAD  (2ull << 62)
#define CK_STORE (3ull << 62)
#define CK_KIND  (3ull << 62)
/* The steps of the usual tick, inlined whatever the compiler's estimate:
 * a call costs more than most of them do. */
#define STEP static inline __attribute__((always_inline))

enum { K_ALU, K_LOAD, K_STORE, K_AMO };
static const uint8_t kind_of_op[SIM_OP_COUNT] = {
    [SIM_OP_LOAD] = K_LOAD, [SIM_OP_STORE] = K_STORE, [SIM_OP_AMO] = K_AMO,
};

/* Register-file accesses of a record, four 16-bit lanes in one word, so
 * that one addition counts them all: integer reads (x0 included), FP
 * reads, integer writes (x0 excluded), FP writes. */
enum { RF_INT_RD, RF_FP_RD, RF_INT_WR, RF_FP_WR, RF_N };
#define RF_LANE(x, i) (((x) >> (16 * (i))) & 0xffff)
#define RF_BUDGET 20000             /* records per lane sum: 3 each at most, < 65536 */

struct inorder_cfg {
    struct core_cfg c;
    uint32_t stages;
    uint32_t branch_stage;
    bool forwarding;
    bool blocking_loads;
    uint32_t load_buffer, store_buffer;
};

struct slot;

struct latch {                      /* a group: s[0] .. s[n - 1], oldest first */
    struct slot *s;
    uint16_t n;
    uint8_t why;                    /* bubble or short group: the reason */
    int8_t lb;                      /* IF: line buffer of the group */
    uint8_t has;                    /* G_* kinds of slot in the group (or in the group
                                       it was split from) */
};
enum {
    G_MEM = 1,                      /* a load, store or AMO */
    G_HOLD = 2,                     /* a slot that holds MEM until its data */
    G_ATTN = 4,                     /* a trace record, a branch to resolve or a trap */
    G_MORE = 8,                     /* a record that is not its instruction's last
                                       (SIM_INST_MORE): not counted as an instruction */
    G_LOAD = 16,                    /* a load or AMO: its destination waits for the data */
    G_SERIAL = 32,                  /* serializing or trapping (issues alone, slots only) */
    G_FU = 64,                      /* its unit is to be checked at width 1 (slots only) */
    G_SENT = 128,                   /* its memory access was sent (slots only) */
    G_SPECIAL = G_ATTN | G_MORE | G_SERIAL, /* keeps the width-1 tick off its straight
                                               path while in flight (slots only) */
};

/* An instruction in flight. Its record stays in the front end's ring until
 * it retires: the ring holds stages * width records more than are in flight
 * (core_init), and is only refilled when empty, past the newest record. */
struct slot {
    const sim_inst *in;
    uint64_t seq, ex;               /* program order; cycle it entered EX */
    sim_tick done;                  /* load data there from then on; NEVER: waiting */
    uint32_t pv;                    /* pv and bp: only set (and read) when G_ATTN */
    uint8_t op;                     /* operation class (clamped) */
    uint8_t has;                    /* its G_* kinds */
    uint8_t bp;                     /* BP_* of bpred.h, or BP_LATE */
    uint8_t dwhy;                   /* CPI reason while its data is awaited */
};

enum { BP_LATE = BP_MISPREDICT + 1 };  /* to resolve once its sources are ready */

/* How an issue checks its unit at width 1 (one issue per cycle). */
enum { FU_FREE, FU_ONE, FU_ANY };

struct op_class {                   /* what an operation class means here */
    uint8_t fu, kind;
    uint8_t has;                    /* G_MEM, G_HOLD, G_LOAD */
    uint8_t pool;                   /* its functional-unit pool */
    uint8_t check;                  /* FU_*: FU_FREE when every class of the pool has an
                                       issue interval of 1 (its unit is always free
                                       again by the next issue); FU_ONE: one unit */
    uint32_t interval;              /* issue interval of its unit */
    uint32_t lat;                   /* cycles from EX to the result */
    uint32_t ready;                 /* cycles from EX to a consumer's EX */
};

struct ld {                         /* a load whose data has not returned */
    uint64_t seq, ex;
    sim_tick sent;
    struct slot *slot;
    uint8_t dst[2];
};

/* The counts that follow from the records (see the file comment). */
struct rec_counts {
    uint64_t committed, ops[SIM_OP_COUNT], serial;
    uint64_t more_ops[SIM_OP_COUNT];    /* of ops, records flagged SIM_INST_MORE */
    uint64_t more;                  /* records flagged SIM_INST_MORE among committed */
    uint64_t fetched, decoded, rf[RF_N];
    uint64_t issued[SIM_OP_COUNT];  /* by operation class (units' busy cycles, energy) */
};

struct inorder {
    struct inorder_cfg cfg;
    struct core c;
    uint32_t width;
    uint32_t ns, fe, exs, mems;     /* stages; front-end stages; EX and MEM index */
    uint32_t rs_br, rs_mf;          /* stage that resolves mispredicts, misfetches */
    struct latch lat[MAXS];         /* IF .. MEM (WB retires at once) */
    struct latch *m, *x, *d;        /* MEM, EX, ID */
    struct op_class opc[SIM_OP_COUNT];
    struct slot *slots;             /* ns group buffers of width slots */
    struct slot *next_group;        /* buffer of the next fetch group */
    struct slot *slots_end;
    uint64_t reg_ready[NREG];       /* cycle a consumer may enter EX; NEVER: load pending.
                                       Stays 0 for x0 and SIM_REG_NONE (never written) */
    uint8_t reg_why[NREG];          /* CPI reason of waiting on it */
    uint64_t reg_owner[NREG];       /* seq of the pending load writing it */
    uint64_t last_ready;            /* latest result still to come (serialization); no
                                       register's reg_ready is later, but NEVER */
    uint32_t regs_waiting;          /* registers at NEVER: loads whose data is awaited */
    uint64_t watch;                 /* NEVER while regs_waiting, else last_ready: no
                                       register hazard at a cycle not before it */
    struct ld ld[MAXLD];
    uint64_t ld_used;               /* bit i: ld[i] in use */
    uint64_t ld_mask;               /* bit i: ld[i] exists (load_buffer of them) */
    uint32_t loads_out, stores_out;
    uint32_t inflight;              /* instructions in IF .. MEM */
    uint32_t full;                  /* width 1, five stages: inflight when every latch is
                                       full; else never */
    uint32_t gate;                  /* full, or never while a G_SPECIAL slot is in flight:
                                       tick_full runs when inflight == gate */
    uint32_t special;               /* G_SPECIAL slots in flight */
    bool loads_moved;               /* loads_out changed since its occupancy was set */
    uint8_t stall[16];              /* why each stage could not move this tick */
    struct {                        /* counted at fetch (see the file comment) */
        uint64_t ops[SIM_OP_COUNT], more_ops[SIM_OP_COUNT];
        uint64_t serial, more;
        uint64_t rf[RF_N];
        uint64_t lanes;             /* RF_* lanes not yet added to rf */
        uint32_t budget;            /* records before the lanes must be added */
    } acc;
    struct rec_counts folded;       /* what the statistics hold of them */
    uint64_t rf_rd[NREG], rf_wr[NREG];  /* RF_* lanes of reading, writing a register */
    uint8_t op_of[256];             /* operation class of a record's op (clamped) */
    uint8_t has_of[SIM_OP_COUNT][8];    /* a slot's G_* kinds by operation class and
                                           TRAP, SERIAL and MORE flags */
    struct core_occ *occ_pipe, *occ_loads;
    char name_buf[16][4];
    const char *names[16];          /* stage names in the pipeline trace */
    struct {
        sim_dist inflight, loads_out;
        uint64_t issue_stalls;
    } st;
};

static const sim_param inorder_params[] = {
    CORE_PARAMS(struct inorder_cfg, c, 1, "instructions fetched, issued and retired per "
                "cycle", "false", "gshare"),
    FU_PARAMS_ARITH(struct inorder_cfg, c.fu),
    FU_PARAMS_UNITS(struct inorder_cfg, c.fu, 1, 1, 1, 1, 1, 1),
    SIM_PARAM_UINT("stages", struct inorder_cfg, stages, 5, 5, MAXS,
                   "pipeline depth: IF, the extra front-end stages, ID, EX, MEM, WB"),
    SIM_PARAM_UINT("branch_stage", struct inorder_cfg, branch_stage, 0, 0, 12,
                   "stage (1 = IF) where branches resolve; the misprediction penalty is "
                   "branch_stage - 1 cycles, more when a branch resolving before EX waits "
                   "for its sources (0: the EX stage)"),
    SIM_PARAM_BOOL("forwarding", struct inorder_cfg, forwarding, true,
                   "bypass results to EX; off: consumers wait for the producer's WB"),
    SIM_PARAM_BOOL("blocking_loads", struct inorder_cfg, blocking_loads, true,
                   "a load holds MEM until its data returns; off: scoreboarded"),
    SIM_PARAM_UINT("load_buffer", struct inorder_cfg, load_buffer, 4, 1, MAXLD,
                   "non-blocking loads in flight at most"),
    SIM_PARAM_UINT("store_buffer", struct inorder_cfg, store_buffer, 8, 1, 1024,
                   "stores in flight to the D-cache at most"),
};

static const sim_stat inorder_stats[] = {
    CORE_STATS(struct inorder, c),
    SIM_STAT_DIST("inflight", struct inorder, st.inflight, 0, 1, 64, "insts",
                  "instructions in the pipeline, sampled each cycle"),
    SIM_STAT_DIST("loads_in_flight", struct inorder, st.loads_out, 0, 1, 64, "loads",
                  "loads waiting for data, sampled each cycle"),
    SIM_STAT("issue_stalls", struct inorder, st.issue_stalls,
             "cycles the issue stage held an instruction back"),
};

static const sim_energy_event inorder_energy[] = {
    CORE_ENERGY(struct inorder, c),
};

static const sim_port inorder_ports[] = {
    [CORE_INSTS] = { "insts", SIM_INITIATOR | SIM_INSTS, "instruction records in" },
    [CORE_ICACHE] = { "icache", SIM_INITIATOR | SIM_OPTIONAL,
                      "instruction fetches (unconnected: ideal, one cycle)" },
    [CORE_DCACHE] = { "dcache", SIM_INITIATOR | SIM_OPTIONAL,
                      "loads and stores (unconnected: ideal, one cycle)" },
};

static void inorder_fini(void *self);

static void *inorder_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct inorder_cfg *cfg = cfgp;
    struct inorder *p;
    uint32_t nslots;

    if (cfg->c.width > MAXW) {
        sim_param_error(err, comp, "width", "at most %d", MAXW);
        return NULL;
    }
    if (cfg->branch_stage > cfg->stages) {
        sim_param_error(err, comp, "branch_stage", "beyond the %u stages", cfg->stages);
        return NULL;
    }
    p = sim_zalloc(err, sizeof(*p));
    if (!p)
        return NULL;
    p->cfg = *cfg;
    for (int k = FU_LOAD; k <= FU_STORE; k++) {
        p->cfg.c.fu.lat[k] = 1;     /* EX is the address generation */
        p->cfg.c.fu.interval[k] = 1;
    }
    p->width = cfg->c.width;
    p->ns = cfg->stages;
    p->fe = p->ns - 3;
    p->exs = p->fe;
    p->mems = p->fe + 1;
    p->rs_br = cfg->branch_stage ? cfg->branch_stage - 1 : p->exs;
    p->rs_mf = p->rs_br < p->fe - 1 ? p->rs_br : p->fe - 1;
    /* stage names for the trace: F, F2.., D, X, M, W */
    for (uint32_t i = 0; i < p->ns; i++) {
        char *b = p->name_buf[i];

        if (i == 0)
            strcpy(b, "F");
        else if (i + 1 < p->fe)
            snprintf(b, sizeof(p->name_buf[i]), "F%u", i + 1);
        else
            strcpy(b, i == p->fe - 1 ? "D" : i == p->exs ? "X" : i == p->mems ? "M" : "W");
        p->names[i] = b;
    }
    /* registers 0-31 integer, 32-63 FP; x0 is read but never written */
    for (uint32_t r = 0; r < NREG; r++) {
        p->rf_rd[r] = r < 32 ? 1ull << (16 * RF_INT_RD) : r < 64 ? 1ull << (16 * RF_FP_RD) : 0;
        p->rf_wr[r] = r == 0 ? 0 : r < 32 ? 1ull << (16 * RF_INT_WR)
                    : r < 64 ? 1ull << (16 * RF_FP_WR) : 0;
    }
    p->acc.budget = RF_BUDGET;
    for (uint32_t op = 0; op < 256; op++)
        p->op_of[op] = op < SIM_OP_COUNT ? (uint8_t)op : SIM_OP_NOP;
    /* the records in flight stay in the ring (struct slot) */
    if (core_init(&p->c, comp, &p->cfg.c, p->ns * cfg->c.width, p->names, (int)p->ns, err)) {
        free(p);
        return NULL;
    }
    nslots = (p->ns - 1) * cfg->c.width;    /* every latch but WB full */
    p->slots = calloc((size_t)p->ns * cfg->c.width, sizeof(*p->slots));
    if (!p->slots) {
        inorder_fini(p);
        sim_error_set(err, SIM_ENOMEM, "out of memory");
        return NULL;
    }
    p->next_group = p->slots;
    p->full = p->ns == 5 && p->width == 1 ? 4 : UINT32_MAX;
    p->special = p->c.pv.path ? 1 : 0;     /* a trace to write counts until it is */
    p->gate = p->special ? UINT32_MAX : p->full;
    p->ld_mask = cfg->load_buffer < 64 ? (1ull << cfg->load_buffer) - 1 : ~0ull;
    p->slots_end = p->slots + (size_t)p->ns * cfg->c.width;
    p->m = &p->lat[p->mems];
    p->x = &p->lat[p->exs];
    p->d = &p->lat[p->exs - 1];
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        struct op_class *o = &p->opc[op];

        o->fu = core_fu_of_op[op];
        o->kind = kind_of_op[op];
        o->pool = core_pool_of_fu[o->fu];
        o->interval = p->cfg.c.fu.interval[o->fu];
        o->lat = p->cfg.c.fu.lat[o->fu];
        /* forwarding: at once; else after the producer's WB (EX + 2 at least) */
        o->ready = cfg->forwarding ? o->lat : (o->lat > 2 ? o->lat : 2) + 1;
        o->has = o->kind == K_ALU ? 0 : G_MEM;
        if (o->kind == K_LOAD || o->kind == K_AMO)
            o->has |= G_LOAD;
        if ((o->kind == K_LOAD && cfg->blocking_loads) || o->kind == K_AMO)
            o->has |= G_HOLD;
        o->check = FU_FREE;
        for (int k = 0; k < FU_NCLASS; k++)
            if (core_pool_of_fu[k] == o->pool && p->cfg.c.fu.interval[k] > 1)
                o->check = p->cfg.c.fu.units[o->pool] == 1 ? FU_ONE : FU_ANY;
        for (int f = 0; f < 8; f++)
            p->has_of[op][f] = (uint8_t)(o->has | (o->check == FU_FREE ? 0 : G_FU) |
                                         (f & SIM_INST_MORE ? G_MORE : 0) |
                                         (f & (SIM_INST_SERIAL | SIM_INST_TRAP) ? G_SERIAL : 0));
    }
    for (uint32_t s = 0; s < p->ns; s++) {
        p->lat[s].lb = -1;
        p->lat[s].why = CPI_FRONTEND;
    }
    p->c.st_width = p->c.st_width_cfg = cfg->c.width;
    p->occ_pipe = core_occ_add_lazy(&p->c, &p->st.inflight, nslots, err);
    p->occ_loads = p->occ_pipe ? core_occ_add_lazy(&p->c, &p->st.loads_out, MAXLD, err) : NULL;
    if (!p->occ_loads) {
        inorder_fini(p);
        return NULL;
    }
    return p;
}

static void inorder_fini(void *self)
{
    struct inorder *p = self;

    if (!p)
        return;
    core_fini(&p->c);
    free(p->slots);
    free(p);
}

static int inorder_start(void *self, sim_error *err)
{
    struct inorder *p = self;

    core_start(&p->c);
    return 0;
}

/* ------------------------------------------------- counts from records */

static void rf_flush(struct inorder *p)
{
    for (int i = 0; i < RF_N; i++)
        p->acc.rf[i] += RF_LANE(p->acc.lanes, i);
    p->acc.lanes = 0;
    p->acc.budget = RF_BUDGET;
}

/* Register-file accesses of a record (RF_* lanes). */
STEP uint64_t rec_rf(const struct inorder *p, const sim_inst *in)
{
    return p->rf_rd[in->src[0]] + p->rf_rd[in->src[1]] + p->rf_rd[in->src[2]] +
           p->rf_wr[in->dst[0]] + p->rf_wr[in->dst[1]];
}

/* Count a fetched record of operation class op (its SERIAL and MORE flags
 * are counted by take, for G_SPECIAL slots only). */
STEP void rec_count(struct inorder *p, const sim_inst *in, uint8_t op)
{
    p->acc.lanes += rec_rf(p, in);
    p->acc.ops[op]++;
    if (--p->acc.budget == 0)
        rf_flush(p);
}

/* What the records fetched so far have reached now: the counts at fetch
 * less those of the instructions in flight, by the stage they are in. */
static void rec_reached(struct inorder *p, struct rec_counts *r)
{
    rf_flush(p);
    memset(r, 0, sizeof(*r));
    r->fetched = p->c.seq;
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        r->ops[op] = p->acc.ops[op];
        r->more_ops[op] = p->acc.more_ops[op];
        r->committed += p->acc.ops[op];
        r->issued[op] = p->acc.ops[op];
    }
    r->serial = p->acc.serial;
    r->more = p->acc.more;
    memcpy(r->rf, p->acc.rf, sizeof(r->rf));
    r->decoded = r->fetched;
    for (uint32_t st = 0; st <= p->mems; st++) {
        const struct latch *l = &p->lat[st];

        for (uint32_t i = 0; i < l->n; i++) {
            const struct slot *s = &l->s[i];
            uint64_t rf = rec_rf(p, s->in);

            r->committed--;
            r->ops[s->op]--;
            r->serial -= (s->in->flags & SIM_INST_SERIAL) != 0;
            r->more -= (s->in->flags & SIM_INST_MORE) != 0;
            r->more_ops[s->op] -= (s->in->flags & SIM_INST_MORE) != 0;
            r->rf[RF_INT_WR] -= RF_LANE(rf, RF_INT_WR);
            r->rf[RF_FP_WR] -= RF_LANE(rf, RF_FP_WR);
            if (st < p->exs) {
                r->issued[s->op]--;
                r->rf[RF_INT_RD] -= RF_LANE(rf, RF_INT_RD);
                r->rf[RF_FP_RD] -= RF_LANE(rf, RF_FP_RD);
            }
            if (st + 1 < p->fe)
                r->decoded--;
        }
    }
}

/* A statistic gets what a count reached since the last fold. */
static inline void fold(uint64_t *stat, uint64_t now, uint64_t was)
{
    *stat += now - was;
}

/* Add what the records reached since the last fold to the statistics and
 * energy counters (which other code bumps too). */
static void rec_fold(struct inorder *p)
{
    struct core *c = &p->c;
    struct rec_counts r;

    rec_reached(p, &r);
    fold(&c->st.committed, r.committed - r.more, p->folded.committed - p->folded.more);
    fold(&c->st.cpi[CPI_BASE], r.committed, p->folded.committed);      /* one commit slot each */
    for (int op = 0; op < SIM_OP_COUNT; op++)     /* an instruction by its last record */
        fold(&c->st.ops[op], r.ops[op] - r.more_ops[op],
             p->folded.ops[op] - p->folded.more_ops[op]);
    fold(&c->st.serializing, r.serial, p->folded.serial);
    fold(&c->ev.fetch, r.fetched, p->folded.fetched);
    fold(&c->ev.decode, r.decoded, p->folded.decoded);
    fold(&c->ev.int_rf_read, r.rf[RF_INT_RD], p->folded.rf[RF_INT_RD]);
    fold(&c->ev.fp_rf_read, r.rf[RF_FP_RD], p->folded.rf[RF_FP_RD]);
    fold(&c->ev.int_rf_write, r.rf[RF_INT_WR], p->folded.rf[RF_INT_WR]);
    fold(&c->ev.fp_rf_write, r.rf[RF_FP_WR], p->folded.rf[RF_FP_WR]);
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        int fu = core_fu_of_op[op];

        c->st.fu_busy[core_pool_of_fu[fu]] +=
            (r.issued[op] - p->folded.issued[op]) * p->cfg.c.fu.interval[fu];
        fold(&c->ev.op[op], r.issued[op], p->folded.issued[op]);
    }
    p->folded = r;
}

static void inorder_reset(void *self)
{
    struct inorder *p = self;

    core_reset(&p->c);
    rec_reached(p, &p->folded);     /* the kernel zeroed the counters: count from here */
}

static void inorder_sync(void *self)
{
    struct inorder *p = self;

    core_sync(&p->c);
    rec_fold(p);
}

/* ------------------------------------------------------------ helpers */

STEP bool real_reg(uint8_t r)
{
    return r != 0 && r != SIM_REG_NONE;
}

static uint64_t cycle_at(const struct inorder *p, sim_tick t)
{
    return (t + p->c.period - 1) / p->c.period;
}

/* A load's data is there at `done`: its destinations become ready (a
 * trace's load may write two: x86's pop writes the register and the stack
 * pointer). Returns the CPI reason of waiting for it (a one-cycle load is
 * the pipeline's own load-use bubble: dependence). */
STEP uint8_t load_data(struct inorder *p, uint64_t seq, uint64_t ex, const uint8_t dst[2],
                       sim_tick sent, sim_tick done)
{
    uint64_t cyc = cycle_at(p, done);
    sim_tick lat = done - sent;
    uint8_t why = lat <= p->c.period ? CPI_DEP : core_dcache_level(&p->c, lat);
    uint64_t r = p->cfg.forwarding ? cyc : (cyc > ex + 2 ? cyc : ex + 2) + 1;

    p->c.st.loads++;
    p->c.st.load_latency_sum += lat;
    core_dcache_verdict(&p->c, why);
    for (int i = 0; i < 2; i++) {
        if (!real_reg(dst[i]) || p->reg_owner[dst[i]] != seq)
            continue;
        p->regs_waiting--;
        p->reg_ready[dst[i]] = r;
        p->reg_why[dst[i]] = (uint8_t)why;
        if (r > p->last_ready)
            p->last_ready = r;
        p->watch = p->regs_waiting ? NEVER : p->last_ready;
    }
    return (uint8_t)why;
}

/* s's sources are there for a use at cycle now. */
static bool srcs_ready(const struct inorder *p, const struct slot *s, uint64_t now)
{
    for (int i = 0; i < 3; i++)
        if (p->reg_ready[s->in->src[i]] > now)
            return false;
    return true;
}

/* A mispredicted branch that resolves before EX compares its sources
 * there: if they are not ready when it arrives, it resolves in the first
 * cycle it finds them ready at the head of ID (resolve_late), at the latest
 * when it issues. (It resolved on arrival: a branch on a load's result cost
 * nothing with branch_stage at ID.) */
static void resolve_late(struct inorder *p, struct slot *s)
{
    if (s->bp == BP_LATE && srcs_ready(p, s, p->c.now)) {
        s->bp = BP_OK;
        fe_block(&p->c, p->c.now + 1, CPI_BRANCH);
    }
}

/* s enters stage: trace it, and a branch resolving there lets fetch go on
 * next cycle. Called for groups flagged G_ATTN; does nothing for their
 * other slots. */
static void arrive(struct inorder *p, uint32_t stage, struct slot *s)
{
    struct core *c = &p->c;

    if (!(s->has & G_ATTN))
        return;
    if (s->pv)
        pv_stage(&c->pv, s->pv, (int)stage, c->now);
    if (s->bp == BP_LATE && stage == p->exs) {
        resolve_late(p, s);         /* issued: its sources are ready now */
    } else if (s->bp != BP_OK && stage == (s->bp == BP_MISPREDICT ? p->rs_br : p->rs_mf)) {
        if (s->bp == BP_MISPREDICT && stage < p->exs && !srcs_ready(p, s, c->now))
            s->bp = BP_LATE;
        else
            fe_block(c, c->now + 1, CPI_BRANCH);
    }
}

static void arrive_group(struct inorder *p, uint32_t stage, const struct latch *g)
{
    for (uint32_t i = 0; i < g->n; i++)
        arrive(p, stage, &g->s[i]);
}

/* The group in a moves on to b (stage `to`), which is empty. */
static inline void move(struct inorder *p, struct latch *a, struct latch *b, uint32_t to)
{
    *b = *a;
    b->lb = -1;
    if (a->has & G_ATTN)
        arrive_group(p, to, b);
    a->n = 0;
}

/* ----------------------------------------------------------- retire */

/* A G_SPECIAL slot enters the pipeline or leaves it (one = -1), or a
 * pipeline trace is to come or was written. */
static void special_count(struct inorder *p, int one)
{
    p->special += one;
    p->gate = p->special ? UINT32_MAX : p->full;
}

/* core_pv_check; a written trace no longer holds tick_full off. */
static inline void pv_check(struct inorder *p)
{
    struct core *c = &p->c;

    if (c->pv.path && !c->pv.written) {
        core_pv_check(c);
        if (c->pv.written)
            special_count(p, -1);
    }
}

/* WB of a G_SPECIAL slot: trace, branches resolving at WB, traps. */
static void retire_special(struct inorder *p, struct slot *s)
{
    struct core *c = &p->c;

    if (s->has & G_ATTN) {
        arrive(p, p->ns - 1, s);
        if (s->pv)
            pv_end(&c->pv, s->pv, c->now + 1, false);
        if (s->in->flags & (SIM_INST_TRAP | SIM_INST_DRAIN))
            fe_block(c, c->now + 1, CPI_SERIAL);
    }
    special_count(p, -1);
}

/* WB of the first k of the group in MEM that has G_SPECIAL slots. */
static void retire_attn(struct inorder *p, const struct latch *m, uint32_t k)
{
    for (uint32_t i = 0; i < k; i++)
        if (m->s[i].has & G_SPECIAL)
            retire_special(p, &m->s[i]);
}

/* MEM -> WB: the instructions retire (their counts are folded at sync). */
static uint32_t retire(struct inorder *p, struct latch *m)
{
    struct core *c = &p->c;
    uint64_t left = sim_insts_left(c->comp);
    uint32_t k = m->n;

    if (left < k)
        k = (uint32_t)left;         /* the run's instruction limit */
    if (m->has & G_SPECIAL)
        retire_attn(p, m, k);
    if (k > 0) {
        uint32_t insts = k;

        if (m->has & G_MORE)        /* records of cracked instructions count once */
            for (uint32_t i = 0; i < k; i++)
                insts -= (m->s[i].in->flags & SIM_INST_MORE) != 0;
        p->inflight -= k;
        if (insts)
            sim_retire(c->comp, insts);
    }
    if (k < p->width)
        core_charge(c, m->why, p->width - k);
    if (k < m->n) {
        m->s += k;
        m->n = (uint16_t)(m->n - k);
    } else {
        m->n = 0;
    }
    return k;
}

/* ------------------------------------------------------------ MEM */

static bool mem_ready(struct inorder *p, const struct latch *m, uint8_t *why)
{
    for (uint32_t i = 0; i < m->n; i++) {
        const struct slot *s = &m->s[i];

        if ((s->has & G_HOLD) && s->done > p->c.tnow) {
            if (s->done != NEVER)
                core_wake_hint(&p->c, s->done);
            *why = s->done == NEVER ? CPI_DCACHE : s->dwhy;
            return false;
        }
    }
    return true;
}

/* Send the memory access of s (G_MEM) as it enters MEM; false with *why
 * when it cannot go this cycle. */
static bool mem_send1(struct inorder *p, struct slot *s, uint8_t *why)
{
    struct core *c = &p->c;
    const sim_inst *in = s->in;
    sim_tick done;
    int rc, li;
    uint64_t ck, free_ld;

    if (!(s->has & G_LOAD)) {       /* a store */
        if (p->stores_out >= p->cfg.store_buffer) {
            *why = CPI_SQ;
            return false;
        }
        ck = CK_STORE | (s->seq << 16);
        rc = core_send(c, CORE_DCACHE, SIM_WRITE, in->mem_addr, in->mem_size, in->pc, ck,
                       &done);
        if (rc < 0) {
            *why = CPI_SQ;
            return false;
        }
        if (rc == 0)
            p->stores_out++;
        c->st.stores++;
        s->has |= G_SENT;
        return true;
    }
    /* loads and AMOs: the lowest free load buffer entry */
    free_ld = ~p->ld_used & p->ld_mask;
    if (!free_ld) {
        *why = CPI_LQ;
        return false;
    }
    li = __builtin_ctzll(free_ld);
    ck = CK_LOAD | (s->seq << 16) | (uint64_t)li;
    rc = core_send(c, CORE_DCACHE, s->op == SIM_OP_AMO ? SIM_WRITE : SIM_READ, in->mem_addr,
                   in->mem_size ? in->mem_size : 8, in->pc, ck, &done);
    if (rc < 0) {
        *why = CPI_DCACHE;
        return false;
    }
    s->has |= G_SENT;
    if (rc > 0) {
        s->done = done;
        s->dwhy = load_data(p, s->seq, s->ex, in->dst, c->tnow, done);
    } else {
        struct ld *l = &p->ld[li];

        p->ld_used |= 1ull << li;
        l->seq = s->seq;
        l->ex = s->ex;
        l->sent = c->tnow;
        l->slot = s;
        l->dst[0] = in->dst[0];
        l->dst[1] = in->dst[1];
        s->done = NEVER;
        p->loads_out++;
        p->loads_moved = true;
        c->dpend++;
    }
    return true;
}

/* Send the memory accesses of the group entering MEM. */
static bool mem_send(struct inorder *p, struct latch *x, uint8_t *why)
{
    for (uint32_t i = 0; i < x->n; i++) {
        struct slot *s = &x->s[i];

        if ((s->has & (G_MEM | G_SENT)) == G_MEM && !mem_send1(p, s, why))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------ issue */

/* Waiting on a source or destination register: its CPI reason, else -1.
 * x0 and absent registers read as always ready (their reg_ready stays 0). */
static int reg_hazard(struct inorder *p, const struct slot *s, uint64_t now, uint64_t lat)
{
    struct core *c = &p->c;

    for (int i = 0; i < 3; i++) {
        uint8_t r = s->in->src[i];

        if (p->reg_ready[r] <= now)
            continue;
        if (p->reg_ready[r] != NEVER)
            core_wake_hint(c, p->reg_ready[r] * c->period);
        return p->reg_why[r];
    }
    for (int i = 0; i < 2; i++) {
        uint8_t r = s->in->dst[i];

        if (p->reg_ready[r] <= now + lat)
            continue;
        if (p->reg_ready[r] != NEVER)
            core_wake_hint(c, (p->reg_ready[r] - lat) * c->period);
        return p->reg_why[r];
    }
    return -1;
}

/* The register and serialization hazards of s at cycle now: the CPI
 * reason it waits for, else -1. */
STEP int reg_serial_hazard(struct inorder *p, const struct slot *s, const struct op_class *o,
                           uint64_t now)
{
    struct core *c = &p->c;

    /* every register ready (the usual case) needs no look at s's */
    if (p->watch > now) {
        int h = reg_hazard(p, s, now, o->lat);

        if (h >= 0)
            return h;
    }
    if (s->has & G_SERIAL) {
        if (p->lat[p->mems].n || p->loads_out || p->stores_out)
            return CPI_SERIAL;
        if (p->last_ready > now) {
            core_wake_hint(c, p->last_ready * c->period);
            return CPI_SERIAL;
        }
    }
    return -1;
}

/* -1 when s may enter EX now (a unit of its class is then taken), else the
 * CPI reason it waits for. */
static inline int hazard(struct inorder *p, const struct slot *s, const struct op_class *o,
                         uint64_t now)
{
    int h = reg_serial_hazard(p, s, o, now);

    if (h >= 0)
        return h;
    if (!fu_claim(&p->c, o->fu, now))
        return CPI_FU;
    return -1;
}

/* s enters EX at now: its destinations are due when the op class says
 * (loads: when their data returns, load_data). */
STEP void issue_dst(struct inorder *p, const struct slot *s, uint8_t r, uint64_t ready)
{
    if (s->has & G_LOAD) {
        p->reg_ready[r] = NEVER;        /* was ready: reg_hazard saw to it */
        p->reg_why[r] = CPI_DCACHE;
        p->reg_owner[r] = s->seq;       /* (only read while NEVER: no reset needed) */
        p->regs_waiting++;
        p->watch = NEVER;
        return;
    }
    p->reg_ready[r] = ready;
    p->reg_why[r] = CPI_DEP;
    if (ready > p->last_ready) {
        p->last_ready = ready;
        if (ready > p->watch)
            p->watch = ready;
    }
}

STEP void issue_one(struct inorder *p, struct slot *s, const struct op_class *o,
                    uint64_t now)
{
    uint64_t ready = now + o->ready;

    s->ex = now;
    if (real_reg(s->in->dst[0]))
        issue_dst(p, s, s->in->dst[0], ready);
    if (real_reg(s->in->dst[1]))
        issue_dst(p, s, s->in->dst[1], ready);
}

/* ID -> EX: in order, as many as are free of hazards. Returns issued. */
static uint32_t issue(struct inorder *p, struct latch *d, struct latch *x, uint8_t *why)
{
    uint64_t now = p->c.now;
    uint32_t k = 0;

    *why = d->why;
    while (k < d->n) {
        struct slot *s = &d->s[k];
        const struct op_class *o = &p->opc[s->op];
        int h = hazard(p, s, o, now);

        if (h >= 0) {
            *why = (uint8_t)h;
            if (k == 0 && (d->has & G_ATTN))
                resolve_late(p, s);
            break;
        }
        issue_one(p, s, o, now);
        if (d->has & G_ATTN)
            arrive(p, p->exs, s);
        k++;
    }
    if (k == 0)
        return 0;
    x->s = d->s;
    x->n = (uint16_t)k;
    x->why = k < d->n ? *why : d->why;
    x->lb = -1;
    x->has = d->has;
    if (k < d->n)
        d->why = *why;              /* what is left is short for that reason too */
    d->s += k;
    d->n = (uint16_t)(d->n - k);
    return k;
}

/* ------------------------------------------------------------ fetch */

/* predict() of a record that is traced, mispredicted or misfetched (r), or
 * G_SPECIAL already by its class and flags (has): returns its G_* kinds. */
static uint8_t take_special(struct inorder *p, struct slot *s, const sim_inst *in,
                            uint32_t pv, int r, uint8_t has)
{
    if (pv || r != BP_OK || (in->flags & (SIM_INST_TRAP | SIM_INST_DRAIN))) {
        has |= G_ATTN;
        s->pv = pv;
        s->bp = (uint8_t)r;
        s->has = has;
        arrive(p, 0, s);
    }
    /* (every SERIAL or MORE record is G_SPECIAL) */
    p->acc.serial += (in->flags & SIM_INST_SERIAL) != 0;
    p->acc.more += (in->flags & SIM_INST_MORE) != 0;
    p->acc.more_ops[s->op] += (in->flags & SIM_INST_MORE) != 0;
    special_count(p, 1);
    return has;
}

/* Take the record in from the front end into slot s as instruction
 * number seq and count it; predict() follows. Returns its G_* kinds by its
 * class and flags. */
STEP uint8_t take(struct inorder *p, struct slot *s, const sim_inst *in, uint64_t seq)
{
    uint8_t op = p->op_of[in->op];

    fe_skip(&p->c);
    s->in = in;
    s->seq = seq;
    s->op = op;
    rec_count(p, in, op);
    return p->has_of[op][in->flags & 7];
}

/* Trace and predict the record in taken into s with kinds has. Returns
 * its G_* kinds; *r is the prediction (BP_*). traced: a pipeline trace may
 * want it (else it is known not to). */
STEP uint8_t predict(struct inorder *p, struct slot *s, const sim_inst *in, uint8_t has, int *r,
                     bool traced)
{
    struct core *c = &p->c;
    uint32_t pv = traced ? pv_begin(&c->pv, s->seq, in) : 0;

    *r = in->branch != SIM_BR_NONE ? core_predict(c, in) : BP_OK;
    if (pv || *r != BP_OK || (has & G_SPECIAL))
        has = take_special(p, s, in, pv, *r, has);
    s->has = has;                   /* (G_SENT clear: done is set when it is sent) */
    return has;
}

static uint32_t fetch(struct inorder *p, uint8_t *why)
{
    struct core *c = &p->c;
    struct latch *f = &p->lat[0];
    struct slot *g = p->next_group;
    uint32_t n = 0, width = p->width;
    uint64_t seq = c->seq;
    int first_lb = -1;
    uint8_t has = 0;

    /* IF is empty, so at most stages - 2 groups are in flight: the buffer
     * used stages groups ago is free */
    while (n < width) {
        int lb, r;
        const sim_inst *in = fe_peek(c, &lb, why);

        if (!in)
            break;
        if (n > 0 && lb != first_lb) {
            *why = CPI_FRONTEND;    /* a group comes from one fetch line */
            break;
        }
        if (n == 0) {
            first_lb = lb;
            c->fe.lb[lb].refs++;    /* one reference per group */
        }
        has |= predict(p, &g[n], in, take(p, &g[n], in, seq), &r, true);
        seq++;
        n++;
        if (r != BP_OK) {
            /* resolved later: fetch waits for it (arrive unblocks at the
             * resolving stage; at stage 0 it already did) */
            if ((r == BP_MISPREDICT ? p->rs_br : p->rs_mf) > 0) {
                fe_block(c, NEVER, CPI_BRANCH);
                if (r == BP_MISPREDICT)
                    fe_wrong_path(c);
            }
            *why = CPI_BRANCH;
            break;
        }
        if (in->flags & (SIM_INST_TRAP | SIM_INST_DRAIN)) {
            fe_block(c, NEVER, CPI_SERIAL);
            *why = CPI_SERIAL;
            break;
        }
        if (in->branch != SIM_BR_NONE && in->taken) {
            *why = CPI_FRONTEND;    /* one taken branch per cycle */
            break;
        }
    }
    c->seq = seq;
    if (n == 0)
        return 0;
    p->next_group = g + width == p->slots_end ? p->slots : g + width;
    p->inflight += n;
    f->s = g;
    f->n = (uint16_t)n;
    f->lb = (int8_t)first_lb;
    f->has = has;
    f->why = n < width ? *why : CPI_FRONTEND;
    return n;
}

/* ------------------------------------------------------------- tick */

/* Nothing moved this tick: sleep if every cycle until something changes
 * will be charged the same way (the bubbles between the stall point and
 * WB all carry the stall's reason). Returns tick's return value. */
static int frozen(struct inorder *p, uint8_t fwhy)
{
    int top = -1;
    uint8_t w;

    for (int s = (int)p->mems; s >= 0; s--)
        if (p->lat[s].n) {
            top = s;
            break;
        }
    w = top < 0 ? fwhy : p->stall[top];
    if (w == 0xff)
        return 1;
    for (int s = top + 1; s <= (int)p->mems; s++)
        if (p->lat[s].why != w)
            return 1;
    if (top < 0 && p->lat[0].why != w)
        return 1;
    return core_sleep(&p->c, w, p->width);
}

/* The front end's stages beyond IF (stages > 5), oldest first. */
static bool fe_stages(struct inorder *p)
{
    bool moved = false;

    for (uint32_t s = p->exs - 2; s >= 1; s--) {
        struct latch *a = &p->lat[s], *b = a + 1;

        if (b->n)
            continue;
        if (!a->n) {
            b->why = a->why;
            continue;
        }
        move(p, a, b, s + 1);
        moved = true;
    }
    return moved;
}

/* The group in IF waits for its line, ready at r (NEVER: not asked for
 * yet): wake for it and charge the I-cache. */
STEP void if_wait(struct inorder *p, sim_tick r)
{
    if (r != NEVER)
        core_wake_hint(&p->c, r);
    p->stall[0] = CPI_ICACHE;
    p->lat[1].why = CPI_ICACHE;
}

/* The end of every tick: occupancies, the end of the run, and sleep when
 * nothing moved. */
STEP int tick_end(struct inorder *p, bool moved, uint8_t fwhy)
{
    struct core *c = &p->c;

    core_occ_set(c, p->occ_pipe, p->inflight);
    if (p->loads_moved) {
        p->loads_moved = false;
        core_occ_set(c, p->occ_loads, p->loads_out);
    }

    if (p->inflight == 0 && p->loads_out == 0 && p->stores_out == 0 && c->fe.n == 0 &&
        (c->fe.src_end || c->fe.src_wait)) {
        if (c->fe.src_wait)
            return core_idle(c, p->width);
        core_finish(c);
        return 0;
    }
    return moved ? 1 : frozen(p, fwhy);
}

/* The tick of a pipeline wider than one instruction. */
static __attribute__((noinline)) int tick_wide(struct inorder *p)
{
    struct core *c = &p->c;
    struct latch *lat = p->lat, *m = p->m, *x = p->x, *d = p->d;
    bool moved = false;
    uint8_t why = CPI_FRONTEND, fwhy = CPI_FRONTEND;

    /* stall[] is only read for the oldest stage that did not move, which
     * always writes it: no need to clear it */

    /* MEM -> WB: retire */
    if (m->n) {
        if (!(m->has & G_HOLD) || mem_ready(p, m, &why)) {
            moved = retire(p, m) > 0;
            pv_check(p);
        } else {
            p->stall[p->mems] = why;
            core_charge(c, why, p->width);
        }
    } else {
        core_charge(c, m->why, p->width);
    }

    /* EX -> MEM */
    if (m->n == 0 && x->n) {
        if (!(x->has & G_MEM) || mem_send(p, x, &why)) {
            move(p, x, m, p->mems);
            moved = true;
        } else {
            p->stall[p->exs] = why;
            m->why = why;
        }
    } else if (m->n == 0) {
        m->why = x->why;
    } else {
        p->stall[p->exs] = p->stall[p->mems];
    }

    /* ID -> EX */
    if (x->n == 0 && d->n) {
        if (issue(p, d, x, &why) > 0) {
            moved = true;
        } else {
            p->stall[p->exs - 1] = why;
            x->why = why;
            p->st.issue_stalls++;
        }
    } else if (x->n == 0) {
        x->why = d->why;
    }

    /* the front end: IF .. ID-1 */
    if (p->exs > 2 && fe_stages(p))
        moved = true;
    if (lat[1].n == 0) {
        struct latch *a = &lat[0];

        if (!a->n) {
            lat[1].why = a->why;
        } else {
            sim_tick r = fe_ready(c, a->lb);

            if (r > c->tnow) {
                if_wait(p, r);
            } else {
                c->fe.lb[a->lb].refs--;     /* the group's reference, taken at fetch */
                move(p, a, &lat[1], 1);
                moved = true;
            }
        }
    }

    /* fetch */
    if (lat[0].n == 0) {
        if (fetch(p, &fwhy) > 0)
            moved = true;
        else
            lat[0].why = fwhy;
    }
    return tick_end(p, moved, fwhy);
}

/* ------------------------------------------------------------ width 1 */

/* The steps of tick_wide() for the usual width of one instruction, where a
 * latch holds one instruction or none: the same steps in the same order,
 * with less work. A latch that holds an instruction has the why
 * CPI_FRONTEND (a group is never short). */

/* The record in, fetched from line buffer lb, goes into IF (the slot of
 * the next group): take it, block fetch behind a branch to resolve or a
 * trap. The caller has referenced the line. was_full: tick_full's, where
 * IF was full and no trace is pending. */
STEP void fetch_rec(struct inorder *p, const sim_inst *in, int lb, bool was_full)
{
    struct core *c = &p->c;
    struct latch *f = &p->lat[0];
    struct slot *s = p->next_group;
    uint8_t has = take(p, s, in, c->seq);
    uint32_t pv = was_full ? 0 : pv_begin(&c->pv, c->seq, in);
    int r = in->branch != SIM_BR_NONE ? core_predict(c, in) : BP_OK;

    /* predict(), with what only its G_SPECIAL case needs kept in it */
    if (pv || r != BP_OK || (has & G_SPECIAL)) {
        has = take_special(p, s, in, pv, r, has);
        if (r != BP_OK) {
            if ((r == BP_MISPREDICT ? p->rs_br : p->rs_mf) > 0) {
                fe_block(c, NEVER, CPI_BRANCH);
                if (r == BP_MISPREDICT)
                    fe_wrong_path(c);
            }
        } else if (in->flags & (SIM_INST_TRAP | SIM_INST_DRAIN)) {
            fe_block(c, NEVER, CPI_SERIAL);
        }
    }
    s->has = has;                   /* (G_SENT clear: done is set when it is sent) */
    c->seq++;
    p->next_group = s + 1 == p->slots_end ? p->slots : s + 1;
    f->s = s;
    f->lb = (int8_t)lb;
    if (!was_full) {                /* (else IF keeps them: latch moves copy s only) */
        f->n = 1;
        f->has = has;
        f->why = CPI_FRONTEND;
    }
}

/* Fetch one instruction into the empty IF. */
STEP bool fetch1(struct inorder *p, uint8_t *why)
{
    struct core *c = &p->c;
    const sim_inst *in;
    int lb;

    in = fe_peek(c, &lb, why);
    if (!in)
        return false;
    c->fe.lb[lb].refs++;
    fetch_rec(p, in, lb, false);
    p->inflight++;
    return true;
}

/* The instruction in MEM retires, unless the run's instruction limit was
 * reached (which stops the run: only then is sim_insts_left asked).
 * stays_full: the caller moves the instruction in EX into MEM at once. */
STEP bool retire1(struct inorder *p, struct latch *m, bool stays_full)
{
    struct core *c = &p->c;
    struct slot *s = m->s;
    bool more = false;

    if (sim_stopping(c->comp) && sim_insts_left(c->comp) == 0) {
        core_charge(c, m->why, 1);
        return false;
    }
    if (s->has & G_SPECIAL) {
        retire_special(p, s);
        more = (s->has & G_MORE) != 0;
    }
    p->inflight--;
    if (!more)
        sim_retire(c->comp, 1);
    if (!stays_full)
        m->n = 0;
    return true;
}

/* hazard() at width 1: one issue per cycle, so a unit of a pool whose
 * classes all have an issue interval of 1 is always free again. */
STEP int hazard1(struct inorder *p, const struct slot *s, const struct op_class *o,
                 uint64_t now)
{
    struct core *c = &p->c;
    int h = reg_serial_hazard(p, s, o, now);
    uint64_t *busy;

    if (h >= 0)
        return h;
    if (!(s->has & G_FU))
        return -1;
    if (o->check == FU_ANY)
        return fu_claim(c, o->fu, now) ? -1 : CPI_FU;
    busy = &c->fu.busy[o->pool][0];
    if (*busy > now) {
        core_wake_hint(c, *busy * c->period);
        return CPI_FU;
    }
    *busy = now + o->interval;
    return -1;
}

/* tick_end() out of line, for tick_full's early ends: the straight path
 * keeps fewer registers busy. */
static __attribute__((noinline)) int tick_full_end(struct inorder *p, bool moved, uint8_t fwhy)
{
    return tick_end(p, moved, fwhy);
}

/* MEM holding a load or AMO whose data is not there: the CPI reason. */
STEP uint8_t mem_wait1(struct inorder *p, const struct slot *s)
{
    if (s->done != NEVER)
        core_wake_hint(&p->c, s->done);
    return s->done == NEVER ? CPI_DCACHE : s->dwhy;
}

/* The tick of the five-stage pipeline of width 1 with every latch full and
 * no G_SPECIAL slot in flight (the usual case): tick1()'s steps in the
 * same order, where an instruction that cannot move ends the tick, since
 * nothing behind it can move then. Latches that stay full only have their
 * slot changed, and the count in flight stays (one retires, one is
 * fetched) unless the tick ends early. With no G_SPECIAL slot, nothing is
 * traced or resolved as it moves (G_ATTN), every record counts as an
 * instruction (G_MORE) and none serializes (G_SERIAL). */
static __attribute__((noinline)) int tick_full(struct inorder *p)
{
    struct core *c = &p->c;
    struct latch *lat = p->lat;     /* IF, ID, EX, MEM */
    struct slot *s = lat[3].s, *sx, *sd;
    const struct op_class *o;
    const sim_inst *in;
    uint8_t why, fwhy = CPI_FRONTEND;
    int h, lb, old_lb;
    sim_tick r;

    core_wake_cycle(c);
    /* MEM -> WB */
    if ((s->has & G_HOLD) && s->done > c->tnow) {
        why = mem_wait1(p, s);
        p->stall[3] = why;
        core_charge(c, why, 1);
        p->stall[2] = why;
        return tick_full_end(p, false, fwhy);
    }
    if (!sim_retire1(c->comp)) {    /* (no trace pending: nothing to check) */
        core_charge(c, lat[3].why, 1);
        p->stall[2] = p->stall[3];
        return tick_full_end(p, false, fwhy);
    }
    /* EX -> MEM */
    sx = lat[2].s;
    if ((sx->has & G_MEM) && !mem_send1(p, sx, &why)) {
        p->inflight--;
        p->stall[2] = why;
        lat[3].n = 0;
        lat[3].why = why;
        return tick_full_end(p, true, fwhy);
    }
    lat[3].s = sx;
    /* ID -> EX: registers all ready and no unit to check, the usual case,
     * needs no look at the hazards */
    sd = lat[1].s;
    o = &p->opc[sd->op];
    if (p->watch > c->now || (sd->has & G_FU)) {
        h = hazard1(p, sd, o, c->now);
        if (h >= 0) {
            p->inflight--;
            lat[2].n = 0;
            p->stall[1] = (uint8_t)h;
            lat[2].why = (uint8_t)h;
            p->st.issue_stalls++;
            return tick_full_end(p, true, fwhy);
        }
    }
    issue_one(p, sd, o, c->now);
    lat[2].s = sd;
    /* IF -> ID */
    old_lb = lat[0].lb;
    r = fe_ready(c, old_lb);
    if (r > c->tnow) {
        if_wait(p, r);
        p->inflight--;
        lat[1].n = 0;
        return tick_full_end(p, true, fwhy);
    }
    lat[1].s = lat[0].s;
    /* fetch: the instruction leaving IF hands its line reference to the
     * one fetched when both are of the same line (the usual case, where
     * the line buffers are not looked at) */
    in = fe_peek_fast(c);
    if (in) {
        lb = c->fe.cur;
        if (lb != old_lb) {
            c->fe.lb[old_lb].refs--;
            c->fe.lb[lb].refs++;
        }
    } else {
        int slow_lb;                /* (lb itself stays out of memory) */

        c->fe.lb[old_lb].refs--;
        in = fe_peek_slow(c, &slow_lb, &fwhy);
        if (!in) {
            p->inflight--;
            lat[0].n = 0;
            lat[0].why = fwhy;
            return tick_full_end(p, true, fwhy);
        }
        lb = slow_lb;
        c->fe.lb[lb].refs++;
    }
    fetch_rec(p, in, lb, true);
    /* as full as before: no change of the instructions in flight */
    if (p->loads_moved) {
        p->loads_moved = false;
        core_occ_set(c, p->occ_loads, p->loads_out);
    }
    return 1;
}

/* The tick at width 1 with some latch empty, or more than five stages
 * (five: the pipeline has five, whose indices are then constants). */
STEP int tick1(struct inorder *p, bool five)
{
    struct core *c = &p->c;
    struct latch *lat = p->lat;
    struct latch *m = five ? &lat[3] : p->m, *x = five ? &lat[2] : p->x;
    struct latch *d = five ? &lat[1] : p->d;
    uint32_t mems = five ? 3 : p->mems, exs = five ? 2 : p->exs;
    struct slot *s;
    bool moved = false;
    uint8_t why, fwhy = CPI_FRONTEND;
    int h;

    /* MEM -> WB: retire */
    if (m->n) {
        s = m->s;
        if ((s->has & G_HOLD) && s->done > c->tnow) {
            why = mem_wait1(p, s);
            p->stall[mems] = why;
            core_charge(c, why, 1);
        } else {
            moved = retire1(p, m, false);
            pv_check(p);
        }
    } else {
        core_charge(c, m->why, 1);
    }

    /* EX -> MEM */
    if (m->n == 0) {
        if (x->n) {
            s = x->s;
            if (!(s->has & G_MEM) || mem_send1(p, s, &why)) {
                *m = *x;
                x->n = 0;
                if (s->has & G_ATTN)
                    arrive(p, mems, s);
                moved = true;
            } else {
                p->stall[exs] = why;
                m->why = why;
            }
        } else {
            m->why = x->why;
        }
    } else {
        p->stall[exs] = p->stall[mems];
    }

    /* ID -> EX */
    if (x->n == 0) {
        if (d->n) {
            s = d->s;
            h = hazard1(p, s, &p->opc[s->op], c->now);
            if (h < 0) {
                issue_one(p, s, &p->opc[s->op], c->now);
                if (s->has & G_ATTN)
                    arrive(p, exs, s);
                *x = *d;
                d->n = 0;
                moved = true;
            } else {
                p->stall[exs - 1] = (uint8_t)h;
                x->why = (uint8_t)h;
                p->st.issue_stalls++;
                if (s->has & G_ATTN)
                    resolve_late(p, s);
            }
        } else {
            x->why = d->why;
        }
    }

    /* the front end: IF .. ID-1 */
    if (!five && p->exs > 2 && fe_stages(p))
        moved = true;
    if (lat[1].n == 0) {
        struct latch *a = &lat[0];

        if (!a->n) {
            lat[1].why = a->why;
        } else {
            sim_tick r = fe_ready(c, a->lb);

            if (r > c->tnow) {
                if_wait(p, r);
            } else {
                c->fe.lb[a->lb].refs--;     /* the group's reference, taken at fetch */
                lat[1] = *a;
                a->n = 0;
                if (lat[1].s->has & G_ATTN)
                    arrive(p, 1, lat[1].s);
                moved = true;
            }
        }
    }

    /* fetch */
    if (lat[0].n == 0) {
        if (fetch1(p, &fwhy))
            moved = true;
        else
            lat[0].why = fwhy;
    }
    return tick_end(p, moved, fwhy);
}

/* tick1 of a pipeline of more than five stages. */
static __attribute__((noinline)) int tick1_deep(struct inorder *p)
{
    return tick1(p, false);
}

/* Every tick but tick_full's. */
static __attribute__((noinline)) int tick_other(struct inorder *p)
{
    if (p->c.done)
        return 0;
    core_wake_cycle(&p->c);
    if (p->width > 1)
        return tick_wide(p);
    if (p->ns > 5)
        return tick1_deep(p);
    return tick1(p, true);
}

static int inorder_tick(void *self)
{
    struct inorder *p = self;

    if (p->inflight == p->gate)     /* (never once done: nothing is in flight then) */
        return tick_full(p);
    return tick_other(p);
}

/* ---------------------------------------------------------- responses */

static void inorder_resp_at(void *self, int port, sim_req *r)
{
    struct inorder *p = self;
    struct core *c = &p->c;
    uint64_t ck = (uint64_t)(uintptr_t)r->ctx;

    if (port == CORE_ICACHE) {
        fe_resp(c, r);
        return;
    }
    if ((ck & CK_KIND) == CK_LOAD) {
        uint32_t li = (uint32_t)(ck & 0xffff);
        struct ld *l = &p->ld[li];

        if (li < MAXLD && (p->ld_used >> li & 1) && l->seq == ((ck & ~CK_KIND) >> 16)) {
            struct slot *s = l->slot;
            sim_tick now = sim_time(c->comp);
            uint8_t w = load_data(p, l->seq, l->ex, l->dst, l->sent, now);

            if (s->seq == l->seq && (s->has & G_SENT)) {
                s->done = now;
                s->dwhy = w;
            }
            p->ld_used &= ~(1ull << li);
            p->loads_out--;
            p->loads_moved = true;
            c->dpend--;
        }
    } else if ((ck & CK_KIND) == CK_STORE) {
        p->stores_out--;
    }
    c->outstanding--;
    sim_req_free(c->comp, r);
    if (!c->done)
        sim_wake(c->comp);
}

static void inorder_retry(void *self, int port, int idx)
{
    core_retry(&((struct inorder *)self)->c, port);
}

static void inorder_energy_model(void *self, const sim_tech *tech, double *ej, double *leak)
{
    struct inorder *p = self;
    struct core_arrays a = { 32, 32, 2 * p->cfg.c.width, p->cfg.c.width };

    core_energy_model(&p->c, tech, &a, ej, leak);
}

static uint64_t inorder_warm(void *self, uint64_t n)
{
    struct inorder *p = self;

    return core_warm(&p->c, n);
}

const sim_type pipelines_inorder = {
    .name = "inorder",
    .doc = "In-order pipeline (5-stage by default): scoreboard, forwarding, FU latencies, "
           "blocking or non-blocking loads, branch resolution stage, CPI stack.",
    .params = inorder_params, .n_params = SIM_COUNT(inorder_params),
    .stats = inorder_stats, .n_stats = SIM_COUNT(inorder_stats),
    .energy = inorder_energy, .n_energy = SIM_COUNT(inorder_energy),
    .ports = inorder_ports, .n_ports = SIM_COUNT(inorder_ports),
    .cfg_size = sizeof(struct inorder_cfg), .init = inorder_init, .start = inorder_start,
    .fini = inorder_fini, .tick = inorder_tick, .resp_at = inorder_resp_at,
    .retry = inorder_retry, .energy_model = inorder_energy_model, .reset = inorder_reset,
    .sync = inorder_sync, .warm = inorder_warm,
};
