/* bench/bench_memsys_cache.c - speed of the cache model: requests per wall
 * second of trafficgen -> L1 (32 KiB) -> L2 (1 MiB) -> L3 (8 MiB) ->
 * DDR4-2400, loosely- and approximately-timed, with random traffic over
 * 256 MiB (nearly every request goes all the way to DRAM), random traffic
 * over 512 KiB (L2 hits) and streaming traffic (8 B loads walking 64 MiB:
 * one L1 miss per 8 loads, a stream prefetcher in the L2). Beside each, the
 * cache accesses per second (hits and misses of all three levels) and the
 * simulated latency, so a speed-up that broke the timing shows. The last
 * rows replace the DRAM by simple_mem (fixed 50 ns): the cache model's own
 * speed, without the DRAM model's.
 * Targets: >= 10 M requests/s LT, >= 3 M/s AT. Median of 5 runs.
 *     bench_memsys_cache [scale]  (1: 2M requests a run) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <archsim/sim.h>
#include <archsim/sim_type.h>

extern const sim_type memsys_cache, memsys_dram;

static double wall(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static void need(sim_t *s, const sim_type *t)
{
    sim_error err;

    if (!sim_type_find(s, t->name) && sim_register_type(s, t, &err)) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
}

struct result {
    double req_s, acc_s, lat_ns;
};

static struct result run(const char *pattern, const char *range, int size, const char *mode,
                         const char *mem, uint64_t count)
{
    char cfg[4096];
    sim_error err;
    struct result r;
    sim_t *s;
    double t0, t, acc = 0;

    snprintf(cfg, sizeof(cfg),
             "seed: 1\n"
             "clocks: {default: 2GHz}\n"
             "components:\n"
             "  gen: {type: trafficgen, pattern: %s, range: %s, size: %dB, stride: %dB,\n"
             "        count: %llu, mode: %s, outstanding: 16, read_fraction: 0.8}\n"
             "  l1: {type: cache, size: 32KiB, assoc: 8, tag_latency: 1, data_latency: 3,\n"
             "       mshrs: 16, queue: 32}\n"
             "  l2: {type: cache, size: 1MiB, assoc: 16, tag_latency: 4, data_latency: 8,\n"
             "       mshrs: 32, queue: 32, prefetcher: stream, pf_degree: 4}\n"
             "  l3: {type: cache, size: 8MiB, assoc: 16, tag_latency: 10, data_latency: 20,\n"
             "       mshrs: 64, queue: 64}\n"
             "  mem: %s\n"
             "connections: [gen.out -> l1.cpu, l1.mem -> l2.cpu, l2.mem -> l3.cpu,\n"
             "              l3.mem -> mem.in]\n",
             pattern, range, size, size, (unsigned long long)count, mode, mem);
    s = sim_open_string(cfg, "bench.yaml", &err);
    if (!s) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    need(s, &memsys_cache);
    need(s, &memsys_dram);
    if (sim_elaborate(s, &err)) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    t0 = wall();
    if (sim_run(s, SIM_UNTIL_EXIT, &err) < 0) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    t = wall() - t0;
    for (int i = 0; i < 3; i++) {
        char n[32];
        const char *lv[] = {"l1", "l2", "l3"};

        snprintf(n, sizeof(n), "%s.hits", lv[i]);
        acc += sim_stat(s, n);
        snprintf(n, sizeof(n), "%s.misses", lv[i]);
        acc += sim_stat(s, n);
    }
    r.req_s = (double)count / t;
    r.acc_s = acc / t;
    r.lat_ns = sim_stat(s, "gen.latency") / 1000.0;
    sim_close(s);
    return r;
}

int main(int argc, char **argv)
{
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    uint64_t count = (uint64_t)(2e6 * scale);
    static const char *const dram = "{type: dram, preset: DDR4-2400}";
    static const char *const fixed = "{type: simple_mem, latency: 50ns}";
    static const struct {
        const char *name, *pattern, *range, *mem;
        int size;
    } loads[] = {
        {"random 256MiB", "random", "256MiB", dram, 64},
        {"random 512KiB", "random", "512KiB", dram, 64},
        {"stream 64MiB", "linear", "64MiB", dram, 8},
        {"random 256MiB, simple_mem", "random", "256MiB", fixed, 64},
    };
    static const char *const modes[] = {"lt", "at"};

    if (count < 1000)
        count = 1000;
    printf("%-26s %-3s %14s %16s %12s\n", "traffic", "", "requests/s", "cache acc/s",
           "latency_ns");
    for (int m = 0; m < 2; m++)
        for (int l = 0; l < 4; l++) {
            struct result r[5];
            double rs[5], as[5];

            for (int k = 0; k < 5; k++) {
                r[k] = run(loads[l].pattern, loads[l].range, loads[l].size, modes[m],
                           loads[l].mem, count);
                rs[k] = r[k].req_s;
                as[k] = r[k].acc_s;
            }
            qsort(rs, 5, sizeof(double), cmp);
            qsort(as, 5, sizeof(double), cmp);
            printf("%-26s %-3s %12.2f M %14.2f M %12.2f\n", loads[l].name, modes[m],
                   rs[2] / 1e6, as[2] / 1e6, r[0].lat_ns);
        }
    return 0;
}
