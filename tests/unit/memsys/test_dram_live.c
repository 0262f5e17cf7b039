/* tests/unit/memsys/test_dram_live.c - the state the DRAM timing engine
 * keeps up to date instead of working it out at every look
 * (memsys/dram_ctrl.h): each queue's count of banks with entries and,
 * while two or more have some, its list of them (the kind of their next
 * command, their own timing word, where their rank's and bank group's
 * words are, how many entries take the command, the one offered and its
 * age), each bank's count of queued row hits, and each rank's rank-wide
 * earliest ACT, RD, WR and PRE. After every arrival, every step
 * and every loosely-timed access, under random reads and writes with idle
 * gaps, all of it must equal the same worked out from scratch from the
 * queues and the raw timing words: under FR-FCFS and FCFS, open and closed
 * pages, one or two ranks and channels, power-down, and write watermarks
 * that switch between the queues often. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "memsys/dram_ctrl.h"

static void on_done(void *user, void *owner, uint64_t end, int kind, bool write)
{
    (*(int *)user)++;
}

static uint64_t max2(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

/* ck_assert_uint_eq without its cost per passing check (this test makes
 * millions): fail only when they differ. */
static void same(uint64_t kept, uint64_t fresh, const char *what, uint32_t where)
{
    if (kept != fresh)
        ck_abort_msg("%s %u: kept %llu, from scratch %llu", what, where,
                     (unsigned long long)kept, (unsigned long long)fresh);
}

/* Everything kept, against the same from scratch. */
static void check_kept(const struct dram_ctrl *c)
{
    const struct dram_spec *sp = c->sp;

    for (uint32_t ci = 0; ci < c->cfg.channels; ci++) {
        const struct dram_channel *ch = &c->ch[ci];

        for (uint32_t r = 0; r < sp->ranks; r++) {
            const struct dram_rank *rk = &ch->ranks[r];
            uint64_t act = max2(rk->ready, rk->act_all);

            if (rk->faw_n == 4)
                act = max2(act, rk->faw[rk->faw_pos & 3] + sp->tFAW);
            same(rk->next[DRAM_W_ACT], act, "ACT word of rank", r);
            same(rk->next[DRAM_W_RD], max2(rk->ready, rk->rd_all), "RD word of rank", r);
            same(rk->next[DRAM_W_WR], max2(rk->ready, rk->wr_all), "WR word of rank", r);
            same(rk->next[DRAM_W_PRE], rk->ready, "PRE word of rank", r);
            for (uint32_t g = 0; g < sp->bankgroups; g++)
                same(rk->bg_next[g][DRAM_W_PRE], 0, "PRE word of bank group", g);
        }
        for (int w = 0; w < 2; w++) {
            const struct dram_queue *q = w ? &ch->wq : &ch->rq;
            const struct dram_live *l = &ch->live[w];
            uint32_t live = 0, queued = 0, banks = 0;
            bool listed;

            /* the list is kept while two banks or more have entries */
            for (uint32_t bi = 0; bi < sp->ranks * c->nbanks; bi++)
                banks += ch->banks[bi].qn[w] > 0;
            same(q->nbanks, banks, "banks with entries in queue", (uint32_t)w);
            listed = banks >= 2;
            banks = 0;

            for (uint32_t bi = 0; bi < sp->ranks * c->nbanks; bi++) {
                const struct dram_bank *b = &ch->banks[bi];
                const struct dram_rank *rk = &ch->ranks[b->rank];
                const struct dram_live_bank *e;
                int32_t first = -1, first_hit = -1;
                uint32_t n = 0, hits = 0;
                int k, kw;

                for (int32_t i = b->qhead[w]; i >= 0; i = q->e[i].bnext) {
                    bool hit = b->open && q->e[i].row == b->row;

                    n++;
                    hits += hit;
                    first = first < 0 ? i : first;
                    first_hit = first_hit < 0 && hit ? i : first_hit;
                }
                same(b->qn[w], n, "entries of bank", bi);
                same(b->hits[w], hits, "row hits of bank", bi);
                queued += n;
                banks += n > 0;
                if (!n || !listed) {
                    same(b->live_at[w], UINT32_MAX, "place (none) of bank", bi);
                    continue;
                }
                live++;
                same(b->live_at[w] < l->n, 1, "place in the list of bank", bi);
                e = &l->e[b->live_at[w]];
                same(e->bank, bi, "list entry of bank", bi);
                k = !b->open ? DRAM_NX_ACT : hits ? DRAM_NX_COL : DRAM_NX_PRE;
                kw = k == DRAM_NX_ACT ? DRAM_W_ACT : k == DRAM_NX_PRE ? DRAM_W_PRE
                     : w ? DRAM_W_WR : DRAM_W_RD;
                same(e->own, b->next[k], "own word of bank", bi);
                same(e->rw == &rk->next[kw], 1, "rank word of bank", bi);
                same(e->gw == &rk->bg_next[b->bg][kw], 1, "bank-group word of bank", bi);
                same(e->cnt, k == DRAM_NX_COL ? hits : n, "entries taking the command of bank", bi);
                same(e->key, k == DRAM_NX_COL ? q->e[first_hit].seq : 1ull << 63 | q->e[first].seq,
                     "age of the entry offered by bank", bi);
                same((uint64_t)(int64_t)e->cand, (uint64_t)(int64_t)(k == DRAM_NX_COL ? first_hit : first),
                     "entry offered by bank", bi);
                same(b->idx, bi, "index of bank", bi);
            }
            same(l->n, live, "banks listed in queue", (uint32_t)w);
            same(live, listed ? banks : 0, "banks with entries listed in queue", (uint32_t)w);
            same(q->n, queued, "entries in queue", (uint32_t)w);
        }
    }
}

struct scenario {
    int preset, policy, sched;
    uint32_t ranks, channels, powerdown, queue, high, low;
    int writes;                     /* percent */
    uint64_t range;
    int gap;
};

static const struct scenario scenarios[] = {
    { DRAM_DDR4_2400, DRAM_OPEN_PAGE, DRAM_FRFCFS, 1, 1, 0, 32, 24, 8, 50, 1ull << 22, 40 },
    { DRAM_DDR4_2400, DRAM_OPEN_PAGE, DRAM_FRFCFS, 2, 1, 0, 16, 4, 0, 40, 1ull << 20, 3 },
    { DRAM_DDR4_2400, DRAM_CLOSED_PAGE, DRAM_FRFCFS, 2, 2, 30, 16, 12, 4, 30, 1ull << 30, 10 },
    { DRAM_DDR4_3200, DRAM_OPEN_PAGE, DRAM_FCFS, 1, 2, 0, 8, 6, 2, 30, 1ull << 22, 4 },
    { DRAM_LPDDR4_3200, DRAM_OPEN_PAGE, DRAM_FRFCFS, 2, 1, 10, 24, 2, 1, 60, 1ull << 24, 8 },
};

START_TEST(test_dram_kept_state_matches_from_scratch)
{
    const struct scenario *sc = &scenarios[_i];
    enum { N = 6000 };
    struct dram_ctrl_cfg cfg = {
        .spec = *dram_preset(sc->preset), .channels = sc->channels, .xor_bank = _i % 2,
        .page_policy = sc->policy, .scheduler = sc->sched, .read_queue = sc->queue,
        .write_queue = sc->queue, .write_high = sc->high, .write_low = sc->low,
        .powerdown = sc->powerdown, .refresh = true,
    };
    struct dram_ctrl *c = malloc(sizeof(*c));
    uint64_t wake[2] = { DRAM_NEVER, DRAM_NEVER }, now = 0, x = 0x9E3779B97F4A7C15ull + _i;
    const char *param;
    int done = 0, sent = 0, lt = 0;

    cfg.spec.ranks = sc->ranks;
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_null(dram_ctrl_check(&cfg, &param));
    ck_assert_int_eq(dram_ctrl_init(c, &cfg, on_done, NULL, &done), 0);
    check_kept(c);
    while (sent < N) {
        uint64_t addr, when;
        struct dram_addr a;
        bool write;
        int rc, kind;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        now += x % 97 == 0 ? 3000 + x % 9000 : x % (uint64_t)sc->gap;
        for (;;) {                  /* the steps up to now */
            int bc = wake[0] <= wake[1] ? 0 : 1;

            if (wake[bc] > now)
                break;
            wake[bc] = dram_ctrl_quiet(c, (uint32_t)bc, wake[bc])
                       ? DRAM_NEVER : dram_ctrl_step(c, (uint32_t)bc, wake[bc]);
            check_kept(c);
        }
        addr = (x >> 9) % sc->range;
        write = (int)((x >> 40) % 100) < sc->writes;
        dram_map(c, addr, &a);
        if (wake[a.ch] == DRAM_NEVER && x % 5 == 0) {
            /* an idle channel: a loosely-timed access moves its banks */
            dram_ctrl_access_lt(c, now, addr, write, &kind);
            check_kept(c);
            lt++;
            continue;
        }
        rc = dram_ctrl_enqueue(c, now, addr, write, (void *)(size_t)sent, &when);
        check_kept(c);
        if (rc < 0)
            continue;
        if (rc > 0 && when < wake[a.ch])
            wake[a.ch] = when;
        sent++;
    }
    for (;;) {                      /* drain */
        int bc = wake[0] <= wake[1] ? 0 : 1;

        if (wake[bc] == DRAM_NEVER)
            break;
        wake[bc] = dram_ctrl_quiet(c, (uint32_t)bc, wake[bc])
                   ? DRAM_NEVER : dram_ctrl_step(c, (uint32_t)bc, wake[bc]);
        check_kept(c);
    }
    ck_assert_int_eq(done, N);
    ck_assert_int_gt(lt, 0);
    ck_assert_uint_gt(c->n.refreshes, 0);
    dram_ctrl_fini(c);
    free(c);
}
END_TEST

Suite *dram_live_suite(void)
{
    Suite *s = suite_create("dram_live");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_dram_kept_state_matches_from_scratch, 0,
                        (int)(sizeof(scenarios) / sizeof(scenarios[0])));
    suite_add_tcase(s, tc);
    return s;
}
