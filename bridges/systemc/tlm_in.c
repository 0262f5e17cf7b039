/* bridges/systemc/tlm_in.c - the archsim side of the SystemC bridge: a
 * component type `tlm_in` whose one initiator port `out` carries the
 * transactions a SystemC initiator sends through archsim_sc::target into
 * the archsim hierarchy it is connected to (a cache, bus or memory).
 * Loosely-timed transactions (b_transport) are blocking sim_send_lt calls
 * that return the latency; approximately-timed ones (nb_transport) are
 * sim_send_at requests whose acceptance, refusal and retry and whose
 * response are handed back to the bridge through a handler. Counts what
 * went through and the latency of each. */
#include <stdlib.h>
#include <archsim/sim_type.h>
#include "bridges/systemc/tlm_in.h"

struct tlm_in {
    sim_comp *comp;
    struct tlm_in_handler h;
    sim_req *waiting;               /* refused, to send again on retry */
    struct {
        uint64_t reads, writes, bytes, behind, at, refused;
        sim_avg latency;
    } st;
};

static const sim_stat tlm_in_stats[] = {
    SIM_STAT("reads", struct tlm_in, st.reads, "read transactions from SystemC"),
    SIM_STAT("writes", struct tlm_in, st.writes, "write transactions from SystemC"),
    SIM_STAT_U("bytes", struct tlm_in, st.bytes, "B", "bytes moved"),
    SIM_STAT("behind", struct tlm_in, st.behind,
             "transactions whose SystemC time was behind archsim's (served at archsim's)"),
    SIM_STAT("at", struct tlm_in, st.at, "of them approximately-timed (nb_transport)"),
    SIM_STAT("refused", struct tlm_in, st.refused,
             "nb_transport requests archsim refused at first (END_REQ delayed)"),
    SIM_STAT_AVG("latency", struct tlm_in, st.latency, "ps",
                 "latency returned to SystemC (AT: from acceptance to response)"),
};

static const sim_port tlm_in_ports[] = {
    { "out", SIM_INITIATOR, "transactions from the SystemC initiator" },
};

static void *tlm_in_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct tlm_in *t = sim_zalloc(err, sizeof(*t));

    if (t)
        t->comp = comp;
    return t;
}

static void tlm_in_fini(void *self)
{
    free(self);
}

static void count(struct tlm_in *t, int write, uint32_t size, int behind)
{
    if (write)
        t->st.writes++;
    else
        t->st.reads++;
    t->st.bytes += size;
    t->st.behind += behind != 0;
}

static void tlm_in_resp_at(void *self, int port, sim_req *r)
{
    struct tlm_in *t = self;
    void *cookie = r->ctx;

    t->st.latency.sum += (double)(sim_time(t->comp) - r->issue);
    t->st.latency.n++;
    sim_req_free(t->comp, r);
    if (t->h.done)
        t->h.done(t->h.user, cookie);
}

static void tlm_in_retry(void *self, int port, int idx)
{
    struct tlm_in *t = self;
    sim_req *r = t->waiting;

    if (!r)
        return;
    r->issue = sim_time(t->comp);   /* its latency runs from acceptance */
    if (!sim_send_at(t->comp, 0, r))
        return;
    t->waiting = NULL;
    if (t->h.accepted)
        t->h.accepted(t->h.user, r->ctx);
}

const sim_type tlm_in_type = {
    .name = "tlm_in",
    .doc = "Entry of SystemC TLM-2.0 transactions (archsim_sc::target) into archsim.",
    .stats = tlm_in_stats, .n_stats = SIM_COUNT(tlm_in_stats),
    .ports = tlm_in_ports, .n_ports = SIM_COUNT(tlm_in_ports),
    .init = tlm_in_init, .fini = tlm_in_fini,
    .resp_at = tlm_in_resp_at, .retry = tlm_in_retry,
};

/* A request for one transaction, counted. NULL: the kernel has failed the
 * run (out of memory). */
static sim_req *new_req(struct tlm_in *t, int write, uint64_t addr, uint32_t size, int behind)
{
    sim_req *r = sim_req_alloc(t->comp);

    if (!r)
        return NULL;
    r->addr = addr;
    r->size = size;
    r->cmd = write ? SIM_WRITE : SIM_READ;
    count(t, write, size, behind);
    return r;
}

sim_tick tlm_in_access(sim_comp *c, int write, uint64_t addr, uint32_t size, int behind)
{
    struct tlm_in *t = sim_comp_self(c);
    sim_req *r = new_req(t, write, addr, size, behind);
    sim_tick lat;

    if (!r)
        return 0;
    lat = sim_send_lt(c, 0, r);
    sim_req_free(c, r);
    t->st.latency.sum += (double)lat;
    t->st.latency.n++;
    return lat;
}

void tlm_in_set_handler(sim_comp *c, const struct tlm_in_handler *h)
{
    struct tlm_in *t = sim_comp_self(c);

    t->h = *h;
}

int tlm_in_send(sim_comp *c, int write, uint64_t addr, uint32_t size, int behind, void *cookie)
{
    struct tlm_in *t = sim_comp_self(c);
    sim_req *r;

    if (t->waiting)
        return -1;
    r = new_req(t, write, addr, size, behind);
    if (!r)
        return -1;
    r->ctx = cookie;
    t->st.at++;
    if (sim_send_at(c, 0, r))
        return 1;
    t->st.refused++;
    t->waiting = r;
    return 0;
}
