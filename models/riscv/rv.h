/* models/riscv/rv.h - internal types of the RISC-V functional model: hart
 * state, what the harts of one address space share (rv_space: the code
 * cache), pre-decoded instructions and blocks, the decoder's table rows, and
 * the entry points the files of models/riscv/ share.
 *
 * Follows the RISC-V Unprivileged ISA (20191213) and Privileged Architecture
 * (20211203) specifications. Private to models/riscv/; nothing outside this
 * folder includes it. Integer registers are kept as 64-bit values; an RV32
 * hart keeps them sign-extended from bit 31, so RV32 arithmetic reuses the
 * RV64 "W" operations and addresses are masked with amask. */
#ifndef MODELS_RISCV_RV_H
#define MODELS_RISCV_RV_H

#include <stdbool.h>
#include <stdint.h>
#include <archsim/sim_type.h>

#define RV_LIKELY(x)   __builtin_expect(!!(x), 1)
#define RV_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* ------------------------------------------------------------ operations */

/* Block-ending and record flags of an operation. */
#define RV_F_END    0x1             /* ends a pre-decoded block */
#define RV_F_BRANCH 0x2             /* conditional branch */
#define RV_F_JAL    0x4             /* direct jump */
#define RV_F_JALR   0x8             /* indirect jump */
#define RV_F_MEM    0x10            /* accesses memory at x[rs1] + imm */
#define RV_F_SERIAL 0x20            /* serialising for a timing model */
#define RV_F_FP     0x40            /* needs mstatus.FS != Off */

/* Every operation: name, sim_op_class, flags, memory access size. */
#define RV_OPS(_) \
    _(ILLEGAL,   SIM_OP_SYSTEM, RV_F_END | RV_F_SERIAL, 0) \
    _(LUI,       SIM_OP_INT, 0, 0) \
    _(AUIPC,     SIM_OP_INT, 0, 0) \
    _(JAL,       SIM_OP_JUMP, RV_F_END | RV_F_JAL, 0) \
    _(JALR,      SIM_OP_JUMP, RV_F_END | RV_F_JALR, 0) \
    _(BEQ,       SIM_OP_BRANCH, RV_F_END | RV_F_BRANCH, 0) \
    _(BNE,       SIM_OP_BRANCH, RV_F_END | RV_F_BRANCH, 0) \
    _(BLT,       SIM_OP_BRANCH, RV_F_END | RV_F_BRANCH, 0) \
    _(BGE,       SIM_OP_BRANCH, RV_F_END | RV_F_BRANCH, 0) \
    _(BLTU,      SIM_OP_BRANCH, RV_F_END | RV_F_BRANCH, 0) \
    _(BGEU,      SIM_OP_BRANCH, RV_F_END | RV_F_BRANCH, 0) \
    _(LB,        SIM_OP_LOAD, RV_F_MEM, 1) \
    _(LH,        SIM_OP_LOAD, RV_F_MEM, 2) \
    _(LW,        SIM_OP_LOAD, RV_F_MEM, 4) \
    _(LD,        SIM_OP_LOAD, RV_F_MEM, 8) \
    _(LBU,       SIM_OP_LOAD, RV_F_MEM, 1) \
    _(LHU,       SIM_OP_LOAD, RV_F_MEM, 2) \
    _(LWU,       SIM_OP_LOAD, RV_F_MEM, 4) \
    _(SB,        SIM_OP_STORE, RV_F_MEM, 1) \
    _(SH,        SIM_OP_STORE, RV_F_MEM, 2) \
    _(SW,        SIM_OP_STORE, RV_F_MEM, 4) \
    _(SD,        SIM_OP_STORE, RV_F_MEM, 8) \
    _(ADDI,      SIM_OP_INT, 0, 0) \
    _(SLTI,      SIM_OP_INT, 0, 0) \
    _(SLTIU,     SIM_OP_INT, 0, 0) \
    _(XORI,      SIM_OP_INT, 0, 0) \
    _(ORI,       SIM_OP_INT, 0, 0) \
    _(ANDI,      SIM_OP_INT, 0, 0) \
    _(SLLI,      SIM_OP_INT, 0, 0) \
    _(SRLI,      SIM_OP_INT, 0, 0) \
    _(SRAI,      SIM_OP_INT, 0, 0) \
    _(ADD,       SIM_OP_INT, 0, 0) \
    _(SUB,       SIM_OP_INT, 0, 0) \
    _(SLL,       SIM_OP_INT, 0, 0) \
    _(SLT,       SIM_OP_INT, 0, 0) \
    _(SLTU,      SIM_OP_INT, 0, 0) \
    _(XOR,       SIM_OP_INT, 0, 0) \
    _(SRL,       SIM_OP_INT, 0, 0) \
    _(SRA,       SIM_OP_INT, 0, 0) \
    _(OR,        SIM_OP_INT, 0, 0) \
    _(AND,       SIM_OP_INT, 0, 0) \
    _(FENCE,     SIM_OP_FENCE, 0, 0) \
    _(FENCE_I,   SIM_OP_FENCE, RV_F_END | RV_F_SERIAL, 0) \
    _(ECALL,     SIM_OP_SYSTEM, RV_F_END | RV_F_SERIAL, 0) \
    _(EBREAK,    SIM_OP_SYSTEM, RV_F_END | RV_F_SERIAL, 0) \
    _(MRET,      SIM_OP_SYSTEM, RV_F_END | RV_F_SERIAL, 0) \
    _(SRET,      SIM_OP_SYSTEM, RV_F_END | RV_F_SERIAL, 0) \
    _(WFI,       SIM_OP_SYSTEM, RV_F_END | RV_F_SERIAL, 0) \
    _(SFENCE_VMA, SIM_OP_FENCE, RV_F_END | RV_F_SERIAL, 0) \
    _(ADDIW,     SIM_OP_INT, 0, 0) \
    _(SLLIW,     SIM_OP_INT, 0, 0) \
    _(SRLIW,     SIM_OP_INT, 0, 0) \
    _(SRAIW,     SIM_OP_INT, 0, 0) \
    _(ADDW,      SIM_OP_INT, 0, 0) \
    _(SUBW,      SIM_OP_INT, 0, 0) \
    _(SLLW,      SIM_OP_INT, 0, 0) \
    _(SRLW,      SIM_OP_INT, 0, 0) \
    _(SRAW,      SIM_OP_INT, 0, 0) \
    _(CSRRW,     SIM_OP_CSR, RV_F_END | RV_F_SERIAL, 0) \
    _(CSRRS,     SIM_OP_CSR, RV_F_END | RV_F_SERIAL, 0) \
    _(CSRRC,     SIM_OP_CSR, RV_F_END | RV_F_SERIAL, 0) \
    _(CSRRWI,    SIM_OP_CSR, RV_F_END | RV_F_SERIAL, 0) \
    _(CSRRSI,    SIM_OP_CSR, RV_F_END | RV_F_SERIAL, 0) \
    _(CSRRCI,    SIM_OP_CSR, RV_F_END | RV_F_SERIAL, 0) \
    _(MUL,       SIM_OP_MUL, 0, 0) \
    _(MULH,      SIM_OP_MUL, 0, 0) \
    _(MULHSU,    SIM_OP_MUL, 0, 0) \
    _(MULHU,     SIM_OP_MUL, 0, 0) \
    _(DIV,       SIM_OP_DIV, 0, 0) \
    _(DIVU,      SIM_OP_DIV, 0, 0) \
    _(REM,       SIM_OP_DIV, 0, 0) \
    _(REMU,      SIM_OP_DIV, 0, 0) \
    _(MULW,      SIM_OP_MUL, 0, 0) \
    _(DIVW,      SIM_OP_DIV, 0, 0) \
    _(DIVUW,     SIM_OP_DIV, 0, 0) \
    _(REMW,      SIM_OP_DIV, 0, 0) \
    _(REMUW,     SIM_OP_DIV, 0, 0) \
    _(MULH32,    SIM_OP_MUL, 0, 0) \
    _(MULHSU32,  SIM_OP_MUL, 0, 0) \
    _(MULHU32,   SIM_OP_MUL, 0, 0) \
    _(LR_W,      SIM_OP_AMO, RV_F_MEM, 4) \
    _(SC_W,      SIM_OP_AMO, RV_F_MEM, 4) \
    _(AMOSWAP_W, SIM_OP_AMO, RV_F_MEM, 4) \
    _(AMOADD_W,  SIM_OP_AMO, RV_F_MEM, 4) \
    _(AMOXOR_W,  SIM_OP_AMO, RV_F_MEM, 4) \
    _(AMOAND_W,  SIM_OP_AMO, RV_F_MEM, 4) \
    _(AMOOR_W,   SIM_OP_AMO, RV_F_MEM, 4) \
    _(AMOMIN_W,  SIM_OP_AMO, RV_F_MEM, 4) \
    _(AMOMAX_W,  SIM_OP_AMO, RV_F_MEM, 4) \
    _(AMOMINU_W, SIM_OP_AMO, RV_F_MEM, 4) \
    _(AMOMAXU_W, SIM_OP_AMO, RV_F_MEM, 4) \
    _(LR_D,      SIM_OP_AMO, RV_F_MEM, 8) \
    _(SC_D,      SIM_OP_AMO, RV_F_MEM, 8) \
    _(AMOSWAP_D, SIM_OP_AMO, RV_F_MEM, 8) \
    _(AMOADD_D,  SIM_OP_AMO, RV_F_MEM, 8) \
    _(AMOXOR_D,  SIM_OP_AMO, RV_F_MEM, 8) \
    _(AMOAND_D,  SIM_OP_AMO, RV_F_MEM, 8) \
    _(AMOOR_D,   SIM_OP_AMO, RV_F_MEM, 8) \
    _(AMOMIN_D,  SIM_OP_AMO, RV_F_MEM, 8) \
    _(AMOMAX_D,  SIM_OP_AMO, RV_F_MEM, 8) \
    _(AMOMINU_D, SIM_OP_AMO, RV_F_MEM, 8) \
    _(AMOMAXU_D, SIM_OP_AMO, RV_F_MEM, 8) \
    _(FLW,       SIM_OP_LOAD, RV_F_MEM | RV_F_FP, 4) \
    _(FSW,       SIM_OP_STORE, RV_F_MEM | RV_F_FP, 4) \
    _(FMADD_S,   SIM_OP_FMA, RV_F_FP, 0) \
    _(FMSUB_S,   SIM_OP_FMA, RV_F_FP, 0) \
    _(FNMSUB_S,  SIM_OP_FMA, RV_F_FP, 0) \
    _(FNMADD_S,  SIM_OP_FMA, RV_F_FP, 0) \
    _(FADD_S,    SIM_OP_FADD, RV_F_FP, 0) \
    _(FSUB_S,    SIM_OP_FADD, RV_F_FP, 0) \
    _(FMUL_S,    SIM_OP_FMUL, RV_F_FP, 0) \
    _(FDIV_S,    SIM_OP_FDIV, RV_F_FP, 0) \
    _(FSQRT_S,   SIM_OP_FDIV, RV_F_FP, 0) \
    _(FSGNJ_S,   SIM_OP_FMISC, RV_F_FP, 0) \
    _(FSGNJN_S,  SIM_OP_FMISC, RV_F_FP, 0) \
    _(FSGNJX_S,  SIM_OP_FMISC, RV_F_FP, 0) \
    _(FMIN_S,    SIM_OP_FMISC, RV_F_FP, 0) \
    _(FMAX_S,    SIM_OP_FMISC, RV_F_FP, 0) \
    _(FCVT_W_S,  SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_WU_S, SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_L_S,  SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_LU_S, SIM_OP_FCVT, RV_F_FP, 0) \
    _(FMV_X_W,   SIM_OP_FMISC, RV_F_FP, 0) \
    _(FEQ_S,     SIM_OP_FMISC, RV_F_FP, 0) \
    _(FLT_S,     SIM_OP_FMISC, RV_F_FP, 0) \
    _(FLE_S,     SIM_OP_FMISC, RV_F_FP, 0) \
    _(FCLASS_S,  SIM_OP_FMISC, RV_F_FP, 0) \
    _(FCVT_S_W,  SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_S_WU, SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_S_L,  SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_S_LU, SIM_OP_FCVT, RV_F_FP, 0) \
    _(FMV_W_X,   SIM_OP_FMISC, RV_F_FP, 0) \
    _(FLD,       SIM_OP_LOAD, RV_F_MEM | RV_F_FP, 8) \
    _(FSD,       SIM_OP_STORE, RV_F_MEM | RV_F_FP, 8) \
    _(FMADD_D,   SIM_OP_FMA, RV_F_FP, 0) \
    _(FMSUB_D,   SIM_OP_FMA, RV_F_FP, 0) \
    _(FNMSUB_D,  SIM_OP_FMA, RV_F_FP, 0) \
    _(FNMADD_D,  SIM_OP_FMA, RV_F_FP, 0) \
    _(FADD_D,    SIM_OP_FADD, RV_F_FP, 0) \
    _(FSUB_D,    SIM_OP_FADD, RV_F_FP, 0) \
    _(FMUL_D,    SIM_OP_FMUL, RV_F_FP, 0) \
    _(FDIV_D,    SIM_OP_FDIV, RV_F_FP, 0) \
    _(FSQRT_D,   SIM_OP_FDIV, RV_F_FP, 0) \
    _(FSGNJ_D,   SIM_OP_FMISC, RV_F_FP, 0) \
    _(FSGNJN_D,  SIM_OP_FMISC, RV_F_FP, 0) \
    _(FSGNJX_D,  SIM_OP_FMISC, RV_F_FP, 0) \
    _(FMIN_D,    SIM_OP_FMISC, RV_F_FP, 0) \
    _(FMAX_D,    SIM_OP_FMISC, RV_F_FP, 0) \
    _(FCVT_S_D,  SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_D_S,  SIM_OP_FCVT, RV_F_FP, 0) \
    _(FEQ_D,     SIM_OP_FMISC, RV_F_FP, 0) \
    _(FLT_D,     SIM_OP_FMISC, RV_F_FP, 0) \
    _(FLE_D,     SIM_OP_FMISC, RV_F_FP, 0) \
    _(FCLASS_D,  SIM_OP_FMISC, RV_F_FP, 0) \
    _(FCVT_W_D,  SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_WU_D, SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_L_D,  SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_LU_D, SIM_OP_FCVT, RV_F_FP, 0) \
    _(FMV_X_D,   SIM_OP_FMISC, RV_F_FP, 0) \
    _(FCVT_D_W,  SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_D_WU, SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_D_L,  SIM_OP_FCVT, RV_F_FP, 0) \
    _(FCVT_D_LU, SIM_OP_FCVT, RV_F_FP, 0) \
    _(FMV_D_X,   SIM_OP_FMISC, RV_F_FP, 0) \
    _(JALR32,    SIM_OP_JUMP, RV_F_END | RV_F_JALR, 0) \
    _(END,       SIM_OP_NOP, 0, 0)

enum rv_op {
#define RV_OP_ENUM_(n, c, f, s) RV_OP_##n,
    RV_OPS(RV_OP_ENUM_)
#undef RV_OP_ENUM_
    RV_OP_COUNT
};

struct rv_opinfo {
    const char *name;
    uint8_t cls;                    /* enum sim_op_class */
    uint8_t flags;                  /* RV_F_* */
    uint8_t size;                   /* memory access bytes */
};
extern const struct rv_opinfo rv_opinfo[RV_OP_COUNT];

/* ------------------------------------------------------------- decoding */

/* Operand formats: how a row's fields become rd/rs1/rs2/rs3/imm. The C
 * formats expand a 16-bit instruction into the operands of its 32-bit
 * equivalent; the few C rows whose meaning depends on a register field being
 * zero (c.jr/c.mv, c.jalr/c.add/c.ebreak, c.lui/c.addi16sp) pick the
 * operation in their format. */
enum rv_fmt {
    RV_FMT_R, RV_FMT_I, RV_FMT_ISH, RV_FMT_S, RV_FMT_B, RV_FMT_U, RV_FMT_UPC, RV_FMT_J,
    RV_FMT_LOAD, RV_FMT_FLOAD, RV_FMT_FSTORE, RV_FMT_AMO, RV_FMT_CSR, RV_FMT_CSRI,
    RV_FMT_NONE, RV_FMT_SFENCE, RV_FMT_FR, RV_FMT_FR1, RV_FMT_FR4, RV_FMT_FSGN,
    RV_FMT_FCMP, RV_FMT_XF, RV_FMT_FX, RV_FMT_XFN, RV_FMT_FXN,
    /* compressed */
    RV_FMT_CIW, RV_FMT_CLW, RV_FMT_CLD, RV_FMT_CFLW, RV_FMT_CFLD, RV_FMT_CSW, RV_FMT_CSD,
    RV_FMT_CFSW, RV_FMT_CFSD, RV_FMT_CADDI, RV_FMT_CADDIW, RV_FMT_CLI, RV_FMT_CLUI,
    RV_FMT_CSHIFT, RV_FMT_CANDI, RV_FMT_CA, RV_FMT_CJ, RV_FMT_CJAL, RV_FMT_CB,
    RV_FMT_CSLLI, RV_FMT_CLWSP, RV_FMT_CLDSP, RV_FMT_CFLWSP, RV_FMT_CFLDSP, RV_FMT_CJR,
    RV_FMT_CJALR, RV_FMT_CSWSP, RV_FMT_CSDSP, RV_FMT_CFSWSP, RV_FMT_CFSDSP,
    RV_FMT_COUNT
};

/* Which register files an instruction reads and writes (records). */
#define RV_RK_RD_X  0x01
#define RV_RK_RD_F  0x02
#define RV_RK_RS1_X 0x04
#define RV_RK_RS1_F 0x08
#define RV_RK_RS2_X 0x10
#define RV_RK_RS2_F 0x20
#define RV_RK_RS3_F 0x40

/* One decoder row: raw & mask == match selects it. */
struct rv_row {
    const char *name;
    uint32_t mask, match;
    uint8_t fmt;                    /* enum rv_fmt */
    uint8_t xlen;                   /* 0: both, 32 or 64: only that XLEN */
    uint16_t op;                    /* enum rv_op */
};

/* The extension tables, each in spec order (rv64i.c, rv64m.c, ...). */
struct rv_ext {
    char letter;                    /* 'i', 'm', 'a', 'f', 'd', 'c' */
    const struct rv_row *rows;
    int n;
};
extern const struct rv_ext rv_ext_i, rv_ext_m, rv_ext_a, rv_ext_f, rv_ext_d, rv_ext_c;

#define RV_DEC_MAX_ROWS 320
/* A decoder for one XLEN and extension set: rows bucketed by major opcode
 * (32-bit) or by quadrant and funct3 (16-bit), so decoding scans a few rows. */
struct rv_decoder {
    int xlen;
    const struct rv_row *rows[RV_DEC_MAX_ROWS];
    int n_rows;
    uint16_t bucket_start[128 + 32], bucket_len[128 + 32];
    const struct rv_row *sorted[RV_DEC_MAX_ROWS];
};

/* ----------------------------------------------------- pre-decoded blocks */

struct rv_insn {
    const void *h;                  /* handler (label address in the executor) */
    uint64_t pc;
    int64_t imm;                    /* immediate, branch target, csr number, ... */
    uint32_t raw;
    uint16_t op;                    /* enum rv_op */
    uint8_t rd, rs1, rs2, rs3;      /* int rd 0 is redirected to x[32] */
    uint8_t len;                    /* 2 or 4 (0 for the block terminator) */
    uint8_t rem;                    /* instructions left in the block, this one included */
    uint8_t rm;                     /* rounding mode field (7: dynamic) */
    uint8_t rk;                     /* RV_RK_* */
};

#define RV_BLOCK_MAX 64             /* instructions per block at most */

struct rv_block {
    uint64_t key;                   /* pc | translation context bit */
    uint64_t pstart, pend;          /* guest physical bytes it was decoded from */
    uint64_t end;                   /* guest pc after the last instruction */
    uint64_t execs;                 /* entries not yet folded into the mix */
    struct rv_block *hnext;         /* hash chain */
    struct rv_block *pnext;         /* blocks that start in the same physical page */
    struct rv_block *succ[2];       /* linked successors: taken (or last indirect
                                       target), fall-through */
    uint32_t n;                     /* instructions, terminator excluded */
    uint32_t valid;
    uint32_t bytes;                 /* size in the arena */
    uint32_t rec_off;               /* traced cache: bytes from the block to its n + 1
                                       record templates (rv_block_recs); else 0 */
    struct rv_insn insn[];          /* n + 1: the last is the terminator */
};

/* The record templates of a block of a traced cache: per instruction, every
 * field of its sim_inst that decoding fixes (pc, raw, size, class, registers,
 * access size, branch kind, direct target, SERIAL), so that the traced
 * executor copies one and fills in what execution decides (address, taken,
 * indirect target, TRAP). */
static inline sim_inst *rv_block_recs(struct rv_block *b)
{
    return (sim_inst *)((char *)b + b->rec_off);
}

/* ------------------------------------------------------------ hart state */

enum rv_mode { RV_MODE_LINUX, RV_MODE_BAREMETAL };

/* Why rv_run returned. */
enum rv_stop {
    RV_RUN_BUDGET,                  /* the instruction budget was used up */
    RV_RUN_EXIT,                    /* the guest exited: cpu->exit_code */
    RV_RUN_FAULT,                   /* the guest stopped with cpu->msg */
    RV_RUN_STOP,                    /* a stop was requested (cpu->stop_req) */
    RV_RUN_TRAP,                    /* rv_trace, bare metal: an exception was taken;
                                       the last record is the trapping instruction's */
    RV_RUN_IDLE,                    /* the hart has nothing to run: its thread blocked
                                       (futex, sleep) or exited (multi-hart Linux) */
    RV_RUN_DRAIN,                   /* rv_trace: the last record is a clock read's
                                       draining op; ask again once it has committed */
};

#define RV_PG_CODE  0x1             /* a block was translated from this page */
#define RV_PG_WATCH 0x2             /* stores go to the slow path (tohost) */
#define RV_PG_CODE_NEXT 0x4         /* the next page holds code */
#define RV_PG_RESV  0x8             /* another hart may hold an LR reservation here:
                                       stores go to the slow path, which breaks it */

#define RV_TLB_SIZE 256

struct rv_tlb {
    uint64_t vpn;                   /* virtual page number | 1 when valid */
    uint64_t ppn;                   /* physical page number */
    uint8_t perm;                   /* PTE R|W|X|U|D, after checks of this privilege */
};

struct rv_linux;
struct rv_cpu;

/* What the harts of one address space share: the code cache over its
 * memory (blocks are decoded once for all; a store by any hart into a page
 * holding code drops them for all), the instruction mix those blocks count,
 * and the list of harts, so that a store can break another hart's LR
 * reservation. One hart has one of its own. */
struct rv_space {
    struct rv_block **hash;         /* RV_HASH_SIZE chains */
    struct rv_block **jcache;       /* direct-mapped dispatch cache */
    uint8_t *arena;
    size_t arena_size, arena_used;
    struct rv_block **pagelist;     /* blocks per page of RAM, by first byte */
    uint64_t pagelist_n;
    uint64_t mix[SIM_OP_COUNT];     /* block entries folded in, less what did not retire */
    uint64_t blocks, invalidated, flushes;
    struct rv_cpu **harts;          /* nharts harts run in this space */
    int nharts;
};

struct rv_cpu {
    uint64_t x[33];                 /* x[32] is the sink for writes to x0 */
    uint64_t f[32];
    uint64_t pc;
    uint64_t icount;                /* instructions retired (a block adds its length on entry) */
    uint64_t check_at;              /* dispatcher slow check when icount + n exceeds it */
    uint64_t budget_end;            /* icount at which rv_run returns */

    /* fast memory path: guest address a is host mbase + (a - mlo) when
     * a - mlo < mspan; mspan 0 sends every access to the slow path */
    uint8_t *mbase;
    uint64_t mlo, mspan;
    uint8_t *pagemap;               /* RV_PG_* per 4 KiB page of [mlo, mlo + mspan) */
    uint64_t amask;                 /* address mask: 2^32-1 for RV32 */
    uint64_t fetch_key;             /* xored into pc for code-cache keys: translation
                                       context (privilege) << 56 */
    uint32_t ialign;                /* 2 without C: targets must be 4-aligned; else 0 */
    bool fs_on;                     /* mstatus.FS != Off */
    uint64_t trap_tval;
    const void *const *labels;      /* handler table of rv_run, or of rv_trace */
    bool traced;                    /* the code cache serves rv_trace (timing mode): blocks
                                       carry record templates and its handlers */

    /* RAM, the only physical memory besides the CLINT */
    uint8_t *ram;
    uint64_t ram_base, ram_size;

    uint32_t fflags, frm;
    int xlen;
    int priv;                       /* 0 U, 1 S, 3 M */
    int mode;                       /* enum rv_mode (bare metal: misaligned data accesses trap) */

    /* CSRs */
    uint64_t mstatus, misa, medeleg, mideleg, mie, mip, mtvec, mscratch, mepc, mcause,
             mtval, mcounteren, scounteren, stvec, sscratch, sepc, scause, stval, satp,
             menvcfg, senvcfg, mcountinhibit;
    uint64_t mcycle_off, minstret_off;
    uint8_t pmpcfg[64];
    uint64_t pmpaddr[64];
    int pmp_n;                      /* PMP entries implemented */
    uint64_t mtimecmp, mtime_off;
    uint32_t msip;

    /* LR/SC reservation */
    uint64_t resv_addr;
    bool resv_valid;

    /* Sv39/Sv32 translation */
    struct rv_tlb tlb[3][RV_TLB_SIZE];  /* fetch, load, store */

    /* code cache */
    struct rv_space *as;            /* shared with the other harts of the space */
    struct rv_block **jcache;       /* as->jcache, kept here for the dispatcher */
    uint64_t cache_gen;             /* bumped by every flush this hart makes (block
                                       links made before it are stale) */
    int hart;                       /* index in as->harts */

    /* guest time: ps per instruction and the base of the current quantum */
    uint64_t time_base_ps, q_icount0;
    uint64_t sleep_ps;              /* guest time spent in nanosleep */
    uint64_t drain_mark;            /* traced: 1 + the instruction count at the clock
                                       read whose draining op was handed out (0: none;
                                       see rv_reads_time) */
    double ps_per_insn, period_ps;
    double timebase_hz;             /* rdtime / mtime frequency */

    /* bare metal */
    uint64_t tohost, fromhost;      /* symbol addresses, 0 when absent */
    int in_fd, out_fd, err_fd;      /* host fds behind the guest's stdin/stdout/stderr */

    /* Linux user mode */
    struct rv_linux *lx;

    sim_comp *comp;                 /* for sim_rand and sim_log; may be NULL in tests */
    uint64_t rand_state;            /* used when comp is NULL */

    /* results */
    int stop_req;                   /* nonzero: leave rv_run at the next block */
    int exit_code;
    char msg[384];

    struct {
        uint64_t taken, syscalls, traps;
    } st;

    struct rv_decoder dec;
};

/* ------------------------------------------------------------ functions */

/* rv_decode.c */
int rv_decoder_init(struct rv_decoder *d, int xlen, const char *isa, char *err, size_t errn);
/* Decode raw at pc into *out (h, rem left unset). Returns 0, or -1 when the
 * word is not a valid instruction (out->op is then RV_OP_ILLEGAL). */
int rv_decode(const struct rv_decoder *d, uint32_t raw, uint64_t pc, struct rv_insn *out);
/* Rows of every table, for the overlap test. */
int rv_rows_all(const struct rv_row **out, int max);

/* rv_exec.c */
/* Execute up to budget instructions; returns an enum rv_stop. The
 * functional path: a cache of cpu->traced false. */
int rv_run(struct rv_cpu *cpu, uint64_t budget);
/* The timing path (cpu->traced true): execute, writing one record per
 * instruction into out[0..n), until n records, an exit or a fault (returns
 * an enum rv_stop), or, bare metal, an exception (RV_RUN_TRAP: the caller
 * steps the handler's first instruction with a scratch record, see
 * riscv_insts). *got is the count written. Bare metal checks interrupts
 * after every instruction; a record whose instruction raised an exception
 * or was followed by an interrupt has SIM_INST_TRAP, as does the first
 * record when an interrupt was taken before it. n 0 only publishes the
 * handler table (cache init). */
int rv_trace(struct rv_cpu *cpu, sim_inst *out, int n, int *got);
/* Attach the hart to its space's code cache (cpu->as), allocating the cache
 * when the space has none yet; publishes the handler table of the executor
 * cpu->traced selects. 0, or -1 when out of memory. */
int rv_cache_init(struct rv_cpu *cpu, size_t arena_bytes);
/* Free the space's code cache (once, for all its harts). */
void rv_cache_free(struct rv_space *as);
void rv_cache_flush(struct rv_cpu *cpu);
/* Fold block execution counts into as->mix. */
void rv_cache_sync_stats(struct rv_space *as);
void rv_unretire(struct rv_cpu *cpu, const struct rv_insn *i);
/* A store hit a page holding translated code: drop blocks covering
 * [pa, pa + n). */
void rv_cache_invalidate(struct rv_cpu *cpu, uint64_t pa, uint64_t n);

/* rv_mem.c */
/* Exception causes. */
enum {
    RV_EXC_IADDR_MISALIGN = 0, RV_EXC_IACCESS = 1, RV_EXC_ILLEGAL = 2, RV_EXC_BREAKPOINT = 3,
    RV_EXC_LADDR_MISALIGN = 4, RV_EXC_LACCESS = 5, RV_EXC_SADDR_MISALIGN = 6,
    RV_EXC_SACCESS = 7, RV_EXC_ECALL_U = 8, RV_EXC_ECALL_S = 9, RV_EXC_ECALL_M = 11,
    RV_EXC_IPAGE = 12, RV_EXC_LPAGE = 13, RV_EXC_SPAGE = 15,
};
enum { RV_ACC_FETCH, RV_ACC_LOAD, RV_ACC_STORE };

/* Slow paths: translation, PMP, MMIO, misalignment, code-page stores,
 * tohost. Return 0, or 1 after raising the exception (cpu->pc is the
 * handler then); a store returns 2 when it wrote a device or ended the run,
 * so that the block is left right after it. `i` is the instruction making
 * the access. */
int rv_load_slow(struct rv_cpu *cpu, const struct rv_insn *i, uint64_t va, int size,
                 uint64_t *out);
int rv_store_slow(struct rv_cpu *cpu, const struct rv_insn *i, uint64_t va, int size,
                  uint64_t val);
/* AMO / LR / SC: a host pointer to naturally aligned writable memory, or
 * NULL after raising the exception. */
void *rv_amo_ptr(struct rv_cpu *cpu, const struct rv_insn *i, uint64_t va, int size,
                 int acc);
/* Instruction fetch of 16 bits at va; 0 or an exception cause + 1. */
int rv_fetch16(struct rv_cpu *cpu, uint64_t va, uint16_t *out, uint64_t *pa);
/* Recompute the fast-path window (after satp, priv, mstatus or PMP change). */
void rv_mem_update(struct rv_cpu *cpu);
void rv_tlb_flush(struct rv_cpu *cpu);
void rv_host_wrote(struct rv_cpu *cpu, uint64_t a, uint64_t n);
/* Multi-hart: the hart stops running for now; if it holds an LR
 * reservation, stores by the others to that page take the slow path. */
void rv_resv_watch(struct rv_cpu *cpu);
/* Host pointer to guest physical [pa, pa + n) in RAM, or NULL. */
void *rv_ram_ptr(struct rv_cpu *cpu, uint64_t pa, uint64_t n);

/* rv_csr.c */
void rv_reset(struct rv_cpu *cpu);
/* Raise a synchronous exception at instruction i (or at cpu->pc when i is NULL). */
void rv_exception(struct rv_cpu *cpu, const struct rv_insn *i, int cause, uint64_t tval);
/* Take a pending enabled interrupt, if any. Returns 1 when one was taken. */
int rv_interrupt_check(struct rv_cpu *cpu);
/* Execute a Zicsr instruction; 0, or 1 after raising an exception. */
int rv_csr_op(struct rv_cpu *cpu, const struct rv_insn *i);
int rv_mret(struct rv_cpu *cpu, const struct rv_insn *i);
int rv_sret(struct rv_cpu *cpu, const struct rv_insn *i);
int rv_sfence(struct rv_cpu *cpu, const struct rv_insn *i);
uint64_t rv_time_ps(const struct rv_cpu *cpu);
uint64_t rv_mtime(const struct rv_cpu *cpu);
/* Recompute check_at from the budget and the timer deadline. */
void rv_update_check(struct rv_cpu *cpu);
/* Stop the run with a fault message. */
void rv_fault(struct rv_cpu *cpu, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
uint64_t rv_rand(struct rv_cpu *cpu);

/* rv_linux.c */
void rv_syscall(struct rv_cpu *cpu, const struct rv_insn *i);
/* System call nr reads or waits on the guest's clock. */
bool rv_syscall_reads_time(uint64_t nr);

/* Instruction i reads the guest's clock (a counter CSR, a system call that
 * tells the time or sleeps). Traced, such an instruction runs only once the
 * consumer has committed every record before it, so that it sees the time
 * of the timing model, not of fetch running ahead: the executor first hands
 * out a record of its own, an op flagged SIM_INST_MORE | SIM_INST_DRAIN
 * (rv_drain_rec), and runs the instruction in the next call. */
bool rv_reads_time(const struct rv_cpu *cpu, const struct rv_insn *i);
void rv_drain_rec(sim_inst *r);

/* instructions retired before instruction i of the current block */
static inline uint64_t rv_insn_icount(const struct rv_cpu *cpu, const struct rv_insn *i)
{
    return cpu->icount - i->rem;
}

static inline int64_t rv_sext32(uint64_t v) { return (int64_t)(int32_t)(uint32_t)v; }

#endif
