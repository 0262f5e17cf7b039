/* tests/unit/models/test_champsim.c - the ChampSim trace reader and writer:
 * the 64-byte record layout, ChampSim's branch-kind deduction for every
 * kind, the translation of hand-built instructions into sim_inst records
 * (cracking of several memory operands, lengths, targets, registers), the
 * reader component end to end on plain, gzip and xz files (skip, count,
 * repeat), what its counts count at a limit and after a stats reset (count
 * holds across the reset), the errors a bad trace gives: truncated
 * records, truncated or corrupt compressed data, a missing file; and the
 * writer's count. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "models/trace/champsim.h"
#include "models/trace/trace_io.h"

/* --------------------------------------------------------------- helpers */

static struct cs_instr ins(uint64_t ip)
{
    struct cs_instr c;

    memset(&c, 0, sizeof(c));
    c.ip = ip;
    return c;
}

static void regs(struct cs_instr *c, uint8_t d0, uint8_t d1, uint8_t s0, uint8_t s1, uint8_t s2,
                 uint8_t s3)
{
    c->dreg[0] = d0;
    c->dreg[1] = d1;
    c->sreg[0] = s0;
    c->sreg[1] = s1;
    c->sreg[2] = s2;
    c->sreg[3] = s3;
}

/* A trace of n instructions through the trace_io writer (format from the
 * name); cut > 0 keeps only that many bytes of the file. */
static void write_trace(const char *path, const struct cs_instr *in, int n, long cut)
{
    char msg[256];
    struct tio *t = tio_open_write(path, msg, sizeof msg);

    ck_assert_msg(t != NULL, "%s", msg);
    for (int i = 0; i < n; i++) {
        uint8_t rec[CS_RECORD];

        cs_encode(&in[i], rec);
        ck_assert_int_eq(tio_write(t, rec, sizeof rec), 0);
    }
    ck_assert_int_eq(tio_close(t, msg, sizeof msg), 0);
    if (cut > 0)
        ck_assert_int_eq(truncate(path, cut), 0);
}

static sim_t *open_reader(const char *trace, const char *extra, sim_error *err)
{
    char yaml[1024];
    sim_t *s;

    snprintf(yaml, sizeof yaml,
             "clocks: {default: 1GHz}\n"
             "components:\n"
             "  cpu: {type: champsim, trace: \"%s\"%s}\n"
             "  sink: {type: sink, chunk: 5}\n"
             "connections:\n"
             "  - sink.in -> cpu.insts\n", trace, extra);
    s = sim_open_string(yaml, "test.yaml", err);
    if (!s)
        return NULL;
    if (sim_register_type(s, &harness_sink, err) || sim_elaborate(s, err)) {
        sim_close(s);
        return NULL;
    }
    return s;
}

/* A small program: every kind of instruction the reader must translate. */
static int sample(struct cs_instr *t)
{
    int n = 0;

    t[n] = ins(0x1000);                                 /* add rax, rbx: 3 bytes */
    regs(&t[n++], 10, 25, 10, 7, 0, 0);
    t[n] = ins(0x1003);                                 /* mov rcx, [rbx]: a load */
    regs(&t[n], 9, 0, 7, 0, 0, 0);
    t[n++].smem[0] = 0x8000;
    t[n] = ins(0x1007);                                 /* add [rbx], rax: load + store */
    regs(&t[n], 25, 0, 7, 10, 0, 0);
    t[n].smem[0] = 0x8040;
    t[n++].dmem[0] = 0x8040;
    t[n] = ins(0x100a);                                 /* jne 0x1000, taken */
    regs(&t[n], CS_REG_IP, 0, CS_REG_IP, CS_REG_FLAGS, 0, 0);
    t[n].is_branch = 1;
    t[n++].taken = 1;
    t[n] = ins(0x1000);                                 /* call 0x2000: pushes */
    regs(&t[n], CS_REG_SP, CS_REG_IP, CS_REG_SP, CS_REG_IP, 0, 0);
    t[n].is_branch = 1;
    t[n].taken = 1;
    t[n++].dmem[0] = 0x7ff8;
    t[n] = ins(0x2000);                                 /* ret: pops */
    regs(&t[n], CS_REG_SP, CS_REG_IP, CS_REG_SP, 0, 0, 0);
    t[n].is_branch = 1;
    t[n].taken = 1;
    t[n++].smem[0] = 0x7ff8;
    t[n] = ins(0x1005);                                 /* nop, last */
    n++;
    return n;
}

/* ------------------------------------------------------------------ tests */

START_TEST(test_cs_record_layout)
{
    struct cs_instr a = ins(0x0123456789abcdefull), b;
    uint8_t rec[CS_RECORD];

    regs(&a, 1, 2, 3, 4, 5, 6);
    a.is_branch = 1;
    a.taken = 1;
    a.dmem[1] = 0x1122334455667788ull;
    a.smem[3] = 0x99;
    cs_encode(&a, rec);
    ck_assert_uint_eq(rec[0], 0xef);                    /* little-endian ip */
    ck_assert_uint_eq(rec[7], 0x01);
    ck_assert_uint_eq(rec[8], 1);
    ck_assert_uint_eq(rec[9], 1);
    ck_assert_uint_eq(rec[10], 1);
    ck_assert_uint_eq(rec[11], 2);
    ck_assert_uint_eq(rec[12], 3);
    ck_assert_uint_eq(rec[15], 6);
    ck_assert_uint_eq(rec[24], 0x88);                   /* destination_memory[1] */
    ck_assert_uint_eq(rec[31], 0x11);
    ck_assert_uint_eq(rec[56], 0x99);                   /* source_memory[3] */
    cs_decode(rec, &b);
    ck_assert_mem_eq(&a, &b, sizeof(a));
}
END_TEST

START_TEST(test_cs_branch_kinds)
{
    struct {
        uint8_t d0, d1, s0, s1, s2, s3, trace_taken;
        int kind, taken;
    } k[] = {
        { 0, 0, 10, 7, 0, 0, 0, SIM_BR_NONE, 0 },
        { 9, CS_REG_SP, CS_REG_SP, 0, 0, 0, 0, SIM_BR_NONE, 0 },            /* push */
        { CS_REG_IP, 0, 0, 0, 0, 0, 0, SIM_BR_JUMP, 1 },                    /* jmp */
        { CS_REG_IP, 0, CS_REG_IP, 0, 0, 0, 0, SIM_BR_JUMP, 1 },            /* jmp rel */
        { CS_REG_IP, 0, 10, 0, 0, 0, 0, SIM_BR_INDIRECT, 1 },               /* jmp rax */
        { CS_REG_IP, 0, CS_REG_IP, CS_REG_FLAGS, 0, 0, 0, SIM_BR_COND, 0 }, /* jcc, not taken */
        { CS_REG_IP, 0, CS_REG_IP, CS_REG_FLAGS, 0, 0, 1, SIM_BR_COND, 1 },
        { CS_REG_IP, 0, CS_REG_IP, 9, 0, 0, 1, SIM_BR_COND, 1 },            /* jrcxz */
        { CS_REG_SP, CS_REG_IP, CS_REG_SP, CS_REG_IP, 0, 0, 0, SIM_BR_CALL, 1 },
        { CS_REG_SP, CS_REG_IP, CS_REG_SP, CS_REG_IP, 10, 0, 0, SIM_BR_CALL_INDIRECT, 1 },
        { CS_REG_SP, CS_REG_IP, CS_REG_SP, 0, 0, 0, 0, SIM_BR_RETURN, 1 },
        /* writes ip but fits no pattern (reads sp and flags): ChampSim's
         * BRANCH_OTHER, direction from the trace */
        { CS_REG_IP, 0, CS_REG_SP, CS_REG_FLAGS, CS_REG_IP, 0, 0, SIM_BR_COND, 0 },
    };

    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
        struct cs_instr c = ins(0x40);
        uint8_t taken;

        regs(&c, k[i].d0, k[i].d1, k[i].s0, k[i].s1, k[i].s2, k[i].s3);
        c.taken = k[i].trace_taken;
        ck_assert_msg(cs_branch_kind(&c, &taken) == k[i].kind, "row %zu", i);
        ck_assert_msg(taken == k[i].taken, "row %zu: taken %d", i, taken);
    }
}
END_TEST

START_TEST(test_cs_translation)
{
    struct cs_instr t[16];
    sim_inst r[CS_MAX_RECORDS];
    int n = sample(t);

    /* add rax, rbx: one integer record, 3 bytes long, ip-free registers */
    ck_assert_int_eq(cs_to_records(&t[0], t[1].ip, 8, 4, r), 1);
    ck_assert_uint_eq(r[0].op, SIM_OP_INT);
    ck_assert_uint_eq(r[0].size, 3);
    ck_assert_uint_eq(r[0].src[0], 10);
    ck_assert_uint_eq(r[0].src[1], 7);
    ck_assert_uint_eq(r[0].src[2], SIM_REG_NONE);
    ck_assert_uint_eq(r[0].dst[0], 10);
    ck_assert_uint_eq(r[0].dst[1], 25);
    ck_assert_uint_eq(r[0].flags, 0);
    /* a load: one record */
    ck_assert_int_eq(cs_to_records(&t[1], t[2].ip, 8, 4, r), 1);
    ck_assert_uint_eq(r[0].op, SIM_OP_LOAD);
    ck_assert_uint_eq(r[0].mem_addr, 0x8000);
    ck_assert_uint_eq(r[0].mem_size, 8);
    ck_assert_uint_eq(r[0].size, 4);
    /* read-modify-write: load (more follows), then the store */
    ck_assert_int_eq(cs_to_records(&t[2], t[3].ip, 4, 4, r), 2);
    ck_assert_uint_eq(r[0].op, SIM_OP_LOAD);
    ck_assert_uint_eq(r[0].flags, SIM_INST_MORE);
    ck_assert_uint_eq(r[0].dst[0], 25);
    ck_assert_uint_eq(r[1].op, SIM_OP_STORE);
    ck_assert_uint_eq(r[1].flags, 0);
    ck_assert_uint_eq(r[1].mem_addr, 0x8040);
    ck_assert_uint_eq(r[1].mem_size, 4);
    ck_assert_uint_eq(r[1].dst[0], 25);             /* the store keeps the flags written */
    ck_assert_uint_eq(r[1].size, 3);
    /* taken jne: target = next ip, length unknown (taken): inst_size; ip
     * is not a dependence */
    ck_assert_int_eq(cs_to_records(&t[3], t[4].ip, 8, 5, r), 1);
    ck_assert_uint_eq(r[0].op, SIM_OP_BRANCH);
    ck_assert_uint_eq(r[0].branch, SIM_BR_COND);
    ck_assert_uint_eq(r[0].taken, 1);
    ck_assert_uint_eq(r[0].target, 0x1000);
    ck_assert_uint_eq(r[0].size, 5);
    ck_assert_uint_eq(r[0].src[0], CS_REG_FLAGS);
    ck_assert_uint_eq(r[0].src[1], SIM_REG_NONE);
    ck_assert_uint_eq(r[0].dst[0], SIM_REG_NONE);
    /* call with its push: store, then the call */
    ck_assert_int_eq(cs_to_records(&t[4], t[5].ip, 8, 4, r), 2);
    ck_assert_uint_eq(r[0].op, SIM_OP_STORE);
    ck_assert_uint_eq(r[0].mem_addr, 0x7ff8);
    ck_assert_uint_eq(r[0].flags, SIM_INST_MORE);
    ck_assert_uint_eq(r[1].op, SIM_OP_JUMP);
    ck_assert_uint_eq(r[1].branch, SIM_BR_CALL);
    ck_assert_uint_eq(r[1].target, 0x2000);
    /* the stack pointer is folded (ChampSim): a call's does not wait */
    ck_assert_uint_eq(r[0].dst[0], SIM_REG_NONE);
    ck_assert_uint_eq(r[1].dst[0], SIM_REG_NONE);
    /* ret with its pop: load, then the return */
    ck_assert_int_eq(cs_to_records(&t[5], t[6].ip, 8, 4, r), 2);
    ck_assert_uint_eq(r[0].op, SIM_OP_LOAD);
    ck_assert_uint_eq(r[0].dst[0], SIM_REG_NONE);   /* folded: pops do not chain */
    ck_assert_uint_eq(r[1].branch, SIM_BR_RETURN);
    ck_assert_uint_eq(r[1].target, 0x1005);
    /* the last instruction has no next: default length */
    ck_assert_int_eq(cs_to_records(&t[n - 1], 0, 8, 4, r), 1);
    ck_assert_uint_eq(r[0].size, 4);
}
END_TEST

/* Stack-pointer folding as ChampSim does it: an instruction that writes
 * the stack pointer does not, as a dependence, when it is a branch, has a
 * memory operand, or reads nothing but the stack pointer and flags (sub
 * rsp, 8); it does when it reads another register (sub rsp, rax). */
START_TEST(test_cs_stack_pointer_folding)
{
    struct cs_instr c = ins(0x500);
    sim_inst r[CS_MAX_RECORDS];

    regs(&c, CS_REG_SP, 25, CS_REG_SP, 0, 0, 0);        /* sub rsp, 8 */
    ck_assert_int_eq(cs_to_records(&c, 0x504, 8, 4, r), 1);
    ck_assert_uint_eq(r[0].dst[0], 25);
    ck_assert_uint_eq(r[0].dst[1], SIM_REG_NONE);
    regs(&c, CS_REG_SP, 25, CS_REG_SP, 10, 0, 0);       /* sub rsp, rax */
    ck_assert_int_eq(cs_to_records(&c, 0x504, 8, 4, r), 1);
    ck_assert_uint_eq(r[0].dst[0], CS_REG_SP);
    ck_assert_uint_eq(r[0].dst[1], 25);
    regs(&c, CS_REG_SP, 10, CS_REG_SP, 0, 0, 0);        /* pop rax: a load */
    c.smem[0] = 0x7ff8;
    ck_assert_int_eq(cs_to_records(&c, 0x504, 8, 4, r), 1);
    ck_assert_uint_eq(r[0].dst[0], 10);
    ck_assert_uint_eq(r[0].dst[1], SIM_REG_NONE);
}
END_TEST

START_TEST(test_cs_many_operands)
{
    struct cs_instr c = ins(0x500);
    sim_inst r[CS_MAX_RECORDS];

    for (int i = 0; i < 4; i++)
        c.smem[i] = 0x1000 + 64 * (uint64_t)i;
    c.dmem[0] = 0x2000;
    c.dmem[1] = 0x2040;
    regs(&c, CS_REG_IP, 0, 10, 0, 0, 0);                /* and an indirect jump */
    ck_assert_int_eq(cs_to_records(&c, 0x900, 8, 4, r), 7);
    for (int i = 0; i < 4; i++) {
        ck_assert_uint_eq(r[i].op, SIM_OP_LOAD);
        ck_assert_uint_eq(r[i].mem_addr, 0x1000 + 64 * (uint64_t)i);
    }
    ck_assert_uint_eq(r[4].op, SIM_OP_STORE);
    ck_assert_uint_eq(r[5].mem_addr, 0x2040);
    ck_assert_uint_eq(r[6].branch, SIM_BR_INDIRECT);
    ck_assert_uint_eq(r[6].target, 0x900);
    for (int i = 0; i < 6; i++)
        ck_assert_uint_eq(r[i].flags, SIM_INST_MORE);
    ck_assert_uint_eq(r[6].flags, 0);
}
END_TEST

static void check_sample_run(const char *path)
{
    struct cs_instr t[16];
    int n = sample(t);
    sim_error err;
    sim_t *s;

    write_trace(path, t, n, 0);
    s = open_reader(path, "", &err);
    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    /* 7 instructions, 3 of them cracked in two: 10 records */
    ck_assert_int_eq(harness_sink_of(s, "sink")->n, 10);
    ck_assert_double_eq(harness_stat(s, "cpu.insts"), 7);
    ck_assert_double_eq(harness_stat(s, "cpu.records"), 10);
    ck_assert_double_eq(harness_stat(s, "cpu.loads"), 3);
    ck_assert_double_eq(harness_stat(s, "cpu.stores"), 2);
    ck_assert_double_eq(harness_stat(s, "cpu.cracked"), 3);
    ck_assert_double_eq(harness_stat(s, "cpu.branches.cond"), 1);
    ck_assert_double_eq(harness_stat(s, "cpu.branches.call"), 1);
    ck_assert_double_eq(harness_stat(s, "cpu.branches.return"), 1);
    ck_assert_uint_eq(harness_sink_of(s, "sink")->rec[0].pc, 0x1000);
    ck_assert_uint_eq(harness_sink_of(s, "sink")->rec[2].mem_addr, 0x8040);
    ck_assert_uint_eq(harness_sink_of(s, "sink")->rec[4].target, 0x1000);
    ck_assert_uint_eq(harness_sink_of(s, "sink")->rec[6].target, 0x2000);
    ck_assert_uint_eq(harness_sink_of(s, "sink")->rec[6].branch, SIM_BR_CALL);
    ck_assert_uint_eq(harness_sink_of(s, "sink")->rec[9].pc, 0x1005);
    sim_close(s);
    unlink(path);
}

START_TEST(test_cs_reader_plain_gz_xz)
{
    check_sample_run("cs_sample.trace");
    check_sample_run("cs_sample.trace.gz");
    check_sample_run("cs_sample.trace.xz");
}
END_TEST

START_TEST(test_cs_reader_skip_count_repeat)
{
    struct cs_instr t[16];
    int n = sample(t);
    sim_error err;
    sim_t *s;

    write_trace("cs_rep.trace.xz", t, n, 0);
    /* skip the first 2 instructions, stop after 3: load+store, jne, push+call */
    s = open_reader("cs_rep.trace.xz", ", skip: 2, count: 3", &err);
    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_int_eq(harness_sink_of(s, "sink")->n, 5);
    ck_assert_uint_eq(harness_sink_of(s, "sink")->rec[0].pc, 0x1007);
    ck_assert_double_eq(harness_stat(s, "cpu.skipped"), 2);
    ck_assert_double_eq(harness_stat(s, "cpu.insts"), 3);
    sim_close(s);
    /* 7 instructions, repeated to 17: three passes; the last of a pass
     * falls through to the first of the next */
    s = open_reader("cs_rep.trace.xz", ", repeat: true, count: 17", &err);
    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    ck_assert_double_eq(harness_stat(s, "cpu.insts"), 17);
    ck_assert_double_eq(harness_stat(s, "cpu.passes"), 3);
    ck_assert_uint_eq(harness_sink_of(s, "sink")->rec[10].pc, 0x1000);
    ck_assert_uint_eq(harness_sink_of(s, "sink")->rec[9].size, 4);   /* next is 0x1000: backwards */
    sim_close(s);
    /* repeat without count never ends: rejected */
    s = open_reader("cs_rep.trace.xz", ", repeat: true", &err);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err.message, "count"));
    unlink("cs_rep.trace.xz");
}
END_TEST

/* insts and records count what was handed out since the last reset, an
 * instruction at its first record (a consumer commits it at its last, so
 * its committed count differs by what is in flight). */
static void check_handed_out(sim_t *s, int from, const char *when)
{
    const struct harness_sink *k = harness_sink_of(s, "sink");
    int insts = 0;

    for (int j = from; j < k->n; j++)
        insts += j == 0 || !(k->rec[j - 1].flags & SIM_INST_MORE);
    ck_assert_msg(harness_stat(s, "cpu.records") == k->n - from, "%s: cpu.records %.0f, "
                  "%d handed out", when, harness_stat(s, "cpu.records"), k->n - from);
    ck_assert_msg(harness_stat(s, "cpu.insts") == insts, "%s: cpu.insts %.0f, %d begun", when,
                  harness_stat(s, "cpu.insts"), insts);
}

START_TEST(test_cs_reader_counts_what_it_handed_out)
{
    struct cs_instr t[16];
    int n = sample(t), from;
    double before;
    sim_error err;
    sim_t *s;

    write_trace("cs_cnt.trace", t, n, 0);
    s = open_reader("cs_cnt.trace", ", skip: 1, repeat: true, count: 1000", &err);
    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 23, &err), SIM_RUN_LIMIT);
    ck_assert_int_eq(harness_sink_of(s, "sink")->n, 25);        /* 5 at a time */
    check_handed_out(s, 0, "at a limit");
    ck_assert_double_eq(harness_stat(s, "cpu.skipped"), 1);
    before = harness_stat(s, "cpu.insts");
    sim_stats_reset(s);             /* a warm-up's end, inside a cracked instruction */
    from = harness_sink_of(s, "sink")->n;
    ck_assert_int_ne(harness_sink_of(s, "sink")->rec[from - 1].flags & SIM_INST_MORE, 0);
    ck_assert_int_eq(sim_run_for(s, SIM_UNTIL_INSTS, 31, &err), SIM_RUN_LIMIT);
    check_handed_out(s, from, "after a reset, at a limit");
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_EXITED);
    check_handed_out(s, from, "after a reset, to the end");
    ck_assert_double_eq(before + harness_stat(s, "cpu.insts"), 1000);     /* count */
    sim_close(s);
    unlink("cs_cnt.trace");
}
END_TEST

/* Run a damaged trace: the run must stop with an error naming `why`. */
static void check_bad(const char *path, const char *why)
{
    sim_error err;
    sim_t *s = open_reader(path, "", &err);
    int rc;

    ck_assert_msg(s != NULL, "%s", err.message);
    rc = sim_run(s, SIM_UNTIL_EXIT, &err);
    ck_assert_int_lt(rc, 0);
    ck_assert_msg(strstr(err.message, why) != NULL, "%s: '%s' lacks '%s'", path, err.message,
                  why);
    sim_close(s);
}

START_TEST(test_cs_reader_damaged)
{
    struct cs_instr t[400];
    sim_error err;
    sim_t *s;
    FILE *f;

    for (int i = 0; i < 400; i++) {
        t[i] = ins(0x1000 + 4 * (uint64_t)i);
        regs(&t[i], 3, 0, (uint8_t)(3 + i % 5), 0, 0, 0);
        t[i].smem[0] = i % 3 ? 0 : 0x10000 + 64 * (uint64_t)i;
    }
    /* plain: 5 records and 10 bytes of the sixth */
    write_trace("cs_bad.trace", t, 6, 5 * 64 + 10);
    check_bad("cs_bad.trace", "truncated: record 6 has 10 of 64 bytes");
    /* the same found while skipping says so, and why (it said only
     * "unreadable record while skipping") */
    s = open_reader("cs_bad.trace", ", skip: 5", &err);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(err.message, "while skipping: truncated: record 6 has 10 of 64 bytes"),
                  "%s", err.message);
    /* compressed streams cut short */
    write_trace("cs_bad.trace.xz", t, 400, 0);
    f = fopen("cs_bad.trace.xz", "rb");
    fseek(f, 0, SEEK_END);
    ck_assert_int_eq(truncate("cs_bad.trace.xz", ftell(f) - 30), 0);
    fclose(f);
    check_bad("cs_bad.trace.xz", "xz data ends early");
    write_trace("cs_bad.trace.gz", t, 400, 0);
    f = fopen("cs_bad.trace.gz", "rb");
    fseek(f, 0, SEEK_END);
    ck_assert_int_eq(truncate("cs_bad.trace.gz", ftell(f) - 30), 0);
    fclose(f);
    check_bad("cs_bad.trace.gz", "gzip data ends early");
    /* corrupt xz: flip bytes in the middle of the stream */
    write_trace("cs_bad.trace.xz", t, 400, 0);
    f = fopen("cs_bad.trace.xz", "r+b");
    fseek(f, 200, SEEK_SET);
    fputs("garbage!", f);
    fclose(f);
    check_bad("cs_bad.trace.xz", "corrupt xz data");
    unlink("cs_bad.trace");
    unlink("cs_bad.trace.xz");
    unlink("cs_bad.trace.gz");
    /* missing file and empty file: rejected when loaded */
    s = open_reader("no/such.trace", "", &err);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err.message, "no/such.trace"));
    f = fopen("cs_empty.trace", "wb");
    fclose(f);
    s = open_reader("cs_empty.trace", "", &err);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err.message, "empty"));
    unlink("cs_empty.trace");
    /* a plain trace named .xz or .gz: its name is wrong, not its records */
    write_trace("cs_plain.trace", t, 4, 0);
    ck_assert_int_eq(rename("cs_plain.trace", "cs_plain.trace.xz"), 0);
    s = open_reader("cs_plain.trace.xz", "", &err);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err.message, "not xz data"));
    ck_assert_int_eq(rename("cs_plain.trace.xz", "cs_plain.trace.gz"), 0);
    s = open_reader("cs_plain.trace.gz", "", &err);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err.message, "not gzip data"));
    unlink("cs_plain.trace.gz");
}
END_TEST

START_TEST(test_cs_writer_registers)
{
    /* the writer's renumbering keeps ChampSim's reserved registers for
     * their meaning and is one-to-one on everything else */
    int seen[256] = { 0 };

    ck_assert_uint_eq(cs_reg_from_sim(2), CS_REG_SP);
    ck_assert_uint_eq(cs_reg_from_sim(0), 0);
    ck_assert_uint_eq(cs_reg_from_sim(SIM_REG_NONE), 0);
    for (int r = 1; r < 253; r++) {
        uint8_t m = cs_reg_from_sim((uint8_t)r);

        ck_assert_uint_ne(m, 0);
        if (r != 2)
            ck_assert_msg(m != CS_REG_SP && m != CS_REG_FLAGS && m != CS_REG_IP, "r%d", r);
        ck_assert_msg(!seen[m], "r%d collides", r);
        seen[m] = 1;
    }
}
END_TEST

START_TEST(test_cs_writer_count_ends_run)
{
    /* a writer that is the consumer stops the run at its count, a success:
     * before, the reader's workload was left waiting and the run stalled */
    struct cs_instr t[400];
    sim_error err;
    sim_t *s;
    FILE *f;

    for (int i = 0; i < 400; i++) {
        t[i] = ins(0x1000 + 4 * (uint64_t)i);
        regs(&t[i], 3, 0, 4, 0, 0, 0);
    }
    write_trace("cs_cnt_in.trace", t, 400, 0);
    s = sim_open_string("clocks: {default: 1GHz}\n"
                        "components:\n"
                        "  cpu: {type: champsim, trace: cs_cnt_in.trace}\n"
                        "  w: {type: champsim_writer, file: cs_cnt_out.trace, count: 100}\n"
                        "connections: [w.src -> cpu.insts]\n", "test.yaml", &err);
    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(sim_run(s, SIM_UNTIL_EXIT, &err), SIM_RUN_STOPPED);
    ck_assert_double_eq(harness_stat(s, "w.insts"), 100);
    ck_assert_double_eq(harness_stat(s, "sim.insts"), 100);
    sim_close(s);
    f = fopen("cs_cnt_out.trace", "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    ck_assert_int_eq(ftell(f), 100 * CS_RECORD);
    fclose(f);
    unlink("cs_cnt_in.trace");
    unlink("cs_cnt_out.trace");
}
END_TEST

/* A trace read and written again keeps its x86 registers: the writer
 * renumbers a RISC-V source's, not a reader's (the flags 25 came out as 64
 * and the stack pointer 6 as 2). */
START_TEST(test_cs_writer_keeps_a_traces_registers)
{
    struct cs_instr t[3], o;
    uint8_t rec[CS_RECORD];
    sim_error err;
    sim_t *s;
    FILE *f;

    t[0] = ins(0x1000);
    regs(&t[0], 11, CS_REG_FLAGS, 10, 12, 0, 0);               /* add r11, r10, r12 */
    t[1] = ins(0x1004);
    regs(&t[1], CS_REG_IP, 0, CS_REG_IP, CS_REG_FLAGS, 0, 0);  /* jne */
    t[1].is_branch = 1;
    t[2] = ins(0x1008);
    regs(&t[2], CS_REG_SP, 0, CS_REG_SP, 40, 0, 0);            /* sub rsp, r40 */
    write_trace("cs_x86_in.trace", t, 3, 0);
    s = sim_open_string("clocks: {default: 1GHz}\n"
                        "components:\n"
                        "  cpu: {type: champsim, trace: cs_x86_in.trace}\n"
                        "  w: {type: champsim_writer, file: cs_x86_out.trace}\n"
                        "connections: [w.src -> cpu.insts]\n", "test.yaml", &err);
    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_ge(sim_run(s, SIM_UNTIL_EXIT, &err), 0);
    sim_close(s);
    f = fopen("cs_x86_out.trace", "rb");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(fread(rec, 1, sizeof rec, f), CS_RECORD);
        cs_decode(rec, &o);
        ck_assert_msg(memcmp(o.sreg, t[i].sreg, 4) == 0 && memcmp(o.dreg, t[i].dreg, 2) == 0,
                      "record %d: sources %u %u %u %u, destinations %u %u", i, o.sreg[0],
                      o.sreg[1], o.sreg[2], o.sreg[3], o.dreg[0], o.dreg[1]);
    }
    fclose(f);
    unlink("cs_x86_in.trace");
    unlink("cs_x86_out.trace");
}
END_TEST

Suite *champsim_suite(void)
{
    Suite *s = suite_create("champsim");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_cs_record_layout);
    tcase_add_test(tc, test_cs_branch_kinds);
    tcase_add_test(tc, test_cs_translation);
    tcase_add_test(tc, test_cs_stack_pointer_folding);
    tcase_add_test(tc, test_cs_writer_keeps_a_traces_registers);
    tcase_add_test(tc, test_cs_many_operands);
    tcase_add_test(tc, test_cs_reader_plain_gz_xz);
    tcase_add_test(tc, test_cs_reader_skip_count_repeat);
    tcase_add_test(tc, test_cs_reader_counts_what_it_handed_out);
    tcase_add_test(tc, test_cs_reader_damaged);
    tcase_add_test(tc, test_cs_writer_registers);
    tcase_add_test(tc, test_cs_writer_count_ends_run);
    suite_add_tcase(s, tc);
    return s;
}
