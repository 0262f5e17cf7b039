/* bridges/systemc/tlm_in.c - the archsim side of the SystemC bridge: a
 * component type `tlm_in` whose one initiator port `out` carries the
 * transactions a SystemC initiator sends through archsim_sc::target into
 * the archsim hierarchy it is connected to (a cache, bus or memory).
 * Loosely-timed only: the bridge calls tlm_in_access, which sends a
 * blocking sim_send_lt and returns the latency. Counts what went through. */
#include <stdlib.h>
#include <archsim/sim_type.h>
#include "bridges/systemc/tlm_in.h"

struct tlm_in {
    sim_comp *comp;
    struct {
        uint64_t reads, writes, bytes, behind;
        sim_avg latency;
    } st;
};

static const sim_stat tlm_in_stats[] = {
    SIM_STAT("reads", struct tlm_in, st.reads, "read transactions from SystemC"),
    SIM_STAT("writes", struct tlm_in, st.writes, "write transactions from SystemC"),
    SIM_STAT_U("bytes", struct tlm_in, st.bytes, "B", "bytes moved"),
    SIM_STAT("behind", struct tlm_in, st.behind,
             "transactions whose SystemC time was behind archsim's (served at archsim's)"),
    SIM_STAT_AVG("latency", struct tlm_in, st.latency, "ps", "latency returned to SystemC"),
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

const sim_type tlm_in_type = {
    .name = "tlm_in",
    .doc = "Entry of SystemC TLM-2.0 transactions (archsim_sc::target) into archsim.",
    .stats = tlm_in_stats, .n_stats = SIM_COUNT(tlm_in_stats),
    .ports = tlm_in_ports, .n_ports = SIM_COUNT(tlm_in_ports),
    .init = tlm_in_init, .fini = tlm_in_fini,
};

sim_tick tlm_in_access(sim_comp *c, int write, uint64_t addr, uint32_t size, int behind)
{
    struct tlm_in *t = sim_comp_self(c);
    sim_req *r = sim_req_alloc(c);
    sim_tick lat;

    r->addr = addr;
    r->size = size;
    r->cmd = write ? SIM_WRITE : SIM_READ;
    lat = sim_send_lt(c, 0, r);
    sim_req_free(c, r);
    if (write)
        t->st.writes++;
    else
        t->st.reads++;
    t->st.bytes += size;
    t->st.behind += behind != 0;
    t->st.latency.sum += (double)lat;
    t->st.latency.n++;
    return lat;
}
