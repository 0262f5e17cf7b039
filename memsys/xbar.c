/* memsys/xbar.c - a crossbar: N inputs (connections on `in`) by M outputs
 * (connections on `out`, interleaved by address, `interleave` bytes each).
 * Every output has its own request link and every input its own response
 * link, `width` bytes per cycle of the instance's clock, so transfers
 * between different pairs proceed in parallel and only those to one output
 * (or back to one input) contend. Per-output arbitration among the inputs
 * whose head request goes there: round-robin or fixed priority (lowest
 * connection first). Inputs are FIFOs, so a head waiting for a busy output
 * blocks the requests behind it (head-of-line blocking). Energy: wire
 * energy per bit (sim_wire_energy_j_per_bit_mm x wire_mm), one
 * arbitration per grant, and each request's flits written into and read
 * out of its input FIFO (a sim_regfile_model table; icn.h). The engine is
 * memsys/icn.c, shared with the bus; loosely-timed accesses cross without
 * contention.
 * Not modelled: virtual output queues, multi-stage networks, routing by
 * address ranges other than interleaving. */
#include <stdlib.h>
#include <archsim/sim_type.h>
#include "icn.h"

struct xbar {
    struct icn icn;                 /* first: icn.c's callbacks get the instance */
};
enum { XBAR_IN, XBAR_OUT };

static const sim_param xbar_params[] = {
    ICN_PARAMS("32B", 4),
};
static const sim_stat xbar_stats[] = {
    ICN_STATS(struct xbar),
};
static const sim_energy_event xbar_energy[] = {
    ICN_ENERGY(struct xbar),
};
static const sim_port xbar_ports[] = {
    [XBAR_IN] = { "in", SIM_TARGET | SIM_MULTI, "requests from cores, caches or generators" },
    [XBAR_OUT] = { "out", SIM_INITIATOR | SIM_MULTI,
                   "targets (cache banks, memory channels), interleaved by address" },
};

static void *xbar_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct xbar *x = sim_zalloc(err, sizeof(*x));

    if (x && icn_init(&x->icn, comp, cfg, false, XBAR_IN, XBAR_OUT, err)) {
        free(x);
        return NULL;
    }
    return x;
}

static int xbar_start(void *self, sim_error *err)
{
    return icn_start(self, err);
}

static void xbar_fini(void *self)
{
    icn_fini(self);
    free(self);
}

static sim_tick xbar_access_lt(void *self, int port, sim_req *req)
{
    return icn_access_lt(self, req);
}

static bool xbar_send_at(void *self, int port, sim_req *req)
{
    return icn_send_at(self, req);
}

static void xbar_resp_at(void *self, int port, sim_req *req)
{
    icn_resp_at(self, req);
}

static void xbar_retry(void *self, int port, int idx)
{
    icn_retry(self, idx);
}

static void xbar_energy_model(void *self, const sim_tech *tech, double *event_j, double *leak_w)
{
    icn_energy(self, tech, event_j, leak_w);
}

const sim_type memsys_xbar = {
    .name = "xbar",
    .doc = "Crossbar: a link per output and per input, per-output arbitration.",
    .params = xbar_params, .n_params = SIM_COUNT(xbar_params),
    .stats = xbar_stats, .n_stats = SIM_COUNT(xbar_stats),
    .energy = xbar_energy, .n_energy = SIM_COUNT(xbar_energy),
    .ports = xbar_ports, .n_ports = SIM_COUNT(xbar_ports),
    .cfg_size = sizeof(struct icn_cfg), .init = xbar_init, .start = xbar_start,
    .fini = xbar_fini, .access_lt = xbar_access_lt, .send_at = xbar_send_at,
    .resp_at = xbar_resp_at, .retry = xbar_retry, .energy_model = xbar_energy_model,
};
