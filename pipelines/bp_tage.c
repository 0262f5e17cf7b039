/* pipelines/bp_tage.c - TAGE (A. Seznec and P. Michaud, "A case for
 * (partially) TAgged GEometric history length branch prediction", JILP
 * 2006): a bimodal base table and tage_tables tagged tables indexed by the
 * pc hashed with global histories of geometrically growing lengths
 * (tage_min_hist .. tage_max_hist). The longest matching table provides the
 * prediction, the next one (or the base) is the alternate; a newly
 * allocated, still weak provider defers to the alternate while the
 * use_alt_on_na counter says that pays. On a misprediction one entry is
 * allocated in a longer table whose useful bits are 0 (else their useful
 * bits decay); useful bits are halved every 256K branches.
 *
 * Histories are folded incrementally (circular shift registers) so a
 * prediction costs O(tables). Left out against the championship versions:
 * path history in the index, the loop predictor and statistical corrector,
 * and the alternating msb/lsb useful-bit reset (we halve). */
#include "pipelines/bpred.h"

#define TAGE_MAXT 16
#define HBUF      1024              /* history bits kept, >= tage_max_hist + 1 */
#define RESET_PERIOD (1u << 18)

struct tage_entry {
    int8_t ctr;                     /* 3-bit signed: >= 0 predicts taken */
    uint8_t u;                      /* 2-bit useful */
    uint16_t tag;
};

struct fold {
    uint32_t comp;
    uint32_t clen, olen, out;
};

struct tage {
    uint32_t nt, log_size, size_mask, tag_mask, base_mask;
    uint32_t len[TAGE_MAXT];
    struct fold fi[TAGE_MAXT], ft1[TAGE_MAXT], ft2[TAGE_MAXT];
    uint8_t hist[HBUF];             /* hist[(ptr + k) % HBUF]: k-th newest outcome */
    uint32_t ptr;
    int8_t use_alt;                 /* 4-bit signed */
    uint32_t branches;
    uint32_t lfsr;
    /* the lookup of the branch just predicted */
    uint32_t idx[TAGE_MAXT];
    uint16_t tag[TAGE_MAXT];
    int provider, alt;
    bool pred, prov_pred, alt_pred, weak;
    uint32_t bidx;
    struct tage_entry *tab;         /* nt * 2^log_size */
    uint8_t *base;
    unsigned char mem[];
};

static size_t tage_bytes(const struct bp_cfg *cfg)
{
    return sizeof(struct tage) + (size_t)cfg->tage_tables * cfg->tage_size *
           sizeof(struct tage_entry) + cfg->table;
}

static const char *tage_check(const struct bp_cfg *cfg)
{
    if (!sim_is_pow2(cfg->table))
        return "bp_table: must be a power of two";
    if (!sim_is_pow2(cfg->tage_size))
        return "tage_size: must be a power of two";
    if (cfg->tage_tables > TAGE_MAXT)
        return "tage_tables: at most 16";
    if (cfg->tage_max_hist < cfg->tage_min_hist)
        return "tage_max_hist: must not be below tage_min_hist";
    if (cfg->tage_max_hist >= HBUF)
        return "tage_max_hist: at most 1023";
    return NULL;
}

static void fold_init(struct fold *f, uint32_t olen, uint32_t clen)
{
    f->comp = 0;
    f->olen = olen;
    f->clen = clen;
    f->out = olen % clen;
}

/* Shift the newest outcome in and the one leaving the window out. */
static void fold_update(struct fold *f, const struct tage *t)
{
    uint32_t in = t->hist[t->ptr];
    uint32_t old = t->hist[(t->ptr + f->olen) % HBUF];

    f->comp = (f->comp << 1) | in;
    f->comp ^= old << f->out;
    f->comp ^= f->comp >> f->clen;
    f->comp &= (1u << f->clen) - 1;
}

static void tage_init(void *st, const struct bp_cfg *cfg)
{
    struct tage *t = st;
    double ratio = 1;

    t->nt = cfg->tage_tables;
    t->log_size = sim_log2(cfg->tage_size);
    t->size_mask = cfg->tage_size - 1;
    t->tag_mask = (1u << cfg->tage_tag_bits) - 1;
    t->base_mask = cfg->table - 1;
    t->tab = (struct tage_entry *)t->mem;
    t->base = t->mem + (size_t)t->nt * cfg->tage_size * sizeof(struct tage_entry);
    if (t->nt > 1) {
        double r = (double)cfg->tage_max_hist / cfg->tage_min_hist;

        ratio = 1;
        /* r^(1/(nt-1)) without libm: bisection on the root */
        {
            double lo = 1, hi = r > 1 ? r : 1;

            for (int k = 0; k < 60; k++) {
                double mid = (lo + hi) / 2, p = 1;

                for (uint32_t j = 0; j + 1 < t->nt; j++)
                    p *= mid;
                if (p < r)
                    lo = mid;
                else
                    hi = mid;
            }
            ratio = lo;
        }
    }
    for (uint32_t i = 0; i < t->nt; i++) {
        double l = cfg->tage_min_hist;
        uint32_t clen = t->log_size;

        for (uint32_t j = 0; j < i; j++)
            l *= ratio;
        t->len[i] = (uint32_t)(l + 0.5);
        if (i > 0 && t->len[i] <= t->len[i - 1])
            t->len[i] = t->len[i - 1] + 1;
        if (t->len[i] >= HBUF)
            t->len[i] = HBUF - 1;
        fold_init(&t->fi[i], t->len[i], clen);
        fold_init(&t->ft1[i], t->len[i], cfg->tage_tag_bits);
        fold_init(&t->ft2[i], t->len[i], cfg->tage_tag_bits > 1 ? cfg->tage_tag_bits - 1 : 1);
    }
    for (uint32_t i = 0; i < cfg->table; i++)
        t->base[i] = 1;
    t->lfsr = 0xace1u;
}

static struct tage_entry *entry(struct tage *t, uint32_t i, uint32_t idx)
{
    return &t->tab[((size_t)i << t->log_size) + idx];
}

static bool tage_predict(void *st, uint64_t pc, uint64_t target)
{
    struct tage *t = st;
    uint64_t p = pc >> 1;

    t->provider = t->alt = -1;
    for (uint32_t i = 0; i < t->nt; i++) {
        t->idx[i] = (uint32_t)(p ^ (p >> (t->log_size - i % t->log_size)) ^ t->fi[i].comp) &
                    t->size_mask;
        t->tag[i] = (uint16_t)((p ^ t->ft1[i].comp ^ (t->ft2[i].comp << 1)) & t->tag_mask);
    }
    for (int i = (int)t->nt - 1; i >= 0; i--) {
        if (entry(t, i, t->idx[i])->tag != t->tag[i])
            continue;
        if (t->provider < 0) {
            t->provider = i;
        } else {
            t->alt = i;
            break;
        }
    }
    t->bidx = (uint32_t)p & t->base_mask;
    t->alt_pred = t->alt >= 0 ? entry(t, t->alt, t->idx[t->alt])->ctr >= 0
                              : t->base[t->bidx] >= 2;
    if (t->provider < 0) {
        t->pred = t->alt_pred;
        return t->pred;
    }
    {
        const struct tage_entry *e = entry(t, t->provider, t->idx[t->provider]);

        t->prov_pred = e->ctr >= 0;
        t->weak = (e->ctr == 0 || e->ctr == -1) && e->u == 0;
        t->pred = t->weak && t->use_alt >= 0 ? t->alt_pred : t->prov_pred;
    }
    return t->pred;
}

static void ctr3(int8_t *c, bool up)
{
    if (up && *c < 3)
        (*c)++;
    else if (!up && *c > -4)
        (*c)--;
}

static uint32_t rnd(struct tage *t)
{
    uint32_t bit = ((t->lfsr >> 0) ^ (t->lfsr >> 2) ^ (t->lfsr >> 3) ^ (t->lfsr >> 5)) & 1;

    t->lfsr = (t->lfsr >> 1) | (bit << 15);
    return t->lfsr;
}

static int tage_update(void *st, uint64_t pc, bool taken)
{
    struct tage *t = st;
    int writes = 0;

    if (t->provider >= 0) {
        struct tage_entry *e = entry(t, t->provider, t->idx[t->provider]);

        if (t->weak && t->prov_pred != t->alt_pred) {
            if (t->alt_pred == taken && t->use_alt < 7)
                t->use_alt++;
            else if (t->alt_pred != taken && t->use_alt > -8)
                t->use_alt--;
        }
        if (t->prov_pred != t->alt_pred) {
            if (t->prov_pred == taken && e->u < 3)
                e->u++;
            else if (t->prov_pred != taken && e->u > 0)
                e->u--;
        }
        ctr3(&e->ctr, taken);
        writes++;
    } else {
        bp_ctr2(&t->base[t->bidx], taken);
        writes++;
    }
    /* allocate on a misprediction, in a longer table */
    if (t->pred != taken && t->provider + 1 < (int)t->nt) {
        int start = t->provider + 1, found = -1;

        if (start + 1 < (int)t->nt && (rnd(t) & 1))
            start++;                /* spread allocations over the next two */
        for (int i = start; i < (int)t->nt; i++)
            if (entry(t, i, t->idx[i])->u == 0) {
                found = i;
                break;
            }
        if (found < 0)
            for (int i = t->provider + 1; i < start; i++)
                if (entry(t, i, t->idx[i])->u == 0) {
                    found = i;
                    break;
                }
        if (found >= 0) {
            struct tage_entry *n = entry(t, found, t->idx[found]);

            n->ctr = taken ? 0 : -1;
            n->u = 0;
            n->tag = t->tag[found];
            writes++;
        } else {
            for (int i = t->provider + 1; i < (int)t->nt; i++) {
                struct tage_entry *n = entry(t, i, t->idx[i]);

                if (n->u > 0)
                    n->u--;
            }
        }
    }
    if (++t->branches % RESET_PERIOD == 0) {
        size_t n = (size_t)t->nt << t->log_size;

        for (size_t i = 0; i < n; i++)
            t->tab[i].u >>= 1;
    }
    /* the new outcome enters the global history */
    t->ptr = (t->ptr + HBUF - 1) % HBUF;
    t->hist[t->ptr] = taken;
    for (uint32_t i = 0; i < t->nt; i++) {
        fold_update(&t->fi[i], t);
        fold_update(&t->ft1[i], t);
        fold_update(&t->ft2[i], t);
    }
    return writes;
}

static unsigned tage_reads(const struct bp_cfg *cfg)
{
    return cfg->tage_tables + 1;
}

const struct bp_dir bp_tage = {
    .name = "tage",
    .doc = "TAGE: base table plus tagged tables of geometric history lengths",
    .state_bytes = tage_bytes, .check = tage_check, .init = tage_init,
    .predict = tage_predict, .update = tage_update, .reads = tage_reads,
};
