/* memsys/icn.h - the engine shared by memsys/bus.c and memsys/xbar.c: input
 * queues, links with an occupancy per transfer, arbitration, address
 * interleaving over the outputs, parking of refused requests, and the
 * statistics and energy events both types report.
 *
 * A link carries one transfer at a time for ceil(bytes / width) cycles (one
 * cycle at least: the command or the acknowledgement) and then `latency`
 * more cycles of pipeline before the far side sees it. A bus is one link
 * for everything, requests and responses alike (responses first). A
 * crossbar has a link per output for requests and a link per input for
 * responses, so transfers between different pairs proceed in parallel.
 * Grants happen on the edges of the instance's clock.
 *
 * Energy, per type (bus.c, xbar.c): wire energy per bit moved
 * (sim_wire_energy_j_per_bit_mm x wire_mm), one arbitration per grant
 * (sim_arbiter_energy_j among the inputs), and the input queues as buffers
 * of `width`-byte flits: a request is max(1, ceil(bytes / width)) flits
 * (its transfer's cycles; the command rides in the first), each written
 * into its input's queue and read out at its grant, priced as a
 * sim_regfile_model table of `queue` flits per input, whose leakage is the
 * type's. Responses wait at their link, not in a buffer: not priced. */
#ifndef ARCHSIM_MEMSYS_ICN_H
#define ARCHSIM_MEMSYS_ICN_H

#include <archsim/sim_type.h>

enum { ICN_ROUND_ROBIN, ICN_FIXED };

struct icn_cfg {                    /* the params both types share, in this order */
    uint64_t width;                 /* bytes per cycle */
    uint32_t latency;               /* cycles after the transfer */
    int arbitration;                /* ICN_ROUND_ROBIN / ICN_FIXED */
    uint32_t queue;                 /* requests waiting per input */
    uint64_t interleave;            /* bytes mapped to one output before the next */
    double wire_mm;                 /* length of a link, for its energy */
};

struct icn_slot {
    sim_req *req;
    sim_tick arrive;
    uint32_t out;
};

struct icn_inq {                    /* one input: a ring of waiting requests */
    struct icn_slot *e;
    uint32_t head, n;
};

struct icn;

struct icn_link {
    struct icn *x;
    sim_tick busy_until;
    uint32_t rr;                    /* round robin: input to look at first */
    sim_req *resp_head, *resp_tail; /* responses waiting for this link */
    sim_event ev;
};

struct icn_out {                    /* refused by the target: sent again on retry */
    sim_req *park_head, *park_tail;
};

struct icn_map {                    /* crossbar: request -> input it came in on */
    const sim_req **key;
    uint32_t *val;
    uint32_t cap, n;
};

struct icn {
    struct icn_cfg cfg;
    sim_comp *comp;
    int in_port, out_port;
    bool shared;                    /* bus: one link for all */
    uint32_t n_in, n_out, n_links;
    struct icn_inq *inq;
    struct icn_link *links;
    struct icn_out *outs;
    struct icn_map map;
    struct {
        uint64_t requests, responses, bytes, busy_ticks, refused, grants, parked;
        sim_avg queue_delay;
        sim_dist queue_delay_dist;
        double links;
    } st;
    struct { uint64_t bits, grants, buf_write, buf_read; } ev;
};

/* Check the params and fill *x (comp's ports in_port and out_port). Returns
 * 0, or SIM_ECONFIG with err naming the bad param. */
int icn_init(struct icn *x, sim_comp *comp, const struct icn_cfg *cfg, bool shared, int in_port,
             int out_port, sim_error *err);
/* After connections are bound: size the queues and links. 0 or SIM_ENOMEM. */
int icn_start(struct icn *x, sim_error *err);
void icn_fini(struct icn *x);

sim_tick icn_access_lt(struct icn *x, sim_req *req);
bool icn_send_at(struct icn *x, sim_req *req);
void icn_resp_at(struct icn *x, sim_req *req);
void icn_retry(struct icn *x, int idx);
/* Energy per bit moved (wire), per grant (arbiter), per flit written to and
 * read from an input queue, in event order; *leak_w the queues' leakage. */
void icn_energy(const struct icn *x, const sim_tech *tech, double *event_j, double *leak_w);

/* The request -> input map on its own (the crossbar's, also used by
 * memsys/mesh.c): a zeroed struct icn_map is empty; free its key and val
 * arrays when done. put returns 0, or -1 out of memory; take removes r and
 * returns its value (0 when r is not there). */
int icn_map_put(struct icn_map *m, const sim_req *r, uint32_t in);
uint32_t icn_map_take(struct icn_map *m, const sim_req *r);

/* The param, stat and energy rows both types declare, for a struct T that
 * holds `struct icn icn` as its FIRST member and `struct icn_cfg` as its
 * cfg. */
#define ICN_PARAMS(width_def, queue_def)                                                       \
    SIM_PARAM_SIZE_R("width", struct icn_cfg, width, width_def, 1, 4096,                       \
                     "bytes a link moves per cycle"),                                          \
    SIM_PARAM_UINT("latency", struct icn_cfg, latency, 1, 0, 1000,                             \
                   "cycles from the end of a transfer to its arrival (pipeline)"),             \
    SIM_PARAM_ENUM("arbitration", struct icn_cfg, arbitration, "round_robin",                  \
                   "round_robin|fixed", "who wins a link: rotating, or the lowest input"),     \
    SIM_PARAM_UINT("queue", struct icn_cfg, queue, queue_def, 1, 4096,                         \
                   "requests waiting per input; more are refused until one leaves"),           \
    SIM_PARAM_SIZE_R("interleave", struct icn_cfg, interleave, "64B", 1, 1e18,                 \
                     "consecutive bytes mapped to one output before the next"),                \
    SIM_PARAM_NUM_U("wire_mm", struct icn_cfg, wire_mm, 1.0, 0, 1000, "mm",                    \
                    "length of a link's wires, for the energy per bit")

#define ICN_STATS(T)                                                                           \
    SIM_STAT("requests", T, icn.st.requests, "requests accepted or passed on (LT)"),          \
    SIM_STAT("responses", T, icn.st.responses, "responses carried back"),                      \
    SIM_STAT_U("bytes", T, icn.st.bytes, "B", "payload bytes moved, both directions"),         \
    SIM_STAT_U("busy_ticks", T, icn.st.busy_ticks, "ps", "time links were busy, summed"),      \
    SIM_STAT("refused", T, icn.st.refused, "AT requests refused: input queue full"),           \
    SIM_STAT("grants", T, icn.st.grants, "transfers granted a link"),                          \
    SIM_STAT("parked", T, icn.st.parked, "requests a target refused, held for its retry"),     \
    SIM_STAT_AVG("queue_delay", T, icn.st.queue_delay, "ps",                                   \
                 "arrival of a request to its grant"),                                         \
    SIM_STAT_LOG2("queue_delay_dist", T, icn.st.queue_delay_dist, 40, "ps",                    \
                  "arrival of a request to its grant, log2 buckets"),                          \
    SIM_STAT_VALUE("links", T, icn.st.links, NULL, "links (bus: 1; crossbar: outputs + inputs)"), \
    SIM_FORMULA("utilisation", "busy_ticks / sim.ticks / links", NULL,                         \
                "share of time the links were busy, averaged"),                                \
    SIM_FORMULA("bandwidth", "bytes / sim.seconds", "B/s", "payload bytes per second")

#define ICN_ENERGY(T)                                                                          \
    SIM_ENERGY("bits", T, icn.ev.bits, "one bit over a link: wire energy x wire_mm"),          \
    SIM_ENERGY("grants", T, icn.ev.grants, "one arbitration among the inputs"),                \
    SIM_ENERGY("buffer_write", T, icn.ev.buf_write,                                            \
               "one flit (width bytes) of a request into its input queue"),                    \
    SIM_ENERGY("buffer_read", T, icn.ev.buf_read,                                              \
               "one flit of a request out of its input queue, at its grant")

#endif
