/* memsys/snoopbus.c - a snooping bus keeping private caches coherent with
 * MESI, or MOESI (`protocol: moesi`), in the manner of the Illinois and
 * Berkeley protocols (Papamarcos and Patel, ISCA 1984; Sweazey and Smith,
 * ISCA 1986; Sorin, Hill and Wood, "A Primer on Memory Consistency and
 * Cache Coherence", ch. 7).
 *
 * Every request is broadcast to the other caches (their `snoop` ports):
 *   GetS (read, fetch, prefetch): others downgrade (E -> S; M -> S with the
 *     line flushed to memory, or M -> O under MOESI); a dirty copy supplies
 *     the data, else memory does; the requester gets E if no one else had
 *     the line, S otherwise.
 *   GetM (read for ownership): others invalidate; a dirty copy supplies the
 *     data, else memory; the requester gets M.
 *   Upgrade: others invalidate, no data; if the requester lost its copy in
 *     the meantime it becomes a GetM.
 *   Writebacks and write-through writes go on to memory; clean victims end
 *     here. Clean copies never supply data (no clean cache-to-cache).
 * Timing: `latency` cycles for arbitration, address and snoop response
 * (plus the slowest cache's snoop lookup), then memory if it supplies, then
 * line/width cycles of transfer. The bus is one shared medium: each
 * transaction holds it for one address cycle plus its transfer, so requests
 * queue behind each other (arrival order between lines; one transaction per
 * line at a time). Both timing styles through coherence.c.
 *
 * Energy (coherence.h, docs/energy-models.md): per transaction one
 * arbitration among the caches and one 64-bit address/command broadcast
 * over the bus's wire_mm; per line of data on the bus (from memory or a
 * peer, a writeback or write-through write; a MESI flush rides on the
 * cache-to-cache transfer) line x 8 bits over wire_mm. The caches charge
 * their snoop lookups. Snoop responses (shared and dirty lines, wired-OR)
 * are not charged.
 *
 * Not modelled: split address/data buses, snoop filters, bus locking
 * (atomics), retries of snoops that find a line in transit. */
#include <stdlib.h>
#include <archsim/sim_type.h>
#include "memsys/coherence.h"

struct snoopbus_cfg {
    uint64_t line, width;
    uint32_t latency, queue;
    int protocol;
    bool check_invariants;
    double wire_mm;
};
enum { PROTO_MESI, PROTO_MOESI };

struct snoopbus {
    struct snoopbus_cfg cfg;
    struct coh_engine e;
};

static const sim_param snoopbus_params[] = {
    SIM_PARAM_SIZE("line", struct snoopbus_cfg, line, "64B", "coherence unit (the caches' line)"),
    SIM_PARAM_SIZE_R("width", struct snoopbus_cfg, width, "32B", 1, 4096,
                     "data bytes moved per bus cycle"),
    SIM_PARAM_UINT("latency", struct snoopbus_cfg, latency, 2, 1, 1000,
                   "cycles of arbitration, address and snoop response"),
    SIM_PARAM_UINT("queue", struct snoopbus_cfg, queue, 32, 1, 4096,
                   "requests waiting for the bus (AT); more are refused"),
    SIM_PARAM_ENUM("protocol", struct snoopbus_cfg, protocol, "mesi", "mesi|moesi",
                   "MOESI keeps a dirty line shared as O instead of flushing it"),
    SIM_PARAM_BOOL("check_invariants", struct snoopbus_cfg, check_invariants, true,
                   "check single-writer/multiple-reader on every transaction: 2n probes that "
                   "change no statistic; host time about +5 % on a 4-core RISC-V run, +22 % "
                   "on traffic generators alone"),
    SIM_PARAM_NUM_U("wire_mm", struct snoopbus_cfg, wire_mm, 1.0, 0, 1000, "mm",
                    "length of the bus's wires, for the energy per bit"),
};
static const sim_stat snoopbus_stats[] = {
    COH_STATS(struct snoopbus),
};
static const sim_energy_event snoopbus_energy[] = {
    COH_ENERGY(struct snoopbus),
};
static const sim_port snoopbus_ports[] = {
    [COH_PORT_CPU] = {"cpu", SIM_TARGET | SIM_MULTI,
                      "requests from the private caches (their mem ports)"},
    [COH_PORT_MEM] = {"mem", SIM_INITIATOR, "the shared level below: a cache or memory"},
    [COH_PORT_SNOOP] = {"snoop", SIM_INITIATOR | SIM_MULTI,
                        "to the caches' snoop ports, in the order of their cpu connections"},
};

static void bus_resolve(void *self, int from, const sim_req *r, struct coh_result *o)
{
    struct snoopbus *b = self;
    struct coh_engine *e = &b->e;
    uint64_t line = r->addr >> e->line_shift;
    sim_tick lat = 0;
    bool any = false, dirty = false;
    int cmd = r->cmd, snoop_cmd;

    o->delay = sim_cycles(e->comp, b->cfg.latency);
    switch (cmd) {
    case SIM_WRITEBACK:
    case SIM_EVICT:
        return;
    case SIM_UPGRADE:
        if (coh_peek(e, from, line) == CS_I)
            cmd = SIM_READ_EX;      /* lost its copy to an earlier GetM */
        /* fall through */
    case SIM_READ_EX:
    case SIM_WRITE:
        snoop_cmd = SIM_INVAL;
        break;
    default:
        snoop_cmd = SIM_READ;
        break;
    }
    for (int j = 0; j < e->n; j++) {
        bool d, p;

        if (j == from)
            continue;
        coh_snoop(e, j, snoop_cmd, line, &d, &p, &lat);
        any |= p;
        dirty |= d;
    }
    o->delay += lat;
    switch (cmd) {
    case SIM_WRITE:
        return;
    case SIM_UPGRADE:               /* writable; dirty only if a peer's dirty copy */
        o->grant = dirty ? CS_M : CS_E;     /* (an O) went with the invalidation */
        return;
    case SIM_READ_EX:
        o->grant = dirty ? CS_M : CS_E;
        o->source = dirty ? COH_SRC_PEER : COH_SRC_MEM;
        return;
    default:
        o->grant = any ? CS_S : CS_E;
        o->source = dirty ? COH_SRC_PEER : COH_SRC_MEM;
        o->flush = dirty && b->cfg.protocol == PROTO_MESI;
        return;
    }
}

static const struct coh_ops bus_ops = {.resolve = bus_resolve};

static void *snoopbus_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct snoopbus_cfg *cfg = cfgp;
    struct snoopbus *b = sim_zalloc(err, sizeof(*b));

    if (!b)
        return NULL;
    b->cfg = *cfg;
    if (coh_init(&b->e, comp, &bus_ops, b, cfg->queue, cfg->line, cfg->check_invariants,
                 cfg->protocol == PROTO_MOESI, err) < 0) {
        free(b);
        return NULL;
    }
    b->e.broadcast = true;
    return b;
}

static int snoopbus_start(void *self, sim_error *err)
{
    struct snoopbus *b = self;
    struct coh_engine *e = &b->e;

    e->addr_occ = sim_cycles(e->comp, 1);
    e->xfer = sim_cycles(e->comp, (b->cfg.line + b->cfg.width - 1) / b->cfg.width);
    e->xfer_occupies = true;
    return coh_start(e, 65535, err);
}

static void snoopbus_fini(void *self)
{
    struct snoopbus *b = self;

    coh_fini(&b->e);
    free(b);
}

static sim_tick snoopbus_access_lt(void *self, int port, sim_req *r)
{
    return coh_access_lt(&((struct snoopbus *)self)->e, r);
}

static bool snoopbus_send_at(void *self, int port, sim_req *r)
{
    return coh_send_at(&((struct snoopbus *)self)->e, r);
}

static void snoopbus_resp_at(void *self, int port, sim_req *r)
{
    coh_resp_at(&((struct snoopbus *)self)->e, r);
}

static void snoopbus_retry(void *self, int port, int idx)
{
    coh_retry(&((struct snoopbus *)self)->e);
}

static int snoopbus_tick(void *self)
{
    return coh_tick(&((struct snoopbus *)self)->e);
}

static void snoopbus_energy_model(void *self, const sim_tech *tech, double *event_j,
                                  double *leak_w)
{
    struct snoopbus *b = self;

    coh_energy(&b->e, tech, b->cfg.wire_mm, event_j);
    *leak_w = 0;
}

const sim_type memsys_snoopbus = {
    .name = "snoopbus",
    .doc = "Snooping bus keeping private caches coherent (MESI or MOESI), with "
           "single-writer/multiple-reader checking.",
    .params = snoopbus_params, .n_params = SIM_COUNT(snoopbus_params),
    .stats = snoopbus_stats, .n_stats = SIM_COUNT(snoopbus_stats),
    .energy = snoopbus_energy, .n_energy = SIM_COUNT(snoopbus_energy),
    .ports = snoopbus_ports, .n_ports = SIM_COUNT(snoopbus_ports),
    .cfg_size = sizeof(struct snoopbus_cfg),
    .init = snoopbus_init, .start = snoopbus_start, .fini = snoopbus_fini,
    .tick = snoopbus_tick,
    .access_lt = snoopbus_access_lt, .send_at = snoopbus_send_at,
    .resp_at = snoopbus_resp_at, .retry = snoopbus_retry,
    .energy_model = snoopbus_energy_model,
};
