/* memsys/bus.c - a shared bus: one link of `width` bytes per cycle of the
 * instance's clock that every transfer, request or response, must win. A
 * transfer holds it for max(1, ceil(bytes / width)) cycles (writes carry
 * their data on the request, reads on the response), so concurrent
 * requests queue and contention delays them. Arbitration among the inputs
 * (connections on `cpu`) is round-robin or fixed priority (lowest
 * connection first); responses go before requests. Several memories on
 * `mem` are interleaved by address (`interleave` bytes each, in connection
 * order). Energy: wire energy per bit (sim_wire_energy_j_per_bit_mm of the
 * run's technology x wire_mm), one arbitration per grant
 * (sim_arbiter_energy_j), and each request's flits written into and read
 * out of its input queue (a sim_regfile_model table; icn.h). The engine is
 * memsys/icn.c, shared with the crossbar; loosely-timed accesses cross it
 * without contention.
 * Not modelled: split transactions beyond request/response, snooping (the
 * coherence protocols bring their own), address ranges other than
 * interleaving. */
#include <stdlib.h>
#include <archsim/sim_type.h>
#include "icn.h"

struct bus {
    struct icn icn;                 /* first: icn.c's callbacks get the instance */
};
enum { BUS_CPU, BUS_MEM };

static const sim_param bus_params[] = {
    ICN_PARAMS("16B", 4),
};
static const sim_stat bus_stats[] = {
    ICN_STATS(struct bus),
};
static const sim_energy_event bus_energy[] = {
    ICN_ENERGY(struct bus),
};
static const sim_port bus_ports[] = {
    [BUS_CPU] = { "cpu", SIM_TARGET | SIM_MULTI, "requests from cores, caches or generators" },
    [BUS_MEM] = { "mem", SIM_INITIATOR | SIM_MULTI,
                  "memories or lower levels, interleaved by address in connection order" },
};

static void *bus_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct bus *b = sim_zalloc(err, sizeof(*b));

    if (b && icn_init(&b->icn, comp, cfg, true, BUS_CPU, BUS_MEM, err)) {
        free(b);
        return NULL;
    }
    return b;
}

static int bus_start(void *self, sim_error *err)
{
    return icn_start(self, err);
}

static void bus_fini(void *self)
{
    icn_fini(self);
    free(self);
}

static sim_tick bus_access_lt(void *self, int port, sim_req *req)
{
    return icn_access_lt(self, req);
}

static bool bus_send_at(void *self, int port, sim_req *req)
{
    return icn_send_at(self, req);
}

static void bus_resp_at(void *self, int port, sim_req *req)
{
    icn_resp_at(self, req);
}

static void bus_retry(void *self, int port, int idx)
{
    icn_retry(self, idx);
}

static void bus_energy_model(void *self, const sim_tech *tech, double *event_j, double *leak_w)
{
    icn_energy(self, tech, event_j, leak_w);
}

const sim_type memsys_bus = {
    .name = "bus",
    .doc = "Shared bus: one arbitrated link, occupancy per transfer, interleaved targets.",
    .params = bus_params, .n_params = SIM_COUNT(bus_params),
    .stats = bus_stats, .n_stats = SIM_COUNT(bus_stats),
    .energy = bus_energy, .n_energy = SIM_COUNT(bus_energy),
    .ports = bus_ports, .n_ports = SIM_COUNT(bus_ports),
    .cfg_size = sizeof(struct icn_cfg), .init = bus_init, .start = bus_start, .fini = bus_fini,
    .access_lt = bus_access_lt, .send_at = bus_send_at, .resp_at = bus_resp_at,
    .retry = bus_retry, .energy_model = bus_energy_model,
};
