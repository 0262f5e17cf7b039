/* memsys/repl_fifo.c - first-in first-out replacement: the victim is the
 * way filled longest ago; hits do not change the order. Fill order is kept
 * as a per-cache 32-bit counter value per way, renumbered before it wraps
 * (repl_renumber). */
#include "memsys/repl.h"

static size_t fifo_set_bytes(uint32_t assoc)
{
    return assoc * sizeof(uint32_t);
}

static void fifo_hit(struct repl *r, uint32_t set, uint32_t way)
{
}

static void fifo_fill(struct repl *r, uint32_t set, uint32_t way)
{
    uint32_t *clock = r->global;
    uint32_t *stamp = repl_set(r, set);

    if (*clock == UINT32_MAX)
        repl_renumber(r);
    stamp[way] = ++*clock;
}

static uint32_t fifo_victim(struct repl *r, uint32_t set)
{
    const uint32_t *stamp = repl_set(r, set);
    uint32_t v = 0;

    for (uint32_t w = 1; w < r->assoc; w++)
        if (stamp[w] < stamp[v])
            v = w;
    return v;
}

const struct repl_policy repl_fifo = {
    .name = "fifo",
    .doc = "first in, first out (hits do not reorder)",
    .set_bytes = fifo_set_bytes,
    .global_bytes = sizeof(uint32_t),
    .hit = fifo_hit,
    .fill = fifo_fill,
    .victim = fifo_victim,
};
