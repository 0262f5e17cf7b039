/* tests/system/stall.c - a test plugin: `stall` starts a workload, ticks
 * once and sleeps for good without ending it, as a component waiting for a
 * response nobody sends would. The run then goes idle with one workload
 * left: the archsim command must call it stalled (status 1) and
 * archsim.run() raise StalledError, both keeping the statistics. */
#include <stdlib.h>
#include <archsim/sim_type.h>

struct stall {
    sim_comp *comp;
    uint64_t ticks;
};

static const sim_stat stall_stats[] = {
    SIM_STAT("ticks", struct stall, ticks, "cycles ticked before waiting for good"),
};

static void *stall_init(sim_comp *comp, const void *cfg, sim_error *err)
{
    struct stall *c = sim_zalloc(err, sizeof(*c));

    (void)cfg;
    if (c)
        c->comp = comp;
    return c;
}

static int stall_start(void *self, sim_error *err)
{
    struct stall *c = self;

    (void)err;
    sim_workload_start(c->comp);
    return 0;
}

static int stall_tick(void *self)
{
    struct stall *c = self;

    c->ticks++;
    return 0;
}

static const sim_type stall_type = {
    .name = "stall", .doc = "Test plugin: starts a workload, then waits for ever.",
    .stats = stall_stats, .n_stats = SIM_COUNT(stall_stats),
    .init = stall_init, .start = stall_start, .fini = free, .tick = stall_tick,
};

int archsim_plugin_init(sim_t *s, sim_error *err)
{
    return sim_register_type(s, &stall_type, err);
}
