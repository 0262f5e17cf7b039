/* models/trace/champsim.c - a ChampSim trace as an instruction source: reads
 * the 64-byte `input_instr` records (plain, xz or gzip; format in
 * champsim.h) and hands sim_inst records to a timing model on its `insts`
 * port, exactly as the RISC-V model does for a program, so every core model
 * runs x86 traces too.
 *
 * What a trace gives and what it does not: instruction addresses, branch
 * direction, up to two destination and four source registers, up to two
 * store and four load addresses. The branch kind is deduced from the
 * registers as ChampSim does; the branch target is the next record's
 * address; the instruction length is the distance to the next instruction
 * when control falls through to it, `inst_size` otherwise; every access is
 * `mem_size` bytes; every operation is an integer one (the format has no
 * operation class), so functional-unit latencies other than integer and
 * load/store are not exercised. An instruction with several memory operands
 * becomes several records (loads, stores, then the branch), flagged
 * SIM_INST_MORE but the last, which alone counts as an instruction.
 * The instruction pointer register (26) is not a dependence: control flow
 * is carried by the branch fields. The stack pointer is folded as ChampSim
 * folds it (champsim_fmt.c: an instruction that writes it does not, as a
 * dependence, when it is a branch, has a memory operand, or reads no other
 * register), so pops and returns do not serialize on their loads.
 *
 * Where this differs from ChampSim, because a sim_inst record holds one
 * memory access and three source registers: a fourth source register is
 * dropped; the records of an instruction complete one by one, so a consumer
 * of its destinations waits for its last record, not for all its loads, and
 * an indirect jump through memory (jmp [rax*8+table]) resolves without
 * waiting for its load (ChampSim completes an instruction, and resolves its
 * branch, when every memory operand has); register 255 reads as "none"
 * (SIM_REG_NONE); BRANCH_OTHER runs, and is counted, as a conditional
 * branch; the OoO core takes physical registers by RISC-V class (ids 32-63
 * from the FP pool, 64 and up from none).
 *
 * A workload: the trace is `trace:` or the run's workload path; it ends at
 * the end of the trace or after `count` instructions (`repeat` starts the
 * trace again when it ends first, as ChampSim does). A truncated record or
 * corrupt compressed data stops the run with the record number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_type.h>
#include "models/trace/champsim.h"
#include "models/trace/trace_io.h"

struct champsim_cfg {
    const char *trace;
    uint64_t skip, count;
    bool repeat;
    uint32_t mem_size, inst_size;
};

struct champsim {
    struct champsim_cfg cfg;
    sim_comp *comp;
    struct tio *in;
    char *path;
    bool loaded, done;
    struct cs_instr cur, next;
    bool have_cur, have_next;
    sim_inst q[CS_MAX_RECORDS];     /* records of the current instruction */
    int qh, qn;
    uint64_t read;                  /* trace records read from the current pass */
    uint64_t given;                 /* instructions handed out, for count: st.insts
                                       restarts at a warm-up's end */
    char why[512];                  /* why the trace stopped (stop) */
    struct {
        uint64_t insts, records, loads, stores, cracked, skipped, passes;
        uint64_t kinds[SIM_BR_COUNT];
    } st;
};
enum { CS_INSTS };

static const sim_param champsim_params[] = {
    SIM_PARAM_STRING("trace", struct champsim_cfg, trace, "",
                     "trace file (.xz, .gz or plain); empty: the run's workload"),
    SIM_PARAM_UINT("skip", struct champsim_cfg, skip, 0, 0, 1.8e19,
                   "trace instructions skipped before the first record is handed out"),
    SIM_PARAM_UINT("count", struct champsim_cfg, count, 0, 0, 1.8e19,
                   "instructions to hand out at most (0: to the end of the trace)"),
    SIM_PARAM_BOOL("repeat", struct champsim_cfg, repeat, false,
                   "start the trace again at its end (needs count)"),
    SIM_PARAM_UINT("mem_size", struct champsim_cfg, mem_size, 8, 1, 64,
                   "bytes per memory access (the format records addresses only)"),
    SIM_PARAM_UINT("inst_size", struct champsim_cfg, inst_size, 4, 1, 15,
                   "instruction length where the next address does not tell it"),
};

static const sim_stat champsim_stats[] = {
    SIM_STAT_U("insts", struct champsim, st.insts, "insts",
               "trace instructions handed out (at their first record), ahead of what the "
               "timing model committed by those in flight"),
    SIM_STAT("records", struct champsim, st.records,
             "sim_inst records handed out (instructions after cracking)"),
    SIM_STAT("loads", struct champsim, st.loads, "load operands"),
    SIM_STAT("stores", struct champsim, st.stores, "store operands"),
    SIM_STAT("cracked", struct champsim, st.cracked,
             "instructions handed out as more than one record"),
    SIM_STAT("skipped", struct champsim, st.skipped,
             "instructions skipped (skip, and between the samples of a sampled run)"),
    SIM_STAT("passes", struct champsim, st.passes, "times the trace was started"),
    SIM_STAT_VEC("branches", struct champsim, st.kinds,
                 "none|cond|jump|indirect|call|call_indirect|return",
                 "instructions by branch kind, as deduced from the registers (ChampSim's "
                 "BRANCH_OTHER as cond)"),
};

static const sim_port champsim_ports[] = {
    [CS_INSTS] = { "insts", SIM_TARGET | SIM_INSTS, "instruction records for a timing model" },
};

static void *champsim_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct champsim_cfg *cfg = cfgp;
    struct champsim *t;

    if (cfg->repeat && cfg->count == 0) {
        sim_param_error(err, comp, "repeat", "a repeated trace needs `count` to end");
        return NULL;
    }
    t = sim_zalloc(err, sizeof(*t));
    if (!t)
        return NULL;
    t->cfg = *cfg;
    t->comp = comp;
    return t;
}

static void stop(struct champsim *t, int code, const char *what)
{
    t->done = true;
    snprintf(t->why, sizeof t->why, "%s", what ? what : "");
    if (code)
        sim_fail(t->comp, code, "%s: %s", t->path, what);
    else
        sim_exit(t->comp, 0);
}

static int open_trace(struct champsim *t, sim_error *err)
{
    char msg[300];

    t->in = tio_open_read(t->path, msg, sizeof msg);
    if (!t->in)
        return sim_error_set(err, SIM_EWORKLOAD, "%s", msg);
    t->read = 0;
    t->st.passes++;
    return 0;
}

/* Next trace instruction into *in: 1, 0 at the end, -1 after stopping the
 * run on an error. */
static int read_one(struct champsim *t, struct cs_instr *in)
{
    uint8_t rec[CS_RECORD];
    long got = tio_read(t->in, rec, sizeof rec);
    char what[400];

    if (got == CS_RECORD) {
        cs_decode(rec, in);
        t->read++;
        return 1;
    }
    if (got == 0)
        return 0;
    if (got < 0)
        snprintf(what, sizeof what, "%s after %llu records", tio_error(t->in),
                 (unsigned long long)t->read);
    else
        snprintf(what, sizeof what, "truncated: record %llu has %ld of %d bytes "
                 "(%s data ends at byte %llu)", (unsigned long long)t->read + 1, got, CS_RECORD,
                 tio_format(t->in), (unsigned long long)tio_offset(t->in));
    stop(t, SIM_EWORKLOAD, what);
    return -1;
}

/* Advance the lookahead: cur <- next, next <- the following record; a
 * repeated trace is reopened at its end. */
static int advance(struct champsim *t)
{
    int rc;

    t->cur = t->next;
    t->have_cur = t->have_next;
    rc = read_one(t, &t->next);
    if (rc == 0 && t->cfg.repeat) {
        sim_error err;

        tio_close(t->in, NULL, 0);
        t->in = NULL;
        if (open_trace(t, &err)) {
            stop(t, SIM_EWORKLOAD, err.message);
            return -1;
        }
        rc = read_one(t, &t->next);
        if (rc == 0) {
            stop(t, SIM_EWORKLOAD, "the trace is empty");
            return -1;
        }
    }
    if (rc < 0)
        return -1;
    t->have_next = rc == 1;
    return 0;
}

static int prime(struct champsim *t, sim_error *err)
{
    int rc = read_one(t, &t->next);

    if (rc < 0)
        return sim_error_set(err, SIM_EWORKLOAD, "%s: unreadable first record: %s", t->path,
                             t->why);
    if (rc == 0)
        return sim_error_set(err, SIM_EWORKLOAD, "%s: the trace is empty", t->path);
    t->have_next = true;
    for (uint64_t i = 0; i < t->cfg.skip; i++) {
        if (advance(t))
            return sim_error_set(err, SIM_EWORKLOAD, "%s: while skipping: %s", t->path, t->why);
        if (!t->have_next)
            return sim_error_set(err, SIM_EWORKLOAD, "%s: skip %llu is past the trace's end "
                                 "(%llu records)", t->path, (unsigned long long)t->cfg.skip,
                                 (unsigned long long)t->read);
        t->st.skipped++;
    }
    return 0;
}

static int champsim_load(void *self, const char *path, int argc, const char *const *argv,
                         sim_error *err)
{
    struct champsim *t = self;
    int rc;

    if (t->loaded && t->cfg.trace[0])
        return 0;                   /* reads its own trace, not the run's workload */
    if (t->loaded)
        return sim_error_set(err, SIM_ESTATE, "%s: a trace is already loaded",
                             sim_comp_name(t->comp));
    if (argc > 1)
        return sim_error_set(err, SIM_EWORKLOAD, "%s: a trace takes no arguments (got %d)",
                             path, argc - 1);
    t->path = strdup(path);
    if (!t->path)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    if ((rc = open_trace(t, err)) || (rc = prime(t, err)))
        return rc;
    t->loaded = true;
    return 0;
}

static int champsim_start(void *self, sim_error *err)
{
    struct champsim *t = self;
    int rc;

    if (!t->cfg.trace[0])
        return 0;
    if ((rc = champsim_load(t, t->cfg.trace, 0, NULL, err)))
        return rc;
    sim_workload_start(t->comp);
    return 0;
}

static int champsim_insts(void *self, int port, sim_inst *out, int n)
{
    struct champsim *t = self;
    int k = 0;

    if (!t->loaded)
        return 0;
    while (k < n) {
        if (t->qh == t->qn) {
            if (t->done)
                break;
            if (t->cfg.count && t->given == t->cfg.count) {
                stop(t, 0, NULL);
                break;
            }
            if (advance(t))
                break;
            if (!t->have_cur) {
                stop(t, 0, NULL);
                break;
            }
            t->qn = cs_to_records(&t->cur, t->have_next ? t->next.ip : 0, t->cfg.mem_size,
                                  t->cfg.inst_size, t->q);
            t->qh = 0;
            t->given++;
            t->st.insts++;
            t->st.kinds[t->q[t->qn - 1].branch]++;
            t->st.cracked += t->qn > 1;
            for (int i = 0; i < t->qn; i++) {
                t->st.loads += t->q[i].op == SIM_OP_LOAD;
                t->st.stores += t->q[i].op == SIM_OP_STORE;
            }
        }
        out[k++] = t->q[t->qh++];
        t->st.records++;
    }
    return k;
}

/* Sampled runs: the next n trace instructions are read past, after the
 * records of the current one. */
static uint64_t champsim_skip(void *self, uint64_t n)
{
    struct champsim *t = self;
    uint64_t k = 0;

    if (!t->loaded || t->done)
        return 0;
    for (; k < n; k++) {
        if (advance(t))
            break;
        if (!t->have_cur) {
            stop(t, 0, NULL);
            break;
        }
        t->st.skipped++;
    }
    return k;
}

static void champsim_fini(void *self)
{
    struct champsim *t = self;

    tio_close(t->in, NULL, 0);
    free(t->path);
    free(t);
}

const sim_type models_champsim = {
    .name = "champsim",
    .doc = "ChampSim trace reader (plain, xz, gzip): x86 instruction records for a "
           "timing model.",
    .params = champsim_params, .n_params = SIM_COUNT(champsim_params),
    .stats = champsim_stats, .n_stats = SIM_COUNT(champsim_stats),
    .ports = champsim_ports, .n_ports = SIM_COUNT(champsim_ports),
    .cfg_size = sizeof(struct champsim_cfg),
    .init = champsim_init, .start = champsim_start, .fini = champsim_fini,
    .insts = champsim_insts, .load = champsim_load, .skip = champsim_skip,
};
