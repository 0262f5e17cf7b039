/* tests/unit/models/test_riscv_threads.c - threads on a multi-hart `riscv`
 * instance (harts: N), through the kernel with programs assembled here: a
 * clone runs its thread on the next hart and shares memory, FUTEX_WAIT
 * blocks until a FUTEX_WAKE (or simulated time passes its timeout),
 * CHILD_CLEARTID clears and wakes at the thread's exit, exit ends one
 * thread and exit_group the program, a thread with no free hart or threads
 * that can never be woken stop the run with a reason, another hart's store
 * breaks an LR reservation, and, with one consumer per hart, a waiting hart
 * tells its consumer to wait (SIM_INSTS_WAIT) and wakes it when it may run. */
#include <check.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "test_riscv.h"

#define CODE 0x10000ull             /* the program's code ... */
#define DATA 0x20000ull             /* ... and the words it shares, s0 points here */

#define R_T0 5
#define R_T1 6
#define R_T2 7
#define R_S0 8
#define R_A0 10
#define R_A1 11
#define R_A2 12
#define R_A3 13
#define R_A4 14
#define R_A7 17

/* Thread flags of glibc's pthread_create */
#define CLONE_THREAD_FLAGS 0x3d0f00

/* A little assembler: words in order, branch targets patched by index. */
struct prog {
    uint32_t w[256];
    int n;
};

static int at(const struct prog *p) { return p->n; }
static void emit(struct prog *p, uint32_t w) { p->w[p->n++] = w; }
static uint32_t enc_lui_(int rd, uint32_t imm20) { return imm20 << 12 | (uint32_t)rd << 7 | 0x37; }
static uint32_t enc_sw(int rs2, int rs1, int imm)
{
    return (uint32_t)(imm >> 5 & 0x7f) << 25 | (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 |
           2u << 12 | (uint32_t)(imm & 31) << 7 | 0x23;
}
static uint32_t enc_lw(int rd, int rs1, int imm) { return enc_i(0x03, 2, rd, rs1, imm); }
static uint32_t enc_add(int rd, int rs1, int rs2)
{
    return (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | (uint32_t)rd << 7 | 0x33;
}
static uint32_t enc_neg(int rd, int rs)
{
    return 0x40000000u | (uint32_t)rs << 20 | (uint32_t)rd << 7 | 0x33;     /* sub rd, x0, rs */
}
static uint32_t enc_amo_d(int f5, int rd, int rs2, int rs1)
{
    return (uint32_t)f5 << 27 | (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | 3u << 12 |
           (uint32_t)rd << 7 | 0x2f;
}
static uint32_t enc_lr_d(int rd, int rs1) { return enc_amo_d(2, rd, 0, rs1); }
static uint32_t enc_sc_d(int rd, int rs2, int rs1) { return enc_amo_d(3, rd, rs2, rs1); }

/* rd = v, for 0 <= v < 2^31 */
static void li(struct prog *p, int rd, uint32_t v)
{
    uint32_t hi = (v + 0x800) >> 12;
    int lo = (int)(v - (hi << 12));

    if (hi) {
        emit(p, enc_lui_(rd, hi));
        emit(p, enc_addi(rd, rd, lo));
    } else {
        emit(p, enc_addi(rd, 0, lo));
    }
}

static void syscall_(struct prog *p, int nr)
{
    li(p, R_A7, (uint32_t)nr);
    emit(p, 0x00000073);
}

/* A branch (f3: 0 beq, 1 bne) or, f3 < 0, a jal x0, whose target comes later. */
static int fwd(struct prog *p, int f3, int rs1, int rs2)
{
    emit(p, 0);
    p->w[p->n - 1] = (uint32_t)f3 << 24 | (uint32_t)rs1 << 8 | (uint32_t)rs2;   /* to patch */
    return p->n - 1;
}

static void land(struct prog *p, int from)
{
    uint32_t w = p->w[from];
    int f3 = (int8_t)(w >> 24), rs1 = (int)(w >> 8 & 0xff), rs2 = (int)(w & 0xff);
    int off = (p->n - from) * 4;

    p->w[from] = f3 < 0 ? enc_jal(0, off) : enc_branch(f3, rs1, rs2, off);
}

static void back(struct prog *p, int f3, int rs1, int rs2, int to)
{
    int off = (to - p->n) * 4;

    emit(p, f3 < 0 ? enc_jal(0, off) : enc_branch(f3, rs1, rs2, off));
}

/* t1 = n; loop until 0: 2n instructions */
static void spin(struct prog *p, uint32_t n)
{
    int loop;

    li(p, R_T1, n);
    loop = at(p);
    emit(p, enc_addi(R_T1, R_T1, -1));
    back(p, 1, R_T1, 0, loop);
}

/* clone(CLONE_THREAD_FLAGS, stack DATA + 0xff0, ptid = ctid = DATA + 8);
 * returns the index of the branch to the child's code (patch with land). */
static int clone_(struct prog *p)
{
    li(p, R_S0, DATA);
    li(p, R_A0, CLONE_THREAD_FLAGS);
    emit(p, enc_addi(R_A1, R_S0, 0x7f0));
    emit(p, enc_addi(R_A1, R_A1, 0x7f0));
    emit(p, enc_addi(R_A2, R_S0, 8));
    emit(p, enc_addi(R_A3, R_S0, 0));
    emit(p, enc_addi(R_A4, R_S0, 8));
    syscall_(p, 220);
    return fwd(p, 0, R_A0, 0);      /* beqz a0, child */
}

/* futex(s0 + off, op, val in t0, timeout NULL) */
static void futex_(struct prog *p, int off, int op)
{
    emit(p, enc_addi(R_A0, R_S0, off));
    li(p, R_A1, (uint32_t)op);
    emit(p, enc_addi(R_A2, R_T0, 0));
    emit(p, enc_addi(R_A3, 0, 0));
    syscall_(p, 98);
}

static uint8_t img[16384];

static sim_t *open_prog(const char *yaml, const struct prog *p)
{
    struct elf_spec sp = { 64, 243, 2, CODE, p->w, p->n, CODE, 0x20000, 0, 0, 0, -1 };
    size_t n = elf_build(&sp, img);
    sim_error err;
    char path[64];
    const char *argv[1];
    sim_t *s = sim_open_string(yaml, "test.yaml", &err);

    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(sim_register_type(s, &harness_sink, &err), 0);
    ck_assert_int_eq(elf_write_tmp(img, n, path, sizeof path), 0);
    argv[0] = path;
    ck_assert_msg(sim_load_workload(s, path, 1, argv, &err) == 0, "%s", err.message);
    unlink(path);
    return s;
}

static const char *two_harts =
    "clocks: {default: 1GHz}\n"
    "components:\n"
    "  cpu: {type: riscv, harts: 2, slice: 1000}\n";

/* The same harts with one consumer each (test sinks): timing mode. */
static const char *two_sinks =
    "clocks: {default: 1GHz}\n"
    "components:\n"
    "  cpu: {type: riscv, harts: 2}\n"
    "  k0: {type: sink}\n"
    "  k1: {type: sink}\n"
    "connections: [k0.in -> cpu.insts, k1.in -> cpu.insts]\n";

/* The parent waits on DATA until the child stores 42 there and wakes it;
 * then on DATA + 8 (the child's tid) until the child's exit clears it. Exit
 * status: 42 + the count the child's FUTEX_WAKE returned. */
static void wait_wake_prog(struct prog *p, uint32_t child_spin)
{
    int to_child, loop, done, loop2, out;

    p->n = 0;
    to_child = clone_(p);
    loop = at(p);                   /* parent */
    emit(p, enc_lw(R_T0, R_S0, 0));
    done = fwd(p, 1, R_T0, 0);      /* bnez t0, done */
    futex_(p, 0, 128);              /* FUTEX_WAIT_PRIVATE, val 0 */
    back(p, -1, 0, 0, loop);
    land(p, done);
    loop2 = at(p);
    emit(p, enc_lw(R_T0, R_S0, 8));
    out = fwd(p, 0, R_T0, 0);       /* beqz t0, out */
    futex_(p, 8, 0);                /* FUTEX_WAIT on the tid, as pthread_join */
    back(p, -1, 0, 0, loop2);
    land(p, out);
    emit(p, enc_lw(R_A0, R_S0, 0));
    emit(p, enc_ld(R_T0, R_S0, 24));
    emit(p, enc_add(R_A0, R_A0, R_T0));
    syscall_(p, 94);                /* exit_group */
    land(p, to_child);              /* child */
    spin(p, child_spin);
    li(p, R_T0, 42);
    emit(p, enc_sw(R_T0, R_S0, 0));
    emit(p, enc_addi(R_A0, R_S0, 0));
    li(p, R_A1, 129);               /* FUTEX_WAKE_PRIVATE */
    li(p, R_A2, 1);
    syscall_(p, 98);
    emit(p, enc_sd(R_A0, R_S0, 24));
    li(p, R_A0, 0);
    syscall_(p, 93);                /* exit: this thread only */
}

START_TEST(test_threads_futex_wait_blocks_until_wake)
{
    struct prog p;
    sim_error err;
    sim_t *s;

    wait_wake_prog(&p, 5000);
    s = open_prog(two_harts, &p);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 43);     /* 42, one thread woken */
    ck_assert_double_eq(sim_stat(s, "cpu.threads"), 1);
    ck_assert_double_eq(sim_stat(s, "cpu.futex_waits"), 1);    /* the parent slept once */
    ck_assert_double_eq(sim_stat(s, "cpu.futex_wakes"), 1);
    /* the child: beqz, spin, li, sw, addi, li, li, li + ecall, sd, li, li + ecall */
    ck_assert_double_eq(sim_stat(s, "cpu.hart_insts.1"),
                        1 + (2 + 2 * 5000) + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 2);
    ck_assert_double_eq(sim_stat(s, "cpu.hart_insts.0") + sim_stat(s, "cpu.hart_insts.1"),
                        sim_stat(s, "cpu.insts"));
    sim_close(s);
}
END_TEST

/* The child is done before the parent looks: its exit has cleared the tid
 * word (CHILD_CLEARTID) that clone had set (PARENT_SETTID). */
START_TEST(test_threads_cleartid_clears_at_thread_exit)
{
    struct prog p;
    sim_error err;
    sim_t *s;
    int child;

    p.n = 0;
    child = clone_(&p);
    emit(&p, enc_lw(R_T0, R_S0, 8));
    emit(&p, enc_sd(R_T0, R_S0, 16));   /* the tid, as the parent saw it at once */
    spin(&p, 3000);
    emit(&p, enc_lw(R_A0, R_S0, 0));
    emit(&p, enc_lw(R_T0, R_S0, 8));
    emit(&p, enc_add(R_A0, R_A0, R_T0));
    emit(&p, enc_ld(R_T0, R_S0, 16));
    emit(&p, enc_addi(R_T0, R_T0, -4243));
    emit(&p, enc_add(R_A0, R_A0, R_T0));
    syscall_(&p, 94);               /* exit_group(42 + tid word now + tid then - 4243) */
    land(&p, child);
    li(&p, R_T0, 42);
    emit(&p, enc_sw(R_T0, R_S0, 0));
    syscall_(&p, 93);
    s = open_prog(two_harts, &p);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 42);
    ck_assert_double_eq(sim_stat(s, "cpu.threads"), 1);
    ck_assert_double_eq(sim_stat(s, "cpu.futex_waits"), 0);
    sim_close(s);
}
END_TEST

START_TEST(test_threads_join_waits_for_cleartid_wake)
{
    struct prog p;
    sim_error err;
    sim_t *s;
    int out;

    /* parent: wait on the tid word until the child's exit clears it */
    p.n = 0;
    out = clone_(&p);
    {
        int loop2 = at(&p), done;

        emit(&p, enc_lw(R_T0, R_S0, 8));
        done = fwd(&p, 0, R_T0, 0);
        futex_(&p, 8, 0);
        back(&p, -1, 0, 0, loop2);
        land(&p, done);
        emit(&p, enc_lw(R_A0, R_S0, 0));
        syscall_(&p, 94);
    }
    land(&p, out);
    spin(&p, 3000);
    li(&p, R_T0, 9);
    emit(&p, enc_sw(R_T0, R_S0, 0));
    syscall_(&p, 93);
    s = open_prog(two_harts, &p);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 9);
    ck_assert_double_eq(sim_stat(s, "cpu.futex_waits"), 1);
    ck_assert_double_eq(sim_stat(s, "cpu.futex_wakes"), 1);   /* by the exit */
    sim_close(s);
}
END_TEST

/* FUTEX_WAIT with a 1 ms timeout that nothing wakes; exits with -errno. */
static void timeout_prog(struct prog *p)
{
    p->n = 0;
    li(p, R_S0, DATA);
    li(p, R_T0, 1000000);           /* timespec {0, 1 ms} at DATA + 64 */
    emit(p, enc_sd(0, R_S0, 64));
    emit(p, enc_sd(R_T0, R_S0, 72));
    emit(p, enc_addi(R_A0, R_S0, 0));
    li(p, R_A1, 128);
    li(p, R_A2, 0);
    emit(p, enc_addi(R_A3, R_S0, 64));
    syscall_(p, 98);
    emit(p, enc_neg(R_A0, R_A0));
    syscall_(p, 94);
}

/* FUTEX_WAIT with a 1 ms timeout that nobody wakes: ETIMEDOUT once 1 ms of
 * simulated time has passed - functionally (_i 0), and with one consumer
 * per hart (_i 1), whose waiting hart's consumer sleeps and only the
 * deadline wakes (nothing else would), at its time. */
START_TEST(test_threads_futex_timeout_is_simulated_time)
{
    struct prog p;
    sim_error err;
    sim_t *s;

    timeout_prog(&p);
    s = open_prog(_i ? two_sinks : two_harts, &p);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 110);    /* ETIMEDOUT */
    ck_assert_double_ge(sim_stat(s, "sim.ticks"), 1e9);
    ck_assert_double_lt(sim_stat(s, "sim.ticks"), 1e9 + 1e6);
    if (_i) {
        ck_assert_double_eq(sim_stat(s, "cpu.idle_waits.0"), 1);
        ck_assert_uint_lt(harness_sink_of(s, "k0")->ticks, 100);   /* asleep through it */
    }
    sim_close(s);
}
END_TEST

/* exit_group from the child ends the program though the parent waits. */
START_TEST(test_threads_exit_group_ends_every_thread)
{
    struct prog p;
    sim_error err;
    sim_t *s;
    int child, loop;

    p.n = 0;
    child = clone_(&p);
    loop = at(&p);
    li(&p, R_T0, 0);
    futex_(&p, 0, 128);
    back(&p, -1, 0, 0, loop);
    land(&p, child);
    spin(&p, 100);
    li(&p, R_A0, 7);
    syscall_(&p, 94);
    s = open_prog(two_harts, &p);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 7);
    sim_close(s);
}
END_TEST

START_TEST(test_threads_no_free_hart_stops_the_run)
{
    struct prog p;
    sim_error err;
    sim_t *s;
    int child;

    p.n = 0;
    child = clone_(&p);
    li(&p, R_A0, 0);
    syscall_(&p, 94);
    land(&p, child);
    syscall_(&p, 93);
    s = open_prog("components: {cpu: {type: riscv}}\n", &p);    /* one hart */
    ck_assert_int_lt(sim_run(s, SIM_UNTIL_EXIT, &err), 0);
    ck_assert_int_eq(err.code, SIM_EGUEST);
    ck_assert_msg(strstr(err.message, "clone: no free hart") != NULL, "%s", err.message);
    sim_close(s);
}
END_TEST

/* functionally and with a consumer per hart */
START_TEST(test_threads_deadlock_stops_the_run)
{
    static const char *timed =
        "components:\n"
        "  cpu: {type: riscv, harts: 2}\n"
        "  k0: {type: sink}\n"
        "  k1: {type: sink}\n"
        "connections: [k0.in -> cpu.insts, k1.in -> cpu.insts]\n";
    const char *yaml[2] = { two_harts, timed };

    for (int k = 0; k < 2; k++) {
        struct prog p;
        sim_error err;
        sim_t *s;

        p.n = 0;
        li(&p, R_S0, DATA);
        li(&p, R_T0, 0);
        futex_(&p, 0, 128);         /* nobody will ever wake it */
        syscall_(&p, 94);
        s = open_prog(yaml[k], &p);
        ck_assert_int_lt(sim_run(s, SIM_UNTIL_EXIT, &err), 0);
        ck_assert_msg(strstr(err.message, "deadlock: every thread waits on a futex nobody can "
                             "wake (1 waiting; thread 4242 on hart 0 waits on 0x20000") != NULL,
                      "%s", err.message);
        sim_close(s);
    }
}
END_TEST

/* The parent takes a reservation on DATA + 256, spins past several turns
 * while the child stores to `off`, then tries sc.d: exit status = sc.d's
 * result (0 success, 1 failure). */
static int lrsc_status(int off)
{
    struct prog p;
    sim_error err;
    sim_t *s;
    int child, rc;

    p.n = 0;
    child = clone_(&p);
    emit(&p, enc_addi(R_T2, R_S0, 256));
    emit(&p, enc_lr_d(R_T0, R_T2));
    spin(&p, 3000);
    emit(&p, enc_sc_d(R_A0, R_T0, R_T2));
    syscall_(&p, 94);
    land(&p, child);
    li(&p, R_T0, 5);
    emit(&p, enc_sd(R_T0, R_S0, off));
    syscall_(&p, 93);
    s = open_prog(two_harts, &p);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    rc = sim_exit_code(s);
    sim_close(s);
    return rc;
}

START_TEST(test_threads_store_by_other_hart_breaks_reservation)
{
    ck_assert_int_eq(lrsc_status(256), 1);      /* the reserved word */
    ck_assert_int_eq(lrsc_status(280), 1);      /* the same 64-byte line */
    ck_assert_int_eq(lrsc_status(320), 0);      /* another line: sc.d succeeds */
}
END_TEST

START_TEST(test_threads_affinity_reports_the_harts)
{
    struct prog p;
    sim_error err;
    sim_t *s;

    p.n = 0;
    li(&p, R_S0, DATA);
    li(&p, R_A0, 0);
    li(&p, R_A1, 8);
    emit(&p, enc_addi(R_A2, R_S0, 0));
    syscall_(&p, 123);              /* sched_getaffinity(0, 8, DATA) */
    emit(&p, enc_ld(R_A0, R_S0, 0));
    syscall_(&p, 94);
    s = open_prog("components: {cpu: {type: riscv, harts: 3}}\n", &p);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 7);      /* cpus 0, 1, 2 */
    sim_close(s);
}
END_TEST

/* One consumer per hart: while the parent waits for the child's wake, its
 * consumer is told SIM_INSTS_WAIT and sleeps (it is not ticked through the
 * child's spin), and the wake wakes it; every record it got is one of the
 * parent's instructions. The child's consumer slept until the clone. */
START_TEST(test_threads_timing_waiting_hart_sleeps_its_consumer)
{
    struct harness_sink *k0, *k1;
    struct prog p;
    sim_error err;
    sim_t *s;

    wait_wake_prog(&p, 2000);
    s = open_prog(two_sinks, &p);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 43);     /* the wake reached the parent */
    k0 = harness_sink_of(s, "k0");
    k1 = harness_sink_of(s, "k1");
    for (int i = 0; i < k0->n; i++)
        ck_assert(!(k0->rec[i].flags & SIM_INST_MORE));
    ck_assert_double_eq(sim_stat(s, "cpu.hart_insts.0"), k0->n);
    ck_assert_double_eq(sim_stat(s, "cpu.hart_insts.1"), k1->n);
    ck_assert_double_ge(sim_stat(s, "cpu.idle_waits.0"), 1);
    ck_assert_double_ge(sim_stat(s, "cpu.idle_waits.1"), 1);   /* before the clone */
    ck_assert_int_gt(k1->n, 4000);              /* the child spins 4000 instructions */
    /* 4 records a tick: the child's consumer ticks ~n/4 times; the parent's
     * would tick as often if it were not asleep through the spin */
    ck_assert_uint_lt(k0->ticks, 40);
    ck_assert_uint_ge(k1->ticks, (uint64_t)k1->n / 4);
    sim_close(s);
}
END_TEST

START_TEST(test_threads_more_consumers_than_harts_rejected)
{
    sim_error err;
    sim_t *s = sim_open_string("components:\n"
                               "  cpu: {type: riscv, harts: 1}\n"
                               "  k0: {type: sink}\n"
                               "  k1: {type: sink}\n"
                               "connections: [k0.in -> cpu.insts, k1.in -> cpu.insts]\n",
                               "test.yaml", &err);

    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(sim_register_type(s, &harness_sink, &err), 0);
    ck_assert_int_eq(sim_elaborate(s, &err), SIM_ECONFIG);
    ck_assert_msg(strstr(err.message, "2 timing models connected but the instance has 1 hart"),
                  "%s", err.message);
    /* at the connection one too many (it had no position) */
    ck_assert_ptr_nonnull(strstr(err.message, "connections[1]: cpu.insts: "));
    ck_assert_int_eq(err.line, 5);
    ck_assert_int_eq(err.column, 35);
    sim_close(s);
}
END_TEST

Suite *riscv_threads_suite(void)
{
    Suite *s = suite_create("riscv_threads");
    TCase *tc = tcase_create("threads");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_threads_futex_wait_blocks_until_wake);
    tcase_add_test(tc, test_threads_cleartid_clears_at_thread_exit);
    tcase_add_test(tc, test_threads_join_waits_for_cleartid_wake);
    tcase_add_loop_test(tc, test_threads_futex_timeout_is_simulated_time, 0, 2);
    tcase_add_test(tc, test_threads_exit_group_ends_every_thread);
    tcase_add_test(tc, test_threads_no_free_hart_stops_the_run);
    tcase_add_test(tc, test_threads_deadlock_stops_the_run);
    tcase_add_test(tc, test_threads_store_by_other_hart_breaks_reservation);
    tcase_add_test(tc, test_threads_affinity_reports_the_harts);
    tcase_add_test(tc, test_threads_timing_waiting_hart_sleeps_its_consumer);
    tcase_add_test(tc, test_threads_more_consumers_than_harts_rejected);
    suite_add_tcase(s, tc);
    return s;
}
