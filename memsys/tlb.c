/* memsys/tlb.c - address translation timing: a first-level TLB, an optional
 * second-level TLB, page-walk caches and a hardware page walker, placed
 * between a core's port and its L1 cache (core.dcache -> dtlb.cpu,
 * dtlb.mem -> l1d.cpu, dtlb.walk -> l1d.cpu or l2.cpu).
 *
 * A request looks up the first level (`entries`, `assoc`, LRU): a hit goes
 * on to `mem` after `hit_latency` cycles (0 by default: the lookup overlaps
 * a virtually-indexed, physically-tagged L1). A miss looks up the second
 * level (`l2_entries`, `l2_assoc`), `l2_latency` cycles (a hit fills the
 * first level when they are over: approximately-timed, a request to the
 * page meanwhile misses the first level too), and a miss there
 * starts a page walk of a radix page table as RISC-V Sv39/Sv48/Sv57 and
 * x86-64 lay it out: `levels` levels of 512 eight-byte entries, one read
 * per level, top level first, each read sent through `walk` (or `mem` when
 * `walk` is unconnected) into the cache hierarchy, so page-table entries
 * hit or miss in the caches like data. A page-walk cache per upper level
 * (`pwc_entries` each, fully associative, LRU; Intel's paging-structure
 * caches, ChampSim's PSCL) holds the entries that point to the next level,
 * so a walk starts below the lowest level it hits. Misses to a page already
 * being walked wait for that walk; at most `walkers` walks run at once.
 * The translation then fills both TLB levels and the waiting requests go on.
 *
 * Pages of `page` bytes (4 KiB; 2 MiB and 1 GiB leave the walk at levels
 * 1 and 2). The translation is the identity: the request leaves with the
 * address it came with, so caches see the same addresses with and without
 * a TLB, and the page tables are laid out as an operating system that
 * allocates table pages on first touch would, from `pt_base` on, one 4 KiB
 * page per table (their reads alias data in a DRAM smaller than pt_base).
 *
 * Approximately-timed: up to `queue` requests are held (waiting for a walk
 * or for `mem` to take them); more are refused until one leaves.
 * Loosely-timed: the same lookups, the walk's reads as blocking accesses.
 *
 * Energy: an event per first-level lookup, per second-level lookup or fill
 * and per page-walk cache lookup or fill, each priced by the SRAM model as
 * the tags of every way compared, then the matching 64-bit entry read
 * (price() below: for a fully associative array, a CAM search in effect);
 * leakage of every array.
 *
 * Not modelled: physical address allocation other than the identity,
 * mixed page sizes, permission and access/dirty-bit updates (no writes to
 * PTEs), TLB shootdowns and ASIDs, prefetching translations, speculative
 * walks down a wrong path (cores fetch none). */
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_type.h>
#include <archsim/sim_tech.h>

#define MAX_LEVELS 5
#define PTE_BYTES 8

struct tlb_cfg {
    uint32_t entries, assoc;
    uint32_t l2_entries, l2_assoc, l2_latency;
    uint32_t hit_latency;
    uint64_t page;
    uint32_t levels, pwc_entries, walkers, queue;
    uint64_t pt_base;
};

struct tlb_array {                  /* sets x ways of page numbers, LRU by stamps */
    uint32_t sets, ways;
    uint64_t *tag;                  /* page number + 1; 0: empty */
    uint64_t *used;                 /* last use stamp */
};

struct walk {
    uint64_t vpn;                   /* page number (page-sized) */
    int level;                      /* level whose entry is being read */
    sim_tick start;
    sim_req *waiting;               /* requests for this page, linked by next */
    sim_req *read;                  /* the PTE read, refused: to send again */
    bool busy;
};

struct tlb {
    struct tlb_cfg cfg;
    sim_comp *comp;
    unsigned page_bits, leaf;       /* leaf: the level whose entry maps a page */
    struct tlb_array l1, l2, pwc[MAX_LEVELS];
    uint64_t stamp;
    struct walk *walks;
    int walk_port;                  /* `walk` when connected, else `mem` */
    sim_req *pend_head, *pend_tail; /* misses waiting for a free walker */
    sim_req *out_head, *out_tail;   /* translated, waiting for `mem` to take them */
    uint32_t held;                  /* requests inside: queue limit */
    bool refused;                   /* the core waits for sim_retry */
    /* page-table pages: (level, prefix) -> page index, open addressing */
    uint64_t *pt_key, *pt_val;
    uint64_t pt_cap, pt_n;
    struct {
        uint64_t accesses, hits, misses, l2_hits, l2_misses, walks, walk_reads, merged;
        uint64_t pwc_hits, refused;
        sim_avg walk_latency;
    } st;
    struct { uint64_t l1, l2, pwc; } ev;
};
enum { TLB_CPU, TLB_MEM, TLB_WALK };

static const sim_param tlb_params[] = {
    SIM_PARAM_UINT("entries", struct tlb_cfg, entries, 64, 1, 1 << 20,
                   "first-level entries (a power of two times assoc)"),
    SIM_PARAM_UINT("assoc", struct tlb_cfg, assoc, 4, 1, 1 << 20,
                   "first-level ways; = entries: fully associative"),
    SIM_PARAM_UINT("l2_entries", struct tlb_cfg, l2_entries, 0, 0, 1 << 24,
                   "second-level entries (0: no second level)"),
    SIM_PARAM_UINT("l2_assoc", struct tlb_cfg, l2_assoc, 8, 1, 1 << 24, "second-level ways"),
    SIM_PARAM_CYCLES_R("l2_latency", struct tlb_cfg, l2_latency, 7, 0, 1000,
                       "second-level lookup (first-level misses)"),
    SIM_PARAM_CYCLES_R("hit_latency", struct tlb_cfg, hit_latency, 0, 0, 1000,
                       "added to every request (0: hidden behind a VIPT L1)"),
    SIM_PARAM_SIZE("page", struct tlb_cfg, page, "4KiB", "page size: 4KiB, 2MiB or 1GiB"),
    SIM_PARAM_UINT("levels", struct tlb_cfg, levels, 4, 2, MAX_LEVELS,
                   "page-table levels: 3 Sv39, 4 Sv48 / x86-64, 5 Sv57"),
    SIM_PARAM_UINT("pwc_entries", struct tlb_cfg, pwc_entries, 16, 0, 4096,
                   "page-walk cache entries per upper level (0: none)"),
    SIM_PARAM_UINT("walkers", struct tlb_cfg, walkers, 2, 1, 64, "page walks at once"),
    SIM_PARAM_UINT("queue", struct tlb_cfg, queue, 16, 1, 65536,
                   "requests held (missing or waiting for mem); more are refused (AT)"),
    SIM_PARAM_UINT("pt_base", struct tlb_cfg, pt_base, 0x8000000000, 0, 1.8e19,
                   "physical address of the first page-table page"),
};

static const sim_stat tlb_stats[] = {
    SIM_STAT("accesses", struct tlb, st.accesses, "requests translated"),
    SIM_STAT("hits", struct tlb, st.hits, "first-level hits"),
    SIM_STAT("misses", struct tlb, st.misses, "first-level misses"),
    SIM_STAT("l2_hits", struct tlb, st.l2_hits, "second-level hits"),
    SIM_STAT("l2_misses", struct tlb, st.l2_misses, "second-level misses (a walk, or a wait for one)"),
    SIM_STAT("walks", struct tlb, st.walks, "page walks"),
    SIM_STAT("walk_reads", struct tlb, st.walk_reads, "page-table entries read"),
    SIM_STAT("pwc_hits", struct tlb, st.pwc_hits, "walks that started below the top level"),
    SIM_STAT("merged", struct tlb, st.merged, "misses that waited for a walk already running"),
    SIM_STAT("refused", struct tlb, st.refused, "AT requests refused: queue full"),
    SIM_STAT_AVG("walk_latency", struct tlb, st.walk_latency, "ps",
                 "from a walk's start to its last read's response"),
    SIM_FORMULA("miss_rate", "misses / accesses", NULL, "first-level misses per request"),
    SIM_FORMULA("reads_per_walk", "walk_reads / walks", NULL,
                "page-table reads per walk (levels minus page-walk cache hits)"),
};

static const sim_energy_event tlb_energy[] = {
    SIM_ENERGY("lookup", struct tlb, ev.l1, "one first-level lookup"),
    SIM_ENERGY("l2_lookup", struct tlb, ev.l2, "one second-level lookup or fill"),
    SIM_ENERGY("pwc_lookup", struct tlb, ev.pwc, "one page-walk cache lookup or fill"),
};

static const sim_port tlb_ports[] = {
    [TLB_CPU] = { "cpu", SIM_TARGET | SIM_MULTI, "requests with virtual addresses" },
    [TLB_MEM] = { "mem", SIM_INITIATOR, "translated requests, to the L1 cache" },
    [TLB_WALK] = { "walk", SIM_INITIATOR | SIM_OPTIONAL,
                   "page-table reads (unconnected: through mem)" },
};

/* ------------------------------------------------------------ arrays */

static int array_init(struct tlb_array *a, uint32_t entries, uint32_t ways)
{
    a->ways = ways;
    a->sets = entries / ways;
    a->tag = calloc(entries, sizeof(*a->tag));
    a->used = calloc(entries, sizeof(*a->used));
    return a->tag && a->used ? 0 : -1;
}

static void array_free(struct tlb_array *a)
{
    free(a->tag);
    free(a->used);
}

/* Look key up; a hit refreshes its LRU stamp. */
static bool array_hit(struct tlb *t, struct tlb_array *a, uint64_t key)
{
    uint64_t *tag, *used;

    if (!a->sets)
        return false;
    tag = a->tag + (key % a->sets) * a->ways;
    used = a->used + (key % a->sets) * a->ways;
    for (uint32_t w = 0; w < a->ways; w++) {
        if (tag[w] == key + 1) {
            used[w] = ++t->stamp;
            return true;
        }
    }
    return false;
}

/* Install key over the empty or least recently used way of its set. */
static void array_fill(struct tlb *t, struct tlb_array *a, uint64_t key)
{
    uint64_t *tag, *used;
    uint32_t v = 0;

    if (!a->sets)
        return;
    tag = a->tag + (key % a->sets) * a->ways;
    used = a->used + (key % a->sets) * a->ways;
    for (uint32_t w = 0; w < a->ways; w++) {
        if (tag[w] == key + 1)
            return;
        if (used[w] < used[v])
            v = w;
    }
    tag[v] = key + 1;
    used[v] = ++t->stamp;
}

/* ------------------------------------------------------------ page tables */

/* Index of the table page of `level` covering vpn4k (4 KiB page number),
 * allocated on first touch. UINT64_MAX when out of memory. */
static uint64_t table_page(struct tlb *t, int level, uint64_t vpn4k)
{
    uint64_t key = ((uint64_t)level << 58) | (vpn4k >> (9 * (level + 1))), h, i;

    if (2 * (t->pt_n + 1) > t->pt_cap) {
        uint64_t cap = t->pt_cap ? 2 * t->pt_cap : 1024;
        uint64_t *k = calloc(cap, sizeof(*k)), *v = calloc(cap, sizeof(*v));

        if (!k || !v) {
            free(k);
            free(v);
            return UINT64_MAX;
        }
        for (uint64_t j = 0; j < t->pt_cap; j++) {
            if (!t->pt_key[j])
                continue;
            for (i = (t->pt_key[j] * 0x9e3779b97f4a7c15ull) >> 20; k[i & (cap - 1)]; i++)
                ;
            k[i & (cap - 1)] = t->pt_key[j];
            v[i & (cap - 1)] = t->pt_val[j];
        }
        free(t->pt_key);
        free(t->pt_val);
        t->pt_key = k;
        t->pt_val = v;
        t->pt_cap = cap;
    }
    key++;                          /* 0 marks an empty slot */
    h = (key * 0x9e3779b97f4a7c15ull) >> 20;
    for (i = h;; i++) {
        uint64_t s = i & (t->pt_cap - 1);

        if (t->pt_key[s] == key)
            return t->pt_val[s];
        if (!t->pt_key[s]) {
            t->pt_key[s] = key;
            t->pt_val[s] = t->pt_n++;
            return t->pt_val[s];
        }
    }
}

/* Physical address of the entry of `level` that maps va. */
static uint64_t pte_addr(struct tlb *t, int level, uint64_t va)
{
    uint64_t vpn4k = va >> 12, page = table_page(t, level, vpn4k);

    if (page == UINT64_MAX) {
        sim_fail(t->comp, SIM_ENOMEM, "out of memory for page tables");
        page = 0;
    }
    return t->cfg.pt_base + page * 4096 + ((vpn4k >> (9 * level)) & 511) * PTE_BYTES;
}

/* The read of the entry of `level` that maps r's address, on r's behalf. */
static sim_req *pte_read(struct tlb *t, int level, const sim_req *r)
{
    sim_req *rd = sim_req_alloc(t->comp);

    if (!rd)
        return NULL;                /* the kernel has failed the run */
    rd->addr = pte_addr(t, level, r->addr);
    rd->size = PTE_BYTES;
    rd->cmd = SIM_READ;
    rd->pc = r->pc;
    rd->core = r->core;
    t->st.walk_reads++;
    return rd;
}

/* The level a walk for va starts at: below the lowest page-walk cache that
 * holds the entry pointing into it. */
static int walk_start(struct tlb *t, uint64_t va)
{
    uint64_t vpn4k = va >> 12;

    for (int l = (int)t->leaf + 1; l < (int)t->cfg.levels; l++) {
        t->ev.pwc++;
        if (array_hit(t, &t->pwc[l], vpn4k >> (9 * l))) {
            t->st.pwc_hits++;
            return l - 1;
        }
    }
    return (int)t->cfg.levels - 1;
}

/* The entry of `level` for va was read: cache it when it points to a table. */
static void walk_learn(struct tlb *t, int level, uint64_t va)
{
    if (level > (int)t->leaf && t->cfg.pwc_entries) {
        t->ev.pwc++;
        array_fill(t, &t->pwc[level], (va >> 12) >> (9 * level));
    }
}

/* ------------------------------------------------------------ set-up */

static void tlb_fini(void *self);

static void *tlb_init(sim_comp *comp, const void *cfgp, sim_error *err)
{
    const struct tlb_cfg *cfg = cfgp;
    struct tlb *t;
    unsigned pb;

    if (cfg->entries % cfg->assoc || !sim_is_pow2(cfg->entries / cfg->assoc)) {
        sim_param_error(err, comp, "entries", "%u entries in %u ways: the sets must be a "
                        "power of two", cfg->entries, cfg->assoc);
        return NULL;
    }
    if (cfg->l2_entries && (cfg->l2_entries % cfg->l2_assoc ||
                            !sim_is_pow2(cfg->l2_entries / cfg->l2_assoc))) {
        sim_param_error(err, comp, "l2_entries", "%u entries in %u ways: the sets must be a "
                        "power of two", cfg->l2_entries, cfg->l2_assoc);
        return NULL;
    }
    pb = sim_log2(cfg->page);
    if (!sim_is_pow2(cfg->page) || pb < 12 || (pb - 12) % 9 || (pb - 12) / 9 >= cfg->levels) {
        sim_param_error(err, comp, "page", "a page of %llu B is not one of 4KiB, 2MiB, 1GiB "
                        "within %u levels", (unsigned long long)cfg->page, cfg->levels);
        return NULL;
    }
    if (cfg->pt_base % 4096) {
        sim_param_error(err, comp, "pt_base", "0x%llx is not 4 KiB aligned",
                        (unsigned long long)cfg->pt_base);
        return NULL;
    }
    t = sim_zalloc(err, sizeof(*t));
    if (!t)
        return NULL;
    t->cfg = *cfg;
    t->comp = comp;
    t->page_bits = pb;
    t->leaf = (pb - 12) / 9;
    t->walks = calloc(cfg->walkers, sizeof(*t->walks));
    if (!t->walks || array_init(&t->l1, cfg->entries, cfg->assoc) ||
        (cfg->l2_entries && array_init(&t->l2, cfg->l2_entries, cfg->l2_assoc))) {
        tlb_fini(t);
        sim_error_set(err, SIM_ENOMEM, "out of memory");
        return NULL;
    }
    for (uint32_t l = t->leaf + 1; l < cfg->levels && cfg->pwc_entries; l++) {
        if (array_init(&t->pwc[l], cfg->pwc_entries, cfg->pwc_entries)) {
            tlb_fini(t);
            sim_error_set(err, SIM_ENOMEM, "out of memory");
            return NULL;
        }
    }
    return t;
}

static int tlb_start(void *self, sim_error *err)
{
    struct tlb *t = self;

    t->walk_port = sim_port_count(t->comp, TLB_WALK) ? TLB_WALK : TLB_MEM;
    return 0;
}

static void tlb_fini(void *self)
{
    struct tlb *t = self;

    if (!t)
        return;
    array_free(&t->l1);
    array_free(&t->l2);
    for (int l = 0; l < MAX_LEVELS; l++)
        array_free(&t->pwc[l]);
    free(t->walks);
    free(t->pt_key);
    free(t->pt_val);
    free(t);
}

/* ------------------------------------------------------------ lookups */

enum { HIT, L2_HIT, MISS };

/* First and second level; fills the first from the second at once when
 * fill_now (loosely-timed), else the caller does when the second level's
 * latency is over (l2_hit_ev). */
static int lookup(struct tlb *t, uint64_t vpn, bool fill_now)
{
    t->st.accesses++;
    t->ev.l1++;
    if (array_hit(t, &t->l1, vpn)) {
        t->st.hits++;
        return HIT;
    }
    t->st.misses++;
    if (t->cfg.l2_entries) {
        t->ev.l2++;
        if (array_hit(t, &t->l2, vpn)) {
            t->st.l2_hits++;
            if (fill_now)
                array_fill(t, &t->l1, vpn);
            return L2_HIT;
        }
    }
    t->st.l2_misses++;
    return MISS;
}

static void translated(struct tlb *t, uint64_t vpn)
{
    if (t->cfg.l2_entries) {
        t->ev.l2++;
        array_fill(t, &t->l2, vpn);
    }
    array_fill(t, &t->l1, vpn);
}

/* ------------------------------------------------------------ LT */

static sim_tick tlb_access_lt(void *self, int port, sim_req *req)
{
    struct tlb *t = self;
    uint64_t vpn = req->addr >> t->page_bits;
    sim_tick lat = sim_cycles(t->comp, t->cfg.hit_latency);
    int r = lookup(t, vpn, true);

    if (r != HIT)
        lat += sim_cycles(t->comp, t->cfg.l2_entries ? t->cfg.l2_latency : 0);
    if (r == MISS) {
        sim_tick walk = 0;

        t->st.walks++;
        for (int l = walk_start(t, req->addr); l >= (int)t->leaf; l--) {
            sim_req *rd = pte_read(t, l, req);

            if (!rd)
                break;
            walk += sim_send_lt(t->comp, t->walk_port, rd);
            sim_req_free(t->comp, rd);
            walk_learn(t, l, req->addr);
        }
        sim_avg_add(&t->st.walk_latency, (double)walk);
        translated(t, vpn);
        lat += walk;
    }
    return lat + sim_send_lt(t->comp, TLB_MEM, req);
}

/* ------------------------------------------------------------ AT */

static void push(sim_req **head, sim_req **tail, sim_req *r)
{
    r->next = NULL;
    if (*tail)
        (*tail)->next = r;
    else
        *head = r;
    *tail = r;
}

/* A request left: room for one the core was refused. */
static void left(struct tlb *t)
{
    t->held--;
    if (t->refused) {
        t->refused = false;
        sim_retry(t->comp, TLB_CPU);
    }
}

/* Translated: on to mem, in order behind those `mem` has not taken yet. */
static void forward(struct tlb *t, sim_req *r)
{
    if (!t->out_head && sim_send_at(t->comp, TLB_MEM, r)) {
        left(t);
        return;
    }
    push(&t->out_head, &t->out_tail, r);
}

static void forward_ev(void *self, void *arg)
{
    forward(self, arg);
}

/* A second-level hit's latency is over: the first level gets the entry now
 * (a request to the page meanwhile missed it too, and looked again in the
 * second level), and the request goes on. */
static void l2_hit_ev(void *self, void *arg)
{
    struct tlb *t = self;
    sim_req *req = arg;

    array_fill(t, &t->l1, req->addr >> t->page_bits);
    forward(t, req);
}

static void walk_read(struct tlb *t, struct walk *w)
{
    sim_req *rd = pte_read(t, w->level, w->waiting);

    if (!rd)
        return;
    rd->ctx = w;
    if (!sim_send_at(t->comp, t->walk_port, rd))
        w->read = rd;               /* sent again on retry */
}

static void walk_begin(struct tlb *t, struct walk *w, sim_req *r)
{
    w->busy = true;
    w->vpn = r->addr >> t->page_bits;
    w->start = sim_time(t->comp);
    w->waiting = r;
    r->next = NULL;
    w->read = NULL;
    t->st.walks++;
    w->level = walk_start(t, r->addr);
    walk_read(t, w);
}

/* A miss: join the walk of its page, or start one, or wait for a walker. */
static void miss(struct tlb *t, sim_req *r)
{
    uint64_t vpn = r->addr >> t->page_bits;
    struct walk *idle = NULL;

    for (uint32_t i = 0; i < t->cfg.walkers; i++) {
        struct walk *w = &t->walks[i];

        if (w->busy && w->vpn == vpn) {
            sim_req **pp = &w->waiting;     /* after the others: arrival order */

            while (*pp)
                pp = &(*pp)->next;
            r->next = NULL;
            *pp = r;
            t->st.merged++;
            return;
        }
        if (!w->busy && !idle)
            idle = w;
    }
    for (sim_req *p = t->pend_head; p; p = p->next) {
        if (p->addr >> t->page_bits == vpn) {
            t->st.merged++;         /* counted now; joins when its walk starts */
            break;
        }
    }
    if (idle && !t->pend_head)
        walk_begin(t, idle, r);
    else
        push(&t->pend_head, &t->pend_tail, r);
}

static void miss_ev(void *self, void *arg)
{
    miss(self, arg);
}

/* A walk finished: its page is translated; a waiting miss takes the walker
 * (those for the same page go with it), then the translated requests go on
 * (last: sending them may bring new requests from the core at once). */
static void walk_done(struct tlb *t, struct walk *w)
{
    sim_req *r = w->waiting, *go = NULL, *go_tail = NULL;

    while (r) {
        sim_req *next = r->next;

        push(&go, &go_tail, r);
        r = next;
    }
    sim_avg_add(&t->st.walk_latency, (double)(sim_time(t->comp) - w->start));
    translated(t, w->vpn);
    w->waiting = NULL;
    w->busy = false;
    while (t->pend_head) {
        sim_req *p = t->pend_head, **pp;
        uint64_t vpn = p->addr >> t->page_bits;

        t->pend_head = p->next;
        if (!t->pend_head)
            t->pend_tail = NULL;
        if (array_hit(t, &t->l1, vpn)) {    /* translated meanwhile */
            push(&go, &go_tail, p);
            continue;
        }
        walk_begin(t, w, p);
        /* the rest of the queue for this page joins the walk, in order */
        pp = &t->pend_head;
        t->pend_tail = NULL;
        while (*pp) {
            sim_req *q = *pp, **wp = &w->waiting;

            if (q->addr >> t->page_bits == vpn) {
                *pp = q->next;
                while (*wp)
                    wp = &(*wp)->next;
                q->next = NULL;
                *wp = q;
            } else {
                t->pend_tail = q;
                pp = &q->next;
            }
        }
        break;
    }
    while (go) {
        sim_req *next = go->next;

        forward(t, go);
        go = next;
    }
}

static bool tlb_send_at(void *self, int port, sim_req *req)
{
    struct tlb *t = self;
    sim_tick now = sim_time(t->comp), d;
    int r;

    if (t->held >= t->cfg.queue) {
        t->st.refused++;
        t->refused = true;
        return false;
    }
    t->held++;
    r = lookup(t, req->addr >> t->page_bits, false);
    d = sim_cycles(t->comp, t->cfg.hit_latency);
    if (r != HIT && t->cfg.l2_entries)
        d += sim_cycles(t->comp, t->cfg.l2_latency);
    if (r == MISS) {
        if (d)
            sim_call_at(t->comp, now + d, SIM_PRIO_DEFAULT, miss_ev, req);
        else
            miss(t, req);
    } else if (r == L2_HIT) {
        if (d)
            sim_call_at(t->comp, now + d, SIM_PRIO_DEFAULT, l2_hit_ev, req);
        else
            l2_hit_ev(t, req);
    } else if (d) {
        sim_call_at(t->comp, now + d, SIM_PRIO_DEFAULT, forward_ev, req);
    } else {
        forward(t, req);
    }
    return true;
}

/* One of the walker's own reads (its ctx points into the walkers)? */
static bool is_walk_read(const struct tlb *t, const sim_req *req)
{
    uintptr_t off = (uintptr_t)req->ctx - (uintptr_t)t->walks;

    return off < t->cfg.walkers * sizeof(struct walk);
}

static void tlb_resp_at(void *self, int port, sim_req *req)
{
    struct tlb *t = self;
    struct walk *w = req->ctx;

    if (port == TLB_WALK || is_walk_read(t, req)) {
        walk_learn(t, w->level, w->waiting->addr);
        sim_req_free(t->comp, req);
        if (w->level == (int)t->leaf)
            walk_done(t, w);
        else {
            w->level--;
            walk_read(t, w);
        }
        return;
    }
    sim_respond(t->comp, req, 0);
}

static void tlb_retry(void *self, int port, int idx)
{
    struct tlb *t = self;

    if (port == t->walk_port) {
        for (uint32_t i = 0; i < t->cfg.walkers; i++) {
            struct walk *w = &t->walks[i];

            if (w->busy && w->read && sim_send_at(t->comp, t->walk_port, w->read))
                w->read = NULL;
        }
    }
    if (port != TLB_MEM)
        return;
    while (t->out_head) {
        sim_req *r = t->out_head;

        if (!sim_send_at(t->comp, TLB_MEM, r))
            return;
        t->out_head = r->next;
        if (!t->out_head)
            t->out_tail = NULL;
        left(t);
    }
}

/* ------------------------------------------------------------ energy */

/* A TLB entry: a 64-bit word (page number tag, frame number, permissions)
 * in a cache-like array of that many words, looked up in sequential mode:
 * the tags of every way of the set are compared, then the one matching
 * entry is read. Fully associative (one set), that is a CAM search in
 * effect: each tag column is one cell tall, so a lookup costs a sense and
 * compare per tag bit of every entry, plus one entry read. Parallel mode
 * would read every way's entry and pay a way select growing as ways^2
 * (25x this at 64 ways, 44x at 128). For arrays of 64-bit entries the SRAM
 * model finds tags-then-data cheaper at every associativity and, below a
 * few thousand entries, faster from 4 ways on: it is the organisation
 * priced at every size. */
static void price(const struct tlb_array *a, const sim_tech *tech, double *j, double *leak)
{
    sim_sram_spec sp = {
        .size_bytes = (uint64_t)a->sets * a->ways * 8,
        .line_bytes = 8,
        .assoc = a->ways,
        .output_bits = 64,
        .sequential = 1,
    };
    sim_sram_result r;
    sim_error err;

    if (!a->sets || sim_sram_model(&sp, tech, &r, &err) != 0)
        return;
    *j = r.read_j;
    *leak += r.leakage_w;
}

static void tlb_energy_model(void *self, const sim_tech *tech, double *event_j, double *leak_w)
{
    struct tlb *t = self;
    double pwc = 0;

    price(&t->l1, tech, &event_j[0], leak_w);
    price(&t->l2, tech, &event_j[1], leak_w);
    for (int l = 0; l < MAX_LEVELS; l++) {
        if (t->pwc[l].sets)
            price(&t->pwc[l], tech, &pwc, leak_w);
    }
    event_j[2] = pwc;
}

const sim_type memsys_tlb = {
    .name = "tlb",
    .doc = "Address translation timing: L1 and L2 TLBs, page-walk caches and a page walker "
           "whose page-table reads go through the caches.",
    .params = tlb_params, .n_params = SIM_COUNT(tlb_params),
    .stats = tlb_stats, .n_stats = SIM_COUNT(tlb_stats),
    .energy = tlb_energy, .n_energy = SIM_COUNT(tlb_energy),
    .ports = tlb_ports, .n_ports = SIM_COUNT(tlb_ports),
    .cfg_size = sizeof(struct tlb_cfg), .init = tlb_init, .start = tlb_start, .fini = tlb_fini,
    .access_lt = tlb_access_lt, .send_at = tlb_send_at, .resp_at = tlb_resp_at,
    .retry = tlb_retry, .energy_model = tlb_energy_model,
};
