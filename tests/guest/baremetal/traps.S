/* tests/guest/baremetal/traps.S - M-mode traps: ecall, ebreak, illegal
 * instruction, misaligned load/store, access faults, instruction fetch
 * from outside memory, mepc/mcause/mtval, mret, mstatus.MIE/MPIE, and
 * interrupts: a software interrupt through the CLINT (vectored mtvec) and a
 * timer interrupt through mtimecmp, taken while waiting in wfi. */
#include "test.h"

#define CLINT_MSIP     0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8

    .text
    .globl test_main
test_main:
    la t0, handler
    csrw mtvec, t0
    /* ecall: cause 11, mepc = the ecall */
    li gp, 1
    la s1, 1f
e1: ecall
1:  CHECK(2, s2, 11)
    la t0, e1
    CHECK_REG(3, s3, t0)
    /* ebreak: cause 3, mtval = pc */
    li gp, 4
    la s1, 1f
e2: ebreak
1:  CHECK(5, s2, 3)
    la t0, e2
    CHECK_REG(6, s4, t0)
    /* illegal: cause 2, mtval = instruction */
    li gp, 7
    la s1, 1f
    .word 0xffffffff
1:  CHECK(8, s2, 2)
    CHECK(9, s4, 0xffffffff)
    li gp, 10
    la s1, 1f
    .half 0x0000                    /* the all-zero halfword is illegal */
1:  CHECK(11, s2, 2)
    /* misaligned load / store */
    la a0, data
    addi a0, a0, 1
    li gp, 12
    la s1, 1f
    lw a1, 0(a0)
1:  CHECK(13, s2, 4)
    CHECK_REG(14, s4, a0)
    li gp, 15
    la s1, 1f
    sd a1, 0(a0)
1:  CHECK(16, s2, 6)
    /* access faults: outside RAM and the CLINT */
    li a0, 0x1000
    li gp, 17
    la s1, 1f
    ld a1, 0(a0)
1:  CHECK(18, s2, 5)
    CHECK(19, s4, 0x1000)
    li gp, 20
    la s1, 1f
    sw a1, 0(a0)
1:  CHECK(21, s2, 7)
    li gp, 22
    la s1, 1f
    jalr ra, 0(a0)                  /* fetch fault: mepc = target */
1:  CHECK(23, s2, 1)
    CHECK(24, s3, 0x1000)
    /* mret restores MIE from MPIE and sets MPIE (MPP = M: stay in M-mode) */
    li t0, (1 << 7) | (3 << 11)
    csrs mstatus, t0
    li t0, (1 << 3)
    csrc mstatus, t0
    la t0, 1f
    csrw mepc, t0
    mret
1:  csrr a0, mstatus
    andi a1, a0, (1 << 3)
    CHECK(25, a1, (1 << 3))
    csrci mstatus, 8
    /* software interrupt, vectored */
    la t0, vectors
    ori t0, t0, 1
    csrw mtvec, t0
    li s5, 0
    li t0, (1 << 3)
    csrs mie, t0
    csrsi mstatus, 8
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    nop
    nop
    CHECK(30, s5, 1)                /* msi handler ran */
    li t6, 0x8000000000000003
    CHECK_REG(31, s2, t6)
    /* timer interrupt while in wfi */
    li s5, 0
    li t0, CLINT_MTIME
    ld t1, 0(t0)
    addi t1, t1, 50
    li t0, CLINT_MTIMECMP
    sd t1, 0(t0)
    li t0, (1 << 7)
    csrs mie, t0
    li t2, 0
1:  wfi
    addi t2, t2, 1
    beqz s5, 1b
    li t6, 0x8000000000000007
    CHECK_REG(32, s2, t6)
    csrr t0, mip
    andi t0, t0, (1 << 7)
    CHECK(33, t0, 0)                /* the handler moved mtimecmp: MTIP clear */
    csrci mstatus, 8
    j pass

    .align 2
handler:                            /* record mcause/mepc/mtval, resume at s1 */
    csrr s2, mcause
    csrr s3, mepc
    csrr s4, mtval
    csrw mepc, s1
    mret

    .align 6
    .option push
    .option norvc                   /* vector entries are 4 bytes */
vectors:
    j fail                          /* 0: exceptions */
    j fail
    j fail
    j msi                           /* 3: machine software */
    j fail
    j fail
    j fail
    j mti                           /* 7: machine timer */
    j fail
    j fail
    j fail
    j fail
    .option pop
msi:
    csrr s2, mcause
    li t0, CLINT_MSIP
    sw zero, 0(t0)
    li s5, 1
    mret
mti:
    csrr s2, mcause
    li t0, CLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t0)
    li s5, 1
    mret

    .data
    .align 3
data:
    .dword 0x1122334455667788, 0
