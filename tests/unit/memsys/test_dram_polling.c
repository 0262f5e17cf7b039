/* tests/unit/memsys/test_dram_polling.c - the DRAM timing engine's promise
 * to its caller (memsys/dram_ctrl.h): stepping a channel only at the cycles
 * dram_ctrl_step and dram_ctrl_enqueue name decides exactly as a controller
 * that looks at every cycle. Two engines get the same random requests (reads
 * and writes, bursts and long idle gaps, full queues); one is stepped at the
 * cycles it names (as memsys/dram.c does: an idle channel's step inline,
 * dram_ctrl_quiet), the other at every cycle and again after every arrival.
 * Every command (cycle, kind, bank, row), every request's end and kind, and
 * the counters must agree, under FR-FCFS and FCFS, open and closed pages,
 * one or two ranks and channels, power-down, refresh, and write watermarks
 * down to a low mark of 0. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "memsys/dram_ctrl.h"

#define MAXCMD 400000

struct cmd {
    uint64_t cycle;
    uint32_t key;                   /* command, channel, rank, bank group, bank */
    uint32_t row;
};

struct req {
    uint64_t end;
    int kind;
    bool done;
};

struct eng {
    struct dram_ctrl c;
    struct cmd *cmds;
    int n_cmds;
    struct req *reqs;               /* owner pointers index this */
    int done;
};

static void on_done(void *user, void *owner, uint64_t end, int kind, bool write)
{
    struct eng *g = user;
    struct req *r = &g->reqs[(size_t)owner];

    ck_assert(!r->done);
    r->done = true;
    r->end = end;
    r->kind = kind;
    g->done++;
}

static void on_cmd(void *user, uint64_t cycle, int cmd, const struct dram_addr *a)
{
    struct eng *g = user;

    ck_assert_int_lt(g->n_cmds, MAXCMD);
    g->cmds[g->n_cmds++] = (struct cmd){
        cycle, (uint32_t)cmd << 24 | a->ch << 20 | a->rank << 16 | a->bg << 8 | a->bank, a->row
    };
}

static int cmp_cmd(const void *x, const void *y)
{
    const struct cmd *a = x, *b = y;

    if (a->cycle != b->cycle)
        return a->cycle < b->cycle ? -1 : 1;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

struct scenario {
    int preset, policy, sched;
    uint32_t ranks, channels, powerdown, queue, high, low;
    int writes;                     /* percent */
    uint64_t range;
    int gap;
};

static const struct scenario scenarios[] = {
    { DRAM_DDR4_2400, DRAM_OPEN_PAGE, DRAM_FRFCFS, 1, 1, 0, 32, 24, 8, 20, 1ull << 28, 6 },
    { DRAM_DDR4_2400, DRAM_OPEN_PAGE, DRAM_FRFCFS, 1, 1, 0, 16, 12, 0, 40, 1ull << 20, 3 },
    { DRAM_DDR4_2400, DRAM_CLOSED_PAGE, DRAM_FRFCFS, 2, 2, 30, 16, 12, 4, 30, 1ull << 30, 10 },
    { DRAM_DDR4_3200, DRAM_OPEN_PAGE, DRAM_FCFS, 1, 2, 0, 8, 6, 2, 30, 1ull << 22, 4 },
    { DRAM_DDR4_3200, DRAM_OPEN_PAGE, DRAM_FRFCFS, 2, 1, 20, 4, 3, 1, 50, 1ull << 16, 2 },
    { DRAM_LPDDR4_3200, DRAM_OPEN_PAGE, DRAM_FRFCFS, 2, 2, 10, 24, 20, 0, 60, 1ull << 24, 8 },
    { DRAM_LPDDR4_3200, DRAM_CLOSED_PAGE, DRAM_FCFS, 1, 1, 0, 16, 12, 4, 70, 1ull << 30, 30 },
};

static void eng_init(struct eng *g, const struct scenario *sc, int i, int n)
{
    struct dram_ctrl_cfg cfg = {
        .spec = *dram_preset(sc->preset), .channels = sc->channels, .xor_bank = i % 2,
        .page_policy = sc->policy, .scheduler = sc->sched, .read_queue = sc->queue,
        .write_queue = sc->queue, .write_high = sc->high, .write_low = sc->low,
        .powerdown = sc->powerdown, .refresh = true,
    };
    const char *param;

    cfg.spec.ranks = sc->ranks;
    ck_assert_ptr_null(dram_ctrl_check(&cfg, &param));
    memset(g, 0, sizeof(*g));
    g->cmds = calloc(MAXCMD, sizeof(*g->cmds));
    g->reqs = calloc(n, sizeof(*g->reqs));
    ck_assert_ptr_nonnull(g->cmds);
    ck_assert_ptr_nonnull(g->reqs);
    ck_assert_int_eq(dram_ctrl_init(&g->c, &cfg, on_done, on_cmd, g), 0);
}

static void eng_fini(struct eng *g)
{
    dram_ctrl_fini(&g->c);
    free(g->cmds);
    free(g->reqs);
}

/* A step as memsys/dram.c takes it: an idle channel's inline. */
static uint64_t ev_step(struct dram_ctrl *c, uint32_t ch, uint64_t now)
{
    return dram_ctrl_quiet(c, ch, now) ? DRAM_NEVER : dram_ctrl_step(c, ch, now);
}

START_TEST(test_dram_steps_decide_as_a_look_every_cycle)
{
    const struct scenario *sc = &scenarios[_i];
    enum { N = 30000 };
    struct eng *ev = malloc(sizeof(*ev)), *po = malloc(sizeof(*po));
    uint64_t wake[2] = { DRAM_NEVER, DRAM_NEVER }, polled = 0, now = 0, last = 0;
    uint64_t x = 0x2545F4914F6CDD1Dull + (uint64_t)_i;
    int sent = 0, tries = 0;

    ck_assert_ptr_nonnull(ev);
    ck_assert_ptr_nonnull(po);
    eng_init(ev, sc, _i, N);
    eng_init(po, sc, _i, N);
    while (sent < N && tries < 10 * N) {
        uint64_t addr, when_e, when_p;
        struct dram_addr a;
        bool write;
        int re, rp;

        tries++;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        now += x % 389 == 0 ? 5000 + x % 20000 : x % (uint64_t)sc->gap;    /* idle gaps too */
        /* the event-driven engine: its steps up to now */
        for (;;) {
            int bc = wake[0] <= wake[1] ? 0 : 1;

            if (wake[bc] > now)
                break;
            wake[bc] = ev_step(&ev->c, (uint32_t)bc, wake[bc]);
        }
        /* the polling one: every cycle up to now, every channel (again at
         * now when the last arrival was in this very cycle) */
        for (uint64_t t = polled; t <= now; t++)
            for (uint32_t ch = 0; ch < sc->channels; ch++)
                dram_ctrl_step(&po->c, ch, t);
        polled = now + 1;
        addr = (x >> 9) % sc->range;
        write = (int)((x >> 40) % 100) < sc->writes;
        re = dram_ctrl_enqueue(&ev->c, now, addr, write, (void *)(size_t)sent, &when_e);
        rp = dram_ctrl_enqueue(&po->c, now, addr, write, (void *)(size_t)sent, &when_p);
        ck_assert_int_eq(re, rp);
        if (re < 0)
            continue;               /* full in both: a new address next time */
        dram_map(&ev->c, addr, &a);
        if (re > 0 && when_e < wake[a.ch])
            wake[a.ch] = when_e;
        dram_ctrl_step(&po->c, a.ch, now);
        sent++;
    }
    ck_assert_int_eq(sent, N);
    for (;;) {                      /* drain */
        int bc = wake[0] <= wake[1] ? 0 : 1;

        if (wake[bc] == DRAM_NEVER)
            break;
        last = wake[bc];
        wake[bc] = ev_step(&ev->c, (uint32_t)bc, wake[bc]);
    }
    for (uint64_t t = polled; po->done < N; t++)
        for (uint32_t ch = 0; ch < sc->channels; ch++)
            dram_ctrl_step(&po->c, ch, t);
    ck_assert_int_eq(ev->done, N);
    ck_assert_int_eq(po->done, N);
    for (int i = 0; i < N; i++) {
        ck_assert_uint_eq(ev->reqs[i].end, po->reqs[i].end);
        ck_assert_int_eq(ev->reqs[i].kind, po->reqs[i].kind);
    }
    /* the same commands at the same cycles, up to the last one the event-
     * driven engine issued (the polling one goes on refreshing an idle
     * channel; the other replays such refreshes when the next request comes) */
    qsort(ev->cmds, ev->n_cmds, sizeof(*ev->cmds), cmp_cmd);
    qsort(po->cmds, po->n_cmds, sizeof(*po->cmds), cmp_cmd);
    ck_assert_int_gt(ev->n_cmds, N / 2);
    for (int i = 0; i < ev->n_cmds; i++) {
        ck_assert_int_lt(i, po->n_cmds);
        ck_assert_msg(ev->cmds[i].cycle == po->cmds[i].cycle && ev->cmds[i].key == po->cmds[i].key
                      && ev->cmds[i].row == po->cmds[i].row,
                      "command %d: %llu/%x/%u stepped, %llu/%x/%u polled", i,
                      (unsigned long long)ev->cmds[i].cycle, ev->cmds[i].key, ev->cmds[i].row,
                      (unsigned long long)po->cmds[i].cycle, po->cmds[i].key, po->cmds[i].row);
    }
    for (int i = ev->n_cmds; i < po->n_cmds; i++)
        ck_assert_uint_gt(po->cmds[i].cycle, last);
    ck_assert_uint_eq(ev->c.n.reads, po->c.n.reads);
    ck_assert_uint_eq(ev->c.n.writes, po->c.n.writes);
    ck_assert_uint_eq(ev->c.n.hits, po->c.n.hits);
    ck_assert_uint_eq(ev->c.n.misses, po->c.n.misses);
    ck_assert_uint_eq(ev->c.n.conflicts, po->c.n.conflicts);
    ck_assert_uint_eq(ev->c.n.forwarded, po->c.n.forwarded);
    ck_assert_uint_eq(ev->c.n.merged, po->c.n.merged);
    ck_assert_uint_gt(ev->c.n.refreshes, 10);
    eng_fini(ev);
    eng_fini(po);
    free(ev);
    free(po);
}
END_TEST

Suite *dram_polling_suite(void)
{
    Suite *s = suite_create("dram_polling");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_dram_steps_decide_as_a_look_every_cycle, 0,
                        (int)(sizeof(scenarios) / sizeof(scenarios[0])));
    suite_add_tcase(s, tc);
    return s;
}
