/* tools/main.c - the `archsim` command: run a configuration, list and
 * describe component types, validate a configuration, print energy tables.
 *
 * Exit status: 0 on success, 1 when the simulated run fails, 2 on a usage
 * or configuration error; `run` exits with the workload's own status when
 * it has one. The run summary and progress go to stderr so that a guest
 * program's stdout stays exactly its own.
 *
 * OUTDIR of `run` holds one run's files, never two runs' mixed: a run that
 * starts removes what an earlier one left there, and status.json, written
 * last, says how it ended. A failed run's statistics are failed-stats.*, so
 * that nothing collecting stats.json can take them for a complete run. An
 * OUTDIR that cannot be written is a usage error, found before the run. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <archsim/sim.h>
#include <archsim/sim_type.h>
#include "cli.h"
#include "config_int.h"
#include "stats_int.h"                 /* sim_write_file_atomic */

static void usage(FILE *f)
{
    fprintf(f,
        "usage: archsim run CONFIG [--set KEY=VALUE]... [-o OUTDIR] [--warmup N]\n"
        "                          [--max-insts N] [--max-cycles N] [--sample P:W:M]\n"
        "                          [--pipeview FILE [--pipeview-window S:E]]\n"
        "                          [-q] [-- WORKLOAD ARGS...]\n"
        "       archsim validate CONFIG [--set KEY=VALUE]...\n"
        "       archsim list [--plugin LIB.so]...\n"
        "       archsim describe TYPE [--plugin LIB.so]...\n"
        "       archsim docs [-o FILE]        the config reference (Markdown)\n"
        "       archsim energy CONFIG [--set KEY=VALUE]...\n"
        "       archsim energy sram --size 32KiB --assoc 8 --line 64 --node 22nm ...\n"
        "       archsim sweep SWEEP.yaml [-j N] [-o results.jsonl] [--shard I/N]\n"
        "                         [--guest-output capture|inherit] (see archsim sweep --help)\n"
        "       archsim merge [-o OUT.jsonl|OUT.csv]... SHARD.jsonl...\n"
        "       archsim --version | --help\n"
        "\n"
        "run writes OUTDIR/stats.txt, stats.json, config.yaml and status.json (default\n"
        "OUTDIR: out), replacing an earlier run's; a failed run's statistics are\n"
        "failed-stats.txt and failed-stats.json, and its status.json says why it failed.\n"
        "--warmup N: N instructions, then the statistics are zeroed; --max-insts and\n"
        "--max-cycles count after it (they set run.warmup, run.max_insts, run.max_cycles);\n"
        "a run that ends during its warm-up fails.\n"
        "--sample P:W:M: a sampled run: every P instructions, W in detail unmeasured,\n"
        "M measured, the rest skipped (run.sample_period, sample_warmup, sample_measure);\n"
        "a run that ends before its first sample fails.\n"
        "Exit status: 0 ok, 1 the simulated run failed, 2 usage or configuration error;\n"
        "a workload's own non-zero exit status is passed through.\n");
}

void cli_error(const sim_error *e)
{
    if (e->file[0] && e->line > 0)
        fprintf(stderr, "%s:%d:%d: %s\n", e->file, e->line, e->column, e->message);
    else if (e->file[0])
        fprintf(stderr, "%s: %s\n", e->file, e->message);
    else
        fprintf(stderr, "archsim: %s\n", e->message);
}

static double wall(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

void cli_unknown_option(const char *prog, const char *opt, const char *const *known, int n,
                        const char *help)
{
    char name[64];
    const char *eq = strchr(opt, '='), *near;

    snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - opt) : (int)strlen(opt), opt);
    near = sim_nearest(name, known, n);
    if (near)
        fprintf(stderr, "%s: unknown option '%s'; did you mean '%s'?\n", prog, name, near);
    else
        fprintf(stderr, "%s: unknown option '%s' (see %s)\n", prog, name, help);
}

/* Options shared by run, validate and energy. */
struct run_opts {
    const char *config, *outdir;
    const char **sets;
    int n_sets;
    const char *const *wargv;       /* after `--` */
    int wargc;
    uint64_t warmup, max_insts, max_cycles;
    uint64_t sample[3];             /* --sample P:W:M */
    const char *pipeview, *pipeview_window;
    bool quiet;
};

static int parse_args(int argc, char **argv, struct run_opts *o, bool run)
{
    memset(o, 0, sizeof(*o));
    o->outdir = "out";
    o->sets = calloc(argc + 1, sizeof(*o->sets));
    if (!o->sets)
        return 2;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--") == 0) {
            o->wargv = (const char *const *)&argv[i + 1];
            o->wargc = argc - i - 1;
            if (!run || o->wargc == 0) {
                fprintf(stderr, "archsim: %s\n", run ? "-- needs a workload after it"
                                                     : "no workload here");
                return 2;
            }
            break;
        } else if (strcmp(a, "--set") == 0 && i + 1 < argc) {
            o->sets[o->n_sets++] = argv[++i];
        } else if (strncmp(a, "--set=", 6) == 0) {
            o->sets[o->n_sets++] = a + 6;
        } else if (run && strcmp(a, "-o") == 0 && i + 1 < argc) {
            o->outdir = argv[++i];
        } else if (run && (strcmp(a, "--max-insts") == 0 || strcmp(a, "--max-cycles") == 0 ||
                           strcmp(a, "--warmup") == 0) && i + 1 < argc) {
            char *end;
            unsigned long long v;

            errno = 0;
            v = strtoull(argv[i + 1], &end, 0);
            if (errno || *end || argv[i + 1][0] == '-') {
                fprintf(stderr, "archsim: %s expects a count, got '%s'\n", a, argv[i + 1]);
                return 2;
            }
            *(a[2] == 'w' ? &o->warmup : a[6] == 'i' ? &o->max_insts : &o->max_cycles) = v;
            i++;
        } else if (run && strcmp(a, "--sample") == 0 && i + 1 < argc) {
            unsigned long long p, w, m;
            int used = 0;

            if (sscanf(argv[i + 1], "%llu:%llu:%llu%n", &p, &w, &m, &used) != 3 ||
                argv[i + 1][used] || p == 0 || m == 0) {
                fprintf(stderr, "archsim: --sample expects PERIOD:WARMUP:MEASURE "
                        "instruction counts, e.g. 1000000:20000:10000, got '%s'\n", argv[i + 1]);
                return 2;
            }
            o->sample[0] = p;
            o->sample[1] = w;
            o->sample[2] = m;
            i++;
        } else if (run && strcmp(a, "--pipeview") == 0 && i + 1 < argc) {
            o->pipeview = argv[++i];
        } else if (run && strcmp(a, "--pipeview-window") == 0 && i + 1 < argc) {
            o->pipeview_window = argv[++i];
        } else if (run && (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1]) {
            static const char *const known[] = {
                "--set", "-o", "--max-insts", "--max-cycles", "--warmup", "--sample",
                "--pipeview", "--pipeview-window", "-q", "--quiet"};

            /* validate and energy take --set alone, the first */
            cli_unknown_option("archsim", a, known, run ? SIM_COUNT(known) : 1,
                               "archsim --help");
            return 2;
        } else if (!o->config) {
            o->config = a;
        } else {
            fprintf(stderr, "archsim: unexpected argument '%s' (workload arguments go after "
                    "--)\n", a);
            return 2;
        }
    }
    if (!o->config) {
        fprintf(stderr, "archsim: no configuration file given\n");
        return 2;
    }
    return 0;
}

/* The options of run, validate and energy; on a usage error (2, printed)
 * nothing is left to free. */
static int parse_opts(int argc, char **argv, struct run_opts *o, bool run)
{
    int rc = parse_args(argc, argv, o, run);

    if (rc) {
        free(o->sets);
        o->sets = NULL;
    }
    return rc;
}

/* The run: keys that --warmup, --max-insts, --max-cycles and --sample set. */
static const char *const run_keys[] = { "run.warmup", "run.max_insts", "run.max_cycles",
                                        "run.sample_measure", "run.sample_warmup",
                                        "run.sample_period" };

static uint64_t run_key_value(const struct run_opts *o, int i)
{
    const uint64_t vals[] = { o->warmup, o->max_insts, o->max_cycles, o->sample[2],
                              o->sample[1], o->sample[0] };

    return vals[i];
}

static bool run_key_set(const struct run_opts *o, int i)
{
    return run_key_value(o, i) || (i == 4 && o->sample[0]);
}

/* An error at an override these options made is the option's, not a --set
 * the user never typed: it is named as typed (set_pipeview's overrides
 * are the only ones quoted). */
static void name_option(sim_error *err, const struct run_opts *o)
{
    static const char *const opts[] = { "--warmup", "--max-insts", "--max-cycles",
                                        "--sample", "--sample", "--sample" };
    char set[64];

    for (int i = 0; i < SIM_COUNT(run_keys); i++) {
        snprintf(set, sizeof set, "--set %s=", run_keys[i]);
        if (!run_key_set(o, i) || strncmp(err->file, set, strlen(set)) != 0)
            continue;
        if (i >= 3)
            snprintf(err->file, sizeof err->file, "--sample %llu:%llu:%llu",
                     (unsigned long long)o->sample[0], (unsigned long long)o->sample[1],
                     (unsigned long long)o->sample[2]);
        else
            snprintf(err->file, sizeof err->file, "%s %llu", opts[i],
                     (unsigned long long)run_key_value(o, i));
        err->line = err->column = 0;
        return;
    }
    if (strncmp(err->file, "--set components.", 17) != 0)
        return;
    if (o->pipeview_window && strstr(err->file, ".pipeview_window='"))
        snprintf(err->file, sizeof err->file, "--pipeview-window %s", o->pipeview_window);
    else if (o->pipeview && strstr(err->file, ".pipeview='"))
        snprintf(err->file, sizeof err->file, "--pipeview %s", o->pipeview);
    else
        return;
    err->line = err->column = 0;
}

/* --warmup, --max-insts, --max-cycles, --sample into the config's run: section, so
 * config.yaml repeats the run as it was made. Prints the error. */
static int set_run_limits(sim_t *s, const struct run_opts *o)
{
    sim_error err;
    char v[32];

    for (int i = 0; i < SIM_COUNT(run_keys); i++) {
        if (!run_key_set(o, i))
            continue;
        snprintf(v, sizeof v, "%llu", (unsigned long long)run_key_value(o, i));
        if (sim_set(s, run_keys[i], v, &err)) {
            name_option(&err, o);
            cli_error(&err);
            return -1;
        }
    }
    return 0;
}

/* Open and apply --set overrides; prints the error. */
static sim_t *open_config(const struct run_opts *o)
{
    sim_error err;
    sim_t *s = sim_open(o->config, &err);

    if (!s) {
        cli_error(&err);
        return NULL;
    }
    for (int i = 0; i < o->n_sets; i++) {
        char key[512];
        const char *eq = strchr(o->sets[i], '=');

        if (!eq || eq == o->sets[i] || (size_t)(eq - o->sets[i]) >= sizeof(key)) {
            fprintf(stderr, "archsim: --set expects KEY=VALUE, got '%s'\n", o->sets[i]);
            sim_close(s);
            return NULL;
        }
        snprintf(key, sizeof(key), "%.*s", (int)(eq - o->sets[i]), o->sets[i]);
        if (sim_set(s, key, eq + 1, &err)) {
            cli_error(&err);
            sim_close(s);
            return NULL;
        }
    }
    return s;
}

/* text as a single-quoted YAML scalar, so that an option's value is taken
 * as written (`--pipeview-window 100:` is a mapping to YAML); cut at n. */
static const char *yaml_quote(const char *text, char *out, size_t n)
{
    size_t k = 0;

    out[k++] = '\'';
    for (; *text && k + 3 < n; text++) {
        if (*text == '\'')
            out[k++] = '\'';
        out[k++] = *text;
    }
    out[k++] = '\'';
    out[k] = 0;
    return out;
}

/* --pipeview FILE [--pipeview-window START:END]: every core that can write a
 * pipeline trace gets the file (cores after the first get FILE.NAME). */
static int set_pipeview(sim_t *s, const struct run_opts *o)
{
    sim_error err;
    char q[4200];
    int n;

    if (o->pipeview_window && !o->pipeview) {
        fprintf(stderr, "archsim: --pipeview-window goes with --pipeview FILE\n");
        return 2;
    }
    if (!o->pipeview)
        return 0;
    n = sim_set_all(s, "pipeview", yaml_quote(o->pipeview, q, sizeof q), &err);
    if (n == 0) {
        fprintf(stderr, "archsim: --pipeview: no component in %s writes pipeline traces\n",
                o->config);
        return 2;
    }
    if (n < 0 || (o->pipeview_window &&
                  sim_set_all(s, "pipeview_window", yaml_quote(o->pipeview_window, q, sizeof q),
                              &err) < 0)) {
        name_option(&err, o);
        cli_error(&err);
        return 2;
    }
    return 0;
}

/* ------------------------------------------------------------------ run */

struct progress {
    double start, last;
    sim_t *s;                       /* set while the progress line shows */
    bool quiet;                     /* -q: no news in the log either */
};

static int progress_cb(sim_t *s, void *user)
{
    struct progress *p = user;
    double now = wall();

    if (now - p->last < 0.5)
        return 0;
    p->last = now;
    {
        double el = now - p->start;
        unsigned long long cyc = (unsigned long long)sim_cycles_now(s);
        unsigned long long insts = (unsigned long long)sim_insts_now(s);

        if (insts > 0)
            fprintf(stderr, "\r%14llu cycles %14llu insts %9.2f MIPS %8.1fs  ", cyc, insts,
                    insts / el / 1e6, el);
        else
            fprintf(stderr, "\r%14llu cycles %9.2f Mcycles/s %8.1fs  ", cyc, cyc / el / 1e6, el);
    }
    fflush(stderr);
    return 0;
}

struct series {
    FILE *f;
    bool header;
};

static int series_cb(sim_t *s, void *user)
{
    struct series *ts = user;
    char *row = NULL;
    sim_error err;

    if (sim_stats_format(s, ts->header ? SIM_STATS_CSV_ROW : SIM_STATS_CSV, &row, &err) == 0) {
        fputs(row, ts->f);
        ts->header = true;
    }
    sim_free(row);
    return 0;
}

static int make_dir(const char *path)
{
    char buf[4096];

    snprintf(buf, sizeof(buf), "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, 0777) && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0777) && errno != EEXIST)
        return -1;
    return 0;
}

/* Before anything runs: OUTDIR, or the nearest of its parents that exists
 * (the run creates the rest), is a folder this process can write in, so a
 * run is not simulated for results it cannot keep. A probe file is made
 * and removed: access() says yes to root on a read-only file system or in
 * /proc. Creates nothing; prints the error. */
static int check_outdir(const char *outdir)
{
    char dir[4096], probe[4096 + 32];
    struct stat st;
    int fd;

    if (snprintf(dir, sizeof(dir), "%s", outdir) >= (int)sizeof(dir)) {
        fprintf(stderr, "archsim: output folder name too long: '%.64s...'\n", outdir);
        return 2;
    }
    while (stat(dir, &st) != 0) {
        char *slash = strrchr(dir, '/');

        if (errno != ENOENT && errno != ENOTDIR) {
            fprintf(stderr, "archsim: cannot create output folder '%s': %s\n", outdir,
                    strerror(errno));
            return 2;
        }
        if (!slash)
            strcpy(dir, ".");
        else if (slash == dir)
            dir[1] = 0;             /* "/" */
        else
            *slash = 0;
    }
    if (!S_ISDIR(st.st_mode) && strcmp(dir, outdir) == 0) {
        fprintf(stderr, "archsim: output folder '%s' is not a folder\n", outdir);
        return 2;
    }
    if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "archsim: cannot create output folder '%s': '%s' is not a folder\n",
                outdir, dir);
        return 2;
    }
    snprintf(probe, sizeof(probe), "%s/.archsim-probe-XXXXXX", dir);
    fd = mkstemp(probe);
    if (fd < 0 && strcmp(dir, outdir) == 0) {
        fprintf(stderr, "archsim: cannot write in output folder '%s': %s\n", outdir,
                strerror(errno));
        return 2;
    }
    if (fd < 0) {
        fprintf(stderr, "archsim: cannot create output folder '%s' in '%s': %s\n", outdir,
                dir, strerror(errno));
        return 2;
    }
    close(fd);
    unlink(probe);
    return 0;
}

/* What a run leaves in OUTDIR besides config.yaml, which is replaced rather
 * than removed (it may be the config being run). status.json comes first:
 * a folder caught half-way through never claims that a run ended. */
static const char *const run_files[] = {
    "status.json", "stats.txt", "stats.json", "stats-series.csv",
    "failed-stats.txt", "failed-stats.json", "failed-stats-series.csv",
};

/* Remove an earlier run's files from outdir, so that none can be taken for
 * this run's. */
static int clear_outputs(const char *outdir, const char *config, sim_error *err)
{
    char path[4096];
    struct stat a, b;

    for (int i = 0; i < SIM_COUNT(run_files); i++) {
        snprintf(path, sizeof(path), "%s/%s", outdir, run_files[i]);
        if (unlink(path) && errno != ENOENT && errno != ENOTDIR)
            goto out_error;
    }
    snprintf(path, sizeof(path), "%s/config.yaml", outdir);
    if (stat(path, &a) == 0 && !(stat(config, &b) == 0 && a.st_dev == b.st_dev &&
                                 a.st_ino == b.st_ino) && unlink(path))
        goto out_error;
    return 0;
out_error:
    return sim_error_set(err, SIM_EIO, "cannot remove '%s', left by an earlier run: %s", path,
                         strerror(errno));
}

/* OUTDIR/status.json, written last: how the run ended. rc is sim_run's;
 * e is NULL for a run that ended well, else why it failed, with the fields
 * of a failed sweep point's error. */
static int write_status(const char *outdir, int rc, int exit_code, const sim_error *e,
                        sim_error *err)
{
    static const char *const reasons[] = {     /* SIM_RUN_*, as Python's Reason */
        [SIM_RUN_EXITED] = "exited", [SIM_RUN_LIMIT] = "limit",
        [SIM_RUN_STOPPED] = "stopped", [SIM_RUN_IDLE] = "idle",
    };
    char path[4096], text[8192], *p = text;    /* room for message and file, escaped */

    if (make_dir(outdir))
        return sim_error_set(err, SIM_EIO, "cannot create output folder '%s': %s", outdir,
                             strerror(errno));
    p += sprintf(p, "{\n  \"status\": \"%s\",\n  \"reason\": ", e ? "error" : "ok");
    if (rc >= 0 && rc < SIM_COUNT(reasons))
        p += sprintf(p, "\"%s\",\n", reasons[rc]);
    else
        p += sprintf(p, "null,\n");
    if (rc == SIM_RUN_EXITED && !e)
        p += sprintf(p, "  \"exit_code\": %d,\n", exit_code);
    else
        p += sprintf(p, "  \"exit_code\": null,\n");
    if (e) {
        char *msg = sim_json_quote(e->message), *file = sim_json_quote(e->file);

        if (msg && file)
            p += snprintf(p, sizeof(text) - (size_t)(p - text), "  \"error\": {\"code\": %d, "
                          "\"message\": %s, \"file\": %s, \"line\": %d, \"column\": %d}\n}\n",
                          e->code, msg, file, e->line, e->column);
        free(msg);
        free(file);
        if (!msg || !file)
            return sim_error_set(err, SIM_ENOMEM, "out of memory");
    } else {
        p += sprintf(p, "  \"error\": null\n}\n");
    }
    snprintf(path, sizeof(path), "%s/status.json", outdir);
    return sim_write_file_atomic(path, text, (size_t)(p - text), err);
}

/* config.yaml and the statistics: stats.txt and stats.json, or with prefix
 * "failed-" those of a failed run. */
static int write_outputs(sim_t *s, const char *outdir, const char *prefix, sim_error *err)
{
    char path[4096];

    if (make_dir(outdir)) {
        sim_error_set(err, SIM_EIO, "cannot create output folder '%s': %s", outdir,
                      strerror(errno));
        return err->code;
    }
    snprintf(path, sizeof(path), "%s/config.yaml", outdir);
    if (sim_config_write(s, path, err))
        return err->code;
    snprintf(path, sizeof(path), "%s/%sstats.txt", outdir, prefix);
    if (sim_stats_write(s, path, SIM_STATS_TEXT, err))
        return err->code;
    snprintf(path, sizeof(path), "%s/%sstats.json", outdir, prefix);
    return sim_stats_write(s, path, SIM_STATS_JSON, err);
}

/* The library's log lines on stderr: warnings always, news unless -q. */
static void log_line(int level, const char *message, void *user)
{
    const struct progress *p = user;

    if (level > SIM_LOG_INFO || (level == SIM_LOG_INFO && p->quiet))
        return;
    if (p->s)
        fprintf(stderr, "\r%78s\r", "");       /* over the progress line */
    fprintf(stderr, "archsim: %s\n", message);
}

static int cmd_run(int argc, char **argv)
{
    struct run_opts o;
    struct progress prog = { 0 };
    struct series ts = { 0 };
    char series_tmp[4096] = "", series_path[4096];
    sim_error err, werr;
    sim_t *s;
    int rc, status;
    bool failed = false;
    double t0, host;
    char *table = NULL;

    rc = parse_opts(argc, argv, &o, true);
    if (rc)
        return rc;
    if (check_outdir(o.outdir)) {
        free(o.sets);
        return 2;
    }
    s = open_config(&o);
    free(o.sets);
    if (!s)
        return 2;
    prog.quiet = o.quiet;
    sim_set_log(s, log_line, &prog);
    if (o.wargc > 0 && sim_set_workload(s, o.wargv[0], o.wargc - 1, o.wargv + 1, &err)) {
        cli_error(&err);
        sim_close(s);
        return 2;
    }
    if (set_run_limits(s, &o)) {
        sim_close(s);
        return 2;
    }
    if (set_pipeview(s, &o)) {
        sim_close(s);
        return 2;
    }
    t0 = wall();
    if (sim_elaborate(s, &err)) {
        name_option(&err, &o);
        cli_error(&err);
        status = err.code == SIM_ECONFIG || err.code == SIM_EPLUGIN ? 2 : 1;
        /* A run that could not start (a bad program) leaves its status; a
         * configuration error, as any status 2, leaves OUTDIR as it was. */
        if (status == 1 && (clear_outputs(o.outdir, o.config, &werr) ||
                            write_status(o.outdir, err.code, 0, &err, &werr)))
            cli_error(&werr);
        sim_close(s);
        return status;
    }
    {
        sim_tick every = cli_stats_period(s);

        /* before the earlier run's files go: a failure here is status 2 */
        if (every > 0) {
            if (make_dir(o.outdir) == 0) {
                snprintf(series_tmp, sizeof(series_tmp), "%s/.stats-series.csv.%d", o.outdir,
                         (int)getpid());
                ts.f = fopen(series_tmp, "w");
            }
            if (!ts.f || sim_every(s, SIM_UNTIL_TICKS, every, series_cb, &ts, &err)) {
                fprintf(stderr, "archsim: cannot write the stats time series in '%s'\n",
                        o.outdir);
                if (ts.f) {
                    fclose(ts.f);
                    unlink(series_tmp);
                }
                sim_close(s);
                return 2;
            }
        }
    }
    if (clear_outputs(o.outdir, o.config, &err)) {
        cli_error(&err);
        if (ts.f) {
            fclose(ts.f);
            unlink(series_tmp);
        }
        sim_close(s);
        return 2;
    }
    if (!o.quiet && isatty(2)) {
        prog.start = prog.last = wall();
        prog.s = s;
        sim_every(s, SIM_UNTIL_CYCLES, 100000, progress_cb, &prog, NULL);
    }
    rc = sim_run(s, SIM_UNTIL_EXIT, &err);     /* as run: says (--warmup, --max-*) */
    host = wall() - t0;
    if (prog.s)
        fprintf(stderr, "\r%78s\r", "");
    prog.s = NULL;
    if (rc < 0) {
        cli_error(&err);
        failed = true;
        status = err.code == SIM_ECONFIG || err.code == SIM_EPLUGIN ? 2 : 1;
    } else if (rc == SIM_RUN_IDLE && sim_workloads_left(s) > 0) {
        int left = sim_workloads_left(s);

        sim_error_set(&err, SIM_EWORKLOAD, "the run stalled: nothing left to simulate, but "
                      "%d workload%s had not ended (a component waits for what never comes, "
                      "such as a request never answered)", left, left == 1 ? "" : "s");
        snprintf(err.file, sizeof(err.file), "%s", o.config);
        fprintf(stderr, "archsim: %s: %s\n", o.config, err.message);
        failed = true;
        status = 1;
    } else {
        status = rc == SIM_RUN_EXITED ? sim_exit_code(s) : 0;
    }
    /* Results are written whatever the run's end: a failed run keeps its
     * statistics, named for what they are, and status.json says why. */
    if (ts.f) {
        series_cb(s, &ts);
        snprintf(series_path, sizeof(series_path), "%s/%sstats-series.csv", o.outdir,
                 failed ? "failed-" : "");
        if (fclose(ts.f) == 0)
            rename(series_tmp, series_path);
        else
            unlink(series_tmp);
    }
    if (write_outputs(s, o.outdir, failed ? "failed-" : "", &werr) ||
        write_status(o.outdir, rc, sim_exit_code(s), failed ? &err : NULL, &werr)) {
        cli_error(&werr);
        sim_close(s);
        return 1;
    }
    if (!o.quiet) {
        double insts = sim_stat(s, "sim.insts"), secs = sim_stat(s, "sim.seconds");

        fprintf(stderr, "archsim: %s: %s after %.0f cycles", o.config,
                rc < 0 ? "failed" : rc == SIM_RUN_EXITED ? "workload exited" :
                rc == SIM_RUN_LIMIT ? "limit reached" : rc == SIM_RUN_IDLE ? "nothing left to do"
                : "stopped", sim_stat(s, "sim.cycles"));
        if (insts > 0)
            fprintf(stderr, ", %.0f instructions", insts);
        fprintf(stderr, ", %.6g s simulated; host %.3f s", secs, host);
        if (insts > 0 && host > 0)
            fprintf(stderr, " (%.2f MIPS)", insts / host / 1e6);
        if (rc == SIM_RUN_EXITED)
            fprintf(stderr, "; exit status %d", sim_exit_code(s));
        fprintf(stderr, "\n");
        if (sim_stat(s, "sim.energy.total") > 0 &&
            sim_energy_format(s, SIM_ENERGY_BREAKDOWN, &table, NULL) == 0) {
            fputs(table, stderr);
            sim_free(table);
        }
        if (failed)
            fprintf(stderr, "archsim: the failed run's results in %s/ (failed-stats.txt, "
                    "failed-stats.json, config.yaml; why: status.json)\n", o.outdir);
        else
            fprintf(stderr, "archsim: results in %s/ (stats.txt, stats.json, config.yaml, "
                    "status.json)\n", o.outdir);
    }
    sim_close(s);
    return status;
}

/* ------------------------------------------------------------- validate */

static int cmd_validate(int argc, char **argv)
{
    struct run_opts o;
    sim_error err;
    sim_t *s;
    int rc = parse_opts(argc, argv, &o, false);

    if (rc)
        return rc;
    s = open_config(&o);
    free(o.sets);
    if (!s)
        return 2;
    if (sim_elaborate(s, &err)) {
        cli_error(&err);
        sim_close(s);
        return 2;
    }
    printf("%s: ok\n", o.config);
    sim_close(s);
    return 0;
}

static int cmd_energy(int argc, char **argv)
{
    struct progress prog = { 0 };
    struct run_opts o;
    sim_error err;
    sim_t *s;
    char *text;
    int rc;

    if (argc > 0 && strcmp(argv[0], "sram") == 0)
        return energy_sram_main(argc, argv);
    rc = parse_opts(argc, argv, &o, false);
    if (rc)
        return rc;
    s = open_config(&o);
    free(o.sets);
    if (!s)
        return 2;
    sim_set_log(s, log_line, &prog);        /* warnings: zero-priced events, extrapolation */
    if (sim_energy_format(s, SIM_ENERGY_EVENTS, &text, &err)) {
        cli_error(&err);
        sim_close(s);
        return 2;
    }
    fputs(text, stdout);
    sim_free(text);
    sim_close(s);
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;

    if (!cmd || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        usage(cmd ? stdout : stderr);
        return cmd ? 0 : 2;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("archsim %s\n", sim_version());
        return 0;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 2, argv + 2);
    if (strcmp(cmd, "list") == 0)
        return cmd_list(argc - 2, argv + 2);
    if (strcmp(cmd, "describe") == 0)
        return cmd_describe(argc - 2, argv + 2);
    if (strcmp(cmd, "docs") == 0)
        return cmd_docs(argc - 2, argv + 2);
    if (strcmp(cmd, "energy") == 0)
        return cmd_energy(argc - 2, argv + 2);
    if (strcmp(cmd, "sweep") == 0 || strcmp(cmd, "merge") == 0)
        return cmd_sweep(argc - 1, argv + 1);
    fprintf(stderr, "archsim: unknown command '%s' (see archsim --help)\n", cmd);
    return 2;
}
