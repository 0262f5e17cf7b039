/* tests/unit/memsys/test_bus.c - the `bus`: transfer occupancy of
 * ceil(bytes / width) cycles per direction plus latency, contention between
 * initiators, round-robin against fixed priority, interleaving over
 * several memories, backpressure both ways, stats and energy. The bus runs
 * at the default 1 GHz clock (1000 ps cycles). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"


/* Two probes on a bus in front of a 50 ns memory. */
static sim_t *open_bus(const char *bus_params)
{
    char yaml[1024];

    snprintf(yaml, sizeof(yaml),
             "components:\n"
             "  cpu0: {type: probe}\n"
             "  cpu1: {type: probe}\n"
             "  bus:  {type: bus, %s}\n"
             "  mem:  {type: simple_mem, latency: 50ns, queue: 64}\n"
             "connections: [cpu0.out -> bus.cpu, cpu1.out -> bus.cpu, bus.mem -> mem.in]\n",
             bus_params);
    return harness_open(yaml);
}

/* Read: 1 command cycle + 1 latency there, 50 ns, 4 data cycles (64 B over
 * 16 B) + 1 latency back. */
START_TEST(test_bus_read_latency_is_occupancy_plus_latency)
{
    sim_t *s = open_bus("width: 16B, latency: 1");

    harness_send(s, "cpu0", SIM_READ, 0x1000, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 2000 + 50000 + 5000);
    ck_assert_double_eq(harness_stat(s, "bus.bytes"), 64);
    ck_assert_double_eq(harness_stat(s, "bus.busy_ticks"), 5000);
    sim_close(s);
}
END_TEST

/* Write: data on the request (4 cycles), a one-cycle acknowledgement. */
START_TEST(test_bus_write_carries_data_on_request)
{
    sim_t *s = open_bus("width: 16B, latency: 1");

    harness_send(s, "cpu0", SIM_WRITE, 0x1000, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 5000 + 50000 + 2000);
    sim_close(s);
}
END_TEST

START_TEST(test_bus_wider_bus_is_faster)
{
    sim_t *s = open_bus("width: 64B, latency: 0");

    harness_send(s, "cpu0", SIM_WRITE, 0x1000, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 1000 + 50000 + 1000);
    sim_close(s);
}
END_TEST

/* Two writes at once: the second waits for the first's 4 cycles. */
START_TEST(test_bus_contention_delays_second_initiator)
{
    sim_t *s = open_bus("width: 16B, latency: 0");

    harness_send(s, "cpu0", SIM_WRITE, 0x1000, 64);
    harness_send(s, "cpu1", SIM_WRITE, 0x2000, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 4000 + 50000 + 1000);
    ck_assert_uint_eq(harness_lat(s, "cpu1", 0), 8000 + 50000 + 1000);
    ck_assert_double_eq(harness_stat(s, "bus.queue_delay"), 2000);
    ck_assert_double_eq(harness_stat(s, "bus.queue_delay_dist.samples"), 2);
    sim_close(s);
}
END_TEST

/* Three writes from each initiator: round robin alternates the grants,
 * fixed priority serves cpu0 first. Grant k ends at 4(k+1) ns. */
static void grant_order(const char *params, const sim_tick *end0, const sim_tick *end1)
{
    sim_t *s = open_bus(params);

    for (int i = 0; i < 3; i++) {
        harness_send(s, "cpu0", SIM_WRITE, 0x1000 + 64 * i, 64);
        harness_send(s, "cpu1", SIM_WRITE, 0x8000 + 64 * i, 64);
    }
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(harness_resp(s, "cpu0", i)->done, end0[i] * 1000 + 50000 + 1000);
        ck_assert_uint_eq(harness_resp(s, "cpu1", i)->done, end1[i] * 1000 + 50000 + 1000);
    }
    sim_close(s);
}

START_TEST(test_bus_round_robin_alternates)
{
    static const sim_tick e0[] = { 4, 12, 20 }, e1[] = { 8, 16, 24 };

    grant_order("width: 16B, latency: 0, arbitration: round_robin", e0, e1);
}
END_TEST

START_TEST(test_bus_fixed_priority_serves_first_input)
{
    static const sim_tick e0[] = { 4, 8, 12 }, e1[] = { 16, 20, 24 };

    grant_order("width: 16B, latency: 0, arbitration: fixed", e0, e1);
}
END_TEST

/* Requests and responses share the bus: a read's 4 data cycles back hold
 * off a write's request that arrives meanwhile. */
START_TEST(test_bus_responses_share_the_link)
{
    sim_t *s = open_bus("width: 16B, latency: 0");

    harness_send(s, "cpu0", SIM_READ, 0x1000, 64);  /* data back at 51..55 ns */
    sim_run_for(s, SIM_UNTIL_TICKS, 52000, NULL);
    harness_send(s, "cpu1", SIM_WRITE, 0x2000, 64); /* waits until 55 ns */
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 1000 + 50000 + 4000);
    ck_assert_uint_eq(harness_lat(s, "cpu1", 0), 3000 + 4000 + 50000 + 1000);
    sim_close(s);
}
END_TEST

START_TEST(test_bus_lt_adds_transfers)
{
    sim_t *s = open_bus("width: 16B, latency: 1");

    ck_assert_uint_eq(harness_read(s, "cpu0", 0x40), 2000 + 50000 + 5000);
    ck_assert_uint_eq(harness_write(s, "cpu0", 0x40), 5000 + 50000 + 2000);
    ck_assert_double_eq(harness_stat(s, "bus.bytes"), 128);
    sim_close(s);
}
END_TEST

/* Two memories interleaved by 64 bytes: line 0 to the fast one, line 1 to
 * the slow one. */
START_TEST(test_bus_interleaves_memories)
{
    sim_t *s = harness_open("components:\n"
                         "  cpu0: {type: probe}\n"
                         "  bus:  {type: bus, width: 64B, latency: 0, interleave: 64B}\n"
                         "  fast: {type: simple_mem, latency: 10ns}\n"
                         "  slow: {type: simple_mem, latency: 80ns}\n"
                         "connections: [cpu0.out -> bus.cpu, bus.mem -> fast.in, "
                         "bus.mem -> slow.in]\n");

    ck_assert_uint_eq(harness_read(s, "cpu0", 0), 1000 + 10000 + 1000);
    ck_assert_uint_eq(harness_read(s, "cpu0", 64), 1000 + 80000 + 1000);
    ck_assert_uint_eq(harness_read(s, "cpu0", 128), 1000 + 10000 + 1000);
    ck_assert_double_eq(harness_stat(s, "fast.reads"), 2);
    ck_assert_double_eq(harness_stat(s, "slow.reads"), 1);
    sim_close(s);
}
END_TEST

/* A memory that takes one request at a time: the bus parks the others
 * until its retry, and the initiator is refused when the input queue fills. */
START_TEST(test_bus_backpressure_parks_and_refuses)
{
    sim_t *s = harness_open("components:\n"
                         "  cpu0: {type: probe}\n"
                         "  bus:  {type: bus, width: 64B, queue: 2}\n"
                         "  mem:  {type: simple_mem, latency: 20ns, queue: 1}\n"
                         "connections: [cpu0.out -> bus.cpu, bus.mem -> mem.in]\n");

    for (int i = 0; i < 8; i++)
        harness_send(s, "cpu0", SIM_READ, 64 * i, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu0"), 8);
    ck_assert_double_gt(harness_stat(s, "bus.parked"), 0);
    ck_assert_int_gt(harness_n_refused(s, "cpu0"), 0);
    ck_assert_double_eq(harness_stat(s, "bus.refused"), harness_n_refused(s, "cpu0"));
    /* one at a time through the memory: the last answer after 8 x 20 ns */
    ck_assert_uint_ge(harness_resp(s, "cpu0", 7)->done, 8 * 20000);
    sim_close(s);
}
END_TEST

START_TEST(test_bus_utilisation_and_bits)
{
    sim_t *s = open_bus("width: 16B, latency: 0");

    for (int i = 0; i < 10; i++)
        harness_send(s, "cpu0", SIM_WRITE, 64 * i, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    /* 10 writes x 4 cycles + 10 acks x 1 cycle, over 40 + 50 + 1 ns */
    ck_assert_double_eq(harness_stat(s, "bus.busy_ticks"), 50000);
    ck_assert_double_eq_tol(harness_stat(s, "bus.utilisation"), 50000.0 / sim_now(s), 1e-12);
    ck_assert_double_eq(harness_stat(s, "bus.events.bits"), 10 * 64 * 8);
    ck_assert_double_eq(harness_stat(s, "bus.events.grants"), 10);
    sim_close(s);
}
END_TEST

/* Energy per bit is the technology's wire energy x wire_mm. */
START_TEST(test_bus_wire_energy_scales_with_length)
{
    sim_t *a = open_bus("width: 16B, wire_mm: 1");
    sim_t *b = open_bus("width: 16B, wire_mm: 3");
    double ea, eb;

    harness_send(a, "cpu0", SIM_WRITE, 0, 64);
    harness_send(b, "cpu0", SIM_WRITE, 0, 64);
    sim_run(a, SIM_UNTIL_EXIT, NULL);
    sim_run(b, SIM_UNTIL_EXIT, NULL);
    ea = harness_stat(a, "bus.energy.bits");
    eb = harness_stat(b, "bus.energy.bits");
    ck_assert_double_gt(ea, 0);
    ck_assert_double_eq_tol(eb, 3 * ea, 1e-9 * eb);
    sim_close(a);
    sim_close(b);
}
END_TEST

START_TEST(test_bus_rejects_zero_width)
{
    sim_error err;
    sim_t *s = sim_open_string("components:\n  bus: {type: bus, width: 0B}\n", "t.yaml", &err);

    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sim_elaborate(s, &err), SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "width"));
    sim_close(s);
}
END_TEST

Suite *bus_suite(void)
{
    Suite *s = suite_create("bus");
    TCase *tc = tcase_create("bus");

    tcase_add_test(tc, test_bus_read_latency_is_occupancy_plus_latency);
    tcase_add_test(tc, test_bus_write_carries_data_on_request);
    tcase_add_test(tc, test_bus_wider_bus_is_faster);
    tcase_add_test(tc, test_bus_contention_delays_second_initiator);
    tcase_add_test(tc, test_bus_round_robin_alternates);
    tcase_add_test(tc, test_bus_fixed_priority_serves_first_input);
    tcase_add_test(tc, test_bus_responses_share_the_link);
    tcase_add_test(tc, test_bus_lt_adds_transfers);
    tcase_add_test(tc, test_bus_interleaves_memories);
    tcase_add_test(tc, test_bus_backpressure_parks_and_refuses);
    tcase_add_test(tc, test_bus_utilisation_and_bits);
    tcase_add_test(tc, test_bus_wire_energy_scales_with_length);
    tcase_add_test(tc, test_bus_rejects_zero_width);
    suite_add_tcase(s, tc);
    return s;
}
