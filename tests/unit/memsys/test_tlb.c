/* tests/unit/memsys/test_tlb.c - the `tlb`, timed by hand against two
 * simple memories: data behind `mem` answer in 10 ns, page-table entries
 * behind `walk` in 20 ns (1 GHz clock). A cold page walks all four levels
 * (80 ns); a page next to it walks one level (the page-walk cache holds
 * the level-1 entry); a page in another 2 MiB region walks two; a hit adds
 * nothing; a second-level hit adds l2_latency; 2 MiB pages walk three
 * levels. The page tables' layout shows through a cache on the walk path
 * (eight entries a line). Approximately-timed: the same latencies, misses
 * to one page share a walk, walks beyond `walkers` wait, a full queue
 * refuses and takes the request again when one leaves. Energy: a fully
 * associative array is priced as a tag search and one entry read. Bad
 * geometry is rejected naming the parameter. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

#define NS 1000ull
#define PAGE 4096ull
#define REGION (2ull << 20)         /* what one level-1 entry maps */

static sim_t *open_tlb(const char *tlb_params)
{
    char yaml[1024];

    snprintf(yaml, sizeof(yaml),
             "clocks: {default: 1GHz}\n"
             "components:\n"
             "  cpu:  {type: probe}\n"
             "  tlb:  {type: tlb, %s}\n"
             "  dmem: {type: simple_mem, latency: 10ns, queue: 64}\n"
             "  pmem: {type: simple_mem, latency: 20ns, queue: 64}\n"
             "connections: [cpu.out -> tlb.cpu, tlb.mem -> dmem.in, tlb.walk -> pmem.in]\n",
             tlb_params);
    return harness_open(yaml);
}

START_TEST(test_tlb_walk_levels_lt)
{
    sim_t *s = open_tlb("entries: 64, assoc: 4");

    ck_assert_uint_eq(harness_read(s, "cpu", 0x10000), 4 * 20 * NS + 10 * NS);
    ck_assert_uint_eq(harness_read(s, "cpu", 0x10008), 10 * NS);          /* hit */
    ck_assert_uint_eq(harness_read(s, "cpu", 0x10000 + PAGE), 20 * NS + 10 * NS);
    ck_assert_uint_eq(harness_read(s, "cpu", 0x10000 + REGION), 2 * 20 * NS + 10 * NS);
    ck_assert_uint_eq(harness_read(s, "cpu", 0x10000 + (1ull << 30)), 3 * 20 * NS + 10 * NS);
    ck_assert_double_eq(harness_stat(s, "tlb.accesses"), 5);
    ck_assert_double_eq(harness_stat(s, "tlb.hits"), 1);
    ck_assert_double_eq(harness_stat(s, "tlb.walks"), 4);
    ck_assert_double_eq(harness_stat(s, "tlb.walk_reads"), 4 + 1 + 2 + 3);
    ck_assert_double_eq(harness_stat(s, "tlb.pwc_hits"), 3);
    ck_assert_double_eq(harness_stat(s, "pmem.reads"), 10);
    ck_assert_double_eq(harness_stat(s, "dmem.reads"), 5);
    sim_close(s);
}
END_TEST

/* Without page-walk caches every walk reads every level. */
START_TEST(test_tlb_no_pwc_lt)
{
    sim_t *s = open_tlb("entries: 64, assoc: 4, pwc_entries: 0, levels: 3");

    ck_assert_uint_eq(harness_read(s, "cpu", 0), 3 * 20 * NS + 10 * NS);
    ck_assert_uint_eq(harness_read(s, "cpu", PAGE), 3 * 20 * NS + 10 * NS);
    ck_assert_double_eq(harness_stat(s, "tlb.pwc_hits"), 0);
    sim_close(s);
}
END_TEST

/* 4 entries in one set: a fifth page evicts the least recently used; it
 * then hits in the second level, l2_latency (7 cycles) later. */
START_TEST(test_tlb_second_level_lt)
{
    sim_t *s = open_tlb("entries: 4, assoc: 4, l2_entries: 64, l2_assoc: 4, l2_latency: 7");

    for (uint64_t p = 0; p < 5; p++)
        harness_read(s, "cpu", p * PAGE);
    ck_assert_uint_eq(harness_read(s, "cpu", 4 * PAGE), 10 * NS);          /* L1 hit */
    ck_assert_uint_eq(harness_read(s, "cpu", 0), 7 * NS + 10 * NS);        /* L2 hit */
    ck_assert_double_eq(harness_stat(s, "tlb.l2_hits"), 1);
    ck_assert_double_eq(harness_stat(s, "tlb.walks"), 5);
    sim_close(s);
}
END_TEST

/* 2 MiB pages: the leaf is the level-1 entry, so a cold walk reads three
 * levels, and every address of the 2 MiB page hits. */
START_TEST(test_tlb_huge_pages_lt)
{
    sim_t *s = open_tlb("entries: 64, assoc: 4, page: 2MiB");

    ck_assert_uint_eq(harness_read(s, "cpu", 0), 3 * 20 * NS + 10 * NS);
    ck_assert_uint_eq(harness_read(s, "cpu", REGION - 64), 10 * NS);
    ck_assert_uint_eq(harness_read(s, "cpu", REGION), 20 * NS + 10 * NS);  /* level-2 PWC */
    sim_close(s);
}
END_TEST

/* The page tables through a cache (1-cycle hit, 64 B lines, pmem behind):
 * page 1's four entries sit in the lines page 0's walk brought in (its
 * leaf entry is the next 8 B); page 8's leaf entry is in the next line. */
START_TEST(test_tlb_page_table_layout)
{
    sim_t *s = harness_open(
        "clocks: {default: 1GHz}\n"
        "components:\n"
        "  cpu:  {type: probe}\n"
        "  tlb:  {type: tlb, pwc_entries: 0}\n"
        "  pc:   {type: cache, size: 4KiB, assoc: 4, tag_latency: 1, data_latency: 0}\n"
        "  dmem: {type: simple_mem, latency: 10ns}\n"
        "  pmem: {type: simple_mem, latency: 20ns}\n"
        "connections: [cpu.out -> tlb.cpu, tlb.mem -> dmem.in, tlb.walk -> pc.cpu, "
        "pc.mem -> pmem.in]\n");
    sim_tick miss = harness_read(s, "cpu", 0) - 10 * NS;

    ck_assert_uint_eq(miss % 4, 0);
    ck_assert_uint_gt(miss / 4, 20 * NS);
    ck_assert_uint_eq(harness_read(s, "cpu", PAGE), 4 * 1 * NS + 10 * NS);
    ck_assert_uint_eq(harness_read(s, "cpu", 8 * PAGE), 3 * 1 * NS + miss / 4 + 10 * NS);
    ck_assert_double_eq(harness_stat(s, "pc.misses"), 5);
    sim_close(s);
}
END_TEST

/* Approximately-timed: the same times as loosely-timed. */
START_TEST(test_tlb_walk_at)
{
    sim_t *s = open_tlb("entries: 64, assoc: 4");

    harness_send(s, "cpu", SIM_READ, 0x10000, 8);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    harness_send(s, "cpu", SIM_READ, 0x10000 + PAGE, 8);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    harness_send(s, "cpu", SIM_READ, 0x10008, 8);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 3);
    ck_assert_uint_eq(harness_lat(s, "cpu", 0), 4 * 20 * NS + 10 * NS);
    ck_assert_uint_eq(harness_lat(s, "cpu", 1), 20 * NS + 10 * NS);
    ck_assert_uint_eq(harness_lat(s, "cpu", 2), 10 * NS);
    sim_close(s);
}
END_TEST

/* Approximately-timed, a second-level hit fills the first level when its
 * l2_latency is over: a request to the same page in the meantime misses
 * the first level too and waits its own l2_latency, not overtaking the
 * first (it hit the first level at once and was answered in 10 ns). */
START_TEST(test_tlb_second_level_hit_fills_after_its_latency_at)
{
    sim_t *s = open_tlb("entries: 4, assoc: 4, l2_entries: 64, l2_assoc: 4, l2_latency: 7");

    for (uint64_t p = 0; p < 5; p++) {         /* page 0 leaves the first level */
        harness_send(s, "cpu", SIM_READ, p * PAGE, 8);
        sim_run(s, SIM_UNTIL_EXIT, NULL);
    }
    harness_send(s, "cpu", SIM_READ, 0, 8);
    sim_run_for(s, SIM_UNTIL_TICKS, 2 * NS, NULL);
    harness_send(s, "cpu", SIM_READ, 8, 8);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 7);
    ck_assert_uint_eq(harness_lat(s, "cpu", 5), 7 * NS + 10 * NS);
    ck_assert_uint_eq(harness_lat(s, "cpu", 6), 7 * NS + 10 * NS);
    ck_assert_double_eq(harness_stat(s, "tlb.l2_hits"), 2);
    /* filled: the next one hits the first level */
    harness_send(s, "cpu", SIM_READ, 16, 8);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_uint_eq(harness_lat(s, "cpu", 7), 10 * NS);
    sim_close(s);
}
END_TEST

/* Two misses to one page share its walk: one walk, both answered once the
 * translation is there. */
START_TEST(test_tlb_misses_share_a_walk)
{
    sim_t *s = open_tlb("entries: 64, assoc: 4");

    harness_send(s, "cpu", SIM_READ, 0x20000, 8);
    harness_send(s, "cpu", SIM_READ, 0x20040, 8);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 2);
    ck_assert_double_eq(harness_stat(s, "tlb.walks"), 1);
    ck_assert_double_eq(harness_stat(s, "tlb.merged"), 1);
    ck_assert_uint_eq(harness_resp(s, "cpu", 0)->done, 4 * 20 * NS + 10 * NS);
    ck_assert_uint_eq(harness_resp(s, "cpu", 1)->done, 4 * 20 * NS + 10 * NS);
    sim_close(s);
}
END_TEST

/* One walker, room for two: A walks (80 ns, done at 90), B waits for the
 * walker and walks one level at 80-100 (done 110); C is refused until A
 * leaves for dmem at 80, then waits for B's walk and walks at 100-120
 * (done 130). */
START_TEST(test_tlb_walkers_and_queue)
{
    sim_t *s = open_tlb("entries: 64, assoc: 4, walkers: 1, queue: 2");

    harness_send(s, "cpu", SIM_READ, 0, 8);
    harness_send(s, "cpu", SIM_READ, PAGE, 8);
    harness_send(s, "cpu", SIM_READ, 2 * PAGE, 8);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 3);
    ck_assert_int_ge(harness_n_refused(s, "cpu"), 1);
    ck_assert_uint_eq(harness_resp(s, "cpu", 0)->done, 90 * NS);
    ck_assert_uint_eq(harness_resp(s, "cpu", 1)->done, 110 * NS);
    ck_assert_uint_eq(harness_resp(s, "cpu", 2)->accepted, 80 * NS);
    ck_assert_uint_eq(harness_resp(s, "cpu", 2)->done, 130 * NS);
    ck_assert_double_eq(harness_stat(s, "tlb.refused"), harness_n_refused(s, "cpu"));
    sim_close(s);
}
END_TEST

/* Walk reads through `mem` when `walk` is left unconnected. */
START_TEST(test_tlb_walk_through_mem)
{
    sim_t *s = harness_open("clocks: {default: 1GHz}\n"
                            "components:\n"
                            "  cpu:  {type: probe}\n"
                            "  tlb:  {type: tlb}\n"
                            "  dmem: {type: simple_mem, latency: 10ns}\n"
                            "connections: [cpu.out -> tlb.cpu, tlb.mem -> dmem.in]\n");

    harness_send(s, "cpu", SIM_READ, 0x30000, 8);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(harness_n_resp(s, "cpu"), 1);
    ck_assert_uint_eq(harness_lat(s, "cpu", 0), 5 * 10 * NS);
    ck_assert_double_eq(harness_stat(s, "dmem.reads"), 5);
    ck_assert_uint_eq(harness_read(s, "cpu", 0x30000 + PAGE), 2 * 10 * NS);
    sim_close(s);
}
END_TEST

/* ------------------------------------------------------------ energy */

/* Energy per first-level lookup and per page-walk cache lookup of a TLB at
 * 22 nm, from one read that misses everything (one lookup of each). */
static void lookup_energy(const char *tlb_params, double *l1, double *pwc, double *l2)
{
    char yaml[1024];
    sim_t *s;

    snprintf(yaml, sizeof(yaml),
             "energy: {node: 22nm}\n"
             "components:\n"
             "  cpu:  {type: probe}\n"
             "  tlb:  {type: tlb, %s}\n"
             "  dmem: {type: simple_mem, latency: 10ns}\n"
             "connections: [cpu.out -> tlb.cpu, tlb.mem -> dmem.in]\n",
             tlb_params);
    s = harness_open(yaml);
    harness_read(s, "cpu", 0x10000);
    *l1 = harness_stat(s, "tlb.energy.lookup") / harness_stat(s, "tlb.events.lookup");
    *pwc = harness_stat(s, "tlb.energy.pwc_lookup") / harness_stat(s, "tlb.events.pwc_lookup");
    *l2 = harness_stat(s, "tlb.events.l2_lookup") > 0
              ? harness_stat(s, "tlb.energy.l2_lookup") / harness_stat(s, "tlb.events.l2_lookup")
              : 0;
    sim_close(s);
}

/* A fully associative TLB compares every tag and reads the one matching
 * entry (the SRAM model in sequential mode), not every entry: 64 ways cost
 * a few times 4 ways, not 36x (parallel mode: 132 pJ against 3.7 pJ), and
 * a 16-entry page-walk cache less than a 1536-entry 12-way second level
 * (it cost 18.4 pJ against 14.0 pJ). */
START_TEST(test_tlb_fully_associative_is_priced_as_a_tag_search)
{
    double l1_4, l1_64, l1_128, pwc, l2, unused;
    sim_sram_spec sp = {.size_bytes = 64 * 8, .line_bytes = 8, .assoc = 64, .output_bits = 64,
                        .sequential = 1};
    sim_tech tech = {.node_nm = 22};
    sim_sram_result r;

    lookup_energy("entries: 64, assoc: 4, pwc_entries: 16, l2_entries: 1536, l2_assoc: 12",
                  &l1_4, &pwc, &l2);
    lookup_energy("entries: 64, assoc: 64", &l1_64, &unused, &unused);
    lookup_energy("entries: 128, assoc: 128", &l1_128, &unused, &unused);
    ck_assert_int_eq(sim_sram_model(&sp, &tech, &r, NULL), 0);
    ck_assert_double_eq_tol(l1_64, r.read_j, 1e-9 * r.read_j);
    ck_assert_msg(l1_4 > 0.5e-12 && l1_4 < 3e-12, "4-way lookup %g J", l1_4);
    ck_assert_msg(l1_64 < 6 * l1_4, "64-way lookup %g J, 4-way %g J", l1_64, l1_4);
    ck_assert_msg(l1_128 > l1_64 && l1_128 < 2.2 * l1_64, "128-way lookup %g J", l1_128);
    ck_assert_msg(pwc < l2, "page-walk cache %g J, second level %g J", pwc, l2);
}
END_TEST

START_TEST(test_tlb_bad_geometry)
{
    sim_error err;
    sim_t *s = harness_open_err("components:\n"
                                "  cpu: {type: probe}\n"
                                "  tlb: {type: tlb, entries: 48, assoc: 4}\n"
                                "  m: {type: simple_mem}\n"
                                "connections: [cpu.out -> tlb.cpu, tlb.mem -> m.in]\n",
                                &err);

    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(err.message, "tlb.entries") != NULL, "%s", err.message);
    s = harness_open_err("components:\n"
                         "  cpu: {type: probe}\n"
                         "  tlb: {type: tlb, page: 8KiB}\n"
                         "  m: {type: simple_mem}\n"
                         "connections: [cpu.out -> tlb.cpu, tlb.mem -> m.in]\n",
                         &err);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(err.message, "tlb.page") != NULL, "%s", err.message);
}
END_TEST

Suite *tlb_suite(void)
{
    Suite *s = suite_create("tlb");
    TCase *tc = tcase_create("tlb");

    tcase_add_test(tc, test_tlb_walk_levels_lt);
    tcase_add_test(tc, test_tlb_no_pwc_lt);
    tcase_add_test(tc, test_tlb_second_level_lt);
    tcase_add_test(tc, test_tlb_huge_pages_lt);
    tcase_add_test(tc, test_tlb_page_table_layout);
    tcase_add_test(tc, test_tlb_walk_at);
    tcase_add_test(tc, test_tlb_second_level_hit_fills_after_its_latency_at);
    tcase_add_test(tc, test_tlb_misses_share_a_walk);
    tcase_add_test(tc, test_tlb_walkers_and_queue);
    tcase_add_test(tc, test_tlb_walk_through_mem);
    tcase_add_test(tc, test_tlb_fully_associative_is_priced_as_a_tag_search);
    tcase_add_test(tc, test_tlb_bad_geometry);
    suite_add_tcase(s, tc);
    return s;
}
