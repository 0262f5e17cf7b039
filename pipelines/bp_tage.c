/* pipelines/bp_tage.c - TAGE (A. Seznec and P. Michaud, "A case for
 * (partially) TAgged GEometric history length branch prediction", JILP
 * 2006): a bimodal base table and tage_tables tagged tables indexed by the
 * pc hashed with global histories of geometrically growing lengths
 * (tage_min_hist .. tage_max_hist) and with a path history. The longest
 * matching table provides the prediction, the next one (or the base) is
 * the alternate; a newly allocated, still weak provider defers to the
 * alternate while the use_alt_on_na counter says that pays. On a
 * misprediction one entry is allocated in a longer table whose useful bits
 * are 0 (else their useful bits decay); useful bits are halved every 256K
 * branches.
 *
 * Path history, as in the paper (16 bits of it) and every CBP TAGE:
 * one address bit per branch (pc bit 1 xor bit 2, which varies in 2-byte
 * RVC, 4-byte RISC-V and byte-aligned x86 code alike), tage_path_bits of
 * them kept; table i's index hashes the min(its history length,
 * tage_path_bits) newest ones, folded into the index width and rotated by
 * a per-table amount, never 0, so a branch's path bit and its outcome bit
 * do not cancel. Tags stay without path, as in the paper. 0 turns it off
 * and gives back the predictor without path history bit for bit. Only
 * conditional branches shift it, where the championship code shifts every
 * branch: a direction predictor sees conditional branches only (bpred.h)
 * and the global history here holds conditional outcomes only, so the two
 * stay aligned, k-th path bit and k-th outcome from the same branch; what
 * is lost is the call site of a function entered by jumps and calls
 * alone. On riscv-ooo, 16 bits lower branch MPKI by 0.5 % on average over
 * the guest programs and traces (-4 % to +2 % each); pc bit 2 alone, two
 * bits per branch, 8 or 27 bits, and path in the tags as well measured
 * within 0.6 % of that, none better beyond noise.
 *
 * The loop predictor of L-TAGE (A. Seznec, "A 256 Kbits L-TAGE branch
 * predictor", CBP-2, 2006), tage_loop entries in sets of four ways, 0 for
 * none: per entry a 14-bit tag, the trip count last seen and the
 * executions so far (14 bits each), the loop's direction, a 2-bit
 * confidence and an age (4 bits here, 8 in L-TAGE). An entry is allocated
 * when TAGE mispredicts a branch it does not hold, that outcome taken for
 * the exit; once the trip count it learnt is confirmed three times in a
 * row, it predicts the exit at that count and the loop's direction before
 * it, and overrides TAGE while a 7-bit counter of which was right when
 * they differed says it pays; a wrong trusted prediction frees the entry,
 * a new trip count restarts the learning. It
 * finds exits a global history cannot reach (a loop longer than the
 * history, or one whose body holds many branches). On riscv-ooo its 64
 * entries (L-TAGE's) lower branch MPKI by 18 % on cpubench, 5 % on
 * compress, 16 % and 1 % on their traces and 0 to 2 % elsewhere, never
 * worse; 256 entries do no better but on randops.
 *
 * Histories, the path included, are folded incrementally (circular shift
 * registers), so a prediction costs O(tables) plus a 4-way scan. Left out
 * against the championship versions: the statistical corrector,
 * unconditional branches in the histories, and the alternating msb/lsb
 * useful-bit reset (we halve). */
#include "pipelines/bpred.h"

#define TAGE_MAXT 16
#define HBUF      1024              /* history bits kept, >= tage_max_hist + 1 */
#define RESET_PERIOD (1u << 18)
#define LOOP_WAYS 4
#define LOOP_MAX  0x3fff            /* 14-bit iteration counts */
#define LOOP_CONF 3                 /* 2-bit confidence: trusted when saturated */
#define LOOP_AGE  15                /* 4-bit age: replaceable at 0 */

struct tage_entry {
    int8_t ctr;                     /* 3-bit signed: >= 0 predicts taken */
    uint8_t u;                      /* 2-bit useful */
    uint16_t tag;
};

/* One loop: a branch going `dir` past - 1 times, then once the other way. */
struct loop_entry {
    uint16_t tag;                   /* 14 bits */
    uint16_t past, cur;             /* trip count (exit included) learnt; executions so far */
    uint8_t conf, age;
    bool dir, valid;
};

struct fold {
    uint32_t comp;
    uint32_t clen, olen, out, mask;
};

/* Where the path bits of one table enter and leave its index fold. */
struct path {
    uint32_t w;                     /* min(history length, tage_path_bits) */
    uint32_t in, out;               /* bit positions in the folded index */
};

struct tage {
    uint32_t nt, log_size, size_mask, tag_mask, base_mask;
    uint32_t len[TAGE_MAXT];
    uint32_t pc_shift[TAGE_MAXT];   /* log_size - i % log_size: the pc's part in index i */
    struct fold fi[TAGE_MAXT], ft1[TAGE_MAXT], ft2[TAGE_MAXT];
    uint8_t hist[HBUF];             /* hist[(ptr + k) % HBUF]: k-th newest outcome */
    uint32_t ptr;
    uint64_t phist;                 /* path: bit k from the k-th newest branch's pc */
    struct path path[TAGE_MAXT];
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
    /* loop predictor: sets of LOOP_WAYS, or none */
    struct loop_entry *loop;
    uint32_t loop_sets, loop_log;
    int8_t with_loop;               /* 7-bit signed: loop beats TAGE when they differ */
    struct loop_entry *lset, *lhit; /* set and entry of the branch just predicted */
    uint16_t ltag;
    bool lvalid, lpred;
    unsigned char mem[];
};

static size_t tage_bytes(const struct bp_cfg *cfg)
{
    return sizeof(struct tage) + (size_t)cfg->tage_tables * cfg->tage_size *
           sizeof(struct tage_entry) + cfg->table +
           (size_t)cfg->tage_loop * sizeof(struct loop_entry) + sizeof(struct loop_entry);
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
    if (cfg->tage_path_bits > 32)
        return "tage_path_bits: at most 32";
    if (cfg->tage_loop && (cfg->tage_loop < LOOP_WAYS || !sim_is_pow2(cfg->tage_loop)))
        return "tage_loop: must be 0 or a power of two from 4";
    return NULL;
}

static void fold_init(struct fold *f, uint32_t olen, uint32_t clen)
{
    f->comp = 0;
    f->olen = olen;
    f->clen = clen;
    f->out = olen % clen;
    f->mask = (1u << clen) - 1;
}

/* Shift one outcome in and the one leaving the window (old) out. */
static void fold_update(struct fold *f, uint32_t in, uint32_t old)
{
    uint32_t c = (f->comp << 1) | in;

    c ^= old << f->out;
    c ^= c >> f->clen;
    f->comp = c & f->mask;
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
    if (cfg->tage_loop) {
        /* after the base table, aligned for the entries */
        size_t off = (size_t)(t->base - t->mem) + cfg->table;

        off = (off + 7) & ~(size_t)7;
        t->loop = (struct loop_entry *)(t->mem + off);
        t->loop_sets = cfg->tage_loop / LOOP_WAYS;
        t->loop_log = sim_log2(t->loop_sets);
    }
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
        struct path *pa = &t->path[i];

        for (uint32_t j = 0; j < i; j++)
            l *= ratio;
        t->len[i] = (uint32_t)(l + 0.5);
        if (i > 0 && t->len[i] <= t->len[i - 1])
            t->len[i] = t->len[i - 1] + 1;
        if (t->len[i] >= HBUF)
            t->len[i] = HBUF - 1;
        /* path bit k of the w newest sits at index bit (in + k) % clen:
         * the w bits folded by xor and rotated by in, never 0 so that a
         * branch's path bit does not land on the bit of its own outcome
         * (one path taken and the other not taken would alias), and
         * different per table, as the championship TAGEs rotate by the
         * table number */
        pa->w = t->len[i] < cfg->tage_path_bits ? t->len[i] : cfg->tage_path_bits;
        pa->in = 1 + i % (clen - 1);
        pa->out = (pa->in + pa->w) % clen;
        t->pc_shift[i] = t->log_size - i % t->log_size;
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

/* TAGE's own prediction, left in t->pred. */
static bool lookup(struct tage *t, uint64_t pc)
{
    uint64_t p = pc >> 1;
    /* read once: the stores to idx[] could alias them */
    uint32_t nt = t->nt, size_mask = t->size_mask, tag_mask = t->tag_mask;

    t->provider = t->alt = -1;
    for (uint32_t i = 0; i < nt; i++) {
        t->idx[i] = (uint32_t)(p ^ (p >> t->pc_shift[i]) ^ t->fi[i].comp) & size_mask;
        t->tag[i] = (uint16_t)((p ^ t->ft1[i].comp ^ (t->ft2[i].comp << 1)) & tag_mask);
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

/* The loop predictor's entry for pc, and its prediction: the loop's
 * direction until the learnt trip count is reached, then the exit. Trusted
 * once the trip count learnt is confirmed LOOP_CONF times in a row. */
static void loop_lookup(struct tage *t, uint64_t pc)
{
    uint64_t p = pc >> 1;
    struct loop_entry *e;

    t->lset = &t->loop[(p & (t->loop_sets - 1)) * LOOP_WAYS];
    t->ltag = (uint16_t)((p >> t->loop_log) & LOOP_MAX);
    t->lhit = NULL;
    t->lvalid = false;
    for (int w = 0; w < LOOP_WAYS; w++)
        if (t->lset[w].valid && t->lset[w].tag == t->ltag) {
            t->lhit = &t->lset[w];
            break;
        }
    e = t->lhit;
    if (!e)
        return;
    t->lpred = e->cur + 1 == e->past ? !e->dir : e->dir;
    t->lvalid = e->conf == LOOP_CONF;
}

static bool tage_predict(void *st, uint64_t pc, uint64_t target)
{
    struct tage *t = st;
    bool p = lookup(t, pc);

    if (!t->loop)
        return p;
    loop_lookup(t, pc);
    return t->lvalid && t->with_loop >= 0 ? t->lpred : p;
}

/* Train the loop predictor (before TAGE, whose t->pred it reads); returns
 * the entries written. As L-TAGE: an entry is allocated when TAGE
 * mispredicts a branch it does not hold, taking that outcome for the exit;
 * it is freed when a trusted prediction fails or the count overflows; a
 * new trip count restarts the learning. Ages, bumped by each confirmed
 * trip and decremented by allocations that find no free way, pick the
 * victims. */
static int loop_update(struct tage *t, bool taken)
{
    struct loop_entry *e = t->lhit;

    if (t->lvalid && t->lpred != t->pred) {
        if (t->lpred == taken && t->with_loop < 63)
            t->with_loop++;
        else if (t->lpred != taken && t->with_loop > -64)
            t->with_loop--;
    }
    if (e) {
        if ((t->lvalid && t->lpred != taken) || e->cur >= LOOP_MAX) {
            e->valid = false;
            return 1;
        }
        e->cur++;
        if (taken != e->dir) {
            if (e->cur == e->past) {
                if (e->conf < LOOP_CONF)
                    e->conf++;
                if (e->age < LOOP_AGE)
                    e->age++;
            } else {
                e->past = e->cur;
                e->conf = 0;
            }
            e->cur = 0;
        }
        return 1;
    }
    if (t->pred == taken)
        return 0;
    for (int w = 0; w < LOOP_WAYS; w++) {
        struct loop_entry *n = &t->lset[w];

        if (!n->valid || n->age == 0) {
            *n = (struct loop_entry){ .tag = t->ltag, .age = LOOP_AGE, .dir = !taken,
                                      .valid = true };
            return 1;
        }
    }
    for (int w = 0; w < LOOP_WAYS; w++)
        t->lset[w].age--;
    return 0;
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
    int writes = t->loop ? loop_update(t, taken) : 0;
    uint32_t pin;

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
    /* and one bit of its address the path: bits 1 and 2, so that both
     * 2- and 4-byte RISC-V code and byte-aligned x86 code vary it */
    pin = (uint32_t)(((pc >> 1) ^ (pc >> 2)) & 1);
    t->phist = (t->phist << 1) | pin;
    for (uint32_t i = 0; i < t->nt; i++) {
        /* the three folds of a table share the bit leaving its window */
        uint32_t old = t->hist[(t->ptr + t->len[i]) % HBUF];
        const struct path *pa = &t->path[i];

        fold_update(&t->fi[i], taken, old);
        /* the path enters the index fold alone: tags are left without it,
         * as in the published TAGEs; with w = 0 the bit leaves as it enters */
        t->fi[i].comp ^= (pin << pa->in) ^ (((uint32_t)(t->phist >> pa->w) & 1) << pa->out);
        fold_update(&t->ft1[i], taken, old);
        fold_update(&t->ft2[i], taken, old);
    }
    return writes;
}

static unsigned tage_reads(const struct bp_cfg *cfg)
{
    return cfg->tage_tables + 1 + (cfg->tage_loop > 0);
}

const struct bp_dir bp_tage = {
    .name = "tage",
    .doc = "TAGE: base table plus tagged tables of geometric history lengths",
    .state_bytes = tage_bytes, .check = tage_check, .init = tage_init,
    .predict = tage_predict, .update = tage_update, .reads = tage_reads,
};
