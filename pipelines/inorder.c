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
 * penalty is exactly branch_stage - 1 cycles (2 in the classic pipeline); a
 * misfetch (taken direct branch missing in the BTB) is redirected by decode
 * (the last front-end stage). Wrong-path instructions are not fetched.
 *
 * CPI stack: every cycle WB takes a group (its instructions count as base,
 * its missing slots to the reason the group was cut short) or a bubble,
 * charged to the reason recorded when the bubble was made: bubbles carry
 * their cause down the pipeline, so the cycles a mispredicted branch costs
 * land in `branch` exactly, a load-use bubble in `dependence` and a D-cache
 * miss in the level its latency points at.
 *
 * Not modelled: register-file port limits, writeback-port conflicts between
 * long operations, store-to-load forwarding (stores are written at MEM and
 * loads read the cache), TLBs, exceptions other than the trap flag (a trap
 * stops fetch until the instruction retires). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_tech.h>
#include "pipelines/core.h"

#define MAXW   16
#define NREG   256
#define MAXLD  64
#define CK_LOAD  (2ull << 62)
#define CK_STORE (3ull << 62)
#define CK_KIND  (3ull << 62)

enum { K_ALU, K_LOAD, K_STORE, K_AMO };
static const uint8_t kind_of_op[SIM_OP_COUNT] = {
    [SIM_OP_LOAD] = K_LOAD, [SIM_OP_STORE] = K_STORE, [SIM_OP_AMO] = K_AMO,
};

struct inorder_cfg {
    struct core_cfg c;
    uint32_t stages;
    uint32_t branch_stage;
    bool forwarding;
    bool blocking_loads;
    uint32_t load_buffer, store_buffer;
};

struct latch {
    uint16_t n;
    uint8_t why;                    /* bubble or short group: the reason */
    int8_t lb;                      /* IF: line buffer of the group */
    uint16_t s[MAXW];               /* slots, oldest first */
};

struct slot {
    sim_inst in;
    uint64_t seq, ex;               /* program order; cycle it entered EX */
    sim_tick done;                  /* load data there from then on; NEVER: waiting */
    uint32_t pv;
    uint8_t bp, fu, kind;
    uint8_t dwhy;                   /* CPI reason while its data is awaited */
    bool sent;
};

struct ld {                         /* a load whose data has not returned */
    uint64_t seq, ex;
    sim_tick sent;
    uint16_t slot;
    uint8_t dst;
    bool used;
};

struct inorder {
    struct inorder_cfg cfg;
    struct core c;
    uint32_t ns, fe, exs, mems;     /* stages; front-end stages; EX and MEM index */
    uint32_t rs_br, rs_mf;          /* stage that resolves mispredicts, misfetches */
    struct latch *lat;              /* IF .. MEM (WB retires at once) */
    struct slot *slots;
    uint16_t *free_slot;
    uint32_t n_free;
    uint64_t reg_ready[NREG];       /* cycle a consumer may enter EX; NEVER: load pending */
    uint8_t reg_why[NREG];          /* CPI reason of waiting on it */
    uint64_t reg_owner[NREG];       /* seq of the pending load writing it */
    uint64_t last_ready;            /* latest result still to come (serialization) */
    struct ld ld[MAXLD];
    uint32_t loads_out, stores_out;
    uint32_t inflight;              /* instructions in IF .. MEM */
    uint8_t stall[16];              /* why each stage could not move this tick */
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
    SIM_PARAM_UINT("stages", struct inorder_cfg, stages, 5, 5, 12,
                   "pipeline depth: IF, the extra front-end stages, ID, EX, MEM, WB"),
    SIM_PARAM_UINT("branch_stage", struct inorder_cfg, branch_stage, 0, 0, 12,
                   "stage (1 = IF) where branches resolve; the misprediction penalty is "
                   "branch_stage - 1 cycles (0: the EX stage)"),
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
    if (core_init(&p->c, comp, &p->cfg.c, 64, p->names, (int)p->ns, err)) {
        free(p);
        return NULL;
    }
    nslots = (p->ns - 1) * cfg->c.width;
    p->lat = calloc(p->ns, sizeof(*p->lat));
    p->slots = calloc(nslots, sizeof(*p->slots));
    p->free_slot = calloc(nslots, sizeof(*p->free_slot));
    if (!p->lat || !p->slots || !p->free_slot) {
        inorder_fini(p);
        sim_error_set(err, SIM_ENOMEM, "out of memory");
        return NULL;
    }
    for (uint32_t i = 0; i < nslots; i++)
        p->free_slot[p->n_free++] = (uint16_t)(nslots - 1 - i);
    for (uint32_t s = 0; s < p->ns; s++) {
        p->lat[s].lb = -1;
        p->lat[s].why = CPI_FRONTEND;
    }
    p->c.st_width = p->c.st_width_cfg = cfg->c.width;
    p->occ_pipe = core_occ_add(&p->c, &p->st.inflight, nslots, err);
    p->occ_loads = p->occ_pipe ? core_occ_add(&p->c, &p->st.loads_out, MAXLD, err) : NULL;
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
    free(p->lat);
    free(p->slots);
    free(p->free_slot);
    free(p);
}

static int inorder_start(void *self, sim_error *err)
{
    struct inorder *p = self;

    core_start(&p->c);
    return 0;
}

static void inorder_reset(void *self)
{
    core_reset(&((struct inorder *)self)->c);
}

static void inorder_sync(void *self)
{
    core_sync(&((struct inorder *)self)->c);
}

/* ------------------------------------------------------------ helpers */

static bool real_reg(uint8_t r)
{
    return r != 0 && r != SIM_REG_NONE;
}

static uint64_t cycle_at(const struct inorder *p, sim_tick t)
{
    return (t + p->c.period - 1) / p->c.period;
}

/* A load's data is there at `done`: its destination becomes ready.
 * Returns the CPI reason of waiting for it (a one-cycle load is the
 * pipeline's own load-use bubble: dependence). */
static uint8_t load_data(struct inorder *p, uint64_t seq, uint64_t ex, uint8_t dst, sim_tick sent,
                      sim_tick done)
{
    uint64_t cyc = cycle_at(p, done);
    sim_tick lat = done - sent;
    uint8_t why = lat <= p->c.period ? CPI_DEP : core_dcache_level(&p->c, lat);

    p->c.st.loads++;
    p->c.st.load_latency_sum += lat;
    core_dcache_verdict(&p->c, why);
    if (real_reg(dst) && p->reg_owner[dst] == seq) {
        uint64_t r = p->cfg.forwarding ? cyc : (cyc > ex + 2 ? cyc : ex + 2) + 1;

        p->reg_ready[dst] = r;
        p->reg_why[dst] = (uint8_t)why;
        if (r > p->last_ready)
            p->last_ready = r;
    }
    return (uint8_t)why;
}

static inline void arrive(struct inorder *p, uint32_t stage, struct slot *s)
{
    struct core *c = &p->c;

    if (s->pv)
        pv_stage(&c->pv, s->pv, (int)stage, c->now);
    if (s->bp != BP_OK && stage == (s->bp == BP_MISPREDICT ? p->rs_br : p->rs_mf))
        fe_block(c, c->now + 1, CPI_BRANCH);
}

static inline void move(struct inorder *p, uint32_t from, uint32_t to)
{
    struct latch *a = &p->lat[from], *b = &p->lat[to];

    b->n = a->n;
    b->why = a->why;
    b->lb = -1;
    for (int i = 0; i < a->n; i++) {
        b->s[i] = a->s[i];
        arrive(p, to, &p->slots[a->s[i]]);
    }
    if (to == p->fe - 1)
        p->c.ev.decode += a->n;
    a->n = 0;
}

/* ----------------------------------------------------------- retire */

static int retire(struct inorder *p)
{
    struct core *c = &p->c;
    struct latch *m = &p->lat[p->mems];
    uint64_t left = sim_insts_left(c->comp);
    int k = m->n < left ? m->n : (int)left;

    for (int i = 0; i < k; i++) {
        struct slot *s = &p->slots[m->s[i]];

        arrive(p, p->ns - 1, s);
        core_commit_one(c, &s->in, s->pv);
        if (s->in.flags & SIM_INST_TRAP)
            fe_block(c, c->now + 1, CPI_SERIAL);
        p->free_slot[p->n_free++] = m->s[i];
    }
    p->inflight -= (uint32_t)k;
    if (k > 0)
        sim_retire(c->comp, (uint64_t)k);
    core_charge(c, CPI_BASE, (uint64_t)k);
    core_charge(c, m->why, c->cfg->width - (uint64_t)k);
    if (k < m->n)
        memmove(m->s, m->s + k, (m->n - k) * sizeof(m->s[0]));
    m->n = (uint16_t)(m->n - k);
    return k;
}

/* ------------------------------------------------------------ MEM */

static bool mem_ready(struct inorder *p, const struct latch *m, uint8_t *why)
{
    for (int i = 0; i < m->n; i++) {
        const struct slot *s = &p->slots[m->s[i]];

        if ((s->kind == K_LOAD && p->cfg.blocking_loads) || s->kind == K_AMO) {
            if (s->done > p->c.tnow) {
                if (s->done != NEVER)
                    core_wake_hint(&p->c, s->done);
                *why = s->done == NEVER ? CPI_DCACHE : s->dwhy;
                return false;
            }
        }
    }
    return true;
}

/* Send the memory accesses of the group entering MEM. */
static bool mem_send(struct inorder *p, struct latch *x, uint8_t *why)
{
    struct core *c = &p->c;

    for (int i = 0; i < x->n; i++) {
        struct slot *s = &p->slots[x->s[i]];
        sim_tick done;
        int rc, li = -1;
        uint64_t ck;

        if (s->kind == K_ALU || s->sent)
            continue;
        if (s->kind == K_STORE) {
            if (p->stores_out >= p->cfg.store_buffer) {
                *why = CPI_SQ;
                return false;
            }
            ck = CK_STORE | (s->seq << 16);
            rc = core_send(c, CORE_DCACHE, SIM_WRITE, s->in.mem_addr, s->in.mem_size,
                           s->in.pc, ck, &done);
            if (rc < 0) {
                *why = CPI_SQ;
                return false;
            }
            if (rc == 0)
                p->stores_out++;
            c->st.stores++;
            s->sent = true;
            continue;
        }
        /* loads and AMOs */
        for (uint32_t j = 0; j < p->cfg.load_buffer; j++)
            if (!p->ld[j].used) {
                li = (int)j;
                break;
            }
        if (li < 0) {
            *why = CPI_LQ;
            return false;
        }
        ck = CK_LOAD | (s->seq << 16) | (uint64_t)li;
        rc = core_send(c, CORE_DCACHE, s->kind == K_AMO ? SIM_WRITE : SIM_READ,
                       s->in.mem_addr, s->in.mem_size ? s->in.mem_size : 8, s->in.pc, ck,
                       &done);
        if (rc < 0) {
            *why = CPI_DCACHE;
            return false;
        }
        s->sent = true;
        if (rc > 0) {
            s->done = done;
            s->dwhy = load_data(p, s->seq, s->ex, s->in.dst[0], c->tnow, done);
        } else {
            struct ld *l = &p->ld[li];

            l->used = true;
            l->seq = s->seq;
            l->ex = s->ex;
            l->sent = c->tnow;
            l->slot = x->s[i];
            l->dst = s->in.dst[0];
            s->done = NEVER;
            p->loads_out++;
            c->dpend++;
        }
    }
    return true;
}

/* ------------------------------------------------------------ issue */

static int fu_lat(const struct inorder *p, const struct slot *s)
{
    return (int)p->cfg.c.fu.lat[s->fu];
}

/* -1 when s may enter EX now, else the CPI reason it waits for. */
static int hazard(struct inorder *p, const struct slot *s)
{
    struct core *c = &p->c;
    uint64_t now = c->now;

    for (int i = 0; i < 3; i++) {
        uint8_t r = s->in.src[i];

        if (!real_reg(r) || p->reg_ready[r] <= now)
            continue;
        if (p->reg_ready[r] != NEVER)
            core_wake_hint(c, p->reg_ready[r] * c->period);
        return p->reg_why[r];
    }
    for (int i = 0; i < 2; i++) {
        uint8_t r = s->in.dst[i];

        if (!real_reg(r) || p->reg_ready[r] <= now + (uint64_t)fu_lat(p, s))
            continue;
        if (p->reg_ready[r] != NEVER)
            core_wake_hint(c, (p->reg_ready[r] - fu_lat(p, s)) * c->period);
        return p->reg_why[r];
    }
    if (s->in.flags & (SIM_INST_SERIAL | SIM_INST_TRAP)) {
        if (p->lat[p->mems].n || p->loads_out || p->stores_out)
            return CPI_SERIAL;
        if (p->last_ready > now) {
            core_wake_hint(c, p->last_ready * c->period);
            return CPI_SERIAL;
        }
    }
    if (!fu_take(c, s->fu, now))
        return CPI_FU;
    return -1;
}

static void issue_one(struct inorder *p, struct slot *s)
{
    struct core *c = &p->c;
    uint64_t now = c->now;
    int lat = fu_lat(p, s);

    s->ex = now;
    for (int i = 0; i < 3; i++) {
        uint8_t r = s->in.src[i];

        if (r == SIM_REG_NONE)
            continue;
        if (r < 32)
            c->ev.int_rf_read++;
        else if (r < 64)
            c->ev.fp_rf_read++;
    }
    for (int i = 0; i < 2; i++) {
        uint8_t r = s->in.dst[i];
        uint64_t ready;

        if (!real_reg(r))
            continue;
        if (s->kind == K_LOAD || s->kind == K_AMO) {
            p->reg_ready[r] = NEVER;
            p->reg_why[r] = CPI_DCACHE;
            p->reg_owner[r] = s->seq;
            continue;
        }
        ready = p->cfg.forwarding ? now + (uint64_t)lat
                                  : now + (uint64_t)(lat > 2 ? lat : 2) + 1;
        p->reg_ready[r] = ready;
        p->reg_why[r] = CPI_DEP;
        p->reg_owner[r] = 0;
        if (ready > p->last_ready)
            p->last_ready = ready;
    }
}

/* ID -> EX: in order, as many as are free of hazards. Returns issued. */
static int issue(struct inorder *p, uint8_t *why)
{
    struct latch *d = &p->lat[p->exs - 1], *x = &p->lat[p->exs];
    int k = 0;

    *why = d->why;
    while (k < d->n) {
        struct slot *s = &p->slots[d->s[k]];
        int h = hazard(p, s);

        if (h >= 0) {
            *why = (uint8_t)h;
            break;
        }
        issue_one(p, s);
        x->s[k] = d->s[k];
        arrive(p, p->exs, s);
        k++;
    }
    if (k == 0)
        return 0;
    x->n = (uint16_t)k;
    x->why = k < d->n ? *why : d->why;
    x->lb = -1;
    if (k < d->n)
        memmove(d->s, d->s + k, (d->n - k) * sizeof(d->s[0]));
    d->n = (uint16_t)(d->n - k);
    return k;
}

/* ------------------------------------------------------------ fetch */

static int fetch(struct inorder *p, uint8_t *why)
{
    struct core *c = &p->c;
    struct latch *f = &p->lat[0];
    int first_lb = -1, n = 0;

    while (n < (int)c->cfg->width) {
        int lb;
        const sim_inst *in = fe_peek(c, &lb, why);
        struct slot *s;
        int r = BP_OK;

        if (!in)
            break;
        if (n > 0 && lb != first_lb) {
            *why = CPI_FRONTEND;    /* a group comes from one fetch line */
            break;
        }
        if (p->n_free == 0) {       /* cannot happen: slots = latches x width */
            *why = CPI_FRONTEND;
            break;
        }
        fe_pop(c, lb);
        if (first_lb < 0) {
            first_lb = lb;
        } else {
            fe_release(c, lb);      /* one reference per group */
        }
        s = &p->slots[p->free_slot[--p->n_free]];
        s->in = *in;
        s->seq = c->seq++;
        s->done = 0;
        s->sent = false;
        s->fu = core_fu_of_op[in->op < SIM_OP_COUNT ? in->op : SIM_OP_NOP];
        s->kind = in->op < SIM_OP_COUNT ? kind_of_op[in->op] : K_ALU;
        s->pv = pv_begin(&c->pv, s->seq, in);
        if (in->branch != SIM_BR_NONE)
            r = bp_predict(&c->bp, in);
        s->bp = (uint8_t)r;
        f->s[n++] = (uint16_t)(s - p->slots);
        arrive(p, 0, s);
        if (r != BP_OK) {
            /* resolved later: fetch waits for it (arrive unblocks at the
             * resolving stage; at stage 0 it already did) */
            if ((r == BP_MISPREDICT ? p->rs_br : p->rs_mf) > 0)
                fe_block(c, NEVER, CPI_BRANCH);
            *why = CPI_BRANCH;
            break;
        }
        if (in->flags & SIM_INST_TRAP) {
            fe_block(c, NEVER, CPI_SERIAL);
            *why = CPI_SERIAL;
            break;
        }
        if (in->branch != SIM_BR_NONE && in->taken) {
            *why = CPI_FRONTEND;    /* one taken branch per cycle */
            break;
        }
    }
    if (n == 0)
        return 0;
    p->inflight += (uint32_t)n;
    f->n = (uint16_t)n;
    f->lb = (int8_t)first_lb;
    f->why = n < (int)c->cfg->width ? *why : CPI_FRONTEND;
    return n;
}

/* ------------------------------------------------------------- tick */

static int inorder_tick(void *self)
{
    struct inorder *p = self;
    struct core *c = &p->c;
    bool moved = false;
    uint8_t why = CPI_FRONTEND, fwhy = CPI_FRONTEND;
    int retired = 0;

    if (c->done)
        return 0;
    core_wake_cycle(c);
    /* stall[] is only read for the oldest stage that did not move, which
     * always writes it: no need to clear it */

    /* MEM -> WB: retire */
    if (p->lat[p->mems].n) {
        if (mem_ready(p, &p->lat[p->mems], &why)) {
            retired = retire(p);
            moved = retired > 0;
            core_pv_check(c);
        } else {
            p->stall[p->mems] = why;
            core_charge(c, why, c->cfg->width);
        }
    } else {
        core_charge(c, p->lat[p->mems].why, c->cfg->width);
    }

    /* EX -> MEM */
    {
        struct latch *x = &p->lat[p->exs], *m = &p->lat[p->mems];

        if (m->n == 0 && x->n) {
            if (mem_send(p, x, &why)) {
                move(p, p->exs, p->mems);
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
    }

    /* ID -> EX */
    {
        struct latch *d = &p->lat[p->exs - 1], *x = &p->lat[p->exs];

        if (x->n == 0 && d->n) {
            if (issue(p, &why) > 0) {
                moved = true;
            } else {
                p->stall[p->exs - 1] = why;
                x->why = why;
                p->st.issue_stalls++;
            }
        } else if (x->n == 0) {
            x->why = d->why;
        }
    }

    /* the front end: IF .. ID-1 */
    for (int s = (int)p->exs - 2; s >= 0; s--) {
        struct latch *a = &p->lat[s], *b = &p->lat[s + 1];

        if (b->n)
            continue;
        if (!a->n) {
            b->why = a->why;
            continue;
        }
        if (s == 0) {
            sim_tick r = fe_ready(c, a->lb);

            if (r > c->tnow) {
                if (r != NEVER)
                    core_wake_hint(c, r);
                p->stall[0] = CPI_ICACHE;
                b->why = CPI_ICACHE;
                continue;
            }
            fe_release(c, a->lb);
        }
        move(p, (uint32_t)s, (uint32_t)s + 1);
        moved = true;
    }

    /* fetch */
    if (p->lat[0].n == 0) {
        if (fetch(p, &fwhy) > 0)
            moved = true;
        else
            p->lat[0].why = fwhy;
    }

    core_occ_sample(p->occ_pipe, p->inflight);
    core_occ_sample(p->occ_loads, p->loads_out);
    core_cycle_end(c);

    if (p->inflight == 0 && p->loads_out == 0 && p->stores_out == 0 && c->fe.src_end &&
        c->fe.n == 0) {
        core_finish(c);
        return 0;
    }
    if (moved)
        return 1;
    /* Frozen: nothing moved. Sleep if every cycle until something changes
     * will be charged the same way: the bubbles between the stall point and
     * WB all carry the stall's reason. */
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
        return core_sleep(c, w, c->cfg->width);
    }
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
        struct ld *l = &p->ld[ck & 0xffff];

        if (l->used && l->seq == ((ck & ~CK_KIND) >> 16)) {
            struct slot *s = &p->slots[l->slot];
            sim_tick now = sim_time(c->comp);
            uint8_t w = load_data(p, l->seq, l->ex, l->dst, l->sent, now);

            if (s->seq == l->seq && s->sent) {
                s->done = now;
                s->dwhy = w;
            }
            l->used = false;
            p->loads_out--;
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
    .sync = inorder_sync,
};
