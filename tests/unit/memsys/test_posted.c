/* tests/unit/memsys/test_posted.c - posted writebacks (memsys/coherence.h,
 * REQ_POSTED): a cache marks the writebacks it sends on its own, a target
 * that takes one straight from that cache frees it instead of answering,
 * and every other request, a writeback that crossed a bus included, is
 * answered as before. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include "harness.h"
#include "memsys/coherence.h"

/* `wbsink`: a memory that records what reaches it (command, flags, hops)
 * and treats posted requests as the memsys targets do. */
#define WBSINK_MAX 64
struct wbsink {
    sim_comp *comp;
    int n, answered;
    struct {
        int cmd;
        uint16_t flags;
        uint8_t depth;
    } seen[WBSINK_MAX];
};

static void *wbsink_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct wbsink *k = sim_zalloc(err, sizeof(*k));

    if (k)
        k->comp = comp;
    return k;
}

static bool wbsink_send_at(void *self, int port, sim_req *r)
{
    struct wbsink *k = self;

    if (k->n < WBSINK_MAX) {
        k->seen[k->n].cmd = r->cmd;
        k->seen[k->n].flags = r->flags;
        k->seen[k->n].depth = r->depth;
        k->n++;
    }
    if (req_posted(r)) {
        sim_req_free(k->comp, r);
    } else {
        k->answered++;
        sim_respond(k->comp, r, sim_cycles(k->comp, 20));
    }
    return true;
}

static const sim_port wbsink_ports[] = {
    { "in", SIM_TARGET | SIM_MULTI, "requests" },
};

static const sim_type wbsink_type = {
    .name = "wbsink", .doc = "test: records requests, frees posted ones",
    .ports = wbsink_ports, .n_ports = SIM_COUNT(wbsink_ports),
    .init = wbsink_init, .fini = free, .send_at = wbsink_send_at,
};

static sim_t *open_with_sink(const char *yaml)
{
    sim_error err;
    sim_t *s = sim_open_string(yaml, "test.yaml", &err);

    ck_assert_msg(s != NULL, "%s", err.message);
    harness_register(s);
    ck_assert_int_eq(sim_register_type(s, &wbsink_type, &err), 0);
    ck_assert_msg(sim_elaborate(s, &err) == 0, "%s", err.message);
    return s;
}

/* Three writes to one set of a 2-way cache: the third evicts the first,
 * dirty. */
static void three_writes(sim_t *s)
{
    harness_send(s, "cpu", SIM_WRITE, 0x0000, 8);
    harness_send(s, "cpu", SIM_WRITE, 0x0100, 8);
    harness_send(s, "cpu", SIM_WRITE, 0x0200, 8);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
}

START_TEST(test_posted_writeback_is_marked_and_not_answered)
{
    sim_t *s = open_with_sink("components:\n"
                              "  cpu: {type: probe}\n"
                              "  l1:  {type: cache, size: 512B, assoc: 2}\n"
                              "  mem: {type: wbsink}\n"
                              "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n");
    struct wbsink *k;
    int wb = 0;

    three_writes(s);
    k = sim_comp_self(sim_find_comp(s, "mem"));
    ck_assert_double_eq(harness_stat(s, "l1.writebacks"), 1);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 3);
    for (int i = 0; i < k->n; i++) {
        if (k->seen[i].cmd != SIM_WRITEBACK) {
            ck_assert_int_eq(k->seen[i].flags & REQ_POSTED, 0);    /* fills are answered */
            continue;
        }
        wb++;
        ck_assert_int_ne(k->seen[i].flags & REQ_POSTED, 0);
        ck_assert_int_eq(k->seen[i].depth, 1);
    }
    ck_assert_int_eq(wb, 1);
    ck_assert_int_eq(k->answered, k->n - 1);
    sim_close(s);
}
END_TEST

/* probe -> 512 B 2-way cache l1 -> [bus ->] mem, where mem is (m) a DRAM, a
 * fixed-latency memory or a cache (in front of a fixed-latency memory). */
static void memory_yaml(char *buf, size_t n, int m, bool bus)
{
    static const char *const mems[] = {
        "{type: dram, preset: DDR4-2400}",
        "{type: simple_mem, latency: 50ns}",
        "{type: cache, size: 4KiB, assoc: 4}",
    };

    snprintf(buf, n,
             "components:\n"
             "  cpu: {type: probe}\n"
             "  l1:  {type: cache, size: 512B, assoc: 2}\n"
             "%s"
             "  mem: %s\n"
             "%s"
             "connections: [cpu.out -> l1.cpu, %s -> %s%s]\n",
             bus ? "  bus: {type: bus}\n" : "", mems[m],
             m == 2 ? "  far: {type: simple_mem, latency: 50ns}\n" : "",
             bus ? "l1.mem -> bus.cpu, bus.mem" : "l1.mem", m == 2 ? "mem.cpu" : "mem.in",
             m == 2 ? ", mem.mem -> far.in" : "");
}

/* A writeback that crosses a bus is answered back over it, as every other
 * request: the bus carries as many responses as requests. */
START_TEST(test_posted_writeback_across_a_bus_is_answered)
{
    char yaml[512];

    for (int m = 0; m < 3; m++) {
        sim_t *s;

        memory_yaml(yaml, sizeof(yaml), m, true);
        s = harness_open(yaml);
        three_writes(s);
        ck_assert_double_eq(harness_stat(s, "l1.writebacks"), 1);
        ck_assert_double_eq(harness_stat(s, "bus.requests"), 4);   /* 3 fills, 1 writeback */
        ck_assert_double_eq(harness_stat(s, "bus.responses"), 4);
        ck_assert_int_eq(harness_n_resp(s, "cpu"), 3);
        sim_close(s);
    }
}
END_TEST

/* Straight into a DRAM, a cache or a fixed-latency memory: the writeback
 * is written (counted where the target counts writes) and the run ends. */
START_TEST(test_posted_writeback_reaches_each_memory)
{
    static const char *const counts[] = { "mem.writes", "mem.writes", "mem.victims_in" };
    char yaml[512];

    for (int m = 0; m < 3; m++) {
        sim_t *s;

        memory_yaml(yaml, sizeof(yaml), m, false);
        s = harness_open(yaml);
        three_writes(s);
        ck_assert_double_eq(harness_stat(s, "l1.writebacks"), 1);
        ck_assert_double_eq(harness_stat(s, counts[m]), 1);
        ck_assert_int_eq(harness_n_resp(s, "cpu"), 3);
        sim_close(s);
    }
}
END_TEST

/* A writeback from an initiator that does not post it (no REQ_POSTED) is
 * answered, by a cache and by a DRAM. */
START_TEST(test_unposted_writeback_is_answered)
{
    static const char *const yaml[] = {
        "components:\n"
        "  cpu: {type: probe}\n"
        "  l1:  {type: cache, size: 512B, assoc: 2}\n"
        "  mem: {type: simple_mem, latency: 50ns}\n"
        "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n",
        "components:\n"
        "  cpu: {type: probe}\n"
        "  mem: {type: dram, preset: DDR4-2400}\n"
        "connections: [cpu.out -> mem.in]\n",
    };

    for (int i = 0; i < 2; i++) {
        sim_t *s = harness_open(yaml[i]);

        harness_send(s, "cpu", SIM_WRITEBACK, 0x40, 64);
        sim_run(s, SIM_UNTIL_EXIT, NULL);
        ck_assert_int_eq(harness_n_resp(s, "cpu"), 1);
        sim_close(s);
    }
}
END_TEST

Suite *posted_suite(void)
{
    Suite *s = suite_create("posted");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_posted_writeback_is_marked_and_not_answered);
    tcase_add_test(tc, test_posted_writeback_across_a_bus_is_answered);
    tcase_add_test(tc, test_posted_writeback_reaches_each_memory);
    tcase_add_test(tc, test_unposted_writeback_is_answered);
    suite_add_tcase(s, tc);
    return s;
}
