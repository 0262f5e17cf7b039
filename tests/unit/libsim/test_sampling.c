/* tests/unit/libsim/test_sampling.c - sampled runs (run.sample_*): a
 * source of `length` instructions that can skip, and a consumer that
 * retires `width` records a cycle, so every sample's CPI is exactly
 * 1 / width. Checks the number of samples a run of known length holds, the
 * instructions measured, skipped and run in detail, the estimate of the
 * whole run's cycles, a zero confidence interval for identical samples, a
 * non-zero one when the CPI changes between samples, run.samples, a run
 * stopped and resumed, functional warming (the consumer's warm slot takes
 * the stretches between samples instead of the source's skip), and the
 * config errors; and the runs whose result would mislead, which fail with
 * a reason: no sample measured, a warm-up longer than the run, a program
 * runner given no program. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

struct src_cfg { uint64_t length; bool program; };
struct src {
    sim_comp *comp;
    uint64_t length, next;          /* instructions: total, the next one */
    bool program;
};

static const sim_param src_params[] = {
    SIM_PARAM_UINT("length", struct src_cfg, length, 1000, 1, 1e12, "instructions"),
    SIM_PARAM_BOOL("program", struct src_cfg, program, false,
                   "wait for a program (sim_load_workload) instead of starting at once"),
};
static const sim_port src_ports[] = {
    { "out", SIM_TARGET | SIM_INSTS, "records" },
};

static void *src_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct src *t = sim_zalloc(err, sizeof(*t));

    if (t) {
        t->comp = comp;
        t->length = ((const struct src_cfg *)cfg)->length;
        t->program = ((const struct src_cfg *)cfg)->program;
    }
    return t;
}

static int src_start(void *self, sim_error *err)
{
    struct src *t = self;

    if (!t->program)
        sim_workload_start(t->comp);
    return 0;
}

/* A "program": its instructions are the source's own; the kernel starts
 * the workload. */
static int src_load(void *self, const char *path, int argc, const char *const *argv,
                    sim_error *err)
{
    return 0;
}

static int src_insts(void *self, int port, sim_inst *out, int n)
{
    struct src *t = self;
    int k = 0;

    for (; k < n && t->next < t->length; k++, t->next++) {
        memset(&out[k], 0, sizeof(out[k]));
        out[k].pc = 4 * t->next;
        out[k].op = SIM_OP_INT;
    }
    if (t->next == t->length && k == 0)
        sim_exit(t->comp, 0);
    return k;
}

static uint64_t src_skip(void *self, uint64_t n)
{
    struct src *t = self;
    uint64_t k = n < t->length - t->next ? n : t->length - t->next;

    t->next += k;
    return k;
}

static const sim_type src_type = {
    .name = "seqsrc", .doc = "test: instructions that can be skipped",
    .params = src_params, .n_params = SIM_COUNT(src_params),
    .ports = src_ports, .n_ports = SIM_COUNT(src_ports), .cfg_size = sizeof(struct src_cfg),
    .init = src_init, .start = src_start, .fini = free, .insts = src_insts, .skip = src_skip,
    .load = src_load,
};

/* Retires up to `width` records a cycle; `slow_every`: every that many
 * cycles in which it retired, it retires one record only (0: never). */
struct eat_cfg { int width; uint64_t slow_every; };
struct eat {
    sim_comp *comp;
    struct eat_cfg cfg;
    uint64_t ticks;
    uint64_t warmed, warm_calls;    /* records consumed by eat_warm */
};

static const sim_param eat_params[] = {
    SIM_PARAM_INT("width", struct eat_cfg, width, 4, 1, 64, "records a cycle"),
    SIM_PARAM_UINT("slow_every", struct eat_cfg, slow_every, 0, 0, 1e12, "slow cycles"),
};
static const sim_port eat_ports[] = {
    { "in", SIM_INITIATOR | SIM_INSTS, "records" },
};

static void *eat_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct eat *e = sim_zalloc(err, sizeof(*e));

    if (e) {
        e->comp = comp;
        e->cfg = *(const struct eat_cfg *)cfg;
    }
    return e;
}

static int eat_tick(void *self)
{
    struct eat *e = self;
    sim_inst rec[64];
    int want = e->cfg.slow_every && ++e->ticks % e->cfg.slow_every == 0 ? 1 : e->cfg.width;
    int got = sim_insts_fetch(e->comp, 0, rec, want);

    if (got <= 0)
        return 0;
    sim_retire(e->comp, (uint64_t)got);
    return 1;
}

/* Warm mode: the records are consumed at once, none retired. */
static uint64_t eat_warm(void *self, uint64_t n)
{
    struct eat *e = self;
    sim_inst rec[64];
    uint64_t done = 0;

    e->warm_calls++;
    while (done < n) {
        int got = sim_insts_fetch(e->comp, 0, rec, n - done < 64 ? (int)(n - done) : 64);

        if (got <= 0)
            break;
        done += (uint64_t)got;
    }
    e->warmed += done;
    return done;
}

static const sim_type eat_type = {
    .name = "eater", .doc = "test: retires records",
    .params = eat_params, .n_params = SIM_COUNT(eat_params),
    .ports = eat_ports, .n_ports = SIM_COUNT(eat_ports), .cfg_size = sizeof(struct eat_cfg),
    .init = eat_init, .fini = free, .tick = eat_tick, .warm = eat_warm,
};

static sim_t *open_sampled(const char *run, const char *eater, sim_error *errp)
{
    char yaml[1024];
    sim_error err;
    sim_t *s;

    snprintf(yaml, sizeof(yaml),
             "clocks: {default: 1GHz}\n"
             "run: {%s}\n"
             "components:\n"
             "  src: {type: seqsrc, length: 100000}\n"
             "  core: {type: eater, %s}\n"
             "connections: [core.in -> src.out]\n",
             run, eater);
    s = sim_open_string(yaml, "sampled.yaml", &err);
    if (!s) {
        ck_assert_msg(errp != NULL, "%s", err.message);
        *errp = err;
        return NULL;
    }
    ck_assert_int_eq(sim_register_type(s, &src_type, &err), 0);
    ck_assert_int_eq(sim_register_type(s, &eat_type, &err), 0);
    if (sim_elaborate(s, &err)) {
        ck_assert_msg(errp != NULL, "%s", err.message);
        *errp = err;
        sim_close(s);
        return NULL;
    }
    return s;
}

/* 100000 instructions in periods of 10000: skip 8000, warm 1000, measure
 * 1000; ten periods, all complete. CPI 1/4 exactly in every sample. */
START_TEST(test_sampling_counts)
{
    sim_t *s = open_sampled("sample_period: 10000, sample_warmup: 1000, sample_measure: 1000, sample_warming: none",
                            "width: 4", NULL);

    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_EXITED);
    ck_assert_double_eq(sim_stat(s, "sim.sample.count"), 10);
    ck_assert_double_eq(sim_stat(s, "sim.sample.insts"), 10 * 1000);
    ck_assert_double_eq(sim_stat(s, "sim.sample.skipped"), 10 * 8000);
    ck_assert_double_eq(sim_stat(s, "sim.insts"), 20000);
    ck_assert_double_eq(sim_stat(s, "sim.sample.insts_total"), 100000);
    ck_assert_double_eq(sim_stat(s, "sim.sample.cpi"), 0.25);
    ck_assert_double_eq(sim_stat(s, "sim.sample.cpi_error"), 0);
    ck_assert_double_eq(sim_stat(s, "sim.sample.cycles_est"), 25000);
    sim_close(s);
}
END_TEST

/* A period that does not fit the run's end: the last sample, cut short by
 * the workload's end, is not counted. 100000 = 13 x 7500 + 2500: the 14th
 * period skips 2000 of the 2500 left, then warms 500 and ends. */
START_TEST(test_sampling_last_sample_cut)
{
    sim_t *s = open_sampled("sample_period: 7500, sample_warmup: 2000, sample_measure: 3500, sample_warming: none",
                            "width: 2", NULL);

    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_EXITED);
    ck_assert_double_eq(sim_stat(s, "sim.sample.count"), 13);
    ck_assert_double_eq(sim_stat(s, "sim.sample.skipped"), 14 * 2000);
    ck_assert_double_eq(sim_stat(s, "sim.sample.insts_total"), 100000);
    ck_assert_double_eq(sim_stat(s, "sim.sample.cpi"), 0.5);
    sim_close(s);
}
END_TEST

/* Samples that differ: every 7th cycle retires one record instead of four,
 * so a 1000-instruction window's CPI depends on where it falls; the mean
 * stays within the interval of the exact CPI of the mix, and the interval
 * is t(0.975, n-1) s / sqrt(n) / mean of the samples themselves. */
START_TEST(test_sampling_interval)
{
    sim_t *s = open_sampled("sample_period: 5003, sample_warmup: 0, sample_measure: 999, sample_warming: none",
                            "width: 4, slow_every: 7", NULL);
    double cpi, e, exact = 7.0 / (6 * 4 + 1);

    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_EXITED);
    cpi = sim_stat(s, "sim.sample.cpi");
    e = sim_stat(s, "sim.sample.cpi_error");
    ck_assert_double_eq(sim_stat(s, "sim.sample.count"), 19);
    ck_assert_msg(e > 0 && e < 0.05, "relative error %g", e);
    ck_assert_msg(fabs(cpi - exact) <= e * cpi, "cpi %g, exact %g, +-%g", cpi, exact, e * cpi);
    sim_close(s);
}
END_TEST

/* run.samples stops the run after that many; a stop and a new sim_run go
 * on where they were. */
START_TEST(test_sampling_max_and_resume)
{
    sim_t *s = open_sampled("sample_period: 10000, sample_warmup: 1000, sample_measure: 1000, "
                            "samples: 3, sample_warming: none", "width: 4", NULL);

    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_TICKS, 100000, NULL), SIM_RUN_LIMIT);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_LIMIT);
    ck_assert_double_eq(sim_stat(s, "sim.sample.count"), 3);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_LIMIT);
    ck_assert_double_eq(sim_stat(s, "sim.sample.count"), 3);
    ck_assert_double_eq(sim_stat(s, "sim.sample.skipped"), 3 * 8000);
    sim_close(s);
}
END_TEST

/* Functional warming: the consumer takes the 8000 instructions between
 * samples through its warm slot; the source skips none; the counts are
 * those of skipping. */
START_TEST(test_sampling_functional_warming)
{
    sim_t *s = open_sampled("sample_period: 10000, sample_warmup: 1000, sample_measure: 1000",
                            "width: 4", NULL);      /* functional: the default */
    struct eat *e = sim_comp_self(sim_find_comp(s, "core"));

    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_EXITED);
    ck_assert_uint_eq(e->warm_calls, 11);    /* the 11th finds the source at its end */
    ck_assert_uint_eq(e->warmed, 10 * 8000);
    ck_assert_double_eq(sim_stat(s, "sim.sample.count"), 10);
    ck_assert_double_eq(sim_stat(s, "sim.sample.skipped"), 10 * 8000);
    ck_assert_double_eq(sim_stat(s, "sim.sample.insts_total"), 100000);
    ck_assert_double_eq(sim_stat(s, "sim.insts"), 20000);
    sim_close(s);
}
END_TEST

START_TEST(test_sampling_config_errors)
{
    sim_error err;

    ck_assert_ptr_null(open_sampled("sample_period: 1000, sample_warmup: 600, "
                                    "sample_measure: 500", "width: 4", &err));
    ck_assert_msg(strstr(err.message, "sample_period") && err.line == 2, "%d: %s", err.line,
                  err.message);
    ck_assert_ptr_null(open_sampled("sample_period: 1000, max_insts: 500", "width: 4", &err));
    ck_assert_msg(strstr(err.message, "max_insts"), "%s", err.message);
    ck_assert_ptr_null(open_sampled("sample_period: 1000, sample_measure: 100, "
                                    "sample_warming: partly", "width: 4", &err));
    ck_assert_msg(strstr(err.message, "functional"), "%s", err.message);
}
END_TEST

/* Nothing can skip, or warm: the run says so instead of running unsampled. */
START_TEST(test_sampling_needs_a_source_that_skips)
{
    sim_error err;
    sim_t *s = harness_open_err("run: {sample_period: 1000, sample_measure: 100, "
                                "sample_warming: none}\n"
                                "components: {p: {type: probe}, m: {type: simple_mem}}\n"
                                "connections: [p.out -> m.in]\n", &err);

    /* refused when the components are built (validate says so), not when
     * the run starts: a run refused then had replaced an OUTDIR's results */
    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_eq(err.line, 1);
    ck_assert_msg(strstr(err.message, "run.sample_period: no component of this config can "
                         "skip") != NULL, "%s", err.message);
    s = harness_open_err("run: {sample_period: 1000, sample_measure: 100, "
                         "sample_warming: functional}\n"
                         "components: {p: {type: probe}, m: {type: simple_mem}}\n"
                         "connections: [p.out -> m.in]\n", &err);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_msg(strstr(err.message, "run.sample_warming: functional, but no component") !=
                  NULL, "%s", err.message);
}
END_TEST

/* A period longer than the run: no sample, an error, no estimate (NaN);
 * one sample: an estimate without an interval. */
START_TEST(test_sampling_without_samples)
{
    sim_error err;
    sim_t *s = open_sampled("sample_period: 200000, sample_measure: 1000, sample_warming: none",
                            "width: 4", NULL);

    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_EWORKLOAD);
    ck_assert_ptr_nonnull(strstr(err.message, "before a sample was measured"));
    ck_assert_double_eq(sim_stat(s, "sim.sample.count"), 0);
    ck_assert(isnan(sim_stat(s, "sim.sample.cpi")));
    ck_assert(isnan(sim_stat(s, "sim.sample.cycles_est")));
    sim_close(s);
    s = open_sampled("sample_period: 60000, sample_warmup: 1000, sample_measure: 1000, "
                     "sample_warming: none",
                     "width: 4", NULL);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_EXITED);
    ck_assert_double_eq(sim_stat(s, "sim.sample.count"), 1);
    ck_assert_double_eq(sim_stat(s, "sim.sample.cpi"), 0.25);
    ck_assert(isnan(sim_stat(s, "sim.sample.cpi_error")));
    sim_close(s);
}
END_TEST

/* run.warmup beyond the run's end: an error, the statistics not zeroed. */
START_TEST(test_warmup_longer_than_the_run)
{
    sim_error err;
    sim_t *s = open_sampled("warmup: 200000", "width: 4", NULL);

    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_EWORKLOAD);
    ck_assert_ptr_nonnull(strstr(err.message, "during the warm-up (100000 of run.warmup "
                                 "200000 instructions)"));
    ck_assert_double_eq(sim_stat(s, "sim.insts"), 100000);
    sim_close(s);
    s = open_sampled("warmup: 40000", "width: 4", NULL);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_EXITED);
    ck_assert_double_eq(sim_stat(s, "sim.insts"), 60000);
    sim_close(s);
}
END_TEST

/* A program runner given no program: a run to the end fails and says so; a
 * run for some cycles is idle; a program given, it runs. */
START_TEST(test_nothing_to_run)
{
    sim_error err;
    sim_t *s = sim_open_string("clocks: {default: 1GHz}\n"
                        "components:\n"
                        "  src: {type: seqsrc, length: 1000, program: true}\n"
                        "  core: {type: eater}\n"
                        "connections: [core.in -> src.out]\n", "prog.yaml", &err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sim_register_type(s, &src_type, &err), 0);
    ck_assert_int_eq(sim_register_type(s, &eat_type, &err), 0);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_EWORKLOAD);
    ck_assert_str_eq(err.message, "nothing to run: src (seqsrc) runs a program and none was "
                     "given; name one after -- (archsim run CONFIG -- PROGRAM ARGS) or in the "
                     "config's workload: section");
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_CYCLES, 100, &err), SIM_RUN_LIMIT);
    ck_assert_int_eq(sim_load_workload(s, "prog", 0, NULL, &err), 0);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_double_eq(sim_stat(s, "sim.insts"), 1000);
    sim_close(s);
}
END_TEST

Suite *sampling_suite(void)
{
    Suite *s = suite_create("sampling");
    TCase *tc = tcase_create("sampling");

    tcase_add_test(tc, test_sampling_counts);
    tcase_add_test(tc, test_sampling_last_sample_cut);
    tcase_add_test(tc, test_sampling_interval);
    tcase_add_test(tc, test_sampling_max_and_resume);
    tcase_add_test(tc, test_sampling_functional_warming);
    tcase_add_test(tc, test_sampling_config_errors);
    tcase_add_test(tc, test_sampling_needs_a_source_that_skips);
    tcase_add_test(tc, test_sampling_without_samples);
    tcase_add_test(tc, test_warmup_longer_than_the_run);
    tcase_add_test(tc, test_nothing_to_run);
    suite_add_tcase(s, tc);
    return s;
}
