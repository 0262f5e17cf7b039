/* pipelines/bp_bimodal.c - bimodal prediction (J. E. Smith, "A study of
 * branch prediction strategies", ISCA 1981): a table of 2-bit saturating
 * counters indexed by the branch address alone. */
#include "pipelines/bpred.h"

struct bimodal {
    uint32_t mask;
    uint32_t idx;                   /* of the branch just predicted */
    uint8_t ctr[];
};

static size_t bimodal_bytes(const struct bp_cfg *cfg)
{
    return sizeof(struct bimodal) + cfg->table;
}

static const char *bimodal_check(const struct bp_cfg *cfg)
{
    return sim_is_pow2(cfg->table) ? NULL : "bp_table: must be a power of two";
}

static void bimodal_init(void *st, const struct bp_cfg *cfg)
{
    struct bimodal *b = st;

    b->mask = cfg->table - 1;
    for (uint32_t i = 0; i < cfg->table; i++)
        b->ctr[i] = 1;              /* weakly not taken */
}

static bool bimodal_predict(void *st, uint64_t pc, uint64_t target)
{
    struct bimodal *b = st;

    b->idx = (uint32_t)(pc >> 1) & b->mask;
    return b->ctr[b->idx] >= 2;
}

static int bimodal_update(void *st, uint64_t pc, bool taken)
{
    struct bimodal *b = st;

    bp_ctr2(&b->ctr[b->idx], taken);
    return 1;
}

const struct bp_dir bp_bimodal = {
    .name = "bimodal", .doc = "2-bit counters indexed by pc (bp_table entries)",
    .state_bytes = bimodal_bytes, .check = bimodal_check, .init = bimodal_init,
    .predict = bimodal_predict, .update = bimodal_update,
};
