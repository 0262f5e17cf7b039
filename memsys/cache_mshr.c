/* memsys/cache_mshr.c - the MSHR file of a non-blocking cache (see
 * cache_mshr.h). */
#include <stdlib.h>
#include <string.h>
#include "memsys/cache_mshr.h"

int mshr_init(struct mshr_file *f, uint32_t entries, uint32_t targets)
{
    uint32_t n = 4;

    memset(f, 0, sizeof(*f));
    f->entries = entries;
    f->max_targets = targets;
    while (n < 4 * entries)
        n *= 2;
    f->hmask = n - 1;
    f->e = calloc(entries ? entries : 1, sizeof(*f->e));
    f->slots = calloc((size_t)(entries ? entries : 1) * (targets ? targets : 1),
                      sizeof(*f->slots));
    f->free = calloc(entries ? entries : 1, sizeof(*f->free));
    f->hash = calloc(n, sizeof(*f->hash));
    if (!f->e || !f->slots || !f->free || !f->hash) {
        mshr_fini(f);
        return -1;
    }
    for (uint32_t i = 0; i < entries; i++) {
        f->e[i].targets = f->slots + (size_t)i * targets;
        f->free[i] = entries - 1 - i;   /* entry 0 on top */
    }
    return 0;
}

void mshr_fini(struct mshr_file *f)
{
    free(f->e);
    free(f->slots);
    free(f->free);
    free(f->hash);
    memset(f, 0, sizeof(*f));
}

struct mshr *mshr_alloc(struct mshr_file *f, uint64_t line)
{
    struct sim_req **t;
    struct mshr *m;
    uint32_t i, h;

    if (f->used == f->entries)
        return NULL;
    i = f->free[f->entries - 1 - f->used];
    m = &f->e[i];
    t = m->targets;
    memset(m, 0, sizeof(*m));
    m->targets = t;
    m->valid = 1;
    m->line = line;
    f->used++;
    for (h = mshr_slot(f, line); f->hash[h]; h = (h + 1) & f->hmask)
        ;
    f->hash[h] = i + 1;
    return m;
}

/* Take entry index i+1 out of the hash, shifting later probes back so that
 * no lookup stops early at the hole. */
static void unhash(struct mshr_file *f, uint32_t key)
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

void mshr_release(struct mshr_file *f, struct mshr *m)
{
    uint32_t i = (uint32_t)(m - f->e);

    if (!m->valid)
        return;
    unhash(f, i + 1);
    m->valid = 0;
    m->n_targets = 0;
    m->down = NULL;
    f->used--;
    f->free[f->entries - 1 - f->used] = i;
}
