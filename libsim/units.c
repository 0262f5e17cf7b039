/* libsim/units.c - numbers and physical quantities in configuration text:
 * "12", "-3.5", "1e9", "0x40"; "32KiB", "2GHz", "13.75ns", "5pJ", "20mW",
 * "0.8V", "12cycles"; and the canonical text of a value in its base unit.
 *
 * Decimal text is converted exactly: digits and the unit's power of ten are
 * combined into one "<digits>e<exp>" string and converted once by strtod
 * (correctly rounded, and free of the locale's decimal point), binary prefixes
 * are exact powers of two. So 7.8us is exactly 7800000 ps and 13.75ns 13750.
 * Units are SI (and IEC 80000-13 for KiB, MiB, ...); spellings are exact, as
 * listed in the table, with "u" or "µ" for micro. Hexadecimal numbers take no
 * fraction or exponent, and their digits run on as far as they go (0x40B is
 * 1035, not 64 bytes). Left out: TB and larger decimal sizes, THz, compound
 * units. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_int.h"

struct unit {
    const char *name;
    int kind;                       /* enum sim_param_kind */
    int exp10, exp2;                /* value = number * 10^exp10 * 2^exp2 in the base unit */
    bool canon;                     /* listed in messages and used when formatting */
};

static const struct unit units[] = {
    { "B", SIM_P_SIZE, 0, 0, true },
    { "KiB", SIM_P_SIZE, 0, 10, true },
    { "MiB", SIM_P_SIZE, 0, 20, true },
    { "GiB", SIM_P_SIZE, 0, 30, true },
    { "TiB", SIM_P_SIZE, 0, 40, true },
    { "kB", SIM_P_SIZE, 3, 0, true },
    { "MB", SIM_P_SIZE, 6, 0, true },
    { "GB", SIM_P_SIZE, 9, 0, true },
    { "Hz", SIM_P_FREQ, 0, 0, true },
    { "kHz", SIM_P_FREQ, 3, 0, true },
    { "MHz", SIM_P_FREQ, 6, 0, true },
    { "GHz", SIM_P_FREQ, 9, 0, true },
    { "ps", SIM_P_TIME, 0, 0, true },
    { "ns", SIM_P_TIME, 3, 0, true },
    { "us", SIM_P_TIME, 6, 0, true },
    { "\xc2\xb5s", SIM_P_TIME, 6, 0, false },      /* micro sign */
    { "\xce\xbcs", SIM_P_TIME, 6, 0, false },      /* Greek mu */
    { "ms", SIM_P_TIME, 9, 0, true },
    { "s", SIM_P_TIME, 12, 0, true },
    { "fJ", SIM_P_ENERGY, -15, 0, true },
    { "pJ", SIM_P_ENERGY, -12, 0, true },
    { "nJ", SIM_P_ENERGY, -9, 0, true },
    { "uJ", SIM_P_ENERGY, -6, 0, true },
    { "\xc2\xb5J", SIM_P_ENERGY, -6, 0, false },
    { "\xce\xbcJ", SIM_P_ENERGY, -6, 0, false },
    { "mJ", SIM_P_ENERGY, -3, 0, true },
    { "J", SIM_P_ENERGY, 0, 0, true },
    { "nW", SIM_P_POWER, -9, 0, true },
    { "uW", SIM_P_POWER, -6, 0, true },
    { "\xc2\xb5W", SIM_P_POWER, -6, 0, false },
    { "\xce\xbcW", SIM_P_POWER, -6, 0, false },
    { "mW", SIM_P_POWER, -3, 0, true },
    { "W", SIM_P_POWER, 0, 0, true },
    { "mV", SIM_P_VOLTAGE, -3, 0, true },
    { "V", SIM_P_VOLTAGE, 0, 0, true },
    { "cycles", SIM_P_CYCLES, 0, 0, true },
    { "cycle", SIM_P_CYCLES, 0, 0, false },
};
#define N_UNITS ((int)(sizeof(units) / sizeof(units[0])))

const char *sim_unit_kind_phrase(int kind)
{
    switch (kind) {
    case SIM_P_SIZE: return "a size";
    case SIM_P_FREQ: return "a frequency";
    case SIM_P_TIME: return "a time";
    case SIM_P_CYCLES: return "a cycle count";
    case SIM_P_ENERGY: return "an energy";
    case SIM_P_POWER: return "a power";
    case SIM_P_VOLTAGE: return "a voltage";
    }
    return NULL;
}

const char *sim_unit_list(int kind)
{
    switch (kind) {
    case SIM_P_SIZE: return "B, KiB, MiB, GiB, TiB, kB, MB, GB";
    case SIM_P_FREQ: return "Hz, kHz, MHz, GHz";
    case SIM_P_TIME: return "ps, ns, us, ms, s";
    case SIM_P_CYCLES: return "a whole number, or N cycles";
    case SIM_P_ENERGY: return "fJ, pJ, nJ, uJ, mJ, J";
    case SIM_P_POWER: return "nW, uW, mW, W";
    case SIM_P_VOLTAGE: return "mV, V";
    }
    return NULL;
}

/* A number as lexed: sign, significant decimal digits and a power of ten, or
 * a hexadecimal integer. */
struct num {
    bool neg, hex, frac;            /* frac: had a '.' or an exponent */
    char digits[48];                /* significant digits, no leading zeros */
    int nd;
    long exp10;
    unsigned long long hexval;
    bool hex_overflow;
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hexval(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Lex a number at s; returns the first character after it, or NULL when s
 * does not start with one. */
static const char *lex_number(const char *s, struct num *n)
{
    const char *p = s;
    bool any = false;

    memset(n, 0, sizeof(*n));
    if (*p == '+' || *p == '-')
        n->neg = *p++ == '-';
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && hexval(p[2]) >= 0) {
        n->hex = true;
        for (p += 2; hexval(*p) >= 0; p++) {
            if (n->hexval >> 60)
                n->hex_overflow = true;
            n->hexval = n->hexval * 16 + (unsigned)hexval(*p);
        }
        return p;
    }
    for (; is_digit(*p); p++) {
        any = true;
        if (n->nd == 0 && *p == '0')
            continue;
        if (n->nd < (int)sizeof(n->digits) - 1)
            n->digits[n->nd++] = *p;
        else
            n->exp10++;             /* beyond double precision: only the magnitude counts */
    }
    if (*p == '.') {
        n->frac = true;
        for (p++; is_digit(*p); p++) {
            any = true;
            if (n->nd == 0 && *p == '0') {
                n->exp10--;
                continue;
            }
            if (n->nd < (int)sizeof(n->digits) - 1) {
                n->digits[n->nd++] = *p;
                n->exp10--;
            }
        }
    }
    if (!any)
        return NULL;
    if ((*p == 'e' || *p == 'E')
        && (is_digit(p[1]) || ((p[1] == '+' || p[1] == '-') && is_digit(p[2])))) {
        bool eneg = false;
        long e = 0;

        p++;
        if (*p == '+' || *p == '-')
            eneg = *p++ == '-';
        for (; is_digit(*p); p++)
            if (e < 100000)
                e = e * 10 + (*p - '0');
        n->exp10 += eneg ? -e : e;
        n->frac = true;
    }
    return p;
}

/* value * 10^extra10 * 2^extra2, converted once. */
static double num_value(const struct num *n, int extra10, int extra2)
{
    char buf[80];
    double v;

    if (n->hex) {
        v = (double)n->hexval;
        if (extra10)
            v *= pow(10, extra10);
    } else if (n->nd == 0) {
        v = 0;
    } else {
        long e = n->exp10 + extra10;

        if (e > 1000)
            e = 1000;
        if (e < -1000)
            e = -1000;
        snprintf(buf, sizeof(buf), "%.*se%ld", n->nd, n->digits, e);
        v = strtod(buf, NULL);
    }
    v = ldexp(v, extra2);
    return n->neg ? -v : v;
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

int sim_parse_number(const char *s, double *out)
{
    struct num n;
    const char *end;
    double v;

    if (!s)
        return SIM_ECONFIG;
    end = lex_number(skip_space(s), &n);
    if (!end || *skip_space(end) || n.hex_overflow)
        return SIM_ECONFIG;
    v = num_value(&n, 0, 0);
    if (!isfinite(v))
        return SIM_ECONFIG;
    *out = v;
    return 0;
}

static const struct unit *find_unit(const char *name, size_t len, int kind)
{
    for (int i = 0; i < N_UNITS; i++)
        if (strlen(units[i].name) == len && !strncmp(units[i].name, name, len)
            && (kind < 0 || units[i].kind == kind))
            return &units[i];
    return NULL;
}

static int bad(char *msg, size_t msglen, int kind, const char *s, const char *why, const char *hint)
{
    char near[80] = "";

    if (!msg || !msglen)
        return SIM_ECONFIG;
    if (hint)
        snprintf(near, sizeof(near), "; did you mean '%s'?", hint);
    snprintf(msg, msglen, "expected %s (%s), got '%s'%s%s%s%s", sim_unit_kind_phrase(kind),
             sim_unit_list(kind), s, why ? " (" : "", why ? why : "", why ? ")" : "", near);
    return SIM_ECONFIG;
}

int sim_parse_unit(int kind, const char *s, double *out, char *msg, size_t msglen)
{
    const char *p, *u, *end;
    const struct unit *un;
    struct num n;
    size_t ulen;
    double v;

    if (!sim_unit_kind_phrase(kind)) {
        if (msg && msglen)
            snprintf(msg, msglen, "kind %d has no units", kind);
        return SIM_EINVAL;
    }
    if (!s)
        s = "";
    p = lex_number(skip_space(s), &n);
    if (!p || n.hex_overflow)
        return bad(msg, msglen, kind, s, n.hex_overflow ? "too large" : NULL, NULL);
    u = skip_space(p);
    end = u + strlen(u);
    while (end > u && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    ulen = (size_t)(end - u);
    if (ulen == 0) {
        if (kind != SIM_P_SIZE && kind != SIM_P_CYCLES && n.nd && !(n.hex && !n.hexval))
            return bad(msg, msglen, kind, s, "no unit", NULL);
        un = NULL;
    } else {
        un = find_unit(u, ulen, kind);
        if (!un) {
            const struct unit *other = find_unit(u, ulen, -1);
            const char *names[N_UNITS];
            char word[32];
            int k = 0;

            if (other)
                return bad(msg, msglen, kind, s, sim_unit_kind_phrase(other->kind), NULL);
            for (int i = 0; i < N_UNITS; i++)
                if (units[i].kind == kind && units[i].canon)
                    names[k++] = units[i].name;
            snprintf(word, sizeof(word), "%.*s", (int)(ulen < 31 ? ulen : 31), u);
            return bad(msg, msglen, kind, s, NULL, sim_nearest(word, names, k));
        }
    }
    if (n.neg && (n.nd || n.hexval) && kind != SIM_P_ENERGY && kind != SIM_P_POWER
        && kind != SIM_P_VOLTAGE)
        return bad(msg, msglen, kind, s, "negative", NULL);
    v = num_value(&n, un ? un->exp10 : 0, un ? un->exp2 : 0);
    if (!isfinite(v))
        return bad(msg, msglen, kind, s, "too large", NULL);
    if (kind == SIM_P_SIZE && v != floor(v))
        return bad(msg, msglen, kind, s, "not a whole number of bytes", NULL);
    if (kind == SIM_P_TIME && v != floor(v))
        return bad(msg, msglen, kind, s, "finer than the 1ps resolution", NULL);
    if (kind == SIM_P_CYCLES && v != floor(v))
        return bad(msg, msglen, kind, s, "not a whole number", NULL);
    *out = v;
    return 0;
}

/* Reads back as v to the 10 significant digits %.10g keeps. */
/* |v| with `digits` significant digits, written in a unit of 10^exp10 by
 * moving the decimal point in the text (not by dividing, which rounds), so
 * the parser's single decimal conversion gives back exactly the same double.
 * Plain positional notation, trailing zeros dropped. */
static void decimal_in_unit(char *out, size_t len, double a, int digits, int exp10)
{
    char e[64], mant[32];
    int nd = 0, x, point;
    const char *p;

    snprintf(e, sizeof(e), "%.*e", digits - 1, a);
    for (p = e; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            mant[nd++] = *p;
    while (nd > 1 && mant[nd - 1] == '0')
        nd--;
    mant[nd] = 0;
    x = atoi(p + 1) - exp10;        /* value = 0.mant x 10^(x+1) */
    point = x + 1;                  /* digits before the decimal point */
    if (point > 21 || point < -6) {
        snprintf(out, len, "%c%s%se%d", mant[0], nd > 1 ? "." : "", mant + 1, x);
    } else if (point <= 0) {
        snprintf(out, len, "0.%0*d%s", -point, 0, mant);
        if (point == 0)
            snprintf(out, len, "0.%s", mant);
    } else if (point >= nd) {
        snprintf(out, len, "%s%0*d", mant, point - nd, 0);
        if (point == nd)
            snprintf(out, len, "%s", mant);
    } else {
        snprintf(out, len, "%.*s.%s", point, mant, mant + point);
    }
}

/* The text is canonical and exact: it parses back to v itself, so that a
 * resolved config.yaml reproduces a run to the last bit. The largest unit in
 * which 10 significant digits say v exactly wins ("32KiB", "13.75ns",
 * "5pJ"); a value that needs more (a model's energy) gets 17 digits in the
 * largest unit it is at least 1 of. */
int sim_format_unit(int kind, double v, char *buf, size_t len)
{
    double a = fabs(v);
    int n;

    if (!sim_unit_kind_phrase(kind) || !buf || !len || !isfinite(v))
        return SIM_EINVAL;
    if (kind == SIM_P_CYCLES) {
        n = snprintf(buf, len, "%.17g", v);
        return n < 0 || (size_t)n >= len ? SIM_EINVAL : 0;
    }
    if (v == 0) {                   /* every unit says 0 exactly: the base one reads best */
        for (int i = 0; i < N_UNITS; i++)
            if (units[i].kind == kind && units[i].canon && !units[i].exp10 && !units[i].exp2) {
                n = snprintf(buf, len, "0%s", units[i].name);
                return n < 0 || (size_t)n >= len ? SIM_EINVAL : 0;
            }
    }
    for (int digits = 10; digits <= 17; digits += 7) {
        const struct unit *best = NULL, *smallest = NULL;
        double best_f = 0;
        char best_text[64] = "";

        for (int i = 0; i < N_UNITS; i++) {
            const struct unit *u = &units[i];
            double f, q, r;
            char tmp[64];
            struct num nn;

            if (u->kind != kind || !u->canon)
                continue;
            f = ldexp(pow(10, u->exp10), u->exp2);
            if (!smallest)
                smallest = u;       /* the smallest unit of the kind comes first */
            if (best && f <= best_f)
                continue;
            q = a / f;
            if (q < 1 && u != smallest)             /* below the smallest: say 0.5Hz */
                continue;
            if (kind == SIM_P_SIZE && q != floor(q))
                continue;
            if (u->exp2)
                snprintf(tmp, sizeof(tmp), "%.*g", digits, q);     /* binary: exact */
            else
                decimal_in_unit(tmp, sizeof(tmp), a, digits, u->exp10);
            if (!lex_number(tmp, &nn))
                continue;
            r = num_value(&nn, u->exp10, u->exp2);
            if (r != a)
                continue;
            best = u;
            best_f = f;
            snprintf(best_text, sizeof(best_text), "%s", tmp);
        }
        if (best) {
            n = snprintf(buf, len, "%s%s%s", v < 0 ? "-" : "", best_text, best->name);
            return n < 0 || (size_t)n >= len ? SIM_EINVAL : 0;
        }
    }
    /* no unit says it exactly (cannot happen for doubles at 17 digits unless
     * the unit factor itself rounds): fall back to the base unit */
    n = snprintf(buf, len, "%.17g", v);
    return n < 0 || (size_t)n >= len ? SIM_EINVAL : 0;
}
