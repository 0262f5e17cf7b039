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
 * it, and COH_PRESENT / COH_DIRTY in flags. With COH_PROBE nothing changes
 * but the lookup's energy event. With COH_PEEK as well not even that (no
 * event, no statistic, no replacement update): that is how a controller
 * reads states for its bookkeeping (coh_peek): whether an upgrade's
 * requester still holds its line, which the hardware knows from the
 * requester's own state, and the single-writer / multiple-reader check, so
 * a checked run's statistics are an unchecked one's but invariant_checks.
 *
 * A cache marks the writebacks and clean victims it sends on its own
 * (approximately-timed) with REQ_POSTED: it waits for no answer and frees
 * the request when one comes. A target that takes such a request straight
 * from that cache (one hop: req_posted) frees it itself instead of
 * answering, which saves a response event and changes nothing else; any
 * other target answers as usual, and a request that crossed a bus on its
 * way (two hops or more) is answered as usual too, since the bus carries
 * the answer back.
 *
 * Energy (both controllers, COH_ENERGY): one arbitration per transaction
 * among the caches; address/command messages of COH_MSG_BITS over wire_mm
 * (a bus: one broadcast per transaction, which every cache snoops; a
 * directory: the request and its answer, and each forward or invalidation
 * and its answer); each line of data over wire_mm (from memory or a peer,
 * writebacks, write-through writes, flushes: on a bus a flush is the same
 * transfer as the cache-to-cache one, memory takes it off the bus). The
 * caches charge their own snoop lookups (a tag_read per snoop, a data_read
 * when they supply dirty data), so the controllers charge no cache lookup. */
#ifndef MEMSYS_COHERENCE_H
#define MEMSYS_COHERENCE_H

#include <stdbool.h>
#include <stdint.h>
#include <archsim/sim_type.h>
#include "memsys/cache_tags.h"

#define COH_PEEK    0x0080          /* with COH_PROBE: count nothing either (the check) */
#define COH_PROBE   0x0100          /* snoop: report the state, change nothing */
#define COH_BACKINV 0x0200          /* snoop: back-invalidation by an inclusive cache */
#define COH_MOESI   0x0400          /* snoop read: a dirty holder keeps the line as O */
#define COH_PRESENT 0x0800          /* snoop answer: the line was there */
#define COH_DIRTY   0x1000          /* snoop answer: it was dirty (data supplied) */
#define COH_NOFILL  0x2000          /* fill answer: deliver, but do not keep the line */
#define COH_INFLIGHT 0x4000         /* snoop passed up: it also applies to the fill of this
                                       line already answered and on its way to you */
#define COH_MASK    0x7f80
#define REQ_POSTED  0x8000          /* writeback or clean victim nobody waits for (above) */

/* An address/command message: a 48-bit physical line address, the command,
 * the requester and a transaction tag, about 60 bits, rounded up to 64. */
#define COH_MSG_BITS 64

/* Is r a posted request that came straight from the cache that posted it?
 * Then the target frees it (sim_req_free) instead of answering. */
static inline bool req_posted(const sim_req *r)
{
    return (r->flags & REQ_POSTED) && r->depth == 1;
}

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

/* ------------------------------------------------ the coherence engine */

/* What a coherence controller (snoopbus.c, directory.c) decides for one
 * request, after applying it to the other caches. */
enum { COH_SRC_NONE, COH_SRC_MEM, COH_SRC_PEER };

struct coh_result {
    uint8_t grant;                  /* state for the requester (0: none) */
    uint8_t source;                 /* where the data comes from: COH_SRC_* */
    uint8_t flush;                  /* a dirty copy goes back to memory on the way */
    sim_tick delay;                 /* lookup, snoops, forwards: before data may move */
};

struct coh_ops {
    /* Apply request r from core `from` to the other caches now, keep the
     * controller's own state, fill *out. */
    void (*resolve)(void *owner, int from, const sim_req *r, struct coh_result *out);
    /* Checked runs: after each transaction, with the states every cache
     * now reports for line (the requester's as granted). Return NULL, or
     * what is wrong (the controller's own view disagreeing with them). */
    const char *(*check)(void *owner, uint64_t line, const uint8_t *states);
    /* Optional, AT: may r start now? (A directory whose set has every way
     * in flight cannot make room.) It is asked again as transactions end. */
    bool (*ready)(void *owner, const sim_req *r);
};

/* Port order both controllers use. */
enum { COH_PORT_CPU, COH_PORT_MEM, COH_PORT_SNOOP };

struct coh_tx {                     /* waiting in the input queue (AT) */
    sim_req *r;
    sim_tick arrived;
};

struct coh_flight {                 /* started, not yet answered (AT) */
    sim_req *r;
    uint64_t line;
    sim_tick until;                 /* line free again at; UINT64_MAX: waits for memory */
    struct coh_result res;
    bool valid;
};

struct coh_engine {
    sim_comp *comp;
    const struct coh_ops *ops;
    void *owner;
    uint32_t line_shift, line_bytes;
    sim_tick addr_occ;              /* the medium is busy this long per transaction */
    sim_tick xfer;                  /* moving one line */
    bool xfer_occupies;             /* ... and the transfer occupies it too (a bus) */
    bool check, moesi;
    bool broadcast;                 /* a bus: one message reaches every cache (energy) */
    bool at;                        /* the transaction being resolved is AT */
    int n;                          /* caches served: cpu connections = snoop connections */
    uint8_t *states;                /* n, for checks */
    sim_tick busy_until;
    sim_event wake;                 /* a later wake-up (not sim_wake_at: see coherence.c) */

    struct coh_tx *q;               /* input queue, arrival order */
    uint32_t qcap, qn;
    struct coh_flight *fl;          /* qcap slots */
    bool refused;
    sim_req *out_head, *out_tail;
    bool out_blocked;

    struct {
        uint64_t transactions, gets, getm, upgrades, writebacks, evicts, writes;
        uint64_t c2c, mem_reads, flushes, invalidations, downgrades;
        uint64_t refused, checks, violations, busy;
        sim_avg queue_delay, latency;
    } st;
    struct { uint64_t arb, msgs, lines; } ev;
};

/* The engine's stat rows, for a controller struct T embedding it as `e`. */
#define COH_STATS(T)                                                                       \
    SIM_STAT("transactions", T, e.st.transactions, "requests handled"),                   \
    SIM_STAT("gets", T, e.st.gets, "reads for a shared copy (GetS)"),                     \
    SIM_STAT("getm", T, e.st.getm, "reads for ownership (GetM)"),                         \
    SIM_STAT("upgrades", T, e.st.upgrades, "S or O to M without data"),                   \
    SIM_STAT("writebacks", T, e.st.writebacks, "dirty victims passed to memory"),         \
    SIM_STAT("evicts", T, e.st.evicts, "clean victims announced"),                        \
    SIM_STAT("writes", T, e.st.writes, "write-through writes passed to memory"),          \
    SIM_STAT("c2c", T, e.st.c2c, "lines supplied by another cache"),                      \
    SIM_STAT("mem_reads", T, e.st.mem_reads, "lines read from memory"),                   \
    SIM_STAT("flushes", T, e.st.flushes, "dirty lines written back on a downgrade (MESI)"), \
    SIM_STAT("invalidations", T, e.st.invalidations, "copies invalidated in other caches"), \
    SIM_STAT("downgrades", T, e.st.downgrades, "copies downgraded to S or O"),            \
    SIM_STAT("refused", T, e.st.refused, "requests refused: input queue full"),           \
    SIM_STAT("invariant_checks", T, e.st.checks, "single-writer/multiple-reader checks"),  \
    SIM_STAT("invariant_violations", T, e.st.violations, "checks that failed (the run stops)"), \
    SIM_STAT_U("busy", T, e.st.busy, "ps", "time the medium was occupied"),               \
    SIM_STAT_AVG("queue_delay", T, e.st.queue_delay, "ps", "arrival to start (AT)"),      \
    SIM_STAT_AVG("latency", T, e.st.latency, "ps", "start to answer"),                    \
    SIM_FORMULA("utilisation", "busy / (sim.seconds * 1e12)", NULL,                       \
                "share of time the medium was occupied")

/* The engine's energy rows, first in the controller's table (coh_energy
 * fills them in this order). */
#define COH_ENERGY(T)                                                                      \
    SIM_ENERGY("arbitration", T, e.ev.arb, "one arbitration among the caches, per "        \
               "transaction"),                                                             \
    SIM_ENERGY("messages", T, e.ev.msgs, "one address/command message (64 bits) over "     \
               "wire_mm"),                                                                 \
    SIM_ENERGY("lines", T, e.ev.lines, "one line of data over wire_mm")

int coh_init(struct coh_engine *e, sim_comp *comp, const struct coh_ops *ops, void *owner,
             uint32_t queue, uint64_t line, bool check, bool moesi, sim_error *err);
/* At start: count the caches, check snoop matches cpu. max_n bounds them. */
int coh_start(struct coh_engine *e, int max_n, sim_error *err);
void coh_fini(struct coh_engine *e);

sim_tick coh_access_lt(struct coh_engine *e, sim_req *r);
bool coh_send_at(struct coh_engine *e, sim_req *r);
void coh_resp_at(struct coh_engine *e, sim_req *d);
void coh_retry(struct coh_engine *e);
int coh_tick(struct coh_engine *e);

/* For resolve: a snoop (SIM_INVAL or SIM_READ) to cache j, applied now.
 * Returns the state the line had there; *dirty and *present tell what the
 * answer said, *lat grows to the snoop's latency if longer. */
uint8_t coh_snoop(struct coh_engine *e, int j, int cmd, uint64_t line, bool *dirty,
                  bool *present, sim_tick *lat);
/* The state cache j (with the caches above it) holds line in, changing
 * and counting nothing: simulator bookkeeping, not a modelled lookup (the
 * invariant check; whether an upgrade's requester still holds its line,
 * which the hardware knows from the requester's own state). */
uint8_t coh_peek(struct coh_engine *e, int j, uint64_t line);
/* For resolve: write a dirty line (not the requested one) back to memory,
 * off the critical path. */
void coh_post_writeback(struct coh_engine *e, uint64_t line);
/* A transaction on line is started and not yet answered (AT). */
bool coh_line_in_flight(const struct coh_engine *e, uint64_t line);
/* The COH_ENERGY rows' energies, event_j[0..2], for wires of wire_mm. */
void coh_energy(const struct coh_engine *e, const sim_tech *tech, double wire_mm,
                double *event_j);

#endif
