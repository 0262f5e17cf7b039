/* libsim/config_int.h - the configuration tree inside the kernel: YAML files
 * parsed with libyaml into doc-owned nodes that keep file:line:col, include
 * merging, `--set` overrides, emission of the resolved tree, nearest-name
 * suggestions, unit parsing and formatting (units.c) and the application of a
 * type's param rows to one YAML map (params.c).
 *
 * Private to libsim/. The YAML subset is YAML 1.1 as libyaml reads it, with
 * no type resolution: every scalar is text, and only models' param rows give
 * it a meaning. Aliases are resolved by copying, merge keys (`<<:`) are
 * applied; tags other than !!str are ignored. */
#ifndef ARCHSIM_CONFIG_INT_H
#define ARCHSIM_CONFIG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <archsim/sim_type.h>

enum { CFG_NULL, CFG_SCALAR, CFG_SEQ, CFG_MAP };

typedef struct cfg_node cfg_node;
struct cfg_node {
    int kind;
    char *key;               /* this node's key in its parent map, or NULL */
    char *value;             /* CFG_SCALAR text ("" for null) */
    bool quoted;             /* quoted or block scalar: always a string, never a number */
    const char *file;        /* file it came from; "--set KEY=VALUE" text for overrides */
    int line, col;           /* 1-based position of the value */
    int key_line, key_col;   /* of the key, when in a map */
    cfg_node **kids;         /* SEQ items / MAP entries, in file order */
    int n, cap;
    cfg_node *parent;
};

/* Owns all nodes, strings and file names; plus an arena. Allocation failures
 * inside the void helpers below are remembered (cfg_doc_oom) and turned into
 * SIM_ENOMEM by the functions that return a status. */
typedef struct cfg_doc cfg_doc;
cfg_doc *cfg_doc_new(void);
void cfg_doc_free(cfg_doc *d);
void *cfg_alloc(cfg_doc *d, size_t n);            /* zeroed, freed with the doc */
char *cfg_strdup(cfg_doc *d, const char *s);
bool cfg_doc_oom(const cfg_doc *d);               /* an allocation of d has failed */

/* Parse a file; `include:` (a path or a list of paths, relative to the including file)
 * is resolved recursively: the included files are merged first, in order, then the
 * including file on top (deep merge of maps; a later value, sequence or scalar
 * replaces the earlier one whole). Detects include cycles and missing includes. The
 * `include` key is removed from the result. Root must be a map (empty file = empty map).
 * Errors: SIM_EIO (the top file cannot be read), SIM_ECONFIG, SIM_ENOMEM. */
cfg_node *cfg_parse_file(cfg_doc *d, const char *path, sim_error *err);
/* The same from text; `name` stands for the file name in positions, and relative
 * includes resolve against the current directory. */
cfg_node *cfg_parse_string(cfg_doc *d, const char *text, const char *name, sim_error *err);
/* One YAML value of any kind (no includes, any root): the `--set` value parser.
 * Positions on line 1 are shifted right by col_shift columns; `file` is stored as is
 * (it must be doc-owned or outlive the doc). NULL with err set on bad YAML. */
cfg_node *cfg_parse_value(cfg_doc *d, const char *text, const char *file, int col_shift,
                          sim_error *err);

void cfg_merge(cfg_doc *d, cfg_node *base, const cfg_node *over);   /* deep merge in place */
cfg_node *cfg_copy(cfg_doc *d, const cfg_node *n);                  /* deep copy, no parent */
cfg_node *cfg_get(const cfg_node *map, const char *key);            /* NULL if absent */
cfg_node *cfg_path(const cfg_node *root, const char *dotted);       /* "a.b.c", "a[2].b" */
/* Remove key from map; returns the removed node (still doc-owned) or NULL. */
cfg_node *cfg_map_del(cfg_node *map, const char *key);

/* Override by dotted path; the value text is parsed as YAML (flow allowed: "[1, 2]",
 * "{a: 1}"). A path whose first segment is not a top-level section
 * (components connections clocks workload stats energy plugins seed include) means
 * components.<path>. Creates missing maps. Errors (malformed value, path through a
 * scalar) point at file "--set KEY=VALUE", line 1, the column in that text.
 * A map value is deep-merged into an existing map; any other value replaces the
 * old one whole. "a[2]" addresses an existing sequence item. */
int cfg_set(cfg_doc *d, cfg_node *root, const char *dotted, const char *value, sim_error *err);

cfg_node *cfg_new_scalar(cfg_doc *d, const char *text);
cfg_node *cfg_new_map(cfg_doc *d);
cfg_node *cfg_new_seq(cfg_doc *d);
void cfg_map_put(cfg_doc *d, cfg_node *map, const char *key, cfg_node *val); /* replace or append */
void cfg_seq_push(cfg_doc *d, cfg_node *seq, cfg_node *val);

/* YAML text of the tree (block style, keys in order; scalars quoted when needed so the
 * text parses back to the same tree). malloc'd; NULL on ENOMEM (or on text libyaml
 * cannot write: invalid UTF-8 in a scalar made with cfg_new_scalar). Quoted scalars
 * holding newlines are written as literal blocks. A plain scalar libyaml will not write
 * plain (one holding tabs or ": ", a synthesized "null") comes back quoted, with the
 * same text. */
char *cfg_emit(const cfg_node *root);

/* "l1d.size" for components.l1d.size (the `components.` prefix is dropped), else the
 * full dotted path ("clocks.core", "connections[2]"). Writes into buf. */
const char *cfg_key_path(const cfg_node *n, char *buf, size_t len);

/* Fill err with SIM_ECONFIG, file/line/col of the node's value (or of its key with
 * cfg_error_key), and message "<key path>: <formatted text>". Returns SIM_ECONFIG.
 * err may be NULL. */
int cfg_error(sim_error *err, const cfg_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int cfg_error_key(sim_error *err, const cfg_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Nearest of n candidates by edit distance (Damerau-Levenshtein, case-insensitive),
 * or NULL when none is close (distance > max(2, len/3)). */
const char *sim_nearest(const char *word, const char *const *cands, int n);

/* Check the keys of map against the allowed names; the first unknown key gives
 * "<path>.<key>: unknown key; did you mean 'x'?" (or "; expected one of a, b, c"). */
int cfg_check_keys(const cfg_node *map, const char *const *allowed, int n, sim_error *err);

/* ---- units (units.c): parse text into the base unit of a kind; 0 or SIM_ECONFIG.
 * Messages say what was expected and what was found, e.g.
 * "expected a size (B, KiB, MiB, GiB, TiB, kB, MB, GB), got '2GHz' (a frequency)".
 * SIZE->bytes (B KiB MiB GiB TiB; kB MB GB = 1000^n; a bare number is bytes; whole
 * bytes only), FREQ->Hz (Hz kHz MHz GHz), TIME->ps (ps ns us ms s; whole ps only),
 * ENERGY->J (fJ pJ nJ uJ mJ J), POWER->W (nW uW mW W), VOLTAGE->V (mV V),
 * CYCLES->count (bare whole number or "12cycles"). "u" may also be written "µ".
 * A bare number is refused for FREQ/TIME/ENERGY/POWER/VOLTAGE, except 0.
 * SIZE, FREQ, TIME and CYCLES are never negative. Spaces between the number and
 * the unit are allowed. Decimal text is converted exactly (13.75ns is 13750 ps). */
int sim_parse_number(const char *s, double *out);           /* 12, -3.5, 1e9, 0x40 */
int sim_parse_unit(int kind, const char *s, double *out, char *msg, size_t msglen);
/* Canonical text of a base-unit value: 32768 -> "32KiB", 2e9 -> "2GHz", 500 -> "500ps",
 * 13750 -> "13.75ns", 5e-12 -> "5pJ" (largest unit giving a number >= 1 that reads
 * back as v with %.10g; sizes use the largest unit that divides them exactly; zero is
 * "0" in the base unit: "0J", "0W", "0B"; cycles are a bare number). Returns 0, or
 * SIM_EINVAL for a kind without units or a buffer too small. */
int sim_format_unit(int kind, double v, char *buf, size_t len);
/* Word for the kind's quantity ("a size", "a frequency", ...) and its units as listed
 * in messages ("B, KiB, ..."); NULL for kinds without units. */
const char *sim_unit_kind_phrase(int kind);
const char *sim_unit_list(int kind);

/* ---- params (params.c): apply a descriptor's param rows to one YAML map. */
/* For each row: take the map's value or the row default (NULL default + absent =
 * "<path>.<name>: required parameter missing"), parse by kind, check range
 * (min > max means unbounded; message names the range with units), ENUM against the
 * choices (nearest suggestion), BOOL (true/false/yes/no/on/off/1/0), INT/UINT/FLOAT
 * (optional trailing unit word when row->unit is set: "22nm"), STRING (scalar text; a
 * non-scalar is an error), LIST (sequence of scalars; a lone scalar is a 1-list), and
 * store it in the field at (char *)cfg + row->offset with row->size (1, 2, 4, 8 bytes for
 * integers; 4 or 8 for float; bool for BOOL with size 1). Integer overflow of the field
 * is a range error. Keys of map that are neither a row nor in `reserved` (NULL-terminated,
 * e.g. {"type", "clock", "energy", NULL}) are errors with the nearest row name. The
 * resolved value (default included) is written back into the map in canonical text, so
 * cfg_emit of the tree is the fully resolved configuration. Strings and lists point into
 * doc-owned memory. `map` may be NULL (all defaults; nothing written back).
 * A null value (`size:` or `size: ~`) counts as absent. Quoted scalars are strings:
 * they are refused for INT, UINT, FLOAT and BOOL. A bad row (field size, default)
 * gives SIM_EINVAL naming the parameter. */
int params_apply(cfg_doc *d, const sim_param *rows, int n, cfg_node *map,
                 const char *const *reserved, void *cfg, sim_error *err);
/* Default of a row as canonical text ("32KiB", "lru", "[a, b]") into buf, or NULL when
 * the row is required or its default does not parse. */
const char *param_default(const sim_param *p, char *buf, size_t len);
/* A row's kind as a word ("size", "frequency", ...) and unit ("B", "Hz", "ps",
 * "cycles", "J", "W", "V", or row->unit; "" when none) for describe/docs. */
const char *param_kind_name(int kind);
const char *param_unit(const sim_param *p);

#endif
