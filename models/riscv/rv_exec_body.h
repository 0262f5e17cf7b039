/* models/riscv/rv_exec_body.h - the body of the executor, included by
 * rv_exec.c once per variant: RV_T_NAME is the function, RV_T_XLEN 64 or 32
 * (32 masks every address to 32 bits), RV_T_STRICT 1 makes misaligned data
 * accesses take the slow path (bare metal traps them; Linux user mode does
 * not, so its variant skips the test). Specialising keeps the address mask
 * and the alignment test off the Linux fast path.
 *
 * Run until budget more instructions retired, an exit, a fault or a stop
 * request. budget 0 only publishes the handler table (cache init).
 *
 * RV_T_TRACE 1 makes the traced executor (rv_trace, the timing path): the
 * same handlers and blocks, which also write one sim_inst per instruction
 * into out[0..n) (budget n). Entering an instruction copies its record
 * template from the block (rv_block_recs: everything decoding fixes); the
 * handler fills in the access address, the branch outcome or the indirect
 * target. The macros T_* are empty in the untraced variants, which stay as
 * they were. What else differs when traced:
 * - the budget is checked per instruction in NEXT (a block may stop in its
 *   middle) instead of by patching a stop handler in;
 * - bare metal checks interrupts after every instruction (trace_irq in NEXT,
 *   and every block boundary takes the slow path of dispatch), as the
 *   records must show exactly where an interrupt was taken;
 * - a store that wrote this block's code leaves the block, so that the next
 *   instruction is decoded from the new bytes;
 * - a trap marks the record of its instruction; bare metal returns
 *   RV_RUN_TRAP after an exception (see riscv_insts). */
#if RV_T_STRICT
#define RV_T_ALIGNED(o, n) (!((o) & ((n) - 1)))
#else
#define RV_T_ALIGNED(o, n) 1
#endif

#if RV_T_TRACE
int RV_T_NAME(struct rv_cpu *cpu, sim_inst *out, int n, int *got)
#else
int RV_T_NAME(struct rv_cpu *cpu, uint64_t budget)
#endif
{
    static const void *const labels[RV_OP_COUNT + 2] = {
#define RV_LABEL_(n, c, f, s) [RV_OP_##n] = &&L_##n,
        RV_OPS(RV_LABEL_)
#undef RV_LABEL_
        [RV_OP_COUNT] = &&L_FETCH_FAULT,
        [RV_OP_COUNT + 1] = &&L_STOP_AT,
    };
    uint64_t *const x = cpu->x;
    uint64_t *const f = cpu->f;
    const struct rv_insn *i;
    struct rv_block *b, *chain_from = NULL;
    struct rv_insn *patched = NULL;
    uint64_t chain_gen = 0;
    int chain_idx = 0;
    const void *saved_h = NULL;
    uint8_t *mbase, *pagemap;
    uint64_t mlo, mlen;
    const uint64_t amask = RV_T_XLEN == 32 ? 0xffffffffull : ~0ull;
    uint32_t ialign;
    int ret, sr_;
#if RV_T_TRACE
    const uint64_t budget = n > 0 ? (uint64_t)n : 0;
    sim_inst *rec, *rec_end;        /* the next record to write; the end of out */
    const sim_inst *tmpl = NULL;    /* the template of the record of i */
    uint64_t traps_seen = cpu->st.traps;
    bool trapped = false;           /* an exception was taken */
    bool first_trap = false;        /* an interrupt was taken before any record */

    if (!budget) {
        cpu->labels = labels;
        if (got)
            *got = 0;
        return RV_RUN_BUDGET;
    }
    rec = out;
    rec_end = out + n;
#else
    if (!budget) {
        cpu->labels = labels;
        return RV_RUN_BUDGET;
    }
#endif
    cpu->budget_end = cpu->icount + budget;
/* Outside bare metal there is no timer to watch (check_at is the budget's
 * end) and no interrupt: skip the calls, which the timing mode makes for
 * every instruction. Traced, bare metal: every block boundary takes the
 * slow path of dispatch, which checks interrupts. */
#define UPDATE_CHECK() do {                                                 \
        if (cpu->mode != RV_MODE_BAREMETAL)                                 \
            cpu->check_at = cpu->budget_end;                                \
        else if (RV_T_TRACE)                                                \
            cpu->check_at = 0;                                              \
        else                                                                \
            rv_update_check(cpu);                                           \
    } while (0)
    UPDATE_CHECK();

#if RV_T_TRACE
/* rec[-1] is the record of the instruction running (T_REC). */
#define T_REC (rec[-1])
#define T_ENTER(blk) do { tmpl = rv_block_recs(blk); *rec++ = *tmpl; } while (0)
#define T_MEM(a) (T_REC.mem_addr = (a))
#define T_TAKEN() (T_REC.taken = 1)
#define T_TARGET(a) (T_REC.target = (a))
#define T_TRAP() do {                                                       \
        if (rec > out)                                                      \
            T_REC.flags |= SIM_INST_TRAP;                                   \
        else                                                                \
            first_trap = true;                                              \
    } while (0)
/* After a write to memory: leave the block when its code was written
 * (decode the next instruction anew) or the write ended the run (tohost). */
#define T_LEAVE_AFTER_WRITE() (!b->valid || cpu->stop_req)
#define RETURN(rc) do { ret = (rc); goto trace_out; } while (0)
/* i reads the clock (rv_reads_time; it ends its block): unless its draining
 * op went out already, that op takes its record and i waits for the next
 * call. */
#define T_CLOCK() do {                                                      \
        if (RV_UNLIKELY(rv_reads_time(cpu, i)) &&                           \
            cpu->drain_mark != rv_insn_icount(cpu, i) + 1) {                \
            cpu->drain_mark = rv_insn_icount(cpu, i) + 1;                   \
            rv_drain_rec(&T_REC);                                           \
            rv_unretire(cpu, i);                                            \
            cpu->pc = i->pc;                                                \
            RETURN(RV_RUN_DRAIN);                                           \
        }                                                                   \
    } while (0)
#define NEXT do {                                                           \
        ++i;                                                                \
        if (RV_T_STRICT && trace_irq(cpu, i))                               \
            goto irq_between;                                               \
        if (RV_UNLIKELY(rec == rec_end))                                    \
            goto trace_full;                                                \
        *rec++ = *++tmpl;                                                   \
        goto *i->h;                                                         \
    } while (0)
#else
#define T_ENTER(blk) ((void)0)
#define T_MEM(a) ((void)0)
#define T_TAKEN() ((void)0)
#define T_TARGET(a) ((void)0)
#define T_TRAP() ((void)0)
#define T_LEAVE_AFTER_WRITE() 0
#define RETURN(rc) return (rc)
#define T_CLOCK() ((void)0)
#define NEXT do { ++i; goto *i->h; } while (0)
#endif
#define LEAVE(npc) do { cpu->pc = (npc); goto dispatch; } while (0)
/* Continue in successor idx of this block if it is linked and fits the
 * budget; else look it up at dispatch and link it there. */
#define CHAIN(idx, npc) do {                                                \
        struct rv_block *nb_ = b->succ[idx];                                \
        if (RV_LIKELY(nb_ != NULL) && RV_LIKELY(cpu->icount + nb_->n <= cpu->check_at)) { \
            cpu->icount += nb_->n;                                          \
            nb_->execs++;                                                   \
            b = nb_;                                                        \
            i = nb_->insn;                                                  \
            T_ENTER(nb_);                                                   \
            goto *i->h;                                                     \
        }                                                                   \
        cpu->pc = (npc);                                                    \
        chain_from = b;                                                     \
        chain_idx = (idx);                                                  \
        chain_gen = cpu->cache_gen;                                         \
        goto dispatch;                                                      \
    } while (0)
/* Indirect: successor 0 caches the last target. */
#define CHAIN_IND(npc) do {                                                 \
        struct rv_block *nb_ = b->succ[0];                                  \
        if (RV_LIKELY(nb_ != NULL) && nb_->key == ((npc) ^ cpu->fetch_key) && \
            RV_LIKELY(cpu->icount + nb_->n <= cpu->check_at)) {             \
            cpu->icount += nb_->n;                                          \
            nb_->execs++;                                                   \
            b = nb_;                                                        \
            i = nb_->insn;                                                  \
            T_ENTER(nb_);                                                   \
            goto *i->h;                                                     \
        }                                                                   \
        cpu->pc = (npc);                                                    \
        chain_from = b;                                                     \
        chain_idx = 0;                                                      \
        chain_gen = cpu->cache_gen;                                         \
        goto dispatch;                                                      \
    } while (0)
#define RS1 x[i->rs1]
#define RS2 x[i->rs2]
#define RD x[i->rd]

dispatch:
    if (RV_UNLIKELY(patched != NULL)) {
        patched->h = saved_h;
        patched = NULL;
    }
    mbase = cpu->mbase;
    pagemap = cpu->pagemap;
    mlo = cpu->ram_base;
    mlen = cpu->mspan >= 8 ? cpu->mspan - 7 : 0;
    ialign = cpu->ialign;
    {
        uint64_t key = cpu->pc ^ cpu->fetch_key;

        b = cpu->jcache[jc_index(key)];
        if (RV_UNLIKELY(!b || b->key != key))
            b = lookup(cpu, key);
    }
    if (chain_from) {
        if (chain_gen == cpu->cache_gen && chain_from->valid)
            chain_from->succ[chain_idx] = b;
        chain_from = NULL;
    }
    if (RV_UNLIKELY(cpu->icount + b->n > cpu->check_at)) {
#if RV_T_TRACE
        if (cpu->st.traps != traps_seen) {      /* an exception */
            traps_seen = cpu->st.traps;
            T_TRAP();
            trapped = true;
        }
#endif
        if (cpu->stop_req) {
            ret = cpu->stop_req;
            cpu->stop_req = 0;
            UPDATE_CHECK();
            RETURN(ret);
        }
#if RV_T_TRACE
        if (trapped)
            RETURN(RV_RUN_TRAP);
#endif
        if (cpu->mode == RV_MODE_BAREMETAL && rv_interrupt_check(cpu)) {
#if RV_T_TRACE
            T_TRAP();
            traps_seen = cpu->st.traps;
#endif
            goto dispatch;
        }
        if (cpu->icount >= cpu->budget_end)
            RETURN(RV_RUN_BUDGET);
        UPDATE_CHECK();
        if (!RV_T_TRACE && cpu->icount + b->n > cpu->budget_end) {
            /* stop after k instructions of this block */
            uint64_t k = cpu->budget_end - cpu->icount;

            patched = &b->insn[k];
            saved_h = patched->h;
            patched->h = &&L_STOP_AT;
        }
    }
    cpu->icount += b->n;
    b->execs++;
    i = b->insn;
    T_ENTER(b);
    goto *i->h;

    /* ------------------------------------------------------------- RV64I */
L_LUI:
    RD = (uint64_t)i->imm;
    NEXT;
L_AUIPC:
    RD = (uint64_t)i->imm;
    NEXT;
L_JAL:
    if (RV_UNLIKELY((uint64_t)i->imm & ialign))
        goto misaligned_target;
    RD = RV_T_XLEN == 32 ? (uint64_t)rv_sext32(i->pc + i->len) : i->pc + i->len;
    cpu->st.taken++;
    CHAIN(0, (uint64_t)i->imm);
L_JALR: {
    uint64_t t = (RS1 + (uint64_t)i->imm) & ~1ull;

    T_TARGET(t);
    if (RV_UNLIKELY(t & ialign)) {
        cpu->trap_tval = t;
        goto misaligned_jalr;
    }
    RD = i->pc + i->len;
    cpu->st.taken++;
    CHAIN_IND(t);
}
L_JALR32: {
    uint64_t t = (RS1 + (uint64_t)i->imm) & ~1ull & 0xffffffffull;

    T_TARGET(t);
    if (RV_UNLIKELY(t & ialign)) {
        cpu->trap_tval = t;
        goto misaligned_jalr;
    }
    RD = (uint64_t)rv_sext32(i->pc + i->len);
    cpu->st.taken++;
    CHAIN_IND(t);
}
#define BRANCH(name, cond)                                          \
L_##name:                                                           \
    if (cond) {                                                     \
        T_TAKEN();                                                  \
        if (RV_UNLIKELY((uint64_t)i->imm & ialign))                 \
            goto misaligned_target;                                 \
        cpu->st.taken++;                                            \
        CHAIN(0, (uint64_t)i->imm);                                 \
    }                                                               \
    CHAIN(1, i->pc + i->len);
    BRANCH(BEQ, RS1 == RS2)
    BRANCH(BNE, RS1 != RS2)
    BRANCH(BLT, (int64_t)RS1 < (int64_t)RS2)
    BRANCH(BGE, (int64_t)RS1 >= (int64_t)RS2)
    BRANCH(BLTU, RS1 < RS2)
    BRANCH(BGEU, RS1 >= RS2)

#define LOAD(name, T, N, EXT)                                               \
L_##name: {                                                                 \
    uint64_t a = (RS1 + (uint64_t)i->imm) & amask, o = a - mlo;             \
    T_MEM(a);                                                               \
    if (RV_LIKELY(o < mlen && RV_T_ALIGNED(o, N))) {                            \
        T v;                                                                \
        memcpy(&v, mbase + o, N);                                           \
        RD = (uint64_t)(EXT)v;                                              \
    } else {                                                                \
        uint64_t v;                                                         \
        if (rv_load_slow(cpu, i, a, N, &v))                                 \
            goto dispatch;                                                  \
        RD = (uint64_t)(EXT)(T)v;                                           \
    }                                                                       \
    NEXT;                                                                   \
}
    LOAD(LB, int8_t, 1, int64_t)
    LOAD(LH, int16_t, 2, int64_t)
    LOAD(LW, int32_t, 4, int64_t)
    LOAD(LD, uint64_t, 8, uint64_t)
    LOAD(LBU, uint8_t, 1, uint64_t)
    LOAD(LHU, uint16_t, 2, uint64_t)
    LOAD(LWU, uint32_t, 4, uint64_t)

#define STORE(name, T, N, VAL)                                              \
L_##name: {                                                                 \
    uint64_t a = (RS1 + (uint64_t)i->imm) & amask, o = a - mlo;             \
    T_MEM(a);                                                               \
    if (RV_LIKELY(o < mlen && RV_T_ALIGNED(o, N) && !pagemap[o >> 12])) {       \
        T v = (T)(VAL);                                                     \
        memcpy(mbase + o, &v, N);                                           \
    } else if ((sr_ = rv_store_slow(cpu, i, a, N, (uint64_t)(T)(VAL))) ||   \
               T_LEAVE_AFTER_WRITE()) {                                     \
        goto *(sr_ == 1 ? &&dispatch : &&store_leave);                     \
    }                                                                       \
    NEXT;                                                                   \
}
    STORE(SB, uint8_t, 1, RS2)
    STORE(SH, uint16_t, 2, RS2)
    STORE(SW, uint32_t, 4, RS2)
    STORE(SD, uint64_t, 8, RS2)

L_ADDI:  RD = RS1 + (uint64_t)i->imm; NEXT;
L_SLTI:  RD = (int64_t)RS1 < i->imm; NEXT;
L_SLTIU: RD = RS1 < (uint64_t)i->imm; NEXT;
L_XORI:  RD = RS1 ^ (uint64_t)i->imm; NEXT;
L_ORI:   RD = RS1 | (uint64_t)i->imm; NEXT;
L_ANDI:  RD = RS1 & (uint64_t)i->imm; NEXT;
L_SLLI:  RD = RS1 << i->imm; NEXT;
L_SRLI:  RD = RS1 >> i->imm; NEXT;
L_SRAI:  RD = (uint64_t)((int64_t)RS1 >> i->imm); NEXT;
L_ADD:   RD = RS1 + RS2; NEXT;
L_SUB:   RD = RS1 - RS2; NEXT;
L_SLL:   RD = RS1 << (RS2 & 63); NEXT;
L_SLT:   RD = (int64_t)RS1 < (int64_t)RS2; NEXT;
L_SLTU:  RD = RS1 < RS2; NEXT;
L_XOR:   RD = RS1 ^ RS2; NEXT;
L_SRL:   RD = RS1 >> (RS2 & 63); NEXT;
L_SRA:   RD = (uint64_t)((int64_t)RS1 >> (RS2 & 63)); NEXT;
L_OR:    RD = RS1 | RS2; NEXT;
L_AND:   RD = RS1 & RS2; NEXT;
L_ADDIW: RD = (uint64_t)rv_sext32(RS1 + (uint64_t)i->imm); NEXT;
L_SLLIW: RD = (uint64_t)rv_sext32((uint32_t)RS1 << i->imm); NEXT;
L_SRLIW: RD = (uint64_t)rv_sext32((uint32_t)RS1 >> i->imm); NEXT;
L_SRAIW: RD = (uint64_t)(int64_t)((int32_t)RS1 >> i->imm); NEXT;
L_ADDW:  RD = (uint64_t)rv_sext32(RS1 + RS2); NEXT;
L_SUBW:  RD = (uint64_t)rv_sext32(RS1 - RS2); NEXT;
L_SLLW:  RD = (uint64_t)rv_sext32((uint32_t)RS1 << (RS2 & 31)); NEXT;
L_SRLW:  RD = (uint64_t)rv_sext32((uint32_t)RS1 >> (RS2 & 31)); NEXT;
L_SRAW:  RD = (uint64_t)(int64_t)((int32_t)RS1 >> (RS2 & 31)); NEXT;

L_FENCE:
    NEXT;
L_FENCE_I:
    rv_cache_flush(cpu);
    LEAVE(i->pc + 4);
L_ECALL:
    T_CLOCK();
    if (cpu->mode == RV_MODE_LINUX) {
        cpu->pc = i->pc + 4;
        rv_syscall(cpu, i);
        goto dispatch;
    }
    rv_exception(cpu, i, cpu->priv == 3 ? RV_EXC_ECALL_M :
                 cpu->priv == 1 ? RV_EXC_ECALL_S : RV_EXC_ECALL_U, 0);
    goto dispatch;
L_EBREAK:
    rv_exception(cpu, i, RV_EXC_BREAKPOINT, i->pc);
    goto dispatch;
L_MRET:
    if (rv_mret(cpu, i))
        goto dispatch;
    goto dispatch;
L_SRET:
    rv_sret(cpu, i);
    goto dispatch;
L_WFI:
    if (cpu->mode == RV_MODE_BAREMETAL &&
        (cpu->priv == 0 || (cpu->priv == 1 && (cpu->mstatus >> 21 & 1))))
        goto illegal;
    LEAVE(i->pc + 4);
L_SFENCE_VMA:
    if (rv_sfence(cpu, i))
        goto dispatch;
    LEAVE(i->pc + 4);
L_CSRRW:
L_CSRRS:
L_CSRRC:
L_CSRRWI:
L_CSRRSI:
L_CSRRCI:
    T_CLOCK();
    if (rv_csr_op(cpu, i))
        goto dispatch;
    LEAVE(i->pc + 4);

    /* ---------------------------------------------------------------- M */
L_MUL:    RD = RS1 * RS2; NEXT;
L_MULH:   RD = (uint64_t)(int64_t)(((__int128)(int64_t)RS1 * (__int128)(int64_t)RS2) >> 64); NEXT;
L_MULHSU: RD = (uint64_t)(int64_t)(((__int128)(int64_t)RS1 * (__int128)RS2) >> 64); NEXT;
L_MULHU:  RD = (uint64_t)(((unsigned __int128)RS1 * RS2) >> 64); NEXT;
L_DIV: {
    int64_t a = (int64_t)RS1, d = (int64_t)RS2;

    RD = d == 0 ? ~0ull : (a == INT64_MIN && d == -1) ? (uint64_t)a : (uint64_t)(a / d);
    NEXT;
}
L_DIVU: {
    uint64_t a = RS1, d = RS2;

    RD = d == 0 ? ~0ull : a / d;
    NEXT;
}
L_REM: {
    int64_t a = (int64_t)RS1, d = (int64_t)RS2;

    RD = d == 0 ? (uint64_t)a : (a == INT64_MIN && d == -1) ? 0 : (uint64_t)(a % d);
    NEXT;
}
L_REMU: {
    uint64_t a = RS1, d = RS2;

    RD = d == 0 ? a : a % d;
    NEXT;
}
L_MULW: RD = (uint64_t)rv_sext32((uint32_t)RS1 * (uint32_t)RS2); NEXT;
L_DIVW: {
    int32_t a = (int32_t)RS1, d = (int32_t)RS2;

    RD = (uint64_t)(int64_t)(d == 0 ? -1 : (a == INT32_MIN && d == -1) ? a : a / d);
    NEXT;
}
L_DIVUW: {
    uint32_t a = (uint32_t)RS1, d = (uint32_t)RS2;

    RD = (uint64_t)rv_sext32(d == 0 ? ~0u : a / d);
    NEXT;
}
L_REMW: {
    int32_t a = (int32_t)RS1, d = (int32_t)RS2;

    RD = (uint64_t)(int64_t)(d == 0 ? a : (a == INT32_MIN && d == -1) ? 0 : a % d);
    NEXT;
}
L_REMUW: {
    uint32_t a = (uint32_t)RS1, d = (uint32_t)RS2;

    RD = (uint64_t)rv_sext32(d == 0 ? a : a % d);
    NEXT;
}
L_MULH32:
    RD = (uint64_t)rv_sext32((uint64_t)((int64_t)(int32_t)RS1 * (int64_t)(int32_t)RS2) >> 32);
    NEXT;
L_MULHSU32:
    RD = (uint64_t)rv_sext32((uint64_t)((int64_t)(int32_t)RS1 * (int64_t)(uint32_t)RS2) >> 32);
    NEXT;
L_MULHU32:
    RD = (uint64_t)rv_sext32(((uint64_t)(uint32_t)RS1 * (uint32_t)RS2) >> 32);
    NEXT;

    /* ---------------------------------------------------------------- A */
L_LR_W: {
    int32_t *p;

    T_MEM(RS1 & amask);
    p = rv_amo_ptr(cpu, i, RS1 & amask, 4, RV_ACC_LOAD);
    if (!p)
        goto dispatch;
    cpu->resv_addr = RS1 & amask;
    cpu->resv_valid = true;
    RD = (uint64_t)(int64_t)*p;
    NEXT;
}
L_LR_D: {
    uint64_t *p;

    T_MEM(RS1 & amask);
    p = rv_amo_ptr(cpu, i, RS1 & amask, 8, RV_ACC_LOAD);
    if (!p)
        goto dispatch;
    cpu->resv_addr = RS1 & amask;
    cpu->resv_valid = true;
    RD = *p;
    NEXT;
}
L_SC_W: {
    uint64_t a = RS1 & amask;
    uint32_t v = (uint32_t)RS2;
    uint32_t *p;

    T_MEM(a);
    p = rv_amo_ptr(cpu, i, a, 4, RV_ACC_STORE);
    if (!p)
        goto dispatch;
    if (cpu->resv_valid && cpu->resv_addr == a) {
        *p = v;
        RD = 0;
    } else {
        RD = 1;
    }
    cpu->resv_valid = false;
    if (T_LEAVE_AFTER_WRITE())
        goto store_leave;
    NEXT;
}
L_SC_D: {
    uint64_t a = RS1 & amask, v = RS2;
    uint64_t *p;

    T_MEM(a);
    p = rv_amo_ptr(cpu, i, a, 8, RV_ACC_STORE);
    if (!p)
        goto dispatch;
    if (cpu->resv_valid && cpu->resv_addr == a) {
        *p = v;
        RD = 0;
    } else {
        RD = 1;
    }
    cpu->resv_valid = false;
    if (T_LEAVE_AFTER_WRITE())
        goto store_leave;
    NEXT;
}
#define AMO(name, T, N, EXPR)                                               \
L_##name: {                                                                 \
    T *p, s = (T)RS2, o;                                                    \
    T_MEM(RS1 & amask);                                                     \
    p = rv_amo_ptr(cpu, i, RS1 & amask, N, RV_ACC_STORE);                   \
    if (!p)                                                                 \
        goto dispatch;                                                      \
    o = *p;                                                                 \
    *p = (T)(EXPR);                                                         \
    RD = (uint64_t)(int64_t)o;                                              \
    if (T_LEAVE_AFTER_WRITE())                                              \
        goto store_leave;                                                   \
    NEXT;                                                                   \
}
    AMO(AMOSWAP_W, int32_t, 4, s)
    AMO(AMOADD_W, int32_t, 4, (uint32_t)o + (uint32_t)s)
    AMO(AMOXOR_W, int32_t, 4, o ^ s)
    AMO(AMOAND_W, int32_t, 4, o & s)
    AMO(AMOOR_W, int32_t, 4, o | s)
    AMO(AMOMIN_W, int32_t, 4, o < s ? o : s)
    AMO(AMOMAX_W, int32_t, 4, o > s ? o : s)
    AMO(AMOMINU_W, int32_t, 4, (uint32_t)o < (uint32_t)s ? o : s)
    AMO(AMOMAXU_W, int32_t, 4, (uint32_t)o > (uint32_t)s ? o : s)
    AMO(AMOSWAP_D, int64_t, 8, s)
    AMO(AMOADD_D, int64_t, 8, (uint64_t)o + (uint64_t)s)
    AMO(AMOXOR_D, int64_t, 8, o ^ s)
    AMO(AMOAND_D, int64_t, 8, o & s)
    AMO(AMOOR_D, int64_t, 8, o | s)
    AMO(AMOMIN_D, int64_t, 8, o < s ? o : s)
    AMO(AMOMAX_D, int64_t, 8, o > s ? o : s)
    AMO(AMOMINU_D, int64_t, 8, (uint64_t)o < (uint64_t)s ? o : s)
    AMO(AMOMAXU_D, int64_t, 8, (uint64_t)o > (uint64_t)s ? o : s)

    /* ------------------------------------------------------------- F, D */
#define FS_ON() do { if (RV_UNLIKELY(!cpu->fs_on)) goto illegal; } while (0)
#define DIRTY() (cpu->mstatus |= 3ull << 13)
#define RM_GET(r) do {                                                      \
        r = i->rm == 7 ? (int)cpu->frm : i->rm;                             \
        if (RV_UNLIKELY(r > 4))                                             \
            goto illegal;                                                   \
    } while (0)
#define FL (&cpu->fflags)

L_FLW: {
    uint64_t a = (RS1 + (uint64_t)i->imm) & amask, o = a - mlo;
    uint32_t v;

    T_MEM(a);
    FS_ON();
    if (RV_LIKELY(o < mlen && RV_T_ALIGNED(o, 4))) {
        memcpy(&v, mbase + o, 4);
    } else {
        uint64_t t;

        if (rv_load_slow(cpu, i, a, 4, &t))
            goto dispatch;
        v = (uint32_t)t;
    }
    f[i->rd] = BOX(v);
    DIRTY();
    NEXT;
}
L_FLD: {
    uint64_t a = (RS1 + (uint64_t)i->imm) & amask, o = a - mlo, v;

    T_MEM(a);
    FS_ON();
    if (RV_LIKELY(o < mlen && RV_T_ALIGNED(o, 8))) {
        memcpy(&v, mbase + o, 8);
    } else if (rv_load_slow(cpu, i, a, 8, &v)) {
        goto dispatch;
    }
    f[i->rd] = v;
    DIRTY();
    NEXT;
}
L_FSW: {
    uint64_t a = (RS1 + (uint64_t)i->imm) & amask, o = a - mlo;
    uint32_t v = (uint32_t)f[i->rs2];

    T_MEM(a);
    FS_ON();
    if (RV_LIKELY(o < mlen && RV_T_ALIGNED(o, 4) && !pagemap[o >> 12]))
        memcpy(mbase + o, &v, 4);
    else if ((sr_ = rv_store_slow(cpu, i, a, 4, v)) || T_LEAVE_AFTER_WRITE())
        goto *(sr_ == 1 ? &&dispatch : &&store_leave);
    NEXT;
}
L_FSD: {
    uint64_t a = (RS1 + (uint64_t)i->imm) & amask, o = a - mlo, v = f[i->rs2];

    T_MEM(a);
    FS_ON();
    if (RV_LIKELY(o < mlen && RV_T_ALIGNED(o, 8) && !pagemap[o >> 12]))
        memcpy(mbase + o, &v, 8);
    else if ((sr_ = rv_store_slow(cpu, i, a, 8, v)) || T_LEAVE_AFTER_WRITE())
        goto *(sr_ == 1 ? &&dispatch : &&store_leave);
    NEXT;
}

#define FOP_S(name, expr)                                                   \
L_##name: {                                                                 \
    int rm;                                                                 \
    FS_ON();                                                                \
    RM_GET(rm);                                                             \
    (void)rm;                                                               \
    f[i->rd] = BOX(expr);                                                   \
    DIRTY();                                                                \
    NEXT;                                                                   \
}
#define FOP_D(name, expr)                                                   \
L_##name: {                                                                 \
    int rm;                                                                 \
    FS_ON();                                                                \
    RM_GET(rm);                                                             \
    (void)rm;                                                               \
    f[i->rd] = (expr);                                                      \
    DIRTY();                                                                \
    NEXT;                                                                   \
}
#define S1 unbox(f[i->rs1])
#define S2 unbox(f[i->rs2])
#define S3 unbox(f[i->rs3])
#define D1 f[i->rs1]
#define D2 f[i->rs2]
#define D3 f[i->rs3]
    FOP_S(FMADD_S, rv_f32_fma(S1, S2, S3, 0, 0, rm, FL))
    FOP_S(FMSUB_S, rv_f32_fma(S1, S2, S3, 0, 1, rm, FL))
    FOP_S(FNMSUB_S, rv_f32_fma(S1, S2, S3, 1, 0, rm, FL))
    FOP_S(FNMADD_S, rv_f32_fma(S1, S2, S3, 1, 1, rm, FL))
    FOP_S(FADD_S, rv_f32_add(S1, S2, rm, FL))
    FOP_S(FSUB_S, rv_f32_sub(S1, S2, rm, FL))
    FOP_S(FMUL_S, rv_f32_mul(S1, S2, rm, FL))
    FOP_S(FDIV_S, rv_f32_div(S1, S2, rm, FL))
    FOP_S(FSQRT_S, rv_f32_sqrt(S1, rm, FL))
    FOP_D(FMADD_D, rv_f64_fma(D1, D2, D3, 0, 0, rm, FL))
    FOP_D(FMSUB_D, rv_f64_fma(D1, D2, D3, 0, 1, rm, FL))
    FOP_D(FNMSUB_D, rv_f64_fma(D1, D2, D3, 1, 0, rm, FL))
    FOP_D(FNMADD_D, rv_f64_fma(D1, D2, D3, 1, 1, rm, FL))
    FOP_D(FADD_D, rv_f64_add(D1, D2, rm, FL))
    FOP_D(FSUB_D, rv_f64_sub(D1, D2, rm, FL))
    FOP_D(FMUL_D, rv_f64_mul(D1, D2, rm, FL))
    FOP_D(FDIV_D, rv_f64_div(D1, D2, rm, FL))
    FOP_D(FSQRT_D, rv_f64_sqrt(D1, rm, FL))
    FOP_S(FCVT_S_D, rv_f64_to_f32(D1, rm, FL))
    FOP_D(FCVT_D_S, rv_f32_to_f64(S1, FL))
    FOP_S(FCVT_S_W, rv_int_to_f32((uint64_t)(int64_t)(int32_t)RS1, 1, rm, FL))
    FOP_S(FCVT_S_WU, rv_int_to_f32((uint32_t)RS1, 0, rm, FL))
    FOP_S(FCVT_S_L, rv_int_to_f32(RS1, 1, rm, FL))
    FOP_S(FCVT_S_LU, rv_int_to_f32(RS1, 0, rm, FL))
    FOP_D(FCVT_D_W, rv_int_to_f64((uint64_t)(int64_t)(int32_t)RS1, 1, rm, FL))
    FOP_D(FCVT_D_WU, rv_int_to_f64((uint32_t)RS1, 0, rm, FL))
    FOP_D(FCVT_D_L, rv_int_to_f64(RS1, 1, rm, FL))
    FOP_D(FCVT_D_LU, rv_int_to_f64(RS1, 0, rm, FL))

#define FNR(name, stmt)                                                     \
L_##name:                                                                   \
    FS_ON();                                                                \
    stmt;                                                                   \
    NEXT;
    FNR(FSGNJ_S, (f[i->rd] = BOX((S1 & 0x7fffffffu) | (S2 & 0x80000000u)), DIRTY()))
    FNR(FSGNJN_S, (f[i->rd] = BOX((S1 & 0x7fffffffu) | (~S2 & 0x80000000u)), DIRTY()))
    FNR(FSGNJX_S, (f[i->rd] = BOX(S1 ^ (S2 & 0x80000000u)), DIRTY()))
    FNR(FMIN_S, (f[i->rd] = BOX(rv_f32_min(S1, S2, FL)), DIRTY()))
    FNR(FMAX_S, (f[i->rd] = BOX(rv_f32_max(S1, S2, FL)), DIRTY()))
    FNR(FSGNJ_D, (f[i->rd] = (D1 & ~(1ull << 63)) | (D2 & (1ull << 63)), DIRTY()))
    FNR(FSGNJN_D, (f[i->rd] = (D1 & ~(1ull << 63)) | (~D2 & (1ull << 63)), DIRTY()))
    FNR(FSGNJX_D, (f[i->rd] = D1 ^ (D2 & (1ull << 63)), DIRTY()))
    FNR(FMIN_D, (f[i->rd] = rv_f64_min(D1, D2, FL), DIRTY()))
    FNR(FMAX_D, (f[i->rd] = rv_f64_max(D1, D2, FL), DIRTY()))
    FNR(FMV_X_W, RD = (uint64_t)rv_sext32(f[i->rs1]))
    FNR(FMV_X_D, RD = f[i->rs1])
    FNR(FMV_W_X, (f[i->rd] = BOX(RS1), DIRTY()))
    FNR(FMV_D_X, (f[i->rd] = RS1, DIRTY()))
    FNR(FEQ_S, RD = (uint64_t)rv_f32_eq(S1, S2, FL))
    FNR(FLT_S, RD = (uint64_t)rv_f32_lt(S1, S2, FL))
    FNR(FLE_S, RD = (uint64_t)rv_f32_le(S1, S2, FL))
    FNR(FEQ_D, RD = (uint64_t)rv_f64_eq(D1, D2, FL))
    FNR(FLT_D, RD = (uint64_t)rv_f64_lt(D1, D2, FL))
    FNR(FLE_D, RD = (uint64_t)rv_f64_le(D1, D2, FL))
    FNR(FCLASS_S, RD = rv_f32_class(S1))
    FNR(FCLASS_D, RD = rv_f64_class(D1))

#define FCVT_X(name, expr)                                                  \
L_##name: {                                                                 \
    int rm;                                                                 \
    FS_ON();                                                                \
    RM_GET(rm);                                                             \
    RD = (uint64_t)(expr);                                                  \
    NEXT;                                                                   \
}
    FCVT_X(FCVT_W_S, rv_f32_to_int(S1, 32, 1, rm, FL))
    FCVT_X(FCVT_WU_S, rv_f32_to_int(S1, 32, 0, rm, FL))
    FCVT_X(FCVT_L_S, rv_f32_to_int(S1, 64, 1, rm, FL))
    FCVT_X(FCVT_LU_S, rv_f32_to_int(S1, 64, 0, rm, FL))
    FCVT_X(FCVT_W_D, rv_f64_to_int(D1, 32, 1, rm, FL))
    FCVT_X(FCVT_WU_D, rv_f64_to_int(D1, 32, 0, rm, FL))
    FCVT_X(FCVT_L_D, rv_f64_to_int(D1, 64, 1, rm, FL))
    FCVT_X(FCVT_LU_D, rv_f64_to_int(D1, 64, 0, rm, FL))

    /* ------------------------------------------------------------ others */
L_END:
#if RV_T_TRACE
    --rec;                          /* NEXT wrote a record for the terminator */
#endif
    CHAIN(1, i->pc);
L_STOP_AT:
    rv_unretire(cpu, i);
    LEAVE(i->pc);
store_leave:                        /* a device store may raise an interrupt: leave */
    rv_unretire(cpu, i + 1);
    LEAVE(i->pc + i->len);
L_FETCH_FAULT:
    rv_exception(cpu, i, i->rs3, (uint64_t)i->imm);
    goto dispatch;
L_ILLEGAL:
illegal:
    rv_exception(cpu, i, RV_EXC_ILLEGAL, i->raw);
    goto dispatch;
misaligned_target:
    rv_exception(cpu, i, RV_EXC_IADDR_MISALIGN, (uint64_t)i->imm);
    goto dispatch;
misaligned_jalr:
    rv_exception(cpu, i, RV_EXC_IADDR_MISALIGN, cpu->trap_tval);
    goto dispatch;
#if RV_T_TRACE
irq_between:                        /* trace_irq took an interrupt after T_REC */
    T_TRAP();
    traps_seen = cpu->st.traps;
    goto dispatch;
trace_full:                         /* out is full: i and the rest did not run */
    rv_unretire(cpu, i);
    cpu->pc = i->pc;
    ret = RV_RUN_BUDGET;
trace_out:
    if (first_trap && rec > out)
        out[0].flags |= SIM_INST_TRAP;
    *got = (int)(rec - out);
    return ret;
#endif
}

#undef NEXT
#undef T_REC
#undef T_ENTER
#undef T_MEM
#undef T_TAKEN
#undef T_TARGET
#undef T_TRAP
#undef T_LEAVE_AFTER_WRITE
#undef T_CLOCK
#undef RETURN
#undef UPDATE_CHECK
#undef LEAVE
#undef CHAIN
#undef CHAIN_IND
#undef RS1
#undef RS2
#undef RD
#undef BRANCH
#undef LOAD
#undef STORE
#undef AMO
#undef FS_ON
#undef DIRTY
#undef RM_GET
#undef FL
#undef FOP_S
#undef FOP_D
#undef S1
#undef S2
#undef S3
#undef D1
#undef D2
#undef D3
#undef FNR
#undef FCVT_X
#undef RV_T_ALIGNED
#undef RV_T_NAME
#undef RV_T_XLEN
#undef RV_T_STRICT
#undef RV_T_TRACE
