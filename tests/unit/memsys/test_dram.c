/* tests/unit/memsys/test_dram.c - the `dram` component: row hit, miss and
 * conflict latencies equal the JEDEC timing formulas exactly (AT and LT,
 * every preset, overrides), tFAW, refresh and power-down are honoured,
 * FR-FCFS against FCFS, write-drain watermarks, forwarding, address mapping,
 * streaming bandwidth against the theoretical peak, configuration errors.
 * Timings below are the datasheet values the presets cite (JESD79-4 bins
 * 2400R and 3200AA, JESD209-4 LPDDR4-3200); the tests restate them so that
 * a wrong preset fails. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"


/* DDR4-2400 (tCK 0.833 ns): 16-16-16, CWL 12, BL8. */
enum { D24_TCK = 833, D24_CL = 16, D24_CWL = 12, D24_RCD = 16, D24_RP = 16, D24_BURST = 4,
       D24_FAW = 26, D24_RFC = 420, D24_REFI = 9363, D24_XP = 8 };

/* The brief's example mapping, bit positions for a 64-bit DDR4 channel:
 * 6 offset bits, 7 column bits, no channel bit, 2 bank, 2 bank group, rows. */
#define MAP "row:rank:bankgroup:bank:channel:column"
#define ADDR(row, bg, bank, col) \
    (((uint64_t)(row) << 17) | ((uint64_t)(bg) << 15) | ((uint64_t)(bank) << 13) | \
     ((uint64_t)(col) << 6))

static sim_t *open_dram(const char *mem_params)
{
    char yaml[2048];
    sim_error err;
    sim_t *s;

    snprintf(yaml, sizeof(yaml),
             "components:\n"
             "  cpu: {type: probe}\n"
             "  mem: {type: dram, %s}\n"
             "connections: [cpu.out -> mem.in]\n",
             mem_params);
    s = harness_open_err(yaml, &err);
    ck_assert_msg(s != NULL, "%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    return s;
}

/* Run to absolute tick t. */
static void run_to(sim_t *s, sim_tick t)
{
    ck_assert_uint_ge(t, sim_now(s));
    if (t > sim_now(s))
        sim_run_for(s, SIM_UNTIL_TICKS, t - sim_now(s), NULL);
}

/* One AT request at tick t, run until answered; its latency in ps. */
static sim_tick at_access(sim_t *s, sim_tick t, int cmd, uint64_t addr, uint32_t size)
{
    int n = harness_n_resp(s, "cpu");
    const struct harness_resp *r;

    run_to(s, t);
    harness_send(s, "cpu", cmd, addr, size);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), n + 1);
    r = harness_resp(s, "cpu", n);
    ck_assert_uint_eq(r->accepted, t);
    return r->done - r->accepted;
}

/* Latency of the response to addr among the recorded ones. */
static sim_tick resp_latency(sim_t *s, uint64_t addr)
{
    for (int i = 0; i < harness_n_resp(s, "cpu"); i++) {
        const struct harness_resp *r = harness_resp(s, "cpu", i);

        if (r->addr == addr)
            return r->done - r->accepted;
    }
    ck_abort_msg("no response for %#llx", (unsigned long long)addr);
    return 0;
}

/* The kernel brings lazy counters up to date before reading stats; do it
 * explicitly too, so the background counts are current here. */
static void sync_dram(sim_t *s)
{
    sim_comp *c = sim_find_comp(s, "mem");

    if (sim_comp_type(c)->sync)
        sim_comp_type(c)->sync(sim_comp_self(c));
}

/* ------------------------------------------------------------ latencies */

START_TEST(test_dram_at_miss_hit_conflict_ddr4_2400)
{
    sim_t *s = open_dram("preset: DDR4-2400, refresh: false, mapping: \"" MAP "\"");
    sim_tick t0 = 1000 * D24_TCK;

    /* bank closed: ACT, tRCD, RD, CL, burst */
    ck_assert_uint_eq(at_access(s, t0, SIM_READ, ADDR(5, 1, 2, 3), 64),
                      (D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    /* row open: RD, CL, burst */
    ck_assert_uint_eq(at_access(s, 2 * t0, SIM_READ, ADDR(5, 1, 2, 9), 64),
                      (D24_CL + D24_BURST) * D24_TCK);
    /* other row open: PRE, tRP, ACT, tRCD, RD, CL, burst */
    ck_assert_uint_eq(at_access(s, 3 * t0, SIM_READ, ADDR(7, 1, 2, 9), 64),
                      (D24_RP + D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    /* write hit: WR, CWL, burst */
    ck_assert_uint_eq(at_access(s, 4 * t0, SIM_WRITE, ADDR(7, 1, 2, 1), 64),
                      (D24_CWL + D24_BURST) * D24_TCK);
    ck_assert_double_eq(harness_stat(s, "mem.row_misses"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.row_hits"), 2);
    ck_assert_double_eq(harness_stat(s, "mem.row_conflicts"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 3);
    ck_assert_double_eq(harness_stat(s, "mem.writes"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.bytes_read"), 192);
    sim_close(s);
}
END_TEST

/* An arrival between clock edges waits for the next edge. */
START_TEST(test_dram_at_arrival_rounds_to_next_edge)
{
    sim_t *s = open_dram("refresh: false, mapping: \"" MAP "\"");

    ck_assert_uint_eq(at_access(s, 100 * D24_TCK + 1, SIM_READ, ADDR(1, 0, 0, 0), 64),
                      (D24_RCD + D24_CL + D24_BURST) * D24_TCK + D24_TCK - 1);
    sim_close(s);
}
END_TEST

struct preset_case {
    const char *name;
    uint64_t tck, cl, rcd, rp, burst;
};
/* DDR4-3200AA 22-22-22 at 0.625 ns; LPDDR4-3200 RL 28, tRCD/tRPpb 18 ns
 * (29 nCK), BL16 (8 nCK) on a x16 channel, 32-byte bursts. */
static const struct preset_case presets[] = {
    { "DDR4-2400", 833, 16, 16, 16, 4 },
    { "DDR4-3200", 625, 22, 22, 22, 4 },
    { "LPDDR4-3200", 625, 28, 29, 29, 8 },
};

START_TEST(test_dram_presets_follow_formulas)
{
    const struct preset_case *p = &presets[_i];
    char params[256];
    sim_t *s;
    sim_tick t0, align;

    /* row:...:column with the burst offset below: column bits start at the
     * burst size, 64 B (DDR4) or 32 B (LPDDR4); rows are high enough. */
    snprintf(params, sizeof(params), "preset: %s, refresh: false, mapping: \"%s\"", p->name, MAP);
    s = open_dram(params);
    t0 = 1000 * p->tck;
    ck_assert_uint_eq(at_access(s, t0, SIM_READ, 1ull << 24, 32),
                      (p->rcd + p->cl + p->burst) * p->tck);
    ck_assert_uint_eq(at_access(s, 2 * t0, SIM_READ, (1ull << 24) + 256, 32),
                      (p->cl + p->burst) * p->tck);
    ck_assert_uint_eq(at_access(s, 3 * t0, SIM_READ, 2ull << 24, 32),
                      (p->rp + p->rcd + p->cl + p->burst) * p->tck);
    /* LT from the row state, at a time between edges: the rest of the cycle first */
    align = (p->tck - sim_now(s) % p->tck) % p->tck;
    ck_assert_uint_eq(harness_access(s, "cpu", SIM_READ, (2ull << 24) + 512, 32),
                      align + (p->cl + p->burst) * p->tck);
    sim_close(s);
}
END_TEST

START_TEST(test_dram_lt_miss_hit_conflict)
{
    sim_t *s = open_dram("refresh: false, mapping: \"" MAP "\"");

    ck_assert_uint_eq(harness_read(s, "cpu", ADDR(3, 0, 1, 0)),
                      (D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    ck_assert_uint_eq(harness_read(s, "cpu", ADDR(3, 0, 1, 5)), (D24_CL + D24_BURST) * D24_TCK);
    ck_assert_uint_eq(harness_write(s, "cpu", ADDR(3, 0, 1, 6)), (D24_CWL + D24_BURST) * D24_TCK);
    ck_assert_uint_eq(harness_read(s, "cpu", ADDR(4, 0, 1, 5)),
                      (D24_RP + D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    ck_assert_double_eq(harness_stat(s, "mem.row_conflicts"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.row_hits"), 2);
    sim_close(s);
}
END_TEST

START_TEST(test_dram_override_field_by_field)
{
    sim_t *s = open_dram("preset: DDR4-3200, tRCD: 30, CL: 24nCK, refresh: false, "
                         "mapping: \"" MAP "\"");

    /* tRCD and CL overridden, tCK and the burst from DDR4-3200 */
    ck_assert_uint_eq(at_access(s, 625000, SIM_READ, ADDR(1, 0, 0, 0), 64), (30 + 24 + 4) * 625);
    sim_close(s);
}
END_TEST

START_TEST(test_dram_closed_page_always_misses)
{
    sim_t *s = open_dram("page_policy: closed, refresh: false, mapping: \"" MAP "\"");
    sim_tick t0 = 1000 * D24_TCK;

    ck_assert_uint_eq(at_access(s, t0, SIM_READ, ADDR(5, 1, 2, 3), 64),
                      (D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    ck_assert_uint_eq(at_access(s, 2 * t0, SIM_READ, ADDR(5, 1, 2, 4), 64),
                      (D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    ck_assert_uint_eq(at_access(s, 3 * t0, SIM_READ, ADDR(6, 1, 2, 4), 64),
                      (D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    ck_assert_double_eq(harness_stat(s, "mem.row_misses"), 3);
    ck_assert_double_eq(harness_stat(s, "mem.events.pre"), 3);
    sim_close(s);
}
END_TEST

/* A 64-byte read on a x16 LPDDR4 channel is two BL16 bursts to the same
 * row: the second RD follows the first by tCCD (8 nCK). */
START_TEST(test_dram_lpddr4_line_is_two_bursts)
{
    sim_t *s = open_dram("preset: LPDDR4-3200, refresh: false, mapping: \"" MAP "\"");

    ck_assert_uint_eq(at_access(s, 625000, SIM_READ, 1ull << 24, 64), (29 + 8 + 28 + 8) * 625);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 2);
    ck_assert_double_eq(harness_stat(s, "mem.requests"), 1);
    sim_close(s);
}
END_TEST

/* Unloaded, the two timing styles agree: the same dependent reads at the
 * same times (refresh on, so some of them wait for one) see the same
 * latencies, loosely- and approximately-timed. */
START_TEST(test_dram_lt_and_at_agree_unloaded)
{
    sim_t *at = open_dram("mapping: \"" MAP "\"");
    sim_t *lt = open_dram("mapping: \"" MAP "\"");
    uint64_t x = 7;
    sim_tick t = 0;
    int waited = 0;

    for (int i = 0; i < 300; i++) {
        sim_tick a, l;
        uint64_t addr;

        x = x * 6364136223846793005ull + 1442695040888963407ull;
        addr = ADDR((x >> 40) % 4, (x >> 20) % 4, (x >> 30) % 4, (x >> 50) % 128);
        t += 200 * D24_TCK + (x >> 33) % 100000;
        a = at_access(at, t, SIM_READ, addr, 64);
        run_to(lt, t);
        l = harness_read(lt, "cpu", addr);
        ck_assert_uint_eq(a, l);
        waited += a > (sim_tick)(D24_RP + D24_RCD + D24_CL + D24_BURST + 1) * D24_TCK;
        t += a;
    }
    ck_assert_int_gt(waited, 0);    /* some met a refresh */
    ck_assert_double_eq(harness_stat(at, "mem.refreshes"), harness_stat(lt, "mem.refreshes"));
    ck_assert_double_eq(harness_stat(at, "mem.row_hits"), harness_stat(lt, "mem.row_hits"));
    sim_close(at);
    sim_close(lt);
}
END_TEST

START_TEST(test_dram_frontend_latency_added)
{
    sim_t *s = open_dram("refresh: false, latency: 10ns, mapping: \"" MAP "\"");

    ck_assert_uint_eq(at_access(s, 100 * D24_TCK, SIM_READ, ADDR(1, 0, 0, 0), 64),
                      (D24_RCD + D24_CL + D24_BURST) * D24_TCK + 10000);
    ck_assert_uint_eq(harness_read(s, "cpu", ADDR(1, 0, 0, 1)),
                      (D24_CL + D24_BURST) * D24_TCK + 10000 +
                      (D24_TCK - sim_now(s) % D24_TCK) % D24_TCK);
    sim_close(s);
}
END_TEST

/* ------------------------------------------------------------ constraints */

/* Eight misses at once to banks of alternating groups: ACTs at 0, 4, 8, 12
 * (tRRD_S), the fifth waits for the window: tFAW after the first. */
START_TEST(test_dram_tfaw_delays_fifth_activate)
{
    sim_t *s = open_dram("refresh: false, mapping: \"" MAP "\"");

    run_to(s, 100 * D24_TCK);
    for (int i = 0; i < 8; i++)
        harness_send(s, "cpu", SIM_READ, ADDR(9, i % 4, i / 4, 0), 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 8);
    ck_assert_uint_eq(resp_latency(s, ADDR(9, 0, 0, 0)), (D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    ck_assert_uint_eq(resp_latency(s, ADDR(9, 3, 0, 0)),
                      (3 * 4 + D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    ck_assert_uint_eq(resp_latency(s, ADDR(9, 0, 1, 0)),
                      (D24_FAW + D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    sim_close(s);
}
END_TEST

/* A shorter window moves the fifth ACT to tFAW = 18 exactly (at 16 the
 * first request's RD takes the command bus; 18 is free). */
START_TEST(test_dram_tfaw_override_shortens_window)
{
    sim_t *s = open_dram("refresh: false, tFAW: 18, mapping: \"" MAP "\"");

    run_to(s, 100 * D24_TCK);
    for (int i = 0; i < 8; i++)
        harness_send(s, "cpu", SIM_READ, ADDR(9, i % 4, i / 4, 0), 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(resp_latency(s, ADDR(9, 0, 1, 0)),
                      (18 + D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    sim_close(s);
}
END_TEST

/* The first refresh falls due at tREFI: the open row is precharged (PREA,
 * tRP), REF follows; a read one cycle after the due time waits for the
 * rest of tRP + tRFC, then misses (refresh closed every row). */
START_TEST(test_dram_refresh_blocks_for_trfc)
{
    sim_t *s = open_dram("mapping: \"" MAP "\"");

    ck_assert_uint_eq(at_access(s, 10 * D24_TCK, SIM_READ, ADDR(1, 0, 0, 0), 64),
                      (D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    ck_assert_uint_eq(at_access(s, (uint64_t)(D24_REFI + 1) * D24_TCK, SIM_READ,
                                ADDR(1, 0, 0, 1), 64),
                      (D24_RP + D24_RFC - 1 + D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    ck_assert_double_eq(harness_stat(s, "mem.refreshes"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.events.pre"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.row_misses"), 2);
    sim_close(s);
}
END_TEST

/* Over a long run with traffic every refresh interval gets its REF. */
START_TEST(test_dram_refresh_every_trefi)
{
    sim_t *s = open_dram("mapping: \"" MAP "\"");
    int n = 0;

    for (sim_tick t = 0; t < (sim_tick)20 * D24_REFI * D24_TCK; t += 997 * D24_TCK) {
        run_to(s, t);
        harness_send(s, "cpu", SIM_READ, ADDR(n % 7, n % 4, n % 3, n % 128), 64);
        n++;
    }
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    /* due at k x tREFI for k = 1 .. now / tREFI */
    ck_assert_double_eq(harness_stat(s, "mem.refreshes"), sim_now(s) / D24_TCK / D24_REFI);
    ck_assert_double_ge(harness_stat(s, "mem.refreshes"), 19);
    sim_close(s);
}
END_TEST

/* After `powerdown` idle cycles the rank powers down; the next command
 * waits tXP. */
START_TEST(test_dram_powerdown_exit_costs_txp)
{
    sim_t *s = open_dram("refresh: false, powerdown: 100, mapping: \"" MAP "\"");

    ck_assert_uint_eq(at_access(s, 0, SIM_READ, ADDR(1, 0, 0, 0), 64),
                      (D24_RCD + D24_CL + D24_BURST) * D24_TCK);
    /* still within 100 idle cycles of the burst's end: no exit */
    ck_assert_uint_eq(at_access(s, 80 * D24_TCK, SIM_READ, ADDR(1, 0, 0, 1), 64),
                      (D24_CL + D24_BURST) * D24_TCK);
    ck_assert_double_eq(harness_stat(s, "mem.powerdown_exits"), 0);
    ck_assert_uint_eq(at_access(s, 10000 * D24_TCK, SIM_READ, ADDR(1, 0, 0, 2), 64),
                      (D24_XP + D24_CL + D24_BURST) * D24_TCK);
    ck_assert_double_eq(harness_stat(s, "mem.powerdown_exits"), 1);
    sync_dram(s);
    ck_assert_double_gt(harness_stat(s, "mem.events.act_powerdown"), 9000);
    sim_close(s);
}
END_TEST

/* ------------------------------------------------------------ scheduling */

/* Row 1 open; a conflict (row 2) arrives before a hit (row 1). FR-FCFS
 * serves the hit first; FCFS serves in order, and the hit turns into a
 * conflict too. */
static void hit_behind_conflict(const char *sched, double hits, double conflicts)
{
    char params[256];
    sim_t *s;

    snprintf(params, sizeof(params), "scheduler: %s, refresh: false, mapping: \"%s\"", sched, MAP);
    s = open_dram(params);
    at_access(s, 0, SIM_READ, ADDR(1, 0, 0, 0), 64);
    run_to(s, 1000 * D24_TCK);
    harness_send(s, "cpu", SIM_READ, ADDR(2, 0, 0, 0), 64);
    harness_send(s, "cpu", SIM_READ, ADDR(1, 0, 0, 1), 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_double_eq(harness_stat(s, "mem.row_hits"), hits);
    ck_assert_double_eq(harness_stat(s, "mem.row_conflicts"), conflicts);
    sim_close(s);
}

START_TEST(test_dram_frfcfs_serves_hit_first)
{
    hit_behind_conflict("frfcfs", 1, 1);
}
END_TEST

START_TEST(test_dram_fcfs_serves_in_order)
{
    hit_behind_conflict("fcfs", 0, 2);
}
END_TEST

/* Writes below the high watermark wait while reads are queued; at it they
 * are drained down to the low watermark, and the rest waits for the reads. */
static int writes_before_last_read(const char *params)
{
    sim_t *s = open_dram(params);
    sim_tick last_read = 0;
    int early = 0;

    run_to(s, 1000 * D24_TCK);
    for (int i = 0; i < 6; i++)
        harness_send(s, "cpu", SIM_WRITE, ADDR(3, i % 4, 1, i), 64);
    for (int i = 0; i < 30; i++)
        harness_send(s, "cpu", SIM_READ, ADDR(2, i % 4, 0, i), 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 36);
    for (int i = 0; i < 36; i++) {
        const struct harness_resp *r = harness_resp(s, "cpu", i);

        if (r->cmd == SIM_READ && r->done > last_read)
            last_read = r->done;
    }
    for (int i = 0; i < 36; i++) {
        const struct harness_resp *r = harness_resp(s, "cpu", i);

        early += r->cmd == SIM_WRITE && r->done < last_read;
    }
    sim_close(s);
    return early;
}

START_TEST(test_dram_writes_wait_below_watermark)
{
    ck_assert_int_eq(writes_before_last_read("refresh: false, mapping: \"" MAP "\""), 0);
}
END_TEST

START_TEST(test_dram_writes_drain_above_watermark)
{
    ck_assert_int_eq(writes_before_last_read("refresh: false, write_high: 4, write_low: 1, "
                                             "mapping: \"" MAP "\""), 5);
    ck_assert_int_eq(writes_before_last_read("refresh: false, write_high: 4, write_low: 0, "
                                             "mapping: \"" MAP "\""), 6);
}
END_TEST

START_TEST(test_dram_read_forwarded_from_write_queue)
{
    sim_t *s = open_dram("refresh: false, mapping: \"" MAP "\"");

    run_to(s, 1000 * D24_TCK);
    harness_send(s, "cpu", SIM_WRITE, ADDR(4, 0, 0, 0), 64);
    harness_send(s, "cpu", SIM_READ, ADDR(4, 0, 0, 0), 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_double_eq(harness_stat(s, "mem.forwarded_reads"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 0);
    /* the requester got its bytes; the data bus carried the write alone */
    ck_assert_double_eq(harness_stat(s, "mem.bytes_read"), 64);
    ck_assert_double_eq(harness_stat(s, "mem.bus_utilisation"),
                        64 / harness_stat(s, "sim.seconds") / harness_stat(s, "mem.peak_bandwidth"));
    ck_assert_uint_eq(harness_resp(s, "cpu", 0)->done - harness_resp(s, "cpu", 0)->accepted, 0);
    sim_close(s);
}
END_TEST

START_TEST(test_dram_full_queue_refuses_then_retries)
{
    sim_t *s = open_dram("refresh: false, read_queue: 2, mapping: \"" MAP "\"");

    for (int i = 0; i < 10; i++)
        harness_send(s, "cpu", SIM_READ, ADDR(i, i % 4, 0, 0), 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 10);
    ck_assert_int_gt(harness_n_refused(s, "cpu"), 0);
    ck_assert_double_eq(harness_stat(s, "mem.refused"), harness_n_refused(s, "cpu"));
    sim_close(s);
}
END_TEST

/* A request that can never fit its channel's queue stops the run with a
 * reason instead of waiting forever. */
START_TEST(test_dram_oversized_request_fails_run)
{
    sim_t *s = open_dram("refresh: false, read_queue: 2, mapping: \"" MAP "\"");
    sim_error err;

    harness_send(s, "cpu", SIM_READ, 0, 256);       /* four bursts, one channel */
    ck_assert_int_lt(sim_run(s, SIM_UNTIL_EXIT, &err), 0);
    ck_assert_ptr_nonnull(strstr(err.message, "read queue"));
    sim_close(s);
}
END_TEST

/* A generator or a cache whose requests would stop the run that way is
 * refused when built, at the queue it overflows (validate says so). */
START_TEST(test_dram_rejects_queue_smaller_than_a_request)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n"
                                "  gen: {type: trafficgen, size: 4096B}\n"
                                "  mem: {type: dram, read_queue: 32}\n"
                                "connections: [gen.out -> mem.in]\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_eq(err.line, 3);
    ck_assert_str_eq(err.message, "mem.read_queue: a 4096-byte request from gen needs 64 "
                     "bursts of one channel's read queue, which holds 32");
}
END_TEST

START_TEST(test_dram_rejects_write_queue_smaller_than_a_line_above_a_bus)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n"
                                "  cpu: {type: probe}\n"
                                "  l1: {type: cache, line: 256B}\n"
                                "  bus: {type: bus}\n"
                                "  mem: {type: dram, write_queue: 2, write_high: 2, "
                                "write_low: 1}\n"
                                "connections: [cpu.out -> l1.cpu, l1.mem -> bus.cpu, "
                                "bus.mem -> mem.in]\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "mem.write_queue: a 256-byte request from l1 "
                                 "needs 4 bursts"));
}
END_TEST

/* What never uses the queues is not held to them: an LT generator, a
 * generator that only reads. */
START_TEST(test_dram_queue_check_spares_lt_and_read_only_senders)
{
    sim_t *s = harness_open("components:\n"
                            "  gen: {type: trafficgen, size: 4096B, mode: lt}\n"
                            "  mem: {type: dram}\n"
                            "connections: [gen.out -> mem.in]\n");

    sim_close(s);
    s = harness_open("components:\n"
                     "  gen: {type: trafficgen, size: 256B}\n"
                     "  mem: {type: dram, write_queue: 2, write_high: 2, write_low: 1}\n"
                     "connections: [gen.out -> mem.in]\n");
    sim_close(s);
}
END_TEST

/* ------------------------------------------------------------ mapping */

/* Two rows of one bank conflict; with XOR hashing the row bits pick
 * another bank, and both accesses miss instead. */
START_TEST(test_dram_xor_bank_hashing_spreads_rows)
{
    sim_t *s = open_dram("refresh: false, mapping: \"" MAP "\"");

    at_access(s, 0, SIM_READ, ADDR(0, 0, 0, 0), 64);
    at_access(s, 1000 * D24_TCK, SIM_READ, ADDR(1, 0, 0, 0), 64);
    ck_assert_double_eq(harness_stat(s, "mem.row_conflicts"), 1);
    sim_close(s);
    s = open_dram("refresh: false, xor_bank: true, mapping: \"" MAP "\"");
    at_access(s, 0, SIM_READ, ADDR(0, 0, 0, 0), 64);
    at_access(s, 1000 * D24_TCK, SIM_READ, ADDR(1, 0, 0, 0), 64);
    ck_assert_double_eq(harness_stat(s, "mem.row_conflicts"), 0);
    ck_assert_double_eq(harness_stat(s, "mem.row_misses"), 2);
    sim_close(s);
}
END_TEST

START_TEST(test_dram_channels_and_ranks_split_banks)
{
    sim_t *s = open_dram("refresh: false, channels: 2, ranks: 2, "
                         "mapping: \"row:bankgroup:bank:column:rank:channel\"");

    /* four lines: channel 0/1, rank 0/1: four different banks */
    for (int i = 0; i < 4; i++)
        harness_send(s, "cpu", SIM_READ, 64 * i, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_double_eq(harness_stat(s, "mem.row_misses"), 4);
    ck_assert_double_eq(harness_stat(s, "mem.bank_accesses.total"), 4);
    ck_assert_double_eq(harness_stat(s, "mem.bank_accesses.0"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.bank_accesses.16"), 1);   /* channel 0, rank 1 */
    ck_assert_double_eq(harness_stat(s, "mem.bank_accesses.32"), 1);   /* channel 1, rank 0 */
    ck_assert_double_eq(harness_stat(s, "mem.bank_accesses.48"), 1);
    sim_close(s);
}
END_TEST

/* ------------------------------------------------------------ bandwidth */

/* Stream n reads; the achieved share of the peak data rate. */
static double stream_share(const char *params, int n, int write)
{
    sim_t *s = open_dram(params);
    double bw, peak;

    for (int i = 0; i < n; i++)
        harness_send(s, "cpu", write ? SIM_WRITE : SIM_READ, 64ull * i, 64);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_double_eq(harness_stat(s, "cpu.received"), n);
    bw = harness_stat(s, write ? "mem.bytes_written" : "mem.bytes_read") / (sim_now(s) * 1e-12);
    peak = harness_stat(s, "mem.peak_bandwidth");
    sim_close(s);
    return bw / peak;
}

START_TEST(test_dram_stream_reaches_peak)
{
    /* no refresh: only the first ACT and the pipeline fill are lost */
    ck_assert_double_gt(stream_share("preset: DDR4-2400, refresh: false", 20000, 0), 0.99);
    ck_assert_double_gt(stream_share("preset: DDR4-3200, refresh: false", 20000, 0), 0.99);
    ck_assert_double_gt(stream_share("preset: LPDDR4-3200, refresh: false", 20000, 0), 0.98);
    ck_assert_double_gt(stream_share("preset: DDR4-2400, refresh: false", 20000, 1), 0.99);
}
END_TEST

START_TEST(test_dram_stream_with_refresh_loses_trfc_share)
{
    /* refresh takes tRFC of every tREFI: 420/9363 = 4.5 % for DDR4-2400 */
    double peak = 1.0 - (double)D24_RFC / D24_REFI;
    double got = stream_share("preset: DDR4-2400", 40000, 0);

    ck_assert_double_lt(got, peak + 0.002);
    ck_assert_double_gt(got, peak - 0.01);
}
END_TEST

START_TEST(test_dram_two_channels_double_bandwidth)
{
    double one = stream_share("refresh: false", 20000, 0);
    double two = stream_share("refresh: false, channels: 2", 20000, 0);

    ck_assert_double_gt(two, 0.98 * one);   /* share of a peak that doubled */
}
END_TEST

/* ------------------------------------------------------------ errors */

START_TEST(test_dram_rejects_bad_mapping)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n"
                             "  mem: {type: dram, mapping: \"row:bank:column\"}\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "mapping"));
    ck_assert_int_eq(err.line, 2);
}
END_TEST

START_TEST(test_dram_rejects_bad_watermarks)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n"
                             "  mem: {type: dram, write_high: 8, write_low: 8}\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "write_low"));
}
END_TEST

START_TEST(test_dram_rejects_unknown_preset)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n"
                             "  mem: {type: dram, preset: DDR4-2600}\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "DDR4-2400"));
}
END_TEST

START_TEST(test_dram_rejects_non_power_of_two_rows)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n"
                             "  mem: {type: dram, rows: 1000}\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "rows"));
}
END_TEST

/* A command's current below the standby current it displaces would price
 * it at 0 J: rejected, on either rail. */
START_TEST(test_dram_rejects_currents_below_standby)
{
    static const char *const bad[][2] = {
        { "IDD0: 40", "IDD0" },         /* DDR4-2400: IDD3N 43 mA */
        { "IDD4R: 30", "IDD4R" },
        { "IDD5B: 20", "IDD5B" },
        { "IPP4W: 1", "IPP4W" },        /* IPP3N 3 mA */
    };

    for (int i = 0; i < 4; i++) {
        char yaml[256];
        sim_error err;
        sim_t *s;

        snprintf(yaml, sizeof(yaml), "components:\n  mem: {type: dram, %s}\n", bad[i][0]);
        s = harness_open_err(yaml, &err);
        ck_assert_ptr_null(s);
        ck_assert_int_eq(err.code, SIM_ECONFIG);
        ck_assert_msg(strstr(err.message, bad[i][1]) && strstr(err.message, "standby"), "%s",
                      err.message);
    }
}
END_TEST

Suite *dram_suite(void)
{
    Suite *s = suite_create("dram");
    TCase *tc = tcase_create("dram");

    tcase_add_test(tc, test_dram_at_miss_hit_conflict_ddr4_2400);
    tcase_add_test(tc, test_dram_at_arrival_rounds_to_next_edge);
    tcase_add_loop_test(tc, test_dram_presets_follow_formulas, 0, 3);
    tcase_add_test(tc, test_dram_lt_miss_hit_conflict);
    tcase_add_test(tc, test_dram_override_field_by_field);
    tcase_add_test(tc, test_dram_closed_page_always_misses);
    tcase_add_test(tc, test_dram_lpddr4_line_is_two_bursts);
    tcase_add_test(tc, test_dram_lt_and_at_agree_unloaded);
    tcase_add_test(tc, test_dram_frontend_latency_added);
    tcase_add_test(tc, test_dram_tfaw_delays_fifth_activate);
    tcase_add_test(tc, test_dram_tfaw_override_shortens_window);
    tcase_add_test(tc, test_dram_refresh_blocks_for_trfc);
    tcase_add_test(tc, test_dram_refresh_every_trefi);
    tcase_add_test(tc, test_dram_powerdown_exit_costs_txp);
    tcase_add_test(tc, test_dram_frfcfs_serves_hit_first);
    tcase_add_test(tc, test_dram_fcfs_serves_in_order);
    tcase_add_test(tc, test_dram_writes_wait_below_watermark);
    tcase_add_test(tc, test_dram_writes_drain_above_watermark);
    tcase_add_test(tc, test_dram_read_forwarded_from_write_queue);
    tcase_add_test(tc, test_dram_full_queue_refuses_then_retries);
    tcase_add_test(tc, test_dram_oversized_request_fails_run);
    tcase_add_test(tc, test_dram_rejects_queue_smaller_than_a_request);
    tcase_add_test(tc, test_dram_rejects_write_queue_smaller_than_a_line_above_a_bus);
    tcase_add_test(tc, test_dram_queue_check_spares_lt_and_read_only_senders);
    tcase_add_test(tc, test_dram_xor_bank_hashing_spreads_rows);
    tcase_add_test(tc, test_dram_channels_and_ranks_split_banks);
    tcase_add_test(tc, test_dram_stream_reaches_peak);
    tcase_add_test(tc, test_dram_stream_with_refresh_loses_trfc_share);
    tcase_add_test(tc, test_dram_two_channels_double_bandwidth);
    tcase_add_test(tc, test_dram_rejects_bad_mapping);
    tcase_add_test(tc, test_dram_rejects_bad_watermarks);
    tcase_add_test(tc, test_dram_rejects_unknown_preset);
    tcase_add_test(tc, test_dram_rejects_non_power_of_two_rows);
    tcase_add_test(tc, test_dram_rejects_currents_below_standby);
    suite_add_tcase(s, tc);
    return s;
}
