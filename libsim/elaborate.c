/* libsim/elaborate.c - from the parsed configuration to a simulator ready
 * to run: top-level sections, plugins, clock domains, component instances
 * (parameters checked against their descriptors), connections (each end
 * checked, nothing connected twice, nothing required left open), energy
 * prices, statistics, then every component's start. Every error points at
 * the config (file:line:col) and names the nearest valid name. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim_int.h"

void comp_seed_rng(sim_comp *c, uint64_t seed);

static const char *const top_keys[] = {
    "components", "connections", "clocks", "workload", "stats", "energy", "run", "plugins",
    "seed", "name", "description",
};

struct kernel_cfg {
    double node_nm, vdd, temp_k;
    sim_tick stats_period;
    const char *program, *argv0;
    sim_list args;
    uint64_t warmup, max_insts, max_cycles;
    uint64_t sample_period, sample_warmup, sample_measure, samples;
    int sample_warming;
};

static const sim_param energy_params[] = {
    SIM_PARAM_NUM_U("node", struct kernel_cfg, node_nm, 22, SIM_TECH_NODE_MIN,
                    SIM_TECH_NODE_MAX, "nm", "technology node of the energy models"),
    SIM_PARAM_VOLTAGE("vdd", struct kernel_cfg, vdd, "0V",
                      "supply voltage (0: the node's nominal supply)"),
    SIM_PARAM_NUM_U("temperature", struct kernel_cfg, temp_k, 360, SIM_TECH_TEMP_MIN,
                    SIM_TECH_TEMP_MAX, "K", "junction temperature, for leakage"),
};
static const sim_param stats_params[] = {
    SIM_PARAM_TIME("period", struct kernel_cfg, stats_period, "0ps",
                   "dump a row of every stat this often (0: only at the end); each row "
                   "holds the values since time 0 (counters, averages and formulas are "
                   "cumulative: an interval's own figures are the difference of two rows)"),
};
static const sim_param workload_params[] = {
    SIM_PARAM_STRING("program", struct kernel_cfg, program, "",
                     "program or trace to run (`archsim run CONFIG -- PROG ARGS` sets it)"),
    SIM_PARAM_LIST("args", struct kernel_cfg, args, "[]", "arguments after the program name"),
    SIM_PARAM_STRING("argv0", struct kernel_cfg, argv0, "",
                     "the program's name as it sees it, argv[0] (empty: program as written); "
                     "config.yaml gives a relative program's absolute path and its name as "
                     "written here, so it repeats the run from any directory"),
};

static const sim_param run_params[] = {
    SIM_PARAM_UINT("warmup", struct kernel_cfg, warmup, 0, 0, 1.8e19,
                   "instructions committed before every statistic is zeroed (warm-up)"),
    SIM_PARAM_UINT("max_insts", struct kernel_cfg, max_insts, 0, 0, 1.8e19,
                   "instructions to run after the warm-up (0: until the workload exits)"),
    SIM_PARAM_UINT("max_cycles", struct kernel_cfg, max_cycles, 0, 0, 1.8e19,
                   "cycles of the default clock to run after the warm-up (0: no limit)"),
    SIM_PARAM_UINT("sample_period", struct kernel_cfg, sample_period, 0, 0, 1.8e19,
                   "sampled simulation: one sample every this many instructions (0: none)"),
    SIM_PARAM_UINT("sample_warmup", struct kernel_cfg, sample_warmup, 0, 0, 1.8e19,
                   "instructions run in detail before each sample's measurement"),
    SIM_PARAM_UINT("sample_measure", struct kernel_cfg, sample_measure, 10000, 1, 1.8e19,
                   "instructions measured per sample (the rest of a period is skipped)"),
    SIM_PARAM_UINT("samples", struct kernel_cfg, samples, 0, 0, 1.8e19,
                   "stop after this many samples (0: until the workload exits)"),
    SIM_PARAM_ENUM("sample_warming", struct kernel_cfg, sample_warming, "functional",
                   "none|functional",
                   "between samples: functional (the cores update caches and predictors) "
                   "or none (sources skip; caches and predictors stay as they were)"),
};

/* The section map at key, or NULL when absent; a non-map is an error. */
static int section(const cfg_node *root, const char *key, cfg_node **out, sim_error *err)
{
    cfg_node *n = cfg_get(root, key);

    *out = NULL;
    if (!n || n->kind == CFG_NULL)
        return 0;
    if (n->kind != CFG_MAP)
        return cfg_error(err, n, "expected a mapping");
    *out = n;
    return 0;
}

/* Check the top level and read what the kernel itself uses. Called at open
 * and after every override, so it must be repeatable. */
int sections_load(sim_t *s, sim_error *err)
{
    struct kernel_cfg k = { 0 };
    cfg_node *n, *seed;
    int rc;

    if (s->root->kind != CFG_MAP)
        return cfg_error(err, s->root, "expected a mapping of sections (components:, "
                         "connections:, ...)");
    rc = cfg_check_keys(s->root, top_keys, SIM_COUNT(top_keys), err);
    if (rc)
        return rc;
    /* seed is a scalar at top level: wrap it in a one-key map for params_apply */
    seed = cfg_get(s->root, "seed");
    if (seed) {
        if (seed->kind != CFG_SCALAR)
            return cfg_error(err, seed, "expected an unsigned integer");
        double v;

        if (sim_parse_number(seed->value, &v) || v < 0 || v != floor(v) || v >= 0x1p64)
            return cfg_error(err, seed, "expected an unsigned integer, got '%s'", seed->value);
        s->seed = (uint64_t)v;
    }
    if (section(s->root, "energy", &n, err) ||
        params_apply(s->doc, energy_params, SIM_COUNT(energy_params), n, NULL, &k, err))
        return err->code;
    {
        sim_tech t = { k.node_nm, k.vdd, k.temp_k };

        cfg_node *sec = cfg_get(s->root, "energy");
        cfg_node *v = cfg_get(sec, "vdd");
        char text[256];

        /* node and temperature are checked by their rows, with the same limits */
        if (sim_tech_check(&t, &s->tech, err)) {
            char lo[32], hi[32], nom[32];

            sim_format_unit(SIM_P_VOLTAGE, SIM_TECH_VDD_MIN, lo, sizeof(lo));
            sim_format_unit(SIM_P_VOLTAGE, SIM_TECH_VDD_MAX, hi, sizeof(hi));
            sim_format_unit(SIM_P_VOLTAGE, sim_tech_nominal_vdd(k.node_nm), nom, sizeof(nom));
            if (v && v->kind == CFG_SCALAR)
                return cfg_error(err, v, "must be between %s and %s, or 0V for the node's "
                                 "nominal %s, got '%s'", lo, hi, nom, v->value);
            return cfg_error(err, sec ? sec : s->root, "%s", err->message);
        }
        if (sim_tech_fit_warning(&s->tech, text, sizeof(text)))
            sim_log_run(s, SIM_LOG_WARN, "energy: %s", text);
        /* state the supply actually used (0 stands for the node's nominal one) */
        if (v && v->kind == CFG_SCALAR && s->tech.vdd != k.vdd) {
            sim_format_unit(SIM_P_VOLTAGE, s->tech.vdd, text, sizeof(text));
            char *dup = cfg_strdup(s->doc, text);

            if (dup)
                v->value = dup;
        }
    }
    if (section(s->root, "stats", &n, err) ||
        params_apply(s->doc, stats_params, SIM_COUNT(stats_params), n, NULL, &k, err))
        return err->code;
    if (section(s->root, "workload", &n, err) ||
        params_apply(s->doc, workload_params, SIM_COUNT(workload_params), n, NULL, &k, err))
        return err->code;
    if (section(s->root, "run", &n, err) ||
        params_apply(s->doc, run_params, SIM_COUNT(run_params), n, NULL, &k, err))
        return err->code;
    if (k.max_insts && k.max_cycles)
        return cfg_error(err, cfg_get(n, "max_cycles"), "give run.max_insts or "
                         "run.max_cycles, not both");
    if (k.sample_period && (k.max_insts || k.max_cycles))
        return cfg_error(err, cfg_get(n, "sample_period"), "a sampled run ends with the "
                         "workload or after run.samples, not with run.max_insts/max_cycles");
    if (k.sample_period && k.sample_warmup + k.sample_measure > k.sample_period)
        return cfg_error(err, cfg_get(n, "sample_period"), "run.sample_period (%llu) must "
                         "hold sample_warmup + sample_measure (%llu)",
                         (unsigned long long)k.sample_period,
                         (unsigned long long)(k.sample_warmup + k.sample_measure));
    s->run_warmup = k.warmup;
    s->run_max_insts = k.max_insts;
    s->run_max_cycles = k.max_cycles;
    s->sample.period = k.sample_period;
    s->sample.warmup = k.sample_warmup;
    s->sample.measure = k.sample_measure;
    s->sample.max = k.samples;
    s->sample.warming = k.sample_warming == 1 ? SAMPLE_WARM : SAMPLE_SKIP;
    n = cfg_get(s->root, "components");
    if (n && n->kind != CFG_MAP && n->kind != CFG_NULL)
        return cfg_error(err, n, "expected a mapping of instance name to {type: ..., ...}");
    n = cfg_get(s->root, "connections");
    if (n && n->kind != CFG_SEQ && n->kind != CFG_NULL)
        return cfg_error(err, n, "expected a list of 'a.port -> b.port'");
    n = cfg_get(s->root, "plugins");
    if (n && n->kind != CFG_SEQ && n->kind != CFG_NULL)
        return cfg_error(err, n, "expected a list of shared-object paths");
    return 0;
}

/* ------------------------------------------------------------- plugins */

static int load_plugins(sim_t *s, sim_error *err)
{
    cfg_node *list = cfg_get(s->root, "plugins");

    for (int i = 0; list && i < list->n; i++) {
        cfg_node *p = list->kids[i];
        char path[4096];
        int rc;

        if (p->kind != CFG_SCALAR)
            return cfg_error(err, p, "expected a shared-object path");
        if (p->value[0] == '/' || !s->config_dir)
            snprintf(path, sizeof(path), "%s", p->value);
        else
            snprintf(path, sizeof(path), "%s/%s", s->config_dir, p->value);
        rc = registry_load_plugin(s, path, p, err);
        if (rc)
            return rc;
        {
            /* config.yaml may be read from elsewhere: record where it was found */
            char *abs = realpath(path, NULL);
            char *dup = abs ? cfg_strdup(s->doc, abs) : NULL;

            if (dup)
                p->value = dup;
            free(abs);
        }
    }
    return 0;
}

/* -------------------------------------------------------------- clocks */

static struct clock_dom *add_clock(sim_t *s, const char *name, sim_tick period, sim_error *err)
{
    struct clock_dom *d, **v;

    v = realloc(s->clocks, (s->n_clocks + 1) * sizeof(*v));
    if (!v) {
        sim_error_set(err, SIM_ENOMEM, "out of memory");
        return NULL;
    }
    s->clocks = v;
    d = clock_new(s, name, period);
    if (!d) {
        sim_error_set(err, SIM_ENOMEM, "out of memory");
        return NULL;
    }
    s->clocks[s->n_clocks++] = d;
    return d;
}

/* A clock value: a frequency (2GHz) or a period (500ps), to a period in ps. */
static int clock_period(const cfg_node *n, sim_tick *out, sim_error *err)
{
    char msg[256];
    double v;

    if (!n || n->kind != CFG_SCALAR)
        return cfg_error(err, n, "expected a frequency (2GHz) or a period (500ps)");
    if (sim_parse_unit(SIM_P_FREQ, n->value, &v, msg, sizeof(msg)) == 0) {
        if (v <= 0 || 1e12 / v < 1)
            return cfg_error(err, n, "frequency must be above 0 and at most 1THz, got '%s'",
                             n->value);
        *out = (sim_tick)llround(1e12 / v);
        return 0;
    }
    if (sim_parse_unit(SIM_P_TIME, n->value, &v, msg, sizeof(msg)) == 0) {
        if (v < 1)
            return cfg_error(err, n, "period must be at least 1ps, got '%s'", n->value);
        *out = (sim_tick)llround(v);
        return 0;
    }
    return cfg_error(err, n, "expected a frequency (2GHz, 800MHz) or a period (500ps), got '%s'",
                     n->value);
}

static int make_clocks(sim_t *s, sim_error *err)
{
    cfg_node *map;
    int rc = section(s->root, "clocks", &map, err);

    if (rc)
        return rc;
    for (int i = 0; map && i < map->n; i++) {
        cfg_node *n = map->kids[i];
        sim_tick p;

        if (clock_period(n, &p, err))
            return err->code;
        if (!add_clock(s, n->key, p, err))
            return err->code;
    }
    for (int i = 0; i < s->n_clocks; i++)
        if (strcmp(s->clocks[i]->name, "default") == 0)
            s->default_clock = s->clocks[i];
    if (!s->default_clock && s->n_clocks > 0)
        s->default_clock = s->clocks[0];
    if (!s->default_clock) {
        s->default_clock = add_clock(s, "default", 1000, err);   /* 1GHz */
        if (!s->default_clock)
            return err->code;
    }
    return 0;
}

static struct clock_dom *find_clock(sim_t *s, const char *name)
{
    for (int i = 0; i < s->n_clocks; i++)
        if (strcmp(s->clocks[i]->name, name) == 0)
            return s->clocks[i];
    return NULL;
}

/* A component's `clock:` names a domain or gives a frequency/period of its own. */
static int comp_clock(sim_t *s, sim_comp *c, sim_error *err)
{
    cfg_node *n = cfg_get(c->node, "clock");
    const char *names[64];
    int nn = 0;
    sim_tick p;
    sim_error e2;
    char buf[300];

    if (!n) {
        c->clk = s->default_clock;
        return 0;
    }
    if (n->kind == CFG_SCALAR && (c->clk = find_clock(s, n->value)))
        return 0;
    if (clock_period(n, &p, &e2) == 0) {
        snprintf(buf, sizeof(buf), "%s.clock", c->name);
        c->clk = add_clock(s, buf, p, err);
        return c->clk ? 0 : err->code;
    }
    for (int i = 0; i < s->n_clocks && nn < 64; i++)
        names[nn++] = s->clocks[i]->name;
    {
        const char *near = n->kind == CFG_SCALAR ? sim_nearest(n->value, names, nn) : NULL;

        if (near)
            return cfg_error(err, n, "unknown clock '%s'; did you mean '%s'?", n->value, near);
    }
    return cfg_error(err, n, "expected the name of a clock under clocks: or a frequency/period, "
                     "got '%s'", n->kind == CFG_SCALAR ? n->value : "(not a scalar)");
}

/* ----------------------------------------------------------- components */

static int unknown_type(sim_t *s, const cfg_node *n, sim_error *err)
{
    const char **names = malloc((s->n_types + 1) * sizeof(*names));
    const char *near;

    if (!names)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    for (int i = 0; i < s->n_types; i++)
        names[i] = s->types[i]->name;
    near = sim_nearest(n->value, names, s->n_types);
    if (near)
        cfg_error(err, n, "unknown type '%s'; did you mean '%s'?", n->value, near);
    else
        cfg_error(err, n, "unknown type '%s' (`archsim list` shows the types)", n->value);
    free(names);
    return SIM_ECONFIG;
}

static const char *const reserved_keys[] = { "type", "clock", "energy", NULL };

/* A statistic defined twice: a name from the config (the instance's) met
 * one its type or the kernel gives it. Point at the instance and say why;
 * other errors pass unchanged. */
static int stat_clash(sim_t *s, const char *inst, const char *why, sim_error *err)
{
    sim_comp *c = inst ? sim_find_comp(s, inst) : NULL;
    sim_error inner = *err;

    if (!c || inner.code != SIM_EINVAL || inner.file[0])
        return inner.code;
    return cfg_error_key(err, c->node, "%s%s", inner.message, why);
}

static int add_stats(sim_t *s, sim_comp *c, sim_error *err)
{
    const sim_type *t = c->type;

    for (int i = 0; i < t->n_stats; i++) {
        int rc = stats_add(s->stats, c->name, &t->stats[i], c->self, err);

        if (rc)
            return stat_clash(s, c->name, "", err);
    }
    return 0;
}

/* An instance that only a --set made, with no type: most likely a
 * misspelt one; name the nearest instance of the file. */
static int unknown_instance(const cfg_node *n, sim_error *err)
{
    const cfg_node *comps = n->parent;
    const char **names = malloc(((size_t)comps->n + 1) * sizeof(*names));
    const char *near;
    int k = 0;

    if (!names)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    for (int i = 0; i < comps->n; i++)
        if (comps->kids[i] != n)
            names[k++] = comps->kids[i]->key;
    near = sim_nearest(n->key, names, k);
    if (near)
        cfg_error(err, n, "no such instance; did you mean '%s'? (a new one needs a type)",
                  near);
    else
        cfg_error(err, n, "no such instance under components: (a new one needs a type)");
    free(names);
    return SIM_ECONFIG;
}

static int make_comp(sim_t *s, cfg_node *n, sim_error *err)
{
    cfg_node *tn;
    const sim_type *t;
    sim_comp *c, **v;
    int rc;

    if (n->kind != CFG_MAP)
        return cfg_error(err, n, "expected a mapping with a type: key");
    tn = cfg_get(n, "type");
    if (!tn && n->file && strncmp(n->file, "--set", 5) == 0)
        return unknown_instance(n, err);
    if (!tn)
        return cfg_error_key(err, n, "missing type: (`archsim list` shows the types)");
    if (tn->kind != CFG_SCALAR)
        return cfg_error(err, tn, "expected a type name");
    t = registry_find(s, tn->value);
    if (!t)
        return unknown_type(s, tn, err);
    for (int i = 0; i < s->n_comps; i++)
        if (strcmp(s->comps[i]->name, n->key) == 0)
            return cfg_error_key(err, n, "instance defined twice");
    if (strchr(n->key, '.') || !n->key[0])
        return cfg_error_key(err, n, "instance names cannot be empty or contain '.'");

    v = realloc(s->comps, (s->n_comps + 1) * sizeof(*v));
    if (!v)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    s->comps = v;
    c = calloc(1, sizeof(*c));
    if (!c)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    s->comps[s->n_comps++] = c;
    c->sim = s;
    c->type = t;
    c->node = n;
    c->index = s->n_comps - 1;
    c->name = strdup(n->key);
    c->ports = calloc(t->n_ports ? t->n_ports : 1, sizeof(*c->ports));
    c->cfg = cfg_alloc(s->doc, t->cfg_size ? t->cfg_size : 1);
    if (!c->name || !c->ports || !c->cfg)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    rc = params_apply(s->doc, t->params, t->n_params, n, reserved_keys, c->cfg, err);
    if (rc)
        return rc;
    rc = comp_clock(s, c, err);
    if (rc)
        return rc;
    comp_seed_rng(c, s->seed);
    c->self = t->init(c, c->cfg, err);
    if (!c->self) {
        if (err->code == 0)
            cfg_error_key(err, n, "could not be built (type %s gave no reason)", t->name);
        else if (!err->file[0]) {
            sim_error inner = *err;

            cfg_error_key(err, n, "%s", inner.message);
            err->code = inner.code;
        }
        return err->code;
    }
    return add_stats(s, c, err);
}

int sim_stat_add(sim_comp *c, const sim_stat *row, void *base, sim_error *err)
{
    sim_error local;

    if (!err)
        err = &local;
    if (!c || !row || !base)
        return sim_error_set(err, SIM_EINVAL, "sim_stat_add needs a component, a row and a base");
    return stats_add(c->sim->stats, c->name, row, base, err);
}

/* ---------------------------------------------------------- connections */

static int port_index(const sim_type *t, const char *name)
{
    for (int i = 0; i < t->n_ports; i++)
        if (strcmp(t->ports[i].name, name) == 0)
            return i;
    return -1;
}

/* "inst.port" at the text [b, e) of a connection string. */
static int resolve_end(sim_t *s, const cfg_node *where, const char *text, sim_comp **oc,
                       int *op, sim_error *err)
{
    char inst[256], port[256];
    const char *dot = strchr(text, '.');
    sim_comp *c;
    int p;

    if (!dot || dot == text || !dot[1] || strlen(text) >= sizeof(inst))
        return cfg_error(err, where, "expected 'instance.port', got '%s'", text);
    snprintf(inst, sizeof(inst), "%.*s", (int)(dot - text), text);
    snprintf(port, sizeof(port), "%s", dot + 1);
    c = sim_find_comp(s, inst);
    if (!c) {
        const char **names = malloc((s->n_comps + 1) * sizeof(*names));
        const char *near;

        if (!names)
            return sim_error_set(err, SIM_ENOMEM, "out of memory");
        for (int i = 0; i < s->n_comps; i++)
            names[i] = s->comps[i]->name;
        near = sim_nearest(inst, names, s->n_comps);
        if (near)
            cfg_error(err, where, "no instance '%s'; did you mean '%s'?", inst, near);
        else
            cfg_error(err, where, "no instance '%s' under components:", inst);
        free(names);
        return SIM_ECONFIG;
    }
    p = port_index(c->type, port);
    if (p < 0) {
        const char *names[64];
        int n = 0;
        const char *near;

        for (int i = 0; i < c->type->n_ports && n < 64; i++)
            names[n++] = c->type->ports[i].name;
        near = sim_nearest(port, names, n);
        if (near)
            return cfg_error(err, where, "%s (type %s) has no port '%s'; did you mean '%s'?",
                             inst, c->type->name, port, near);
        if (n == 0)
            return cfg_error(err, where, "%s (type %s) has no ports", inst, c->type->name);
        {
            char list[512] = "";
            size_t len = 0;

            for (int i = 0; i < n && len < sizeof(list) - 2; i++)
                len += snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "", names[i]);
            return cfg_error(err, where, "%s (type %s) has no port '%s'; its ports: %s", inst,
                             c->type->name, port, list);
        }
    }
    *oc = c;
    *op = p;
    return 0;
}

static struct conn *add_conn(struct port_inst *p)
{
    if (p->n == p->cap) {
        int cap = p->cap ? 2 * p->cap : 2;
        struct conn *v = realloc(p->conns, cap * sizeof(*v));

        if (!v)
            return NULL;
        p->conns = v;
        p->cap = cap;
    }
    memset(&p->conns[p->n], 0, sizeof(p->conns[0]));
    return &p->conns[p->n++];
}

static void trim(char *s)
{
    size_t n = strlen(s), b = 0;

    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = 0;
    while (s[b] == ' ' || s[b] == '\t')
        b++;
    memmove(s, s + b, n - b + 1);
}

static int twice(const sim_comp *c, int p, const cfg_node *where, sim_error *err)
{
    const cfg_node *first = c->ports[p].conns[0].where;

    if (first && first->file)
        return cfg_error(err, where, "%s.%s is already connected (at %s:%d:%d) and takes one "
                         "connection", c->name, c->type->ports[p].name, first->file,
                         first->line, first->col);
    return cfg_error(err, where, "%s.%s is already connected and takes one connection",
                     c->name, c->type->ports[p].name);
}

static int connect_one(sim_t *s, const cfg_node *n, sim_error *err)
{
    char text[600], *arrow;
    sim_comp *a, *b;
    int pa, pb, fa, fb;
    struct conn *ka, *kb;

    if (n->kind != CFG_SCALAR)
        return cfg_error(err, n, "expected 'a.port -> b.port'");
    snprintf(text, sizeof(text), "%s", n->value);
    arrow = strstr(text, "->");
    if (!arrow)
        return cfg_error(err, n, "expected 'a.port -> b.port', got '%s'", n->value);
    *arrow = 0;
    trim(text);
    trim(arrow + 2);
    if (resolve_end(s, n, text, &a, &pa, err) || resolve_end(s, n, arrow + 2, &b, &pb, err))
        return err->code;
    fa = a->type->ports[pa].flags;
    fb = b->type->ports[pb].flags;
    if (fa & SIM_TARGET)
        return cfg_error(err, n, "%s.%s is a target port; a connection goes initiator -> target",
                         a->name, a->type->ports[pa].name);
    if (!(fb & SIM_TARGET))
        return cfg_error(err, n, "%s.%s is an initiator port; a connection goes initiator -> "
                         "target", b->name, b->type->ports[pb].name);
    if ((fa & SIM_INSTS) != (fb & SIM_INSTS))
        return cfg_error(err, n, "%s.%s carries %s but %s.%s carries %s", a->name,
                         a->type->ports[pa].name, fa & SIM_INSTS ? "instructions" : "requests",
                         b->name, b->type->ports[pb].name,
                         fb & SIM_INSTS ? "instructions" : "requests");
    if (a->ports[pa].n > 0 && !(fa & SIM_MULTI))
        return twice(a, pa, n, err);
    if (b->ports[pb].n > 0 && !(fb & SIM_MULTI))
        return twice(b, pb, n, err);
    ka = add_conn(&a->ports[pa]);
    kb = ka ? add_conn(&b->ports[pb]) : NULL;
    if (!kb)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    ka->peer = b;
    ka->peer_port = (uint16_t)pb;
    ka->peer_idx = (uint16_t)(b->ports[pb].n - 1);
    ka->where = n;
    kb->peer = a;
    kb->peer_port = (uint16_t)pa;
    kb->peer_idx = (uint16_t)(a->ports[pa].n - 1);
    kb->where = n;
    return 0;
}

static int connect_all(sim_t *s, sim_error *err)
{
    cfg_node *list = cfg_get(s->root, "connections");

    for (int i = 0; list && i < list->n; i++)
        if (connect_one(s, list->kids[i], err))
            return err->code;
    for (int i = 0; i < s->n_comps; i++) {
        sim_comp *c = s->comps[i];

        for (int p = 0; p < c->type->n_ports; p++)
            if (c->ports[p].n == 0 && !(c->type->ports[p].flags & SIM_OPTIONAL))
                return cfg_error_key(err, c->node, "required port '%s' is not connected (add "
                                     "'%s.%s -> ...' or '... -> %s.%s' under connections:)",
                                     c->type->ports[p].name, c->name, c->type->ports[p].name,
                                     c->name, c->type->ports[p].name);
    }
    return 0;
}

/* --------------------------------------------------------------- energy */

/* Per-event energies: the type's model first, then the instance's `energy:`
 * mapping, checked like parameters (one row per event plus `leakage`). */
static int price(sim_t *s, sim_comp *c, sim_error *err)
{
    const sim_type *t = c->type;
    int n = t->n_energy;
    cfg_node *map = cfg_get(c->node, "energy");
    sim_param *rows;
    double leak = 0;
    int rc, given;

    c->energy_j = calloc(n + 1, sizeof(double));
    rows = calloc(n + 1, sizeof(*rows));
    if (!c->energy_j || !rows) {
        free(rows);
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    }
    if (t->energy_model)
        t->energy_model(c->self, &s->tech, c->energy_j, &leak);
    c->energy_j[n] = leak;
    for (int i = 0; i <= n; i++) {
        char def[64];

        sim_format_unit(i < n ? SIM_P_ENERGY : SIM_P_POWER, c->energy_j[i], def, sizeof(def));
        rows[i].name = i < n ? t->energy[i].name : "leakage";
        rows[i].kind = i < n ? SIM_P_ENERGY : SIM_P_POWER;
        rows[i].offset = i * sizeof(double);
        rows[i].size = sizeof(double);
        rows[i].def = cfg_strdup(s->doc, def);
        rows[i].min = 0;
        rows[i].max = 1e300;
        rows[i].doc = i < n ? t->energy[i].doc : "leakage power";
    }
    if (map && map->kind != CFG_MAP) {
        free(rows);
        return cfg_error(err, map, "expected a mapping of energy event to energy "
                         "(tag_read: 5pJ) and leakage: power");
    }
    given = map ? map->n : 0;
    /* Only write resolved values back when the instance prices anything, so
     * that config.yaml stays readable for components without energy. */
    if (!map && (n > 0 || leak > 0)) {
        map = cfg_new_map(s->doc);
        if (map)
            cfg_map_put(s->doc, c->node, "energy", map);
    }
    rc = params_apply(s->doc, rows, n + 1, map, NULL, c->energy_j, err);
    free(rows);
    if (rc)
        return rc;
    if (n > 0 && !t->energy_model && given == 0)
        sim_log(c, SIM_LOG_WARN, "%d energy event%s (%s%s) priced at 0 J: type %s has no "
                "energy model and the config gives no energy: values", n, n == 1 ? "" : "s",
                t->energy[0].name, n > 1 ? ", ..." : "", t->name);
    if (n == 0 && c->energy_j[n] == 0)
        return 0;
    return energy_add(s->energy, c->name, t->energy, n, c->self, c->energy_j, c->energy_j[n],
                      err);
}

/* ---------------------------------------------------------- kernel stats */

static double st_ticks(void *p) { sim_t *s = p; return (double)(s->now - s->reset_tick); }
static double st_seconds(void *p) { sim_t *s = p; return (s->now - s->reset_tick) * 1e-12; }
static double st_insts(void *p) { sim_t *s = p; return (double)(s->insts - s->reset_insts); }

static double st_cycles(void *p)
{
    sim_t *s = p;

    return (double)(s->now / s->default_clock->period - s->reset_tick / s->default_clock->period);
}

/* Sampled runs. Student's t quantile t(0.975, df): the table up to 30,
 * then 1.96 + 2.4 / df (within 0.002 of the exact value). */
static double t975(uint64_t df)
{
    static const double t[] = { 0, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110,
                                2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
                                2.052, 2.048, 2.045, 2.042 };

    return df < SIM_COUNT(t) ? t[df] : 1.96 + 2.4 / (double)df;
}

static double st_sample_n(void *p) { sim_t *s = p; return (double)s->sample.n; }
static double st_sample_insts(void *p) { sim_t *s = p; return (double)s->sample.insts; }
static double st_sample_skipped(void *p) { sim_t *s = p; return (double)s->sample.skipped; }

static double st_sample_cpi(void *p)
{
    sim_t *s = p;

    return s->sample.n ? s->sample.sum / (double)s->sample.n : NAN;    /* none measured */
}

static double st_sample_err(void *p)
{
    sim_t *s = p;
    double n = (double)s->sample.n, m, var;

    if (s->sample.n < 2)
        return NAN;                 /* no interval from fewer than two samples */
    m = s->sample.sum / n;
    var = (s->sample.sumsq - n * m * m) / (n - 1);
    return var > 0 && m > 0 ? t975(s->sample.n - 1) * sqrt(var / n) / m : 0;
}

static double st_sample_total(void *p)
{
    sim_t *s = p;

    return (double)(s->insts - s->reset_insts + s->sample.skipped);
}

static double st_sample_cycles(void *p)
{
    return st_sample_cpi(p) * st_sample_total(p);
}

static int kernel_stats(sim_t *s, sim_error *err)
{
    static const struct {
        const char *name;
        double (*fn)(void *);
        const char *unit, *doc;
    } sampled[] = {
        { "sim.sample.count", st_sample_n, NULL, "samples measured (run.sample_period)" },
        { "sim.sample.insts", st_sample_insts, "insts", "instructions measured, all samples" },
        { "sim.sample.skipped", st_sample_skipped, "insts",
          "instructions skipped or warmed between samples, all sources" },
        { "sim.sample.cpi", st_sample_cpi, "cycles",
          "mean of the samples' CPI (default clock, all cores)" },
        { "sim.sample.cpi_error", st_sample_err, NULL,
          "half-width of the mean CPI's 95 % confidence interval, relative to it" },
        { "sim.sample.insts_total", st_sample_total, "insts",
          "instructions of the whole run: in detail (sim.insts) plus skipped or warmed" },
        { "sim.sample.cycles_est", st_sample_cycles, "cycles",
          "estimated cycles of the whole run: sample CPI x insts_total" },
    };

    if (s->sample.period) {
        for (int i = 0; i < SIM_COUNT(sampled); i++) {
            if (stats_add_fn(s->stats, sampled[i].name, sampled[i].fn, s, sampled[i].unit,
                             sampled[i].doc, err))
                return err->code;
        }
    }
    if (stats_add_fn(s->stats, "sim.ticks", st_ticks, s, "ps", "simulated time", err) ||
        stats_add_fn(s->stats, "sim.seconds", st_seconds, s, "s", "simulated time", err) ||
        stats_add_fn(s->stats, "sim.cycles", st_cycles, s, "cycles",
                     "simulated time in cycles of the default clock (the last event's; "
                     "a core that ticked from cycle 0 counts one more)", err) ||
        stats_add_fn(s->stats, "sim.insts", st_insts, s, "insts",
                     "instructions committed, all cores", err))
        return err->code;
    return 0;
}

static int add_kernel_stats(sim_t *s, sim_error *err)
{
    const char *who;

    if (kernel_stats(s, err))
        return stat_clash(s, "sim", " (the kernel's statistics are named sim.*: rename the "
                          "instance)", err);
    if (energy_add_stats(s->energy, s->stats, &s->now, &s->insts, &who, err))
        return stat_clash(s, who, " (an instance that is priced gets the statistics power, "
                          "energy.* and events.*)", err);
    return 0;
}

/* ------------------------------------------------------------ elaborate */

/* A relative program path is the current directory's: once loaded, the
 * config (and so config.yaml) names it by its absolute path, and keeps the
 * name the program was given as workload.argv0, so the program sees the
 * same argv[0] when config.yaml is run from elsewhere. */
static int pin_program_path(sim_t *s, cfg_node *w, cfg_node *prog)
{
    cfg_node *a0 = cfg_get(w, "argv0"), *p, *n = NULL;
    bool named = a0 && a0->kind == CFG_SCALAR && a0->value[0];
    char cwd[4096], *abs;

    if (prog->value[0] == '/' || !getcwd(cwd, sizeof(cwd)))
        return 0;                   /* absolute already, or no way to say where */
    abs = malloc(strlen(cwd) + strlen(prog->value) + 2);
    if (!abs)
        return SIM_ENOMEM;
    sprintf(abs, "%s/%s", cwd, prog->value);
    p = cfg_new_scalar(s->doc, abs);
    free(abs);
    if (!named)
        n = cfg_new_scalar(s->doc, prog->value);
    if (!p || (!named && !n))
        return SIM_ENOMEM;
    p->quoted = true;
    if (n) {
        n->quoted = true;
        cfg_map_put(s->doc, w, "argv0", n);
    }
    cfg_map_put(s->doc, w, "program", p);
    return 0;
}

static int load_configured_workload(sim_t *s, sim_error *err)
{
    cfg_node *w = cfg_get(s->root, "workload");
    cfg_node *prog = w ? cfg_get(w, "program") : NULL;
    cfg_node *args = w ? cfg_get(w, "args") : NULL;
    cfg_node *a0 = w ? cfg_get(w, "argv0") : NULL;
    const char **argv;
    int argc = 1, rc;

    if (!prog || prog->kind != CFG_SCALAR || !prog->value[0])
        return 0;
    argv = calloc(2 + (args ? args->n : 0), sizeof(*argv));
    if (!argv)
        return sim_error_set(err, SIM_ENOMEM, "out of memory");
    argv[0] = a0 && a0->kind == CFG_SCALAR && a0->value[0] ? a0->value : prog->value;
    for (int i = 0; args && args->kind == CFG_SEQ && i < args->n; i++)
        argv[argc++] = args->kids[i]->value;
    rc = sim_load_workload(s, prog->value, argc, argv, err);
    free(argv);
    if (!rc && pin_program_path(s, w, prog))
        rc = sim_error_set(err, SIM_ENOMEM, "out of memory");
    return rc;
}

/* A sampled run needs components that can do what run.sample_warming asks
 * between samples: found here, before time 0, so that validate says so and
 * a run is refused before it starts. */
static int check_sampling(const sim_t *s, sim_error *err)
{
    cfg_node *run = cfg_get(s->root, "run");
    int sources = 0, warmers = 0;

    if (!s->sample.period)
        return 0;
    for (int i = 0; i < s->n_comps; i++) {
        sources += s->comps[i]->type->skip != NULL;
        warmers += s->comps[i]->type->warm != NULL;
    }
    if (s->sample.warming == SAMPLE_WARM && !warmers)
        return cfg_error(err, cfg_get(run, "sample_warming"), "functional, but no component "
                         "of this config can warm (the cores inorder and ooo can); use none");
    if (s->sample.warming == SAMPLE_SKIP && !sources)
        return cfg_error(err, cfg_get(run, "sample_period"), "no component of this config "
                         "can skip instructions (riscv, champsim can)");
    return 0;
}

/* Sections the config left out are added empty, so that sections_load
 * writes their defaults back and config.yaml states every value used. */
static void add_missing_sections(sim_t *s)
{
    static const char *const keys[] = { "workload", "stats", "energy", "run" };
    char seed[32];

    if (!cfg_get(s->root, "seed")) {
        cfg_node *n;

        snprintf(seed, sizeof(seed), "%llu", (unsigned long long)s->seed);
        n = cfg_new_scalar(s->doc, seed);
        if (n)
            cfg_map_put(s->doc, s->root, "seed", n);
    }
    for (int i = 0; i < SIM_COUNT(keys); i++) {
        cfg_node *n = cfg_get(s->root, keys[i]) ? NULL : cfg_new_map(s->doc);

        if (n)
            cfg_map_put(s->doc, s->root, keys[i], n);
    }
}

int elaborate(sim_t *s, sim_error *err)
{
    cfg_node *comps = cfg_get(s->root, "components");
    int rc;

    add_missing_sections(s);
    rc = sections_load(s, err);
    if (!rc)
        rc = load_plugins(s, err);
    if (!rc)
        rc = make_clocks(s, err);
    for (int i = 0; !rc && comps && comps->kind == CFG_MAP && i < comps->n; i++)
        rc = make_comp(s, comps->kids[i], err);
    if (!rc)
        rc = connect_all(s, err);
    if (!rc)
        rc = check_sampling(s, err);
    for (int i = 0; !rc && i < s->n_comps; i++)
        rc = price(s, s->comps[i], err);
    if (!rc)
        rc = add_kernel_stats(s, err);
    if (!rc)
        rc = stats_finalize(s->stats, err);
    for (int i = 0; !rc && i < s->n_comps; i++) {
        sim_comp *c = s->comps[i];

        if (c->type->start)
            rc = c->type->start(c->self, err);
    }
    if (rc)
        return rc;
    for (int i = 0; i < s->n_comps; i++)
        if (s->comps[i]->type->tick)
            sim_wake(s->comps[i]);
    s->state = ST_READY;
    return load_configured_workload(s, err);
}
