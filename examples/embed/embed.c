/* examples/embed/embed.c - archsim inside a program of your own: open a
 * configuration, override a parameter, run it, print two statistics.
 *     embed CONFIG [KEY=VALUE]...      e.g. embed configs/trafficgen.yaml gen.count=5000 */
#include <stdio.h>
#include <string.h>
#include <archsim/sim.h>

int main(int argc, char **argv)
{
    sim_error err;
    sim_t *s;
    int rc;

    if (argc < 2) {
        fprintf(stderr, "usage: %s CONFIG [KEY=VALUE]...\n", argv[0]);
        return 2;
    }
    s = sim_open(argv[1], &err);
    if (!s) {
        fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        char key[256];
        const char *eq = strchr(argv[i], '=');

        if (!eq || (size_t)(eq - argv[i]) >= sizeof(key)) {
            fprintf(stderr, "expected KEY=VALUE, got '%s'\n", argv[i]);
            sim_close(s);
            return 2;
        }
        snprintf(key, sizeof(key), "%.*s", (int)(eq - argv[i]), argv[i]);
        if (sim_set(s, key, eq + 1, &err)) {
            fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
            sim_close(s);
            return 2;
        }
    }
    rc = sim_run(s, SIM_UNTIL_EXIT, &err);
    if (rc < 0) {
        fprintf(stderr, "run failed: %s\n", err.message);
        sim_close(s);
        return 1;
    }
    printf("archsim %s\n", sim_version());
    printf("sim.cycles %.0f\n", sim_stat(s, "sim.cycles"));
    printf("gen.latency %.1f\n", sim_stat(s, "gen.latency"));
    sim_close(s);
    return 0;
}
