/* libsim/engine.c - the discrete-event engine: one event queue ordered by
 * (tick, priority, insertion sequence), clock domains that tick awake
 * components once per cycle, pooled one-shot events, and run control.
 *
 * Events live in their owners (no allocation per event). The queue keeps
 * the near future (the next 262 ns, where nearly every event of a detailed
 * run falls) in a ring of 256 ps buckets, each a short sorted list, and
 * later events in a binary heap of pointers (a sorted array while it holds
 * a few, as when a core runs alone); the next event is the earlier
 * of the two fronts, so the order is exact whatever part holds an event
 * (see sim_int.h). Against the heap alone this saves the sifts: an event
 * usually joins the tail of its bucket and the next is found by a bitmap
 * scan. A clock domain is one event that fires
 * at each edge while at least one of its components is awake; a component
 * whose tick returns 0 leaves the awake list and costs nothing until woken,
 * so long stalls are skipped rather than ticked through. While nothing
 * else is due before a domain's next edge, the edge runs again at once
 * without going through the queue (the order is the queue's all the same).
 * Ticks within one edge run in instance order, which makes runs
 * deterministic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_int.h"

/* ------------------------------------------------------------ the heap */

/* e->seq holds the priority (high 16 bits) and the insertion sequence (low
 * 48 bits), so a tie on the tick is settled by one comparison. */
static inline uint64_t order_key(int prio, uint64_t seq)
{
    return ((uint64_t)(uint16_t)(prio + 0x8000) << 48) | (seq & 0xffffffffffffull);
}

static inline bool before(const sim_event *a, const sim_event *b)
{
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void heap_set(sim_t *s, uint32_t i, sim_event *e)
{
    s->heap[i] = e;
    e->slot = i + 1;
}

static void sift_up(sim_t *s, uint32_t i)
{
    sim_event *e = s->heap[i];

    while (i > 0) {
        uint32_t p = (i - 1) / 2;

        if (!before(e, s->heap[p]))
            break;
        heap_set(s, i, s->heap[p]);
        i = p;
    }
    heap_set(s, i, e);
}

/* Bottom-up: walk the hole at i down to a leaf along the smaller children
 * (one comparison a level), then let e rise from there. The element sifted
 * down after a pop comes from the bottom and usually belongs near it, so
 * this does about half the comparisons of the textbook loop. */
static void sift_down(sim_t *s, uint32_t i)
{
    sim_event *e = s->heap[i];
    uint32_t n = s->n_heap;

    for (;;) {
        uint32_t c = 2 * i + 1;

        if (c >= n)
            break;
        if (c + 1 < n && before(s->heap[c + 1], s->heap[c]))
            c++;
        heap_set(s, i, s->heap[c]);
        i = c;
    }
    heap_set(s, i, e);
    sift_up(s, i);
}

/* Growth failure leaves the event unscheduled and fails the run: the API
 * that schedules returns void, as a model cannot do anything useful then. */
static bool heap_grow(sim_t *s)
{
    uint32_t cap = s->cap_heap ? 2 * s->cap_heap : 256;
    sim_event **h = realloc(s->heap, cap * sizeof(*h));

    if (!h) {
        s->fail_code = SIM_ENOMEM;
        snprintf(s->fail_msg, sizeof(s->fail_msg), "out of memory growing the event queue");
        s->stop_req = true;
        return false;
    }
    s->heap = h;
    s->cap_heap = cap;
    return true;
}

/* The heap's events become a sorted array again (few: insertion sort). */
static void heap_to_sorted(sim_t *s)
{
    sim_event **h = s->heap;

    for (uint32_t i = 0; i < s->n_heap; i++) {
        sim_event *e = h[i];
        uint32_t j = i;

        while (j > 0 && before(e, h[j - 1])) {
            h[j] = h[j - 1];
            j--;
        }
        h[j] = e;
    }
    for (uint32_t i = 0; i < s->n_heap; i++)
        h[i]->slot = SLOT_SORTED;
    s->heap_big = false;
    s->heap_lo = 0;
}

static void heap_push(sim_t *s, sim_event *e);

/* The sorted array becomes the heap it already is, from heap[0]. */
static void sorted_to_heap(sim_t *s)
{
    memmove(s->heap, s->heap + s->heap_lo, s->n_heap * sizeof(*s->heap));
    s->heap_lo = 0;
    for (uint32_t i = 0; i < s->n_heap; i++)
        s->heap[i]->slot = i + 1;
    s->heap_big = true;
}

/* A push to the binary heap, or to the sorted array when it is full or
 * sits at the end of the block. */
static void heap_push_slow(sim_t *s, sim_event *e)
{
    if (!s->heap_big) {
        if (s->n_heap < HEAP_SORTED_MAX) {
            if (s->n_heap == s->cap_heap && !heap_grow(s))
                return;
            memmove(s->heap, s->heap + s->heap_lo, s->n_heap * sizeof(*s->heap));
            s->heap_lo = 0;
            heap_push(s, e);
            return;
        }
        sorted_to_heap(s);
    }
    if (s->n_heap == s->cap_heap && !heap_grow(s))
        return;
    heap_set(s, s->n_heap++, e);
    sift_up(s, s->n_heap - 1);
}

/* Into the sorted array from its end (e is usually the latest event). */
static inline __attribute__((always_inline)) void heap_push(sim_t *s, sim_event *e)
{
    sim_event **h;
    uint32_t i;

    if (s->heap_big || s->n_heap >= HEAP_SORTED_MAX || s->heap_lo + s->n_heap == s->cap_heap) {
        heap_push_slow(s, e);
        return;
    }
    h = s->heap + s->heap_lo;
    i = s->n_heap++;
    while (i > 0 && before(e, h[i - 1])) {
        h[i] = h[i - 1];
        i--;
    }
    h[i] = e;
    e->slot = SLOT_SORTED;
}

static void heap_remove(sim_t *s, sim_event *e)
{
    uint32_t i = e->slot - 1;
    sim_event *last;

    e->slot = 0;
    if (!s->heap_big) {
        sim_event **h = s->heap + s->heap_lo;

        for (i = 0; h[i] != e; i++)
            ;
        s->n_heap--;
        for (; i < s->n_heap; i++)
            h[i] = h[i + 1];
        return;
    }
    last = s->heap[--s->n_heap];
    if (i != s->n_heap) {
        heap_set(s, i, last);
        if (i > 0 && before(last, s->heap[(i - 1) / 2]))
            sift_up(s, i);
        else
            sift_down(s, i);
    }
    if (s->n_heap <= HEAP_SORTED_MIN)
        heap_to_sorted(s);
}

/* The first event, in either form. */
static inline sim_event *heap_top(const sim_t *s)
{
    return s->heap[s->heap_lo];
}

static void heap_pop(sim_t *s)
{
    heap_top(s)->slot = 0;
    if (!s->heap_big) {
        s->heap_lo = --s->n_heap ? s->heap_lo + 1 : 0;
        return;
    }
    if (--s->n_heap > 0) {
        heap_set(s, 0, s->heap[s->n_heap]);
        sift_down(s, 0);
    }
    if (s->n_heap <= HEAP_SORTED_MIN)
        heap_to_sorted(s);
}

/* ----------------------------------------------------- the near buckets */

/* A pushed event costs a few instructions here (a list append, a bit set)
 * instead of a sift up the heap, and the next event is found by a bitmap
 * scan from the current bucket instead of a sift down. */

static inline bool node_before(const struct qnode *a, const struct qnode *b)
{
    return a->when < b->when || (a->when == b->when && a->key < b->key);
}

/* The free list ran out: carve 256 nodes from a slab. NULL: no memory (the
 * caller files its event in the heap instead). */
static struct qnode *node_refill(sim_t *s)
{
    enum { N = 256 };
    struct qnode *slab = pool_slab(s, N * sizeof(*slab));

    if (!slab)
        return NULL;
    for (int i = 0; i < N - 1; i++)
        slab[i].next = &slab[i + 1];
    slab[N - 1].next = NULL;
    s->free_qnode = slab;
    return slab;
}

static inline void node_put(sim_t *s, struct qnode *n)
{
    n->next = s->free_qnode;
    s->free_qnode = n;
}

/* n goes before the tail of b: walk from the head (buckets are short). */
static void near_insert(struct near_bucket *b, struct qnode *n)
{
    struct qnode **p = &b->head;

    while (!node_before(n, *p))
        p = &(*p)->next;
    n->next = *p;
    *p = n;
}

/* File e (when, prio set) in the queue: its bucket when it lies in the
 * window (usually at the tail), else the heap. */
static inline __attribute__((always_inline)) void queue_push(sim_t *s, sim_event *e)
{
    uint64_t k;
    struct qnode *n;
    struct near_bucket *b;
    uint32_t i;

    e->seq = order_key(e->prio, s->seq++);
    /* The heap while the queue is short (a heap of a few events lives in
     * a cache line or two and costs little to sift, where a near event's
     * bucket is a line of its own: a core alone, a loosely-timed run) and
     * while the heap holds most events already (they crowd into a few
     * buckets, which would only add their cost) */
    if (s->n_heap > 4 * s->n_near + 64 || s->n_heap + s->n_near < NEAR_MIN) {
        heap_push(s, e);
        return;
    }
    k = e->when >> NEAR_SHIFT;
    i = (uint32_t)(k & (NEAR_BUCKETS - 1));
    b = &s->near[i];
    n = s->free_qnode;
    /* and past the window (unsigned: a tick before it, never, as when >=
     * now, too) or in a full bucket (which keeps walks short) */
    if (k - s->near_base >= NEAR_BUCKETS || s->near_n[i] >= NEAR_CAP ||
        (!n && !(n = node_refill(s)))) {
        heap_push(s, e);
        return;
    }
    s->free_qnode = n->next;
    n->when = e->when;
    n->key = e->seq;
    n->ev = e;
    n->next = NULL;
    s->near_n[i]++;
    if (!b->head) {
        b->head = b->tail = n;
        s->near_bits[i >> 6] |= 1ull << (i & 63);
    } else if (!node_before(n, b->tail)) {
        b->tail->next = n;          /* the usual case: later than all in the bucket */
        b->tail = n;
    } else {
        near_insert(b, n);
    }
    e->slot = SLOT_NEAR;
    s->n_near++;
}

/* The first bucket holding events (n_near > 0): ring order from near_base
 * is tick order, as every near event lies in the window. */
static struct near_bucket *near_first(sim_t *s)
{
    uint32_t pos = (uint32_t)(s->near_base & (NEAR_BUCKETS - 1));
    uint32_t w = pos >> 6;
    uint64_t m = s->near_bits[w] & (~0ull << (pos & 63));

    while (!m) {
        w = (w + 1) & (NEAR_BUCKETS / 64 - 1);
        m = s->near_bits[w];
    }
    return &s->near[(w << 6) | (uint32_t)__builtin_ctzll(m)];
}

static inline void near_emptied(sim_t *s, struct near_bucket *b)
{
    uint32_t i = (uint32_t)(b - s->near);

    b->tail = NULL;
    s->near_bits[i >> 6] &= ~(1ull << (i & 63));
}

static void near_pop(sim_t *s, struct near_bucket *b)
{
    struct qnode *n = b->head;

    b->head = n->next;
    s->near_n[b - s->near]--;
    if (!b->head)
        near_emptied(s, b);
    n->ev->slot = 0;
    node_put(s, n);
    s->n_near--;
}

/* O(events in e's bucket): NEAR_CAP at most. */
static void near_remove(sim_t *s, sim_event *e)
{
    struct near_bucket *b = &s->near[(e->when >> NEAR_SHIFT) & (NEAR_BUCKETS - 1)];
    struct qnode **p = &b->head, *prev = NULL, *n;

    while ((*p)->ev != e) {
        prev = *p;
        p = &prev->next;
    }
    n = *p;
    *p = n->next;
    s->near_n[b - s->near]--;
    if (b->tail == n)
        b->tail = prev;
    if (!b->head)
        near_emptied(s, b);
    e->slot = 0;
    node_put(s, n);
    s->n_near--;
}

/* ------------------------------------------------------------ the queue */

/* e->when and e->prio set; e not queued. */
void engine_push(sim_t *s, sim_event *e)
{
    queue_push(s, e);
}

void engine_remove(sim_t *s, sim_event *e)
{
    if (e->slot == SLOT_NEAR)
        near_remove(s, e);
    else
        heap_remove(s, e);
}

/* Time moves to t (no queued event is earlier): the window follows. */
static inline void set_now(sim_t *s, sim_tick t)
{
    s->now = t;
    s->near_base = t >> NEAR_SHIFT;
}

/* The tick of the earliest queued event, UINT64_MAX when none. */
static inline sim_tick front_when(const sim_t *s)
{
    sim_tick t = s->n_near ? near_first((sim_t *)s)->head->when : UINT64_MAX;   /* reads only */

    return s->n_heap && heap_top(s)->when < t ? heap_top(s)->when : t;
}

int sim_next_event(const sim_t *s, sim_tick *when)
{
    if (when)
        *when = front_when(s);
    return s->n_near || s->n_heap ? 1 : 0;
}

/* ----------------------------------------------------------- events API */

void sim_event_init(sim_event *e, sim_event_fn fn, void *self, void *arg)
{
    memset(e, 0, sizeof(*e));
    e->fn = fn;
    e->self = self;
    e->arg = arg;
}

void sim_schedule(sim_comp *c, sim_event *e, sim_tick when, int prio)
{
    sim_t *s = c->sim;

    if (e->slot)
        engine_remove(s, e);
    e->when = when < s->now ? s->now : when;
    e->prio = prio;
    queue_push(s, e);
}

void sim_deschedule(sim_comp *c, sim_event *e)
{
    if (e->slot)
        engine_remove(c->sim, e);
}

/* Pooled events are carved from slabs that live until sim_close. */
void *pool_slab(sim_t *s, size_t n)
{
    void *p;

    if (s->n_slabs == s->cap_slabs) {
        int cap = s->cap_slabs ? 2 * s->cap_slabs : 16;
        void **v = realloc(s->slabs, cap * sizeof(*v));

        if (!v)
            return NULL;
        s->slabs = v;
        s->cap_slabs = cap;
    }
    p = calloc(1, n);
    if (p)
        s->slabs[s->n_slabs++] = p;
    return p;
}

struct pooled_ev *pool_event(sim_t *s)
{
    struct pooled_ev *p = s->free_ev;

    if (!p) {
        enum { N = 256 };
        struct pooled_ev *slab = pool_slab(s, N * sizeof(*slab));

        if (!slab) {
            s->fail_code = SIM_ENOMEM;
            snprintf(s->fail_msg, sizeof(s->fail_msg), "out of memory for events");
            s->stop_req = true;
            return NULL;
        }
        for (int i = 0; i < N - 1; i++)
            slab[i].next = &slab[i + 1];
        p = slab;
    }
    s->free_ev = p->next;
    return p;
}

static void pooled_fire(void *selfp, void *arg)
{
    struct pooled_ev *p = arg;
    sim_t *s = selfp;
    sim_event_fn fn = p->fn;
    void *self = p->self, *a = p->arg;

    p->next = s->free_ev;           /* free first: fn may schedule more */
    s->free_ev = p;
    fn(self, a);
}

void sim_call_at(sim_comp *c, sim_tick when, int prio, sim_event_fn fn, void *arg)
{
    sim_t *s = c->sim;
    struct pooled_ev *p = s->free_ev;

    if (p)
        s->free_ev = p->next;   /* the usual case, inline */
    else if (!(p = pool_event(s)))
        return;
    p->fn = fn;
    p->self = c->self;
    p->arg = arg;
    /* a pooled event is never armed here: fill it and push, no init/move */
    p->ev.fn = pooled_fire;
    p->ev.self = s;
    p->ev.arg = p;
    p->ev.when = when < s->now ? s->now : when;
    p->ev.prio = prio;
    queue_push(s, &p->ev);
}

/* --------------------------------------------------------------- clocks */

static void clock_edge(void *selfp, void *arg);

struct clock_dom *clock_new(sim_t *s, const char *name, sim_tick period)
{
    struct clock_dom *d = calloc(1, sizeof(*d));

    if (!d)
        return NULL;
    d->name = strdup(name);
    if (!d->name) {
        free(d);
        return NULL;
    }
    d->period = period;
    d->sim = s;
    sim_event_init(&d->edge, clock_edge, d, NULL);
    return d;
}

void clock_free(struct clock_dom *d)
{
    if (!d)
        return;
    free(d->awake);
    free(d->name);
    free(d);
}

/* First edge at or after t that has not run its ticks yet. */
static sim_tick next_edge(const struct clock_dom *d, sim_tick t)
{
    sim_tick e = (t + d->period - 1) / d->period * d->period;

    if (d->last_edge && e < d->last_edge)
        e = d->last_edge;
    return e;
}

static void arm(struct clock_dom *d)
{
    sim_t *s = d->sim;
    sim_tick e = next_edge(d, s->now);

    if (d->edge.slot) {
        if (d->edge.when <= e)
            return;
        engine_remove(s, &d->edge);
    }
    d->edge.when = e;
    d->edge.prio = SIM_PRIO_TICK;
    queue_push(s, &d->edge);
}

/* After the ticks of an edge: components woken during them were appended
 * past n; move them down behind the kept ones and restore instance order
 * (insertion sort: the list is short). Returns how many stay awake. */
static int edge_tail(struct clock_dom *d, int n, int kept)
{
    for (int i = n; i < d->n_awake; i++) {
        sim_comp *c = d->awake[i];
        int j = kept++;

        while (j > 0 && d->awake[j - 1]->index > c->index) {
            d->awake[j] = d->awake[j - 1];
            j--;
        }
        d->awake[j] = c;
    }
    d->n_awake = kept;
    return kept;
}

/* Runs the ticks of one edge at s->now; returns how many components stay
 * awake. One awake component (a core alone) is the usual case. */
static inline int edge_ticks(struct clock_dom *d)
{
    sim_t *s = d->sim;
    int n = d->n_awake, kept = 0;

    d->last_edge = s->now + d->period;   /* wakes during these ticks go to the next edge */
    d->in_edge = true;
    if (n == 1) {
        sim_comp *c = d->awake[0];

        if (c->awake && c->type->tick(c->self) && c->awake) {
            d->in_edge = false;
            return d->n_awake == 1 ? 1 : edge_tail(d, 1, 1);
        }
        c->awake = false;
        c->listed = false;
        d->in_edge = false;
        return edge_tail(d, 1, 0);
    }
    for (int i = 0; i < n; i++) {
        sim_comp *c = d->awake[i];

        if (c->awake && c->type->tick(c->self) && c->awake) {
            d->awake[kept++] = c;
            continue;
        }
        c->awake = false;
        c->listed = false;
    }
    d->in_edge = false;
    return edge_tail(d, n, kept);
}

/* The edge event. While the domain stays awake and nothing else is due up
 * to its next edge, that edge would be the next event popped whatever its
 * sequence number, so it runs here at once instead of going through the
 * queue (a core running alone between memory events costs a tick, not a
 * push and a pop). Events the ticks schedule are in the queue before the
 * check, so the order of everything is that of the queue. */
static void clock_edge(void *selfp, void *arg)
{
    struct clock_dom *d = selfp;
    sim_t *s = d->sim;

    for (;;) {
        sim_tick next;

        if (edge_ticks(d) == 0 || d->edge.slot)
            return;                 /* asleep, or a wake during the ticks armed the edge */
        next = s->now + d->period;
        if (s->stop_req || next > s->run_limit || front_when(s) <= next)
            break;
        set_now(s, next);
        s->synced = false;
    }
    d->edge.when = s->now + d->period;
    d->edge.prio = SIM_PRIO_TICK;
    queue_push(s, &d->edge);
}

void sim_wake(sim_comp *c)
{
    struct clock_dom *d = c->clk;
    int i;

    if (c->awake || !c->type->tick)
        return;
    c->awake = true;
    if (!c->listed) {
        if (d->n_awake == d->cap_awake) {
            int cap = d->cap_awake ? 2 * d->cap_awake : 8;
            sim_comp **v = realloc(d->awake, cap * sizeof(*v));

            if (!v) {
                c->awake = false;
                c->sim->fail_code = SIM_ENOMEM;
                c->sim->stop_req = true;
                return;
            }
            d->awake = v;
            d->cap_awake = cap;
        }
        c->listed = true;
        i = d->n_awake++;
        /* Inside the edge loop, append (sorted in after it); else keep order. */
        while (!d->in_edge && i > 0 && d->awake[i - 1]->index > c->index) {
            d->awake[i] = d->awake[i - 1];
            i--;
        }
        d->awake[i] = c;
    }
    arm(d);
}

static void wake_fire(void *selfp, void *arg)
{
    sim_wake(arg);
}

void sim_wake_at(sim_comp *c, sim_tick when)
{
    if (!c->type->tick)
        return;
    if (when <= c->sim->now) {
        sim_wake(c);
        return;
    }
    if (c->wake_ev.slot && c->wake_ev.when <= when)
        return;                     /* an earlier wake is already due */
    if (!c->wake_ev.fn)
        sim_event_init(&c->wake_ev, wake_fire, NULL, c);
    sim_schedule(c, &c->wake_ev, when, SIM_PRIO_DEFAULT);   /* moves it if armed later */
}

void sim_sleep(sim_comp *c)
{
    /* Marked here; the domain drops it at its next edge. */
    c->awake = false;
}

sim_tick sim_time(const sim_comp *c)
{
    return c->sim->now;
}

sim_tick sim_period(const sim_comp *c)
{
    return c->clk->period;
}

sim_tick sim_cycles(const sim_comp *c, uint64_t n)
{
    return n * c->clk->period;
}

uint64_t sim_cycle(const sim_comp *c)
{
    return c->sim->now / c->clk->period;
}

/* ---------------------------------------------------------- run control */

void sim_retire(sim_comp *c, uint64_t n)
{
    sim_t *s = c->sim;

    s->insts += n;
    if (s->insts >= s->inst_limit) {
        s->limit_hit = true;
        s->stop_req = true;
    }
}

bool sim_retire1(sim_comp *c)
{
    sim_t *s = c->sim;

    if (s->stop_req && s->insts >= s->inst_limit)
        return false;
    if (++s->insts >= s->inst_limit) {
        s->limit_hit = true;
        s->stop_req = true;
    }
    return true;
}

uint64_t sim_insts_left(const sim_comp *c)
{
    const sim_t *s = c->sim;

    if (s->inst_limit == UINT64_MAX)
        return UINT64_MAX;
    return s->inst_limit > s->insts ? s->inst_limit - s->insts : 0;
}

void sim_workload_start(sim_comp *c)
{
    if (c->workload)
        return;
    c->workload = true;
    c->exited = false;
    c->sim->n_workloads++;
    c->sim->n_programs += c->type->load != NULL;
}

void sim_exit(sim_comp *c, int status)
{
    sim_t *s = c->sim;

    if (!c->workload)
        sim_workload_start(c);
    if (c->exited)
        return;
    c->exited = true;
    if (s->exit_code == 0)
        s->exit_code = status;
    if (++s->n_exited >= s->n_workloads)
        s->stop_req = true;
}

void sim_fail(sim_comp *c, int code, const char *fmt, ...)
{
    sim_t *s = c->sim;
    va_list ap;
    int n;

    if (s->fail_code)
        return;                     /* the first reason is the one that counts */
    s->fail_code = code < 0 ? code : SIM_EGUEST;
    n = snprintf(s->fail_msg, sizeof(s->fail_msg), "%s: ", c->name);
    if (n < 0 || (size_t)n >= sizeof(s->fail_msg))
        n = 0;
    va_start(ap, fmt);
    vsnprintf(s->fail_msg + n, sizeof(s->fail_msg) - n, fmt, ap);
    va_end(ap);
    s->stop_req = true;
}

bool sim_stopping(const sim_comp *c)
{
    return c->sim->stop_req;
}

void sim_stop(sim_t *s)
{
    if (s)
        s->stop_req = true;
}

/* Run events up to and including tick_limit. Returns a SIM_RUN_* reason or
 * a negative code with err filled. */
int engine_run(sim_t *s, sim_tick tick_limit, sim_error *err)
{
    s->stop_req = false;
    s->limit_hit = false;
    s->synced = false;
    s->run_limit = tick_limit;
    if (s->n_workloads > 0 && s->n_exited >= s->n_workloads)
        return SIM_RUN_EXITED;
    for (;;) {
        struct near_bucket *b = NULL;
        sim_event *e;
        sim_tick when;

        /* the earlier of the first near event and the heap's top (a near
         * event's tick is read from its node: one load less in the chain) */
        if (s->n_near) {
            const struct qnode *n;

            b = near_first(s);
            n = b->head;
            when = n->when;
            if (s->n_heap && (heap_top(s)->when < when ||
                              (heap_top(s)->when == when && heap_top(s)->seq < n->key)))
                b = NULL;
        } else if (!s->n_heap) {
            break;
        }
        if (b) {
            e = b->head->ev;
        } else {
            e = heap_top(s);
            when = e->when;
        }
        if (when > tick_limit) {
            set_now(s, tick_limit);
            return SIM_RUN_LIMIT;
        }
        if (b)
            near_pop(s, b);
        else
            heap_pop(s);
        set_now(s, when);
        s->synced = false;
        e->fn(e->self, e->arg);
        if (!s->stop_req)
            continue;
        if (s->fail_code) {
            sim_error_set(err, s->fail_code, "%s", s->fail_msg);
            return s->fail_code;
        }
        if (s->n_workloads > 0 && s->n_exited >= s->n_workloads)
            return SIM_RUN_EXITED;
        if (s->limit_hit)
            return SIM_RUN_LIMIT;
        return SIM_RUN_STOPPED;
    }
    if (s->fail_code) {
        sim_error_set(err, s->fail_code, "%s", s->fail_msg);
        return s->fail_code;
    }
    if (tick_limit != UINT64_MAX) {
        set_now(s, tick_limit);
        return SIM_RUN_LIMIT;
    }
    return s->n_workloads > 0 && s->n_exited >= s->n_workloads ? SIM_RUN_EXITED : SIM_RUN_IDLE;
}
