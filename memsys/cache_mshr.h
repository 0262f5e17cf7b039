/* memsys/cache_mshr.h - miss status holding registers of a non-blocking
 * cache (Kroft, ISCA 1981): `entries` outstanding line misses, each with up
 * to `targets` requests waiting for it. A second miss to a line already in
 * flight merges into its entry instead of going to memory again; when the
 * entries or an entry's targets are used up the cache stops accepting.
 * Lookup by line goes through a small open-addressing hash (linear probing,
 * 4x the entries), since nearly every miss asks about a line not in flight;
 * free entries are a stack. The per-miss calls are inline. */
#ifndef MEMSYS_CACHE_MSHR_H
#define MEMSYS_CACHE_MSHR_H

#include <stdbool.h>
#include <stdint.h>
struct sim_req;

struct mshr {
    uint64_t line;                  /* line address in flight */
    struct sim_req *down;                  /* request to the next level (NULL: not sent yet) */
    struct sim_req **targets;              /* waiting requests, in arrival order */
    uint32_t n_targets;
    uint8_t valid;
    uint8_t prefetch;               /* opened by a prefetch */
    uint8_t excl;                   /* a target needs the line writable */
    uint8_t demand;                 /* a demand request merged into a prefetch entry */
};

struct mshr_file {
    uint32_t entries, max_targets;
    uint32_t used;
    struct mshr *e;
    struct sim_req **slots;                /* entries * max_targets */
    uint32_t *free;                        /* stack of free entry indices */
    uint32_t hmask;                        /* hash slots - 1 */
    uint32_t *hash;                        /* entry index + 1, 0: empty */
};

static inline uint32_t mshr_slot_hash(uint64_t line)
{
    return (uint32_t)((line * 0x9e3779b97f4a7c15ull) >> 32);
}

static inline uint32_t mshr_slot(const struct mshr_file *f, uint64_t line)
{
    return mshr_slot_hash(line) & f->hmask;
}

/* 0, or -1 when out of memory. */
int mshr_init(struct mshr_file *f, uint32_t entries, uint32_t targets);
void mshr_fini(struct mshr_file *f);

static inline bool mshr_full(const struct mshr_file *f)
{
    return f->used == f->entries;
}

static inline struct mshr *mshr_find(struct mshr_file *f, uint64_t line)
{
    if (f->used == 0)
        return NULL;
    for (uint32_t h = mshr_slot(f, line); f->hash[h]; h = (h + 1) & f->hmask) {
        struct mshr *m = &f->e[f->hash[h] - 1];

        if (m->line == line)
            return m;
    }
    return NULL;
}

/* A free entry for line (no targets yet), or NULL when all are in use.
 * Inline, as are the rest: once per miss each. */
static inline struct mshr *mshr_alloc(struct mshr_file *f, uint64_t line)
{
    struct mshr *m;
    uint32_t i, h;

    if (f->used == f->entries)
        return NULL;
    i = f->free[f->entries - 1 - f->used];
    m = &f->e[i];
    m->line = line;
    m->down = NULL;                 /* targets keeps its slots */
    m->n_targets = 0;
    m->valid = 1;
    m->prefetch = m->excl = m->demand = 0;
    f->used++;
    for (h = mshr_slot(f, line); f->hash[h]; h = (h + 1) & f->hmask)
        ;
    f->hash[h] = i + 1;
    return m;
}

/* Add a waiting request; false when the entry's targets are all in use. */
static inline bool mshr_add(struct mshr_file *f, struct mshr *m, struct sim_req *r)
{
    if (m->n_targets == f->max_targets)
        return false;
    m->targets[m->n_targets++] = r;
    return true;
}

/* Take entry index key-1 out of the hash, shifting later probes back so
 * that no lookup stops early at the hole. */
static inline void mshr_unhash(struct mshr_file *f, uint32_t key)
{
    uint32_t i = mshr_slot(f, f->e[key - 1].line), j;

    while (f->hash[i] != key)
        i = (i + 1) & f->hmask;
    for (j = i;;) {
        uint32_t k;

        j = (j + 1) & f->hmask;
        if (!f->hash[j])
            break;
        k = mshr_slot(f, f->e[f->hash[j] - 1].line);
        /* move j's key into the hole at i unless its home lies in (i, j] */
        if (i <= j ? (k <= i || k > j) : (k <= i && k > j)) {
            f->hash[i] = f->hash[j];
            i = j;
        }
    }
    f->hash[i] = 0;
}

/* Free m (a no-op when it is free already). */
static inline void mshr_release(struct mshr_file *f, struct mshr *m)
{
    uint32_t i = (uint32_t)(m - f->e);

    if (!m->valid)
        return;
    mshr_unhash(f, i + 1);
    m->valid = 0;
    m->n_targets = 0;
    m->down = NULL;
    f->used--;
    f->free[f->entries - 1 - f->used] = i;
}

#endif
