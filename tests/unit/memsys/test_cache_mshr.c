/* tests/unit/memsys/test_cache_mshr.c - the MSHR file on its own: entries,
 * targets per entry, merging of misses to one line, release and reuse.
 * (Merging through a running cache is in test_cache.c.) */
#include <check.h>
#include "memsys/cache_mshr.h"

START_TEST(test_cache_mshr_merges_to_one_line)
{
    struct mshr_file f;
    struct mshr *a, *b;
    int r[4];

    ck_assert_int_eq(mshr_init(&f, 2, 3), 0);
    ck_assert_ptr_null(mshr_find(&f, 7));
    a = mshr_alloc(&f, 7);
    ck_assert_ptr_nonnull(a);
    ck_assert(mshr_add(&f, a, (struct sim_req *)&r[0]));
    /* a second miss to line 7 finds the entry and merges */
    ck_assert_ptr_eq(mshr_find(&f, 7), a);
    ck_assert(mshr_add(&f, a, (struct sim_req *)&r[1]));
    ck_assert(mshr_add(&f, a, (struct sim_req *)&r[2]));
    ck_assert(!mshr_add(&f, a, (struct sim_req *)&r[3]));   /* 3 targets per entry */
    ck_assert_uint_eq(a->n_targets, 3);
    ck_assert_ptr_eq(a->targets[0], (struct sim_req *)&r[0]);
    ck_assert_ptr_eq(a->targets[2], (struct sim_req *)&r[2]);
    b = mshr_alloc(&f, 9);
    ck_assert_ptr_nonnull(b);
    ck_assert(mshr_full(&f));
    ck_assert_ptr_null(mshr_alloc(&f, 11));
    ck_assert_ptr_eq(mshr_find(&f, 9), b);
    mshr_release(&f, a);
    ck_assert(!mshr_full(&f));
    ck_assert_ptr_null(mshr_find(&f, 7));
    a = mshr_alloc(&f, 11);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(a->n_targets, 0);
    ck_assert(mshr_add(&f, a, (struct sim_req *)&r[3]));
    ck_assert_ptr_eq(a->targets[0], (struct sim_req *)&r[3]);
    /* targets of b are not disturbed by a's reuse */
    ck_assert(mshr_add(&f, b, (struct sim_req *)&r[0]));
    ck_assert_ptr_eq(b->targets[0], (struct sim_req *)&r[0]);
    ck_assert_ptr_eq(a->targets[0], (struct sim_req *)&r[3]);
    mshr_fini(&f);
}
END_TEST

Suite *cache_mshr_suite(void)
{
    Suite *s = suite_create("cache_mshr");
    TCase *tc = tcase_create("cache_mshr");

    tcase_add_test(tc, test_cache_mshr_merges_to_one_line);
    suite_add_tcase(s, tc);
    return s;
}
