/* tests/unit/memsys/test_prefetch.c - the prefetchers on their own, against
 * hand-computed proposals: next-line, IP-stride and stream, with degree and
 * distance. (Issued/useful/late/useless counts through a cache are in
 * test_cache_prefetch.c.) */
#include <check.h>
#include <string.h>
#include "memsys/prefetch.h"

static struct pf mk(const char *name, uint32_t degree, uint32_t distance, uint32_t table)
{
    struct pf_cfg cfg = {degree, distance, table};
    struct pf p;
    char why[128];

    ck_assert_ptr_nonnull(pf_find(name));
    ck_assert_msg(pf_init(&p, pf_find(name), &cfg, why, sizeof(why)) == 0, "%s", why);
    return p;
}

START_TEST(test_prefetch_next_line_degree_distance)
{
    struct pf p = mk("next_line", 3, 2, 0);
    uint64_t out[8];

    ck_assert_int_eq(pf_access(&p, 100, 0, false, out, 8), 0);    /* a plain hit */
    ck_assert_int_eq(pf_access(&p, 100, 0, true, out, 8), 3);
    ck_assert_uint_eq(out[0], 102);
    ck_assert_uint_eq(out[1], 103);
    ck_assert_uint_eq(out[2], 104);
    ck_assert_int_eq(pf_access(&p, 100, 0, true, out, 2), 2);     /* capped by max */
    pf_fini(&p);
}
END_TEST

START_TEST(test_prefetch_ip_stride_trains_per_pc)
{
    struct pf p = mk("ip_stride", 2, 1, 64);
    uint64_t out[8];

    /* pc A strides by 3 lines; pc B by -2, interleaved */
    ck_assert_int_eq(pf_access(&p, 10, 0x400, false, out, 8), 0);  /* first sight */
    ck_assert_int_eq(pf_access(&p, 500, 0x404, false, out, 8), 0);
    ck_assert_int_eq(pf_access(&p, 13, 0x400, false, out, 8), 0);  /* stride 3, conf 0 */
    ck_assert_int_eq(pf_access(&p, 498, 0x404, false, out, 8), 0); /* stride -2, conf 0 */
    ck_assert_int_eq(pf_access(&p, 16, 0x400, false, out, 8), 2);  /* stride seen twice */
    ck_assert_uint_eq(out[0], 19);
    ck_assert_uint_eq(out[1], 22);
    ck_assert_int_eq(pf_access(&p, 496, 0x404, true, out, 8), 2);
    ck_assert_uint_eq(out[0], 494);
    ck_assert_uint_eq(out[1], 492);
    /* same line again: no training, no proposal */
    ck_assert_int_eq(pf_access(&p, 16, 0x400, false, out, 8), 0);
    /* a broken stride resets confidence */
    ck_assert_int_eq(pf_access(&p, 30, 0x400, false, out, 8), 0);
    ck_assert_int_eq(pf_access(&p, 44, 0x400, false, out, 8), 2);
    ck_assert_uint_eq(out[0], 58);
    /* no pc: nothing learnt */
    ck_assert_int_eq(pf_access(&p, 1, 0, true, out, 8), 0);
    pf_fini(&p);
}
END_TEST

START_TEST(test_prefetch_ip_stride_distance)
{
    struct pf p = mk("ip_stride", 1, 4, 16);
    uint64_t out[8];

    pf_access(&p, 0, 0x80, false, out, 8);
    pf_access(&p, 1, 0x80, false, out, 8);
    ck_assert_int_eq(pf_access(&p, 2, 0x80, false, out, 8), 1);
    ck_assert_uint_eq(out[0], 6);
    pf_fini(&p);
}
END_TEST

START_TEST(test_prefetch_stream_ascending_and_descending)
{
    struct pf p = mk("stream", 2, 1, 4);
    uint64_t out[8];

    ck_assert_int_eq(pf_access(&p, 1000, 0, false, out, 8), 0);   /* not a trigger */
    ck_assert_int_eq(pf_access(&p, 100, 0, true, out, 8), 0);     /* allocates */
    ck_assert_int_eq(pf_access(&p, 5000, 0, true, out, 8), 0);    /* another stream */
    ck_assert_int_eq(pf_access(&p, 101, 0, true, out, 8), 0);     /* direction +1 */
    ck_assert_int_eq(pf_access(&p, 4998, 0, true, out, 8), 0);    /* direction -1 */
    ck_assert_int_eq(pf_access(&p, 103, 0, true, out, 8), 2);     /* confirmed */
    ck_assert_uint_eq(out[0], 104);
    ck_assert_uint_eq(out[1], 105);
    ck_assert_int_eq(pf_access(&p, 4990, 0, true, out, 8), 2);
    ck_assert_uint_eq(out[0], 4989);
    ck_assert_uint_eq(out[1], 4988);
    /* beyond the 16-line window: a new stream, not a continuation */
    ck_assert_int_eq(pf_access(&p, 130, 0, true, out, 8), 0);
    pf_fini(&p);
}
END_TEST

START_TEST(test_prefetch_stream_replaces_lru)
{
    struct pf p = mk("stream", 1, 1, 2);
    uint64_t out[8];

    pf_access(&p, 100, 0, true, out, 8);
    pf_access(&p, 1000, 0, true, out, 8);
    pf_access(&p, 101, 0, true, out, 8);      /* stream 100 is now the most recent */
    pf_access(&p, 9000, 0, true, out, 8);     /* replaces stream 1000 */
    ck_assert_int_eq(pf_access(&p, 102, 0, true, out, 8), 1);
    ck_assert_uint_eq(out[0], 103);
    ck_assert_int_eq(pf_access(&p, 1001, 0, true, out, 8), 0);    /* forgotten */
    pf_fini(&p);
}
END_TEST

START_TEST(test_prefetch_rejects_zero_degree)
{
    struct pf_cfg cfg = {0, 1, 4};
    struct pf p;
    char why[128];

    ck_assert_int_eq(pf_init(&p, pf_find("stream"), &cfg, why, sizeof(why)), -1);
    ck_assert_ptr_nonnull(strstr(why, "degree"));
    ck_assert_ptr_null(pf_find("none"));
}
END_TEST

Suite *prefetch_suite(void)
{
    Suite *s = suite_create("prefetch");
    TCase *tc = tcase_create("prefetch");

    tcase_add_test(tc, test_prefetch_next_line_degree_distance);
    tcase_add_test(tc, test_prefetch_ip_stride_trains_per_pc);
    tcase_add_test(tc, test_prefetch_ip_stride_distance);
    tcase_add_test(tc, test_prefetch_stream_ascending_and_descending);
    tcase_add_test(tc, test_prefetch_stream_replaces_lru);
    tcase_add_test(tc, test_prefetch_rejects_zero_degree);
    suite_add_tcase(s, tc);
    return s;
}
