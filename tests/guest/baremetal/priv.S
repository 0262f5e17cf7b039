/* tests/guest/baremetal/priv.S - S and U modes: PMP (a no-access region
 * and an allow-all entry; M-mode unaffected), exception delegation
 * (medeleg), illegal CSR accesses from lower modes, ecall causes 8/9,
 * interrupt delegation (mideleg: a supervisor timer interrupt raised by
 * M-mode is taken in S-mode, never in M-mode),
 * Sv39 translation (a gigapage and 4 KiB pages through three levels),
 * hardware setting of the accessed and dirty bits, U pages and
 * sstatus.SUM, page faults with stval, remapping after sfence.vma, an
 * instruction fetch through a mapping, and counter access from U-mode. */
#include "test.h"

#define PTE(reg, flags) srli reg, reg, 12; slli reg, reg, 10; ori reg, reg, flags

    .text
    .globl test_main
test_main:
    la t0, m_handler
    csrw mtvec, t0
    la t0, s_handler
    csrw stvec, t0
    li s7, 0
    li s5, 0
    /* PMP: entry 0 = 8 bytes at `secret`, no access; entry 1 = everything */
    la t0, secret
    srli t0, t0, 2
    csrw pmpaddr0, t0
    li t0, -1
    csrw pmpaddr1, t0
    li t0, 0x1f18
    csrw pmpcfg0, t0
    TEST(1, a0, 0x1f18, csrr a0, pmpcfg0)
    TEST(2, a0, 0x5ec2e7, la t0, secret; ld a0, 0(t0))
    /* page tables */
    la t0, root
    la t1, l1
    PTE(t1, 0x01)
    sd t1, 8(t0)                    /* VA 0x40000000.. -> l1 */
    li t1, 0x200000cf
    sd t1, 16(t0)                   /* VA 0x80000000 gigapage -> PA 0x80000000, RWXAD */
    la t0, l1
    la t1, l0
    PTE(t1, 0x01)
    sd t1, 0(t0)
    la t0, l0
    la t1, page_data
    PTE(t1, 0x07)                   /* VRW, A and D clear */
    sd t1, 0(t0)
    la t1, page_data
    PTE(t1, 0xd7)                   /* VRWU AD */
    sd t1, 8(t0)
    la t1, code_page
    PTE(t1, 0x49)                   /* VX A */
    sd t1, 24(t0)
    /* delegate ecall from U and page faults to S */
    li t0, (1 << 8) | (1 << 12) | (1 << 13) | (1 << 15)
    csrw medeleg, t0
    /* a pending supervisor timer interrupt, delegated: not taken in M-mode */
    li t0, (1 << 5)
    csrw mideleg, t0
    csrs mie, t0
    csrs mip, t0
    csrsi mstatus, 8
    nop
    CHECK(3, s5, 0)
    csrci mstatus, 8
    /* enter S-mode */
    li t0, (3 << 11)
    csrc mstatus, t0
    li t0, (1 << 11)
    csrs mstatus, t0
    la t0, s_entry
    csrw mepc, t0
    mret

s_entry:
    csrsi sstatus, 2                /* SIE: the delegated interrupt is taken now */
    nop
    csrci sstatus, 2
    li t6, 0x8000000000000005
    CHECK_REG(4, s5, t6)
    csrr a0, sip
    andi a0, a0, (1 << 5)
    CHECK(5, a0, (1 << 5))          /* still pending: only M-mode can clear it */
    li gp, 10
    la s1, 1f
    csrr a0, mstatus                /* M-mode CSR: illegal, not delegated */
    j fail
1:  CHECK(11, s2, 2)
    li gp, 12
    la s1, 1f
    ecall
    j fail
1:  CHECK(13, s2, 9)
    /* Sv39 on */
    la t0, root
    srli t0, t0, 12
    li t1, (8 << 60)
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    TEST(20, a0, 0x1111, li t0, 0x40000000; ld a0, 0(t0))
    TEST(21, a1, 0x40, la t0, l0; ld a1, 0(t0); andi a1, a1, 0xc0)
    li t0, 0x40000000
    li a0, 0x2222
    sd a0, 8(t0)
    TEST(22, a1, 0xc0, la t0, l0; ld a1, 0(t0); andi a1, a1, 0xc0)
    TEST(23, a1, 0x2222, la t0, page_data; ld a1, 8(t0))
    /* a U page from S without SUM: load page fault, delegated to S */
    li gp, 24
    la s1, 1f
    li t0, 0x40001000
    ld a0, 0(t0)
    j fail
1:  CHECK(25, s5, 13)
    li t0, 0x40001000
    CHECK_REG(26, s8, t0)
    li t0, (1 << 18)
    csrs sstatus, t0
    TEST(27, a0, 0x1111, li t0, 0x40001000; ld a0, 0(t0))
    li t0, (1 << 18)
    csrc sstatus, t0
    /* unmapped: store page fault */
    li gp, 28
    la s1, 1f
    li t0, 0x40002000
    sd a0, 0(t0)
    j fail
1:  CHECK(29, s5, 15)
    /* remap 0x40000000 to page2; sfence.vma makes it visible */
    la t0, l0
    la t1, page2
    PTE(t1, 0xc7)
    sd t1, 0(t0)
    sfence.vma
    TEST(30, a0, 0x3333, li t0, 0x40000000; ld a0, 0(t0))
    /* fetch through a mapping */
    li a0, 0
    li t0, 0x40003000
    jalr ra, 0(t0)
    CHECK(31, a0, 77)
    /* translation off, drop to U */
    csrw satp, zero
    sfence.vma
    li t0, (1 << 8)
    csrc sstatus, t0
    la t0, u_entry
    csrw sepc, t0
    sret

u_entry:
    li gp, 40
    la s1, 1f
    la t0, secret
    ld a0, 0(t0)                    /* PMP: load access fault, to M */
    j fail
1:  CHECK(41, s2, 5)
    li gp, 42
    la s1, 1f
    csrr a0, sstatus                /* S-mode CSR from U */
    j fail
1:  CHECK(43, s2, 2)
    li gp, 44
    la s1, 1f
    rdcycle a0                      /* mcounteren.CY = 0 */
    j fail
1:  CHECK(45, s2, 2)
    li s7, 1
    li gp, 46
    ecall                           /* delegated: S handler finishes */
    j fail

    .align 2
s_handler:
    csrr s5, scause
    bgez s5, 2f                     /* an interrupt: mask it, resume */
    li t0, (1 << 5)
    csrc sie, t0
    sret
2:  csrr s6, sepc
    csrr s8, stval
    bnez s7, 1f
    csrw sepc, s1
    sret
1:  CHECK(47, s5, 8)
    li s7, 2
    ecall                           /* from S: to M */
    j fail

    .align 2
m_handler:
    csrr s2, mcause
    csrr s3, mepc
    csrr s4, mtval
    li t0, 2
    beq s7, t0, 1f
    csrw mepc, s1
    mret
1:  CHECK(48, s2, 9)
    j pass

    .section .text.page, "ax"
    .align 12
code_page:
    li a0, 77
    ret

    .data
    .align 3
secret:
    .dword 0x5ec2e7
    .align 12
page_data:
    .dword 0x1111, 0
    .align 12
page2:
    .dword 0x3333

    .bss
    .align 12
root:
    .space 4096
l1:
    .space 4096
l0:
    .space 4096
