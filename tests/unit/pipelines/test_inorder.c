/* tests/unit/pipelines/test_inorder.c - exact timing of the in-order
 * pipeline on hand-made instruction sequences, computed by hand from the
 * pipeline's rules (pipelines/inorder.c): with D stages a group retires D-1
 * cycles after it is fetched, so N instructions that never wait take
 * N/width + D - 1 cycles. The clock is 1 GHz, so 1 ns is one cycle. */
#include <unistd.h>
#include "tsrc.h"

#define CORE(extra) \
    "clocks: {default: 1GHz}\n" \
    "components:\n" \
    "  src: {type: tsrc}\n" \
    "  cpu: {type: inorder" extra "}\n" \
    "connections: [cpu.insts -> src.insts]\n"

#define CORE_MEM(extra, lat) \
    "clocks: {default: 1GHz}\n" \
    "components:\n" \
    "  src: {type: tsrc}\n" \
    "  cpu: {type: inorder" extra "}\n" \
    "  mem: {type: simple_mem, latency: " lat ", queue: 64}\n" \
    "connections: [cpu.insts -> src.insts, cpu.dcache -> mem.in]\n"

START_TEST(test_inorder_dependent_adds_take_depth)
{
    enum { N = 100 };
    sim_inst *p = tsrc_adds(N, true);
    sim_t *s = tsrc_run(CORE(""), p, N);

    /* forwarding: back-to-back dependent adds never wait */
    ck_assert_double_eq(stat(s, "cpu.cycles"), N + 4);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.base"), N);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.frontend"), 4);   /* the pipeline filling */
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.dependence"), 0);
    sim_close(s);
    /* deeper pipelines take one more cycle per stage */
    ck_assert_double_eq(tsrc_cycles(CORE(", stages: 7"), p, N), N + 6);
    free(p);
}
END_TEST

START_TEST(test_inorder_no_forwarding_costs_two_per_dependence)
{
    enum { N = 50 };
    sim_inst *p = tsrc_adds(N, true);
    sim_t *s = tsrc_run(CORE(", forwarding: false"), p, N);

    /* the consumer reads in ID while the producer is in WB: 2 bubbles */
    ck_assert_double_eq(stat(s, "cpu.cycles"), N + 4 + 2 * (N - 1));
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.dependence"), 2 * (N - 1));
    sim_close(s);
    free(p);
}
END_TEST

START_TEST(test_inorder_load_use_is_one_bubble)
{
    sim_inst use[2] = { mk_load(0x1000, 1, 2, 0x8000), mk(0x1004, SIM_OP_INT, 3, 1, 4) };
    sim_inst nouse[2] = { mk_load(0x1000, 1, 2, 0x8000), mk(0x1004, SIM_OP_INT, 3, 5, 4) };
    sim_t *s = tsrc_run(CORE(""), use, 2);

    /* unconnected D-cache: data one cycle after MEM starts */
    ck_assert_double_eq(tsrc_cycles(CORE(""), nouse, 2), 2 + 4);
    ck_assert_double_eq(stat(s, "cpu.cycles"), 2 + 4 + 1);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.dependence"), 1);
    sim_close(s);
    /* the same through a one-cycle memory, approximately- and loosely-timed */
    ck_assert_double_eq(tsrc_cycles(CORE_MEM("", "1ns"), use, 2), 7);
    ck_assert_double_eq(tsrc_cycles(CORE_MEM(", mem_mode: lt", "1ns"), use, 2), 7);
    /* without forwarding the consumer waits for the load's WB */
    ck_assert_double_eq(tsrc_cycles(CORE(", forwarding: false"), use, 2), 2 + 4 + 2);
}
END_TEST

/* A conditional branch, then 10 adds on the path it takes. */
static sim_inst *branch_prog(bool taken)
{
    sim_inst *p = prog_new(11);
    uint64_t next = taken ? 0x2000 : 0x1004;

    p[0] = mk_branch(0x1000, 5, taken, 0x2000);
    for (int i = 0; i < 10; i++)
        p[1 + i] = mk(next + 4 * i, SIM_OP_INT, 1 + i % 4, 6, 7);
    return p;
}

START_TEST(test_inorder_mispredict_costs_branch_stage_minus_one)
{
    /* never-taken static prediction: a taken branch is mispredicted */
    sim_inst *t = branch_prog(true), *nt = branch_prog(false);
    static const char *const cfgs[] = {
        CORE(", bpred: static, bp_static: not_taken"),
        CORE(", bpred: static, bp_static: not_taken, branch_stage: 1"),
        CORE(", bpred: static, bp_static: not_taken, branch_stage: 2"),
        CORE(", bpred: static, bp_static: not_taken, branch_stage: 4"),
        CORE(", bpred: static, bp_static: not_taken, branch_stage: 5"),
        CORE(", bpred: static, bp_static: not_taken, stages: 7"),
    };
    static const int penalty[] = { 2, 0, 1, 3, 4, 4 };

    for (int i = 0; i < SIM_COUNT(cfgs); i++) {
        double base = tsrc_cycles(cfgs[i], nt, 11);
        sim_t *s = tsrc_run(cfgs[i], t, 11);

        ck_assert_msg(stat(s, "cpu.cycles") == base + penalty[i], "config %d: %g cycles, "
                      "expected %g", i, stat(s, "cpu.cycles"), base + penalty[i]);
        ck_assert_double_eq(stat(s, "cpu.cpi_stack.branch"), penalty[i]);
        ck_assert_double_eq(stat(s, "cpu.bp_mispredicts.cond"), 1);
        ck_assert_double_eq(stat(s, "cpu.bp_branches.cond"), 1);
        sim_close(s);
    }
    free(t);
    free(nt);
}
END_TEST

/* A branch resolving in ID compares its sources there: one on the result
 * of the add just before it waits a cycle for it, one on a load's two
 * (H&P appendix C); resolving in EX, the load-use bubble before issue is
 * all. (It resolved on arriving in ID: a branch on a load cost nothing.)
 * Program: producer of r5 (or of r6: independent), a mispredicted branch
 * on r5, 10 adds on its target. */
START_TEST(test_inorder_branch_in_id_waits_for_its_sources)
{
    static const char *const cfgs[] = {
        CORE(", bpred: static, bp_static: not_taken, branch_stage: 2"),
        CORE(", bpred: static, bp_static: not_taken"),
    };
    /* extra cycles over the independent branch: ALU producer, load producer */
    static const int extra[][2] = { { 1, 2 }, { 0, 1 } };
    /* cpi_stack.branch: the penalty and the wait for the sources (the load's
     * first cycle is a load-use bubble, dependence) */
    static const int branch[][3] = { { 1, 2, 2 }, { 2, 2, 2 } };

    for (int c = 0; c < SIM_COUNT(cfgs); c++) {
        double cycles[3];

        for (int kind = 0; kind < 3; kind++) {  /* independent, add, load */
            sim_inst *p = prog_new(12);
            sim_t *s;

            p[0] = kind == 2 ? mk_load(0x1000, 5, 2, 0x8000)
                             : mk(0x1000, SIM_OP_INT, kind == 1 ? 5 : 6, 2, 3);
            p[1] = mk_branch(0x1004, 5, true, 0x2000);
            for (int i = 0; i < 10; i++)
                p[2 + i] = mk(0x2000 + 4 * (uint64_t)i, SIM_OP_INT, 7 + i % 4, 8, 9);
            s = tsrc_run(cfgs[c], p, 12);
            cycles[kind] = stat(s, "cpu.cycles");
            ck_assert_msg(stat(s, "cpu.cpi_stack.branch") == branch[c][kind],
                          "config %d, producer %d: branch %g", c, kind,
                          stat(s, "cpu.cpi_stack.branch"));
            sim_close(s);
            free(p);
        }
        for (int kind = 1; kind < 3; kind++)
            ck_assert_msg(cycles[kind] == cycles[0] + extra[c][kind - 1], "config %d, "
                          "producer %d: %g cycles, independent %g", c, kind, cycles[kind],
                          cycles[0]);
    }
}
END_TEST

/* A group split at issue: the part left in ID is short for the reason the
 * split was made, and its missing slots are charged to it, not to the
 * front end. Two-wide with one ALU, 100 independent adds: one issues per
 * cycle, the other slot is lost to the unit. */
START_TEST(test_inorder_split_group_charges_its_reason)
{
    enum { N = 100 };
    sim_inst *p = tsrc_adds(N, false);
    sim_t *s = tsrc_run(CORE(", width: 2, alus: 1"), p, N);
    double cyc = stat(s, "cpu.cycles"), fe = stat(s, "cpu.cpi_stack.frontend");

    ck_assert_double_eq(stat(s, "cpu.cpi_stack.base"), N);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.total"), 2 * cyc);
    ck_assert_msg(fe <= 2 * 4 + 2, "frontend %g: more than the pipeline filling", fe);
    ck_assert_double_ge(stat(s, "cpu.cpi_stack.fu"), N - 2);
    sim_close(s);
    free(p);
}
END_TEST

/* Each op issued is an energy event of its class (tsrc.h). */
START_TEST(test_inorder_op_energy_events_by_class)
{
    tsrc_check_op_energy_events(CORE(""));
}
END_TEST

/* A cracked instruction counts once in committed_ops (tsrc.h). */
START_TEST(test_inorder_cracked_instruction_counts_once)
{
    tsrc_check_cracked_counts_once(CORE(""));
}
END_TEST

START_TEST(test_inorder_btb_miss_is_redirected_at_decode)
{
    sim_inst p[6], q[6];

    /* a jump, first seen: the BTB misses, decode redirects one cycle later */
    p[0] = mk(0x1000, SIM_OP_JUMP, -1, -1, -1);
    p[0].branch = SIM_BR_JUMP;
    p[0].taken = 1;
    p[0].target = 0x2000;
    q[0] = mk(0x1000, SIM_OP_INT, 9, 8, 8);
    for (int i = 1; i < 6; i++) {
        p[i] = mk(0x2000 + 4 * (i - 1), SIM_OP_INT, i, 8, 8);
        q[i] = mk(0x1000 + 4 * i, SIM_OP_INT, i, 8, 8);
    }
    ck_assert_double_eq(tsrc_cycles(CORE(""), q, 6), 10);
    ck_assert_double_eq(tsrc_cycles(CORE(""), p, 6), 11);
}
END_TEST

START_TEST(test_inorder_width_sustains_ipc)
{
    enum { N = 64 };
    sim_inst *p = tsrc_adds(N, false);

    ck_assert_double_eq(tsrc_cycles(CORE(", width: 2, alus: 2"), p, N), N / 2 + 4);
    ck_assert_double_eq(tsrc_cycles(CORE(", width: 4, alus: 4"), p, N), N / 4 + 4);
    /* one ALU: the second of each pair waits for it */
    ck_assert_double_eq(tsrc_cycles(CORE(", width: 2, alus: 1"), p, N), N + 4);
    free(p);
}
END_TEST

START_TEST(test_inorder_long_ops_follow_the_scoreboard)
{
    sim_inst mul[2] = { mk(0x1000, SIM_OP_MUL, 1, 2, 3), mk(0x1004, SIM_OP_INT, 4, 1, 1) };
    sim_inst divs[2] = { mk(0x1000, SIM_OP_DIV, 1, 2, 3), mk(0x1004, SIM_OP_DIV, 4, 5, 6) };
    sim_inst ind[2] = { mk(0x1000, SIM_OP_MUL, 1, 2, 3), mk(0x1004, SIM_OP_INT, 4, 5, 5) };
    sim_t *s;

    /* mul latency 3: the consumer enters EX 3 cycles after the mul: 2 bubbles */
    ck_assert_double_eq(tsrc_cycles(CORE(""), mul, 2), 2 + 4 + 2);
    ck_assert_double_eq(tsrc_cycles(CORE(""), ind, 2), 2 + 4);
    ck_assert_double_eq(tsrc_cycles(CORE(", mul_latency: 5"), mul, 2), 2 + 4 + 4);
    /* unpipelined divider: the second divide waits out the interval */
    s = tsrc_run(CORE(""), divs, 2);
    ck_assert_double_eq(stat(s, "cpu.cycles"), 2 + 4 + 19);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.fu"), 19);
    ck_assert_double_eq(stat(s, "cpu.fu_busy.muldiv"), 40);
    sim_close(s);
    ck_assert_double_eq(tsrc_cycles(CORE(", div_interval: 1"), divs, 2), 2 + 4);
}
END_TEST

START_TEST(test_inorder_dcache_miss_blocking_and_not)
{
    sim_inst p[7];

    /* a load that takes 10 cycles, 5 independent adds, then its consumer */
    p[0] = mk_load(0x1000, 1, 2, 0x8000);
    for (int i = 1; i < 6; i++)
        p[i] = mk(0x1000 + 4 * i, SIM_OP_INT, 3 + i, 9, 9);
    p[6] = mk(0x1018, SIM_OP_INT, 20, 1, 1);
    {
        /* blocking: the load holds MEM 10 cycles instead of 1 */
        sim_t *s = tsrc_run(CORE_MEM("", "10ns"), p, 7);

        ck_assert_double_eq(stat(s, "cpu.cycles"), 7 + 4 + 9);
        ck_assert_double_eq(stat(s, "cpu.cpi_stack.dcache_l2"), 9);
        ck_assert_double_eq(stat(s, "cpu.loads"), 1);
        ck_assert_double_eq(stat(s, "cpu.load_latency"), 10000);
        sim_close(s);
    }
    {
        /* non-blocking: the adds go on; the consumer, due in EX at 8, waits
         * for the data at 3 + 10 = 13 */
        sim_t *s = tsrc_run(CORE_MEM(", blocking_loads: false", "10ns"), p, 7);

        ck_assert_double_eq(stat(s, "cpu.cycles"), 7 + 4 + 5);
        ck_assert_double_eq(stat(s, "cpu.cpi_stack.dcache_l2"), 5);
        sim_close(s);
    }
}
END_TEST

/* A trace's load may write two registers (x86's pop: the register and the
 * stack pointer): a consumer of either waits for the data alone, loosely
 * timed (no D-cache), blocking or not. The run is capped so that a second
 * destination left waiting shows as a limit, not a hang. */
START_TEST(test_inorder_load_with_two_destinations)
{
    static const char *cfgs[] = {
        CORE(""), CORE_MEM("", "10ns"), CORE_MEM(", blocking_loads: false", "10ns"),
    };
    sim_inst p[4];

    p[0] = mk_load(0x1000, 1, 2, 0x8000);
    p[0].dst[1] = R(2);                         /* pop: r1 <- [r2], r2 += 8 */
    p[1] = mk(0x1004, SIM_OP_INT, 5, 9, 9);
    p[3] = mk(0x100c, SIM_OP_INT, 7, 9, 9);
    for (int k = 0; k < 3; k++) {
        double by_dst[2];

        for (int d = 0; d < 2; d++) {
            char yaml[512];
            sim_error err;
            sim_t *s;

            p[2] = mk(0x1008, SIM_OP_INT, 6, d + 1, 9);   /* reads r1, then r2 */
            snprintf(yaml, sizeof yaml, "run: {max_cycles: 1000}\n%s", cfgs[k]);
            s = tsrc_open(yaml, p, 4);
            ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
            ck_assert_double_eq(stat(s, "cpu.committed"), 4);
            by_dst[d] = stat(s, "cpu.cycles");
            sim_close(s);
        }
        ck_assert_double_eq(by_dst[0], by_dst[1]);
    }
}
END_TEST

START_TEST(test_inorder_icache_miss_per_line)
{
    enum { N = 20 };
    sim_inst *p = tsrc_adds(N, false);
    const char *yaml =
        "clocks: {default: 1GHz}\n"
        "components:\n"
        "  src: {type: tsrc}\n"
        "  cpu: {type: inorder}\n"
        "  mem: {type: simple_mem, latency: 10ns}\n"
        "connections: [cpu.insts -> src.insts, cpu.icache -> mem.in]\n";
    sim_t *s = tsrc_run(yaml, p, N);

    /* two 64-byte lines, each 9 cycles late */
    ck_assert_double_eq(stat(s, "cpu.cycles"), N + 4 + 18);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.icache"), 18);
    ck_assert_double_eq(stat(s, "cpu.ifetch_lines"), 2);
    sim_close(s);
    free(p);
}
END_TEST

START_TEST(test_inorder_serializing_waits_for_older)
{
    sim_inst p[3] = { mk(0x1000, SIM_OP_DIV, 1, 2, 3), mk(0x1004, SIM_OP_CSR, 4, -1, -1),
                      mk(0x1008, SIM_OP_INT, 5, 6, 6) };

    /* the CSR op may not enter EX before the divide's result (EX 2 + 20) */
    p[1].flags = SIM_INST_SERIAL;
    ck_assert_double_eq(tsrc_cycles(CORE(""), p, 3), 3 + 4 + 19);
}
END_TEST

/* A random program: every record kind, taken branches jumping anywhere. */
static sim_inst *random_prog(int n, uint64_t seed)
{
    sim_inst *p = prog_new(n);
    uint64_t pc = 0x10000, x = seed;

    for (int i = 0; i < n; i++) {
        int k, d, a, b;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        k = (int)(x % 16);
        d = 1 + (int)((x >> 8) % 31);
        a = 1 + (int)((x >> 16) % 31);
        b = 1 + (int)((x >> 24) % 31);
        switch (k) {
        case 0: case 1: case 2:
            p[i] = mk_load(pc, d, a, 0x100000 + ((x >> 32) % 4096) * 8);
            break;
        case 3:
            p[i] = mk_store(pc, a, b, 0x100000 + ((x >> 32) % 4096) * 8);
            break;
        case 4:
            p[i] = mk(pc, SIM_OP_MUL, d, a, b);
            break;
        case 5:
            p[i] = mk(pc, (x >> 40) & 1 ? SIM_OP_DIV : SIM_OP_FDIV, d, a, b);
            break;
        case 6:
            p[i] = mk(pc, SIM_OP_FMA, 32 + d, 32 + a, 32 + b);
            break;
        case 7: case 8:
            p[i] = mk_branch(pc, a, (x >> 44) & 1, 0x10000 + ((x >> 20) % 1024) * 4);
            break;
        default:
            p[i] = mk(pc, SIM_OP_INT, d, a, b);
            break;
        }
        pc = p[i].branch && p[i].taken ? p[i].target : pc + 4;
    }
    return p;
}

START_TEST(test_inorder_commits_every_record)
{
    enum { N = 3000 };
    sim_inst *p = random_prog(N, 12345);
    static const char *const cfgs[] = {
        CORE(""),
        CORE(", width: 2, alus: 2, bpred: tage"),
        CORE_MEM(", blocking_loads: false, bpred: tournament", "7ns"),
        CORE_MEM(", forwarding: false, bpred: bimodal, stages: 8, width: 3", "30ns"),
        CORE_MEM(", mem_mode: lt, bpred: static", "3ns"),
    };

    for (int i = 0; i < SIM_COUNT(cfgs); i++) {
        sim_t *s = tsrc_run(cfgs[i], p, N);

        ck_assert(stat(s, "cpu.cycles") >= N / stat(s, "cpu.width"));
        ck_assert_double_eq(stat(s, "cpu.bp_branches.total"),
                            stat(s, "cpu.committed_ops.branch"));
        sim_close(s);
    }
    free(p);
}
END_TEST

START_TEST(test_inorder_stops_at_instruction_limit)
{
    enum { N = 500 };
    sim_inst *p = random_prog(N, 99);
    sim_t *s = tsrc_open(CORE(", width: 4, alus: 4"), p, N);
    sim_error err;

    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 101, &err), SIM_RUN_LIMIT);
    ck_assert_double_eq(stat(s, "sim.insts"), 101);
    ck_assert_double_eq(stat(s, "cpu.committed"), 101);
    run_to_exit(s);
    ck_assert_double_eq(stat(s, "cpu.committed"), N);
    sim_close(s);
    free(p);
}
END_TEST

/* Register-file reads and writes of records p[0..n): [0] integer, [1] FP
 * (x0 is read, never written). */
static void rf_counts(const sim_inst *p, int n, double rd[2], double wr[2])
{
    rd[0] = rd[1] = wr[0] = wr[1] = 0;
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < 3; k++)
            if (p[i].src[k] < 64)
                rd[p[i].src[k] >= 32] += 1;
        for (int k = 0; k < 2; k++)
            if (p[i].dst[k] != 0 && p[i].dst[k] < 64)
                wr[p[i].dst[k] >= 32] += 1;
    }
}

/* Stats read at a stop, with instructions in flight, count what has
 * reached each stage in program order: commits (operation classes,
 * register writes) of exactly the first K records, issues (units, register
 * reads) of the first I, at most as many as were decoded and fetched. A
 * reset there counts from there on. */
START_TEST(test_inorder_counts_mid_run_by_stage)
{
    enum { N = 3000, K = 1001 };
    const char *yaml = CORE_MEM(", width: 2, alus: 2, stages: 7, blocking_loads: false",
                                "5ns");
    static const char *const ops[] = { "int", "mul", "div", "fdiv", "fma", "load", "store",
                                       "branch" };
    sim_inst *p = random_prog(N, 4242);
    sim_t *whole = tsrc_run(yaml, p, N);
    sim_t *s = tsrc_open(yaml, p, N);
    double rd[2], wr[2], issued = 0, fetched, muldiv = 0, mid_loads;
    sim_error err;
    char key[64];

    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, K, &err), SIM_RUN_LIMIT);
    ck_assert_double_eq(stat(s, "cpu.committed"), K);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.base"), K);
    rf_counts(p, K, rd, wr);
    ck_assert_double_eq(stat(s, "cpu.events.int_rf_write"), wr[0]);
    ck_assert_double_eq(stat(s, "cpu.events.fp_rf_write"), wr[1]);
    for (int i = 0; i < SIM_COUNT(ops); i++) {
        double n = 0;

        for (int j = 0; j < K; j++)
            n += p[j].op == (strcmp(ops[i], "int") == 0 ? SIM_OP_INT
                             : strcmp(ops[i], "branch") == 0 ? SIM_OP_BRANCH
                             : strcmp(ops[i], "mul") == 0 ? SIM_OP_MUL
                             : strcmp(ops[i], "div") == 0 ? SIM_OP_DIV
                             : strcmp(ops[i], "fdiv") == 0 ? SIM_OP_FDIV
                             : strcmp(ops[i], "fma") == 0 ? SIM_OP_FMA
                             : strcmp(ops[i], "load") == 0 ? SIM_OP_LOAD : SIM_OP_STORE);
        snprintf(key, sizeof(key), "cpu.events.op_%s", ops[i]);
        issued += stat(s, key);
        ck_assert_msg(stat(s, key) >= n, "%s: %g issued, %g committed", key, stat(s, key), n);
    }
    /* issued: the first `issued` records, no more than were decoded */
    fetched = stat(s, "cpu.events.fetch");
    ck_assert(issued <= stat(s, "cpu.events.decode"));
    ck_assert(stat(s, "cpu.events.decode") <= fetched);
    ck_assert(fetched > K && fetched <= K + 6 * 2);  /* at most (stages - 1) x width in flight */
    rf_counts(p, (int)issued, rd, wr);
    ck_assert_double_eq(stat(s, "cpu.events.int_rf_read"), rd[0]);
    ck_assert_double_eq(stat(s, "cpu.events.fp_rf_read"), rd[1]);
    for (int j = 0; j < (int)issued; j++)
        muldiv += p[j].op == SIM_OP_MUL ? 1 : p[j].op == SIM_OP_DIV ? 20 : 0;
    ck_assert_double_eq(stat(s, "cpu.fu_busy.muldiv"), muldiv);
    /* a reset there: the rest of the run, the in-flight ones included */
    mid_loads = stat(s, "cpu.committed_ops.load");
    sim_stats_reset(s);
    run_to_exit(s);
    ck_assert_double_eq(stat(s, "cpu.committed"), N - K);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.base"), N - K);
    ck_assert_double_eq(mid_loads + stat(s, "cpu.committed_ops.load"),
                        stat(whole, "cpu.committed_ops.load"));
    ck_assert_double_eq(stat(s, "cpu.events.fetch"), N - fetched);
    sim_close(s);
    sim_close(whole);
    free(p);
}
END_TEST

/* Statistics that cover timing, CPI stack, occupancies, energy events and
 * the predictor: what two runs compare to show they simulated the same. */
static const char *const keys[] = {
    "cpu.cycles", "cpu.committed", "cpu.cpi_stack.base", "cpu.cpi_stack.dependence",
    "cpu.cpi_stack.branch", "cpu.cpi_stack.fu", "cpu.cpi_stack.dcache_mem",
    "cpu.cpi_stack.frontend", "cpu.issue_stalls", "cpu.inflight.mean",
    "cpu.loads_in_flight.mean", "cpu.load_latency_total", "cpu.events.fetch",
    "cpu.events.int_rf_read", "cpu.fu_busy.muldiv", "cpu.bp_mispredicts.total",
};

/* A run of width 1 cut into pieces, at instruction limits or at cycle
 * limits, with the statistics read at every stop, ends with the statistics
 * of the whole run: a stop falls between two cycles and changes nothing
 * that is simulated, whether the pipeline is full, draining or asleep. */
START_TEST(test_inorder_cut_runs_match_whole)
{
    enum { N = 4000 };
    const char *yaml = CORE_MEM(", bpred: bimodal", "9ns");
    sim_inst *p = random_prog(N, 2024);
    sim_t *whole = tsrc_run(yaml, p, N);

    for (int cut = 0; cut < 2; cut++) {
        sim_t *s = tsrc_open(yaml, p, N);
        sim_error err;
        int rc;

        do {
            rc = cut ? sim_run_for(s, SIM_UNTIL_CYCLES, 53, &err)
                     : sim_run_for(s, SIM_UNTIL_INSTS, 37, &err);
            (void)stat(s, "cpu.cycles");
        } while (rc == SIM_RUN_LIMIT);
        ck_assert_int_eq(rc, SIM_RUN_EXITED);
        for (int i = 0; i < SIM_COUNT(keys); i++)
            ck_assert_msg(stat(s, keys[i]) == stat(whole, keys[i]), "%s cut by %s: %g, whole %g",
                          keys[i], cut ? "cycles" : "instructions", stat(s, keys[i]),
                          stat(whole, keys[i]));
        sim_close(s);
    }
    sim_close(whole);
    free(p);
}
END_TEST

/* A pipeline trace records every instruction of its window and changes
 * nothing in the run, whether the window is still to come, open or done
 * (the tick of width 1 takes its straight path only with no trace
 * pending). */
START_TEST(test_inorder_trace_changes_nothing)
{
    enum { N = 4000 };
    static const char *const windows[] = { "1500:1900", "100:" };
    static const int traced[] = { 400, N - 100 };
    sim_inst *p = random_prog(N, 77);
    sim_t *whole = tsrc_run(CORE_MEM(", bpred: bimodal", "9ns"), p, N);

    for (int w = 0; w < SIM_COUNT(windows); w++) {
        char path[512], yaml[1024];
        FILE *f;
        sim_t *s;
        int insts = 0;

        snprintf(path, sizeof(path), "%s/inorder-trace-%d-%d.log", BUILD_DIR, w, (int)getpid());
        snprintf(yaml, sizeof(yaml), CORE_MEM(", bpred: bimodal, pipeview: '%s', "
                                              "pipeview_window: '%s'", "9ns"),
                 path, windows[w]);
        s = tsrc_run(yaml, p, N);
        for (int i = 0; i < SIM_COUNT(keys); i++)
            ck_assert_msg(stat(s, keys[i]) == stat(whole, keys[i]), "%s traced %s: %g, not %g",
                          keys[i], windows[w], stat(s, keys[i]), stat(whole, keys[i]));
        f = fopen(path, "r");
        ck_assert_msg(f != NULL, "no trace %s", path);
        while (fgets(yaml, sizeof(yaml), f))
            insts += yaml[0] == 'I' && yaml[1] == '\t';   /* one per instruction */
        fclose(f);
        ck_assert_int_eq(insts, traced[w]);
        remove(path);
        sim_close(s);
    }
    sim_close(whole);
    free(p);
}
END_TEST

START_TEST(test_inorder_rejects_bad_parameters)
{
    sim_error err;

    ck_assert_ptr_null(tsrc_open_err(CORE(", bpred: gshar"), &err));
    ck_assert_int_eq(err.code, SIM_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.message, "gshar"));
    ck_assert_ptr_nonnull(strstr(err.message, "tage"));
    ck_assert_ptr_null(tsrc_open_err(CORE(", pipeview: x.log, pipeview_window: '9:3'"), &err));
    ck_assert_ptr_nonnull(strstr(err.message, "pipeview_window"));
    ck_assert_ptr_null(tsrc_open_err(CORE(", bp_table: 1000"), &err));
    ck_assert_ptr_nonnull(strstr(err.message, "power of two"));
    ck_assert_ptr_null(tsrc_open_err(CORE(", dcache_levels: [4, 2, 8]"), &err));
    ck_assert_ptr_nonnull(strstr(err.message, "dcache_levels"));
    ck_assert_ptr_null(tsrc_open_err(CORE(", stages: 4"), &err));
}
END_TEST

Suite *inorder_suite(void)
{
    Suite *s = suite_create("inorder");
    TCase *t = tcase_create("inorder");

    tcase_add_test(t, test_inorder_cracked_instruction_counts_once);
    tcase_add_test(t, test_inorder_op_energy_events_by_class);
    tcase_add_test(t, test_inorder_dependent_adds_take_depth);
    tcase_add_test(t, test_inorder_no_forwarding_costs_two_per_dependence);
    tcase_add_test(t, test_inorder_load_use_is_one_bubble);
    tcase_add_test(t, test_inorder_mispredict_costs_branch_stage_minus_one);
    tcase_add_test(t, test_inorder_branch_in_id_waits_for_its_sources);
    tcase_add_test(t, test_inorder_split_group_charges_its_reason);
    tcase_add_test(t, test_inorder_btb_miss_is_redirected_at_decode);
    tcase_add_test(t, test_inorder_width_sustains_ipc);
    tcase_add_test(t, test_inorder_long_ops_follow_the_scoreboard);
    tcase_add_test(t, test_inorder_dcache_miss_blocking_and_not);
    tcase_add_test(t, test_inorder_load_with_two_destinations);
    tcase_add_test(t, test_inorder_icache_miss_per_line);
    tcase_add_test(t, test_inorder_serializing_waits_for_older);
    tcase_add_test(t, test_inorder_commits_every_record);
    tcase_add_test(t, test_inorder_stops_at_instruction_limit);
    tcase_add_test(t, test_inorder_counts_mid_run_by_stage);
    tcase_add_test(t, test_inorder_cut_runs_match_whole);
    tcase_add_test(t, test_inorder_trace_changes_nothing);
    tcase_add_test(t, test_inorder_rejects_bad_parameters);
    suite_add_tcase(s, t);
    return s;
}
