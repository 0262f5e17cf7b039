/* tests/guest/baremetal/rv64a.S - RV64A: lr/sc success and failure, every
 * AMO in W and D forms, sign extension of W results, misaligned AMO trap. */
#include "test.h"

    .text
    .globl test_main
test_main:
    la s0, word
    li a0, 10
    sd a0, 0(s0)
    TEST(1, a2, 0, lr.d a1, (s0); addi a1, a1, 1; sc.d a2, a1, (s0))
    TEST(2, a2, 11, ld a2, 0(s0))
    TEST(3, a2, 1, li a1, 5; sc.d a2, a1, (s0))       /* no reservation */
    TEST(4, a2, 11, ld a2, 0(s0))
    TEST(5, a2, 0, lr.w a1, (s0); sc.w a2, zero, (s0))
    TEST(6, a2, 0, ld a2, 0(s0))
    li a0, 0x7fffffff
    sw a0, 0(s0)
    TEST(10, a2, 0x7fffffff, li a1, 1; amoadd.w a2, a1, (s0))
    TEST(11, a2, 0xffffffff80000000, lw a2, 0(s0))
    TEST(12, a2, 0xffffffff80000000, li a1, 5; amoswap.w a2, a1, (s0))
    TEST(13, a3, 6, li a1, 3; amoxor.w a2, a1, (s0); lw a3, 0(s0))
    TEST(14, a3, 14, li a1, 12; amoor.w a2, a1, (s0); lw a3, 0(s0))
    TEST(15, a3, 6, li a1, 7; amoand.w a2, a1, (s0); lw a3, 0(s0))
    TEST(16, a3, -3, li a1, -3; amomin.w a2, a1, (s0); lw a3, 0(s0))
    TEST(17, a3, 2, li a1, 2; amomax.w a2, a1, (s0); lw a3, 0(s0))
    TEST(18, a3, 2, li a1, -3; amominu.w a2, a1, (s0); lw a3, 0(s0))
    TEST(19, a3, -3, li a1, -3; amomaxu.w a2, a1, (s0); lw a3, 0(s0))
    li a0, 100
    sd a0, 8(s0)
    addi s1, s0, 8
    TEST(20, a3, 99, li a1, -1; amoadd.d a2, a1, (s1); ld a3, 0(s1))
    TEST(21, a2, 99, li a1, 1; amoswap.d a2, a1, (s1))
    TEST(22, a3, 2, li a1, 3; amoxor.d a2, a1, (s1); ld a3, 0(s1))
    TEST(23, a3, 10, li a1, 8; amoor.d a2, a1, (s1); ld a3, 0(s1))
    TEST(24, a3, 8, li a1, 9; amoand.d a2, a1, (s1); ld a3, 0(s1))
    TEST(25, a3, -1, li a1, -1; amomin.d a2, a1, (s1); ld a3, 0(s1))
    TEST(26, a3, 1, li a1, 1; amomax.d a2, a1, (s1); ld a3, 0(s1))
    TEST(27, a3, -1, li a1, -1; amomaxu.d a2, a1, (s1); ld a3, 0(s1))
    TEST(28, a3, 4, li a1, 4; amominu.d a2, a1, (s1); ld a3, 0(s1))
    /* misaligned AMO: store/AMO address misaligned (6) */
    la t0, amo_trap
    csrw mtvec, t0
    li gp, 30
    addi a0, s0, 2
    amoadd.w a2, a1, (a0)
    j fail
amo_trap:
    csrr t0, mcause
    li t6, 6
    bne t0, t6, fail
    csrr t0, mtval
    bne t0, a0, fail
    j pass

    .data
    .align 4
word:
    .dword 0, 0
