/* tests/unit/memsys/test_mesh.c - the `mesh`: exact unloaded latency
 * (hops x (router_latency + link_latency) + flits - 1 cycles each way) to a
 * neighbour and corner to corner, the XY route taken (flits per link),
 * contention for one output adding exactly the serialisation of the packet
 * before, interleaving over the outputs, responses back to their own
 * input, requests refused by the target or by a full injection buffer and
 * retried, config errors, determinism, energy event counts. Default 1 GHz
 * clock (1000 ps cycles); router_latency 2 and link_latency 1 unless said:
 * 3 cycles a hop. 64 B writes are 4 flits of 16 B, their acknowledgements
 * 1; reads the other way round. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

/* `n_cpu` probes cpu0.. on `in`, `n_mem` simple_mems m0.. on `out`, and
 * a mesh n with 16 B links, `lat` (its latencies) and `params`. */
static sim_t *open_mesh_lat(int n_cpu, int n_mem, const char *lat, const char *params)
{
    char yaml[4096];
    int k = 0;

    k += snprintf(yaml + k, sizeof(yaml) - k, "components:\n");
    for (int i = 0; i < n_cpu; i++)
        k += snprintf(yaml + k, sizeof(yaml) - k, "  cpu%d: {type: probe}\n", i);
    for (int i = 0; i < n_mem; i++)
        k += snprintf(yaml + k, sizeof(yaml) - k,
                      "  m%d: {type: simple_mem, latency: 50ns, queue: 64}\n", i);
    k += snprintf(yaml + k, sizeof(yaml) - k,
                  "  n: {type: mesh, width: 16B, %s, %s}\n"
                  "connections: [",
                  lat, params);
    for (int i = 0; i < n_cpu; i++)
        k += snprintf(yaml + k, sizeof(yaml) - k, "cpu%d.out -> n.in, ", i);
    for (int i = 0; i < n_mem; i++)
        k += snprintf(yaml + k, sizeof(yaml) - k, "n.out -> m%d.in%s", i,
                      i + 1 < n_mem ? ", " : "]\n");
    return harness_open(yaml);
}

static sim_t *open_mesh(int n_cpu, int n_mem, const char *params)
{
    return open_mesh_lat(n_cpu, n_mem, "router_latency: 2, link_latency: 1", params);
}

/* Neighbours: 2 hops (both routers). Write: 2 x 3 + 3 = 9 cycles there,
 * ack 2 x 3 = 6 back; read: 6 there, 9 back. */
START_TEST(test_mesh_zero_load_neighbour)
{
    sim_t *s = open_mesh(1, 1, "columns: 2, rows: 1, in_routers: [0], out_routers: [1]");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 9000 + 50000 + 6000);
    harness_send(s, "cpu0", SIM_READ, 64, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu0"), 2);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 1), 6000 + 50000 + 9000);
    ck_assert_double_eq(harness_stat(s, "n.hops"), 2);
    ck_assert_double_eq(harness_stat(s, "n.queue_delay"), 0);
    ck_assert_double_eq(harness_stat(s, "n.packets"), 4);
    ck_assert_double_eq(harness_stat(s, "n.flits"), 10);
    sim_close(s);
}
END_TEST

/* Same router: one hop, router + link + serialisation only. */
START_TEST(test_mesh_zero_load_same_router)
{
    sim_t *s = open_mesh(1, 1, "columns: 2, rows: 2, in_routers: [2], out_routers: [2]");

    harness_send(s, "cpu0", SIM_READ, 0, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 3000 + 50000 + 6000);
    ck_assert_double_eq(harness_stat(s, "n.req_link_flits.total"), 0);
    ck_assert_double_eq(harness_stat(s, "n.resp_link_flits.total"), 0);
    sim_close(s);
}
END_TEST

/* 4x4, router 0 to router 15: 3 + 3 links, 7 hops. Write 7 x 3 + 3 = 24
 * cycles, ack 21; and other latencies: router 3, link 2 -> 7 x 5 + 3. */
START_TEST(test_mesh_zero_load_corner_to_corner)
{
    sim_t *s = open_mesh(1, 1, "columns: 4, rows: 4, in_routers: [0], out_routers: [15]");
    sim_t *t = open_mesh_lat(1, 1, "router_latency: 3, link_latency: 2",
                             "columns: 4, rows: 4, in_routers: [0], out_routers: [15]");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 24000 + 50000 + 21000);
    ck_assert_double_eq(harness_stat(s, "n.hops"), 7);
    ck_assert_double_eq(harness_stat(s, "n.latency"), (24000 + 21000) / 2.0);
    harness_send(t, "cpu0", SIM_WRITE, 0, 64);
    sim_run(t, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(t, "cpu0", 0), 38000 + 50000 + 35000);
    sim_close(s);
    sim_close(t);
}
END_TEST

/* Flits of one packet take ceil(flit / width) cycles each: 32 B flits on
 * 16 B links, a 64 B write is 2 flits, 4 cycles of serialisation. */
START_TEST(test_mesh_flit_wider_than_link)
{
    sim_t *s = open_mesh(1, 1, "columns: 2, rows: 1, in_routers: [0], out_routers: [1], "
                               "flit: 32B");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), (6 + 3) * 1000 + 50000 + (6 + 1) * 1000);
    ck_assert_double_eq(harness_stat(s, "n.flits"), 3);
    sim_close(s);
}
END_TEST

/* XY: east along row 0, then south down column 3; the response west along
 * row 3, then north up column 0. */
START_TEST(test_mesh_xy_route)
{
    sim_t *s = open_mesh(1, 1, "columns: 4, rows: 4, in_routers: [0], out_routers: [15]");
    static const char *const req[] = { "x0y0_e", "x1y0_e", "x2y0_e", "x3y0_s", "x3y1_s",
                                       "x3y2_s" };
    static const char *const resp[] = { "x3y3_w", "x2y3_w", "x1y3_w", "x0y3_n", "x0y2_n",
                                        "x0y1_n" };
    char name[64];

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    for (int i = 0; i < 6; i++) {
        snprintf(name, sizeof(name), "n.req_link_flits.%s", req[i]);
        ck_assert_double_eq(harness_stat(s, name), 4);
        snprintf(name, sizeof(name), "n.resp_link_flits.%s", resp[i]);
        ck_assert_double_eq(harness_stat(s, name), 1);
    }
    ck_assert_double_eq(harness_stat(s, "n.req_link_flits.total"), 24);
    ck_assert_double_eq(harness_stat(s, "n.resp_link_flits.total"), 6);
    ck_assert_double_eq(harness_stat(s, "n.req_link_flits.x0y0_s"), 0);   /* YX would */
    ck_assert_double_eq(harness_stat(s, "n.resp_link_flits.x3y3_n"), 0);
    ck_assert_double_eq(harness_stat(s, "n.links"), 2 * 48);
    sim_close(s);
}
END_TEST

/* Two inputs at router 0 write to router 1 at once: they compete for the
 * east link; round-robin grants cpu0 first and cpu1 exactly one packet's
 * serialisation (4 cycles) later. */
START_TEST(test_mesh_contention_adds_serialisation)
{
    sim_t *s = open_mesh(2, 1, "columns: 2, rows: 1, in_routers: [0, 0], out_routers: [1]");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    harness_send(s, "cpu1", SIM_WRITE, 128, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 9000 + 50000 + 6000);
    ck_assert_uint_eq(harness_lat(s, "cpu1", 0), 9000 + 4000 + 50000 + 6000);
    ck_assert_double_eq(harness_stat(s, "n.queue_delay"), 4000 / 4.0);
    ck_assert_double_eq(harness_stat(s, "n.req_link_flits.x0y0_e"), 8);
    sim_close(s);
}
END_TEST

/* Three writes from each of two inputs at router 0, all over the east
 * link: round-robin alternates them, cpu0, cpu1, cpu0, ... every 4 cycles
 * (fixed priority would send cpu0's three first). */
START_TEST(test_mesh_round_robin)
{
    sim_t *s = open_mesh(2, 1, "columns: 2, rows: 1, in_routers: [0, 0], out_routers: [1]");

    for (int i = 0; i < 3; i++) {
        harness_send(s, "cpu0", SIM_WRITE, 64 * i, 64);
        harness_send(s, "cpu1", SIM_WRITE, 1024 + 64 * i, 64);
    }
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(harness_resp(s, "cpu0", i)->done, 8000 * i + 9000 + 50000 + 6000);
        ck_assert_uint_eq(harness_resp(s, "cpu1", i)->done, 8000 * i + 4000 + 9000 + 50000 +
                                                                6000);
    }
    sim_close(s);
}
END_TEST

/* Two inputs at the target's router compete for its ejection port: the
 * second waits exactly the first's serialisation. */
START_TEST(test_mesh_ejection_contention)
{
    sim_t *s = open_mesh(2, 1, "columns: 2, rows: 1, in_routers: [1, 1], out_routers: [1]");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    harness_send(s, "cpu1", SIM_WRITE, 128, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu0", 0), 6000 + 50000 + 3000);
    ck_assert_uint_eq(harness_lat(s, "cpu1", 0), 6000 + 4000 + 50000 + 3000);
    sim_close(s);
}
END_TEST

/* Buffers of one packet (4 flits) and a target taking one request at a
 * time; six writes A..F from one input, each accepted when the one before
 * leaves the injection buffer. A is delivered at 9 ns and served; B (13 ns)
 * and C (17 ns) are parked at the ejection port, so D, granted the link at
 * 12 ns, stays in router 1's buffer and E, at the head of the injection
 * buffer from 16 ns, has no credits for the link: F cannot get in. The
 * target answers A at 59 ns and takes B, B at 109 ns and takes C; then D
 * leaves router 1's buffer, E crosses the link and F gets in, at 109 ns. */
START_TEST(test_mesh_credit_backpressure)
{
    sim_t *s = harness_open("components:\n"
                            "  cpu0: {type: probe}\n"
                            "  m0: {type: simple_mem, latency: 50ns, queue: 1}\n"
                            "  n: {type: mesh, columns: 2, rows: 1, in_routers: [0], "
                            "out_routers: [1], router_latency: 2, link_latency: 1, "
                            "buffer: 4}\n"
                            "connections: [cpu0.out -> n.in, n.out -> m0.in]\n");
    static const sim_tick accepted[6] = { 0, 0, 4000, 8000, 12000, 109000 };

    for (int i = 0; i < 6; i++)
        harness_send(s, "cpu0", SIM_WRITE, 64 * i, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu0"), 6);
    for (int i = 0; i < 6; i++) {
        const struct harness_resp *r = harness_resp(s, "cpu0", i);

        ck_assert_uint_eq(r->accepted, accepted[r->addr / 64]);
    }
    ck_assert_int_eq(harness_n_refused(s, "cpu0"), 5);
    ck_assert_double_eq(harness_stat(s, "n.parked"), 5);    /* all but A */
    sim_close(s);
}
END_TEST

/* One input sends two writes: the second waits for the first to drain out
 * of its injection buffer (4 cycles), even toward another output. */
START_TEST(test_mesh_input_serialises)
{
    sim_t *s = open_mesh(1, 2, "columns: 2, rows: 1, in_routers: [0], out_routers: [1, 0]");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);      /* m0, router 1 */
    harness_send(s, "cpu0", SIM_WRITE, 64, 64);     /* m1, router 0 */
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    for (int i = 0; i < 2; i++) {
        const struct harness_resp *r = harness_resp(s, "cpu0", i);

        if (r->addr == 0)
            ck_assert_uint_eq(r->done - r->accepted, 9000 + 50000 + 6000);
        else
            ck_assert_uint_eq(r->done - r->accepted, 4000 + 6000 + 50000 + 3000);
    }
    sim_close(s);
}
END_TEST

/* Two outputs, 64 B interleaving: lines alternate between m0 (router 1)
 * and m1 (router 3). */
START_TEST(test_mesh_interleaves_outputs)
{
    sim_t *s = open_mesh(1, 2, "columns: 2, rows: 2, in_routers: [0], out_routers: [1, 3]");

    for (int i = 0; i < 6; i++)
        harness_send(s, "cpu0", SIM_READ, 64 * i, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu0"), 6);
    ck_assert_double_eq(harness_stat(s, "m0.reads"), 3);
    ck_assert_double_eq(harness_stat(s, "m1.reads"), 3);
    ck_assert_double_eq(harness_stat(s, "n.req_link_flits.x0y0_e"), 6);   /* all go east */
    ck_assert_double_eq(harness_stat(s, "n.req_link_flits.x1y0_s"), 3);   /* m1's go on */
    sim_close(s);
}
END_TEST

/* Four inputs, one per router of a 2x2 mesh, read from one target at
 * router 3: each gets its own answer; cpu3's, first everywhere, is
 * unloaded (1 hop: 3 cycles there, 6 back). */
START_TEST(test_mesh_responses_to_their_input)
{
    sim_t *s = open_mesh(4, 1, "columns: 2, rows: 2, out_routers: [3]");
    char name[16];

    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof(name), "cpu%d", i);
        harness_send(s, name, SIM_READ, 0x1000 * (i + 1), 64);
    }
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof(name), "cpu%d", i);
        ck_assert_int_eq(harness_n_resp(s, name), 1);
        ck_assert_uint_eq(harness_resp(s, name, 0)->addr, 0x1000 * (i + 1));
    }
    ck_assert_uint_eq(harness_lat(s, "cpu3", 0), 3000 + 50000 + 6000);
    ck_assert_double_eq(harness_stat(s, "n.responses"), 4);
    ck_assert_double_eq(harness_stat(s, "n.hops_dist.samples"), 8);
    sim_close(s);
}
END_TEST

/* The target takes one request at a time: the others are parked at the
 * ejection port and sent again on its retry; all are answered. */
START_TEST(test_mesh_target_refusal_retried)
{
    sim_t *s = harness_open("components:\n"
                            "  cpu0: {type: probe}\n"
                            "  m0: {type: simple_mem, latency: 50ns, queue: 1}\n"
                            "  n: {type: mesh, columns: 2, rows: 1, out_routers: [1]}\n"
                            "connections: [cpu0.out -> n.in, n.out -> m0.in]\n");

    for (int i = 0; i < 3; i++)
        harness_send(s, "cpu0", SIM_WRITE, 64 * i, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu0"), 3);
    ck_assert_double_eq(harness_stat(s, "m0.writes"), 3);
    ck_assert_double_gt(harness_stat(s, "n.parked"), 0);
    ck_assert_double_gt(harness_stat(s, "m0.refused"), 0);
    /* served one after another: the last waits for the two before it */
    ck_assert_uint_ge(harness_lat(s, "cpu0", 2), 3 * 50000);
    sim_close(s);
}
END_TEST

/* A 4-flit injection buffer holds one 64 B write: the next ones are
 * refused and retried as it drains; all are answered. */
START_TEST(test_mesh_injection_backpressure)
{
    sim_t *s = open_mesh(1, 1, "columns: 2, rows: 1, in_routers: [0], out_routers: [1], "
                               "buffer: 4");

    for (int i = 0; i < 5; i++)
        harness_send(s, "cpu0", SIM_WRITE, 64 * i, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu0"), 5);
    ck_assert_int_gt(harness_n_refused(s, "cpu0"), 0);
    ck_assert_double_gt(harness_stat(s, "n.refused"), 0);
    ck_assert_double_eq(harness_stat(s, "n.requests"), 5);
    sim_close(s);
}
END_TEST

START_TEST(test_mesh_lt)
{
    sim_t *s = open_mesh(1, 1, "columns: 4, rows: 4, in_routers: [0], out_routers: [15]");

    ck_assert_uint_eq(harness_read(s, "cpu0", 0), 21000 + 50000 + 24000);
    ck_assert_double_eq(harness_stat(s, "n.hops"), 7);
    ck_assert_double_eq(harness_stat(s, "n.resp_link_flits.x3y3_w"), 4);
    sim_close(s);
}
END_TEST

static void expect_error(const char *mesh, const char *key, const char *what)
{
    char yaml[1024];
    sim_error err;
    sim_t *s;

    snprintf(yaml, sizeof(yaml),
             "components:\n"
             "  cpu0: {type: probe}\n"
             "  cpu1: {type: probe}\n"
             "  m0: {type: simple_mem}\n"
             "  n: {type: mesh, %s}\n"
             "connections: [cpu0.out -> n.in, cpu1.out -> n.in, n.out -> m0.in]\n",
             mesh);
    s = harness_open_err(yaml, &err);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_eq(err.line, 5);
    ck_assert_msg(strstr(err.message, key) != NULL, "'%s' not in: %s", key, err.message);
    ck_assert_msg(strstr(err.message, what) != NULL, "'%s' not in: %s", what, err.message);
}

START_TEST(test_mesh_config_errors)
{
    expect_error("columns: 2, rows: 2, in_routers: [0, 1, 2]", "in_routers", "2 connections");
    expect_error("columns: 2, rows: 2, in_routers: [0]", "in_routers", "1 routers listed");
    expect_error("columns: 2, rows: 2, out_routers: [4]", "out_routers", "0 to 3");
    expect_error("columns: 4, rows: 4, in_routers: [0, x1]", "in_routers", "'x1'");
    expect_error("columns: 4, rows: 4, out_routers: [-1]", "out_routers", "'-1'");
    expect_error("columns: 0", "columns", "");
    expect_error("flit: 1KiB", "flit", "");
    expect_error("router_latency: 0", "router_latency", "");
}
END_TEST

static const char *stress =
    "seed: 7\n"
    "components:\n"
    "  g0: {type: trafficgen, pattern: random, range: 64KiB, count: 400, outstanding: 8, "
    "read_fraction: 0.6, seed: 1}\n"
    "  g1: {type: trafficgen, pattern: random, range: 64KiB, count: 400, outstanding: 8, "
    "read_fraction: 0.6, seed: 2}\n"
    "  g2: {type: trafficgen, pattern: linear, range: 64KiB, count: 400, outstanding: 8, "
    "read_fraction: 0.5, seed: 3}\n"
    "  g3: {type: trafficgen, pattern: random, range: 64KiB, count: 400, outstanding: 8, "
    "read_fraction: 0.9, seed: 4}\n"
    "  m0: {type: simple_mem, latency: 20ns, queue: 2}\n"
    "  m1: {type: simple_mem, latency: 20ns, queue: 2}\n"
    "  n: {type: mesh, columns: 3, rows: 3, buffer: 4, in_routers: [0, 2, 6, 8], "
    "out_routers: [4, 1]}\n"
    "connections: [g0.out -> n.in, g1.out -> n.in, g2.out -> n.in, g3.out -> n.in, "
    "n.out -> m0.in, n.out -> m1.in]\n";

START_TEST(test_mesh_deterministic_under_load)
{
    static const char *const names[] = { "n.latency", "n.queue_delay", "n.link_busy",
                                         "n.link_busy_max", "n.refused", "n.parked",
                                         "n.flits", "sim.ticks" };
    double a[8], b[8];

    for (int run = 0; run < 2; run++) {
        sim_t *s = harness_open(stress);

        ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), 0);
        ck_assert_double_eq(harness_stat(s, "n.requests"), 1600);
        ck_assert_double_eq(harness_stat(s, "n.responses"), 1600);
        ck_assert_double_eq(harness_stat(s, "n.packets"), 3200);
        ck_assert_double_gt(harness_stat(s, "n.queue_delay"), 0);
        for (int i = 0; i < 8; i++)
            (run ? b : a)[i] = harness_stat(s, names[i]);
        sim_close(s);
    }
    for (int i = 0; i < 8; i++)
        ck_assert_msg(a[i] == b[i], "%s: %g then %g", names[i], a[i], b[i]);
}
END_TEST

/* Corner to corner, one write: 4 + 1 flits over 7 hops and 6 links. */
START_TEST(test_mesh_energy_events)
{
    sim_t *s = open_mesh(1, 1, "columns: 4, rows: 4, in_routers: [0], out_routers: [15]");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_double_eq(harness_stat(s, "n.events.buffer_write"), 5 * 7);
    ck_assert_double_eq(harness_stat(s, "n.events.buffer_read"), 5 * 7);
    ck_assert_double_eq(harness_stat(s, "n.events.crossbar"), 5 * 7);
    ck_assert_double_eq(harness_stat(s, "n.events.link"), 5 * 6);
    ck_assert_double_eq(harness_stat(s, "n.events.arbitration"), 2 * 7);
    ck_assert_double_gt(harness_stat(s, "n.energy.link"), 0);
    ck_assert_double_gt(harness_stat(s, "n.energy.buffer_write"), 0);
    ck_assert_double_gt(harness_stat(s, "n.energy.crossbar"), 0);
    ck_assert_double_gt(harness_stat(s, "n.energy.arbitration"), 0);
    sim_close(s);
}
END_TEST

/* A link twice as long costs twice the link energy per flit. */
START_TEST(test_mesh_link_energy_scales_with_length)
{
    sim_t *s = open_mesh(1, 1, "columns: 2, rows: 1, in_routers: [0], out_routers: [1]");
    sim_t *t = open_mesh(1, 1, "columns: 2, rows: 1, in_routers: [0], out_routers: [1], "
                               "tile_mm: 2");

    harness_send(s, "cpu0", SIM_WRITE, 0, 64);
    harness_send(t, "cpu0", SIM_WRITE, 0, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    sim_run(t, SIM_UNTIL_EXIT, NULL);
    ck_assert_double_eq_tol(harness_stat(t, "n.energy.link"), 2 * harness_stat(s, "n.energy.link"),
                            1e-6 * harness_stat(t, "n.energy.link"));
    sim_close(s);
    sim_close(t);
}
END_TEST

Suite *mesh_suite(void)
{
    Suite *s = suite_create("mesh");
    TCase *tc = tcase_create("mesh");

    tcase_add_test(tc, test_mesh_zero_load_neighbour);
    tcase_add_test(tc, test_mesh_zero_load_same_router);
    tcase_add_test(tc, test_mesh_zero_load_corner_to_corner);
    tcase_add_test(tc, test_mesh_flit_wider_than_link);
    tcase_add_test(tc, test_mesh_xy_route);
    tcase_add_test(tc, test_mesh_contention_adds_serialisation);
    tcase_add_test(tc, test_mesh_round_robin);
    tcase_add_test(tc, test_mesh_ejection_contention);
    tcase_add_test(tc, test_mesh_credit_backpressure);
    tcase_add_test(tc, test_mesh_input_serialises);
    tcase_add_test(tc, test_mesh_interleaves_outputs);
    tcase_add_test(tc, test_mesh_responses_to_their_input);
    tcase_add_test(tc, test_mesh_target_refusal_retried);
    tcase_add_test(tc, test_mesh_injection_backpressure);
    tcase_add_test(tc, test_mesh_lt);
    tcase_add_test(tc, test_mesh_config_errors);
    tcase_add_test(tc, test_mesh_deterministic_under_load);
    tcase_add_test(tc, test_mesh_energy_events);
    tcase_add_test(tc, test_mesh_link_energy_scales_with_length);
    suite_add_tcase(s, tc);
    return s;
}
