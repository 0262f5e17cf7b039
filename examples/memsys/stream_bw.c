/* examples/memsys/stream_bw.c - streaming read bandwidth of each level of
 * configs/memsys/l1l2l3-ddr4.yaml: the traffic generator reads a working
 * set linearly, approximately-timed, with many requests in flight, sized to
 * sit in the L1, the L2, the L3 or only in DRAM. Each run warms with two
 * passes, resets the statistics and measures; bandwidth is bytes delivered
 * per simulated second.
 *
 *     stream_bw [config] [outstanding]      (defaults: the config above, 16)
 *
 * What bounds each figure: the L1 starts one request per cycle (its
 * `ports`), so 64 B x 2 GHz = 128 GB/s is its ceiling; below it, MSHRs and
 * each level's latency limit the lines in flight (Little's law: bandwidth
 * = lines in flight x 64 B / latency); DRAM is bounded by the channel's
 * peak (DDR4-2400 x 64 bit: 19.2 GB/s), printed beside it. */
#include <stdio.h>
#include <stdlib.h>
#include <archsim/sim.h>
#include <archsim/sim_type.h>

struct warm {
    double reads;
    int done;
};

static int after_warmup(sim_t *s, void *user)
{
    struct warm *w = user;

    if (!w->done && sim_stat(s, "gen.reads") >= w->reads) {
        sim_stats_reset(s);
        w->done = 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *cfg = argc > 1 ? argv[1] : "configs/memsys/l1l2l3-ddr4.yaml";
    const char *outstanding = argc > 2 ? argv[2] : "16";
    static const struct {
        const char *level, *ws;
        uint64_t bytes;
    } runs[] = {
        {"L1", "16KiB", 16 << 10},
        {"L2", "512KiB", 512 << 10},
        {"L3", "4MiB", 4 << 20},
        {"DRAM", "64MiB", 64 << 20},
    };

    printf("level  working_set  bandwidth_GB/s  latency_ns  note\n");
    for (int i = 0; i < 4; i++) {
        uint64_t pass = runs[i].bytes / 64;
        uint64_t measure = pass < 100000 ? 100000 : pass;
        struct warm w = {(double)(2 * pass), 0};
        char v[32];
        sim_error err;
        sim_t *s = sim_open(cfg, &err);
        double bw, peak;

        if (!s)
            goto fail;
        snprintf(v, sizeof(v), "%llu", (unsigned long long)(2 * pass + measure));
        if (sim_set(s, "gen.pattern", "linear", &err) || sim_set(s, "gen.mode", "at", &err) ||
            sim_set(s, "gen.range", runs[i].ws, &err) || sim_set(s, "gen.count", v, &err) ||
            sim_set(s, "gen.outstanding", outstanding, &err) ||
            sim_set(s, "gen.interval", "1", &err) || sim_set(s, "gen.read_fraction", "1", &err) ||
            sim_every(s, SIM_UNTIL_TICKS, 100000, after_warmup, &w, &err) ||
            sim_elaborate(s, &err))
            goto fail;
        peak = sim_stat(s, "mem.peak_bandwidth");  /* before the reset zeroes it */
        if (sim_run(s, SIM_UNTIL_EXIT, &err) < 0)
            goto fail;
        bw = sim_stat(s, "gen.bytes") / sim_stat(s, "sim.seconds") / 1e9;
        printf("%-5s  %-11s  %14.2f  %10.2f  ", runs[i].level, runs[i].ws, bw,
               sim_stat(s, "gen.latency") / 1000.0);
        if (i == 3 && peak > 0)
            printf("channel peak %.2f GB/s: %.1f%% of it", peak / 1e9, 100 * bw * 1e9 / peak);
        printf("\n");
        sim_close(s);
        continue;
fail:
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        sim_close(s);
        return 1;
    }
    return 0;
}
