/* bridges/systemc/tlm_in.h - the `tlm_in` component type (C side of the
 * SystemC bridge; see tlm_in.c). */
#ifndef ARCHSIM_TLM_IN_H
#define ARCHSIM_TLM_IN_H
#include <archsim/sim_type.h>
#ifdef __cplusplus
extern "C" {
#endif

extern const sim_type tlm_in_type;

/* Loosely-timed: a blocking access through the instance's port; returns its
 * latency. behind: the initiator's time was behind archsim's (counted). */
sim_tick tlm_in_access(sim_comp *c, int write, uint64_t addr, uint32_t size, int behind);

/* Approximately-timed. The bridge is told, through these calls made while
 * archsim runs, when a refused request was finally accepted and when a
 * request's response arrived (cookie: the bridge's own, e.g. the payload). */
struct tlm_in_handler {
    void (*accepted)(void *user, void *cookie);
    void (*done)(void *user, void *cookie);
    void *user;
};
void tlm_in_set_handler(sim_comp *c, const struct tlm_in_handler *h);

/* Send a request now: 1 accepted (its response comes through done), 0
 * refused (archsim's target is busy: the instance holds it and sends it
 * again when the target asks; accepted is called then), -1 another request
 * is still waiting to be accepted (TLM's request exclusion rule: one
 * BEGIN_REQ at a time until END_REQ) or the run has failed (out of memory). */
int tlm_in_send(sim_comp *c, int write, uint64_t addr, uint32_t size, int behind, void *cookie);

#ifdef __cplusplus
}
#endif
#endif
