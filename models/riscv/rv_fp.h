/* models/riscv/rv_fp.h - IEEE 754-2008 binary32/binary64 arithmetic as the
 * RISC-V F and D extensions define it (Unprivileged spec 11.2-11.7, 12):
 * five rounding modes, accrued flags, tininess detected after rounding, the
 * canonical NaN for every NaN result, saturating conversions. Values are raw
 * bit patterns; NaN-boxing is the caller's business. */
#ifndef MODELS_RISCV_RV_FP_H
#define MODELS_RISCV_RV_FP_H

#include <stdint.h>

enum { RV_RNE, RV_RTZ, RV_RDN, RV_RUP, RV_RMM };
#define RV_FL_NX 0x01
#define RV_FL_UF 0x02
#define RV_FL_OF 0x04
#define RV_FL_DZ 0x08
#define RV_FL_NV 0x10

#define RV_F32_QNAN 0x7fc00000u
#define RV_F64_QNAN 0x7ff8000000000000ull

uint32_t rv_f32_add(uint32_t a, uint32_t b, int rm, uint32_t *fl);
uint32_t rv_f32_sub(uint32_t a, uint32_t b, int rm, uint32_t *fl);
uint32_t rv_f32_mul(uint32_t a, uint32_t b, int rm, uint32_t *fl);
uint32_t rv_f32_div(uint32_t a, uint32_t b, int rm, uint32_t *fl);
uint32_t rv_f32_sqrt(uint32_t a, int rm, uint32_t *fl);
/* (a * b) + c rounded once; neg_prod / neg_c negate the product / addend. */
uint32_t rv_f32_fma(uint32_t a, uint32_t b, uint32_t c, int neg_prod, int neg_c, int rm,
                    uint32_t *fl);
uint32_t rv_f32_min(uint32_t a, uint32_t b, uint32_t *fl);
uint32_t rv_f32_max(uint32_t a, uint32_t b, uint32_t *fl);
int rv_f32_eq(uint32_t a, uint32_t b, uint32_t *fl);
int rv_f32_lt(uint32_t a, uint32_t b, uint32_t *fl);
int rv_f32_le(uint32_t a, uint32_t b, uint32_t *fl);
uint32_t rv_f32_class(uint32_t a);
int64_t rv_f32_to_int(uint32_t a, int bits, int is_signed, int rm, uint32_t *fl);
uint32_t rv_int_to_f32(uint64_t v, int is_signed, int rm, uint32_t *fl);
uint64_t rv_f32_to_f64(uint32_t a, uint32_t *fl);

uint64_t rv_f64_add(uint64_t a, uint64_t b, int rm, uint32_t *fl);
uint64_t rv_f64_sub(uint64_t a, uint64_t b, int rm, uint32_t *fl);
uint64_t rv_f64_mul(uint64_t a, uint64_t b, int rm, uint32_t *fl);
uint64_t rv_f64_div(uint64_t a, uint64_t b, int rm, uint32_t *fl);
uint64_t rv_f64_sqrt(uint64_t a, int rm, uint32_t *fl);
uint64_t rv_f64_fma(uint64_t a, uint64_t b, uint64_t c, int neg_prod, int neg_c, int rm,
                    uint32_t *fl);
uint64_t rv_f64_min(uint64_t a, uint64_t b, uint32_t *fl);
uint64_t rv_f64_max(uint64_t a, uint64_t b, uint32_t *fl);
int rv_f64_eq(uint64_t a, uint64_t b, uint32_t *fl);
int rv_f64_lt(uint64_t a, uint64_t b, uint32_t *fl);
int rv_f64_le(uint64_t a, uint64_t b, uint32_t *fl);
uint32_t rv_f64_class(uint64_t a);
/* Result as the RISC-V register value: 32-bit results sign-extended. */
int64_t rv_f64_to_int(uint64_t a, int bits, int is_signed, int rm, uint32_t *fl);
uint64_t rv_int_to_f64(uint64_t v, int is_signed, int rm, uint32_t *fl);
uint32_t rv_f64_to_f32(uint64_t a, int rm, uint32_t *fl);

#endif
