/* libsim/config.c - the configuration tree: YAML 1.1 read with libyaml's event
 * parser into doc-owned nodes that remember file:line:col of every value and
 * key, `include:` files merged underneath the file that names them, `--set`
 * overrides, emission of the resolved tree as block YAML, key paths for error
 * messages and nearest-name suggestions.
 *
 * No type resolution happens here: a scalar is text plus a `quoted` flag, and
 * only the plain words null/Null/NULL/~ and an empty plain scalar are null.
 * Aliases are resolved by copying the anchored node (positions stay those of
 * the anchor), merge keys (`<<: *base`, `<<: [*a, *b]`) are applied with
 * explicit keys winning and earlier sources winning over later ones. Left
 * out: tags other than !!str and !!null (ignored), complex (non-scalar) keys,
 * more than one document per file, `include:` anywhere but at the top level.
 * Guards: nesting deeper than CFG_MAX_DEPTH and alias expansion beyond
 * CFG_MAX_NODES nodes are errors, not crashes. Emission goes through libyaml's
 * emitter, which picks the quoting; see cfg_emit in config_int.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>
#include "config_int.h"

#define CFG_BLOCK     65536         /* arena block; larger requests get their own */
#define CFG_MAX_DEPTH 200           /* nesting of maps and sequences in one file */
#define CFG_MAX_NODES 500000        /* per doc: stops "billion laughs" alias bombs */
#define CFG_MAX_INCL  64            /* include nesting */
#define CFG_MAX_BYTES (4 << 20)     /* one file or text: /dev/zero must not fill memory */

struct cfg_block {
    struct cfg_block *next;
    size_t size, used;
    max_align_t data[];
};

struct cfg_doc {
    struct cfg_block *blocks;       /* head is the block being filled */
    size_t nodes;                   /* nodes made so far */
    bool oom;
};

static const char empty_text[1] = "";
static const char *const sections[] = {
    "components", "connections", "clocks", "workload", "stats", "energy", "run",
    "plugins", "seed", "include",
};

/* ------------------------------------------------------------------ arena */

cfg_doc *cfg_doc_new(void)
{
    return calloc(1, sizeof(cfg_doc));
}

void cfg_doc_free(cfg_doc *d)
{
    struct cfg_block *b, *next;

    if (!d)
        return;
    for (b = d->blocks; b; b = next) {
        next = b->next;
        free(b);
    }
    free(d);
}

bool cfg_doc_oom(const cfg_doc *d)
{
    return d->oom;
}

void *cfg_alloc(cfg_doc *d, size_t n)
{
    const size_t align = _Alignof(max_align_t);
    struct cfg_block *b = d->blocks;
    void *p;

    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / 2) {
        d->oom = true;
        return NULL;
    }
    n = (n + align - 1) & ~(align - 1);
    if (!b || b->size - b->used < n) {
        size_t size = n > CFG_BLOCK / 4 ? n : CFG_BLOCK;
        struct cfg_block *nb = malloc(sizeof(*nb) + size);

        if (!nb) {
            d->oom = true;
            return NULL;
        }
        nb->size = size;
        nb->used = 0;
        if (b && size == n) {       /* a big one: keep filling the current block */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            d->blocks = nb;
        }
        b = nb;
    }
    p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

static char *cfg_strndup(cfg_doc *d, const char *s, size_t n)
{
    char *p = cfg_alloc(d, n + 1);

    if (p)
        memcpy(p, s, n);
    return p;
}

char *cfg_strdup(cfg_doc *d, const char *s)
{
    return cfg_strndup(d, s, strlen(s));
}

static char *cfg_sprintf(cfg_doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *cfg_sprintf(cfg_doc *d, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    p = cfg_alloc(d, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* ------------------------------------------------------------------ nodes */

static cfg_node *node_new(cfg_doc *d, int kind)
{
    cfg_node *n = cfg_alloc(d, sizeof(*n));

    if (!n)
        return NULL;
    n->kind = kind;
    n->value = (char *)empty_text;
    d->nodes++;
    return n;
}

cfg_node *cfg_new_scalar(cfg_doc *d, const char *text)
{
    cfg_node *n = node_new(d, CFG_SCALAR);
    char *v = cfg_strdup(d, text);

    if (!n || !v)
        return NULL;
    n->value = v;
    return n;
}

cfg_node *cfg_new_map(cfg_doc *d)
{
    return node_new(d, CFG_MAP);
}

cfg_node *cfg_new_seq(cfg_doc *d)
{
    return node_new(d, CFG_SEQ);
}

static bool kids_push(cfg_doc *d, cfg_node *p, cfg_node *k)
{
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 4;
        cfg_node **kids = cfg_alloc(d, (size_t)cap * sizeof(*kids));

        if (!kids)
            return false;
        if (p->n)
            memcpy(kids, p->kids, (size_t)p->n * sizeof(*kids));
        p->kids = kids;
        p->cap = cap;
    }
    p->kids[p->n++] = k;
    k->parent = p;
    return true;
}

static int kid_index(const cfg_node *p, const cfg_node *k)
{
    for (int i = 0; i < p->n; i++)
        if (p->kids[i] == k)
            return i;
    return -1;
}

cfg_node *cfg_get(const cfg_node *map, const char *key)
{
    if (!map || map->kind != CFG_MAP)
        return NULL;
    for (int i = 0; i < map->n; i++)
        if (strcmp(map->kids[i]->key, key) == 0)
            return map->kids[i];
    return NULL;
}

cfg_node *cfg_map_del(cfg_node *map, const char *key)
{
    cfg_node *k = cfg_get(map, key);
    int i;

    if (!k)
        return NULL;
    i = kid_index(map, k);
    memmove(&map->kids[i], &map->kids[i + 1], (size_t)(map->n - i - 1) * sizeof(map->kids[0]));
    map->n--;
    k->parent = NULL;
    return k;
}

void cfg_map_put(cfg_doc *d, cfg_node *map, const char *key, cfg_node *val)
{
    cfg_node *old = cfg_get(map, key);
    char *k;

    if (!map || map->kind != CFG_MAP || !val)
        return;
    k = old ? old->key : cfg_strdup(d, key);
    if (!k)
        return;
    val->key = k;
    if (old) {
        map->kids[kid_index(map, old)] = val;
        val->parent = map;
        old->parent = NULL;
    } else {
        kids_push(d, map, val);
    }
}

void cfg_seq_push(cfg_doc *d, cfg_node *seq, cfg_node *val)
{
    if (!seq || seq->kind != CFG_SEQ || !val)
        return;
    val->key = NULL;
    kids_push(d, seq, val);
}

cfg_node *cfg_copy(cfg_doc *d, const cfg_node *n)
{
    cfg_node *c = node_new(d, n->kind);

    if (!c)
        return NULL;
    *c = *n;                        /* strings are immutable and doc-owned: shared */
    c->parent = NULL;
    c->kids = NULL;
    c->n = c->cap = 0;
    for (int i = 0; i < n->n; i++) {
        cfg_node *k = cfg_copy(d, n->kids[i]);

        if (!k || !kids_push(d, c, k))
            return NULL;
    }
    return c;
}

static size_t subtree_size(const cfg_node *n)
{
    size_t s = 1;

    for (int i = 0; i < n->n; i++)
        s += subtree_size(n->kids[i]);
    return s;
}

/* Make `base` (kept where it is in its parent, with its key) hold a copy of over. */
static void replace_in_place(cfg_doc *d, cfg_node *base, const cfg_node *over)
{
    cfg_node *c = cfg_copy(d, over);
    cfg_node keep = *base;

    if (!c)
        return;
    *base = *c;
    base->key = keep.key;
    base->key_line = keep.key_line;
    base->key_col = keep.key_col;
    base->parent = keep.parent;
    for (int i = 0; i < base->n; i++)
        base->kids[i]->parent = base;
}

void cfg_merge(cfg_doc *d, cfg_node *base, const cfg_node *over)
{
    if (!base || !over)
        return;
    if (base->kind != CFG_MAP || over->kind != CFG_MAP) {
        replace_in_place(d, base, over);
        return;
    }
    for (int i = 0; i < over->n; i++) {
        const cfg_node *o = over->kids[i];
        cfg_node *b = cfg_get(base, o->key);

        if (b && b->kind == CFG_MAP && o->kind == CFG_MAP) {
            cfg_merge(d, b, o);
        } else {
            cfg_node *c = cfg_copy(d, o);

            if (!c)
                return;
            cfg_map_put(d, base, o->key, c);
            c->key_line = o->key_line;
            c->key_col = o->key_col;
        }
    }
}

/* One path segment: a name and any number of [index] suffixes. */
struct seg {
    const char *name;
    size_t len;
    int idx[8];
    int nidx;
    int col;                        /* 0-based offset of the segment in the path */
};

/* Split the next segment off *p. Returns 0, or -1 on a malformed segment
 * (*p then points at the offending character). */
static int next_seg(const char **p, const char *start, struct seg *s)
{
    const char *q = *p;

    s->name = q;
    s->col = (int)(q - start);
    s->nidx = 0;
    while (*q && *q != '.' && *q != '[')
        q++;
    s->len = (size_t)(q - s->name);
    while (*q == '[') {
        char *end;
        long v;

        q++;
        if (*q < '0' || *q > '9') {
            *p = q;
            return -1;
        }
        v = strtol(q, &end, 10);
        if (*end != ']' || v > 1000000000 || s->nidx == 8) {
            *p = end;
            return -1;
        }
        s->idx[s->nidx++] = (int)v;
        q = end + 1;
    }
    if (*q && *q != '.') {
        *p = q;
        return -1;
    }
    if (s->len == 0 && s->nidx == 0) {
        *p = q;
        return -1;
    }
    *p = *q ? q + 1 : q;
    if (*q == '.' && !q[1]) {       /* trailing dot */
        *p = q + 1;
        return -1;
    }
    return 0;
}

static cfg_node *seg_get(const cfg_node *n, const struct seg *s)
{
    if (s->len) {
        char name[256];

        if (s->len >= sizeof(name))
            return NULL;
        memcpy(name, s->name, s->len);
        name[s->len] = 0;
        n = cfg_get(n, name);
    }
    for (int i = 0; n && i < s->nidx; i++)
        n = n->kind == CFG_SEQ && s->idx[i] < n->n ? n->kids[s->idx[i]] : NULL;
    return (cfg_node *)n;
}

cfg_node *cfg_path(const cfg_node *root, const char *dotted)
{
    const char *p = dotted;
    const cfg_node *n = root;
    struct seg s;

    if (!root || !dotted)
        return NULL;
    while (*p && n) {
        if (next_seg(&p, dotted, &s))
            return NULL;
        n = seg_get(n, &s);
    }
    return (cfg_node *)n;
}

/* ---------------------------------------------------------- errors, paths */

struct sbuf {
    char *p;
    size_t len, n;                  /* capacity, used (kept < len) */
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
    size_t room;

    if (!b->len)
        return;
    room = b->len - 1 - b->n;
    if (n > room)
        n = room;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void key_path(const cfg_node *n, struct sbuf *b)
{
    const cfg_node *p = n->parent;
    char idx[24];

    if (!p)
        return;
    if (p->kind == CFG_SEQ) {
        key_path(p, b);
        snprintf(idx, sizeof(idx), "[%d]", kid_index(p, n));
        sb_put(b, idx, strlen(idx));
        return;
    }
    /* components.<name> reads as <name>: instances are what users name */
    if (!(p->parent && !p->parent->parent && p->key && strcmp(p->key, "components") == 0)) {
        key_path(p, b);
        if (b->n)
            sb_put(b, ".", 1);
    }
    sb_put(b, n->key ? n->key : "?", strlen(n->key ? n->key : "?"));
}

const char *cfg_key_path(const cfg_node *n, char *buf, size_t len)
{
    struct sbuf b = { buf, len, 0 };

    if (len)
        buf[0] = 0;
    if (n)
        key_path(n, &b);
    return buf;
}

static void err_fill(sim_error *err, int code, const char *file, int line, int col)
{
    err->code = code;
    snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
    err->line = line;
    err->column = col;
}

static int fail_at(sim_error *err, int code, const char *file, int line, int col,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int fail_at(sim_error *err, int code, const char *file, int line, int col,
                   const char *fmt, ...)
{
    char text[sizeof(err->message)];
    va_list ap;

    if (!err)
        return code;
    va_start(ap, fmt);                  /* first: an argument may be err->message */
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    err_fill(err, code, file, line, col);
    memcpy(err->message, text, sizeof(text));
    return code;
}

static int verr(sim_error *err, const cfg_node *at, bool on_key, const char *fmt, va_list ap)
{
    char path[256], text[sizeof(err->message)];
    size_t n, m;

    if (!err)
        return SIM_ECONFIG;
    /* format first: an argument may be err->message itself (a callee's error
     * passed on with a position) */
    vsnprintf(text, sizeof(text), fmt, ap);
    if (!at) {
        err_fill(err, SIM_ECONFIG, "", 0, 0);
    } else if (on_key && at->key_line) {
        err_fill(err, SIM_ECONFIG, at->file, at->key_line, at->key_col);
    } else {
        err_fill(err, SIM_ECONFIG, at->file, at->line, at->col);
    }
    cfg_key_path(at, path, sizeof(path));
    err->message[0] = 0;
    if (path[0])
        snprintf(err->message, sizeof(err->message), "%s: ", path);   /* fits: path < 256 */
    n = strlen(err->message);
    m = strlen(text);
    if (m > sizeof(err->message) - 1 - n)
        m = sizeof(err->message) - 1 - n;
    memcpy(err->message + n, text, m);
    err->message[n + m] = 0;
    return SIM_ECONFIG;
}

int cfg_error(sim_error *err, const cfg_node *at, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verr(err, at, false, fmt, ap);
    va_end(ap);
    return SIM_ECONFIG;
}

int cfg_error_key(sim_error *err, const cfg_node *at, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    verr(err, at, true, fmt, ap);
    va_end(ap);
    return SIM_ECONFIG;
}

static int oom(sim_error *err)
{
    return fail_at(err, SIM_ENOMEM, "", 0, 0, "out of memory while reading the configuration");
}

/* ------------------------------------------------------------ near names */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), case-insensitive; -1 when a word is too long. */
static int distance(const char *a, const char *b)
{
    enum { MAXW = 128 };
    int row[3][MAXW + 1];
    size_t la = strlen(a), lb = strlen(b);

    if (la > MAXW || lb > MAXW)
        return -1;
    for (size_t j = 0; j <= lb; j++)
        row[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int *cur = row[i % 3], *prev = row[(i - 1) % 3], *pp = row[(i + 1) % 3];

        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cost = lower((unsigned char)a[i - 1]) != lower((unsigned char)b[j - 1]);
            int v = prev[j] + 1;

            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && lower((unsigned char)a[i - 1]) == lower((unsigned char)b[j - 2])
                && lower((unsigned char)a[i - 2]) == lower((unsigned char)b[j - 1])
                && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
        }
    }
    return row[la % 3][lb];
}

/* A candidate must also share something with the word: "x" is not a typo of "y". */
const char *sim_nearest(const char *word, const char *const *cands, int n)
{
    int wl = (int)strlen(word);
    int limit = wl / 3 > 2 ? wl / 3 : 2;
    const char *best = NULL;
    int bestd = limit + 1;

    for (int i = 0; i < n; i++) {
        int cl, dist;

        if (!cands[i])
            continue;
        cl = (int)strlen(cands[i]);
        dist = distance(word, cands[i]);
        if (dist < 0 || dist >= (wl > cl ? wl : cl))
            continue;
        if (dist < bestd) {
            bestd = dist;
            best = cands[i];
        }
    }
    return best;
}

static bool in_list(const char *s, const char *const *list, int n)
{
    for (int i = 0; i < n; i++)
        if (list[i] && strcmp(s, list[i]) == 0)
            return true;
    return false;
}

int cfg_check_keys(const cfg_node *map, const char *const *allowed, int n, sim_error *err)
{
    if (!map || map->kind != CFG_MAP)
        return 0;
    for (int i = 0; i < map->n; i++) {
        const cfg_node *k = map->kids[i];
        const char *near;
        char list[400];
        struct sbuf b = { list, sizeof(list), 0 };

        if (in_list(k->key, allowed, n))
            continue;
        near = sim_nearest(k->key, allowed, n);
        if (near)
            return cfg_error_key(err, k, "unknown key; did you mean '%s'?", near);
        list[0] = 0;
        for (int j = 0; j < n; j++) {
            if (!allowed[j])
                continue;
            if (b.n)
                sb_put(&b, ", ", 2);
            if (b.n + strlen(allowed[j]) + 8 >= sizeof(list)) {
                sb_put(&b, "...", 3);
                break;
            }
            sb_put(&b, allowed[j], strlen(allowed[j]));
        }
        if (!b.n)
            return cfg_error_key(err, k, "unknown key; no keys are allowed here");
        return cfg_error_key(err, k, "unknown key; expected one of %s", list);
    }
    return 0;
}

/* ---------------------------------------------------------------- parsing */

struct anchor {
    const char *name;
    cfg_node *node;
};

struct builder {
    cfg_doc *d;
    yaml_parser_t p;
    const char *text;               /* for positions of reader errors */
    size_t len;
    const char *file;               /* doc-owned */
    int col_shift;                  /* added to columns on line 1 */
    sim_error *err;
    struct anchor *anchors;         /* malloc'd, freed when the parse ends */
    int n_anchors, cap_anchors;
    int depth;
    bool failed;
};

static int col_of(const struct builder *b, yaml_mark_t m)
{
    return (int)m.column + 1 + (m.line == 0 ? b->col_shift : 0);
}

static void *b_fail(struct builder *b, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void *b_fail(struct builder *b, yaml_mark_t m, const char *fmt, ...)
{
    char text[sizeof(b->err->message)];
    va_list ap;

    b->failed = true;
    if (!b->err)
        return NULL;
    va_start(ap, fmt);                  /* first: an argument may be err->message */
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    err_fill(b->err, SIM_ECONFIG, b->file, (int)m.line + 1, col_of(b, m));
    memcpy(b->err->message, text, sizeof(text));
    return NULL;
}

static void *b_oom(struct builder *b)
{
    b->failed = true;
    oom(b->err);
    return NULL;
}

/* libyaml rejected the text: its problem, at its position. */
static void *b_yaml_error(struct builder *b)
{
    yaml_parser_t *p = &b->p;
    yaml_mark_t m = p->problem_mark;

    if (p->error == YAML_MEMORY_ERROR)
        return b_oom(b);
    if (p->error == YAML_READER_ERROR || m.index >= b->len) {
        /* reader errors carry a byte offset; errors at the end of the text
         * point just past its last character (on line 1 for a --set value) */
        size_t off = p->error == YAML_READER_ERROR ? p->problem_offset : b->len;

        if (off > b->len)
            off = b->len;

        m.line = m.column = 0;
        for (size_t i = 0; i < off; i++) {
            if (b->text[i] == '\n') {
                m.line++;
                m.column = 0;
            } else {
                m.column++;
            }
        }
        if (p->error == YAML_READER_ERROR)
            return b_fail(b, m, "%s", p->problem ? p->problem : "unreadable text");
    }
    if (p->context)
        return b_fail(b, m, "%s (%s at line %d, column %d)",
                      p->problem ? p->problem : "malformed YAML", p->context,
                      (int)p->context_mark.line + 1, col_of(b, p->context_mark));
    return b_fail(b, m, "%s", p->problem ? p->problem : "malformed YAML");
}

static bool next_event(struct builder *b, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&b->p, ev)) {
        b_yaml_error(b);
        return false;
    }
    return true;
}

static bool is_null_word(const char *s)
{
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null")
           || !strcmp(s, "NULL");
}

static void set_pos(struct builder *b, cfg_node *n, yaml_mark_t m)
{
    n->file = b->file;
    n->line = (int)m.line + 1;
    n->col = col_of(b, m);
}

static bool anchor_add(struct builder *b, const char *name, cfg_node *n)
{
    if (b->n_anchors == b->cap_anchors) {
        int cap = b->cap_anchors ? b->cap_anchors * 2 : 8;
        struct anchor *a = realloc(b->anchors, (size_t)cap * sizeof(*a));

        if (!a)
            return false;
        b->anchors = a;
        b->cap_anchors = cap;
    }
    b->anchors[b->n_anchors].name = name;
    b->anchors[b->n_anchors].node = n;
    b->n_anchors++;
    return true;
}

static cfg_node *alias_copy(struct builder *b, const char *name, yaml_mark_t m)
{
    for (int i = b->n_anchors - 1; i >= 0; i--) {
        cfg_node *a = b->anchors[i].node, *c;

        if (strcmp(b->anchors[i].name, name) != 0)
            continue;
        if (b->d->nodes + subtree_size(a) > CFG_MAX_NODES)
            return b_fail(b, m, "alias '*%s' expands to too many nodes (more than %d)",
                          name, CFG_MAX_NODES);
        c = cfg_copy(b->d, a);
        if (!c)
            return b_oom(b);
        return c;
    }
    return b_fail(b, m, "alias '*%s' names no anchor defined before it", name);
}

/* Attach n to parent (a map entry when key is set). */
static bool attach(struct builder *b, cfg_node *parent, cfg_node *n, const cfg_node *key)
{
    if (!parent)
        return true;
    n->key = key ? key->value : NULL;           /* an alias copy brings its old key */
    n->key_line = key ? key->line : 0;
    n->key_col = key ? key->col : 0;
    if (!kids_push(b->d, parent, n)) {
        b_oom(b);
        return false;
    }
    return true;
}

static cfg_node *build(struct builder *b, yaml_event_t *ev, cfg_node *parent,
                       const cfg_node *key);

/* Apply and remove the `<<` entries of a finished map. */
static bool apply_merge_keys(struct builder *b, cfg_node *map)
{
    int i = 0;

    while (i < map->n) {
        cfg_node *src = map->kids[i];
        cfg_node **from;
        int nfrom;

        if (strcmp(src->key, "<<") != 0) {
            i++;
            continue;
        }
        memmove(&map->kids[i], &map->kids[i + 1], (size_t)(map->n - i - 1) * sizeof(map->kids[0]));
        map->n--;
        if (src->kind == CFG_MAP) {
            from = &src;
            nfrom = 1;
        } else if (src->kind == CFG_SEQ) {
            from = src->kids;
            nfrom = src->n;
        } else {
            nfrom = -1;
            from = NULL;
        }
        for (int s = 0; s < nfrom; s++) {
            if (from[s]->kind != CFG_MAP)
                nfrom = -1;
        }
        if (nfrom < 0) {
            b->failed = true;
            map->kids[map->n] = src;    /* put it back for the key path */
            src->parent = map;
            map->n++;
            cfg_error_key(b->err, src, "merge key '<<' needs a mapping or a list of mappings");
            return false;
        }
        for (int s = 0; s < nfrom; s++) {
            for (int k = 0; k < from[s]->n; k++) {
                cfg_node *e = from[s]->kids[k], *c;

                if (cfg_get(map, e->key))
                    continue;
                c = cfg_copy(b->d, e);
                if (!c || !kids_push(b->d, map, c)) {
                    b_oom(b);
                    return false;
                }
            }
        }
    }
    return true;
}

/* Keys seen in one map being built: duplicate checks stay linear-time for
 * maps of thousands of entries (generated sweep configs). Open addressing,
 * load at most one half; made only once a map has KSET_FROM entries. */
#define KSET_FROM 8

struct kset {
    cfg_node **slot;
    size_t cap;
};

static size_t key_hash(const char *s)
{
    size_t h = 2166136261u;         /* FNV-1a */

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static cfg_node **kset_at(const struct kset *k, const char *key)
{
    size_t i = key_hash(key) & (k->cap - 1);

    while (k->slot[i] && strcmp(k->slot[i]->key, key) != 0)
        i = (i + 1) & (k->cap - 1);
    return &k->slot[i];
}

/* Make room for a map of n entries and index them; false on ENOMEM. */
static bool kset_fill(struct kset *k, const cfg_node *map)
{
    size_t cap = 16;

    while (cap < 2 * (size_t)(map->n + 1))
        cap *= 2;
    if (cap > k->cap) {
        free(k->slot);
        k->slot = calloc(cap, sizeof(*k->slot));
        if (!k->slot) {
            k->cap = 0;
            return false;
        }
        k->cap = cap;
        for (int i = 0; i < map->n; i++)
            if (strcmp(map->kids[i]->key, "<<") != 0)
                *kset_at(k, map->kids[i]->key) = map->kids[i];
    }
    return true;
}

static cfg_node *build_map(struct builder *b, cfg_node *n)
{
    struct kset ks = { NULL, 0 };
    yaml_event_t e;
    cfg_node *res = NULL;

    for (;;) {
        cfg_node *k, *v, *dup = NULL;

        if (!next_event(b, &e))
            goto out;
        if (e.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&e);
            break;
        }
        k = build(b, &e, NULL, NULL);
        if (!k)
            goto out;
        if (k->kind != CFG_SCALAR) {
            b->failed = true;
            fail_at(b->err, SIM_ECONFIG, b->file, k->line, k->col, "%s",
                    k->kind == CFG_NULL  ? "empty (null) key"
                    : k->kind == CFG_MAP ? "a key must be a scalar, not a mapping"
                                         : "a key must be a scalar, not a sequence");
            goto out;
        }
        if (strcmp(k->value, "<<") != 0) {
            if (n->n >= KSET_FROM && !kset_fill(&ks, n)) {
                b_oom(b);
                goto out;
            }
            dup = ks.cap ? *kset_at(&ks, k->value) : cfg_get(n, k->value);
        }
        if (dup) {
            char path[256];

            cfg_key_path(n, path, sizeof(path));
            b->failed = true;
            fail_at(b->err, SIM_ECONFIG, b->file, k->line, k->col,
                    "%s%s%s: duplicate key (first at line %d, column %d)", path,
                    path[0] ? "." : "", k->value, dup->key_line, dup->key_col);
            goto out;
        }
        if (!next_event(b, &e))
            goto out;
        v = build(b, &e, n, k);
        if (!v)
            goto out;
        if (ks.cap && strcmp(k->value, "<<") != 0)
            *kset_at(&ks, k->value) = v;
    }
    if (apply_merge_keys(b, n))
        res = n;
out:
    free(ks.slot);
    return res;
}

static cfg_node *build_seq(struct builder *b, cfg_node *n)
{
    yaml_event_t e;

    for (;;) {
        if (!next_event(b, &e))
            return NULL;
        if (e.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&e);
            return n;
        }
        if (!build(b, &e, n, NULL))
            return NULL;
    }
}

/* Build the node that starts with ev (consumed), attach it to parent. */
static cfg_node *build(struct builder *b, yaml_event_t *ev, cfg_node *parent,
                       const cfg_node *key)
{
    yaml_mark_t m = ev->start_mark;
    const char *anchor = NULL;
    const yaml_char_t *a = NULL;
    cfg_node *n = NULL;
    int type = ev->type;

    switch (type) {
    case YAML_ALIAS_EVENT: {
        char *name = cfg_strdup(b->d, (const char *)ev->data.alias.anchor);

        yaml_event_delete(ev);
        if (!name)
            return b_oom(b);
        n = alias_copy(b, name, m);
        if (!n)
            return NULL;
        return attach(b, parent, n, key) ? n : NULL;
    }
    case YAML_SCALAR_EVENT: {
        const char *tag = (const char *)ev->data.scalar.tag;

        n = node_new(b->d, CFG_SCALAR);
        if (!n)
            break;
        n->value = cfg_strndup(b->d, (const char *)ev->data.scalar.value, ev->data.scalar.length);
        if (!n->value) {
            n = NULL;
            break;
        }
        n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        if (tag && !strcmp(tag, YAML_STR_TAG))
            n->quoted = true;
        if ((!n->quoted && is_null_word(n->value)) || (tag && !strcmp(tag, YAML_NULL_TAG))) {
            n->kind = CFG_NULL;
            n->value = (char *)empty_text;
        }
        a = ev->data.scalar.anchor;
        break;
    }
    case YAML_SEQUENCE_START_EVENT:
        n = node_new(b->d, CFG_SEQ);
        a = ev->data.sequence_start.anchor;
        break;
    case YAML_MAPPING_START_EVENT:
        n = node_new(b->d, CFG_MAP);
        a = ev->data.mapping_start.anchor;
        break;
    default:
        yaml_event_delete(ev);
        return b_fail(b, m, "unexpected YAML event");
    }
    if (n && a && !(anchor = cfg_strdup(b->d, (const char *)a)))
        n = NULL;
    yaml_event_delete(ev);
    if (!n)
        return b_oom(b);
    set_pos(b, n, m);
    if (!attach(b, parent, n, key))
        return NULL;
    if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT) {
        if (++b->depth > CFG_MAX_DEPTH)
            return b_fail(b, m, "nested deeper than %d levels", CFG_MAX_DEPTH);
        n = type == YAML_MAPPING_START_EVENT ? build_map(b, n) : build_seq(b, n);
        b->depth--;
        if (!n)
            return NULL;
    }
    if (anchor && !anchor_add(b, anchor, n))
        return b_oom(b);
    return n;
}

/* Parse one document of text. want_map: the root must be a map (null and an
 * empty stream give an empty map). */
static cfg_node *parse_text(cfg_doc *d, const char *text, size_t len, const char *file,
                            int col_shift, bool want_map, sim_error *err)
{
    struct builder b = { .d = d, .text = text, .len = len, .file = file,
                         .col_shift = col_shift, .err = err };
    yaml_event_t e;
    cfg_node *root = NULL;

    if (!yaml_parser_initialize(&b.p)) {
        oom(err);
        return NULL;
    }
    yaml_parser_set_input_string(&b.p, (const unsigned char *)text, len);
    if (!next_event(&b, &e))
        goto out;
    yaml_event_delete(&e);          /* stream start */
    if (!next_event(&b, &e))
        goto out;
    if (e.type == YAML_DOCUMENT_START_EVENT) {
        yaml_event_delete(&e);
        if (!next_event(&b, &e))
            goto out;
        root = build(&b, &e, NULL, NULL);
        if (!root)
            goto out;
        if (!next_event(&b, &e)) {  /* document end */
            root = NULL;
            goto out;
        }
        yaml_event_delete(&e);
        if (!next_event(&b, &e)) {
            root = NULL;
            goto out;
        }
        if (e.type != YAML_STREAM_END_EVENT) {
            root = NULL;
            b_fail(&b, e.start_mark, "a second YAML document; one file holds one");
        }
    }
    yaml_event_delete(&e);
    if (b.failed)
        goto out;
    if (!root || (want_map && root->kind == CFG_NULL)) {
        root = node_new(d, want_map ? CFG_MAP : CFG_NULL);
        if (!root) {
            oom(err);
            goto out;
        }
        root->file = file;
        root->line = 1;
        root->col = 1 + col_shift;
    } else if (want_map && root->kind != CFG_MAP) {
        fail_at(err, SIM_ECONFIG, file, root->line, root->col,
                "the top level must be a mapping (components:, connections:, ...), not a %s",
                root->kind == CFG_SEQ ? "sequence" : "scalar");
        root = NULL;
    }
out:
    yaml_parser_delete(&b.p);
    free(b.anchors);
    if (root && d->oom) {
        oom(err);
        root = NULL;
    }
    return root;
}

cfg_node *cfg_parse_value(cfg_doc *d, const char *text, const char *file, int col_shift,
                          sim_error *err)
{
    return parse_text(d, text, strlen(text), file, col_shift, false, err);
}

/* ---------------------------------------------------------------- includes */

struct incl {
    const char *path;               /* as shown: joined onto the includer's folder */
    dev_t dev;
    ino_t ino;
    bool has_id;                    /* false for text (cfg_parse_string) */
    const struct incl *up;
    int depth;
};

/* Read a whole file into a malloc'd, NUL-terminated buffer; errno on
 * failure, EFBIG past CFG_MAX_BYTES (a device or a FIFO may never end). */
static int slurp(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int e = 0;

    if (!f)
        return errno ? errno : EIO;
    for (;;) {
        size_t got;

        if (cap - n < 4096) {
            char *nb;

            cap = cap ? cap * 2 : 8192;
            nb = realloc(buf, cap + 1);
            if (!nb) {
                e = ENOMEM;
                break;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > CFG_MAX_BYTES) {
            e = EFBIG;
            break;
        }
        if (got == 0) {
            if (ferror(f))
                e = errno ? errno : EIO;
            break;
        }
    }
    fclose(f);
    if (e) {
        free(buf);
        return e;
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return 0;
}

static const char *join_path(cfg_doc *d, const char *includer, const char *rel)
{
    const char *slash = includer ? strrchr(includer, '/') : NULL;

    if (rel[0] == '/' || !slash)
        return cfg_strdup(d, rel);
    return cfg_sprintf(d, "%.*s/%s", (int)(slash - includer), includer, rel);
}

static cfg_node *load(cfg_doc *d, const char *path, const char *text, const struct incl *up,
                      const cfg_node *from, sim_error *err);

/* Merge the files named by root's `include:` underneath root; returns the result. */
static cfg_node *resolve_includes(cfg_doc *d, cfg_node *root, const struct incl *me,
                                  sim_error *err)
{
    cfg_node *inc = cfg_get(root, "include");
    cfg_node **items;
    cfg_node *result;
    int n;

    if (!inc)
        return root;
    if (inc->kind == CFG_SEQ) {
        items = inc->kids;
        n = inc->n;
    } else if (inc->kind == CFG_SCALAR) {
        items = &inc;
        n = 1;
    } else if (inc->kind == CFG_NULL) {
        items = NULL;
        n = 0;
    } else {
        cfg_error(err, inc, "expected a file name or a list of file names, got a mapping");
        return NULL;
    }
    result = cfg_new_map(d);
    if (!result) {
        oom(err);
        return NULL;
    }
    result->file = root->file;
    result->line = root->line;
    result->col = root->col;
    for (int i = 0; i < n; i++) {
        const char *path;
        cfg_node *sub;

        if (items[i]->kind != CFG_SCALAR || !items[i]->value[0]) {
            cfg_error(err, items[i], "expected a file name");
            return NULL;
        }
        path = join_path(d, me->has_id ? me->path : NULL, items[i]->value);
        if (!path) {
            oom(err);
            return NULL;
        }
        sub = load(d, path, NULL, me, items[i], err);
        if (!sub)
            return NULL;
        cfg_merge(d, result, sub);
    }
    cfg_map_del(root, "include");
    cfg_merge(d, result, root);
    if (d->oom) {
        oom(err);
        return NULL;
    }
    return result;
}

/* Load a file (text == NULL) or a text standing for `path`, then its includes.
 * from: the include entry that named it, for positions; NULL at the top. */
static cfg_node *load(cfg_doc *d, const char *path, const char *text, const struct incl *up,
                      const cfg_node *from, sim_error *err)
{
    struct incl me = { .path = path, .up = up, .depth = up ? up->depth + 1 : 0 };
    struct stat st;
    char *buf = NULL;
    size_t len;
    cfg_node *root;
    int e;

    if (me.depth > CFG_MAX_INCL) {
        cfg_error(err, from, "includes nested deeper than %d files", CFG_MAX_INCL);
        return NULL;
    }
    if (!text) {
        if (stat(path, &st) != 0) {
            e = errno;
            goto cannot_read;
        }
        me.dev = st.st_dev;
        me.ino = st.st_ino;
        me.has_id = true;
        for (const struct incl *u = up; u; u = u->up) {
            char chain[400];
            struct sbuf b = { chain, sizeof(chain), 0 };
            const struct incl *stack[CFG_MAX_INCL + 2];
            int k = 0;

            if (!u->has_id || u->dev != me.dev || u->ino != me.ino)
                continue;
            chain[0] = 0;
            for (const struct incl *v = &me; v && k < CFG_MAX_INCL + 2; v = v->up)
                stack[k++] = v;
            for (int j = k - 1; j >= 0; j--) {
                sb_put(&b, stack[j]->path, strlen(stack[j]->path));
                if (j)
                    sb_put(&b, " -> ", 4);
            }
            cfg_error(err, from, "include cycle: %s", chain);
            return NULL;
        }
        e = slurp(path, &buf, &len);
        if (e == ENOMEM) {
            oom(err);
            return NULL;
        }
        if (e)
            goto cannot_read;
        text = buf;
    } else {
        len = strnlen(text, CFG_MAX_BYTES + 1);
        if (len > CFG_MAX_BYTES) {
            e = EFBIG;
            goto cannot_read;
        }
    }
    root = parse_text(d, text, len, path, 0, true, err);
    free(buf);
    if (!root)
        return NULL;
    return resolve_includes(d, root, &me, err);

cannot_read:
    if (e == EFBIG && from) {
        fail_at(err, SIM_ECONFIG, from->file, from->line, from->col, "included file '%s' is "
                "larger than %d MiB, the most a configuration may be", path,
                CFG_MAX_BYTES >> 20);
    } else if (e == EFBIG) {
        fail_at(err, SIM_ECONFIG, path, 0, 0, "larger than %d MiB, the most a configuration "
                "may be", CFG_MAX_BYTES >> 20);
    } else if (from) {
        char inc[300];

        cfg_key_path(from, inc, sizeof(inc));
        fail_at(err, SIM_ECONFIG, from->file, from->line, from->col,
                "%s: cannot read included file '%s': %s", inc, path, strerror(e));
    } else {
        fail_at(err, SIM_EIO, path, 0, 0, "cannot read '%s': %s", path, strerror(e));
    }
    return NULL;
}

cfg_node *cfg_parse_file(cfg_doc *d, const char *path, sim_error *err)
{
    const char *p = cfg_strdup(d, path);

    if (!p) {
        oom(err);
        return NULL;
    }
    return load(d, p, NULL, NULL, NULL, err);
}

cfg_node *cfg_parse_string(cfg_doc *d, const char *text, const char *name, sim_error *err)
{
    const char *p = cfg_strdup(d, name ? name : "<string>");

    if (!p) {
        oom(err);
        return NULL;
    }
    return load(d, p, text, NULL, NULL, err);
}

/* ---------------------------------------------------------------- --set */

static bool is_section(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
        if (strlen(sections[i]) == len && !strncmp(sections[i], name, len))
            return true;
    return false;
}

#define SET_KEY_COL 7               /* "--set " is 6 characters */

/* Walk dotted from root and put val there. dry: only check that it can be
 * done (cur == NULL stands for a map that would be created), so that a
 * failing override leaves the tree as it was. */
static int set_walk(cfg_doc *d, cfg_node *root, const char *dotted, cfg_node *val,
                    const char *file, bool dry, sim_error *err)
{
    const int key_col = SET_KEY_COL;
    const char *p = dotted;
    cfg_node *cur = root;
    struct seg s;
    char name[256];

    if (!*p)
        return fail_at(err, SIM_ECONFIG, file, 1, key_col, "empty key");
    for (bool first = true;; first = false) {
        cfg_node *next;
        bool last;

        if (next_seg(&p, dotted, &s))
            return fail_at(err, SIM_ECONFIG, file, 1, key_col + (int)(p - dotted),
                           "malformed key '%s': expected names separated by '.', "
                           "with optional [index]", dotted);
        if (s.len >= sizeof(name))
            return fail_at(err, SIM_ECONFIG, file, 1, key_col + s.col, "name too long");
        if (first && s.len && !is_section(s.name, s.len)) {
            next = cfg_get(root, "components");
            if (next && next->kind != CFG_MAP && next->kind != CFG_NULL) {
                char path[256];

                return fail_at(err, SIM_ECONFIG, file, 1, key_col, "%s: is a %s, not a mapping",
                               cfg_key_path(next, path, sizeof(path)),
                               next->kind == CFG_SEQ ? "sequence" : "scalar");
            }
            if ((!next || next->kind == CFG_NULL) && !dry) {
                cfg_node *m = cfg_new_map(d);

                if (!m)
                    return oom(err);
                if (next)
                    replace_in_place(d, next, m);
                else
                    cfg_map_put(d, root, "components", m);
                next = cfg_get(root, "components");
                if (!next)
                    return oom(err);
                next->file = file;
                next->line = next->key_line = 1;
                next->col = next->key_col = key_col;
            }
            cur = next && next->kind == CFG_MAP ? next : NULL;
        }
        last = !*p;
        memcpy(name, s.name, s.len);
        name[s.len] = 0;
        if (s.len && cur && cur->kind != CFG_MAP) {
            char path[256];

            cfg_key_path(cur, path, sizeof(path));
            if (cur->kind == CFG_SEQ)
                return fail_at(err, SIM_ECONFIG, file, 1, key_col + s.col,
                               "%s: is a sequence, it cannot hold '%s' (use %s[N])", path, name,
                               path);
            return fail_at(err, SIM_ECONFIG, file, 1, key_col + s.col,
                           "%s: is a scalar ('%s'), it cannot hold '%s'", path, cur->value, name);
        }
        if (last && !s.nidx) {
            cfg_node *old = cfg_get(cur, name);

            if (dry)
                break;
            if (old && old->kind == CFG_MAP && val->kind == CFG_MAP) {
                cfg_merge(d, old, val);
            } else {
                cfg_map_put(d, cur, name, val);
                val->key_line = 1;
                val->key_col = key_col + s.col;
            }
            break;
        }
        next = s.len ? cfg_get(cur, name) : cur;
        if (s.len && (!next || next->kind == CFG_NULL) && !s.nidx) {
            if (dry) {
                next = NULL;
            } else {
                cfg_node *m = cfg_new_map(d);

                if (!m)
                    return oom(err);
                m->file = file;
                m->line = m->key_line = 1;
                m->col = m->key_col = key_col + s.col;
                if (next) {
                    replace_in_place(d, next, m);
                } else {
                    cfg_map_put(d, cur, name, m);
                    next = m;
                }
            }
        }
        for (int i = 0; i < s.nidx; i++) {
            if (!next || next->kind != CFG_SEQ || s.idx[i] >= next->n)
                return fail_at(err, SIM_ECONFIG, file, 1, key_col + s.col,
                               "%.*s: no item [%d] (%s)", (int)(s.col + s.len), dotted,
                               s.idx[i],
                               !next ? "no such key"
                               : next->kind == CFG_SEQ ? "the sequence is shorter"
                                                       : "not a sequence");
            if (last && i == s.nidx - 1) {
                cfg_node *old = next->kids[s.idx[i]];

                if (dry)
                    break;
                if (old->kind == CFG_MAP && val->kind == CFG_MAP)
                    cfg_merge(d, old, val);
                else
                    replace_in_place(d, old, val);
                break;
            }
            next = next->kids[s.idx[i]];
        }
        if (last)
            break;
        cur = next;
    }
    return 0;
}

int cfg_set(cfg_doc *d, cfg_node *root, const char *dotted, const char *value, sim_error *err)
{
    const char *file;
    cfg_node *val;
    int rc;

    if (!root || root->kind != CFG_MAP || !dotted || !value)
        return fail_at(err, SIM_EINVAL, "", 0, 0, "cfg_set: bad arguments");
    file = cfg_sprintf(d, "--set %s=%s", dotted, value);
    if (!file)
        return oom(err);
    val = cfg_parse_value(d, value, file, SET_KEY_COL - 1 + (int)strlen(dotted) + 1, err);
    if (!val)
        return err ? err->code : SIM_ECONFIG;
    rc = set_walk(d, root, dotted, val, file, true, err);
    if (!rc)
        rc = set_walk(d, root, dotted, val, file, false, err);
    if (!rc && d->oom)
        rc = oom(err);
    return rc;
}

/* ------------------------------------------------------------------- emit */

struct obuf {
    char *p;
    size_t n, cap;
};

static int emit_write(void *data, unsigned char *buf, size_t size)
{
    struct obuf *o = data;

    if (o->cap - o->n < size + 1) {
        size_t cap = (o->cap ? o->cap * 2 : 1024) + size;
        char *np = realloc(o->p, cap);

        if (!np)
            return 0;
        o->p = np;
        o->cap = cap;
    }
    memcpy(o->p + o->n, buf, size);
    o->n += size;
    o->p[o->n] = 0;
    return 1;
}

static int emit_scalar(yaml_emitter_t *em, const char *text, yaml_scalar_style_t style)
{
    yaml_event_t ev;

    if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text), 1,
                                      1, style))
        return 0;
    return yaml_emitter_emit(em, &ev);
}

static int emit_node(yaml_emitter_t *em, const cfg_node *n)
{
    yaml_event_t ev;

    switch (n->kind) {
    case CFG_NULL:
        return emit_scalar(em, "null", YAML_PLAIN_SCALAR_STYLE);
    case CFG_SCALAR:
        /* a plain scalar that would read back as null must be quoted; libyaml
         * falls back from plain or single quotes where they cannot hold the text */
        if (n->quoted && strchr(n->value, '\n'))
            return emit_scalar(em, n->value, YAML_LITERAL_SCALAR_STYLE);
        if (n->quoted || is_null_word(n->value))
            return emit_scalar(em, n->value, YAML_SINGLE_QUOTED_SCALAR_STYLE);
        return emit_scalar(em, n->value, YAML_PLAIN_SCALAR_STYLE);
    case CFG_SEQ:
        if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE)
            || !yaml_emitter_emit(em, &ev))
            return 0;
        for (int i = 0; i < n->n; i++)
            if (!emit_node(em, n->kids[i]))
                return 0;
        yaml_sequence_end_event_initialize(&ev);
        return yaml_emitter_emit(em, &ev);
    case CFG_MAP:
        if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE)
            || !yaml_emitter_emit(em, &ev))
            return 0;
        for (int i = 0; i < n->n; i++) {
            const char *k = n->kids[i]->key ? n->kids[i]->key : "";

            if (!emit_scalar(em, k, is_null_word(k) || !strcmp(k, "<<")
                                        ? YAML_SINGLE_QUOTED_SCALAR_STYLE
                                        : YAML_PLAIN_SCALAR_STYLE)
                || !emit_node(em, n->kids[i]))
                return 0;
        }
        yaml_mapping_end_event_initialize(&ev);
        return yaml_emitter_emit(em, &ev);
    }
    return 0;
}

char *cfg_emit(const cfg_node *root)
{
    struct obuf o = { NULL, 0, 0 };
    yaml_emitter_t em;
    yaml_event_t ev;
    int ok;

    if (!root || !yaml_emitter_initialize(&em))
        return NULL;
    yaml_emitter_set_output(&em, emit_write, &o);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1);
    yaml_emitter_set_indent(&em, 2);
    ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) && yaml_emitter_emit(&em, &ev)
         && yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1)
         && yaml_emitter_emit(&em, &ev) && emit_node(&em, root)
         && yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(&em, &ev)
         && yaml_stream_end_event_initialize(&ev) && yaml_emitter_emit(&em, &ev)
         && yaml_emitter_flush(&em);
    yaml_emitter_delete(&em);
    if (!ok || !o.p) {
        free(o.p);
        return NULL;
    }
    return o.p;
}
