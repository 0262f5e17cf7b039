/* tests/unit/harness.c - see harness.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

struct probe_cfg {
    uint32_t queue;
};

struct probe {
    sim_comp *comp;
    sim_req **q;                    /* waiting to be sent, oldest first */
    int nq, capq;
    bool blocked;                   /* head was refused: wait for retry */
    struct harness_resp resp[HARNESS_MAX_RESP];
    int n_resp, refused;
    sim_event kick;
    struct { uint64_t sent, received; } st;
};
enum { PROBE_OUT };

static const sim_param probe_params[] = {
    SIM_PARAM_UINT("queue", struct probe_cfg, queue, 1024, 1, 1e6, "requests the test may queue"),
};
static const sim_stat probe_stats[] = {
    SIM_STAT("sent", struct probe, st.sent, "requests accepted by the target"),
    SIM_STAT("received", struct probe, st.received, "responses received"),
};
static const sim_port probe_ports[] = {
    [PROBE_OUT] = { "out", SIM_INITIATOR | SIM_OPTIONAL, "requests the test sends" },
};

static void kick_fire(void *self, void *arg);

static void *probe_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct probe *p = sim_zalloc(err, sizeof(*p));

    if (p) {
        p->comp = comp;
        sim_event_init(&p->kick, kick_fire, p, NULL);
    }
    return p;
}

static void probe_fini(void *self)
{
    struct probe *p = self;

    free(p->q);
    free(p);
}

static void pump(struct probe *p)
{
    while (p->nq > 0 && !p->blocked) {
        sim_req *r = p->q[0];

        if (!sim_send_at(p->comp, PROBE_OUT, r)) {
            p->blocked = true;
            p->refused++;
            return;
        }
        r->flags = 0;
        r->pc = sim_time(p->comp);  /* accepted at: kept in pc, which tests do not use */
        p->st.sent++;
        memmove(p->q, p->q + 1, (p->nq - 1) * sizeof(*p->q));
        p->nq--;
    }
}

static void kick_fire(void *self, void *arg)
{
    pump(self);
}

static void probe_resp_at(void *self, int port, sim_req *req)
{
    struct probe *p = self;

    if (p->n_resp < HARNESS_MAX_RESP) {
        struct harness_resp *h = &p->resp[p->n_resp++];

        h->addr = req->addr;
        h->id = req->id;
        h->cmd = req->cmd;
        h->issued = req->issue;
        h->accepted = req->pc;
        h->done = sim_time(p->comp);
    }
    p->st.received++;
    sim_req_free(p->comp, req);
}

static void probe_retry(void *self, int port, int idx)
{
    struct probe *p = self;

    p->blocked = false;
    pump(p);
}

const sim_type harness_probe = {
    .name = "probe", .doc = "Test driver: sends what the test asks on port out.",
    .params = probe_params, .n_params = SIM_COUNT(probe_params),
    .stats = probe_stats, .n_stats = SIM_COUNT(probe_stats),
    .ports = probe_ports, .n_ports = SIM_COUNT(probe_ports),
    .cfg_size = sizeof(struct probe_cfg), .init = probe_init, .fini = probe_fini,
    .resp_at = probe_resp_at, .retry = probe_retry,
};

void harness_register(sim_t *s)
{
    sim_error err;

    if (!sim_type_find(s, "probe"))
        ck_assert_msg(sim_register_type(s, &harness_probe, &err) == 0, "%s", err.message);
}

sim_t *harness_open_err(const char *yaml, sim_error *err)
{
    sim_t *s = sim_open_string(yaml, "test.yaml", err);

    if (!s)
        return NULL;
    harness_register(s);
    if (sim_elaborate(s, err)) {
        sim_close(s);
        return NULL;
    }
    return s;
}

sim_t *harness_open(const char *yaml)
{
    sim_error err;
    sim_t *s = harness_open_err(yaml, &err);

    ck_assert_msg(s != NULL, "%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    return s;
}

static struct probe *probe_of(sim_t *s, const char *name)
{
    sim_comp *c = sim_find_comp(s, name);

    ck_assert_msg(c != NULL, "no instance %s", name);
    ck_assert_msg(sim_comp_type(c) == &harness_probe, "%s is not a probe", name);
    return sim_comp_self(c);
}

sim_tick harness_access(sim_t *s, const char *probe, int cmd, uint64_t addr, uint32_t size)
{
    return harness_access_pc(s, probe, cmd, addr, size, 0);
}

sim_tick harness_access_pc(sim_t *s, const char *probe, int cmd, uint64_t addr, uint32_t size,
                           uint64_t pc)
{
    struct probe *p = probe_of(s, probe);
    sim_req *r = sim_req_alloc(p->comp);
    sim_tick t;

    ck_assert_ptr_nonnull(r);
    r->cmd = (uint8_t)cmd;
    r->addr = addr;
    r->size = size;
    r->pc = pc;
    t = sim_send_lt(p->comp, PROBE_OUT, r);
    sim_req_free(p->comp, r);
    return t;
}

sim_tick harness_read(sim_t *s, const char *probe, uint64_t addr)
{
    return harness_access(s, probe, SIM_READ, addr, 64);
}

sim_tick harness_write(sim_t *s, const char *probe, uint64_t addr)
{
    return harness_access(s, probe, SIM_WRITE, addr, 64);
}

void harness_send(sim_t *s, const char *probe, int cmd, uint64_t addr, uint32_t size)
{
    struct probe *p = probe_of(s, probe);
    sim_req *r = sim_req_alloc(p->comp);

    ck_assert_ptr_nonnull(r);
    r->cmd = (uint8_t)cmd;
    r->addr = addr;
    r->size = size;
    if (p->nq == p->capq) {
        p->capq = p->capq ? 2 * p->capq : 64;
        p->q = realloc(p->q, p->capq * sizeof(*p->q));
        ck_assert_ptr_nonnull(p->q);
    }
    p->q[p->nq++] = r;
    if (!sim_event_armed(&p->kick))
        sim_schedule(p->comp, &p->kick, sim_time(p->comp), SIM_PRIO_DEFAULT);
}

int harness_n_resp(sim_t *s, const char *probe)
{
    return probe_of(s, probe)->n_resp;
}

const struct harness_resp *harness_resp(sim_t *s, const char *probe, int i)
{
    struct probe *p = probe_of(s, probe);

    ck_assert_int_lt(i, p->n_resp);
    return &p->resp[i];
}

int harness_n_refused(sim_t *s, const char *probe)
{
    return probe_of(s, probe)->refused;
}

double harness_stat(sim_t *s, const char *name)
{
    double v = sim_stat(s, name);

    ck_assert_msg(v == v, "no stat %s", name);
    return v;
}

sim_tick harness_lat(sim_t *s, const char *probe, int i)
{
    const struct harness_resp *r = harness_resp(s, probe, i);

    return r->done - r->accepted;
}

/* ------------------------------------------------------------- the sink */

struct sink_cfg {
    int chunk;
};

static const sim_param sink_params[] = {
    SIM_PARAM_INT("chunk", struct sink_cfg, chunk, 4, 1, HARNESS_MAX_RECS,
                  "records asked for per cycle"),
};

static const sim_port sink_ports[] = {
    { "in", SIM_INITIATOR | SIM_INSTS, "instruction records" },
};

static void *sink_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct sink_cfg *cfg = cfgp;
    struct harness_sink *k = sim_zalloc(err, sizeof(*k));

    if (k) {
        k->comp = comp;
        k->chunk = cfg->chunk;
    }
    return k;
}

static int sink_tick(void *self)
{
    struct harness_sink *k = self;
    int room = HARNESS_MAX_RECS - k->n;
    int got = sim_insts_fetch(k->comp, 0, k->rec + k->n, k->chunk < room ? k->chunk : room);

    k->ticks++;
    if (got <= 0)
        return 0;                   /* ended, or waits: sim_insts_ready wakes it */
    k->n += got;
    sim_retire(k->comp, (uint64_t)got);
    return 1;
}

static void sink_fini(void *self)
{
    free(self);
}

const sim_type harness_sink = {
    .name = "sink", .doc = "test: pulls instruction records, chunk at a time",
    .params = sink_params, .n_params = SIM_COUNT(sink_params),
    .ports = sink_ports, .n_ports = SIM_COUNT(sink_ports), .cfg_size = sizeof(struct sink_cfg),
    .init = sink_init, .fini = sink_fini, .tick = sink_tick,
};

struct harness_sink *harness_sink_of(sim_t *s, const char *name)
{
    sim_comp *c = sim_find_comp(s, name);

    ck_assert_msg(c != NULL, "no instance %s", name);
    ck_assert_msg(sim_comp_type(c) == &harness_sink, "%s is not a sink", name);
    return sim_comp_self(c);
}
