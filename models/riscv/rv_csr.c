/* models/riscv/rv_csr.c - the privileged architecture of the RISC-V model:
 * reset state, the machine and supervisor CSRs with their WARL rules,
 * counters (cycle, time, instret derived from simulated time and the
 * instruction count), PMP registers, synchronous exceptions and interrupts
 * with delegation and direct/vectored trap vectors, mret, sret and
 * sfence.vma (Privileged spec 20211203, chapters 2-4; Unprivileged spec
 * chapter 10 for the counters, 11.2 for fcsr). Not modelled: the
 * hypervisor extension, user-mode interrupts, debug/trigger CSRs (illegal),
 * hpm counters and events (read as zero), mcountinhibit (stored, not
 * honoured), big-endian modes, Smstateen. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "rv.h"

#define MSTATUS_SIE  (1ull << 1)
#define MSTATUS_MIE  (1ull << 3)
#define MSTATUS_SPIE (1ull << 5)
#define MSTATUS_MPIE (1ull << 7)
#define MSTATUS_SPP  (1ull << 8)
#define MSTATUS_MPP  (3ull << 11)
#define MSTATUS_FS   (3ull << 13)
#define MSTATUS_MPRV (1ull << 17)
#define MSTATUS_SUM  (1ull << 18)
#define MSTATUS_MXR  (1ull << 19)
#define MSTATUS_TVM  (1ull << 20)
#define MSTATUS_TW   (1ull << 21)
#define MSTATUS_TSR  (1ull << 22)

#define M_WRITABLE (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | \
                    MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | \
                    MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
#define S_VISIBLE (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_SUM | \
                   MSTATUS_MXR)
#define MIP_SSIP (1ull << 1)
#define MIP_MSIP (1ull << 3)
#define MIP_STIP (1ull << 5)
#define MIP_MTIP (1ull << 7)
#define MIP_SEIP (1ull << 9)
#define MIP_MEIP (1ull << 11)
#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define ALL_INTS (S_INTS | MIP_MSIP | MIP_MTIP | MIP_MEIP)
#define DELEG_EXC 0xb3ffull

void rv_fault(struct rv_cpu *cpu, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cpu->msg, sizeof(cpu->msg), fmt, ap);
    va_end(ap);
    cpu->stop_req = RV_RUN_FAULT;
    cpu->check_at = 0;
}

uint64_t rv_rand(struct rv_cpu *cpu)
{
    uint64_t z;

    if (cpu->comp)
        return sim_rand(cpu->comp);
    z = (cpu->rand_state += 0x9e3779b97f4a7c15ull);   /* splitmix64 */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t rv_time_ps(const struct rv_cpu *cpu)
{
    return cpu->time_base_ps + (uint64_t)((double)(cpu->icount - cpu->q_icount0) *
                                          cpu->ps_per_insn) + cpu->sleep_ps;
}

uint64_t rv_mtime(const struct rv_cpu *cpu)
{
    return (uint64_t)((double)rv_time_ps(cpu) * cpu->timebase_hz * 1e-12) + cpu->mtime_off;
}

static uint64_t cycles_now(const struct rv_cpu *cpu)
{
    return (uint64_t)((double)rv_time_ps(cpu) / cpu->period_ps);
}

void rv_update_check(struct rv_cpu *cpu)
{
    uint64_t at = cpu->budget_end;

    if (cpu->mode == RV_MODE_BAREMETAL && (cpu->mie & MIP_MTIP) && cpu->mtimecmp != ~0ull) {
        /* first instruction count at which mtime may reach mtimecmp */
        double ps_tick = 1e12 / cpu->timebase_hz;
        double target_ps = ((double)(cpu->mtimecmp - cpu->mtime_off)) * ps_tick;
        double now_ps = (double)rv_time_ps(cpu);
        uint64_t dl;

        if (cpu->mtimecmp < cpu->mtime_off || target_ps <= now_ps)
            dl = cpu->icount;
        else
            dl = cpu->icount + (uint64_t)((target_ps - now_ps) / cpu->ps_per_insn);
        if (dl < at)
            at = dl;
    }
    cpu->check_at = at;
}

void rv_reset(struct rv_cpu *cpu)
{
    int mxl = cpu->xlen == 32 ? 1 : 2;
    const char *e = "acdfimsu";

    cpu->priv = 3;
    cpu->misa = (uint64_t)mxl << (cpu->xlen - 2);
    for (; *e; e++) {
        char c = *e;
        bool has = c == 's' || c == 'u' || c == 'i';

        for (int r = 0; r < cpu->dec.n_rows && !has; r++) {
            const struct rv_row *row = cpu->dec.rows[r];

            if ((c == 'm' && row->op == RV_OP_MUL) || (c == 'a' && row->op == RV_OP_LR_W) ||
                (c == 'f' && row->op == RV_OP_FADD_S) || (c == 'd' && row->op == RV_OP_FADD_D) ||
                (c == 'c' && (row->match & 3) != 3))
                has = true;
        }
        if (has)
            cpu->misa |= 1ull << (c - 'a');
    }
    cpu->ialign = (cpu->misa >> 2 & 1) ? 0 : 2;
    cpu->mstatus = cpu->xlen == 64 ? (2ull << 32 | 2ull << 34) : 0;
    if (cpu->mode == RV_MODE_LINUX) {
        cpu->priv = 0;
        cpu->mstatus |= 1ull << 13;  /* FS = Initial */
        cpu->mcounteren = 7;        /* cycle, time, instret readable, as Linux sets up */
    }
    cpu->fs_on = (cpu->mstatus & MSTATUS_FS) && (cpu->misa & (1 << 5));
    cpu->mtimecmp = ~0ull;
    cpu->amask = cpu->xlen == 32 ? 0xffffffffull : ~0ull;
    rv_mem_update(cpu);
}

static const char *cause_name(int c)
{
    static const char *const n[] = {
        "instruction address misaligned", "instruction access fault", "illegal instruction",
        "breakpoint", "load address misaligned", "load access fault",
        "store address misaligned", "store access fault", "environment call from U-mode",
        "environment call from S-mode", "reserved", "environment call from M-mode",
        "instruction page fault", "load page fault", "reserved", "store page fault",
    };
    return c >= 0 && c < 16 ? n[c] : "exception";
}

static void take_trap(struct rv_cpu *cpu, uint64_t cause, bool irq, uint64_t epc, uint64_t tval)
{
    uint64_t deleg = irq ? cpu->mideleg : cpu->medeleg;
    uint64_t flag = irq ? 1ull << (cpu->xlen - 1) : 0;
    uint64_t vec;

    cpu->st.traps++;
    cpu->resv_valid = false;
    if (cpu->priv <= 1 && ((deleg >> cause) & 1)) {
        cpu->scause = cause | flag;
        cpu->sepc = epc;
        cpu->stval = tval;
        cpu->mstatus = (cpu->mstatus & ~(MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SIE)) |
                       ((cpu->mstatus & MSTATUS_SIE) ? MSTATUS_SPIE : 0) |
                       (cpu->priv ? MSTATUS_SPP : 0);
        cpu->priv = 1;
        vec = cpu->stvec;
    } else {
        cpu->mcause = cause | flag;
        cpu->mepc = epc;
        cpu->mtval = tval;
        cpu->mstatus = (cpu->mstatus & ~(MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MIE)) |
                       ((cpu->mstatus & MSTATUS_MIE) ? MSTATUS_MPIE : 0) |
                       ((uint64_t)cpu->priv << 11);
        cpu->priv = 3;
        vec = cpu->mtvec;
    }
    cpu->pc = (vec & ~3ull) + ((irq && (vec & 1)) ? 4 * cause : 0);
    rv_mem_update(cpu);
    cpu->check_at = 0;
}

void rv_exception(struct rv_cpu *cpu, const struct rv_insn *i, int cause, uint64_t tval)
{
    uint64_t pc = i ? i->pc : cpu->pc;
    uint64_t vec;

    if (i)
        rv_unretire(cpu, i);
    if (cpu->mode == RV_MODE_LINUX) {
        cpu->st.traps++;
        cpu->pc = pc;
        if (cause == RV_EXC_ILLEGAL)
            rv_fault(cpu, "illegal instruction 0x%0*x at pc 0x%llx after %llu instructions",
                     i && i->len == 2 ? 4 : 8, (unsigned)tval, (unsigned long long)pc,
                     (unsigned long long)cpu->icount);
        else
            rv_fault(cpu, "%s (address 0x%llx) at pc 0x%llx after %llu instructions",
                     cause_name(cause), (unsigned long long)tval, (unsigned long long)pc,
                     (unsigned long long)cpu->icount);
        return;
    }
    vec = (cpu->priv <= 1 && ((cpu->medeleg >> cause) & 1)) ? cpu->stvec : cpu->mtvec;
    if ((vec & ~3ull) == 0 || (vec & ~3ull) == pc) {
        /* no handler installed, or the handler itself faults: stop */
        cpu->st.traps++;
        if (cause == RV_EXC_ILLEGAL)
            rv_fault(cpu, "illegal instruction 0x%08llx at pc 0x%llx after %llu instructions "
                     "(no trap handler)", (unsigned long long)tval, (unsigned long long)pc,
                     (unsigned long long)cpu->icount);
        else
            rv_fault(cpu, "%s (tval 0x%llx) at pc 0x%llx after %llu instructions (%s)",
                     cause_name(cause), (unsigned long long)tval, (unsigned long long)pc,
                     (unsigned long long)cpu->icount,
                     (vec & ~3ull) == 0 ? "no trap handler" : "the trap handler faults");
        cpu->pc = pc;
        return;
    }
    take_trap(cpu, (uint64_t)cause, false, pc, tval);
}

int rv_interrupt_check(struct rv_cpu *cpu)
{
    static const int order[] = { 11, 3, 7, 9, 1, 5 };
    uint64_t pend, m_en, s_en;

    if (cpu->mode != RV_MODE_BAREMETAL)
        return 0;
    if (rv_mtime(cpu) >= cpu->mtimecmp)
        cpu->mip |= MIP_MTIP;
    else
        cpu->mip &= ~MIP_MTIP;
    pend = cpu->mip & cpu->mie;
    if (!pend)
        return 0;
    m_en = (cpu->priv < 3 || (cpu->mstatus & MSTATUS_MIE)) ? pend & ~cpu->mideleg : 0;
    s_en = (cpu->priv < 1 || (cpu->priv == 1 && (cpu->mstatus & MSTATUS_SIE)))
           ? pend & cpu->mideleg : 0;
    for (int k = 0; k < 2; k++) {
        uint64_t set = k == 0 ? m_en : s_en;

        for (int j = 0; j < SIM_COUNT(order); j++)
            if (set & (1ull << order[j])) {
                uint64_t vec = k == 0 ? cpu->mtvec : cpu->stvec;

                if ((vec & ~3ull) == 0) {
                    rv_fault(cpu, "interrupt %d pending at pc 0x%llx with no trap handler",
                             order[j], (unsigned long long)cpu->pc);
                    return 0;
                }
                take_trap(cpu, (uint64_t)order[j], true, cpu->pc, 0);
                return 1;
            }
    }
    return 0;
}

/* ---------------------------------------------------------------- CSRs */

static uint64_t sext_xlen(const struct rv_cpu *cpu, uint64_t v)
{
    return cpu->xlen == 32 ? (uint64_t)rv_sext32(v) : v;
}

static uint64_t read_mstatus(const struct rv_cpu *cpu)
{
    uint64_t v = cpu->mstatus;
    bool sd = (v & MSTATUS_FS) == MSTATUS_FS;

    if (cpu->xlen == 32)
        return (v & 0x7fffffffull) | (sd ? 1ull << 31 : 0);
    return v | (sd ? 1ull << 63 : 0);
}

static bool counter_ok(const struct rv_cpu *cpu, int idx)
{
    if (cpu->priv == 3)
        return true;
    if (!((cpu->mcounteren >> idx) & 1))
        return false;
    if (cpu->priv == 0 && cpu->mode == RV_MODE_BAREMETAL && !((cpu->scounteren >> idx) & 1))
        return false;
    return true;
}

/* Read csr; -1 when it does not exist or may not be read now. */
static int csr_read(struct rv_cpu *cpu, uint32_t csr, uint64_t icnt, uint64_t *out)
{
    uint64_t v;
    bool rv32 = cpu->xlen == 32;

    switch (csr) {
    case 0x001: case 0x002: case 0x003:
        if (!cpu->fs_on)
            return -1;
        *out = csr == 1 ? cpu->fflags : csr == 2 ? cpu->frm : (cpu->frm << 5 | cpu->fflags);
        return 0;
    case 0xc00: case 0xc01: case 0xc02:
    case 0xc80: case 0xc81: case 0xc82:
        if ((csr & 0x80) && !rv32)
            return -1;
        if (!counter_ok(cpu, (int)(csr & 3)))
            return -1;
        if ((csr & 3) == 0)
            v = cycles_now(cpu) + cpu->mcycle_off;
        else if ((csr & 3) == 1)
            v = rv_mtime(cpu);
        else
            v = icnt + cpu->minstret_off;
        *out = (csr & 0x80) ? v >> 32 : v;
        return 0;
    case 0xb00: case 0xb80:
        if ((csr & 0x80) && !rv32)
            return -1;
        v = cycles_now(cpu) + cpu->mcycle_off;
        *out = (csr & 0x80) ? v >> 32 : v;
        return 0;
    case 0xb02: case 0xb82:
        if ((csr & 0x80) && !rv32)
            return -1;
        v = icnt + cpu->minstret_off;
        *out = (csr & 0x80) ? v >> 32 : v;
        return 0;
    case 0x100: *out = read_mstatus(cpu) & (S_VISIBLE | (rv32 ? 1ull << 31 : 3ull << 32 | 1ull << 63)); return 0;
    case 0x104: *out = cpu->mie & cpu->mideleg; return 0;
    case 0x105: *out = cpu->stvec; return 0;
    case 0x106: *out = cpu->scounteren; return 0;
    case 0x10a: *out = cpu->senvcfg; return 0;
    case 0x140: *out = cpu->sscratch; return 0;
    case 0x141: *out = cpu->sepc & ~(uint64_t)cpu->ialign; return 0;
    case 0x142: *out = cpu->scause; return 0;
    case 0x143: *out = cpu->stval; return 0;
    case 0x144: *out = cpu->mip & cpu->mideleg; return 0;
    case 0x180:
        if (cpu->priv == 1 && (cpu->mstatus & MSTATUS_TVM))
            return -1;
        *out = cpu->satp;
        return 0;
    case 0xf11: case 0xf12: case 0xf13: case 0xf14: case 0xf15:
        *out = 0;
        return 0;
    case 0x300: *out = read_mstatus(cpu); return 0;
    case 0x301: *out = cpu->misa; return 0;
    case 0x302: *out = cpu->medeleg; return 0;
    case 0x303: *out = cpu->mideleg; return 0;
    case 0x304: *out = cpu->mie; return 0;
    case 0x305: *out = cpu->mtvec; return 0;
    case 0x306: *out = cpu->mcounteren; return 0;
    case 0x30a: *out = cpu->menvcfg; return 0;
    case 0x310: case 0x31a:
        if (!rv32)
            return -1;
        *out = 0;
        return 0;
    case 0x320: *out = cpu->mcountinhibit; return 0;
    case 0x340: *out = cpu->mscratch; return 0;
    case 0x341: *out = cpu->mepc & ~(uint64_t)cpu->ialign; return 0;
    case 0x342: *out = cpu->mcause; return 0;
    case 0x343: *out = cpu->mtval; return 0;
    case 0x344:
        if (rv_mtime(cpu) >= cpu->mtimecmp)
            cpu->mip |= MIP_MTIP;
        else
            cpu->mip &= ~MIP_MTIP;
        *out = cpu->mip;
        return 0;
    }
    if (csr >= 0x3a0 && csr <= 0x3af) {     /* pmpcfg */
        int n = (int)(csr - 0x3a0), per = rv32 ? 4 : 8;

        if (!rv32 && (n & 1))
            return -1;
        v = 0;
        for (int k = 0; k < per; k++) {
            int e = n * 4 + k;

            if (e < cpu->pmp_n)
                v |= (uint64_t)cpu->pmpcfg[e] << (8 * k);
        }
        *out = v;
        return 0;
    }
    if (csr >= 0x3b0 && csr <= 0x3ef) {
        int e = (int)(csr - 0x3b0);

        *out = e < cpu->pmp_n ? cpu->pmpaddr[e] : 0;
        return 0;
    }
    if ((csr >= 0xb03 && csr <= 0xb1f) || (csr >= 0x323 && csr <= 0x33f) ||
        (rv32 && csr >= 0xb83 && csr <= 0xb9f)) {
        *out = 0;
        return 0;
    }
    if ((csr >= 0xc03 && csr <= 0xc1f) || (rv32 && csr >= 0xc83 && csr <= 0xc9f)) {
        if (!counter_ok(cpu, (int)(csr & 31)))
            return -1;
        *out = 0;
        return 0;
    }
    return -1;
}

static void pmp_write_cfg(struct rv_cpu *cpu, int e, uint8_t b)
{
    if (e >= cpu->pmp_n || (cpu->pmpcfg[e] & 0x80))
        return;
    b &= 0x9f;
    if ((b & 3) == 2)
        b &= (uint8_t)~2;           /* R=0 W=1 is reserved */
    cpu->pmpcfg[e] = b;
}

static int csr_write(struct rv_cpu *cpu, uint32_t csr, uint64_t v, uint64_t icnt)
{
    bool rv32 = cpu->xlen == 32;
    uint64_t xmask = rv32 ? 0xffffffffull : ~0ull;

    v &= xmask;
    switch (csr) {
    case 0x001: cpu->fflags = (uint32_t)v & 31; break;
    case 0x002: cpu->frm = (uint32_t)v & 7; break;
    case 0x003:
        cpu->fflags = (uint32_t)v & 31;
        cpu->frm = (uint32_t)(v >> 5) & 7;
        break;
    case 0xb00:
        cpu->mcycle_off = v - cycles_now(cpu);
        return 0;
    case 0xb80:
        cpu->mcycle_off += (v << 32) - ((cycles_now(cpu) + cpu->mcycle_off) & ~0xffffffffull);
        return 0;
    case 0xb02:
        cpu->minstret_off = v - icnt - 1;   /* the csrw itself retires after the write */
        return 0;
    case 0xb82:
        cpu->minstret_off += (v << 32) - ((icnt + cpu->minstret_off) & ~0xffffffffull);
        return 0;
    case 0x100:
        cpu->mstatus = (cpu->mstatus & ~S_VISIBLE) | (v & S_VISIBLE);
        break;
    case 0x104:
        cpu->mie = (cpu->mie & ~cpu->mideleg) | (v & cpu->mideleg);
        break;
    case 0x105:
        cpu->stvec = (v & 3) >= 2 ? v & ~3ull : v;
        return 0;
    case 0x106: cpu->scounteren = v & 0xffffffffull; return 0;
    case 0x10a: cpu->senvcfg = v & 1; return 0;
    case 0x140: cpu->sscratch = v; return 0;
    case 0x141: cpu->sepc = v & ~1ull; return 0;
    case 0x142: cpu->scause = v; return 0;
    case 0x143: cpu->stval = v; return 0;
    case 0x144:
        cpu->mip = (cpu->mip & ~(MIP_SSIP & cpu->mideleg)) | (v & MIP_SSIP & cpu->mideleg);
        break;
    case 0x180: {
        uint64_t mode = rv32 ? v >> 31 : v >> 60;

        if (cpu->priv == 1 && (cpu->mstatus & MSTATUS_TVM))
            return -1;
        if (!rv32 && mode != 0 && mode != 8)
            return 0;               /* unsupported mode: the write has no effect */
        cpu->satp = rv32 ? v : (v & ((1ull << 44) - 1)) | (v & (0xffffull << 44)) | mode << 60;
        rv_tlb_flush(cpu);
        rv_cache_flush(cpu);
        break;
    }
    case 0x300: {
        uint64_t nv = (cpu->mstatus & ~M_WRITABLE) | (v & M_WRITABLE);

        if (((nv >> 11) & 3) == 2)  /* MPP = 2 is reserved: keep the old value */
            nv = (nv & ~MSTATUS_MPP) | (cpu->mstatus & MSTATUS_MPP);
        if (!(cpu->misa & (1 << 5)))
            nv &= ~MSTATUS_FS;
        cpu->mstatus = nv;
        break;
    }
    case 0x301: return 0;           /* misa: no extension may be turned off */
    case 0x302: cpu->medeleg = v & DELEG_EXC; return 0;
    case 0x303: cpu->mideleg = v & S_INTS; break;
    case 0x304: cpu->mie = v & ALL_INTS; break;
    case 0x305: cpu->mtvec = (v & 3) >= 2 ? v & ~3ull : v; return 0;
    case 0x306: cpu->mcounteren = v & 0xffffffffull; return 0;
    case 0x30a: cpu->menvcfg = v & 1; return 0;
    case 0x310: case 0x31a:
        if (!rv32)
            return -1;
        return 0;
    case 0x320: cpu->mcountinhibit = v & ~2ull & 0xffffffffull; return 0;
    case 0x340: cpu->mscratch = v; return 0;
    case 0x341: cpu->mepc = v & ~1ull; return 0;
    case 0x342: cpu->mcause = v; return 0;
    case 0x343: cpu->mtval = v; return 0;
    case 0x344:
        cpu->mip = (cpu->mip & ~S_INTS) | (v & S_INTS);
        break;
    default:
        if (csr >= 0x3a0 && csr <= 0x3af) {
            int n = (int)(csr - 0x3a0), per = rv32 ? 4 : 8;

            if (!rv32 && (n & 1))
                return -1;
            for (int k = 0; k < per; k++)
                pmp_write_cfg(cpu, n * 4 + k, (uint8_t)(v >> (8 * k)));
            rv_tlb_flush(cpu);
            rv_cache_flush(cpu);
            break;
        }
        if (csr >= 0x3b0 && csr <= 0x3ef) {
            int e = (int)(csr - 0x3b0);

            if (e < cpu->pmp_n && !(cpu->pmpcfg[e] & 0x80) &&
                !(e + 1 < cpu->pmp_n && (cpu->pmpcfg[e + 1] & 0x98) == 0x88))
                cpu->pmpaddr[e] = v & (rv32 ? 0xffffffffull : (1ull << 54) - 1);
            rv_tlb_flush(cpu);
            rv_cache_flush(cpu);
            break;
        }
        if ((csr >= 0xb03 && csr <= 0xb1f) || (csr >= 0x323 && csr <= 0x33f) ||
            (rv32 && csr >= 0xb83 && csr <= 0xb9f))
            return 0;
        return -1;
    }
    cpu->fs_on = (cpu->mstatus & MSTATUS_FS) && (cpu->misa & (1 << 5));
    if (csr <= 3)
        cpu->mstatus |= MSTATUS_FS;
    rv_mem_update(cpu);
    cpu->check_at = 0;              /* interrupts may have become enabled */
    return 0;
}

int rv_csr_op(struct rv_cpu *cpu, const struct rv_insn *i)
{
    uint32_t csr = (uint32_t)i->imm & 0xfff;
    bool imm = i->op >= RV_OP_CSRRWI;
    int kind = (i->op - RV_OP_CSRRW) % 3;       /* 0 rw, 1 rs, 2 rc */
    uint64_t src = imm ? i->rs1 : cpu->x[i->rs1];
    bool wr = kind == 0 || i->rs1 != 0;
    uint64_t old = 0, nv;
    uint64_t icnt = rv_insn_icount(cpu, i);

    if ((int)((csr >> 8) & 3) > cpu->priv || (wr && (csr >> 10) == 3))
        goto illegal;
    if (csr_read(cpu, csr, icnt, &old))
        goto illegal;
    nv = kind == 0 ? src : kind == 1 ? old | src : old & ~src;
    if (wr && csr_write(cpu, csr, nv, icnt))
        goto illegal;
    cpu->x[i->rd] = sext_xlen(cpu, old);
    cpu->x[32] = 0;
    return 0;
illegal:
    rv_exception(cpu, i, RV_EXC_ILLEGAL, i->raw);
    return 1;
}

int rv_mret(struct rv_cpu *cpu, const struct rv_insn *i)
{
    int mpp;

    if (cpu->priv != 3) {
        rv_exception(cpu, i, RV_EXC_ILLEGAL, i->raw);
        return 1;
    }
    mpp = (int)(cpu->mstatus >> 11) & 3;
    cpu->mstatus = (cpu->mstatus & ~(MSTATUS_MIE | MSTATUS_MPP)) |
                   ((cpu->mstatus & MSTATUS_MPIE) ? MSTATUS_MIE : 0) | MSTATUS_MPIE;
    if (mpp != 3)
        cpu->mstatus &= ~MSTATUS_MPRV;
    cpu->priv = mpp;
    cpu->pc = cpu->mepc & ~(uint64_t)cpu->ialign & cpu->amask;
    rv_mem_update(cpu);
    cpu->check_at = 0;
    return 0;
}

int rv_sret(struct rv_cpu *cpu, const struct rv_insn *i)
{
    if (cpu->priv < 1 || (cpu->priv == 1 && (cpu->mstatus & MSTATUS_TSR))) {
        rv_exception(cpu, i, RV_EXC_ILLEGAL, i->raw);
        return 1;
    }
    cpu->priv = (cpu->mstatus & MSTATUS_SPP) ? 1 : 0;
    cpu->mstatus = (cpu->mstatus & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV)) |
                   ((cpu->mstatus & MSTATUS_SPIE) ? MSTATUS_SIE : 0) | MSTATUS_SPIE;
    cpu->pc = cpu->sepc & ~(uint64_t)cpu->ialign & cpu->amask;
    rv_mem_update(cpu);
    cpu->check_at = 0;
    return 0;
}

int rv_sfence(struct rv_cpu *cpu, const struct rv_insn *i)
{
    if (cpu->priv < 1 || (cpu->priv == 1 && (cpu->mstatus & MSTATUS_TVM))) {
        rv_exception(cpu, i, RV_EXC_ILLEGAL, i->raw);
        return 1;
    }
    rv_tlb_flush(cpu);
    rv_cache_flush(cpu);
    return 0;
}

/* The counters that tell the time: cycle, time and instret (the RV32 high
 * halves are 0x80 above), and mcycle and minstret. */
bool rv_reads_time(const struct rv_cpu *cpu, const struct rv_insn *i)
{
    uint32_t csr;

    if (i->op == RV_OP_ECALL)
        return cpu->mode == RV_MODE_LINUX && rv_syscall_reads_time(cpu->x[17]);
    if (i->op < RV_OP_CSRRW || i->op > RV_OP_CSRRCI)
        return false;
    csr = (uint32_t)i->imm & 0xf7f;
    return csr == 0xc00 || csr == 0xc01 || csr == 0xc02 || csr == 0xb00 || csr == 0xb02;
}

/* A clock read's draining op: no operands, no effect, the instruction's pc
 * and size; it and the read are one instruction (SIM_INST_MORE). */
void rv_drain_rec(sim_inst *r)
{
    r->op = SIM_OP_NOP;
    r->branch = SIM_BR_NONE;
    r->taken = 0;
    r->target = 0;
    r->mem_addr = 0;
    r->mem_size = 0;
    r->flags = SIM_INST_MORE | SIM_INST_DRAIN;
    memset(r->src, SIM_REG_NONE, sizeof(r->src));
    memset(r->dst, SIM_REG_NONE, sizeof(r->dst));
}
