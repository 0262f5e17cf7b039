/* tests/unit/memsys/test_repl.c - replacement policies and the tag store:
 * every policy against hand-computed sequences, and the tag store with each
 * policy against a brute-force reference model over long random address
 * streams (hits, victims, writebacks and final contents compared exactly).
 *
 * The reference keeps each set as an explicit array of ways and implements
 * each policy the naive way (recency lists, an explicit tree, "age by
 * 3 - max RRPV"), independently of memsys/repl_*.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "memsys/cache_tags.h"
#include "memsys/repl.h"

/* ------------------------------------------------------------ helpers */

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t rng_fn(void *arg)
{
    return splitmix(arg);
}

/* A scripted random stream for hand-computed sequences. */
struct script {
    const uint64_t *v;
    int n, i;
};

static uint64_t script_fn(void *arg)
{
    struct script *s = arg;

    ck_assert_int_lt(s->i, s->n);
    return s->v[s->i++];
}

/* Access line in a one-set tag store; returns the evicted line, or -1 for a
 * hit and -2 for a fill into an empty way. */
static int64_t touch(struct cache_tags *t, uint64_t line)
{
    uint32_t way, set = tags_set(t, line);
    struct tag_line *l = tags_find(t, line, &way);
    int64_t ev;

    if (l) {
        tags_hit(t, set, way);
        return -1;
    }
    way = tags_pick(t, set);
    l = tags_way(t, set, way);
    ev = l->state == CS_I ? -2 : (int64_t)l->tag;
    tags_install(t, set, way, line, CS_E, 0);
    return ev;
}

static void mk(struct cache_tags *t, const char *pol, uint32_t nsets, uint32_t assoc,
               uint64_t (*rnd)(void *), void *arg)
{
    char why[128];
    int rc = tags_init(t, (uint64_t)nsets * assoc * 64, 64, assoc, repl_find(pol), rnd, arg, why,
                       sizeof(why));

    ck_assert_msg(rc == 0, "%s", why);
}

/* --------------------------------------------------- hand-computed sequences */

/* One set, 4 ways; lines 10.. A=10, B=11, ... (nsets=1 so all share set 0) */
START_TEST(test_repl_lru_sequence)
{
    struct cache_tags t;

    mk(&t, "lru", 1, 4, NULL, NULL);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(touch(&t, 10 + i), -2);
    ck_assert_int_eq(touch(&t, 10), -1);      /* A is now most recent */
    ck_assert_int_eq(touch(&t, 14), 11);      /* E evicts B */
    ck_assert_int_eq(touch(&t, 15), 12);      /* F evicts C */
    ck_assert_int_eq(touch(&t, 13), -1);      /* D */
    ck_assert_int_eq(touch(&t, 16), 10);      /* G evicts A: order was A E F D */
    tags_fini(&t);
}
END_TEST

START_TEST(test_repl_fifo_sequence)
{
    struct cache_tags t;

    mk(&t, "fifo", 1, 4, NULL, NULL);
    for (int i = 0; i < 4; i++)
        touch(&t, 10 + i);
    ck_assert_int_eq(touch(&t, 10), -1);      /* a hit does not reorder */
    ck_assert_int_eq(touch(&t, 14), 10);      /* E evicts A, the oldest fill */
    ck_assert_int_eq(touch(&t, 15), 11);
    ck_assert_int_eq(touch(&t, 14), -1);
    ck_assert_int_eq(touch(&t, 16), 12);
    tags_fini(&t);
}
END_TEST

/* 4-way tree: fills 0,1,2,3 leave root->left, node2->way0: victim way 0.
 * Filling way 0 points root right, node3 still at way 2: victim way 2.
 * Filling way 2 points root left, node2 at way 1: victim way 1. */
START_TEST(test_repl_plru_sequence)
{
    struct cache_tags t;

    mk(&t, "plru", 1, 4, NULL, NULL);
    for (int i = 0; i < 4; i++)
        touch(&t, 10 + i);
    ck_assert_int_eq(touch(&t, 14), 10);      /* way 0 (A) */
    ck_assert_int_eq(touch(&t, 15), 12);      /* way 2 (C) */
    ck_assert_int_eq(touch(&t, 16), 11);      /* way 1 (B) */
    ck_assert_int_eq(touch(&t, 13), -1);      /* D in way 3: root->left, node2 -> way 0 */
    ck_assert_int_eq(touch(&t, 17), 14);      /* way 0 holds E */
    tags_fini(&t);
}
END_TEST

START_TEST(test_repl_plru_rejects_odd_assoc)
{
    struct cache_tags t;
    char why[128];

    ck_assert_int_eq(tags_init(&t, 3 * 64 * 4, 64, 3, repl_find("plru"), NULL, NULL, why,
                               sizeof(why)), -1);
    ck_assert_ptr_nonnull(strstr(why, "power-of-two"));
}
END_TEST

/* RRPVs after fills A..D: 2 2 2 2; hit B: 2 0 2 2. E: age to 3 1 3 3, evict
 * A (way 0), E=2: 2 1 3 3. F evicts C (way 2): 2 1 2 3. G evicts D: 2 1 2 2.
 * H: age to 3 2 3 3, evicts E (way 0). */
START_TEST(test_repl_srrip_sequence)
{
    struct cache_tags t;

    mk(&t, "srrip", 1, 4, NULL, NULL);
    for (int i = 0; i < 4; i++)
        touch(&t, 10 + i);
    ck_assert_int_eq(touch(&t, 11), -1);
    ck_assert_int_eq(touch(&t, 14), 10);
    ck_assert_int_eq(touch(&t, 15), 12);
    ck_assert_int_eq(touch(&t, 16), 13);
    ck_assert_int_eq(touch(&t, 17), 14);
    tags_fini(&t);
}
END_TEST

/* BRRIP inserts at 3 unless the draw is 0 mod 32 (then 2). Draws: A=5 (3),
 * B=32 (2), C=7 (3), D=9 (3). E: way 0 is already 3, evict A; E draws 1 (3).
 * F and G evict the way-0 newcomer each time: a scan does not displace B. */
START_TEST(test_repl_brrip_sequence)
{
    static const uint64_t draws[] = {5, 32, 7, 9, 1, 3, 64, 2};
    struct script sc = {draws, 8, 0};
    struct cache_tags t;

    mk(&t, "brrip", 1, 4, script_fn, &sc);
    for (int i = 0; i < 4; i++)
        touch(&t, 10 + i);
    ck_assert_int_eq(touch(&t, 14), 10);
    ck_assert_int_eq(touch(&t, 15), 14);
    ck_assert_int_eq(touch(&t, 16), 15);      /* G draws 64: inserted at 2 */
    /* RRPVs 2 2 3 3; B hit -> 2 0 3 3; H evicts C (way 2) */
    ck_assert_int_eq(touch(&t, 11), -1);      /* B hit: 0 */
    ck_assert_int_eq(touch(&t, 17), 12);
    tags_fini(&t);
}
END_TEST

START_TEST(test_repl_random_uses_draws)
{
    static const uint64_t draws[] = {6, 1, 4 * 1000 + 3};
    struct script sc = {draws, 3, 0};
    struct cache_tags t;

    mk(&t, "random", 1, 4, script_fn, &sc);
    for (int i = 0; i < 4; i++)
        touch(&t, 10 + i);                    /* empty ways: no draws */
    ck_assert_int_eq(sc.i, 0);
    ck_assert_int_eq(touch(&t, 14), 12);      /* 6 % 4 = way 2 */
    ck_assert_int_eq(touch(&t, 15), 11);      /* way 1 */
    ck_assert_int_eq(touch(&t, 16), 13);      /* way 3 */
    tags_fini(&t);
}
END_TEST

/* 64 sets: 2 constituencies of 32. SRRIP leaders: sets 0 and 33; BRRIP
 * leaders: 31 and 62. Misses in SRRIP leaders push followers to BRRIP. */
START_TEST(test_repl_drrip_duels)
{
    uint64_t seed = 7;
    struct cache_tags t;
    const uint8_t *rrpv;

    mk(&t, "drrip", 64, 4, rng_fn, &seed);
    /* followers start as SRRIP: a fill in set 5 inserts at 2 */
    touch(&t, 5);
    rrpv = repl_set(&t.repl, 5);
    ck_assert_int_eq(rrpv[0], 2);
    /* 600 misses in SRRIP leader set 0 and 33: PSEL saturates high */
    for (int i = 0; i < 300; i++) {
        touch(&t, 64 * (uint64_t)(i + 1));
        touch(&t, 64 * (uint64_t)(i + 1) + 33);
    }
    /* BRRIP leader sets still insert bimodally, and followers now follow
     * BRRIP: of 256 follower fills, most insert at 3, a few at 2 */
    {
        int at3 = 0, at2 = 0;

        for (int i = 0; i < 256; i++) {
            uint64_t line = 64 * (uint64_t)(1000 + i) + 7;
            uint32_t way;

            touch(&t, line);
            ck_assert_ptr_nonnull(tags_find(&t, line, &way));
            rrpv = repl_set(&t.repl, 7);
            at3 += rrpv[way] == 3;
            at2 += rrpv[way] == 2;
        }
        ck_assert_int_gt(at3, 200);
        ck_assert_int_gt(at2, 0);
    }
    /* misses in BRRIP leaders 31 and 62 bring followers back to SRRIP */
    for (int i = 0; i < 1100; i++) {
        touch(&t, 64 * (uint64_t)(2000 + i) + 31);
        touch(&t, 64 * (uint64_t)(2000 + i) + 62);
    }
    {
        uint64_t line = 64 * 5000ull + 9;
        uint32_t way;

        for (int i = 0; i < 16; i++) {
            touch(&t, line + 64 * (uint64_t)i);
            ck_assert_ptr_nonnull(tags_find(&t, line + 64 * (uint64_t)i, &way));
            rrpv = repl_set(&t.repl, 9);
            ck_assert_int_eq(rrpv[way], 2);
        }
    }
    tags_fini(&t);
}
END_TEST

START_TEST(test_repl_unknown_name)
{
    char names[128];

    ck_assert_ptr_null(repl_find("lfu"));
    repl_names(names, sizeof(names));
    ck_assert_str_eq(names, "lru|plru|fifo|random|srrip|brrip|drrip");
}
END_TEST

/* --------------------------------------------------- brute-force reference */

enum { R_LRU, R_PLRU, R_FIFO, R_RANDOM, R_SRRIP, R_BRRIP, R_DRRIP };
static const char *const ref_names[] = {"lru", "plru", "fifo", "random", "srrip", "brrip",
                                        "drrip"};

#define REF_MAXW 16

struct ref_set {
    uint64_t tag[REF_MAXW];
    int valid[REF_MAXW], dirty[REF_MAXW];
    int order[REF_MAXW];            /* LRU: ways MRU first; FIFO: ways newest first */
    int n_order;
    int tree[REF_MAXW];             /* PLRU nodes 1..assoc-1: 0 left is next victim */
    int rrpv[REF_MAXW];
};

struct ref {
    int pol;
    uint32_t nsets, assoc;
    struct ref_set *s;
    uint64_t rng;
    int psel;
    int *leader;                    /* per set: 0 follower, 1 SRRIP, 2 BRRIP */
    uint64_t writebacks;
};

static void ref_init(struct ref *r, int pol, uint32_t nsets, uint32_t assoc, uint64_t seed)
{
    memset(r, 0, sizeof(*r));
    r->pol = pol;
    r->nsets = nsets;
    r->assoc = assoc;
    r->rng = seed;
    r->s = calloc(nsets, sizeof(*r->s));
    r->leader = calloc(nsets, sizeof(int));
    r->psel = 511;
    for (uint32_t i = 0; i < nsets; i++)
        for (uint32_t w = 0; w < assoc; w++)
            r->s[i].rrpv[w] = 3;
    if (pol == R_DRRIP && nsets >= 32) {
        uint32_t l = nsets / 32 > 32 ? 32 : nsets / 32;
        uint32_t cs = nsets / l;

        for (uint32_t c = 0; c < l; c++) {
            r->leader[c * cs + c] = 1;
            r->leader[c * cs + cs - 1 - c] = 2;
        }
    }
}

static void ref_move_front(struct ref_set *s, int way)
{
    int i, j;

    for (i = 0; i < s->n_order && s->order[i] != way; i++)
        ;
    if (i == s->n_order)
        s->n_order++;
    for (j = i; j > 0; j--)
        s->order[j] = s->order[j - 1];
    s->order[0] = way;
}

/* Point every node on way's path away from it (recursive descent). */
static void ref_tree_touch(struct ref_set *s, uint32_t assoc, int way)
{
    int node = 1, lo = 0, hi = (int)assoc;

    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;

        if (way < mid) {
            s->tree[node] = 1;
            node = 2 * node;
            hi = mid;
        } else {
            s->tree[node] = 0;
            node = 2 * node + 1;
            lo = mid;
        }
    }
}

static int ref_tree_victim(struct ref_set *s, uint32_t assoc)
{
    int node = 1, lo = 0, hi = (int)assoc;

    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;

        if (s->tree[node] == 0) {
            node = 2 * node;
            hi = mid;
        } else {
            node = 2 * node + 1;
            lo = mid;
        }
    }
    return lo;
}

static int ref_rrip_victim(struct ref_set *s, uint32_t assoc)
{
    int max = 0;

    for (uint32_t w = 0; w < assoc; w++)
        if (s->rrpv[w] > max)
            max = s->rrpv[w];
    for (uint32_t w = 0; w < assoc; w++)
        s->rrpv[w] += 3 - max;
    for (uint32_t w = 0; w < assoc; w++)
        if (s->rrpv[w] == 3)
            return (int)w;
    return -1;
}

static int ref_bimodal(struct ref *r)
{
    return splitmix(&r->rng) % 32 == 0 ? 2 : 3;
}

static void ref_fill_state(struct ref *r, uint32_t set, int way)
{
    struct ref_set *s = &r->s[set];

    switch (r->pol) {
    case R_LRU:
    case R_FIFO:
        ref_move_front(s, way);
        break;
    case R_PLRU:
        ref_tree_touch(s, r->assoc, way);
        break;
    case R_SRRIP:
        s->rrpv[way] = 2;
        break;
    case R_BRRIP:
        s->rrpv[way] = ref_bimodal(r);
        break;
    case R_DRRIP:
        if (r->leader[set] == 1) {
            r->psel += r->psel < 1023;
            s->rrpv[way] = 2;
        } else if (r->leader[set] == 2) {
            r->psel -= r->psel > 0;
            s->rrpv[way] = ref_bimodal(r);
        } else {
            s->rrpv[way] = r->psel >= 512 ? ref_bimodal(r) : 2;
        }
        break;
    }
}

/* Returns 1 on a hit; *evicted gets the evicted line or UINT64_MAX. */
static int ref_access(struct ref *r, uint64_t line, int write, uint64_t *evicted)
{
    uint32_t set = (uint32_t)(line % r->nsets);
    struct ref_set *s = &r->s[set];
    int way = -1;

    *evicted = UINT64_MAX;
    for (uint32_t w = 0; w < r->assoc; w++)
        if (s->valid[w] && s->tag[w] == line)
            way = (int)w;
    if (way >= 0) {
        if (r->pol == R_LRU)
            ref_move_front(s, way);
        else if (r->pol == R_PLRU)
            ref_tree_touch(s, r->assoc, way);
        else if (r->pol >= R_SRRIP)
            s->rrpv[way] = 0;
        s->dirty[way] |= write;
        return 1;
    }
    for (uint32_t w = 0; w < r->assoc && way < 0; w++)
        if (!s->valid[w])
            way = (int)w;
    if (way < 0) {
        switch (r->pol) {
        case R_LRU:
        case R_FIFO:
            way = s->order[s->n_order - 1];
            break;
        case R_PLRU:
            way = ref_tree_victim(s, r->assoc);
            break;
        case R_RANDOM:
            way = (int)(splitmix(&r->rng) % r->assoc);
            break;
        default:
            way = ref_rrip_victim(s, r->assoc);
            break;
        }
        *evicted = s->tag[way];
        r->writebacks += s->dirty[way];
    }
    s->valid[way] = 1;
    s->tag[way] = line;
    s->dirty[way] = write;
    ref_fill_state(r, set, way);
    return 0;
}

static void ref_invalidate(struct ref *r, uint64_t line)
{
    struct ref_set *s = &r->s[line % r->nsets];

    for (uint32_t w = 0; w < r->assoc; w++)
        if (s->valid[w] && s->tag[w] == line) {
            s->valid[w] = 0;
            r->writebacks += s->dirty[w];
            s->dirty[w] = 0;
        }
}

/* The unit under test: tag store + policy, with the dirty bit as state M. */
static int dut_access(struct cache_tags *t, uint64_t line, int write, uint64_t *evicted,
                      uint64_t *writebacks)
{
    uint32_t way, set = tags_set(t, line);
    struct tag_line *l = tags_find(t, line, &way);

    *evicted = UINT64_MAX;
    if (l) {
        tags_hit(t, set, way);
        if (write)
            l->state = CS_M;
        return 1;
    }
    way = tags_pick(t, set);
    l = tags_way(t, set, way);
    if (l->state != CS_I) {
        *evicted = l->tag;
        *writebacks += cs_dirty(l->state);
    }
    tags_install(t, set, way, line, write ? CS_M : CS_E, 0);
    return 0;
}

static void run_reference_at(int pol, uint32_t nsets, uint32_t assoc, int n, uint64_t seed,
                             uint32_t clock)
{
    struct cache_tags t;
    struct ref r;
    uint64_t dut_rng = seed, wb = 0, addr_rng = seed ^ 0xabcdef;
    uint64_t footprint = (uint64_t)nsets * assoc * 3;
    uint64_t hits = 0;

    mk(&t, ref_names[pol], nsets, assoc, rng_fn, &dut_rng);
    if (clock)                      /* LRU and FIFO: a use counter about to wrap */
        *(uint32_t *)t.repl.global = clock;
    ref_init(&r, pol, nsets, assoc, seed);
    for (int i = 0; i < n; i++) {
        uint64_t x = splitmix(&addr_rng);
        uint64_t line;
        uint64_t ev_dut, ev_ref;
        int write = (x >> 8) % 4 == 0, h_dut, h_ref;

        /* mix: a hot region that fits, a large uniform region, short scans */
        if (x % 8 < 4)
            line = (x >> 16) % (nsets * assoc / 2);
        else if (x % 8 < 7)
            line = (x >> 16) % footprint;
        else
            line = footprint + (uint64_t)i % (nsets * 4);
        if ((x >> 40) % 64 == 0) {           /* an invalidation, as back-invalidation does */
            uint32_t way;
            struct tag_line *l = tags_find(&t, line, &way);

            if (l) {
                wb += cs_dirty(l->state);
                l->state = CS_I;
            }
            ref_invalidate(&r, line);
            continue;
        }
        h_dut = dut_access(&t, line, write, &ev_dut, &wb);
        h_ref = ref_access(&r, line, write, &ev_ref);
        hits += h_ref;
        ck_assert_msg(h_dut == h_ref, "%s: access %d line %llu: hit %d, reference %d",
                      ref_names[pol], i, (unsigned long long)line, h_dut, h_ref);
        ck_assert_msg(ev_dut == ev_ref, "%s: access %d: evicted %llx, reference %llx",
                      ref_names[pol], i, (unsigned long long)ev_dut, (unsigned long long)ev_ref);
    }
    ck_assert_uint_eq(wb, r.writebacks);
    /* final contents: every way, in place */
    for (uint32_t set = 0; set < nsets; set++)
        for (uint32_t w = 0; w < assoc; w++) {
            struct tag_line *l = tags_way(&t, set, w);

            ck_assert_int_eq(l->state != CS_I, r.s[set].valid[w]);
            if (r.s[set].valid[w]) {
                ck_assert_uint_eq(l->tag, r.s[set].tag[w]);
                ck_assert_int_eq(cs_dirty(l->state), r.s[set].dirty[w]);
            }
        }
    /* the stream must exercise both outcomes, or the comparison says little */
    ck_assert_uint_gt(hits, (uint64_t)n / 10);
    ck_assert_uint_lt(hits, (uint64_t)n * 9 / 10);
    tags_fini(&t);
    free(r.s);
    free(r.leader);
}

static void run_reference(int pol, uint32_t nsets, uint32_t assoc, int n, uint64_t seed)
{
    run_reference_at(pol, nsets, assoc, n, seed, 0);
}

/* The 32-bit use counter of LRU and FIFO wraps every 4 billion uses; the
 * stamps are renumbered then, which must not change a single decision. */
START_TEST(test_repl_stamps_survive_counter_wrap)
{
    run_reference_at(R_LRU, 16, 8, 50000, 77, UINT32_MAX - 20000);
    run_reference_at(R_FIFO, 16, 8, 50000, 78, UINT32_MAX - 20000);
}
END_TEST

START_TEST(test_repl_matches_reference)
{
    /* _i is the policy; two geometries each, 200k accesses */
    run_reference(_i, 16, 8, 200000, 1 + (uint64_t)_i);
    run_reference(_i, 128, 4, 200000, 100 + (uint64_t)_i);
    run_reference(_i, 1, 16, 50000, 200 + (uint64_t)_i);
}
END_TEST

Suite *repl_suite(void)
{
    Suite *s = suite_create("repl");
    TCase *tc = tcase_create("repl");

    tcase_add_test(tc, test_repl_lru_sequence);
    tcase_add_test(tc, test_repl_fifo_sequence);
    tcase_add_test(tc, test_repl_plru_sequence);
    tcase_add_test(tc, test_repl_plru_rejects_odd_assoc);
    tcase_add_test(tc, test_repl_srrip_sequence);
    tcase_add_test(tc, test_repl_brrip_sequence);
    tcase_add_test(tc, test_repl_random_uses_draws);
    tcase_add_test(tc, test_repl_drrip_duels);
    tcase_add_test(tc, test_repl_unknown_name);
    tcase_add_loop_test(tc, test_repl_matches_reference, R_LRU, R_DRRIP + 1);
    tcase_add_test(tc, test_repl_stamps_survive_counter_wrap);
    suite_add_tcase(s, tc);
    return s;
}
