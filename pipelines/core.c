/* pipelines/core.c - the parts the in-order and out-of-order cores share
 * (see core.h): set-up, the front end's record ring and line buffers,
 * memory requests in either timing style, functional-unit pools, cycle and
 * CPI accounting across sleeps, and the energy model of the shared rows.
 *
 * Fetch lines: up to FE_LINES line buffers, each one I-cache line requested
 * once; instructions fetched from a line hold a reference on it until they
 * leave the fetch stage, so a buffer is only reused when nothing waits on
 * it. A response to a reused buffer (its generation changed) is dropped.
 * A line still in a buffer is fetched from it without an I-cache access, so
 * the buffers act as a small loop buffer: a loop of up to FE_LINES lines
 * whose lines stay buffered reads the I-cache once per line, not once per
 * iteration (I-cache accesses and their energy count the line requests).
 * With fetch_ahead, entering a line also requests the next sequential one,
 * which hides the I-cache hit latency on straight-line code.
 *
 * Wrong-path fetch (wrong_path_fetch; after Pierce & Mudge, "Wrong-path
 * instruction prefetching", MICRO 1996, and ChampSim's wrong-path fetch):
 * the records follow the correct path only, so by default a mispredicted
 * branch stops fetch until its redirect. With the parameter on, the front
 * end goes on requesting I-cache lines down the path the predictor chose
 * while it waits: from the cycle after the branch is fetched until the
 * redirect (the core's next fe_block), one line per cycle at most (the rate
 * fetch takes lines), at most wrong_path_lines of them, while fewer than
 * FE_LINES line requests are in flight, and only in cycles the core's fetch
 * stage looks for a record (the in-order core's IF empty, the OoO fetch
 * queue not full). The path starts at the predicted target - the BTB's
 * target for a conditional branch predicted taken (the decoded direct
 * target on a BTB miss) or an indirect jump with a BTB entry, the top of
 * the RAS for a return - or at the fall-through when the branch was
 * predicted not taken or no target was predicted, and goes on
 * sequentially. Its lines go to the I-cache as fetches (polluting it and
 * the levels below, and prefetching what the correct path may need later);
 * a line already in a line buffer is not requested again.
 * Approximated: there are no records of the wrong path, so its instructions
 * are not decoded - a taken branch on it is not followed and the path runs
 * straight on to the bound; none of them enters the pipeline or the ROB,
 * makes a data access or updates the predictor. Wrong-path lines take no
 * line buffer and no fetch-queue room (a real front end would hold them in
 * its fetch buffer until the redirect flushes it): every response is
 * dropped, and counted late when it comes after the redirect; the correct
 * path gets a wrong-path line only through the I-cache (a hit, or a merge
 * with the request still in flight), never from a line buffer. Misfetches
 * (redirected at decode, a cycle or two) and warming (core_warm.c) fetch no
 * wrong path. wrong_path_used counts correct-path line requests for a line
 * among the last 64 the wrong path requested (direct-mapped by line
 * number): an upper bound of the useful ones, as the line may have been in
 * the I-cache anyway.
 *
 * Not modelled: a data access that crosses a line boundary is one request,
 * to the line of its first byte; the second line is not accessed (no miss,
 * no energy for it). Compilers keep data aligned, so RISC-V programs rarely
 * make such accesses; a ChampSim trace records one address per operand and
 * ChampSim does the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_tech.h>
#include "pipelines/core.h"

#define FE_CHUNK 32                 /* records pulled from the source at once */
#define CK_IFETCH (1ull << 62)      /* cookie kind of I-cache requests */
#define WP_LB 0xff                  /* line buffer of a wrong-path request: none */
#define WP_RECENT 64                /* wrong-path lines remembered for wrong_path_used */

const uint8_t core_fu_of_op[SIM_OP_COUNT] = {
    [SIM_OP_NOP] = FU_INT,   [SIM_OP_INT] = FU_INT,     [SIM_OP_MUL] = FU_MUL,
    [SIM_OP_DIV] = FU_DIV,   [SIM_OP_FADD] = FU_FADD,   [SIM_OP_FMUL] = FU_FMUL,
    [SIM_OP_FDIV] = FU_FDIV, [SIM_OP_FMA] = FU_FMA,     [SIM_OP_FCVT] = FU_FADD,
    [SIM_OP_FMISC] = FU_FADD, [SIM_OP_LOAD] = FU_LOAD,  [SIM_OP_STORE] = FU_STORE,
    [SIM_OP_AMO] = FU_LOAD,  [SIM_OP_BRANCH] = FU_INT,  [SIM_OP_JUMP] = FU_INT,
    [SIM_OP_CSR] = FU_INT,   [SIM_OP_FENCE] = FU_INT,   [SIM_OP_SYSTEM] = FU_INT,
};

const uint8_t core_pool_of_fu[FU_NCLASS] = {
    [FU_INT] = POOL_ALU,   [FU_MUL] = POOL_MULDIV, [FU_DIV] = POOL_MULDIV,
    [FU_FADD] = POOL_FPU,  [FU_FMUL] = POOL_FPU,   [FU_FDIV] = POOL_FDIV,
    [FU_FMA] = POOL_FPU,   [FU_LOAD] = POOL_LOAD,  [FU_STORE] = POOL_STORE,
};

/* "name: message" from the predictor and pipeview set-up, as a param error. */
static int why_error(sim_error *err, sim_comp *comp, const char *why)
{
    const char *colon = strchr(why, ':');
    size_t len = colon ? (size_t)(colon - why) : 0;
    char name[64];

    if (!colon || len == 0 || len >= sizeof(name) || memchr(why, ' ', len))
        return sim_error_set(err, SIM_ENOMEM, "%s", why);
    memcpy(name, why, len);
    name[len] = '\0';
    sim_param_error(err, comp, name, "%s", colon[1] == ' ' ? colon + 2 : colon + 1);
    return err->code ? err->code : SIM_ECONFIG;
}

static int levels(struct core *c, sim_error *err)
{
    const sim_list *l = &c->cfg->dcache_levels;
    double prev = 0;

    if (l->n != 3) {
        sim_param_error(err, c->comp, "dcache_levels", "expected three cycle counts "
                        "[L1, L2, L3], got %d", l->n);
        return SIM_ECONFIG;
    }
    for (int i = 0; i < 3; i++) {
        char *e;
        double v = strtod(l->items[i], &e);

        if (e == l->items[i] || *e || !(v >= prev) || v > 1e9) {
            sim_param_error(err, c->comp, "dcache_levels", "expected non-decreasing cycle "
                            "counts, got '%s'", l->items[i]);
            return SIM_ECONFIG;
        }
        prev = v;
        c->dlev[i] = (sim_tick)(v * c->period);
    }
    return 0;
}

int core_init(struct core *c, sim_comp *comp, const struct core_cfg *cfg, uint32_t fe_cap,
              const char *const *stage_names, int n_stages, sim_error *err)
{
    char why[256];
    uint32_t cap = 64;

    c->cfg = cfg;
    c->comp = comp;
    c->period = sim_period(comp);
    c->wake_min = NEVER;
    c->wake_slow = true;
    c->last_dwhy = CPI_DL1;
    if (!sim_is_pow2(cfg->line)) {
        sim_param_error(err, comp, "line", "must be a power of two, got %llu",
                        (unsigned long long)cfg->line);
        return SIM_ECONFIG;
    }
    if (levels(c, err))
        return err->code;
    if (bp_init(&c->bp, &cfg->bp, why, sizeof(why)))
        return why_error(err, comp, why);
    if (pv_init(&c->pv, cfg->pipeview, cfg->pipeview_window, stage_names, n_stages,
                cfg->core_id, why, sizeof(why))) {
        bp_fini(&c->bp);
        return why_error(err, comp, why);
    }
    while (cap < fe_cap + 2 * FE_CHUNK)
        cap *= 2;
    c->fe.buf = calloc(cap, sizeof(*c->fe.buf));
    if (!c->fe.buf) {
        core_fini(c);
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    }
    c->fe.mask = cap - 1;
    if (cfg->wrong_path_fetch) {
        c->fe.wp_recent = malloc(WP_RECENT * sizeof(*c->fe.wp_recent));
        if (!c->fe.wp_recent) {
            core_fini(c);
            return sim_error_set(err, SIM_ENOMEM, "out of memory");
        }
        for (int i = 0; i < WP_RECENT; i++)
            c->fe.wp_recent[i] = NEVER;
    }
    for (int i = 0; i < FE_LINES; i++)
        c->fe.lb[i].addr = NEVER;   /* (no line: see fe_peek_line) */
    c->fe.line_shift = sim_log2(cfg->line);
    c->fe.cur_line = NEVER;
    for (int p = 0; p < POOL_N; p++)
        c->st_units[p] = cfg->fu.units[p];
    return 0;
}

void core_fini(struct core *c)
{
    /* a run that stopped before the program ended still gets its trace */
    if (c->pv.path && !c->pv.written) {
        sim_error err;

        if (pv_write(&c->pv, &err))
            sim_log(c->comp, SIM_LOG_WARN, "%s", err.message);
    }
    for (int i = 0; i < c->n_occ; i++)
        free(c->occ[i].hist);
    c->n_occ = 0;
    bp_fini(&c->bp);
    pv_fini(&c->pv);
    free(c->fe.buf);
    c->fe.buf = NULL;
    free(c->fe.wp_recent);
    c->fe.wp_recent = NULL;
}

/* The watchdog: a core that neither commits nor fetches further for
 * CORE_WATCHDOG cycles is stuck. It looks when the core wakes (a core woken
 * again and again without progress: a target that refuses and retries for
 * ever) and when it spins because nothing known would wake it (core_sleep),
 * never on the path of a cycle that moves, and keeps no event queued.
 * Progress is read from counters kept up to date as the core goes: a
 * commit counted (the OoO core counts each; the in-order core folds its
 * counts when stats are read) or a record fetched beyond the furthest one
 * so far (a stuck in-order pipeline stops fetching; the OoO core fetches
 * again what a squash threw away, but no further). A core waiting for its
 * source (an idle hart) is not stuck; a core asleep for good ends the run
 * when nothing else is left (SIM_RUN_IDLE), which is no hang. */
static void watch(struct core *c)
{
    if (c->st.committed != c->wd_committed || c->seq > c->wd_seq || c->fe.src_wait) {
        c->wd_committed = c->st.committed;
        if (c->seq > c->wd_seq)
            c->wd_seq = c->seq;
        c->wd_cycle = c->now;
        return;
    }
    if (c->now - c->wd_cycle < CORE_WATCHDOG)
        return;
    sim_comp_type(c->comp)->sync(sim_comp_self(c->comp));   /* the count to report */
    sim_fail(c->comp, SIM_EWORKLOAD, "no instruction committed in %llu cycles (cycle %llu, "
             "%llu committed, %u memory requests in flight): the pipeline is stuck",
             (unsigned long long)(c->now - c->wd_cycle), (unsigned long long)c->now,
             (unsigned long long)c->st.committed, c->outstanding);
}

void core_start(struct core *c)
{
    c->ic_on = sim_port_count(c->comp, CORE_ICACHE) > 0;
    c->dc_on = sim_port_count(c->comp, CORE_DCACHE) > 0;
    c->wp_on = c->cfg->wrong_path_fetch && c->ic_on;   /* no I-cache: nothing to pollute */
    sim_workload_start(c->comp);
    c->started = true;
    c->wd_committed = UINT64_MAX;   /* watch's first look starts the count */
}

/* ------------------------------------------------------------ memory */

void core_retry(struct core *c, int port)
{
    if (port >= 0 && port < 3)
        c->blocked[port] = false;
    if (!c->done)
        sim_wake(c->comp);
}

/* ---------------------------------------------------------- front end */

/* Only called with the ring empty: the records taken last stay untouched
 * (see core_init). */
static bool refill(struct core *c)
{
    struct fe *f = &c->fe;
    uint32_t cap = f->mask + 1, tail = (f->head + f->n) & f->mask;
    uint32_t room = cap - f->n, k = cap - tail;
    int got;

    if (k > room)
        k = room;
    if (k > FE_CHUNK)
        k = FE_CHUNK;
    if (k == 0)
        return f->n > 0;
    got = sim_insts_fetch(c->comp, CORE_INSTS, &f->buf[tail], (int)k);
    if (got <= 0) {
        f->src_wait = got == SIM_INSTS_WAIT;
        f->src_end = !f->src_wait;
        return false;
    }
    f->src_end = f->src_wait = false;
    f->n += (uint32_t)got;
    return true;
}

static int find_line(const struct fe *f, uint64_t line)
{
    for (int i = 0; i < FE_LINES; i++)
        if (f->lb[i].valid && f->lb[i].addr == line)
            return i;
    return -1;
}

static int request_line(struct core *c, uint64_t line, uint64_t pc)
{
    struct fe *f = &c->fe;
    int v = -1;
    sim_tick done;
    int rc;

    for (int i = 0; i < FE_LINES; i++) {
        if (f->lb[i].refs)
            continue;
        if (!f->lb[i].valid) {
            v = i;
            break;
        }
        if (v < 0 || f->lb[i].stamp < f->lb[v].stamp)
            v = i;
    }
    if (v < 0)
        return -1;
    rc = core_send(c, CORE_ICACHE, SIM_IFETCH, line << f->line_shift, (uint32_t)c->cfg->line,
                   pc, CK_IFETCH | ((uint64_t)(f->lb[v].gen + 1) << 8) | (uint64_t)v, &done);
    if (rc < 0)
        return -1;
    f->lb[v].gen++;
    f->lb[v].valid = true;
    f->lb[v].addr = line;
    if (v == f->cur)
        f->cur_line = line;
    f->lb[v].ready = rc > 0 ? done : NEVER;
    f->lb[v].stamp = ++f->stamp;
    c->st.ifetch_lines++;
    if (f->wp_recent && f->wp_recent[line & (WP_RECENT - 1)] == line) {
        f->wp_recent[line & (WP_RECENT - 1)] = NEVER;  /* counted once */
        c->st.wp_used++;
    }
    return v;
}

/* The record in is fetched from line buffer lb, now the last fetch's. */
static inline const sim_inst *fe_enter(struct core *c, const sim_inst *in, int lb, int *lbp)
{
    struct fe *f = &c->fe;

    f->lb[lb].stamp = ++f->stamp;
    f->cur = lb;
    f->cur_line = f->lb[lb].addr;   /* (fetch ahead may have taken the buffer) */
    *lbp = lb;
    return in;
}

/* No line buffer holds the line of the record in: request it. */
static __attribute__((noinline)) const sim_inst *fe_line_miss(struct core *c,
                                                              const sim_inst *in,
                                                              uint64_t line, int *lbp,
                                                              uint8_t *why)
{
    struct fe *f = &c->fe;
    int lb = request_line(c, line, in->pc);

    if (lb < 0) {
        c->st.fetch_stalls_icache++;
        *why = CPI_ICACHE;
        return NULL;
    }
    if (c->cfg->fetch_ahead && find_line(f, line + 1) < 0)
        request_line(c, line + 1, (line + 1) << f->line_shift);
    return fe_enter(c, in, lb, lbp);
}

/* fe_peek_slow with a record at hand and fetch not blocked. Invalid line
 * buffers have the address NEVER, which no line has. */
static inline const sim_inst *fe_peek_line(struct core *c, int *lbp, uint8_t *why)
{
    struct fe *f = &c->fe;
    const sim_inst *in = &f->buf[f->head];
    uint64_t line = in->pc >> f->line_shift;

    if (f->lb[f->cur].addr == line) {
        *lbp = f->cur;              /* the line of the last fetch */
        return in;
    }
    for (int lb = 0; lb < FE_LINES; lb++)
        if (f->lb[lb].addr == line)
            return fe_enter(c, in, lb, lbp);
    return fe_line_miss(c, in, line, lbp, why);
}

/* fe_peek_slow with the ring empty. */
static __attribute__((noinline)) const sim_inst *fe_peek_refill(struct core *c, int *lbp,
                                                                uint8_t *why)
{
    if (!refill(c)) {
        *why = CPI_FRONTEND;
        return NULL;
    }
    return fe_peek_line(c, lbp, why);
}

/* ---- wrong-path fetch (see the head of the file) */

int core_predict_wp(struct core *c, const sim_inst *in)
{
    uint64_t t = 0;
    bool hit = bp_peek_target(&c->bp, in, &t);  /* before bp_predict updates the BTB/RAS */
    int r = bp_predict(&c->bp, in);
    uint64_t next = in->pc + in->size;

    if (r != BP_MISPREDICT)
        return r;
    if (in->branch == SIM_BR_COND && in->taken)
        c->fe.wp_pc = next;         /* predicted not taken */
    else if (hit)
        c->fe.wp_pc = t;            /* predicted taken (or a return or indirect target) */
    else if (in->branch == SIM_BR_COND && in->target)
        c->fe.wp_pc = in->target;   /* predicted taken, BTB miss: decode's direct target */
    else
        c->fe.wp_pc = next;         /* no target predicted: fetch goes on sequentially */
    return r;
}

void fe_wp_start(struct core *c)
{
    struct fe *f = &c->fe;

    f->wp_path = true;
    f->wp_left = c->cfg->wrong_path_lines;
    f->wp_line = f->wp_pc >> f->line_shift;
    f->wp_cycle = c->now;           /* the branch's fetch cycle: the path starts after it */
    f->wp_epoch++;
    core_wake_hint(c, (c->now + 1) * c->period);
}

/* Fetch blocked on a mispredicted branch: the next wrong-path line, one
 * per cycle. A cycle that requests nothing because FE_LINES requests are in
 * flight or the I-cache refused waits for a response or its retry, which
 * wake the core. */
static __attribute__((noinline)) void wp_step(struct core *c)
{
    struct fe *f = &c->fe;
    uint64_t line = f->wp_line;
    sim_tick done;

    if (c->now <= f->wp_cycle) {    /* this cycle's line is out */
        core_wake_hint(c, (f->wp_cycle + 1) * c->period);
        return;
    }
    if (find_line(f, line) >= 0) {
        c->st.wp_lb_hits++;
    } else {
        if (c->ic_out >= FE_LINES)
            return;
        if (core_send(c, CORE_ICACHE, SIM_IFETCH, line << f->line_shift,
                      (uint32_t)c->cfg->line, line << f->line_shift,
                      CK_IFETCH | ((uint64_t)f->wp_epoch << 8) | WP_LB, &done) < 0)
            return;
        c->st.wp_lines++;
        f->wp_recent[line & (WP_RECENT - 1)] = line;
    }
    f->wp_cycle = c->now;
    f->wp_line = line + 1;
    if (--f->wp_left)
        core_wake_hint(c, (c->now + 1) * c->period);
}

/* The calls are tail calls to functions of their own: the usual case here,
 * the record in another line buffer, needs no registers saved. */
const sim_inst *fe_peek_slow(struct core *c, int *lbp, uint8_t *why)
{
    struct fe *f = &c->fe;

    if (c->now < f->resume) {       /* (resume 0: not blocked) */
        *why = f->why;
        if (f->resume != NEVER)
            core_wake_hint(c, f->resume * c->period);
        else if (f->wp_path && f->wp_left)
            wp_step(c);
        return NULL;
    }
    if (f->n == 0)
        return fe_peek_refill(c, lbp, why);
    return fe_peek_line(c, lbp, why);
}



void fe_unget(struct core *c, const sim_inst *in)
{
    struct fe *f = &c->fe;

    /* the ring holds the ROB and front-end queue with room to spare */
    f->head = (f->head - 1) & f->mask;
    f->buf[f->head] = *in;
    f->n++;
}

void fe_resp(struct core *c, sim_req *r)
{
    uint64_t ck = (uint64_t)(uintptr_t)r->ctx;
    int i = (int)(ck & 0xff);
    uint32_t gen = (uint32_t)(ck >> 8);

    if (i < FE_LINES && c->fe.lb[i].valid && c->fe.lb[i].gen == gen)
        c->fe.lb[i].ready = sim_time(c->comp);
    else if (i == WP_LB && (!c->fe.wp_path || gen != c->fe.wp_epoch))
        c->st.wp_late++;            /* a wrong-path line, after its redirect */
    c->outstanding--;
    c->ic_out--;
    sim_req_free(c->comp, r);
    if (!c->done)
        sim_wake(c->comp);
}

/* --------------------------------------------------- functional units */


/* ---------------------------------------------------------- accounting */

/* k samples of v at once (sim_dist_add's bucketing, weighted). */
static void dist_add(sim_dist *d, uint32_t v, uint64_t k)
{
    double x = v;

    d->count += k;
    d->sum += x * k;
    d->sumsq += x * x * k;
    if (x < d->min)
        d->min = x;
    if (x > d->max)
        d->max = x;
    if (d->width > 0) {
        if (x < d->lo) {
            d->under += k;
        } else {
            uint64_t q = (uint64_t)((x - d->lo) / d->width);

            if (q < d->n)
                d->bucket[q] += k;
            else
                d->over += k;
        }
    } else {
        uint32_t i = v ? sim_log2(v) + 1 : 0;

        if (i < d->n)
            d->bucket[i] += k;
        else
            d->over += k;
    }
}

struct core_occ *core_occ_add(struct core *c, sim_dist *d, uint32_t max, sim_error *err)
{
    struct core_occ *o;

    if (c->n_occ == CORE_OCC) {
        sim_error_set(err, SIM_EINVAL, "too many occupancy statistics");
        return NULL;
    }
    o = &c->occ[c->n_occ];
    o->hist = sim_zalloc(err, ((size_t)max + 1) * sizeof(*o->hist));
    if (!o->hist)
        return NULL;
    c->n_occ++;
    o->d = d;
    o->v = 0;
    o->max = max;
    o->lazy = false;
    return o;
}

struct core_occ *core_occ_add_lazy(struct core *c, sim_dist *d, uint32_t max, sim_error *err)
{
    struct core_occ *o = core_occ_add(c, d, max, err);

    if (o)
        o->lazy = true;
    return o;
}

/* Cycles [since, upto) of a lazy occupancy into its histogram. */
static void occ_catch_up(struct core_occ *o, uint64_t upto)
{
    if (upto > o->since) {
        o->hist[o->v < o->max ? o->v : o->max] += upto - o->since;
        o->since = upto;
    }
}

/* Fold the histograms into the distributions, from scratch. */
static void occ_flush(struct core *c)
{
    for (int i = 0; i < c->n_occ; i++) {
        struct core_occ *o = &c->occ[i];
        sim_dist *d = o->d;

        if (o->lazy)
            occ_catch_up(o, core_acct(c));

        d->count = d->under = d->over = 0;
        d->sum = d->sumsq = 0;
        d->min = 1.0 / 0.0;
        d->max = -1.0 / 0.0;
        memset(d->bucket, 0, sizeof(d->bucket));
        for (uint32_t v = 0; v <= o->max; v++)
            if (o->hist[v])
                dist_add(d, v, o->hist[v]);
    }
}

void core_reset(struct core *c)
{
    c->acct_folded = core_acct(c);  /* the kernel zeroed cycles and clock */
    c->gated_folded = c->gated;
    c->wd_committed = UINT64_MAX;   /* and committed: watch's next look starts again */
    c->dc_pending = 0;              /* the warm-up's slots, charged to no level */
    for (int i = 0; i < c->n_occ; i++) {
        memset(c->occ[i].hist, 0, ((size_t)c->occ[i].max + 1) * sizeof(*c->occ[i].hist));
        c->occ[i].since = c->acct_folded;   /* the cycles from now on */
    }
    c->st_width = c->st_width_cfg;
    for (int i = 0; i < POOL_N; i++)
        c->st_units[i] = c->cfg->fu.units[i];
}

static void occ_sample(struct core *c, uint64_t k)
{
    for (int i = 0; i < c->n_occ; i++) {
        struct core_occ *o = &c->occ[i];

        if (!o->lazy)               /* a lazy one holds its value meanwhile */
            o->hist[o->v < o->max ? o->v : o->max] += k;
    }
}

static void charge_sleep(struct core *c, uint64_t upto)
{
    if (upto > c->acct) {
        uint64_t k = upto - c->acct;

        core_charge(c, c->sleep_why, k * c->sleep_slots);
        occ_sample(c, k);
        c->acct = upto;
        if (c->idle)
            c->gated += k;
    }
}

uint64_t core_wake_slow(struct core *c)
{
    uint64_t cyc = sim_cycle(c->comp);

    if (c->sleeping)
        charge_sleep(c, cyc);
    if (!c->ticked) {               /* the first cycle accounted */
        for (int i = 0; i < c->n_occ; i++)
            c->occ[i].since = cyc;
        c->acct = c->acct_folded = cyc;
    }
    c->ticked = true;
    c->sleeping = false;
    c->idle = false;
    c->wake_slow = false;
    c->now = cyc;
    c->tnow = cyc * c->period;
    c->wake_min = NEVER;
    watch(c);
    return cyc;
}

static int sleep_until_woken(struct core *c, uint8_t why, uint32_t slots)
{
    c->acct = c->now + 1;
    c->sleeping = true;
    c->wake_slow = true;
    c->sleep_why = why;
    c->sleep_slots = slots;
    if (c->wake_min != NEVER)
        sim_wake_at(c->comp, c->wake_min);
    return 0;
}

int core_sleep(struct core *c, uint8_t why, uint32_t slots)
{
    sim_tick next = (c->now + 1) * c->period;

    if (c->wake_min <= next)
        return 1;
    if (c->wake_min == NEVER && c->outstanding == 0 && !c->blocked[CORE_ICACHE] &&
        !c->blocked[CORE_DCACHE]) {
        watch(c);
        return 1;                   /* nothing would wake us: keep ticking */
    }
    return sleep_until_woken(c, why, slots);
}

int core_idle(struct core *c, uint32_t slots)
{
    sleep_until_woken(c, CPI_FRONTEND, slots);
    c->idle = true;
    return 0;
}

void core_sync(struct core *c)
{
    if (c->sleeping && !c->done)
        charge_sleep(c, sim_cycle(c->comp));
    c->st.cycles += core_acct(c) - c->acct_folded;
    c->ev.clock += core_acct(c) - c->acct_folded - (c->gated - c->gated_folded);
    c->st.idle_cycles += c->gated - c->gated_folded;
    c->acct_folded = core_acct(c);
    c->gated_folded = c->gated;
    c->st.cpi[CPI_INFLIGHT] = c->dc_pending;
    occ_flush(c);
}

void core_pv_write(struct core *c)
{
    sim_error err;

    if (c->pv.path && !c->pv.written && pv_write(&c->pv, &err))
        sim_fail(c->comp, err.code, "%s", err.message);
}

void core_finish(struct core *c)
{
    c->done = true;
    c->st.cpi[CPI_DMEM] += c->dc_pending;
    c->dc_pending = 0;
    c->st.cpi[CPI_INFLIGHT] = 0;
    occ_flush(c);
    core_pv_write(c);
    sim_exit(c->comp, 0);
}


/* -------------------------------------------------------------- energy */

double core_array_j(const sim_tech *tech, uint32_t entries, uint32_t bits, uint32_t rports,
                    uint32_t wports, bool write, double *leak_w)
{
    sim_sram_result r;
    sim_error err;

    if (entries == 0 || bits == 0)
        return 0;
    if (sim_regfile_model(entries, bits, rports ? rports : 1, wports ? wports : 1, tech, &r,
                          &err))
        return 0;
    if (leak_w)
        *leak_w += r.leakage_w;
    return write ? r.write_j : r.read_j;
}

/* The technology's core figures for this core's issue width. */
static void core_figures(const struct core *c, const sim_tech *tech, sim_core_energy *ce)
{
    sim_core_energy_model(tech, c->st_width > 0 ? c->st_width : 1, ce);
}

double core_rename_j(const struct core *c, const sim_tech *tech)
{
    sim_core_energy ce;

    core_figures(c, tech, &ce);
    return ce.rename_j;
}

void core_energy_model(const struct core *c, const sim_tech *tech, const struct core_arrays *a,
                       double *ej, double *leak_w)
{
    const struct bp_cfg *b = &c->cfg->bp;
    sim_core_energy ce;
    double leak = 0;
    uint32_t bp_entries = b->table, bp_bits = 2;

    core_figures(c, tech, &ce);
    ej[CE_FETCH] = ce.fetch_j;
    ej[CE_DECODE] = ce.decode_j;
    ej[CE_CLOCK] = ce.clock_j;
    for (int op = SIM_OP_NOP + 1; op < SIM_OP_COUNT; op++)
        ej[CE_OF_OP(op)] = ce.op_j[op];
    ej[CE_INT_RF_READ] = core_array_j(tech, a->int_regs, 64, a->rports, a->wports, false, &leak);
    ej[CE_INT_RF_WRITE] = core_array_j(tech, a->int_regs, 64, a->rports, a->wports, true, NULL);
    ej[CE_FP_RF_READ] = core_array_j(tech, a->fp_regs, 64, a->rports, a->wports, false, &leak);
    ej[CE_FP_RF_WRITE] = core_array_j(tech, a->fp_regs, 64, a->rports, a->wports, true, NULL);
    if (strcmp(b->kind, "tage") == 0) {
        bp_entries = b->tage_size;
        bp_bits = b->tage_tag_bits + 5;
    } else if (strcmp(b->kind, "static") == 0) {
        bp_entries = 0;
    }
    ej[CE_BP_READ] = core_array_j(tech, bp_entries, bp_bits, 1, 1, false, &leak);
    ej[CE_BP_WRITE] = core_array_j(tech, bp_entries, bp_bits, 1, 1, true, NULL);
    ej[CE_BTB_READ] = core_array_j(tech, b->btb_sets * b->btb_ways, 96, 1, 1, false, &leak);
    ej[CE_BTB_WRITE] = core_array_j(tech, b->btb_sets * b->btb_ways, 96, 1, 1, true, NULL);
    ej[CE_RAS] = core_array_j(tech, b->ras, 64, 1, 1, false, &leak);
    *leak_w = ce.leakage_w + leak;
}
