/* memsys/pf_next_line.c - next-line prefetcher (Smith, "Sequential program
 * prefetching", 1978): on a trigger at line L, propose L+distance ..
 * L+distance+degree-1. No table, no training: every trigger proposes. */
#include "memsys/prefetch.h"

static int next_line_access(void *st, const struct pf_cfg *cfg, uint64_t line, uint64_t pc,
                            bool trigger, uint64_t *out, int max)
{
    int n = 0;

    if (!trigger)
        return 0;
    for (uint32_t i = 0; i < cfg->degree && n < max; i++)
        out[n++] = line + cfg->distance + i;
    return n;
}

const struct pf_policy pf_next_line = {
    .name = "next_line",
    .doc = "on a miss or first use of a prefetched line, fetch the next lines",
    .access = next_line_access,
};
