/* memsys/repl_random.c - random replacement: a uniformly chosen way, drawn
 * from the cache's seeded stream (sim_rand), so a run is reproducible for a
 * given seed. No state. */
#include "memsys/repl.h"

static void random_hit(struct repl *r, uint32_t set, uint32_t way)
{
}

static uint32_t random_victim(struct repl *r, uint32_t set)
{
    return (uint32_t)(r->rand(r->rand_arg) % r->assoc);
}

const struct repl_policy repl_random = {
    .name = "random",
    .doc = "uniformly random way (seeded per instance)",
    .hit = random_hit,
    .fill = random_hit,
    .victim = random_victim,
};
