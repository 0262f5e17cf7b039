/* pipelines/bp_tournament.c - tournament prediction as in the Alpha 21264
 * (R. E. Kessler, "The Alpha 21264 microprocessor", IEEE Micro 1999): a
 * local predictor (per-branch history -> 3-bit counters), a global one
 * (global history -> 2-bit counters) and a choice table (global history ->
 * 2-bit counters) that picks between them and is trained only when they
 * disagree. Sizes: bp_local_table histories of bp_local_history bits,
 * 2^bp_local_history local counters, bp_table global and choice counters
 * indexed by the low bp_history bits of the global history. */
#include <stddef.h>
#include "pipelines/bpred.h"

struct tournament {
    uint32_t lmask, lhmask, gmask;
    uint64_t hist;
    uint32_t li, gi;                /* of the branch just predicted */
    bool lp, gp;
    uint16_t *lhist;
    uint8_t *lctr, *gctr, *choice;
    unsigned char mem[];
};

static size_t tournament_bytes(const struct bp_cfg *cfg)
{
    return sizeof(struct tournament) + cfg->local_table * sizeof(uint16_t) +
           ((size_t)1 << cfg->local_history) + 2 * (size_t)cfg->table;
}

static const char *tournament_check(const struct bp_cfg *cfg)
{
    if (!sim_is_pow2(cfg->table))
        return "bp_table: must be a power of two";
    if (!sim_is_pow2(cfg->local_table))
        return "bp_local_table: must be a power of two";
    return NULL;
}

static void tournament_init(void *st, const struct bp_cfg *cfg)
{
    struct tournament *t = st;
    unsigned char *p = t->mem;

    t->lhist = (uint16_t *)p;
    p += cfg->local_table * sizeof(uint16_t);
    t->lctr = p;
    p += (size_t)1 << cfg->local_history;
    t->gctr = p;
    p += cfg->table;
    t->choice = p;
    t->lmask = cfg->local_table - 1;
    t->lhmask = (1u << cfg->local_history) - 1;
    t->gmask = (cfg->table - 1) & (uint32_t)((1ull << cfg->history) - 1);
    for (uint32_t i = 0; i <= t->lhmask; i++)
        t->lctr[i] = 3;             /* 3-bit, weakly not taken */
    for (uint32_t i = 0; i < cfg->table; i++) {
        t->gctr[i] = 1;
        t->choice[i] = 2;           /* weakly global */
    }
}

static bool tournament_predict(void *st, uint64_t pc, uint64_t target)
{
    struct tournament *t = st;

    t->li = (uint32_t)(pc >> 1) & t->lmask;
    t->gi = (uint32_t)t->hist & t->gmask;
    t->lp = t->lctr[t->lhist[t->li] & t->lhmask] >= 4;
    t->gp = t->gctr[t->gi] >= 2;
    return t->choice[t->gi] >= 2 ? t->gp : t->lp;
}

static int tournament_update(void *st, uint64_t pc, bool taken)
{
    struct tournament *t = st;
    uint8_t *l = &t->lctr[t->lhist[t->li] & t->lhmask];
    int writes = 3;

    if (t->lp != t->gp) {
        bp_ctr2(&t->choice[t->gi], t->gp == taken);
        writes++;
    }
    if (taken && *l < 7)
        (*l)++;
    else if (!taken && *l > 0)
        (*l)--;
    bp_ctr2(&t->gctr[t->gi], taken);
    t->lhist[t->li] = (uint16_t)(((t->lhist[t->li] << 1) | taken) & t->lhmask);
    t->hist = (t->hist << 1) | taken;
    return writes;
}

static unsigned tournament_reads(const struct bp_cfg *cfg)
{
    return 4;                       /* local history, local, global and choice counters */
}

const struct bp_dir bp_tournament = {
    .name = "tournament",
    .doc = "local and global predictors and a choice table (Alpha 21264 style)",
    .state_bytes = tournament_bytes, .check = tournament_check, .init = tournament_init,
    .predict = tournament_predict, .update = tournament_update, .reads = tournament_reads,
};
