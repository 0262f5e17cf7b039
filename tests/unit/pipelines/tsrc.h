/* tests/unit/pipelines/tsrc.h - a test-only instruction source: the
 * `tsrc` component hands out the sim_inst records a test gave it, in order,
 * then nothing (which the cores take as the end of the program). Also
 * builders for hand-made records and a helper that runs a core over them.
 * Included by the pipeline test files; everything here is static. */
#ifndef TESTS_PIPELINES_TSRC_H
#define TESTS_PIPELINES_TSRC_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

struct tsrc {
    const sim_inst *prog;
    int n, pos;
    int max_chunk;                  /* records per call at most (0: any) */
    uint64_t calls;
};

static const sim_port tsrc_ports[] = {
    { "insts", SIM_TARGET | SIM_INSTS, "records to a core" },
};

static void *tsrc_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    return sim_zalloc(err, sizeof(struct tsrc));
}

static int tsrc_insts(void *self, int port, sim_inst *out, int n)
{
    struct tsrc *t = self;
    int k = t->n - t->pos;

    t->calls++;
    if (k > n)
        k = n;
    if (t->max_chunk && k > t->max_chunk)
        k = t->max_chunk;
    memcpy(out, t->prog + t->pos, (size_t)k * sizeof(*out));
    t->pos += k;
    return k;
}

static const sim_type tsrc_type = {
    .name = "tsrc", .doc = "test instruction source",
    .ports = tsrc_ports, .n_ports = 1, .init = tsrc_init, .fini = free,
    .insts = tsrc_insts,
};

/* A simulator from yaml with tsrc (and extra, unless NULL) registered, the
 * source `src` given prog. */
static inline sim_t *tsrc_open_with(const char *yaml, const sim_inst *prog, int n,
                                    const sim_type *extra)
{
    sim_error err;
    sim_t *s = sim_open_string(yaml, "test.yaml", &err);
    struct tsrc *t;

    ck_assert_msg(s != NULL, "%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    harness_register(s);
    ck_assert_msg(sim_register_type(s, &tsrc_type, &err) == 0, "%s", err.message);
    if (extra)
        ck_assert_msg(sim_register_type(s, extra, &err) == 0, "%s", err.message);
    ck_assert_msg(sim_elaborate(s, &err) == 0, "%s:%d:%d: %s", err.file, err.line, err.column,
                  err.message);
    t = sim_comp_self(sim_find_comp(s, "src"));
    t->prog = prog;
    t->n = n;
    return s;
}

/* A simulator from yaml with tsrc registered, the source `src` given prog. */
static inline sim_t *tsrc_open(const char *yaml, const sim_inst *prog, int n)
{
    return tsrc_open_with(yaml, prog, n, NULL);
}

/* Errors of a config that should be rejected. */
static inline sim_t *tsrc_open_err(const char *yaml, sim_error *err)
{
    sim_t *s = sim_open_string(yaml, "test.yaml", err);

    if (!s)
        return NULL;
    harness_register(s);
    ck_assert(sim_register_type(s, &tsrc_type, err) == 0);
    if (sim_elaborate(s, err)) {
        sim_close(s);
        return NULL;
    }
    return s;
}

static inline void run_to_exit(sim_t *s)
{
    sim_error err;
    int rc = sim_run(s, SIM_UNTIL_EXIT, &err);

    ck_assert_msg(rc == SIM_RUN_EXITED, "run returned %d: %s", rc, rc < 0 ? err.message : "");
}

static inline double stat(sim_t *s, const char *name)
{
    double v = sim_stat(s, name);

    ck_assert_msg(v == v, "no stat %s", name);
    return v;
}

/* ---- record builders: registers 1-31 integer, 32-63 FP */

#define R(x) ((uint8_t)(x))
#define NOREG SIM_REG_NONE

static inline sim_inst mk(uint64_t pc, int op, int dst, int s1, int s2)
{
    sim_inst in;

    memset(&in, 0, sizeof(in));
    in.pc = pc;
    in.size = 4;
    in.op = (uint8_t)op;
    in.dst[0] = dst < 0 ? NOREG : R(dst);
    in.dst[1] = NOREG;
    in.src[0] = s1 < 0 ? NOREG : R(s1);
    in.src[1] = s2 < 0 ? NOREG : R(s2);
    in.src[2] = NOREG;
    return in;
}

static inline sim_inst mk_load(uint64_t pc, int dst, int base, uint64_t addr)
{
    sim_inst in = mk(pc, SIM_OP_LOAD, dst, base, -1);

    in.mem_addr = addr;
    in.mem_size = 8;
    return in;
}

static inline sim_inst mk_store(uint64_t pc, int base, int data, uint64_t addr)
{
    sim_inst in = mk(pc, SIM_OP_STORE, -1, base, data);

    in.mem_addr = addr;
    in.mem_size = 8;
    return in;
}

static inline sim_inst mk_branch(uint64_t pc, int s1, bool taken, uint64_t target)
{
    sim_inst in = mk(pc, SIM_OP_BRANCH, -1, s1, -1);

    in.branch = SIM_BR_COND;
    in.taken = taken;
    in.target = target;
    return in;
}

/* A zeroed array of n records; the caller frees it. */
static inline sim_inst *prog_new(int n)
{
    sim_inst *p = calloc((size_t)n, sizeof(*p));

    ck_assert_ptr_nonnull(p);
    return p;
}

/* Run prog on a core built from yaml (the instance is `cpu`), check it
 * committed all of it and that every commit slot of every cycle is
 * accounted for exactly once in the CPI stack; the caller closes. */
static inline sim_t *tsrc_run(const char *yaml, const sim_inst *prog, int n)
{
    sim_t *s = tsrc_open(yaml, prog, n);

    run_to_exit(s);
    ck_assert_double_eq(stat(s, "cpu.committed"), n);
    ck_assert_double_eq(stat(s, "sim.insts"), n);
    ck_assert_double_eq(stat(s, "cpu.cpi_stack.total"),
                        stat(s, "cpu.cycles") * stat(s, "cpu.width"));
    return s;
}

static inline double tsrc_cycles(const char *yaml, const sim_inst *prog, int n)
{
    sim_t *s = tsrc_run(yaml, prog, n);
    double c = stat(s, "cpu.cycles");

    sim_close(s);
    return c;
}

/* An instruction cracked into several records (SIM_INST_MORE: a load, then
 * its operation) is one instruction in committed_ops, counted by its last
 * record's class (the load was counted too: 2 per instruction): checked on
 * the core yaml builds. */
static inline void tsrc_check_cracked_counts_once(const char *yaml)
{
    enum { N = 20 };
    sim_inst *p = prog_new(2 * N);
    sim_t *s;

    for (int i = 0; i < N; i++) {
        p[2 * i] = mk_load(0x1000 + 4 * (uint64_t)i, 9, 2, 0x8000);
        p[2 * i].flags = SIM_INST_MORE;
        p[2 * i + 1] = mk(0x1000 + 4 * (uint64_t)i, SIM_OP_INT, 3, 9, 4);
    }
    s = tsrc_open(yaml, p, 2 * N);
    run_to_exit(s);
    ck_assert_double_eq(stat(s, "cpu.committed"), N);
    ck_assert_double_eq(stat(s, "cpu.committed_ops.int"), N);
    ck_assert_double_eq(stat(s, "cpu.committed_ops.load"), 0);
    sim_close(s);
    free(p);
}

/* Every op issued is one energy event of its operation class: a branch is
 * an op_branch (it was an op_int, an AMO an op_load, an FP move an
 * op_fadd), and the event is priced at its class's figure: checked on the
 * core yaml builds. */
static inline void tsrc_check_op_energy_events(const char *yaml)
{
    static const uint8_t ops[] = { SIM_OP_INT, SIM_OP_MUL, SIM_OP_BRANCH, SIM_OP_FADD,
                                   SIM_OP_FMISC, SIM_OP_AMO, SIM_OP_FCVT, SIM_OP_BRANCH };
    static const char *const names[] = { "int", "mul", "branch", "fadd", "fmisc", "amo", "fcvt" };
    enum { N = 240 };
    sim_inst *p = prog_new(N);
    sim_t *s;

    for (int i = 0; i < N; i++) {
        uint64_t pc = 0x1000 + 4 * (uint64_t)i;
        int op = ops[i % 8];

        if (op == SIM_OP_BRANCH) {
            p[i] = mk_branch(pc, 5, false, 0);
        } else if (op == SIM_OP_AMO) {
            p[i] = mk_load(pc, 6, 2, 0x8000);
            p[i].op = SIM_OP_AMO;
        } else {
            bool fp = op == SIM_OP_FADD || op == SIM_OP_FMISC || op == SIM_OP_FCVT;

            p[i] = mk(pc, op, fp ? 40 + i % 4 : 7 + i % 4, fp ? 33 : 3, fp ? 34 : 4);
        }
    }
    s = tsrc_open(yaml, p, N);
    run_to_exit(s);
    for (int k = 0; k < SIM_COUNT(names); k++) {
        char ev[64], en[64];
        double want = k == 2 ? 2 * N / 8 : N / 8;

        snprintf(ev, sizeof ev, "cpu.events.op_%s", names[k]);
        snprintf(en, sizeof en, "cpu.energy.op_%s", names[k]);
        ck_assert_msg(stat(s, ev) == want, "%s: %g, want %g", ev, stat(s, ev), want);
        ck_assert_msg(stat(s, en) > 0, "%s: %g", en, stat(s, en));
    }
    ck_assert_double_eq(stat(s, "cpu.events.op_load"), 0);
    ck_assert_double_eq(stat(s, "cpu.events.op_jump"), 0);
    /* at 0.4 pJ (45 nm, 0.9 V) an FCVT costs 2.0, an FMISC 1.0: their own figures */
    ck_assert_double_eq_tol(stat(s, "cpu.energy.op_fcvt") / stat(s, "cpu.energy.op_fmisc"),
                            2.0, 1e-12);
    ck_assert_double_eq_tol(stat(s, "cpu.energy.op_amo") / stat(s, "cpu.energy.op_int"),
                            1.5, 1e-12);
    sim_close(s);
    free(p);
}

/* n adds from pc 0x1000; dep: each reads the previous one's result */
static inline sim_inst *tsrc_adds(int n, bool dep)
{
    sim_inst *p = prog_new(n);

    for (int i = 0; i < n; i++)
        p[i] = dep ? mk(0x1000 + 4 * i, SIM_OP_INT, 1, 1, 2)
                   : mk(0x1000 + 4 * i, SIM_OP_INT, 1 + i % 8, 10, 11);
    return p;
}

#endif
