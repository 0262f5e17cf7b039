/* memsys/repl_srrip.c - static re-reference interval prediction, hit
 * priority (SRRIP-HP; Jaleel et al., "High Performance Cache Replacement
 * Using Re-Reference Interval Prediction", ISCA 2010). 2-bit RRPV per way:
 * fills insert at RRPV 2 ("long"), hits set 0; the victim is the first way
 * (lowest number) at RRPV 3, after ageing the whole set until one is. Also
 * holds the helpers BRRIP and DRRIP share. */
#include <string.h>
#include "memsys/repl.h"

size_t rrip_set_bytes(uint32_t assoc)
{
    return assoc;
}

/* Empty ways start distant, so the first victims are the never-used ones. */
void rrip_init(struct repl *r)
{
    memset(r->sets, RRIP_MAX, (size_t)r->nsets * r->set_bytes);
}

void rrip_hit(struct repl *r, uint32_t set, uint32_t way)
{
    uint8_t *rrpv = repl_set(r, set);

    rrpv[way] = 0;
}

uint32_t rrip_victim_slot(struct repl *r, uint32_t set)
{
    return rrip_victim(repl_set(r, set), r->assoc);
}

static void srrip_fill(struct repl *r, uint32_t set, uint32_t way)
{
    uint8_t *rrpv = repl_set(r, set);

    rrpv[way] = RRIP_MAX - 1;
}

const struct repl_policy repl_srrip = {
    .name = "srrip",
    .doc = "static RRIP, 2-bit RRPV, hit priority",
    .set_bytes = rrip_set_bytes,
    .init = rrip_init,
    .hit = rrip_hit,
    .fill = srrip_fill,
    .victim = rrip_victim_slot,
};
