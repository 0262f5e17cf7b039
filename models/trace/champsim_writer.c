/* models/trace/champsim_writer.c - writes the instruction records of a
 * source (the RISC-V model, or a trace reader) as a ChampSim trace (plain,
 * .xz or .gz by the file name), so programs run here can be fed to other
 * trace-driven simulators and to archsim's own `champsim` reader.
 *
 * Placed between a source and a core (`src` to the source, `insts` to the
 * core) it passes every record through unchanged and writes it; with
 * nothing on `insts` it is the consumer itself and pulls the source at one
 * instruction per cycle, a functional run that only writes the trace.
 * `count` closes the trace after that many instructions; the consumer then
 * stops the run (SIM_RUN_STOPPED: a success, its source's program is left
 * unfinished on purpose), a writer that passes records on lets its core run
 * to the end.
 *
 * Translation: records flagged SIM_INST_MORE are merged with the records
 * that follow into one trace instruction. A RISC-V source's registers are
 * renumbered so the ones ChampSim reserves carry their meaning: x2 (sp)
 * becomes the stack pointer 6; 6, 25 and 26 move out of the way
 * (cs_reg_from_sim). A trace reader's are x86 ones already and are kept
 * (they came out as 2 for the stack pointer and 64 for the flags); what the
 * reader left out (the instruction pointer, a folded stack pointer) comes
 * back as the patterns below, and ChampSim folds the stack pointer again. Control
 * transfers get the register pattern from which ChampSim (and the reader)
 * deduces their kind: conditional = reads ip + operands, writes ip; jump =
 * writes ip; indirect = reads its operand, writes ip; call = reads and
 * writes sp and ip (+ the target register when indirect); return = reads sp
 * and the link register, writes sp and ip. The link register write of a call
 * is not recorded (two destination slots). Loads go to source_memory,
 * stores to destination_memory, atomics to both; an access at address 0
 * cannot be recorded (0 means none) and is counted as `dropped`. Operation
 * classes, access sizes and instruction words are not in the format.
 *
 * The file is written atomically: complete when the component is torn
 * down, never half-written, and only by a run: `archsim validate`, which
 * builds the components, or a run refused before time 0 leaves an earlier
 * file of that name as it was. */
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_type.h>
#include "models/trace/champsim.h"
#include "models/trace/trace_io.h"

#define CHUNK 256

extern const sim_type models_champsim;  /* the reader: its records are x86 */

struct writer_cfg {
    const char *file;
    uint64_t count;
};

struct writer {
    struct writer_cfg cfg;
    sim_comp *comp;
    struct tio *out;
    bool standalone, done, failed;
    bool ran;                       /* records were asked for: the run began */
    bool x86;                       /* the source is a trace reader: keep its registers */
    struct cs_instr cur;            /* instruction being assembled */
    int nsrc, ndst, nld, nst;
    sim_inst buf[CHUNK];
    sim_event ev;
    struct {
        uint64_t insts, records, dropped;
    } st;
};
enum { W_SRC, W_INSTS };

static const sim_param writer_params[] = {
    SIM_PARAM_STRING("file", struct writer_cfg, file, NULL,
                     "trace file to write (.xz: xz, .gz: gzip, otherwise plain)"),
    SIM_PARAM_UINT("count", struct writer_cfg, count, 0, 0, 1.8e19,
                   "instructions to write at most (0: all)"),
};

static const sim_stat writer_stats[] = {
    SIM_STAT_U("insts", struct writer, st.insts, "insts", "trace instructions written"),
    SIM_STAT("records", struct writer, st.records, "sim_inst records seen"),
    SIM_STAT("dropped", struct writer, st.dropped,
             "memory accesses not recordable (address 0, or more than the format holds)"),
};

static const sim_port writer_ports[] = {
    [W_SRC] = { "src", SIM_INITIATOR | SIM_INSTS, "instruction records in" },
    [W_INSTS] = { "insts", SIM_TARGET | SIM_INSTS | SIM_OPTIONAL,
                  "the same records out, to a timing model; unconnected: the writer "
                  "consumes them itself" },
};

static void add_reg(uint8_t *regs, int *n, int cap, uint8_t r)
{
    if (!r)
        return;
    for (int i = 0; i < *n; i++)
        if (regs[i] == r)
            return;
    if (*n < cap)
        regs[(*n)++] = r;
}

static void fail(struct writer *w, const char *what)
{
    w->failed = true;
    w->done = true;
    sim_fail(w->comp, SIM_EIO, "%s: %s", w->cfg.file, what);
}

/* Finish the instruction being assembled with its last record `in`. */
static void emit(struct writer *w, const sim_inst *in)
{
    struct cs_instr *c = &w->cur;
    uint8_t rec[CS_RECORD];
    uint8_t src[4] = { 0 }, dst[2] = { 0 };
    int ns = 0, nd = 0;

    switch (in->branch) {
    case SIM_BR_NONE:
        break;
    case SIM_BR_COND:
        add_reg(src, &ns, 4, CS_REG_IP);
        add_reg(dst, &nd, 2, CS_REG_IP);
        break;
    case SIM_BR_JUMP:
    case SIM_BR_INDIRECT:
        add_reg(dst, &nd, 2, CS_REG_IP);
        break;
    case SIM_BR_CALL:
    case SIM_BR_CALL_INDIRECT:
        add_reg(src, &ns, 4, CS_REG_SP);
        add_reg(src, &ns, 4, CS_REG_IP);
        add_reg(dst, &nd, 2, CS_REG_SP);
        add_reg(dst, &nd, 2, CS_REG_IP);
        break;
    case SIM_BR_RETURN:
        add_reg(src, &ns, 4, CS_REG_SP);
        add_reg(dst, &nd, 2, CS_REG_SP);
        add_reg(dst, &nd, 2, CS_REG_IP);
        break;
    }
    /* Operand registers: a direct jump or call reads none. */
    if (in->branch != SIM_BR_JUMP && in->branch != SIM_BR_CALL)
        for (int i = 0; i < w->nsrc; i++)
            add_reg(src, &ns, 4, c->sreg[i]);
    if (in->branch == SIM_BR_NONE)
        for (int i = 0; i < w->ndst; i++)
            add_reg(dst, &nd, 2, c->dreg[i]);
    memcpy(c->sreg, src, sizeof(src));
    memcpy(c->dreg, dst, sizeof(dst));
    c->is_branch = in->branch != SIM_BR_NONE;
    c->taken = in->branch != SIM_BR_NONE && in->taken;
    cs_encode(c, rec);
    if (tio_write(w->out, rec, sizeof rec))
        fail(w, tio_error(w->out));
    w->st.insts++;
    memset(c, 0, sizeof(*c));
    w->nsrc = w->ndst = w->nld = w->nst = 0;
}

/* A trace reader's register as the trace had it (none: 0). */
static uint8_t x86_reg(uint8_t r)
{
    return r == SIM_REG_NONE ? 0 : r;
}

static void record(struct writer *w, const sim_inst *in)
{
    struct cs_instr *c = &w->cur;
    bool ld = in->op == SIM_OP_LOAD || in->op == SIM_OP_AMO;
    bool st = in->op == SIM_OP_STORE || in->op == SIM_OP_AMO;

    w->st.records++;
    if (w->done)
        return;
    c->ip = in->pc;
    for (int i = 0; i < 3; i++)
        add_reg(c->sreg, &w->nsrc, 4, w->x86 ? x86_reg(in->src[i]) : cs_reg_from_sim(in->src[i]));
    for (int i = 0; i < 2; i++)
        add_reg(c->dreg, &w->ndst, 2, w->x86 ? x86_reg(in->dst[i]) : cs_reg_from_sim(in->dst[i]));
    if (in->mem_size && ld) {
        if (in->mem_addr && w->nld < 4)
            c->smem[w->nld++] = in->mem_addr;
        else
            w->st.dropped++;
    }
    if (in->mem_size && st) {
        if (in->mem_addr && w->nst < 2)
            c->dmem[w->nst++] = in->mem_addr;
        else
            w->st.dropped++;
    }
    if (in->flags & SIM_INST_MORE)
        return;
    emit(w, in);
    if (w->cfg.count && w->st.insts == w->cfg.count && !w->done) {
        char msg[300];

        w->done = true;
        if (tio_close(w->out, msg, sizeof msg))
            fail(w, msg);
        w->out = NULL;
    }
}

static void *writer_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct writer_cfg *cfg = cfgp;
    struct writer *w;

    w = sim_zalloc(err, sizeof(*w));
    if (!w)
        return NULL;
    w->cfg = *cfg;
    w->comp = comp;
    return w;
}

/* Standalone: pull a chunk, write it, come back when its instructions would
 * have taken one cycle each (a source that waits: look again a cycle on). */
static void pull(void *self, void *arg)
{
    struct writer *w = self;
    uint64_t before = w->st.insts;
    int n = sim_insts_fetch(w->comp, W_SRC, w->buf, CHUNK);

    w->ran = true;

    if (n == SIM_INSTS_WAIT && !w->done) {
        sim_schedule(w->comp, &w->ev, sim_time(w->comp) + sim_period(w->comp),
                     SIM_PRIO_DEFAULT);
        return;
    }
    for (int i = 0; i < n; i++)
        record(w, &w->buf[i]);
    sim_retire(w->comp, w->st.insts - before);
    if (n <= 0 || w->done) {
        if (w->failed)
            return;
        sim_exit(w->comp, 0);
        if (n > 0) {
            /* Count reached: the source's workload would wait for ever for
             * a consumer (the run stalled, status 1), so the run ends here. */
            sim_log(w->comp, SIM_LOG_INFO, "count reached: %llu instructions written to %s; "
                    "the run stops", (unsigned long long)w->st.insts, w->cfg.file);
            sim_stop(sim_comp_sim(w->comp));
        }
        return;
    }
    sim_schedule(w->comp, &w->ev, sim_time(w->comp) + (sim_tick)n * sim_period(w->comp),
                 SIM_PRIO_DEFAULT);
}

static int writer_start(void *self, sim_error *err)
{
    struct writer *w = self;
    char msg[300];

    /* opened now, so that a file that cannot be written is a configuration
     * error (validate says so) and not a run stopped at its first record */
    w->out = tio_open_write(w->cfg.file, msg, sizeof msg);
    if (!w->out) {
        sim_param_error(err, w->comp, "file", "%s", msg);
        return SIM_ECONFIG;
    }
    w->standalone = sim_port_count(w->comp, W_INSTS) == 0;
    w->x86 = sim_port_count(w->comp, W_SRC) > 0 &&
             sim_comp_type(sim_port_peer(w->comp, W_SRC, 0, NULL)) == &models_champsim;
    if (w->standalone) {
        sim_event_init(&w->ev, pull, w, NULL);
        sim_workload_start(w->comp);
        sim_schedule(w->comp, &w->ev, sim_time(w->comp), SIM_PRIO_DEFAULT);
    }
    return 0;
}

static int writer_insts(void *self, int port, sim_inst *out, int n)
{
    struct writer *w = self;
    int got = sim_insts_fetch(w->comp, W_SRC, out, n);

    w->ran = true;
    for (int i = 0; i < got; i++)
        record(w, &out[i]);
    return got;
}

static void writer_fini(void *self)
{
    struct writer *w = self;

    if (w->out) {
        /* a build that never ran (validate, a run refused at its start)
         * leaves an earlier trace of that name as it was */
        if (w->failed || !w->ran)
            tio_abort(w->out);
        else
            tio_close(w->out, NULL, 0);
    }
    free(w);
}

const sim_type models_champsim_writer = {
    .name = "champsim_writer",
    .doc = "Writes the instruction records of a source as a ChampSim trace (plain, xz, "
           "gzip), passing them on to a timing model or consuming them itself.",
    .params = writer_params, .n_params = SIM_COUNT(writer_params),
    .stats = writer_stats, .n_stats = SIM_COUNT(writer_stats),
    .ports = writer_ports, .n_ports = SIM_COUNT(writer_ports),
    .cfg_size = sizeof(struct writer_cfg),
    .init = writer_init, .start = writer_start, .fini = writer_fini,
    .insts = writer_insts,
};
