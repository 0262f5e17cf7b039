/* memsys/repl_plru.c - tree pseudo-LRU: assoc-1 bits per set form a binary
 * tree over the ways (node 1 is the root, node n has children 2n and 2n+1,
 * leaves assoc..2*assoc-1 are the ways). Each bit points toward the half to
 * evict from next; a hit or fill flips the bits on its path to point away.
 * Needs a power-of-two associativity (up to 64: the bits are one word). */
#include "memsys/repl.h"

static size_t plru_set_bytes(uint32_t assoc)
{
    return sizeof(uint64_t);
}

static const char *plru_check(uint32_t nsets, uint32_t assoc)
{
    if (assoc == 0 || (assoc & (assoc - 1)) != 0 || assoc > 64)
        return "plru needs a power-of-two associativity of at most 64";
    return NULL;
}

static void plru_touch(struct repl *r, uint32_t set, uint32_t way)
{
    uint64_t *bits = repl_set(r, set);
    uint32_t node = way + r->assoc;     /* the leaf */

    while (node > 1) {
        uint32_t parent = node >> 1;

        /* node is the left child (even): point right (1), and vice versa */
        if (node & 1)
            *bits &= ~(1ull << parent);
        else
            *bits |= 1ull << parent;
        node = parent;
    }
}

static uint32_t plru_victim(struct repl *r, uint32_t set)
{
    const uint64_t bits = *(const uint64_t *)repl_set(r, set);
    uint32_t node = 1;

    while (node < r->assoc)
        node = 2 * node + (uint32_t)((bits >> node) & 1);
    return node - r->assoc;
}

const struct repl_policy repl_plru = {
    .name = "plru",
    .doc = "tree pseudo-LRU (power-of-two associativity)",
    .set_bytes = plru_set_bytes,
    .check = plru_check,
    .hit = plru_touch,
    .fill = plru_touch,
    .victim = plru_victim,
};
