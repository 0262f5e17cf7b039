/* bench/bench_memsys_dram.c - speed of the DRAM model: requests per second
 * of trafficgen -> dram (DDR4-3200, FR-FCFS, refresh on) with streaming
 * and random traffic, loosely- and approximately-timed, and the same
 * through a bus and a crossbar; with each, the simulated bandwidth it
 * reached against the preset's peak, so a speed-up that broke the timing
 * shows. Prints the median of 5 runs.   bench_memsys_dram [scale]  (1) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <archsim/sim.h>
#include "bench_util.h"
#include <archsim/sim_type.h>

/* One run; returns requests per wall second, *share the bandwidth reached
 * as a share of the DRAM's peak. */
static double run(const char *pattern, const char *mode, const char *path, uint64_t count,
                  double *share)
{
    char cfg[2048], conn[256], ic[128] = "";
    sim_error err;
    sim_t *s;
    double t0, t;

    if (!strcmp(path, "direct"))
        snprintf(conn, sizeof(conn), "[gen.out -> mem.in]");
    else {
        snprintf(conn, sizeof(conn), "[gen.out -> ic.%s, ic.%s -> mem.in]",
                 !strcmp(path, "bus") ? "cpu" : "in", !strcmp(path, "bus") ? "mem" : "out");
        snprintf(ic, sizeof(ic), "  ic:  {type: %s, width: 64B, clock: 2GHz, queue: 32}\n", path);
    }
    snprintf(cfg, sizeof(cfg),
             "components:\n"
             "  gen: {type: trafficgen, pattern: %s, range: 256MiB, count: %llu, mode: %s,\n"
             "        outstanding: 32}\n"
             "%s"
             "  mem: {type: dram, preset: DDR4-3200, read_queue: 32, write_queue: 32}\n"
             "connections: %s\n",
             pattern, (unsigned long long)count, mode, ic, conn);
    s = sim_open_string(cfg, "bench", &err);
    if (!s) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    if (sim_elaborate(s, &err)) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    t0 = bench_wall();
    if (sim_run(s, SIM_UNTIL_EXIT, &err) != SIM_RUN_EXITED) {
        fprintf(stderr, "bench: %s\n", err.message);
        exit(1);
    }
    t = bench_wall() - t0;
    *share = sim_stat(s, "mem.read_bandwidth") / sim_stat(s, "mem.peak_bandwidth");
    sim_close(s);
    return count / t;
}

int main(int argc, char **argv)
{
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    uint64_t n = (uint64_t)(1e6 * scale) + 100;
    static const char *const paths[] = { "direct", "bus", "xbar" };
    static const char *const patterns[] = { "linear", "random" };
    static const char *const modes[] = { "lt", "at" };

    printf("archsim %s DRAM benchmark: trafficgen -> [ic ->] dram DDR4-3200 (median of 5)\n",
           sim_version());
    for (int p = 0; p < 3; p++)
        for (int k = 0; k < 2; k++)
            for (int m = 0; m < 2; m++) {
                double v[5], share = 0;

                if (p && !strcmp(modes[m], "lt") && k)
                    continue;       /* LT through an interconnect: once is enough */
                for (int i = 0; i < 5; i++)
                    v[i] = run(patterns[k], modes[m], paths[p], n, &share);
                printf("%-6s %-6s %s: %8.2f M requests/s   bandwidth %5.1f %% of peak\n",
                       paths[p], patterns[k], modes[m], bench_median(v, 5) / 1e6, 100 * share);
            }
    return 0;
}
