/* tests/unit/memsys/test_cache.c - the cache component through the kernel:
 * latencies in both timing styles, MSHR merging and limits, refusal and
 * retry, exact writeback counts and contents against a brute-force LRU
 * model, LT and AT agreeing on hits and misses, write policies, ports and
 * banks, inclusion (back-invalidation, exclusive victims), parameter errors.
 * Prefetch statistics are in test_cache_prefetch.c. */
#include <check.h>
#include <archsim/sim_tech.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"


/* harness_open, registering the cache type if the build does not list it. */
static void run(sim_t *s)
{
    sim_error err;
    int rc = sim_run(s, SIM_UNTIL_EXIT, &err);

    ck_assert_msg(rc >= 0, "%s", err.message);
}

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* 1 GHz default clock: a cycle is 1000 ps. */
static const char *one_level =
    "components:\n"
    "  cpu: {type: probe}\n"
    "  l1:  {type: cache, size: 1KiB, assoc: 2, tag_latency: 1, data_latency: 3}\n"
    "  mem: {type: simple_mem, latency: 50ns}\n"
    "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n";

/* ------------------------------------------------------- loosely-timed */

START_TEST(test_cache_second_read_hits)
{
    sim_t *s = harness_open(one_level);

    harness_read(s, "cpu", 0x1000);
    harness_read(s, "cpu", 0x1000);
    harness_read(s, "cpu", 0x1038);             /* same 64 B line */
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.hits"), 2);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 1);
    sim_close(s);
}
END_TEST

/* A slice of a cache interleaved over 4 sees only the chunks = k mod 4:
 * indexed by the line number it would use a quarter of its sets; with
 * slices: 4 the slice bits are left out of the index and all are used. 16
 * lines of slice 0 in a direct-mapped 16-set slice: all fit (the second
 * pass hits), or 4 to a set (it misses); by line and by 256 B chunks. */
START_TEST(test_cache_slice_uses_all_its_sets)
{
    static const struct { const char *cfg; uint64_t chunk; double hits; } t[] = {
        { "{type: cache, size: 1KiB, assoc: 1}", 64, 0 },
        { "{type: cache, size: 1KiB, assoc: 1, slices: 4}", 64, 16 },
        { "{type: cache, size: 1KiB, assoc: 1}", 256, 0 },
        { "{type: cache, size: 1KiB, assoc: 1, slices: 4, slice_interleave: 256B}", 256, 16 },
    };
    char yaml[512];

    for (int i = 0; i < SIM_COUNT(t); i++) {
        uint64_t per = t[i].chunk / 64;     /* lines in a chunk */
        sim_t *s;

        snprintf(yaml, sizeof(yaml), "components:\n  cpu: {type: probe}\n  l1: %s\n"
                 "  mem: {type: simple_mem, latency: 50ns}\n"
                 "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n", t[i].cfg);
        s = harness_open(yaml);
        for (int pass = 0; pass < 2; pass++)
            for (uint64_t k = 0; k < 16; k++)   /* line k of slice 0's chunks */
                harness_read(s, "cpu", k / per * 4 * t[i].chunk + k % per * 64);
        ck_assert_msg(harness_stat(s, "l1.hits") == t[i].hits, "case %d: %g hits", i,
                      harness_stat(s, "l1.hits"));
        sim_close(s);
    }
}
END_TEST

START_TEST(test_cache_lt_latency_is_tag_data_and_below)
{
    sim_t *s = harness_open(one_level);

    ck_assert_uint_eq(harness_read(s, "cpu", 0x40), 1000 + 50000);   /* tag + memory */
    ck_assert_uint_eq(harness_read(s, "cpu", 0x40), 4000);           /* tag + data */
    ck_assert_uint_eq(harness_write(s, "cpu", 0x40), 4000);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_parallel_lookup_latency)
{
    sim_t *s = harness_open(
        "components:\n"
        "  cpu: {type: probe}\n"
        "  l1:  {type: cache, size: 1KiB, assoc: 2, tag_latency: 2, data_latency: 3,\n"
        "        sequential: false}\n"
        "  mem: {type: simple_mem, latency: 20ns}\n"
        "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n");

    ck_assert_uint_eq(harness_read(s, "cpu", 0), 2000 + 20000);
    ck_assert_uint_eq(harness_read(s, "cpu", 0), 3000);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_two_levels_add_up)
{
    sim_t *s = harness_open(
        "components:\n"
        "  cpu: {type: probe}\n"
        "  l1:  {type: cache, size: 1KiB, assoc: 2, tag_latency: 1, data_latency: 2}\n"
        "  l2:  {type: cache, size: 8KiB, assoc: 4, tag_latency: 3, data_latency: 7}\n"
        "  mem: {type: simple_mem, latency: 40ns}\n"
        "connections: [cpu.out -> l1.cpu, l1.mem -> l2.cpu, l2.mem -> mem.in]\n");

    ck_assert_uint_eq(harness_read(s, "cpu", 0), 1000 + 3000 + 40000);
    ck_assert_uint_eq(harness_read(s, "cpu", 0), 3000);
    /* evict line 0 from the 2-way L1 set: lines 0, 512, 1024 share it */
    harness_read(s, "cpu", 512);
    harness_read(s, "cpu", 1024);
    ck_assert_uint_eq(harness_read(s, "cpu", 0), 1000 + 10000);       /* L1 miss, L2 hit */
    sim_close(s);
}
END_TEST

START_TEST(test_cache_writebacks_counted)
{
    sim_t *s = harness_open(one_level);

    /* 1 KiB, 2 ways, 64 B lines: 8 sets; 0, 512, 1024 share set 0 */
    harness_write(s, "cpu", 0);
    harness_read(s, "cpu", 512);
    harness_read(s, "cpu", 1024);               /* evicts dirty line 0 */
    ck_assert_double_eq(harness_stat(s, "l1.writebacks"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.writes"), 1);
    harness_read(s, "cpu", 0);                  /* evicts clean 512: no writeback */
    ck_assert_double_eq(harness_stat(s, "l1.writebacks"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.evictions"), 2);
    sim_close(s);
}
END_TEST

/* A brute-force LRU cache: each set a list of lines, most recent first. */
struct lru_ref {
    int sets, ways;
    uint64_t *line;                 /* sets * ways; UINT64_MAX empty */
    int *dirty;
    uint64_t hits, misses, writebacks;
};

static void lru_ref_access(struct lru_ref *r, uint64_t addr, int write)
{
    uint64_t line = addr / 64;
    int set = (int)(line % (uint64_t)r->sets), i, w = r->ways - 1, d;
    uint64_t *L = r->line + set * r->ways;
    int *D = r->dirty + set * r->ways;

    for (i = 0; i < r->ways; i++)
        if (L[i] == line)
            break;
    if (i < r->ways) {
        r->hits++;
        w = i;
        d = D[i] | write;
    } else {
        r->misses++;
        if (L[w] != UINT64_MAX && D[w])
            r->writebacks++;
        d = write;
    }
    for (i = w; i > 0; i--) {
        L[i] = L[i - 1];
        D[i] = D[i - 1];
    }
    L[0] = line;
    D[0] = d;
}

static const char *ref_cfg =
    "components:\n"
    "  cpu: {type: probe}\n"
    "  l1:  {type: cache, size: 2KiB, assoc: 4, replacement: lru}\n"
    "  mem: {type: simple_mem, latency: 10ns}\n"
    "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n";

START_TEST(test_cache_matches_lru_reference_lt)
{
    sim_t *s = harness_open(ref_cfg);
    struct lru_ref r = {8, 4, NULL, NULL, 0, 0, 0};
    uint64_t x = 42;

    r.line = malloc(32 * sizeof(*r.line));
    r.dirty = calloc(32, sizeof(int));
    for (int i = 0; i < 32; i++)
        r.line[i] = UINT64_MAX;
    for (int i = 0; i < 100000; i++) {
        uint64_t v = splitmix(&x);
        uint64_t addr = (v % 96) * 64 + (v >> 40) % 64;   /* 96 lines over 32 */
        int write = (v >> 20) % 3 == 0;
        double before = harness_stat(s, "l1.hits");

        if (write)
            harness_write(s, "cpu", addr);
        else
            harness_read(s, "cpu", addr);
        {
            uint64_t h0 = r.hits;

            lru_ref_access(&r, addr, write);
            ck_assert_msg((harness_stat(s, "l1.hits") - before == 1) == (r.hits - h0 == 1),
                          "access %d to %llx: cache and reference disagree", i,
                          (unsigned long long)addr);
        }
    }
    ck_assert_double_eq(harness_stat(s, "l1.hits"), (double)r.hits);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), (double)r.misses);
    ck_assert_double_eq(harness_stat(s, "l1.writebacks"), (double)r.writebacks);
    ck_assert_double_eq(harness_stat(s, "mem.writes"), (double)r.writebacks);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), (double)r.misses);
    free(r.line);
    free(r.dirty);
    sim_close(s);
}
END_TEST

/* ------------------------------------------------- approximately-timed */

static const char *at_cfg =
    "components:\n"
    "  cpu: {type: probe}\n"
    "  l1:  {type: cache, size: 1KiB, assoc: 2, tag_latency: 1, data_latency: 3,\n"
    "        mshrs: 2, mshr_targets: 2, queue: 4}\n"
    "  mem: {type: simple_mem, latency: 50ns}\n"
    "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n";

START_TEST(test_cache_at_latency_matches_lt)
{
    sim_t *s = harness_open(at_cfg);

    harness_send(s, "cpu", SIM_READ, 0x40, 8);
    run(s);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 1);
    ck_assert_uint_eq(harness_resp(s, "cpu", 0)->done - harness_resp(s, "cpu", 0)->issued,
                      1000 + 50000);
    harness_send(s, "cpu", SIM_READ, 0x40, 8);
    run(s);
    ck_assert_uint_eq(harness_resp(s, "cpu", 1)->done - harness_resp(s, "cpu", 1)->issued, 4000);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_mshr_merges_misses_to_one_line)
{
    sim_t *s = harness_open(at_cfg);

    harness_send(s, "cpu", SIM_READ, 0x80, 8);
    harness_send(s, "cpu", SIM_READ, 0x88, 8);     /* same line: merges */
    run(s);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.mshr_merges"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.hits"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 1);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 2);
    /* both answered by the one fill */
    ck_assert_uint_eq(harness_resp(s, "cpu", 0)->done, 51000);
    ck_assert_uint_eq(harness_resp(s, "cpu", 1)->done, 51000);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_mshr_targets_limit_stalls)
{
    sim_t *s = harness_open(at_cfg);

    /* 2 targets per entry: the third request waits for the fill, then hits */
    for (int i = 0; i < 3; i++)
        harness_send(s, "cpu", SIM_READ, 0x100 + 8 * (uint64_t)i, 8);
    run(s);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.mshr_merges"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.hits"), 2);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 1);
    ck_assert_double_ge(harness_stat(s, "l1.mshr_stalls"), 1);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 3);
    ck_assert_uint_eq(harness_resp(s, "cpu", 1)->done, 51000);
    /* the fill lands at 50 ns and wakes the queue at that edge: a hit */
    ck_assert_uint_eq(harness_resp(s, "cpu", 2)->done, 50000 + 4000);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_mshr_entries_limit_outstanding_misses)
{
    sim_t *s = harness_open(at_cfg);

    /* 2 MSHRs: the third distinct line waits for a fill */
    for (int i = 0; i < 3; i++)
        harness_send(s, "cpu", SIM_READ, 0x1000 + 64 * (uint64_t)i, 8);
    run(s);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 3);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 3);
    ck_assert_uint_eq(harness_resp(s, "cpu", 0)->done, 51000);
    /* one port: the second miss starts a cycle later */
    ck_assert_uint_eq(harness_resp(s, "cpu", 1)->done, 52000);
    /* the third takes the MSHR the first fill frees at 50 ns */
    ck_assert_uint_eq(harness_resp(s, "cpu", 2)->done, 50000 + 51000);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_full_queue_refuses_then_retries)
{
    sim_t *s = harness_open(at_cfg);

    for (int i = 0; i < 20; i++)
        harness_send(s, "cpu", SIM_READ, 0x10000 + 64 * (uint64_t)i, 8);
    run(s);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 20);
    ck_assert_int_gt(harness_n_refused(s, "cpu"), 0);
    ck_assert_double_gt(harness_stat(s, "l1.refused"), 0);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 20);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_ports_and_banks)
{
    sim_t *s = harness_open(
        "components:\n"
        "  cpu: {type: probe}\n"
        "  l1:  {type: cache, size: 1KiB, assoc: 2, tag_latency: 1, data_latency: 1,\n"
        "        ports: 2, banks: 2}\n"
        "  mem: {type: simple_mem, latency: 10ns}\n"
        "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n");
    static const uint64_t lines[] = {0, 1, 3, 2, 4, 6};  /* banks 0 1 1 0 0 0 */
    sim_tick t0;

    for (int i = 0; i < 6; i++)
        harness_read(s, "cpu", lines[i] * 64);          /* warm: all hit later */
    t0 = sim_now(s);
    for (int i = 0; i < 6; i++)
        harness_send(s, "cpu", SIM_READ, lines[i] * 64, 8);
    run(s);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 6);
    /* cycle 0: lines 0 (bank 0) and 1 (bank 1); cycle 1: 3 (bank 1) and 2
     * (bank 0); cycle 2: 4; cycle 3: 6 (bank 0 again) */
    ck_assert_uint_eq(harness_resp(s, "cpu", 0)->done - t0, 2000);
    ck_assert_uint_eq(harness_resp(s, "cpu", 1)->done - t0, 2000);
    ck_assert_uint_eq(harness_resp(s, "cpu", 2)->done - t0, 3000);
    ck_assert_uint_eq(harness_resp(s, "cpu", 3)->done - t0, 3000);
    ck_assert_uint_eq(harness_resp(s, "cpu", 4)->done - t0, 4000);
    ck_assert_uint_eq(harness_resp(s, "cpu", 5)->done - t0, 5000);
    sim_close(s);
}
END_TEST

/* The same random stream through LT and through AT: the same counts. */
static void same_counts(const char *cfg, uint64_t lines, int n, int serial)
{
    sim_t *lt = harness_open(cfg), *at = harness_open(cfg);
    uint64_t x = 9;
    static const char *const names[] = {"l1.hits", "l1.misses", "l1.writebacks", "mem.reads",
                                        "mem.writes"};

    for (int i = 0; i < n; i++) {
        uint64_t v = splitmix(&x);
        uint64_t addr = (v % lines) * 64;
        int cmd = (v >> 32) % 4 == 0 ? SIM_WRITE : SIM_READ;

        harness_access(lt, "cpu", cmd, addr, 8);
        harness_send(at, "cpu", cmd, addr, 8);
        if (serial || i % 64 == 63)
            run(at);
    }
    run(at);
    ck_assert_int_eq(harness_n_resp(at, "cpu"), serial ? n : n);
    for (int i = 0; i < 5; i++)
        ck_assert_msg(harness_stat(lt, names[i]) == harness_stat(at, names[i]), "%s: LT %g, AT %g", names[i],
                      harness_stat(lt, names[i]), harness_stat(at, names[i]));
    sim_close(lt);
    sim_close(at);
}

START_TEST(test_cache_lt_and_at_count_alike_fitting)
{
    /* 16 lines in a 32-line cache: no evictions, many merges in AT */
    same_counts(at_cfg, 16, 3000, 0);
}
END_TEST

START_TEST(test_cache_lt_and_at_count_alike_serial)
{
    same_counts(ref_cfg, 200, 3000, 1);
}
END_TEST

/* ------------------------------------------------------- write policies */

START_TEST(test_cache_write_through_no_allocate)
{
    sim_t *s = harness_open(
        "components:\n"
        "  cpu: {type: probe}\n"
        "  l1:  {type: cache, size: 1KiB, assoc: 2, write_policy: write_through,\n"
        "        write_allocate: false}\n"
        "  mem: {type: simple_mem, latency: 10ns}\n"
        "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n");

    harness_write(s, "cpu", 0);                 /* around: not allocated */
    ck_assert_double_eq(harness_stat(s, "mem.writes"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 0);
    harness_read(s, "cpu", 0);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 2);
    harness_write(s, "cpu", 0);                 /* hit: written through */
    ck_assert_double_eq(harness_stat(s, "l1.hits"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.writes"), 2);
    harness_read(s, "cpu", 512);
    harness_read(s, "cpu", 1024);               /* evicts line 0: clean */
    ck_assert_double_eq(harness_stat(s, "l1.writebacks"), 0);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_write_back_no_allocate)
{
    sim_t *s = harness_open(
        "components:\n"
        "  cpu: {type: probe}\n"
        "  l1:  {type: cache, size: 1KiB, assoc: 2, write_allocate: false}\n"
        "  mem: {type: simple_mem, latency: 10ns}\n"
        "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n");

    harness_send(s, "cpu", SIM_WRITE, 0, 8);    /* AT write around */
    run(s);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 1);
    ck_assert_uint_eq(harness_resp(s, "cpu", 0)->done, 1000 + 10000);
    ck_assert_double_eq(harness_stat(s, "mem.writes"), 1);
    harness_read(s, "cpu", 0);
    harness_write(s, "cpu", 0);                 /* hit: dirty, nothing sent */
    ck_assert_double_eq(harness_stat(s, "mem.writes"), 1);
    sim_close(s);
}
END_TEST

/* --------------------------------------------------------------- inclusion */

static const char *two_level_fmt =
    "components:\n"
    "  cpu: {type: probe}\n"
    "  l1:  {type: cache, size: 256B, assoc: 4, clean_evict: %s}\n"
    "  l2:  {type: cache, size: 256B, assoc: 1, inclusion: %s}\n"
    "  mem: {type: simple_mem, latency: 10ns}\n"
    "connections: [cpu.out -> l1.cpu, l1.mem -> l2.cpu, l2.mem -> mem.in,\n"
    "              l2.inval -> l1.snoop]\n";

static sim_t *two_level(const char *inclusion, const char *clean_evict)
{
    char buf[1024];

    snprintf(buf, sizeof(buf), two_level_fmt, clean_evict, inclusion);
    return harness_open(buf);
}

START_TEST(test_cache_inclusive_back_invalidates)
{
    sim_t *s = two_level("inclusive", "false");

    /* L1: one set of 4 ways; L2: 4 direct-mapped sets: 0 and 256 collide */
    harness_read(s, "cpu", 0);
    harness_read(s, "cpu", 256);                /* L2 evicts 0: L1 loses it too */
    ck_assert_double_eq(harness_stat(s, "l2.back_invalidations"), 1);
    ck_assert_double_eq(harness_stat(s, "l1.snoop_invalidations"), 1);
    harness_read(s, "cpu", 0);
    ck_assert_double_eq(harness_stat(s, "l1.hits"), 0);
    ck_assert_double_eq(harness_stat(s, "l1.misses"), 3);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_inclusive_back_invalidation_writes_back_dirty)
{
    sim_t *s = two_level("inclusive", "false");

    harness_read(s, "cpu", 0);                  /* E in both */
    harness_write(s, "cpu", 0);                 /* E -> M in L1 only, silently */
    ck_assert_double_eq(harness_stat(s, "l2.victims_in"), 0);
    harness_read(s, "cpu", 256);
    ck_assert_double_eq(harness_stat(s, "l2.writebacks"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.writes"), 1);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_non_inclusive_keeps_upper_lines)
{
    sim_t *s = two_level("non_inclusive", "false");

    harness_read(s, "cpu", 0);
    harness_read(s, "cpu", 256);
    harness_read(s, "cpu", 0);
    ck_assert_double_eq(harness_stat(s, "l2.back_invalidations"), 0);
    ck_assert_double_eq(harness_stat(s, "l1.hits"), 1);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_exclusive_holds_victims_only)
{
    sim_t *s = two_level("exclusive", "true");

    /* five lines in L1's one 4-way set: line 0 is evicted into L2 */
    for (int i = 0; i < 5; i++)
        harness_read(s, "cpu", 64 * (uint64_t)i);
    ck_assert_double_eq(harness_stat(s, "l2.misses"), 5);
    ck_assert_double_eq(harness_stat(s, "l2.victims_in"), 1);
    /* line 0 comes back from L2 without memory, and leaves L2 */
    harness_read(s, "cpu", 0);
    ck_assert_double_eq(harness_stat(s, "l2.hits"), 1);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 5);
    /* L1 now holds 2 3 4 0 (oldest first). Lines 5 6 7 miss everywhere and
     * push 2 3 4 down; 4 lands in L2 set 0, which line 0 has left, so
     * nothing is evicted there. */
    harness_read(s, "cpu", 320);
    harness_read(s, "cpu", 384);
    harness_read(s, "cpu", 448);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 8);
    ck_assert_double_eq(harness_stat(s, "l2.victims_in"), 5);
    ck_assert_double_eq(harness_stat(s, "l2.evictions"), 0);
    /* victims are kept: line 1 went down when 0 came up */
    harness_read(s, "cpu", 64);
    ck_assert_double_eq(harness_stat(s, "l2.hits"), 2);
    ck_assert_double_eq(harness_stat(s, "mem.reads"), 8);
    sim_close(s);
}
END_TEST

/* An inclusive cache with a cache above and no inval connection cannot
 * keep inclusion: a configuration error naming the connection to make
 * (it warned, then counted the victims that missed it nowhere). With
 * nothing but a core or a probe above, inclusion holds by itself. */
START_TEST(test_cache_inclusive_needs_inval)
{
    sim_error err;
    sim_t *s = harness_open_err(
        "components:\n"
        "  cpu: {type: probe}\n"
        "  l1:  {type: cache, size: 1KiB}\n"
        "  l2:  {type: cache, size: 4KiB, inclusion: inclusive}\n"
        "  mem: {type: simple_mem}\n"
        "connections: [cpu.out -> l1.cpu, l1.mem -> l2.cpu, l2.mem -> mem.in]\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_eq(err.line, 4);
    ck_assert_msg(strstr(err.message, "connect l2.inval -> l1.snoop"), "%s", err.message);
    s = harness_open("components:\n"
                     "  cpu: {type: probe}\n"
                     "  l2:  {type: cache, size: 4KiB, inclusion: inclusive}\n"
                     "  mem: {type: simple_mem}\n"
                     "connections: [cpu.out -> l2.cpu, l2.mem -> mem.in]\n");
    sim_close(s);
}
END_TEST

/* Stores that miss in the L1 ask the L2 for ownership; the L2 keeps its
 * copy clean (the L1 has the dirty data), so a line is written to memory
 * once, by whichever level evicts the dirty copy. A 1 MiB L1 over a 32 KiB
 * L2, 4096 stores over 256 KiB: the L1 evicts nothing, so memory is never
 * written (the L2 wrote back 3584 stale lines, marked dirty by the
 * requests); a 32 KiB L1: the L2 writes back exactly the L1's write-backs
 * that reach it (it wrote them twice). Both timing styles. */
START_TEST(test_cache_ownership_for_above_is_clean_here)
{
    for (int at = 0; at < 2; at++)
        for (int small = 0; small < 2; small++) {
            char buf[1024];
            sim_t *s;

            snprintf(buf, sizeof(buf), "components:\n"
                     "  gen: {type: trafficgen, pattern: linear, range: 256KiB, size: 64B,\n"
                     "        read_fraction: 0, count: 4096, outstanding: 1, mode: %s}\n"
                     "  l1: {type: cache, size: %s, assoc: 8}\n"
                     "  l2: {type: cache, size: 32KiB, assoc: 8}\n"
                     "  mem: {type: simple_mem, latency: 50ns}\n"
                     "connections: [gen.out -> l1.cpu, l1.mem -> l2.cpu, l2.mem -> mem.in]\n",
                     at ? "at" : "lt", small ? "32KiB" : "1MiB");
            s = harness_open(buf);
            ck_assert_int_ge(sim_run(s, SIM_UNTIL_EXIT, NULL), 0);
            if (!small)
                ck_assert_msg(harness_stat(s, "mem.writes") == 0, "%s: %g memory writes",
                              at ? "at" : "lt", harness_stat(s, "mem.writes"));
            else
                ck_assert_msg(harness_stat(s, "mem.writes") <= harness_stat(s, "l1.writebacks"),
                              "%s: %g memory writes for %g L1 write-backs", at ? "at" : "lt",
                              harness_stat(s, "mem.writes"), harness_stat(s, "l1.writebacks"));
            sim_close(s);
        }
}
END_TEST

/* An exclusive cache under one that drops its clean victims would hold only
 * dirty lines: a configuration error naming the cache above, directly
 * above or through a crossbar. */
START_TEST(test_cache_exclusive_needs_clean_victims)
{
    sim_error err;
    char buf[1024];
    sim_t *s;

    snprintf(buf, sizeof(buf), two_level_fmt, "false", "exclusive");
    s = harness_open_err(buf, &err);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_eq(err.line, 4);                      /* l2's inclusion */
    ck_assert_msg(strstr(err.message, "set l1.clean_evict: true"), "%s", err.message);
    s = harness_open_err(
        "components:\n"
        "  fe:  {type: probe}\n"
        "  cpu: {type: probe}\n"
        "  l1i: {type: cache, size: 1KiB, clean_evict: true}\n"
        "  l1d: {type: cache, size: 1KiB}\n"
        "  x:   {type: xbar}\n"
        "  l2:  {type: cache, size: 4KiB, inclusion: exclusive}\n"
        "  mem: {type: simple_mem}\n"
        "connections: [fe.out -> l1i.cpu, cpu.out -> l1d.cpu, l1i.mem -> x.in, l1d.mem -> x.in,\n"
        "              x.out -> l2.cpu, l2.mem -> mem.in]\n", &err);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(err.message, "set l1d.clean_evict: true"), "%s", err.message);
    s = two_level("exclusive", "true");
    sim_close(s);
}
END_TEST

/* A cache behind an interconnect that interleaves over n outputs must be
 * one of n slices at the same interleave when the bits that pick it fall
 * in its set index; otherwise any slicing is allowed only as slices: 1. */
START_TEST(test_cache_slices_must_match_the_interleave)
{
    static const struct { int outs; const char *x, *l2; const char *err; } t[] = {
        { 4, "interleave: 64B", "slices: 4", NULL },
        { 4, "interleave: 64B", "slices: 1", "set slices: 4 and slice_interleave: 64B" },
        { 4, "interleave: 256B", "slices: 4", "set slices: 4 and slice_interleave: 256B" },
        { 4, "interleave: 256B", "slices: 4, slice_interleave: 256B", NULL },
        { 2, "interleave: 64B", "slices: 4", "set slices: 2" },
        { 4, "interleave: 4KiB", "slices: 1", NULL },   /* above the 4 KiB set index */
        { 3, "interleave: 64B", "slices: 1", NULL },    /* no bits pick an output */
        { 3, "interleave: 64B", "slices: 2", "slices must be 1" },
        { 1, "interleave: 64B", "slices: 1", NULL },
    };

    for (int i = 0; i < SIM_COUNT(t); i++) {
        char buf[2048];
        int k = 0;
        sim_error err;
        sim_t *s;

        k += snprintf(buf + k, sizeof(buf) - k, "components:\n  cpu: {type: probe}\n"
                      "  x: {type: xbar, %s}\n  mem: {type: simple_mem}\n", t[i].x);
        for (int j = 0; j < t[i].outs; j++)
            k += snprintf(buf + k, sizeof(buf) - k, "  l2_%d: {type: cache, size: 16KiB, "
                          "assoc: 4, %s}\n", j, t[i].l2);
        k += snprintf(buf + k, sizeof(buf) - k, "connections:\n  - cpu.out -> x.in\n");
        for (int j = 0; j < t[i].outs; j++)
            k += snprintf(buf + k, sizeof(buf) - k, "  - x.out -> l2_%d.cpu\n"
                          "  - l2_%d.mem -> mem.in\n", j, j);
        s = harness_open_err(buf, &err);
        if (!t[i].err) {
            ck_assert_msg(s != NULL, "case %d: %s", i, err.message);
            sim_close(s);
            continue;
        }
        ck_assert_msg(s == NULL, "case %d: accepted", i);
        ck_assert_int_eq(err.code, SIM_ECONFIG);
        ck_assert_int_eq(err.line, 5);                  /* l2_0's map */
        ck_assert_msg(strstr(err.message, "l2_0.slices") && strstr(err.message, t[i].err),
                      "case %d: %s", i, err.message);
    }
}
END_TEST

/* ----------------------------------------------------------------- energy */

START_TEST(test_cache_energy_from_sram_model)
{
    sim_t *s = harness_open(
        "energy: {node: 22, vdd: 0.8V}\n"
        "components:\n"
        "  cpu: {type: probe}\n"
        "  l1:  {type: cache, size: 32KiB, assoc: 8}\n"
        "  mem: {type: simple_mem, latency: 10ns}\n"
        "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n");
    sim_sram_spec sp = {.size_bytes = 32768, .line_bytes = 64, .assoc = 8, .ports = 1,
                        .sequential = 1};
    sim_tech tech = {22, 0.8, 360};
    sim_sram_result r;
    sim_error err;

    ck_assert_int_eq(sim_sram_model(&sp, &tech, &r, &err), 0);
    for (int i = 0; i < 10; i++)
        harness_read(s, "cpu", 0x40);           /* 10 lookups, 9 hits, 1 fill */
    ck_assert_double_eq_tol(harness_stat(s, "l1.energy.tag_read"), 10 * r.tag_read_j, 1e-18);
    ck_assert_double_eq_tol(harness_stat(s, "l1.energy.data_read"), 9 * (r.read_j - r.tag_read_j),
                            1e-18);
    ck_assert_double_eq_tol(harness_stat(s, "l1.energy.data_write"), 1 * (r.write_j - r.tag_read_j),
                            1e-18);
    ck_assert_double_gt(r.tag_read_j, 0);
    ck_assert_double_gt(r.read_j, r.tag_read_j);
    sim_close(s);
}
END_TEST

START_TEST(test_cache_energy_config_overrides_model)
{
    sim_t *s = harness_open(
        "components:\n"
        "  cpu: {type: probe}\n"
        "  l1:  {type: cache, size: 32KiB, assoc: 8, energy: {tag_read: 5pJ}}\n"
        "  mem: {type: simple_mem, latency: 10ns}\n"
        "connections: [cpu.out -> l1.cpu, l1.mem -> mem.in]\n");

    for (int i = 0; i < 4; i++)
        harness_read(s, "cpu", 0x40);
    ck_assert_double_eq_tol(harness_stat(s, "l1.energy.tag_read"), 4 * 5e-12, 1e-20);
    ck_assert_double_gt(harness_stat(s, "l1.energy.data_read"), 0);    /* still the model's */
    sim_close(s);
}
END_TEST

/* ----------------------------------------------------------------- errors */

START_TEST(test_cache_rejects_zero_sets)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n  l1: {type: cache, size: 256B, assoc: 8}\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_eq(err.line, 2);
    ck_assert_ptr_nonnull(strstr(err.message, "size"));
}
END_TEST

START_TEST(test_cache_rejects_unknown_policy)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n  l1: {type: cache, replacement: lfu}\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "replacement"));
    ck_assert_ptr_nonnull(strstr(err.message, "srrip"));
}
END_TEST

START_TEST(test_cache_rejects_plru_with_odd_ways)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n  l1: {type: cache, size: 12KiB, assoc: 3, "
                        "replacement: plru}\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err.message, "power-of-two"));
}
END_TEST

START_TEST(test_cache_rejects_unknown_prefetcher)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n  l1: {type: cache, prefetcher: markov}\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err.message, "prefetcher"));
    ck_assert_ptr_nonnull(strstr(err.message, "next_line"));
}
END_TEST

Suite *cache_suite(void)
{
    Suite *s = suite_create("cache");
    TCase *tc = tcase_create("cache");

    tcase_add_test(tc, test_cache_second_read_hits);
    tcase_add_test(tc, test_cache_slice_uses_all_its_sets);
    tcase_add_test(tc, test_cache_lt_latency_is_tag_data_and_below);
    tcase_add_test(tc, test_cache_parallel_lookup_latency);
    tcase_add_test(tc, test_cache_two_levels_add_up);
    tcase_add_test(tc, test_cache_writebacks_counted);
    tcase_add_test(tc, test_cache_matches_lru_reference_lt);
    tcase_add_test(tc, test_cache_at_latency_matches_lt);
    tcase_add_test(tc, test_cache_mshr_merges_misses_to_one_line);
    tcase_add_test(tc, test_cache_mshr_targets_limit_stalls);
    tcase_add_test(tc, test_cache_mshr_entries_limit_outstanding_misses);
    tcase_add_test(tc, test_cache_full_queue_refuses_then_retries);
    tcase_add_test(tc, test_cache_ports_and_banks);
    tcase_add_test(tc, test_cache_lt_and_at_count_alike_fitting);
    tcase_add_test(tc, test_cache_lt_and_at_count_alike_serial);
    tcase_add_test(tc, test_cache_write_through_no_allocate);
    tcase_add_test(tc, test_cache_write_back_no_allocate);
    tcase_add_test(tc, test_cache_inclusive_back_invalidates);
    tcase_add_test(tc, test_cache_inclusive_back_invalidation_writes_back_dirty);
    tcase_add_test(tc, test_cache_non_inclusive_keeps_upper_lines);
    tcase_add_test(tc, test_cache_exclusive_holds_victims_only);
    tcase_add_test(tc, test_cache_exclusive_needs_clean_victims);
    tcase_add_test(tc, test_cache_ownership_for_above_is_clean_here);
    tcase_add_test(tc, test_cache_inclusive_needs_inval);
    tcase_add_test(tc, test_cache_slices_must_match_the_interleave);
    tcase_add_test(tc, test_cache_energy_from_sram_model);
    tcase_add_test(tc, test_cache_energy_config_overrides_model);
    tcase_add_test(tc, test_cache_rejects_zero_sets);
    tcase_add_test(tc, test_cache_rejects_unknown_policy);
    tcase_add_test(tc, test_cache_rejects_plru_with_odd_ways);
    tcase_add_test(tc, test_cache_rejects_unknown_prefetcher);
    suite_add_tcase(s, tc);
    return s;
}
