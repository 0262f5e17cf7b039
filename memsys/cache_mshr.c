/* memsys/cache_mshr.c - the MSHR file of a non-blocking cache (see
 * cache_mshr.h). */
#include <stdlib.h>
#include <string.h>
#include "memsys/cache_mshr.h"

int mshr_init(struct mshr_file *f, uint32_t entries, uint32_t targets)
{
    memset(f, 0, sizeof(*f));
    f->entries = entries;
    f->max_targets = targets;
    f->e = calloc(entries ? entries : 1, sizeof(*f->e));
    f->slots = calloc((size_t)(entries ? entries : 1) * (targets ? targets : 1),
                      sizeof(*f->slots));
    if (!f->e || !f->slots) {
        mshr_fini(f);
        return -1;
    }
    for (uint32_t i = 0; i < entries; i++)
        f->e[i].targets = f->slots + (size_t)i * targets;
    return 0;
}

void mshr_fini(struct mshr_file *f)
{
    free(f->e);
    free(f->slots);
    memset(f, 0, sizeof(*f));
}

struct mshr *mshr_alloc(struct mshr_file *f, uint64_t line)
{
    if (f->used == f->entries)
        return NULL;
    for (uint32_t i = 0; i < f->entries; i++) {
        struct mshr *m = &f->e[i];

        if (!m->valid) {
            struct sim_req **t = m->targets;

            memset(m, 0, sizeof(*m));
            m->targets = t;
            m->valid = 1;
            m->line = line;
            f->used++;
            return m;
        }
    }
    return NULL;
}

void mshr_release(struct mshr_file *f, struct mshr *m)
{
    if (m->valid) {
        m->valid = 0;
        m->n_targets = 0;
        m->down = NULL;
        f->used--;
    }
}
