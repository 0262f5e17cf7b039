/* examples/plugin/countdown.c - a component type in a plugin of its own:
 * `countdown` ticks `cycles` times, then ends the run as a workload. Build
 * it as a shared object and name it under `plugins:` (see countdown.yaml):
 *     cc -shared -fPIC -O2 -o libcountdown.so countdown.c $(pkg-config --cflags archsim)
 * The build makes build/plugin/libcountdown.so, with countdown.yaml beside it. */
#include <stdlib.h>
#include <archsim/sim_type.h>

struct countdown_cfg {
    uint64_t cycles;
};

struct countdown {
    struct countdown_cfg cfg;
    sim_comp *comp;
    uint64_t left, ticks;
};

static const sim_param countdown_params[] = {
    SIM_PARAM_UINT("cycles", struct countdown_cfg, cycles, 100, 1, 1e12, "cycles to count"),
};
static const sim_stat countdown_stats[] = {
    SIM_STAT("ticks", struct countdown, ticks, "cycles counted"),
};

static void *countdown_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct countdown *c = sim_zalloc(err, sizeof(*c));

    if (!c)
        return NULL;
    c->cfg = *(const struct countdown_cfg *)cfg;
    c->comp = comp;
    c->left = c->cfg.cycles;
    return c;
}

static int countdown_start(void *self, sim_error *err)
{
    struct countdown *c = self;

    (void)err;
    sim_workload_start(c->comp);
    return 0;
}

static int countdown_tick(void *self)
{
    struct countdown *c = self;

    c->ticks++;
    if (--c->left > 0)
        return 1;
    sim_exit(c->comp, 0);
    return 0;
}

static const sim_type countdown_type = {
    .name = "countdown", .doc = "Plugin example: counts cycles, then exits.",
    .params = countdown_params, .n_params = SIM_COUNT(countdown_params),
    .stats = countdown_stats, .n_stats = SIM_COUNT(countdown_stats),
    .cfg_size = sizeof(struct countdown_cfg), .init = countdown_init,
    .start = countdown_start, .fini = free, .tick = countdown_tick,
};

int archsim_plugin_init(sim_t *s, sim_error *err)
{
    return sim_register_type(s, &countdown_type, err);
}
