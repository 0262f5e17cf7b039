/* memsys/simple_mem.c - a memory with a fixed access latency and an
 * optional bandwidth limit: transfers are serialised at `bandwidth`, so a
 * burst of requests queues behind the ones before it. No banks, rows or
 * refresh (that is memsys/dram.c). Holds no data: data lives in the ISA
 * model's memory. Both timing styles: access_lt returns the latency (queueing
 * behind earlier transfers included), send_at accepts up to `queue`
 * requests and answers each when its transfer and latency have passed (a
 * cache's posted writeback, REQ_POSTED in memsys/coherence.h, is freed at
 * once instead: nobody waits for that answer; it still holds its place in
 * the queue until then). */
#include <stdlib.h>
#include <archsim/sim_type.h>
#include "memsys/coherence.h"

struct simple_mem_cfg {
    sim_tick latency;
    double bandwidth;               /* GB/s; 0: unlimited */
    uint32_t queue;
};

struct simple_mem {
    struct simple_mem_cfg cfg;
    sim_comp *comp;
    sim_tick busy_until;            /* the data bus is busy until then */
    uint32_t in_flight;
    struct {
        uint64_t reads, writes, bytes, refused;
        sim_avg latency, queue_delay;
    } st;
    struct { uint64_t read, write; } ev;
};
enum { MEM_IN };

static const sim_param simple_mem_params[] = {
    SIM_PARAM_TIME("latency", struct simple_mem_cfg, latency, "50ns",
                   "from the start of a transfer to the response"),
    SIM_PARAM_NUM_U("bandwidth", struct simple_mem_cfg, bandwidth, 0, 0, 1e6, "GB/s",
                    "transfer rate, 1 GB = 1e9 B (0: unlimited)"),
    SIM_PARAM_UINT("queue", struct simple_mem_cfg, queue, 16, 1, 65536,
                   "requests accepted and not yet answered (AT); more are refused"),
};
static const sim_stat simple_mem_stats[] = {
    SIM_STAT("reads", struct simple_mem, st.reads, "read, fetch and prefetch requests"),
    SIM_STAT("writes", struct simple_mem, st.writes, "write and writeback requests"),
    SIM_STAT_U("bytes", struct simple_mem, st.bytes, "B", "bytes transferred"),
    SIM_STAT("refused", struct simple_mem, st.refused, "AT requests refused: queue full"),
    SIM_STAT_AVG("latency", struct simple_mem, st.latency, "ps",
                 "arrival to response, queueing included"),
    SIM_STAT_AVG("queue_delay", struct simple_mem, st.queue_delay, "ps",
                 "arrival to start of transfer"),
    SIM_FORMULA("bandwidth_used", "bytes / sim.seconds", "B/s",
                "bytes transferred per simulated second"),
};
static const sim_energy_event simple_mem_energy[] = {
    SIM_ENERGY("read", struct simple_mem, ev.read, "one read access"),
    SIM_ENERGY("write", struct simple_mem, ev.write, "one write access"),
};
static const sim_port simple_mem_ports[] = {
    [MEM_IN] = { "in", SIM_TARGET | SIM_MULTI, "requests from caches, buses or generators" },
};

static void *simple_mem_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    struct simple_mem *m = sim_zalloc(err, sizeof(*m));

    if (!m)
        return NULL;
    m->cfg = *(const struct simple_mem_cfg *)cfgp;
    m->comp = comp;
    return m;
}

static bool is_write(const sim_req *r)
{
    return r->cmd == SIM_WRITE || r->cmd == SIM_WRITEBACK;
}

/* Claim the data bus for r; returns the delay from now to the response. */
static sim_tick serve(struct simple_mem *m, const sim_req *r)
{
    sim_tick now = sim_time(m->comp);
    sim_tick start = m->busy_until > now ? m->busy_until : now;
    sim_tick xfer = 0;

    if (m->cfg.bandwidth > 0)       /* bytes / (GB/s) = ns; ps: x1000 */
        xfer = (sim_tick)(r->size * 1000.0 / m->cfg.bandwidth + 0.5);
    m->busy_until = start + xfer;
    if (is_write(r)) {
        m->st.writes++;
        m->ev.write++;
    } else {
        m->st.reads++;
        m->ev.read++;
    }
    m->st.bytes += r->size;
    sim_avg_add(&m->st.queue_delay, (double)(start - now));
    sim_avg_add(&m->st.latency, (double)(start - now + xfer + m->cfg.latency));
    return start - now + xfer + m->cfg.latency;
}

static sim_tick simple_mem_access_lt(void *self, int port, sim_req *req)
{
    return serve(self, req);
}

static void answered(void *self, void *arg)
{
    struct simple_mem *m = self;

    if (m->in_flight-- == m->cfg.queue)
        sim_retry(m->comp, MEM_IN);
}

static bool simple_mem_send_at(void *self, int port, sim_req *req)
{
    struct simple_mem *m = self;
    sim_tick delay;

    if (m->in_flight >= m->cfg.queue) {
        m->st.refused++;
        return false;
    }
    m->in_flight++;
    delay = serve(m, req);
    if (req_posted(req))            /* a cache's writeback: nobody waits for the answer */
        sim_req_free(m->comp, req);
    else
        sim_respond(m->comp, req, delay);
    sim_call_at(m->comp, sim_time(m->comp) + delay, SIM_PRIO_RESP, answered, NULL);
    return true;
}

const sim_type memsys_simple_mem = {
    .name = "simple_mem",
    .doc = "Memory with a fixed latency and an optional bandwidth limit (no banks or rows).",
    .params = simple_mem_params, .n_params = SIM_COUNT(simple_mem_params),
    .stats = simple_mem_stats, .n_stats = SIM_COUNT(simple_mem_stats),
    .energy = simple_mem_energy, .n_energy = SIM_COUNT(simple_mem_energy),
    .ports = simple_mem_ports, .n_ports = SIM_COUNT(simple_mem_ports),
    .cfg_size = sizeof(struct simple_mem_cfg), .init = simple_mem_init, .fini = free,
    .access_lt = simple_mem_access_lt, .send_at = simple_mem_send_at,
};
