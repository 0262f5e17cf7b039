/* pipelines/bp_gshare.c - gshare (S. McFarling, "Combining branch
 * predictors", DEC WRL TN-36, 1993): 2-bit counters indexed by the branch
 * address xor the global history of conditional branch outcomes. */
#include "pipelines/bpred.h"

struct gshare {
    uint32_t mask;
    uint64_t hmask, hist;
    uint32_t idx;                   /* of the branch just predicted */
    uint8_t ctr[];
};

static size_t gshare_bytes(const struct bp_cfg *cfg)
{
    return sizeof(struct gshare) + cfg->table;
}

static const char *gshare_check(const struct bp_cfg *cfg)
{
    return sim_is_pow2(cfg->table) ? NULL : "bp_table: must be a power of two";
}

static void gshare_init(void *st, const struct bp_cfg *cfg)
{
    struct gshare *g = st;

    g->mask = cfg->table - 1;
    g->hmask = cfg->history ? (1ull << cfg->history) - 1 : 0;
    for (uint32_t i = 0; i < cfg->table; i++)
        g->ctr[i] = 1;
}

static bool gshare_predict(void *st, uint64_t pc, uint64_t target)
{
    struct gshare *g = st;

    g->idx = (uint32_t)((pc >> 1) ^ g->hist) & g->mask;
    return g->ctr[g->idx] >= 2;
}

static int gshare_update(void *st, uint64_t pc, bool taken)
{
    struct gshare *g = st;

    bp_ctr2(&g->ctr[g->idx], taken);
    g->hist = ((g->hist << 1) | taken) & g->hmask;
    return 1;
}

const struct bp_dir bp_gshare = {
    .name = "gshare", .doc = "2-bit counters indexed by pc xor global history (bp_table, bp_history)",
    .state_bytes = gshare_bytes, .check = gshare_check, .init = gshare_init,
    .predict = gshare_predict, .update = gshare_update,
};
