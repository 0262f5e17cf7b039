/* tests/guest/baremetal/rv32.S - RV32GC specifics: 32-bit wrap-around of
 * arithmetic and shifts, the high multiply forms, division overflow,
 * compressed c.jal, FP conversions, misa.MXL = 1, the high halves of the
 * counters (cycleh, instreth) and mstatush. */
#include "test.h"

    .text
    .globl test_main
test_main:
    TEST(1, a2, 0x80000000, li a0, 0x7fffffff; addi a2, a0, 1)
    TEST(2, a2, 0, li a0, 0xffffffff; addi a2, a0, 1)
    TEST(3, a2, 0x80000000, li a0, 1; slli a2, a0, 31)
    TEST(4, a2, 0xffffffff, li a0, 0x80000000; srai a2, a0, 31)
    TEST(5, a2, 1, li a0, 0x80000000; srli a2, a0, 31)
    TEST(6, a2, 2, li a0, 1; li a1, 33; sll a2, a0, a1)
    TEST(7, a2, 1, li a0, 0xffffffff; li a1, 1; sltu a2, a1, a0)
    TEST(8, a2, 1, li a0, 0xffffffff; li a1, 1; slt a2, a0, a1)
    TEST(10, a2, 0x3fffffff, li a0, 0x7fffffff; li a1, 0x80000000; mulhu a2, a0, a1)
    TEST(11, a2, 0xc0000000, li a0, 0x7fffffff; li a1, 0x80000000; mulh a2, a0, a1)
    TEST(12, a2, 0xffffffff, li a0, -1; li a1, -1; mulhsu a2, a0, a1)
    TEST(13, a2, 0x80000000, li a0, 0x80000000; li a1, -1; div a2, a0, a1)
    TEST(14, a2, 0, li a0, 0x80000000; li a1, -1; rem a2, a0, a1)
    TEST(15, a2, 0xffffffff, li a0, 5; li a1, 0; divu a2, a0, a1)
    TEST(16, a2, 1, li a0, -7; li a1, 0xfffffffe; divu a2, a1, a0)
    /* loads sign-extend to 32 bits */
    la s0, data
    TEST(20, a2, 0xffffff80, lb a2, 0(s0))
    TEST(21, a2, 0x80, lbu a2, 0(s0))
    TEST(22, a2, 0x81828380, lw a2, 0(s0))
    /* c.jal links */
    li gp, 30
    c.jal 1f
2:  j fail
1:  la t0, 2b
    bne ra, t0, fail
    /* FP */
    li a0, -7
    fcvt.s.w fa0, a0
    fcvt.w.s a1, fa0
    CHECK(31, a1, -7)
    li a0, 0xffffffff
    fcvt.d.wu fa1, a0
    fcvt.wu.d a1, fa1
    CHECK(32, a1, 0xffffffff)
    la t0, data
    fld fa2, 8(t0)
    fsd fa2, 16(t0)
    lw a1, 20(t0)
    CHECK(33, a1, 0x400921fb)
    /* CSRs */
    csrr a0, misa
    srli a0, a0, 30
    CHECK(40, a0, 1)
    TEST(41, a0, 0, csrr a0, mstatush)
    TEST(42, a0, 0, csrr a0, cycleh)
    TEST(43, a0, 0, csrr a0, instreth)
    li a0, 5
    csrw minstreth, a0
    TEST(44, a0, 5, csrr a0, minstreth)
    j pass

    .data
    .align 3
data:
    .word 0x81828380, 0
    .dword 0x400921fb54442d18, 0
