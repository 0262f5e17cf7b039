/* memsys/coherence.c - the transaction engine shared by the snooping bus
 * (snoopbus.c) and the directory (directory.c): both timing styles, the
 * ordering of transactions to one line, data movement to and from memory,
 * and the single-writer / multiple-reader check. What happens to the other
 * caches on a request is the controller's `resolve` (see coherence.h).
 *
 * A request from cache i (its connection index on `cpu`) is resolved at
 * once: snoops and forwards reach the other caches functionally, as LT
 * calls on `snoop` (connection i is cache i there too). Then the data moves:
 * from memory (a read on `mem`), from the peer that supplied it, or not at
 * all (upgrades); victims go down on `mem`, dirty ones (writebacks) and
 * clean ones alike (SIM_EVICT, sent by caches with clean_evict, for an
 * exclusive cache below: the cache ignores them otherwise). Loosely-timed, the latency returned is
 *   wait for the medium + resolve delay + memory latency (if read) + transfer.
 * Approximately-timed, requests queue (refused when full), one starts per
 * `addr_occ` (plus the transfer on a bus), a request to a line with a
 * transaction still in flight waits for it to be answered (so no request
 * ever sees a line between the grant and the requester's fill), and memory
 * traffic goes through `mem` with accept/retry.
 *
 * With `check` on, every transaction reads the line's state in all caches
 * before (as they are) and after (the requester's as granted) and stops the
 * run if two hold it writable or a writer has company. Costs 2n peeks, in
 * host time only: a peek counts no statistic or energy event and touches
 * no replacement state (coherence.h), so every statistic but
 * invariant_checks is the same with the check off. Measured (host time,
 * median of 3): +2 to 5 % on configs/riscv-4core-threads.yaml running
 * threads (+6.5 % instructions; +5 to 7 % with a directory), +22 % on
 * configs/memsys/4core-mesi.yaml, where traffic generators leave little
 * but coherence to simulate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memsys/coherence.h"

static void wake_fire(void *self, void *arg)
{
    struct coh_engine *e = self;

    sim_wake(e->comp);
}

/* Wake at `when` (> now). An event of our own rather than sim_wake_at:
 * this kernel's sim_wake_at re-initialises its event while it may still be
 * queued for a later time, which corrupts the event queue. */
static void wake_at(struct coh_engine *e, sim_tick when)
{
    if (!sim_event_armed(&e->wake) || when < e->wake.when)
        sim_schedule(e->comp, &e->wake, when, SIM_PRIO_DEFAULT);
}

int coh_init(struct coh_engine *e, sim_comp *comp, const struct coh_ops *ops, void *owner,
             uint32_t queue, uint64_t line, bool check, bool moesi, sim_error *err)
{
    memset(e, 0, sizeof(*e));
    if (!sim_is_pow2(line)) {
        sim_param_error(err, comp, "line", "must be a power of two, got %llu",
                        (unsigned long long)line);
        return -1;
    }
    e->comp = comp;
    sim_event_init(&e->wake, wake_fire, e, NULL);
    e->ops = ops;
    e->owner = owner;
    e->line_bytes = (uint32_t)line;
    e->line_shift = sim_log2(line);
    e->check = check;
    e->moesi = moesi;
    e->qcap = queue;
    e->q = sim_zalloc(err, queue * sizeof(*e->q));
    e->fl = e->q ? sim_zalloc(err, queue * sizeof(*e->fl)) : NULL;
    if (!e->fl) {
        free(e->q);
        return -1;
    }
    return 0;
}

int coh_start(struct coh_engine *e, int max_n, sim_error *err)
{
    int n = sim_port_count(e->comp, COH_PORT_CPU);
    int ns = sim_port_count(e->comp, COH_PORT_SNOOP);

    if (ns != n)                    /* at the first connection without its partner */
        return sim_port_error(err, e->comp, n > ns ? COH_PORT_CPU : COH_PORT_SNOOP,
                              n > ns ? ns : n, "%s: %d connections on cpu but %d on snoop; "
                              "connect each cache's mem to cpu and snoop to its snoop port, "
                              "in the same order", sim_comp_name(e->comp), n, ns);
    if (n > max_n)
        return sim_port_error(err, e->comp, COH_PORT_CPU, max_n, "%s: %d caches connected, "
                              "at most %d", sim_comp_name(e->comp), n, max_n);
    e->n = n;
    e->states = sim_zalloc(err, (size_t)(n ? n : 1));
    return e->states ? 0 : SIM_ENOMEM;
}

void coh_fini(struct coh_engine *e)
{
    free(e->q);
    free(e->fl);
    free(e->states);
}

/* ------------------------------------------------------------ snoops */

/* A request on the stack for an LT call, without zeroing the AT route. */
static inline void lt_req(sim_req *d)
{
    d->addr = d->pc = d->id = 0;
    d->issue = 0;
    d->size = 0;
    d->cmd = d->state = 0;
    d->core = d->in_idx = d->flags = 0;
    d->ctx = NULL;
    d->depth = 0;
    d->next = NULL;
}

uint8_t coh_snoop(struct coh_engine *e, int j, int cmd, uint64_t line, bool *dirty,
                  bool *present, sim_tick *lat)
{
    sim_req q;
    sim_tick t;

    lt_req(&q);
    q.cmd = (uint8_t)cmd;
    q.addr = line << e->line_shift;
    q.size = e->line_bytes;
    q.flags = cmd == SIM_READ && e->moesi ? COH_MOESI : 0;
    t = sim_send_lt_to(e->comp, COH_PORT_SNOOP, j, &q);
    if (t > *lat)
        *lat = t;
    *dirty = (q.flags & COH_DIRTY) != 0;
    *present = (q.flags & COH_PRESENT) != 0;
    if (!e->broadcast)
        e->ev.msgs += 2;            /* the forward or invalidation, and its answer */
    if (*present && cmd == SIM_INVAL)
        e->st.invalidations++;
    else if (*present && q.state != CS_S && q.state != CS_I)
        e->st.downgrades++;
    return q.state;
}

uint8_t coh_peek(struct coh_engine *e, int j, uint64_t line)
{
    sim_req q;

    lt_req(&q);
    q.cmd = SIM_READ;
    q.addr = line << e->line_shift;
    q.size = e->line_bytes;
    q.flags = COH_PROBE | COH_PEEK;
    sim_send_lt_to(e->comp, COH_PORT_SNOOP, j, &q);
    return q.state;
}

/* -------------------------------------------------------------- checks */

static void verify(struct coh_engine *e, uint64_t line, int from, int as, const char *when)
{
    char msg[256];
    const char *why = NULL;
    int bad, k = 0;

    for (int j = 0; j < e->n; j++)
        e->states[j] = j == from && as >= 0 ? (uint8_t)as : coh_peek(e, j, line);
    e->st.checks++;
    bad = coh_swmr_violation(e->states, e->n);
    if (bad < 0 && e->ops->check)
        why = e->ops->check(e->owner, line, e->states);
    if (bad < 0 && !why)
        return;
    e->st.violations++;
    for (int j = 0; j < e->n && k < (int)sizeof(msg) - 2; j++)
        msg[k++] = coh_letter(e->states[j]);
    msg[k] = '\0';
    sim_fail(e->comp, SIM_ESTATE, "coherence invariant broken %s a request from cache %d: "
             "line 0x%llx is %s in caches 0..%d%s%s", when, from,
             (unsigned long long)(line << e->line_shift), msg, e->n - 1, why ? ": " : "",
             why ? why : "");
}

/* --------------------------------------------------------------- common */

static bool fills(int cmd)
{
    return cmd != SIM_WRITEBACK && cmd != SIM_EVICT && cmd != SIM_WRITE;
}

static void count(struct coh_engine *e, const sim_req *r, const struct coh_result *res)
{
    e->st.transactions++;
    switch (r->cmd) {
    case SIM_WRITEBACK:
        e->st.writebacks++;
        break;
    case SIM_EVICT:
        e->st.evicts++;
        break;
    case SIM_WRITE:
        e->st.writes++;
        break;
    case SIM_READ_EX:
        e->st.getm++;
        break;
    case SIM_UPGRADE:
        e->st.upgrades++;
        break;
    default:
        e->st.gets++;
        break;
    }
    if (res->source == COH_SRC_PEER)
        e->st.c2c++;
    else if (res->source == COH_SRC_MEM)
        e->st.mem_reads++;
    e->st.flushes += res->flush;
    e->ev.arb++;
    e->ev.msgs += e->broadcast ? 1 : 2;     /* the request (and the directory's answer) */
    e->ev.lines += (res->source != COH_SRC_NONE) + (r->cmd == SIM_WRITEBACK) +
                   (r->cmd == SIM_WRITE) + (res->flush && !e->broadcast);
}

/* Resolve r with the checks around it. */
static void resolve(struct coh_engine *e, int from, const sim_req *r, struct coh_result *res,
                    bool at)
{
    e->at = at;
    uint64_t line = r->addr >> e->line_shift;

    memset(res, 0, sizeof(*res));
    if (e->check)
        verify(e, line, from, -1, "before");
    e->ops->resolve(e->owner, from, r, res);
    if (e->check)
        verify(e, line, from, fills(r->cmd) ? res->grant : -1, "after");
    count(e, r, res);
}

/* The medium is busy this long for one transaction. */
static sim_tick occupancy(const struct coh_engine *e, const struct coh_result *res,
                          const sim_req *r)
{
    bool data = res->source != COH_SRC_NONE || !fills(r->cmd);

    return e->addr_occ + (e->xfer_occupies && data ? e->xfer : 0);
}

/* ------------------------------------------------------ loosely-timed */

static void post_lt(struct coh_engine *e, int cmd, uint64_t addr, uint32_t size)
{
    sim_req d;

    lt_req(&d);
    d.cmd = (uint8_t)cmd;
    d.addr = addr;
    d.size = size;
    d.state = cmd == SIM_WRITEBACK ? CS_M : 0;
    sim_send_lt(e->comp, COH_PORT_MEM, &d);
}

sim_tick coh_access_lt(struct coh_engine *e, sim_req *r)
{
    sim_tick now = sim_time(e->comp);
    sim_tick start = e->busy_until > now ? e->busy_until : now;
    uint64_t line = r->addr >> e->line_shift;
    struct coh_result res;
    sim_tick t, occ;

    resolve(e, r->in_idx, r, &res, false);
    occ = occupancy(e, &res, r);
    e->busy_until = start + occ;
    e->st.busy += occ;
    t = start - now + res.delay;
    if (res.flush)
        post_lt(e, SIM_WRITEBACK, line << e->line_shift, e->line_bytes);
    switch (r->cmd) {
    case SIM_WRITEBACK:
    case SIM_WRITE:
    case SIM_EVICT:                 /* a clean victim, for an exclusive cache below */
        post_lt(e, r->cmd, r->addr, r->size);
        break;
    default:
        if (res.source == COH_SRC_MEM) {
            sim_req d;

            lt_req(&d);
            d.cmd = SIM_READ;
            d.addr = line << e->line_shift;
            d.size = e->line_bytes;
            d.pc = r->pc;
            d.core = r->core;
            t += sim_send_lt(e->comp, COH_PORT_MEM, &d);
        }
        if (res.source != COH_SRC_NONE)
            t += e->xfer;
        r->state = res.grant;
        break;
    }
    sim_avg_add(&e->st.latency, (double)(t - (start - now)));
    return t;
}

/* ------------------------------------------------ approximately-timed */

static void out_drain(struct coh_engine *e)
{
    while (e->out_head && !e->out_blocked) {
        sim_req *d = e->out_head;

        if (!sim_send_at(e->comp, COH_PORT_MEM, d)) {
            e->out_blocked = true;
            return;
        }
        e->out_head = d->next;
        if (!e->out_head)
            e->out_tail = NULL;
    }
}

static void out_push(struct coh_engine *e, int cmd, uint64_t addr, uint32_t size, void *ctx,
                     const sim_req *cause)
{
    sim_req *d = sim_req_alloc(e->comp);

    if (!d)
        return;
    d->cmd = (uint8_t)cmd;
    d->addr = addr;
    d->size = size;
    d->ctx = ctx;
    d->state = cmd == SIM_WRITEBACK ? CS_M : 0;
    if (cause) {
        d->pc = cause->pc;
        d->core = cause->core;
    }
    d->next = NULL;
    if (e->out_tail)
        e->out_tail->next = d;
    else
        e->out_head = d;
    e->out_tail = d;
    out_drain(e);
}

static bool line_busy(const struct coh_engine *e, uint64_t line, sim_tick now, sim_tick *until)
{
    for (uint32_t i = 0; i < e->qcap; i++) {
        const struct coh_flight *f = &e->fl[i];

        if (f->valid && f->line == line && f->until > now) {
            if (f->until < *until)
                *until = f->until;
            return true;
        }
    }
    return false;
}

void coh_post_writeback(struct coh_engine *e, uint64_t line)
{
    e->st.flushes++;
    e->ev.lines++;
    if (e->at)
        out_push(e, SIM_WRITEBACK, line << e->line_shift, e->line_bytes, NULL, NULL);
    else
        post_lt(e, SIM_WRITEBACK, line << e->line_shift, e->line_bytes);
}

bool coh_line_in_flight(const struct coh_engine *e, uint64_t line)
{
    sim_tick until = UINT64_MAX;

    return line_busy(e, line, sim_time(e->comp), &until);
}

bool coh_send_at(struct coh_engine *e, sim_req *r)
{
    if (e->qn == e->qcap) {
        e->st.refused++;
        e->refused = true;
        return false;
    }
    e->q[e->qn].r = r;
    e->q[e->qn].arrived = sim_time(e->comp);
    e->qn++;
    sim_wake(e->comp);
    return true;
}

static struct coh_flight *free_flight(struct coh_engine *e, sim_tick now)
{
    for (uint32_t i = 0; i < e->qcap; i++)
        if (!e->fl[i].valid || e->fl[i].until <= now)
            return &e->fl[i];
    return NULL;
}

/* Start the transaction of queue slot i. */
static void start(struct coh_engine *e, uint32_t i, struct coh_flight *f, sim_tick now)
{
    sim_req *r = e->q[i].r;
    uint64_t line = r->addr >> e->line_shift;
    sim_tick occ, done;

    sim_avg_add(&e->st.queue_delay, (double)(now - e->q[i].arrived));
    memmove(e->q + i, e->q + i + 1, (e->qn - i - 1) * sizeof(*e->q));
    e->qn--;
    if (e->refused) {
        e->refused = false;
        sim_retry(e->comp, COH_PORT_CPU);
    }
    f->valid = true;
    f->r = r;
    f->line = line;
    resolve(e, r->in_idx, r, &f->res, true);
    occ = occupancy(e, &f->res, r);
    e->busy_until = now + occ;
    e->st.busy += occ;
    if (f->res.flush)
        out_push(e, SIM_WRITEBACK, line << e->line_shift, e->line_bytes, NULL, NULL);
    if (!fills(r->cmd))
        out_push(e, r->cmd, r->addr, r->size, NULL, r);
    if (fills(r->cmd) && f->res.source == COH_SRC_MEM) {
        f->until = UINT64_MAX;
        out_push(e, SIM_READ, line << e->line_shift, e->line_bytes, f, r);
        return;
    }
    if (fills(r->cmd))
        r->state = f->res.grant;
    done = f->res.delay + (f->res.source != COH_SRC_NONE ? e->xfer : 0);
    f->until = now + done;
    sim_avg_add(&e->st.latency, (double)done);
    sim_respond(e->comp, r, done);
}

int coh_tick(struct coh_engine *e)
{
    sim_tick now = sim_time(e->comp);
    sim_tick wake = UINT64_MAX;

    if (e->busy_until > now)
        return e->qn > 0;
    for (uint32_t i = 0; i < e->qn; i++) {
        uint64_t line = e->q[i].r->addr >> e->line_shift;
        bool earlier = false;
        struct coh_flight *f;

        if (line_busy(e, line, now, &wake))
            continue;
        for (uint32_t j = 0; j < i && !earlier; j++)
            earlier = (e->q[j].r->addr >> e->line_shift) == line;
        if (earlier)
            continue;
        if (e->ops->ready && !e->ops->ready(e->owner, e->q[i].r)) {
            for (uint32_t k = 0; k < e->qcap; k++)
                if (e->fl[k].valid && e->fl[k].until > now && e->fl[k].until < wake)
                    wake = e->fl[k].until;
            continue;
        }
        f = free_flight(e, now);
        if (!f) {
            /* every slot in flight: the first fixed answer frees one */
            for (uint32_t k = 0; k < e->qcap; k++)
                if (e->fl[k].until < wake)
                    wake = e->fl[k].until;
            break;
        }
        start(e, i, f, now);
        return e->qn > 0;
    }
    /* everything waits for lines in flight: sleep until the first is free */
    if (wake != UINT64_MAX)
        wake_at(e, wake);
    return 0;
}

void coh_resp_at(struct coh_engine *e, sim_req *d)
{
    struct coh_flight *f = d->ctx;

    if (d->cmd == SIM_READ && f) {
        sim_tick done = f->res.delay + e->xfer;

        f->r->state = f->res.grant;
        f->until = sim_time(e->comp) + done;
        sim_avg_add(&e->st.latency, (double)(f->until - d->issue));
        sim_respond(e->comp, f->r, done);
        if (f->until > sim_time(e->comp))
            wake_at(e, f->until);
        else
            sim_wake(e->comp);
    }
    sim_req_free(e->comp, d);
}

void coh_retry(struct coh_engine *e)
{
    e->out_blocked = false;
    out_drain(e);
}

/* ------------------------------------------------------------- energy */

void coh_energy(const struct coh_engine *e, const sim_tech *tech, double wire_mm,
                double *event_j)
{
    double wire = sim_wire_energy_j_per_bit_mm(tech) * wire_mm;

    event_j[0] = sim_arbiter_energy_j(tech, (uint32_t)sim_port_count(e->comp, COH_PORT_CPU));
    event_j[1] = COH_MSG_BITS * wire;
    event_j[2] = 8.0 * e->line_bytes * wire;
}
