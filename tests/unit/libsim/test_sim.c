/* tests/unit/libsim/test_sim.c - whole simulators through the public API:
 * the trafficgen -> simple_mem composition in both timing styles, the
 * resolved configuration reproducing a run, warm-up reset, determinism
 * across runs and across threads, overrides, and the API's NULL-safety. */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static const char *gen_cfg =
    "seed: 42\n"
    "clocks: {default: 2GHz}\n"
    "components:\n"
    "  gen: {type: trafficgen, pattern: random, range: 1MiB, count: 2000, outstanding: 4,\n"
    "        read_fraction: 0.7}\n"
    "  mem: {type: simple_mem, latency: 40ns, bandwidth: 12.8, queue: 8,\n"
    "        energy: {read: 2nJ, write: 3nJ, leakage: 100mW}}\n"
    "connections: [gen.out -> mem.in]\n";

static char *run_stats(const char *yaml, const char *k, const char *v)
{
    sim_error err;
    sim_t *s = sim_open_string(yaml, "t.yaml", &err);
    char *out = NULL;

    ck_assert_msg(s != NULL, "%s", err.message);
    if (k)
        ck_assert_int_eq(sim_set(s, k, v, &err), 0);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_stats_format(s, SIM_STATS_JSON, &out, &err), 0);
    sim_close(s);
    return out;
}

START_TEST(test_trafficgen_drives_memory_at)
{
    sim_error err;
    sim_t *s = sim_open_string(gen_cfg, "t.yaml", &err);
    double reads, writes;

    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 0);
    reads = sim_stat(s, "gen.reads");
    writes = sim_stat(s, "gen.writes");
    ck_assert_double_eq(reads + writes, 2000);
    ck_assert_double_eq(sim_stat(s, "mem.reads"), reads);
    ck_assert(reads > 1200 && reads < 1600);     /* 70 % of 2000, give or take */
    /* 4 in flight, each 5 ns of transfer + 40 ns: the bus is never the limit,
     * so the mean latency is 40 ns plus queueing behind at most 3 transfers */
    ck_assert_double_ge(sim_stat(s, "gen.latency"), 45000);
    ck_assert_double_le(sim_stat(s, "gen.latency"), 60000);
    /* energy: counts x prices + leakage x time, exactly */
    ck_assert_double_eq(sim_stat(s, "mem.energy.dynamic"), reads * 2e-9 + writes * 3e-9);
    ck_assert_double_eq_tol(sim_stat(s, "mem.energy.leakage"), 0.1 * sim_stat(s, "sim.seconds"),
                            1e-18);
    sim_close(s);
}
END_TEST

START_TEST(test_trafficgen_lt_pointer_chase_latency)
{
    sim_error err;
    sim_t *s = sim_open_string(
        "components:\n"
        "  gen: {type: trafficgen, pattern: pointer_chase, range: 64KiB, count: 500, mode: lt}\n"
        "  mem: {type: simple_mem, latency: 80ns}\n"
        "connections: [gen.out -> mem.in]\n", "t.yaml", &err);

    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_double_eq(sim_stat(s, "gen.latency"), 80000);
    ck_assert_double_eq(sim_stat(s, "gen.latency_dist.samples"), 500);
    /* each access blocks 80 ns, then one cycle (1 GHz default) */
    ck_assert_uint_eq(sim_now(s), 499 * 81000);
    sim_close(s);
}
END_TEST

START_TEST(test_same_seed_same_stats_other_seed_differs)
{
    char *a = run_stats(gen_cfg, NULL, NULL), *b = run_stats(gen_cfg, NULL, NULL);
    char *c = run_stats(gen_cfg, "seed", "43");

    ck_assert_str_eq(a, b);
    ck_assert_str_ne(a, c);
    free(a);
    free(b);
    free(c);
}
END_TEST

struct job {
    char *out;
};

static void *thread_run(void *p)
{
    struct job *j = p;

    j->out = run_stats(gen_cfg, NULL, NULL);
    return NULL;
}

START_TEST(test_two_threads_match_sequential)
{
    char *seq1 = run_stats(gen_cfg, NULL, NULL), *seq2 = run_stats(gen_cfg, "seed", "7");
    struct job j1 = { 0 }, j2 = { 0 };
    pthread_t t1, t2;

    ck_assert_int_eq(pthread_create(&t1, NULL, thread_run, &j1), 0);
    ck_assert_int_eq(pthread_create(&t2, NULL, thread_run, &j2), 0);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    ck_assert_str_eq(j1.out, seq1);
    ck_assert_str_eq(j2.out, seq1);
    ck_assert_str_ne(seq2, seq1);
    free(seq1);
    free(seq2);
    free(j1.out);
    free(j2.out);
}
END_TEST

START_TEST(test_resolved_config_reproduces_run)
{
    sim_error err;
    sim_t *s = sim_open_string(gen_cfg, "t.yaml", &err);
    char *resolved, *a, *b;

    ck_assert_int_eq(sim_set(s, "gen.count", "777", &err), 0);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_config_format(s, &resolved, &err), 0);
    ck_assert_int_eq(sim_stats_format(s, SIM_STATS_TEXT, &a, &err), 0);
    ck_assert_ptr_nonnull(strstr(resolved, "777"));
    ck_assert_ptr_nonnull(strstr(resolved, "interval"));        /* defaults written out */
    ck_assert_str_eq(sim_config_get(s, "gen.count"), "777");
    sim_close(s);
    b = run_stats(resolved, NULL, NULL);
    free(b);
    s = sim_open_string(resolved, "resolved.yaml", &err);
    ck_assert_msg(s != NULL, "%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_stats_format(s, SIM_STATS_TEXT, &b, &err), 0);
    ck_assert_str_eq(a, b);
    sim_close(s);
    free(resolved);
    free(a);
    free(b);
}
END_TEST

START_TEST(test_reset_after_warmup)
{
    sim_error err;
    sim_t *s = sim_open_string(gen_cfg, "t.yaml", &err);

    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_CYCLES, 2000, &err), SIM_RUN_LIMIT);
    ck_assert_double_gt(sim_stat(s, "mem.reads"), 0);
    sim_stats_reset(s);
    ck_assert_double_eq(sim_stat(s, "mem.reads"), 0);
    ck_assert_double_eq(sim_stat(s, "sim.cycles"), 0);
    ck_assert_double_eq(sim_stat(s, "mem.energy.total"), 0);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_double_lt(sim_stat(s, "gen.reads") + sim_stat(s, "gen.writes"), 2000);
    ck_assert_double_gt(sim_stat(s, "sim.cycles"), 0);
    sim_close(s);
}
END_TEST

START_TEST(test_api_survives_bad_arguments)
{
    sim_error err;
    sim_t *s;

    ck_assert_ptr_null(sim_open(NULL, &err));
    ck_assert_int_eq(err.code, SIM_EINVAL);
    ck_assert_ptr_null(sim_open("/nonexistent/x.yaml", &err));
    ck_assert_int_ne(err.code, 0);
    ck_assert_ptr_null(sim_open_string(NULL, NULL, NULL));
    sim_close(NULL);
    ck_assert(isnan(sim_stat(NULL, "x")));
    ck_assert_int_eq(sim_run(NULL, SIM_UNTIL_EXIT, NULL), SIM_EINVAL);
    s = sim_open_string(gen_cfg, "t.yaml", &err);
    ck_assert(isnan(sim_stat(s, "no.such.stat")));
    ck_assert_int_eq(sim_run_for(s, 99, 1, &err), SIM_EINVAL);
    ck_assert_int_eq(sim_set(s, NULL, "1", &err), SIM_EINVAL);
    ck_assert_int_eq(sim_load_workload(s, "x.elf", 0, NULL, &err), SIM_EWORKLOAD);
    ck_assert_int_eq(sim_set(s, "gen.count", "5", &err), SIM_ESTATE);   /* already built */
    ck_assert_ptr_null(sim_stats_name(s, -1));
    ck_assert_ptr_null(sim_stats_name(s, 1 << 30));
    sim_close(s);
}
END_TEST

/* A target of one timing style only, for the trafficgen's port check. */
struct one_style { sim_comp *comp; uint64_t n; };
static void *one_init(sim_comp *c, const void *cfg, sim_error *err)
{
    struct one_style *m = sim_zalloc(err, sizeof(*m));

    (void)cfg;
    if (m)
        m->comp = c;
    return m;
}
static sim_tick one_lt(void *self, int port, sim_req *r)
{
    (void)port, (void)r;
    ((struct one_style *)self)->n++;
    return 1000;
}
static bool one_at(void *self, int port, sim_req *r)
{
    struct one_style *m = self;

    (void)port;
    m->n++;
    sim_respond(m->comp, r, 1000);
    return true;
}
static const sim_port one_ports[] = { { "in", SIM_TARGET, "requests" } };
static const sim_type lt_only = {
    .name = "lt_only", .doc = "loosely-timed target only", .ports = one_ports, .n_ports = 1,
    .init = one_init, .fini = free, .access_lt = one_lt,
};
static const sim_type at_only = {
    .name = "at_only", .doc = "approximately-timed target only", .ports = one_ports,
    .n_ports = 1, .init = one_init, .fini = free, .send_at = one_at,
};

static int open_style(const char *mode, const char *type, sim_error *err)
{
    char yaml[256];
    sim_t *s;
    int rc;

    snprintf(yaml, sizeof(yaml), "components:\n"
             "  gen: {type: trafficgen, count: 10, mode: %s}\n"
             "  mem: {type: %s}\n"
             "connections: [gen.out -> mem.in]\n", mode, type);
    s = sim_open_string(yaml, "t.yaml", err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sim_register_type(s, &lt_only, err), 0);
    ck_assert_int_eq(sim_register_type(s, &at_only, err), 0);
    rc = sim_run(s, SIM_UNTIL_EXIT, err);
    sim_close(s);
    return rc;
}

/* Regression: a trafficgen whose target lacks its timing style failed at
 * its first request with SIM_EINVAL and no position. */
START_TEST(test_trafficgen_mode_checked_against_target)
{
    sim_error err;

    ck_assert_int_eq(open_style("at", "lt_only", &err), SIM_ECONFIG);
    ck_assert_str_eq(err.file, "t.yaml");
    ck_assert_int_eq(err.line, 4);
    ck_assert_int_eq(err.column, 15);
    ck_assert_str_eq(err.message, "connections[0]: gen.out sends approximately-timed requests "
                     "but mem (type lt_only) has no approximately-timed input");
    ck_assert_int_eq(open_style("lt", "at_only", &err), SIM_ECONFIG);
    ck_assert_int_eq(err.line, 4);
    ck_assert_ptr_nonnull(strstr(err.message, "mem (type at_only) has no loosely-timed access"));
    ck_assert_int_eq(open_style("lt", "lt_only", &err), SIM_RUN_EXITED);
    ck_assert_int_eq(open_style("at", "at_only", &err), SIM_RUN_EXITED);
}
END_TEST

/* A failed build is undone: the handle takes a corrected value and builds
 * (it said "cannot be changed after the components were built", then "failed
 * to build earlier" to every call), and runs as a fresh one would. */
START_TEST(test_failed_build_can_be_corrected)
{
    sim_error err;
    sim_t *s = sim_open_string(gen_cfg, "t.yaml", &err);
    char *fresh = run_stats(gen_cfg, "mem.latency", "30ns"), *again = NULL;

    ck_assert_int_eq(sim_set(s, "mem.latency", "10GHz", &err), 0);
    ck_assert_int_eq(sim_elaborate(s, &err), SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "mem.latency"));
    ck_assert_int_eq(sim_elaborate(s, &err), SIM_ECONFIG);          /* the same error */
    ck_assert_ptr_nonnull(strstr(err.message, "mem.latency"));
    ck_assert_int_eq(sim_set(s, "mem.latency", "30ns", &err), 0);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_stats_format(s, SIM_STATS_JSON, &again, &err), 0);
    ck_assert_str_eq(again, fresh);
    ck_assert_int_eq(sim_set(s, "gen.count", "5", &err), SIM_ESTATE);   /* built now */
    ck_assert_ptr_nonnull(strstr(err.message, "after the components were built"));
    sim_free(fresh);
    sim_free(again);
    sim_close(s);
}
END_TEST

/* The build writes resolved values (a preset's timings, energies from the
 * technology) into the configuration; after a failed one they must not
 * read as the user's: a changed preset applies in full. */
START_TEST(test_failed_build_leaves_config_as_before)
{
    static const char *yaml =
        "components:\n"
        "  gen: {type: trafficgen, count: 10}\n"
        "  mem: {type: dram, preset: DDR4-2400}\n"
        "connections: [gen.out -> mem.in]\n";
    sim_error err;
    sim_t *s = sim_open_string(yaml, "t.yaml", &err), *f = sim_open_string(yaml, "t.yaml", &err);
    char *a = NULL, *b = NULL;

    ck_assert_int_eq(sim_set(s, "connections", "[gen.out -> mem.inn]", &err), 0);
    ck_assert_int_eq(sim_elaborate(s, &err), SIM_ECONFIG);     /* after the instances */
    ck_assert_int_eq(sim_set(s, "connections", "[gen.out -> mem.in]", &err), 0);
    ck_assert_int_eq(sim_set(s, "mem.preset", "DDR4-3200", &err), 0);
    ck_assert_int_eq(sim_set(s, "energy.node", "45", &err), 0);
    ck_assert_int_eq(sim_set(f, "mem.preset", "DDR4-3200", &err), 0);
    ck_assert_int_eq(sim_set(f, "energy.node", "45", &err), 0);
    ck_assert_int_eq(sim_elaborate(s, &err), 0);
    ck_assert_int_eq(sim_elaborate(f, &err), 0);
    ck_assert_int_eq(sim_config_format(s, &a, &err), 0);
    ck_assert_int_eq(sim_config_format(f, &b, &err), 0);
    ck_assert_str_eq(a, b);
    sim_free(a);
    sim_free(b);
    sim_close(s);
    sim_close(f);
}
END_TEST

START_TEST(test_stats_enumeration)
{
    sim_t *s = harness_open(gen_cfg);
    int n = sim_stats_count(s);
    bool found = false;

    ck_assert_int_gt(n, 10);
    for (int i = 0; i < n; i++) {
        if (strcmp(sim_stats_name(s, i), "mem.reads") == 0)
            found = true;
    }
    ck_assert(found);
    sim_close(s);
}
END_TEST

Suite *sim_suite(void)
{
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_trafficgen_drives_memory_at);
    tcase_add_test(tc, test_trafficgen_lt_pointer_chase_latency);
    tcase_add_test(tc, test_same_seed_same_stats_other_seed_differs);
    tcase_add_test(tc, test_two_threads_match_sequential);
    tcase_add_test(tc, test_resolved_config_reproduces_run);
    tcase_add_test(tc, test_reset_after_warmup);
    tcase_add_test(tc, test_api_survives_bad_arguments);
    tcase_add_test(tc, test_stats_enumeration);
    tcase_add_test(tc, test_trafficgen_mode_checked_against_target);
    tcase_add_test(tc, test_failed_build_can_be_corrected);
    tcase_add_test(tc, test_failed_build_leaves_config_as_before);
    suite_add_tcase(s, tc);
    return s;
}
