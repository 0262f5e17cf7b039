/* tests/unit/libsim/test_energy.c - energy accounting (libsim/energy.c)
 * through its internal API: dynamic and leakage energy against a hand
 * computation done in the documented order (bit-identical), reset, EDP,
 * ED2P, energy per instruction, the energy stats and the two tables. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "energy_int.h"

struct unit {
    uint64_t reads, writes;
    uint64_t other;
};

static const sim_energy_event unit_events[] = {
    SIM_ENERGY("read", struct unit, reads, "one read"),
    SIM_ENERGY("write", struct unit, writes, "one write"),
};

/* Two instances: core (read 1.1 pJ, write 3.3 pJ, 0.7 mW leakage) and l2
 * (read 7.7 pJ, no writes priced at 0.1 nJ, 0.13 W). */
struct rig {
    struct unit core, l2;
    sim_tick now;
    uint64_t insts;
    sim_energy *en;
    sim_stats *st;
};

static const double core_j[] = { 1.1e-12, 3.3e-12 };
static const double l2_j[] = { 7.7e-12, 1e-10 };
static const double core_w = 0.7e-3, l2_w = 0.13;

static void rig_open(struct rig *r)
{
    sim_error err;

    memset(r, 0, sizeof(*r));
    r->en = energy_new();
    r->st = stats_new();
    ck_assert_ptr_nonnull(r->en);
    ck_assert_ptr_nonnull(r->st);
    ck_assert_int_eq(energy_add(r->en, "core", unit_events, 2, &r->core, core_j, core_w, &err),
                     0);
    ck_assert_int_eq(energy_add(r->en, "l2", unit_events, 2, &r->l2, l2_j, l2_w, &err), 0);
    ck_assert_int_eq(energy_add_stats(r->en, r->st, &r->now, &r->insts, NULL, &err), 0);
    ck_assert_int_eq(stats_finalize(r->st, &err), 0);
}

static void rig_close(struct rig *r)
{
    energy_free(r->en);
    stats_free(r->st);
}

/* x rounded to double now: keeps the compiler from fusing a product into the
 * add that follows (FMA contraction, also when folding constants), which the
 * library does not do either. */
static double rnd(double x)
{
    volatile double v = x;

    return v;
}

static int same(double a, double b)
{
    return memcmp(&a, &b, sizeof(a)) == 0;
}

/* The documented order, written out by hand. */
static double hand_total(const struct rig *g, double secs)
{
    double core_dyn = 0.0 + rnd((double)g->core.reads * 1.1e-12) +
                      rnd((double)g->core.writes * 3.3e-12);
    double l2_dyn = 0.0 + rnd((double)g->l2.reads * 7.7e-12) + rnd((double)g->l2.writes * 1e-10);
    double core_tot = core_dyn + rnd(0.7e-3 * secs);
    double l2_tot = l2_dyn + rnd(0.13 * secs);

    return 0.0 + core_tot + l2_tot;
}

START_TEST(test_energy_stat_names)
{
    static const char *const names[] = {
        "core.events.read", "core.events.write", "core.energy.read", "core.energy.write",
        "core.energy.dynamic", "core.energy.leakage", "core.energy.total", "core.power",
        "l2.events.read", "l2.events.write", "l2.energy.read", "l2.energy.write",
        "l2.energy.dynamic", "l2.energy.leakage", "l2.energy.total", "l2.power",
        "sim.energy.dynamic", "sim.energy.leakage", "sim.energy.total", "sim.power",
        "sim.edp", "sim.ed2p", "sim.epi",
    };
    struct rig r;

    rig_open(&r);
    ck_assert_int_eq(stats_count(r.st), SIM_COUNT(names));
    for (int i = 0; i < SIM_COUNT(names); i++)
        ck_assert_str_eq(stats_name(r.st, i), names[i]);
    ck_assert_str_eq(stats_unit(r.st, stats_find(r.st, "core.energy.read")), "J");
    ck_assert_str_eq(stats_unit(r.st, stats_find(r.st, "sim.power")), "W");
    ck_assert_str_eq(stats_unit(r.st, stats_find(r.st, "sim.ed2p")), "J*s^2");
    rig_close(&r);
}
END_TEST

START_TEST(test_energy_exact_against_hand_sum)
{
    struct rig r;
    double secs, tot;

    rig_open(&r);
    r.core.reads = 1000003;
    r.core.writes = 77777;
    r.l2.reads = 4321;
    r.l2.writes = 99;
    r.core.other = 5;               /* not an event: never priced */
    r.now = 2500000123;             /* ps */
    secs = 2500000123.0 / 1e12;
    tot = hand_total(&r, secs);
    ck_assert(same(energy_total(r.en), tot));
    ck_assert(same(stats_get(r.st, "sim.energy.total"), tot));
    ck_assert(same(stats_get(r.st, "core.energy.read"), 1000003.0 * 1.1e-12));
    ck_assert(same(stats_get(r.st, "core.energy.dynamic"),
                   0.0 + rnd(1000003.0 * 1.1e-12) + rnd(77777.0 * 3.3e-12)));
    ck_assert(same(stats_get(r.st, "l2.energy.leakage"), 0.13 * secs));
    ck_assert(same(stats_get(r.st, "sim.energy.leakage"),
                   0.0 + rnd(0.7e-3 * secs) + rnd(0.13 * secs)));
    ck_assert(same(stats_get(r.st, "sim.power"), tot / secs));
    ck_assert(same(stats_get(r.st, "l2.power"),
                   (0.0 + rnd(4321.0 * 7.7e-12) + rnd(99.0 * 1e-10) + rnd(0.13 * secs)) / secs));
    ck_assert_double_eq(stats_get(r.st, "core.events.read"), 1000003);
    ck_assert_double_eq(stats_get(r.st, "l2.events.write"), 99);
    /* and the figure itself is right, not only repeatable */
    ck_assert_double_eq_tol(tot, 1.1000033e-6 + 2.566641e-7 + 3.32717e-8 + 9.9e-9 +
                            0.1307 * 2.500000123e-3, 1e-15);
    rig_close(&r);
}
END_TEST

START_TEST(test_energy_zero_activity_is_leakage_only)
{
    struct rig r;
    double secs = 1e6 / 1e12;

    rig_open(&r);
    r.now = 1000000;
    ck_assert_double_eq(stats_get(r.st, "sim.energy.dynamic"), 0);
    ck_assert_double_eq(stats_get(r.st, "core.energy.dynamic"), 0);
    ck_assert(same(stats_get(r.st, "core.energy.total"), 0.7e-3 * secs));
    ck_assert(same(energy_total(r.en),
                   0.0 + (0.0 + rnd(0.7e-3 * secs)) + (0.0 + rnd(0.13 * secs))));
    ck_assert_double_eq_tol(stats_get(r.st, "sim.power"), 0.1307, 1e-15);
    rig_close(&r);
}
END_TEST

START_TEST(test_energy_nothing_elapsed)
{
    struct rig r;

    rig_open(&r);
    ck_assert_double_eq(energy_total(r.en), 0);
    ck_assert(isnan(stats_get(r.st, "sim.power")));   /* 0 J / 0 s */
    ck_assert(isnan(stats_get(r.st, "sim.epi")));
    ck_assert_double_eq(stats_get(r.st, "sim.edp"), 0);
    r.core.reads = 1;
    ck_assert(isinf(stats_get(r.st, "sim.power")));
    rig_close(&r);
}
END_TEST

START_TEST(test_energy_edp_ed2p_epi)
{
    struct rig r;
    double secs, tot;

    rig_open(&r);
    r.core.reads = 500;
    r.l2.writes = 3;
    r.now = 3000000;
    r.insts = 1200;
    secs = 3000000.0 / 1e12;
    tot = hand_total(&r, secs);
    ck_assert(same(stats_get(r.st, "sim.edp"), tot * secs));
    ck_assert(same(stats_get(r.st, "sim.ed2p"), tot * secs * secs));
    ck_assert(same(stats_get(r.st, "sim.epi"), tot / 1200.0));
    rig_close(&r);
}
END_TEST

START_TEST(test_energy_reset_restarts_time_and_counts)
{
    struct rig r;
    double secs, tot;

    rig_open(&r);
    r.core.reads = 10;
    r.l2.reads = 20;
    r.now = 5000000;
    r.insts = 100;
    energy_reset(r.en);
    ck_assert_uint_eq(r.core.reads, 0);
    ck_assert_uint_eq(r.l2.reads, 0);
    ck_assert_double_eq(energy_total(r.en), 0);
    ck_assert(isnan(stats_get(r.st, "sim.epi")));
    r.core.writes = 4;
    r.now = 5000000 + 2000000;
    r.insts = 150;
    secs = 2000000.0 / 1e12;
    tot = hand_total(&r, secs);
    ck_assert(same(energy_total(r.en), tot));
    ck_assert(same(stats_get(r.st, "sim.epi"), tot / 50.0));
    ck_assert(same(stats_get(r.st, "sim.edp"), tot * secs));
    /* stats_reset zeroes the event counts too (they are counter rows) */
    stats_reset(r.st);
    ck_assert_uint_eq(r.core.writes, 0);
    rig_close(&r);
}
END_TEST

START_TEST(test_energy_bad_calls)
{
    struct unit u = { 0 };
    sim_energy *en = energy_new();
    sim_stats *st = stats_new();
    sim_tick now = 0;
    uint64_t insts = 0;
    sim_error err;
    static const sim_energy_event twice[] = {
        SIM_ENERGY("read", struct unit, reads, NULL),
        SIM_ENERGY("read", struct unit, writes, NULL),
    };

    ck_assert_int_eq(energy_add(en, "a", unit_events, 2, &u, core_j, 0, &err), 0);
    ck_assert_int_eq(energy_add(en, "a", unit_events, 2, &u, core_j, 0, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "a"));
    ck_assert_int_eq(energy_add(en, "b", twice, 2, &u, core_j, 0, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "'read'"));
    ck_assert_int_eq(energy_add(en, "c", unit_events, 2, NULL, core_j, 0, &err), SIM_EINVAL);
    ck_assert_int_eq(energy_add(en, "d", NULL, 0, NULL, NULL, 1.5, &err), 0);  /* leakage only */
    ck_assert_int_eq(energy_add_stats(en, st, &now, &insts, NULL, &err), 0);
    ck_assert_int_eq(energy_add_stats(en, st, &now, &insts, NULL, &err), SIM_ESTATE);
    ck_assert_int_eq(energy_add(en, "e", unit_events, 2, &u, core_j, 0, &err), SIM_ESTATE);
    now = 2000000000000ull;         /* 2 s */
    ck_assert_double_eq(stats_get(st, "d.energy.total"), 3);
    ck_assert_double_eq(stats_get(st, "d.power"), 1.5);
    energy_free(en);
    stats_free(st);
}
END_TEST

START_TEST(test_energy_stats_clash_reported)
{
    static const sim_stat own = SIM_STAT("power", struct unit, other, NULL);
    struct unit u = { 0 };
    sim_energy *en = energy_new();
    sim_stats *st = stats_new();
    sim_tick now = 0;
    sim_error err;

    ck_assert_int_eq(stats_add(st, "a", &own, &u, &err), 0);
    ck_assert_int_eq(energy_add(en, "a", unit_events, 2, &u, core_j, 0, &err), 0);
    ck_assert_int_eq(energy_add_stats(en, st, &now, NULL, NULL, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "'a.power'"));
    energy_free(en);
    stats_free(st);
}
END_TEST

START_TEST(test_energy_summary_table)
{
    struct rig r;
    char *t;
    size_t len = 0;
    int lines = 0;

    rig_open(&r);
    r.core.reads = 1000000;         /* 1.1 uJ */
    r.now = 1000000000;             /* 1 ms: core leaks 0.7 uJ, l2 130 uJ */
    r.insts = 400000;               /* 329.5 pJ each */
    ck_assert_str_eq(t = energy_table(r.en),
        "instance   dynamic     leakage       total       power   share\n"
        "core      1.100 uJ  700.000 nJ    1.800 uJ    1.800 mW    1.4%\n"
        "l2         0.000 J  130.000 uJ  130.000 uJ  130.000 mW   98.6%\n"
        "total     1.100 uJ  130.700 uJ  131.800 uJ  131.800 mW  100.0%\n"
        "energy per instruction 329.500 pJ, EDP 131.800 nJ*s, ED2P 131.800 pJ*s^2\n");
    for (char *c = t, *start = t; *c && lines < 4; c++) {
        if (*c != '\n')
            continue;
        if (lines++ == 0)
            len = (size_t)(c - start);
        ck_assert_uint_eq((size_t)(c - start), len);  /* right-aligned: same width */
        start = c + 1;
    }
    ck_assert_int_eq(lines, 4);
    free(t);
    rig_close(&r);
}
END_TEST

START_TEST(test_energy_event_table)
{
    struct rig r;
    char *t;

    rig_open(&r);
    t = energy_event_table(r.en);
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t,
        "instance  event        energy\n"
        "core      read       1.100 pJ\n"
        "core      write      3.300 pJ\n"
        "core      leakage  700.000 uW\n"
        "l2        read       7.700 pJ\n"
        "l2        write    100.000 pJ\n"
        "l2        leakage  130.000 mW\n");
    free(t);
    rig_close(&r);
}
END_TEST

Suite *energy_suite(void)
{
    Suite *s = suite_create("energy");
    TCase *tc = tcase_create("energy");

    tcase_add_test(tc, test_energy_stat_names);
    tcase_add_test(tc, test_energy_exact_against_hand_sum);
    tcase_add_test(tc, test_energy_zero_activity_is_leakage_only);
    tcase_add_test(tc, test_energy_nothing_elapsed);
    tcase_add_test(tc, test_energy_edp_ed2p_epi);
    tcase_add_test(tc, test_energy_reset_restarts_time_and_counts);
    tcase_add_test(tc, test_energy_bad_calls);
    tcase_add_test(tc, test_energy_stats_clash_reported);
    tcase_add_test(tc, test_energy_summary_table);
    tcase_add_test(tc, test_energy_event_table);
    suite_add_tcase(s, tc);
    return s;
}
