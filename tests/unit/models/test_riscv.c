/* tests/unit/models/test_riscv.c - the riscv component through the kernel:
 * bare-metal programs end through tohost with their exit status, the
 * instruction count honours SIM_UNTIL_INSTS exactly, a timing model pulling
 * records gets the right pc, registers, branch outcomes and memory
 * addresses, random code cannot harm the host, and two simulators run in
 * two threads independently. Programs are assembled here (test_riscv.h),
 * so no cross compiler is needed. */
#include <check.h>
#include <pthread.h>
#include <string.h>
#include "harness.h"
#include "test_riscv.h"

static const char *cfg_bare =
    "clocks: {default: 1GHz}\n"
    "components:\n"
    "  cpu: {type: riscv, mem_size: 1MiB, pmp: 0}\n";

static uint32_t enc_lui(int rd, int imm20) { return (uint32_t)imm20 << 12 | (uint32_t)rd << 7 | 0x37; }

/* Open cfg, load the image, return the simulator (the test closes it). */
static sim_t *open_with(const char *yaml, const uint8_t *img, size_t n, const sim_type *extra)
{
    sim_error err;
    char path[64];
    sim_t *s = sim_open_string(yaml, "test.yaml", &err);
    const char *argv[1];

    ck_assert_msg(s != NULL, "%s", err.message);
    if (extra)
        ck_assert_int_eq(sim_register_type(s, extra, &err), 0);
    ck_assert_int_eq(elf_write_tmp(img, n, path, sizeof path), 0);
    argv[0] = path;
    ck_assert_msg(sim_load_workload(s, path, 1, argv, &err) == 0, "%s", err.message);
    unlink(path);
    return s;
}

static uint8_t img[16384];

START_TEST(test_riscv_tohost_exit_status)
{
    for (int code = 0; code < 8; code += 5) {
        size_t n = elf_exit_prog(img, code);
        sim_t *s = open_with(cfg_bare, img, n, NULL);
        sim_error err;

        ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
        ck_assert_int_eq(sim_exit_code(s), code);
        ck_assert_double_eq(sim_stat(s, "cpu.insts"), 5);     /* the store ends it */
        ck_assert_double_eq(sim_stat(s, "cpu.mix.store"), 1);
        ck_assert_double_eq(sim_stat(s, "cpu.mix.int"), 4);
        ck_assert_uint_eq(sim_cycles_now(s), 5);              /* cpi 1 */
        sim_close(s);
    }
}
END_TEST

/* counting loop, then exit with code 7 */
static size_t count_prog(uint8_t *buf, int count_k)
{
    static uint32_t w[16];
    struct elf_spec sp = { 64, 243, 2, 0x80000000, w, 0, 0x80000000, 0x1000, 0, 0, 0, 0x810 };
    int n = 0;

    w[n++] = enc_addi(RV_A0, 0, 0);
    w[n++] = enc_lui(RV_A1, count_k);                 /* a1 = count_k * 4096 */
    w[n++] = enc_addi(RV_A0, RV_A0, 1);
    w[n++] = enc_branch(1, RV_A0, RV_A1, -4);         /* bne */
    w[n++] = enc_auipc(RV_T0, 0);
    w[n++] = enc_addi(RV_T0, RV_T0, 0x7ff);
    w[n++] = enc_addi(RV_T0, RV_T0, 1);
    w[n++] = enc_addi(RV_T1, 0, (7 << 1) | 1);
    w[n++] = enc_sd(RV_T1, RV_T0, 0);
    w[n++] = enc_jal(0, 0);
    sp.ncode = n;
    return elf_build(&sp, buf);
}

START_TEST(test_riscv_exact_instruction_limit)
{
    size_t n = count_prog(img, 256);
    sim_t *s = open_with(cfg_bare, img, n, NULL);
    sim_error err;

    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 12345, &err), SIM_RUN_LIMIT);
    ck_assert_uint_eq(sim_insts_now(s), 12345);
    ck_assert_double_eq(sim_stat(s, "cpu.insts"), 12345);
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 1, &err), SIM_RUN_LIMIT);
    ck_assert_uint_eq(sim_insts_now(s), 12346);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 7);
    ck_assert_uint_eq(sim_insts_now(s), 2 + 2 * 256 * 4096 + 5);
    ck_assert_double_eq(sim_stat(s, "cpu.mix.branch"), 256 * 4096);
    ck_assert_double_eq(sim_stat(s, "cpu.branches_taken"), 256 * 4096 - 1);
    sim_close(s);
}
END_TEST

START_TEST(test_riscv_records_for_timing_model)
{
    static const char *yaml =
        "clocks: {default: 1GHz}\n"
        "components:\n"
        "  cpu: {type: riscv, mem_size: 1MiB}\n"
        "  sink: {type: sink}\n"
        "connections: [sink.in -> cpu.insts]\n";
    uint32_t w[16];
    struct elf_spec sp = { 64, 243, 2, 0x80000000, w, 0, 0x80000000, 0x1000, 0, 0, 0, 0x810 };
    struct harness_sink *k;
    sim_error err;
    sim_t *s;
    int n = 0;

    w[n++] = enc_addi(RV_A0, 0, 3);                   /* 0 */
    w[n++] = enc_addi(RV_A1, 0, 0);                   /* 4 */
    w[n++] = enc_addi(RV_A1, RV_A1, 1);               /* 8: loop */
    w[n++] = enc_branch(1, RV_A1, RV_A0, -4);         /* c: bne a1, a0, loop */
    w[n++] = enc_auipc(RV_T0, 0);                     /* 10 */
    w[n++] = enc_addi(RV_T0, RV_T0, 0x7ff);
    w[n++] = enc_addi(RV_T0, RV_T0, 1);               /* t0 = 0x80000810 */
    w[n++] = enc_addi(RV_T1, 0, 1);
    w[n++] = enc_sd(RV_T1, RV_T0, 0);                 /* 20: tohost = 1 */
    w[n++] = enc_jal(0, 0);
    sp.ncode = n;
    s = open_with(yaml, img, elf_build(&sp, img), &harness_sink);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 0);
    k = harness_sink_of(s, "sink");
    ck_assert_int_eq(k->n, 13);
    ck_assert_uint_eq(k->rec[0].pc, 0x80000000);
    ck_assert_int_eq(k->rec[0].op, SIM_OP_INT);
    ck_assert_int_eq(k->rec[0].dst[0], 10);
    ck_assert_int_eq(k->rec[0].src[0], SIM_REG_NONE);     /* x0 is no dependency */
    ck_assert_int_eq(k->rec[0].size, 4);
    ck_assert_uint_eq(k->rec[0].raw, w[0]);
    for (int it = 0; it < 3; it++) {
        const sim_inst *b = &k->rec[3 + 2 * it];

        ck_assert_uint_eq(b->pc, 0x8000000c);
        ck_assert_int_eq(b->op, SIM_OP_BRANCH);
        ck_assert_int_eq(b->branch, SIM_BR_COND);
        ck_assert_uint_eq(b->target, 0x80000008);
        ck_assert_int_eq(b->taken, it < 2);
        ck_assert_int_eq(b->src[0], 11);
        ck_assert_int_eq(b->src[1], 10);
    }
    ck_assert_uint_eq(k->rec[12].pc, 0x80000020);
    ck_assert_int_eq(k->rec[12].op, SIM_OP_STORE);
    ck_assert_uint_eq(k->rec[12].mem_addr, 0x80000810);
    ck_assert_int_eq(k->rec[12].mem_size, 8);
    ck_assert_int_eq(k->rec[12].dst[0], SIM_REG_NONE);
    ck_assert_double_eq(sim_stat(s, "cpu.insts"), 13);
    sim_close(s);
}
END_TEST

/* ------------------------------------------------- random code survives */

static size_t random_prog(uint8_t *buf, int cls, uint64_t seed)
{
    static uint32_t w[0x1100 / 4];
    struct elf_spec sp = { cls, 243, 2, 0x80000000, w, 0, 0x80000000, 0x10000, 0, 0, 0, 0x8000 };
    uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
    int n = 0;

    memset(w, 0, sizeof w);
    w[n++] = enc_auipc(RV_T0, 0);
    w[n++] = enc_addi(RV_T0, RV_T0, 0x40);
    w[n++] = enc_csrrw(0, 0x305, RV_T0);              /* mtvec = handler */
    w[n++] = enc_jal(0, 0x100 - 12);
    n = 0x40 / 4;                                     /* handler: skip the instruction */
    w[n++] = enc_csrrs(RV_T1, 0x341, 0);
    w[n++] = enc_addi(RV_T1, RV_T1, 4);
    w[n++] = enc_csrrw(0, 0x341, RV_T1);
    w[n++] = ENC_MRET;
    for (n = 0x100 / 4; n < (int)(sizeof w / 4); n++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        w[n] = (uint32_t)x;
    }
    sp.ncode = n;
    return elf_build(&sp, buf);
}

START_TEST(test_riscv_random_code_survives)
{
    static const char *yaml64 =
        "components:\n  cpu: {type: riscv, mem_size: 1MiB, pmp: 0, quantum: 5000}\n";
    static const char *yaml32 =
        "components:\n  cpu: {type: riscv, xlen: 32, mem_size: 1MiB, pmp: 0, quantum: 5000}\n";
    int outcomes[3] = { 0, 0, 0 };

    for (int seed = 0; seed < 12; seed++) {
        int cls = seed & 1 ? 32 : 64;
        size_t n = random_prog(img, cls, (uint64_t)seed);
        sim_t *s = open_with(cls == 32 ? yaml32 : yaml64, img, n, NULL);
        sim_error err;
        int rc = sim_run_for(s, SIM_UNTIL_INSTS, 200000, &err);

        ck_assert_msg(rc == SIM_RUN_LIMIT || rc == SIM_RUN_EXITED || rc == SIM_EGUEST,
                      "seed %d: rc %d (%s)", seed, rc, err.message);
        if (rc == SIM_EGUEST)
            ck_assert_ptr_nonnull(strstr(err.message, "at pc 0x"));
        outcomes[rc == SIM_RUN_LIMIT ? 0 : rc == SIM_RUN_EXITED ? 1 : 2]++;
        ck_assert(sim_insts_now(s) <= 200000);
        sim_close(s);
    }
    ck_assert_int_eq(outcomes[0] + outcomes[1] + outcomes[2], 12);
}
END_TEST

/* --------------------------------------------------- two threads at once */

struct thread_run {
    int exit_code;
    uint64_t insts;
    double traps;
};

static void *thread_main(void *arg)
{
    struct thread_run *t = arg;
    uint8_t *buf = malloc(16384);
    size_t n = count_prog(buf, 64);
    sim_error err;
    char path[64];
    sim_t *s = sim_open_string(cfg_bare, "thread.yaml", &err);
    const char *argv[1];

    if (s && elf_write_tmp(buf, n, path, sizeof path) == 0) {
        argv[0] = path;
        if (sim_load_workload(s, path, 1, argv, &err) == 0 &&
            sim_run(s, SIM_UNTIL_EXIT, &err) == SIM_RUN_EXITED) {
            t->exit_code = sim_exit_code(s);
            t->insts = sim_insts_now(s);
        }
        unlink(path);
    }
    sim_close(s);
    free(buf);
    return NULL;
}

START_TEST(test_riscv_two_simulators_in_two_threads)
{
    struct thread_run a = { -1, 0, 0 }, b = { -1, 0, 0 };
    pthread_t ta, tb;

    ck_assert_int_eq(pthread_create(&ta, NULL, thread_main, &a), 0);
    ck_assert_int_eq(pthread_create(&tb, NULL, thread_main, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    ck_assert_int_eq(a.exit_code, 7);
    ck_assert_int_eq(b.exit_code, 7);
    ck_assert_uint_eq(a.insts, 2 + 2 * 64 * 4096 + 5);
    ck_assert_uint_eq(b.insts, a.insts);
}
END_TEST

Suite *riscv_suite(void)
{
    Suite *s = suite_create("riscv");
    TCase *tc = tcase_create("riscv");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_riscv_tohost_exit_status);
    tcase_add_test(tc, test_riscv_exact_instruction_limit);
    tcase_add_test(tc, test_riscv_records_for_timing_model);
    tcase_add_test(tc, test_riscv_random_code_survives);
    tcase_add_test(tc, test_riscv_two_simulators_in_two_threads);
    suite_add_tcase(s, tc);
    return s;
}
