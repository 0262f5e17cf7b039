/* memsys/repl.h - pluggable cache replacement policies: the descriptor a
 * policy file fills, and the per-cache instance the tag store drives.
 *
 * A policy sees one cache as nsets sets of assoc ways. It keeps its own state
 * per set (set_bytes(assoc) bytes, zeroed, then init) and, if it needs one, a
 * global area (global_bytes: counters, set-dueling selectors). The tag store
 * calls hit on a demand hit, fill when a line is installed in a way, and
 * victim only when every way of the set is valid (invalid ways are taken
 * first, lowest way first, by the tag store itself). Policies never see
 * addresses, only set and way numbers.
 *
 * Adding a policy: write memsys/repl_<name>.c exporting one
 * `const struct repl_policy repl_<name>` and add one line to the table in
 * memsys/repl.c; the cache's `replacement` parameter finds it by name.
 *
 * Randomised policies draw numbers from the instance's rand callback; the
 * cache passes its own sim_rand stream so runs are reproducible per seed. */
#ifndef MEMSYS_REPL_H
#define MEMSYS_REPL_H

#include <stddef.h>
#include <stdint.h>

struct repl;

struct repl_policy {
    const char *name;               /* value of the cache's `replacement` key */
    const char *doc;                /* one line for the docs */
    size_t (*set_bytes)(uint32_t assoc);    /* state per set; may be 0 */
    size_t global_bytes;                    /* state per cache; may be 0 */
    /* NULL when this geometry is supported, else why not (static text). */
    const char *(*check)(uint32_t nsets, uint32_t assoc);
    void (*init)(struct repl *r);           /* optional: state is zeroed before */
    void (*hit)(struct repl *r, uint32_t set, uint32_t way);
    void (*fill)(struct repl *r, uint32_t set, uint32_t way);
    uint32_t (*victim)(struct repl *r, uint32_t set);
};

/* One policy instance, owned by a tag store. */
struct repl {
    const struct repl_policy *pol;
    uint32_t nsets, assoc;
    size_t set_bytes;
    unsigned char *sets;            /* nsets * set_bytes */
    void *global;                   /* global_bytes */
    uint64_t (*rand)(void *arg);    /* uniform 64-bit numbers */
    void *rand_arg;
};

/* The built-in policies, listed once in repl.c. */
extern const struct repl_policy *const repl_policies[];
extern const int repl_n_policies;

/* The policy called `name`, or NULL. */
const struct repl_policy *repl_find(const char *name);

/* The policies' names joined by '|' into buf, for error messages. */
void repl_names(char *buf, size_t n);

/* Set up r for pol. Returns 0, or -1 with a reason in why (unsupported
 * geometry, out of memory); r is then left empty. */
int repl_init(struct repl *r, const struct repl_policy *pol, uint32_t nsets, uint32_t assoc,
              uint64_t (*rand)(void *arg), void *rand_arg, char *why, size_t why_len);
void repl_fini(struct repl *r);

/* For stamp policies (a uint32_t clock as global state, a uint32_t stamp
 * per way): renumber every set's stamps 1..assoc keeping their order, and
 * restart the clock after them. */
void repl_renumber(struct repl *r);

static inline void *repl_set(const struct repl *r, uint32_t set)
{
    return r->sets + (size_t)set * r->set_bytes;
}

/* ------------------------------------------------ true LRU, up to 16 ways */

/* repl_lru.c keeps a set of up to 16 ways as its ways in recency order:
 * 4-bit way numbers packed in one word, least recently used in the lowest
 * nibble. Inline, so that the tag store runs this policy, the default,
 * without a call through the descriptor (cache_tags.h: lru16). */
extern const struct repl_policy repl_lru;
#define LRU_PACKED_WAYS 16

/* Way `way` was used: it moves to the top (most recent) nibble. */
static inline void lru16_touch(uint64_t *o, uint32_t assoc, uint32_t way)
{
    const uint64_t n7 = 0x7777777777777777ull;
    uint64_t x, z, low, high;
    unsigned top = 4 * (assoc - 1), p;

    if ((*o & 0xf) == way) {        /* the LRU way (a fill after a victim) */
        *o = (*o >> 4) | ((uint64_t)way << top);
        return;
    }
    if ((*o >> top) == way)         /* already the most recent */
        return;
    /* bit 3 of each nibble of x that is 0: where `way` sits (the unused
     * nibbles above assoc are 0 too, but lie above it) */
    x = *o ^ (way * 0x1111111111111111ull);
    z = ~(((x & n7) + n7) | x | n7);
    p = (unsigned)__builtin_ctzll(z) & ~3u;
    low = *o & ((1ull << p) - 1);
    high = (*o >> p) >> 4;
    *o = low | (high << p) | ((uint64_t)way << top);
}

/* The least recently used way. */
static inline uint32_t lru16_victim(const uint64_t *o)
{
    return (uint32_t)(*o & 0xf);
}

/* ----------------------------------------------- shared by the RRIP family */

/* Re-reference interval prediction (Jaleel et al., ISCA 2010) with M = 2
 * bits: RRPV 0 is "near", 3 is "distant". A hit promotes to 0 (HP). */
#define RRIP_MAX 3u

static inline uint32_t rrip_victim(uint8_t *rrpv, uint32_t assoc)
{
    for (;;) {
        for (uint32_t w = 0; w < assoc; w++)
            if (rrpv[w] >= RRIP_MAX)
                return w;
        for (uint32_t w = 0; w < assoc; w++)
            rrpv[w]++;
    }
}

/* Bimodal insertion: distant, but long with probability 1/32. */
static inline uint8_t brrip_insert(struct repl *r)
{
    return (r->rand(r->rand_arg) & 31) == 0 ? RRIP_MAX - 1 : RRIP_MAX;
}

size_t rrip_set_bytes(uint32_t assoc);
void rrip_init(struct repl *r);
void rrip_hit(struct repl *r, uint32_t set, uint32_t way);
uint32_t rrip_victim_slot(struct repl *r, uint32_t set);

#endif
