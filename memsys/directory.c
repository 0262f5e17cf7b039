/* memsys/directory.c - a directory keeping private caches coherent with
 * MESI, for core counts where broadcast does not scale (Censier and
 * Feautrier, IEEE TC 1978; Sorin, Hill and Wood, "A Primer on Memory
 * Consistency and Cache Coherence", ch. 8).
 *
 * A sparse, set-associative directory (`entries`, `assoc`, LRU) keeps per
 * line a full-map sharer vector (up to 64 caches) and an owner:
 *   I  - no entry: memory supplies, the requester gets E (GetS) or M (GetM).
 *   S  - sharers: GetS adds one (memory supplies, grant S); GetM and upgrades
 *        invalidate the others (grant M).
 *   EM - one owner in E or M: a GetS is forwarded to it (it keeps S, a dirty
 *        copy is flushed to memory, it supplies the data: three hops); a GetM
 *        invalidates it (it supplies the data if it still had it).
 * Victims: writebacks and clean evictions (caches with `clean_evict`) take
 * the cache out of the sharers; a clean line dropped silently leaves a stale
 * sharer, which costs a useless invalidation later, never correctness. An
 * entry evicted from a full set recalls the line: every sharer invalidates
 * it (dirty data goes to memory).
 *
 * Timing: hop_latency per network hop, `latency` per directory lookup; the
 * requester pays hop + lookup, then either memory + hop, or the forward's
 * hop + the owner's snoop lookup + hop, and invalidations add a round trip
 * (taken serially with the memory read: an overestimate). One lookup starts
 * per cycle; the network itself is not contended. Both timing styles through
 * coherence.c, which also checks single-writer/multiple-reader and here that
 * every copy in a cache is listed and every owner known.
 *
 * Energy (coherence.h, docs/energy-models.md): per transaction one
 * arbitration among the caches, the request and the directory's answer
 * (two 64-bit messages over wire_mm, the mean distance between a cache and
 * the directory), two more per forward or invalidation sent (it and its
 * answer, stale sharers included), and line x 8 bits over wire_mm per line
 * moved (from memory or the owner, writebacks, flushes to memory); the
 * directory's requests to the level below are local (not charged). Its own
 * storage: one lookup per transaction and one update per entry written,
 * priced by sim_sram_model as `entries` in `assoc` ways of the sharer
 * vector (one bit per cache, whole bytes) with tags of the line address and
 * 2 state bits, tags compared first, then one entry read or written;
 * leakage of that array. The caches charge their own snoop lookups.
 *
 * Not modelled: limited-pointer or coarse vectors, the directory's own
 * storage latency misses, network contention, NACKs and transient states
 * (a transaction owns its line until answered). Private hierarchies under a
 * directory should be inclusive towards the caches above the one attached. */
#include <stdlib.h>
#include <archsim/sim_type.h>
#include "memsys/coherence.h"

struct directory_cfg {
    uint64_t line;
    uint32_t entries, assoc;
    uint32_t latency, hop_latency, queue;
    bool check_invariants;
    double wire_mm;
};

enum { DIR_I, DIR_S, DIR_EM };

struct dir_entry {
    uint64_t line;
    uint64_t sharers;               /* bit j: cache j may hold the line */
    uint64_t used;                  /* LRU stamp */
    uint8_t state;                  /* DIR_* */
    uint8_t owner;
};

struct directory {
    struct directory_cfg cfg;
    struct coh_engine e;
    uint32_t nsets;
    uint64_t clock;
    sim_tick hop, lookup;
    struct { uint64_t recalls, forwards; } st;
    struct { uint64_t lookups, updates; } ev;
    struct dir_entry *ent;          /* nsets * assoc */
};

static const sim_param directory_params[] = {
    SIM_PARAM_SIZE("line", struct directory_cfg, line, "64B", "coherence unit"),
    SIM_PARAM_UINT("entries", struct directory_cfg, entries, 16384, 1, 1 << 26,
                   "lines tracked at once"),
    SIM_PARAM_UINT("assoc", struct directory_cfg, assoc, 16, 1, 64, "ways per directory set"),
    SIM_PARAM_UINT("latency", struct directory_cfg, latency, 4, 0, 10000,
                   "cycles per directory lookup"),
    SIM_PARAM_UINT("hop_latency", struct directory_cfg, hop_latency, 8, 0, 10000,
                   "cycles per network hop (request, forward, data, ack)"),
    SIM_PARAM_UINT("queue", struct directory_cfg, queue, 32, 1, 4096,
                   "requests waiting (AT); more are refused"),
    SIM_PARAM_BOOL("check_invariants", struct directory_cfg, check_invariants, true,
                   "check single-writer/multiple-reader and the sharer lists on every "
                   "transaction: 2n probes that change no statistic; host time about +6 % on a "
                   "4-core RISC-V run"),
    SIM_PARAM_NUM_U("wire_mm", struct directory_cfg, wire_mm, 1.0, 0, 1000, "mm",
                    "mean wire length between a cache and the directory, for the energy per "
                    "bit"),
};
static const sim_stat directory_stats[] = {
    COH_STATS(struct directory),
    SIM_STAT("recalls", struct directory, st.recalls,
             "entries evicted from a full set, their line invalidated everywhere"),
    SIM_STAT("forwards", struct directory, st.forwards, "requests forwarded to an owner"),
};
static const sim_energy_event directory_energy[] = {
    COH_ENERGY(struct directory),
    SIM_ENERGY("lookup", struct directory, ev.lookups,
               "one directory lookup: every way's tag, then the hit entry"),
    SIM_ENERGY("update", struct directory, ev.updates,
               "one entry written: allocated, changed or freed"),
};
enum { EV_LOOKUP = 3, EV_UPDATE };  /* after COH_ENERGY's three */
static const sim_port directory_ports[] = {
    [COH_PORT_CPU] = {"cpu", SIM_TARGET | SIM_MULTI,
                      "requests from the private caches (their mem ports)"},
    [COH_PORT_MEM] = {"mem", SIM_INITIATOR, "the shared level below: a cache or memory"},
    [COH_PORT_SNOOP] = {"snoop", SIM_INITIATOR | SIM_MULTI,
                        "forwards and invalidations to the caches' snoop ports, in the order "
                        "of their cpu connections"},
};

static struct dir_entry *find(struct directory *d, uint64_t line)
{
    struct dir_entry *s = d->ent + (size_t)(line & (d->nsets - 1)) * d->cfg.assoc;

    for (uint32_t w = 0; w < d->cfg.assoc; w++)
        if (s[w].state != DIR_I && s[w].line == line)
            return &s[w];
    return NULL;
}

/* Invalidate line in every cache of mask but `except`; true if one had it
 * dirty. *lat is the slowest answer. */
static bool invalidate(struct directory *d, uint64_t line, uint64_t mask, int except,
                       sim_tick *lat, bool *any)
{
    bool dirty = false;

    for (int j = 0; j < d->e.n; j++) {
        bool dj, p;

        if (j == except || !(mask >> j & 1))
            continue;
        coh_snoop(&d->e, j, SIM_INVAL, line, &dj, &p, lat);
        dirty |= dj;
        *any |= p;
    }
    return dirty;
}

/* An entry for line, recalling the LRU one of a full set. Lines with a
 * transaction in flight are not chosen while another way will do. */
static struct dir_entry *allocate(struct directory *d, uint64_t line)
{
    struct dir_entry *s = d->ent + (size_t)(line & (d->nsets - 1)) * d->cfg.assoc;
    struct dir_entry *v = NULL;

    for (uint32_t w = 0; w < d->cfg.assoc && !v; w++)
        if (s[w].state == DIR_I)
            v = &s[w];
    if (!v)
        for (uint32_t k = 0; k < d->cfg.assoc; k++)
            if (!coh_line_in_flight(&d->e, s[k].line) && (!v || s[k].used < v->used))
                v = &s[k];
    if (!v) {                       /* every way in flight (LT only: AT waits in dir_ready) */
        v = &s[0];
        for (uint32_t w = 1; w < d->cfg.assoc; w++)
            if (s[w].used < v->used)
                v = &s[w];
    }
    if (v->state != DIR_I) {
        sim_tick lat = 0;
        bool any = false;

        d->st.recalls++;
        if (invalidate(d, v->line, v->sharers, -1, &lat, &any))
            coh_post_writeback(&d->e, v->line);
    }
    v->line = line;
    v->state = DIR_I;
    v->sharers = 0;
    return v;
}

static void set_owner(struct dir_entry *x, int i)
{
    x->state = DIR_EM;
    x->owner = (uint8_t)i;
    x->sharers = 1ull << i;
}

static void drop(struct dir_entry *x, int i)
{
    x->sharers &= ~(1ull << i);
    if ((x->state == DIR_EM && x->owner == i) || x->sharers == 0)
        x->state = DIR_I;
}

static void apply(struct directory *d, int from, const sim_req *r, struct coh_result *o)
{
    struct coh_engine *e = &d->e;
    uint64_t line = r->addr >> e->line_shift;
    struct dir_entry *x = find(d, line);
    sim_tick lat = 0;
    bool any = false, dirty;
    int cmd = r->cmd;

    o->delay = d->hop + d->lookup;
    if (x)
        x->used = ++d->clock;
    switch (cmd) {
    case SIM_WRITEBACK:
    case SIM_EVICT:
        if (x)
            drop(x, from);
        return;
    case SIM_WRITE:
        if (x) {
            invalidate(d, line, x->sharers, from, &lat, &any);
            x->sharers &= 1ull << from;
            if (x->sharers == 0 || (x->state == DIR_EM && x->owner != from))
                x->state = DIR_I;
        }
        if (any)
            o->delay += 2 * d->hop + lat;
        return;
    case SIM_UPGRADE:
        if (x && (x->sharers >> from & 1) && coh_peek(e, from, line) != CS_I) {
            bool dirty = invalidate(d, line, x->sharers, from, &lat, &any);

            if (any)
                o->delay += 2 * d->hop + lat;
            set_owner(x, from);
            o->grant = dirty ? CS_M : CS_E;     /* writable; dirty as it came */
            return;
        }
        cmd = SIM_READ_EX;          /* lost its copy meanwhile: it needs the data */
        break;
    default:
        break;
    }
    if (!x) {
        x = allocate(d, line);
        x->used = ++d->clock;
    }
    o->source = COH_SRC_MEM;
    if (cmd == SIM_READ_EX) {
        bool dirty = false;

        if (x->state == DIR_EM && x->owner != from) {
            d->st.forwards++;
            dirty = invalidate(d, line, 1ull << x->owner, from, &lat, &any);
            if (any) {
                o->source = COH_SRC_PEER;
                o->delay += 2 * d->hop + lat;
            }
        } else if (x->state == DIR_S) {
            dirty = invalidate(d, line, x->sharers, from, &lat, &any);
            if (any)
                o->delay += 2 * d->hop + lat;
        }
        if (o->source == COH_SRC_MEM)
            o->delay += d->hop;
        set_owner(x, from);
        o->grant = dirty ? CS_M : CS_E;     /* writable; dirty as it came */
        return;
    }
    /* GetS */
    if (x->state == DIR_EM && x->owner != from) {
        bool p;

        d->st.forwards++;
        coh_snoop(e, x->owner, SIM_READ, line, &dirty, &p, &lat);
        if (p) {
            o->source = COH_SRC_PEER;
            o->flush = dirty;
            o->delay += 2 * d->hop + lat;
            x->state = DIR_S;
            x->sharers = (1ull << x->owner) | (1ull << from);
            o->grant = CS_S;
            return;
        }
        /* the owner dropped it silently: as if there were no entry */
        x->state = DIR_I;
    }
    o->delay += d->hop;
    if (x->state == DIR_S) {
        x->sharers |= 1ull << from;
        o->grant = CS_S;
    } else {
        set_owner(x, from);
        o->grant = CS_E;
    }
}

/* One lookup per transaction; an update when the entry's state, sharers or
 * owner changed (the LRU stamp aside), or it was allocated or freed. */
static void dir_resolve(void *self, int from, const sim_req *r, struct coh_result *o)
{
    struct directory *d = self;
    uint64_t line = r->addr >> d->e.line_shift;
    const struct dir_entry *x = find(d, line);
    struct dir_entry was = x ? *x : (struct dir_entry){.state = DIR_I};

    d->ev.lookups++;
    apply(d, from, r, o);
    x = find(d, line);
    if (!x)
        d->ev.updates += was.state != DIR_I;
    else
        d->ev.updates += x->state != was.state || x->sharers != was.sharers ||
                         x->owner != was.owner;
}

static const char *dir_check(void *self, uint64_t line, const uint8_t *st)
{
    struct directory *d = self;
    struct dir_entry *x = find(d, line);

    for (int j = 0; j < d->e.n; j++) {
        if (st[j] == CS_I)
            continue;
        if (!x || !(x->sharers >> j & 1))
            return "a cache holds the line and the directory does not list it";
        if (st[j] != CS_S && !(x->state == DIR_EM && x->owner == j))
            return "a cache owns the line and the directory does not know it";
    }
    return NULL;
}

/* A request needing a new entry waits while every way of its set has a
 * transaction in flight: recalling one of those would lose the fill. */
static bool dir_ready(void *self, const sim_req *r)
{
    struct directory *d = self;
    uint64_t line = r->addr >> d->e.line_shift;
    struct dir_entry *s = d->ent + (size_t)(line & (d->nsets - 1)) * d->cfg.assoc;

    if (r->cmd == SIM_WRITEBACK || r->cmd == SIM_EVICT || r->cmd == SIM_WRITE || find(d, line))
        return true;
    for (uint32_t w = 0; w < d->cfg.assoc; w++)
        if (s[w].state == DIR_I || !coh_line_in_flight(&d->e, s[w].line))
            return true;
    return false;
}

static const struct coh_ops dir_ops = {
    .resolve = dir_resolve, .check = dir_check, .ready = dir_ready,
};

static void *directory_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct directory_cfg *cfg = cfgp;
    uint32_t nsets = cfg->entries / cfg->assoc;
    struct directory *d;

    if (nsets == 0 || !sim_is_pow2(nsets) || nsets * cfg->assoc != cfg->entries) {
        sim_param_error(err, comp, "entries", "entries/assoc must be a whole power of two, "
                        "got %u/%u", cfg->entries, cfg->assoc);
        return NULL;
    }
    d = sim_zalloc(err, sizeof(*d));
    if (!d)
        return NULL;
    d->cfg = *cfg;
    d->nsets = nsets;
    d->ent = sim_zalloc(err, (size_t)cfg->entries * sizeof(*d->ent));
    if (!d->ent)
        goto out_free;
    if (coh_init(&d->e, comp, &dir_ops, d, cfg->queue, cfg->line, cfg->check_invariants, false,
                 err) < 0)
        goto out_free_ent;
    return d;

out_free_ent:
    free(d->ent);
out_free:
    free(d);
    return NULL;
}

static int directory_start(void *self, sim_error *err)
{
    struct directory *d = self;
    struct coh_engine *e = &d->e;

    e->addr_occ = sim_cycles(e->comp, 1);
    e->xfer = 0;
    e->xfer_occupies = false;
    d->hop = sim_cycles(e->comp, d->cfg.hop_latency);
    d->lookup = sim_cycles(e->comp, d->cfg.latency);
    return coh_start(e, 64, err);
}

static void directory_fini(void *self)
{
    struct directory *d = self;

    coh_fini(&d->e);
    free(d->ent);
    free(d);
}

static sim_tick directory_access_lt(void *self, int port, sim_req *r)
{
    return coh_access_lt(&((struct directory *)self)->e, r);
}

static bool directory_send_at(void *self, int port, sim_req *r)
{
    return coh_send_at(&((struct directory *)self)->e, r);
}

static void directory_resp_at(void *self, int port, sim_req *r)
{
    coh_resp_at(&((struct directory *)self)->e, r);
}

static void directory_retry(void *self, int port, int idx)
{
    coh_retry(&((struct directory *)self)->e);
}

static int directory_tick(void *self)
{
    return coh_tick(&((struct directory *)self)->e);
}

/* Entries of a sharer vector (whole bytes) with tags of the line address
 * above the set index plus 2 state bits (I, S, EM; the owner of an EM
 * entry is its one sharer), tags first: the caches' sequential mode. */
static void directory_energy_model(void *self, const sim_tech *tech, double *event_j,
                                   double *leak_w)
{
    struct directory *d = self;
    int n = sim_port_count(d->e.comp, COH_PORT_CPU);
    uint32_t bytes = (uint32_t)((n > 0 ? n : 1) + 7) / 8;
    sim_sram_spec sp = {
        .size_bytes = (uint64_t)d->cfg.entries * bytes,
        .line_bytes = bytes,
        .assoc = d->cfg.assoc,
        .output_bits = (uint32_t)(n > 0 ? n : 1),
        .sequential = 1,
        .tag_bits = 48 - d->e.line_shift - sim_log2(d->nsets) + 2,
    };
    sim_sram_result r;

    coh_energy(&d->e, tech, d->cfg.wire_mm, event_j);
    *leak_w = 0;
    if (sim_sram_model(&sp, tech, &r, NULL))
        return;                     /* n <= 64 and the geometry were checked */
    event_j[EV_LOOKUP] = r.read_j;
    event_j[EV_UPDATE] = r.write_j;
    *leak_w = r.leakage_w;
}

const sim_type memsys_directory = {
    .name = "directory",
    .doc = "Sparse full-map directory keeping private caches coherent (MESI), with "
           "recalls and invariant checking.",
    .params = directory_params, .n_params = SIM_COUNT(directory_params),
    .stats = directory_stats, .n_stats = SIM_COUNT(directory_stats),
    .energy = directory_energy, .n_energy = SIM_COUNT(directory_energy),
    .ports = directory_ports, .n_ports = SIM_COUNT(directory_ports),
    .cfg_size = sizeof(struct directory_cfg),
    .init = directory_init, .start = directory_start, .fini = directory_fini,
    .tick = directory_tick,
    .access_lt = directory_access_lt, .send_at = directory_send_at,
    .resp_at = directory_resp_at, .retry = directory_retry,
    .energy_model = directory_energy_model,
};
