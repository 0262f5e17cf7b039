/* libsim/energy_int.h - energy accounting of one simulator, private to libsim/.
 *
 * Models count energy events (uint64_t counters in place); this prices them:
 * dynamic energy = count x energy per event, leakage = watts x elapsed
 * seconds, both per instance and summed. Elapsed time runs from the last
 * energy_reset (tick 0 at first); ticks are picoseconds.
 *
 * The arithmetic is fixed so that a caller doing the same operations in the
 * same order gets bit-identical doubles:
 *   seconds          = (double)(now - reset_tick) / 1e12
 *   inst dynamic     = ((0.0 + c0 * j0) + c1 * j1) + ...   (counts as double,
 *                                                          event order)
 *   inst leakage     = leak_w * seconds
 *   inst total       = dynamic + leakage;  inst power = total / seconds
 *   sim dynamic      = 0.0 + dyn(inst0) + dyn(inst1) + ...  (add order)
 *   sim leakage      = 0.0 + leak(inst0) + leak(inst1) + ...
 *   sim total        = 0.0 + total(inst0) + total(inst1) + ...
 *   sim power        = total / seconds
 *   sim edp          = total * seconds;  ed2p = (total * seconds) * seconds
 *   sim epi          = total / (double)(insts - reset_insts), NaN when 0
 * (sim total sums the instance totals, so it may differ from dynamic + leakage
 * in the last bit.) */
#ifndef ARCHSIM_ENERGY_INT_H
#define ARCHSIM_ENERGY_INT_H

#include <archsim/sim_type.h>
#include "stats_int.h"

typedef struct sim_energy sim_energy;

/* A new, empty account; NULL when out of memory. */
sim_energy *energy_new(void);
void energy_free(sim_energy *en);   /* NULL is a no-op */

/* One instance: n events whose uint64_t counters are at base + ev[i].offset,
 * priced at event_j[i] joules each, and leak_w watts of leakage. Names and
 * prices are copied; base must outlive the account. SIM_EINVAL for a bad
 * argument or a duplicate instance, SIM_ESTATE after energy_add_stats. */
int energy_add(sim_energy *en, const char *inst, const sim_energy_event *ev, int n,
               void *base, const double *event_j, double leak_w, sim_error *err);

/* Add the energy stats to st, once, after every instance was added:
 *  per instance: <inst>.events.<event> (the counts), <inst>.energy.<event>
 *    (J), <inst>.energy.dynamic, <inst>.energy.leakage, <inst>.energy.total,
 *    <inst>.power (W);
 *  totals: sim.energy.dynamic, sim.energy.leakage, sim.energy.total,
 *    sim.power, sim.edp (J*s), sim.ed2p (J*s^2), sim.epi (J per committed
 *    instruction, NaN when none).
 * Everything but the counts is computed when read. now and insts point at the
 * simulator's current tick and committed-instruction count and must outlive
 * the account. SIM_ESTATE when called twice; SIM_EINVAL when a name is taken
 * already (a type's own stat `power`), and then *who (when who is not NULL)
 * names the instance whose statistics clashed, or is NULL for the totals. */
int energy_add_stats(sim_energy *en, sim_stats *st, const sim_tick *now,
                     const uint64_t *insts, const char **who, sim_error *err);

/* Zero the event counters; elapsed time and committed instructions are
 * counted from *now and *insts on (end of warm-up). */
void energy_reset(sim_energy *en);

/* Everything, in joules (sim.energy.total). */
double energy_total(sim_energy *en);

/* Run-summary table: one row per instance with dynamic, leakage and total
 * (engineering notation, J) and the share of the total, then a total row.
 * A new string to free(); NULL when out of memory. */
char *energy_table(sim_energy *en);

/* Price list (`archsim energy CONFIG`): instance, event, energy per event,
 * and one leakage row (W) per instance, aligned. New string; NULL on ENOMEM. */
char *energy_event_table(sim_energy *en);

#endif
