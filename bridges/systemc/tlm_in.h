/* bridges/systemc/tlm_in.h - the `tlm_in` component type (C side of the
 * SystemC bridge; see tlm_in.c). */
#ifndef ARCHSIM_TLM_IN_H
#define ARCHSIM_TLM_IN_H
#include <archsim/sim_type.h>
#ifdef __cplusplus
extern "C" {
#endif

extern const sim_type tlm_in_type;
/* A blocking access through the instance's port; returns its latency. */
sim_tick tlm_in_access(sim_comp *c, int write, uint64_t addr, uint32_t size, int behind);

#ifdef __cplusplus
}
#endif
#endif
