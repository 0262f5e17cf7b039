/* memsys/prefetch.c - the table of prefetchers and their set-up (see
 * prefetch.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memsys/prefetch.h"

extern const struct pf_policy pf_next_line;
extern const struct pf_policy pf_ip_stride;
extern const struct pf_policy pf_stream;

const struct pf_policy *const pf_policies[] = {
    &pf_next_line,
    &pf_ip_stride,
    &pf_stream,
};
const int pf_n_policies = (int)(sizeof(pf_policies) / sizeof(pf_policies[0]));

const struct pf_policy *pf_find(const char *name)
{
    for (int i = 0; i < pf_n_policies; i++)
        if (strcmp(pf_policies[i]->name, name) == 0)
            return pf_policies[i];
    return NULL;
}

void pf_names(char *buf, size_t n)
{
    size_t k = 0;

    if (n)
        buf[0] = '\0';
    for (int i = 0; i < pf_n_policies && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? "|" : "", pf_policies[i]->name);
}

int pf_init(struct pf *p, const struct pf_policy *pol, const struct pf_cfg *cfg, char *why,
            size_t why_len)
{
    size_t n;

    memset(p, 0, sizeof(*p));
    if (cfg->degree == 0 || cfg->distance == 0) {
        snprintf(why, why_len, "prefetch degree and distance must be at least 1");
        return -1;
    }
    p->cfg = *cfg;
    if (p->cfg.table == 0)
        p->cfg.table = pol->default_table ? pol->default_table : 1;
    n = pol->state_bytes ? pol->state_bytes(&p->cfg) : 0;
    p->st = calloc(1, n ? n : 1);
    if (!p->st) {
        snprintf(why, why_len, "out of memory for the %s prefetcher", pol->name);
        return -1;
    }
    p->pol = pol;
    if (pol->init)
        pol->init(p->st, &p->cfg);
    return 0;
}

void pf_fini(struct pf *p)
{
    free(p->st);
    memset(p, 0, sizeof(*p));
}
