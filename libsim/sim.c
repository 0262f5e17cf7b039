/* libsim/sim.c - the public API of a simulator (archsim/sim.h) and the
 * small services every model calls: errors, logging, allocation, random
 * numbers, component lookup. Every public call accepts err == NULL. */
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_int.h"

#define LOCAL_ERR(err) sim_error local_err_; if (!(err)) (err) = &local_err_; \
    memset((err), 0, sizeof(*(err)))

const char *sim_version(void)
{
    return ARCHSIM_VERSION;
}

const char *sim_strerror(int code)
{
    switch (code) {
    case SIM_OK: return "success";
    case SIM_EINVAL: return "invalid argument";
    case SIM_ECONFIG: return "configuration error";
    case SIM_ENOMEM: return "out of memory";
    case SIM_EIO: return "input/output error";
    case SIM_EWORKLOAD: return "workload rejected";
    case SIM_EGUEST: return "guest program stopped the run";
    case SIM_ESTATE: return "call not valid now";
    case SIM_ENOTFOUND: return "not found";
    case SIM_EPLUGIN: return "plugin error";
    default: return "unknown error";
    }
}

int sim_error_set(sim_error *err, int code, const char *fmt, ...)
{
    char text[sizeof(err->message)];
    va_list ap;

    if (!err)
        return code;
    va_start(ap, fmt);                  /* first: an argument may be err->message */
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    memset(err, 0, sizeof(*err));
    err->code = code;
    memcpy(err->message, text, sizeof(text));
    return code;
}

/* A check across parameters (tRC >= tRAS + tRP) names one of them, which
 * may come from the file while an override of another made it fail: the
 * overrides of the instance, " (after --set mem.tRP=17)", when the error
 * does not point at one. */
static void note_overrides(const sim_comp *c, const cfg_node *at, char *buf, size_t len)
{
    size_t n = 0;

    buf[0] = 0;
    if (!c->node || (at && at->file && strncmp(at->file, "--set", 5) == 0))
        return;
    for (int i = 0; i < c->node->n && n + 2 < len; i++) {
        const cfg_node *k = c->node->kids[i];

        if (k->file && strncmp(k->file, "--set", 5) == 0)
            n += snprintf(buf + n, len - n, "%s%s", n ? ", " : " (after ", k->file);
    }
    if (n && n + 2 < len)
        snprintf(buf + n, len - n, ")");
}

void sim_param_error(sim_error *err, const sim_comp *c, const char *param, const char *fmt, ...)
{
    char msg[400], note[100];
    const cfg_node *at = c->node ? cfg_get(c->node, param) : NULL;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    note_overrides(c, at, note, sizeof(note));
    if (note[0] && strlen(msg) + strlen(note) < sizeof(msg))
        strcat(msg, note);
    if (at) {
        cfg_error(err, at, "%s", msg);
    } else if (c->node) {
        cfg_error_key(err, c->node, "%s: %s", param, msg);
    } else {
        sim_error_set(err, SIM_ECONFIG, "%s.%s: %s", c->name, param, msg);
    }
}

void *sim_zalloc(sim_error *err, size_t n)
{
    void *p = calloc(1, n ? n : 1);

    if (!p)
        sim_error_set(err, SIM_ENOMEM, "out of memory (%zu bytes)", n);
    return p;
}

void sim_free(void *p)
{
    free(p);
}

/* The log line "PREFIX: message" (no prefix when NULL) to the run's sink. */
static void vlog(sim_t *s, const char *prefix, int level, const char *fmt, va_list ap)
{
    char msg[1024];
    int n = 0;

    if (!s->log_fn)
        return;
    if (prefix) {
        n = snprintf(msg, sizeof(msg), "%s: ", prefix);
        if (n < 0 || (size_t)n >= sizeof(msg))
            n = 0;
    }
    vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
    s->log_fn(level, msg, s->log_user);
}

void sim_log(const sim_comp *c, int level, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(c->sim, c->name, level, fmt, ap);
    va_end(ap);
}

void sim_log_run(sim_t *s, int level, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(s, NULL, level, fmt, ap);
    va_end(ap);
}

void sim_set_log(sim_t *s, sim_log_fn fn, void *user)
{
    if (!s)
        return;
    s->log_fn = fn;
    s->log_user = user;
}

/* ---------------------------------------------------------- components */

const char *sim_comp_name(const sim_comp *c) { return c->name; }
sim_t *sim_comp_sim(const sim_comp *c) { return c->sim; }
void *sim_comp_self(const sim_comp *c) { return c->self; }
const sim_type *sim_comp_type(const sim_comp *c) { return c->type; }

const void *sim_comp_param(const sim_comp *c, const char *name, const sim_param **p)
{
    for (int i = 0; c && name && i < c->type->n_params; i++) {
        const sim_param *d = &c->type->params[i];

        if (strcmp(d->name, name) == 0) {
            if (p)
                *p = d;
            return (const char *)c->cfg + d->offset;
        }
    }
    return NULL;
}

sim_comp *sim_find_comp(sim_t *s, const char *name)
{
    if (!s || !name)
        return NULL;
    for (int i = 0; i < s->n_comps; i++)
        if (strcmp(s->comps[i]->name, name) == 0)
            return s->comps[i];
    return NULL;
}

/* xoshiro256**, seeded by splitmix64 from the run seed and the name. */
static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void comp_seed_rng(sim_comp *c, uint64_t seed)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a of the name */

    for (const char *p = c->name; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h ^= seed * 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 4; i++)
        c->rng[i] = splitmix(&h);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t sim_rand(sim_comp *c)
{
    uint64_t *s = c->rng;
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

double sim_rand_unit(sim_comp *c)
{
    return (sim_rand(c) >> 11) * 0x1.0p-53;
}

/* ------------------------------------------------------------- open/close */

/* What a simulator holds before it is built, beyond its config and types. */
static void init_unbuilt(sim_t *s)
{
    s->seed = 1;
    s->inst_limit = UINT64_MAX;
    s->tech.node_nm = 22;
    s->tech.vdd = 0.8;
    s->tech.temp_k = 360;
    s->stats = stats_new();
    s->energy = energy_new();
}

static sim_t *open_common(cfg_doc *doc, cfg_node *root, const char *path, sim_error *err)
{
    sim_t *s = calloc(1, sizeof(*s));
    char *dup;

    if (!s) {
        cfg_doc_free(doc);
        sim_error_set(err, SIM_ENOMEM, "out of memory");
        return NULL;
    }
    s->doc = doc;
    s->root = root;
    dup = strdup(path ? path : ".");
    s->config_dir = dup ? strdup(path ? dirname(dup) : ".") : NULL;
    free(dup);
    init_unbuilt(s);
    if (!s->config_dir || !s->stats || !s->energy) {
        sim_close(s);
        sim_error_set(err, SIM_ENOMEM, "out of memory");
        return NULL;
    }
    if (registry_init(s, err) || sections_load(s, err)) {
        sim_close(s);
        return NULL;
    }
    return s;
}

sim_t *sim_open(const char *config_path, sim_error *err)
{
    cfg_doc *doc;
    cfg_node *root;

    LOCAL_ERR(err);
    if (!config_path) {
        sim_error_set(err, SIM_EINVAL, "no configuration file given");
        return NULL;
    }
    doc = cfg_doc_new();
    if (!doc) {
        sim_error_set(err, SIM_ENOMEM, "out of memory");
        return NULL;
    }
    root = cfg_parse_file(doc, config_path, err);
    if (!root) {
        cfg_doc_free(doc);
        return NULL;
    }
    return open_common(doc, root, config_path, err);
}

sim_t *sim_open_string(const char *yaml, const char *name, sim_error *err)
{
    cfg_doc *doc;
    cfg_node *root;

    LOCAL_ERR(err);
    if (!yaml) {
        sim_error_set(err, SIM_EINVAL, "no configuration text given");
        return NULL;
    }
    doc = cfg_doc_new();
    if (!doc) {
        sim_error_set(err, SIM_ENOMEM, "out of memory");
        return NULL;
    }
    root = cfg_parse_string(doc, yaml, name ? name : "<string>", err);
    if (!root) {
        cfg_doc_free(doc);
        return NULL;
    }
    return open_common(doc, root, NULL, err);
}

/* Everything a build made but statistics and energy: instances (finished
 * in reverse order), clocks, periodic callbacks, pools and the event queue. */
static void free_built(sim_t *s)
{
    for (int i = s->n_comps - 1; i >= 0; i--) {
        sim_comp *c = s->comps[i];

        if (c->self && c->type->fini)
            c->type->fini(c->self);
        if (c->ports)
            for (int p = 0; p < c->type->n_ports; p++)
                free(c->ports[p].conns);
        free(c->ports);
        free(c->energy_j);
        free(c->name);
        free(c);
    }
    free(s->comps);
    for (int i = 0; i < s->n_clocks; i++)
        clock_free(s->clocks[i]);
    free(s->clocks);
    for (int i = 0; i < s->n_periodics; i++)
        free(s->periodics[i]);
    free(s->periodics);
    for (int i = 0; i < s->n_slabs; i++)
        free(s->slabs[i]);
    free(s->slabs);
    free(s->heap);
}

void sim_close(sim_t *s)
{
    if (!s)
        return;
    free_built(s);
    stats_free(s->stats);
    energy_free(s->energy);
    registry_free(s);
    cfg_doc_free(s->doc);
    free(s->config_dir);
    free(s);
}

/* Undo a failed build, so that the handle takes overrides and builds again:
 * instances finished and freed, clocks, events, pools, statistics and
 * energy dropped, the plugins the build loaded closed and their types
 * forgotten, and the configuration as it was before the build (which writes
 * resolved values into it: a preset's timings or a model's energies would
 * otherwise read as the user's after a change). What the caller set up
 * stays: overrides, registered types, the log sink. The tree the build
 * worked on stays in the document until sim_close. 0, or SIM_ENOMEM. */
static int unbuild(sim_t *s, cfg_node *before, int n_types, int n_plugins)
{
    sim_t keep;
    sim_error ignored;

    free_built(s);
    stats_free(s->stats);
    energy_free(s->energy);
    registry_truncate(s, n_types, n_plugins);
    keep = *s;
    memset(s, 0, sizeof(*s));
    s->doc = keep.doc;
    s->root = before;
    s->config_dir = keep.config_dir;
    s->types = keep.types;
    s->n_types = keep.n_types;
    s->cap_types = keep.cap_types;
    s->plugins = keep.plugins;
    s->n_plugins = keep.n_plugins;
    s->log_fn = keep.log_fn;
    s->log_user = keep.log_user;
    init_unbuilt(s);
    if (!s->stats || !s->energy)
        return SIM_ENOMEM;
    /* seed, technology and run: section as sim_open read them; an error
     * here is the one the build reported, and comes again at the next */
    sections_load(s, &ignored);
    return 0;
}

/* A handle whose failed build could not be undone: only sim_close is left. */
static int dead(sim_error *err)
{
    return sim_error_set(err, SIM_ESTATE, "the simulator ran out of memory undoing a failed "
                         "build; only sim_close is valid now");
}

int sim_set(sim_t *s, const char *key, const char *value, sim_error *err)
{
    LOCAL_ERR(err);
    if (!s || !key || !value)
        return sim_error_set(err, SIM_EINVAL, "sim_set needs a simulator, a key and a value");
    if (s->state == ST_FAILED)
        return dead(err);
    if (s->state != ST_PARSED)
        return sim_error_set(err, SIM_ESTATE, "%s: cannot be changed after the components "
                             "were built", key);
    if (cfg_set(s->doc, s->root, key, value, err))
        return err->code;
    return sections_load(s, err);
}

int sim_set_all(sim_t *s, const char *param, const char *value, sim_error *err)
{
    cfg_node *comps;
    int n = 0;

    LOCAL_ERR(err);
    if (!s || !param || !value)
        return sim_error_set(err, SIM_EINVAL, "sim_set_all needs a simulator, a parameter and "
                             "a value");
    comps = cfg_get(s->root, "components");
    for (int i = 0; comps && comps->kind == CFG_MAP && i < comps->n; i++) {
        cfg_node *tn = cfg_get(comps->kids[i], "type");
        const sim_type *t = tn && tn->kind == CFG_SCALAR ? registry_find(s, tn->value) : NULL;
        char key[512];
        int rc;

        for (int p = 0; t && p < t->n_params; p++) {
            if (strcmp(t->params[p].name, param) != 0)
                continue;
            snprintf(key, sizeof(key), "components.%s.%s", comps->kids[i]->key, param);
            rc = sim_set(s, key, value, err);
            if (rc)
                return rc;
            n++;
            break;
        }
    }
    return n;
}

int sim_elaborate(sim_t *s, sim_error *err)
{
    cfg_node *before;
    int n_types, n_plugins, rc;

    LOCAL_ERR(err);
    if (!s)
        return sim_error_set(err, SIM_EINVAL, "no simulator");
    if (s->state == ST_READY)
        return 0;
    if (s->state == ST_FAILED)
        return dead(err);
    before = cfg_copy(s->doc, s->root);     /* for unbuild: strings are shared */
    if (!before)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    n_types = s->n_types;
    n_plugins = s->n_plugins;
    rc = elaborate(s, err);
    if (rc && unbuild(s, before, n_types, n_plugins))
        s->state = ST_FAILED;
    return rc;
}

int sim_set_workload(sim_t *s, const char *path, int argc, const char *const *argv,
                     sim_error *err)
{
    cfg_node *w, *prog, *args;

    LOCAL_ERR(err);
    if (!s || !path || argc < 0 || (argc > 0 && !argv))
        return sim_error_set(err, SIM_EINVAL, "sim_set_workload needs a simulator, a path and "
                             "an argument vector");
    if (s->state == ST_FAILED)
        return dead(err);
    if (s->state != ST_PARSED)
        return sim_error_set(err, SIM_ESTATE, "the workload is set before the components are "
                             "built; use sim_load_workload now");
    w = cfg_get(s->root, "workload");
    if (!w || w->kind != CFG_MAP) {
        w = cfg_new_map(s->doc);
        if (!w)
            return sim_error_set(err, SIM_ENOMEM, "out of memory");
        cfg_map_put(s->doc, s->root, "workload", w);
    }
    prog = cfg_new_scalar(s->doc, path);
    args = cfg_new_seq(s->doc);
    if (!prog || !args)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    prog->quoted = true;
    for (int i = 0; i < argc; i++) {
        cfg_node *a = cfg_new_scalar(s->doc, argv[i] ? argv[i] : "");

        if (!a)
            return sim_error_set(err, SIM_ENOMEM, "out of memory");
        a->quoted = true;
        cfg_seq_push(s->doc, args, a);
    }
    cfg_map_put(s->doc, w, "program", prog);
    cfg_map_put(s->doc, w, "args", args);
    return 0;
}

int sim_load_workload(sim_t *s, const char *path, int argc, const char *const *argv,
                      sim_error *err)
{
    int loaded = 0;

    LOCAL_ERR(err);
    if (!s || !path)
        return sim_error_set(err, SIM_EINVAL, "sim_load_workload needs a simulator and a path");
    if (argc < 0 || (argc > 0 && !argv))
        return sim_error_set(err, SIM_EINVAL, "bad argument vector");
    if (sim_elaborate(s, err))
        return err->code;
    for (int i = 0; i < s->n_comps; i++) {
        sim_comp *c = s->comps[i];
        int rc;

        if (!c->type->load)
            continue;
        rc = c->type->load(c->self, path, argc, argv, err);
        if (rc)
            return rc;
        sim_workload_start(c);
        loaded++;
    }
    if (!loaded)
        return sim_error_set(err, SIM_EWORKLOAD, "no component in this configuration runs a "
                             "program (no type with a load callback)");
    return 0;
}

/* ------------------------------------------------------------------ run */

/* A run to the end of a config whose program runners (types with a load
 * callback) were all given nothing to run would end at once (its cores
 * drain an empty source) and look like a program that exited 0: say so
 * instead. A bounded run (cycles, ticks) of such a config is fine: idle,
 * leakage only. */
static int check_something_runs(const sim_t *s, sim_error *err)
{
    if (s->n_programs > 0)
        return 0;
    for (int i = 0; i < s->n_comps; i++) {
        const sim_comp *c = s->comps[i];

        if (c->type->load)
            return sim_error_set(err, SIM_EWORKLOAD, "nothing to run: %s (%s) runs a "
                                 "program and none was given; name one after -- (archsim "
                                 "run CONFIG -- PROGRAM ARGS) or in the config's workload: "
                                 "section", c->name, c->type->name);
    }
    return 0;
}

int sim_run_for(sim_t *s, int until, uint64_t n, sim_error *err)
{
    sim_tick limit = UINT64_MAX;
    int rc;

    LOCAL_ERR(err);
    if (!s)
        return sim_error_set(err, SIM_EINVAL, "no simulator");
    if (sim_elaborate(s, err))
        return err->code;
    s->inst_limit = UINT64_MAX;
    switch (until) {
    case SIM_UNTIL_EXIT:
        break;
    case SIM_UNTIL_TICKS:
        limit = n > UINT64_MAX - s->now ? UINT64_MAX : s->now + n;
        break;
    case SIM_UNTIL_CYCLES: {
        sim_tick p = s->default_clock->period;
        uint64_t cyc = s->now / p;

        limit = n > UINT64_MAX / p - cyc ? UINT64_MAX : (cyc + n) * p;
        break;
    }
    case SIM_UNTIL_INSTS:
        s->inst_limit = n > UINT64_MAX - s->insts ? UINT64_MAX : s->insts + n;
        if (n == 0)
            return SIM_RUN_LIMIT;
        break;
    default:
        return sim_error_set(err, SIM_EINVAL, "unknown run limit kind %d", until);
    }
    if (s->fail_code)
        return sim_error_set(err, SIM_ESTATE, "the run already stopped: %s", s->fail_msg);
    if (until == SIM_UNTIL_EXIT && (rc = check_something_runs(s, err)))
        return rc;
    rc = engine_run(s, limit, err);
    s->inst_limit = UINT64_MAX;
    return rc;
}

/* ------------------------------------------------------- sampled runs */

enum { PH_SKIP, PH_WARM, PH_MEASURE };

static int workloads_over(const sim_t *s)
{
    return s->n_workloads > 0 && s->n_exited >= s->n_workloads;
}

/* Run until s->insts reaches target; SIM_RUN_LIMIT when it did. */
static int run_to(sim_t *s, uint64_t target, sim_error *err)
{
    if (s->insts >= target)
        return SIM_RUN_LIMIT;
    return sim_run_for(s, SIM_UNTIL_INSTS, target - s->insts, err);
}

/* The workloads ended in a sampled run: done, unless no sample was
 * measured, which leaves nothing to estimate from. */
static int sample_end(sim_t *s, sim_error *err)
{
    const struct sampling *sp = &s->sample;

    if (sp->n)
        return SIM_RUN_EXITED;
    return sim_error_set(err, SIM_EWORKLOAD, "the workload ended before a sample was "
                         "measured (%llu instructions in detail, %llu skipped or warmed; "
                         "run.sample_period %llu): nothing to estimate from",
                         (unsigned long long)(s->insts - s->reset_insts),
                         (unsigned long long)sp->skipped, (unsigned long long)sp->period);
}

/* Periodic sampling (SMARTS, Wunderlich et al., ISCA 2003): every period,
 * period - warmup - measure instructions are warmed (each timing model
 * consumes them updating caches and predictors: functional warming) or
 * skipped (each instruction source runs them without records), then warmup
 * instructions run in detail unmeasured, then measure instructions are
 * measured (cycles of the default clock over instructions committed, summed
 * over the cores). The samples'
 * CPI estimates the whole run's with a confidence interval (sim.sample.*).
 * Resumable: the phase and its target are kept in s->sample. */
static int run_sampled(sim_t *s, sim_error *err)
{
    struct sampling *sp = &s->sample;
    int rc;

    /* that the components can warm or skip is checked when they are built */
    for (;;) {
        if (workloads_over(s))
            return sample_end(s, err);
        switch (sp->phase) {
        case PH_SKIP: {
            uint64_t n = sp->period - sp->warmup - sp->measure;

            if (sp->max && sp->n >= sp->max)
                return SIM_RUN_LIMIT;
            for (int i = 0; i < s->n_comps && n; i++) {
                sim_comp *c = s->comps[i];

                if (sp->warming == SAMPLE_WARM && c->type->warm)
                    sp->skipped += c->type->warm(c->self, n);
                else if (sp->warming == SAMPLE_SKIP && c->type->skip)
                    sp->skipped += c->type->skip(c->self, n);
            }
            if (s->fail_code)
                return sim_error_set(err, s->fail_code, "%s", s->fail_msg);
            sp->phase = PH_WARM;
            sp->target = s->insts + sp->warmup;
            break;
        }
        case PH_WARM:
            rc = run_to(s, sp->target, err);
            if (rc == SIM_RUN_EXITED)
                return sample_end(s, err);
            if (rc != SIM_RUN_LIMIT)
                return rc;
            sp->phase = PH_MEASURE;
            sp->mark_insts = s->insts;
            sp->mark_cycles = sim_cycles_now(s);
            sp->target = s->insts + sp->measure;
            break;
        case PH_MEASURE: {
            uint64_t di, dc;
            double cpi;

            rc = run_to(s, sp->target, err);
            if (rc == SIM_RUN_EXITED)
                return sample_end(s, err);  /* a sample cut short is not counted */
            if (rc != SIM_RUN_LIMIT)
                return rc;
            di = s->insts - sp->mark_insts;
            dc = sim_cycles_now(s) - sp->mark_cycles;
            cpi = (double)dc / (double)di;
            sp->n++;
            sp->sum += cpi;
            sp->sumsq += cpi * cpi;
            sp->insts += di;
            sp->phase = PH_SKIP;
            break;
        }
        }
    }
}

/* Until exit, as the config's run: section says: the warm-up (then every
 * statistic is zeroed), then max_insts or max_cycles, or samples, or to the
 * end. A run stopped during the warm-up continues it on the next call. */
static int run_section(sim_t *s, sim_error *err)
{
    int rc;

    if (!s->warmed && s->run_warmup) {
        uint64_t done = s->insts - s->reset_insts;

        if (done < s->run_warmup) {
            rc = sim_run_for(s, SIM_UNTIL_INSTS, s->run_warmup - done, err);
            if (rc == SIM_RUN_EXITED || rc == SIM_RUN_IDLE)
                return sim_error_set(err, SIM_EWORKLOAD, "the run ended during the warm-up "
                                     "(%llu of run.warmup %llu instructions): the statistics "
                                     "were never zeroed and include it",
                                     (unsigned long long)(s->insts - s->reset_insts),
                                     (unsigned long long)s->run_warmup);
            if (rc != SIM_RUN_LIMIT)
                return rc;
        }
        sim_stats_reset(s);
    }
    s->warmed = true;
    if (s->sample.period)
        return run_sampled(s, err);
    if (s->run_max_insts) {
        uint64_t done = s->insts - s->reset_insts;

        if (done >= s->run_max_insts)
            return SIM_RUN_LIMIT;
        return sim_run_for(s, SIM_UNTIL_INSTS, s->run_max_insts - done, err);
    }
    if (s->run_max_cycles) {
        sim_tick p = s->default_clock->period;
        uint64_t done = s->now / p - s->reset_tick / p;      /* sim.cycles */

        if (done >= s->run_max_cycles)
            return SIM_RUN_LIMIT;
        return sim_run_for(s, SIM_UNTIL_CYCLES, s->run_max_cycles - done, err);
    }
    return sim_run_for(s, SIM_UNTIL_EXIT, 0, err);
}

int sim_run(sim_t *s, int until, sim_error *err)
{
    LOCAL_ERR(err);
    if (s && until == SIM_UNTIL_EXIT) {
        if (sim_elaborate(s, err))
            return err->code;
        return run_section(s, err);
    }
    return sim_run_for(s, until, 0, err);
}

sim_tick sim_now(const sim_t *s) { return s ? s->now : 0; }
uint64_t sim_insts_now(const sim_t *s) { return s ? s->insts : 0; }
int sim_exit_code(const sim_t *s) { return s ? s->exit_code : 0; }
int sim_workloads_left(const sim_t *s)
{
    return s && s->n_workloads > s->n_exited ? s->n_workloads - s->n_exited : 0;
}
uint64_t sim_seed(const sim_t *s) { return s ? s->seed : 0; }

uint64_t sim_cycles_now(const sim_t *s)
{
    if (!s || !s->default_clock)
        return 0;
    return s->now / s->default_clock->period;
}

static void periodic_fire(void *selfp, void *arg)
{
    struct periodic *p = selfp;
    sim_t *s = p->sim;

    if (p->fn(s, p->user))
        s->stop_req = true;
    p->next += p->period;
    p->ev.when = p->unit == SIM_UNTIL_CYCLES ? p->next * s->default_clock->period : p->next;
    p->ev.prio = SIM_PRIO_STATS;
    engine_push(s, &p->ev);
}

int sim_every(sim_t *s, int unit, uint64_t period, sim_periodic_fn fn, void *user,
              sim_error *err)
{
    struct periodic *p, **v;

    LOCAL_ERR(err);
    if (!s || !fn || period == 0)
        return sim_error_set(err, SIM_EINVAL, "sim_every needs a simulator, a callback and a "
                             "period above zero");
    if (unit != SIM_UNTIL_TICKS && unit != SIM_UNTIL_CYCLES)
        return sim_error_set(err, SIM_EINVAL, "sim_every counts ticks or cycles (unit %d)", unit);
    if (sim_elaborate(s, err))
        return err->code;
    p = calloc(1, sizeof(*p));
    v = realloc(s->periodics, (s->n_periodics + 1) * sizeof(*v));
    if (!p || !v) {
        free(p);
        if (v)
            s->periodics = v;
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    }
    s->periodics = v;
    s->periodics[s->n_periodics++] = p;
    p->unit = unit;
    p->period = period;
    p->fn = fn;
    p->user = user;
    p->sim = s;
    p->next = (unit == SIM_UNTIL_CYCLES ? sim_cycles_now(s) : s->now) + period;
    sim_event_init(&p->ev, periodic_fire, p, NULL);
    p->ev.when = unit == SIM_UNTIL_CYCLES ? p->next * s->default_clock->period : p->next;
    p->ev.prio = SIM_PRIO_STATS;
    engine_push(s, &p->ev);
    return 0;
}

/* ---------------------------------------------------------------- stats */

/* Built, and every component's lazily kept counts brought up to now (the
 * sync slot), once per point in time that stats are read at. */
static bool built(sim_t *s)
{
    sim_error e;

    if (!s || sim_elaborate(s, &e) != 0)
        return false;
    if (!s->synced) {
        for (int i = 0; i < s->n_comps; i++)
            if (s->comps[i]->type->sync)
                s->comps[i]->type->sync(s->comps[i]->self);
        s->synced = true;
    }
    return true;
}

double sim_stat_get(sim_t *s, const char *name)
{
    if (!name || !built(s))
        return NAN;
    return stats_get(s->stats, name);
}

int sim_stats_count(sim_t *s)
{
    return built(s) ? stats_count(s->stats) : 0;
}

const char *sim_stats_name(sim_t *s, int i)
{
    if (!built(s) || i < 0 || i >= stats_count(s->stats))
        return NULL;
    return stats_name(s->stats, i);
}

double sim_stats_value(sim_t *s, int i)
{
    if (!built(s) || i < 0 || i >= stats_count(s->stats))
        return NAN;
    return stats_value(s->stats, i);
}

void sim_stats_reset(sim_t *s)
{
    if (!built(s))
        return;
    stats_reset(s->stats);
    energy_reset(s->energy);
    s->synced = false;
    s->reset_tick = s->now;
    s->reset_insts = s->insts;
    s->sample.n = 0;
    s->sample.sum = s->sample.sumsq = 0;
    s->sample.insts = s->sample.skipped = 0;
    for (int i = 0; i < s->n_comps; i++)
        if (s->comps[i]->type->reset)
            s->comps[i]->type->reset(s->comps[i]->self);
}

int sim_stats_write(sim_t *s, const char *path, int format, sim_error *err)
{
    LOCAL_ERR(err);
    if (!s || !path)
        return sim_error_set(err, SIM_EINVAL, "sim_stats_write needs a simulator and a path");
    if (sim_elaborate(s, err) || !built(s))
        return err->code;
    return stats_write(s->stats, path, format, err);
}

int sim_stats_format(sim_t *s, int format, char **out, sim_error *err)
{
    LOCAL_ERR(err);
    if (!s || !out)
        return sim_error_set(err, SIM_EINVAL, "sim_stats_format needs a simulator and out");
    *out = NULL;
    if (sim_elaborate(s, err) || !built(s))
        return err->code;
    return stats_format(s->stats, format, out, err);
}

int sim_config_format(sim_t *s, char **out, sim_error *err)
{
    LOCAL_ERR(err);
    if (!s || !out)
        return sim_error_set(err, SIM_EINVAL, "sim_config_format needs a simulator and out");
    *out = cfg_emit(s->root);
    if (!*out)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    return 0;
}

const char *sim_config_get(sim_t *s, const char *dotted)
{
    const cfg_node *n;
    char path[512];

    if (!s || !dotted)
        return NULL;
    n = cfg_path(s->root, dotted);
    if (!n) {
        snprintf(path, sizeof(path), "components.%s", dotted);
        n = cfg_path(s->root, path);
    }
    return n && n->kind == CFG_SCALAR ? n->value : NULL;
}

int sim_config_write(sim_t *s, const char *path, sim_error *err)
{
    char *text;
    int rc;

    LOCAL_ERR(err);
    if (!path)
        return sim_error_set(err, SIM_EINVAL, "sim_config_write needs a path");
    rc = sim_config_format(s, &text, err);
    if (rc)
        return rc;
    rc = sim_write_file_atomic(path, text, strlen(text), err);
    free(text);
    return rc;
}

int sim_energy_format(sim_t *s, int what, char **out, sim_error *err)
{
    LOCAL_ERR(err);
    if (!s || !out || (what != SIM_ENERGY_BREAKDOWN && what != SIM_ENERGY_EVENTS))
        return sim_error_set(err, SIM_EINVAL, "sim_energy_format needs a simulator, a report "
                             "kind and out");
    *out = NULL;
    if (sim_elaborate(s, err) || !built(s))
        return err->code;
    *out = what == SIM_ENERGY_BREAKDOWN ? energy_table(s->energy)
                                        : energy_event_table(s->energy);
    return *out ? 0 : sim_error_set(err, SIM_ENOMEM, "out of memory");
}
