/* libsim/stats_int.h - the statistics of one simulator, private to libsim/.
 *
 * Models bump plain counters in place; this table knows where they live and
 * what they are called. Each registered row expands into named scalars:
 *   COUNTER, VALUE, FORMULA  inst.name
 *   AVG                      inst.name (the mean; NaN without samples), inst.name.samples
 *   DIST                     inst.name.samples .mean .stdev .min .max .underflow
 *                            .overflow, and one per bucket named by its range
 *                            (inst.lat.0-10; log2 buckets: inst.lat.4-8)
 *   VEC                      inst.name.<label> per element, inst.name.total
 * Dump order is registration order, rows in descriptor order. Formulas are
 * parsed once by stats_finalize into a small stack program; reading one does
 * no parsing and no allocation. Nothing here is shared between simulators. */
#ifndef ARCHSIM_STATS_INT_H
#define ARCHSIM_STATS_INT_H

#include <archsim/sim_type.h>

typedef struct sim_stats sim_stats;

/* A new, empty table; NULL when out of memory. */
sim_stats *stats_new(void);
/* Free the table (not the counters: they belong to the models). NULL is a no-op. */
void stats_free(sim_stats *st);

/* Register one descriptor row of instance `inst` ("l2"; "sim" for the kernel's
 * own; NULL or "" for no prefix). base + row->offset is the field (not used by
 * FORMULA). row and base must outlive the table. For DIST rows, lo, width and n
 * are written into the sim_dist with the min/max sentinels (+inf/-inf); n is
 * capped to SIM_DIST_MAX, n == 0 is an error. Every expanded name must be
 * unique: a duplicate is SIM_EINVAL naming it, and nothing is added. */
int stats_add(sim_stats *st, const char *inst, const sim_stat *row, void *base, sim_error *err);

/* A value computed when read (energy, simulated seconds, ...). name is the
 * full name; name, unit and doc are copied. */
int stats_add_fn(sim_stats *st, const char *name, double (*fn)(void *arg), void *arg,
                 const char *unit, const char *doc, sim_error *err);

/* After everything is added: parse formulas. A name in a formula resolves
 * first within the formula's instance, then as a full name. An unknown name,
 * bad syntax or a cycle is SIM_ECONFIG with a message such as
 * "cpu0.ipc: formula 'a / b': unknown stat 'b'". May be called again after
 * more rows were added; formulas not (yet) finalized read as NaN. */
int stats_finalize(sim_stats *st, sim_error *err);

/* Value by full name, formulas evaluated now; NaN when unknown. */
double stats_get(sim_stats *st, const char *name);
/* Index of a full name in dump order, or -1. */
int stats_find(sim_stats *st, const char *name);

/* Expanded scalars in dump order; out-of-range i gives NULL / NaN. */
int stats_count(sim_stats *st);
const char *stats_name(sim_stats *st, int i);
double stats_value(sim_stats *st, int i);
const char *stats_unit(sim_stats *st, int i);   /* NULL when none */
const char *stats_doc(sim_stats *st, int i);    /* NULL when none */

/* Counters, values, avgs, dists (bounds kept, min/max back to sentinels) and
 * vecs to 0. Formulas and computed values are not touched. */
void stats_reset(sim_stats *st);

/* Format every scalar (SIM_STATS_TEXT, _JSON, _CSV or _CSV_ROW) into a new
 * string the caller frees with free(). SIM_EINVAL for an unknown format,
 * SIM_ENOMEM. The same values give the same bytes, whatever the locale. */
int stats_format(sim_stats *st, int format, char **out, sim_error *err);

/* s as a quoted JSON string (control characters escaped, bytes that are
 * not UTF-8 as U+FFFD), in a new string the caller frees; NULL when out of
 * memory. */
char *sim_json_quote(const char *s);

/* Format and write to path atomically (see sim_write_file_atomic). */
int stats_write(sim_stats *st, const char *path, int format, sim_error *err);

/* Write len bytes to path atomically: a new file in the same folder, fsync,
 * rename over path. Readers see the old file or the new one, never a part;
 * on failure path is untouched and no temporary file is left. SIM_EIO
 * naming the path and the reason. */
int sim_write_file_atomic(const char *path, const char *data, size_t len, sim_error *err);

#endif
