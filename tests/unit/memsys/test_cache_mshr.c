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

/* Random allocations, lookups and releases against a plain list: the hash
 * index (linear probing, backward-shift deletion) never loses or invents
 * an entry, with lines chosen to collide. */
START_TEST(test_cache_mshr_index_matches_list)
{
    enum { N = 12 };
    struct mshr_file f;
    uint64_t ref[N];
    int valid[N] = {0};
    uint64_t x = 3;

    ck_assert_int_eq(mshr_init(&f, N, 1), 0);
    for (int step = 0; step < 200000; step++) {
        uint64_t line, k;
        int in = -1, nvalid = 0;

        x = x * 6364136223846793005ull + 1442695040888963407ull;
        line = (x >> 33) % 40 * 64;     /* 40 lines, multiples of 64: many collisions */
        for (int i = 0; i < N; i++) {
            nvalid += valid[i];
            if (valid[i] && ref[i] == line)
                in = i;
        }
        k = (x >> 20) % 3;
        if (in >= 0) {
            struct mshr *m = mshr_find(&f, line);

            ck_assert_ptr_nonnull(m);
            ck_assert_uint_eq(m->line, line);
            if (k == 0) {
                mshr_release(&f, m);
                valid[in] = 0;
            }
        } else {
            ck_assert_ptr_null(mshr_find(&f, line));
            if (k != 0) {
                struct mshr *m = mshr_alloc(&f, line);

                if (nvalid == N) {
                    ck_assert_ptr_null(m);
                } else {
                    ck_assert_ptr_nonnull(m);
                    for (int i = 0; i < N; i++)
                        if (!valid[i]) {
                            valid[i] = 1;
                            ref[i] = line;
                            break;
                        }
                }
            }
        }
        ck_assert_uint_eq(f.used, (uint32_t)(nvalid + (in < 0 && k != 0 && nvalid < N) -
                                             (in >= 0 && k == 0)));
    }
    mshr_fini(&f);
}
END_TEST

Suite *cache_mshr_suite(void)
{
    Suite *s = suite_create("cache_mshr");
    TCase *tc = tcase_create("cache_mshr");

    tcase_add_test(tc, test_cache_mshr_merges_to_one_line);
    tcase_add_test(tc, test_cache_mshr_index_matches_list);
    suite_add_tcase(s, tc);
    return s;
}
