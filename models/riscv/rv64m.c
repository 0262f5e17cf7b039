/* models/riscv/rv64m.c - decoder rows of the M extension (Unprivileged spec
 * chapter 7): integer multiply and divide, RV32M then RV64M, in spec order.
 * On RV32 the decoder maps mulh/mulhsu/mulhu to 32-bit forms. */
#include "rv.h"

static const struct rv_row rows[] = {
    { "mul",    0xfe00707f, 0x02000033, RV_FMT_R, 0,  RV_OP_MUL },
    { "mulh",   0xfe00707f, 0x02001033, RV_FMT_R, 0,  RV_OP_MULH },
    { "mulhsu", 0xfe00707f, 0x02002033, RV_FMT_R, 0,  RV_OP_MULHSU },
    { "mulhu",  0xfe00707f, 0x02003033, RV_FMT_R, 0,  RV_OP_MULHU },
    { "div",    0xfe00707f, 0x02004033, RV_FMT_R, 0,  RV_OP_DIV },
    { "divu",   0xfe00707f, 0x02005033, RV_FMT_R, 0,  RV_OP_DIVU },
    { "rem",    0xfe00707f, 0x02006033, RV_FMT_R, 0,  RV_OP_REM },
    { "remu",   0xfe00707f, 0x02007033, RV_FMT_R, 0,  RV_OP_REMU },
    { "mulw",   0xfe00707f, 0x0200003b, RV_FMT_R, 64, RV_OP_MULW },
    { "divw",   0xfe00707f, 0x0200403b, RV_FMT_R, 64, RV_OP_DIVW },
    { "divuw",  0xfe00707f, 0x0200503b, RV_FMT_R, 64, RV_OP_DIVUW },
    { "remw",   0xfe00707f, 0x0200603b, RV_FMT_R, 64, RV_OP_REMW },
    { "remuw",  0xfe00707f, 0x0200703b, RV_FMT_R, 64, RV_OP_REMUW },
};

const struct rv_ext rv_ext_m = { 'm', rows, SIM_COUNT(rows) };
