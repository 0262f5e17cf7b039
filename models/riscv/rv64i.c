/* models/riscv/rv64i.c - decoder rows of the base integer ISA: RV32I and
 * RV64I (Unprivileged spec chapters 2 and 5), Zifencei (ch. 3), Zicsr (ch. 9)
 * and the privileged instructions mret, sret, wfi and sfence.vma (Privileged
 * spec 3.3 and 4.2.1), in spec order. Rows are {name, mask, match, format,
 * xlen, operation}. Left out: uret, hypervisor instructions, Zihintpause
 * (decoded as the fence it is). */
#include "rv.h"

static const struct rv_row rows[] = {
    /* RV32I */
    { "lui",        0x0000007f, 0x00000037, RV_FMT_U,      0,  RV_OP_LUI },
    { "auipc",      0x0000007f, 0x00000017, RV_FMT_UPC,    0,  RV_OP_AUIPC },
    { "jal",        0x0000007f, 0x0000006f, RV_FMT_J,      0,  RV_OP_JAL },
    { "jalr",       0x0000707f, 0x00000067, RV_FMT_I,      0,  RV_OP_JALR },
    { "beq",        0x0000707f, 0x00000063, RV_FMT_B,      0,  RV_OP_BEQ },
    { "bne",        0x0000707f, 0x00001063, RV_FMT_B,      0,  RV_OP_BNE },
    { "blt",        0x0000707f, 0x00004063, RV_FMT_B,      0,  RV_OP_BLT },
    { "bge",        0x0000707f, 0x00005063, RV_FMT_B,      0,  RV_OP_BGE },
    { "bltu",       0x0000707f, 0x00006063, RV_FMT_B,      0,  RV_OP_BLTU },
    { "bgeu",       0x0000707f, 0x00007063, RV_FMT_B,      0,  RV_OP_BGEU },
    { "lb",         0x0000707f, 0x00000003, RV_FMT_LOAD,   0,  RV_OP_LB },
    { "lh",         0x0000707f, 0x00001003, RV_FMT_LOAD,   0,  RV_OP_LH },
    { "lw",         0x0000707f, 0x00002003, RV_FMT_LOAD,   0,  RV_OP_LW },
    { "lbu",        0x0000707f, 0x00004003, RV_FMT_LOAD,   0,  RV_OP_LBU },
    { "lhu",        0x0000707f, 0x00005003, RV_FMT_LOAD,   0,  RV_OP_LHU },
    { "sb",         0x0000707f, 0x00000023, RV_FMT_S,      0,  RV_OP_SB },
    { "sh",         0x0000707f, 0x00001023, RV_FMT_S,      0,  RV_OP_SH },
    { "sw",         0x0000707f, 0x00002023, RV_FMT_S,      0,  RV_OP_SW },
    { "addi",       0x0000707f, 0x00000013, RV_FMT_I,      0,  RV_OP_ADDI },
    { "slti",       0x0000707f, 0x00002013, RV_FMT_I,      0,  RV_OP_SLTI },
    { "sltiu",      0x0000707f, 0x00003013, RV_FMT_I,      0,  RV_OP_SLTIU },
    { "xori",       0x0000707f, 0x00004013, RV_FMT_I,      0,  RV_OP_XORI },
    { "ori",        0x0000707f, 0x00006013, RV_FMT_I,      0,  RV_OP_ORI },
    { "andi",       0x0000707f, 0x00007013, RV_FMT_I,      0,  RV_OP_ANDI },
    { "slli",       0xfe00707f, 0x00001013, RV_FMT_ISH,    32, RV_OP_SLLI },
    { "srli",       0xfe00707f, 0x00005013, RV_FMT_ISH,    32, RV_OP_SRLI },
    { "srai",       0xfe00707f, 0x40005013, RV_FMT_ISH,    32, RV_OP_SRAI },
    { "add",        0xfe00707f, 0x00000033, RV_FMT_R,      0,  RV_OP_ADD },
    { "sub",        0xfe00707f, 0x40000033, RV_FMT_R,      0,  RV_OP_SUB },
    { "sll",        0xfe00707f, 0x00001033, RV_FMT_R,      0,  RV_OP_SLL },
    { "slt",        0xfe00707f, 0x00002033, RV_FMT_R,      0,  RV_OP_SLT },
    { "sltu",       0xfe00707f, 0x00003033, RV_FMT_R,      0,  RV_OP_SLTU },
    { "xor",        0xfe00707f, 0x00004033, RV_FMT_R,      0,  RV_OP_XOR },
    { "srl",        0xfe00707f, 0x00005033, RV_FMT_R,      0,  RV_OP_SRL },
    { "sra",        0xfe00707f, 0x40005033, RV_FMT_R,      0,  RV_OP_SRA },
    { "or",         0xfe00707f, 0x00006033, RV_FMT_R,      0,  RV_OP_OR },
    { "and",        0xfe00707f, 0x00007033, RV_FMT_R,      0,  RV_OP_AND },
    { "fence",      0x0000707f, 0x0000000f, RV_FMT_NONE,   0,  RV_OP_FENCE },
    { "ecall",      0xffffffff, 0x00000073, RV_FMT_NONE,   0,  RV_OP_ECALL },
    { "ebreak",     0xffffffff, 0x00100073, RV_FMT_NONE,   0,  RV_OP_EBREAK },
    /* RV64I */
    { "lwu",        0x0000707f, 0x00006003, RV_FMT_LOAD,   64, RV_OP_LWU },
    { "ld",         0x0000707f, 0x00003003, RV_FMT_LOAD,   64, RV_OP_LD },
    { "sd",         0x0000707f, 0x00003023, RV_FMT_S,      64, RV_OP_SD },
    { "slli",       0xfc00707f, 0x00001013, RV_FMT_ISH,    64, RV_OP_SLLI },
    { "srli",       0xfc00707f, 0x00005013, RV_FMT_ISH,    64, RV_OP_SRLI },
    { "srai",       0xfc00707f, 0x40005013, RV_FMT_ISH,    64, RV_OP_SRAI },
    { "addiw",      0x0000707f, 0x0000001b, RV_FMT_I,      64, RV_OP_ADDIW },
    { "slliw",      0xfe00707f, 0x0000101b, RV_FMT_ISH,    64, RV_OP_SLLIW },
    { "srliw",      0xfe00707f, 0x0000501b, RV_FMT_ISH,    64, RV_OP_SRLIW },
    { "sraiw",      0xfe00707f, 0x4000501b, RV_FMT_ISH,    64, RV_OP_SRAIW },
    { "addw",       0xfe00707f, 0x0000003b, RV_FMT_R,      64, RV_OP_ADDW },
    { "subw",       0xfe00707f, 0x4000003b, RV_FMT_R,      64, RV_OP_SUBW },
    { "sllw",       0xfe00707f, 0x0000103b, RV_FMT_R,      64, RV_OP_SLLW },
    { "srlw",       0xfe00707f, 0x0000503b, RV_FMT_R,      64, RV_OP_SRLW },
    { "sraw",       0xfe00707f, 0x4000503b, RV_FMT_R,      64, RV_OP_SRAW },
    /* Zifencei */
    { "fence.i",    0x0000707f, 0x0000100f, RV_FMT_NONE,   0,  RV_OP_FENCE_I },
    /* Zicsr */
    { "csrrw",      0x0000707f, 0x00001073, RV_FMT_CSR,    0,  RV_OP_CSRRW },
    { "csrrs",      0x0000707f, 0x00002073, RV_FMT_CSR,    0,  RV_OP_CSRRS },
    { "csrrc",      0x0000707f, 0x00003073, RV_FMT_CSR,    0,  RV_OP_CSRRC },
    { "csrrwi",     0x0000707f, 0x00005073, RV_FMT_CSRI,   0,  RV_OP_CSRRWI },
    { "csrrsi",     0x0000707f, 0x00006073, RV_FMT_CSRI,   0,  RV_OP_CSRRSI },
    { "csrrci",     0x0000707f, 0x00007073, RV_FMT_CSRI,   0,  RV_OP_CSRRCI },
    /* privileged */
    { "sret",       0xffffffff, 0x10200073, RV_FMT_NONE,   0,  RV_OP_SRET },
    { "mret",       0xffffffff, 0x30200073, RV_FMT_NONE,   0,  RV_OP_MRET },
    { "wfi",        0xffffffff, 0x10500073, RV_FMT_NONE,   0,  RV_OP_WFI },
    { "sfence.vma", 0xfe007fff, 0x12000073, RV_FMT_SFENCE, 0,  RV_OP_SFENCE_VMA },
};

const struct rv_ext rv_ext_i = { 'i', rows, SIM_COUNT(rows) };
