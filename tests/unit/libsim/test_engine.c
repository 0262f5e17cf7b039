/* tests/unit/libsim/test_engine.c - event order and ties, clock domains,
 * sleep and wake, run control (ticks, cycles, instructions, stop, periodic
 * callbacks). A test-only component `recorder` logs what happens to it. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

struct rec_cfg {
    uint32_t busy;                  /* cycles to stay awake after each wake */
    uint64_t retire;                /* instructions retired per tick */
    uint32_t sched;                 /* each tick logs and schedules an event (below) */
};

struct rec {
    struct rec_cfg cfg;
    sim_comp *comp;
    sim_event ev[8];
    char log[1024];
    int len;
    uint32_t left;
    sim_tick ticks[256];
    int n_ticks;
};

static const sim_param rec_params[] = {
    SIM_PARAM_UINT("busy", struct rec_cfg, busy, 0, 0, 1e9, "cycles awake after a wake"),
    SIM_PARAM_UINT("retire", struct rec_cfg, retire, 0, 0, 1000, "instructions per tick"),
    SIM_PARAM_UINT("sched", struct rec_cfg, sched, 0, 0, 1, "log ticks, schedule events"),
};

static void *rec_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct rec *r = sim_zalloc(err, sizeof(*r));

    if (r) {
        r->cfg = *(const struct rec_cfg *)cfg;
        r->comp = comp;
        r->left = r->cfg.busy;
    }
    return r;
}

static void logit(void *self, void *arg);
static void rec_sched(struct rec *r);

static int rec_tick(void *self)
{
    struct rec *r = self;

    if (r->cfg.sched)
        rec_sched(r);
    if (r->n_ticks < 256)
        r->ticks[r->n_ticks++] = sim_time(r->comp);
    if (r->cfg.retire)
        sim_retire(r->comp, r->cfg.retire);
    if (r->left == 0)
        return 0;
    r->left--;
    return r->left > 0;
}

static const sim_type rec_type = {
    .name = "recorder", .doc = "test component",
    .params = rec_params, .n_params = SIM_COUNT(rec_params),
    .cfg_size = sizeof(struct rec_cfg), .init = rec_init, .fini = free, .tick = rec_tick,
};

static void logit(void *self, void *arg)
{
    struct rec *r = self;

    int n;

    if ((size_t)r->len >= sizeof(r->log) - 1)
        return;
    n = snprintf(r->log + r->len, sizeof(r->log) - r->len, "%s@%llu ", (const char *)arg,
                 (unsigned long long)sim_time(r->comp));
    r->len = r->len + n < (int)sizeof(r->log) ? r->len + n : (int)sizeof(r->log) - 1;
}

/* Tick k logs "t" and schedules event k one cycle later (the last one and a
 * half) at a priority below, above and equal to the ticks' own. */
static void rec_sched(struct rec *r)
{
    static const char *const name[] = { "e0", "e1", "e2", "e3", "e4" };
    static const int prio[] = { SIM_PRIO_DEFAULT, SIM_PRIO_STATS, SIM_PRIO_RESP, SIM_PRIO_TICK,
                                SIM_PRIO_DEFAULT };
    int k = r->n_ticks;
    sim_tick p = sim_period(r->comp);

    logit(r, "t");
    if (k >= 5)
        return;
    sim_event_init(&r->ev[k], logit, r, (void *)name[k]);
    sim_schedule(r->comp, &r->ev[k], sim_time(r->comp) + (k == 4 ? p + p / 2 : p), prio[k]);
}

static sim_t *open_rec(const char *yaml)
{
    sim_error err;
    sim_t *s = sim_open_string(yaml, "test.yaml", &err);

    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(sim_register_type(s, &rec_type, &err), 0);
    ck_assert_msg(sim_elaborate(s, &err) == 0, "%s:%d:%d: %s", err.file, err.line, err.column,
                  err.message);
    return s;
}

static struct rec *rec_of(sim_t *s, const char *name)
{
    return sim_comp_self(sim_find_comp(s, name));
}

START_TEST(test_events_ordered_by_tick_priority_sequence)
{
    sim_t *s = open_rec("components: {r: {type: recorder}}\n");
    struct rec *r = rec_of(s, "r");

    sim_event_init(&r->ev[0], logit, r, "late");
    sim_event_init(&r->ev[1], logit, r, "first");
    sim_event_init(&r->ev[2], logit, r, "tieA");
    sim_event_init(&r->ev[3], logit, r, "tieB");
    sim_event_init(&r->ev[4], logit, r, "urgent");
    sim_schedule(r->comp, &r->ev[0], 300, 0);
    sim_schedule(r->comp, &r->ev[1], 100, 0);
    sim_schedule(r->comp, &r->ev[2], 200, 0);
    sim_schedule(r->comp, &r->ev[3], 200, 0);
    sim_schedule(r->comp, &r->ev[4], 200, -5);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_IDLE);
    ck_assert_str_eq(r->log, "first@100 urgent@200 tieA@200 tieB@200 late@300 ");
    sim_close(s);
}
END_TEST

START_TEST(test_reschedule_and_deschedule)
{
    sim_t *s = open_rec("components: {r: {type: recorder}}\n");
    struct rec *r = rec_of(s, "r");

    sim_event_init(&r->ev[0], logit, r, "a");
    sim_event_init(&r->ev[1], logit, r, "b");
    sim_schedule(r->comp, &r->ev[0], 500, 0);
    sim_schedule(r->comp, &r->ev[1], 600, 0);
    sim_schedule(r->comp, &r->ev[0], 700, 0);   /* moved */
    ck_assert(sim_event_armed(&r->ev[1]));
    sim_deschedule(r->comp, &r->ev[1]);
    ck_assert(!sim_event_armed(&r->ev[1]));
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_str_eq(r->log, "a@700 ");
    sim_close(s);
}
END_TEST

/* Many events in random order come out sorted by (tick, priority), ties
 * in insertion order, including events scheduled while running. */
struct order {
    sim_comp *comp;
    sim_tick when;
    int prio;
    uint64_t seq;
    int fired, bad;
};

static void check_order(void *self, void *arg)
{
    struct order *o = self;
    const sim_event *e = arg;

    if (o->fired > 0 && (e->when < o->when || (e->when == o->when && e->prio < o->prio) ||
                         (e->when == o->when && e->prio == o->prio && e->seq < o->seq)))
        o->bad++;
    if (sim_time(o->comp) != e->when)
        o->bad++;
    o->when = e->when;
    o->prio = e->prio;
    o->seq = e->seq;
    o->fired++;
}

START_TEST(test_heap_random_order)
{
    sim_t *s = open_rec("components: {r: {type: recorder}}\n");
    struct order o = { .comp = sim_find_comp(s, "r") };
    enum { N = 20000 };
    sim_event *ev = calloc(N, sizeof(*ev));
    uint64_t x = 12345;

    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        sim_event_init(&ev[i], check_order, &o, &ev[i]);
        sim_schedule(o.comp, &ev[i], (x >> 33) % 1000, (int)((x >> 20) % 3) - 1);
    }
    for (int i = 0; i < N; i += 7)      /* move some, drop some */
        sim_schedule(o.comp, &ev[i], 500 + i % 100, 0);
    for (int i = 3; i < N; i += 11)
        sim_deschedule(o.comp, &ev[i]);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(o.bad, 0);
    ck_assert_int_eq(o.fired, N - (N - 3 + 10) / 11 + 0);
    free(ev);
    sim_close(s);
}
END_TEST

START_TEST(test_clock_domains_from_config)
{
    sim_t *s = open_rec(
        "clocks: {core: 2GHz, mem: 800MHz, slow: 1250ps}\n"
        "components:\n"
        "  a: {type: recorder, clock: core, busy: 3}\n"
        "  b: {type: recorder, clock: mem, busy: 3}\n"
        "  c: {type: recorder, clock: slow, busy: 2}\n"
        "  d: {type: recorder, clock: 4GHz, busy: 1}\n");
    struct rec *a = rec_of(s, "a"), *b = rec_of(s, "b"), *c = rec_of(s, "c");
    struct rec *d = rec_of(s, "d");

    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(a->n_ticks, 3);
    ck_assert_uint_eq(a->ticks[1], 500);
    ck_assert_uint_eq(a->ticks[2], 1000);
    ck_assert_uint_eq(b->ticks[1], 1250);
    ck_assert_uint_eq(b->ticks[2], 2500);
    ck_assert_uint_eq(c->ticks[1], 1250);
    ck_assert_int_eq(d->n_ticks, 1);
    ck_assert_uint_eq(sim_period(a->comp), 500);
    ck_assert_uint_eq(sim_cycles(b->comp, 4), 5000);
    ck_assert_uint_eq(sim_period(d->comp), 250);
    sim_close(s);
}
END_TEST

/* A tick that schedules an event for the next edge: the event runs before
 * that edge's tick when its priority is below the ticks' or equal to it (it
 * was queued first), after it when above; the kernel's shortcut that runs
 * an edge without the queue while nothing else is due must keep this. */
START_TEST(test_events_scheduled_by_a_tick_for_the_next_edge)
{
    sim_t *s = open_rec("clocks: {default: 1GHz}\n"
                        "components: {r: {type: recorder, busy: 5, sched: 1}}\n");
    struct rec *r = rec_of(s, "r");

    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_IDLE);
    ck_assert_str_eq(r->log, "t@0 e0@1000 t@1000 t@2000 e1@2000 e2@3000 t@3000 e3@4000 t@4000 "
                             "e4@5500 ");
    sim_close(s);
}
END_TEST

START_TEST(test_sleeping_component_costs_nothing_until_woken)
{
    sim_t *s = open_rec("clocks: {default: 1GHz}\n"
                        "components: {r: {type: recorder, busy: 2}}\n");
    struct rec *r = rec_of(s, "r");

    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(r->n_ticks, 2);           /* ticks at 0 and 1000, then sleeps */
    r->left = 2;
    sim_wake_at(r->comp, 1000000);              /* a long stall is skipped, not ticked */
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_IDLE);
    ck_assert_int_eq(r->n_ticks, 4);
    ck_assert_uint_eq(r->ticks[2], 1000000);
    ck_assert_uint_eq(r->ticks[3], 1001000);
    ck_assert_uint_eq(sim_now(s), 1001000);
    sim_close(s);
}
END_TEST

START_TEST(test_wake_between_edges_ticks_at_next_edge)
{
    sim_t *s = open_rec("clocks: {default: 1GHz}\n"
                        "components: {r: {type: recorder, busy: 0}}\n");
    struct rec *r = rec_of(s, "r");

    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(r->n_ticks, 1);
    r->left = 1;
    sim_wake_at(r->comp, 2500);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(r->n_ticks, 2);
    ck_assert_uint_eq(r->ticks[1], 3000);
    sim_close(s);
}
END_TEST

/* sim_next_event: the earliest queued event, a clock edge included. */
START_TEST(test_next_event)
{
    sim_t *s = open_rec("clocks: {default: 1GHz}\n"
                        "components: {r: {type: recorder, busy: 0}}\n");
    struct rec *r = rec_of(s, "r");
    sim_tick when = 1;

    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(sim_next_event(s, &when), 0);
    r->left = 3;
    sim_wake_at(r->comp, 7000);
    ck_assert_int_eq(sim_next_event(s, &when), 1);
    ck_assert_uint_eq(when, 7000);
    sim_run_for(s, SIM_UNTIL_TICKS, 7000, NULL);       /* the wake, the edge at 7000 */
    ck_assert_int_eq(sim_next_event(s, &when), 1);
    ck_assert_uint_eq(when, 8000);                      /* the next edge */
    sim_close(s);
}
END_TEST

/* Regression: a second sim_wake_at while the first was still queued used to
 * re-initialise the queued event and corrupt the queue. */
START_TEST(test_wake_at_twice_keeps_earliest)
{
    sim_t *s = open_rec("clocks: {default: 1GHz}\n"
                        "components: {r: {type: recorder, busy: 0}}\n");
    struct rec *r = rec_of(s, "r");

    sim_run(s, SIM_UNTIL_EXIT, NULL);
    r->left = 1;
    sim_wake_at(r->comp, 9000);
    sim_wake_at(r->comp, 5000);        /* earlier: moves the wake */
    sim_wake_at(r->comp, 7000);        /* later than the pending one: ignored */
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_IDLE);
    ck_assert_int_eq(r->n_ticks, 2);
    ck_assert_uint_eq(r->ticks[1], 5000);
    ck_assert_uint_eq(sim_now(s), 5000);
    sim_close(s);
}
END_TEST

START_TEST(test_run_for_ticks_and_cycles)
{
    sim_t *s = open_rec("clocks: {default: 500MHz}\n"
                        "components: {r: {type: recorder, busy: 1000}}\n");

    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_CYCLES, 10, NULL), SIM_RUN_LIMIT);
    ck_assert_uint_eq(sim_now(s), 20000);
    ck_assert_uint_eq(sim_cycles_now(s), 10);
    ck_assert_int_eq(rec_of(s, "r")->n_ticks, 11);     /* edges 0..10 inclusive */
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_TICKS, 3000, NULL), SIM_RUN_LIMIT);
    ck_assert_uint_eq(sim_now(s), 23000);
    ck_assert_double_eq(sim_stat(s, "sim.cycles"), 11);
    sim_close(s);
}
END_TEST

START_TEST(test_run_for_instructions)
{
    sim_t *s = open_rec("components: {r: {type: recorder, busy: 1000, retire: 3}}\n");

    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 10, NULL), SIM_RUN_LIMIT);
    ck_assert_uint_eq(sim_insts_now(s), 12);   /* stops at the event that crosses it */
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 9, NULL), SIM_RUN_LIMIT);
    ck_assert_uint_eq(sim_insts_now(s), 21);
    ck_assert_double_eq(sim_stat(s, "sim.insts"), 21);
    sim_close(s);
}
END_TEST

static int stop_at_3(sim_t *s, void *user)
{
    int *n = user;

    return ++*n == 3;
}

START_TEST(test_periodic_callback_and_stop_continue)
{
    sim_t *s = open_rec("components: {r: {type: recorder, busy: 100000}}\n");
    int n = 0;

    ck_assert_int_eq(sim_every(s, SIM_UNTIL_CYCLES, 100, stop_at_3, &n, NULL), 0);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_STOPPED);
    ck_assert_int_eq(n, 3);
    ck_assert_uint_eq(sim_cycles_now(s), 300);
    /* continue: the periodic callback keeps going, the run stops at each 3rd... */
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_CYCLES, 50, NULL), SIM_RUN_LIMIT);
    ck_assert_uint_eq(sim_cycles_now(s), 350);
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_CYCLES, 100, NULL), SIM_RUN_LIMIT);
    ck_assert_int_eq(n, 4);
    sim_close(s);
}
END_TEST

START_TEST(test_pooled_one_shot_events)
{
    sim_t *s = open_rec("components: {r: {type: recorder}}\n");
    struct rec *r = rec_of(s, "r");

    for (int i = 0; i < 1000; i++)
        sim_call_at(r->comp, 10 + (i % 7), 0, logit, "");
    sim_call_at(r->comp, 5, 0, logit, "x");
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert(strncmp(r->log, "x@5 @10 ", 8) == 0);
    ck_assert_uint_eq(sim_now(s), 16);
    sim_close(s);
}
END_TEST

START_TEST(test_rng_depends_on_seed_and_name)
{
    sim_t *a = open_rec("seed: 7\ncomponents: {r: {type: recorder}, q: {type: recorder}}\n");
    sim_t *b = open_rec("seed: 7\ncomponents: {q: {type: recorder}, r: {type: recorder}}\n");
    sim_t *c = open_rec("seed: 8\ncomponents: {r: {type: recorder}}\n");
    uint64_t ra = sim_rand(sim_find_comp(a, "r")), rb = sim_rand(sim_find_comp(b, "r"));
    uint64_t rc = sim_rand(sim_find_comp(c, "r")), qa = sim_rand(sim_find_comp(a, "q"));

    ck_assert_uint_eq(ra, rb);      /* instance order does not matter */
    ck_assert_uint_ne(ra, rc);
    ck_assert_uint_ne(ra, qa);
    ck_assert_uint_eq(sim_seed(a), 7);
    sim_close(a);
    sim_close(b);
    sim_close(c);
}
END_TEST

Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_events_ordered_by_tick_priority_sequence);
    tcase_add_test(tc, test_reschedule_and_deschedule);
    tcase_add_test(tc, test_heap_random_order);
    tcase_add_test(tc, test_clock_domains_from_config);
    tcase_add_test(tc, test_events_scheduled_by_a_tick_for_the_next_edge);
    tcase_add_test(tc, test_next_event);
    tcase_add_test(tc, test_sleeping_component_costs_nothing_until_woken);
    tcase_add_test(tc, test_wake_between_edges_ticks_at_next_edge);
    tcase_add_test(tc, test_wake_at_twice_keeps_earliest);
    tcase_add_test(tc, test_run_for_ticks_and_cycles);
    tcase_add_test(tc, test_run_for_instructions);
    tcase_add_test(tc, test_periodic_callback_and_stop_continue);
    tcase_add_test(tc, test_pooled_one_shot_events);
    tcase_add_test(tc, test_rng_depends_on_seed_and_name);
    suite_add_tcase(s, tc);
    return s;
}
