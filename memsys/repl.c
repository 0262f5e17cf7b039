/* memsys/repl.c - the table of replacement policies and the instance set-up
 * shared by all of them (see repl.h). A new policy is one file plus one line
 * in repl_policies below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memsys/repl.h"

extern const struct repl_policy repl_lru;
extern const struct repl_policy repl_plru;
extern const struct repl_policy repl_fifo;
extern const struct repl_policy repl_random;
extern const struct repl_policy repl_srrip;
extern const struct repl_policy repl_brrip;
extern const struct repl_policy repl_drrip;

const struct repl_policy *const repl_policies[] = {
    &repl_lru,
    &repl_plru,
    &repl_fifo,
    &repl_random,
    &repl_srrip,
    &repl_brrip,
    &repl_drrip,
};
const int repl_n_policies = (int)(sizeof(repl_policies) / sizeof(repl_policies[0]));

const struct repl_policy *repl_find(const char *name)
{
    for (int i = 0; i < repl_n_policies; i++)
        if (strcmp(repl_policies[i]->name, name) == 0)
            return repl_policies[i];
    return NULL;
}

void repl_names(char *buf, size_t n)
{
    size_t k = 0;

    if (n)
        buf[0] = '\0';
    for (int i = 0; i < repl_n_policies && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? "|" : "", repl_policies[i]->name);
}

int repl_init(struct repl *r, const struct repl_policy *pol, uint32_t nsets, uint32_t assoc,
              uint64_t (*rand)(void *arg), void *rand_arg, char *why, size_t why_len)
{
    const char *bad = pol->check ? pol->check(nsets, assoc) : NULL;

    memset(r, 0, sizeof(*r));
    if (bad) {
        snprintf(why, why_len, "%s", bad);
        return -1;
    }
    r->pol = pol;
    r->nsets = nsets;
    r->assoc = assoc;
    r->rand = rand;
    r->rand_arg = rand_arg;
    r->set_bytes = pol->set_bytes ? pol->set_bytes(assoc) : 0;
    /* Round each set up to 8 bytes so 64-bit state stays aligned. */
    r->set_bytes = (r->set_bytes + 7) & ~(size_t)7;
    if (r->set_bytes && !(r->sets = calloc(nsets, r->set_bytes)))
        goto out_nomem;
    if (pol->global_bytes && !(r->global = calloc(1, pol->global_bytes)))
        goto out_free_sets;
    if (pol->init)
        pol->init(r);
    return 0;

out_free_sets:
    free(r->sets);
out_nomem:
    memset(r, 0, sizeof(*r));
    snprintf(why, why_len, "out of memory for %s replacement state", pol->name);
    return -1;
}

void repl_renumber(struct repl *r)
{
    /* O(assoc^2) a set, once per 4 billion uses: cheap enough */
    for (uint32_t set = 0; set < r->nsets; set++) {
        uint32_t *stamp = repl_set(r, set);
        uint32_t rank[64 * 4];
        uint32_t n = r->assoc < 256 ? r->assoc : 256;

        for (uint32_t w = 0; w < n; w++) {
            rank[w] = 1;
            for (uint32_t k = 0; k < n; k++)
                rank[w] += stamp[k] < stamp[w] || (stamp[k] == stamp[w] && k < w);
        }
        for (uint32_t w = 0; w < n; w++)
            stamp[w] = rank[w];
    }
    *(uint32_t *)r->global = r->assoc;
}

void repl_fini(struct repl *r)
{
    free(r->sets);
    free(r->global);
    memset(r, 0, sizeof(*r));
}
