/* models/trace/champsim_fmt.c - ChampSim's 64-byte trace record, its
 * branch-kind deduction and its translation into sim_inst records (see
 * champsim.h). The deduction follows ChampSim's rules from the registers
 * read and written; a record with several memory operands becomes several
 * sim_inst records (loads, then stores, then the branch if it is one), the
 * way a decoder cracks an x86 instruction into micro-operations, and only
 * the last counts as an instruction. */
#include <string.h>
#include "models/trace/champsim.h"

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

void cs_decode(const uint8_t rec[CS_RECORD], struct cs_instr *in)
{
    in->ip = get64(rec);
    in->is_branch = rec[8];
    in->taken = rec[9];
    memcpy(in->dreg, rec + 10, 2);
    memcpy(in->sreg, rec + 12, 4);
    for (int i = 0; i < 2; i++)
        in->dmem[i] = get64(rec + 16 + 8 * i);
    for (int i = 0; i < 4; i++)
        in->smem[i] = get64(rec + 32 + 8 * i);
}

void cs_encode(const struct cs_instr *in, uint8_t rec[CS_RECORD])
{
    put64(rec, in->ip);
    rec[8] = in->is_branch;
    rec[9] = in->taken;
    memcpy(rec + 10, in->dreg, 2);
    memcpy(rec + 12, in->sreg, 4);
    for (int i = 0; i < 2; i++)
        put64(rec + 16 + 8 * i, in->dmem[i]);
    for (int i = 0; i < 4; i++)
        put64(rec + 32 + 8 * i, in->smem[i]);
}

static int has(const uint8_t *regs, int n, uint8_t r)
{
    for (int i = 0; i < n; i++)
        if (regs[i] == r)
            return 1;
    return 0;
}

/* It reads a register other than the stack and instruction pointers and
 * the flags. */
static int reads_other(const struct cs_instr *in)
{
    for (int i = 0; i < 4; i++) {
        uint8_t r = in->sreg[i];

        if (r && r != CS_REG_SP && r != CS_REG_FLAGS && r != CS_REG_IP)
            return 1;
    }
    return 0;
}

int cs_branch_kind(const struct cs_instr *in, uint8_t *taken)
{
    int writes_sp = has(in->dreg, 2, CS_REG_SP), writes_ip = has(in->dreg, 2, CS_REG_IP);
    int reads_sp = has(in->sreg, 4, CS_REG_SP), reads_ip = has(in->sreg, 4, CS_REG_IP);
    int reads_flags = has(in->sreg, 4, CS_REG_FLAGS), other = reads_other(in);

    *taken = 1;
    if (!writes_ip) {
        *taken = 0;
        return SIM_BR_NONE;
    }
    if (!reads_sp && !reads_flags && !other)
        return SIM_BR_JUMP;
    if (!reads_sp && !reads_ip && !reads_flags && other)
        return SIM_BR_INDIRECT;
    if (!reads_sp && reads_ip && !writes_sp && (reads_flags || other)) {
        *taken = in->taken != 0;
        return SIM_BR_COND;
    }
    if (reads_sp && reads_ip && writes_sp && !reads_flags)
        return other ? SIM_BR_CALL_INDIRECT : SIM_BR_CALL;
    if (reads_sp && !reads_ip && writes_sp)
        return SIM_BR_RETURN;
    /* ChampSim's BRANCH_OTHER: direction from the trace, like a conditional. */
    *taken = in->taken != 0;
    return SIM_BR_COND;
}

/* Registers of the trace as sim_inst registers: the instruction pointer is
 * carried by the branch fields, not as a dependence. fold_sp: the stack
 * pointer is not written (ChampSim's stack-pointer folding: a decoder knows
 * the new stack pointer of a call, return, push or pop, or of an
 * instruction that reads nothing but it and the flags, without waiting for
 * it, so pops do not serialize on their own loads). */
static void regs(const struct cs_instr *in, sim_inst *o, int fold_sp)
{
    int ns = 0, nd = 0;

    memset(o->src, SIM_REG_NONE, sizeof(o->src));
    memset(o->dst, SIM_REG_NONE, sizeof(o->dst));
    for (int i = 0; i < 4 && ns < 3; i++)
        if (in->sreg[i] && in->sreg[i] != CS_REG_IP && in->sreg[i] != SIM_REG_NONE)
            o->src[ns++] = in->sreg[i];
    for (int i = 0; i < 2; i++)
        if (in->dreg[i] && in->dreg[i] != CS_REG_IP && in->dreg[i] != SIM_REG_NONE &&
            !(fold_sp && in->dreg[i] == CS_REG_SP))
            o->dst[nd++] = in->dreg[i];
}

/* ChampSim folds the stack pointer of an instruction that writes it and is
 * a branch, has a memory operand, or reads no register but the stack
 * pointer, the flags and the instruction pointer. */
static int folds_sp(const struct cs_instr *in, int kind, int mems)
{
    return has(in->dreg, 2, CS_REG_SP) && (kind != SIM_BR_NONE || mems > 0 || !reads_other(in));
}

int cs_to_records(const struct cs_instr *in, uint64_t next_ip, unsigned mem_size,
                  unsigned inst_size, sim_inst *out)
{
    uint8_t taken;
    int kind = cs_branch_kind(in, &taken), n = 0, mems = 0;
    uint64_t step = next_ip - in->ip;
    sim_inst base;

    memset(&base, 0, sizeof(base));
    base.pc = in->ip;
    base.size = (uint8_t)inst_size;
    /* The length is the distance to the next instruction when the flow falls
     * through to it (x86 instructions are 1-15 bytes). */
    if (next_ip && !taken && step >= 1 && step <= 15)
        base.size = (uint8_t)step;
    base.op = SIM_OP_INT;
    for (int i = 0; i < 4; i++)
        mems += in->smem[i] != 0;
    for (int i = 0; i < 2; i++)
        mems += in->dmem[i] != 0;
    regs(in, &base, folds_sp(in, kind, mems));
    for (int i = 0; i < 4; i++) {
        if (!in->smem[i])
            continue;
        out[n] = base;
        out[n].op = SIM_OP_LOAD;
        out[n].mem_addr = in->smem[i];
        out[n].mem_size = (uint8_t)mem_size;
        n++;
    }
    for (int i = 0; i < 2; i++) {
        if (!in->dmem[i])
            continue;
        out[n] = base;
        out[n].op = SIM_OP_STORE;
        out[n].mem_addr = in->dmem[i];
        out[n].mem_size = (uint8_t)mem_size;
        n++;                        /* it keeps the registers written (stos: rdi) */
    }
    if (kind != SIM_BR_NONE || mems == 0) {
        out[n] = base;
        if (kind != SIM_BR_NONE) {
            out[n].op = kind == SIM_BR_COND ? SIM_OP_BRANCH : SIM_OP_JUMP;
            out[n].branch = (uint8_t)kind;
            out[n].taken = taken;
            out[n].target = taken ? next_ip : 0;
        }
        n++;
    }
    for (int i = 0; i < n - 1; i++)
        out[i].flags |= SIM_INST_MORE;
    return n;
}

uint8_t cs_reg_from_sim(uint8_t r)
{
    if (r == 0 || r == SIM_REG_NONE)
        return 0;
    switch (r) {
    case 2:
        return CS_REG_SP;           /* x2 is the stack pointer */
    case CS_REG_SP:
        return 2;
    case CS_REG_FLAGS:
        return 64;
    case CS_REG_IP:
        return 65;
    default:
        return r < 64 ? r : r <= 252 ? (uint8_t)(r + 2) : 0;
    }
}
