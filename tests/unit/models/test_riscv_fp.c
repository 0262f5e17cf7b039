/* tests/unit/models/test_riscv_fp.c - the F/D arithmetic of the RISC-V
 * model against hand-computed IEEE 754 results: ties in every rounding
 * mode (RMM included, which no host FPU offers), tininess detected after
 * rounding, fused multiply-add with a single rounding, the canonical NaN,
 * signalling NaNs, min/max of signed zeros, conversions out of range and
 * of NaN, and the accrued flags of each. */
#include <check.h>
#include "models/riscv/rv_fp.h"

#define NX RV_FL_NX
#define UF RV_FL_UF
#define OF RV_FL_OF
#define DZ RV_FL_DZ
#define NV RV_FL_NV

START_TEST(test_fp_ties_in_every_mode)
{
    /* 1 + 2^-24 lies halfway between 1 and 1 + 2^-23 */
    static const uint32_t want[5] = { 0x3f800000, 0x3f800000, 0x3f800000, 0x3f800001,
                                      0x3f800001 };
    static const uint32_t want_neg[5] = { 0xbf800000, 0xbf800000, 0xbf800001, 0xbf800000,
                                          0xbf800001 };

    for (int rm = 0; rm < 5; rm++) {
        uint32_t fl = 0;

        ck_assert_uint_eq(rv_f32_add(0x3f800000, 0x33800000, rm, &fl), want[rm]);
        ck_assert_uint_eq(fl, NX);
        fl = 0;
        ck_assert_uint_eq(rv_f32_add(0xbf800000, 0xb3800000, rm, &fl), want_neg[rm]);
        ck_assert_uint_eq(fl, NX);
    }
    /* 2.5 is a tie between 2 and 3: RNE 2, RMM 3 */
    {
        uint32_t fl = 0;

        ck_assert_int_eq(rv_f64_to_int(0x4004000000000000, 32, 1, RV_RNE, &fl), 2);
        ck_assert_int_eq(rv_f64_to_int(0x4004000000000000, 32, 1, RV_RMM, &fl), 3);
        ck_assert_int_eq(rv_f64_to_int(0xc004000000000000, 32, 1, RV_RMM, &fl), -3);
        ck_assert_uint_eq(fl, NX);
    }
    /* RMM on a double tie: 1 + 2^-53 */
    {
        uint32_t fl = 0;

        ck_assert_uint_eq(rv_f64_add(0x3ff0000000000000, 0x3ca0000000000000, RV_RMM, &fl),
                          0x3ff0000000000001);
    }
}
END_TEST

START_TEST(test_fp_tininess_after_rounding)
{
    uint32_t fl = 0;

    /* (1 - 2^-13) * 2^-126 (1 + 2^-13) = 2^-126 (1 - 2^-26): rounds up to the
     * smallest normal; tiny before rounding, not after: inexact only */
    ck_assert_uint_eq(rv_f32_mul(0x3f7ff800, 0x00800400, RV_RNE, &fl), 0x00800000);
    ck_assert_uint_eq(fl, NX);
    /* the same toward zero stays subnormal: underflow */
    fl = 0;
    ck_assert_uint_eq(rv_f32_mul(0x3f7ff800, 0x00800400, RV_RTZ, &fl), 0x007fffff);
    ck_assert_uint_eq(fl, NX | UF);
    /* an exact subnormal result raises nothing */
    fl = 0;
    ck_assert_uint_eq(rv_f32_mul(0x00800000, 0x3f000000, RV_RNE, &fl), 0x00400000);
    ck_assert_uint_eq(fl, 0);
    /* half the smallest subnormal: a tie to zero */
    fl = 0;
    ck_assert_uint_eq(rv_f64_mul(1, 0x3fe0000000000000, RV_RNE, &fl), 0);
    ck_assert_uint_eq(fl, NX | UF);
    fl = 0;
    ck_assert_uint_eq(rv_f64_mul(1, 0x3fe0000000000000, RV_RUP, &fl), 1);
    ck_assert_uint_eq(fl, NX | UF);
}
END_TEST

START_TEST(test_fp_fma_single_rounding)
{
    uint32_t fl = 0;

    /* (1 + 2^-12)^2 - (1 + 2^-11) = 2^-24 exactly; unfused it is 0 */
    ck_assert_uint_eq(rv_f32_fma(0x3f800800, 0x3f800800, 0xbf801000, 0, 0, RV_RNE, &fl),
                      0x33800000);
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(rv_f32_add(rv_f32_mul(0x3f800800, 0x3f800800, RV_RNE, &fl), 0xbf801000,
                                 RV_RNE, &fl), 0);
    fl = 0;
    ck_assert_uint_eq(rv_f32_fma(0x3f800800, 0x3f800800, 0x3f801000, 1, 0, RV_RNE, &fl),
                      0xb3800000);     /* fnmsub: -(a*b) + c */
    ck_assert_uint_eq(rv_f64_fma(0x3ff0000002000000, 0x3ff0000002000000, 0xbff0000004000000,
                                 0, 0, RV_RNE, &fl), 0x3c90000000000000);
    ck_assert_uint_eq(fl, 0);
    /* inf * 0 + qNaN is invalid, unlike a plain NaN operand */
    ck_assert_uint_eq(rv_f64_fma(0x7ff0000000000000, 0, RV_F64_QNAN, 0, 0, RV_RNE, &fl),
                      RV_F64_QNAN);
    ck_assert_uint_eq(fl, NV);
    /* exact zero of opposite-signed terms: +0, or -0 rounding down */
    fl = 0;
    ck_assert_uint_eq(rv_f64_fma(0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0,
                                 0, RV_RDN, &fl), 0x8000000000000000);
    ck_assert_uint_eq(rv_f64_fma(0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0,
                                 0, RV_RNE, &fl), 0);
}
END_TEST

START_TEST(test_fp_nans)
{
    uint32_t fl = 0;

    ck_assert_uint_eq(rv_f32_add(0x7f800001, 0x3f800000, RV_RNE, &fl), RV_F32_QNAN);
    ck_assert_uint_eq(fl, NV);                      /* signalling */
    fl = 0;
    ck_assert_uint_eq(rv_f32_add(0xffc12345, 0x3f800000, RV_RNE, &fl), RV_F32_QNAN);
    ck_assert_uint_eq(fl, 0);                       /* quiet: payload not kept */
    ck_assert_uint_eq(rv_f64_div(0, 0, RV_RNE, &fl), RV_F64_QNAN);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    ck_assert_uint_eq(rv_f64_div(0x3ff0000000000000, 0x8000000000000000, RV_RNE, &fl),
                      0xfff0000000000000);
    ck_assert_uint_eq(fl, DZ);
    fl = 0;
    ck_assert_uint_eq(rv_f64_sqrt(0xbff0000000000000, RV_RNE, &fl), RV_F64_QNAN);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    ck_assert_uint_eq(rv_f64_sqrt(0x8000000000000000, RV_RNE, &fl), 0x8000000000000000);
    ck_assert_uint_eq(rv_f32_to_f64(0x7f800001, &fl), RV_F64_QNAN);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    ck_assert_uint_eq(rv_f64_to_f32(0xfff8000000000abc, RV_RNE, &fl), RV_F32_QNAN);
    ck_assert_uint_eq(fl, 0);
    /* comparisons: quiet equality, signalling order */
    ck_assert_int_eq(rv_f32_eq(RV_F32_QNAN, RV_F32_QNAN, &fl), 0);
    ck_assert_uint_eq(fl, 0);
    ck_assert_int_eq(rv_f32_lt(RV_F32_QNAN, 0x3f800000, &fl), 0);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    ck_assert_int_eq(rv_f32_le(0x80000000, 0, &fl), 1);
    ck_assert_int_eq(rv_f32_lt(0x80000000, 0, &fl), 0);
    ck_assert_uint_eq(fl, 0);
}
END_TEST

START_TEST(test_fp_min_max)
{
    uint32_t fl = 0;

    ck_assert_uint_eq(rv_f64_min(0, 0x8000000000000000, &fl), 0x8000000000000000);
    ck_assert_uint_eq(rv_f64_max(0x8000000000000000, 0, &fl), 0);
    ck_assert_uint_eq(rv_f64_min(RV_F64_QNAN, 0x4000000000000000, &fl), 0x4000000000000000);
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(rv_f64_max(0x7ff0000000000001, 0x4000000000000000, &fl),
                      0x4000000000000000);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    ck_assert_uint_eq(rv_f32_min(RV_F32_QNAN, RV_F32_QNAN, &fl), RV_F32_QNAN);
    ck_assert_uint_eq(rv_f32_max(0xbf800000, 0xc0000000, &fl), 0xbf800000);
    ck_assert_uint_eq(fl, 0);
}
END_TEST

START_TEST(test_fp_conversions_out_of_range)
{
    uint32_t fl = 0;

    /* NaN converts to the largest value of every type */
    ck_assert_int_eq(rv_f32_to_int(RV_F32_QNAN, 32, 1, RV_RTZ, &fl), 0x7fffffff);
    ck_assert_int_eq(rv_f32_to_int(RV_F32_QNAN, 32, 0, RV_RTZ, &fl), -1);  /* sign-extended */
    ck_assert_int_eq(rv_f64_to_int(RV_F64_QNAN, 64, 1, RV_RTZ, &fl), INT64_MAX);
    ck_assert_uint_eq((uint64_t)rv_f64_to_int(RV_F64_QNAN, 64, 0, RV_RTZ, &fl), UINT64_MAX);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    /* -inf and too-negative values saturate low */
    ck_assert_int_eq(rv_f64_to_int(0xfff0000000000000, 32, 1, RV_RTZ, &fl), INT32_MIN);
    ck_assert_int_eq(rv_f64_to_int(0xfff0000000000000, 64, 0, RV_RTZ, &fl), 0);
    ck_assert_int_eq(rv_f64_to_int(0xc1e0000000200000, 32, 1, RV_RTZ, &fl), INT32_MIN);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    /* rounding can push a value out of range: 2^31 - 0.5 */
    ck_assert_int_eq(rv_f64_to_int(0x41dfffffffe00000, 32, 1, RV_RTZ, &fl), INT32_MAX);
    ck_assert_uint_eq(fl, NX);
    fl = 0;
    ck_assert_int_eq(rv_f64_to_int(0x41dfffffffe00000, 32, 1, RV_RNE, &fl), INT32_MAX);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    /* a small negative number to unsigned: 0, invalid only if it rounds to -1 */
    ck_assert_int_eq(rv_f64_to_int(0xbfe0000000000000, 64, 0, RV_RTZ, &fl), 0);
    ck_assert_uint_eq(fl, NX);
    fl = 0;
    ck_assert_int_eq(rv_f64_to_int(0xbfe8000000000000, 64, 0, RV_RNE, &fl), 0);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    /* the extremes themselves are exact */
    ck_assert_int_eq(rv_f64_to_int(0xc3e0000000000000, 64, 1, RV_RTZ, &fl), INT64_MIN);
    ck_assert_uint_eq((uint64_t)rv_f64_to_int(0x43efffffffffffff, 64, 0, RV_RTZ, &fl),
                      0xfffffffffffff800);
    ck_assert_uint_eq(fl, 0);
    ck_assert_int_eq(rv_f64_to_int(0x43e0000000000000, 64, 1, RV_RTZ, &fl), INT64_MAX);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    /* int -> float rounding */
    ck_assert_uint_eq(rv_int_to_f32(16777217, 1, RV_RNE, &fl), 0x4b800000);
    ck_assert_uint_eq(rv_int_to_f32(16777217, 1, RV_RUP, &fl), 0x4b800001);
    ck_assert_uint_eq(rv_int_to_f64(UINT64_MAX, 0, RV_RNE, &fl), 0x43f0000000000000);
    ck_assert_uint_eq(rv_int_to_f64(UINT64_MAX, 0, RV_RTZ, &fl), 0x43efffffffffffff);
    ck_assert_uint_eq(rv_int_to_f64((uint64_t)INT64_MIN, 1, RV_RNE, &fl), 0xc3e0000000000000);
    ck_assert_uint_eq(fl, NX);
}
END_TEST

START_TEST(test_fp_overflow_by_mode)
{
    static const uint32_t want[5] = { 0x7f800000, 0x7f7fffff, 0x7f7fffff, 0x7f800000,
                                      0x7f800000 };

    for (int rm = 0; rm < 5; rm++) {
        uint32_t fl = 0;

        ck_assert_uint_eq(rv_f64_to_f32(0x7e37e43c8800759c, rm, &fl), want[rm]);
        ck_assert_uint_eq(fl, OF | NX);
        fl = 0;
        ck_assert_uint_eq(rv_f64_to_f32(0xfe37e43c8800759c, rm, &fl),
                          rm == RV_RUP || rm == RV_RTZ ? 0xff7fffff : 0xff800000);
    }
}
END_TEST

START_TEST(test_fp_class)
{
    ck_assert_uint_eq(rv_f32_class(0xff800000), 1u << 0);
    ck_assert_uint_eq(rv_f32_class(0x80000001), 1u << 2);
    ck_assert_uint_eq(rv_f32_class(0x00000000), 1u << 4);
    ck_assert_uint_eq(rv_f32_class(0x7f800001), 1u << 8);
    ck_assert_uint_eq(rv_f32_class(0x7fc00000), 1u << 9);
    ck_assert_uint_eq(rv_f64_class(0x0000000000000001), 1u << 5);
    ck_assert_uint_eq(rv_f64_class(0xbff0000000000000), 1u << 1);
    ck_assert_uint_eq(rv_f64_class(0x7ff0000000000000), 1u << 7);
}
END_TEST

START_TEST(test_fp_sqrt_and_divide)
{
    uint32_t fl = 0;

    ck_assert_uint_eq(rv_f64_sqrt(0x4000000000000000, RV_RNE, &fl), 0x3ff6a09e667f3bcd);
    ck_assert_uint_eq(rv_f64_sqrt(0x4000000000000000, RV_RUP, &fl), 0x3ff6a09e667f3bcd);
    ck_assert_uint_eq(rv_f64_sqrt(0x4000000000000000, RV_RDN, &fl), 0x3ff6a09e667f3bcc);
    ck_assert_uint_eq(fl, NX);
    fl = 0;
    ck_assert_uint_eq(rv_f32_sqrt(0x40800000, RV_RNE, &fl), 0x40000000);
    ck_assert_uint_eq(rv_f64_sqrt(1, RV_RNE, &fl), 0x1e60000000000000);   /* sqrt(2^-1074) */
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(rv_f32_div(0x3f800000, 0x40400000, RV_RNE, &fl), 0x3eaaaaab);
    ck_assert_uint_eq(rv_f32_div(0x3f800000, 0x40400000, RV_RTZ, &fl), 0x3eaaaaaa);
    ck_assert_uint_eq(fl, NX);
}
END_TEST

Suite *riscv_fp_suite(void)
{
    Suite *s = suite_create("riscv_fp");
    TCase *tc = tcase_create("fp");

    tcase_add_test(tc, test_fp_ties_in_every_mode);
    tcase_add_test(tc, test_fp_tininess_after_rounding);
    tcase_add_test(tc, test_fp_fma_single_rounding);
    tcase_add_test(tc, test_fp_nans);
    tcase_add_test(tc, test_fp_min_max);
    tcase_add_test(tc, test_fp_conversions_out_of_range);
    tcase_add_test(tc, test_fp_overflow_by_mode);
    tcase_add_test(tc, test_fp_class);
    tcase_add_test(tc, test_fp_sqrt_and_divide);
    suite_add_tcase(s, tc);
    return s;
}
