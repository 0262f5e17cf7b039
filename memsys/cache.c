/* memsys/cache.c - set-associative, non-blocking cache holding tags and
 * coherence states (no data: data lives in the ISA model's memory).
 *
 * Modelled: size, associativity, line size; tag and data latency, looked up
 * in sequence or in parallel; read/write ports and line-interleaved banks
 * (approximately-timed only); MSHRs with targets per entry and merging of
 * misses to one line; write-back or write-through, write-allocate or not;
 * pluggable replacement (repl.h) and prefetchers (prefetch.h); inclusion
 * towards the caches above (inclusive with back-invalidation through the
 * `inval` port, exclusive, non-inclusive); MESI/MOESI line states, with
 * snoops from a snooping bus or directory on the `snoop` port (see
 * coherence.h) passed on to the caches above (the invariant check's peeks
 * count nothing); a cache that is one slice of
 * several an interconnect interleaves addresses over (`slices`) indexes its
 * sets and banks without the bits that picked it (else it would use only
 * 1/slices of its sets).
 *
 * Both timing styles. Loosely-timed: access_lt looks up, fills and writes
 * back now and returns the latency. Approximately-timed: send_at accepts into
 * an input queue (refusing when it is full, retrying later), the cache is
 * clocked while it has work, misses take MSHRs and go down with sim_send_at,
 * fills answer every merged request. Unloaded, both give the same latency:
 *   hit  = tag + data       (parallel lookup: max(tag, data))
 *   miss = tag + latency of the level below (the critical word is forwarded)
 * and both count the same hits and misses on the same stream: a request
 * merged into an in-flight miss counts as a (delayed) hit, mshr_merges.
 * Hits and misses are demand requests: the prefetches of the caches above
 * are counted apart (pf_in_hits, pf_in_misses) and go down as prefetches.
 *
 * Approximations: writebacks, write-through writes and prefetches are off
 * the critical path (LT: their latency is not added; AT: they wait in the
 * write buffer or the MSHRs). A loosely-timed prefetch fills its line at
 * once but remembers when its fill would be there (up to PF_FILL_SETS x
 * PF_FILL_WAYS in flight, by a hash of the line, so strided streams do not
 * alias): a demand hit before then waits for the rest and counts as late,
 * as it would merged into the prefetch's MSHR when approximately-timed
 * (next_line over a 50 ns memory: 25.0 ns mean latency LT, 25.3 ns AT,
 * and the same useful and late counts). Snoops and back-invalidations take effect at
 * once, also in AT (the bus or directory charges their latency). Requests
 * are taken to lie in one line. Not modelled: sectored lines, way
 * prediction, bank conflicts between fills and accesses.
 *
 * Energy: events tag_read (every lookup), data_read (a hit's line, a dirty
 * victim's line), data_write (a store, a fill) and fill (the tag and state
 * write); the energy_model slot prices them with sim_sram_model for this
 * geometry (sim_tech.h). A parallel lookup's wasted data reads on a miss
 * are not counted.
 *
 * Speed: a lookup compares 8-bit partial tags eight ways at a time and
 * finds the lowest empty way on the same pass (cache_tags.h), so a miss
 * costs one look at its set: a loosely-timed miss looks again after its
 * trip below only if something entered this cache meanwhile (a count of
 * entries, `gen`, says so). Lines answered upward and still on their way
 * are found by a hash, not a scan. True LRU of up to 16 ways, the default,
 * runs inline (repl.h), as do the MSHR calls; an approximately-timed hit
 * is handled in one function (process), misses and victims out of line
 * (process_miss, process_victim). The writebacks and clean victims
 * this cache sends on its own are posted (REQ_POSTED, coherence.h): the
 * level below frees them instead of answering, when they reach it
 * straight, as no state here waits for that answer (the write buffer
 * entry is free once the request is sent). Ports and banks count per
 * cycle without a division when requests lie a cycle or more apart. */
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_tech.h>
#include <archsim/sim_type.h>
#include "memsys/cache_mshr.h"
#include "memsys/cache_tags.h"
#include "memsys/coherence.h"
#include "memsys/prefetch.h"
#include "memsys/repl.h"

enum { WP_BACK, WP_THROUGH };
enum { INC_NON, INC_INCLUSIVE, INC_EXCLUSIVE };

struct cache_cfg {
    uint64_t size, line;
    uint32_t assoc;
    uint32_t tag_latency, data_latency;
    bool sequential;
    uint32_t ports, banks, queue;
    uint32_t mshrs, mshr_targets, write_buffer;
    int write_policy;
    bool write_allocate;
    int inclusion;
    bool clean_evict;
    const char *replacement;
    const char *prefetcher;
    uint32_t pf_degree, pf_distance, pf_table;
    uint64_t pf_page;
    uint32_t slices;
    uint64_t slice_interleave;
};

#define PF_MAX 16                   /* proposals taken per access */
#define MSHR_GONE 0x80              /* in mshr.excl: back-invalidated in flight */
#define MSHR_SHARED 0x40            /* in mshr.excl: downgraded in flight: fill as S at most */

#define PF_FILL_SETS 64             /* loosely-timed prefetch fills remembered: */
#define PF_FILL_WAYS 16             /* sets (a power of two) x ways */

struct cache {
    struct cache_cfg cfg;
    sim_comp *comp;
    struct cache_tags tags;
    struct mshr_file mshr;
    struct pf pf;
    bool has_pf;
    /* loosely-timed prefetches: when each one in flight has its fill there
     * (PF_FILL_SETS x PF_FILL_WAYS, set by a hash of the line; NULL without
     * a prefetcher), so a demand hit before it waits for it */
    struct pf_fill { uint64_t line; sim_tick ready; } *pf_fill;
    sim_tick tag_lat, hit_lat;      /* ps */
    uint32_t line_shift, page_shift;
    bool pf_in_page;                /* prefetches stay in pages of 2^page_shift lines */
    int n_up;                       /* caches above on `inval` */

    /* approximately-timed state */
    sim_req **q;                    /* input queue: ring of cfg.queue */
    uint32_t qhead, qn;
    bool refused;                   /* an initiator waits for sim_retry */
    bool stalled;                   /* queue head waits for an MSHR or the write buffer */
    sim_tick cycle_tick;            /* used_ports counts the cycle of this tick */
    sim_tick cycle_end;             /* where that cycle ends (an edge); 0: not worked out */
    sim_tick period;                /* of this cache's clock */
    uint32_t used_ports;
    uint64_t used_banks;
    struct upfill {                 /* lines answered upward whose answer is on its way */
        uint64_t line;
        sim_tick until;             /* live while until > now */
        int32_t next;               /* next slot filed under the same hash, -1: none */
        bool filed;                 /* in a hash chain (under line) */
    } *upf;
    uint32_t n_upf, upf_hand;       /* upf_hand: where the search for a free slot goes on */
    int32_t *upf_hash;              /* upf_hmask + 1 chains of slots, by line hash */
    uint32_t upf_hmask;
    sim_req *out_head, *out_tail;   /* requests waiting to go down, in order */
    uint32_t out_writes;            /* writebacks and posted writes among them */
    bool out_blocked;               /* the head was refused: wait for retry */
    uint64_t gen;                   /* entries into this cache (calls, events): while it
                                     * stands still, nothing else touched the tags */

    struct {
        uint64_t hits, misses, mshr_merges, upgrades;
        uint64_t pf_in_hits, pf_in_misses;
        uint64_t read_misses, write_misses;
        uint64_t evictions, writebacks, clean_evictions, back_invalidations;
        uint64_t victims_in, snoop_invalidations, snoop_downgrades;
        uint64_t refused, mshr_stalls;
        uint64_t pf_issued, pf_useful, pf_late, pf_useless, pf_dropped;
        sim_avg miss_latency;
    } st;
    struct {
        uint64_t tag_read, data_read, data_write, fill;
    } ev;
};
enum { CACHE_CPU, CACHE_MEM, CACHE_SNOOP, CACHE_INVAL };   /* cache_ports order */
enum { DONE, STALL_CYCLE, STALL_RESOURCE };                /* what process() did */

static const sim_param cache_params[] = {
    SIM_PARAM_SIZE("size", struct cache_cfg, size, "32KiB", "capacity"),
    SIM_PARAM_SIZE("line", struct cache_cfg, line, "64B", "line size (a power of two)"),
    SIM_PARAM_UINT("assoc", struct cache_cfg, assoc, 8, 1, 64, "ways per set"),
    SIM_PARAM_CYCLES("tag_latency", struct cache_cfg, tag_latency, 1,
                     "tag lookup; a miss is known after it"),
    SIM_PARAM_CYCLES("data_latency", struct cache_cfg, data_latency, 3, "data array access"),
    SIM_PARAM_BOOL("sequential", struct cache_cfg, sequential, true,
                   "data read after the tag match (hit = tag + data); false: in parallel "
                   "(hit = max of the two, all ways read)"),
    SIM_PARAM_UINT("ports", struct cache_cfg, ports, 1, 1, 64,
                   "requests started per cycle (approximately-timed)"),
    SIM_PARAM_UINT("banks", struct cache_cfg, banks, 1, 1, 64,
                   "line-interleaved banks, one request each per cycle (approximately-timed)"),
    SIM_PARAM_UINT("queue", struct cache_cfg, queue, 16, 1, 65536,
                   "input queue entries; a full queue refuses requests until it drains"),
    SIM_PARAM_UINT("mshrs", struct cache_cfg, mshrs, 8, 1, 4096, "outstanding line misses"),
    SIM_PARAM_UINT("mshr_targets", struct cache_cfg, mshr_targets, 4, 1, 1024,
                   "requests merged into one outstanding miss; one more to a line whose "
                   "list is full stops the input queue (later hits wait too) until the fill"),
    SIM_PARAM_UINT("write_buffer", struct cache_cfg, write_buffer, 8, 1, 65536,
                   "writebacks and posted writes waiting for the next level"),
    SIM_PARAM_ENUM("write_policy", struct cache_cfg, write_policy, "write_back",
                   "write_back|write_through", "write hits: mark dirty, or also write below"),
    SIM_PARAM_BOOL("write_allocate", struct cache_cfg, write_allocate, true,
                   "a write miss fetches the line (false: the write goes around)"),
    SIM_PARAM_ENUM("inclusion", struct cache_cfg, inclusion, "non_inclusive",
                   "non_inclusive|inclusive|exclusive",
                   "towards the caches above: inclusive back-invalidates them (port inval) on "
                   "eviction; exclusive keeps only their victims and hands hits up"),
    SIM_PARAM_BOOL("clean_evict", struct cache_cfg, clean_evict, false,
                   "send clean victims down (SIM_EVICT): set it above an exclusive cache "
                   "or a directory"),
    SIM_PARAM_STRING("replacement", struct cache_cfg, replacement, "lru",
                     "lru|plru|fifo|random|srrip|brrip|drrip (or a policy added in repl.c)"),
    SIM_PARAM_STRING("prefetcher", struct cache_cfg, prefetcher, "none",
                     "none|next_line|ip_stride|stream (or one added in prefetch.c)"),
    SIM_PARAM_UINT("slices", struct cache_cfg, slices, 1, 1, 1024,
                   "this cache is one of N slices (a power of two) an interconnect "
                   "interleaves addresses over (a mesh's or crossbar's outputs): sets and banks "
                   "are indexed without the address bits that pick the slice, so all are used"),
    SIM_PARAM_SIZE("slice_interleave", struct cache_cfg, slice_interleave, "0B",
                   "bytes the interconnect maps to one slice before the next (its "
                   "interleave; a power of two, at least a line); 0B: a line"),
    SIM_PARAM_UINT("pf_degree", struct cache_cfg, pf_degree, 1, 1, 16,
                   "lines prefetched per trigger"),
    SIM_PARAM_UINT("pf_distance", struct cache_cfg, pf_distance, 1, 1, 1024,
                   "lines ahead of the trigger the first prefetch is"),
    SIM_PARAM_UINT("pf_table", struct cache_cfg, pf_table, 0, 0, 65536,
                   "entries of the prefetcher's table (0: its own default: ip_stride 64, "
                   "stream 16)"),
    SIM_PARAM_SIZE("pf_page", struct cache_cfg, pf_page, "4KiB",
                   "prefetches stay in the trigger's page of this size (0: no limit)"),
};

static const sim_stat cache_stats[] = {
    SIM_STAT("hits", struct cache, st.hits,
             "demand requests that found the line (delayed hits included)"),
    SIM_STAT("misses", struct cache, st.misses,
             "demand requests sent to the next level (upgrades included)"),
    SIM_STAT("read_misses", struct cache, st.read_misses, "misses of reads and fetches"),
    SIM_STAT("pf_in_hits", struct cache, st.pf_in_hits,
             "prefetches of the caches above that found the line (not in hits)"),
    SIM_STAT("pf_in_misses", struct cache, st.pf_in_misses,
             "prefetches of the caches above sent to the next level (not in misses)"),
    SIM_STAT("write_misses", struct cache, st.write_misses,
             "misses of writes and reads for ownership (upgrades included)"),
    SIM_STAT("mshr_merges", struct cache, st.mshr_merges,
             "delayed hits: requests merged into an outstanding miss"),
    SIM_STAT("upgrades", struct cache, st.upgrades, "writes to a shared line sent down"),
    SIM_STAT("evictions", struct cache, st.evictions, "valid lines replaced"),
    SIM_STAT("writebacks", struct cache, st.writebacks, "dirty lines written to the next level"),
    SIM_STAT("clean_evictions", struct cache, st.clean_evictions,
             "clean victims announced to the next level"),
    SIM_STAT("back_invalidations", struct cache, st.back_invalidations,
             "lines invalidated above because this inclusive cache evicted them"),
    SIM_STAT("victims_in", struct cache, st.victims_in,
             "writebacks and clean victims received from above"),
    SIM_STAT("snoop_invalidations", struct cache, st.snoop_invalidations,
             "lines invalidated by snoops and back-invalidations"),
    SIM_STAT("snoop_downgrades", struct cache, st.snoop_downgrades,
             "lines downgraded to S or O by snoop reads"),
    SIM_STAT("refused", struct cache, st.refused, "requests refused: input queue full"),
    SIM_STAT("mshr_stalls", struct cache, st.mshr_stalls,
             "times the queue head waited for an MSHR, a target slot or the write buffer"),
    SIM_STAT("pf_issued", struct cache, st.pf_issued, "prefetches sent to the next level"),
    SIM_STAT("pf_useful", struct cache, st.pf_useful,
             "prefetched lines hit by a demand request"),
    SIM_STAT("pf_late", struct cache, st.pf_late,
             "demand requests that found their prefetch still in flight"),
    SIM_STAT("pf_useless", struct cache, st.pf_useless,
             "prefetched lines evicted or invalidated unused"),
    SIM_STAT("pf_dropped", struct cache, st.pf_dropped,
             "proposals not issued: present, in flight, off the page or no MSHR"),
    SIM_STAT_AVG("miss_latency", struct cache, st.miss_latency, "ps",
                 "request sent down to fill"),
    SIM_FORMULA("miss_rate", "misses / (hits + misses)", NULL, "misses per demand request"),
    SIM_FORMULA("pf_accuracy", "(pf_useful + pf_late) / pf_issued", NULL,
                "prefetches used by a demand request, per prefetch issued"),
    SIM_FORMULA("pf_coverage", "(pf_useful + pf_late) / (pf_useful + pf_late + misses)", NULL,
                "share of the misses without prefetching that prefetches covered"),
};

enum { EV_TAG_READ, EV_DATA_READ, EV_DATA_WRITE, EV_FILL };   /* cache_energy order */
static const sim_energy_event cache_energy[] = {
    SIM_ENERGY("tag_read", struct cache, ev.tag_read, "one tag lookup, all ways"),
    SIM_ENERGY("data_read", struct cache, ev.data_read, "one line read from the data array"),
    SIM_ENERGY("data_write", struct cache, ev.data_write,
               "one write into the data array (a store or a fill)"),
    SIM_ENERGY("fill", struct cache, ev.fill, "one line installed (tag and state write)"),
};

static const sim_port cache_ports[] = {
    [CACHE_CPU] = {"cpu", SIM_TARGET | SIM_MULTI, "requests from cores or the caches above"},
    [CACHE_MEM] = {"mem", SIM_INITIATOR, "misses, writebacks and prefetches to the next level"},
    [CACHE_SNOOP] = {"snoop", SIM_TARGET | SIM_MULTI | SIM_OPTIONAL,
                     "snoops from a coherent bus or directory, back-invalidations from "
                     "an inclusive cache below"},
    [CACHE_INVAL] = {"inval", SIM_INITIATOR | SIM_MULTI | SIM_OPTIONAL,
                     "to the caches above (their snoop port): back-invalidations and "
                     "snoops passed on"},
};

/* ------------------------------------------------------------ helpers */

static uint64_t cache_rand(void *comp)
{
    return sim_rand(comp);
}

static bool is_write(int cmd)
{
    return cmd == SIM_WRITE;
}

/* Does this demand request need the line writable (M or E) here? */
static bool needs_ownership(const struct cache *c, int cmd)
{
    if (cmd == SIM_READ_EX || cmd == SIM_UPGRADE)
        return true;
    return cmd == SIM_WRITE && c->cfg.write_policy == WP_BACK;
}

/* The state a response from below grants (0: a plain memory answered). */
static uint8_t granted(const sim_req *d)
{
    if (d->state)
        return d->state;
    return CS_E;                    /* a memory's line: clean, ours alone */
}

/* The state handed up with a read: writable if ours is, else shared. */
static uint8_t grant_up(uint8_t st)
{
    return cs_writable(st) ? CS_E : CS_S;
}

/* A request on the stack for a loosely-timed call: every field but the AT
 * route, which LT never reads (zeroing all 200 bytes costs more than the
 * lookup on the hot miss path). */
static inline void lt_req(sim_req *d)
{
    d->addr = d->pc = d->id = 0;
    d->issue = 0;
    d->size = 0;
    d->cmd = d->state = 0;
    d->core = d->in_idx = d->flags = 0;
    d->ctx = NULL;
    d->depth = 0;
    d->next = NULL;
}

static void down_req(struct cache *c, sim_req *d, int cmd, uint64_t line, const sim_req *cause)
{
    d->addr = line << c->line_shift;
    d->size = (uint32_t)c->cfg.line;
    d->cmd = (uint8_t)cmd;
    d->pc = cause ? cause->pc : 0;
    d->core = cause ? cause->core : 0;
}

/* ------------------------------------------------ answers to the caches above */

/* The slot of the live record of line (at most one is), or -1. */
static int32_t upf_find(const struct cache *c, uint64_t line, sim_tick now)
{
    for (int32_t i = c->upf_hash[mshr_slot_hash(line) & c->upf_hmask]; i >= 0;
         i = c->upf[i].next)
        if (c->upf[i].line == line && c->upf[i].until > now)
            return i;
    return -1;
}

/* A slot for a new record: any dead one (which one is chosen is not seen:
 * dead records are never looked at again), found from a moving hand; when
 * all are live, the one that lives the shortest (the first of equals). */
static int32_t upf_free(struct cache *c, sim_tick now)
{
    int32_t best = 0;

    for (uint32_t k = 0; k < c->n_upf; k++) {
        uint32_t i = c->upf_hand + k < c->n_upf ? c->upf_hand + k : c->upf_hand + k - c->n_upf;

        if (c->upf[i].until <= now) {
            c->upf_hand = i + 1 < c->n_upf ? i + 1 : 0;
            return (int32_t)i;
        }
    }
    for (uint32_t i = 1; i < c->n_upf; i++)
        if (c->upf[i].until < c->upf[best].until)
            best = (int32_t)i;
    return best;
}

/* File slot i under line (out of the chain of the line it held). */
static void upf_refile(struct cache *c, int32_t i, uint64_t line)
{
    struct upfill *u = &c->upf[i];
    int32_t *p;

    if (u->filed) {
        for (p = &c->upf_hash[mshr_slot_hash(u->line) & c->upf_hmask]; *p != i;
             p = &c->upf[*p].next)
            ;
        *p = u->next;
    }
    p = &c->upf_hash[mshr_slot_hash(line) & c->upf_hmask];
    u->next = *p;
    *p = i;
    u->filed = true;
    u->line = line;
}

/* Remember r's line until its answer lands, delay from now. Records are
 * found by line through a hash, not by a scan. */
static void upf_note(struct cache *c, sim_req *r, sim_tick delay)
{
    uint64_t line = tags_line(&c->tags, r->addr);
    sim_tick now = sim_time(c->comp), until = now + delay;
    int32_t i = upf_find(c, line, now);
    struct upfill *slot;

    if (i < 0) {
        i = upf_free(c, now);
        upf_refile(c, i, line);
    }
    slot = &c->upf[i];
    if (slot->until < until || slot->until <= now)
        slot->until = until;
}

/* Answer r (from above) after delay. A cache with caches above that it
 * passes snoops to remembers the line until the answer lands: a snoop in
 * between must reach the fill on its way (COH_INFLIGHT). */
static inline void answer(struct cache *c, sim_req *r, sim_tick delay)
{
    if (c->n_up)
        upf_note(c, r, delay);
    sim_respond(c->comp, r, delay);
}

static bool answer_pending(const struct cache *c, uint64_t line)
{
    return upf_find(c, line, sim_time(c->comp)) >= 0;
}

/* ------------------------------------------------------- write buffer */

static bool out_counts(const sim_req *d)
{
    return d->cmd == SIM_WRITEBACK || d->cmd == SIM_EVICT || d->cmd == SIM_WRITE;
}

/* The write buffer has room again: let a queue head waiting for it go. */
static void out_room(struct cache *c)
{
    if (c->stalled && c->out_writes < c->cfg.write_buffer) {
        c->stalled = false;
        sim_wake(c->comp);
    }
}

static void out_drain(struct cache *c)
{
    while (c->out_head && !c->out_blocked) {
        sim_req *d = c->out_head;
        sim_req *next = d->next;
        bool counts = out_counts(d);    /* before: a posted d is freed once taken */

        if (!sim_send_at(c->comp, CACHE_MEM, d)) {
            c->out_blocked = true;
            return;
        }
        c->out_head = next;
        if (!next)
            c->out_tail = NULL;
        if (counts)
            c->out_writes--;
    }
    out_room(c);
}

/* Send d down behind what waits, in order. With nothing waiting it goes
 * at once, as out_drain would send it, without a trip through the list. */
static inline __attribute__((always_inline)) void out_push(struct cache *c, sim_req *d)
{
    bool counts = out_counts(d);

    d->next = NULL;
    if (counts)
        c->out_writes++;
    if (!c->out_head && !c->out_blocked) {
        if (sim_send_at(c->comp, CACHE_MEM, d)) {
            if (counts)
                c->out_writes--;
            out_room(c);
            return;
        }
        c->out_blocked = true;
        c->out_head = c->out_tail = d;
        return;
    }
    if (c->out_tail)
        c->out_tail->next = d;
    else
        c->out_head = d;
    c->out_tail = d;
    out_drain(c);
}

/* post_down, loosely-timed. */
static __attribute__((noinline)) void post_down_lt(struct cache *c, int cmd, uint64_t line,
                                                   uint8_t state, const sim_req *cause)
{
    sim_req d;

    lt_req(&d);
    down_req(c, &d, cmd, line, cause);
    d.state = state;
    sim_send_lt(c->comp, CACHE_MEM, &d);
}

/* A request to the next level that nobody waits for: LT now (its latency is
 * off the critical path), AT through the write buffer. */
static inline __attribute__((always_inline)) void
post_down(struct cache *c, int cmd, uint64_t line, uint8_t state, const sim_req *cause, bool at)
{
    sim_req *d;

    if (!at) {
        post_down_lt(c, cmd, line, state, cause);
        return;
    }
    d = sim_req_alloc(c->comp);
    if (!d)
        return;
    down_req(c, d, cmd, line, cause);
    d->state = state;
    if (cmd == SIM_WRITEBACK || cmd == SIM_EVICT)
        d->flags = REQ_POSTED;      /* its answer only frees it (cache_resp_at) */
    out_push(c, d);
}

/* ------------------------------------------------- eviction and fills */

/* Invalidate line in every cache above; true if one of them had it dirty. */
static bool back_invalidate(struct cache *c, uint64_t line)
{
    bool dirty = false;

    for (int i = 0; i < c->n_up; i++) {
        sim_req q;

        lt_req(&q);
        q.cmd = SIM_INVAL;
        q.addr = line << c->line_shift;
        q.size = (uint32_t)c->cfg.line;
        q.flags = COH_BACKINV;
        sim_send_lt_to(c->comp, CACHE_INVAL, i, &q);
        if (q.flags & COH_PRESENT)
            c->st.back_invalidations++;
        if (q.flags & COH_DIRTY)
            dirty = true;
    }
    return dirty;
}

/* A victim has left the array: tell the caches above (inclusive) and the
 * one below (writeback, or clean_evict). */
static void victim_out(struct cache *c, uint64_t line, uint8_t state, uint8_t flags, bool at)
{
    bool dirty = cs_dirty(state);

    c->st.evictions++;
    if (flags & LF_PREFETCHED)
        c->st.pf_useless++;
    if (c->cfg.inclusion == INC_INCLUSIVE && c->n_up && back_invalidate(c, line))
        dirty = true;
    if (dirty) {
        c->st.writebacks++;
        c->ev.data_read++;
        post_down(c, SIM_WRITEBACK, line, CS_M, NULL, at);
    } else if (c->cfg.clean_evict) {
        c->st.clean_evictions++;
        post_down(c, SIM_EVICT, line, state, NULL, at);
    }
}

/* Install line in its set, evicting the way the policy picks. The new line
 * is in place before the victim is sent anywhere, so whatever that sets off
 * below (and back up here) sees a consistent array. */
#define EMPTY_UNKNOWN UINT32_MAX

/* empty: the set's lowest invalid way as tags_lookup found it just before
 * (assoc: none), or EMPTY_UNKNOWN. */
static struct tag_line *allocate(struct cache *c, uint64_t line, uint8_t state, uint8_t flags,
                                 bool at, uint32_t empty)
{
    uint32_t set = tags_set(&c->tags, line);
    uint32_t way = empty == EMPTY_UNKNOWN ? tags_pick(&c->tags, set)
                                          : tags_pick_known(&c->tags, set, empty);
    struct tag_line *l = tags_way(&c->tags, set, way);
    uint64_t vline;
    uint8_t vstate, vflags;

    /* not a line with a miss or upgrade of its own in flight: its answer
     * would bring it back behind the victim's writeback */
    if (l->state != CS_I && c->mshr.used && mshr_find(&c->mshr, l->tag)) {
        for (uint32_t w = 0; w < c->tags.assoc; w++) {
            struct tag_line *k = tags_way(&c->tags, set, w);

            if (k->state == CS_I || !mshr_find(&c->mshr, k->tag)) {
                way = w;
                l = k;
                break;
            }
        }
    }
    vline = l->tag;
    vstate = l->state;
    vflags = l->flags;

    l = tags_install(&c->tags, set, way, line, state, flags);
    c->ev.fill++;
    c->ev.data_write++;
    if (vstate != CS_I)
        victim_out(c, vline, vstate, vflags, at);
    return l;
}

/* ------------------------------------------------------------ prefetch */

/* The set of PF_FILL_WAYS entries where line's fill is remembered. */
static struct pf_fill *pf_fill_set(const struct cache *c, uint64_t line)
{
    return c->pf_fill + ((line * 0x9e3779b97f4a7c15ull) >> 58) % PF_FILL_SETS * PF_FILL_WAYS;
}

/* Remember that line's prefetch fills at `ready`: in its own entry, else
 * one whose fill is there already, else the one there soonest. */
static void pf_fill_note(struct cache *c, uint64_t line, sim_tick ready)
{
    struct pf_fill *f = pf_fill_set(c, line), *v = f;
    sim_tick now = sim_time(c->comp);

    for (int i = 0; i < PF_FILL_WAYS; i++) {
        if (f[i].line == line || f[i].ready <= now) {
            v = &f[i];
            break;
        }
        if (f[i].ready < v->ready)
            v = &f[i];
    }
    v->line = line;
    v->ready = ready;
}

static void pf_issue_lt(struct cache *c, uint64_t line, const sim_req *cause)
{
    uint32_t way, empty;
    sim_req d;

    sim_tick t;

    lt_req(&d);
    down_req(c, &d, SIM_PREFETCH, line, cause);
    t = sim_send_lt(c->comp, CACHE_MEM, &d);
    c->st.pf_issued++;
    if (!(d.flags & COH_NOFILL) && !tags_lookup(&c->tags, line, &way, &empty)) {
        allocate(c, line, granted(&d), LF_PREFETCHED, false, empty);
        pf_fill_note(c, line, sim_time(c->comp) + c->tag_lat + t);
    }
}

/* A loosely-timed demand hit on a prefetched line: the time until the
 * prefetch's fill is there (0 once it is), as a demand merged with the
 * prefetch's miss would wait when approximately-timed. */
static sim_tick pf_wait_lt(struct cache *c, uint64_t line)
{
    sim_tick now = sim_time(c->comp);
    const struct pf_fill *f = pf_fill_set(c, line);

    for (int i = 0; i < PF_FILL_WAYS; i++)
        if (f[i].line == line)
            return f[i].ready > now ? f[i].ready - now : 0;
    return 0;
}

static void pf_issue_at(struct cache *c, uint64_t line, const sim_req *cause)
{
    struct mshr *m;
    sim_req *d;

    /* keep one MSHR for demand misses */
    if (c->mshr.used + 1 >= c->mshr.entries) {
        c->st.pf_dropped++;
        return;
    }
    d = sim_req_alloc(c->comp);
    if (!d)
        return;
    m = mshr_alloc(&c->mshr, line);
    m->prefetch = 1;
    m->down = d;
    down_req(c, d, SIM_PREFETCH, line, cause);
    d->ctx = m;
    c->st.pf_issued++;
    out_push(c, d);
}

/* Show the prefetcher one demand access and issue what it proposes. */
static void pf_train(struct cache *c, uint64_t line, const sim_req *r, bool trigger, bool at)
{
    uint64_t cand[PF_MAX];
    int n;

    if (!c->has_pf)
        return;
    n = pf_access(&c->pf, line, r->pc, trigger, cand, PF_MAX);
    for (int i = 0; i < n; i++) {
        uint64_t p = cand[i];
        uint32_t way;

        if ((c->pf_in_page && (p >> c->page_shift) != (line >> c->page_shift)) ||
            tags_find(&c->tags, p, &way) || mshr_find(&c->mshr, p)) {
            c->st.pf_dropped++;
            continue;
        }
        if (at)
            pf_issue_at(c, p, r);
        else
            pf_issue_lt(c, p, r);
    }
}

/* ------------------------------------------------------------ demand */

/* A demand hit with the permission it needs. Sets r->state to what the
 * requester may hold. */
static inline __attribute__((always_inline)) void
hit(struct cache *c, sim_req *r, struct tag_line *l, uint32_t set, uint32_t way, bool at)
{
    uint64_t line = l->tag;
    bool trigger = false;

    if (r->cmd == SIM_PREFETCH)
        c->st.pf_in_hits++;
    else
        c->st.hits++;
    tags_hit(&c->tags, set, way);
    if (l->flags & LF_PREFETCHED) {
        l->flags &= (uint8_t)~LF_PREFETCHED;
        c->st.pf_useful++;
        trigger = true;
    }
    switch (r->cmd) {
    case SIM_WRITE:
        c->ev.data_write++;
        if (c->cfg.write_policy == WP_BACK)
            l->state = CS_M;
        else
            post_down(c, SIM_WRITE, line, 0, r, at);
        r->state = l->state;
        break;
    case SIM_READ_EX:
    case SIM_UPGRADE:
        /* ownership for the cache above, which will write the line: we keep
         * ours as it is (writable; dirty only if it was) and hand it up
         * clean, or two levels would write the same line back */
        c->ev.data_read++;
        r->state = CS_E;
        break;
    default:
        c->ev.data_read++;
        r->state = grant_up(l->state);
        break;
    }
    /* exclusive: a line the caches above take leaves this one */
    if (c->cfg.inclusion == INC_EXCLUSIVE && r->cmd != SIM_WRITE) {
        r->state = cs_dirty(l->state) ? CS_M : r->state;
        tags_invalidate(&c->tags, l);
    }
    pf_train(c, line, r, trigger, at);
}

/* The state a fill leaves in the line for request r (and grants to it). */
static uint8_t apply(struct cache *c, sim_req *r, struct tag_line *l, uint8_t st)
{
    switch (r->cmd) {
    case SIM_WRITE:
        c->ev.data_write++;
        if (c->cfg.write_policy == WP_BACK)
            st = CS_M;
        break;
    case SIM_READ_EX:
    case SIM_UPGRADE:
        /* ownership for the cache above (see hit): writable here, dirty
         * only if our copy was or the data came dirty */
        st = cs_dirty(st) || (l && cs_dirty(l->state)) ? CS_M : CS_E;
        break;
    default:
        break;
    }
    if (l)
        l->state = st;
    return st;
}

static void count_miss(struct cache *c, int cmd)
{
    if (cmd == SIM_PREFETCH) {      /* from above: not a demand miss */
        c->st.pf_in_misses++;
        return;
    }
    c->st.misses++;
    if (cmd == SIM_WRITE || cmd == SIM_READ_EX || cmd == SIM_UPGRADE)
        c->st.write_misses++;
    else
        c->st.read_misses++;
}

/* The command that fetches line for cmd: l is our copy without ownership. */
static int fetch_cmd(const struct cache *c, int cmd, bool present, bool own)
{
    if (present)
        return c->cfg.inclusion == INC_EXCLUSIVE ? SIM_READ_EX : SIM_UPGRADE;
    if (own)
        return SIM_READ_EX;
    return cmd == SIM_IFETCH || cmd == SIM_PREFETCH ? cmd : SIM_READ;
}

/* A writeback or a clean victim from above. */
static void victim_in(struct cache *c, sim_req *r, bool at)
{
    uint64_t line = tags_line(&c->tags, r->addr);
    uint32_t way, empty;
    struct tag_line *l;

    c->st.victims_in++;
    c->ev.tag_read++;
    l = tags_lookup(&c->tags, line, &way, &empty);
    if (r->cmd == SIM_WRITEBACK) {
        c->ev.data_write++;
        if (l)                      /* dirty now, shared as it was: S or O -> O */
            l->state = cs_writable(l->state) ? CS_M : CS_O;
        else if (c->cfg.write_policy == WP_THROUGH || c->cfg.inclusion == INC_INCLUSIVE)
            /* inclusive: the line was taken from us (and from above) while
             * this writeback was on its way; it must not come back as ours */
            post_down(c, SIM_WRITEBACK, line, CS_M, r, at);
        else
            allocate(c, line, CS_M, 0, at, empty);
    } else if (!l && c->cfg.inclusion == INC_EXCLUSIVE) {
        allocate(c, line, r->state ? r->state : CS_E, 0, at, empty);
    }
}

static sim_tick demand_lt(struct cache *c, sim_req *r)
{
    uint64_t line = tags_line(&c->tags, r->addr);
    uint32_t set = tags_set(&c->tags, line), way;
    int cmd = r->cmd;
    bool own = needs_ownership(c, cmd);
    struct tag_line *l;
    sim_req d;
    sim_tick t;
    uint64_t gen;
    uint32_t empty = EMPTY_UNKNOWN;
    uint8_t st;

    c->ev.tag_read++;
    l = tags_lookup(&c->tags, line, &way, &empty);
    if (l && (!own || cs_writable(l->state))) {
        sim_tick wait = l->flags & LF_PREFETCHED ? pf_wait_lt(c, line) : 0;

        hit(c, r, l, set, way, false);
        if (wait > 0) {             /* its prefetch is still in flight: late */
            c->st.pf_useful--;
            c->st.pf_late++;
        }
        return wait > c->hit_lat ? wait : c->hit_lat;
    }
    count_miss(c, cmd);
    lt_req(&d);
    if (is_write(cmd) && !l && !c->cfg.write_allocate) {
        down_req(c, &d, SIM_WRITE, line, r);
        t = sim_send_lt(c->comp, CACHE_MEM, &d);
        pf_train(c, line, r, true, false);
        return c->tag_lat + t;
    }
    if (l)
        c->st.upgrades++;
    down_req(c, &d, fetch_cmd(c, cmd, l != NULL, own), line, r);
    gen = c->gen;
    t = sim_send_lt(c->comp, CACHE_MEM, &d);
    sim_avg_add(&c->st.miss_latency, (double)t);
    st = granted(&d);
    /* the call below may have back-invalidated us: look again (unless
     * nothing came in meanwhile, when the first look still holds) */
    if (c->gen != gen)
        l = tags_lookup(&c->tags, line, &way, &empty);
    if ((d.flags & COH_NOFILL) || (c->cfg.inclusion == INC_EXCLUSIVE && !is_write(cmd))) {
        if (l) {
            if (cs_dirty(l->state))     /* ours was dirty: it goes up dirty */
                st = cs_writable(st) ? CS_M : CS_O;
            tags_invalidate(&c->tags, l);
        }
        r->state = apply(c, r, NULL, st);
        if (d.flags & COH_NOFILL)
            r->flags |= COH_NOFILL;
    } else {
        if (!l)
            l = allocate(c, line, st, 0, false, empty);
        st = apply(c, r, l, st);
        r->state = is_write(cmd) ? st : own ? CS_E : grant_up(st);
        if (is_write(cmd) && c->cfg.write_policy == WP_THROUGH)
            post_down(c, SIM_WRITE, line, 0, r, false);
    }
    pf_train(c, line, r, true, false);
    return c->tag_lat + t;
}

/* ---------------------------------------------------------------- snoops */

/* Pass snoop r on to every cache above with these flags: the strongest
 * state they had, whether any had the line, and (dirty, unless NULL)
 * whether any had it dirty. */
static void ask_up(struct cache *c, const sim_req *r, uint16_t flags, uint8_t *strongest,
                   bool *present, bool *dirty)
{
    for (int i = 0; i < c->n_up; i++) {
        sim_req q;

        lt_req(&q);
        q.cmd = r->cmd;
        q.addr = r->addr;
        q.size = r->size;
        q.flags = flags;
        sim_send_lt_to(c->comp, CACHE_INVAL, i, &q);
        if (q.state > *strongest)
            *strongest = q.state;
        *present |= (q.flags & COH_PRESENT) != 0;
        if (dirty)
            *dirty |= (q.flags & COH_DIRTY) != 0;
    }
}

/* A peek (COH_PEEK, coh_peek): what a probe answers (the
 * strongest state line has here and above, whether it is present), with
 * no energy event, no replacement update, no entry counted in gen (nothing
 * changes, so a miss waiting below need not look again) and no simulated
 * time, so that every statistic is the same with the check on or off. */
static sim_tick peek(struct cache *c, sim_req *r)
{
    uint64_t line = tags_line(&c->tags, r->addr);
    uint8_t strongest = CS_I;
    bool present = false;
    struct tag_line *l;
    uint32_t way;

    ask_up(c, r, COH_PROBE | COH_PEEK, &strongest, &present, NULL);
    l = tags_find(&c->tags, line, &way);
    if (l) {
        present = true;
        if (l->state > strongest)
            strongest = l->state;
    }
    r->state = strongest;
    r->flags = (uint16_t)((r->flags & ~(COH_PRESENT | COH_DIRTY)) | (present ? COH_PRESENT : 0));
    return 0;
}

/* A snoop or back-invalidation: pass it up, apply it here, answer with the
 * strongest state found and whether the line was present or dirty. */
static sim_tick snoop(struct cache *c, sim_req *r)
{
    uint64_t line = tags_line(&c->tags, r->addr);
    uint16_t flags = r->flags;
    uint16_t up_flags = flags & (COH_PROBE | COH_BACKINV | COH_MOESI);
    uint8_t strongest = CS_I;
    bool dirty = false, present = false;
    struct tag_line *l;
    uint32_t way;

    if (!(flags & COH_PROBE) && c->n_up && answer_pending(c, line))
        up_flags |= COH_INFLIGHT;
    ask_up(c, r, up_flags, &strongest, &present, &dirty);
    c->ev.tag_read++;
    l = tags_find(&c->tags, line, &way);
    if (l) {
        present = true;
        if (l->state > strongest)
            strongest = l->state;
    }
    if (!(flags & COH_PROBE)) {
        if (r->cmd == SIM_INVAL) {
            if (l) {
                dirty |= cs_dirty(l->state);
                if (l->flags & LF_PREFETCHED)
                    c->st.pf_useless++;
                tags_invalidate(&c->tags, l);
                c->st.snoop_invalidations++;
            }
            if (flags & (COH_BACKINV | COH_INFLIGHT)) {
                struct mshr *m = mshr_find(&c->mshr, line);

                if (m)
                    m->excl |= MSHR_GONE;   /* in flight: the fill must not stay */
            }
        } else if (flags & COH_INFLIGHT) {
            struct mshr *m = mshr_find(&c->mshr, line);

            if (m)
                m->excl |= MSHR_SHARED;
        }
        if (r->cmd != SIM_INVAL && l && l->state != CS_S) {
            c->st.snoop_downgrades++;
            if (l->state == CS_M && (flags & COH_MOESI)) {
                l->state = CS_O;
                dirty = true;
            } else if (l->state != CS_O) {
                dirty |= cs_dirty(l->state);
                l->state = CS_S;
            } else {
                dirty = true;           /* O supplies the data and stays O */
            }
        }
        if (dirty && l)
            c->ev.data_read++;
    }
    r->state = strongest;
    r->flags = (uint16_t)((flags & ~(COH_PRESENT | COH_DIRTY)) | (present ? COH_PRESENT : 0) |
                          (dirty ? COH_DIRTY : 0));
    return c->tag_lat;
}

/* --------------------------------------------------- loosely-timed entry */

static sim_tick cache_access_lt(void *self, int port, sim_req *r)
{
    struct cache *c = self;

    if (port == CACHE_SNOOP && (r->flags & COH_PEEK))
        return peek(c, r);          /* before gen: a peek is no entry */
    c->gen++;
    if (port == CACHE_SNOOP)
        return snoop(c, r);
    switch (r->cmd) {
    case SIM_WRITEBACK:
    case SIM_EVICT:
        victim_in(c, r, false);
        return c->tag_lat;
    case SIM_INVAL:
        return snoop(c, r);
    default:
        return demand_lt(c, r);
    }
}

/* --------------------------------------------- approximately-timed path */

/* Is now in a later cycle than cycle_tick? Without a division unless they
 * lie less than a period apart (requests are mostly further apart). */
static bool new_cycle(struct cache *c, sim_tick now)
{
    if (now - c->cycle_tick >= c->period)
        return true;
    if (!c->cycle_end)
        c->cycle_end = (c->cycle_tick / c->period + 1) * c->period;
    return now >= c->cycle_end;
}

/* Room in this cycle for one more request to line's bank? */
static bool port_free(struct cache *c, uint64_t line)
{
    sim_tick now = sim_time(c->comp);

    if (now != c->cycle_tick && new_cycle(c, now)) {
        c->cycle_tick = now;
        c->cycle_end = 0;
        c->used_ports = 0;
        c->used_banks = 0;
    }
    if (c->used_ports >= c->cfg.ports)
        return false;
    return c->cfg.banks == 1 ||
           !(c->used_banks & (1ull << (tags_index_line(&c->tags, line) % c->cfg.banks)));
}

static void port_take(struct cache *c, uint64_t line)
{
    c->used_ports++;
    if (c->cfg.banks > 1)
        c->used_banks |= 1ull << (tags_index_line(&c->tags, line) % c->cfg.banks);
}

/* process() for a writeback, a clean victim or an invalidation from above. */
static __attribute__((noinline)) int process_victim(struct cache *c, sim_req *r, uint64_t line)
{
    port_take(c, line);
    if (r->cmd == SIM_INVAL) {
        sim_respond(c->comp, r, snoop(c, r));
        return DONE;
    }
    victim_in(c, r, true);
    if (req_posted(r))
        sim_req_free(c->comp, r);
    else
        sim_respond(c->comp, r, c->tag_lat);
    return DONE;
}

/* process() for a demand request that did not hit (l: the line without the
 * permission it needs, or NULL). Out of line: the hits need a lean path. */
static __attribute__((noinline)) int process_miss(struct cache *c, sim_req *r, uint64_t line,
                                                  struct tag_line *l)
{
    int cmd = r->cmd;
    bool own = needs_ownership(c, cmd);
    struct mshr *m = mshr_find(&c->mshr, line);
    sim_req *d;

    if (m) {
        if (m->n_targets == c->mshr.max_targets) {
            c->st.mshr_stalls++;
            return STALL_RESOURCE;
        }
        port_take(c, line);
        c->ev.tag_read++;
        mshr_add(&c->mshr, m, r);
        if (cmd == SIM_PREFETCH)
            c->st.pf_in_hits++;
        else
            c->st.hits++;
        c->st.mshr_merges++;
        if (own)
            m->excl |= 1;
        if (m->prefetch && !m->demand) {
            m->demand = 1;
            c->st.pf_late++;
        }
        pf_train(c, line, r, true, true);
        return DONE;
    }
    if (is_write(cmd) && !l && !c->cfg.write_allocate) {
        port_take(c, line);
        c->ev.tag_read++;
        count_miss(c, cmd);
        d = sim_req_alloc(c->comp);
        if (!d)
            return DONE;
        down_req(c, d, SIM_WRITE, line, r);
        d->ctx = r;
        out_push(c, d);
        pf_train(c, line, r, true, true);
        return DONE;
    }
    if (mshr_full(&c->mshr)) {
        c->st.mshr_stalls++;
        return STALL_RESOURCE;
    }
    d = sim_req_alloc(c->comp);
    if (!d)
        return STALL_RESOURCE;
    port_take(c, line);
    c->ev.tag_read++;
    count_miss(c, cmd);
    if (l)
        c->st.upgrades++;
    m = mshr_alloc(&c->mshr, line);
    mshr_add(&c->mshr, m, r);
    m->excl = own;
    m->down = d;
    down_req(c, d, fetch_cmd(c, cmd, l != NULL, own), line, r);
    d->ctx = m;
    out_push(c, d);                 /* the demand goes down before its prefetches */
    pf_train(c, line, r, true, true);
    return DONE;
}

/* Handle one request from above now, or say why it must wait. Nothing is
 * changed when it waits. */
static int process(struct cache *c, sim_req *r)
{
    uint64_t line = tags_line(&c->tags, r->addr);
    int cmd = r->cmd;
    struct tag_line *l;
    uint32_t way;

    if (!port_free(c, line))
        return STALL_CYCLE;
    /* a full write buffer stops the queue (victims may overfill it by one) */
    if (c->out_writes >= c->cfg.write_buffer &&
        ((is_write(cmd) && c->cfg.write_policy == WP_THROUGH) || cmd == SIM_WRITEBACK ||
         cmd == SIM_EVICT || c->out_writes > c->cfg.write_buffer)) {
        c->st.mshr_stalls++;
        return STALL_RESOURCE;
    }
    if (cmd == SIM_WRITEBACK || cmd == SIM_EVICT || cmd == SIM_INVAL)
        return process_victim(c, r, line);
    l = tags_find(&c->tags, line, &way);
    if (l && (!needs_ownership(c, cmd) || cs_writable(l->state))) {
        port_take(c, line);
        c->ev.tag_read++;
        hit(c, r, l, tags_set(&c->tags, line), way, true);
        answer(c, r, c->hit_lat);
        return DONE;
    }
    return process_miss(c, r, line, l);
}

/* After a fill or a drained write: let the queue move again. */
static void unstall(struct cache *c)
{
    if (c->stalled) {
        c->stalled = false;
        sim_wake(c->comp);
    }
}

static void fill(struct cache *c, sim_req *d)
{
    struct mshr *m = d->ctx;
    uint64_t line = m->line;
    uint8_t st = granted(d);
    bool nofill = (d->flags & COH_NOFILL) || (m->excl & MSHR_GONE);
    bool up = !m->prefetch || m->demand;   /* a request waits for it, not only a prefetch */
    bool exclusive = c->cfg.inclusion == INC_EXCLUSIVE && up;
    struct tag_line *l;
    uint32_t way, empty, i;

    if ((m->excl & MSHR_SHARED) && st > CS_S)
        st = CS_S;                  /* a snoop read overtook the answer */
    sim_avg_add(&c->st.miss_latency, (double)(sim_time(c->comp) - d->issue));
    l = tags_lookup(&c->tags, line, &way, &empty);
    if (nofill || exclusive) {
        if (l && up) {
            if (cs_dirty(l->state))     /* ours was dirty: it goes up dirty */
                st = cs_writable(st) ? CS_M : CS_O;
            tags_invalidate(&c->tags, l);
        }
        l = NULL;
    } else if (!l) {
        l = allocate(c, line, st, m->prefetch && !m->demand ? LF_PREFETCHED : 0, true, empty);
    } else {
        /* an upgrade's answer or a re-fetch; never below what we had: a
         * writable answer (E, M) to a dirty copy (O) makes it M */
        if (cs_writable(st) && cs_dirty(l->state))
            st = CS_M;
        l->state = st > l->state ? st : l->state;
        c->ev.fill++;
        c->ev.data_write++;
    }
    sim_req_free(c->comp, d);
    m->down = NULL;
    for (i = 0; i < m->n_targets; i++) {
        sim_req *r = m->targets[i];
        bool own = needs_ownership(c, r->cmd);
        uint8_t s;

        if (l && own && !cs_writable(l->state))
            break;                  /* granted S: ask again for ownership */
        s = apply(c, r, l, l ? l->state : st);
        /* kept here, a line goes up clean (writable for an owner: see hit) */
        r->state = !l || is_write(r->cmd) ? s : own ? CS_E : grant_up(s);
        if (nofill)
            r->flags |= COH_NOFILL;
        if (is_write(r->cmd) && c->cfg.write_policy == WP_THROUGH)
            post_down(c, SIM_WRITE, line, 0, r, true);
        answer(c, r, c->tag_lat);
    }
    if (i < m->n_targets) {
        sim_req *u = sim_req_alloc(c->comp);

        memmove(m->targets, m->targets + i, (m->n_targets - i) * sizeof(*m->targets));
        m->n_targets -= i;
        m->prefetch = 0;
        m->excl &= (uint8_t)~MSHR_SHARED;   /* that snoop came before this new request */
        c->st.upgrades++;
        if (u) {
            down_req(c, u, SIM_UPGRADE, line, m->targets[0]);
            u->ctx = m;
            m->down = u;
            out_push(c, u);
        }
        return;
    }
    mshr_release(&c->mshr, m);
    unstall(c);
}

static int cache_tick(void *self)
{
    struct cache *c = self;

    c->gen++;
    while (c->qn > 0) {
        sim_req *r = c->q[c->qhead];
        int rc = process(c, r);

        if (rc == STALL_CYCLE)
            return 1;
        if (rc == STALL_RESOURCE) {
            c->stalled = true;
            return 0;
        }
        c->qhead = (c->qhead + 1) % c->cfg.queue;
        c->qn--;
        if (c->refused) {
            c->refused = false;
            sim_retry(c->comp, CACHE_CPU);
        }
    }
    return 0;
}

static bool cache_send_at(void *self, int port, sim_req *r)
{
    struct cache *c = self;

    if (port == CACHE_SNOOP && (r->flags & COH_PEEK)) {
        sim_respond(c->comp, r, peek(c, r));
        return true;
    }
    c->gen++;
    if (port == CACHE_SNOOP) {
        sim_respond(c->comp, r, snoop(c, r));
        return true;
    }
    /* an idle cache starts the request in this very cycle */
    if (c->qn == 0 && !c->stalled) {
        int rc = process(c, r);

        if (rc == DONE)
            return true;
        if (rc == STALL_RESOURCE)
            c->stalled = true;
    }
    if (c->qn == c->cfg.queue) {
        c->st.refused++;
        c->refused = true;
        return false;
    }
    c->q[(c->qhead + c->qn) % c->cfg.queue] = r;
    c->qn++;
    if (!c->stalled)
        sim_wake(c->comp);
    return true;
}

static void cache_resp_at(void *self, int port, sim_req *d)
{
    struct cache *c = self;

    c->gen++;
    switch (d->cmd) {
    case SIM_WRITEBACK:
    case SIM_EVICT:
        sim_req_free(c->comp, d);
        break;
    case SIM_WRITE:
        if (d->ctx)                 /* a write around this cache: answer it now */
            answer(c, d->ctx, c->tag_lat);
        sim_req_free(c->comp, d);
        break;
    default:
        fill(c, d);
        break;
    }
}

static void cache_retry(void *self, int port, int idx)
{
    struct cache *c = self;

    c->gen++;
    if (port == CACHE_MEM) {
        c->out_blocked = false;
        out_drain(c);
    }
}

/* ------------------------------------------------------------ life cycle */

static void *cache_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct cache_cfg *cfg = cfgp;
    const struct repl_policy *pol = repl_find(cfg->replacement);
    const struct pf_policy *pfp = NULL;
    struct cache *c;
    uint64_t nsets;
    char why[256];

    if (!pol) {
        repl_names(why, sizeof(why));
        sim_param_error(err, comp, "replacement", "unknown policy '%s'; expected one of %s",
                        cfg->replacement, why);
        return NULL;
    }
    if (strcmp(cfg->prefetcher, "none") != 0 && !(pfp = pf_find(cfg->prefetcher))) {
        pf_names(why, sizeof(why));
        sim_param_error(err, comp, "prefetcher", "unknown prefetcher '%s'; expected none|%s",
                        cfg->prefetcher, why);
        return NULL;
    }
    if (cfg->pf_page && (!sim_is_pow2(cfg->pf_page) || cfg->pf_page < cfg->line)) {
        sim_param_error(err, comp, "pf_page", "must be 0 or a power of two no smaller than "
                        "a line, got %llu", (unsigned long long)cfg->pf_page);
        return NULL;
    }
    if (!sim_is_pow2(cfg->line)) {
        sim_param_error(err, comp, "line", "must be a power of two, got %llu",
                        (unsigned long long)cfg->line);
        return NULL;
    }
    nsets = cfg->size / (cfg->line * cfg->assoc);
    if (nsets == 0 || !sim_is_pow2(nsets) || nsets * cfg->line * cfg->assoc != cfg->size) {
        sim_param_error(err, comp, "size", "size/(line*assoc) must be a whole power of two, "
                        "got %llu/(%llu*%u)", (unsigned long long)cfg->size,
                        (unsigned long long)cfg->line, cfg->assoc);
        return NULL;
    }
    if (pol->check && pol->check((uint32_t)nsets, cfg->assoc)) {
        sim_param_error(err, comp, "replacement", "%s", pol->check((uint32_t)nsets, cfg->assoc));
        return NULL;
    }
    if (!sim_is_pow2(cfg->slices)) {
        sim_param_error(err, comp, "slices", "must be a power of two, got %u", cfg->slices);
        return NULL;
    }
    if (cfg->slice_interleave &&
        (!sim_is_pow2(cfg->slice_interleave) || cfg->slice_interleave < cfg->line)) {
        sim_param_error(err, comp, "slice_interleave", "must be a power of two of at least "
                        "the line (%llu B), got %llu", (unsigned long long)cfg->line,
                        (unsigned long long)cfg->slice_interleave);
        return NULL;
    }
    c = sim_zalloc(err, sizeof(*c));
    if (!c)
        return NULL;
    c->cfg = *cfg;
    c->comp = comp;
    if (tags_init(&c->tags, cfg->size, cfg->line, cfg->assoc, pol, cache_rand, comp, why,
                  sizeof(why)) < 0) {
        sim_error_set(err, SIM_ENOMEM, "%s: %s", sim_comp_name(comp), why);
        goto out_free;
    }
    tags_slice(&c->tags, cfg->slices,
               cfg->slice_interleave ? cfg->slice_interleave : cfg->line);
    if (mshr_init(&c->mshr, cfg->mshrs, cfg->mshr_targets) < 0) {
        sim_error_set(err, SIM_ENOMEM, "%s: out of memory for MSHRs", sim_comp_name(comp));
        goto out_tags;
    }
    if (pfp) {
        struct pf_cfg pc = {cfg->pf_degree, cfg->pf_distance, cfg->pf_table};

        if (pf_init(&c->pf, pfp, &pc, why, sizeof(why)) < 0) {
            sim_param_error(err, comp, "prefetcher", "%s", why);
            goto out_mshr;
        }
        c->has_pf = true;
        c->pf_fill = sim_zalloc(err, PF_FILL_SETS * PF_FILL_WAYS * sizeof(*c->pf_fill));
        if (!c->pf_fill)
            goto out_pf;
    }
    c->q = sim_zalloc(err, cfg->queue * sizeof(*c->q));
    if (!c->q)
        goto out_pf;
    c->n_upf = 2 * (cfg->mshrs + cfg->queue);
    c->upf = sim_zalloc(err, c->n_upf * sizeof(*c->upf));
    if (!c->upf)
        goto out_q;
    for (c->upf_hmask = 1; c->upf_hmask < c->n_upf; c->upf_hmask *= 2)
        ;
    c->upf_hash = sim_zalloc(err, c->upf_hmask * sizeof(*c->upf_hash));
    if (!c->upf_hash) {
        free(c->upf);
        goto out_q;
    }
    memset(c->upf_hash, 0xff, c->upf_hmask * sizeof(*c->upf_hash));    /* all -1 */
    c->upf_hmask--;
    c->line_shift = c->tags.line_shift;
    c->pf_in_page = cfg->pf_page != 0;
    c->page_shift = cfg->pf_page ? sim_log2(cfg->pf_page) - c->line_shift : 0;
    return c;

out_q:
    free(c->q);
out_pf:
    if (c->has_pf)
        pf_fini(&c->pf);
    free(c->pf_fill);
out_mshr:
    mshr_fini(&c->mshr);
out_tags:
    tags_fini(&c->tags);
out_free:
    free(c);
    return NULL;
}

const sim_type memsys_cache;        /* below; checks compare peers' types with it */

/* A cache above this one: `up`, connected by its port `port`, is a cache
 * whose misses come here (directly or through an interconnect). */
static bool cache_above(const sim_comp *up, int port)
{
    return sim_comp_type(up) == &memsys_cache && port == CACHE_MEM;
}

/* This cache is one of the n outputs `icn` interleaves addresses over, `il`
 * bytes each ((addr / il) mod n picks the output: the convention of every
 * type with an `interleave` parameter). Unless its index leaves out the
 * address bits that picked it (`slices` n, `slice_interleave` il), those of
 * them inside its set index leave sets unused: a 4-slice L3 of 64 B
 * interleave indexed as slices: 1 uses a quarter of its sets. */
static int check_slicing(const struct cache *c, const sim_comp *icn, int n, uint64_t il,
                         sim_error *err)
{
    const struct cache_cfg *k = &c->cfg;
    uint64_t si = k->slice_interleave ? k->slice_interleave : k->line;
    uint64_t span = k->size / k->assoc;             /* the bytes its set index covers */
    bool bits = sim_is_pow2((uint64_t)n) && sim_is_pow2(il);   /* address bits pick it */

    if (k->slices == 1 && (!bits || il >= span || il * (uint64_t)n <= k->line))
        return 0;                   /* no bits pick it, or none inside its set index */
    if (bits && k->slices == (uint32_t)n && si == il)
        return 0;
    if (!bits)
        sim_param_error(err, c->comp, "slices", "%s interleaves %llu B over %d outputs, so no "
                        "address bits pick this one (the count or the interleave is not a "
                        "power of two): slices must be 1, got %u", sim_comp_name(icn),
                        (unsigned long long)il, n, k->slices);
    else
        sim_param_error(err, c->comp, "slices", "%s interleaves %llu B over %d outputs, this "
                        "cache one of them: set slices: %d and slice_interleave: %lluB, or "
                        "some of its sets are never used (slices: %u, slice_interleave: "
                        "%llu B)", sim_comp_name(icn), (unsigned long long)il, n, n,
                        (unsigned long long)il, k->slices, (unsigned long long)si);
    return SIM_ECONFIG;
}

/* An exclusive cache holds what the caches above evict; one above that drops
 * its clean victims (clean_evict: false) leaves it only the dirty ones, and
 * a line read twice is never found here. `up` is connected by its port
 * `port` to this cache or to an instance between them. */
static int check_exclusive(const struct cache *c, const sim_comp *up, int port, sim_error *err)
{
    const bool *ce = sim_comp_param(up, "clean_evict", NULL);

    if (!ce || *ce || !cache_above(up, port))
        return 0;
    sim_param_error(err, c->comp, "inclusion", "exclusive, but %s above drops its clean "
                    "victims, so this cache would hold only dirty lines: set "
                    "%s.clean_evict: true", sim_comp_name(up), sim_comp_name(up));
    return SIM_ECONFIG;
}

/* An inclusive cache keeps the caches above within it by invalidating
 * their copies of what it evicts, through port inval; without it inclusion
 * does not hold, and their victims that miss here go past it uncounted. */
static int check_inclusive(const struct cache *c, const sim_comp *up, int port,
                           sim_error *err)
{
    if (c->cfg.inclusion != INC_INCLUSIVE || c->n_up > 0 || !cache_above(up, port))
        return 0;
    sim_param_error(err, c->comp, "inclusion", "inclusive, but port inval is not connected, "
                    "so %s above is never back-invalidated: connect %s.inval -> %s.snoop, or "
                    "make this cache non_inclusive", sim_comp_name(up), sim_comp_name(c->comp),
                    sim_comp_name(up));
    return SIM_ECONFIG;
}

/* Checks against what is connected above (see the three above): the
 * instances on port cpu and, one step further, the caches connected to
 * them (through a bus, a crossbar or a mesh). */
static int check_neighbours(const struct cache *c, sim_error *err)
{
    bool excl = c->cfg.inclusion == INC_EXCLUSIVE;

    for (int i = 0; i < sim_port_count(c->comp, CACHE_CPU); i++) {
        int pp, p2;
        const sim_comp *up = sim_port_peer(c->comp, CACHE_CPU, i, &pp), *up2;
        const sim_param *d;
        const uint64_t *il = sim_comp_param(up, "interleave", &d);
        int rc = 0;

        if (il && d->kind == SIM_P_SIZE && sim_port_count(up, pp) > 1)
            rc = check_slicing(c, up, sim_port_count(up, pp), *il, err);
        if (!rc && excl)
            rc = check_exclusive(c, up, pp, err);
        if (!rc)
            rc = check_inclusive(c, up, pp, err);
        for (int q = 0; !rc && q < sim_comp_type(up)->n_ports; q++)
            for (int j = 0; !rc && q != pp && j < sim_port_count(up, q); j++) {
                up2 = sim_port_peer(up, q, j, &p2);
                rc = excl ? check_exclusive(c, up2, p2, err) : 0;
                if (!rc)
                    rc = check_inclusive(c, up2, p2, err);
            }
        if (rc)
            return rc;
    }
    return 0;
}

static int cache_start(void *self, sim_error *err)
{
    struct cache *c = self;
    uint32_t t = c->cfg.tag_latency, dl = c->cfg.data_latency;

    c->period = sim_period(c->comp);
    c->tag_lat = sim_cycles(c->comp, t);
    c->hit_lat = sim_cycles(c->comp, c->cfg.sequential ? t + dl : (t > dl ? t : dl));
    c->n_up = sim_port_count(c->comp, CACHE_INVAL);
    return check_neighbours(c, err);
}

/* Per-event energies and leakage of this geometry from the SRAM model;
 * anything the config's energy: map gives replaces them. A data event is
 * the array access without its tag lookup, which tag_read counts. */
static void cache_energy_model(void *self, const sim_tech *tech, double *event_j,
                               double *leak_w)
{
    struct cache *c = self;
    sim_sram_spec sp = {
        .size_bytes = c->cfg.size,
        .line_bytes = (uint32_t)c->cfg.line,
        .assoc = c->cfg.assoc,
        .ports = c->cfg.ports < 16 ? c->cfg.ports : 16,
        .sequential = c->cfg.sequential,
    };
    sim_sram_result r;
    sim_error err;

    if (sim_sram_model(&sp, tech, &r, &err) != 0)
        return;                     /* an organisation the model rejects: left at 0 */
    event_j[EV_TAG_READ] = r.tag_read_j;
    event_j[EV_DATA_READ] = r.read_j - r.tag_read_j;
    event_j[EV_DATA_WRITE] = r.write_j - r.tag_read_j;
    event_j[EV_FILL] = r.tag_read_j;    /* a tag-array write: priced as its read */
    *leak_w = r.leakage_w;
}

static void cache_fini(void *self)
{
    struct cache *c = self;

    if (c->has_pf)
        pf_fini(&c->pf);
    free(c->pf_fill);
    mshr_fini(&c->mshr);
    tags_fini(&c->tags);
    free(c->q);
    free(c->upf);
    free(c->upf_hash);
    free(c);
}

const sim_type memsys_cache = {
    .name = "cache",
    .doc = "Set-associative non-blocking cache (tags and MOESI states) with MSHRs, "
           "pluggable replacement and prefetching, inclusion and snooping.",
    .params = cache_params, .n_params = SIM_COUNT(cache_params),
    .stats = cache_stats, .n_stats = SIM_COUNT(cache_stats),
    .energy = cache_energy, .n_energy = SIM_COUNT(cache_energy),
    .ports = cache_ports, .n_ports = SIM_COUNT(cache_ports),
    .cfg_size = sizeof(struct cache_cfg),
    .init = cache_init, .start = cache_start, .fini = cache_fini,
    .tick = cache_tick,
    .access_lt = cache_access_lt, .send_at = cache_send_at,
    .resp_at = cache_resp_at, .retry = cache_retry,
    .energy_model = cache_energy_model,
};
