/* tests/unit/memsys/test_ip_stride_cache.c - the IP-stride prefetcher
 * attached to a running cache: loads from one pc with a constant stride are
 * prefetched ahead (useful prefetches, fewer demand misses), while the same
 * addresses from many pcs in a shuffled order train nothing. */
#include <check.h>
#include <stdio.h>
#include "harness.h"

static sim_t *open_l1(const char *pf)
{
    char yaml[512];

    snprintf(yaml, sizeof(yaml),
             "components:\n"
             "  cpu: {type: probe}\n"
             "  l1: {type: cache, size: 16KiB, assoc: 4, prefetcher: %s, pf_degree: 2}\n"
             "  mem: {type: simple_mem, latency: 60ns}\n"
             "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n", pf);
    return harness_open(yaml);
}

/* 2000 loads, 256 B apart, from pc 0x4000; each followed by a pause so the
 * prefetches complete (loosely-timed: advance time between accesses). */
static void strided(sim_t *s, bool one_pc)
{
    for (uint64_t i = 0; i < 2000; i++) {
        uint64_t k = one_pc ? i : (i * 7919) % 2000;   /* shuffled order */
        uint64_t pc = one_pc ? 0x4000 : 0x4000 + 4 * (i % 61);

        harness_access_pc(s, "cpu", SIM_READ, 0x100000 + 256 * k, 8, pc);
        sim_run_for(s, SIM_UNTIL_TICKS, 200000, NULL);
    }
}

START_TEST(test_ip_stride_prefetches_one_pc_stream)
{
    sim_t *off = open_l1("none"), *on = open_l1("ip_stride");

    strided(off, true);
    strided(on, true);
    ck_assert_double_eq(sim_stat(off, "l1.misses"), 2000);
    ck_assert_double_gt(sim_stat(on, "l1.pf_issued"), 1500);
    ck_assert_double_gt(sim_stat(on, "l1.pf_useful") + sim_stat(on, "l1.pf_late"), 1500);
    ck_assert_double_lt(sim_stat(on, "l1.misses"), 200);
    ck_assert_double_gt(sim_stat(on, "l1.pf_accuracy"), 0.9);
    sim_close(off);
    sim_close(on);
}
END_TEST

START_TEST(test_ip_stride_ignores_unrelated_pcs)
{
    sim_t *on = open_l1("ip_stride");

    strided(on, false);
    ck_assert_double_lt(sim_stat(on, "l1.pf_useful") + sim_stat(on, "l1.pf_late"), 100);
    ck_assert_double_gt(sim_stat(on, "l1.misses"), 1800);
    sim_close(on);
}
END_TEST

Suite *ip_stride_cache_suite(void)
{
    Suite *s = suite_create("ip_stride_cache");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_ip_stride_prefetches_one_pc_stream);
    tcase_add_test(tc, test_ip_stride_ignores_unrelated_pcs);
    suite_add_tcase(s, tc);
    return s;
}
