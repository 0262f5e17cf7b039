/* tests/guest/baremetal/zicsr.S - Zicsr and the machine CSRs: the six CSR
 * instructions, WARL fields (mstatus.MPP, mtvec mode, medeleg, mideleg,
 * mie, satp modes), read-only CSRs, misa, counters that move, and illegal
 * accesses (writing a read-only CSR, an unknown CSR). */
#include "test.h"

    .text
    .globl test_main
test_main:
    li a0, 0x1234
    csrw mscratch, a0
    TEST(1, a1, 0x1234, csrrw a1, mscratch, zero)
    TEST(2, a1, 0, csrr a1, mscratch)
    li a0, 0xf0
    csrw mscratch, a0
    TEST(3, a1, 0xf0, li a2, 0x0f; csrrs a1, mscratch, a2)
    TEST(4, a1, 0xff, csrr a1, mscratch)
    TEST(5, a1, 0xff, li a2, 0xf0; csrrc a1, mscratch, a2)
    TEST(6, a1, 0x0f, csrr a1, mscratch)
    TEST(7, a1, 0x0f, csrrwi a1, mscratch, 31)
    TEST(8, a1, 31, csrrsi a1, mscratch, 0; csrr a1, mscratch)
    TEST(9, a1, 31, csrrci a1, mscratch, 1)
    TEST(10, a1, 30, csrr a1, mscratch)
    /* misa: RV64 with I, M, A, F, D, C, S, U */
    csrr a0, misa
    srli a1, a0, 62
    CHECK(20, a1, 2)
    li t0, (1 << 8) | (1 << 12) | (1 << 0) | (1 << 5) | (1 << 3) | (1 << 2) | (1 << 18) | (1 << 20)
    and a1, a0, t0
    CHECK(21, a1, (1 << 8) | (1 << 12) | (1 << 0) | (1 << 5) | (1 << 3) | (1 << 2) | (1 << 18) | (1 << 20))
    TEST(22, a1, 0, csrr a1, mhartid)
    /* WARL */
    li t0, (3 << 11)
    csrc mstatus, t0
    li t0, (2 << 11)                /* MPP = 2 is reserved: stays 0 */
    csrs mstatus, t0
    csrr a1, mstatus
    srli a1, a1, 11
    andi a1, a1, 3
    CHECK(30, a1, 0)
    csrr a1, mstatus
    srli a1, a1, 32
    andi a1, a1, 0xf
    CHECK(31, a1, 0xa)              /* UXL = SXL = 2 */
    li a0, -1
    csrw medeleg, a0
    TEST(32, a1, 0xb3ff, csrr a1, medeleg)
    csrw medeleg, zero
    csrw mideleg, a0
    TEST(33, a1, 0x222, csrr a1, mideleg)
    csrw mideleg, zero
    csrw mie, a0
    TEST(34, a1, 0xaaa, csrr a1, mie)
    csrw mie, zero
    csrr s0, mtvec
    li a0, 0x80001002               /* mode 2 is reserved */
    csrw mtvec, a0
    csrr a1, mtvec
    andi a1, a1, 3
    CHECK(35, a1, 0)
    csrw mtvec, s0
    li a0, (9 << 60)                /* Sv48 is not implemented: satp unchanged */
    csrw satp, a0
    TEST(36, a1, 0, csrr a1, satp)
    csrw mepc, a0
    li a0, 0x80000003
    csrw mepc, a0
    TEST(37, a1, 0x80000002, csrr a1, mepc)
    /* counters move */
    csrr a0, minstret
    nop
    nop
    csrr a1, minstret
    sub a1, a1, a0
    CHECK(40, a1, 3)
    csrr a0, cycle
    csrr a1, cycle
    li gp, 41
    bgeu a0, a1, fail
    li a0, 1000
    csrw minstret, a0
    csrr a1, minstret
    CHECK(42, a1, 1000)              /* the write lands after the csrw retires */
    csrr a0, time
    li t0, 5000
1:  addi t0, t0, -1
    bnez t0, 1b
    csrr a1, time
    li gp, 43
    bgeu a0, a1, fail
    /* illegal accesses */
    la t0, trap_illegal
    csrw mtvec, t0
    li gp, 50
    la s1, 1f
    csrw mhartid, zero
    j fail
1:  csrr t0, mtval                  /* the instruction word */
    li t6, 0xf1401073
    li gp, 51
    bne t0, t6, fail
    li gp, 52
    la s1, 1f
    csrr a0, 0x7c0                  /* not implemented */
    j fail
1:  li gp, 53
    la s1, 1f
    csrr a0, 0x310                  /* mstatush exists on RV32 only */
    j fail
1:  j pass

    .align 2
trap_illegal:
    csrr t0, mcause
    li t6, 2
    bne t0, t6, fail
    csrw mepc, s1
    mret
