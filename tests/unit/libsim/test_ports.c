/* tests/unit/libsim/test_ports.c - the transaction protocols: loosely-timed
 * blocking access, approximately-timed send with accept, refuse, retry and
 * response events, the request pool, and the hop route through a relay. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static const char *mem_cfg =
    "components:\n"
    "  cpu: {type: probe}\n"
    "  mem: {type: simple_mem, latency: 50ns, bandwidth: 6.4, queue: 2}\n"
    "connections: [cpu.out -> mem.in]\n";

START_TEST(test_lt_returns_latency)
{
    sim_t *s = harness_open(mem_cfg);

    /* 64 B at 6.4 GB/s = 10 ns of transfer, then 50 ns */
    ck_assert_uint_eq(harness_read(s, "cpu", 0x40), 60000);
    /* the bus is busy until 10 ns: the next access queues behind it */
    ck_assert_uint_eq(harness_read(s, "cpu", 0x80), 70000);
    ck_assert_double_eq(sim_stat(s, "mem.reads"), 2);
    ck_assert_double_eq(sim_stat(s, "mem.bytes"), 128);
    sim_close(s);
}
END_TEST

/* From the start slot a component can see who is connected and how they
 * are configured: the peer and its port, its parameters by name. */
START_TEST(test_peer_and_its_params)
{
    sim_t *s = harness_open(mem_cfg);
    sim_comp *cpu = sim_find_comp(s, "cpu");
    const sim_param *d = NULL;
    const sim_comp *mem;
    int pp = -1;

    mem = sim_port_peer(cpu, 0, 0, &pp);
    ck_assert_str_eq(sim_comp_name(mem), "mem");
    ck_assert_str_eq(sim_comp_type(mem)->ports[pp].name, "in");
    ck_assert_ptr_eq(sim_port_peer(mem, pp, 0, NULL), cpu);
    ck_assert_ptr_null(sim_port_peer(cpu, 0, 1, NULL));     /* one connection only */
    ck_assert_ptr_null(sim_port_peer(cpu, 7, 0, NULL));     /* no such port */
    ck_assert_uint_eq(*(const uint32_t *)sim_comp_param(mem, "queue", &d), 2);
    ck_assert_int_eq(d->kind, SIM_P_UINT);
    ck_assert_ptr_null(sim_comp_param(mem, "qeue", NULL));
    sim_close(s);
}
END_TEST

START_TEST(test_at_response_is_an_event)
{
    sim_t *s = harness_open(mem_cfg);
    const struct harness_resp *r;

    harness_send(s, "cpu", SIM_READ, 0x1000, 64);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 0);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_IDLE);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 1);
    r = harness_resp(s, "cpu", 0);
    ck_assert_uint_eq(r->addr, 0x1000);
    ck_assert_uint_eq(r->issued, 0);
    ck_assert_uint_eq(r->done, 60000);
    sim_close(s);
}
END_TEST

START_TEST(test_at_backpressure_and_retry)
{
    sim_t *s = harness_open(mem_cfg);

    for (int i = 0; i < 5; i++)
        harness_send(s, "cpu", SIM_READ, 0x1000 + 64 * i, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 5);
    /* queue of 2: the third is refused and retried when the first answers */
    ck_assert_int_ge(harness_n_refused(s, "cpu"), 1);
    ck_assert_double_ge(sim_stat(s, "mem.refused"), 1);
    ck_assert_uint_eq(harness_resp(s, "cpu", 0)->done, 60000);
    ck_assert_uint_eq(harness_resp(s, "cpu", 1)->done, 70000);
    /* the third was accepted when the first left at 60 ns; its transfer
     * starts then and ends 10 ns later, plus 50 ns */
    ck_assert_uint_eq(harness_resp(s, "cpu", 2)->accepted, 60000);
    ck_assert_uint_eq(harness_resp(s, "cpu", 2)->done, 120000);
    for (int i = 1; i < 5; i++)
        ck_assert_uint_ge(harness_resp(s, "cpu", i)->done, harness_resp(s, "cpu", i - 1)->done);
    sim_close(s);
}
END_TEST

/* A relay forwards AT requests and responses: the route brings the response
 * back through it to the probe. */
struct relay {
    sim_comp *comp;
    uint64_t fwd, back;
};
static const sim_stat relay_stats[] = {
    SIM_STAT("fwd", struct relay, fwd, "forwarded"),
    SIM_STAT("back", struct relay, back, "responses relayed"),
};
static const sim_port relay_ports[] = {
    { "in", SIM_TARGET | SIM_MULTI, "from initiators" },
    { "out", SIM_INITIATOR, "to the target" },
};

static void *relay_init(sim_comp *c, const void *cfg, sim_error *err)
{
    struct relay *r = sim_zalloc(err, sizeof(*r));

    if (r)
        r->comp = c;
    return r;
}

static bool relay_send(void *self, int port, sim_req *req)
{
    struct relay *r = self;

    if (!sim_send_at(r->comp, 1, req))
        return false;
    r->fwd++;
    return true;
}

static void relay_resp(void *self, int port, sim_req *req)
{
    struct relay *r = self;

    r->back++;
    sim_respond(r->comp, req, 1000);
}

static void relay_retry(void *self, int port, int idx)
{
    struct relay *r = self;

    sim_retry(r->comp, 0);
}

static const sim_type relay_type = {
    .name = "relay", .doc = "test relay",
    .stats = relay_stats, .n_stats = SIM_COUNT(relay_stats),
    .ports = relay_ports, .n_ports = SIM_COUNT(relay_ports),
    .init = relay_init, .fini = free,
    .send_at = relay_send, .resp_at = relay_resp, .retry = relay_retry,
};

START_TEST(test_route_through_relay_and_multi_port)
{
    sim_error err;
    sim_t *s = sim_open_string(
        "components:\n"
        "  a: {type: probe}\n"
        "  b: {type: probe}\n"
        "  bus: {type: relay}\n"
        "  mem: {type: simple_mem, latency: 10ns, queue: 1}\n"
        "connections: [a.out -> bus.in, b.out -> bus.in, bus.out -> mem.in]\n", "t.yaml", &err);

    ck_assert_ptr_nonnull(s);
    harness_register(s);
    ck_assert_int_eq(sim_register_type(s, &relay_type, &err), 0);
    ck_assert_msg(sim_elaborate(s, &err) == 0, "%s", err.message);
    harness_send(s, "a", SIM_READ, 0x100, 64);
    harness_send(s, "b", SIM_WRITE, 0x200, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "a"), 1);
    ck_assert_int_eq(harness_n_resp(s, "b"), 1);
    ck_assert_uint_eq(harness_resp(s, "a", 0)->done, 11000);
    /* b was refused (queue 1) and retried through the relay at 10 ns */
    ck_assert_int_eq(harness_n_refused(s, "b"), 1);
    ck_assert_uint_eq(harness_resp(s, "b", 0)->done, 21000);
    ck_assert_double_eq(sim_stat(s, "bus.back"), 2);
    sim_close(s);
}
END_TEST

START_TEST(test_request_pool_reuses)
{
    sim_t *s = harness_open(mem_cfg);
    sim_comp *c = sim_find_comp(s, "cpu");
    sim_req *a = sim_req_alloc(c), *b;
    uint64_t id = a->id;

    a->addr = 99;
    sim_req_free(c, a);
    b = sim_req_alloc(c);
    ck_assert_ptr_eq(a, b);             /* the pool hands the same object back */
    ck_assert_uint_eq(b->addr, 0);      /* zeroed */
    ck_assert_uint_gt(b->id, id);
    sim_req_free(c, b);
    sim_close(s);
}
END_TEST

/* A source with one SIM_MULTI instruction port: each consumer gets the
 * records of its own stream, told apart by its connection's index. */
static int harts_insts(void *self, int port, int idx, sim_inst *out, int n)
{
    int *left = self;

    if (n > left[idx])
        n = left[idx];
    for (int i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof(out[i]));
        out[i].pc = 0x1000ull * (uint64_t)(idx + 1) + 4ull * (uint64_t)(10 - left[idx] + i);
        out[i].op = SIM_OP_INT;
    }
    left[idx] -= n;
    return n;
}

static void *harts_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    int *left = sim_zalloc(err, 2 * sizeof(int));

    if (left)
        left[0] = left[1] = 10;
    return left;
}

static const sim_port harts_ports[] = {
    { "insts", SIM_TARGET | SIM_MULTI | SIM_INSTS, "one stream per connection" },
};
static const sim_type harts_type = {
    .name = "harts", .doc = "test: two instruction streams on one port",
    .ports = harts_ports, .n_ports = 1, .init = harts_init, .fini = free,
    .insts_idx = harts_insts,
};

START_TEST(test_insts_by_connection_index)
{
    sim_error err;
    sim_t *s = sim_open_string("components: {h: {type: harts}, a: {type: sink}, "
                               "b: {type: sink, chunk: 3}}\n"
                               "connections: [a.in -> h.insts, b.in -> h.insts]\n",
                               "harts.yaml", &err);
    struct harness_sink *a, *b;

    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(sim_register_type(s, &harts_type, &err), 0);
    ck_assert_int_eq(sim_register_type(s, &harness_sink, &err), 0);
    ck_assert_msg(sim_elaborate(s, &err) == 0, "%s", err.message);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    a = harness_sink_of(s, "a");
    b = harness_sink_of(s, "b");
    ck_assert_int_eq(a->n, 10);
    ck_assert_int_eq(b->n, 10);
    for (int i = 0; i < 10; i++) {
        ck_assert_uint_eq(a->rec[i].pc, 0x1000 + 4 * (uint64_t)i);
        ck_assert_uint_eq(b->rec[i].pc, 0x2000 + 4 * (uint64_t)i);
    }
    sim_close(s);
}
END_TEST

Suite *ports_suite(void)
{
    Suite *s = suite_create("ports");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_lt_returns_latency);
    tcase_add_test(tc, test_peer_and_its_params);
    tcase_add_test(tc, test_at_response_is_an_event);
    tcase_add_test(tc, test_at_backpressure_and_retry);
    tcase_add_test(tc, test_route_through_relay_and_multi_port);
    tcase_add_test(tc, test_request_pool_reuses);
    tcase_add_test(tc, test_insts_by_connection_index);
    suite_add_tcase(s, tc);
    return s;
}
