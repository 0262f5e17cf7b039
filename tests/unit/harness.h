/* tests/unit/harness.h - shared test helpers: a simulator from a YAML
 * string, and the `probe` component, a test-driven initiator whose port
 * `out` sends what the test asks, loosely- or approximately-timed. */
#ifndef ARCHSIM_TEST_HARNESS_H
#define ARCHSIM_TEST_HARNESS_H
#include <archsim/sim.h>
#include <archsim/sim_type.h>

#define HARNESS_MAX_RESP 4096

/* Open (with the probe type registered) and build; fails the test with the
 * error text when the config is rejected. */
sim_t *harness_open(const char *yaml);
/* The same, returning NULL and filling err instead of failing. */
sim_t *harness_open_err(const char *yaml, sim_error *err);
/* Register the probe type on a simulator opened some other way. */
void harness_register(sim_t *s);

/* Loosely-timed read/write of `size` bytes through probe.out; returns the latency. */
sim_tick harness_read(sim_t *s, const char *probe, uint64_t addr);
sim_tick harness_write(sim_t *s, const char *probe, uint64_t addr);
sim_tick harness_access(sim_t *s, const char *probe, int cmd, uint64_t addr, uint32_t size);
/* The same from the instruction at `pc` (pc-indexed prefetchers, predictors). */
sim_tick harness_access_pc(sim_t *s, const char *probe, int cmd, uint64_t addr, uint32_t size,
                           uint64_t pc);

/* Approximately-timed: queue a request to be sent at the current time (the
 * probe sends queued requests in order, each one after the previous one was
 * accepted; refused ones wait for the target's retry). Run the simulator to
 * move it. */
void harness_send(sim_t *s, const char *probe, int cmd, uint64_t addr, uint32_t size);

/* Responses the probe received, in arrival order. */
struct harness_resp {
    uint64_t addr, id;
    int cmd;
    sim_tick issued, accepted, done;
};
int harness_n_resp(sim_t *s, const char *probe);
const struct harness_resp *harness_resp(sim_t *s, const char *probe, int i);
int harness_n_refused(sim_t *s, const char *probe);

/* A stat that must exist (fails the test naming it when it does not). */
double harness_stat(sim_t *s, const char *name);
/* Response i of the probe: ticks from acceptance to response. */
sim_tick harness_lat(sim_t *s, const char *probe, int i);

extern const sim_type harness_probe;

/* The `sink` type (not registered by harness_register: add it with
 * sim_register_type): a stand-in timing model whose port `in` pulls
 * instruction records, `chunk` (default 4) each cycle, keeps the first
 * HARNESS_MAX_RECS and retires every one it got. */
#define HARNESS_MAX_RECS 4096
struct harness_sink {
    sim_comp *comp;
    int chunk, n;
    uint64_t ticks;                 /* cycles it was awake */
    sim_inst rec[HARNESS_MAX_RECS];
};
extern const sim_type harness_sink;
/* The sink instance `name` (fails the test when there is none). */
struct harness_sink *harness_sink_of(sim_t *s, const char *name);
#endif
