/* bench/bench_kernel.c - kernel throughput: events per second through the
 * event queue (queues of 64 and 4096 pending events, each event
 * rescheduling itself a pseudo-random 1..1024 ps later), and transactions
 * per second of trafficgen -> simple_mem, loosely- and approximately-timed.
 * Prints the median of 5 runs of each.   bench_kernel [scale]  (default 1) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <archsim/sim.h>
#include "bench_util.h"
#include <archsim/sim_type.h>

/* A component whose events reschedule themselves until a budget is spent. */
struct spinner {
    sim_comp *comp;
    sim_event *ev;
    uint64_t left, x;
};

static void *spinner_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct spinner *s = sim_zalloc(err, sizeof(*s));

    if (s)
        s->comp = comp;
    return s;
}

static void spinner_fini(void *self)
{
    struct spinner *s = self;

    free(s->ev);
    free(s);
}

static void spin(void *self, void *arg)
{
    struct spinner *s = self;

    if (s->left == 0)
        return;
    s->left--;
    s->x = s->x * 6364136223846793005ull + 1442695040888963407ull;
    sim_schedule(s->comp, arg, sim_time(s->comp) + 1 + (s->x >> 54), SIM_PRIO_DEFAULT);
}

static const sim_type spinner_type = {
    .name = "spinner", .doc = "bench", .init = spinner_init, .fini = spinner_fini,
};

static double events_per_second(int pending, uint64_t n)
{
    sim_error err;
    sim_t *s = sim_open_string("components: {s: {type: spinner}}\n", "bench", &err);
    struct spinner *sp;
    double t0, t;

    if (!s || sim_register_type(s, &spinner_type, &err) || sim_elaborate(s, &err)) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    sp = sim_comp_self(sim_find_comp(s, "s"));
    sp->ev = calloc(pending, sizeof(*sp->ev));
    sp->left = n;
    sp->x = 1;
    for (int i = 0; i < pending; i++) {
        sim_event_init(&sp->ev[i], spin, sp, &sp->ev[i]);
        sim_schedule(sp->comp, &sp->ev[i], i, SIM_PRIO_DEFAULT);
    }
    t0 = bench_wall();
    sim_run(s, SIM_UNTIL_EXIT, &err);
    t = bench_wall() - t0;
    sim_close(s);
    return (n + pending) / t;
}

static double transactions_per_second(const char *mode, uint64_t count)
{
    char cfg[1024];
    sim_error err;
    sim_t *s;
    double t0, t;

    snprintf(cfg, sizeof(cfg),
             "components:\n"
             "  gen: {type: trafficgen, pattern: random, range: 64MiB, count: %llu, mode: %s,\n"
             "        outstanding: 8}\n"
             "  mem: {type: simple_mem, latency: 40ns, bandwidth: 25.6, queue: 16}\n"
             "connections: [gen.out -> mem.in]\n", (unsigned long long)count, mode);
    s = sim_open_string(cfg, "bench", &err);
    if (!s || sim_elaborate(s, &err)) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    t0 = bench_wall();
    if (sim_run(s, SIM_UNTIL_EXIT, &err) != SIM_RUN_EXITED) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    t = bench_wall() - t0;
    sim_close(s);
    return count / t;
}

int main(int argc, char **argv)
{
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    uint64_t nev = (uint64_t)(20e6 * scale) + 1000, ntx = (uint64_t)(2e6 * scale) + 100;
    double v[5];

    printf("archsim %s kernel benchmark (median of 5)\n", sim_version());
    for (int pending = 64; pending <= 4096; pending *= 64) {
        for (int i = 0; i < 5; i++)
            v[i] = events_per_second(pending, nev);
        printf("event queue, %4d pending:          %8.2f M events/s\n", pending,
               bench_median(v, 5) / 1e6);
    }
    for (int i = 0; i < 5; i++)
        v[i] = transactions_per_second("lt", ntx);
    printf("trafficgen -> simple_mem, LT:       %8.2f M transactions/s\n", bench_median(v, 5) / 1e6);
    for (int i = 0; i < 5; i++)
        v[i] = transactions_per_second("at", ntx);
    printf("trafficgen -> simple_mem, AT:       %8.2f M transactions/s\n", bench_median(v, 5) / 1e6);
    return 0;
}
