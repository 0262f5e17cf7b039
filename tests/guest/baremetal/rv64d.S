/* tests/guest/baremetal/rv64d.S - D extension: rounding modes, flags,
 * double<->single conversions (rounding, overflow, NaNs), FMA with a single
 * rounding, integer conversions at and beyond the range limits, loads,
 * stores, moves and classification. */
#include "test.h"

    .text
    .globl test_main
test_main:
    FD_LI(fa1, 0x3ff0000000000000)  /* 1.0 */
    FD_LI(fa2, 0x3ca0000000000000)  /* 2^-53 */
    fadd.d fa0, fa1, fa2, rne
    CHECK_FD(1, fa0, 0x3ff0000000000000, 1)
    fadd.d fa0, fa1, fa2, rup
    CHECK_FD(2, fa0, 0x3ff0000000000001, 1)
    fadd.d fa0, fa1, fa2, rmm
    CHECK_FD(3, fa0, 0x3ff0000000000001, 1)
    fadd.d fa0, fa1, fa2, rdn
    CHECK_FD(4, fa0, 0x3ff0000000000000, 1)
    fadd.d fa0, fa1, fa2, rtz
    CHECK_FD(5, fa0, 0x3ff0000000000000, 1)
    FD_LI(fa3, 0x4008000000000000)  /* 3.0 */
    fdiv.d fa0, fa1, fa3, rne
    CHECK_FD(6, fa0, 0x3fd5555555555555, 1)
    fdiv.d fa0, fa1, fa3, rup
    CHECK_FD(7, fa0, 0x3fd5555555555556, 1)
    csrwi frm, 2
    fneg.d fa4, fa1
    fdiv.d fa0, fa4, fa3            /* dynamic: round down */
    CHECK_FD(8, fa0, 0xbfd5555555555556, 1)
    csrwi frm, 0
    FD_LI(fa5, 0x7fefffffffffffff)
    fadd.d fa0, fa5, fa5
    CHECK_FD(10, fa0, 0x7ff0000000000000, 0x05)
    fadd.d fa0, fa5, fa5, rdn
    CHECK_FD(11, fa0, 0x7fefffffffffffff, 0x05)
    FD_LI(fa5, 0x0000000000000001)
    fmul.d fa0, fa5, fa3
    CHECK_FD(12, fa0, 0x0000000000000003, 0)
    FD_LI(fa6, 0x3fe0000000000000)
    fmul.d fa0, fa5, fa6            /* half the smallest subnormal: a tie to 0 */
    CHECK_FD(13, fa0, 0x0000000000000000, 0x03)
    FD_LI(fa5, 0x7ff0000000000001)
    fmul.d fa0, fa5, fa1
    CHECK_FD(14, fa0, 0x7ff8000000000000, 0x10)
    /* conversions between formats */
    FD_LI(fa5, 0x3fb999999999999a)  /* 0.1 */
    fcvt.s.d fa0, fa5
    CHECK_FS(20, fa0, 0x3dcccccd, 1)
    fcvt.s.d fa0, fa5, rtz
    CHECK_FS(21, fa0, 0x3dcccccc, 1)
    FD_LI(fa5, 0x7e37e43c8800759c)  /* 1e300 */
    fcvt.s.d fa0, fa5
    CHECK_FS(22, fa0, 0x7f800000, 0x05)
    fcvt.s.d fa0, fa5, rtz
    CHECK_FS(23, fa0, 0x7f7fffff, 0x05)
    FS_LI(fa5, 0x7f800001)
    fcvt.d.s fa0, fa5
    CHECK_FD(24, fa0, 0x7ff8000000000000, 0x10)
    FS_LI(fa5, 0x3dcccccd)
    fcvt.d.s fa0, fa5
    CHECK_FD(25, fa0, 0x3fb99999a0000000, 0)
    FD_LI(fa5, 0x000000003dcccccd)  /* not NaN-boxed: canonical NaN */
    fcvt.d.s fa0, fa5
    CHECK_FD(26, fa0, 0x7ff8000000000000, 0)
    /* FMA */
    FD_LI(fa5, 0x3ff0000002000000)  /* 1 + 2^-27 */
    FD_LI(fa6, 0xbff0000004000000)  /* -(1 + 2^-26) */
    fmadd.d fa0, fa5, fa5, fa6
    CHECK_FD(30, fa0, 0x3c90000000000000, 0)
    fnmsub.d fa0, fa5, fa5, fa6     /* -(a*b) + c */
    CHECK_FD(31, fa0, 0xc000000004000000, 1)
    /* integer conversions */
#define CVT(n, op, bits, rm, want, flags) \
    FD_LI(fa5, bits); op a0, fa5, rm; CHECK(n, a0, want); CHECK_FLAGS(n, flags)
    CVT(40, fcvt.w.d, 0x41dfffffffe00000, rtz, 0x7fffffff, 0x01)
    CVT(41, fcvt.w.d, 0x41dfffffffe00000, rne, 0x7fffffff, 0x10)
    CVT(42, fcvt.l.d, 0xc3e0000000000000, rtz, 0x8000000000000000, 0)
    CVT(43, fcvt.l.d, 0x43e0000000000000, rtz, 0x7fffffffffffffff, 0x10)
    CVT(44, fcvt.lu.d, 0x43f0000000000000, rtz, 0xffffffffffffffff, 0x10)
    CVT(45, fcvt.lu.d, 0x43efffffffffffff, rtz, 0xfffffffffffff800, 0)
    CVT(46, fcvt.wu.d, 0xbff0000000000000, rtz, 0, 0x10)
    CVT(47, fcvt.w.d, 0xfff0000000000000, rtz, 0xffffffff80000000, 0x10)
    CVT(48, fcvt.lu.d, 0xbfe0000000000000, rup, 0, 0x01)
    CVT(49, fcvt.l.d, 0x7ff8000000000000, rtz, 0x7fffffffffffffff, 0x10)
    li a0, 0x20000000000001
    fcvt.d.l fa0, a0
    CHECK_FD(50, fa0, 0x4340000000000000, 1)
    fcvt.d.l fa0, a0, rup
    CHECK_FD(51, fa0, 0x4340000000000001, 1)
    li a0, 0xffffffff
    fcvt.d.wu fa0, a0
    CHECK_FD(52, fa0, 0x41efffffffe00000, 0)
    li a0, -1
    fcvt.d.w fa0, a0
    CHECK_FD(53, fa0, 0xbff0000000000000, 0)
    fcvt.d.lu fa0, a0
    CHECK_FD(54, fa0, 0x43f0000000000000, 1)
    /* sqrt, min/max, compare, class */
    FD_LI(fa5, 0x4000000000000000)
    fsqrt.d fa0, fa5
    CHECK_FD(60, fa0, 0x3ff6a09e667f3bcd, 1)
    FD_LI(fa5, 0x8000000000000000)
    FD_LI(fa6, 0x0000000000000000)
    fmin.d fa0, fa6, fa5
    CHECK_FD(61, fa0, 0x8000000000000000, 0)
    fmax.d fa0, fa5, fa6
    CHECK_FD(62, fa0, 0x0000000000000000, 0)
    FD_LI(fa7, 0x7ff8000000000000)
    fmin.d fa0, fa7, fa1
    CHECK_FD(63, fa0, 0x3ff0000000000000, 0)
    fle.d a0, fa7, fa1
    CHECK(64, a0, 0)
    CHECK_FLAGS(65, 0x10)
    flt.d a0, fa5, fa1
    CHECK(66, a0, 1)
    FD_LI(fa5, 0x0000000000000001)
    fclass.d a0, fa5
    CHECK(67, a0, 0x20)
    FD_LI(fa5, 0xfff0000000000000)
    fclass.d a0, fa5
    CHECK(68, a0, 0x01)
    /* sign injection */
    fsgnjx.d fa0, fa1, fa5
    CHECK_FD(70, fa0, 0xbff0000000000000, 0)
    fsgnjn.d fa0, fa1, fa1
    CHECK_FD(71, fa0, 0xbff0000000000000, 0)
    /* loads, stores, moves */
    la s0, ddata
    fld fa0, 0(s0)
    CHECK_FD(80, fa0, 0x400921fb54442d18, 0)
    fsd fa1, 8(s0)
    ld a0, 8(s0)
    CHECK(81, a0, 0x3ff0000000000000)
    j pass

    .data
    .align 3
ddata:
    .dword 0x400921fb54442d18, 0
