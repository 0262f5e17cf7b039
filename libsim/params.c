/* libsim/params.c - a component type's param rows applied to one YAML map:
 * each value (or the row's default) is parsed by kind, range-checked and
 * stored in the type's cfg struct, and its canonical text is written back into
 * the map so that the emitted tree is the fully resolved configuration.
 *
 * The rows are the only source of meaning for a scalar (config.c keeps text).
 * Integer fields of 1, 2, 4 and 8 bytes are filled through memcpy, so the cfg
 * struct may pack them as it likes; a value that does not fit its field is a
 * range error, not a wrap-around. Defaults are text as the row's author wrote
 * it; the SIM_PARAM_INT/BOOL/... macros stringify C tokens, so one layer of
 * parentheses and C integer/float suffixes (4u, 1.0f) are accepted there.
 * Left out: per-row validation beyond the range (models check relations
 * between params in their init, e.g. size/(line*assoc) a power of two). */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "config_int.h"

#define MAX_CHOICES 64

const char *param_kind_name(int kind)
{
    switch (kind) {
    case SIM_P_INT: return "int";
    case SIM_P_UINT: return "uint";
    case SIM_P_FLOAT: return "float";
    case SIM_P_BOOL: return "bool";
    case SIM_P_SIZE: return "size";
    case SIM_P_FREQ: return "frequency";
    case SIM_P_TIME: return "time";
    case SIM_P_CYCLES: return "cycles";
    case SIM_P_ENERGY: return "energy";
    case SIM_P_POWER: return "power";
    case SIM_P_VOLTAGE: return "voltage";
    case SIM_P_ENUM: return "enum";
    case SIM_P_STRING: return "string";
    case SIM_P_LIST: return "list";
    }
    return "unknown";
}

const char *param_unit(const sim_param *p)
{
    switch (p->kind) {
    case SIM_P_SIZE: return "B";
    case SIM_P_FREQ: return "Hz";
    case SIM_P_TIME: return "ps";
    case SIM_P_CYCLES: return "cycles";
    case SIM_P_ENERGY: return "J";
    case SIM_P_POWER: return "W";
    case SIM_P_VOLTAGE: return "V";
    }
    return p->unit ? p->unit : "";
}

static bool int_size_ok(size_t s)
{
    return s == 1 || s == 2 || s == 4 || s == 8;
}

/* What is wrong with the row itself (the type author's bug), or NULL. */
static const char *row_problem(const sim_param *p)
{
    if (!p->name || !p->name[0])
        return "row without a name";
    switch (p->kind) {
    case SIM_P_INT:
    case SIM_P_UINT:
    case SIM_P_BOOL:
    case SIM_P_SIZE:
    case SIM_P_TIME:
    case SIM_P_CYCLES:
    case SIM_P_ENUM:
        if (!int_size_ok(p->size))
            return "field size must be 1, 2, 4 or 8 bytes";
        if (p->kind == SIM_P_ENUM && (!p->choices || !p->choices[0]))
            return "enum row without choices";
        return NULL;
    case SIM_P_FLOAT:
    case SIM_P_FREQ:
    case SIM_P_ENERGY:
    case SIM_P_POWER:
    case SIM_P_VOLTAGE:
        return p->size == sizeof(float) || p->size == sizeof(double)
                   ? NULL : "field must be a float or a double";
    case SIM_P_STRING:
        return p->size == sizeof(const char *) ? NULL : "field must be a const char *";
    case SIM_P_LIST:
        return p->size == sizeof(sim_list) ? NULL : "field must be a sim_list";
    }
    return "unknown kind";
}

/* --------------------------------------------------------------- storing */

static void store_signed(void *f, size_t size, long long v)
{
    int8_t i8 = (int8_t)v;
    int16_t i16 = (int16_t)v;
    int32_t i32 = (int32_t)v;
    int64_t i64 = v;

    switch (size) {
    case 1: memcpy(f, &i8, 1); break;
    case 2: memcpy(f, &i16, 2); break;
    case 4: memcpy(f, &i32, 4); break;
    default: memcpy(f, &i64, 8); break;
    }
}

static void store_unsigned(void *f, size_t size, unsigned long long v)
{
    uint8_t u8 = (uint8_t)v;
    uint16_t u16 = (uint16_t)v;
    uint32_t u32 = (uint32_t)v;
    uint64_t u64 = v;

    switch (size) {
    case 1: memcpy(f, &u8, 1); break;
    case 2: memcpy(f, &u16, 2); break;
    case 4: memcpy(f, &u32, 4); break;
    default: memcpy(f, &u64, 8); break;
    }
}

static void store_real(void *f, size_t size, double v)
{
    float fl = (float)v;

    if (size == sizeof(float))
        memcpy(f, &fl, sizeof(fl));
    else
        memcpy(f, &v, sizeof(v));
}

static unsigned long long umax(size_t size)
{
    return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/* ------------------------------------------------------------- messages */

static int say(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int say(char *msg, size_t len, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, len, fmt, ap);
    va_end(ap);
    return SIM_ECONFIG;
}

/* v as the user would write it for row p: "64KiB", "8", "22 nm", "4 cycles". */
static void fmt_value(const sim_param *p, double v, char *buf, size_t len)
{
    if (p->kind == SIM_P_CYCLES) {
        snprintf(buf, len, "%.10g cycles", v);
    } else if (sim_unit_kind_phrase(p->kind)) {
        if (sim_format_unit(p->kind, v, buf, len))
            snprintf(buf, len, "%.10g", v);
    } else if (p->unit) {
        snprintf(buf, len, "%.10g %s", v, p->unit);
    } else {
        snprintf(buf, len, "%.10g", v);
    }
}

/* A bound this far out stands for none (energy rows: at least 0J). */
#define NO_BOUND 1e300

/* The row's range, when it has one and v is outside it. */
static int check_range(const sim_param *p, double v, const char *text, char *msg, size_t len)
{
    char lo[64], hi[64];

    if (p->min > p->max || (v >= p->min && v <= p->max))
        return 0;
    fmt_value(p, p->min, lo, sizeof(lo));
    fmt_value(p, p->max, hi, sizeof(hi));
    if (p->max >= NO_BOUND)
        return say(msg, len, "must be at least %s, got '%s'", lo, text);
    if (p->min <= -NO_BOUND)
        return say(msg, len, "must be at most %s, got '%s'", hi, text);
    return say(msg, len, "must be between %s and %s, got '%s'", lo, hi, text);
}

/* ------------------------------------------------------------- parsing */

/* Copy text without surrounding spaces into buf; false if it does not fit. */
static bool trimmed(const char *s, char *buf, size_t len)
{
    size_t n;

    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= len)
        return false;
    memcpy(buf, s, n);
    buf[n] = 0;
    return true;
}

/* Drop a trailing unit word ("22nm", "22 nm") when the row has one. */
static void strip_unit(const sim_param *p, char *buf)
{
    size_t n = strlen(buf), u;

    if (!p->unit || !p->unit[0])
        return;
    u = strlen(p->unit);
    if (n > u && !strcmp(buf + n - u, p->unit)) {
        n -= u;
        while (n && buf[n - 1] == ' ')
            n--;
        buf[n] = 0;
    }
}

/* A default as C tokens: "(-1)" -> "-1", "4u" -> "4", "1.0f" -> "1.0". */
static void clean_default(const char *def, char *buf, size_t len)
{
    size_t n;

    if (!trimmed(def, buf, len)) {
        snprintf(buf, len, "%s", def);
        return;
    }
    n = strlen(buf);
    while (n >= 2 && buf[0] == '(' && buf[n - 1] == ')') {
        memmove(buf, buf + 1, n - 2);
        n -= 2;
        buf[n] = 0;
    }
    if (n && ((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '-' || buf[0] == '+'
              || buf[0] == '.')) {
        bool hex = strstr(buf, "0x") || strstr(buf, "0X");

        while (n > 1 && strchr(hex ? "uUlL" : "uUlLfF", buf[n - 1]))
            buf[--n] = 0;
    }
}

/* Integer text: decimal, hex, or a float form that is whole ("1e3").
 * 0, 1 (not an integer), 2 (too large for 64 bits). */
static int parse_integer(const char *s, bool *neg, unsigned long long *mag)
{
    const char *p = s;
    char *end;
    double d;

    *neg = false;
    if (*p == '+' || *p == '-')
        *neg = *p++ == '-';
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        if (!strchr("0123456789abcdefABCDEF", p[2]) || !p[2])
            return 1;
        errno = 0;
        *mag = strtoull(p + 2, &end, 16);
    } else if (*p >= '0' && *p <= '9' && p[strspn(p, "0123456789")] == 0) {
        errno = 0;
        *mag = strtoull(p, &end, 10);
    } else {
        if (sim_parse_number(s, &d) || d != floor(d))
            return 1;
        if (fabs(d) >= 18446744073709551616.0)
            return 2;
        *neg = d < 0;
        *mag = (unsigned long long)fabs(d);
        return 0;
    }
    if (*end)
        return 1;
    return errno == ERANGE ? 2 : 0;
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "true", "yes", "on", "1" };
    static const char *const no[] = { "false", "no", "off", "0" };

    for (int i = 0; i < 4; i++) {
        if (!strcasecmp(s, yes[i])) {
            *out = true;
            return true;
        }
        if (!strcasecmp(s, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* Split "a|b|c" into buf; returns the count. */
static int split_choices(const char *choices, char *buf, size_t len, const char **out)
{
    int n = 0;
    char *s;

    snprintf(buf, len, "%s", choices);
    for (s = buf; n < MAX_CHOICES;) {
        char *bar = strchr(s, '|');

        out[n++] = s;
        if (!bar)
            break;
        *bar = 0;
        s = bar + 1;
    }
    return n;
}

struct res {
    char canon[128];                /* text written back (scalars) */
    cfg_node *list;                 /* LIST: the sequence written back */
    const cfg_node *where;          /* node an error is about, when not the value */
    char msg[400];
};

static int resolve_int(const sim_param *p, const char *text, bool quoted, void *field,
                       struct res *r)
{
    const char *what = p->kind == SIM_P_INT ? "an integer" : "a non-negative integer";
    char buf[80], ubuf[64] = "";
    unsigned long long mag;
    bool neg;
    int rc;
    double v;

    if (p->unit)
        snprintf(ubuf, sizeof(ubuf), " (optionally followed by '%s')", p->unit);
    if (quoted)
        return say(r->msg, sizeof(r->msg), "expected %s%s, got the quoted string '%s'", what,
                   ubuf, text);
    if (!trimmed(text, buf, sizeof(buf)))
        return say(r->msg, sizeof(r->msg), "expected %s%s, got '%.60s...'", what, ubuf, text);
    strip_unit(p, buf);
    rc = parse_integer(buf, &neg, &mag);
    if (rc == 1)
        return say(r->msg, sizeof(r->msg), "expected %s%s, got '%s'", what, ubuf, text);
    v = neg ? -(double)mag : (double)mag;
    if (rc == 0 && check_range(p, v, text, r->msg, sizeof(r->msg)))
        return SIM_ECONFIG;
    if (p->kind == SIM_P_INT) {
        unsigned long long top = 1ULL << (8 * p->size - 1);

        if (rc || (!neg && mag > top - 1) || (neg && mag > top))
            return say(r->msg, sizeof(r->msg), "must be between %lld and %llu, got '%s'",
                       -(long long)(top - 1) - 1, top - 1, text);
        store_signed(field, p->size, neg ? (long long)(0 - mag) : (long long)mag);
        snprintf(r->canon, sizeof(r->canon), "%s%llu", neg && mag ? "-" : "", mag);
    } else {
        if (rc || (neg && mag) || mag > umax(p->size))
            return say(r->msg, sizeof(r->msg), "must be between 0 and %llu, got '%s'",
                       umax(p->size), text);
        store_unsigned(field, p->size, mag);
        snprintf(r->canon, sizeof(r->canon), "%llu", mag);
    }
    return 0;
}

static int resolve_float(const sim_param *p, const char *text, bool quoted, void *field,
                         struct res *r)
{
    char buf[80], ubuf[64] = "";
    double v;

    if (p->unit)
        snprintf(ubuf, sizeof(ubuf), " (optionally followed by '%s')", p->unit);
    if (quoted)
        return say(r->msg, sizeof(r->msg), "expected a number%s, got the quoted string '%s'",
                   ubuf, text);
    if (!trimmed(text, buf, sizeof(buf)))
        return say(r->msg, sizeof(r->msg), "expected a number%s, got '%.60s...'", ubuf, text);
    strip_unit(p, buf);
    if (sim_parse_number(buf, &v))
        return say(r->msg, sizeof(r->msg), "expected a number%s, got '%s'", ubuf, text);
    if (check_range(p, v, text, r->msg, sizeof(r->msg)))
        return SIM_ECONFIG;
    if (p->size == sizeof(float) && fabs(v) > FLT_MAX)
        return say(r->msg, sizeof(r->msg), "must be between %g and %g, got '%s'", -FLT_MAX,
                   FLT_MAX, text);
    store_real(field, p->size, v);
    snprintf(r->canon, sizeof(r->canon), "%.15g", v);
    if (strtod(r->canon, NULL) != v)
        snprintf(r->canon, sizeof(r->canon), "%.17g", v);
    return 0;
}

static int resolve_unit(const sim_param *p, const char *text, void *field, struct res *r)
{
    double v;

    if (sim_parse_unit(p->kind, text, &v, r->msg, sizeof(r->msg)))
        return SIM_ECONFIG;
    if (check_range(p, v, text, r->msg, sizeof(r->msg)))
        return SIM_ECONFIG;
    switch (p->kind) {
    case SIM_P_SIZE:
    case SIM_P_TIME:
    case SIM_P_CYCLES:
        if (v < 0 || v >= 18446744073709551616.0 || (unsigned long long)v > umax(p->size)) {
            char hi[64];

            fmt_value(p, (double)umax(p->size), hi, sizeof(hi));
            return say(r->msg, sizeof(r->msg), "must be at most %s (a %zu-byte field), got '%s'",
                       hi, p->size, text);
        }
        store_unsigned(field, p->size, (unsigned long long)v);
        break;
    default:
        if (p->size == sizeof(float) && fabs(v) > FLT_MAX)
            return say(r->msg, sizeof(r->msg), "too large for a float field: '%s'", text);
        store_real(field, p->size, v);
        break;
    }
    return sim_format_unit(p->kind, v, r->canon, sizeof(r->canon)) ? SIM_ECONFIG : 0;
}

static int resolve_enum(const sim_param *p, const char *text, void *field, struct res *r)
{
    char buf[1024];
    const char *names[MAX_CHOICES];
    int n = split_choices(p->choices, buf, sizeof(buf), names);
    const char *near;
    char list[600] = "";

    for (int i = 0; i < n; i++) {
        if (!strcmp(text, names[i])) {
            store_signed(field, p->size, i);
            snprintf(r->canon, sizeof(r->canon), "%s", names[i]);
            return 0;
        }
    }
    for (int i = 0, at = 0; i < n && at < (int)sizeof(list); i++)
        at += snprintf(list + at, sizeof(list) - (size_t)at, "%s%s", i ? ", " : "", names[i]);
    near = sim_nearest(text, names, n);
    if (near)
        return say(r->msg, sizeof(r->msg), "expected one of %s, got '%s'; did you mean '%s'?",
                   list, text, near);
    return say(r->msg, sizeof(r->msg), "expected one of %s, got '%s'", list, text);
}

/* Build the sim_list from a node: a sequence of scalars, one scalar, or null. */
static int resolve_list(cfg_doc *d, const sim_param *p, cfg_node *node, void *field,
                        struct res *r)
{
    sim_list l = { 0, NULL };
    const char **items;
    cfg_node *seq = node;

    if (node->kind == CFG_MAP)
        return say(r->msg, sizeof(r->msg), "expected a list of values, got a mapping");
    if (node->kind != CFG_SEQ) {
        seq = cfg_new_seq(d);
        if (!seq)
            return SIM_ENOMEM;
        seq->file = node->file;
        seq->line = node->line;
        seq->col = node->col;
        seq->key_line = node->key_line;
        seq->key_col = node->key_col;
        if (node->kind == CFG_SCALAR) {
            cfg_node *item = cfg_copy(d, node);

            if (!item)
                return SIM_ENOMEM;
            item->key_line = item->key_col = 0;
            cfg_seq_push(d, seq, item);
        }
    }
    for (int i = 0; i < seq->n; i++) {
        if (seq->kids[i]->kind != CFG_SCALAR) {
            r->where = seq == node ? seq->kids[i] : node;
            return say(r->msg, sizeof(r->msg), "expected a scalar list item, got %s",
                       seq->kids[i]->kind == CFG_NULL  ? "nothing"
                       : seq->kids[i]->kind == CFG_MAP ? "a mapping"
                                                       : "a sequence");
        }
    }
    if (seq->n) {
        items = cfg_alloc(d, (size_t)seq->n * sizeof(*items));
        if (!items)
            return SIM_ENOMEM;
        for (int i = 0; i < seq->n; i++)
            items[i] = seq->kids[i]->value;
        l.n = seq->n;
        l.items = items;
    }
    memcpy(field, &l, sizeof(l));
    r->list = seq;
    return 0;
}

/* Parse node (given) or the default text for row p into field. */
static int resolve(cfg_doc *d, const sim_param *p, cfg_node *node, void *field, struct res *r)
{
    char def[256];
    const char *text = node ? node->value : p->def;
    bool quoted = node && node->quoted;
    bool b;

    if (node && node->kind == CFG_MAP && node->n == 1 && node->kids[0]->kind == CFG_NULL &&
        p->kind != SIM_P_LIST)      /* `100:` unquoted: YAML reads a key with no value */
        return say(r->msg, sizeof(r->msg), "expected %s, got a mapping (YAML reads '%s:' as "
                   "one; quote it: \"%s:\")", p->kind == SIM_P_STRING ? "a string" :
                   "a single value", node->kids[0]->key, node->kids[0]->key);
    if (node && node->kind != CFG_SCALAR && p->kind != SIM_P_LIST)
        return say(r->msg, sizeof(r->msg), "expected %s, got a %s",
                   p->kind == SIM_P_STRING ? "a string" : "a single value",
                   node->kind == CFG_MAP ? "mapping" : "sequence");
    if (!node && p->kind != SIM_P_STRING && p->kind != SIM_P_LIST) {
        clean_default(p->def, def, sizeof(def));
        text = def;
    }
    switch (p->kind) {
    case SIM_P_INT:
    case SIM_P_UINT:
        return resolve_int(p, text, quoted, field, r);
    case SIM_P_FLOAT:
        return resolve_float(p, text, quoted, field, r);
    case SIM_P_BOOL:
        if (quoted || !parse_bool(text, &b))
            return say(r->msg, sizeof(r->msg),
                       "expected true or false (yes/no, on/off, 1/0), got %s'%s'",
                       quoted ? "the quoted string " : "", text);
        store_unsigned(field, p->size, b);
        snprintf(r->canon, sizeof(r->canon), "%s", b ? "true" : "false");
        return 0;
    case SIM_P_SIZE:
    case SIM_P_FREQ:
    case SIM_P_TIME:
    case SIM_P_CYCLES:
    case SIM_P_ENERGY:
    case SIM_P_POWER:
    case SIM_P_VOLTAGE:
        return resolve_unit(p, text, field, r);
    case SIM_P_ENUM:
        return resolve_enum(p, text, field, r);
    case SIM_P_STRING: {
        const char *s = node ? node->value : cfg_strdup(d, p->def);

        if (!s)
            return SIM_ENOMEM;
        memcpy(field, &s, sizeof(s));
        return 0;
    }
    case SIM_P_LIST:
        if (!node) {
            sim_error e;

            node = cfg_parse_value(d, p->def, "<default>", 0, &e);
            if (!node)
                return e.code == SIM_ENOMEM ? SIM_ENOMEM
                                            : say(r->msg, sizeof(r->msg), "%s", e.message);
        }
        return resolve_list(d, p, node, field, r);
    }
    return say(r->msg, sizeof(r->msg), "unknown parameter kind %d", p->kind);
}

/* An error about row p of map that has no value node to point at. */
static int row_error(sim_error *err, int code, const cfg_node *map, const sim_param *p,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int row_error(sim_error *err, int code, const cfg_node *map, const sim_param *p,
                     const char *fmt, ...)
{
    char path[256], text[400];
    va_list ap;
    int n;

    if (!err)
        return code;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    cfg_key_path(map, path, sizeof(path));
    memset(err, 0, sizeof(*err));
    err->code = code;
    if (map) {                      /* at the key that names the map, if any */
        bool on_key = map->key_line != 0;

        snprintf(err->file, sizeof(err->file), "%s", map->file ? map->file : "");
        err->line = on_key ? map->key_line : map->line;
        err->column = on_key ? map->key_col : map->col;
    }
    n = snprintf(err->message, sizeof(err->message), "%s%s%s: ", path, path[0] ? "." : "",
                 p->name ? p->name : "?");
    if (n > 0 && (size_t)n < sizeof(err->message))
        snprintf(err->message + n, sizeof(err->message) - (size_t)n, "%s", text);
    return code;
}

static int nomem(sim_error *err)
{
    if (err) {
        memset(err, 0, sizeof(*err));
        err->code = SIM_ENOMEM;
        snprintf(err->message, sizeof(err->message), "out of memory applying parameters");
    }
    return SIM_ENOMEM;
}

static int apply_row(cfg_doc *d, const sim_param *p, cfg_node *map, void *cfg, sim_error *err)
{
    cfg_node *node = map ? cfg_get(map, p->name) : NULL;
    cfg_node *given = node && node->kind != CFG_NULL ? node : NULL;
    const char *bad = row_problem(p);
    struct res r;
    int rc;

    if (bad)
        return row_error(err, SIM_EINVAL, map, p, "bad param row in the type: %s", bad);
    if (!given && !p->def)
        return row_error(err, SIM_ECONFIG, map, p, "required parameter missing");
    r.canon[0] = 0;
    r.list = NULL;
    r.where = NULL;
    rc = resolve(d, p, given, (char *)cfg + p->offset, &r);
    if (rc == SIM_ENOMEM)
        return nomem(err);
    if (rc && given)
        return cfg_error(err, r.where ? r.where : given, "%s", r.msg);
    if (rc)
        return row_error(err, SIM_EINVAL, map, p, "invalid default '%s' in the type: %s", p->def,
                         r.msg);
    if (!map)
        return 0;

    /* write the resolved value back */
    if (p->kind == SIM_P_LIST) {
        if (!given) {               /* the default's nodes point at the map, as above */
            for (int i = -1; i < r.list->n; i++) {
                cfg_node *k = i < 0 ? r.list : r.list->kids[i];

                k->file = map->file;
                k->line = map->key_line ? map->key_line : map->line;
                k->col = map->key_line ? map->key_col : map->col;
            }
        }
        if (r.list != node) {
            if (node) {
                r.list->key_line = node->key_line;
                r.list->key_col = node->key_col;
            }
            cfg_map_put(d, map, p->name, r.list);
        }
    } else if (p->kind == SIM_P_STRING && given) {
        /* kept as written */
    } else {
        const char *text = p->kind == SIM_P_STRING ? p->def : r.canon;
        char *v = cfg_strdup(d, text);

        if (!v)
            return nomem(err);
        if (node) {
            node->kind = CFG_SCALAR;
            node->value = v;
            node->quoted = false;
        } else {
            cfg_node *s = cfg_new_scalar(d, v);

            if (!s)
                return nomem(err);
            /* a default has no text of its own: errors about it point at the map */
            s->file = map->file;
            s->line = map->key_line ? map->key_line : map->line;
            s->col = map->key_line ? map->key_col : map->col;
            cfg_map_put(d, map, p->name, s);
        }
    }
    return cfg_doc_oom(d) ? nomem(err) : 0;
}

int params_apply(cfg_doc *d, const sim_param *rows, int n, cfg_node *map,
                 const char *const *reserved, void *cfg, sim_error *err)
{
    if (map && map->kind == CFG_NULL)
        map->kind = CFG_MAP;        /* `l1d:` with nothing under it */
    if (map && map->kind != CFG_MAP)
        return cfg_error(err, map, "expected a mapping of parameters, got a %s",
                         map->kind == CFG_SEQ ? "sequence" : "scalar");
    if (map) {
        int nres = 0, rc;
        const char **names;

        while (reserved && reserved[nres])
            nres++;
        names = malloc(((size_t)n + (size_t)nres + 1) * sizeof(*names));
        if (!names)
            return nomem(err);
        for (int i = 0; i < n; i++)
            names[i] = rows[i].name;
        for (int i = 0; i < nres; i++)
            names[n + i] = reserved[i];
        rc = cfg_check_keys(map, names, n + nres, err);
        free(names);
        if (rc)
            return rc;
    }
    for (int i = 0; i < n; i++) {
        int rc = apply_row(d, &rows[i], map, cfg, err);

        if (rc)
            return rc;
    }
    return 0;
}

const char *param_default(const sim_param *p, char *buf, size_t len)
{
    union {
        max_align_t align;
        unsigned char bytes[64];
    } field;
    cfg_doc *d;
    struct res r;
    const char *out = NULL;

    if (!p->def || !buf || !len || row_problem(p) || p->size > sizeof(field))
        return NULL;
    if (p->kind == SIM_P_STRING) {
        snprintf(buf, len, "%s", p->def);
        return buf;
    }
    d = cfg_doc_new();
    if (!d)
        return NULL;
    r.canon[0] = 0;
    r.list = NULL;
    r.where = NULL;
    if (resolve(d, p, NULL, &field, &r) == 0) {
        if (p->kind == SIM_P_LIST) {
            size_t at = 0;

            at += (size_t)snprintf(buf, len, "[");
            for (int i = 0; i < r.list->n && at < len; i++)
                at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "",
                                       r.list->kids[i]->value);
            if (at < len)
                snprintf(buf + at, len - at, "]");
        } else {
            snprintf(buf, len, "%s", r.canon);
        }
        out = buf;
    }
    cfg_doc_free(d);
    return out;
}
