/* tests/unit/memsys/test_dram_engine.c - the DRAM timing engine
 * (memsys/dram_ctrl.c) under long random traffic, checked command by
 * command against an independent model of the JEDEC rules: every ACT, PRE,
 * PREA, RD/WR (with auto-precharge), REF and power-down exit is checked
 * against the full history of its bank, rank and channel (tRCD, tRP, tRAS,
 * tRC, tRRD_S/L, tFAW, tCCD_S/L, tWTR_S/L, read-to-write turnaround, tRTP,
 * tWR, tRFC, tXP, one command per cycle, data-bus overlap and tRTRS between
 * ranks), refresh intervals are bounded, every request completes, and the
 * background cycles of every rank add up to the elapsed time. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memsys/dram_ctrl.h"

#define MAXR 2
#define MAXC 2
#define MAXB 16

struct cbank {
    bool open;
    uint32_t row;
    int64_t act, pre, rd, wr, close_at;
};

struct crank {
    struct cbank b[MAXB];
    int64_t ref, pdx, last_ref, max_ref_gap;
    int64_t acts[4];
    int nacts;
    int64_t last_rd[MAXB], last_wr[MAXB];  /* per bank group */
    uint64_t refs;
};

struct checker {
    const struct dram_spec *sp;
    struct crank r[MAXC][MAXR];
    int64_t last_cmd[MAXC], bus_end[MAXC];
    int bus_rank[MAXC];
    int violations;
    char first[160];
};

struct req {
    uint64_t arrive, end;
    bool done;
};

struct run {
    struct dram_ctrl c;
    struct checker k;
    uint64_t wake[MAXC];
    int done;
};

static void viol(struct checker *k, const char *what, int64_t t, int64_t need)
{
    if (!k->violations++)
        snprintf(k->first, sizeof(k->first), "%s at cycle %lld, allowed from %lld", what,
                 (long long)t, (long long)need);
}

#define NEED(k, what, t, need) do { if ((t) < (need)) viol(k, what, t, need); } while (0)

static void check_cmd(void *user, uint64_t t64, int cmd, const struct dram_addr *a)
{
    struct checker *k = &((struct run *)user)->k;
    const struct dram_spec *sp = k->sp;
    struct crank *rk = &k->r[a->ch][a->rank];
    int64_t t = (int64_t)t64, burst = sp->BL / 2;
    uint32_t nb = sp->bankgroups * sp->banks_per_group, bi = a->bg * sp->banks_per_group + a->bank;
    struct cbank *b = &rk->b[bi];

    if (cmd == DRAM_CMD_PDX) {
        rk->pdx = t;
        return;
    }
    NEED(k, "one command per cycle", t, k->last_cmd[a->ch] + 1);
    k->last_cmd[a->ch] = t;
    NEED(k, "tXP", t, rk->pdx + sp->tXP);
    for (uint32_t i = 0; i < nb; i++) {     /* auto-precharges that took effect */
        struct cbank *x = &rk->b[i];

        if (x->open && x->close_at >= 0 && x->close_at <= t) {
            x->open = false;
            x->pre = x->close_at;
            x->close_at = -1;
        }
    }
    switch (cmd) {
    case DRAM_CMD_ACT:
        if (b->open)
            viol(k, "ACT to an open bank", t, 0);
        NEED(k, "tRP", t, b->pre + sp->tRP);
        NEED(k, "tRC", t, b->act + sp->tRC);
        NEED(k, "tRFC", t, rk->ref + sp->tRFC);
        for (uint32_t i = 0; i < nb; i++)
            if (i != bi)
                NEED(k, "tRRD", t, rk->b[i].act + (i / sp->banks_per_group == a->bg ? sp->tRRD_L
                                                                                     : sp->tRRD_S));
        if (rk->nacts >= 4)
            NEED(k, "tFAW", t, rk->acts[rk->nacts % 4] + sp->tFAW);
        rk->acts[rk->nacts++ % 4] = t;
        b->open = true;
        b->row = a->row;
        b->act = t;
        b->close_at = -1;
        break;
    case DRAM_CMD_PRE:
    case DRAM_CMD_PREA:
        for (uint32_t i = 0; i < nb; i++) {
            struct cbank *x = &rk->b[i];

            if ((cmd == DRAM_CMD_PRE && i != bi) || x->close_at >= 0)
                continue;
            if (!x->open) {
                if (cmd == DRAM_CMD_PRE)
                    viol(k, "PRE to a closed bank", t, 0);
                continue;
            }
            NEED(k, "tRAS", t, x->act + sp->tRAS);
            NEED(k, "tRTP", t, x->rd + sp->tRTP);
            NEED(k, "tWR", t, x->wr + sp->CWL + burst + sp->tWR);
            x->open = false;
            x->pre = t;
        }
        break;
    case DRAM_CMD_RD:
    case DRAM_CMD_RDA:
    case DRAM_CMD_WR:
    case DRAM_CMD_WRA: {
        bool w = cmd == DRAM_CMD_WR || cmd == DRAM_CMD_WRA;
        int64_t ds = t + (w ? sp->CWL : sp->CL);

        if (!b->open || b->close_at >= 0 || b->row != a->row)
            viol(k, "column command without its row open", t, 0);
        NEED(k, "tRCD", t, b->act + sp->tRCD);
        for (uint32_t g = 0; g < sp->bankgroups; g++) {
            int64_t ccd = g == a->bg ? sp->tCCD_L : sp->tCCD_S;

            ccd = ccd < burst ? burst : ccd;
            if (w) {
                NEED(k, "tCCD (write)", t, rk->last_wr[g] + ccd);
                NEED(k, "read to write", t, rk->last_rd[g] + sp->CL + burst + 2 - sp->CWL);
            } else {
                NEED(k, "tCCD (read)", t, rk->last_rd[g] + ccd);
                NEED(k, "tWTR", t, rk->last_wr[g] + sp->CWL + burst +
                                       (g == a->bg ? sp->tWTR_L : sp->tWTR_S));
            }
        }
        NEED(k, "data bus", ds, k->bus_end[a->ch] +
             (k->bus_rank[a->ch] >= 0 && k->bus_rank[a->ch] != (int)a->rank ? sp->tRTRS : 0));
        k->bus_end[a->ch] = ds + burst;
        k->bus_rank[a->ch] = (int)a->rank;
        if (w) {
            rk->last_wr[a->bg] = t;
            b->wr = t;
        } else {
            rk->last_rd[a->bg] = t;
            b->rd = t;
        }
        if (cmd == DRAM_CMD_RDA || cmd == DRAM_CMD_WRA) {
            int64_t p = b->act + sp->tRAS, q = w ? t + sp->CWL + burst + sp->tWR : t + sp->tRTP;

            b->close_at = p > q ? p : q;
        }
        break;
    }
    case DRAM_CMD_REF:
        for (uint32_t i = 0; i < nb; i++) {
            if (rk->b[i].open)
                viol(k, "REF with a bank open", t, 0);
            NEED(k, "REF after tRP", t, rk->b[i].pre + sp->tRP);
            NEED(k, "REF after tRC", t, rk->b[i].act + sp->tRC);
        }
        NEED(k, "REF after tRFC", t, rk->ref + sp->tRFC);
        if (rk->last_ref >= 0 && t - rk->last_ref > rk->max_ref_gap)
            rk->max_ref_gap = t - rk->last_ref;
        rk->last_ref = rk->ref = t;
        rk->refs++;
        break;
    }
}

static void checker_init(struct checker *k, const struct dram_spec *sp)
{
    memset(k, 0, sizeof(*k));
    k->sp = sp;
    for (int c = 0; c < MAXC; c++) {
        k->last_cmd[c] = -1;
        k->bus_end[c] = -1000;
        k->bus_rank[c] = -1;
        for (int r = 0; r < MAXR; r++) {
            struct crank *rk = &k->r[c][r];

            rk->ref = rk->pdx = -100000;
            rk->last_ref = -1;
            for (int g = 0; g < MAXB; g++)
                rk->last_rd[g] = rk->last_wr[g] = -100000;
            for (int b = 0; b < MAXB; b++) {
                rk->b[b].act = rk->b[b].pre = rk->b[b].rd = rk->b[b].wr = -100000;
                rk->b[b].close_at = -1;
            }
        }
    }
}

/* ------------------------------------------------------------ driver */

static void done_cb(void *user, void *owner, uint64_t end, int kind, bool write)
{
    struct run *r = user;
    struct req *q = owner;

    ck_assert(!q->done);
    ck_assert_uint_ge(end, q->arrive);
    q->end = end;
    q->done = true;
    r->done++;
}

static void run_until(struct run *r, uint64_t t)
{
    for (;;) {
        uint64_t best = DRAM_NEVER;
        int bc = -1;

        for (uint32_t i = 0; i < r->c.cfg.channels; i++)
            if (r->wake[i] < best) {
                best = r->wake[i];
                bc = (int)i;
            }
        if (bc < 0 || best > t)
            return;
        r->wake[bc] = dram_ctrl_step(&r->c, (uint32_t)bc, best);
        ck_assert_uint_gt(r->wake[bc], best);
    }
}

struct scenario {
    int preset, policy, sched;
    uint32_t ranks, channels, powerdown;
    double writes;
    uint64_t range;
    int gap;
};

static const struct scenario scenarios[] = {
    { DRAM_DDR4_2400, DRAM_OPEN_PAGE, DRAM_FRFCFS, 1, 1, 0, 0.3, 1ull << 33, 40 },
    { DRAM_DDR4_2400, DRAM_CLOSED_PAGE, DRAM_FRFCFS, 2, 2, 30, 0.3, 1ull << 33, 30 },
    { DRAM_DDR4_3200, DRAM_OPEN_PAGE, DRAM_FRFCFS, 2, 1, 50, 0.5, 1ull << 20, 20 },
    { DRAM_DDR4_3200, DRAM_OPEN_PAGE, DRAM_FCFS, 1, 2, 0, 0.3, 1ull << 22, 10 },
    { DRAM_LPDDR4_3200, DRAM_OPEN_PAGE, DRAM_FRFCFS, 2, 2, 20, 0.4, 1ull << 24, 15 },
    { DRAM_LPDDR4_3200, DRAM_CLOSED_PAGE, DRAM_FCFS, 1, 1, 0, 0.7, 1ull << 30, 40 },
    { DRAM_DDR4_3200, DRAM_OPEN_PAGE, DRAM_FRFCFS, 2, 2, 10, 0.3, 1ull << 16, 2 },
};

START_TEST(test_dram_engine_obeys_jedec_rules)
{
    const struct scenario *sc = &scenarios[_i];
    struct run *r = calloc(1, sizeof(*r));
    struct dram_ctrl_cfg cfg = {
        .spec = *dram_preset(sc->preset), .channels = sc->channels, .xor_bank = _i % 2,
        .page_policy = sc->policy, .scheduler = sc->sched, .read_queue = 16,
        .write_queue = 16, .write_high = 12, .write_low = 4, .powerdown = sc->powerdown,
        .refresh = true,
    };
    const struct dram_spec *sp;
    const char *param;
    enum { N = 40000 };
    struct req *q = calloc(N, sizeof(*q));
    uint64_t x = 0x9E3779B97F4A7C15ull + _i, now = 0, end, bg = 0, bound;
    int sent = 0;

    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(q);
    cfg.spec.ranks = sc->ranks;
    ck_assert_ptr_null(dram_ctrl_check(&cfg, &param));
    ck_assert_int_eq(dram_ctrl_init(&r->c, &cfg, done_cb, check_cmd, r), 0);
    sp = r->c.sp;
    checker_init(&r->k, sp);
    for (int i = 0; i < MAXC; i++)
        r->wake[i] = DRAM_NEVER;
    while (sent < N) {
        struct dram_addr a;
        uint64_t addr, when;
        int rc;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        now += x % 211 == 0 ? 20000 + x % 9000 : x % (uint64_t)sc->gap;  /* idle gaps too */
        run_until(r, now);
        addr = (x >> 7) % sc->range;
        q[sent].arrive = now;
        rc = dram_ctrl_enqueue(&r->c, now, addr, (x >> 40) % 100 < sc->writes * 100, &q[sent],
                               &when);
        if (rc < 0)
            continue;               /* full: a new address next time */
        sent++;
        if (rc > 0) {
            dram_map(&r->c, addr, &a);
            if (r->wake[a.ch] > when)
                r->wake[a.ch] = when;
        }
    }
    run_until(r, DRAM_NEVER - 1);
    ck_assert_msg(r->k.violations == 0, "%d violations, first: %s", r->k.violations, r->k.first);
    ck_assert_int_eq(r->done, N);
    /* refresh: at most one due time's worth of delay between two REFs */
    bound = sp->tREFI + sp->tXP + sp->tRP + 4 +
            (sp->tRAS > sp->CWL + sp->BL / 2 + sp->tWR ? sp->tRAS : sp->CWL + sp->BL / 2 + sp->tWR);
    end = now + 100000;
    dram_ctrl_sync(&r->c, end);
    for (uint32_t c = 0; c < sc->channels; c++)
        for (uint32_t k = 0; k < sc->ranks; k++) {
            ck_assert_int_le(r->k.r[c][k].max_ref_gap, (int64_t)bound);
            ck_assert_uint_ge(r->k.r[c][k].refs, now / sp->tREFI - 1);
        }
    for (int e = DRAM_EV_ACT_STBY; e <= DRAM_EV_PRE_PDN; e++)
        bg += r->c.n.ev[e];
    ck_assert_uint_eq(bg, end * sc->ranks * sc->channels);
    if (sc->powerdown)
        ck_assert_uint_gt(r->c.n.pd_exits, 0);
    ck_assert_uint_eq(r->c.n.reads + r->c.n.writes + r->c.n.forwarded + r->c.n.merged, N);
    dram_ctrl_fini(&r->c);
    free(q);
    free(r);
}
END_TEST

/* The mapping string puts each field where it says, from the top down. */
START_TEST(test_dram_engine_mapping_fields)
{
    struct dram_ctrl c;
    struct dram_ctrl_cfg cfg = {
        .spec = *dram_preset(DRAM_DDR4_2400), .channels = 2, .read_queue = 4,
        .write_queue = 4, .write_high = 2, .write_low = 1,
        .mapping = "row:rank:bankgroup:bank:channel:column",
    };
    struct dram_addr a;
    const char *param;

    cfg.spec.ranks = 2;
    ck_assert_ptr_null(dram_ctrl_check(&cfg, &param));
    ck_assert_int_eq(dram_ctrl_init(&c, &cfg, NULL, NULL, NULL), 0);
    /* 6 offset bits, 7 column, 1 channel, 2 bank, 2 bank group, 1 rank, 16 row */
    dram_map(&c, (5ull << 6) | (1ull << 13) | (3ull << 14) | (2ull << 16) | (1ull << 18) |
                     (777ull << 19), &a);
    ck_assert_uint_eq(a.col, 5);
    ck_assert_uint_eq(a.ch, 1);
    ck_assert_uint_eq(a.bank, 3);
    ck_assert_uint_eq(a.bg, 2);
    ck_assert_uint_eq(a.rank, 1);
    ck_assert_uint_eq(a.row, 777);
    dram_ctrl_fini(&c);
}
END_TEST

START_TEST(test_dram_engine_check_names_param)
{
    struct dram_ctrl_cfg cfg = {
        .spec = *dram_preset(DRAM_DDR4_2400), .channels = 3, .read_queue = 4,
        .write_queue = 4, .write_high = 2, .write_low = 1,
    };
    const char *param = NULL;

    ck_assert_ptr_nonnull(dram_ctrl_check(&cfg, &param));
    ck_assert_str_eq(param, "channels");
    cfg.channels = 1;
    cfg.mapping = "row:rank:bank:bank:column:channel";
    ck_assert_ptr_nonnull(dram_ctrl_check(&cfg, &param));
    ck_assert_str_eq(param, "mapping");
    cfg.mapping = NULL;
    cfg.spec.tRC = cfg.spec.tRAS;
    ck_assert_ptr_nonnull(dram_ctrl_check(&cfg, &param));
    ck_assert_str_eq(param, "tRC");
}
END_TEST

Suite *dram_engine_suite(void)
{
    Suite *s = suite_create("dram_engine");
    TCase *tc = tcase_create("dram_engine");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_dram_engine_obeys_jedec_rules, 0, (int)(sizeof(scenarios) / sizeof(scenarios[0])));
    tcase_add_test(tc, test_dram_engine_mapping_fields);
    tcase_add_test(tc, test_dram_engine_check_names_param);
    suite_add_tcase(s, tc);
    return s;
}
