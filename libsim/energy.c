/* libsim/energy.c - energy accounting of one simulator: prices the energy
 * events that models count and adds leakage power x elapsed time, per
 * instance and in total, with EDP, ED2P and energy per instruction.
 *
 * An activity-count model in the style of Wattch and McPAT's runtime use:
 * each event costs a fixed energy (from the instance's `energy:` mapping or
 * its type's energy model), leakage is constant power. Not modelled:
 * data-dependent switching, dynamic voltage and frequency scaling,
 * temperature feedback on leakage, power gating of idle parts. The order of
 * every sum is fixed (see energy_int.h) so results are reproducible to the
 * bit. Everything is computed when read; models only bump counters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "energy_int.h"

struct ev_ref {                     /* the argument of one <inst>.energy.<event> */
    struct en_inst *in;
    int i;
};

struct en_inst {
    struct sim_energy *en;
    char *name;
    int n;
    char **ev_name;                 /* n of each */
    size_t *ev_off;
    double *ev_j;
    void *base;
    double leak_w;
    sim_stat *rows;                 /* <inst>.events.<event>, once stats are added */
    char **row_names;
    struct ev_ref *refs;
};

struct sim_energy {
    struct en_inst **in;
    int n, cap;
    const sim_tick *now;
    const uint64_t *insts;
    sim_tick t0;                    /* tick of the last reset */
    uint64_t insts0;                /* committed instructions at the last reset */
    int stats_added;
};

sim_energy *energy_new(void)
{
    return calloc(1, sizeof(sim_energy));
}

static void inst_free(struct en_inst *in)
{
    if (!in)
        return;
    for (int i = 0; i < in->n; i++) {
        free(in->ev_name[i]);
        if (in->row_names)
            free(in->row_names[i]);
    }
    free(in->ev_name);
    free(in->ev_off);
    free(in->ev_j);
    free(in->rows);
    free(in->row_names);
    free(in->refs);
    free(in->name);
    free(in);
}

void energy_free(sim_energy *en)
{
    if (!en)
        return;
    for (int i = 0; i < en->n; i++)
        inst_free(en->in[i]);
    free(en->in);
    free(en);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);

    if (d)
        memcpy(d, s, n);
    return d;
}

int energy_add(sim_energy *en, const char *inst, const sim_energy_event *ev, int n,
               void *base, const double *event_j, double leak_w, sim_error *err)
{
    struct en_inst *in;

    if (!en || !inst || !inst[0] || n < 0 || (n > 0 && (!ev || !event_j || !base)))
        return sim_error_set(err, SIM_EINVAL, "energy: bad instance arguments");
    if (en->stats_added)
        return sim_error_set(err, SIM_ESTATE, "%s: energy added after its statistics", inst);
    for (int i = 0; i < en->n; i++)
        if (strcmp(en->in[i]->name, inst) == 0)
            return sim_error_set(err, SIM_EINVAL, "%s: energy added twice", inst);
    for (int i = 0; i < n; i++) {
        if (!ev[i].name || !ev[i].name[0])
            return sim_error_set(err, SIM_EINVAL, "%s: energy event %d has no name", inst, i);
        for (int k = 0; k < i; k++)
            if (strcmp(ev[k].name, ev[i].name) == 0)
                return sim_error_set(err, SIM_EINVAL, "%s: energy event '%s' declared twice",
                                     inst, ev[i].name);
    }
    if (en->n == en->cap) {
        int cap = en->cap ? en->cap * 2 : 16;
        struct en_inst **p = realloc(en->in, (size_t)cap * sizeof(*p));

        if (!p)
            goto out_nomem;
        en->in = p;
        en->cap = cap;
    }
    in = calloc(1, sizeof(*in));
    if (!in)
        goto out_nomem;
    in->en = en;
    in->n = n;
    in->base = base;
    in->leak_w = leak_w;
    in->name = dup_str(inst);
    in->ev_name = calloc((size_t)n + 1, sizeof(char *));
    in->ev_off = calloc((size_t)n + 1, sizeof(size_t));
    in->ev_j = calloc((size_t)n + 1, sizeof(double));
    if (!in->name || !in->ev_name || !in->ev_off || !in->ev_j)
        goto out_free;
    for (int i = 0; i < n; i++) {
        in->ev_name[i] = dup_str(ev[i].name);
        if (!in->ev_name[i])
            goto out_free;
        in->ev_off[i] = ev[i].offset;
        in->ev_j[i] = event_j[i];
    }
    en->in[en->n++] = in;
    return 0;

out_free:
    inst_free(in);
out_nomem:
    return sim_error_set(err, SIM_ENOMEM, "out of memory adding energy of %s", inst);
}

/* ------------------------------------------------------------ arithmetic */

/* A product rounded to double on its own. Without this a compiler may fuse it
 * with the add that follows (FMA: GNU C contracts by default where the target
 * has one), and the sums would depend on the machine that ran them. */
static double product(double a, double b)
{
    volatile double p = a * b;

    return p;
}

static uint64_t count(const struct en_inst *in, int i)
{
    return *(const uint64_t *)((const char *)in->base + in->ev_off[i]);
}

static double seconds(const sim_energy *en)
{
    sim_tick now = en->now ? *en->now : 0;

    return now > en->t0 ? (double)(now - en->t0) / 1e12 : 0.0;
}

static double inst_dynamic(const struct en_inst *in)
{
    double d = 0.0;

    for (int i = 0; i < in->n; i++)
        d += product((double)count(in, i), in->ev_j[i]);
    return d;
}

static double inst_leakage(const struct en_inst *in)
{
    return product(in->leak_w, seconds(in->en));
}

static double inst_total(const struct en_inst *in)
{
    return inst_dynamic(in) + inst_leakage(in);
}

static double sum_dynamic(const sim_energy *en)
{
    double s = 0.0;

    for (int i = 0; i < en->n; i++)
        s += inst_dynamic(en->in[i]);
    return s;
}

static double sum_leakage(const sim_energy *en)
{
    double s = 0.0;

    for (int i = 0; i < en->n; i++)
        s += inst_leakage(en->in[i]);
    return s;
}

double energy_total(sim_energy *en)
{
    double s = 0.0;

    if (!en)
        return NAN;
    for (int i = 0; i < en->n; i++)
        s += inst_total(en->in[i]);
    return s;
}

void energy_reset(sim_energy *en)
{
    if (!en)
        return;
    for (int k = 0; k < en->n; k++) {
        struct en_inst *in = en->in[k];

        for (int i = 0; i < in->n; i++)
            *(uint64_t *)((char *)in->base + in->ev_off[i]) = 0;
    }
    en->t0 = en->now ? *en->now : 0;
    en->insts0 = en->insts ? *en->insts : 0;
}

/* ----------------------------------------------------------------- stats */

static double st_event(void *arg)
{
    const struct ev_ref *r = arg;

    return product((double)count(r->in, r->i), r->in->ev_j[r->i]);
}

static double st_dynamic(void *arg) { return inst_dynamic(arg); }
static double st_leakage(void *arg) { return inst_leakage(arg); }
static double st_total(void *arg) { return inst_total(arg); }

static double st_power(void *arg)
{
    const struct en_inst *in = arg;

    return inst_total(in) / seconds(in->en);
}

static double st_sum_dynamic(void *arg) { return sum_dynamic(arg); }
static double st_sum_leakage(void *arg) { return sum_leakage(arg); }
static double st_sum_total(void *arg) { return energy_total(arg); }

static double st_sum_power(void *arg)
{
    return energy_total(arg) / seconds(arg);
}

static double st_edp(void *arg)
{
    return energy_total(arg) * seconds(arg);
}

static double st_ed2p(void *arg)
{
    double s = seconds(arg);

    return energy_total(arg) * s * s;
}

static double st_epi(void *arg)
{
    const sim_energy *en = arg;
    uint64_t now = en->insts ? *en->insts : 0;
    uint64_t n = now > en->insts0 ? now - en->insts0 : 0;

    return n ? energy_total(arg) / (double)n : NAN;
}

static int add_fn(sim_stats *st, const char *inst, const char *what, double (*fn)(void *),
                  void *arg, const char *unit, const char *doc, sim_error *err)
{
    char name[512];

    snprintf(name, sizeof(name), "%s.%s", inst, what);
    return stats_add_fn(st, name, fn, arg, unit, doc, err);
}

static int inst_stats(struct en_inst *in, sim_stats *st, sim_error *err)
{
    char what[300], doc[300];
    int rc;

    in->rows = calloc((size_t)in->n + 1, sizeof(sim_stat));
    in->row_names = calloc((size_t)in->n + 1, sizeof(char *));
    in->refs = calloc((size_t)in->n + 1, sizeof(struct ev_ref));
    if (!in->rows || !in->row_names || !in->refs)
        return sim_error_set(err, SIM_ENOMEM, "out of memory adding energy statistics");
    for (int i = 0; i < in->n; i++) {
        /* The counts are plain counter rows: exact and zeroed with the others. */
        snprintf(what, sizeof(what), "events.%s", in->ev_name[i]);
        in->row_names[i] = dup_str(what);
        if (!in->row_names[i])
            return sim_error_set(err, SIM_ENOMEM, "out of memory adding energy statistics");
        in->rows[i] = (sim_stat){ in->row_names[i], SIM_S_COUNTER, in->ev_off[i], 0, 0, 0,
                                  NULL, NULL, NULL, "energy events counted" };
        rc = stats_add(st, in->name, &in->rows[i], in->base, err);
        if (rc)
            return rc;
    }
    for (int i = 0; i < in->n; i++) {
        in->refs[i] = (struct ev_ref){ in, i };
        snprintf(what, sizeof(what), "energy.%s", in->ev_name[i]);
        snprintf(doc, sizeof(doc), "%s events x %.6g J", in->ev_name[i], in->ev_j[i]);
        rc = add_fn(st, in->name, what, st_event, &in->refs[i], "J", doc, err);
        if (rc)
            return rc;
    }
    rc = add_fn(st, in->name, "energy.dynamic", st_dynamic, in, "J",
                "sum of the event energies", err);
    if (!rc) {
        snprintf(doc, sizeof(doc), "%.6g W x elapsed time", in->leak_w);
        rc = add_fn(st, in->name, "energy.leakage", st_leakage, in, "J", doc, err);
    }
    if (!rc)
        rc = add_fn(st, in->name, "energy.total", st_total, in, "J", "dynamic + leakage",
                    err);
    if (!rc)
        rc = add_fn(st, in->name, "power", st_power, in, "W",
                    "average power: total energy / elapsed time", err);
    return rc;
}

int energy_add_stats(sim_energy *en, sim_stats *st, const sim_tick *now,
                     const uint64_t *insts, const char **who, sim_error *err)
{
    static const struct {
        const char *name;
        double (*fn)(void *);
        const char *unit, *doc;
    } totals[] = {
        { "sim.energy.dynamic", st_sum_dynamic, "J", "dynamic energy, all instances" },
        { "sim.energy.leakage", st_sum_leakage, "J", "leakage energy, all instances" },
        { "sim.energy.total", st_sum_total, "J", "energy, all instances" },
        { "sim.power", st_sum_power, "W", "average power: total energy / elapsed time" },
        { "sim.edp", st_edp, "J*s", "energy-delay product" },
        { "sim.ed2p", st_ed2p, "J*s^2", "energy-delay-squared product" },
        { "sim.epi", st_epi, "J", "energy per committed instruction" },
    };
    int rc;

    if (who)
        *who = NULL;
    if (!en || !st)
        return sim_error_set(err, SIM_EINVAL, "energy: no account or no statistics");
    if (en->stats_added)
        return sim_error_set(err, SIM_ESTATE, "energy statistics added twice");
    en->stats_added = 1;
    en->now = now;
    en->insts = insts;
    for (int i = 0; i < en->n; i++) {
        rc = inst_stats(en->in[i], st, err);
        if (rc) {
            if (who)
                *who = en->in[i]->name;
            return rc;
        }
    }
    for (int i = 0; i < SIM_COUNT(totals); i++) {
        rc = stats_add_fn(st, totals[i].name, totals[i].fn, en, totals[i].unit,
                          totals[i].doc, err);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---------------------------------------------------------------- tables */

/* Engineering notation: "12.345 nJ", 3 decimals, prefix a power of 1000. */
static void eng(char *buf, size_t n, double v, const char *unit)
{
    static const char *const pre[] = { "a", "f", "p", "n", "u", "m", "", "k", "M", "G",
                                       "T", "P", "E" };
    int k = 6;
    double a = fabs(v);

    if (isnan(v) || isinf(v)) {
        snprintf(buf, n, "%s %s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf", unit);
        return;
    }
    if (a != 0) {
        while (k > 0 && a < 0.9999995) {
            a *= 1000;
            k--;
        }
        while (k < SIM_COUNT(pre) - 1 && a >= 999.9995) {
            a /= 1000;
            k++;
        }
    }
    snprintf(buf, n, "%.3f %s%s", v < 0 ? -a : a, pre[k], unit);
    for (char *c = buf; *c; c++)    /* a locale's decimal comma */
        if (*c == ',')
            *c = '.';
}

struct table {                      /* rows of cells, then aligned text */
    char **cell;                    /* rows x cols, owned */
    int cols, rows, cap;
    const int *right;               /* per column: right-aligned */
    int oom;
};

static void table_row(struct table *t, const char *const *cells)
{
    if (t->oom)
        return;
    if ((t->rows + 1) * t->cols > t->cap) {
        int cap = t->cap ? t->cap * 2 : 16 * t->cols;
        char **p = realloc(t->cell, (size_t)cap * sizeof(*p));

        if (!p) {
            t->oom = 1;
            return;
        }
        t->cell = p;
        t->cap = cap;
    }
    for (int c = 0; c < t->cols; c++) {
        t->cell[t->rows * t->cols + c] = dup_str(cells[c]);
        if (!t->cell[t->rows * t->cols + c])
            t->oom = 1;
    }
    t->rows++;
}

/* Columns two spaces apart, padded to their widest cell; the last column
 * is not padded when left-aligned, so no line ends in blanks. */
static char *table_text(struct table *t)
{
    size_t w[8] = { 0 }, size = 1, len = 0;
    char *out = NULL;

    if (t->oom)
        goto out_free;
    for (int r = 0; r < t->rows; r++) {
        for (int c = 0; c < t->cols; c++) {
            size_t l = strlen(t->cell[r * t->cols + c]);

            w[c] = l > w[c] ? l : w[c];
        }
    }
    for (int c = 0; c < t->cols; c++)
        size += (w[c] + 2) * (size_t)t->rows;
    size += (size_t)t->rows;
    out = malloc(size);
    if (!out)
        goto out_free;
    for (int r = 0; r < t->rows; r++) {
        for (int c = 0; c < t->cols; c++) {
            const char *s = t->cell[r * t->cols + c];
            size_t l = strlen(s), pad = w[c] - l;

            if (c) {
                memcpy(out + len, "  ", 2);
                len += 2;
            }
            if (t->right[c] || c < t->cols - 1) {
                size_t at = t->right[c] ? len + pad : len;

                memset(out + len, ' ', w[c]);
                memcpy(out + at, s, l);
                len += w[c];
            } else {
                memcpy(out + len, s, l);
                len += l;
            }
        }
        out[len++] = '\n';
    }
    out[len] = '\0';

out_free:
    for (int i = 0; i < t->rows * t->cols; i++)
        if (t->cell)
            free(t->cell[i]);
    free(t->cell);
    return out;
}

/* eng(), or "-" when the figure does not exist (no time, no instruction). */
static void eng_or_dash(char *buf, size_t n, double v, bool exists, const char *unit)
{
    if (exists)
        eng(buf, n, v, unit);
    else
        snprintf(buf, n, "-");
}

char *energy_table(sim_energy *en)
{
    static const int right[] = { 0, 1, 1, 1, 1, 1 };
    struct table t = { NULL, 6, 0, 0, right, 0 };
    char d[48], l[48], tot[48], pw[48], sh[48], epi[48], edp[48], ed2p[48], tail[256];
    double total, sd = 0.0, sl = 0.0, secs;
    char *tab, *out;
    size_t n;

    if (!en)
        return NULL;
    total = energy_total(en);
    secs = seconds(en);
    table_row(&t, (const char *const[]){ "instance", "dynamic", "leakage", "total", "power",
                                         "share" });
    for (int i = 0; i < en->n; i++) {
        const struct en_inst *in = en->in[i];
        double it = inst_total(in);

        sd += inst_dynamic(in);
        sl += inst_leakage(in);
        eng(d, sizeof(d), inst_dynamic(in), "J");
        eng(l, sizeof(l), inst_leakage(in), "J");
        eng(tot, sizeof(tot), it, "J");
        eng_or_dash(pw, sizeof(pw), it / secs, secs > 0, "W");
        if (total > 0)
            snprintf(sh, sizeof(sh), "%.1f%%", 100.0 * it / total);
        else
            snprintf(sh, sizeof(sh), "-");
        table_row(&t, (const char *const[]){ in->name, d, l, tot, pw, sh });
    }
    eng(d, sizeof(d), sd, "J");
    eng(l, sizeof(l), sl, "J");
    eng(tot, sizeof(tot), total, "J");
    eng_or_dash(pw, sizeof(pw), st_sum_power(en), secs > 0, "W");
    table_row(&t, (const char *const[]){ "total", d, l, tot, pw, total > 0 ? "100.0%" : "-" });
    tab = table_text(&t);
    if (!tab)
        return NULL;
    /* the run-wide figures of stats.txt's sim.epi, sim.edp and sim.ed2p */
    eng_or_dash(epi, sizeof(epi), st_epi(en), !isnan(st_epi(en)), "J");
    eng(edp, sizeof(edp), st_edp(en), "J*s");
    eng(ed2p, sizeof(ed2p), st_ed2p(en), "J*s^2");
    snprintf(tail, sizeof(tail), "energy per instruction %s, EDP %s, ED2P %s\n", epi, edp,
             ed2p);
    n = strlen(tab);
    out = realloc(tab, n + strlen(tail) + 1);
    if (!out) {
        free(tab);
        return NULL;
    }
    memcpy(out + n, tail, strlen(tail) + 1);
    return out;
}

char *energy_event_table(sim_energy *en)
{
    static const int right[] = { 0, 0, 1 };
    struct table t = { NULL, 3, 0, 0, right, 0 };
    char v[48];

    if (!en)
        return NULL;
    table_row(&t, (const char *const[]){ "instance", "event", "energy" });
    for (int i = 0; i < en->n; i++) {
        const struct en_inst *in = en->in[i];

        for (int k = 0; k < in->n; k++) {
            eng(v, sizeof(v), in->ev_j[k], "J");
            table_row(&t, (const char *const[]){ in->name, in->ev_name[k], v });
        }
        eng(v, sizeof(v), in->leak_w, "W");
        table_row(&t, (const char *const[]){ in->name, "leakage", v });
    }
    return table_text(&t);
}
