/* memsys/cache_mshr.c - set-up of the MSHR file of a non-blocking cache
 * (see cache_mshr.h; the per-miss calls are inline there). */
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
