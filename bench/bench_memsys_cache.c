/* bench/bench_memsys_cache.c - speed of the memory system: requests and
 * cache accesses per wall second of trafficgen -> L1 (32 KiB, 8 ways) -> L2
 * (1 MiB, 16 ways, stream prefetcher) -> L3 (8 MiB, 16 ways) -> DDR4-2400,
 * loosely-timed (LT) and approximately-timed (AT), with
 *   - random 64 B requests over 256 MiB: nearly every one misses all three
 *     levels and goes to DRAM (the hard case);
 *   - random 64 B requests over 512 KiB: L2 hits;
 *   - streaming 8 B loads walking 64 MiB: one L1 miss per 8 loads, the L2
 *     stream prefetcher running ahead, DRAM row hits;
 *   - the random 256 MiB traffic again with simple_mem (fixed 50 ns) in
 *     place of the DRAM: the caches' own speed, without the DRAM model's.
 * "Cache accesses" are the demand lookups of the three levels (hits +
 * misses of l1, l2 and l3, as their stats count them); writebacks and
 * prefetches are extra work not counted. Beside each figure, the simulated
 * latency per request, so that a speed-up that broke the timing shows.
 * Targets (issue 4): >= 10 M cache accesses/s LT, >= 3 M/s AT; each row
 * prints its target and whether its cache accesses/s (median) reach it.
 * Wall time of sim_run only (not set-up), median of 5 runs.
 *     bench_memsys_cache [scale]   (1: 2M requests a run) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <archsim/sim.h>
#include "bench_util.h"
#include <archsim/sim_type.h>

#define RUNS 5

struct result {
    double seconds;                 /* wall time of sim_run */
    double accesses;                /* l1 + l2 + l3 hits and misses */
    double lat_ns;                  /* mean simulated latency of a request */
};

static struct result run(const char *pattern, const char *range, int size, const char *mode,
                         const char *mem, uint64_t count)
{
    char cfg[4096];
    sim_error err;
    struct result r = {0, 0, 0};
    sim_t *s;
    double t0;

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
    if (sim_elaborate(s, &err)) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    t0 = bench_wall();
    if (sim_run(s, SIM_UNTIL_EXIT, &err) < 0) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    r.seconds = bench_wall() - t0;
    for (int i = 0; i < 3; i++) {
        static const char *const lv[] = {"l1", "l2", "l3"};
        char n[32];

        snprintf(n, sizeof(n), "%s.hits", lv[i]);
        r.accesses += sim_stat(s, n);
        snprintf(n, sizeof(n), "%s.misses", lv[i]);
        r.accesses += sim_stat(s, n);
    }
    r.lat_ns = sim_stat(s, "gen.latency") / 1000.0;
    sim_close(s);
    return r;
}

static const char *verdict(double v, double target)
{
    return v >= target ? "yes" : "NO";
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
        {"random 256MiB -> DRAM", "random", "256MiB", dram, 64},
        {"stream 64MiB -> DRAM", "linear", "64MiB", dram, 8},
        {"random 512KiB (L2 hits)", "random", "512KiB", dram, 64},
        {"random 256MiB -> simple_mem", "random", "256MiB", fixed, 64},
    };
    static const struct {
        const char *name, *mode;
        double target;              /* cache accesses per second */
    } modes[] = {{"LT", "lt", 10e6}, {"AT", "at", 3e6}};

    if (count < 1000)
        count = 1000;
    printf("archsim %s memory-system benchmark: trafficgen -> L1 32KiB -> L2 1MiB (stream "
           "prefetcher) -> L3 8MiB -> memory\n", sim_version());
    printf("%llu requests a run, wall time of sim_run, median of %d runs; cache accesses = "
           "hits + misses of l1, l2, l3\n", (unsigned long long)count, RUNS);
    printf("targets (issue 4), in cache accesses/s: >= %.0f M loosely-timed (LT), >= %.0f M "
           "approximately-timed (AT)\n\n", modes[0].target / 1e6, modes[1].target / 1e6);
    printf("%-28s %-4s %12s %14s %9s %12s %12s %5s\n", "traffic", "mode", "requests/s",
           "cache acc/s", "acc/req", "latency_ns", "target", "met");
    for (int l = 0; l < (int)(sizeof(loads) / sizeof(loads[0])); l++)
        for (int m = 0; m < 2; m++) {
            struct result r[RUNS];
            double req[RUNS], acc[RUNS], rq, ac;
            char target[16];

            for (int k = 0; k < RUNS; k++) {
                r[k] = run(loads[l].pattern, loads[l].range, loads[l].size, modes[m].mode,
                           loads[l].mem, count);
                req[k] = (double)count / r[k].seconds;
                acc[k] = r[k].accesses / r[k].seconds;
            }
            rq = bench_median(req, RUNS);
            ac = bench_median(acc, RUNS);
            snprintf(target, sizeof(target), ">= %.1f M", modes[m].target / 1e6);
            printf("%-28s %-4s %10.2f M %12.2f M %9.2f %12.2f %12s %5s\n", loads[l].name,
                   modes[m].name, rq / 1e6, ac / 1e6, r[0].accesses / (double)count,
                   r[0].lat_ns, target, verdict(ac, modes[m].target));
            fflush(stdout);
        }
    return 0;
}
