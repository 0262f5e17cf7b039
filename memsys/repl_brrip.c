/* memsys/repl_brrip.c - bimodal RRIP (Jaleel et al., ISCA 2010): as SRRIP,
 * but fills insert at RRPV 3 ("distant") and only with probability 1/32 at
 * RRPV 2, which protects the cache from scans and thrashing working sets.
 * The coin is the cache's seeded random stream. */
#include "memsys/repl.h"

static void brrip_fill(struct repl *r, uint32_t set, uint32_t way)
{
    uint8_t *rrpv = repl_set(r, set);

    rrpv[way] = brrip_insert(r);
}

const struct repl_policy repl_brrip = {
    .name = "brrip",
    .doc = "bimodal RRIP: distant insertion, long with probability 1/32",
    .set_bytes = rrip_set_bytes,
    .init = rrip_init,
    .hit = rrip_hit,
    .fill = brrip_fill,
    .victim = rrip_victim_slot,
};
