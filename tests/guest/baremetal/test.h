/* tests/guest/baremetal/test.h - macros for the bare-metal instruction
 * tests. A test file includes this, defines `test_main` (entered in M-mode
 * with FP enabled, fcsr = 0, sp set) and ends it with `j pass`. gp holds the
 * number of the current case; `fail` reports it through tohost as
 * (gp << 1) | 1, so `archsim run` exits with the failing case number.
 * An unexpected trap fails with 900 + mcause. */
#if __riscv_xlen == 64
#define SEXT32(r) addiw r, r, 0
#define SX sd
#define LX ld
#define XB 8
#else
#define SEXT32(r)
#define SX sw
#define LX lw
#define XB 4
#endif

/* compare register r with a 64- or 32-bit constant */
#define CHECK(n, r, expect) \
    li gp, n; li t6, expect; bne r, t6, fail

/* compare two registers */
#define CHECK_REG(n, r, r2) \
    li gp, n; bne r, r2, fail

/* run code (the rest of the arguments), then compare reg with expect */
#define TEST(n, r, expect, ...) \
    li gp, n; __VA_ARGS__; li t6, expect; bne r, t6, fail

/* FP: compare the raw bits of an FP register and fflags (then clear them) */
#define CHECK_FS(n, fr, bits, flags) \
    li gp, n; fmv.x.w t5, fr; li t6, bits; SEXT32(t6); bne t5, t6, fail; \
    csrrw t5, fflags, zero; li t6, flags; bne t5, t6, fail
#define CHECK_FD(n, fr, bits, flags) \
    li gp, n; fmv.x.d t5, fr; li t6, bits; bne t5, t6, fail; \
    csrrw t5, fflags, zero; li t6, flags; bne t5, t6, fail
#define CHECK_FLAGS(n, flags) \
    li gp, n; csrrw t5, fflags, zero; li t6, flags; bne t5, t6, fail

/* load FP registers from integer constants */
#define FS_LI(fr, bits) li t5, bits; fmv.w.x fr, t5
#define FD_LI(fr, bits) li t5, bits; fmv.d.x fr, t5

    .section .text.init
    .globl _start
_start:
    la t0, unexpected_trap
    csrw mtvec, t0
    li t0, (1 << 13)
    csrs mstatus, t0
    csrwi fcsr, 0
    la sp, stack_top
    li gp, 0
    j test_main

    .align 2
unexpected_trap:
    csrr t0, mcause
    addi gp, t0, 900
    j fail

    .globl pass
pass:
    li t0, 1
    la t1, tohost
    SX t0, 0(t1)
1:  j 1b

    .globl fail
fail:
    slli t0, gp, 1
    ori t0, t0, 1
    la t1, tohost
    SX t0, 0(t1)
1:  j 1b

    .section .tohost, "aw", @progbits
    .align 6
    .globl tohost
tohost: .dword 0
    .align 6
    .globl fromhost
fromhost: .dword 0

    .text
