/* models/riscv/rv64a.c - decoder rows of the A extension (Unprivileged spec
 * chapter 8): load-reserved/store-conditional and AMOs, RV32A then RV64A.
 * The aq/rl bits (26:25) are not in the masks: a single hart executes every
 * atomic in program order, which satisfies any ordering they ask for. */
#include "rv.h"

static const struct rv_row rows[] = {
    { "lr.w",      0xf9f0707f, 0x1000202f, RV_FMT_AMO, 0,  RV_OP_LR_W },
    { "sc.w",      0xf800707f, 0x1800202f, RV_FMT_AMO, 0,  RV_OP_SC_W },
    { "amoswap.w", 0xf800707f, 0x0800202f, RV_FMT_AMO, 0,  RV_OP_AMOSWAP_W },
    { "amoadd.w",  0xf800707f, 0x0000202f, RV_FMT_AMO, 0,  RV_OP_AMOADD_W },
    { "amoxor.w",  0xf800707f, 0x2000202f, RV_FMT_AMO, 0,  RV_OP_AMOXOR_W },
    { "amoand.w",  0xf800707f, 0x6000202f, RV_FMT_AMO, 0,  RV_OP_AMOAND_W },
    { "amoor.w",   0xf800707f, 0x4000202f, RV_FMT_AMO, 0,  RV_OP_AMOOR_W },
    { "amomin.w",  0xf800707f, 0x8000202f, RV_FMT_AMO, 0,  RV_OP_AMOMIN_W },
    { "amomax.w",  0xf800707f, 0xa000202f, RV_FMT_AMO, 0,  RV_OP_AMOMAX_W },
    { "amominu.w", 0xf800707f, 0xc000202f, RV_FMT_AMO, 0,  RV_OP_AMOMINU_W },
    { "amomaxu.w", 0xf800707f, 0xe000202f, RV_FMT_AMO, 0,  RV_OP_AMOMAXU_W },
    { "lr.d",      0xf9f0707f, 0x1000302f, RV_FMT_AMO, 64, RV_OP_LR_D },
    { "sc.d",      0xf800707f, 0x1800302f, RV_FMT_AMO, 64, RV_OP_SC_D },
    { "amoswap.d", 0xf800707f, 0x0800302f, RV_FMT_AMO, 64, RV_OP_AMOSWAP_D },
    { "amoadd.d",  0xf800707f, 0x0000302f, RV_FMT_AMO, 64, RV_OP_AMOADD_D },
    { "amoxor.d",  0xf800707f, 0x2000302f, RV_FMT_AMO, 64, RV_OP_AMOXOR_D },
    { "amoand.d",  0xf800707f, 0x6000302f, RV_FMT_AMO, 64, RV_OP_AMOAND_D },
    { "amoor.d",   0xf800707f, 0x4000302f, RV_FMT_AMO, 64, RV_OP_AMOOR_D },
    { "amomin.d",  0xf800707f, 0x8000302f, RV_FMT_AMO, 64, RV_OP_AMOMIN_D },
    { "amomax.d",  0xf800707f, 0xa000302f, RV_FMT_AMO, 64, RV_OP_AMOMAX_D },
    { "amominu.d", 0xf800707f, 0xc000302f, RV_FMT_AMO, 64, RV_OP_AMOMINU_D },
    { "amomaxu.d", 0xf800707f, 0xe000302f, RV_FMT_AMO, 64, RV_OP_AMOMAXU_D },
};

const struct rv_ext rv_ext_a = { 'a', rows, SIM_COUNT(rows) };
