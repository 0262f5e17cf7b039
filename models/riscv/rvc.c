/* models/riscv/rvc.c - decoder rows of the C extension (Unprivileged spec
 * chapter 16, table 16.5-16.7), by quadrant, in spec order. Each row names
 * the 32-bit operation it expands to; its format extracts the operands.
 * c.flw/c.fsw/c.flwsp/c.fswsp/c.jal exist on RV32 only, c.ld/c.sd/c.ldsp/
 * c.sdsp/c.addiw/c.subw/c.addw on RV64 only. Reserved encodings (zero
 * immediates where the spec forbids them, rd = 0 loads) decode as illegal. */
#include "rv.h"

static const struct rv_row rows[] = {
    /* quadrant 0 */
    { "c.addi4spn", 0xe003, 0x0000, RV_FMT_CIW,    0,  RV_OP_ADDI },
    { "c.fld",      0xe003, 0x2000, RV_FMT_CFLD,   0,  RV_OP_FLD },
    { "c.lw",       0xe003, 0x4000, RV_FMT_CLW,    0,  RV_OP_LW },
    { "c.flw",      0xe003, 0x6000, RV_FMT_CFLW,   32, RV_OP_FLW },
    { "c.ld",       0xe003, 0x6000, RV_FMT_CLD,    64, RV_OP_LD },
    { "c.fsd",      0xe003, 0xa000, RV_FMT_CFSD,   0,  RV_OP_FSD },
    { "c.sw",       0xe003, 0xc000, RV_FMT_CSW,    0,  RV_OP_SW },
    { "c.fsw",      0xe003, 0xe000, RV_FMT_CFSW,   32, RV_OP_FSW },
    { "c.sd",       0xe003, 0xe000, RV_FMT_CSD,    64, RV_OP_SD },
    /* quadrant 1 */
    { "c.addi",     0xe003, 0x0001, RV_FMT_CADDI,  0,  RV_OP_ADDI },
    { "c.jal",      0xe003, 0x2001, RV_FMT_CJAL,   32, RV_OP_JAL },
    { "c.addiw",    0xe003, 0x2001, RV_FMT_CADDIW, 64, RV_OP_ADDIW },
    { "c.li",       0xe003, 0x4001, RV_FMT_CLI,    0,  RV_OP_ADDI },
    { "c.lui",      0xe003, 0x6001, RV_FMT_CLUI,   0,  RV_OP_LUI },
    { "c.srli",     0xec03, 0x8001, RV_FMT_CSHIFT, 0,  RV_OP_SRLI },
    { "c.srai",     0xec03, 0x8401, RV_FMT_CSHIFT, 0,  RV_OP_SRAI },
    { "c.andi",     0xec03, 0x8801, RV_FMT_CANDI,  0,  RV_OP_ANDI },
    { "c.sub",      0xfc63, 0x8c01, RV_FMT_CA,     0,  RV_OP_SUB },
    { "c.xor",      0xfc63, 0x8c21, RV_FMT_CA,     0,  RV_OP_XOR },
    { "c.or",       0xfc63, 0x8c41, RV_FMT_CA,     0,  RV_OP_OR },
    { "c.and",      0xfc63, 0x8c61, RV_FMT_CA,     0,  RV_OP_AND },
    { "c.subw",     0xfc63, 0x9c01, RV_FMT_CA,     64, RV_OP_SUBW },
    { "c.addw",     0xfc63, 0x9c21, RV_FMT_CA,     64, RV_OP_ADDW },
    { "c.j",        0xe003, 0xa001, RV_FMT_CJ,     0,  RV_OP_JAL },
    { "c.beqz",     0xe003, 0xc001, RV_FMT_CB,     0,  RV_OP_BEQ },
    { "c.bnez",     0xe003, 0xe001, RV_FMT_CB,     0,  RV_OP_BNE },
    /* quadrant 2 */
    { "c.slli",     0xe003, 0x0002, RV_FMT_CSLLI,  0,  RV_OP_SLLI },
    { "c.fldsp",    0xe003, 0x2002, RV_FMT_CFLDSP, 0,  RV_OP_FLD },
    { "c.lwsp",     0xe003, 0x4002, RV_FMT_CLWSP,  0,  RV_OP_LW },
    { "c.flwsp",    0xe003, 0x6002, RV_FMT_CFLWSP, 32, RV_OP_FLW },
    { "c.ldsp",     0xe003, 0x6002, RV_FMT_CLDSP,  64, RV_OP_LD },
    { "c.jr/c.mv",  0xf003, 0x8002, RV_FMT_CJR,    0,  RV_OP_JALR },
    { "c.jalr/c.add/c.ebreak", 0xf003, 0x9002, RV_FMT_CJALR, 0, RV_OP_JALR },
    { "c.fsdsp",    0xe003, 0xa002, RV_FMT_CFSDSP, 0,  RV_OP_FSD },
    { "c.swsp",     0xe003, 0xc002, RV_FMT_CSWSP,  0,  RV_OP_SW },
    { "c.fswsp",    0xe003, 0xe002, RV_FMT_CFSWSP, 32, RV_OP_FSW },
    { "c.sdsp",     0xe003, 0xe002, RV_FMT_CSDSP,  64, RV_OP_SD },
};

const struct rv_ext rv_ext_c = { 'c', rows, SIM_COUNT(rows) };
