/* memsys/cache_tags.h - the tag store of a set-associative cache: sets x
 * ways of (line address, coherence state, flags), with a replacement policy
 * (repl.h) deciding victims. No data: data lives in the ISA model's memory.
 *
 * Lines are named by line address (byte address >> log2(line size)); the set
 * is the low bits of it (no index hashing), so the number of sets must be a
 * power of two. State CS_I means the way is empty. The hot calls are inline.
 *
 * A lookup does not read every way's tag: beside each way the store keeps an
 * 8-bit hash of its line (a partial tag, as in Kessler et al.'s partial
 * compare), 0 for an empty way, and compares eight of them per 64-bit word;
 * only ways whose hash matches (1 in 255 of the others) have their full tag
 * and state read. The hash is written by tags_install and cleared by
 * tags_invalidate; a valid way's hash always matches its line, so a lookup
 * never misses a line that is there, whoever changed the states. The lowest
 * empty way is read off the hashes too (tags_lookup), which holds as long as
 * lines are emptied through tags_invalidate (the cache does; tags_pick
 * reads the states themselves). */
#ifndef MEMSYS_CACHE_TAGS_H
#define MEMSYS_CACHE_TAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "memsys/repl.h"

/* Line states (MOESI; a cache outside any coherence domain uses I, E and M).
 * Dirty means M or O: the line must be written back when it leaves. */
enum cache_state { CS_I = 0, CS_S, CS_E, CS_O, CS_M };

#define LF_PREFETCHED 0x1           /* filled by a prefetch and not used since */

/* 8 bytes a way, so a set of 8 ways is one host cache line: line addresses
 * have 56 bits (byte addresses up to 2^62 with 64 B lines). A way is read as
 * one word (raw) and tag and state tested with two masks that tags_init
 * takes from the compiler's own bit-field layout. */
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
    uint32_t slice_bits;            /* line-number bits an interconnect uses to pick this
                                     * slice (tags_slice); 0: not a slice */
    uint64_t slice_lo;              /* mask of the line-number bits below them */
    uint64_t tag_mask, state_mask;  /* of tag_line.raw: the tag bits, the state bits */
    struct tag_line *lines;         /* nsets * assoc, set-major */
    uint8_t *hash;                  /* nsets * hstride partial tags (0: empty way) */
    uint32_t hstride;               /* assoc rounded up to 8 (the padding stays 0) */
    uint64_t *lru16;                /* true LRU of up to 16 ways: repl's packed recency
                                     * words, run inline (repl.h); NULL: call repl.pol */
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

/* This cache is one of `slices` (a power of two) that an interconnect
 * interleaves over by `interleave` bytes (a power of two, at least a line):
 * take the slice-select bits out of the set index. */
void tags_slice(struct cache_tags *t, uint32_t slices, uint64_t interleave);

/* Empty every line (policy state is kept). */
void tags_clear(struct cache_tags *t);

static inline uint64_t tags_line(const struct cache_tags *t, uint64_t addr)
{
    return addr >> t->line_shift;
}

/* The line number without the bits that picked this slice: what a slice of
 * an address-interleaved cache indexes its sets (and banks) by, so that it
 * uses all of them. */
static inline uint64_t tags_index_line(const struct cache_tags *t, uint64_t line)
{
    if (!t->slice_bits)
        return line;
    return ((line >> t->slice_bits) & ~t->slice_lo) | (line & t->slice_lo);
}

static inline uint32_t tags_set(const struct cache_tags *t, uint64_t line)
{
    return (uint32_t)(tags_index_line(t, line) & t->set_mask);
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

/* The partial tag of a line: 1..255 (0 marks an empty way). */
static inline uint8_t tags_hash(uint64_t line)
{
    uint8_t h = (uint8_t)(((line & ((1ull << 56) - 1)) * 0x9e3779b97f4a7c15ull) >> 56);

    return h ? h : 1;
}

static inline const uint8_t *tags_hashes(const struct cache_tags *t, uint32_t set)
{
    return t->hash + (size_t)set * t->hstride;
}

/* Bit 7 of every byte of x that is 0 (exact: no false hits). */
static inline uint64_t tags_zero_bytes(uint64_t x)
{
    const uint64_t lo7 = 0x7f7f7f7f7f7f7f7full;

    return ~(((x & lo7) + lo7) | x | lo7);
}

static inline uint64_t tags_load8(const uint8_t *p)
{
    uint64_t x;

    memcpy(&x, p, sizeof(x));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);       /* way i in byte i from the bottom */
#endif
    return x;
}

/* The valid way of the eight whose partial tags are x (ways base..base+7)
 * that holds line (full key key), or NULL. */
static inline __attribute__((always_inline)) struct tag_line *
tags_match8(const struct cache_tags *t, struct tag_line *l, uint64_t x, uint64_t hh, uint32_t base,
            uint64_t key, uint32_t *way)
{
    for (uint64_t m = tags_zero_bytes(x ^ hh); m; m &= m - 1) {  /* lowest way first */
        uint32_t w = base + ((uint32_t)__builtin_ctzll(m) >> 3);

        if (!((l[w].raw ^ key) & t->tag_mask) && (l[w].raw & t->state_mask)) {
            *way = w;
            return &l[w];
        }
    }
    return NULL;
}

/* The valid way holding line, or NULL (*way set when found); with empty,
 * on a miss, also the lowest empty way by the partial tags (assoc: none).
 * Eight ways per step (the first step, all of a set of up to 8 ways, out
 * of the loop); the padding of the last step is 0, which never matches a
 * hash and, as an "empty way" at or past assoc, means none. */
static inline __attribute__((always_inline)) struct tag_line *
tags_scan(const struct cache_tags *t, uint64_t line, uint32_t *way, uint32_t *empty)
{
    uint32_t set = tags_set(t, line), n = t->assoc, e = n;
    struct tag_line *l = tags_way(t, set, 0);
    const uint8_t *p = tags_hashes(t, set);
    uint64_t key = tags_key(line), hh = tags_hash(line) * 0x0101010101010101ull;
    uint64_t x = tags_load8(p);
    struct tag_line *hit = tags_match8(t, l, x, hh, 0, key, way);

    if (hit)
        return hit;
    if (empty) {
        uint64_t z = tags_zero_bytes(x);

        if (z) {
            uint32_t w = (uint32_t)__builtin_ctzll(z) >> 3;

            e = w < n ? w : n;
        }
    }
    for (uint32_t base = 8; base < n; base += 8) {
        x = tags_load8(p + base);
        hit = tags_match8(t, l, x, hh, base, key, way);
        if (hit)
            return hit;
        if (empty && e == n) {
            uint64_t z = tags_zero_bytes(x);

            if (z) {
                uint32_t w = base + ((uint32_t)__builtin_ctzll(z) >> 3);

                e = w < n ? w : n;
            }
        }
    }
    if (empty)
        *empty = e;
    return NULL;
}

/* The valid way holding line, or NULL; *way is set when found. The
 * replacement state is not touched (call tags_hit for a demand hit). */
static inline __attribute__((always_inline)) struct tag_line *
tags_find(const struct cache_tags *t, uint64_t line, uint32_t *way)
{
    return tags_scan(t, line, way, NULL);
}

/* tags_find that, on a miss, also sets *empty to the lowest empty way of the
 * set by the partial tags (assoc when the set is full): what tags_pick would
 * find, when every line was emptied through tags_invalidate. */
static inline __attribute__((always_inline)) struct tag_line *
tags_lookup(const struct cache_tags *t, uint64_t line, uint32_t *way, uint32_t *empty)
{
    return tags_scan(t, line, way, empty);
}

/* Empty the way l (its state becomes CS_I, its partial tag 0). */
static inline void tags_invalidate(struct cache_tags *t, struct tag_line *l)
{
    size_t i = (size_t)(l - t->lines);

    l->state = CS_I;
    t->hash[i / t->assoc * t->hstride + i % t->assoc] = 0;
}

static inline void tags_hit(struct cache_tags *t, uint32_t set, uint32_t way)
{
    if (t->lru16)
        lru16_touch(&t->lru16[set], t->assoc, way);
    else
        t->repl.pol->hit(&t->repl, set, way);
}

/* The policy's victim of a full set. */
static inline uint32_t tags_victim(struct cache_tags *t, uint32_t set)
{
    return t->lru16 ? lru16_victim(&t->lru16[set]) : t->repl.pol->victim(&t->repl, set);
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
    return tags_victim(t, set);
}

/* tags_pick with the lowest empty way already known (assoc: none). */
static inline uint32_t tags_pick_known(struct cache_tags *t, uint32_t set, uint32_t empty)
{
    return empty < t->assoc ? empty : tags_victim(t, set);
}

static inline struct tag_line *tags_install(struct cache_tags *t, uint32_t set, uint32_t way,
                                            uint64_t line, uint8_t state, uint8_t flags)
{
    struct tag_line *l = tags_way(t, set, way);

    l->tag = line;
    l->state = state;
    l->flags = flags;
    t->hash[(size_t)set * t->hstride + way] = state != CS_I ? tags_hash(line) : 0;
    if (t->lru16)
        lru16_touch(&t->lru16[set], t->assoc, way);
    else
        t->repl.pol->fill(&t->repl, set, way);
    return l;
}

#endif
