/* tests/unit/memsys/test_dram_energy.c - DRAM energy from IDD currents: a
 * streaming and a random access pattern, priced by a hand calculation of
 * the standard formulas (Micron TN-41-01 / DRAMPower) with the datasheet
 * figures restated here, must match the simulator's energy; background
 * cycles must add up to the elapsed time of every rank. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"


/* Datasheet figures per device: currents in mA on the main rail (VDD) and
 * the second (VPP; LPDDR4: VDD1), in the order IDD0, IDD2N, IDD2P, IDD3N,
 * IDD3P, IDD4R, IDD4W, IDD5B. */
struct sheet {
    const char *preset;
    double tck_ns, vdd, vpp;
    double idd[8], ipp[8];
    int tras, trp, trfc, burst, bus_bits, devices;
    double vddq, ron_rd, rtt_rd, ron_wr, rtt_wr;
};
enum { I0, I2N, I2P, I3N, I3P, I4R, I4W, I5B };

static const struct sheet ddr4_2400 = {
    "DDR4-2400", 0.833, 1.2, 2.5,
    { 48, 34, 25, 43, 37, 135, 123, 250 }, { 3, 3, 3, 3, 3, 3, 3, 3 },
    39, 16, 420, 4, 64, 8, 1.2, 34, 48, 34, 120,
};
static const struct sheet ddr4_3200 = {
    "DDR4-3200", 0.625, 1.2, 2.5,
    { 57, 37, 25, 52, 43, 168, 150, 250 }, { 3, 3, 3, 3, 3, 3, 3, 3 },
    52, 22, 560, 4, 64, 8, 1.2, 34, 48, 34, 120,
};
static const struct sheet lpddr4_3200 = {
    "LPDDR4-3200", 0.625, 1.1, 1.8,
    { 45, 27, 3, 30, 9, 275, 210, 90 }, { 3.5, 2.0, 1.2, 2.25, 1.2, 2.25, 2.25, 10 },
    68, 29, 448, 8, 16, 1, 1.1, 40, 60, 40, 60,
};

struct hand {
    double act, pre, rd, wr, ref, act_stby, pre_stby, act_pdn, pre_pdn;
};

/* The standard method, written out (mA x V = mW; x ns = pJ). */
static struct hand hand_calc(const struct sheet *d)
{
    struct hand h;
    double n = d->devices, t = d->tck_ns * 1e-12;   /* mW x ns x 1e-12 = J */
    double bit_ns = d->tck_ns / 2;
    double io_rd = 0.5 * d->vddq * d->vddq / (d->ron_rd + d->rtt_rd) * bit_ns * 1e-9;
    double io_wr = 0.5 * d->vddq * d->vddq / (d->ron_wr + d->rtt_wr) * bit_ns * 1e-9;
    double bits = d->bus_bits * 2.0 * d->burst;

    h.act = n * ((d->idd[I0] - d->idd[I3N]) * d->vdd + (d->ipp[I0] - d->ipp[I3N]) * d->vpp) *
            d->tras * t;
    h.pre = n * ((d->idd[I0] - d->idd[I2N]) * d->vdd + (d->ipp[I0] - d->ipp[I2N]) * d->vpp) *
            d->trp * t;
    h.rd = n * ((d->idd[I4R] - d->idd[I3N]) * d->vdd + (d->ipp[I4R] - d->ipp[I3N]) * d->vpp) *
           d->burst * t + bits * io_rd;
    h.wr = n * ((d->idd[I4W] - d->idd[I3N]) * d->vdd + (d->ipp[I4W] - d->ipp[I3N]) * d->vpp) *
           d->burst * t + bits * io_wr;
    h.ref = n * ((d->idd[I5B] - d->idd[I3N]) * d->vdd + (d->ipp[I5B] - d->ipp[I3N]) * d->vpp) *
            d->trfc * t;
    h.act_stby = n * (d->idd[I3N] * d->vdd + d->ipp[I3N] * d->vpp) * t;
    h.pre_stby = n * (d->idd[I2N] * d->vdd + d->ipp[I2N] * d->vpp) * t;
    h.act_pdn = n * (d->idd[I3P] * d->vdd + d->ipp[I3P] * d->vpp) * t;
    h.pre_pdn = n * (d->idd[I2P] * d->vdd + d->ipp[I2P] * d->vpp) * t;
    return h;
}

static sim_t *open_mem(const char *params)
{
    char yaml[1024];

    snprintf(yaml, sizeof(yaml),
             "components:\n"
             "  cpu: {type: probe}\n"
             "  mem: {type: dram, %s}\n"
             "connections: [cpu.out -> mem.in]\n",
             params);
    return harness_open(yaml);
}

static void sync_dram(sim_t *s)
{
    sim_comp *c = sim_find_comp(s, "mem");

    if (sim_comp_type(c)->sync)
        sim_comp_type(c)->sync(sim_comp_self(c));
}

static void assert_rel(double got, double want)
{
    ck_assert_msg(fabs(got - want) <= 1e-9 * fabs(want), "got %.12g J, hand calculation %.12g J",
                  got, want);
}

/* Sum of counts x hand energies, and the per-event prices, against the
 * simulator's energy stats. */
static double check_energy(sim_t *s, const struct sheet *d, uint64_t elapsed_cycles, int ranks)
{
    struct hand h = hand_calc(d);
    static const char *const ev[] = { "act", "pre", "rd", "wr", "ref", "act_standby",
                                      "pre_standby", "act_powerdown", "pre_powerdown" };
    const double *e = &h.act;
    double total = 0, bg = 0;
    char name[64];

    sync_dram(s);
    for (int i = 0; i < 9; i++) {
        double n;

        snprintf(name, sizeof(name), "mem.events.%s", ev[i]);
        n = harness_stat(s, name);
        total += n * e[i];
        if (i >= 5)
            bg += n;
        snprintf(name, sizeof(name), "mem.energy.%s", ev[i]);
        assert_rel(harness_stat(s, name), n * e[i]);
    }
    ck_assert_double_eq(bg, (double)elapsed_cycles * ranks);
    assert_rel(harness_stat(s, "mem.energy.total"), total);
    return total;
}

/* 4096 sequential 64-byte reads on DDR4-2400, default mapping (bank group
 * bits lowest, 128 bursts per 8 KB row): 32 row activations, the 16 banks'
 * second rows conflict with their first (16 precharges), every cycle has a
 * row open. Counts by hand, then energy by hand. */
START_TEST(test_dram_energy_stream_matches_hand_calculation)
{
    const struct sheet *d = &ddr4_2400;
    struct hand h = hand_calc(d);
    sim_t *s = open_mem("preset: DDR4-2400, refresh: false");
    uint64_t cycles;
    double want;

    for (int i = 0; i < 4096; i++)
        harness_send(s, "cpu", SIM_READ, 64ull * i, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_double_eq(harness_stat(s, "cpu.received"), 4096);
    cycles = sim_now(s) / 833;
    ck_assert_uint_eq(sim_now(s) % 833, 0);
    sync_dram(s);
    ck_assert_double_eq(harness_stat(s, "mem.events.act"), 32);
    ck_assert_double_eq(harness_stat(s, "mem.events.pre"), 16);
    ck_assert_double_eq(harness_stat(s, "mem.events.rd"), 4096);
    ck_assert_double_eq(harness_stat(s, "mem.events.act_standby"), (double)cycles);
    want = 32 * h.act + 16 * h.pre + 4096 * h.rd + cycles * h.act_stby;
    assert_rel(check_energy(s, d, cycles, 1), want);
    /* the read bursts dominate a stream: more than half of the energy */
    ck_assert_double_gt(4096 * h.rd / want, 0.5);
    sim_close(s);
}
END_TEST

/* Random reads and writes with idle gaps, refresh and power-down on:
 * every event priced by hand, background cycles add up to the elapsed
 * time of each rank. */
static void random_pattern(const struct sheet *d, const char *extra, int ranks)
{
    char params[512];
    sim_t *s;
    uint64_t x = 12345;
    sim_tick t = 0, tck = (sim_tick)(d->tck_ns * 1000 + 0.5);

    snprintf(params, sizeof(params), "preset: %s, powerdown: 40, %s", d->preset, extra);
    s = open_mem(params);
    for (int i = 0; i < 3000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        t += (x % 64 == 0 ? 3000 : 1 + x % 30) * tck;
        sim_run_for(s, SIM_UNTIL_TICKS, t - sim_now(s), NULL);
        harness_send(s, "cpu", (x >> 20) % 3 ? SIM_READ : SIM_WRITE, (x >> 8) % (1ull << 28) & ~63ull,
                     64);
    }
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_double_eq(harness_stat(s, "cpu.received"), 3000);
    /* end on a cycle boundary past everything */
    t = (sim_now(s) / tck + 1000) * tck;
    sim_run_for(s, SIM_UNTIL_TICKS, t - sim_now(s), NULL);
    sync_dram(s);
    ck_assert_double_gt(harness_stat(s, "mem.events.ref"), 0);
    ck_assert_double_gt(harness_stat(s, "mem.events.wr"), 0);
    ck_assert_double_gt(harness_stat(s, "mem.events.pre_powerdown") + harness_stat(s, "mem.events.act_powerdown"), 0);
    /* Every ACT is undone by one precharge, but for the rows still open;
     * a burst that missed or conflicted had at least one ACT (more when a
     * refresh or the other queue closed its row first). */
    ck_assert_double_ge(harness_stat(s, "mem.events.act"), harness_stat(s, "mem.events.pre"));
    ck_assert_double_le(harness_stat(s, "mem.events.act") - harness_stat(s, "mem.events.pre"), 16.0 * ranks);
    if (strstr(extra, "closed"))
        ck_assert_double_eq(harness_stat(s, "mem.events.act"), harness_stat(s, "mem.events.pre"));
    ck_assert_double_ge(harness_stat(s, "mem.events.act"),
                        harness_stat(s, "mem.row_misses") + harness_stat(s, "mem.row_conflicts"));
    check_energy(s, d, t / tck, ranks);
    sim_close(s);
}

START_TEST(test_dram_energy_random_lpddr4)
{
    random_pattern(&lpddr4_3200, "page_policy: open", 1);
}
END_TEST

START_TEST(test_dram_energy_random_ddr4_closed_page_two_ranks)
{
    random_pattern(&ddr4_3200, "page_policy: closed, ranks: 2", 2);
}
END_TEST

START_TEST(test_dram_energy_random_ddr4_2400)
{
    random_pattern(&ddr4_2400, "page_policy: open", 1);
}
END_TEST

/* Overriding one current changes exactly the events that use it. */
START_TEST(test_dram_energy_current_override)
{
    struct sheet d = ddr4_2400;
    sim_t *s = open_mem("preset: DDR4-2400, IDD4R: 200mA, refresh: false");
    struct hand h;

    d.idd[I4R] = 200;
    h = hand_calc(&d);
    harness_send(s, "cpu", SIM_READ, 0, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    assert_rel(harness_stat(s, "mem.energy.rd"), h.rd);
    assert_rel(harness_stat(s, "mem.energy.act"), h.act);
    sim_close(s);
}
END_TEST

/* After sim_stats_reset the background counts restart from that moment. */
START_TEST(test_dram_energy_reset_restarts_background)
{
    sim_t *s = open_mem("preset: DDR4-2400, refresh: false");
    sim_tick t;

    harness_send(s, "cpu", SIM_READ, 0, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    sim_run_for(s, SIM_UNTIL_TICKS, 1000 * 833 - sim_now(s) % 833, NULL);
    t = sim_now(s);
    sim_stats_reset(s);
    ck_assert_double_eq(harness_stat(s, "mem.events.act"), 0);
    sim_run_for(s, SIM_UNTIL_TICKS, 5000 * 833, NULL);
    sync_dram(s);
    ck_assert_double_eq(harness_stat(s, "mem.events.act_standby") + harness_stat(s, "mem.events.pre_standby"),
                        (double)(sim_now(s) - t) / 833);
    sim_close(s);
}
END_TEST

Suite *dram_energy_suite(void)
{
    Suite *s = suite_create("dram_energy");
    TCase *tc = tcase_create("dram_energy");

    tcase_add_test(tc, test_dram_energy_stream_matches_hand_calculation);
    tcase_add_test(tc, test_dram_energy_random_lpddr4);
    tcase_add_test(tc, test_dram_energy_random_ddr4_closed_page_two_ranks);
    tcase_add_test(tc, test_dram_energy_random_ddr4_2400);
    tcase_add_test(tc, test_dram_energy_current_override);
    tcase_add_test(tc, test_dram_energy_reset_restarts_background);
    suite_add_tcase(s, tc);
    return s;
}
