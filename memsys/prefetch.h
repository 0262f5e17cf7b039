/* memsys/prefetch.h - pluggable hardware prefetchers attached to a cache.
 *
 * A prefetcher sees the cache's demand accesses as (line address, pc,
 * trigger) and proposes line addresses to fetch; the cache drops proposals
 * already present or in flight, or outside the trigger's page, issues the
 * rest as SIM_PREFETCH fills and keeps the statistics (issued, useful, late,
 * useless; accuracy and coverage are formulas over them). `trigger` is true
 * on a demand miss and on the first demand use of a prefetched line, which
 * is when a stream should run further ahead.
 *
 * Common knobs: degree (lines proposed per trigger), distance (how many
 * lines ahead the first one is) and table (entries of the prefetcher's own
 * table, where it has one).
 *
 * Adding a prefetcher: memsys/pf_<name>.c exporting one
 * `const struct pf_policy pf_<name>`, plus one line in prefetch.c. */
#ifndef MEMSYS_PREFETCH_H
#define MEMSYS_PREFETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pf_cfg {
    uint32_t degree;                /* lines proposed per trigger */
    uint32_t distance;              /* lines ahead of the trigger, >= 1 */
    uint32_t table;                 /* entries of the prefetcher's table (0: its default) */
};

struct pf_policy {
    const char *name;               /* value of the cache's `prefetcher` key */
    const char *doc;
    size_t (*state_bytes)(const struct pf_cfg *cfg);
    uint32_t default_table;         /* table entries when the cache does not say */
    void (*init)(void *st, const struct pf_cfg *cfg);  /* optional; state is zeroed */
    /* One demand access. Writes at most max line addresses to out and
     * returns how many. */
    int (*access)(void *st, const struct pf_cfg *cfg, uint64_t line, uint64_t pc, bool trigger,
                  uint64_t *out, int max);
};

struct pf {
    const struct pf_policy *pol;
    struct pf_cfg cfg;
    void *st;
};

extern const struct pf_policy *const pf_policies[];
extern const int pf_n_policies;

/* The prefetcher called name, or NULL ("none" is not one: no prefetcher). */
const struct pf_policy *pf_find(const char *name);

/* The names joined by '|' into buf, for error messages. */
void pf_names(char *buf, size_t n);

/* 0, or -1 with why (bad knob, out of memory). */
int pf_init(struct pf *p, const struct pf_policy *pol, const struct pf_cfg *cfg, char *why,
            size_t why_len);
void pf_fini(struct pf *p);

static inline int pf_access(struct pf *p, uint64_t line, uint64_t pc, bool trigger,
                            uint64_t *out, int max)
{
    return p->pol->access(p->st, &p->cfg, line, pc, trigger, out, max);
}

#endif
