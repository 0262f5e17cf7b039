/* pipelines/bp_static.c - static branch direction prediction: never taken,
 * always taken, or backward taken / forward not taken (BTFN, the rule of
 * loops closing with a backward branch). No tables, so no energy. */
#include "pipelines/bpred.h"

static size_t static_bytes(const struct bp_cfg *cfg)
{
    return sizeof(int);
}

static void static_init(void *st, const struct bp_cfg *cfg)
{
    *(int *)st = cfg->static_policy;
}

static bool static_predict(void *st, uint64_t pc, uint64_t target)
{
    switch (*(int *)st) {
    case BP_STATIC_TAKEN:
        return true;
    case BP_STATIC_BTFN:
        return target < pc;
    default:
        return false;
    }
}

static int static_update(void *st, uint64_t pc, bool taken)
{
    return 0;
}

static unsigned static_reads(const struct bp_cfg *cfg)
{
    return 0;
}

const struct bp_dir bp_static = {
    .name = "static", .doc = "no tables: not_taken, taken or btfn (bp_static)",
    .state_bytes = static_bytes, .init = static_init, .predict = static_predict,
    .update = static_update, .reads = static_reads,
};
