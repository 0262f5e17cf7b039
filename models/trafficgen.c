/* models/trafficgen.c - a traffic generator: issues `count` memory requests
 * with a linear, strided, random or pointer-chase address pattern and a
 * read/write mix, in either timing style. It is a workload: the run ends
 * when its last request has been answered.
 *
 * Loosely-timed (mode: lt): each access blocks for the latency it returns;
 * the next one issues `interval` cycles after it completes. Approximately-
 * timed (mode: at): up to `outstanding` requests in flight, one issued at
 * most every `interval` cycles, refused ones sent again on retry. A pointer
 * chase is dependent loads (each address comes from the previous load), so
 * it always has one request in flight: the latency it measures is the
 * unloaded latency of the level the working set fits in. The chase visits
 * the lines of the region in one random cycle (Sattolo's algorithm), so no
 * line repeats before all were touched and prefetchers cannot follow it. */
#include <stdlib.h>
#include <archsim/sim_type.h>

struct trafficgen_cfg {
    int pattern;
    uint64_t base, range, stride, size;
    double read_fraction;
    uint64_t count;
    uint32_t interval, outstanding;
    int mode;
    uint64_t seed;
    uint32_t core;
};
enum { PAT_LINEAR, PAT_STRIDED, PAT_RANDOM, PAT_CHASE };
enum { MODE_LT, MODE_AT };

struct trafficgen {
    struct trafficgen_cfg cfg;
    sim_comp *comp;
    uint64_t issued, done, lines;
    uint32_t in_flight;
    uint64_t pos;                   /* linear/strided index, chase: current line */
    uint32_t *next;                 /* pointer chase: line -> next line */
    sim_req *pending;               /* AT: refused, waiting for retry */
    sim_tick next_issue;
    uint64_t rng[2];
    sim_event ev;                   /* LT: next access */
    struct {
        uint64_t reads, writes, bytes, retries;
        sim_avg latency;
        sim_dist latency_dist;
    } st;
};
enum { TG_OUT };

static const sim_param trafficgen_params[] = {
    SIM_PARAM_ENUM("pattern", struct trafficgen_cfg, pattern, "linear",
                   "linear|strided|random|pointer_chase", "address pattern"),
    SIM_PARAM_UINT("base", struct trafficgen_cfg, base, 0, 0, 1.8e19, "first address"),
    SIM_PARAM_SIZE_R("range", struct trafficgen_cfg, range, "1MiB", 1, 1.1e12,
                     "bytes of address space the pattern covers (working set)"),
    SIM_PARAM_SIZE("stride", struct trafficgen_cfg, stride, "64B", "step of the strided pattern"),
    SIM_PARAM_SIZE_R("size", struct trafficgen_cfg, size, "64B", 1, 4096,
                     "bytes per request (and line size of the chase)"),
    SIM_PARAM_FLOAT("read_fraction", struct trafficgen_cfg, read_fraction, 1.0, 0, 1,
                    "share of reads; the rest are writes (pointer chase: reads only)"),
    SIM_PARAM_UINT("count", struct trafficgen_cfg, count, 10000, 1, 1.8e19, "requests to issue"),
    SIM_PARAM_UINT("interval", struct trafficgen_cfg, interval, 1, 1, 1e9,
                   "cycles between issues (AT: request rate = clock / interval; LT: from "
                   "one request's completion to the next issue, a closed loop)"),
    SIM_PARAM_UINT("outstanding", struct trafficgen_cfg, outstanding, 1, 1, 4096,
                   "requests in flight at most (AT; pointer chase: always 1)"),
    SIM_PARAM_ENUM("mode", struct trafficgen_cfg, mode, "at", "lt|at",
                   "timing style: loosely-timed blocking or approximately-timed"),
    SIM_PARAM_UINT("seed", struct trafficgen_cfg, seed, 0, 0, 1.8e19,
                   "seed of the address and read/write choices (0: from the run's seed)"),
    SIM_PARAM_UINT("core", struct trafficgen_cfg, core, 0, 0, 65535,
                   "core id carried by the requests"),
};
static const sim_stat trafficgen_stats[] = {
    SIM_STAT("reads", struct trafficgen, st.reads, "read requests completed"),
    SIM_STAT("writes", struct trafficgen, st.writes, "write requests completed"),
    SIM_STAT_U("bytes", struct trafficgen, st.bytes, "B", "bytes requested"),
    SIM_STAT("retries", struct trafficgen, st.retries, "requests refused and sent again"),
    SIM_STAT_AVG("latency", struct trafficgen, st.latency, "ps", "issue to response"),
    SIM_STAT_LOG2("latency_dist", struct trafficgen, st.latency_dist, 32, "ps",
                  "issue to response, log2 buckets"),
    SIM_FORMULA("bandwidth", "bytes / sim.seconds", "B/s", "bytes per simulated second"),
};
static const sim_port trafficgen_ports[] = {
    [TG_OUT] = { "out", SIM_INITIATOR, "requests to a cache, bus or memory" },
};

/* xorshift128+ of its own, so `seed:` can pin the pattern independently
 * of the run seed. */
static uint64_t rnd(struct trafficgen *g)
{
    uint64_t a = g->rng[0], b = g->rng[1];

    g->rng[0] = b;
    a ^= a << 23;
    g->rng[1] = a ^ b ^ (a >> 17) ^ (b >> 26);
    return g->rng[1] + b;
}

static void *trafficgen_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct trafficgen_cfg *cfg = cfgp;
    struct trafficgen *g;
    uint64_t lines = cfg->range / cfg->size;

    if (lines == 0) {
        sim_param_error(err, comp, "range", "must hold at least one request of %llu bytes",
                        (unsigned long long)cfg->size);
        return NULL;
    }
    if (cfg->pattern == PAT_CHASE && lines > (1ull << 32)) {
        sim_param_error(err, comp, "range", "pointer chase over more than 2^32 lines");
        return NULL;
    }
    g = sim_zalloc(err, sizeof(*g));
    if (!g)
        return NULL;
    g->cfg = *cfg;
    g->comp = comp;
    g->lines = lines;
    if (cfg->seed) {
        g->rng[0] = cfg->seed * 0x9e3779b97f4a7c15ull | 1;
        g->rng[1] = cfg->seed ^ 0xdeadbeefcafef00dull;
    } else {
        g->rng[0] = sim_rand(comp) | 1;
        g->rng[1] = sim_rand(comp);
    }
    if (cfg->pattern == PAT_CHASE) {
        g->next = malloc(lines * sizeof(*g->next));
        if (!g->next) {
            free(g);
            sim_error_set(err, SIM_ENOMEM, "out of memory for a chase over %llu lines",
                          (unsigned long long)lines);
            return NULL;
        }
        /* Sattolo: a random permutation that is one cycle through every line. */
        for (uint64_t i = 0; i < lines; i++)
            g->next[i] = (uint32_t)i;
        for (uint64_t i = lines - 1; i > 0; i--) {
            uint64_t j = rnd(g) % i;
            uint32_t t = g->next[i];

            g->next[i] = g->next[j];
            g->next[j] = t;
        }
        g->cfg.outstanding = 1;
        g->cfg.read_fraction = 1.0;
    }
    return g;
}

static void trafficgen_fini(void *self)
{
    struct trafficgen *g = self;

    free(g->next);
    free(g);
}

static uint64_t next_addr(struct trafficgen *g)
{
    uint64_t a;

    switch (g->cfg.pattern) {
    case PAT_LINEAR:
        a = (g->pos++ % g->lines) * g->cfg.size;
        break;
    case PAT_STRIDED:
        a = (g->pos++ * g->cfg.stride) % (g->lines * g->cfg.size);
        break;
    case PAT_RANDOM:
        a = (rnd(g) % g->lines) * g->cfg.size;
        break;
    default:
        g->pos = g->next[g->pos];
        a = g->pos * g->cfg.size;
        break;
    }
    return g->cfg.base + a;
}

static sim_req *make_req(struct trafficgen *g)
{
    sim_req *r = sim_req_alloc(g->comp);
    bool read = g->cfg.read_fraction >= 1.0 ||
                (rnd(g) >> 11) * 0x1.0p-53 < g->cfg.read_fraction;

    if (!r)
        return NULL;
    r->addr = next_addr(g);
    r->size = (uint32_t)g->cfg.size;
    r->cmd = read ? SIM_READ : SIM_WRITE;
    r->core = (uint16_t)g->cfg.core;
    r->pc = 0x1000 + 4 * (g->issued % 4);   /* a few pcs, as a loop would have */
    g->issued++;
    return r;
}

static void complete(struct trafficgen *g, sim_req *r, sim_tick latency)
{
    if (r->cmd == SIM_WRITE)
        g->st.writes++;
    else
        g->st.reads++;
    g->st.bytes += r->size;
    sim_avg_add(&g->st.latency, (double)latency);
    sim_dist_add(&g->st.latency_dist, (double)latency);
    sim_req_free(g->comp, r);
    if (++g->done == g->cfg.count)
        sim_exit(g->comp, 0);
}

/* ------------------------------------------------------ loosely-timed */

static void lt_step(void *self, void *arg)
{
    struct trafficgen *g = self;
    sim_req *r = make_req(g);
    sim_tick lat;

    if (!r)
        return;
    lat = sim_send_lt(g->comp, TG_OUT, r);
    complete(g, r, lat);
    if (g->issued < g->cfg.count)
        sim_schedule(g->comp, &g->ev, sim_time(g->comp) + lat + sim_cycles(g->comp, g->cfg.interval),
                     SIM_PRIO_DEFAULT);
}

/* ------------------------------------------------ approximately-timed */

static int trafficgen_tick(void *self)
{
    struct trafficgen *g = self;
    sim_tick now = sim_time(g->comp);

    if (g->cfg.mode != MODE_AT)
        return 0;
    if (g->pending || g->issued >= g->cfg.count || g->in_flight >= g->cfg.outstanding)
        return 0;                   /* woken by retry or a response */
    if (now < g->next_issue) {
        sim_wake_at(g->comp, g->next_issue);
        return 0;
    }
    g->pending = make_req(g);
    if (!g->pending)
        return 0;
    g->next_issue = now + sim_cycles(g->comp, g->cfg.interval);
    if (sim_send_at(g->comp, TG_OUT, g->pending)) {
        g->pending = NULL;
        g->in_flight++;
    }
    return g->pending == NULL && g->in_flight < g->cfg.outstanding &&
           g->issued < g->cfg.count;
}

static void trafficgen_resp_at(void *self, int port, sim_req *req)
{
    struct trafficgen *g = self;

    g->in_flight--;
    complete(g, req, sim_time(g->comp) - req->issue);
    sim_wake(g->comp);
}

static void trafficgen_retry(void *self, int port, int idx)
{
    struct trafficgen *g = self;

    if (!g->pending)
        return;
    g->st.retries++;
    if (sim_send_at(g->comp, TG_OUT, g->pending)) {
        g->pending = NULL;
        g->in_flight++;
        sim_wake(g->comp);
    }
}

static int trafficgen_start(void *self, sim_error *err)
{
    struct trafficgen *g = self;
    int rc = sim_port_check(g->comp, TG_OUT, g->cfg.mode == MODE_LT ? SIM_SENDS_LT
                                                                   : SIM_SENDS_AT, err);

    if (rc)
        return rc;
    sim_workload_start(g->comp);
    if (g->cfg.mode == MODE_LT) {
        sim_event_init(&g->ev, lt_step, g, NULL);
        sim_schedule(g->comp, &g->ev, 0, SIM_PRIO_DEFAULT);
    }
    return 0;
}

const sim_type models_trafficgen = {
    .name = "trafficgen",
    .doc = "Traffic generator: linear, strided, random or pointer-chase requests, "
           "loosely- or approximately-timed.",
    .params = trafficgen_params, .n_params = SIM_COUNT(trafficgen_params),
    .stats = trafficgen_stats, .n_stats = SIM_COUNT(trafficgen_stats),
    .ports = trafficgen_ports, .n_ports = SIM_COUNT(trafficgen_ports),
    .cfg_size = sizeof(struct trafficgen_cfg), .init = trafficgen_init,
    .start = trafficgen_start, .fini = trafficgen_fini, .tick = trafficgen_tick,
    .resp_at = trafficgen_resp_at, .retry = trafficgen_retry,
};
