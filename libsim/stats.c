/* libsim/stats.c - the statistics table of one simulator: names, expansion of
 * descriptor rows into scalars, formulas, reset, and the text / JSON / CSV
 * dumps, written atomically.
 *
 * Models keep their counters in their own structs and bump them in place;
 * the table only records where each one lives. Reading is pull-based: a
 * scalar's value is read (or a formula evaluated) when asked for, so the hot
 * path costs one increment. Names hash into a chained table; formulas compile
 * once into a postfix program over scalar indices (numbers, + - * /, unary
 * minus, min, max), evaluated on a fixed stack without allocation. Division
 * follows IEEE 754: x/0 is +-inf, 0/0 is NaN. min and max return NaN when
 * either side is NaN.
 *
 * Numbers are formatted with snprintf; a locale whose decimal point is ','
 * is undone so dumps are the same bytes everywhere. Not provided: names of
 * distribution buckets cannot appear in formulas ('-' is subtraction). */
#define _XOPEN_SOURCE 700              /* realpath, with POSIX 2008 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "stats_int.h"

#define KIND_FN       100           /* entry made by stats_add_fn */
#define FORMULA_STACK 32            /* operand stack of one formula */
#define FORMULA_NEST  64            /* parentheses and unary minus, nested */

enum {                              /* what a scalar reads from its entry */
    X_MAIN, X_SAMPLES, X_MEAN, X_STDEV, X_MIN, X_MAX, X_UNDER, X_OVER, X_TOTAL,
    X_ELEM                          /* + i: VEC element or DIST bucket i */
};

enum { OP_NUM, OP_STAT, OP_NEG, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MIN, OP_MAX };

struct op {
    int op;
    int idx;                        /* OP_STAT: scalar index */
    double k;                       /* OP_NUM */
};

struct entry {
    int kind;                       /* enum sim_stat_kind, or KIND_FN */
    char *inst;                     /* owned; "" when none */
    const sim_stat *row;            /* NULL for KIND_FN */
    void *p;                        /* base + offset */
    double (*fn)(void *arg);
    void *arg;
    char *unit, *doc;               /* owned copies, KIND_FN only */
    int scalar;                     /* first scalar of this entry */
    struct op *code;                /* FORMULA once finalized, else NULL */
    int ncode;
    int mark;                       /* cycle search: 0 new, 1 on path, 2 done */
};

struct scalar {
    char *name;                     /* full name, owned */
    char *doc;                      /* owned; NULL: the entry's doc */
    int entry;
    int sub;                        /* X_* */
    int nounit;                     /* a count, whatever the row's unit */
    unsigned hash;
    int next;                       /* hash chain, -1 at the end */
};

struct sim_stats {
    struct entry *ents;
    int nents, capents;
    struct scalar *sc;
    int nsc, capsc;
    int *heads;                     /* hash buckets: first scalar, or -1 */
    unsigned mask;                  /* buckets - 1 */
};

/* ------------------------------------------------------------- helpers */

static unsigned hash_str(const char *s)
{
    unsigned h = 2166136261u;       /* FNV-1a */

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static char *dup_str(const char *s)
{
    size_t n;
    char *d;

    if (!s)
        return NULL;
    n = strlen(s) + 1;
    d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static char *vfmt(const char *fmt, va_list ap)
{
    va_list aq;
    int n;
    char *s;

    va_copy(aq, ap);
    n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        return NULL;
    s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static char *fmt_str(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *fmt_str(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = vfmt(fmt, ap);
    va_end(ap);
    return s;
}

/* A growing output buffer; on allocation failure it stops growing and
 * remembers, so callers check once at the end. */
struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
};

static int sb_reserve(struct sbuf *b, size_t more)
{
    size_t cap;
    char *p;

    if (b->oom)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
    if (sb_reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_pad(struct sbuf *b, int n)
{
    while (n-- > 0)
        sb_put(b, " ", 1);
}

/* snprintf of a double, then undo a locale decimal comma. */
static void fmt_double(char *buf, size_t n, const char *fmt, double v)
{
    snprintf(buf, n, fmt, v);
    for (char *c = buf; *c; c++)
        if (*c == ',')
            *c = '.';
}

#define EXACT_INT 9007199254740992.0 /* 2^53: doubles below are exact integers */

/* A bucket edge: integers in full (2^63 too), else %g. */
static void fmt_short(char *buf, size_t n, double v)
{
    if (v == floor(v) && fabs(v) < 1e20)
        fmt_double(buf, n, "%.0f", v == 0 ? 0.0 : v);
    else
        fmt_double(buf, n, "%g", v);
}

/* ---------------------------------------------------------------- table */

sim_stats *stats_new(void)
{
    sim_stats *st = calloc(1, sizeof(*st));

    if (!st)
        return NULL;
    st->heads = malloc(64 * sizeof(int));
    if (!st->heads) {
        free(st);
        return NULL;
    }
    memset(st->heads, 0xff, 64 * sizeof(int));
    st->mask = 63;
    return st;
}

static void entry_clear(struct entry *e)
{
    free(e->inst);
    free(e->unit);
    free(e->doc);
    free(e->code);
}

void stats_free(sim_stats *st)
{
    if (!st)
        return;
    for (int i = 0; i < st->nents; i++)
        entry_clear(&st->ents[i]);
    for (int i = 0; i < st->nsc; i++) {
        free(st->sc[i].name);
        free(st->sc[i].doc);
    }
    free(st->ents);
    free(st->sc);
    free(st->heads);
    free(st);
}

int stats_find(sim_stats *st, const char *name)
{
    int i;

    if (!st || !name)
        return -1;
    for (i = st->heads[hash_str(name) & st->mask]; i >= 0; i = st->sc[i].next)
        if (strcmp(st->sc[i].name, name) == 0)
            return i;
    return -1;
}

/* Double the buckets and chain every scalar again in index order, which keeps
 * the newest scalar first in its chain (rollback relies on it). */
static int rehash(sim_stats *st)
{
    unsigned nb = (st->mask + 1) * 2;
    int *h = malloc(nb * sizeof(int));

    if (!h)
        return -1;
    memset(h, 0xff, nb * sizeof(int));
    free(st->heads);
    st->heads = h;
    st->mask = nb - 1;
    for (int i = 0; i < st->nsc; i++) {
        unsigned b = st->sc[i].hash & st->mask;

        st->sc[i].next = h[b];
        h[b] = i;
    }
    return 0;
}

/* Append a scalar of entry `ent` (not yet counted in nents). Takes ownership
 * of name and doc, also on failure. */
static int add_scalar(sim_stats *st, int ent, int sub, int nounit, char *name, char *doc,
                      sim_error *err)
{
    struct scalar *s;
    unsigned b;

    if (!name) {
        free(doc);
        return sim_error_set(err, SIM_ENOMEM, "out of memory adding statistics");
    }
    if (stats_find(st, name) >= 0) {
        sim_error_set(err, SIM_EINVAL, "statistic '%s' is defined twice", name);
        free(name);
        free(doc);
        return SIM_EINVAL;
    }
    if (st->nsc == st->capsc) {
        int cap = st->capsc ? st->capsc * 2 : 64;
        struct scalar *p = realloc(st->sc, (size_t)cap * sizeof(*p));

        if (!p)
            goto out_nomem;
        st->sc = p;
        st->capsc = cap;
    }
    if ((unsigned)st->nsc > st->mask && rehash(st))
        goto out_nomem;
    s = &st->sc[st->nsc];
    s->name = name;
    s->doc = doc;
    s->entry = ent;
    s->sub = sub;
    s->nounit = nounit;
    s->hash = hash_str(name);
    b = s->hash & st->mask;
    s->next = st->heads[b];
    st->heads[b] = st->nsc++;
    return 0;

out_nomem:
    free(name);
    free(doc);
    return sim_error_set(err, SIM_ENOMEM, "out of memory adding statistics");
}

/* Remove the scalars from `first` on: each is the head of its chain. */
static void rollback(sim_stats *st, int first)
{
    while (st->nsc > first) {
        struct scalar *s = &st->sc[--st->nsc];

        st->heads[s->hash & st->mask] = s->next;
        free(s->name);
        free(s->doc);
    }
}

static int new_entry(sim_stats *st, sim_error *err)
{
    if (st->nents == st->capents) {
        int cap = st->capents ? st->capents * 2 : 32;
        struct entry *p = realloc(st->ents, (size_t)cap * sizeof(*p));

        if (!p)
            return sim_error_set(err, SIM_ENOMEM, "out of memory adding statistics");
        st->ents = p;
        st->capents = cap;
    }
    memset(&st->ents[st->nents], 0, sizeof(st->ents[0]));
    st->ents[st->nents].scalar = st->nsc;
    return 0;
}

static char *sub_doc(const char *doc, const char *what)
{
    return doc ? fmt_str("%s: %s", doc, what) : dup_str(what);
}

/* The n labels of a VEC row into lab[] (pointers into a copy *buf). */
static int vec_labels(const sim_stat *row, const char *full, char **buf, const char **lab,
                      sim_error *err)
{
    uint32_t k = 1;
    char *c;

    *buf = NULL;
    if (!row->labels)
        return 0;
    for (const char *q = row->labels; *q; q++)
        k += *q == '|';
    if (k != row->n)
        return sim_error_set(err, SIM_EINVAL, "statistic '%s': %u labels '%s' for %u "
                             "elements", full, (unsigned)k, row->labels, (unsigned)row->n);
    *buf = dup_str(row->labels);
    if (!*buf)
        return sim_error_set(err, SIM_ENOMEM, "out of memory adding statistics");
    k = 0;
    lab[k++] = *buf;
    for (c = *buf; *c; c++) {
        if (*c == '|') {
            *c = '\0';
            lab[k++] = c + 1;
        }
    }
    for (k = 0; k < row->n; k++) {
        if (!lab[k][0]) {
            sim_error_set(err, SIM_EINVAL, "statistic '%s': empty label in '%s'", full,
                          row->labels);
            free(*buf);
            *buf = NULL;
            return SIM_EINVAL;
        }
    }
    return 0;
}

static void dist_edge(char *buf, size_t n, const sim_dist *d, uint32_t i)
{
    if (d->width > 0)
        fmt_short(buf, n, d->lo + (double)i * d->width);
    else
        fmt_short(buf, n, i == 0 ? 0.0 : ldexp(1.0, (int)i - 1));
}

static int expand_dist(sim_stats *st, int ent, const char *full, const sim_stat *row,
                       sim_error *err)
{
    static const char *const subs[] = { "samples", "mean", "stdev", "min", "max",
                                        "underflow", "overflow" };
    static const char *const docs[] = { "samples", "mean", "standard deviation", "minimum",
                                        "maximum", "samples below the first bucket",
                                        "samples above the last bucket" };
    static const int xs[] = { X_SAMPLES, X_MEAN, X_STDEV, X_MIN, X_MAX, X_UNDER, X_OVER };
    uint32_t nb = row->n < SIM_DIST_MAX ? row->n : SIM_DIST_MAX;
    sim_dist shape = { .lo = row->width > 0 ? row->lo : 0, .width = row->width };
    int rc;

    for (int k = 0; k < SIM_COUNT(subs); k++) {
        int nounit = xs[k] == X_SAMPLES || xs[k] == X_UNDER || xs[k] == X_OVER;

        rc = add_scalar(st, ent, xs[k], nounit, fmt_str("%s.%s", full, subs[k]),
                        sub_doc(row->doc, docs[k]), err);
        if (rc)
            return rc;
    }
    for (uint32_t i = 0; i < nb; i++) {
        char a[40], b[40], what[96];

        dist_edge(a, sizeof(a), &shape, i);
        dist_edge(b, sizeof(b), &shape, i + 1);
        snprintf(what, sizeof(what), "samples in [%s, %s)", a, b);
        rc = add_scalar(st, ent, X_ELEM + (int)i, 1, fmt_str("%s.%s-%s", full, a, b),
                        sub_doc(row->doc, what), err);
        if (rc)
            return rc;
    }
    return 0;
}

static int expand_vec(sim_stats *st, int ent, const char *full, const sim_stat *row,
                      sim_error *err)
{
    const char **lab = malloc(row->n * sizeof(*lab));
    char *buf = NULL;
    int rc;

    if (!lab)
        return sim_error_set(err, SIM_ENOMEM, "out of memory adding statistics");
    rc = vec_labels(row, full, &buf, lab, err);
    for (uint32_t i = 0; !rc && i < row->n; i++) {
        char idx[16];

        snprintf(idx, sizeof(idx), "%u", (unsigned)i);
        /* without a doc of its own, the label would only repeat the name */
        rc = add_scalar(st, ent, X_ELEM + (int)i, 0,
                        fmt_str("%s.%s", full, buf ? lab[i] : idx),
                        row->doc ? sub_doc(row->doc, buf ? lab[i] : idx) : NULL, err);
    }
    if (!rc)
        rc = add_scalar(st, ent, X_TOTAL, 0, fmt_str("%s.total", full),
                        row->doc ? sub_doc(row->doc, "total") : NULL, err);
    free(buf);
    free(lab);
    return rc;
}

static int check_row(const sim_stat *row, const char *full, void *base, sim_error *err)
{
    switch (row->kind) {
    case SIM_S_COUNTER:
    case SIM_S_VALUE:
    case SIM_S_AVG:
        break;
    case SIM_S_DIST:
        if (row->n == 0)
            return sim_error_set(err, SIM_EINVAL, "statistic '%s': a distribution needs "
                                 "at least one bucket", full);
        if (!(row->width >= 0) || isinf(row->width) || !isfinite(row->lo))
            return sim_error_set(err, SIM_EINVAL, "statistic '%s': bucket width must be "
                                 "finite and >= 0 (0: log2 buckets)", full);
        break;
    case SIM_S_VEC:
        if (row->n == 0)
            return sim_error_set(err, SIM_EINVAL, "statistic '%s': a vector needs at "
                                 "least one element", full);
        break;
    case SIM_S_FORMULA:
        if (!row->formula)
            return sim_error_set(err, SIM_EINVAL, "statistic '%s': formula missing", full);
        return 0;
    default:
        return sim_error_set(err, SIM_EINVAL, "statistic '%s': unknown kind %d", full,
                             row->kind);
    }
    if (!base)
        return sim_error_set(err, SIM_EINVAL, "statistic '%s': no instance to read", full);
    return 0;
}

int stats_add(sim_stats *st, const char *inst, const sim_stat *row, void *base, sim_error *err)
{
    struct entry *e;
    char *full;
    int ent, rc;

    if (!st || !row || !row->name || !row->name[0])
        return sim_error_set(err, SIM_EINVAL, "statistic without a name");
    if (!inst)
        inst = "";
    full = inst[0] ? fmt_str("%s.%s", inst, row->name) : dup_str(row->name);
    if (!full)
        return sim_error_set(err, SIM_ENOMEM, "out of memory adding statistics");
    rc = check_row(row, full, base, err);
    if (!rc)
        rc = new_entry(st, err);
    if (rc) {
        free(full);
        return rc;
    }
    ent = st->nents;
    e = &st->ents[ent];
    e->kind = row->kind;
    e->row = row;
    e->p = row->kind == SIM_S_FORMULA ? NULL : (char *)base + row->offset;
    e->inst = dup_str(inst);
    if (!e->inst) {
        free(full);
        return sim_error_set(err, SIM_ENOMEM, "out of memory adding statistics");
    }
    switch (row->kind) {
    case SIM_S_AVG:
        rc = add_scalar(st, ent, X_MAIN, 0, dup_str(full), NULL, err);
        if (!rc)
            rc = add_scalar(st, ent, X_SAMPLES, 1, fmt_str("%s.samples", full),
                            sub_doc(row->doc, "samples"), err);
        break;
    case SIM_S_DIST:
        rc = expand_dist(st, ent, full, row, err);
        break;
    case SIM_S_VEC:
        rc = expand_vec(st, ent, full, row, err);
        break;
    default:
        rc = add_scalar(st, ent, X_MAIN, 0, dup_str(full), NULL, err);
        break;
    }
    free(full);
    if (rc) {
        rollback(st, e->scalar);
        entry_clear(e);
        return rc;
    }
    if (row->kind == SIM_S_DIST) {
        sim_dist *d = e->p;

        d->n = row->n < SIM_DIST_MAX ? row->n : SIM_DIST_MAX;
        d->width = row->width;
        d->lo = row->width > 0 ? row->lo : 0;
        d->min = INFINITY;
        d->max = -INFINITY;
    }
    st->nents++;
    return 0;
}

int stats_add_fn(sim_stats *st, const char *name, double (*fn)(void *arg), void *arg,
                 const char *unit, const char *doc, sim_error *err)
{
    struct entry *e;
    int rc;

    if (!st || !name || !name[0] || !fn)
        return sim_error_set(err, SIM_EINVAL, "computed statistic without a name or function");
    rc = new_entry(st, err);
    if (rc)
        return rc;
    e = &st->ents[st->nents];
    e->kind = KIND_FN;
    e->fn = fn;
    e->arg = arg;
    e->inst = dup_str("");
    e->unit = dup_str(unit);
    e->doc = dup_str(doc);
    if (!e->inst || (unit && !e->unit) || (doc && !e->doc)) {
        entry_clear(e);
        return sim_error_set(err, SIM_ENOMEM, "out of memory adding statistics");
    }
    rc = add_scalar(st, st->nents, X_MAIN, 0, dup_str(name), NULL, err);
    if (rc) {
        entry_clear(e);
        return rc;
    }
    st->nents++;
    return 0;
}

/* --------------------------------------------------------------- values */

struct val {
    int isint;                      /* u is the value, exactly */
    uint64_t u;
    double d;
};

static double value_of(sim_stats *st, int i);

static double eval(sim_stats *st, const struct entry *e)
{
    double s[FORMULA_STACK];
    int sp = 0;

    if (!e->code)
        return NAN;                 /* not finalized, or rejected */
    for (const struct op *o = e->code, *end = o + e->ncode; o < end; o++) {
        switch (o->op) {
        case OP_NUM:
            s[sp++] = o->k;
            break;
        case OP_STAT:
            s[sp++] = value_of(st, o->idx);
            break;
        case OP_NEG:
            s[sp - 1] = -s[sp - 1];
            break;
        case OP_ADD:
            sp--;
            s[sp - 1] += s[sp];
            break;
        case OP_SUB:
            sp--;
            s[sp - 1] -= s[sp];
            break;
        case OP_MUL:
            sp--;
            s[sp - 1] *= s[sp];
            break;
        case OP_DIV:
            sp--;
            s[sp - 1] /= s[sp];
            break;
        case OP_MIN:
        case OP_MAX:
            sp--;
            if (isnan(s[sp]) || isnan(s[sp - 1]))
                s[sp - 1] = NAN;
            else if (o->op == OP_MIN ? s[sp] < s[sp - 1] : s[sp] > s[sp - 1])
                s[sp - 1] = s[sp];
            break;
        }
    }
    return s[0];
}

static struct val scalar_val(sim_stats *st, int i)
{
    const struct scalar *sc = &st->sc[i];
    const struct entry *e = &st->ents[sc->entry];
    struct val v = { 0, 0, 0 };

    switch (e->kind) {
    case SIM_S_COUNTER:
        v.isint = 1;
        v.u = *(const uint64_t *)e->p;
        break;
    case SIM_S_VALUE:
        v.d = *(const double *)e->p;
        break;
    case SIM_S_FORMULA:
        v.d = eval(st, e);
        break;
    case KIND_FN:
        v.d = e->fn(e->arg);
        break;
    case SIM_S_AVG: {
        const sim_avg *a = e->p;

        if (sc->sub == X_SAMPLES) {
            v.isint = 1;
            v.u = a->n;
        } else {
            v.d = a->n ? a->sum / (double)a->n : NAN;
        }
        break;
    }
    case SIM_S_VEC: {
        const uint64_t *x = e->p;

        v.isint = 1;
        if (sc->sub == X_TOTAL)
            for (uint32_t k = 0; k < e->row->n; k++)
                v.u += x[k];
        else
            v.u = x[sc->sub - X_ELEM];
        break;
    }
    case SIM_S_DIST: {
        const sim_dist *d = e->p;
        double n = (double)d->count;

        v.isint = sc->sub == X_SAMPLES || sc->sub == X_UNDER || sc->sub == X_OVER ||
                  sc->sub >= X_ELEM;
        switch (sc->sub) {
        case X_SAMPLES:
            v.u = d->count;
            break;
        case X_UNDER:
            v.u = d->under;
            break;
        case X_OVER:
            v.u = d->over;
            break;
        case X_MEAN:
            v.d = d->count ? d->sum / n : NAN;
            break;
        case X_STDEV:           /* population deviation; rounding can dip below 0 */
            v.d = d->count ? sqrt(fmax(0.0, (d->sumsq - d->sum * d->sum / n) / n)) : NAN;
            break;
        case X_MIN:
            v.d = d->count ? d->min : NAN;
            break;
        case X_MAX:
            v.d = d->count ? d->max : NAN;
            break;
        default:
            v.u = d->bucket[sc->sub - X_ELEM];
            break;
        }
        break;
    }
    }
    if (v.isint)
        v.d = (double)v.u;
    return v;
}

static double value_of(sim_stats *st, int i)
{
    return scalar_val(st, i).d;
}

double stats_get(sim_stats *st, const char *name)
{
    int i = stats_find(st, name);

    return i < 0 ? NAN : value_of(st, i);
}

int stats_count(sim_stats *st)
{
    return st ? st->nsc : 0;
}

static int in_range(sim_stats *st, int i)
{
    return st && i >= 0 && i < st->nsc;
}

const char *stats_name(sim_stats *st, int i)
{
    return in_range(st, i) ? st->sc[i].name : NULL;
}

double stats_value(sim_stats *st, int i)
{
    return in_range(st, i) ? value_of(st, i) : NAN;
}

const char *stats_unit(sim_stats *st, int i)
{
    const struct entry *e;

    if (!in_range(st, i) || st->sc[i].nounit)
        return NULL;
    e = &st->ents[st->sc[i].entry];
    return e->kind == KIND_FN ? e->unit : e->row->unit;
}

const char *stats_doc(sim_stats *st, int i)
{
    const struct entry *e;

    if (!in_range(st, i))
        return NULL;
    if (st->sc[i].doc)
        return st->sc[i].doc;
    e = &st->ents[st->sc[i].entry];
    return e->kind == KIND_FN ? e->doc : e->row->doc;
}

void stats_reset(sim_stats *st)
{
    if (!st)
        return;
    for (int i = 0; i < st->nents; i++) {
        struct entry *e = &st->ents[i];

        switch (e->kind) {
        case SIM_S_COUNTER:
            *(uint64_t *)e->p = 0;
            break;
        case SIM_S_VALUE:
            *(double *)e->p = 0;
            break;
        case SIM_S_AVG:
            ((sim_avg *)e->p)->sum = 0;
            ((sim_avg *)e->p)->n = 0;
            break;
        case SIM_S_VEC:
            memset(e->p, 0, e->row->n * sizeof(uint64_t));
            break;
        case SIM_S_DIST: {
            sim_dist *d = e->p;

            d->count = d->under = d->over = 0;
            d->sum = d->sumsq = 0;
            d->min = INFINITY;
            d->max = -INFINITY;
            memset(d->bucket, 0, sizeof(d->bucket));
            break;
        }
        }
    }
}

/* Linear buckets [lo + i*width, lo + (i+1)*width), or with width 0 log2
 * buckets: 0 holds [0, 1), i holds [2^(i-1), 2^i). NaN samples are ignored. */
void sim_dist_add(sim_dist *d, double v)
{
    uint32_t nb = d->n < SIM_DIST_MAX ? d->n : SIM_DIST_MAX;

    if (isnan(v))
        return;
    d->count++;
    d->sum += v;
    d->sumsq += v * v;
    if (v < d->min)
        d->min = v;
    if (v > d->max)
        d->max = v;
    if (d->width > 0) {
        double q;

        if (v < d->lo) {
            d->under++;
            return;
        }
        q = (v - d->lo) / d->width;     /* >= 0: truncation is floor */
        if (q < (double)nb)
            d->bucket[(uint32_t)q]++;
        else
            d->over++;
        return;
    }
    if (v < 0) {
        d->under++;
    } else if (v < 9223372036854775808.0) {
        uint64_t u = (uint64_t)v;   /* bucket edges are integers: floor is enough */
        uint32_t i = u ? sim_log2(u) + 1 : 0;

        if (i < nb)
            d->bucket[i]++;
        else
            d->over++;
    } else {
        d->over++;
    }
}

/* ------------------------------------------------------------- formulas */

enum { T_END, T_NUM, T_NAME, T_CHAR };

struct parser {
    sim_stats *st;
    int ent;                        /* the formula's entry */
    const char *src, *p;
    int tok;                        /* T_* */
    const char *tstart;             /* token text */
    size_t tlen;
    double num;
    struct op *code;
    int n, cap;
    int depth, maxdepth, nest;
    sim_error *err;
    int failed;                     /* the SIM_E* code once something went wrong */
};

static int is_name0(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static void fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct parser *ps, const char *fmt, ...)
{
    const struct entry *e = &ps->st->ents[ps->ent];
    char why[256];
    va_list ap;

    if (ps->failed)
        return;
    ps->failed = SIM_ECONFIG;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    sim_error_set(ps->err, SIM_ECONFIG, "%s: formula '%s': %s", ps->st->sc[e->scalar].name,
                  ps->src, why);
}

/* Decimal without strtod (which follows the locale): exact when the digits
 * fit 2^53 and the power of ten is at most 22, as in most formulas. */
static double lex_number(const char **pp)
{
    const char *p = *pp;
    uint64_t m = 0;
    int exp10 = 0, digits = 0;
    double v;

    for (; is_digit(*p); p++) {
        if (digits < 19) {
            m = m * 10 + (uint64_t)(*p - '0');
            digits += m != 0;
        } else {
            exp10++;
        }
    }
    if (*p == '.') {
        for (p++; is_digit(*p); p++) {
            if (digits < 19) {
                m = m * 10 + (uint64_t)(*p - '0');
                digits += m != 0;
                exp10--;
            }
        }
    }
    if ((*p == 'e' || *p == 'E') &&
        (is_digit(p[1]) || ((p[1] == '+' || p[1] == '-') && is_digit(p[2])))) {
        int neg = 0, e = 0;

        p++;
        if (*p == '+' || *p == '-')
            neg = *p++ == '-';
        for (; is_digit(*p); p++)
            if (e < 10000)
                e = e * 10 + (*p - '0');
        exp10 += neg ? -e : e;
    }
    *pp = p;
    v = (double)m;
    if (m == 0)
        return 0.0;
    if (m <= (1ull << 53) && exp10 >= -22 && exp10 <= 22) {
        static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
                                      1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                                      1e18, 1e19, 1e20, 1e21, 1e22 };

        return exp10 < 0 ? v / p10[-exp10] : v * p10[exp10];
    }
    return v * pow(10.0, exp10);
}

static void next(struct parser *ps)
{
    const char *p = ps->p;

    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    ps->tstart = p;
    if (!*p) {
        ps->tok = T_END;
    } else if (is_digit(*p) || (*p == '.' && is_digit(p[1]))) {
        ps->tok = T_NUM;
        ps->num = lex_number(&p);
    } else if (is_name0(*p)) {
        ps->tok = T_NAME;
        while (is_name0(*p) || is_digit(*p) || *p == '.')
            p++;
    } else {
        ps->tok = T_CHAR;
        p++;
    }
    ps->tlen = (size_t)(p - ps->tstart);
    ps->p = p;
}

static int column(const struct parser *ps)
{
    return (int)(ps->tstart - ps->src) + 1;
}

static void emit(struct parser *ps, int op, int idx, double k)
{
    if (ps->failed)
        return;
    if (ps->n == ps->cap) {
        int cap = ps->cap ? ps->cap * 2 : 8;
        struct op *c = realloc(ps->code, (size_t)cap * sizeof(*c));

        if (!c) {
            ps->failed = SIM_ENOMEM;
            sim_error_set(ps->err, SIM_ENOMEM, "out of memory compiling formulas");
            return;
        }
        ps->code = c;
        ps->cap = cap;
    }
    ps->code[ps->n++] = (struct op){ op, idx, k };
    if (op == OP_NUM || op == OP_STAT) {
        if (++ps->depth > ps->maxdepth)
            ps->maxdepth = ps->depth;
        if (ps->depth > FORMULA_STACK)
            fail(ps, "too many operands pending (at most %d)", FORMULA_STACK);
    } else if (op != OP_NEG) {
        ps->depth--;
    }
}

/* The scalar a name in the formula means: within the instance, then full. */
static int resolve(struct parser *ps, const char *name, size_t len)
{
    const char *inst = ps->st->ents[ps->ent].inst;
    char buf[512];
    int i = -1;

    if (inst[0] && strlen(inst) + 1 + len < sizeof(buf)) {
        snprintf(buf, sizeof(buf), "%s.%.*s", inst, (int)len, name);
        i = stats_find(ps->st, buf);
    }
    if (i < 0 && len < sizeof(buf)) {
        memcpy(buf, name, len);
        buf[len] = '\0';
        i = stats_find(ps->st, buf);
    }
    return i;
}

static void parse_expr(struct parser *ps);

static int expect(struct parser *ps, char c)
{
    if (ps->tok == T_CHAR && *ps->tstart == c) {
        next(ps);
        return 0;
    }
    if (ps->tok == T_END)
        fail(ps, "expected '%c' at the end", c);
    else
        fail(ps, "expected '%c' at column %d", c, column(ps));
    return -1;
}

static void parse_primary(struct parser *ps)
{
    if (ps->failed)
        return;
    if (ps->tok == T_NUM) {
        emit(ps, OP_NUM, 0, ps->num);
        next(ps);
    } else if (ps->tok == T_NAME) {
        const char *name = ps->tstart;
        size_t len = ps->tlen;
        int i;

        next(ps);
        if (ps->tok == T_CHAR && *ps->tstart == '(') {
            int op = len == 3 && !memcmp(name, "min", 3) ? OP_MIN
                   : len == 3 && !memcmp(name, "max", 3) ? OP_MAX : -1;

            if (op < 0) {
                fail(ps, "unknown function '%.*s' (min and max are known)", (int)len, name);
                return;
            }
            next(ps);
            parse_expr(ps);
            if (ps->failed || expect(ps, ','))
                return;
            parse_expr(ps);
            if (ps->failed || expect(ps, ')'))
                return;
            emit(ps, op, 0, 0);
            return;
        }
        i = resolve(ps, name, len);
        if (i < 0)
            fail(ps, "unknown stat '%.*s'", (int)len, name);
        else
            emit(ps, OP_STAT, i, 0);
    } else if (ps->tok == T_CHAR && *ps->tstart == '(') {
        if (++ps->nest > FORMULA_NEST) {
            fail(ps, "nested too deeply");
            return;
        }
        next(ps);
        parse_expr(ps);
        if (!ps->failed)
            expect(ps, ')');
        ps->nest--;
    } else if (ps->tok == T_END) {
        fail(ps, "expected a number, a name or '(' at the end");
    } else {
        fail(ps, "expected a number, a name or '(' at column %d", column(ps));
    }
}

static void parse_unary(struct parser *ps)
{
    if (ps->tok == T_CHAR && (*ps->tstart == '-' || *ps->tstart == '+')) {
        int neg = *ps->tstart == '-';

        if (++ps->nest > FORMULA_NEST) {
            fail(ps, "nested too deeply");
            return;
        }
        next(ps);
        parse_unary(ps);
        if (neg)
            emit(ps, OP_NEG, 0, 0);
        ps->nest--;
        return;
    }
    parse_primary(ps);
}

static void parse_term(struct parser *ps)
{
    parse_unary(ps);
    while (!ps->failed && ps->tok == T_CHAR && (*ps->tstart == '*' || *ps->tstart == '/')) {
        int op = *ps->tstart == '*' ? OP_MUL : OP_DIV;

        next(ps);
        parse_unary(ps);
        emit(ps, op, 0, 0);
    }
}

static void parse_expr(struct parser *ps)
{
    parse_term(ps);
    while (!ps->failed && ps->tok == T_CHAR && (*ps->tstart == '+' || *ps->tstart == '-')) {
        int op = *ps->tstart == '+' ? OP_ADD : OP_SUB;

        next(ps);
        parse_term(ps);
        emit(ps, op, 0, 0);
    }
}

static int compile(sim_stats *st, int ent, sim_error *err)
{
    struct entry *e = &st->ents[ent];
    struct parser ps = { .st = st, .ent = ent, .src = e->row->formula, .err = err };

    ps.p = ps.src;
    next(&ps);
    parse_expr(&ps);
    if (!ps.failed && ps.tok != T_END)
        fail(&ps, "unexpected '%.*s' at column %d", (int)ps.tlen, ps.tstart, column(&ps));
    if (ps.failed) {
        free(ps.code);
        return ps.failed;
    }
    e->code = ps.code;
    e->ncode = ps.n;
    return 0;
}

/* Depth-first search over formula -> formula references; path[] holds the
 * entries on the current path to name a cycle. */
static int find_cycle(sim_stats *st, int ent, int *path, int depth, sim_error *err)
{
    struct entry *e = &st->ents[ent];

    if (e->mark == 2 || !e->code)
        return 0;
    path[depth] = ent;
    if (e->mark == 1) {
        struct sbuf b = { 0 };
        int from = depth - 1;

        while (path[from] != ent)
            from--;
        for (int k = from; k <= depth; k++) {
            if (k > from)
                sb_str(&b, " -> ");
            sb_str(&b, st->sc[st->ents[path[k]].scalar].name);
        }
        sim_error_set(err, SIM_ECONFIG, "%s: formula '%s': cycle %s",
                      st->sc[e->scalar].name, e->row->formula, b.p ? b.p : "");
        free(b.p);
        return SIM_ECONFIG;
    }
    e->mark = 1;
    for (int k = 0; k < e->ncode; k++) {
        int rc, dep;

        if (e->code[k].op != OP_STAT)
            continue;
        dep = st->sc[e->code[k].idx].entry;
        if (st->ents[dep].kind != SIM_S_FORMULA)
            continue;
        rc = find_cycle(st, dep, path, depth + 1, err);
        if (rc)
            return rc;
    }
    e->mark = 2;
    return 0;
}

int stats_finalize(sim_stats *st, sim_error *err)
{
    int rc = 0, nf = 0, *path;
    int *fresh;

    if (!st)
        return sim_error_set(err, SIM_EINVAL, "no statistics");
    for (int i = 0; i < st->nents; i++)
        nf += st->ents[i].kind == SIM_S_FORMULA;
    fresh = calloc((size_t)nf + 1, sizeof(int));
    path = calloc((size_t)nf + 2, sizeof(int));
    if (!fresh || !path) {
        free(fresh);
        free(path);
        return sim_error_set(err, SIM_ENOMEM, "out of memory compiling formulas");
    }
    nf = 0;
    for (int i = 0; i < st->nents && !rc; i++) {
        if (st->ents[i].kind != SIM_S_FORMULA || st->ents[i].code)
            continue;
        rc = compile(st, i, err);
        if (!rc)
            fresh[nf++] = i;
    }
    for (int i = 0; i < st->nents; i++)
        st->ents[i].mark = 0;
    for (int i = 0; i < st->nents && !rc; i++)
        if (st->ents[i].kind == SIM_S_FORMULA)
            rc = find_cycle(st, i, path, 0, err);
    if (rc) {                       /* a rejected batch reads as NaN, never loops */
        for (int k = 0; k < nf; k++) {
            free(st->ents[fresh[k]].code);
            st->ents[fresh[k]].code = NULL;
            st->ents[fresh[k]].ncode = 0;
        }
    }
    free(fresh);
    free(path);
    return rc;
}

/* ---------------------------------------------------------------- output */

enum { STYLE_TEXT, STYLE_JSON, STYLE_CSV };

static void fmt_val(char *buf, size_t n, struct val v, int style)
{
    if (v.isint) {
        snprintf(buf, n, "%llu", (unsigned long long)v.u);
    } else if (isnan(v.d)) {
        snprintf(buf, n, "%s", style == STYLE_JSON ? "null" : "nan");
    } else if (isinf(v.d)) {
        snprintf(buf, n, "%s", style == STYLE_JSON ? "null" : v.d > 0 ? "inf" : "-inf");
    } else if (v.d == 0) {
        snprintf(buf, n, "0");      /* also -0 */
    } else if (style == STYLE_TEXT) {
        if (v.d == floor(v.d) && fabs(v.d) < EXACT_INT)
            fmt_double(buf, n, "%.0f", v.d);
        else
            fmt_double(buf, n, "%.6g", v.d);
    } else {
        fmt_double(buf, n, "%.17g", v.d);
    }
}

#define VAL_LEN 40

/* Bytes of the UTF-8 character at p: 1 for ASCII, 0 when p is not UTF-8. */
static int utf8_len(const unsigned char *p)
{
    int n = p[0] < 0x80 ? 1 : p[0] < 0xc2 ? 0 : p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 :
            p[0] < 0xf5 ? 4 : 0;
    unsigned lo = p[0] == 0xe0 ? 0xa0 : p[0] == 0xf0 ? 0x90 : 0x80;
    unsigned hi = p[0] == 0xed ? 0x9f : p[0] == 0xf4 ? 0x8f : 0xbf;

    for (int i = 1; i < n; i++, lo = 0x80, hi = 0xbf)
        if (p[i] < lo || p[i] > hi)     /* a NUL stops here too */
            return 0;
    return n;
}

/* s as a JSON string; a byte that is not UTF-8 (of a file name, say)
 * becomes U+FFFD. */
static void put_json_str(struct sbuf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    sb_put(b, "\"", 1);
    while (*p) {
        int n = utf8_len(p);
        char esc[8];

        if (n == 0) {
            sb_str(b, "\\ufffd");
            p++;
        } else if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p++;
            sb_put(b, esc, 2);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)*p++);
            sb_str(b, esc);
        } else {
            sb_put(b, (const char *)p, (size_t)n);
            p += n;
        }
    }
    sb_put(b, "\"", 1);
}

char *sim_json_quote(const char *s)
{
    struct sbuf b = { 0 };

    put_json_str(&b, s);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

static void put_csv_field(struct sbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        sb_str(b, s);
        return;
    }
    sb_put(b, "\"", 1);
    for (; *s; s++) {
        if (*s == '"')
            sb_put(b, "\"", 1);
        sb_put(b, s, 1);
    }
    sb_put(b, "\"", 1);
}

static void format_text(sim_stats *st, struct sbuf *b)
{
    char (*vals)[VAL_LEN] = malloc((size_t)(st->nsc ? st->nsc : 1) * VAL_LEN);
    int wname = 0, wval = 0;

    if (!vals) {
        b->oom = 1;
        return;
    }
    for (int i = 0; i < st->nsc; i++) {
        int ln = (int)strlen(st->sc[i].name);
        int lv;

        fmt_val(vals[i], VAL_LEN, scalar_val(st, i), STYLE_TEXT);
        lv = (int)strlen(vals[i]);
        wname = ln > wname ? ln : wname;
        wval = lv > wval ? lv : wval;
    }
    sb_str(b, "---------- archsim statistics ----------\n");
    for (int i = 0; i < st->nsc; i++) {
        const char *doc = stats_doc(st, i), *unit = stats_unit(st, i);

        sb_str(b, st->sc[i].name);
        sb_pad(b, wname - (int)strlen(st->sc[i].name) + 2 + wval - (int)strlen(vals[i]));
        sb_str(b, vals[i]);
        if (doc || unit) {
            sb_str(b, "  #");
            if (doc) {
                sb_str(b, " ");
                sb_str(b, doc);
            }
            if (unit) {
                sb_str(b, " (");
                sb_str(b, unit);
                sb_str(b, ")");
            }
        }
        sb_str(b, "\n");
    }
    sb_str(b, "---------- end archsim statistics ----------\n");
    free(vals);
}

static void format_json(sim_stats *st, struct sbuf *b)
{
    char v[VAL_LEN];

    if (st->nsc == 0) {
        sb_str(b, "{}\n");
        return;
    }
    sb_str(b, "{\n");
    for (int i = 0; i < st->nsc; i++) {
        sb_str(b, "  ");
        put_json_str(b, st->sc[i].name);
        sb_str(b, ": ");
        fmt_val(v, sizeof(v), scalar_val(st, i), STYLE_JSON);
        sb_str(b, v);
        sb_str(b, i + 1 < st->nsc ? ",\n" : "\n");
    }
    sb_str(b, "}\n");
}

static void format_csv(sim_stats *st, struct sbuf *b, int header)
{
    char v[VAL_LEN];

    if (header) {
        for (int i = 0; i < st->nsc; i++) {
            if (i)
                sb_str(b, ",");
            put_csv_field(b, st->sc[i].name);
        }
        sb_str(b, "\n");
    }
    for (int i = 0; i < st->nsc; i++) {
        if (i)
            sb_str(b, ",");
        fmt_val(v, sizeof(v), scalar_val(st, i), STYLE_CSV);
        sb_str(b, v);
    }
    sb_str(b, "\n");
}

int stats_format(sim_stats *st, int format, char **out, sim_error *err)
{
    struct sbuf b = { 0 };

    if (!out)
        return sim_error_set(err, SIM_EINVAL, "no place to put the statistics");
    *out = NULL;
    if (!st)
        return sim_error_set(err, SIM_EINVAL, "no statistics");
    switch (format) {
    case SIM_STATS_TEXT:
        format_text(st, &b);
        break;
    case SIM_STATS_JSON:
        format_json(st, &b);
        break;
    case SIM_STATS_CSV:
    case SIM_STATS_CSV_ROW:
        format_csv(st, &b, format == SIM_STATS_CSV);
        break;
    default:
        return sim_error_set(err, SIM_EINVAL, "unknown statistics format %d (expected "
                             "text 0, json 1, csv 2 or csv row 3)", format);
    }
    sb_reserve(&b, 0);              /* an empty table still gives a string */
    if (b.oom) {
        free(b.p);
        return sim_error_set(err, SIM_ENOMEM, "out of memory formatting statistics");
    }
    *out = b.p;
    return 0;
}

int stats_write(sim_stats *st, const char *path, int format, sim_error *err)
{
    char *text;
    int rc = stats_format(st, format, &text, err);

    if (rc)
        return rc;
    rc = sim_write_file_atomic(path, text, strlen(text), err);
    free(text);
    return rc;
}

/* --------------------------------------------------------- atomic write */

int sim_output_target(const char *path, char *out, size_t n)
{
    struct stat st;
    char *real;

    if (strlen(path) >= n) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(out, path);
    if (lstat(path, &st) != 0)
        return 0;                   /* none yet (or unreadable: the write will say) */
    if (S_ISLNK(st.st_mode) && (real = realpath(path, NULL)) != NULL) {
        if (strlen(real) >= n) {
            free(real);
            errno = ENAMETOOLONG;
            return -1;
        }
        strcpy(out, real);          /* write the file it names, keep the link */
        free(real);
        if (stat(out, &st) != 0)
            return 0;
    }
    return S_ISREG(st.st_mode) ? 0 : 1;
}

/* Write to a FIFO or a device (sim_output_target) where it is. */
static int write_in_place(const char *path, const char *data, size_t len, sim_error *err)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), e;

    if (fd < 0)
        return sim_error_set(err, SIM_EIO, "%s: cannot write there: %s", path, strerror(errno));
    while (len > 0) {
        ssize_t w = write(fd, data, len);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            e = w < 0 ? errno : EIO;
            close(fd);
            return sim_error_set(err, SIM_EIO, "%s: write error: %s", path, strerror(e));
        }
        data += w;
        len -= (size_t)w;
    }
    if (close(fd))
        return sim_error_set(err, SIM_EIO, "%s: write error: %s", path, strerror(errno));
    return 0;
}

/* The temporary file is `path.tmp.<pid>.<k>`, created with O_EXCL so that
 * writers in other threads or processes never share one; its mode is the
 * usual 0666 less the umask. After the rename the folder is synced too, so
 * the new name survives a crash (best effort: some filesystems refuse). A FIFO
 * or a device is written in place, a symbolic link's file through it
 * (sim_output_target). */
int sim_write_file_atomic(const char *path, const char *data, size_t len, sim_error *err)
{
    size_t plen;
    char *tmp, *slash, target[4096];
    int fd = -1, e, kind;

    if (!path || !path[0] || (!data && len))
        return sim_error_set(err, SIM_EINVAL, "nothing to write, or no file name");
    kind = sim_output_target(path, target, sizeof target);
    if (kind < 0)
        return sim_error_set(err, SIM_EIO, "%s: %s", path, strerror(errno));
    if (kind == 1)
        return write_in_place(target, data, len, err);
    path = target;                  /* a symbolic link's file, not the link */
    plen = strlen(path);
    tmp = malloc(plen + 48);
    if (!tmp)
        return sim_error_set(err, SIM_ENOMEM, "out of memory writing '%s'", path);
    for (unsigned k = 0; k < 1000; k++) {
        snprintf(tmp, plen + 48, "%s.tmp.%ld.%u", path, (long)getpid(), k);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    if (fd < 0) {
        e = errno;
        free(tmp);
        return sim_error_set(err, SIM_EIO, "%s: cannot create a file there: %s", path,
                             strerror(e));
    }
    while (len > 0) {
        ssize_t w = write(fd, data, len);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto out_unlink;
        data += w;
        len -= (size_t)w;
    }
    if (fsync(fd))
        goto out_unlink;
    if (close(fd)) {
        fd = -1;
        goto out_unlink;
    }
    fd = -1;
    if (rename(tmp, path))
        goto out_unlink;
    slash = strrchr(tmp, '/');
    if (slash == tmp)
        slash++;                    /* a file in / */
    if (slash)
        *slash = '\0';
    fd = open(slash ? tmp : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(tmp);
    return 0;

out_unlink:
    e = errno ? errno : EIO;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return sim_error_set(err, SIM_EIO, "%s: cannot write: %s", path, strerror(e));
}
