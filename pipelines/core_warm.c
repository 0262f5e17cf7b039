/* pipelines/core_warm.c - functional warming, the `warm` mode of both cores
 * (DESIGN.md, "functional first, timing second"): the next n records of the
 * core's source are consumed at once, without a pipeline and without
 * simulated time. Each new fetch line is read from the I-cache, each load,
 * store and atomic is sent to the D-cache, both loosely-timed (blocking
 * accesses that update tags, replacement state, coherence states and DRAM
 * row buffers and advance no clock), and every control transfer trains the
 * branch prediction unit (direction predictor, BTB, return-address stack).
 * Sampled runs warm this way between samples (run.sample_warming:
 * functional), so a sample starts with caches and predictors as the skipped
 * stretch left them.
 *
 * Counted: the predictor's statistics and energy events are left as they
 * were (the warm branches are not predictions of the measured run); the
 * caches count the warm accesses like any other (their hits and misses
 * include them). Not warmed: prefetchers see the accesses like any other,
 * so they train too; TLB components in front of the L1s translate them;
 * the records already in the core's fetch ring and pipeline stay there and
 * run in detail afterwards, behind the warmed ones' cache effects. */
#include <string.h>
#include "pipelines/core_warm.h"

static void warm_access(struct core *c, int port, int cmd, uint64_t addr, uint32_t size,
                        uint64_t pc)
{
    sim_req *r = sim_req_alloc(c->comp);

    if (!r)
        return;                     /* the kernel has failed the run */
    r->addr = addr + c->cfg->addr_base;
    r->size = size;
    r->cmd = (uint8_t)cmd;
    r->pc = pc;
    r->core = (uint16_t)c->cfg->core_id;
    sim_send_lt(c->comp, port, r);
    sim_req_free(c->comp, r);
}

uint64_t core_warm(struct core *c, uint64_t n)
{
    __typeof__(c->bp.st) bst = c->bp.st;
    __typeof__(c->bp.ev) bev = c->bp.ev;
    uint64_t done = 0, line = NEVER;
    sim_inst buf[64];

    if (c->done)
        return 0;
    while (done < n) {
        int want = n - done < 64 ? (int)(n - done) : 64;
        int got = sim_insts_fetch(c->comp, CORE_INSTS, buf, want);

        if (got <= 0)
            break;                  /* the source ended or waits: the pipeline goes on */
        for (int i = 0; i < got; i++) {
            const sim_inst *in = &buf[i];

            if (c->ic_on && in->pc >> c->fe.line_shift != line) {
                line = in->pc >> c->fe.line_shift;
                warm_access(c, CORE_ICACHE, SIM_IFETCH, line << c->fe.line_shift,
                            (uint32_t)c->cfg->line, in->pc);
            }
            if (c->dc_on && in->mem_size) {
                int cmd = in->op == SIM_OP_LOAD ? SIM_READ : SIM_WRITE;

                warm_access(c, CORE_DCACHE, cmd, in->mem_addr, in->mem_size, in->pc);
            }
            if (in->branch != SIM_BR_NONE)
                bp_predict(&c->bp, in);
            if (!(in->flags & SIM_INST_MORE))
                done++;
        }
    }
    c->bp.st = bst;
    c->bp.ev = bev;
    return done;
}
