/* archsim/sim_tech.h - technology energy models: where the energy of one
 * event comes from when the config gives no explicit figure.
 *
 * SRAM arrays (caches, register files, ROB, issue queues, LSQ, predictor
 * tables, BTBs): an analytical model of bitlines, wordlines, sense amps,
 * decoders and wires scaled from the technology node, dynamic energy C*V^2,
 * leakage per cell x V, with a few coefficients fitted to CACTI 7
 * (libsim/sram.c, scripts/sram_validate.py, docs/energy-models.md).
 * Core operations (per op class), fetch/decode/rename and clock overheads,
 * core leakage; wires per bit per mm and arbiters (libsim/tech.c).
 *
 * All figures are per event in joules, powers in watts, times in seconds,
 * areas in mm^2. Dynamic energies scale exactly with vdd^2. The models are
 * pure functions of their arguments: no state, no allocation, no output.
 *
 * Include it directly or through <archsim/sim_type.h>, which includes it at
 * its end (it needs sim_tech, sim_error and SIM_OP_COUNT from there). A
 * component's energy_model slot calls these functions with the run's
 * sim_tech; an explicit value in the config replaces what they give. */
#ifndef ARCHSIM_SIM_TECH_H
#define ARCHSIM_SIM_TECH_H

#include <stdint.h>
#include <archsim/sim_type.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Defaults a zero field of sim_tech stands for. */
#define SIM_TECH_DEFAULT_TEMP_K 360.0   /* the calibration temperature */

/* What sim_tech_check accepts, and so the config's energy: section and
 * `archsim energy sram` (one definition for all three). */
#define SIM_TECH_NODE_MIN   5.0     /* nm */
#define SIM_TECH_NODE_MAX   180.0
#define SIM_TECH_VDD_MIN    0.45    /* V; 0 also, for the node's nominal supply */
#define SIM_TECH_VDD_MAX    2.0
#define SIM_TECH_TEMP_MIN   200.0   /* K */
#define SIM_TECH_TEMP_MAX   450.0

/* Nodes the models were fitted to or scaled between (CACTI 7 rows at 22
 * and 45 nm; 16 and 32 nm by the node scaling): outside them a config is
 * accepted, with a warning that its figures are extrapolated. */
#define SIM_TECH_NODE_FIT_MIN 16.0
#define SIM_TECH_NODE_FIT_MAX 45.0

/* That warning for tech's node, in buf (returned), or NULL when the node is
 * within them. */
const char *sim_tech_fit_warning(const sim_tech *tech, char *buf, size_t n);

/* Nominal supply voltage of a node (high-performance devices): 1.0 V at
 * 45 nm, 0.9 V at 32, 0.8 V at 22, 0.7 V at 16, piecewise linear in
 * log(node) between, clamped to [0.6, 1.2] V. */
double sim_tech_nominal_vdd(double node_nm);

/* Check a technology and fill *out with it resolved: vdd 0 becomes the
 * node's nominal vdd, temp_k 0 becomes SIM_TECH_DEFAULT_TEMP_K. Accepted:
 * node 5-180 nm (calibrated at 45 and 22 nm; 32 and 16 nm are interpolated
 * and extrapolated), vdd 0.45-2 V, temperature 200-450 K (the SIM_TECH_*
 * limits above). Returns 0, or SIM_EINVAL with err saying which field is out
 * of range. */
int sim_tech_check(const sim_tech *tech, sim_tech *out, sim_error *err);

/* Scale factors relative to 45 nm, 1.0 V, 360 K: dynamic energy of a fixed
 * design (node/45 x vdd^2) and leakage power of one device (from the SRAM
 * calibration: node^l_node x vdd x exp((T - 360 K) / 45 K)). tech must be
 * resolved (sim_tech_check). */
double sim_tech_dynamic_scale(const sim_tech *tech);
double sim_tech_leakage_scale(const sim_tech *tech);

/* ------------------------------------------------------------ SRAM arrays */

/* One cache-like array: a data array of size_bytes in sets of assoc lines,
 * with a tag array beside it. */
typedef struct sim_sram_spec {
    uint64_t size_bytes;            /* capacity of the data array */
    uint32_t line_bytes;            /* line (block) size */
    uint32_t assoc;                 /* ways; size/(line*assoc) sets, any count >= 1 */
    uint32_t ports;                 /* read/write ports, 1-16; 0 stands for 1 */
    uint32_t output_bits;           /* bits read out per access; 0: the whole line */
    int sequential;                 /* 0: tags and data in parallel; 1: tags first */
    uint32_t tag_bits;              /* 0: derive (assume 48-bit physical address) */
} sim_sram_spec;

typedef struct sim_sram_result {
    double read_j, write_j;         /* per access */
    double tag_read_j;              /* tag array lookup alone (all ways) */
    double leakage_w, access_s, area_mm2;
} sim_sram_result;

/* The figures of one array at a technology (zero vdd/temp: see
 * sim_tech_check). read_j includes the tag lookup; in parallel mode it reads
 * output_bits from every way, in sequential mode from the hit way only.
 * write_j writes output_bits of one way after the tag lookup. A model that
 * counts tag and data events apart prices the data part as read_j -
 * tag_read_j (write_j - tag_read_j). Returns 0, or
 * SIM_EINVAL for an impossible organisation or technology (err says which
 * field; *out is then zeroed). */
int sim_sram_model(const sim_sram_spec *spec, const sim_tech *tech, sim_sram_result *out,
                   sim_error *err);

/* Small structures (register files, ROB, IQ, LSQ, predictor tables, BTB):
 * entries x bits with read and write ports, no tag array; uses the same
 * model at small sizes. read_j and write_j are per port access of one
 * entry; tag_read_j is 0. Up to 64 read and 64 write ports (a 32-wide
 * core's register file has 64 read ports). Returns 0 or SIM_EINVAL as
 * sim_sram_model. */
int sim_regfile_model(uint32_t entries, uint32_t bits, uint32_t rports, uint32_t wports,
                      const sim_tech *tech, sim_sram_result *out, sim_error *err);

/* ------------------------------------------------------------ core logic */

/* Core operation energies per op class (enum sim_op_class) and overheads,
 * for a 64-bit core. Arrays (caches, register files, queues, predictors)
 * are not included: price them with the SRAM models above. */
typedef struct sim_core_energy {
    double op_j[SIM_OP_COUNT];      /* execute energy of one op of each class */
    double fetch_j, decode_j, rename_j; /* per instruction */
    double clock_j;                 /* clock tree per cycle per core */
    double leakage_w;               /* per core, besides its arrays */
} sim_core_energy;

/* Fill *out for a core of the given issue width (>= 1; below 1 counts as
 * 1) at a resolved technology. Loads and stores are charged their address
 * generation only. */
void sim_core_energy_model(const sim_tech *tech, double issue_width, sim_core_energy *out);

/* ------------------------------------------------------------ interconnect */

/* Energy to move one bit one mm on a repeated on-chip wire, random data. */
double sim_wire_energy_j_per_bit_mm(const sim_tech *tech);

/* Energy of one grant of a round-robin arbiter among `requesters` (0 when
 * there are fewer than two: nothing to arbitrate). */
double sim_arbiter_energy_j(const sim_tech *tech, uint32_t requesters);

#ifdef __cplusplus
}
#endif
#endif
