/* models/riscv/rv64d.c - decoder rows of the D extension (Unprivileged spec
 * chapter 12): double-precision loads, stores, arithmetic, conversions and
 * moves, RV32D then RV64D, in spec order. */
#include "rv.h"

static const struct rv_row rows[] = {
    { "fld",       0x0000707f, 0x00003007, RV_FMT_FLOAD,  0,  RV_OP_FLD },
    { "fsd",       0x0000707f, 0x00003027, RV_FMT_FSTORE, 0,  RV_OP_FSD },
    { "fmadd.d",   0x0600007f, 0x02000043, RV_FMT_FR4,    0,  RV_OP_FMADD_D },
    { "fmsub.d",   0x0600007f, 0x02000047, RV_FMT_FR4,    0,  RV_OP_FMSUB_D },
    { "fnmsub.d",  0x0600007f, 0x0200004b, RV_FMT_FR4,    0,  RV_OP_FNMSUB_D },
    { "fnmadd.d",  0x0600007f, 0x0200004f, RV_FMT_FR4,    0,  RV_OP_FNMADD_D },
    { "fadd.d",    0xfe00007f, 0x02000053, RV_FMT_FR,     0,  RV_OP_FADD_D },
    { "fsub.d",    0xfe00007f, 0x0a000053, RV_FMT_FR,     0,  RV_OP_FSUB_D },
    { "fmul.d",    0xfe00007f, 0x12000053, RV_FMT_FR,     0,  RV_OP_FMUL_D },
    { "fdiv.d",    0xfe00007f, 0x1a000053, RV_FMT_FR,     0,  RV_OP_FDIV_D },
    { "fsqrt.d",   0xfff0007f, 0x5a000053, RV_FMT_FR1,    0,  RV_OP_FSQRT_D },
    { "fsgnj.d",   0xfe00707f, 0x22000053, RV_FMT_FSGN,   0,  RV_OP_FSGNJ_D },
    { "fsgnjn.d",  0xfe00707f, 0x22001053, RV_FMT_FSGN,   0,  RV_OP_FSGNJN_D },
    { "fsgnjx.d",  0xfe00707f, 0x22002053, RV_FMT_FSGN,   0,  RV_OP_FSGNJX_D },
    { "fmin.d",    0xfe00707f, 0x2a000053, RV_FMT_FSGN,   0,  RV_OP_FMIN_D },
    { "fmax.d",    0xfe00707f, 0x2a001053, RV_FMT_FSGN,   0,  RV_OP_FMAX_D },
    { "fcvt.s.d",  0xfff0007f, 0x40100053, RV_FMT_FR1,    0,  RV_OP_FCVT_S_D },
    { "fcvt.d.s",  0xfff0007f, 0x42000053, RV_FMT_FR1,    0,  RV_OP_FCVT_D_S },
    { "feq.d",     0xfe00707f, 0xa2002053, RV_FMT_FCMP,   0,  RV_OP_FEQ_D },
    { "flt.d",     0xfe00707f, 0xa2001053, RV_FMT_FCMP,   0,  RV_OP_FLT_D },
    { "fle.d",     0xfe00707f, 0xa2000053, RV_FMT_FCMP,   0,  RV_OP_FLE_D },
    { "fclass.d",  0xfff0707f, 0xe2001053, RV_FMT_XFN,    0,  RV_OP_FCLASS_D },
    { "fcvt.w.d",  0xfff0007f, 0xc2000053, RV_FMT_XF,     0,  RV_OP_FCVT_W_D },
    { "fcvt.wu.d", 0xfff0007f, 0xc2100053, RV_FMT_XF,     0,  RV_OP_FCVT_WU_D },
    { "fcvt.d.w",  0xfff0007f, 0xd2000053, RV_FMT_FX,     0,  RV_OP_FCVT_D_W },
    { "fcvt.d.wu", 0xfff0007f, 0xd2100053, RV_FMT_FX,     0,  RV_OP_FCVT_D_WU },
    { "fcvt.l.d",  0xfff0007f, 0xc2200053, RV_FMT_XF,     64, RV_OP_FCVT_L_D },
    { "fcvt.lu.d", 0xfff0007f, 0xc2300053, RV_FMT_XF,     64, RV_OP_FCVT_LU_D },
    { "fmv.x.d",   0xfff0707f, 0xe2000053, RV_FMT_XFN,    64, RV_OP_FMV_X_D },
    { "fcvt.d.l",  0xfff0007f, 0xd2200053, RV_FMT_FX,     64, RV_OP_FCVT_D_L },
    { "fcvt.d.lu", 0xfff0007f, 0xd2300053, RV_FMT_FX,     64, RV_OP_FCVT_D_LU },
    { "fmv.d.x",   0xfff0707f, 0xf2000053, RV_FMT_FXN,    64, RV_OP_FMV_D_X },
};

const struct rv_ext rv_ext_d = { 'd', rows, SIM_COUNT(rows) };
