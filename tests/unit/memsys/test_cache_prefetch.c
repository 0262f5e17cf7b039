/* tests/unit/memsys/test_cache_prefetch.c - prefetchers attached to a cache:
 * issued, useful, late, useless and dropped counts on hand-computable
 * streams, the accuracy and coverage formulas, the page limit, and both
 * timing styles. (The prefetchers' own proposals are in test_prefetch.c; the
 * probe carries no pc, so ip_stride is tested there.) */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include "harness.h"


static void run(sim_t *s)
{
    sim_error err;

    ck_assert_msg(sim_run(s, SIM_UNTIL_EXIT, &err) >= 0, "%s", err.message);
}

static sim_t *with_pf(const char *pf, int degree, int distance, const char *size)
{
    char buf[1024];

    snprintf(buf, sizeof(buf),
             "components:\n"
             "  cpu: {type: probe}\n"
             "  l1:  {type: cache, size: %s, assoc: 4, prefetcher: %s, pf_degree: %d,\n"
             "        pf_distance: %d, mshrs: 16}\n"
             "  mem: {type: simple_mem, latency: 50ns}\n"
             "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n",
             size, pf, degree, distance);
    return harness_open(buf);
}

/* A loosely-timed read 100 ns after the last one: any prefetch it
 * triggered (memory at 50 ns) is there by then. */
static sim_tick read_later(sim_t *s, uint64_t addr)
{
    sim_run_for(s, SIM_UNTIL_TICKS, 100000, NULL);
    return harness_read(s, "cpu", addr);
}

START_TEST(test_cache_prefetch_next_line_covers_a_page)
{
    sim_t *s = with_pf("next_line", 1, 1, "32KiB");

    for (uint64_t a = 0; a < 4096; a += 64)
        read_later(s, a);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.hits"), 63);
    ck_assert_double_eq(harness_stat(s, "l1.pf_issued"), 63);
    ck_assert_double_eq(harness_stat(s, "l1.pf_useful"), 63);
    ck_assert_double_eq(harness_stat(s, "l1.pf_dropped"), 1);     /* line 64: next page */
    ck_assert_double_eq(harness_stat(s, "l1.pf_useless"), 0);
    ck_assert_double_eq(harness_stat(s, "l1.pf_accuracy"), 1.0);
    ck_assert_double_eq(harness_stat(s, "l1.pf_coverage"), 63.0 / 64.0);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 64);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_prefetch_degree_and_distance)
{
    sim_t *s = with_pf("next_line", 2, 3, "32KiB");

    read_later(s, 0);                           /* proposes lines 3 and 4 */
    ck_assert_double_eq(harness_stat(s, "l1.pf_issued"), 2);
    read_later(s, 64);                          /* line 1: a miss; proposes 4 (there), 5 */
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 2);
    ck_assert_double_eq(harness_stat(s, "l1.pf_issued"), 3);
    ck_assert_double_eq(harness_stat(s, "l1.pf_dropped"), 1);
    read_later(s, 3 * 64);                      /* prefetched and there: useful */
    ck_assert_double_eq(harness_stat(s, "l1.pf_useful"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.hits"), 1);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_prefetch_useless_counted_on_eviction)
{
    sim_t *s = with_pf("next_line", 1, 1, "1KiB");

    /* 1 KiB, 4 ways, 4 sets. Touch lines 0, 8, 16, 24, 32, 40 (all set 0):
     * each proposes line+1 (set 1), never used; set 1 has 4 ways, so the
     * 5th and 6th prefetches evict unused prefetched lines */
    for (uint64_t i = 0; i < 6; i++)
        harness_read(s, "cpu", i * 8 * 64);
    ck_assert_double_eq(harness_stat(s, "l1.pf_issued"), 6);
    ck_assert_double_eq(harness_stat(s, "l1.pf_useless"), 2);
    ck_assert_double_eq(harness_stat(s, "l1.pf_useful"), 0);
    ck_assert_double_eq(harness_stat(s, "l1.pf_accuracy"), 0);
    sim_close(s);
}
END_TEST

/* Loosely-timed too, a demand for a prefetched line whose fill is not
 * there yet waits for it and counts as late (it took no time before). */
START_TEST(test_cache_prefetch_late_in_lt)
{
    sim_t *s = with_pf("next_line", 1, 1, "32KiB");
    sim_tick miss = harness_read(s, "cpu", 0), late, hit;   /* prefetches line 1 */

    sim_run_for(s, SIM_UNTIL_TICKS, 20000, NULL);           /* 20 ns later */
    late = harness_read(s, "cpu", 64);
    ck_assert_uint_eq(late, miss - 20000);                  /* the fill's rest */
    ck_assert_double_eq(harness_stat(s, "l1.pf_late"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.pf_useful"), 0);
    sim_run_for(s, SIM_UNTIL_TICKS, 100000, NULL);
    hit = harness_read(s, "cpu", 128);                       /* line 2: there */
    ck_assert_uint_lt(hit, 10000);
    ck_assert_double_eq(harness_stat(s, "l1.pf_useful"), 1);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_prefetch_late_in_at)
{
    sim_t *s = with_pf("next_line", 1, 1, "32KiB");

    harness_send(s, "cpu", SIM_READ, 0, 8);     /* miss: prefetch of line 1 goes out */
    harness_send(s, "cpu", SIM_READ, 64, 8);    /* finds it in flight */
    run(s);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 2);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.pf_issued"), 2);  /* line 1, then line 2 */
    ck_assert_double_eq(harness_stat(s, "l1.pf_late"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.mshr_merges"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 3);
    /* the late one still waited less than a full miss */
    ck_assert_uint_lt(harness_resp(s, "cpu", 1)->done - harness_resp(s, "cpu", 1)->issued,
                      1000 + 50000 + 1000);
    sim_close(s);
}
END_TEST

/* A demand finding its prefetch in flight is late in both timing styles,
 * however little of the fill is left (LT counted it useful when the rest
 * was under a hit); and LT remembers every fill in flight, not one per
 * line mod 64 (a 4 KiB stride aliased them all, so no prefetch was late
 * and memory looked free). The two styles count the same. */
START_TEST(test_cache_prefetch_lt_and_at_agree_on_late)
{
    static const char *cases[] = {
        "c: {type: cache, size: 32KiB, assoc: 8, prefetcher: next_line}\n"
        "  gen: {type: trafficgen, pattern: linear, range: 1MiB, count: 4096, seed: 7",
        "c: {type: cache, size: 1MiB, assoc: 16, mshrs: 64, prefetcher: ip_stride, "
        "pf_page: 0B, pf_degree: 4}\n"
        "  gen: {type: trafficgen, pattern: strided, stride: 4KiB, range: 256MiB, "
        "count: 4000, seed: 7",
    };
    double late[2], useful[2];

    for (int at = 0; at < 2; at++) {
        char buf[1024];
        sim_t *s;

        snprintf(buf, sizeof(buf), "components:\n  %s, mode: %s}\n"
                 "  mem: {type: simple_mem, latency: %s}\n"
                 "connections: [gen.out -> c.cpu, c.mem -> mem.in]\n", cases[_i],
                 at ? "at" : "lt", _i ? "500ns" : "50ns");
        s = harness_open(buf);
        run(s);
        late[at] = harness_stat(s, "c.pf_late");
        useful[at] = harness_stat(s, "c.pf_useful");
        sim_close(s);
    }
    ck_assert_double_gt(late[0], 3500);
    ck_assert_double_eq(late[0], late[1]);
    ck_assert_double_eq(useful[0], useful[1]);
}
END_TEST

/* pf_page of one line keeps every prefetch in the trigger's line: none
 * issued (it meant no limit, as 0 does). */
START_TEST(test_cache_prefetch_page_of_one_line)
{
    sim_t *s = harness_open("components:\n  cpu: {type: probe}\n"
                            "  l1: {type: cache, prefetcher: next_line, pf_page: 64B}\n"
                            "  mem: {type: simple_mem, latency: 50ns}\n"
                            "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n");

    for (uint64_t a = 0; a < 1024; a += 64)
        read_later(s, a);
    ck_assert_double_eq(harness_stat(s, "l1.pf_issued"), 0);
    ck_assert_double_eq(harness_stat(s, "l1.pf_dropped"), 16);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 16);
    sim_close(s);
}
END_TEST

/* The level below counts the prefetches of the level above apart from its
 * demand requests, so its miss rate is the demand one, and passes them on
 * as prefetches. */
START_TEST(test_cache_prefetch_from_above_is_not_demand)
{
    sim_t *s = harness_open("components:\n  cpu: {type: probe}\n"
                            "  l1: {type: cache, size: 4KiB, prefetcher: next_line}\n"
                            "  l2: {type: cache, size: 32KiB}\n"
                            "  l3: {type: cache, size: 64KiB}\n"
                            "  mem: {type: simple_mem, latency: 50ns}\n"
                            "connections: [cpu.out -> l1.cpu, l1.mem -> l2.cpu, l2.mem -> l3.cpu,\n"
                            "              l3.mem -> mem.in]\n");

    for (uint64_t a = 0; a < 4096; a += 64)
        read_later(s, a);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.pf_issued"), 63);
    for (int i = 0; i < 2; i++) {
        char n[32];

        snprintf(n, sizeof(n), "l%d.misses", i + 2);
        ck_assert_double_eq(harness_stat(s, n), 1);
        snprintf(n, sizeof(n), "l%d.read_misses", i + 2);
        ck_assert_double_eq(harness_stat(s, n), 1);
        snprintf(n, sizeof(n), "l%d.pf_in_misses", i + 2);
        ck_assert_double_eq(harness_stat(s, n), 63);
        snprintf(n, sizeof(n), "l%d.miss_rate", i + 2);
        ck_assert_double_eq(harness_stat(s, n), 1);
    }
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 64);
    sim_close(s);
}
END_TEST

/* An exclusive cache with a prefetcher: a demand that merged into its
 * prefetch's miss takes the line up, and this cache keeps no copy (AT kept
 * one). A linear stream over L1 + L2 exactly (36 KiB) then reads memory
 * once per line in both styles. */
START_TEST(test_cache_prefetch_exclusive_hands_merged_lines_up)
{
    for (int at = 0; at < 2; at++) {
        char buf[1024];
        sim_t *s;

        snprintf(buf, sizeof(buf), "components:\n"
                 "  gen: {type: trafficgen, pattern: linear, range: 36KiB, outstanding: 1,\n"
                 "        read_fraction: 1, count: 5760, mode: %s, seed: 7}\n"
                 "  l1: {type: cache, size: 4KiB, assoc: 4, clean_evict: true}\n"
                 "  l2: {type: cache, size: 32KiB, assoc: 8, tag_latency: 4, data_latency: 8,\n"
                 "       inclusion: exclusive, prefetcher: next_line}\n"
                 "  mem: {type: simple_mem, latency: 50ns}\n"
                 "connections: [gen.out -> l1.cpu, l1.mem -> l2.cpu, l2.mem -> mem.in,\n"
                 "              l2.inval -> l1.snoop]\n", at ? "at" : "lt");
        s = harness_open(buf);
        run(s);
        ck_assert_msg(harness_stat(s, "mem.reads") == 576, "%s: %g memory reads",
                      at ? "at" : "lt", harness_stat(s, "mem.reads"));
        ck_assert_double_eq(harness_stat(s, "l2.evictions"), 0);
        sim_close(s);
    }
}
END_TEST

START_TEST(test_cache_prefetch_stream_runs_ahead)
{
    sim_t *s = with_pf("stream", 4, 2, "32KiB");

    /* a descending stream over 8 pages, then an ascending one */
    for (int64_t a = 8 * 4096 - 64; a >= 0; a -= 64)
        harness_read(s, "cpu", 0x100000 + (uint64_t)a);
    for (uint64_t a = 0; a < 8 * 4096; a += 64)
        harness_read(s, "cpu", 0x200000 + a);
    ck_assert_double_gt(harness_stat(s, "l1.pf_coverage"), 0.8);
    ck_assert_double_gt(harness_stat(s, "l1.pf_accuracy"), 0.9);
    ck_assert_double_eq(harness_stat(s, "l1.hits") + harness_stat(s, "l1.misses"), 1024);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_prefetch_formulas_agree_with_counts)
{
    sim_t *s = with_pf("next_line", 2, 1, "2KiB");
    uint64_t x = 5;
    double issued, useful, late, useless, misses;

    for (int i = 0; i < 20000; i++) {
        /* runs of 4 lines at random places */
        if (i % 4 == 0)
            x = x * 6364136223846793005ull + 1442695040888963407ull;
        harness_read(s, "cpu", ((x >> 33) % 4096) * 256 + (uint64_t)(i % 4) * 64);
    }
    issued = harness_stat(s, "l1.pf_issued");
    useful = harness_stat(s, "l1.pf_useful");
    late = harness_stat(s, "l1.pf_late");
    useless = harness_stat(s, "l1.pf_useless");
    misses = harness_stat(s, "l1.misses");
    ck_assert_double_gt(useful, 0);
    ck_assert_double_gt(useless, 0);
    ck_assert_double_le(useful + late + useless, issued);
    ck_assert_double_eq_tol(harness_stat(s, "l1.pf_accuracy"), (useful + late) / issued, 1e-12);
    ck_assert_double_eq_tol(harness_stat(s, "l1.pf_coverage"), (useful + late) / (useful + late + misses),
                            1e-12);
    /* every memory read is a demand miss or an issued prefetch */
    ck_assert_double_eq(harness_stat(s, "mem.reads"), misses + issued);
    sim_close(s);
}
END_TEST

Suite *cache_prefetch_suite(void)
{
    Suite *s = suite_create("cache_prefetch");
    TCase *tc = tcase_create("cache_prefetch");

    tcase_add_test(tc, test_cache_prefetch_next_line_covers_a_page);
    tcase_add_test(tc, test_cache_prefetch_degree_and_distance);
    tcase_add_test(tc, test_cache_prefetch_useless_counted_on_eviction);
    tcase_add_test(tc, test_cache_prefetch_late_in_lt);
    tcase_add_test(tc, test_cache_prefetch_late_in_at);
    tcase_add_loop_test(tc, test_cache_prefetch_lt_and_at_agree_on_late, 0, 2);
    tcase_add_test(tc, test_cache_prefetch_page_of_one_line);
    tcase_add_test(tc, test_cache_prefetch_from_above_is_not_demand);
    tcase_add_test(tc, test_cache_prefetch_exclusive_hands_merged_lines_up);
    tcase_add_test(tc, test_cache_prefetch_stream_runs_ahead);
    tcase_add_test(tc, test_cache_prefetch_formulas_agree_with_counts);
    suite_add_tcase(s, tc);
    return s;
}
