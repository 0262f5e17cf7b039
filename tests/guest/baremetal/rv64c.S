/* tests/guest/baremetal/rv64c.S - the C extension on RV64: every
 * compressed instruction, written as c.* so the assembler must use the
 * 16-bit form, checked against the result of its 32-bit expansion. */
#include "test.h"

    .text
    .globl test_main
test_main:
    li gp, 1
    c.li a0, -5
    CHECK(1, a0, -5)
    c.addi a0, 7
    CHECK(2, a0, 2)
    li a0, 0x7fffffff
    c.addiw a0, 1
    CHECK(3, a0, 0xffffffff80000000)
    c.lui a1, 0xfffff
    CHECK(4, a1, 0xfffffffffffff000)
    c.lui a1, 1
    CHECK(5, a1, 0x1000)
    mv s1, sp
    c.addi16sp sp, -64
    addi t0, s1, -64
    bne sp, t0, fail
    c.addi4spn a2, sp, 16
    addi t0, sp, 16
    bne a2, t0, fail
    li a0, -16
    c.srai a0, 2
    CHECK(6, a0, -4)
    li a0, -16
    c.srli a0, 60
    CHECK(7, a0, 15)
    li a0, 0xff
    c.andi a0, -16
    CHECK(8, a0, 0xf0)
    li a0, 1
    c.slli a0, 40
    CHECK(9, a0, 0x10000000000)
    li a0, 10
    li a1, 3
    c.sub a0, a1
    CHECK(10, a0, 7)
    c.xor a0, a1
    CHECK(11, a0, 4)
    c.or a0, a1
    CHECK(12, a0, 7)
    c.and a0, a1
    CHECK(13, a0, 3)
    li a0, 0x80000000
    li a1, 1
    c.subw a0, a1
    CHECK(14, a0, 0x7fffffff)
    c.addw a0, a1
    CHECK(15, a0, 0xffffffff80000000)
    c.mv a2, a1
    CHECK(16, a2, 1)
    c.add a2, a1
    CHECK(17, a2, 2)
    /* loads and stores */
    la s0, cdata
    li a0, 0x1122334455667788
    c.sd a0, 8(s0)
    c.ld a1, 8(s0)
    CHECK(20, a1, 0x1122334455667788)
    c.lw a1, 12(s0)
    CHECK(21, a1, 0x11223344)
    li a0, -2
    c.sw a0, 0(s0)
    c.lw a1, 0(s0)
    CHECK(22, a1, -2)
    c.sdsp a0, 8(sp)
    c.ldsp a2, 8(sp)
    CHECK(23, a2, -2)
    li a0, 0x12345678
    c.swsp a0, 4(sp)
    c.lwsp a2, 4(sp)
    CHECK(24, a2, 0x12345678)
    FD_LI(fa0, 0x400921fb54442d18)
    c.fsd fa0, 16(s0)
    c.fld fa1, 16(s0)
    fmv.x.d a1, fa1
    CHECK(25, a1, 0x400921fb54442d18)
    c.fsdsp fa0, 16(sp)
    c.fldsp fa2, 16(sp)
    fmv.x.d a1, fa2
    CHECK(26, a1, 0x400921fb54442d18)
    mv sp, s1
    /* control transfer */
    li gp, 30
    c.j 1f
    j fail
1:  li gp, 31
    li a0, 0
    c.beqz a0, 1f
    j fail
1:  c.bnez a0, 9f
    li a0, 1
    c.beqz a0, 9f
    j 8f
9:  j fail
8:  li gp, 32
    la a1, 1f
    c.jr a1
    j fail
1:  li gp, 33
    la a1, 2f
    c.jalr a1
3:  j 4f
2:  la t0, 3b
    bne ra, t0, fail
    ret
4:  j pass

    .data
    .align 3
cdata:
    .dword 0, 0, 0, 0
