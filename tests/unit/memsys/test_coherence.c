/* tests/unit/memsys/test_coherence.c - MESI and MOESI over the snooping bus
 * and MESI over the directory: hand-computed sequences of state changes
 * (read through bus stats: who supplied the data, what was invalidated,
 * flushed or downgraded), latencies, directory recalls, and the
 * single-writer / multiple-reader check under random multi-core traffic in
 * both timing styles, with one- and two-level private hierarchies; that
 * the check changes no statistic but its own count. Energy events of both
 * controllers by hand, their prices, and the accounting identity with
 * explicit figures. A mis-wired system shows that the check does fire. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

/* n cores, each probe -> l1_i [-> l2_i] -> ctl (snoopbus or directory)
 * -> l3 -> mem. `ctl` is the controller's YAML map. */
struct sys {
    int n;
    bool l2;                        /* private inclusive L2 per core */
    const char *ctl;
    const char *l1;                 /* extra L1 keys, or "" */
    bool swap_snoops;               /* wire snoops in the wrong order */
};

static char *yaml_of(const struct sys *y)
{
    static char buf[8192];
    int k = 0;

    k += snprintf(buf + k, sizeof(buf) - k, "components:\n");
    for (int i = 0; i < y->n; i++) {
        k += snprintf(buf + k, sizeof(buf) - k,
                      "  c%d: {type: probe}\n"
                      "  l1_%d: {type: cache, size: 512B, assoc: 2, mshrs: 4%s%s}\n", i, i,
                      y->l1[0] ? ", " : "", y->l1);
        if (y->l2)
            k += snprintf(buf + k, sizeof(buf) - k,
                          "  l2_%d: {type: cache, size: 2KiB, assoc: 4, inclusion: inclusive, "
                          "tag_latency: 2%s%s}\n", i, y->l1[0] ? ", " : "", y->l1);
    }
    k += snprintf(buf + k, sizeof(buf) - k,
                  "  ctl: %s\n"
                  "  l3:  {type: cache, size: 16KiB, assoc: 8, tag_latency: 2, data_latency: 4,"
                  " mshrs: 16, queue: 32}\n"
                  "  mem: {type: simple_mem, latency: 50ns}\n"
                  "connections:\n", y->ctl);
    for (int i = 0; i < y->n; i++) {
        k += snprintf(buf + k, sizeof(buf) - k, "  - c%d.out -> l1_%d.cpu\n", i, i);
        if (y->l2)
            k += snprintf(buf + k, sizeof(buf) - k,
                          "  - l1_%d.mem -> l2_%d.cpu\n  - l2_%d.inval -> l1_%d.snoop\n"
                          "  - l2_%d.mem -> ctl.cpu\n", i, i, i, i, i);
        else
            k += snprintf(buf + k, sizeof(buf) - k, "  - l1_%d.mem -> ctl.cpu\n", i);
    }
    for (int i = 0; i < y->n; i++) {
        int j = y->swap_snoops ? y->n - 1 - i : i;

        k += snprintf(buf + k, sizeof(buf) - k, "  - ctl.snoop -> l%d_%d.snoop\n",
                      y->l2 ? 2 : 1, j);
    }
    snprintf(buf + k, sizeof(buf) - k, "  - ctl.mem -> l3.cpu\n  - l3.mem -> mem.in\n");
    return buf;
}

static const char *BUS = "{type: snoopbus, latency: 2, width: 32B}";
static const char *BUS_MOESI = "{type: snoopbus, latency: 2, width: 32B, protocol: moesi}";
static const char *DIR = "{type: directory, latency: 3, hop_latency: 5}";

static sim_tick rd(sim_t *s, int core, uint64_t a)
{
    char p[16];

    snprintf(p, sizeof(p), "c%d", core);
    return harness_read(s, p, a);
}

static sim_tick wr(sim_t *s, int core, uint64_t a)
{
    char p[16];

    snprintf(p, sizeof(p), "c%d", core);
    return harness_write(s, p, a);
}

/* Let time pass so the bus is idle again (LT accesses do not move time). */
static void idle(sim_t *s)
{
    sim_error err;

    ck_assert_int_ge(sim_run_for(s, SIM_UNTIL_TICKS, 1000000, &err), 0);
}

/* ------------------------------------------------------ MESI sequences */

START_TEST(test_coherence_mesi_sequence)
{
    struct sys y = {2, false, BUS, "", false};
    sim_t *s = harness_open(yaml_of(&y));
    const uint64_t X = 0x1000;

    rd(s, 0, X);                                /* c0: E (no other copy) */
    ck_assert_double_eq(harness_stat(s, "ctl.gets"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.mem_reads"), 1);
    wr(s, 0, X);                                /* E -> M silently */
    ck_assert_double_eq(harness_stat(s, "ctl.transactions"), 1);
    rd(s, 1, X);                                /* c0 M -> S, flushed; c0 supplies */
    ck_assert_double_eq(harness_stat(s, "ctl.c2c"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.flushes"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.downgrades"), 1);
    ck_assert_double_eq(harness_stat(s, "l3.writebacks") + harness_stat(s, "l3.victims_in"), 1);
    wr(s, 1, X);                                /* c1 S -> M: upgrade, c0 invalidated */
    ck_assert_double_eq(harness_stat(s, "ctl.upgrades"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.invalidations"), 1);
    ck_assert_double_eq(harness_stat(s, "l1_0.snoop_invalidations"), 1);
    ck_assert_double_eq(harness_stat(s, "l1_1.upgrades"), 1);
    wr(s, 0, X);                                /* c0 I -> M: GetM, c1 dirty supplies */
    ck_assert_double_eq(harness_stat(s, "ctl.getm"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.c2c"), 2);
    ck_assert_double_eq(harness_stat(s, "ctl.mem_reads"), 1);
    rd(s, 1, X + 8);                            /* same line: c0 M -> S again */
    ck_assert_double_eq(harness_stat(s, "ctl.c2c"), 3);
    ck_assert_double_eq(harness_stat(s, "ctl.flushes"), 2);
    rd(s, 0, X);                                /* a hit in S */
    ck_assert_double_eq(harness_stat(s, "ctl.transactions"), 4 + 1);
    ck_assert_double_gt(harness_stat(s, "ctl.invariant_checks"), 0);
    ck_assert_double_eq(harness_stat(s, "ctl.invariant_violations"), 0);
    sim_close(s);
}
END_TEST

START_TEST(test_coherence_shared_read_gets_s)
{
    struct sys y = {3, false, BUS, "", false};
    sim_t *s = harness_open(yaml_of(&y));

    rd(s, 0, 0x40);
    rd(s, 1, 0x40);                             /* E -> S, clean: memory supplies */
    rd(s, 2, 0x40);
    ck_assert_double_eq(harness_stat(s, "ctl.c2c"), 0);
    ck_assert_double_eq(harness_stat(s, "ctl.mem_reads"), 3);
    ck_assert_double_eq(harness_stat(s, "ctl.downgrades"), 1);
    /* a write by c2 to an S line: upgrade, two copies invalidated */
    wr(s, 2, 0x40);
    ck_assert_double_eq(harness_stat(s, "ctl.invalidations"), 2);
    ck_assert_double_eq(harness_stat(s, "ctl.invariant_violations"), 0);
    sim_close(s);
}
END_TEST

START_TEST(test_coherence_moesi_keeps_owner)
{
    struct sys y = {3, false, BUS_MOESI, "", false};
    sim_t *s = harness_open(yaml_of(&y));

    wr(s, 0, 0x80);                             /* M */
    rd(s, 1, 0x80);                             /* c0 M -> O, supplies, no flush */
    rd(s, 2, 0x80);                             /* O supplies again */
    ck_assert_double_eq(harness_stat(s, "ctl.c2c"), 2);
    ck_assert_double_eq(harness_stat(s, "ctl.flushes"), 0);
    ck_assert_double_eq(harness_stat(s, "ctl.mem_reads"), 1);
    /* evicting the O copy writes it back: 0x80, 0x80+256, 0x80+512 share an
     * L1 set (512 B, 2 ways, 4 sets) */
    rd(s, 0, 0x80 + 256);
    rd(s, 0, 0x80 + 512);
    ck_assert_double_eq(harness_stat(s, "l1_0.writebacks"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.writebacks"), 1);
    /* O -> M needs an upgrade that invalidates both S copies */
    wr(s, 1, 0x80);
    ck_assert_double_eq(harness_stat(s, "ctl.invalidations"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.invariant_violations"), 0);
    sim_close(s);
}
END_TEST

START_TEST(test_coherence_bus_latency)
{
    struct sys y = {2, false, BUS, "", false};
    sim_t *s = harness_open(yaml_of(&y));

    /* L1 tag 1 + bus 2 + slowest snoop (L1 tag 1) + L3 miss (tag 2 + 50 ns)
     * + 64 B over 32 B/cycle (2): 58 cycles at 1 GHz */
    ck_assert_uint_eq(rd(s, 0, 0x2000), 58000);
    idle(s);
    /* from the other cache, dirty: no L3 or memory: 1 + 2 + 1 + 2 */
    wr(s, 1, 0x3000);
    idle(s);
    ck_assert_uint_eq(rd(s, 0, 0x3000), 6000);
    /* a hit stays a hit: tag + data */
    ck_assert_uint_eq(rd(s, 0, 0x3000), 4000);
    sim_close(s);
}
END_TEST

START_TEST(test_coherence_bus_contention_in_lt)
{
    struct sys y = {2, false, BUS, "", false};
    sim_t *s = harness_open(yaml_of(&y));
    sim_tick a, b;

    /* two misses at the same instant: the second waits for the bus (one
     * address cycle plus two transfer cycles) */
    a = rd(s, 0, 0x4000);
    b = rd(s, 1, 0x8000);
    ck_assert_uint_eq(b - a, 3000);
    ck_assert_double_eq(harness_stat(s, "ctl.busy"), 6000);
    sim_close(s);
}
END_TEST

/* ---------------------------------------------------------- directory */

START_TEST(test_coherence_directory_sequence)
{
    struct sys y = {3, false, DIR, "clean_evict: true", false};
    sim_t *s = harness_open(yaml_of(&y));

    rd(s, 0, 0x100);                            /* I -> EM(c0): memory, E */
    ck_assert_double_eq(harness_stat(s, "ctl.mem_reads"), 1);
    rd(s, 1, 0x100);                            /* forwarded to c0: both S */
    ck_assert_double_eq(harness_stat(s, "ctl.forwards"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.c2c"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.flushes"), 0);    /* c0 was clean (E) */
    wr(s, 2, 0x100);                            /* GetM: both sharers invalidated */
    ck_assert_double_eq(harness_stat(s, "ctl.invalidations"), 2);
    ck_assert_double_eq(harness_stat(s, "ctl.mem_reads"), 2);
    rd(s, 0, 0x100);                            /* forwarded to c2 (M): flush, c2c */
    ck_assert_double_eq(harness_stat(s, "ctl.forwards"), 2);
    ck_assert_double_eq(harness_stat(s, "ctl.flushes"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.c2c"), 2);
    /* no broadcast: c1 (no copy) saw no snoop */
    ck_assert_double_eq(harness_stat(s, "l1_1.snoop_downgrades") + harness_stat(s, "l1_1.snoop_invalidations"),
                        1);
    ck_assert_double_eq(harness_stat(s, "ctl.invariant_violations"), 0);
    sim_close(s);
}
END_TEST

START_TEST(test_coherence_directory_latency)
{
    struct sys y = {2, false, DIR, "", false};
    sim_t *s = harness_open(yaml_of(&y));

    /* L1 tag 1 + hop 5 + lookup 3 + L3 miss (2 + 50 ns) + hop 5 */
    ck_assert_uint_eq(rd(s, 0, 0x2000), 66000);
    idle(s);
    /* forwarded: 1 + 5 + 3 + (5 + owner's snoop 1 + 5) */
    ck_assert_uint_eq(rd(s, 1, 0x2000), 20000);
    sim_close(s);
}
END_TEST

START_TEST(test_coherence_directory_recalls)
{
    struct sys y = {2, false,
                    "{type: directory, entries: 2, assoc: 2, latency: 1, hop_latency: 1}",
                    "", false};
    sim_t *s = harness_open(yaml_of(&y));

    rd(s, 0, 0x0);
    wr(s, 1, 0x40);                             /* dirty in c1 */
    rd(s, 0, 0x80);                             /* a third line: recall 0x0 (LRU) */
    ck_assert_double_eq(harness_stat(s, "ctl.recalls"), 1);
    ck_assert_double_eq(harness_stat(s, "l1_0.snoop_invalidations"), 1);
    rd(s, 0, 0x0);                              /* recall 0x40: dirty, written back */
    ck_assert_double_eq(harness_stat(s, "ctl.recalls"), 2);
    ck_assert_double_eq(harness_stat(s, "ctl.flushes"), 1);
    ck_assert_double_eq(harness_stat(s, "l1_0.misses"), 3);
    ck_assert_double_eq(harness_stat(s, "ctl.invariant_violations"), 0);
    sim_close(s);
}
END_TEST

START_TEST(test_coherence_directory_rejects_too_many_caches)
{
    struct sys y = {2, false, "{type: directory, entries: 48, assoc: 16}", "", false};
    sim_error err;

    ck_assert_ptr_null(harness_open_err(yaml_of(&y), &err));
    ck_assert_ptr_nonnull(strstr(err.message, "entries"));
}
END_TEST

/* ------------------------------------------------- random traffic, checked */

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Random reads and writes by n cores over a few hot lines (true sharing)
 * and a wider region (evictions); LT calls or AT bursts. Returns the
 * simulator with every request answered. */
static sim_t *random_run(const struct sys *y, int at, int count, uint64_t seed)
{
    sim_t *s = harness_open(yaml_of(y));
    uint64_t x = seed;
    int sent[8] = {0};
    sim_error err;

    for (int i = 0; i < count; i++) {
        uint64_t v = splitmix(&x);
        int core = (int)(v % (uint64_t)y->n);
        uint64_t line = (v >> 8) % 4 == 0 ? (v >> 16) % 6 : (v >> 16) % 200;
        int cmd = (v >> 40) % 3 == 0 ? SIM_WRITE : SIM_READ;
        char p[8];

        snprintf(p, sizeof(p), "c%d", core);
        if (at) {
            harness_send(s, p, cmd, line * 64 + (v >> 50) % 64 / 8 * 8, 8);
            sent[core]++;
            if (i % 200 == 199)
                ck_assert_msg(sim_run(s, SIM_UNTIL_EXIT, &err) >= 0, "%s", err.message);
        } else {
            harness_access(s, p, cmd, line * 64, 8);
            if (i % 50 == 0)
                idle(s);
        }
    }
    if (at) {
        ck_assert_msg(sim_run(s, SIM_UNTIL_EXIT, &err) >= 0, "%s", err.message);
        for (int c = 0; c < y->n; c++) {
            char p[8];

            snprintf(p, sizeof(p), "c%d", c);
            ck_assert_int_eq(harness_n_resp(s, p), sent[c]);
        }
    }
    return s;
}

static void random_traffic(const struct sys *y, int at, int count, uint64_t seed)
{
    sim_t *s = random_run(y, at, count, seed);

    ck_assert_double_eq(harness_stat(s, "ctl.invariant_violations"), 0);
    ck_assert_double_ge(harness_stat(s, "ctl.invariant_checks"), harness_stat(s, "ctl.transactions"));
    ck_assert_double_gt(harness_stat(s, "ctl.transactions"), count / 10);
    ck_assert_double_gt(harness_stat(s, "ctl.invalidations"), 0);
    ck_assert_double_gt(harness_stat(s, "ctl.c2c"), 0);
    sim_close(s);
}

START_TEST(test_coherence_random_bus_mesi_lt)
{
    struct sys y = {4, false, BUS, "", false};

    random_traffic(&y, 0, 20000, 1);
}
END_TEST

START_TEST(test_coherence_random_bus_moesi_lt)
{
    struct sys y = {4, false, BUS_MOESI, "", false};

    random_traffic(&y, 0, 20000, 2);
}
END_TEST

START_TEST(test_coherence_random_bus_mesi_at)
{
    struct sys y = {4, false, BUS, "", false};

    random_traffic(&y, 1, 4000, 3);
}
END_TEST

START_TEST(test_coherence_random_bus_moesi_at_two_levels)
{
    struct sys y = {4, true, BUS_MOESI, "", false};

    random_traffic(&y, 1, 4000, 4);
}
END_TEST

START_TEST(test_coherence_random_bus_lt_two_levels)
{
    struct sys y = {4, true, BUS, "", false};

    random_traffic(&y, 0, 20000, 5);
}
END_TEST

START_TEST(test_coherence_random_directory_lt)
{
    struct sys y = {4, false, DIR, "clean_evict: true", false};

    random_traffic(&y, 0, 20000, 6);
}
END_TEST

START_TEST(test_coherence_random_directory_silent_drops_lt)
{
    struct sys y = {4, false, "{type: directory, entries: 64, assoc: 4}", "", false};

    random_traffic(&y, 0, 20000, 7);
}
END_TEST

START_TEST(test_coherence_random_directory_at)
{
    struct sys y = {4, false, DIR, "clean_evict: true", false};

    random_traffic(&y, 1, 4000, 8);
}
END_TEST

START_TEST(test_coherence_random_directory_at_two_levels)
{
    struct sys y = {4, true, "{type: directory, entries: 128, assoc: 4}", "clean_evict: true",
                    false};

    random_traffic(&y, 1, 4000, 9);
}
END_TEST

/* ------------------------------------------------------------- energy */

static const sim_tech TECH22 = {.node_nm = 22};     /* the harness's default */

/* The bus: one arbitration and one 64-bit broadcast per transaction, a
 * line per data transfer on the bus, all over wire_mm. A MESI flush rides
 * on the cache-to-cache transfer; an upgrade moves no data. */
START_TEST(test_coherence_bus_energy_per_event)
{
    struct sys y = {2, false, "{type: snoopbus, latency: 2, width: 32B, wire_mm: 2}", "", false};
    sim_t *s = harness_open(yaml_of(&y));
    const uint64_t X = 0x1000;
    double wire = 2 * sim_wire_energy_j_per_bit_mm(&TECH22);

    rd(s, 0, X);                                /* memory supplies: a line */
    wr(s, 0, X);                                /* E -> M, no transaction */
    rd(s, 1, X);                                /* c0 supplies and flushes: one line */
    wr(s, 1, X);                                /* upgrade: no data */
    wr(s, 0, X);                                /* GetM, c1 supplies: a line */
    rd(s, 0, X + 256);                          /* two more lines in X's set ... */
    rd(s, 0, X + 512);                          /* ... evict X, dirty: a writeback */
    ck_assert_double_eq(harness_stat(s, "ctl.transactions"), 7);
    ck_assert_double_eq(harness_stat(s, "ctl.writebacks"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.flushes"), 1);
    ck_assert_double_eq(harness_stat(s, "ctl.events.arbitration"), 7);
    ck_assert_double_eq(harness_stat(s, "ctl.events.messages"), 7);
    ck_assert_double_eq(harness_stat(s, "ctl.events.lines"), 3 + 2 + 1);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.arbitration"),
                            7 * sim_arbiter_energy_j(&TECH22, 2), 1e-27);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.messages"), 7 * 64 * wire, 1e-24);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.lines"), 6 * 512 * wire, 1e-23);
    ck_assert_double_eq(harness_stat(s, "ctl.energy.leakage"), 0);
    sim_close(s);
}
END_TEST

/* The directory: the request and its answer, each forward or invalidation
 * and its answer, a line per transfer (a flush to memory too); one lookup
 * per transaction and one update per entry changed, priced by the SRAM
 * model for 16384 entries of a 3-bit sharer vector (a byte) in 16 ways
 * with 48 - 6 - 10 + 2 = 34-bit tags, tags first; its leakage. */
START_TEST(test_coherence_directory_energy_per_event)
{
    struct sys y = {3, false, "{type: directory, latency: 3, hop_latency: 5, wire_mm: 3}",
                    "clean_evict: true", false};
    sim_t *s = harness_open(yaml_of(&y));
    sim_sram_spec sp = {.size_bytes = 16384, .line_bytes = 1, .assoc = 16, .output_bits = 3,
                        .sequential = 1, .tag_bits = 34};
    double wire = 3 * sim_wire_energy_j_per_bit_mm(&TECH22);
    sim_sram_result r;

    rd(s, 0, 0x100);            /* I -> EM(c0): 2 messages, a line from memory */
    rd(s, 1, 0x100);            /* forwarded to c0: 2 + 2 messages, a line from c0 */
    wr(s, 2, 0x100);            /* GetM, two sharers invalidated: 2 + 4, a line from memory */
    rd(s, 0, 0x100);            /* forwarded to c2 (M): 2 + 2, a line to c0, a flush */
    ck_assert_double_eq(harness_stat(s, "ctl.transactions"), 4);
    ck_assert_double_eq(harness_stat(s, "ctl.events.arbitration"), 4);
    ck_assert_double_eq(harness_stat(s, "ctl.events.messages"), 4 + 2 + 6 + 4);
    ck_assert_double_eq(harness_stat(s, "ctl.events.lines"), 1 + 1 + 1 + 2);
    ck_assert_double_eq(harness_stat(s, "ctl.events.lookup"), 4);
    ck_assert_double_eq(harness_stat(s, "ctl.events.update"), 4);
    rd(s, 1, 0x100);            /* a third sharer: 2 messages, a line from memory */
    ck_assert_double_eq(harness_stat(s, "ctl.events.update"), 5);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.messages"), 18 * 64 * wire, 1e-23);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.lines"), 6 * 512 * wire, 1e-22);
    ck_assert_int_eq(sim_sram_model(&sp, &TECH22, &r, NULL), 0);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.lookup"), 5 * r.read_j, 1e-9 * r.read_j);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.update"), 5 * r.write_j,
                            1e-9 * r.write_j);
    idle(s);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.leakage"),
                            r.leakage_w * harness_stat(s, "sim.seconds"),
                            1e-9 * r.leakage_w * harness_stat(s, "sim.seconds"));
    sim_close(s);
}
END_TEST

/* Random traffic, LT and AT: the controller's energy is the sum of count
 * x energy per event plus leakage x time, and an energy the config gives
 * replaces the modelled one. */
START_TEST(test_coherence_energy_adds_up_and_config_wins)
{
    static const char *ev[] = {"arbitration", "messages", "lines", "lookup", "update"};
    struct sys y = {4, false,
                    "{type: directory, latency: 3, hop_latency: 5, entries: 64, assoc: 4, "
                    "energy: {messages: 1pJ, lookup: 2pJ, leakage: 5mW}}", "clean_evict: true",
                    false};
    sim_t *s = random_run(&y, _i, 2000, 20 + (uint64_t)_i);
    double sum = 0;

    for (int i = 0; i < 5; i++) {
        char name[64];

        snprintf(name, sizeof(name), "ctl.energy.%s", ev[i]);
        sum += harness_stat(s, name);
    }
    ck_assert_double_gt(harness_stat(s, "ctl.events.messages"), 0);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.messages"),
                            harness_stat(s, "ctl.events.messages") * 1e-12, 1e-20);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.lookup"),
                            harness_stat(s, "ctl.events.lookup") * 2e-12, 1e-20);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.leakage"),
                            5e-3 * harness_stat(s, "sim.seconds"), 1e-20);
    ck_assert_double_gt(harness_stat(s, "ctl.energy.lines"), 0);       /* still the model's */
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.dynamic"), sum, 1e-9 * sum);
    ck_assert_double_eq_tol(harness_stat(s, "ctl.energy.total"),
                            sum + harness_stat(s, "ctl.energy.leakage"), 1e-9 * sum);
    sim_close(s);
}
END_TEST

/* ------------------------------------------------ the check only looks */

/* ctl, a YAML map "{...}", with check_invariants set to on. */
static const char *checked(char *buf, size_t n, const char *ctl, bool on)
{
    snprintf(buf, n, "%.*s, check_invariants: %s}", (int)strlen(ctl) - 1, ctl,
             on ? "true" : "false");
    return buf;
}

/* The same random traffic with the check on and off: every statistic but
 * the check's own count is equal, energy events included (found by a user
 * review: each of the check's probes counted a tag_read in every cache it
 * passed, 2.7x the L1I tag reads of a 4-core run, and their energy). */
static void check_changes_no_stat(const char *ctl, bool l2, int at, int count, uint64_t seed)
{
    char on[256], off[256];
    struct sys y_on = {4, l2, checked(on, sizeof(on), ctl, true), "clean_evict: true", false};
    struct sys y_off = {4, l2, checked(off, sizeof(off), ctl, false), "clean_evict: true", false};
    sim_t *a = random_run(&y_on, at, count, seed);
    sim_t *b = random_run(&y_off, at, count, seed);
    int n = sim_stats_count(a);

    ck_assert_double_gt(harness_stat(a, "ctl.invariant_checks"), 0);
    ck_assert_double_eq(harness_stat(b, "ctl.invariant_checks"), 0);
    ck_assert_int_eq(sim_stats_count(b), n);
    for (int i = 0; i < n; i++) {
        const char *name = sim_stats_name(a, i);
        double va = sim_stats_value(a, i), vb = sim_stats_value(b, i);

        ck_assert_str_eq(sim_stats_name(b, i), name);
        if (strcmp(name, "ctl.invariant_checks") != 0)
            ck_assert_msg(va == vb || (isnan(va) && isnan(vb)),
                          "%s: %.17g with the check, %.17g without", name, va, vb);
    }
    sim_close(a);
    sim_close(b);
}

/* Bus (MESI, LT) and bus (MOESI, AT), directory LT and AT. */
START_TEST(test_coherence_check_changes_no_stat)
{
    const struct { const char *ctl; int at, count; } runs[] = {
        { BUS, 0, 5000 }, { BUS_MOESI, 1, 2000 }, { DIR, 0, 5000 }, { DIR, 1, 2000 },
    };

    check_changes_no_stat(runs[_i].ctl, true, runs[_i].at, runs[_i].count, 10 + (uint64_t)_i);
}
END_TEST

/* Clean victims (SIM_EVICT from caches with clean_evict) cross the bus or
 * the directory to an exclusive cache below, LT and AT: c0's 4-way,
 * one-set L1 evicts line 0 clean on its fifth line; the L3 takes it, and
 * c0's next read of it hits there instead of going to memory. */
START_TEST(test_coherence_clean_victims_reach_an_exclusive_cache)
{
    const char *ctl = _i % 2 ? DIR : BUS;
    int at = _i / 2;
    char buf[1024];
    sim_error err;
    sim_t *s;

    snprintf(buf, sizeof(buf),
             "components:\n"
             "  c0: {type: probe}\n"
             "  c1: {type: probe}\n"
             "  l1_0: {type: cache, size: 256B, assoc: 4, clean_evict: true}\n"
             "  l1_1: {type: cache, size: 256B, assoc: 4, clean_evict: true}\n"
             "  ctl: %s\n"
             "  l3: {type: cache, size: 4KiB, assoc: 4, inclusion: exclusive}\n"
             "  mem: {type: simple_mem, latency: 50ns}\n"
             "connections: [c0.out -> l1_0.cpu, c1.out -> l1_1.cpu, l1_0.mem -> ctl.cpu,\n"
             "  l1_1.mem -> ctl.cpu, ctl.snoop -> l1_0.snoop, ctl.snoop -> l1_1.snoop,\n"
             "  ctl.mem -> l3.cpu, l3.mem -> mem.in]\n", ctl);
    s = harness_open(buf);
    for (int i = 0; i < 6; i++) {
        uint64_t a = 64 * (uint64_t)(i % 5);        /* lines 0 1 2 3 4, then 0 again */

        if (at) {
            harness_send(s, "c0", SIM_READ, a, 8);
            ck_assert_msg(sim_run(s, SIM_UNTIL_EXIT, &err) >= 0, "%s", err.message);
        } else {
            rd(s, 0, a);
            idle(s);
        }
    }
    ck_assert_double_eq(harness_stat(s, "l1_0.clean_evictions"), 2);
    ck_assert_double_eq(harness_stat(s, "l3.victims_in"), 2);
    ck_assert_double_eq(harness_stat(s, "l3.hits"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 5);
    sim_close(s);
}
END_TEST

/* Snoops wired in reverse: cache 0's snoops go to cache 2 and back, so a
 * write by one does not invalidate the other and two caches end up owning
 * one line. The next transaction on it sees that and stops the run. */
START_TEST(test_coherence_check_catches_miswiring)
{
    struct sys y = {3, false, BUS, "", true};
    sim_t *s = harness_open(yaml_of(&y));
    sim_error err;

    wr(s, 0, 0x40);
    wr(s, 2, 0x40);                             /* l1_0 is not invalidated */
    ck_assert_double_eq(harness_stat(s, "ctl.invariant_violations"), 0);
    rd(s, 1, 0x40);
    ck_assert_double_ge(harness_stat(s, "ctl.invariant_violations"), 1);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_ESTATE);
    ck_assert_ptr_nonnull(strstr(err.message, "coherence invariant"));
    ck_assert_ptr_nonnull(strstr(err.message, "MIM"));
    sim_close(s);
}
END_TEST

START_TEST(test_coherence_rejects_unmatched_snoops)
{
    sim_error err;
    sim_t *s = harness_open_err(
        "components:\n"
        "  c0: {type: probe}\n"
        "  l1: {type: cache, size: 512B, assoc: 2}\n"
        "  bus: {type: snoopbus}\n"
        "  mem: {type: simple_mem}\n"
        "connections: [c0.out -> l1.cpu, l1.mem -> bus.cpu, bus.mem -> mem.in]\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err.message, "snoop"));
}
END_TEST

/* A count that does not match is reported at the first cpu connection
 * without its snoop partner (it had no position). */
START_TEST(test_coherence_unmatched_count_points_at_connection)
{
    sim_error err;
    sim_t *s = harness_open_err(
        "components:\n"
        "  c0: {type: probe}\n"
        "  c1: {type: probe}\n"
        "  l1a: {type: cache, size: 512B, assoc: 2}\n"
        "  l1b: {type: cache, size: 512B, assoc: 2}\n"
        "  bus: {type: snoopbus}\n"
        "  mem: {type: simple_mem}\n"
        "connections:\n"
        "  - c0.out -> l1a.cpu\n"
        "  - c1.out -> l1b.cpu\n"
        "  - l1a.mem -> bus.cpu\n"
        "  - l1b.mem -> bus.cpu\n"
        "  - bus.snoop -> l1a.snoop\n"
        "  - bus.mem -> mem.in\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_str_eq(err.file, "test.yaml");
    ck_assert_int_eq(err.line, 12);
    ck_assert_int_eq(err.column, 5);
    ck_assert_str_eq(err.message, "connections[3]: bus: 2 connections on cpu but 1 on snoop; "
                     "connect each cache's mem to cpu and snoop to its snoop port, in the same "
                     "order");
}
END_TEST

Suite *coherence_suite(void)
{
    Suite *s = suite_create("coherence");
    TCase *tc = tcase_create("coherence");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_coherence_mesi_sequence);
    tcase_add_test(tc, test_coherence_shared_read_gets_s);
    tcase_add_test(tc, test_coherence_moesi_keeps_owner);
    tcase_add_test(tc, test_coherence_bus_latency);
    tcase_add_test(tc, test_coherence_bus_contention_in_lt);
    tcase_add_test(tc, test_coherence_directory_sequence);
    tcase_add_test(tc, test_coherence_directory_latency);
    tcase_add_test(tc, test_coherence_directory_recalls);
    tcase_add_test(tc, test_coherence_directory_rejects_too_many_caches);
    tcase_add_test(tc, test_coherence_random_bus_mesi_lt);
    tcase_add_test(tc, test_coherence_random_bus_moesi_lt);
    tcase_add_test(tc, test_coherence_random_bus_mesi_at);
    tcase_add_test(tc, test_coherence_random_bus_moesi_at_two_levels);
    tcase_add_test(tc, test_coherence_random_bus_lt_two_levels);
    tcase_add_test(tc, test_coherence_random_directory_lt);
    tcase_add_test(tc, test_coherence_random_directory_silent_drops_lt);
    tcase_add_test(tc, test_coherence_random_directory_at);
    tcase_add_test(tc, test_coherence_random_directory_at_two_levels);
    tcase_add_test(tc, test_coherence_bus_energy_per_event);
    tcase_add_test(tc, test_coherence_directory_energy_per_event);
    tcase_add_loop_test(tc, test_coherence_energy_adds_up_and_config_wins, 0, 2);
    tcase_add_loop_test(tc, test_coherence_check_changes_no_stat, 0, 4);
    tcase_add_loop_test(tc, test_coherence_clean_victims_reach_an_exclusive_cache, 0, 4);
    tcase_add_test(tc, test_coherence_check_catches_miswiring);
    tcase_add_test(tc, test_coherence_rejects_unmatched_snoops);
    tcase_add_test(tc, test_coherence_unmatched_count_points_at_connection);
    suite_add_tcase(s, tc);
    return s;
}
