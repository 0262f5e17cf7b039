/* tests/unit/memsys/test_xbar.c - the `xbar`: transfers to different
 * outputs proceed in parallel, to one output they contend and are
 * arbitrated per output, responses to different inputs do not contend,
 * head-of-line blocking of an input FIFO, interleaving, energy (wires,
 * arbitration, the input FIFOs as buffers). Default 1 GHz clock (1000 ps
 * cycles). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"


static sim_t *open_xbar(const char *xbar_params)
{
    char yaml[1024];

    snprintf(yaml, sizeof(yaml),
             "components:\n"
             "  cpu0: {type: probe}\n"
             "  cpu1: {type: probe}\n"
             "  x:    {type: xbar, %s}\n"
             "  m0:   {type: simple_mem, latency: 50ns, queue: 64}\n"
             "  m1:   {type: simple_mem, latency: 50ns, queue: 64}\n"
             "connections: [cpu0.out -> x.in, cpu1.out -> x.in, x.out -> m0.in, "
             "x.out -> m1.in]\n",
             xbar_params);
    return harness_open(yaml);
}

/* cpu0 writes to m0 (line 0), cpu1 to m1 (line 1): no contention. */
START_TEST(test_xbar_different_outputs_in_parallel)
{
    sim_t *s = open_xbar("width: 16B, latency: 0");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    harness_send(s, "cpu1", SIM_WRITE, 64, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 4000 + 50000 + 1000);
    ck_assert_uint_eq(harness_lat(s, "cpu1", 0), 4000 + 50000 + 1000);
    ck_assert_double_eq(harness_stat(s, "m0.writes"), 1);
    ck_assert_double_eq(harness_stat(s, "m1.writes"), 1);
    sim_close(s);
}
END_TEST

/* Both to m0: arbitrated, the second waits 4 cycles. */
START_TEST(test_xbar_same_output_contends)
{
    sim_t *s = open_xbar("width: 16B, latency: 0");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    harness_send(s, "cpu1", SIM_WRITE, 128, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 4000 + 50000 + 1000);
    ck_assert_uint_eq(harness_lat(s, "cpu1", 0), 8000 + 50000 + 1000);
    sim_close(s);
}
END_TEST

/* Reads from both inputs to both outputs: the responses return on each
 * input's own link, at the same time. */
START_TEST(test_xbar_responses_per_input)
{
    sim_t *s = open_xbar("width: 16B, latency: 1");

    harness_send(s, "cpu0", SIM_READ, 0, 64);
    harness_send(s, "cpu1", SIM_READ, 64, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 2000 + 50000 + 5000);
    ck_assert_uint_eq(harness_lat(s, "cpu1", 0), 2000 + 50000 + 5000);
    sim_close(s);
}
END_TEST

/* One input reads from m0 and m1 at once: the two responses share that
 * input's return link. */
START_TEST(test_xbar_responses_to_one_input_contend)
{
    sim_t *s = open_xbar("width: 16B, latency: 0");

    harness_send(s, "cpu0", SIM_READ, 0, 64);
    harness_send(s, "cpu0", SIM_READ, 64, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 1000 + 50000 + 4000);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 1), 1000 + 50000 + 8000);
    sim_close(s);
}
END_TEST

/* cpu0 queues two writes to m0, then one to m1, behind them in its FIFO.
 * m0: cpu0 [0,4), cpu0 [4,8) (fixed priority), cpu1 [8,12). The m1 write
 * could go at 0 but is the head only at 4: [4,8), answered at 58, and its
 * ack waits for cpu0's return link behind the other ack [58,59): 60 ns. */
START_TEST(test_xbar_head_of_line_blocking)
{
    sim_t *s = open_xbar("width: 16B, latency: 0, arbitration: fixed");
    int seen = 0;

    harness_send(s, "cpu1", SIM_WRITE, 128, 64);    /* m0 */
    harness_send(s, "cpu0", SIM_WRITE, 0, 64);      /* m0 */
    harness_send(s, "cpu0", SIM_WRITE, 256, 64);    /* m0 */
    harness_send(s, "cpu0", SIM_WRITE, 64, 64);     /* m1 */
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_resp(s, "cpu0", 0)->done, 4000 + 50000 + 1000);
    ck_assert_uint_eq(harness_lat(s, "cpu1", 0), 12000 + 50000 + 1000);
    for (int i = 0; i < 3; i++) {
        const struct harness_resp *r = harness_resp(s, "cpu0", i);

        if (r->addr == 256) {
            ck_assert_uint_eq(r->done, 8000 + 50000 + 1000);
            seen++;
        } else if (r->addr == 64) {
            ck_assert_uint_eq(r->done, 8000 + 50000 + 2000);
            seen++;
        }
    }
    ck_assert_int_eq(seen, 2);
    sim_close(s);
}
END_TEST

START_TEST(test_xbar_lt_and_stats)
{
    sim_t *s = open_xbar("width: 32B, latency: 1");

    ck_assert_uint_eq(harness_read(s, "cpu0", 64), 2000 + 50000 + 3000);
    ck_assert_double_eq(harness_stat(s, "m1.reads"), 1);
    ck_assert_double_eq(harness_stat(s, "x.links"), 4);
    ck_assert_double_eq(harness_stat(s, "x.bytes"), 64);
    ck_assert_double_eq(harness_stat(s, "x.events.bits"), 512);
    ck_assert_double_gt(harness_stat(s, "x.energy.grants"), 0);
    sim_close(s);
}
END_TEST

/* The input queues are buffers of width-byte flits: a 64-byte write over
 * 16-byte links is four flits written and read, a read one flit (its
 * command); each priced as a 4-flit sim_regfile_model table per input
 * (queue: 4), whose leakage, times two inputs, is the crossbar's. AT and
 * LT count the same. */
START_TEST(test_xbar_input_queues_are_priced_as_buffers)
{
    sim_tech tech = {.node_nm = 22};
    sim_sram_result r;
    sim_t *s = open_xbar("width: 16B, queue: 4");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    harness_send(s, "cpu1", SIM_READ, 64, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    harness_read(s, "cpu0", 128);
    ck_assert_double_eq(harness_stat(s, "x.events.buffer_write"), 4 + 1 + 1);
    ck_assert_double_eq(harness_stat(s, "x.events.buffer_read"), 4 + 1 + 1);
    ck_assert_int_eq(sim_regfile_model(4, 128, 1, 1, &tech, &r, NULL), 0);
    ck_assert_double_eq_tol(harness_stat(s, "x.energy.buffer_write"), 6 * r.write_j,
                            1e-9 * r.write_j);
    ck_assert_double_eq_tol(harness_stat(s, "x.energy.buffer_read"), 6 * r.read_j,
                            1e-9 * r.read_j);
    ck_assert_double_eq_tol(harness_stat(s, "x.energy.leakage"),
                            2 * r.leakage_w * harness_stat(s, "sim.seconds"),
                            1e-9 * r.leakage_w * harness_stat(s, "sim.seconds"));
    sim_close(s);
}
END_TEST

/* Many requests from both inputs, all answered, the arbitration fair. */
START_TEST(test_xbar_stress_all_answered)
{
    sim_t *s = open_xbar("width: 16B, queue: 2");

    for (int i = 0; i < 200; i++) {
        harness_send(s, "cpu0", i % 3 ? SIM_READ : SIM_WRITE, 64 * (i * 7 % 13), 64);
        harness_send(s, "cpu1", i % 5 ? SIM_READ : SIM_WRITE, 64 * (i * 3 % 11), 64);
    }
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu0"), 200);
    ck_assert_int_eq(harness_n_resp(s, "cpu1"), 200);
    ck_assert_double_eq(harness_stat(s, "x.requests"), 400);
    ck_assert_double_eq(harness_stat(s, "x.responses"), 400);
    ck_assert_double_eq(harness_stat(s, "m0.reads") + harness_stat(s, "m1.reads") + harness_stat(s, "m0.writes") +
                        harness_stat(s, "m1.writes"), 400);
    sim_close(s);
}
END_TEST

Suite *xbar_suite(void)
{
    Suite *s = suite_create("xbar");
    TCase *tc = tcase_create("xbar");

    tcase_add_test(tc, test_xbar_different_outputs_in_parallel);
    tcase_add_test(tc, test_xbar_same_output_contends);
    tcase_add_test(tc, test_xbar_responses_per_input);
    tcase_add_test(tc, test_xbar_responses_to_one_input_contend);
    tcase_add_test(tc, test_xbar_head_of_line_blocking);
    tcase_add_test(tc, test_xbar_lt_and_stats);
    tcase_add_test(tc, test_xbar_input_queues_are_priced_as_buffers);
    tcase_add_test(tc, test_xbar_stress_all_answered);
    suite_add_tcase(s, tc);
    return s;
}
