/* models/riscv/rv_fp.c - software IEEE 754 binary32/binary64 arithmetic for
 * the F and D extensions (Unprivileged spec ch. 11-12; IEEE 754-2008 4.3,
 * 7). One generic implementation, specialised per format by constant
 * arguments: operands are unpacked to a sign, an unbiased exponent and a
 * 64-bit significand with its leading one at bit 62; exact intermediate
 * results (128-bit products, quotients with a sticky remainder bit) are
 * rounded once by round_pack, which implements the five rounding modes,
 * overflow, and underflow with tininess detected after rounding as RISC-V
 * requires. Every NaN result is the canonical NaN; signalling NaN operands
 * raise invalid. Not modelled: half precision, quad precision. */
#include "rv_fp.h"

enum { C_ZERO, C_NORM, C_INF, C_QNAN, C_SNAN };

typedef unsigned __int128 u128;

struct unp {
    int sign, cls;
    int32_t exp;                    /* value = sig * 2^(exp - 62) */
    uint64_t sig;
};

static inline uint64_t jam64(uint64_t v, int n)
{
    if (n <= 0)
        return v;
    if (n >= 63)
        return v != 0;
    return (v >> n) | ((v & ((1ull << n) - 1)) != 0);
}

static inline u128 jam128(u128 v, int n)
{
    if (n <= 0)
        return v;
    if (n >= 127)
        return v != 0;
    return (v >> n) | ((v & (((u128)1 << n) - 1)) != 0);
}

static inline struct unp unpack(uint64_t v, int fb, int eb)
{
    struct unp u;
    int maxe = (1 << eb) - 1, bias = (1 << (eb - 1)) - 1;
    int e = (int)((v >> fb) & (uint64_t)maxe);
    uint64_t frac = v & ((1ull << fb) - 1);

    u.sign = (int)((v >> (fb + eb)) & 1);
    u.exp = 0;
    u.sig = 0;
    if (e == maxe) {
        u.cls = !frac ? C_INF : (frac >> (fb - 1)) ? C_QNAN : C_SNAN;
    } else if (e == 0) {
        if (!frac) {
            u.cls = C_ZERO;
        } else {
            int lz;

            u.cls = C_NORM;
            u.sig = frac << (62 - fb);
            lz = __builtin_clzll(u.sig) - 1;
            u.sig <<= lz;
            u.exp = 1 - bias - lz;
        }
    } else {
        u.cls = C_NORM;
        u.sig = (frac | (1ull << fb)) << (62 - fb);
        u.exp = e - bias;
    }
    return u;
}

static inline uint64_t qnan(int fb, int eb)
{
    return ((1ull << eb) - 1) << fb | 1ull << (fb - 1);
}

static inline uint64_t sgn(int s, int fb, int eb)
{
    return (uint64_t)s << (fb + eb);
}

/* Round sign * sig * 2^(exp - 62) to the format; sig != 0, any position. */
static inline uint64_t round_pack(int sign, int32_t exp, uint64_t sig, int rm, uint32_t *fl,
                                  int fb, int eb)
{
    int bias = (1 << (eb - 1)) - 1, maxe = (1 << eb) - 1;
    int shift = 62 - fb;
    uint64_t half = 1ull << (shift - 1), mask = (1ull << shift) - 1, inc, rb;
    uint64_t s = sgn(sign, fb, eb);
    int lz = __builtin_clzll(sig);
    int32_t e;

    if (lz == 0) {
        sig = jam64(sig, 1);
        exp += 1;
    } else {
        sig <<= lz - 1;
        exp -= lz - 1;
    }
    e = exp + bias;
    switch (rm) {
    case RV_RTZ: inc = 0; break;
    case RV_RDN: inc = sign ? mask : 0; break;
    case RV_RUP: inc = sign ? 0 : mask; break;
    default: inc = half; break;     /* RNE, RMM */
    }
    if (e <= 0) {
        int tiny = e < 0 || sig + inc < (1ull << 63);

        sig = jam64(sig, 1 - e);
        e = 0;
        if (tiny && (sig & mask))
            *fl |= RV_FL_UF;
    } else if (e >= maxe - 1 && (e > maxe - 1 || sig + inc >= (1ull << 63))) {
        *fl |= RV_FL_OF | RV_FL_NX;
        if (rm == RV_RTZ || (rm == RV_RDN && !sign) || (rm == RV_RUP && sign))
            return s | ((uint64_t)(maxe - 1) << fb) | ((1ull << fb) - 1);
        return s | ((uint64_t)maxe << fb);
    }
    rb = sig & mask;
    if (rb)
        *fl |= RV_FL_NX;
    sig = (sig + inc) >> shift;
    if (rm == RV_RNE && rb == half)
        sig &= ~1ull;
    return s | ((e ? (uint64_t)(e - 1) << fb : 0) + sig);
}

static inline int is_nan(const struct unp *u)
{
    return u->cls >= C_QNAN;
}

static inline uint64_t g_add(uint64_t a, uint64_t b, int rm, uint32_t *fl, int fb, int eb)
{
    struct unp x = unpack(a, fb, eb), y = unpack(b, fb, eb), t;
    uint64_t ys;

    if (is_nan(&x) || is_nan(&y)) {
        if (x.cls == C_SNAN || y.cls == C_SNAN)
            *fl |= RV_FL_NV;
        return qnan(fb, eb);
    }
    if (x.cls == C_INF) {
        if (y.cls == C_INF && x.sign != y.sign) {
            *fl |= RV_FL_NV;
            return qnan(fb, eb);
        }
        return a;
    }
    if (y.cls == C_INF)
        return b;
    if (x.cls == C_ZERO && y.cls == C_ZERO)
        return sgn(x.sign == y.sign ? x.sign : rm == RV_RDN, fb, eb);
    if (x.cls == C_ZERO)
        return b;
    if (y.cls == C_ZERO)
        return a;
    if (x.exp < y.exp || (x.exp == y.exp && x.sig < y.sig)) {
        t = x;
        x = y;
        y = t;
    }
    ys = jam64(y.sig, x.exp - y.exp);
    if (x.sign == y.sign)
        return round_pack(x.sign, x.exp, x.sig + ys, rm, fl, fb, eb);
    if (x.sig == ys)
        return sgn(rm == RV_RDN, fb, eb);
    return round_pack(x.sign, x.exp, x.sig - ys, rm, fl, fb, eb);
}

static inline uint64_t g_mul(uint64_t a, uint64_t b, int rm, uint32_t *fl, int fb, int eb)
{
    struct unp x = unpack(a, fb, eb), y = unpack(b, fb, eb);
    int sign = x.sign ^ y.sign;
    u128 p;

    if (is_nan(&x) || is_nan(&y)) {
        if (x.cls == C_SNAN || y.cls == C_SNAN)
            *fl |= RV_FL_NV;
        return qnan(fb, eb);
    }
    if (x.cls == C_INF || y.cls == C_INF) {
        if (x.cls == C_ZERO || y.cls == C_ZERO) {
            *fl |= RV_FL_NV;
            return qnan(fb, eb);
        }
        return sgn(sign, fb, eb) | ((1ull << eb) - 1) << fb;
    }
    if (x.cls == C_ZERO || y.cls == C_ZERO)
        return sgn(sign, fb, eb);
    p = (u128)x.sig * y.sig;
    return round_pack(sign, x.exp + y.exp,
                      (uint64_t)(p >> 62) | (((uint64_t)p & ((1ull << 62) - 1)) != 0), rm, fl,
                      fb, eb);
}

static inline uint64_t g_div(uint64_t a, uint64_t b, int rm, uint32_t *fl, int fb, int eb)
{
    struct unp x = unpack(a, fb, eb), y = unpack(b, fb, eb);
    int sign = x.sign ^ y.sign;
    uint64_t inf = ((1ull << eb) - 1) << fb;
    u128 n;
    uint64_t q, r;

    if (is_nan(&x) || is_nan(&y)) {
        if (x.cls == C_SNAN || y.cls == C_SNAN)
            *fl |= RV_FL_NV;
        return qnan(fb, eb);
    }
    if (x.cls == C_INF) {
        if (y.cls == C_INF) {
            *fl |= RV_FL_NV;
            return qnan(fb, eb);
        }
        return sgn(sign, fb, eb) | inf;
    }
    if (y.cls == C_INF)
        return sgn(sign, fb, eb);
    if (y.cls == C_ZERO) {
        if (x.cls == C_ZERO) {
            *fl |= RV_FL_NV;
            return qnan(fb, eb);
        }
        *fl |= RV_FL_DZ;
        return sgn(sign, fb, eb) | inf;
    }
    if (x.cls == C_ZERO)
        return sgn(sign, fb, eb);
    n = (u128)x.sig << 62;
    q = (uint64_t)(n / y.sig);
    r = (uint64_t)(n % y.sig);
    return round_pack(sign, x.exp - y.exp, q | (r != 0), rm, fl, fb, eb);
}

static inline uint64_t isqrt128(u128 m, int *inexact)
{
    uint64_t r = (uint64_t)__builtin_sqrtl((long double)m);

    while ((u128)r * r > m)
        r--;
    while ((u128)(r + 1) * (r + 1) <= m)
        r++;
    *inexact = (u128)r * r != m;
    return r;
}

static inline uint64_t g_sqrt(uint64_t a, int rm, uint32_t *fl, int fb, int eb)
{
    struct unp x = unpack(a, fb, eb);
    int s, inexact;
    int32_t t;
    uint64_t r;

    if (is_nan(&x)) {
        if (x.cls == C_SNAN)
            *fl |= RV_FL_NV;
        return qnan(fb, eb);
    }
    if (x.cls == C_ZERO)
        return a;
    if (x.sign) {
        *fl |= RV_FL_NV;
        return qnan(fb, eb);
    }
    if (x.cls == C_INF)
        return a;
    s = (x.exp & 1) ? 63 : 62;
    t = (x.exp - 62 - s) / 2;
    r = isqrt128((u128)x.sig << s, &inexact);
    return round_pack(0, t + 62, r | (uint64_t)inexact, rm, fl, fb, eb);
}

static inline uint64_t g_fma(uint64_t a, uint64_t b, uint64_t c, int neg_prod, int neg_c,
                             int rm, uint32_t *fl, int fb, int eb)
{
    struct unp x = unpack(a, fb, eb), y = unpack(b, fb, eb), z = unpack(c, fb, eb);
    int ps = x.sign ^ y.sign ^ neg_prod, zs = z.sign ^ neg_c, sign, d, l;
    int32_t base;
    uint64_t inf = ((1ull << eb) - 1) << fb, sig;
    u128 p, q, r;

    if (is_nan(&x) || is_nan(&y) || is_nan(&z)) {
        if (x.cls == C_SNAN || y.cls == C_SNAN || z.cls == C_SNAN ||
            (x.cls == C_INF && y.cls == C_ZERO) || (x.cls == C_ZERO && y.cls == C_INF))
            *fl |= RV_FL_NV;
        return qnan(fb, eb);
    }
    if (x.cls == C_INF || y.cls == C_INF) {
        if (x.cls == C_ZERO || y.cls == C_ZERO || (z.cls == C_INF && zs != ps)) {
            *fl |= RV_FL_NV;
            return qnan(fb, eb);
        }
        return sgn(ps, fb, eb) | inf;
    }
    if (z.cls == C_INF)
        return sgn(zs, fb, eb) | inf;
    if (x.cls == C_ZERO || y.cls == C_ZERO) {
        if (z.cls == C_ZERO)
            return sgn(ps == zs ? ps : rm == RV_RDN, fb, eb);
        return c ^ sgn(neg_c, fb, eb);
    }
    p = (u128)x.sig * y.sig;        /* value p * 2^(x.exp + y.exp - 124) */
    if (z.cls == C_ZERO)
        return round_pack(ps, x.exp + y.exp,
                          (uint64_t)(p >> 62) | (((uint64_t)p & ((1ull << 62) - 1)) != 0), rm,
                          fl, fb, eb);
    q = (u128)z.sig << 62;          /* value q * 2^(z.exp - 124) */
    d = x.exp + y.exp - z.exp;
    if (d >= 0) {
        base = x.exp + y.exp;
        q = jam128(q, d);
    } else {
        base = z.exp;
        p = jam128(p, -d);
    }
    if (ps == zs) {
        r = p + q;
        sign = ps;
    } else if (p >= q) {
        r = p - q;
        sign = ps;
    } else {
        r = q - p;
        sign = zs;
    }
    if (r == 0)
        return sgn(rm == RV_RDN, fb, eb);
    l = (r >> 64) ? 127 - __builtin_clzll((uint64_t)(r >> 64)) : 63 - __builtin_clzll((uint64_t)r);
    if (l > 62)
        sig = (uint64_t)jam128(r, l - 62);
    else
        sig = (uint64_t)r << (62 - l);
    return round_pack(sign, base - 124 + l, sig, rm, fl, fb, eb);
}

static inline uint64_t g_minmax(uint64_t a, uint64_t b, int want_max, uint32_t *fl, int fb,
                                int eb)
{
    struct unp x = unpack(a, fb, eb), y = unpack(b, fb, eb);
    int a_less;

    if (x.cls == C_SNAN || y.cls == C_SNAN)
        *fl |= RV_FL_NV;
    if (is_nan(&x) && is_nan(&y))
        return qnan(fb, eb);
    if (is_nan(&x))
        return b;
    if (is_nan(&y))
        return a;
    if (x.sign != y.sign)
        a_less = x.sign;
    else
        a_less = x.sign ? a > b : a < b;
    return (a_less ^ want_max) ? a : b;
}

/* -1 a < b, 0 equal, 1 a > b; 2 unordered */
static inline int g_cmp(uint64_t a, uint64_t b, int signaling, uint32_t *fl, int fb, int eb)
{
    struct unp x = unpack(a, fb, eb), y = unpack(b, fb, eb);

    if (is_nan(&x) || is_nan(&y)) {
        if (signaling || x.cls == C_SNAN || y.cls == C_SNAN)
            *fl |= RV_FL_NV;
        return 2;
    }
    if (x.cls == C_ZERO && y.cls == C_ZERO)
        return 0;
    if (a == b)
        return 0;
    if (x.sign != y.sign)
        return x.sign ? -1 : 1;
    if (x.sign)
        return a > b ? -1 : 1;
    return a < b ? -1 : 1;
}

static inline uint32_t g_class(uint64_t a, int fb, int eb)
{
    struct unp x = unpack(a, fb, eb);
    int e = (int)((a >> fb) & ((1u << eb) - 1));

    switch (x.cls) {
    case C_INF: return x.sign ? 1u << 0 : 1u << 7;
    case C_ZERO: return x.sign ? 1u << 3 : 1u << 4;
    case C_SNAN: return 1u << 8;
    case C_QNAN: return 1u << 9;
    default:
        if (e == 0)
            return x.sign ? 1u << 2 : 1u << 5;
        return x.sign ? 1u << 1 : 1u << 6;
    }
}

static inline int64_t g_to_int(uint64_t a, int bits, int is_signed, int rm, uint32_t *fl,
                               int fb, int eb)
{
    struct unp x = unpack(a, fb, eb);
    uint64_t ipart, frac, half = 1ull << 63, res;
    uint64_t maxu = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t maxs = (1ull << (bits - 1)) - 1;
    int up;

    if (is_nan(&x) || x.cls == C_INF) {
        *fl |= RV_FL_NV;
        if (x.cls == C_INF && x.sign)
            res = is_signed ? (uint64_t)1 << (bits - 1) : 0;
        else
            res = is_signed ? maxs : maxu;
        goto out;
    }
    if (x.cls == C_ZERO)
        return 0;
    if (x.exp > 63) {
        *fl |= RV_FL_NV;
        res = x.sign ? (is_signed ? (uint64_t)1 << (bits - 1) : 0) : (is_signed ? maxs : maxu);
        goto out;
    }
    if (x.exp == 63) {
        ipart = x.sig << 1;
        frac = 0;
    } else {
        int sh = 62 - x.exp;        /* 1 .. large */
        u128 v = (u128)x.sig << 64;

        v = jam128(v, sh);
        ipart = (uint64_t)(v >> 64);
        frac = (uint64_t)v;
    }
    switch (rm) {
    case RV_RNE: up = frac > half || (frac == half && (ipart & 1)); break;
    case RV_RMM: up = frac >= half; break;
    case RV_RDN: up = x.sign && frac; break;
    case RV_RUP: up = !x.sign && frac; break;
    default: up = 0; break;
    }
    ipart += (uint64_t)up;
    if (is_signed) {
        if (x.sign) {
            if (ipart > maxs + 1) {
                *fl |= RV_FL_NV;
                res = (uint64_t)1 << (bits - 1);
                goto out;
            }
            res = -ipart;
        } else {
            if (ipart > maxs) {
                *fl |= RV_FL_NV;
                res = maxs;
                goto out;
            }
            res = ipart;
        }
    } else {
        if (x.sign && ipart) {
            *fl |= RV_FL_NV;
            res = 0;
            goto out;
        }
        if (ipart > maxu) {
            *fl |= RV_FL_NV;
            res = maxu;
            goto out;
        }
        res = ipart;
    }
    if (frac)
        *fl |= RV_FL_NX;
out:
    if (bits == 32)
        return (int64_t)(int32_t)(uint32_t)res;
    return (int64_t)res;
}

static inline uint64_t g_from_int(uint64_t v, int is_signed, int rm, uint32_t *fl, int fb,
                                  int eb)
{
    int sign = is_signed && (int64_t)v < 0;

    if (!v)
        return 0;
    return round_pack(sign, 62, sign ? -v : v, rm, fl, fb, eb);
}

/* convert between formats: unpack with (fa, ea), pack with (fb, eb) */
static inline uint64_t g_convert(uint64_t a, int rm, uint32_t *fl, int fa, int ea, int fb,
                                 int eb)
{
    struct unp x = unpack(a, fa, ea);

    if (is_nan(&x)) {
        if (x.cls == C_SNAN)
            *fl |= RV_FL_NV;
        return qnan(fb, eb);
    }
    if (x.cls == C_INF)
        return sgn(x.sign, fb, eb) | ((1ull << eb) - 1) << fb;
    if (x.cls == C_ZERO)
        return sgn(x.sign, fb, eb);
    return round_pack(x.sign, x.exp, x.sig, rm, fl, fb, eb);
}

/* ---------------------------------------------------------------- binary32 */
#define F32 23, 8
#define F64 52, 11

uint32_t rv_f32_add(uint32_t a, uint32_t b, int rm, uint32_t *fl)
{ return (uint32_t)g_add(a, b, rm, fl, F32); }
uint32_t rv_f32_sub(uint32_t a, uint32_t b, int rm, uint32_t *fl)
{ return (uint32_t)g_add(a, b ^ 0x80000000u, rm, fl, F32); }
uint32_t rv_f32_mul(uint32_t a, uint32_t b, int rm, uint32_t *fl)
{ return (uint32_t)g_mul(a, b, rm, fl, F32); }
uint32_t rv_f32_div(uint32_t a, uint32_t b, int rm, uint32_t *fl)
{ return (uint32_t)g_div(a, b, rm, fl, F32); }
uint32_t rv_f32_sqrt(uint32_t a, int rm, uint32_t *fl)
{ return (uint32_t)g_sqrt(a, rm, fl, F32); }
uint32_t rv_f32_fma(uint32_t a, uint32_t b, uint32_t c, int np, int nc, int rm, uint32_t *fl)
{ return (uint32_t)g_fma(a, b, c, np, nc, rm, fl, F32); }
uint32_t rv_f32_min(uint32_t a, uint32_t b, uint32_t *fl)
{ return (uint32_t)g_minmax(a, b, 0, fl, F32); }
uint32_t rv_f32_max(uint32_t a, uint32_t b, uint32_t *fl)
{ return (uint32_t)g_minmax(a, b, 1, fl, F32); }
int rv_f32_eq(uint32_t a, uint32_t b, uint32_t *fl)
{ return g_cmp(a, b, 0, fl, F32) == 0; }
int rv_f32_lt(uint32_t a, uint32_t b, uint32_t *fl)
{ return g_cmp(a, b, 1, fl, F32) == -1; }
int rv_f32_le(uint32_t a, uint32_t b, uint32_t *fl)
{ int c = g_cmp(a, b, 1, fl, F32); return c == -1 || c == 0; }
uint32_t rv_f32_class(uint32_t a)
{ return g_class(a, F32); }
int64_t rv_f32_to_int(uint32_t a, int bits, int s, int rm, uint32_t *fl)
{ return g_to_int(a, bits, s, rm, fl, F32); }
uint32_t rv_int_to_f32(uint64_t v, int s, int rm, uint32_t *fl)
{ return (uint32_t)g_from_int(v, s, rm, fl, F32); }
uint64_t rv_f32_to_f64(uint32_t a, uint32_t *fl)
{ return g_convert(a, RV_RNE, fl, F32, F64); }

/* ---------------------------------------------------------------- binary64 */
uint64_t rv_f64_add(uint64_t a, uint64_t b, int rm, uint32_t *fl)
{ return g_add(a, b, rm, fl, F64); }
uint64_t rv_f64_sub(uint64_t a, uint64_t b, int rm, uint32_t *fl)
{ return g_add(a, b ^ (1ull << 63), rm, fl, F64); }
uint64_t rv_f64_mul(uint64_t a, uint64_t b, int rm, uint32_t *fl)
{ return g_mul(a, b, rm, fl, F64); }
uint64_t rv_f64_div(uint64_t a, uint64_t b, int rm, uint32_t *fl)
{ return g_div(a, b, rm, fl, F64); }
uint64_t rv_f64_sqrt(uint64_t a, int rm, uint32_t *fl)
{ return g_sqrt(a, rm, fl, F64); }
uint64_t rv_f64_fma(uint64_t a, uint64_t b, uint64_t c, int np, int nc, int rm, uint32_t *fl)
{ return g_fma(a, b, c, np, nc, rm, fl, F64); }
uint64_t rv_f64_min(uint64_t a, uint64_t b, uint32_t *fl)
{ return g_minmax(a, b, 0, fl, F64); }
uint64_t rv_f64_max(uint64_t a, uint64_t b, uint32_t *fl)
{ return g_minmax(a, b, 1, fl, F64); }
int rv_f64_eq(uint64_t a, uint64_t b, uint32_t *fl)
{ return g_cmp(a, b, 0, fl, F64) == 0; }
int rv_f64_lt(uint64_t a, uint64_t b, uint32_t *fl)
{ return g_cmp(a, b, 1, fl, F64) == -1; }
int rv_f64_le(uint64_t a, uint64_t b, uint32_t *fl)
{ int c = g_cmp(a, b, 1, fl, F64); return c == -1 || c == 0; }
uint32_t rv_f64_class(uint64_t a)
{ return g_class(a, F64); }
int64_t rv_f64_to_int(uint64_t a, int bits, int s, int rm, uint32_t *fl)
{ return g_to_int(a, bits, s, rm, fl, F64); }
uint64_t rv_int_to_f64(uint64_t v, int s, int rm, uint32_t *fl)
{ return g_from_int(v, s, rm, fl, F64); }
uint32_t rv_f64_to_f32(uint64_t a, int rm, uint32_t *fl)
{ return (uint32_t)g_convert(a, rm, fl, F64, F32); }
