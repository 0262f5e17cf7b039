/* memsys/repl_lru.c - true least-recently-used replacement. Each way holds
 * the value of a per-cache 32-bit use counter at its last hit or fill; the
 * victim is the way with the smallest. O(1) per hit, O(assoc) per victim; 4
 * bytes per way (a hardware LRU keeps log2(assoc) bits; timing is the same).
 * When the counter would wrap, every set's stamps are renumbered 1..assoc
 * in the same order (repl_renumber), once per 4 billion uses. */
#include "memsys/repl.h"

static size_t lru_set_bytes(uint32_t assoc)
{
    return assoc * sizeof(uint32_t);
}

static void lru_touch(struct repl *r, uint32_t set, uint32_t way)
{
    uint32_t *clock = r->global;
    uint32_t *stamp = repl_set(r, set);

    if (*clock == UINT32_MAX)
        repl_renumber(r);
    stamp[way] = ++*clock;
}

static uint32_t lru_victim(struct repl *r, uint32_t set)
{
    const uint32_t *stamp = repl_set(r, set);
    uint32_t v = 0, min = stamp[0];

    for (uint32_t w = 1; w < r->assoc; w++) {   /* first smallest; branch-free */
        uint32_t s = stamp[w];

        v = s < min ? w : v;
        min = s < min ? s : min;
    }
    return v;
}

const struct repl_policy repl_lru = {
    .name = "lru",
    .doc = "least recently used",
    .set_bytes = lru_set_bytes,
    .global_bytes = sizeof(uint32_t),
    .hit = lru_touch,
    .fill = lru_touch,
    .victim = lru_victim,
};
