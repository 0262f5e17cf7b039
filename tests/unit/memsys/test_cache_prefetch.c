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
    tcase_add_test(tc, test_cache_prefetch_stream_runs_ahead);
    tcase_add_test(tc, test_cache_prefetch_formulas_agree_with_counts);
    suite_add_tcase(s, tc);
    return s;
}
