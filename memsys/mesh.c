/* memsys/mesh.c - a 2-D mesh network-on-chip: `columns` x `rows` routers,
 * router r at column r % columns, row r / columns (row 0 at the top). The
 * initiators (connections on `in`: L2s, cores, generators) and targets
 * (connections on `out`: L3 slices, memory controllers, interleaved by
 * address as memsys/icn.c does) attach to routers named by `in_routers` and
 * `out_routers` (default: spread evenly, endpoint k of n at router
 * k x routers / n). Detail: packets at cycle granularity, at the level of
 * the crossbar (memsys/xbar.c), with the topology of Garnet's or BookSim's
 * meshes (Dally & Towles, "Principles and Practices of Interconnection
 * Networks", ch. 8 and 13): input-buffered routers, XY dimension-order
 * routing, virtual cut-through flow control at packet granularity.
 *
 * Two physical networks of the same shape: requests travel on one and
 * responses on the other, as real chips keep message classes apart so a
 * response never waits behind a request (protocol deadlock). XY routing on
 * a mesh has no cyclic channel dependence, so each network alone is
 * deadlock-free; the request network drains into targets that answer on
 * the response network, which drains into initiators that always accept.
 * (A target that sends requests of its own into the same mesh instance,
 * and refuses until they are answered, could still deadlock it: give each
 * level of the hierarchy its own mesh.)
 *
 * A packet is ceil(bytes / flit) flits, one at least (the header rides in
 * the first flit): a write carries its data on the request and gets a
 * one-flit acknowledgement, a read is a one-flit command and its response
 * carries the data. A flit crosses a link in ceil(flit / width) cycles, so
 * a packet serialises over S = flits x ceil(flit / width) cycles. A hop is
 * one router and the channel after it: at each router the packet at the
 * head of an input buffer asks for the output of its XY route (east or west
 * until its column is reached, then north or south, then the local
 * ejection port of its endpoint); a free output is granted round-robin
 * among the inputs asking for it, on an edge of the instance's clock, and
 * is then held S cycles; the head reaches the next router (or the
 * endpoint's network interface) router_latency + link_latency cycles after
 * the grant, and the tail S - 1 cycles after the head. Hops = routers
 * traversed = |dx| + |dy| + 1. Unloaded, from acceptance on a clock edge
 * to the tail at the endpoint:
 *
 *     latency = hops x (router_latency + link_latency) + S - 1  cycles
 *
 * and a request is offered to its target (a response handed back to its
 * initiator) then. Contention adds waiting for a busy output (S cycles of
 * every packet granted before) and for the input's previous packet to
 * drain (an input sends one packet at a time, S cycles each).
 *
 * Backpressure: every router input has a buffer of `buffer` flits; a
 * packet is granted an output only when the buffer it goes to has room for
 * all its flits (virtual cut-through; a packet longer than the buffer needs
 * the whole, empty buffer). Credits come back when the packet is granted
 * its next output (the drain of its tail and the credit's trip back are not
 * modelled). An initiator's request is refused while its injection buffer
 * lacks room and is retried (sim_retry) when room frees. A request its
 * target refuses is parked at the ejection port, and nothing more is
 * granted to that port until the target's retry, so the packets behind it
 * back up through the buffers. Responses cannot be refused in the port
 * protocol: they wait in an unbounded queue at their target's router.
 *
 * Energy (docs/energy-models.md, Interconnect): per flit per hop a buffer
 * write and a buffer read (sim_regfile_model of a buffer of `buffer`
 * entries of a flit), a crossbar traversal (flit bits x router_mm of wire);
 * per flit per link between routers flit bits x link_mm of wire (the
 * ejection channel is inside the tile: no link energy); per packet per hop
 * one arbitration among the router's 5 ports (sim_arbiter_energy_j);
 * leakage of every input buffer of both networks.
 *
 * Statistics: requests, responses, packets, flits, payload bytes; hops,
 * network latency and queueing delay (latency above the packet's unloaded
 * latency) as averages and distributions; time links were busy, summed and
 * of the busiest link, and flits per link of each network (vectors
 * req_link_flits and resp_link_flits, one element per link, named
 * x<column>y<row>_<e|w|n|s> for the link leaving that router that way).
 * Host cost: each router output is an event scheduled only when a packet
 * asks for it, so an idle mesh costs nothing and a packet costs one event
 * per hop.
 *
 * Several endpoints may share a router: each gets its own injection and
 * ejection port there. Loosely-timed accesses cross without contention:
 * the unloaded latencies of the request and of the response are added to
 * the target's latency.
 * Not modelled: virtual channels, wormhole flow control, adaptive routing,
 * other topologies (torus, ring, concentrators), router speculation and
 * bypassing, flit-level pipelining inside a router, link-level
 * retransmission. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_type.h>
#include "icn.h"

enum { MESH_IN, MESH_OUT };                 /* ports */
enum { NET_REQ, NET_RESP, NET_COUNT };
enum { DIR_E, DIR_W, DIR_N, DIR_S, DIR_COUNT };
#define MESH_RADIX 5                        /* four directions and a local port */
#define PKT_CHUNK 256                       /* packet records allocated at a time */

static const char dir_name[DIR_COUNT] = { 'e', 'w', 'n', 's' };

struct mesh_cfg {
    uint32_t columns, rows;
    sim_list in_routers, out_routers;
    uint64_t width, flit;
    uint32_t router_latency, link_latency;
    uint32_t buffer;
    uint64_t interleave;
    double tile_mm, link_mm, router_mm;
};

struct pkt {                        /* one packet in flight */
    sim_req *req;
    struct pkt *next;               /* in an input buffer, or the free list */
    sim_tick inject;                /* entered the network */
    sim_tick arrive;                /* its head reaches the buffer it is in */
    uint32_t dst;                   /* router of its endpoint */
    uint32_t end;                   /* endpoint: output (requests) or input (responses) */
    uint32_t out;                   /* output it asks for at the router it is in */
    uint32_t flits, need;           /* need: flits it holds of the buffer it is in */
    uint32_t hops;                  /* routers entered */
    uint8_t net;
};

struct mesh_inp {                   /* a router input and its buffer */
    struct pkt *head, *tail;
    uint32_t credits;               /* free flits */
    bool unbounded;                 /* a response network interface queue */
    bool starved;                   /* a packet waits upstream for credits */
    bool refused;                   /* an initiator was refused: retry it */
    sim_tick drain_until;           /* the last packet sent is still leaving */
    int32_t from;                   /* output feeding it, or -1 (injection) */
};

struct mesh;

struct mesh_outp {                  /* a router output: a link or an ejection port */
    struct mesh *m;
    uint8_t net;
    uint32_t router, next;          /* whose output; link: the router it leads to */
    int32_t to;                     /* input it feeds, or -1 (ejection) */
    uint32_t end;                   /* ejection: endpoint */
    int32_t link;                   /* link index in the stats vector, or -1 */
    uint32_t rr;                    /* router's input (position) to look at first */
    uint32_t want;                  /* heads of the router's inputs asking for it */
    sim_tick busy_until;
    sim_req *park_head, *park_tail; /* request ejection: refused by the target */
    sim_event ev;
};

struct mesh_net {
    struct mesh_inp *in;
    struct mesh_outp *out;
    uint32_t n_in, n_out;
    uint32_t *rin, *rin_off;        /* router r's inputs: rin[rin_off[r] .. rin_off[r + 1]) */
    int32_t *dir_out;               /* [router x 4 + dir]: output, or -1 at the edge */
    uint32_t *inject, *eject;       /* endpoint -> its input / output */
    uint32_t *inj_router;           /* injecting endpoint -> its router */
    uint32_t *ep_router;            /* ejecting endpoint -> its router */
    uint32_t n_ep_in, n_ep_out;     /* injecting and ejecting endpoints */
    uint64_t *link_flits;           /* per link (stats vector) */
    uint64_t *link_busy;            /* per link, ps */
    sim_stat vec_row;
    char *labels;
};

struct mesh {
    struct mesh_cfg cfg;
    sim_comp *comp;
    uint32_t n_routers, n_links;    /* links per network */
    uint32_t n_in, n_out;           /* connections on in and out */
    uint32_t cpf;                   /* cycles per flit */
    sim_tick cyc, hop_t;            /* a cycle; router + link latency */
    struct mesh_net net[NET_COUNT];
    struct icn_map map;             /* request -> input it came in on */
    struct pkt *free_pkt;
    void **chunks;
    uint32_t n_chunks, cap_chunks;
    struct {
        uint64_t requests, responses, packets, flits, bytes, refused, parked, link_busy;
        sim_avg hops, latency, queue_delay;
        sim_dist hops_dist, latency_dist, queue_delay_dist;
        double links, link_busy_max;
    } st;
    struct { uint64_t buf_write, buf_read, arb, xbar, link; } ev;
};

static const sim_param mesh_params[] = {
    SIM_PARAM_UINT("columns", struct mesh_cfg, columns, 2, 1, 64, "routers per row (x)"),
    SIM_PARAM_UINT("rows", struct mesh_cfg, rows, 2, 1, 64, "routers per column (y)"),
    SIM_PARAM_LIST("in_routers", struct mesh_cfg, in_routers, "[]",
                   "router index (row x columns + column) of each `in` connection, in "
                   "connection order; []: spread evenly"),
    SIM_PARAM_LIST("out_routers", struct mesh_cfg, out_routers, "[]",
                   "router index of each `out` connection, in connection order; []: spread "
                   "evenly"),
    SIM_PARAM_SIZE_R("width", struct mesh_cfg, width, "16B", 1, 4096,
                     "bytes a link moves per cycle"),
    SIM_PARAM_SIZE_R("flit", struct mesh_cfg, flit, "0B", 0, 512,
                     "flit size: packets are ceil(bytes / flit) flits, one at least; 0B: width"),
    SIM_PARAM_CYCLES_R("router_latency", struct mesh_cfg, router_latency, 1, 1, 1000,
                       "router pipeline, cycles per hop"),
    SIM_PARAM_CYCLES_R("link_latency", struct mesh_cfg, link_latency, 1, 0, 1000,
                       "link traversal, cycles per hop"),
    SIM_PARAM_UINT("buffer", struct mesh_cfg, buffer, 8, 1, 4096,
                   "flits each router input buffers; a packet needs room for all its flits"),
    SIM_PARAM_SIZE_R("interleave", struct mesh_cfg, interleave, "64B", 1, 1e18,
                     "consecutive bytes mapped to one output before the next"),
    SIM_PARAM_NUM_U("tile_mm", struct mesh_cfg, tile_mm, 1.0, 0.001, 100, "mm",
                    "side of a tile, the default link length"),
    SIM_PARAM_NUM_U("link_mm", struct mesh_cfg, link_mm, 0, 0, 100, "mm",
                    "wire length of a link between routers, for its energy; 0: tile_mm"),
    SIM_PARAM_NUM_U("router_mm", struct mesh_cfg, router_mm, 0, 0, 10, "mm",
                    "wire a flit crosses in the router's crossbar; 0: 5 ports x flit bits x "
                    "a wire pitch of 4 x the node"),
};

static const sim_stat mesh_stats[] = {
    SIM_STAT("requests", struct mesh, st.requests, "requests accepted or passed on (LT)"),
    SIM_STAT("responses", struct mesh, st.responses, "responses carried back"),
    SIM_STAT("packets", struct mesh, st.packets, "packets delivered, both networks"),
    SIM_STAT("flits", struct mesh, st.flits, "flits of those packets"),
    SIM_STAT_U("bytes", struct mesh, st.bytes, "B", "payload bytes moved, both directions"),
    SIM_STAT("refused", struct mesh, st.refused, "AT requests refused: injection buffer full"),
    SIM_STAT("parked", struct mesh, st.parked, "requests a target refused, held for its retry"),
    SIM_STAT_AVG("hops", struct mesh, st.hops, NULL, "routers a packet traversed"),
    SIM_STAT_DIST("hops_dist", struct mesh, st.hops_dist, 0, 1, 32, NULL,
                  "routers a packet traversed"),
    SIM_STAT_AVG("latency", struct mesh, st.latency, "ps",
                 "network latency: entering the network to the tail at the endpoint"),
    SIM_STAT_LOG2("latency_dist", struct mesh, st.latency_dist, 40, "ps",
                  "network latency, log2 buckets"),
    SIM_STAT_AVG("queue_delay", struct mesh, st.queue_delay, "ps",
                 "network latency above the unloaded latency of the packet (contention)"),
    SIM_STAT_LOG2("queue_delay_dist", struct mesh, st.queue_delay_dist, 40, "ps",
                  "network latency above the unloaded latency, log2 buckets"),
    SIM_STAT_U("link_busy", struct mesh, st.link_busy, "ps",
               "time links between routers were busy, summed over both networks"),
    SIM_STAT_VALUE("link_busy_max", struct mesh, st.link_busy_max, "ps",
                   "time the busiest link was busy"),
    SIM_STAT_VALUE("links", struct mesh, st.links, NULL,
                   "links between routers, both networks"),
    SIM_FORMULA("utilisation", "link_busy / sim.ticks / links", NULL,
                "share of time the links were busy, averaged"),
    SIM_FORMULA("max_utilisation", "link_busy_max / sim.ticks", NULL,
                "share of time the busiest link was busy"),
    SIM_FORMULA("bandwidth", "bytes / sim.seconds", "B/s", "payload bytes per second"),
};

static const sim_energy_event mesh_energy[] = {
    SIM_ENERGY("buffer_write", struct mesh, ev.buf_write, "one flit into a router input buffer"),
    SIM_ENERGY("buffer_read", struct mesh, ev.buf_read, "one flit out of a router input buffer"),
    SIM_ENERGY("arbitration", struct mesh, ev.arb, "one packet granted a router output"),
    SIM_ENERGY("crossbar", struct mesh, ev.xbar, "one flit across a router's crossbar"),
    SIM_ENERGY("link", struct mesh, ev.link, "one flit over a link between routers"),
};

static const sim_port mesh_ports[] = {
    [MESH_IN] = { "in", SIM_TARGET | SIM_MULTI,
                  "requests from caches, cores or generators (attached at in_routers)" },
    [MESH_OUT] = { "out", SIM_INITIATOR | SIM_MULTI,
                   "targets (cache slices, memory controllers) attached at out_routers, "
                   "interleaved by address in connection order" },
};

/* ------------------------------------------------------------ packets and routes */

static bool data_on_request(const sim_req *r)
{
    return r->cmd == SIM_WRITE || r->cmd == SIM_WRITEBACK;
}

static bool data_on_response(const sim_req *r)
{
    return r->cmd == SIM_READ || r->cmd == SIM_IFETCH || r->cmd == SIM_PREFETCH ||
           r->cmd == SIM_READ_EX;
}

static uint32_t bytes_of(const sim_req *r, int net)
{
    if (net == NET_REQ)
        return data_on_request(r) ? r->size : 0;
    return data_on_response(r) ? r->size : 0;
}

static uint32_t flits_of(const struct mesh *m, uint32_t bytes)
{
    uint64_t f = (bytes + m->cfg.flit - 1) / m->cfg.flit;

    return f ? (uint32_t)f : 1;
}

/* Serialisation of a packet on a link. */
static sim_tick ser(const struct mesh *m, uint32_t flits)
{
    return (sim_tick)flits * m->cpf * m->cyc;
}

/* Unloaded latency of a packet (see the file head). */
static sim_tick zero_load(const struct mesh *m, uint32_t hops, uint32_t flits)
{
    return hops * m->hop_t + ser(m, flits) - m->cyc;
}

static uint32_t target_of(const struct mesh *m, uint64_t addr)
{
    return m->n_out > 1 ? (uint32_t)((addr / m->cfg.interleave) % m->n_out) : 0;
}

static uint32_t hops_between(const struct mesh *m, uint32_t a, uint32_t b)
{
    uint32_t c = m->cfg.columns;
    int dx = (int)(b % c) - (int)(a % c), dy = (int)(b / c) - (int)(a / c);

    return (uint32_t)(abs(dx) + abs(dy)) + 1;
}

/* XY: the direction out of router r toward router dst, or -1 when there. */
static int xy_dir(const struct mesh *m, uint32_t r, uint32_t dst)
{
    uint32_t c = m->cfg.columns;

    if (dst % c != r % c)
        return dst % c > r % c ? DIR_E : DIR_W;
    if (dst / c != r / c)
        return dst / c > r / c ? DIR_S : DIR_N;
    return -1;
}

static uint32_t neighbour(const struct mesh *m, uint32_t r, int d)
{
    switch (d) {
    case DIR_E: return r + 1;
    case DIR_W: return r - 1;
    case DIR_N: return r - m->cfg.columns;
    default: return r + m->cfg.columns;
    }
}

/* The output a packet for endpoint `end` at router `dst` asks for at router r. */
static uint32_t next_out(const struct mesh_net *n, const struct mesh *m, uint32_t r,
                         uint32_t dst, uint32_t end)
{
    int d = xy_dir(m, r, dst);

    return d < 0 ? n->eject[end] : (uint32_t)n->dir_out[r * DIR_COUNT + d];
}

static struct pkt *pkt_alloc(struct mesh *m)
{
    struct pkt *p = m->free_pkt;

    if (!p) {
        struct pkt *chunk;

        if (m->n_chunks == m->cap_chunks) {
            uint32_t cap = m->cap_chunks ? 2 * m->cap_chunks : 8;
            void **c = realloc(m->chunks, cap * sizeof(*c));

            if (!c)
                return NULL;
            m->chunks = c;
            m->cap_chunks = cap;
        }
        chunk = calloc(PKT_CHUNK, sizeof(*chunk));
        if (!chunk)
            return NULL;
        m->chunks[m->n_chunks++] = chunk;
        for (int i = 0; i < PKT_CHUNK - 1; i++)
            chunk[i].next = &chunk[i + 1];
        p = chunk;
    }
    m->free_pkt = p->next;
    return p;
}

static void pkt_free(struct mesh *m, struct pkt *p)
{
    p->next = m->free_pkt;
    m->free_pkt = p;
}

/* ------------------------------------------------------------ set-up */

static void *mesh_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct mesh_cfg *cfg = cfgp;
    struct mesh *m = sim_zalloc(err, sizeof(*m));

    if (!m)
        return NULL;
    m->cfg = *cfg;
    m->comp = comp;
    if (m->cfg.flit == 0)
        m->cfg.flit = m->cfg.width < 512 ? m->cfg.width : 512;
    if (m->cfg.link_mm == 0)
        m->cfg.link_mm = m->cfg.tile_mm;
    m->cpf = (uint32_t)((m->cfg.flit + m->cfg.width - 1) / m->cfg.width);
    m->n_routers = cfg->columns * cfg->rows;
    m->n_links = 2 * (cfg->columns - 1) * cfg->rows + 2 * cfg->columns * (cfg->rows - 1);
    return m;
}

/* Endpoint k's router from `key` (a list of router indices) or the default
 * placement, into at[0..n). */
static int place(struct mesh *m, const sim_list *l, const char *key, uint32_t n, uint32_t *at,
                 sim_error *err)
{
    const char *port = strcmp(key, "in_routers") == 0 ? "in" : "out";

    if (l->n == 0) {
        for (uint32_t k = 0; k < n; k++)
            at[k] = (uint32_t)((uint64_t)k * m->n_routers / n);
        return 0;
    }
    if ((uint32_t)l->n != n) {
        sim_param_error(err, m->comp, key, "%d routers listed for %u connection%s on `%s`; "
                        "expected one per connection, in connection order", l->n, n,
                        n == 1 ? "" : "s", port);
        return SIM_ECONFIG;
    }
    for (uint32_t k = 0; k < n; k++) {
        const char *s = l->items[k];
        char *end;
        unsigned long v = strtoul(s, &end, 10);

        if (!*s || *end || *s == '-' || v >= m->n_routers) {
            sim_param_error(err, m->comp, key, "item %u is '%s'; expected a router index 0 to "
                            "%u (row x columns + column)", k, s, m->n_routers - 1);
            return SIM_ECONFIG;
        }
        at[k] = (uint32_t)v;
    }
    return 0;
}

/* Build one network: n_ep_in endpoints inject at routers ep_in[], n_ep_out
 * eject at ep_out[]. Inputs of router r: its links in, then its injecting
 * endpoints; outputs: its links out, then its ejection ports. */
static int net_build(struct mesh *m, struct mesh_net *n, int id, const uint32_t *ep_in,
                     uint32_t n_ep_in, const uint32_t *ep_out, uint32_t n_ep_out)
{
    uint32_t nr = m->n_routers, k = 0, o = 0, l = 0;
    size_t lab = 0;

    n->n_ep_in = n_ep_in;
    n->n_ep_out = n_ep_out;
    n->n_in = m->n_links + n_ep_in;
    n->n_out = m->n_links + n_ep_out;
    n->in = calloc(n->n_in, sizeof(*n->in));
    n->out = calloc(n->n_out, sizeof(*n->out));
    n->rin = calloc(n->n_in, sizeof(*n->rin));
    n->rin_off = calloc(nr + 1, sizeof(*n->rin_off));
    n->dir_out = malloc((size_t)nr * DIR_COUNT * sizeof(*n->dir_out));
    n->inject = calloc(n_ep_in, sizeof(*n->inject));
    n->eject = calloc(n_ep_out, sizeof(*n->eject));
    n->inj_router = calloc(n_ep_in, sizeof(*n->inj_router));
    n->ep_router = calloc(n_ep_out, sizeof(*n->ep_router));
    n->link_flits = calloc(m->n_links ? m->n_links : 1, sizeof(*n->link_flits));
    n->link_busy = calloc(m->n_links ? m->n_links : 1, sizeof(*n->link_busy));
    n->labels = malloc((size_t)m->n_links * 16 + 1);
    if (!n->in || !n->out || !n->rin || !n->rin_off || !n->dir_out || !n->inject ||
        !n->inj_router || !n->eject || !n->ep_router || !n->link_flits || !n->link_busy ||
        !n->labels)
        return SIM_ENOMEM;
    n->labels[0] = '\0';
    for (uint32_t i = 0; i < n->n_in; i++)
        n->in[i].from = -1;
    /* Links: output o of router r in direction d feeds input o (same index). */
    for (uint32_t r = 0; r < nr; r++) {
        for (int d = 0; d < DIR_COUNT; d++) {
            uint32_t x = r % m->cfg.columns, y = r / m->cfg.columns;
            bool edge = (d == DIR_E && x + 1 == m->cfg.columns) || (d == DIR_W && x == 0) ||
                        (d == DIR_N && y == 0) || (d == DIR_S && y + 1 == m->cfg.rows);

            n->dir_out[r * DIR_COUNT + d] = edge ? -1 : (int32_t)l;
            if (edge)
                continue;
            n->out[l].router = r;
            n->out[l].next = neighbour(m, r, d);
            n->out[l].to = (int32_t)l;
            n->out[l].link = (int32_t)l;
            n->in[l].from = (int32_t)l;
            n->in[l].credits = m->cfg.buffer;
            lab += (size_t)sprintf(n->labels + lab, "%sx%uy%u_%c", l ? "|" : "", x, y,
                                   dir_name[d]);
            l++;
        }
    }
    for (uint32_t e = 0; e < n_ep_out; e++) {
        o = m->n_links + e;
        n->eject[e] = o;
        n->ep_router[e] = ep_out[e];
        n->out[o].router = ep_out[e];
        n->out[o].to = -1;
        n->out[o].end = e;
        n->out[o].link = -1;
    }
    for (uint32_t e = 0; e < n_ep_in; e++) {
        n->inject[e] = m->n_links + e;
        n->inj_router[e] = ep_in[e];
        n->in[m->n_links + e].credits = m->cfg.buffer;
        n->in[m->n_links + e].unbounded = id == NET_RESP;
    }
    /* Router r's inputs, in a fixed order: the links coming from the east,
     * west, north and south neighbours, then its injecting endpoints. */
    for (uint32_t r = 0; r < nr; r++) {
        n->rin_off[r] = k;
        for (int d = 0; d < DIR_COUNT; d++) {
            int32_t back = n->dir_out[r * DIR_COUNT + d];

            if (back >= 0)          /* a neighbour there: its link toward r (d ^ 1: back) */
                n->rin[k++] = (uint32_t)n->dir_out[n->out[back].next * DIR_COUNT + (d ^ 1)];
        }
        for (uint32_t e = 0; e < n_ep_in; e++)
            if (ep_in[e] == r)
                n->rin[k++] = m->n_links + e;
    }
    n->rin_off[nr] = k;
    for (uint32_t i = 0; i < n->n_out; i++) {
        n->out[i].m = m;
        n->out[i].net = (uint8_t)id;
    }
    return 0;
}

static void out_fire(void *self, void *arg);

static int mesh_start(void *self, sim_error *err)
{
    struct mesh *m = self;
    uint32_t *at_in, *at_out;
    int rc;

    m->n_in = (uint32_t)sim_port_count(m->comp, MESH_IN);
    m->n_out = (uint32_t)sim_port_count(m->comp, MESH_OUT);
    if (m->n_in == 0)
        m->n_in = 1;                /* nothing arrives */
    if (m->n_out == 0)
        m->n_out = 1;
    m->cyc = sim_period(m->comp);
    m->hop_t = sim_cycles(m->comp, (uint64_t)m->cfg.router_latency + m->cfg.link_latency);
    m->st.links = 2.0 * m->n_links;
    at_in = calloc(m->n_in, sizeof(*at_in));
    at_out = calloc(m->n_out, sizeof(*at_out));
    if (!at_in || !at_out) {
        rc = sim_error_set(err, SIM_ENOMEM, "%s: out of memory", sim_comp_name(m->comp));
        goto out_free;
    }
    rc = place(m, &m->cfg.in_routers, "in_routers", m->n_in, at_in, err);
    if (!rc)
        rc = place(m, &m->cfg.out_routers, "out_routers", m->n_out, at_out, err);
    if (rc)
        goto out_free;
    if (net_build(m, &m->net[NET_REQ], NET_REQ, at_in, m->n_in, at_out, m->n_out) ||
        net_build(m, &m->net[NET_RESP], NET_RESP, at_out, m->n_out, at_in, m->n_in)) {
        rc = sim_error_set(err, SIM_ENOMEM, "%s: out of memory", sim_comp_name(m->comp));
        goto out_free;
    }
    for (int id = 0; id < NET_COUNT; id++) {
        struct mesh_net *n = &m->net[id];

        for (uint32_t o = 0; o < n->n_out; o++)
            sim_event_init(&n->out[o].ev, out_fire, &n->out[o], NULL);
        if (m->n_links == 0)
            continue;
        n->vec_row = (sim_stat){ id == NET_REQ ? "req_link_flits" : "resp_link_flits",
                                 SIM_S_VEC, 0, m->n_links, 0, 0, n->labels, NULL, NULL,
                                 id == NET_REQ ? "flits over each link of the request network"
                                               : "flits over each link of the response network" };
        rc = sim_stat_add(m->comp, &n->vec_row, n->link_flits, err);
        if (rc)
            goto out_free;
    }
out_free:
    free(at_in);
    free(at_out);
    return rc;
}

static void mesh_fini(void *self)
{
    struct mesh *m = self;

    for (int id = 0; id < NET_COUNT; id++) {
        struct mesh_net *n = &m->net[id];

        free(n->in);
        free(n->out);
        free(n->rin);
        free(n->rin_off);
        free(n->dir_out);
        free(n->inject);
        free(n->eject);
        free(n->inj_router);
        free(n->ep_router);
        free(n->link_flits);
        free(n->link_busy);
        free(n->labels);
    }
    for (uint32_t i = 0; i < m->n_chunks; i++)
        free(m->chunks[i]);
    free(m->chunks);
    free(m->map.key);
    free(m->map.val);
    free(m);
}

/* ------------------------------------------------------------ AT */

/* Next clock edge at or after t. */
static sim_tick edge(const struct mesh *m, sim_tick t)
{
    return (t + m->cyc - 1) / m->cyc * m->cyc;
}

/* Output o may have a grant to make at `when` (or once it is free). */
static void kick(struct mesh_outp *o, sim_tick when)
{
    sim_tick now = sim_time(o->m->comp);
    sim_tick at = edge(o->m, when > o->busy_until ? when : o->busy_until);

    if (at < now)
        at = edge(o->m, now);
    if (!sim_event_armed(&o->ev) || o->ev.when > at)
        sim_schedule(o->m->comp, &o->ev, at, SIM_PRIO_DEFAULT);
}

/* Put p at the tail of input i's buffer; kick its output when it is the head. */
static void enqueue(struct mesh_net *n, uint32_t i, struct pkt *p)
{
    struct mesh_inp *in = &n->in[i];

    p->next = NULL;
    if (in->tail)
        in->tail->next = p;
    else
        in->head = p;
    in->tail = p;
    if (in->head == p) {
        n->out[p->out].want++;
        kick(&n->out[p->out], p->arrive > in->drain_until ? p->arrive : in->drain_until);
    }
}

static void record(struct mesh *m, const struct pkt *p, sim_tick lat)
{
    sim_tick q = lat - zero_load(m, p->hops, p->flits);

    m->st.packets++;
    m->st.flits += p->flits;
    sim_avg_add(&m->st.hops, p->hops);
    sim_dist_add(&m->st.hops_dist, p->hops);
    sim_avg_add(&m->st.latency, (double)lat);
    sim_dist_add(&m->st.latency_dist, (double)lat);
    sim_avg_add(&m->st.queue_delay, (double)q);
    sim_dist_add(&m->st.queue_delay_dist, (double)q);
}

static void deliver(void *self, void *arg);

/* p won link o at `now`: its head reaches the next router's buffer after
 * router + link latency. */
static void forward(struct mesh *m, struct mesh_net *n, struct mesh_outp *o, struct pkt *p,
                    sim_tick now, sim_tick s)
{
    struct mesh_inp *d = &n->in[o->to];

    n->link_flits[o->link] += p->flits;
    n->link_busy[o->link] += s;
    m->st.link_busy += s;
    m->ev.link += p->flits;
    m->ev.buf_write += p->flits;
    p->need = p->flits < m->cfg.buffer ? p->flits : m->cfg.buffer;
    d->credits -= p->need;
    p->arrive = now + m->hop_t;
    p->hops++;
    p->out = next_out(n, m, o->next, p->dst, p->end);
    enqueue(n, (uint32_t)o->to, p);
}

/* p won ejection port o at `now`: its tail reaches the endpoint after
 * router + link latency and S - 1 cycles; then the request is offered to
 * its target, the response handed to its initiator. */
static void eject(struct mesh *m, struct mesh_outp *o, struct pkt *p, sim_tick now, sim_tick s)
{
    sim_tick delay = m->hop_t + s - m->cyc;

    record(m, p, now + delay - p->inject);
    if (o->net == NET_REQ)
        sim_call_at(m->comp, now + delay, SIM_PRIO_DEFAULT, deliver, p->req);
    else
        sim_respond(m->comp, p->req, delay);
    pkt_free(m, p);
}

/* The head of input i (position k among its router's) wins output o now:
 * the input drains for S cycles, its credits go back upstream (which may
 * wake an output starved of them, or an initiator refused), and the next
 * packet in it becomes the head. */
static void grant(struct mesh *m, struct mesh_net *n, struct mesh_outp *o, uint32_t i,
                  uint32_t k, sim_tick now)
{
    struct mesh_inp *in = &n->in[i];
    struct pkt *p = in->head;
    sim_tick s = ser(m, p->flits);

    in->head = p->next;
    if (!in->head)
        in->tail = NULL;
    in->drain_until = now + s;
    if (!in->unbounded)
        in->credits += p->need;
    o->busy_until = now + s;
    o->rr = k + 1;
    o->want--;
    m->ev.buf_read += p->flits;
    m->ev.xbar += p->flits;
    m->ev.arb++;
    if (in->head) {
        struct pkt *h = in->head;

        n->out[h->out].want++;
        kick(&n->out[h->out], h->arrive > in->drain_until ? h->arrive : in->drain_until);
    }
    if (in->starved) {
        in->starved = false;
        kick(&n->out[in->from], now);
    }
    if (in->refused) {
        in->refused = false;
        sim_retry(m->comp, MESH_IN);    /* only inputs that were refused hear it */
    }
    if (o->to >= 0)
        forward(m, n, o, p, now, s);
    else
        eject(m, o, p, now, s);
}

/* One grant per output per serialisation time, round-robin among the
 * router's inputs whose head asks for it and may go now: it has arrived,
 * its input has sent the packet before, and the buffer after the link has
 * room for it. Otherwise the output sleeps until the earliest arrival, or
 * until a kick (a new head, credits back, the target's retry). */
static void out_fire(void *self, void *arg)
{
    struct mesh_outp *o = self;
    struct mesh *m = o->m;
    struct mesh_net *n = &m->net[o->net];
    sim_tick now = sim_time(m->comp), later = 0;
    uint32_t first = n->rin_off[o->router], cnt = n->rin_off[o->router + 1] - first;

    if (now < o->busy_until) {
        kick(o, o->busy_until);
        return;
    }
    if (o->park_head || !o->want)
        return;                     /* the target's retry, or a new head, kicks it */
    for (uint32_t j = 0, k = o->rr % cnt; j < cnt; j++, k = k + 1 < cnt ? k + 1 : 0) {
        uint32_t i = n->rin[first + k];
        struct mesh_inp *in = &n->in[i];
        struct pkt *p = in->head;
        sim_tick ready;

        if (!p || &n->out[p->out] != o)
            continue;
        ready = p->arrive > in->drain_until ? p->arrive : in->drain_until;
        if (ready > now) {
            if (!later || ready < later)
                later = ready;
            continue;
        }
        if (o->to >= 0) {
            struct mesh_inp *d = &n->in[o->to];
            uint32_t need = p->flits < m->cfg.buffer ? p->flits : m->cfg.buffer;

            if (d->credits < need) {
                d->starved = true;  /* its next grant kicks us */
                continue;
            }
        }
        grant(m, n, o, i, k, now);
        if (o->want)
            kick(o, o->busy_until);
        return;
    }
    if (later)
        kick(o, later);
}

/* A request's tail reached its target's network interface: offer it, or
 * park it behind those already refused. */
static void deliver(void *self, void *arg)
{
    struct mesh *m = self;
    sim_req *r = arg;
    uint32_t end = target_of(m, r->addr);
    struct mesh_outp *o = &m->net[NET_REQ].out[m->net[NET_REQ].eject[end]];

    if (!o->park_head && sim_send_at_to(m->comp, MESH_OUT, (int)end, r))
        return;
    r->next = NULL;
    if (o->park_tail)
        o->park_tail->next = r;
    else
        o->park_head = r;
    o->park_tail = r;
    m->st.parked++;
}

static void mesh_retry(void *self, int port, int idx)
{
    struct mesh *m = self;
    struct mesh_outp *o;

    if (idx < 0 || (uint32_t)idx >= m->n_out)
        return;
    o = &m->net[NET_REQ].out[m->net[NET_REQ].eject[idx]];
    while (o->park_head) {
        sim_req *r = o->park_head, *next = r->next;

        if (!sim_send_at_to(m->comp, MESH_OUT, idx, r))
            return;
        o->park_head = next;
        if (!next)
            o->park_tail = NULL;
    }
    kick(o, sim_time(m->comp));
}

/* A new packet for r from endpoint `src` to endpoint `end` of network id. */
static bool inject(struct mesh *m, int id, sim_req *r, uint32_t src, uint32_t end)
{
    struct mesh_net *n = &m->net[id];
    uint32_t i = n->inject[src];
    struct mesh_inp *in = &n->in[i];
    uint32_t bytes = bytes_of(r, id);
    struct pkt *p;

    p = pkt_alloc(m);
    if (!p) {
        sim_fail(m->comp, SIM_ENOMEM, "out of memory for packets");
        return false;
    }
    p->req = r;
    p->net = (uint8_t)id;
    p->inject = p->arrive = sim_time(m->comp);
    p->end = end;
    p->dst = n->ep_router[end];
    p->flits = flits_of(m, bytes);
    p->need = in->unbounded ? 0 : (p->flits < m->cfg.buffer ? p->flits : m->cfg.buffer);
    p->hops = 1;
    p->out = next_out(n, m, n->inj_router[src], p->dst, end);
    in->credits -= p->need;
    m->st.bytes += bytes;
    m->ev.buf_write += p->flits;
    enqueue(n, i, p);
    return true;
}

static bool mesh_send_at(void *self, int port, sim_req *req)
{
    struct mesh *m = self;
    uint32_t in = req->in_idx < m->n_in ? req->in_idx : 0;
    struct mesh_inp *q = &m->net[NET_REQ].in[m->net[NET_REQ].inject[in]];
    uint32_t flits = flits_of(m, bytes_of(req, NET_REQ));

    if (q->credits < (flits < m->cfg.buffer ? flits : m->cfg.buffer)) {
        q->refused = true;
        m->st.refused++;
        return false;
    }
    if (icn_map_put(&m->map, req, in)) {
        sim_fail(m->comp, SIM_ENOMEM, "out of memory");
        return false;
    }
    if (!inject(m, NET_REQ, req, in, target_of(m, req->addr)))
        return false;
    m->st.requests++;
    return true;
}

static void mesh_resp_at(void *self, int port, sim_req *req)
{
    struct mesh *m = self;
    uint32_t out = req->in_idx < m->n_out ? req->in_idx : 0;

    m->st.responses++;
    inject(m, NET_RESP, req, out, icn_map_take(&m->map, req));
}

/* ------------------------------------------------------------ LT */

/* The counts of one unloaded packet along its XY route. */
static sim_tick walk(struct mesh *m, int id, uint32_t from, uint32_t to, uint32_t bytes)
{
    struct mesh_net *n = &m->net[id];
    uint32_t flits = flits_of(m, bytes), hops = hops_between(m, from, to);
    sim_tick s = ser(m, flits);
    int d;

    for (uint32_t r = from; (d = xy_dir(m, r, to)) >= 0; r = neighbour(m, r, d)) {
        int32_t l = n->dir_out[r * DIR_COUNT + d];

        n->link_flits[l] += flits;
        n->link_busy[l] += s;
        m->st.link_busy += s;
        m->ev.link += flits;
    }
    m->st.packets++;
    m->st.flits += flits;
    m->st.bytes += bytes;
    m->ev.buf_write += (uint64_t)flits * hops;
    m->ev.buf_read += (uint64_t)flits * hops;
    m->ev.xbar += (uint64_t)flits * hops;
    m->ev.arb += hops;
    sim_avg_add(&m->st.hops, hops);
    sim_dist_add(&m->st.hops_dist, hops);
    sim_avg_add(&m->st.latency, (double)zero_load(m, hops, flits));
    sim_dist_add(&m->st.latency_dist, (double)zero_load(m, hops, flits));
    sim_avg_add(&m->st.queue_delay, 0);
    sim_dist_add(&m->st.queue_delay_dist, 0);
    return zero_load(m, hops, flits);
}

static sim_tick mesh_access_lt(void *self, int port, sim_req *req)
{
    struct mesh *m = self;
    uint32_t in = req->in_idx < m->n_in ? req->in_idx : 0, out = target_of(m, req->addr);
    uint32_t a = m->net[NET_RESP].ep_router[in], b = m->net[NET_REQ].ep_router[out];
    sim_tick t = walk(m, NET_REQ, a, b, bytes_of(req, NET_REQ));

    t += sim_send_lt_to(m->comp, MESH_OUT, (int)out, req);
    t += walk(m, NET_RESP, b, a, bytes_of(req, NET_RESP));
    m->st.requests++;
    m->st.responses++;
    return t;
}

/* ------------------------------------------------------------ stats and energy */

static void mesh_sync(void *self)
{
    struct mesh *m = self;
    uint64_t max = 0;

    for (int id = 0; id < NET_COUNT; id++)
        for (uint32_t l = 0; l < m->n_links; l++)
            if (m->net[id].link_busy && m->net[id].link_busy[l] > max)
                max = m->net[id].link_busy[l];
    m->st.link_busy_max = (double)max;
}

static void mesh_reset(void *self)
{
    struct mesh *m = self;

    for (int id = 0; id < NET_COUNT; id++)
        if (m->net[id].link_busy)
            memset(m->net[id].link_busy, 0, m->n_links * sizeof(uint64_t));
}

static void mesh_energy_model(void *self, const sim_tech *tech, double *event_j, double *leak_w)
{
    struct mesh *m = self;
    double bits = 8.0 * (double)m->cfg.flit, wire = sim_wire_energy_j_per_bit_mm(tech);
    double span = m->cfg.router_mm;
    sim_sram_result buf;
    /* every router input of both networks: the links, and a buffer per
     * endpoint on each side (callable before start: count connections) */
    uint32_t n_buf = 2 * m->n_links + 2 * (uint32_t)(sim_port_count(m->comp, MESH_IN) +
                                                     sim_port_count(m->comp, MESH_OUT));

    if (span == 0)
        span = MESH_RADIX * bits * 4.0 * tech->node_nm * 1e-6;
    if (sim_regfile_model(m->cfg.buffer, (uint32_t)bits, 1, 1, tech, &buf, NULL))
        memset(&buf, 0, sizeof(buf));
    event_j[0] = buf.write_j;
    event_j[1] = buf.read_j;
    event_j[2] = sim_arbiter_energy_j(tech, MESH_RADIX);
    event_j[3] = bits * span * wire;
    event_j[4] = bits * m->cfg.link_mm * wire;
    *leak_w = n_buf * buf.leakage_w;
}

const sim_type memsys_mesh = {
    .name = "mesh",
    .doc = "2-D mesh network-on-chip: XY routing, virtual cut-through, request and "
           "response networks. Per-link statistics, sized by the mesh when built: "
           "req_link_flits.<link> and resp_link_flits.<link>, flits over each link, named "
           "by router and direction (x0y0_e: east out of router (0,0)).",
    .params = mesh_params, .n_params = SIM_COUNT(mesh_params),
    .stats = mesh_stats, .n_stats = SIM_COUNT(mesh_stats),
    .energy = mesh_energy, .n_energy = SIM_COUNT(mesh_energy),
    .ports = mesh_ports, .n_ports = SIM_COUNT(mesh_ports),
    .cfg_size = sizeof(struct mesh_cfg), .init = mesh_init, .start = mesh_start,
    .fini = mesh_fini, .access_lt = mesh_access_lt, .send_at = mesh_send_at,
    .resp_at = mesh_resp_at, .retry = mesh_retry, .energy_model = mesh_energy_model,
    .sync = mesh_sync, .reset = mesh_reset,
};
