/* memsys/coherence.h - what caches, the snooping bus and the directory agree
 * on: the meaning of sim_req.state and of the model-defined sim_req.flags
 * bits on coherence traffic.
 *
 * Requests a cache sends down: SIM_READ / SIM_IFETCH / SIM_PREFETCH (GetS),
 * SIM_READ_EX (GetM), SIM_UPGRADE (S or O -> M, no data), SIM_WRITEBACK
 * (dirty victim), SIM_EVICT (clean victim, when `clean_evict` is set). The
 * response's `state` is the state granted (enum cache_state in
 * cache_tags.h); 0 means "not said" (a plain memory answered): E for a read,
 * M for a read-for-ownership or an upgrade.
 *
 * Snoops arrive on a cache's `snoop` port, loosely-timed, and are applied at
 * once: SIM_INVAL (invalidate; back-invalidation when COH_BACKINV is set)
 * and SIM_READ (downgrade to S, or M -> O when COH_MOESI is set). A cache
 * passes each snoop on to the caches above it (its `inval` port) and
 * answers with `state` = the strongest state the line had in it or above
 * it, and COH_PRESENT / COH_DIRTY in flags. With COH_PROBE nothing changes:
 * that is how the single-writer / multiple-reader check reads states. */
#ifndef MEMSYS_COHERENCE_H
#define MEMSYS_COHERENCE_H

#include <stdint.h>
#include "memsys/cache_tags.h"

#define COH_PROBE   0x0100          /* snoop: report the state, change nothing */
#define COH_BACKINV 0x0200          /* snoop: back-invalidation by an inclusive cache */
#define COH_MOESI   0x0400          /* snoop read: a dirty holder keeps the line as O */
#define COH_PRESENT 0x0800          /* snoop answer: the line was there */
#define COH_DIRTY   0x1000          /* snoop answer: it was dirty (data supplied) */
#define COH_NOFILL  0x2000          /* fill answer: deliver, but do not keep the line */
#define COH_MASK    0x3f00

/* One letter per state, for messages. */
static inline char coh_letter(uint8_t st)
{
    return "ISEOM"[st <= CS_M ? st : 0];
}

/* The single-writer / multiple-reader invariant over the states n caches
 * report for one line: at most one owner (M, E or O); an M or E copy is the
 * only copy; O lives beside S copies only. Returns -1 when it holds, else
 * the index of a cache whose copy breaks it. */
static inline int coh_swmr_violation(const uint8_t *st, int n)
{
    int owner = -1, excl = -1, valid = 0, other = -1;

    for (int i = 0; i < n; i++) {
        if (st[i] == CS_I)
            continue;
        valid++;
        if (st[i] == CS_M || st[i] == CS_E || st[i] == CS_O) {
            if (owner >= 0)
                return i;
            owner = i;
            if (st[i] != CS_O)
                excl = i;
        } else {
            other = i;
        }
    }
    if (excl >= 0 && valid > 1)
        return other;
    return -1;
}

#endif
