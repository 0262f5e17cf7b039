/* tests/unit/models/test_riscv_records.c - the instruction records a riscv
 * hart hands a timing model through its `insts` port, pinned record by
 * record for two small bare-metal programs whose streams are listed here by
 * hand: loads with their addresses, a call and its return, a loop branch
 * taken then not taken, the store that ends the run; then a software
 * interrupt taken right after the store that raised it and an ecall, with
 * the records around the two traps. Each stream must come out the same
 * whatever the number of records the consumer asks for at a time. The
 * model's counts (insts, the mix) are those of the records handed out, at
 * a limit, mid-run and after a stats reset as at the program's end. Programs
 * are assembled here (test_riscv.h), so no cross compiler is needed. */
#include <check.h>
#include <string.h>
#include "harness.h"
#include "test_riscv.h"

#define BASE 0x80000000ull
#define NONE SIM_REG_NONE
#define RV_RA 1
#define RV_T2 7
#define RV_T3 28
#define RV_T4 29
#define RV_A2 12

static uint32_t enc_u(int op, int rd, int imm20)
{
    return (uint32_t)imm20 << 12 | (uint32_t)rd << 7 | (uint32_t)op;
}
static uint32_t enc_lw(int rd, int rs1, int imm) { return enc_i(0x03, 2, rd, rs1, imm); }
static uint32_t enc_jalr(int rd, int rs1, int imm) { return enc_i(0x67, 0, rd, rs1, imm); }
static uint32_t enc_csrrsi(int rd, int csr, int uimm) { return enc_i(0x73, 6, rd, uimm, csr); }
static uint32_t enc_sw(int rs2, int rs1, int imm)
{
    return (enc_sd(rs2, rs1, imm) & ~(7u << 12)) | 2u << 12;     /* sd with funct3 2 */
}
#define ENC_ECALL 0x00000073u

/* The program of n words loaded, to be run through a sink asking for chunk
 * records at a time; returns the simulator (the test closes it) and the
 * sink. */
static sim_t *open_prog(const uint32_t *w, int n, int chunk, struct harness_sink **out)
{
    static uint8_t img[16384];
    struct elf_spec sp = { 64, 243, 2, BASE, w, n, BASE, 0x1000, 0, 0, 0, 0x810 };
    char yaml[512], path[64];
    const char *argv[1];
    sim_error err;
    sim_t *s;

    snprintf(yaml, sizeof yaml,
             "clocks: {default: 1GHz}\n"
             "components:\n"
             "  cpu: {type: riscv, mem_size: 1MiB, pmp: 0}\n"
             "  sink: {type: sink, chunk: %d}\n"
             "connections: [sink.in -> cpu.insts]\n", chunk);
    s = sim_open_string(yaml, "records.yaml", &err);
    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(sim_register_type(s, &harness_sink, &err), 0);
    ck_assert_int_eq(elf_write_tmp(img, elf_build(&sp, img), path, sizeof path), 0);
    argv[0] = path;
    ck_assert_msg(sim_load_workload(s, path, 1, argv, &err) == 0, "%s", err.message);
    unlink(path);
    *out = harness_sink_of(s, "sink");
    return s;
}

/* The same, run to the program's end. */
static sim_t *run_prog(const uint32_t *w, int n, int chunk, struct harness_sink **out)
{
    sim_t *s = open_prog(w, n, chunk, out);
    sim_error err;

    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(sim_exit_code(s), 0);
    return s;
}

/* The record expected of word `at` (a byte offset from BASE) of w: what
 * every instruction of that class has; tests then set the rest. */
static sim_inst rec_at(const uint32_t *w, uint32_t at, int op)
{
    sim_inst r;

    memset(&r, 0, sizeof(r));
    r.pc = BASE + at;
    r.raw = w[at / 4];
    r.size = 4;
    r.op = (uint8_t)op;
    memset(r.src, NONE, sizeof(r.src));
    memset(r.dst, NONE, sizeof(r.dst));
    if (op == SIM_OP_CSR || op == SIM_OP_SYSTEM)
        r.flags = SIM_INST_SERIAL;
    return r;
}

static sim_inst regs(sim_inst r, int s0, int s1, int d0)
{
    r.src[0] = (uint8_t)s0;
    r.src[1] = (uint8_t)s1;
    r.dst[0] = (uint8_t)d0;
    return r;
}

static void check_stream(const struct harness_sink *k, const sim_inst *want, int n, int chunk)
{
    ck_assert_msg(k->n == n, "chunk %d: %d records, expected %d", chunk, k->n, n);
    for (int j = 0; j < n; j++) {
        const sim_inst *g = &k->rec[j], *e = &want[j];

#define FIELD(f) ck_assert_msg(g->f == e->f, "chunk %d, record %d (pc 0x%llx): " #f " is 0x%llx, " \
                               "expected 0x%llx", chunk, j, (unsigned long long)e->pc,            \
                               (unsigned long long)g->f, (unsigned long long)e->f)
        FIELD(pc);
        FIELD(raw);
        FIELD(size);
        FIELD(op);
        FIELD(branch);
        FIELD(taken);
        FIELD(target);
        FIELD(mem_size);
        FIELD(mem_addr);
        FIELD(flags);
        FIELD(src[0]);
        FIELD(src[1]);
        FIELD(src[2]);
        FIELD(dst[0]);
        FIELD(dst[1]);
#undef FIELD
    }
}

/* ------------------------------------- loads, a call, a return, a loop */

START_TEST(test_riscv_records_loop_call_return)
{
    static const int chunks[] = { 1, 3, 32 };
    uint32_t w[16];
    sim_inst want[17], ld, jal, lw, ret, dec, bne;
    int n = 0;

    w[0x00 / 4] = enc_addi(RV_A0, 0, 2);                  /* a0 = 2 */
    w[0x04 / 4] = enc_auipc(RV_T0, 0);
    w[0x08 / 4] = enc_addi(RV_T0, RV_T0, 0x7fc);          /* t0 = BASE + 0x800 */
    w[0x0c / 4] = enc_ld(RV_A1, RV_T0, 8);                /* loop: */
    w[0x10 / 4] = enc_jal(RV_RA, 0x20);                   /* call func */
    w[0x14 / 4] = enc_addi(RV_A0, RV_A0, -1);
    w[0x18 / 4] = enc_branch(1, RV_A0, 0, -12);           /* bne a0, x0, loop */
    w[0x1c / 4] = enc_addi(RV_T1, 0, 1);
    w[0x20 / 4] = enc_sd(RV_T1, RV_T0, 16);               /* tohost = 1: exit 0 */
    w[0x24 / 4] = enc_jal(0, 0);
    w[0x28 / 4] = w[0x2c / 4] = enc_addi(0, 0, 0);
    w[0x30 / 4] = enc_lw(RV_A2, RV_T0, 4);                /* func: */
    w[0x34 / 4] = enc_jalr(0, RV_RA, 0);                  /* ret */

    ld = regs(rec_at(w, 0x0c, SIM_OP_LOAD), RV_T0, NONE, RV_A1);
    ld.mem_addr = BASE + 0x808;
    ld.mem_size = 8;
    jal = regs(rec_at(w, 0x10, SIM_OP_JUMP), NONE, NONE, RV_RA);
    jal.branch = SIM_BR_CALL;
    jal.taken = 1;
    jal.target = BASE + 0x30;
    lw = regs(rec_at(w, 0x30, SIM_OP_LOAD), RV_T0, NONE, RV_A2);
    lw.mem_addr = BASE + 0x804;
    lw.mem_size = 4;
    ret = regs(rec_at(w, 0x34, SIM_OP_JUMP), RV_RA, NONE, NONE);
    ret.branch = SIM_BR_RETURN;
    ret.taken = 1;
    ret.target = BASE + 0x14;
    dec = regs(rec_at(w, 0x14, SIM_OP_INT), RV_A0, NONE, RV_A0);
    bne = regs(rec_at(w, 0x18, SIM_OP_BRANCH), RV_A0, NONE, NONE);   /* x0 is no source */
    bne.branch = SIM_BR_COND;
    bne.target = BASE + 0x0c;

    want[n++] = regs(rec_at(w, 0x00, SIM_OP_INT), NONE, NONE, RV_A0);
    want[n++] = regs(rec_at(w, 0x04, SIM_OP_INT), NONE, NONE, RV_T0);
    want[n++] = regs(rec_at(w, 0x08, SIM_OP_INT), RV_T0, NONE, RV_T0);
    for (int it = 0; it < 2; it++) {
        want[n++] = ld;
        want[n++] = jal;
        want[n++] = lw;
        want[n++] = ret;
        want[n++] = dec;
        want[n] = bne;
        want[n++].taken = it == 0;
    }
    want[n++] = regs(rec_at(w, 0x1c, SIM_OP_INT), NONE, NONE, RV_T1);
    want[n] = regs(rec_at(w, 0x20, SIM_OP_STORE), RV_T0, RV_T1, NONE);
    want[n].mem_addr = BASE + 0x810;
    want[n++].mem_size = 8;
    ck_assert_int_eq(n, 17);

    for (unsigned c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        struct harness_sink *k;
        sim_t *s = run_prog(w, 0x38 / 4, chunks[c], &k);

        check_stream(k, want, n, chunks[c]);
        ck_assert_double_eq(sim_stat(s, "cpu.insts"), n);
        ck_assert_double_eq(sim_stat(s, "cpu.mix.load"), 4);
        ck_assert_double_eq(sim_stat(s, "cpu.branches_taken"), 5);
        sim_close(s);
    }
}
END_TEST

/* ---------------------------------------- an interrupt and an exception */

/* A store to the CLINT's msip raises a machine software interrupt, taken
 * right after the store: the store's record says TRAP and the next record
 * is the handler's first instruction. Then an ecall traps: its record says
 * TRAP; it does not retire, and the first instruction of the handler runs
 * without a record of its own (the ecall's stands for it), so records and
 * retired instructions stay one for one. */
START_TEST(test_riscv_records_interrupt_and_ecall)
{
    static const int chunks[] = { 1, 3, 32 };
    uint32_t w[32];
    sim_inst want[24], r;
    int n = 0;

    memset(w, 0, sizeof w);
    w[0x00 / 4] = enc_auipc(RV_T0, 0);
    w[0x04 / 4] = enc_addi(RV_T0, RV_T0, 0x40);
    w[0x08 / 4] = enc_csrrw(0, 0x305, RV_T0);             /* mtvec = handler */
    w[0x0c / 4] = enc_u(0x37, RV_T2, 0x2000);             /* t2 = msip */
    w[0x10 / 4] = enc_addi(RV_T1, 0, 8);
    w[0x14 / 4] = enc_csrrs(0, 0x304, RV_T1);             /* mie.MSIE */
    w[0x18 / 4] = enc_csrrsi(0, 0x300, 8);                /* mstatus.MIE */
    w[0x1c / 4] = enc_addi(RV_T1, 0, 1);
    w[0x20 / 4] = enc_sw(RV_T1, RV_T2, 0);                /* msip = 1 */
    w[0x24 / 4] = ENC_ECALL;
    w[0x28 / 4] = enc_auipc(RV_T0, 0);
    w[0x2c / 4] = enc_addi(RV_T0, RV_T0, 0x7e8);          /* t0 = tohost */
    w[0x30 / 4] = enc_addi(RV_T1, 0, 1);
    w[0x34 / 4] = enc_sd(RV_T1, RV_T0, 0);                /* exit 0 */
    w[0x38 / 4] = enc_jal(0, 0);
    w[0x40 / 4] = enc_sw(0, RV_T2, 0);                    /* handler: msip = 0 */
    w[0x44 / 4] = enc_csrrs(RV_T3, 0x342, 0);             /* t3 = mcause */
    w[0x48 / 4] = enc_branch(4, RV_T3, 0, 0x10);          /* blt t3, x0: interrupt */
    w[0x4c / 4] = enc_csrrs(RV_T4, 0x341, 0);
    w[0x50 / 4] = enc_addi(RV_T4, RV_T4, 4);
    w[0x54 / 4] = enc_csrrw(0, 0x341, RV_T4);             /* mepc += 4 */
    w[0x58 / 4] = ENC_MRET;

    want[n++] = regs(rec_at(w, 0x00, SIM_OP_INT), NONE, NONE, RV_T0);
    want[n++] = regs(rec_at(w, 0x04, SIM_OP_INT), RV_T0, NONE, RV_T0);
    want[n++] = regs(rec_at(w, 0x08, SIM_OP_CSR), RV_T0, NONE, NONE);
    want[n++] = regs(rec_at(w, 0x0c, SIM_OP_INT), NONE, NONE, RV_T2);
    want[n++] = regs(rec_at(w, 0x10, SIM_OP_INT), NONE, NONE, RV_T1);
    want[n++] = regs(rec_at(w, 0x14, SIM_OP_CSR), RV_T1, NONE, NONE);
    want[n++] = rec_at(w, 0x18, SIM_OP_CSR);
    want[n++] = regs(rec_at(w, 0x1c, SIM_OP_INT), NONE, NONE, RV_T1);
    r = regs(rec_at(w, 0x20, SIM_OP_STORE), RV_T2, RV_T1, NONE);
    r.mem_addr = 0x2000000;
    r.mem_size = 4;
    r.flags = SIM_INST_TRAP;                              /* the interrupt follows it */
    want[n++] = r;
    r = regs(rec_at(w, 0x40, SIM_OP_STORE), RV_T2, NONE, NONE);
    r.mem_addr = 0x2000000;
    r.mem_size = 4;
    want[n++] = r;
    want[n++] = regs(rec_at(w, 0x44, SIM_OP_CSR), NONE, NONE, RV_T3);
    r = regs(rec_at(w, 0x48, SIM_OP_BRANCH), RV_T3, NONE, NONE);
    r.branch = SIM_BR_COND;
    r.target = BASE + 0x58;
    r.taken = 1;                                          /* mcause < 0: an interrupt */
    want[n++] = r;
    want[n++] = rec_at(w, 0x58, SIM_OP_SYSTEM);           /* mret to 0x24 */
    r = rec_at(w, 0x24, SIM_OP_SYSTEM);
    r.flags |= SIM_INST_TRAP;                             /* ecall; 0x40 runs unrecorded */
    want[n++] = r;
    want[n++] = regs(rec_at(w, 0x44, SIM_OP_CSR), NONE, NONE, RV_T3);
    r = regs(rec_at(w, 0x48, SIM_OP_BRANCH), RV_T3, NONE, NONE);
    r.branch = SIM_BR_COND;
    r.target = BASE + 0x58;
    want[n++] = r;                                        /* not taken: an exception */
    want[n++] = regs(rec_at(w, 0x4c, SIM_OP_CSR), NONE, NONE, RV_T4);
    want[n++] = regs(rec_at(w, 0x50, SIM_OP_INT), RV_T4, NONE, RV_T4);
    want[n++] = regs(rec_at(w, 0x54, SIM_OP_CSR), RV_T4, NONE, NONE);
    want[n++] = rec_at(w, 0x58, SIM_OP_SYSTEM);           /* mret to 0x28 */
    want[n++] = regs(rec_at(w, 0x28, SIM_OP_INT), NONE, NONE, RV_T0);
    want[n++] = regs(rec_at(w, 0x2c, SIM_OP_INT), RV_T0, NONE, RV_T0);
    want[n++] = regs(rec_at(w, 0x30, SIM_OP_INT), NONE, NONE, RV_T1);
    r = regs(rec_at(w, 0x34, SIM_OP_STORE), RV_T0, RV_T1, NONE);
    r.mem_addr = BASE + 0x810;
    r.mem_size = 8;
    want[n++] = r;
    ck_assert_int_eq(n, 24);

    for (unsigned c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        struct harness_sink *k;
        sim_t *s = run_prog(w, 0x5c / 4, chunks[c], &k);

        check_stream(k, want, n, chunks[c]);
        ck_assert_double_eq(sim_stat(s, "cpu.insts"), n);
        ck_assert_double_eq(sim_stat(s, "cpu.traps"), 2);
        sim_close(s);
    }
}
END_TEST

/* -------------------------- counts at a limit, mid-run, after a reset */

/* A loop of 50 rounds of a load, a store, an add and a branch (four
 * records a round, blocks of four, so a consumer asking for 3 at a time
 * stops inside blocks), then the store to tohost: 206 instructions. */
static int mix_prog(uint32_t *w)
{
    int n = 0;

    w[n++] = enc_auipc(RV_T2, 0);
    w[n++] = enc_addi(RV_T0, 0, 50);
    w[n++] = enc_ld(RV_T1, RV_T2, 0x400);                  /* 0x08: the loop */
    w[n++] = enc_sd(RV_T1, RV_T2, 0x408);
    w[n++] = enc_addi(RV_T0, RV_T0, -1);
    w[n++] = enc_branch(1, RV_T0, 0, -12);                 /* bne t0, x0 */
    w[n++] = enc_addi(RV_T0, RV_T2, 0x7ff);
    w[n++] = enc_addi(RV_T0, RV_T0, 0x11);                 /* tohost, BASE + 0x810 */
    w[n++] = enc_addi(RV_T1, 0, 1);
    w[n++] = enc_sd(RV_T1, RV_T0, 0);
    w[n++] = enc_jal(0, 0);
    return n;
}

/* The source's counts since the last reset are those of records [from,
 * k->n) the sink was handed: cpu.insts, each class of the mix, its total,
 * loads and stores. They wrapped below zero at a limit or after a reset
 * (blocks' entries not folded into the mix when the stats were read). */
static void check_counts(sim_t *s, const struct harness_sink *k, int from, const char *when)
{
    double want[SIM_OP_COUNT] = { 0 };
    char names[] = SIM_OP_NAMES, key[64], *name = strtok(names, "|");

    for (int j = from; j < k->n; j++)
        want[k->rec[j].op]++;
    ck_assert_msg(sim_stat(s, "cpu.insts") == k->n - from, "%s: cpu.insts %.0f, %d handed out",
                  when, sim_stat(s, "cpu.insts"), k->n - from);
    ck_assert_msg(sim_stat(s, "cpu.mix.total") == k->n - from, "%s: cpu.mix.total %.0f, want %d",
                  when, sim_stat(s, "cpu.mix.total"), k->n - from);
    for (int c = 0; c < SIM_OP_COUNT; c++, name = strtok(NULL, "|")) {
        snprintf(key, sizeof key, "cpu.mix.%s", name);
        ck_assert_msg(sim_stat(s, key) == want[c], "%s: %s %.0f, want %.0f", when, key,
                      sim_stat(s, key), want[c]);
    }
    ck_assert_double_eq(sim_stat(s, "cpu.loads"), want[SIM_OP_LOAD]);
    ck_assert_double_eq(sim_stat(s, "cpu.stores"), want[SIM_OP_STORE]);
}

START_TEST(test_riscv_records_counts_to_the_end)
{
    uint32_t w[16];
    int n = mix_prog(w);
    struct harness_sink *k;
    sim_error err;
    sim_t *s = run_prog(w, n, 3, &k);

    ck_assert_int_eq(k->n, 206);
    check_counts(s, k, 0, "to the end");
    ck_assert_double_eq(sim_stat(s, "cpu.mix.load"), 50);
    ck_assert_double_eq(sim_stat(s, "cpu.mix.store"), 51);
    ck_assert_double_eq(sim_stat(s, "cpu.mix.branch"), 50);
    sim_close(s);

    /* a limit the whole run is within: the same counts */
    s = open_prog(w, n, 3, &k);
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 1000000, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(k->n, 206);
    check_counts(s, k, 0, "within a limit");
    sim_close(s);
}
END_TEST

START_TEST(test_riscv_records_counts_at_a_limit)
{
    uint32_t w[16];
    int n = mix_prog(w);
    struct harness_sink *k;
    sim_error err;
    sim_t *s = open_prog(w, n, 3, &k);

    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 101, &err), SIM_RUN_LIMIT);
    ck_assert_int_eq(k->n, 102);    /* the sink retires what it got, 3 at a time */
    check_counts(s, k, 0, "at a limit");
    sim_close(s);
}
END_TEST

START_TEST(test_riscv_records_counts_mid_run_and_after_a_reset)
{
    uint32_t w[16];
    int n = mix_prog(w);
    struct harness_sink *k;
    sim_error err;
    sim_t *s = open_prog(w, n, 3, &k);
    int from;

    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_CYCLES, 20, &err), SIM_RUN_LIMIT);
    check_counts(s, k, 0, "mid-run");
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 40, &err), SIM_RUN_LIMIT);
    check_counts(s, k, 0, "mid-run, again");
    sim_stats_reset(s);             /* a warm-up's end */
    from = k->n;
    check_counts(s, k, from, "right after a reset");
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 61, &err), SIM_RUN_LIMIT);
    check_counts(s, k, from, "after a reset, at a limit");
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(k->n, 206);
    check_counts(s, k, from, "after a reset, to the end");
    sim_close(s);
}
END_TEST

Suite *riscv_records_suite(void)
{
    Suite *s = suite_create("riscv_records");
    TCase *tc = tcase_create("riscv_records");

    tcase_add_test(tc, test_riscv_records_loop_call_return);
    tcase_add_test(tc, test_riscv_records_interrupt_and_ecall);
    tcase_add_test(tc, test_riscv_records_counts_to_the_end);
    tcase_add_test(tc, test_riscv_records_counts_at_a_limit);
    tcase_add_test(tc, test_riscv_records_counts_mid_run_and_after_a_reset);
    suite_add_tcase(s, tc);
    return s;
}
