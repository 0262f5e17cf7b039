/* tests/unit/pipelines/test_watchdog.c - a core that stops making progress
 * stops the run with a reason (pipelines/core.c, watch, CORE_WATCHDOG): both
 * cores behind a D-cache target that refuses every request and asks for it
 * again every 1000 cycles, for ever (the core is woken again and again and
 * never gets a load through); a core whose load is taken and never answered
 * sleeps for good, which ends the run (idle), not a hang; a core whose
 * source only waits (an idle hart) is not taken for stuck, and is
 * clock-gated meanwhile. */
#include "tsrc.h"

/* A target that swallows requests (accepts them, never answers), or, with
 * refuse set, refuses them and calls for a retry 1000 cycles later. */
struct hole {
    sim_comp *comp;
    bool refuse;
};

static void hole_retry(void *self, void *arg)
{
    struct hole *h = self;

    sim_retry(h->comp, 0);
}

static bool hole_send_at(void *self, int port, sim_req *r)
{
    struct hole *h = self;

    if (!h->refuse)
        return true;
    sim_call_at(h->comp, sim_time(h->comp) + sim_cycles(h->comp, 1000), SIM_PRIO_DEFAULT,
                hole_retry, NULL);
    return false;
}

static const sim_port hole_ports[] = {
    { "in", SIM_TARGET | SIM_MULTI, "requests that never complete" },
};

static void *hole_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct hole *h = sim_zalloc(err, sizeof(*h));

    if (h)
        h->comp = comp;
    return h;
}

static const sim_type hole_type = {
    .name = "hole", .doc = "test: swallows or refuses requests",
    .ports = hole_ports, .n_ports = 1, .init = hole_init, .fini = free,
    .send_at = hole_send_at,
};

/* A source that has nothing yet (SIM_INSTS_WAIT) for its first `wait`
 * cycles, then its records. */
struct later {
    sim_comp *comp;
    const sim_inst *prog;
    int n, pos;
    sim_tick from;
    sim_event ev;
};

static void later_ready(void *self, void *arg)
{
    struct later *l = self;

    sim_insts_ready(l->comp, 0, 0);
}

static void *later_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct later *l = sim_zalloc(err, sizeof(*l));

    if (l) {
        l->comp = comp;
        sim_event_init(&l->ev, later_ready, l, NULL);
    }
    return l;
}

static int later_insts(void *self, int port, sim_inst *out, int n)
{
    struct later *l = self;
    int k = l->n - l->pos < n ? l->n - l->pos : n;

    if (sim_time(l->comp) < l->from) {
        if (!sim_event_armed(&l->ev) && l->from != UINT64_MAX)
            sim_schedule(l->comp, &l->ev, l->from, SIM_PRIO_DEFAULT);
        return SIM_INSTS_WAIT;
    }
    memcpy(out, l->prog + l->pos, (size_t)k * sizeof(*out));
    l->pos += k;
    return k;
}

static const sim_type later_type = {
    .name = "later", .doc = "test: a source that waits first",
    .ports = tsrc_ports, .n_ports = 1, .init = later_init,
    .fini = free, .insts = later_insts,
};

static sim_t *open_with(const char *yaml, const sim_inst *prog, int n, sim_tick from)
{
    sim_error err;
    sim_t *s = sim_open_string(yaml, "test.yaml", &err);

    ck_assert_msg(s != NULL, "%s", err.message);
    harness_register(s);
    ck_assert(sim_register_type(s, &tsrc_type, &err) == 0);
    ck_assert(sim_register_type(s, &hole_type, &err) == 0);
    ck_assert(sim_register_type(s, &later_type, &err) == 0);
    ck_assert_msg(sim_elaborate(s, &err) == 0, "%s", err.message);
    if (sim_type_find(s, "tsrc") == sim_comp_type(sim_find_comp(s, "src"))) {
        struct tsrc *t = sim_comp_self(sim_find_comp(s, "src"));

        t->prog = prog;
        t->n = n;
    } else {
        struct later *l = sim_comp_self(sim_find_comp(s, "src"));

        l->prog = prog;
        l->n = n;
        l->from = from;
    }
    return s;
}

static const char *const cores[] = { "inorder", "ooo" };    /* _i of the loop tests */

START_TEST(test_watchdog_stops_a_stuck_core)
{
    char yaml[512];
    sim_inst p[3];
    sim_error err;
    sim_t *s;

    p[0] = mk(0x1000, SIM_OP_INT, 1, 2, 2);
    p[1] = mk_load(0x1004, 3, 1, 0x8000);
    p[2] = mk(0x1008, SIM_OP_INT, 4, 3, 3);
    snprintf(yaml, sizeof yaml,
             "clocks: {default: 1GHz}\n"
             "components:\n"
             "  src: {type: tsrc}\n"
             "  cpu: {type: %s}\n"
             "  mem: {type: hole}\n"
             "connections: [cpu.insts -> src.insts, cpu.dcache -> mem.in]\n", cores[_i]);

    /* refused and retried for ever: stuck */
    s = open_with(yaml, p, 3, 0);
    ((struct hole *)sim_comp_self(sim_find_comp(s, "mem")))->refuse = true;
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_EWORKLOAD);
    ck_assert_msg(strstr(err.message, "cpu: no instruction committed in 6710"), "%s",
                  err.message);
    ck_assert_msg(strstr(err.message, "the pipeline is stuck"), "%s", err.message);
    ck_assert_double_eq(stat(s, "cpu.committed"), 1);
    ck_assert_double_ge(stat(s, "cpu.cycles"), 67108864);
    ck_assert_double_lt(stat(s, "cpu.cycles"), 67108864 + 2000);
    sim_close(s);

    /* taken and never answered: the core sleeps for good and the run ends */
    s = open_with(yaml, p, 3, 0);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_IDLE);
    ck_assert_int_eq(sim_workloads_left(s), 1);     /* the core: the run stalled */
    ck_assert_double_eq(stat(s, "cpu.committed"), 1);
    sim_close(s);
}
END_TEST

/* The source waits three watchdog periods before its first record: the
 * core sleeps meanwhile (its watchdog with it), and the run ends normally;
 * a source that waits for ever ends the run when nothing else is left. */
START_TEST(test_watchdog_leaves_a_waiting_core_alone)
{
    char yaml[512];
    sim_inst p[2];
    sim_error err;
    sim_t *s;

    p[0] = mk(0x1000, SIM_OP_INT, 1, 2, 2);
    p[1] = mk(0x1004, SIM_OP_INT, 3, 1, 1);
    snprintf(yaml, sizeof yaml,
             "clocks: {default: 1GHz}\n"
             "components:\n"
             "  src: {type: later}\n"
             "  cpu: {type: %s}\n"
             "connections: [cpu.insts -> src.insts]\n", cores[_i]);
    s = open_with(yaml, p, 2, 3 * 67108864ull * 1000);
    run_to_exit(s);
    ck_assert_int_eq(sim_workloads_left(s), 0);
    ck_assert_double_eq(stat(s, "cpu.committed"), 2);
    ck_assert_double_ge(stat(s, "cpu.cycles"), 3 * 67108864.0);
    ck_assert_double_ge(stat(s, "cpu.cpi_stack.frontend"), 3 * 67108864.0);
    /* asleep for the source, the clock is gated: those cycles are no clock events */
    ck_assert_double_ge(stat(s, "cpu.idle_cycles"), 3 * 67108864.0 - 2);
    ck_assert_double_lt(stat(s, "cpu.idle_cycles"), 3 * 67108864.0 + 2);
    ck_assert_double_eq(stat(s, "cpu.events.clock"),
                        stat(s, "cpu.cycles") - stat(s, "cpu.idle_cycles"));
    sim_close(s);

    s = open_with(yaml, p, 2, UINT64_MAX);     /* never */
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_IDLE);
    ck_assert_double_eq(stat(s, "cpu.committed"), 0);
    sim_close(s);
}
END_TEST

Suite *watchdog_suite(void)
{
    Suite *s = suite_create("watchdog");
    TCase *t = tcase_create("watchdog");

    tcase_add_loop_test(t, test_watchdog_stops_a_stuck_core, 0, 2);
    tcase_add_loop_test(t, test_watchdog_leaves_a_waiting_core_alone, 0, 2);
    suite_add_tcase(s, t);
    return s;
}
