/* tests/unit/libsim/test_event_queue.c - the kernel's event queue keeps its
 * order, (tick, priority, insertion sequence), whichever of its two parts
 * (near-future buckets, a heap for the rest, kept as a sorted array while
 * it is small; libsim/engine.c) holds an event: events near and far, across the window's edge and beyond it, many
 * at one tick (past a bucket's capacity, so that one tick's events sit in
 * both parts), moved and dropped in either part, scheduled while the run
 * goes and after a run stopped at a tick limit, and a short queue growing
 * and shrinking across the sorted array's size again and again. */
#include <check.h>
#include <stdlib.h>
#include "harness.h"

/* Each fired event checks that it comes after the last one in (tick, seq)
 * (seq holds the priority above the insertion order) and may schedule
 * itself again a pseudo-random distance later (1 ps at least: an event for
 * the current tick may have a lower priority than the one running; see the
 * last test). */
struct order {
    sim_comp *comp;
    sim_tick when;
    uint64_t seq, x;
    int fired, bad, again;          /* again: reschedules left */
    sim_tick span;                  /* rescheduling distance: 1 .. span */
};

static void fired(void *self, void *arg)
{
    struct order *o = self;
    sim_event *e = arg;

    if (o->fired > 0 && (e->when < o->when || (e->when == o->when && e->seq <= o->seq)))
        o->bad++;
    if (sim_time(o->comp) != e->when)
        o->bad++;
    o->when = e->when;
    o->seq = e->seq;
    o->fired++;
    if (o->again > 0) {
        o->again--;
        o->x = o->x * 6364136223846793005ull + 1442695040888963407ull;
        sim_schedule(o->comp, e, sim_time(o->comp) + 1 + (o->x >> 33) % o->span,
                     (int)((o->x >> 20) % 5) - 2);
    }
}

/* Events need a component to belong to; the memory is otherwise idle. */
static const char *const yaml = "components: {p: {type: probe}, m: {type: simple_mem}}\n"
                                "connections: [p.out -> m.in]\n";

static sim_t *open_queue(struct order *o)
{
    sim_t *s = harness_open(yaml);

    o->comp = sim_find_comp(s, "m");
    return s;
}

static uint64_t next(uint64_t *x)
{
    *x = *x * 6364136223846793005ull + 1442695040888963407ull;
    return *x >> 33;
}

/* Distances from a few ps to tens of us: both parts, and the window's edge
 * (262144 ps) on both sides; some moved, some dropped, some rescheduling
 * themselves as the run goes. */
START_TEST(test_queue_orders_near_and_far_events)
{
    struct order o = { .again = 200000, .span = 400000 };
    sim_t *s = open_queue(&o);
    enum { N = 600 };
    sim_event *ev = calloc(N, sizeof(*ev));
    uint64_t x = 99;
    int dropped = 0;

    for (int i = 0; i < N; i++) {
        static const sim_tick scale[] = { 300, 5000, 262000, 262144, 270000, 40000000 };
        sim_tick when = next(&x) % scale[i % 6];

        sim_event_init(&ev[i], fired, &o, &ev[i]);
        sim_schedule(o.comp, &ev[i], when, (int)(next(&x) % 3) - 1);
    }
    for (int i = 0; i < N; i += 5)      /* move some, from either part to either part */
        sim_schedule(o.comp, &ev[i], next(&x) % (i % 2 ? 1000 : 1000000), 0);
    for (int i = 1; i < N; i += 9) {
        sim_deschedule(o.comp, &ev[i]);
        ck_assert(!sim_event_armed(&ev[i]));
        dropped++;
    }
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(o.bad, 0);
    ck_assert_int_eq(o.fired, N - dropped + 200000);
    for (int i = 0; i < N; i++)
        ck_assert(!sim_event_armed(&ev[i]));
    free(ev);
    sim_close(s);
}
END_TEST

/* Many events at one tick, at three priorities, scheduled in a mixed order:
 * a bucket holds only so many, so the rest wait in the heap; they must still
 * come out by priority, then in the order they were scheduled. */
START_TEST(test_queue_one_tick_past_a_bucket_s_capacity)
{
    struct order o = { 0 };
    sim_t *s = open_queue(&o);
    enum { N = 3000 };
    sim_event *ev = calloc(N, sizeof(*ev));
    uint64_t x = 7;

    for (int i = 0; i < N; i++) {
        sim_event_init(&ev[i], fired, &o, &ev[i]);
        sim_schedule(o.comp, &ev[i], 5000, (int)(next(&x) % 3) - 1);
    }
    for (int i = 0; i < N; i += 4)      /* dropped from wherever they sit */
        sim_deschedule(o.comp, &ev[i]);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_int_eq(o.bad, 0);
    ck_assert_int_eq(o.fired, N - N / 4);
    ck_assert_uint_eq(sim_now(s), 5000);
    free(ev);
    sim_close(s);
}
END_TEST

/* A run stopped at a tick limit, long after the last event, then events
 * scheduled from there (near the new now, and far): the window follows. */
START_TEST(test_queue_after_a_tick_limit)
{
    struct order o = { .again = 50000, .span = 2000 };
    sim_t *s = open_queue(&o);
    sim_event ev[64];
    uint64_t x = 3;

    for (int i = 0; i < 64; i++) {
        sim_event_init(&ev[i], fired, &o, &ev[i]);
        sim_schedule(o.comp, &ev[i], next(&x) % 10000, 0);
    }
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_TICKS, 1000, NULL), SIM_RUN_LIMIT);
    ck_assert_uint_eq(sim_now(s), 1000);
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_TICKS, 50000000000ull, NULL), SIM_RUN_LIMIT);
    ck_assert_int_eq(o.again, 0);
    for (int i = 0; i < 64; i++)
        sim_schedule(o.comp, &ev[i], sim_now(s) + next(&x) % (i % 2 ? 500 : 5000000), 0);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_IDLE);
    ck_assert_int_eq(o.bad, 0);
    ck_assert_int_eq(o.fired, 64 + 50000 + 64);
    sim_close(s);
}
END_TEST

/* An event scheduled for the current tick, at a lower priority than the
 * one running, still runs (now), after those already due at that priority. */
struct chain {
    sim_comp *comp;
    sim_event a, b, c;
    char log[16];
    int n;
};

static void chain_fire(void *self, void *arg)
{
    struct chain *k = self;
    const char *name = arg;

    k->log[k->n++] = name[0];
    if (name[0] == 'a')
        sim_schedule(k->comp, &k->c, sim_time(k->comp), -5);
}

START_TEST(test_queue_event_for_the_current_tick)
{
    sim_t *s = harness_open(yaml);
    struct chain k = { .comp = sim_find_comp(s, "m") };

    sim_event_init(&k.a, chain_fire, &k, "a");
    sim_event_init(&k.b, chain_fire, &k, "b");
    sim_event_init(&k.c, chain_fire, &k, "c");
    sim_schedule(k.comp, &k.a, 700, 0);
    sim_schedule(k.comp, &k.b, 700, 0);
    sim_run(s, SIM_UNTIL_EXIT, NULL);
    ck_assert_str_eq(k.log, "acb");
    sim_close(s);
}
END_TEST

/* A queue of 1 to 12 events a round (the sorted array holds up to 8, a
 * heap takes over above and hands back at 4), a few picoseconds apart at
 * three priorities so that ties are common, some moved and one dropped
 * each round, from whichever form holds them: 3000 rounds, every event in
 * order, none lost. */
START_TEST(test_queue_few_events_sorted_and_heap)
{
    struct order o = { 0 };
    sim_t *s = open_queue(&o);
    sim_event ev[12];
    uint64_t x = 3;
    int expected = 0;

    for (int i = 0; i < 12; i++)
        sim_event_init(&ev[i], fired, &o, &ev[i]);
    for (int round = 0; round < 3000; round++) {
        int k = 1 + (int)(next(&x) % 12);

        for (int i = 0; i < k; i++)
            sim_schedule(o.comp, &ev[i], sim_now(s) + 1 + next(&x) % 40,
                         (int)(next(&x) % 3) - 1);
        for (int i = 0; i < k; i += 3)
            sim_schedule(o.comp, &ev[i], sim_now(s) + 1 + next(&x) % 40, 0);
        expected += k;
        if (k > 2) {
            sim_deschedule(o.comp, &ev[1 + next(&x) % (uint64_t)(k - 1)]);
            expected--;
        }
        ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, NULL), SIM_RUN_IDLE);
    }
    ck_assert_int_eq(o.bad, 0);
    ck_assert_int_eq(o.fired, expected);
    for (int i = 0; i < 12; i++)
        ck_assert(!sim_event_armed(&ev[i]));
    sim_close(s);
}
END_TEST

Suite *event_queue_suite(void)
{
    Suite *s = suite_create("event_queue");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_queue_orders_near_and_far_events);
    tcase_add_test(tc, test_queue_one_tick_past_a_bucket_s_capacity);
    tcase_add_test(tc, test_queue_after_a_tick_limit);
    tcase_add_test(tc, test_queue_event_for_the_current_tick);
    tcase_add_test(tc, test_queue_few_events_sorted_and_heap);
    suite_add_tcase(s, tc);
    return s;
}
