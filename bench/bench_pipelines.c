/* bench/bench_pipelines.c - simulation speed of the core models: each ready
 * config (configs/riscv-inorder.yaml, riscv-ooo.yaml, riscv-4core.yaml, and
 * the functional model alone for reference) runs our CPU-bound and
 * memory-bound guest programs (bench/riscv/cpubench.c, membench.c, built
 * by tests/guest into BUILD/guest) and prints simulated instructions,
 * cycles, IPC and host MIPS. Wall-clock figures are noisy on a shared
 * machine; bench/pipelines/callgrind.sh gives host instructions per
 * simulated instruction, the stable figure.
 *
 * Usage: bench_pipelines [SCALE] [GUEST_DIR]. SCALE 1 (the default) runs
 * cpubench 40 iterations and membench 2 M accesses over 32 MiB; ctest's
 * smoke run uses 0.01. Exits 0 without figures when the guests are not
 * built (no cross compiler). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <archsim/sim.h>

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* BUILD/guest, from BUILD/bench/bench_pipelines. */
static int guest_dir(char *buf, size_t n)
{
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;

    if (k <= 0)
        return -1;
    exe[k] = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return snprintf(buf, n, "%s/guest", exe) < (int)n ? 0 : -1;
}

struct cfg {
    const char *name, *file;
    int harts;
};

static int run(const struct cfg *c, const char *path, const char *prog, int argc,
               const char *const *argv, const char *label)
{
    char key[32];
    sim_error err;
    sim_t *s;
    double t0, dt, insts, cycles;
    int rc;

    s = sim_open(path, &err);
    if (!s) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        return -1;
    }
    for (int h = 0; h < c->harts; h++) {
        snprintf(key, sizeof(key), c->harts > 1 ? "cpu%d.stdout" : "cpu.stdout", h);
        if (sim_set(s, key, "/dev/null", &err)) {
            fprintf(stderr, "%s: %s\n", key, err.message);
            sim_close(s);
            return -1;
        }
    }
    if (sim_load_workload(s, prog, argc, argv, &err)) {
        fprintf(stderr, "%s: %s\n", prog, err.message);
        sim_close(s);
        return -1;
    }
    t0 = now_s();
    rc = sim_run(s, SIM_UNTIL_EXIT, &err);
    dt = now_s() - t0;
    if (rc != SIM_RUN_EXITED) {
        fprintf(stderr, "%s on %s: %s\n", label, c->name, rc < 0 ? err.message : "did not exit");
        sim_close(s);
        return -1;
    }
    insts = sim_stat(s, "sim.insts");
    cycles = sim_stat(s, "sim.cycles");
    printf("%-10s %-9s %12.0f %12.0f %7.3f %9.2f %8.2f\n", c->name, label, insts, cycles,
           insts / cycles / c->harts, insts / dt / 1e6, dt);
    sim_close(s);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct cfg cfgs[] = {
        { "functional", NULL, 1 },
        { "inorder", "riscv-inorder.yaml", 1 },
        { "ooo", "riscv-ooo.yaml", 1 },
        { "4core", "riscv-4core.yaml", 4 },
    };
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    char dir[PATH_MAX], cpu[PATH_MAX + 16], mem[PATH_MAX + 16], iters[32], macc[32], mib[32];
    char func[PATH_MAX];
    FILE *f;
    int fails = 0;

    if (argc > 2)
        snprintf(dir, sizeof(dir), "%s", argv[2]);
    else if (guest_dir(dir, sizeof(dir)))
        return 0;
    snprintf(cpu, sizeof(cpu), "%s/cpubench", dir);
    snprintf(mem, sizeof(mem), "%s/membench", dir);
    if (access(cpu, R_OK) || access(mem, R_OK)) {
        printf("bench_pipelines: no guest programs in %s (build the `guests` target); "
               "nothing measured\n", dir);
        return 0;
    }
    /* the functional reference: the riscv hart alone */
    snprintf(func, sizeof(func), "%s/bench_pipelines_functional.yaml", P_tmpdir);
    f = fopen(func, "w");
    if (!f)
        return 1;
    fputs("clocks: {default: 2GHz}\ncomponents:\n  cpu: {type: riscv}\n", f);
    fclose(f);
    snprintf(iters, sizeof(iters), "%d", scale * 40 < 1 ? 1 : (int)(scale * 40));
    snprintf(macc, sizeof(macc), "%d", (int)(scale * 2 + 0.5));
    snprintf(mib, sizeof(mib), "%d", scale < 0.5 ? 1 : 32);
    printf("cpubench %s iterations; membench %s M accesses over %s MiB\n", iters, macc, mib);
    printf("%-10s %-9s %12s %12s %7s %9s %8s\n", "config", "program", "insts", "cycles",
           "IPC/core", "MIPS", "seconds");
    for (int i = 0; i < (int)(sizeof(cfgs) / sizeof(cfgs[0])); i++) {
        const struct cfg *c = &cfgs[i];
        const char *a1[] = { "cpubench", iters };
        const char *a2[] = { "membench", macc, mib };
        char path[PATH_MAX];

        if (c->file)
            snprintf(path, sizeof(path), "%s/configs/%s", SRC_DIR, c->file);
        else
            snprintf(path, sizeof(path), "%s", func);
        fails += run(c, path, cpu, 2, a1, "cpubench") != 0;
        fails += run(c, path, mem, 3, a2, "membench") != 0;
    }
    remove(func);
    return fails ? 1 : 0;
}
