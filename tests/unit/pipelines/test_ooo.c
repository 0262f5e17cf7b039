/* tests/unit/pipelines/test_ooo.c - exact timing of the out-of-order core
 * on hand-made sequences, computed from its rules (pipelines/ooo.c): an
 * instruction that never waits is fetched in cycle f, decoded in f+1,
 * dispatched in f+2, issued in f+3, has its one-cycle result in f+4 and
 * commits in f+5, so N independent adds on a core W wide everywhere take
 * N/W + 5 cycles. The clock is 1 GHz: 1 ns is one cycle. */
#include "tsrc.h"

#define OOO(extra) \
    "clocks: {default: 1GHz}\n" \
    "components:\n" \
    "  src: {type: tsrc}\n" \
    "  cpu: {type: ooo" extra "}\n" \
    "connections: [cpu.insts -> src.insts]\n"

#define OOO_MEM(extra, lat) \
    "clocks: {default: 1GHz}\n" \
    "components:\n" \
    "  src: {type: tsrc}\n" \
    "  cpu: {type: ooo" extra "}\n" \
    "  mem: {type: simple_mem, latency: " lat ", queue: 64}\n" \
    "connections: [cpu.insts -> src.insts, cpu.dcache -> mem.in, cpu.icache -> mem.in]\n"

#define NARROW ", width: 1, decode_width: 1, rename_width: 1, issue_width: 1, commit_width: 1"

START_TEST(test_ooo_independent_adds_sustain_width)
{
    enum { N = 800 };
    sim_inst *p = tsrc_adds(N, false);
    static const char *const cfgs[] = {
        OOO(NARROW),
        OOO(", width: 2, decode_width: 2, rename_width: 2, issue_width: 2, commit_width: 2, "
            "alus: 2"),
        OOO(", alus: 4"),
        OOO(", width: 8, decode_width: 8, rename_width: 8, issue_width: 8, commit_width: 8, "
            "alus: 8"),
    };
    static const int w[] = { 1, 2, 4, 8 };

    for (int i = 0; i < SIM_COUNT(cfgs); i++) {
        sim_t *s = tsrc_run(cfgs[i], p, N);

        ck_assert_msg(stat(s, "cpu.cycles") == N / w[i] + 5, "width %d: %g cycles", w[i],
                      stat(s, "cpu.cycles"));
        ck_assert_double_eq(stat(s, "cpu.cpi_stack.base"), N);
        sim_close(s);
    }
    /* four ALUs feed at most four adds per cycle, whatever the widths */
    ck_assert_double_eq(tsrc_cycles(OOO(", width: 8, decode_width: 8, rename_width: 8, "
                                      "issue_width: 8, commit_width: 8"), p, N), N / 4 + 5);
    free(p);
}
END_TEST

START_TEST(test_ooo_dependent_chain_one_per_cycle)
{
    enum { N = 200 };
    sim_inst *p = tsrc_adds(N, true);
    sim_t *s = tsrc_run(OOO(""), p, N);

    ck_assert_double_eq(stat(s, "cpu.cycles"), N + 5);
    /* the 4-wide commit uses one slot a cycle: the rest wait on the chain,
     * until dispatch (4 a cycle) has filled the 64-entry issue queue: from
     * then on they are charged to the full queue */
    ck_assert(stat(s, "cpu.cpi_stack.dependence") > 3.0 * 20);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.dependence") + stat(s, "cpu.cpi_stack.iq_full"),
                        3.0 * N - 3);
    ck_assert(stat(s, "cpu.dispatch_stalls.iq_full") > 0);
    sim_close(s);
    /* a three-cycle multiply chain: one every three cycles */
    for (int i = 0; i < N; i++)
        p[i].op = SIM_OP_MUL;
    ck_assert_double_eq(tsrc_cycles(OOO(""), p, N), 3 * N + 5);
    free(p);
}
END_TEST

START_TEST(test_ooo_long_miss_fills_rob)
{
    enum { M = 100 };
    sim_inst p[M + 1];
    const char *yaml =
        "clocks: {default: 1GHz}\n"
        "components:\n"
        "  src: {type: tsrc}\n"
        "  cpu: {type: ooo, rob: 32, iq: 32, alus: 4}\n"
        "  mem: {type: simple_mem, latency: 200ns, queue: 64}\n"
        "connections: [cpu.insts -> src.insts, cpu.dcache -> mem.in]\n";
    sim_t *s;

    p[0] = mk_load(0x1000, 1, 2, 0x8000);
    for (int i = 1; i <= M; i++)
        p[i] = mk(0x1000 + 4 * i, SIM_OP_INT, 3 + i % 8, 9, 9);
    s = tsrc_run(yaml, p, M + 1);
    /* the load: dispatched 2, issued 3, address 4, data 204, commit 205.
     * Dispatch fills the 32 ROB entries in cycles 2-9 and waits from 10 to
     * 204; from 205 commit drains 4 a cycle: 101 instructions, 26 cycles,
     * the last at 230. */
    ck_assert_double_eq(stat(s, "cpu.cycles"), 231);
    ck_assert_double_eq(stat(s, "cpu.dispatch_stalls.rob_full"), 195);
    ck_assert_double_eq(stat(s, "cpu.rob_occupancy.max"), 32);
    /* commit waits on the load from 5 to 204: memory in the CPI stack */
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.dcache_mem"), 4 * 200);
    ck_assert_double_eq(stat(s, "cpu.load_latency"), 200000);
    sim_close(s);
}
END_TEST

static sim_inst *branch_prog(bool taken)
{
    sim_inst *p = prog_new(11);
    uint64_t next = taken ? 0x2000 : 0x1004;

    p[0] = mk_branch(0x1000, 5, taken, 0x2000);
    for (int i = 0; i < 10; i++)
        p[1 + i] = mk(next + 4 * i, SIM_OP_INT, 1 + i % 4, 6, 7);
    return p;
}

START_TEST(test_ooo_mispredict_waits_for_resolution_and_redirect)
{
    sim_inst *t = branch_prog(true), *nt = branch_prog(false);
    static const char *const cfgs[] = {
        OOO(NARROW ", bpred: static, bp_static: not_taken, redirect_penalty: 0"),
        OOO(NARROW ", bpred: static, bp_static: not_taken"),
        OOO(NARROW ", bpred: static, bp_static: not_taken, redirect_penalty: 5"),
        OOO(NARROW ", bpred: static, bp_static: not_taken, decode_latency: 3"),
    };
    /* the branch executes 4 cycles after its fetch (2 more decoding), the
     * correct path follows redirect_penalty cycles later */
    static const int extra[] = { 3, 4, 8, 6 };

    for (int i = 0; i < SIM_COUNT(cfgs); i++) {
        double base = tsrc_cycles(cfgs[i], nt, 11);
        sim_t *s = tsrc_run(cfgs[i], t, 11);

        ck_assert_msg(stat(s, "cpu.cycles") == base + extra[i], "config %d: %g vs %g + %d",
                      i, stat(s, "cpu.cycles"), base, extra[i]);
        ck_assert_double_eq(stat(s, "cpu.cpi_stack.branch"), extra[i]);
        ck_assert_double_eq(stat(s, "cpu.bp_mispredicts.total"), 1);
        sim_close(s);
    }
    free(t);
    free(nt);
}
END_TEST

/* I-cache misses on straight-line code: each line comes 20 cycles after
 * it is asked for. */
START_TEST(test_ooo_icache_wait_in_cpi_stack)
{
    enum { M = 32 };
    const char *yaml =
        "clocks: {default: 1GHz}\n"
        "components:\n"
        "  src: {type: tsrc}\n"
        "  cpu: {type: ooo, fetch_ahead: false}\n"
        "  mem: {type: simple_mem, latency: 20ns, queue: 4}\n"
        "connections: [cpu.insts -> src.insts, cpu.icache -> mem.in]\n";
    sim_inst *p = tsrc_adds(M, false);
    sim_t *s = tsrc_run(yaml, p, M);

    /* fetch takes the records of the first line in 0-3 and of the second
     * in 4-7 (it asks for that line in 4), decode waits for them until 20
     * and 24: the adds commit 4 a cycle from 24. Commit finds nothing
     * fetched in 0 (the front end); in 1-19 the oldest record waits in
     * decode for its line, and in 20-23 it passes through: the I-cache. */
    ck_assert_double_eq(stat(s, "cpu.cycles"), 24 + M / 4);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.icache"), 4 * 23);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.frontend"), 4);
    sim_close(s);
    free(p);
}
END_TEST

/* A mispredicted branch, then independent adds that decode, 2 a cycle,
 * cannot deliver as fast as the 4-wide commit takes them. Fetch runs again
 * after the redirect: from then on the slots lost are the front end's, not
 * the branch's. */
START_TEST(test_ooo_branch_slots_end_with_the_refill)
{
    enum { M = 40 };
    sim_inst p[M + 1];
    sim_t *s;

    p[0] = mk_branch(0x1000, 5, true, 0x2000);
    for (int i = 1; i <= M; i++)
        p[i] = mk(0x2000 + 4 * (uint64_t)i, SIM_OP_INT, 1 + i % 8, 10, 11);
    s = tsrc_run(OOO(", decode_width: 2, bpred: static, bp_static: not_taken"), p, M + 1);
    /* the branch: fetched 0, result 4, commit 5; the adds fetched from 5,
     * decoded 2 a cycle from 6: adds 2k - 1 and 2k commit in 9 + k. Lost
     * slots: in 0-4 the pipeline filling (20); 3 in 5 (commit comes before
     * fetch in a cycle: fetch still waits for the redirect) and all 4 in
     * 6-9 (add 1, the first fetched after the redirect, is on its way) the
     * misprediction's; 2 in each of 10-29 the front end's (decode). */
    ck_assert_double_eq(stat(s, "cpu.cycles"), 10 + M / 2);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.branch"), 3 + 4 * 4);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.frontend"), 20 + 2 * M / 2);
    sim_close(s);
}
END_TEST

/* A mispredicted branch, then stores to a memory that takes one write at a
 * time (20 cycles each), through a 4-entry store queue. The misprediction
 * costs its 4 slots, the redirect and the refill, no more: once the queue
 * is full of committed stores waiting for the memory, the ROB runs empty
 * while dispatch waits for an entry, and those slots, like the refill
 * after each store that gets one, are the store queue's - not the
 * branch's, which is long resolved. */
START_TEST(test_ooo_full_store_queue_after_mispredict)
{
    enum { N = 40 };
    const char *yaml =
        "clocks: {default: 1GHz}\n"
        "components:\n"
        "  src: {type: tsrc}\n"
        "  cpu: {type: ooo" NARROW ", sq: 4, bpred: static, bp_static: not_taken}\n"
        "  mem: {type: simple_mem, latency: 20ns, queue: 1}\n"
        "connections: [cpu.insts -> src.insts, cpu.dcache -> mem.in]\n";
    sim_inst p[N + 1];
    sim_t *s;

    p[0] = mk_branch(0x1000, 5, true, 0x2000);
    for (int i = 1; i <= N; i++)
        p[i] = mk_store(0x2000 + 4 * (uint64_t)i, 6, 7, 0x10000 + 64 * (uint64_t)i);
    s = tsrc_run(yaml, p, N + 1);
    /* the branch commits in 5, store k (fetched 4 + k) in 9 + k while the
     * queue has room: stores 1-5 in 10-14. Store 1 is written in 10, store
     * k in 20k - 10 (one write at a time); store k > 5 gets its entry when
     * store k - 4 is written, dispatches then and commits 3 cycles later,
     * in 20k - 87. The last write is answered in 20N + 10. */
    ck_assert_double_eq(stat(s, "cpu.cycles"), 20 * N + 11);
    ck_assert_double_eq(stat(s, "cpu.bp_mispredicts.total"), 1);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.base"), N + 1);
    /* 6-9: the redirect and the refill */
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.branch"), 4);
    /* 15 to 20N - 87 but for the N - 5 commits in it */
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.sq_full"), 19 * N - 96);
    ck_assert_double_eq(stat(s, "cpu.dispatch_stalls.sq_full"), 19 * N - 96);
    /* 0-4 (the pipeline fills) and after the last commit (the queue drains) */
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.frontend"), 5 + 97);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.dependence"), 0);
    sim_close(s);
}
END_TEST

START_TEST(test_ooo_store_forwards_to_load)
{
    sim_inst p[3] = { mk_store(0x1000, 2, 3, 0x8000), mk_load(0x1004, 4, 2, 0x8000),
                      mk(0x1008, SIM_OP_INT, 5, 4, 4) };
    sim_inst q[4] = { mk(0x1000, SIM_OP_DIV, 20, 21, 22), mk_store(0x1004, 2, 3, 0x8000),
                      mk_load(0x1008, 4, 2, 0x8000), mk(0x100c, SIM_OP_INT, 5, 4, 4) };
    sim_t *s = tsrc_run(OOO(NARROW), p, 3);
    double c;

    /* store address at 4, load access at 5, data at 6, consumer at 6 */
    ck_assert_double_eq(stat(s, "cpu.cycles"), 9);
    ck_assert_double_eq(stat(s, "cpu.stl_forwards"), 1);
    ck_assert_double_eq(stat(s, "cpu.mem_order_violations"), 0);
    sim_close(s);
    ck_assert_double_eq(tsrc_cycles(OOO(NARROW ", stlf_latency: 5"), p, 3), 9 + 4);
    /* a load wider than the store waits until the store is written, which
     * is after the older divide commits */
    s = tsrc_run(OOO(NARROW), q, 4);
    c = stat(s, "cpu.cycles");
    ck_assert_double_eq(stat(s, "cpu.stl_forwards"), 1);
    sim_close(s);
    q[2].mem_size = 16;
    s = tsrc_run(OOO(NARROW), q, 4);
    ck_assert_double_eq(stat(s, "cpu.stl_forwards"), 0);
    ck_assert_double_eq(stat(s, "cpu.partial_forward_waits"), 1);
    ck_assert(stat(s, "cpu.cycles") > c);
    sim_close(s);
}
END_TEST

/* n iterations of: div x5; store [x5]; load from that address; add; jump
 * back. The store's address waits for the divide, the load does not. */
static sim_inst *violation_prog(int iters, int *n)
{
    sim_inst *p = prog_new(iters * 5);
    int k = 0;

    for (int i = 0; i < iters; i++) {
        p[k++] = mk(0x1000, SIM_OP_DIV, 5, 6, 7);
        p[k++] = mk_store(0x1004, 5, 8, 0x9000);
        p[k++] = mk_load(0x1008, 9, 10, 0x9000);
        p[k++] = mk(0x100c, SIM_OP_INT, 11, 9, 9);
        p[k] = mk(0x1010, SIM_OP_JUMP, -1, -1, -1);
        p[k].branch = SIM_BR_JUMP;
        p[k].taken = 1;
        p[k++].target = 0x1000;
    }
    *n = k;
    return p;
}

START_TEST(test_ooo_memory_order_violation_and_store_sets)
{
    int n;
    sim_inst *p = violation_prog(6, &n);
    sim_t *s = tsrc_run(OOO(""), p, n);

    /* the first load goes early and is squashed; the store set then holds
     * every later instance back, and they take the data from their store.
     * The squashed load itself, fetched again, finds its store written. */
    ck_assert_double_eq(stat(s, "cpu.mem_order_violations"), 1);
    ck_assert(stat(s, "cpu.squashed") >= 2);
    ck_assert(stat(s, "cpu.mem_dep_waits") >= 5);
    ck_assert_double_eq(stat(s, "cpu.stl_forwards"), 5);
    sim_close(s);
    /* conservative ordering never speculates */
    s = tsrc_run(OOO(", mem_dep: conservative"), p, n);
    ck_assert_double_eq(stat(s, "cpu.mem_order_violations"), 0);
    ck_assert_double_eq(stat(s, "cpu.squashed"), 0);
    ck_assert_double_eq(stat(s, "cpu.stl_forwards"), 6);
    sim_close(s);
    free(p);
}
END_TEST

START_TEST(test_ooo_serializing_drains_the_rob)
{
    enum { N = 40 };
    sim_inst *p = tsrc_adds(N, false);
    double base = tsrc_cycles(OOO(NARROW), p, N);

    /* a serializing op in the middle: everything older commits first and
     * nothing younger is dispatched before it commits, so it costs the
     * ROB drain before it (2 cycles) and its own dispatch-to-commit time
     * after it (2 more) */
    p[20].op = SIM_OP_CSR;
    p[20].flags = SIM_INST_SERIAL;
    ck_assert_double_eq(tsrc_cycles(OOO(NARROW), p, N), base + 4);
    free(p);
}
END_TEST

START_TEST(test_ooo_structures_limit_dispatch)
{
    enum { N = 64 };
    sim_inst p[N];
    sim_t *s;

    /* 64 loads to one slow memory: at most lq of them in flight */
    for (int i = 0; i < N; i++)
        p[i] = mk_load(0x1000 + 4 * i, 1 + i % 20, 30, 0x10000 + 64 * i);
    s = tsrc_run(OOO_MEM(", lq: 8", "50ns"), p, N);
    ck_assert(stat(s, "cpu.dispatch_stalls.lq_full") > 0);
    ck_assert_double_eq(stat(s, "cpu.lq_occupancy.max"), 8);
    sim_close(s);
    /* few physical registers: renaming stalls */
    s = tsrc_run(OOO_MEM(", int_regs: 40", "50ns"), p, N);
    ck_assert(stat(s, "cpu.dispatch_stalls.regs_full") > 0);
    sim_close(s);
}
END_TEST

static sim_inst *random_prog(int n, uint64_t seed)
{
    sim_inst *p = prog_new(n);
    uint64_t pc = 0x10000, x = seed;

    for (int i = 0; i < n; i++) {
        int k, d, a, b;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        k = (int)(x % 18);
        d = 1 + (int)((x >> 8) % 31);
        a = 1 + (int)((x >> 16) % 31);
        b = 1 + (int)((x >> 24) % 31);
        switch (k) {
        case 0: case 1: case 2:
            p[i] = mk_load(pc, d, a, 0x100000 + ((x >> 32) % 64) * 8);
            break;
        case 3: case 4:
            p[i] = mk_store(pc, a, b, 0x100000 + ((x >> 32) % 64) * 8);
            break;
        case 5:
            p[i] = mk(pc, SIM_OP_MUL, d, a, b);
            break;
        case 6:
            p[i] = mk(pc, (x >> 40) & 1 ? SIM_OP_DIV : SIM_OP_FDIV, d, a, b);
            break;
        case 7:
            p[i] = mk(pc, SIM_OP_FMA, 32 + d, 32 + a, 32 + b);
            break;
        case 8: case 9:
            p[i] = mk_branch(pc, a, (x >> 44) & 1, 0x10000 + ((x >> 20) % 1024) * 4);
            break;
        case 10:
            p[i] = mk(pc, SIM_OP_CSR, d, a, -1);
            p[i].flags = (x >> 50) % 8 == 0 ? SIM_INST_SERIAL : 0;
            break;
        default:
            p[i] = mk(pc, SIM_OP_INT, d, a, b);
            break;
        }
        pc = p[i].branch && p[i].taken ? p[i].target : pc + 4;
    }
    return p;
}

START_TEST(test_ooo_commits_every_record)
{
    enum { N = 5000 };
    sim_inst *p = random_prog(N, 777);
    static const char *const cfgs[] = {
        OOO(""),
        OOO(", mem_dep: conservative, bpred: gshare"),
        OOO(NARROW ", bpred: tournament"),
        OOO_MEM(", rob: 64, iq: 16, lq: 8, sq: 8, int_regs: 48, fp_regs: 40", "20ns"),
        OOO_MEM(", mem_mode: lt, fp_iq: 16, bpred: bimodal", "5ns"),
        OOO_MEM(", decode_latency: 4, redirect_penalty: 3, fetch_ahead: false", "3ns"),
    };

    for (int i = 0; i < SIM_COUNT(cfgs); i++) {
        sim_t *s = tsrc_run(cfgs[i], p, N);

        ck_assert_double_eq(stat(s, "cpu.bp_branches.total"),
                            stat(s, "cpu.committed_ops.branch"));
        ck_assert(stat(s, "cpu.stores") == stat(s, "cpu.committed_ops.store"));
        sim_close(s);
    }
    free(p);
}
END_TEST

/* Squashes while loads are out in an approximately-timed memory: the
 * responses of squashed loads must find nothing to complete (a load
 * fetched again has the same sequence number but a new tag). */
START_TEST(test_ooo_squash_with_loads_in_flight)
{
    enum { N = 4000 };
    double violations = 0;

    for (uint64_t seed = 1; seed <= 6; seed++) {
        sim_inst *p = random_prog(N, seed * 7919);
        sim_t *s = tsrc_run(OOO_MEM(", lq: 16, sq: 16", "9ns"), p, N);

        violations += stat(s, "cpu.mem_order_violations");
        /* squashed loads executed too */
        ck_assert(stat(s, "cpu.loads") >= stat(s, "cpu.committed_ops.load"));
        sim_close(s);
        free(p);
    }
    ck_assert(violations > 0);
}
END_TEST

/* The largest window the parameters allow: a 1024-entry ROB, a 1024-entry
 * fetch queue and 16 x 32 decoded records share one ring of 4096 slots,
 * whose index the load requests carry in 12 bits. Independent loads keep
 * the memory busy across the whole ring while it wraps twice; every load
 * must find its own entry when its data comes, approximately-timed (a
 * response) and loosely-timed (a latency past the completion wheel, brought
 * back by an event). A response matched to the wrong slot leaves a load
 * waiting for ever, and the run never ends. */
#define BIG_WINDOW(mode, lat) \
    "clocks: {default: 1GHz}\n" \
    "components:\n" \
    "  src: {type: tsrc}\n" \
    "  cpu: {type: ooo, width: 16, decode_width: 16, rename_width: 16, issue_width: 16, " \
    "commit_width: 16, decode_latency: 32, fetch_queue: 1024, rob: 1024, iq: 1024, " \
    "lq: 512, sq: 512, int_regs: 4096, alus: 16, load_ports: 16, mem_mode: " mode "}\n" \
    "  mem: {type: simple_mem, latency: " lat ", queue: 4096}\n" \
    "connections: [cpu.insts -> src.insts, cpu.dcache -> mem.in]\n"

START_TEST(test_ooo_largest_window_matches_every_load)
{
    enum { N = 10000 };
    static const char *const cfgs[] = { BIG_WINDOW("at", "300ns"), BIG_WINDOW("lt", "1500ns") };
    static const double lat[] = { 300000, 1500000 };
    sim_inst *p = prog_new(N);

    /* x0 as the base and the source: nothing depends on anything */
    for (int i = 0; i < N; i++)
        p[i] = i % 4 ? mk(0x1000 + 4 * (uint64_t)i, SIM_OP_INT, 1 + i % 31, 0, -1)
                     : mk_load(0x1000 + 4 * (uint64_t)i, 1 + i % 31, 0, 0x100000 + 64 * (uint64_t)i);
    for (int k = 0; k < SIM_COUNT(cfgs); k++) {
        sim_t *s = tsrc_run(cfgs[k], p, N);

        ck_assert_double_eq(stat(s, "cpu.loads"), N / 4);
        ck_assert_double_eq(stat(s, "cpu.load_latency"), lat[k]);
        ck_assert(stat(s, "cpu.rob_occupancy.max") > 1000);
        sim_close(s);
    }
    free(p);
}
END_TEST

/* n pairs of: add x1 = x1 + x2; a not-taken branch on x1. Every branch
 * waits for its add, and the adds are a chain: one result per cycle. */
static sim_inst *branch_chain(int n)
{
    sim_inst *p = prog_new(2 * n);

    for (int k = 0; k < n; k++) {
        p[2 * k] = mk(0x1000 + 8 * (uint64_t)k, SIM_OP_INT, 1, 1, 2);
        p[2 * k + 1] = mk_branch(0x1004 + 8 * (uint64_t)k, 1, false, 0x800);
    }
    return p;
}

#define BR_STATIC ", bpred: static, bp_static: not_taken"

START_TEST(test_ooo_branch_checkpoints_stall_dispatch)
{
    enum { N = 8 };
    sim_inst *p = branch_chain(N);
    sim_t *s;

    /* no limit: add k issues in 3 + k (the chain), branch k in 4 + k, its
     * result in 5 + k; the last commits in N + 4 + 1 */
    s = tsrc_run(OOO(BR_STATIC), p, 2 * N);
    ck_assert_double_eq(stat(s, "cpu.cycles"), N + 6);
    ck_assert_double_eq(stat(s, "cpu.dispatch_stalls.branches_full"), 0);
    sim_close(s);
    /* one checkpoint: everything fetched in cycles 0-1 is decoded and may
     * dispatch from cycle 2; branch 0 takes it (dispatched 2, result 5:
     * its add's result is there in 4). Branch 1 waits in 2, 3, 4 and goes
     * in 5, the cycle branch 0's result frees the checkpoint; add 2 goes
     * with it. From then on branch k dispatches in 2k + 3 (branch k - 1's
     * result), issues in 2k + 4 (its add, dispatched with branch k - 1,
     * has its result then), has its result in 2k + 5 and waits in 2k + 1
     * and 2k + 2. The last branch's result comes in 2N + 3: commit in
     * 2N + 4, 2N + 5 cycles. */
    s = tsrc_run(OOO(BR_STATIC ", max_branches: 1"), p, 2 * N);
    ck_assert_double_eq(stat(s, "cpu.cycles"), 2 * N + 5);
    ck_assert_double_eq(stat(s, "cpu.dispatch_stalls.branches_full"), 3 + 2 * (N - 2));
    ck_assert_double_eq(stat(s, "cpu.dispatched"), 2 * N);
    sim_close(s);
    /* two: branches 0 and 1 go in 2 (results 5 and 6), branch 2 waits in
     * 3 and 4 and goes in 5, branch k > 2 waits in k + 2 and goes in k + 3
     * with its result in k + 5, as without a limit: a branch holds its
     * checkpoint two cycles and the chain resolves one a cycle, so two are
     * just enough. Same cycles, N - 1 stalled dispatch cycles. */
    s = tsrc_run(OOO(BR_STATIC ", max_branches: 2"), p, 2 * N);
    ck_assert_double_eq(stat(s, "cpu.cycles"), N + 6);
    ck_assert_double_eq(stat(s, "cpu.dispatch_stalls.branches_full"), N - 1);
    sim_close(s);
    /* three: dispatch runs further ahead of the chain (branch 3 waits in 3
     * and 4, goes in 5), then each later branch waits one cycle: N - 2 in
     * all, same cycles; with N checkpoints, none waits */
    s = tsrc_run(OOO(BR_STATIC ", max_branches: 3"), p, 2 * N);
    ck_assert_double_eq(stat(s, "cpu.cycles"), N + 6);
    ck_assert_double_eq(stat(s, "cpu.dispatch_stalls.branches_full"), N - 2);
    sim_close(s);
    s = tsrc_run(OOO(BR_STATIC ", max_branches: 8"), p, 2 * N);     /* 8: N */
    ck_assert_double_eq(stat(s, "cpu.cycles"), N + 6);
    ck_assert_double_eq(stat(s, "cpu.dispatch_stalls.branches_full"), 0);
    sim_close(s);
    free(p);
}
END_TEST

/* iters times: a 3-cycle multiply chain on x1; a direct call to 0x2000;
 * there, a control transfer of kind `kind` that reads x1, taken back to
 * 0x1008; a direct jump to the top. After the first iteration the BTB and
 * the RAS predict all of them, and fetch runs ahead of the chain. */
static sim_inst *transfer_loop(int iters, int kind, int *n)
{
    sim_inst *p = prog_new(4 * iters);
    int k = 0;

    for (int i = 0; i < iters; i++) {
        p[k++] = mk(0x1000, SIM_OP_MUL, 1, 1, 2);
        p[k] = mk(0x1004, SIM_OP_JUMP, -1, -1, -1);
        p[k].branch = SIM_BR_CALL;
        p[k].taken = 1;
        p[k++].target = 0x2000;
        p[k] = mk(0x2000, SIM_OP_JUMP, -1, 1, -1);
        p[k].branch = (uint8_t)kind;
        p[k].taken = 1;
        p[k++].target = 0x1008;
        p[k] = mk(0x1008, SIM_OP_JUMP, -1, -1, -1);
        p[k].branch = SIM_BR_JUMP;
        p[k].taken = 1;
        p[k++].target = 0x1000;
    }
    *n = k;
    return p;
}

START_TEST(test_ooo_direct_jumps_take_no_checkpoint)
{
    static const uint8_t kinds[] = { SIM_BR_JUMP, SIM_BR_CALL, SIM_BR_INDIRECT,
                                     SIM_BR_CALL_INDIRECT, SIM_BR_RETURN };
    double waits = -1;

    for (int i = 0; i < SIM_COUNT(kinds); i++) {
        int n;
        sim_inst *p = transfer_loop(30, kinds[i], &n);
        sim_t *s = tsrc_run(OOO(", max_branches: 1"), p, n);
        double w = stat(s, "cpu.dispatch_stalls.branches_full");

        /* direct jumps and calls never wait for a checkpoint: the run is
         * the one without a limit; an indirect jump, an indirect call or a
         * return waits in nearly every iteration for the previous one,
         * the same cycles whatever its kind */
        if (kinds[i] == SIM_BR_JUMP || kinds[i] == SIM_BR_CALL) {
            ck_assert_double_eq(w, 0);
            ck_assert_double_eq(stat(s, "cpu.cycles"), tsrc_cycles(OOO(""), p, n));
        } else {
            ck_assert_msg(w > 20, "kind %d: %g", kinds[i], w);
            ck_assert_msg(waits < 0 || w == waits, "kind %d: %g vs %g", kinds[i], w, waits);
            waits = w;
        }
        ck_assert(stat(s, "cpu.bp_mispredicts.total") <= 1);
        sim_close(s);
        free(p);
    }
}
END_TEST

/* A chain of dependent multiplies: the ROB head waits for its operand or
 * its result, so the lost commit slots are the chain's (dependence), not
 * the issue queue's that fills behind it: a bigger queue changes nothing.
 * (They went to iq_full: 10.97 of 12 slots per multiply.) */
START_TEST(test_ooo_dependence_chain_is_dependence)
{
    enum { N = 400 };
    sim_inst *p = prog_new(N);

    for (int i = 0; i < N; i++)
        p[i] = mk(0x1000 + 4 * (uint64_t)i, SIM_OP_MUL, 1, 1, 2);
    for (int big = 0; big < 2; big++) {
        sim_t *s = tsrc_run(big ? OOO(", iq: 192") : OOO(""), p, N);
        double lost = stat(s, "cpu.cpi_stack.total") - stat(s, "cpu.cpi_stack.base");

        ck_assert_msg(stat(s, "cpu.cpi_stack.dependence") >= 0.95 * lost, "iq %s: "
                      "dependence %g of %g", big ? "192" : "64",
                      stat(s, "cpu.cpi_stack.dependence"), lost);
        ck_assert_double_eq(stat(s, "cpu.cpi_stack.iq_full"), 0);
        ck_assert_double_eq(stat(s, "cpu.cpi_stack.regs_full"), 0);
        sim_close(s);
    }
    free(p);
}
END_TEST

/* Read in the middle of a load's miss (a cycle limit), the slots waiting
 * for it are dcache_in_flight, so the stack adds up to cycles x width; at
 * the end they have their level and dcache_in_flight is 0. (They were
 * missing: 39 660 of 40 000 slots on riscv-ooo stopped at 10 000 cycles.) */
START_TEST(test_ooo_cpi_stack_adds_up_mid_miss)
{
    sim_inst p[8];
    sim_t *s;
    sim_error err;

    p[0] = mk_load(0x1000, 1, 2, 0x8000);
    for (int i = 1; i < 8; i++)
        p[i] = mk(0x1000 + 4 * (uint64_t)i, SIM_OP_INT, 3, 1, 3);
    s = tsrc_open(OOO_MEM("", "200ns"), p, 8);
    ck_assert_int_ge(sim_run_for(s, SIM_UNTIL_CYCLES, 300, &err), 0);   /* fetch: 200 */
    ck_assert_double_gt(stat(s, "cpu.cpi_stack.dcache_in_flight"), 0);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.total"),
                        stat(s, "cpu.cycles") * stat(s, "cpu.width"));
    run_to_exit(s);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.dcache_in_flight"), 0);
    ck_assert_double_gt(stat(s, "cpu.cpi_stack.dcache_mem"), 0);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.total"),
                        stat(s, "cpu.cycles") * stat(s, "cpu.width"));
    sim_close(s);
}
END_TEST

/* Each op issued is an energy event of its class (tsrc.h). */
START_TEST(test_ooo_op_energy_events_by_class)
{
    tsrc_check_op_energy_events(OOO(""));
}
END_TEST

/* A cracked instruction counts once in committed_ops (tsrc.h). */
START_TEST(test_ooo_cracked_instruction_counts_once)
{
    tsrc_check_cracked_counts_once(OOO(""));
}
END_TEST

START_TEST(test_ooo_branch_checkpoint_stall_in_cpi_stack)
{
    enum { N = 8 };
    sim_inst *p = branch_chain(N);
    sim_t *s;

    /* no limit: no such slots, and none for branches (every one is predicted) */
    s = tsrc_run(OOO(BR_STATIC), p, 2 * N);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.branches_full"), 0);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.branch"), 0);
    sim_close(s);
    /* one checkpoint: dispatch waits for it in cycles 2 to 2N (see above),
     * and the commit slots lost in the cycle after each, 3 to 2N + 1, go to
     * it: 4 in 3 and 4, then 2 (branch k - 1 and add k commit in 2k + 4)
     * and 4 (nothing has its result) in turn; and so do the last branch's,
     * which dispatched in 2N + 1 after its wait and only passes through: 2
     * in 2N + 2, 4 in 2N + 3. But not the 3 of cycle 5, where add 0
     * commits and branch 0, the head, waits for its result: the chain's,
     * as they are without a limit (dependence) */
    s = tsrc_run(OOO(BR_STATIC ", max_branches: 1"), p, 2 * N);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.branches_full"), 4 + 4 + (2 + 4) * (N - 1));
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.branch"), 0);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.base"), 2 * N);
    sim_close(s);
    free(p);
}
END_TEST

/* Only a load, far away, can end the wait: the core sleeps through it, its
 * dispatch still held by the branch waiting for the load, and wakes when
 * the data comes. */
START_TEST(test_ooo_branch_checkpoint_wait_sleeps_and_wakes)
{
    const char *yaml =
        "clocks: {default: 1GHz}\n"
        "components:\n"
        "  src: {type: tsrc}\n"
        "  cpu: {type: ooo, max_branches: 1" BR_STATIC "}\n"
        "  mem: {type: simple_mem, latency: 100ns, queue: 64}\n"
        "connections: [cpu.insts -> src.insts, cpu.dcache -> mem.in]\n";
    sim_inst p[4] = { mk_load(0x1000, 1, 2, 0x8000), mk_branch(0x1004, 1, false, 0x800),
                      mk_branch(0x1008, 3, false, 0x800), mk(0x100c, SIM_OP_INT, 4, 5, 5) };
    sim_t *s = tsrc_run(yaml, p, 4);

    /* the load: dispatched 2, address 4, data 104; the first branch issues
     * in 104 and has its result in 105, when the second, waiting since 2,
     * dispatches: issued 106, result 107, commit 108 */
    ck_assert_double_eq(stat(s, "cpu.cycles"), 109);
    ck_assert_double_eq(stat(s, "cpu.dispatch_stalls.branches_full"), 105 - 2);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.dcache_mem"), 4 * 100);
    sim_close(s);
}
END_TEST

/* The statistics of a run without a limit (0) are those of a limit that
 * cannot bind (as many checkpoints as ROB entries): counting the branches
 * in flight changes nothing else. Small limits on mixed code with squashes
 * commit every record (a squashed branch gives its checkpoint back). */
START_TEST(test_ooo_branch_limit_zero_is_no_limit)
{
    enum { N = 5000 };
    sim_inst *p = random_prog(N, 4242);
    static const char *const cfgs[] = {
        OOO(""),
        OOO_MEM(", rob: 64, iq: 16, lq: 8, sq: 8, int_regs: 48, fp_regs: 40", "20ns"),
    };
    static const char *const lims[] = { ", max_branches: 1024", ", max_branches: 64" };

    for (int i = 0; i < SIM_COUNT(cfgs); i++) {
        sim_t *a = tsrc_run(cfgs[i], p, N);
        char yaml[1024];
        sim_t *b;
        const char *c = strstr(cfgs[i], "type: ooo") + strlen("type: ooo");

        snprintf(yaml, sizeof(yaml), "%.*s%s%s", (int)(c - cfgs[i]), cfgs[i], lims[i], c);
        b = tsrc_run(yaml, p, N);
        ck_assert_int_eq(sim_stats_count(a), sim_stats_count(b));
        for (int k = 0; k < sim_stats_count(a); k++) {
            const char *name = sim_stats_name(a, k);

            if (strncmp(name, "cpu.", 4) != 0)
                continue;
            ck_assert_str_eq(name, sim_stats_name(b, k));
            ck_assert_msg(sim_stats_value(a, k) == sim_stats_value(b, k) ||
                          sim_stats_value(a, k) != sim_stats_value(a, k),
                          "%s: %g vs %g", name, sim_stats_value(a, k), sim_stats_value(b, k));
        }
        ck_assert(stat(a, "cpu.squashed") > 0);
        sim_close(a);
        sim_close(b);
    }
    for (int m = 1; m <= 2; m++) {
        char yaml[512];
        sim_t *s;

        snprintf(yaml, sizeof(yaml), OOO(", max_branches: %d"), m);
        s = tsrc_run(yaml, p, N);
        ck_assert(stat(s, "cpu.dispatch_stalls.branches_full") > 0);
        sim_close(s);
    }
    free(p);
}
END_TEST

START_TEST(test_ooo_counts_and_prices_energy_events)
{
    int n;
    sim_inst *p = violation_prog(40, &n);
    sim_t *s = tsrc_run(OOO(""), p, n);
    char *txt;
    sim_error err;

    /* one ROB write and one rename per dispatch, one read per commit, a rename-table read
     * per renamed source, a BTB lookup per jump */
    ck_assert_double_eq(stat(s, "cpu.events.rob_write"), stat(s, "cpu.dispatched"));
    ck_assert_double_eq(stat(s, "cpu.events.rename"), stat(s, "cpu.dispatched"));
    ck_assert(stat(s, "cpu.energy.rename") > 0);
    ck_assert_double_eq(stat(s, "cpu.events.rob_read"), n);
    ck_assert(stat(s, "cpu.events.rename_read") > n);
    ck_assert(stat(s, "cpu.events.iq_wakeup") > 0);
    ck_assert_double_eq(stat(s, "cpu.events.btb_read"), 40);
    /* the energy model priced them from the technology */
    ck_assert_int_eq(sim_energy_format(s, SIM_ENERGY_EVENTS, &txt, &err), 0);
    ck_assert_ptr_nonnull(strstr(txt, "rob_write"));
    ck_assert_ptr_nonnull(strstr(txt, "int_rf_read"));
    sim_free(txt);
    ck_assert(stat(s, "cpu.energy.dynamic") > 0);
    sim_close(s);
    free(p);
}
END_TEST

START_TEST(test_ooo_stops_at_instruction_limit)
{
    enum { N = 2000 };
    sim_inst *p = random_prog(N, 5);
    sim_t *s = tsrc_open(OOO(""), p, N);
    sim_error err;

    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 777, &err), SIM_RUN_LIMIT);
    ck_assert_double_eq(stat(s, "cpu.committed"), 777);
    run_to_exit(s);
    ck_assert_double_eq(stat(s, "cpu.committed"), N);
    sim_close(s);
    free(p);
}
END_TEST

START_TEST(test_ooo_rejects_bad_parameters)
{
    sim_error err;

    ck_assert_ptr_null(tsrc_open_err(OOO(", rob: 16, iq: 32"), &err));
    ck_assert_ptr_nonnull(strstr(err.message, "iq"));
    ck_assert_ptr_null(tsrc_open_err(OOO(", ssit: 1000"), &err));
    ck_assert_ptr_nonnull(strstr(err.message, "ssit"));
    ck_assert_ptr_null(tsrc_open_err(OOO(", mem_dep: oracle"), &err));
    ck_assert_ptr_null(tsrc_open_err(OOO(", tage_size: 1000"), &err));
    ck_assert_ptr_nonnull(strstr(err.message, "tage_size"));
}
END_TEST

Suite *ooo_suite(void)
{
    Suite *s = suite_create("ooo");
    TCase *t = tcase_create("ooo");

    tcase_add_test(t, test_ooo_cracked_instruction_counts_once);
    tcase_add_test(t, test_ooo_op_energy_events_by_class);
    tcase_add_test(t, test_ooo_independent_adds_sustain_width);
    tcase_add_test(t, test_ooo_dependent_chain_one_per_cycle);
    tcase_add_test(t, test_ooo_long_miss_fills_rob);
    tcase_add_test(t, test_ooo_mispredict_waits_for_resolution_and_redirect);
    tcase_add_test(t, test_ooo_icache_wait_in_cpi_stack);
    tcase_add_test(t, test_ooo_branch_slots_end_with_the_refill);
    tcase_add_test(t, test_ooo_full_store_queue_after_mispredict);
    tcase_add_test(t, test_ooo_store_forwards_to_load);
    tcase_add_test(t, test_ooo_memory_order_violation_and_store_sets);
    tcase_add_test(t, test_ooo_serializing_drains_the_rob);
    tcase_add_test(t, test_ooo_structures_limit_dispatch);
    tcase_add_test(t, test_ooo_commits_every_record);
    tcase_add_test(t, test_ooo_squash_with_loads_in_flight);
    tcase_add_test(t, test_ooo_largest_window_matches_every_load);
    tcase_add_test(t, test_ooo_branch_checkpoints_stall_dispatch);
    tcase_add_test(t, test_ooo_direct_jumps_take_no_checkpoint);
    tcase_add_test(t, test_ooo_branch_checkpoint_stall_in_cpi_stack);
    tcase_add_test(t, test_ooo_dependence_chain_is_dependence);
    tcase_add_test(t, test_ooo_cpi_stack_adds_up_mid_miss);
    tcase_add_test(t, test_ooo_branch_checkpoint_wait_sleeps_and_wakes);
    tcase_add_test(t, test_ooo_branch_limit_zero_is_no_limit);
    tcase_add_test(t, test_ooo_counts_and_prices_energy_events);
    tcase_add_test(t, test_ooo_stops_at_instruction_limit);
    tcase_add_test(t, test_ooo_rejects_bad_parameters);
    suite_add_tcase(s, t);
    return s;
}
