/* tests/unit/pipelines/test_wrongpath.c - wrong-path instruction fetch of
 * both cores (wrong_path_fetch; pipelines/core.c): off, nothing changes;
 * on, the exact lines requested down the predicted path of a mispredicted
 * branch, one per cycle, within the bound, none after the redirect, and a
 * wrong path that prefetches lines the correct path needs later. The
 * I-cache is `wprec`, a memory defined here that records every request
 * (address and time) and answers after a fixed latency. */
#include "tsrc.h"

#define WPREC_MAX 4096

struct wprec_cfg {
    sim_tick latency;
};

struct wprec {
    struct wprec_cfg cfg;
    sim_comp *comp;
    int n;
    uint64_t addr[WPREC_MAX];
    sim_tick when[WPREC_MAX];
};

static const sim_param wprec_params[] = {
    SIM_PARAM_TIME("latency", struct wprec_cfg, latency, "1ns", "from request to response"),
};
static const sim_port wprec_ports[] = {
    { "in", SIM_TARGET | SIM_MULTI, "requests to record" },
};

static void *wprec_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct wprec *m = sim_zalloc(err, sizeof(*m));

    if (!m)
        return NULL;
    m->cfg = *(const struct wprec_cfg *)cfg;
    m->comp = comp;
    return m;
}

static void note(struct wprec *m, const sim_req *r)
{
    if (m->n < WPREC_MAX) {
        m->addr[m->n] = r->addr;
        m->when[m->n] = sim_time(m->comp);
        m->n++;
    }
}

static sim_tick wprec_access_lt(void *self, int port, sim_req *req)
{
    struct wprec *m = self;

    note(m, req);
    return m->cfg.latency;
}

static bool wprec_send_at(void *self, int port, sim_req *req)
{
    struct wprec *m = self;

    note(m, req);
    sim_respond(m->comp, req, m->cfg.latency);
    return true;
}

static const sim_type wprec_type = {
    .name = "wprec", .doc = "test memory recording requests",
    .params = wprec_params, .n_params = SIM_COUNT(wprec_params),
    .ports = wprec_ports, .n_ports = SIM_COUNT(wprec_ports),
    .cfg_size = sizeof(struct wprec_cfg), .init = wprec_init, .fini = free,
    .access_lt = wprec_access_lt, .send_at = wprec_send_at,
};

/* tsrc_open with wprec registered too. */
static sim_t *wp_open(const char *yaml, const sim_inst *prog, int n)
{
    return tsrc_open_with(yaml, prog, n, &wprec_type);
}

static sim_t *wp_run(const char *yaml, const sim_inst *prog, int n)
{
    sim_t *s = wp_open(yaml, prog, n);

    run_to_exit(s);
    ck_assert_double_eq(stat(s, "cpu.committed"), n);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.total"),
                        stat(s, "cpu.cycles") * stat(s, "cpu.width"));
    return s;
}

static struct wprec *rec_of(sim_t *s)
{
    return sim_comp_self(sim_find_comp(s, "ic"));
}

/* A core `cpu` of type core (extra: its parameters) whose I-cache is a
 * wprec answering in one cycle; the D-cache port is ideal. */
#define SYS(core, extra) \
    "clocks: {default: 1GHz}\n" \
    "components:\n" \
    "  src: {type: tsrc}\n" \
    "  cpu: {type: " core extra "}\n" \
    "  ic:  {type: wprec, latency: 1ns}\n" \
    "connections: [cpu.insts -> src.insts, cpu.icache -> ic.in]\n"
#define NARROW ", width: 1, decode_width: 1, rename_width: 1, issue_width: 1, commit_width: 1"
/* static not-taken prediction: the taken branch below is mispredicted, and
 * its wrong path is the fall-through */
#define NT ", bpred: static, bp_static: not_taken"

#define TARGET 0x8000
#define NTAIL 8

/* 0x1000: a divide (20 cycles) feeding a branch at 0x1004 taken to
 * TARGET, where NTAIL adds follow. The branch resolves when the divide is
 * done, long after it was fetched. */
static sim_inst *div_branch(int *n)
{
    sim_inst *p = prog_new(2 + NTAIL);

    p[0] = mk(0x1000, SIM_OP_DIV, 1, 2, 3);
    p[1] = mk_branch(0x1004, 1, true, TARGET);
    for (int i = 0; i < NTAIL; i++)
        p[2 + i] = mk(TARGET + 4 * i, SIM_OP_INT, 4, 5, 6);
    *n = 2 + NTAIL;
    return p;
}

/* Index of the first request for the line of addr, or -1. */
static int first_req(const struct wprec *m, uint64_t addr)
{
    for (int i = 0; i < m->n; i++)
        if (m->addr[i] == (addr & ~63ull))
            return i;
    return -1;
}

/* ---- off: nothing changes */

static const char *const same_stats[] = {
    "cpu.cycles", "cpu.committed", "cpu.ifetch_lines", "cpu.cpi_stack.branch",
    "cpu.cpi_stack.icache", "cpu.cpi_stack.base", "cpu.bp_mispredicts.total",
    "cpu.btb_hits", "cpu.btb_misses", "cpu.events.fetch", "cpu.events.btb_read",
};

static void off_is_unchanged(const char *plain, const char *off)
{
    int n;
    sim_inst *p = div_branch(&n);
    sim_t *a = wp_run(plain, p, n), *b = wp_run(off, p, n);

    for (size_t i = 0; i < sizeof(same_stats) / sizeof(same_stats[0]); i++)
        ck_assert_msg(stat(a, same_stats[i]) == stat(b, same_stats[i]), "%s: %g vs %g",
                      same_stats[i], stat(a, same_stats[i]), stat(b, same_stats[i]));
    ck_assert_int_eq(rec_of(a)->n, rec_of(b)->n);
    for (int i = 0; i < rec_of(a)->n; i++) {
        ck_assert_uint_eq(rec_of(a)->addr[i], rec_of(b)->addr[i]);
        ck_assert_uint_eq(rec_of(a)->when[i], rec_of(b)->when[i]);
    }
    ck_assert_double_eq(stat(b, "cpu.wrong_path_lines"), 0);
    ck_assert_double_eq(stat(b, "cpu.wrong_path_lb_hits"), 0);
    ck_assert_int_eq(rec_of(b)->n, (int)stat(b, "cpu.ifetch_lines"));
    sim_close(a);
    sim_close(b);
    free(p);
}

START_TEST(test_wrongpath_off_changes_nothing)
{
    off_is_unchanged(SYS("ooo", NARROW NT), SYS("ooo", NARROW NT ", wrong_path_fetch: false"));
    off_is_unchanged(SYS("inorder", NT ", stages: 7"),
                     SYS("inorder", NT ", stages: 7, wrong_path_fetch: false"));
}
END_TEST

/* ---- on: the lines, their timing, the bound, the redirect */

/* Check the wrong-path requests of a div_branch run: every request after
 * the first line's and before TARGET's is a wrong-path one, for the lines
 * after the branch's (its own line is in a line buffer: a hit), one per
 * cycle from `first` cycles after the branch's line was requested; none
 * comes at or after the redirect (every later request is for TARGET's
 * lines). Returns the number of wrong-path requests. */
static int check_path(sim_t *s, int first)
{
    const struct wprec *m = rec_of(s);
    int t = first_req(m, TARGET), k = 0;

    ck_assert_int_eq(first_req(m, 0x1000), 0);
    ck_assert_int_gt(t, 0);
    for (int i = 1; i < t; i++, k++) {
        ck_assert_uint_eq(m->addr[i], 0x1000 + 64 * i);
        ck_assert_uint_eq(m->when[i], m->when[0] + 1000 * (uint64_t)(first + i - 1));
    }
    for (int i = t; i < m->n; i++)
        ck_assert_uint_ge(m->addr[i], TARGET);
    ck_assert_double_eq(stat(s, "cpu.wrong_path_lines"), k);
    ck_assert_double_eq(stat(s, "cpu.wrong_path_lb_hits"), 1);
    ck_assert_double_eq(stat(s, "cpu.ifetch_lines") + k, m->n);
    return k;
}

START_TEST(test_wrongpath_ooo_lines_bound_and_redirect)
{
    int n, k, t;
    sim_inst *p = div_branch(&n);
    sim_t *s, *off;
    const struct wprec *m;

    /* bound 4: the branch's line (a line-buffer hit), then three requests;
     * the divide is fetched in the cycle its line is requested, the branch
     * the next, its line is looked at the cycle after, the first request
     * goes out one cycle later */
    s = wp_run(SYS("ooo", NARROW NT ", fetch_ahead: false, redirect_penalty: 0, "
                   "wrong_path_fetch: true, wrong_path_lines: 4"), p, n);
    ck_assert_int_eq(check_path(s, 3), 3);
    sim_close(s);

    /* unbounded: the path runs until the redirect, which fetches TARGET in
     * the cycle the branch resolves (redirect_penalty 0): every cycle in
     * between requested one line */
    s = wp_run(SYS("ooo", NARROW NT ", fetch_ahead: false, redirect_penalty: 0, "
                   "wrong_path_fetch: true, wrong_path_lines: 1000"), p, n);
    k = check_path(s, 3);
    m = rec_of(s);
    t = first_req(m, TARGET);
    ck_assert_uint_eq(m->when[t] - m->when[t - 1], 1000);    /* up to the redirect */
    ck_assert_int_gt(k, 15);                                  /* the divide's 20 cycles */
    /* one-cycle responses: none late, and the correct path's timing is that
     * of a run without wrong-path fetch */
    ck_assert_double_eq(stat(s, "cpu.wrong_path_late"), 0);
    off = wp_run(SYS("ooo", NARROW NT ", fetch_ahead: false, redirect_penalty: 0"), p, n);
    ck_assert_double_eq(stat(s, "cpu.cycles"), stat(off, "cpu.cycles"));
    ck_assert_uint_eq(m->when[t], rec_of(off)->when[first_req(rec_of(off), TARGET)]);
    sim_close(off);
    sim_close(s);

    /* a redirect penalty: still nothing after the branch resolves, though
     * fetch waits redirect_penalty more cycles */
    s = wp_run(SYS("ooo", NARROW NT ", fetch_ahead: false, redirect_penalty: 5, "
                   "wrong_path_fetch: true, wrong_path_lines: 1000"), p, n);
    ck_assert_int_eq(check_path(s, 3), k);
    m = rec_of(s);
    t = first_req(m, TARGET);
    ck_assert_uint_eq(m->when[t] - m->when[t - 1], 6000);
    sim_close(s);
    free(p);
}
END_TEST

START_TEST(test_wrongpath_predicted_taken_follows_the_btb)
{
    /* a branch at 0x1004 taken to 0x3000 once (the BTB learns it), then not
     * taken: predicted taken (static taken), its wrong path is 0x3000's
     * lines, and the correct path is the fall-through */
    sim_inst *p = prog_new(16);
    int n = 0;
    sim_t *s;
    const struct wprec *m;
    int i0 = -1, k = 0;

    p[n++] = mk(0x1000, SIM_OP_INT, 1, 2, 3);
    p[n++] = mk_branch(0x1004, 1, true, 0x3000);
    p[n++] = mk(0x3000, SIM_OP_INT, 1, 2, 3);
    p[n++] = mk(0x3004, SIM_OP_DIV, 1, 2, 3);
    p[n] = mk(0x3008, SIM_OP_JUMP, -1, -1, -1);
    p[n].branch = SIM_BR_JUMP;
    p[n].taken = 1;
    p[n++].target = 0x1004;
    p[n++] = mk_branch(0x1004, 1, false, 0x3000);          /* mispredicted */
    for (int i = 0; i < 4; i++)
        p[n++] = mk(0x1008 + 4 * i, SIM_OP_INT, 4, 5, 6);
    s = wp_run(SYS("ooo", NARROW ", bpred: static, bp_static: taken, fetch_ahead: false, "
                   "wrong_path_fetch: true, wrong_path_lines: 3"), p, n);
    ck_assert_double_eq(stat(s, "cpu.bp_mispredicts.cond"), 1);
    /* the line of 0x3000 is in a line buffer (a hit); then 0x3040, 0x3080 */
    ck_assert_double_eq(stat(s, "cpu.wrong_path_lb_hits"), 1);
    ck_assert_double_eq(stat(s, "cpu.wrong_path_lines"), 2);
    m = rec_of(s);
    for (int i = 0; i < m->n; i++)
        if (m->addr[i] == 0x3040)
            i0 = i;
    ck_assert_int_ge(i0, 0);
    ck_assert_uint_eq(m->addr[i0 + 1], 0x3080);
    ck_assert_uint_eq(m->when[i0 + 1], m->when[i0] + 1000);
    for (int i = 0; i < m->n; i++)
        k += m->addr[i] == 0x3040 || m->addr[i] == 0x3080;
    ck_assert_int_eq(k, 2);
    sim_close(s);
    free(p);
}
END_TEST

START_TEST(test_wrongpath_inorder_lines_until_redirect)
{
    int n, k;
    sim_inst *p = div_branch(&n);
    sim_t *s, *off;

    /* seven stages: the branch enters IF (its line requested with the
     * divide's, one cycle before), the path starts at its own line (a
     * hit) the cycle after and requests one line per cycle until the branch
     * resolves in EX */
    s = wp_run(SYS("inorder", NT ", stages: 7, wrong_path_fetch: true, "
                   "wrong_path_lines: 1000"), p, n);
    k = check_path(s, 3);
    ck_assert_int_gt(k, 15);                /* the divide holds the branch in ID */
    off = wp_run(SYS("inorder", NT ", stages: 7"), p, n);
    ck_assert_double_eq(stat(s, "cpu.cycles"), stat(off, "cpu.cycles"));
    sim_close(off);
    sim_close(s);
    s = wp_run(SYS("inorder", NT ", stages: 7, wrong_path_fetch: true, "
                   "wrong_path_lines: 2"), p, n);
    ck_assert_int_eq(check_path(s, 3), 1);
    sim_close(s);
    free(p);
}
END_TEST

/* ---- prefetching: the correct path later runs the wrong path's lines */

#define CACHED(core, extra) \
    "clocks: {default: 1GHz}\n" \
    "components:\n" \
    "  src: {type: tsrc}\n" \
    "  cpu: {type: " core extra "}\n" \
    "  l1i: {type: cache, size: 4KiB, assoc: 4}\n" \
    "  mem: {type: simple_mem, latency: 60ns, queue: 64}\n" \
    "connections: [cpu.insts -> src.insts, cpu.icache -> l1i.cpu, l1i.mem -> mem.in]\n"

/* A branch at 0x1004 waiting on a divide, taken to 0x2000 but predicted
 * not taken: its wrong path is 0x1008 on. The code at 0x2000 jumps back
 * to 0x1040, and the correct path then runs four lines of straight-line
 * code, 0x1040-0x113f, which the wrong path fetched into the I-cache. */
static sim_inst *later_used(int *np)
{
    sim_inst *p = prog_new(80);
    int n = 0;

    p[n++] = mk(0x1000, SIM_OP_DIV, 1, 2, 3);
    p[n++] = mk_branch(0x1004, 1, true, 0x2000);
    p[n++] = mk(0x2000, SIM_OP_INT, 4, 5, 6);
    p[n] = mk(0x2004, SIM_OP_JUMP, -1, -1, -1);
    p[n].branch = SIM_BR_JUMP;
    p[n].taken = 1;
    p[n++].target = 0x1040;
    for (uint64_t pc = 0x1040; pc < 0x1140; pc += 4)
        p[n++] = mk(pc, SIM_OP_INT, 4, 5, 6);
    *np = n;
    return p;
}

static void prefetches(const char *off_yaml, const char *on_yaml)
{
    int n;
    sim_inst *p = later_used(&n);
    sim_t *off = wp_run(off_yaml, p, n), *on = wp_run(on_yaml, p, n), *again;

    ck_assert_double_eq(stat(on, "cpu.bp_mispredicts.cond"), 1);
    ck_assert_double_eq(stat(on, "cpu.wrong_path_lines"), 4);  /* 0x1040-0x113f */
    ck_assert_double_eq(stat(on, "cpu.wrong_path_used"), 4);
    /* the correct path's own requests for those lines hit (or merge) now */
    ck_assert_double_eq(stat(on, "l1i.misses"), stat(off, "l1i.misses"));
    ck_assert_double_eq(stat(on, "l1i.hits"), stat(off, "l1i.hits") + 4);
    ck_assert_msg(stat(on, "cpu.cycles") < stat(off, "cpu.cycles") - 60, "%g vs %g cycles",
                  stat(on, "cpu.cycles"), stat(off, "cpu.cycles"));
    ck_assert(stat(on, "cpu.cpi_stack.icache") < stat(off, "cpu.cpi_stack.icache"));
    /* determinism: a second run gives the same figures */
    again = wp_run(on_yaml, p, n);
    ck_assert_double_eq(stat(again, "cpu.cycles"), stat(on, "cpu.cycles"));
    ck_assert_double_eq(stat(again, "l1i.hits"), stat(on, "l1i.hits"));
    ck_assert_double_eq(stat(again, "cpu.wrong_path_late"), stat(on, "cpu.wrong_path_late"));
    sim_close(again);
    sim_close(on);
    sim_close(off);
    free(p);
}

START_TEST(test_wrongpath_prefetches_lines_used_later)
{
    prefetches(CACHED("ooo", NARROW NT ", fetch_ahead: false"),
               CACHED("ooo", NARROW NT ", fetch_ahead: false, wrong_path_fetch: true, "
                      "wrong_path_lines: 5"));
    prefetches(CACHED("inorder", NT ", stages: 7"),
               CACHED("inorder", NT ", stages: 7, wrong_path_fetch: true, "
                      "wrong_path_lines: 5"));
}
END_TEST

START_TEST(test_wrongpath_rejects_zero_bound)
{
    sim_error err;
    sim_t *s = tsrc_open_err("components:\n"
                             "  src: {type: tsrc}\n"
                             "  cpu: {type: ooo, wrong_path_fetch: true, wrong_path_lines: 0}\n"
                             "connections: [cpu.insts -> src.insts]\n", &err);

    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "wrong_path_lines"));
}
END_TEST

Suite *wrongpath_suite(void)
{
    Suite *s = suite_create("wrongpath");
    TCase *t = tcase_create("core");

    tcase_add_test(t, test_wrongpath_off_changes_nothing);
    tcase_add_test(t, test_wrongpath_ooo_lines_bound_and_redirect);
    tcase_add_test(t, test_wrongpath_predicted_taken_follows_the_btb);
    tcase_add_test(t, test_wrongpath_inorder_lines_until_redirect);
    tcase_add_test(t, test_wrongpath_prefetches_lines_used_later);
    tcase_add_test(t, test_wrongpath_rejects_zero_bound);
    suite_add_tcase(s, t);
    return s;
}
