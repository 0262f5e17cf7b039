/* models/riscv/rv64f.c - decoder rows of the F extension (Unprivileged spec
 * chapter 11): single-precision loads, stores, arithmetic, conversions and
 * moves, RV32F then RV64F, in spec order. Rows with a rounding-mode field
 * leave bits 14:12 out of the mask; the decoder rejects rm 5 and 6. */
#include "rv.h"

static const struct rv_row rows[] = {
    { "flw",       0x0000707f, 0x00002007, RV_FMT_FLOAD,  0,  RV_OP_FLW },
    { "fsw",       0x0000707f, 0x00002027, RV_FMT_FSTORE, 0,  RV_OP_FSW },
    { "fmadd.s",   0x0600007f, 0x00000043, RV_FMT_FR4,    0,  RV_OP_FMADD_S },
    { "fmsub.s",   0x0600007f, 0x00000047, RV_FMT_FR4,    0,  RV_OP_FMSUB_S },
    { "fnmsub.s",  0x0600007f, 0x0000004b, RV_FMT_FR4,    0,  RV_OP_FNMSUB_S },
    { "fnmadd.s",  0x0600007f, 0x0000004f, RV_FMT_FR4,    0,  RV_OP_FNMADD_S },
    { "fadd.s",    0xfe00007f, 0x00000053, RV_FMT_FR,     0,  RV_OP_FADD_S },
    { "fsub.s",    0xfe00007f, 0x08000053, RV_FMT_FR,     0,  RV_OP_FSUB_S },
    { "fmul.s",    0xfe00007f, 0x10000053, RV_FMT_FR,     0,  RV_OP_FMUL_S },
    { "fdiv.s",    0xfe00007f, 0x18000053, RV_FMT_FR,     0,  RV_OP_FDIV_S },
    { "fsqrt.s",   0xfff0007f, 0x58000053, RV_FMT_FR1,    0,  RV_OP_FSQRT_S },
    { "fsgnj.s",   0xfe00707f, 0x20000053, RV_FMT_FSGN,   0,  RV_OP_FSGNJ_S },
    { "fsgnjn.s",  0xfe00707f, 0x20001053, RV_FMT_FSGN,   0,  RV_OP_FSGNJN_S },
    { "fsgnjx.s",  0xfe00707f, 0x20002053, RV_FMT_FSGN,   0,  RV_OP_FSGNJX_S },
    { "fmin.s",    0xfe00707f, 0x28000053, RV_FMT_FSGN,   0,  RV_OP_FMIN_S },
    { "fmax.s",    0xfe00707f, 0x28001053, RV_FMT_FSGN,   0,  RV_OP_FMAX_S },
    { "fcvt.w.s",  0xfff0007f, 0xc0000053, RV_FMT_XF,     0,  RV_OP_FCVT_W_S },
    { "fcvt.wu.s", 0xfff0007f, 0xc0100053, RV_FMT_XF,     0,  RV_OP_FCVT_WU_S },
    { "fmv.x.w",   0xfff0707f, 0xe0000053, RV_FMT_XFN,    0,  RV_OP_FMV_X_W },
    { "feq.s",     0xfe00707f, 0xa0002053, RV_FMT_FCMP,   0,  RV_OP_FEQ_S },
    { "flt.s",     0xfe00707f, 0xa0001053, RV_FMT_FCMP,   0,  RV_OP_FLT_S },
    { "fle.s",     0xfe00707f, 0xa0000053, RV_FMT_FCMP,   0,  RV_OP_FLE_S },
    { "fclass.s",  0xfff0707f, 0xe0001053, RV_FMT_XFN,    0,  RV_OP_FCLASS_S },
    { "fcvt.s.w",  0xfff0007f, 0xd0000053, RV_FMT_FX,     0,  RV_OP_FCVT_S_W },
    { "fcvt.s.wu", 0xfff0007f, 0xd0100053, RV_FMT_FX,     0,  RV_OP_FCVT_S_WU },
    { "fmv.w.x",   0xfff0707f, 0xf0000053, RV_FMT_FXN,    0,  RV_OP_FMV_W_X },
    { "fcvt.l.s",  0xfff0007f, 0xc0200053, RV_FMT_XF,     64, RV_OP_FCVT_L_S },
    { "fcvt.lu.s", 0xfff0007f, 0xc0300053, RV_FMT_XF,     64, RV_OP_FCVT_LU_S },
    { "fcvt.s.l",  0xfff0007f, 0xd0200053, RV_FMT_FX,     64, RV_OP_FCVT_S_L },
    { "fcvt.s.lu", 0xfff0007f, 0xd0300053, RV_FMT_FX,     64, RV_OP_FCVT_S_LU },
};

const struct rv_ext rv_ext_f = { 'f', rows, SIM_COUNT(rows) };
