/* examples/memsys/chase_sweep.c - the classic memory-latency curve: a
 * pointer chase (dependent loads over a random cycle of lines, so neither
 * parallelism nor prefetching hides anything) over working sets from 4 KiB
 * to 256 MiB through configs/memsys/l1l2l3-ddr4.yaml (L1, L2, L3, DDR4-2400),
 * loosely-timed. Each point warms the caches with one pass over the set
 * (at most 1M loads), resets the statistics and measures the next loads.
 *
 *     chase_sweep [config] [out.csv] [max_ws]
 *       config   default configs/memsys/l1l2l3-ddr4.yaml
 *       out.csv  default chase.csv
 *       max_ws   largest working set, default 256MiB
 *
 * The CSV has one row per working set: bytes, average load latency in ns
 * and in core cycles, each level's miss rate, and the DRAM's row-buffer
 * hit rate and average read latency. Where the set fits a level, the
 * latency is that level's configured latency: on stderr the plateaus are
 * printed beside the values the config implies (tag + data latencies of
 * the levels crossed; for DRAM, plus the DRAM's own measured read latency,
 * which depends on row hits, misses and conflicts). Build: see Makefile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archsim/sim.h>
#include <archsim/sim_type.h>

struct warm {
    double loads;                   /* reset the stats after this many */
    int done;
};

static int after_warmup(sim_t *s, void *user)
{
    struct warm *w = user;

    if (!w->done && sim_stat(s, "gen.reads") >= w->loads) {
        sim_stats_reset(s);
        w->done = 1;
    }
    return 0;
}

static double get(sim_t *s, const char *name)
{
    return sim_stat(s, name);
}

/* A ratio for the CSV: empty when the level saw no accesses (0/0). */
static const char *ratio(sim_t *s, const char *name, char *buf)
{
    double v = sim_stat(s, name);

    if (v != v)
        return "";
    snprintf(buf, 32, "%.4f", v);
    return buf;
}

/* A number under `  inst:` in the resolved config text, or def when the
 * config leaves it at its default (the resolved text omits those). */
static double key_in(const char *txt, const char *inst, const char *key, double def)
{
    char head[64];
    const char *p;
    size_t n = strlen(key);

    snprintf(head, sizeof(head), "\n  %s:\n", inst);
    p = strstr(txt, head);
    if (!p)
        return def;
    for (p += strlen(head); strncmp(p, "    ", 4) == 0; p = strchr(p, '\n') + 1) {
        if (strncmp(p + 4, key, n) == 0 && p[4 + n] == ':')
            return atof(p + 5 + n);
        if (!strchr(p, '\n'))
            break;
    }
    return def;
}

/* Configured cycles of a cache: its tag lookup, or tag + data for a hit
 * (sequential lookup; 1 and 3 are the cache type's defaults). */
static double cycles_of(const char *txt, const char *inst, int hit)
{
    double tag = key_in(txt, inst, "tag_latency", 1);

    return hit ? tag + key_in(txt, inst, "data_latency", 3) : tag;
}

int main(int argc, char **argv)
{
    const char *cfg = argc > 1 ? argv[1] : "configs/memsys/l1l2l3-ddr4.yaml";
    const char *out = argc > 2 ? argv[2] : "chase.csv";
    uint64_t max_ws = argc > 3 ? strtoull(argv[3], NULL, 0) : 256ull << 20;
    double period_ns = 0;           /* of the default clock, read from the config */
    FILE *f = fopen(out, "w");
    double plateau[4] = {0}, expect[4] = {0}, dram_last = 0;
    int n_plateau[4] = {0};

    if (!f) {
        perror(out);
        return 1;
    }
    fprintf(f, "working_set_bytes,latency_ns,latency_cycles,l1_miss_rate,l2_miss_rate,"
               "l3_miss_rate,dram_row_hit_rate,dram_read_latency_ns\n");
    for (uint64_t ws = 4096; ws <= max_ws; ws *= 2) {
        uint64_t lines = ws / 64;
        uint64_t warm = lines < (1u << 20) ? lines : (1u << 20);
        uint64_t measure = 200000;
        struct warm w = {(double)warm, 0};
        char v[64];
        sim_error err;
        sim_t *s = sim_open(cfg, &err);
        double lat, cyc, dram_ns;
        char *txt;
        int level;

        if (!s) {
            fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
            return 1;
        }
        snprintf(v, sizeof(v), "%llu", (unsigned long long)ws);
        if (sim_set(s, "gen.range", v, &err) || sim_set(s, "gen.pattern", "pointer_chase", &err) ||
            sim_set(s, "gen.mode", "lt", &err))
            goto fail;
        snprintf(v, sizeof(v), "%llu", (unsigned long long)(warm + measure));
        if (sim_set(s, "gen.count", v, &err) ||
            sim_every(s, SIM_UNTIL_TICKS, 100000, after_warmup, &w, &err) ||
            sim_run(s, SIM_UNTIL_EXIT, &err) < 0)
            goto fail;
        if (period_ns == 0 && sim_config_format(s, &txt, &err) == 0) {
            const char *c = strstr(txt, "\nclocks:\n  default: ");
            double ghz = c ? atof(c + 20) : 1;

            if (c && strstr(c + 20, "MHz") && strstr(c + 20, "MHz") < strchr(c + 20, '\n'))
                ghz /= 1e3;
            period_ns = 1 / ghz;
            sim_free(txt);
        }
        lat = get(s, "gen.latency") / 1000.0;
        cyc = lat / period_ns;
        dram_ns = get(s, "mem.read_latency") / 1000.0;
        {
            char b[5][32];

            fprintf(f, "%llu,%.3f,%.2f,%s,%s,%s,%s,%s\n", (unsigned long long)ws, lat, cyc,
                    ratio(s, "l1d.miss_rate", b[0]), ratio(s, "l2.miss_rate", b[1]),
                    ratio(s, "l3.miss_rate", b[2]), ratio(s, "mem.row_hit_rate", b[3]),
                    dram_ns == dram_ns ? (snprintf(b[4], 32, "%.3f", dram_ns), b[4]) : "");
        }
        /* a plateau point: nearly everything hits one level */
        level = get(s, "l1d.miss_rate") < 0.01 ? 0 : get(s, "l2.miss_rate") < 0.01 ? 1 :
                get(s, "l3.miss_rate") < 0.01 ? 2 : get(s, "l3.miss_rate") > 0.99 ? 3 : -1;
        if (level >= 0 && sim_config_format(s, &txt, &err) == 0) {
            double t1 = cycles_of(txt, "l1d", 0), t2 = cycles_of(txt, "l2", 0);
            double t3 = cycles_of(txt, "l3", 0);

            expect[0] = cycles_of(txt, "l1d", 1);
            expect[1] = t1 + cycles_of(txt, "l2", 1);
            expect[2] = t1 + t2 + cycles_of(txt, "l3", 1);
            expect[3] = t1 + t2 + t3;   /* + the DRAM's own time, which varies with rows */
            if (level == 3)
                dram_last = dram_ns / period_ns;
            plateau[level] = cyc;
            n_plateau[level]++;
            sim_free(txt);
        }
        fprintf(stderr, "%10llu B  %8.2f ns  %7.2f cycles%s\n", (unsigned long long)ws, lat, cyc,
                level < 0 ? "  (between levels)" : "");
        sim_close(s);
        continue;
fail:
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        sim_close(s);
        return 1;
    }
    fclose(f);
    fprintf(stderr, "\nplateau   measured   configured (cycles of %.3f ns)\n", period_ns);
    for (int i = 0; i < 4; i++)
        if (n_plateau[i] && i < 3)
            fprintf(stderr, "%-8s  %8.2f   %8.2f\n", i == 0 ? "L1" : i == 1 ? "L2" : "L3",
                    plateau[i], expect[i]);
    if (n_plateau[3])               /* the largest set's point, beside its DRAM time */
        fprintf(stderr, "DRAM      %8.2f   %8.2f  (%.0f of tags + the DRAM's measured "
                "%.2f)\n", plateau[3], expect[3] + dram_last, expect[3], dram_last);
    fprintf(stderr, "wrote %s\n", out);
    return 0;
}
