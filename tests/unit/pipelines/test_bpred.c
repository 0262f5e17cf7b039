/* tests/unit/pipelines/test_bpred.c - the branch prediction unit through
 * its own interface (pipelines/bpred.h): what each direction predictor can
 * and cannot learn, the BTB's sets and ways, the return-address stack, the
 * per-kind statistics and the set-up errors; TAGE's path history, alone
 * and through a core, and its loop predictor. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include "pipelines/bpred.h"
#include "tsrc.h"

static struct bp_cfg cfg_of(const char *kind)
{
    struct bp_cfg c = {
        .kind = kind, .static_policy = BP_STATIC_BTFN, .table = 4096, .history = 12,
        .local_table = 1024, .local_history = 10, .tage_tables = 7, .tage_size = 1024,
        .tage_tag_bits = 9, .tage_min_hist = 4, .tage_max_hist = 200, .tage_path_bits = 16,
        .tage_loop = 64, .btb_sets = 512, .btb_ways = 4, .ras = 16,
    };
    return c;
}

static void init(struct bpred *bp, const struct bp_cfg *c)
{
    char why[256];

    ck_assert_msg(bp_init(bp, c, why, sizeof(why)) == 0, "%s", why);
}

static sim_inst cond(uint64_t pc, bool taken, uint64_t target)
{
    sim_inst in;

    memset(&in, 0, sizeof(in));
    in.pc = pc;
    in.size = 4;
    in.op = SIM_OP_BRANCH;
    in.branch = SIM_BR_COND;
    in.taken = taken;
    in.target = target;
    return in;
}

/* Mispredictions of a loop branch taken period-1 times then not taken,
 * over the last `measure` of `n` iterations, by predictor c. */
static int loop_misses_cfg(const struct bp_cfg *c, int period, int n, int measure)
{
    struct bpred bp;
    int miss = 0;

    init(&bp, c);
    for (int i = 0; i < n; i++) {
        sim_inst in = cond(0x1000, i % period != period - 1, 0x0f00);
        int r = bp_predict(&bp, &in);

        if (i >= n - measure && r == BP_MISPREDICT)
            miss++;
    }
    bp_fini(&bp);
    return miss;
}

static int loop_misses(const char *kind, int period, int n, int measure)
{
    struct bp_cfg c = cfg_of(kind);

    return loop_misses_cfg(&c, period, n, measure);
}

START_TEST(test_bpred_always_taken_is_learnt)
{
    static const char *const kinds[] = { "bimodal", "gshare", "tournament", "tage" };

    for (int i = 0; i < SIM_COUNT(kinds); i++)
        ck_assert_msg(loop_misses(kinds[i], 1000000, 2000, 1000) == 0, "%s", kinds[i]);
    /* backward branch: btfn predicts taken without any table */
    ck_assert_int_eq(loop_misses("static", 1000000, 100, 100), 0);
}
END_TEST

START_TEST(test_bpred_alternation_needs_history)
{
    /* T N T N ...: a per-pc counter cannot follow it, history can */
    ck_assert_int_ge(loop_misses("bimodal", 2, 4000, 2000), 900);
    ck_assert_int_eq(loop_misses("gshare", 2, 4000, 2000), 0);
    ck_assert_int_eq(loop_misses("tournament", 2, 4000, 2000), 0);
    ck_assert_int_le(loop_misses("tage", 2, 4000, 2000), 2);
}
END_TEST

START_TEST(test_bpred_long_loops_need_tage)
{
    /* a loop of 40: 12 bits of global history never see the exit coming,
     * TAGE's 200-branch history does; a loop of 8 fits gshare's history */
    int g = loop_misses("gshare", 40, 40 * 400, 40 * 100);
    int t = loop_misses("tage", 40, 40 * 400, 40 * 100);

    ck_assert_int_ge(g, 90);
    ck_assert_int_le(t, 5);
    ck_assert_int_le(loop_misses("gshare", 8, 8 * 400, 8 * 100), 2);
    /* bimodal misses every exit of any loop */
    ck_assert_int_eq(loop_misses("bimodal", 8, 8 * 400, 8 * 100), 100);
}
END_TEST

START_TEST(test_bpred_static_policies)
{
    struct bp_cfg c = cfg_of("static");
    struct bpred bp;
    sim_inst fwd = cond(0x1000, true, 0x2000), back = cond(0x2000, true, 0x1000);

    init(&bp, &c);
    ck_assert_int_eq(bp_predict(&bp, &fwd), BP_MISPREDICT);    /* forward: not taken */
    ck_assert_int_ne(bp_predict(&bp, &back), BP_MISPREDICT);   /* backward: taken */
    ck_assert_int_eq(bp.ev.dir_read, 0);                        /* no tables */
    bp_fini(&bp);
    c.static_policy = BP_STATIC_TAKEN;
    init(&bp, &c);
    ck_assert_int_ne(bp_predict(&bp, &fwd), BP_MISPREDICT);
    bp_fini(&bp);
}
END_TEST

static sim_inst jump(uint64_t pc, int kind, uint64_t target)
{
    sim_inst in = cond(pc, true, target);

    in.op = SIM_OP_JUMP;
    in.branch = (uint8_t)kind;
    return in;
}

START_TEST(test_bpred_btb_sets_and_ways)
{
    struct bp_cfg c = cfg_of("gshare");
    struct bpred bp;
    sim_inst j[3];
    int r;

    c.btb_sets = 1;
    c.btb_ways = 2;
    for (int i = 0; i < 3; i++)
        j[i] = jump(0x1000 + 0x100 * i, SIM_BR_JUMP, 0x8000 + 0x100 * i);
    init(&bp, &c);
    /* two jumps fit the two ways: a misfetch each, then hits */
    ck_assert_int_eq(bp_predict(&bp, &j[0]), BP_MISFETCH);
    ck_assert_int_eq(bp_predict(&bp, &j[1]), BP_MISFETCH);
    for (int k = 0; k < 10; k++) {
        ck_assert_int_eq(bp_predict(&bp, &j[0]), BP_OK);
        ck_assert_int_eq(bp_predict(&bp, &j[1]), BP_OK);
    }
    /* three in rotation thrash an LRU set of two: after the first two
     * (still there), each one evicts the next one due */
    r = 0;
    for (int k = 0; k < 30; k++)
        r += bp_predict(&bp, &j[k % 3]) == BP_MISFETCH;
    ck_assert_int_eq(r, 28);
    ck_assert_int_eq(bp.st.misfetches, 30);
    ck_assert_int_eq(bp.st.mispredicts[SIM_BR_JUMP], 0);
    bp_fini(&bp);
}
END_TEST

START_TEST(test_bpred_indirect_targets)
{
    struct bp_cfg c = cfg_of("tage");
    struct bpred bp;
    sim_inst a = jump(0x1000, SIM_BR_INDIRECT, 0x5000), b = jump(0x1000, SIM_BR_INDIRECT, 0x6000);

    init(&bp, &c);
    ck_assert_int_eq(bp_predict(&bp, &a), BP_MISPREDICT);      /* BTB miss */
    ck_assert_int_eq(bp_predict(&bp, &a), BP_OK);              /* same target again */
    ck_assert_int_eq(bp_predict(&bp, &b), BP_MISPREDICT);      /* target changed */
    ck_assert_int_eq(bp.st.mispredicts[SIM_BR_INDIRECT], 2);
    ck_assert_int_eq(bp.st.branches[SIM_BR_INDIRECT], 3);
    bp_fini(&bp);
}
END_TEST

/* Calls nested `depth` deep, then the returns; mispredicted returns. */
static int nest(struct bpred *bp, int depth)
{
    int miss = 0;

    for (int d = 0; d < depth; d++) {
        sim_inst call = jump(0x1000 + 0x40 * d, SIM_BR_CALL, 0x1000 + 0x40 * (d + 1));

        bp_predict(bp, &call);
    }
    for (int d = depth - 1; d >= 0; d--) {
        sim_inst ret = jump(0x1020 + 0x40 * (d + 1), SIM_BR_RETURN, 0x1000 + 0x40 * d + 4);

        miss += bp_predict(bp, &ret) == BP_MISPREDICT;
    }
    return miss;
}

START_TEST(test_bpred_return_stack)
{
    struct bp_cfg c = cfg_of("gshare");
    struct bpred bp;

    c.ras = 4;
    init(&bp, &c);
    ck_assert_int_eq(nest(&bp, 4), 0);
    /* ten deep on four entries: the six oldest return addresses are lost */
    ck_assert_int_eq(nest(&bp, 10), 6);
    ck_assert_int_eq(bp.st.mispredicts[SIM_BR_RETURN], 6);
    ck_assert_int_eq(bp.st.branches[SIM_BR_CALL], 14);
    bp_fini(&bp);
}
END_TEST

START_TEST(test_bpred_setup_errors)
{
    struct bp_cfg c = cfg_of("perceptron");
    struct bpred bp;
    char why[256];

    ck_assert_int_eq(bp_init(&bp, &c, why, sizeof(why)), -1);
    ck_assert_ptr_nonnull(strstr(why, "bpred: unknown predictor 'perceptron'"));
    ck_assert_ptr_nonnull(strstr(why, "static|bimodal|gshare|tournament|tage"));
    c = cfg_of("gshare");
    c.table = 3000;
    ck_assert_int_eq(bp_init(&bp, &c, why, sizeof(why)), -1);
    ck_assert_ptr_nonnull(strstr(why, "bp_table"));
    c = cfg_of("tage");
    c.tage_min_hist = 50;
    c.tage_max_hist = 10;
    ck_assert_int_eq(bp_init(&bp, &c, why, sizeof(why)), -1);
    ck_assert_ptr_nonnull(strstr(why, "tage_max_hist"));
    c = cfg_of("bimodal");
    c.btb_sets = 100;
    ck_assert_int_eq(bp_init(&bp, &c, why, sizeof(why)), -1);
    ck_assert_ptr_nonnull(strstr(why, "btb_sets"));
}
END_TEST

/* Two paths into one branch: a taken branch at PATH_A or at PATH_B, chosen
 * at random, then the branch at PATH_X, taken when the path came through
 * PATH_A. Both paths leave the same direction history (one taken branch),
 * so only the address of the branch before tells X's outcome. PATH_A and
 * PATH_B differ in pc bit 2, the bit the path history takes from a 4-byte
 * aligned branch. */
#define PATH_A 0x1000
#define PATH_B 0x2004
#define PATH_X 0x3000

/* xorshift32: the test's own random choices, the same on every run */
static uint32_t next_rand(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/* Mispredictions of X over the last `measure` of n two-path rounds. */
static int path_misses(uint32_t path_bits, int n, int measure)
{
    struct bp_cfg c = cfg_of("tage");
    struct bpred bp;
    uint32_t x = 12345;
    int miss = 0;

    c.tage_path_bits = path_bits;
    init(&bp, &c);
    for (int i = 0; i < n; i++) {
        bool a = next_rand(&x) & 1;
        sim_inst before = cond(a ? PATH_A : PATH_B, true, 0x3000), in = cond(PATH_X, a, 0x4000);

        bp_predict(&bp, &before);
        if (bp_predict(&bp, &in) == BP_MISPREDICT && i >= n - measure)
            miss++;
    }
    bp_fini(&bp);
    return miss;
}

START_TEST(test_bpred_tage_path_history_tells_paths_apart)
{
    /* learnt within a few hundred rounds with path history; at chance
     * (a binomial(2000, 1/2) stays within 1000 +- 150 but once in 10^11)
     * without, whatever the warm-up */
    ck_assert_int_le(path_misses(16, 20000, 2000), 20);   /* 1 % */
    ck_assert_int_le(path_misses(1, 20000, 2000), 20);    /* the newest bit is the one */
    ck_assert_int_ge(path_misses(0, 20000, 2000), 850);
    ck_assert_int_le(path_misses(0, 20000, 2000), 1150);
}
END_TEST

/* Predictions of a mixed stream (a loop, biased random branches at many
 * addresses) by two predictors, path history and loop predictor on,
 * stepped in turn: the same, as nothing is shared or left to chance. */
START_TEST(test_bpred_tage_is_deterministic)
{
    struct bp_cfg c = cfg_of("tage");
    struct bpred p, q;
    uint32_t x = 99;
    int diff = 0, miss = 0;

    init(&p, &c);
    init(&q, &c);
    for (int i = 0; i < 50000; i++) {
        uint32_t r = next_rand(&x);
        sim_inst in = i % 4 ? cond(0x10000 + 2 * (r % 512), (r >> 9) % 3 != 0, 0x8000)
                            : cond(0x20000, i % 1000 != 0, 0x1f000);      /* a loop */
        int rp = bp_predict(&p, &in), rq = bp_predict(&q, &in);

        diff += rp != rq;
        miss += rp == BP_MISPREDICT;
    }
    ck_assert_int_eq(diff, 0);
    ck_assert_int_eq(p.st.mispredicts[SIM_BR_COND], q.st.mispredicts[SIM_BR_COND]);
    ck_assert_int_eq(p.ev.dir_write, q.ev.dir_write);
    ck_assert_int_gt(miss, 0);          /* the stream is not trivially predicted */
    bp_fini(&p);
    bp_fini(&q);
}
END_TEST

START_TEST(test_bpred_tage_loop_predictor_learns_trip_counts)
{
    struct bp_cfg c = cfg_of("tage");

    /* loops of 90 and 300 iterations: TAGE alone misses each exit (twenty
     * in the window), the loop predictor none once it trusts the count */
    for (int period = 90; period <= 300; period += 210) {
        c.tage_loop = 0;
        ck_assert_int_ge(loop_misses_cfg(&c, period, period * 100, period * 20), 19);
        c.tage_loop = 64;
        ck_assert_int_eq(loop_misses_cfg(&c, period, period * 100, period * 20), 0);
    }
    /* the smallest one, a single set of four ways, holds it too */
    c.tage_loop = 4;
    ck_assert_int_eq(loop_misses_cfg(&c, 300, 300 * 100, 300 * 20), 0);
}
END_TEST

/* A loop whose trip count alternates between 300 and 301: never trusted, so
 * no worse than TAGE alone. */
static int wobbly_loop_misses(uint32_t loop)
{
    struct bp_cfg c = cfg_of("tage");
    struct bpred bp;
    int miss = 0;

    c.tage_loop = loop;
    init(&bp, &c);
    for (int trip = 0; trip < 100; trip++) {
        int n = 300 + trip % 2;

        for (int i = 0; i < n; i++) {
            sim_inst in = cond(0x1000, i != n - 1, 0x0f00);

            miss += bp_predict(&bp, &in) == BP_MISPREDICT && trip >= 50;
        }
    }
    bp_fini(&bp);
    return miss;
}

START_TEST(test_bpred_tage_loop_predictor_distrusts_changing_counts)
{
    ck_assert_int_le(wobbly_loop_misses(64), wobbly_loop_misses(0));
    ck_assert_int_ge(wobbly_loop_misses(0), 45);          /* TAGE misses the exits */
}
END_TEST

START_TEST(test_bpred_tage_params_range)
{
    struct bp_cfg c = cfg_of("tage");
    struct bpred bp;
    char why[256];
    sim_error err;
    sim_t *s;

    c.tage_path_bits = 33;
    ck_assert_int_eq(bp_init(&bp, &c, why, sizeof(why)), -1);
    ck_assert_str_eq(why, "tage_path_bits: at most 32");
    c.tage_path_bits = 32;
    init(&bp, &c);
    bp_fini(&bp);
    c.tage_loop = 6;
    ck_assert_int_eq(bp_init(&bp, &c, why, sizeof(why)), -1);
    ck_assert_str_eq(why, "tage_loop: must be 0 or a power of two from 4");
    c.tage_loop = 2;
    ck_assert_int_eq(bp_init(&bp, &c, why, sizeof(why)), -1);
    c.tage_loop = 1024;
    init(&bp, &c);
    bp_fini(&bp);
    /* through a core's parameters: the kernel checks the row's range */
    s = tsrc_open_err("components:\n"
                      "  src: {type: tsrc}\n"
                      "  cpu: {type: inorder, bpred: tage, tage_path_bits: 40}\n"
                      "  mem: {type: simple_mem}\n"
                      "connections: [cpu.insts -> src.insts, cpu.dcache -> mem.in]\n",
                      &err);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_int_eq(err.line, 3);
    ck_assert_ptr_nonnull(strstr(err.message, "tage_path_bits"));
    ck_assert_ptr_nonnull(strstr(err.message, "32"));
}
END_TEST

/* The two-path rounds run by an in-order core: the core's parameter
 * reaches the predictor, and its misprediction count follows. */
static double core_path_misses(const char *path_bits)
{
    enum { ROUNDS = 3000 };
    sim_inst *p = prog_new(3 * ROUNDS);
    char yaml[512];
    uint32_t x = 7;
    sim_t *s;
    double m;

    for (int i = 0; i < ROUNDS; i++) {
        bool a = next_rand(&x) & 1;

        p[3 * i] = mk_branch(a ? PATH_A : PATH_B, 1, true, PATH_X);
        p[3 * i + 1] = mk_branch(PATH_X, 1, a, PATH_X + 0x100);
        p[3 * i + 2] = mk(PATH_X + 0x100, SIM_OP_INT, 1, 2, 3);
    }
    snprintf(yaml, sizeof(yaml),
             "clocks: {default: 1GHz}\n"
             "components:\n"
             "  src: {type: tsrc}\n"
             "  cpu: {type: inorder, bpred: tage, tage_path_bits: %s}\n"
             "  mem: {type: simple_mem, latency: 1ns, queue: 64}\n"
             "connections: [cpu.insts -> src.insts, cpu.dcache -> mem.in]\n", path_bits);
    s = tsrc_run(yaml, p, 3 * ROUNDS);
    m = stat(s, "cpu.bp_mispredicts.cond");
    sim_close(s);
    free(p);
    return m;
}

START_TEST(test_bpred_tage_path_bits_reach_the_core)
{
    /* X mispredicts ~ROUNDS/2 times without path history, and only while
     * learning with it */
    ck_assert_double_ge(core_path_misses("0"), 1300);
    ck_assert_double_le(core_path_misses("16"), 150);
}
END_TEST

Suite *bpred_suite(void)
{
    Suite *s = suite_create("bpred");
    TCase *t = tcase_create("bpred");

    tcase_add_test(t, test_bpred_always_taken_is_learnt);
    tcase_add_test(t, test_bpred_alternation_needs_history);
    tcase_add_test(t, test_bpred_long_loops_need_tage);
    tcase_add_test(t, test_bpred_static_policies);
    tcase_add_test(t, test_bpred_btb_sets_and_ways);
    tcase_add_test(t, test_bpred_indirect_targets);
    tcase_add_test(t, test_bpred_return_stack);
    tcase_add_test(t, test_bpred_setup_errors);
    tcase_add_test(t, test_bpred_tage_path_history_tells_paths_apart);
    tcase_add_test(t, test_bpred_tage_is_deterministic);
    tcase_add_test(t, test_bpred_tage_loop_predictor_learns_trip_counts);
    tcase_add_test(t, test_bpred_tage_loop_predictor_distrusts_changing_counts);
    tcase_add_test(t, test_bpred_tage_params_range);
    tcase_add_test(t, test_bpred_tage_path_bits_reach_the_core);
    suite_add_tcase(s, t);
    return s;
}
