/* tests/guest/baremetal/rv64a.S - RV64A: lr/sc success and failure, every
 * AMO in W and D forms, sign extension of W results, misaligned AMO trap. */
#include "test.h"

    .text
    .globl test_main
test_main:
    la s0, word
    li a0, 10
    sd a0, 0(s0)
    TEST(1, lr.d a1, (s0); addi a1, a1, 1; sc.d a2, a1, (s0), a2, 0)
    TEST(2, ld a2, 0(s0), a2, 11)
    TEST(3, li a1, 5; sc.d a2, a1, (s0), a2, 1)       /* no reservation */
    TEST(4, ld a2, 0(s0), a2, 11)
    TEST(5, lr.w a1, (s0); sc.w a2, zero, (s0), a2, 0)
    TEST(6, ld a2, 0(s0), a2, 0)
    li a0, 0x7fffffff
    sw a0, 0(s0)
    TEST(10, li a1, 1; amoadd.w a2, a1, (s0), a2, 0x7fffffff)
    TEST(11, lw a2, 0(s0), a2, 0xffffffff80000000)
    TEST(12, li a1, 5; amoswap.w a2, a1, (s0), a2, 0xffffffff80000000)
    TEST(13, li a1, 3; amoxor.w a2, a1, (s0); lw a3, 0(s0), a3, 6)
    TEST(14, li a1, 12; amoor.w a2, a1, (s0); lw a3, 0(s0), a3, 14)
    TEST(15, li a1, 7; amoand.w a2, a1, (s0); lw a3, 0(s0), a3, 6)
    TEST(16, li a1, -3; amomin.w a2, a1, (s0); lw a3, 0(s0), a3, -3)
    TEST(17, li a1, 2; amomax.w a2, a1, (s0); lw a3, 0(s0), a3, 2)
    TEST(18, li a1, -3; amominu.w a2, a1, (s0); lw a3, 0(s0), a3, 2)
    TEST(19, li a1, -3; amomaxu.w a2, a1, (s0); lw a3, 0(s0), a3, -3)
    li a0, 100
    sd a0, 8(s0)
    addi s1, s0, 8
    TEST(20, li a1, -1; amoadd.d a2, a1, (s1); ld a3, 0(s1), a3, 99)
    TEST(21, li a1, 1; amoswap.d a2, a1, (s1), a2, 99)
    TEST(22, li a1, 3; amoxor.d a2, a1, (s1); ld a3, 0(s1), a3, 2)
    TEST(23, li a1, 8; amoor.d a2, a1, (s1); ld a3, 0(s1), a3, 10)
    TEST(24, li a1, 9; amoand.d a2, a1, (s1); ld a3, 0(s1), a3, 8)
    TEST(25, li a1, -1; amomin.d a2, a1, (s1); ld a3, 0(s1), a3, -1)
    TEST(26, li a1, 1; amomax.d a2, a1, (s1); ld a3, 0(s1), a3, 1)
    TEST(27, li a1, -1; amomaxu.d a2, a1, (s1); ld a3, 0(s1), a3, -1)
    TEST(28, li a1, 4; amominu.d a2, a1, (s1); ld a3, 0(s1), a3, 4)
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
