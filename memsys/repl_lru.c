/* memsys/repl_lru.c - true least-recently-used replacement. Each way holds
 * the value of a per-cache use counter at its last hit or fill; the victim is
 * the way with the smallest. O(1) per hit, O(assoc) per victim; 8 bytes per
 * way (a hardware LRU would keep log2(assoc) bits; timing is not affected). */
#include "memsys/repl.h"

static size_t lru_set_bytes(uint32_t assoc)
{
    return assoc * sizeof(uint64_t);
}

static void lru_touch(struct repl *r, uint32_t set, uint32_t way)
{
    uint64_t *clock = r->global;
    uint64_t *stamp = repl_set(r, set);

    stamp[way] = ++*clock;
}

static uint32_t lru_victim(struct repl *r, uint32_t set)
{
    const uint64_t *stamp = repl_set(r, set);
    uint32_t v = 0;

    for (uint32_t w = 1; w < r->assoc; w++)
        if (stamp[w] < stamp[v])
            v = w;
    return v;
}

const struct repl_policy repl_lru = {
    .name = "lru",
    .doc = "least recently used",
    .set_bytes = lru_set_bytes,
    .global_bytes = sizeof(uint64_t),
    .hit = lru_touch,
    .fill = lru_touch,
    .victim = lru_victim,
};
