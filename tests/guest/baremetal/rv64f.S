/* tests/guest/baremetal/rv64f.S - F extension: the five rounding modes
 * (static and dynamic), accrued flags, NaN boxing, the canonical NaN, sign
 * injection of NaNs, min/max with NaN and signed zeros, comparisons,
 * fclass, fused multiply-add with a single rounding, tininess after
 * rounding, conversions out of range, fcsr, and illegal instructions for a
 * reserved dynamic rounding mode and for mstatus.FS = Off. */
#include "test.h"

    .text
    .globl test_main
test_main:
    FS_LI(fa1, 0x3f800000)          /* 1.0 */
    FS_LI(fa2, 0x33800000)          /* 2^-24: 1 + 2^-24 is a tie */
    fadd.s fa0, fa1, fa2, rne
    CHECK_FS(1, fa0, 0x3f800000, 1)
    fadd.s fa0, fa1, fa2, rtz
    CHECK_FS(2, fa0, 0x3f800000, 1)
    fadd.s fa0, fa1, fa2, rdn
    CHECK_FS(3, fa0, 0x3f800000, 1)
    fadd.s fa0, fa1, fa2, rup
    CHECK_FS(4, fa0, 0x3f800001, 1)
    fadd.s fa0, fa1, fa2, rmm
    CHECK_FS(5, fa0, 0x3f800001, 1)
    fneg.s fa1, fa1
    fneg.s fa2, fa2
    fadd.s fa0, fa1, fa2, rne
    CHECK_FS(6, fa0, 0xbf800000, 1)
    fadd.s fa0, fa1, fa2, rdn
    CHECK_FS(7, fa0, 0xbf800001, 1)
    fadd.s fa0, fa1, fa2, rup
    CHECK_FS(8, fa0, 0xbf800000, 1)
    fadd.s fa0, fa1, fa2, rmm
    CHECK_FS(9, fa0, 0xbf800001, 1)
    /* dynamic rounding through frm */
    fneg.s fa1, fa1
    fneg.s fa2, fa2
    csrwi frm, 3
    fadd.s fa0, fa1, fa2
    CHECK_FS(10, fa0, 0x3f800001, 1)
    csrwi frm, 0
    /* 1/3 */
    FS_LI(fa3, 0x40400000)
    fdiv.s fa0, fa1, fa3, rne
    CHECK_FS(11, fa0, 0x3eaaaaab, 1)
    fdiv.s fa0, fa1, fa3, rtz
    CHECK_FS(12, fa0, 0x3eaaaaaa, 1)
    /* flags */
    FS_LI(fa4, 0x00000000)
    fdiv.s fa0, fa1, fa4
    CHECK_FS(20, fa0, 0x7f800000, 0x08)
    fdiv.s fa0, fa4, fa4
    CHECK_FS(21, fa0, 0x7fc00000, 0x10)
    FS_LI(fa5, 0x7f7fffff)
    FS_LI(fa6, 0x40000000)
    fmul.s fa0, fa5, fa6
    CHECK_FS(22, fa0, 0x7f800000, 0x05)
    fmul.s fa0, fa5, fa6, rtz
    CHECK_FS(23, fa0, 0x7f7fffff, 0x05)
    FS_LI(fa5, 0x0d800000)          /* 2^-100 */
    fmul.s fa0, fa5, fa5
    CHECK_FS(24, fa0, 0x00000000, 0x03)
    FS_LI(fa5, 0x00800000)
    FS_LI(fa6, 0x3f000000)
    fmul.s fa0, fa5, fa6            /* 2^-127: subnormal, exact: no flags */
    CHECK_FS(25, fa0, 0x00400000, 0)
    FS_LI(fa5, 0x3f7ff800)          /* (1 - 2^-13) * 2^-126 (1 + 2^-13) */
    FS_LI(fa6, 0x00800400)
    fmul.s fa0, fa5, fa6            /* rounds up to 2^-126: not tiny after rounding */
    CHECK_FS(26, fa0, 0x00800000, 0x01)
    /* NaNs */
    FS_LI(fa5, 0x7f800001)          /* signalling */
    fadd.s fa0, fa5, fa1
    CHECK_FS(30, fa0, 0x7fc00000, 0x10)
    fsgnjn.s fa0, fa5, fa5
    CHECK_FS(31, fa0, 0xff800001, 0)
    FD_LI(ft0, 0x000000003f800000)  /* a single that is not NaN-boxed */
    fadd.s fa0, ft0, fa1
    CHECK_FS(32, fa0, 0x7fc00000, 0)
    fmv.x.d t5, fa0
    CHECK(33, t5, 0xffffffff7fc00000)
    fsgnj.s fa0, ft0, fa1
    CHECK_FS(34, fa0, 0x7fc00000, 0)
    la s0, fdata
    flw fa0, 0(s0)
    fmv.x.d t5, fa0
    CHECK(35, t5, 0xffffffffc0490fdb)
    fmv.x.w t5, fa0
    CHECK(36, t5, 0xffffffffc0490fdb)
    fsw fa1, 4(s0)
    lwu t5, 4(s0)
    CHECK(37, t5, 0x3f800000)
    /* min / max */
    FS_LI(fa5, 0x80000000)
    FS_LI(fa6, 0x00000000)
    fmin.s fa0, fa5, fa6
    CHECK_FS(40, fa0, 0x80000000, 0)
    fmax.s fa0, fa5, fa6
    CHECK_FS(41, fa0, 0x00000000, 0)
    FS_LI(fa5, 0x7fc00000)
    fmax.s fa0, fa5, fa1
    CHECK_FS(42, fa0, 0x3f800000, 0)
    FS_LI(fa6, 0x7f800001)
    fmin.s fa0, fa6, fa1
    CHECK_FS(43, fa0, 0x3f800000, 0x10)
    fmin.s fa0, fa5, fa5
    CHECK_FS(44, fa0, 0x7fc00000, 0)
    /* comparisons */
    feq.s a0, fa5, fa1
    CHECK(50, a0, 0)
    CHECK_FLAGS(51, 0)
    flt.s a0, fa5, fa1
    CHECK(52, a0, 0)
    CHECK_FLAGS(53, 0x10)
    feq.s a0, fa6, fa1
    CHECK_FLAGS(54, 0x10)
    FS_LI(fa5, 0x80000000)
    FS_LI(fa6, 0x00000000)
    flt.s a0, fa5, fa6
    CHECK(55, a0, 0)
    fle.s a0, fa5, fa6
    CHECK(56, a0, 1)
    feq.s a0, fa5, fa6
    CHECK(57, a0, 1)
    /* fclass */
#define CLASS(n, bits, want) FS_LI(fa5, bits); fclass.s a0, fa5; CHECK(n, a0, want)
    CLASS(60, 0xff800000, 0x001)
    CLASS(61, 0xbf800000, 0x002)
    CLASS(62, 0x80000001, 0x004)
    CLASS(63, 0x80000000, 0x008)
    CLASS(64, 0x00000000, 0x010)
    CLASS(65, 0x00000001, 0x020)
    CLASS(66, 0x3f800000, 0x040)
    CLASS(67, 0x7f800000, 0x080)
    CLASS(68, 0x7f800001, 0x100)
    CLASS(69, 0x7fc00000, 0x200)
    /* fused multiply-add: one rounding */
    FS_LI(fa5, 0x3f800800)          /* 1 + 2^-12 */
    FS_LI(fa6, 0xbf801000)          /* -(1 + 2^-11) */
    FS_LI(fa7, 0x3f801000)          /* 1 + 2^-11 */
    fmadd.s fa0, fa5, fa5, fa6
    CHECK_FS(70, fa0, 0x33800000, 0)
    fmul.s ft1, fa5, fa5
    fadd.s fa0, ft1, fa6
    CHECK_FS(71, fa0, 0x00000000, 1)
    fnmadd.s fa0, fa5, fa5, fa6
    CHECK_FS(72, fa0, 0xb3800000, 0)
    fmsub.s fa0, fa5, fa5, fa7
    CHECK_FS(73, fa0, 0x33800000, 0)
    fnmsub.s fa0, fa5, fa5, fa7
    CHECK_FS(74, fa0, 0xb3800000, 0)
    FS_LI(fa5, 0x7f800000)
    FS_LI(fa6, 0x00000000)
    FS_LI(fa7, 0x7fc00000)
    fmadd.s fa0, fa5, fa6, fa7      /* inf * 0 + qNaN: invalid */
    CHECK_FS(75, fa0, 0x7fc00000, 0x10)
    /* sqrt */
    FS_LI(fa5, 0x40800000)
    fsqrt.s fa0, fa5
    CHECK_FS(80, fa0, 0x40000000, 0)
    FS_LI(fa5, 0x40000000)
    fsqrt.s fa0, fa5
    CHECK_FS(81, fa0, 0x3fb504f3, 1)
    FS_LI(fa5, 0xbf800000)
    fsqrt.s fa0, fa5
    CHECK_FS(82, fa0, 0x7fc00000, 0x10)
    FS_LI(fa5, 0x80000000)
    fsqrt.s fa0, fa5
    CHECK_FS(83, fa0, 0x80000000, 0)
    /* conversions */
#define CVT(n, op, bits, rm, want, flags) \
    FS_LI(fa5, bits); op a0, fa5, rm; CHECK(n, a0, want); CHECK_FLAGS(n, flags)
    CVT(90, fcvt.w.s, 0x4f32d05e, rtz, 0x7fffffff, 0x10)
    CVT(91, fcvt.w.s, 0xcf32d05e, rtz, 0xffffffff80000000, 0x10)
    CVT(92, fcvt.w.s, 0x7fc00000, rtz, 0x7fffffff, 0x10)
    CVT(93, fcvt.wu.s, 0xbf800000, rtz, 0, 0x10)
    CVT(94, fcvt.wu.s, 0xbf000000, rtz, 0, 0x01)
    CVT(95, fcvt.w.s, 0x40200000, rne, 2, 0x01)
    CVT(96, fcvt.w.s, 0x40200000, rmm, 3, 0x01)
    CVT(97, fcvt.w.s, 0x40200000, rup, 3, 0x01)
    CVT(98, fcvt.w.s, 0xc0200000, rmm, -3, 0x01)
    CVT(99, fcvt.w.s, 0xc0200000, rdn, -3, 0x01)
    CVT(100, fcvt.w.s, 0xc0200000, rup, -2, 0x01)
    CVT(101, fcvt.l.s, 0x60ad78ec, rtz, 0x7fffffffffffffff, 0x10)
    CVT(102, fcvt.lu.s, 0x7fc00000, rtz, 0xffffffffffffffff, 0x10)
    CVT(103, fcvt.wu.s, 0x4f7fffff, rtz, 0xffffffffffffff00, 0)
    CVT(104, fcvt.wu.s, 0x4f800000, rtz, 0xffffffffffffffff, 0x10)
    CVT(105, fcvt.l.s, 0xdf000000, rtz, 0x8000000000000000, 0)
    li a0, 16777217
    fcvt.s.w fa0, a0, rne
    CHECK_FS(110, fa0, 0x4b800000, 1)
    fcvt.s.w fa0, a0, rup
    CHECK_FS(111, fa0, 0x4b800001, 1)
    li a0, 0xffffffff
    fcvt.s.wu fa0, a0
    CHECK_FS(112, fa0, 0x4f800000, 1)
    li a0, -1
    fcvt.s.l fa0, a0
    CHECK_FS(113, fa0, 0xbf800000, 0)
    fcvt.s.lu fa0, a0, rtz
    CHECK_FS(114, fa0, 0x5f7fffff, 1)
    li a0, 0x80000000
    fmv.w.x fa0, a0
    fmv.x.w a1, fa0
    CHECK(115, a1, 0xffffffff80000000)
    /* fcsr */
    li a0, 0xff
    csrw fcsr, a0
    csrr a1, frm
    CHECK(120, a1, 7)
    csrr a1, fflags
    CHECK(121, a1, 0x1f)
    csrr a1, fcsr
    CHECK(122, a1, 0xff)
    csrwi fcsr, 0
    /* reserved dynamic rounding mode: illegal instruction */
    la t0, trap_illegal
    csrw mtvec, t0
    li gp, 130
    csrwi frm, 5
    la s1, 1f
bad1:
    fadd.s fa0, fa1, fa1
    j fail
1:  csrwi frm, 0
    /* mstatus.FS = Off: FP instructions and fcsr are illegal */
    li gp, 131
    li t0, (3 << 13)
    csrc mstatus, t0
    la s1, 1f
bad2:
    fadd.s fa0, fa1, fa1
    j fail
1:  li gp, 132
    la s1, 1f
    csrr a0, fflags
    j fail
1:  li t0, (1 << 13)
    csrs mstatus, t0
    fadd.s fa0, fa1, fa1
    csrr t0, mstatus
    srli t0, t0, 13
    andi t0, t0, 3
    CHECK(133, t0, 3)               /* FS became Dirty */
    j pass

    .align 2
trap_illegal:                       /* expect an illegal instruction, resume at s1 */
    csrr t0, mcause
    li t6, 2
    bne t0, t6, fail
    csrw mepc, s1
    mret

    .data
    .align 3
fdata:
    .word 0xc0490fdb, 0
