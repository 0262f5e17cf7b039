/* pipelines/bpred.c - the table of direction predictors and the branch
 * prediction unit around them (see bpred.h): a set-associative BTB with LRU
 * replacement holding full-pc tags and targets, and a circular
 * return-address stack that overwrites its oldest entry when full. A new
 * predictor is one file plus one line in bp_dirs below.
 *
 * Not modelled: BTB target compression and partial tags (so no aliasing
 * between branches), a separate indirect-target predictor (indirect jumps
 * use the BTB's last target), RAS repair after mispredictions (the stack is
 * only ever pushed and popped by correct-path calls and returns). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pipelines/bpred.h"

extern const struct bp_dir bp_static;
extern const struct bp_dir bp_bimodal;
extern const struct bp_dir bp_gshare;
extern const struct bp_dir bp_tournament;
extern const struct bp_dir bp_tage;

const struct bp_dir *const bp_dirs[] = {
    &bp_static,
    &bp_bimodal,
    &bp_gshare,
    &bp_tournament,
    &bp_tage,
};
const int bp_n_dirs = (int)(sizeof(bp_dirs) / sizeof(bp_dirs[0]));

const struct bp_dir *bp_find(const char *name)
{
    for (int i = 0; i < bp_n_dirs; i++)
        if (strcmp(bp_dirs[i]->name, name) == 0)
            return bp_dirs[i];
    return NULL;
}

void bp_names(char *buf, size_t n)
{
    size_t k = 0;

    if (n)
        buf[0] = '\0';
    for (int i = 0; i < bp_n_dirs && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? "|" : "", bp_dirs[i]->name);
}

static bool pow2(uint64_t x)
{
    return x && !(x & (x - 1));
}

int bp_init(struct bpred *bp, const struct bp_cfg *cfg, char *why, size_t why_len)
{
    const struct bp_dir *dir = bp_find(cfg->kind ? cfg->kind : "");
    const char *bad;
    char names[128];

    memset(bp, 0, sizeof(*bp));
    if (!dir) {
        bp_names(names, sizeof(names));
        snprintf(why, why_len, "bpred: unknown predictor '%s'; expected %s",
                 cfg->kind ? cfg->kind : "", names);
        return -1;
    }
    if (!pow2(cfg->btb_sets)) {
        snprintf(why, why_len, "btb_sets: must be a power of two, got %u", cfg->btb_sets);
        return -1;
    }
    bad = dir->check ? dir->check(cfg) : NULL;
    if (bad) {
        snprintf(why, why_len, "%s", bad);
        return -1;
    }
    bp->cfg = *cfg;
    bp->dir = dir;
    bp->state = calloc(1, dir->state_bytes(cfg) ? dir->state_bytes(cfg) : 1);
    bp->btb = calloc((size_t)cfg->btb_sets * cfg->btb_ways, sizeof(*bp->btb));
    bp->ras = calloc(cfg->ras, sizeof(*bp->ras));
    if (!bp->state || !bp->btb || !bp->ras) {
        bp_fini(bp);
        snprintf(why, why_len, "out of memory for the branch predictor");
        return -1;
    }
    if (dir->init)
        dir->init(bp->state, cfg);
    bp->dir_reads = dir->reads ? dir->reads(cfg) : 1;
    bp->btb_mask = cfg->btb_sets - 1;
    return 0;
}

void bp_fini(struct bpred *bp)
{
    free(bp->state);
    free(bp->btb);
    free(bp->ras);
    bp->state = NULL;
    bp->btb = NULL;
    bp->ras = NULL;
}

/* O(ways) lookup and LRU by stamp: fine for the few ways of a BTB. */
static struct btb_entry *btb_set(const struct bpred *bp, uint64_t pc)
{
    return &bp->btb[((pc >> 1) & bp->btb_mask) * bp->cfg.btb_ways];
}

/* Look the branch at pc up; *target is its target when found. Inline:
 * once per predicted-taken branch, the call would cost a third of it. */
static inline __attribute__((always_inline)) bool btb_lookup(struct bpred *bp, uint64_t pc,
                                                             uint64_t *target)
{
    struct btb_entry *s = btb_set(bp, pc);

    bp->ev.btb_read++;
    for (uint32_t w = 0; w < bp->cfg.btb_ways; w++) {
        if (s[w].pc == pc && pc) {
            s[w].stamp = ++bp->stamp;
            *target = s[w].target;
            bp->st.btb_hits++;
            return true;
        }
    }
    bp->st.btb_misses++;
    return false;
}

static void btb_insert(struct bpred *bp, uint64_t pc, uint64_t target)
{
    struct btb_entry *s = btb_set(bp, pc), *v = &s[0];

    for (uint32_t w = 0; w < bp->cfg.btb_ways; w++) {
        if (s[w].pc == pc) {
            v = &s[w];
            break;
        }
        if (s[w].stamp < v->stamp)
            v = &s[w];
    }
    if (v->pc == pc && v->target == target)
        return;
    bp->ev.btb_write++;
    v->pc = pc;
    v->target = target;
    v->stamp = ++bp->stamp;
}

static void ras_push(struct bpred *bp, uint64_t ret)
{
    bp->ev.ras++;
    bp->ras[bp->ras_top] = ret;
    bp->ras_top = (bp->ras_top + 1) % bp->cfg.ras;
    if (bp->ras_n < bp->cfg.ras)
        bp->ras_n++;
}

static bool ras_pop(struct bpred *bp, uint64_t *ret)
{
    bp->ev.ras++;
    if (bp->ras_n == 0)
        return false;
    bp->ras_top = (bp->ras_top + bp->cfg.ras - 1) % bp->cfg.ras;
    bp->ras_n--;
    *ret = bp->ras[bp->ras_top];
    return true;
}

int bp_predict(struct bpred *bp, const sim_inst *in)
{
    uint64_t t = 0;
    bool hit;
    int r = BP_OK;
    int kind = in->branch < SIM_BR_COUNT ? in->branch : SIM_BR_INDIRECT;

    bp->st.branches[kind]++;
    switch (kind) {
    case SIM_BR_COND: {
        bool p = bp->dir->predict(bp->state, in->pc, in->target);

        bp->ev.dir_read += bp->dir_reads;
        bp->ev.dir_write += (uint64_t)bp->dir->update(bp->state, in->pc, in->taken);
        /* a hit with the right target leaves nothing for btb_insert to do */
        if (p != (in->taken != 0)) {
            r = BP_MISPREDICT;
        } else if (p) {
            hit = btb_lookup(bp, in->pc, &t);
            if (!hit || t != in->target)
                r = BP_MISFETCH;
            else
                break;
        }
        if (in->taken)
            btb_insert(bp, in->pc, in->target);
        break;
    }
    case SIM_BR_CALL:
        ras_push(bp, in->pc + in->size);
        /* fall through */
    case SIM_BR_JUMP:
        hit = btb_lookup(bp, in->pc, &t);
        if (!hit || t != in->target)
            r = BP_MISFETCH;
        else
            break;
        btb_insert(bp, in->pc, in->target);
        break;
    case SIM_BR_CALL_INDIRECT:
        ras_push(bp, in->pc + in->size);
        /* fall through */
    case SIM_BR_INDIRECT:
        hit = btb_lookup(bp, in->pc, &t);
        if (!hit || t != in->target)
            r = BP_MISPREDICT;
        else
            break;
        btb_insert(bp, in->pc, in->target);
        break;
    case SIM_BR_RETURN:
        if (!ras_pop(bp, &t) || t != in->target)
            r = BP_MISPREDICT;
        break;
    default:
        break;
    }
    if (r == BP_MISPREDICT)
        bp->st.mispredicts[kind]++;
    else if (r == BP_MISFETCH)
        bp->st.misfetches++;
    return r;
}

bool bp_peek_target(const struct bpred *bp, const sim_inst *in, uint64_t *target)
{
    const struct btb_entry *s;

    if (in->branch == SIM_BR_RETURN) {
        if (bp->ras_n == 0)
            return false;
        *target = bp->ras[(bp->ras_top + bp->cfg.ras - 1) % bp->cfg.ras];
        return true;
    }
    s = btb_set(bp, in->pc);
    for (uint32_t w = 0; w < bp->cfg.btb_ways; w++) {
        if (s[w].pc == in->pc && in->pc) {
            *target = s[w].target;
            return true;
        }
    }
    return false;
}
