/* tests/unit/memsys/test_energy_models.c - energy end to end through a real
 * cache: the SRAM model prices it when the config says nothing, an explicit
 * value always wins, doubling the supply multiplies dynamic energy by four,
 * zero activity costs leakage only, and reruns give identical energy. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static sim_t *build(const char *energy_section, const char *l1_energy)
{
    char yaml[1024];

    snprintf(yaml, sizeof(yaml),
             "%s"
             "components:\n"
             "  cpu: {type: probe}\n"
             "  l1: {type: cache, size: 32KiB, assoc: 8%s}\n"
             "  mem: {type: simple_mem, latency: 50ns}\n"
             "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n",
             energy_section, l1_energy);
    return harness_open(yaml);
}

/* A fixed access pattern: 64 lines, each read twice, some written. */
static void traffic(sim_t *s)
{
    for (int r = 0; r < 2; r++)
        for (uint64_t a = 0; a < 64 * 64; a += 64)
            harness_access(s, "cpu", (a & 256) ? SIM_WRITE : SIM_READ, 0x10000 + a, 8);
    sim_run_for(s, SIM_UNTIL_TICKS, 1000000, NULL);
}

START_TEST(test_model_prices_cache_when_config_is_silent)
{
    sim_t *s = build("", "");

    traffic(s);
    ck_assert_double_gt(sim_stat(s, "l1.events.tag_read"), 0);
    ck_assert_double_gt(sim_stat(s, "l1.energy.tag_read"), 0);
    ck_assert_double_gt(sim_stat(s, "l1.energy.leakage"), 0);
    /* a 32 KiB array at 22 nm: picojoules per access, not nano or femto */
    {
        double per = sim_stat(s, "l1.energy.tag_read") / sim_stat(s, "l1.events.tag_read");

        ck_assert_msg(per > 1e-14 && per < 1e-10, "tag read priced at %g J", per);
    }
    sim_close(s);
}
END_TEST

START_TEST(test_explicit_value_wins)
{
    sim_t *s = build("", ", energy: {tag_read: 7pJ, leakage: 3mW}");
    char *table = NULL;

    traffic(s);
    ck_assert_double_eq(sim_stat(s, "l1.energy.tag_read"),
                        sim_stat(s, "l1.events.tag_read") * 7e-12);
    ck_assert_double_eq_tol(sim_stat(s, "l1.energy.leakage"), 3e-3 * sim_stat(s, "sim.seconds"),
                            1e-20);
    ck_assert_int_eq(sim_energy_format(s, SIM_ENERGY_EVENTS, &table, NULL), 0);
    ck_assert_ptr_nonnull(strstr(table, "7.000 pJ"));
    sim_free(table);
    /* the resolved config states the explicit value */
    ck_assert_str_eq(sim_config_get(s, "l1.energy.tag_read"), "7pJ");
    sim_close(s);
}
END_TEST

START_TEST(test_double_vdd_quadruples_dynamic_energy)
{
    sim_t *a = build("energy: {node: 22nm, vdd: 0.8V}\n", "");
    sim_t *b = build("energy: {node: 22nm, vdd: 1.6V}\n", "");

    traffic(a);
    traffic(b);
    ck_assert_double_eq(sim_stat(a, "l1.events.tag_read"), sim_stat(b, "l1.events.tag_read"));
    ck_assert_double_gt(sim_stat(a, "l1.energy.dynamic"), 0);
    ck_assert_double_eq(sim_stat(b, "l1.energy.dynamic"), 4 * sim_stat(a, "l1.energy.dynamic"));
    sim_close(a);
    sim_close(b);
}
END_TEST

START_TEST(test_zero_activity_is_leakage_only)
{
    sim_t *s = build("", "");

    sim_run_for(s, SIM_UNTIL_TICKS, 5000000, NULL);
    ck_assert_double_eq(sim_stat(s, "l1.energy.dynamic"), 0);
    ck_assert_double_gt(sim_stat(s, "l1.energy.leakage"), 0);
    ck_assert_double_eq(sim_stat(s, "l1.energy.total"), sim_stat(s, "l1.energy.leakage"));
    sim_close(s);
}
END_TEST

START_TEST(test_energy_identical_on_rerun)
{
    char *out[2];

    for (int i = 0; i < 2; i++) {
        sim_t *s = build("", "");

        traffic(s);
        ck_assert_int_eq(sim_stats_format(s, SIM_STATS_JSON, &out[i], NULL), 0);
        sim_close(s);
    }
    ck_assert_ptr_nonnull(strstr(out[0], "\"sim.energy.total\""));
    ck_assert_str_eq(out[0], out[1]);
    free(out[0]);
    free(out[1]);
}
END_TEST

Suite *energy_models_suite(void)
{
    Suite *s = suite_create("energy_models");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_model_prices_cache_when_config_is_silent);
    tcase_add_test(tc, test_explicit_value_wins);
    tcase_add_test(tc, test_double_vdd_quadruples_dynamic_energy);
    tcase_add_test(tc, test_zero_activity_is_leakage_only);
    tcase_add_test(tc, test_energy_identical_on_rerun);
    suite_add_tcase(s, tc);
    return s;
}
