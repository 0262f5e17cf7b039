/* tools/describe.c - `archsim list`, `archsim describe TYPE` and `archsim
 * docs`: everything printed here comes from the component descriptors in
 * the registry, so docs/config-reference.md cannot drift from the code (a
 * test regenerates it and compares). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archsim/sim_type.h>
#include "cli.h"
#include "config_int.h"

/* A simulator holding the built-in types and those of the plugins named by
 * `--plugin LIB.so` options in argv (taken out of it: *argc shrinks), or
 * NULL after a message (bad option, a plugin that does not load). */
static sim_t *registry_sim(int *argc, char **argv)
{
    char yaml[8192] = "plugins: [";
    size_t len = strlen(yaml);
    sim_error err;
    sim_t *s;
    int k = 0;

    for (int i = 0; i < *argc; i++) {
        char *path;

        if (strcmp(argv[i], "--plugin") != 0) {
            argv[k++] = argv[i];
            continue;
        }
        if (++i >= *argc) {
            fprintf(stderr, "archsim: --plugin needs a shared object\n");
            return NULL;
        }
        path = realpath(argv[i], NULL);
        if (!path) {
            fprintf(stderr, "archsim: --plugin %s: no such file\n", argv[i]);
            return NULL;
        }
        /* a single-quoted YAML scalar: a quote inside is written twice */
        if (len + 2 * strlen(path) + 8 > sizeof(yaml)) {
            free(path);
            fprintf(stderr, "archsim: --plugin: too many or too long paths\n");
            return NULL;
        }
        if (yaml[len - 1] != '[')
            len += (size_t)sprintf(yaml + len, ", ");
        yaml[len++] = '\'';
        for (const char *c = path; *c; c++) {
            if (*c == '\'')
                yaml[len++] = '\'';
            yaml[len++] = *c;
        }
        yaml[len++] = '\'';
        free(path);
    }
    *argc = k;
    strcpy(yaml + len, "]\n");
    s = sim_open_string(yaml, "<registry>", &err);
    if (s && sim_elaborate(s, &err)) {          /* loads the plugins */
        sim_close(s);
        s = NULL;
    }
    if (!s)
        cli_error(&err);
    return s;
}

sim_tick cli_stats_period(sim_t *s)
{
    const char *v = sim_config_get(s, "stats.period");
    double ps;
    char msg[128];

    if (!v || sim_parse_unit(SIM_P_TIME, v, &ps, msg, sizeof(msg)))
        return 0;
    return (sim_tick)ps;
}

/* First line of a doc string, for one-line listings. */
static void first_line(FILE *f, const char *doc)
{
    const char *nl = doc ? strchr(doc, '\n') : NULL;

    fprintf(f, "%.*s", nl ? (int)(nl - doc) : (int)strlen(doc ? doc : ""), doc ? doc : "");
}

int cmd_list(int argc, char **argv)
{
    sim_t *s = registry_sim(&argc, argv);
    int w = 0;

    if (!s)
        return 2;
    if (argc) {
        fprintf(stderr, "usage: archsim list [--plugin LIB.so]...\n");
        sim_close(s);
        return 2;
    }
    for (int i = 0; i < sim_type_count(s); i++) {
        int n = (int)strlen(sim_type_at(s, i)->name);

        w = n > w ? n : w;
    }
    for (int i = 0; i < sim_type_count(s); i++) {
        const sim_type *t = sim_type_at(s, i);

        printf("%-*s  ", w, t->name);
        first_line(stdout, t->doc);
        printf("\n");
    }
    sim_close(s);
    return 0;
}

static void range_text(const sim_param *p, char *buf, size_t len)
{
    char lo[64], hi[64];

    buf[0] = 0;
    if (p->min > p->max)
        return;
    switch (p->kind) {
    case SIM_P_SIZE: case SIM_P_FREQ: case SIM_P_TIME: case SIM_P_ENERGY:
    case SIM_P_POWER: case SIM_P_VOLTAGE:
        sim_format_unit(p->kind, p->min, lo, sizeof(lo));
        sim_format_unit(p->kind, p->max, hi, sizeof(hi));
        break;
    default:
        snprintf(lo, sizeof(lo), "%.10g", p->min);
        snprintf(hi, sizeof(hi), "%.10g", p->max);
    }
    snprintf(buf, len, "%s .. %s", lo, hi);
}

static const char *port_dir(int flags)
{
    return flags & SIM_TARGET ? "target" : "initiator";
}

static const char *stat_kind(int k)
{
    static const char *const names[] = { "counter", "value", "average", "distribution",
                                         "vector", "formula" };

    return k >= 0 && k < SIM_COUNT(names) ? names[k] : "?";
}

/* One type as Markdown (md) or as plain aligned text. */
static void describe(FILE *f, const sim_type *t, bool md)
{
    char range[160];

    if (md) {
        fprintf(f, "## `%s`\n\n%s\n\n", t->name, t->doc ? t->doc : "");
    } else {
        fprintf(f, "%s: %s\n", t->name, t->doc ? t->doc : "");
    }
    if (t->n_params) {
        if (md)
            fprintf(f, "| parameter | kind | default | range | doc |\n|---|---|---|---|---|\n");
        else
            fprintf(f, "\nparameters:\n");
        for (int i = 0; i < t->n_params; i++) {
            const sim_param *p = &t->params[i];
            const char *unit = param_unit(p);
            char kind[128];

            if (p->kind == SIM_P_ENUM)
                snprintf(kind, sizeof(kind), "enum: %s", p->choices);
            else if (unit && unit[0])
                snprintf(kind, sizeof(kind), "%s (%s)", param_kind_name(p->kind), unit);
            else
                snprintf(kind, sizeof(kind), "%s", param_kind_name(p->kind));
            range_text(p, range, sizeof(range));
            if (md)
                fprintf(f, "| `%s` | %s | %s | %s | %s |\n", p->name, kind,
                        p->def ? (p->def[0] ? p->def : "\"\"") : "(required)", range,
                        p->doc ? p->doc : "");
            else
                fprintf(f, "  %-18s %-28s default %-10s %-22s %s\n", p->name, kind,
                        p->def ? (p->def[0] ? p->def : "\"\"") : "(required)", range,
                        p->doc ? p->doc : "");
        }
    }
    if (t->n_ports) {
        if (md)
            fprintf(f, "\n| port | direction | doc |\n|---|---|---|\n");
        else
            fprintf(f, "\nports:\n");
        for (int i = 0; i < t->n_ports; i++) {
            const sim_port *p = &t->ports[i];
            char dir[96];

            snprintf(dir, sizeof(dir), "%s%s%s%s", port_dir(p->flags),
                     p->flags & SIM_INSTS ? ", instructions" : "",
                     p->flags & SIM_MULTI ? ", many" : "",
                     p->flags & SIM_OPTIONAL ? ", optional" : "");
            if (md)
                fprintf(f, "| `%s` | %s | %s |\n", p->name, dir, p->doc ? p->doc : "");
            else
                fprintf(f, "  %-18s %-28s %s\n", p->name, dir, p->doc ? p->doc : "");
        }
    }
    if (t->n_stats) {
        if (md)
            fprintf(f, "\n| stat | kind | unit | doc |\n|---|---|---|---|\n");
        else
            fprintf(f, "\nstats:\n");
        for (int i = 0; i < t->n_stats; i++) {
            const sim_stat *st = &t->stats[i];
            char kind[160];

            if (st->kind == SIM_S_FORMULA)
                snprintf(kind, sizeof(kind), "formula `%s`", st->formula);
            else
                snprintf(kind, sizeof(kind), "%s", stat_kind(st->kind));
            if (md)
                fprintf(f, "| `%s` | %s | %s | %s |\n", st->name, kind, st->unit ? st->unit : "",
                        st->doc ? st->doc : "");
            else
                fprintf(f, "  %-18s %-28s %-8s %s\n", st->name, kind, st->unit ? st->unit : "",
                        st->doc ? st->doc : "");
        }
    }
    if (t->n_energy) {
        if (md)
            fprintf(f, "\n| energy event | doc |\n|---|---|\n");
        else
            fprintf(f, "\nenergy events (priced under `energy:` of the instance, plus "
                    "`leakage:`):\n");
        for (int i = 0; i < t->n_energy; i++) {
            if (md)
                fprintf(f, "| `%s` | %s |\n", t->energy[i].name, t->energy[i].doc);
            else
                fprintf(f, "  %-18s %s\n", t->energy[i].name, t->energy[i].doc);
        }
    }
    fprintf(f, "\n");
}

int cmd_describe(int argc, char **argv)
{
    sim_t *s;
    const sim_type *t;

    s = registry_sim(&argc, argv);
    if (!s)
        return 2;
    if (argc != 1) {
        fprintf(stderr, "usage: archsim describe TYPE [--plugin LIB.so]...\n");
        sim_close(s);
        return 2;
    }
    t = sim_type_find(s, argv[0]);
    if (!t) {
        const char *names[256];
        int n = 0;
        const char *near;

        for (int i = 0; i < sim_type_count(s) && n < 256; i++)
            names[n++] = sim_type_at(s, i)->name;
        near = sim_nearest(argv[0], names, n);
        fprintf(stderr, "archsim: unknown type '%s'%s%s%s\n", argv[0],
                near ? "; did you mean '" : " (see archsim list)", near ? near : "",
                near ? "'?" : "");
        sim_close(s);
        return 2;
    }
    describe(stdout, t, false);
    sim_close(s);
    return 0;
}

static const char docs_head[] =
    "# archsim configuration reference\n\n"
    "Generated by `archsim docs` from the component descriptors; do not edit by hand\n"
    "(the build regenerates it and a test fails when this file is stale).\n\n"
    "A configuration is a YAML file with these sections:\n\n"
    "| section | what it holds |\n|---|---|\n"
    "| `components:` | instance name -> `{type: T, clock: C, energy: {...}, params...}` |\n"
    "| `connections:` | list of `initiator.port -> target.port` |\n"
    "| `clocks:` | clock name -> frequency (`2GHz`) or period (`500ps`); `default` (or the "
    "first) drives components without `clock:` |\n"
    "| `workload:` | `program:`, `args:` and `argv0:` (set by `archsim run CONFIG -- PROG "
    "ARGS`; a relative program is resolved against the current directory, and config.yaml "
    "gives its absolute path) |\n"
    "| `stats:` | `period:` time between rows of `stats-series.csv` (0: off); each row is "
    "cumulative since time 0 |\n"
    "| `run:` | `warmup:` instructions before the statistics are zeroed; then `max_insts:` "
    "or `max_cycles:` (0: to the exit); or a sampled run: `sample_period:`, `sample_warmup:`, "
    "`sample_measure:`, `samples:`; `archsim run --warmup/--max-insts/--max-cycles/--sample` "
    "set them |\n"
    "| `energy:` | `node:` (nm), `vdd:` (V), `temperature:` (K) for the energy models |\n"
    "| `include:` | base files merged first (deep merge; this file wins) |\n"
    "| `plugins:` | shared objects whose `archsim_plugin_init` registers more types |\n"
    "| `seed:` | seed of every random choice in the run (default 1) |\n\n"
    "Every component also takes `clock:` (a clock name or a frequency/period) and\n"
    "`energy:` (energy per event for each of its energy events, and `leakage:` power).\n"
    "Units: sizes `B KiB MiB GiB kB MB GB`, frequencies `Hz kHz MHz GHz`, times\n"
    "`ps ns us ms s`, energies `fJ pJ nJ uJ mJ J`, powers `nW uW mW W`, voltages `mV V`.\n"
    "Time is kept in whole picoseconds: a clock whose period is not a whole number of them\n"
    "is rounded to the nearest (`3GHz`: 333 ps, 3.003 GHz; write `333ps` or `3.003GHz` to\n"
    "say which you mean).\n\n";

int cmd_docs(int argc, char **argv)
{
    const char *out = NULL;
    char tmp[4200], target[4096];
    bool out_dev = false;
    FILE *f = stdout;
    sim_t *s;
    int none = 0;

    if (argc == 2 && strcmp(argv[0], "-o") == 0) {
        out = argv[1];
    } else if (argc != 0) {
        fprintf(stderr, "usage: archsim docs [-o FILE]\n");
        return 2;
    }
    s = registry_sim(&none, NULL);      /* the built-in types only */
    if (!s)
        return 2;
    if (out) {
        int kind = sim_output_target(out, target, sizeof target);

        if (kind >= 0)
            out = target;                           /* a symbolic link's file */
        out_dev = kind == 1;                        /* a FIFO or a device: in place */
        snprintf(tmp, sizeof(tmp), out_dev ? "%s" : "%s.tmp", out);
        f = fopen(tmp, "w");
        if (!f) {
            fprintf(stderr, "archsim: cannot write '%s'\n", tmp);
            sim_close(s);
            return 1;
        }
    }
    fputs(docs_head, f);
    for (int i = 0; i < sim_type_count(s); i++)
        describe(f, sim_type_at(s, i), true);
    sim_close(s);
    if (out && (fclose(f) != 0 || (!out_dev && rename(tmp, out) != 0))) {
        fprintf(stderr, "archsim: cannot write '%s'\n", out);
        return 1;
    }
    return 0;
}
