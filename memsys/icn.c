/* memsys/icn.c - the interconnect engine of memsys/bus.c and memsys/xbar.c
 * (see icn.h): requests wait in a FIFO per input, links are granted on
 * clock edges by round-robin or fixed priority among the inputs whose head
 * request goes that way (head-of-line blocking included), a transfer holds
 * its link for max(1, ceil(bytes / width)) cycles, and arrives `latency`
 * cycles after it ends. Writes carry their data on the request, reads on
 * the response. A request the target refuses is parked at its output until
 * the target's retry; meanwhile no more requests are granted to it.
 *
 * Loosely-timed accesses cross without contention: request and response
 * transfer times and latencies are added to the target's latency.
 * Not modelled: split address/data phases, bursts interleaved on a link,
 * virtual channels, credit-based flow control. */
#include <stdlib.h>
#include <string.h>
#include "icn.h"

static bool data_on_request(const sim_req *r)
{
    return r->cmd == SIM_WRITE || r->cmd == SIM_WRITEBACK;
}

static bool data_on_response(const sim_req *r)
{
    return r->cmd == SIM_READ || r->cmd == SIM_IFETCH || r->cmd == SIM_PREFETCH ||
           r->cmd == SIM_READ_EX;
}

static uint32_t req_bytes(const sim_req *r)
{
    return data_on_request(r) ? r->size : 0;
}

static uint32_t resp_bytes(const sim_req *r)
{
    return data_on_response(r) ? r->size : 0;
}

/* Flits (link cycles) of a transfer of `bytes`, one at least. */
static uint64_t flits(const struct icn *x, uint32_t bytes)
{
    uint64_t cyc = (bytes + x->cfg.width - 1) / x->cfg.width;

    return cyc ? cyc : 1;
}

/* Transfer time of `bytes`, one cycle at least. */
static sim_tick xfer(const struct icn *x, uint32_t bytes)
{
    return sim_cycles(x->comp, flits(x, bytes));
}

static uint32_t route(const struct icn *x, uint64_t addr)
{
    return x->n_out > 1 ? (uint32_t)((addr / x->cfg.interleave) % x->n_out) : 0;
}

static struct icn_link *req_link(struct icn *x, uint32_t out)
{
    return &x->links[x->shared ? 0 : out];
}

static struct icn_link *resp_link(struct icn *x, uint32_t in)
{
    return &x->links[x->shared ? 0 : x->n_out + in];
}

/* ------------------------------------------------------------ request -> input map */

static uint32_t slot_of(const struct icn_map *m, const sim_req *r)
{
    return (uint32_t)(((uintptr_t)r >> 4) * 0x9E3779B1u) & (m->cap - 1);
}

static int map_grow(struct icn_map *m)
{
    struct icn_map old = *m;
    uint32_t cap = old.cap ? 2 * old.cap : 64;

    m->key = calloc(cap, sizeof(*m->key));
    m->val = calloc(cap, sizeof(*m->val));
    if (!m->key || !m->val) {
        free(m->key);
        free(m->val);
        *m = old;
        return -1;
    }
    m->cap = cap;
    m->n = 0;
    for (uint32_t i = 0; i < old.cap; i++)
        if (old.key[i])
            icn_map_put(m, old.key[i], old.val[i]);
    free(old.key);
    free(old.val);
    return 0;
}

int icn_map_put(struct icn_map *m, const sim_req *r, uint32_t in)
{
    uint32_t i;

    if (2 * (m->n + 1) > m->cap && map_grow(m))
        return -1;
    for (i = slot_of(m, r); m->key[i]; i = (i + 1) & (m->cap - 1))
        ;
    m->key[i] = r;
    m->val[i] = in;
    m->n++;
    return 0;
}

/* Linear probing: re-place the run after the removed key. */
uint32_t icn_map_take(struct icn_map *m, const sim_req *r)
{
    uint32_t i = slot_of(m, r), in = 0;

    while (m->key[i] && m->key[i] != r)
        i = (i + 1) & (m->cap - 1);
    if (!m->key[i])
        return 0;                   /* not ours: cannot happen */
    in = m->val[i];
    m->key[i] = NULL;
    m->n--;
    for (i = (i + 1) & (m->cap - 1); m->key[i]; i = (i + 1) & (m->cap - 1)) {
        const sim_req *k = m->key[i];
        uint32_t v = m->val[i];

        m->key[i] = NULL;
        m->n--;
        icn_map_put(m, k, v);
    }
    return in;
}

/* ------------------------------------------------------------ set-up */

int icn_init(struct icn *x, sim_comp *comp, const struct icn_cfg *cfg, bool shared, int in_port,
             int out_port, sim_error *err)
{
    memset(x, 0, sizeof(*x));
    x->cfg = *cfg;
    x->comp = comp;
    x->shared = shared;
    x->in_port = in_port;
    x->out_port = out_port;
    return 0;
}

static void link_fire(void *self, void *arg);

int icn_start(struct icn *x, sim_error *err)
{
    x->n_in = (uint32_t)sim_port_count(x->comp, x->in_port);
    x->n_out = (uint32_t)sim_port_count(x->comp, x->out_port);
    if (x->n_in == 0)
        x->n_in = 1;                /* optional port left open: nothing arrives */
    if (x->n_out == 0)
        x->n_out = 1;
    x->n_links = x->shared ? 1 : x->n_out + x->n_in;
    x->st.links = x->n_links;
    x->inq = calloc(x->n_in, sizeof(*x->inq));
    x->links = calloc(x->n_links, sizeof(*x->links));
    x->outs = calloc(x->n_out, sizeof(*x->outs));
    if (!x->inq || !x->links || !x->outs)
        goto out_nomem;
    for (uint32_t i = 0; i < x->n_in; i++) {
        x->inq[i].e = calloc(x->cfg.queue, sizeof(struct icn_slot));
        if (!x->inq[i].e)
            goto out_nomem;
    }
    for (uint32_t i = 0; i < x->n_links; i++) {
        x->links[i].x = x;
        sim_event_init(&x->links[i].ev, link_fire, &x->links[i], NULL);
    }
    if (!x->shared && map_grow(&x->map))
        goto out_nomem;
    return 0;

out_nomem:
    return sim_error_set(err, SIM_ENOMEM, "%s: out of memory", sim_comp_name(x->comp));
}

void icn_fini(struct icn *x)
{
    if (x->inq)
        for (uint32_t i = 0; i < x->n_in; i++)
            free(x->inq[i].e);
    free(x->inq);
    free(x->links);
    free(x->outs);
    free(x->map.key);
    free(x->map.val);
}

/* ------------------------------------------------------------ AT */

/* Next clock edge at or after t. */
static sim_tick edge(const struct icn *x, sim_tick t)
{
    sim_tick p = sim_period(x->comp);

    return (t + p - 1) / p * p;
}

static void kick(struct icn_link *l)
{
    sim_tick now = sim_time(l->x->comp);
    sim_tick at = edge(l->x, now > l->busy_until ? now : l->busy_until);

    if (!sim_event_armed(&l->ev) || l->ev.when > at)
        sim_schedule(l->x->comp, &l->ev, at, SIM_PRIO_DEFAULT);
}

static void deliver(void *self, void *arg);

/* The input whose head request wins link l, or -1. */
static int arbitrate(struct icn *x, struct icn_link *l)
{
    for (uint32_t k = 0; k < x->n_in; k++) {
        uint32_t i = x->cfg.arbitration == ICN_FIXED ? k : (l->rr + k) % x->n_in;
        struct icn_inq *q = &x->inq[i];
        uint32_t out;

        if (!q->n)
            continue;
        out = q->e[q->head].out;
        if (req_link(x, out) == l && !x->outs[out].park_head)
            return (int)i;
    }
    return -1;
}

static void grant_response(struct icn *x, struct icn_link *l, sim_tick now)
{
    sim_req *r = l->resp_head;
    uint32_t bytes = resp_bytes(r);
    sim_tick t = xfer(x, bytes);

    l->resp_head = r->next;
    if (!l->resp_head)
        l->resp_tail = NULL;
    l->busy_until = now + t;
    x->st.busy_ticks += t;
    x->st.bytes += bytes;
    x->st.responses++;
    x->ev.bits += 8ull * bytes;
    sim_respond(x->comp, r, t + sim_cycles(x->comp, x->cfg.latency));
}

static void grant_request(struct icn *x, struct icn_link *l, uint32_t i, sim_tick now)
{
    struct icn_inq *q = &x->inq[i];
    struct icn_slot s = q->e[q->head];
    uint32_t bytes = req_bytes(s.req);
    sim_tick t = xfer(x, bytes);

    q->head = (q->head + 1) % x->cfg.queue;
    q->n--;
    l->rr = (i + 1) % x->n_in;
    l->busy_until = now + t;
    x->st.busy_ticks += t;
    x->st.bytes += bytes;
    x->st.grants++;
    x->ev.grants++;
    x->ev.bits += 8ull * bytes;
    x->ev.buf_read += flits(x, bytes);
    sim_avg_add(&x->st.queue_delay, (double)(now - s.arrive));
    sim_dist_add(&x->st.queue_delay_dist, (double)(now - s.arrive));
    sim_call_at(x->comp, now + t + sim_cycles(x->comp, x->cfg.latency), SIM_PRIO_DEFAULT,
                deliver, s.req);
    if (q->n + 1 == x->cfg.queue)
        sim_retry(x->comp, x->in_port);     /* only inputs that were refused hear it */
    if (q->n)
        kick(req_link(x, q->e[q->head].out));
}

/* One grant per link per transfer time; responses before requests. */
static void link_fire(void *self, void *arg)
{
    struct icn_link *l = self;
    struct icn *x = l->x;
    sim_tick now = sim_time(x->comp);
    int i;

    if (now < l->busy_until) {
        kick(l);
        return;
    }
    if (l->resp_head) {
        grant_response(x, l, now);
    } else {
        i = arbitrate(x, l);
        if (i < 0)
            return;
        grant_request(x, l, (uint32_t)i, now);
    }
    if (l->resp_head || arbitrate(x, l) >= 0)
        kick(l);                    /* else asleep until a request, response or retry */
}

/* The request crossed its link: offer it to the target, or park it. */
static void deliver(void *self, void *arg)
{
    struct icn *x = self;
    sim_req *r = arg;
    uint32_t out = route(x, r->addr);
    struct icn_out *o = &x->outs[out];

    if (!o->park_head && sim_send_at_to(x->comp, x->out_port, (int)out, r))
        return;
    r->next = NULL;
    if (o->park_tail)
        o->park_tail->next = r;
    else
        o->park_head = r;
    o->park_tail = r;
    x->st.parked++;
}

void icn_retry(struct icn *x, int idx)
{
    struct icn_out *o;

    if (idx < 0 || (uint32_t)idx >= x->n_out)
        return;
    o = &x->outs[idx];
    while (o->park_head) {
        sim_req *r = o->park_head, *next = r->next;

        if (!sim_send_at_to(x->comp, x->out_port, idx, r))
            return;
        o->park_head = next;
        if (!next)
            o->park_tail = NULL;
    }
    kick(req_link(x, (uint32_t)idx));
}

bool icn_send_at(struct icn *x, sim_req *req)
{
    uint32_t in = req->in_idx < x->n_in ? req->in_idx : 0;
    struct icn_inq *q = &x->inq[in];
    struct icn_slot *s;

    if (q->n == x->cfg.queue) {
        x->st.refused++;
        return false;
    }
    if (!x->shared && icn_map_put(&x->map, req, in)) {
        sim_fail(x->comp, SIM_ENOMEM, "out of memory");
        return false;
    }
    s = &q->e[(q->head + q->n) % x->cfg.queue];
    s->req = req;
    s->arrive = sim_time(x->comp);
    s->out = route(x, req->addr);
    q->n++;
    x->st.requests++;
    x->ev.buf_write += flits(x, req_bytes(req));
    if (q->n == 1)
        kick(req_link(x, s->out));
    return true;
}

void icn_resp_at(struct icn *x, sim_req *req)
{
    struct icn_link *l = resp_link(x, x->shared ? 0 : icn_map_take(&x->map, req));

    req->next = NULL;
    if (l->resp_tail)
        l->resp_tail->next = req;
    else
        l->resp_head = req;
    l->resp_tail = req;
    kick(l);
}

/* ------------------------------------------------------------ LT */

sim_tick icn_access_lt(struct icn *x, sim_req *req)
{
    uint32_t out = route(x, req->addr);
    uint32_t qb = req_bytes(req), rb = resp_bytes(req);
    sim_tick lat = sim_cycles(x->comp, x->cfg.latency);
    sim_tick t = xfer(x, qb) + lat;

    t += sim_send_lt_to(x->comp, x->out_port, (int)out, req);
    t += xfer(x, rb) + lat;
    x->st.requests++;
    x->st.responses++;
    x->st.grants++;
    x->st.bytes += qb + rb;
    x->st.busy_ticks += xfer(x, qb) + xfer(x, rb);
    x->ev.grants++;
    x->ev.bits += 8ull * (qb + rb);
    x->ev.buf_write += flits(x, qb);    /* through its input queue, which is empty */
    x->ev.buf_read += flits(x, qb);
    return t;
}

/* An input queue of `queue` flits of width bytes, as k tables side by side
 * when a flit is wider than sim_regfile_model's 4096-bit entries. */
void icn_energy(const struct icn *x, const sim_tech *tech, double *event_j, double *leak_w)
{
    uint32_t n_in = (uint32_t)sim_port_count(x->comp, x->in_port);
    uint64_t bits = 8 * x->cfg.width, k = (bits + 4095) / 4096;
    sim_sram_result r;

    event_j[0] = sim_wire_energy_j_per_bit_mm(tech) * x->cfg.wire_mm;
    event_j[1] = sim_arbiter_energy_j(tech, n_in);
    *leak_w = 0;
    if (sim_regfile_model(x->cfg.queue, (uint32_t)((bits + k - 1) / k), 1, 1, tech, &r, NULL))
        return;                     /* sizes were range-checked: cannot happen */
    event_j[2] = (double)k * r.write_j;
    event_j[3] = (double)k * r.read_j;
    *leak_w = (double)(n_in ? n_in : 1) * (double)k * r.leakage_w;
}
