/* memsys/repl_drrip.c - dynamic RRIP with set dueling (Jaleel et al., ISCA
 * 2010, after Qureshi et al.'s DIP, ISCA 2007). Up to 32 leader sets always
 * insert as SRRIP and as many always insert as BRRIP; a 10-bit saturating
 * selector PSEL counts their misses (a fill in an SRRIP leader is a miss
 * there: +1; in a BRRIP leader: -1) and every other set follows BRRIP while
 * PSEL >= 512, SRRIP otherwise (PSEL starts at 511).
 *
 * Leaders are picked by complement select: the sets are cut into L equal
 * constituencies (L = min(32, nsets/32), so at most one set in 16 leads); in
 * constituency c, the set at offset c leads for SRRIP and the one at offset
 * size-1-c for BRRIP. Below 32 sets there are no leaders and the cache
 * behaves as SRRIP. */
#include "memsys/repl.h"

#define PSEL_MAX 1023
#define PSEL_MID 512

struct drrip_global {
    int32_t psel;
    uint32_t csize_shift;           /* log2 of a constituency's size */
    uint32_t leaders;               /* constituencies (0: no dueling) */
};

enum { FOLLOWER, SR_LEADER, BR_LEADER };

static int leader_kind(const struct drrip_global *g, uint32_t set)
{
    uint32_t csize = 1u << g->csize_shift;
    uint32_t c = set >> g->csize_shift;
    uint32_t off = set & (csize - 1);

    if (g->leaders == 0 || c >= g->leaders)
        return FOLLOWER;
    if (off == c)
        return SR_LEADER;
    if (off == csize - 1 - c)
        return BR_LEADER;
    return FOLLOWER;
}

static const char *drrip_check(uint32_t nsets, uint32_t assoc)
{
    if (nsets == 0 || (nsets & (nsets - 1)) != 0)
        return "drrip needs a power-of-two number of sets";
    return NULL;
}

static void drrip_init(struct repl *r)
{
    struct drrip_global *g = r->global;
    uint32_t l = r->nsets / 32 < 32 ? r->nsets / 32 : 32;
    uint32_t csize;

    rrip_init(r);
    g->psel = PSEL_MID - 1;         /* followers start as SRRIP */
    g->leaders = l;
    g->csize_shift = 0;
    csize = l ? r->nsets / l : r->nsets;
    while ((1u << g->csize_shift) < csize)
        g->csize_shift++;
}

static void drrip_fill(struct repl *r, uint32_t set, uint32_t way)
{
    struct drrip_global *g = r->global;
    uint8_t *rrpv = repl_set(r, set);
    int kind = leader_kind(g, set);
    int brrip;

    if (kind == SR_LEADER) {
        if (g->psel < PSEL_MAX)
            g->psel++;
        brrip = 0;
    } else if (kind == BR_LEADER) {
        if (g->psel > 0)
            g->psel--;
        brrip = 1;
    } else {
        brrip = g->psel >= PSEL_MID;
    }
    rrpv[way] = brrip ? brrip_insert(r) : RRIP_MAX - 1;
}

const struct repl_policy repl_drrip = {
    .name = "drrip",
    .doc = "dynamic RRIP: SRRIP or BRRIP chosen by set dueling (10-bit PSEL)",
    .set_bytes = rrip_set_bytes,
    .global_bytes = sizeof(struct drrip_global),
    .check = drrip_check,
    .init = drrip_init,
    .hit = rrip_hit,
    .fill = drrip_fill,
    .victim = rrip_victim_slot,
};
