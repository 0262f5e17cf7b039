/* memsys/cache_tags.h - the tag store of a set-associative cache: sets x
 * ways of (line address, coherence state, flags), with a replacement policy
 * (repl.h) deciding victims. No data: data lives in the ISA model's memory.
 *
 * Lines are named by line address (byte address >> log2(line size)); the set
 * is the low bits of it (no index hashing), so the number of sets must be a
 * power of two. State CS_I means the way is empty. The hot calls are inline:
 * a lookup is one scan of the set's ways. */
#ifndef MEMSYS_CACHE_TAGS_H
#define MEMSYS_CACHE_TAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "memsys/repl.h"

/* Line states (MOESI; a cache outside any coherence domain uses I, E and M).
 * Dirty means M or O: the line must be written back when it leaves. */
enum cache_state { CS_I = 0, CS_S, CS_E, CS_O, CS_M };

#define LF_PREFETCHED 0x1           /* filled by a prefetch and not used since */

/* 8 bytes a way, so a set of 8 ways is one host cache line: line addresses
 * have 56 bits (byte addresses up to 2^62 with 64 B lines). A lookup reads
 * each way as one word (raw) and tests tag and state with two masks that
 * tags_init takes from the compiler's own bit-field layout. */
struct tag_line {
    union {
        struct {
            uint64_t tag : 56;      /* line address */
            uint64_t state : 4;     /* enum cache_state */
            uint64_t flags : 4;     /* LF_* */
        };
        uint64_t raw;
    };
};

struct cache_tags {
    uint32_t nsets, assoc;
    uint32_t line_shift;
    uint64_t set_mask;
    uint64_t tag_mask, state_mask;  /* of tag_line.raw: the tag bits, the state bits */
    struct tag_line *lines;         /* nsets * assoc, set-major */
    struct repl repl;
};

static inline bool cs_dirty(uint8_t st) { return st == CS_M || st == CS_O; }
static inline bool cs_writable(uint8_t st) { return st == CS_M || st == CS_E; }

/* Build a tag store of size/(line*assoc) sets. line and the set count must be
 * powers of two. Returns 0, or -1 with a reason in why. */
int tags_init(struct cache_tags *t, uint64_t size, uint64_t line, uint32_t assoc,
              const struct repl_policy *pol, uint64_t (*rand)(void *arg), void *rand_arg,
              char *why, size_t why_len);
void tags_fini(struct cache_tags *t);

/* Empty every line (policy state is kept). */
void tags_clear(struct cache_tags *t);

static inline uint64_t tags_line(const struct cache_tags *t, uint64_t addr)
{
    return addr >> t->line_shift;
}

static inline uint32_t tags_set(const struct cache_tags *t, uint64_t line)
{
    return (uint32_t)(line & t->set_mask);
}

static inline struct tag_line *tags_way(const struct cache_tags *t, uint32_t set, uint32_t way)
{
    return &t->lines[(size_t)set * t->assoc + way];
}

/* line as the raw word of a way holding it (state and flags 0). */
static inline uint64_t tags_key(uint64_t line)
{
    struct tag_line k = {.raw = 0};

    k.tag = line;
    return k.raw;
}

/* The valid way holding line, or NULL; *way is set when found. The
 * replacement state is not touched (call tags_hit for a demand hit). */
static inline struct tag_line *tags_find(const struct cache_tags *t, uint64_t line,
                                         uint32_t *way)
{
    struct tag_line *l = tags_way(t, tags_set(t, line), 0);
    uint64_t key = tags_key(line), tm = t->tag_mask;

    /* O(assoc) scan: fine up to 32 ways, which is where caches live */
    for (uint32_t w = 0; w < t->assoc; w++)
        if (!((l[w].raw ^ key) & tm) && (l[w].raw & t->state_mask)) {
            *way = w;
            return &l[w];
        }
    return NULL;
}

/* tags_find that, on a miss, also sets *empty to the lowest invalid way of
 * the set (assoc when the set is full): what tags_pick would look for. */
static inline struct tag_line *tags_lookup(const struct cache_tags *t, uint64_t line,
                                           uint32_t *way, uint32_t *empty)
{
    struct tag_line *l = tags_way(t, tags_set(t, line), 0);
    uint64_t key = tags_key(line), tm = t->tag_mask, sm = t->state_mask;
    uint32_t w = 0, n = t->assoc;

    for (; w < n; w++) {            /* until the first invalid way */
        uint64_t x = l[w].raw;

        if (!(x & sm))
            break;
        if (!((x ^ key) & tm)) {
            *way = w;
            return &l[w];
        }
    }
    *empty = w;
    for (; w < n; w++)
        if (!((l[w].raw ^ key) & tm) && (l[w].raw & sm)) {
            *way = w;
            return &l[w];
        }
    return NULL;
}

static inline void tags_hit(struct cache_tags *t, uint32_t set, uint32_t way)
{
    t->repl.pol->hit(&t->repl, set, way);
}

/* The way a new line of this set goes to: the lowest empty way, or the
 * policy's victim. The way still holds its old line: the caller evicts it
 * (write back, back-invalidate) before tags_install. */
static inline uint32_t tags_pick(struct cache_tags *t, uint32_t set)
{
    const struct tag_line *l = tags_way(t, set, 0);

    for (uint32_t w = 0; w < t->assoc; w++)
        if (!(l[w].raw & t->state_mask))
            return w;
    return t->repl.pol->victim(&t->repl, set);
}

/* tags_pick with the lowest empty way already known (assoc: none). */
static inline uint32_t tags_pick_known(struct cache_tags *t, uint32_t set, uint32_t empty)
{
    return empty < t->assoc ? empty : t->repl.pol->victim(&t->repl, set);
}

static inline struct tag_line *tags_install(struct cache_tags *t, uint32_t set, uint32_t way,
                                            uint64_t line, uint8_t state, uint8_t flags)
{
    struct tag_line *l = tags_way(t, set, way);

    l->tag = line;
    l->state = state;
    l->flags = flags;
    t->repl.pol->fill(&t->repl, set, way);
    return l;
}

#endif
