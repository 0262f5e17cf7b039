/* tests/unit/libsim/test_stats.c - the statistics table (libsim/stats.c)
 * through its internal API: registration and expansion names, values of
 * every kind, formulas (resolution, errors, cycles, division by zero), reset,
 * the text / JSON / CSV dumps and the atomic file write. */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "stats_int.h"

struct model {
    uint64_t hits, misses;
    double temp;
    sim_avg lat_avg;
    sim_dist lat;
    sim_dist sizes;
    uint64_t acc[3];
    uint64_t per_core[2];
};

static const sim_stat model_stats[] = {
    SIM_STAT("hits", struct model, hits, "lookups that hit"),
    SIM_STAT_U("misses", struct model, misses, "lines", "lookups that missed"),
    SIM_STAT_VALUE("temp", struct model, temp, "K", "temperature"),
    SIM_STAT_AVG("lat_avg", struct model, lat_avg, "cycles", "mean latency"),
    SIM_STAT_DIST("lat", struct model, lat, 0, 10, 3, "cycles", "latency"),
    SIM_STAT_LOG2("sizes", struct model, sizes, 4, "B", "sizes"),
    SIM_STAT_VEC("acc", struct model, acc, "read|write|ifetch", "accesses"),
    SIM_STAT_VEC("per_core", struct model, per_core, NULL, NULL),
    SIM_FORMULA("hit_rate", "hits / (hits + misses)", NULL, "hits per lookup"),
};

static const char *const model_names[] = {
    "l2.hits", "l2.misses", "l2.temp", "l2.lat_avg", "l2.lat_avg.samples",
    "l2.lat.samples", "l2.lat.mean", "l2.lat.stdev", "l2.lat.min", "l2.lat.max",
    "l2.lat.underflow", "l2.lat.overflow", "l2.lat.0-10", "l2.lat.10-20", "l2.lat.20-30",
    "l2.sizes.samples", "l2.sizes.mean", "l2.sizes.stdev", "l2.sizes.min", "l2.sizes.max",
    "l2.sizes.underflow", "l2.sizes.overflow", "l2.sizes.0-1", "l2.sizes.1-2",
    "l2.sizes.2-4", "l2.sizes.4-8",
    "l2.acc.read", "l2.acc.write", "l2.acc.ifetch", "l2.acc.total",
    "l2.per_core.0", "l2.per_core.1", "l2.per_core.total",
    "l2.hit_rate",
};

/* A table holding every row of `model_stats` for instance l2, finalized. */
static sim_stats *model_table(struct model *m)
{
    sim_stats *st = stats_new();
    sim_error err;

    memset(m, 0, sizeof(*m));
    ck_assert_ptr_nonnull(st);
    for (int i = 0; i < SIM_COUNT(model_stats); i++)
        ck_assert_int_eq(stats_add(st, "l2", &model_stats[i], m, &err), 0);
    ck_assert_int_eq(stats_finalize(st, &err), 0);
    return st;
}

static sim_stats *formula_table(struct model *m, const char *expr, sim_error *err, int *rc)
{
    static sim_stat row;
    sim_stats *st = model_table(m);

    row = (sim_stat)SIM_FORMULA("f", NULL, NULL, NULL);
    row.formula = expr;
    ck_assert_int_eq(stats_add(st, "l2", &row, NULL, err), 0);
    *rc = stats_finalize(st, err);
    return st;
}

static double formula(const char *expr)
{
    struct model m;
    sim_error err;
    int rc;
    sim_stats *st = formula_table(&m, expr, &err, &rc);
    double v;

    ck_assert_msg(rc == 0, "%s: %s", expr, err.message);
    m.hits = 30;
    m.misses = 10;
    v = stats_get(st, "l2.f");
    stats_free(st);
    return v;
}

START_TEST(test_stats_expansion_names_in_order)
{
    struct model m;
    sim_stats *st = model_table(&m);

    ck_assert_int_eq(stats_count(st), SIM_COUNT(model_names));
    for (int i = 0; i < SIM_COUNT(model_names); i++)
        ck_assert_str_eq(stats_name(st, i), model_names[i]);
    ck_assert_ptr_null(stats_name(st, -1));
    ck_assert_ptr_null(stats_name(st, stats_count(st)));
    ck_assert(isnan(stats_value(st, stats_count(st))));
    stats_free(st);
}
END_TEST

START_TEST(test_stats_units_and_docs)
{
    struct model m;
    sim_stats *st = model_table(&m);
    int i = stats_find(st, "l2.misses");

    ck_assert_str_eq(stats_unit(st, i), "lines");
    ck_assert_str_eq(stats_doc(st, i), "lookups that missed");
    ck_assert_ptr_null(stats_unit(st, stats_find(st, "l2.hits")));
    ck_assert_str_eq(stats_unit(st, stats_find(st, "l2.lat.mean")), "cycles");
    ck_assert_ptr_null(stats_unit(st, stats_find(st, "l2.lat.samples")));
    ck_assert_str_eq(stats_doc(st, stats_find(st, "l2.acc.write")), "accesses: write");
    ck_assert_ptr_null(stats_doc(st, stats_find(st, "l2.per_core.1")));
    ck_assert_str_eq(stats_doc(st, stats_find(st, "l2.lat.10-20")), "latency: samples in [10, 20)");
    stats_free(st);
}
END_TEST

START_TEST(test_stats_counter_value_vec)
{
    struct model m;
    sim_stats *st = model_table(&m);

    m.hits = 7;
    m.temp = 351.25;
    m.acc[0] = 1;
    m.acc[1] = 2;
    m.acc[2] = 40;
    m.per_core[1] = 5;
    ck_assert_double_eq(stats_get(st, "l2.hits"), 7);
    ck_assert_double_eq(stats_get(st, "l2.temp"), 351.25);
    ck_assert_double_eq(stats_get(st, "l2.acc.write"), 2);
    ck_assert_double_eq(stats_get(st, "l2.acc.total"), 43);
    ck_assert_double_eq(stats_get(st, "l2.per_core.1"), 5);
    ck_assert_double_eq(stats_get(st, "l2.per_core.total"), 5);
    ck_assert(isnan(stats_get(st, "l2.nothing")));
    ck_assert(isnan(stats_get(st, "hits")));
    stats_free(st);
}
END_TEST

START_TEST(test_stats_avg_mean_and_samples)
{
    struct model m;
    sim_stats *st = model_table(&m);

    ck_assert(isnan(stats_get(st, "l2.lat_avg")));
    ck_assert_double_eq(stats_get(st, "l2.lat_avg.samples"), 0);
    sim_avg_add(&m.lat_avg, 3);
    sim_avg_add(&m.lat_avg, 4);
    ck_assert_double_eq(stats_get(st, "l2.lat_avg"), 3.5);
    ck_assert_double_eq(stats_get(st, "l2.lat_avg.samples"), 2);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_dist_linear)
{
    struct model m;
    sim_stats *st = model_table(&m);
    const double v[] = { -1, 0, 9.5, 10, 25, 30, 100 };

    ck_assert_double_eq(m.lat.lo, 0);
    ck_assert_double_eq(m.lat.width, 10);
    ck_assert_uint_eq(m.lat.n, 3);
    ck_assert(isnan(stats_get(st, "l2.lat.min")));
    ck_assert(isnan(stats_get(st, "l2.lat.mean")));
    for (int i = 0; i < SIM_COUNT(v); i++)
        sim_dist_add(&m.lat, v[i]);
    sim_dist_add(&m.lat, NAN);      /* ignored */
    ck_assert_double_eq(stats_get(st, "l2.lat.samples"), 7);
    ck_assert_double_eq(stats_get(st, "l2.lat.underflow"), 1);
    ck_assert_double_eq(stats_get(st, "l2.lat.overflow"), 2);
    ck_assert_double_eq(stats_get(st, "l2.lat.0-10"), 2);
    ck_assert_double_eq(stats_get(st, "l2.lat.10-20"), 1);
    ck_assert_double_eq(stats_get(st, "l2.lat.20-30"), 1);
    ck_assert_double_eq(stats_get(st, "l2.lat.min"), -1);
    ck_assert_double_eq(stats_get(st, "l2.lat.max"), 100);
    ck_assert_double_eq_tol(stats_get(st, "l2.lat.mean"), 173.5 / 7, 1e-12);
    {
        double mean = 173.5 / 7, ss = 0;

        for (int i = 0; i < SIM_COUNT(v); i++)
            ss += (v[i] - mean) * (v[i] - mean);
        ck_assert_double_eq_tol(stats_get(st, "l2.lat.stdev"), sqrt(ss / 7), 1e-9);
    }
    stats_free(st);
}
END_TEST

START_TEST(test_stats_dist_log2)
{
    struct model m;
    sim_stats *st = model_table(&m);
    const double v[] = { 0, 0.5, 1, 1.99, 2, 3, 4, 7.9, 8, 1e30, -3 };

    for (int i = 0; i < SIM_COUNT(v); i++)
        sim_dist_add(&m.sizes, v[i]);
    ck_assert_double_eq(stats_get(st, "l2.sizes.0-1"), 2);
    ck_assert_double_eq(stats_get(st, "l2.sizes.1-2"), 2);
    ck_assert_double_eq(stats_get(st, "l2.sizes.2-4"), 2);
    ck_assert_double_eq(stats_get(st, "l2.sizes.4-8"), 2);
    ck_assert_double_eq(stats_get(st, "l2.sizes.overflow"), 2);
    ck_assert_double_eq(stats_get(st, "l2.sizes.underflow"), 1);
    ck_assert_double_eq(stats_get(st, "l2.sizes.samples"), 11);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_dist_bucket_count_checked)
{
    static const sim_stat none = SIM_STAT_DIST("d", struct model, lat, 0, 1, 0, NULL, NULL);
    static const sim_stat many = SIM_STAT_LOG2("d", struct model, lat, 100, NULL, NULL);
    struct model m = { 0 };
    sim_stats *st = stats_new();
    sim_error err;

    ck_assert_int_eq(stats_add(st, "x", &none, &m, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "x.d"));
    ck_assert_int_eq(stats_count(st), 0);
    ck_assert_int_eq(stats_add(st, "x", &many, &m, &err), 0);
    ck_assert_uint_eq(m.lat.n, SIM_DIST_MAX);
    ck_assert_int_eq(stats_count(st), 7 + SIM_DIST_MAX);
    ck_assert_str_eq(stats_name(st, stats_count(st) - 1),
                     "x.d.4611686018427387904-9223372036854775808");
    sim_dist_add(&m.lat, 1e18);     /* 2^59 < 1e18 < 2^60: bucket 60 */
    ck_assert_double_eq(stats_get(st, "x.d.576460752303423488-1152921504606846976"), 1);
    stats_free(st);
}
END_TEST

static double twice_arg(void *arg)
{
    return 2 * *(double *)arg;
}

START_TEST(test_stats_duplicate_names_rejected)
{
    static const sim_stat clash = SIM_STAT("lat.mean", struct model, hits, NULL);
    struct model m;
    sim_stats *st = model_table(&m);
    int n = stats_count(st);
    double x = 1;
    sim_error err;

    ck_assert_int_eq(stats_add(st, "l2", &model_stats[0], &m, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "'l2.hits'"));
    ck_assert_int_eq(stats_add(st, "l2", &clash, &m, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "'l2.lat.mean'"));
    /* a DIST whose expansion clashes half-way adds nothing */
    ck_assert_int_eq(stats_add(st, "l2", &model_stats[4], &m, &err), SIM_EINVAL);
    ck_assert_int_eq(stats_add_fn(st, "l2.temp", twice_arg, &x, NULL, NULL, &err), SIM_EINVAL);
    ck_assert_int_eq(stats_count(st), n);
    ck_assert_int_eq(stats_find(st, "l2.lat.samples"), 5);
    ck_assert_int_eq(stats_add(st, "l3", &model_stats[4], &m, &err), 0);
    ck_assert_int_eq(stats_count(st), n + 10);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_vec_labels_must_match)
{
    static const sim_stat few = { "v", SIM_S_VEC, 0, 3, 0, 0, "a|b", NULL, NULL, NULL };
    static const sim_stat empty = { "v", SIM_S_VEC, 0, 3, 0, 0, "a||c", NULL, NULL, NULL };
    uint64_t v[3];
    sim_stats *st = stats_new();
    sim_error err;

    ck_assert_int_eq(stats_add(st, "x", &few, v, &err), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(err.message, "x.v"));
    ck_assert_int_eq(stats_add(st, "x", &empty, v, &err), SIM_EINVAL);
    ck_assert_int_eq(stats_count(st), 0);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_computed_value)
{
    sim_stats *st = stats_new();
    double x = 21;
    sim_error err;

    ck_assert_int_eq(stats_add_fn(st, "sim.seconds", twice_arg, &x, "s", "time", &err), 0);
    ck_assert_int_eq(stats_add_fn(st, "sim.seconds", twice_arg, &x, "s", "time", &err),
                     SIM_EINVAL);
    ck_assert_int_eq(stats_finalize(st, &err), 0);
    ck_assert_double_eq(stats_get(st, "sim.seconds"), 42);
    x = 1.5;
    ck_assert_double_eq(stats_value(st, 0), 3);
    ck_assert_str_eq(stats_unit(st, 0), "s");
    ck_assert_str_eq(stats_doc(st, 0), "time");
    stats_free(st);
}
END_TEST

START_TEST(test_stats_formula_arithmetic)
{
    ck_assert_double_eq(formula("hits / (hits + misses)"), 0.75);
    ck_assert_double_eq(formula("hits - misses - 5"), 15);
    ck_assert_double_eq(formula("2 + 3 * 4"), 14);
    ck_assert_double_eq(formula("(2 + 3) * 4"), 20);
    ck_assert_double_eq(formula("-hits + 1"), -29);
    ck_assert_double_eq(formula("- -3"), 3);
    ck_assert_double_eq(formula("hits * -2"), -60);
    ck_assert_double_eq(formula("min(hits, misses) + max(1, 2)"), 12);
    ck_assert_double_eq(formula("max(min(4, 9), 3 * 1)"), 4);
    ck_assert_double_eq(formula("1e3 + .5 + 2.25E-2"), 1000.5225);
    ck_assert_double_eq(formula("0.1"), 0.1);
    ck_assert_double_eq(formula("123456789.123"), 123456789.123);
    ck_assert_double_eq(formula("12 / 4 / 3"), 1);
    ck_assert(isnan(formula("min(lat.mean, 1)")));   /* NaN propagates */
}
END_TEST

START_TEST(test_stats_formula_reads_expanded_and_other_formulas)
{
    static const sim_stat rows[] = {
        SIM_FORMULA("rw", "acc.read + acc.write", NULL, NULL),
        SIM_FORMULA("rw2", "rw * 2 + hit_rate", NULL, NULL),
        SIM_FORMULA("spread", "lat.max - lat.min + lat.samples", NULL, NULL),
    };
    struct model m;
    sim_stats *st = model_table(&m);
    sim_error err;

    for (int i = 0; i < SIM_COUNT(rows); i++)
        ck_assert_int_eq(stats_add(st, "l2", &rows[i], NULL, &err), 0);
    ck_assert(isnan(stats_get(st, "l2.rw")));        /* not finalized yet */
    ck_assert_int_eq(stats_finalize(st, &err), 0);
    m.acc[0] = 3;
    m.acc[1] = 4;
    m.hits = 1;
    m.misses = 3;
    sim_dist_add(&m.lat, 2);
    sim_dist_add(&m.lat, 12);
    ck_assert_double_eq(stats_get(st, "l2.rw"), 7);
    ck_assert_double_eq(stats_get(st, "l2.rw2"), 14.25);
    ck_assert_double_eq(stats_get(st, "l2.spread"), 12);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_formula_resolves_local_first)
{
    static uint64_t insts0 = 10, insts1 = 20, glob = 1000;
    static const sim_stat insts = { "insts", SIM_S_COUNTER, 0, 0, 0, 0, NULL, NULL, NULL, NULL };
    static const sim_stat f_local = SIM_FORMULA("f", "insts", NULL, NULL);
    static const sim_stat f_full = SIM_FORMULA("g", "cpu1.insts + insts", NULL, NULL);
    sim_stats *st = stats_new();
    sim_error err;

    ck_assert_int_eq(stats_add(st, "", &insts, &glob, &err), 0);
    ck_assert_int_eq(stats_add(st, "cpu0", &insts, &insts0, &err), 0);
    ck_assert_int_eq(stats_add(st, "cpu1", &insts, &insts1, &err), 0);
    ck_assert_int_eq(stats_add(st, "cpu0", &f_local, NULL, &err), 0);
    ck_assert_int_eq(stats_add(st, "cpu0", &f_full, NULL, &err), 0);
    ck_assert_int_eq(stats_add(st, "sim", &f_local, NULL, &err), 0);  /* no sim.insts */
    ck_assert_int_eq(stats_finalize(st, &err), 0);
    ck_assert_double_eq(stats_get(st, "cpu0.f"), 10);
    ck_assert_double_eq(stats_get(st, "cpu0.g"), 30);
    ck_assert_double_eq(stats_get(st, "sim.f"), 1000);
    ck_assert_double_eq(stats_get(st, "insts"), 1000);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_formula_unknown_name)
{
    static const sim_stat ipc = SIM_FORMULA("ipc", "a / b", NULL, NULL);
    static const sim_stat a = { "a", SIM_S_COUNTER, 0, 0, 0, 0, NULL, NULL, NULL, NULL };
    uint64_t av = 1;
    sim_stats *st = stats_new();
    sim_error err;

    ck_assert_int_eq(stats_add(st, "cpu0", &a, &av, &err), 0);
    ck_assert_int_eq(stats_add(st, "cpu0", &ipc, NULL, &err), 0);
    ck_assert_int_eq(stats_finalize(st, &err), SIM_ECONFIG);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_str_eq(err.message, "cpu0.ipc: formula 'a / b': unknown stat 'b'");
    ck_assert(isnan(stats_get(st, "cpu0.ipc")));
    stats_free(st);
}
END_TEST

START_TEST(test_stats_formula_syntax_errors)
{
    static const struct {
        const char *expr, *msg;
    } bad[] = {
        { "hits +", "l2.f: formula 'hits +': expected a number, a name or '(' at the end" },
        { "hits * * 2", "l2.f: formula 'hits * * 2': expected a number, a name or '(' at "
                        "column 8" },
        { "(hits", "l2.f: formula '(hits': expected ')' at the end" },
        { "hits misses", "l2.f: formula 'hits misses': unexpected 'misses' at column 6" },
        { "avg(hits, 1)", "l2.f: formula 'avg(hits, 1)': unknown function 'avg' (min and "
                          "max are known)" },
        { "min(hits)", "l2.f: formula 'min(hits)': expected ',' at column 9" },
        { "hits # 2", "l2.f: formula 'hits # 2': unexpected '#' at column 6" },
        { "", "l2.f: formula '': expected a number, a name or '(' at the end" },
    };

    for (int i = 0; i < SIM_COUNT(bad); i++) {
        struct model m;
        sim_error err;
        int rc;
        sim_stats *st = formula_table(&m, bad[i].expr, &err, &rc);

        ck_assert_int_eq(rc, SIM_ECONFIG);
        ck_assert_str_eq(err.message, bad[i].msg);
        stats_free(st);
    }
}
END_TEST

START_TEST(test_stats_formula_nesting_limited)
{
    char expr[400];
    struct model m;
    sim_error err;
    int rc, n = 0;
    sim_stats *st;

    for (int i = 0; i < 100; i++)
        expr[n++] = '(';
    expr[n++] = '1';
    for (int i = 0; i < 100; i++)
        expr[n++] = ')';
    expr[n] = '\0';
    st = formula_table(&m, expr, &err, &rc);
    ck_assert_int_eq(rc, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "nested too deeply"));
    stats_free(st);
    /* right-leaning sums need an operand each: bounded too */
    n = 0;
    for (int i = 0; i < 40; i++)
        n += snprintf(expr + n, sizeof(expr) - (size_t)n, "1*(");
    expr[n++] = '1';
    for (int i = 0; i < 40; i++)
        expr[n++] = ')';
    expr[n] = '\0';
    st = formula_table(&m, expr, &err, &rc);
    ck_assert_int_eq(rc, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "too many operands"));
    stats_free(st);
}
END_TEST

START_TEST(test_stats_formula_cycles_rejected)
{
    static const sim_stat rows[] = {
        SIM_FORMULA("x", "y + 1", NULL, NULL),
        SIM_FORMULA("y", "z * 2", NULL, NULL),
        SIM_FORMULA("z", "x - hits", NULL, NULL),
    };
    static const sim_stat self = SIM_FORMULA("s", "s + 1", NULL, NULL);
    struct model m;
    sim_stats *st = model_table(&m);
    sim_error err;

    for (int i = 0; i < SIM_COUNT(rows); i++)
        ck_assert_int_eq(stats_add(st, "c", &rows[i], NULL, &err), 0);
    ck_assert_int_eq(stats_add(st, "c", &model_stats[0], &m, &err), 0);
    ck_assert_int_eq(stats_finalize(st, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "c.x: formula 'y + 1': cycle c.x -> c.y -> c.z -> c.x");
    ck_assert(isnan(stats_get(st, "c.x")));           /* and reading does not loop */
    ck_assert(isnan(stats_get(st, "c.z")));
    m.hits = 1;                                       /* earlier formulas still work */
    ck_assert_double_eq(stats_get(st, "l2.hit_rate"), 1);
    stats_free(st);

    st = model_table(&m);
    ck_assert_int_eq(stats_add(st, "c", &self, NULL, &err), 0);
    ck_assert_int_eq(stats_finalize(st, &err), SIM_ECONFIG);
    ck_assert_str_eq(err.message, "c.s: formula 's + 1': cycle c.s -> c.s");
    stats_free(st);
}
END_TEST

START_TEST(test_stats_division_by_zero)
{
    struct model m;
    sim_error err;
    int rc;
    sim_stats *st = formula_table(&m, "hits / misses", &err, &rc);
    char *out;

    ck_assert_int_eq(rc, 0);
    ck_assert(isnan(stats_get(st, "l2.f")));          /* 0/0 */
    ck_assert(isnan(stats_get(st, "l2.hit_rate")));
    ck_assert_int_eq(stats_format(st, SIM_STATS_TEXT, &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, " nan  # hits per lookup\n"));
    ck_assert_ptr_nonnull(strstr(out, " nan\n---"));
    free(out);
    m.hits = 3;
    ck_assert(isinf(stats_get(st, "l2.f")) && stats_get(st, "l2.f") > 0);
    ck_assert_int_eq(stats_format(st, SIM_STATS_TEXT, &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, " inf\n---"));
    free(out);
    ck_assert_int_eq(stats_format(st, SIM_STATS_JSON, &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "\"l2.f\": null"));
    free(out);
    ck_assert_int_eq(stats_format(st, SIM_STATS_CSV_ROW, &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, ",inf\n"));
    free(out);
    stats_free(st);
    ck_assert(isinf(formula("-1 / 0")) && formula("-1 / 0") < 0);
}
END_TEST

START_TEST(test_stats_reset_keeps_bounds)
{
    struct model m;
    sim_stats *st = model_table(&m);

    m.hits = 5;
    m.temp = 3;
    m.acc[2] = 9;
    sim_avg_add(&m.lat_avg, 1);
    sim_dist_add(&m.lat, 15);
    sim_dist_add(&m.lat, -4);
    sim_dist_add(&m.sizes, 3);
    stats_reset(st);
    ck_assert_uint_eq(m.hits, 0);
    ck_assert_double_eq(m.temp, 0);
    ck_assert_uint_eq(m.acc[2], 0);
    ck_assert_uint_eq(m.lat_avg.n, 0);
    ck_assert_uint_eq(m.lat.count, 0);
    ck_assert_uint_eq(m.lat.under, 0);
    ck_assert_uint_eq(m.lat.bucket[1], 0);
    ck_assert_double_eq(m.lat.lo, 0);
    ck_assert_double_eq(m.lat.width, 10);
    ck_assert_uint_eq(m.lat.n, 3);
    ck_assert_uint_eq(m.sizes.n, 4);
    ck_assert(isnan(stats_get(st, "l2.lat.max")));
    sim_dist_add(&m.lat, 12);
    ck_assert_double_eq(stats_get(st, "l2.lat.min"), 12);
    ck_assert_double_eq(stats_get(st, "l2.lat.max"), 12);
    ck_assert_double_eq(stats_get(st, "l2.lat.10-20"), 1);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_text_aligned)
{
    static const sim_stat rows[] = {
        SIM_STAT("hits", struct model, hits, "lookups that hit"),
        SIM_STAT_U("misses", struct model, misses, "lines", "lookups that missed"),
        SIM_STAT_VALUE("temp", struct model, temp, "K", NULL),
        SIM_STAT_VEC("per_core", struct model, per_core, NULL, NULL),
        SIM_FORMULA("hit_rate", "hits / (hits + misses)", NULL, NULL),
    };
    struct model m = { 0 };
    sim_stats *st = stats_new();
    sim_error err;
    char *out;

    for (int i = 0; i < SIM_COUNT(rows); i++)
        ck_assert_int_eq(stats_add(st, "l1d", &rows[i], &m, &err), 0);
    ck_assert_int_eq(stats_finalize(st, &err), 0);
    m.hits = 123456;
    m.misses = (1ull << 60) + 1;    /* not a double: printed exactly */
    m.temp = 300.5;
    m.per_core[0] = 2;
    ck_assert_int_eq(stats_format(st, SIM_STATS_TEXT, &out, &err), 0);
    ck_assert_str_eq(out,
        "---------- archsim statistics ----------\n"
        "l1d.hits                         123456  # lookups that hit\n"
        "l1d.misses          1152921504606846977  # lookups that missed (lines)\n"
        "l1d.temp                          300.5  # (K)\n"
        "l1d.per_core.0                        2\n"
        "l1d.per_core.1                        0\n"
        "l1d.per_core.total                    2\n"
        "l1d.hit_rate                1.07081e-13\n"
        "---------- end archsim statistics ----------\n");
    free(out);
    stats_free(st);
}
END_TEST

/* ---- a tiny JSON checker: an object of string keys and number / null values */

struct json {
    const char *p;
    int n;
    char keys[64][64];
    double vals[64];
    char raw[64][32];
};

static void ws(struct json *j)
{
    while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
        j->p++;
}

static int json_number(struct json *j, double *v, char *raw)
{
    const char *s = j->p;

    if (strncmp(s, "null", 4) == 0) {
        j->p += 4;
        *v = NAN;
        strcpy(raw, "null");
        return 0;
    }
    if (*j->p == '-')
        j->p++;
    if (*j->p == '0')
        j->p++;
    else if (*j->p >= '1' && *j->p <= '9')
        while (*j->p >= '0' && *j->p <= '9')
            j->p++;
    else
        return -1;
    if (*j->p == '.') {
        j->p++;
        if (!(*j->p >= '0' && *j->p <= '9'))
            return -1;
        while (*j->p >= '0' && *j->p <= '9')
            j->p++;
    }
    if (*j->p == 'e' || *j->p == 'E') {
        j->p++;
        if (*j->p == '+' || *j->p == '-')
            j->p++;
        if (!(*j->p >= '0' && *j->p <= '9'))
            return -1;
        while (*j->p >= '0' && *j->p <= '9')
            j->p++;
    }
    snprintf(raw, 32, "%.*s", (int)(j->p - s), s);
    *v = strtod(raw, NULL);
    return 0;
}

static int json_parse(struct json *j, const char *text)
{
    j->p = text;
    j->n = 0;
    ws(j);
    if (*j->p++ != '{')
        return -1;
    ws(j);
    if (*j->p == '}')
        goto end;
    for (;;) {
        int k = 0;

        if (j->n == 64 || *j->p++ != '"')
            return -1;
        while (*j->p && *j->p != '"' && *j->p != '\\' && k < 63)
            j->keys[j->n][k++] = *j->p++;
        j->keys[j->n][k] = '\0';
        if (*j->p++ != '"')
            return -1;
        ws(j);
        if (*j->p++ != ':')
            return -1;
        ws(j);
        if (json_number(j, &j->vals[j->n], j->raw[j->n]))
            return -1;
        j->n++;
        ws(j);
        if (*j->p == ',') {
            j->p++;
            ws(j);
            continue;
        }
        break;
    }
    if (*j->p != '}')
        return -1;
end:
    j->p++;
    ws(j);
    return *j->p ? -1 : 0;
}

START_TEST(test_stats_json_valid_and_exact)
{
    struct model m;
    sim_stats *st = model_table(&m);
    static struct json j;
    sim_error err;
    char *out;

    m.hits = (1ull << 60) + 3;
    m.misses = 1;
    m.temp = 0.1;
    sim_dist_add(&m.lat, 7);
    ck_assert_int_eq(stats_format(st, SIM_STATS_JSON, &out, &err), 0);
    ck_assert_int_eq(json_parse(&j, out), 0);
    ck_assert_int_eq(j.n, stats_count(st));
    for (int i = 0; i < j.n; i++) {
        double v = stats_value(st, i);

        ck_assert_str_eq(j.keys[i], stats_name(st, i));
        if (isnan(v))
            ck_assert_str_eq(j.raw[i], "null");
        else
            ck_assert_msg(j.vals[i] == v, "%s: %s", j.keys[i], j.raw[i]);
    }
    ck_assert_str_eq(j.raw[0], "1152921504606846979");
    ck_assert_str_eq(j.raw[2], "0.10000000000000001");
    free(out);
    stats_free(st);

    st = stats_new();
    ck_assert_int_eq(stats_format(st, SIM_STATS_JSON, &out, &err), 0);
    ck_assert_str_eq(out, "{}\n");
    ck_assert_int_eq(json_parse(&j, out), 0);
    free(out);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_csv_header_and_row)
{
    static const sim_stat rows[] = {
        SIM_STAT("hits", struct model, hits, NULL),
        SIM_STAT_VALUE("temp", struct model, temp, NULL, NULL),
        SIM_STAT_AVG("lat_avg", struct model, lat_avg, NULL, NULL),
    };
    struct model m = { 0 };
    sim_stats *st = stats_new();
    sim_error err;
    char *out;

    for (int i = 0; i < SIM_COUNT(rows); i++)
        ck_assert_int_eq(stats_add(st, "c", &rows[i], &m, &err), 0);
    m.hits = 4;
    m.temp = 2.5;
    ck_assert_int_eq(stats_format(st, SIM_STATS_CSV, &out, &err), 0);
    ck_assert_str_eq(out, "c.hits,c.temp,c.lat_avg,c.lat_avg.samples\n4,2.5,nan,0\n");
    free(out);
    m.hits = 5;
    ck_assert_int_eq(stats_format(st, SIM_STATS_CSV_ROW, &out, &err), 0);
    ck_assert_str_eq(out, "5,2.5,nan,0\n");
    free(out);
    ck_assert_int_eq(stats_format(st, 9, &out, &err), SIM_EINVAL);
    ck_assert_ptr_null(out);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_format_repeatable)
{
    struct model m;
    sim_stats *st = model_table(&m);
    sim_error err;
    char *a, *b;

    m.temp = 1.0 / 3;
    sim_dist_add(&m.lat, 1.0 / 7);
    for (int f = SIM_STATS_TEXT; f <= SIM_STATS_CSV_ROW; f++) {
        ck_assert_int_eq(stats_format(st, f, &a, &err), 0);
        ck_assert_int_eq(stats_format(st, f, &b, &err), 0);
        ck_assert_str_eq(a, b);
        free(a);
        free(b);
    }
    stats_free(st);
}
END_TEST

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    static char buf[1 << 16];
    size_t n;

    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

START_TEST(test_stats_write_atomic)
{
    char dir[] = "/tmp/archsim-stats-XXXXXX", path[128], bad[160];
    struct model m;
    sim_stats *st = model_table(&m);
    sim_error err;
    char *text;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/stats.json", dir);
    ck_assert_int_eq(sim_write_file_atomic(path, "old contents, longer than new\n", 30, &err),
                     0);
    m.hits = 12;
    ck_assert_int_eq(stats_write(st, path, SIM_STATS_JSON, &err), 0);
    ck_assert_int_eq(stats_format(st, SIM_STATS_JSON, &text, &err), 0);
    ck_assert_str_eq(slurp(path), text);            /* replaced, not appended */
    free(text);
    ck_assert_int_eq(count_files(dir), 1);          /* no temporary file left */

    snprintf(bad, sizeof(bad), "%s/no/such/dir/stats.txt", dir);
    ck_assert_int_eq(stats_write(st, bad, SIM_STATS_TEXT, &err), SIM_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, bad));
    ck_assert_int_eq(count_files(dir), 1);

    ck_assert_int_eq(sim_write_file_atomic(path, "", 0, &err), 0);
    ck_assert_str_eq(slurp(path), "");
    ck_assert_int_eq(count_files(dir), 1);
    unlink(path);
    rmdir(dir);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_finalize_again_after_more_rows)
{
    static const sim_stat late = SIM_FORMULA("double_hits", "hits * 2", NULL, NULL);
    struct model m;
    sim_stats *st = model_table(&m);
    sim_error err;

    m.hits = 4;
    ck_assert_int_eq(stats_add(st, "l2", &late, NULL, &err), 0);
    ck_assert(isnan(stats_get(st, "l2.double_hits")));
    ck_assert_int_eq(stats_finalize(st, &err), 0);
    ck_assert_double_eq(stats_get(st, "l2.double_hits"), 8);
    ck_assert_double_eq(stats_get(st, "l2.hit_rate"), 1);
    stats_free(st);
}
END_TEST

START_TEST(test_stats_many_names_hash)
{
    static uint64_t c[2000];
    static sim_stat rows[2000];
    static char names[2000][16];
    sim_stats *st = stats_new();
    sim_error err;

    for (int i = 0; i < 2000; i++) {
        snprintf(names[i], sizeof(names[i]), "c%d", i);
        rows[i] = (sim_stat){ names[i], SIM_S_COUNTER, (size_t)i * 8, 0, 0, 0, NULL, NULL,
                              NULL, NULL };
        c[i] = (uint64_t)i * 3;
        ck_assert_int_eq(stats_add(st, "x", &rows[i], c, &err), 0);
    }
    for (int i = 0; i < 2000; i += 7) {
        char n[24];

        snprintf(n, sizeof(n), "x.c%d", i);
        ck_assert_int_eq(stats_find(st, n), i);
        ck_assert_double_eq(stats_get(st, n), i * 3);
    }
    stats_free(st);
}
END_TEST

Suite *stats_suite(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("stats");

    tcase_add_test(tc, test_stats_expansion_names_in_order);
    tcase_add_test(tc, test_stats_units_and_docs);
    tcase_add_test(tc, test_stats_counter_value_vec);
    tcase_add_test(tc, test_stats_avg_mean_and_samples);
    tcase_add_test(tc, test_stats_dist_linear);
    tcase_add_test(tc, test_stats_dist_log2);
    tcase_add_test(tc, test_stats_dist_bucket_count_checked);
    tcase_add_test(tc, test_stats_duplicate_names_rejected);
    tcase_add_test(tc, test_stats_vec_labels_must_match);
    tcase_add_test(tc, test_stats_computed_value);
    tcase_add_test(tc, test_stats_formula_arithmetic);
    tcase_add_test(tc, test_stats_formula_reads_expanded_and_other_formulas);
    tcase_add_test(tc, test_stats_formula_resolves_local_first);
    tcase_add_test(tc, test_stats_formula_unknown_name);
    tcase_add_test(tc, test_stats_formula_syntax_errors);
    tcase_add_test(tc, test_stats_formula_nesting_limited);
    tcase_add_test(tc, test_stats_formula_cycles_rejected);
    tcase_add_test(tc, test_stats_division_by_zero);
    tcase_add_test(tc, test_stats_reset_keeps_bounds);
    tcase_add_test(tc, test_stats_text_aligned);
    tcase_add_test(tc, test_stats_json_valid_and_exact);
    tcase_add_test(tc, test_stats_csv_header_and_row);
    tcase_add_test(tc, test_stats_format_repeatable);
    tcase_add_test(tc, test_stats_write_atomic);
    tcase_add_test(tc, test_stats_finalize_again_after_more_rows);
    tcase_add_test(tc, test_stats_many_names_hash);
    suite_add_tcase(s, tc);
    return s;
}
