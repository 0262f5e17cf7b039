/* tests/guest/baremetal/rv64i.S - RV64I: arithmetic, logic, shifts, the W
 * forms and their sign extension, lui/auipc, loads and stores of every
 * width, branches, jal/jalr links, x0, and fence.i after code is rewritten. */
#include "test.h"

    .text
    .globl test_main
test_main:
    TEST(1, a2, 12, li a0, 5; li a1, 7; add a2, a0, a1)
    TEST(2, a2, 0, li a0, -1; li a1, 1; add a2, a0, a1)
    TEST(3, a2, 0x8000000000000000, li a0, 0x7fffffffffffffff; addi a2, a0, 1)
    TEST(4, a2, -2, li a0, 5; li a1, 7; sub a2, a0, a1)
    TEST(5, a2, 1, li a0, -5; slti a2, a0, -4)
    TEST(6, a2, 0, li a0, -5; sltiu a2, a0, 3)
    TEST(7, a2, 1, li a0, 3; sltiu a2, a0, -1)
    TEST(8, a2, 1, li a0, -1; li a1, 0; slt a2, a0, a1)
    TEST(9, a2, 0, li a0, -1; li a1, 0; sltu a2, a0, a1)
    TEST(10, a2, 0xffffffff00ff00ff, li a0, 0xff00ff00; xori a2, a0, -1)
    TEST(11, a2, 0xff, li a0, 0xf0; ori a2, a0, 0x0f)
    TEST(12, a2, 0x230, li a0, 0x1234; andi a2, a0, 0x7f0)
    TEST(13, a2, 0x12005600, li a0, 0x12345678; li a1, 0xff00ff00; and a2, a0, a1)
    TEST(14, a2, 0x1234, li a0, 0x1200; li a1, 0x0034; or a2, a0, a1)
    TEST(15, a2, 0xf0, li a0, 0xff; li a1, 0x0f; xor a2, a0, a1)
    TEST(16, a2, 0x8000000000000000, li a0, 1; slli a2, a0, 63)
    TEST(17, a2, 1, li a0, 0x8000000000000000; srli a2, a0, 63)
    TEST(18, a2, -1, li a0, 0x8000000000000000; srai a2, a0, 63)
    TEST(19, a2, 2, li a0, 1; li a1, 65; sll a2, a0, a1)
    TEST(20, a2, -4, li a0, -16; li a1, 2; sra a2, a0, a1)
    TEST(21, a2, 0x3ffffffffffffffc, li a0, -16; li a1, 2; srl a2, a0, a1)
    TEST(22, a2, 0xffffffff80000000, lui a2, 0x80000)
    TEST(23, a2, 0x7ffff000, lui a2, 0x7ffff)
    /* W forms */
    TEST(30, a2, 0xffffffff80000000, li a0, 0x7fffffff; addiw a2, a0, 1)
    TEST(31, a2, 0, li a0, 0x100000000; addiw a2, a0, 0)
    TEST(32, a2, 0, li a0, 0x80000000; li a1, 0x80000000; addw a2, a0, a1)
    TEST(33, a2, -1, li a0, 0; li a1, 1; subw a2, a0, a1)
    TEST(34, a2, 0xffffffff80000000, li a0, 1; slliw a2, a0, 31)
    TEST(35, a2, 0x08000000, li a0, 0xffffffff80000000; srliw a2, a0, 4)
    TEST(36, a2, 0xfffffffff8000000, li a0, 0x80000000; sraiw a2, a0, 4)
    TEST(37, a2, 2, li a0, 1; li a1, 33; sllw a2, a0, a1)
    TEST(38, a2, 0x7fffffff, li a0, 0xffffffff; li a1, 1; srlw a2, a0, a1)
    TEST(39, a2, 0xffffffffc0000000, li a0, 0x80000000; li a1, 1; sraw a2, a0, a1)
    /* auipc */
    li gp, 40
1:  auipc a2, 0
    la a3, 1b
    bne a2, a3, fail
    li gp, 41
2:  auipc a2, 1
    la a3, 2b
    sub a2, a2, a3
    li t6, 4096
    bne a2, t6, fail
    /* loads and stores */
    la s0, buf
    li a0, 0x8182838485868788
    sd a0, 0(s0)
    TEST(50, a2, 0xffffffffffffff88, lb a2, 0(s0))
    TEST(51, a2, 0x88, lbu a2, 0(s0))
    TEST(52, a2, 0xffffffffffff8586, lh a2, 2(s0))
    TEST(53, a2, 0x8586, lhu a2, 2(s0))
    TEST(54, a2, 0xffffffff81828384, lw a2, 4(s0))
    TEST(55, a2, 0x81828384, lwu a2, 4(s0))
    TEST(56, a2, 0x8182838485868788, ld a2, 0(s0))
    li a0, 0x11
    sb a0, 1(s0)
    li a0, 0x2233
    sh a0, 6(s0)
    TEST(57, a2, 0x2233838485861188, ld a2, 0(s0))
    li a0, 0xdeadbeef
    sw a0, 8(s0)
    TEST(58, a2, 0xdeadbeef, lwu a2, 8(s0))
    TEST(59, a2, 0x5a5a5a5a, lw a2, -8(s0))
    /* branches */
    li gp, 60
    li a0, 1
    li a1, 2
    beq a0, a1, fail
    bne a0, a0, fail
    blt a1, a0, fail
    bge a0, a1, fail
    li a2, -1
    bltu a2, a0, fail
    bgeu a0, a2, fail
    li gp, 61
    beq a0, a0, 1f
    j fail
1:  blt a2, a0, 1f
    j fail
1:  bgeu a2, a0, 1f
    j fail
1:  bge a1, a0, 1f
    j fail
1:  bltu a0, a1, 1f
    j fail
1:
    /* jal / jalr */
    li gp, 62
    jal ra, 1f
2:  j fail
1:  la a3, 2b
    bne ra, a3, fail
    li gp, 63
    la a3, 3f
    jalr t0, 0(a3)
4:  j fail
3:  la a3, 4b
    bne t0, a3, fail
    li gp, 64
    la a3, 1f
    addi a3, a3, 1
    jalr zero, 0(a3)        /* bit 0 of the target is cleared */
    j fail
1:
    /* x0 stays zero */
    TEST(65, a2, 0, li a0, 5; addi zero, a0, 1; mv a2, zero)
    TEST(66, a2, 0, lui zero, 0x12345; add a2, zero, zero)
    /* self-modifying code: rewrite an instruction, fence.i, run it */
    li gp, 70
    la s1, patch
    li a0, 0x00100513       /* addi a0, zero, 1 */
    sw a0, 0(s1)
    fence.i
    jal ra, patch
    li t6, 1
    bne a0, t6, fail
    li gp, 71
    li a0, 0x00200513       /* addi a0, zero, 2 */
    sw a0, 0(s1)
    fence.i
    jal ra, patch
    li t6, 2
    bne a0, t6, fail
    li gp, 72               /* a rewritten block that was called many times before */
    li a0, 0x00300513       /* addi a0, zero, 3 */
    sw a0, 0(s1)
    fence.i
    li t0, 100
1:  jal ra, patch           /* repeated: the block is cached */
    addi t0, t0, -1
    bnez t0, 1b
    li t6, 3
    bne a0, t6, fail
    j pass

    .align 3
    .option push
    .option norvc                   /* 4-byte instructions: the test rewrites one */
patch:
    addi a0, zero, 0
    ret
    .option pop

    .data
    .align 3
    .dword 0x5a5a5a5a5a5a5a5a
buf:
    .dword 0, 0, 0
