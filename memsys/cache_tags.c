/* memsys/cache_tags.c - set-up of a cache tag store (see cache_tags.h; the
 * per-access calls are inline there). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_type.h>
#include "memsys/cache_tags.h"

int tags_init(struct cache_tags *t, uint64_t size, uint64_t line, uint32_t assoc,
              const struct repl_policy *pol, uint64_t (*rand)(void *arg), void *rand_arg,
              char *why, size_t why_len)
{
    uint64_t nsets;

    memset(t, 0, sizeof(*t));
    if (line == 0 || (line & (line - 1)) != 0) {
        snprintf(why, why_len, "line size must be a power of two, got %llu",
                 (unsigned long long)line);
        return -1;
    }
    if (assoc == 0) {
        snprintf(why, why_len, "associativity must be at least 1");
        return -1;
    }
    nsets = size / (line * assoc);
    if (nsets == 0 || (nsets & (nsets - 1)) != 0 || nsets * line * assoc != size ||
        nsets > UINT32_MAX) {
        snprintf(why, why_len, "size/(line*assoc) must be a whole power of two, got %llu/(%llu*%u)",
                 (unsigned long long)size, (unsigned long long)line, assoc);
        return -1;
    }
    {
        struct tag_line k = {.raw = 0};

        k.tag = (1ull << 56) - 1;
        t->tag_mask = k.raw;
        k.raw = 0;
        k.state = 0xf;
        t->state_mask = k.raw;
    }
    t->nsets = (uint32_t)nsets;
    t->assoc = assoc;
    t->set_mask = nsets - 1;
    while ((1ull << t->line_shift) < line)
        t->line_shift++;
    t->lines = calloc(nsets * assoc, sizeof(*t->lines));
    t->hstride = (assoc + 7) & ~7u;
    t->hash = calloc(nsets * t->hstride, 1);
    if (!t->lines || !t->hash) {
        free(t->lines);
        free(t->hash);
        t->lines = NULL;
        t->hash = NULL;
        snprintf(why, why_len, "out of memory for %llu tags", (unsigned long long)(nsets * assoc));
        return -1;
    }
    if (repl_init(&t->repl, pol, t->nsets, assoc, rand, rand_arg, why, why_len) < 0) {
        free(t->lines);
        free(t->hash);
        t->lines = NULL;
        t->hash = NULL;
        return -1;
    }
    if (pol == &repl_lru && assoc <= LRU_PACKED_WAYS)
        t->lru16 = (uint64_t *)t->repl.sets;    /* one word a set (repl_lru.c) */
    return 0;
}

void tags_slice(struct cache_tags *t, uint32_t slices, uint64_t interleave)
{
    t->slice_bits = (uint32_t)sim_log2(slices);
    t->slice_lo = (interleave >> t->line_shift) - 1;
}

void tags_fini(struct cache_tags *t)
{
    repl_fini(&t->repl);
    free(t->lines);
    free(t->hash);
    memset(t, 0, sizeof(*t));
}

void tags_clear(struct cache_tags *t)
{
    memset(t->lines, 0, (size_t)t->nsets * t->assoc * sizeof(*t->lines));
    memset(t->hash, 0, (size_t)t->nsets * t->hstride);
}
