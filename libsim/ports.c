/* libsim/ports.c - transactions between components: the request pool, the
 * loosely-timed blocking call, and the approximately-timed protocol (offer,
 * accept or refuse, retry, response as an event), as TLM-2.0's b_transport
 * and nb_transport do it. A request records the hops it crossed, so a
 * response finds its way back through any number of buses and caches. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_int.h"

/* ---------------------------------------------------------- request pool */

sim_req *sim_req_alloc(sim_comp *c)
{
    sim_t *s = c->sim;
    sim_req *r = s->free_req;

    if (!r) {
        enum { N = 256 };
        sim_req *slab = pool_slab(s, N * sizeof(*slab));

        if (!slab) {
            s->fail_code = SIM_ENOMEM;
            snprintf(s->fail_msg, sizeof(s->fail_msg), "out of memory for requests");
            s->stop_req = true;
            return NULL;
        }
        for (int i = 0; i < N - 1; i++)
            slab[i].next = &slab[i + 1];
        r = slab;
    }
    s->free_req = r->next;
    /* The route is only read below depth, which sim_send_at writes first:
     * zero the rest, not the hops. */
    memset(r, 0, offsetof(sim_req, route));
    r->next = NULL;
    r->id = ++s->next_req_id;
    r->issue = s->now;
    return r;
}

void sim_req_free(sim_comp *c, sim_req *r)
{
    sim_t *s = c->sim;

    if (!r)
        return;
    r->next = s->free_req;
    s->free_req = r;
}

/* ------------------------------------------------------------ bindings */

int sim_port_count(const sim_comp *c, int port)
{
    if (port < 0 || port >= c->type->n_ports)
        return 0;
    return c->ports[port].n;
}

const sim_comp *sim_port_peer(const sim_comp *c, int port, int idx, int *peer_port)
{
    const struct conn *k;

    if (!c || port < 0 || port >= c->type->n_ports || idx < 0 || idx >= c->ports[port].n)
        return NULL;
    k = &c->ports[port].conns[idx];
    if (peer_port)
        *peer_port = k->peer_port;
    return k->peer;
}

int sim_port_check(const sim_comp *c, int port, int sends, sim_error *err)
{
    if (!c || port < 0 || port >= c->type->n_ports)
        return sim_error_set(err, SIM_EINVAL, "sim_port_check: no such port");
    for (int i = 0; i < c->ports[port].n; i++) {
        const struct conn *k = &c->ports[port].conns[i];
        const sim_type *t = k->peer->type;
        const char *lacks = NULL, *sent = NULL;

        if ((sends & SIM_SENDS_AT) && !t->send_at) {
            lacks = "approximately-timed input";
            sent = "approximately-timed";
        } else if ((sends & SIM_SENDS_LT) && !t->access_lt) {
            lacks = "loosely-timed access";
            sent = "loosely-timed";
        }
        if (lacks)
            return cfg_error(err, k->where, "%s.%s sends %s requests but %s (type %s) has "
                             "no %s", c->name, c->type->ports[port].name, sent,
                             k->peer->name, t->name, lacks);
    }
    return 0;
}

int sim_port_error(sim_error *err, const sim_comp *c, int port, int idx, const char *fmt, ...)
{
    const cfg_node *where = NULL;
    char msg[sizeof(err->message)];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (c && port >= 0 && port < c->type->n_ports && idx >= 0 && idx < c->ports[port].n)
        where = c->ports[port].conns[idx].where;
    if (where)
        return cfg_error(err, where, "%s", msg);
    if (c && c->node)               /* no such connection: at the instance */
        return cfg_error_key(err, c->node, "%s", msg);
    return sim_error_set(err, SIM_ECONFIG, "%s", msg);
}

static struct conn *conn_of(sim_comp *c, int port, int idx)
{
    struct port_inst *p;

    if (port < 0 || port >= c->type->n_ports)
        return NULL;
    p = &c->ports[port];
    return idx >= 0 && idx < p->n ? &p->conns[idx] : NULL;
}

/* A model bug, not bad input: name it and stop the run. */
static void bad_port(sim_comp *c, int port, int idx, const char *what)
{
    sim_fail(c, SIM_EINVAL, "%s on port %d[%d], which is not connected", what, port, idx);
}

sim_tick sim_send_lt_to(sim_comp *c, int port, int idx, sim_req *r)
{
    struct conn *k = conn_of(c, port, idx);
    sim_comp *t;

    if (!k) {
        bad_port(c, port, idx, "loosely-timed access");
        return 0;
    }
    t = k->peer;
    if (!t->type->access_lt) {
        sim_fail(c, SIM_EINVAL, "target %s (type %s) has no loosely-timed access", t->name,
                 t->type->name);
        return 0;
    }
    r->in_idx = k->peer_idx;
    return t->type->access_lt(t->self, k->peer_port, r);
}

sim_tick sim_send_lt(sim_comp *c, int port, sim_req *r)
{
    return sim_send_lt_to(c, port, 0, r);
}

bool sim_send_at_to(sim_comp *c, int port, int idx, sim_req *r)
{
    struct conn *k = conn_of(c, port, idx);
    sim_comp *t;
    struct conn *back;

    if (!k) {
        bad_port(c, port, idx, "approximately-timed send");
        return false;
    }
    t = k->peer;
    if (!t->type->send_at) {
        sim_fail(c, SIM_EINVAL, "target %s (type %s) has no approximately-timed input",
                 t->name, t->type->name);
        return false;
    }
    if (r->depth >= SIM_REQ_HOPS) {
        sim_fail(c, SIM_EINVAL, "request crossed more than %d hops", SIM_REQ_HOPS);
        return false;
    }
    r->route[r->depth].comp = c;
    r->route[r->depth].port = (uint16_t)port;
    r->route[r->depth].idx = (uint16_t)idx;
    r->depth++;
    r->in_idx = k->peer_idx;
    if (t->type->send_at(t->self, k->peer_port, r))
        return true;
    r->depth--;
    back = conn_of(t, k->peer_port, k->peer_idx);
    if (back)
        back->refused = true;
    return false;
}

bool sim_send_at(sim_comp *c, int port, sim_req *r)
{
    return sim_send_at_to(c, port, 0, r);
}

static void deliver_resp(void *selfp, void *arg)
{
    sim_req *r = arg;
    struct sim_hop h = r->route[r->depth];
    sim_comp *c = h.comp;

    r->in_idx = h.idx;
    c->type->resp_at(c->self, h.port, r);
}

void sim_respond(sim_comp *c, sim_req *r, sim_tick delay)
{
    sim_comp *to;

    if (r->depth == 0) {
        sim_fail(c, SIM_EINVAL, "response to request %llu, which has no sender",
                 (unsigned long long)r->id);
        return;
    }
    r->depth--;
    to = r->route[r->depth].comp;
    if (!to->type->resp_at) {
        sim_fail(c, SIM_EINVAL, "initiator %s (type %s) takes no responses", to->name,
                 to->type->name);
        return;
    }
    sim_call_at(to, c->sim->now + delay, SIM_PRIO_RESP, deliver_resp, r);
}

/* The pooled event goes back to the pool before the callback, which may
 * send again and so need events itself. */
static void retry_fire(void *simp, void *arg)
{
    sim_t *s = simp;
    struct pooled_ev *p = arg;
    sim_comp *c = p->comp;
    int port = p->port, idx = p->idx;

    p->next = s->free_ev;
    s->free_ev = p;
    if (c->type->retry)
        c->type->retry(c->self, port, idx);
}

void sim_retry(sim_comp *c, int port)
{
    struct port_inst *p;

    if (port < 0 || port >= c->type->n_ports)
        return;
    p = &c->ports[port];
    for (int i = 0; i < p->n; i++) {
        struct conn *k = &p->conns[i];
        struct pooled_ev *ev;

        if (!k->refused)
            continue;
        k->refused = false;
        ev = pool_event(c->sim);
        if (!ev)
            return;
        ev->comp = k->peer;
        ev->port = k->peer_port;
        ev->idx = k->peer_idx;
        sim_event_init(&ev->ev, retry_fire, c->sim, ev);
        sim_schedule(c, &ev->ev, c->sim->now, SIM_PRIO_DEFAULT);
    }
}

/* ------------------------------------------------- instruction records */

int sim_insts_fetch(sim_comp *c, int port, sim_inst *out, int n)
{
    struct conn *k = conn_of(c, port, 0);
    sim_comp *t;

    if (!k) {
        bad_port(c, port, 0, "instruction fetch");
        return 0;
    }
    t = k->peer;
    if (t->type->insts_idx)
        return t->type->insts_idx(t->self, k->peer_port, k->peer_idx, out, n);
    if (!t->type->insts) {
        sim_fail(c, SIM_EINVAL, "%s (type %s) is not an instruction source", t->name,
                 t->type->name);
        return 0;
    }
    return t->type->insts(t->self, k->peer_port, out, n);
}

void sim_insts_ready(sim_comp *src, int port, int idx)
{
    struct conn *k = conn_of(src, port, idx);
    sim_comp *t;

    if (!k)
        return;
    t = k->peer;
    if (t->type->tick) {
        sim_wake(t);
        return;
    }
    for (int p = 0; p < t->type->n_ports; p++)
        if ((t->type->ports[p].flags & (SIM_INSTS | SIM_TARGET)) == (SIM_INSTS | SIM_TARGET))
            for (int i = 0; i < t->ports[p].n; i++)
                sim_insts_ready(t, p, i);
}
