/* libsim/sim_int.h - the kernel's private view of a simulator: the sim_t
 * and sim_comp structs, the event queue, clock domains and the internal calls
 * between the files of libsim/. Nothing outside libsim/ includes this. */
#ifndef ARCHSIM_SIM_INT_H
#define ARCHSIM_SIM_INT_H

#include <archsim/sim_type.h>
#include "config_int.h"
#include "energy_int.h"
#include "stats_int.h"

enum { ST_PARSED, ST_READY, ST_FAILED };    /* sim_t.state */

struct conn {                       /* one end of a binding, seen from its owner */
    sim_comp *peer;
    uint16_t peer_port, peer_idx;
    bool refused;                   /* target side: this initiator waits for a retry */
    const cfg_node *where;          /* the connection in the config */
};

struct port_inst {
    struct conn *conns;
    int n, cap;
};

struct clock_dom {
    char *name;
    sim_tick period;
    sim_comp **awake;               /* components ticked at each edge, by index */
    int n_awake, cap_awake;
    sim_event edge;                 /* armed while any component is awake */
    sim_tick last_edge;             /* first edge whose ticks have not run (0: none yet) */
    bool in_edge;                   /* inside clock_edge's loop */
    sim_t *sim;
};

struct sim_comp {
    sim_t *sim;
    const sim_type *type;
    char *name;
    int index;                      /* in config order: tick order, stat order */
    void *self;
    void *cfg;
    cfg_node *node;                 /* this instance's map in the config */
    struct clock_dom *clk;
    struct port_inst *ports;        /* type->n_ports of them */
    bool awake, listed;             /* wants ticks; is in its domain's awake list */
    bool workload, exited;
    sim_event wake_ev;              /* sim_wake_at */
    uint64_t rng[4];                /* xoshiro256** state */
    double *energy_j;               /* per event, then leakage at [n_energy] */
};

/* The event queue (engine.c) has two parts. Events due within NEAR_BUCKETS
 * buckets of 2^NEAR_SHIFT ticks from the bucket of the last event run (the
 * near future: almost every response, wake-up and clock edge) sit in a
 * ring of buckets, each a list sorted by (tick, priority, sequence) that an
 * event usually joins at its tail; a bitmap says which buckets hold any.
 * Later events, events past NEAR_CAP in one bucket (many events within a
 * few hundred ps), and all events while the queue holds fewer than
 * NEAR_MIN or the heap holds most of them go to a binary heap. The next
 * event is the earlier of the first near one and the heap's top, so the
 * order is exactly the heap's wherever an event is kept. While it holds at
 * most HEAP_SORTED_MAX events the heap is kept as a sorted array instead
 * (a sorted array is a heap, so turning one into the other is free), where a new
 * event, usually the latest, joins at the end without a sift and a pop
 * takes the first; it turns back into a sorted array when a pop leaves
 * HEAP_SORTED_MIN or fewer. */
#define NEAR_SHIFT 8                /* 256 ps a bucket */
#define NEAR_BUCKETS 1024           /* 262 ns of near future */
#define SLOT_NEAR UINT32_MAX        /* sim_event.slot of an event in a bucket */
#define SLOT_SORTED (UINT32_MAX - 1) /* ... of an event in the heap while it is sorted */
#define HEAP_SORTED_MAX 8
#define HEAP_SORTED_MIN 4

struct qnode {                      /* one event in a near bucket */
    sim_tick when;                  /* the event's, copied: sorting reads no event */
    uint64_t key;                   /* the event's seq: priority, insertion order */
    sim_event *ev;
    struct qnode *next;             /* in the bucket; also the free list */
};

#define NEAR_CAP 16                 /* events a bucket holds; more go to the heap */
#define NEAR_MIN 16                 /* while fewer are queued, new ones go to the heap */

struct near_bucket {
    struct qnode *head, *tail;
};

struct pooled_ev {                  /* one-shot events from the simulator's pool */
    sim_event ev;
    sim_event_fn fn;
    void *self, *arg;
    sim_comp *comp;                 /* response/retry delivery: the receiver */
    int port, idx;
    struct pooled_ev *next;
};

struct periodic {
    int unit;
    uint64_t period, next;
    sim_periodic_fn fn;
    void *user;
    sim_event ev;
    sim_t *sim;
};

struct sim {
    int state;
    cfg_doc *doc;
    cfg_node *root;
    char *config_dir;               /* plugins and relative paths resolve from here */
    uint64_t seed;
    sim_tech tech;

    /* registry */
    const sim_type **types;
    int n_types, cap_types;
    void **plugins;
    int n_plugins;

    /* instances */
    sim_comp **comps;
    int n_comps;
    struct clock_dom **clocks;
    int n_clocks;
    struct clock_dom *default_clock;

    /* event queue on (when, prio, seq): near buckets, then a binary heap */
    sim_event **heap;
    uint32_t n_heap, cap_heap;
    bool heap_big;                  /* a binary heap in heap[0..n_heap); false: sorted, */
    uint32_t heap_lo;               /* in heap[heap_lo..heap_lo + n_heap) (0 when big) */
    uint64_t seq;
    sim_tick now;
    sim_tick run_limit;             /* engine_run's tick limit: no event runs past it */
    struct near_bucket near[NEAR_BUCKETS];
    uint64_t near_bits[NEAR_BUCKETS / 64];  /* bucket holds events */
    uint8_t near_n[NEAR_BUCKETS];   /* events in each bucket (NEAR_CAP at most) */
    uint64_t near_base;             /* bucket number (tick >> NEAR_SHIFT) of now: the
                                     * window is [near_base, near_base + NEAR_BUCKETS) */
    uint32_t n_near;                /* events in buckets */
    struct qnode *free_qnode;       /* nodes are carved from pool slabs */

    /* pools */
    struct pooled_ev *free_ev;
    void **slabs;
    int n_slabs, cap_slabs;
    sim_req *free_req;
    uint64_t next_req_id;

    /* run control */
    uint64_t insts, inst_limit;     /* inst_limit: UINT64_MAX when none */
    bool stop_req, limit_hit;
    uint64_t run_warmup, run_max_insts, run_max_cycles;    /* the run: section */
    bool warmed;                    /* the run: warm-up is over (stats were zeroed) */
    struct sampling {               /* run.sample_*: periodic sampling */
        uint64_t period, warmup, measure, max;  /* period 0: no sampling */
        int warming;                /* between samples: SAMPLE_SKIP or SAMPLE_WARM */
        uint64_t n;                 /* samples measured */
        double sum, sumsq;          /* of the samples' CPI */
        uint64_t insts;             /* measured, summed over the samples */
        uint64_t skipped;           /* fast-forwarded (skipped or warmed) */
        int phase;                  /* where the next run call goes on */
        uint64_t mark_insts, mark_cycles;   /* at the start of the measurement */
        uint64_t target;            /* s->insts at which the phase ends */
    } sample;
#define SAMPLE_SKIP 0               /* sources skip: caches and predictors left stale */
#define SAMPLE_WARM 1               /* timing models warm (functional warming) */
    int n_workloads, n_exited, exit_code;
    int n_programs;                 /* of the workloads, those of program runners (load) */
    int fail_code;
    char fail_msg[512];
    struct periodic **periodics;
    int n_periodics;

    /* stats and energy */
    sim_stats *stats;
    sim_energy *energy;
    sim_tick reset_tick;
    bool synced;                    /* sync slots ran since the last event */
    uint64_t reset_insts;

    sim_log_fn log_fn;
    void *log_user;
};

/* engine.c */
void engine_push(sim_t *s, sim_event *e);
void engine_remove(sim_t *s, sim_event *e);
int engine_run(sim_t *s, sim_tick tick_limit, sim_error *err);
struct clock_dom *clock_new(sim_t *s, const char *name, sim_tick period);
void clock_free(struct clock_dom *d);
void *pool_slab(sim_t *s, size_t n);   /* zeroed, freed at sim_close */
struct pooled_ev *pool_event(sim_t *s);

/* registry.c */
int registry_init(sim_t *s, sim_error *err);
const sim_type *registry_find(sim_t *s, const char *name);
int registry_load_plugin(sim_t *s, const char *path, const cfg_node *where, sim_error *err);
/* Forget the types registered and close the plugins loaded after the
 * first n_types and n_plugins (a failed build's). */
void registry_truncate(sim_t *s, int n_types, int n_plugins);
void registry_free(sim_t *s);

/* elaborate.c */
int sections_load(sim_t *s, sim_error *err);
int elaborate(sim_t *s, sim_error *err);
/* sim_log for the run as a whole (no component named). */
void sim_log_run(sim_t *s, int level, const char *fmt, ...);

/* The built-in types, listed once in types.c at the top of the tree. */
extern const sim_type *const archsim_builtin_types[];
extern const int archsim_n_builtin_types;

#endif
