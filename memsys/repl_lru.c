/* memsys/repl_lru.c - true least-recently-used replacement.
 *
 * Up to 16 ways, a set keeps its ways in recency order as 4-bit way numbers
 * packed in one 64-bit word, least recently used in the lowest nibble: a
 * hit or fill moves its way to the top (found with one word-wide compare),
 * the victim is the bottom nibble. O(1) per hit and per victim, 8 bytes a
 * set. Ways never used sit at the bottom in way order, as they start.
 *
 * Wider sets keep, per way, the value of a per-cache 32-bit use counter at
 * its last hit or fill; the victim is the way with the smallest (the first
 * of equals). O(1) per hit, O(assoc) per victim, 4 bytes a way. When the
 * counter would wrap, every set's stamps are renumbered 1..assoc in the
 * same order (repl_renumber), once per 4 billion uses.
 *
 * Both give the same victims: ways ordered by their last use, never-used
 * ways first in way order. (A hardware LRU keeps log2(assoc) bits a way;
 * timing is the same.) */
#include "memsys/repl.h"

static size_t lru_set_bytes(uint32_t assoc)
{
    return assoc <= LRU_PACKED_WAYS ? sizeof(uint64_t) : assoc * sizeof(uint32_t);
}

static void lru_init(struct repl *r)
{
    uint64_t order = 0;

    if (r->assoc > LRU_PACKED_WAYS)
        return;                     /* stamps start at 0 */
    for (uint32_t w = 0; w < r->assoc; w++)
        order |= (uint64_t)w << (4 * w);
    for (uint32_t set = 0; set < r->nsets; set++)
        *(uint64_t *)repl_set(r, set) = order;
}

static void lru_touch(struct repl *r, uint32_t set, uint32_t way)
{
    if (r->assoc <= LRU_PACKED_WAYS) {
        lru16_touch(repl_set(r, set), r->assoc, way);
        return;
    }
    {
        uint32_t *clock = r->global;
        uint32_t *stamp = repl_set(r, set);

        if (*clock == UINT32_MAX)
            repl_renumber(r);
        stamp[way] = ++*clock;
    }
}

static uint32_t lru_victim(struct repl *r, uint32_t set)
{
    const uint32_t *stamp = repl_set(r, set);
    uint32_t v = 0, min = stamp[0];

    if (r->assoc <= LRU_PACKED_WAYS)
        return lru16_victim(repl_set(r, set));
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
    .init = lru_init,
    .hit = lru_touch,
    .fill = lru_touch,
    .victim = lru_victim,
};
