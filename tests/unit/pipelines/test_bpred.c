/* tests/unit/pipelines/test_bpred.c - the branch prediction unit through
 * its own interface (pipelines/bpred.h): what each direction predictor can
 * and cannot learn, the BTB's sets and ways, the return-address stack, the
 * per-kind statistics and the set-up errors. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include "pipelines/bpred.h"

static struct bp_cfg cfg_of(const char *kind)
{
    struct bp_cfg c = {
        .kind = kind, .static_policy = BP_STATIC_BTFN, .table = 4096, .history = 12,
        .local_table = 1024, .local_history = 10, .tage_tables = 7, .tage_size = 1024,
        .tage_tag_bits = 9, .tage_min_hist = 4, .tage_max_hist = 200, .btb_sets = 512,
        .btb_ways = 4, .ras = 16,
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
 * over the last `measure` of `n` iterations. */
static int loop_misses(const char *kind, int period, int n, int measure)
{
    struct bp_cfg c = cfg_of(kind);
    struct bpred bp;
    int miss = 0;

    init(&bp, &c);
    for (int i = 0; i < n; i++) {
        sim_inst in = cond(0x1000, i % period != period - 1, 0x0f00);
        int r = bp_predict(&bp, &in);

        if (i >= n - measure && r == BP_MISPREDICT)
            miss++;
    }
    bp_fini(&bp);
    return miss;
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
    suite_add_tcase(s, t);
    return s;
}
